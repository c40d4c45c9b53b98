"""``--format text``: ``path:line:col: severity message [CODE name]``, one finding per line.

The ``path:line:col:`` prefix is stable so editors' problem matchers can parse it. As in ruff, a
finding that ``--fix`` would fix ends in ``[*]`` (a finding with an unsafe fix only when unsafe
fixes are enabled). A suggestion, when there is one, follows on an indented line. Unless
``--quiet``, a summary line ends the output, followed by a line that says how many findings
``--fix`` would fix and how many more ``--unsafe-fixes`` would.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import click

from pmlint.model import Finding, Severity
from pmlint.output.escape import for_terminal, path_at_line_start

if TYPE_CHECKING:
    from pmlint.output.options import FormatOptions

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def render(findings: Sequence[Finding], options: FormatOptions) -> str:
    return "".join(stream(findings, options))


def stream(findings: Sequence[Finding], options: FormatOptions) -> Iterator[str]:
    """The output of ``render`` line by line (each line with its newline), one finding at a time."""
    for finding in findings:
        # File names and the words a message quotes are the document's: shown, never obeyed.
        location = f"{path_at_line_start(for_terminal(finding.path))}:{finding.span.line}:{finding.span.column}:"
        severity = str(finding.severity)
        identity = f"[{finding.code} {finding.rule}]"
        if options.color:
            location = click.style(location, bold=True)
            severity = click.style(severity, fg=_COLORS[finding.severity], bold=True)
            identity = click.style(identity, dim=True)
        mark = " [*]" if options.fixable(finding) else ""
        line = f"{location} {severity} {for_terminal(finding.message)} {identity}{mark}\n"
        if finding.suggestion:
            line += f"    suggestion: {for_terminal(finding.suggestion)}\n"
        yield line
    yield from summary_lines(findings, options)


def summary_lines(findings: Sequence[Finding], options: FormatOptions) -> Iterator[str]:
    """The lines that end the text output (also ``--statistics``): the summary, the fixes, the baseline."""
    if findings and not options.quiet:
        yield _summary(findings, options.files) + "\n"
        fixes = _fixes_line(findings, options)
        if fixes:
            yield fixes + "\n"
    if options.baselined and not options.quiet:
        plural = "s" if options.baselined != 1 else ""
        yield f"{options.baselined} finding{plural} in the baseline not shown.\n"


def _summary(findings: Sequence[Finding], files: int) -> str:
    counts = Counter(finding.severity for finding in findings)
    parts = [f"{counts[severity]} {severity}{'s' if counts[severity] != 1 else ''}"
             for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[severity]]
    problem_files = len({finding.path for finding in findings})
    noun = "problem" if len(findings) == 1 else "problems"
    return (f"Found {len(findings)} {noun} ({', '.join(parts)}) in {problem_files} of {files} "
            f"file{'s' if files != 1 else ''}.")


def _fixes_line(findings: Sequence[Finding], options: FormatOptions) -> str:
    """How many findings --fix would fix, and how many more it would with --unsafe-fixes (ruff's words)."""
    fixable = sum(1 for finding in findings if options.fixable(finding))
    hidden = sum(1 for finding in findings if finding.fix is not None and not options.fixable(finding))
    hint = (f"{hidden} hidden fix{'es' if hidden != 1 else ''} can be enabled with --unsafe-fixes"
            if hidden else "")
    if fixable:
        return f"[*] {fixable} fixable with --fix" + (f"; {hint}." if hint else ".")
    return f"No fixes available with --fix; {hint}." if hint else ""
