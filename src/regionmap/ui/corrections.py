"""Corrections in the app: the form under a place, the sidebar, and where they are kept.

A session keeps each transcript's corrections in ``st.session_state`` and
saves them in the user data folder, so they survive a restart and can be
downloaded and loaded again.
"""

from __future__ import annotations

import streamlit as st

from regionmap import InputError, RegionmapError
from regionmap.render.escape import markdown_text
from regionmap.ui.session import choose, gazetteer
from regionmap.view import corrections as corr

__all__ = [
    "correction_panel",
    "corrections_sidebar",
    "current_corrections",
    "entry_picker",
    "store",
]


def current_corrections(sha: str) -> corr.Corrections:
    """This session's corrections of the transcript (first read from the user's folder)."""
    key = ("corrections", sha)
    if key not in st.session_state:
        try:
            st.session_state[key] = corr.load(sha)
        except (RegionmapError, OSError) as err:
            st.warning(markdown_text(f"Stored corrections could not be read: {err}"))
            st.session_state[key] = corr.Corrections(sha)
    return st.session_state[key]


def store(corrections: corr.Corrections, *, select: str | None = None) -> None:
    """Keep the corrections (session and user folder) and show the corrected place."""
    st.session_state[("corrections", corrections.text_sha256)] = corrections
    if select is not None:
        choose(select)
    try:
        corr.save(corrections)
    except OSError as err:
        st.warning(markdown_text(f"Corrections kept for this session only: {err}"))
    st.rerun()


def entry_picker(label: str, key: str) -> str | None:
    """A gazetteer search box and a choice of results; returns a place_id or None."""
    query = st.text_input(label, key=f"{key}_query", placeholder="Type a place name…")
    if not query.strip():
        return None
    found = gazetteer().search(query, limit=12)
    if not found:
        st.caption("No gazetteer place matches that.")
        return None
    labels = {f"{e.name} ({e.kind}, {e.country or '—'}) · {e.place_id}": e.place_id for e in found}
    return labels[st.selectbox("Matches", list(labels), key=f"{key}_choice")]


def correction_panel(view, summary) -> None:
    corrections = current_corrections(view.transcript.sha256)
    p = summary.place
    with st.expander("Correct this place"):
        if p.alternatives:
            alt = {f"{a.name} ({a.country or a.kind})": a.place_id for a in p.alternatives}
            choice = st.selectbox("One of the alternatives", list(alt), key="alt_choice")
            if st.button("Use this alternative", key="use_alt"):
                store(corrections.replacing(p.place_id, alt[choice]), select=alt[choice])
        other = entry_picker("Another gazetteer place", "other")
        if other and st.button("Use this place", key="use_other"):
            store(corrections.replacing(p.place_id, other), select=other)
        if st.button("Not a place", key="not_place"):
            store(corrections.removing(p.place_id))


def corrections_sidebar(sha: str) -> None:
    corrections = current_corrections(sha)
    st.sidebar.header("Corrections")
    with st.sidebar.expander("Add a missed place"):
        surface = st.text_input("Name as written in the transcript", key="add_surface")
        target = entry_picker("Gazetteer place", "add")
        if st.button("Add to every occurrence", key="add_place", disabled=not target):
            try:
                store(corrections.adding(surface, target))
            except InputError as err:
                st.error(markdown_text(str(err)))
    st.sidebar.download_button(
        "Download corrections",
        corrections.to_json().encode("utf-8"),
        file_name=f"regionmap-corrections-{sha[:12]}.json",
        mime="application/json",
        key="download_corrections",
        disabled=not corrections,
    )
    upload = st.sidebar.file_uploader("Load corrections", type=["json"], key="corrections_upload")
    if upload is not None and upload.file_id != st.session_state.get("corrections_file"):
        st.session_state["corrections_file"] = upload.file_id
        try:
            store(corr.Corrections.from_json(upload.getvalue(), text_sha256=sha))
        except InputError as err:
            st.sidebar.error(markdown_text(str(err)))
    if corrections and st.sidebar.button("Clear corrections", key="clear_corrections"):
        store(corr.Corrections(sha))
