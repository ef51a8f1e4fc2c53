"""Reading a transcript: a path, a file's bytes or text the caller has, into one
:class:`~regionmap.read.decode.Decoded` text.

The format comes from the file name's suffix, or from the content when there
is none. Every reader refuses what is not a transcript with an
:class:`~regionmap.errors.InputError` whose message can be shown as it is.
"""

from __future__ import annotations

import os
from pathlib import Path

from regionmap.errors import InputError
from regionmap.read.decode import (
    DEFAULT_MAX_BYTES,
    Decoded,
    check_size,
    clean,
    decode_bytes,
    finish,
    normalise_newlines,
    sniff_binary,
)
from regionmap.read.docx import read_docx
from regionmap.read.html import html_to_text

__all__ = ["read_bytes", "read_path", "read_text"]


def _guess_format(data: bytes, name: str | None) -> str:
    suffix = (name or "").rsplit(".", 1)[-1].lower() if name and "." in name else ""
    if suffix in ("htm", "html", "xhtml"):
        return "html"
    if suffix in ("md", "markdown"):
        return "md"
    if suffix == "docx":
        return "docx"
    if suffix in ("txt", "text", ""):
        if data.startswith(b"PK\x03\x04") and not suffix:
            return "docx"
        start = data[:512].lstrip().lower()
        if not suffix and (start.startswith(b"<!doctype html") or start.startswith(b"<html")):
            return "html"
        return "txt"
    raise InputError(f"unsupported file type .{suffix}: regionmap reads .txt, .md, .html and .docx")


def read_bytes(
    data: bytes, *, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Decoded:
    """Read transcript bytes of any supported format.

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str, optional
        The file name; its suffix picks the format (``.txt``, ``.md``,
        ``.html``, ``.docx``). Without one, the content decides.
    max_bytes : int
        Refuse larger input.

    Raises
    ------
    InputError
        For empty, binary, oversized or malformed input.

    Examples
    --------
    >>> read_bytes(b"Title\\r\\nQuestion: Baku?\\r\\n").text
    'Title\\nQuestion: Baku?\\n'
    >>> read_bytes(b"<p>Hello <b>Baku</b></p><script>x()</script>", name="a.html").text
    'Hello Baku'
    """
    check_size(len(data), max_bytes)
    fmt = _guess_format(data, name)
    if fmt == "docx":
        return read_docx(data, max_bytes=max_bytes)
    what = sniff_binary(data)
    if what:
        raise InputError(f"this is not a transcript: the file looks like {what}")
    text, encoding, replaced = decode_bytes(data)
    text, lone = clean(text)
    if fmt == "html":
        text = html_to_text(text)
    return finish(Decoded(normalise_newlines(text), encoding, replaced + lone, fmt))


def read_text(text: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Accept text the caller already has (pasted text, a ``str``).

    Examples
    --------
    >>> read_text("Baku\\r\\nMoscow").text
    'Baku\\nMoscow'
    """
    if len(text) > max_bytes or len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        check_size(len(text.encode("utf-8", "surrogatepass")), max_bytes)
    if text.startswith("\ufeff"):
        text = text[1:]
    text, lone = clean(text)
    return finish(Decoded(normalise_newlines(text), "str", lone, "txt"))


def read_path(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Read a transcript file from disk, never more than ``max_bytes`` + 1 bytes.

    Raises
    ------
    InputError
        For a missing file, a folder, an unreadable or oversized file, and
        everything :func:`read_bytes` refuses.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # whatever stat says (/proc, devices)
    except IsADirectoryError as err:
        raise InputError(f"{path} is a folder, not a transcript file") from err
    except FileNotFoundError as err:
        raise InputError(f"no such file: {path}") from err
    except OSError as err:
        raise InputError(f"could not read {path}: {err.strerror or err}") from err
    if len(data) > max_bytes:
        size = _size(path)
        shown = f"{size / 1e6:.1f} MB" if size > max_bytes else "more than that"
        raise InputError(
            f"the transcript is too large: {shown}, the limit is {max_bytes / 1e6:.1f} MB"
        )
    return read_bytes(data, name=path.name, max_bytes=max_bytes)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
