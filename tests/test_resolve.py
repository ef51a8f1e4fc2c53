"""Choosing the place a mention means: context, qualifiers, cue words, preferences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regionmap import analyse, load_gazetteer
from regionmap.geo import distance_km
from regionmap.places.mentions import Mention
from regionmap.places.resolve import resolve
from regionmap.render.contract import document_record, dumps_record
from regionmap.resources import seed_path

EVAL = Path(__file__).parent / "fixtures" / "eval"


def record(doc) -> dict:
    """The contract record as JSON reads it back (geometry included)."""
    return json.loads(dumps_record(document_record(doc)))


def place_of(body: str, surface: str, **kwargs):
    """The place of the first mention written ``surface``."""
    doc = analyse("Talks\n" + body, **kwargs)
    found = [m for m in doc.mentions if m.text == surface]
    assert found, (surface, [m.text for m in doc.mentions])
    return found[0].place


def _kind_country(place) -> tuple[str, str | None]:
    """Kind and country, so that a failing assertion does not print a whole geometry."""
    return place.kind, place.country


def _check_scores(place) -> None:
    assert 0.0 <= place.confidence <= 1.0
    assert len(place.alternatives) <= 3
    for alt in place.alternatives:
        assert 0.0 <= alt.score <= 1.0
        assert alt.place_id != place.place_id
    assert place.confidence >= max((a.score for a in place.alternatives), default=0.0)


# --------------------------------------------------------------------------- Georgia


@pytest.mark.parametrize(
    "body",
    [
        "Tbilisi is the capital of Georgia.",
        "Georgia is in the Caucasus.",
        "Georgia and Armenia border Azerbaijan in the South Caucasus.",
        "Georgia, Tbilisi and the Caucasus.",
        "We discussed Georgia.",
    ],
)
def test_georgia_in_the_caucasus_is_the_country(body):
    place = place_of(body, "Georgia")
    assert (place.kind, place.country) == ("country", "GE")
    _check_scores(place)


@pytest.mark.parametrize("body", ["He lives in Atlanta, Georgia.", "Atlanta, Georgia"])
def test_atlanta_georgia_is_the_us_state(body):
    got = _kind_country(place_of(body, "Georgia"))
    assert got == ("region", "US")


def test_atlanta_is_in_the_us():
    place = place_of("He lives in Atlanta, Georgia.", "Atlanta")
    assert (place.kind, place.country) == ("city", "US")


# --------------------------------------------------------------------------- Paris


def test_paris_defaults_to_france():
    place = place_of("We met in Paris.", "Paris")
    assert (place.kind, place.country) == ("city", "FR")
    assert place.lat == pytest.approx(48.86, abs=0.05)
    assert place.lon == pytest.approx(2.35, abs=0.05)
    _check_scores(place)


@pytest.mark.parametrize("body", ["We met in Paris, Texas.", "Paris, Texas"])
def test_paris_texas_is_in_the_us(body):
    place = place_of(body, "Paris")
    assert place.country == "US"
    assert place.lat == pytest.approx(33.66, abs=0.1)
    assert place.lon == pytest.approx(-95.56, abs=0.1)
    assert "FR" in [a.country for a in place.alternatives]
    _check_scores(place)


@pytest.mark.parametrize("prefer", [["US"], ["us"], ("US", "AZ")])
def test_prefer_countries_picks_the_us_paris(prefer):
    place = place_of("We met in Paris.", "Paris", prefer_countries=prefer)
    assert place.country == "US"
    _check_scores(place)


def test_paris_alternatives_are_the_other_candidates():
    place = place_of("We met in Paris.", "Paris")
    gazetteer = load_gazetteer()
    candidates = {e.place_id for e in gazetteer.lookup("Paris")}
    assert place.place_id in candidates
    assert place.alternatives
    assert {a.place_id for a in place.alternatives} <= candidates - {place.place_id}
    assert len(place.alternatives) == min(3, len(candidates) - 1)
    scores = [a.score for a in place.alternatives]
    assert scores == sorted(scores, reverse=True)
    assert place.confidence + sum(scores) <= 1.0 + 1e-2
    assert "US" in [a.country for a in place.alternatives]


def test_resolve_directly():
    gazetteer = load_gazetteer()
    mention = Mention(0, 5, "Paris", "Paris")
    (default,) = resolve([mention], gazetteer)
    (preferred,) = resolve([mention], gazetteer, prefer_countries=["US"])
    assert default.place.country == "FR"
    assert preferred.place.country == "US"
    for r in (default, preferred):
        assert 0.0 <= r.confidence <= 1.0
        assert r.mention == mention


def test_unknown_name_is_unresolved():
    (r,) = resolve([Mention(0, 7, "Xyzzyqq", "Xyzzyqq")], load_gazetteer())
    assert r.place.kind == "unresolved"
    assert r.place.lat is None
    assert r.place.geometry is None
    assert r.confidence == 0.0


# --------------------------------------------------------------------------- Astara

ASTARA = (38.43, 48.87)


@pytest.mark.parametrize(
    ("body", "iso"),
    [
        ("Rasht and Astara in Iran", "IR"),
        ("The railway from Rasht to Astara in Iran is planned.", "IR"),
        ("Lankaran and Astara in Azerbaijan", "AZ"),
        ("From Baku to Lankaran and Astara in Azerbaijan.", "AZ"),
    ],
)
def test_astara_follows_the_document_country(body, iso):
    place = place_of(body, "Astara")
    assert (place.kind, place.country) == ("city", iso)
    assert distance_km(place.lat, place.lon, *ASTARA) <= 161
    _check_scores(place)


# --------------------------------------------------------------------------- Lachin


@pytest.mark.parametrize(
    ("body", "surface", "kind", "place_id"),
    [
        ("The Lachin corridor is open.", "Lachin corridor", "route", "curated:lachin-corridor"),
        ("The Lachin Corridor is open.", "Lachin Corridor", "route", "curated:lachin-corridor"),
        ("The Lachin District is calm.", "Lachin District", "region", "curated:lachin-district"),
        ("The Lachin district is calm.", "Lachin district", "region", "curated:lachin-district"),
    ],
)
def test_lachin_by_cue_word(body, surface, kind, place_id):
    place = place_of(body, surface)
    assert (place.kind, place.place_id) == (kind, place_id)


@pytest.mark.parametrize(
    "body",
    ["We visited the town of Lachin.", "Lachin is quiet today.", "They drove to Lachin."],
)
def test_plain_lachin_is_not_the_corridor(body):
    doc = analyse("Talks\n" + body)
    for m in doc.mentions:
        if "Lachin" in m.text:
            assert m.kind != "route"


@pytest.mark.parametrize("body", ["We visited the town of Lachin.", "Lachin is quiet today."])
def test_plain_lachin_is_a_place(body):
    doc = analyse("Talks\nIn Azerbaijan. " + body)
    found = [m for m in doc.mentions if m.text == "Lachin"]
    assert found
    assert found[0].kind in ("city", "region")
    assert found[0].place.country == "AZ"


# --------------------------------------------------------------------------- qualifiers


@pytest.mark.parametrize(
    ("body", "surface", "iso"),
    [
        ("Victoria, Canada", "Victoria", "CA"),
        ("We flew to Victoria, Canada.", "Victoria", "CA"),
        ("We flew to Paris, France.", "Paris", "FR"),
        ("London, United Kingdom", "London", "GB"),
    ],
)
def test_comma_country_qualifier(body, surface, iso):
    place = place_of(body, surface)
    assert place.country == iso
    _check_scores(place)


def test_comma_state_qualifier_beats_a_capital():
    got = _kind_country(place_of("He studied in Moscow, Idaho.", "Moscow"))
    assert got == ("city", "US")


# --------------------------------------------------------------------------- determinism

DETERMINISM_TEXTS = [
    "Talks\nParis, Texas and Paris. Georgia and Tbilisi. Astara, Rasht and Lankaran.",
    "Talks\nThe Lachin corridor, the Lachin District and Nakhchivan; Victoria, Canada.",
]


@pytest.mark.parametrize("source", ["seed", *DETERMINISM_TEXTS])
@pytest.mark.parametrize("demonyms", [False, True], ids=["plain", "demonyms"])
def test_same_text_same_result(source, demonyms):
    source = seed_path() if source == "seed" else source
    first = record(analyse(source, demonyms=demonyms))
    second = record(analyse(source, demonyms=demonyms))
    assert first == second
    assert first["mentions"]


def test_order_of_prefer_countries_does_not_matter():
    text = DETERMINISM_TEXTS[0]
    a = record(analyse(text, prefer_countries=["US", "AZ"]))
    b = record(analyse(text, prefer_countries=["AZ", "US"]))
    assert a == b


# --------------------------------------------------------------------------- alternatives

ALTERNATIVE_SOURCES = {
    "seed": seed_path(),
    **{p.stem: p for p in sorted(EVAL.glob("*.txt"))},
    "ambiguous": DETERMINISM_TEXTS[0],
}


@pytest.mark.parametrize("source", ALTERNATIVE_SOURCES.values(), ids=ALTERNATIVE_SOURCES.keys())
def test_every_place_has_at_most_three_scored_alternatives(source):
    doc = analyse(source)
    assert doc.places
    for summary in doc.places:
        _check_scores(summary.place)
    for m in doc.mentions:
        assert 0.0 <= m.confidence <= 1.0
        _check_scores(m.place)
