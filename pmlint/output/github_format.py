"""``--format github``: GitHub Actions workflow commands, shown as annotations on the pull request.

``::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=PM401 blame::message``; chosen
automatically when ``GITHUB_ACTIONS=true`` and no ``--format`` is given.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from pmlint.model import Finding, Severity
from pmlint.output.escape import for_annotation

if TYPE_CHECKING:
    from pmlint.output.options import FormatOptions

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(findings: Sequence[Finding], options: FormatOptions) -> str:
    return "".join(stream(findings, options))


def stream(findings: Sequence[Finding], options: FormatOptions) -> Iterator[str]:
    """The output of ``render`` line by line (each line with its newline), one finding at a time."""
    for finding in findings:
        span = finding.span
        properties = ",".join([
            f"file={escape_property(for_annotation(finding.path))}", f"line={span.line}", f"col={span.column}",
            f"endLine={span.end_line}", f"endColumn={span.end_column}",
            f"title={escape_property(f'{finding.code} {finding.rule}')}",
        ])
        # File names, messages and suggestions quote the document: no terminal control of theirs reaches
        # the log. Line breaks are escaped as the runner expects, so each finding is one command line.
        message = for_annotation(finding.message) + (
            f"\nsuggestion: {for_annotation(finding.suggestion)}" if finding.suggestion else "")
        yield f"::{_COMMANDS[finding.severity]} {properties}::{escape_data(message)}\n"


def escape_data(text: str) -> str:
    """Escape a command's message as the Actions runner expects (%, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: the message escapes plus ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
