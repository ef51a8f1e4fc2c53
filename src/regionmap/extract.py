"""Find place-name mentions in a transcript's text.

One Aho–Corasick pass over the original text finds every gazetteer surface
form; token-boundary and context rules then drop what is not a place mention:
parts of longer words, speaker labels, names after a title (``Mr Bayramov``),
given names (``Vladimir Putin``). Overlaps resolve to the longest match.
All-caps paragraphs are matched through a same-length case-folded copy, so
offsets always index the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from regionmap.gazetteer import Gazetteer
from regionmap.resources import geodata_dir
from regionmap.transcript import Transcript

__all__ = ["Mention", "find_mentions"]

_TITLES = frozenset(
    "mr mrs ms miss dr prof president minister premier chancellor ambassador secretary "
    "senator governor mayor general colonel king queen prince princess sheikh emir envoy "
    "spokesperson spokesman speaker chairman deputy st saint".split()
)
_WORD_BEFORE = re.compile(r"([^\W\d_][\w.]*)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([^\W\d_][\w]*)")


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name as written at ``text[start:end]``.

    ``key`` is the gazetteer surface form it matched (the same as ``text``
    except in all-caps passages).
    """

    start: int
    end: int
    text: str
    key: str


@cache
def _given_names() -> frozenset[str]:
    path = geodata_dir() / "given_names.txt"
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _capitalised_copy(text: str) -> str:
    """``text`` with each word's letters after the first lowered, same length.

    Examples
    --------
    >>> _capitalised_copy("TALKS IN NIZHNY NOVGOROD")
    'Talks In Nizhny Novgorod'
    """
    out, previous = [], " "
    for ch in text:
        low = ch.lower()
        out.append(low if _is_word_char(previous) and len(low) == 1 else ch)
        previous = ch
    return "".join(out)


def _mostly_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 8 and sum(ch.isupper() for ch in letters) > 0.8 * len(letters)


def _raw_matches(text: str, base: int, gazetteer: Gazetteer) -> list[tuple[int, int, str]]:
    found = []
    for end_inclusive, key in gazetteer.automaton.iter(text):
        start, end = end_inclusive - len(key) + 1, end_inclusive + 1
        if start > 0 and (_is_word_char(text[start - 1]) or text[start - 1] in "@#"):
            continue
        if end < len(text) and _is_word_char(text[end]):
            continue
        found.append((base + start, base + end, key))
    return found


def _longest_first(matches: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Leftmost-longest selection of non-overlapping matches."""
    chosen: list[tuple[int, int, str]] = []
    last_end = -1
    for start, end, key in sorted(matches, key=lambda m: (m[0], -(m[1] - m[0]))):
        if start >= last_end:
            chosen.append((start, end, key))
            last_end = end
    return chosen


def _is_person(text: str, start: int, end: int, key: str, gazetteer: Gazetteer) -> bool:
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before:
        word = before.group(1).rstrip(".").lower()
        if word in _TITLES:
            return True
        if before.group(1) in _given_names() and not gazetteer.lookup(before.group(1)):
            return True
    after = _WORD_AFTER.match(text, end, min(len(text), end + 40))
    if key in _given_names() and after and after.group(1)[0].isupper():
        follower = after.group(1)
        return not gazetteer.lookup(follower)
    return False


def find_mentions(transcript: Transcript, gazetteer: Gazetteer) -> list[Mention]:
    """Every place-name mention in the transcript, in text order.

    Examples
    --------
    >>> from regionmap import load_transcript
    >>> from regionmap.gazetteer import load_gazetteer
    >>> t = load_transcript("Talks\\nVladimir Putin met Mr Aliyev in Baku and Nizhny Novgorod.")
    >>> [m.text for m in find_mentions(t, load_gazetteer())]
    ['Baku', 'Nizhny Novgorod']
    """
    text = transcript.text
    matches: list[tuple[int, int, str]] = []
    for paragraph in transcript.paragraphs:
        chunk = text[paragraph.start : paragraph.end]
        matches += _raw_matches(chunk, paragraph.start, gazetteer)
        if _mostly_upper(chunk):
            matches += _raw_matches(_capitalised_copy(chunk), paragraph.start, gazetteer)
    labels = [(turn.label_start, turn.label_end) for turn in transcript.turns]
    mentions = []
    for start, end, key in _longest_first(matches):
        if any(ls <= start < le for ls, le in labels):
            continue
        if _is_person(text, start, end, key, gazetteer):
            continue
        mentions.append(Mention(start, end, text[start:end], key))
    return mentions
