"""Exports (PNG snapshot, self-contained HTML, GeoJSON, CSV, KML) from the library and CLI."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pyogrio
import pytest
from PIL import Image

from regionmap import analyse, to_layers
from regionmap.export import CSV_COLUMNS, to_csv, to_geojson, to_html, to_kml
from regionmap.mapview import KIND_COLOURS
from regionmap.resources import seed_path
from regionmap.snapshot import SnapshotError, figure, render_png, screenshot_png


@pytest.fixture(scope="module")
def seed():
    doc = analyse(seed_path())
    return doc, to_layers(doc)


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "regionmap", *args],
        capture_output=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )


# --------------------------------------------------------------------------- PNG


@pytest.mark.parametrize(("dpi", "size"), [(150, (1650, 1125)), (300, (3300, 2250))])
def test_png_has_the_requested_size_and_is_not_blank(seed, dpi, size):
    _, layers = seed
    png = render_png(layers, title="Seed", dpi=dpi)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == size
    pixels = np.asarray(image.convert("L"), dtype=float)
    assert pixels.std() > 20  # a map, not an empty canvas


def test_baku_marker_is_drawn_where_baku_is(seed):
    _, layers = seed
    fig = figure(layers, title="Seed", dpi=100)
    try:
        ax = fig.axes[0]
        fig.canvas.draw()
        x, y = ax.transData.transform((49.892, 40.378))
        rgba = np.asarray(fig.canvas.buffer_rgba())
    finally:
        plt.close(fig)
    height = rgba.shape[0]
    row, col = round(height - y), round(x)
    patch = rgba[row - 3 : row + 4, col - 3 : col + 4, :3].reshape(-1, 3).astype(int)
    red = np.array([int(KIND_COLOURS["city"][i : i + 2], 16) for i in (1, 3, 5)])
    assert np.abs(patch - red).sum(axis=1).min() < 60


def test_png_respects_a_bounding_box(seed):
    _, layers = seed
    wide = np.asarray(Image.open(io.BytesIO(render_png(layers, dpi=60))).convert("L"))
    narrow = np.asarray(
        Image.open(io.BytesIO(render_png(layers, bbox=(44.0, 38.0, 51.0, 42.0), dpi=60))).convert(
            "L"
        )
    )
    assert wide.shape == narrow.shape
    assert np.abs(wide.astype(int) - narrow.astype(int)).mean() > 5


def test_png_of_an_empty_document_is_a_world_map():
    doc = analyse("Talks\nNothing to see.")
    image = Image.open(io.BytesIO(render_png(to_layers(doc), dpi=50)))
    assert image.size == (550, 375)


def test_browser_engine_without_chromium_says_so(monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(SnapshotError, match="Chromium"):
        screenshot_png(b"<html></html>")


# --------------------------------------------------------------------------- HTML


def test_html_is_self_contained(seed):
    doc, layers = seed
    html = to_html(doc, layers).decode("utf-8")
    assert not re.findall(r"<script[^>]+src=[\"']https?:", html)
    assert not re.findall(r"<link[^>]+href=[\"']https?:", html)
    assert "http://" not in html and "https://" not in html.replace("https://leafletjs.com", "")
    assert "hospitable and sunny Baku" in html  # the quotes are in the popups
    assert "<title>Foreign Minister Sergey Lavrov" in html


def test_html_with_online_tiles_names_the_tile_server(seed):
    doc, layers = seed
    assert "tile.openstreetmap.org" in to_html(doc, layers, online_tiles=True).decode()


def test_html_popups_escape_quotes():
    doc = analyse("Talks\nIn Baku </script><script>window.pwned=1</script> `${x}` \\1.")
    html = to_html(doc).decode("utf-8")
    body = html.split("<body>", 1)[1]
    assert "<script>window.pwned" not in body
    assert "${x}" not in body


# --------------------------------------------------------------------------- GeoJSON


def test_geojson_is_rfc7946_and_round_trips(seed, tmp_path):
    doc, layers = seed
    data = to_geojson(doc, layers)
    collection = json.loads(data)
    assert collection["type"] == "FeatureCollection"
    kinds = {f["geometry"]["type"] for f in collection["features"]}
    assert {"Point", "LineString", "MultiPolygon"} <= kinds | {"Polygon"}
    for feature in collection["features"]:
        props = feature["properties"]
        assert {
            "name",
            "kind",
            "place_id",
            "count",
            "speakers",
            "confidence",
            "source",
            "quotes",
        } <= set(props)
        assert len(props["quotes"]) == props["count"]
        assert all({"speaker", "paragraph", "text"} == set(q) for q in props["quotes"])
    baku = next(f for f in collection["features"] if f["properties"]["name"] == "Baku")
    lon, lat = baku["geometry"]["coordinates"]
    assert (lon, lat) == pytest.approx((49.89, 40.38), abs=0.05)  # [lon, lat] order
    assert "NaN" not in data.decode() and "Infinity" not in data.decode()
    path = tmp_path / "seed.geojson"
    path.write_bytes(data)
    back = gpd.read_file(path)
    assert len(back) == len(collection["features"])
    assert list(back["place_id"]) == [f["properties"]["place_id"] for f in collection["features"]]
    assert list(back["count"]) == [f["properties"]["count"] for f in collection["features"]]
    original = gpd.GeoDataFrame.from_features(collection["features"], crs="EPSG:4326")
    assert back.geometry.geom_equals_exact(original.geometry, tolerance=1e-9).all()


# --------------------------------------------------------------------------- CSV


def test_csv_round_trips_and_guards_formulas():
    text = (
        'Talks\n=HYPERLINK("x"): We met in Baku, "the capital",\nand Baku again.\n'
        "+Evil: -1 in Baku @home\n"
    )
    doc = analyse(text)
    data = to_csv(doc)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(doc.mentions)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r", "\0"))
    quotes = [r["quote"] for r in rows]
    assert any('"the capital"' in q for q in quotes)


def test_csv_one_row_per_mention_of_the_seed(seed):
    doc, _ = seed
    rows = list(csv.DictReader(io.StringIO(to_csv(doc).decode("utf-8-sig"))))
    assert len(rows) == len(doc.mentions)
    assert sum(r["place"] == "Baku" for r in rows) == 8


# --------------------------------------------------------------------------- KML


def test_kml_reads_back_with_every_feature(seed, tmp_path):
    doc, layers = seed
    path = tmp_path / "seed.kml"
    path.write_bytes(to_kml(doc, layers))
    back = pyogrio.read_dataframe(path)
    assert len(back) == len(layers)
    assert "Baku" in set(back["Name"])
    column = "Description" if "Description" in back else "description"
    description = back.set_index("Name").loc["Baku", column]
    assert "hospitable and sunny Baku" in description
    assert b"<Style>" in path.read_bytes()
    assert set(back.geometry.geom_type) >= {"Point", "LineString"}


# --------------------------------------------------------------------------- CLI


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "suffix", "check"),
    [
        (["map"], "html", lambda b: b.startswith(b"<!DOCTYPE html>")),
        (["snapshot", "--dpi", "60"], "png", lambda b: b.startswith(b"\x89PNG")),
        (["export", "--format", "geojson"], "geojson", lambda b: json.loads(b)["features"]),
        (["export", "--format", "csv"], "csv", lambda b: b.startswith(b"\xef\xbb\xbfplace,")),
        (["export", "--format", "kml"], "kml", lambda b: b"<kml" in b),
    ],
)
def test_cli_writes_every_format(tmp_path, args, suffix, check):
    out = tmp_path / f"seed.{suffix}"
    result = run(*args, str(seed_path()), "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    assert check(out.read_bytes())


def test_cli_filters_and_library_agree(tmp_path, seed):
    out = tmp_path / "q.csv"
    result = run(
        "export",
        "--format",
        "csv",
        "--speaker",
        "Question",
        "--kind",
        "city",
        str(seed_path()),
        "-o",
        str(out),
    )
    assert result.returncode == 0, result.stderr.decode()
    from regionmap.quotes import filter_document

    doc, _ = seed
    expected = to_csv(filter_document(doc, speakers=["Question"], kinds=["city"]))
    assert out.read_bytes() == expected


def test_cli_failure_leaves_the_old_file(tmp_path):
    out = tmp_path / "map.html"
    out.write_text("old", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("  ", encoding="utf-8")
    result = run("map", str(empty), "-o", str(out))
    assert result.returncode == 1
    assert b"empty transcript" in result.stderr
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "map.html"]


def test_cli_rejects_a_bad_bbox():
    result = run("snapshot", "--bbox", "10,20,5,30", str(seed_path()), "-o", "x.png")
    assert result.returncode == 2
    assert b"W<E" in result.stderr
