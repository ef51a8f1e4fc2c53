"""regionmap's Streamlit app (UI only; all logic lives in the regionmap library)."""

from __future__ import annotations

import streamlit as st

from regionmap import InputError, analyse, load_gazetteer
from regionmap.resources import seed_path

st.set_page_config(page_title="regionmap", layout="wide")


@st.cache_resource
def gazetteer():
    """The read-only gazetteer, loaded once per server process."""
    return load_gazetteer()


@st.cache_data(show_spinner="Finding places…")
def places_table(data: bytes, name: str) -> tuple[dict, list[dict]]:
    doc = analyse(data, name=name, gazetteer=gazetteer())
    t = doc.transcript
    meta = {"title": t.title, "date": t.date.isoformat() if t.date else None, "place": t.place}
    rows = [
        {
            "place": s.place.name,
            "kind": s.place.kind,
            "mentions": s.count,
            "speakers": ", ".join(s.speakers),
            "lat": s.place.lat,
            "lon": s.place.lon,
        }
        for s in doc.places
    ]
    return meta, rows


path = seed_path()
try:
    meta, rows = places_table(path.read_bytes(), path.name)
except InputError as err:
    st.error(str(err))
    st.stop()
st.title(meta["title"] or path.name)
st.caption(" · ".join(str(v) for v in (meta["date"], meta["place"]) if v))
st.dataframe(rows, width="stretch")
