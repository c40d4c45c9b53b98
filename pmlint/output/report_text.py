"""``pmlint report --format text``: the report as terminal tables.

Metrics come first, then the overdue items, then the whole ledger. Columns are as wide as their widest value; the item text takes what is left of ``width`` (120 unless the
command passes a terminal's width) and is cut with "…" when it does not fit. Everything a document or a
file name holds is escaped (``output/escape.py``).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pmlint.output.escape import for_terminal

DEFAULT_WIDTH = 120
_MIN_TEXT = 24


def render(report: dict[str, Any], width: int = DEFAULT_WIDTH) -> str:
    metrics = report["metrics"]
    lines = [f"pmlint report as of {report['as_of']}: {_count(metrics['documents'], 'post-mortem')}, "
             f"{_count(metrics['action_items'], 'action item')}", ""]
    lines += _metric_lines(report)
    overdue = [item for item in report["action_items"] if item["overdue"]]
    lines += ["", f"Overdue action items ({len(overdue)})"]
    lines += _ledger(overdue, width, status=False) if overdue else ["  none"]
    lines += ["", f"Action items ({len(report['action_items'])})"]
    lines += _ledger(report["action_items"], width, status=True) if report["action_items"] else ["  none"]
    if report["errors"]:
        lines += ["", f"Skipped ({len(report['errors'])})"]
        lines += [f"  {_safe(error['path'])}: {_safe(error['message'])}" for error in report["errors"]]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{rate * 100:.1f}%"


def _hours(value: float | None) -> str:
    return "-" if value is None else f"{value:g} h"


def _metric_lines(report: dict[str, Any]) -> list[str]:
    metrics = report["metrics"]
    completion = metrics["completion"]
    publication = metrics["publication"]
    repeats = metrics["repeat_incidents"]
    window = report["completion_window_days"]
    rows = [
        ("Completed", f"{completion['done']} of {completion['total']} ({_percent(completion['rate'])})"),
        ("Done by due date", f"{completion['done_by_due']} of {completion['due_passed']} past their due date "
                             f"({_percent(completion['rate_by_due'])})"),
        (f"Done within {window} days", f"{completion['within_window']} of {completion['window_items']} "
                                       f"({_percent(completion['rate_within_window'])})"),
        ("Overdue", str(metrics["overdue"])),
        ("Time to publication", f"{publication['known']} known: median {_hours(publication['median_hours'])}, "
                                f"90th percentile {_hours(publication['p90_hours'])}, longest "
                                f"{_hours(publication['longest_hours'])}"
                                + (f" ({_safe(publication['longest_path'])})" if publication["longest_path"] else "")
                                + f"; {publication['over_limit']} over {report['publication_limit_hours']} h"),
        ("Repeat incidents", f"{repeats['documents_with_repeat']} of {metrics['documents']} post-mortems "
                             f"({_percent(repeats['rate'])})"),
    ]
    label = max(len(name) for name, _ in rows)
    lines = ["Metrics"] + [f"  {name:<{label}}  {value}" for name, value in rows]
    for group in repeats["groups"]:
        lines.append(f"    {_safe(group['reason'])}: {', '.join(_safe(path) for path in group['paths'])}")
    if metrics["by_owner"]:
        lines += ["", "Open and overdue by owner"]
        lines += _table(["owner", "open", "overdue", "done"],
                        [[_safe(row["owner"]), str(row["open"]), str(row["overdue"]), str(row["done"])]
                         for row in metrics["by_owner"]], right={1, 2, 3})
    if metrics["completion_over_time"]:
        lines += ["", "Completion by month of the incident"]
        lines += _table(["month", "items", "done", "rate"],
                        [[row["month"], str(row["items"]), str(row["done"]), _percent(row["rate"])]
                         for row in metrics["completion_over_time"]], right={1, 2, 3})
    if metrics["findings_by_rule"]:
        lines += ["", "Findings by rule"]
        lines += _table(["code", "rule", "count"], [[row["code"], _safe(row["name"]), str(row["count"])]
                                                    for row in metrics["findings_by_rule"]], right={2})
    return lines


def _ledger(items: Sequence[dict[str, Any]], width: int, status: bool) -> list[str]:
    header = ["id", *(["status"] if status else []), "owner", "due", "where", "text"]
    rows = []
    for item in items:
        due = item["due"] or item["due_text"] or "-"
        rows.append([_safe(item["id"]), *([item["status"]] if status else []), _safe(item["owner"] or "-"),
                     _safe(due), f"{_safe(item['path'])}:{item['line']}", _safe(item["text"])])
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header) - 1)]
    room = width - 2 - sum(widths) - 2 * len(widths)
    if room >= _MIN_TEXT:
        return _table(header, [[*row[:-1], _cut(row[-1], room)] for row in rows])
    # Too narrow for the text beside the other columns: each item's text goes on a line of its own below it.
    table = _table(header[:-1], [row[:-1] for row in rows])
    lines = table[:2]
    for line, row in zip(table[2:], rows):
        lines += [line, "      " + _cut(row[-1], max(_MIN_TEXT, width - 6))]
    return lines


def _cut(text: str, room: int) -> str:
    return text if len(text) <= room else text[:room - 1].rstrip() + "\u2026"


def _table(header: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:  # type: ignore[assignment]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]

    def line(row: list[str]) -> str:
        return "  " + "  ".join(value.rjust(widths[n]) if n in right else value.ljust(widths[n])
                                for n, value in enumerate(row))

    return [line(header), "  " + "  ".join("-" * size for size in widths), *(line(row) for row in rows)]


def _safe(text: str | None) -> str:
    return for_terminal(text or "")
