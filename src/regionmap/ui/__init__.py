"""The Streamlit user interface, run by ``streamlit_app.py``: UI only, on the library's API.

:mod:`~regionmap.ui.page` runs one page; :mod:`~regionmap.ui.sidebar` and
:mod:`~regionmap.ui.corrections` hold the sidebar, :mod:`~regionmap.ui.panes` the
main area, :mod:`~regionmap.ui.session` the session state and caches. Nothing
outside this package imports Streamlit.
"""
