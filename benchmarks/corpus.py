"""A varied benchmark corpus: public-domain sentences recombined, with place names mixed in.

The words come from the public-domain White House transcripts in tests/fixtures/eval/
and the built-in example; a seeded word-level Markov chain recombines them into new
sentences, and about one word in forty is replaced by a place name from a fixed list of 99,
so no text repeats and the place density resembles political transcripts.
"""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def source_texts() -> list[str]:
    texts = [(ROOT / "geodata/examples/lavrov-bayramov-baku-2023-02-28.txt").read_text("utf-8")]
    texts += [p.read_text("utf-8") for p in sorted((ROOT / "tests/fixtures/eval").glob("*.txt"))]
    return texts


PLACES = """Baku Moscow Tehran Ankara Yerevan Tbilisi Kyiv Minsk Astana Tashkent Beijing Tokyo Seoul
Delhi Islamabad Kabul Baghdad Damascus Beirut Amman Riyadh Doha Cairo Tripoli Khartoum Nairobi
Addis Ababa Lagos Luanda Kinshasa Paris Berlin London Rome Madrid Warsaw Prague Vienna Brussels
Geneva Washington Ottawa Mexico Brasilia Caracas Havana Azerbaijan Armenia Georgia Russia Iran
Turkey Ukraine Belarus Kazakhstan Uzbekistan China Japan India Pakistan Afghanistan Iraq Syria
Lebanon Jordan Israel Egypt Libya Sudan Ethiopia Kenya Nigeria Angola France Germany Italy Spain
Poland Nakhchivan Karabakh Crimea Donbas Gaza Caspian Sea Black Sea Mediterranean Red Sea
South Caucasus Central Asia Middle East Balkans Sahel""".split()


def corpus(words: int, *, seed: int = 7) -> list[str]:
    """Documents of about 2,000 words each, ``words`` in all."""
    rng = random.Random(seed)
    tokens = [t for text in source_texts() for t in re.findall(r"\S+", text)]
    chain: dict[str, list[str]] = {}
    for a, b in itertools.pairwise(tokens):
        chain.setdefault(a, []).append(b)
    docs, total = [], 0
    while total < words:
        out = ["Briefing", str(len(docs)), "\n"]
        word = rng.choice(tokens)
        for i in range(2000):
            word = rng.choice(chain.get(word) or tokens)
            out.append(rng.choice(PLACES) if rng.random() < 0.025 else word)
            if i % 120 == 119:
                out.append("\n")
        docs.append(" ".join(out))
        total += 2000
    return docs
