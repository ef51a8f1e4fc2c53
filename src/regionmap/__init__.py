"""regionmap: map the places and routes a transcript talks about, offline."""

from contextlib import suppress
from importlib.metadata import PackageNotFoundError, version

from regionmap.errors import DataError, InputError, RegionmapError
from regionmap.transcript import Paragraph, Transcript, Turn, load_transcript

__version__ = "0+unknown"
with suppress(PackageNotFoundError):
    __version__ = version("regionmap")

__all__ = [
    "DataError",
    "InputError",
    "Paragraph",
    "RegionmapError",
    "Transcript",
    "Turn",
    "__version__",
    "load_transcript",
]
