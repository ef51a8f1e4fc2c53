"""The gazetteer cache and search: cache size, key and load time, search latency.

Usage: python benchmarks/bench_gazetteer.py [--runs N] [--min-population N]

Prints figures; nothing passes or fails. The cache is built first when it is
missing (in the cache folder in use: ``REGIONMAP_CACHE`` or the user's).

- cache: the file's size, and the size of the search index in it;
- key: computing the cache key with the side index of file hashes (as at every
  start-up), and hashing the same files' bytes (what the side index saves);
- load: reading and checking the cache file in this process; a new process that
  loads the gazetteer; a cold ``regionmap extract`` of the seed transcript;
- search: the first search of a process (it unpacks the search index), then the
  median latency of typical queries and what each finds first.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import subprocess
import sys
import time
from pathlib import Path

from regionmap.places import cachefile
from regionmap.places import gazetteer as loader
from regionmap.resources import geodata_dir, seed_path

QUERIES = [
    "a",
    "Ba",
    "Bak",
    "Baku",
    "Raqqa",
    "Hodeidah",
    "Kiev",
    "Deir ez Zor",
    "Geneva",
    "San Jose",
    "Sao Paulo",
    "Nagorno",
    "Tbilissi",
    "Moskow",
    "Hodeydah",
    "xyzzyq",
]


def _ms(seconds: float) -> str:
    return f"{1000 * seconds:7.1f} ms"


def _timed(function, runs: int) -> tuple[float, float]:
    """Median and minimum wall time of ``function()`` over ``runs`` calls."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times)


def _process(args: list[str], runs: int) -> tuple[float, float]:
    def run() -> None:
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)

    return _timed(run, runs)


def cache_figures(min_population: int, runs: int) -> Path:
    started = time.perf_counter()
    gazetteer = loader.open_gazetteer(min_population=min_population)
    elapsed = time.perf_counter() - started
    key, owner = loader.source_key(min_population), loader.cache_owner(min_population)
    path = loader.cache_path(key, owner)
    if not path.is_file():  # another install's file with the same key
        path = next(path.parent.glob(f"gazetteer-{key}-*.gaz"))
    print(f"gazetteer: {len(gazetteer)} entries, min_population {min_population}")
    print(f"  first open (loaded or built)  {_ms(elapsed)}")
    search_bytes = len(gazetteer.__getstate__()["s"])
    size = path.stat().st_size
    print(f"  cache file                    {size / 1e6:7.2f} MB  {path}")
    print(f"  of which the search index     {search_bytes / 1e6:7.2f} MB (zlib)")

    median, best = _timed(lambda: loader.source_key(min_population), runs)
    print(f"  cache key, side index         {_ms(median)} median, {_ms(best)} min")
    paths = [geodata_dir() / name for name in loader.SOURCE_FILES]
    paths += [Path(loader.__file__).parent / name for name in loader.CODE_FILES]

    def hash_all() -> None:
        for file in paths:
            with open(file, "rb") as handle:
                hashlib.file_digest(handle, "sha256")

    median, best = _timed(hash_all, runs)
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    print(f"  hashing the {megabytes:.1f} MB instead   {_ms(median)} median, {_ms(best)} min")

    median, best = _timed(lambda: cachefile.load(path, key=key), runs)
    print(f"  load + check, in process      {_ms(median)} median, {_ms(best)} min")
    return path


def process_figures(min_population: int, runs: int) -> None:
    code = (
        "from regionmap.places.gazetteer import open_gazetteer; "
        f"open_gazetteer(min_population={min_population})"
    )
    median, best = _process([sys.executable, "-c", code], runs)
    print(f"  new process that loads it     {_ms(median)} median, {_ms(best)} min")
    if min_population == loader.DEFAULT_MIN_POPULATION:
        extract = [sys.executable, "-m", "regionmap", "extract", str(seed_path())]
        median, best = _process(extract, runs)
        print(f"  cold `regionmap extract` seed {_ms(median)} median, {_ms(best)} min")


def search_figures(min_population: int, runs: int) -> None:
    gazetteer = loader.open_gazetteer(min_population=min_population)  # a fresh object
    started = time.perf_counter()
    gazetteer.search("Baku")
    print(f"search: first search (unpacks the index) {_ms(time.perf_counter() - started)}")
    latencies = []
    for query in QUERIES:
        median, _ = _timed(lambda q=query: gazetteer.search(q, limit=12), runs)
        latencies.append(median)
        hits = gazetteer.search(query, limit=12)
        first = f"{hits[0].name} ({hits[0].country or hits[0].kind})" if hits else "-"
        print(f"  {query!r:14} {_ms(median)}  {len(hits):2} hits, first: {first}")
    typical, worst = statistics.median(latencies), max(latencies)
    print(f"  median over the queries {_ms(typical)}, max {_ms(worst)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--min-population", type=int, default=loader.DEFAULT_MIN_POPULATION)
    args = parser.parse_args()
    cache_figures(args.min_population, args.runs)
    process_figures(args.min_population, args.runs)
    search_figures(args.min_population, args.runs)


if __name__ == "__main__":
    main()
