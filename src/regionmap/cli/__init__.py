"""The ``regionmap`` command line: ``extract``, ``map``, ``snapshot``, ``export`` and ``eval``.

Every command runs the library's pipeline (:func:`regionmap.analyse`, then
:func:`regionmap.prepare`), the same as the app.
"""

from regionmap.cli.main import main

__all__ = ["main"]
