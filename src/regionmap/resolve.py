"""Choose the place each mention refers to, with a confidence and alternatives.

Candidates for a surface form are ranked by feature importance (country >
capital > population), by the document's context (countries it names, the
dateline's event place) and by an optional user preference for countries.
A surface form keeps one sense within a document. Resolution is
deterministic: ties break on ``place_id``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from regionmap.extract import Mention
from regionmap.gazetteer import Entry, Gazetteer

__all__ = ["Alternative", "Place", "Resolution", "resolve"]

_RANK_WEIGHT = 2.5
_CONTEXT_WEIGHT = 2.0
_EVENT_WEIGHT = 1.0
_PREFER_WEIGHT = 10.0


@dataclass(frozen=True, slots=True)
class Alternative:
    """A candidate that lost, with its share of the score."""

    place_id: str
    name: str
    kind: str
    country: str | None
    score: float


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place: where a mention points on the map.

    ``geometry`` is a GeoJSON geometry mapping in [lon, lat] order, or None for
    an unresolved name; ``lat``/``lon`` is a representative point on it.
    """

    place_id: str
    name: str
    kind: str
    lat: float | None
    lon: float | None
    country: str | None
    confidence: float
    source: str
    geometry: dict | None
    alternatives: tuple[Alternative, ...] = ()


@dataclass(frozen=True, slots=True)
class Resolution:
    """A mention and the place it resolved to."""

    mention: Mention
    place: Place
    confidence: float


def _score(
    entry: Entry, *, context: set[str], event_country: str | None, prefer: Sequence[str]
) -> float:
    score = _RANK_WEIGHT * entry.rank + math.log10(entry.population + 1) / 2
    if entry.country and entry.kind != "country":
        if entry.country in context:
            score += _CONTEXT_WEIGHT
        if entry.country == event_country:
            score += _EVENT_WEIGHT
    if entry.country in prefer:
        score += _PREFER_WEIGHT
    return score


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    return [w / total for w in weights]


def _place(
    entry: Entry, gazetteer: Gazetteer, confidence: float, alternatives: tuple[Alternative, ...]
) -> Place:
    return Place(
        entry.place_id,
        entry.name,
        entry.kind,
        entry.lat,
        entry.lon,
        entry.country,
        round(confidence, 3),
        entry.source,
        gazetteer.geometry(entry),
        alternatives,
    )


def unresolved_place(surface: str) -> Place:
    """The place record of a name that could not be geocoded."""
    return Place(
        f"unresolved:{surface}",
        surface,
        "unresolved",
        None,
        None,
        None,
        0.0,
        "no gazetteer match",
        None,
    )


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
        From :func:`regionmap.extract.find_mentions`.
    gazetteer : Gazetteer
        Where candidates come from.
    event_place : str, optional
        The dateline's place; its country is preferred for ambiguous names.
    prefer_countries : sequence of str
        ISO codes the user wants preferred (``["AZ", "AM"]``).

    Examples
    --------
    >>> from regionmap.extract import Mention
    >>> from regionmap.gazetteer import load_gazetteer
    >>> g = load_gazetteer()
    >>> [r.place.country for r in resolve([Mention(0, 5, "Paris", "Paris")], g)]
    ['FR']
    >>> [r.place.country for r in resolve([Mention(0, 5, "Paris", "Paris")], g,
    ...                                   prefer_countries=["US"])]
    ['US']
    """
    mentions = list(mentions)
    prefer = tuple(code.upper() for code in prefer_countries)
    candidates = {m.key: gazetteer.lookup(m.key) for m in mentions}
    context = {
        found[0].country
        for found in candidates.values()
        if found and found[0].kind == "country" and found[0].country
    }
    event_country = None
    if event_place:
        found = gazetteer.lookup(event_place)
        event_country = found[0].country if found else None
        if event_country:
            context.add(event_country)

    chosen: dict[str, tuple[Place, float]] = {}
    for key, entries in candidates.items():
        if not entries:
            chosen[key] = (unresolved_place(key), 0.0)
            continue
        scored = sorted(
            (
                (_score(e, context=context, event_country=event_country, prefer=prefer), e)
                for e in entries
            ),
            key=lambda pair: (-pair[0], pair[1].place_id),
        )
        shares = _softmax([s for s, _ in scored])
        confidence = shares[0] * (0.95 if len(scored) == 1 else 1.0)
        alternatives = tuple(
            Alternative(e.place_id, e.name, e.kind, e.country, round(share, 3))
            for (_, e), share in zip(scored[1:4], shares[1:4], strict=False)
        )
        chosen[key] = (_place(scored[0][1], gazetteer, confidence, alternatives), confidence)
    return [Resolution(m, *chosen[m.key]) for m in mentions]
