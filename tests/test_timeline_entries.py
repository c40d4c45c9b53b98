"""Timeline extraction: which lines of a timeline are entries, and the date and zone each one gets.

Every document below is written for the test and every expectation (lines, 1-based columns with an
exclusive end, dates, zones, where a zone was declared) was worked out by hand from the text.
"""
from __future__ import annotations

import datetime as dt

import pytest

from pmlint.config.loading import load_config
from pmlint.model import Span
from pmlint.reading.document import Document
from pmlint.reading.source import Source
from pmlint.reading.timeline_entries import Timeline, TimelineEntry, timelines
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog


def read(text: str) -> list[Timeline]:
    return timelines(Document.parse(Source.from_text("x.md", text), CATALOG))


def only(text: str) -> list[TimelineEntry]:
    """The entries of a document that has exactly one timeline."""
    found = read(text)
    assert len(found) == 1, [timeline.section.title for timeline in found]
    return found[0].entries


def clocks(entries: list[TimelineEntry]) -> list[tuple[int, str]]:
    """(line, HH:MM) of each entry."""
    return [(entry.line, entry.clock.strftime("%H:%M") if entry.clock else "-") for entry in entries]


def zones(entries: list[TimelineEntry]) -> list[tuple[str | None, str | None, int | None]]:
    return [(entry.zone, entry.zone_source, entry.zone_line) for entry in entries]


def dates(entries: list[TimelineEntry]) -> list[tuple[dt.date | None, bool]]:
    return [(entry.date, entry.date_carried) for entry in entries]


def at(line: int, column: int, end_column: int) -> Span:
    return Span(line, column, line, end_column)


D = dt.date


# -- tables -------------------------------------------------------------------------------------


def test_table_with_time_utc_header_takes_the_zone_from_the_header() -> None:
    entries = only(
        "# Checkout outage\n"
        "\n"
        "## Timeline\n"
        "\n"
        "| Time (UTC) | Event |\n"
        "|------------|-------|\n"
        "| 14:05 | Alerts fire for checkout. |\n"
        "| 14:20 | Rollback starts. |\n")
    assert clocks(entries) == [(7, "14:05"), (8, "14:20")]
    assert [entry.span for entry in entries] == [at(7, 3, 8), at(8, 3, 8)]
    assert [entry.text for entry in entries] == ["Alerts fire for checkout.", "Rollback starts."]
    assert zones(entries) == [("UTC", "table header", 5)] * 2
    assert dates(entries) == [(None, False)] * 2


def test_table_with_separate_day_date_and_time_columns() -> None:
    entries = only(
        "## Timeline\n"
        "\n"
        "| Day | Date (2026) | Time (PST) | Event |\n"
        "|-----|-------------|------------|-------|\n"
        "| Sun | Mar 15 | 06:05 | Alerts fire. |\n"
        "| Mon | Mar 16 | 09:30 | Fix deployed. |\n")
    assert clocks(entries) == [(5, "06:05"), (6, "09:30")]
    # "| Sun | Mar 15 | " is 17 characters: the time starts in column 18.
    assert [entry.span for entry in entries] == [at(5, 18, 23), at(6, 18, 23)]
    # The year comes from the Date header, the day from the row's Date cell.
    assert dates(entries) == [(D(2026, 3, 15), False), (D(2026, 3, 16), False)]
    assert zones(entries) == [("PST", "table header", 3)] * 2
    assert entries[0].text == "Sun | Alerts fire."
    # US clocks moved to daylight time on 8 March 2026: 06:05 "PST" on 15 March is 06:05 PDT, 13:05 UTC.
    assert entries[0].instant() == dt.datetime(2026, 3, 15, 13, 5)


def test_table_without_a_time_header_whose_first_column_holds_times() -> None:
    entries = only(
        "## Timeline (UTC)\n"
        "\n"
        "| At | What happened |\n"
        "|----|---------------|\n"
        "| 09:00 | Deploy starts. |\n"
        "| 09:12 | Errors climb. |\n"
        "| 09:30 | Rollback done. |\n")
    assert clocks(entries) == [(5, "09:00"), (6, "09:12"), (7, "09:30")]
    assert entries[1].span == at(6, 3, 8)
    assert [entry.text for entry in entries] == ["Deploy starts.", "Errors climb.", "Rollback done."]
    assert zones(entries) == [("UTC", "heading", 1)] * 3


def test_table_of_something_else_in_the_timeline_is_not_read() -> None:
    entries = only(
        "## Timeline (UTC)\n"
        "\n"
        "| Service | Owner |\n"
        "|---------|-------|\n"
        "| api | Ana |\n"
        "\n"
        "- 14:05 Alerts fire.\n")
    assert clocks(entries) == [(7, "14:05")]


# -- lists --------------------------------------------------------------------------------------


def test_bullet_numbered_and_task_lists_starting_with_a_time() -> None:
    entries = only(
        "## Timeline (UTC)\n"
        "\n"
        "- 14:05 Alerts fire.\n"
        "- 14:12 The on-call engineer acknowledges.\n"
        "\n"
        "1. `14:20` - Rollback starts.\n"
        "2. `14:31` - Errors drop.\n"
        "\n"
        "- [x] 14:40 Status page updated.\n"
        "- [ ] 14:45 Review scheduled.\n")
    assert clocks(entries) == [(3, "14:05"), (4, "14:12"), (6, "14:20"), (7, "14:31"), (9, "14:40"),
                               (10, "14:45")]
    assert [entry.span for entry in entries] == [
        at(3, 3, 8), at(4, 3, 8),
        at(6, 5, 10), at(7, 5, 10),  # inside the backticks
        at(9, 7, 12), at(10, 7, 12),  # after the task box
    ]
    assert [entry.text for entry in entries] == [
        "Alerts fire.", "The on-call engineer acknowledges.", "Rollback starts.", "Errors drop.",
        "Status page updated.", "Review scheduled."]
    assert zones(entries) == [("UTC", "heading", 1)] * 6


def test_list_item_whose_time_is_inside_its_text() -> None:
    entries = only(
        "# Cache outage (2025)\n"
        "\n"
        "## Timeline\n"
        "\n"
        "1. **Outage begins** (24 August ~17:05 UTC)\n"
        "2. **Fix deployed** (24 August ~18:30 UTC)\n")
    assert clocks(entries) == [(5, "17:05"), (6, "18:30")]
    # "1. **Outage begins** (" is 22 characters; "24 August ~17:05 UTC" is 20.
    assert entries[0].span == at(5, 23, 43)
    # "2. **Fix deployed** (" is 21 characters.
    assert entries[1].span == at(6, 22, 42)
    assert [entry.text for entry in entries] == ["Outage begins", "Fix deployed"]
    assert dates(entries) == [(D(2025, 8, 24), False), (D(2025, 8, 24), False)]  # year from the title
    assert zones(entries) == [("UTC", "entry", None)] * 2


def test_nested_list_items_in_a_timeline_are_entries() -> None:
    entries = only(
        "## Timeline (UTC)\n"
        "\n"
        "- 14:05 Alerts fire.\n"
        "  - 14:07 The on-call engineer is paged.\n")
    assert clocks(entries) == [(3, "14:05"), (4, "14:07")]
    assert entries[1].span == at(4, 5, 10)


# -- bold-led lines, headings, plain lines ------------------------------------------------------


def test_bold_led_lines() -> None:
    entries = only(
        "## Timeline\n"
        "\n"
        "**16:58 UTC** - Alerts fire.\n"
        "\n"
        "**17:20 UTC** - Traffic is drained.\n")
    assert clocks(entries) == [(3, "16:58"), (5, "17:20")]
    # The span covers the time and its zone, not the bold markers.
    assert [entry.span for entry in entries] == [at(3, 3, 12), at(5, 3, 12)]
    assert [entry.text for entry in entries] == ["Alerts fire.", "Traffic is drained."]
    assert zones(entries) == [("UTC", "entry", None)] * 2


def test_a_heading_per_entry() -> None:
    entries = only(
        "## Timeline (UTC)\n"
        "\n"
        "### 2026-03-15 13:06\n"
        "\n"
        "Alerts fire for checkout at 13:07.\n"
        "\n"
        "### 14:05\n"
        "\n"
        "Rollback completes.\n")
    # The paragraphs under the headings are descriptions, not entries (even with a time inside).
    assert clocks(entries) == [(3, "13:06"), (7, "14:05")]
    assert [entry.span for entry in entries] == [at(3, 5, 21), at(7, 5, 10)]
    assert dates(entries) == [(D(2026, 3, 15), False), (D(2026, 3, 15), True)]
    assert zones(entries) == [("UTC", "heading", 1)] * 2


def test_plain_lines_several_in_one_paragraph() -> None:
    entries = only(
        "## Timeline (UTC)\n"
        "\n"
        "14:05 Alerts fire.\n"
        "14:12 The engineer acknowledges.\n"
        "At 14:30 the rollback completes.\n")
    assert clocks(entries) == [(3, "14:05"), (4, "14:12"), (5, "14:30")]
    assert [entry.span for entry in entries] == [at(3, 1, 6), at(4, 1, 6), at(5, 4, 9)]
    assert [entry.text for entry in entries] == ["Alerts fire.", "The engineer acknowledges.",
                                                 "the rollback completes."]


def test_prose_in_the_timeline_that_mentions_a_time_midway_is_not_an_entry() -> None:
    entries = only(
        "## Timeline (UTC)\n"
        "\n"
        "The team met again at 16:00 to review.\n"
        "\n"
        "- 14:05 Alerts fire.\n")
    assert clocks(entries) == [(5, "14:05")]


# -- dates ---------------------------------------------------------------------------------------


def test_date_headings_carry_their_date_to_the_entries_below() -> None:
    entries = only(
        "## Timeline (UTC)\n"
        "\n"
        "### 2026-03-15\n"
        "\n"
        "- 14:05 Alerts fire.\n"
        "- 16:40 Fix deployed.\n"
        "\n"
        "### 2026-03-16\n"
        "\n"
        "- 09:00 Review held.\n")
    assert clocks(entries) == [(5, "14:05"), (6, "16:40"), (10, "09:00")]
    assert dates(entries) == [(D(2026, 3, 15), True), (D(2026, 3, 15), True), (D(2026, 3, 16), True)]
    assert entries[2].instant() == dt.datetime(2026, 3, 16, 9, 0)


def test_a_date_heading_after_a_late_entry_is_not_moved_to_the_next_day() -> None:
    # 23:50 then 00:20 under a new date heading: the heading already says which day it is.
    entries = only(
        "## Timeline (UTC)\n"
        "\n"
        "### 2026-03-15\n"
        "\n"
        "- 23:50 Fix deployed.\n"
        "\n"
        "### 2026-03-16\n"
        "\n"
        "- 00:20 Errors gone.\n"
        "- 00:40 Resolved.\n")
    assert dates(entries) == [(D(2026, 3, 15), True), (D(2026, 3, 16), True), (D(2026, 3, 16), True)]


def test_day_first_dashed_date_heading_with_zone() -> None:
    entries = only(
        "## Timeline\n"
        "\n"
        "#### 29-09-2021 (All times CEST)\n"
        "\n"
        "- 09:15 Deploy starts.\n"
        "- 09:40 Errors climb.\n")
    assert clocks(entries) == [(5, "09:15"), (6, "09:40")]
    assert dates(entries) == [(D(2021, 9, 29), True)] * 2
    assert zones(entries) == [("CEST", "heading", 3)] * 2
    assert entries[0].instant() == dt.datetime(2021, 9, 29, 7, 15)  # CEST is UTC+2


def test_date_written_after_the_time() -> None:
    entries = only(
        "# Gateway outage 2021\n"
        "\n"
        "## Timeline\n"
        "\n"
        "- 12:45 PM PST Saturday Oct 30th: Users report errors.\n"
        "- 1:10 AM PST Sunday Oct 31st: Fix deployed.\n")
    assert clocks(entries) == [(5, "12:45"), (6, "01:10")]
    # "12:45 PM PST Saturday Oct 30th" is 30 characters; "1:10 AM PST Sunday Oct 31st" is 27.
    assert [entry.span for entry in entries] == [at(5, 3, 33), at(6, 3, 30)]
    assert dates(entries) == [(D(2021, 10, 30), False), (D(2021, 10, 31), False)]
    assert zones(entries) == [("PST", "entry", None)] * 2
    assert [entry.text for entry in entries] == ["Users report errors.", "Fix deployed."]
    # Daylight time lasted until 7 November 2021: 1:10 AM "PST" on 31 October is PDT (UTC-7), 08:10 UTC.
    assert entries[1].instant() == dt.datetime(2021, 10, 31, 8, 10)


def test_bare_times_after_midnight_roll_over_to_the_next_day() -> None:
    entries = only(
        "## Timeline (UTC)\n"
        "\n"
        "- 2026-03-15 23:40 Alerts fire.\n"
        "- 23:55 Rollback starts.\n"
        "- 00:10 Errors drop.\n"
        "- 00:25 Resolved.\n")
    assert dates(entries) == [(D(2026, 3, 15), False), (D(2026, 3, 15), True), (D(2026, 3, 16), True),
                              (D(2026, 3, 16), True)]
    assert entries[0].span == at(3, 3, 19)


def test_dates_carry_from_the_previous_entry() -> None:
    entries = only(
        "## Timeline (UTC)\n"
        "\n"
        "- 2026-03-15 14:05 Alerts fire.\n"
        "- 14:20 Rollback starts.\n"
        "- 2026-03-16 09:00 Review held.\n"
        "- 10:00 Report published.\n")
    assert dates(entries) == [(D(2026, 3, 15), False), (D(2026, 3, 15), True), (D(2026, 3, 16), False),
                              (D(2026, 3, 16), True)]


def test_an_introduction_that_states_the_date_dates_the_entries_without_one() -> None:
    entries = only(
        "## Timeline\n"
        "\n"
        "All times are UTC, on 2026-03-15.\n"
        "\n"
        "- 14:05 Alerts fire.\n"
        "- 2026-03-16 09:00 Review held.\n"
        "- 10:00 Report published.\n")
    # Without "otherwise", an entry's own date carries on to the entries after it, as it does with no introduction.
    assert dates(entries) == [(D(2026, 3, 15), True), (D(2026, 3, 16), False), (D(2026, 3, 16), True)]


def test_unless_otherwise_noted_an_entrys_own_date_is_its_alone() -> None:
    entries = only(
        "## Timeline\n"
        "\n"
        "Unless otherwise noted all events happened on 2026-03-15, and all times are in UTC.\n"
        "\n"
        "- **2026-03-14 00:55: builds start failing**\n"
        "- 01:38: alerts fire\n"
        "- 23:10: fix deployed\n"
        "- 00:20: backlog drained\n")
    assert dates(entries) == [(D(2026, 3, 14), False), (D(2026, 3, 15), True), (D(2026, 3, 15), True),
                              (D(2026, 3, 16), True)]


def test_an_introduction_with_a_range_of_days_states_no_date() -> None:
    entries = only(
        "## Timeline\n"
        "\n"
        "All times are UTC, from 2026-03-15 to 2026-03-17.\n"
        "\n"
        "- 14:05 Alerts fire.\n")
    assert entries[0].date is None


# -- zones ---------------------------------------------------------------------------------------


def test_zone_from_the_timeline_heading() -> None:
    entries = only(
        "# Outage\n"
        "\n"
        "## Timeline (all times PST)\n"
        "\n"
        "- 06:05 Alerts fire.\n"
        "- 06:30 Fix deployed.\n")
    assert zones(entries) == [("PST", "heading", 3)] * 2


def test_zone_from_an_intro_line() -> None:
    entries = only(
        "## Timeline\n"
        "\n"
        "All times are in UTC.\n"
        "\n"
        "- 14:05 Alerts fire.\n")
    assert zones(entries) == [("UTC", "intro", 3)]


def test_a_table_with_a_local_time_column_before_the_utc_one_is_read_in_utc() -> None:
    entries = only(
        "## Timeline\n"
        "\n"
        "| Time (PST) | Time (UTC) | Event |\n"
        "|---|---|---|\n"
        "| 2026-01-15 06:05 | 2026-01-15 14:05 | Alerts fire. |\n"
        "| 2026-01-15 06:20 | 2026-01-15 14:20 | Rollback. |\n")
    assert clocks(entries) == [(5, "14:05"), (6, "14:20")]
    assert zones(entries) == [("UTC", "table header", 3), ("UTC", "table header", 3)]


def test_a_local_time_followed_by_its_utc_time_in_brackets_is_read_in_utc() -> None:
    entries = only(
        "## Timeline (all times PST)\n"
        "\n"
        "- 2026-03-15 06:20 PST (14:20 UTC) Vendor acknowledges.\n"
        "- 2026-03-15 23:10 (07:10 UTC) Fix deployed.\n"
        "- 23:40 PST (07:40Z) Recovered.\n")
    # The writer's UTC time, not a conversion of "PST" (which in March is PDT, 13:20 UTC); the date moves
    # across midnight with it.
    assert [(entry.date, entry.clock, entry.zone) for entry in entries] == [
        (D(2026, 3, 15), dt.time(14, 20), "UTC"), (D(2026, 3, 16), dt.time(7, 10), "UTC"),
        (D(2026, 3, 16), dt.time(7, 40), "Z")]
    assert [entry.text for entry in entries] == ["Vendor acknowledges.", "Fix deployed.", "Recovered."]
    assert entries[0].span == Span(3, 3, 3, 35)  # the timestamp as written, both clocks
    assert entries[0].time_span == Span(3, 25, 3, 30)
    # A bracket that is not a UTC time leaves the entry as it was.
    (entry,) = only("## Timeline (PST)\n\n- 2026-03-15 06:20 (approx.) Vendor acknowledges.\n")
    assert (entry.clock, entry.zone) == (dt.time(6, 20), "PST")


@pytest.mark.parametrize("intro", ["Times below are in UTC.", "Timestamps are UTC.", "Times shown are UTC.",
                                   "All timestamps below are in UTC.", "Times listed are in UTC.",
                                   "The times above are UTC."])
def test_zone_from_intro_lines_worded_otherwise(intro: str) -> None:
    entries = only(f"## Timeline\n\n{intro}\n\n- 14:05 Alerts fire.\n")
    assert zones(entries) == [("UTC", "intro", 3)]


def test_zone_from_an_intro_sentence_wrapped_over_two_lines() -> None:
    entries = only(
        "## Timeline\n"
        "\n"
        "Events are listed below. All\n"
        "times are in UTC.\n"
        "- 14:05 Alerts fire.\n")
    # The zone is named on the second line of the sentence.
    assert zones(entries) == [("UTC", "intro", 4)]
    assert clocks(entries) == [(5, "14:05")]


def test_zone_from_a_statement_about_all_times_outside_the_timeline() -> None:
    entries = only(
        "# Outage\n"
        "\n"
        "## Summary\n"
        "\n"
        "Checkout failed for an hour. All times in this report are UTC.\n"
        "\n"
        "## Timeline\n"
        "\n"
        "- 14:05 Alerts fire.\n")
    assert zones(entries) == [("UTC", "document", 5)]


def test_the_timeline_heading_zone_wins_over_a_document_statement() -> None:
    entries = only(
        "## Summary\n"
        "\n"
        "All times in this report are UTC.\n"
        "\n"
        "## Timeline (PDT)\n"
        "\n"
        "- 07:05 Alerts fire.\n")
    assert zones(entries) == [("PDT", "heading", 5)]


def test_zone_from_the_previous_entry() -> None:
    entries = only(
        "## Timeline\n"
        "\n"
        "- 14:05 UTC Alerts fire.\n"
        "- 14:20 Rollback starts.\n"
        "- 15:30 CET Vendor confirms.\n"
        "- 15:45 Vendor fix live.\n")
    assert zones(entries) == [("UTC", "entry", None), ("UTC", "previous entry", 3), ("CET", "entry", None),
                              ("CET", "previous entry", 5)]


def test_no_zone_anywhere() -> None:
    entries = only("## Timeline\n\n- 14:05 Alerts fire.\n")
    assert zones(entries) == [(None, None, None)]
    assert entries[0].instant() is None  # no date either


def test_instant_converts_an_explicit_offset() -> None:
    entries = only("## Timeline\n\n- 2026-03-15T14:05:00+02:00 Alerts fire.\n")
    assert entries[0].zone == "+02:00"
    assert entries[0].instant() == dt.datetime(2026, 3, 15, 12, 5)
    # "2026-03-15T14:05:00+02:00" is 25 characters.
    assert entries[0].span == at(3, 3, 28)


# -- what is not an entry, and several timelines ------------------------------------------------


def test_two_timeline_sections_give_two_timelines() -> None:
    found = read(
        "# Two incidents\n"
        "\n"
        "## Incident A\n"
        "\n"
        "### Timeline (UTC)\n"
        "\n"
        "- 10:00 A starts.\n"
        "- 10:30 A resolved.\n"
        "\n"
        "## Incident B\n"
        "\n"
        "### Timeline (all times CET)\n"
        "\n"
        "- 09:00 B starts.\n")
    assert [timeline.index for timeline in found] == [0, 1]
    assert [timeline.section.title for timeline in found] == ["Timeline (UTC)", "Timeline (all times CET)"]
    assert clocks(found[0].entries) == [(7, "10:00"), (8, "10:30")]
    assert clocks(found[1].entries) == [(14, "09:00")]
    assert [entry.timeline for entry in found[1].entries] == [1]
    assert zones(found[1].entries) == [("CET", "heading", 12)]


def test_times_in_a_fenced_code_block_are_not_entries() -> None:
    entries = only(
        "## Timeline (UTC)\n"
        "\n"
        "- 14:05 Alerts fire.\n"
        "\n"
        "```\n"
        "14:07:12 ERROR upstream timeout\n"
        "14:07:13 ERROR upstream timeout\n"
        "```\n"
        "\n"
        "- 14:20 Rollback starts.\n")
    assert clocks(entries) == [(3, "14:05"), (10, "14:20")]


def test_times_in_the_summary_and_action_items_are_not_entries() -> None:
    entries = only(
        "# Outage\n"
        "\n"
        "## Summary\n"
        "\n"
        "14:05 is when the outage began; it ended at 15:00.\n"
        "\n"
        "## Timeline (UTC)\n"
        "\n"
        "- 14:05 Alerts fire.\n"
        "\n"
        "## Action Items\n"
        "\n"
        "- 16:00 review meeting with the vendor (owner: Ana)\n")
    assert clocks(entries) == [(9, "14:05")]


def test_no_timeline_section() -> None:
    assert read("# Outage\n\n## Summary\n\n- 14:05 Alerts fire.\n") == []


@pytest.mark.parametrize("text, minutes", [
    ("3 hours and 55 minutes", 235), ("an hour", 60), ("a 45-minute outage", 45), ("1h 30m", 90),
    ("two days, 4 hours", 3120), ("half an hour", 30), ("forty-five minutes", 45), ("one-hour", 60),
    ("2 days and 3 hours", 3060), ("1 hour & 5 minutes", 65),
])
def test_stated_durations(text: str, minutes: float) -> None:
    from pmlint.reading.durations import parse_duration
    parsed = parse_duration(text)
    assert parsed is not None and parsed[0] == minutes


def test_a_date_without_a_year_takes_the_year_from_the_file_name() -> None:
    text = "# Outage\n\n## Timeline (UTC)\n\n### Jun 28\n\n- 10:00 Alerts fire.\n"
    entries = timelines(Document.parse(Source.from_text("posts/2022-06-29-outage.md", text), CATALOG))[0].entries
    assert dates(entries) == [(D(2022, 6, 28), True)]
    assert entries[0].year_known
    # Nowhere to take a year from: the year is unknown, not a default one.
    entries = only(text)
    assert entries[0].year_known is False


def test_heading_entries_take_the_paragraphs_below_as_their_text() -> None:
    entries = only("## Timeline (UTC)\n\n### 2026-01-05 18:00\n\nTraffic returns to normal.\n\nAll good.\n\n"
                   "### 19:00\n\n- 19:05 A list entry.\n")
    assert [entry.text for entry in entries] == ["Traffic returns to normal. All good.", "", "A list entry."]


def test_entries_keep_the_spans_of_their_parts() -> None:
    text = "## Timeline\n\n- 2026-01-05 10:00 (PST) Alerts fire.\n- ~13:30-13:45 Launches fail.\n"
    first, second = only(text)
    assert (first.date_span, first.time_span, first.zone_span) == (at(3, 3, 13), at(3, 14, 19), at(3, 21, 24))
    assert second.range_end == (at(4, 10, 15), dt.time(13, 45))
    assert first.declaration is None
