"""The gazetteer cache file: data only, checked whole before any of it is used.

Loading it can run no code: it holds no pickle, only bytes that are parsed
as what they are declared to be. The layout is

- 8 bytes: :data:`MAGIC`;
- 32 bytes: the SHA-256 of everything after them;
- 4 bytes: the length of the header (little-endian);
- the header, JSON: format version, key, owner, number of rows, and for
  every section its name, kind, offset and length in the payload;
- the payload, the sections one after the other: marisa tries as
  ``Trie.tobytes()``; numeric columns, and the codes of the string columns
  with few distinct values (their vocabularies are in the header), as raw
  ``array`` bytes (native byte order, which the cache key includes); the
  other string columns as JSON lists; the geometries as their GeoJSON texts
  end to end, with their lengths in the header; the search index as
  :func:`regionmap.places.search.pack` made it.

:func:`load` checks the magic, the format version, the key and the checksum
before it parses anything, then that the parts fit together, and raises
:class:`CacheError` (a ValueError) when anything is wrong. A file is written
whole or not at all (:func:`regionmap.files.atomic_output`).
"""

from __future__ import annotations

import hashlib
import os
import struct
from array import array
from pathlib import Path

import marisa_trie
import orjson

from regionmap.files import atomic_output
from regionmap.places.index import CODED, Gazetteer

__all__ = ["FORMAT_VERSION", "MAGIC", "CacheError", "dump", "load"]

#: Bump when the layout or the meaning of a section changes.
FORMAT_VERSION = 7
MAGIC = b"RMGAZ\r\n\x1a"  # \r\n and ^Z: a text-mode copy corrupts the magic
MAX_BYTES = 1 << 30  # no gazetteer is this large; a bigger file is not read
_PREFIX = struct.Struct("<8s32sI")


class CacheError(ValueError):
    """The cache file is not a complete, current gazetteer cache."""


def dump(gazetteer: Gazetteer, path: Path, *, owner: str) -> int:
    """Write ``gazetteer`` to ``path`` (atomically); returns the number of bytes.

    Examples
    --------
    >>> import tempfile
    >>> from regionmap.places.gazetteer import load_gazetteer
    >>> gazetteer = load_gazetteer()
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     size = dump(gazetteer, Path(folder) / "g.gaz", owner="doctest")
    ...     again = load(Path(folder) / "g.gaz", key=gazetteer.key)
    >>> again.lookup("Baku") == gazetteer.lookup("Baku"), len(again) == len(gazetteer)
    (True, True)
    """
    state = gazetteer.__getstate__()
    sections: list[list] = []
    chunks: list[bytes] = []

    def add(name: str, kind: str, data: bytes, meta: object = None) -> None:
        sections.append([name, kind, sum(map(len, chunks)), len(data), meta])
        chunks.append(data)

    for name, column in state["c"].items():
        if isinstance(column, array):
            add(name, "array", column.tobytes(), column.typecode)
        else:
            add(name, "json", orjson.dumps(column))
    for name, trie in (("trie", state["t"]), ("words", state["w"]), ("ids", state["i"])):
        add(name, "trie", trie.tobytes())
    geometries = [(place_id, text.encode("utf-8")) for place_id, text in state["g"].items()]
    add(
        "geometries",
        "geometries",
        b"".join(text for _, text in geometries),
        [[place_id, len(text)] for place_id, text in geometries],
    )
    add("search", "raw", state["s"])
    header = orjson.dumps(
        {
            "format": FORMAT_VERSION,
            "key": state["k"],
            "owner": owner,
            "rows": len(gazetteer),
            "vocabularies": state["v"],
            "sections": sections,
        }
    )
    body = [struct.pack("<I", len(header)), header, *chunks]
    digest = hashlib.sha256()
    for part in body:
        digest.update(part)
    with atomic_output(path, binary=True) as out:
        out.write(MAGIC + digest.digest())
        for part in body:
            out.write(part)
    return len(MAGIC) + digest.digest_size + sum(map(len, body))


def load(path: Path, *, key: str) -> Gazetteer:
    """The gazetteer in the cache file at ``path``, which must hold ``key``.

    Raises
    ------
    OSError
        When the file cannot be read (FileNotFoundError when there is none).
    CacheError
        When it is anything but a complete cache of this format and key.
    """
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size > MAX_BYTES:
            raise CacheError("the file is too large to be a gazetteer cache")
        data = handle.read()
    if len(data) < _PREFIX.size:
        raise CacheError("the file is truncated")
    magic, digest, header_size = _PREFIX.unpack_from(data)
    if magic != MAGIC:
        raise CacheError("the file is not a gazetteer cache")
    start = _PREFIX.size + header_size
    try:
        header = orjson.loads(memoryview(data)[_PREFIX.size : start])
    except orjson.JSONDecodeError as err:
        raise CacheError(f"the header is unreadable: {err}") from err
    if not isinstance(header, dict) or header.get("format") != FORMAT_VERSION:
        raise CacheError("the file has another format version")
    if header.get("key") != key:
        raise CacheError("the file holds another version of the index")
    if hashlib.sha256(memoryview(data)[_PREFIX.size - 4 :]).digest() != digest:
        raise CacheError("the checksum does not match: the file is corrupt")
    try:
        return _parse(memoryview(data)[start:], header)
    except CacheError:
        raise
    except (KeyError, IndexError, TypeError, ValueError) as err:  # a faulty writer's file
        raise CacheError(f"the parts of the file do not fit together: {err!r}") from err


def _parse(payload: memoryview, header: dict) -> Gazetteer:
    """The gazetteer from its checked payload."""
    parts: dict[str, object] = {}
    columns: dict[str, object] = {}
    for name, kind, offset, length, meta in header["sections"]:
        if min(offset, length) < 0 or offset + length > len(payload):
            raise CacheError(f"section {name} lies outside the file")
        data = payload[offset : offset + length]
        if kind == "array":
            column = array(meta)
            column.frombytes(data)
            columns[name] = column
        elif kind == "json":
            columns[name] = orjson.loads(data)
        elif kind == "trie":
            parts[name] = marisa_trie.Trie().frombytes(bytes(data))
        elif kind == "geometries":
            parts[name] = _geometries(data, meta)
        elif kind == "raw":
            parts[name] = bytes(data)
        else:
            raise CacheError(f"section {name} has the unknown kind {kind!r}")
    vocabularies = header["vocabularies"]
    _check(columns, parts, header["rows"], vocabularies)
    return Gazetteer(
        columns,
        parts["trie"],
        parts["geometries"],
        parts["words"],
        header["key"],
        parts["ids"],
        parts["search"],
        vocabularies,
    )


def _geometries(data: memoryview, lengths: list) -> dict[str, str]:
    out = {}
    offset = 0
    for place_id, length in lengths:
        out[place_id] = str(data[offset : offset + length], "utf-8")
        offset += length
    if offset != len(data):
        raise CacheError("the geometries do not fill their section")
    return out


def _check(columns: dict, parts: dict, rows: int, vocabularies: dict) -> None:
    """That the parts fit together (a checked file from a faulty writer could still not)."""
    missing = {"trie", "words", "ids", "geometries", "search"} - set(parts)
    missing |= {"ids", "names", "kinds", "cand_start", "cand", "id_rows"} - set(columns)
    if missing:
        raise CacheError(f"the file lacks {sorted(missing)}")
    lengths = {name: len(c) for name, c in columns.items() if name not in ("cand_start", "cand")}
    if set(lengths.values()) != {rows} or len(parts["ids"]) != rows:
        raise CacheError(f"the columns do not all have {rows} rows")
    starts = columns["cand_start"]
    if len(starts) != len(parts["trie"]) + 1 or starts[-1] != len(columns["cand"]):
        raise CacheError("the surface forms do not match their candidates")
    if not all(isinstance(vocabularies.get(name), list) for name in CODED):
        raise CacheError("the file lacks the vocabulary of a column")
