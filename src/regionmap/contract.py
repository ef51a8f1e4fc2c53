"""The output contract of ``regionmap extract``: one JSON object per input.

Field by field, see ``docs/contract.md``. Every mention satisfies
``text[start:end] == mention["text"]`` where ``text`` is the transcript's
decoded text and offsets count Python ``str`` characters, end exclusive.
"""

from __future__ import annotations

import json
import secrets

from regionmap.document import Document, MentionInContext, PlaceSummary

__all__ = [
    "CSV_COLUMNS",
    "csv_safe",
    "document_record",
    "dumps_record",
    "error_record",
    "mention_rows",
]

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
    "turn",
    "turn_kind",
    "paragraph",
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
        "turn": m.turn,
        "turn_kind": m.turn_kind,
        "paragraph": m.paragraph,
    }


def _place(summary: PlaceSummary, *, raw_geometry: bool = False) -> dict:
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
        "geometry": _RawJSON(p.geometry_json) if raw_geometry and p.geometry_json else p.geometry,
    }


class _RawJSON(str):
    """JSON text to be embedded as it is by :func:`dumps_record`."""


def dumps_record(record: dict) -> str:
    """``record`` as one line of JSON, embedding pre-serialised geometry as it is.

    Geometry is kept as GeoJSON text from the gazetteer on; parsing it only to
    print it again would double the cost of large polygons.

    Examples
    --------
    >>> dumps_record({"a": 1, "g": _RawJSON('{"type":"Point","coordinates":[1,2]}')})
    '{"a": 1, "g": {"type":"Point","coordinates":[1,2]}}'
    """
    raws: list[str] = []
    nonce = secrets.token_hex(8)  # user text cannot forge a placeholder

    def placeholder(value: object) -> str:
        if isinstance(value, _RawJSON):
            raws.append(str(value))
            return f"\x00{nonce}:{len(raws) - 1}\x00"
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")

    def walk(value: object) -> object:
        if isinstance(value, _RawJSON):
            return placeholder(value)
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    text = json.dumps(walk(record), ensure_ascii=False, allow_nan=False)
    for i, raw in enumerate(raws):
        text = text.replace(f'"\\u0000{nonce}:{i}\\u0000"', raw, 1)
    return text


def document_record(
    doc: Document, *, source: str | None = None, raw_geometry: bool = False
) -> dict:
    """The contract object for one transcript.

    With ``raw_geometry`` the geometries stay GeoJSON text, for
    :func:`dumps_record`; otherwise they are mappings.
    """
    t = doc.transcript
    return {
        "source": source or t.source,
        "title": t.title,
        "date": t.date.isoformat() if t.date else None,
        "place": t.place,
        "encoding": t.encoding,
        "replaced": t.replaced,
        "warnings": list(t.warnings),
        "mentions": [_mention(m) for m in doc.mentions],
        "places": [_place(s, raw_geometry=raw_geometry) for s in doc.places],
    }


def error_record(source: str, message: str) -> dict:
    """The contract object for an input that failed."""
    return {"source": source, "error": message}


def mention_rows(doc: Document, *, source: str | None = None) -> list[dict]:
    """Flat, CSV-safe rows, one per mention, with :data:`CSV_COLUMNS`."""
    name = source or doc.transcript.source
    return [
        {key: csv_safe(value) for key, value in {"source": name, **_mention(m)}.items()}
        for m in doc.mentions
    ]
