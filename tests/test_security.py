"""Injection payloads are inert in a real Chromium, and sessions do not see each other.

Every payload class known to break folium sits in a quote next to a real place
name. In the live app and in the exported HTML, the reading view's quotes and its
transcript pane must show it literally; in a map whose place names *are*
payloads, the tooltips, labels and the places list must; a link whose values are
payloads must put them in widgets as text or be refused with a message. Nowhere
may a dialog open, ``window.pwned`` be set (in the page or the map's iframe) or
an error reach the console.
"""

from __future__ import annotations

import csv
import io
import threading

import pytest
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

READY = "() => !!window.regionmap && document.querySelectorAll('path.leaflet-interactive').length"
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
    """Quotes, the transcript pane, and a hostile search query carried by the link."""
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    dialogs: list[str] = []
    net = NetworkRecorder()
    _watch(page, dialogs, net)
    page.goto(server.url)
    view = AppPage(page, net)
    view.wait_for_map()
    _paste(page, TEXT)
    expect(page.get_by_role("heading", name="Payload briefing")).to_be_visible(timeout=60_000)
    view.wait_for_map(minimum_paths=1)
    view.choose_place("Baku (city, 8)")
    expect(view.quote_count("8 quotes")).to_be_visible(timeout=30_000)
    for payload in PAYLOADS:
        expect(view.quote(payload.rstrip("\\")).first).to_be_visible()
    view.tab("Transcript").click()
    transcript = view.root.locator(".rm-tab-transcript")
    for payload in PAYLOADS:
        expect(transcript).to_contain_text(payload)
    _assert_inert(page, dialogs, net)
    page.close()


@pytest.mark.browser
def test_a_hostile_link_is_inert(server, chromium):
    """A link whose values are payloads: shown as text or ignored with a message."""
    from regionmap.view.link import Link, to_query

    hostile = PAYLOADS[1]
    link = to_query(Link(doc="builtin", query=hostile, place=f"unresolved:{PAYLOADS[0]}"))
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    dialogs: list[str] = []
    net = NetworkRecorder()
    _watch(page, dialogs, net)
    page.goto(f"{server.url}?{link}&zoom=%3Cscript%3E&hide_kind=%3Cb%3Ex")
    view = AppPage(page, net)
    view.wait_idle()
    search = page.get_by_label("Search places and quotes")
    expect(search).to_have_value(hostile)  # the query is there, as text
    expect(page.get_by_text("Ignored zoom=").first).to_be_visible()
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
    page.wait_for_function(READY)
    page.evaluate("() => window.regionmap.select('geonames:587084')")
    quotes = page.locator(".rm-quotes")
    expect(quotes).to_be_visible()
    for payload in PAYLOADS:
        expect(quotes).to_contain_text(payload)
    page.get_by_role("tab", name="Transcript").click()
    for payload in PAYLOADS:
        expect(page.locator(".rm-tab-transcript")).to_contain_text(payload)
    _assert_inert(page, dialogs, net)
    page.close()


def _hostile_view():
    """A view whose place names are the payloads: markers, routes, and their mentions."""
    from regionmap.places.document import Document, locate, summarise
    from regionmap.places.resolve import Place
    from regionmap.transcript.segment import load_transcript
    from regionmap.vocab import PlaceKind, RouteKind

    words = [f"W{i}" for i in range(2 * len(PAYLOADS))]
    transcript = load_transcript("Names\n" + " and ".join(words) + ".")
    mentions = []
    for i, payload in enumerate(PAYLOADS):
        lon, lat = 40.0 + 3 * i, 40.0 + (i % 3)
        point = Place(f"test:{i}", payload, PlaceKind.CITY, lat, lon, None, 1.0, "test",
                      f'{{"type":"Point","coordinates":[{lon},{lat}]}}')  # fmt: skip
        line = Place(
            f"test:r{i}", payload, PlaceKind.ROUTE, lat - 8, lon, None, 1.0, "test",
            f'{{"type":"LineString","coordinates":[[{lon},{lat - 10}],[{lon + 2},{lat - 6}]]}}',
            route_kind=RouteKind.RAILWAY,
        )  # fmt: skip
        for place, word in ((point, words[2 * i]), (line, words[2 * i + 1])):
            start = (
                transcript.text.index(word + " ")
                if word != words[-1]
                else transcript.text.index(word + ".")
            )
            mentions.append(locate(transcript, start, start + len(word), place, 1.0))
    mentions.sort(key=lambda m: m.start)
    return prepare(Document(transcript, tuple(mentions), summarise(mentions)))


@pytest.mark.browser
def test_payload_place_names_are_literal_in_tooltips_labels_and_lists(tmp_path, chromium):
    path = tmp_path / "names.html"
    path.write_bytes(to_html(_hostile_view()))
    page = chromium.new_page(viewport={"width": 1400, "height": 900})
    dialogs: list[str] = []
    net = NetworkRecorder()
    _watch(page, dialogs, net)
    page.goto(path.as_uri())
    page.wait_for_function(READY)
    tips = []
    for i in range(len(PAYLOADS)):
        point = page.evaluate(f"() => window.regionmap.anchor('test:{i}')")
        page.locator(".leaflet-container").hover(position={"x": point["x"], "y": point["y"]})
        tips.append(page.locator(".rm-tip").text_content())
    labels = page.locator(".rm-label").all_text_contents()
    page.get_by_role("tab", name="Places").click()
    listed = page.locator(".rm-list").text_content()
    for payload in PAYLOADS:
        assert f"{payload} · 2 mentions" in tips or f"{payload} · 1 mention" in tips, tips
        assert payload in listed
    assert any(label in PAYLOADS for label in labels), labels  # drawn as text, not markup
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
