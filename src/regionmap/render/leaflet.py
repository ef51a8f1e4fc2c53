"""Leaflet building blocks that work offline: inline assets, the basemap, feature layers.

Leaflet, jQuery and markercluster come inline, as ``data:`` URIs built from the
``xstatic`` packages; folium's Bootstrap, awesome-markers and font CDNs are
dropped. Feature layers carry their data as JSON text (never as JavaScript
template literals), with every piece of text escaped beforehand by
:func:`regionmap.render.escape.leaflet_text`.
"""

from __future__ import annotations

import base64
import json
import re
from functools import cache
from pathlib import Path
from typing import ClassVar

import folium
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster

from regionmap.render import style
from regionmap.render.basemap import basemap_geojson
from regionmap.render.escape import script_json

__all__ = [
    "Basemap",
    "FeatureLayer",
    "Fullscreen",
    "MapStyle",
    "OfflineMap",
    "OfflineMarkerCluster",
    "ReadingFrame",
    "ReadingView",
    "SelectPlace",
    "feature",
]


def _data_uri(path: Path, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


@cache
def _assets() -> dict[str, str]:
    """data: URIs of Leaflet, jQuery and markercluster from the xstatic packages."""
    import xstatic.pkg.jquery as jquery
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as cluster

    base = Path(leaflet.BASE_DIR)
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match) -> str:  # images referenced by the stylesheet
        image = base / match.group(1)
        return f"url({_data_uri(image, 'image/png')})" if image.is_file() else match.group(0)

    css = re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)
    mc = Path(cluster.BASE_DIR)
    return {
        "leaflet_js": _data_uri(base / "leaflet.js", "text/javascript"),
        "leaflet_css": "data:text/css;base64," + base64.b64encode(css.encode()).decode(),
        "jquery_js": _data_uri(Path(jquery.BASE_DIR) / "jquery.min.js", "text/javascript"),
        "cluster_js": _data_uri(mc / "leaflet.markercluster.js", "text/javascript"),
        "cluster_css": _data_uri(mc / "MarkerCluster.css", "text/css"),
        "cluster_default_css": _data_uri(mc / "MarkerCluster.Default.css", "text/css"),
    }


class OfflineMap(folium.Map):
    """A folium Map whose scripts and styles are inline: no CDN is contacted."""

    default_js: ClassVar[list[tuple[str, str]]] = []  # set per instance from the assets
    default_css: ClassVar[list[tuple[str, str]]] = []

    def __init__(self, *args: object, **kwargs: object) -> None:
        assets = _assets()
        self.default_js = [("leaflet", assets["leaflet_js"]), ("jquery", assets["jquery_js"])]
        self.default_css = [("leaflet_css", assets["leaflet_css"])]
        super().__init__(*args, **kwargs)


class OfflineMarkerCluster(MarkerCluster):
    """folium's MarkerCluster with its plugin assets inline."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        assets = _assets()
        self.default_js = [("markerclusterjs", assets["cluster_js"])]
        self.default_css = [
            ("markerclustercss", assets["cluster_css"]),
            ("markerclusterdefaultcss", assets["cluster_default_css"]),
        ]
        super().__init__(*args, **kwargs)


class Fullscreen(JSCSSMixin, folium.MacroElement):
    """A fullscreen button using the browser's Fullscreen API (no plugin to load)."""

    _template = folium.template.Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var Control = L.Control.extend({
                options: {position: "topleft"},
                onAdd: function () {
                    var bar = L.DomUtil.create("div", "leaflet-bar leaflet-control");
                    var a = L.DomUtil.create("a", "", bar);
                    a.href = "#"; a.title = "Full screen"; a.setAttribute("role", "button");
                    a.textContent = "\\u2922";
                    a.style.fontSize = "18px";
                    L.DomEvent.on(a, "click", function (e) {
                        L.DomEvent.preventDefault(e);
                        var box = map.getContainer();
                        if (document.fullscreenElement) { document.exitFullscreen(); }
                        else if (box.requestFullscreen) { box.requestFullscreen(); }
                    });
                    return bar;
                }
            });
            new Control().addTo(map);
            document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });
        })();
        {% endmacro %}
    """)


class Basemap(folium.MacroElement):
    """Natural Earth countries as a non-interactive background layer.

    The GeoJSON text is prepared once per process and written into the page as
    it is: it is shipped data, not user input, and re-serialising it on every
    render would cost more than the rest of the map.
    """

    _template = folium.template.Template("""
        {% macro script(this, kwargs) %}
        L.geoJSON({{ this.data }}, {
            interactive: false,
            style: {{ this.look | tojson }}
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "Basemap"
        self.data = basemap_geojson()
        self.look = {
            "color": style.LAND_EDGE,
            "weight": 0.6,
            "fillColor": style.LAND,
            "fillOpacity": 1.0,
        }


class FeatureLayer(folium.MacroElement):
    """Features given as GeoJSON text, drawn with the style each one carries in its
    properties, and registered on the map by ``place_id`` for the reading view.

    One element for a whole layer: rendering it is a string copy, however many
    places there are. Features carry no text: names, tooltips and quotes are the
    reading view's, which puts them in the page as text.
    """

    _template = folium.template.Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {
            pointToLayer: function (feature, latlng) {
                return L.circleMarker(latlng, feature.properties.style);
            },
            style: function (feature) { return feature.properties.style; },
            onEachFeature: function (feature, layer) {
                var map = {{ this.map_name }};
                (map._rmLayers = map._rmLayers || {})[feature.properties.place_id] = layer;
            }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, features: list[str], *, map_name: str) -> None:
        super().__init__()
        self._name = "FeatureLayer"
        self.map_name = map_name
        text = '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"
        self.data = text.replace("</", "<\\/")  # never close the script element


def feature(geometry_json: str, properties: dict) -> str:
    """One GeoJSON feature as text, its geometry given as GeoJSON text already.

    ``properties`` hold the ``place_id`` and the Leaflet ``style``; None values are
    left out.
    """
    properties = {k: v for k, v in properties.items() if v is not None}
    return (
        '{"type":"Feature","geometry":'
        + geometry_json
        + ',"properties":'
        + json.dumps(properties, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        + "}"
    )


class MapStyle(folium.MacroElement):
    """The page's own CSS: the reading view's layout, the sea behind the basemap."""

    _template = folium.template.Template("""
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapStyle"
        self.css = _asset("reading.css") + f".leaflet-container {{ background: {style.SEA}; }}"


class ReadingFrame(folium.MacroElement):
    """The reading view's frame: the map beside the panel's place, fitted to ``bounds``.

    Add it right after the map is made: the basemap and the features are then drawn
    once, at the size and view the reader sees (``assets/frame.js``).
    """

    _template = folium.template.Template("""
        {% macro script(this, kwargs) %}
        ({{ this.code }})({{ this._parent.get_name() }}, {{ this.bounds }}, {{ this.options }});
        {% endmacro %}
    """)

    def __init__(self, bounds: list[list[float]], *, panel: bool) -> None:
        super().__init__()
        self._name = "ReadingFrame"
        self.code = _asset("frame.js")
        self.bounds = script_json(bounds)
        self.options = script_json(
            {
                "panel": panel,
                "highlight": style.HIGHLIGHT,
                "sea": style.SEA,
                "routeLabel": style.ROUTE_LABEL_COLOUR,
            }
        )


class ReadingView(folium.MacroElement):
    """The reading view beside the map: quotes, transcript and places, in the browser.

    ``payload`` comes from :func:`regionmap.render.reading.reading_payload` and is
    written with :func:`regionmap.render.escape.script_json`; the script
    (``assets/reading.js``) builds the panel, the labels, the tooltip and the
    legend, and answers every click without a server. Add it after the feature
    layers.
    """

    _template = folium.template.Template("""
        {% macro script(this, kwargs) %}
        ({{ this.code }})({{ this._parent.get_name() }}, {{ this.data }}, {{ this.options }});
        {% endmacro %}
    """)

    def __init__(self, payload: dict, *, panel: bool, bridge: bool, clustered: bool) -> None:
        super().__init__()
        self._name = "ReadingView"
        self.code = _asset("reading.js")
        self.data = script_json(payload)
        self.options = script_json(
            {
                "panel": panel,
                "header": not bridge,  # the app shows the title and facts itself
                "bridge": bridge,
                "clustered": clustered,
                "sea": style.SEA,
                "routeLabel": style.ROUTE_LABEL_COLOUR,
            }
        )


class SelectPlace(folium.MacroElement):
    """A command from the server to the reading view: select ``place_id``, once.

    The app sends it inside ``st_folium``'s ``feature_group_to_add``, which the
    page evaluates without rebuilding the map; ``nonce`` makes a repeated render a
    no-op.
    """

    _template = folium.template.Template("""
        {% macro script(this, kwargs) %}
        (function (command) {
            if (window.regionmap) { window.regionmap.command(command); }
            else { window.regionmapPending = command; }
        })({{ this.command }});
        {% endmacro %}
    """)

    def __init__(self, place_id: str, *, nonce: int) -> None:
        super().__init__()
        self._name = "SelectPlace"
        self.command = script_json({"select": place_id, "nonce": nonce})


@cache
def _asset(name: str) -> str:
    """A file of ``render/assets`` (the reading view's script and style)."""
    from importlib.resources import files

    return (files("regionmap.render") / "assets" / name).read_text(encoding="utf-8")
