"""FormatOptions: what a run tells the formatters besides its findings."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from pmlint.model import Finding
from pmlint.ruledefs import RuleMeta


class Documents(Protocol):
    """The linted documents as the command reads them again, by the path findings show."""

    def utf8_column(self, path: str, line: int, column: int) -> int:
        """The 1-based UTF-8 byte column of a character column (the character column when unknown)."""

    def line_text(self, path: str, line: int) -> str | None:
        """A 1-based line's text without its line end (as findings count columns), or None when unknown."""


@dataclass(frozen=True)
class FormatOptions:
    color: bool = False
    quiet: bool = False
    files: int = 0
    # Every linted file, in order (junit makes a passing test case of a clean file).
    paths: tuple[str, ...] = ()
    # Rule metadata by code (sarif describes the rules it ran).
    rules: Mapping[str, RuleMeta] = field(default_factory=dict)
    # Findings hidden by --baseline (the text summary says how many).
    baselined: int = 0
    # The files whose unsafe fixes this run applies (--unsafe-fixes or the config's 'unsafe-fixes'):
    # the text output marks their findings fixable too.
    unsafe_fixes: frozenset[str] = frozenset()
    # The linted documents, for a format that counts bytes or quotes lines (rdjson); None: not available.
    documents: Documents | None = None

    def fixable(self, finding: Finding) -> bool:
        """Whether --fix (with this run's --unsafe-fixes) would fix the finding."""
        return finding.fix is not None and (finding.fix.safe or finding.path in self.unsafe_fixes)
