"""Data exports of a view: GeoJSON, CSV of mentions with their quotes, and KML.

All are built in memory, as bytes, from one
:class:`~regionmap.view.prepare.View`: the CLI writes them to a file
atomically, the app offers them for download. None of them needs folium; the
HTML map is :mod:`regionmap.render.html`, the PNG :mod:`regionmap.render.snapshot`.
"""

from __future__ import annotations

import io
import os
import tempfile

import orjson

from regionmap.render import style
from regionmap.render.contract import mention_rows, write_csv
from regionmap.render.escape import xml_safe
from regionmap.view.prepare import View

__all__ = ["to_csv", "to_geojson", "to_kml"]


def _quote_dicts(view: View, place_id: str) -> list[dict]:
    return [
        {"speaker": q.speaker, "paragraph": q.paragraph, "text": q.sentence}
        for q in view.quotes.get(place_id, ())
    ]


def to_geojson(view: View) -> bytes:
    """An RFC 7946 FeatureCollection: points, lines and polygons with their quotes.

    Examples
    --------
    >>> from regionmap import analyse, prepare
    >>> data = orjson.loads(to_geojson(prepare(analyse("Talks\\nWe met in Baku."))))
    >>> feature = data["features"][0]
    >>> feature["geometry"]["type"], feature["properties"]["quotes"][0]["text"]
    ('Point', 'We met in Baku.')
    """
    import shapely

    features = []
    for _, frame in view.layers:
        shapes = shapely.to_geojson(frame.geometry.values) if len(frame) else []
        for row, shape in zip(frame.itertuples(), shapes, strict=True):
            properties = {
                "name": row.name,
                "kind": row.kind,
                "place_id": row.place_id,
                "count": int(row.count),
                "speakers": [s for s in row.speakers.split("; ") if s],
                "confidence": float(row.confidence),
                "source": row.source,
                "inferred": bool(row.inferred),
                "route_kind": row.route_kind,
                "route_status": row.route_status,
                "quotes": _quote_dicts(view, row.place_id),
            }
            features.append(
                {"type": "Feature", "properties": properties, "geometry": orjson.Fragment(shape)}
            )
    return orjson.dumps({"type": "FeatureCollection", "features": features})


def to_csv(view: View) -> bytes:
    """One row per visible mention, in text order, with its quote sentence.

    The columns are :data:`regionmap.render.contract.CSV_COLUMNS`, the same as
    ``regionmap extract --format csv``. Cells are guarded against formula
    injection; the file starts with a UTF-8 byte order mark.
    """
    out = io.StringIO(newline="")
    write_csv(out, mention_rows(view.document, quotes=view.mention_quotes))
    return out.getvalue().encode("utf-8")


def to_kml(view: View) -> bytes:
    """KML for Google Earth, written by GDAL (LIBKML): one styled placemark per
    place, coloured by kind, with its quotes in the description."""
    import geopandas as gpd
    import pandas as pd

    frames = []
    largest = view.layers.largest_count
    for _, frame in view.layers:
        if not len(frame):
            continue
        part = frame[["name", "kind", "count", "place_id", "geometry"]].copy()
        part["description"] = [_kml_description(view, row) for row in frame.itertuples()]
        part["OGR_STYLE"] = [_kml_style(row, largest) for row in frame.itertuples()]
        part["name"] = [xml_safe(n) for n in part["name"]]
        frames.append(part.rename(columns={"name": "Name", "description": "Description"}))
    combined = gpd.GeoDataFrame(
        pd.concat(frames, ignore_index=True)
        if frames
        else {"Name": [], "Description": [], "geometry": []},
        geometry="geometry",
        crs="EPSG:4326",
    )
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "places.kml")
        combined.to_file(path, driver="LIBKML", engine="pyogrio", layer="regionmap")
        with open(path, "rb") as handle:
            return handle.read()


def _kml_description(view: View, row) -> str:
    quotes = "\n\n".join(
        f"{q.speaker or 'No speaker'} (¶{q.paragraph}): {q.sentence}"
        for q in view.quotes.get(row.place_id, ())
    )
    return xml_safe(f"{row.kind} · {int(row.count)} mention(s)\n\n{quotes}")


def _kml_style(row, largest: int) -> str:
    """An OGR style string that GDAL's LIBKML driver turns into a KML <Style>."""
    colour = style.colour(row.kind)
    geom_type = row.geometry.geom_type
    if geom_type.endswith("Polygon"):
        alpha = round(255 * style.fill_opacity(int(row.count), largest=largest))
        return f"BRUSH(fc:{colour}{alpha:02x});PEN(c:{colour},w:2px)"
    if geom_type.endswith("LineString"):
        return f"PEN(c:{colour},w:4px)"
    return f"SYMBOL(c:{colour},s:1.2)"
