"""Quotes and filters: what the app shows after a click, and what it filters by.

A :class:`Quote` is the sentence around one mention (and its whole paragraph),
with the mention's offsets inside it, the speaker, the turn kind and the
paragraph number. :func:`filter_document` narrows a document by speaker, turn
kind, place kind, minimum mentions and a text query, keeping offsets intact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from regionmap.document import Document, MentionInContext, summarise

__all__ = ["Quote", "filter_document", "quotes_for", "sentence_span"]

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Quote:
    """One mention in its sentence.

    ``sentence[mention_start:mention_end]`` is the mention as written.
    """

    place_id: str
    sentence: str
    mention_start: int
    mention_end: int
    paragraph_text: str
    speaker: str | None
    turn: int | None
    turn_kind: str | None
    paragraph: int | None
    start: int
    end: int


def sentence_span(
    text: str, start: int, end: int, *, lo: int = 0, hi: int | None = None
) -> tuple[int, int]:
    """The sentence of ``text[lo:hi]`` that holds ``text[start:end]``.

    Examples
    --------
    >>> t = "We met. I am delighted to be in sunny Baku again. Thanks."
    >>> s, e = sentence_span(t, t.index("Baku"), t.index("Baku") + 4)
    >>> t[s:e]
    'I am delighted to be in sunny Baku again.'
    """
    hi = len(text) if hi is None else hi
    s = lo
    for match in _SENTENCE_END.finditer(text, lo, start):
        s = match.end()
    e = hi
    match = _SENTENCE_END.search(text, end, hi)
    if match:
        e = match.end()
    while s < e and text[s].isspace():
        s += 1
    return s, e


def _quote(doc: Document, m: MentionInContext) -> Quote:
    text = doc.transcript.text
    paragraph = doc.transcript.paragraph_at(m.start)
    lo, hi = (paragraph.start, paragraph.end) if paragraph else (0, len(text))
    turn = doc.transcript.turn(m.turn)
    if turn and lo <= turn.label_start < turn.label_end <= m.start:  # leave "Question:" out
        lo = turn.label_end
    s, e = sentence_span(text, m.start, m.end, lo=lo, hi=hi)
    return Quote(
        m.place.place_id,
        text[s:e],
        m.start - s,
        m.end - s,
        text[lo:hi],
        m.speaker,
        m.turn,
        m.turn_kind,
        m.paragraph,
        m.start,
        m.end,
    )


def quotes_for(doc: Document, place_id: str) -> list[Quote]:
    """Every quote that mentions the place, in transcript order.

    Examples
    --------
    >>> from regionmap import analyse
    >>> doc = analyse("Talks\\nWe met in Baku. It rained.\\nQuestion: Why Baku?")
    >>> [(q.sentence, q.speaker) for q in quotes_for(doc, "geonames:587084")]
    [('We met in Baku.', None), ('Why Baku?', 'Question')]
    """
    return [_quote(doc, m) for m in doc.mentions if m.place.place_id == place_id]


def filter_document(
    doc: Document,
    *,
    speakers: Iterable[str] | None = None,
    turn_kinds: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    min_mentions: int = 1,
    query: str = "",
) -> Document:
    """The document with only the mentions that pass every filter.

    ``None`` means no filter. ``query`` matches place names and quote
    sentences, case-insensitively. Counts and speakers are recomputed, so the
    map shows what the filters leave.
    """
    speakers = None if speakers is None else set(speakers)
    turn_kinds = None if turn_kinds is None else set(turn_kinds)
    kinds = None if kinds is None else set(kinds)
    needle = query.casefold().strip()
    kept = []
    for m in doc.mentions:
        if speakers is not None and (m.speaker or "—") not in speakers:
            continue
        if turn_kinds is not None and (m.turn_kind or "title") not in turn_kinds:
            continue
        if kinds is not None and m.kind not in kinds:
            continue
        kept.append(m)
    if needle:
        matching = {
            m.place.place_id
            for m in kept
            if needle in m.place.name.casefold() or needle in _quote(doc, m).sentence.casefold()
        }
        kept = [m for m in kept if m.place.place_id in matching]
    counts: dict[str, int] = {}
    for m in kept:
        counts[m.place.place_id] = counts.get(m.place.place_id, 0) + 1
    kept = [m for m in kept if counts[m.place.place_id] >= min_mentions]
    return replace(doc, mentions=tuple(kept), places=summarise(kept))
