"""``pmlint check`` options for CI: --statistics, --exit-zero, --output-file, --extend-select, --color.

Expectations are worked out by hand from the documents and findings written here (tests/snapshots/
statistics.txt and statistics.json were written by hand, not by pmlint).
"""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from conftest import GOOD, findings

from pmlint.model import SAFE, UNSAFE, Finding, Fix, Severity, Span
from pmlint.output.colors import use_color
from pmlint.output.options import FormatOptions
from pmlint.output.statistics import count_rules, render_json, render_text

SNAPSHOTS = Path(__file__).parent / "snapshots"
ANSI = "\x1b["

# GOOD with a placeholder in its last section: one PM002 warning (line 40), nothing else by default.
WARN = GOOD.replace("Temporary settings need an expiry date.\n", "TBD\n")
# GOOD with two intensifiers: two PM402 warnings, each with a safe fix (leave the word out).
OBVIOUS = GOOD.replace("Temporary settings need", "Temporary settings obviously need").replace(
    "- The worker limit change had", "- The worker limit change obviously had")
# GOOD's one action item has no link to a ticket: PM305 (off by default) reports it at 38:10.
PM305_AT = (38, 10)


def _snapshot(name: str) -> str:
    with (SNAPSHOTS / name).open(encoding="utf-8", newline="") as file:
        return file.read()


# -- --statistics: the counting and the two shapes ------------------------------------------------


def _finding(path: str, line: int, code: str, rule: str, severity: Severity = Severity.WARNING,
             fix: Fix | None = None) -> Finding:
    return Finding(path=path, span=Span(line, 1, line, 5), rule=rule, code=code, severity=severity,
                   message=f"{rule} at {line}", fix=fix)


def _statistics_findings() -> list[Finding]:
    """11 PM302 (no fix), 2 PM001 errors, 2 PM402 with safe fixes, 1 PM101 with an unsafe fix, in 3 of 4 files."""
    owners = [_finding("a.md", line, "PM302", "action-owner") for line in range(1, 12)]
    missing = [_finding("b.md", line, "PM001", "missing-section", Severity.ERROR) for line in (1, 2)]
    charged = [_finding("a.md", line, "PM402", "charged-language",
                        fix=Fix(Span(line, 1, line, 11), "", "obviously ", applicability=SAFE)) for line in (20, 21)]
    zone = [_finding("c.md", 3, "PM101", "timestamp-not-utc",
                     fix=Fix(Span(3, 1, 3, 6), "17:41", "09:41", applicability=UNSAFE))]
    return sorted(owners + missing + charged + zone, key=Finding.sort_key)


def _options(**changes: object) -> FormatOptions:
    return FormatOptions(**{"files": 4, "paths": ("a.md", "b.md", "c.md", "d.md"), **changes})  # type: ignore[arg-type]


def test_statistics_text_snapshot():
    # Most findings first, ties by code (PM001 before PM402); counts right-aligned to 2 digits; [*] only
    # for PM402, every finding of which --fix fixes; then the text format's two summary lines.
    assert render_text(_statistics_findings(), _options()) == _snapshot("statistics.txt")


def test_statistics_json_snapshot():
    assert render_json(_statistics_findings(), _options()) == _snapshot("statistics.json")


def test_statistics_text_parses_back_to_the_json():
    text = render_text(_statistics_findings(), _options())
    rows = []
    for line in text.splitlines():
        match = re.fullmatch(r" *(\d+)\t(PM\d{3})\t(\[[* ]\] )?([a-z-]+)", line)
        if match:
            rows.append({"code": match[2], "name": match[4], "count": int(match[1]), "fixable": match[3] == "[*] "})
    assert rows == json.loads(render_json(_statistics_findings(), _options()))
    assert sum(row["count"] for row in rows) == len(_statistics_findings())


def test_statistics_unsafe_fixes_make_a_rule_fixable():
    counts = count_rules(_statistics_findings(), _options(unsafe_fixes=frozenset({"c.md"})))
    assert [(row.code, row.fixable) for row in counts] == [
        ("PM302", False), ("PM001", False), ("PM402", True), ("PM101", True)]


def test_statistics_a_rule_fixable_only_in_part_is_not_marked():
    # One PM402 without a fix: not every finding of the rule is fixable, so no rule is, and no marks.
    mixed = _statistics_findings() + [_finding("d.md", 9, "PM402", "charged-language")]
    text = render_text(mixed, _options())
    assert text.splitlines()[:2] == ["11\tPM302\taction-owner", " 3\tPM402\tcharged-language"]
    assert "[ ]" not in text


def test_statistics_quiet_and_empty():
    assert render_text(_statistics_findings(), _options(quiet=True)) == "".join(
        _snapshot("statistics.txt").splitlines(keepends=True)[:4])
    assert render_text([], _options()) == ""
    assert render_text([], _options(baselined=2)) == "2 findings in the baseline not shown.\n"
    assert render_json([], _options()) == "[]\n"


def test_statistics_colour_keeps_the_text():
    coloured = render_text(_statistics_findings(), _options(color=True))
    assert ANSI in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == _snapshot("statistics.txt")


def test_statistics_command_line(run, write):
    write("warn.md", WARN)
    write("obvious.md", OBVIOUS)
    result = run("--statistics", "warn.md", "obvious.md")
    assert result.exit_code == 1  # warnings still fail, as without --statistics
    assert result.stdout == ("2\tPM402\t[*] charged-language\n"
                             "1\tPM002\t[ ] empty-section\n"
                             "Found 3 problems (3 warnings) in 2 of 2 files.\n"
                             "[*] 2 fixable with --fix.\n")
    result = run("--statistics", "--format", "json", "--extend-select", "PM305", "warn.md", "obvious.md")
    assert json.loads(result.stdout) == [
        {"code": "PM305", "name": "action-tracking", "count": 2, "fixable": False},
        {"code": "PM402", "name": "charged-language", "count": 2, "fixable": True},
        {"code": "PM002", "name": "empty-section", "count": 1, "fixable": False}]


def test_statistics_default_to_text_in_github_actions(run, write):
    write("warn.md", WARN)
    result = run("--statistics", "-q", "warn.md", env={"GITHUB_ACTIONS": "true"})
    assert result.stdout == "1\tPM002\tempty-section\n"


@pytest.mark.parametrize("options", [["--format", "sarif"], ["--format", "github"], ["--format", "junit"],
                                     ["--diff"], ["--write-baseline", "b.json"]])
def test_statistics_usage_errors(run, write, options):
    write("warn.md", WARN)
    result = run("--statistics", *options, "warn.md")
    assert result.exit_code == 2
    assert result.stderr.startswith("pmlint: error: '--statistics': ")
    assert not os.path.exists("b.json")


# -- --exit-zero -------------------------------------------------------------------------------------


def test_exit_zero_with_findings_but_not_with_errors(run, write):
    write("warn.md", WARN)
    write("missing-section.md", "# Outage\n")
    assert run("warn.md").exit_code == 1
    result = run("--exit-zero", "warn.md", "missing-section.md")
    assert result.exit_code == 0 and "PM001" in result.stdout and "PM002" in result.stdout
    assert run("--exit-zero", "--fail-on", "info", "warn.md").exit_code == 0
    broken = run("--exit-zero", "warn.md", "no-such-file.md")
    assert broken.exit_code == 2 and "no-such-file.md" in broken.stderr
    write(".pmlint.yaml", "fail-on: sometimes\n")
    assert run("--exit-zero", "warn.md").exit_code == 2


def test_exit_zero_with_diff(run, write):
    write("obvious.md", OBVIOUS)
    assert run("--diff", "obvious.md").exit_code == 1
    result = run("--diff", "--exit-zero", "obvious.md")
    assert result.exit_code == 0 and "-Temporary settings obviously need" in result.stdout


# -- --output-file -----------------------------------------------------------------------------------


def test_output_file_holds_what_stdout_would(run, write, project):
    write("warn.md", WARN)
    printed = run("--format", "json", "warn.md")
    result = run("--format", "json", "--output-file", "out/findings.json", "warn.md")
    assert result.exit_code == 2  # the directory out/ does not exist
    assert result.stderr.startswith("pmlint: error: ") and "out/findings.json" in result.stderr
    (project / "out").mkdir()
    result = run("--format", "json", "--output-file", "out/findings.json", "warn.md")
    assert result.exit_code == 1 and result.stdout == "" and result.stderr == ""
    written = (project / "out" / "findings.json").read_text(encoding="utf-8")
    assert written == printed.stdout
    assert [item["code"] for item in json.loads(written)] == ["PM002"]


def test_output_file_is_replaced_and_short_option(run, write, project):
    write("good.md", GOOD)
    write("report.txt", "old findings\n" * 1000)
    result = run("-o", "report.txt", "good.md")
    assert result.exit_code == 0
    assert (project / "report.txt").read_bytes() == b""  # a clean run: an empty text output
    write("warn.md", WARN)
    assert run("-o", "report.txt", "--statistics", "warn.md").exit_code == 1
    assert (project / "report.txt").read_text(encoding="utf-8").startswith("1\tPM002\tempty-section\n")


def test_output_file_dash_is_standard_output(run, write, project):
    # '-' is standard output, as for `pmlint new -o -`: no file named '-' is written.
    write("warn.md", WARN)
    printed = run("--format", "json", "warn.md")
    result = run("--format", "json", "-o", "-", "warn.md")
    assert result.exit_code == 1
    assert result.stdout == printed.stdout and [item["code"] for item in json.loads(result.stdout)] == ["PM002"]
    assert not (project / "-").exists()


def test_output_file_has_no_colour_and_stderr_is_unchanged(run, write, project):
    write("warn.md", WARN)
    result = run("--color", "always", "-o", "out.txt", "warn.md", "gone.md")
    assert result.exit_code == 2
    assert result.stderr == "pmlint: error: gone.md: no such file or directory\n"
    text = (project / "out.txt").read_text(encoding="utf-8")
    assert ANSI not in text and text.startswith("warn.md:40:4: warning ")


def test_output_file_that_is_a_linted_file_is_refused(run, write, project):
    write("warn.md", WARN)
    result = run("-o", "warn.md", "warn.md")
    assert result.exit_code == 2
    assert "warn.md: is one of the files being linted" in result.stderr
    assert (project / "warn.md").read_text(encoding="utf-8") == WARN


def test_output_file_with_fix_from_stdin(run):
    # '--fix -': the fixed document stays on stdout; what remains goes to the file instead of stderr.
    document = WARN.replace("- The worker limit change had", "- The worker limit change obviously had")
    result = run("--fix", "-", "--stdin-filename", "pm.md", "-o", "found.txt", input=document)
    assert result.exit_code == 1
    assert result.stdout == WARN
    assert result.stderr == "pmlint: fixed 1 finding in 1 file\n"
    found = Path("found.txt").read_text(encoding="utf-8")
    assert found.splitlines()[0] == ("pm.md:40:4: warning section 'Lessons Learned' holds only a placeholder ('TBD') "
                                     "[PM002 empty-section]")


def test_output_file_and_write_baseline_are_exclusive(run, write):
    write("warn.md", WARN)
    result = run("-o", "out.txt", "--write-baseline", "base.json", "warn.md")
    assert result.exit_code == 2 and "'--output-file'" in result.stderr
    assert not os.path.exists("out.txt") and not os.path.exists("base.json")


def test_output_file_with_diff(run, write, project):
    write("obvious.md", OBVIOUS)
    result = run("--diff", "-o", "changes.diff", "obvious.md")
    assert result.exit_code == 1 and result.stdout == ""
    diff = (project / "changes.diff").read_text(encoding="utf-8")
    assert diff.count("\n-") == 2 and "+Temporary settings need an expiry date." in diff


# -- --extend-select ---------------------------------------------------------------------------------


def _codes(result) -> list[str]:
    return [item["code"] for item in findings(result)]


def test_extend_select_adds_an_off_by_default_rule_to_the_defaults(run, write):
    write("warn.md", WARN)
    assert _codes(run("--format", "json", "warn.md")) == ["PM002"]
    assert _codes(run("--format", "json", "--select", "PM305", "warn.md")) == ["PM305"]
    result = run("--format", "json", "--extend-select", "PM305", "warn.md")
    assert [(item["line"], item["column"], item["code"]) for item in findings(result)] == [
        (*PM305_AT, "PM305"), (40, 4, "PM002")]
    # By name, and added to --select rather than replacing it.
    assert _codes(run("--format", "json", "--select", "PM002", "--extend-select", "action-tracking", "warn.md")) \
        == ["PM305", "PM002"]


def test_extend_select_with_ignore_and_prefixes(run, write):
    write("warn.md", WARN)
    assert _codes(run("--format", "json", "--extend-select", "PM305", "--ignore", "PM3", "warn.md")) == ["PM002"]
    assert _codes(run("--format", "json", "--extend-select", "PM3", "--ignore", "PM002", "warn.md")) == ["PM305"]


def test_extend_select_keeps_the_config_and_its_overrides(run, write):
    write(".pmlint.yaml", "extends: google-sre\nrules:\n  PM305:\n    severity: error\n"
                          "overrides:\n  - files: ['drafts/**']\n    rules:\n      PM305: off\n")
    write("pm.md", GOOD)
    write("drafts/pm.md", GOOD)
    result = run("--format", "json", "--extend-select", "PM305", "pm.md", "drafts/pm.md")
    pm305 = [(item["path"], item["severity"]) for item in findings(result) if item["code"] == "PM305"]
    # The config's severity applies; the override that turns it off for drafts/ still does.
    assert pm305 == [("pm.md", "error")]
    without = run("--format", "json", "pm.md", "drafts/pm.md")
    assert [item for item in findings(result) if item["code"] != "PM305"] == findings(without)
    result = run("--format", "json", "--select", "PM002", "--extend-select", "PM305", "pm.md", "drafts/pm.md")
    assert [(item["path"], item["code"]) for item in findings(result)] == [("pm.md", "PM305")]


def test_extend_select_unknown_rule_suggests_a_close_one(run, write):
    write("warn.md", WARN)
    result = run("--extend-select", "PM3O5", "warn.md")
    assert result.exit_code == 2
    assert result.stderr == ("pmlint: error: '--extend-select': unknown rule 'PM3O5', did you mean 'PM305' (action-tracking)? "
                             "(see 'pmlint rules')\n")
    result = run("--extend-select", "action-trackng", "warn.md")
    assert "did you mean 'action-tracking'" in result.stderr
    result = run("--extend-select", "zzz", "warn.md")
    assert result.stderr == "pmlint: error: '--extend-select': unknown rule 'zzz' (see 'pmlint rules')\n"


@pytest.mark.slow
def test_extend_select_reaches_the_worker_processes(run, write):
    # 65 files: more than one batch of 64, so --jobs 2 lints them in worker processes.
    for number in range(65):
        write(f"pm{number:02}.md", GOOD)
    result = run("--statistics", "--format", "json", "--jobs", "2", "--extend-select", "PM305", ".")
    assert json.loads(result.stdout) == [{"code": "PM305", "name": "action-tracking", "count": 65, "fixable": False}]


# -- --color, FORCE_COLOR, NO_COLOR ------------------------------------------------------------------


@pytest.mark.parametrize(("choice", "environ", "terminal", "expected"), [
    ("auto", {}, True, True),
    ("auto", {}, False, False),
    ("auto", {"NO_COLOR": "1"}, True, False),
    ("auto", {"NO_COLOR": ""}, True, True),            # empty: as if unset
    ("auto", {"FORCE_COLOR": "1"}, False, True),
    ("auto", {"FORCE_COLOR": "0"}, False, True),       # any non-empty value
    ("auto", {"FORCE_COLOR": ""}, False, False),
    ("auto", {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, True),
    ("always", {"NO_COLOR": "1"}, False, True),
    ("never", {"FORCE_COLOR": "1"}, True, False),
    ("never", {}, True, False),
])
def test_use_color(choice, environ, terminal, expected):
    assert use_color(choice, environ, terminal) is expected


def test_color_on_the_command_line(run, write):
    write("warn.md", WARN)
    assert ANSI in run("--color", "always", "warn.md", env={"NO_COLOR": "1"}).stdout
    assert ANSI in run("warn.md", env={"FORCE_COLOR": "1"}).stdout
    assert ANSI not in run("--color", "never", "warn.md", env={"FORCE_COLOR": "1"}).stdout
    assert ANSI not in run("warn.md").stdout  # auto, and not a terminal
    plain = run("--color", "never", "warn.md").stdout
    assert re.sub(r"\x1b\[[0-9;]*m", "", run("--color", "always", "warn.md").stdout) == plain
    # Only the text format has colours.
    assert ANSI not in run("--color", "always", "--format", "json", "warn.md").stdout
    result = run("--no-color", "--color", "always", "warn.md")
    assert result.exit_code == 2 and result.stderr.startswith("pmlint: error: '--color': ")
    assert run("--color", "sometimes", "warn.md").exit_code == 2


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_color_auto_on_a_terminal(project, write):
    from test_cli import _run_in_terminal

    write("warn.md", WARN)
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
    assert ANSI in _run_in_terminal(["check", "--color", "auto", "warn.md"], project, env)
    assert ANSI not in _run_in_terminal(["check", "--color", "never", "warn.md"], project, env)
    assert ANSI not in _run_in_terminal(["check", "warn.md"], project, {**env, "NO_COLOR": "1"})
    assert ANSI in _run_in_terminal(["check", "warn.md"], project, {**env, "NO_COLOR": "1", "FORCE_COLOR": "1"})


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX descriptors")
def test_output_file_with_a_closed_stdout(project, write):
    import subprocess

    write("warn.md", WARN)
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run([sys.executable, "-m", "pmlint", "check", "warn.md", "-o", "out.txt"], cwd=project,
                            env=env, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=120,
                            preexec_fn=lambda: os.close(1), check=False)
    assert result.returncode == 1, result.stderr
    assert result.stderr == b""
    assert (project / "out.txt").read_text(encoding="utf-8").startswith("warn.md:40:4: warning ")


def test_select_and_ignore_suggest_too(run, write):
    write("warn.md", WARN)
    result = run("--select", "blaem", "warn.md")
    assert result.stderr == "pmlint: error: '--select': unknown rule 'blaem', did you mean 'blame'? (see 'pmlint rules')\n"
    result = run("--ignore", "PM9O1", "warn.md")
    assert "unknown rule 'PM9O1', did you mean 'PM901' (suppression-unknown-rule)?" in result.stderr


def test_output_file_with_a_hostile_name_is_shown_not_obeyed(run, write):
    write("warn.md", WARN)
    result = run("-o", "\x1b]0;pwned\x07/out.txt", "warn.md")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\\x1b]0;pwned\\x07/out.txt" in result.stderr
