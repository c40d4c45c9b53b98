"""PM001 missing-section, PM002 empty-section, PM003 summary-field: pass, fail at line:col."""
from __future__ import annotations

from pathlib import Path

import pytest

from helpers import brief, lint_text

FIXTURES = Path(__file__).parent / "fixtures"

COMPLETE = """\
# Login outage

## Executive Summary
- Impact: 12,000 users could not log in.
- Duration: 45 minutes.
- Root Cause: A load balancer rule dropped new connections.
- Status: Resolved.

## Timeline (UTC)
- 14:05 Alert fires.

## Root Cause Analysis
1. Why did logins fail? The load balancer dropped connections.

## What Went Well
The alert fired quickly.

## What Went Wrong
The runbook was out of date.

## Action Items
- Add a config check to the pipeline (owner: Sarah, due: 2026-04-01)

## Lessons Learned
Configuration needs review like code.
"""


def test_complete_document_is_clean() -> None:
    assert lint_text(COMPLETE) == []


def test_good_fixtures_are_clean() -> None:
    for path in sorted((FIXTURES / "good").glob("*.md")):
        text = path.read_bytes().decode("utf-8")
        assert lint_text(text) == [], path.name


# -- PM001 --------------------------------------------------------------------------------------


def test_pm001_reports_every_missing_section_in_one_finding() -> None:
    text = (FIXTURES / "timeline-and-actions-only.md").read_text(encoding="utf-8")
    findings = lint_text(text, select=("PM001",))
    # One edit (adding the outline) fixes it: one finding at the title heading's text, naming them all.
    assert brief(findings) == [("PM001", 1, 3, 1, 23)]
    assert findings[0].message == ("missing 3 required sections: 'Executive Summary', 'Root Cause Analysis' "
                                   "and 'Lessons Learned'")
    assert findings[0].suggestion == ("add '## Executive Summary' (or 'Summary', 'Overview'); "
                                      "'## Root Cause Analysis' (or 'Root Cause', 'Contributing Factors'); "
                                      "'## Lessons Learned' (or 'Lessons Learnt', 'Key Takeaways')")


def test_pm001_one_missing_section_names_accepted_headings() -> None:
    text = COMPLETE.replace("## Timeline (UTC)\n- 14:05 Alert fires.\n\n", "")
    findings = lint_text(text, select=("PM001",))
    assert brief(findings) == [("PM001", 1, 3, 1, 15)]
    assert findings[0].message == ("missing required section 'Timeline' (accepted headings: 'Timeline', "
                                   "'Chronology', 'Sequence of Events', 'Timeline of Events' and 1 more)")
    assert findings[0].suggestion == "add '## Timeline' (or 'Chronology', 'Sequence of Events')"


@pytest.mark.parametrize("heading", [
    "## 3. Timeline (all times PST):",
    "### Timeline of events",
    "#### **Timeline**",
    "Timeline\n--------",
    "## [Timeline](#timeline)",
])
def test_pm001_heading_variants_satisfy_a_section(heading: str) -> None:
    findings = lint_text(f"# T\n\n{heading}\n\n- 14:05 x\n", select=("PM001",))
    assert not any("'Timeline'" in f.message for f in findings)


def test_pm001_one_heading_satisfies_two_sections() -> None:
    findings = lint_text("# T\n\n## Recovery and Lessons Learned\nWe restored it.\n", select=("PM001",))
    assert not any("'Lessons Learned'" in f.message for f in findings)


def test_pm001_bold_label_satisfies_a_section() -> None:
    findings = lint_text("# T\n\n**Root cause:** a full disk.\n", select=("PM001",))
    assert not any("'Root Cause Analysis'" in f.message for f in findings)


def test_pm001_headings_in_code_and_comments_do_not_count() -> None:
    text = "# T\n\n```\n## Timeline\n```\n\n<!--\n## Timeline\n-->\n"
    findings = lint_text(text, select=("PM001",))
    assert any("'Timeline'" in f.message for f in findings)


def test_pm001_without_heading_points_at_first_line() -> None:
    findings = lint_text("\n  Some prose here.\n", select=("PM001",))
    assert {brief([f])[0][1:] for f in findings} == {(2, 3, 2, 19)}


def test_pm001_unrelated_heading_does_not_count() -> None:
    # "Questions for follow up" is not an action item section.
    findings = lint_text("# T\n\n## Questions for follow up\n- why?\n", select=("PM001",))
    assert any("'Action Items'" in f.message for f in findings)


# -- PM002 --------------------------------------------------------------------------------------


def test_pm002_unfilled_guide_template_reports_every_section() -> None:
    text = (FIXTURES / "guide-template-unfilled.md").read_text(encoding="utf-8")
    findings = lint_text(text, select=("PM002",))
    assert brief(findings) == [
        ("PM002", 7, 4, 7, 18),    # Timeline (UTC)
        ("PM002", 9, 4, 9, 23),    # Root Cause Analysis
        ("PM002", 11, 4, 11, 18),  # What Went Well
        ("PM002", 13, 4, 13, 19),  # What Went Wrong
        ("PM002", 15, 4, 15, 16),  # Action Items
        ("PM002", 17, 4, 17, 19),  # Lessons Learned
    ]
    assert findings[0].message == "section 'Timeline' holds only a placeholder ('[Chronological events]')"


@pytest.mark.parametrize("body", ["", "TBD", "TODO", "N/A", "- TBD\n- TODO", "{{ timeline }}", "...",
                                  "<!-- write the timeline -->", "TODO: fill this in", "| Time | Event |\n|---|---|\n| | |"])
def test_pm002_empty_or_placeholder_bodies(body: str) -> None:
    findings = lint_text(f"# T\n\n## Timeline\n{body}\n\n## Other\nText.\n", select=("PM002",))
    assert brief(findings) == [("PM002", 3, 4, 3, 12)]


@pytest.mark.parametrize("body", ["- 14:05 Alert fires.", "```\n14:05 log line\n```", "- https://example.com/issues/1",
                                  "![graph](graph.png)", "### 14:05\nThe alert fires.", "`14:05` alert",
                                  "TBD items were triaged at 14:05."])
def test_pm002_content_is_not_empty(body: str) -> None:
    assert lint_text(f"# T\n\n## Timeline\n{body}\n\n## Other\nText.\n", select=("PM002",)) == []


def test_pm002_skips_summary_with_fields_left_to_pm003() -> None:
    findings = lint_text("# T\n\n## Summary\n- Impact:\n- Duration:\n", select=("PM002",))
    assert findings == []


# -- PM003 --------------------------------------------------------------------------------------


def test_pm003_unfilled_guide_template_reports_every_field() -> None:
    text = (FIXTURES / "guide-template-unfilled.md").read_text(encoding="utf-8")
    findings = lint_text(text, select=("PM003",))
    assert brief(findings) == [("PM003", 3, 3, 3, 9), ("PM003", 4, 3, 4, 11), ("PM003", 5, 3, 5, 13),
                               ("PM003", 6, 3, 6, 9)]
    assert [f.message for f in findings] == [
        "summary field 'Impact' is empty", "summary field 'Duration' is empty",
        "summary field 'Root Cause' is empty", "summary field 'Status' is empty"]


def test_pm003_placeholder_value() -> None:
    findings = lint_text("# T\n\n## Summary\n- Impact: TBD\n- Duration: 2 hours\n- Root cause: a bug\n"
                         "- Status: resolved\n", select=("PM003",))
    assert brief(findings) == [("PM003", 4, 3, 4, 9)]
    assert findings[0].message == "summary field 'Impact' holds only a placeholder ('TBD')"


def test_pm003_missing_field_points_at_summary_heading() -> None:
    findings = lint_text("# T\n\n## Executive Summary\n- Impact: 300 users saw errors\n- Duration: 2 hours\n"
                         "- Root cause: a bug\n", select=("PM003",))
    assert brief(findings) == [("PM003", 3, 4, 3, 21)]
    assert findings[0].message == "executive summary has no 'Status' field"


def test_pm003_bold_labels_and_table_rows() -> None:
    text = ("# T\n\n## Summary\n**Impact:** 300 users saw errors.  \n**Duration**: 2 hours\n\n"
            "| Field | Value |\n|---|---|\n| **Root cause** | expired certificate |\n| Status | resolved |\n")
    assert lint_text(text, select=("PM003",)) == []


def test_pm003_field_given_by_own_section() -> None:
    text = ("# T\n\n## Summary\n- Duration: 2 hours\n- Root cause: a bug\n- Status: resolved\n\n"
            "## Impact\nAll EU customers saw errors.\n")
    assert lint_text(text, select=("PM003",)) == []


def test_pm003_field_given_by_front_matter() -> None:
    text = ("---\nstatus: resolved\n---\n# T\n\n## Summary\n- Impact: 300 users\n- Duration: 2 hours\n"
            "- Root cause: a bug\n")
    assert lint_text(text, select=("PM003",)) == []


def test_pm003_prose_summary_like_the_guides_example_gives_every_field() -> None:
    text = ("# T\n\n## Executive Summary\nOn March 15, 2026, our authentication service experienced a 45-minute "
            "outage affecting 12,000 users due to a misconfigured load balancer. We resolved the issue by "
            "reverting the configuration.\n")
    assert lint_text(text, select=("PM003",)) == []


def test_pm003_prose_without_duration_reports_it() -> None:
    text = "# T\n\n## Summary\nUsers could not sign in because a certificate expired. It is resolved.\n"
    findings = lint_text(text, select=("PM003",))
    assert [f.message for f in findings] == ["executive summary has no 'Duration' field"]


def test_pm003_empty_label_is_not_rescued_by_other_fields_prose() -> None:
    text = "# T\n\n## Summary\n- Impact:\n- Duration: 2 hours\n- Root cause: users hit a bug\n- Status: resolved\n"
    findings = lint_text(text, select=("PM003",))
    assert brief(findings) == [("PM003", 4, 3, 4, 9)]


def test_pm003_silent_without_summary() -> None:
    assert lint_text("# T\n\n## Timeline\n- 14:05 x\n", select=("PM003",)) == []


def test_pm003_label_value_on_following_lines() -> None:
    text = ("# T\n\n## Summary\n- Impact:\n  - 300 users saw errors\n- Duration: 2 hours\n- Root cause: a bug\n"
            "- Status: resolved\n")
    assert lint_text(text, select=("PM003",)) == []


def test_pm002_italic_template_instruction_is_a_placeholder() -> None:
    findings = lint_text("# T\n\n## Timeline\n_List the key events in order, with times in UTC._\n", select=("PM002",))
    assert brief(findings) == [("PM002", 3, 4, 3, 12)]
    assert "holds only a placeholder ('List the key events" in findings[0].message


@pytest.mark.parametrize("body", ["*No customer data was exposed.*", "List of affected hosts: db-1, db-2.",
                                  "_Describe_ is what we did not do: we acted."])
def test_pm002_italic_note_or_plain_list_is_content(body: str) -> None:
    assert lint_text(f"# T\n\n## Timeline\n{body}\n", select=("PM002",)) == []
