"""The app in a real Chromium, through Playwright, against a live streamlit server.

One server and one browser for the whole test session (``conftest.py``:
``REGIONMAP_DATA`` in a temporary folder; the user's gazetteer cache is
reused), and a new page (a new Streamlit session) per test. Every request of
every page is recorded; a test fails if the page contacted any host but this
machine, except the one test that switches on the online basemap, where every
outside attempt must have been aborted (requests to other hosts are always
aborted, so the tests run offline).

Waits are conditions (``expect``, ``wait_for_function``), never fixed sleeps.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from browser_support import (
    MAP_IFRAME,
    AppPage,
    NetworkRecorder,
    is_local,
)
from regionmap.resources import SEED_NAME

CLICK_TIMEOUT = 10_000  # ms for the app to answer a map click (about 2 s on a 2-core machine)


@pytest.fixture(scope="module")
def server(app_server):
    return app_server


@pytest.fixture(scope="module")
def browser_context(chromium):
    """One context (a shared HTTP cache) for the module; each test opens its own page,
    which is its own Streamlit session."""
    context = chromium.new_context(
        viewport={"width": 1400, "height": 1000}, service_workers="block"
    )
    yield context
    context.close()


@pytest.fixture
def net() -> NetworkRecorder:
    return NetworkRecorder()


@pytest.fixture
def app(server, browser_context, net):
    """The app in a new page (a new session), its map drawn; checks the network afterwards."""
    page = browser_context.new_page()
    page.on("request", net.on_request)
    page.on("requestfailed", net.on_request_failed)
    page.route(lambda url: not is_local(url), net.block)
    page.on("console", net.on_console)
    page.on("pageerror", net.on_page_error)
    page.set_default_timeout(30_000)
    try:
        page.goto(server.url)
        view = AppPage(page, net)
        view.wait_for_map()
        yield view
    finally:
        page.close()
    net.check()


# --------------------------------------------------------------------------- tests

BAKU = "geonames:587084"


def layer_colour(app: AppPage, place_id: str) -> str:
    return app.frame().evaluate(
        "(id) => window.regionmap.map._rmLayers[id].options.color", place_id
    )


def highlight() -> str:
    from regionmap.render.style import HIGHLIGHT

    return HIGHLIGHT


@pytest.mark.browser
def test_map_is_drawn_offline(app, net):
    expect(app.iframe).to_be_visible()
    expect(app.map).to_be_visible()
    assert app.paths.count() >= 10
    # A new session: nothing selected, and no Python exception on the page.
    expect(app.root.get_by_text("to read every quote that mentions it")).to_be_visible()
    expect(app.page.get_by_test_id("stException")).to_have_count(0)
    assert [url for url in net.requests if url.startswith("http://127.0.0.1")]
    assert not net.page_errors, net.page_errors
    assert not net.console_errors, net.console_errors


@pytest.mark.browser
def test_map_click_shows_the_quotes_and_leads_into_the_transcript(app, net):
    """map → panel → transcript"""
    point = app.click_feature("Baku")
    assert point["tooltip"] == "Baku · 8 mentions"
    app.expect_selected("Baku", CLICK_TIMEOUT)
    expect(app.quote_count("8 quotes")).to_be_visible()
    expect(app.quote("hospitable and sunny")).to_be_visible()
    assert layer_colour(app, BAKU) == highlight()
    outline = "(id) => getComputedStyle(window.regionmap.map._rmLayers[id]._path).outlineStyle"
    assert app.frame().evaluate(outline, BAKU) == "none"  # no focus box around what was clicked
    app.quote("hospitable and sunny").locator("xpath=..").get_by_role(
        "button", name="Read in transcript"
    ).click()
    expect(app.tab("Transcript")).to_have_attribute("aria-selected", "true")
    marked = app.root.locator(".rm-m.rm-on").filter(has_text="Baku")
    expect(marked).to_have_count(8)
    expect(marked.nth(1)).to_be_in_viewport()
    # The app learns the selection (for corrections and the link) after the page answered.
    expect(app.page.get_by_text("Correct this place")).to_be_visible(timeout=CLICK_TIMEOUT)
    assert not net.page_errors, net.page_errors


@pytest.mark.browser
def test_transcript_mention_selects_its_place_on_the_map(app):
    """transcript mention → map highlight"""
    app.tab("Transcript").click()
    app.root.locator(".rm-m").get_by_text("Nakhichevan", exact=True).first.click()
    app.expect_selected("Nakhchivan Autonomous Republic")
    place_id = app.frame().evaluate("() => window.regionmap.selected()")
    assert layer_colour(app, place_id) == highlight()
    expect(app.tab("Transcript")).to_have_attribute("aria-selected", "true")  # reading goes on
    expect(app.root.locator(".rm-m.rm-on").first).to_be_visible()


@pytest.mark.browser
def test_the_places_list_and_the_table_select_on_the_map(app):
    """list/table → map, both the panel's list and the app's table"""
    app.tab("Places").click()
    app.root.locator(".rm-list button").filter(has_text="Moscow").click()
    app.expect_selected("Moscow")
    assert layer_colour(app, "geonames:524901") == highlight()
    app.choose_place("Yerevan (city, 2)")  # the app's side: the page follows
    app.expect_selected("Yerevan", CLICK_TIMEOUT)
    assert app.frame().evaluate("() => window.regionmap.selected()") == "geonames:616052"


@pytest.mark.browser
def test_show_on_map_brings_the_place_into_view(app):
    """quote → map: a place out of view is brought into view, a visible one stays put"""
    app.click_feature("Baku")
    app.expect_selected("Baku")
    app.frame().evaluate("() => window.regionmap.map.setView([50.85, 4.35], 7, {animate: false})")
    in_view = (
        "(id) => { const m = window.regionmap.map;"
        " return m.getBounds().contains(m._rmLayers[id].getLatLng()); }"
    )
    assert not app.frame().evaluate(in_view, BAKU)
    app.root.get_by_role("button", name="Show on map").first.click()
    app.frame().wait_for_function(in_view, arg=BAKU, timeout=CLICK_TIMEOUT)
    zoom = app.frame().evaluate("() => window.regionmap.map.getZoom()")
    app.root.get_by_role("button", name="Show on map").nth(1).click()
    assert app.frame().evaluate("() => window.regionmap.map.getZoom()") == zoom  # kept


@pytest.mark.browser
def test_clicking_the_rasht_astara_line_shows_its_quote(app, net):
    app.latlng_point(38.0, 49.2, zoom=7)  # a short line: the reader zooms in on it
    point = app.click_feature("Rasht–Astara railway")
    assert point["tooltip"] == "Rasht–Astara railway · 1 mention"
    app.expect_selected("Rasht–Astara railway", CLICK_TIMEOUT)
    expect(app.quote_count("1 quote")).to_be_visible()
    expect(app.mark("Rasht-Astara section")).to_be_visible()
    assert not net.page_errors, net.page_errors


@pytest.mark.browser
def test_clicking_inside_nakhchivan_shows_its_quote(app, net):
    """The small region is clickable although larger ones (the Soviet Union) contain it."""
    point = app.latlng_point(39.35, 45.25, zoom=7)
    assert point["stack"][0] == "Nakhchivan Autonomous Republic · 1 mention", point
    app.click_at(point)
    app.expect_selected("Nakhchivan Autonomous Republic", CLICK_TIMEOUT)
    expect(app.mark("Nakhichevan")).to_be_visible()
    assert not net.page_errors, net.page_errors


@pytest.mark.browser
def test_a_double_click_zooms_without_selecting(app):
    point = app.latlng_point(40.6, 47.5)  # central Azerbaijan: a region, no marker
    zoom = point["zoom"]
    app.map.dblclick(position={"x": point["x"], "y": point["y"]})
    app.frame().wait_for_function(f"() => window.regionmap.map.getZoom() > {zoom}")
    expect(app.root.get_by_text("to read every quote that mentions it")).to_be_visible()
    assert app.frame().evaluate("() => window.regionmap.selected()") is None


@pytest.mark.browser
def test_every_place_is_clickable_and_labels_do_not_overlap(app):
    """At the default view every marker has a point where it is on top (overlapping
    markers are spread apart), labels stay inside the frame and never overlap."""
    names = app.frame().evaluate(
        "() => window.regionmap.places().map(id => window.regionmap.describe(id))"
        ".filter(d => window.regionmap.map._rmLayers[d.id]"
        " && window.regionmap.map._rmLayers[d.id].getLatLng).map(d => d.name)"
    )
    assert "Qusar" in names and "Baku" in names
    for name in names:
        assert app.feature_point(name)["tooltip"].startswith(name)
    labels = app.frame().evaluate("() => window.regionmap.labels()")
    box = app.frame().evaluate(
        "() => { const r = window.regionmap.map.getContainer().getBoundingClientRect();"
        " return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }"
    )
    assert {"Baku", "Moscow"} <= {label["text"] for label in labels}
    for i, a in enumerate(labels):
        assert box["left"] <= a["left"] and a["right"] <= box["right"], a
        assert box["top"] <= a["top"] and a["bottom"] <= box["bottom"], a
        for b in labels[i + 1 :]:
            apart = (a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"]
                     or b["bottom"] <= a["top"])  # fmt: skip
            assert apart, (a, b)


@pytest.mark.browser
def test_tooltips_stay_inside_the_frame(app):
    point = app.feature_point("Almaty")
    app.frame().evaluate(
        "([x, y]) => { const m = window.regionmap.map;"
        " m.panBy([x - m.getSize().x + 8, 0], {animate: false}); }",
        [point["x"], point["y"]],
    )
    point = app.feature_point("Almaty")  # now at the frame's right edge
    app.hover_at(point)
    expect(app.tooltip).to_have_text("Almaty · 2 mentions")
    tip = app.tooltip.bounding_box()
    frame = app.map.bounding_box()
    assert frame["x"] <= tip["x"] and tip["x"] + tip["width"] <= frame["x"] + frame["width"]


@pytest.mark.browser
def test_online_basemap_tries_the_tile_server_and_is_blocked(app, net):
    net.expect_outside_attempts()
    assert not net.outside()  # the offline map contacted nobody
    online = app.page.get_by_text("Online: OpenStreetMap tiles (contacts a server)")
    with app.page.expect_event(
        "requestfailed", predicate=lambda r: not is_local(r.url), timeout=30_000
    ) as failed:
        online.click()
    request = failed.value
    assert "openstreetmap" in (urlsplit(request.url).hostname or ""), request.url
    assert request.failure, request.url  # aborted by the route, before any byte left
    assert request.url in net.blocked
    expect(app.page.frame_locator(MAP_IFRAME).locator("img.leaflet-tile").first).to_be_attached()


@pytest.mark.browser
def test_a_region_clicked_after_a_marker_is_the_one_under_the_pointer(app, net):
    app.click_feature("Baku")
    app.expect_selected("Baku", CLICK_TIMEOUT)
    point = app.latlng_point(40.6, 47.5, zoom=6)  # central Azerbaijan, no marker or line
    assert "Azerbaijan · 26 mentions" in point["stack"], point
    app.hover_at(point)
    expect(app.tooltip).to_have_text(point["stack"][0])
    app.click_at(point)
    app.expect_selected(point["stack"][0].split(" · ")[0], CLICK_TIMEOUT)
    assert not net.page_errors, net.page_errors


@pytest.mark.browser
def test_uploaded_transcripts_show_all_their_places(app, net, tmp_path):
    """A second and a third transcript, with speakers of their own, open with every place
    drawn and listed; the built-in example does too when the user switches back."""
    from pathlib import Path

    from regionmap import analyse, prepare

    fixtures = Path(__file__).parent / "fixtures" / "app"
    page = app.page
    page.get_by_text("Upload a file", exact=True).click()
    region = page.get_by_role("region", name="Transcript (.txt .md .html .docx)")
    expect(region).to_be_visible()
    uploader = region.locator('input[type="file"]')
    for name in ("summit.txt", "lisbon.txt"):
        view = prepare(analyse(fixtures / name))
        app.wait_idle()
        uploader.set_input_files(str(fixtures / name))
        expect(region.get_by_text(name)).to_be_visible()
        expect(page.get_by_role("heading", name=view.transcript.title)).to_be_visible(
            timeout=60_000
        )
        expect(page.get_by_text(f"{len(view.places)} places", exact=False)).to_be_visible()
        app.wait_for_map(minimum_paths=len(view.layers))
        expect(app.paths).to_have_count(len(view.layers))  # every drawable place is drawn
        expect(page.get_by_text("The filters hide")).to_have_count(0)
        page.get_by_role("tab", name="Places").click()
        rows = page.get_by_test_id("stDataFrame")
        expect(rows).to_be_visible()
    page.get_by_text("Built-in example", exact=True).click()
    seed = prepare(analyse(fixtures.parents[2] / "geodata" / "examples" / SEED_NAME))
    expect(page.get_by_role("heading", name=seed.transcript.title)).to_be_visible(timeout=60_000)
    app.wait_for_map(minimum_paths=len(seed.layers))
    expect(app.paths).to_have_count(len(seed.layers))
    expect(page.get_by_text("The filters hide")).to_have_count(0)
    assert not net.page_errors, net.page_errors


@pytest.mark.browser
def test_a_paragraph_brings_its_places_into_view(app):
    """Selecting a paragraph frames its places and marks them on the map."""
    app.frame().evaluate("() => window.regionmap.map.setView([50.85, 4.35], 8, {animate: false})")
    app.tab("Transcript").click()
    paragraph = app.root.locator(".rm-par").filter(has_text="Last December we met twice")
    paragraph.locator(".rm-pn").click()
    both = (
        "() => { const m = window.regionmap.map;"
        " return ['geonames:524901', 'geonames:587084'].every(id =>"
        " m.getBounds().contains(m._rmLayers[id].getLatLng())); }"
    )
    app.frame().wait_for_function(both, timeout=CLICK_TIMEOUT)
    assert layer_colour(app, "geonames:524901") == highlight()
    assert layer_colour(app, "geonames:587084") == highlight()
    expect(paragraph).to_have_class(re.compile("rm-focus"))


@pytest.mark.browser
def test_the_link_reopens_the_view_in_a_fresh_browser(app, chromium, net):
    """The URL holds the transcript, the place, the filters and the map view."""
    from urllib.parse import parse_qs, urlsplit

    app.page.get_by_label("Speakers").locator("xpath=..").get_by_role(
        "button", name="Remove Question"
    ).click()
    app.wait_for_map()
    app.click_feature("Moscow")
    app.expect_selected("Moscow")
    app.page.wait_for_function(
        "() => location.search.includes('place=geonames') && location.search.includes('zoom=')"
    )
    link = app.page.url
    params = parse_qs(urlsplit(link).query, keep_blank_values=True)
    assert params["doc"] == ["builtin"] and params["place"] == ["geonames:524901"]
    assert params["hide_speaker"] == ["Question"]
    zoom = app.frame().evaluate("() => window.regionmap.map.getZoom()")
    assert "Baku" not in link and "Lavrov" not in link  # nothing of the text itself

    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    other = AppPage(context.new_page(), net)
    other.page.route(lambda url: not is_local(url), net.block)
    other.page.goto(link)
    other.wait_for_map()
    other.expect_selected("Moscow", CLICK_TIMEOUT)
    speakers = other.page.get_by_label("Speakers").locator("xpath=..")
    expect(speakers.get_by_role("button", name="Remove Question")).to_have_count(0)
    expect(speakers.get_by_role("button", name="Remove Sergey Lavrov")).to_have_count(1)
    other.frame().wait_for_function(f"() => window.regionmap.map.getZoom() === {zoom}")
    context.close()


@pytest.mark.browser
def test_the_exported_page_answers_clicks_from_disk(chromium, tmp_path):
    """The same reading view in one HTML file opened from disk: click, read, transcript."""
    from browser_support import ReadingView
    from regionmap import analyse, prepare
    from regionmap.render.html import to_html
    from regionmap.resources import seed_path

    path = tmp_path / "seed.html"
    path.write_bytes(to_html(prepare(analyse(seed_path()))))
    page = chromium.new_page(viewport={"width": 1400, "height": 900})
    net = NetworkRecorder()
    page.on("request", net.on_request)
    page.on("pageerror", net.on_page_error)
    page.route(lambda url: url.startswith(("http:", "https:")), net.block)
    page.goto(path.as_uri())
    page.wait_for_function("() => !!window.regionmap")
    view = ReadingView(page, page, net)
    expect(page.locator(".rm-title")).to_contain_text("Sergey Lavrov")
    expect(page.locator(".rm-meta")).to_contain_text("2023-02-28 · Baku · Speakers:")
    expect(page.locator(".rm-legend")).to_contain_text("railway")
    point = page.evaluate("() => window.regionmap.anchor('geonames:587084')")
    view.map.click(position={"x": point["x"], "y": point["y"]})
    view.expect_selected("Baku")
    expect(view.quote_count("8 quotes")).to_be_visible()
    view.quote("hospitable and sunny").locator("xpath=..").get_by_role(
        "button", name="Read in transcript"
    ).click()
    expect(page.locator(".rm-m.rm-on").filter(has_text="Baku")).to_have_count(8)
    assert not net.page_errors, net.page_errors
    assert not [u for u in net.requests if u.startswith(("http:", "https:"))]
    page.close()
