"""Bytes of unknown encoding into one decoded, newline-normalised string.

It recognises binary content by its magic numbers and control characters,
decodes by byte order mark, strict UTF-8 or a legacy code page, counts every
character it had to replace, and records how the bytes were decoded in a
:class:`Decoded`.

The string it returns is *the* text: every offset that later stages produce
indexes into it.
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass

from regionmap.errors import InputError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "Decoded",
    "check_size",
    "clean",
    "decode_bytes",
    "finish",
    "normalise_newlines",
    "sniff_binary",
]

DEFAULT_MAX_BYTES = 20_000_000
"""Largest input accepted by default (20 MB)."""

FORMATS = ("txt", "md", "html", "docx", "pdf", "srt", "vtt")


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document (PDF is not supported yet)"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Microsoft Office file (.doc/.xls); save it as .docx",
    ),
    (b"{\\rtf", "an RTF document; save it as .docx or .txt"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", "a BMP image"),
    (b"OggS", "an Ogg audio file"),
    (b"ID3", "an MP3 audio file"),
    (b"fLaC", "a FLAC audio file"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text read from a file, with how it was decoded.

    Attributes
    ----------
    text : str
        The decoded text with newlines normalised to ``\\n``.
    encoding : str
        The codec that decoded the bytes (``"utf-8"``, ``"cp1251"`` …), or
        ``"str"`` when the caller passed text.
    replaced : int
        How many characters could not be decoded and became U+FFFD.
    format : str
        One of :data:`FORMATS`.
    times : tuple of (int, float)
        For timed input (subtitles): ``(offset, seconds)`` pairs, sorted by
        offset, saying that the text from ``offset`` on was spoken ``seconds``
        after the start, until the next pair. Empty for untimed text.
    """

    text: str
    encoding: str
    replaced: int
    format: str
    times: tuple[tuple[int, float], ...] = ()


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputError(
            f"the transcript is too large: {size / 1e6:.1f} MB, the limit is "
            f"{max_bytes / 1e6:.1f} MB"
        )


def sniff_binary(data: bytes) -> str | None:
    """Say what binary content looks like, or return None for text.

    Examples
    --------
    >>> sniff_binary(b"\\x89PNG\\r\\n\\x1a\\n....")
    'a PNG image'
    >>> sniff_binary("Baku, 28 February".encode()) is None
    True
    """
    for bom, _ in _BOMS:
        if data.startswith(bom):
            return None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    head = data[:8192]
    if b"\x00" in head:
        return "binary data (it contains NUL bytes)"
    controls = sum(1 for b in head if b < 32 and b not in b"\t\n\r\f\v\x1b")
    if head and controls / len(head) > 0.05:
        return "binary data (it is mostly control characters)"
    return None


def clean(text: str) -> tuple[str, int]:
    """Replace lone surrogates (not encodable as UTF-8) and count them."""
    count = len(_LONE_SURROGATE.findall(text))
    if count:
        text = _LONE_SURROGATE.sub("\ufffd", text)
    return text, count


def decode_bytes(data: bytes) -> tuple[str, str, int]:
    """Decode bytes of unknown encoding.

    Returns the text, the encoding used and the number of replaced characters.
    A byte order mark decides first, then strict UTF-8, then
    charset-normalizer's best guess for legacy single-byte encodings.

    Examples
    --------
    >>> decode_bytes("Баку".encode("cp1251"))[1]
    'cp1251'
    >>> decode_bytes("\\ufeffBaku".encode("utf-8"))
    ('Baku', 'utf-8-sig', 0)
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _lossy(data, codec)
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few broken bytes: keep UTF-8 and count the damage.
    lossy, _, bad = _lossy(data, "utf-8")
    multibyte = sum(1 for ch in lossy if ord(ch) > 0x7F and ch != "\ufffd")
    if multibyte >= 4 * bad:
        return lossy, "utf-8", bad
    encoding = _guess_legacy(data)
    if encoding is None:
        return lossy, "utf-8", bad
    return _lossy(data, encoding)


def _replace_and_count(err: UnicodeError) -> tuple[str, int]:
    _COUNTER.replaced += 1
    return "\ufffd", err.end  # type: ignore[attr-defined]


_COUNTER = threading.local()
codecs.register_error("regionmap.replace", _replace_and_count)


def _lossy(data: bytes, codec: str) -> tuple[str, str, int]:
    """Decode with U+FFFD for bad sequences; count only those replacements,
    not U+FFFD characters the file already contained."""
    _COUNTER.replaced = 0
    text = data.decode(codec, errors="regionmap.replace")
    return text, codec, _COUNTER.replaced


# Legacy code pages in the order they are met in practice; breaks ties between
# guesses that charset-normalizer finds equally plausible (short texts).
_LEGACY_PREFERENCE = (
    "cp1251",
    "cp1252",
    "koi8_r",
    "cp1250",
    "cp1254",
    "cp1253",
    "cp1257",
    "cp1256",
    "cp1255",
    "iso8859_5",
    "mac_cyrillic",
    "cp866",
    "latin_1",
    "iso8859_2",
    "iso8859_15",
)


def _guess_legacy(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    sample = data[:200_000]
    guesses = list(from_bytes(sample)) + list(
        from_bytes(sample, cp_isolation=list(_LEGACY_PREFERENCE))
    )
    if not guesses:
        return None
    least = min(g.chaos for g in guesses)
    close = {g.encoding for g in guesses if g.chaos <= least + 0.02}
    rank = {name: i for i, name in enumerate(_LEGACY_PREFERENCE)}
    return min(close, key=lambda name: (rank.get(name, len(rank)), name))


def finish(decoded: Decoded) -> Decoded:
    """The decoded text, or :class:`InputError` when it holds nothing but whitespace."""
    if not decoded.text.strip():
        raise InputError("empty transcript: the file has no text")
    return decoded
