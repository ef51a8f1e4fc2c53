"""Stage 5, the view: what the user sees of an analysed document.

:func:`regionmap.prepare` (in :mod:`~regionmap.view.prepare`) applies the
user's :mod:`~regionmap.view.corrections` and :mod:`~regionmap.view.filters`,
and gathers the :mod:`~regionmap.view.layers` and :mod:`~regionmap.view.quotes`
every renderer draws from.
"""
