"""``--format gitlab``: a GitLab Code Quality report (a JSON array of Code Climate issues).

Each finding is an issue with ``description`` (code, rule and message), ``check_name`` (the code),
``fingerprint``, ``severity`` (error ``major``, warning ``minor``, info ``info``) and ``location`` (the
path and its first and last line). GitLab compares the fingerprints of two pipelines to show which
issues a merge request adds and which it resolves: a fingerprint is the finding's own (rule, message
and flagged text, not the line: it survives edits above it) with the path, and the number of the
duplicate when a file has the same finding twice, so every fingerprint of a report is unique.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pmlint.model import Finding, Severity, fingerprint
from pmlint.output.escape import for_json
from pmlint.output.json_format import _dump

if TYPE_CHECKING:
    from pmlint.output.options import FormatOptions

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(findings: Sequence[Finding], options: FormatOptions) -> str:
    return "".join(stream(findings, options))


def stream(findings: Sequence[Finding], options: FormatOptions) -> Iterator[str]:
    """The output of ``render`` in pieces, one issue at a time (as ``json.dumps([...], indent=2,
    ensure_ascii=False)`` writes it, escaped by ``for_json``)."""
    if not findings:
        yield "[]\n"
        return
    # Duplicates are numbered within their file, so only one file's fingerprints are held at a time. The
    # command's findings come file by file; others are put in that order first (stably: the same numbers).
    ordered = findings if _grouped(findings) else sorted(findings, key=lambda finding: finding.path)
    seen: dict[str, int] = {}
    current: str | None = None
    opening = "[\n  "
    for finding in ordered:
        if finding.path != current:
            current = finding.path
            seen.clear()
        identity = finding.fingerprint or fingerprint(finding.code, finding.message, "")
        duplicate = seen.get(identity, 0)
        seen[identity] = duplicate + 1
        yield for_json(opening + _dump(_issue(finding, identity, duplicate), "  "))
        opening = ",\n  "
    yield "\n]\n"


def _grouped(findings: Sequence[Finding]) -> bool:
    """Whether each path's findings are next to each other."""
    done: set[str] = set()
    current: str | None = None
    for finding in findings:
        if finding.path != current:
            if finding.path in done:
                return False
            if current is not None:
                done.add(current)
            current = finding.path
    return True


def issue_fingerprint(path: str, identity: str, duplicate: int) -> str:
    """The issue's fingerprint: the path, the finding's identity and its number among equal ones in the file."""
    key = "\0".join((path, identity, str(duplicate)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _issue(finding: Finding, identity: str, duplicate: int) -> dict[str, Any]:
    description = f"{finding.code} {finding.rule}: {finding.message}"
    if finding.suggestion:
        description += f" (suggestion: {finding.suggestion})"
    path = _path(finding.path)
    return {
        "type": "issue",
        "description": description,
        "check_name": finding.code,
        "fingerprint": issue_fingerprint(path, identity, duplicate),
        "severity": SEVERITIES[finding.severity],
        "location": {"path": path, "lines": {"begin": finding.span.line, "end": finding.span.end_line}},
    }


def _path(path: str) -> str:
    """Forward slashes and no leading ``./``: GitLab links the path from the repository's root."""
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path
