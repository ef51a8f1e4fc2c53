"""The code's shape: a pipeline of small modules with no import cycles, Streamlit and
folium only where they belong, and every data file documented."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "regionmap"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_MODULE_LINES = 420
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every regionmap module ``path`` imports, at the top or inside a function."""
    names = {module_name(p) for p in MODULES}
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for target in targets:
            while target and target not in names:
                target = target.rpartition(".")[0]
            if target and target != "regionmap":
                found.add(target)
    return found - {module_name(path)}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import cycles of a module graph, by depth-first search."""
    cycles, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return cycles


def test_the_cycle_finder_finds_cycles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_there_are_no_import_cycles():
    graph = {module_name(p): imports(p) for p in MODULES}
    assert "regionmap.view.prepare" in graph["regionmap.batch"]  # imports are seen
    assert not find_cycles(graph)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_modules_and_functions_are_small(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES
    long = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, long


def test_the_app_file_is_only_the_entry_point():
    lines = (ROOT / "streamlit_app.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 30


@pytest.mark.parametrize(
    ("library", "allowed"),
    [
        ("streamlit", ("regionmap.ui",)),
        ("streamlit_folium", ("regionmap.ui",)),
        (
            "folium",
            ("regionmap.render.mapview", "regionmap.render.leaflet", "regionmap.render.html"),
        ),
        ("matplotlib.pyplot", ()),
    ],
)
def test_heavy_libraries_stay_in_their_stage(library, allowed):
    users = []
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            if any(n == library or n.startswith(library + ".") for n in names):
                users.append(module_name(path))
    outside = [u for u in users if not (allowed and u.startswith(allowed))]
    assert not outside, outside


def test_every_data_file_is_documented():
    readme = (ROOT / "geodata" / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([^`]+)` \|", readme, flags=re.MULTILINE))
    shipped = {p.name + ("/" if p.is_dir() else "") for p in (ROOT / "geodata").iterdir()}
    shipped -= {"README.md"}
    assert shipped == documented
    for script in re.findall(r"scripts/(\w+\.py)", readme):
        assert (ROOT / "scripts" / script).is_file(), script


def test_the_checkout_fallback_finds_the_data(monkeypatch):
    """In a source checkout (an editable install) the data is the top-level geodata/;
    an installed wheel finds its own copy (``test_cli.py::test_wheel_…``)."""
    from regionmap import resources

    resources.geodata_dir.cache_clear()
    monkeypatch.delenv("REGIONMAP_GEODATA", raising=False)
    try:
        assert resources.geodata_dir() == ROOT / "geodata"
    finally:
        resources.geodata_dir.cache_clear()
