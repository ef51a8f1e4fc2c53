"""The curated geodata files, read strictly, and the places they add to the index.

``geodata/`` holds regions and waters (``regions.geojson``), routes
(``routes.geojson``), aliases and demonyms of places (``aliases.csv``,
``demonyms.csv``) and word lists. A missing, truncated or wrongly shaped file
stops the build with a :class:`~regionmap.errors.DataError` that names it; a
region whose label point is off the globe is dropped (with its aliases) by the
builder.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Protocol

from regionmap.errors import DataError
from regionmap.places.index import DEMONYM, PREFERRED, PRIMARY
from regionmap.resources import geodata_dir, geodata_path
from regionmap.vocab import RouteKind, RouteStatus


class _Builder(Protocol):
    """What the curated files need of the index builder (``regionmap.places.build``)."""

    c: dict
    by_id: dict[str, int]
    dropped: set[str]

    def add(self, place_id: str, name: str, kind: str, lat: float, lon: float, **kw) -> int | None:
        """Add an entry; None when its coordinate is invalid."""

    def name(self, surface: str, index: int | None, *, flags: int = 0, curated: bool = False):
        """Index ``surface`` as a name of the entry at ``index``."""


__all__ = ["add_curated", "features", "read_csv", "read_json", "word_list"]

_CURATED = PRIMARY | PREFERRED


def read_json(path: Path) -> dict:
    """A JSON file, or :class:`DataError` saying what is wrong with it."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DataError(f"geodata file {path.name} is unreadable or truncated: {err}") from err


def read_csv(name: str, columns: set[str]) -> list[dict]:
    """Rows of a geodata CSV that must have ``columns``."""
    path = geodata_path(name)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not columns <= set(reader.fieldnames):
                raise DataError(f"geodata file {name} must have the columns {sorted(columns)}")
            return list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise DataError(f"geodata file {name} is unreadable: {err}") from err


def features(name: str, required: set[str]) -> list[dict]:
    """Features of a geodata FeatureCollection, each with ``required`` properties."""
    collection = read_json(geodata_path(name))
    if not isinstance(collection, dict) or not isinstance(collection.get("features"), list):
        raise DataError(f"geodata file {name} is not a GeoJSON FeatureCollection")
    out = []
    for i, feature in enumerate(collection["features"]):
        props = feature.get("properties") or {}
        if not required <= set(props) or not feature.get("geometry"):
            raise DataError(
                f"geodata file {name}: feature {i} lacks {sorted(required)} or a geometry"
            )
        out.append(feature)
    return out


def word_list(name: str) -> frozenset[str]:
    """The lines of a geodata word list, without comments.

    Examples
    --------
    >>> "the" in word_list("common_words.txt"), word_list("no-such-list.txt")
    (True, frozenset())
    """
    path = geodata_dir() / name
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def add_curated(b: _Builder) -> None:
    """Regions, waters and routes, then the aliases and demonyms that name places."""
    _regions(b)
    _routes(b)
    _aliases(b)


def _regions(b: _Builder) -> None:
    for f in features("regions.geojson", {"id", "name", "kind", "aliases", "source"}):
        p = f["properties"]
        index = b.add(
            f"curated:{p['id']}",
            p["name"],
            p["kind"],
            float(p["label_lat"]),
            float(p["label_lon"]),
            country=p.get("country"),
            rank=1,
            source=f"curated:{p['id']} ({p['source']})",
            geometry=f["geometry"],
        )
        b.name(p["name"], index, flags=_CURATED, curated=True)
        for alias in p["aliases"]:
            b.name(alias, index, flags=PREFERRED, curated=True)


def _route_vocabulary(properties: dict) -> tuple[RouteKind, RouteStatus]:
    """A curated route's kind and status, or :class:`DataError` naming the route."""
    try:
        return RouteKind(properties["kind"]), RouteStatus(properties["status"])
    except ValueError as err:
        raise DataError(f"routes.geojson: {properties['id']}: {err}") from err


def _routes(b: _Builder) -> None:
    import shapely
    from shapely.geometry import shape

    for f in features("routes.geojson", {"id", "name", "kind", "status", "aliases", "source"}):
        p = f["properties"]
        route = _route_vocabulary(p)
        line = shape(f["geometry"])
        if not line.is_valid or line.is_empty:
            raise DataError(f"routes.geojson: {p['id']} has an invalid line")
        middle = shapely.line_interpolate_point(line, 0.5, normalized=True)
        index = b.add(
            f"curated:{p['id']}",
            p["name"],
            "route",
            middle.y,
            middle.x,
            rank=1,
            source=f"curated:{p['id']} ({p['source']})",
            geometry=f["geometry"],
            route=route,
        )
        b.name(p["name"], index, flags=_CURATED, curated=True)
        short = re.sub(r"\s*\([^()]*\)$", "", p["name"])  # "Nord Stream (Vyborg–Lubmin)"
        if short != p["name"]:
            b.name(short, index, flags=_CURATED, curated=True)
        for alias in p["aliases"]:
            b.name(alias, index, flags=PREFERRED, curated=True)


def _aliases(b: _Builder) -> None:
    by_iso = {b.c["country"][i]: i for i in range(len(b.c["ids"])) if b.c["kinds"][i] == "country"}

    def target(value: str, file: str) -> int | None:
        found = b.by_id.get(value, by_iso.get(value))
        if found is None and value not in b.dropped:
            raise DataError(f"{file} names {value!r}, which is not in the gazetteer")
        return found  # None for a row dropped as invalid: its aliases go too

    for row in read_csv("aliases.csv", {"alias", "target", "source"}):
        index = target(row["target"].strip(), "aliases.csv")
        b.name(row["alias"], index, flags=PREFERRED, curated=True)
    for row in read_csv("demonyms.csv", {"demonym", "target", "source"}):
        index = target(row["target"].strip(), "demonyms.csv")
        for form in row["demonym"].split("|"):
            b.name(form, index, flags=DEMONYM, curated=True)
