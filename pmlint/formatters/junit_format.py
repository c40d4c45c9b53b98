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
    # "failures" counts failed test cases (files with findings), as JUnit defines it.
    suites = ElementTree.Element("testsuites", name="pmlint", tests=str(len(by_path)), failures=str(failing),
                                 errors="0")
    suite = ElementTree.SubElement(suites, "testsuite", name="pmlint", tests=str(len(by_path)),
                                   failures=str(failing), errors="0", skipped="0")
    suite.set("findings", str(failures))
    for path, items in by_path.items():
        case = ElementTree.SubElement(suite, "testcase", classname="pmlint", name=_clean(path), file=_clean(path))
        for finding in items:
            span = finding.span
            failure = ElementTree.SubElement(case, "failure", type=_clean(f"{finding.code} {finding.rule}"),
                                             message=_clean(finding.message))
            detail = f"{_clean(finding.path)}:{span.line}:{span.column}: {finding.severity} {finding.message}"
            if finding.suggestion:
                detail += f"\nsuggestion: {finding.suggestion}"
            failure.text = _clean(detail)
    ElementTree.indent(suites)
    body = ElementTree.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _clean(text: str) -> str:
    """Drop what XML 1.0 cannot hold even escaped: control characters, surrogates, U+FFFE and U+FFFF."""
    return "".join(char for char in text if char in "\t\n\r" or (
        0x20 <= ord(char) <= 0xD7FF or 0xE000 <= ord(char) <= 0xFFFD or ord(char) >= 0x10000))
