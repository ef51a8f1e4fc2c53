"""User corrections: a wrong place replaced, a non-place removed, a missed name added,
a doubtful place accepted.

Corrections belong to one transcript: they are keyed by the SHA-256 of its
decoded text and stored as a small JSON file (in the user data folder by the
app, anywhere with ``regionmap extract --corrections FILE``). Applying them to
a :class:`~regionmap.places.document.Document` gives the document every view and
export then shows.

The file::

    {"version": 1, "text_sha256": "…",
     "replace": {"geonames:5601538": "geonames:524901"},
     "not_places": ["geonames:3039154"],
     "add": [{"surface": "Goris", "place_id": "geonames:616599"}],
     "accepted": ["geonames:587084"]}

``accepted`` is optional and was added without a new version number: a file
without it (every file written before) reads as accepting nothing, and an older
regionmap reading a newer file ignores the key, so its only loss is that the
accepted places come back into the review queue. A version bump would have made
older releases refuse the whole file.

How the edits combine: ``not_places`` and ``accepted`` name places as the
corrected document shows them, and the last word on a place wins.

- :meth:`Corrections.replacing` ``old`` by ``new``: ``old`` is gone from the
  document, so it is no longer accepted nor removed; ``new`` is what the reader
  chose, so it is no longer "not a place" (it keeps its acceptance, if any).
- :meth:`Corrections.removing` a place: it is not a place, so not accepted either;
  it disappears even where it is the target of a replacement.
- :meth:`Corrections.accepting` a place that was replaced accepts the place it was
  replaced by (the one the document shows), and takes it off ``not_places``.
- :meth:`Corrections.adding` a name for a place takes that place off ``not_places``.
"""

from __future__ import annotations

import heapq
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from regionmap.errors import InputError
from regionmap.files import write_atomic
from regionmap.places.document import Document, MentionInContext, locate, summarise
from regionmap.places.index import Gazetteer
from regionmap.places.resolve import Place, place_of
from regionmap.resources import data_dir
from regionmap.vocab import PlaceKind

__all__ = ["Corrections", "apply_corrections", "corrections_path", "load", "save"]

FORMAT = 1


@dataclass(frozen=True)
class Corrections:
    """The corrections of one transcript (immutable; edits return a new value).

    Examples
    --------
    >>> c = Corrections("abc").accepting("geonames:1")
    >>> sorted(c.accepted), bool(c)
    (['geonames:1'], True)
    >>> c = c.replacing("geonames:1", "geonames:2").accepting("geonames:1")
    >>> sorted(c.accepted)  # geonames:1 is shown as geonames:2 now
    ['geonames:2']
    >>> sorted(c.removing("geonames:2").accepted)
    []
    """

    text_sha256: str
    replace: dict[str, str] = field(default_factory=dict)
    not_places: frozenset[str] = frozenset()
    add: tuple[tuple[str, str], ...] = ()  # (surface, place_id)
    accepted: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.replace or self.not_places or self.add or self.accepted)

    def replacing(self, old: str, new: str) -> Corrections:
        """With ``old`` (a place_id) shown as ``new`` everywhere.

        ``old`` is no longer accepted nor removed (it is gone from the document);
        ``new`` is no longer "not a place".
        """
        chained = {k: (new if v == old else v) for k, v in self.replace.items()}
        return replace(
            self,
            replace={**chained, old: new},
            not_places=self.not_places - {old, new},
            accepted=self.accepted - {old},
        )

    def removing(self, place_id: str) -> Corrections:
        """With ``place_id`` marked as not a place (and no longer accepted)."""
        return replace(
            self, not_places=self.not_places | {place_id}, accepted=self.accepted - {place_id}
        )

    def adding(self, surface: str, place_id: str) -> Corrections:
        """With every occurrence of ``surface`` mapped to ``place_id`` (a place again,
        if it was marked as not one)."""
        surface = surface.strip()
        if not surface:
            raise InputError("give the name as it is written in the transcript")
        kept = tuple(a for a in self.add if a[0] != surface)
        return replace(
            self, add=(*kept, (surface, place_id)), not_places=self.not_places - {place_id}
        )

    def accepting(self, place_id: str) -> Corrections:
        """With ``place_id`` confirmed by the reader: it leaves the review queue.

        A replaced place is shown as its replacement, so that is what is accepted.
        """
        shown = self.replace.get(place_id, place_id)
        return replace(self, accepted=self.accepted | {shown}, not_places=self.not_places - {shown})

    def to_json(self) -> str:
        """The JSON file's text."""
        return json.dumps(
            {
                "version": FORMAT,
                "text_sha256": self.text_sha256,
                "replace": self.replace,
                "not_places": sorted(self.not_places),
                "add": [{"surface": s, "place_id": p} for s, p in self.add],
                "accepted": sorted(self.accepted),
            },
            ensure_ascii=False,
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str | bytes, *, text_sha256: str | None = None) -> Corrections:
        """Read a corrections file; :class:`InputError` if it is malformed or belongs
        to another transcript. A file without ``accepted`` accepts nothing.

        Examples
        --------
        >>> c = Corrections("abc").removing("geonames:1").adding("Goris", "geonames:2")
        >>> Corrections.from_json(c.to_json(), text_sha256="abc") == c
        True
        >>> old = '{"version": 1, "text_sha256": "abc", "not_places": ["geonames:1"]}'
        >>> Corrections.from_json(old).accepted
        frozenset()
        """
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("version") != FORMAT:
                raise ValueError("not a regionmap corrections file (version 1)")
            sha = str(data["text_sha256"])
            rep = {str(k): str(v) for k, v in dict(data.get("replace") or {}).items()}
            gone = _ids(data, "not_places")
            add = tuple((str(a["surface"]), str(a["place_id"])) for a in data.get("add") or ())
            accepted = _ids(data, "accepted")
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise InputError(f"cannot read the corrections: {err}") from err
        if text_sha256 is not None and sha != text_sha256:
            raise InputError("these corrections were made for a different transcript")
        return cls(sha, rep, gone, add, accepted)


def _ids(data: dict, key: str) -> frozenset[str]:
    """The list of place ids under ``key`` (none when the key is missing)."""
    value = data.get(key) or ()
    if not isinstance(value, list | tuple):
        raise ValueError(f"{key!r} must be a list of place ids")
    return frozenset(str(p) for p in value)


def corrections_path(text_sha256: str) -> Path:
    """Where the app keeps a transcript's corrections (``REGIONMAP_DATA`` overrides)."""
    return data_dir() / "corrections" / f"{text_sha256}.json"


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

    A replaced or added mention gets the reader's place with confidence 1.0. A
    mention is dropped when its place, or the place it is replaced by, is not a
    place. An accepted place keeps its mentions as they are, but it and its
    mentions get confidence 1.0, no alternatives, and "accepted by the user" in
    the source: exports then carry the reader's confidence, as they already do
    for a replaced place, and do not call the place ambiguous. The alternatives
    go because their scores were shares of a choice the reader has settled;
    beside a confidence of 1.0 they would add up to more than one and keep
    :attr:`~regionmap.places.resolve.Place.ambiguous` true. An accepted
    unresolved name keeps its confidence of 0.0: the reader confirmed it is a
    place, but nothing was located to be confident about.

    Raises
    ------
    InputError
        When the corrections belong to another transcript or name an unknown place.
    """
    if corrections.text_sha256 != doc.transcript.sha256:
        raise InputError("these corrections were made for a different transcript")
    if not corrections:
        return doc
    gone = corrections.not_places
    swapped = {
        old: _place(gazetteer, new, "corrected by the user")
        for old, new in corrections.replace.items()
        if new not in gone
    }
    accepted: dict[str, Place] = {}
    mentions: list[MentionInContext] = []
    for m in doc.mentions:
        pid = m.place.place_id
        if pid in gone or corrections.replace.get(pid) in gone:
            continue
        if pid in swapped:
            m = replace(m, place=swapped[pid], confidence=1.0, demonym=False)
        elif pid in corrections.accepted:
            m = _accept(m, accepted)
        mentions.append(m)
    mentions += _added(doc, corrections, gazetteer, mentions)
    mentions.sort(key=lambda m: (m.start, -m.end))
    return replace(doc, mentions=tuple(mentions), places=summarise(mentions))


def _accept(m: MentionInContext, done: dict[str, Place]) -> MentionInContext:
    """The mention of an accepted place (one new :class:`Place` per place, kept in ``done``)."""
    place = done.get(m.place.place_id)
    if place is None:
        p = m.place
        place = done[p.place_id] = replace(
            p,
            confidence=p.confidence if p.kind is PlaceKind.UNRESOLVED else 1.0,
            alternatives=(),
            source=f"{p.source}; accepted by the user",
        )
    return replace(m, place=place, confidence=place.confidence)


def _added(
    doc: Document, corrections: Corrections, gazetteer: Gazetteer, taken: list[MentionInContext]
) -> list[MentionInContext]:
    """Mentions of the added names, where no other mention is (first added wins); none
    for a place marked as not a place.

    Each name's matches come in text order, so they are checked against the sorted
    spans taken so far with one moving pointer, and merged in afterwards: linear in
    the text and the matches, however many there are.
    """
    spans = sorted((m.start, m.end) for m in taken)
    added = []
    for surface, place_id in corrections.add:
        if place_id in corrections.not_places:
            continue
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
