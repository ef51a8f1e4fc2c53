"""PNG snapshots of the map: a static matplotlib rendering, or a browser screenshot.

The static renderer needs no browser and no network: the Natural Earth basemap,
regions shaded by mentions, routes, markers sized by mentions, place labels
that do not pile on top of each other, a title, a legend of kinds, a
graticule and the attribution "Natural Earth · GeoNames".
"""

from __future__ import annotations

import io
import math
import re
import shutil
import textwrap
from collections.abc import Sequence
from functools import cache

from regionmap.errors import RegionmapError
from regionmap.layers import Layers

__all__ = ["SnapshotError", "default_bbox", "figure", "render_png", "screenshot_png"]

ATTRIBUTION = "Natural Earth · GeoNames"


class SnapshotError(RegionmapError):
    """A snapshot that cannot be made (no browser for ``--engine browser``)."""


def default_bbox(layers: Layers, *, pad: float = 0.12) -> tuple[float, float, float, float]:
    """The data's extent with padding, framing markers and lines first.

    Examples
    --------
    >>> from regionmap import analyse, to_layers
    >>> w, s, e, n = default_bbox(to_layers(analyse("Talks\\nBaku and Moscow.")))
    >>> bool(w < 37.6 < 49.9 < e and s < 40.4 < 55.8 < n)
    True
    """
    frames = [f for name, f in layers if name != "polygons" and len(f)] or [
        f for _, f in layers if len(f)
    ]
    if not frames:
        return (-180.0, -60.0, 180.0, 80.0)
    w = float(min(f.total_bounds[0] for f in frames))
    s = float(min(f.total_bounds[1] for f in frames))
    e = float(max(f.total_bounds[2] for f in frames))
    n = float(max(f.total_bounds[3] for f in frames))
    margin = max(1.5, pad * max(e - w, n - s))
    return (
        max(w - margin, -180.0),
        max(s - margin, -85.0),
        min(e + margin, 180.0),
        min(n + margin, 85.0),
    )


def _label_positions(
    ax, names: Sequence[str], xs: Sequence[float], ys: Sequence[float], priorities: Sequence[float]
) -> list[tuple[str, float, float, str]]:
    """Greedy placement: most mentioned first; a label that would overlap a
    placed one tries the other sides of its marker, then is left out."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    placed: list = []
    out = []
    offsets = [
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
    ]
    for i in sorted(range(len(names)), key=lambda k: -priorities[k]):
        for dx, dy, ha in offsets:
            text = ax.annotate(
                names[i],
                (xs[i], ys[i]),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                fontsize=8,
                zorder=9,
                fontweight="bold",
                color="#222222",
            )
            box = text.get_window_extent(renderer=renderer).expanded(1.05, 1.15)
            inside = ax.get_window_extent(renderer=renderer).contains(
                box.x0, box.y0
            ) and ax.get_window_extent(renderer=renderer).contains(box.x1, box.y1)
            if inside and not any(box.overlaps(other) for other in placed):
                placed.append(box)
                out.append((names[i], xs[i], ys[i], ha))
                text.set_path_effects(_halo())
                break
            text.remove()
    return out


def _short(name: str) -> str:
    """A label: the name without a trailing parenthetical, at most 40 characters.

    Examples
    --------
    >>> _short("Nord Stream (Vyborg/Ust-Luga–Lubmin)")
    'Nord Stream'
    """
    name = re.sub(r"\s*\([^()]*\)$", "", name)
    name = re.sub(r" Autonomous Republic$", "", name)
    return name if len(name) <= 40 else name[:39] + "…"


def _halo():
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=2.5, foreground="white")]


def render_png(
    layers: Layers,
    *,
    title: str = "",
    subtitle: str = "",
    bbox: tuple[float, float, float, float] | None = None,
    dpi: int = 150,
    size: tuple[float, float] = (11.0, 7.5),
) -> bytes:
    """A static PNG of the layers within ``bbox`` (west, south, east, north)."""
    import matplotlib.pyplot as plt

    fig = figure(layers, title=title, subtitle=subtitle, bbox=bbox, dpi=dpi, size=size)
    try:
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=dpi)
        return out.getvalue()
    finally:
        plt.close(fig)


def figure(
    layers: Layers,
    *,
    title: str = "",
    subtitle: str = "",
    bbox: tuple[float, float, float, float] | None = None,
    dpi: int = 150,
    size: tuple[float, float] = (11.0, 7.5),
):
    """The snapshot as a matplotlib Figure (close it with ``plt.close``)."""
    import geopandas as gpd
    import matplotlib
    import shapely

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from regionmap.mapview import KIND_COLOURS

    west, south, east, north = bbox or default_bbox(layers)
    if not (west < east and south < north):
        raise RegionmapError(f"the bounding box {west},{south},{east},{north} is empty")
    fig, ax = plt.subplots(figsize=size, dpi=dpi)
    try:
        ax.set_facecolor("#dfe9f2")
        margin = 0.1 * max(east - west, north - south)
        _basemap().cx[west - margin : east + margin, south - margin : north + margin].plot(
            ax=ax, color="#f2efe6", edgecolor="#9e9e9e", linewidth=0.5, zorder=1
        )
        largest = max([int(c) for _, f in layers for c in f["count"]] or [1])
        if len(layers.polygons):
            frame = layers.polygons.assign(_area=shapely.area(layers.polygons.geometry.values))
            frame = frame.sort_values("_area", ascending=False)  # small areas on top
            for row in frame.itertuples():
                colour = KIND_COLOURS.get(row.kind, "#525252")
                gpd.GeoSeries([row.geometry]).plot(
                    ax=ax,
                    color=colour,
                    alpha=0.12 + 0.4 * int(row.count) / largest,
                    edgecolor=colour,
                    linewidth=0.8,
                    zorder=2,
                )
        if len(layers.lines):
            layers.lines.plot(ax=ax, color=KIND_COLOURS["route"], linewidth=2.2, zorder=3)
        xs, ys, names, counts = [], [], [], []
        if len(layers.points):
            frame = layers.points.sort_values("count", ascending=False)
            sizes = [20 + 260 * int(c) / largest for c in frame["count"]]
            colours = [KIND_COLOURS.get(k, "#525252") for k in frame["kind"]]
            ax.scatter(
                frame.geometry.x,
                frame.geometry.y,
                s=sizes,
                c=colours,
                edgecolors="white",
                linewidths=0.8,
                zorder=5,
            )
            xs += list(frame.geometry.x)
            ys += list(frame.geometry.y)
            names += [_short(n) for n in frame["name"]]
            counts += [int(c) for c in frame["count"]]
        for _, frame in (("lines", layers.lines), ("polygons", layers.polygons)):
            for row in frame.itertuples():
                point = (
                    row.geometry.interpolate(0.5, normalized=True)
                    if row.geometry.geom_type.endswith("LineString")
                    else row.geometry.representative_point()
                )
                if west <= point.x <= east and south <= point.y <= north:
                    xs.append(point.x)
                    ys.append(point.y)
                    names.append(_short(row.name))
                    # Routes and small areas are what a reader looks for; a country
                    # is recognisable without its name.
                    line = row.geometry.geom_type.endswith("LineString")
                    small = not line and row.geometry.area < 5
                    counts.append(int(row.count) + (3.0 if small else 1.5 if line else -0.5))
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_aspect(1 / max(math.cos(math.radians((south + north) / 2)), 0.2))
        _graticule(ax, west, south, east, north)
        fig.tight_layout(rect=(0, 0.03, 1, 0.90 if len(title) > 92 else 0.93))
        ax.apply_aspect()  # settle the axes box before measuring labels
        _label_positions(ax, names, xs, ys, counts)
        kinds = sorted({k for _, f in layers for k in f["kind"]})
        handles = [
            Line2D(
                [],
                [],
                marker="o" if k != "route" else None,
                linestyle="-" if k == "route" else "",
                color=KIND_COLOURS.get(k, "#525252"),
                markersize=7,
                label=k,
            )
            for k in kinds
        ]
        if handles:
            ax.legend(
                handles=handles,
                loc="lower left",
                fontsize=8,
                framealpha=0.9,
                title="Kind",
                title_fontsize=8,
            )
        wrapped = textwrap.wrap(title, 92)
        heading = wrapped[:2]
        if len(wrapped) > 2:
            heading[-1] = heading[-1][:89] + "…"
        fig.suptitle("\n".join(heading), fontsize=10.5, y=0.99, fontweight="bold")
        if subtitle:
            fig.text(
                0.5,
                0.915 if len(title) > 92 else 0.94,
                subtitle,
                ha="center",
                fontsize=9,
                color="#444444",
            )
        fig.text(0.99, 0.01, ATTRIBUTION, ha="right", va="bottom", fontsize=7, color="#555555")
    except BaseException:
        plt.close(fig)
        raise
    return fig


@cache
def _basemap():
    import geopandas as gpd

    from regionmap.leaflet import basemap_geojson

    return gpd.read_file(io.StringIO(basemap_geojson()))


def _graticule(ax, west: float, south: float, east: float, north: float) -> None:
    span = max(east - west, north - south)
    step = next((s for s in (1, 2, 5, 10, 15, 30) if span / s <= 12), 30)
    ax.set_xticks([x for x in range(-180, 181, step) if west <= x <= east])
    ax.set_yticks([y for y in range(-90, 91, step) if south <= y <= north])
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
    import tempfile
    from pathlib import Path

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
    with tempfile.TemporaryDirectory() as folder:
        page_path = Path(folder) / "map.html"
        page_path.write_bytes(html)
        with sync_playwright() as p:
            chromium = p.chromium.launch(
                executable_path=browser,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
            try:
                page = chromium.new_page(viewport={"width": width, "height": height})
                page.route(
                    "**/*",
                    lambda route: (
                        route.abort()
                        if route.request.url.startswith(("http:", "https:"))
                        else route.continue_()
                    ),
                )
                page.goto(page_path.as_uri())
                page.wait_for_selector(".leaflet-container", timeout=30_000)
                page.wait_for_function("document.readyState === 'complete'")
                return page.screenshot(type="png")
            finally:
                chromium.close()
