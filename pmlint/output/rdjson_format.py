"""``--format rdjson``: reviewdog's Diagnostic Format, so a pull request review shows each finding.

One ``DiagnosticResult`` object: ``source`` (pmlint), ``severity`` (the highest of the findings) and a
diagnostic per finding with its message, ``location`` (path and an end-exclusive range), severity
(``ERROR``, ``WARNING``, ``INFO``), ``code`` (the rule's code and documentation) and, for a finding
with a fix, a ``suggestion`` per edit, which reviewdog offers as a one-click suggested change. reviewdog
counts columns in UTF-8 bytes, 1-based: the command converts pmlint's character columns
(``FormatOptions.utf8_column``).
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
    from pmlint.output.options import FormatOptions

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
    if finding.fix is not None and not finding.fix.safe:
        message += " [unsafe fix: it may change the meaning, review it before accepting]"
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
    if finding.fix is not None:
        # All the edits of a fix, in the order of the text: reviewdog applies a diagnostic's suggestions together.
        edits = sorted(finding.fix.edits, key=lambda edit: (edit.span.line, edit.span.column))
        diagnostic["suggestions"] = [{"range": _range(finding.path, edit.span, options), "text": edit.replacement}
                                     for edit in edits]
    return diagnostic


def _range(path: str, span: Span, options: FormatOptions) -> dict[str, Any]:
    convert = options.utf8_column
    start, end = span.column, span.end_column
    if convert is not None:
        start, end = convert(path, span.line, start), convert(path, span.end_line, end)
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
