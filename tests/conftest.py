"""Shared fixtures for the CLI, configuration, suppression and bad-input tests."""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from pmlint.cli import cli

# FORCE_COLOR (any non-empty value) colours the output even where NO_COLOR is set (output/colors.py): a
# shell or CI job that exports it must not change what the tests see. Tests that want it set it.
os.environ.pop("FORCE_COLOR", None)

# The fast subset (issue 15 A3): `python -m pytest -m "not slow"` leaves out the tests below, which build
# packages, install hook environments, fuzz, time regular expressions, run hundreds of subprocesses or lint
# huge generated inputs (together most of the suite's run time). CI (.ci/run) runs everything. Marked here,
# by module and function name (every parametrisation), so the list is in one place; tests/test_readme.py
# checks that every name still exists. Mark a new slow test (more than about a second) here or with
# @pytest.mark.slow.
SLOW_TESTS: dict[str, frozenset[str]] = {
    "test_github_action.py": frozenset({  # each runs action.yml's bash steps with a cold pmlint
        "test_annotations_for_findings_and_a_failing_step", "test_clean_documents_pass",
        "test_sarif_file_is_written_for_upload", "test_inputs_with_spaces_and_options_are_passed_as_arguments",
        "test_a_usage_error_is_exit_code_2"}),
    "test_bad_input.py": frozenset({"test_huge_single_line_file", "test_deeply_nested_front_matter_is_reported_not_a_crash"}),
    "test_cli.py": frozenset({"test_colour_on_a_terminal_unless_disabled"}),
    "test_editors.py": frozenset({"test_vscode_problem_matcher_reads_every_finding_line",
                                  "test_neovim_lua_pattern_reads_every_finding_line",
                                  "test_stdin_findings_carry_the_stdin_filename_and_exit_code",
                                  "test_suggestion_lines_never_look_like_findings"}),
    "test_engine_fuzz.py": frozenset({"test_all_rules_survive_and_point_inside_the_file"}),
    "test_filesystem_hostile.py": frozenset({  # real standard streams and permissions: a process each
        "test_file_under_a_directory_that_cannot_be_searched", "test_closed_stdout_with_write_baseline_is_fine",
        "test_stdout_on_a_full_disk_with_fixed_stdin", "test_reader_going_away_ends_pmlint_quietly"}),
    "test_fix.py": frozenset({"test_fix_in_worker_processes_follows_the_flag_and_the_config"}),
    "test_fix_crash.py": frozenset({"test_killed_at_each_step_of_the_write", "test_killed_from_outside_at_random_moments",
                                    "test_fix_keeps_owner_and_group"}),
    "test_fuzz_markdown.py": frozenset({
        "test_engine_survives_any_markdown", "test_engine_survives_character_soup",
        "test_line_ends_and_bom_change_nothing", "test_fixes_apply_cleanly_and_only_remove_findings",
        "test_suppressions_only_remove_findings", "test_deep_nesting", "test_very_long_lines", "test_runner_on_bytes",
        "test_cli_on_bytes"}),
    "test_jobs.py": frozenset({"test_parallel_output_equals_serial_output", "test_parallel_text_summary_counts_every_file",
                               "test_a_broken_config_is_reported_once_with_jobs",
                               "test_parallel_fix_writes_every_file_like_serial", "test_bad_jobs_value_is_a_usage_error"}),
    "test_language.py": frozenset({  # fresh interpreters that import spaCy
        "test_creating_the_engine_and_loading_config_does_not_import_spacy",
        "test_linting_a_document_without_blame_words_does_not_import_spacy",
        "test_blame_text_with_pm401_disabled_does_not_import_spacy",
        "test_blame_text_with_pm401_enabled_imports_spacy_and_is_reported",
        "test_spacy_already_imported_is_used_as_it_is",
        "test_spacy_is_imported_without_its_command_line_which_stays_importable"}),
    # One CLI process per committed file (half the fast subset's time otherwise); the fast subset keeps
    # test_whole_corpus_in_one_run and test_diff_on_the_whole_corpus, which lint every file in one process.
    "test_nasty_inputs.py": frozenset({"test_committed_nasty_file", "test_large_nasty_input",
                                       "test_invalid_utf8_far_into_a_big_file_is_located"}),
    "test_language_bounds.py": frozenset({"test_a_paragraph_over_a_million_characters_is_linted"}),
    "test_linear.py": frozenset({"test_pieces_parse_like_the_whole_document"}),  # a property test over the fuzzer's documents
    "test_output_memory.py": frozenset({"test_formatting_many_findings_holds_one_piece_not_the_whole_output"}),
    "test_output_injection.py": frozenset({  # one CLI process per output format; the fast subset keeps one per format
        "test_a_file_name_that_reads_as_a_command_does_not_start_a_line", "test_stderr_escapes_missing_file_names"}),
    "test_property_positions.py": frozenset({"test_every_word_maps_to_its_source_text"}),
    # Collecting and analysing every pattern pmlint uses (cached for the module's tests that read it).
    "test_regex_backtracking.py": frozenset({"test_every_regex_is_collected", "test_no_catastrophic_backtracking",
                                             "test_reviewed_exceptions_are_still_needed",
                                             "test_known_slow_patterns"}),
    "test_signals.py": frozenset({  # --jobs runs interrupted and killed
        "test_signal_ends_a_parallel_run_and_its_workers", "test_workers_end_when_the_parent_is_killed",
        "test_sigterm_ends_a_serial_run_with_143", "test_a_worker_killed_from_outside_is_a_message_not_a_traceback"}),
    "test_timestamps.py": frozenset({"test_numeric_orders_finds_every_order_find_timestamps_finds",
                                     "test_no_timestamp_starts_where_can_start_timestamp_says_none_can"}),
    # Issue 15 resources: differential tests of the fast paths over many generated documents.
    "test_table_pieces.py": frozenset({
        "test_tables_in_pieces_are_the_tables_of_one_parse", "test_rows_lacking_cells_end_a_table_where_one_parse_does",
        "test_narrowed_wide_rows_give_the_tables_of_one_parse",
        "test_narrowed_rows_lacking_cells_end_a_table_where_one_parse_does"}),
    "test_builder_fast_paths.py": frozenset({"test_plain_segments_are_the_walkers"}),
    "test_language_rules_fast_paths.py": frozenset({
        "test_blame_prefilter_scans_lower_cased_ascii_text_as_the_patterns_do",
        "test_document_names_skip_text_without_two_capitals_in_a_row", "test_blame_reads_the_same_words_as_from_slices"}),
    "test_labels_order.py": frozenset({
        "test_a_labels_line_is_the_line_its_span_starts_on", "test_labels_of_documents_in_reading_order",
        "test_labels_of_table_rows_are_read_as_the_plain_way_reads_them"}),
    "test_section_index.py": frozenset({"test_sections_found_by_key_as_the_plain_way_finds_them"}),
    "test_timeline_fast_paths_more.py": frozenset({
        "test_an_early_time_is_found_as_the_plain_way_finds_it",
        "test_a_line_starting_with_a_digit_reads_as_the_plain_way_reads_it"}),
    "test_timeline_entries_fast_paths.py": frozenset({
        "test_an_entrys_parts_worked_out_when_asked_are_the_parts_made_with_it",
        "test_a_lines_leading_timestamp_is_the_one_find_timestamps_finds_there"}),
}


@pytest.hookimpl(tryfirst=True)  # before -m selects on the marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        name = getattr(item, "originalname", None) or item.name.split("[", 1)[0]
        if name in SLOW_TESTS.get(item.path.name, ()):
            item.add_marker(pytest.mark.slow)

# A complete, blameless post-mortem that lints clean with every rule and the default preset.
GOOD = """\
# Payment queue backlog

## Executive Summary

- **Impact:** About 300 merchants saw delayed payouts; no payments were lost.
- **Duration:** 40 minutes, from 09:10 to 09:50 UTC on 2 February 2026.
- **Root Cause:** A worker limit lowered for a load test was never restored.
- **Status:** Resolved. The limit is restored.

## Timeline (UTC)

| Time  | Event |
|-------|-------|
| 09:10 | The queue-depth alert fires. |
| 09:18 | The incident channel opens and an incident lead is assigned. |
| 09:41 | The worker limit is raised back to 64. |
| 09:50 | The queue drains and the incident is resolved. |

## Root Cause Analysis

1. Why were payouts delayed? The payout queue grew faster than workers drained it.
2. Why were workers slow? Only 4 workers were running instead of 64.
3. Why only 4? A load test lowered the limit and the change stayed in place.
4. Why did it stay? The load-test checklist has no step to restore settings.

## What Went Well

- The queue-depth alert fired within a minute.

## What Went Wrong

- The worker limit change had no expiry date.

## Action Items

| ID | Action | Owner | Due | Status |
|----|--------|-------|-----|--------|
| AI-1 | Add a step that restores worker limits to the load-test checklist | Ana Silva | 2026-02-20 | Not started |

## Lessons Learned

Temporary settings need an expiry date.
"""


@pytest.fixture(autouse=True)
def _result_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's ``pmlint check`` runs (in this process and in subprocesses) use a result cache of
    their own: the cache path is exercised everywhere, no test sees another's entries (a test that
    patches a rule must not get findings cached before), and no .pmlint_cache appears in a project
    directory. tests/test_cache.py tests the default location without it."""
    directory = tmp_path_factory.mktemp("pmlint-cache")
    monkeypatch.setenv("PMLINT_CACHE_DIR", str(directory / "cache"))
    return directory / "cache"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory with no configuration above it that pmlint would find."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def write_file(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


@pytest.fixture
def write(project: Path) -> Callable[[str, str | bytes], Path]:
    """Write a file relative to the project directory (text is written as UTF-8, newlines untouched)."""
    return lambda name, content: write_file(project / name, content)


@pytest.fixture
def run(project: Path) -> Callable[..., Result]:
    """``pmlint check ARGS`` in the project directory through click's runner."""

    def invoke(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
        result = CliRunner().invoke(cli, ["check", *args], input=input, env=env)
        assert_no_traceback(result)
        return result

    return invoke


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def findings(result: Result) -> list[dict[str, Any]]:
    """The findings of a ``--format json`` run."""
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


def located(result: Result) -> list[tuple[str, int, int, str]]:
    """(path, line, column, code) of each finding of a ``--format json`` run."""
    return [(item["path"], item["line"], item["column"], item["code"]) for item in findings(result)]
