"""Filters in the app: a new transcript shows everything, filters stay per transcript,
nothing is hidden without a word, and the app and the command line agree on every filter.

Expected places come from the library or the CLI, never from the app itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regionmap import analyse, prepare
from regionmap.cli import main
from regionmap.resources import seed_path
from regionmap.view.filters import offer_of
from test_app import infos, multiselect, new_app, options, paste, quote_count, run, seed_doc

FIXTURES = Path(__file__).parent / "fixtures" / "app"
SUMMIT = (FIXTURES / "summit.txt").read_text(encoding="utf-8")  # one shared label: Question
THIRD = (FIXTURES / "lisbon.txt").read_text(encoding="utf-8")  # no label shared with the seed


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("REGIONMAP_DATA", str(tmp_path / "regionmap-data"))
    return new_app()


def labels_of(text: str) -> list[str]:
    """The app's place labels of a transcript as the library reads it, unfiltered."""
    view = prepare(analyse(text))
    return [f"{s.place.name} ({s.place.kind}, {s.count})" for s in view.places]


def test_new_transcripts_open_with_everything_selected(app):
    seed_labels = options(app)
    run(multiselect(app, "Speakers").set_value(["Question"]))  # the user narrows the example
    assert len(options(app)) < len(seed_labels)

    for text in (SUMMIT, THIRD):  # a summit with one shared "Question" label, then none
        paste(app, text)
        offer = offer_of(analyse(text))
        assert multiselect(app, "Speakers").value == list(offer.speakers)
        assert multiselect(app, "Turn kind").value == list(offer.turn_kinds)
        assert multiselect(app, "Place kind").value == list(offer.kinds)
        assert options(app) == labels_of(text)
        assert not any("The filters hide" in i for i in infos(app))

    # Back to the example: the filter the user set there is still there, and said so.
    run(app.radio(key="source").set_value("Built-in example"))
    assert multiselect(app, "Speakers").value == ["Question"]
    assert any("The filters hide" in i for i in infos(app))
    run(app.button(key="show_everything").click())
    assert options(app) == seed_labels
    assert multiselect(app, "Speakers").value == list(offer_of(seed_doc()).speakers)


def test_unresolved_places_are_offered_and_listed(app):
    paste(app, SUMMIT)
    assert "unresolved" in multiselect(app, "Place kind").options
    assert "Gegharkunik Province (unresolved, 1)" in options(app)
    run(app.selectbox(key="place_pick").set_value("Gegharkunik Province (unresolved, 1)"))
    assert quote_count(app) == 1


def test_text_outside_any_turn_can_be_filtered(app):
    turn_kinds = multiselect(app, "Turn kind")
    assert "(outside any turn)" in turn_kinds.options  # the title line has no turn
    run(turn_kinds.set_value([None]))
    title_places = {m.place.place_id for m in seed_doc().mentions if m.turn_kind is None}
    assert len(options(app)) == len(title_places) > 0


# --------------------------------------------------------------------------- the CLI agrees


def app_places(at) -> list[tuple[str, int]]:
    table = at.dataframe[0].value
    return list(zip(table["place_id"], table["mentions"], strict=True))


def cli_places(capsys, *args: str) -> list[tuple[str, int]]:
    capsys.readouterr()
    assert main(["extract", str(seed_path()), *args]) == 0
    record = json.loads(capsys.readouterr().out)
    return [(p["place_id"], p["count"]) for p in record["places"]]


def _choose(label: str, values: list):
    return lambda at: run(multiselect(at, label).set_value(values))


def _number(value: int):
    return lambda at: run(
        next(n for n in at.number_input if n.label.startswith("Minimum")).set_value(value)
    )


def _search(text: str):
    return lambda at: run(
        next(t for t in at.text_input if t.label.startswith("Search")).input(text)
    )


CASES = {
    "speaker": (_choose("Speakers", ["Sergey Lavrov"]), ["--speaker", "Sergey Lavrov"]),
    "no speaker": (
        _choose("Speakers", ["Question", None]),
        ["--speaker", "Question", "--speaker", ""],
    ),
    "turn kind": (_choose("Turn kind", ["question"]), ["--turn-kind", "question"]),
    "outside any turn": (_choose("Turn kind", [None]), ["--turn-kind", "none"]),
    "place kind": (_choose("Place kind", ["city", "route"]), ["--kind", "city", "--kind", "route"]),
    "minimum mentions": (_number(3), ["--min-mentions", "3"]),
    "query": (_search("railway"), ["--query", "railway"]),
    "demonyms": (lambda at: run(at.toggle(key="demonyms").set_value(True)), ["--demonyms"]),
    "country bias": (
        lambda at: run(at.multiselect(key="prefer").set_value(["US"])),
        ["--prefer-country", "US"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_app_and_the_cli_show_the_same_places(app, capsys, case):
    act, args = CASES[case]
    before = app_places(app)
    act(app)
    shown = app_places(app)
    assert shown == cli_places(capsys, *args)
    if case not in ("demonyms", "country bias"):
        assert len(shown) < len(before)  # the filter did something


def test_the_app_and_the_cli_agree_with_corrections_and_filters_together(app, capsys, tmp_path):
    run(app.selectbox(key="place_pick").set_value("Baku (city, 8)"))
    run(app.button(key="not_place").click())
    _choose("Speakers", ["Question"])(app)
    run(multiselect(app, "Place kind").set_value(["city", "country"]))
    stored = tmp_path / "regionmap-data" / "corrections" / f"{seed_doc().transcript.sha256}.json"
    corrections = tmp_path / "corrections.json"
    corrections.write_bytes(stored.read_bytes())  # what "Download corrections" offers
    expected = cli_places(
        capsys,
        "--corrections", str(corrections), "--speaker", "Question", "--kind", "city", "--kind",
        "country",
    )  # fmt: skip
    assert app_places(app) == expected
    assert "geonames:587084" not in {pid for pid, _ in expected}  # Baku is not a place now
