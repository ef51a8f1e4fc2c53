"""Exports (PNG snapshot, self-contained HTML, GeoJSON, CSV, KML) from the library and CLI."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
from PIL import Image

from regionmap import Filters, analyse, prepare
from regionmap.cli import main
from regionmap.render.contract import CSV_COLUMNS
from regionmap.render.export import to_csv, to_geojson, to_kml
from regionmap.render.html import to_html
from regionmap.render.snapshot import SnapshotError, figure, render_png, screenshot_png
from regionmap.render.style import KIND_COLOURS
from regionmap.resources import seed_path
from regionmap.vocab import PlaceKind


@pytest.fixture(scope="module")
def seed():
    view = prepare(analyse(seed_path()))
    return view, view.layers


class Ran:
    """The outcome of one in-process command: exit status and standard error as bytes."""

    def __init__(self, returncode: int, stderr: str) -> None:
        self.returncode, self.stderr = returncode, stderr.encode()


def run(*args, capsys=None):
    """``regionmap ARGS`` in this process (argparse exits with 2 on a usage error)."""
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code
    return Ran(code, capsys.readouterr().err if capsys else "")


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
    ax = fig.axes[0]
    fig.canvas.draw()
    x, y = ax.transData.transform((49.892, 40.378))
    rgba = np.asarray(fig.canvas.buffer_rgba())
    height = rgba.shape[0]
    row, col = round(height - y), round(x)
    patch = rgba[row - 3 : row + 4, col - 3 : col + 4, :3].reshape(-1, 3).astype(int)
    red = np.array([int(KIND_COLOURS[PlaceKind.CITY][i : i + 2], 16) for i in (1, 3, 5)])
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
    view = prepare(analyse("Talks\nNothing to see."))
    image = Image.open(io.BytesIO(render_png(view.layers, dpi=50)))
    assert image.size == (550, 375)


def test_browser_engine_without_chromium_says_so(monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(SnapshotError, match="Chromium"):
        screenshot_png(b"<html></html>")


# --------------------------------------------------------------------------- HTML


def test_html_is_self_contained(seed):
    view, _ = seed
    html = to_html(view).decode("utf-8")
    assert not re.findall(r"<script[^>]+src=[\"']https?:", html)
    assert not re.findall(r"<link[^>]+href=[\"']https?:", html)
    # The only URLs in the page: Leaflet's attribution link and the SVG namespace name,
    # neither of which the browser fetches.
    rest = html.replace("https://leafletjs.com", "").replace("http://www.w3.org/2000/svg", "")
    assert "http://" not in rest and "https://" not in rest
    assert "hospitable and sunny Baku" in html  # the reading view's data
    assert "<title>Foreign Minister Sergey Lavrov" in html


def test_html_with_online_tiles_names_the_tile_server(seed):
    view, _ = seed
    assert "tile.openstreetmap.org" in to_html(view, online_tiles=True).decode()


def test_html_carries_transcript_text_only_as_escaped_data():
    """The text is JSON data with every < escaped: it cannot end the script, open a tag
    or become a template literal; the page writes it with textContent (tested in
    Chromium by test_security.py)."""
    text = "In Baku </script><script>window.pwned=1</script> `${x}` \\1."
    html = to_html(prepare(analyse("Talks\n" + text))).decode("utf-8")
    body = html.split("<body>", 1)[1]
    assert "<script>window.pwned" not in body
    assert "</script><script>" not in body.replace("</script>\n<script>", "")
    assert "\\u003c/script\\u003e\\u003cscript\\u003ewindow.pwned" in body


# --------------------------------------------------------------------------- GeoJSON


def test_geojson_is_rfc7946_and_round_trips(seed, tmp_path):
    view, _ = seed
    data = to_geojson(view)
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
    data = to_csv(prepare(doc))
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
    view, _ = seed
    rows = list(csv.DictReader(io.StringIO(to_csv(view).decode("utf-8-sig"))))
    assert len(rows) == len(view.document.mentions)
    assert sum(r["name"] == "Baku" for r in rows) == 8
    assert [int(r["start"]) for r in rows] == sorted(int(r["start"]) for r in rows)


# --------------------------------------------------------------------------- KML


def test_kml_reads_back_with_every_feature(seed, tmp_path):
    view, layers = seed
    path = tmp_path / "seed.kml"
    path.write_bytes(to_kml(view))
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
        (["export", "--format", "csv"], "csv", lambda b: b.startswith(b"\xef\xbb\xbfsource,")),
        (["export", "--format", "kml"], "kml", lambda b: b"<kml" in b),
    ],
)
def test_cli_writes_every_format(tmp_path, capsys, args, suffix, check):
    out = tmp_path / f"seed.{suffix}"
    result = run(*args, str(seed_path()), "-o", str(out), capsys=capsys)
    assert result.returncode == 0, result.stderr.decode()
    assert check(out.read_bytes())


def test_cli_filters_and_library_agree(tmp_path, capsys):
    out = tmp_path / "q.csv"
    args = ("--speaker", "Question", "--kind", "city", "--turn-kind", "question")
    result = run("export", "--format", "csv", *args, str(seed_path()), "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    filters = Filters(speakers=["Question"], kinds=["city"], turn_kinds=["question"])
    expected = to_csv(prepare(analyse(seed_path()), filters=filters))
    assert out.read_bytes() == expected
    doc = analyse(seed_path())
    wanted = [m for m in doc.mentions if m.speaker == "Question" and m.kind == "city"]
    assert len(expected.splitlines()) == 1 + len(wanted) > 2  # the header, then each mention


def test_cli_failure_leaves_the_old_file(tmp_path, capsys):
    out = tmp_path / "map.html"
    out.write_text("old", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("  ", encoding="utf-8")
    result = run("map", str(empty), "-o", str(out), capsys=capsys)
    assert result.returncode == 1
    assert b"empty transcript" in result.stderr
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "map.html"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bbox", "10,20,5,30"], b"W<E"),
        (["--dpi", "0"], b"--dpi must be between"),
        (["--dpi", "5000"], b"--dpi must be between"),
    ],
)
def test_cli_rejects_bad_snapshot_options(capsys, args, message):
    result = run("snapshot", *args, str(seed_path()), "-o", "x.png", capsys=capsys)
    assert result.returncode == 2
    assert message in result.stderr


def test_png_draws_routes_dashed_as_on_the_map(seed):
    """The PNG and the interactive map read their dashes from one style module."""
    import shapely
    from matplotlib.collections import LineCollection

    from regionmap.render import style

    _, layers = seed
    fig = figure(layers, dpi=50)
    (lines,) = [c for c in fig.axes[0].collections if isinstance(c, LineCollection)]
    width = lines.get_linewidths()[0]
    drawn = [None if d is None else tuple(round(v / width, 3) for v in d)
             for _, d in lines.get_linestyles()]  # fmt: skip
    expected = []
    for row in layers.lines.itertuples():
        dash = style.route_dash(row.route_kind, inferred=row.inferred)
        pattern = None if dash is None else tuple(round(v / style.ROUTE_WEIGHT, 3) for v in dash)
        expected += [pattern] * len(shapely.get_parts(row.geometry))
    assert drawn == expected
    assert any(p is not None for p in drawn)  # the seed's railways are dashed, not solid


def test_exports_and_the_png_do_not_import_folium_or_pyplot():
    code = (
        "import sys\n"
        "from regionmap import analyse, prepare\n"
        "from regionmap.render import export, snapshot\n"
        "v = prepare(analyse('Talks\\nFrom Baku along the Rasht-Astara railway to Iran.'))\n"
        "export.to_geojson(v); export.to_csv(v); export.to_kml(v)\n"
        "snapshot.render_png(v.layers, dpi=30)\n"
        "print(sorted(m for m in ('folium', 'matplotlib.pyplot') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_dollar_signs_in_a_title_are_literal(seed):
    """Transcript text is never read as matplotlib mathtext."""
    _, layers = seed
    fig = figure(layers, title="Price list $5_$3", subtitle="US pledges $5 million", dpi=40)
    texts = [t.get_text() for t in fig.texts] + [fig._suptitle.get_text()]
    assert "US pledges $5 million" in texts and "Price list $5_$3" in texts
    assert render_png(layers, title="Price list $5_$3", dpi=40).startswith(b"\x89PNG")
