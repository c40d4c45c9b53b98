"""Issue 15, small wrong results: text in inline HTML code elements was linted as prose and rewritten by
--fix; an upper-case ``PMLINT-DISABLE-FILE`` was ignored without a word; TOML front matter errors
said "invalid YAML value" (or crashed reading the TOML as YAML to find the line).

The inputs are in tests/nasty/ (written by make_nasty.py).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GOOD, findings
from helpers import lint_file, lint_text

NASTY = Path(__file__).parent / "nasty"


# -- inline <code>, <kbd>, <samp>, <var>, <tt>, <pre> -------------------------------------------


def test_text_in_inline_code_elements_is_not_prose() -> None:
    assert lint_file(NASTY / "html-code-elements.md", ("PM401", "PM402")) == []


@pytest.mark.parametrize("sentence", [
    "The config push was <code>obviously</code> wrong.",
    "The fix was to press <kbd>careless</kbd> and <kbd>stupid</kbd>.",
    "The log said <samp>John forgot the push</samp> at 14:05.",
    "The flag <var>obviously</var> and <tt>disaster</tt> and <pre>careless</pre> are names.",
])
def test_a_sentence_with_code_elements_has_no_prose_findings(sentence: str) -> None:
    assert lint_text(f"# T\n\n{sentence}\n", select=("PM401", "PM402")) == []


def test_the_same_words_outside_code_elements_are_still_reported() -> None:
    # The control: the rules do see these words when they are prose, and an unclosed <code> (a tag
    # mentioned, not an element) does not hide the rest of the paragraph.
    found = lint_text("# T\n\nThe config push was obviously wrong.\n\nUse the <code> tag, obviously.\n",
                      select=("PM402",))
    assert [(finding.code, finding.span.line) for finding in found] == [("PM402", 3), ("PM402", 5)]


def test_blame_in_a_code_element_is_code_in_the_suggestion() -> None:
    # The element's text is read as a code span is: never blamed, quoted in backticks.
    [finding] = lint_text("# T\n\nJohn forgot to run <code>John forgot the push</code> here.\n", select=("PM401",))
    assert finding.span.line == 3 and finding.span.column == 1
    assert "`John forgot the push`" in (finding.suggestion or "")


def test_fix_leaves_code_elements_byte_identical(run, write) -> None:
    data = (NASTY / "html-code-elements.md").read_bytes()
    path = write("notes.md", data)
    result = run("--fix", "--unsafe-fixes", "notes.md")
    assert result.exit_code == 1  # the missing sections remain
    assert path.read_bytes() == data


def test_fix_still_fixes_prose_next_to_a_code_element(run, write) -> None:
    path = write("pm.md", GOOD.replace("Temporary settings need an expiry date.",
                                       "Run <code>obviously</code>; it was obviously a gap."))
    result = run("--fix", "pm.md")
    assert result.exit_code == 0, result.output
    assert "Run <code>obviously</code>; it was a gap." in path.read_text(encoding="utf-8")


# -- upper-case suppression directives --------------------------------------------------------


def test_upper_case_directives_suppress_and_their_unknown_rules_are_reported() -> None:
    found = lint_file(NASTY / "suppression-upper-case.md", ("PM001", "PM402", "PM901"))
    assert [(finding.code, finding.span.line) for finding in found] == [("PM901", 7)]
    assert "'NOPE'" in found[0].message and "disable-next-line" in found[0].message


def test_upper_case_disable_file_from_the_cli(run, write) -> None:
    write("pm.md", "<!-- PMLINT-DISABLE-FILE -->\n# T\n\nIt was a disaster.\n")
    result = run("--format", "json", "pm.md")
    assert result.exit_code == 0, result.output
    assert findings(result) == []


# -- TOML front matter errors -----------------------------------------------------------------


def test_toml_value_error_says_toml_at_its_line() -> None:
    [finding] = lint_file(NASTY / "toml-long-integer.md", ("PM900",))
    assert "invalid TOML value" in finding.message and "YAML" not in finding.message
    assert finding.span.line == 3


def test_toml_nested_too_deeply_says_toml() -> None:
    [finding] = lint_file(NASTY / "toml-deep-nesting.md", ("PM900",))
    assert "invalid TOML: nested too deeply" in finding.message


def test_yaml_value_error_still_says_yaml() -> None:
    [finding] = lint_file(NASTY / "yaml-bad-values.md", ("PM900",))
    assert "invalid YAML value" in finding.message
