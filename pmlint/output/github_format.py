"""``--format github``: GitHub Actions workflow commands, shown as annotations on the pull request.

``::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=PM401 blame::message``; chosen
automatically when ``GITHUB_ACTIONS=true`` and no ``--format`` is given.

GitHub shows at most 10 annotations of each kind (error, warning, notice) per step. When a run has more
and ``$GITHUB_STEP_SUMMARY`` names a file (as in every Actions step), the full list is appended to it as
a Markdown table, which the run's summary page shows, and a last notice says so.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from pmlint.model import Finding, Severity
from pmlint.output.escape import for_annotation, for_terminal

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
    counts = Counter(finding.severity for finding in findings)
    if max(counts.values(), default=0) > ANNOTATION_LIMIT:
        summary = os.environ.get(SUMMARY_VARIABLE)
        if summary:
            yield _summary_notice(findings, counts, summary)


# Annotations GitHub shows per step for each kind; the rest are dropped from the pull request view.
ANNOTATION_LIMIT = 10
SUMMARY_VARIABLE = "GITHUB_STEP_SUMMARY"
# GitHub refuses a step summary over 1 MiB: the table stops short of it and says how many rows it left out.
SUMMARY_LIMIT = 1024 * 1024 - 4096


def _summary_notice(findings: Sequence[Finding], counts: Counter[Severity], summary: str) -> str:
    """Append the findings to the step summary; the notice line that tells the reader where they are."""
    kinds = ", ".join(f"{counts[severity]} {_COMMANDS[severity]}{'s' if counts[severity] != 1 else ''}"
                      for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[severity])
    total = f"pmlint found {len(findings)} problems ({kinds})"
    try:
        written = write_summary(summary, findings)
    except OSError as error:
        message = (f"{total}; GitHub shows at most {ANNOTATION_LIMIT} annotations of each kind, and the full "
                   f"list could not be written to ${SUMMARY_VARIABLE}: {error.strerror or error}")
        return f"::warning title=pmlint::{escape_data(for_annotation(message))}\n"
    shown = "the full list is" if written == len(findings) else f"the first {written} are"
    message = f"{total}; GitHub shows at most {ANNOTATION_LIMIT} annotations of each kind: {shown} in the job summary"
    return f"::notice title=pmlint::{escape_data(message)}\n"


def write_summary(summary: str, findings: Sequence[Finding]) -> int:
    """Append a Markdown table of the findings to the file ``summary``; how many rows it holds."""
    with open(summary, "a", encoding="utf-8", errors="backslashreplace", newline="\n") as file:
        size = file.tell()
        header = (f"### pmlint: {len(findings)} problems\n\n"
                  "| Severity | File | Line | Column | Rule | Message |\n|---|---|---|---|---|---|\n")
        file.write(header)
        size += len(header.encode("utf-8"))
        written = 0
        for finding in findings:
            message = finding.message + (f" (suggestion: {finding.suggestion})" if finding.suggestion else "")
            row = (f"| {finding.severity} | {summary_cell(finding.path)} | {finding.span.line} | "
                   f"{finding.span.column} | {finding.code} {finding.rule} | {summary_cell(message)} |\n")
            length = len(row.encode("utf-8", "backslashreplace"))
            if size + length > SUMMARY_LIMIT:
                break
            file.write(row)
            size += length
            written += 1
        if written < len(findings):
            file.write(f"\n{len(findings) - written} more not shown: the job summary holds at most 1 MiB.\n")
        file.write("\n")
    return written


# Markdown punctuation that could turn a value into markup, a link, HTML or a new cell.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$])")


def summary_cell(text: str) -> str:
    """``text`` as literal Markdown in a table cell: one line, controls visible, markup escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", for_terminal(" ".join(text.split())))


def escape_data(text: str) -> str:
    """Escape a command's message as the Actions runner expects (%, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: the message escapes plus ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
