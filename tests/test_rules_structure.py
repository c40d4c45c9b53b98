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
1. Why did logins fail? The load balancer dropped connections: no check covered its rules.

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
                                   "'Chronology', 'Sequence of Events', 'Timeline of Events' and 3 more)")
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


def test_pm001_a_single_action_label_is_the_action_items() -> None:
    findings = lint_text("# T\n\n**Action:** @wei adds a delete check, due 2026-07-16.\n", select=("PM001",))
    assert findings and not any("'Action Items'" in f.message for f in findings)
    # Only the word alone: "Action taken by the attacker" names no section.
    findings = lint_text("# T\n\n## Action taken by the attacker\n\nText.\n", select=("PM001",))
    assert any("'Action Items'" in f.message for f in findings)


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
                                  "<table><tr><td>14:05</td><td>Alert fires.</td></tr></table>",
                                  "<details>\n<summary>Graphs</summary>\n\n![cpu](cpu.png)\n</details>",
                                  "![graph](graph.png)", "### 14:05\nThe alert fires.", "`14:05` alert",
                                  "TBD items were triaged at 14:05."])
def test_pm002_content_is_not_empty(body: str) -> None:
    assert lint_text(f"# T\n\n## Timeline\n{body}\n\n## Other\nText.\n", select=("PM002",)) == []


def test_pm002_a_blank_heading_of_a_section_with_content_elsewhere_is_still_reported() -> None:
    # "Root Causes" has content; "Trigger", another heading of the Root Cause Analysis, is left blank.
    text = "# T\n\n## Root Causes\n\nThe disk filled because rotation was off.\n\n## Trigger\n\n## Other\nText.\n"
    assert brief(lint_text(text, select=("PM002",))) == [("PM002", 7, 4, 7, 11)]


def test_pm002_an_empty_section_under_two_headings_is_one_finding() -> None:
    text = "# T\n\n## Root Causes\n\n## Trigger\n\n## Other\nText.\n"
    findings = lint_text(text, select=("PM002",))
    assert brief(findings) == [("PM002", 3, 4, 3, 15)]
    assert findings[0].message == "section 'Root Cause Analysis' is empty"


def test_pm002_the_parts_of_an_empty_whole_are_the_wholes_finding() -> None:
    text = "# T\n\n## Lessons Learned\n\n### What went well\n\n### What went wrong\n\n## Other\nText.\n"
    findings = lint_text(text, select=("PM002",))
    assert brief(findings) == [("PM002", 3, 4, 3, 19)]
    assert findings[0].message == "section 'Lessons Learned' is empty"
    # A blank part of a whole with content is still reported.
    text = "# T\n\n## Lessons Learned\n\n### What went well\n\nAlerts fired.\n\n### What went wrong\n\n## Other\nText.\n"
    assert brief(lint_text(text, select=("PM002",))) == [("PM002", 9, 5, 9, 20)]


def test_pm002_skips_summary_with_fields_left_to_pm003() -> None:
    findings = lint_text("# T\n\n## Summary\n- Impact:\n- Duration:\n", select=("PM002",))
    assert findings == []


def test_pm002_and_pm003_report_a_blank_root_cause_section_once() -> None:
    # The summary states no cause and "## Root cause" is TBD: writing the analysis fixes both, one finding.
    text = "# T\n\n## Summary\n\nFor 20 minutes 500 users could not log in. Resolved.\n\n## Root cause\n\nTBD\n"
    findings = lint_text(text, select=("PM002", "PM003"))
    assert [(f.code, f.span.line) for f in findings] == [("PM002", 7)]
    # The summary's prose gives the cause: the blank section is still PM002's, and PM003 has nothing to say.
    text = text.replace("could not log in.", "could not log in, caused by an expired certificate.")
    assert [(f.code, f.span.line) for f in lint_text(text, select=("PM002", "PM003"))] == [("PM002", 7)]


# -- PM003 --------------------------------------------------------------------------------------


def test_pm003_unfilled_guide_template_reports_every_field() -> None:
    text = (FIXTURES / "guide-template-unfilled.md").read_text(encoding="utf-8")
    findings = lint_text(text, select=("PM003",))
    # One finding for the one edit (filling in the summary), at the summary's heading.
    assert brief(findings) == [("PM003", 2, 4, 2, 21)]
    assert [f.message for f in findings] == [
        "executive summary does not state its 'Impact', 'Duration', 'Root Cause' or 'Status' (each empty)"]


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


@pytest.mark.parametrize("cause", [
    "failed after a configuration change doubled the routing table",
    "failed; we traced the failures to a configuration change",
    "failed when the proxies ran out of memory",
])
def test_pm003_prose_states_a_cause_in_everyday_words(cause: str) -> None:
    text = f"# T\n\n## Summary\nFor 46 minutes 30% of storefront requests {cause}. It is resolved.\n"
    assert lint_text(text, select=("PM003",)) == []
    # Without the cause, the field is reported.
    plain = "# T\n\n## Summary\nFor 46 minutes 30% of storefront requests failed. It is resolved.\n"
    assert [f.message for f in lint_text(plain, select=("PM003",))] == ["executive summary has no 'Root Cause' field"]


@pytest.mark.parametrize("said", ["Between August 19 and 21, 2026, 300 users could not log in",
                                  "On 19-21 August 2026, 300 users could not log in"])
def test_pm003_a_range_of_days_states_the_duration(said: str) -> None:
    text = f"# T\n\n## Summary\n\n{said} because a certificate expired. Resolved.\n"
    assert lint_text(text, select=("PM003",)) == []


@pytest.mark.parametrize("said", ["No known exploitation.", "We are not aware of any exploitation.",
                                  "No exploitation has been observed."])
def test_pm003_an_advisory_that_saw_no_exploitation_needs_no_duration(said: str) -> None:
    text = (f"# T\n\n## Summary\n\nA researcher reported a flaw in the login API and we fixed it. {said} "
            "Resolved; caused by a missing check.\n")
    assert lint_text(text, select=("PM003",)) == []
    without = text.replace(said + " ", "")  # then nothing says the impact, nor how long it lasted
    assert [f.message for f in lint_text(without, select=("PM003",))] == [
        "executive summary does not state its 'Impact' or 'Duration'"]


def test_pm003_prose_without_duration_reports_it() -> None:
    text = "# T\n\n## Summary\nUsers could not sign in because a certificate expired. It is resolved.\n"
    findings = lint_text(text, select=("PM003",))
    assert [f.message for f in findings] == ["executive summary has no 'Duration' field"]


def test_pm003_empty_label_is_not_rescued_by_other_fields_prose() -> None:
    text = "# T\n\n## Summary\n- Impact:\n- Duration: 2 hours\n- Root cause: users hit a bug\n- Status: resolved\n"
    findings = lint_text(text, select=("PM003",))
    assert brief(findings) == [("PM003", 4, 3, 4, 9)]


def test_pm003_a_field_whose_value_is_a_link_is_not_empty() -> None:
    text = ("# T\n\n## Summary\n- Impact: 300 users could not log in.\n- Duration: 40 minutes\n"
            "- Root cause: an expired certificate.\n- Status: <https://status.example.com/incidents/42>\n")
    assert lint_text(text, select=("PM003",)) == []
    blank = text.replace(" <https://status.example.com/incidents/42>", "")
    assert [f.message for f in lint_text(blank, select=("PM003",))] == ["summary field 'Status' is empty"]


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


# -- PM001: what provides a section ---------------------------------------------------------------


def _missing(text: str) -> str:
    """The one PM001 message for ``text`` ("" when nothing is missing)."""
    findings = lint_text(text, select=("PM001",))
    assert len(findings) <= 1
    return findings[0].message if findings else ""


def test_pm001_lessons_learned_covers_what_went_well_and_wrong() -> None:
    text = COMPLETE.replace("## What Went Well\nThe alert fired quickly.\n\n", "").replace(
        "## What Went Wrong\nThe runbook was out of date.\n\n", "")
    assert _missing(text) == ""


def test_pm001_what_went_wrong_alone_still_asks_for_what_went_well() -> None:
    text = COMPLETE.replace("## What Went Well\nThe alert fired quickly.\n\n", "")
    assert _missing(text).startswith("missing required section 'What Went Well' (")


def test_pm001_what_went_well_and_wrong_give_lessons_learned() -> None:
    text = COMPLETE.replace("## Lessons Learned\nConfiguration needs review like code.\n", "")
    assert _missing(text) == ""


def test_pm001_no_reflection_at_all_is_one_name() -> None:
    text = COMPLETE.split("## What Went Well")[0] + "## Action Items\n- Add a config check (owner: Sarah, due: 2026-04-01)\n"
    assert _missing(text).startswith("missing required section 'Lessons Learned' (")


def test_pm001_title_heading_does_not_count_as_a_section() -> None:
    # "Timeline" in the title names the document, not its timeline.
    text = COMPLETE.replace("# Login outage", "# Timeline of the login outage").replace(
        "## Timeline (UTC)\n- 14:05 Alert fires.\n\n", "")
    assert _missing(text).startswith("missing required section 'Timeline' (")


def test_pm001_untitled_opening_paragraph_is_the_summary() -> None:
    text = COMPLETE.replace("## Executive Summary\n", "").replace(
        "- Impact: 12,000 users could not log in.\n- Duration: 45 minutes.\n- Root Cause: A load balancer rule dropped "
        "new connections.\n- Status: Resolved.\n",
        "On 15 March, 12,000 users could not log in for 45 minutes because a load balancer rule dropped new "
        "connections. We resolved it by reverting the rule.\n")
    assert _missing(text) == ""
    assert lint_text(text, select=("PM002", "PM003")) == []


def test_pm001_a_short_opening_line_is_not_a_summary() -> None:
    text = COMPLETE.replace("## Executive Summary\n", "").replace(
        "- Impact: 12,000 users could not log in.\n- Duration: 45 minutes.\n- Root Cause: A load balancer rule dropped "
        "new connections.\n- Status: Resolved.\n", "Logs from the chat.\n")
    assert _missing(text).startswith("missing required section 'Executive Summary' (")


@pytest.mark.parametrize("label", ["**Action items**", "**What has been done**", "**Action Items:**"])
def test_pm001_bold_label_heading_a_list_is_a_section(label: str) -> None:
    text = COMPLETE.replace("## Action Items\n", f"{label}\n\n")
    assert _missing(text) == ""
    numbered = COMPLETE.replace("## Action Items\n- Add", f"{label}\n1. Add")
    assert _missing(numbered) == ""


@pytest.mark.parametrize("heading", ["## Details of the vulnerability", "## Contributing Factors (findings)",
                                     "## Why did this happen?", "## Underlying cause"])
def test_pm001_recognisable_root_cause_headings(heading: str) -> None:
    assert _missing(COMPLETE.replace("## Root Cause Analysis", heading)) == ""


def test_pm001_part_of_is_configurable(tmp_path: Path) -> None:
    config = tmp_path / ".pmlint.yaml"
    config.write_text("sections:\n  what-went-well:\n    part-of: null\n", encoding="utf-8")
    text = COMPLETE.replace("## What Went Well\nThe alert fired quickly.\n\n", "").replace(
        "## What Went Wrong\nThe runbook was out of date.\n\n", "")
    findings = lint_text(text, select=("PM001",), config_file=config)
    assert [f.message.split(" (")[0] for f in findings] == ["missing required section 'What Went Well'"]


# -- the executive summary: where it is and where it ends -----------------------------------------


def test_pm003_opening_summary_in_prose_is_complete() -> None:
    text = ("# Login outage\n\nOn 15 March 2026, 12,000 users could not log in for 45 minutes due to a misconfigured "
            "load balancer. We resolved the issue by reverting the configuration.\n\n## Timeline (UTC)\n- 14:05 x\n")
    assert lint_text(text, select=("PM003",)) == []


def test_pm003_missing_field_of_opening_summary_points_at_the_title() -> None:
    text = ("# Login outage\n\nOn 15 March 2026, 12,000 users could not log in because a load balancer rule "
            "dropped new connections. We resolved the issue by reverting it.\n\n## Timeline (UTC)\n- 14:05 x\n")
    findings = lint_text(text, select=("PM003",))
    assert brief(findings) == [("PM003", 1, 3, 1, 15)]
    assert findings[0].message == "executive summary has no 'Duration' field"


def test_pm003_what_happened_is_not_the_summary_when_a_real_one_exists() -> None:
    text = ("# T\n\n## Summary\n- Impact: 300 users saw errors\n- Duration: 2 hours\n- Root cause: a bug\n"
            "- Status: resolved\n\n## What happened\nThe deploy went out at 14:05.\n")
    assert lint_text(text, select=("PM003",)) == []


def test_pm003_narrative_section_late_in_the_document_is_no_summary() -> None:
    text = ("# T\n\n## Alert\nThe pager fired at 14:05 because disk usage on the primary database crossed 95%.\n\n"
            "## What happened\nA disk filled up.\n")
    assert lint_text(text, select=("PM003",)) == []
    assert "'Executive Summary'" in _missing(text)


def test_summary_ends_at_a_nested_required_section() -> None:
    text = "# T\n\n## Summary\n\n### Timeline\n- 14:05 Users saw errors for 2 hours because of a bug; resolved.\n"
    findings = lint_text(text, select=("PM002", "PM003"))
    # The timeline's words are not the summary's: the summary is empty (PM002), so PM003 stays silent.
    assert brief(findings) == [("PM002", 3, 4, 3, 11)]
    assert findings[0].message == "section 'Executive Summary' is empty"


def test_summary_inside_lessons_learned_is_not_the_executive_summary() -> None:
    text = COMPLETE.replace("Configuration needs review like code.\n", "### Summary\nReview config like code.\n")
    assert lint_text(text, select=("PM002", "PM003")) == []


@pytest.mark.parametrize("sentence", [
    "The outage self-healed once a new node was up.",
    "The team restarted it successfully.",
    "The crates were fully removed.",
    "Affected depositors have been compensated.",
    "We deployed the fix at 15:00.",
    "The service was back in a working state.",
    "Traffic returned to normal.",
])
def test_pm003_status_stated_in_prose(sentence: str) -> None:
    text = ("# T\n\n## Summary\n12,000 users saw errors for 2 hours because a certificate expired. "
            f"{sentence}\n")
    assert lint_text(text, select=("PM003",)) == []


@pytest.mark.parametrize("sentence", [
    "The problem was that a single repository used every build slot.",
    "This was caused by a small bug.",
    "It failed due to an expired certificate.",
])
def test_pm003_cause_stated_in_prose(sentence: str) -> None:
    text = f"# T\n\n## Summary\nUsers saw errors for 2 hours. {sentence} It is resolved.\n"
    assert lint_text(text, select=("PM003",)) == []


@pytest.mark.parametrize("sentence", [
    "Builds failed from May 9 to May 12.",
    "Builds failed between the hours of 1900 and 2100 UTC.",
    "Builds failed from 14:05 to 14:50.",
    "Builds failed; the incident lasted most of Sunday.",
    "Builds failed for 1h50m.",
])
def test_pm003_duration_stated_in_prose(sentence: str) -> None:
    text = f"# T\n\n## Summary\n{sentence} A bug caused it. It is resolved.\n"
    assert lint_text(text, select=("PM003",)) == []


def test_pm003_time_to_recovery_in_a_stats_block_gives_the_duration() -> None:
    text = ("# T\n\n## Summary\nUsers saw errors because a certificate expired. It is resolved.\n\n"
            "## Stats\n- Time to detection: 5 minutes\n- Time to recovery: 84 minutes\n")
    assert lint_text(text, select=("PM003",)) == []


def test_pm003_unknown_time_to_recovery_does_not_give_the_duration() -> None:
    text = ("# T\n\n## Summary\nUsers saw errors because a certificate expired. It is resolved.\n\n"
            "## Stats\n- Time to recovery: ?\n")
    findings = lint_text(text, select=("PM003",))
    assert [f.message for f in findings] == ["executive summary has no 'Duration' field"]


def test_pm003_status_line_of_an_action_item_is_not_the_summary_status() -> None:
    text = ("# T\n\n## Summary\nUsers saw errors because a certificate expired.\n\n"
            "## Action Items\n- Add an expiry alert\n  Status: in progress\n")
    findings = lint_text(text, select=("PM003",))
    assert [f.message for f in findings] == ["executive summary does not state its 'Duration' or 'Status'"]


def test_pm003_several_problems_are_one_finding_at_the_summary_heading() -> None:
    text = ("# T\n\n## Summary\n- Impact: 300 users saw errors\n- Duration: TBD\n- Root cause:\n")
    findings = lint_text(text, select=("PM003",))
    assert brief(findings) == [("PM003", 3, 4, 3, 11)]
    assert findings[0].message == ("executive summary does not state its 'Duration' (only 'TBD'), "
                                   "'Root Cause' (empty) or 'Status'")


def test_pm003_blog_opening_missing_two_fields_is_one_finding_at_the_title() -> None:
    text = ("# Checkout errors on May 2\n\nFor part of the afternoon many shoppers could not pay for their "
            "orders and saw an error page instead.\n\n## Timeline\n- 14:05 UTC errors start\n")
    findings = lint_text(text, select=("PM003",))
    assert brief(findings) == [("PM003", 1, 3, 1, 27)]
    assert findings[0].message == "executive summary does not state its 'Duration', 'Root Cause' or 'Status'"


def test_pm003_silent_when_pm002_reports_the_summary_empty() -> None:
    text = "# T\n\n## Summary\nTBD\n\n## Timeline\n- 14:05 x\n"
    findings = lint_text(text, select=("PM002", "PM003"))
    assert brief(findings) == [("PM002", 3, 4, 3, 11)]
    assert findings[0].message == "section 'Executive Summary' holds only a placeholder ('TBD')"


def test_part_of_an_undefined_section_is_a_config_error(tmp_path: Path) -> None:
    from pmlint.errors import ConfigError

    config = tmp_path / ".pmlint.yaml"
    config.write_text("sections:\n  what-went-well:\n    part-of: retro\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="names section 'retro'"):
        lint_text("# T\n", config_file=config)


def test_bold_label_above_a_list_opens_a_section() -> None:
    from pmlint.config.loading import load_config
    from pmlint.reading.document import Document
    from pmlint.reading.labels import LABEL_HEADING_LEVEL
    from pmlint.reading.source import Source
    from pmlint.ruledefs import load_rules

    text = ("# T\n\n## Summary\nUsers saw errors.\n\n**Action items**\n\n1. Add an alert\n2. Add a test\n\n"
            "**Not a section name**\n- a\n\n**Timeline** is in the appendix.\n- b\n")
    doc = Document.parse(Source.from_text("doc.md", text), load_config(None, load_rules()).catalog)
    [section] = doc.find_sections("action-items")
    assert (section.level, section.title, section.first_line, section.end_line) == (LABEL_HEADING_LEVEL, "Action items", 5, 10)
    assert doc.find_sections("timeline") == []  # bold words inside a sentence are no label
    assert [heading.text for heading in doc.headings] == ["T", "Summary"]  # headings stay Markdown's


@pytest.mark.parametrize("sentences", [
    "Ping to the server was lost at 19:31. The intervention ended at 19:44.",
    "Users reported broken installs on August 16. The crates were removed on August 18.",
])
def test_pm003_a_start_and_an_end_give_the_duration(sentences: str) -> None:
    text = f"# T\n\n## Summary\n{sentences} A bug caused it; it is resolved.\n"
    assert lint_text(text, select=("PM003",)) == []


def test_pm003_a_date_and_a_start_time_are_no_duration() -> None:
    text = ("# T\n\n## Summary\nOn Monday, Oct 15, starting at 20:00 UTC, users saw errors because of a bug. "
            "It is resolved.\n")
    assert [f.message for f in lint_text(text, select=("PM003",))] == ["executive summary has no 'Duration' field"]


def test_a_narrative_section_after_metadata_lines_is_the_summary() -> None:
    text = ("# Exploit\n\n## September exploit\n\n* **Date:** 13/09/2021\n* **Chain id:** main\n\n### Description\n"
            "Attackers drained 20 pools for 2 hours through a bug in the deposit check. The bug is patched.\n")
    assert "'Executive Summary'" not in _missing(text)
    assert lint_text(text, select=("PM003",)) == []


def test_pm002_lorem_ipsum_is_a_placeholder() -> None:
    findings = lint_text("# T\n\n## Timeline\nLorem ipsum dolor\n", select=("PM002",))
    assert brief(findings) == [("PM002", 3, 4, 3, 12)]
    assert findings[0].message == "section 'Timeline' holds only a placeholder ('Lorem ipsum dolor')"


def test_pm002_blank_sub_heading_of_a_section_with_content_is_not_an_empty_section() -> None:
    text = COMPLETE.replace("Configuration needs review like code.\n",
                            "Configuration needs review like code.\n\n### Where we got lucky\n")
    assert lint_text(text, select=("PM002",)) == []


def test_pm003_opening_and_the_what_happened_right_after_it_are_read_together() -> None:
    text = ("# Airdrop congestion\n\nThis note documents the network congestion of last February for our "
            "validators.\n\n## What happened\nTransactions were delayed for three days because contract calls "
            "were underpriced. Rate limits ended it.\n\n## Timeline\n- 14:05 x\n")
    assert lint_text(text, select=("PM003",)) == []


def test_exact_alias_counts_only_as_the_whole_heading() -> None:
    lessons = "## Lessons Learned\nConfiguration needs review like code.\n"
    reflection_free = COMPLETE.replace("## What Went Well\nThe alert fired quickly.\n\n", "").replace(
        "## What Went Wrong\nThe runbook was out of date.\n\n", "")
    assert _missing(reflection_free.replace(lessons, "## Postmortem\nWe need an alert on disk usage.\n")) == ""
    # The same word inside a longer heading is not the section.
    missing = _missing(reflection_free.replace(lessons, "## Postmortem meeting notes\nWe met on Monday.\n"))
    assert missing.startswith("missing required section 'Lessons Learned' (")
    assert "'=" not in missing


@pytest.mark.parametrize(("front_matter", "expected"), [
    ("---\nauthor: sam\ntitle: Login outage\n---\n", ("PM001", 3, 1, 3, 20)),
    ("+++\ntitle = \"Login outage\"\n+++\n", ("PM001", 2, 1, 2, 23)),
])
def test_pm001_points_at_a_front_matter_title(front_matter: str, expected: tuple) -> None:
    text = front_matter + "\nOn 15 March 12,000 users could not log in for 45 minutes; a bug; resolved by a revert.\n"
    assert brief(lint_text(text, select=("PM001",))) == [expected]


def test_pm003_incidents_listed_with_their_lengths_are_over() -> None:
    text = ("# T\n\n## Summary\nFour incidents totaling 14 hours of errors for users, caused by undersized nodes.\n\n"
            "- October 21 (103 minutes): Redis overload\n- October 24 (72 minutes): rate limiting\n")
    assert lint_text(text, select=("PM003",)) == []


def test_summary_field_sub_headings_stay_in_the_summary() -> None:
    text = ("# T\n\n## Summary\n\n### Root Cause\nAn expired certificate.\n\n### Impact\n300 users saw errors for "
            "2 hours.\n\n### Status\nResolved.\n\n## Timeline\n- 14:05 x\n")
    assert lint_text(text, select=("PM002", "PM003")) == []


@pytest.mark.parametrize("heading", ["## Follow-up", "## Follow up", "## Follow-up actions", "## Next steps"])
def test_pm001_follow_up_headings_are_action_items(heading: str) -> None:
    assert _missing(COMPLETE.replace("## Action Items", heading)) == ""


def test_pm001_a_list_of_commitments_under_another_heading_is_the_action_items() -> None:
    body = ("## Recovery and Lessons Learned\nThe queue drained by itself.\n\n"
            "- We will add monitoring for replica lag.\n- Though limits were not the cause, we will raise them.\n")
    text = COMPLETE.replace("## Lessons Learned\nConfiguration needs review like code.\n", body)
    assert _missing(text.replace("## Action Items\n- Add a config check to the pipeline (owner: Sarah, due: "
                                 "2026-04-01)\n\n", "")) == ""
    one = body.replace("- Though limits were not the cause, we will raise them.\n", "")
    text = COMPLETE.replace("## Lessons Learned\nConfiguration needs review like code.\n", one)
    assert "'Action Items'" in _missing(text.replace("## Action Items\n- Add a config check to the pipeline "
                                                     "(owner: Sarah, due: 2026-04-01)\n\n", ""))


@pytest.mark.parametrize(("sentence", "provides"), [
    ("The root cause was determined to be a phishing mail sent from a trusted account.", True),
    ("The cause of the outage is a bug in the parameter validation.", True),
    ("The cause of the issues was diagnosed by the team at 23:00.", False),
    ("We do not know yet what failed.", False),
])
def test_pm001_a_cause_stated_outright_is_the_root_cause_analysis(sentence: str, provides: bool) -> None:
    analysis = "## Root Cause Analysis\n1. Why did logins fail? The load balancer dropped connections: no check covered its rules.\n"
    text = COMPLETE.replace(analysis, f"## Resolution and recovery\n{sentence}\n")
    assert (_missing(text) == "") is provides


# -- headings that name action items; bracketed section names -----------------------------------


@pytest.mark.parametrize("heading", ["Post operations", "Follow-ups", "Remediation", "Next steps", "Future work",
                                     "Process improvements", "Post-incident actions", "What's next", "TODO"])
def test_pm001_headings_that_hold_action_items(heading: str) -> None:
    text = COMPLETE.replace("## Action Items", f"## {heading}")
    assert lint_text(text, select=("PM001",)) == []


@pytest.mark.parametrize("heading", ["Moving forward", "Questions for follow up", "Tasks performed during recovery"])
def test_pm001_closing_words_are_not_action_items(heading: str) -> None:
    text = COMPLETE.replace("## Action Items", f"## {heading}")
    [finding] = lint_text(text, select=("PM001",))
    assert finding.message.startswith("missing required section 'Action Items' (accepted headings: ")


def test_pm001_bracket_that_names_a_section_provides_it() -> None:
    text = COMPLETE.replace("## Timeline (UTC)", "## What happened (timeline, UTC)").replace(
        "## Timeline (UTC)", "")
    assert [f.message for f in lint_text(text, select=("PM001",))][:1] == [
        "missing required section 'Timeline' (accepted headings: 'Timeline', 'Chronology', 'Sequence of Events', "
        "'Timeline of Events' and 3 more)"]  # a bracket that only mentions a section among other words is no name
    text = COMPLETE.replace("## Timeline (UTC)", "## What happened (timeline)")
    assert lint_text(text, select=("PM001",)) == []


def test_bracket_text_that_is_no_section_name_is_ignored() -> None:
    from pmlint.config.loading import load_config
    from pmlint.ruledefs import load_rules

    catalog = load_config(None, load_rules()).catalog
    assert catalog.keys_for("Timeline (all times PST)") == {"timeline"}
    assert catalog.keys_for("Rollout (API)") == frozenset()
    assert catalog.keys_for("What happened (timeline)") == {"summary", "timeline"}
    assert catalog.keys_for("Deploy [root cause]") >= {"root-cause-analysis"}
    assert catalog.keys_for("Unclosed (API") == frozenset()


# -- PM103 reads the one executive summary ------------------------------------------------------


BLOG_DURATION = """\
# Checkout errors

For about {stated} many shoppers could not pay because a cache node ran out of memory. It is resolved.

## Timeline (UTC)
- 2026-03-15 14:00 Alerts fire for checkout errors.
- 2026-03-15 14:45 Error rates are back to normal; incident resolved.
"""


def test_pm103_blog_opening_is_the_summary() -> None:
    assert brief(lint_text(BLOG_DURATION.format(stated="three hours"), select=("PM103",))) == [("PM103", 3, 11, 3, 22)]
    assert lint_text(BLOG_DURATION.format(stated="45 minutes"), select=("PM103",)) == []


def test_pm103_what_happened_is_not_the_summary_when_a_summary_exists() -> None:
    text = ("# T\n\n## Summary\nShoppers could not pay because a cache node ran out of memory. It is resolved.\n\n"
            "## What happened\nThe first alert came at 13:00 and for 5 hours the team tuned the cache.\n\n"
            "## Timeline (UTC)\n- 2026-03-15 14:00 Alerts fire for checkout errors.\n- 2026-03-15 14:45 Error rates are back to normal; incident resolved.\n")
    assert lint_text(text, select=("PM103",)) == []


# -- a disclosure with no impact has no duration to state ---------------------------------------


@pytest.mark.parametrize("sentence", ["The flaw was not exploited.", "No user funds were at risk.",
                                      "We found no evidence of exploitation.", "No users were affected."])
def test_pm003_no_duration_asked_when_nothing_was_affected(sentence: str) -> None:
    text = (f"# Vault disclosure\n\n## Summary\nA researcher reported a rounding bug in the vault contract. "
            f"{sentence} A patched contract was deployed and the issue is resolved.\n")
    assert lint_text(text, select=("PM003",)) == []


def test_pm003_no_impact_in_the_impact_section_counts_too() -> None:
    text = ("# Phishing attempt\n\n## Summary\nA phishing mail reached three staff accounts because the filter "
            "missed it. The accounts were checked and the mail removed; this is resolved.\n\n"
            "## Impact\nNo known impact.\n")
    assert lint_text(text, select=("PM003",)) == []


@pytest.mark.parametrize("sentence", ["The flaw was exploited twice and 40 users lost funds.", "No funds were lost, but 30 users saw "
                                      "wrong balances."])
def test_pm003_duration_still_asked_when_something_was_affected(sentence: str) -> None:
    text = (f"# Vault disclosure\n\n## Summary\nA researcher reported a rounding bug in the vault contract. "
            f"{sentence} A patched contract was deployed and the issue is resolved.\n")
    assert [f.message for f in lint_text(text, select=("PM003",))] == ["executive summary has no 'Duration' field"]


def test_pm003_summary_label_wins_over_a_bold_label_elsewhere() -> None:
    text = ("# T\n\n**Status:** Draft\n\n## Summary\n- Impact: 300 users saw errors\n- Duration: 2 hours\n"
            "- Root cause: a bug\n- Status: TBD\n")
    findings = lint_text(text, select=("PM003",))
    assert brief(findings) == [("PM003", 9, 3, 9, 9)]
    assert findings[0].message == "summary field 'Status' holds only a placeholder ('TBD')"


def test_pm003_bold_label_elsewhere_still_gives_a_field_the_summary_lacks() -> None:
    text = ("# T\n\n**Status:** Resolved\n\n## Summary\n- Impact: 300 users saw errors\n- Duration: 2 hours\n"
            "- Root cause: a bug\n")
    assert lint_text(text, select=("PM003",)) == []


def test_pm003_duration_in_the_impact_section_is_stated() -> None:
    text = ("# T\n\n## Summary\nCheckout timed out after a failover because a bug left the standby small. "
            "It is resolved.\n\n## Impact\nBetween 09:12 and 10:04 UTC about 18% of checkouts failed.\n")
    assert lint_text(text, select=("PM003",)) == []
    without = text.replace("Between 09:12 and 10:04 UTC about", "About")
    assert [f.message for f in lint_text(without, select=("PM003",))] == ["executive summary has no 'Duration' field"]


@pytest.mark.parametrize("heading", ["What we are doing", "What we're doing about it", "What we will do"])
def test_pm001_what_we_are_doing_holds_action_items(heading: str) -> None:
    text = COMPLETE.replace("## Action Items", f"## {heading}")
    assert lint_text(text, select=("PM001",)) == []


def test_pm003_a_resolution_section_gives_the_status() -> None:
    text = ("# T\n\n## Summary\n- Impact: 300 users saw errors\n- Duration: 2 hours\n"
            "- Root cause: an expired certificate\n\n"
            "## Resolution\nWe renewed the certificate at 16:05 UTC and errors stopped.\n")
    assert lint_text(text, select=("PM003",)) == []
    without = text.replace("## Resolution", "## Notes")
    assert [f.message for f in lint_text(without, select=("PM003",))] == ["executive summary has no 'Status' field"]


def test_pm003_label_starting_with_an_article_names_its_field() -> None:
    text = ("# T\n\n## Summary\n- Impact: 300 users saw errors for 2 hours\n"
            "**The underlying issue**: a subnet ran out of addresses.\n\n**Our status**: resolved.\n")
    assert lint_text(text, select=("PM003",)) == []
    without = text.replace("**The underlying issue**: a subnet ran out of addresses.\n\n", "")
    assert [f.message for f in lint_text(without, select=("PM003",))] == ["executive summary has no 'Root Cause' field"]


@pytest.mark.parametrize("summary", [
    "Users could not log in for 1.5 hours due to an expired certificate. We have since renewed it.",
    "Users could not log in overnight due to an expired certificate; the certificate was renewed and logins work again.",
    "For most of the afternoon users could not log in because a token was rotated too early. Logins work normally now.",
])
def test_pm003_more_ways_to_state_duration_and_status(summary: str) -> None:
    assert lint_text(f"# T\n\n## Summary\n{summary}\n", select=("PM003",)) == []


def test_pm003_a_summary_with_neither_duration_nor_status_still_reported() -> None:
    findings = lint_text("# T\n\n## Summary\nUsers could not log in due to an expired certificate.\n", select=("PM003",))
    assert [f.message for f in findings] == ["executive summary does not state its 'Duration' or 'Status'"]


def test_pm003_a_fix_never_done_is_no_status() -> None:
    text = "# T\n\n## Summary\nFor 2 hours CI failed because the cleanup job was never re-enabled after the freeze.\n"
    # "For 2 hours" ends the impact (status) but says nothing of the fix; without it, nothing gives the status.
    without = text.replace("For 2 hours CI failed", "CI failed for part of the day")
    assert [f.message for f in lint_text(without, select=("PM003",))] == [
        "executive summary does not state its 'Duration' or 'Status'"]


OUTLINE = ("\n## Timeline (UTC)\n- 2026-01-01 10:00 Alert fires.\n\n## Root cause\nA bug.\n\n## What went well\nA.\n\n"
           "## What went wrong\nB.\n\n## Action items\n- Add a test (owner: Ann, due 2026-02-01)\n\n## Lessons learned\nC.\n")
OPENING = "For 2 hours 300 users saw errors because a certificate expired. It is resolved."


def test_block_quoted_opening_is_the_summary() -> None:
    assert lint_text(f"# Login outage\n\n> [!NOTE]\n> {OPENING}\n{OUTLINE}", select=("PM001", "PM003")) == []


def test_wiki_page_whose_first_heading_is_level_two_has_an_opening_summary() -> None:
    assert lint_text(f"## Login outage\n\n{OPENING}\n{OUTLINE}", select=("PM001", "PM003")) == []
    # A first heading that names a section is no title: the text under it is that section.
    findings = lint_text(f"## Timeline\n\n{OPENING}\n{OUTLINE.replace('## Timeline (UTC)', '## Notes')}",
                         select=("PM001",))
    assert [f.message.split(" (")[0] for f in findings] == ["missing required section 'Executive Summary'"]


@pytest.mark.parametrize("body", ["This section will be updated after the retro.", "To be completed",
                                  "Work in progress", "Details will be shared once the investigation is complete."])
def test_pm002_text_that_promises_content_later_is_a_placeholder(body: str) -> None:
    findings = lint_text(f"# T\n\n## Lessons Learned\n{body}\n\n## Other\nText.\n", select=("PM002",))
    assert brief(findings) == [("PM002", 3, 4, 3, 19)]
    assert "holds only a placeholder" in findings[0].message


@pytest.mark.parametrize("body", ["We will be adding more monitoring to the cluster next week.",
                                  "To be honest, the alert was noisy and everyone ignored it for months."])
def test_pm002_sentences_about_the_future_are_content(body: str) -> None:
    assert lint_text(f"# T\n\n## Lessons Learned\n{body}\n\n## Other\nText.\n", select=("PM002",)) == []


@pytest.mark.parametrize("sentence", ["Affected vaults remain fully operational.", "There was no downtime."])
def test_pm003_a_loss_without_downtime_needs_no_duration(sentence: str) -> None:
    text = (f"# T\n\n## Summary\nTwo vaults lost $1.2m because a lending protocol they used was exploited. "
            f"{sentence} The treasury has reimbursed depositors.\n")
    assert lint_text(text, select=("PM003",)) == []
    without = text.replace(sentence + " ", "")
    assert [f.message for f in lint_text(without, select=("PM003",))] == ["executive summary has no 'Duration' field"]


@pytest.mark.parametrize(("heading", "replaced"), [
    ("What could we have done better?", "## What Went Wrong"), ("Opportunities for improvement", "## What Went Wrong"),
    ("Challenges", "## What Went Wrong"), ("Wins", "## What Went Well"), ("What went smoothly", "## What Went Well"),
    ("What we'll do next", "## Action Items"), ("Recommendations", "## Action Items"), ("Events", "## Timeline (UTC)"),
])
def test_pm001_more_headings_real_teams_use(heading: str, replaced: str) -> None:
    assert lint_text(COMPLETE.replace(replaced, f"## {heading}"), select=("PM001",)) == []
