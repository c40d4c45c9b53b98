"""Issue 19: PM101's fix is read back with its edits made to the prose the reader reads (``reread_edited``),
not by parsing the edited section again. What it reads must be what a parse of the edited document reads;
when that is not sure it says so (None) and the section is parsed again. A fix that reads back
differently is still rejected.
"""
from __future__ import annotations

import datetime as dt

import hypothesis
from helpers import lint_text
from hypothesis import strategies as st

from pmlint.checks import utc_fix
from pmlint.config.loading import load_config
from pmlint.model import UNSAFE, Edit, Fix, Span
from pmlint.reading.document import Document
from pmlint.reading.source import Source
from pmlint.reading.timeline_entries import (
    TimelineEntry,
    reread,
    reread_edited,
    timelines,
)
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog


def _doc(text: str) -> Document:
    return Document.parse(Source.from_text("t.md", text), CATALOG)


def _read(entries: list[TimelineEntry] | None) -> list[tuple[object, ...]] | None:
    if entries is None:
        return None
    return [(entry.line, entry.instant(), entry.date, entry.clock, entry.zone, entry.zone_source, entry.zone_line,
             entry.offset, entry.has_time, entry.stamp.error, entry.text) for entry in entries]


def _parsed(doc: Document, index: int, edits: list[tuple[int, int, str]]) -> list[TimelineEntry] | None:
    """The reference: the edited document parsed again, its timeline read as ``reread`` reads it."""
    text = doc.source.text
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return reread(_doc(text), doc, timelines(doc)[index])


_STAMPS = ["14:05", "2026-01-05 10:00", "2026-01-05T10:00+02:00", "10:18 AM", "~13:30-13:45", "`14:05`", "**14:05**",
           "_14:05_", "At 09:40", "Jan 5, 10:00 PST", "14:05 CET", "14:05+02:00", "**14:05+02:00**", "\\+14:05",
           "2026-01-05", "10:00 (PST)", "<b>10:00</b>", "&#49;0:00", "*10:18 PM*x", "09:15 -05:00"]
_WORDS = ["Alerts fire.", "errors began around 09:40", "rollback at `10:10`", "[dash](http://x/?a=1&b=10:00)",
          "Deploy", "\u2014 paged", "*retry* at 11:11", "R&D paged", "<i>x</i>", "a\\*b", "www.x.com/10:00",
          "_a_b 2. c", "10:00. x", "**b**c", "1) x", "x --- y"]
_LINE = st.tuples(st.sampled_from(_STAMPS), st.sampled_from(_WORDS)).map(" ".join)
_BLOCK = st.one_of(
    st.lists(_LINE, min_size=1, max_size=4).map(lambda lines: "\n".join("- " + line for line in lines)),
    st.lists(_LINE, min_size=1, max_size=3).map(lambda lines: "\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1))),
    st.lists(st.tuples(st.sampled_from(_STAMPS), st.sampled_from(_WORDS)), min_size=1, max_size=4).map(
        lambda rows: "| Time (CET) | Event |\n|---|---|\n" + "\n".join(f"| {time} | {event} |" for time, event in rows)),
    st.lists(_LINE, min_size=2, max_size=4).map("\n".join),  # a paragraph of several lines
    _LINE, st.sampled_from(["### 2026-01-06", "### 14:05", "All times in CET (GMT+1).", "```\n10:00 log\n```",
                            "**All times CET**", "All times are in PST."]))
_DOCUMENT = st.tuples(st.sampled_from(["## Timeline", "## Timeline (all times PST)", "## Timeline (CET)"]),
                      st.lists(_BLOCK, min_size=1, max_size=6),
                      st.sampled_from(["", "# Outage 2026-01-05\n\n"])).map(
    lambda parts: parts[2] + parts[0] + "\n\n" + "\n\n".join(parts[1]) + "\n")
_WRITTEN = st.sampled_from(["UTC", "18:18", "2026-01-06 04:10", "9:05", "23:59", "x", "7", "1. 2", "PST", "12:00 AM", "1-2", "3:4 5"])


@hypothesis.settings(max_examples=400, deadline=None)
@hypothesis.given(_DOCUMENT, st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 9), _WRITTEN), min_size=1,
                                      max_size=4))
def test_an_edit_read_in_place_reads_as_the_edited_document_parsed(text: str, picks: list[tuple[int, int, str]]) -> None:
    # Edits anywhere in the timeline's section (at an entry's time or zone, or at random), not overlapping:
    # wherever reread_edited answers, it answers what a parse of the edited document gives.
    doc = _doc(text)
    found = timelines(doc)
    hypothesis.assume(found)
    timeline = found[0]
    source = doc.source
    first = source.line_starts[timeline.section.first_line]
    last = source.line_starts[timeline.section.end_line] - 1 if timeline.section.end_line < source.line_count \
        else len(source.text)
    places = []
    for entry in timeline.entries:
        for span in (entry.time_span, entry.zone_span):
            if span is not None:
                places.append((source.offset(span.line - 1, span.column - 1),
                               source.offset(span.end_line - 1, span.end_column - 1)))
    edits: list[tuple[int, int, str]] = []
    for position, size, written in picks:
        if places and position % 2 == 0:
            start, end = places[position % len(places)]
        else:
            start = first + position % max(1, last - first)
            end = min(start + size, last)
        line_end = source.text.find("\n", start)
        if start >= end or (line_end != -1 and line_end < end):
            continue
        if any(start < other_end and other_start < end for other_start, other_end, _ in edits):
            continue
        edits.append((start, end, written))
    hypothesis.assume(edits)
    quick = reread_edited(doc, timeline, edits)
    if quick is not None:
        assert _read(quick) == _read(_parsed(doc, timeline.index, edits))


def test_the_fixes_of_built_timelines_read_back_in_place() -> None:
    # The fix of a timeline in an offset zone, bold and in a table: read back without a second parse.
    text = ("## Timeline\n\n- **2026-01-05T10:00+02:00** Alerts fire.\n- 10:25+02:00 Rollback.\n\n"
            "| Time | Event |\n|---|---|\n| 2026-01-05T11:40+02:00 | Recovered. |\n")
    doc = _doc(text)
    calls: list[bool] = []
    real = utc_fix.reread_edited

    def counted(*args: object) -> list[TimelineEntry] | None:
        result = real(*args)  # type: ignore[arg-type]
        calls.append(result is not None)
        return result

    utc_fix.reread_edited = counted  # type: ignore[assignment]
    try:
        fixes = [finding.fix for finding in lint_text(text, select=("PM101",)) if finding.fix is not None]
    finally:
        utc_fix.reread_edited = real  # type: ignore[assignment]
    assert len(fixes) == 1 and calls == [True]
    assert doc.source.text == text


def _fix(doc: Document, edits: list[tuple[int, int, int, str]]) -> Fix:
    """A fix of edits (line, column, end column, replacement) on single lines."""
    made = [Edit(Span(line, column, line, end), written, doc.source.span_text(Span(line, column, line, end)))
            for line, column, end, written in edits]
    return Fix(made[0].span, made[0].replacement, made[0].original, applicability=UNSAFE, further=tuple(made[1:]))


def test_a_fix_that_reads_back_differently_is_rejected_without_a_second_parse() -> None:
    text = "## Timeline\n\nAll times in CET.\n\n- 2026-01-05 10:00 Alerts fire.\n- 10:25 Rollback starts.\n"
    doc = _doc(text)
    timeline = timelines(doc)[0]
    expected = [(5, dt.datetime(2026, 1, 5, 9, 0)), (6, dt.datetime(2026, 1, 5, 9, 25))]
    right = _fix(doc, [(3, 14, 17, "UTC"), (5, 14, 19, "09:00"), (6, 3, 8, "09:25")])
    parses: list[object] = []
    real_parse = utc_fix.Document.parse

    def counted_parse(*args: object) -> Document:
        parses.append(args)
        return real_parse(*args)  # type: ignore[arg-type]

    utc_fix.Document.parse = counted_parse  # type: ignore[method-assign]
    try:
        assert utc_fix._reads_back(doc, right, timeline.index, expected, {5, 6})
        # 10:25 CET written as 10:25 UTC: it reads as an hour later than it was.
        wrong_time = _fix(doc, [(3, 14, 17, "UTC"), (5, 14, 19, "09:00")])
        assert not utc_fix._reads_back(doc, wrong_time, timeline.index, expected, {5, 6})
        # Both times converted but the declaration left in CET: they read an hour earlier than they were.
        wrong_zone = _fix(doc, [(5, 14, 19, "09:00"), (6, 3, 8, "09:25")])
        assert not utc_fix._reads_back(doc, wrong_zone, timeline.index, expected, {5, 6})
        # A wrong date: the instants differ by a day.
        wrong_date = _fix(doc, [(3, 14, 17, "UTC"), (5, 3, 13, "2026-01-06"), (5, 14, 19, "09:00"), (6, 3, 8, "09:25")])
        assert not utc_fix._reads_back(doc, wrong_date, timeline.index, expected, {5, 6})
    finally:
        utc_fix.Document.parse = real_parse  # type: ignore[method-assign]
    assert parses == []


def test_an_edit_the_reader_does_not_see_as_written_is_read_back_by_a_parse() -> None:
    # In a link's address, after a backslash, in an HTML tag, in a character reference, or writing markup:
    # not sure without a parse.
    text = ("## Timeline (CET)\n\n- 2026-01-05 10:00 [dash](http://x/10:00) seen.\n- \\+10:25 <b x-10:30>\n"
            "- 10:40 &#49;0:50 and **+01:00 zone**\n")
    doc = _doc(text)
    timeline = timelines(doc)[0]
    line = doc.source.line_starts

    def at(number: int, written: str, nth: int = 0) -> int:
        start = line[number - 1]
        for _ in range(nth + 1):
            start = doc.source.text.index(written, start) + 1
        return start - 1

    assert reread_edited(doc, timeline, [(at(3, "10:00", 1), at(3, "10:00", 1) + 5, "09:00")]) is None  # the URL
    assert reread_edited(doc, timeline, [(at(4, "+10:25"), at(4, "+10:25") + 6, "UTC")]) is None  # after "\"
    assert reread_edited(doc, timeline, [(at(4, "10:30"), at(4, "10:30") + 5, "09:30")]) is None  # in a tag
    assert reread_edited(doc, timeline, [(at(5, "0:50"), at(5, "0:50") + 4, "9:50")]) is None  # after "&"
    assert reread_edited(doc, timeline, [(at(5, "+01:00"), at(5, "+01:00") + 6, "UTC")]) is None  # before "**"
    assert reread_edited(doc, timeline, [(at(3, "10:00"), at(3, "10:00") + 5, "09:00*")]) is None  # writes markup
    assert reread_edited(doc, timeline, [(at(3, "10:00"), at(3, "10:00") + 5, "09:00")]) is not None
