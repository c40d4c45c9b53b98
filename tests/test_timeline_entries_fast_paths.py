"""Issue 15, resources: the timeline view's fast paths give what the straightforward reading gives.

The view reads a time at the start of a line from its one match, shares equal timestamps, tests a
timeline's numeric dates in one search, reads zones that do not depend on the date once per zone, and
works out an entry's spans, line and text only when asked. Each is checked here against the plain way
(the reading before issue 15's work, kept in this file as the reference) on many built lines and
documents, and the memory an entry keeps is bounded.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

import hypothesis
import pytest
from hypothesis import strategies as st

from pmlint.config.loading import load_config
from pmlint.model import Span
from pmlint.reading import timeline_entries as timeline_module
from pmlint.reading import timestamps
from pmlint.reading.document import Document
from pmlint.reading.prose import ProseSegment
from pmlint.reading.source import Source
from pmlint.reading.timeline_entries import TimelineEntry, timelines
from pmlint.reading.timestamps import (
    Timestamp,
    ZoneReading,
    find_timestamps,
    leading_timestamp,
    numeric_orders,
    read_zone,
)
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog

# Pieces of timeline lines: times (valid, invalid, 12-hour, military, ranges), dates of every written form,
# zones known and unknown, words, markup and punctuation.
_PIECES = ["14:05", "9:30", "23:59", "00:10", "14:05:30", "7pm", "10:18 AM", "1:00-2:00 PM", "13:55 PM", "25:10",
           "1430Z", "2026-03-15", "2026-03-15T14:05", "20202-01-16", "03/04/22", "29-09-2021", "03-10-2021",
           "Jan 14,", "June 14th, 2022", "15 March 2026", "Tuesday", "Sept", "ſep", "UTC", "utc", "(PST)", "PDT",
           "CET", "UTC+1", "GMT-05:00", "+02:00", "-0700", "Z", "local time", "Berlin time", "Pacific Daylight Time",
           "Europe/Berlin", "WAT", "(ICT)", "BEST", "SAST", "-", "\u2013", "\u2014", " to ", "13:30-13:45",
           "14:00 - 14:20", "~", "At", "around", "on", "**", "`", "Deploy", "rollback", "The", "event", "earlier",
           ",", ":", ".", " ", " ", " ", "\t", "|", "(", ")", "[x]", "3", "12", "\u0663", "K"]
_LINE = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


# -- the reference: how a line's leading timestamp was read before ---------------------------------------

def _reference_leading_stamp(line: str) -> Timestamp | None:
    lead = timeline_module._LEAD.match(line)
    start = lead.end() if lead else 0
    if start >= len(line):
        return None
    for stamp in find_timestamps(line[start:start + 80]):
        if stamp.start == 0:
            return dataclasses.replace(
                stamp, start=stamp.start + start, end=stamp.end + start,
                time_start=None if stamp.time_start is None else stamp.time_start + start,
                time_end=None if stamp.time_end is None else stamp.time_end + start,
                zone_start=None if stamp.zone_start is None else stamp.zone_start + start,
                zone_end=None if stamp.zone_end is None else stamp.zone_end + start)
        break
    return None


@hypothesis.settings(max_examples=1500, deadline=None)
@hypothesis.given(st.sampled_from(["", "- ", "* ", "1. ", "> ", "~", "At ", "- [ ] ", "-", "  "]), _LINE)
def test_a_lines_leading_timestamp_is_the_one_find_timestamps_finds_there(lead: str, rest: str) -> None:
    line = lead + rest
    assert timeline_module._leading_stamp(line) == _reference_leading_stamp(line), line


@hypothesis.settings(max_examples=1000, deadline=None)
@hypothesis.given(_LINE, st.integers(0, 90))
def test_leading_timestamp_is_the_first_stamp_when_it_starts_the_text(text: str, shift: int) -> None:
    stamps = find_timestamps(text)
    expected = stamps[0] if stamps and stamps[0].start == 0 else None
    found = leading_timestamp(text, shift)
    if expected is None:
        assert found is None
        return
    assert found is not None
    moved = {name: getattr(expected, name) for name in ("start", "end", "time_start", "time_end", "zone_start", "zone_end")}
    moved = {name: None if value is None else value + shift for name, value in moved.items()}
    assert found == dataclasses.replace(expected, **moved)


def test_the_cheap_first_test_rejects_a_line_with_no_time_before_any_search() -> None:
    assert timeline_module._leading_stamp("- The event.") is None
    assert timeline_module._leading_stamp("Deploy at 14:05") is None
    assert timeline_module._leading_stamp("") is None


def test_timestamps_at_the_start_of_lines_are_shared_and_the_table_stays_small() -> None:
    first = leading_timestamp("14:05 Deploy", 2)
    again = leading_timestamp("14:05 Rollback", 2)
    assert first is again and first == Timestamp(2, 7, hour=14, minute=5, time_start=2, time_end=7)
    for minute in range(timestamps._LEADING_MAX + 10):
        leading_timestamp(f"{minute // 60 % 24:02d}:{minute % 60:02d}", minute // 1440)
    assert len(timestamps._LEADING) <= timestamps._LEADING_MAX


def test_nothing_before_a_time_needs_no_search_for_a_date_before_it() -> None:
    # _time_fields skips both searches of the text before a time when there is none: neither can match nothing.
    assert timestamps._DATE_BEFORE.search("") is None
    assert timestamps._MALFORMED_BEFORE.search("") is None


# -- numeric dates, one search per timeline ----------------------------------------------------------------

@hypothesis.settings(max_examples=500, deadline=None)
@hypothesis.given(st.lists(_LINE, max_size=6))
def test_day_first_tested_at_once_is_day_first_tested_per_text(texts: list[str]) -> None:
    orders: set[str | None] = set().union(*(numeric_orders(text) for text in texts))
    assert timeline_module._day_first(texts) == ("dmy" in orders and "mdy" not in orders)


# -- zone readings ----------------------------------------------------------------------------------------

def _reference_read_zone(zone: str | None, when: dt.date | None, clock: dt.time | None) -> ZoneReading:
    """read_zone as it read every zone on every call (its date-free branches)."""
    if zone is None or zone == "LOCAL":
        return ZoneReading(None)
    offset = re.fullmatch(r"(?:UTC|GMT|UT)?([+-])(\d{2}):(\d{2})", zone)
    if offset:
        sign, hours, minutes = offset.groups()
        value = int(hours) * 60 + int(minutes)
        return ZoneReading(-value if sign == "-" else value)
    fixed, iana = timestamps._ZONES.get(zone, (None, zone if "/" in zone else None))
    if iana is None:
        return ZoneReading(fixed)
    tz = timestamps._zoneinfo(iana)
    if tz is None:
        return ZoneReading(fixed, ambiguous=True)
    if not timestamps._has_dst(iana):
        return ZoneReading(timestamps._utcoffset(tz, dt.datetime(2024, 1, 1, 12)))
    return read_zone(zone, when, clock)  # the date and clock matter: the same code as before


_ZONE_NAMES = [*timestamps._ZONES, "LOCAL", "UTC+01:00", "-07:00", "GMT-05:00", "+05:30", "Europe/Berlin",
               "Asia/Kolkata", "America/Phoenix", "Europe/Nowhere", "WAT", "XYZ", None]


@pytest.mark.parametrize("zone", _ZONE_NAMES)
def test_zone_readings_read_once_per_zone_are_the_readings_on_every_date(zone: str | None) -> None:
    for when in (None, dt.date(2022, 1, 28), dt.date(2022, 6, 28), dt.date(2022, 3, 13), dt.date(1, 1, 1)):
        for clock in (None, dt.time(2, 30), dt.time(12), dt.time(23, 59)):
            assert read_zone(zone, when, clock) == _reference_read_zone(zone, when, clock), (zone, when, clock)


# -- entries: spans, line, text and range worked out when asked --------------------------------------------

_RANGE_END = re.compile(r"[ \t]?[-\u2013\u2014][ \t]?~?(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?![\d:]|\s?[aApP]\.?[mM])")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?=[T ]\d)")


def _reference_parts(segment: ProseSegment, line: str, offset: int, stamp: Timestamp) -> dict[str, object]:
    """The spans an entry was given when it was made, from the line it was read from."""
    parts: dict[str, object] = {"span": segment.span(offset + stamp.start, offset + stamp.end),
                                "time_span": None, "range_end": None, "zone_span": None, "date_span": None}
    if stamp.time_start is not None and stamp.time_end is not None:
        parts["time_span"] = segment.span(offset + stamp.time_start, offset + stamp.time_end)
        tail = _RANGE_END.match(line, stamp.end)
        if tail is not None:
            parts["range_end"] = (segment.span(offset + tail.start("h"), offset + tail.end("m")),
                                  dt.time(int(tail.group("h")), int(tail.group("m"))))
    if stamp.zone_start is not None and stamp.zone_end is not None:
        parts["zone_span"] = segment.span(offset + stamp.zone_start, offset + stamp.zone_end)
    if _ISO_DATE.match(line, stamp.start):
        parts["date_span"] = segment.span(offset + stamp.start, offset + stamp.start + 10)
    return parts


def _entry_line(doc: Document, entry: TimelineEntry) -> str:
    """The line the entry was read from: a heading's whole text (of one line or several), else one line."""
    heading = any(block.kind == "heading" and block.segment.with_code() is entry.segment for block in doc.blocks)
    rest = entry.segment.text[entry.base:]
    return rest if heading else rest.split("\n", 1)[0]


_MARKERS = ["- ", "* ", "1. ", "", "### ", "> ", "- [ ] "]


@st.composite
def _timeline_documents(draw: st.DrawFn) -> str:
    lines = ["# Incident", "", draw(st.sampled_from(["## Timeline", "## Timeline (all times PST)", "## Timeline (UTC)"])), ""]
    for _ in range(draw(st.integers(1, 10))):
        marker = draw(st.sampled_from(_MARKERS))
        lines.append(marker + draw(_LINE))
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", "  " + draw(_LINE), "---", "==="])))
    return "\n".join(lines) + "\n"


@hypothesis.settings(max_examples=400, deadline=None)
@hypothesis.given(_timeline_documents())
def test_an_entrys_parts_worked_out_when_asked_are_the_parts_made_with_it(text: str) -> None:
    doc = Document.parse(Source.from_text("t.md", text), CATALOG)
    for found in timelines(doc):
        for entry in found.entries:
            line = _entry_line(doc, entry)
            parts = _reference_parts(entry.segment, line, entry.base, entry.stamp)
            assert {name: getattr(entry, name) for name in parts} == parts, (text, line)
            assert entry.line == parts["span"].line  # type: ignore[attr-defined]
            if entry.given_text is None:
                assert entry.text == line[entry.stamp.end:].strip(" \t:-\u2013\u2014*")


def test_an_entry_keeps_the_spans_of_a_range_and_an_iso_date() -> None:
    doc = Document.parse(Source.from_text("t.md", "# T\n\n## Timeline\n\n- 2026-03-15 13:30 PST - 13:45 Deploy\n"), CATALOG)
    (entry,) = timelines(doc)[0].entries
    assert entry.span == Span(5, 3, 5, 23)
    assert entry.date_span == Span(5, 3, 5, 13)
    assert entry.time_span == Span(5, 14, 5, 19)
    assert entry.zone_span == Span(5, 20, 5, 23)
    assert entry.range_end == (Span(5, 26, 5, 31), dt.time(13, 45))
    assert entry.text == "13:45 Deploy"


def test_a_heading_of_several_lines_keeps_its_whole_text() -> None:
    doc = Document.parse(Source.from_text("t.md", "# Timeline\n\n14:05 Deploy\nstarts now\n---\n\n- 14:10 Rollback\n"),
                         CATALOG)
    first, second = timelines(doc)[0].entries
    assert (first.text, first.line) == ("Deploy\nstarts now", 3)
    assert (second.text, second.given_text, second.line) == ("Rollback", None, 7)


def test_a_heading_entry_takes_the_paragraph_below_it_as_its_text() -> None:
    doc = Document.parse(Source.from_text("t.md", "# T\n\n## Timeline\n\n### 14:05\n\nDeploy  starts.\n"), CATALOG)
    (entry,) = timelines(doc)[0].entries
    assert entry.text == "Deploy starts."


# -- memory ----------------------------------------------------------------------------------------------

# Bytes the timeline view keeps per entry, readings read, once the document is parsed (Python 3.11, 4,000
# entries; 40,000 in brackets): 715 (720) in a bare timeline, 703 (711) in plain lines, 738 (735) under
# headings and 730 (733) in a table when each entry held two spans or more, its own text, timestamp and
# reading; 309 (186), 274 (209), 318 (254) and 317 (253) since. At 4,000 entries the table of shared
# timestamps is ~130 of those bytes; a heading's or a row's text (given, not read again) ~60.
PER_ENTRY_BYTES = 400


@pytest.mark.parametrize("shape", ["bare_timeline", "plain_timeline", "heading_timeline", "long_table"])
def test_kept_memory_per_timeline_entry_is_bounded(shape: str) -> None:
    import tracemalloc

    from benchmarks import shapes

    doc = Document.parse(Source.from_text("t.md", getattr(shapes, shape)(4_000)), CATALOG)
    # The document's own labels (read for the year hint) and its sections' keys: not the view's.
    assert doc.labels is not None and doc.outermost_sections(timeline_module.TIMELINE_KEY)
    timestamps._LEADING.clear()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        entries = [entry for found in timelines(doc) for entry in found.entries]
        read = all(entry.reading is not None for entry in entries)
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert read and len(entries) == 4_000
    assert kept / 4_000 < PER_ENTRY_BYTES, kept / 4_000


# -- the cheap test before the zones after a time ------------------------------------------------------------

def _zone_spellings() -> list[str]:
    """Every zone ``_ZONE_AFTER`` reads, spelled as written in upper, lower and title case."""
    names = [*timestamps._ZONES, "UTC+1", "GMT -05:00", "UT+0530", "utc", "Z", "local time", "Local time",
             "+02:00", "-0700", "\u221205:00", *(f"{area}/Some_Place" for area in timestamps._IANA_AREAS),
             "America/Argentina/Buenos_Aires", *(f"{city} time" for city in timestamps._CITIES),
             *(f"{city} local time" for city in timestamps._CITIES),
             *(f"{region} time" for region in ("pacific", "eastern", "central", "central european", "mountain",
                                                "eastern european", "western european", "british", "india", "indian",
                                                "japan", "australian eastern")),
             "Pacific Daylight Time", "Central European Summer Time"]
    return [variant for name in names for variant in {name, name.upper(), name.lower(), name.title()}]


@pytest.mark.parametrize("before", ["", " ", "(", " (", " ( ", "\t", "  "])
def test_the_zone_guard_lets_every_zone_through(before: str) -> None:
    for zone in _zone_spellings():
        for after in ("", " ", ")", ".", "x", "5"):
            text = f"14:05{before}{zone}{after}"
            if timestamps._ZONE_AFTER.match(text, 5) is not None:
                assert timestamps._zone_may_follow(text, 5), text


_ZONE_TAIL_PIECES = [*_PIECES, "Pacific", "time", "new", "York", "local", "utcX", "UTCx", "ZULU", "Zulu", "Hong Kong",
                     "Europe/", "Berlin", "\u017fingapore time", "\u212aolkata", "SINGAPORE TIME", "Deploy", "Event"]


@hypothesis.settings(max_examples=1500, deadline=None)
@hypothesis.given(st.lists(st.sampled_from(_ZONE_TAIL_PIECES), max_size=8).map("".join))
def test_no_zone_after_a_time_where_the_zone_guard_says_none(text: str) -> None:
    for end in range(len(text) + 1):
        if timestamps._ZONE_AFTER.match(text, end) is not None:
            assert timestamps._zone_may_follow(text, end), (text, end)


# -- searches of a whole timeline's text at once ----------------------------------------------------------

_PROSE_PIECES = ["all", "All", "times", "TIMES", "are", "in", "time", "zone", "timezone", "out", "of", "order",
                 "chronological", "not", "x", "earlier", " ", " ", "\n", "\t", "\u00a0", "\x1c", "\x00", ".", "-", "_"]
_PROSE = st.lists(st.sampled_from(_PROSE_PIECES), max_size=12).map("".join)


@hypothesis.settings(max_examples=800, deadline=None)
@hypothesis.given(_PROSE)
def test_a_statement_about_all_times_is_found_without_joining_the_words(text: str) -> None:
    from pmlint.reading.timestamps import ALL_TIMES

    assert bool(ALL_TIMES.search(text)) == bool(ALL_TIMES.search(" ".join(text.split())))


@hypothesis.settings(max_examples=800, deadline=None)
@hypothesis.given(st.lists(_PROSE, max_size=5))
def test_out_of_order_found_in_the_joined_texts_is_found_in_one_of_them(texts: list[str]) -> None:
    from pmlint.checks.timeline_rules import _OUT_OF_ORDER

    joined = _OUT_OF_ORDER.search("\x00".join(texts)) is not None
    assert joined == any(_OUT_OF_ORDER.search(text) for text in texts)


@hypothesis.settings(max_examples=800, deadline=None)
@hypothesis.given(st.lists(st.sampled_from([*_PIECES, "WAT", "(ICT)", "ACDT", "SAST)", "(XYZT", "AB", "T", "t"]),
                           max_size=8).map("".join))
def test_an_unknown_zone_after_a_time_has_its_t_within_six_characters(text: str) -> None:
    for end in range(len(text) + 1):
        if timeline_module._UNKNOWN_AFTER.match(text, end) is not None:
            assert "T" in text[end:end + 6], (text, end)


def _plain_instant(entry: TimelineEntry) -> dt.datetime | None:
    """The entry's instant worked out the plain way (before issue 19 kept it), from its fields."""
    if entry.date is None or entry.stamp.hour is None:
        return None
    clock = dt.time(entry.stamp.hour, entry.stamp.minute or 0, entry.stamp.second or 0)
    offset = read_zone(entry.zone, entry.date if entry.year_known else None, clock).offset \
        if entry.date_hint is None or entry.zone is None else entry.offset
    moment = dt.datetime.combine(entry.date, clock)
    try:
        return moment - dt.timedelta(minutes=offset) if offset is not None else moment
    except OverflowError:
        return None


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(_timeline_documents())
def test_an_entrys_instant_is_worked_out_once_and_is_the_plain_one(text: str) -> None:
    doc = Document.parse(Source.from_text("t.md", text), CATALOG)
    for found in timelines(doc):
        for entry in found.entries:
            first = entry.instant()
            assert first == _plain_instant(entry), (text, entry.stamp)
            again = entry.instant()
            assert again is first  # kept, not made again
