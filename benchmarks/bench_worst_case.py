"""Pathological inputs: the time of each at size n and 2n, and their ratio.

A ratio near 2 is linear; near 4 would be quadratic. Prints figures, never fails.

- a 100 KB line of mixed words and place names, a run of ``a`` ending in ``!``,
  thousands of capitalised words in one line (the extractor's regular expressions);
- deeply nested HTML (``<span>a`` repeated), read by the HTML reader;
- an added name that matches everywhere ("and"), applied as a correction.

Usage: python benchmarks/bench_worst_case.py [--runs N]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time

from regionmap import Corrections, analyse, load_gazetteer, prepare
from regionmap.read.html import html_to_text

MIXED = (
    "the talks in Baku and Moscow were about Nizhny Novgorod , Armenia and the South "
    "Caucasus ; we said Most of May was spent in Rasht-Astara talks with Mr Bayramov"
).split()
CAPITALISED = (
    "Azerbaijan Armenia Russia Turkey Iran Georgia Baku Moscow Lachin Zangezur Nakhchivan "
    "Caspian Black Sea Donbas Karabakh Rasht Tehran Kyiv Almaty Prague Sochi Brussels Yerevan"
).split()


def words(pool: list[str], n: int) -> str:
    return " ".join(itertools.islice(itertools.cycle(pool), n))


def timed(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def corrections_case(n: int):
    text = "Talks\n" + words(MIXED, n)
    doc = analyse(text)
    added = Corrections(doc.transcript.sha256).adding("and", "geonames:587084")
    gazetteer = load_gazetteer()
    return lambda: prepare(doc, added, gazetteer=gazetteer)


CASES = {
    "mixed line (words)": (15_000, lambda n: lambda: analyse("Title\n" + words(MIXED, n))),
    "a-run + '!' (chars)": (50_000, lambda n: lambda: analyse("Title\n" + "a" * n + "!")),
    "capitalised words": (5_000, lambda n: lambda: analyse("Title\n" + words(CAPITALISED, n))),
    "nested HTML <span> (levels)": (40_000, lambda n: lambda: html_to_text("<span>a" * n)),
    "correction 'and' (words)": (10_000, corrections_case),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    load_gazetteer()
    print(f"{'case':32} {'n':>8} {'t(n)':>9} {'t(2n)':>9}  ratio (2 = linear)")
    for name, (n, make) in CASES.items():
        small = timed(make(n), args.runs)
        large = timed(make(2 * n), args.runs)
        print(f"{name:32} {n:8,} {small:8.3f}s {large:8.3f}s  {large / small:5.2f}")


if __name__ == "__main__":
    main()
