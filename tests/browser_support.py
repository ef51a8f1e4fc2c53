"""Helpers for the browser tests: a live streamlit server, a network recorder, the map.

Nothing here is a test. ``test_browser.py`` wraps these in fixtures.

The map is drawn by streamlit-folium inside an iframe; the Leaflet map object is
the iframe's global whose name starts with ``map_`` (streamlit-folium renames
folium's ``map_<hex>`` to ``map_div``). Features are found by their tooltip
text (``tooltip_text()`` in ``regionmap.mapview``: ``"Baku · 8 mentions"``) and
clicked at a point where the browser's own hit test lands on them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Frame, Page, Request, Route, expect

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"data", "blob", "about"}
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def is_local(url: str) -> bool:
    """True for this machine's server and for URLs that never leave the browser."""
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    """``streamlit run streamlit_app.py`` from the repo root, on a free port."""

    def __init__(self, data_dir: Path, log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = log_path
        env = dict(os.environ)
        env["REGIONMAP_DATA"] = str(data_dir)  # REGIONMAP_CACHE stays the user's: warm cache
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "streamlit_app.py",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=REPO,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def log_tail(self, lines: int = 40) -> str:
        self._log.flush()
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def wait_healthy(self, timeout: float = 120.0) -> None:
        """Poll /_stcore/health until it answers ``ok``; the pause between polls is a
        wait on the server process, so a server that dies is noticed at once."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy
        health = f"{self.url}_stcore/health"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with opener.open(health, timeout=5) as response:
                    if response.read().strip() == b"ok":
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            try:
                code = self.process.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                continue
            raise RuntimeError(f"streamlit exited with {code}:\n{self.log_tail()}")
        raise RuntimeError(f"streamlit not healthy after {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self._log.close()


# --------------------------------------------------------------------------- the network


@dataclass
class NetworkRecorder:
    """Every request of a browser context, and the console and page errors of its page.

    Requests to another host are aborted (``route``) and recorded; unless a test
    calls :meth:`expect_outside_attempts`, :meth:`check` fails if there were any.
    """

    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    outside_expected: bool = False

    def on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def on_request_failed(self, request: Request) -> None:
        self.failed[request.url] = request.failure or ""

    def block(self, route: Route) -> None:
        self.blocked.append(route.request.url)
        route.abort("blockedbyclient")

    def on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def on_page_error(self, error) -> None:
        self.page_errors.append(str(error))

    def outside(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]

    def expect_outside_attempts(self) -> None:
        """This test is meant to make the page try other hosts (all of them get aborted)."""
        self.outside_expected = True

    def check(self) -> None:
        outside = self.outside()
        if not self.outside_expected:
            assert not outside, f"requests to other hosts: {sorted(set(outside))[:10]}"
            return
        assert outside, "an outside request was expected and none was attempted"
        not_blocked = [url for url in outside if url not in self.blocked]
        assert not not_blocked, f"outside requests that were not aborted: {not_blocked[:10]}"

    def summary(self) -> str:
        return f"page errors: {self.page_errors[:3]}; console errors: {self.console_errors[:3]}"


# --------------------------------------------------------------------------- the map

_FIND_MAP = """
const findMap = () => Object.keys(window)
    .filter(k => k.startsWith("map_"))
    .map(k => window[k])
    .find(v => window.L && v instanceof L.Map);
const plain = content => {
    if (content instanceof Node) return content.textContent.trim();
    const d = document.createElement("div"); d.innerHTML = String(content);
    return d.textContent.trim();
};
// The tooltip text Leaflet would show over a path layer: its own tooltip, or the one
// its group (a folium GeoJson) binds, which may be a function of the hovered layer.
const tooltipOf = layer => {
    const owners = [layer, ...Object.values(layer._eventParents || {})];
    for (const owner of owners) {
        const tip = owner.getTooltip && owner.getTooltip();
        if (!tip) continue;
        const content = tip._content;
        try { return plain(typeof content === "function" ? content(layer) : content); }
        catch (err) { return null; }
    }
    return null;
};
// Every SVG path layer on the map (folium GeoJson groups hold several).
const allPaths = map => { const out = [];
    map.eachLayer(l => { if (l._path && !out.includes(l)) out.push(l); }); return out; };
"""

MAP_READY_JS = (
    "(minimum) => { "
    + _FIND_MAP
    + "return !!findMap() && document.querySelectorAll('path.leaflet-interactive').length"
    " >= minimum; }"
)

# The container point of a feature whose tooltip starts with ``prefix``, where the
# browser's hit test lands on one of its own SVG paths (marker centre, line midpoints).
FEATURE_POINT_JS = (
    "(prefix) => { "
    + _FIND_MAP
    + """
    const map = findMap();
    const paths = allPaths(map).filter(p => (tooltipOf(p) || "").startsWith(prefix));
    if (!paths.length) return {error: "no feature with a tooltip starting " + prefix};
    const candidates = [];
    for (const p of paths) {
        if (p.getLatLng) { candidates.push(p.getLatLng()); continue; }
        let ring = p.getLatLngs();
        while (Array.isArray(ring[0])) ring = ring[0];
        for (let i = 0; i + 1 < ring.length; i++)
            candidates.push(L.latLng((ring[i].lat + ring[i + 1].lat) / 2,
                                     (ring[i].lng + ring[i + 1].lng) / 2));
        candidates.push(...ring);
    }
    const box = map.getContainer().getBoundingClientRect();
    for (const ll of candidates) {
        const pt = map.latLngToContainerPoint(ll);
        if (pt.x < 5 || pt.y < 5 || pt.x > box.width - 5 || pt.y > box.height - 5) continue;
        const hit = document.elementFromPoint(box.left + pt.x, box.top + pt.y);
        const path = paths.find(p => p._path === hit);
        if (path) return {x: pt.x, y: pt.y, tooltip: tooltipOf(path)};
    }
    return {error: "no visible point of " + prefix + " is on top (" + candidates.length
                   + " tried)"};
}"""
)

# Optionally zoom to (lat, lng); its container point and the tooltips of every feature
# stacked under it, topmost first.
LATLNG_POINT_JS = (
    "([lat, lng, zoom]) => { "
    + _FIND_MAP
    + """
    const map = findMap();
    if (zoom) map.setView([lat, lng], zoom, {animate: false});
    const pt = map.latLngToContainerPoint([lat, lng]);
    const box = map.getContainer().getBoundingClientRect();
    const owners = new Map(allPaths(map).map(p => [p._path, tooltipOf(p)]));
    const stack = document.elementsFromPoint(box.left + pt.x, box.top + pt.y)
        .filter(el => owners.has(el)).map(el => owners.get(el));
    return {x: pt.x, y: pt.y, zoom: map.getZoom(), stack};
}"""
)


class AppPage:
    """The app in one browser page: the map iframe and the quotes panel."""

    def __init__(self, page: Page, net: NetworkRecorder) -> None:
        self.page = page
        self.net = net
        self.iframe = page.locator(MAP_IFRAME)
        self.map = page.frame_locator(MAP_IFRAME).locator(".leaflet-container")
        self.paths = page.frame_locator(MAP_IFRAME).locator("path.leaflet-interactive")
        self.tooltip = page.frame_locator(MAP_IFRAME).locator(".leaflet-tooltip")

    def frame(self) -> Frame:
        """The map's frame as it is now (a rerun may have replaced the iframe)."""
        handle = self.iframe.element_handle()
        frame = handle.content_frame() if handle else None
        assert frame is not None, "the map iframe has no frame"
        return frame

    def wait_idle(self, timeout: float = 90_000) -> None:
        """Wait until the script run is over and one map is on the page (during a rerun
        that changes the layout, Streamlit keeps the old map's iframe for a moment)."""
        expect(self.page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=timeout)
        expect(self.iframe).to_have_count(1, timeout=timeout)

    def wait_for_map(self, minimum_paths: int = 10, timeout: float = 90_000) -> None:
        """Wait until the map shows at least ``minimum_paths`` features. A rerun may
        replace the map's iframe meanwhile: then the new one is waited for."""
        from playwright.sync_api import Error

        deadline = time.monotonic() + timeout / 1000
        while True:
            self.wait_idle(timeout)
            expect(self.iframe).to_be_visible(timeout=timeout)
            expect(self.map).to_be_visible(timeout=timeout)
            left = max(1_000.0, (deadline - time.monotonic()) * 1000)
            try:
                self.frame().wait_for_function(MAP_READY_JS, arg=minimum_paths, timeout=left)
                return
            except (Error, AssertionError) as err:  # the frame went, or is not there yet
                replaced = "detached" in str(err) or "has no frame" in str(err)
                if not replaced or time.monotonic() > deadline:
                    raise

    def feature_point(self, prefix: str) -> dict:
        point = self.frame().evaluate(FEATURE_POINT_JS, prefix)
        assert "error" not in point, point["error"]
        return point

    def click_feature(self, prefix: str) -> dict:
        """Click the feature whose tooltip starts with ``prefix``; returns the point."""
        point = self.feature_point(prefix)
        self.map.click(position={"x": point["x"], "y": point["y"]})
        return point

    def latlng_point(self, lat: float, lng: float, zoom: int | None = None) -> dict:
        return self.frame().evaluate(LATLNG_POINT_JS, [lat, lng, zoom])

    def click_at(self, point: dict) -> None:
        self.map.click(position={"x": point["x"], "y": point["y"]})

    def hover_at(self, point: dict) -> None:
        self.map.hover(position={"x": point["x"], "y": point["y"]})

    def expect_after_click(self, locator, timeout: float = 12_000) -> None:
        """Wait for ``locator`` to show; fail at once if the page throws meanwhile
        (a broken map never answers, so there is no point waiting out the timeout)."""
        deadline = time.monotonic() + timeout / 1000
        while True:
            try:
                expect(locator).to_be_visible(timeout=500)
                return
            except AssertionError:
                assert not self.net.page_errors, (
                    f"page error after the click: {self.net.page_errors}"
                )
                if time.monotonic() > deadline:
                    raise

    # The quotes panel ------------------------------------------------------------

    def heading(self, name: str):
        return self.page.get_by_role("heading", name=name, exact=True)

    @property
    def panel_heading(self):
        """The name of the place the quotes panel shows (the column beside the map)."""
        return self.page.get_by_test_id("stColumn").nth(1).get_by_role("heading", level=3)

    def expect_selected(self, name: str, timeout: float = 12_000) -> None:
        """The quotes panel shows ``name`` (failing with the name it shows instead)."""
        self.expect_after_click(self.panel_heading, timeout)
        expect(self.panel_heading).to_have_text(name, timeout=timeout)

    def quote_count(self, text: str):
        return self.page.get_by_text(text, exact=True)

    def quote(self, text: str):
        """A quote in the panel (a markdown block with a highlighted mention) containing text."""
        return (
            self.page.get_by_test_id("stMarkdownContainer")
            .filter(has=self.page.locator("mark"))
            .filter(has_text=text)
        )

    def mark(self, text: str):
        return self.page.locator("mark").filter(has_text=text)

    def choose_place(self, label: str) -> None:
        """Pick ``label`` in the 'Show the quotes of' select box (Places tab)."""
        box = self.page.get_by_role("combobox", name="Show the quotes of")
        box.click()
        box.fill(label.split(" (")[0])
        option = self.page.get_by_role("option", name=label, exact=True)
        expect(option).to_be_visible()
        option.click()


def download(page: Page, label: str) -> bytes:
    """Click a download button and return the file's bytes.

    A rerun (the map reporting its bounds, say) can replace the button under the
    click; then no download starts, and the click is made once more.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(3):
        button = page.get_by_role("button", name=label, exact=True)
        expect(button).to_be_enabled()
        try:
            with page.expect_download(timeout=15_000) as pending:
                button.click()
            return Path(pending.value.path()).read_bytes()
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")
