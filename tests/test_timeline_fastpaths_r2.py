"""Issue 15, resources (round 2): more of the timeline view's fast paths, against the plain way.

A line that starts with a digit skips the lead pattern and the "can a timestamp start here" test.
"""
from __future__ import annotations

import hypothesis
from hypothesis import strategies as st
from test_timeline_fastpaths import _LINE, _reference_leading_stamp

from pmlint import timeline as timeline_module

# Characters str.isdigit accepts: ASCII, Arabic-Indic, superscript, circled and full-width digits.
_DIGITS = ["0", "1", "2", "9", "\u0663", "\u00b2", "\u2460", "\uff10"]


@hypothesis.settings(max_examples=1500, deadline=None)
@hypothesis.given(st.sampled_from(_DIGITS), _LINE)
def test_a_line_starting_with_a_digit_reads_as_the_plain_way_reads_it(first: str, rest: str) -> None:
    line = first + rest
    assert timeline_module._leading_stamp(line) == _reference_leading_stamp(line), line


def test_a_line_starting_with_a_digit_has_its_time_read() -> None:
    stamp = timeline_module._leading_stamp("14:05 Event")
    assert stamp is not None and (stamp.hour, stamp.minute, stamp.start, stamp.end) == (14, 5, 0, 5)
    assert timeline_module._leading_stamp("3 users") is None
