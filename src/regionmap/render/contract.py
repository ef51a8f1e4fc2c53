"""The output contract of ``regionmap extract``: one JSON object per input, and the
one-row-per-mention CSV table that ``extract`` and ``export`` share.

Field by field, see ``docs/contract.md``. Every mention satisfies
``text[start:end] == mention["text"]`` where ``text`` is the transcript's
decoded text and offsets count Python ``str`` characters, end exclusive.
Geometry is kept as GeoJSON text from the gazetteer on and embedded as it is
(``orjson.Fragment``), so serialising a record is one linear pass.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

import orjson

from regionmap.places.document import Document, MentionInContext, PlaceSummary
from regionmap.view.quotes import Quote, quotes_of

__all__ = [
    "CSV_COLUMNS",
    "csv_safe",
    "document_record",
    "dumps_record",
    "error_record",
    "mention_rows",
    "write_csv",
]

#: The one CSV table of mentions, written by ``extract --format csv``, ``export
#: --format csv`` and the app's CSV download alike.
CSV_COLUMNS = (
    "source",
    "start",
    "end",
    "text",
    "place_id",
    "name",
    "kind",
    "lat",
    "lon",
    "confidence",
    "speaker",
    "speaker_label",
    "turn",
    "turn_kind",
    "paragraph",
    "time",
    "quote",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def csv_safe(value: object) -> object:
    """Guard a CSV cell against formula injection in spreadsheet programs.

    Examples
    --------
    >>> csv_safe("=HYPERLINK(1)"), csv_safe("Baku"), csv_safe(-1.5)
    ("'=HYPERLINK(1)", 'Baku', -1.5)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _mention(m: MentionInContext) -> dict:
    return {
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "place_id": m.place.place_id,
        "name": m.place.name,
        "kind": m.kind,
        "lat": m.place.lat,
        "lon": m.place.lon,
        "confidence": m.confidence,
        "speaker": m.speaker,
        "speaker_label": m.label,
        "turn": m.turn,
        "turn_kind": m.turn_kind,
        "paragraph": m.paragraph,
        "time": m.time,
    }


def _place(summary: PlaceSummary) -> dict:
    p = summary.place
    return {
        "place_id": p.place_id,
        "name": p.name,
        "kind": p.kind,
        "lat": p.lat,
        "lon": p.lon,
        "country": p.country,
        "count": summary.count,
        "speakers": list(summary.speakers),
        "confidence": p.confidence,
        "source": p.source,
        "inferred": p.inferred,
        "route_kind": p.route_kind,
        "route_status": p.route_status,
        "ambiguous": p.ambiguous,
        "alternatives": [
            {
                "place_id": a.place_id,
                "name": a.name,
                "kind": a.kind,
                "country": a.country,
                "score": a.score,
            }
            for a in p.alternatives
        ],
        "geometry": orjson.Fragment(p.geometry_json) if p.geometry_json else None,
    }


def dumps_record(record: dict) -> str:
    """``record`` as one line of JSON; pre-serialised geometry is embedded as it is.

    Examples
    --------
    >>> dumps_record({"a": 1, "g": orjson.Fragment('{"type":"Point","coordinates":[1,2]}')})
    '{"a":1,"g":{"type":"Point","coordinates":[1,2]}}'
    """
    return orjson.dumps(record).decode("utf-8")


def document_record(doc: Document, *, source: str | None = None) -> dict:
    """The contract object for one transcript (geometry as ``orjson.Fragment``)."""
    t = doc.transcript
    return {
        "source": source or t.source,
        "title": t.title,
        "date": t.date.isoformat() if t.date else None,
        "place": t.place,
        "encoding": t.encoding,
        "replaced": t.replaced,
        "warnings": list(t.warnings),
        "speakers": [
            {
                "name": s.name,
                "role": s.role,
                "affiliation": s.affiliation,
                "anonymous": s.anonymous,
                "aliases": list(s.aliases),
            }
            for s in t.speakers
        ],
        "mentions": [_mention(m) for m in doc.mentions],
        "places": [_place(s) for s in doc.places],
    }


def error_record(source: str, message: str) -> dict:
    """The contract object for an input that failed."""
    return {"source": source, "error": message}


def mention_rows(
    doc: Document, *, source: str | None = None, quotes: Iterable[Quote] | None = None
) -> list[dict]:
    """Rows of :data:`CSV_COLUMNS`, one per mention in text order, every cell CSV-safe.

    ``quotes`` are the mentions' quotes in the same order, when already built.
    """
    name = source or doc.transcript.source
    quotes = quotes_of(doc) if quotes is None else quotes
    return [
        {
            key: csv_safe(value)
            for key, value in {"source": name, **_mention(m), "quote": q.sentence}.items()
        }
        for m, q in zip(doc.mentions, quotes, strict=True)
    ]


def write_csv(out: TextIO, rows: Iterable[dict], *, header: bool = True, bom: bool = True) -> None:
    """Write rows of :data:`CSV_COLUMNS` (CRLF line ends, as RFC 4180 says).

    A file starts with a UTF-8 byte order mark (``bom``), so that spreadsheet
    programs read it as UTF-8; ``out`` must be opened with ``newline=""``.
    """
    if bom:
        out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    if header:
        writer.writeheader()
    writer.writerows(rows)
