"""``--format junit``: JUnit XML for CI systems that show test reports.

One test case per linted file (class name ``pmlint``, name the path); each finding is a
``<failure>`` of that case, so a clean file is a passing test.
"""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pmlint.model import Finding
from pmlint.output.escape import for_terminal

if TYPE_CHECKING:
    from pmlint.output.options import FormatOptions


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
            # In element text a line break is raw: the document's are escaped, so that only pmlint's own
            # starts a line (a log showing the report reads commands from the start of lines).
            detail = (f"{_clean(finding.path, lines=False)}:{span.line}:{span.column}: {finding.severity} "
                      f"{_clean(finding.message, lines=False)}")
            if finding.suggestion:
                detail += f"\nsuggestion: {_clean(finding.suggestion, lines=False)}"
            failure.text = detail
    ElementTree.indent(suites)
    body = ElementTree.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


_NOT_XML = {0xFFFE: None, 0xFFFF: None}


def _clean(text: str, lines: bool = True) -> str:
    """Text from a file name or the document, safe in XML 1.0 and in a terminal or CI log that shows it.

    Control characters, bidi controls and undecodable file-name bytes become visible escapes
    (``\\x1b``, ``\\xff``), as XML 1.0 cannot hold most of them even escaped. Line breaks stay with
    ``lines`` (in an attribute, where XML escapes them) and are shown as ``\\n`` otherwise. U+FFFE
    and U+FFFF, which XML cannot hold either, are dropped.
    """
    return for_terminal(text, keep_line_breaks=lines).translate(_NOT_XML)
