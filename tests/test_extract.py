"""Finding place mentions: what is a place, where it starts and ends, and how fast."""

from __future__ import annotations

import itertools

import pytest

from regionmap import analyse, find_mentions, load_gazetteer, load_transcript
from regionmap.places.mentions import CUES


@pytest.fixture(scope="module", autouse=True)
def warm_gazetteer():
    load_gazetteer()
    analyse("Warm-up\nWe met in Baku.")


def mentions(body: str, **kwargs):
    """Mentions of ``body``, analysed under a one-line title; their offsets are checked."""
    doc = analyse("Talks\n" + body, **kwargs)
    for m in doc.mentions:
        assert doc.transcript.text[m.start : m.end] == m.text
    return doc.mentions


def texts(body: str, **kwargs) -> list[str]:
    return [m.text for m in mentions(body, **kwargs)]


# Every input is offset-checked by ``mentions``; these also go through the offset test at the
# end of the file, with and without demonyms.
OFFSET_INPUTS: list[str] = []


def _register(*bodies: str) -> list[str]:
    OFFSET_INPUTS.extend(bodies)
    return list(bodies)


# --------------------------------------------------------------------------- not places

COMMON_WORDS = ["March", "May", "Most", "Split", "Nice", "Reading", "Mobile", "Bar", "Of"]
COMMON_WORDS += ["Union", "Central"]

COMMON_WORD_TEXTS = _register(
    *[f"{w} is what we discussed today." for w in COMMON_WORDS],
    *[f"Then we discussed {w} at length." for w in COMMON_WORDS],
    *[f"We said {w}. {w} was the word." for w in COMMON_WORDS],
)


@pytest.mark.parametrize("body", COMMON_WORD_TEXTS)
def test_common_words_are_not_places(body):
    assert mentions(body) == ()


@pytest.mark.parametrize("word", COMMON_WORDS)
def test_common_words_next_to_a_real_place(word):
    body = f"{word} was discussed in Baku, and then {word} again in Azerbaijan."
    assert texts(body) == ["Baku", "Azerbaijan"]


PEOPLE = [
    "Ilham Aliyev",
    "Nikol Pashinyan",
    "Jeyhun Bayramov",
    "Mr Bayramov",
    "Mr. Bayramov",
    "Vladimir Putin",
    "Jake Sullivan",
    "Andrea Mitchell",
]
PEOPLE_TEXTS = _register(
    *[f"{p} spoke to reporters." for p in PEOPLE],
    *[f"Reporters listened to {p} today." for p in PEOPLE],
)


@pytest.mark.parametrize("body", PEOPLE_TEXTS)
def test_person_names_are_not_places(body):
    assert mentions(body) == ()


@pytest.mark.parametrize("person", PEOPLE)
def test_person_names_in_a_text_with_places(person):
    # Naming the countries makes small namesake towns eligible; the person still is not one.
    body = f"{person} talked about Russia, Italy, the United States and Azerbaijan."
    assert texts(body) == ["Russia", "Italy", "United States", "Azerbaijan"]


ORGANISATIONS = [
    "EU",
    "OSCE",
    "CIS",
    "UN",
    "NATO",
    "Africa Finance Corporation",
    "Bank of Japan",
    "White House",
    "Hamas",
]
ORGANISATION_TEXTS = _register(
    *[f"The {o} issued a statement." for o in ORGANISATIONS],
    *[f"{o} said nothing more." for o in ORGANISATIONS],
)


@pytest.mark.parametrize("body", ORGANISATION_TEXTS)
def test_organisations_are_not_places(body):
    assert mentions(body) == ()


@pytest.mark.parametrize(
    ("body", "places"),
    [
        ("The EU, the OSCE and the CIS met in Moscow.", ["Moscow"]),
        ("The UN and NATO met in Brussels.", ["Brussels"]),
        ("The Africa Finance Corporation funds Angola.", ["Angola"]),
        ("The Bank of Japan met in Japan.", ["Japan"]),
        ("The White House said Washington would help Ukraine.", ["Washington", "Ukraine"]),
        ("Hamas leaders met in Qatar.", ["Qatar"]),
    ],
)
def test_organisations_beside_places(body, places):
    assert texts(body) == places


# --------------------------------------------------------------------------- spans


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Karabakh’s future.", ["Karabakh"]),
        ("Karabakh's future.", ["Karabakh"]),
        ("Moscow's view.", ["Moscow"]),
        ("Moscow’s view.", ["Moscow"]),
        ("Karabakh’s future and Moscow's view.", ["Karabakh", "Moscow"]),
    ],
)
def test_possessives(body, expected):
    found = mentions(body)
    assert [m.text for m in found] == expected
    assert all(m.place.kind != "unresolved" for m in found)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The Russia–Azerbaijan talks.", [("Russia", "RU"), ("Azerbaijan", "AZ")]),
        ("The Russia-Azerbaijan talks.", [("Russia", "RU"), ("Azerbaijan", "AZ")]),
        ("The Armenia-Azerbaijan border.", [("Armenia", "AM"), ("Azerbaijan", "AZ")]),
        ("The Armenia–Azerbaijan border.", [("Armenia", "AM"), ("Azerbaijan", "AZ")]),
    ],
)
def test_dash_compounds_give_two_mentions(body, expected):
    found = mentions(body)
    assert [(m.text, m.place.country) for m in found] == expected
    assert all(m.kind == "country" for m in found)


@pytest.mark.parametrize("dash", ["-", "–"])
def test_route_section_is_one_mention(dash):
    body = f"The Rasht{dash}Astara section is key."
    found = mentions(body)
    assert [m.text for m in found] == [f"Rasht{dash}Astara section"]
    assert found[0].kind == "route"
    assert found[0].place.place_id == "curated:rasht-astara-railway"


@pytest.mark.parametrize(
    ("body", "surface", "place_id"),
    [
        ("Talks in Nizhny Novgorod ended.", "Nizhny Novgorod", "geonames:520555"),
        ("Talks about the Lachin District ended.", "Lachin District", "curated:lachin-district"),
        ("The Russian Federation agreed.", "Russian Federation", "geonames:2017370"),
        ("The South Caucasus is calm.", "South Caucasus", "curated:south-caucasus"),
        ("The Lachin corridor is open.", "Lachin corridor", "curated:lachin-corridor"),
        (
            "The Nakhchivan Autonomous Republic voted.",
            "Nakhchivan Autonomous Republic",
            "curated:nakhchivan-ar",
        ),
    ],
)
def test_longest_match_wins(body, surface, place_id):
    found = mentions(body)
    assert [m.text for m in found] == [surface]
    assert found[0].place.place_id == place_id


def test_south_caucasus_is_not_the_caucasus():
    body = "The South Caucasus and the Caucasus."
    found = mentions(body)
    assert [(m.text, m.place.place_id) for m in found] == [
        ("South Caucasus", "curated:south-caucasus"),
        ("Caucasus", "curated:caucasus"),
    ]


def test_matches_stop_at_word_boundaries():
    body = "Bakuvian Moscowite Azerbaijani-ish Iranians Parisians."
    assert mentions(body) == ()


# --------------------------------------------------------------------------- all caps

ALL_CAPS = _register("TALKS IN BAKU AND NIZHNY NOVGOROD WITH ARMENIA")[0]


def test_all_caps_paragraph_is_matched_with_original_offsets():
    doc = analyse("Talks\n" + ALL_CAPS)
    text = doc.transcript.text
    found = [(m.text, m.place.place_id) for m in doc.mentions]
    assert found == [
        ("BAKU", "geonames:587084"),
        ("NIZHNY NOVGOROD", "geonames:520555"),
        ("ARMENIA", "geonames:174982"),
    ]
    for m in doc.mentions:
        assert text[m.start : m.end] == m.text
        assert m.text.isupper()
        assert text.index(m.text) == m.start


@pytest.mark.parametrize(
    "body",
    [
        "PLEASE TELL US WHAT HAPPENED AT THE TALKS TODAY",
        "TELL US MORE ABOUT THE MEETING, PLEASE",
        "WILL YOU LET US KNOW WHAT THE MINISTERS SAID?",
    ],
)
def test_us_in_all_caps_is_the_pronoun(body):
    assert mentions(body) == ()


def test_all_caps_keeps_the_places_and_drops_the_pronoun():
    body = "TELL US ABOUT THE TALKS IN BAKU AND MOSCOW"
    assert texts(body) == ["BAKU", "MOSCOW"]


def test_mixed_case_us_is_the_country():
    body = "The US and Azerbaijan agreed."
    found = mentions(body)
    assert [(m.text, m.place.country) for m in found] == [("US", "US"), ("Azerbaijan", "AZ")]


# --------------------------------------------------------------------------- diacritics


@pytest.mark.parametrize("spelling", ["Naxçıvan", "Naxcivan", "Nakhchivan", "Nakhichevan"])
def test_diacritics_insensitive(spelling):
    body = f"We flew to {spelling} yesterday."
    found = mentions(body)
    assert [m.text for m in found] == [spelling]
    assert found[0].place.place_id == "curated:nakhchivan-ar"


def test_all_caps_name_with_diacritics():
    body = "DELEGATIONS WILL MEET IN NAXÇIVAN NEXT WEEK"
    assert texts(body) == ["NAXÇIVAN"]


def test_all_caps_name_without_diacritics():
    body = "DELEGATIONS WILL MEET IN NAXCIVAN NEXT WEEK"
    assert texts(body) == ["NAXCIVAN"]


# --------------------------------------------------------------------------- demonyms

DEMONYMS = {
    "Russian": "geonames:2017370",
    "Azerbaijani": "geonames:587116",
    "Armenian": "geonames:174982",
    "Iranian": "geonames:130758",
    "Turkish": "geonames:298795",
    "Soviet": "curated:ussr",
}
DEMONYM_TEXT = "The Russian, Azerbaijani, Armenian, Iranian, Turkish and Soviet delegations met."
_register(DEMONYM_TEXT)


def test_demonyms_are_off_by_default():
    assert mentions(DEMONYM_TEXT) == ()
    assert all(m.kind != "demonym" for m in analyse("Talks\n" + DEMONYM_TEXT).mentions)


def test_demonyms_on_request():
    found = mentions(DEMONYM_TEXT, demonyms=True)
    assert [m.text for m in found] == list(DEMONYMS)
    for m in found:
        assert m.kind == "demonym"
        assert m.place.place_id == DEMONYMS[m.text]


@pytest.mark.parametrize(("demonym", "place_id"), DEMONYMS.items())
def test_each_demonym_links_to_its_place(demonym, place_id):
    body = f"A {demonym} official spoke in Baku."
    assert [m.text for m in mentions(body)] == ["Baku"]
    found = mentions(body, demonyms=True)
    assert [(m.text, m.kind) for m in found] == [(demonym, "demonym"), ("Baku", "city")]
    place = found[0].place
    assert place.place_id == place_id
    expected_kind = "region" if place_id.startswith("curated:") else "country"
    assert place.kind == expected_kind


def test_country_name_is_not_a_demonym():
    body = "Russian officials and Russia agreed."
    found = mentions(body, demonyms=True)
    assert [(m.text, m.kind) for m in found] == [("Russian", "demonym"), ("Russia", "country")]
    assert found[0].place.place_id == found[1].place.place_id


# --------------------------------------------------------------------------- cues, library API


def test_find_mentions_reports_cue_and_qualifier():
    transcript = load_transcript("Talks\nThe Lachin corridor and Paris, Texas.")
    found = find_mentions(transcript, load_gazetteer())
    by_text = {m.text: m for m in found}
    assert by_text["Paris"].qualifier == "Texas"
    assert all(m.cue is None or m.cue in CUES for m in found)
    for m in found:
        assert transcript.text[m.start : m.end] == m.text


# --------------------------------------------------------------------------- offsets

_register(
    "Baku, Moscow, Yerevan; Tbilisi (Georgia) and Nizhny Novgorod.",
    "Émigrés in Naxçıvan, Kraków and Łódź met “Moscow’s” envoy — in Tehran.",
    "Q: And Astara?\nA: Rasht and Astara in Iran, and Lankaran and Astara in Azerbaijan.",
    "😀 emoji before Baku and after Moscow 🇦🇿 flag, then Armenia.",
)


@pytest.mark.parametrize("body", OFFSET_INPUTS)
@pytest.mark.parametrize("demonyms", [False, True], ids=["plain", "demonyms"])
def test_offsets_index_the_text(body, demonyms):
    doc = analyse("Talks\n" + body, demonyms=demonyms)
    text = doc.transcript.text
    previous_end = 0
    for m in doc.mentions:
        assert text[m.start : m.end] == m.text
        assert m.start >= previous_end  # in order, not overlapping
        previous_end = m.end
        assert 0.0 <= m.confidence <= 1.0


# --------------------------------------------------------------------------- speed

_CAPITALISED = (
    "Alpha Beta Gamma Delta Epsilon Zeta Theta Kappa Lambda Sigma Omega Baku Moscow Paris "
    "Georgia Armenia Victoria Astara Lachin Nizhny Novgorod March May Reading Mobile Union "
    "Central Andrea Mitchell Jake Sullivan Vladimir Putin Bank Corporation White House Hamas "
    "Caspian Black Sea Donbas Karabakh Rasht Tehran Kyiv Almaty Prague Sochi Brussels Yerevan"
).split()
_MIXED = (
    "the talks in Baku and Moscow were about Nizhny Novgorod , Armenia and the South "
    "Caucasus ; we said Most of May was spent in Rasht-Astara talks with Mr Bayramov"
).split()

WORST_CASES = {
    "100kb-mixed-line": " ".join(itertools.islice(itertools.cycle(_MIXED), 30_000))[:100_000],
    "a-run": "a" * 100_000 + "!",
    "capitalised-words": " ".join(itertools.islice(itertools.cycle(_CAPITALISED), 10_000)),
}


@pytest.mark.parametrize("body", WORST_CASES.values(), ids=WORST_CASES.keys())
def test_worst_case_inputs_are_read(body):
    """Pathological lines are read whole, with exact offsets; their timing (linear in the
    size) is measured in benchmarks/bench_worst_case.py."""
    assert "\n" not in body
    text = "Title\n" + body
    doc = analyse(text)
    assert doc.transcript.text == text
    for m in doc.mentions:
        assert doc.transcript.text[m.start : m.end] == m.text


# --------------------------------------------------------------------------- known misses
# Found in the hold-out transcripts (tests/fixtures/eval/holdout/); each is a spurious place.


@pytest.mark.parametrize(
    ("body", "surface"),
    [
        pytest.param(
            "As Admiral Kirby said, the United States will help.",
            "Kirby",
            id="admiral-kirby",
        ),
        pytest.param(
            "The James S. Brady Press Briefing Room in the United States.",
            "Brady",
            id="middle-initial",
        ),
        pytest.param(
            "Migration from Central America to the United States.",
            "America",
            id="central-america",
        ),
        pytest.param(
            "We spoke to Voice of America about the United States.",
            "America",
            id="voice-of-america",
        ),
    ],
)
def test_no_spurious_us_place(body, surface):
    spurious = [m.text for m in mentions(body) if m.text == surface]
    assert spurious == []


def test_general_is_a_title():
    assert texts("As General Kirby said, the United States will help.") == ["United States"]
