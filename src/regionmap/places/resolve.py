"""Choose the place each mention refers to, with a confidence and alternatives.

Candidates for a surface form are ranked by feature importance (country >
capital > population), by the document's context (countries it names, the
dateline's event place) and by an optional user preference for countries.
A surface form keeps one sense within a document. Resolution is
deterministic: ties break on ``place_id``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from regionmap.places.index import Candidate, Entry, Gazetteer
from regionmap.places.mentions import CUES, Mention
from regionmap.vocab import PlaceKind, RouteKind, RouteStatus

__all__ = ["Alternative", "Place", "Resolution", "place_of", "resolve", "unresolved_place"]

_RANK_WEIGHT = 2.5
_PREFERRED_WEIGHT = 4.0  # a curated alias points the name at this place
_PRIMARY_WEIGHT = 1.0  # the name is the place's own, not an alternate name
_CUE_WEIGHT = 4.0  # "X District" for a region, "X corridor" for a route
_QUALIFIER_WEIGHT = 12.0  # "Paris, Texas", "Atlanta, Georgia": stronger than any rank
_CONTEXT_WEIGHT = 2.0  # in a country the document names
_NEARBY_WEIGHT = 2.0  # close to places resolved without doubt
_NEARBY_KM = 300.0
_EVENT_WEIGHT = 1.0  # in the dateline's country
_PREFER_WEIGHT = 10.0  # the user's preference
_MAX_SCORED = 12


@dataclass(frozen=True, slots=True)
class Alternative:
    """A candidate that lost, with its share of the score."""

    place_id: str
    name: str
    kind: PlaceKind
    country: str | None
    score: float


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place: where a mention points on the map.

    ``geometry`` is a GeoJSON geometry mapping in [lon, lat] order, or None for
    an unresolved name; ``lat``/``lon`` is a representative point on it. The
    geometry is kept as GeoJSON text and parsed when it is asked for, so that
    resolving stays cheap and a Place stays immutable. A route has its
    ``route_kind`` and, when curated, its ``route_status``; ``inferred`` marks
    a line drawn between two places the text names.
    """

    place_id: str
    name: str
    kind: PlaceKind
    lat: float | None
    lon: float | None
    country: str | None
    confidence: float
    source: str
    geometry_json: str | None
    alternatives: tuple[Alternative, ...] = ()
    inferred: bool = False
    route_kind: RouteKind | None = None
    route_status: RouteStatus | None = None

    @property
    def ambiguous(self) -> bool:
        """True when another candidate came close (the choice may be wrong)."""
        return bool(self.alternatives) and self.alternatives[0].score >= 0.2 * self.confidence

    @property
    def geometry(self) -> dict | None:
        """The GeoJSON geometry mapping (a new dict on every call)."""
        return None if self.geometry_json is None else json.loads(self.geometry_json)


@dataclass(frozen=True, slots=True)
class Resolution:
    """A mention and the place it resolved to."""

    mention: Mention
    place: Place
    confidence: float


def _nearest_km(lat: float, lon: float, anchors: tuple[tuple[float, float], ...]) -> float:
    """Distance to the nearest anchor; an equirectangular approximation, which is
    close within the few hundred kilometres where proximity matters."""
    scale = math.cos(math.radians(lat))
    best = min(
        (a_lat - lat) ** 2 + (((a_lon - lon + 180) % 360 - 180) * scale) ** 2
        for a_lat, a_lon in anchors
    )
    return 111.2 * math.sqrt(best)


@dataclass(frozen=True, slots=True)
class _Context:
    countries: frozenset[str]
    anchors: tuple[tuple[float, float], ...]
    event_country: str | None
    prefer: tuple[str, ...]


def _contains(area: Entry, place: Entry) -> bool:
    """The country or US state ``area`` holds ``place``."""
    if area.kind is PlaceKind.COUNTRY:
        return area.country == place.country
    return (
        area.kind is PlaceKind.REGION
        and area.admin1 is not None
        and (area.country, area.admin1) == (place.country, place.admin1)
    )


def _score(
    c: Candidate,
    mention: Mention,
    ctx: _Context,
    qualifiers: list[Candidate],
    qualified: list[Candidate],
) -> float:
    e = c.entry
    score = _RANK_WEIGHT * e.rank + math.log10(e.population + 1) / 2
    score += _PREFERRED_WEIGHT * c.preferred + _PRIMARY_WEIGHT * c.primary
    if mention.cue and CUES[mention.cue] == e.kind:
        score += _CUE_WEIGHT
    if any(_contains(q.entry, e) for q in qualifiers) or any(
        q.entry.kind is PlaceKind.CITY and _contains(e, q.entry) for q in qualified
    ):
        score += _QUALIFIER_WEIGHT
    if e.kind is not PlaceKind.COUNTRY:
        if e.country and e.country in ctx.countries:
            score += _CONTEXT_WEIGHT
        if ctx.anchors:
            score += _NEARBY_WEIGHT * math.exp(-_nearest_km(e.lat, e.lon, ctx.anchors) / _NEARBY_KM)
        if e.country and e.country == ctx.event_country:
            score += _EVENT_WEIGHT
    if e.country in ctx.prefer:
        score += _PREFER_WEIGHT
    return score


def _static_score(c: Candidate) -> float:
    e = c.entry
    return (
        _RANK_WEIGHT * e.rank
        + math.log10(e.population + 1) / 2
        + _PREFERRED_WEIGHT * c.preferred
        + _PRIMARY_WEIGHT * c.primary
    )


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    return [w / total for w in weights]


def place_of(
    entry: Entry, gazetteer: Gazetteer, confidence: float, alternatives: tuple[Alternative, ...]
) -> Place:
    """The :class:`Place` of a gazetteer entry, with its full geometry."""
    return Place(
        entry.place_id,
        entry.name,
        entry.kind,
        entry.lat,
        entry.lon,
        entry.country,
        round(confidence, 3),
        entry.source,
        gazetteer.geometry_json(entry),
        alternatives,
        route_kind=entry.route_kind,
        route_status=entry.route_status,
    )


def unresolved_place(surface: str) -> Place:
    """The place record of a name that could not be geocoded."""
    return Place(
        f"unresolved:{surface}",
        surface,
        PlaceKind.UNRESOLVED,
        None,
        None,
        None,
        0.0,
        "no gazetteer match",
        None,
    )


def _candidates(mention: Mention, gazetteer: Gazetteer) -> list[Candidate]:
    found = gazetteer.candidates(mention.key)
    return [c for c in found if c.demonym == mention.demonym]


def resolve(
    mentions: Iterable[Mention],
    gazetteer: Gazetteer,
    *,
    event_place: str | None = None,
    prefer_countries: Sequence[str] = (),
) -> list[Resolution]:
    """Resolve every mention to a :class:`Place`.

    Parameters
    ----------
    mentions : iterable of Mention
        From :func:`regionmap.places.mentions.find_mentions`.
    gazetteer : Gazetteer
        Where candidates come from.
    event_place : str, optional
        The dateline's place; its country is preferred for ambiguous names.
    prefer_countries : sequence of str
        ISO codes the user wants preferred (``["AZ", "AM"]``).

    Examples
    --------
    >>> from regionmap.places.mentions import Mention
    >>> from regionmap.places.gazetteer import load_gazetteer
    >>> g = load_gazetteer()
    >>> [r.place.country for r in resolve([Mention(0, 5, "Paris", "Paris")], g)]
    ['FR']
    >>> [r.place.country for r in resolve([Mention(0, 5, "Paris", "Paris")], g,
    ...                                   prefer_countries=["US"])]
    ['US']
    """
    mentions = list(mentions)
    found = {m.key: _candidates(m, gazetteer) for m in mentions}
    ctx = _context(mentions, found, gazetteer, event_place, prefer_countries)
    chosen: dict[tuple, tuple[Place, float]] = {}
    results = []
    for m in mentions:
        group = (m.key, m.demonym, CUES.get(m.cue or ""), m.qualifier, m.qualified)
        if group not in chosen:
            chosen[group] = _choose(m, found[m.key], gazetteer, ctx)
        results.append(Resolution(m, *chosen[group]))
    return results


def _context(
    mentions: list[Mention],
    found: dict[str, list[Candidate]],
    gazetteer: Gazetteer,
    event_place: str | None,
    prefer_countries: Sequence[str],
) -> _Context:
    """What the document says about where it is: the countries it names, the cities
    it names without doubt, the dateline's country, and the user's preference."""
    countries = {
        cands[0].entry.country
        for m in mentions
        if not m.demonym and (cands := found[m.key]) and cands[0].entry.kind is PlaceKind.COUNTRY
    }
    anchors = {
        (cands[0].entry.lat, cands[0].entry.lon)
        for m in mentions
        if not m.demonym
        and len(cands := found[m.key]) == 1
        and cands[0].entry.kind is PlaceKind.CITY
    }
    event_country = None
    if event_place:
        event = gazetteer.lookup(event_place)
        event_country = event[0].country if event else None
    return _Context(
        frozenset(c for c in countries | {event_country} if c),
        tuple(sorted(anchors)),
        event_country,
        tuple(code.upper() for code in prefer_countries),
    )


def _choose(
    m: Mention, candidates: list[Candidate], gazetteer: Gazetteer, ctx: _Context
) -> tuple[Place, float]:
    if not candidates:
        return unresolved_place(m.key), 0.0
    if len(candidates) == 1:  # nothing to weigh
        return place_of(candidates[0].entry, gazetteer, 0.95, ()), 0.95
    qualifiers = gazetteer.candidates(m.qualifier) if m.qualifier else []
    qualified = gazetteer.candidates(m.qualified) if m.qualified else []
    if len(candidates) > _MAX_SCORED:  # weigh context only for the likeliest namesakes
        candidates = sorted(candidates, key=_static_score, reverse=True)[:_MAX_SCORED]
    scored = sorted(
        ((_score(c, m, ctx, qualifiers, qualified), c.entry) for c in candidates),
        key=lambda pair: (-pair[0], pair[1].place_id),
    )
    shares = _softmax([s for s, _ in scored])
    confidence = shares[0]
    alternatives = tuple(
        Alternative(e.place_id, e.name, e.kind, e.country, round(share, 3))
        for (_, e), share in zip(scored[1:4], shares[1:4], strict=False)
    )
    return place_of(scored[0][1], gazetteer, confidence, alternatives), confidence
