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

from regionmap.render import style
from regionmap.render.leaflet import (
    Basemap,
    FeatureLayer,
    Fullscreen,
    MapStyle,
    OfflineMap,
    OfflineMarkerCluster,
    ReadingFrame,
    ReadingView,
    SelectPlace,
    feature,
)
from regionmap.render.reading import reading_payload
from regionmap.view.layers import Layers
from regionmap.view.prepare import View

__all__ = [
    "CLUSTER_ABOVE",
    "LAYER_NAMES",
    "build_map",
    "clicked_place",
    "selection_command",
    "tooltip_text",
]

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
    view: View,
    *,
    online_tiles: bool = False,
    show: tuple[str, ...] = LAYER_NAMES,
    height: int | str = "100%",
    panel: bool = True,
    bridge: bool = False,
) -> OfflineMap:
    """The interactive map of ``view`` with its reading view.

    Parameters
    ----------
    view : View
        From :func:`regionmap.prepare`.
    online_tiles : bool
        Add OpenStreetMap tiles (the only thing that contacts a server).
    show : tuple of str
        Which layers to draw: ``points``, ``lines``, ``polygons``.
    panel : bool
        The panel of quotes, transcript and places beside the map (off for a
        picture of the map alone).
    bridge : bool
        Tell ``st_folium`` what the reader selects (in the app).

    Examples
    --------
    >>> from regionmap import analyse, prepare
    >>> html = build_map(prepare(analyse("Talks\\nBaku and Iran."))).get_root().render()
    >>> "cdn." in html or "https://" in html.split("</head>")[0]
    False
    >>> '"place_id":"geonames:587084"' in html, "regionmapReadingView" in html
    (True, True)
    """
    m = OfflineMap(location=[20, 0], zoom_start=2, tiles=None, control_scale=True, height=height)
    m.options["maxZoom"] = 18  # no tile layer sets one, and marker clusters need it
    MapStyle().add_to(m)
    layers = view.layers
    ReadingFrame(layers.frame().leaflet(), panel=panel).add_to(m)  # before anything is drawn
    Basemap().add_to(m)
    if online_tiles:
        folium.TileLayer(
            "OpenStreetMap", name="OpenStreetMap (online)", overlay=False, control=True
        ).add_to(m)
    largest = layers.largest_count
    if "polygons" in show and len(layers.polygons):
        _polygons(m, layers, largest)
    if "lines" in show and len(layers.lines):
        _lines(m, layers)
    clustered = "points" in show and len(layers.points) > CLUSTER_ABOVE
    if "points" in show and len(layers.points):
        _points(m, layers, largest, clustered=clustered)
    folium.LayerControl(collapsed=True).add_to(m)
    Fullscreen().add_to(m)
    ReadingView(reading_payload(view), panel=panel, bridge=bridge, clustered=clustered).add_to(m)
    return m


def _props(row, look: dict) -> dict:
    """A feature's properties: its id (the data a click reports) and its style."""
    return {"place_id": row.place_id, "style": look}


def _polygons(m, layers: Layers, largest: int) -> None:
    import shapely

    group = folium.FeatureGroup(name="Regions and countries").add_to(m)
    # Largest first, so that a small area (Nakhchivan) stays clickable above a large one
    # that contains it (the Soviet Union); the shading, not the order, shows the count.
    frame = layers.polygons.assign(_area=shapely.area(layers.polygons.geometry.values))
    frame = frame.sort_values("_area", ascending=False)
    shapes = shapely.to_geojson(frame.geometry.values)
    features = []
    for row, shape in zip(frame.itertuples(), shapes, strict=True):
        colour = style.colour(row.kind)
        look = {
            "color": colour,
            "weight": style.POLYGON_WEIGHT,
            "fillColor": colour,
            "fillOpacity": style.fill_opacity(int(row.count), largest=largest),
        }
        features.append(feature(shape, _props(row, look)))
    FeatureLayer(features, map_name=m.get_name()).add_to(group)


def _lines(m, layers: Layers) -> None:
    import shapely

    group = folium.FeatureGroup(name="Routes").add_to(m)
    frame = layers.lines
    shapes = shapely.to_geojson(frame.geometry.values)
    features = []
    for row, shape in zip(frame.itertuples(), shapes, strict=True):
        look = {
            "color": style.colour(row.kind),
            "weight": style.ROUTE_WEIGHT,
            "opacity": style.line_opacity(row.route_status),
            "dashArray": style.dash_css(style.route_dash(row.route_kind, inferred=row.inferred)),
        }
        features.append(feature(shape, _props(row, look)))
    FeatureLayer(features, map_name=m.get_name()).add_to(group)


def _points(m, layers: Layers, largest: int, *, clustered: bool) -> None:
    """All places as one layer of circle markers, clustered when there are many."""
    group = folium.FeatureGroup(name="Places").add_to(m)
    parent = OfflineMarkerCluster().add_to(group) if clustered else group
    frame = layers.points.sort_values("count", ascending=False)  # small markers on top
    features = []
    for row in frame.itertuples():
        look = {
            "radius": style.marker_radius(int(row.count), largest=largest),
            "color": style.MARKER_EDGE,
            "weight": 1.5,
            "fillColor": style.colour(row.kind),
            "fillOpacity": 0.85,
            "fill": True,
        }
        point = json.dumps({"type": "Point", "coordinates": [row.geometry.x, row.geometry.y]})
        features.append(feature(point, _props(row, look)))
    FeatureLayer(features, map_name=m.get_name()).add_to(parent)


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


def selection_command(place_id: str, *, nonce: int) -> folium.FeatureGroup:
    """A layer group that tells the reading view to select ``place_id`` (once per
    ``nonce``), for ``st_folium``'s ``feature_group_to_add``: the page runs it
    without rebuilding the map."""
    group = folium.FeatureGroup(name="selection", control=False)
    SelectPlace(place_id, nonce=nonce).add_to(group)
    return group
