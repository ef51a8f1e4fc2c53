"""Read a transcript file into one decoded, newline-normalised string.

This is the first stage of the pipeline. It accepts ``.txt``, ``.md``,
``.html`` and ``.docx`` content, refuses what is not a transcript (binary
files, zip bombs, XML with entity declarations, oversized input) with an
:class:`~regionmap.errors.InputError`, and records how the bytes were decoded.

The string it returns is *the* text: every offset that later stages produce
indexes into it.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser

from regionmap.errors import InputError

__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "Decoded", "decode_bytes", "read_bytes", "read_text"]

DEFAULT_MAX_BYTES = 20_000_000
"""Largest input accepted by default (20 MB)."""

FORMATS = ("txt", "md", "html", "docx")

#: How much larger than the input a .docx may unpack to, at most.
DOCX_MAX_UNPACKED = 200_000_000
DOCX_MAX_ENTRIES = 2_000

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
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc/.xls); save it as .docx"),
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
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


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
    """

    text: str
    encoding: str
    replaced: int
    format: str


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_size(size: int, max_bytes: int) -> None:
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


def _clean(text: str) -> tuple[str, int]:
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
            text = data.decode(codec, errors="replace")
            return text, codec, text.count("\ufffd")
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few broken bytes: keep UTF-8 and count the damage.
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    multibyte = sum(1 for ch in lossy if ord(ch) > 0x7F and ch != "\ufffd")
    if multibyte >= 4 * bad:
        return lossy, "utf-8", bad
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=None).best()
    if best is None:
        return lossy, "utf-8", bad
    encoding = best.encoding
    text = data.decode(encoding, errors="replace")
    return text, encoding, text.count("\ufffd")


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
    raise InputError(
        f"unsupported file type .{suffix}: regionmap reads .txt, .md, .html and .docx"
    )


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
    _check_size(len(data), max_bytes)
    fmt = _guess_format(data, name)
    if fmt == "docx":
        return _read_docx(data, max_bytes=max_bytes)
    what = sniff_binary(data)
    if what:
        raise InputError(f"this is not a transcript: the file looks like {what}")
    text, encoding, replaced = decode_bytes(data)
    text, lone = _clean(text)
    if fmt == "html":
        text = html_to_text(text)
    return _finish(Decoded(_normalise_newlines(text), encoding, replaced + lone, fmt))


def read_text(text: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Accept text the caller already has (pasted text, a ``str``).

    Examples
    --------
    >>> read_text("Baku\\r\\nMoscow").text
    'Baku\\nMoscow'
    """
    if len(text) > max_bytes or len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        _check_size(len(text.encode("utf-8", "surrogatepass")), max_bytes)
    if text.startswith("\ufeff"):
        text = text[1:]
    text, lone = _clean(text)
    return _finish(Decoded(_normalise_newlines(text), "str", lone, "txt"))


def _finish(decoded: Decoded) -> Decoded:
    if not decoded.text.strip():
        raise InputError("empty transcript: the file has no text")
    return decoded


# --------------------------------------------------------------------------- HTML

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section table tbody td th thead tr ul".split()
)
_DROP_TAGS = frozenset("script style template noscript head svg math iframe object canvas".split())
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


class _TextExtractor(HTMLParser):
    """Collect visible text; drop scripts, styles and hidden elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its content)

    @property
    def hidden(self) -> bool:
        return any(hides for _, hides in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag in _VOID_TAGS:
            return
        values = dict(attrs)
        hides = (
            tag in _DROP_TAGS
            or "hidden" in values
            or (values.get("aria-hidden") or "").lower() == "true"
            or bool(_HIDDEN_STYLE.search(values.get("style") or ""))
        )
        self.stack.append((tag, hides))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML document, one block element per line.

    Raises
    ------
    InputError
        When the document has no visible text, for instance because a
        ``<script>`` is never closed.

    Examples
    --------
    >>> html_to_text('<h1>Talks</h1><div hidden>secret</div><p>In&nbsp;Baku</p>')
    'Talks\\nIn\\xa0Baku'
    """
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError) as err:  # pragma: no cover - parser is lenient
        raise InputError(f"could not read the HTML: {err}") from err
    raw = "".join(parser.parts)
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in raw.split("\n")]
    text = "\n".join(line for line in lines if line)
    if not text.strip():
        unclosed = [tag for tag, hides in parser.stack if hides]
        hint = f" (an unclosed <{unclosed[0]}> hides the rest)" if unclosed else ""
        raise InputError(f"malformed HTML: no visible text{hint}")
    return text


# --------------------------------------------------------------------------- DOCX


def _check_zip(archive: zipfile.ZipFile, *, size: int, max_unpacked: int) -> None:
    infos = archive.infolist()
    if len(infos) > DOCX_MAX_ENTRIES:
        raise InputError(f"malformed .docx: {len(infos)} entries in the archive")
    total = sum(info.file_size for info in infos)
    if total > max_unpacked:
        raise InputError(
            f"refused .docx: it would unpack to {total / 1e6:.0f} MB "
            f"(limit {max_unpacked / 1e6:.0f} MB); this looks like a zip bomb"
        )
    spans = sorted(
        (info.header_offset, info.header_offset + len(info.filename) + 30 + info.compress_size)
        for info in infos
    )
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        if start < end:
            raise InputError("refused .docx: its archive entries overlap (a zip bomb)")
    if spans and spans[-1][1] > size:
        raise InputError("malformed .docx: the archive is truncated")
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise InputError("malformed .docx: it has no word/document.xml (is it a Word file?)")


def _read_docx(data: bytes, *, max_bytes: int) -> Decoded:
    what = sniff_binary(data)
    if what and not data.startswith(b"PK"):
        raise InputError(f"this is not a .docx: the file looks like {what}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as err:
        raise InputError(f"malformed .docx: not a valid zip archive ({err})") from err
    with archive:
        _check_zip(archive, size=len(data), max_unpacked=max(DOCX_MAX_UNPACKED, 10 * max_bytes))
        try:
            for info in archive.infolist():
                if info.filename.endswith((".xml", ".rels")):
                    if _DECLARATION.search(archive.read(info)):
                        raise InputError(
                            "refused .docx: it declares a DOCTYPE or XML entities "
                            f"({info.filename}), which Word never writes"
                        )
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as err:
            raise InputError(f"malformed .docx: {err}") from err
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        paragraphs = _docx_blocks(document)
    except InputError:
        raise
    except Exception as err:  # python-docx raises many types on broken parts
        raise InputError(f"malformed .docx: {type(err).__name__}: {err}") from err
    text, lone = _clean("\n".join(paragraphs))
    return _finish(Decoded(_normalise_newlines(text), "docx", lone, "docx"))


def _docx_blocks(document: object) -> list[str]:
    """Paragraph texts in document order, table rows as tab-joined cells."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    for block in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                out.append("\t".join(cell.text.replace("\n", " ") for cell in row.cells))
    return out
