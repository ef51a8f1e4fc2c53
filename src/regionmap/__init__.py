"""regionmap: map the places and routes a transcript talks about, offline.

The pipeline, one stage per subpackage:

- :mod:`regionmap.read`: a file's bytes into one decoded text;
- :mod:`regionmap.transcript`: the text into paragraphs, speaker turns and metadata;
- :mod:`regionmap.places`: mentions found, resolved to places with the gazetteer;
- :mod:`regionmap.view`: corrections and filters applied, layers and quotes per place;
- :mod:`regionmap.render`: the interactive map, the PNG, the HTML page and the data exports;
- :mod:`regionmap.cli` and ``streamlit_app.py``: the command line and the app, both on
  :func:`analyse` and :func:`prepare`.
"""

from regionmap.errors import DataError, InputError, RegionmapError
from regionmap.places.document import (
    Document,
    MentionInContext,
    PlaceSummary,
    analyse,
    analyse_transcript,
)
from regionmap.places.gazetteer import load_gazetteer
from regionmap.places.index import Entry, Gazetteer
from regionmap.places.mentions import Mention, find_mentions
from regionmap.places.resolve import Alternative, Place, Resolution, resolve
from regionmap.transcript.model import Paragraph, Transcript, Turn
from regionmap.transcript.segment import load_transcript
from regionmap.view.corrections import Corrections
from regionmap.view.filters import Filters
from regionmap.view.layers import Layers, to_layers
from regionmap.view.prepare import View, prepare
from regionmap.vocab import PlaceKind, RouteKind, RouteStatus, TurnKind


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
    "Corrections",
    "DataError",
    "Document",
    "Entry",
    "Filters",
    "Gazetteer",
    "InputError",
    "Layers",
    "Mention",
    "MentionInContext",
    "Paragraph",
    "Place",
    "PlaceKind",
    "PlaceSummary",
    "RegionmapError",
    "Resolution",
    "RouteKind",
    "RouteStatus",
    "Transcript",
    "Turn",
    "TurnKind",
    "View",
    "__version__",
    "analyse",
    "analyse_transcript",
    "find_mentions",
    "load_gazetteer",
    "load_transcript",
    "prepare",
    "resolve",
    "to_layers",
]
