"""Which GeoNames city-size threshold serves accuracy best? Prints F1 and acc@161 per threshold.

Usage: python benchmarks/gazetteer_threshold.py [THRESHOLD ...]   (default: 15000 5000 1000)

Each threshold builds (and caches) its own index, so the first run takes a minute or two.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from regionmap import analyse_transcript, load_transcript
from regionmap.places.evaluate import read_gold, score
from regionmap.places.gazetteer import load_gazetteer

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "fixtures" / "eval"


def fixtures() -> list[tuple[Path, Path]]:
    pairs = [(EVAL / "seed.tsv", ROOT / "geodata/examples/lavrov-bayramov-baku-2023-02-28.txt")]
    for folder in (EVAL, EVAL / "holdout"):
        pairs += [
            (tsv, tsv.with_suffix(".txt"))
            for tsv in sorted(folder.glob("*.tsv"))
            if tsv.with_suffix(".txt").is_file()
        ]
    return pairs


def main() -> None:
    thresholds = [int(a) for a in sys.argv[1:]] or [15000, 5000, 1000]
    print(
        f"{'threshold':>9}  {'entries':>8}  {'load s':>6}  {'micro P':>7}  {'micro R':>7}  "
        f"{'micro F1':>8}  {'acc@161':>7}  per text F1"
    )
    for threshold in thresholds:
        started = time.perf_counter()
        gazetteer = load_gazetteer(min_population=threshold)
        loaded = time.perf_counter() - started
        gold = predicted = matched = accurate = 0
        per_text = []
        for tsv, txt in fixtures():
            transcript = load_transcript(txt)
            doc = analyse_transcript(transcript, gazetteer=gazetteer)
            s = score(doc, read_gold(tsv, transcript.text))
            gold, predicted, matched = gold + s.gold, predicted + s.predicted, matched + s.matched
            accurate += s.accurate
            per_text.append(f"{tsv.stem[:12]}={s.f1:.3f}")
        p, r = matched / predicted, matched / gold
        print(
            f"{threshold:>9}  {len(gazetteer):>8}  {loaded:>6.1f}  {p:>7.3f}  {r:>7.3f}  "
            f"{2 * p * r / (p + r):>8.3f}  {accurate / matched:>7.3f}  {' '.join(per_text)}"
        )


if __name__ == "__main__":
    main()
