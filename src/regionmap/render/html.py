"""The self-contained HTML page: the reading view in one file that opens offline.

It is the interactive map of :mod:`regionmap.render.mapview` with its panel of
quotes, transcript and places, the title, the date, the speakers and a legend,
answering every click in the browser with no server and no outside request.
"""

from __future__ import annotations

import folium

from regionmap.render.escape import leaflet_text
from regionmap.render.mapview import build_map
from regionmap.view.prepare import View

__all__ = ["to_html"]


def to_html(view: View, *, online_tiles: bool = False, panel: bool = True) -> bytes:
    """The reading view of ``view`` as one HTML file.

    ``panel`` off gives the map alone (for a browser screenshot).

    Examples
    --------
    >>> from regionmap import analyse, prepare
    >>> page = to_html(prepare(analyse("Talks in Baku\\nWe met in <b>Baku</b>.")))
    >>> b"<title>Talks in Baku</title>" in page, b"://" in page.split(b"</head>")[0]
    (True, False)
    >>> b"<b>Baku</b>" in page  # the text travels as escaped JSON, shown with textContent
    False
    """
    m = build_map(view, online_tiles=online_tiles, panel=panel)
    title = leaflet_text(view.transcript.title or view.transcript.source)
    root = m.get_root()
    root.header.add_child(folium.Element(f"<title>{title}</title>"))
    return root.render().encode("utf-8")
