"""``regionmap map``, ``snapshot`` and ``export``: the map and data files of one transcript.

They share the app's options: corrections, filters and demonyms. Every output
is built in memory and written to a temporary file that is renamed over the
target, so an existing file is never left half-written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["add_parsers", "run"]

COMMANDS = ("map", "snapshot", "export")


def _bbox(text: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError as err:
        raise argparse.ArgumentTypeError("--bbox takes W,S,E,N in degrees") from err
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise argparse.ArgumentTypeError("--bbox must satisfy W<E and S<N, within the globe")
    return west, south, east, north


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("transcript", type=Path, metavar="TRANSCRIPT")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    parser.add_argument(
        "--corrections", type=Path, metavar="FILE", help="apply a corrections file saved by the app"
    )
    parser.add_argument(
        "--speaker",
        action="append",
        metavar="NAME",
        help="keep only this speaker's mentions (repeatable)",
    )
    parser.add_argument(
        "--kind",
        action="append",
        metavar="KIND",
        help="keep only this kind of place (repeatable): city, country, "
        "region, water, route, other, demonym",
    )
    parser.add_argument("--min-mentions", type=int, default=1, metavar="N")
    parser.add_argument(
        "--demonyms",
        action="store_true",
        help="also link demonyms (Armenian, Soviet) to their place",
    )
    parser.add_argument("--prefer-country", default="", metavar="CODES")


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
    png.add_argument("--dpi", type=int, default=150, help="150 (default) or 300 for print")
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


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it over."""
    from regionmap.cli import open_output

    with open_output(path, binary=True) as handle:
        handle.write(data)


def prepared(args: argparse.Namespace):
    """The transcript analysed, corrected and filtered as the options say."""
    from regionmap.corrections import Corrections, apply_corrections
    from regionmap.document import analyse
    from regionmap.gazetteer import load_gazetteer
    from regionmap.quotes import filter_document

    gazetteer = load_gazetteer()
    prefer = [c.strip() for c in args.prefer_country.split(",") if c.strip()]
    doc = analyse(
        args.transcript, gazetteer=gazetteer, prefer_countries=prefer, demonyms=args.demonyms
    )
    if args.corrections is not None:
        corrections = Corrections.from_json(
            args.corrections.read_bytes(), text_sha256=doc.transcript.sha256
        )
        doc = apply_corrections(doc, corrections, gazetteer)
    return filter_document(
        doc, speakers=args.speaker, kinds=args.kind, min_mentions=args.min_mentions
    )


def render(args: argparse.Namespace, doc) -> bytes:
    """The bytes the command writes."""
    from regionmap import export
    from regionmap.layers import to_layers

    layers = to_layers(doc)
    if args.command == "map":
        return export.to_html(doc, layers, online_tiles=args.online_tiles)
    if args.command == "export":
        return {
            "geojson": export.to_geojson,
            "csv": lambda d, _: export.to_csv(d),
            "kml": export.to_kml,
        }[args.format](doc, layers)
    from regionmap.snapshot import render_png, screenshot_png

    if args.engine == "browser":
        return screenshot_png(export.to_html(doc, layers))
    t = doc.transcript
    subtitle = " · ".join(x for x in (t.date.isoformat() if t.date else None, t.place) if x)
    return render_png(
        layers, title=t.title or t.source, subtitle=subtitle, bbox=args.bbox, dpi=args.dpi
    )


def run(args: argparse.Namespace) -> int:
    """Run one of :data:`COMMANDS`; errors propagate to the main entry point."""
    write_atomically(args.output, render(args, prepared(args)))
    return 0
