"""The main area: the heading, the map, the quotes of the selected place, downloads,
the places and the transcript. Every piece of transcript text is escaped through
:mod:`regionmap.render.escape`.
"""

from __future__ import annotations

import streamlit as st

from regionmap.render import style
from regionmap.render.escape import markdown_text, marked_html
from regionmap.render.mapview import build_map, clicked_place
from regionmap.ui.corrections import correction_panel
from regionmap.ui.session import reset_filters
from regionmap.ui.sidebar import NO_SPEAKER

__all__ = ["downloads", "heading", "map_pane", "places_tab", "quotes_pane", "transcript_tab"]


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


def map_pane(view, shown: tuple[str, ...], online: bool) -> None:
    from streamlit_folium import st_folium

    report = st_folium(
        # Rebuilt on every run: st_folium rewrites the map's element ids while it
        # renders, so a map object must not be reused. Its content hash stays the
        # same, so the map in the page is not remounted by a click.
        build_map(
            view.layers,
            online_tiles=online,
            show=shown,
            highlight=frozenset(st.session_state.get("paragraph_places", ())),
        ),
        key="map",
        height=560,
        use_container_width=True,
        returned_objects=["last_active_drawing", "last_object_clicked_count", "bounds"],
    )
    report = report or {}
    st.session_state["view_bounds"] = report.get("bounds")
    clicks = report.get("last_object_clicked_count")
    place_id = clicked_place(report)
    if place_id and clicks != st.session_state.get("map_clicks"):
        # A new click, even on the place already shown: select what it hit.
        st.session_state["map_clicks"] = clicks
        st.session_state["selected"] = place_id
    legend = " ".join(
        f'<span style="color:{style.colour(k)}">●</span> {k}' for k in view.offer.kinds
    )
    st.markdown(legend, unsafe_allow_html=True)  # constant text: vocabulary and colours


def quotes_pane(view, place_id: str | None) -> None:
    summary = view.place(place_id)
    if summary is None:
        st.info(
            "Click a place, route or region on the map (or a row in the Places tab) "
            "to read every quote that mentions it."
        )
        return
    p = summary.place
    st.subheader(p.name, anchor=False)
    where = f"{p.lat:.4f}, {p.lon:.4f}" if p.lat is not None else "not geocoded"
    st.caption(markdown_text(f"{p.kind} · {where} · confidence {p.confidence:.2f} · {p.source}"))
    if p.alternatives:
        others = "; ".join(
            f"{a.name} ({a.country or a.kind}, {a.score:.2f})" for a in p.alternatives
        )
        st.caption(markdown_text(f"Alternatives: {others}"))
    correction_panel(view, summary)
    quotes = view.quotes.get(p.place_id, ())
    st.markdown(f"**{len(quotes)} quote{'s' if len(quotes) != 1 else ''}**")
    for q in quotes:
        who = q.speaker or NO_SPEAKER
        label = f"¶{q.paragraph} · {who}" + (f" ({q.turn_kind})" if q.turn_kind else "")
        with st.container(border=True):
            st.caption(markdown_text(label))
            st.markdown(
                marked_html(q.sentence, q.mention_start, q.mention_end), unsafe_allow_html=True
            )
            with st.expander("Whole paragraph"):
                st.text(q.paragraph_text)


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
    labels = {f"{s.place.name} ({s.place.kind}, {s.count})": s.place.place_id for s in view.places}

    def choose() -> None:
        label = st.session_state.get("place_pick")
        if label in labels:
            st.session_state["selected"] = labels[label]

    st.selectbox(
        "Show the quotes of", list(labels), index=None, key="place_pick", on_change=choose,
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
        st.session_state["row_pick"] = st.session_state["selected"] = rows[chosen[0]]["place_id"]
        st.rerun()


def transcript_tab(view) -> None:
    t = view.transcript
    numbers = [p.number for p in t.paragraphs]
    number = st.selectbox("Highlight the places of paragraph", [None, *numbers], key="paragraph")
    ids = {m.place.place_id for m in view.document.mentions if m.paragraph == number}
    if ids != st.session_state.get("paragraph_places", set()):
        st.session_state["paragraph_places"] = ids
        st.rerun()
    for p in t.paragraphs:
        turn = t.turn(p.turn)
        who = turn.speaker if turn and turn.speaker else ""
        st.markdown(f"**¶{p.number}** {markdown_text(who)}", unsafe_allow_html=True)
        st.text(t.text[p.start : p.end])
