"""Helpers for the browser tests: a live streamlit server, a network recorder, the
reading view.

Nothing here is a test. The map and its reading panel are drawn by streamlit-folium
inside an iframe (or by an exported HTML page); the page's script keeps an API on
``window.regionmap``. Places are found by name and clicked at a point where the
browser's own hit test lands on them.
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

# The reading view (``regionmap/render/assets/reading.js``) keeps the Leaflet map and an
# API on ``window.regionmap``; every SVG path of a place carries its ``_rmId``.
MAP_READY_JS = """(minimum) => !!window.regionmap &&
    document.querySelectorAll('path.leaflet-interactive').length >= minimum"""

# A container point of the place called ``name`` where the browser's own hit test lands on
# one of its paths: a marker's centre, or a point along a line or an outline.
FEATURE_POINT_JS = """(name) => {
    const rm = window.regionmap, map = rm.map, ids = rm.find(name);
    if (!ids.length) return {error: "no place called " + name};
    const box = map.getContainer().getBoundingClientRect();
    const candidates = [];
    for (const id of ids) {
        const layer = map._rmLayers[id];
        if (!layer) continue;
        if (layer.getLatLng) { candidates.push([id, layer.getLatLng()]); continue; }
        let ring = layer.getLatLngs();
        while (Array.isArray(ring[0])) ring = ring[0];
        for (let i = 0; i + 1 < ring.length; i++)
            candidates.push([id, L.latLng((ring[i].lat + ring[i + 1].lat) / 2,
                                          (ring[i].lng + ring[i + 1].lng) / 2)]);
        for (const ll of ring) candidates.push([id, ll]);
    }
    for (const [id, ll] of candidates) {
        const pt = map.latLngToContainerPoint(ll);
        if (pt.x < 5 || pt.y < 5 || pt.x > box.width - 5 || pt.y > box.height - 5) continue;
        const hit = document.elementFromPoint(box.left + pt.x, box.top + pt.y);
        if (hit && hit._rmId === id) return {x: pt.x, y: pt.y, tooltip: rm.describe(id).tip, id};
    }
    return {error: "no visible point of " + name + " is on top (" + candidates.length + " tried)"};
}"""

# Optionally zoom to (lat, lng); its container point and the tooltips of every place
# stacked under it, topmost first.
LATLNG_POINT_JS = """([lat, lng, zoom]) => {
    const rm = window.regionmap, map = rm.map;
    if (zoom) map.setView([lat, lng], zoom, {animate: false});
    const pt = map.latLngToContainerPoint([lat, lng]);
    const box = map.getContainer().getBoundingClientRect();
    const stack = document.elementsFromPoint(box.left + pt.x, box.top + pt.y)
        .filter(el => el._rmId).map(el => rm.describe(el._rmId).tip);
    return {x: pt.x, y: pt.y, zoom: map.getZoom(), stack};
}"""


class ReadingView:
    """The reading view in one frame: the app's map iframe, or an exported page."""

    def __init__(self, page: Page, frame_locator, net: NetworkRecorder) -> None:
        self.page = page
        self.net = net
        self.root = frame_locator
        self.map = frame_locator.locator(".leaflet-container")
        self.paths = frame_locator.locator("path.leaflet-interactive")
        self.tooltip = frame_locator.locator(".rm-tip")
        self.panel_heading = frame_locator.locator(".rm-name")
        self.labels = frame_locator.locator(".rm-label")

    def tab(self, name: str):
        return self.root.get_by_role("tab", name=name, exact=True)

    def quote_count(self, text: str):
        return self.root.locator(".rm-count").filter(has_text=text)

    def quote(self, text: str):
        """A quote in the panel containing ``text``."""
        return self.root.locator(".rm-quote blockquote").filter(has_text=text)

    def mark(self, text: str):
        return self.root.locator(".rm-quote mark").filter(has_text=text)

    def mention(self, text: str):
        """A mention in the transcript tab."""
        return self.root.locator(".rm-m").filter(has_text=text)

    def expect_selected(self, name: str, timeout: float = 12_000) -> None:
        expect(self.panel_heading).to_have_text(name, timeout=timeout)


class AppPage(ReadingView):
    """The app in one browser page: the reading view in the st_folium iframe, and the
    Streamlit widgets around it."""

    def __init__(self, page: Page, net: NetworkRecorder) -> None:
        super().__init__(page, page.frame_locator(MAP_IFRAME), net)
        self.iframe = page.locator(MAP_IFRAME)

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
            left = max(1_000.0, (deadline - time.monotonic()) * 1000)
            try:
                self.wait_idle(left)
                expect(self.iframe).to_be_visible(timeout=left)
                expect(self.map).to_be_visible(timeout=left)
                self.frame().wait_for_function(MAP_READY_JS, arg=minimum_paths, timeout=left)
                return
            except (Error, AssertionError) as err:  # a rerun replaced the frame meanwhile
                replaced = any(
                    s in str(err) for s in ("detached", "has no frame", "strict mode violation")
                )
                if not replaced or time.monotonic() > deadline:
                    raise

    def feature_point(self, name: str) -> dict:
        point = self.frame().evaluate(FEATURE_POINT_JS, name)
        assert "error" not in point, point["error"]
        return point

    def click_feature(self, name: str) -> dict:
        """Click the place called ``name`` where it is on top; returns the point.

        A rerun that ends while the pointer travels can move the map under it (a notice
        appears above); then the click is made again at the new point.
        """
        from playwright.sync_api import Error

        for attempt in range(3):
            self.wait_idle()
            point = self.feature_point(name)
            self.map.click(position={"x": point["x"], "y": point["y"]})
            try:
                self.frame().wait_for_function(
                    "(id) => window.regionmap.selected() === id", arg=point["id"], timeout=3_000
                )
                return point
            except Error:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def latlng_point(self, lat: float, lng: float, zoom: int | None = None) -> dict:
        return self.frame().evaluate(LATLNG_POINT_JS, [lat, lng, zoom])

    def click_at(self, point: dict) -> None:
        self.map.click(position={"x": point["x"], "y": point["y"]})

    def hover_at(self, point: dict) -> None:
        self.map.hover(position={"x": point["x"], "y": point["y"]})

    def selected_in_app(self):
        """The selection bar under the map (the app's side of the selection)."""
        return self.page.get_by_test_id("stMarkdownContainer").filter(has_text="mentions ·")

    def choose_place(self, label: str) -> None:
        """Pick ``label`` in the 'Select on the map' box (Places tab). A rerun can close
        the list under the pointer; then the choice is made again."""
        for attempt in range(3):
            self.wait_idle()
            box = self.page.get_by_role("combobox", name="Select on the map")
            box.click()
            box.fill(label.split(" (")[0])
            option = self.page.get_by_role("option", name=label, exact=True)
            try:
                expect(option).to_be_visible(timeout=10_000)
                option.click(timeout=10_000)
                return
            except (AssertionError, Exception):
                if attempt == 2:
                    raise


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
