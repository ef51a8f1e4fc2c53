"""Locate the shipped ``geodata/`` folder and the user's cache and data folders.

In an installed wheel the data sits inside the package (``regionmap/geodata``);
in a source checkout it is the top-level ``geodata/`` folder. The seed transcript
ships inside it too, so the built-in example works from any directory.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from regionmap.errors import DataError

__all__ = ["cache_dir", "data_dir", "geodata_dir", "geodata_path", "seed_path"]

SEED_NAME = "lavrov-bayramov-baku-2023-02-28.txt"


@cache
def geodata_dir() -> Path:
    """The folder that holds regionmap's data files.

    ``REGIONMAP_GEODATA`` overrides it (tests use this to feed broken data).

    Examples
    --------
    >>> (geodata_dir() / "countries.geojson").is_file()
    True
    """
    from importlib.resources import files

    override = os.environ.get("REGIONMAP_GEODATA")
    candidates = [Path(override)] if override else []
    candidates += [
        Path(str(files("regionmap") / "geodata")),
        Path(__file__).resolve().parents[2] / "geodata",
    ]
    for folder in candidates:
        if (folder / "countries.geojson").is_file():
            return folder
    raise DataError(
        "regionmap's geodata folder is missing (looked in "
        + ", ".join(str(c) for c in candidates)
        + "); reinstall the package with 'pip install regionmap'"
    )


def geodata_path(name: str) -> Path:
    """A file in the geodata folder; :class:`DataError` when it is missing."""
    path = geodata_dir() / name
    if not path.is_file():
        raise DataError(f"geodata file {name} is missing from {geodata_dir()}; reinstall regionmap")
    return path


def seed_path() -> Path:
    """The built-in example transcript (Lavrov and Bayramov, Baku, 2023-02-28)."""
    return geodata_path(f"examples/{SEED_NAME}")


def cache_dir() -> Path:
    """Per-user cache folder (``REGIONMAP_CACHE`` overrides it)."""
    override = os.environ.get("REGIONMAP_CACHE")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("regionmap", appauthor=False))


def data_dir() -> Path:
    """Per-user data folder: corrections, the transcripts folder (``REGIONMAP_DATA``
    overrides it)."""
    override = os.environ.get("REGIONMAP_DATA")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("regionmap", appauthor=False))
