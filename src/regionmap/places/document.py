"""The whole pipeline in one call: text → transcript → mentions → places.

:func:`analyse` is the library entry point that the command line and the app
both use. Its :class:`Document` holds every resolved mention with its speaker,
turn and paragraph, and one :class:`PlaceSummary` per distinct place.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace

from regionmap.places.gazetteer import load_gazetteer
from regionmap.places.index import Gazetteer
from regionmap.places.mentions import find_mentions
from regionmap.places.resolve import Place, resolve
from regionmap.places.routes import infer_routes
from regionmap.read.decode import DEFAULT_MAX_BYTES
from regionmap.transcript.model import Transcript
from regionmap.transcript.segment import load_transcript
from regionmap.vocab import PlaceKind, TurnKind

__all__ = [
    "Document",
    "MentionInContext",
    "PlaceSummary",
    "analyse",
    "analyse_transcript",
    "locate",
    "summarise",
]


@dataclass(frozen=True, slots=True)
class MentionInContext:
    """A resolved mention with where it stands in the transcript.

    ``speaker`` is the canonical speaker name, ``label`` the turn's label as
    written (``President of Russia Vladimir Putin``); ``time`` is the seconds
    from the start of timed input (subtitles), or None.
    """

    start: int
    end: int
    text: str
    place: Place
    confidence: float
    speaker: str | None
    turn: int | None
    turn_kind: TurnKind | None
    paragraph: int | None
    demonym: bool = False
    label: str | None = None
    time: float | None = None

    @property
    def kind(self) -> PlaceKind:
        """The place's kind, or ``demonym`` for adjectives such as "Armenian"."""
        return PlaceKind.DEMONYM if self.demonym else self.place.kind


@dataclass(frozen=True, slots=True)
class PlaceSummary:
    """A distinct place with how often, and by whom, it is mentioned."""

    place: Place
    count: int
    speakers: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    """A transcript with its resolved mentions and places.

    Examples
    --------
    >>> doc = analyse("Talks\\nWe met in Baku. Baku is sunny. Azerbaijan thanks you.")
    >>> [(p.place.name, p.count) for p in doc.places]
    [('Baku', 2), ('Azerbaijan', 1)]
    >>> m = doc.mentions[0]
    >>> doc.transcript.text[m.start:m.end] == m.text
    True
    """

    transcript: Transcript
    mentions: tuple[MentionInContext, ...]
    places: tuple[PlaceSummary, ...]


def locate(
    transcript: Transcript,
    start: int,
    end: int,
    place: Place,
    confidence: float,
    *,
    demonym: bool = False,
) -> MentionInContext:
    """A mention of ``place`` at ``transcript.text[start:end]``, with its speaker,
    turn and paragraph."""
    paragraph = transcript.paragraph_at(start)
    turn = transcript.turn(paragraph.turn if paragraph else None)
    return MentionInContext(
        start=start,
        end=end,
        text=transcript.text[start:end],
        place=place,
        confidence=round(confidence, 3),
        speaker=turn.speaker if turn else None,
        turn=turn.number if turn else None,
        turn_kind=turn.kind if turn else None,
        paragraph=paragraph.number if paragraph else None,
        demonym=demonym,
        label=turn.label if turn else None,
        time=transcript.time_at(start) if transcript.times else None,
    )


def summarise(mentions: Sequence[MentionInContext]) -> tuple[PlaceSummary, ...]:
    """One summary per place, most mentioned first, ties in order of first mention."""
    order: dict[str, int] = {}
    counts: dict[str, int] = {}
    speakers: dict[str, dict[str, None]] = {}
    places: dict[str, Place] = {}
    for i, mention in enumerate(mentions):
        pid = mention.place.place_id
        order.setdefault(pid, i)
        counts[pid] = counts.get(pid, 0) + 1
        places.setdefault(pid, mention.place)
        if mention.speaker:
            speakers.setdefault(pid, {})[mention.speaker] = None
    ranked = sorted(places, key=lambda pid: (-counts[pid], order[pid]))
    return tuple(
        PlaceSummary(places[pid], counts[pid], tuple(speakers.get(pid, ()))) for pid in ranked
    )


def analyse_transcript(
    transcript: Transcript,
    *,
    gazetteer: Gazetteer | None = None,
    prefer_countries: Sequence[str] = (),
    demonyms: bool = False,
) -> Document:
    """Find and resolve the places of an already loaded transcript.

    Demonyms ("Armenian", "Soviet") link to their place only when
    ``demonyms`` is true; they are not place mentions otherwise.
    """
    gazetteer = gazetteer or load_gazetteer()
    if transcript.place and not gazetteer.lookup(transcript.place):
        transcript = replace(transcript, place=None)  # a dateline that names no place
    mentions = [m for m in find_mentions(transcript, gazetteer) if demonyms or not m.demonym]
    resolutions = resolve(
        mentions, gazetteer, event_place=transcript.place, prefer_countries=prefer_countries
    )
    in_context = []
    for r in resolutions:
        m = r.mention
        in_context.append(
            locate(transcript, m.start, m.end, r.place, r.confidence, demonym=m.demonym)
        )
    for route in infer_routes(transcript.text, in_context, gazetteer):
        in_context.append(
            locate(transcript, route.start, route.end, route.place, route.place.confidence)
        )
    in_context.sort(key=lambda m: (m.start, -m.end))
    return Document(transcript, tuple(in_context), summarise(in_context))


def analyse(
    source: str | bytes | os.PathLike[str],
    *,
    name: str | None = None,
    gazetteer: Gazetteer | None = None,
    prefer_countries: Sequence[str] = (),
    demonyms: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Load a transcript and map its places.

    ``source`` is read as in :func:`regionmap.load_transcript`: a path, the
    bytes of a file, or the text itself.

    Raises
    ------
    regionmap.InputError
        When the transcript cannot be read.
    """
    transcript = load_transcript(source, name=name, max_bytes=max_bytes)
    return analyse_transcript(
        transcript, gazetteer=gazetteer, prefer_countries=prefer_countries, demonyms=demonyms
    )
