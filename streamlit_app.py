"""regionmap's Streamlit app: UI only; everything else is the regionmap library.

Each run reads the chosen transcript (cached per text), applies the user's
corrections and filters with :func:`regionmap.prepare`, and draws the view:
the map, the quotes of the selected place, downloads, the places and the
transcript. Filters are remembered per transcript, as what the user switched
off, so a new transcript opens with everything shown.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import streamlit as st

from regionmap import Filters, InputError, RegionmapError, analyse, load_gazetteer, prepare
from regionmap.read.decode import DEFAULT_MAX_BYTES
from regionmap.render import style
from regionmap.render.escape import markdown_text, marked_html
from regionmap.render.mapview import LAYER_NAMES, build_map, clicked_place
from regionmap.resources import seed_path
from regionmap.view import corrections as corr
from regionmap.view.filters import Exclusions, Offer

st.set_page_config(page_title="regionmap", page_icon="🗺️", layout="wide")

NO_SPEAKER, NO_TURN = "(no speaker)", "(outside any turn)"
LAYER_LABELS = {"points": "Places", "lines": "Routes", "polygons": "Regions"}


@st.cache_resource(show_spinner="Loading the gazetteer…")
def gazetteer():
    """The read-only gazetteer, loaded once per server process."""
    return load_gazetteer()


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


# --------------------------------------------------------------------------- sidebar


def source_sidebar() -> tuple[bytes, str] | None:
    st.sidebar.header("Transcript")
    choice = st.sidebar.radio(
        "Source",
        ["Built-in example", "Upload a file", "Paste text"],
        key="source",
        label_visibility="collapsed",
    )
    if choice == "Upload a file":
        upload = st.sidebar.file_uploader(
            "Transcript (.txt .md .html .docx)",
            type=["txt", "md", "html", "htm", "docx"],
            key="upload",
        )
        return None if upload is None else (upload.getvalue(), upload.name)
    if choice == "Paste text":
        pasted = st.sidebar.text_area("Transcript text", height=200, key="pasted")
        return (pasted.encode("utf-8"), "pasted.txt") if pasted else None
    path = seed_path()
    return path.read_bytes(), path.name


def analysis_sidebar() -> tuple[tuple[str, ...], bool]:
    st.sidebar.header("Map")
    countries = gazetteer().countries()
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


def load(source: tuple[bytes, str] | None, prefer: tuple[str, ...], demonyms: bool):
    """The document to show; on a bad input, the message and the previous document."""
    if source is not None:
        data, name = source
        if len(data) > DEFAULT_MAX_BYTES:
            st.error(
                f"{markdown_text(name)} is {len(data) / 1e6:.1f} MB; "
                f"the limit is {DEFAULT_MAX_BYTES / 1e6:.0f} MB."
            )
        else:
            try:
                st.session_state["doc"] = parse(data, name, prefer, demonyms)
            except InputError as err:
                st.error(markdown_text(f"{name}: {err}"))
            except RegionmapError as err:
                st.error(markdown_text(str(err)))
    return st.session_state.get("doc")


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


def _show_everything(sha: str) -> None:
    state = filter_state(sha)
    st.session_state["filter_states"][sha] = FilterState(generation=state.generation + 1)


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


# --------------------------------------------------------------------------- corrections


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
        st.session_state["selected"] = select
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


# --------------------------------------------------------------------------- main area


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
            on_click=_show_everything,
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


main()
