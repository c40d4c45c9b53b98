"""Review-ready output (issue 18): reviewdog's rdjson, GitLab Code Quality, and the GitHub step summary.

- rdjson: a snapshot; validated against the required fields of reviewdog's Diagnostic Format; columns
  are UTF-8 bytes (worked out by hand for non-ASCII text, a byte order mark and CRLF line ends), and the
  suggestions, applied to the file's bytes, make what ``--fix --unsafe-fixes`` writes.
- gitlab: a snapshot; parsed back to the JSON findings; fingerprints unique (duplicates too) and
  unchanged when lines are added above the findings.
- github: more than 10 annotations of a kind append the full list to ``$GITHUB_STEP_SUMMARY`` as a
  Markdown table with escaped cells, and a notice says so; 10 or fewer, or no such file, change nothing.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import GOOD, findings
from test_formats import (
    SNAPSHOT_FINDINGS,
    assert_snapshot,
    parse_workflow_commands,
    snapshot_options,
)
from test_output_injection import (
    HOSTILE_NAMES,
    NASTY_DOCUMENT,
    assert_nothing_obeyed,
    run_pmlint,
)

from pmlint.commands.reread import RereadDocuments
from pmlint.model import Finding, Severity, Span
from pmlint.output import github_format
from pmlint.output.formats import FORMATTERS, STREAMERS
from pmlint.output.options import FormatOptions

# -- snapshots ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("format_name", "snapshot"), [("rdjson", "formats.rdjson"), ("gitlab", "formats.gitlab.json")])
def test_snapshot(format_name: str, snapshot: str) -> None:
    assert_snapshot(snapshot, FORMATTERS[format_name](SNAPSHOT_FINDINGS, snapshot_options()))


@pytest.mark.parametrize("format_name", ["rdjson", "gitlab"])
def test_new_formats_stream_what_they_render(format_name: str) -> None:
    for found in ([], SNAPSHOT_FINDINGS):
        pieces = list(STREAMERS[format_name](found, snapshot_options()))
        assert "".join(pieces) == FORMATTERS[format_name](found, snapshot_options())
        assert json.loads("".join(pieces)) is not None


@pytest.fixture
def hostile_docs(tmp_path: Path) -> Path:
    """tests/test_output_injection.py's hostile file names, each holding its hostile document."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in HOSTILE_NAMES:
        with open(os.path.join(os.fsencode(docs), name), "wb") as file:
            file.write(NASTY_DOCUMENT.read_bytes())
    return tmp_path


@pytest.mark.parametrize("output_format", ["rdjson", "gitlab"])
def test_hostile_names_and_text_reach_no_output_raw(hostile_docs: Path, output_format: str) -> None:
    # Controls, bidi overrides, line breaks and '##[' of names and documents leave as JSON escapes: the
    # decoded paths are the real names (undecodable bytes included), and every line reviewdog needs is there.
    result = run_pmlint("check", "--format", output_format, "docs", cwd=hostile_docs)
    assert result.returncode == 1, result.stderr.decode("utf-8", "replace")
    stdout = assert_nothing_obeyed(result.stdout, output_format, "stdout")
    assert_nothing_obeyed(result.stderr, output_format, "stderr")
    data = json.loads(stdout)
    paths = ({d["location"]["path"] for d in data["diagnostics"]} if output_format == "rdjson"
             else {issue["location"]["path"] for issue in data})
    assert paths == {os.fsdecode(b"docs/" + name) for name in HOSTILE_NAMES}
    if output_format == "rdjson":
        assert_valid_rdjson(data)
    else:
        assert len({issue["fingerprint"] for issue in data}) == len(data)


# -- rdjson -------------------------------------------------------------------------------------

# The required fields and types of reviewdog's DiagnosticResult (proto/rdf/reviewdog.proto): a Range
# needs its start; a Location its path; a Code its value; a Suggestion its range and text.
_POSITION = {"type": "object", "required": ["line", "column"],
             "properties": {"line": {"type": "integer", "minimum": 1}, "column": {"type": "integer", "minimum": 1}}}
_RANGE = {"type": "object", "required": ["start"], "properties": {"start": _POSITION, "end": _POSITION}}
_SEVERITY = {"enum": ["ERROR", "WARNING", "INFO"]}
RDJSON_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["source", "diagnostics"],
    "properties": {
        "source": {"type": "object", "required": ["name"], "properties": {"name": {"const": "pmlint"}}},
        "severity": _SEVERITY,
        "diagnostics": {"type": "array", "items": {
            "type": "object",
            "required": ["message", "location", "severity", "code"],
            "properties": {
                "message": {"type": "string", "minLength": 1},
                "location": {"type": "object", "required": ["path", "range"],
                             "properties": {"path": {"type": "string", "minLength": 1}, "range": _RANGE}},
                "severity": _SEVERITY,
                "code": {"type": "object", "required": ["value"],
                         "properties": {"value": {"type": "string", "pattern": "^PM[0-9]{3}$"},
                                        "url": {"type": "string", "pattern": "^https://"}}},
                "suggestions": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "required": ["range", "text"],
                    "properties": {"range": _RANGE, "text": {"type": "string"}}}},
            },
        }},
    },
}


def assert_valid_rdjson(result: dict[str, Any]) -> None:
    jsonschema.Draft7Validator.check_schema(RDJSON_SCHEMA)
    errors = list(jsonschema.Draft7Validator(RDJSON_SCHEMA).iter_errors(result))
    assert not errors, "\n".join(f"{list(error.absolute_path)}: {error.message}" for error in errors)


def test_snapshot_rdjson_parses_back() -> None:
    result = json.loads(FORMATTERS["rdjson"](SNAPSHOT_FINDINGS, snapshot_options()))
    assert_valid_rdjson(result)
    assert result["severity"] == "ERROR"
    diagnostics = result["diagnostics"]
    assert len(diagnostics) == len(SNAPSHOT_FINDINGS)
    for diagnostic, finding in zip(diagnostics, SNAPSHOT_FINDINGS):
        assert diagnostic["message"].startswith(finding.message)
        assert diagnostic["location"]["path"] == finding.path
        assert diagnostic["severity"] == finding.severity.name
        assert diagnostic["code"]["value"] == finding.code
        assert diagnostic["code"]["url"].endswith(f"/docs/rules.md#{finding.code.lower()}-{finding.rule}")
        # Without the documents, the columns stay as they are (no FormatOptions.documents).
        span = diagnostic["location"]["range"]
        assert (span["start"]["line"], span["start"]["column"], span["end"]["line"], span["end"]["column"]) == (
            finding.span.line, finding.span.column, finding.span.end_line, finding.span.end_column)
        if finding.fix is None:
            assert "suggestions" not in diagnostic and "--fix" not in diagnostic["message"]
        elif len(finding.fix.edits) == 1:
            [suggestion] = diagnostic["suggestions"]
            edit = finding.fix.edits[0]
            assert suggestion == {"range": {"start": {"line": edit.span.line, "column": edit.span.column},
                                            "end": {"line": edit.span.end_line, "column": edit.span.end_column}},
                                  "text": edit.replacement}
        else:
            # Several edits make one suggestion only with the text between them, which the snapshot has not.
            assert "suggestions" not in diagnostic
            assert diagnostic["message"].endswith(": pmlint check --fix --unsafe-fixes]")
        if finding.fix is not None:
            assert ("unsafe fix" in diagnostic["message"]) == (not finding.fix.safe)


class FakeDocuments:
    """Documents of the given lines, counting one byte per character but two for 'é'."""

    def __init__(self, lines: dict[int, str]) -> None:
        self.lines = lines

    def line_text(self, path: str, line: int) -> str | None:
        return self.lines.get(line)

    def utf8_column(self, path: str, line: int, column: int) -> int:
        return column + self.lines.get(line, "")[:column - 1].count("é")


def test_a_fix_of_several_edits_is_one_suggestion_from_the_first_edit_to_the_last() -> None:
    # The snapshot's PM101 fix: line 12 col 18-21 "PST" -> "UTC", line 14 col 3-8 and line 15 col 3-8.
    lines = {12: "## Timeline (all PST)", 13: "", 14: "| 09:41 | Café alerts. |", 15: "| 09:50 | Done. |"}
    [pm101] = [finding for finding in SNAPSHOT_FINDINGS if finding.code == "PM101"]
    options = FormatOptions(documents=FakeDocuments(lines))
    [diagnostic] = json.loads(FORMATTERS["rdjson"]([pm101], options))["diagnostics"]
    assert diagnostic["suggestions"] == [{
        "range": {"start": {"line": 12, "column": 18}, "end": {"line": 15, "column": 8}},
        "text": "UTC)\n\n| 17:41 | Café alerts. |\n| 17:50"}]
    assert "--fix" not in diagnostic["message"] and "unsafe fix" in diagnostic["message"]
    # A line the documents do not have: no suggestion, and the message names the fix instead.
    del lines[13]
    [diagnostic] = json.loads(FORMATTERS["rdjson"]([pm101], options))["diagnostics"]
    assert "suggestions" not in diagnostic and diagnostic["message"].endswith("--fix --unsafe-fixes]")


def test_document_columns_count_bytes_with_a_bom_and_crlf() -> None:
    # Line 1 "ab" after a byte order mark (3 bytes), line 2 "cé d" ('é' is 2 bytes), CRLF line ends.
    documents = RereadDocuments(("x.md", "\ufeffab\r\ncé d\r\n".encode()))
    columns = documents.utf8_column
    assert columns("x.md", 1, 1) == 4
    assert columns("x.md", 1, 3) == 6  # the end of "ab"
    assert columns("x.md", 2, 1) == 1
    assert columns("x.md", 2, 3) == 4  # the space after 'é'
    assert columns("x.md", 2, 5) == 6  # the end of the line
    assert columns("x.md", 2, 6) == 7  # past the end (a range taking the line end): one byte a character
    assert columns("x.md", 9, 4) == 4  # a line the document does not have: as it is
    assert columns("gone.md", 2, 3) == 3  # a document that cannot be read: as it is
    assert [documents.line_text("x.md", line) for line in (1, 2, 3, 4)] == ["ab", "cé d", "", None]
    assert documents.line_text("gone.md", 1) is None


# GOOD with a non-ASCII line: 'ë' takes 2 bytes and '🚀' 4, so columns after them move by 1 + 3 bytes.
ROCKET_LINE = "- Zoë's 🚀 rollout was a disaster, obviously."
ROCKET = GOOD.replace("- The worker limit change had no expiry date.", ROCKET_LINE)


def test_rdjson_columns_are_utf8_bytes(run, write) -> None:
    write("pm.md", ROCKET)
    result = run("--format", "rdjson", "pm.md")
    assert result.exit_code == 1 and result.stderr == ""
    rdjson = json.loads(result.stdout)
    assert_valid_rdjson(rdjson)
    # Characters: "disaster" is columns 25-33, ", obviously" 33-44 (the fix removes it), "obviously" 35-44.
    ranges = [(d["location"]["range"]["start"]["column"], d["location"]["range"]["end"]["column"],
               [(s["range"]["start"]["column"], s["range"]["end"]["column"], s["text"]) for s in d["suggestions"]])
              for d in rdjson["diagnostics"]]
    assert ranges == [(29, 37, [(29, 37, "major incident")]), (39, 48, [(37, 48, "")])]
    line = ROCKET_LINE.encode("utf-8")
    assert line[29 - 1:37 - 1] == b"disaster" and line[39 - 1:48 - 1] == b"obviously"


def _apply(data: bytes, rdjson: dict[str, Any]) -> bytes:
    """Every suggestion applied to the file's bytes at reviewdog's byte columns (the last first)."""
    starts = [0] + [index + 1 for index, byte in enumerate(data) if byte == ord("\n")]
    edits = sorted(((starts[s["range"]["start"]["line"] - 1] + s["range"]["start"]["column"] - 1,
                     starts[s["range"]["end"]["line"] - 1] + s["range"]["end"]["column"] - 1, s["text"])
                    for d in rdjson["diagnostics"] for s in d.get("suggestions", [])), reverse=True)
    for start, end, text in edits:
        data = data[:start] + text.encode("utf-8") + data[end:]
    return data


# GOOD with its timeline in CET, on ISO dates (PM101 offers to convert it: one fix of four edits over
# lines 10-14), an 'é' and a '—' in an entry, and ROCKET_LINE's two PM402 fixes.
CET = GOOD[:GOOD.index("## Timeline (UTC)")] + (
    "## Timeline (all times CET)\n\n"
    "- 2026-02-02 10:10 The queue-depth alert fires.\n"
    "- 2026-02-02 10:18 The incident channel opens — équipe paged.\n"
    "- 2026-02-02 10:50 The queue drains.\n\n") + ROCKET[ROCKET.index("## Root Cause Analysis"):]
CET = CET.replace("from 09:10 to 09:50 UTC", "from 10:10 to 10:50 CET")


@pytest.mark.parametrize("document", [ROCKET, CET], ids=["rocket", "cet"])
def test_rdjson_suggestions_applied_to_the_bytes_make_the_fixed_file(run, write, project, document) -> None:
    data = document.encode("utf-8")
    write("pm.md", data)
    rdjson = json.loads(run("--format", "rdjson", "pm.md").stdout)
    assert_valid_rdjson(rdjson)
    assert all(len(d.get("suggestions", [])) <= 1 for d in rdjson["diagnostics"])
    suggested = _apply(data, rdjson)
    run("--fix", "--unsafe-fixes", "pm.md")
    assert suggested == (project / "pm.md").read_bytes() != data
    if document is CET:
        [pm101] = [d for d in rdjson["diagnostics"] if d["code"]["value"] == "PM101"]
        # "CET" is columns 24-27 of line 10; the last time, "10:50", columns 14-19 of line 14.
        assert pm101["suggestions"][0]["range"] == {"start": {"line": 10, "column": 24},
                                                     "end": {"line": 14, "column": 19}}


def test_rdjson_from_stdin_counts_the_bytes_of_stdin(run, write) -> None:
    # The document exists only on stdin; a different file of that name on disk must not be read.
    write("pm.md", GOOD)
    result = run("--format", "rdjson", "-", "--stdin-filename", "pm.md", input=ROCKET.encode("utf-8"))
    diagnostics = json.loads(result.stdout)["diagnostics"]
    assert [d["location"]["path"] for d in diagnostics] == ["pm.md", "pm.md"]
    assert diagnostics[0]["location"]["range"]["start"]["column"] == 29


def test_rdjson_with_no_findings(run, write) -> None:
    write("good.md", GOOD)
    result = run("--format", "rdjson", "good.md")
    assert result.exit_code == 0
    rdjson = json.loads(result.stdout)
    assert rdjson["diagnostics"] == [] and "severity" not in rdjson
    assert_valid_rdjson(rdjson)


# -- GitLab Code Quality ------------------------------------------------------------------------

GITLAB_SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def assert_gitlab_matches(issues: list[dict[str, Any]], expected: list[dict[str, Any]]) -> None:
    assert isinstance(issues, list) and len(issues) == len(expected)
    for issue, item in zip(issues, expected):
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["check_name"] == item["code"]
        assert issue["description"].startswith(f"{item['code']} {item['rule']}: {item['message']}")
        assert issue["severity"] == GITLAB_SEVERITIES[item["severity"]]
        assert issue["location"] == {"path": item["path"], "lines": {"begin": item["line"], "end": item["end_line"]}}
        assert isinstance(issue["fingerprint"], str) and len(issue["fingerprint"]) == 32
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(set(fingerprints)) == len(fingerprints)


def test_snapshot_gitlab_parses_back() -> None:
    issues = json.loads(FORMATTERS["gitlab"](SNAPSHOT_FINDINGS, snapshot_options()))
    assert_gitlab_matches(issues, [finding.to_json() for finding in SNAPSHOT_FINDINGS])


# The same charged sentence twice in one file (two equal findings but their lines), in a second file too.
TWICE = GOOD.replace("- The worker limit change had no expiry date.",
                     "- The rollout was a disaster.\n- The rollback was a disaster.\n- The rollout was a disaster.")


def test_gitlab_fingerprints_are_unique_and_survive_lines_added_above(run, write, project) -> None:
    write("a.md", TWICE)
    write("b.md", TWICE)
    result = run("--format", "gitlab", "a.md", "b.md")
    assert result.exit_code == 1 and result.stderr == ""
    issues = json.loads(result.stdout)
    expected = findings(run("--format", "json", "a.md", "b.md"))
    assert_gitlab_matches(issues, expected)
    # The finding's own fingerprint repeats (same rule, message and words): the issues' do not.
    assert len({item["fingerprint"] for item in expected}) < len(expected)
    before = {(issue["location"]["path"], issue["location"]["lines"]["begin"]): issue["fingerprint"] for issue in issues}
    write("a.md", TWICE.replace("## What Went Wrong\n", "## What Went Wrong\n\n- A new first point.\n"))
    after = {(issue["location"]["path"], issue["location"]["lines"]["begin"]): issue["fingerprint"]
             for issue in json.loads(run("--format", "gitlab", "a.md", "b.md").stdout)}
    assert len(after) == len(before)
    assert {(path, line + 2 if path == "a.md" else line): fingerprint
            for (path, line), fingerprint in before.items()} == after


def test_gitlab_numbers_duplicates_the_same_in_any_order() -> None:
    def charged(path: str, line: int) -> Finding:
        return Finding(path=path, span=Span(line, 3, line, 11), rule="charged-language", code="PM402",
                       severity=Severity.WARNING, message="'disaster' is charged language", fingerprint="f" * 16)

    ordered = [charged("a.md", 3), charged("a.md", 9), charged("b.md", 3)]
    mixed = [ordered[0], ordered[2], ordered[1]]
    by_place = [{(i["location"]["path"], i["location"]["lines"]["begin"]): i["fingerprint"]
                 for i in json.loads(FORMATTERS["gitlab"](found, FormatOptions()))} for found in (ordered, mixed)]
    assert by_place[0] == by_place[1]
    assert len(set(by_place[0].values())) == 3


def test_gitlab_with_no_findings(run, write) -> None:
    write("good.md", GOOD)
    result = run("--format", "gitlab", "good.md")
    assert result.exit_code == 0 and result.stdout == "[]\n"


# -- GitHub step summary ------------------------------------------------------------------------


def _warnings(count: int, path: str = "pm.md") -> list[Finding]:
    return [Finding(path=path, span=Span(index + 1, 3, index + 1, 11), rule="charged-language", code="PM402",
                    severity=Severity.WARNING, message=f"'disaster' is charged language {index}")
            for index in range(count)]


def test_more_than_ten_warnings_write_the_step_summary(tmp_path, monkeypatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step output\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    found = _warnings(11)
    output = FORMATTERS["github"](found, FormatOptions(files=1))
    commands = parse_workflow_commands(output)
    assert len(commands) == 12
    assert commands[-1] == ("notice", {"title": "pmlint"},
                            "pmlint found 11 problems (11 warnings); GitHub shows at most 10 annotations of each "
                            "kind: the full list is in the job summary")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step output\n### pmlint: 11 problems\n\n")  # appended
    rows = [line for line in text.splitlines() if line.startswith("| warning |")]
    assert rows[0] == "| warning | pm.md | 1 | 3 | PM402 charged-language | 'disaster' is charged language 0 |"
    assert len(rows) == 11


def test_ten_of_each_kind_need_no_summary(tmp_path, monkeypatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    errors = [Finding(path="pm.md", span=Span(50 + index, 1, 50 + index, 2), rule="blame", code="PM401",
                      severity=Severity.ERROR, message="blame") for index in range(10)]
    output = FORMATTERS["github"](_warnings(10) + errors, FormatOptions(files=1))
    assert len(parse_workflow_commands(output)) == 20
    assert not summary.exists()


def test_without_a_step_summary_file_the_output_is_unchanged(monkeypatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    output = FORMATTERS["github"](_warnings(30), FormatOptions(files=1))
    assert len(parse_workflow_commands(output)) == 30


def test_summary_cells_are_escaped(tmp_path, monkeypatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    nasty = Finding(path="a|b <i>.md", span=Span(2, 1, 2, 4), rule="blame", code="PM401", severity=Severity.ERROR,
                    message="x | y\n<script>[link](http://e.test) *b* `c` \x1b[31m")
    FORMATTERS["github"](_warnings(11) + [nasty], FormatOptions(files=2))
    rows = [line for line in summary.read_text(encoding="utf-8").splitlines() if line.startswith("| error |")]
    assert rows == ["| error | a\\|b \\<i\\>.md | 2 | 1 | PM401 blame | "
                    "x \\| y \\<script\\>\\[link\\]\\(http://e.test\\) \\*b\\* \\`c\\` \\\\x1b\\[31m |"]
    assert "\x1b" not in summary.read_text(encoding="utf-8")


def test_a_summary_that_cannot_be_written_is_a_warning_not_a_crash(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "missing-directory" / "summary.md"))
    output = FORMATTERS["github"](_warnings(11), FormatOptions(files=1))
    command, properties, message = parse_workflow_commands(output)[-1]
    assert (command, properties) == ("warning", {"title": "pmlint"})
    assert "could not be written to $GITHUB_STEP_SUMMARY: No such file or directory" in message


def test_a_summary_stops_short_of_githubs_limit(tmp_path, monkeypatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setattr(github_format, "SUMMARY_LIMIT", 2000)
    output = FORMATTERS["github"](_warnings(100), FormatOptions(files=1))
    text = summary.read_text(encoding="utf-8")
    rows = sum(1 for line in text.splitlines() if line.startswith("| warning |"))
    assert len(text.encode("utf-8")) <= 2000 + 200 and 0 < rows < 100
    assert f"{100 - rows} more not shown" in text
    assert parse_workflow_commands(output)[-1][2].endswith(f"the first {rows} are in the job summary")


def test_the_cli_writes_the_step_summary_in_github_actions(run, write, project) -> None:
    many = GOOD.replace("- The worker limit change had no expiry date.",
                        "\n".join(f"- Rollout {index} was a disaster." for index in range(12)))
    write("pm.md", many)
    summary = project / "summary.md"
    result = run("pm.md", env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    commands = parse_workflow_commands(result.stdout)
    assert [command for command, _, _ in commands] == ["warning"] * 12 + ["notice"]
    rows = [line for line in summary.read_text(encoding="utf-8").splitlines() if line.startswith("| warning |")]
    assert [row.split(" | ")[2] for row in rows] == [str(properties["line"]) for _, properties, _ in commands[:12]]
