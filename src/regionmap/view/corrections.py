"""User corrections: a wrong place replaced, a non-place removed, a missed name added.

Corrections belong to one transcript: they are keyed by the SHA-256 of its
decoded text and stored as a small JSON file (in the user data folder by the
app, anywhere with ``regionmap extract --corrections FILE``). Applying them to
a :class:`~regionmap.places.document.Document` gives the document every view and
export then shows.

The file::

    {"version": 1, "text_sha256": "…",
     "replace": {"geonames:5601538": "geonames:524901"},
     "not_places": ["geonames:3039154"],
     "add": [{"surface": "Goris", "place_id": "geonames:616599"}]}
"""

from __future__ import annotations

import heapq
import json
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from regionmap.errors import InputError
from regionmap.files import write_atomic
from regionmap.places.document import Document, MentionInContext, locate, summarise
from regionmap.places.index import Gazetteer
from regionmap.places.resolve import Place, place_of

__all__ = ["Corrections", "apply_corrections", "corrections_path", "load", "save"]

FORMAT = 1


@dataclass(frozen=True)
class Corrections:
    """The corrections of one transcript (immutable; edits return a new value)."""

    text_sha256: str
    replace: dict[str, str] = field(default_factory=dict)
    not_places: frozenset[str] = frozenset()
    add: tuple[tuple[str, str], ...] = ()  # (surface, place_id)

    def __bool__(self) -> bool:
        return bool(self.replace or self.not_places or self.add)

    def replacing(self, old: str, new: str) -> Corrections:
        """With ``old`` (a place_id) shown as ``new`` everywhere."""
        chained = {k: (new if v == old else v) for k, v in self.replace.items()}
        return replace(self, replace={**chained, old: new}, not_places=self.not_places - {old})

    def removing(self, place_id: str) -> Corrections:
        """With ``place_id`` marked as not a place."""
        return replace(self, not_places=self.not_places | {place_id})

    def adding(self, surface: str, place_id: str) -> Corrections:
        """With every occurrence of ``surface`` mapped to ``place_id``."""
        surface = surface.strip()
        if not surface:
            raise InputError("give the name as it is written in the transcript")
        kept = tuple(a for a in self.add if a[0] != surface)
        return replace(self, add=(*kept, (surface, place_id)))

    def to_json(self) -> str:
        """The JSON file's text."""
        return json.dumps(
            {
                "version": FORMAT,
                "text_sha256": self.text_sha256,
                "replace": self.replace,
                "not_places": sorted(self.not_places),
                "add": [{"surface": s, "place_id": p} for s, p in self.add],
            },
            ensure_ascii=False,
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str | bytes, *, text_sha256: str | None = None) -> Corrections:
        """Read a corrections file; :class:`InputError` if it is malformed or belongs
        to another transcript.

        Examples
        --------
        >>> c = Corrections("abc").removing("geonames:1").adding("Goris", "geonames:2")
        >>> Corrections.from_json(c.to_json(), text_sha256="abc") == c
        True
        """
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("version") != FORMAT:
                raise ValueError("not a regionmap corrections file (version 1)")
            sha = str(data["text_sha256"])
            rep = {str(k): str(v) for k, v in dict(data.get("replace") or {}).items()}
            gone = frozenset(str(p) for p in data.get("not_places") or ())
            add = tuple((str(a["surface"]), str(a["place_id"])) for a in data.get("add") or ())
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise InputError(f"cannot read the corrections: {err}") from err
        if text_sha256 is not None and sha != text_sha256:
            raise InputError("these corrections were made for a different transcript")
        return cls(sha, rep, gone, add)


def corrections_path(text_sha256: str) -> Path:
    """Where the app keeps a transcript's corrections (``REGIONMAP_DATA`` overrides)."""
    base = os.environ.get("REGIONMAP_DATA")
    if not base:
        from platformdirs import user_data_dir

        base = user_data_dir("regionmap", appauthor=False)
    return Path(base) / "corrections" / f"{text_sha256}.json"


def save(corrections: Corrections) -> Path:
    """Write the corrections atomically to :func:`corrections_path`."""
    path = corrections_path(corrections.text_sha256)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, corrections.to_json())
    return path


def load(text_sha256: str) -> Corrections:
    """The stored corrections of a transcript, or none."""
    path = corrections_path(text_sha256)
    if not path.is_file():
        return Corrections(text_sha256)
    return Corrections.from_json(path.read_text(encoding="utf-8"), text_sha256=text_sha256)


def _place(gazetteer: Gazetteer, place_id: str, note: str) -> Place:
    entry = gazetteer.get(place_id)
    if entry is None:
        raise InputError(f"the correction names {place_id!r}, which is not in the gazetteer")
    place = place_of(entry, gazetteer, 1.0, ())
    return replace(place, source=f"{place.source}; {note}")


def apply_corrections(doc: Document, corrections: Corrections, gazetteer: Gazetteer) -> Document:
    """The document with the corrections applied.

    Raises
    ------
    InputError
        When the corrections belong to another transcript or name an unknown place.
    """
    if corrections.text_sha256 != doc.transcript.sha256:
        raise InputError("these corrections were made for a different transcript")
    if not corrections:
        return doc
    swapped = {
        old: _place(gazetteer, new, "corrected by the user")
        for old, new in corrections.replace.items()
    }
    mentions: list[MentionInContext] = []
    for m in doc.mentions:
        if m.place.place_id in corrections.not_places:
            continue
        if m.place.place_id in swapped:
            m = replace(m, place=swapped[m.place.place_id], confidence=1.0, demonym=False)
        mentions.append(m)
    mentions += _added(doc, corrections, gazetteer, mentions)
    mentions.sort(key=lambda m: (m.start, -m.end))
    return replace(doc, mentions=tuple(mentions), places=summarise(mentions))


def _added(
    doc: Document, corrections: Corrections, gazetteer: Gazetteer, taken: list[MentionInContext]
) -> list[MentionInContext]:
    """Mentions of the added names, where no other mention is (first added wins).

    Each name's matches come in text order, so they are checked against the sorted
    spans taken so far with one moving pointer, and merged in afterwards: linear in
    the text and the matches, however many there are.
    """
    spans = sorted((m.start, m.end) for m in taken)
    added = []
    for surface, place_id in corrections.add:
        place = _place(gazetteer, place_id, f"added by the user as {surface!r}")
        pattern = re.compile(r"(?<![^\W_])" + re.escape(surface) + r"(?![^\W_])")
        fresh, i = [], 0
        for match in pattern.finditer(doc.transcript.text):
            start, end = match.span()
            while i < len(spans) and spans[i][1] <= start:
                i += 1
            if i < len(spans) and spans[i][0] < end:
                continue  # overlaps a mention already there
            fresh.append((start, end))
        added += [locate(doc.transcript, s, e, place, 1.0) for s, e in fresh]
        spans = list(heapq.merge(spans, fresh))
    return added
