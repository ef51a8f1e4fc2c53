"""Quotes: every mention in its sentence, with who said it and where.

A :class:`Quote` is the sentence around one mention (and its whole paragraph),
with the mention's offsets inside it, the speaker, the turn kind and the
paragraph number. :func:`quotes_of` builds the quotes of a whole document in
one pass: each paragraph's sentence boundaries are found once, so the cost is
linear in the text and the mentions, however many mentions share a paragraph.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from regionmap.places.document import Document, MentionInContext
from regionmap.transcript.model import Transcript
from regionmap.vocab import TurnKind

__all__ = ["Quote", "quotes_for", "quotes_of", "sentence_span"]

MAX_QUOTE = 600  # characters: a longer "sentence" is cut around the mention
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Quote:
    """One mention in its sentence.

    ``sentence[mention_start:mention_end]`` is the mention as written;
    ``start``/``end`` are its offsets in the transcript's text. The sentence is
    always an exact span of the text; one longer than :data:`MAX_QUOTE`
    characters is cut to the words around the mention.
    """

    place_id: str
    sentence: str
    mention_start: int
    mention_end: int
    paragraph_text: str
    speaker: str | None
    turn: int | None
    turn_kind: TurnKind | None
    paragraph: int | None
    start: int
    end: int
    time: float | None = None


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
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, hi)]
    return _span(text, ends, start, end, lo, hi)


def _span(text: str, ends: list[int], start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The sentence around ``[start, end)`` given the sentence ends of ``text[lo:hi]``."""
    i = bisect.bisect_right(ends, start)  # ends at or before the mention's start
    s = ends[i - 1] if i and ends[i - 1] >= lo else lo
    j = bisect.bisect_left(ends, end + 1)  # the first end after the mention
    e = ends[j] if j < len(ends) else hi
    while s < e and text[s].isspace():
        s += 1
    return s, e


def _clip(text: str, s: int, e: int, start: int, end: int) -> tuple[int, int]:
    """A sentence longer than :data:`MAX_QUOTE` (unpunctuated captions, lists) cut to
    a window of whole words around the mention; still an exact span of the text."""
    if e - s <= MAX_QUOTE:
        return s, e
    half = max(0, (MAX_QUOTE - (end - start)) // 2)
    lo, hi = max(s, start - half), min(e, end + half)
    if lo > s:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < e:
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return lo, hi


class _Paragraphs:
    """Sentence boundaries and text of each paragraph, computed once per paragraph."""

    def __init__(self, transcript: Transcript) -> None:
        self.t = transcript
        self.cache: dict[tuple[int, int], tuple[list[int], str]] = {}

    def quote(self, m: MentionInContext) -> Quote:
        t, text = self.t, self.t.text
        paragraph = t.paragraph_at(m.start)
        lo, hi = (paragraph.start, paragraph.end) if paragraph else (0, len(text))
        turn = t.turn(m.turn)
        if turn and lo <= turn.label_start < turn.label_end <= m.start:  # leave "Question:" out
            lo = turn.label_end
        found = self.cache.get((lo, hi))
        if found is None:
            ends = [match.end() for match in _SENTENCE_END.finditer(text, lo, hi)]
            found = self.cache[(lo, hi)] = (ends, text[lo:hi])
        s, e = _clip(text, *_span(text, found[0], m.start, m.end, lo, hi), m.start, m.end)
        return Quote(
            m.place.place_id,
            text[s:e],
            m.start - s,
            m.end - s,
            found[1],
            m.speaker,
            m.turn,
            m.turn_kind,
            m.paragraph,
            m.start,
            m.end,
            m.time,
        )


def quotes_of(doc: Document) -> tuple[Quote, ...]:
    """The quote of every mention, in the order of ``doc.mentions``.

    Examples
    --------
    >>> from regionmap import analyse
    >>> doc = analyse("Talks\\nWe met in Baku. It rained.\\nQuestion: Why Baku?")
    >>> [(q.sentence, q.speaker) for q in quotes_of(doc)]
    [('We met in Baku.', None), ('Why Baku?', 'Question')]
    """
    paragraphs = _Paragraphs(doc.transcript)
    return tuple(paragraphs.quote(m) for m in doc.mentions)


def quotes_for(doc: Document, place_id: str) -> list[Quote]:
    """Every quote that mentions one place, in transcript order.

    For many places, :attr:`regionmap.view.prepare.View.quotes` has them all
    grouped in one pass.
    """
    paragraphs = _Paragraphs(doc.transcript)
    return [paragraphs.quote(m) for m in doc.mentions if m.place.place_id == place_id]
