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

__all__ = [
    "Basemap",
    "FeatureLayer",
    "Fullscreen",
    "MapStyle",
    "OfflineMap",
    "OfflineMarkerCluster",
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
    """Features given as GeoJSON text, drawn with the style, tooltip and popup each
    one carries in its properties.

    One element for a whole layer: rendering it is a string copy, however many
    places there are. Tooltip and popup text must already be escaped with
    :func:`regionmap.render.escape.leaflet_text` (it becomes HTML in Leaflet).
    """

    _template = folium.template.Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {
            pointToLayer: function (feature, latlng) {
                return L.circleMarker(latlng, feature.properties.style);
            },
            style: function (feature) { return feature.properties.style; },
            onEachFeature: function (feature, layer) {
                layer.bindTooltip(feature.properties.label, {sticky: true});
                if (feature.properties.popup) {
                    layer.bindPopup(feature.properties.popup, {maxWidth: 420});
                }
            }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, features: list[str]) -> None:
        super().__init__()
        self._name = "FeatureLayer"
        text = '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"
        self.data = text.replace("</", "<\\/")  # never close the script element


def feature(geometry_json: str, properties: dict) -> str:
    """One GeoJSON feature as text, its geometry given as GeoJSON text already.

    ``properties`` hold the ``place_id``, the escaped ``label`` and ``popup``, and
    the Leaflet ``style``; a popup that is None is left out.
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
    """The page's own CSS: the sea behind the basemap and the route labels."""

    _template = folium.template.Template("""
        {% macro header(this, kwargs) %}
        <style>
        .leaflet-container { background: {{ this.sea }}; }
        .rm-route-label {
            white-space: nowrap; font: 600 11px/1.2 sans-serif; color: {{ this.route_label }};
            text-shadow: 0 0 3px #fff, 0 0 3px #fff; transform: translate(-50%, -140%);
            pointer-events: none;
        }
        </style>
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapStyle"
        self.sea = style.SEA
        self.route_label = style.ROUTE_LABEL_COLOUR
