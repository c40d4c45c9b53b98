"""A hand-written table of real-world timeline timestamps and what the parser must read from them.

Every expectation below was written by hand from what a person reading a post-mortem understands,
not from the parser's output. Rows the parser gets wrong are marked ``xfail(strict=True)`` with the
reason, so that fixing the parser turns them into failures to unmark.
"""
from __future__ import annotations

import datetime as dt

import hypothesis
import pytest
from hypothesis import strategies as st

from pmlint.reading.timestamps import (
    can_start_timestamp,
    find_timestamps,
    find_zone_declaration,
    is_known_zone,
    is_utc,
    normalize_zone,
    numeric_orders,
    read_zone,
    zone_offset,
)


def case(text, matched, year, month, day, hour, minute=0, second=0, zone=None, error=False, *, bug=None):
    """One row: the input, then the first timestamp expected in it.

    ``matched`` is ``text[start:end]``; ``hour`` is None for a date alone or an impossible value;
    ``error`` says whether an error must be reported. ``bug`` marks a known parser defect.
    """
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(text, (matched, year, month, day, hour, minute, second, zone, error), marks=marks, id=text)


ROWS = [
    # -- ISO 8601 with Z and offsets ----------------------------------------------------------------
    case("2026-03-15T14:05:30Z", "2026-03-15T14:05:30Z", 2026, 3, 15, 14, 5, 30, "Z"),
    case("2026-03-15T14:05Z", "2026-03-15T14:05Z", 2026, 3, 15, 14, 5, 0, "Z"),
    case("2026-03-15T14:05:30.123Z", "2026-03-15T14:05:30.123Z", 2026, 3, 15, 14, 5, 30, "Z"),
    case("2026-03-15T14:05:30+01:00", "2026-03-15T14:05:30+01:00", 2026, 3, 15, 14, 5, 30, "+01:00"),
    case("2026-03-15T14:05:30-0700", "2026-03-15T14:05:30-0700", 2026, 3, 15, 14, 5, 30, "-07:00"),
    case("2026-03-15T14:05:30+00:00", "2026-03-15T14:05:30+00:00", 2026, 3, 15, 14, 5, 30, "+00:00"),
    case("2026-03-15T09:00+05:30", "2026-03-15T09:00+05:30", 2026, 3, 15, 9, 0, 0, "+05:30"),
    case("log line 2021-05-09T23:02:01.463 full_node", "2021-05-09T23:02:01.463", 2021, 5, 9, 23, 2, 1),
    # -- YYYY-MM-DD HH:MM[:SS] ----------------------------------------------------------------------
    case("2026-03-15 14:05", "2026-03-15 14:05", 2026, 3, 15, 14, 5),
    case("2026-03-15 14:05:30", "2026-03-15 14:05:30", 2026, 3, 15, 14, 5, 30),
    case("2026-03-15 14:05 UTC", "2026-03-15 14:05 UTC", 2026, 3, 15, 14, 5, 0, "UTC"),
    case("2026-03-15 14:05:30 +02:00", "2026-03-15 14:05:30 +02:00", 2026, 3, 15, 14, 5, 30, "+02:00"),
    case("2024-02-29 12:00", "2024-02-29 12:00", 2024, 2, 29, 12, 0),
    case("2026-3-5 9:05", "2026-3-5 9:05", 2026, 3, 5, 9, 5),
    # -- bare HH:MM[:SS], with and without zones ----------------------------------------------------
    case("14:05", "14:05", None, None, None, 14, 5),
    case("14:05:30", "14:05:30", None, None, None, 14, 5, 30),
    case("7:05", "7:05", None, None, None, 7, 5),
    case("09:15:04 UTC", "09:15:04 UTC", None, None, None, 9, 15, 4, "UTC"),
    case("14:05Z", "14:05Z", None, None, None, 14, 5, 0, "Z"),
    case("16:58 GMT", "16:58 GMT", None, None, None, 16, 58, 0, "GMT"),
    case("10:00 PST", "10:00 PST", None, None, None, 10, 0, 0, "PST"),
    case("10:00 PDT", "10:00 PDT", None, None, None, 10, 0, 0, "PDT"),
    case("10:00 PT", "10:00 PT", None, None, None, 10, 0, 0, "PT"),
    case("10:00 EST", "10:00 EST", None, None, None, 10, 0, 0, "EST"),
    case("10:00 EDT", "10:00 EDT", None, None, None, 10, 0, 0, "EDT"),
    case("10:00 CET", "10:00 CET", None, None, None, 10, 0, 0, "CET"),
    case("10:00 CEST", "10:00 CEST", None, None, None, 10, 0, 0, "CEST"),
    case("10:00 BST", "10:00 BST", None, None, None, 10, 0, 0, "BST"),
    case("10:00 IST", "10:00 IST", None, None, None, 10, 0, 0, "IST"),
    case("10:00 JST", "10:00 JST", None, None, None, 10, 0, 0, "JST"),
    case("10:00 AEST", "10:00 AEST", None, None, None, 10, 0, 0, "AEST"),
    case("10:00 UTC+1", "10:00 UTC+1", None, None, None, 10, 0, 0, "UTC+01:00"),
    case("10:00 UTC+05:30", "10:00 UTC+05:30", None, None, None, 10, 0, 0, "UTC+05:30"),
    case("10:00 GMT-5", "10:00 GMT-5", None, None, None, 10, 0, 0, "GMT-05:00"),
    case("10:00 UTC\u22123", "10:00 UTC\u22123", None, None, None, 10, 0, 0, "UTC-03:00"),
    case("10:00 (UTC)", "10:00 (UTC)", None, None, None, 10, 0, 0, "UTC"),
    case("10:00 (PST)", "10:00 (PST)", None, None, None, 10, 0, 0, "PST"),
    case("10:00 utc", "10:00 utc", None, None, None, 10, 0, 0, "UTC"),
    case("10:00 local time", "10:00 local time", None, None, None, 10, 0, 0, "LOCAL"),
    case("**16:58 UTC** - writer down", "16:58 UTC", None, None, None, 16, 58, 0, "UTC"),
    case("at `14:05` the pager fired", "14:05", None, None, None, 14, 5),
    case("| 21:33 | user reports |", "21:33", None, None, None, 21, 33),
    case("12:48 (6:48 PDT)", "12:48", None, None, None, 12, 48),
    # -- 12-hour clocks -----------------------------------------------------------------------------
    case("3:15pm", "3:15pm", None, None, None, 15, 15),
    case("10:18 AM", "10:18 AM", None, None, None, 10, 18),
    case("12:00 am", "12:00 am", None, None, None, 0, 0),
    case("12:30 PM", "12:30 PM", None, None, None, 12, 30),
    case("3pm", "3pm", None, None, None, 15, 0),
    case("12 AM", "12 AM", None, None, None, 0, 0),
    case("11 a.m.", "11 a.m.", None, None, None, 11, 0),
    case("9:05:17 pm", "9:05:17 pm", None, None, None, 21, 5, 17),
    case("04:49 PM UTC", "04:49 PM UTC", None, None, None, 16, 49, 0, "UTC"),
    case("12:45 PM PST", "12:45 PM PST", None, None, None, 12, 45, 0, "PST"),
    # -- month-name dates ---------------------------------------------------------------------------
    case("Jan 14, 10:18 AM", "Jan 14, 10:18 AM", None, 1, 14, 10, 18),
    case("March 15, 2026", "March 15, 2026", 2026, 3, 15, None),
    case("15 March 2026", "15 March 2026", 2026, 3, 15, None),
    case("June 14th, 2022, 10:30 AM", "June 14th, 2022, 10:30 AM", 2022, 6, 14, 10, 30),
    case("June 16th 2022, 8:45 AM", "June 16th 2022, 8:45 AM", 2022, 6, 16, 8, 45),
    case("Sep 27 2017 13:06", "Sep 27 2017 13:06", 2017, 9, 27, 13, 6),
    case("19. April, 11:00", "19. April, 11:00", None, 4, 19, 11, 0),
    case("Monday May 10th", "Monday May 10th", None, 5, 10, None),
    case("2 Feb 2026 09:10", "2 Feb 2026 09:10", 2026, 2, 2, 9, 10),
    case("Dec. 1, 2025, 6:00 PM EST", "Dec. 1, 2025, 6:00 PM EST", 2025, 12, 1, 18, 0, 0, "EST"),
    case("Tuesday, March 3, 2026 at 14:20 UTC", "Tuesday, March 3, 2026 at 14:20 UTC", 2026, 3, 3, 14, 20, 0, "UTC"),
    case("14th of March 2026", "14th of March 2026", 2026, 3, 14, None),
    # -- US dashed and slashed dates ----------------------------------------------------------------
    case("07-27-2023 2:14 pm", "07-27-2023 2:14 pm", 2023, 7, 27, 14, 14),
    case("02-13-2025 11:00 pm", "02-13-2025 11:00 pm", 2025, 2, 13, 23, 0),
    case("07-30-2023 2:42 am", "07-30-2023 2:42 am", 2023, 7, 30, 2, 42),
    case("4/21/23", "4/21/23", 2023, 4, 21, None),
    case("12/31/2025", "12/31/2025", 2025, 12, 31, None),
    case("4/21/2023 14:00", "4/21/2023 14:00", 2023, 4, 21, 14, 0),
    case("2026/03/15 14:05", "2026/03/15 14:05", 2026, 3, 15, 14, 5),
    # -- military -----------------------------------------------------------------------------------
    case("1430Z", "1430Z", None, None, None, 14, 30, 0, "Z"),
    case("0905 UTC", "0905 UTC", None, None, None, 9, 5, 0, "UTC"),
    # -- ranges: the first time only, never a bogus offset -------------------------------------------
    case("13:30-13:45", "13:30", None, None, None, 13, 30),
    case("8:20 - 8:24", "8:20", None, None, None, 8, 20),
    case("14:20-2:00", "14:20", None, None, None, 14, 20),
    case("10:00-11:00", "10:00", None, None, None, 10, 0),
    case("09:15:00-09:20:00", "09:15:00", None, None, None, 9, 15, 0),
    case("2026-03-15 13:30-13:45", "2026-03-15 13:30", 2026, 3, 15, 13, 30),
    case("2026-03-15 10:00-10:30 UTC", "2026-03-15 10:00", 2026, 3, 15, 10, 0),
    case("1:00-2:00 PM", "1:00", None, None, None, 13, 0),
    # -- impossible values: reported, never guessed --------------------------------------------------
    case("13:55 PM", "13:55 PM", None, None, None, None, error=True),
    case("13:55 PM PST", "13:55 PM PST", None, None, None, None, zone="PST", error=True),
    case("25:10", "25:10", None, None, None, None, error=True),
    case("14:61", "14:61", None, None, None, None, error=True),
    case("14:30:75", "14:30:75", None, None, None, None, error=True),
    case("2026-13-45 10:00", "2026-13-45 10:00", None, None, None, None, error=True),
    case("2026-02-30", "2026-02-30", None, None, None, None, error=True),
    case("2026-02-29", "2026-02-29", None, None, None, None, error=True),
    case("02/30/2026", "02/30/2026", None, None, None, None, error=True),
]


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_first_timestamp(text: str, expected: tuple) -> None:
    stamps = find_timestamps(text)
    assert stamps, f"no timestamp found in {text!r}"
    s = stamps[0]
    actual = (text[s.start:s.end], s.year, s.month, s.day, s.hour, s.minute, s.second, s.zone, s.error is not None)
    assert actual == expected


NOT_TIMESTAMPS = [
    "v1.24.0",
    "ratio 3:1",
    "10.0.0.1",
    "port 8080",
    "3.14",
    "1:2",
    "2024",
    "release 1.2.10",
    "10.0.0.1:8080",
    "aspect 16:9",
    "CVE-2021-44228",
    "block height 255108",
    "app.py:12:30",
    "the rack drew 5 amps",
    "we rebuilt 2 AMIs",
    "4 PMs were paged",
    "99.95% availability",
]


@pytest.mark.parametrize("text", NOT_TIMESTAMPS)
def test_not_a_timestamp(text: str) -> None:
    assert find_timestamps(text) == []


def test_time_offsets_point_at_the_time() -> None:
    text = "- 2026-03-15 14:05 UTC: alert"
    (stamp,) = find_timestamps(text)
    assert text[stamp.time_start:stamp.time_end] == "14:05"
    assert text[stamp.start:stamp.end] == "2026-03-15 14:05 UTC"
    assert stamp.has_time and stamp.has_date


def test_a_range_yields_both_times() -> None:
    stamps = find_timestamps("8:20 - 8:24")
    assert [(s.hour, s.minute, s.zone) for s in stamps] == [(8, 20, None), (8, 24, None)]


def test_range_in_parentheses_ends_at_the_zone() -> None:
    text = "Duration (10:45 - 16:11 UTC)"
    spans = [text[s.start:s.end] for s in find_timestamps(text)]
    assert spans == ["10:45", "16:11 UTC"]


def test_date_alone_has_no_time() -> None:
    (stamp,) = find_timestamps("March 15, 2026")
    assert not stamp.has_time and stamp.has_date


# -- zone helpers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("zone", "minutes"), [
    ("PST", -480), ("CEST", 120), ("UTC+01:00", 60), ("UTC", 0), ("Z", 0), ("GMT", 0), ("-07:00", -420),
    ("+05:30", 330), ("GMT-05:00", -300), ("JST", 540), ("AEST", 600), ("IST", 330),
    ("LOCAL", None), (None, None), ("PT", None), ("NOPE", None),
])
def test_zone_offset(zone, minutes) -> None:
    assert zone_offset(zone) == minutes


def _have_tzdata() -> bool:
    try:
        from zoneinfo import ZoneInfo
        ZoneInfo("America/Los_Angeles")
    except Exception:
        return False
    return True


@pytest.mark.skipif(not _have_tzdata(), reason="no tz database")
@pytest.mark.parametrize(("when", "minutes"), [(dt.date(2026, 7, 1), -420), (dt.date(2026, 1, 15), -480)])
def test_zone_offset_pacific_follows_daylight_saving(when, minutes) -> None:
    assert zone_offset("PT", when) == minutes


@pytest.mark.parametrize(("zone", "expected"), [
    ("UTC", True), ("Z", True), ("+00:00", True), ("UTC+00:00", True), ("GMT", True),
    ("PST", False), ("+01:00", False), ("UTC+01:00", False), ("LOCAL", False), (None, False),
])
def test_is_utc(zone, expected) -> None:
    assert is_utc(zone) is expected


def test_is_utc_gmt_can_be_refused() -> None:
    assert is_utc("GMT", accept_gmt=False) is False
    assert is_utc("UTC", accept_gmt=False) is True


@pytest.mark.parametrize(("written", "expected"), [
    ("utc", "UTC"), ("UTC + 1", "UTC+01:00"), ("-0700", "-07:00"), ("+01:00", "+01:00"), ("local time", "LOCAL"),
    ("Local Time", "LOCAL"), ("GMT-5", "GMT-05:00"), ("UTC\u22123", "UTC-03:00"), ("pst", "PST"),
    ("Pacific Time", "PT"), ("Z", "Z"), ("CEST", "CEST"), ("Pacific Standard Time", "PST"),
    ("Central European Summer Time", "CEST"), ("Berlin time", "Europe/Berlin"), ("London local time", "Europe/London"),
    ("British time", "Europe/London"), ("Europe/Berlin", "Europe/Berlin"),
])
def test_normalize_zone(written, expected) -> None:
    assert normalize_zone(written) == expected


@pytest.mark.parametrize(("text", "zone"), [
    ("Timeline (all times PST)", "PST"),
    ("All times are in UTC.", "UTC"),
    ("| Time (UTC) | Event |", "UTC"),
    ("Time (UTC)", "UTC"),
    ("All times Pacific", "PT"),
    ("All times are Eastern.", "ET"),
    ("All times are Pacific Time", "PT"),
    ("All times in CEST", "CEST"),
    ("All times in Central European Time (CET)", "CET"),
    ("All times in UTC+1 (Zurich time)", "UTC+01:00"),
    ("Times are local time", "LOCAL"),
    ("Timeline", None),
    ("Timeline of events", None),
    ("All times are approximate", None),
    ("Central services timeline", None),
    ("The eastern region failed over", None),
    ("Timeline (Europe/Berlin)", "Europe/Berlin"),
    ("All times are in Berlin time", "Europe/Berlin"),
    ("All times US/Pacific", "US/Pacific"),
    ("Timeline (SAST)", "SAST"),
    ("Timeline (Pacific Daylight Time)", "PDT"),
    ("Timeline (XYZ)", "XYZ"),  # unknown, returned as written
    ("All times in XYZ", "XYZ"),
    ("### Rollout (API)", None),
    ("Timeline (DRAFT)", None),
])
def test_find_zone_declaration(text, zone) -> None:
    found = find_zone_declaration(text)
    if zone is None:
        assert found is None
    else:
        assert found is not None
        name, start, end = found
        assert name == zone
        assert start < end <= len(text)


# -- prefilters: cheap tests that must never hide a timestamp --------------------------------------

_PIECES = ["12", "3", "2026", "07", "-", "/", ":", " ", ",", "T", "Z", "UTC", "PST", "am", "pm", "Mon", "tues", "Thurs",
           "Sept", "SEP", "march", "Dec.", "the ", "at ", "on ", "of ", "th", "st", "~", "(", ")", "ſep", "K", "\u0663"]


@hypothesis.settings(max_examples=400, deadline=None)
@hypothesis.given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_numeric_orders_finds_every_order_find_timestamps_finds(text):
    expected = {stamp.numeric_order for stamp in find_timestamps(text)} - {None}
    assert expected <= numeric_orders(text)


@hypothesis.settings(max_examples=400, deadline=None)
@hypothesis.given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_no_timestamp_starts_where_can_start_timestamp_says_none_can(text):
    for position in range(len(text)):
        if any(stamp.start == 0 for stamp in find_timestamps(text[position:])):
            assert can_start_timestamp(text, position), (text, position)


@pytest.mark.parametrize("text, position, expected", [
    ("14:05 UTC", 0, True), ("- Tuesday 14:05", 2, True), ("Sept 3", 0, True), ("ſep 3", 0, True),
    ("Deploy at 14:05", 0, False), ("x", 1, False), ("", 0, False)])
def test_can_start_timestamp(text, position, expected):
    assert can_start_timestamp(text, position) is expected


def test_numeric_orders():
    assert numeric_orders("29-09-2021 14:05 and 03-10-2021") == {"dmy", "ambiguous"}
    assert numeric_orders("2021-09-29 14:05") - {None} == set()  # year first: no order to tell
    assert numeric_orders("Sept 3, 2021 at 14:05 UTC") == set()


@pytest.mark.parametrize("day", ["", "Monday ", "Tues ", "Wednesday, ", "Thurs. ", "Fri ", "Saturday ", "SUN "])
@pytest.mark.parametrize("month", ["January", "Feb", "March", "Apr", "May", "June", "Jul", "August", "Sept", "Oct.",
                                   "November", "DEC"])
def test_every_weekday_and_month_can_start_a_timestamp(day, month):
    for text in (f"{day}{month} 3, 2026 14:05", f"{day}3 {month} 2026"):
        assert find_timestamps(text)[0].start == 0
        assert can_start_timestamp(text, 0)


@pytest.mark.skipif(not _have_tzdata(), reason="no tz database")
@pytest.mark.parametrize(("zone", "when", "clock", "offset", "note", "ambiguous"), [
    ("PST", dt.date(2022, 6, 28), dt.time(10), -420, "PST on 2022-06-28 is PDT, UTC-7", False),
    ("PST", dt.date(2022, 1, 28), dt.time(10), -480, None, False),
    ("PDT", dt.date(2022, 1, 28), dt.time(10), -480, "PDT on 2022-01-28 is PST, UTC-8", False),
    ("CET", dt.date(2022, 6, 2), dt.time(10), 120, "CET on 2022-06-02 is CEST, UTC+2", False),
    ("Europe/Berlin", dt.date(2022, 1, 2), dt.time(10), 60, None, False),
    ("PST", None, None, -480, None, True),  # no date: daylight saving unknown
    ("JST", None, None, 540, None, False),  # no daylight saving at all
    ("SAST", None, None, 120, None, False),
    ("MST", dt.date(2022, 7, 1), dt.time(10), -360, "MST on 2022-07-01 is MDT, UTC-6", True),  # Arizona or Denver
    ("PT", dt.date(2022, 11, 6), dt.time(1, 30), -420, None, True),  # the repeated hour
    ("PST", dt.date(2022, 11, 6), dt.time(1, 30), -480, None, False),  # "PST" tells which of the two
    ("PT", dt.date(2022, 3, 13), dt.time(2, 30), -480, None, True),  # the skipped hour
    ("UTC+01:00", dt.date(2022, 6, 2), dt.time(10), 60, None, False),
    ("XYZ", dt.date(2022, 6, 2), dt.time(10), None, None, False),
])
def test_read_zone_converts_through_the_iana_zone(zone, when, clock, offset, note, ambiguous) -> None:
    reading = read_zone(zone, when, clock)
    assert (reading.offset, reading.note, reading.ambiguous) == (offset, note, ambiguous)


def test_a_malformed_date_before_a_time_is_an_error() -> None:
    stamps = find_timestamps("| 20202-01-16 12:00 | Deploy")
    assert [(s.start, s.end, s.error) for s in stamps] == [(2, 19, "'20202-01-16' is not a valid date")]
    # A version number is no date.
    assert [s.error for s in find_timestamps("v1.2.3 12:00 deploy")] == [None]


def test_zone_spans_are_kept() -> None:
    text = "10:00 (PST) Alerts"
    stamp = find_timestamps(text)[0]
    assert text[stamp.zone_start:stamp.zone_end] == "PST"
    assert (is_known_zone("SAST"), is_known_zone("Europe/Berlin"), is_known_zone("XYZ"), is_known_zone("LOCAL")) == \
        (True, True, False, False)
