"""How every renderer draws a place: one palette, one set of line styles and label rules.

The Folium map, the exported HTML, the PNG snapshot and the KML file all read
their colours, opacities, dash patterns, marker sizes and labels from here,
so the four always look alike. Lengths are in CSS pixels (points in the PNG).

Examples
--------
>>> KIND_COLOURS[PlaceKind.CITY], route_dash(RouteKind.RAILWAY, inferred=False)
('#d7301f', (10, 6))
>>> fill_opacity(4, largest=8)
0.345
"""

from __future__ import annotations

import math
import re

from regionmap.vocab import PlaceKind, RouteKind, RouteStatus

__all__ = [
    "HIGHLIGHT",
    "KIND_COLOURS",
    "LAND",
    "SEA",
    "dash_css",
    "fill_opacity",
    "label_priority",
    "line_opacity",
    "marker_radius",
    "route_dash",
    "short_name",
]

#: One colour per kind; water is the only blue, so a shaded country never reads as sea.
KIND_COLOURS: dict[PlaceKind, str] = {
    PlaceKind.CITY: "#d7301f",
    PlaceKind.COUNTRY: "#2e8b57",
    PlaceKind.REGION: "#6a51a3",
    PlaceKind.WATER: "#0570b0",
    PlaceKind.ROUTE: "#e66101",
    PlaceKind.OTHER: "#525252",
    PlaceKind.UNRESOLVED: "#969696",
    PlaceKind.DEMONYM: "#969696",
}
LAND = "#f2efe6"
LAND_EDGE = "#9e9e9e"
SEA = "#d5e6f3"
HIGHLIGHT = "#ffb000"
MARKER_EDGE = "#ffffff"
LABEL_COLOUR = "#222222"
ROUTE_LABEL_COLOUR = "#7f2704"

#: Dash pattern (on, off, …) of each kind of route; None is a solid line.
ROUTE_DASHES: dict[RouteKind, tuple[int, ...] | None] = {
    RouteKind.RAILWAY: (10, 6),
    RouteKind.ROAD: None,
    RouteKind.PIPELINE: (2, 6),
    RouteKind.CORRIDOR: (14, 4, 2, 4),
    RouteKind.SEA_ROUTE: (1, 8),
}
INFERRED_DASH = (3, 9)  # a straight line between two named places: finely dotted
ROUTE_WEIGHT = 5
POLYGON_WEIGHT = 1
STATUS_OPACITY = {
    None: 0.9,
    RouteStatus.OPERATING: 0.9,
    RouteStatus.UNDER_CONSTRUCTION: 0.7,
    RouteStatus.PROPOSED: 0.5,
}
MARKER_MIN, MARKER_SPAN = 4.0, 14.0  # radius in pixels: smallest, and added for the largest


def colour(kind: str | None) -> str:
    """The colour of a kind (grey for an unknown one)."""
    return KIND_COLOURS.get(kind, KIND_COLOURS[PlaceKind.OTHER])  # type: ignore[arg-type]


def fill_opacity(count: int, *, largest: int) -> float:
    """Fill opacity of an area: pale for one mention, strong for the most mentioned."""
    return round(0.12 + 0.45 * count / max(largest, 1), 3)


def marker_radius(count: int, *, largest: int) -> float:
    """Marker radius in pixels: its area is proportional to the mention count."""
    return round(MARKER_MIN + MARKER_SPAN * math.sqrt(count / max(largest, 1)), 1)


def route_dash(kind: str | None, *, inferred: bool) -> tuple[int, ...] | None:
    """The dash pattern of a route line."""
    if inferred:
        return INFERRED_DASH
    return ROUTE_DASHES.get(kind, ROUTE_DASHES[RouteKind.CORRIDOR])  # type: ignore[arg-type]


def dash_css(dash: tuple[int, ...] | None) -> str | None:
    """A dash pattern as Leaflet's ``dashArray`` string.

    Examples
    --------
    >>> dash_css((10, 6)), dash_css(None)
    ('10 6', None)
    """
    return None if dash is None else " ".join(str(v) for v in dash)


def line_opacity(status: str | None) -> float:
    """Opacity of a route line: proposed routes are paler than operating ones."""
    return STATUS_OPACITY.get(status, STATUS_OPACITY[None])  # type: ignore[arg-type]


def short_name(name: str) -> str:
    """A label: the name without a trailing parenthetical, at most 40 characters.

    Examples
    --------
    >>> short_name("Nord Stream (Vyborg/Ust-Luga–Lubmin)")
    'Nord Stream'
    >>> short_name("Nakhchivan Autonomous Republic")
    'Nakhchivan'
    """
    name = re.sub(r"\s*\([^()]*\)$", "", name)
    name = re.sub(r" Autonomous Republic$", "", name)
    return name if len(name) <= 40 else name[:39] + "…"


def label_priority(count: int, *, line: bool = False, area: float | None = None) -> float:
    """The order in which labels claim space, highest first.

    Routes and small areas are what a reader looks for; a country is
    recognisable without its name.
    """
    if line:
        return count + 1.5
    if area is not None:
        return count + (3.0 if area < 5 else -0.5)
    return float(count)
