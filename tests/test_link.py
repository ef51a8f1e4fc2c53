"""Links that reopen a view: exact round trips, short URLs, and bad URLs that never break."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regionmap import analyse
from regionmap.errors import InputError
from regionmap.folder import SUFFIXES, check_name
from regionmap.view import link as links
from regionmap.view.filters import Exclusions, offer_of
from regionmap.view.link import (
    MAX_CHARS,
    MAX_MIN,
    MAX_VALUES,
    NONE_TOKEN,
    PLACE_SCHEMES,
    Link,
    from_params,
    from_query,
    to_params,
    to_query,
)
from regionmap.vocab import PlaceKind, TurnKind

SPEAKERS = [
    "Sergey Lavrov",
    "Jeyhun Bayramov",
    "Question",
    "Ms. Jean-pierre",
    "President of Kazakhstan Kassym-Jomart Tokayev",
    "Dara O'Brien",
    "Mevlüt Çavuşoğlu",
    "Ильхам Алиев",
    "王毅",
    "Q&A = +1 %20 #2?",
    " padded ",
]


def round_trip(link: Link) -> None:
    assert from_params(to_params(link)) == (link, [])
    assert from_query(to_query(link)) == (link, [])
    assert from_query("?" + to_query(link)) == (link, [])
    assert from_query("http://localhost:8501/?" + to_query(link) + "#top") == (link, [])


def typical() -> Link:
    return Link(
        doc="builtin",
        place="curated:lachin-corridor",
        hidden=Exclusions(
            speakers=frozenset({"Question"}),
            turn_kinds=frozenset({None}),
            kinds=frozenset({PlaceKind.ROUTE}),
        ),
        min_mentions=2,
        query="corridor",
        prefer=("AZ", "AM"),
        demonyms=True,
        center=(40.409264, 49.867092),
        zoom=7,
    )


# round trips --------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        Link(),
        typical(),
        Link(doc="folder:2023/Лавров Баку (2).docx", place="geonames:587084"),
        Link(doc="corpus:press-2023.v1"),
        Link(place="inferred:geonames:587084|curated:nakhchivan-ar|railway"),
        Link(place="unresolved:Gegharkunik Province"),
        Link(hidden=Exclusions(speakers=frozenset(SPEAKERS) | {None})),
        Link(hidden=Exclusions(turn_kinds=frozenset([*TurnKind, None]))),
        Link(hidden=Exclusions(kinds=frozenset(PlaceKind))),
        Link(center=(-90, -180), zoom=0),
        Link(center=(90.0, 179.99999), zoom=22),
        Link(query='Nagorno-Karabakh & the "Lachin" corridor: 100%?'),
        Link(min_mentions=MAX_MIN),
    ],
)
def test_links_round_trip(link):
    round_trip(link)


def test_the_seeds_speakers_survive(seed_path):
    offer = offer_of(analyse(seed_path))
    link = Link(
        doc="builtin",
        hidden=Exclusions(speakers=frozenset(offer.speakers), turn_kinds=frozenset([None])),
    )
    assert None in link.hidden.speakers and "Sergey Lavrov" in link.hidden.speakers
    round_trip(link)


def test_names_with_apostrophes_and_other_alphabets_survive():
    link = Link(hidden=Exclusions(speakers=frozenset(SPEAKERS)))
    assert from_query(to_query(link))[0].hidden.speakers == frozenset(SPEAKERS)
    assert set(parse_qs(to_query(link))["hide_speaker"]) == set(SPEAKERS)


def safe_part(part: str) -> bool:
    try:
        check_name(part + ".txt")
    except InputError:
        return False
    return True


TEXT = st.text(max_size=MAX_CHARS)
NAMES = st.text(min_size=1, max_size=MAX_CHARS)
PARTS = st.text(st.characters(blacklist_characters="/"), min_size=1, max_size=40).filter(safe_part)
FOLDER_NAMES = st.builds(
    lambda parts, suffix: "folder:" + "/".join(parts) + suffix,
    st.lists(PARTS, min_size=1, max_size=4),
    st.sampled_from([*SUFFIXES, ".TXT"]),
)
LINKS = st.builds(
    Link,
    doc=st.one_of(
        st.none(),
        st.just("builtin"),
        FOLDER_NAMES,
        st.from_regex(r"corpus:[A-Za-z0-9][A-Za-z0-9._-]{0,60}", fullmatch=True),
    ),
    place=st.one_of(
        st.none(),
        st.builds(lambda s, rest: f"{s}:{rest}", st.sampled_from(PLACE_SCHEMES), NAMES),
    ).filter(lambda p: p is None or len(p) <= MAX_CHARS),
    hidden=st.builds(
        Exclusions,
        speakers=st.frozensets(st.none() | NAMES, max_size=6),
        turn_kinds=st.frozensets(st.none() | st.sampled_from(TurnKind)),
        kinds=st.frozensets(st.sampled_from(PlaceKind)),
    ),
    min_mentions=st.integers(1, MAX_MIN),
    query=TEXT,
    prefer=st.lists(st.from_regex(r"[A-Za-z]{2}", fullmatch=True), max_size=6).map(tuple),
    demonyms=st.booleans(),
    center=st.none() | st.tuples(st.floats(-90, 90), st.floats(-1e4, 1e4)),
    zoom=st.none() | st.integers(0, 22),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(LINKS)
def test_every_valid_link_round_trips(link):
    round_trip(link)
    assert to_params(from_params(to_params(link))[0]) == to_params(link)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([*links._READERS, "other"]) | st.text(max_size=5),
        st.text(max_size=300) | st.lists(st.text(max_size=30), max_size=5),
    )
)
def test_from_params_never_raises(params):
    link, problems = from_params(params)
    assert isinstance(link, Link)
    assert all(isinstance(p, str) and "\n" not in p for p in problems)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_from_query_never_raises(text):
    link, problems = from_query(text)
    assert isinstance(link, Link) and isinstance(problems, list)


# the URL ------------------------------------------------------------------


def test_defaults_are_left_out():
    assert to_params(Link()) == {}
    assert to_query(Link()) == ""
    explicit = Link(doc=None, place=None, min_mentions=1, query="  ", prefer=(), zoom=None)
    assert to_params(explicit) == {}
    assert to_params(Link(zoom=0, center=(0, 0))) == {"lat": ["0"], "lon": ["0"], "zoom": ["0"]}


def test_a_typical_view_makes_a_short_url():
    query = to_query(typical())
    assert len(query) < 300, query
    many = replace(
        typical(),
        place="inferred:curated:horadiz-agbend-julfa-railway|curated:nakhchivan-ar|railway",
        hidden=Exclusions(speakers=frozenset({"Question", "Sergey Lavrov", None})),
    )
    assert len(to_query(many)) < 400


def test_none_is_an_empty_value():
    off = Exclusions(speakers=frozenset({None, "Question"}), turn_kinds=frozenset({None}))
    params = to_params(Link(hidden=off))
    assert params == {"hide_speaker": [NONE_TOKEN, "Question"], "hide_turn": [NONE_TOKEN]}
    assert to_query(Link(hidden=off)) == "hide_speaker=&hide_speaker=Question&hide_turn="
    assert from_query("hide_speaker=&hide_turn=&hide_turn=answer")[0].hidden == Exclusions(
        speakers=frozenset({None}), turn_kinds=frozenset({None, TurnKind.ANSWER})
    )


def test_values_are_in_a_stable_order():
    off = Exclusions(
        speakers=frozenset({"b", "a", None}),
        turn_kinds=frozenset({None, TurnKind.ANSWER, TurnKind.STATEMENT}),
        kinds=frozenset({PlaceKind.WATER, PlaceKind.CITY}),
    )
    params = to_params(Link(hidden=off, prefer=("RU", "AZ")))
    assert params["hide_speaker"] == ["", "a", "b"]
    assert params["hide_turn"] == ["statement", "answer", ""]
    assert params["hide_kind"] == ["city", "water"]
    assert params["prefer"] == ["RU", "AZ"]  # the order of preference is kept


def test_the_link_normalises_what_it_holds():
    link = Link(query="  corridor ", prefer=["az", "AZ", "am"], center=(40.4092649, -190))
    assert (link.query, link.prefer, link.center) == ("corridor", ("AZ", "AM"), (40.40926, 170.0))
    assert Link(center=(0.0, 180)).center == (0.0, -180.0)
    assert Link(center=(-0.000001, 179.999999)).center == (0.0, -180.0)
    assert to_params(Link(center=(0.00001, 1e-5))) == {"lat": ["0.00001"], "lon": ["0.00001"]}


@pytest.mark.parametrize(
    "fields",
    [
        {"doc": "folder:../x.txt"},
        {"doc": "http://example.org"},
        {"place": "osm:1"},
        {"place": "x" * 300},
        {"hidden": Exclusions(speakers=frozenset({""}))},
        {"hidden": Exclusions(speakers=frozenset(str(i) for i in range(MAX_VALUES + 1)))},
        {"hidden": Exclusions(kinds=frozenset({"castle"}))},
        {"hidden": {"speakers": ()}},
        {"min_mentions": 0},
        {"min_mentions": True},
        {"query": "x" * 201},
        {"query": "\ud800"},
        {"prefer": "AZ"},
        {"prefer": ("AZE",)},
        {"demonyms": "yes"},
        {"center": (91, 0)},
        {"center": (float("nan"), 0)},
        {"center": (0, float("inf"))},
        {"center": (1, 2, 3)},
        {"zoom": 23},
        {"zoom": 1.0},
    ],
)
def test_a_link_refuses_what_it_cannot_hold(fields):
    with pytest.raises(InputError):
        Link(**fields)


# bad URLs -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"doc": "Builtin"}, "must be builtin"),
        ({"doc": "file:/etc/passwd"}, "must be builtin"),
        ({"doc": "folder:../../etc/passwd"}, "goes up out of the transcripts folder"),
        ({"doc": "folder:a/../../b.txt"}, "goes up out of"),
        ({"doc": "folder:/etc/passwd"}, "not relative"),
        ({"doc": "folder:C:/boot.txt"}, "not relative"),
        ({"doc": "folder:..\\..\\x.txt"}, "backslash"),
        ({"doc": "folder:a.txt\x00.png"}, "control characters"),
        ({"doc": "folder:.ssh/id.txt"}, "hidden"),
        ({"doc": "folder:a.exe"}, "not a transcript"),
        ({"doc": "folder:"}, "give the name"),
        ({"doc": "corpus:../x"}, "corpus id"),
        ({"doc": "folder:" + "a/" * 600 + "b.txt"}, "longer than 1024"),
        ({"place": "osm:123"}, "a place id starts with"),
        ({"place": "geonames:"}, "a place id starts with"),
        ({"place": "geonames:" + "1" * 300}, "longer than 200"),
        ({"hide_kind": "castle"}, "place kind must be one of"),
        ({"hide_kind": ""}, "place kind must be one of"),
        ({"hide_turn": "monologue"}, "turn kind must be one of"),
        ({"hide_speaker": "x" * 201}, "longer than 200"),
        ({"min": "0"}, "from 1 to"),
        ({"min": "-3"}, "not a whole number"),
        ({"min": "two"}, "not a whole number"),
        ({"min": "1e3"}, "not a whole number"),
        ({"min": "9" * 50}, "not a whole number"),
        ({"q": "x" * 201}, "longer than 200"),
        ({"prefer": "Azerbaijan"}, "two letters"),
        ({"prefer": "ß"}, "two letters"),
        ({"prefer": "A1"}, "two letters"),
        ({"demonyms": "maybe"}, "1 or 0"),
        ({"zoom": "abc"}, "not a whole number"),
        ({"zoom": "5.5"}, "not a whole number"),
        ({"zoom": "NaN"}, "not a whole number"),
        ({"zoom": "99"}, "from 0 to 22"),
        ({"zoom": "-1"}, "not a whole number"),
        ({"zoom": "٣"}, "not a whole number"),
        ({"lat": "91", "lon": "0"}, "from -90 to 90"),
        ({"lat": "-90.5", "lon": "0"}, "from -90 to 90"),
        ({"lat": "0", "lon": "181"}, "from -180 to 180"),
        ({"lat": "nan", "lon": "0"}, "degrees"),
        ({"lat": "inf", "lon": "0"}, "degrees"),
        ({"lat": "1e1", "lon": "0"}, "degrees"),
        ({"lat": " 40", "lon": "0"}, "degrees"),
        ({"lat": "40"}, "needs both lat and lon"),
        ({"lon": "40"}, "needs both lat and lon"),
        ({"zoom": 5}, "not text"),
        ({"zoom": [5]}, "not text"),
        ({"doc": ["builtin", "corpus:x"]}, "1 more value(s) of doc"),
    ],
)
def test_bad_values_are_left_out_with_a_message(params, message):
    link, problems = from_params(params)
    assert link.center is None or "lat" not in params or "lon" not in params
    expected = Link(doc="builtin") if params.get("doc") == ["builtin", "corpus:x"] else Link()
    assert link == expected
    assert len(problems) == 1, problems
    assert message in problems[0]
    assert problems[0].startswith("ignored ")
    assert len(problems[0]) < 300


def test_good_values_are_kept_beside_bad_ones():
    link, problems = from_query(
        "doc=builtin&hide_kind=route&hide_kind=castle&hide_turn=question&hide_turn=x"
        "&zoom=far&lat=40.4&lon=49.8&prefer=az&prefer=ZZZ&min=3&demonyms=yes&utm_source=x"
    )
    assert link == Link(
        doc="builtin",
        hidden=Exclusions(
            turn_kinds=frozenset({TurnKind.QUESTION}), kinds=frozenset({PlaceKind.ROUTE})
        ),
        min_mentions=3,
        prefer=("AZ",),
        demonyms=True,
        center=(40.4, 49.8),
    )
    assert len(problems) == 4  # castle, x, far, ZZZ; the unknown utm_source is no problem


def test_absurd_amounts_are_capped():
    many = [f"speaker {i}" for i in range(MAX_VALUES * 3)]
    link, problems = from_params({"hide_speaker": many})
    assert len(link.hidden.speakers) == MAX_VALUES
    assert problems == ["ignored 200 more value(s) of hide_speaker from the link (at most 100)"]
    link, problems = from_query("q=" + "x" * 200_000)
    assert link == Link() and "longer than" in problems[0]
    link, problems = from_query("&".join(["q=x"] * 5000))
    assert link == Link() and "too many parameters" in problems[0]


def test_empty_single_values_count_as_missing():
    assert from_query("doc=&place=&min=&q=&demonyms=&zoom=") == (Link(), [])


def test_messages_quote_long_values_briefly():
    _, problems = from_params({"place": "osm:" + "x" * 150})
    assert "…" in problems[0] and len(problems[0]) < 200
    _, problems = from_params({"hide_kind": "\u202e\n<script>"})
    assert "\n" not in problems[0] and "\\u202e" in problems[0]


# the app's side -----------------------------------------------------------


def test_the_app_reads_and_writes_the_url():
    from streamlit.testing.v1 import AppTest

    def app():
        from dataclasses import replace

        import streamlit as st

        from regionmap.ui.link import read_link, write_link

        link, problems = read_link()
        st.text(repr(sorted(map(str, link.hidden.speakers))))
        for problem in problems:
            st.warning(problem)
        write_link(replace(link, zoom=(link.zoom or 0) + 1))

    at = AppTest.from_function(app)
    at.query_params["hide_speaker"] = ["", "Sergey Lavrov"]
    at.query_params["zoom"] = "5"
    at.query_params["hide_kind"] = "castle"
    at.query_params["fbclid"] = "abc"
    at.run()
    assert not at.exception
    assert at.text[0].value == "['None', 'Sergey Lavrov']"
    assert [w.value for w in at.warning] == [
        "ignored hide_kind='castle' from the link: the place kind must be one of city, "
        "country, region, water, route, other, unresolved, demonym"
    ]
    assert at.query_params == {"hide_speaker": ["", "Sergey Lavrov"], "zoom": "6"}


class FakeQueryParams:
    def __init__(self, params: dict[str, list[str]]):
        self.params = params
        self.writes = 0

    def to_dict(self) -> dict[str, str]:
        return {k: v[-1] for k, v in self.params.items()}

    def get_all(self, key: str) -> list[str]:
        return list(self.params.get(key, []))

    def from_dict(self, params: dict[str, list[str]]) -> None:
        self.params = {k: list(v) for k, v in params.items()}
        self.writes += 1


def test_the_url_is_written_only_when_it_changes(monkeypatch):
    from regionmap.ui import link as ui_link

    fake = FakeQueryParams({})
    monkeypatch.setattr(ui_link.st, "query_params", fake)
    ui_link.write_link(Link())
    assert fake.writes == 0
    ui_link.write_link(typical())
    ui_link.write_link(typical())
    assert fake.writes == 1
    assert ui_link.read_link() == (typical(), [])
    fake.params["hide_kind"] = ["water", "route"]  # the same values in another order
    ui_link.write_link(typical())
    assert fake.writes == 2 and fake.params == to_params(typical())
