"""The app's page: one run from the chosen transcript to everything shown."""

from __future__ import annotations

import streamlit as st

from regionmap import InputError, prepare
from regionmap.render.escape import markdown_text
from regionmap.ui.corrections import corrections_sidebar, current_corrections
from regionmap.ui.link import (
    apply_pending,
    current_link,
    finish_pending,
    open_link,
    show_problems,
    write_link,
)
from regionmap.ui.panes import downloads, heading, places_tab, reading_pane, selection_bar
from regionmap.ui.review import review_tab
from regionmap.ui.session import gazetteer, load
from regionmap.ui.sidebar import analysis_sidebar, display_sidebar, filters_sidebar
from regionmap.ui.source import source_sidebar

__all__ = ["main"]


def main() -> None:
    open_link()
    source = source_sidebar()
    prefer, demonyms = analysis_sidebar()
    doc = load(source, prefer, demonyms)
    if doc is None:
        show_problems()
        st.markdown("### regionmap")
        st.info("Choose a transcript in the sidebar.")
        return
    sha = doc.transcript.sha256
    apply_pending(sha)
    try:
        view = prepare(doc, current_corrections(sha), gazetteer=gazetteer())
    except InputError as err:
        st.error(markdown_text(f"Corrections not applied: {err}"))
        view = prepare(doc)
    view = view.filtered(filters_sidebar(sha, view.offer))
    finish_pending(view)
    show_problems()
    shown, online = display_sidebar()
    corrections_sidebar(sha)
    heading(view)
    reading_pane(view, shown, online)
    selection_bar(view)
    downloads(view)
    places, review = st.tabs(["Places", "Review"])
    with places:
        if st.session_state.get("painted"):
            places_tab(view)
        else:  # the map first: the table's grid is heavy to start in the page
            st.caption("The table of places follows in a moment.")
    with review:
        review_tab(view)
    st.session_state["painted"] = True
    write_link(current_link(view, st.session_state.get("doc_ref"), prefer, demonyms))
