"""``regionmap eval``: score the geoparser against a gold TSV file, or with
``--speakers`` the speakers and turn kinds against gold turns."""

from __future__ import annotations

import argparse
from pathlib import Path

from regionmap.errors import InputError

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``eval`` on the main parser."""
    evaluate = sub.add_parser(
        "eval",
        help="score extraction against gold",
        description=(
            "Print precision, recall, F1, acc@161 km and mean error for one text "
            "(GOLD.tsv TEXT). With --speakers, print speaker accuracy, turn-kind accuracy "
            "and turn-boundary agreement for gold turn files (*.turns.tsv, each beside its "
            "text) or folders of them, per file, per house style and pooled."
        ),
    )
    evaluate.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    evaluate.add_argument(
        "--speakers", action="store_true", help="score speakers and turns, not places"
    )
    evaluate.add_argument(
        "--prefer-country",
        default="",
        metavar="CODES",
        help="ISO country codes to prefer for ambiguous names",
    )
    evaluate.add_argument("-v", "--verbose", action="store_true", help="list every miss")


def run(args: argparse.Namespace) -> int:
    """Print the scores (and with ``-v`` every miss)."""
    if args.speakers:
        return _run_speakers(args)
    if len(args.paths) != 2:
        raise InputError("eval takes GOLD.tsv TEXT (or --speakers with gold turn files)")
    from regionmap.cli.options import prefer_from
    from regionmap.places.document import analyse
    from regionmap.places.evaluate import read_gold, score

    gold, text = args.paths
    doc = analyse(text, prefer_countries=prefer_from(args))
    scores = score(doc, read_gold(gold, doc.transcript.text))
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


def _gold_files(paths: list[Path]) -> list[tuple[Path, Path]]:
    """(gold, text) pairs: a folder gives every ``*.turns.tsv`` directly in it. The
    text is beside the gold with the same stem (``.txt`` or ``.md``), or the one
    a first line ``# text: PATH`` names, relative to the gold."""
    golds: list[Path] = []
    for path in paths:
        golds += sorted(path.glob("*.turns.tsv")) if path.is_dir() else [path]
    pairs = []
    for gold in golds:
        stem = gold.name.removesuffix(".turns.tsv")
        texts = [gold.with_name(stem + suffix) for suffix in (".txt", ".md")]
        with gold.open(encoding="utf-8") as handle:
            first = handle.readline()
        if first.startswith("# text:"):  # the gold names its text
            texts = [gold.parent / first.removeprefix("# text:").strip()]
        text = next((t for t in texts if t.is_file()), None)
        if not gold.name.endswith(".turns.tsv") or text is None:
            raise InputError(f"{gold}: expected NAME.turns.tsv beside NAME.txt or NAME.md")
        pairs.append((gold, text))
    if not pairs:
        raise InputError("no gold turn files (*.turns.tsv) found")
    return pairs


def _row(name: str, a) -> str:
    return (
        f"{name:<58} {a.mentions:>5} {a.speaker_accuracy:>8.3f} {a.kind_accuracy:>6.3f}"
        f" {a.boundary_f1:>9.3f}"
    )


def _run_speakers(args: argparse.Namespace) -> int:
    from regionmap.cli.options import prefer_from
    from regionmap.places.attribution import read_turns, score_attribution
    from regionmap.places.document import analyse

    print(f"{'file':<58} {'ments':>5} {'speaker':>8} {'kind':>6} {'turns F1':>9}")
    by_style: dict[str, list] = {}
    for gold, text in _gold_files(args.paths):
        doc = analyse(text, prefer_countries=prefer_from(args))
        scores = score_attribution(doc, read_turns(gold, doc.transcript.text), name=text.name)
        by_style.setdefault(text.name.split("-", 1)[0], []).append(scores)
        print(_row(text.name.removesuffix(text.suffix), scores))
        if args.verbose:
            for error in scores.errors:
                print(f"    {error}")
    print()
    for style, items in sorted(by_style.items()):
        print(_row(f"[{style}] {len(items)} file(s)", sum(items[1:], items[0])))
    everything = [s for items in by_style.values() for s in items]
    print(_row(f"all {len(everything)} files", sum(everything[1:], everything[0])))
    return 0
