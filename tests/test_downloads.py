"""The app's download buttons give the same bytes as the command line for the same state."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import (
    AppPage,
    NetworkRecorder,
    download,
    is_local,
)
from regionmap.cli import main
from regionmap.resources import seed_path


@pytest.fixture(scope="module")
def page(app_server, chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    net = NetworkRecorder()
    page = context.new_page()
    page.on("request", net.on_request)
    page.route(lambda url: not is_local(url), net.block)
    page.goto(app_server.url)
    AppPage(page, net).wait_for_map()
    yield page
    net.check()
    context.close()


def _cli(tmp_path: Path, fmt: str, monkeypatch) -> bytes:
    """The same export from the command line, run where the file's name is its path (the
    app names an uploaded or built-in transcript by its file name)."""
    out = tmp_path / f"seed.{fmt}"
    monkeypatch.chdir(seed_path().parent)
    assert main(["export", "--format", fmt, seed_path().name, "-o", str(out)]) == 0
    return out.read_bytes()


@pytest.mark.browser
@pytest.mark.parametrize(("label", "fmt"), [("CSV", "csv"), ("GeoJSON", "geojson")])
def test_download_equals_the_cli(page, tmp_path, monkeypatch, label, fmt):
    assert download(page, label) == _cli(tmp_path, fmt, monkeypatch)


@pytest.mark.browser
def test_png_and_html_downloads_work_offline(page):
    png = download(page, "PNG")
    assert png.startswith(b"\x89PNG")
    html = download(page, "HTML").decode("utf-8")
    assert "hospitable and sunny Baku" in html
    assert "https://" not in html.split("</head>")[0]
