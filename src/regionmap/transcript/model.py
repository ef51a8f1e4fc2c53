"""The transcript model: paragraphs, speaker turns and metadata over one text.

A :class:`Transcript` holds the decoded text and the segments that index into
it. Paragraph 0 is the title line; paragraphs are numbered from 1 after it.
:func:`regionmap.transcript.segment.load_transcript` builds one.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from dataclasses import dataclass, field

from regionmap.transcript.speakers import Speaker
from regionmap.vocab import TurnKind

__all__ = ["Paragraph", "Transcript", "Turn"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph: a span of the text. Number 0 is the title line."""

    number: int
    start: int
    end: int
    turn: int | None


@dataclass(frozen=True, slots=True)
class Turn:
    """A speaker turn: consecutive paragraphs by one speaker.

    ``number`` counts from 1. ``speaker`` is the canonical name of the
    :class:`~regionmap.transcript.speakers.Speaker` (``Vladimir Putin``);
    ``label`` the label's words as written (``President of Russia Vladimir
    Putin``), or None for an unlabelled turn. ``label_start``/``label_end``
    span the label in the text, or are equal when the turn has no label.
    """

    number: int
    kind: TurnKind
    speaker: str | None
    label: str | None
    start: int
    end: int
    label_start: int
    label_end: int
    first_paragraph: int
    last_paragraph: int


@dataclass(frozen=True)
class Transcript:
    """A decoded transcript with its segments and metadata.

    Examples
    --------
    >>> from regionmap.transcript.segment import load_transcript
    >>> t = load_transcript("Talks in Baku, March 1, 2023\\nOpening words.\\n"
    ...                     "Question: Why Baku?\\nSergey Lavrov: Because.")
    >>> [(p.number, p.turn) for p in t.paragraphs]
    [(0, None), (1, 1), (2, 2), (3, 3)]
    >>> [(str(u.kind), u.speaker) for u in t.turns]
    [('statement', None), ('question', 'Question'), ('answer', 'Sergey Lavrov')]
    >>> t.date, t.place
    (datetime.date(2023, 3, 1), 'Baku')
    >>> t.speaker("Sergey Lavrov").aliases
    ('Sergey Lavrov',)
    """

    text: str
    source: str
    encoding: str
    replaced: int
    format: str
    title: str | None
    date: dt.date | None
    place: str | None
    principal: str | None
    paragraphs: tuple[Paragraph, ...]
    turns: tuple[Turn, ...]
    warnings: tuple[str, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    metadata: tuple[tuple[str, str], ...] = ()
    places_named: tuple[str, ...] = ()
    times: tuple[tuple[int, float], ...] = ()
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    @property
    def sha256(self) -> str:
        """Hash of the text; keys caches and corrections."""
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph containing ``offset``, or None between paragraphs."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.paragraphs[i].start <= offset < self.paragraphs[i].end:
            return self.paragraphs[i]
        return None

    def speaker(self, name: str | None) -> Speaker | None:
        """The speaker with this canonical name, or None."""
        return next((s for s in self.speakers if s.name == name), None) if name else None

    def time_at(self, offset: int) -> float | None:
        """Seconds from the start at which ``text[offset]`` was spoken, for timed
        input (subtitles, time-stamped labels); None when nothing says."""
        i = bisect.bisect_right(self.times, (offset, float("inf"))) - 1
        return self.times[i][1] if i >= 0 else None

    def turn(self, number: int | None) -> Turn | None:
        """The turn with this number (1-based), or None."""
        if number is None or not 1 <= number <= len(self.turns):
            return None
        return self.turns[number - 1]
