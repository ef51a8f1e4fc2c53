"""Score who said it: speakers and turn kinds against hand-made gold turns.

The gold (``*.turns.tsv``, see ``tests/fixtures/speakers/README.md``) has the
columns ``line, speaker, kind``: each row starts a block at a 1-based line of
the text that runs to the next row. ``kind`` is ``statement``, ``question``,
``answer`` or ``none`` (nobody speaks: title, metadata, headings). ``speaker``
is a name, ``?`` for an anonymous questioner, ``-`` for a speaker nobody can
tell, and empty for ``none``.

Three figures:

- **speaker accuracy**: the share of place mentions whose speaker matches the
  gold block they fall in (a mention nobody speaks must have no speaker);
- **turn-kind accuracy**: the same for the turn kind;
- **turn-boundary agreement**: F1 of the lines where turns start, gold against
  predicted. Speech that resumes after a heading or a time stamp with the same
  speaker and kind is not a new turn on either side.

Names match when they are the same after folding and dropping honorifics
(``Mr.``, ``The``), or when the surnames agree and one name's words contain the
other's (``Kirby`` and ``John Kirby``; ``V. Putin`` and ``Vladimir Putin``).
"""

from __future__ import annotations

import bisect
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from regionmap.errors import DataError
from regionmap.places.document import Document
from regionmap.transcript.model import Transcript
from regionmap.transcript.speakers import fold_name, given_compatible

__all__ = ["Attribution", "GoldBlock", "names_match", "read_turns", "score_attribution"]

KINDS = ("statement", "question", "answer", "none")
_DROP = frozenset("mr mrs ms miss dr sir dame madam the hon rt lord lady he his her".split())


@dataclass(frozen=True, slots=True)
class GoldBlock:
    """A gold block: ``line`` (1-based) starts it; ``start`` is its offset."""

    line: int
    start: int
    speaker: str
    kind: str


@dataclass(frozen=True)
class Attribution:
    """How predicted speakers and turns compare with gold."""

    mentions: int
    speaker_right: int
    kind_right: int
    gold_starts: frozenset[int]
    predicted_starts: frozenset[int]
    errors: tuple[str, ...] = field(default=())

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.mentions if self.mentions else 1.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_right / self.mentions if self.mentions else 1.0

    @property
    def boundary_f1(self) -> float:
        both = len(self.gold_starts & self.predicted_starts)
        total = len(self.gold_starts) + len(self.predicted_starts)
        return 2 * both / total if total else 1.0

    def __add__(self, other: Attribution) -> Attribution:
        """Pooled counts (boundary sets are per file, so they are summed as counts)."""
        shift = max(self.gold_starts | self.predicted_starts, default=0) + 1_000_000
        return Attribution(
            self.mentions + other.mentions,
            self.speaker_right + other.speaker_right,
            self.kind_right + other.kind_right,
            self.gold_starts | {shift + n for n in other.gold_starts},
            self.predicted_starts | {shift + n for n in other.predicted_starts},
            self.errors + other.errors,
        )


def _tokens(name: str) -> list[str]:
    words = [fold_name(w) for w in name.replace("-", " ").split()]
    return [w for w in words if w and w not in _DROP]


def names_match(gold: str, predicted: str | None) -> bool:
    """Whether a predicted speaker name is the gold one.

    Examples
    --------
    >>> names_match("John Kirby", "Mr. Kirby"), names_match("Vladimir Putin", "V. Putin")
    (True, True)
    >>> names_match("Moderator", "Moderator"), names_match("Joe Biden", "Jill Biden")
    (True, False)
    """
    if predicted is None:
        return False
    a, b = _tokens(gold), _tokens(predicted)
    if a == b:
        return True
    if not a or not b or a[-1] != b[-1]:
        return False
    given_a, given_b = a[:-1], b[:-1]
    return not (given_a and given_b) or given_compatible(given_a[0], given_b[0])


def read_turns(path: Path | str, text: str) -> list[GoldBlock]:
    """Read a gold ``*.turns.tsv`` for ``text``.

    Raises
    ------
    DataError
        For a malformed file: missing columns, an unknown kind, lines out of
        order or past the end of the text.
    """
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    raw = Path(path).read_text(encoding="utf-8")
    rows = [line for line in raw.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(rows)), delimiter="\t", quoting=csv.QUOTE_NONE)
    if reader.fieldnames is None or set(reader.fieldnames) < {"line", "speaker", "kind"}:
        raise DataError(f"{path}: the gold needs the columns line, speaker, kind")
    blocks: list[GoldBlock] = []
    for row in reader:
        line, kind = int(row["line"]), (row["kind"] or "").strip()
        if kind not in KINDS or not 1 <= line <= len(starts):
            raise DataError(f"{path}: bad row {row}")
        if blocks and line <= blocks[-1].line:
            raise DataError(f"{path}: line {line} is not after line {blocks[-1].line}")
        speaker = (row["speaker"] or "").strip()
        blocks.append(GoldBlock(line, starts[line - 1], speaker, kind))
    if not blocks or blocks[0].line != 1:
        raise DataError(f"{path}: the first row must start at line 1")
    return blocks


def _speaker_right(block: GoldBlock, transcript: Transcript, name: str | None) -> bool:
    if block.kind == "none" or block.speaker == "-":
        return name is None
    speaker = transcript.speaker(name)
    if block.speaker == "?":
        return speaker is not None and speaker.anonymous
    return names_match(block.speaker, name) and not (speaker and speaker.anonymous)


def _gold_starts(blocks: list[GoldBlock]) -> frozenset[int]:
    starts, previous, gap = set(), None, False
    for block in blocks:
        if block.kind == "none":
            gap = previous is not None
            continue
        resumed = gap and previous is not None and (block.speaker, block.kind) == previous
        if not resumed:
            starts.add(block.line)
        previous, gap = (block.speaker, block.kind), False
    return frozenset(starts)


def _predicted_starts(transcript: Transcript, line_of) -> frozenset[int]:
    starts, previous = set(), None
    for turn in transcript.turns:
        resumed = (
            turn.label is None
            and previous is not None
            and ((turn.speaker, turn.kind) == (previous.speaker, previous.kind))
        )
        if not resumed:
            starts.add(line_of(turn.label_start))
        previous = turn
    return frozenset(starts)


def score_attribution(doc: Document, blocks: list[GoldBlock], *, name: str = "") -> Attribution:
    """Score ``doc``'s mentions and turns against gold ``blocks``."""
    text, transcript = doc.transcript.text, doc.transcript
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(line_starts, offset)

    offsets = [b.start for b in blocks]
    speaker_right = kind_right = 0
    errors: list[str] = []
    for m in doc.mentions:
        block = blocks[bisect.bisect_right(offsets, m.start) - 1]
        who = _speaker_right(block, transcript, m.speaker)
        kind = (m.turn_kind or "none") == block.kind
        speaker_right += who
        kind_right += kind
        if not (who and kind):
            errors.append(
                f"{name}:{line_of(m.start)} {m.text!r}: gold {block.speaker or '·'}/{block.kind}"
                f", predicted {m.speaker or '·'}/{m.turn_kind or 'none'}"
            )
    return Attribution(
        len(doc.mentions),
        speaker_right,
        kind_right,
        _gold_starts(blocks),
        _predicted_starts(transcript, line_of),
        tuple(errors),
    )
