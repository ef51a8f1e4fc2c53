"""Data exports of a document: GeoJSON, CSV of quotes, KML, and self-contained HTML.

All of them are built from the same layers and quotes, in memory, as bytes:
the CLI writes them to a file atomically, the app offers them for download.
The PNG snapshot lives in :mod:`regionmap.snapshot`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Sequence

from regionmap.contract import csv_safe
from regionmap.document import Document
from regionmap.escape import leaflet_text
from regionmap.layers import Layers, to_layers
from regionmap.quotes import Quote, quotes_for

__all__ = ["CSV_COLUMNS", "to_csv", "to_geojson", "to_html", "to_kml"]

CSV_COLUMNS = (
    "place",
    "place_id",
    "kind",
    "lat",
    "lon",
    "speaker",
    "turn",
    "turn_kind",
    "paragraph",
    "start",
    "end",
    "quote",
)


def _quotes(doc: Document) -> dict[str, list[Quote]]:
    out: dict[str, list[Quote]] = {}
    for summary in doc.places:
        out[summary.place.place_id] = quotes_for(doc, summary.place.place_id)
    return out


def to_geojson(doc: Document, layers: Layers | None = None) -> bytes:
    """An RFC 7946 FeatureCollection: points, lines and polygons with their quotes.

    Examples
    --------
    >>> from regionmap import analyse
    >>> data = json.loads(to_geojson(analyse("Talks\\nWe met in Baku.")))
    >>> feature = data["features"][0]
    >>> feature["geometry"]["type"], feature["properties"]["quotes"][0]["text"]
    ('Point', 'We met in Baku.')
    """
    layers = layers or to_layers(doc)
    quotes = _quotes(doc)
    features = []
    for _, frame in layers:
        for row in frame.itertuples():
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "name": row.name,
                        "kind": row.kind,
                        "place_id": row.place_id,
                        "count": int(row.count),
                        "speakers": [s for s in row.speakers.split("; ") if s],
                        "confidence": float(row.confidence),
                        "source": row.source,
                        "inferred": bool(row.inferred),
                        "quotes": [
                            {"speaker": q.speaker, "paragraph": q.paragraph, "text": q.sentence}
                            for q in quotes.get(row.place_id, ())
                        ],
                    },
                    "geometry": row.geometry.__geo_interface__,
                }
            )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, allow_nan=False).encode("utf-8")


def to_csv(doc: Document) -> bytes:
    """One row per mention, with its quote sentence; safe to open in a spreadsheet.

    A cell that starts with ``=``, ``+``, ``-``, ``@``, tab, CR or NUL gets a
    ``'`` prefix; the file starts with a UTF-8 byte order mark for Excel.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for summary in doc.places:
        p = summary.place
        for q in quotes_for(doc, p.place_id):
            writer.writerow(
                [
                    csv_safe(v)
                    for v in (
                        p.name,
                        p.place_id,
                        p.kind,
                        p.lat,
                        p.lon,
                        q.speaker,
                        q.turn,
                        q.turn_kind,
                        q.paragraph,
                        q.start,
                        q.end,
                        q.sentence,
                    )
                ]
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_kml(doc: Document, layers: Layers | None = None) -> bytes:
    """KML for Google Earth, written by GDAL (LIBKML): one styled placemark per
    place, coloured by kind, with its quotes in the description."""
    import geopandas as gpd
    import pandas as pd

    layers = layers or to_layers(doc)
    quotes = _quotes(doc)
    frames = []
    for _, frame in layers:
        if not len(frame):
            continue
        part = frame[["name", "kind", "count", "place_id", "geometry"]].copy()
        part["description"] = [
            f"{row.kind} · {int(row.count)} mention(s)\n\n"
            + "\n\n".join(
                f"{q.speaker or 'Title'} (¶{q.paragraph}): {q.sentence}"
                for q in quotes.get(row.place_id, ())
            )
            for row in frame.itertuples()
        ]
        part["OGR_STYLE"] = [
            _kml_style(row.kind, row.geometry.geom_type) for row in frame.itertuples()
        ]
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


def _kml_style(kind: str, geom_type: str) -> str:
    """An OGR style string that GDAL's LIBKML driver turns into a KML <Style>."""
    from regionmap.mapview import KIND_COLOURS

    colour = KIND_COLOURS.get(kind, "#525252")
    if geom_type.endswith("Polygon"):
        return f"BRUSH(fc:{colour}55);PEN(c:{colour},w:2px)"
    if geom_type.endswith("LineString"):
        return f"PEN(c:{colour},w:4px)"
    return f"SYMBOL(c:{colour},s:1.2)"


def _popup(name: str, quotes: Sequence[Quote]) -> str:
    items = "".join(
        f"<li><b>{leaflet_text(q.speaker or 'Title')}</b> (¶{q.paragraph}): "
        f"{leaflet_text(q.sentence)}</li>"
        for q in quotes
    )
    return (
        f"<div class='rm-popup'><b>{leaflet_text(name)}</b>"
        f"<ol style='max-height:240px;overflow:auto;padding-left:18px'>{items}</ol></div>"
    )


def to_html(doc: Document, layers: Layers | None = None, *, online_tiles: bool = False) -> bytes:
    """A self-contained HTML map that opens offline; popups list each place's quotes."""
    from regionmap.mapview import build_map

    layers = layers or to_layers(doc)
    quotes = _quotes(doc)
    popups = {
        pid: _popup(next(s.place.name for s in doc.places if s.place.place_id == pid), qs)
        for pid, qs in quotes.items()
    }
    m = build_map(layers, online_tiles=online_tiles, popups=popups)
    title = leaflet_text(doc.transcript.title or doc.transcript.source)
    root = m.get_root()
    root.header.add_child(_element(f"<title>{title}</title>"))
    return root.render().encode("utf-8")


def _element(html: str):
    import folium

    return folium.Element(html)
