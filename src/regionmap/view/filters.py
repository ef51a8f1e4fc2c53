"""Filters: which mentions a view shows, and what the filters can offer.

:class:`Filters` narrows a document by speaker, turn kind, place kind, minimum
mentions per place and a text query. ``None`` in a field means "no filter";
``None`` *inside* a set means "no speaker" or "no turn" (the title line, an
unlabelled lead). :class:`Offer` lists what a document has to filter by, and
:class:`Exclusions` keeps what a user switched off, so that a filter set on
one transcript never hides what another transcript has and never hides a
value it did not offer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from regionmap.errors import InputError
from regionmap.places.document import Document
from regionmap.view.quotes import Quote
from regionmap.vocab import PlaceKind, TurnKind

__all__ = ["Exclusions", "Filters", "Offer", "offer_of", "select"]


def _frozen(values: Iterable | None, convert=None) -> frozenset | None:
    if values is None:
        return None
    if isinstance(values, str):
        values = (values,)
    return frozenset(convert(v) if convert and v is not None else v for v in values)


def _kind(value: object) -> PlaceKind:
    try:
        return PlaceKind(value)
    except ValueError:
        known = ", ".join(k.value for k in PlaceKind)
        raise InputError(f"unknown place kind {value!r}; choose from {known}") from None


def _turn_kind(value: object) -> TurnKind:
    try:
        return TurnKind(value)
    except ValueError:
        known = ", ".join(k.value for k in TurnKind)
        raise InputError(f"unknown turn kind {value!r}; choose from {known}") from None


@dataclass(frozen=True, slots=True)
class Filters:
    """What to keep. Every field's default keeps everything.

    Examples
    --------
    >>> Filters(kinds=["city"], turn_kinds=["question", None]).kinds
    frozenset({<PlaceKind.CITY: 'city'>})
    >>> Filters(min_mentions=0)
    Traceback (most recent call last):
    ...
    regionmap.errors.InputError: the minimum number of mentions must be at least 1, not 0
    """

    speakers: frozenset[str | None] | None = None
    turn_kinds: frozenset[TurnKind | None] | None = None
    kinds: frozenset[PlaceKind] | None = None
    min_mentions: int = 1
    query: str = ""

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # normalise the caller's iterables (frozen dataclass)
        set_(self, "speakers", _frozen(self.speakers))
        set_(self, "turn_kinds", _frozen(self.turn_kinds, _turn_kind))
        set_(self, "kinds", _frozen(self.kinds, _kind))
        if isinstance(self.min_mentions, bool) or not isinstance(self.min_mentions, int):
            raise InputError("the minimum number of mentions must be a whole number")
        if self.min_mentions < 1:
            raise InputError(
                f"the minimum number of mentions must be at least 1, not {self.min_mentions}"
            )
        set_(self, "query", str(self.query or "").strip())

    @property
    def active(self) -> bool:
        """True when any filter can hide something."""
        return (
            self.speakers is not None
            or self.turn_kinds is not None
            or self.kinds is not None
            or self.min_mentions > 1
            or bool(self.query)
        )


def select(doc: Document, quotes: Sequence[Quote], filters: Filters) -> list[int]:
    """Indices of the mentions of ``doc`` that pass ``filters``.

    ``quotes`` are the mentions' quotes, in the same order (the query looks in
    place names and quote sentences, case-insensitively). A place is kept with
    all its remaining mentions or not at all.
    """
    kept = [
        i
        for i, m in enumerate(doc.mentions)
        if (filters.speakers is None or m.speaker in filters.speakers)
        and (filters.turn_kinds is None or m.turn_kind in filters.turn_kinds)
        and (filters.kinds is None or m.kind in filters.kinds)
    ]
    if filters.query:
        needle = filters.query.casefold()
        matching = {
            doc.mentions[i].place.place_id
            for i in kept
            if needle in doc.mentions[i].place.name.casefold()
            or needle in quotes[i].sentence.casefold()
        }
        kept = [i for i in kept if doc.mentions[i].place.place_id in matching]
    if filters.min_mentions > 1:
        counts: dict[str, int] = {}
        for i in kept:
            pid = doc.mentions[i].place.place_id
            counts[pid] = counts.get(pid, 0) + 1
        kept = [i for i in kept if counts[doc.mentions[i].place.place_id] >= filters.min_mentions]
    return kept


@dataclass(frozen=True, slots=True)
class Offer:
    """The values a document's filters can choose from: those its mentions have.

    Speakers are in order of first appearance, ``None`` (no speaker) last;
    kinds in the order of their vocabulary.
    """

    speakers: tuple[str | None, ...]
    turn_kinds: tuple[TurnKind | None, ...]
    kinds: tuple[PlaceKind, ...]


def offer_of(doc: Document) -> Offer:
    """What ``doc`` can be filtered by.

    Examples
    --------
    >>> from regionmap import analyse
    >>> offer = offer_of(analyse("Talks in Baku\\nQuestion: Why Baku?\\nA: Because of Iran."))
    >>> offer.speakers, [str(k) for k in offer.turn_kinds if k], [str(k) for k in offer.kinds]
    (('Question', 'Answer', None), ['question', 'answer'], ['city', 'country'])
    """
    speakers = dict.fromkeys(m.speaker for m in doc.mentions)
    turn_kinds = {m.turn_kind for m in doc.mentions}
    kinds = {m.kind for m in doc.mentions}
    return Offer(
        tuple(s for s in speakers if s is not None) + ((None,) if None in speakers else ()),
        tuple(k for k in TurnKind if k in turn_kinds) + ((None,) if None in turn_kinds else ()),
        tuple(k for k in PlaceKind if k in kinds),
    )


@dataclass(frozen=True, slots=True)
class Exclusions:
    """What a user switched off, remembered across documents and reruns.

    A value is only ever hidden while a document offers it, and a value a
    document offers for the first time starts switched on.

    Examples
    --------
    >>> offer = Offer(("Lavrov", "Question"), (TurnKind.ANSWER,), (PlaceKind.CITY,))
    >>> off = Exclusions().choosing("speakers", offer.speakers, ["Lavrov"])
    >>> off.speakers
    frozenset({'Question'})
    >>> off.filters(offer).speakers
    frozenset({'Lavrov'})
    >>> other = Offer(("Putin", "Tokayev"), (TurnKind.ANSWER,), (PlaceKind.CITY,))
    >>> off.filters(other).speakers is None  # nothing of this document is switched off
    True
    """

    speakers: frozenset[str | None] = field(default_factory=frozenset)
    turn_kinds: frozenset[TurnKind | None] = field(default_factory=frozenset)
    kinds: frozenset[PlaceKind] = field(default_factory=frozenset)

    def chosen(self, name: str, offered: Sequence) -> list:
        """The offered values of the field ``name`` that are switched on."""
        off = getattr(self, name)
        return [v for v in offered if v not in off]

    def choosing(self, name: str, offered: Sequence, selected: Iterable) -> Exclusions:
        """With the field ``name`` set to ``selected`` among ``offered``; switched-off
        values that are not offered here are kept."""
        selected = set(selected)
        off = (getattr(self, name) - set(offered)) | {v for v in offered if v not in selected}
        return replace(self, **{name: frozenset(off)})

    def filters(self, offer: Offer, *, min_mentions: int = 1, query: str = "") -> Filters:
        """The :class:`Filters` these exclusions make on a document with ``offer``."""
        fields = {}
        for name in ("speakers", "turn_kinds", "kinds"):
            offered = getattr(offer, name)
            on = self.chosen(name, offered)
            fields[name] = None if len(on) == len(offered) else frozenset(on)
        return Filters(**fields, min_mentions=min_mentions, query=query)
