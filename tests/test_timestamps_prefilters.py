"""Issue 19: the cheap paths of ``reading/timestamps`` give what the full search gives.

``leading_timestamp`` reads a line that starts with a date before a time from the first time's match
alone, ``find_timestamps`` returns at once for a text without a digit, and ``may_hold_numeric_date``
no longer counts a year-first date. Each is checked against ``find_timestamps`` itself on many built
texts, weighted towards the lines those paths are for: a date, a separator, a time, a zone.
"""
from __future__ import annotations

import dataclasses

import hypothesis
from hypothesis import strategies as st

from pmlint.reading.timestamps import (
    ALL_TIMES,
    find_time_starts,
    find_times,
    find_timestamps,
    leading_timestamp,
    may_hold_numeric_date,
    numeric_orders,
    says_all_times,
)

_DATES = ["2026-03-15", "2026/03/15", "2026-3-5", "15 March 2026", "March 3rd", "Mon ", "Tuesday, ", "Sept. 3",
          "June 14th, 2022", "3 of May", "03/04/22", "4/21/2023", "29-09-2021", "03-10-2021", "20202-01-16",
          "12-13-20222", "2026", "\u0663\u0663-\u0661\u0662-\u0662\u0660\u0662\u0666"]
_SEPARATORS = ["T", " ", ", ", " at ", " at ~", " - ", "-", ",", "  ", "\t", " on "]
_TIMES = ["14:05", "9:30", "14:05:30", "1430", "10:18 AM", "3pm", "2 am", "12 p.m.", "13:55 PM", "25:10", "1:00-2:00 PM",
          "13:30-13:45", "2026"]
_ZONES = ["Z", "UTC", " UTC", " utc", " (PST)", "+02:00", " CET", " Europe/Berlin", " local time", ""]
_WORDS = [" Deploy", " \u2014 rollback", ": alert", " am", " pm", " of ", "K", "ſep", "|", "*", "`", "(", ")", "3", "12"]
_PIECE = st.sampled_from(_DATES + _SEPARATORS + _TIMES + _ZONES + _WORDS)
_DATE_FIRST = st.tuples(st.sampled_from(_DATES), st.sampled_from(_SEPARATORS), st.sampled_from(_TIMES),
                        st.sampled_from(_ZONES), st.lists(_PIECE, max_size=8)).map(
    lambda parts: "".join(parts[:4]) + "".join(parts[4]))
_TEXT = st.one_of(_DATE_FIRST, st.lists(_PIECE, max_size=14).map("".join))


def _moved(stamp, shift):
    names = ("start", "end", "time_start", "time_end", "zone_start", "zone_end")
    return dataclasses.replace(stamp, **{name: None if getattr(stamp, name) is None else getattr(stamp, name) + shift
                                         for name in names})


@hypothesis.settings(max_examples=3000, deadline=None)
@hypothesis.given(_TEXT, st.integers(0, 40))
def test_leading_timestamp_is_what_the_full_search_finds_at_the_start(text: str, shift: int) -> None:
    stamps = find_timestamps(text)
    expected = _moved(stamps[0], shift) if stamps and stamps[0].start == 0 else None
    assert leading_timestamp(text, shift) == expected, text


@hypothesis.settings(max_examples=1500, deadline=None)
@hypothesis.given(_TEXT)
def test_a_text_the_numeric_prefilter_passes_over_has_no_order_to_tell(text: str) -> None:
    orders = {stamp.numeric_order for stamp in find_timestamps(text)} - {None}
    if not may_hold_numeric_date(text):
        assert orders == set(), text
    assert orders <= numeric_orders(text)


def test_a_date_before_a_time_starts_the_line() -> None:
    stamp = leading_timestamp("2026-03-15T14:05+02:00 \u2014 Deploy started at 14:20")
    assert stamp is not None
    assert (stamp.start, stamp.end, stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.zone) == \
        (0, 22, 2026, 3, 15, 14, 5, "+02:00")
    assert leading_timestamp("15 March 2026, 14:05 UTC rollback", 3).start == 3  # type: ignore[union-attr]


def test_a_time_after_other_words_does_not_start_the_line() -> None:
    assert leading_timestamp("2026 saw 14:05 deploys") is None
    assert leading_timestamp("3 replicas at 14:05") is None


def test_a_malformed_date_before_a_time_starts_the_line_with_its_error() -> None:
    stamp = leading_timestamp("12345-01-02 14:05 deploy")
    assert stamp is not None and (stamp.start, stamp.end, stamp.hour) == (0, 17, None)
    assert stamp.error == "'12345-01-02' is not a valid date"


def test_a_date_alone_starts_the_line() -> None:
    stamp = leading_timestamp("2026-03-15")
    assert stamp is not None and (stamp.start, stamp.end, stamp.hour) == (0, 10, None)
    stamp = leading_timestamp("March 3rd - deploy at 14:05")
    assert stamp is not None and (stamp.start, stamp.month, stamp.day, stamp.hour) == (0, 3, 3, None)


def test_a_text_without_a_digit_holds_no_timestamp() -> None:
    assert find_timestamps("Monday March, at noon UTC (PST)") == []
    assert [stamp.hour for stamp in find_timestamps("\u0661\u0664:\u0660\u0665 UTC")] == [14]  # Arabic-Indic digits


def test_a_year_first_date_has_no_order_to_tell() -> None:
    assert not may_hold_numeric_date("2026-03-15 14:05 and 2026-3-5T10:00")
    assert may_hold_numeric_date("29-09-2021") and may_hold_numeric_date("4/21/23")


@hypothesis.settings(max_examples=2000, deadline=None)
@hypothesis.given(_TEXT)
def test_find_times_is_find_timestamps_without_the_dates(text: str) -> None:
    assert find_times(text) == [stamp for stamp in find_timestamps(text) if stamp.has_time], text


def test_find_times_skips_dates_and_unreadable_times() -> None:
    text = "From 2026-03-15 14:05 to 15:20 UTC on 16 March; 13:55 PM was a typo, 2026-03-17 was the review."
    assert [(stamp.hour, stamp.minute, stamp.zone) for stamp in find_times(text)] == [(14, 5, None), (15, 20, "UTC")]


_ALL_TIMES_PIECES = ["all", "ALL", "times", "Times", "time", "TIME", "t\u0131me", "T\u0130ME", "are", "in", "zone",
                     "timezone", "TimeZone", " ", "  ", "\n", "\u00a0", ".", "-", "_", "x", "\u017f", "\u212a", "é", "\u2014",
                     "T", "I", "M", "E", "S", "\u0130", "\u0131", "\u0307", "time\u017f", "ZONE", "timeline", "sometimes"]


@hypothesis.settings(max_examples=3000, deadline=None)
@hypothesis.given(st.lists(st.sampled_from(_ALL_TIMES_PIECES), max_size=10).map("".join))
def test_says_all_times_is_the_pattern(text: str) -> None:
    assert says_all_times(text) == (ALL_TIMES.search(text) is not None), text


def test_says_all_times() -> None:
    assert says_all_times("All times in this report are UTC.")
    assert says_all_times("Timezone: CET") and says_all_times("TIMES ARE PST")
    assert says_all_times("All t\u0131mes are CET")  # a dotless i: the pattern matches it, so the test does too
    assert says_all_times("ALL T\u0130MES \u2014 UTC")  # "\u0130" lower-cases to two characters
    assert says_all_times("all time\u017f in CET") and says_all_times("Time  zone \u2014 CET")
    assert not says_all_times("At the time, the alert fired.") and not says_all_times("Deploy finished.")


@hypothesis.settings(max_examples=1500, deadline=None)
@hypothesis.given(st.lists(_TEXT, min_size=1, max_size=4).map("\n".join), st.integers(0, 7), st.integers(0, 60))
def test_the_time_starts_read_only_where_wanted_are_those_of_find_times(text: str, modulus: int, least: int) -> None:
    """``find_time_starts`` skips reading the times it is not asked about; it still gives exactly the starts
    of ``find_times``'s timestamps that ``wanted`` accepts (a time with a bad date before it is none)."""
    def wanted(start: int) -> bool:
        return start >= least and (modulus == 0 or start % modulus != 1)
    expected = [stamp.time_start for stamp in find_times(text) if wanted(stamp.time_start)]
    assert list(find_time_starts(text, wanted)) == expected
    assert list(find_time_starts(text, lambda start: True)) == [stamp.time_start for stamp in find_times(text)]


def test_a_time_with_a_malformed_date_before_it_is_no_time_start() -> None:
    assert [stamp.time_start for stamp in find_times("20202-01-16 12:00 then 13:05")] == [23]
    assert list(find_time_starts("20202-01-16 12:00 then 13:05", lambda start: True)) == [23]
    assert list(find_time_starts("at 12:00 and 13:05", lambda start: start != 3)) == [13]


def test_a_timestamp_compares_and_hashes_by_its_fields_as_a_frozen_one_did() -> None:
    # Issue 19: Timestamp is no longer frozen (building a frozen one cost six times as much); it still
    # compares and hashes by its fields, and replace() makes another, leaving the one it copies (which
    # entries may share) as it was.
    first, second = find_timestamps("2026-01-05 14:05 UTC")[0], find_timestamps("at 2026-01-05 14:05 UTC")[0]
    moved = dataclasses.replace(second, start=first.start, end=first.end, time_start=first.time_start,
                                time_end=first.time_end, zone_start=first.zone_start, zone_end=first.zone_end)
    assert moved == first and hash(moved) == hash(first) and len({first, moved}) == 1
    fields = dataclasses.astuple(first)
    assert hash(first) == hash(fields) and dataclasses.replace(first, zone="PST").zone == "PST"
    assert dataclasses.astuple(first) == fields
