"""The interactive Folium map of a view's layers, offline by default.

Leaflet and its plugins come inline (see :mod:`regionmap.render.leaflet`); the
basemap is Natural Earth country shapes; OpenStreetMap tiles are added only
when asked for. The map carries one feature per place (never per mention).
Each feature's properties hold its ``place_id``, so a click is identified by
data, never by the text shown; :func:`clicked_place` reads it back from
``st_folium``'s report. Colours, dashes and sizes come from
:mod:`regionmap.render.style`.
"""

from __future__ import annotations

import json

import folium

from regionmap.geo import WORLD, BBox
from regionmap.render import style
from regionmap.render.escape import leaflet_text
from regionmap.render.leaflet import (
    Basemap,
    FeatureLayer,
    Fullscreen,
    MapStyle,
    OfflineMap,
    OfflineMarkerCluster,
    feature,
)
from regionmap.view.layers import Layers

__all__ = ["CLUSTER_ABOVE", "LAYER_NAMES", "build_map", "clicked_place", "tooltip_text"]

CLUSTER_ABOVE = 200
LAYER_NAMES = ("points", "lines", "polygons")


def tooltip_text(name: str, count: int) -> str:
    """The tooltip of a feature.

    Examples
    --------
    >>> tooltip_text("Baku", 8), tooltip_text("Iran", 1)
    ('Baku · 8 mentions', 'Iran · 1 mention')
    """
    return f"{name} · {count} mention{'s' if count != 1 else ''}"


def build_map(
    layers: Layers,
    *,
    online_tiles: bool = False,
    show: tuple[str, ...] = LAYER_NAMES,
    highlight: frozenset[str] = frozenset(),
    height: int | str = "100%",
    popups: dict[str, str] | None = None,
) -> OfflineMap:
    """The interactive map of ``layers``.

    Parameters
    ----------
    layers : Layers
        From :attr:`regionmap.view.prepare.View.layers`.
    online_tiles : bool
        Add OpenStreetMap tiles (the only thing that contacts a server).
    show : tuple of str
        Which layers to draw: ``points``, ``lines``, ``polygons``.
    highlight : frozenset of str
        ``place_id`` values to emphasise (the places of a selected paragraph).
    popups : dict, optional
        ``place_id`` → popup HTML, already escaped with
        :func:`regionmap.render.escape.leaflet_text` (exported maps list quotes
        there; the app shows quotes beside the map instead).

    Examples
    --------
    >>> from regionmap import analyse, prepare
    >>> html = build_map(prepare(analyse("Talks\\nBaku and Iran.")).layers).get_root().render()
    >>> "cdn." in html or "https://" in html.split("</head>")[0]
    False
    >>> '"place_id":"geonames:587084"' in html
    True
    """
    m = OfflineMap(location=[20, 0], zoom_start=2, tiles=None, control_scale=True, height=height)
    MapStyle().add_to(m)
    Basemap().add_to(m)
    if online_tiles:
        folium.TileLayer(
            "OpenStreetMap", name="OpenStreetMap (online)", overlay=False, control=True
        ).add_to(m)
    largest = layers.largest_count
    popups = popups or {}
    if "polygons" in show and len(layers.polygons):
        _polygons(m, layers, largest, highlight, popups)
    if "lines" in show and len(layers.lines):
        _lines(m, layers, highlight, popups)
    if "points" in show and len(layers.points):
        _points(m, layers, largest, highlight, popups)
    folium.LayerControl(collapsed=True).add_to(m)
    Fullscreen().add_to(m)
    m.fit_bounds(frame_of(layers).leaflet())
    return m


def frame_of(layers: Layers) -> BBox:
    """The view that frames the markers and lines (a large country such as Russia
    would zoom out to the world), with padding; areas only when there is nothing else."""
    box = layers.bounds("points", "lines") or layers.bounds()
    if box is None:
        return WORLD
    return box.padded(max(1.0, 0.08 * box.span))


def _props(row, *, style_: dict, popups: dict[str, str]) -> dict:
    """A feature's properties: its id (the data a click reports) and what it shows."""
    return {
        "place_id": row.place_id,
        "label": leaflet_text(tooltip_text(row.name, int(row.count))),
        "style": style_,
        "popup": popups.get(row.place_id),
    }


def _polygons(m, layers: Layers, largest: int, highlight: frozenset[str], popups) -> None:
    import shapely

    group = folium.FeatureGroup(name="Regions and countries").add_to(m)
    # Largest first, so that a small area (Nakhchivan) stays clickable above a large one
    # that contains it (the Soviet Union); the shading, not the order, shows the count.
    frame = layers.polygons.assign(_area=shapely.area(layers.polygons.geometry.values))
    frame = frame.sort_values("_area", ascending=False)
    features = []
    for row, shape in zip(
        frame.itertuples(), shapely.to_geojson(frame.geometry.values), strict=True
    ):
        colour = style.colour(row.kind)
        chosen = row.place_id in highlight
        look = {
            "color": style.HIGHLIGHT if chosen else colour,
            "weight": 3 if chosen else style.POLYGON_WEIGHT,
            "fillColor": colour,
            "fillOpacity": style.fill_opacity(int(row.count), largest=largest),
        }
        features.append(feature(shape, _props(row, style_=look, popups=popups)))
    FeatureLayer(features).add_to(group)


def _lines(m, layers: Layers, highlight: frozenset[str], popups) -> None:
    import shapely

    group = folium.FeatureGroup(name="Routes").add_to(m)
    frame = layers.lines
    features = []
    for row, shape in zip(
        frame.itertuples(), shapely.to_geojson(frame.geometry.values), strict=True
    ):
        chosen = row.place_id in highlight
        look = {
            "color": style.HIGHLIGHT if chosen else style.colour(row.kind),
            "weight": style.ROUTE_WEIGHT + (2 if chosen else 0),
            "opacity": style.line_opacity(row.route_status),
            "dashArray": style.dash_css(style.route_dash(row.route_kind, inferred=row.inferred)),
        }
        features.append(feature(shape, _props(row, style_=look, popups=popups)))
        middle = row.geometry.interpolate(0.5, normalized=True)
        label = leaflet_text(style.short_name(row.name))
        folium.Marker(
            [middle.y, middle.x],
            icon=folium.DivIcon(
                html=f'<div class="rm-route-label">{label}</div>',
                icon_size=(1, 1),
                class_name="rm-route",
            ),
            interactive=False,
        ).add_to(group)
    FeatureLayer(features).add_to(group)


def _points(m, layers: Layers, largest: int, highlight: frozenset[str], popups) -> None:
    """All places as one layer of circle markers, clustered when there are many."""
    group = folium.FeatureGroup(name="Places").add_to(m)
    parent = OfflineMarkerCluster().add_to(group) if len(layers.points) > CLUSTER_ABOVE else group
    frame = layers.points.sort_values("count", ascending=False)  # small markers on top
    features = []
    for row in frame.itertuples():
        chosen = row.place_id in highlight
        look = {
            "radius": style.marker_radius(int(row.count), largest=largest),
            "color": style.HIGHLIGHT if chosen else style.MARKER_EDGE,
            "weight": 3 if chosen else 1.5,
            "fillColor": style.colour(row.kind),
            "fillOpacity": 0.85,
            "fill": True,
        }
        point = json.dumps({"type": "Point", "coordinates": [row.geometry.x, row.geometry.y]})
        features.append(feature(point, _props(row, style_=look, popups=popups)))
    FeatureLayer(features).add_to(parent)


def clicked_place(report: dict | None) -> str | None:
    """The ``place_id`` of the feature a map click hit, from ``st_folium``'s report.

    Examples
    --------
    >>> clicked_place({"last_active_drawing": {"properties": {"place_id": "geonames:587084"}}})
    'geonames:587084'
    >>> clicked_place({"last_active_drawing": None}), clicked_place(None)
    (None, None)
    """
    drawing = (report or {}).get("last_active_drawing")
    if not isinstance(drawing, dict):
        return None
    properties = drawing.get("properties")
    place_id = properties.get("place_id") if isinstance(properties, dict) else None
    return place_id if isinstance(place_id, str) else None
