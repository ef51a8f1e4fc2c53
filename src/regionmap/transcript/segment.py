"""Segmentation: decoded text into paragraphs, speaker turns and metadata.

The first line is the title when it reads like one. A
line that starts with a speaker label (``Question:``, ``Sergey Lavrov:``,
``MR. PRICE:``) starts a new turn; unlabelled paragraphs continue the current
turn. Text before the first label is a ``statement`` by the principal speaker
named in the title, when there is one.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace

from regionmap.errors import InputError
from regionmap.read.decode import DEFAULT_MAX_BYTES, Decoded
from regionmap.read.reader import read_bytes, read_path, read_text
from regionmap.transcript.metadata import (
    dateline_place,
    find_date,
    principal_speaker,
    title_place,
)
from regionmap.transcript.model import Paragraph, Transcript, Turn
from regionmap.vocab import TurnKind

__all__ = ["load_transcript", "segment"]

_QUESTION_LABELS = frozenset(
    "question q journalist reporter correspondent audience participant interviewer "
    "audience member questioner".split()
) | {"audience member"}
_ANSWER_LABELS = frozenset({"answer", "a", "response", "reply"})
_KNOWN_SINGLE = (
    _QUESTION_LABELS
    | _ANSWER_LABELS
    | frozenset(
        "moderator host chair chairman chairperson chairwoman presenter anchor operator "
        "interpreter speaker spokesperson spokesman spokeswoman narrator".split()
    )
)
_NOT_LABELS = frozenset(
    "note notes source sources update photo photos video subject date time location tags "
    "re ps warning example step caption editor links link see also read more transcript "
    "contents summary background attention important nb".split()
)
_PARTICLES = frozenset("of the de del der van von al el bin ibn da di du le la y and".split())
_LABEL_LINE = re.compile(
    r"[ \t\u200b-\u200f\u2060\ufeff]*(?:\*\*)?"  # indent, invisible marks, bold
    r"([^\W\d_][^:\n]{0,59}?)[ \t]*(?:\*\*)?:(?:\*\*)?(?=[ \t]|$)",
    re.MULTILINE,
)
_PAREN = re.compile(r"\s*\([^()]{0,60}\)$")


def load_transcript(
    source: str | bytes | os.PathLike[str],
    *,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Transcript:
    """Load and segment a transcript.

    Parameters
    ----------
    source : str, bytes or path-like
        A :class:`pathlib.Path` (or other path-like) is read from disk;
        ``bytes`` are a file's content; a ``str`` is the text itself.
    name : str, optional
        A display name and, for bytes, the file name whose suffix gives the
        format.
    max_bytes : int
        Refuse larger input (default 20 MB).

    Raises
    ------
    InputError
        Empty, binary, oversized or malformed input, or an unreadable path.
    """
    if isinstance(source, os.PathLike):
        return segment(read_path(source, max_bytes=max_bytes), source=name or os.fspath(source))
    if isinstance(source, bytes | bytearray | memoryview):
        decoded = read_bytes(bytes(source), name=name, max_bytes=max_bytes)
        return segment(decoded, source=name or "<bytes>")
    if isinstance(source, str):
        return segment(read_text(source, max_bytes=max_bytes), source=name or "<text>")
    raise TypeError(f"cannot load a transcript from {type(source).__name__}")


# --------------------------------------------------------------------------- segmentation


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its newline."""
    spans, start = [], 0
    for match in re.finditer("\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _label_words_ok(label: str) -> bool:
    words = label.split()
    if not 1 <= len(words) <= 6 or words[-1].lower() in _PARTICLES:
        return False
    for word in words:
        if word.lower() in _PARTICLES:
            continue
        if not word[0].isupper() or any(ch.isdigit() for ch in word):
            return False
    return True


def _find_label(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """A speaker label at the start of the line ``text[start:end]``."""
    match = _LABEL_LINE.match(text, start, end)
    if not match:
        return None
    raw = match.group(1).strip()
    label = _PAREN.sub("", raw).strip()
    if not label or label.lower() in _NOT_LABELS or not _label_words_ok(label):
        return None
    return label, match.start(1), match.end()


def _speaker_name(label: str) -> str:
    low = label.lower().rstrip(".")
    if low == "q":
        return "Question"
    if low == "a":
        return "Answer"
    letters = [ch for ch in label if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters) and len(letters) > 1:
        return " ".join(
            w.capitalize() if w.lower() not in _PARTICLES else w.lower() for w in label.split()
        )
    return label


def _paragraph_spans(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Paragraph spans.

    With blank lines between blocks of several lines (hard-wrapped text), each
    block is a paragraph, split again where a line starts with a speaker label.
    Otherwise (one paragraph per line, like the seed) every line is one.
    """
    blocks: list[list[tuple[int, int]]] = [[]]
    for start, end in lines:
        if text[start:end].strip():
            blocks[-1].append((start, end))
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    if len(blocks) <= 1:
        out = [line for block in blocks for line in block]
    else:
        out = []
        for block in blocks:
            current = [block[0]]
            for line in block[1:]:
                if _find_label(text, *line):
                    out.append((current[0][0], current[-1][1]))
                    current = [line]
                else:
                    current.append(line)
            out.append((current[0][0], current[-1][1]))
    return [_trim(text, s, e) for s, e in out]


def _title_is(text: str, span: tuple[int, int], n_paragraphs: int) -> bool:
    line = text[span[0] : span[1]]
    return n_paragraphs > 1 and len(line) <= 400 and _find_label(text, *span) is None


def segment(decoded: Decoded, *, source: str) -> Transcript:
    """Split decoded text into paragraphs and turns and read its metadata."""
    text = decoded.text
    spans = [s for s in _paragraph_spans(text, _line_spans(text)) if s[0] < s[1]]
    if not spans:
        raise InputError("empty transcript: the file has no text")
    title_span = spans[0] if _title_is(text, spans[0], len(spans)) else None
    body = spans[1:] if title_span else spans
    title = text[title_span[0] : title_span[1]].lstrip("# ").strip() if title_span else None
    labels = _labels(text, body)
    principal = principal_speaker(title, {f[0] for f in labels if f})
    principal = _speaker_name(principal) if principal else None
    paragraphs, turns = _turns(body, labels, principal)
    if title_span:
        paragraphs.insert(0, Paragraph(0, title_span[0], title_span[1], None))
    date = find_date(title or "") or next(
        (d for s, e in body[:3] if (d := find_date(text[s:e][:200]))), None
    )
    warnings = ()
    if decoded.replaced:
        warnings = (
            f"{decoded.replaced} characters could not be decoded and were replaced "
            f"with U+FFFD (read as {decoded.encoding})",
        )
    return Transcript(
        text=text,
        source=source,
        encoding=decoded.encoding,
        replaced=decoded.replaced,
        format=decoded.format,
        title=title,
        date=date,
        place=title_place(title) or dateline_place(text, body),
        principal=principal,
        paragraphs=tuple(paragraphs),
        turns=tuple(turns),
        warnings=warnings,
        _starts=tuple(p.start for p in paragraphs),
    )


def _labels(text: str, body: list[tuple[int, int]]) -> list[tuple[str, int, int] | None]:
    """The speaker label of each body paragraph, or None; a single unknown word counts
    as a label only when it recurs ("Remark:" once is not a speaker)."""
    labels = [_find_label(text, s, e) for s, e in body]
    counts: dict[str, int] = {}
    for found in labels:
        if found:
            counts[found[0]] = counts.get(found[0], 0) + 1
    for i, found in enumerate(labels):
        if found and len(found[0].split()) == 1:
            word = found[0]
            known = word.lower().rstrip(".") in _KNOWN_SINGLE
            shouting = word.isupper() and len(word) > 1
            if not (known or shouting or counts[word] >= 2):
                labels[i] = None
    return labels


def _turns(
    body: list[tuple[int, int]], labels: list, principal: str | None
) -> tuple[list[Paragraph], list[Turn]]:
    """Paragraphs numbered from 1, and the turns they make: a label starts a turn, an
    unlabelled paragraph continues the current one (the lead is the principal's)."""
    paragraphs: list[Paragraph] = []
    turns: list[Turn] = []
    previous_kind = None
    for number, ((start, end), found) in enumerate(zip(body, labels, strict=True), start=1):
        if found or not turns:
            label, l_start, l_end = found if found else (None, start, start)
            kind = _turn_kind(label, previous_kind)
            speaker = _speaker_name(label) if label else principal
            turns.append(
                Turn(
                    len(turns) + 1, kind, speaker, label, start, end, l_start, l_end, number, number
                )
            )
            previous_kind = kind
        else:
            turns[-1] = replace(turns[-1], end=end, last_paragraph=number)
        paragraphs.append(Paragraph(number, start, end, turns[-1].number))
    return paragraphs, turns


def _turn_kind(label: str | None, previous: TurnKind | None) -> TurnKind:
    if label is None:
        return TurnKind.STATEMENT
    low = label.lower().rstrip(".")
    if low in _QUESTION_LABELS:
        return TurnKind.QUESTION
    if low in _ANSWER_LABELS:
        return TurnKind.ANSWER
    if low in _KNOWN_SINGLE:  # moderator, host, chair: they run the event
        return TurnKind.STATEMENT
    if previous in (TurnKind.QUESTION, TurnKind.ANSWER):
        return TurnKind.ANSWER
    return TurnKind.STATEMENT
