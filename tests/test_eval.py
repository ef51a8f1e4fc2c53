"""Scoring against hand-made gold: the gold reader, the targets, the `eval` command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from regionmap import DataError, analyse
from regionmap.cli import main
from regionmap.places.evaluate import read_gold, score
from regionmap.resources import seed_path

ROOT = Path(__file__).resolve().parents[1]
EVAL = Path(__file__).parent / "fixtures" / "eval"
SEED_GOLD = EVAL / "seed.tsv"
HEADER = "surface\tcount\tplace\tkind\tlat\tlon\n"

GOLD_FILES = sorted(
    p for p in [*EVAL.glob("*.tsv"), *(EVAL / "holdout").glob("*.tsv")] if p.name != "seed.tsv"
)


@pytest.fixture(scope="module")
def seed_doc():
    return analyse(seed_path())


@pytest.fixture(scope="module")
def seed_text(seed_doc) -> str:
    return seed_doc.transcript.text


# --------------------------------------------------------------------------- read_gold


def test_seed_gold_has_106_mentions(seed_text):
    gold = read_gold(SEED_GOLD, seed_text)
    assert len(gold) == 106
    assert [g.start for g in gold] == sorted(g.start for g in gold)
    for g in gold:
        assert seed_text[g.start : g.end] == g.surface


def test_seed_gold_counts_per_surface(seed_text):
    gold = read_gold(SEED_GOLD, seed_text)
    counts: dict[str, int] = {}
    for g in gold:
        counts[g.surface] = counts.get(g.surface, 0) + 1
    assert counts["Baku"] == 8
    assert counts["Azerbaijan"] == 26
    assert counts["Lachin corridor"] == 1


def test_gold_count_that_disagrees_is_refused(tmp_path, seed_text):
    path = tmp_path / "bad.tsv"
    path.write_text(HEADER + "Baku\t7\tBaku\tcity\t40.4093\t49.8671\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.tsv row 2: 'Baku' occurs 8 times"):
        read_gold(path, seed_text)


def test_gold_count_that_agrees_is_read(tmp_path, seed_text):
    path = tmp_path / "good.tsv"
    path.write_text(
        "# a comment\n" + HEADER + "Baku\t8\tBaku\tcity\t40.4093\t49.8671\n", encoding="utf-8"
    )
    gold = read_gold(path, seed_text)
    assert len(gold) == 8
    assert {(g.place, g.kind) for g in gold} == {("Baku", "city")}
    assert gold[0].lat == pytest.approx(40.4093, abs=1e-6)


def test_gold_occurrences_select_mentions(tmp_path, seed_text):
    path = tmp_path / "some.tsv"
    path.write_text(
        HEADER.rstrip("\n") + "\toccurrences\nBaku\t2\tBaku\tcity\t40.4\t49.9\t1,3\n",
        encoding="utf-8",
    )
    gold = read_gold(path, seed_text)
    every = read_gold(SEED_GOLD, seed_text)
    baku = [g.start for g in every if g.surface == "Baku"]
    assert [g.start for g in gold] == [baku[0], baku[2]]


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        ("surface\tplace\n", "header"),
        ("", "header"),
        (HEADER.rstrip("\n") + "\toccurrences\nBaku\t1\tBaku\tcity\t40\t49\t99\n", "occurrences"),
    ],
    ids=["wrong-header", "empty", "occurrence-out-of-range"],
)
def test_malformed_gold_is_refused(tmp_path, seed_text, content, phrase):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=phrase):
        read_gold(path, seed_text)


def test_missing_gold_file_is_refused(tmp_path, seed_text):
    with pytest.raises(DataError):
        read_gold(tmp_path / "absent.tsv", seed_text)


# --------------------------------------------------------------------------- targets


def test_seed_scores(seed_doc, seed_text):
    scores = score(seed_doc, read_gold(SEED_GOLD, seed_text))
    detail = (scores.summary(), scores.missed, [m.text for m in scores.spurious])
    assert scores.gold == 106
    assert scores.precision >= 0.98, detail
    assert scores.recall >= 0.98, detail
    assert scores.acc161 == 1.0, [(g.surface, m.place.name, km) for g, m, km in scores.far]


def _text_for(gold: Path) -> Path:
    return gold.with_suffix(".txt")


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_gold_set_meets_the_targets(gold_path):
    text_path = _text_for(gold_path)
    assert text_path.is_file(), f"{gold_path.name} has no text {text_path.name}"
    doc = analyse(text_path)
    scores = score(doc, read_gold(gold_path, doc.transcript.text))
    detail = (
        scores.summary(),
        [(g.surface, g.start) for g in scores.missed],
        [(m.text, m.start, m.place.name) for m in scores.spurious],
        [(g.surface, m.place.name, round(km)) for g, m, km in scores.far],
    )
    assert scores.gold > 0
    assert scores.f1 >= 0.90, detail
    assert scores.acc161 >= 0.90, detail


def test_there_are_gold_sets_besides_the_seed():
    assert len(GOLD_FILES) >= 3


# --------------------------------------------------------------------------- the command


def test_eval_command_prints_the_figures(capsys):
    assert main(["eval", str(SEED_GOLD), str(seed_path())]) == 0
    result = capsys.readouterr()
    lines = result.out.splitlines()
    figures = [
        line
        for line in lines
        if all(w in line for w in ("precision", "recall", "F1", "acc@161km", "mean error"))
    ]
    assert len(figures) == 1, result.out
    values = dict(re.findall(r"(precision|recall|F1|acc@161km) ([0-9.]+)", figures[0]))
    assert float(values["precision"]) >= 0.98
    assert float(values["recall"]) >= 0.98
    assert float(values["acc@161km"]) == 1.0
    assert re.search(r"mean error [0-9.]+ km", figures[0])


def test_eval_command_refuses_bad_gold(tmp_path, capsys):
    path = tmp_path / "bad.tsv"
    path.write_text(HEADER + "Baku\t7\tBaku\tcity\t40.4\t49.9\n", encoding="utf-8")
    assert main(["eval", str(path), str(seed_path())]) == 1
    err = capsys.readouterr().err
    assert "bad.tsv" in err
    assert "Traceback" not in err
