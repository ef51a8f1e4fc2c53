"""The presentation stage: one :class:`View` of a document for every renderer.

:func:`prepare` applies the user's corrections and filters to an analysed
:class:`~regionmap.places.document.Document` and gathers what the map, the
app, the PNG and every export show: the filtered document, its layers and
each place's quotes. The app, the ``map``, ``snapshot`` and ``export``
commands and batch extraction all call it, so they always agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from types import MappingProxyType

from regionmap.places.document import Document, PlaceSummary, summarise
from regionmap.places.gazetteer import load_gazetteer
from regionmap.places.index import Gazetteer
from regionmap.transcript.model import Transcript
from regionmap.view.corrections import Corrections, apply_corrections
from regionmap.view.filters import Filters, Offer, offer_of, select
from regionmap.view.layers import Layers, to_layers
from regionmap.view.quotes import Quote, quotes_of

__all__ = ["View", "prepare"]


@dataclass(frozen=True)
class View:
    """A document as the user sees it: corrected, filtered, with layers and quotes.

    Attributes
    ----------
    corrected : Document
        Every mention after the corrections; what the filters choose from.
    corrected_quotes : tuple of Quote
        The quote of each of ``corrected.mentions``, in the same order.
    document : Document
        The mentions that pass the filters, with their place summaries.
    mention_quotes : tuple of Quote
        The quote of each of ``document.mentions``, in the same order.
    quotes : Mapping
        ``place_id`` → the quotes of that place's visible mentions, in text order.
    filters : Filters
        The filters applied.
    """

    corrected: Document
    corrected_quotes: tuple[Quote, ...]
    document: Document
    mention_quotes: tuple[Quote, ...]
    quotes: Mapping[str, tuple[Quote, ...]]
    filters: Filters

    @property
    def transcript(self) -> Transcript:
        """The transcript, with its text, segments and metadata."""
        return self.document.transcript

    @property
    def places(self) -> tuple[PlaceSummary, ...]:
        """The visible places, most mentioned first."""
        return self.document.places

    @cached_property
    def layers(self) -> Layers:
        """The visible places as GeoDataFrames (built on first use)."""
        return to_layers(self.document)

    @cached_property
    def offer(self) -> Offer:
        """What the filters can choose from: the values the corrected document has."""
        return offer_of(self.corrected)

    @cached_property
    def _by_id(self) -> dict[str, PlaceSummary]:
        return {s.place.place_id: s for s in self.document.places}

    def place(self, place_id: str | None) -> PlaceSummary | None:
        """The visible place with this id, or None."""
        return self._by_id.get(place_id) if place_id else None

    def filtered(self, filters: Filters) -> View:
        """The same corrected document under other filters (quotes are not rebuilt)."""
        return _filtered(self.corrected, self.corrected_quotes, filters)

    @property
    def hidden(self) -> int:
        """How many places of the corrected document the filters hide."""
        return len(self.corrected.places) - len(self.document.places)


def prepare(
    doc: Document,
    corrections: Corrections | None = None,
    filters: Filters | None = None,
    *,
    gazetteer: Gazetteer | None = None,
) -> View:
    """The :class:`View` of ``doc`` with ``corrections`` and ``filters`` applied.

    Quotes are built in one pass over the mentions and grouped by place.

    Raises
    ------
    regionmap.InputError
        When the corrections belong to another transcript or name an unknown
        place.

    Examples
    --------
    >>> from regionmap import analyse
    >>> doc = analyse("Talks\\nQuestion: Is Baku near Iran?\\nSergey Lavrov: Baku is.")
    >>> view = prepare(doc, filters=Filters(speakers=["Sergey Lavrov"]))
    >>> [(s.place.name, s.count) for s in view.places], view.hidden
    ([('Baku', 1)], 1)
    >>> [q.sentence for q in view.quotes["geonames:587084"]]
    ['Baku is.']
    """
    corrected = doc
    if corrections:
        corrected = apply_corrections(doc, corrections, gazetteer or load_gazetteer())
    return _filtered(corrected, quotes_of(corrected), filters or Filters())


def _filtered(corrected: Document, quotes: tuple[Quote, ...], filters: Filters) -> View:
    kept = select(corrected, quotes, filters)
    mentions = tuple(corrected.mentions[i] for i in kept)
    grouped: dict[str, list[Quote]] = {}
    for i in kept:
        grouped.setdefault(quotes[i].place_id, []).append(quotes[i])
    shown = replace(corrected, mentions=mentions, places=summarise(mentions))
    frozen = MappingProxyType({pid: tuple(qs) for pid, qs in grouped.items()})
    return View(corrected, quotes, shown, tuple(quotes[i] for i in kept), frozen, filters)
