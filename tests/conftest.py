"""Shared fixtures."""

from pathlib import Path

import pytest

from regionmap.resources import seed_path as packaged_seed


@pytest.fixture
def seed_path() -> Path:
    """The built-in example (Lavrov and Bayramov, Baku, 28 February 2023), as shipped."""
    return packaged_seed()
