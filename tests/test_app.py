"""The Streamlit app through streamlit.testing's AppTest (no browser, no server).

Every test points ``REGIONMAP_DATA`` at a temporary folder, so the corrections
the app stores never touch the user's real data folder. Expected numbers come
from the library (``regionmap.analyse`` on the built-in example), not from the
app, so a test checks the app against an independent computation.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from regionmap import analyse, prepare
from regionmap.resources import seed_path
from regionmap.view import corrections as corr

APP = Path(__file__).resolve().parents[1] / "streamlit_app.py"  # the repo root, not the cwd
TIMEOUT = 90
PROMPT = "Select a place on the map, in the transcript or in the list"
SELECTED = re.compile(r"\*\*(.+?)\*\* · (\w+) · (\d+) mentions? · ")


@cache
def seed_doc():
    """The built-in example as the library reads it (the app's defaults: no bias, no demonyms)."""
    return analyse(seed_path())


def place(name: str):
    """The seed document's summary of the place called ``name``."""
    return next(s for s in seed_doc().places if s.place.name == name)


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "regionmap-data"
    monkeypatch.setenv("REGIONMAP_DATA", str(folder))
    return folder


def new_app() -> AppTest:
    """A new session after its first two runs: in a browser the map reports itself right
    after the first run, and the second run adds the places table."""
    return run(run(AppTest.from_file(str(APP), default_timeout=TIMEOUT)))


@pytest.fixture
def app(data_dir) -> AppTest:
    """The app after its first run on the built-in example."""
    return new_app()


# --------------------------------------------------------------------------- helpers


def run(target) -> AppTest:
    """Run the app (or the app of a widget whose value was just set); no exception allowed."""
    at = target.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def title(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("### "))


def plain(text: str) -> str:
    """Text the app escaped for Markdown, as the page shows it."""
    return text.replace("\\", "")


def caption(at: AppTest) -> str:
    """The document's caption as shown (Markdown escapes removed)."""
    return at.caption[0].value.replace("\\", "")


def multiselect(at: AppTest, label: str):
    """A filter widget by its label (its key changes with the transcript)."""
    found = [m for m in at.multiselect if m.label == label]
    assert len(found) == 1, [m.label for m in at.multiselect]
    return found[0]


def paste(at: AppTest, text: str) -> AppTest:
    if at.radio(key="source").value != "Paste text":
        run(at.radio(key="source").set_value("Paste text"))
    return run(at.text_area(key="pasted").input(text))


def options(at: AppTest) -> list[str]:
    return list(at.selectbox(key="place_pick").options)


def label_of(at: AppTest, name: str) -> str:
    """The place_pick option of the place called ``name`` (``Baku (city, 8)``)."""
    found = [o for o in options(at) if o.startswith(f"{name} (")]
    assert len(found) == 1, (name, options(at))
    return found[0]


def choose(at: AppTest, name: str) -> AppTest:
    return run(at.selectbox(key="place_pick").set_value(label_of(at, name)))


def selection(at: AppTest) -> list[tuple[str, str, int]]:
    """The app's selection bar under the map: (name, kind, mentions), or nothing."""
    found = [m.groups() for x in at.markdown if (m := SELECTED.match(plain(x.value)))]
    return [(name, kind, int(count)) for name, kind, count in found]


def panel_heading(at: AppTest) -> list[str]:
    """The selected place's name, as the selection bar shows it."""
    return [name for name, _, _ in selection(at)]


def quote_count(at: AppTest) -> int | None:
    """The selected place's number of mentions (the page lists one quote for each)."""
    counts = [count for _, _, count in selection(at)]
    assert len(counts) <= 1, counts
    return counts[0] if counts else None


def infos(at: AppTest) -> list[str]:
    return [i.value for i in at.info]


def stored(data_dir: Path) -> dict:
    """The corrections file the app wrote for the seed transcript."""
    sha = seed_doc().transcript.sha256
    path = data_dir / "corrections" / f"{sha}.json"
    assert path.is_file(), sorted(p.name for p in data_dir.rglob("*"))
    return json.loads(path.read_text(encoding="utf-8"))


def download_corrections(at: AppTest):
    found = [b for b in at.get("download_button") if b.key == "download_corrections"]
    assert len(found) == 1, [b.key for b in at.get("download_button")]
    return found[0]


# --------------------------------------------------------------------------- loading


def test_loads_the_built_in_example(app):
    doc = seed_doc()
    assert "Sergey Lavrov" in title(app)
    caption_ = caption(app)
    assert "2023-02-28" in caption_
    assert "Baku" in caption_
    assert f"{len(doc.mentions)} mentions" in caption_
    assert f"{len(doc.places)} places" in caption_
    assert not app.error
    # Nothing is selected yet: the app says where to select.
    assert any(PROMPT in c.value for c in app.caption)
    assert panel_heading(app) == []
    assert len(options(app)) == len(doc.places)


def test_selecting_baku_sends_it_to_the_page(app):
    """The page shows the quotes; the app keeps the selection and tells the page once."""
    baku = place("Baku")
    assert baku.count == 8
    choose(app, "Baku")
    assert panel_heading(app) == ["Baku"]
    assert quote_count(app) == len(prepare(seed_doc()).quotes[baku.place.place_id]) == 8
    assert app.session_state["command"] == (baku.place.place_id, 1)
    assert [e.label for e in app.expander if e.label == "Correct this place"]
    assert not app.warning and not app.error
    assert not any(PROMPT in c.value for c in app.caption)
    choose(app, "Moscow")
    assert app.session_state["command"] == (place("Moscow").place.place_id, 2)


def test_speaker_filter_recounts_the_places(app):
    baku = place("Baku").place.place_id
    expected = sum(
        1 for m in seed_doc().mentions if m.place.place_id == baku and m.speaker == "Question"
    )
    assert expected == 3
    assert "Question" in multiselect(app, "Speakers").options
    assert "Baku (city, 8)" in options(app)

    run(multiselect(app, "Speakers").set_value(["Question"]))
    assert label_of(app, "Baku") == f"Baku (city, {expected})"
    assert "Baku (city, 8)" not in options(app)
    choose(app, "Baku")
    assert panel_heading(app) == ["Baku"]
    assert quote_count(app) == expected
    # The document caption still counts the whole transcript, not the filtered view,
    # and the page says that the filters hide places.
    assert f"{len(seed_doc().mentions)} mentions" in caption(app)
    assert any("The filters hide" in i for i in infos(app))


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("blank", ["   ", "   \n  "])
def test_whitespace_paste_reports_an_error_and_keeps_the_previous_document(app, blank):
    before = title(app)
    assert "Sergey Lavrov" in before

    # Switching to "Paste text" with nothing pasted is "no source": the previous document stays.
    run(app.radio(key="source").set_value("Paste text"))
    assert title(app) == before
    assert not app.error

    # Whitespace is a source, and the library refuses it: an error, the old map kept.
    run(app.text_area(key="pasted").input(blank))
    assert [plain(e.value) for e in app.error] == [
        "pasted.txt: empty transcript: the file has no text"
    ]
    assert title(app) == before
    assert label_of(app, "Baku") == "Baku (city, 8)"


def test_whitespace_paste_after_a_pasted_transcript_keeps_the_pasted_one(app):
    run(app.radio(key="source").set_value("Paste text"))
    run(app.text_area(key="pasted").input("Talks in Baku\nWe met in Baku.\nQuestion: Why Baku?"))
    assert title(app) == "### Talks in Baku"
    assert not app.error
    assert options(app) == ["Baku (city, 3)"]

    run(app.text_area(key="pasted").input("   "))
    assert any("empty" in e.value for e in app.error)
    assert title(app) == "### Talks in Baku"
    assert options(app) == ["Baku (city, 3)"]


# --------------------------------------------------------------------------- corrections


def test_not_a_place_removes_it_and_clear_corrections_brings_it_back(app, data_dir):
    doc = seed_doc()
    baku = place("Baku")
    assert download_corrections(app).disabled  # nothing to download yet
    choose(app, "Baku")
    assert [e.label for e in app.expander if e.label == "Correct this place"]

    run(app.button(key="not_place").click())
    assert not [o for o in options(app) if o.startswith("Baku (")]
    assert panel_heading(app) == []  # the removed place is no longer shown
    assert f"{len(doc.mentions) - baku.count} mentions · {len(doc.places) - 1} places" in caption(
        app
    )
    assert stored(data_dir)["not_places"] == [baku.place.place_id]
    assert not download_corrections(app).disabled

    run(app.button(key="clear_corrections").click())
    assert label_of(app, "Baku") == "Baku (city, 8)"
    assert f"{len(doc.mentions)} mentions" in caption(app)
    assert stored(data_dir)["not_places"] == []
    assert download_corrections(app).disabled
    assert not [b for b in app.button if b.key == "clear_corrections"]


def moscow_alternative() -> tuple[str, str]:
    moscow = place("Moscow").place
    alt = next(a for a in moscow.alternatives if a.country == "US")
    return moscow.place_id, alt.place_id


def test_use_this_alternative_replaces_the_place(app, data_dir):
    old, new = moscow_alternative()
    choose(app, "Moscow")
    assert app.selectbox(key="alt_choice").options == ["Moscow (US)"]

    run(app.selectbox(key="alt_choice").set_value("Moscow (US)"))
    run(app.button(key="use_alt").click())
    assert stored(data_dir)["replace"] == {old: new}
    assert not download_corrections(app).disabled

    # Read the place again through the picker: it is now Moscow, US, with all its quotes.
    choose(app, "Baku")
    choose(app, "Moscow")
    assert panel_heading(app) == ["Moscow"]
    source = [plain(c.value) for c in app.caption if new in plain(c.value)]
    assert source and "corrected by the user" in source[0], source
    facts = next(plain(m.value) for m in app.markdown if plain(m.value).startswith("**Moscow**"))
    assert " · 46.7" in facts, facts  # Moscow, Idaho, not 55.75 N
    assert quote_count(app) == place("Moscow").count


def test_use_this_alternative_keeps_the_corrected_place_on_screen(app):
    """The panel follows the correction to the new place (it used to fall back to the prompt)."""
    _, new = moscow_alternative()
    choose(app, "Moscow")
    run(app.button(key="use_alt").click())
    assert panel_heading(app) == ["Moscow"], infos(app)
    shown = [c.value.replace("\\", "") for c in app.caption]
    assert any(new in c and "corrected by the user" in c for c in shown)
    assert quote_count(app) == place("Moscow").count


def test_download_corrections_button_is_there(app, data_dir):
    button = download_corrections(app)
    assert button.disabled
    choose(app, "Baku")
    run(app.button(key="not_place").click())
    assert not download_corrections(app).disabled
    # What the button offers is what the app stored.
    sha = seed_doc().transcript.sha256
    assert corr.load(sha).not_places == {place("Baku").place.place_id}


# --------------------------------------------------------------------------- map options


def test_layers_and_basemap_can_be_changed(app):
    for key in ("layer_points", "layer_lines", "layer_polygons"):
        assert app.checkbox(key=key).value is True
        run(app.checkbox(key=key).uncheck())
        assert app.checkbox(key=key).value is False
    assert "Sergey Lavrov" in title(app)
    for key in ("layer_points", "layer_lines", "layer_polygons"):
        run(app.checkbox(key=key).check())

    basemap = app.radio(key="basemap")
    online = next(o for o in basemap.options if o.startswith("Online"))
    run(basemap.set_value(online))
    assert app.radio(key="basemap").value == online
    offline = next(o for o in basemap.options if o.startswith("Offline"))
    run(app.radio(key="basemap").set_value(offline))
    assert not app.error
    # Layers and basemap are display options: the places and quotes are unchanged.
    choose(app, "Baku")
    assert quote_count(app) == 8


# --------------------------------------------------------------------------- sessions


def test_sessions_are_isolated(data_dir):
    """Two sessions on one data folder: a correction in one leaves the other's view alone."""
    first, second = new_app(), new_app()
    assert "Baku (city, 8)" in options(first)
    assert "Baku (city, 8)" in options(second)

    choose(first, "Baku")
    run(first.button(key="not_place").click())
    assert not [o for o in options(first) if o.startswith("Baku (")]
    assert stored(data_dir)["not_places"]  # the correction reached the shared folder

    run(second)  # the other session reruns after the correction was stored
    assert "Baku (city, 8)" in options(second)
    assert panel_heading(second) == []  # first's selection is not second's
    assert download_corrections(second).disabled

    # A session started afterwards reads the stored corrections.
    third = new_app()
    assert not [o for o in options(third) if o.startswith("Baku (")]
