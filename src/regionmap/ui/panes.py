"""The main area: the heading, the reading view (the map with its panel of quotes,
transcript and places), the selected place's corrections, downloads and the places
table. Every piece of transcript text is escaped through :mod:`regionmap.render.escape`.
"""

from __future__ import annotations

import streamlit as st

from regionmap.render.escape import markdown_text
from regionmap.render.mapview import build_map, clicked_place, selection_command
from regionmap.ui.corrections import correction_panel
from regionmap.ui.session import choose, reset_filters, selected

__all__ = ["MAP_HEIGHT", "downloads", "heading", "places_tab", "reading_pane", "selection_bar"]


def heading(view) -> None:
    t, doc = view.transcript, view.corrected
    st.markdown(f"### {markdown_text(t.title or t.source)}", unsafe_allow_html=True)
    facts = (
        t.date.isoformat() if t.date else None,
        t.place,
        t.source,
        f"{len(doc.mentions)} mentions",
        f"{len(doc.places)} places",
    )
    st.caption(markdown_text(" · ".join(x for x in facts if x)))
    # One container whatever it holds: the map after it keeps its place in the page, so a
    # filter that hides places updates the map instead of mounting a new one.
    with st.container():
        for warning in t.warnings:
            st.warning(markdown_text(warning))
        if not view.corrected.places:
            st.warning("No places found.")
        elif view.hidden:
            shown, total = len(view.places), len(view.corrected.places)
            note, reset = st.columns([4, 1])
            note.info(f"The filters hide {view.hidden} of {total} places; {shown} are shown.")
            reset.button(
                "Show every place",
                key="show_everything",
                on_click=reset_filters,
                args=(view.transcript.sha256,),
            )


MAP_HEIGHT = 700  # pixels: the map and, beside it, the reading panel with its own scroll


def reading_pane(view, shown: tuple[str, ...], online: bool) -> None:
    """The map with its reading panel. Clicks are answered in the page; the page then
    tells the app what is selected (for corrections and the link)."""
    from streamlit_folium import st_folium

    command = st.session_state.get("command")
    center, zoom = st.session_state.pop("initial_view", (None, None))  # from a link, once
    report = st_folium(
        # Rebuilt on every run: st_folium rewrites the map's element ids while it
        # renders, so a map object must not be reused. Its content hash stays the
        # same, so the map in the page is not remounted by a rerun.
        build_map(view, online_tiles=online, show=shown, bridge=True),
        key="map",
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=selection_command(*command[:1], nonce=command[1]) if command else None,
        center=center,
        zoom=zoom,
        returned_objects=[
            "last_active_drawing",
            "last_object_clicked_count",
            "bounds",
            "center",
            "zoom",
        ],
    )
    report = report or {}
    st.session_state["view_bounds"] = report.get("bounds")
    st.session_state["map_view"] = (report.get("center"), report.get("zoom"))
    clicks = report.get("last_object_clicked_count")
    if clicks and clicks != st.session_state.get("map_clicks"):
        # The reader selected in the page (map, transcript, list): record it.
        st.session_state["map_clicks"] = clicks
        st.session_state["selected"] = clicked_place(report)
        st.session_state["command"] = None


def selection_bar(view) -> None:
    """The selected place, and the form that corrects it."""
    summary = view.place(selected())
    if summary is None:
        st.caption(
            "Select a place on the map, in the transcript or in the list to read its quotes; "
            "its corrections appear here."
        )
        return
    p = summary.place
    where = f"{p.lat:.4f}, {p.lon:.4f}" if p.lat is not None else "not geocoded"
    facts = f"{p.kind} · {summary.count} mentions · {where} · confidence {p.confidence:.2f}"
    st.markdown(f"**{markdown_text(p.name)}** · {markdown_text(facts)}")
    st.caption(markdown_text(p.source))
    correction_panel(view, summary)


def downloads(view) -> None:
    """Download buttons; each file is built in memory when its button is pressed."""
    from regionmap.geo import BBox
    from regionmap.render import export
    from regionmap.render.html import to_html
    from regionmap.render.snapshot import render_png

    t = view.transcript
    stem = (t.source.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "regionmap")[:60]
    subtitle = " · ".join(x for x in (t.date.isoformat() if t.date else None, t.place) if x)
    bbox = BBox.from_leaflet(st.session_state.get("view_bounds"))
    files = [
        ("PNG", "png", "image/png", lambda: render_png(
            view.layers, title=t.title or t.source, subtitle=subtitle, bbox=bbox)),
        ("HTML", "html", "text/html", lambda: to_html(view)),
        ("GeoJSON", "geojson", "application/geo+json", lambda: export.to_geojson(view)),
        ("CSV", "csv", "text/csv", lambda: export.to_csv(view)),
        ("KML", "kml", "application/vnd.google-earth.kml+xml", lambda: export.to_kml(view)),
    ]  # fmt: skip
    for col, (label, ext, mime, build) in zip(st.columns(len(files)), files, strict=True):
        col.download_button(
            label, build, file_name=f"{stem}.{ext}", mime=mime, key=f"download_{ext}",
            on_click="ignore", width="stretch", disabled=not view.places,
        )  # fmt: skip


def places_tab(view) -> None:
    """Every visible place as a table; choosing one selects it on the map."""
    labels = {f"{s.place.name} ({s.place.kind}, {s.count})": s.place.place_id for s in view.places}

    def pick() -> None:
        label = st.session_state.get("place_pick")
        if label in labels:
            choose(labels[label])

    st.selectbox(
        "Select on the map", list(labels), index=None, key="place_pick", on_change=pick,
        placeholder="Choose a place…",
    )  # fmt: skip
    rows = [
        {
            "place": s.place.name,
            "kind": str(s.place.kind),
            "mentions": s.count,
            "speakers": ", ".join(s.speakers),
            "confidence": s.place.confidence,
            "place_id": s.place.place_id,
        }
        for s in view.places
    ]
    table = st.dataframe(
        rows, key="places_table", on_select="rerun", selection_mode="single-row",
        hide_index=True, width="stretch",
    )  # fmt: skip
    chosen = table.selection.rows if table and table.selection else []
    if chosen and rows[chosen[0]]["place_id"] != st.session_state.get("row_pick"):
        st.session_state["row_pick"] = rows[chosen[0]]["place_id"]
        choose(rows[chosen[0]]["place_id"])
        st.rerun()
