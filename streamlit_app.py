"""regionmap's Streamlit app: UI only; everything else is the regionmap library."""

from __future__ import annotations

import html

import streamlit as st

from regionmap import InputError, RegionmapError, analyse, load_gazetteer, to_layers
from regionmap import corrections as corr
from regionmap.mapview import KIND_COLOURS, build_map, pick
from regionmap.quotes import filter_document, quotes_for
from regionmap.readers import DEFAULT_MAX_BYTES
from regionmap.resources import seed_path

st.set_page_config(page_title="regionmap", page_icon="🗺️", layout="wide")

KINDS = ["city", "country", "region", "water", "route", "other", "demonym"]
TURN_KINDS = ["statement", "question", "answer", "title"]


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


@st.cache_data
def country_names() -> dict[str, str]:
    """ISO code -> name of every country in the gazetteer, by name."""
    g = gazetteer()
    found = {}
    for i in range(len(g)):
        entry = g.entry(i)
        if entry.kind == "country" and entry.country:
            found[entry.country] = entry.name
    return dict(sorted(found.items(), key=lambda item: item[1]))


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
        if upload is None:
            return None
        return upload.getvalue(), upload.name
    if choice == "Paste text":
        pasted = st.sidebar.text_area("Transcript text", height=200, key="pasted")
        if not pasted:
            return None
        return pasted.encode("utf-8"), "pasted.txt"
    path = seed_path()
    return path.read_bytes(), path.name


def load(source: tuple[bytes, str] | None, prefer: tuple[str, ...], demonyms: bool):
    """The document to show; on a bad input, the message and the previous document."""
    if source is not None:
        data, name = source
        if len(data) > DEFAULT_MAX_BYTES:
            st.error(
                f"{name} is {len(data) / 1e6:.1f} MB; the limit is "
                f"{DEFAULT_MAX_BYTES / 1e6:.0f} MB."
            )
        else:
            try:
                doc = parse(data, name, prefer, demonyms)
            except InputError as err:
                st.error(f"{name}: {err}")
            except RegionmapError as err:
                st.error(str(err))
            else:
                st.session_state["doc"] = doc
    return st.session_state.get("doc")


def filters_sidebar(doc) -> dict:
    st.sidebar.header("Filters")
    speakers = sorted({m.speaker or "—" for m in doc.mentions})
    chosen = st.sidebar.multiselect("Speakers", speakers, default=speakers, key="speakers")
    turns = st.sidebar.multiselect("Turn kind", TURN_KINDS, default=TURN_KINDS, key="turns")
    kinds = st.sidebar.multiselect("Place kind", KINDS, default=KINDS, key="kinds")
    minimum = st.sidebar.number_input("Minimum mentions", 1, 100, 1, key="min_mentions")
    query = st.sidebar.text_input("Search places and quotes", key="query")
    return {
        "speakers": chosen,
        "turn_kinds": turns,
        "kinds": kinds,
        "min_mentions": int(minimum),
        "query": query,
    }


_MARKDOWN = str.maketrans({ch: "\\" + ch for ch in "\\`*_{}[]()#+-.!|~$:"})


def safe(text: str) -> str:
    """Untrusted text for st.markdown: Markdown syntax and HTML both made literal."""
    return html.escape(text.translate(_MARKDOWN), quote=True)


def highlight(quote_text: str, start: int, end: int) -> str:
    """The quote as HTML with the mention marked; the text itself is escaped."""
    return (
        safe(quote_text[:start])
        + "<mark>"
        + safe(quote_text[start:end])
        + "</mark>"
        + safe(quote_text[end:])
    )


def quotes_panel(doc, place_id: str | None) -> None:
    summary = next((s for s in doc.places if s.place.place_id == place_id), None)
    if summary is None:
        st.info(
            "Click a place, route or region on the map (or a row in the Places tab) "
            "to read every quote that mentions it."
        )
        return
    p = summary.place
    st.subheader(p.name, anchor=False)
    where = f"{p.lat:.4f}, {p.lon:.4f}" if p.lat is not None else "not geocoded"
    st.caption(f"{p.kind} · {where} · confidence {p.confidence:.2f} · {p.source}")
    if p.alternatives:
        st.caption(
            "Alternatives: "
            + "; ".join(f"{a.name} ({a.country or a.kind}, {a.score:.2f})" for a in p.alternatives)
        )
    correction_panel(doc, summary)
    quotes = quotes_for(doc, p.place_id)
    st.markdown(f"**{len(quotes)} quote{'s' if len(quotes) != 1 else ''}**")
    for q in quotes:
        who = q.speaker or "Title"
        label = f"¶{q.paragraph} · {who}" + (f" ({q.turn_kind})" if q.turn_kind else "")
        with st.container(border=True):
            st.caption(label)
            st.markdown(
                highlight(q.sentence, q.mention_start, q.mention_end), unsafe_allow_html=True
            )  # escaped by highlight()
            with st.expander("Whole paragraph"):
                st.text(q.paragraph_text)


def current_corrections(doc) -> corr.Corrections:
    """This session's corrections of the transcript (first read from the user's folder)."""
    key = ("corrections", doc.transcript.sha256)
    if key not in st.session_state:
        try:
            st.session_state[key] = corr.load(doc.transcript.sha256)
        except (RegionmapError, OSError) as err:
            st.warning(f"Stored corrections could not be read: {err}")
            st.session_state[key] = corr.Corrections(doc.transcript.sha256)
    return st.session_state[key]


def store(doc, corrections: corr.Corrections, *, select: str | None = None) -> None:
    """Keep the corrections (session and user folder) and show the corrected place."""
    st.session_state[("corrections", doc.transcript.sha256)] = corrections
    if select is not None:
        st.session_state["selected"] = select
    try:
        corr.save(corrections)
    except OSError as err:
        st.warning(f"Corrections kept for this session only: {err}")
    st.rerun()


def entry_picker(label: str, key: str):
    """A gazetteer search box and a choice of results; returns a place_id or None."""
    query = st.text_input(label, key=f"{key}_query", placeholder="Type a place name…")
    if not query.strip():
        return None
    found = gazetteer().search(query, limit=12)
    if not found:
        st.caption("No gazetteer place starts with that.")
        return None
    labels = {f"{e.name} ({e.kind}, {e.country or '—'})": e.place_id for e in found}
    return labels[st.selectbox("Matches", list(labels), key=f"{key}_choice")]


def correction_panel(doc, summary) -> None:
    corrections = current_corrections(doc)
    p = summary.place
    with st.expander("Correct this place"):
        if p.alternatives:
            alt = {f"{a.name} ({a.country or a.kind})": a.place_id for a in p.alternatives}
            choice = st.selectbox("One of the alternatives", list(alt), key="alt_choice")
            if st.button("Use this alternative", key="use_alt"):
                store(doc, corrections.replacing(p.place_id, alt[choice]), select=alt[choice])
        other = entry_picker("Another gazetteer place", "other")
        if other and st.button("Use this place", key="use_other"):
            store(doc, corrections.replacing(p.place_id, other), select=other)
        if st.button("Not a place", key="not_place"):
            store(doc, corrections.removing(p.place_id))


def corrections_sidebar(doc) -> None:
    corrections = current_corrections(doc)
    st.sidebar.header("Corrections")
    with st.sidebar.expander("Add a missed place"):
        surface = st.text_input("Name as written in the transcript", key="add_surface")
        target = entry_picker("Gazetteer place", "add")
        if st.button("Add to every occurrence", key="add_place", disabled=not target):
            try:
                store(doc, corrections.adding(surface, target))
            except InputError as err:
                st.error(str(err))
    st.sidebar.download_button(
        "Download corrections",
        corrections.to_json().encode("utf-8"),
        file_name=f"regionmap-corrections-{doc.transcript.sha256[:12]}.json",
        mime="application/json",
        key="download_corrections",
        disabled=not corrections,
    )
    upload = st.sidebar.file_uploader("Load corrections", type=["json"], key="corrections_upload")
    if upload is not None and upload.file_id != st.session_state.get("corrections_file"):
        st.session_state["corrections_file"] = upload.file_id
        try:
            loaded = corr.Corrections.from_json(
                upload.getvalue(), text_sha256=doc.transcript.sha256
            )
        except InputError as err:
            st.sidebar.error(str(err))
        else:
            store(doc, loaded)
    if corrections and st.sidebar.button("Clear corrections", key="clear_corrections"):
        store(doc, corr.Corrections(doc.transcript.sha256))


def view_bounds(bounds: dict | None) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of st_folium's bounds, clamped to the globe."""
    try:
        sw, ne = bounds["_southWest"], bounds["_northEast"]
        west, east = max(float(sw["lng"]), -180.0), min(float(ne["lng"]), 180.0)
        south, north = max(float(sw["lat"]), -85.0), min(float(ne["lat"]), 85.0)
    except (TypeError, KeyError, ValueError):
        return None
    return (west, south, east, north) if west < east and south < north else None


def downloads(view, layers) -> None:
    """Download buttons; each file is built in memory when its button is pressed."""
    from regionmap import export
    from regionmap.snapshot import render_png

    t = view.transcript
    stem = (t.source.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "regionmap")[:60]
    subtitle = " · ".join(x for x in (t.date.isoformat() if t.date else None, t.place) if x)
    bbox = st.session_state.get("view_bounds")
    cols = st.columns(5)
    files = [
        (
            "PNG",
            "png",
            "image/png",
            lambda: render_png(layers, title=t.title or t.source, subtitle=subtitle, bbox=bbox),
        ),
        ("HTML", "html", "text/html", lambda: export.to_html(view, layers)),
        ("GeoJSON", "geojson", "application/geo+json", lambda: export.to_geojson(view, layers)),
        ("CSV", "csv", "text/csv", lambda: export.to_csv(view)),
        ("KML", "kml", "application/vnd.google-earth.kml+xml", lambda: export.to_kml(view, layers)),
    ]
    for col, (label, ext, mime, build) in zip(cols, files, strict=True):
        col.download_button(
            label,
            build,
            file_name=f"{stem}.{ext}",
            mime=mime,
            key=f"download_{ext}",
            on_click="ignore",
            width="stretch",
            disabled=not view.places,
        )


def main() -> None:
    source = source_sidebar()
    st.sidebar.header("Map")
    countries = country_names()
    prefer = tuple(
        st.sidebar.multiselect(
            "Prefer places in (country bias)",
            list(countries),
            format_func=lambda code: f"{countries[code]} ({code})",
            key="prefer",
            help="Ambiguous names resolve to places in these countries when they can "
            "(Paris in the US, Astara in Iran).",
        )
    )
    demonyms = st.sidebar.toggle("Link demonyms (Armenian → Armenia)", key="demonyms")
    doc = load(source, prefer, demonyms)
    if doc is None:
        st.markdown("### regionmap")
        st.info("Choose a transcript in the sidebar.")
        return
    try:
        doc = corr.apply_corrections(doc, current_corrections(doc), gazetteer())
    except InputError as err:
        st.error(f"Corrections not applied: {err}")
    options = filters_sidebar(doc)
    show = tuple(
        name
        for name, label in (("points", "Places"), ("lines", "Routes"), ("polygons", "Regions"))
        if st.sidebar.checkbox(label, value=True, key=f"layer_{name}")
    )
    online = st.sidebar.radio(
        "Basemap",
        ["Offline: Natural Earth", "Online: OpenStreetMap tiles (contacts a server)"],
        key="basemap",
    ).startswith("Online")

    corrections_sidebar(doc)
    t = doc.transcript
    st.markdown(f"### {safe(t.title or t.source)}", unsafe_allow_html=True)
    st.caption(
        " · ".join(
            x
            for x in (
                t.date.isoformat() if t.date else None,
                t.place,
                t.source,
                f"{len(doc.mentions)} mentions",
                f"{len(doc.places)} places",
            )
            if x
        )
    )
    for warning in t.warnings:
        st.warning(warning)
    view = filter_document(doc, **options)
    layers = to_layers(view)
    if not view.places:
        st.warning("No places found" + (" with these filters." if doc.places else "."))

    selected = st.session_state.get("selected")
    map_col, panel = st.columns([3, 2], gap="medium")
    with map_col:
        from streamlit_folium import st_folium

        highlight_ids = frozenset(st.session_state.get("paragraph_places", ()))
        state = st_folium(
            # Rebuilt on every run: st_folium rewrites the map's element ids while it
            # renders, so a map object must not be reused. Its content hash stays the
            # same, so the map in the page is not remounted by a click.
            build_map(layers, online_tiles=online, show=show, highlight=highlight_ids),
            key="map",
            height=560,
            use_container_width=True,
            returned_objects=[
                "last_object_clicked",
                "last_object_clicked_tooltip",
                "last_object_clicked_count",
                "bounds",
            ],
        )
        st.session_state["view_bounds"] = view_bounds((state or {}).get("bounds"))
        clicked = pick(
            layers,
            tooltip=(state or {}).get("last_object_clicked_tooltip"),
            clicked=(state or {}).get("last_object_clicked"),
        )
        clicks = (state or {}).get("last_object_clicked_count")
        if clicked and clicks != st.session_state.get("map_clicks"):
            # A new click, even on the place already shown: select what it hit.
            st.session_state["map_clicks"] = clicks
            selected = st.session_state["selected"] = clicked
        legend = " ".join(
            f'<span style="color:{c}">●</span> {html.escape(k)}' for k, c in KIND_COLOURS.items()
        )
        st.markdown(legend, unsafe_allow_html=True)  # constant text
    with panel:
        visible = {s.place.place_id for s in view.places}
        quotes_panel(view, selected if selected in visible else None)

    downloads(view, layers)
    places_tab, transcript_tab = st.tabs(["Places", "Transcript"])
    with places_tab:
        labels = {
            f"{s.place.name} ({s.place.kind}, {s.count})": s.place.place_id for s in view.places
        }

        def choose() -> None:
            label = st.session_state.get("place_pick")
            if label in labels:
                st.session_state["selected"] = labels[label]

        st.selectbox(
            "Show the quotes of",
            list(labels),
            index=None,
            key="place_pick",
            on_change=choose,
            placeholder="Choose a place…",
        )
        rows = [
            {
                "place": s.place.name,
                "kind": s.place.kind,
                "mentions": s.count,
                "speakers": ", ".join(s.speakers),
                "confidence": s.place.confidence,
                "place_id": s.place.place_id,
            }
            for s in view.places
        ]
        table = st.dataframe(
            rows,
            key="places_table",
            on_select="rerun",
            selection_mode="single-row",
            hide_index=True,
            width="stretch",
        )
        chosen_rows = table.selection.rows if table and table.selection else []
        if chosen_rows and rows[chosen_rows[0]]["place_id"] != st.session_state.get("row_pick"):
            st.session_state["row_pick"] = rows[chosen_rows[0]]["place_id"]
            st.session_state["selected"] = rows[chosen_rows[0]]["place_id"]
            st.rerun()
    with transcript_tab:
        numbers = [p.number for p in t.paragraphs]
        number = st.selectbox(
            "Highlight the places of paragraph", [None, *numbers], key="paragraph"
        )
        ids = {m.place.place_id for m in view.mentions if m.paragraph == number}
        if ids != st.session_state.get("paragraph_places", set()):
            st.session_state["paragraph_places"] = ids
            st.rerun()
        for p in t.paragraphs:
            turn = t.turn(p.turn)
            who = turn.speaker if turn and turn.speaker else ""
            st.markdown(f"**¶{p.number}** {safe(who)}", unsafe_allow_html=True)
            st.text(t.text[p.start : p.end])


main()
