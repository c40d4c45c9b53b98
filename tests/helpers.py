"""Small helpers shared by rule tests: lint a string and get findings back."""
from __future__ import annotations

from pathlib import Path

from pmlint.commands.engine import Engine
from pmlint.config.loading import load_config
from pmlint.model import Finding
from pmlint.reading.source import Source, decode
from pmlint.ruledefs import load_rules

ENGINE = Engine.create()


def lint_text(text: str, select: tuple[str, ...] = (), config_file: Path | None = None) -> list[Finding]:
    """Findings for ``text`` under the default preset (or ``config_file``), optionally only some rules."""
    config = load_config(config_file, load_rules())
    if select:
        config.cli_select = frozenset(select)
    return ENGINE.lint(Source.from_text("doc.md", text), config)


def lint_file(path: Path, select: tuple[str, ...]) -> list[Finding]:
    """Findings of the ``select`` rules for the file at ``path``, read as bytes (BOM and line ends kept)."""
    config = load_config(None, load_rules())
    config.cli_select = frozenset(select)
    return ENGINE.lint(decode(path.name, path.read_bytes()), config)


def labelled_findings(path: Path, select: tuple[str, ...]) -> set[tuple[str, int]]:
    """(code, line) of each finding of the ``select`` rules in a labelled document."""
    return {(finding.code, finding.span.line) for finding in lint_file(path, select)}


def brief(findings: list[Finding]) -> list[tuple[str, int, int, int, int]]:
    """(code, line, column, end_line, end_column) of each finding."""
    return [(f.code, f.span.line, f.span.column, f.span.end_line, f.span.end_column) for f in findings]
