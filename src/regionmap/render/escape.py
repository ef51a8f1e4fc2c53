"""Every escaping rule for untrusted text, in one place.

- :func:`leaflet_text` for text headed into Leaflet (tooltips, popups, labels);
- :func:`markdown_text` and :func:`marked_html` for the app's Markdown and HTML;
- :func:`script_json` for data handed to the page's own JavaScript;
- :func:`xml_safe` for XML outputs (KML).

folium puts tooltip, popup and label text into JavaScript template literals
and then into ``innerHTML``. HTML escaping alone is not enough there: ``${…}``
is evaluated inside a template literal, a backtick ends it, a backslash
escapes what follows, and ``</script>`` ends the script block. Every piece of
transcript text that reaches the map goes through :func:`leaflet_text`, which
turns each of those characters into an HTML character reference. The browser
shows them literally; JavaScript never sees them as syntax.
"""

from __future__ import annotations

import html
import re

__all__ = ["leaflet_text", "markdown_text", "marked_html", "script_json", "xml_safe"]

_REFERENCES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#39;",
        "`": "&#96;",
        "$": "&#36;",
        "\\": "&#92;",
        "{": "&#123;",
        "}": "&#125;",
        "\n": " ",
        "\r": " ",
        "\u2028": " ",
        "\u2029": " ",
    }
)


def leaflet_text(text: object) -> str:
    """Text made inert for a Leaflet tooltip or popup built by folium.

    Examples
    --------
    >>> leaflet_text("</script><img src=x onerror=`${alert(1)}`>")
    '&lt;/script&gt;&lt;img src=x onerror=&#96;&#36;&#123;alert(1)&#125;&#96;&gt;'
    >>> leaflet_text("Côte d'Ivoire \\\\1")
    'Côte d&#39;Ivoire &#92;1'
    """
    return str(text).translate(_REFERENCES)


# Characters XML 1.0 forbids: C0 controls but tab, LF and CR; lone surrogates; U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: object) -> str:
    """Text without the characters XML 1.0 forbids (KML and other XML outputs).

    The XML writer escapes ``<``, ``&`` and quotes itself; these characters
    cannot be written at all, escaped or not, so they are dropped.

    Examples
    --------
    >>> xml_safe("Baku\\x00\\x1b and\\tGoris")
    'Baku and\\tGoris'
    """
    return _NOT_XML.sub("", str(text))


_MARKDOWN = str.maketrans({ch: "\\" + ch for ch in "\\`*_{}[]()#+-.!|~$:"})


def markdown_text(text: object) -> str:
    """Untrusted text for Streamlit's Markdown (with HTML allowed): every Markdown
    metacharacter backslash-escaped, then every HTML metacharacter escaped.

    Examples
    --------
    >>> print(markdown_text("![x](//evil.example/a.png) <b>"))
    \\!\\[x\\]\\(//evil\\.example/a\\.png\\) &lt;b&gt;
    """
    return html.escape(str(text).translate(_MARKDOWN), quote=True)


def marked_html(text: str, start: int, end: int) -> str:
    """``text`` as safe HTML with ``text[start:end]`` in a ``<mark>``.

    Examples
    --------
    >>> print(marked_html("We met in Baku.", 10, 14))
    We met in <mark>Baku</mark>\\.
    """
    return (
        markdown_text(text[:start])
        + "<mark>"
        + markdown_text(text[start:end])
        + "</mark>"
        + markdown_text(text[end:])
    )


_SCRIPT_UNSAFE = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


def script_json(value: object) -> str:
    """``value`` as JSON that is safe inside an HTML ``<script>`` element and as a
    JavaScript expression.

    ``<``, ``>`` and ``&`` appear only inside JSON strings, where they are written
    as ``\\u003c``… escapes: no ``</script>``, no ``<!--``, no HTML entity. JSON is
    data, never a template literal, so ``${…}`` and backticks are inert; the page's
    script puts text into the document with ``textContent`` only.

    Examples
    --------
    >>> print(script_json({"name": "</script><b>${x}</b>"}))
    {"name":"\\u003c/script\\u003e\\u003cb\\u003e${x}\\u003c/b\\u003e"}
    """
    import json

    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.translate(_SCRIPT_UNSAFE)
