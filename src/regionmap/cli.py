"""The ``regionmap`` command line.

``regionmap extract PATH... [--format jsonl|json|csv] [-o FILE]`` writes one
JSON object per input (see :mod:`regionmap.contract`). A file that fails gives
an ``{"source", "error"}`` object in its place; the others are still processed
and the exit status is 1. Imports stay lazy so that a run starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


__all__ = ["main"]


class _Version(argparse.Action):
    """``--version``, reading the installed version only when asked."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        import regionmap

        parser.exit(message=f"regionmap {regionmap.__version__}\n")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="regionmap",
        description="Map the places and routes a transcript talks about, offline.",
    )
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", required=True)
    extract = sub.add_parser(
        "extract",
        help="find and geocode place mentions; one JSON object per input",
        description="Find and geocode every place mention. Inputs: .txt .md .html .docx.",
    )
    extract.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="transcript files, or folders of them (.txt .md .html .docx, searched recursively)",
    )
    extract.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes for many files (default 1; 0 = one per core)",
    )
    extract.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar (default: only in a terminal, for several files)",
    )
    extract.add_argument(
        "--format",
        choices=("jsonl", "json", "csv"),
        default="jsonl",
        help="jsonl (default): one object per line; json: an array; csv: one row per mention",
    )
    extract.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write here (atomically) instead of standard output",
    )
    extract.add_argument(
        "--prefer-country",
        default="",
        metavar="CODES",
        help="ISO country codes to prefer for ambiguous names, e.g. AZ,AM",
    )
    extract.add_argument(
        "--corrections",
        type=Path,
        metavar="FILE",
        help="apply a corrections file saved by the app (one transcript)",
    )
    extract.add_argument(
        "--demonyms",
        action="store_true",
        help="also link demonyms (Armenian, Soviet) to their place, as kind demonym",
    )
    extract.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        metavar="N",
        help="refuse inputs larger than this (default 20 MB)",
    )
    from regionmap.cli_exports import add_parsers

    add_parsers(sub)
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
    return parser


def _eval(args: argparse.Namespace) -> int:
    from regionmap.document import analyse
    from regionmap.evaluate import read_gold, score

    prefer = [c.strip() for c in args.prefer_country.split(",") if c.strip()]
    doc = analyse(args.text, prefer_countries=prefer)
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


@contextlib.contextmanager
def open_output(
    path: Path | None, *, newline: str | None = None, binary: bool = False
) -> Iterator[TextIO]:
    """Standard output, or a temporary file renamed over ``path`` on success
    (a binary one with ``binary``, for images and exports).

    An existing file is never left half-written: on failure it is untouched.
    """
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    path = path.resolve()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        mode = {"mode": "wb"} if binary else {"mode": "w", "encoding": "utf-8", "newline": newline}
        with os.fdopen(fd, **mode) as handle:
            yield handle
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; honour the umask
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _extract(args: argparse.Namespace) -> int:
    from regionmap.batch import Options, expand, extract_many
    from regionmap.contract import CSV_COLUMNS

    paths = expand(args.paths)
    options = Options(
        prefer_countries=tuple(c.strip() for c in args.prefer_country.split(",") if c.strip()),
        demonyms=args.demonyms,
        max_bytes=args.max_bytes,
        corrections=args.corrections.read_bytes() if args.corrections else None,
        csv_rows=args.format == "csv",
    )
    failed: list[str] = []
    with open_output(args.output, newline="" if args.format == "csv" else None) as out:
        writer = None
        if args.format == "csv":
            if args.output is not None:
                out.write("\ufeff")  # so that spreadsheet programs read UTF-8
            writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
            writer.writeheader()
        if args.format == "json":
            out.write("[")
        results = extract_many(paths, options, jobs=args.jobs)
        if _show_progress(args):
            from tqdm import tqdm

            results = tqdm(results, total=len(paths), unit="file", file=sys.stderr)
        for i, result in enumerate(results):
            if result.error:
                failed.append(result.source)
                print(f"regionmap: {result.source}: {result.error}", file=sys.stderr)
            if args.format == "jsonl":
                out.write(result.json + "\n")
            elif args.format == "json":
                out.write(("," if i else "") + "\n" + result.json)
            elif writer is not None:
                writer.writerows(result.rows)
            out.flush()
        if args.format == "json":
            out.write("\n]\n")
    if failed and len(paths) > 1:
        print(f"regionmap: {len(failed)} of {len(paths)} files failed", file=sys.stderr)
    return 1 if failed else 0


def _show_progress(args: argparse.Namespace) -> bool:
    """A progress bar for a batch run in a terminal; quiet in pipes and for one file."""
    if args.progress is not None:
        return args.progress
    return (
        sys.stderr.isatty()
        and len(args.paths) > 0
        and (len(args.paths) > 1 or args.paths[0].is_dir())
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    from regionmap.errors import RegionmapError

    try:
        if args.command == "extract":
            if args.jobs == 0:
                from regionmap.batch import default_jobs

                args.jobs = default_jobs()
            return _extract(args)
        if args.command == "eval":
            return _eval(args)
        from regionmap import cli_exports

        if args.command in cli_exports.COMMANDS:
            return cli_exports.run(args)
    except RegionmapError as err:
        print(f"regionmap: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. piped into head
        with contextlib.suppress(OSError):
            sys.stdout = io.TextIOWrapper(io.BytesIO())
        return 0
    except OSError as err:
        print(f"regionmap: {err.filename or ''}: {err.strerror or err}", file=sys.stderr)
        return 1
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
