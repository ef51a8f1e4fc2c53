"""regionmap: map the places and routes a transcript talks about, offline."""

from contextlib import suppress
from importlib.metadata import PackageNotFoundError, version

from regionmap.document import Document, MentionInContext, PlaceSummary, analyse, analyse_transcript
from regionmap.errors import DataError, InputError, RegionmapError
from regionmap.extract import Mention, find_mentions
from regionmap.gazetteer import Entry, Gazetteer, load_gazetteer
from regionmap.resolve import Alternative, Place, Resolution, resolve
from regionmap.transcript import Paragraph, Transcript, Turn, load_transcript

__version__ = "0+unknown"
with suppress(PackageNotFoundError):
    __version__ = version("regionmap")

__all__ = [
    "Alternative",
    "DataError",
    "Document",
    "Entry",
    "Gazetteer",
    "InputError",
    "Mention",
    "MentionInContext",
    "Paragraph",
    "Place",
    "PlaceSummary",
    "RegionmapError",
    "Resolution",
    "Transcript",
    "Turn",
    "__version__",
    "analyse",
    "analyse_transcript",
    "find_mentions",
    "load_gazetteer",
    "load_transcript",
    "resolve",
]
