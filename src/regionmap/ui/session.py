"""The app's session: cached parsing, the document shown, and per-transcript filter state.

Everything here lives in ``st.session_state`` (one per browser tab) or in
Streamlit's caches (the gazetteer is shared read-only by every session; parse
results are cached per text and options).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from regionmap import InputError, RegionmapError, analyse, load_gazetteer
from regionmap.read.decode import DEFAULT_MAX_BYTES
from regionmap.render.escape import markdown_text
from regionmap.view.filters import Exclusions

__all__ = [
    "FilterState",
    "choose",
    "country_names",
    "filter_state",
    "gazetteer",
    "load",
    "parse",
    "reset_filters",
    "selected",
]


@st.cache_resource(show_spinner="Loading the gazetteer…")
def gazetteer():
    """The read-only gazetteer, loaded once per server process."""
    return load_gazetteer()


@st.cache_data(show_spinner=False)
def country_names() -> dict[str, str]:
    """ISO code → name of every country, sorted by name (computed once per server)."""
    return gazetteer().countries()


@st.cache_data(show_spinner="Finding places…", max_entries=16)
def parse(data: bytes, name: str, prefer: tuple[str, ...], demonyms: bool):
    """Parse results, cached per text and options (a fresh copy for each session)."""
    return analyse(
        data, name=name, gazetteer=gazetteer(), prefer_countries=prefer, demonyms=demonyms
    )


@dataclass
class FilterState:
    """One transcript's filters as the user left them."""

    off: Exclusions = field(default_factory=Exclusions)
    min_mentions: int = 1
    query: str = ""
    generation: int = 0  # bumped by "Show every place": the widgets start afresh


def filter_state(sha: str) -> FilterState:
    states = st.session_state.setdefault("filter_states", {})
    return states.setdefault(sha, FilterState())


def reset_filters(sha: str) -> None:
    """Show every place of the transcript again (new widgets, nothing switched off)."""
    state = filter_state(sha)
    st.session_state["filter_states"][sha] = FilterState(generation=state.generation + 1)


def load(source, prefer: tuple[str, ...], demonyms: bool):
    """The document to show; on a bad input, the message and the previous document.

    ``source`` is a :class:`regionmap.ui.source.Source` or None; the reference a
    link can use for the document shown is kept as ``doc_ref``.
    """
    if source is not None:
        data, name = source.data, source.name
        if len(data) > DEFAULT_MAX_BYTES:
            st.error(
                f"{markdown_text(name)} is {len(data) / 1e6:.1f} MB; "
                f"the limit is {DEFAULT_MAX_BYTES / 1e6:.0f} MB."
            )
        else:
            try:
                st.session_state["doc"] = parse(data, name, prefer, demonyms)
                st.session_state["doc_ref"] = source.ref
            except InputError as err:
                st.error(markdown_text(f"{name}: {err}"))
            except RegionmapError as err:
                st.error(markdown_text(str(err)))
    return st.session_state.get("doc")


def choose(place_id: str | None) -> None:
    """Select a place from the server's side (a table, a correction, a link): the
    reading view in the page follows through a one-time command."""
    st.session_state["selected"] = place_id
    if place_id is not None:
        nonce = (st.session_state.get("command") or (None, 0))[1] + 1
        st.session_state["command"] = (place_id, nonce)


def selected() -> str | None:
    """The place the reader selected last (in the page or in the app)."""
    return st.session_state.get("selected")
