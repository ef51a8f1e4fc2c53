"""The interactive Folium map of a document's layers, offline by default.

Leaflet, jQuery and markercluster come inline, as ``data:`` URIs built from
the ``xstatic`` packages; folium's Bootstrap, awesome-markers and font CDNs
are dropped. The basemap is Natural Earth country shapes; OpenStreetMap tiles
are added only when asked for. The map carries one feature per place (never
per mention): quotes are shown by the app after a click, found through
:func:`pick`.
"""

from __future__ import annotations

import json
import math
import re

import folium

from regionmap.escape import leaflet_text
from regionmap.layers import Layers
from regionmap.leaflet import (
    Basemap,
    FeatureLayer,
    Fullscreen,
    OfflineMap,
    OfflineMarkerCluster,
    feature,
)

__all__ = ["KIND_COLOURS", "OfflineMap", "build_map", "pick", "tooltip_text"]

KIND_COLOURS = {
    "city": "#d7301f",
    "country": "#2b8cbe",
    "region": "#6a51a3",
    "water": "#0570b0",
    "route": "#e66101",
    "other": "#525252",
    "demonym": "#969696",
}
ROUTE_STYLES = {  # dash pattern per route kind; proposed routes are dotted
    "railway": "10 6",
    "road": None,
    "pipeline": "2 6",
    "corridor": "14 4 2 4",
    "sea route": "1 8",
}
CLUSTER_ABOVE = 200


def tooltip_text(name: str, count: int) -> str:
    """The tooltip of a feature; :func:`pick` reads the name back from it.

    Examples
    --------
    >>> tooltip_text("Baku", 8), tooltip_text("Iran", 1)
    ('Baku · 8 mentions', 'Iran · 1 mention')
    """
    return f"{name} · {count} mention{'s' if count != 1 else ''}"


def _radius(count: int, largest: int) -> float:
    """Marker radius in pixels: area proportional to the mention count."""
    return 4 + 14 * math.sqrt(count / max(largest, 1))


def build_map(
    layers: Layers,
    *,
    online_tiles: bool = False,
    show: tuple[str, ...] = ("points", "lines", "polygons"),
    highlight: frozenset[str] = frozenset(),
    height: int | str = "100%",
    popups: dict[str, str] | None = None,
) -> OfflineMap:
    """The interactive map of ``layers``.

    Parameters
    ----------
    layers : Layers
        From :func:`regionmap.layers.to_layers`.
    online_tiles : bool
        Add OpenStreetMap tiles (the only thing that contacts a server).
    show : tuple of str
        Which layers to draw: ``points``, ``lines``, ``polygons``.
    highlight : frozenset of str
        ``place_id`` values to emphasise (the places of a selected paragraph).
    popups : dict, optional
        ``place_id`` → popup HTML, already escaped with
        :func:`regionmap.escape.leaflet_text` (exported maps list quotes there;
        the app shows quotes beside the map instead).

    Examples
    --------
    >>> from regionmap import analyse, to_layers
    >>> html = build_map(to_layers(analyse("Talks\\nBaku and Iran."))).get_root().render()
    >>> "cdn." in html or "https://" in html.split("</head>")[0]
    False
    """
    m = OfflineMap(
        location=[20, 0],
        zoom_start=2,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        height=height,
    )
    Basemap().add_to(m)
    if online_tiles:
        folium.TileLayer(
            "OpenStreetMap", name="OpenStreetMap (online)", overlay=False, control=True
        ).add_to(m)
    largest = max([int(c) for _, frame in layers for c in frame["count"]] or [1])
    if "polygons" in show and len(layers.polygons):
        _polygons(m, layers, largest, highlight, popups or {})
    if "lines" in show and len(layers.lines):
        _lines(m, layers, highlight, popups or {})
    if "points" in show and len(layers.points):
        _points(m, layers, largest, highlight, popups or {})
    folium.LayerControl(collapsed=True).add_to(m)
    Fullscreen().add_to(m)
    # Frame the markers and lines; a large country (Russia) would zoom out to the world.
    focus = [frame for name, frame in layers if name != "polygons" and len(frame)]
    bounds = _bounds(focus) if focus else layers.bounds
    if bounds:
        west, south, east, north = bounds
        pad = max(1.0, 0.08 * max(east - west, north - south))
        m.fit_bounds(
            [
                [max(south - pad, -85), max(west - pad, -180)],
                [min(north + pad, 85), min(east + pad, 180)],
            ]
        )
    return m


def _bounds(frames: list) -> tuple[float, float, float, float]:
    boxes = [frame.total_bounds for frame in frames]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _polygons(
    m: folium.Map, layers: Layers, largest: int, highlight: frozenset[str], popups: dict[str, str]
) -> None:
    import shapely

    group = folium.FeatureGroup(name="Regions and countries").add_to(m)
    # Largest first, so that a small area (Nakhchivan) stays clickable above a large one
    # that contains it (the Soviet Union); the shading, not the order, shows the count.
    frame = layers.polygons.assign(_area=shapely.area(layers.polygons.geometry.values))
    frame = frame.sort_values("_area", ascending=False)
    shapes = shapely.to_geojson(frame.geometry.values)
    features = []
    for row, shape in zip(frame.itertuples(), shapes, strict=True):
        colour = KIND_COLOURS.get(row.kind, "#525252")
        chosen = row.place_id in highlight
        style = {
            "color": "#ffb000" if chosen else colour,
            "weight": 3 if chosen else 1,
            "fillColor": colour,
            "fillOpacity": round(0.12 + 0.45 * int(row.count) / largest, 3),
        }
        features.append(
            feature(
                shape,
                label=leaflet_text(tooltip_text(row.name, int(row.count))),
                style=style,
                popup=popups.get(row.place_id),
            )
        )
    FeatureLayer(features).add_to(group)


def _lines(
    m: folium.Map, layers: Layers, highlight: frozenset[str], popups: dict[str, str]
) -> None:
    import shapely

    group = folium.FeatureGroup(name="Routes").add_to(m)
    frame = layers.lines
    features = []
    for row, shape in zip(
        frame.itertuples(), shapely.to_geojson(frame.geometry.values), strict=True
    ):
        chosen = row.place_id in highlight
        style = {
            "color": "#ffb000" if chosen else KIND_COLOURS["route"],
            "weight": 7 if chosen else 5,
            "opacity": 0.9,
            "dashArray": "3 9" if row.inferred else ROUTE_STYLES.get(_route_kind(row.source)),
        }
        features.append(
            feature(
                shape,
                label=leaflet_text(tooltip_text(row.name, int(row.count))),
                style=style,
                popup=popups.get(row.place_id),
            )
        )
        middle = row.geometry.interpolate(0.5, normalized=True)
        folium.Marker(
            [middle.y, middle.x],
            icon=folium.DivIcon(
                html=f'<div class="rm-route-label">{leaflet_text(row.name)}</div>',
                icon_size=(1, 1),
                class_name="rm-route",
            ),
            interactive=False,
        ).add_to(group)
    FeatureLayer(features).add_to(group)
    m.get_root().header.add_child(
        folium.Element(
            "<style>.rm-route-label{white-space:nowrap;font:600 11px/1.2 sans-serif;color:#7f2704;"
            "text-shadow:0 0 3px #fff,0 0 3px #fff;transform:translate(-50%,-140%);"
            "pointer-events:none}</style>"
        )
    )


def _route_kind(source: str) -> str:
    match = re.search(r"\((railway|road|pipeline|corridor|sea route),", source)
    return match.group(1) if match else "corridor"


def _points(
    m: folium.Map, layers: Layers, largest: int, highlight: frozenset[str], popups: dict[str, str]
) -> None:
    """All places as one layer of circle markers, clustered when there are many."""
    group = folium.FeatureGroup(name="Places").add_to(m)
    parent = OfflineMarkerCluster().add_to(group) if len(layers.points) > CLUSTER_ABOVE else group
    frame = layers.points.sort_values("count", ascending=False)  # small markers on top
    features = []
    for row in frame.itertuples():
        chosen = row.place_id in highlight
        style = {
            "radius": round(_radius(int(row.count), largest), 1),
            "color": "#ffb000" if chosen else "#ffffff",
            "weight": 3 if chosen else 1.5,
            "fillColor": KIND_COLOURS.get(row.kind, "#525252"),
            "fillOpacity": 0.85,
            "fill": True,
        }
        point = json.dumps({"type": "Point", "coordinates": [row.geometry.x, row.geometry.y]})
        features.append(
            feature(
                point,
                label=leaflet_text(tooltip_text(row.name, int(row.count))),
                style=style,
                popup=popups.get(row.place_id),
            )
        )
    FeatureLayer(features).add_to(parent)


def pick(layers: Layers, *, tooltip: str | None, clicked: dict | None) -> str | None:
    """The ``place_id`` a map click selected, from st_folium's report.

    The tooltip text names the feature; among features of that name the one
    nearest the clicked point wins (names can repeat, coordinates never have to
    match exactly). Without a tooltip, the nearest marker or line within a few
    degrees, or the polygon containing the point, is taken.

    Examples
    --------
    >>> from regionmap import analyse, to_layers
    >>> layers = to_layers(analyse("Talks\\nBaku and Iran."))
    >>> pick(layers, tooltip="Baku · 1 mention", clicked={"lat": 40.4, "lng": 49.9})
    'geonames:587084'
    >>> pick(layers, tooltip=None, clicked={"lat": 32.0, "lng": 53.0})
    'geonames:130758'
    >>> pick(layers, tooltip=None, clicked=None) is None
    True
    """
    from shapely.geometry import Point

    point = None
    if clicked and clicked.get("lat") is not None and clicked.get("lng") is not None:
        point = Point(float(clicked["lng"]), float(clicked["lat"]))
    name = tooltip.rsplit(" · ", 1)[0].strip() if tooltip else None
    if name is None and point is None:
        return None  # nothing was clicked yet
    best: tuple[float, str] | None = None
    for order, (_, frame) in enumerate(layers):  # points, then lines, then polygons
        for row in frame.itertuples():
            if name is not None and row.name != name:
                continue
            distance = row.geometry.distance(point) if point is not None else 0.0
            if name is None and distance > (0.0 if order == 2 else 3.0):
                continue
            key = (distance + order * 1e-6, row.place_id)
            if best is None or key < best:
                best = key
    return best[1] if best else None
