"""``pmlint report --format markdown``: the report for a wiki page or ``$GITHUB_STEP_SUMMARY``.

Headings and GitHub-flavoured tables; every value from a document or a path is escaped so that it stays
text in its cell (a ``|`` cannot end the cell, ``<`` cannot open HTML, ``[`` cannot make a link) and
control characters are made visible.
"""
from __future__ import annotations

import re
from typing import Any

from pmlint.output.escape import for_terminal

# Markdown punctuation that could turn a value into markup, a link, HTML or a new cell.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$])")


def escape(text: str | None) -> str:
    """``text`` as literal Markdown inside a table cell."""
    return _SPECIAL.sub(r"\\\1", for_terminal(" ".join((text or "").split())))


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.1f}%"


def _hours(value: float | None) -> str:
    return "–" if value is None else f"{value:g} h"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|",
            *("| " + " | ".join(row) + " |" for row in rows)]


def render(report: dict[str, Any]) -> str:
    metrics = report["metrics"]
    completion = metrics["completion"]
    publication = metrics["publication"]
    repeats = metrics["repeat_incidents"]
    window = report["completion_window_days"]
    lines = ["# Post-mortem action items", "",
             f"As of {report['as_of']}: {metrics['documents']} post-mortems, {metrics['action_items']} action items, "
             f"**{metrics['overdue']} overdue**.", "", "## Metrics", ""]
    longest = f" ({escape(publication['longest_path'])})" if publication["longest_path"] else ""
    lines += _table(["metric", "value"], [
        ["Completed", f"{completion['done']} of {completion['total']} ({_percent(completion['rate'])})"],
        ["Done by due date", f"{completion['done_by_due']} of {completion['due_passed']} "
                             f"({_percent(completion['rate_by_due'])})"],
        [f"Done within {window} days of the incident",
         f"{completion['within_window']} of {completion['window_items']} ({_percent(completion['rate_within_window'])})"],
        ["Overdue", str(metrics["overdue"])],
        ["Time to publication (median / 90th percentile)",
         f"{_hours(publication['median_hours'])} / {_hours(publication['p90_hours'])} ({publication['known']} known)"],
        ["Longest time to publication", f"{_hours(publication['longest_hours'])}{longest}"],
        [f"Published after more than {report['publication_limit_hours']} h", str(publication["over_limit"])],
        ["Repeat incidents", f"{repeats['documents_with_repeat']} of {metrics['documents']} ({_percent(repeats['rate'])})"],
    ])
    if repeats["groups"]:
        lines += ["", "### Repeat incidents", ""]
        lines += _table(["shared", "post-mortems"], [[escape(group["reason"]),
                                                      "<br>".join(escape(path) for path in group["paths"])]
                                                     for group in repeats["groups"]])
    if metrics["by_owner"]:
        lines += ["", "### By owner", ""]
        lines += _table(["owner", "open", "overdue", "done"],
                        [[escape(row["owner"]), str(row["open"]), str(row["overdue"]), str(row["done"])]
                         for row in metrics["by_owner"]])
    if metrics["completion_over_time"]:
        lines += ["", "### Completion by month of the incident", ""]
        lines += _table(["month", "items", "done", "rate"],
                        [[row["month"], str(row["items"]), str(row["done"]), _percent(row["rate"])]
                         for row in metrics["completion_over_time"]])
    if metrics["findings_by_rule"]:
        lines += ["", "### Findings by rule", ""]
        lines += _table(["code", "rule", "count"], [[row["code"], escape(row["name"]), str(row["count"])]
                                                    for row in metrics["findings_by_rule"]])
    overdue = [item for item in report["action_items"] if item["overdue"]]
    lines += ["", "## Overdue", ""]
    lines += _items(overdue) if overdue else ["None."]
    lines += ["", "## All action items", ""]
    lines += _items(report["action_items"]) if report["action_items"] else ["None."]
    if report["errors"]:
        lines += ["", "## Skipped files", ""]
        lines += [f"- {escape(error['path'])}: {escape(error['message'])}" for error in report["errors"]]
    return "\n".join(lines) + "\n"


def _items(items: list[dict[str, Any]]) -> list[str]:
    return _table(["ID", "status", "owner", "due", "action", "file"],
                  [[escape(item["id"]), item["status"], escape(item["owner"]) or "–",
                    escape(item["due"] or item["due_text"]) or "–", escape(item["text"]),
                    f"{escape(item['path'])}:{item['line']}"] for item in items])
