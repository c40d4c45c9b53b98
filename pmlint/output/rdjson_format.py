"""``--format rdjson``: reviewdog's Diagnostic Format, so a pull request review shows each finding.

One ``DiagnosticResult`` object: ``source`` (pmlint), ``severity`` (the highest of the findings) and a
diagnostic per finding with its message, ``location`` (path and an end-exclusive range), severity
(``ERROR``, ``WARNING``, ``INFO``), ``code`` (the rule's code and documentation) and, for a finding
with a fix, one ``suggestion``, which reviewdog's ``github-pr-review`` reporter posts as a one-click
suggested change. reviewdog posts each suggestion of a diagnostic as its own suggested change, on the
lines of the first one: a fix of several edits (a timeline converted to UTC) is one suggestion from its
first edit to its last, the text between quoted from the document. reviewdog counts columns in UTF-8
bytes, 1-based: pmlint's character columns are converted with the documents
(``FormatOptions.documents``; without them the columns stay as they are, and a fix of several edits
is named in the message instead).
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pmlint import project
from pmlint.model import Finding, Severity, Span
from pmlint.output.escape import for_json
from pmlint.output.json_format import _dump

if TYPE_CHECKING:
    from pmlint.output.options import Documents, FormatOptions

_SEVERITIES = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


def render(findings: Sequence[Finding], options: FormatOptions) -> str:
    return "".join(stream(findings, options))


def stream(findings: Sequence[Finding], options: FormatOptions) -> Iterator[str]:
    """The output of ``render`` in pieces, one diagnostic at a time (as ``json.dumps(result, indent=2,
    ensure_ascii=False)`` writes it, escaped by ``for_json``)."""
    source: dict[str, Any] = {"name": "pmlint"}
    home = project.url("Homepage")
    if home is not None:
        source["url"] = home
    head: dict[str, Any] = {"source": source}
    if findings:
        head["severity"] = _SEVERITIES[max(finding.severity for finding in findings)]
    text = json.dumps(head, indent=2, ensure_ascii=False)
    if not findings:
        yield for_json(text[:-2] + ',\n  "diagnostics": []\n}') + "\n"
        return
    opening = text[:-2] + ',\n  "diagnostics": [\n    '
    for finding in findings:
        # As in --format json: C1 and bidi controls leave as \u escapes, inside strings only.
        yield for_json(opening + _dump(_diagnostic(finding, options), "    "))
        opening = ",\n    "
    yield "\n  ]\n}\n"


def _diagnostic(finding: Finding, options: FormatOptions) -> dict[str, Any]:
    message = finding.message + (f" (suggestion: {finding.suggestion})" if finding.suggestion else "")
    suggestion = _suggestion(finding, options) if finding.fix is not None else None
    if finding.fix is not None and suggestion is not None and not finding.fix.safe:
        message += " [unsafe fix: it may change the meaning; review it before accepting]"
    elif finding.fix is not None and suggestion is None:
        message += (" [fix: pmlint check --fix]" if finding.fix.safe
                    else " [unsafe fix, it may change the meaning: pmlint check --fix --unsafe-fixes]")
    code: dict[str, Any] = {"value": finding.code}
    url = rule_url(finding.code, finding.rule)
    if url is not None:
        code["url"] = url
    diagnostic: dict[str, Any] = {
        "message": message,
        "location": {"path": _path(finding.path), "range": _range(finding.path, finding.span, options)},
        "severity": _SEVERITIES[finding.severity],
        "code": code,
    }
    if suggestion is not None:
        diagnostic["suggestions"] = [suggestion]
    return diagnostic


def _suggestion(finding: Finding, options: FormatOptions) -> dict[str, Any] | None:
    """The fix as one replacement: its edit, or the text from its first edit to its last with every
    edit made (None when the document's lines are not at hand, or the edits overlap)."""
    assert finding.fix is not None
    edits = sorted(finding.fix.edits, key=lambda edit: (edit.span.line, edit.span.column))
    first, last = edits[0].span, edits[-1].span
    span = Span(first.line, first.column, last.end_line, last.end_column)
    if len(edits) == 1:
        return {"range": _range(finding.path, span, options), "text": edits[0].replacement}
    documents = options.documents
    if documents is None:
        return None
    parts: list[str] = []
    line, column = first.line, first.column
    for edit in edits:
        if (edit.span.line, edit.span.column) < (line, column):
            return None  # overlapping edits: no one text makes them all
        between = _text(documents, finding.path, line, column, edit.span.line, edit.span.column)
        if between is None:
            return None
        parts += [between, edit.replacement]
        line, column = edit.span.end_line, edit.span.end_column
    return {"range": _range(finding.path, span, options), "text": "".join(parts)}


def _text(documents: Documents, path: str, line: int, column: int, end_line: int, end_column: int) -> str | None:
    """The document's text from one position to another (lines joined by "\n")."""
    lines = []
    for number in range(line, end_line + 1):
        text = documents.line_text(path, number)
        if text is None:
            return None
        lines.append(text)
    lines[-1] = lines[-1][:end_column - 1]
    lines[0] = lines[0][column - 1:]
    return "\n".join(lines)


def _range(path: str, span: Span, options: FormatOptions) -> dict[str, Any]:
    documents = options.documents
    start, end = span.column, span.end_column
    if documents is not None:
        start = documents.utf8_column(path, span.line, start)
        end = documents.utf8_column(path, span.end_line, end)
    return {"start": {"line": span.line, "column": start}, "end": {"line": span.end_line, "column": end}}


def _path(path: str) -> str:
    """The path with forward slashes and without a leading ``./``, as reviewdog matches it with the diff."""
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def rule_url(code: str, name: str) -> str | None:
    """The rule's section of docs/rules.md in the repository (GitHub's anchor for "## PM001 missing-section")."""
    repository = project.url("Repository")
    if repository is None:
        return None
    return f"{repository.rstrip('/')}/blob/main/docs/rules.md#{code.lower()}-{name}"
