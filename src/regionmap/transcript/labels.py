"""Speaker labels: the words at the start of a line that say who speaks.

House styles differ in how they write a label, and :func:`find_label` reads
them all into one :class:`Label`:

- a colon after a name or a role, however long (``Sergey Lavrov:``,
  ``President of the Republic of Kazakhstan Kassym-Jomart Tokayev
  (retranslated):``, ``The Secretary of State for Foreign, Commonwealth and
  Development Affairs (David Lammy):``), in Markdown bold (``**Name:**``) or
  with a time stamp (``Name [00:12:31]:``, ``[00:12:31] Name:``);
- a period after an honorific and a surname in capitals, the US Congress's
  style (``Mr. LEAHY.``, ``The PRESIDING OFFICER.``, ``Mr. SMITH of Texas
  [continuing].``);
- ``Q`` with no colon before a reporter's question (the White House's style).

Parenthesised notes are split off: interpretation notes (``(retranslated)``,
``(spoke in Russian)``) are dropped, a capitalised parenthesis is kept as an
affiliation or a name (``(Russian Federation)``, ``(David Lammy)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Label", "find_label", "is_anonymous", "role_word", "seconds"]


@dataclass(frozen=True, slots=True)
class Label:
    """A speaker label found at ``text[start:end]`` (``end`` is past its colon).

    ``words`` is the label without notes, parentheses or time stamp;
    ``parens`` the capitalised parentheses (names, countries, parties);
    ``time`` a time stamp written in the label, in seconds.
    """

    words: str
    parens: tuple[str, ...]
    start: int
    end: int
    time: float | None = None
    style: str = "colon"


_INVISIBLE = "[ \t\u00a0\u200b-\u200f\u2060\ufeff]*"
_STAMP = r"[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?"
_COLON_LABEL = re.compile(
    _INVISIBLE
    + r"(?:[-*>#]+[ \t]+)?(?:\*\*|__)?"  # list/quote marks, bold
    + r"(?P<lead>"
    + _STAMP
    + r"[ \t]+)?"
    + r"(?P<body>[^\W\d_](?:[^:\n()\[\]]|\([^()\n]{0,80}\)|\[[^\[\]\n]{0,80}\]){0,179}?)"
    + r"[ \t]*(?:\*\*|__)?:(?:\*\*|__)?(?=[ \t\u00a0]|$)",
    re.MULTILINE,
)
_PERIOD_LABEL = re.compile(
    _INVISIBLE
    + r"(?P<body>(?:(?:Mr|Mrs|Ms|Miss|Dr|Gen|Adm|Sen|Rep)\.|Senator|Representative|Chairman|"
    r"Chairwoman|Chair|Madam|The|Ambassador|General|Admiral|Secretary|Governor|Judge|Delegate|"
    r"Commissioner|Director|Dean|Professor|Colonel|Captain|Mayor|Speaker)[ \t]+"
    r"[A-Z][A-Z'’-]+(?:[ \t]+(?:[A-Z][A-Z'’-]+|of(?:[ \t]+[A-Z][a-z]+){1,2}|pro[ \t]+tempore))*"
    r"(?:[ \t]*\([^()\n]{1,60}\))?(?:[ \t]*\[continuing\])?)\.(?=[ \t\u00a0]|$)",
    re.MULTILINE,
)
_Q_LABEL = re.compile(_INVISIBLE + r"(?P<body>Q)\.?[ \t]+(?=[^\sa-z])", re.MULTILINE)
_PAREN = re.compile(r"[ \t]*[(\[]([^()\[\]]{0,80})[)\]]")
_TIME_IN = re.compile(r"[ \t]*" + _STAMP + r"[ \t]*$")
_NOTE_WORDS = frozenset(
    "as via through spoke speaks speaking in interpretation interpreted interpreter "
    "translated translation retranslated retranslation continuing cont contd inaudible off "
    "crosstalk laughs laughter by video virtually remotely online audio unofficial "
    "simultaneous translator voice".split()
)
_ANONYMOUS = frozenset(
    "q question questions journalist reporter correspondent audience participant interviewer "
    "questioner press unidentified unknown voice voices several male female man woman "
    "member members crosstalk attendee guest caller remark comment".split()
)
_PARTICLES = frozenset(
    "of the for and to on de del der den van von al el bin ibn da di du le la y pro tempore".split()
)
_NOT_LABELS = frozenset(
    "note notes source sources update photo photos video subject date time location tags "
    "re ps warning example step caption editor links link see also read more transcript "
    "contents summary background attention important nb title place venue participants "
    "speakers url author published release event dateline keywords topic topics "
    "embargo embargoed copyright tel email fax web website watch listen download".split()
) | {"for immediate release", "question for the record", "answer for the record"}
_ROLE_WORDS = frozenset(
    "president vice prime minister secretary chair chairman chairwoman chairperson speaker "
    "moderator host co-host cohost official officials senior administration department "
    "spokesperson spokesman spokeswoman officer presiding acting deputy assistant under "
    "general ambassador director coordinator advisor adviser counselor counsellor press "
    "national security state defense defence foreign affairs interpreter operator narrator "
    "announcer anchor presenter clerk witness counsel chief commissioner governor mayor "
    "senator representative delegate king queen prince princess emperor chancellor premier "
    "leader head high envoy special staff commander admiral colonel captain lieutenant major "
    "sergeant minority majority ranking member members whip lord lady baroness baron earl "
    "attorney solicitor justice judge registrar rapporteur executive deputy-secretary "
    "undersecretary under-secretary first second third fourth one two three four five "
    "sir madam mr mrs ms miss dr hon rt honourable honorable excellency his her h.e. "
    "his excellency the a an unnamed government white house kremlin pentagon military "
    "intelligence council committee commission ministry office cabinet mission permanent "
    "observer delegation delegate dean professor voice-over reporter journalist "
    "correspondent question answer".split()
)
_QUESTION_WORDS = frozenset("q question questions interviewer questioner remark comment".split())


def seconds(stamp: str) -> float | None:
    """Seconds in a written time stamp.

    Examples
    --------
    >>> seconds("[00:12:31]"), seconds("(4:05)"), seconds("1:02:03.5")
    (751.0, 245.0, 3723.5)
    """
    parts = re.findall(r"\d+(?:[.,]\d+)?", stamp)
    if not 2 <= len(parts) <= 3:
        return None
    total = 0.0
    for part in parts:
        total = total * 60 + float(part.replace(",", "."))
    return total


def role_word(word: str) -> bool:
    """A word of a role or an honorific (``President``, ``MR.``, ``the``)."""
    return word.lower().rstrip(".,") in _ROLE_WORDS


def is_anonymous(words: str) -> bool:
    """An anonymous questioner's or audience member's label (``Q``, ``Journalist``)."""
    tokens = [w.lower().rstrip(".") for w in words.split()]
    return bool(tokens) and all(t in _ANONYMOUS or t in _PARTICLES for t in tokens)


def is_question_label(words: str) -> bool:
    """A label that always asks: ``Q``, ``Question``, ``Interviewer``, ``Journalist``…"""
    return is_anonymous(words) and not {w.lower() for w in words.split()} <= {
        "unidentified",
        "unknown",
        "voice",
        "male",
        "female",
        "speaker",
        "man",
        "woman",
    }


def _split_notes(body: str) -> tuple[str, tuple[str, ...], float | None]:
    parens: list[str] = []
    time = None
    for inner in _PAREN.findall(body):
        inner = inner.strip()
        first = inner.split()[0].lower().rstrip(".:,") if inner.split() else ""
        if re.fullmatch(r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?", inner):
            time = seconds(inner)
        elif inner and first not in _NOTE_WORDS and inner[0].isupper():
            parens.append(inner)
    words = _PAREN.sub("", body)
    stamp = _TIME_IN.search(words)
    if stamp:
        time = seconds(stamp.group())
        words = words[: stamp.start()]
    return " ".join(words.replace(",", " , ").split()).replace(" ,", ","), tuple(parens), time


def _words_ok(words: str) -> bool:
    tokens = words.replace(",", " ").split()
    if not 1 <= len(tokens) <= 16 or tokens[-1].lower() in _PARTICLES:
        return False
    if words.lower() in _NOT_LABELS or tokens[0].lower() in ("for", "and", "of"):
        return False
    capitals = 0
    for token in tokens:
        if token.lower() in _PARTICLES:
            continue
        if not (token[0].isupper() or token[0] in "'’") or any(ch.isdigit() for ch in token):
            return False
        if not re.fullmatch(r"[\w.'’-]+", token):
            return False
        capitals += 1
    if len(tokens) > 6 and not any(role_word(t) for t in tokens):
        return False  # a long label is an official's: it names a role
    return capitals >= 1


def find_label(text: str, start: int, end: int) -> Label | None:
    """The speaker label at the start of the line ``text[start:end]``, or None.

    Examples
    --------
    >>> def show(line):
    ...     found = find_label(line, 0, len(line))
    ...     return found and (found.words, found.parens, line[found.end:].strip())
    >>> show("President of Russia Vladimir Putin (retranslated): Good afternoon.")
    ('President of Russia Vladimir Putin', (), 'Good afternoon.')
    >>> show("Mr. Nebenzia (Russian Federation) (spoke in Russian): I thank you.")
    ('Mr. Nebenzia', ('Russian Federation',), 'I thank you.')
    >>> show("Mr. LEAHY. Mr. President, I rise today.")
    ('Mr. LEAHY', (), 'Mr. President, I rise today.')
    >>> show("Q    China and Russia.")
    ('Q', (), 'China and Russia.')
    >>> show("**Jane Doe [00:12:31]:** We went to Baku.")[0], show("Note: the text")
    ('Jane Doe', None)
    """
    for pattern, style in ((_COLON_LABEL, "colon"), (_PERIOD_LABEL, "period"), (_Q_LABEL, "q")):
        match = pattern.match(text, start, end)
        if not match:
            continue
        body = match.group("body")
        if style == "period":
            body = body.replace("[continuing]", "")
        words, parens, time = _split_notes(body)
        lead = match.groupdict().get("lead")
        if lead:
            time = seconds(lead)
        if style != "colon" or _words_ok(words):
            return Label(words, parens, match.start("body"), match.end(), time, style)
    return None
