"""Issue 19: the PM101 fix's checks give what they gave before they were made cheaper.

``_loose_times`` tells the timeline's times from its entries' by source offset rather than by span;
the reference below is the code it replaced (spans compared by line and column), run on many built
timelines (tables, lists, headings, code spans, prose that mentions times, ranges, CRLF).
"""
from __future__ import annotations

import hypothesis
from hypothesis import strategies as st

from pmlint.checks import utc_fix
from pmlint.config.loading import load_config
from pmlint.reading.document import Document
from pmlint.reading.source import Source
from pmlint.reading.timeline_entries import Timeline, timelines
from pmlint.reading.timestamps import find_timestamps
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog


def _reference_loose_times(doc: Document, timeline: Timeline, first_line: int) -> bool:
    known: set[tuple[int, int]] = set()
    for entry in timeline.entries:
        if entry.time_span is not None:
            known.add((entry.time_span.line, entry.time_span.column))
        if entry.range_end is not None:
            known.add((entry.range_end[0].line, entry.range_end[0].column))
    for block in doc.blocks_in(timeline.section):
        segment = block.segment.with_code()
        text = segment.text
        if not any(character.isdigit() for character in text):
            continue
        for stamp in find_timestamps(text):
            if stamp.has_time and stamp.time_start is not None and stamp.time_end is not None:
                span = segment.span(stamp.time_start, stamp.time_end)
                if span.line >= first_line and (span.line, span.column) not in known:
                    return True
    return False


_STAMPS = ["14:05", "2026-01-05 10:00", "2026-01-05T10:00Z", "10:18 AM", "~13:30-13:45", "`14:05`", "**14:05**",
           "At 09:40", "Jan 5, 10:00 PST", "3pm", "14:05 CET", "1430Z", "25:10", "2026-01-05", ""]
_WORDS = ["Alerts fire.", "errors began around 09:40", "rollback at `10:10`", "the 3 pods", "see 12:00-12:30",
          "[link](http://x/10:00)", "Deploy", "\u2014 paged", "*retry* at 11:11", "\u0661\u0664:\u0660\u0665"]
_LINE = st.tuples(st.sampled_from(_STAMPS), st.sampled_from(_WORDS)).map(" ".join)
_BLOCK = st.one_of(
    st.lists(_LINE, min_size=1, max_size=4).map(lambda lines: "\n".join("- " + line for line in lines)),
    st.lists(st.tuples(st.sampled_from(_STAMPS), st.sampled_from(_WORDS)), min_size=1, max_size=4).map(
        lambda rows: "| Time | Event |\n|---|---|\n" + "\n".join(f"| {time} | {event} |" for time, event in rows)),
    _LINE, st.sampled_from(["### 2026-01-06", "### 14:05", "All times in CET (GMT+1).", "```\n10:00 log\n```"]))
_DOCUMENT = st.tuples(st.sampled_from(["## Timeline", "## Timeline (all times PST)", "## What happened"]),
                      st.lists(_BLOCK, min_size=1, max_size=6), st.sampled_from(["\n", "\r\n"]),
                      st.sampled_from(["", "# Outage 2026-01-05\n\nAll times are UTC.\n\n"])).map(
    lambda parts: (parts[3] + parts[0] + "\n\n" + "\n\n".join(parts[1]) + "\n").replace("\n", parts[2]))


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(_DOCUMENT, st.integers(1, 30))
def test_loose_times_are_found_as_before(text: str, first_line: int) -> None:
    doc = Document.parse(Source.from_text("t.md", text), CATALOG)
    for timeline in timelines(doc):
        for line in {first_line, timeline.section.first_line + 1}:
            assert utc_fix._loose_times(doc, timeline, line) == _reference_loose_times(doc, timeline, line), text


def test_a_time_in_an_entrys_prose_is_loose_and_the_entries_are_not() -> None:
    text = "## Timeline (CET)\n\n- 2026-01-05 10:00 Alerts fire; errors began around 09:40.\n- 10:45 Fixed.\n"
    doc = Document.parse(Source.from_text("t.md", text), CATALOG)
    timeline = timelines(doc)[0]
    assert utc_fix._loose_times(doc, timeline, 1)
    assert not utc_fix._loose_times(doc, timeline, 4)  # from the last line on: only an entry's time
    clean = Document.parse(Source.from_text("t.md", text.replace(" around 09:40", "")), CATALOG)
    assert not utc_fix._loose_times(clean, timelines(clean)[0], 1)
