"""The app's page: one run from the chosen transcript to everything shown."""

from __future__ import annotations

import streamlit as st

from regionmap import InputError, prepare
from regionmap.render.escape import markdown_text
from regionmap.ui.corrections import corrections_sidebar, current_corrections
from regionmap.ui.panes import (
    downloads,
    heading,
    map_pane,
    places_tab,
    quotes_pane,
    transcript_tab,
)
from regionmap.ui.session import gazetteer, load
from regionmap.ui.sidebar import (
    analysis_sidebar,
    display_sidebar,
    filters_sidebar,
    source_sidebar,
)

__all__ = ["main"]


def main() -> None:
    source = source_sidebar()
    prefer, demonyms = analysis_sidebar()
    doc = load(source, prefer, demonyms)
    if doc is None:
        st.markdown("### regionmap")
        st.info("Choose a transcript in the sidebar.")
        return
    sha = doc.transcript.sha256
    try:
        view = prepare(doc, current_corrections(sha), gazetteer=gazetteer())
    except InputError as err:
        st.error(markdown_text(f"Corrections not applied: {err}"))
        view = prepare(doc)
    view = view.filtered(filters_sidebar(sha, view.offer))
    shown, online = display_sidebar()
    corrections_sidebar(sha)
    heading(view)
    map_col, panel = st.columns([3, 2], gap="medium")
    with map_col:
        map_pane(view, shown, online)
    with panel:
        quotes_pane(view, st.session_state.get("selected"))
    downloads(view)
    places, transcript = st.tabs(["Places", "Transcript"])
    with places:
        places_tab(view)
    with transcript:
        transcript_tab(view)
