"""``pmlint report``: the ledger and every metric, hand-worked on small post-mortems, and the command line.

Three documents (a table with IDs and a Status column, a task list with inline fields, a plain list) are
reported as of 2026-04-15; every expected value below is worked out by hand from the documents.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import assert_no_traceback, findings

from pmlint.cli import cli
from pmlint.commands.report import normalise_status, real_date
from pmlint.language.wordlists import load

AUTH = """\
---
title: Auth outage
incident_date: 2026-03-15
resolved: 2026-03-15T14:00:00Z
published: 2026-03-16T20:00:00Z
service: auth
---
# Auth outage

## Root Cause Analysis

A certificate renewal job failed silently after the vault migration.

## Action Items

| ID | Action | Owner | Due | Status |
|----|--------|-------|-----|--------|
| AI-1 | Alert on certificate expiry | Sarah | 2026-04-01 | Done |
| AI-2 | Add the renewal job to the runbook | Omar | 2026-04-10 | In progress |
| AI-3 | Retire the old vault | Sarah | 2026-05-01 | Won't do |
| AI-4 | Test renewal in staging every week | Omar | Q3 2026 | Not started |
"""

AGAIN = """\
---
incident_date: 2026-04-02
resolved: 2026-04-02T10:00:00Z
published: 2026-04-06
service: Auth
category: config-change
---
# Auth outage again

## Root Cause Analysis

The certificate renewal jobs failed silently after a vault migration!

## Action Items

- [x] Roll back the config push (owner: Lee, due: 2026-04-03)
- [ ] Add a canary stage for config pushes (owner: Lee, due: 2026-04-20)
- [ ] Write a config schema validator @mina due 2026-04-09
"""

DB = """\
# Database failover

## Action Items

- Document the failover procedure
- Add replica lag alerting — Priya, 2026-02-01
"""

AS_OF = "2026-04-15"


def line_of(text: str, needle: str) -> int:
    """The 1-based line of ``text`` that holds ``needle`` (worked out from the document, not by pmlint)."""
    (number,) = [number for number, line in enumerate(text.split("\n"), 1) if needle in line]
    return number


def report(project: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["report", *args])
    assert_no_traceback(result)
    return result


@pytest.fixture
def three(project: Path) -> Path:
    (project / "notes").mkdir()
    (project / "2026-03-15-auth.md").write_text(AUTH, encoding="utf-8")
    (project / "2026-04-02-auth-again.md").write_text(AGAIN, encoding="utf-8")
    (project / "notes" / "2026-01-10-db.md").write_text(DB, encoding="utf-8")
    return project


def json_report(project: Path, *args: str) -> dict[str, Any]:
    result = report(project, "--format", "json", "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def generated(path: str, text: str) -> str:
    return f"pm-{hashlib.sha256(path.encode()).hexdigest()[:6]}-{hashlib.sha256(text.casefold().encode()).hexdigest()[:6]}"


# -- the ledger ----------------------------------------------------------------------------------------


def test_ledger_rows(three: Path) -> None:
    data = json_report(three, ".")
    rows = [(item["id"], item["text"], item["owners"], item["due"], item["due_text"], item["status"], item["path"],
             item["line"], item["incident_date"], item["age_days"], item["overdue"]) for item in data["action_items"]]
    auth, again, db = "2026-03-15-auth.md", "2026-04-02-auth-again.md", "notes/2026-01-10-db.md"
    assert rows == [
        ("AI-1", "Alert on certificate expiry", ["Sarah"], "2026-04-01", "2026-04-01", "done", auth,
         line_of(AUTH, "AI-1"), "2026-03-15", 31, False),
        ("AI-2", "Add the renewal job to the runbook", ["Omar"], "2026-04-10", "2026-04-10", "in progress", auth,
         line_of(AUTH, "AI-2"), "2026-03-15", 31, True),
        ("AI-3", "Retire the old vault", ["Sarah"], "2026-05-01", "2026-05-01", "not doing", auth,
         line_of(AUTH, "AI-3"), "2026-03-15", 31, False),
        ("AI-4", "Test renewal in staging every week", ["Omar"], None, "Q3 2026", "open", auth,
         line_of(AUTH, "AI-4"), "2026-03-15", 31, False),
        (generated(again, "Roll back the config push"), "Roll back the config push", ["Lee"], "2026-04-03",
         "2026-04-03", "done", again, line_of(AGAIN, "Roll back"), "2026-04-02", 13, False),
        (generated(again, "Add a canary stage for config pushes"), "Add a canary stage for config pushes", ["Lee"],
         "2026-04-20", "2026-04-20", "open", again, line_of(AGAIN, "canary"), "2026-04-02", 13, False),
        (generated(again, "Write a config schema validator @mina"), "Write a config schema validator @mina",
         ["@mina"], "2026-04-09", "2026-04-09", "open", again, line_of(AGAIN, "validator"), "2026-04-02", 13, True),
        (generated(db, "Document the failover procedure"), "Document the failover procedure", [], None, None,
         "open", db, line_of(DB, "failover procedure"), "2026-01-10", 95, False),
        (generated(db, "Add replica lag alerting — Priya, 2026-02-01"), "Add replica lag alerting — Priya, 2026-02-01",
         ["Priya"], "2026-02-01", "2026-02-01", "open", db, line_of(DB, "replica"), "2026-01-10", 95, True),
    ]
    assert [item["generated_id"] for item in data["action_items"]] == [False] * 4 + [True] * 5
    assert [item["owner"] for item in data["action_items"]][-2:] == [None, "Priya"]


def test_documents(three: Path) -> None:
    data = json_report(three, ".")
    documents = [(doc["path"], doc["title"], doc["incident_date"], doc["resolved"], doc["published"],
                  doc["publication_hours"], doc["action_items"], doc["services"], doc["root_cause_category"])
                 for doc in data["documents"]]
    assert documents == [
        ("2026-03-15-auth.md", "Auth outage", "2026-03-15", "2026-03-15T14:00:00+00:00", "2026-03-16T20:00:00+00:00",
         30.0, 4, ["auth"], None),
        ("2026-04-02-auth-again.md", "Auth outage again", "2026-04-02", "2026-04-02T10:00:00+00:00",
         "2026-04-06T00:00:00+00:00", 86.0, 3, ["auth"], "config-change"),
        # No front matter: the incident's day and the publication are the path's date; no resolution.
        ("notes/2026-01-10-db.md", "Database failover", "2026-01-10", None, "2026-01-10T00:00:00+00:00", None, 2, [],
         None),
    ]


def test_findings_per_document_and_rule_are_the_checks(three: Path) -> None:
    data = json_report(three, ".")
    checked = CliRunner().invoke(cli, ["check", "--format", "json", "."])
    found = findings(checked)
    assert {doc["path"]: doc["findings"] for doc in data["documents"]} == {
        doc["path"]: sum(1 for finding in found if finding["path"] == doc["path"]) for doc in data["documents"]}
    counts: dict[str, int] = {}
    for finding in found:
        counts[finding["code"]] = counts.get(finding["code"], 0) + 1
    assert [(row["code"], row["count"]) for row in data["metrics"]["findings_by_rule"]] == sorted(
        counts.items(), key=lambda pair: (-pair[1], pair[0]))
    assert all(row["name"] == next(f["rule"] for f in found if f["code"] == row["code"])
               for row in data["metrics"]["findings_by_rule"])


# -- metrics ---------------------------------------------------------------------------------------------


def test_completion(three: Path) -> None:
    completion = json_report(three, ".")["metrics"]["completion"]
    # Nine items, one not doing (AI-3): eight owed, two done (AI-1, the rollback).
    # Due before 2026-04-15: AI-1, AI-2, the rollback, the validator, the replica alert: five, two done.
    # Within 30 days of the incident: AI-1 (due 04-01, inside 03-15 + 30 days), the rollback (04-15 is
    # inside 04-02 + 30 days): two of the eight items whose incident date is known.
    assert completion == {"done": 2, "total": 8, "rate": 0.25, "due_passed": 5, "done_by_due": 2, "rate_by_due": 0.4,
                          "window_items": 8, "within_window": 2, "rate_within_window": 0.25}


def test_completion_window_and_dates_written_in_the_status(project: Path) -> None:
    (project / "pm.md").write_text(
        "---\nincident_date: 2026-01-01\n---\n# X\n\n## Action Items\n\n"
        "| Action | Owner | Due | Status |\n|---|---|---|---|\n"
        "| Add an alert | Ana | 2026-01-20 | Done 2026-03-01 |\n"
        "| Add a runbook | Ana | 2026-03-01 | Done |\n"
        "| Add a dashboard | Ana | | Completed 2026-01-10 |\n", encoding="utf-8")
    data = json_report(project, "pm.md", "--window-days", "30")
    # Window ends 2026-01-31. The alert was done on 03-01 (late for its due date and the window); the runbook
    # is taken to be done by its due date (03-01, after the window); the dashboard was done on 01-10.
    completion = data["metrics"]["completion"]
    assert (completion["done"], completion["due_passed"], completion["done_by_due"]) == (3, 2, 1)
    assert (completion["window_items"], completion["within_window"]) == (3, 1)
    assert [item["completed"] for item in data["action_items"]] == ["2026-03-01", None, "2026-01-10"]
    assert data["completion_window_days"] == 30
    wide = json_report(project, "pm.md", "--window-days", "70")["metrics"]["completion"]
    assert wide["within_window"] == 3  # window to 2026-03-12: all three


def test_overdue_around_the_report_date(project: Path) -> None:
    (project / "pm.md").write_text(
        "# X\n\n## Action Items\n\n- [ ] Add an alert (owner: Ana, due: 2026-04-15)\n"
        "- [x] Add a runbook (owner: Ana, due: 2026-04-01)\n", encoding="utf-8")
    overdue = [[item["overdue"] for item in json_report(project, "pm.md", "--as-of", day)["action_items"]]
               for day in ("2026-04-15", "2026-04-16")]
    # Due on the 15th is not overdue on the 15th, and is on the 16th; a done item never is.
    assert overdue == [[False, False], [True, False]]


def test_by_owner(three: Path) -> None:
    metrics = json_report(three, ".")["metrics"]
    assert metrics["by_owner"] == [
        {"owner": "Omar", "open": 2, "overdue": 1, "done": 0},
        {"owner": "@mina", "open": 1, "overdue": 1, "done": 0},
        {"owner": "Priya", "open": 1, "overdue": 1, "done": 0},
        {"owner": "Lee", "open": 1, "overdue": 0, "done": 1},
        {"owner": "Sarah", "open": 0, "overdue": 0, "done": 1},
    ]
    assert metrics["unowned"] == {"open": 1, "overdue": 0}
    assert metrics["overdue"] == 3
    assert metrics["statuses"] == {"open": 5, "in progress": 1, "done": 2, "not doing": 1}


def test_publication(three: Path) -> None:
    publication = json_report(three, ".")["metrics"]["publication"]
    # 30 h (03-15 14:00 -> 03-16 20:00) and 86 h (04-02 10:00 -> 04-06 00:00); the database one has no resolution.
    assert publication == {"known": 2, "median_hours": 58.0, "p90_hours": 86.0, "longest_hours": 86.0,
                           "longest_path": "2026-04-02-auth-again.md", "over_limit": 1}


def test_repeat_incidents(three: Path) -> None:
    repeats = json_report(three, ".")["metrics"]["repeat_incidents"]
    pair = ["2026-03-15-auth.md", "2026-04-02-auth-again.md"]
    assert repeats == {"documents_with_repeat": 2, "rate": 0.667,
                       "groups": [{"reason": "service: auth", "paths": pair},
                                  {"reason": "similar root cause", "paths": pair}]}


def test_repeat_groups_need_two_documents_and_close_causes(project: Path) -> None:
    (project / "a.md").write_text("---\ncomponents: [queue, api]\nroot_cause_category: capacity\n---\n# A\n\n"
                                  "## Root Cause Analysis\n\nThe queue ran out of disk space.\n", encoding="utf-8")
    (project / "b.md").write_text("---\ncomponent: Queue\nroot_cause_category: Capacity\n---\n# B\n\n"
                                  "## Root Cause Analysis\n\nA bad deploy removed the rate limiter.\n", encoding="utf-8")
    (project / "c.md").write_text("# C\n\n## Root Cause Analysis\n\nA bad deployment removed the rate limiter.\n",
                                  encoding="utf-8")
    repeats = json_report(project, ".")["metrics"]["repeat_incidents"]
    # "deploy" and "deployment" are different words: b and c are not the same cause.
    assert repeats["groups"] == [{"reason": "component: queue", "paths": ["a.md", "b.md"]},
                                 {"reason": "root cause category: capacity", "paths": ["a.md", "b.md"]}]
    assert (repeats["documents_with_repeat"], repeats["rate"]) == (2, 0.667)


def test_completion_over_time(three: Path) -> None:
    assert json_report(three, ".")["metrics"]["completion_over_time"] == [
        {"month": "2026-01", "items": 2, "done": 0, "rate": 0.0},
        {"month": "2026-03", "items": 3, "done": 1, "rate": 0.333},  # AI-3 (not doing) is not counted
        {"month": "2026-04", "items": 3, "done": 1, "rate": 0.333},
    ]


def test_empty_report(project: Path) -> None:
    (project / "pm.md").write_text("# Nothing to do\n\nAll good.\n", encoding="utf-8")
    data = json_report(project, "pm.md")
    assert data["action_items"] == [] and data["metrics"]["completion"]["rate"] is None
    assert data["metrics"]["publication"]["median_hours"] is None
    assert data["metrics"]["repeat_incidents"]["rate"] == 0.0
    assert set(data) == {"schema", "as_of", "completion_window_days", "publication_limit_hours", "documents",
                         "action_items", "metrics", "errors"}
    assert data["schema"] == 1 and data["as_of"] == AS_OF and data["publication_limit_hours"] == 48


# -- statuses, dates, IDs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "status"), [
    (None, "open"), ("", "open"), ("Done", "done"), ("**Complete**", "done"), ("✅ Done", "done"),
    ("Won\u2019t do", "not doing"), ("won't fix", "not doing"), ("Cancelled", "not doing"),
    ("In progress (PR #12)", "in progress"), ("in-progress", "in progress"), ("WIP", "in progress"),
    ("Not started", "open"), ("Not done", "open"), ("TODO", "open"), ("Blocked", "open"),
    ("Status: done", "done"), ("Completed 2026-03-20", "done"), ("Something else", "open"),
    ("Donezo", "open"), ("open", "open"),
])
def test_status_words(written: str | None, status: str) -> None:
    from pmlint.commands.report import _status_table

    assert normalise_status(written, _status_table(load("action-status"))) == status


@pytest.mark.parametrize(("text", "day"), [
    ("2026-04-01", dt.date(2026, 4, 1)), ("April 1, 2026", dt.date(2026, 4, 1)), ("1 April 2026", dt.date(2026, 4, 1)),
    ("Q3 2026", None), ("next sprint", None), ("April 1", None), ("2026-02-30", None), ("TBD", None),
])
def test_real_due_dates(text: str, day: dt.date | None) -> None:
    assert real_date(text) == day


def test_generated_ids_survive_edits_elsewhere(project: Path) -> None:
    before = "# X\n\n## Action Items\n\n- Add an alert for lag\n- Add a runbook for failover\n- Add an alert for lag\n"
    after = ("# X\n\nSome new text.\n\n## Action Items\n\n- Rotate the keys\n- Add an alert for lag\n"
             "- Add a runbook for failover\n- Add an alert for lag\n")
    (project / "pm.md").write_text(before, encoding="utf-8")
    first = [item["id"] for item in json_report(project, "pm.md")["action_items"]]
    (project / "pm.md").write_text(after, encoding="utf-8")
    second = [item["id"] for item in json_report(project, "pm.md")["action_items"]]
    assert first == second[1:]
    assert len(set(first)) == 3 and first[2] == first[0] + "-2"
    assert all(re.fullmatch(r"pm-[0-9a-f]{6}-[0-9a-f]{6}(?:-\d+)?", name) for name in second)


def test_placeholder_owners_are_nobody(project: Path) -> None:
    (project / "pm.md").write_text("# X\n\n## Action Items\n\n| Action | Owner | Due |\n|---|---|---|\n"
                                   "| Add an alert | TBD | 2026-01-01 |\n", encoding="utf-8")
    item = json_report(project, "pm.md")["action_items"][0]
    assert (item["owner"], item["owners"], item["overdue"]) == (None, [], True)


def test_we_is_nobody_but_a_named_team_is_an_owner(project: Path) -> None:
    (project / "pm.md").write_text("# X\n\n## Action Items\n\n- We will add a disk alert\n"
                                   "- Add a lag alert (owner: SRE team)\n", encoding="utf-8")
    report = json_report(project, "pm.md")
    assert [item["owners"] for item in report["action_items"]] == [[], ["SRE team"]]
    assert [row["owner"] for row in report["metrics"]["by_owner"]] == ["SRE team"]


# -- input ---------------------------------------------------------------------------------------------


def test_crlf_gives_the_same_ledger(three: Path) -> None:
    lf = json_report(three, "2026-03-15-auth.md")["action_items"]
    (three / "2026-03-15-auth.md").write_bytes(AUTH.replace("\n", "\r\n").encode("utf-8"))
    assert json_report(three, "2026-03-15-auth.md")["action_items"] == lf


def test_invalid_utf8_is_reported_and_skipped(three: Path) -> None:
    (three / "broken.md").write_bytes(b"# Broken\n\n## Action Items\n\n- Add \xff\xfe an alert\n")
    result = report(three, "--format", "json", "--as-of", AS_OF, ".")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [error["path"] for error in data["errors"]] == ["broken.md"]
    assert "UTF-8" in data["errors"][0]["message"]
    assert len(data["documents"]) == 3 and len(data["action_items"]) == 9
    assert "broken.md" in result.stderr


def test_hostile_file_names(project: Path) -> None:
    name = "=HYPERLINK(1)\x1b[31m ##[error]x.md"
    (project / name).write_text("# X\n\n## Action Items\n\n- @ana: add an alert\x1b]0;owned\x07 (due: 2026-01-01)\n",
                                encoding="utf-8")
    text = report(project, "--as-of", AS_OF, ".")
    assert "\x1b" not in text.stdout and "##[" not in text.stdout and "\x07" not in text.stdout
    assert "\\x1b[31m" in text.stdout
    rows = list(csv.reader(io.StringIO(report(project, "--format", "csv", "--as-of", AS_OF, ".").stdout)))
    assert rows[1][rows[0].index("path")].startswith("'=HYPERLINK(1)")
    assert "\x1b" not in "".join(rows[1])
    markdown = report(project, "--format", "markdown", "--as-of", AS_OF, ".").stdout
    assert "\x1b" not in markdown and "\\=HYPERLINK\\(1\\)" not in markdown  # '=' needs no escape
    data = json.loads(report(project, "--format", "json", "--as-of", AS_OF, ".").stdout)
    assert data["action_items"][0]["path"] == name


# -- command line -----------------------------------------------------------------------------------------


def test_fail_on_overdue(three: Path) -> None:
    assert report(three, "--as-of", AS_OF, ".").exit_code == 0
    assert report(three, "--as-of", AS_OF, "--fail-on-overdue", ".").exit_code == 1
    # Before anything was due, nothing is overdue.
    assert report(three, "--as-of", "2026-01-31", "--fail-on-overdue", ".").exit_code == 0


def test_output_file(three: Path) -> None:
    result = report(three, "--format", "csv", "--as-of", AS_OF, "-o", "ledger.csv", ".")
    assert result.exit_code == 0 and result.stdout == ""
    rows = list(csv.reader((three / "ledger.csv").open(encoding="utf-8", newline="")))
    assert len(rows) == 10 and rows[0][0] == "id"


def test_output_dash_is_standard_output(three: Path) -> None:
    result = report(three, "--format", "csv", "--as-of", AS_OF, "-o", "-", ".")
    assert result.exit_code == 0 and not (three / "-").exists()
    rows = list(csv.reader(result.stdout.splitlines()))
    assert len(rows) == 10 and rows[0][0] == "id"


@pytest.mark.parametrize(("args", "message"), [
    (["--as-of", "2026-13-01"], "'--as-of': '2026-13-01' is not a date"),
    (["--as-of", "yesterday"], "is not a date in the form YYYY-MM-DD"),
    (["--config", "missing.yaml"], "config file not found"),
    (["--jobs", "0"], "'--jobs': must be a positive number"),
    (["-"], "not standard input"),
])
def test_bad_options_exit_2(three: Path, args: list[str], message: str) -> None:
    result = report(three, *args, ".")
    assert result.exit_code == 2
    assert message in result.stderr


def test_bad_window_and_format_are_usage_errors(three: Path) -> None:
    assert report(three, "--window-days", "-1", ".").exit_code == 2
    assert report(three, "--format", "xml", ".").exit_code == 2


def test_broken_config_exits_2(three: Path) -> None:
    (three / ".pmlint.yaml").write_text("rules: [\n", encoding="utf-8")
    result = report(three, "--as-of", AS_OF, ".")
    assert result.exit_code == 2
    assert ".pmlint.yaml" in result.stderr


def test_config_exclude_is_honoured(three: Path) -> None:
    (three / ".pmlint.yaml").write_text("exclude: ['notes/**']\n", encoding="utf-8")
    data = json_report(three, ".")
    assert [doc["path"] for doc in data["documents"]] == ["2026-03-15-auth.md", "2026-04-02-auth-again.md"]


def test_a_missing_path_or_nothing_to_read_exits_2(three: Path) -> None:
    result = report(three, "--format", "json", "--as-of", AS_OF, "nope.md", "2026-03-15-auth.md")
    assert result.exit_code == 2 and "nope.md: no such file or directory" in result.stderr
    (three / "empty").mkdir()
    result = report(three, "--format", "json", "--as-of", AS_OF, "--fail-on-overdue", "empty")
    assert result.exit_code == 2 and "no Markdown files found" in result.stderr
    (three / "only").mkdir()
    (three / "only" / "broken.md").write_bytes(b"# \xff\n")
    assert report(three, "--format", "json", "--as-of", AS_OF, "only").exit_code == 2


def test_default_date_is_today(three: Path) -> None:
    data = json.loads(report(three, "--format", "json", ".").stdout)
    today = dt.datetime.now(dt.timezone.utc).date()
    assert data["as_of"] in (today.isoformat(), (today - dt.timedelta(days=1)).isoformat(),
                             (today + dt.timedelta(days=1)).isoformat())


def test_jobs_give_the_same_report(project: Path) -> None:
    for number in range(70):  # more than one batch of 64: worker processes
        (project / f"pm-{number:02d}.md").write_text(
            f"---\nincident_date: 2026-01-{number % 28 + 1:02d}\n---\n# Incident {number}\n\n## Action Items\n\n"
            f"- [ ] Add alert {number} (owner: Ana, due: 2026-02-01)\n- [x] Add runbook {number}\n", encoding="utf-8")
    serial = report(project, "--format", "json", "--as-of", AS_OF, "--jobs", "1", ".")
    parallel = report(project, "--format", "json", "--as-of", AS_OF, "--jobs", "2", ".")
    assert serial.exit_code == parallel.exit_code == 0
    assert serial.stdout == parallel.stdout
    data = json.loads(parallel.stdout)
    assert data["metrics"]["action_items"] == 140 and data["metrics"]["overdue"] == 70


def test_publication_dates_without_a_time(project: Path) -> None:
    (project / "2026-05-01-a.md").write_text("---\nresolved: 2026-05-01T10:00:00Z\n---\n# A\n", encoding="utf-8")
    (project / "b.md").write_text("---\nresolved: 2026-05-01T10:00:00Z\npublished: 2026-05-03\n---\n# B\n",
                                  encoding="utf-8")
    (project / "c.md").write_text("---\nresolved: 2026-05-01T10:00:00Z\npublished: 2026-05-01T08:00:00Z\n---\n# C\n",
                                  encoding="utf-8")
    data = json_report(project, ".")
    # a: the path's date is the resolution's own day: no delay can be told. b: 00:00 on the 3rd is 38 h after
    # 10:00 on the 1st. c: a preliminary report 2 h before the resolution counts as 0 h.
    assert [doc["publication_hours"] for doc in data["documents"]] == [None, 38.0, -2.0]
    publication = data["metrics"]["publication"]
    assert (publication["known"], publication["median_hours"], publication["longest_hours"]) == (2, 19.0, 38.0)
    assert publication["longest_path"] == "b.md" and publication["over_limit"] == 0


def test_a_crash_while_reading_a_document_is_reported_for_that_file(three: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pmlint.commands.report as report_module

    real = report_module.read_document

    def flaky(prepared: Any, display: str) -> Any:
        if display.startswith("notes/"):
            raise ValueError("boom")
        return real(prepared, display)

    monkeypatch.setattr(report_module, "read_document", flaky)
    data = json_report(three, ".")
    assert [(error["path"], "internal error" in error["message"]) for error in data["errors"]] == [
        ("notes/2026-01-10-db.md", True)]
    assert [doc["path"] for doc in data["documents"]] == ["2026-03-15-auth.md", "2026-04-02-auth-again.md"]


def test_text_keeps_code_and_drops_markup(project: Path) -> None:
    (project / "pm.md").write_text(
        "# X\n\n## Action Items\n\n| ID | Action | Owner |\n|----|--------|-------|\n"
        "| AI-1 | Pin `requests` to **2.31** in [the lock file](https://x.test/lock) \\| both apps | Ana |\n\n"
        "- Revert the driver to `overlay2` (owner: Ben)\n"
        "- [#12]: Add a `--dry-run` flag\n\n"
        "[#12]: https://x.test/issues/12\n", encoding="utf-8")
    items = json_report(project, "pm.md")["action_items"]
    assert [(item["id"], item["text"], item["owners"]) for item in items] == [
        ("AI-1", "Pin requests to 2.31 in the lock file | both apps", ["Ana"]),
        (generated("pm.md", "Revert the driver to overlay2"), "Revert the driver to overlay2", ["Ben"]),
        ("#12", "Add a --dry-run flag", []),
    ]


def test_dates_at_the_end_of_the_calendar(project: Path) -> None:
    (project / "pm.md").write_text("---\nincident_date: 9999-12-20\n---\n# X\n\n## Action Items\n\n"
                                   "- [x] Add an alert (owner: Ana, due: 9999-12-31)\n", encoding="utf-8")
    data = json_report(project, "pm.md", "--window-days", "36500")
    assert data["metrics"]["completion"]["within_window"] == 1
    assert data["action_items"][0]["age_days"] < 0
    assert report(project, "--window-days", "36501", "pm.md").exit_code == 2


def test_text_without_its_fields(project: Path) -> None:
    (project / "pm.md").write_text(
        "# X\n\n## Action Items\n\n"
        "- Run a restore drill. Owner: Zara Murphy; due 2023-02-17. [INC-8328](https://x.test/browse/INC-8328)\n"
        "- Add a panel , for rejected requests ; owner: Kenji\n", encoding="utf-8")
    items = json_report(project, "pm.md")["action_items"]
    assert [(item["text"], item["owners"], item["due"]) for item in items] == [
        ("Run a restore drill. INC-8328", ["Zara Murphy"], "2023-02-17"),
        ("Add a panel, for rejected requests", ["Kenji"], None)]  # a trailing separator goes too


def test_the_summary_root_cause_field_is_the_cause(project: Path) -> None:
    body = "## Summary\n\n- **Impact:** Payouts were late.\n- **Root cause:** {}\n\n## Root Cause Analysis\n\n{}\n"
    (project / "a.md").write_text("# A\n\n" + body.format("A worker limit lowered for a load test was never restored.",
                                                          "Why? The queue grew."), encoding="utf-8")
    (project / "b.md").write_text("# B\n\n" + body.format("The worker limits lowered for load tests were never "
                                                          "restored", "Why? Another reason entirely."), encoding="utf-8")
    (project / "c.md").write_text("# C\n\n## Root Cause Analysis\n\nA worker limit lowered for a load test was never "
                                  "restored.\n", encoding="utf-8")
    groups = json_report(project, ".")["metrics"]["repeat_incidents"]["groups"]
    assert groups == [{"reason": "similar root cause", "paths": ["a.md", "b.md", "c.md"]}]


def test_status_words_come_from_the_configuration(project: Path) -> None:
    (project / ".pmlint.yaml").write_text("wordlists:\n  action-status:\n    add: ['parked -> not doing']\n",
                                          encoding="utf-8")
    (project / "pm.md").write_text("# X\n\n## Action Items\n\n| Action | Status |\n|---|---|\n"
                                   "| Add an alert | Parked |\n| Add a runbook | Done |\n", encoding="utf-8")
    assert [item["status"] for item in json_report(project, "pm.md")["action_items"]] == ["not doing", "done"]
