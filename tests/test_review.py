"""The review queue: which places it holds and in what order (``review_items``), and the
review tab in the app (``review_tab``) driven through AppTest.

Expected places come from ``analyse`` on small texts; the tab is rendered by a tiny
script that builds the view of one text and calls ``review_tab``, with
``REGIONMAP_DATA`` in a temporary folder so the corrections it stores are read back
from there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from regionmap import Corrections, Filters, analyse, load_gazetteer, prepare
from regionmap.places.resolve import Alternative, Place
from regionmap.ui.review import EMPTY, MAX_SHOWN
from regionmap.view.review import LOW_CONFIDENCE, ReviewReason, reasons_of, review_items
from regionmap.vocab import PlaceKind
from test_app import TIMEOUT, plain, run

R = ReviewReason
GEGHARKUNIK = "unresolved:Gegharkunik Province"
SEYCHELLES = "geonames:241131"  # Victoria, Seychelles: the runner-up for "Victoria"
MIXED = (
    "Talks\nWe went to Aravon Province and Zelmora Province. Later Zelmora Province again. "
    "Then Belvik Province. We met in Victoria. Then Springfield and the Kars–Tbilisi railway. "
    "Baku and Georgia, of course."
)


def queue(text: str, edit=None, **options):
    """The queue of ``text``, with the corrections ``edit`` makes to none, if given."""
    doc = analyse(text)
    fixes = Corrections(doc.transcript.sha256)
    return review_items(prepare(doc, edit(fixes) if edit else fixes), **options)


def names(items) -> list[str]:
    return [i.place.name for i in items]


def victoria_id(text: str) -> str:
    return next(m.place.place_id for m in analyse(text).mentions if m.text == "Victoria")


# --------------------------------------------------------------------------- review_items


def test_an_ambiguous_name_is_queued_with_its_alternatives_and_quote():
    [item] = queue("Talks\nWe met in Victoria.")
    assert R.AMBIGUOUS in item.reasons
    assert item.alternatives == item.place.alternatives
    assert SEYCHELLES in {a.place_id for a in item.alternatives}
    assert item.margin == round(item.place.confidence - item.alternatives[0].score, 3)
    q = item.quote
    assert q.sentence == "We met in Victoria."
    assert q.sentence[q.mention_start : q.mention_end] == "Victoria"


def test_an_unresolved_name_is_queued_for_re_linking():
    [item] = queue("Talks\nWe went to Gegharkunik Province.")
    assert item.place.place_id == GEGHARKUNIK
    assert (item.reasons, item.alternatives) == ((R.UNRESOLVED,), ())
    assert item.margin is None


def test_an_inferred_route_is_queued_but_not_its_ends():
    [item] = queue("Talks\nThe Kars–Tbilisi railway was built.")
    assert item.place.name == "Kars–Tbilisi railway"
    assert item.reasons == (R.INFERRED,)


def test_a_confident_place_is_not_queued():
    assert queue("Talks\nWe met in Baku.") == []


def place(confidence: float, *scores: float, **fields) -> Place:
    alts = tuple(Alternative(f"x:{i}", "X", PlaceKind.CITY, None, s) for i, s in enumerate(scores))
    fields = {"kind": PlaceKind.CITY, **fields}
    return Place("x:0", "X", lat=0.0, lon=0.0, country=None, confidence=confidence,
                 source="test", geometry_json=None, alternatives=alts, **fields)  # fmt: skip


def test_reasons_of_a_place():
    assert reasons_of(place(0.95)) == ()
    assert reasons_of(place(LOW_CONFIDENCE)) == ()
    assert reasons_of(place(0.5, 0.05)) == (R.LOW_CONFIDENCE,)  # no close rival
    assert reasons_of(place(0.7, 0.25)) == (R.AMBIGUOUS,)
    assert reasons_of(place(0.5, 0.4)) == (R.AMBIGUOUS, R.LOW_CONFIDENCE)
    assert reasons_of(place(0.57, inferred=True)) == (R.INFERRED,)
    assert reasons_of(place(0.0, kind=PlaceKind.UNRESOLVED)) == (R.UNRESOLVED,)


def test_the_queue_is_ordered_most_doubtful_first():
    items = queue(MIXED)
    # Unresolved first, most mentioned first, then by id; then ambiguous by margin
    # (Springfield's rivals are closer than Victoria's); then the lowest confidence.
    assert names(items) == [
        "Zelmora Province",
        "Aravon Province",
        "Belvik Province",
        "Springfield",
        "Hong Kong",  # what "Victoria" resolves to
        "Kars–Tbilisi railway",
    ]
    springfield, victoria = items[3], items[4]
    assert springfield.margin < victoria.margin
    assert names(queue(MIXED)) == names(items)  # deterministic


def test_filters_do_not_hide_work_to_do():
    doc = analyse(MIXED)
    view = prepare(doc).filtered(Filters(kinds=["country"]))
    assert {s.place.name for s in view.places} == {"Georgia"}
    assert names(review_items(view)) == names(queue(MIXED))


def test_accepted_places_leave_the_queue():
    pid = victoria_id(MIXED)
    accepted = {pid, GEGHARKUNIK, "unresolved:Belvik Province"}
    assert "Belvik Province" not in names(queue(MIXED, accepted=accepted))
    assert "Hong Kong" not in names(queue(MIXED, accepted=accepted))
    # Applied as corrections, an accepted ambiguous place is no longer doubtful at all;
    # an accepted unresolved name or route still needs ``accepted`` to leave the queue.
    shown = queue(MIXED, lambda c: c.accepting(pid))
    assert "Hong Kong" not in names(shown) and "Belvik Province" in names(shown)


def test_replaced_and_removed_places_leave_the_queue():
    pid = victoria_id(MIXED)
    zelmora = "unresolved:Zelmora Province"
    shown = names(queue(MIXED, lambda c: c.replacing(pid, SEYCHELLES).removing(zelmora)))
    assert "Hong Kong" not in shown and "Victoria" not in shown
    assert "Zelmora Province" not in shown


# --------------------------------------------------------------------------- the tab


def review_script(text: str) -> None:
    from regionmap import analyse, prepare
    from regionmap.ui.corrections import current_corrections
    from regionmap.ui.review import review_tab
    from regionmap.ui.session import gazetteer

    doc = analyse(text, gazetteer=gazetteer())
    review_tab(prepare(doc, current_corrections(doc.transcript.sha256), gazetteer=gazetteer()))


TAB_TEXT = "Talks\nWe met in Victoria <b>today</b>. Then Gegharkunik Province and Baku."


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "regionmap-data"
    monkeypatch.setenv("REGIONMAP_DATA", str(folder))
    return folder


def tab(text: str = TAB_TEXT) -> AppTest:
    return run(AppTest.from_function(review_script, args=(text,), default_timeout=TIMEOUT))


def queued(at: AppTest) -> list[str]:
    """The place ids the tab lists, in order."""
    accept = [b.key for b in at.button if b.key.endswith(":accept")]
    return [key.removeprefix("review:").removesuffix(":accept") for key in accept]


def stored(data_dir: Path, text: str = TAB_TEXT) -> dict:
    path = data_dir / "corrections" / f"{analyse(text).transcript.sha256}.json"
    assert path.is_file(), sorted(p.name for p in data_dir.rglob("*"))
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_tab_lists_the_queue_with_escaped_quotes(data_dir):
    at = tab()
    pid = victoria_id(TAB_TEXT)
    assert queued(at) == [GEGHARKUNIK, pid]
    marked = [m.value for m in at.markdown if "<mark>" in m.value]
    assert "We met in <mark>Victoria</mark> &lt;b&gt;today&lt;/b&gt;\\." in marked
    facts = [plain(c.value) for c in at.caption]
    assert any(c.startswith("city · ambiguous") and "1 mention · confidence" in c for c in facts)
    assert any(c.startswith("unresolved · unresolved · 1 mention") for c in facts)
    assert at.button(key=f"review:{pid}:use:{SEYCHELLES}").label.startswith("Use Victoria")
    assert [e.label for e in at.expander] == ["Re-link to another gazetteer place"] * 2


def test_accept_stores_it_and_the_place_leaves_the_queue(data_dir):
    at = tab()
    pid = victoria_id(TAB_TEXT)
    run(at.button(key=f"review:{pid}:accept").click())
    assert stored(data_dir)["accepted"] == [pid]
    assert queued(at) == [GEGHARKUNIK]
    assert queued(tab()) == [GEGHARKUNIK]  # a new session reads the stored file


def test_not_a_place_stores_it_and_the_place_leaves_the_queue(data_dir):
    at = tab()
    run(at.button(key=f"review:{GEGHARKUNIK}:remove").click())
    assert stored(data_dir)["not_places"] == [GEGHARKUNIK]
    assert queued(at) == [victoria_id(TAB_TEXT)]


def test_an_alternative_replaces_the_place(data_dir):
    at = tab()
    pid = victoria_id(TAB_TEXT)
    run(at.button(key=f"review:{pid}:use:{SEYCHELLES}").click())
    assert stored(data_dir)["replace"] == {pid: SEYCHELLES}
    assert queued(at) == [GEGHARKUNIK]
    assert at.session_state["selected"] == SEYCHELLES


def test_re_linking_an_unresolved_name(data_dir):
    at = tab()
    key = f"review:{GEGHARKUNIK}"
    run(at.text_input(key=f"{key}:other_query").input("Gavar"))
    choice = at.selectbox(key=f"{key}:other_choice")
    target = choice.value.rsplit(" · ", 1)[1]
    assert target in {e.place_id for e in load_gazetteer().search("Gavar", limit=12)}
    run(at.button(key=f"{key}:relink").click())
    assert stored(data_dir)["replace"] == {GEGHARKUNIK: target}
    assert queued(at) == [victoria_id(TAB_TEXT)]


def test_accepting_everything_empties_the_queue(data_dir):
    at = tab()
    for pid in queued(at):
        run(at.button(key=f"review:{pid}:accept").click())
    assert queued(at) == []
    assert [s.value for s in at.success] == [EMPTY]
    assert sorted(stored(data_dir)["accepted"]) == sorted([GEGHARKUNIK, victoria_id(TAB_TEXT)])


def test_an_empty_queue_says_so(data_dir):
    at = tab("Talks\nWe met in Baku.")
    assert [s.value for s in at.success] == [EMPTY]
    assert not at.button


def test_a_long_queue_shows_the_first_and_says_how_many_more(data_dir):
    made_up = " ".join(f"Q{chr(97 + i % 26)}{chr(97 + i // 26)}ristan Province." for i in range(60))
    at = tab("Talks\n" + made_up)
    assert len(queued(at)) == MAX_SHOWN
    assert [i.value for i in at.info] == [
        f"{60 - MAX_SHOWN} more places to check; they appear here as you check these."
    ]
