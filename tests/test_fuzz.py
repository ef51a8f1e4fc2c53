"""Property tests: whatever the input, only the project's own error, and offsets that hold.

500 examples per property by default; ``python scripts/fuzz.py`` runs the long profile
(100,000 examples each) for soak testing.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regionmap import InputError, analyse, load_transcript
from regionmap.places.document import analyse_transcript
from regionmap.places.gazetteer import load_gazetteer

settings.register_profile(
    "ci", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long",
    deadline=None,
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", 100_000)),
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("REGIONMAP_FUZZ_PROFILE", "ci"))

NAMES = [
    "Baku",
    "Nizhny Novgorod",
    "Russian Federation",
    "Azerbaijan",
    "Rasht-Astara section",
    "İstanbul",
    "Naxçıvan",
    "Alma-Ata",
    "South Caucasus",
    "Caspian",
    "Paris, Texas",
    "Karabakh’s",
    "USSR",
    "Lachin corridor",
    "Gegharkunik Province",
]


def check(doc) -> None:
    text = doc.transcript.text
    for m in doc.mentions:
        assert text[m.start : m.end] == m.text
        assert 0 <= m.confidence <= 1
    previous = 0
    for p in doc.transcript.paragraphs:
        assert previous <= p.start <= p.end <= len(text)
        previous = p.end
    assert sum(s.count for s in doc.places) == len(doc.mentions)


@given(st.text(max_size=600))
def test_any_text(text):
    try:
        doc = analyse(text, gazetteer=load_gazetteer())
    except InputError:
        return
    check(doc)


@given(st.binary(max_size=1500), st.sampled_from(["a.txt", "a.md", "a.html", "a.docx", None]))
def test_any_bytes(data, name):
    try:
        transcript = load_transcript(data, name=name)
    except InputError:
        return
    check(analyse_transcript(transcript, gazetteer=load_gazetteer()))


@given(
    st.lists(
        st.one_of(
            st.sampled_from(NAMES),
            st.text(min_size=1, max_size=12),
            st.sampled_from([" ", "\n", ", ", "–", "-", ". ", "Question: "]),
        ),
        max_size=60,
    ),
    st.booleans(),
)
def test_place_names_in_noise(parts, demonyms):
    text = "Talks\n" + "".join(parts)
    try:
        doc = analyse(text, gazetteer=load_gazetteer(), demonyms=demonyms)
    except InputError:
        return
    check(doc)
