"""Find place-name mentions in a transcript's text.

At each capital letter that starts a word, the gazetteer's trie of surface
forms lists every form that starts there (``Gazetteer.scan``); token-boundary
and context rules then drop what is not a place mention: parts of longer
words, speaker labels, names after a title (``Mr Bayramov``), given names
(``Vladimir Putin``). Overlaps resolve to the longest match. All-caps
paragraphs are matched through a same-length case-folded copy, so offsets
always index the original text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import cache

from regionmap.places.index import Candidate, Gazetteer, fold
from regionmap.resources import geodata_dir
from regionmap.transcript.model import Transcript
from regionmap.vocab import PlaceKind

__all__ = ["Mention", "find_mentions"]

_TITLES = frozenset(
    "mr mrs ms miss dr prof president minister premier chancellor ambassador secretary "
    "senator governor mayor general colonel king queen prince princess sheikh emir envoy "
    "spokesperson spokesman speaker chairman deputy st saint admiral commander lieutenant "
    "captain sergeant judge justice bishop pope cardinal rabbi imam father sister brother "
    "congressman congresswoman representative rep sen gov lt gen col adm capt".split()
)
_WORD_BEFORE = re.compile(r"([^\W\d_][\w.]*)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([^\W\d_][\w]*)")
_INITIAL = re.compile(r"[A-Z]\.")
_JOINERS = ("-", "–", "—")  # "Kars–Tbilisi": a town joined to another place stands
_COMMA = (", ", ",\u00a0")
_SHOUTED = re.compile(r"\b[A-Z]{3,}\s+[A-Z]{2,}\b")
_AREA = re.compile(
    r"\b([A-Z][a-z’'-]+(?:[ -][A-Z][a-z’'-]+)?) (Province|District|Oblast|Governorate|Region|"
    r"Rayon|Prefecture|County|Municipality)\b"
)
_SMALL_TOWN = 100_000  # below this, a town needs its country named in the document
_CAPITALISED_RUN = re.compile(r"(?:[ \t]+[A-Z][\w&.-]*){1,4}")
_PARTICLES = frozenset(
    "al el ad as ar an at az ash de da del der di du la le los las san santa "
    "sao st saint new old port fort mount lake cape upper lower north south "
    "east west northern southern eastern western central greater".split()
)
_ORG_WORDS = frozenset(
    "bank corporation corp company co inc ltd llc plc group fund airlines airways university "
    "institute post times journal herald tribune gazette telegraph daily news agency "
    "foundation association holdings club fc exchange council committee commission "
    "party front army forces".split()
)
_ORG_BEFORE = re.compile(
    r"\b(?:Bank|Corporation|Company|University|Institute|Fund|Agency|Foundation|Association|"
    r"Council|Committee|Commission|Party|Front)\s+(?:of|for)\s+(?:the\s+)?$"
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name as written at ``text[start:end]``.

    ``key`` is the gazetteer surface form it matched (the same as ``text``
    except in all-caps passages). ``cue`` is a following word that says what
    kind of place it is (``district``, ``corridor``…); ``qualifier`` is the
    place named right after a comma (``Paris, Texas``) and ``qualified`` the
    one right before it (``Atlanta, Georgia``); ``demonym`` marks adjectives
    such as ``Armenian``.
    """

    start: int
    end: int
    text: str
    key: str
    cue: str | None = None
    qualifier: str | None = None
    demonym: bool = False
    qualified: str | None = None


#: Words after a name that tell its kind, and the kind they point to.
CUES = {
    **dict.fromkeys(
        (
            "district",
            "province",
            "region",
            "oblast",
            "rayon",
            "governorate",
            "county",
            "state",
            "prefecture",
            "territory",
            "republic",
        ),
        PlaceKind.REGION,
    ),
    **dict.fromkeys(
        (
            "corridor",
            "railway",
            "railroad",
            "section",
            "highway",
            "road",
            "pipeline",
            "line",
            "route",
        ),
        PlaceKind.ROUTE,
    ),
    **dict.fromkeys(("sea", "river", "lake", "gulf", "strait", "bay"), PlaceKind.WATER),
    **dict.fromkeys(("city", "town", "village", "airport"), PlaceKind.CITY),
}


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
    if not _SHOUTED.search(text):  # fast exit for ordinary text
        return False
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 8 and sum(ch.isupper() for ch in letters) > 0.8 * len(letters)


def _raw_matches(text: str, base: int, gazetteer: Gazetteer) -> list[tuple[int, int, str]]:
    return [(base + start, base + end, key) for start, end, key in gazetteer.scan(text)]


def _longest_first(matches: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Leftmost-longest selection of non-overlapping matches."""
    chosen: list[tuple[int, int, str]] = []
    last_end = -1
    for start, end, key in sorted(matches, key=lambda m: (m[0], -(m[1] - m[0]))):
        if start >= last_end:
            chosen.append((start, end, key))
            last_end = end
    return chosen


def _name_like(token: str, gazetteer: Gazetteer) -> bool:
    """A capitalised word that is neither an English word nor a place: likely a name."""
    if len(token) < 3 or not token[0].isupper() or token.isupper():
        return False
    low = token.lower()
    if low in gazetteer.words or low in _TITLES or low in _PARTICLES:
        return False
    return not gazetteer.candidates(token)


def _not_a_place(
    text: str, start: int, end: int, key: str, candidates: list[Candidate], gazetteer: Gazetteer
) -> bool:
    """Context rules: people (``Mr Bayramov``, ``Jake Sullivan``, ``Austin Tice``) and
    organisations (``Africa Finance Corporation``, ``Bank of Japan``)."""
    prefix = text[max(0, start - 40) : start]
    before = _WORD_BEFORE.search(prefix) if prefix[-1:] in (" ", "\t") else None
    after = _WORD_AFTER.match(text, end, min(len(text), end + 40))
    single = " " not in key
    if before:
        word = before.group(1)
        if word.rstrip(".").lower() in _TITLES:
            return True
        if single and (_name_like(word.rstrip("."), gazetteer) or _INITIAL.fullmatch(word)):
            return True  # a surname after a given name or an initial ("James S. Brady")
        if word in _given_names() and not gazetteer.lookup(word):
            return True  # George Washington
    city_only = all(c.entry.kind is PlaceKind.CITY and not c.preferred for c in candidates)
    if after and single and city_only:
        follower = after.group(1)
        if _name_like(follower, gazetteer) or (
            key in _given_names()
            and follower[0].isupper()
            and not gazetteer.lookup(follower)
            and follower.lower() not in gazetteer.words
        ):
            return True  # a given name before a surname
    tail = _CAPITALISED_RUN.match(text, end, min(len(text), end + 60))
    if tail and any(w.lower() in _ORG_WORDS for w in tail.group(0).split()):
        return True
    return (" of " in prefix or " for " in prefix) and bool(_ORG_BEFORE.search(prefix))


def find_mentions(transcript: Transcript, gazetteer: Gazetteer) -> list[Mention]:
    """Every place-name mention in the transcript, in text order.

    Examples
    --------
    >>> from regionmap import load_transcript
    >>> from regionmap.places.gazetteer import load_gazetteer
    >>> t = load_transcript("Talks\\nVladimir Putin met Mr Aliyev in Baku and Nizhny Novgorod.")
    >>> [m.text for m in find_mentions(t, load_gazetteer())]
    ['Baku', 'Nizhny Novgorod']
    """
    text = transcript.text
    matches: list[tuple[int, int, str]] = []  # (start, end, key), duplicates allowed
    for paragraph in transcript.paragraphs:
        chunk = text[paragraph.start : paragraph.end]
        if _mostly_upper(chunk):  # "BAKU" is matched as "Baku"; "US" stays the pronoun
            chunk = _capitalised_copy(chunk)
        matches += _raw_matches(chunk, paragraph.start, gazetteer)
        if not chunk.isascii():  # "Bakú", "NAXÇIVAN": match without diacritics too
            folded = fold(chunk)
            if folded != chunk:
                matches += _raw_matches(folded, paragraph.start, gazetteer)
    labels = [(t.label_start, t.label_end) for t in transcript.turns if t.label_end > t.label_start]
    label_starts = [ls for ls, _ in labels]
    kept: list[tuple[int, int, str, list[Candidate]]] = []
    people: set[str] = set()
    memo: dict[str, list[Candidate]] = {}
    for start, end, key in _longest_first(matches):
        candidates = memo.get(key)
        if candidates is None:
            candidates = memo[key] = gazetteer.candidates(key)
        if not candidates or any(c.blocker for c in candidates):
            continue
        i = bisect.bisect_right(label_starts, start) - 1
        if i >= 0 and start < labels[i][1]:
            continue  # inside a speaker label
        if _not_a_place(text, start, end, key, candidates, gazetteer):
            if _minor_city(candidates):
                people.add(key)  # "Austin Tice": later "Austin" is him too
            continue
        kept.append((start, end, key, candidates))
    kept = _drop_people(text, kept, people)
    return _with_context(text, sorted(kept + _unknown_areas(text, kept, gazetteer)))


def _unknown_areas(text: str, kept: list, gazetteer: Gazetteer) -> list:
    """Names the gazetteer lacks but the text marks as places: "Gegharkunik Province".

    They become mentions without candidates, which resolve to ``unresolved``:
    listed with their quotes, not drawn.
    """
    found = []
    for match in _AREA.finditer(text):
        start, end = match.span()
        for word in match.group(1).split():  # "In Gegharkunik Province": drop "In"
            if word.lower() not in gazetteer.words and word.lower() not in _TITLES:
                break
            start = text.index(word, start) + len(word) + 1
        if start >= match.start(2) or any(o[0] < end and start < o[1] for o in kept):
            continue
        found.append((start, end, text[start:end], []))
    return found


def _minor_city(candidates: list[Candidate]) -> bool:
    """Only towns and cities, none a capital or a curated name."""
    return all(
        c.entry.kind is PlaceKind.CITY and c.entry.rank < 2 and not c.preferred for c in candidates
    )


def _drop_people(text: str, kept: list, people: set[str]) -> list:
    """Apply document-level rules to the matches that passed the context rules.

    - a name once used for a person is a person throughout ("one sense per
      discourse");
    - two town names side by side with only a space between ("Andrea Mitchell")
      are a personal name;
    - a small town ("Mira", "David") counts only when the document names its
      country, or when it is joined to another place by a dash ("Kars–Tbilisi").
    """
    pairs = set()
    for a, b in itertools.pairwise(range(len(kept))):
        if (
            text[kept[a][1] : kept[b][0]] == " "
            and _minor_city(kept[a][3])
            and _minor_city(kept[b][3])
        ):
            pairs |= {a, b}
    named = {
        c[0].entry.country
        for *_, c in kept
        if c[0].entry.kind is not PlaceKind.CITY or c[0].entry.population >= _SMALL_TOWN
    }
    out = []
    for i, (start, end, key, candidates) in enumerate(kept):
        if i in pairs or key in people:
            continue
        joined = (i > 0 and text[kept[i - 1][1] : start] in _JOINERS) or (
            i + 1 < len(kept) and text[end : kept[i + 1][0]] in _JOINERS
        )
        if (
            not joined
            and _minor_city(candidates)
            and all(
                c.entry.population < _SMALL_TOWN and c.entry.country not in named
                for c in candidates
            )
        ):
            continue
        if key in _given_names() and not any(
            c.entry.kind is not PlaceKind.CITY or c.entry.country in named for c in candidates
        ):
            continue
        out.append((start, end, key, candidates))
    return out


def _with_context(text: str, kept: list) -> list[Mention]:
    """Mentions with their cue word, comma qualifier and demonym flag."""
    mentions = []
    for i, (start, end, key, candidates) in enumerate(kept):
        after = _WORD_AFTER.match(text, end, min(len(text), end + 40))
        cue = after.group(1).lower() if after and after.group(1).lower() in CUES else None
        qualifier = qualified = None
        if i + 1 < len(kept) and text[end : kept[i + 1][0]] in _COMMA:
            qualifier = kept[i + 1][2]
        if i > 0 and text[kept[i - 1][1] : start] in _COMMA:
            qualified = kept[i - 1][2]
        demonym = bool(candidates) and all(c.demonym for c in candidates)
        mentions.append(
            Mention(start, end, text[start:end], key, cue, qualifier, demonym, qualified)
        )
    return mentions
