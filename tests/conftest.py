"""Shared fixtures: the seed transcript, and for the browser tests one Streamlit server
and one Chromium for the whole session (each test opens its own page: its own session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regionmap.resources import seed_path as packaged_seed


@pytest.fixture
def seed_path() -> Path:
    """The built-in example (Lavrov and Bayramov, Baku, 28 February 2023), as shipped."""
    return packaged_seed()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """``streamlit run streamlit_app.py`` on a free localhost port, shared by every browser
    module (``REGIONMAP_DATA`` in a temporary folder; no test stores corrections there)."""
    from browser_support import StreamlitServer

    folder = tmp_path_factory.mktemp("streamlit")
    server = StreamlitServer(folder / "regionmap-data", folder / "streamlit.log")
    try:
        server.wait_healthy(timeout=120)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium through Playwright, launched once for the session."""
    from playwright.sync_api import sync_playwright

    from browser_support import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
