"""``pmlint report --format csv``: the action-item ledger, one row per item (RFC 4180).

A cell a spreadsheet would read as a formula (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is prefixed with ``'``; control characters are made visible (``output/escape.py``).
"""
from __future__ import annotations

import csv
import io
from typing import Any

from pmlint.output.escape import for_terminal

COLUMNS = ("id", "generated_id", "status", "overdue", "text", "owner", "due", "due_text", "incident_date",
           "age_days", "path", "line", "links")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """A ledger value as a CSV cell: booleans as true/false, lists joined with a space, nothing for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        value = " ".join(str(part) for part in value)
    text = for_terminal(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def render(report: dict[str, Any]) -> str:
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in report["action_items"]:
        writer.writerow([cell(item.get(column)) for column in COLUMNS])
    return output.getvalue()
