"""Stage 1, reading: a file's bytes (or text the caller has) into one decoded text.

:mod:`~regionmap.read.reader` picks the format; :mod:`~regionmap.read.decode`
guesses the encoding and refuses binary content; :mod:`~regionmap.read.html`
and :mod:`~regionmap.read.docx` take the text out of those formats.
"""
