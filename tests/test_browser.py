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


@pytest.mark.browser
def test_map_is_drawn_offline(app, net):
    expect(app.iframe).to_be_visible()
    expect(app.map).to_be_visible()
    assert app.paths.count() >= 10
    # A new session: nothing selected, and no Python exception on the page.
    expect(app.page.get_by_text("Click a place, route or region on the map")).to_be_visible()
    expect(app.page.get_by_test_id("stException")).to_have_count(0)
    assert [url for url in net.requests if url.startswith("http://127.0.0.1")]
    assert not net.page_errors, net.page_errors
    assert not net.console_errors, net.console_errors


@pytest.mark.browser
def test_clicking_the_baku_marker_shows_its_quotes(app, net):
    point = app.feature_point("Baku ·")
    assert point["tooltip"] == "Baku · 8 mentions"
    app.hover_at(point)
    expect(app.tooltip).to_have_text("Baku · 8 mentions")
    app.click_at(point)
    app.expect_selected("Baku", CLICK_TIMEOUT)
    expect(app.quote_count("8 quotes")).to_be_visible()
    expect(app.quote("hospitable and sunny")).to_be_visible()
    assert not net.page_errors, net.page_errors


@pytest.mark.browser
def test_clicking_the_rasht_astara_line_shows_its_quote(app, net):
    point = app.click_feature("Rasht–Astara railway ·")
    assert point["tooltip"] == "Rasht–Astara railway · 1 mention"
    app.expect_selected("Rasht–Astara railway", CLICK_TIMEOUT)
    expect(app.quote_count("1 quote")).to_be_visible()
    expect(app.mark("Rasht-Astara section")).to_be_visible()
    assert not net.page_errors, net.page_errors


@pytest.mark.browser
def test_clicking_inside_nakhchivan_shows_its_quote(app, net):
    """The small region is clickable although larger ones (the Soviet Union) contain it."""
    # Zoomed in, the point is well inside the exclave and far from every marker and line.
    point = app.latlng_point(39.35, 45.25, zoom=7)
    assert "Nakhchivan Autonomous Republic · 1 mention" in point["stack"], point
    assert not [t for t in point["stack"] if t and t.startswith(("Yerevan", "Zangezur"))], point
    app.click_at(point)
    app.expect_selected("Nakhchivan Autonomous Republic", CLICK_TIMEOUT)
    expect(app.mark("Nakhichevan")).to_be_visible()
    assert not net.page_errors, net.page_errors


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
def test_clicking_a_marker_again_after_choosing_another_place(app):
    """A click on the place clicked before still selects it (the app counts clicks)."""
    app.click_feature("Baku ·")
    app.expect_after_click(app.quote_count("8 quotes"), CLICK_TIMEOUT)
    app.choose_place("Moscow (city, 7)")
    app.expect_selected("Moscow", CLICK_TIMEOUT)
    expect(app.quote_count("7 quotes")).to_be_visible()
    app.click_feature("Baku ·")
    app.expect_selected("Baku", CLICK_TIMEOUT)


@pytest.mark.browser
def test_a_region_clicked_after_a_marker_is_the_one_its_tooltip_names(app, net):
    """Regions report their own tooltip: a region clicked after a marker is not taken for
    the marker again, and the panel shows the place the hover tooltip named."""
    app.click_feature("Baku ·")
    app.expect_selected("Baku", CLICK_TIMEOUT)
    point = app.latlng_point(40.6, 47.5, zoom=6)  # central Azerbaijan, no marker or line
    assert "Azerbaijan · 26 mentions" in point["stack"], point
    assert point["stack"][0], point  # the topmost feature there has a tooltip
    app.hover_at(point)
    expect(app.tooltip.first).to_have_text(point["stack"][0])
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
