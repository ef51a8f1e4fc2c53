"""Reading transcript files: encodings, formats and the inputs that must be refused."""

from __future__ import annotations

import codecs
import io
import random
import zipfile

import docx
import pytest

from regionmap import InputError, load_transcript
from regionmap.read.decode import decode_bytes
from regionmap.read.docx import DOCX_MAX_UNPACKED
from regionmap.read.html import html_to_text
from regionmap.read.reader import read_bytes

RU_EN = (
    "Talks in Moscow and Baku\n"
    "Встреча в Москве и Баку прошла в дружественной атмосфере.\n"
    "Министры обсудили двусторонние отношения и ситуацию в регионе.\n"
    "Question: Что дальше для Baku? Когда будет следующая встреча?\n"
    "Sergey Lavrov: Всё хорошо. Мы договорились продолжить переговоры весной."
)
SHORT_RU_EN = (
    "Talks in Moscow\nВстреча в Москве и Баку.\nQuestion: Что дальше для Baku?\n"
    "Sergey Lavrov: Всё хорошо."
)

# --------------------------------------------------------------------------- helpers


def _docx_bytes(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def good_docx() -> bytes:
    return _docx_bytes(
        "Talks with Azerbaijan, Baku, February 28, 2023",
        "We had useful talks.",
        "Question: What about the railway?",
        "Sergey Lavrov: It will be built.",
    )


def _replace_part(data: bytes, part: str, content: bytes | None) -> bytes:
    """Copy a .docx, replacing (or with None, dropping) one part."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            if info.filename != part:
                dst.writestr(info.filename, src.read(info))
            elif content is not None:
                dst.writestr(part, content)
    return out.getvalue()


def _document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def _with_doctype(xml: str, doctype: str, marker: str, reference: str) -> str:
    """Insert a DOCTYPE after the XML declaration and an entity reference after marker."""
    declaration_end = xml.index("?>") + 2
    xml = xml[:declaration_end] + "\n" + doctype + xml[declaration_end:]
    return xml.replace(marker, marker + " " + reference, 1)


def _error(source, **kwargs) -> str:
    with pytest.raises(InputError) as info:
        load_transcript(source, **kwargs)
    return str(info.value)


# --------------------------------------------------------------------------- encodings


ENCODINGS = {
    "utf-8": (lambda s: s.encode("utf-8"), {"utf-8"}),
    "utf-8-bom": (lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), {"utf-8-sig", "utf-8"}),
    "utf-16-le-bom": (
        lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"),
        {"utf-16", "utf-16-le"},
    ),
    "utf-16-be-bom": (
        lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"),
        {"utf-16", "utf-16-be"},
    ),
    "cp1251": (lambda s: s.encode("cp1251"), {"cp1251"}),
}


@pytest.mark.parametrize("text", [RU_EN, SHORT_RU_EN], ids=["several-sentences", "short"])
@pytest.mark.parametrize(("encode", "accepted"), ENCODINGS.values(), ids=ENCODINGS.keys())
def test_encodings_decode_to_the_same_text(text, encode, accepted):
    t = load_transcript(encode(text), name="talks.txt")
    assert t.text == text
    assert "\ufeff" not in t.text
    assert codecs.lookup(t.encoding).name in accepted
    assert t.replaced == 0
    assert t.warnings == ()
    assert t.format == "txt"
    assert [u.kind for u in t.turns] == ["statement", "question", "answer"]
    assert t.turns[-1].speaker == "Sergey Lavrov"


@pytest.mark.parametrize(("encode", "accepted"), ENCODINGS.values(), ids=ENCODINGS.keys())
def test_encodings_without_name(encode, accepted):
    t = load_transcript(encode(RU_EN))
    assert t.text == RU_EN
    assert codecs.lookup(t.encoding).name in accepted
    assert t.source == "<bytes>"


def test_str_input_records_str_encoding():
    t = load_transcript(RU_EN)
    assert (t.text, t.encoding, t.replaced, t.format) == (RU_EN, "str", 0, "txt")
    assert load_transcript("\ufeff" + RU_EN).text == RU_EN


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "lone-cr"])
@pytest.mark.parametrize("kind", ["bytes", "str", "path"])
def test_newlines_are_normalised(newline, kind, tmp_path):
    source = RU_EN.replace("\n", newline) + newline
    expected = RU_EN + "\n"
    if kind == "str":
        t = load_transcript(source)
    elif kind == "bytes":
        t = load_transcript(source.encode("utf-8"), name="talks.txt")
    else:
        path = tmp_path / "talks.txt"
        path.write_bytes(source.encode("utf-8"))
        t = load_transcript(path)
    assert t.text == expected
    assert "\r" not in t.text
    assert [u.kind for u in t.turns] == ["statement", "question", "answer"]


def test_mixed_newlines():
    t = load_transcript(b"Title\r\nOne\rTwo\nThree\r\n", name="a.txt")
    assert t.text == "Title\nOne\nTwo\nThree\n"


def test_mostly_utf8_with_bad_bytes():
    i = RU_EN.index("Question")
    j = RU_EN.index("Lavrov")
    broken = RU_EN[:i].encode() + b"\xff" + RU_EN[i:j].encode() + b"\xc3(" + RU_EN[j:].encode()
    t = load_transcript(broken, name="talks.txt")
    assert t.encoding == "utf-8"
    assert t.text == RU_EN[:i] + "\ufffd" + RU_EN[i:j] + "\ufffd(" + RU_EN[j:]
    assert t.replaced == 2
    assert len(t.warnings) == 1
    assert "2 characters" in t.warnings[0]
    assert "U+FFFD" in t.warnings[0]


def test_decode_bytes_examples():
    assert decode_bytes(codecs.BOM_UTF8 + b"Baku") == ("Baku", "utf-8-sig", 0)
    assert decode_bytes("Баку".encode()) == ("Баку", "utf-8", 0)


@pytest.mark.parametrize("word", ["Баку", "Москва", "Привет"], ids=["Baku", "Moskva", "Privet"])
def test_decode_bytes_single_cp1251_word(word):
    assert decode_bytes(word.encode("cp1251")) == (word, "cp1251", 0)


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + "Talks\nThe old tool wrote \ufffd here.".encode(),
        "Talks\nThe old tool wrote \ufffd here.".encode("utf-16"),
    ],
    ids=["utf-8-bom", "utf-16-bom"],
)
def test_legitimate_replacement_character_is_not_counted(data):
    t = load_transcript(data, name="talks.txt")
    assert t.replaced == 0
    assert t.warnings == ()


# --------------------------------------------------------------------------- bad inputs

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64))
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


def _zip_bytes(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("source", "name", "phrase"),
    [
        (b"", "talks.txt", "empty"),
        (b"", None, "empty"),
        (b"   \n\t\r\n  \r", "talks.txt", "empty"),
        ("".encode("utf-16"), "talks.txt", "empty"),
        ("", None, "empty"),
        ("  \n\t\r\n ", None, "empty"),
        (b"\n\n", "talks.md", "empty"),
        (PNG, "talks.txt", "PNG image"),
        (PNG, None, "PNG image"),
        (PNG, "talks.html", "PNG image"),
        (_zip_bytes({"a.txt": b"hello"}), "talks.txt", "ZIP archive"),
        (PDF, "talks.txt", "PDF"),
        (PDF, None, "PDF"),
        (PDF, "talks.pdf", ".pdf"),
        (b"\x7fELF\x02\x01\x01" + bytes(100), "talks.txt", "executable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "talks.txt", ".docx"),
        (b"Talks\x00in\x00Baku\x00" * 10, "talks.txt", "binary"),
        (b"MZ\x90\x00", "talks.exe", "unsupported file type .exe"),
        (b"Talks in Baku\nQuestion: Why?", "talks.exe", "unsupported file type .exe"),
        (b"Talks in Baku", "talks.PDF", ".pdf"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None,
)
def test_bad_input_is_refused(source, name, phrase):
    message = _error(source, name=name)
    assert phrase.lower() in message.lower()


def test_error_message_is_plain():
    message = _error(PNG, name="photo.txt")
    assert message == "this is not a transcript: the file looks like a PNG image"


@pytest.mark.parametrize("kind", ["bytes", "str", "path"])
def test_too_large(kind, tmp_path):
    content = "Talks in Baku\n" + "x" * 2000
    if kind == "bytes":
        source = content.encode()
    elif kind == "str":
        source = content
    else:
        source = tmp_path / "big.txt"
        source.write_text(content, encoding="utf-8")
    message = _error(source, max_bytes=1000)
    assert "too large" in message
    assert "limit" in message


def test_str_limit_counts_utf8_bytes():
    # 600 characters, 1200 UTF-8 bytes
    message = _error("Баку" * 150, max_bytes=1000)
    assert "too large" in message
    assert load_transcript("Baku" * 150, max_bytes=1000).text == "Baku" * 150


def test_exactly_max_bytes_is_accepted():
    data = b"Talks\n" + b"x" * 994
    assert len(data) == 1000
    assert load_transcript(data, max_bytes=1000).text == data.decode()


def test_nonexistent_path(tmp_path):
    missing = tmp_path / "nope" / "talks.txt"
    message = _error(missing)
    assert "no such file" in message
    assert "talks.txt" in message


def test_directory_path(tmp_path):
    message = _error(tmp_path)
    assert "folder" in message


def test_unsupported_suffix_path(tmp_path):
    path = tmp_path / "talks.exe"
    path.write_bytes(b"Talks in Baku")
    assert "unsupported file type .exe" in _error(path)


def test_empty_file_path(tmp_path):
    path = tmp_path / "talks.txt"
    path.write_bytes(b"")
    assert "empty" in _error(path)


# --------------------------------------------------------------------------- malformed .docx


def test_random_bytes_named_docx():
    data = random.Random(7).randbytes(4096)
    message = _error(data, name="talks.docx")
    assert ".docx" in message


def test_truncated_docx(good_docx):
    message = _error(good_docx[: len(good_docx) // 2], name="talks.docx")
    assert "malformed .docx" in message


def test_zip_without_document_xml():
    data = _zip_bytes({"[Content_Types].xml": b"<Types/>", "word/other.xml": b"<x/>"})
    message = _error(data, name="talks.docx")
    assert "word/document.xml" in message
    assert "malformed .docx" in message


def test_zip_with_broken_document_xml(good_docx):
    data = _replace_part(good_docx, "word/document.xml", b"<w:document><unclosed>")
    assert "malformed .docx" in _error(data, name="talks.docx")


def test_docx_without_content_types(good_docx):
    data = _replace_part(good_docx, "[Content_Types].xml", None)
    assert "malformed .docx" in _error(data, name="talks.docx")


def test_empty_docx():
    assert "empty" in _error(_docx_bytes(), name="talks.docx")


def test_zip_bomb_docx_is_refused_before_decompression(good_docx, monkeypatch):
    size = 250_000_000
    assert size > DOCX_MAX_UNPACKED
    out = io.BytesIO()
    zeros = bytes(1 << 20)
    with (
        zipfile.ZipFile(io.BytesIO(good_docx)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst,
    ):
        for info in src.infolist():
            if info.filename == "word/document.xml":
                with dst.open("word/document.xml", "w", force_zip64=True) as part:
                    for _ in range(size // len(zeros)):
                        part.write(zeros)
            else:
                dst.writestr(info.filename, src.read(info))
    bomb = out.getvalue()
    assert len(bomb) < 5_000_000

    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    message = _error(bomb, name="talks.docx")
    assert "zip bomb" in message
    assert "word/document.xml" not in opened  # refused before anything was inflated


def _lying_zip(good_docx: bytes) -> bytes:
    """A .docx whose document.xml inflates to far more than its headers declare."""
    payload = b"<x>" + b" " * 5_000_000 + b"</x>"
    data = bytearray(_replace_part(good_docx, "word/document.xml", payload))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    declared = len(payload).to_bytes(4, "little")
    small = (1000).to_bytes(4, "little")
    # the uncompressed size sits at offset 22 of the local header ...
    local = info.header_offset + 22
    assert data[local : local + 4] == declared
    data[local : local + 4] = small
    # ... and at offset 24 of the central directory entry
    name = info.filename.encode()
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    assert data[central + 24 : central + 28] == declared
    data[central + 24 : central + 28] = small
    return bytes(data)


def test_docx_with_lying_sizes_is_refused(good_docx):
    message = _error(_lying_zip(good_docx), name="talks.docx")
    assert "malformed .docx" in message


BILLION_LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
XXE = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize(
    ("doctype", "reference"),
    [(BILLION_LAUGHS, "&lol9;"), (XXE, "&xxe;")],
    ids=["billion-laughs", "external-entity"],
)
def test_docx_with_entity_declarations_is_refused(good_docx, doctype, reference):
    xml = _with_doctype(_document_xml(good_docx), doctype, "useful talks.", reference)
    data = _replace_part(good_docx, "word/document.xml", xml.encode("utf-8"))
    message = _error(data, name="talks.docx")
    assert "DOCTYPE" in message
    assert "word/document.xml" in message
    assert "root:" not in message
    assert "lollol" not in message


@pytest.mark.parametrize("part", ["word/styles.xml", "_rels/.rels", "[Content_Types].xml"])
def test_docx_with_doctype_in_other_parts_is_refused(good_docx, part):
    with zipfile.ZipFile(io.BytesIO(good_docx)) as archive:
        xml = archive.read(part).decode("utf-8")
    declaration_end = xml.index("?>") + 2
    xml = xml[:declaration_end] + "\n" + XXE + xml[declaration_end:]
    data = _replace_part(good_docx, part, xml.encode("utf-8"))
    message = _error(data, name="talks.docx")
    assert "DOCTYPE" in message
    assert part in message


def test_utf16_docx_with_external_entity_is_refused(good_docx):
    xml = _with_doctype(_document_xml(good_docx), XXE, "useful talks.", "&xxe;")
    xml = xml.replace("encoding='UTF-8'", "encoding='UTF-16'", 1)
    assert "encoding='UTF-16'" in xml
    data = _replace_part(good_docx, "word/document.xml", xml.encode("utf-16"))
    try:
        t = load_transcript(data, name="talks.docx")
    except InputError as err:
        message = str(err)
    else:
        assert "root:" not in t.text  # never leak the file, whatever happens
        pytest.fail(f"accepted a .docx that declares an external entity: {t.text!r}")
    assert "root:" not in message


# --------------------------------------------------------------------------- good .docx

DOCX_TEXT = (
    "Talks with Azerbaijan, Baku, February 28, 2023\n"
    "We had useful talks.\n"
    "Question: What about the railway?\n"
    "Sergey Lavrov: It will be built."
)


def _check_docx_transcript(t):
    assert t.text == DOCX_TEXT
    assert t.format == "docx"
    assert t.encoding == "docx"
    assert t.replaced == 0
    assert t.title == "Talks with Azerbaijan, Baku, February 28, 2023"
    assert [t.text[p.start : p.end] for p in t.paragraphs] == DOCX_TEXT.split("\n")
    assert [p.number for p in t.paragraphs] == [0, 1, 2, 3]
    assert [(u.kind, u.speaker) for u in t.turns] == [
        ("statement", None),
        ("question", "Question"),
        ("answer", "Sergey Lavrov"),
    ]
    assert t.date.isoformat() == "2023-02-28"
    assert t.place == "Baku"


def test_docx_from_bytes(good_docx):
    t = load_transcript(good_docx, name="x.docx")
    _check_docx_transcript(t)
    assert t.source == "x.docx"


def test_docx_from_bytes_without_name(good_docx):
    _check_docx_transcript(load_transcript(good_docx))


def test_docx_from_path(good_docx, tmp_path):
    path = tmp_path / "talks.docx"
    path.write_bytes(good_docx)
    t = load_transcript(path)
    _check_docx_transcript(t)
    assert t.source == str(path)


def test_docx_uppercase_suffix(good_docx):
    _check_docx_transcript(load_transcript(good_docx, name="TALKS.DOCX"))


def test_docx_named_txt_is_refused(good_docx):
    assert "ZIP archive" in _error(good_docx, name="talks.txt")


def test_docx_tables_become_tab_joined_rows():
    data = _docx_bytes(
        "Delegations",
        "Before the table.",
        table=[
            ["Country", "Minister"],
            ["Russia", "Sergey Lavrov"],
            ["Azerbaijan", "Jeyhun\nBayramov"],
        ],
    )
    t = load_transcript(data, name="x.docx")
    assert t.text == (
        "Delegations\nBefore the table.\n"
        "Country\tMinister\nRussia\tSergey Lavrov\nAzerbaijan\tJeyhun Bayramov"
    )


def test_docx_respects_max_bytes(good_docx):
    assert "too large" in _error(good_docx, name="x.docx", max_bytes=1000)


# --------------------------------------------------------------------------- HTML


def _html(body: str) -> str:
    return load_transcript(body.encode("utf-8"), name="page.html").text


def test_html_drops_scripts_styles_and_hidden():
    page = """<!DOCTYPE html>
<html><head><title>Page title</title><style>p { color: red }</style>
<script>var secret = "script";</script></head>
<body>
<h1>Talks in Baku</h1>
<script type="text/javascript">document.write("also script")</script>
<noscript>enable javascript</noscript>
<template><p>template</p></template>
<p>We had useful talks.</p>
<div hidden><p>hidden attribute</p></div>
<div style="color: blue; DISPLAY : none">display none</div>
<span style="visibility:hidden">visibility hidden</span>
<p aria-hidden="TRUE">aria hidden</p>
<p aria-hidden="false">aria visible</p>
<p>Question: What next?</p>
<p>Sergey Lavrov: More talks.</p>
</body></html>"""
    t = load_transcript(page.encode(), name="page.html")
    assert t.text == (
        "Talks in Baku\nWe had useful talks.\naria visible\n"
        "Question: What next?\nSergey Lavrov: More talks."
    )
    assert t.format == "html"
    assert [u.kind for u in t.turns] == ["statement", "question", "answer"]


def test_html_block_elements_become_paragraphs():
    t = load_transcript(
        b"<h1>Talks in Baku</h1><div>One</div><div>Two<br>Three</div>"
        b"<ul><li>Four</li><li>Five</li></ul><table><tr><td>Six</td><td>Seven</td></tr></table>"
        b"<p>Eight <b>bold</b> <i>and</i>  <a href='#'>linked</a></p>",
        name="page.html",
    )
    assert t.text.split("\n") == [
        "Talks in Baku",
        "One",
        "Two",
        "Three",
        "Four",
        "Five",
        "Six",
        "Seven",
        "Eight bold and linked",
    ]
    assert [p.number for p in t.paragraphs] == list(range(9))


def test_html_entities_are_decoded():
    text = _html(
        "<p>Talks</p><p>Russia &amp; Azerbaijan &lt;3&gt; &#1041;&#x430;ku &eacute;t&eacute;"
        " &mdash; &quot;Baku&quot; &#39;yes&#39; In&nbsp;Baku</p>"
    )
    assert text == "Talks\nRussia & Azerbaijan <3> Баku été — \"Baku\" 'yes' In\xa0Baku"


def test_html_detected_without_name():
    t = load_transcript(b"<!DOCTYPE html><html><body><p>Talks</p><p>In Baku</p></body></html>")
    assert t.format == "html"
    assert t.text == "Talks\nIn Baku"


def test_html_suffixes():
    for name in ("a.htm", "a.HTML", "a.xhtml"):
        assert load_transcript(b"<p>Talks</p><p>Baku</p>", name=name).text == "Talks\nBaku"


def test_html_in_cp1251():
    t = load_transcript(f"<p>{RU_EN}</p>".replace("\n", "</p><p>").encode("cp1251"), name="a.html")
    assert t.text == RU_EN


@pytest.mark.parametrize("tag", ["script", "style"])
def test_html_unclosed_script_swallows_everything(tag):
    page = f"<html><body><{tag}>var x = 1;<p>Talks in Baku</p><p>Question: Why?</p></body></html>"
    message = _error(page.encode(), name="page.html")
    assert "malformed HTML" in message
    assert f"unclosed <{tag}>" in message


def test_html_with_only_hidden_content():
    assert "no visible text" in _error(b"<div hidden>Talks</div>", name="a.html")


def test_html_to_text_example():
    assert html_to_text("<h1>Talks</h1><div hidden>secret</div><p>In&nbsp;Baku</p>") == (
        "Talks\nIn\xa0Baku"
    )


def test_html_without_closing_head():
    page = b"<html><head><title>Talks</title><body><p>Talks in Baku</p><p>Question: Why?</p>"
    assert _html(page.decode()) == "Talks in Baku\nQuestion: Why?"


def test_html_hidden_paragraph_implicitly_closed():
    page = "<p>Talks in Baku</p><p hidden>secret<p>Question: Why?</p><p>Sergey Lavrov: Yes.</p>"
    assert _html(page) == "Talks in Baku\nQuestion: Why?\nSergey Lavrov: Yes."


# --------------------------------------------------------------------------- Markdown


@pytest.mark.parametrize("heading", ["# ", "## ", "#  "])
def test_markdown_title_heading_is_stripped(heading):
    title = "Talks with Azerbaijan, Baku, February 28, 2023"
    source = f"{heading}{title}\n\nOpening.\n\nQuestion: Why?\n"
    t = load_transcript(source.encode(), name="talks.md")
    assert t.format == "md"
    assert t.title == "Talks with Azerbaijan, Baku, February 28, 2023"
    assert t.text.startswith(heading)  # the text itself is unchanged
    assert t.place == "Baku"
    assert [u.kind for u in t.turns] == ["statement", "question"]


def test_markdown_suffix_variants():
    assert load_transcript(b"# Talks\nBody", name="a.markdown").format == "md"


def test_read_bytes_docstring_examples():
    assert read_bytes(b"Title\r\nQuestion: Baku?\r\n").text == "Title\nQuestion: Baku?\n"
    decoded = read_bytes(b"<p>Hello <b>Baku</b></p><script>x()</script>", name="a.html")
    assert decoded.text == "Hello Baku"
