"""Segmentation of transcripts into paragraphs and speaker turns, and their metadata."""

from __future__ import annotations

import datetime as dt
import random

import pytest

import regionmap
from regionmap import InputError, Transcript, load_transcript
from regionmap.transcript.metadata import header_kind

# --------------------------------------------------------------------------- helpers


def assert_well_formed(t: Transcript) -> None:
    """Paragraphs tile the text in order: stripped, within bounds, no overlap, only
    whitespace between them; turns cover consecutive paragraphs."""
    text = t.text
    previous_end = 0
    for i, p in enumerate(t.paragraphs):
        assert 0 <= p.start < p.end <= len(text), p
        assert p.start >= previous_end, f"paragraph {p} overlaps the previous one"
        assert text[previous_end : p.start].strip() == "", "text lost between paragraphs"
        chunk = text[p.start : p.end]
        assert chunk == chunk.strip(), f"paragraph {p} is not trimmed: {chunk!r}"
        assert t.paragraph_at(p.start) == p
        assert t.paragraph_at(p.end - 1) == p
        if i == 0 and t.title is not None:
            assert p.number == 0
            assert p.turn is None
        previous_end = p.end
    assert text[previous_end:].strip() == "", "text lost after the last paragraph"
    numbers = [p.number for p in t.paragraphs]
    assert numbers  # load_transcript refuses text without paragraphs
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    assert numbers[0] == (0 if t.title is not None else 1)
    body = [p for p in t.paragraphs if p.number > 0]
    for turn in t.turns:
        assert turn.kind in ("statement", "question", "answer")
        assert 0 <= turn.start < turn.end <= len(text)
        assert turn.start <= turn.label_start <= turn.label_end <= turn.end
        covered = [p for p in body if p.turn == turn.number]
        assert [p.number for p in covered] == list(
            range(turn.first_paragraph, turn.last_paragraph + 1)
        )
        assert covered[0].start == turn.start
        assert covered[-1].end == turn.end
    assert [u.number for u in t.turns] == list(range(1, len(t.turns) + 1))
    for p in body:  # a paragraph outside every turn is one that nobody speaks
        assert p.turn is not None or header_kind(text[p.start : p.end]), p


# --------------------------------------------------------------------------- the seed


@pytest.fixture
def seed(seed_path) -> Transcript:
    return load_transcript(seed_path)


@pytest.fixture
def seed_lines(seed_path) -> list[str]:
    return seed_path.read_text(encoding="utf-8").splitlines()


def test_seed_file_is_present(seed_path):
    assert seed_path.is_file()


def test_seed_metadata(seed, seed_path):
    assert seed.title is not None
    assert seed.title.startswith("Foreign Minister Sergey Lavrov")
    assert seed.date == dt.date(2023, 2, 28)
    assert seed.place == "Baku"
    assert seed.principal == "Sergey Lavrov"
    assert seed.encoding == "utf-8"
    assert seed.format == "txt"
    assert seed.replaced == 0
    assert seed.warnings == ()
    assert seed.source == str(seed_path)


def test_seed_paragraphs(seed, seed_lines):
    numbers = [p.number for p in seed.paragraphs]
    assert numbers == list(range(41))  # 0 = title, then 1..40
    title = seed.paragraphs[0]
    assert title.turn is None
    assert seed.text[title.start : title.end] == seed.title
    # one paragraph per line in the seed: paragraph n is line n
    for p in seed.paragraphs:
        assert seed.text[p.start : p.end] == seed_lines[p.number].strip()
    assert_well_formed(seed)


def test_seed_opening_statement(seed):
    opening = seed.turns[0]
    assert opening.number == 1
    assert opening.kind == "statement"
    assert opening.speaker == "Sergey Lavrov"
    assert opening.label is None
    assert opening.label_start == opening.label_end
    assert (opening.first_paragraph, opening.last_paragraph) == (1, 19)
    assert len([p for p in seed.paragraphs if p.turn == 1]) == 19


def test_seed_turns(seed):
    assert len(seed.turns) == 17
    questions = [u for u in seed.turns if u.speaker == "Question"]
    answers = [u for u in seed.turns if u.speaker == "Sergey Lavrov" and u.label]
    assert len(questions) == 8
    assert len(answers) == 8
    assert all(u.kind == "question" for u in questions)
    assert all(u.kind == "answer" for u in answers)
    # question, answer, question, answer ... after the opening statement
    assert [u.kind for u in seed.turns[1:]] == ["question", "answer"] * 8
    for u in seed.turns[1:]:
        label = seed.text[u.label_start : u.label_end]
        assert label.startswith(u.speaker)
        assert label.endswith(":")
        assert seed.text[u.start : u.end].startswith(label)
    assert seed.turn(1) == seed.turns[0]
    assert seed.turn(17) == seed.turns[-1]
    assert seed.turn(0) is None
    assert seed.turn(18) is None
    assert seed.turn(None) is None


def test_seed_paragraph_at(seed):
    offset = seed.text.index("Rasht-Astara")
    p = seed.paragraph_at(offset)
    assert p is not None
    assert p.number == 29
    assert p.turn == 7
    assert seed.turn(p.turn).speaker == "Sergey Lavrov"
    assert seed.paragraph_at(0) == seed.paragraphs[0]
    assert seed.paragraph_at(seed.text.index("Mr Bayramov,")).number == 1
    assert seed.paragraph_at(-1) is None
    assert seed.paragraph_at(len(seed.text)) is None
    # the newline between two paragraphs belongs to neither
    first = seed.paragraphs[1]
    assert seed.text[first.end] == "\n"
    assert seed.paragraph_at(first.end) is None


def test_seed_paragraph_at_every_offset(seed):
    for p in seed.paragraphs:
        for offset in (p.start, (p.start + p.end) // 2, p.end - 1):
            assert seed.paragraph_at(offset) == p


def test_seed_same_as_bytes_and_str(seed, seed_path):
    data = seed_path.read_bytes()
    from_bytes = load_transcript(data, name=seed_path.name)
    from_str = load_transcript(data.decode("utf-8"))
    for other in (from_bytes, from_str):
        assert other.text == seed.text
        assert other.paragraphs == seed.paragraphs
        assert other.turns == seed.turns
        assert other.date == seed.date
        assert other.place == seed.place
    assert from_bytes.source == seed_path.name
    assert from_str.source == "<text>"
    assert from_str.encoding == "str"
    assert seed.sha256 == from_str.sha256


# --------------------------------------------------------------------------- speaker labels


def _turn_summary(t: Transcript) -> list[tuple[str, str | None, int, int]]:
    return [(u.kind, u.speaker, u.first_paragraph, u.last_paragraph) for u in t.turns]


def test_label_variants_each_start_a_turn():
    t = load_transcript(
        "Press briefing in Washington\n"
        "Moderator: Good afternoon, everyone.\n"
        "Q: Where does the Secretary go next?\n"
        "MR. PRICE: To Baku.\n"
        "And then on to Moscow.\n"
        "Question: Why Baku?\n"
        "PRESIDENT PUTIN: Because it matters.\n"
        "Question: And Yerevan?\n"
        "Sergey Lavrov: We will see.\n"
    )
    assert t.title == "Press briefing in Washington"
    assert _turn_summary(t) == [
        ("statement", "Moderator", 1, 1),
        ("question", "Question", 2, 2),
        ("answer", "Mr. Price", 3, 4),  # the unlabelled line continues Mr Price's turn
        ("question", "Question", 5, 5),
        ("answer", "Putin", 6, 6),
        ("question", "Question", 7, 7),
        ("answer", "Sergey Lavrov", 8, 8),
    ]
    labels = [t.text[u.label_start : u.label_end] for u in t.turns]
    assert labels == [
        "Moderator:",
        "Q:",
        "MR. PRICE:",
        "Question:",
        "PRESIDENT PUTIN:",
        "Question:",
        "Sergey Lavrov:",
    ]
    assert [u.label for u in t.turns] == [
        "Moderator",
        "Q",
        "MR. PRICE",
        "Question",
        "PRESIDENT PUTIN",
        "Question",
        "Sergey Lavrov",
    ]
    assert_well_formed(t)


@pytest.mark.parametrize(
    ("line", "kind", "speaker"),
    [
        ("Q: Where next?", "question", "Question"),
        ("Question: Where next?", "question", "Question"),
        ("MR. PRICE: Thank you.", "statement", "Mr. Price"),
        ("Moderator: Welcome.", "statement", "Moderator"),
        ("PRESIDENT PUTIN: Good afternoon.", "statement", "Putin"),
        ("Sergey Lavrov: Good afternoon.", "statement", "Sergey Lavrov"),
    ],
)
def test_single_label_after_title(line, kind, speaker):
    t = load_transcript(f"Talks in Baku\nOpening words without a label.\n{line}\nMore words.")
    assert len(t.turns) == 2
    first, second = t.turns
    assert (first.kind, first.label, first.first_paragraph) == ("statement", None, 1)
    assert (second.kind, second.speaker, second.first_paragraph, second.last_paragraph) == (
        kind,
        speaker,
        2,
        3,
    )
    assert t.text[second.label_start : second.label_end] == line.split(":")[0] + ":"
    assert_well_formed(t)


@pytest.mark.parametrize(
    "speaker_line",
    ["Sergey Lavrov: Yes.", "MR. PRICE: Yes.", "PRESIDENT PUTIN: Yes.", "A: Yes.", "Answer: Yes."],
)
def test_labelled_turn_after_question_is_answer(speaker_line):
    t = load_transcript(f"Talks in Baku\nQuestion: Will you go?\n{speaker_line}")
    assert [u.kind for u in t.turns] == ["question", "answer"]


def test_moderator_after_answer_is_statement():
    t = load_transcript(
        "Talks in Baku\nQuestion: Will you go?\nSergey Lavrov: Yes.\nModerator: Next question."
    )
    assert [u.kind for u in t.turns] == ["question", "answer", "statement"]
    assert t.turns[-1].speaker == "Moderator"


@pytest.mark.parametrize(
    "line",
    [
        "Note: the audio was cut for a few seconds.",
        "The answer is simple: yes",
        "10:30 the talks began.",
        "At 10:30 we met the minister.",
        "Source: the ministry website.",
        "He said: we will come back.",
        "https://example.org/page",
    ],
)
def test_lines_that_are_not_labels(line):
    t = load_transcript(f"Talks in Baku\nSergey Lavrov: Good afternoon.\n{line}\nThank you.")
    assert len(t.turns) == 1
    assert t.turns[0].last_paragraph == 3
    assert [p.turn for p in t.paragraphs] == [None, 1, 1, 1]


def test_text_before_first_label_is_a_statement_by_principal():
    t = load_transcript(
        "Sergey Lavrov's remarks at a news conference, Baku, February 28, 2023\n"
        "Ladies and gentlemen,\n"
        "We had good talks.\n"
        "Question: What next?\n"
        "Sergey Lavrov: More talks."
    )
    assert t.principal == "Sergey Lavrov"
    assert _turn_summary(t) == [
        ("statement", "Sergey Lavrov", 1, 2),
        ("question", "Question", 3, 3),
        ("answer", "Sergey Lavrov", 4, 4),
    ]
    assert t.date == dt.date(2023, 2, 28)
    assert t.place == "Baku"


def test_hard_wrapped_paragraphs_split_at_labels():
    t = load_transcript(
        "Talks in Baku\n\n"
        "The opening statement is wrapped\nover two lines.\n\n"
        "Question: A question that is\nwrapped too.\n"
        "Sergey Lavrov: An answer.\n"
    )
    chunks = [t.text[p.start : p.end] for p in t.paragraphs]
    assert chunks == [
        "Talks in Baku",
        "The opening statement is wrapped\nover two lines.",
        "Question: A question that is\nwrapped too.",
        "Sergey Lavrov: An answer.",
    ]
    assert [u.kind for u in t.turns] == ["statement", "question", "answer"]
    assert_well_formed(t)


def test_bold_markdown_labels():
    t = load_transcript("Talks in Baku\n**Question:** Why?\n**Sergey Lavrov:** Because.")
    assert [(u.kind, u.speaker) for u in t.turns] == [
        ("question", "Question"),
        ("answer", "Sergey Lavrov"),
    ]


def test_single_line_has_no_title():
    t = load_transcript("Just one line about Baku.")
    assert t.title is None
    assert [p.number for p in t.paragraphs] == [1]
    assert_well_formed(t)


def test_load_transcript_rejects_other_types():
    with pytest.raises(TypeError):
        load_transcript(42)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- unicode robustness

UNICODE_CASES = {
    "nfd-accents": (
        "Re\u0301union a\u0300 Bakou\nJose\u0301 Lo\u0301pez: Hola.\nQuestion: Que\u0301?"
    ),
    "turkish-dotted-i": "İstanbul görüşmesi\nİSMAİL BEY: Merhaba.\nQuestion: Iğdır?\nı, İ, i, I",
    "emoji": "Talks 🇦🇿🇷🇺\nQuestion: 👍 or 👎?\nSergey Lavrov: 🤝 of course.\n😀",
    "zero-width": (
        "Talks\u200b in Baku\n\u200bQuestion: Why\u200b?\nSergey\u200bLavrov: Yes.\n\u200b"
    ),
    "rtl-override": "Talks \u202eukaB ni\u202c\nQuestion: \u202eؤال\u202c?\n\u202eLavrov: no\n",
    "crlf": "Talks in Baku\r\nQuestion: Why?\r\n\r\nSergey Lavrov: Because.\r\n",
    "lone-cr": "Talks in Baku\rQuestion: Why?\r\rSergey Lavrov: Because.\r",
    "unicode-separators": "Talks\u2028in Baku\u2029\nQuestion:\u00a0Why?\x85\n\u3000\nEnd\x0b\x0c",
    "lone-surrogates": "Talks in \ud800Baku\nQuestion: Why\udfff?\nSergey Lavrov: \udc80Yes.",
    "bom-and-nbsp": "\ufeffTalks in Baku\n\u00a0\u00a0Question: Why?\nSergey Lavrov:\u00a0Yes.",
    "mixed-scripts": "Переговоры в Баку\nQuestion: 北京?\nSergey Lavrov: بغداد و تهران.\n",
}


def _expected_text(source: str) -> tuple[str, int]:
    """What load_transcript should make of a str: BOM dropped, newlines normalised,
    lone surrogates replaced and counted."""
    if source.startswith("\ufeff"):
        source = source[1:]
    lone = sum(1 for ch in source if 0xD800 <= ord(ch) <= 0xDFFF)
    cleaned = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in source)
    return cleaned.replace("\r\n", "\n").replace("\r", "\n"), lone


@pytest.mark.parametrize("source", UNICODE_CASES.values(), ids=UNICODE_CASES.keys())
def test_unicode_text_str(source):
    t = load_transcript(source)
    expected, lone = _expected_text(source)
    assert t.text == expected
    assert t.replaced == lone
    assert "\r" not in t.text
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in t.text)
    assert len(t.sha256) == 64
    assert bool(t.warnings) == bool(lone)
    assert_well_formed(t)


def test_lone_surrogates_are_replaced_and_counted():
    t = load_transcript("Talks in Baku\nQuestion: Why \ud800 and \udfff?\nSergey Lavrov: Yes.")
    assert t.replaced == 2
    assert t.text.count("\ufffd") == 2
    assert t.warnings
    assert "2 characters" in t.warnings[0]
    assert [u.kind for u in t.turns] == ["question", "answer"]


@pytest.mark.parametrize(
    "source",
    [s for k, s in UNICODE_CASES.items() if k != "lone-surrogates"],
    ids=[k for k in UNICODE_CASES if k != "lone-surrogates"],
)
@pytest.mark.parametrize("codec", ["utf-8", "utf-16"])
def test_unicode_text_bytes(source, codec):
    t = load_transcript(source.encode(codec), name="talks.txt")
    expected = source.replace("\r\n", "\n").replace("\r", "\n")
    if codec == "utf-8":  # a leading U+FEFF encodes as the UTF-8 BOM, which is dropped
        expected = expected.removeprefix("\ufeff")
    # "utf-16" writes its own BOM, which is dropped; a U+FEFF in the text stays
    assert t.text == expected
    assert t.replaced == 0
    assert_well_formed(t)


@pytest.mark.parametrize("turkish_label", ["İSMAİL BEY", "İsmail Bey"])
def test_turkish_capital_dotted_i_label(turkish_label):
    t = load_transcript(f"Görüşme\nQuestion: Ne zaman?\n{turkish_label}: Yarın.")
    assert [u.kind for u in t.turns] == ["question", "answer"]
    assert t.text[t.turns[1].label_start : t.turns[1].label_end] == f"{turkish_label}:"


_FUZZ_PIECES = (
    "a",
    "Baku",
    " ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\n\n",
    ":",
    "Question: ",
    "Q: ",
    "Sergey Lavrov: ",
    "MR. PRICE: ",
    "**Q:** ",
    "# ",
    "Note: ",
    "10:30",
    "e\u0301",
    "İ",
    "ı",
    "😀",
    "🇦🇿",
    "\u200b",
    "\u202e",
    "\u202c",
    "\ud800",
    "\udfff",
    "\ufffd",
    "\u2028",
    "\x85",
    "\x0b",
    "\u00a0",
    "\ufeff",
    "Баку",
    "February 28, 2023",
    ", Moscow, ",
    "— ",
    "(",
    ")",
    "'s statement ",
    "BAKU, ",
    "<p>",
    "&amp;",
)


def test_unicode_fuzz_only_input_error():
    rng = random.Random(20230228)
    for _ in range(400):
        source = "".join(rng.choice(_FUZZ_PIECES) for _ in range(rng.randint(0, 25)))
        for arg in (source, source.encode("utf-8", "surrogatepass")):
            try:
                t = load_transcript(arg, name="fuzz.txt")
            except InputError:
                continue
            assert "\r" not in t.text
            assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in t.text)
            assert_well_formed(t)


def test_errors_are_regionmap_errors():
    with pytest.raises(regionmap.RegionmapError):
        load_transcript("   \n\t  ")
    assert issubclass(InputError, regionmap.RegionmapError)
    assert issubclass(InputError, ValueError)
