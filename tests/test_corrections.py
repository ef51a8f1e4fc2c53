"""Corrections: the file format (old files still load), how edits combine, and what
applying them does to the document, accepted places included.

Expected places come from ``analyse`` on small texts, never from the corrections code.
"""

from __future__ import annotations

import json

import pytest

from regionmap import Corrections, InputError, analyse, prepare
from regionmap.render.contract import document_record
from regionmap.view import corrections as corr
from regionmap.view.corrections import apply_corrections

VICTORIA = "Talks\nWe met in Victoria. Victoria was sunny. Then Baku."
UNRESOLVED = "Talks\nWe went to Gegharkunik Province."
RAILWAY = "Talks\nThe Kars–Tbilisi railway was built."
SEYCHELLES = "geonames:241131"  # Victoria, Seychelles: the runner-up for "Victoria"
BAKU = "geonames:587084"


@pytest.fixture(scope="module")
def gazetteer():
    from regionmap import load_gazetteer

    return load_gazetteer()


def summary(doc, name: str):
    return next(s for s in doc.places if s.place.name == name)


def victoria(doc):
    """The place "Victoria" resolves to (whatever the gazetteer calls it)."""
    m = next(m for m in doc.mentions if m.text == "Victoria")
    return next(s for s in doc.places if s.place.place_id == m.place.place_id)


# --------------------------------------------------------------------------- the file


def test_accepted_round_trips_sorted_under_version_1():
    c = Corrections("abc").accepting("geonames:9").accepting("geonames:1").removing("x:1")
    data = json.loads(c.to_json())
    assert data["version"] == 1
    assert data["accepted"] == ["geonames:1", "geonames:9"]
    assert Corrections.from_json(c.to_json(), text_sha256="abc") == c


def test_a_version_1_file_written_before_accepted_still_loads():
    old = {
        "version": 1,
        "text_sha256": "abc",
        "replace": {"geonames:5601538": "geonames:524901"},
        "not_places": ["geonames:3039154"],
        "add": [{"surface": "Goris", "place_id": "geonames:616599"}],
    }
    c = Corrections.from_json(json.dumps(old), text_sha256="abc")
    assert c.accepted == frozenset()
    assert c.replace == {"geonames:5601538": "geonames:524901"}
    assert c.not_places == {"geonames:3039154"}
    assert c.add == (("Goris", "geonames:616599"),)
    again = json.loads(c.to_json())  # written back: the same keys, plus an empty list
    assert again == {**old, "accepted": []}


@pytest.mark.parametrize("value", ['"geonames:1"', '{"geonames:1": true}', "3"])
def test_accepted_must_be_a_list(value):
    text = f'{{"version": 1, "text_sha256": "abc", "accepted": {value}}}'
    with pytest.raises(InputError, match="accepted"):
        Corrections.from_json(text)


def test_other_versions_are_refused():
    with pytest.raises(InputError, match="version 1"):
        Corrections.from_json('{"version": 2, "text_sha256": "abc"}')


def test_save_and_load_keep_accepted(tmp_path, monkeypatch):
    monkeypatch.setenv("REGIONMAP_DATA", str(tmp_path))
    c = Corrections("f" * 64).accepting("geonames:1")
    path = corr.save(c)
    assert json.loads(path.read_text(encoding="utf-8"))["accepted"] == ["geonames:1"]
    assert corr.load("f" * 64) == c


# --------------------------------------------------------------------------- edits


def test_only_accepted_is_still_a_correction():
    assert not Corrections("abc")
    assert Corrections("abc").accepting("geonames:1")


def test_accepting_a_replaced_place_accepts_its_replacement():
    c = Corrections("abc").replacing("a", "b").accepting("a")
    assert c.accepted == {"b"}
    assert c.replacing("b", "c").replace == {"a": "c", "b": "c"}  # chained as before
    assert c.replacing("b", "c").accepted == frozenset()  # "b" is gone from the document


def test_replacing_and_removing_drop_acceptance():
    c = Corrections("abc").accepting("a").accepting("b")
    assert c.replacing("a", "z").accepted == {"b"}
    assert c.removing("b").accepted == {"a"}
    assert c.replacing("z", "b").accepted == {"a", "b"}  # the target keeps its acceptance


def test_the_last_word_on_a_place_wins():
    c = Corrections("abc").removing("a")
    assert c.accepting("a").not_places == frozenset()
    assert c.replacing("x", "a").not_places == frozenset()
    assert c.adding("Goris", "a").not_places == frozenset()
    assert c.accepting("a").removing("a").accepted == frozenset()


# --------------------------------------------------------------------------- applying


def test_an_accepted_place_keeps_its_mentions_with_confidence_1(gazetteer):
    doc = analyse(VICTORIA, gazetteer=gazetteer)
    before = victoria(doc)
    assert before.place.ambiguous and before.place.confidence < 1
    pid = before.place.place_id
    fixed = apply_corrections(doc, Corrections(doc.transcript.sha256).accepting(pid), gazetteer)
    after = victoria(fixed)
    assert after.place.place_id == pid and after.count == before.count
    assert after.place.confidence == 1.0
    assert after.place.alternatives == () and not after.place.ambiguous
    assert after.place.source.endswith("; accepted by the user")
    assert after.place.geometry == before.place.geometry
    spans = [(m.start, m.end, m.text, m.speaker) for m in doc.mentions]
    assert [(m.start, m.end, m.text, m.speaker) for m in fixed.mentions] == spans
    assert [m.confidence for m in fixed.mentions if m.place.place_id == pid] == [1.0, 1.0]
    assert summary(fixed, "Baku") == summary(doc, "Baku")  # other places untouched


def test_exports_show_the_readers_confidence(gazetteer):
    doc = analyse(VICTORIA, gazetteer=gazetteer)
    pid = victoria(doc).place.place_id
    view = prepare(doc, Corrections(doc.transcript.sha256).accepting(pid), gazetteer=gazetteer)
    record = next(p for p in document_record(view.document)["places"] if p["place_id"] == pid)
    assert (record["confidence"], record["ambiguous"], record["alternatives"]) == (1.0, False, [])


def test_an_accepted_unresolved_name_keeps_confidence_0(gazetteer):
    doc = analyse(UNRESOLVED, gazetteer=gazetteer)
    pid = "unresolved:Gegharkunik Province"
    fixed = apply_corrections(doc, Corrections(doc.transcript.sha256).accepting(pid), gazetteer)
    place = summary(fixed, "Gegharkunik Province").place
    assert place.place_id == pid and place.confidence == 0.0
    assert "accepted by the user" in place.source


def test_an_accepted_inferred_route_stays_inferred(gazetteer):
    doc = analyse(RAILWAY, gazetteer=gazetteer)
    route = next(s.place for s in doc.places if s.place.inferred)
    fixes = Corrections(doc.transcript.sha256).accepting(route.place_id)
    place = summary(apply_corrections(doc, fixes, gazetteer), route.name).place
    assert place.inferred and place.confidence == 1.0
    assert place.geometry == route.geometry


def test_removing_a_replacement_removes_the_replaced_mentions(gazetteer):
    doc = analyse(VICTORIA, gazetteer=gazetteer)
    pid = victoria(doc).place.place_id
    fixes = Corrections(doc.transcript.sha256).replacing(pid, SEYCHELLES)
    replaced = apply_corrections(doc, fixes, gazetteer)
    assert summary(replaced, "Victoria").place.place_id == SEYCHELLES
    gone = apply_corrections(doc, fixes.removing(SEYCHELLES), gazetteer)
    assert [s.place.name for s in gone.places] == ["Baku"]


def test_removing_an_added_place_removes_its_mentions(gazetteer):
    doc = analyse("Talks\nWe met in Goris. Then Baku.", gazetteer=gazetteer)
    goris = next(e.place_id for e in gazetteer.search("Goris", limit=3) if e.name == "Goris")
    fixes = Corrections(doc.transcript.sha256).removing(BAKU).adding("Goris", goris)
    assert [s.place.name for s in apply_corrections(doc, fixes, gazetteer).places] == ["Goris"]
    assert apply_corrections(doc, fixes.removing(goris), gazetteer).places == ()


def test_accepting_an_unknown_place_changes_nothing(gazetteer):
    doc = analyse(VICTORIA, gazetteer=gazetteer)
    fixes = Corrections(doc.transcript.sha256).accepting("geonames:1")
    assert apply_corrections(doc, fixes, gazetteer).places == doc.places
