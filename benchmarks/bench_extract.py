"""Extraction speed side by side with geotext: prints figures, never fails.

(a) cold ``regionmap extract`` of the seed as a whole process: median wall time and
    peak RSS over several runs, and the same for geotext on the same file;
(b) warm throughput in words per second on a corpus of 1M+ varied words
    (see corpus.py), for regionmap's extraction+resolution and for geotext;
(c) one large file (the corpus joined into one transcript, at 184k and 1M words):
    ``regionmap extract FILE`` as a whole process, against the in-process rate of
    ``analyse`` on the same text, so that the output stage is shown to be linear.

Usage: python benchmarks/bench_extract.py [--runs N] [--words N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "geodata/examples/lavrov-bayramov-baku-2023-02-28.txt"
GEOTEXT = "import sys; from geotext import GeoText; GeoText(open(sys.argv[1]).read())"


def run_process(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{cmd} failed with status {status}")
    return wall, usage.ru_maxrss / 1024


def cold(runs: int) -> None:
    regionmap = [sys.executable, "-m", "regionmap", "extract", str(SEED)]
    geotext = [sys.executable, "-c", GEOTEXT, str(SEED)]
    run_process(regionmap)  # make sure the index cache exists
    ours, theirs = [], []
    for _ in range(runs):  # interleaved, so both see the same machine load
        ours.append(run_process(regionmap))
        theirs.append(run_process(geotext))
    ow, orss = statistics.median(w for w, _ in ours), max(r for _, r in ours)
    tw, trss = statistics.median(w for w, _ in theirs), max(r for _, r in theirs)
    print(f"(a) cold extract of the seed, median of {runs} runs")
    print(f"    regionmap  {ow:6.3f} s  peak RSS {orss:6.1f} MiB   (goal <= 0.25 s, <= 150 MiB)")
    print(f"    geotext    {tw:6.3f} s  peak RSS {trss:6.1f} MiB")
    print(f"    ratio regionmap/geotext: time {ow / tw:.2f}, memory {orss / trss:.2f}")


def warm(words: int, runs: int) -> None:
    from geotext import GeoText

    from regionmap import analyse_transcript, load_gazetteer, load_transcript

    docs = corpus(words)
    n_words = sum(len(d.split()) for d in docs)
    gazetteer = load_gazetteer()
    transcripts = [load_transcript(d) for d in docs]

    def ours() -> float:
        started = time.perf_counter()
        for t in transcripts:
            analyse_transcript(t, gazetteer=gazetteer)
        return time.perf_counter() - started

    def theirs() -> float:
        started = time.perf_counter()
        for d in docs:
            GeoText(d)
        return time.perf_counter() - started

    GeoText("warm up in Paris")
    o = statistics.median(ours() for _ in range(runs))
    t = statistics.median(theirs() for _ in range(runs))
    print(f"(b) warm throughput on {n_words:,} words in {len(docs)} documents, median of {runs}")
    print(f"    regionmap  {n_words / o:12,.0f} words/s   (goal >= 1,000,000)")
    print(f"    geotext    {n_words / t:12,.0f} words/s")
    print(f"    ratio regionmap/geotext: {t / o:.2f}x the speed")


def one_file(words: int, folder: Path) -> None:
    """(c) ``regionmap extract`` of one big file against in-process ``analyse``."""
    from regionmap import analyse_transcript, load_gazetteer, load_transcript

    text = "Briefing\n" + "\n".join(corpus(words))
    n_words = len(text.split())
    path = folder / f"one-{words}.txt"
    path.write_text(text, encoding="utf-8")
    gazetteer = load_gazetteer()
    started = time.perf_counter()
    analyse_transcript(load_transcript(text, max_bytes=10**9), gazetteer=gazetteer)
    inside = time.perf_counter() - started
    cmd = [sys.executable, "-m", "regionmap", "extract", "--max-bytes", str(10**9), str(path)]
    wall, rss = run_process(cmd)
    print(f"(c) one file of {n_words:,} words ({path.stat().st_size / 1e6:.1f} MB)")
    print(f"    analyse in-process  {n_words / inside:10,.0f} words/s  ({inside:.2f} s)")
    print(
        f"    regionmap extract   {n_words / wall:10,.0f} words/s  ({wall:.2f} s, "
        f"peak RSS {rss:.0f} MiB)"
    )
    print(f"    extract / in-process rate: {inside / wall:.2f}   (goal >= 0.80)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument(
        "--only", choices=("cold", "warm", "file"), help="run one part of the benchmark"
    )
    args = parser.parse_args()
    if args.only in (None, "cold"):
        cold(args.runs)
    if args.only in (None, "warm"):
        warm(args.words, max(3, args.runs // 2))
    if args.only in (None, "file"):
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            for words in (184_000, args.words):
                one_file(words, Path(folder))


if __name__ == "__main__":
    main()
