"""The formats of ``pmlint report`` by name (--format): each renders the report's plain dictionary.

The report (``commands/report.py``) is computed once; a format only presents it. Every one takes the
dictionary of the JSON contract (README "Tracking action items") and returns the whole output as text.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pmlint.output import report_csv, report_html, report_markdown, report_text
from pmlint.output.escape import for_json

ReportFormatter = Callable[[dict[str, Any]], str]


def render_json(report: dict[str, Any]) -> str:
    """The report as one JSON object, keys in the contract's order, ending with a newline."""
    return for_json(json.dumps(report, indent=2, ensure_ascii=False)) + "\n"


REPORT_FORMATS: dict[str, ReportFormatter] = {
    "text": report_text.render,
    "markdown": report_markdown.render,
    "json": render_json,
    "csv": report_csv.render,
    "html": report_html.render,  # the self-contained dashboard
}

# Every name --format accepts (pmlint/cli.py keeps a copy, so that `check` starts without these modules).
REPORT_FORMAT_NAMES = ("text", "markdown", "json", "csv", "html")
