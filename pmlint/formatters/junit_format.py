"""``--format junit``: JUnit XML for CI systems that show test reports.

One test case per linted file (class name ``pmlint``, name the path); each finding is a
``<failure>`` of that case, so a clean file is a passing test.
"""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pmlint.model import Finding

if TYPE_CHECKING:
    from pmlint.formatters import FormatOptions


def render(findings: Sequence[Finding], options: FormatOptions) -> str:
    by_path: dict[str, list[Finding]] = {path: [] for path in options.paths}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    failing = sum(1 for items in by_path.values() if items)
    failures = len(findings)
    suites = ElementTree.Element("testsuites", name="pmlint", tests=str(len(by_path)), failures=str(failures),
                                 errors="0")
    suite = ElementTree.SubElement(suites, "testsuite", name="pmlint", tests=str(len(by_path)),
                                   failures=str(failures), errors="0", skipped="0")
    suite.set("files_with_findings", str(failing))
    for path, items in by_path.items():
        case = ElementTree.SubElement(suite, "testcase", classname="pmlint", name=path, file=path)
        for finding in items:
            span = finding.span
            failure = ElementTree.SubElement(case, "failure", type=f"{finding.code} {finding.rule}",
                                             message=_clean(finding.message))
            detail = f"{finding.path}:{span.line}:{span.column}: {finding.severity} {finding.message}"
            if finding.suggestion:
                detail += f"\nsuggestion: {finding.suggestion}"
            failure.text = _clean(detail)
    ElementTree.indent(suites)
    body = ElementTree.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _clean(text: str) -> str:
    """XML 1.0 cannot hold most control characters, even escaped: drop them."""
    return "".join(char for char in text if char in "\t\n\r" or ord(char) >= 0x20)
