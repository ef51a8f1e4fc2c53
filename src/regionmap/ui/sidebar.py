"""The sidebar: the transcript source, the analysis options, the filters, the display.

Filters are kept per transcript as what the user switched off
(:class:`regionmap.view.filters.Exclusions`); each widget's key carries the
transcript and the values it offers, so a widget never keeps stale values.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from regionmap import Filters
from regionmap.render.mapview import LAYER_NAMES
from regionmap.ui.session import country_names, filter_state
from regionmap.view.filters import Offer

__all__ = [
    "LAYER_LABELS",
    "NO_SPEAKER",
    "NO_TURN",
    "analysis_sidebar",
    "display_sidebar",
    "filters_sidebar",
]

NO_SPEAKER, NO_TURN = "(no speaker)", "(outside any turn)"
LAYER_LABELS = {"points": "Places", "lines": "Routes", "polygons": "Regions"}


def analysis_sidebar() -> tuple[tuple[str, ...], bool]:
    st.sidebar.header("Map")
    countries = country_names()
    prefer = st.sidebar.multiselect(
        "Prefer places in (country bias)",
        list(countries),
        format_func=lambda code: f"{countries[code]} ({code})",
        key="prefer",
        help="Ambiguous names resolve to places in these countries when they can "
        "(Paris in the US, Astara in Iran).",
    )
    demonyms = st.sidebar.toggle("Link demonyms (Armenian → Armenia)", key="demonyms")
    return tuple(prefer), demonyms


def _remember(sha: str, name: str, key: str, offered: tuple) -> None:
    state = filter_state(sha)
    state.off = state.off.choosing(name, offered, st.session_state[key])


def _choice(sha: str, name: str, label: str, offered: tuple, shown) -> None:
    """A multiselect over the values the transcript offers, defaulting to those not
    switched off; its key changes with the offer, so it never keeps stale values."""
    state = filter_state(sha)
    digest = hashlib.blake2b(repr(offered).encode(), digest_size=6).hexdigest()
    key = f"{name}:{sha[:16]}:{state.generation}:{digest}"
    st.sidebar.multiselect(
        label,
        list(offered),
        default=state.off.chosen(name, offered),
        format_func=shown,
        key=key,
        on_change=_remember,
        args=(sha, name, key, offered),
    )


def _store(sha: str, name: str, key: str) -> None:
    setattr(filter_state(sha), name, st.session_state[key])


def filters_sidebar(sha: str, offer: Offer) -> Filters:
    """The filter widgets of this transcript, and the filters they make."""
    st.sidebar.header("Filters")
    _choice(sha, "speakers", "Speakers", offer.speakers, lambda s: s or NO_SPEAKER)
    _choice(sha, "turn_kinds", "Turn kind", offer.turn_kinds, lambda k: k or NO_TURN)
    _choice(sha, "kinds", "Place kind", offer.kinds, str)
    state = filter_state(sha)
    tag = f"{sha[:16]}:{state.generation}"
    st.sidebar.number_input(
        "Minimum mentions", 1, 10_000, state.min_mentions, key=f"min:{tag}",
        on_change=_store, args=(sha, "min_mentions", f"min:{tag}"),
    )  # fmt: skip
    st.sidebar.text_input(
        "Search places and quotes", state.query, key=f"query:{tag}",
        on_change=_store, args=(sha, "query", f"query:{tag}"),
    )  # fmt: skip
    return state.off.filters(offer, min_mentions=int(state.min_mentions), query=state.query)


def display_sidebar() -> tuple[tuple[str, ...], bool]:
    shown = tuple(
        name
        for name in LAYER_NAMES
        if st.sidebar.checkbox(LAYER_LABELS[name], value=True, key=f"layer_{name}")
    )
    online = st.sidebar.radio(
        "Basemap",
        ["Offline: Natural Earth", "Online: OpenStreetMap tiles (contacts a server)"],
        key="basemap",
    ).startswith("Online")
    return shown, online
