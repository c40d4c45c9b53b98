"""The package's shape (docs/ARCHITECTURE.md): packages in the order of the data flow, imports only
downwards, no cycles, one name for one thing, and spaCy loaded only when a language rule has text.

The import graph is read from the source with ``ast``, so a lazy import inside a function counts as
much as one at the top of a module: moving an import into a function hides a dependency from the
start-up time, not from the design.
"""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pmlint"

# The layers, lowest first. A module may import its own layer and the layers below it, never above.
# "output" sits beside "checks": it presents findings and needs neither the rules nor the reading.
LAYERS = (
    ("top", 0),
    ("reading", 1),
    ("language", 2),
    ("config", 3),
    ("checks", 4),
    ("output", 4),
    ("commands", 5),
    # The language server is a command beside the command line: it uses commands/ (the engine, the fixer).
    ("lsp", 6),
    ("cli", 7),
)
TOP_LEVEL_LIMIT = 12


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _imported(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """The pmlint modules an import statement names: ``from pmlint.a import b`` is pmlint.a.b when b
    is a module, else pmlint.a."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
        return
    if node.level:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        base = ".".join(package[:len(package) - node.level + 1] + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    submodules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES]
    yield from submodules
    if len(submodules) < len(node.names):
        yield base


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        edges = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                edges.update(name for name in _imported(module, path, node) if name in MODULES and name != module)
        graph[module] = edges
    return graph


GRAPH = _graph()


def _layer(module: str) -> tuple[str, int]:
    parts = module.split(".")
    if len(parts) == 2 and parts[1] in ("cli", "__main__"):
        return "cli", 7
    if len(parts) >= 2 and (PACKAGE / parts[1]).is_dir():
        return next((name, rank) for name, rank in LAYERS if name == parts[1])
    return "top", 0


def test_the_graph_sees_the_imports_it_must() -> None:
    # The checks below are only as good as the graph: it must see a top-level import, a lazy one in a
    # function, and a submodule named in a from-import.
    assert "pmlint.commands.engine" in GRAPH["pmlint.cli"]
    assert "pmlint.commands.changed" in GRAPH["pmlint.cli"]  # imported inside the check command
    assert "pmlint.checks.structure" in GRAPH["pmlint.checks"]  # from pmlint.checks import (..., structure)
    assert len(GRAPH) > 50


def test_every_package_is_a_layer() -> None:
    packages = sorted(path.name for path in PACKAGE.iterdir()
                      if path.is_dir() and (path / "__init__.py").is_file())
    assert packages == sorted(name for name, _ in LAYERS if name not in ("top", "cli"))


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles() -> None:
    assert _cycles(GRAPH) == []


def test_imports_only_go_down_the_layers() -> None:
    upward = []
    for module, imported in sorted(GRAPH.items()):
        layer, rank = _layer(module)
        for target in sorted(imported):
            target_layer, target_rank = _layer(target)
            if target_rank > rank or (target_rank == rank and target_layer != layer):
                upward.append(f"{module} ({layer}) imports {target} ({target_layer})")
    assert upward == []


def test_output_depends_only_on_the_top_level_and_itself() -> None:
    for module, imported in GRAPH.items():
        if _layer(module)[0] == "output":
            assert {_layer(target)[0] for target in imported} <= {"top", "output"}, module


def test_no_two_modules_share_a_file_name() -> None:
    names: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        if path.name not in ("__init__.py", "__main__.py"):
            names.setdefault(path.name, []).append(str(path.relative_to(ROOT)))
    assert {name: paths for name, paths in names.items() if len(paths) > 1} == {}


def test_few_modules_sit_directly_in_the_package() -> None:
    assert len(list(PACKAGE.glob("*.py"))) <= TOP_LEVEL_LIMIT


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_says_in_its_first_line_what_it_owns(module: str) -> None:
    docstring = ast.get_docstring(ast.parse(MODULES[module].read_text(encoding="utf-8")))
    assert docstring, f"{module} has no docstring"
    lines = docstring.splitlines()
    assert lines[0].strip(), f"{module}'s docstring starts with a blank line"
    # One line, a whole sentence: the next line (if any) is blank, so the summary does not run on.
    assert lines[0].rstrip().endswith("."), f"{module}: {lines[0]!r}"
    assert len(lines) == 1 or not lines[1].strip(), f"{module}'s first docstring line runs on: {lines[:2]}"


# Linting a file through the command line, in a fresh interpreter: spaCy costs most of a cold start,
# so it is imported only when a language rule's prefilter finds words it must parse. A file with only
# neutral prose must not load it; one with blame must (else the check above proves nothing).
_RUN = """
import sys
from pmlint.cli import main
sys.argv = ["pmlint", "check", sys.argv[1]]
try:
    main()
except SystemExit as stop:
    pass
print("spacy" in sys.modules)
"""

_NEUTRAL = "# Incident\n\n## Summary\n\nThe queue was full for 10 minutes and requests waited.\n"
_BLAMING = _NEUTRAL + "\nJohn forgot to restart the worker after the deploy.\n"


@pytest.mark.parametrize(("text", "loads_spacy"), [(_NEUTRAL, False), (_BLAMING, True)])
def test_spacy_is_imported_only_when_a_language_rule_has_text(tmp_path: Path, text: str, loads_spacy: bool) -> None:
    document = tmp_path / "pm.md"
    document.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", _RUN, str(document)], capture_output=True, text=True,
                            timeout=120, cwd=tmp_path)
    assert result.stdout.splitlines()[-1:] == [str(loads_spacy)], result.stdout + result.stderr


ARCHITECTURE = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")


def test_the_architecture_page_names_every_package() -> None:
    for package in (path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()):
        assert f"`{package}/`" in ARCHITECTURE, package


def test_every_module_path_on_the_architecture_page_exists() -> None:
    named = set(re.findall(r"`((?:pmlint/)?[a-z_]+/[a-z_]+\.py)`", ARCHITECTURE))
    named |= {f"{path}.py" for path in re.findall(r"python -m (pmlint(?:\.[a-z_]+)+)", ARCHITECTURE)
              for path in [path.replace(".", "/")]}
    assert len(named) >= 10
    missing = sorted(path for path in named
                     if not (ROOT / path).is_file() and not (PACKAGE / path).is_file())
    assert missing == []
