"""Format readers: visible text from HTML, paragraphs from .docx.

Both refuse hostile input before parsing it: the .docx reader checks the zip's
entry count, total unpacked size and overlapping entries (zip bombs), and any
DOCTYPE or entity declaration in its XML parts (billion laughs, XXE).
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from html.parser import HTMLParser

from regionmap.errors import InputError
from regionmap.readers import Decoded, clean, finish, normalise_newlines, sniff_binary

__all__ = ["html_to_text", "read_docx"]

#: How much a .docx may unpack to, at most (or ten times the input limit, if larger).
DOCX_MAX_UNPACKED = 200_000_000
DOCX_MAX_ENTRIES = 2_000
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

# --------------------------------------------------------------------------- HTML

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td th thead tr ul".split()
)
_DROP_TAGS = frozenset("script style template noscript head svg math iframe object canvas".split())
_VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
_HEAD_TAGS = frozenset("title meta link style script base noscript template".split())
_CONTAINERS = frozenset("table ul ol dl div section article body html td th li blockquote".split())
_CLOSES_P = frozenset(
    "p div ul ol dl table h1 h2 h3 h4 h5 h6 blockquote pre section article header footer "
    "form hr address aside figure main nav".split()
)
_SELF_CLOSING_SIBLINGS = {
    "li": ("li",),
    "dt": ("dt", "dd"),
    "dd": ("dt", "dd"),
    "tr": ("tr", "td", "th"),
    "td": ("td", "th"),
    "th": ("td", "th"),
    "option": ("option",),
}
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

    def _close(self, tag: str, *, within: frozenset[str] = frozenset()) -> None:
        """Pop the nearest open ``tag``, not crossing a container in ``within``."""
        for i in range(len(self.stack) - 1, -1, -1):
            name = self.stack[i][0]
            if name == tag:
                del self.stack[i:]
                return
            if name in within:
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        # End tags that HTML lets authors leave out.
        if tag == "body" or (tag not in _HEAD_TAGS and any(t == "head" for t, _ in self.stack)):
            self._close("head")
        if tag in _CLOSES_P:
            self._close("p", within=_CONTAINERS)
        if tag in _SELF_CLOSING_SIBLINGS:
            for sibling in _SELF_CLOSING_SIBLINGS[tag]:
                self._close(sibling, within=_CONTAINERS)
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
    for (_, end), (start, _) in itertools.pairwise(spans):
        if start < end:
            raise InputError("refused .docx: its archive entries overlap (a zip bomb)")
    if spans and spans[-1][1] > size:
        raise InputError("malformed .docx: the archive is truncated")
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise InputError("malformed .docx: it has no word/document.xml (is it a Word file?)")


def read_docx(data: bytes, *, max_bytes: int) -> Decoded:
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
                xml = info.filename.endswith((".xml", ".rels"))
                # NULs dropped, UTF-16 and UTF-32 parts read as ASCII here.
                if xml and _DECLARATION.search(archive.read(info).replace(b"\x00", b"")):
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
    text, lone = clean("\n".join(paragraphs))
    return finish(Decoded(normalise_newlines(text), "docx", lone, "docx"))


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
