"""PNG snapshots of the map: a static matplotlib rendering, or a browser screenshot.

The static renderer needs no browser and no network: the Natural Earth basemap,
regions shaded by mentions, routes dashed by kind, markers sized by mentions,
place labels that do not pile on top of each other, a title, a legend, a
graticule and the attribution "Natural Earth · GeoNames". It builds a
:class:`matplotlib.figure.Figure` directly: no pyplot, no global figure
registry and no change of the process-wide backend, so it is safe in a web
server's threads. Text from the transcript is drawn literally (``$`` is a
dollar sign, not mathtext). Colours and line styles come from
:mod:`regionmap.render.style`, the same as the interactive map's.
"""

from __future__ import annotations

import io
import math
import shutil
import textwrap
from functools import cache

from regionmap.errors import RegionmapError
from regionmap.geo import BBox
from regionmap.render import style
from regionmap.view.layers import Layers
from regionmap.vocab import PlaceKind, RouteKind

__all__ = ["SnapshotError", "default_bbox", "figure", "render_png", "screenshot_png"]

ATTRIBUTION = "Natural Earth · GeoNames"
_OFFSETS = (  # where a label may sit around its point (points, alignment), best first
    (6, 4, "left"),
    (-6, 4, "right"),
    (6, -10, "left"),
    (-6, -10, "right"),
    (0, 8, "center"),
    (0, -14, "center"),
    (8, -3, "left"),
    (-8, -3, "right"),
    (10, 12, "left"),
    (-10, 12, "right"),
    (10, -18, "left"),
    (-10, -18, "right"),
)


class SnapshotError(RegionmapError):
    """A snapshot that cannot be made (no browser for ``--engine browser``)."""


def default_bbox(layers: Layers, *, pad: float = 0.12) -> BBox:
    """The data's extent with padding, by the same rule as the interactive map's
    default view (:meth:`regionmap.view.layers.Layers.frame`).

    Examples
    --------
    >>> from regionmap import analyse, prepare
    >>> w, s, e, n = default_bbox(prepare(analyse("Talks\\nBaku and Moscow.")).layers).as_tuple()
    >>> bool(w < 37.6 < 49.9 < e and s < 40.4 < 55.8 < n)
    True
    """
    return layers.frame(pad=pad, minimum=1.5)


def render_png(
    layers: Layers,
    *,
    title: str = "",
    subtitle: str = "",
    bbox: BBox | tuple[float, float, float, float] | None = None,
    dpi: int = 150,
    size: tuple[float, float] = (11.0, 7.5),
) -> bytes:
    """A static PNG of the layers within ``bbox`` (west, south, east, north)."""
    fig = figure(layers, title=title, subtitle=subtitle, bbox=bbox, dpi=dpi, size=size)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi)
    return out.getvalue()


def figure(
    layers: Layers,
    *,
    title: str = "",
    subtitle: str = "",
    bbox: BBox | tuple[float, float, float, float] | None = None,
    dpi: int = 150,
    size: tuple[float, float] = (11.0, 7.5),
):
    """The snapshot as a :class:`matplotlib.figure.Figure` (nothing to close)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    box = bbox if isinstance(bbox, BBox) else BBox.of(bbox) if bbox else default_bbox(layers)
    if not box.valid:
        raise RegionmapError(
            "the bounding box {},{},{},{} is empty or off the globe".format(*box.as_tuple())
        )
    fig = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_facecolor(style.SEA)
    _basemap_layer(ax, box.padded(0.1 * box.span, lat_limit=90.0))
    largest = layers.largest_count
    _polygons(ax, layers, largest)
    _lines(ax, layers)
    _points(ax, layers, largest)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xlim(box.west, box.east)
    ax.set_ylim(box.south, box.north)
    ax.set_aspect(1 / max(math.cos(math.radians((box.south + box.north) / 2)), 0.2))
    _graticule(ax, box)
    fig.tight_layout(rect=(0, 0.03, 1, 0.90 if len(title) > 92 else 0.93))
    ax.apply_aspect()  # settle the axes box before measuring labels
    _place_labels(ax, _label_candidates(layers, box))
    _legend(ax, layers)
    _titles(fig, title, subtitle)
    return fig


def _polygons(ax, layers: Layers, largest: int) -> None:
    """Areas in one call, largest first so that small ones stay on top."""
    import shapely
    from matplotlib.colors import to_rgba

    if not len(layers.polygons):
        return
    frame = layers.polygons.assign(_area=shapely.area(layers.polygons.geometry.values))
    frame = frame.sort_values("_area", ascending=False)
    fills = [
        to_rgba(style.colour(k), style.fill_opacity(int(c), largest=largest))
        for k, c in zip(frame["kind"], frame["count"], strict=True)
    ]
    edges = [style.colour(k) for k in frame["kind"]]
    ax.add_collection(_areas(frame.geometry.values, fills, edges, width=0.8, zorder=2))


def _areas(geometries, fills, edges, *, width: float, zorder: int):
    """Polygons as one matplotlib collection, holes included (no pyplot, no geopandas)."""
    import numpy as np
    import shapely
    from matplotlib.collections import PathCollection
    from matplotlib.path import Path

    paths, face, edge = [], [], []
    for geometry, fill, line in zip(geometries, fills, edges, strict=True):
        for polygon in shapely.get_parts(geometry):
            rings = [polygon.exterior, *polygon.interiors]
            vertices = np.concatenate([np.asarray(r.coords)[:, :2] for r in rings])
            codes = np.concatenate([_ring_codes(len(r.coords)) for r in rings])
            paths.append(Path(vertices, codes))
            face.append(fill)
            edge.append(line)
    collection = PathCollection(
        paths, facecolors=face, edgecolors=edge, linewidths=width, zorder=zorder
    )
    return collection


def _ring_codes(n: int):
    import numpy as np
    from matplotlib.path import Path

    codes = np.full(n, Path.LINETO, dtype=Path.code_type)
    codes[0], codes[-1] = Path.MOVETO, Path.CLOSEPOLY
    return codes


def _lines(ax, layers: Layers) -> None:
    """Routes in one collection, each dashed as on the interactive map."""
    import shapely
    from matplotlib.collections import LineCollection
    from matplotlib.colors import to_rgba

    width = 2.2
    segments, colours, dashes = [], [], []
    for row in layers.lines.itertuples():
        dash = style.route_dash(row.route_kind, inferred=row.inferred)
        pattern = (0, tuple(v / style.ROUTE_WEIGHT for v in dash)) if dash else "solid"
        rgba = to_rgba(style.colour(row.kind), style.line_opacity(row.route_status))
        for part in shapely.get_parts(row.geometry):
            segments.append(shapely.get_coordinates(part))
            colours.append(rgba)
            dashes.append(pattern)
    if segments:
        ax.add_collection(
            LineCollection(segments, colors=colours, linestyles=dashes, linewidths=width, zorder=3)
        )


def _points(ax, layers: Layers, largest: int) -> None:
    if not len(layers.points):
        return
    frame = layers.points.sort_values("count", ascending=False)  # small markers on top
    sizes = [(1.2 * style.marker_radius(int(c), largest=largest)) ** 2 for c in frame["count"]]
    ax.scatter(
        frame.geometry.x,
        frame.geometry.y,
        s=sizes,
        c=[style.colour(k) for k in frame["kind"]],
        edgecolors=style.MARKER_EDGE,
        linewidths=0.8,
        zorder=5,
    )


def _label_candidates(layers: Layers, box: BBox) -> list[tuple[str, float, float, float]]:
    """(label, x, y, priority) of every place whose anchor lies in the view."""
    out = []
    for row in layers.points.itertuples():
        out.append((style.short_name(row.name), row.geometry.x, row.geometry.y, int(row.count)))
    for row in layers.lines.itertuples():
        point = row.geometry.interpolate(0.5, normalized=True)
        priority = style.label_priority(int(row.count), line=True)
        out.append((style.short_name(row.name), point.x, point.y, priority))
    for row in layers.polygons.itertuples():
        point = row.geometry.representative_point()
        priority = style.label_priority(int(row.count), area=row.geometry.area)
        out.append((style.short_name(row.name), point.x, point.y, priority))
    return [c for c in out if box.contains(c[1], c[2])]


def _place_labels(ax, candidates: list[tuple[str, float, float, float]]) -> None:
    """Greedy placement, highest priority first; a label that would overlap a placed
    one or leave the frame tries the other sides of its point, then is left out."""
    from matplotlib import patheffects

    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer=renderer)
    placed: list = []
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    for name, x, y, _ in sorted(candidates, key=lambda c: -c[3]):
        for dx, dy, ha in _OFFSETS:
            text = ax.annotate(
                name,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                fontsize=8,
                zorder=9,
                fontweight="bold",
                color=style.LABEL_COLOUR,
                parse_math=False,
            )
            box = text.get_window_extent(renderer=renderer).expanded(1.05, 1.15)
            inside = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
            if inside and not any(box.overlaps(other) for other in placed):
                placed.append(box)
                text.set_path_effects(halo)
                break
            text.remove()


def _legend(ax, layers: Layers) -> None:
    """One entry per kind drawn, and one per kind of route with its dash."""
    from matplotlib.lines import Line2D

    kinds = {k for _, f in layers for k in f["kind"]} - {PlaceKind.ROUTE}
    handles = [
        Line2D([], [], marker="o", linestyle="", color=style.colour(k), markersize=7, label=k)
        for k in PlaceKind
        if k in kinds
    ]
    lines = layers.lines
    present = {(r.route_kind, bool(r.inferred)) for r in lines.itertuples()}
    for kind in [*RouteKind, None]:
        for inferred in (False, True):
            if (kind, inferred) not in present:
                continue
            dash = style.route_dash(kind, inferred=inferred)
            label = "inferred route" if inferred else str(kind or "route")
            handles.append(
                Line2D(
                    [],
                    [],
                    color=style.colour(PlaceKind.ROUTE),
                    linewidth=2.2,
                    label=label,
                    linestyle=(0, tuple(v / style.ROUTE_WEIGHT for v in dash)) if dash else "-",
                )
            )
    if handles:
        ax.legend(
            handles=handles,
            loc="lower left",
            fontsize=8,
            framealpha=0.9,
            title="Kind",
            title_fontsize=8,
        )


def _titles(fig, title: str, subtitle: str) -> None:
    wrapped = textwrap.wrap(title, 92)
    heading = wrapped[:2]
    if len(wrapped) > 2:
        heading[-1] = heading[-1][:89] + "…"
    fig.suptitle("\n".join(heading), fontsize=10.5, y=0.99, fontweight="bold", parse_math=False)
    if subtitle:
        y = 0.915 if len(title) > 92 else 0.94
        fig.text(0.5, y, subtitle, ha="center", fontsize=9, color="#444444", parse_math=False)
    fig.text(0.99, 0.01, ATTRIBUTION, ha="right", va="bottom", fontsize=7, color="#555555")


@cache
def _basemap():
    """The basemap's country shapes, and each one's bounds (for cropping to a view)."""
    import orjson
    import shapely

    from regionmap.render.basemap import basemap_geojson

    features = orjson.loads(basemap_geojson())["features"]
    shapes = shapely.from_geojson([orjson.dumps(f["geometry"]) for f in features])
    return shapes, shapely.bounds(shapes)


def _basemap_layer(ax, box: BBox) -> None:
    shapes, bounds = _basemap()
    inside = (
        (bounds[:, 0] <= box.east)
        & (bounds[:, 2] >= box.west)
        & (bounds[:, 1] <= box.north)
        & (bounds[:, 3] >= box.south)
    )
    chosen = shapes[inside]
    ax.add_collection(
        _areas(
            chosen, [style.LAND] * len(chosen), [style.LAND_EDGE] * len(chosen), width=0.5, zorder=1
        )
    )


def _graticule(ax, box: BBox) -> None:
    step = next((s for s in (1, 2, 5, 10, 15, 30) if box.span / s <= 12), 30)
    ax.set_xticks([x for x in range(-180, 181, step) if box.west <= x <= box.east])
    ax.set_yticks([y for y in range(-90, 91, step) if box.south <= y <= box.north])
    ax.set_xticklabels([f"{abs(x)}°{'E' if x >= 0 else 'W'}" for x in ax.get_xticks()], fontsize=7)
    ax.set_yticklabels([f"{abs(y)}°{'N' if y >= 0 else 'S'}" for y in ax.get_yticks()], fontsize=7)
    ax.grid(color="#ffffff", linewidth=0.6, alpha=0.8, zorder=0)


def screenshot_png(html: bytes, *, width: int = 1400, height: int = 900) -> bytes:
    """A pixel-exact screenshot of an exported HTML map in headless Chromium.

    Raises
    ------
    SnapshotError
        When Chromium or the playwright package is not installed.
    """
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SnapshotError(
            "the browser engine needs Chromium, which is not installed "
            "(apt-get install chromium); use --engine static instead"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        raise SnapshotError(
            "the browser engine needs the playwright package "
            "(pip install playwright); use --engine static instead"
        ) from err
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=browser, args=list(BROWSER_ARGS))
        try:
            page = chromium.new_page(viewport={"width": width, "height": height})
            page.route("**/*", _offline)
            page.set_content(html.decode("utf-8"), wait_until="load")
            page.wait_for_selector(".leaflet-container", timeout=30_000)
            return page.screenshot(type="png")
        finally:
            chromium.close()


#: Chromium's flags for a headless run that contacts nothing by itself.
BROWSER_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def _offline(route) -> None:
    """Abort every request that would leave the machine."""
    if route.request.url.startswith(("http:", "https:")):
        route.abort()
    else:
        route.continue_()
