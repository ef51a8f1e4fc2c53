"""The app's side of links: the view in the page's URL (``st.query_params``).

:func:`read_link` reads the link the page was opened with; :func:`write_link`
puts the current view in the URL, so that copying the address bar shares it.
The query parameters are described in :mod:`regionmap.view.link`.
"""

from __future__ import annotations

import streamlit as st

from regionmap import folder
from regionmap.render.escape import markdown_text
from regionmap.ui.session import choose, country_names, filter_state, selected
from regionmap.ui.source import BUILTIN, FOLDER
from regionmap.view.filters import Exclusions
from regionmap.view.link import Link, from_params, to_params

__all__ = [
    "apply_pending",
    "current_link",
    "finish_pending",
    "open_link",
    "read_link",
    "show_problems",
    "write_link",
]


def _current() -> dict[str, list[str]]:
    """The page's query parameters, every value of a repeated key kept."""
    return {key: st.query_params.get_all(key) for key in st.query_params.to_dict()}


def read_link() -> tuple[Link, list[str]]:
    """The link in the page's URL, and the problems of the values left out of it.

    The problems quote the URL: escape them for Markdown before showing them.
    """
    return from_params(_current())


def write_link(link: Link) -> None:
    """Make the page's URL the one of ``link``; nothing is sent when it already is.

    Parameters that are not the link's are dropped (Streamlit's ``embed``
    options are kept).
    """
    wanted = to_params(link)
    if _current() != wanted:
        st.query_params.from_dict(wanted)


def open_link() -> None:
    """On a session's first run, take the page's link into the session: the transcript,
    the analysis options now; the filters, the place and the map view once the
    transcript is loaded (:func:`apply_pending`)."""
    if st.session_state.get("link_read"):
        return
    st.session_state["link_read"] = True
    link, problems = read_link()
    if link.doc == "builtin":
        st.session_state["source"] = BUILTIN
    elif link.doc and link.doc.startswith("folder:"):
        name = link.doc.removeprefix("folder:")
        if name in folder.list_transcripts():
            st.session_state["source"] = FOLDER
            st.session_state["folder_pick"] = name
        else:
            problems.append(f"the link names {name!r}, which is not in the transcripts folder")
    elif link.doc:
        problems.append("this link names a corpus document; corpus mode is not here yet")
    countries = country_names()
    prefer = [code for code in link.prefer if code in countries]
    problems += [
        f"unknown country code {code!r} in the link"
        for code in link.prefer
        if code not in countries
    ]
    if prefer:
        st.session_state["prefer"] = prefer
    if link.demonyms:
        st.session_state["demonyms"] = True
    st.session_state["link_pending"] = link
    st.session_state["link_problems"] = problems


def apply_pending(sha: str) -> None:
    """The link's filters for the transcript it named, before the filter widgets."""
    link = st.session_state.get("link_pending")
    if link is None or link.doc is None:
        return
    state = filter_state(sha)
    state.off = link.hidden
    state.min_mentions = link.min_mentions
    state.query = link.query


def finish_pending(view) -> None:
    """The link's place and map view, once the view is known (applied once)."""
    link = st.session_state.pop("link_pending", None)
    if link is None or link.doc is None:
        return
    if link.place and view.place(link.place):
        choose(link.place)
    elif link.place:
        st.session_state.setdefault("link_problems", []).append(
            "the place the link names is not on this map (filters or corrections hide it)"
        )
    if link.center and link.zoom is not None:
        st.session_state["initial_view"] = (list(link.center), link.zoom)


def _dismiss() -> None:
    st.session_state["link_problems"] = []


def show_problems() -> None:
    """What the page's link held that could not be used, until the reader dismisses it."""
    problems = st.session_state.get("link_problems") or []
    with st.container():  # the page below keeps its place whether there are problems or not
        for problem in problems:
            st.warning(markdown_text(problem[:1].upper() + problem[1:]))
        if problems:
            st.button("Dismiss", key="dismiss_link_problems", on_click=_dismiss)


def current_link(view, source_ref: str | None, prefer: tuple[str, ...], demonyms: bool) -> Link:
    """The link of what is on screen now."""
    state = filter_state(view.transcript.sha256)
    offer = view.offer
    hidden = Exclusions(
        speakers=state.off.speakers & set(offer.speakers),
        turn_kinds=state.off.turn_kinds & set(offer.turn_kinds),
        kinds=state.off.kinds & set(offer.kinds),
    )
    center, zoom = st.session_state.get("map_view") or (None, None)
    place = selected() if view.place(selected()) else None
    return Link(
        doc=source_ref,
        place=place if source_ref else None,
        hidden=hidden,
        min_mentions=int(state.min_mentions),
        query=state.query,
        prefer=prefer,
        demonyms=demonyms,
        center=_center(center),
        zoom=int(zoom) if isinstance(zoom, int | float) else None,
    )


def _center(center: object) -> tuple[float, float] | None:
    try:
        return (float(center["lat"]), float(center["lng"]))  # type: ignore[index]
    except (TypeError, KeyError, ValueError):
        return None
