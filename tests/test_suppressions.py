"""Suppression comments: disable-next-line, disable ... enable, disable-file, and unknown rule names (PM901)."""
from __future__ import annotations

import pytest
from conftest import GOOD, findings

# Sections of the default preset that are not the summary, so an empty one gives PM002 and nothing else.
EMPTY_SECTIONS = ["Timeline", "Root Cause Analysis", "What Went Well", "What Went Wrong", "Action Items",
                  "Lessons Learned"]


@pytest.fixture
def lint(run, write):
    """Lint a document with the structure and suppression rules; return (line, column, code) of each finding."""

    def _lint(text: str, select: str = "PM002,PM901") -> list[tuple[int, int, str]]:
        write("doc.md", text)
        result = run("--format", "json", "--select", select, "doc.md")
        return [(item["line"], item["column"], item["code"]) for item in findings(result)]

    return _lint


def doc(*lines: str) -> str:
    return "\n".join(lines) + "\n"


# -- disable-next-line --------------------------------------------------------------------------


def test_without_directives_every_empty_section_is_reported(lint):
    text = doc("# Outage", "", *[f"## {name}\n" for name in EMPTY_SECTIONS])
    assert lint(text) == [(3, 4, "PM002"), (5, 4, "PM002"), (7, 4, "PM002"), (9, 4, "PM002"), (11, 4, "PM002"),
                          (13, 4, "PM002")]


@pytest.mark.parametrize("rules", ["PM002", "pm002", "empty-section", "PM002, PM901", "PM901,PM002",
                                   "PM901 empty-section", ""])
def test_disable_next_line(lint, rules):
    text = doc("# Outage",
               "",
               f"<!-- pmlint-disable-next-line {rules} -->",
               "## Timeline",
               "",
               "## What Went Well")
    assert lint(text) == [(6, 4, "PM002")]


def test_disable_next_line_for_another_rule_does_not_suppress(lint):
    text = doc("# Outage", "", "<!-- pmlint-disable-next-line PM001 summary-field -->", "## Timeline")
    assert lint(text) == [(4, 4, "PM002")]


def test_disable_next_line_skips_blank_lines_and_spans_multiline_comments(lint):
    text = doc("# Outage",
               "",
               "<!--",
               "  pmlint-disable-next-line PM002",
               "-->",
               "",
               "",
               "## Timeline",
               "## What Went Well")
    assert lint(text) == [(9, 4, "PM002")]


def test_disable_next_line_above_the_title_suppresses_document_findings(lint):
    text = "<!-- pmlint-disable-next-line missing-section -->\n# Outage\n"
    assert lint(text, select="PM001") == []
    assert lint("# Outage\n", select="PM001") == [(1, 3, "PM001")]


# -- disable ... enable -------------------------------------------------------------------------


def test_disable_enable_range(lint):
    text = doc("# Outage",                      # 1
               "",
               "## Timeline",                   # 3
               "<!-- pmlint-disable PM002 -->",
               "## Root Cause Analysis",        # 5
               "",
               "## What Went Well",             # 7
               "<!-- pmlint-enable PM002 -->",
               "## What Went Wrong")            # 9
    assert lint(text) == [(3, 4, "PM002"), (9, 4, "PM002")]


def test_disable_without_enable_lasts_to_the_end(lint):
    text = doc("# Outage", "", "## Timeline", "<!-- pmlint-disable empty-section -->", "## What Went Well", "",
               "## What Went Wrong")
    assert lint(text) == [(3, 4, "PM002")]


def test_enable_without_rules_ends_every_range(lint):
    text = doc("# Outage", "",
               "<!-- pmlint-disable PM002 -->",
               "## Timeline",
               "<!-- pmlint-disable -->",
               "## What Went Well",
               "<!-- pmlint-enable -->",
               "## What Went Wrong")
    assert lint(text) == [(8, 4, "PM002")]


def test_enable_of_another_rule_does_not_end_the_range(lint):
    text = doc("# Outage", "",
               "<!-- pmlint-disable PM002 -->",
               "## Timeline",
               "<!-- pmlint-enable PM001 -->",
               "## What Went Well")
    assert lint(text) == []


def test_disable_all_covers_every_rule(lint):
    text = doc("<!-- pmlint-disable -->", "# Outage", "", "## Timeline", "<!-- pmlint-enable -->", "",
               "## What Went Well")
    assert lint(text, select="PM001,PM002") == [(7, 4, "PM002")]


# -- disable-file -------------------------------------------------------------------------------


def test_disable_file_anywhere_covers_the_whole_file(lint):
    text = doc("# Outage", "", "## Timeline", "", "## What Went Well", "",
               "<!-- pmlint-disable-file empty-section -->")
    assert lint(text, select="PM001,PM002") == [(1, 3, "PM001")]


def test_disable_file_without_rules_silences_everything(run, write):
    write("doc.md", "# Outage\n\n## Timeline\n\n<!-- pmlint-disable-file -->\n")
    result = run("doc.md")
    assert (result.exit_code, result.output) == (0, "")


def test_directives_work_in_a_crlf_file(lint):
    text = doc("# Outage", "", "<!-- pmlint-disable-next-line PM002 -->", "## Timeline", "",
               "## What Went Well").replace("\n", "\r\n")
    assert lint(text) == [(6, 4, "PM002")]


def test_suppressed_findings_do_not_fail_the_run(run, write):
    text = GOOD.replace("## Lessons Learned\n\nTemporary settings need an expiry date.\n",
                        "<!-- pmlint-disable-next-line PM002 -->\n## Lessons Learned\n\nTBD\n")
    write("doc.md", text)
    result = run("doc.md")
    assert (result.exit_code, result.output) == (0, "")


# -- unknown rules (PM901) ----------------------------------------------------------------------


def test_unknown_rule_is_reported_at_the_comment(run, write):
    comment = "<!-- pmlint-disable-next-line blaem PM002 -->"
    write("doc.md", doc("# Outage", "", comment, "## Timeline"))
    result = run("--format", "json", "--select", "PM002,PM901", "doc.md")
    items = findings(result)
    for item in items:
        item.pop("fingerprint")
    assert items == [{
        "path": "doc.md", "line": 3, "column": 1, "end_line": 3, "end_column": len(comment) + 1,
        "rule": "suppression-unknown-rule", "code": "PM901", "severity": "warning",
        "message": "unknown rule 'blaem' in pmlint-disable-next-line comment", "suggestion": None, "fix": None,
    }]


def test_each_unknown_rule_is_reported_and_suppresses_nothing(lint):
    text = doc("# Outage", "", "  <!-- pmlint-disable PM0O2, emptysection -->", "## Timeline", "",
               "<!-- pmlint-enable nothing -->")
    assert lint(text) == [(3, 3, "PM901"), (3, 3, "PM901"), (4, 4, "PM002"), (6, 1, "PM901")]


def test_unknown_rule_in_disable_file(lint):
    assert lint(doc("# Outage", "", "<!-- pmlint-disable-file PM999 -->")) == [(3, 1, "PM901")]


# -- directives that are not directives ---------------------------------------------------------


@pytest.mark.parametrize("block", [
    "```\n<!-- pmlint-disable-file -->\n<!-- pmlint-disable-file typo -->\n```",
    "~~~markdown\n<!-- pmlint-disable-file -->\n<!-- pmlint-disable-file typo -->\n~~~",
    "    <!-- pmlint-disable-file -->\n    <!-- pmlint-disable-file typo -->",
    "Write `<!-- pmlint-disable-file -->` or `<!-- pmlint-disable-file typo -->` to silence a file.",
])
def test_directives_in_code_are_ignored(lint, block):
    text = doc("# Outage", "", "## Timeline", "", "## Appendix", "", block)
    assert lint(text) == [(3, 4, "PM002")]


@pytest.mark.parametrize("comment", [
    "<!-- pmlint-disabled -->",
    "<!-- pmlint-disable-line -->",
    "<!-- see pmlint-disable-file in the docs -->",
    # An upper-case directive is a directive (issue 15: directives are case-insensitive, as rule codes
    # are); tests/test_regressions.py covers it.
])
def test_comments_that_only_look_like_directives(lint, comment):
    text = doc("# Outage", "", comment, "## Timeline")
    assert lint(text) == [(4, 4, "PM002")]
