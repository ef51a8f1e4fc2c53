"""Each command once as users run it: ``python -m regionmap …`` in a subprocess.

Everything else about the commands is tested in-process (``test_cli.py``,
``test_export.py``, ``test_eval.py``); this proves the entry point, the
imports of a fresh process and the exit statuses.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from regionmap.resources import seed_path

SEED_GOLD = Path(__file__).parent / "fixtures" / "eval" / "seed.tsv"


def regionmap(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "regionmap", *args],
        capture_output=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "output", "check"),
    [
        (["extract", "-o", "out.jsonl"], "out.jsonl", lambda b: json.loads(b)["mentions"]),
        (["map", "-o", "map.html"], "map.html", lambda b: b.startswith(b"<!DOCTYPE html>")),
        (["snapshot", "--dpi", "40", "-o", "m.png"], "m.png", lambda b: b[:4] == b"\x89PNG"),
        (["export", "--format", "kml", "-o", "p.kml"], "p.kml", lambda b: b"<kml" in b),
    ],
    ids=["extract", "map", "snapshot", "export"],
)
def test_each_command_runs_in_a_fresh_process(tmp_path, args, output, check):
    result = regionmap(*args[:1], str(seed_path()), *args[1:], cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert check((tmp_path / output).read_bytes())
    assert result.stderr == b""


@pytest.mark.slow
def test_eval_runs_in_a_fresh_process(tmp_path):
    result = regionmap("eval", str(SEED_GOLD), str(seed_path()), cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert b"precision" in result.stdout


@pytest.mark.slow
def test_a_bad_input_and_a_usage_error_give_their_exit_statuses(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text(" ", encoding="utf-8")
    failed = regionmap("extract", str(empty), cwd=tmp_path)
    assert failed.returncode == 1
    assert b"empty transcript" in failed.stderr and b"Traceback" not in failed.stderr
    usage = regionmap("snapshot", "--dpi", "0", str(seed_path()), "-o", "x.png", cwd=tmp_path)
    assert usage.returncode == 2
