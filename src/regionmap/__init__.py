"""regionmap: map the places and routes a transcript talks about, offline."""

from regionmap.document import Document, MentionInContext, PlaceSummary, analyse, analyse_transcript
from regionmap.errors import DataError, InputError, RegionmapError
from regionmap.extract import Mention, find_mentions
from regionmap.gazetteer import Entry, Gazetteer, load_gazetteer
from regionmap.layers import Layers, to_layers
from regionmap.resolve import Alternative, Place, Resolution, resolve
from regionmap.transcript import Paragraph, Transcript, Turn, load_transcript


def __getattr__(name: str) -> str:
    # The version is read on demand: importlib.metadata is slow to import.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("regionmap")
        except PackageNotFoundError:
            return "0+unknown"
    raise AttributeError(f"module 'regionmap' has no attribute {name!r}")


__all__ = [
    "Alternative",
    "DataError",
    "Document",
    "Entry",
    "Gazetteer",
    "InputError",
    "Layers",
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
    "to_layers",
]
