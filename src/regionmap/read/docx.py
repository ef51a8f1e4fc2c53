"""Paragraphs from a Word .docx file, hostile files refused before parsing.

The reader checks the zip's entry count, total unpacked size and overlapping
entries (zip bombs), and refuses any DOCTYPE or entity declaration in its XML
parts (billion laughs, XXE), before python-docx sees the file.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile

from regionmap.errors import InputError
from regionmap.read.decode import Decoded, clean, finish, normalise_newlines, sniff_binary

__all__ = ["DOCX_MAX_UNPACKED", "read_docx"]

#: How much a .docx may unpack to, at most (or ten times the input limit, if larger).
DOCX_MAX_UNPACKED = 200_000_000
DOCX_MAX_ENTRIES = 2_000
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


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
