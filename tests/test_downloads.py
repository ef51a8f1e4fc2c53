"""The app's download buttons give the same bytes as the command line for the same state."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    AppPage,
    NetworkRecorder,
    StreamlitServer,
    download,
    is_local,
)
from regionmap.resources import seed_path


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("downloads")
    server = StreamlitServer(folder / "data", folder / "streamlit.log")
    try:
        server.wait_healthy(timeout=120)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(
                viewport={"width": 1400, "height": 1000}, accept_downloads=True
            )
            net = NetworkRecorder()
            page = context.new_page()
            page.on("request", net.on_request)
            page.route(lambda url: not is_local(url), net.block)
            page.goto(server.url)
            AppPage(page, net).wait_for_map()
            yield page
            net.check()
            browser.close()
    finally:
        server.stop()


def _download(page, label: str) -> bytes:
    return download(page, label)


def _cli(tmp_path: Path, fmt: str) -> bytes:
    out = tmp_path / f"seed.{fmt}"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "regionmap",
            "export",
            "--format",
            fmt,
            str(seed_path()),
            "-o",
            str(out),
        ],
        check=True,
        timeout=300,
    )
    return out.read_bytes()


@pytest.mark.browser
@pytest.mark.parametrize(("label", "fmt"), [("CSV", "csv"), ("GeoJSON", "geojson")])
def test_download_equals_the_cli(page, tmp_path, label, fmt):
    assert _download(page, label) == _cli(tmp_path, fmt)


@pytest.mark.browser
def test_png_and_html_downloads_work_offline(page):
    png = _download(page, "PNG")
    assert png.startswith(b"\x89PNG")
    html = _download(page, "HTML").decode("utf-8")
    assert "hospitable and sunny Baku" in html
    assert "https://" not in html.split("</head>")[0]
