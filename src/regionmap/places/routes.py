"""Routes named by the places they join: "the Kars–Tbilisi railway",
"the railway between Azerbaijan and Nakhichevan".

Two resolved places and a route word give a line between the places, marked
``inferred`` and with a lower confidence. A curated route written that way
(``Azerbaijan–Nakhichevan railway``) always wins over the straight line.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence

from regionmap.places.index import Gazetteer
from regionmap.places.resolve import Place, place_of
from regionmap.vocab import PlaceKind, RouteKind

__all__ = ["ROUTE_WORDS", "InferredRoute", "infer_routes", "split_antimeridian"]

ROUTE_WORDS = (
    "railway",
    "railroad",
    "rail link",
    "road",
    "highway",
    "motorway",
    "pipeline",
    "corridor",
    "line",
    "section",
    "route",
    "bridge",
    "canal",
)
_WORD = "|".join(w.replace(" ", r"\s+") for w in ROUTE_WORDS)
_AFTER_PAIR = re.compile(
    rf"[ \t]+(?:(?:gas|oil|rail|railway|transport|high-speed)[ \t]+)?({_WORD})\b", re.IGNORECASE
)
_BETWEEN = re.compile(
    rf"\b({_WORD})(?:[ \t]+(?:route|link|connection))?[ \t]+between[ \t]+", re.IGNORECASE
)
_KIND = {
    "railway": RouteKind.RAILWAY,
    "railroad": RouteKind.RAILWAY,
    "rail link": RouteKind.RAILWAY,
    "line": RouteKind.RAILWAY,
    "road": RouteKind.ROAD,
    "highway": RouteKind.ROAD,
    "motorway": RouteKind.ROAD,
    "bridge": RouteKind.ROAD,
    "pipeline": RouteKind.PIPELINE,
    "canal": RouteKind.SEA_ROUTE,
}
_INFERRED_CONFIDENCE = 0.6


class InferredRoute(tuple):
    """``(start, end, place)``: a route phrase at ``text[start:end]`` and its place."""

    __slots__ = ()

    @property
    def start(self) -> int:
        return self[0]

    @property
    def end(self) -> int:
        return self[1]

    @property
    def place(self) -> Place:
        return self[2]


def split_antimeridian(coords: Sequence[Sequence[float]]) -> dict:
    """A line as GeoJSON, split where it crosses the 180th meridian.

    Consecutive vertices more than 180 degrees apart in longitude are joined
    the short way round, across the antimeridian.

    Examples
    --------
    >>> split_antimeridian([[170.0, 50.0], [-170.0, 60.0]])["type"]
    'MultiLineString'
    >>> split_antimeridian([[10.0, 50.0], [20.0, 60.0]])
    {'type': 'LineString', 'coordinates': [[10.0, 50.0], [20.0, 60.0]]}
    """
    parts: list[list[list[float]]] = [[list(coords[0])]]
    for (x0, y0), (x1, y1) in itertools.pairwise(coords):
        if abs(x1 - x0) > 180:
            edge = 180.0 if x0 > 0 else -180.0
            x1_unwrapped = x1 + 360 if x0 > 0 else x1 - 360
            t = (edge - x0) / (x1_unwrapped - x0)
            y = y0 + t * (y1 - y0)
            parts[-1].append([edge, y])
            parts.append([[-edge, y]])
        parts[-1].append([x1, y1])
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": parts[0]}
    return {"type": "MultiLineString", "coordinates": parts}


def _kind(word: str) -> RouteKind:
    return _KIND.get(re.sub(r"\s+", " ", word.lower()), RouteKind.CORRIDOR)


def _curated(
    a: Place, b: Place, word: str, surfaces: tuple[str, str], gazetteer: Gazetteer
) -> Place | None:
    """A curated route written as "A–B <word>" with any of the names' spellings."""
    firsts = {surfaces[0], a.name}
    seconds = {surfaces[1], b.name}
    for x in firsts:
        for y in seconds:
            for dash in ("–", "-"):
                for found in gazetteer.lookup(f"{x}{dash}{y} {word}"):
                    if found.kind is PlaceKind.ROUTE:
                        return place_of(found, gazetteer, 0.9, ())
    return None


def _line(a: Place, b: Place, word: str, confidence: float) -> Place:
    name = f"{a.name}–{b.name} {word.lower()}"
    kind = _kind(word)
    geometry = split_antimeridian([[a.lon, a.lat], [b.lon, b.lat]])
    return Place(
        place_id=f"inferred:{a.place_id}|{b.place_id}|{kind}",
        name=name,
        kind=PlaceKind.ROUTE,
        lat=(a.lat + b.lat) / 2,
        lon=(a.lon + b.lon) / 2,
        country=a.country if a.country == b.country else None,
        confidence=round(confidence, 3),
        source=f"inferred from the text: a {kind} between {a.name} and {b.name}",
        geometry_json=json.dumps(geometry),
        inferred=True,
        route_kind=kind,
    )


def infer_routes(text: str, mentions: Sequence, gazetteer: Gazetteer) -> list[InferredRoute]:
    """Route phrases built from pairs of resolved mentions.

    ``mentions`` are objects with ``start``, ``end``, ``text``, ``place`` and
    ``confidence`` (resolved mentions, in text order). Routes already found as
    curated names are not repeated.
    """
    located = [
        m for m in mentions if m.place.lat is not None and m.place.kind is not PlaceKind.ROUTE
    ]
    found: list[InferredRoute] = []
    taken = [(m.start, m.end) for m in mentions if m.place.kind is PlaceKind.ROUTE]

    def add(start: int, end: int, a, b, word: str) -> None:
        if a.place.place_id == b.place.place_id or any(s < end and start < e for s, e in taken):
            return
        place = _curated(a.place, b.place, word, (a.text, b.text), gazetteer) or _line(
            a.place, b.place, word, _INFERRED_CONFIDENCE * min(a.confidence, b.confidence)
        )
        found.append(InferredRoute((start, end, place)))
        taken.append((start, end))

    for a, b in itertools.pairwise(located):
        if b.start - a.end == 1 and text[a.end] in "-–—":  # "Kars–Tbilisi railway"
            word = _AFTER_PAIR.match(text, b.end)
            if word:
                add(a.start, word.end(), a, b, word.group(1))
    for match in _BETWEEN.finditer(text):  # "the railway between X and Y"
        after = [m for m in located if match.end() <= m.start <= match.end() + 60]
        for a, b in itertools.pairwise(after):
            if re.fullmatch(r"\s+and\s+(?:the\s+)?", text[a.end : b.start]):
                add(match.start(), b.end, a, b, match.group(1))
                break
    return found
