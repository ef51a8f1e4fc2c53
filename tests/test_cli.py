"""`regionmap extract` as users run it: files in, the JSON Lines contract out.

Commands run in this process through ``regionmap.cli.main`` (``test_smoke.py`` runs
each command once as a real subprocess, and the installed wheel is run here once).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from regionmap import load_transcript
from regionmap.cli import main
from regionmap.resources import seed_path

RECORD_KEYS = {
    "source",
    "title",
    "date",
    "place",
    "encoding",
    "replaced",
    "warnings",
    "speakers",
    "mentions",
    "places",
}
MENTION_KEYS = {
    "start",
    "end",
    "text",
    "place_id",
    "name",
    "kind",
    "lat",
    "lon",
    "confidence",
    "speaker",
    "speaker_label",
    "turn",
    "turn_kind",
    "paragraph",
    "time",
}
KINDS = {"city", "country", "region", "water", "route", "other", "unresolved", "demonym"}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``regionmap ARGS`` in this process, as a subprocess would report it."""
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse: usage errors and --version
                code = exit_.code
    finally:
        os.chdir(here)
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def check_contract(record: dict, text: str) -> None:
    assert set(record) == RECORD_KEYS
    names = {s["name"] for s in record["speakers"]}
    assert len(names) == len(record["speakers"])  # one entry per speaker
    for m in record["mentions"]:
        assert set(m) == MENTION_KEYS
        assert m["speaker"] is None or m["speaker"] in names
        assert m["time"] is None or m["time"] >= 0
        assert text[m["start"] : m["end"]] == m["text"]
        assert m["kind"] in KINDS
        assert 0 <= m["confidence"] <= 1
        if m["kind"] == "unresolved":
            assert m["lat"] is None and m["lon"] is None
        else:
            assert -90 <= m["lat"] <= 90 and -180 <= m["lon"] <= 180
    ids = [p["place_id"] for p in record["places"]]
    assert len(ids) == len(set(ids))
    assert sum(p["count"] for p in record["places"]) == len(record["mentions"])
    for p in record["places"]:
        assert p["geometry"] is None or p["geometry"]["type"] in (
            "Point",
            "LineString",
            "MultiLineString",
            "Polygon",
            "MultiPolygon",
        )


def test_extract_seed_prints_one_line_meeting_the_contract():
    result = run("extract", str(seed_path()))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    check_contract(record, load_transcript(seed_path()).text)
    assert record["date"] == "2023-02-28"
    assert record["place"] == "Baku"
    assert record["encoding"] == "utf-8"
    baku = next(p for p in record["places"] if p["name"] == "Baku")
    assert baku["count"] == 8
    assert baku["geometry"] == {"type": "Point", "coordinates": [baku["lon"], baku["lat"]]}


def test_failed_file_keeps_its_place_and_the_others_run(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("Talks\nWe met in Baku.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    png = tmp_path / "photo.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    result = run(
        "extract", str(good), str(empty), str(png), str(tmp_path / "missing.txt"), str(good)
    )
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in records] == [
        str(good),
        str(empty),
        str(png),
        str(tmp_path / "missing.txt"),
        str(good),
    ]
    assert "empty transcript" in records[1]["error"]
    assert "PNG image" in records[2]["error"]
    assert "no such file" in records[3]["error"]
    assert records[0]["mentions"][0]["text"] == "Baku" and records[4] == records[0]
    assert "Traceback" not in result.stderr


def test_json_and_csv_formats(tmp_path):
    evil = tmp_path / "=cmd.txt"
    evil.write_text('Talks\nQuestion: Is Baku, "the city", sunny?\n', encoding="utf-8")
    as_json = run("extract", "--format", "json", str(evil))
    assert json.loads(as_json.stdout)[0]["mentions"][0]["text"] == "Baku"
    out = tmp_path / "out.csv"
    as_csv = run("extract", "--format", "csv", "-o", str(out), evil.name, cwd=tmp_path)
    assert as_csv.returncode == 0, as_csv.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheet programs read it as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["source"] == "'=cmd.txt"  # formula-injection guard
    assert rows[0]["text"] == "Baku" and rows[0]["speaker"] == "Question"


def test_output_file_is_replaced_whole(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("old", encoding="utf-8")
    assert run("extract", "-o", str(out), str(seed_path())).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))["title"].startswith("Foreign Minister")
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_usage_errors_exit_2():
    assert run("extract").returncode == 2
    assert run("bogus").returncode == 2


def test_many_files_load_the_gazetteer_once(tmp_path, capsys, monkeypatch):
    from regionmap.places import gazetteer

    paths = []
    for i in range(5):
        path = tmp_path / f"t{i}.txt"
        path.write_text(f"Talks {i}\nFrom Baku to Moscow and Armenia.", encoding="utf-8")
        paths.append(str(path))
    main(["extract", *paths[:1]])
    loads = gazetteer.load_gazetteer.cache_info().misses
    assert main(["extract", *paths]) == 0
    assert gazetteer.load_gazetteer.cache_info().misses == loads
    assert len(capsys.readouterr().out.splitlines()) == 6


@pytest.mark.slow
def test_wheel_installs_and_runs_from_another_folder(tmp_path):
    """Build the wheel, install it (not editable) into a new venv, run it elsewhere.

    The new venv borrows the test environment's third-party packages through a
    path entry, so the test needs no network; ``pip check`` proves that the
    wheel's declared dependencies are satisfied.
    """
    root = Path(__file__).resolve().parents[1]
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(root),
        ],
        check=True,
        timeout=300,
    )
    wheel = next(dist.glob("regionmap-*.whl"))
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "regionmap/geodata/countries.geojson" in names
    assert "regionmap/geodata/examples/lavrov-bayramov-baku-2023-02-28.txt" in names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    py = venv / "bin" / "python"
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    deps = subprocess.run(
        [sys.executable, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "borrowed-deps.pth").write_text(deps + "\n", encoding="utf-8")
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True, timeout=300
    )
    subprocess.run([str(py), "-m", "pip", "check"], check=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    seed = Path(site) / "regionmap/geodata/examples/lavrov-bayramov-baku-2023-02-28.txt"
    result = subprocess.run(
        [str(venv / "bin" / "regionmap"), "extract", str(seed)],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    check_contract(record, seed.read_text(encoding="utf-8"))
    where = subprocess.run(
        [
            str(py),
            "-c",
            "import regionmap; from regionmap.resources import geodata_dir; "
            "print(regionmap.__file__); print(geodata_dir())",
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        check=True,
    ).stdout.splitlines()
    assert where[0].startswith(site)
    assert where[1] == str(Path(site) / "regionmap" / "geodata")  # through importlib.resources


def test_demonyms_and_corrections_options(tmp_path):
    from regionmap import analyse
    from regionmap.view.corrections import Corrections

    plain = json.loads(run("extract", str(seed_path())).stdout)
    with_demonyms = json.loads(run("extract", "--demonyms", str(seed_path())).stdout)
    assert not any(m["kind"] == "demonym" for m in plain["mentions"])
    demonyms = [m for m in with_demonyms["mentions"] if m["kind"] == "demonym"]
    assert {"Russian", "Azerbaijani", "Armenian"} <= {m["text"] for m in demonyms}
    sha = analyse(seed_path()).transcript.sha256
    fix = tmp_path / "fix.json"
    fix.write_text(Corrections(sha).removing("geonames:587084").to_json(), encoding="utf-8")
    corrected = json.loads(run("extract", "--corrections", str(fix), str(seed_path())).stdout)
    assert "Baku" not in {p["name"] for p in corrected["places"]}
    other = tmp_path / "other.json"
    other.write_text(Corrections("0" * 64).to_json(), encoding="utf-8")
    wrong = run("extract", "--corrections", str(other), str(seed_path()))
    assert wrong.returncode == 1
    assert "different transcript" in json.loads(wrong.stdout)["error"]


@pytest.mark.slow
def test_batch_mode_over_a_folder_in_parallel(tmp_path):
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    for i in range(12):
        (folder / f"t{i:02d}.txt").write_text(f"Talks {i}\nFrom Baku to Moscow.", "utf-8")
    (folder / "sub" / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20))
    (folder / "notes.csv").write_text("ignored", "utf-8")
    out = tmp_path / "out.jsonl"
    result = run("extract", str(folder), "--jobs", "2", "-o", str(out), "--progress")
    assert result.returncode == 1  # one file failed, the others went through
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    sources = [r["source"] for r in records]
    assert sources == sorted(sources)
    assert len(records) == 13
    assert sum("error" in r for r in records) == 1
    assert "1 of 13 files failed" in result.stderr
    assert "file" in result.stderr  # the progress bar
    quiet = run("extract", str(folder), "--jobs", "2")
    assert "file/s" not in quiet.stderr  # no bar in a pipe
    assert [json.loads(x)["source"] for x in quiet.stdout.splitlines()] == sources
