"""Transcript metadata: the date, the event place and the principal speaker.

They come from the title line (``…, Baku, February 28, 2023``), a news
dateline (``BAKU, Feb 28 (Reuters) —``) or a possessive naming the speaker
(``Sergey Lavrov’s statement …``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

__all__ = [
    "META_KEYS",
    "dateline_place",
    "find_date",
    "header_kind",
    "line_places",
    "meta_line",
    "principal_speaker",
    "title_place",
]

META_KEYS = frozenset(
    "source sources url link title headline subject date dated time place location venue city "
    "dateline participants speakers present attendees event author authors by published "
    "release released transcript language tags keywords topic topics duration recorded "
    "length copyright embargo contact format program programme show episode series "
    "transcribed transcriber category type summary description country region".split()
)
_META_LINE = re.compile(
    r"[ \t]*(?:\*\*|__)?([A-Za-z][A-Za-z ]{0,20}?)[ \t]*(?:\*\*|__)?:(?:\*\*|__)?[ \t]*(.*)$"
)
_TIME_LINE = re.compile(
    r"(?i)\s*(?:end\b[\s.:]*)?(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\.?)?\s*[a-z]{0,5}\.?)?\s*$"
)
_URL = re.compile(r"\s*<?(?:https?://|www\.)\S+>?\s*$")
_BRACKETED = re.compile(r"\s*[\[(<{][^\n]{0,200}[\])>}]\s*$")
_SENTENCE_END = re.compile(r"[.!?…,;:]['’”\")\]]*\s*$")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.){2,}\s*$|\b(?:[AaPp]\.?[Mm]|Jr|Sr|Inc|Ltd|St)\.\s*$")

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
_BY = re.compile(
    r"(?i:\b(?:remarks|statement|address|speech|keynote|lecture|message|briefing|comments|"
    r"press conference|interview|testimony|op-ed|article|presentation|toast|eulogy|"
    r"commencement)\b[^,\n]{0,40}?\b(?:by|of|from))\s+"
    r"((?:H\.\s?E\.\s+)?(?:[A-Z][\w.'’-]*,?\s+|(?:of|the|for|and|de|van|von|al|bin)\s+)"
    r"{0,10}[A-Z][\w'’-]+)"
)
_NAME_STOP = frozenset(
    "on at in to with before after during for following from about upon as via regarding "
    "ahead at: | – — - ahead".split()
)
_TITLE_WORDS = frozenset(
    "foreign minister president prime deputy secretary state general spokesperson "
    "spokesman press ambassador chancellor vice premier chairman chair his her excellency "
    "mr mrs ms dr sir madam king queen crown prince senator governor mayor director head "
    "acting first defence defense affairs of the".split()
)
_DATELINE = re.compile(r"([A-Z][A-Za-z.'’ -]{1,40}?)(?:,[^\n—–]{0,40})?\s+[—–-]{1,2}\s")


def meta_line(line: str) -> tuple[str, str] | None:
    """``(key, value)`` of a metadata line such as ``SOURCE: https://…``.

    Examples
    --------
    >>> meta_line("TITLE: Joint press conference"), meta_line("Question: Why?")
    (('title', 'Joint press conference'), None)
    """
    match = _META_LINE.match(line)
    if not match:
        return None
    key = " ".join(match.group(1).lower().split())
    if key not in META_KEYS:
        return None
    return key, match.group(2).strip()


def header_kind(line: str) -> str | None:
    """What a line that nobody speaks is, or None for a line of speech.

    ``"meta"`` (``DATE: …``), ``"time"`` (``8:34 A.M. EDT``, ``END``),
    ``"url"``, ``"note"`` (a line in brackets: ``[Page S1234]``),
    ``"heading"`` (Markdown ``#``, or a line in capitals) or ``"short"`` (a
    few words with no sentence punctuation: ``Luanda, Angola``).

    Examples
    --------
    >>> [header_kind(x) for x in ("8:34 A.M. EDT", "END", "Luanda, Angola", "Mr Bayramov,",
    ...                           "I thank you.", "# Opening", "[Page S1234]")]
    ['time', 'time', 'short', None, None, 'heading', 'note']
    """
    stripped = line.strip()
    if not stripped:
        return None
    if meta_line(stripped):
        return "meta"
    if _TIME_LINE.fullmatch(stripped):
        return "time"
    if _URL.match(stripped):
        return "url"
    if _BRACKETED.match(stripped):
        return "note"
    words = stripped.split()
    if stripped.startswith("#"):
        return "heading"
    letters = [ch for ch in stripped if ch.isalpha()]
    ends = _SENTENCE_END.search(stripped) and not _ABBREVIATION_END.search(stripped)
    capitals = len(words) >= 2 and letters and all(ch.isupper() for ch in letters)
    if capitals and (not ends or len(words) >= 4):
        return "heading"
    if len(words) <= 14 and len(stripped) <= 120 and not ends:
        return "short"
    return None


def line_places(line: str) -> list[str]:
    """Places a dateline names: ``Luanda, Angola`` or ``March 3, 2021, Astana``.

    Examples
    --------
    >>> line_places("March 3, 2021, Astana"), line_places("Luanda, Angola")
    (['Astana'], ['Luanda', 'Angola'])
    >>> line_places("Via Teleconference 8:34 A.M.")
    []
    """
    rest = line
    for pattern, _ in _DATES:
        rest = pattern.sub(",", rest)
    parts = [p.strip(" .") for p in re.split(r"[,;|·–—]", rest)]
    out = []
    for part in parts:
        words = part.split()
        if not words or len(words) > 4:
            continue
        if all(w[0].isupper() and w.isalpha() and w.lower() not in _TITLE_WORDS for w in words):
            out.append(part)
    return out if len(out) == len([p for p in parts if p]) else []


def principal_speaker(lines: Iterable[str | None]) -> str | None:
    """The speaker a title or heading names, as written (roles included).

    ``Sergey Lavrov’s statement …`` and ``Remarks by President Biden Before
    Marine One Departure`` name one; ``Press Briefing by Jen Psaki and Jake
    Sullivan`` names two, so no one.

    Examples
    --------
    >>> principal_speaker(["Remarks by President Biden Before Marine One Departure"])
    'President Biden'
    >>> principal_speaker(["Address by H.E. Mr. Cyril Ramaphosa, President of South Africa"])
    'H.E. Mr. Cyril Ramaphosa'
    >>> principal_speaker(["Briefing by Jen Psaki and Jake Sullivan", "Lavrov's remarks"])
    'Lavrov'
    """
    for line in lines:
        if not line:
            continue
        match = _POSSESSIVE.search(line) or _BY.search(line)
        if not match:
            continue
        words: list[str] = []
        for word in match.group(1).split():
            if word.lower() in _NAME_STOP:
                break
            words.append(word.rstrip(","))
            if word.endswith(","):
                break
        while words and words[-1].lower() in ("of", "the", "and", "for"):
            words.pop()
        rest = line[match.end(1) :].lstrip()
        if words and not rest.lower().startswith(("and ", "& ")) and "and" not in words:
            return " ".join(words)
    return None


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
