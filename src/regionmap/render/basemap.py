"""The offline basemap: Natural Earth country outlines, simplified for display.

Both the interactive map and the PNG snapshot draw it; it is prepared once per
process.
"""

from __future__ import annotations

import json
from functools import cache

from regionmap.resources import geodata_path

__all__ = ["basemap_geojson"]


@cache
def basemap_geojson(tolerance: float = 0.05) -> str:
    """Natural Earth countries, simplified for display, as GeoJSON text."""
    import shapely
    from shapely.geometry import mapping, shape

    collection = json.loads(geodata_path("countries.geojson").read_text(encoding="utf-8"))
    features = []
    for feature in collection["features"]:
        geom = shapely.simplify(shape(feature["geometry"]), tolerance, preserve_topology=True)
        geom = shapely.set_precision(geom, 0.01, mode="valid_output")
        if not geom.is_empty:
            features.append({"type": "Feature", "properties": {}, "geometry": mapping(geom)})
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
