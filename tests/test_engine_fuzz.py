"""Every rule on generated post-mortem-like documents: no exception, spans inside the file, stable output."""
from __future__ import annotations

from helpers import lint_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmlint.reading.source import Source

TIMES = st.sampled_from(["14:05", "2:15 PM", "13:55 PM", "25:10", "2026-03-15 14:05", "2026-03-15T14:05Z",
                         "Jan 14, 10:18 AM", "07-27-2023 2:14 pm", "1430Z", "14:05 PST", "09:00 (UTC)",
                         "16:58 UTC+1", "~13:30-13:45", "12:45 PM PST Saturday Oct 30th", "29-09-2021",
                         "`08:20`", "**16:58 UTC**", "4/21/23", "00:10", "23:50"])
WORDS = st.sampled_from(["Alerts fire", "resolved", "The fix is deployed", "errors", "back to normal",
                         "All times are in UTC.", "All times PST", "TBD", "Owner: @sam", "café", "\u00a0",
                         "John forgot to check", "he didn't check the disk", "a stupid mistake", "obviously",
                         "The engineer on call took 20 minutes to respond", "human error caused it", "DNS",
                         "Service Level Objective (SLO)", "the developer's fault", "Obviously, sloppy"])
HEADINGS = st.sampled_from(["# Outage", "## Timeline", "## Timeline (UTC)", "## Timeline (all times PST)",
                            "### 2026-03-15", "## Executive Summary", "## Action Items", "Timeline\n--------",
                            "## Duration", "## Root Cause Analysis"])


@st.composite
def lines(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 6))
    time, words = draw(TIMES), draw(WORDS)
    return [f"- {time} {words}", f"| {time} | {words} |", f"{time}: {words}", f"### {time}",
            f"- Duration: {draw(st.sampled_from(['45 minutes', '2 hours', 'TBD', 'half an hour']))}",
            f"1. **{words}** ({time})", "```\n" + time + " log line\n```"][kind]


@st.composite
def documents(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 12))):
        parts.append(draw(HEADINGS) if draw(st.booleans()) else draw(lines()))
    if draw(st.booleans()):
        parts.insert(1, "| Time (UTC) | Event |\n|---|---|")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(parts) + newline


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_all_rules_survive_and_point_inside_the_file(text: str) -> None:
    findings = lint_text(text)
    source = Source.from_text("doc.md", text)
    for finding in findings:
        span = finding.span
        assert 1 <= span.line <= span.end_line <= source.line_count
        assert 1 <= span.column and (span.line, span.column) <= (span.end_line, span.end_column)
        assert span.end_column - 1 <= len(source.line_text(span.end_line - 1))
        if finding.fix is not None:
            fix_span = finding.fix.span
            assert fix_span.line == fix_span.end_line
            assert source.line_text(fix_span.line - 1)[fix_span.column - 1:fix_span.end_column - 1] == finding.fix.original
    assert findings == lint_text(text)
