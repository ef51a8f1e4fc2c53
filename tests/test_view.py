"""The presentation stage: prepare(), filters, what filters offer, and quotes."""

from __future__ import annotations

import pytest

from regionmap import Corrections, Filters, InputError, PlaceKind, TurnKind, analyse, prepare
from regionmap.resources import seed_path
from regionmap.view.filters import Exclusions, offer_of
from regionmap.view.quotes import MAX_QUOTE, quotes_of

TEXT = (
    "Talks on the Caspian, Baku, March 1, 2023\n"
    "Sergey Lavrov: We met in Baku. Baku and Moscow agree. Gegharkunik Province too.\n"
    "Question: Will Iran join? And Baku?\n"
    "Jeyhun Bayramov: Iran will. The Rasht-Astara railway is key."
)


@pytest.fixture(scope="module")
def doc():
    return analyse(TEXT)


def names(view) -> dict[str, int]:
    return {s.place.name: s.count for s in view.places}


def test_prepare_without_filters_shows_everything(doc):
    view = prepare(doc)
    assert view.document.mentions == doc.mentions
    assert view.hidden == 0
    assert sum(len(q) for q in view.quotes.values()) == len(doc.mentions)
    assert [q.start for q in view.mention_quotes] == [m.start for m in doc.mentions]
    for m, q in zip(doc.mentions, view.mention_quotes, strict=True):
        assert q.sentence[q.mention_start : q.mention_end] == m.text
        assert doc.transcript.text[q.start : q.end] == m.text


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(speakers=["Question"]), {"Iran": 1, "Baku": 1}),
        (Filters(speakers=[None]), {"Caspian Sea": 1, "Baku": 1}),  # the title has no speaker
        (Filters(turn_kinds=[TurnKind.QUESTION]), {"Iran": 1, "Baku": 1}),
        (Filters(turn_kinds=[None]), {"Caspian Sea": 1, "Baku": 1}),
        (Filters(kinds=["unresolved"]), {"Gegharkunik Province": 1}),
        (Filters(min_mentions=2), {"Baku": 4, "Iran": 2}),
        (Filters(query="railway"), {"Rasht–Astara railway": 1}),
        (Filters(query="agree"), {"Baku": 4, "Moscow": 1}),  # a quote's words find places
    ],
)
def test_each_filter(doc, filters, expected):
    view = prepare(doc, filters=filters)
    assert names(view) == expected
    assert view.hidden == len(doc.places) - len(expected)
    for pid, quotes in view.quotes.items():
        assert len(quotes) == view.place(pid).count


def test_min_mentions_counts_after_the_other_filters(doc):
    view = prepare(doc, filters=Filters(speakers=["Sergey Lavrov"], min_mentions=2))
    assert names(view) == {"Baku": 2}


def test_filters_are_validated():
    with pytest.raises(InputError, match="unknown place kind 'town'"):
        Filters(kinds=["town"])
    with pytest.raises(InputError, match="unknown turn kind"):
        Filters(turn_kinds=["title"])
    with pytest.raises(InputError, match="at least 1"):
        Filters(min_mentions=0)
    assert Filters(kinds=["city"]).kinds == {PlaceKind.CITY}
    assert not Filters().active and Filters(query=" x ").active


def test_view_filtered_reuses_the_corrected_document(doc):
    view = prepare(doc)
    narrowed = view.filtered(Filters(kinds=["country"]))
    assert narrowed.corrected is view.corrected
    assert narrowed.corrected_quotes is view.corrected_quotes
    assert set(names(narrowed)) == {"Iran"}


def test_corrections_come_before_filters(doc):
    baku = next(s.place.place_id for s in doc.places if s.place.name == "Baku")
    fixes = Corrections(doc.transcript.sha256).removing(baku)
    view = prepare(doc, fixes, Filters(speakers=["Question"]))
    assert names(view) == {"Iran": 1}
    assert "Baku" not in {s.place.name for s in view.corrected.places}
    assert PlaceKind.CITY not in view.offer.kinds or "Moscow" in names(prepare(doc, fixes))


def test_offer_lists_what_the_document_has(doc):
    offer = offer_of(doc)
    assert offer.speakers == ("Sergey Lavrov", "Question", "Jeyhun Bayramov", None)
    assert offer.turn_kinds == (TurnKind.STATEMENT, TurnKind.QUESTION, TurnKind.ANSWER, None)
    assert PlaceKind.UNRESOLVED in offer.kinds
    assert list(offer.kinds) == [k for k in PlaceKind if k in offer.kinds]  # vocabulary order


def test_exclusions_never_hide_what_they_did_not_offer(doc):
    offer = offer_of(doc)
    off = Exclusions().choosing("speakers", offer.speakers, ["Question"])
    assert off.filters(offer).speakers == {"Question"}
    # Another document with other speakers: nothing of it is switched off.
    other = offer_of(analyse("Talks\nMR. PRICE: Paris and Rome.\nMS. ROSS: And Oslo?"))
    assert off.filters(other) == Filters()
    assert off.chosen("speakers", other.speakers) == list(other.speakers)
    # A value switched off stays off where it is offered again, and new ones start on.
    again = off.choosing("speakers", other.speakers, other.speakers[:1])
    assert again.filters(offer).speakers == {"Question"}
    assert again.filters(other).speakers == {other.speakers[0]}


def test_a_long_unpunctuated_paragraph_gives_short_exact_quotes():
    words = ("we talked about the road from Baku to Moscow and back again " * 400).strip()
    doc = analyse("Captions\n" + words)
    quotes = quotes_of(doc)
    assert len(quotes) == len(doc.mentions) > 700
    for m, q in zip(doc.mentions, quotes, strict=True):
        assert len(q.sentence) <= MAX_QUOTE
        assert q.sentence[q.mention_start : q.mention_end] == m.text
        start = q.start - q.mention_start
        assert doc.transcript.text[start : start + len(q.sentence)] == q.sentence


def test_the_seed_view_matches_its_document():
    doc = analyse(seed_path())
    view = prepare(doc)
    assert names(view)["Baku"] == 8
    assert len(view.layers) == sum(1 for s in doc.places if s.place.geometry_json)
