"""regionmap's Streamlit app: ``streamlit run streamlit_app.py``.

The page is built by :mod:`regionmap.ui` on the library's own API
(:func:`regionmap.analyse`, :func:`regionmap.prepare`), the same the command
line uses.
"""

import streamlit as st

st.set_page_config(page_title="regionmap", page_icon="🗺️", layout="wide")

from regionmap.ui.page import main  # noqa: E402 - the page config must come first

main()
