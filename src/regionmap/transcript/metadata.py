"""Transcript metadata: the date, the event place and the principal speaker.

They come from the title line (``…, Baku, February 28, 2023``), a news
dateline (``BAKU, Feb 28 (Reuters) —``) or a possessive naming the speaker
(``Sergey Lavrov’s statement …``).
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["dateline_place", "find_date", "principal_speaker", "title_place"]

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        (
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        )
    )
    for name in names.split()
}
_MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_DATES = (
    (re.compile(_MONTH + r"\s+(\d{1,2}),?\s+(\d{4})"), ("m", "d", "y")),
    (re.compile(r"(\d{1,2})\s+" + _MONTH + r",?\s+(\d{4})"), ("d", "m", "y")),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), ("y", "m", "d")),
)
_POSSESSIVE = re.compile(
    r"((?:[A-Z][\w.-]*\s+){0,4}[A-Z][\w-]+)['’]s\s+(?:opening\s+)?"
    r"(?:statement|remarks|speech|address|answers|interview|comments|briefing|lecture)"
)
_TITLE_WORDS = frozenset(
    "foreign minister president prime deputy secretary state general spokesperson "
    "spokesman press ambassador chancellor vice premier chairman chair his her excellency "
    "mr mrs ms dr sir madam king queen crown prince senator governor mayor director head "
    "acting first defence defense affairs of the".split()
)
_DATELINE = re.compile(r"([A-Z][A-Za-z.'’ -]{1,40}?)(?:,[^\n—–]{0,40})?\s+[—–-]{1,2}\s")


def principal_speaker(title: str | None, labels: set[str]) -> str | None:
    """The speaker a title names (``Sergey Lavrov’s statement …``)."""
    if not title:
        return None
    match = _POSSESSIVE.search(title)
    if not match:
        return None
    words = match.group(1).split()
    for label in sorted(labels, key=len, reverse=True):
        if label in match.group(1):
            return label
    while len(words) > 1 and words[0].lower().rstrip(".") in _TITLE_WORDS:
        words.pop(0)
    return " ".join(words)


def find_date(text: str) -> dt.date | None:
    """The first date written in ``text``.

    Examples
    --------
    >>> find_date("Baku, February 28, 2023"), find_date("on 9 Nov. 2020")
    (datetime.date(2023, 2, 28), datetime.date(2020, 11, 9))
    """
    found: list[tuple[int, dt.date]] = []
    for pattern, order in _DATES:
        for match in pattern.finditer(text):
            parts = dict(zip(order, match.groups(), strict=True))
            month = parts["m"]
            month_n = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
            try:
                found.append((match.start(), dt.date(int(parts["y"]), month_n, int(parts["d"]))))
            except ValueError:
                continue
            break
    return min(found)[1] if found else None


def title_place(title: str | None) -> str | None:
    """The place a title names just before its date: ``…, Baku, February 28, 2023``."""
    if not title:
        return None
    for pattern, _ in _DATES:
        match = pattern.search(title)
        if match:
            head = title[: match.start()].rstrip(" ,")
            if head == title[: match.start()]:
                return None  # no comma between the place and the date
            words = head.rsplit(",", 1)[-1].split()
            run: list[str] = []
            while words and words[-1][0].isupper() and len(run) < 3:
                run.insert(0, words.pop())
            if run and not any(w.lower().rstrip(".") in _TITLE_WORDS for w in run):
                return " ".join(run)
    return None


def dateline_place(text: str, body: list[tuple[int, int]]) -> str | None:
    """The place of a news dateline: ``BAKU, Feb 28 (Reuters) — …``."""
    if not body:
        return None
    start, end = body[0]
    match = _DATELINE.match(text, start, min(end, start + 80))
    if not match:
        return None
    words = match.group(1).strip()
    letters = [ch for ch in words if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters) and len(letters) > 2:
        return words.title()
    return None
