"""Options the commands share, and how they become library values.

The app's sidebar offers the same choices: the country bias, demonyms,
corrections and every filter of :class:`~regionmap.view.filters.Filters`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from regionmap.errors import InputError
from regionmap.view.corrections import Corrections
from regionmap.view.filters import Filters
from regionmap.vocab import PlaceKind, TurnKind

__all__ = [
    "NO_TURN",
    "add_analysis_options",
    "add_filter_options",
    "corrections_from",
    "filters_from",
    "prefer_from",
]

NO_TURN = "none"  # --turn-kind none: text outside any turn (the title)


def add_analysis_options(parser: argparse.ArgumentParser) -> None:
    """``--prefer-country``, ``--demonyms`` and ``--corrections``."""
    parser.add_argument(
        "--prefer-country",
        default="",
        metavar="CODES",
        help="ISO country codes to prefer for ambiguous names, e.g. AZ,AM",
    )
    parser.add_argument(
        "--demonyms",
        action="store_true",
        help="also link demonyms (Armenian, Soviet) to their place, as kind demonym",
    )
    parser.add_argument(
        "--corrections",
        type=Path,
        metavar="FILE",
        help="apply a corrections file saved by the app (one transcript)",
    )


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """The filters: speaker, turn kind, place kind, minimum mentions, text query."""
    parser.add_argument(
        "--speaker",
        action="append",
        metavar="NAME",
        help="keep only this speaker's mentions (repeatable; '' for mentions without a speaker)",
    )
    parser.add_argument(
        "--turn-kind",
        action="append",
        choices=[*(k.value for k in TurnKind), NO_TURN],
        help=f"keep only this kind of turn (repeatable; {NO_TURN}: outside any turn, the title)",
    )
    parser.add_argument(
        "--kind",
        action="append",
        choices=[k.value for k in PlaceKind],
        help="keep only mentions of this kind (repeatable): the kind of their place, "
        "or demonym for a demonym linked with --demonyms",
    )
    parser.add_argument(
        "--min-mentions",
        type=int,
        default=1,
        metavar="N",
        help="keep only places mentioned at least N times",
    )
    parser.add_argument(
        "--query", default="", metavar="TEXT", help="keep places whose name or quotes contain TEXT"
    )


def prefer_from(args: argparse.Namespace) -> tuple[str, ...]:
    """The country codes of ``--prefer-country``.

    Examples
    --------
    >>> prefer_from(argparse.Namespace(prefer_country=" az, AM,,"))
    ('AZ', 'AM')
    """
    return tuple(c.strip().upper() for c in args.prefer_country.split(",") if c.strip())


def filters_from(args: argparse.Namespace) -> Filters:
    """The :class:`Filters` the options ask for.

    Examples
    --------
    >>> ns = argparse.Namespace(speaker=["", "Lavrov"], turn_kind=["none"], kind=None,
    ...                         min_mentions=2, query="rail")
    >>> f = filters_from(ns)
    >>> sorted(f.speakers, key=str), f.turn_kinds, f.min_mentions
    (['Lavrov', None], frozenset({None}), 2)
    """
    speakers = None if args.speaker is None else [s.strip() or None for s in args.speaker]
    turns = None
    if args.turn_kind is not None:
        turns = [None if t == NO_TURN else TurnKind(t) for t in args.turn_kind]
    return Filters(
        speakers=speakers,
        turn_kinds=turns,
        kinds=args.kind,
        min_mentions=args.min_mentions,
        query=args.query,
    )


def corrections_from(path: Path | None, *, text_sha256: str) -> Corrections | None:
    """The corrections file of ``--corrections``, checked against the transcript."""
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"could not read the corrections {path}: {err.strerror or err}") from err
    return Corrections.from_json(data, text_sha256=text_sha256)


def check_output(output: Path | None, inputs: list[Path]) -> None:
    """Refuse an output path that is one of the inputs: it would replace the transcript."""
    if output is None or str(output) == "-":
        return
    import os

    for path in inputs:
        try:
            if os.path.samefile(output, path):
                raise InputError(f"the output {output} is also an input; choose another file")
        except OSError:
            continue
