"""Stages 3 and 4, places: mentions found in the text and resolved with the gazetteer.

:mod:`~regionmap.places.index` is the gazetteer index, built from its sources by
:mod:`~regionmap.places.build` and cached by :mod:`~regionmap.places.gazetteer`;
:mod:`~regionmap.places.mentions` finds place names; :mod:`~regionmap.places.resolve`
picks the place each one means; :mod:`~regionmap.places.routes` draws routes named by
their ends; :mod:`~regionmap.places.document` runs them all (:func:`regionmap.analyse`);
:mod:`~regionmap.places.evaluate` scores the result against gold.
"""
