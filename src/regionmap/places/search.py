"""Search by name for the correction form: forgiving, fast, most important first.

Every entry's name, its curated aliases and the Latin-script GeoNames alternate
names of every city are reduced to *search keys* (:func:`search_keys`): without
diacritics, case, spaces, hyphens, dots or apostrophes, and also without a
leading Arabic article ("Ar Raqqah" is found as "raqqah" too). The keys are
sorted, so the keys a query starts are one range found by bisection, and the
entries of a range are one slice of an array.

A query is answered in tiers, each ordered by prominence (rank, then
population, then name): entries with a key equal to the query (from three
letters on: "Kiev" finds Kyiv before Kievskiy), entries whose own name or
curated alias starts with it, entries whose alternate name starts with it
("Bak" finds Baku before Beijing, "Bakin" in Indonesian), then, when that
makes fewer than ``limit``, close fuzzy matches (:mod:`rapidfuzz`, with
similarity at least 75 of 100) among the keys that share the query's first
letter: searching all keys would take about ten times longer.

The index is packed into one zlib-compressed blob (:func:`pack`) that the cache
file stores as it is; it is unpacked (:func:`unpack`) at the first search.
"""

from __future__ import annotations

import re
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence

from regionmap.places.fold import fold

__all__ = ["SearchIndex", "find", "normalise", "pack", "search_keys", "unpack"]

#: Set on the value of an entry found only through an alternate name.
ALTERNATE = 1 << 30
_POSITION = ALTERNATE - 1
_FUZZY_CUTOFF = 75  # rapidfuzz.fuzz.ratio, 0-100: "kyiv" for "kiev" is 75
_FUZZY_MIN_LENGTH = 3
_EXACT_MIN_LENGTH = 3  # "Ba" is more often the start of a name than Ba, Fiji
_LAST = "\U0010ffff"  # sorts after every character a key holds
_SEPARATORS = re.compile(r"[\W_\u02b0-\u02ff]+")  # modifier letters: ʼ ʻ ʿ ʾ
_ARTICLE = re.compile(r"(?:al|ar|as|ad|an|at|az|ash|el|ed|es)[\s\-‐–—]+(?=\w)")
_HEAD = 8  # bytes before the arrays: number of keys and of ranked rows

#: The unpacked index: sorted keys; where each key's values start in ``values``
#: (one more than there are keys); values (a position in ``order``, with
#: :data:`ALTERNATE` set when only an alternate name has the key); rows from
#: the most to the least prominent.
SearchIndex = tuple[tuple[str, ...], memoryview, memoryview, memoryview]


def normalise(text: str) -> str:
    """A name or query as a search key: no diacritics, case or separators.

    Examples
    --------
    >>> normalise("Deir ez-Zor"), normalise("Al Ḩudaydah"), normalise("  Kyiv's ")
    ('deirezzor', 'alhudaydah', 'kyivs')
    """
    return _SEPARATORS.sub("", fold(text).casefold())


def search_keys(name: str) -> set[str]:
    """The keys a name is found by: itself, and without a leading Arabic article.

    Examples
    --------
    >>> sorted(search_keys("Ar Raqqah")), sorted(search_keys("El-Hodeidah"))
    (['arraqqah', 'raqqah'], ['elhodeidah', 'hodeidah'])
    >>> sorted(search_keys("Arles")), search_keys("---")
    (['arles'], set())
    """
    low = fold(name).casefold().strip()
    key = low if low.isascii() and low.isalnum() else _SEPARATORS.sub("", low)
    keys = {key} if key else set()
    article = _ARTICLE.match(low)
    if article and (bare := _SEPARATORS.sub("", low[article.end() :])):
        keys.add(bare)
    return keys


def pack(names: Iterable[tuple[str, int, bool]], order: Sequence[int]) -> bytes:
    """The search index of ``(name, row, alternate)`` triples, compressed.

    ``order`` lists the searchable rows from the most to the least prominent;
    names of other rows are left out.

    Examples
    --------
    >>> index = unpack(pack([("Ar Raqqah", 0, False), ("Raqqa", 0, True)], [0]))
    >>> index[0], find(index, "raqq", 5)
    (('arraqqah', 'raqqa', 'raqqah'), [0])
    """
    position = {row: i for i, row in enumerate(order)}
    by_key: dict[str, set[int]] = {}
    keys_of: dict[str, set[str]] = {}
    for name, row, alternate in names:
        if row not in position:
            continue
        value = position[row] | ALTERNATE if alternate else position[row]
        if name not in keys_of:
            keys_of[name] = search_keys(name)
        for key in keys_of[name]:
            if key in by_key:
                by_key[key].add(value)
            else:
                by_key[key] = {value}
    keys = sorted(by_key)
    starts, values = array("i"), array("i")
    for key in keys:
        found = by_key[key]
        starts.append(len(values))
        # an entry whose own name has the key is not also listed as an alternate
        values.extend(sorted(v for v in found if v < ALTERNATE or v - ALTERNATE not in found))
    starts.append(len(values))
    head = array("i", [len(keys), len(order)]).tobytes()
    body = [head, array("i", order).tobytes(), starts.tobytes(), values.tobytes()]
    text = "\n".join(keys).encode("utf-8")
    return zlib.compress(b"".join([*body, text]), 3)


def unpack(blob: bytes) -> SearchIndex:
    """The index :func:`pack` made; ValueError when it is malformed."""
    if not blob:
        empty = memoryview(array("i", [0])).toreadonly()
        return (), empty, empty[:0], empty[:0]
    data = memoryview(zlib.decompress(blob))
    n_keys, n_rows = array("i", bytes(data[:_HEAD]))
    parts = []
    offset = _HEAD
    for count in (n_rows, n_keys + 1, None):
        if count is None:  # the values: as many as the last start says
            count = parts[1][-1] if len(parts[1]) == n_keys + 1 else 0
        part = array("i")
        part.frombytes(data[offset : offset + 4 * count])
        parts.append(part)
        offset += 4 * count
    order, starts, values = parts
    keys = tuple(str(data[offset:], "utf-8").split("\n")) if n_keys else ()
    if len(keys) != n_keys or len(starts) != n_keys + 1 or len(order) != n_rows:
        raise ValueError("the search index is malformed")
    return keys, *(memoryview(part).toreadonly() for part in (starts, values, order))


def find(index: SearchIndex, query: str, limit: int) -> list[int]:
    """Rows of up to ``limit`` distinct entries matching ``query``, best first."""
    keys, starts, values, order = index
    needle = normalise(query)
    if not needle or limit <= 0 or not keys:
        return []
    lo = bisect_left(keys, needle)
    hi = bisect_left(keys, needle + _LAST, lo)
    ranked: list[int] = []
    if len(needle) >= _EXACT_MIN_LENGTH and lo < hi and keys[lo] == needle:
        ranked += sorted(v & _POSITION for v in values[starts[lo] : starts[lo + 1]])
    ranked += [v & _POSITION for v in sorted(set(values[starts[lo] : starts[hi]]))]
    found = _distinct(ranked, limit)
    if len(found) < limit and len(needle) >= _FUZZY_MIN_LENGTH:
        found = _distinct(found + _fuzzy(index, needle, limit), limit)
    return [order[position] for position in found]


def _distinct(positions: Iterable[int], limit: int) -> list[int]:
    seen: set[int] = set()
    out = []
    for position in positions:
        if position not in seen:
            seen.add(position)
            out.append(position)
            if len(out) == limit:
                break
    return out


def _fuzzy(index: SearchIndex, needle: str, limit: int) -> list[int]:
    """Positions of entries with a key close to ``needle`` and its first letter,
    closest first, then most prominent."""
    from rapidfuzz import fuzz, process

    keys, starts, values, _ = index
    lo = bisect_left(keys, needle[0])
    hi = bisect_left(keys, needle[0] + _LAST, lo)
    matches = process.extract(
        needle, keys[lo:hi], scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=4 * limit
    )
    scored = [
        (-score, v & _POSITION)
        for _, score, i in matches
        for v in values[starts[lo + i] : starts[lo + i + 1]]
    ]
    return [position for _, position in sorted(scored)]
