"""Visible text from an HTML page, through libxml2's HTML parser (lxml).

The parser fills in the end tags HTML lets authors leave out (``<p>one<p>two``,
a ``<head>`` never closed) and decodes every character reference. Its events
go to a small target object instead of a tree, so depth is unlimited and the
time is linear in the page's size (a tree would stop at 2,048 levels and drop
the rest). Scripts, styles and elements marked hidden are left out; every
block element starts a new line.
"""

from __future__ import annotations

import re

from regionmap.errors import InputError

__all__ = ["html_to_text"]

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td th thead tr ul".split()
)
_DROP_TAGS = frozenset(
    "script style template noscript head title svg math iframe object canvas".split()
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_UNCLOSED = re.compile(r"<(script|style|template|noscript)\b(?![^>]*/>)", re.IGNORECASE)


def _hides(tag: str, attrib: dict) -> bool:
    return (
        tag in _DROP_TAGS
        or "hidden" in attrib
        or (attrib.get("aria-hidden") or "").strip().lower() == "true"
        or bool(_HIDDEN_STYLE.search(attrib.get("style") or ""))
    )


class _VisibleText:
    """lxml parser target: collects the text outside hidden elements."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.stack: list[bool] = []  # per open element: does it hide its content
        self.hiding = 0  # how many open elements hide their content

    def start(self, tag: str, attrib: dict) -> None:
        tag = tag.lower()
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        hides = _hides(tag, attrib)
        self.stack.append(hides)
        self.hiding += hides

    def end(self, tag: str) -> None:
        if self.stack:
            self.hiding -= self.stack.pop()
        if tag.lower() in _BLOCK_TAGS:
            self.parts.append("\n")

    def data(self, data: str) -> None:
        if not self.hiding:
            self.parts.append(data)

    def comment(self, text: str) -> None:
        pass

    def close(self) -> str:
        return "".join(self.parts)


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
    >>> html_to_text('<p>one<p>two<ul><li>three<li>four</ul>')
    'one\\ntwo\\nthree\\nfour'
    """
    from lxml import etree

    parser = etree.HTMLParser(target=_VisibleText(), huge_tree=True, no_network=True)
    try:
        parser.feed(html)
        raw = parser.close()
    except (etree.LxmlError, ValueError) as err:
        raise InputError(f"could not read the HTML: {err}") from err
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in (raw or "").split("\n")]
    text = "\n".join(line for line in lines if line)
    if not text.strip():
        opened = _UNCLOSED.search(html)
        unclosed = opened and f"</{opened.group(1).lower()}" not in html[opened.end() :].lower()
        hint = f" (an unclosed <{opened.group(1).lower()}> hides the rest)" if unclosed else ""
        raise InputError(f"malformed HTML: no visible text{hint}")
    return text
