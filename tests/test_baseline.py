"""Finding fingerprints, ``--write-baseline`` / ``--baseline`` and ``--changed-since``.

Fingerprints: 16 hex digits of sha256(code, message with 'line N', flagged text with whitespace
collapsed), stable when lines move and line endings change, different for different flagged text.
Baselines: recorded findings are hidden, new ones reported, matching first exactly and then by
(path, code, message) without ever hiding more than was recorded.
--changed-since: only the files git reports as changed (plus untracked ones) are linted.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import GOOD, assert_no_traceback, findings, write_file
from helpers import lint_text

from pmlint.cli import cli

# -- documents ----------------------------------------------------------------------------------

# GOOD has a clean "What Went Wrong" list; blame sentences go in a paragraph after it.
WRONG_ITEM = "- The worker limit change had no expiry date.\n"
OWNER_ROW = ("| AI-1 | Add a step that restores worker limits to the load-test checklist | Ana Silva | 2026-02-20 "
             "| Not started |\n")
LESSONS = "Temporary settings need an expiry date.\n"
WELL = "- The queue-depth alert fired within a minute.\n"

NO_OWNER_MESSAGE = "action item has no owner; name one person (for example 'Owner: @name')"


def with_blame(text: str, *sentences: str) -> str:
    """``text`` with each sentence as its own paragraph under 'What Went Wrong'."""
    assert WRONG_ITEM in text
    return text.replace(WRONG_ITEM, WRONG_ITEM + "".join(f"\n{sentence}\n" for sentence in sentences))


def without_owner(text: str) -> str:
    """``text`` whose action item AI-1 has an empty owner cell (one PM302 'no owner')."""
    assert OWNER_ROW in text
    return text.replace(OWNER_ROW, OWNER_ROW.replace("| Ana Silva |", "|  |"))


def with_unowned_row(text: str, action: str, ident: str = "AI-2") -> str:
    """``text`` with one more action item row without an owner, after the row of AI-1."""
    row = re.search(r"^\| AI-1 \|.*\n", text, re.M)
    assert row is not None
    return text[:row.end()] + f"| {ident} | {action} |  | 2026-02-27 | Not started |\n" + text[row.end():]


def with_tbd_lessons(text: str) -> str:
    assert LESSONS in text
    return text.replace(LESSONS, "TBD\n")


def with_empty_well(text: str) -> str:
    assert WELL in text
    return text.replace(WELL, "")


BLAME = "John forgot to update the config."
DB = without_owner(with_blame(GOOD, BLAME))  # PM302 + PM401
DNS = with_empty_well(with_blame(GOOD, "Mary forgot to renew the certificate."))  # PM002 + PM401
CACHE = with_tbd_lessons(GOOD)  # PM002 placeholder

# A stated duration far from the timeline's window: PM103, whose message names the timeline lines.
DURATION = """\
# Login outage

## Executive Summary

- **Duration:** 45 minutes

## Timeline (UTC)

- 2026-03-15 14:05 Alerts fire for checkout errors.
- 2026-03-15 16:15 Error rates are back to normal; incident resolved.
"""

# Two timeline entries out of order: PM102, whose message names the line of the previous entry.
ORDER = """\
# Login outage

## Timeline (UTC)

- 2026-03-15 14:49 The fix is deployed.
- 2026-03-15 14:43 Error rates start to fall.
"""

HEX16 = re.compile(r"^[0-9a-f]{16}$")


# -- helpers ------------------------------------------------------------------------------------


def identities(text: str, select: tuple[str, ...] = ()) -> Counter[tuple[str, str, str]]:
    """(code, message with line references made stable, fingerprint) of each finding, as a multiset."""
    return Counter((f.code, re.sub(r"\bline \d+", "line N", f.message), f.fingerprint)
                   for f in lint_text(text, select))


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def entries(path: Path) -> list[tuple[str, str, str, str, int]]:
    return [(item["path"], item["code"], item["message"], item["fingerprint"], item["count"])
            for item in load(path)["findings"]]


def codes_by_path(result) -> Counter[tuple[str, str]]:
    return Counter((item["path"], item["code"]) for item in findings(result))


def gone_note(result) -> bool:
    return "no longer occur" in result.stderr


def make_legacy(write) -> None:
    write("docs/2024-01-db.md", DB)
    write("docs/2024-02-dns.md", DNS)
    write("docs/2024-03-cache.md", CACHE)
    write("docs/2025-01-good.md", GOOD)


def invoke_in(directory: Path, *args: str, input: str | None = None):
    """``pmlint check ARGS`` with ``directory`` as the working directory."""
    previous = os.getcwd()
    os.chdir(directory)
    try:
        result = CliRunner().invoke(cli, ["check", *args], input=input)
    finally:
        os.chdir(previous)
    assert_no_traceback(result)
    return result


# -- fingerprints -------------------------------------------------------------------------------


def test_fingerprint_is_sha256_of_code_stable_message_and_collapsed_flagged_text():
    text = DB
    lines = text.split("\n")
    found = lint_text(text)
    assert {f.code for f in found} == {"PM302", "PM401"}
    for finding in found:
        span = finding.span
        assert span.line == span.end_line  # both are single-line spans here
        flagged = lines[span.line - 1][span.column - 1:span.end_column - 1]
        key = "\0".join((finding.code, re.sub(r"\bline \d+", "line N", finding.message),
                         " ".join(flagged.split())[:200]))
        assert finding.fingerprint == hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
        assert HEX16.match(finding.fingerprint)


@pytest.mark.parametrize("insert", [
    "\n\n\n",
    "A paragraph someone added later.\n\nAnd a second one.\n\n",
    "## Background\n\nThe payout service moved to a new cluster last year.\n\n",
])
def test_fingerprints_do_not_change_when_lines_are_inserted_above(insert):
    before = identities(DB)
    after = identities(DB.replace("## Executive Summary\n", insert + "## Executive Summary\n"))
    assert len(before) == 2
    assert after == before
    # ...and the findings really moved.
    lines_before = sorted(f.span.line for f in lint_text(DB))
    lines_after = sorted(f.span.line for f in lint_text(DB.replace("## Executive Summary\n",
                                                                    insert + "## Executive Summary\n")))
    assert lines_after != lines_before


def test_fingerprints_do_not_change_with_crlf_line_endings():
    for text in (DB, DNS, CACHE):
        assert identities(text.replace("\n", "\r\n")) == identities(text)


def test_fingerprint_collapses_whitespace_of_the_flagged_text():
    one_line = identities(with_blame(GOOD, "John forgot to update the config."))
    wrapped = lint_text(with_blame(GOOD, "John forgot\nto update the config."))
    assert [f.span.end_line - f.span.line for f in wrapped] == [1]  # the flagged text spans a line break
    assert identities(with_blame(GOOD, "John forgot\nto update the config.")) == one_line


def test_fingerprint_differs_for_different_flagged_text_with_the_same_message():
    text = with_unowned_row(without_owner(GOOD), "Add an alert on the worker limit")
    found = lint_text(text)
    assert [(f.code, f.message) for f in found] == [("PM302", NO_OWNER_MESSAGE)] * 2
    assert found[0].fingerprint != found[1].fingerprint


def test_fingerprint_differs_between_rules_and_messages():
    prints = [f.fingerprint for text in (DB, DNS, CACHE) for f in lint_text(text)]
    assert len(prints) == 5
    assert len(set(prints)) == 5


def test_identical_sentences_share_a_fingerprint():
    found = lint_text(with_blame(GOOD, BLAME, BLAME))
    assert [f.code for f in found] == ["PM401", "PM401"]
    assert found[0].span.line != found[1].span.line
    assert found[0].fingerprint == found[1].fingerprint


def test_fingerprint_with_a_line_reference_in_the_message_is_stable():
    # PM102 says "(..., line 5)"; the reference moves with the document, the fingerprint must not.
    before = lint_text(ORDER, ("PM102",))
    after = lint_text(ORDER.replace("## Timeline", "Intro.\n\nMore.\n\n## Timeline"), ("PM102",))
    assert len(before) == len(after) == 1
    assert before[0].message != after[0].message  # the line number in it changed
    assert before[0].fingerprint == after[0].fingerprint


def test_fingerprint_of_a_message_naming_a_line_range_is_stable():
    # PM103 says "(..., lines 9-10)". Inserting a paragraph above the timeline moves that range; the
    # finding is the same one, so its fingerprint (and its baseline identity) must not change.
    before = lint_text(DURATION, ("PM103",))
    after = lint_text(DURATION.replace("## Timeline", "A note added later.\n\n## Timeline"), ("PM103",))
    assert len(before) == len(after) == 1
    assert before[0].fingerprint == after[0].fingerprint


def test_baseline_keeps_a_pm103_finding_hidden_when_lines_are_inserted_above(project, write, run):
    write("docs/outage.md", DURATION)
    assert run("--select", "PM103", "--write-baseline", "baseline.json", "docs").exit_code == 0
    write("docs/outage.md", DURATION.replace("## Timeline", "A note added later.\n\n## Timeline"))
    result = run("--select", "PM103", "--baseline", "baseline.json", "--format", "json", "docs")
    assert findings(result) == []
    assert result.exit_code == 0
    assert not gone_note(result)


# -- JSON and SARIF -----------------------------------------------------------------------------


def test_json_has_a_fingerprint_for_every_finding(project, write, run):
    make_legacy(write)
    result = run("--format", "json", "docs")
    assert result.exit_code == 1
    items = findings(result)
    assert len(items) == 5
    for item in items:
        assert HEX16.match(item["fingerprint"]), item
    expected = {(f.code, f.fingerprint) for f in lint_text(DB)}
    assert {(i["code"], i["fingerprint"]) for i in items if i["path"] == "docs/2024-01-db.md"} == expected


def test_sarif_partial_fingerprints_equal_the_json_fingerprints(project, write, run):
    make_legacy(write)
    as_json = findings(run("--format", "json", "docs"))
    log = json.loads(run("--format", "sarif", "docs").stdout)
    results = log["runs"][0]["results"]
    assert len(results) == len(as_json) == 5
    sarif = Counter((r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
                     r["partialFingerprints"]["pmlintFingerprint/v1"]) for r in results)
    assert sarif == Counter((i["code"], i["line"], i["fingerprint"]) for i in as_json)
    for r in results:
        assert list(r["partialFingerprints"]) == ["pmlintFingerprint/v1"]


# -- --write-baseline ---------------------------------------------------------------------------


def test_write_baseline_format(project, write, run):
    make_legacy(write)
    result = run("--write-baseline", ".pmlint-baseline.json", "docs")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "pmlint: recorded 5 findings in 3 files to .pmlint-baseline.json\n"
    data = load(project / ".pmlint-baseline.json")
    assert data["pmlint-baseline"] == 1
    assert isinstance(data["comment"], str) and data["comment"]
    assert set(data) == {"pmlint-baseline", "comment", "findings"}
    items = data["findings"]
    for item in items:
        assert set(item) == {"path", "code", "message", "fingerprint", "count"}
        assert HEX16.match(item["fingerprint"])
        assert item["count"] == 1
    keys = [(i["path"], i["code"], i["message"], i["fingerprint"]) for i in items]
    assert keys == sorted(keys)
    assert Counter((i["path"], i["code"]) for i in items) == Counter({
        ("docs/2024-01-db.md", "PM302"): 1, ("docs/2024-01-db.md", "PM401"): 1,
        ("docs/2024-02-dns.md", "PM002"): 1, ("docs/2024-02-dns.md", "PM401"): 1,
        ("docs/2024-03-cache.md", "PM002"): 1,
    })
    # The recorded identities are the run's findings.
    as_json = findings(run("--format", "json", "docs"))
    assert Counter((i["path"], i["code"], i["message"], i["fingerprint"]) for i in as_json) == Counter(keys)


def test_write_baseline_records_one_entry_with_a_count_for_identical_findings(project, write, run):
    write("doc.md", with_blame(GOOD, BLAME, BLAME))
    result = run("--write-baseline", "b.json", "doc.md")
    assert result.exit_code == 0
    assert "recorded 2 findings in 1 file to b.json" in result.stderr
    [(path, code, _, _, count)] = entries(project / "b.json")
    assert (path, code, count) == ("doc.md", "PM401", 2)
    # Both stay hidden; a third copy of the same sentence is new.
    assert run("--baseline", "b.json", "doc.md").exit_code == 0
    write("doc.md", with_blame(GOOD, BLAME, BLAME, BLAME))
    result = run("--baseline", "b.json", "--format", "json", "doc.md")
    assert result.exit_code == 1
    assert [i["code"] for i in findings(result)] == ["PM401"]


def test_write_baseline_with_no_findings(project, write, run):
    write("docs/good.md", GOOD)
    result = run("--write-baseline", "b.json", "docs")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "recorded 0 findings in 0 files" in result.stderr
    assert load(project / "b.json")["findings"] == []


def test_write_baseline_paths_are_relative_to_the_baseline_file(project, write, run):
    make_legacy(write)
    (project / "ci").mkdir()
    assert run("--write-baseline", "ci/baseline.json", "docs").exit_code == 0
    paths = {item[0] for item in entries(project / "ci" / "baseline.json")}
    assert paths == {"../docs/2024-01-db.md", "../docs/2024-02-dns.md", "../docs/2024-03-cache.md"}
    # Absolute paths on the command line record the same relative paths.
    assert run("--write-baseline", str(project / "ci" / "other.json"), str(project / "docs")).exit_code == 0
    assert (project / "ci" / "other.json").read_bytes() == (project / "ci" / "baseline.json").read_bytes()


def test_write_baseline_is_byte_stable_and_the_same_from_another_directory(project, write, run):
    make_legacy(write)
    assert run("--write-baseline", "b.json", "docs").exit_code == 0
    first = (project / "b.json").read_bytes()
    assert run("--write-baseline", "b.json", "docs").exit_code == 0  # replaces the existing file
    assert (project / "b.json").read_bytes() == first
    # Files given one by one, in another order, from inside docs/.
    result = invoke_in(project / "docs", "--write-baseline", "../b.json",
                       "2024-03-cache.md", "2025-01-good.md", "2024-02-dns.md", "2024-01-db.md")
    assert result.exit_code == 0
    assert (project / "b.json").read_bytes() == first
    assert first.endswith(b"\n")


def test_write_baseline_still_writes_when_a_path_cannot_be_read_and_exits_2(project, write, run):
    make_legacy(write)
    result = run("--write-baseline", "b.json", "docs", "missing.md")
    assert result.exit_code == 2
    assert "missing.md" in result.stderr
    assert result.stdout == ""
    assert len(entries(project / "b.json")) == 5


@pytest.mark.parametrize("extra", [
    ("--baseline", "other.json"),
    ("--fix",),
    ("--diff",),
])
def test_write_baseline_cannot_be_combined(project, write, run, extra):
    write("docs/db.md", DB)
    write("other.json", json.dumps({"pmlint-baseline": 1, "findings": []}))
    before = (project / "docs" / "db.md").read_bytes()
    result = run("--write-baseline", "b.json", *extra, "docs")
    assert result.exit_code == 2
    assert "--write-baseline" in result.stderr
    assert result.stdout == ""
    assert not (project / "b.json").exists()
    assert (project / "docs" / "db.md").read_bytes() == before


# -- --baseline ---------------------------------------------------------------------------------


def test_adoption_flow(project, write, run):
    make_legacy(write)
    assert run("docs").exit_code == 1
    assert run("--write-baseline", ".pmlint-baseline.json", "docs").exit_code == 0
    baseline = project / ".pmlint-baseline.json"

    # 1. Nothing new: no findings, exit 0, the summary says what is hidden.
    result = run("--baseline", ".pmlint-baseline.json", "docs")
    assert result.exit_code == 0, result.output
    assert result.stdout == "5 findings in the baseline not shown.\n"
    assert result.stderr == ""
    result = run("--baseline", ".pmlint-baseline.json", "--format", "json", "docs")
    assert (result.exit_code, findings(result)) == (0, [])

    # 2. A new finding in an old file: only that one is reported.
    write("docs/2024-03-cache.md", with_blame(CACHE, "Bob forgot to check the dashboard."))
    result = run("--baseline", ".pmlint-baseline.json", "--format", "json", "docs")
    assert result.exit_code == 1
    [new] = findings(result)
    assert (new["path"], new["code"]) == ("docs/2024-03-cache.md", "PM401")
    assert "Bob" in new["message"]
    text = run("--baseline", ".pmlint-baseline.json", "docs")
    assert text.exit_code == 1
    assert text.stdout.splitlines()[-2:] == ["Found 1 problem (1 error) in 1 of 4 files.",
                                             "5 findings in the baseline not shown."]
    assert "Bob" in text.stdout and "John" not in text.stdout

    # 3. A new file with findings: reported too.
    write("docs/2026-02-new.md", DB)
    result = run("--baseline", ".pmlint-baseline.json", "--format", "json", "docs")
    assert result.exit_code == 1
    assert codes_by_path(result) == Counter({("docs/2024-03-cache.md", "PM401"): 1,
                                             ("docs/2026-02-new.md", "PM302"): 1,
                                             ("docs/2026-02-new.md", "PM401"): 1})

    # 4. An old finding fixed: the rest still passes, and stderr suggests recording the smaller set.
    write("docs/2024-03-cache.md", CACHE)
    write("docs/2026-02-new.md", GOOD)
    write("docs/2024-01-db.md", with_blame(GOOD, BLAME))  # the owner is named now
    result = run("--baseline", ".pmlint-baseline.json", "docs")
    assert result.exit_code == 0, result.output
    assert result.stdout == "4 findings in the baseline not shown.\n"
    assert "1 finding recorded in .pmlint-baseline.json no longer occurs" in result.stderr
    assert "--write-baseline .pmlint-baseline.json records the smaller set" in result.stderr
    quiet = run("-q", "--baseline", ".pmlint-baseline.json", "docs")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")

    # 5. Recording again gives the smaller set, and the note goes away.
    assert run("--write-baseline", ".pmlint-baseline.json", "docs").exit_code == 0
    assert len(entries(baseline)) == 4
    assert ("docs/2024-01-db.md", "PM302") not in {(e[0], e[1]) for e in entries(baseline)}
    result = run("--baseline", ".pmlint-baseline.json", "docs")
    assert (result.exit_code, result.stderr) == (0, "")


def test_gone_note_counts_several_and_only_for_linted_files(project, write, run):
    make_legacy(write)
    assert run("--write-baseline", "b.json", "docs").exit_code == 0
    write("docs/2024-01-db.md", GOOD)  # two recorded findings fixed
    result = run("--baseline", "b.json", "docs")
    assert result.exit_code == 0
    assert "2 findings recorded in b.json no longer occur;" in result.stderr
    # Linting only another file says nothing about the fixed one.
    result = run("--baseline", "b.json", "docs/2024-02-dns.md")
    assert result.exit_code == 0
    assert not gone_note(result)
    assert result.stdout == "2 findings in the baseline not shown.\n"


def test_editing_the_flagged_text_of_an_old_finding_keeps_it_hidden(project, write, run):
    write("doc.md", without_owner(GOOD))
    assert run("--write-baseline", "b.json", "doc.md").exit_code == 0
    old = lint_text(without_owner(GOOD))
    edited_text = without_owner(GOOD).replace("Add a step that restores worker limits",
                                              "Add a checklist step that resets worker limits")
    edited = lint_text(edited_text)
    assert [f.message for f in edited] == [f.message for f in old] == [NO_OWNER_MESSAGE]
    assert edited[0].fingerprint != old[0].fingerprint

    write("doc.md", edited_text)
    result = run("--baseline", "b.json", "--format", "json", "doc.md")
    assert (result.exit_code, findings(result)) == (0, [])
    result = run("--baseline", "b.json", "doc.md")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "1 finding in the baseline not shown.\n", "")

    # A second finding with the same message in the same file is new: at most one can be hidden.
    write("doc.md", with_unowned_row(edited_text, "Add an alert on the worker limit"))
    result = run("--baseline", "b.json", "--format", "json", "doc.md")
    assert result.exit_code == 1
    [new] = findings(result)
    assert (new["code"], new["message"]) == ("PM302", NO_OWNER_MESSAGE)


def test_exact_match_wins_over_the_message_fallback(project, write, run):
    # Recorded: one unowned row. Now a new unowned row is added ABOVE the old one: the old one is
    # hidden by its exact identity, and the new one (on the line the old one had) is reported.
    write("doc.md", with_unowned_row(GOOD, "Add an alert on the worker limit"))
    assert run("--write-baseline", "b.json", "doc.md").exit_code == 0
    [(_, _, _, recorded, _)] = entries(project / "b.json")
    text = GOOD.replace(OWNER_ROW, "| AI-0 | Write a runbook for the payout queue |  | 2026-02-27 | Not started |\n"
                        + OWNER_ROW + "| AI-2 | Add an alert on the worker limit |  | 2026-02-27 | Not started |\n")
    write("doc.md", text)
    result = run("--baseline", "b.json", "--format", "json", "doc.md")
    assert result.exit_code == 1
    [new] = findings(result)
    assert new["fingerprint"] != recorded
    assert new["line"] == min(f.span.line for f in lint_text(text))


def test_same_message_in_another_file_is_not_hidden(project, write, run):
    write("docs/a.md", without_owner(GOOD))
    assert run("--write-baseline", "b.json", "docs").exit_code == 0
    write("docs/b.md", without_owner(GOOD))  # identical text, another file
    result = run("--baseline", "b.json", "--format", "json", "docs")
    assert result.exit_code == 1
    assert [(i["path"], i["code"]) for i in findings(result)] == [("docs/b.md", "PM302")]


def test_renaming_a_file_makes_its_findings_new(project, write, run):
    write("docs/a.md", DB)
    assert run("--write-baseline", "b.json", "docs").exit_code == 0
    (project / "docs" / "a.md").rename(project / "docs" / "renamed.md")
    result = run("--baseline", "b.json", "--format", "json", "docs")
    assert result.exit_code == 1
    assert {i["path"] for i in findings(result)} == {"docs/renamed.md"}


def test_baseline_survives_lines_inserted_above_and_crlf(project, write, run):
    make_legacy(write)
    assert run("--write-baseline", "b.json", "docs").exit_code == 0
    write("docs/2024-01-db.md", DB.replace("## Executive Summary\n",
                                           "A note added later.\n\n\n## Executive Summary\n").replace("\n", "\r\n"))
    write("docs/2024-02-dns.md", DNS.replace("\n", "\r\n"))
    result = run("--baseline", "b.json", "docs")
    assert result.exit_code == 0, result.output
    assert result.stdout == "5 findings in the baseline not shown.\n"
    assert result.stderr == ""


def test_baseline_gives_the_same_result_from_a_subdirectory(project, write, run):
    make_legacy(write)
    (project / "ci").mkdir()
    assert run("--write-baseline", "ci/baseline.json", "docs").exit_code == 0
    write("docs/2024-03-cache.md", with_blame(CACHE, "Bob forgot to check the dashboard."))
    write("docs/2024-01-db.md", with_blame(GOOD, BLAME))  # PM302 fixed

    def summary(result):
        return (result.exit_code, [(Path(i["path"]).name, i["code"], i["line"], i["fingerprint"])
                                   for i in findings(result)], gone_note(result))

    from_top = run("--baseline", "ci/baseline.json", "--format", "json", "docs")
    from_docs = invoke_in(project / "docs", "--baseline", "../ci/baseline.json", "--format", "json")
    from_docs_explicit = invoke_in(project / "docs", "--baseline", "../ci/baseline.json", "--format", "json", ".")
    from_ci = invoke_in(project / "ci", "--baseline", "baseline.json", "--format", "json", "../docs")
    elsewhere = project / "elsewhere"
    elsewhere.mkdir()
    absolute = invoke_in(elsewhere, "--baseline", str(project / "ci" / "baseline.json"), "--format", "json",
                         str(project / "docs"))
    expected = summary(from_top)
    assert expected[0] == 1
    assert [(name, code) for name, code, _, _ in expected[1]] == [("2024-03-cache.md", "PM401")]
    assert expected[2] is True
    for other in (from_docs, from_docs_explicit, from_ci, absolute):
        assert summary(other) == expected
    text_top = run("--baseline", "ci/baseline.json", "docs")
    text_docs = invoke_in(project / "docs", "--baseline", "../ci/baseline.json", ".")
    assert text_top.stdout.splitlines()[-1] == text_docs.stdout.splitlines()[-1] == \
        "4 findings in the baseline not shown."


def test_baseline_hides_findings_below_any_fail_on(project, write, run):
    write("doc.md", DB)
    assert run("--write-baseline", "b.json", "doc.md").exit_code == 0
    result = run("--baseline", "b.json", "--fail-on", "info", "doc.md")
    assert result.exit_code == 0


def test_baseline_with_stdin(project, write, run):
    write("doc.md", DB)
    assert run("--write-baseline", "b.json", "doc.md").exit_code == 0
    result = run("--baseline", "b.json", "--stdin-filename", "doc.md", "--format", "json", "-", input=DB)
    assert (result.exit_code, findings(result)) == (0, [])
    result = run("--baseline", "b.json", "--stdin-filename", "doc.md", "--format", "json", "-",
                 input=with_blame(DB, "Bob forgot to check the dashboard."))
    assert result.exit_code == 1
    assert [i["code"] for i in findings(result)] == ["PM401"]


def test_baseline_written_with_select_hides_nothing_else(project, write, run):
    write("doc.md", DB)
    assert run("--select", "PM401", "--write-baseline", "b.json", "doc.md").exit_code == 0
    result = run("--baseline", "b.json", "--format", "json", "doc.md")
    assert result.exit_code == 1
    assert [i["code"] for i in findings(result)] == ["PM302"]


# -- --baseline errors --------------------------------------------------------------------------


def _valid_entry() -> dict[str, Any]:
    return {"path": "doc.md", "code": "PM401", "message": "m", "fingerprint": "0123456789abcdef", "count": 1}


@pytest.mark.parametrize("name, content", [
    ("invalid-json", "{not json"),
    ("empty", ""),
    ("not-utf8", b"\xff\xfe{}"),
    ("array", "[]"),
    ("wrong-version", json.dumps({"pmlint-baseline": 2, "findings": []})),
    ("no-version", json.dumps({"findings": []})),
    ("no-findings", json.dumps({"pmlint-baseline": 1})),
    ("findings-not-a-list", json.dumps({"pmlint-baseline": 1, "findings": {}})),
    ("entry-not-an-object", json.dumps({"pmlint-baseline": 1, "findings": ["doc.md"]})),
    ("entry-null", json.dumps({"pmlint-baseline": 1, "findings": [None]})),
    *[(f"entry-without-{key}", json.dumps({"pmlint-baseline": 1,
                                             "findings": [{k: v for k, v in _valid_entry().items() if k != key}]}))
      for key in ("path", "code", "message", "fingerprint")],
    ("entry-bad-count", json.dumps({"pmlint-baseline": 1, "findings": [{**_valid_entry(), "count": "many"}]})),
])
def test_bad_baseline_is_exit_2_naming_the_file_and_option(project, write, run, name, content):
    write("doc.md", DB)
    write(f"{name}.json", content)
    result = run("--baseline", f"{name}.json", "doc.md")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("pmlint: error: ")
    assert f"{name}.json" in result.stderr
    assert "--baseline" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_missing_baseline_is_exit_2(project, write, run):
    write("doc.md", DB)
    result = run("--baseline", "nope.json", "doc.md")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "nope.json" in result.stderr and "--baseline" in result.stderr
    assert "--write-baseline" in result.stderr  # tells how to make one


def test_baseline_entry_missing_count_defaults_to_one(project, write, run):
    write("doc.md", without_owner(GOOD))
    assert run("--write-baseline", "b.json", "doc.md").exit_code == 0
    data = load(project / "b.json")
    for item in data["findings"]:
        del item["count"]
    write("b.json", json.dumps(data))
    result = run("--baseline", "b.json", "doc.md")
    assert result.exit_code == 0
    assert result.stdout == "1 finding in the baseline not shown.\n"


def test_baseline_written_by_hand_with_an_old_message_line_number_still_matches(project, write, run):
    # Entries are compared by stable message: "line 12" in a recorded message is "line N".
    write("doc.md", ORDER)
    assert run("--select", "PM102", "--write-baseline", "b.json", "doc.md").exit_code == 0
    [(_, _, message, _, _)] = entries(project / "b.json")
    assert "line N" in message and not re.search(r"line \d", message)
    write("doc.md", ORDER.replace("## Timeline", "Intro.\n\n## Timeline"))
    result = run("--select", "PM102", "--baseline", "b.json", "doc.md")
    assert (result.exit_code, result.stderr) == (0, "")


# -- --changed-since ----------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    completed = subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", "-c", "commit.gpgsign=false",
                                "-c", "init.defaultBranch=main", *args],
                               cwd=repo, capture_output=True, text=True, check=True)
    return completed.stdout


@pytest.fixture
def repo(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository at project/repo with no configuration from outside the test."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR",
                 "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_PREFIX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(project.parent))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    path = project / "repo"
    path.mkdir()
    git(path, "init", "-q", ".")
    return path


def blamed(name: str) -> str:
    """A post-mortem with exactly one finding, a PM401 naming ``name``."""
    return with_blame(GOOD, f"{name} forgot to update the config.")


def commit_all(repo: Path, message: str = "x") -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def linted_names(result) -> set[str]:
    return {Path(i["path"]).name for i in findings(result)}


def test_changed_since_lints_only_changed_and_untracked_files(repo):
    docs = repo / "docs"
    write_file(repo / ".gitignore", "scratch/\n")
    write_file(docs / "unchanged.md", blamed("John"))
    write_file(docs / "modified.md", GOOD)
    write_file(docs / "deleted.md", blamed("John"))
    write_file(docs / "moved-old.md", blamed("John"))
    write_file(docs / "staged-old.md", blamed("John"))
    write_file(repo / "other" / "outside.md", GOOD)
    commit_all(repo)

    write_file(docs / "modified.md", blamed("Mary"))
    (docs / "deleted.md").unlink()
    (docs / "moved-old.md").rename(docs / "moved-new.md")  # plain rename: the new name is untracked
    git(repo, "mv", "docs/staged-old.md", "docs/staged-new.md")  # staged rename
    write_file(docs / "untracked.md", blamed("Bob"))
    write_file(docs / "sub" / "deep.md", blamed("Bob"))  # in an untracked directory
    write_file(docs / "scratch" / "ignored.md", blamed("Bob"))
    write_file(repo / "scratch" / "ignored.md", blamed("Bob"))
    write_file(repo / "other" / "outside.md", blamed("Bob"))  # changed, but not under the PATHS given

    result = invoke_in(repo, "--changed-since", "HEAD", "--format", "json", "docs")
    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    assert linted_names(result) == {"modified.md", "moved-new.md", "staged-new.md", "untracked.md", "deep.md"}
    # The text summary counts only the files linted.
    text = invoke_in(repo, "--changed-since", "HEAD", "docs")
    assert text.stdout.splitlines()[-1] == "Found 5 problems (5 errors) in 5 of 5 files."

    # The whole repository (default path '.') adds the changed file outside docs/.
    result = invoke_in(repo, "--changed-since", "HEAD", "--format", "json")
    assert linted_names(result) == {"modified.md", "moved-new.md", "staged-new.md", "untracked.md", "deep.md",
                                    "outside.md"}


def test_changed_since_with_nothing_changed_lints_nothing(repo):
    write_file(repo / "docs" / "a.md", blamed("John"))
    commit_all(repo)
    result = invoke_in(repo, "--changed-since", "HEAD", "docs")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    # An explicit file that did not change is not linted either.
    result = invoke_in(repo, "--changed-since", "HEAD", "--format", "json", "docs/a.md")
    assert (result.exit_code, findings(result)) == (0, [])


def test_changed_since_counts_commits_between_ref_and_head(repo):
    write_file(repo / "docs" / "a.md", GOOD)
    write_file(repo / "docs" / "b.md", blamed("John"))
    first = commit_all(repo, "first")
    write_file(repo / "docs" / "a.md", blamed("Mary"))
    commit_all(repo, "second")
    result = invoke_in(repo, "--changed-since", first, "--format", "json", "docs")
    assert result.exit_code == 1
    assert linted_names(result) == {"a.md"}
    # By a branch/tag name too.
    git(repo, "tag", "v1", first)
    result = invoke_in(repo, "--changed-since", "v1", "--format", "json", "docs")
    assert linted_names(result) == {"a.md"}
    result = invoke_in(repo, "--changed-since", "HEAD", "--format", "json", "docs")
    assert (result.exit_code, findings(result)) == (0, [])


def test_changed_since_from_outside_the_repository_with_absolute_paths(repo, project):
    write_file(repo / "docs" / "a.md", blamed("John"))
    write_file(repo / "docs" / "b.md", GOOD)
    commit_all(repo)
    write_file(repo / "docs" / "b.md", blamed("Mary"))
    outside = project / "outside"
    outside.mkdir()
    result = invoke_in(outside, "--changed-since", "HEAD", "--format", "json", str(repo / "docs"))
    assert result.exit_code == 1, result.output
    assert [i["path"] for i in findings(result)] == [(repo / "docs" / "b.md").as_posix()]
    # An absolute file path, and a relative path into the repository from its parent.
    result = invoke_in(outside, "--changed-since", "HEAD", "--format", "json",
                       str(repo / "docs" / "a.md"), str(repo / "docs" / "b.md"))
    assert linted_names(result) == {"b.md"}
    result = invoke_in(project, "--changed-since", "HEAD", "--format", "json", "repo/docs")
    assert [i["path"] for i in findings(result)] == ["repo/docs/b.md"]
    # From a subdirectory of the repository.
    result = invoke_in(repo / "docs", "--changed-since", "HEAD", "--format", "json")
    assert linted_names(result) == {"b.md"}


def test_changed_since_always_lints_stdin(repo):
    write_file(repo / "docs" / "a.md", blamed("John"))
    commit_all(repo)
    result = invoke_in(repo, "--changed-since", "HEAD", "--stdin-filename", "docs/a.md", "--format", "json", "-",
                       input=blamed("John"))
    assert result.exit_code == 1
    assert [i["path"] for i in findings(result)] == ["docs/a.md"]


def test_changed_since_outside_a_git_repository_is_exit_2(repo, project):
    write_file(project / "plain" / "a.md", blamed("John"))
    result = invoke_in(project, "--changed-since", "HEAD", "plain")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--changed-since" in result.stderr
    assert "not inside a git repository" in result.stderr
    assert "plain" in result.stderr


def test_changed_since_unknown_revision_is_exit_2(repo):
    write_file(repo / "docs" / "a.md", blamed("John"))
    commit_all(repo)
    result = invoke_in(repo, "--changed-since", "no-such-branch", "docs")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--changed-since" in result.stderr
    assert "no-such-branch" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_changed_since_in_a_repository_without_commits_is_exit_2(repo):
    write_file(repo / "docs" / "a.md", blamed("John"))
    result = invoke_in(repo, "--changed-since", "HEAD", "docs")
    assert result.exit_code == 2
    assert "--changed-since" in result.stderr


def test_changed_since_a_revision_that_looks_like_an_option_is_refused(repo):
    # The REF must never be taken by git as an option: '--output=FILE' would make 'git diff' write a
    # file (and compare the working tree with the index instead of with a revision).
    write_file(repo / "docs" / "a.md", blamed("John"))
    commit_all(repo)
    write_file(repo / "docs" / "a.md", blamed("Mary"))
    result = invoke_in(repo, "--changed-since=--output=written-by-git.txt", "docs")
    assert not (repo / "written-by-git.txt").exists()
    assert result.exit_code == 2, result.output
    assert "--changed-since" in result.stderr


def test_changed_since_combines_with_baseline(repo):
    write_file(repo / "docs" / "a.md", blamed("John"))
    write_file(repo / "docs" / "b.md", DB)
    commit_all(repo)
    assert invoke_in(repo, "--write-baseline", "baseline.json", "docs").exit_code == 0
    commit_all(repo, "baseline")
    write_file(repo / "docs" / "b.md", with_blame(DB, "Bob forgot to check the dashboard."))
    result = invoke_in(repo, "--changed-since", "HEAD", "--baseline", "baseline.json", "--format", "json", "docs")
    assert result.exit_code == 1, result.output
    [new] = findings(result)
    assert (new["path"], new["code"]) == ("docs/b.md", "PM401") and "Bob" in new["message"]
    # a.md is not linted, so its recorded finding is not "gone".
    assert not gone_note(result)
    text = invoke_in(repo, "--changed-since", "HEAD", "--baseline", "baseline.json", "docs")
    assert text.stdout.splitlines()[-1] == "2 findings in the baseline not shown."
