"""Speaker turns and their kinds.

A label starts a turn; an unlabelled paragraph continues the current one, and
a line nobody speaks (a time stamp, a heading) ends it. Each turn is then a
``question``, an ``answer`` or a ``statement``:

- a questioner's label (``Q``, ``Question``, ``Interviewer``) asks, and an
  answer's label (``A``, ``Answer``, ``Reply``) answers;
- the turns that follow a question, up to the next one, answer it: the
  questioner's own next turn is a follow-up question, a moderator's turn is a
  statement;
- a named speaker whose turn ends on a question mark and who hands over to
  someone else asks (a senator questioning a witness, a host);
- everything else is a statement.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from regionmap.transcript.labels import Label, is_question_label
from regionmap.transcript.model import Paragraph, Turn
from regionmap.transcript.speakers import Speaker
from regionmap.vocab import TurnKind

__all__ = ["Block", "build_turns"]

_ANSWER_LABELS = frozenset({"a", "answer", "response", "reply", "responses", "answers"})
_HOSTS = frozenset("moderator operator announcer narrator clerk".split())
_ASKS = re.compile(r"\?['’”\")\]]*\s*(?:[(\[][^()\[\]]{0,40}[)\]]\s*)?$")


@dataclass(frozen=True, slots=True)
class Block:
    """A body paragraph as segmentation sees it: its span, its label (if it
    starts a turn) and whether anybody speaks it."""

    start: int
    end: int
    label: Label | None
    spoken: bool = True


@dataclass(slots=True)
class _Draft:
    speaker: Speaker | None
    label: Label | None
    start: int
    end: int
    first: int
    last: int
    asks: bool = False


def _drafts(
    blocks: Sequence[Block], first_number: int, speakers: dict, principal: Speaker | None, text: str
) -> tuple[list[Paragraph], list[_Draft]]:
    drafts: list[_Draft] = []
    numbers: list[int | None] = []
    open_turn = False
    for number, block in enumerate(blocks, start=first_number):
        if not block.spoken:
            numbers.append(None)
            open_turn = False
            continue
        if block.label or not open_turn:
            if block.label:
                speaker = speakers[(block.label.words, block.label.parens)]
            else:  # the lead, or speech resumed after a heading
                speaker = drafts[-1].speaker if drafts else principal
            label = block.label
            drafts.append(_Draft(speaker, label, block.start, block.end, number, number))
            open_turn = True
        else:
            drafts[-1].end, drafts[-1].last = block.end, number
        drafts[-1].asks = bool(_ASKS.search(text, block.start, block.end))
        numbers.append(len(drafts))
    paragraphs = [
        Paragraph(number, b.start, b.end, turn)
        for number, (b, turn) in enumerate(zip(blocks, numbers, strict=True), start=first_number)
    ]
    return paragraphs, drafts


def _is_host(speaker: Speaker | None) -> bool:
    if speaker is None:
        return False
    words = f"{speaker.role or ''} {speaker.name}".lower().split()
    return any(w in _HOSTS for w in words)


def _kind(
    draft: _Draft,
    previous: TurnKind | None,
    asker: Speaker | None,
    *,
    answering: bool,
    answered: bool,
    hands_over: bool,
) -> TurnKind:
    words = draft.label.words if draft.label else ""
    if words and is_question_label(words):
        return TurnKind.QUESTION
    if words.lower().rstrip(".") in _ANSWER_LABELS:
        return TurnKind.ANSWER
    if _is_host(draft.speaker):
        return TurnKind.STATEMENT
    if previous is TurnKind.QUESTION and draft.speaker != asker:
        return TurnKind.ANSWER
    if draft.asks and hands_over and not answered:
        return TurnKind.QUESTION
    if answering and draft.speaker is not None and draft.speaker == asker:
        return TurnKind.QUESTION  # a follow-up that does not end on "?"
    return TurnKind.ANSWER if answering else TurnKind.STATEMENT


def _kinds(drafts: Sequence[_Draft]) -> list[TurnKind]:
    kinds: list[TurnKind] = []
    asker: Speaker | None = None
    answering = False
    answerers: set[str | None] = set()
    for i, draft in enumerate(drafts):
        previous = kinds[-1] if kinds else None
        if draft.label is None and previous and drafts[i - 1].speaker == draft.speaker:
            kinds.append(previous)  # speech resumed after a heading or a time stamp
            continue
        name = draft.speaker.name if draft.speaker else None
        nxt = drafts[i + 1].speaker if i + 1 < len(drafts) else None
        kind = _kind(
            draft,
            previous,
            asker,
            answering=answering,
            answered=name in answerers,
            hands_over=nxt is not None and nxt != draft.speaker,
        )
        if kind is TurnKind.QUESTION:
            asker, answering, answerers = draft.speaker, True, set()
        elif kind is TurnKind.ANSWER:
            answerers.add(name)
        elif not _is_host(draft.speaker):
            answering = False
        kinds.append(kind)
    return kinds


def build_turns(
    blocks: Sequence[Block],
    *,
    first_number: int,
    speakers: dict,
    principal: Speaker | None,
    text: str,
) -> tuple[list[Paragraph], list[Turn]]:
    """Paragraphs numbered from ``first_number`` and the turns they make.

    ``speakers`` maps a label's ``(words, parens)`` to its :class:`Speaker`;
    ``principal`` speaks the unlabelled lead.
    """
    paragraphs, drafts = _drafts(blocks, first_number, speakers, principal, text)
    turns = []
    for number, (draft, kind) in enumerate(zip(drafts, _kinds(drafts), strict=True), start=1):
        label = draft.label
        turns.append(
            Turn(
                number=number,
                kind=kind,
                speaker=draft.speaker.name if draft.speaker else None,
                label=label.words if label else None,
                start=draft.start,
                end=draft.end,
                label_start=label.start if label else draft.start,
                label_end=label.end if label else draft.start,
                first_paragraph=draft.first,
                last_paragraph=draft.last,
            )
        )
    return paragraphs, turns
