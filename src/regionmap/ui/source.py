"""Where the transcript comes from: the built-in example, the transcripts folder, an
upload or pasted text. The first two can be named in a link; an upload or a paste
can be kept in the transcripts folder to get one.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from regionmap import folder
from regionmap.errors import InputError
from regionmap.read.decode import DEFAULT_MAX_BYTES
from regionmap.render.escape import markdown_text
from regionmap.resources import seed_path

__all__ = ["BUILTIN", "FOLDER", "PASTE", "SOURCES", "UPLOAD", "Source", "source_sidebar"]

BUILTIN, FOLDER = "Built-in example", "From the transcripts folder"
UPLOAD, PASTE = "Upload a file", "Paste text"
SOURCES = (BUILTIN, FOLDER, UPLOAD, PASTE)


@dataclass(frozen=True)
class Source:
    """A transcript's bytes, its file name, and how a link names it (None: it cannot)."""

    data: bytes
    name: str
    ref: str | None


def source_sidebar() -> Source | None:
    """The sidebar's transcript choice; None when nothing is chosen yet."""
    st.sidebar.header("Transcript")
    choice = st.sidebar.radio("Source", SOURCES, key="source", label_visibility="collapsed")
    if choice == BUILTIN:
        path = seed_path()
        return Source(path.read_bytes(), path.name, "builtin")
    if choice == FOLDER:
        return _from_folder()
    if choice == UPLOAD:
        upload = st.sidebar.file_uploader(
            "Transcript (.txt .md .html .docx)",
            type=["txt", "md", "html", "htm", "docx"],
            key="upload",
        )
        source = None if upload is None else Source(upload.getvalue(), upload.name, None)
    else:
        pasted = st.sidebar.text_area("Transcript text", height=200, key="pasted")
        source = Source(pasted.encode("utf-8"), "pasted.txt", None) if pasted else None
    if source is not None:
        _keep_button(source)
    return source


def _from_folder() -> Source | None:
    names = folder.list_transcripts()
    if not names:
        where = folder.transcripts_folder()
        st.sidebar.caption(
            markdown_text(
                f"No transcripts in {where} yet. Upload one and keep it there, or set "
                "REGIONMAP_TRANSCRIPTS to a folder of transcripts."
            )
        )
        return None
    name = st.sidebar.selectbox("Transcript", names, key="folder_pick")
    try:
        with folder.resolve(name).open("rb") as handle:
            data = handle.read(DEFAULT_MAX_BYTES + 1)  # load() refuses what is too large
    except (InputError, OSError) as err:
        st.sidebar.error(markdown_text(f"{name}: {err}"))
        return None
    return Source(data, name, f"folder:{name}")


def _keep(source: Source) -> None:
    """Save the transcript in the folder and open it from there (a widget callback)."""
    try:
        name = folder.save(source.name, source.data)
    except InputError as err:
        st.session_state["keep_error"] = str(err)
        return
    st.session_state["source"] = FOLDER
    st.session_state["folder_pick"] = name


def _keep_button(source: Source) -> None:
    st.sidebar.button(
        "Keep in the transcripts folder",
        key="keep",
        on_click=_keep,
        args=(source,),
        help="A transcript in the folder can be reopened from a link; an upload cannot.",
    )
    error = st.session_state.pop("keep_error", None)
    if error:
        st.sidebar.error(markdown_text(error))
