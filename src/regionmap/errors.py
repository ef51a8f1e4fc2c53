"""The project's exception types.

Every failure a user can cause (an empty file, a PNG renamed to ``.txt``, a
broken ``.docx``) raises :class:`RegionmapError` or a subclass, with a message
meant to be shown as it is, in the app and on the command line.
"""

from __future__ import annotations

__all__ = ["DataError", "InputError", "RegionmapError"]


class RegionmapError(Exception):
    """Base class of every error regionmap raises on purpose.

    Examples
    --------
    >>> try:
    ...     raise InputError("empty transcript")
    ... except RegionmapError as err:
    ...     print(err)
    empty transcript
    """


class InputError(RegionmapError, ValueError):
    """A transcript that cannot be read: empty, binary, too large or malformed."""


class DataError(RegionmapError, RuntimeError):
    """Shipped or user-supplied geodata that is missing, truncated or invalid."""
