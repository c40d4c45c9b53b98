"""FormatOptions: what a run tells the formatters besides its findings."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pmlint.model import Finding
from pmlint.ruledefs import RuleMeta


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
    # The UTF-8 byte column of a (path, line, character column) position, for formats that count bytes
    # (rdjson); the command knows the documents. None: the character column is used as it is.
    utf8_column: Callable[[str, int, int], int] | None = None

    def fixable(self, finding: Finding) -> bool:
        """Whether --fix (with this run's --unsafe-fixes) would fix the finding."""
        return finding.fix is not None and (finding.fix.safe or finding.path in self.unsafe_fixes)
