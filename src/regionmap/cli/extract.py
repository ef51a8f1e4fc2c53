"""``regionmap extract``: find and geocode every place mention of one or many files.

Writes one JSON object per input (see :mod:`regionmap.render.contract`), as
JSON lines, one JSON array, or the CSV table of mentions. A file that fails
gives an ``{"source", "error"}`` object in its place; the others are still
processed and the exit status is 1.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from regionmap.cli.options import (
    add_analysis_options,
    add_filter_options,
    check_output,
    filters_from,
    prefer_from,
)

__all__ = ["add_parser", "output", "run"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``extract`` on the main parser."""
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
        "-o", "--output", type=Path, metavar="FILE", help="write here instead of standard output"
    )
    extract.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        metavar="N",
        help="refuse inputs larger than this (default 20 MB)",
    )
    add_analysis_options(extract)
    add_filter_options(extract)


@contextlib.contextmanager
def output(path: Path | None, *, newline: str | None = None) -> Iterator[TextIO]:
    """Standard output, or ``path`` written whole (see :func:`regionmap.files.atomic_output`)."""
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    from regionmap.files import atomic_output

    with atomic_output(path, newline=newline) as handle:
        yield handle


def run(args: argparse.Namespace) -> int:
    """Extract every file named (or found in a folder named) in ``args.paths``."""
    from regionmap.batch import Options, default_jobs, expand, extract_many

    paths = expand(args.paths)
    check_output(args.output, paths + ([args.corrections] if args.corrections else []))
    options = Options(
        prefer_countries=prefer_from(args),
        demonyms=args.demonyms,
        max_bytes=args.max_bytes,
        corrections=_read(args.corrections),
        filters=filters_from(args),
        csv_rows=args.format == "csv",
    )
    results = extract_many(paths, options, jobs=args.jobs or default_jobs())
    if _show_progress(args):
        from tqdm import tqdm

        results = tqdm(results, total=len(paths), unit="file", file=sys.stderr)
    failed = _write(args, results)
    if failed and len(paths) > 1:
        print(f"regionmap: {failed} of {len(paths)} files failed", file=sys.stderr)
    return 1 if failed else 0


def _read(path: Path | None) -> bytes | None:
    if path is None:
        return None
    from regionmap.errors import InputError

    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(f"could not read the corrections {path}: {err.strerror or err}") from err


def _write(args: argparse.Namespace, results) -> int:
    """Write every result as it comes; returns how many files failed."""
    from regionmap.render.contract import write_csv

    failed = 0
    to_file = args.output is not None and str(args.output) != "-"
    with output(args.output, newline="" if args.format == "csv" else None) as out:
        if args.format == "csv":
            write_csv(out, (), bom=to_file)
        if args.format == "json":
            out.write("[")
        for i, result in enumerate(results):
            if result.error:
                failed += 1
                print(f"regionmap: {result.source}: {result.error}", file=sys.stderr)
            if args.format == "jsonl":
                out.write(result.json + "\n")
            elif args.format == "json":
                out.write(("," if i else "") + "\n" + result.json)
            else:
                write_csv(out, result.rows, header=False, bom=False)
            out.flush()
        if args.format == "json":
            out.write("\n]\n")
    return failed


def _show_progress(args: argparse.Namespace) -> bool:
    """A progress bar for a batch run in a terminal; quiet in pipes and for one file."""
    if args.progress is not None:
        return args.progress
    return sys.stderr.isatty() and (len(args.paths) > 1 or args.paths[0].is_dir())
