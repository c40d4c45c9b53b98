"""The ``pmlint check`` command: output formats, exit codes, stdin, directories and colour."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOOD, findings, located

# GOOD with a placeholder in its last section: exactly one PM002 warning at the heading (line 40).
WARN = GOOD.replace("Temporary settings need an expiry date.\n", "TBD\n")
WARN_MESSAGE = "section 'Lessons Learned' holds only a placeholder ('TBD')"
WARN_LINE = f"warn.md:40:4: warning {WARN_MESSAGE} [PM002 empty-section]"
# GOOD without "What Went Well": exactly one PM001 error, at the title.
MISSING = GOOD.replace("## What Went Well\n\n- The queue-depth alert fired within a minute.\n\n", "")
# Two findings on two lines when only PM0xx rules run: one PM001 naming the four missing sections,
# and PM002 for the placeholder summary (no PM003 then: the empty summary is one problem).
SMALL = "# Outage\n\n## Summary\n\nTBD\n"

ANSI = "\x1b["


# -- text output --------------------------------------------------------------------------------


def test_clean_file_prints_nothing_and_exits_0(run, write):
    write("good.md", GOOD)
    result = run("good.md")
    assert result.exit_code == 0
    assert result.output == ""


def test_clean_file_json_is_an_empty_array(run, write):
    write("good.md", GOOD)
    result = run("--format", "json", "good.md")
    assert result.exit_code == 0
    assert result.stdout == "[]\n"


def test_text_line_format_and_summary(run, write):
    write("warn.md", WARN)
    result = run("warn.md")
    assert result.exit_code == 1
    assert result.stdout == WARN_LINE + "\nFound 1 problem (1 warning) in 1 of 1 file.\n"
    assert result.stderr == ""


def test_text_pm001_line_names_section_and_points_at_title(run, write):
    write("missing.md", MISSING)
    result = run("-q", "missing.md")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("missing.md:1:3: error missing required section 'What Went Well'")
    assert lines[0].endswith(" [PM001 missing-section]")
    assert lines[1].startswith("    suggestion: add '## What Went Well' (or ")


def test_summary_counts_severities_and_files(run, write):
    write("good.md", GOOD)
    write("warn.md", WARN)
    write("missing.md", MISSING)
    result = run("good.md", "missing.md", "warn.md")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "Found 2 problems (1 error, 1 warning) in 2 of 3 files."


def test_quiet_drops_the_summary(run, write):
    write("warn.md", WARN)
    result = run("--quiet", "warn.md")
    assert result.exit_code == 1
    assert result.stdout == WARN_LINE + "\n"
    assert run("-q", "warn.md").stdout == WARN_LINE + "\n"


def test_no_paths_lints_the_current_directory(run, write):
    write("good.md", GOOD)
    write("warn.md", WARN)
    result = run("-q")
    assert result.exit_code == 1
    assert result.stdout == WARN_LINE + "\n"


# -- exit codes and --fail-on -------------------------------------------------------------------


@pytest.mark.parametrize(("document", "options", "code"), [
    (WARN, [], 1),
    (WARN, ["--fail-on", "warning"], 1),
    (WARN, ["--fail-on", "info"], 1),
    (WARN, ["--fail-on", "error"], 0),
    (WARN, ["--fail-on", "never"], 0),
    (MISSING, [], 1),
    (MISSING, ["--fail-on", "error"], 1),
    (MISSING, ["--fail-on", "never"], 0),
])
def test_fail_on_option(run, write, document, options, code):
    write("doc.md", document)
    result = run(*options, "doc.md")
    assert result.exit_code == code
    assert result.stdout != ""  # findings below the threshold are still shown


def test_info_findings_fail_only_with_fail_on_info(run, write):
    write(".pmlint.yaml", "rules:\n  PM002: info\n")
    write("warn.md", WARN)
    assert run("warn.md").exit_code == 0
    assert run("--fail-on", "info", "warn.md").exit_code == 1


@pytest.mark.parametrize(("config", "options", "code"), [
    ("fail-on: error\n", [], 0),
    ("fail-on: warning\n", [], 1),
    ("fail-on: never\n", [], 0),
    ("fail-on: error\n", ["--fail-on", "warning"], 1),  # the command line wins
    ("fail-on: info\n", ["--fail-on", "never"], 0),
])
def test_fail_on_from_config(run, write, config, options, code):
    write(".pmlint.yaml", config)
    write("warn.md", WARN)
    assert run(*options, "warn.md").exit_code == code


@pytest.mark.parametrize("options", [
    ["--format", "xml"],
    ["--fail-on", "sometimes"],
    ["--no-such-option"],
])
def test_usage_errors_exit_2(run, write, options):
    write("good.md", GOOD)
    result = run(*options, "good.md")
    assert result.exit_code == 2
    assert "Usage:" in result.stderr


def test_missing_path_exits_2_naming_it_and_other_files_are_still_linted(run, write):
    write("warn.md", WARN)
    result = run("-q", "nope.md", "warn.md")
    assert result.exit_code == 2
    assert result.stdout == WARN_LINE + "\n"
    assert result.stderr == "pmlint: error: nope.md: no such file or directory\n"


def test_error_beats_fail_on_never(run, write):
    write("good.md", GOOD)
    assert run("--fail-on", "never", "good.md", "nope.md").exit_code == 2


# -- JSON output --------------------------------------------------------------------------------


def test_json_finding_has_exactly_the_documented_fields(run, write):
    write("warn.md", WARN)
    result = run("--format", "json", "warn.md")
    assert result.exit_code == 1
    items = findings(result)
    assert len(items) == 1
    assert re.fullmatch(r"[0-9a-f]{16}", items[0].pop("fingerprint"))
    assert items == [{
        "path": "warn.md", "line": 40, "column": 4, "end_line": 40, "end_column": 19,
        "rule": "empty-section", "code": "PM002", "severity": "warning",
        "message": WARN_MESSAGE, "suggestion": None, "fix": None,
    }]


def test_json_field_types(run, write):
    write("small.md", SMALL)
    write("missing.md", MISSING)
    items = findings(run("--format", "json", "small.md", "missing.md"))
    assert {item["code"] for item in items} >= {"PM001", "PM002"}
    keys = ["path", "line", "column", "end_line", "end_column", "rule", "code", "severity", "message", "suggestion", "fix",
            "fingerprint"]
    for item in items:
        assert list(item) == keys
        assert isinstance(item["path"], str)
        for key in ("line", "column", "end_line", "end_column"):
            assert type(item[key]) is int and item[key] >= 1
        assert (item["end_line"], item["end_column"]) >= (item["line"], item["column"])
        assert re.fullmatch(r"PM\d{3}", item["code"])
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", item["rule"])
        assert item["severity"] in ("error", "warning", "info")
        assert isinstance(item["message"], str) and item["message"]
        assert item["suggestion"] is None or isinstance(item["suggestion"], str)


def test_json_is_sorted_by_path_line_column_across_files(run, write):
    write("b.md", SMALL)
    write("a.md", SMALL)
    result = run("--format", "json", "--select", "PM001,PM002", "b.md", "a.md")
    assert located(result) == [("a.md", 1, 3, "PM001"), ("a.md", 3, 4, "PM002"),
                               ("b.md", 1, 3, "PM001"), ("b.md", 3, 4, "PM002")]


def test_json_is_stable_across_runs_and_argument_order(run, write):
    write("b.md", SMALL)
    write("a.md", MISSING)
    write("c.md", WARN)
    first = run("--format", "json", "a.md", "b.md", "c.md").stdout
    assert run("--format", "json", "a.md", "b.md", "c.md").stdout == first
    assert run("--format", "json", "c.md", "b.md", "a.md").stdout == first
    assert run("--format", "json", ".").stdout == first
    keys = [(item["path"], item["line"], item["column"]) for item in json.loads(first)]
    assert keys == sorted(keys)


def test_json_is_not_mixed_with_errors(run, write):
    write("warn.md", WARN)
    result = run("--format", "json", "warn.md", "nope.md")
    assert result.exit_code == 2
    assert [item["code"] for item in json.loads(result.stdout)] == ["PM002"]
    assert "nope.md" in result.stderr


# -- stdin --------------------------------------------------------------------------------------


def test_stdin_without_filename_is_shown_as_stdin(run):
    result = run("-q", "-", input=WARN)
    assert result.exit_code == 1
    assert result.stdout == WARN_LINE.replace("warn.md", "<stdin>") + "\n"


def test_stdin_filename_is_the_path_shown(run):
    result = run("-q", "-", "--stdin-filename", "docs/2026-02-02-payments.md", input=WARN)
    assert result.exit_code == 1
    assert result.stdout == WARN_LINE.replace("warn.md", "docs/2026-02-02-payments.md") + "\n"


def test_stdin_filename_starts_config_discovery_in_its_directory(run, write):
    write("docs/.pmlint.yaml", "rules:\n  empty-section: off\n")
    # The file need not exist, nor its directory below the one holding the config.
    for name in ("docs/pm.md", "docs/new/pm.md"):
        result = run("-", "--stdin-filename", name, input=WARN)
        assert (result.exit_code, result.output) == (0, "")
    # Without a name discovery starts in the current directory, which has no config.
    assert run("-q", "-", input=WARN).exit_code == 1


def test_stdin_clean_and_empty(run):
    assert (run("-", input=GOOD).exit_code, run("-", input=GOOD).output) == (0, "")
    result = run("--format", "json", "--select", "PM001", "-", input="")
    assert located(result) == [("<stdin>", 1, 1, "PM001")]  # one finding naming every missing section


def test_stdin_given_twice_is_linted_once(run):
    result = run("-", "-", input=WARN)
    assert result.exit_code == 1
    assert result.stdout == (WARN_LINE.replace("warn.md", "<stdin>")
                             + "\nFound 1 problem (1 warning) in 1 of 1 file.\n")


def test_stdin_and_files_together(run, write):
    write("warn.md", WARN)
    result = run("--format", "json", "warn.md", "-", "--stdin-filename", "other.md", input=MISSING)
    assert [(path, code) for path, _, _, code in located(result)] == [("other.md", "PM001"), ("warn.md", "PM002")]


# -- directories --------------------------------------------------------------------------------


def test_directory_recursion_finds_md_and_markdown_only(run, write):
    write("docs/a.md", WARN)
    write("docs/sub/deeper/b.markdown", WARN)
    write("docs/notes.txt", WARN)
    write("docs/README.rst", WARN)
    write("docs/.git/c.md", WARN)
    write("docs/node_modules/pkg/d.md", WARN)
    result = run("--format", "json", "docs")
    assert result.exit_code == 1
    assert [path for path, _, _, _ in located(result)] == ["docs/a.md", "docs/sub/deeper/b.markdown"]


def test_directory_summary_counts_every_linted_file(run, write):
    write("docs/a.md", WARN)
    write("docs/b.md", GOOD)
    write("docs/c.md", GOOD)
    assert run("docs").stdout.splitlines()[-1] == "Found 1 problem (1 warning) in 1 of 3 files."


def test_file_named_twice_is_linted_once(run, write):
    write("docs/warn.md", WARN)
    result = run("--format", "json", "docs", "docs/warn.md", "./docs/warn.md")
    assert len(findings(result)) == 1


def test_exclude_globs_in_config(run, write):
    write(".pmlint.yaml", "exclude: ['drafts/**', '*.draft.md', 'archive']\n")
    write("docs/a.md", WARN)
    write("docs/b.draft.md", WARN)
    write("drafts/c.md", WARN)
    write("docs/archive/2019/old.md", WARN)
    write("archive/old.md", WARN)
    # Setting 'exclude' must not bring back what is never linted.
    write(".venv/lib/e.md", WARN)
    write("docs/.git/f.md", WARN)
    result = run("--format", "json", ".")
    assert [path for path, _, _, _ in located(result)] == ["docs/a.md"]


def test_include_globs_in_config(run, write):
    write(".pmlint.yaml", "include: ['postmortems/*.md']\n")
    write("postmortems/a.md", WARN)
    write("postmortems/deeper/b.md", WARN)
    write("notes/c.md", WARN)
    result = run("--format", "json", ".")
    assert [path for path, _, _, _ in located(result)] == ["postmortems/a.md"]


def test_directory_without_markdown_exits_2_naming_it(run, write):
    write("empty/notes.txt", "not markdown")
    write("warn.md", WARN)
    result = run("-q", "empty", "warn.md")
    assert result.exit_code == 2
    assert result.stdout == WARN_LINE + "\n"
    assert result.stderr.startswith("pmlint: error: empty: no Markdown files found")


def test_excluded_file_named_explicitly_is_still_linted(run, write):
    write(".pmlint.yaml", "exclude: ['drafts/**']\n")
    write("drafts/warn.md", WARN)
    assert run("drafts/warn.md").exit_code == 1


# -- colour -------------------------------------------------------------------------------------


def test_no_ansi_escapes_with_no_color_or_NO_COLOR(run, write):
    write("warn.md", WARN)
    assert ANSI not in run("--no-color", "warn.md").output
    assert ANSI not in run("warn.md", env={"NO_COLOR": "1"}).output
    assert ANSI not in run("warn.md").output  # not a terminal


def _run_in_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    """Run ``python -m pmlint`` with a pseudo-terminal as stdout; return what it printed."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    try:
        subprocess.run([sys.executable, "-m", "pmlint", *args], cwd=cwd, env=env, stdout=slave,
                       stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=120, check=False)
    finally:
        os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO once the terminal is drained
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return b"".join(chunks).decode("utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_colour_on_a_terminal_unless_disabled(project, write):
    write("warn.md", WARN)
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    assert ANSI in _run_in_terminal(["check", "warn.md"], project, env)
    assert ANSI not in _run_in_terminal(["check", "--no-color", "warn.md"], project, env)
    assert ANSI not in _run_in_terminal(["check", "warn.md"], project, {**env, "NO_COLOR": "1"})
    # The NO_COLOR convention: an empty value does not disable colour.
    assert ANSI in _run_in_terminal(["check", "warn.md"], project, {**env, "NO_COLOR": ""})


# -- real processes -----------------------------------------------------------------------------


def _pmlint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pmlint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)


def test_subprocess_clean_run_is_silent(project, write):
    write("good.md", GOOD)
    completed = _pmlint("check", "good.md", cwd=project)
    assert (completed.returncode, completed.stdout, completed.stderr) == (0, "", "")


def test_subprocess_bad_inputs_never_show_a_traceback(project, write):
    write("warn.md", WARN)
    write("binary.md", b"# Title\x00\x01\x02\n")
    write("latin1.md", "# Caf\u00e9\n".encode("latin-1"))
    write("utf16.md", "# Title\n".encode("utf-16"))
    write("bad-front-matter.md", "---\ntitle: [unclosed\n---\n" + GOOD)
    write("config/.pmlint.yaml", "rules:\n  PM002:\n    colour: red\n")
    write("config/doc.md", GOOD)
    completed = _pmlint("check", "-q", "warn.md", "binary.md", "latin1.md", "utf16.md", "nope.md",
                        "bad-front-matter.md", "config", cwd=project)
    assert completed.returncode == 2
    assert "Traceback" not in completed.stdout + completed.stderr
    assert WARN_LINE in completed.stdout
    assert "bad-front-matter.md:2:1: error front matter is not valid" in completed.stdout
    for name in ("binary.md", "latin1.md:1", "utf16.md", "nope.md", "config/.pmlint.yaml:3"):
        assert f"pmlint: error: {name}" in completed.stderr.replace(str(project) + os.sep, "")


def test_text_format_shows_a_suggestion_on_its_own_line():
    from pmlint.model import Finding, Severity, Span
    from pmlint.output import text_format
    from pmlint.output.options import FormatOptions

    finding = Finding(path="pm.md", span=Span(12, 1, 12, 11), rule="blame", code="PM401", severity=Severity.ERROR,
                      message="a person is the subject of blame", suggestion="The deploy script did not check ...")
    assert text_format.render([finding], FormatOptions(files=1)) == (
        "pm.md:12:1: error a person is the subject of blame [PM401 blame]\n"
        "    suggestion: The deploy script did not check ...\n"
        "Found 1 problem (1 error) in 1 of 1 file.\n")
    assert text_format.render([], FormatOptions(files=3)) == ""
