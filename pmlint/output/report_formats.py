"""The formats of ``pmlint report`` by name (--format): each renders the report's plain dictionary.

The report (``commands/report.py``) is computed once; a format only presents it. Every one takes the
dictionary of the JSON contract (README "Tracking action items") and returns the whole output as text.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pmlint.output import report_csv, report_markdown, report_text
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
    # HTML dashboard: ``pmlint/output/report_html.py`` (``render(report) -> str``), wired in at merge as
    #     "html": report_html.render,
}

# Every name --format accepts; a name not in REPORT_FORMATS is refused with a message (exit 2).
REPORT_FORMAT_NAMES = ("text", "markdown", "json", "csv", "html")
