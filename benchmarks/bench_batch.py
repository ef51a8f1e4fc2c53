"""Batch mode on 1,000 files: wall time and throughput for 1 and 2 worker processes.

Usage: python benchmarks/bench_batch.py [--files N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    docs = corpus(args.files * 1000)  # 2,000-word documents, split in two
    texts = [half for d in docs for half in (d[: len(d) // 2], d[len(d) // 2 :])][: args.files]
    with tempfile.TemporaryDirectory() as folder:
        for i, text in enumerate(texts):
            Path(folder, f"doc{i:05d}.txt").write_text(f"Briefing {i}\n{text}", "utf-8")
        words = sum(len(t.split()) for t in texts)
        print(f"batch extract of {len(texts)} files, {words:,} words")
        for jobs in (1, 2):
            out = Path(folder, f"out{jobs}.jsonl")
            started = time.perf_counter()
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "regionmap",
                    "extract",
                    folder,
                    "--jobs",
                    str(jobs),
                    "--no-progress",
                    "-o",
                    str(out),
                ]
            )
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
            lines = sum(1 for _ in out.open(encoding="utf-8"))
            print(
                f"    --jobs {jobs}: {wall:6.1f} s  {len(texts) / wall:6.1f} files/s  "
                f"{words / wall:10,.0f} words/s  {lines} lines  status {status}  "
                f"peak RSS (largest process) {usage.ru_maxrss / 1024:.0f} MiB"
            )


if __name__ == "__main__":
    main()
