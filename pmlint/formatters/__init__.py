"""Formatters turn findings into output. They compute nothing; they only present."""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from pmlint.formatters import github_format, json_format, junit_format, sarif_format, text_format
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

    def fixable(self, finding: Finding) -> bool:
        """Whether --fix (with this run's --unsafe-fixes) would fix the finding."""
        return finding.fix is not None and (finding.fix.safe or finding.path in self.unsafe_fixes)


Formatter = Callable[[Sequence[Finding], FormatOptions], str]

FORMATTERS: dict[str, Formatter] = {
    "text": text_format.render,
    "json": json_format.render,
    "sarif": sarif_format.render,
    "github": github_format.render,
    "junit": junit_format.render,
}

# Formatters that can also hand their output over in pieces (each ``render`` is the pieces joined): the
# command writes them as they are made instead of holding the whole output of a run with many findings.
Streamer = Callable[[Sequence[Finding], FormatOptions], Iterator[str]]

STREAMERS: dict[str, Streamer] = {
    "text": text_format.stream,
    "json": json_format.stream,
    "github": github_format.stream,
    "sarif": sarif_format.stream,
}
