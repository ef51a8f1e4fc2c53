"""The review tab: the places to check first, each with its fixes at hand.

Every action stores a correction through :func:`regionmap.ui.corrections.store`,
which saves it and reruns the app, so the place leaves the queue at once. Widget
keys start with ``review:{place_id}:`` and so are unique per place. Transcript
text (names as written, quotes) is escaped through :mod:`regionmap.render.escape`.
"""

from __future__ import annotations

import streamlit as st

from regionmap.render.escape import markdown_text, marked_html
from regionmap.ui.corrections import current_corrections, entry_picker, store
from regionmap.ui.sidebar import NO_SPEAKER
from regionmap.view.corrections import Corrections
from regionmap.view.prepare import View
from regionmap.view.review import ReviewItem, review_items

__all__ = ["EMPTY", "MAX_SHOWN", "review_tab"]

MAX_SHOWN = 50
EMPTY = "Nothing to review: every place is confident and unambiguous, or you have checked it."


def review_tab(view: View) -> None:
    """The review queue of ``view``'s transcript, most doubtful place first."""
    corrections = current_corrections(view.transcript.sha256)
    items = review_items(view, accepted=corrections.accepted)
    if not items:
        st.success(EMPTY)
        return
    n = len(items)
    st.caption(
        f"{n} place{'s' if n != 1 else ''} to check, most doubtful first. "
        "Accept the ones that are right; fix the others."
    )
    for item in items[:MAX_SHOWN]:
        _review_item(item, corrections)
    if n > MAX_SHOWN:
        st.info(f"{n - MAX_SHOWN} more places to check; they appear here as you check these.")


def _review_item(item: ReviewItem, corrections: Corrections) -> None:
    p, pid = item.place, item.place.place_id
    with st.container(border=True):
        st.markdown(f"**{markdown_text(p.name)}**", unsafe_allow_html=True)
        mentions = f"{item.summary.count} mention{'s' if item.summary.count != 1 else ''}"
        facts = (p.kind, ", ".join(item.reasons), mentions, f"confidence {p.confidence:.2f}")
        st.caption(markdown_text(" · ".join(facts)))
        q = item.quote
        if q is not None:
            where = f"¶{q.paragraph} · {q.speaker or NO_SPEAKER}"
            st.caption(markdown_text(where))
            st.markdown(
                marked_html(q.sentence, q.mention_start, q.mention_end), unsafe_allow_html=True
            )
        accept, remove = st.columns(2)
        if accept.button("Accept", key=f"review:{pid}:accept", width="stretch"):
            store(corrections.accepting(pid))
        if remove.button("Not a place", key=f"review:{pid}:remove", width="stretch"):
            store(corrections.removing(pid))
        for alt in item.alternatives:
            label = f"Use {alt.name} ({alt.country or alt.kind})"
            if st.button(markdown_text(label), key=f"review:{pid}:use:{alt.place_id}"):
                store(corrections.replacing(pid, alt.place_id), select=alt.place_id)
        with st.expander("Re-link to another gazetteer place"):
            other = entry_picker("Gazetteer place", f"review:{pid}:other")
            if other and st.button("Use this place", key=f"review:{pid}:relink"):
                store(corrections.replacing(pid, other), select=other)
