"""Hostile and broken configuration and baseline files (issue 15, B4 and the config tracebacks).

Each case runs the real CLI and expects one located message on stderr and exit 2: never a
traceback, never a hang, never memory or time growing with what a few bytes of YAML expand to, and
never the content of a file 'extends' names echoed into a CI log. The inputs are in
tests/nasty/config/; the big ones are generated here.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOOD, findings, located

import pmlint as pmlint_package

NASTY = Path(__file__).resolve().parent / "nasty" / "config"
WARN = GOOD.replace("Temporary settings need an expiry date.\n", "TBD\n")
# Catches a hang only; no test here measures time.
HANG_LIMIT = 60


def nasty(name: str) -> bytes:
    return (NASTY / name).read_bytes()


def error_line(result, project: Path) -> str:
    """The single error message on stderr, with the project directory removed from paths."""
    lines = result.stderr.replace(f"{project}/", "").splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def pmlint(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in its own process, so that a hang is caught by the limit instead of stopping the suite."""
    # The pmlint this suite imported, wherever it comes from (a checkout, a worktree, an install).
    package_root = str(Path(pmlint_package.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    env.pop("NO_COLOR", None)
    result = subprocess.run([sys.executable, "-m", "pmlint", "check", *args], cwd=project, env=env,
                            capture_output=True, text=True, timeout=HANG_LIMIT, check=False)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def config_error(run, write, project, config: bytes | str, name: str = ".pmlint.yaml") -> str:
    write(name, config)
    write("good.md", GOOD)
    result = run("good.md")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    return error_line(result, project)


# -- YAML that would exhaust pmlint ---------------------------------------------------------------


def test_billion_laughs_is_refused_before_anything_walks_it(project, write):
    write(".pmlint.yaml", nasty("billion-laughs.yaml"))
    write("good.md", GOOD)
    result = pmlint(project, "good.md")
    assert result.returncode == 2
    assert error_line(result, project) == ("pmlint: error: .pmlint.yaml:7: aliases expand this configuration "
                                           "to more than 100,000 values")


def test_small_aliases_still_work(run, write):
    # Anchors and aliases are YAML a team may use to share a list: a few of them are fine.
    write(".pmlint.yaml", "sections:\n  timeline:\n    aliases: &names [Chronik, Ablauf]\n"
                          "  lessons-learned:\n    extend-aliases: [Erkenntnisse]\n"
                          "rules:\n  PM002: &quiet {severity: info}\n  PM003: *quiet\n")
    write("warn.md", WARN.replace("## Timeline (UTC)", "## Chronik (UTC)"))
    result = run("--format", "json", "warn.md")
    assert [(item["code"], item["severity"]) for item in findings(result)] == [("PM002", "info")]


def test_self_referencing_alias(run, write, project):
    assert config_error(run, write, project, nasty("self-alias.yaml")) == (
        "pmlint: error: .pmlint.yaml:1: an alias refers to a value that contains it (a cycle)")


def test_self_referencing_alias_in_a_sequence(run, write, project):
    assert config_error(run, write, project, "exclude: &x [a, *x]\n") == (
        "pmlint: error: .pmlint.yaml:1: an alias refers to a value that contains it (a cycle)")


@pytest.mark.parametrize(("nesting", "line"), [
    pytest.param("[" * 5000 + "]" * 5000, 2, id="flow"),
    pytest.param("{a: " * 5000 + "1" + "}" * 5000, 2, id="flow-mapping"),
    pytest.param("\n  " + "- " * 5000 + "x", 3, id="block"),
])
def test_5000_levels_of_nesting(run, write, project, nesting, line):
    assert config_error(run, write, project, f"fail-on: error\nrules: {nesting}\n") == (
        f"pmlint: error: .pmlint.yaml:{line}: invalid YAML: nested deeper than 64 levels")


def test_aliases_cannot_nest_deeper_than_the_limit(run, write, project):
    # Each level is 10 deep in the file, but the aliases make it 70 deep when expanded.
    lines = ["l0: &l0 x"]
    for index in range(1, 8):
        lines.append(f"l{index}: &l{index} " + "[" * 10 + f"*l{index - 1}" + "]" * 10)
    message = config_error(run, write, project, "\n".join(lines) + "\n")
    assert message.endswith("aliases nest this configuration deeper than 64 levels")


# -- values Python cannot take --------------------------------------------------------------------


def test_max_file_size_1e20(run, write, project):
    assert config_error(run, write, project, nasty("max-file-size-1e20.yaml")) == (
        "pmlint: error: .pmlint.yaml:2: 'max-file-size': must be at most 1073741824 bytes (1 GiB)")


def test_max_file_size_in_range_still_works(run, write):
    write(".pmlint.yaml", "max-file-size: 1.0e+3\n")
    write("warn.md", WARN)
    result = run("warn.md")
    assert result.exit_code == 2
    assert "file is too large to lint" in result.stderr


def test_invalid_date_value(run, write, project):
    assert config_error(run, write, project, nasty("invalid-date.yaml")) == (
        "pmlint: error: .pmlint.yaml:3: invalid YAML: not a valid date or time")


def test_5000_digit_integer(run, write, project):
    assert config_error(run, write, project, "fail-on: error\nmax-file-size: " + "9" * 5000 + "\n") == (
        "pmlint: error: .pmlint.yaml:2: invalid YAML: not a usable integer (too many digits)")


def test_duplicate_keys_are_an_error(run, write, project):
    assert config_error(run, write, project, nasty("duplicate-keys.yaml")) == (
        "pmlint: error: .pmlint.yaml:5: 'rules.PM002': duplicate key (first written on line 3)")


def test_duplicate_top_level_key(run, write, project):
    assert config_error(run, write, project, "fail-on: never\ninclude: ['*.md']\nfail-on: error\n") == (
        "pmlint: error: .pmlint.yaml:3: 'fail-on': duplicate key (first written on line 1)")


def test_merge_key_is_not_a_duplicate(run, write):
    write(".pmlint.yaml", "rules:\n  PM002: &base {severity: info}\n  PM003:\n    <<: *base\n    severity: error\n")
    write("warn.md", WARN)
    result = run("--format", "json", "warn.md")
    assert [(item["code"], item["severity"]) for item in findings(result)] == [("PM002", "info")]


# -- pyproject.toml -----------------------------------------------------------------------------


def test_extends_a_pyproject_whose_tool_is_not_a_table(run, write, project):
    write("shared/pyproject.toml", nasty("pyproject-tool-int.toml"))
    message = config_error(run, write, project, "extends: shared/pyproject.toml\n")
    assert message == ("pmlint: error: shared/pyproject.toml:1: 'tool': must be a table "
                       "(pmlint reads [tool.pmlint] from it)")


def test_broken_pyproject_with_the_table_is_an_error_not_skipped(run, write, project):
    write("pyproject.toml", nasty("pyproject-broken-table.toml"))
    write("docs/warn.md", WARN)
    result = run("docs/warn.md")
    assert result.exit_code == 2
    assert result.stdout == ""
    line = error_line(result, project)
    assert line.startswith("pmlint: error: pyproject.toml:6: invalid TOML: "), line


def test_broken_pyproject_without_the_table_is_not_a_config(run, write):
    # Another tool's broken pyproject.toml above a docs tree is none of pmlint's business.
    write("pyproject.toml", '[project]\nname = "docs\n')
    write("docs/.pmlint.yaml", "rules:\n  PM002: off\n")
    write("docs/warn.md", WARN)
    write("notes/warn.md", WARN)
    result = run("--format", "json", "docs/warn.md", "notes/warn.md")
    assert located(result) == [("notes/warn.md", 40, 4, "PM002")]


def test_unrelated_pyproject_with_a_5000_digit_integer_does_not_break_discovery(run, write):
    write("pyproject.toml", "[project]\nname = \"docs\"\n\n[tool.other]\nbig = " + "9" * 5000 + "\n")
    write("docs/warn.md", WARN)
    result = run("--format", "json", "docs/warn.md")
    assert result.exit_code == 1
    assert located(result) == [("docs/warn.md", 40, 4, "PM002")]


def test_pmlint_pyproject_with_a_5000_digit_integer_names_its_line(run, write, project):
    write("pyproject.toml", "[tool.pmlint]\nfail-on = \"error\"\n\n[tool.other]\nbig = " + "9" * 5000 + "\n")
    write("docs/warn.md", WARN)
    result = run("docs/warn.md")
    assert result.exit_code == 2
    assert error_line(result, project) == "pmlint: error: pyproject.toml:5: invalid TOML: a number with too many digits"


def test_deeply_nested_toml(run, write, project):
    write("pyproject.toml", "[tool.pmlint]\ninclude = " + "[" * 5000 + "]" * 5000 + "\n")
    write("good.md", GOOD)
    result = run("good.md")
    assert result.exit_code == 2
    assert error_line(result, project).startswith("pmlint: error: pyproject.toml")


# -- extends: never echo what the named file holds ----------------------------------------------


@pytest.mark.parametrize("target", ["shadow", "shadow.yaml"])
def test_extends_a_secret_file_prints_path_and_position_only(run, write, project, target):
    write(f"secrets/{target}", nasty("shadow"))
    message = config_error(run, write, project, f"extends: secrets/{target}\n")
    assert message.startswith(f"pmlint: error: secrets/{target}:1: "), message
    assert "root" not in message and "$6$" not in message and "19000" not in message


def test_extends_an_unparseable_file_prints_path_and_position_only(run, write, project):
    write("secrets/token", "api_token: 'hunter2-very-secret\n  [oops: {\n")
    message = config_error(run, write, project, "extends: secrets/token\n")
    assert message.startswith("pmlint: error: secrets/token:"), message
    assert "hunter2" not in message and "oops" not in message


def test_extended_config_still_names_ordinary_unknown_keys(run, write, project):
    write("shared.yaml", "fail-on: error\nbogus: 1\n")
    message = config_error(run, write, project, "extends: shared.yaml\n")
    assert message.startswith("pmlint: error: shared.yaml:2: 'bogus': unknown key (expected one of: ")



# -- regular expressions from the configuration -------------------------------------------------


def test_invalid_placeholder_pattern_is_a_config_error(run, write, project):
    # It used to be an "internal error in rule PM002" for every file, naming the file instead of the config.
    assert config_error(run, write, project, nasty("placeholder-invalid-regex.yaml")) == (
        "pmlint: error: .pmlint.yaml:3: 'rules.PM002.placeholder-patterns.0': invalid regular expression: "
        "missing ) at position 9")


def test_invalid_placeholder_pattern_in_an_override(run, write, project):
    message = config_error(run, write, project, "overrides:\n  - files: ['legacy/**']\n    rules:\n"
                                                "      summary-field:\n        placeholder-patterns:\n"
                                                "          - ok\n          - '[a-'\n")
    assert message.startswith("pmlint: error: .pmlint.yaml:7: 'overrides.0.rules.summary-field.placeholder-patterns.1': "
                              "invalid regular expression: ")


def test_invalid_evidence_pattern_is_a_config_error(run, write, project):
    message = config_error(run, write, project, "summary:\n  fields:\n    impact:\n      evidence: ['(?<']\n")
    assert message.startswith("pmlint: error: .pmlint.yaml:4: 'summary.fields.impact.evidence.0': "
                              "invalid regular expression: ")


# A section whose only text is a long run of 'a': a placeholder pattern is tried on it in full.
LONG_LESSON = GOOD.replace("Temporary settings need an expiry date.\n", "a" * 5000 + "\n")
# A summary without a Duration field, whose prose a duration 'evidence' pattern is searched in.
LONG_SUMMARY = GOOD.replace("- **Duration:** 40 minutes, from 09:10 to 09:50 UTC on 2 February 2026.\n", "").replace(
    "## Executive Summary\n\n", "## Executive Summary\n\n" + "a" * 5000 + "\n\n")


def test_nested_quantifier_placeholder_pattern_does_not_hang(project, write):
    # (a+)+b backtracks forever in Python's re on 5,000 a's; pmlint must come back with a result.
    write(".pmlint.yaml", "rules:\n  PM002:\n    placeholder-patterns: ['(a+)+b', '^TBD$']\n")
    write("long.md", LONG_LESSON)
    write("warn.md", WARN)
    result = pmlint(project, "--format", "json", "long.md", "warn.md")
    assert result.returncode == 1, result.stderr
    assert [(item["path"], item["code"]) for item in json.loads(result.stdout)] == [("warn.md", "PM002")]


def test_catastrophic_placeholder_pattern_is_stopped_and_reported_once(project, write):
    write(".pmlint.yaml", nasty("placeholder-catastrophic.yaml"))
    write("a.md", LONG_LESSON)
    write("b.md", LONG_LESSON)
    result = pmlint(project, "--jobs", "1", "a.md", "b.md")
    assert result.returncode == 2
    assert error_line(result, project) == (
        "pmlint: error: .pmlint.yaml:3: 'rules.PM002.placeholder-patterns.0': regular expression stopped after "
        "1 s on a text of 5,000 characters; simplify it (nested repetition such as '(a|aa)+' backtracks without end)")


def test_catastrophic_evidence_pattern_is_stopped(project, write):
    write(".pmlint.yaml", "summary:\n  fields:\n    duration:\n      evidence: ['(a|aa)+b']\n")
    write("summary.md", LONG_SUMMARY)
    result = pmlint(project, "summary.md")
    assert result.returncode == 2
    assert error_line(result, project).startswith(
        "pmlint: error: .pmlint.yaml:4: 'summary.fields.duration.evidence.0': regular expression stopped after ")


def test_configured_patterns_still_match(run, write):
    write(".pmlint.yaml", "rules:\n  PM002:\n    placeholder-patterns: ['^Pending.*$']\n"
                          "summary:\n  fields:\n    duration:\n      evidence: ['\\blasted\\b']\n")
    write("pending.md", GOOD.replace("Temporary settings need an expiry date.\n", "Pending review\n"))
    write("prose.md", GOOD.replace("- **Duration:** 40 minutes, from 09:10 to 09:50 UTC on 2 February 2026.\n", "")
          .replace("## Executive Summary\n\n", "## Executive Summary\n\nThe outage lasted a while.\n\n"))
    result = run("--format", "json", "pending.md", "prose.md")
    assert located(result) == [("pending.md", 40, 4, "PM002")]


# -- baselines ----------------------------------------------------------------------------------

ENTRY = '{"path": "warn.md", "code": "PM002", "message": "m", "fingerprint": "f", "count": %s}'


def baseline_error(run, write, project, content: str | bytes) -> str:
    write("base.json", content)
    write("warn.md", WARN)
    result = run("--baseline", "base.json", "warn.md")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    return error_line(result, project)


def test_baseline_nested_deeply(run, write, project):
    content = '{"pmlint-baseline": 1, "findings": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert baseline_error(run, write, project, content) == (
        "pmlint: error: base.json: '--baseline': not a pmlint baseline (JSON nested too deeply)")


def test_baseline_count_1e400(run, write, project):
    assert baseline_error(run, write, project, nasty("baseline-count-1e400.json")) == (
        "pmlint: error: base.json: '--baseline': entry 1: 'count' must be a number of findings up to 1,000,000,000")


def test_baseline_5000_digit_count(run, write, project):
    content = '{"pmlint-baseline": 1, "findings": [' + ENTRY % ("9" * 5000) + "]}"
    assert baseline_error(run, write, project, content) == (
        "pmlint: error: base.json: '--baseline': not a pmlint baseline (a number of 5,000 digits)")


@pytest.mark.parametrize("count", ['"' + "9" * 5000 + '"', "NaN", "-Infinity", "[1]", "1e10"])
def test_baseline_counts_that_are_not_counts(run, write, project, count):
    message = baseline_error(run, write, project, '{"pmlint-baseline": 1, "findings": [' + ENTRY % count + "]}")
    assert message.startswith("pmlint: error: base.json: '--baseline': "), message


def test_baseline_ordinary_counts_still_work(run, write):
    write("warn.md", WARN)
    assert run("--write-baseline", "base.json", "warn.md").exit_code == 0
    recorded = json.loads((Path("base.json")).read_text(encoding="utf-8"))
    assert [item["count"] for item in recorded["findings"]] == [1]
    assert run("--baseline", "base.json", "warn.md").exit_code == 0
    recorded["findings"][0]["count"] = 2.0  # a float that is a whole number, as before
    write("base.json", json.dumps(recorded))
    assert run("--baseline", "base.json", "warn.md").exit_code == 0


def test_duplicate_key_in_an_extended_file_is_not_echoed(run, write, project):
    write("secrets/creds", "aws_secret_access_key_AKIAxyz: 1\naws_secret_access_key_AKIAxyz: 2\n")
    message = config_error(run, write, project, "extends: secrets/creds\n")
    assert message == "pmlint: error: secrets/creds:2: duplicate key (first written on line 1)"
