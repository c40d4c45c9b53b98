"""``--format text``: ``path:line:col: severity message [CODE name]``, one finding per line.

The ``path:line:col:`` prefix is stable so editors' problem matchers can parse it. A suggestion,
when there is one, follows on an indented line. A summary line ends the output unless ``--quiet``.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from pmlint.model import Finding, Severity

if TYPE_CHECKING:
    from pmlint.formatters import FormatOptions

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def render(findings: Sequence[Finding], options: FormatOptions) -> str:
    lines = []
    for finding in findings:
        location = f"{finding.path}:{finding.span.line}:{finding.span.column}:"
        severity = str(finding.severity)
        identity = f"[{finding.code} {finding.rule}]"
        if options.color:
            location = click.style(location, bold=True)
            severity = click.style(severity, fg=_COLORS[finding.severity], bold=True)
            identity = click.style(identity, dim=True)
        lines.append(f"{location} {severity} {finding.message} {identity}")
        if finding.suggestion:
            lines.append(f"    suggestion: {finding.suggestion}")
    if findings and not options.quiet:
        lines.append(_summary(findings, options.files))
    if options.baselined and not options.quiet:
        plural = "s" if options.baselined != 1 else ""
        lines.append(f"{options.baselined} finding{plural} in the baseline not shown.")
    return "\n".join(lines) + ("\n" if lines else "")


def _summary(findings: Sequence[Finding], files: int) -> str:
    counts = Counter(finding.severity for finding in findings)
    parts = [f"{counts[severity]} {severity}{'s' if counts[severity] != 1 else ''}"
             for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[severity]]
    problem_files = len({finding.path for finding in findings})
    noun = "problem" if len(findings) == 1 else "problems"
    return (f"Found {len(findings)} {noun} ({', '.join(parts)}) in {problem_files} of {files} "
            f"file{'s' if files != 1 else ''}.")
