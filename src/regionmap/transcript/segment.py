"""Segmentation: decoded text into paragraphs, speaker turns and metadata.

The leading lines that nobody speaks are the head: the title, metadata lines
(``SOURCE:``, ``DATE:``), datelines and time stamps. A line that starts with a
speaker label (:mod:`regionmap.transcript.labels`) starts a new turn;
unlabelled paragraphs continue the current turn. Text before the first label is
a ``statement`` by the principal speaker the title names, when it names one.
Labels become speakers in :mod:`regionmap.transcript.speakers`, turns and their
kinds in :mod:`regionmap.transcript.turns`.
"""

from __future__ import annotations

import os
import re

from regionmap.errors import InputError
from regionmap.read.decode import DEFAULT_MAX_BYTES, Decoded
from regionmap.read.reader import read_bytes, read_path, read_text
from regionmap.transcript.labels import Label, find_label, is_anonymous
from regionmap.transcript.metadata import (
    dateline_place,
    find_date,
    header_kind,
    line_places,
    meta_line,
    principal_speaker,
    title_place,
)
from regionmap.transcript.model import Transcript
from regionmap.transcript.speakers import identify
from regionmap.transcript.turns import Block, build_turns

__all__ = ["load_transcript", "segment"]

_KNOWN_SINGLE = frozenset(
    "moderator host chair chairman chairperson chairwoman presenter anchor operator "
    "interpreter speaker spokesperson spokesman spokeswoman narrator answer a response reply "
    "remark comment announcer president secretary minister witness counsel".split()
)


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


def _paragraph_spans(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Paragraph spans.

    With blank lines between blocks of several lines (hard-wrapped text), each
    block is a paragraph, split again where a line starts with a speaker label
    or is a line nobody speaks. Otherwise (one paragraph per line, like the
    seed) every line is one.
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
                if find_label(text, *line) or _apart(text, line, current[-1]):
                    out.append((current[0][0], current[-1][1]))
                    current = [line]
                else:
                    current.append(line)
            out.append((current[0][0], current[-1][1]))
    return [_trim(text, s, e) for s, e in out]


def _apart(text: str, line: tuple[int, int], previous: tuple[int, int]) -> bool:
    """A line that cannot continue the previous one's paragraph: a time stamp or a
    metadata line, or any line after one."""
    return any(header_kind(text[s:e]) in ("time", "meta", "url") for s, e in (line, previous))


def _labels(text: str, spans: list[tuple[int, int]]) -> list[Label | None]:
    """The speaker label of each paragraph, or None; a single unknown word counts
    as a label only when it recurs ("Note:" once is not a speaker) or is known."""
    labels = [find_label(text, s, e) for s, e in spans]
    counts: dict[str, int] = {}
    for found in labels:
        if found:
            counts[found.words] = counts.get(found.words, 0) + 1
    for i, found in enumerate(labels):
        if found and found.style == "colon" and len(found.words.split()) == 1:
            word = found.words
            shouting = word.isupper() and len(word) > 1
            known = word.lower().rstrip(".") in _KNOWN_SINGLE or is_anonymous(word)
            if not (known or shouting or counts[word] >= 2 or found.parens):
                labels[i] = None
    return labels


def _head(
    text: str, spans: list[tuple[int, int]], labels: list
) -> tuple[int, int | None, str | None]:
    """The leading paragraphs nobody speaks (title, metadata, dateline, time):
    how many, which one is the title, and the title."""
    size = 0
    for i, ((start, end), label) in enumerate(zip(spans[:25], labels[:25], strict=False)):
        line = text[start:end]
        first_is_title = i == 0 and len(line) <= 400 and len(spans) > 1
        if label is not None or not (first_is_title or header_kind(line)):
            break
        size += 1
    if size == len(spans):  # nothing but short lines: keep the title only
        size = min(1, size)
    lines = [text[s:e] for s, e in spans[:size]]
    for i, line in enumerate(lines):
        meta = meta_line(line)
        if meta and meta[0] in ("title", "headline") and meta[1]:
            return size, i, meta[1]
    for i, line in enumerate(lines):
        if header_kind(line) not in ("meta", "time", "url"):
            return size, i, line.lstrip("# ").strip()
    return size, None, None


def _spoken(text: str, start: int, end: int, label: Label | None, *, shouting: bool) -> bool:
    if label is not None:
        return True
    kind = header_kind(text[start:end])
    return kind != "time" and not (kind == "heading" and not shouting)


def _places(title: str | None, head: list[str], meta: dict[str, str]) -> list[str]:
    """Event place candidates, best first: metadata, title, dateline lines."""
    found: list[str] = []
    for key in ("place", "location", "venue", "city", "dateline"):
        if key in meta:
            found += line_places(meta[key]) or [meta[key]]
    if place := title_place(title):
        found.append(place)
    for line in head:
        if line != title and not meta_line(line):
            found += line_places(line)
    return list(dict.fromkeys(p for p in found if p))


def _date(text: str, title: str | None, head: list[str], body: list, meta: dict):
    return (
        find_date(meta.get("date", ""))
        or find_date(title or "")
        or next((d for line in head if (d := find_date(line[:200]))), None)
        or next((d for s, e in body[:3] if (d := find_date(text[s:e][:200]))), None)
    )


def _meta(head: list[str]) -> dict[str, str]:
    meta: dict[str, str] = {}
    for line in head:
        if (found := meta_line(line)) and found[1]:
            meta.setdefault(*found)
    return meta


def _blocks(text: str, body: list[tuple[int, int]], labels: list) -> list[Block]:
    """The body's paragraphs; in a text that is all capitals, capitals are no heading."""
    caps = sum(1 for s, e in body if header_kind(text[s:e]) == "heading")
    return [
        Block(s, e, label, _spoken(text, s, e, label, shouting=caps > 0.3 * len(body)))
        for (s, e), label in zip(body, labels, strict=True)
    ]


def _warnings(decoded: Decoded) -> tuple[str, ...]:
    if not decoded.replaced:
        return ()
    return (
        f"{decoded.replaced} characters could not be decoded and were replaced "
        f"with U+FFFD (read as {decoded.encoding})",
    )


def segment(decoded: Decoded, *, source: str) -> Transcript:
    """Split decoded text into paragraphs and turns and read its metadata."""
    text = decoded.text
    spans = [s for s in _paragraph_spans(text, _line_spans(text)) if s[0] < s[1]]
    if not spans:
        raise InputError("empty transcript: the file has no text")
    labels = _labels(text, spans)
    size, title_at, title = _head(text, spans, labels)
    head = [text[s:e] for s, e in spans[:size]]
    meta = _meta(head)
    body = spans[size:]
    blocks = _blocks(text, body, labels[size:])
    speakers, principal = identify(
        [(b.label.words, b.label.parens) for b in blocks if b.label],
        principal=principal_speaker([title, *head]),
        context="\n".join(head),
        text=text,
    )
    first = 0 if title_at == 0 else 1
    head_paragraphs, _ = build_turns(
        [Block(s, e, None, False) for s, e in spans[:size]],
        first_number=first,
        speakers={},
        principal=None,
        text=text,
    )
    paragraphs, turns = build_turns(
        blocks, first_number=first + size, speakers=speakers, principal=principal, text=text
    )
    paragraphs = head_paragraphs + paragraphs
    date = _date(text, title, head, body, meta)
    places = _places(title, head, meta) or [p for p in [dateline_place(text, body)] if p]
    times = {*decoded.times, *((b.start, b.label.time) for b in blocks if b.label and b.label.time)}
    speaking = {t.speaker for t in turns}
    people = [*speakers.values(), *([principal] if principal else [])]
    return Transcript(
        text=text,
        source=source,
        encoding=decoded.encoding,
        replaced=decoded.replaced,
        format=decoded.format,
        title=title,
        date=date,
        place=places[0] if places else None,
        principal=principal.name if principal else None,
        paragraphs=tuple(paragraphs),
        turns=tuple(turns),
        warnings=_warnings(decoded),
        speakers=tuple(p for p in dict.fromkeys(people) if p.name in speaking),
        metadata=tuple(meta.items()),
        places_named=tuple(places),
        times=tuple(sorted(times)),
        _starts=tuple(p.start for p in paragraphs),
    )
