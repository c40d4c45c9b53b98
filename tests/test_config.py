"""Configuration: discovery, validation errors, extends, rule settings, overrides, sections, --select/--ignore."""
from __future__ import annotations

import pytest
from conftest import GOOD, findings, located

# One PM002 warning at 40:4 (the Lessons Learned heading).
WARN = GOOD.replace("Temporary settings need an expiry date.\n", "TBD\n")
# One PM001 error at 1:3 (What Went Well is missing).
NO_WELL = GOOD.replace("## What Went Well\n\n- The queue-depth alert fired within a minute.\n\n", "")


def codes(result) -> list[str]:
    return [item["code"] for item in findings(result)]


def error_line(result, project) -> str:
    """The single error message on stderr, with the project directory removed from paths."""
    lines = result.stderr.replace(f"{project}/", "").splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# -- discovery ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [".pmlint.yaml", ".pmlint.yml"])
def test_config_found_by_walking_up_from_the_file(run, write, name):
    write(name, "rules:\n  PM002: off\n")
    write("docs/2026/warn.md", WARN)
    result = run("docs/2026/warn.md")
    assert (result.exit_code, result.output) == (0, "")


def test_pyproject_tool_table_is_a_config(run, write):
    write("pyproject.toml", '[project]\nname = "docs"\n\n[tool.pmlint]\nfail-on = "error"\n\n'
                            '[tool.pmlint.rules]\nempty-section = "info"\n')
    write("docs/warn.md", WARN)
    result = run("--format", "json", "docs/warn.md")
    assert result.exit_code == 0
    assert [item["severity"] for item in findings(result)] == ["info"]


def test_pyproject_without_the_table_is_skipped(run, write):
    write(".pmlint.yaml", "rules:\n  PM002: off\n")
    write("docs/pyproject.toml", '[project]\nname = "docs"\n')
    write("docs/warn.md", WARN)
    assert run("docs/warn.md").exit_code == 0


def test_nearest_config_wins_without_merging(run, write):
    write(".pmlint.yaml", "rules:\n  PM002: off\n")
    write("docs/.pmlint.yaml", "fail-on: error\n")  # does not extend the parent: PM002 is on again
    write("docs/warn.md", WARN)
    write("warn.md", WARN)
    result = run("--format", "json", "warn.md", "docs/warn.md")
    assert located(result) == [("docs/warn.md", 40, 4, "PM002")]
    assert result.exit_code == 0


def test_yaml_config_wins_over_pyproject_in_the_same_directory(run, write):
    write("pyproject.toml", "[tool.pmlint.rules]\nPM002 = \"error\"\n")
    write(".pmlint.yaml", "rules:\n  PM002: off\n")
    write("warn.md", WARN)
    assert run("warn.md").exit_code == 0


def test_explicit_config_replaces_discovery(run, write):
    write(".pmlint.yaml", "rules:\n  PM002: off\n")
    write("ci/strict.yaml", "rules:\n  PM002: error\n")
    write("warn.md", WARN)
    result = run("--config", "ci/strict.yaml", "--format", "json", "warn.md")
    assert result.exit_code == 1
    assert [(item["code"], item["severity"]) for item in findings(result)] == [("PM002", "error")]


def test_missing_explicit_config_exits_2(run, write, project):
    write("warn.md", WARN)
    result = run("--config", "nope.yaml", "warn.md")
    assert result.exit_code == 2
    assert error_line(result, project) == "pmlint: error: nope.yaml: '--config': config file not found"


# -- validation errors --------------------------------------------------------------------------


@pytest.mark.parametrize(("config", "expected"), [
    ("fail-on: error\nbogus: 1\n", ":2: 'bogus': unknown key (expected one of: "),
    ("rules:\n  PM999: off\n", ":2: 'rules.PM999': unknown rule"),
    ("rules:\n  no-such-rule: warning\n", ":2: 'rules.no-such-rule': unknown rule"),
    ("rules:\n  empty-section:\n    colour: red\n",
     ":3: 'rules.empty-section.colour': unknown option for PM002 empty-section (expected one of: enabled, "
     "placeholder-patterns, severity)"),
    ("rules:\n  PM002: loud\n", ":2: 'rules.PM002': must be one of: error, warning, info (got 'loud')"),
    ("rules:\n  PM002:\n    severity: never\n",
     ":3: 'rules.PM002.severity': must be one of: error, warning, info (got 'never')"),
    ("rules:\n  PM002:\n    enabled: maybe\n", ":3: 'rules.PM002.enabled': must be true or false"),
    ("rules:\n  PM002:\n    placeholder-patterns: 3\n",
     ":3: 'rules.PM002.placeholder-patterns': must be a list of strings"),
    ("rules:\n  - PM002\n", ":1: 'rules': must be a mapping, not a list"),
    ("fail-on: sometimes\n", ":1: 'fail-on': must be one of: error, warning, info, never (got 'sometimes')"),
    ("max-file-size: big\n", ":1: 'max-file-size': must be a positive number of bytes"),
    ("max-file-size: 0\n", ":1: 'max-file-size': must be a positive number of bytes"),
    ("include: 3\n", ":1: 'include': must be a list of strings"),
    ("exclude: [1, 2]\n", ":1: 'exclude': must be a list of strings"),
    ("extends: 3\n", ":1: 'extends': must be a preset name or a path"),
    ("sections:\n  impact-analysis:\n    required: sometimes\n",
     ":3: 'sections.impact-analysis.required': must be true or false"),
    ("sections:\n  impact-analysis:\n    aliases: impact\n    titel: Impact\n",
     ":4: 'sections.impact-analysis.titel': unknown key"),
    ("overrides:\n  files: ['*.md']\n", ":1: 'overrides': must be a list"),
    ("overrides:\n  - rules: {PM002: off}\n", ":2: 'overrides.0': needs 'files'"),
    ("overrides:\n  - files: ['legacy/**']\n    rules:\n      PM998: off\n",
     ":4: 'overrides.0.rules.PM998': unknown rule"),
    ("wordlists:\n  swear-words:\n    add: [heck]\n", ":2: 'wordlists.swear-words': unknown wordlist"),
    ("summary:\n  section: preface\n",
     ": 'summary.section': names section 'preface', which 'sections' does not define"),
])
def test_invalid_config_exits_2_naming_file_line_and_key(run, write, project, config, expected):
    write(".pmlint.yaml", config)
    write("good.md", GOOD)
    result = run("good.md")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert error_line(result, project).startswith("pmlint: error: .pmlint.yaml" + expected)


def test_invalid_yaml_names_the_line(run, write, project):
    write(".pmlint.yaml", "fail-on: error\nrules:\n  PM002: [warning\n")
    write("good.md", GOOD)
    result = run("good.md")
    assert result.exit_code == 2
    assert error_line(result, project).startswith("pmlint: error: .pmlint.yaml:4: invalid YAML: ")


def test_config_that_is_not_a_mapping(run, write, project):
    write(".pmlint.yaml", "- PM002\n")
    write("good.md", GOOD)
    result = run("good.md")
    assert result.exit_code == 2
    assert error_line(result, project) == (
        "pmlint: error: .pmlint.yaml: the configuration must be a mapping of keys to values")


def test_empty_config_is_the_default(run, write):
    write(".pmlint.yaml", "# nothing yet\n")
    write("good.md", GOOD)
    assert run("good.md").exit_code == 0


def test_pyproject_unknown_key_names_file_and_key(run, write, project):
    write("pyproject.toml", "[tool.pmlint]\nfail_on = \"error\"\n")
    write("good.md", GOOD)
    result = run("good.md")
    assert result.exit_code == 2
    assert error_line(result, project).startswith("pmlint: error: pyproject.toml: 'fail_on': unknown key")


def test_config_error_is_reported_once_for_many_files(run, write, project):
    write(".pmlint.yaml", "bogus: 1\n")
    for name in ("a.md", "b.md", "c.md"):
        write(name, GOOD)
    for args in (["a.md", "b.md", "c.md"], ["."]):
        result = run(*args)
        assert result.exit_code == 2
        assert error_line(result, project).startswith("pmlint: error: .pmlint.yaml:1: 'bogus': unknown key")


def test_broken_config_in_one_directory_does_not_stop_the_others(run, write, project):
    write("team-a/.pmlint.yaml", "rules:\n  PM002:\n    colour: red\n")
    write("team-a/doc.md", WARN)
    write("team-b/warn.md", WARN)
    result = run("-q", ".")
    assert result.exit_code == 2
    assert result.stdout.startswith("team-b/warn.md:40:4: warning ")
    assert error_line(result, project).startswith("pmlint: error: team-a/.pmlint.yaml:3: 'rules.PM002.colour'")


# -- extends ------------------------------------------------------------------------------------


def test_extends_the_default_preset_by_name(run, write):
    write(".pmlint.yaml", "extends: default\n")
    write("good.md", GOOD)
    write("no-well.md", NO_WELL)
    assert run("good.md").exit_code == 0
    assert codes(run("--format", "json", "no-well.md")) == ["PM001"]


def test_extends_an_unknown_preset_or_missing_file(run, write, project):
    write(".pmlint.yaml", "fail-on: error\nextends: corporate\n")
    write("good.md", GOOD)
    result = run("good.md")
    assert result.exit_code == 2
    message = error_line(result, project)
    assert message.startswith("pmlint: error: .pmlint.yaml:2: 'extends': 'corporate' is neither a preset (")
    assert "default" in message and message.endswith(" nor a file")


def test_extends_a_path_relative_to_the_extending_file(run, write, project):
    write("shared/base.yaml", "rules:\n  PM002: off\n  PM001: warning\n")
    write("docs/.pmlint.yaml", "extends: ../shared/base.yaml\nrules:\n  PM001: info\n")
    write("docs/warn.md", WARN)
    write("docs/no-well.md", NO_WELL)
    result = run("--format", "json", "docs")
    # PM002 off from the base; the extending file's PM001 severity wins over the base's.
    assert [(item["path"], item["code"], item["severity"]) for item in findings(result)] == [
        ("docs/no-well.md", "PM001", "info")]
    assert result.exit_code == 0


def test_extended_file_errors_name_that_file(run, write, project):
    write("shared/base.yaml", "rules:\n  PM002: sometimes\n")
    write(".pmlint.yaml", "extends: shared/base.yaml\n")
    write("good.md", GOOD)
    result = run("good.md")
    assert result.exit_code == 2
    assert error_line(result, project).startswith("pmlint: error: shared/base.yaml:2: 'rules.PM002': must be one of")


def test_extends_cycle_exits_2(run, write, project):
    write(".pmlint.yaml", "extends: shared/a.yaml\n")
    write("shared/a.yaml", "extends: b.yaml\n")
    write("shared/b.yaml", "extends: a.yaml\n")
    write("good.md", GOOD)
    result = run("good.md")
    assert result.exit_code == 2
    assert error_line(result, project) == ("pmlint: error: shared/b.yaml:1: 'extends': makes a cycle: "
                                           "shared/a.yaml is already extended on the way here")


def test_extends_itself(run, write, project):
    write(".pmlint.yaml", "extends: .pmlint.yaml\n")
    write("good.md", GOOD)
    result = run("good.md")
    assert result.exit_code == 2
    assert "makes a cycle" in error_line(result, project)


# -- rule settings ------------------------------------------------------------------------------


@pytest.mark.parametrize("setting", [
    "PM002: off", "empty-section: off", "pm002: false", "PM002:\n    enabled: false", "empty-section: disabled",
])
def test_rule_can_be_turned_off_by_code_or_name(run, write, setting):
    write(".pmlint.yaml", f"rules:\n  {setting}\n")
    write("warn.md", WARN)
    result = run("warn.md")
    assert (result.exit_code, result.output) == (0, "")


@pytest.mark.parametrize("setting", ["PM002: error", "empty-section:\n    severity: error", "PM002: ERROR"])
def test_severity_override_is_reflected_in_output(run, write, setting):
    write(".pmlint.yaml", f"rules:\n  {setting}\n")
    write("warn.md", WARN)
    result = run("-q", "--fail-on", "error", "warn.md")
    assert result.exit_code == 1
    assert result.stdout.startswith("warn.md:40:4: error section 'Lessons Learned' holds only a placeholder")
    assert [item["severity"] for item in findings(run("--format", "json", "warn.md"))] == ["error"]


def test_rule_options_are_applied(run, write):
    write(".pmlint.yaml", "rules:\n  PM002:\n    placeholder-patterns: ['^Pending.*$']\n")
    write("doc.md", GOOD.replace("Temporary settings need an expiry date.\n", "Pending review by the team\n"))
    assert located(run("--format", "json", "doc.md")) == [("doc.md", 40, 4, "PM002")]


def test_wordlist_additions(run, write):
    write("doc.md", GOOD.replace("Temporary settings need an expiry date.\n", "Awaiting input.\n"))
    assert run("doc.md").exit_code == 0
    write(".pmlint.yaml", "wordlists:\n  placeholders:\n    add: [awaiting input]\n")
    assert located(run("--format", "json", "doc.md")) == [("doc.md", 40, 4, "PM002")]


# -- per-path overrides -------------------------------------------------------------------------


def test_override_changes_a_rule_for_matching_files_only(run, write):
    write(".pmlint.yaml", "overrides:\n  - files: ['legacy/**']\n    rules:\n      PM002: off\n"
                          "  - files: ['*.draft.md']\n    rules:\n      empty-section: info\n")
    write("legacy/2019/warn.md", WARN)
    write("current/warn.md", WARN)
    write("current/warn.draft.md", WARN)
    result = run("--format", "json", ".")
    assert [(item["path"], item["severity"]) for item in findings(result)] == [
        ("current/warn.draft.md", "info"), ("current/warn.md", "warning")]


def test_override_applies_to_stdin_by_its_filename(run, write):
    write(".pmlint.yaml", "overrides:\n  - files: ['legacy/**']\n    rules:\n      PM002: off\n")
    assert run("-", "--stdin-filename", "legacy/old.md", input=WARN).exit_code == 0
    assert run("-", "--stdin-filename", "current/new.md", input=WARN).exit_code == 1


def test_override_globs_are_relative_to_the_file_that_wrote_them(run, write):
    # The shared file sits at the top: its globs mean <top>/docs/drafts/** and <top>/legacy/**.
    write("base.yaml", "overrides:\n  - files: ['docs/drafts/**', 'legacy/**']\n    rules:\n      PM002: off\n")
    write("docs/.pmlint.yaml", "extends: ../base.yaml\n")
    write("docs/drafts/warn.md", WARN)
    write("docs/legacy/warn.md", WARN)
    result = run("--format", "json", "docs")
    assert [path for path, _, _, _ in located(result)] == ["docs/legacy/warn.md"]


def test_override_globs_in_an_extended_file_below_the_config(run, write):
    write(".pmlint.yaml", "extends: config/base.yaml\n")
    write("config/base.yaml", "overrides:\n  - files: ['drafts/**']\n    rules:\n      PM002: off\n")
    write("config/drafts/warn.md", WARN)
    write("drafts/warn.md", WARN)
    result = run("--format", "json", "config/drafts/warn.md", "drafts/warn.md")
    assert [path for path, _, _, _ in located(result)] == ["drafts/warn.md"]


# -- sections -----------------------------------------------------------------------------------


def test_added_required_section_with_aliases(run, write):
    write(".pmlint.yaml", "sections:\n  customer-communication:\n    title: Customer Communication\n"
                          "    aliases: [customer comms, status page updates]\n")
    write("good.md", GOOD)
    result = run("--format", "json", "good.md")
    assert [(item["line"], item["column"], item["code"]) for item in findings(result)] == [(1, 3, "PM001")]
    assert "'Customer Communication'" in findings(result)[0]["message"]
    for heading in ("Customer Communication", "Status page updates", "3. Customer comms (public)"):
        write("with.md", GOOD + f"\n## {heading}\n\nThe status page was updated at 09:15 UTC.\n")
        assert run("with.md").exit_code == 0, heading


def test_added_section_is_checked_for_emptiness_too(run, write):
    write(".pmlint.yaml", "sections:\n  customer-communication:\n    aliases: [status page updates]\n")
    write("doc.md", GOOD + "\n## Status page updates\n\nTBD\n")
    assert located(run("--format", "json", "doc.md")) == [("doc.md", 44, 4, "PM002")]


@pytest.mark.parametrize("config", [
    "sections:\n  what-went-well:\n    required: false\n",
    "sections:\n  what-went-well: false\n",
])
def test_section_made_optional(run, write, config):
    write("no-well.md", NO_WELL)
    assert run("no-well.md").exit_code == 1
    write(".pmlint.yaml", config)
    assert (run("no-well.md").exit_code, run("no-well.md").output) == (0, "")


def test_extend_aliases_keeps_the_preset_aliases(run, write):
    write("highlights.md", GOOD.replace("## What Went Well", "## Highlights"))
    write("went-right.md", GOOD.replace("## What Went Well", "## What went right"))
    assert codes(run("--format", "json", "highlights.md")) == ["PM001"]
    write(".pmlint.yaml", "sections:\n  what-went-well:\n    extend-aliases: [highlights]\n")
    assert run("highlights.md", "went-right.md").exit_code == 0
    # 'aliases' replaces the preset's list instead: "went right" is no longer accepted.
    write(".pmlint.yaml", "sections:\n  what-went-well:\n    aliases: [highlights]\n")
    assert run("highlights.md").exit_code == 0
    assert codes(run("--format", "json", "went-right.md")) == ["PM001"]


# -- --select / --ignore ------------------------------------------------------------------------

# PM001 (sections missing), PM002 (the timeline holds a placeholder), PM003 (the summary's Impact is one).
SMALL = "# Outage\n\n## Summary\n\n- Impact: TBD\n\n## Timeline\n\nTBD\n"


@pytest.mark.parametrize(("options", "expected"), [
    (["--select", "PM002"], {"PM002"}),
    (["--select", "empty-section"], {"PM002"}),
    (["--select", "pm002,summary-field"], {"PM002", "PM003"}),
    (["--select", "PM002", "--select", "PM003"], {"PM002", "PM003"}),
    (["--select", "PM0"], {"PM001", "PM002", "PM003"}),
    (["--select", "PM0", "--ignore", "missing-section"], {"PM002", "PM003"}),
    (["--ignore", "PM0"], set()),
    (["--ignore", "PM001,PM003"], {"PM002"}),
])
def test_select_and_ignore(run, write, options, expected):
    write("small.md", SMALL)
    result = run("--format", "json", *options, "small.md")
    assert set(codes(result)) & {"PM001", "PM002", "PM003"} == expected
    if options[0] == "--select":
        assert set(codes(result)) == expected


def test_select_overrides_a_rule_disabled_in_config(run, write):
    write(".pmlint.yaml", "rules:\n  PM002: off\n")
    write("warn.md", WARN)
    assert run("warn.md").exit_code == 0
    assert codes(run("--format", "json", "--select", "PM002", "warn.md")) == ["PM002"]


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_rule_in_select_or_ignore_exits_2(run, write, project, option):
    write("good.md", GOOD)
    result = run(option, "PM002,no-such-rule", "good.md")
    assert result.exit_code == 2
    assert error_line(result, project) == f"pmlint: error: '{option}': unknown rule 'no-such-rule' (see 'pmlint rules')"


def test_a_lone_string_is_a_one_item_list(run, write):
    write(".pmlint.yaml", "exclude: drafts/**\nsections:\n  what-went-well:\n    extend-aliases: highlights\n"
                          "rules:\n  PM002:\n    placeholder-patterns: '^Pending.*$'\n"
                          "overrides:\n  - files: legacy/**\n    rules:\n      PM002: off\n")
    write("drafts/warn.md", WARN)
    write("legacy/warn.md", WARN)
    write("d.md", WARN)  # a one-letter name: a glob's characters must not become patterns
    write("highlights.md", GOOD.replace("## What Went Well", "## Highlights"))
    write("pending.md", GOOD.replace("Temporary settings need an expiry date.\n", "Pending review\n"))
    result = run("--format", "json", ".")
    assert located(result) == [("d.md", 40, 4, "PM002"), ("pending.md", 40, 4, "PM002")]


def test_exclude_pattern_forms(run, write):
    write(".pmlint.yaml", "exclude: ['./drafts/**', 'old/', 'tmp']\n")
    for name in ("drafts/a.md", "docs/old/b.md", "old/c.md", "docs/tmp/d.md", "tmp/e.md", "docs/keep.md",
                 "docs/old.md"):
        write(name, WARN)
    result = run("--format", "json", ".")
    assert [path for path, _, _, _ in located(result)] == ["docs/keep.md", "docs/old.md"]


@pytest.mark.parametrize(("name", "content"), [
    (".pmlint.yaml", b"\xef\xbb\xbfrules:\r\n  PM002: off\r\n"),
    ("pyproject.toml", b"\xef\xbb\xbf[tool.pmlint.rules]\r\nPM002 = \"off\"\r\n"),
])
def test_config_with_bom_and_crlf(run, write, name, content):
    write(name, content)
    write("warn.md", WARN)
    result = run("warn.md")
    assert (result.exit_code, result.output) == (0, "")


def test_config_error_lines_count_crlf_once(run, write, project):
    write(".pmlint.yaml", b"fail-on: error\r\n\r\nrules:\r\n  PM002: loud\r\n")
    write("good.md", GOOD)
    result = run("good.md")
    assert error_line(result, project).startswith("pmlint: error: .pmlint.yaml:4: 'rules.PM002': must be one of")
