"""Injection payloads are inert in a real Chromium, and sessions do not see each other.

Every payload class known to break folium sits in a quote next to a real place
name. In the live app the quotes panel must show it literally; in the exported
HTML the popup must; in a map whose place names *are* payloads, the tooltips and
route labels must. Nowhere may a dialog open, ``window.pwned`` be set (in the
page or the map's iframe) or an error reach the console.
"""

from __future__ import annotations

import csv
import io
import threading

import geopandas as gpd
import pytest
import shapely
from playwright.sync_api import expect

from browser_support import (
    AppPage,
    NetworkRecorder,
    download,
    is_local,
)
from regionmap import analyse, prepare
from regionmap.render.escape import leaflet_text
from regionmap.render.html import to_html
from regionmap.render.mapview import build_map
from regionmap.view.layers import COLUMNS, Layers

MAP_DRAWN = (
    "() => Object.values(window).some(v => window.L && v instanceof L.Map)"
    " && document.querySelectorAll('path.leaflet-interactive').length > 0"
)
PAYLOADS = [
    "<script>window.pwned=1</script>",
    '<img src=x onerror="window.pwned=1">',
    "</script><script>window.pwned=1</script>",
    "${(window.pwned=1)}",
    "a lone ` backtick",
    "\\1 and a backslash at the end\\",
    "O'Hare and \"quoted\" Côte d'Ivoire",
    "<!-- comment and ]]> end",
]
TEXT = "Payload briefing\n" + "\n".join(
    f"Paragraph {i}: In Baku the note said {p}" for i, p in enumerate(PAYLOADS)
)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_leaflet_text_leaves_no_syntax(payload):
    safe = leaflet_text(payload)
    for bad in ("<", ">", "`", "${", "\\", "\n"):
        assert bad not in safe


def _watch(page, dialogs: list, net: NetworkRecorder) -> None:
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", net.on_request)
    page.on("console", net.on_console)
    page.on("pageerror", net.on_page_error)
    page.route(_outside, net.block)


def _outside(url: str) -> bool:
    """A request that would leave the machine (file: pages are the test's own)."""
    return url.startswith(("http:", "https:", "ws:", "wss:")) and not is_local(url)


def _assert_inert(page, dialogs: list, net: NetworkRecorder) -> None:
    assert dialogs == []
    assert page.evaluate("typeof window.pwned") == "undefined"
    for frame in page.frames:
        assert frame.evaluate("typeof window.pwned") == "undefined", frame.url
    assert net.page_errors == []
    assert net.console_errors == []
    net.requests = [u for u in net.requests if not u.startswith("file:")]
    net.check()


@pytest.fixture(scope="module")
def server(app_server):
    return app_server


def _paste(page, text: str) -> None:
    page.get_by_text("Paste text", exact=True).click()
    area = page.get_by_label("Transcript text")
    area.fill(text)
    area.press("Control+Enter")


@pytest.mark.browser
def test_payloads_are_literal_in_the_live_app(server, chromium):
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    dialogs: list[str] = []
    net = NetworkRecorder()
    _watch(page, dialogs, net)
    page.goto(server.url)
    view = AppPage(page, net)
    view.wait_for_map()
    _paste(page, TEXT)
    expect(page.get_by_role("heading", name="Payload briefing")).to_be_visible(timeout=60_000)
    view.choose_place("Baku (city, 8)")
    expect(page.get_by_text("8 quotes", exact=True)).to_be_visible(timeout=30_000)
    for payload in PAYLOADS:
        expect(view.quote(payload.rstrip("\\")).first).to_be_visible()
    view.wait_for_map(minimum_paths=1)  # the map of the pasted text is drawn too
    _assert_inert(page, dialogs, net)
    page.close()


@pytest.mark.browser
def test_payloads_are_literal_in_exported_html(tmp_path, chromium):
    doc = analyse(TEXT)
    path = tmp_path / "payloads.html"
    path.write_bytes(to_html(prepare(doc)))
    page = chromium.new_page(viewport={"width": 1200, "height": 800})
    dialogs: list[str] = []
    net = NetworkRecorder()
    _watch(page, dialogs, net)
    page.goto(path.as_uri())
    page.wait_for_function(MAP_DRAWN)
    page.evaluate("""() => {
        const map = Object.values(window).find(v => window.L && v instanceof L.Map);
        map.eachLayer(l => { if (l.feature && l.getPopup && l.getPopup()
            && l.feature.properties.label.startsWith("Baku")) l.openPopup(); });
    }""")
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    for payload in PAYLOADS:
        expect(popup).to_contain_text(payload.replace("\n", " "))
    _assert_inert(page, dialogs, net)
    page.close()


def _hostile_layers() -> Layers:
    rows = []
    points, lines = [], []
    for i, payload in enumerate(PAYLOADS):
        row = dict.fromkeys(COLUMNS, None)
        row.update(
            place_id=f"test:{i}",
            name=payload,
            kind="city",
            count=1,
            speakers="",
            confidence=1.0,
            source="test",
            inferred=False,
            lat=40.0 + i,
            lon=40.0 + 2 * i,
        )
        rows.append(row)
        points.append(shapely.Point(40.0 + 2 * i, 40.0 + i))
        lines.append(shapely.LineString([(30.0 + 2 * i, 30.0), (31.0 + 2 * i, 35.0)]))
    line_rows = [dict(r, kind="route", source="test (railway, proposed; x)") for r in rows]
    empty = gpd.GeoDataFrame(columns=list(COLUMNS), geometry=[], crs="EPSG:4326")
    return Layers(
        gpd.GeoDataFrame(rows, geometry=points, crs="EPSG:4326"),
        gpd.GeoDataFrame(line_rows, geometry=lines, crs="EPSG:4326"),
        empty,
    )


@pytest.mark.browser
def test_payload_place_names_are_literal_in_tooltips_and_labels(tmp_path, chromium):
    path = tmp_path / "names.html"
    path.write_text(build_map(_hostile_layers()).get_root().render(), encoding="utf-8")
    page = chromium.new_page(viewport={"width": 1200, "height": 800})
    dialogs: list[str] = []
    net = NetworkRecorder()
    _watch(page, dialogs, net)
    page.goto(path.as_uri())
    page.wait_for_function(MAP_DRAWN)
    tooltips = page.evaluate("""() => {
        const map = Object.values(window).find(v => window.L && v instanceof L.Map);
        const out = [];
        map.eachLayer(l => { if (l.feature && l.getTooltip && l.getTooltip()) {
            l.openTooltip(); out.push(l.getTooltip().getElement().textContent); } });
        return out;
    }""")
    labels = page.locator(".rm-route-label").all_text_contents()
    for payload in PAYLOADS:
        assert f"{payload.replace(chr(10), ' ')} · 1 mention" in tooltips
        assert payload in labels
    _assert_inert(page, dialogs, net)
    page.close()


@pytest.mark.browser
def test_two_sessions_see_only_their_own_places_and_downloads(server, chromium):
    texts = {
        "a": "Briefing A\nWe met in Baku and spoke of Armenia.",
        "b": "Briefing B\nWe met in Paris and spoke of Brazil.",
    }
    contexts = {
        k: chromium.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        for k in texts
    }
    pages = {k: c.new_page() for k, c in contexts.items()}
    nets = {k: NetworkRecorder() for k in texts}
    for k, page in pages.items():
        page.on("request", nets[k].on_request)
        page.route(_outside, nets[k].block)
        page.goto(server.url)
        AppPage(page, nets[k]).wait_for_map()
    for k, page in pages.items():  # both edits in flight before either is checked
        _paste(page, texts[k])
    own = {"a": ("Baku", "Armenia"), "b": ("Paris", "Brazil")}
    for k, page in pages.items():
        other = own["b" if k == "a" else "a"]
        expect(page.get_by_role("heading", name=f"Briefing {k.upper()}")).to_be_visible(
            timeout=60_000
        )
        data = download(page, "CSV").decode("utf-8-sig")
        places = {row["name"] for row in csv.DictReader(io.StringIO(data))}
        assert set(own[k]) <= places
        assert not places & set(other)
        nets[k].check()
    for context in contexts.values():
        context.close()


def test_nothing_is_shared_between_threads_of_one_gazetteer():
    """Two threads analysing different texts at once with the one shared gazetteer."""
    from regionmap import load_gazetteer

    gazetteer = load_gazetteer()
    results = {}

    def work(name, text):
        results[name] = [s.place.name for s in analyse(text, gazetteer=gazetteer).places]

    threads = [
        threading.Thread(target=work, args=(n, t))
        for n, t in (("a", "Talks\nBaku and Armenia."), ("b", "Talks\nParis and Brazil."))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {"a": ["Baku", "Armenia"], "b": ["Paris", "Brazil"]}
