"""The one escaping function for text headed into Leaflet.

folium puts tooltip, popup and label text into JavaScript template literals
and then into ``innerHTML``. HTML escaping alone is not enough there: ``${…}``
is evaluated inside a template literal, a backtick ends it, a backslash
escapes what follows, and ``</script>`` ends the script block. Every piece of
transcript text that reaches the map goes through :func:`leaflet_text`, which
turns each of those characters into an HTML character reference. The browser
shows them literally; JavaScript never sees them as syntax.
"""

from __future__ import annotations

__all__ = ["leaflet_text"]

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
