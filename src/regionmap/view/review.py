"""The review queue: the places a reader should check first, most doubtful first.

A place deserves a look when the gazetteer lacks it (``unresolved``: re-linking
it is the fix), when another candidate came close (``ambiguous``), when its
confidence is below :data:`LOW_CONFIDENCE`, or when it is a route drawn between
two places the text names (``inferred``). Names that are really people or
organisations cannot be told apart here, so they are not flagged.

The queue is built from :attr:`~regionmap.view.prepare.View.corrected`, the
whole corrected document, not from the filtered one: the filters choose what
the map shows, and a place they hide still needs checking, since a correction
applies to every mention of it. Places the reader accepted are left out.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from enum import StrEnum

from regionmap.places.document import PlaceSummary
from regionmap.places.resolve import Alternative, Place
from regionmap.view.prepare import View
from regionmap.view.quotes import Quote
from regionmap.vocab import PlaceKind

__all__ = ["LOW_CONFIDENCE", "ReviewItem", "ReviewReason", "reasons_of", "review_items"]

LOW_CONFIDENCE = 0.6
"""A resolved place below this confidence is queued. A name with one candidate
gets 0.95; with several, the winner's share of the scores, so below 0.6 means the
other candidates together hold more than 40 % of it."""


class ReviewReason(StrEnum):
    """Why a place is in the review queue."""

    UNRESOLVED = "unresolved"
    AMBIGUOUS = "ambiguous"
    LOW_CONFIDENCE = "low confidence"
    INFERRED = "inferred"


@dataclass(frozen=True)
class ReviewItem:
    """One place to check.

    Attributes
    ----------
    summary : PlaceSummary
        The place as the corrected document has it, with its mention count.
    reasons : tuple of ReviewReason
        Why it is queued, in the order of :class:`ReviewReason`.
    alternatives : tuple of Alternative
        The candidates that lost, best first (none for unresolved and inferred places).
    quote : Quote or None
        The sentence of its first mention in the transcript.
    """

    summary: PlaceSummary
    reasons: tuple[ReviewReason, ...]
    alternatives: tuple[Alternative, ...]
    quote: Quote | None

    @property
    def place(self) -> Place:
        """The place to check."""
        return self.summary.place

    @property
    def margin(self) -> float | None:
        """How far the chosen place leads the runner-up (None without alternatives)."""
        if not self.alternatives:
            return None
        return round(self.place.confidence - self.alternatives[0].score, 3)


def reasons_of(place: Place) -> tuple[ReviewReason, ...]:
    """Why ``place`` deserves a look; empty when it does not.

    Low confidence is judged for gazetteer places only: an unresolved name has
    confidence 0 by definition, and an inferred route's confidence is a fixed
    discount of its two ends' (which are queued themselves when they are doubtful).

    Examples
    --------
    >>> from regionmap.places.resolve import unresolved_place
    >>> reasons_of(unresolved_place("Gegharkunik Province"))
    (<ReviewReason.UNRESOLVED: 'unresolved'>,)
    """
    if place.kind is PlaceKind.UNRESOLVED:
        return (ReviewReason.UNRESOLVED,)
    found = []
    if place.ambiguous:
        found.append(ReviewReason.AMBIGUOUS)
    if place.inferred:
        found.append(ReviewReason.INFERRED)
    elif place.confidence < LOW_CONFIDENCE:
        found.append(ReviewReason.LOW_CONFIDENCE)
    return tuple(found)


def _key(item: ReviewItem) -> tuple:
    """Unresolved first; then ambiguous by the smallest margin; then the lowest
    confidence; then the most mentioned; then by place_id."""
    p = item.place
    ambiguous = ReviewReason.AMBIGUOUS in item.reasons
    return (
        ReviewReason.UNRESOLVED not in item.reasons,
        not ambiguous,
        item.margin if ambiguous else 0.0,
        p.confidence,
        -item.summary.count,
        p.place_id,
    )


def review_items(view: View, *, accepted: Set[str] = frozenset()) -> list[ReviewItem]:
    """The places of ``view.corrected`` to check, most doubtful first.

    Parameters
    ----------
    view : View
        The prepared view; its corrected document is reviewed, whatever the filters.
    accepted : set of str
        Place ids the reader confirmed (``Corrections.accepted``); they are left out.

    Examples
    --------
    >>> from regionmap import analyse, prepare
    >>> view = prepare(analyse("Talks\\nWe met in Baku. Then Gegharkunik Province."))
    >>> [(i.place.name, i.reasons) for i in review_items(view)]
    [('Gegharkunik Province', (<ReviewReason.UNRESOLVED: 'unresolved'>,))]
    >>> review_items(view, accepted={"unresolved:Gegharkunik Province"})
    []
    """
    first: dict[str, Quote] = {}
    for quote in view.corrected_quotes:
        first.setdefault(quote.place_id, quote)
    items = [
        ReviewItem(s, reasons, s.place.alternatives, first.get(s.place.place_id))
        for s in view.corrected.places
        if s.place.place_id not in accepted and (reasons := reasons_of(s.place))
    ]
    return sorted(items, key=_key)
