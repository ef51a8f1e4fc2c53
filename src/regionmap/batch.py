"""Batch extraction: many files, in order, optionally across worker processes.

Each worker loads the gazetteer once (it is a read-only cached index) and
turns one file into its contract record, serialised there, so only text
crosses between processes. At most a few files per worker are in flight, so
memory stays bounded however many files there are; results are yielded in
input order as soon as they are ready. A file that fails yields an error
record and the run goes on.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from regionmap.errors import RegionmapError
from regionmap.places.document import analyse
from regionmap.places.gazetteer import load_gazetteer
from regionmap.read.decode import DEFAULT_MAX_BYTES
from regionmap.render.contract import document_record, dumps_record, error_record, mention_rows
from regionmap.view.corrections import Corrections
from regionmap.view.filters import Filters
from regionmap.view.prepare import prepare

__all__ = ["Options", "Result", "default_jobs", "expand", "extract_many", "extract_one"]

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx")


@dataclass(frozen=True)
class Options:
    """What every file is extracted with (picklable, sent to workers)."""

    prefer_countries: tuple[str, ...] = ()
    demonyms: bool = False
    max_bytes: int | None = None
    corrections: bytes | None = None
    filters: Filters = field(default_factory=Filters)
    csv_rows: bool = False  # also return one CSV row per mention


@dataclass(frozen=True)
class Result:
    """One file's outcome: its JSON line and CSV rows, or its error."""

    source: str
    json: str
    rows: list[dict]
    error: str | None = None


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the transcript files inside named folders (sorted, recursive)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        else:
            out.append(path)
    return out


def extract_one(path: Path, options: Options) -> Result:
    """The contract record of one file, through :func:`regionmap.prepare` (never raises
    for a bad file)."""
    gazetteer = load_gazetteer()
    try:
        doc = analyse(
            path,
            name=str(path),
            gazetteer=gazetteer,
            prefer_countries=options.prefer_countries,
            demonyms=options.demonyms,
            max_bytes=options.max_bytes or DEFAULT_MAX_BYTES,
        )
        corrections = None
        if options.corrections is not None:
            corrections = Corrections.from_json(
                options.corrections, text_sha256=doc.transcript.sha256
            )
        view = prepare(doc, corrections, options.filters, gazetteer=gazetteer)
    except RegionmapError as err:
        record = error_record(str(path), str(err))
        return Result(str(path), dumps_record(record), [], str(err))
    record = document_record(view.document, source=str(path))
    rows = []
    if options.csv_rows:
        rows = mention_rows(view.document, source=str(path), quotes=view.mention_quotes)
    return Result(str(path), dumps_record(record), rows)


def _warm() -> None:
    load_gazetteer()


def extract_many(paths: Sequence[Path], options: Options, *, jobs: int = 1) -> Iterator[Result]:
    """Results for ``paths`` in order; with ``jobs`` > 1, from worker processes."""
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield extract_one(path, options)
        return
    window = 4 * jobs  # files in flight at most
    with ProcessPoolExecutor(max_workers=jobs, initializer=_warm) as pool:
        pending: deque[Future] = deque()
        queue = iter(paths)
        for path in queue:
            pending.append(pool.submit(extract_one, path, options))
            if len(pending) >= window:
                break
        while pending:
            result = pending.popleft().result()
            following = next(queue, None)
            if following is not None:
                pending.append(pool.submit(extract_one, following, options))
            yield result


def default_jobs() -> int:
    """One worker per available core."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
