"""``regionmap map``, ``snapshot`` and ``export``: the map and data files of one transcript.

They take the app's options (corrections, filters, demonyms, the country
bias) and run the same :func:`regionmap.prepare` as the app. Every output is
built in memory and written whole (see :func:`regionmap.files.write_atomic`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from regionmap.cli.options import (
    add_analysis_options,
    add_filter_options,
    check_output,
    corrections_from,
    filters_from,
    prefer_from,
)

__all__ = ["COMMANDS", "add_parsers", "prepared", "render", "run"]

COMMANDS = ("map", "snapshot", "export")
DPI_RANGE = (30, 600)


def _bbox(text: str) -> tuple[float, float, float, float]:
    from regionmap.geo import BBox

    try:
        box = BBox.of(float(v) for v in text.split(","))
    except ValueError as err:
        raise argparse.ArgumentTypeError("--bbox takes W,S,E,N in degrees") from err
    if not box.valid:
        raise argparse.ArgumentTypeError("--bbox must satisfy W<E and S<N, within the globe")
    return box.as_tuple()


def _dpi(text: str) -> int:
    try:
        value = int(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError("--dpi takes a whole number") from err
    low, high = DPI_RANGE
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"--dpi must be between {low} and {high}")
    return value


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("transcript", type=Path, metavar="TRANSCRIPT")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    add_analysis_options(parser)
    add_filter_options(parser)


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register the three commands on the main parser."""
    html = sub.add_parser(
        "map",
        help="a self-contained interactive HTML map",
        description="Write an HTML map that opens offline in any browser.",
    )
    _common(html)
    html.add_argument(
        "--online-tiles",
        action="store_true",
        help="add OpenStreetMap tiles (the page then contacts a tile server)",
    )
    png = sub.add_parser(
        "snapshot",
        help="a PNG image of the map",
        description="Write a PNG of the map (static: no browser needed).",
    )
    _common(png)
    png.add_argument(
        "--bbox",
        type=_bbox,
        metavar="W,S,E,N",
        help="the view to draw (default: the data's extent with padding)",
    )
    png.add_argument("--dpi", type=_dpi, default=150, help="150 (default), 300 for print")
    png.add_argument(
        "--engine",
        choices=("static", "browser"),
        default="static",
        help="static (matplotlib) or browser (a Chromium screenshot)",
    )
    data = sub.add_parser(
        "export",
        help="GeoJSON, CSV of quotes, or KML",
        description="Write the places and their quotes as data.",
    )
    _common(data)
    data.add_argument("--format", choices=("geojson", "csv", "kml"), required=True)


def prepared(args: argparse.Namespace):
    """The :class:`~regionmap.view.prepare.View` the options ask for."""
    from regionmap.places.document import analyse
    from regionmap.places.gazetteer import load_gazetteer
    from regionmap.view.prepare import prepare

    gazetteer = load_gazetteer()
    doc = analyse(
        args.transcript,
        gazetteer=gazetteer,
        prefer_countries=prefer_from(args),
        demonyms=args.demonyms,
    )
    corrections = corrections_from(args.corrections, text_sha256=doc.transcript.sha256)
    return prepare(doc, corrections, filters_from(args), gazetteer=gazetteer)


def render(args: argparse.Namespace, view) -> bytes:
    """The bytes the command writes."""
    if args.command == "map":
        from regionmap.render.html import to_html

        return to_html(view, online_tiles=args.online_tiles)
    if args.command == "export":
        from regionmap.render import export

        writers = {"geojson": export.to_geojson, "csv": export.to_csv, "kml": export.to_kml}
        return writers[args.format](view)
    from regionmap.render.snapshot import render_png, screenshot_png

    if args.engine == "browser":
        from regionmap.render.html import to_html

        return screenshot_png(to_html(view))
    t = view.transcript
    subtitle = " · ".join(x for x in (t.date.isoformat() if t.date else None, t.place) if x)
    return render_png(
        view.layers, title=t.title or t.source, subtitle=subtitle, bbox=args.bbox, dpi=args.dpi
    )


def run(args: argparse.Namespace) -> int:
    """Run one of :data:`COMMANDS`; errors propagate to the main entry point."""
    from regionmap.files import write_atomic

    check_output(args.output, [args.transcript] + ([args.corrections] if args.corrections else []))
    data = render(args, prepared(args))
    if str(args.output) == "-":  # standard output, as for extract
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomic(args.output, data)
    return 0
