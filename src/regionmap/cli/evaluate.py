"""``regionmap eval``: score the geoparser against a gold TSV file."""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``eval`` on the main parser."""
    evaluate = sub.add_parser(
        "eval",
        help="score extraction against a gold TSV file",
        description="Print precision, recall, F1, acc@161 km and mean error for one text.",
    )
    evaluate.add_argument("gold", type=Path, metavar="GOLD.tsv")
    evaluate.add_argument("text", type=Path, metavar="TEXT")
    evaluate.add_argument(
        "--prefer-country",
        default="",
        metavar="CODES",
        help="ISO country codes to prefer for ambiguous names",
    )
    evaluate.add_argument(
        "-v", "--verbose", action="store_true", help="list missed, spurious and misplaced mentions"
    )


def run(args: argparse.Namespace) -> int:
    """Print the scores (and with ``-v`` every miss)."""
    from regionmap.cli.options import prefer_from
    from regionmap.places.document import analyse
    from regionmap.places.evaluate import read_gold, score

    doc = analyse(args.text, prefer_countries=prefer_from(args))
    scores = score(doc, read_gold(args.gold, doc.transcript.text))
    print(scores.summary())
    print(f"gold {scores.gold}  predicted {scores.predicted}  matched {scores.matched}")
    if args.verbose:
        for g in scores.missed:
            print(f"missed    {g.surface!r} at {g.start} ({g.place}, {g.kind})")
        for m in scores.spurious:
            print(f"spurious  {m.text!r} at {m.start} -> {m.place.name} ({m.place.kind})")
        for g, m, km in scores.far:
            print(f"far       {g.surface!r} at {g.start} -> {m.place.name}, {km:.0f} km off")
    return 0
