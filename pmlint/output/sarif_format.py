"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.

One run; the tool's rules carry their summary, rationale and default level, and each result points
at its file with a region in the same 1-based line and column coordinates as every other format.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from pmlint import __version__, project
from pmlint.model import Finding, Fix, Severity
from pmlint.output.escape import for_json
from pmlint.output.json_format import _dump

if TYPE_CHECKING:
    from pmlint.output.options import FormatOptions

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(findings: Sequence[Finding], options: FormatOptions) -> str:
    return "".join(stream(findings, options))


# Stands for the results while the rest of the log is serialized; the results are written in its place.
_RESULTS = "\ue000pmlint-results\ue000"


def stream(findings: Sequence[Finding], options: FormatOptions) -> Iterator[str]:
    """The output of ``render`` in pieces, one result at a time: the same text as ``json.dumps(log,
    indent=2, ensure_ascii=False)``, escaped by ``for_json``, without holding every result as a dictionary."""
    rules = list(options.rules.values())
    index = {meta.code: position for position, meta in enumerate(rules)}
    driver: dict[str, Any] = {
        "name": "pmlint",
        "version": __version__,
        "informationUri": project.url("Homepage"),  # [project.urls] in pyproject.toml
        "rules": [{
            "id": meta.code,
            "name": meta.name,
            "shortDescription": {"text": meta.summary},
            "fullDescription": {"text": meta.rationale},
            "help": {"text": meta.rationale, "markdown": meta.rationale},
            "defaultConfiguration": {"level": _LEVELS[meta.severity], "enabled": meta.enabled},
            "properties": {"tags": ["post-mortem"]},
        } for meta in rules],
    }
    if driver["informationUri"] is None:  # a copy with neither metadata nor pyproject.toml: leave it out
        del driver["informationUri"]
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": _RESULTS,
    }]}
    # As in --format json: C1 and bidi controls and undecodable file-name bytes leave as \u escapes.
    # Every such character is inside a string, and no string spans two pieces.
    head, _, tail = json.dumps(log, indent=2, ensure_ascii=False).partition(json.dumps(_RESULTS, ensure_ascii=False))
    if not findings:
        yield for_json(head + "[]" + tail) + "\n"
        return
    indent = " " * 8  # the results are items of runs[0].results
    opening = head + "[\n" + indent
    for finding in findings:
        yield for_json(opening + _dump(_result(finding, index), indent))
        opening = ",\n" + indent
    yield for_json("\n" + indent[:-2] + "]" + tail) + "\n"


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    span = finding.span
    text = finding.message + (f" (suggestion: {finding.suggestion})" if finding.suggestion else "")
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(finding.path)},
            "region": {"startLine": span.line, "startColumn": span.column,
                       "endLine": span.end_line, "endColumn": span.end_column},
        }}],
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    if finding.fingerprint:
        # Code scanning matches results across commits by these, so an alert survives edits above it.
        result["partialFingerprints"] = {"pmlintFingerprint/v1": finding.fingerprint}
    if finding.fix is not None:
        result["fixes"] = [_fix(finding.fix, finding)]
    return result


def _fix(fix: Fix, finding: Finding) -> dict[str, Any]:
    """A SARIF fix: one change to the file with a replacement per edit, in the order of the text and
    all in the original coordinates. SARIF has no word for applicability, so it travels in the fix's
    property bag (and its description says so): a viewer that offers an unsafe fix should say so."""
    edits = sorted(fix.edits, key=lambda edit: (edit.span.line, edit.span.column))
    if len(edits) == 1:
        action = f"replace with '{fix.replacement}'" if fix.replacement else f"remove '{fix.original}'"
    else:
        action = f"{len(edits)} edits: {finding.suggestion}" if finding.suggestion else f"{len(edits)} edits"
    if not fix.safe:
        action += " (unsafe: may change the meaning)"
    return {"description": {"text": action},
            "artifactChanges": [{
                "artifactLocation": {"uri": _uri(finding.path)},
                "replacements": [{
                    "deletedRegion": {"startLine": edit.span.line, "startColumn": edit.span.column,
                                      "endLine": edit.span.end_line, "endColumn": edit.span.end_column},
                    "insertedContent": {"text": edit.replacement},
                } for edit in edits],
            }],
            "properties": {"applicability": fix.applicability}}


def _uri(path: str) -> str:
    """A relative URI reference with forward slashes, as code scanning matches against the repository."""
    uri = path.replace("\\", "/")
    while uri.startswith("./"):
        uri = uri[2:]
    # Percent-encode everything but "/": spaces, "#", non-ASCII, and ":" (a colon would read as a scheme).
    # A URI is percent-encoded bytes: a file name that is not UTF-8 (its bytes held as lone surrogates
    # by the file system decoding) is encoded as the bytes it has on disk, "bad\udcff.md" as "bad%FF.md".
    try:
        raw = uri.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate no file system decoding makes
        raw = uri.encode("utf-8", "backslashreplace")
    return quote(raw, safe="/")
