"""PM101 timestamp-not-utc, PM102 timeline-order, PM103 duration-mismatch: pass, fail at line:col.

Positions are 1-based with an exclusive end, worked out by hand from each document.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import brief, lint_text

MISSING = "timeline time has no time zone; state UTC in the timeline heading, e.g. 'Timeline (UTC)', or on the entry"


def pm101(text: str, config_file: Path | None = None) -> list[tuple[tuple[str, int, int, int, int], str, str | None]]:
    findings = lint_text(text, select=("PM101",), config_file=config_file)
    return [(where, f.message, f.suggestion) for where, f in zip(brief(findings), findings)]


def pm102(text: str) -> list[tuple[tuple[str, int, int, int, int], str]]:
    findings = lint_text(text, select=("PM102",))
    return [(where, f.message) for where, f in zip(brief(findings), findings)]


def pm103(text: str, config_file: Path | None = None) -> list[tuple[tuple[str, int, int, int, int], str]]:
    findings = lint_text(text, select=("PM103",), config_file=config_file)
    return [(where, f.message) for where, f in zip(brief(findings), findings)]


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".pmlint.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# -- PM101 timestamp-not-utc --------------------------------------------------------------------


def test_pm101_bare_times_under_a_utc_heading_pass() -> None:
    text = ("# Outage\n\n## Timeline (UTC)\n\n"
            "- 14:05 Alerts fire.\n"
            "- 2026-03-15 14:20 Rollback starts.\n"
            "\n"
            "| Time | Event |\n|------|-------|\n| 14:40 | Resolved. |\n")
    assert pm101(text) == []


def test_pm101_explicit_zone_names_the_zone_and_suggests_utc_with_the_date() -> None:
    # Each entry under a UTC heading writes its own zone: each is its own problem.
    text = ("## Timeline (UTC)\n"
            "\n"
            "- 2026-01-15 06:05 PST Alerts fire.\n"
            "- 2026-01-15 17:30 EST Fix deployed.\n")
    assert pm101(text) == [
        (("PM101", 3, 3, 3, 23), "timeline time is in PST, not UTC", "2026-01-15 14:05 UTC"),
        # 17:30 EST (UTC-5) is half past ten at night UTC.
        (("PM101", 4, 3, 4, 23), "timeline time is in EST, not UTC", "2026-01-15 22:30 UTC"),
    ]


def test_pm101_pst_on_a_summer_date_converts_through_the_pacific_clock() -> None:
    # Writers keep "PST" all year; on 28 June Pacific clocks are on PDT (UTC-7): 10:00 is 17:00 UTC,
    # not 18:00. The suggestion says so.
    text = "## Timeline (UTC)\n\n- 2022-06-28 10:00 PST Alerts fire.\n"
    assert pm101(text) == [(("PM101", 3, 3, 3, 23), "timeline time is in PST, not UTC",
                            "2022-06-28 17:00 UTC (PST on 2022-06-28 is PDT, UTC-7)")]
    # In January PST is what the clock says.
    assert pm101("## Timeline (UTC)\n\n- 2022-01-28 10:00 PST Alerts fire.\n")[0][2] == "2022-01-28 18:00 UTC"
    # CET in summer is CEST, UTC+2.
    assert pm101("## Timeline (UTC)\n\n- 2022-06-02 10:00 CET Alerts fire.\n")[0][2] == \
        "2022-06-02 08:00 UTC (CET on 2022-06-02 is CEST, UTC+2)"


def test_pm101_ambiguous_offsets_are_flagged_not_guessed() -> None:
    # Without a date, daylight saving may make "PST" an hour off: the suggestion says so.
    assert pm101("## Timeline (UTC)\n\n- 23:30 PST Fix deployed.\n") == [
        (("PM101", 3, 3, 3, 12), "timeline time is in PST, not UTC",
         "07:30 UTC (next day) if PST was UTC-8; daylight saving may make it an hour different")]
    # "MST" in July: Arizona stays on UTC-7, Denver is on UTC-6.
    assert pm101("## Timeline (UTC)\n\n- 2022-07-01 10:00 MST Fix deployed.\n")[0][2] == \
        "2022-07-01 16:00 UTC (MST on 2022-07-01 is MDT, UTC-6)"


def test_pm101_suggestion_without_a_year() -> None:
    # No year anywhere in the document: the suggestion keeps the month and day, and the offset is
    # the zone's own (a fixed-offset zone: no daylight saving to guess).
    text = ("## Timeline (UTC)\n"
            "\n"
            "- Mar 15, 06:05 JST Alerts fire.\n")
    # "Mar 15, 06:05 JST" is 17 characters.
    assert pm101(text) == [(("PM101", 3, 3, 3, 20), "timeline time is in JST, not UTC", "Mar 14 21:05 UTC")]


def test_pm101_a_date_without_a_year_takes_the_documents_year() -> None:
    # The title gives 2022: 15 June 2022 is in Pacific daylight time.
    text = "# Outage of 2022\n\n## Timeline (UTC)\n\n- Jun 15, 06:05 PST Alerts fire.\n"
    assert pm101(text) == [(("PM101", 5, 3, 5, 20), "timeline time is in PST, not UTC",
                            "2022-06-15 13:05 UTC (PST on 2022-06-15 is PDT, UTC-7)")]
    # Another full date in the document gives the year when the title does not.
    text = "# Outage\n\nOn 2021-01-15 the API failed.\n\n## Timeline (UTC)\n\n- Jan 15, 06:05 PST Alerts fire.\n"
    assert pm101(text)[0][2] == "2021-01-15 14:05 UTC"


def test_pm101_a_heading_declaration_is_one_finding_at_the_declaration() -> None:
    text = "# Outage\n\n## Timeline (all times PST)\n\n- 2026-01-10 06:05 Alerts fire.\n- 06:20 Paged.\n- 06:40 Fixed.\n"
    assert pm101(text) == [
        # "PST" in the heading: line 3, columns 24-27.
        (("PM101", 3, 24, 3, 27), "timeline is in PST (declared in the heading), 3 entries; state the times in UTC",
         "convert each time to UTC: 2026-01-10 06:05 PST is 2026-01-10 14:05 UTC")]


def test_pm101_zone_inherited_from_an_intro_line() -> None:
    text = "## Timeline\n\nAll times are in CET.\n\n- 15:05 Alerts fire.\n"
    assert pm101(text) == [
        (("PM101", 3, 18, 3, 21), "timeline is in CET (declared here), 1 entry; state the times in UTC",
         "convert each time to UTC: 15:05 CET is 14:05 UTC if CET was UTC+1; daylight saving may make it an hour "
         "different")]


def test_pm101_zone_inherited_from_a_table_header() -> None:
    text = "## Timeline\n\n| Time (EST) | Event |\n|---|---|\n| 2026-01-05 09:05 | Alerts fire. |\n| 09:30 | Fixed. |\n"
    findings = pm101(text)
    assert [(where, message) for where, message, _ in findings] == [
        (("PM101", 3, 9, 3, 12), "timeline is in EST (declared in the table header), 2 entries; state the times in UTC")]


def test_pm101_zone_declared_in_several_date_headings_is_one_finding() -> None:
    text = ("## Timeline\n\n"
            "### 2026-01-05 (all times CET)\n\n- 10:00 Alerts fire.\n\n"
            "### 2026-01-06 (all times CET)\n\n- 09:00 Fixed.\n")
    findings = pm101(text)
    assert [(where, message) for where, message, _ in findings] == [
        (("PM101", 3, 27, 3, 30),
         "timeline is in CET (declared in the heading, and 1 more time), 2 entries; state the times in UTC")]


def test_pm101_zone_inherited_from_a_document_statement() -> None:
    text = "## Summary\n\nAll times in this report are PST.\n\n## Timeline\n\n- 06:05 Alerts fire.\n- 06:30 Fixed.\n"
    findings = pm101(text)
    assert [(where, message) for where, message, _ in findings] == [
        (("PM101", 3, 30, 3, 33),
         "timeline is in PST (declared for all times in the document), 2 entries; state the times in UTC")]


def test_pm101_zone_written_on_the_first_entry_and_carried_is_one_finding() -> None:
    text = "## Timeline\n\n- 2026-01-05 15:05 CET Alerts fire.\n- 15:20 Rollback starts.\n- 15:40 CET Fixed.\n"
    assert pm101(text) == [
        (("PM101", 3, 3, 3, 23), "timeline is in CET (written on the entries), 3 entries; state the times in UTC",
         "convert each time to UTC: 2026-01-05 15:05 CET is 2026-01-05 14:05 UTC")]


def test_pm101_an_entry_in_another_zone_than_declared_keeps_its_own_finding() -> None:
    text = "## Timeline (all times CET)\n\n- 2026-01-05 10:00 Alerts fire.\n- 2026-01-05 04:30 EST Vendor paged.\n"
    findings = pm101(text)
    assert [(where, message) for where, message, _ in findings] == [
        (("PM101", 1, 24, 1, 27), "timeline is in CET (declared in the heading), 1 entry; state the times in UTC"),
        (("PM101", 4, 3, 4, 23), "timeline time is in EST, not UTC"),
    ]


def test_pm101_a_local_zone_entry_under_a_utc_heading_is_read_in_its_own_zone() -> None:
    # "Berlin time" is the entry's own zone, not the heading's UTC: 15:10 Berlin time is 14:10 UTC, after
    # 14:05 UTC, so the timeline is in order.
    text = "## Timeline (UTC)\n\n- 2026-01-05 14:05 Alerts fire.\n- 2026-01-05 15:10 Berlin time Fix deployed.\n"
    # "2026-01-05 15:10 Berlin time" is 28 characters.
    assert pm101(text) == [(("PM101", 4, 3, 4, 31), "timeline time is in Europe/Berlin, not UTC",
                            "2026-01-05 14:10 UTC")]
    assert pm102(text) == []


@pytest.mark.parametrize(("heading", "zone"), [
    ("Timeline (Europe/Berlin)", "Europe/Berlin"), ("Timeline (Berlin time)", "Europe/Berlin"),
    ("Timeline (all times Pacific time)", "PT"), ("Timeline (Eastern time)", "ET"), ("Timeline (SAST)", "SAST"),
    ("Timeline (UTC+2)", "UTC+02:00"), ("Timeline (GMT+1)", "GMT+01:00"), ("Timeline (AEST)", "AEST"),
    ("Timeline (IST)", "IST"), ("Timeline (JST)", "JST"), ("Timeline (BST)", "BST"),
])
def test_pm101_zones_as_people_write_them(heading: str, zone: str) -> None:
    text = f"## {heading}\n\n- 2026-01-05 10:00 Alerts fire.\n"
    assert pm101(text)[0][1] == f"timeline is in {zone} (declared in the heading), 1 entry; state the times in UTC"


def test_pm101_an_unknown_zone_is_named() -> None:
    text = "## Timeline\n\nAll times in XYZ.\n\n- 10:00 Alerts fire.\n- 10:30 Fixed.\n"
    assert pm101(text) == [(("PM101", 3, 14, 3, 17),
                            "timeline is in unknown zone 'XYZ' (declared here), 2 entries; state the times in UTC", None)]


def test_pm101_no_zone_at_all_is_one_finding_at_the_first_entry() -> None:
    text = "# Outage\n\n## Timeline\n\n- 14:05 Alerts fire.\n- 14:20 Rollback starts.\n"
    assert pm101(text) == [
        (("PM101", 5, 3, 5, 8), "timeline times have no time zone, 2 entries; state UTC in the timeline heading, "
                                "e.g. 'Timeline (UTC)'", None)]
    assert pm101("# Outage\n\n## Timeline\n\n- 14:05 Alerts fire.\n") == [(("PM101", 5, 3, 5, 8), MISSING, None)]


def test_pm101_local_time() -> None:
    assert pm101("## Timeline\n\n- 14:05 local time Alerts fire.\n") == [
        (("PM101", 3, 3, 3, 19), "timeline time is in local time; state it in UTC", None)]
    assert pm101("## Timeline (local time)\n\n- 14:05 Alerts fire.\n- 14:30 Fixed.\n") == [
        (("PM101", 1, 14, 1, 24), "timeline is in local time (declared in the heading), 2 entries; state the times in UTC",
         None)]


def test_pm101_a_malformed_date_is_reported() -> None:
    text = "## Timeline (UTC)\n\n| Time | Event |\n|---|---|\n| 20202-01-16 12:00 | Deploy. |\n"
    assert pm101(text) == [
        (("PM101", 5, 3, 5, 20), "timeline time cannot be read: '20202-01-16' is not a valid date", None)]


def test_pm101_gmt_passes_by_default() -> None:
    assert pm101("## Timeline (GMT)\n\n- 14:05 Alerts fire.\n- 14:20 GMT Rollback starts.\n") == []


def test_pm101_gmt_fails_with_accept_gmt_false(tmp_path: Path) -> None:
    strict = config(tmp_path, "rules:\n  PM101:\n    accept-gmt: false\n")
    text = "## Timeline (GMT)\n\n- 14:05 Alerts fire.\n- 14:20 UTC Rollback starts.\n"
    assert pm101(text, strict) == [
        (("PM101", 1, 14, 1, 17), "timeline is in GMT (declared in the heading), 1 entry; state the times in UTC",
         "convert each time to UTC: 14:05 GMT is 14:05 UTC")]


def test_pm101_zero_offsets_and_z_pass() -> None:
    text = ("## Timeline\n\n"
            "- 2026-03-15T14:05:00+00:00 Alerts fire.\n"
            "- 2026-03-15T14:10:00Z Paged.\n"
            "- 14:20Z Rollback starts.\n"
            "- 1430Z Errors drop.\n"
            "- 14:40 UTC+0 Resolved.\n")
    assert pm101(text) == []


def test_pm101_impossible_times_are_reported_as_unreadable() -> None:
    text = "## Timeline (UTC)\n\n- 13:55 PM Alerts fire.\n- 25:10 Fix deployed.\n"
    assert pm101(text) == [
        (("PM101", 3, 3, 3, 11), "timeline time cannot be read: '13:55 PM' is not a valid 12-hour time", None),
        (("PM101", 4, 3, 4, 8), "timeline time cannot be read: '25:10' is not a valid time of day", None),
    ]


def test_pm101_unreadable_times_of_one_kind_are_one_finding_per_timeline() -> None:
    # A writer who puts "PM" after 24-hour times does it on every entry: one habit, one finding.
    text = ("## Timeline (UTC)\n\n- 13:55 PM Alerts fire.\n- 14:10 PM Paged.\n- 25:10 Fix deployed.\n"
            "- 23:00 AM Closed.\n")
    assert pm101(text) == [
        (("PM101", 3, 3, 3, 11), "timeline time cannot be read: '13:55 PM' is not a valid 12-hour time; "
                                 "so are 2 more like it (lines 4, 6)", None),
        (("PM101", 5, 3, 5, 8), "timeline time cannot be read: '25:10' is not a valid time of day", None),
    ]
    many = "## Timeline (UTC)\n\n" + "".join(f"- {13 + n % 10}:0{n % 10} PM Event {n}.\n" for n in range(15))
    (finding,) = pm101(many)
    assert finding[0] == ("PM101", 3, 3, 3, 11)
    assert finding[1].endswith("so are 14 more like it (lines 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 and 4 more)")


def test_pm101_ignores_times_outside_the_timeline_and_in_code() -> None:
    text = ("# Outage\n\n## Summary\n\nThe outage began at 06:05 PST.\n\n"
            "## Timeline (UTC)\n\n- 14:05 Alerts fire.\n\n```\n06:07 PST error log line\n```\n\n"
            "## Action Items\n\n- 09:00 PST review (owner: Ana)\n")
    assert pm101(text) == []


def test_pm101_a_section_of_timed_events_is_the_timeline_when_none_is_named() -> None:
    text = ("# Login errors\n\n## What happened\n\nAll times are CET.\n\n"
            "- 2026-01-08 09:12 Errors rise.\n- 2026-01-08 09:15 On-call paged.\n"
            "- 2026-01-08 09:50 Certificate renewed; errors stop.\n")
    assert pm101(text) == [
        (("PM101", 5, 15, 5, 18), "timeline is in CET (declared here), 3 entries; state the times in UTC",
         "convert each time to UTC: 2026-01-08 09:12 CET is 2026-01-08 08:12 UTC")]


def test_pm101_status_updates_with_their_zone_inside_each_item_are_a_timeline() -> None:
    text = ("## Updates as posted\n\n"
            "- **Investigating** \u2014 Jun 3, 8:52 AM PDT \u2014 We are looking into failed uploads.\n"
            "- **Identified** \u2014 Jun 3, 9:58 AM PDT \u2014 A change is being rolled back.\n"
            "- **Resolved** \u2014 Jun 3, 11:30 AM PDT \u2014 This incident has been resolved.\n")
    assert [where for where, _, _ in pm101(text)] == [("PM101", 3, 23, 3, 41)]


def test_pm101_a_few_times_in_a_list_of_other_points_are_no_timeline() -> None:
    text = ("## Lessons\n\n- 09:12 was when the first alert fired, in CET.\n- Alerts need owners.\n"
            "- Runbooks need dates.\n- 09:40 CET is when the fix went out.\n- Nobody knew the vendor contact.\n")
    assert pm101(text) == []


def test_pm101_only_the_named_timeline_is_read_when_there_is_one() -> None:
    text = ("## Timeline (UTC)\n\n- 10:00 Alert fires.\n\n## Notes\n\n"
            "- 09:00 CET first report\n- 09:10 CET second report\n- 09:20 CET third report\n")
    assert pm101(text) == []


def test_pm101_undated_times_read_their_zone_on_the_documents_date() -> None:
    table = ("# Webhooks delayed\n\n| Field | Value |\n|---|---|\n| Date | 2026-02-10 |\n\n"
             "## Timeline\n\n| Time (PST) | Event |\n|---|---|\n| 09:02 | Deploy. |\n| 09:15 | Alert. |\n")
    assert pm101(table) == [(("PM101", 9, 9, 9, 12), "timeline is in PST (declared in the table header), 2 entries; "
                                                     "state the times in UTC",
                             "convert each time to UTC: 09:02 PST is 17:02 UTC")]
    # A June date in the title: the Pacific clock was on PDT, and the suggestion says so.
    june = "# Outage on 2026-06-18\n\n## Timeline (PST)\n\n- 07:40 Alert.\n"
    assert [suggestion for _, _, suggestion in pm101(june)] == [
        "convert each time to UTC: 07:40 PST is 14:40 UTC (PST on 2026-06-18 is PDT, UTC-7)"]
    # The summary's date, when nothing before it gives one: 16:20 CET on 9 September is CEST.
    summary = ("# API errors\n\n## Summary\n\nErrors from 14:05 to 15:10 UTC on 2026-09-09.\n\n"
               "## Timeline (UTC)\n\n- 14:05 Alert.\n- 16:20 CET Support reports.\n")
    assert [suggestion for _, _, suggestion in pm101(summary)] == ["14:20 UTC (CET on 2026-09-09 is CEST, UTC+2)"]
    # Two days after the clocks changed (8 March 2026): the date may be the writing's, not the incident's.
    march = june.replace("2026-06-18", "2026-03-10")
    assert [suggestion for _, _, suggestion in pm101(march)] == [
        "convert each time to UTC: 07:40 PST is 15:40 UTC if PST was UTC-8; daylight saving may make it an hour different"]


# -- PM102 timeline-order -----------------------------------------------------------------------


def test_pm102_entry_earlier_than_the_one_before() -> None:
    text = "## Timeline (UTC)\n\n- 14:49 The fix is deployed.\n- 14:43 Error rates start to fall.\n"
    assert pm102(text) == [
        (("PM102", 4, 3, 4, 8), "timeline entry at 14:43 UTC is earlier than the entry before it (14:49 UTC, line 3)")]


def test_pm102_entries_in_order_pass() -> None:
    assert pm102("## Timeline (UTC)\n\n- 14:43 Error rates start to fall.\n- 14:49 The fix is deployed.\n") == []


def test_pm102_span_covers_the_whole_dated_timestamp() -> None:
    text = ("## Timeline (UTC)\n\n"
            "- 2026-03-15 14:49 UTC The fix is deployed.\n"
            "- 2026-03-15 14:43 UTC Error rates start to fall.\n")
    # "2026-03-15 14:43 UTC" is 20 characters.
    assert pm102(text) == [
        (("PM102", 4, 3, 4, 23), "timeline entry at 2026-03-15 14:43 UTC is earlier than the entry before it "
                                 "(2026-03-15 14:49 UTC, line 3)")]


def test_pm102_compares_carried_dates() -> None:
    text = ("## Timeline (UTC)\n\n"
            "- 2026-03-16 09:00 Alerts fire.\n"
            "- 10:00 Rollback starts.\n"
            "- 2026-03-15 11:00 Vendor notified.\n")
    # 11:00 is later on the clock, but a day earlier than 10:00 on the 16th (carried from line 3).
    assert pm102(text) == [
        (("PM102", 5, 3, 5, 19), "timeline entry at 2026-03-15 11:00 UTC is earlier than the entry before it "
                                 "(2026-03-16 10:00 UTC, line 4)")]


def test_pm102_carried_date_keeps_later_entries_in_order() -> None:
    text = ("## Timeline (UTC)\n\n"
            "- 2026-03-15 16:00 Alerts fire.\n"
            "- 2026-03-16 09:00 Vendor replies.\n"
            "- 10:00 Fix deployed.\n")
    assert pm102(text) == []


def test_pm102_converts_zones_before_comparing() -> None:
    # 15:30 CET is 14:30 UTC (13:30 in summer): 14:45 UTC comes after it, 13:10 UTC before it either way.
    assert pm102("## Timeline\n\n- 15:30 CET Deploy starts.\n- 14:45 UTC Errors climb.\n") == []
    assert pm102("## Timeline\n\n- 15:30 CET Deploy starts.\n- 13:10 UTC Errors climb.\n") == [
        (("PM102", 4, 3, 4, 12),
         "timeline entry at 13:10 UTC is earlier than the entry before it (15:30 CET, line 3)")]
    # 14:00 UTC is after 15:30 CEST (13:30 UTC) and before 15:30 CET: with no date, not reported.
    assert pm102("## Timeline\n\n- 15:30 CET Deploy starts.\n- 14:00 UTC Errors climb.\n") == []
    # With a winter date it is known to be earlier.
    assert pm102("## Timeline\n\n- 2026-01-15 15:30 CET Deploy starts.\n- 2026-01-15 14:00 UTC Errors climb.\n") == [
        (("PM102", 4, 3, 4, 23),
         "timeline entry at 2026-01-15 14:00 UTC is earlier than the entry before it (2026-01-15 15:30 CET, line 3)")]


@pytest.mark.parametrize("note", ["(earlier) ", "Earlier: ", "(found later in the logs) ", "We later learned that ",
                                  "In hindsight, ", "(backfilled) "])
def test_pm102_an_entry_that_says_it_was_earlier_is_not_reported(note: str) -> None:
    text = ("## Timeline (UTC)\n\n- 14:05 Alert fires.\n- 14:20 Rollback starts.\n"
            f"- 14:02 {note}the cache began evicting keys.\n- 14:30 Recovered.\n")
    # The late entry is not the one the next entry is compared with: 14:30 follows 14:20.
    assert pm102(text) == []


def test_pm102_an_entry_mentioning_earlier_events_is_still_reported() -> None:
    text = ("## Timeline (UTC)\n\n- 14:05 Alert fires.\n- 14:20 Rollback starts.\n"
            "- 14:02 Rollback of the earlier deploy completes.\n")
    assert pm102(text) == [
        (("PM102", 5, 3, 5, 8), "timeline entry at 14:02 UTC is earlier than the entry before it (14:20 UTC, line 4)")]


def test_pm102_an_hour_daylight_saving_leaves_uncertain_is_not_reported() -> None:
    # With no date, 16:20 CET is 15:20 UTC in winter but 14:20 UTC in summer: before or after 14:31.
    text = "## Timeline (UTC)\n\n- 14:12 Investigating.\n- 16:20 CET Support reports.\n- 14:31 Cause found.\n"
    assert pm102(text) == []
    # With the date the offset is known (CEST, UTC+2 on 9 September): 14:20 UTC, in its place.
    dated = text.replace("- 1", "- 2026-09-09 1")
    assert pm102(dated) == []
    # More than an hour apart is out of order whatever the season.
    text = "## Timeline (UTC)\n\n- 14:12 Investigating.\n- 17:40 CET Support reports.\n- 14:31 Cause found.\n"
    assert pm102(text) == [
        (("PM102", 5, 3, 5, 8), "timeline entry at 14:31 UTC is earlier than the entry before it (17:40 CET, line 4)")]


def test_pm102_date_headings_going_forward_pass() -> None:
    text = ("## Timeline (UTC)\n\n"
            "### 2026-03-15\n\n"
            "- 22:00 Alerts fire.\n\n"
            "### 2026-03-16\n\n"
            "- 08:00 Fix deployed.\n")
    assert pm102(text) == []


def test_pm102_date_headings_going_backward_are_reported() -> None:
    text = ("## Timeline (UTC)\n\n"
            "### 2026-03-16\n\n"
            "- 08:00 Fix deployed.\n\n"
            "### 2026-03-15\n\n"
            "- 22:00 Alerts fire.\n")
    assert pm102(text) == [
        (("PM102", 9, 3, 9, 8), "timeline entry at 2026-03-15 22:00 UTC is earlier than the entry before it "
                                "(2026-03-16 08:00 UTC, line 5)")]


@pytest.mark.parametrize("first", ["- 23:50 Alerts fire.", "- 2026-03-15 23:50 Alerts fire."])
def test_pm102_rollover_past_midnight_is_not_reported(first: str) -> None:
    text = f"## Timeline (UTC)\n\n{first}\n- 00:10 Rollback starts.\n- 00:30 Resolved.\n"
    assert pm102(text) == []


def test_pm102_an_afternoon_time_then_an_early_one_is_reported() -> None:
    text = "## Timeline (UTC)\n\n- 14:00 Alerts fire.\n- 02:00 Rollback starts.\n"
    assert pm102(text) == [
        (("PM102", 4, 3, 4, 8), "timeline entry at 02:00 UTC is earlier than the entry before it (14:00 UTC, line 3)")]


def test_pm102_checks_each_timeline_separately() -> None:
    text = ("# Two incidents\n\n"
            "## Incident A\n\n### Timeline (UTC)\n\n- 10:00 A starts.\n- 10:30 A resolved.\n\n"
            "## Incident B\n\n### Timeline (UTC)\n\n- 09:00 B starts.\n- 08:50 B paged.\n")
    # 09:00 after 10:30 is another incident, not a step back; 08:50 after 09:00 is.
    assert pm102(text) == [
        (("PM102", 15, 3, 15, 8),
         "timeline entry at 08:50 UTC is earlier than the entry before it (09:00 UTC, line 14)")]


def test_pm102_skips_unreadable_times() -> None:
    assert pm102("## Timeline (UTC)\n\n- 14:00 A.\n- 25:10 B.\n- 14:30 C.\n") == []


STATUS_UPDATES = """\
## Updates as posted

- **Resolved** (Mar 9, 2026 15:10 UTC) - This incident has been resolved.
- **Monitoring** (Mar 9, 2026 14:52 UTC) - A fix has been deployed.
- **Identified** (Mar 9, 2026 14:31 UTC) - We are restarting the API servers.
- **Investigating** (Mar 9, 2026 14:09 UTC) - We are investigating elevated error rates.
"""


def test_pm102_a_timeline_written_newest_first_is_one_finding() -> None:
    findings = lint_text(STATUS_UPDATES, select=("PM102",))
    assert [(f.span.line, f.message) for f in findings] == [
        (3, "timeline runs newest first (4 entries); list the entries oldest first")]
    # Saying so is enough: the reader knows how to read it.
    said = STATUS_UPDATES.replace("## Updates as posted", "## Updates as posted (newest first)")
    assert lint_text(said, select=("PM102",)) == []
    # One entry later than the one before it: not newest first, each entry out of place is reported.
    mixed = STATUS_UPDATES.replace("14:31 UTC", "14:59 UTC")
    assert len(lint_text(mixed, select=("PM102",))) == 2


# -- PM103 duration-mismatch --------------------------------------------------------------------

SUMMARY = """\
# Checkout outage

## Executive Summary

- Duration: {stated}

## Timeline (UTC)

- 2026-03-15 14:05 Alerts fire for checkout errors.
- 2026-03-15 16:15 Error rates are back to normal; incident resolved.
"""
WINDOW_130 = "(2026-03-15 14:05 UTC to 2026-03-15 16:15 UTC, lines 9-10)"


def test_pm103_stated_duration_differs_from_the_window() -> None:
    assert pm103(SUMMARY.format(stated="45 minutes")) == [
        (("PM103", 5, 13, 5, 23),
         f"summary states a duration of 45 min but the timeline's impact window is 2 h 10 min {WINDOW_130}")]


def test_pm103_leaves_a_window_that_ends_at_an_entry_out_of_order_to_pm102() -> None:
    # "14:20" should read "14:50": one typo, PM102's finding; the window it would end is no window.
    text = ("# Outage\n\n## Executive Summary\n\n- Duration: 45 minutes\n\n## Timeline (UTC)\n\n"
            "- 2026-03-15 14:05 Alerts fire for API errors.\n- 2026-03-15 14:30 Rollback started.\n"
            "- 2026-03-15 14:20 Rollback complete; API recovered.\n")
    assert pm103(text) == []
    assert [finding.code for finding in lint_text(text, select=("PM102",))] == ["PM102"]
    # In order, the same 15 minutes are a mismatch.
    assert len(pm103(text.replace("14:30 Rollback", "14:10 Rollback"))) == 1


def test_pm103_bold_duration_label() -> None:
    text = SUMMARY.replace("- Duration: {stated}", "- **Duration:** 45 minutes")
    assert brief(lint_text(text, select=("PM103",))) == [("PM103", 5, 17, 5, 27)]


@pytest.mark.parametrize("stated, reported", [
    ("2 hours", False),  # 10 min short: within 15 minutes
    ("2 h 20 min", False),  # 10 min long
    ("1 hour 50 minutes", False),  # 20 min short, but within a fifth of 110 min
    ("1 hour 40 minutes", True),  # 30 min short: more than 15 min and more than a fifth of 100 min
    ("about 2 hours", False),  # a figure in hours stands for 1.5 to 2.5 hours
    ("45 minutes", True),
    ("2 hours and 10 minutes", False),  # "and" is a joiner, not "an" + "d" (a day)
    ("2 hours and 55 minutes", True),  # 45 min long
])
def test_pm103_tolerance(stated: str, reported: bool) -> None:
    expected = [("PM103", 5, 13, 5, 13 + len(stated))] if reported else []
    assert brief(lint_text(SUMMARY.format(stated=stated), select=("PM103",))) == expected


def test_pm103_large_durations_use_the_ratio() -> None:
    text = ("## Executive Summary\n\n- Duration: 10 hours\n\n## Timeline (UTC)\n\n"
            "- 2026-03-15 08:00 Alerts fire.\n- 2026-03-15 20:00 Service restored.\n")
    # 2 hours off, but within a fifth of 10 hours.
    assert pm103(text) == []
    # "approximately nine hours" in the summary's prose for a 7-hour timeline: 2 hours is more than a fifth.
    text = ("## Executive Summary\n\nThe site was down for approximately nine hours.\n\n## Timeline (UTC)\n\n"
            "- 2026-03-15 08:00 Alerts fire.\n- 2026-03-15 15:00 Service restored.\n")
    assert pm103(text) == [
        # "nine hours" starts after "The site was down for approximately " (36 characters).
        (("PM103", 3, 37, 3, 47), "summary states a duration of 9 h but the timeline's impact window is 7 h "
                                  "(2026-03-15 08:00 UTC to 2026-03-15 15:00 UTC, lines 7-8)")]


def test_pm103_rounded_days_and_hours_are_not_mismatches() -> None:
    # "2 days" for a 30-hour window that runs over two days; "about an hour" for 70 minutes.
    text = ("## Executive Summary\n\n- Duration: 2 days\n\n## Timeline (UTC)\n\n"
            "- 2026-03-15 08:00 Alerts fire.\n- 2026-03-16 14:00 Service restored.\n")
    assert pm103(text) == []
    text = ("## Executive Summary\n\n- Duration: about an hour\n\n## Timeline (UTC)\n\n"
            "- 2026-03-15 08:00 Alerts fire.\n- 2026-03-15 09:10 Service restored.\n")
    assert pm103(text) == []
    # "3 days" for 30 hours is more than a day off.
    text = text.replace("about an hour", "3 days").replace("2026-03-15 09:10", "2026-03-16 14:00")
    assert brief(lint_text(text, select=("PM103",))) == [("PM103", 3, 13, 3, 19)]


WINDOW_WORDS = """\
# Checkout outage

## Executive Summary

- Duration: {stated}

## Timeline (UTC)

- 2026-03-15 13:00 Deploy of v2 starts.
- 13:40 Alerts fire for checkout.
- 14:10 Rollback completes; service restored.
- 15:30 Status page updated: incident resolved.
- 16:00 Post-incident review scheduled.
"""


def test_pm103_window_runs_from_the_impact_entry_to_the_resolution_entry() -> None:
    # 13:40 (alerts) to 14:10 (restored) is 30 minutes; the deploy before, the status page update ("resolved")
    # and the review after do not count.
    assert pm103(WINDOW_WORDS.format(stated="30 minutes")) == []
    # The span to the status page update (13:40 to 15:30) would nearly match this; the impact window does not.
    assert pm103(WINDOW_WORDS.format(stated="2 hours 30 minutes")) == [
        (("PM103", 5, 13, 5, 31), "summary states a duration of 2 h 30 min but the timeline's impact window is "
                                  "30 min (13:40 UTC to 14:10 UTC, lines 10-11)")]


def test_pm103_without_impact_words_starts_at_the_first_entry() -> None:
    text = ("## Executive Summary\n\n- Duration: 20 minutes\n\n## Timeline (UTC)\n\n"
            "- 2026-03-15 09:00 Deploy starts.\n- 09:30 Canary promoted.\n- 10:15 Service restored.\n")
    assert pm103(text) == [
        (("PM103", 3, 13, 3, 23), "summary states a duration of 20 min but the timeline's impact window is "
                                  "1 h 15 min (2026-03-15 09:00 UTC to 10:15 UTC, lines 7-9)")]


def test_pm103_without_a_recovery_entry_reports_nothing() -> None:
    # Where the impact ended is unknown: no window to compare with.
    text = ("## Executive Summary\n\n- Duration: 20 minutes\n\n## Timeline (UTC)\n\n"
            "- 2026-03-15 09:00 Deploy starts.\n- 09:30 Canary promoted.\n- 10:15 Deploy complete.\n")
    assert pm103(text) == []


def test_pm103_a_partial_recovery_does_not_end_the_window() -> None:
    text = ("## Executive Summary\n\n- Duration: 2 hours\n\n## Timeline (UTC)\n\n"
            "- 2026-03-15 09:00 Alerts fire.\n- 09:30 Service partially restored.\n- 11:00 Service restored.\n")
    assert pm103(text) == []


def test_pm103_duration_in_summary_prose() -> None:
    text = SUMMARY.replace("- Duration: {stated}", "Checkout failed for 45 minutes.")
    # "45 minutes" after "for": line 5, columns 21-31.
    assert pm103(text) == [
        (("PM103", 5, 21, 5, 31), f"summary states a duration of 45 min but the timeline's impact window is 2 h 10 min "
                                  f"{WINDOW_130}")]
    # Other durations in the summary are not the incident's.
    text = SUMMARY.replace("- Duration: {stated}", "Alerts fired within seven minutes of the change.")
    assert pm103(text) == []


def test_pm103_a_stats_label_states_the_duration() -> None:
    text = SUMMARY.replace("- Duration: {stated}", "Checkout failed.") + "\n## Stats\n\n- Time to recovery: 84 minutes\n"
    assert brief(lint_text(text, select=("PM103",))) == [("PM103", 14, 21, 14, 31)]
    text = SUMMARY.replace("- Duration: {stated}", "Checkout failed.") + "\n## Stats\n\n- Time to recovery: 130 minutes\n"
    assert lint_text(text, select=("PM103",)) == []


def test_pm103_the_window_the_summary_states_wins() -> None:
    # The summary gives 14:05 to 14:50 UTC (45 minutes); the timeline goes on to later updates.
    text = ("## Executive Summary\n\n- Duration: 45 minutes, from 14:05 to 14:50 UTC.\n\n## Timeline (UTC)\n\n"
            "- 2026-03-15 14:05 Alerts fire.\n- 2026-03-15 14:50 Error rates return to normal.\n"
            "- 2026-03-15 15:30 Final status page update published.\n- 2026-03-16 09:00 Review meeting held.\n")
    assert pm103(text) == []
    text = text.replace("45 minutes,", "2 hours,")
    assert pm103(text) == [
        (("PM103", 3, 13, 3, 20), "summary states a duration of 2 h but the impact window it gives is 45 min "
                                  "(14:05 to 14:50 UTC, line 3)")]


def test_pm103_duration_section() -> None:
    text = ("# Checkout outage\n"
            "\n"
            "## Executive Summary\n"
            "\n"
            "Checkout failed for some users.\n"
            "\n"
            "## Duration\n"
            "\n"
            "About 45 minutes.\n"
            "\n"
            "## Timeline (UTC)\n"
            "\n"
            "- 2026-03-15 14:05 Alerts fire.\n"
            "- 2026-03-15 16:15 Service restored.\n")
    assert pm103(text) == [
        (("PM103", 9, 7, 9, 17), "summary states a duration of 45 min but the timeline's impact window is "
                                 "2 h 10 min (2026-03-15 14:05 UTC to 2026-03-15 16:15 UTC, lines 13-14)")]


def test_pm103_front_matter_duration() -> None:
    text = ("---\nduration: 45 minutes\n---\n"
            "# Checkout outage\n\n## Timeline (UTC)\n\n"
            "- 2026-03-15 14:05 Alerts fire.\n- 2026-03-15 16:15 Service restored.\n")
    assert brief(lint_text(text, select=("PM103",))) == [("PM103", 2, 11, 2, 21)]


def test_pm103_window_across_date_headings() -> None:
    text = ("## Executive Summary\n\n- Duration: 1 hour\n\n## Timeline (UTC)\n\n"
            "### 2026-03-15\n\n- 23:30 Alerts fire.\n\n"
            "### 2026-03-16\n\n- 00:30 Service restored.\n")
    assert pm103(text) == []


def test_pm103_converts_zones() -> None:
    # 06:05 PST to 16:15 CET on 15 February are 14:05 to 15:15 UTC: 70 minutes, as stated.
    text = ("## Executive Summary\n\n- Duration: 70 minutes\n\n## Timeline\n\n"
            "- 2026-02-15 06:05 PST Alerts fire.\n- 2026-02-15 16:15 CET Service restored.\n")
    assert pm103(text) == []


def test_pm103_tolerance_options(tmp_path: Path) -> None:
    strict = config(tmp_path, "rules:\n  PM103:\n    tolerance-minutes: 5\n    tolerance-ratio: 0\n    allow-rounding: false\n")
    assert brief(lint_text(SUMMARY.format(stated="2 hours"), select=("PM103",), config_file=strict)) == [
        ("PM103", 5, 13, 5, 20)]
    lenient = config(tmp_path, "rules:\n  PM103:\n    tolerance-minutes: 90\n")
    assert lint_text(SUMMARY.format(stated="45 minutes"), select=("PM103",), config_file=lenient) == []


def test_pm102_day_first_dates_proven_by_the_timeline_are_read_day_first() -> None:
    # 29-09-2026 can only be day-first, so 03-10-2026 is 3 October, after it: in order.
    text = ("# T\n\n## Timeline\n\n#### 29-09-2026 (All times UTC)\n\n- 15:46 Disk fills.\n\n"
            "#### 03-10-2026\n\n- 02:17 Disk replaced.\n")
    assert lint_text(text, select=("PM102",)) == []


def test_pm102_ambiguous_dates_default_to_month_first() -> None:
    # Nothing proves day-first: 03-10-2026 is 10 March, before 09-29-2026 (29 September).
    text = ("# T\n\n## Timeline\n\n#### 09-29-2026 (All times UTC)\n\n- 15:46 Disk fills.\n\n"
            "#### 03-10-2026\n\n- 02:17 Disk replaced.\n")
    assert brief(lint_text(text, select=("PM102",))) == [("PM102", 11, 3, 11, 8)]


def test_pm103_heading_entries_take_their_event_from_the_paragraphs_below() -> None:
    # "### 18:00" with the recovery told below it ends the window: 11:00 to 18:00 is 7 hours, not nine.
    text = ("# Outage\n\n## Summary\n\nThe effect lasted approximately nine hours.\n\n## Timeline\n\nAll times in UTC\n\n"
            "### 2026-01-27 11:00\n\nA deploy goes out; traffic starts to drop.\n\n"
            "### 18:00\n\nTraffic returns to normal.\n\n### 2026-01-28 09:00\n\nInvestigation starts.\n")
    assert pm103(text) == [
        # "nine hours" follows "The effect lasted approximately " (32 characters).
        (("PM103", 5, 33, 5, 43), "summary states a duration of 9 h but the timeline's impact window is 7 h "
                                  "(2026-01-27 11:00 UTC to 18:00 UTC, lines 11-15)")]


def test_pm103_a_timeline_of_bare_times_gives_the_window() -> None:
    # No date anywhere: 09:15 to 11:20 is 2 h 5 min whatever the day.
    text = ("## Summary\n\nThe incident lasted 45 minutes.\n\n## Timeline (UTC)\n\n"
            "- 09:15 Alert fires.\n- 10:31 Rollback starts.\n- 11:20 Back to normal.\n")
    # A prose figure may count from a later impact entry, but "Rollback starts" is not about impact.
    assert pm103(text) == [
        (("PM103", 3, 21, 3, 31), "summary states a duration of 45 min but the timeline's impact window is "
                                  "2 h 5 min (09:15 UTC to 11:20 UTC, lines 7-9)")]
    assert pm103(text.replace("45 minutes", "two hours")) == []


def test_pm103_bare_times_past_midnight_are_the_next_day() -> None:
    text = ("## Summary\n\nThe incident lasted 45 minutes.\n\n## Timeline (UTC)\n\n"
            "- 23:30 Alert fires.\n- 00:15 Service restored.\n")
    assert pm103(text) == []
    assert pm103(text.replace("45 minutes", "3 hours")) != []


def test_pm103_a_prose_duration_may_be_one_of_several_outages() -> None:
    # "unusable for about 1h50m": 16:50 (launches fail again) to 18:40 (back to normal) is 1 h 50 min, even
    # though the first trouble of the day came earlier.
    text = ("## Summary\n\nSeveral outages; it was unusable for about 1h50m.\n\n## Timeline (UTC)\n\n"
            "- 2026-02-20 14:00 Errors for some users.\n- 2026-02-20 16:50 Launches fail again.\n"
            "- 2026-02-20 18:40 Launch success is back to normal.\n")
    assert pm103(text) == []


def test_pm103_a_blog_style_opening_states_the_window() -> None:
    # The untitled opening paragraph is the summary; the window it states (09:10 to 10:25) is 75 minutes.
    text = ("# Search latency\n\nOn 4 June 2026, from 09:10 to 10:25 UTC, searches timed out for {stated}.\n\n"
            "## Timeline (UTC)\n\n- 2026-06-04 09:10 Alerts fire.\n- 2026-06-04 12:00 Status page incident closed.\n")
    assert pm103(text.format(stated="75 minutes")) == []
    # "for 3 hours" against the 75 minutes the same sentence gives.
    assert pm103(text.format(stated="3 hours")) == [
        # "3 hours" starts at column 65.
        (("PM103", 3, 65, 3, 72), "summary states a duration of 3 h but the impact window it gives is 1 h 15 min "
                                  "(09:10 to 10:25 UTC, line 3)")]


def test_pm102_an_order_the_timeline_explains_is_not_reported() -> None:
    text = ("## Timeline (UTC)\n\n> The vendor's outage is dated by its first status message, which is why it "
            "seems out of chronological order.\n\n"
            "- 2026-07-02 14:21 Vendor status page reports the outage.\n- 2026-07-02 07:48 Our CI fails.\n")
    assert pm102(text) == []
    # Without the note it is reported.
    text = "## Timeline (UTC)\n\n- 2026-07-02 14:21 Vendor status page reports the outage.\n- 2026-07-02 07:48 Our CI fails.\n"
    assert [where for where, _ in pm102(text)] == [("PM102", 4, 3, 4, 19)]


def test_pm101_an_unknown_abbreviation_on_an_entry_is_named() -> None:
    # Capitals ending in T right after the time: a zone pmlint does not know, not "no zone".
    assert pm101("## Timeline\n\n- 10:00 (WAT) Alerts fire.\n") == [
        (("PM101", 3, 3, 3, 14), "timeline time is in unknown zone 'WAT'; state it in UTC", None)]
    # HTTP verbs and words are not zones.
    assert pm101("## Timeline (UTC)\n\n- 10:00 GET /api fails.\n- 10:05 POST /login fails.\n") == []
