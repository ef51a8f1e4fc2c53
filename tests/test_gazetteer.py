"""The gazetteer through its public API: names, ids, provenance, geometry, bad data."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, shape

from gazetteer_support import SMALL_CITIES, SMALL_MIN_POPULATION
from regionmap import DataError, analyse, load_gazetteer
from regionmap.places.index import fold, valid_coordinate
from regionmap.resources import geodata_dir

GEODATA = Path(__file__).resolve().parents[1] / "geodata"
PROVENANCE = ("geonames:", "ne:", "curated:")


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def _finite_geometry(geom) -> bool:
    return not geom.is_empty and all(math.isfinite(v) for v in geom.bounds)


def _only(gaz, name: str, kind: str):
    """The single entry of ``kind`` that ``name`` looks up to."""
    entries = [e for e in gaz.lookup(name) if e.kind == kind]
    assert len(entries) == 1, (name, kind, entries)
    return entries[0]


# --------------------------------------------------------------------------- ids, provenance

SAMPLE_NAMES = [
    "Baku",
    "Moscow",
    "Yerevan",
    "Tbilisi",
    "Tehran",
    "Paris",
    "Georgia",
    "Texas",
    "Azerbaijan",
    "Russia",
    "United States",
    "South Caucasus",
    "Karabakh",
    "Caspian Sea",
    "USSR",
    "Lachin corridor",
    "Zangezur corridor",
    "Rasht-Astara",
    "Camp David",
    "Nakhchivan",
    "Astara",
    "Victoria",
]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_looked_up_entries_note_their_provenance(gaz, name):
    entries = gaz.lookup(name)
    assert entries, name
    for entry in entries:
        assert entry.source.startswith(PROVENANCE), entry
        assert entry.place_id.startswith(PROVENANCE), entry
        assert gaz.get(entry.place_id) == entry


@pytest.mark.parametrize(
    ("place_id", "name", "kind", "country"),
    [
        ("geonames:587084", "Baku", "city", "AZ"),
        ("geonames:587116", "Azerbaijan", "country", "AZ"),
        ("geonames:2017370", "Russia", "country", "RU"),
        ("curated:south-caucasus", "South Caucasus", "region", None),
        ("curated:nakhchivan-ar", "Nakhchivan Autonomous Republic", "region", "AZ"),
        ("curated:lachin-corridor", "Lachin corridor", "route", None),
        ("curated:caspian-sea", "Caspian Sea", "water", None),
        ("curated:ussr", "Soviet Union", "region", None),
    ],
)
def test_place_ids_are_stable(gaz, place_id, name, kind, country):
    entry = gaz.get(place_id)
    assert entry is not None
    assert (entry.place_id, entry.name, entry.kind, entry.country) == (
        place_id,
        name,
        kind,
        country,
    )
    assert entry.source.startswith(PROVENANCE)
    assert valid_coordinate(entry.lat, entry.lon)


def test_baku_coordinates(gaz):
    baku = gaz.get("geonames:587084")
    assert baku.lat == pytest.approx(40.38, abs=0.05)
    assert baku.lon == pytest.approx(49.89, abs=0.05)
    assert gaz.lookup("Baku") == [baku]


@pytest.mark.parametrize(
    ("place_id", "prefix"),
    [
        ("geonames:587116", "geonames:587116"),  # country: GeoNames with a Natural Earth outline
        ("geonames:587084", "geonames:587084"),
        ("curated:karabakh", "curated:karabakh"),
        ("curated:rasht-astara-railway", "curated:rasht-astara-railway"),
    ],
)
def test_source_names_its_own_record(gaz, place_id, prefix):
    assert gaz.get(place_id).source.startswith(prefix)


def test_country_source_also_notes_natural_earth(gaz):
    assert "ne:" in gaz.get("geonames:587116").source


@pytest.mark.parametrize("place_id", ["geonames:0", "curated:nowhere", "", "Baku"])
def test_unknown_id_is_none(gaz, place_id):
    assert gaz.get(place_id) is None


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("spellings", "place_id"),
    [
        (("Nakhichevan", "Nakhchivan", "Naxçıvan", "Naxcivan"), "curated:nakhchivan-ar"),
        (("Alma-Ata", "Almaty"), "geonames:1526384"),
        (("Kiev", "Kyiv"), "geonames:703448"),
        (("Lugansk", "Luhansk"), "geonames:702658"),
        (("Teheran", "Tehran"), "geonames:112931"),
    ],
    ids=["nakhchivan", "almaty", "kyiv", "luhansk", "tehran"],
)
def test_spelling_variants_name_the_same_place(gaz, spellings, place_id):
    for spelling in spellings:
        assert place_id in [e.place_id for e in gaz.lookup(spelling)], spelling


@pytest.mark.parametrize(
    ("spellings", "place_id", "kind"),
    [
        (
            ("Nakhichevan", "Nakhchivan", "Naxçıvan", "Naxcivan"),
            "curated:nakhchivan-ar",
            "region",
        ),
        (("Alma-Ata", "Almaty"), "geonames:1526384", "city"),
        (("Kiev", "Kyiv"), "geonames:703448", "city"),
        (("Lugansk", "Luhansk"), "geonames:702658", "city"),
        (("Teheran", "Tehran"), "geonames:112931", "city"),
    ],
    ids=["nakhchivan", "almaty", "kyiv", "luhansk", "tehran"],
)
def test_spelling_variants_resolve_to_the_same_place(spellings, place_id, kind):
    text = "Talks\n" + " and ".join(f"we went to {s}" for s in spellings) + "."
    doc = analyse(text)
    assert [m.text for m in doc.mentions] == list(spellings)
    for m in doc.mentions:
        assert (m.place.place_id, m.place.kind) == (place_id, kind), m.text


@pytest.mark.parametrize(
    ("name", "iso"),
    [
        ("Russian Federation", "RU"),
        ("Republic of Azerbaijan", "AZ"),
        ("Islamic Republic of Iran", "IR"),
        ("Czech Republic", "CZ"),
        ("Czechia", "CZ"),
        ("Türkiye", "TR"),
        ("Turkiye", "TR"),
        ("Turkey", "TR"),
        ("United States of America", "US"),
        ("Republic of Armenia", "AM"),
    ],
)
def test_official_and_long_names_map_to_their_country(gaz, name, iso):
    entries = gaz.lookup(name)
    assert entries
    assert entries[0].kind == "country"
    assert entries[0].country == iso
    assert entries[0].place_id.startswith("geonames:")


def test_czech_and_turkish_names_share_one_entry(gaz):
    assert gaz.lookup("Czech Republic")[0] == gaz.lookup("Czechia")[0]
    assert gaz.lookup("Türkiye")[0] == gaz.lookup("Turkey")[0]


@pytest.mark.parametrize(
    ("name", "place_id", "kind"),
    [
        ("South Caucasus", "curated:south-caucasus", "region"),
        ("Central Asia", "curated:central-asia", "region"),
        ("Middle East", "curated:middle-east", "region"),
        ("Balkans", "curated:balkans", "region"),
        ("Karabakh", "curated:karabakh", "region"),
        ("Nagorno-Karabakh", "curated:karabakh", "region"),
        ("Nakhchivan Autonomous Republic", "curated:nakhchivan-ar", "region"),
        ("Lachin District", "curated:lachin-district", "region"),
        ("Syunik", "curated:syunik", "region"),
        ("Zangezur", "curated:syunik", "region"),
        ("Donbas", "curated:donbas", "region"),
        ("Caspian Sea", "curated:caspian-sea", "water"),
        ("Black Sea", "curated:black-sea", "water"),
        ("Mediterranean", "curated:mediterranean", "water"),
        ("USSR", "curated:ussr", "region"),
        ("Soviet Union", "curated:ussr", "region"),
    ],
)
def test_curated_places_exist_with_their_kind(gaz, name, place_id, kind):
    entry = _only(gaz, name, kind)
    assert entry.place_id == place_id
    assert entry.source.startswith("curated:")


@pytest.mark.parametrize(
    ("name", "place_id"),
    [
        ("Lachin corridor", "curated:lachin-corridor"),
        ("Zangezur corridor", "curated:zangezur-corridor"),
        ("Rasht–Astara railway", "curated:rasht-astara-railway"),
        ("Rasht-Astara", "curated:rasht-astara-railway"),
        ("North-South transport corridor", "curated:instc-west"),
        ("Lobito Corridor", "curated:lobito-corridor"),
    ],
)
def test_routes_exist(gaz, name, place_id):
    assert _only(gaz, name, "route").place_id == place_id


# --------------------------------------------------------------------------- geometry

COUNTRIES = [
    "Azerbaijan",
    "Armenia",
    "Georgia",
    "Russia",
    "Iran",
    "Turkey",
    "Kazakhstan",
    "United States",
    "Canada",
    "France",
    "Japan",
    "Indonesia",
    "Chile",
    "Norway",
    "Angola",
    "Fiji",
]


@pytest.mark.parametrize("name", COUNTRIES)
def test_country_geometry_contains_its_point(gaz, name):
    entry = _only(gaz, name, "country")
    geom = shape(gaz.geometry(entry))
    assert geom.geom_type in ("Polygon", "MultiPolygon")
    assert geom.is_valid
    assert geom.contains(Point(entry.lon, entry.lat))


@pytest.mark.parametrize(
    "place_id",
    [
        "curated:lachin-corridor",
        "curated:zangezur-corridor",
        "curated:rasht-astara-railway",
        "curated:instc-west",
        "curated:lobito-corridor",
        "curated:horadiz-agbend-julfa-railway",
    ],
)
def test_route_geometry_is_a_line_through_its_point(gaz, place_id):
    entry = gaz.get(place_id)
    assert entry.kind == "route"
    geom = shape(gaz.geometry(entry))
    assert geom.geom_type in ("LineString", "MultiLineString")
    assert geom.is_valid
    assert _finite_geometry(geom)
    assert geom.distance(Point(entry.lon, entry.lat)) == pytest.approx(0, abs=1e-6)


def test_city_geometry_is_its_point(gaz):
    baku = gaz.get("geonames:587084")
    geom = gaz.geometry(baku)
    assert geom["type"] == "Point"
    assert geom["coordinates"] == pytest.approx([baku.lon, baku.lat], abs=1e-9)


SAMPLE_IDS = [
    # countries
    "geonames:587116",
    "geonames:2017370",
    "geonames:6252001",
    "geonames:1861060",
    "geonames:3017382",
    "geonames:2077456",
    # cities
    "geonames:587084",
    "geonames:524901",
    "geonames:1526384",
    "geonames:703448",
    "geonames:112931",
    # US state
    "geonames:4197000",
    # curated regions (polygons and points)
    "curated:south-caucasus",
    "curated:central-asia",
    "curated:middle-east",
    "curated:balkans",
    "curated:ussr",
    "curated:europe",
    "curated:indo-pacific",
    "curated:pacific-islands",
    "curated:arctic",
    "curated:karabakh",
    "curated:nakhchivan-ar",
    "curated:donbas",
    # waters
    "curated:caspian-sea",
    "curated:black-sea",
    "curated:mediterranean",
    # routes
    "curated:lachin-corridor",
    "curated:instc-west",
    # other
    "curated:camp-david",
]


@pytest.mark.parametrize("place_id", SAMPLE_IDS)
def test_sample_geometries_are_valid_and_finite(gaz, place_id):
    entry = gaz.get(place_id)
    assert entry is not None
    assert valid_coordinate(entry.lat, entry.lon)
    geom = shape(gaz.geometry(entry))
    assert shapely.is_valid(geom), shapely.is_valid_reason(geom)
    assert _finite_geometry(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        assert geom.covers(Point(entry.lon, entry.lat))


# --------------------------------------------------------------------------- fold, coordinates


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Naxçıvan", "Naxcivan"),
        ("Bakú", "Baku"),
        ("Türkiye", "Turkiye"),
        ("Wrocław", "Wroclaw"),
        ("İstanbul", "Istanbul"),
        ("Baku", "Baku"),
        ("Côte d'Ivoire", "Cote d'Ivoire"),
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_treats_upper_case_l_with_stroke_like_lower_case():
    assert fold("Łódź") == "Lodz"


@pytest.mark.parametrize(
    ("lat", "lon", "ok"),
    [
        (40.4, 49.9, True),
        (90, 180, True),
        (-90, -180, True),
        (0, 0, True),
        (91, 0, False),
        (-91, 0, False),
        (0, 181, False),
        (0, -181, False),
        (math.nan, 0, False),
        (0, math.nan, False),
        (math.inf, 0, False),
        (0, -math.inf, False),
    ],
)
def test_valid_coordinate(lat, lon, ok):
    assert valid_coordinate(lat, lon) is ok


# --------------------------------------------------------------------------- shipped geodata


def _features(name: str) -> list[dict]:
    return json.loads((GEODATA / name).read_text(encoding="utf-8"))["features"]


REGION_FEATURES = _features("regions.geojson")
ROUTE_FEATURES = _features("routes.geojson")


def test_shipped_geodata_parses():
    for name in ("countries.geojson", "regions.geojson", "routes.geojson"):
        collection = json.loads((GEODATA / name).read_text(encoding="utf-8"))
        assert collection["type"] == "FeatureCollection"
        assert collection["features"]
    for name in ("aliases.csv", "demonyms.csv", "regions.csv"):
        assert (GEODATA / name).read_text(encoding="utf-8").count("\n") > 1
    ids = [f["properties"]["id"] for f in REGION_FEATURES + ROUTE_FEATURES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    "feature", REGION_FEATURES, ids=[f["properties"]["id"] for f in REGION_FEATURES]
)
def test_region_feature_is_valid(feature):
    p = feature["properties"]
    geom = shape(feature["geometry"])
    assert shapely.is_valid(geom), shapely.is_valid_reason(geom)
    assert _finite_geometry(geom)
    assert valid_coordinate(float(p["label_lat"]), float(p["label_lon"]))
    assert p["kind"] in ("region", "water", "other", "city")
    assert p["source"].startswith("curated")


@pytest.mark.parametrize(
    "feature", ROUTE_FEATURES, ids=[f["properties"]["id"] for f in ROUTE_FEATURES]
)
def test_route_feature_is_valid(feature):
    geom = shape(feature["geometry"])
    assert geom.geom_type in ("LineString", "MultiLineString")
    assert shapely.is_valid(geom), shapely.is_valid_reason(geom)
    assert _finite_geometry(geom)
    assert geom.length > 0
    assert all(valid_coordinate(lat, lon) for lon, lat in shapely.get_coordinates(geom))


# --------------------------------------------------------------------------- bad geodata


@pytest.fixture
def geodata_copy(tmp_path, monkeypatch):
    """A private copy of geodata/ that the build reads instead of the shipped one."""
    root = tmp_path / "geodata"
    shutil.copytree(GEODATA, root)
    geodata_dir.cache_clear()
    monkeypatch.setenv("REGIONMAP_GEODATA", str(root))
    geodata_dir.cache_clear()
    yield root
    geodata_dir.cache_clear()
    monkeypatch.delenv("REGIONMAP_GEODATA", raising=False)
    geodata_dir.cache_clear()


def _build():
    """A build of the shipped or broken geodata with a handful of cities (fast)."""
    from regionmap.places.build import build_gazetteer

    return build_gazetteer(min_population=SMALL_MIN_POPULATION, cities=SMALL_CITIES)


def test_a_small_build_holds_its_cities_and_every_curated_place():
    small = _build()
    assert [e.place_id for e in small.lookup("Baku")] == ["geonames:587084"]
    assert [e.place_id for e in small.lookup("Kiev")] == ["geonames:703448"]
    assert small.lookup("New York")[0].kind == "region"  # the state, from New York City
    assert small.get("geonames:5118398") is None  # Geneva, NY: under the threshold
    assert small.get("curated:karabakh") is not None
    assert [c.entry.country for c in small.candidates("Armenian") if c.demonym] == ["AM"]
    assert [e.name for e in small.search("raqqa")] == ["Ar Raqqah"]
    assert len(small) < 1000


def test_truncated_regions_geojson_is_refused(geodata_copy):
    assert geodata_dir() == geodata_copy
    path = geodata_copy / "regions.geojson"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataError, match=r"regions\.geojson.*(truncated|unreadable)"):
        _build()


def test_aliases_with_wrong_columns_are_refused(geodata_copy):
    (geodata_copy / "aliases.csv").write_text(
        "name,country,note\nRussian Federation,RU,official\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"aliases\.csv.*columns") as err:
        _build()
    assert "alias" in str(err.value)
    assert "target" in str(err.value)


def test_alias_to_a_missing_target_is_refused(geodata_copy):
    with (geodata_copy / "aliases.csv").open("a", encoding="utf-8") as handle:
        handle.write("Atlantis,curated:atlantis,curated: test\n")
    with pytest.raises(DataError, match=r"aliases\.csv.*curated:atlantis"):
        _build()


def test_region_with_an_impossible_label_point_is_dropped(geodata_copy):
    path = geodata_copy / "regions.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    broken = {"donbas": 91, "gaza-strip": math.nan}  # ids no alias or demonym points at
    for feature in collection["features"]:
        p = feature["properties"]
        if p["id"] in broken:
            p["label_lat"] = broken[p["id"]]
    path.write_text(json.dumps(collection), encoding="utf-8")  # NaN written as NaN

    gazetteer = _build()
    assert gazetteer.get("curated:donbas") is None
    assert gazetteer.get("curated:gaza-strip") is None
    assert "curated:donbas" not in [e.place_id for e in gazetteer.lookup("Donbas")]
    # the rest of the file still loads
    assert gazetteer.get("curated:karabakh") is not None
    assert gazetteer.get("curated:south-caucasus") is not None
    assert gazetteer.lookup("Baku")
    for name in ("Karabakh", "Caspian Sea", "Azerbaijan"):
        for entry in gazetteer.lookup(name):
            assert valid_coordinate(entry.lat, entry.lon)
