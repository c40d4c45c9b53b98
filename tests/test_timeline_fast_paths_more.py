"""Issue 15, resources (round 2): more of the timeline view's fast paths, against the plain way.

A line that starts with a digit skips the lead pattern and the "can a timestamp start here" test; a
time of day early in a list item is looked for only when the item holds a time at all; entries are
asked whether they say they are placed late only when their timeline holds a word such a saying has.
"""
from __future__ import annotations

import hypothesis
import pytest
from hypothesis import strategies as st
from test_timeline_entries_fast_paths import _LINE, _reference_leading_stamp

from pmlint.checks import timeline_rules as timeline_checks
from pmlint.commands.engine import Engine
from pmlint.config.loading import load_config
from pmlint.reading import timeline_entries as timeline_module
from pmlint.reading.document import Document
from pmlint.reading.source import Source
from pmlint.reading.timestamps import find_timestamps, may_hold_time
from pmlint.ruledefs import load_rules

ENGINE = Engine.create()
CONFIG = load_config(None, load_rules())
ORDER_CODE = next(code for code, meta in ENGINE.rules.items() if meta.name == "timeline-order")

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


def _reference_early_timed(text: str) -> bool:
    for stamp in find_timestamps(text[:60]):
        return stamp.has_time and stamp.error is None and stamp.start <= 40
    return False


_ACTION_PIECES = st.sampled_from(["[ ] ", "Add an alert ", "(owner: @dana, due: 2026-04-01)", "on queue depth ", "12 ",
                                  "**Resolved** - ", "Jun 3, ", "8:52 AM ", "PDT ", "2026-03-15T14:05 ", "7pm", "03/04/22 "])


@hypothesis.settings(max_examples=1500, deadline=None)
@hypothesis.given(st.one_of(_LINE, st.lists(_ACTION_PIECES, max_size=10).map("".join)))
def test_an_early_time_is_found_as_the_plain_way_finds_it(text: str) -> None:
    assert timeline_module._early_timed(text) == _reference_early_timed(text), text


@hypothesis.settings(max_examples=1000, deadline=None)
@hypothesis.given(_LINE)
def test_a_text_without_a_time_has_only_dates(text: str) -> None:
    if not may_hold_time(text):
        assert not any(stamp.has_time for stamp in find_timestamps(text))


def test_an_action_item_holds_no_time() -> None:
    assert not may_hold_time("[ ] Add an alert on queue depth 12 (owner: @dana, due: 2026-04-01)")
    assert timeline_module._early_timed("**Resolved** - Jun 3, 8:52 AM PDT - the fix")


# -- timeline order: an entry placed late says so, and the timeline is searched once for such words ----

_TIMELINE_PIECES = st.sampled_from(["14:05 ", "09:30 ", "23:10 ", "08:00 ", "Deploy", " (earlier)", " found later",
                                    " later learned", " in hindsight", " out of order", " ORDER", " back-filled",
                                    " retroactively", " `later`", " ord`x`er", " Earlier:", " ſ", " K", " | ", " - ",
                                    " not in chronological order", " Out of\norder"])
_ENTRY_LINE = st.lists(_TIMELINE_PIECES, min_size=1, max_size=6).map("".join)


@st.composite
def _timeline_documents(draw: st.DrawFn) -> str:
    lines = draw(st.lists(_ENTRY_LINE, min_size=2, max_size=8))
    shape = draw(st.sampled_from(["- ", "", "### ", "| "]))
    if shape == "| ":
        body = "| Time | Event |\n|---|---|\n" + "".join(
            f"| {line.split(' ', 1)[0]} | {line.split(' ', 1)[-1]} |\n" for line in lines)
    elif shape == "### ":
        body = "".join(f"### {line.split(' ', 1)[0]}\n\n{line.split(' ', 1)[-1]}\n\n" for line in lines)
    else:
        body = "".join(f"{shape}{line}\n" for line in lines)
    return "# Outage\n\n## Timeline\n\n" + body


def _order_findings(text: str) -> list[tuple]:
    findings = ENGINE.lint(Source.from_text("doc.md", text), CONFIG)
    return [(finding.code, finding.span, finding.message) for finding in findings if finding.code == ORDER_CODE]


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(_timeline_documents())
def test_entries_placed_late_are_found_as_the_plain_way_finds_them(text: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timeline_checks, "_may_say_placed_late", lambda doc, timeline: True)
        plain = _order_findings(text)
    for blocks_per_search in (1000, 2, 1):  # the blocks are searched a thousand at a time: cut them small too
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(timeline_checks, "_BLOCKS_PER_SEARCH", blocks_per_search)
            assert _order_findings(text) == plain, text


def test_an_entry_placed_late_is_not_out_of_order() -> None:
    text = "# Outage\n\n## Timeline\n\n- 14:05 Deploy\n- 13:00 Alert fired (earlier)\n- 12:00 Alert\n"
    assert len(_order_findings(text)) == 1


def test_a_timeline_that_says_it_is_out_of_order_is_not_reported() -> None:
    text = "# Outage\n\n## Timeline\n\nThe entries are out of order.\n\n- 14:05 Deploy\n- 12:00 Alert\n"
    assert _order_findings(text) == []
    assert len(_order_findings(text.replace("out of order", "as they came"))) == 1


# -- the incident's year: the whole document is tested for a year once before block by block ---------

def _reference_year_in_blocks(doc: Document) -> int | None:
    for block in doc.blocks:
        for stamp in find_timestamps(block.segment.text):
            if stamp.year is not None and stamp.error is None:
                return stamp.year
    return None


_YEAR_PIECES = st.sampled_from(["2026-03-15", "June 14th, 2022", "12026", "2026", "1999-01-01", "20202-01-16", "\u0663",
                                "14:05", "Deploy", "\n\n", "\n", "- ", "| a | b |\n|---|---|\n| 2021-01-02 | x |\n", "7"])


@hypothesis.settings(max_examples=500, deadline=None)
@hypothesis.given(st.lists(_YEAR_PIECES, max_size=12).map("".join))
def test_the_first_year_of_the_blocks_is_found_as_the_plain_way_finds_it(body: str) -> None:
    doc = Document.parse(Source.from_text("doc.md", "# Outage\n\n" + body), CONFIG.catalog)
    for blocks_per_search in (1000, 2, 1):  # the blocks are searched a thousand at a time: cut them small too
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(timeline_module, "_BLOCKS_PER_SEARCH", blocks_per_search)
            assert timeline_module._year_hint(doc) == _reference_year_in_blocks(doc), body
