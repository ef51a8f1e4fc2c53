"""The gazetteer cache: data only, checked before use, keyed by content, pruned by owner.

Most tests build small indexes (a handful of cities, see ``gazetteer_support``);
``test_the_full_build_round_trips_through_its_cache_file`` builds the real one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import random
import shutil
import struct
import time
from pathlib import Path

import pytest

from gazetteer_support import SMALL_CITIES, SMALL_MIN_POPULATION
from regionmap import files
from regionmap.places import build, cachefile
from regionmap.places import gazetteer as loader
from regionmap.resources import geodata_dir

GEODATA = Path(__file__).resolve().parents[1] / "geodata"
SAMPLE = ["Baku", "Kiev", "Karabakh", "Azerbaijan", "Caspian Sea", "New York"]


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache folder (``REGIONMAP_CACHE``)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("REGIONMAP_CACHE", str(folder))
    return folder


@pytest.fixture
def geodata(tmp_path, monkeypatch) -> Path:
    """A private copy of geodata/ (another install's folder, as far as the owner goes)."""
    root = tmp_path / "geodata"
    shutil.copytree(GEODATA, root)
    monkeypatch.setenv("REGIONMAP_GEODATA", str(root))
    geodata_dir.cache_clear()
    yield root
    monkeypatch.delenv("REGIONMAP_GEODATA", raising=False)
    geodata_dir.cache_clear()


_SMALL: dict[tuple[int, str], object] = {}  # small gazetteers, built once per key
_REAL_BUILD = build.build_gazetteer


@pytest.fixture
def builds(monkeypatch) -> list[tuple[int, str]]:
    """Builds are small (a few cities) and recorded as (min_population, key)."""
    calls = []

    def small_build(*, min_population: int, key: str = ""):
        calls.append((min_population, key))
        if (min_population, key) not in _SMALL:
            _SMALL[min_population, key] = _REAL_BUILD(
                min_population=min_population, key=key, cities=SMALL_CITIES
            )
        return _SMALL[min_population, key]

    monkeypatch.setattr(build, "build_gazetteer", small_build)
    return calls


def _open(min_population: int = SMALL_MIN_POPULATION):
    return loader.open_gazetteer(min_population=min_population)


def _caches(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("gazetteer-*.gaz"))


def _same_index(a, b) -> None:
    assert len(a) == len(b)
    assert a.key == b.key
    for name in SAMPLE:
        assert a.lookup(name) == b.lookup(name), name
        assert a.search(name) == b.search(name), name
    assert a.countries() == b.countries()


# --------------------------------------------------------------------------- round trip


def test_a_cache_is_written_once_and_then_loaded(cache, builds):
    built = _open()
    assert len(builds) == 1
    (name,) = _caches(cache)
    assert name.startswith(f"gazetteer-{built.key}-")
    loaded = _open()
    assert len(builds) == 1  # from the file
    assert loaded is not built
    _same_index(built, loaded)
    assert [loaded.entry(i) for i in range(len(loaded))] == [
        built.entry(i) for i in range(len(built))
    ]
    for i in range(len(built)):
        entry = built.entry(i)
        assert loaded.geometry_json(entry) == built.geometry_json(entry)
    assert loaded.trie.keys() == built.trie.keys()
    assert loaded.words.keys() == built.words.keys()
    assert not [p for p in cache.iterdir() if p.suffix == ".tmp"]


def test_a_loaded_index_is_read_only(cache, builds):
    _open()
    loaded = _open()
    loaded.search("Baku")  # unpacks the search index
    with pytest.raises(TypeError):
        loaded._c["lat"][0] = 0.0
    with pytest.raises(TypeError):
        loaded._c["cand"][0] = 0
    for value in vars(loaded).values():
        assert not isinstance(value, list | dict | set | bytearray)
    keys, *arrays = loaded._search_index
    assert isinstance(keys, tuple)
    assert all(a.readonly for a in arrays)


def test_cache_file_layout(cache, builds):
    built = _open()
    data = Path(cache / _caches(cache)[0]).read_bytes()
    magic, digest, size = struct.unpack_from("<8s32sI", data)
    assert magic == cachefile.MAGIC
    assert hashlib.sha256(data[40:]).digest() == digest
    header = cachefile.orjson.loads(data[44 : 44 + size])
    assert (header["format"], header["key"], header["rows"]) == (
        cachefile.FORMAT_VERSION,
        built.key,
        len(built),
    )


# --------------------------------------------------------------------------- key and owner


def test_two_thresholds_share_one_cache_folder(cache, builds):
    small, smaller = _open(15000), _open(5000)
    assert small.key != smaller.key
    assert len(_caches(cache)) == 2
    _open(15000), _open(5000)
    assert len(builds) == 2  # neither deleted the other's cache
    assert len(_caches(cache)) == 2


def test_a_changed_source_file_gives_a_new_key(cache, geodata, builds):
    before = loader.source_key(SMALL_MIN_POPULATION)
    path = geodata / "aliases.csv"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert loader.source_key(SMALL_MIN_POPULATION) == before  # by content, not by time
    with path.open("a", encoding="utf-8") as handle:
        handle.write("Baku Town,AZ,curated: test\n")
    assert loader.source_key(SMALL_MIN_POPULATION) != before


def test_the_key_depends_on_content_and_the_owner_on_the_install(cache, geodata, monkeypatch):
    copy = loader.source_key(SMALL_MIN_POPULATION), loader.cache_owner(SMALL_MIN_POPULATION)
    monkeypatch.delenv("REGIONMAP_GEODATA")
    geodata_dir.cache_clear()
    shipped = loader.source_key(SMALL_MIN_POPULATION), loader.cache_owner(SMALL_MIN_POPULATION)
    assert copy[0] == shipped[0]  # the same bytes: one key, so one cache serves both
    assert copy[1] != shipped[1]  # two folders: two owners, neither prunes the other
    assert loader.cache_owner(5000) != shipped[1]


def test_a_new_cache_replaces_only_the_owners_older_one(cache, geodata, builds):
    first = _open()
    foreign = cache / f"gazetteer-{'0' * 24}-{'f' * 12}.gaz"
    other_threshold = _open(5000)
    foreign.write_bytes(b"another install's cache")
    with (geodata / "aliases.csv").open("a", encoding="utf-8") as handle:
        handle.write("Baku Town,AZ,curated: test\n")
    second = _open()
    assert second.key != first.key
    names = _caches(cache)
    assert not [n for n in names if first.key in n]  # the owner's older cache is gone
    assert [n for n in names if second.key in n]
    assert [n for n in names if other_threshold.key in n]  # another threshold keeps its
    assert foreign.read_bytes() == b"another install's cache"  # another install keeps its


def test_a_cache_written_by_another_install_is_used(cache, builds):
    built = _open()
    (mine,) = cache.glob("gazetteer-*.gaz")
    theirs = mine.with_name(f"gazetteer-{built.key}-{'e' * 12}.gaz")
    mine.rename(theirs)
    _same_index(_open(), built)
    assert len(builds) == 1
    assert _caches(cache) == [theirs.name]  # used, not copied, not deleted


def test_unchanged_files_are_not_read_again(cache, geodata, monkeypatch):
    key = loader.source_key(SMALL_MIN_POPULATION)
    assert (cache / loader.HASHES_NAME).is_file()

    def no_reading(*args, **kwargs):
        raise AssertionError("an unchanged file was hashed again")

    monkeypatch.setattr(loader.hashlib, "file_digest", no_reading)
    assert loader.source_key(SMALL_MIN_POPULATION) == key
    (geodata / "not_places.txt").write_text("White House\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="hashed again"):
        loader.source_key(SMALL_MIN_POPULATION)


@pytest.mark.parametrize("content", [b"", b"{]", b"[1, 2]", b'{"/x": "y"}', b"\xff" * 99])
def test_a_broken_side_index_is_ignored(cache, content):
    key = loader.source_key(SMALL_MIN_POPULATION)
    (cache / loader.HASHES_NAME).write_bytes(content)
    assert loader.source_key(SMALL_MIN_POPULATION) == key


def test_crash_leftovers_of_the_owner_are_removed(cache, builds):
    built = _open()
    owner = _caches(cache)[0].rsplit("-", 1)[1].removesuffix(".gaz")
    old = time.time() - 2 * 3600
    leftovers = {
        "mine, old": cache / f".gazetteer-{built.key}-{owner}.gaz.0a1b2c.tmp",
        "mine, new": cache / f".gazetteer-{built.key}-{owner}.gaz.3d4e5f.tmp",
        "theirs, old": cache / f".gazetteer-{built.key}-{'f' * 12}.gaz.0a1b2c.tmp",
    }
    for name, path in leftovers.items():
        path.write_bytes(b"partial")
        if "old" in name:
            os.utime(path, (old, old))
    (cache / _caches(cache)[0]).unlink()
    _open()
    assert not leftovers["mine, old"].exists()
    assert leftovers["mine, new"].exists()  # perhaps being written right now
    assert leftovers["theirs, old"].exists()


def test_a_failed_write_leaves_no_temporary_file(cache, builds, monkeypatch):
    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", full_disk)
    gazetteer = _open()
    assert gazetteer.lookup("Baku")
    assert list(cache.iterdir()) == []  # neither the cache nor the side index, no leftovers


def test_an_unusable_cache_folder_only_costs_speed(tmp_path, monkeypatch, builds):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    monkeypatch.setenv("REGIONMAP_CACHE", str(not_a_folder))
    assert _open().lookup("Baku")
    assert _open().lookup("Baku")
    assert len(builds) == 2


# --------------------------------------------------------------------------- broken caches


@pytest.fixture
def good(cache, builds):
    """The small index, its cache file and that file's bytes."""
    built = _open()
    path = cache / _caches(cache)[0]
    return built, path, path.read_bytes()


def _rebuilt(path: Path, content: bytes, good, builds) -> None:
    """A cache holding ``content`` is not used: the index is built again, right."""
    built, _, data = good
    path.write_bytes(content)
    count = len(builds)
    loaded = _open()
    assert len(builds) == count + 1, "the broken cache was used"
    _same_index(loaded, built)
    assert path.read_bytes() == data  # written again, whole


def test_every_flipped_byte_is_detected(good, builds):
    built, path, data = good
    rng = random.Random(20230228)
    offsets = sorted({*range(48), *rng.sample(range(len(data)), 50), len(data) - 1})
    for offset in offsets:
        broken = bytearray(data)
        broken[offset] ^= rng.randrange(1, 256)
        path.write_bytes(broken)
        with pytest.raises(cachefile.CacheError):
            cachefile.load(path, key=built.key)
    for offset in rng.sample(offsets, 50):
        broken = bytearray(data)
        broken[offset] ^= 1 << rng.randrange(8)
        _rebuilt(path, bytes(broken), good, builds)


@pytest.mark.parametrize("length", [0, 1, 8, 40, 44, 100, 5000, -100, -1])
def test_a_truncated_cache_is_rebuilt(good, builds, length):
    _, path, data = good
    _rebuilt(path, data[:length], good, builds)


def test_garbage_and_foreign_files_are_rebuilt(good, builds):
    _, path, data = good
    rng = random.Random(7)
    for content in (
        rng.randbytes(len(data)),
        cachefile.MAGIC + rng.randbytes(5000),
        b'{"format": 7}',
        data + b"trailing",
        data[:44] + data[45:],
        pickle.dumps({"c": {}, "k": "x"}),
        pickle.dumps(good[0]),
    ):
        _rebuilt(path, content, good, builds)


def _rewritten(data: bytes, header_change) -> bytes:
    """The file with a changed header and a checksum that matches again."""
    _, _, size = struct.unpack_from("<8s32sI", data)
    header = cachefile.orjson.loads(data[44 : 44 + size])
    header_change(header)
    text = cachefile.orjson.dumps(header)
    rest = struct.pack("<I", len(text)) + text + data[44 + size :]
    return cachefile.MAGIC + hashlib.sha256(rest).digest() + rest


@pytest.mark.parametrize(
    "change",
    [
        lambda h: h.update(format=h["format"] + 1),  # another format version
        lambda h: h.update(key="0" * 24),  # another index
        lambda h: h.update(rows=h["rows"] + 1),
        lambda h: h["sections"][0].__setitem__(3, h["sections"][0][3] - 8),
        lambda h: h["sections"].pop(),
        lambda h: h["sections"][0].__setitem__(1, "pickle"),
        lambda h: h["sections"][0].__setitem__(2, 10**12),
        lambda h: h.pop("vocabularies"),
    ],
    ids=["format", "key", "rows", "short-column", "missing-section", "kind", "offset", "vocab"],
)
def test_a_checked_file_that_does_not_fit_together_is_rebuilt(good, builds, change):
    _, path, data = good
    _rebuilt(path, _rewritten(data, change), good, builds)


class _Payload:
    """Creates a file when unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({str(self.marker)!r}, 'w').write('ran')",))


def test_a_cache_file_is_never_executed(good, builds, tmp_path):
    built, path, _ = good
    proof = tmp_path / "proof"
    pickle.loads(pickle.dumps(_Payload(proof)))  # shows that the payload works
    assert proof.read_text(encoding="utf-8") == "ran"
    marker = tmp_path / "marker"
    payload = pickle.dumps(_Payload(marker))
    old_style = path.with_name(f"gazetteer-{built.key[:16]}.pickle")
    old_style.write_bytes(payload)
    _rebuilt(path, payload, good, builds)
    assert not marker.exists()
    assert old_style.exists()  # an older regionmap's cache: not ours to delete


# --------------------------------------------------------------------------- the real build


@pytest.mark.slow
def test_the_full_build_round_trips_through_its_cache_file(cache):
    """The real index (all GeoNames cities) built by load_gazetteer(), written, read back."""
    loader.load_gazetteer.cache_clear()
    try:
        built = loader.load_gazetteer()
        assert len(_caches(cache)) == 1
        loaded = loader.open_gazetteer(min_population=loader.DEFAULT_MIN_POPULATION)
    finally:
        loader.load_gazetteer.cache_clear()  # later tests load the user's cache again
    assert len(built) > 60000
    _same_index(loaded, built)
    assert [loaded.entry(i) for i in range(len(loaded))] == [
        built.entry(i) for i in range(len(built))
    ]
    assert loaded.trie.keys() == built.trie.keys()
    for query in ("Raqqa", "Hodeidah", "Kiev", "Deir ez Zor", "Geneva", "a"):
        assert loaded.search(query) == built.search(query)
    assert loaded.search("Raqqa")[0].place_id == "geonames:172955"
