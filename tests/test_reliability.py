"""Checklist cases at the library level: empty maps, unresolved names, ambiguity, coordinate
order, the antimeridian and poles, scale, configuration, and shared state."""

from __future__ import annotations

import json
import re
import tomllib
from array import array
from pathlib import Path
from types import MappingProxyType

import pytest
import shapely
import streamlit
from packaging.version import Version

from regionmap import analyse, load_gazetteer, prepare, to_layers
from regionmap.render.contract import CSV_COLUMNS
from regionmap.render.export import to_csv, to_geojson, to_kml
from regionmap.render.html import to_html
from regionmap.render.mapview import build_map
from regionmap.render.snapshot import render_png

ROOT = Path(__file__).resolve().parents[1]


def test_no_places_found_gives_valid_empty_exports():
    view = prepare(analyse("Talks\nNothing here names a location."))
    layers = view.layers
    assert len(layers) == 0
    assert json.loads(to_geojson(view)) == {"type": "FeatureCollection", "features": []}
    assert to_csv(view).decode("utf-8-sig").splitlines() == [",".join(CSV_COLUMNS)]
    assert b"<kml" in to_kml(view)
    assert b"leaflet" in to_html(view)
    assert render_png(layers, dpi=40).startswith(b"\x89PNG")


def test_unresolved_names_are_listed_with_their_quotes_and_counts_add_up():
    doc = analyse(
        "Talks\nWe went to Gegharkunik Province, then to Baku. Gegharkunik Province again."
    )
    unresolved = [s for s in doc.places if s.place.kind == "unresolved"]
    assert [(s.place.name, s.count) for s in unresolved] == [("Gegharkunik Province", 2)]
    assert unresolved[0].place.geometry is None
    assert sum(s.count for s in doc.places) == len(doc.mentions)
    quotes = prepare(doc).quotes[unresolved[0].place.place_id]
    assert [q.sentence[q.mention_start : q.mention_end] for q in quotes] == [
        "Gegharkunik Province"
    ] * 2
    assert "Gegharkunik Province" not in set(to_layers(doc).points["name"])


@pytest.mark.parametrize(("text", "country"), [("Paris", "FR"), ("Georgia", "GE")])
def test_ambiguous_names_are_deterministic_with_alternatives(text, country):
    runs = [analyse(f"Talks\nWe talked about {text}.") for _ in range(3)]
    places = [r.places[0].place for r in runs]
    assert {p.place_id for p in places} == {places[0].place_id}
    assert places[0].country == country
    assert places[0].alternatives


@pytest.mark.parametrize(
    ("text", "ambiguous"),
    [
        ("We met in Victoria.", True),  # British Columbia, Australia, Seychelles, Texas…
        ("We met in Victoria, Canada.", False),  # the qualifier settles it
        ("We met in Baku.", False),  # one Baku in the gazetteer
        ("We met in Paris, Texas.", False),
    ],
)
def test_close_calls_are_flagged_ambiguous(text, ambiguous):
    place = analyse(f"Talks\n{text}").places[0].place
    assert place.ambiguous is ambiguous, (place.name, place.confidence, place.alternatives)


def test_coordinate_order_johannesburg():
    doc = analyse("Talks\nThe summit was in Johannesburg.")
    place = doc.places[0].place
    assert (place.lat, place.lon) == pytest.approx((-26.2, 28.0), abs=0.1)
    feature = json.loads(to_geojson(prepare(doc)))["features"][0]
    lon, lat = feature["geometry"]["coordinates"]
    assert (lon, lat) == pytest.approx((28.0, -26.2), abs=0.1)  # GeoJSON: [lon, lat]
    html = build_map(prepare(doc)).get_root().render()
    assert re.search(r'"coordinates":\s*\[28\.\d+,\s*-26\.\d+\]', html)  # GeoJSON: [lon, lat]
    fit = re.search(r'"frame":\[\[(-?[\d.]+),(-?[\d.]+)\],\[(-?[\d.]+),(-?[\d.]+)\]\]', html)
    south, west, north, east = (float(v) for v in fit.groups())  # Leaflet: [lat, lon]
    assert south < -26.2 < north
    assert west < 28.0 < east


def test_antimeridian_and_poles_keep_valid_bounds():
    doc = analyse(
        "Talks\nFrom Fiji to Antarctica, Russia and Kiribati; the Chukotka coast and Anadyr."
    )
    layers = to_layers(doc)
    west, south, east, north = layers.bounds().as_tuple()
    assert -180 <= west < east <= 180
    assert -90 <= south < north <= 90
    for _, frame in layers:
        assert frame.geometry.is_valid.all()
    html = build_map(prepare(doc)).get_root().render()
    bounds = re.search(r'"frame":\[\[(-?[\d.]+),(-?[\d.]+)\],\[(-?[\d.]+),(-?[\d.]+)\]\]', html)
    south, west, north, east = (float(v) for v in bounds.groups())
    assert -85 <= south < north <= 85
    assert -180 <= west < east <= 180
    assert render_png(layers, dpi=40).startswith(b"\x89PNG")


def test_ten_thousand_mentions_aggregate_per_place():
    gazetteer = load_gazetteer()
    names = [
        gazetteer.entry(i).name
        for i in range(len(gazetteer))
        if gazetteer.entry(i).kind == "city" and gazetteer.entry(i).population > 300_000
    ]
    names = [n for n in names if re.fullmatch(r"[A-Z][a-z]+", n)][:1000]
    sentences = [f"Quote {i} says {names[i % len(names)]} matters." for i in range(10_000)]
    text = "Talks\n" + "\n".join(" ".join(sentences[i : i + 10]) for i in range(0, 10_000, 10))
    doc = analyse(text)
    view = prepare(doc)
    html = build_map(view).get_root().render()
    assert len(doc.mentions) >= 9_000
    assert len(view.layers) <= len(names) + 50
    # The text travels once (each paragraph), never once per mention in a quote.
    assert html.count("Quote 1234 says") == 1
    # Build time and payload at this scale are figures in benchmarks/bench_map.py.


def test_streamlit_settings_are_safe():
    config = tomllib.loads((ROOT / ".streamlit/config.toml").read_text(encoding="utf-8"))
    server = config["server"]
    assert server["enableXsrfProtection"] is True
    assert server["enableCORS"] is True
    from regionmap.read.decode import DEFAULT_MAX_BYTES

    assert server["maxUploadSize"] * 1_000_000 >= DEFAULT_MAX_BYTES
    assert server["maxUploadSize"] < 200
    assert Version(streamlit.__version__) >= Version("1.54")


def _mutable(value: object) -> bool:
    immutable = (str, bytes, int, float, bool, type(None), tuple, frozenset, MappingProxyType)
    if isinstance(value, memoryview):
        return not value.readonly
    if isinstance(value, list | dict | set | bytearray | array):
        return True
    return not isinstance(value, immutable) and type(value).__module__ != "marisa_trie"


def test_the_shared_gazetteer_holds_nothing_mutable():
    """st.cache_resource shares the gazetteer between sessions: prove it is read-only."""
    gazetteer = load_gazetteer()
    for name, value in vars(gazetteer).items():
        assert not _mutable(value), name
        if isinstance(value, MappingProxyType):
            for key, column in value.items():
                assert not _mutable(column), f"{name}[{key}]"
    with pytest.raises(TypeError):
        gazetteer._c["lat"][0] = 0.0


def test_geojson_properties_with_html_survive_reimport(tmp_path):
    import geopandas as gpd

    payload = '<img src=x onerror="window.pwned=1"> & </script>'
    doc = analyse(f"Talks\nIn Baku someone wrote {payload}.")
    path = tmp_path / "x.geojson"
    path.write_bytes(to_geojson(prepare(doc)))
    back = gpd.read_file(path)
    quote = back.iloc[0]["quotes"][0]["text"]
    assert payload in quote  # the data stays literal text; escaping is the viewer's job
    assert shapely.is_valid(back.geometry.iloc[0])
