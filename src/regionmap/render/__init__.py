"""Stage 6, rendering: a view into the interactive map, the PNG, HTML and data files.

:mod:`~regionmap.render.style` holds every colour and line style,
:mod:`~regionmap.render.escape` every escaping rule. :mod:`~regionmap.render.mapview`
(with :mod:`~regionmap.render.leaflet`) builds the Folium map and
:mod:`~regionmap.render.html` the offline page; :mod:`~regionmap.render.snapshot`,
:mod:`~regionmap.render.export` and :mod:`~regionmap.render.contract` need no folium.
"""
