"""Shared fixtures."""

from pathlib import Path

import pytest


@pytest.fixture
def seed_path() -> Path:
    """The seed transcript (Lavrov and Bayramov, Baku, 28 February 2023)."""
    return Path(__file__).resolve().parents[2] / "shared/seed/lavrov-bayramov-baku-2023-02-28.txt"
