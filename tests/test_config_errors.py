"""Configuration errors (issue 18): every problem of a file and of the files it extends, each located,
in file order; a "did you mean" for a mistyped key, rule, option, preset, wordlist or section; no
regular expression (and no Python repr) in any message.

Every expected line below is written out by hand from the configuration above it.
"""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from conftest import GOOD

from pmlint.cli import cli
from pmlint.config.schema import build_schema
from pmlint.errors import MAX_PROBLEMS, ConfigError

E = "pmlint: error: "


def error_lines(run, write, project, config: str, name: str = ".pmlint.yaml", *args: str) -> list[str]:
    """Every error line of a check run under ``config`` (exit 2, nothing on stdout), paths relative."""
    write(name, config)
    write("good.md", GOOD)
    result = run(*args, "good.md")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    return result.stderr.replace(f"{project}/", "").splitlines()


# -- every problem, in file order -------------------------------------------------------------------

MANY = """\
rules:
  PM002: loud
  empty-sektion: false
fail-on: sometimes
sections:
  impact:
    titel: Impact
    required: maybe
include: 3
colour: true
"""


def test_every_problem_of_a_file_is_reported_in_file_order(run, write, project):
    # Validation checks 'include' and 'fail-on' before 'rules' and 'sections'; the lines come in the
    # order they are written in the file.
    assert error_lines(run, write, project, MANY) == [
        E + ".pmlint.yaml:2: 'rules.PM002': must be one of: error, warning, info (got 'loud')",
        E + ".pmlint.yaml:3: 'rules.empty-sektion': unknown rule, did you mean 'empty-section'? "
            "(see 'pmlint rules' for codes and names)",
        E + ".pmlint.yaml:4: 'fail-on': must be one of: error, warning, info, never (got 'sometimes')",
        E + ".pmlint.yaml:7: 'sections.impact.titel': unknown key, did you mean 'title'? "
            "(expected one of: aliases, evidence, extend-aliases, part-of, required, title)",
        E + ".pmlint.yaml:8: 'sections.impact.required': must be true or false",
        E + ".pmlint.yaml:9: 'include': must be a list of strings",
        E + ".pmlint.yaml:10: 'colour': unknown key (expected one of: exclude, extends, fail-on, force-exclude, "
            "include, language-model, max-file-size, overrides, rules, sections, summary, template, "
            "unsafe-fixes, wordlists)",
    ]


def test_several_problems_in_one_rule_entry_and_one_override(run, write, project):
    config = ("overrides:\n"
              "  - rulez: {}\n"                     # 2: unknown key; and no 'files' (the item's line)
              "    rules:\n"
              "      PM103:\n"
              "        tolerance-minutes: many\n"   # 5
              "        allow-rounding: 3\n"         # 6
              "      PM999: off\n")                 # 7
    assert error_lines(run, write, project, config) == [
        E + ".pmlint.yaml:2: 'overrides.0': needs 'files', a list of glob patterns",
        E + ".pmlint.yaml:2: 'overrides.0.rulez': unknown key, did you mean 'rules'? (expected one of: files, rules)",
        E + ".pmlint.yaml:5: 'overrides.0.rules.PM103.tolerance-minutes': must be a number, not a string",
        E + ".pmlint.yaml:6: 'overrides.0.rules.PM103.allow-rounding': must be true or false, not a number",
        E + ".pmlint.yaml:7: 'overrides.0.rules.PM999': unknown rule (see 'pmlint rules' for codes and names)",
    ]


def test_problems_of_the_extended_files_follow_the_files_own(run, write, project):
    write("base/team.yaml", "fail-on: loud\nextends: org.yaml\nwordlists:\n  jargn: {add: [x]}\n")
    write("base/org.yaml", "max-file-size: -1\n")
    config = "extends: base/team.yaml\nrules:\n  PM0002: off\n"
    assert error_lines(run, write, project, config) == [
        E + ".pmlint.yaml:3: 'rules.PM0002': unknown rule, did you mean 'PM002' (empty-section)? "
            "(see 'pmlint rules' for codes and names)",
        E + "base/team.yaml:1: 'fail-on': must be one of: error, warning, info, never (got 'loud')",
        E + "base/team.yaml:4: 'wordlists.jargn': unknown wordlist, did you mean 'jargon'? (known: "
            "acronym-expansions, acronyms-common, action-status, blame-actions, blame-omissions, blame-roles, "
            "causal-connectives, charged-exceptions, charged-replacements, charged-words, concrete-deliverables, "
            "given-names, instruction-verbs, jargon, placeholders, process-gaps, root-cause-filler, status-words, "
            "team-owners, tickers, timeline-follow-up, timeline-impact-start, timeline-resolution, unassigned, "
            "vague-actions, vague-dates, vendors)",
        E + "base/org.yaml:1: 'max-file-size': must be a positive number of bytes",
    ]


def test_an_extends_that_names_nothing_ends_the_chain_after_the_files_problems(run, write, project):
    config = "unsafe-fixes: sometimes\nextends: google_sre\n"
    assert error_lines(run, write, project, config) == [
        E + ".pmlint.yaml:1: 'unsafe-fixes': must be true or false",
        E + ".pmlint.yaml:2: 'extends': 'google_sre' is neither a preset (atlassian, default, google-sre, "
            "pagerduty) nor a file, did you mean 'google-sre'?",
    ]


def test_a_key_written_twice_is_one_of_the_problems(run, write, project):
    config = "fail-on: error\nfoo: 1\nfail-on: info\n"
    assert error_lines(run, write, project, config) == [
        E + ".pmlint.yaml:2: 'foo': unknown key (expected one of: exclude, extends, fail-on, force-exclude, "
            "include, language-model, max-file-size, overrides, rules, sections, summary, template, "
            "unsafe-fixes, wordlists)",
        E + ".pmlint.yaml:3: 'fail-on': duplicate key (first written on line 1)",
    ]


def test_pyproject_problems_come_in_the_order_they_are_written(run, write, project):
    # TOML gives no lines: the keys' order stands for the file's ('extends' is checked first otherwise).
    config = '[tool.pmlint]\nfail-on = "loud"\nextends = 3\n\n[tool.pmlint.rules]\nblam = "info"\n'
    assert error_lines(run, write, project, config, "pyproject.toml") == [
        E + "pyproject.toml: 'fail-on': must be one of: error, warning, info, never (got 'loud')",
        E + "pyproject.toml: 'extends': must be a preset name or a path",
        E + "pyproject.toml: 'rules.blam': unknown rule, did you mean 'blame'? (see 'pmlint rules' for codes and names)",
    ]


def test_a_yaml_syntax_error_stops_at_that_error(run, write, project):
    config = "foo: 1\nrules:\n  PM002: [off\nfail-on: loud\n"
    (line,) = error_lines(run, write, project, config)
    assert line.startswith(E + ".pmlint.yaml:4: invalid YAML: ")


def test_one_problem_is_one_line_as_before(run, write, project):
    assert error_lines(run, write, project, "fail-on: loud\n") == [
        E + ".pmlint.yaml:1: 'fail-on': must be one of: error, warning, info, never (got 'loud')"]


def test_each_problem_is_one_escaped_line(run, write, project):
    # A key with a line break and a terminal escape: still two lines, the key's characters made visible.
    config = '"a\\nb\\u001b[31m": 1\nfoo: 2\n'
    lines = error_lines(run, write, project, config)
    assert len(lines) == 2
    assert lines[0].startswith(E + ".pmlint.yaml:1: 'a\\nb\\x1b[31m': unknown key (expected one of: ")
    assert lines[1].startswith(E + ".pmlint.yaml:2: 'foo': unknown key (expected one of: ")


def test_a_file_of_thousands_of_problems_lists_a_bounded_number(run, write, project):
    config = "".join(f"unknown-{index}: 1\n" for index in range(250))
    lines = error_lines(run, write, project, config)
    assert len(lines) == MAX_PROBLEMS
    assert lines[0].startswith(E + ".pmlint.yaml:1: 'unknown-0': unknown key ")
    assert lines[MAX_PROBLEMS - 2].startswith(E + f".pmlint.yaml:{MAX_PROBLEMS - 1}: 'unknown-{MAX_PROBLEMS - 2}': ")
    assert lines[-1] == E + f".pmlint.yaml: {250 - MAX_PROBLEMS + 1} more problems not shown"


def test_section_names_get_a_did_you_mean_too(run, write, project):
    config = ("sections:\n  impact: {title: Impact}\n  causes: {title: Causes, part-of: impakt}\n"
              "summary:\n  section: impactt\n  fields: {}\n")
    assert error_lines(run, write, project, config) == [
        E + ".pmlint.yaml: 'sections.causes.part-of': names section 'impakt', which 'sections' does not define, "
            "did you mean 'impact'?",
        E + ".pmlint.yaml: 'summary.section': names section 'impactt', which 'sections' does not define, "
            "did you mean 'impact'?",
    ]


def test_several_problems_make_one_error_that_knows_each():
    first = ConfigError("a", file="f", line=1, key="k")
    second = ConfigError("b", file="f", line=2)
    both = ConfigError.several([first, second])
    assert both.problems == (first, second)
    assert (both.message, both.file, both.line, both.key) == ("a", "f", 1, "k")
    assert str(both) == "f:1: 'k': a\nf:2: b"
    assert ConfigError.several([second]) is second


# -- did you mean ------------------------------------------------------------------------------------

DID_YOU_MEAN = [
    # top-level key
    ("fail_on: error\n", ":1: 'fail_on': unknown key, did you mean 'fail-on'? (expected one of: "),
    # summary key, wordlist key
    ("summary:\n  feilds: {}\n", ":2: 'summary.feilds': unknown key, did you mean 'fields'? (expected one of: fields, section)"),
    ("wordlists:\n  jargon:\n    remvoe: [x]\n",
     ":3: 'wordlists.jargon.remvoe': unknown key, did you mean 'remove'? (expected one of: add, remove)"),
    # a rule's option, and one between two
    ("rules:\n  PM201:\n    min-deepth: 2\n",
     ":3: 'rules.PM201.min-deepth': unknown option for PM201 root-cause-depth, did you mean 'min-depth'? "
     "(expected one of: enabled, min-depth, severity)"),
    ("rules:\n  PM301:\n    maxx: 3\n",
     ":3: 'rules.PM301.maxx': unknown option for PM301 action-count, did you mean 'max'? "
     "(expected one of: count-completed, enabled, max, severity)"),
    # rule names and codes
    ("rules:\n  actoin-owner: off\n", ":2: 'rules.actoin-owner': unknown rule, did you mean 'action-owner' or "
                                     "'action-count'? (see 'pmlint rules' for codes and names)"),
    ("rules:\n  PM130: off\n", ":2: 'rules.PM130': unknown rule, did you mean 'PM103' (duration-mismatch)? "
                               "(see 'pmlint rules' for codes and names)"),
    ("rules:\n  pm4033: off\n", ":2: 'rules.pm4033': unknown rule, did you mean 'PM403' (jargon)? "
                                "(see 'pmlint rules' for codes and names)"),
    # no rule is one typo from these: no guess
    ("rules:\n  PM999: off\n", ":2: 'rules.PM999': unknown rule (see 'pmlint rules' for codes and names)"),
    ("rules:\n  PM01: off\n", ":2: 'rules.PM01': unknown rule (see 'pmlint rules' for codes and names)"),
    ("rules:\n  something: off\n", ":2: 'rules.something': unknown rule (see 'pmlint rules' for codes and names)"),
    # overrides' rules
    ("overrides:\n  - files: ['*.md']\n    rules: {jargn: off}\n",
     ":3: 'overrides.0.rules.jargn': unknown rule, did you mean 'jargon'? (see 'pmlint rules' for codes and names)"),
    # preset
    ("extends: pagerdutty\n", ":1: 'extends': 'pagerdutty' is neither a preset (atlassian, default, google-sre, "
                              "pagerduty) nor a file, did you mean 'pagerduty'?"),
]


@pytest.mark.parametrize(("config", "expected"), DID_YOU_MEAN)
def test_did_you_mean(run, write, project, config, expected):
    (line,) = error_lines(run, write, project, config)
    assert line.startswith(E + ".pmlint.yaml" + expected), line


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("--select", "PM0001", "'--select': unknown rule 'PM0001', did you mean 'PM001' (missing-section)? (see 'pmlint rules')"),
    ("--ignore", "blam,PM002", "'--ignore': unknown rule 'blam', did you mean 'blame'? (see 'pmlint rules')"),
    ("--select", "PM7", "'--select': unknown rule 'PM7' (see 'pmlint rules')"),
])
def test_did_you_mean_for_select_and_ignore(run, write, project, option, value, expected):
    write("good.md", GOOD)
    result = run(option, value, "good.md")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [E + expected]


def test_did_you_mean_for_explain():
    result = CliRunner().invoke(cli, ["explain", "charged-langauge"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        E + "'RULE': unknown rule 'charged-langauge', did you mean 'charged-language'? (see 'pmlint rules')"]


# -- no regular expression, no Python repr -----------------------------------------------------------

# What a regular expression or a Python object looks like in a message: a case-folding class ([Ee]),
# a group or anchor, an escape class, a compiled pattern, a repr.
REGEX_SYNTAX = re.compile(r"\[[A-Za-z]{2}\]|\(\?|\\[SsDdWwbAZ]|\^\(|\)\$|\$\(|re\.compile|Pattern|"
                          r"datetime\.|<[a-z_.]+ object|\b(?:dict|list|NoneType|bytes)\(")

# Invalid values of every kind for every key (a value of a wrong kind, out of range, a date, a mapping).
WRONG_VALUES = ["3", "-1", "1.5", "true", "null", "2024-01-01", "2024-01-01T10:00:00Z", "[1, 2]", "{a: 1}",
                "''", "' '", "loud"]
KEYS = ["extends", "include", "exclude", "fail-on", "unsafe-fixes", "force-exclude", "max-file-size",
        "language-model", "template", "sections", "summary", "rules", "overrides", "wordlists"]
# Every nested key, each with the same value V (one run reports all their problems).
NESTED = """\
sections:
  impact:
    title: V
    aliases: V
    extend-aliases: V
    required: V
    evidence: V
    part-of: V
summary:
  section: V
  fields: V
rules:
  PM301: V
  PM002:
    enabled: V
    severity: V
    placeholder-patterns: V
  PM305:
    statuses: V
    require-id: V
  PM103:
    tolerance-minutes: V
    tolerance-ratio: V
    field: V
wordlists:
  jargon:
    add: V
    remove: V
overrides:
  - files: V
    rules: V
  - files: '*.md'
    rules:
      PM002: V
"""
BAD_PATTERNS = "['(a', '[z-a]', 'a{2,1}', '(?P<x)', '*', '\\\\', '(?<=a+)b', '(?i', 'a**']"
PATTERNS = f"""\
include: {BAD_PATTERNS}
sections:
  impact:
    evidence: {BAD_PATTERNS}
rules:
  PM002:
    placeholder-patterns: {BAD_PATTERNS}
"""


def sweep_configs() -> list[str]:
    configs = ["".join(f"{key}: {value}\n" for key in KEYS) for value in WRONG_VALUES]
    configs += [NESTED.replace(": V\n", f": {value}\n") for value in WRONG_VALUES]
    return configs + [PATTERNS]


def test_no_message_shows_a_regular_expression_or_a_repr(run, write, project):
    seen = 0
    for config in sweep_configs():
        write(".pmlint.yaml", config)
        write("good.md", GOOD)
        result = run("good.md")
        assert result.exit_code == 2, config
        for line in result.stderr.splitlines():
            seen += 1
            assert line.startswith(E), (config, line)
            assert not REGEX_SYNTAX.search(line), (config, line)
    assert seen > 300  # the sweep reaches every key's validation, it is not stopped early


def test_the_check_would_see_a_regular_expression():
    """The sweep's test can fail: what the schema's patterns and a repr would look like is caught."""
    schema = json.dumps(build_schema())
    patterns = re.findall(r'"pattern": "([^"]+)"', schema)
    assert patterns and all(REGEX_SYNTAX.search(json.loads(f'"{pattern}"')) for pattern in patterns if pattern != "\\\\S")
    assert REGEX_SYNTAX.search(r"must match \S") and REGEX_SYNTAX.search("got datetime.date(2024, 1, 1)")


def test_the_schema_says_in_words_what_a_pattern_expects():
    """Editors show a value that fails a schema "pattern" with the pattern unless it has a message."""
    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                yield node
            for child in node.values():
                yield from walk(child)
        elif isinstance(node, list):
            for child in node:
                yield from walk(child)

    nodes = list(walk(build_schema()))
    assert len(nodes) > 10
    for node in nodes:
        assert node.get("patternErrorMessage"), node
        assert not REGEX_SYNTAX.search(node["patternErrorMessage"]), node
