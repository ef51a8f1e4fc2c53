"""The vocabularies of regionmap, each defined once as a :class:`~enum.StrEnum`.

A member is also its string (``PlaceKind.CITY == "city"``), so JSON, CSV and
GeoDataFrame columns hold plain strings; code compares and iterates members,
so that a filter or a style table cannot forget one. "None of these" is
``None``, never a made-up string.

Examples
--------
>>> PlaceKind("city") is PlaceKind.CITY, str(RouteKind.SEA_ROUTE)
(True, 'sea route')
>>> [k.value for k in TurnKind]
['statement', 'question', 'answer']
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["PlaceKind", "RouteKind", "RouteStatus", "TurnKind"]


class PlaceKind(StrEnum):
    """What a mention points at.

    ``UNRESOLVED`` is a name the text marks as a place ("Gegharkunik
    Province") that the gazetteer lacks: listed with its quotes, not drawn.
    ``DEMONYM`` is the kind of a *mention* such as "Armenian" linked to its
    place (only when demonyms are asked for); no place has it.
    """

    CITY = "city"
    COUNTRY = "country"
    REGION = "region"
    WATER = "water"
    ROUTE = "route"
    OTHER = "other"
    UNRESOLVED = "unresolved"
    DEMONYM = "demonym"


class TurnKind(StrEnum):
    """What a speaker turn is. Text outside any turn (the title) has no kind: ``None``."""

    STATEMENT = "statement"
    QUESTION = "question"
    ANSWER = "answer"


class RouteKind(StrEnum):
    """What a route is made of; it decides the line style."""

    RAILWAY = "railway"
    ROAD = "road"
    PIPELINE = "pipeline"
    CORRIDOR = "corridor"
    SEA_ROUTE = "sea route"


class RouteStatus(StrEnum):
    """Whether a curated route exists (as of its source note). Inferred routes have ``None``."""

    OPERATING = "operating"
    UNDER_CONSTRUCTION = "under construction"
    PROPOSED = "proposed"
