"""Stage 2, the transcript: decoded text into paragraphs, speaker turns and metadata.

:mod:`~regionmap.transcript.model` holds the values, :mod:`~regionmap.transcript.segment`
builds them, :mod:`~regionmap.transcript.metadata` reads the date and event place.
"""
