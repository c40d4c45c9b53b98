"""``pmlint report`` formats: a snapshot of each (``tests/snapshots/report.*``) and each one read back.

The report below is built by hand (the formats only present a report; the report itself is tested in
test_report.py). Its values hold what breaks formats: a pipe, Markdown, a formula start, a comma, a quote,
a control character, non-ASCII text. ``PMLINT_UPDATE_SNAPSHOTS=1`` rewrites the snapshots (then read the diff).
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from pmlint.output import report_text
from pmlint.output.report_csv import COLUMNS
from pmlint.output.report_formats import REPORT_FORMATS

SNAPSHOTS = Path(__file__).parent / "snapshots"


def _item(**values: Any) -> dict[str, Any]:
    item = {"id": "AI-1", "generated_id": False, "text": "", "owner": None, "owners": [], "due": None,
            "due_text": None, "status": "open", "links": [], "path": "pm/2026-03-15-auth.md", "line": 1,
            "incident_date": "2026-03-15", "age_days": 266, "overdue": False, "completed": None}
    item.update(values)
    return item


REPORT: dict[str, Any] = {
    "schema": 1,
    "as_of": "2026-12-06",
    "completion_window_days": 30,
    "publication_limit_hours": 48,
    "documents": [
        {"path": "pm/2026-03-15-auth.md", "title": "Auth | outage", "incident_date": "2026-03-15",
         "resolved": "2026-03-15T14:00:00+00:00", "published": "2026-03-16T20:00:00+00:00", "publication_hours": 30.0,
         "action_items": 3, "findings": 2, "services": ["auth"], "root_cause_category": None},
        {"path": "pm/équipe, q2.md", "title": None, "incident_date": None, "resolved": None, "published": None,
         "publication_hours": None, "action_items": 1, "findings": 0, "services": ["auth"],
         "root_cause_category": "config-change"},
    ],
    "action_items": [
        _item(text="Alert on | pipes and *stars* at 80% and 90%", owner="Sarah", owners=["Sarah"], due="2026-04-01",
              due_text="2026-04-01", status="done", links=["https://github.com/acme/api/issues/12"], line=18),
        _item(id="AI-2", text="=SUM(A1:A2) looks like a formula", owner="@omar, Lee", owners=["@omar", "Lee"],
              due="2026-04-10", due_text="2026-04-10", status="in progress", line=19, overdue=True),
        _item(id="pm-1a2b3c-4d5e6f", generated_id=True, text='Say "hello", then <b>wave</b>\x1b[31m', due_text="Q3 2026",
              line=20),
        _item(id="AI-9", text="Retire the old vault", status="not doing", path="pm/équipe, q2.md", line=7,
              incident_date=None, age_days=None),
    ],
    "metrics": {
        "documents": 2, "action_items": 4,
        "statuses": {"open": 1, "in progress": 1, "done": 1, "not doing": 1},
        "completion": {"done": 1, "total": 3, "rate": 0.333, "due_passed": 2, "done_by_due": 1, "rate_by_due": 0.5,
                       "window_items": 3, "within_window": 1, "rate_within_window": 0.333},
        "overdue": 1,
        "by_owner": [{"owner": "@omar", "open": 1, "overdue": 1, "done": 0},
                     {"owner": "Lee", "open": 1, "overdue": 1, "done": 0},
                     {"owner": "Sarah", "open": 0, "overdue": 0, "done": 1}],
        "unowned": {"open": 1, "overdue": 0},
        "publication": {"known": 1, "median_hours": 30.0, "p90_hours": 30.0, "longest_hours": 30.0,
                        "longest_path": "pm/2026-03-15-auth.md", "over_limit": 0},
        "repeat_incidents": {"documents_with_repeat": 2, "rate": 1.0, "groups": [
            {"reason": "service: auth", "paths": ["pm/2026-03-15-auth.md", "pm/équipe, q2.md"]}]},
        "findings_by_rule": [{"code": "PM302", "name": "action-owner", "count": 1},
                             {"code": "PM303", "name": "action-due-date", "count": 1}],
        "completion_over_time": [{"month": "2026-03", "items": 3, "done": 1, "rate": 0.333}],
    },
    "errors": [{"path": "pm/broken.md", "message": "invalid UTF-8 at byte 12"}],
}

FORMATS = {"text": "report.txt", "markdown": "report.md", "json": "report.json", "csv": "report.csv"}


def compare(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("PMLINT_UPDATE_SNAPSHOTS") == "1":
        path.write_text(actual, encoding="utf-8", newline="")
        return
    assert path.is_file(), f"no snapshot {path}; run with PMLINT_UPDATE_SNAPSHOTS=1 to create it, then review it"
    with path.open(encoding="utf-8", newline="") as file:
        assert actual == file.read(), f"{name} differs from its snapshot (PMLINT_UPDATE_SNAPSHOTS=1 rewrites it)"


@pytest.mark.parametrize(("name", "snapshot"), sorted(FORMATS.items()))
def test_snapshot(name: str, snapshot: str) -> None:
    compare(snapshot, REPORT_FORMATS[name](REPORT))


def test_registry_names() -> None:
    from pmlint import cli
    from pmlint.output.report_formats import REPORT_FORMAT_NAMES

    assert set(FORMATS) <= set(REPORT_FORMATS) <= set(REPORT_FORMAT_NAMES)
    assert cli.REPORT_FORMAT_NAMES == REPORT_FORMAT_NAMES


def test_no_control_characters_in_any_format() -> None:
    for name in FORMATS:
        output = REPORT_FORMATS[name](REPORT)
        assert "\x1b" not in output, name


def test_json_reads_back() -> None:
    output = REPORT_FORMATS["json"](REPORT)
    assert output.endswith("}\n")
    assert json.loads(output) == REPORT
    assert list(json.loads(output)) == list(REPORT)  # the contract's order


def test_csv_reads_back() -> None:
    output = REPORT_FORMATS["csv"](REPORT)
    assert output.endswith("\r\n") and "\r\n" in output.split("\n", 1)[0] + "\n"
    rows = list(csv.reader(io.StringIO(output, newline="")))
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 1 + len(REPORT["action_items"])
    read = [dict(zip(rows[0], row)) for row in rows[1:]]
    assert [row["id"] for row in read] == ["AI-1", "AI-2", "pm-1a2b3c-4d5e6f", "AI-9"]
    assert read[0]["text"] == "Alert on | pipes and *stars* at 80% and 90%"
    assert read[1]["text"] == "'=SUM(A1:A2) looks like a formula"  # a spreadsheet must not run it
    assert read[1]["owner"] == "'@omar, Lee"
    assert read[2]["text"] == 'Say "hello", then <b>wave</b>\\x1b[31m'
    assert read[3]["path"] == "pm/équipe, q2.md"
    assert [row["overdue"] for row in read] == ["false", "true", "false", "false"]
    assert read[0]["links"] == "https://github.com/acme/api/issues/12"
    assert (read[3]["incident_date"], read[3]["age_days"], read[0]["line"]) == ("", "", "18")


def _cells(row: str) -> list[str]:
    """A Markdown table row's cells, unescaped as a renderer would."""
    inner = row.strip()[1:-1]
    return [re.sub(r"\\(.)", r"\1", cell.strip()) for cell in re.split(r"(?<!\\)\|", inner)]


def test_markdown_reads_back() -> None:
    output = REPORT_FORMATS["markdown"](REPORT)
    lines = output.split("\n")
    start = lines.index("## All action items")
    table = [line for line in lines[start + 1:] if line.startswith("|")]
    header, rows = _cells(table[0]), [_cells(row) for row in table[2:]]
    assert header == ["ID", "status", "owner", "due", "action", "file"]
    assert len(rows) == 4 and all(len(row) == 6 for row in rows)
    assert rows[0] == ["AI-1", "done", "Sarah", "2026-04-01", "Alert on | pipes and *stars* at 80% and 90%",
                       "pm/2026-03-15-auth.md:18"]
    assert rows[2][4] == 'Say "hello", then <b>wave</b>\\x1b[31m'  # shown as text, not HTML
    assert rows[2][3] == "Q3 2026"
    overdue = lines.index("## Overdue")
    assert [_cells(line)[0] for line in lines[overdue + 1:start] if line.startswith("|")][2:] == ["AI-2"]
    assert "**1 overdue**" in output
    assert "<b>" not in output  # escaped: \<b\>


def test_text_reads_back() -> None:
    output = REPORT_FORMATS["text"](REPORT)
    lines = output.split("\n")
    assert lines[0] == "pmlint report as of 2026-12-06: 2 post-mortems, 4 action items"
    metrics = {line.split("  ")[1].strip(): line.split("  ", 2)[-1].strip()
               for line in lines[lines.index("Metrics") + 1:] if line.startswith("  ") and not line.startswith("    ")
               and line.strip() and not line.startswith("   ")}
    assert metrics["Completed"].endswith("1 of 3 (33.3%)")
    assert "median 30 h" in output and "1 over" not in output and "0 over 48 h" in output
    overdue = lines.index("Overdue action items (1)")
    assert lines[overdue + 3].split()[0] == "AI-2"
    ledger = lines.index("Action items (4)")
    assert [line.split()[0] for line in lines[ledger + 3:ledger + 7]] == ["AI-1", "AI-2", "pm-1a2b3c-4d5e6f", "AI-9"]
    assert lines[ledger + 6].split()[1:3] == ["not", "doing"]
    assert "Skipped (1)" in output and "pm/broken.md: invalid UTF-8 at byte 12" in output


def test_text_fits_the_width() -> None:
    for width in (120, 160):
        output = report_text.render(REPORT, width=width)
        ledger = output.split("Action items (4)\n", 1)[1].split("\n\n", 1)[0]
        assert all(len(line) <= width for line in ledger.split("\n")), width
        assert len(ledger.split("\n")) == 2 + 4  # one line per item
    narrow = report_text.render(REPORT, width=90).split("Action items (4)\n", 1)[1].split("\n\n", 1)[0]
    lines = narrow.split("\n")
    assert len(lines) == 2 + 2 * 4  # each item's text on a line of its own, cut to the width
    assert lines[3].strip() == "Alert on | pipes and *stars* at 80% and 90%"
    assert all(len(line) <= 90 for line in lines[3::2])
    assert "Alert on | pipes and *stars* at 8\u2026" in report_text.render(REPORT, width=40)
    assert report_text.render(REPORT) == report_text.render(REPORT, width=120)  # deterministic when not a tty
