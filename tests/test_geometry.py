"""Routes and regions as real geometry (lines and polygons), and the map layers built from them."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import shapely
from shapely.geometry import Point, shape

from regionmap import analyse, load_gazetteer, to_layers
from regionmap.places.routes import split_antimeridian
from regionmap.resources import geodata_path, seed_path


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def km_to_line(line, lat, lon):
    """Distance from a point to a line, densified to about 1 km steps."""
    dense = shapely.segmentize(line, 0.01)
    return min(km(lat, lon, y, x) for x, y in shapely.get_coordinates(dense))


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def geometry_of(gaz, place_id):
    entry = gaz.get(place_id)
    assert entry is not None, place_id
    return shape(gaz.geometry(entry))


@pytest.mark.parametrize(
    ("place_id", "inside"),
    [
        (
            "curated:nakhchivan-ar",
            [("Nakhchivan", 39.2089, 45.4122), ("Ordubad", 38.9096, 46.0227)],
        ),
        ("curated:karabakh", [("Khankendi", 39.8177, 46.7528), ("Shusha", 39.7601, 46.7499)]),
        ("curated:lachin-district", [("Lachin", 39.6374, 46.5498)]),
        ("curated:syunik", [("Kapan", 39.2076, 46.4068), ("Meghri", 38.9012, 46.2431)]),
        ("curated:donbas", [("Donetsk", 48.0159, 37.8028), ("Luhansk", 48.5740, 39.3078)]),
        ("curated:south-caucasus", [("Tbilisi", 41.6938, 44.8015), ("Yerevan", 40.1792, 44.4991)]),
    ],
)
def test_regions_contain_their_towns(gaz, place_id, inside):
    polygon = geometry_of(gaz, place_id)
    assert polygon.geom_type in ("Polygon", "MultiPolygon")
    for name, lat, lon in inside:
        assert polygon.contains(Point(lon, lat)), name


def test_lachin_town_lies_outside_karabakh(gaz):
    assert not geometry_of(gaz, "curated:karabakh").contains(Point(46.5498, 39.6374))


@pytest.mark.parametrize("place_id", ["curated:caspian-sea", "curated:black-sea"])
def test_seas_are_polygons_holding_no_town(gaz, place_id):
    sea = geometry_of(gaz, place_id)
    assert sea.geom_type == "Polygon"
    entries = [gaz.entry(i) for i in range(len(gaz))]
    towns = [e for e in entries if e.kind == "city"]
    points = shapely.points(np.array([t.lon for t in towns]), np.array([t.lat for t in towns]))
    inside = [towns[i].name for i in np.nonzero(shapely.contains(sea, points))[0]]
    assert inside == []


def test_country_groups_are_the_union_of_their_members():
    regions = json.loads(geodata_path("regions.geojson").read_text(encoding="utf-8"))
    countries = json.loads(geodata_path("countries.geojson").read_text(encoding="utf-8"))
    outlines = {f["properties"]["iso_a2"]: shape(f["geometry"]) for f in countries["features"]}
    groups = [f for f in regions["features"] if f["properties"]["members"]]
    assert {f["properties"]["id"] for f in groups} >= {
        "south-caucasus",
        "central-asia",
        "caspian-littoral",
        "middle-east",
        "balkans",
        "eu",
    }
    for feature in groups:
        union = shapely.union_all([outlines[m] for m in feature["properties"]["members"]])
        group = shape(feature["geometry"])
        # Simplified to 0.01 degrees: the symmetric difference is a thin sliver.
        assert group.symmetric_difference(union).area < 0.01 * union.area, feature["properties"][
            "id"
        ]
    eu = next(f for f in groups if f["properties"]["id"] == "eu")
    assert len(eu["properties"]["members"]) == 27


INSTC_CITIES = [
    ("Moscow", 55.7558, 37.6173),
    ("Astrakhan", 46.3497, 48.0408),
    ("Makhachkala", 42.9849, 47.5047),
    ("Baku", 40.4093, 49.8671),
    ("Astara", 38.4286, 48.8728),
    ("Rasht", 37.2808, 49.5832),
    ("Qazvin", 36.2797, 50.0049),
    ("Tehran", 35.6892, 51.3890),
    ("Bandar Abbas", 27.1832, 56.2666),
]


@pytest.mark.parametrize(("city", "lat", "lon"), INSTC_CITIES)
def test_instc_passes_its_cities(gaz, city, lat, lon):
    assert km_to_line(geometry_of(gaz, "curated:instc-west"), lat, lon) < 25


def test_rasht_astara_ends_at_rasht_and_astara(gaz):
    line = geometry_of(gaz, "curated:rasht-astara-railway")
    (x0, y0), (x1, y1) = line.coords[0], line.coords[-1]
    assert km(y0, x0, 37.2808, 49.5832) < 25
    assert km(y1, x1, 38.4286, 48.8728) < 25


@pytest.fixture(scope="module")
def seed_record():
    doc = analyse(seed_path())
    return doc, {s.place.place_id: s.place for s in doc.places}


@pytest.mark.parametrize(
    "place_id",
    [
        "curated:instc-west",
        "curated:rasht-astara-railway",
        "curated:lachin-corridor",
        "curated:zangezur-corridor",
        "curated:horadiz-agbend-julfa-railway",
    ],
)
def test_seed_routes_are_lines(seed_record, place_id):
    _, places = seed_record
    assert places[place_id].kind == "route"
    assert places[place_id].geometry["type"] in ("LineString", "MultiLineString")


@pytest.mark.parametrize(
    "place_id",
    [
        "curated:nakhchivan-ar",
        "curated:karabakh",
        "curated:lachin-district",
        "curated:south-caucasus",
    ],
)
def test_seed_areas_are_polygons(seed_record, place_id):
    _, places = seed_record
    assert places[place_id].geometry["type"] in ("Polygon", "MultiPolygon")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Talks\nThey opened the Kars–Tbilisi railway.", "Kars–Tbilisi railway"),
        ("Talks\nA new Tbilisi-Yerevan highway is planned.", "Tbilisi–Yerevan highway"),
        (
            "Talks\nThe pipeline between Armenia and Iran is full.",
            "Armenia–Iran pipeline",
        ),
        (
            "Talks\nIn Azerbaijan the road between Shusha and Khankendi reopened.",
            "Shusha–Khankendi road",
        ),
    ],
)
def test_inferred_routes(text, name):
    doc = analyse(text)
    routes = [m for m in doc.mentions if m.kind == "route"]
    assert [m.place.name for m in routes] == [name]
    route = routes[0]
    assert route.place.inferred
    assert route.place.place_id.startswith("inferred:")
    assert route.place.geometry["type"] == "LineString"
    assert route.confidence < 0.9
    assert doc.transcript.text[route.start : route.end] == route.text
    ends = [
        m.place for m in doc.mentions if m.kind != "route" and route.start <= m.start < route.end
    ]
    (x0, y0), (x1, y1) = route.place.geometry["coordinates"]
    assert (y0, x0) == pytest.approx((ends[0].lat, ends[0].lon))
    assert (y1, x1) == pytest.approx((ends[1].lat, ends[1].lon))


def test_curated_route_wins_over_inferred_line():
    doc = analyse(
        "Talks\nthe railway route between the main territory of Azerbaijan and Nakhichevan."
    )
    route = next(m for m in doc.mentions if m.kind == "route")
    assert route.place.place_id == "curated:horadiz-agbend-julfa-railway"
    assert not route.place.inferred


def test_antimeridian_split():
    geometry = split_antimeridian([[131.9, 43.1], [-149.9, 61.2]])  # Vladivostok to Anchorage
    assert geometry["type"] == "MultiLineString"
    for part in geometry["coordinates"]:
        xs = [x for x, _ in part]
        assert max(xs) - min(xs) < 180
        assert all(-180 <= x <= 180 for x in xs)


def test_layers_of_the_seed_are_valid_and_finite(seed_record):
    doc, _ = seed_record
    layers = to_layers(doc)
    assert len(layers) == len([p for p in doc.places if p.place.geometry is not None])
    for name, frame in layers:
        assert frame.crs.to_epsg() == 4326
        assert frame.geometry.is_valid.all(), name
        coords = shapely.get_coordinates(frame.geometry.values)
        assert np.isfinite(coords).all()
        assert (np.abs(coords[:, 0]) <= 180).all()
        assert (np.abs(coords[:, 1]) <= 90).all()
        assert {"place_id", "name", "kind", "count", "speakers", "confidence"} <= set(frame)
    baku = layers.points.set_index("name").loc["Baku"]
    assert baku["count"] == 8
    assert (baku.geometry.x, baku.geometry.y) == pytest.approx((49.89, 40.38), abs=0.05)
    assert set(layers.lines["kind"]) == {"route"}
    west, _, east, _ = layers.bounds().as_tuple()
    assert west < 4.4 < 76.9 < east


@pytest.mark.slow
def test_every_curated_route_passes_its_cities():
    """scripts/check_routes.py: properties, validity, no wrap-around, and every route
    within 25 km of the cities it serves (46 routes, 2-12 cities each)."""
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "check_routes.py"
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
    routes = json.loads(geodata_path("routes.geojson").read_text(encoding="utf-8"))
    assert len(routes["features"]) >= 31  # the seed's five and at least 25 more
