"""The self-contained HTML map: one file that opens offline in any browser.

It is the interactive map of :mod:`regionmap.render.mapview` with each place's
quotes in its popup and the transcript's title as the page title. Every piece
of transcript text passes through :func:`regionmap.render.escape.leaflet_text`.
"""

from __future__ import annotations

from collections.abc import Sequence

import folium

from regionmap.render.escape import leaflet_text
from regionmap.render.mapview import build_map
from regionmap.view.prepare import View
from regionmap.view.quotes import Quote

__all__ = ["to_html"]


def _popup(name: str, quotes: Sequence[Quote]) -> str:
    items = "".join(
        f"<li><b>{leaflet_text(q.speaker or 'No speaker')}</b> (¶{q.paragraph}): "
        f"{leaflet_text(q.sentence)}</li>"
        for q in quotes
    )
    return (
        f"<div class='rm-popup'><b>{leaflet_text(name)}</b>"
        f"<ol style='max-height:240px;overflow:auto;padding-left:18px'>{items}</ol></div>"
    )


def to_html(view: View, *, online_tiles: bool = False) -> bytes:
    """A self-contained HTML map that opens offline; popups list each place's quotes.

    Examples
    --------
    >>> from regionmap import analyse, prepare
    >>> page = to_html(prepare(analyse("Talks in Baku\\nWe met in <b>Baku</b>.")))
    >>> b"<title>Talks in Baku</title>" in page, b"://" in page.split(b"</head>")[0]
    (True, False)
    """
    popups = {
        s.place.place_id: _popup(s.place.name, view.quotes.get(s.place.place_id, ()))
        for s in view.places
    }
    m = build_map(view.layers, online_tiles=online_tiles, popups=popups)
    title = leaflet_text(view.transcript.title or view.transcript.source)
    root = m.get_root()
    root.header.add_child(folium.Element(f"<title>{title}</title>"))
    return root.render().encode("utf-8")
