"""A link that reopens a view: which transcript, which place, which filters, where the map was.

A :class:`Link` becomes URL query parameters with :func:`to_params` (or a query
string with :func:`to_query`) and is read back with :func:`from_params` (or
:func:`from_query`), which never raises: a value it cannot use is left out and
described in its list of problems. Defaults are left out of the URL, so a
typical view stays short::

    doc=builtin&place=geonames%3A587084&hide_kind=route&min=2&lat=40.4093&lon=49.8671&zoom=7

The parameters (``*``: may repeat; an empty ``hide_speaker`` or ``hide_turn``
stands for "no speaker" or "no turn", as on a title line):

- ``doc``: ``builtin``, ``folder:<relative path>`` or ``corpus:<id>``;
- ``place``: a place id (``geonames:587084``, ``curated:lachin-corridor``,
  ``inferred:…|…|railway``, ``unresolved:<name>``);
- ``hide_speaker`` *, ``hide_turn`` *, ``hide_kind`` *: what is switched off;
- ``min``: the minimum number of mentions; ``q``: the search query;
- ``prefer`` *: ISO country codes, in order; ``demonyms``: ``1`` when linked;
- ``lat``, ``lon``: the map's centre (5 decimals: about a metre); ``zoom``: 0 to 22.

Nothing of the transcript's text goes into a link except speaker names, the
user's search query and, in the id of an unresolved place, the name as the
transcript writes it. An uploaded or pasted transcript cannot be named
(``doc`` is ``None``). Keys a link does not use are ignored silently (a
``fbclid`` added by a social network is no problem).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

from regionmap.errors import InputError
from regionmap.folder import check_name
from regionmap.view.filters import Exclusions
from regionmap.vocab import PlaceKind, TurnKind

__all__ = ["NONE_TOKEN", "Link", "from_params", "from_query", "to_params", "to_query"]

NONE_TOKEN = ""  # hide_speaker= and hide_turn= stand for "no speaker", "no turn"
MAX_CHARS = 200  # characters in one value (a folder path may have MAX_DOC_CHARS)
MAX_DOC_CHARS = 1024
MAX_VALUES = 100  # values of one key
MAX_QUERY_CHARS = 100_000  # a longer query string is ignored as a whole
MAX_ZOOM = 22
MAX_MIN = 1_000_000  # the largest minimum number of mentions
DECIMALS = 5
PLACE_SCHEMES = ("geonames", "curated", "inferred", "unresolved")
_CORPUS_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_COUNTRY = re.compile(r"[A-Z]{2}")
_WHOLE = re.compile(r"[0-9]{1,7}")
_DEGREES = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{1,15})?")
_FLAGS = {"1": True, "true": True, "yes": True, "on": True} | dict.fromkeys(
    ("0", "false", "no", "off"), False
)


def _text(value: object, what: str, *, limit: int = MAX_CHARS) -> str:
    if not isinstance(value, str) or any("\ud800" <= ch <= "\udfff" for ch in value):
        raise InputError(f"{what} must be Unicode text")
    if len(value) > limit:
        raise InputError(f"{what} is longer than {limit} characters")
    return value


def _doc(value: object) -> str | None:
    if value is None:
        return None
    value = _text(value, "the transcript reference", limit=MAX_DOC_CHARS)
    scheme, colon, rest = value.partition(":")
    if colon and scheme == "folder":
        check_name(rest)
    elif colon and scheme == "corpus":
        if len(rest) > MAX_CHARS or not _CORPUS_ID.fullmatch(rest):
            raise InputError("a corpus id has letters, digits and . _ - only")
    elif value != "builtin":
        raise InputError("the transcript must be builtin, folder:<name> or corpus:<id>")
    return value


def _place(value: object) -> str | None:
    if value is None:
        return None
    scheme, colon, rest = _text(value, "the place id").partition(":")
    if not colon or scheme not in PLACE_SCHEMES or not rest:
        raise InputError(f"a place id starts with {', '.join(s + ':' for s in PLACE_SCHEMES)}")
    return scheme + colon + rest


def _speaker(value: object) -> str | None:
    if value == NONE_TOKEN:
        raise InputError("a speaker's name cannot be empty")
    return None if value is None else _text(value, "the speaker's name")


def _member(vocabulary: type[TurnKind | PlaceKind], value: object, what: str):
    try:
        return vocabulary(value)
    except ValueError:
        known = ", ".join(k.value for k in vocabulary)
        raise InputError(f"the {what} must be one of {known}") from None


def _turn_kind(value: object) -> TurnKind | None:
    return None if value is None else _member(TurnKind, value, "turn kind")


def _place_kind(value: object) -> PlaceKind:
    return _member(PlaceKind, value, "place kind")


def _many(values: object, what: str, convert: Callable) -> list:
    """The values converted, without repeats, in order."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InputError(f"the {what} must be a collection")
    converted = list(dict.fromkeys(convert(v) for v in values))
    if len(converted) > MAX_VALUES:
        raise InputError(f"a link holds at most {MAX_VALUES} {what}")
    return converted


def _hidden(value: object) -> Exclusions:
    if not isinstance(value, Exclusions):
        raise InputError("the hidden values must be an Exclusions")
    return Exclusions(
        speakers=frozenset(_many(value.speakers, "switched-off speakers", _speaker)),
        turn_kinds=frozenset(_many(value.turn_kinds, "switched-off turn kinds", _turn_kind)),
        kinds=frozenset(_many(value.kinds, "switched-off place kinds", _place_kind)),
    )


def _min_mentions(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_MIN:
        raise InputError(f"the minimum number of mentions must be from 1 to {MAX_MIN}")
    return value


def _query(value: object) -> str:
    return _text(value, "the search").strip()


def _country(value: object) -> str:
    code = _text(value, "a country code")
    code = code.upper() if code.isascii() else code  # "ß".upper() is "SS"
    if not _COUNTRY.fullmatch(code):
        raise InputError("a country code is two letters (ISO 3166-1, such as AZ)")
    return code


def _degrees(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(f"the {what} must be a finite number")
    return float(value)


def _center(value: object) -> tuple[float, float] | None:
    """(lat, lon), rounded to DECIMALS; lon is wrapped into [-180, 180)."""
    if value is None:
        return None
    pair = tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else ()
    if len(pair) != 2:
        raise InputError("the map centre must be a (latitude, longitude) pair")
    lat, lon = _degrees(pair[0], "latitude"), _degrees(pair[1], "longitude")
    if not -90 <= lat <= 90:
        raise InputError("the latitude must be from -90 to 90")
    if not -180 <= lon < 180:
        lon = (lon + 180) % 360 - 180
    lon = round(lon, DECIMALS) + 0.0  # + 0.0: no -0.0
    return round(lat, DECIMALS) + 0.0, (-180.0 if lon == 180 else lon)


def _zoom(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ZOOM:
        raise InputError(f"the zoom must be a whole number from 0 to {MAX_ZOOM}")
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """What a link reopens: a transcript, a place, the filters and the map's position.

    Every field is checked (:class:`InputError` for a value a link cannot
    hold); the search is stripped, countries upper-cased without repeats, the
    centre rounded to 5 decimals and its longitude wrapped into [-180, 180).

    Examples
    --------
    >>> link = Link(doc="builtin", place="geonames:587084", center=(40.409262, 409.867))
    >>> link.center
    (40.40926, 49.867)
    """

    doc: str | None = None
    place: str | None = None
    hidden: Exclusions = field(default_factory=Exclusions)
    min_mentions: int = 1
    query: str = ""
    prefer: tuple[str, ...] = ()
    demonyms: bool = False
    center: tuple[float, float] | None = None
    zoom: int | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # normalise the values (frozen dataclass)
        set_(self, "doc", _doc(self.doc))
        set_(self, "place", _place(self.place))
        set_(self, "hidden", _hidden(self.hidden))
        set_(self, "min_mentions", _min_mentions(self.min_mentions))
        set_(self, "query", _query(self.query))
        set_(self, "prefer", tuple(_many(self.prefer, "preferred countries", _country)))
        if not isinstance(self.demonyms, bool):
            raise InputError("demonyms must be True or False")
        set_(self, "center", _center(self.center))
        set_(self, "zoom", _zoom(self.zoom))


def _number(value: float) -> str:
    return f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")


def to_params(link: Link) -> dict[str, list[str]]:
    """The query parameters of ``link``, defaults left out, each value a list.

    Examples
    --------
    >>> off = Exclusions(speakers=frozenset({"Question", None}), kinds=frozenset({"route"}))
    >>> to_params(Link(doc="builtin", hidden=off, min_mentions=2, zoom=7))
    {'doc': ['builtin'], 'hide_speaker': ['', 'Question'], 'hide_kind': ['route'], \
'min': ['2'], 'zoom': ['7']}
    >>> to_params(Link())
    {}
    """
    params = {
        "doc": [link.doc] if link.doc is not None else [],
        "place": [link.place] if link.place is not None else [],
        "hide_speaker": sorted(s or NONE_TOKEN for s in link.hidden.speakers),
        "hide_turn": [k.value for k in TurnKind if k in link.hidden.turn_kinds]
        + ([NONE_TOKEN] if None in link.hidden.turn_kinds else []),
        "hide_kind": [k.value for k in PlaceKind if k in link.hidden.kinds],
        "min": [str(link.min_mentions)] if link.min_mentions != 1 else [],
        "q": [link.query] if link.query else [],
        "prefer": list(link.prefer),
        "demonyms": ["1"] if link.demonyms else [],
        "lat": [_number(link.center[0])] if link.center else [],
        "lon": [_number(link.center[1])] if link.center else [],
        "zoom": [str(link.zoom)] if link.zoom is not None else [],
    }
    return {key: values for key, values in params.items() if values}


def to_query(link: Link) -> str:
    """The URL query string of ``link`` (without the ``?``).

    Examples
    --------
    >>> to_query(Link(doc="folder:2023/Lavrov Baku.txt", query="corridor"))
    'doc=folder%3A2023%2FLavrov+Baku.txt&q=corridor'
    """
    return urlencode(to_params(link), doseq=True)


def _whole(text: str) -> int:
    if not _WHOLE.fullmatch(text):
        raise InputError("not a whole number")
    return int(text)


def _demonyms(text: str) -> bool:
    if text.lower() not in _FLAGS:
        raise InputError("demonyms must be 1 or 0")
    return _FLAGS[text.lower()]


def _coordinate(text: str, limit: int) -> float:
    if not _DEGREES.fullmatch(text) or not -limit <= float(text) <= limit:
        raise InputError(f"not a number of degrees from -{limit} to {limit}")
    return float(text)


# key → (field, parses one value or raises InputError, repeats)
_READERS: dict[str, tuple[str, Callable[[str], object], bool]] = {
    "doc": ("doc", _doc, False),
    "place": ("place", _place, False),
    "hide_speaker": ("speakers", lambda t: None if t == NONE_TOKEN else _speaker(t), True),
    "hide_turn": ("turn_kinds", lambda t: None if t == NONE_TOKEN else _turn_kind(t), True),
    "hide_kind": ("kinds", _place_kind, True),
    "min": ("min_mentions", lambda t: _min_mentions(_whole(t)), False),
    "q": ("query", _query, False),
    "prefer": ("prefer", _country, True),
    "demonyms": ("demonyms", _demonyms, False),
    "lat": ("lat", lambda t: _coordinate(t, 90), False),
    "lon": ("lon", lambda t: _coordinate(t, 180), False),
    "zoom": ("zoom", lambda t: _zoom(_whole(t)), False),
}


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")


def _values(key: str, raw: object, problems: list[str]) -> list[str]:
    """The values of ``key`` worth reading (a few, of text, not too long)."""
    values = [raw] if isinstance(raw, str) else raw
    if not isinstance(values, list | tuple):
        problems.append(f"ignored {key} from the link: its value is not text")
        return []
    repeats = _READERS[key][2]
    limit = MAX_VALUES if repeats else 1
    if len(values) > limit:
        extra = len(values) - limit
        problems.append(f"ignored {extra} more value(s) of {key} from the link (at most {limit})")
    if not all(isinstance(value, str) for value in values[:limit]):
        problems.append(f"ignored {key} from the link: its value is not text")
        return []
    return [v for v in values[:limit] if v or repeats]  # an empty single value is no value


def _read(params: Mapping[str, str | list[str]], problems: list[str]) -> dict[str, object]:
    """The values of the link's fields found in ``params``."""
    found: dict[str, object] = {}
    for key, (name, read, repeats) in _READERS.items():
        if key not in params:
            continue
        for value in _values(key, params[key], problems):
            try:
                parsed = read(value)
            except InputError as err:
                problems.append(f"ignored {key}={_shown(value)} from the link: {err}")
                continue
            if repeats:
                found.setdefault(name, []).append(parsed)
            else:
                found[name] = parsed
    return found


def from_params(params: Mapping[str, str | list[str]]) -> tuple[Link, list[str]]:
    """The link in query parameters, and what was wrong with the values left out.

    Never raises: an unknown kind, a zoom that is no number, a latitude of 91,
    a folder name leading out of the folder… are each left out with a
    message that can be shown as it is (after escaping for Markdown: it may
    quote the URL).

    Examples
    --------
    >>> link, problems = from_params({"doc": "builtin", "hide_kind": ["route", "castle"],
    ...                               "zoom": "far"})
    >>> link.doc, [str(k) for k in link.hidden.kinds], link.zoom
    ('builtin', ['route'], None)
    >>> problems  # doctest: +NORMALIZE_WHITESPACE
    ["ignored hide_kind='castle' from the link: the place kind must be one of city,
      country, region, water, route, other, unresolved, demonym",
     "ignored zoom='far' from the link: not a whole number"]
    """
    problems: list[str] = []
    found = _read(params, problems)
    lat, lon = found.pop("lat", None), found.pop("lon", None)
    if lat is not None and lon is not None:
        found["center"] = (lat, lon)
    elif ("lat" in params) != ("lon" in params):
        problems.append("ignored the map centre from the link: it needs both lat and lon")
    hidden = {n: frozenset(found.pop(n, ())) for n in ("speakers", "turn_kinds", "kinds")}
    if "prefer" in found:
        found["prefer"] = tuple(found["prefer"])
    try:
        return Link(hidden=Exclusions(**hidden), **found), problems
    except InputError as err:  # not expected: every value was checked on its own
        return Link(), [*problems, f"ignored the link: {err}"]


def from_query(text: str) -> tuple[Link, list[str]]:
    """The link in a URL query string (with or without its ``?``) or in a whole URL.

    Examples
    --------
    >>> link, problems = from_query("https://example.org/?doc=builtin&lat=91&lon=0&zoom=3#x")
    >>> link.doc, link.center, link.zoom
    ('builtin', None, 3)
    >>> problems
    ["ignored lat='91' from the link: not a number of degrees from -90 to 90"]
    """
    if len(text) > MAX_QUERY_CHARS:
        return Link(), [f"ignored the link: it is longer than {MAX_QUERY_CHARS} characters"]
    if text.startswith("?") or "://" in text:
        text = urlsplit(text).query
    try:
        params = parse_qs(text, keep_blank_values=True, max_num_fields=len(_READERS) * 200)
    except ValueError:
        return Link(), ["ignored the link: it has too many parameters"]
    return from_params(params)
