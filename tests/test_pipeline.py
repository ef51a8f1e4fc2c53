"""The pipeline end to end through the library API: mentions, places, offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from regionmap import analyse, load_gazetteer
from regionmap.render.contract import document_record, dumps_record
from regionmap.resources import seed_path

KINDS = {"city", "country", "region", "water", "route", "other", "unresolved"}


def record(doc) -> dict:
    """The contract record as JSON reads it back (geometry included)."""
    return json.loads(dumps_record(document_record(doc)))


@pytest.fixture(scope="module")
def seed_doc():
    return analyse(seed_path())


def test_every_offset_points_at_its_text(seed_doc):
    text = seed_doc.transcript.text
    assert seed_doc.mentions
    for m in seed_doc.mentions:
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [
        ("Baku", 40.38, 49.89),
        ("Moscow", 55.75, 37.62),
        ("Yerevan", 40.18, 44.51),
        ("Brussels", 50.85, 4.35),
        ("Sochi", 43.6, 39.73),
        ("Prague", 50.09, 14.42),
        ("Qusar", 41.43, 48.43),
    ],
)
def test_seed_cities_have_their_coordinates(seed_doc, name, lat, lon):
    place = next(s.place for s in seed_doc.places if s.place.name == name)
    assert place.kind == "city"
    assert place.lat == pytest.approx(lat, abs=0.05)
    assert place.lon == pytest.approx(lon, abs=0.05)


@pytest.mark.parametrize("iso", ["AZ", "RU", "AM", "TR", "IR"])
def test_seed_countries_point_inside_their_polygon(seed_doc, iso):
    place = next(
        s.place for s in seed_doc.places if s.place.country == iso and s.place.kind == "country"
    )
    polygon = shape(place.geometry)
    assert polygon.geom_type in ("Polygon", "MultiPolygon")
    assert polygon.contains(Point(place.lon, place.lat))


def test_seed_counts_and_speakers(seed_doc):
    counts = {s.place.name: s.count for s in seed_doc.places}
    assert counts["Baku"] == 8
    assert counts["Moscow"] == 7
    assert counts["Armenia"] == 17
    assert counts["Azerbaijan"] == 26
    assert counts["Russia"] == 17  # "Russia" 11 + "Russian Federation" 6
    baku = next(s for s in seed_doc.places if s.place.name == "Baku")
    assert set(baku.speakers) == {"Sergey Lavrov", "Question"}
    assert sum(s.count for s in seed_doc.places) == len(seed_doc.mentions)


def test_mentions_know_speaker_turn_and_paragraph(seed_doc):
    first_baku = next(m for m in seed_doc.mentions if m.text == "Baku")
    assert (first_baku.paragraph, first_baku.speaker, first_baku.turn) == (0, None, None)
    sunny = next(m for m in seed_doc.mentions if m.text == "Baku" and m.paragraph == 3)
    assert (sunny.speaker, sunny.turn, sunny.turn_kind) == ("Sergey Lavrov", 1, "statement")
    questions = [m for m in seed_doc.mentions if m.turn_kind == "question"]
    assert questions and all(m.speaker == "Question" for m in questions)


@pytest.mark.parametrize(
    "text",
    [
        "Talks\nThe 1st of March in Most and Nice was a Reading of Mobile Union Central Bar.",
        "Talks\nMr Bayramov met Ilham Aliyev and Nikol Pashinyan; Vladimir Putin sent word.",
        "Talks\nThe EU, OSCE, CIS, UN and NATO met.",
    ],
)
def test_no_places_from_common_words_people_or_acronyms(text):
    assert [m.text for m in analyse(text).mentions] == []


def test_longest_match_and_hyphen_compounds():
    doc = analyse("Talks\nRussia–Azerbaijan ties, the Russian Federation and Nizhny Novgorod.")
    assert [m.text for m in doc.mentions] == [
        "Russia",
        "Azerbaijan",
        "Russian Federation",
        "Nizhny Novgorod",
    ]


def test_possessives_and_all_caps():
    doc = analyse("Talks\nBAKU AND MOSCOW AGREED WITH ARMENIA TODAY.\nArmenia’s view.")
    assert [(m.text, m.place.name) for m in doc.mentions] == [
        ("BAKU", "Baku"),
        ("MOSCOW", "Moscow"),
        ("ARMENIA", "Armenia"),
        ("Armenia", "Armenia"),
    ]


def test_resolution_is_deterministic_and_biased():
    text = "Talks\nWe met in Paris and then in Astara."
    a, b = analyse(text), analyse(text)
    assert record(a) == record(b)
    paris = next(s.place for s in a.places if s.place.name == "Paris")
    assert paris.country == "FR"
    assert any(alt.country == "US" for alt in paris.alternatives)
    assert 0 <= paris.confidence <= 1
    us = analyse(text, prefer_countries=["US"])
    assert next(s.place for s in us.places if s.place.name == "Paris").country == "US"


def test_context_picks_the_namesake_in_a_named_country():
    doc = analyse("Talks\nIran is building the line to Astara.")
    astara = next(s.place for s in doc.places if s.place.kind == "city")
    assert astara.country == "IR"


def test_gazetteer_is_shared_and_loaded_once():
    assert load_gazetteer() is load_gazetteer()


def test_shipped_seed_is_the_published_transcript():
    shared = Path(__file__).resolve().parents[2] / "shared/seed" / seed_path().name
    if not shared.is_file():
        pytest.skip("no shared/ folder beside this checkout")
    assert seed_path().read_bytes() == shared.read_bytes()


TORTURE = (
    "Cafe\u0301 talks in Bak\u0131 and Baku\r\n"
    "Question: Is \u0130stanbul near Baku\u200b? \U0001f1e6\U0001f1ff Baku! \u202eMoscow\u202c?\r\n"
    "Sergey Lavrov: Ye\u0301revan, Yerevan; Moscow\u2019s role; N\u0303 Armenia\u00a0\u2014 "
    "Stra\u00dfe in Brussels \U0001f600 Prague\r"
    "\ufeffAzerbaijan and \u0410rmenia (Cyrillic A) and \uff21rmenia (fullwidth)."
)


@pytest.mark.parametrize("source", [TORTURE, TORTURE.encode("utf-8"), TORTURE.encode("utf-16")])
def test_offsets_hold_on_unicode_torture_text(source):
    doc = analyse(source, name="torture.txt")
    text = doc.transcript.text
    assert "\r" not in text
    for m in doc.mentions:
        assert text[m.start : m.end] == m.text
        assert m.paragraph is not None
    found = [m.text for m in doc.mentions]
    assert found.count("Baku") == 3  # after ZWSP, emoji and in plain text
    assert {"Moscow", "Yerevan", "Brussels", "Prague", "Azerbaijan"} <= set(found)
    # A Cyrillic homoglyph is not read as Armenia; fullwidth letters fold (NFKC-style).
    assert "\u0410rmenia" not in found
    assert "\uff21rmenia" in found
