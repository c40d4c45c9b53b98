"""Output formats: snapshots of every formatter, and each integration checked against the real thing.

- snapshots: a fixed set of hand-built findings rendered by every formatter and compared with the
  files in ``tests/snapshots/``. Set ``PMLINT_UPDATE_SNAPSHOTS=1`` to rewrite them (then read the diff).
- sarif: ``pmlint check --format sarif`` validated against the OASIS SARIF 2.1.0 schema, plus the
  properties GitHub code scanning relies on, with regions equal to the JSON format's coordinates.
- github: workflow commands parsed back with the Actions runner's own unescaping.
- junit: parsed with an XML parser; one test case per linted file, one failure per finding.
"""
from __future__ import annotations

import dataclasses
import json
import os
import re
import urllib.parse
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import GOOD, findings

import pmlint
from pmlint.model import SAFE, UNSAFE, Edit, Finding, Fix, Severity, Span
from pmlint.output.formats import FORMATTERS
from pmlint.output.options import FormatOptions
from pmlint.ruledefs import load_rules

TESTS = Path(__file__).parent
SNAPSHOTS = TESTS / "snapshots"
SARIF_SCHEMA = json.loads((TESTS / "schemas" / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8"))

# -- hand-built findings for the snapshots ------------------------------------------------------

# A path with a space and a comma; one with non-ASCII; one in the top directory.
SPACED = "docs/incident, q1 review.md"
ACCENTED = "équipe/post-mortem.md"
CLEAN = "docs/clean.md"

SNAPSHOT_FINDINGS: list[Finding] = sorted([
    Finding(path=SPACED, span=Span(1, 3, 1, 24), rule="missing-section", code="PM001", severity=Severity.ERROR,
            message="missing required section 'What Went Well' (accepted headings: 'What Went Well', 'Went Well')",
            fingerprint="0123456789abcdef"),
    # '%', ':', ',' and a newline in one message, with a suggestion, and an unsafe fix of three edits
    # (the declaration and two entries), the first one not the first in the text.
    Finding(path=SPACED, span=Span(14, 3, 14, 11), rule="timestamp-not-utc", code="PM101",
            severity=Severity.WARNING,
            message="timeline time is in PST, not UTC: 100% of entries, 09:41 and 09:50\nsecond line, 50%0A literal",
            suggestion="17:41 UTC",
            fix=Fix(span=Span(14, 3, 14, 8), replacement="17:41", original="09:41", applicability=UNSAFE,
                    further=(Edit(Span(12, 18, 12, 21), "UTC", "PST"), Edit(Span(15, 3, 15, 8), "17:50", "09:50")))),
    # An unsafe fix that replaces a word, and a safe one that removes a word (an empty replacement).
    Finding(path=SPACED, span=Span(32, 46, 32, 54), rule="charged-language", code="PM402", severity=Severity.WARNING,
            message="'disaster' is charged language; write 'major incident'", suggestion="major incident",
            fix=Fix(span=Span(32, 46, 32, 54), replacement="major incident", original="disaster",
                    applicability=UNSAFE)),
    Finding(path=SPACED, span=Span(32, 56, 32, 65), rule="charged-language", code="PM402", severity=Severity.WARNING,
            message="'obviously' judges the reader or the people involved; leave it out",
            suggestion="leave out 'obviously'",
            fix=Fix(span=Span(32, 56, 32, 66), replacement="", original="obviously ")),
    # Non-ASCII message and suggestion, a span over two lines.
    Finding(path=ACCENTED, span=Span(7, 5, 8, 12), rule="blame", code="PM401", severity=Severity.ERROR,
            message="'Zoë Müller a oublié' blames Zoë Müller — décrivez le processus «sans reproche» ✓",
            suggestion="Le processus n'avait pas d'étape de restauration", fingerprint="fedcba9876543210"),
    # An info finding (a note in SARIF, a notice in GitHub).
    Finding(path="pm.md", span=Span(40, 10, 40, 40), rule="action-tracking", code="PM305", severity=Severity.INFO,
            message="action item status 'Maybe <later> & \"never\"' is not one of: Not started, In progress, Done"),
], key=Finding.sort_key)

SNAPSHOT_PATHS = tuple(sorted({finding.path for finding in SNAPSHOT_FINDINGS} | {CLEAN}))


def snapshot_options() -> FormatOptions:
    # The rules' codes, names, severities and summaries, with a fixed rationale: the snapshots show how
    # a rationale is rendered, and do not change each time a rule's documentation is reworded.
    rules = load_rules()
    used = sorted({finding.code for finding in SNAPSHOT_FINDINGS})
    return FormatOptions(color=False, quiet=False, files=len(SNAPSHOT_PATHS), paths=SNAPSHOT_PATHS,
                         rules={code: dataclasses.replace(rules[code], rationale=SNAPSHOT_RATIONALE) for code in used})


SNAPSHOT_RATIONALE = ("Why the rule exists, in `Markdown`: \"quotes\", <angle brackets> & an ampersand.\n\n"
                      "A second paragraph, and a line\nbroken inside it.")


def assert_snapshot(name: str, actual: str) -> None:
    """Compare with tests/snapshots/NAME, or write it when PMLINT_UPDATE_SNAPSHOTS=1."""
    path = SNAPSHOTS / name
    if os.environ.get("PMLINT_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        return
    assert path.is_file(), f"no snapshot {path}; run with PMLINT_UPDATE_SNAPSHOTS=1 to create it, then review it"
    with path.open(encoding="utf-8", newline="") as file:  # newline="": no line-ending translation
        expected = file.read()
    assert actual == expected, f"{name} differs from its snapshot (PMLINT_UPDATE_SNAPSHOTS=1 rewrites it)"


def normalise_version(text: str) -> str:
    return text.replace(f'"version": "{pmlint.__version__}"', '"version": "VERSION"')


@pytest.mark.parametrize(("format_name", "snapshot"), [
    ("text", "formats.txt"),
    ("json", "formats.json"),
    ("sarif", "formats.sarif"),
    ("github", "formats.github"),
    ("junit", "formats.junit.xml"),
])
def test_snapshot(format_name: str, snapshot: str) -> None:
    output = FORMATTERS[format_name](SNAPSHOT_FINDINGS, snapshot_options())
    if format_name == "sarif":
        assert f'"version": "{pmlint.__version__}"' in output
        output = normalise_version(output)
    assert_snapshot(snapshot, output)


def test_snapshot_text_quiet_has_no_summary() -> None:
    options = snapshot_options()
    quiet = FormatOptions(color=False, quiet=True, files=options.files, paths=options.paths, rules=options.rules)
    loud = FORMATTERS["text"](SNAPSHOT_FINDINGS, options)
    assert FORMATTERS["text"](SNAPSHOT_FINDINGS, quiet) == loud[:loud.rindex("Found ")]
    assert "fixable with --fix" in loud[loud.rindex("Found "):]


# -- fixable findings in the text format -----------------------------------------------------------


def _charged(column: int, applicability: str | None, path: str = "pm.md") -> Finding:
    fix = None if applicability is None else Fix(Span(3, column, 3, column + 8), "major incident", "disaster",
                                                  applicability=applicability)
    return Finding(path=path, span=Span(3, column, 3, column + 8), rule="charged-language", code="PM402",
                   severity=Severity.WARNING, message="'disaster' is charged language", fix=fix)


@pytest.mark.parametrize(("applicabilities", "unsafe_paths", "marks", "last"), [
    ([SAFE, SAFE], (), [True, True], "[*] 2 fixable with --fix."),
    ([SAFE, UNSAFE], (), [True, False], "[*] 1 fixable with --fix; 1 hidden fix can be enabled with --unsafe-fixes."),
    ([UNSAFE, UNSAFE, None], (), [False, False, False],
     "No fixes available with --fix; 2 hidden fixes can be enabled with --unsafe-fixes."),
    ([SAFE, UNSAFE, UNSAFE], ("pm.md",), [True, True, True], "[*] 3 fixable with --fix."),
    ([UNSAFE], ("other.md",), [False], "No fixes available with --fix; 1 hidden fix can be enabled with --unsafe-fixes."),
    ([None, None], (), [False, False], None),
])
def test_text_marks_fixable_findings_and_counts_hidden_fixes(applicabilities, unsafe_paths, marks, last) -> None:
    found = [_charged(10 * index + 1, applicability) for index, applicability in enumerate(applicabilities)]
    options = FormatOptions(files=1, unsafe_fixes=frozenset(unsafe_paths))
    lines = FORMATTERS["text"](found, options).splitlines()
    findings_lines = [line for line in lines if line.startswith("pm.md:")]
    assert [line.endswith("[PM402 charged-language] [*]") for line in findings_lines] == marks
    assert all(line.endswith("[PM402 charged-language]") for line, mark in zip(findings_lines, marks) if not mark)
    summary = lines.index(f"Found {len(found)} problem{'s' if len(found) != 1 else ''} ({len(found)} "
                          f"warning{'s' if len(found) != 1 else ''}) in 1 of 1 file.")
    assert lines[summary + 1:] == ([last] if last else [])
    quiet = FORMATTERS["text"](found, FormatOptions(files=1, quiet=True, unsafe_fixes=frozenset(unsafe_paths)))
    assert quiet.splitlines() == findings_lines  # -q: the marks stay, the summary lines go


def test_text_fixes_line_comes_before_the_baseline_note() -> None:
    output = FORMATTERS["text"]([_charged(1, SAFE)], FormatOptions(files=1, baselined=2))
    assert output.splitlines()[-2:] == ["[*] 1 fixable with --fix.", "2 findings in the baseline not shown."]


def test_text_mark_with_colour_keeps_the_prefix() -> None:
    output = FORMATTERS["text"]([_charged(1, SAFE)], FormatOptions(files=1, color=True))
    first = output.splitlines()[0]
    assert first.endswith(" [*]") and "pm.md:3:1:" in first


def test_snapshot_sarif_is_valid() -> None:
    log = json.loads(FORMATTERS["sarif"](SNAPSHOT_FINDINGS, snapshot_options()))
    assert_valid_sarif(log)
    assert_sarif_matches(log, [finding.to_json() for finding in SNAPSHOT_FINDINGS])


def test_snapshot_github_parses_back() -> None:
    output = FORMATTERS["github"](SNAPSHOT_FINDINGS, snapshot_options())
    assert_github_matches(output, [finding.to_json() for finding in SNAPSHOT_FINDINGS])


def test_snapshot_junit_parses_back() -> None:
    output = FORMATTERS["junit"](SNAPSHOT_FINDINGS, snapshot_options())
    assert_junit_matches(output, [finding.to_json() for finding in SNAPSHOT_FINDINGS], SNAPSHOT_PATHS)


# -- the files linted by the CLI tests ----------------------------------------------------------

# GOOD with a blaming sentence and charged words (two with fixes), a PST time out of order and a
# non-ASCII owner: PM101, PM102, PM401 and three PM402 findings.
BLAME = (GOOD
         .replace("- The worker limit change had no expiry date.",
                  "- John forgot to restore the limit. It was a disaster, obviously caused by a careless change.")
         .replace("09:41 |", "9:41 PST |")
         .replace("Ana Silva", "Zoë Müller"))
# GOOD with a placeholder in its last section: one PM002, made an info finding by CONFIG.
WARN = GOOD.replace("Temporary settings need an expiry date.\n", "TBD\n")
CONFIG = "rules:\n  PM002: info\n"
# A name with a space, a comma and a colon (legal on POSIX; must be escaped in github properties).
ODD_NAME = "notes, q1: draft.md"


@pytest.fixture
def corpus(write: Callable[[str, str], Path]) -> list[str]:
    """Two files with findings (one with an odd name) and a clean one; the paths, sorted, as pmlint shows them."""
    write(".pmlint.yaml", CONFIG)
    write("docs/blame.md", BLAME)
    write(ODD_NAME, WARN)
    write("docs/good.md", GOOD)
    return sorted(["docs/blame.md", ODD_NAME, "docs/good.md"])


def json_findings(run: Callable[..., Any], *args: str) -> list[dict[str, Any]]:
    return findings(run("--format", "json", *args))


def test_corpus_has_the_expected_mix_of_findings(run, corpus):
    items = json_findings(run, *corpus)
    assert {item["severity"] for item in items} == {"error", "warning", "info"}
    assert any(item["fix"] for item in items)
    assert any(item["suggestion"] for item in items)
    assert {item["path"] for item in items} == {"docs/blame.md", ODD_NAME}


# -- SARIF --------------------------------------------------------------------------------------


def assert_valid_sarif(log: dict[str, Any]) -> None:
    assert SARIF_SCHEMA["$schema"] == "http://json-schema.org/draft-04/schema#"
    validator_class = jsonschema.validators.validator_for(SARIF_SCHEMA)
    assert validator_class is jsonschema.Draft4Validator
    validator_class.check_schema(SARIF_SCHEMA)
    errors = sorted(validator_class(SARIF_SCHEMA).iter_errors(log), key=lambda error: list(error.absolute_path))
    assert not errors, "\n".join(f"{list(error.absolute_path)}: {error.message}" for error in errors)


def assert_sarif_matches(log: dict[str, Any], expected: list[dict[str, Any]]) -> None:
    """What GitHub code scanning reads, and results equal to the JSON findings in the same order."""
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "pmlint"
    rules = driver["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids))
    for rule in rules:
        assert re.fullmatch(r"PM\d{3}", rule["id"])
        assert rule["shortDescription"]["text"].strip()
        assert rule["help"]["text"].strip()
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    levels = {"error": "error", "warning": "warning", "info": "note"}
    assert len(run["results"]) == len(expected)
    for result, item in zip(run["results"], expected):
        assert result["ruleId"] == item["code"]
        assert result["ruleId"] in ids
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == levels[item["severity"]]
        text = result["message"]["text"]
        assert text.startswith(item["message"]) and text.strip()
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert "\\" not in uri and not uri.startswith("/") and not uri.startswith("./")
        assert urllib.parse.urlsplit(uri).scheme == ""  # relative: no scheme, so resolved against the checkout
        assert urllib.parse.unquote(uri) == item["path"]
        region = location["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
            item["line"], item["column"], item["end_line"], item["end_column"])
        if item["fix"]:
            # Every edit of the fix is one replacement of one change to the file, in the order of the text.
            [sarif_fix] = result["fixes"]
            [change] = sarif_fix["artifactChanges"]
            assert change["artifactLocation"]["uri"] == uri
            replacements = [(r["deletedRegion"]["startLine"], r["deletedRegion"]["startColumn"],
                             r["deletedRegion"]["endLine"], r["deletedRegion"]["endColumn"], r["insertedContent"]["text"])
                            for r in change["replacements"]]
            fix = item["fix"]
            edits = [(e["line"], e["column"], e["end_line"], e["end_column"], e["replacement"])
                     for e in fix.get("edits", [fix])]
            assert replacements == sorted(edits)
            assert sarif_fix["properties"]["applicability"] == fix["applicability"]
            assert ("unsafe" in sarif_fix["description"]["text"]) == (fix["applicability"] == "unsafe")
        else:
            assert "fixes" not in result


def test_sarif_from_the_cli_is_schema_valid_and_matches_json(run, corpus):
    result = run("--format", "sarif", *corpus)
    assert result.exit_code == 1
    assert result.stderr == ""
    log = json.loads(result.stdout)
    assert_valid_sarif(log)
    expected = json_findings(run, *corpus)
    assert len(expected) == 7
    assert_sarif_matches(log, expected)
    # Every rule pmlint has is described, not only those that fired.
    assert [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]] == list(load_rules())


def test_sarif_uri_of_a_name_with_a_colon_is_a_relative_reference(run, write):
    # RFC 3986 §4.2: a relative-path reference cannot have a colon in its first segment, or
    # "incident:2024.md" reads as scheme "incident". It must be written "./incident:2024.md"
    # or with the colon percent-encoded.
    write("incident:2024.md", WARN)
    log = json.loads(run("--format", "sarif", "incident:2024.md").stdout)
    assert_valid_sarif(log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert urllib.parse.urlsplit(uri).scheme == "", uri
    assert ":" not in uri.split("/")[0], uri
    assert urllib.parse.unquote(uri).removeprefix("./") == "incident:2024.md"


def test_sarif_with_no_findings_is_a_valid_log_with_no_results(run, write):
    write("good.md", GOOD)
    write("docs/also-good.md", GOOD)
    result = run("--format", "sarif", "good.md", "docs")
    assert result.exit_code == 0
    log = json.loads(result.stdout)
    assert_valid_sarif(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"]


# -- github workflow commands -------------------------------------------------------------------


def _unescape(text: str, mappings: Sequence[tuple[str, str]]) -> str:
    # The Actions runner (ActionCommand.cs) replaces each escape in turn, '%25' last.
    for escaped, char in mappings:
        text = text.replace(escaped, char)
    return text


_DATA_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
_PROPERTY_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))


def parse_workflow_command(line: str) -> tuple[str, dict[str, str], str]:
    """``::command k=v,k=v::message`` as the runner reads it: (command, properties, message)."""
    assert line.startswith("::"), line
    end = line.index("::", 2)
    info, message = line[2:end], line[end + 2:]
    command, _, properties_text = info.partition(" ")
    properties: dict[str, str] = {}
    for pair in properties_text.split(","):
        if not pair:
            continue
        key, separator, value = pair.partition("=")
        assert separator, f"property without '=': {pair!r} in {line!r}"
        assert key not in properties, line
        properties[key] = _unescape(value, _PROPERTY_ESCAPES)
    return command, properties, _unescape(message, _DATA_ESCAPES)


def parse_workflow_commands(output: str) -> list[tuple[str, dict[str, str], str]]:
    assert output == "" or output.endswith("\n")
    return [parse_workflow_command(line) for line in output.split("\n")[:-1]]


def test_workflow_command_parser_undoes_the_runner_escapes():
    line = "::error file=a%2C b%3A c%25.md,line=3,title=PM001 x::100%25 done%0Anext: a,b %0D"
    assert parse_workflow_command(line) == (
        "error", {"file": "a, b: c%.md", "line": "3", "title": "PM001 x"}, "100% done\nnext: a,b \r")
    # '%250A' is an escaped '%' followed by '0A', not a newline.
    assert parse_workflow_command("::notice file=x%250A::y%250A") == ("notice", {"file": "x%0A"}, "y%0A")


def assert_github_matches(output: str, expected: list[dict[str, Any]]) -> None:
    commands = {"error": "error", "warning": "warning", "info": "notice"}
    parsed = parse_workflow_commands(output)
    assert len(parsed) == len(expected)
    for (command, properties, message), item in zip(parsed, expected):
        assert command == commands[item["severity"]]
        assert properties == {
            "file": item["path"], "line": str(item["line"]), "col": str(item["column"]),
            "endLine": str(item["end_line"]), "endColumn": str(item["end_column"]),
            "title": f"{item['code']} {item['rule']}",
        }
        suggestion = f"\nsuggestion: {item['suggestion']}" if item["suggestion"] else ""
        assert message == item["message"] + suggestion


def test_github_from_the_cli_parses_back_to_the_json_findings(run, corpus):
    result = run("--format", "github", *corpus)
    assert result.exit_code == 1
    assert result.stderr == ""
    expected = json_findings(run, *corpus)
    assert any(item["path"] == ODD_NAME for item in expected)
    assert_github_matches(result.stdout, expected)


def test_github_escapes_every_special_character_in_paths_and_messages():
    nasty = Finding(path="a,b:c%d\r\ne=f.md", span=Span(2, 3, 4, 5), rule="blame", code="PM401",
                    severity=Severity.ERROR, message="50% :: a,b\r\nc %0A %25 ::warning x::y",
                    suggestion="x: 1, y: 2%")
    output = FORMATTERS["github"]([nasty], FormatOptions(files=1, paths=(nasty.path,)))
    assert output.count("\n") == 1  # one command, one line
    assert_github_matches(output, [nasty.to_json()])


def test_github_actions_environment_selects_the_github_format(run, write):
    write("warn.md", WARN)
    expected = json_findings(run, "warn.md")
    result = run("warn.md", env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert result.stdout.startswith("::warning file=warn.md,")
    assert_github_matches(result.stdout, expected)


def test_explicit_format_wins_over_github_actions(run, write):
    write("warn.md", WARN)
    result = run("--format", "text", "warn.md", env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert result.stdout.startswith("warn.md:40:4: warning ")
    assert "::" not in result.stdout


@pytest.mark.parametrize("value", [None, "false", ""])
def test_without_github_actions_the_default_is_text(run, write, monkeypatch, value):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    write("warn.md", WARN)
    result = run("warn.md", env=None if value is None else {"GITHUB_ACTIONS": value})
    assert result.exit_code == 1
    assert result.stdout.startswith("warn.md:40:4: warning ")
    assert result.stdout.endswith("Found 1 problem (1 warning) in 1 of 1 file.\n")


def test_github_with_no_findings_prints_nothing(run, write):
    write("good.md", GOOD)
    for args in (["--format", "github"], []):
        result = run(*args, "good.md", env={"GITHUB_ACTIONS": "true"})
        assert result.exit_code == 0
        assert result.output == ""


# -- JUnit XML ----------------------------------------------------------------------------------


def assert_junit_matches(output: str, expected: list[dict[str, Any]], paths: Sequence[str]) -> ElementTree.Element:
    assert output.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ElementTree.fromstring(output.encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == list(paths)
    assert [case.get("file") for case in cases] == list(paths)
    assert all(case.get("classname") == "pmlint" for case in cases)
    for case in cases:
        mine = [item for item in expected if item["path"] == case.get("name")]
        failures = case.findall("failure")
        assert len(failures) == len(mine)
        assert list(case) == failures  # nothing else: no <error>, no <skipped>
        for failure, item in zip(failures, mine):
            assert failure.get("type") == f"{item['code']} {item['rule']}"
            assert failure.get("message") == item["message"]
            # In the text, a line break of the path or message is shown as "\n": only pmlint's own starts a line.
            detail = (f"{item['path']}:{item['line']}:{item['column']}: {item['severity']} "
                      f"{item['message']}".replace("\n", "\\n"))
            if item["suggestion"]:
                detail += "\nsuggestion: " + item["suggestion"].replace("\n", "\\n")
            assert failure.text == detail
    # Counts that must hold whichever way "failures" is counted.
    assert int(suite.get("tests")) == len(cases)
    assert suite.get("errors") == "0" and suite.get("skipped") == "0"
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in suites)
    assert int(root.get("errors")) == sum(int(s.get("errors")) for s in suites)
    return root


def test_junit_from_the_cli_has_a_case_per_file_and_a_failure_per_finding(run, corpus):
    result = run("--format", "junit", *corpus)
    assert result.exit_code == 1
    assert result.stderr == ""
    expected = json_findings(run, *corpus)
    root = assert_junit_matches(result.stdout, expected, corpus)
    clean = [case for case in root.iter("testcase") if case.get("name") == "docs/good.md"]
    assert len(clean) == 1 and list(clean[0]) == []


def test_junit_failures_attribute_counts_failed_test_cases(run, corpus):
    # JUnit XML: testsuite/@failures is "the total number of tests in the suite that failed", so it
    # can never exceed @tests. A file with six findings is one failed test (six <failure> elements).
    root = ElementTree.fromstring(run("--format", "junit", *corpus).stdout.encode("utf-8"))
    suite = root.find("testsuite")
    failed = [case for case in suite.iter("testcase") if case.find("failure") is not None]
    assert len(failed) == 2
    assert int(suite.get("failures")) == len(failed) <= int(suite.get("tests"))
    assert int(root.get("failures")) == len(failed) <= int(root.get("tests"))


def test_junit_with_no_findings_has_only_passing_cases(run, write):
    write("good.md", GOOD)
    write("docs/also-good.md", GOOD)
    result = run("--format", "junit", "good.md", "docs")
    assert result.exit_code == 0
    root = assert_junit_matches(result.stdout, [], ["docs/also-good.md", "good.md"])
    assert root.get("failures") == "0" and root.find("testsuite").get("failures") == "0"
    assert root.get("tests") == "2"


def test_junit_shows_control_characters_that_xml_cannot_hold_as_escapes():
    # XML 1.0 cannot hold them even as references; shown escaped, they are neither lost nor obeyed.
    finding = Finding(path="pm.md", span=Span(3, 1, 3, 4), rule="blame", code="PM401", severity=Severity.ERROR,
                      message="bell\x07 escape\x1b[0m nul\x00 tab\tok", suggestion="vertical\x0btab")
    output = FORMATTERS["junit"]([finding], FormatOptions(files=1, paths=("pm.md",)))
    assert "\x1b" not in output
    root = ElementTree.fromstring(output.encode("utf-8"))
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("message") == "bell\\x07 escape\\x1b[0m nul\\x00 tab\tok"
    assert failure.text == "pm.md:3:1: error bell\\x07 escape\\x1b[0m nul\\x00 tab\tok\nsuggestion: vertical\\x0btab"


def test_junit_is_well_formed_with_a_noncharacter_from_the_document(run, write):
    # U+FFFF is valid UTF-8 in the file, but not a character XML 1.0 allows (Char excludes
    # #xFFFE and #xFFFF): PM303 quotes the due date into its message.
    write("due.md", GOOD.replace("| 2026-02-20 |", "| soon\uffff |"))
    expected = json_findings(run, "due.md")
    assert [item["code"] for item in expected] == ["PM303"]
    result = run("--format", "junit", "due.md")
    root = ElementTree.fromstring(result.stdout.encode("utf-8"))
    assert "soon" in root.find("testsuite/testcase/failure").get("message")


def test_junit_is_well_formed_with_a_control_character_in_the_path():
    # A file name may hold any byte but '/' and NUL on POSIX; the test case's name and file must
    # not carry it into the XML raw.
    finding = Finding(path="bell\x07.md", span=Span(1, 1, 1, 2), rule="missing-section", code="PM001",
                      severity=Severity.ERROR, message="missing required section 'Timeline'")
    output = FORMATTERS["junit"]([finding], FormatOptions(files=1, paths=(finding.path,)))
    root = ElementTree.fromstring(output.encode("utf-8"))
    assert len(root.findall("testsuite/testcase/failure")) == 1


# -- JSON and text with no findings -------------------------------------------------------------


def test_json_and_text_with_no_findings(run, write):
    write("good.md", GOOD)
    assert run("--format", "json", "good.md").stdout == "[]\n"
    assert run("--format", "text", "good.md").stdout == ""
    for name, formatter in FORMATTERS.items():
        output = formatter([], FormatOptions(files=0))
        if name in ("text", "github"):
            assert output == ""
        elif name == "json":
            assert output == "[]\n"
