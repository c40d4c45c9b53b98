"""Issue 15, resources: the walk's fast paths give what the straightforward way gives.

A span that ends on the line it starts on is found with one search of the line starts, and an inline token
that is one piece of plain text becomes a segment without the inline walker. Each is compared with the
general way on generated documents.
"""
from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_fuzz_markdown import documents

import pmlint.reading.inline as inline_module
from benchmarks import shapes
from pmlint.config.loading import load_config
from pmlint.model import Span
from pmlint.reading.document import Document
from pmlint.reading.parts import _single_spaced
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog


# -- Source.span: a span that ends on its first line is found with one search ------------------------------

@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab\n", max_size=40), start=st.integers(-3, 45), end=st.integers(-3, 45))
def test_source_span_is_the_span_of_its_two_positions(text: str, start: int, end: int) -> None:
    source = Source.from_text("t.md", text)
    line, column = source.position(start)
    end_line, end_column = source.position(max(start, end))
    assert source.span(start, end) == Span(line, column, end_line, end_column)


def test_source_span_on_many_lines() -> None:
    rng = random.Random(15)
    text = "".join(rng.choice(["", "a", "bb", "ccc dd"]) + "\n" for _ in range(500))
    source = Source.from_text("t.md", text)
    for _ in range(2_000):
        start, end = rng.randrange(-2, len(text) + 3), rng.randrange(-2, len(text) + 3)
        expected = Span(*source.position(start), *source.position(max(start, end)))
        assert source.span(start, end) == expected, (start, end)


# -- build_segment: one plain text token ---------------------------------------------------------------------

def _segments(text: str) -> list[tuple[object, ...]]:
    doc = Document.parse(Source.from_text("t.md", text), CATALOG)
    return [(segment.text, segment._text_starts, segment.source_offset(0), segment.span(),
             segment.has_non_prose, segment.strong_ranges, segment.code_spans, segment._source_ends)
            for segment in (block.segment for block in doc.blocks)]


def _walked(text: str) -> list[tuple[object, ...]]:
    """The segments as the inline walker builds them, without the plain-text fast path."""
    saved = inline_module._plain_text
    inline_module._plain_text = lambda raw, children: None
    try:
        return _segments(text)
    finally:
        inline_module._plain_text = saved


@settings(max_examples=200, deadline=None)
@given(text=documents())
def test_plain_segments_are_the_walkers(text: str) -> None:
    assert _segments(text) == _walked(text)


@pytest.mark.parametrize("text", [
    shapes.bare_timeline(50), shapes.long_table(50), shapes.headings(50), shapes.wide_table(20),
    "# T\n\n- see https://example.com/x now\n- caf\u00e9\n- a\\*b\n- x\x00y\n| a | b\\|c |\n|-|-|\n| 1 | 2 |\n",
])
def test_plain_segments_of_shapes_are_the_walkers(text: str) -> None:
    assert _segments(text) == _walked(text)


# -- single-spaced text: the text itself when it is so already -----------------------------------------------

def test_every_whitespace_but_the_space_is_unprintable() -> None:
    """What lets _single_spaced skip the split: str.split's whitespace, bar the space, is not printable."""
    assert [hex(code) for code in range(0x110000) if chr(code).isspace() and chr(code).isprintable()] == ["0x20"]


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=st.sampled_from([" ", "a", "b", "\t", "\n", "\xa0", "\u2003", "\u3000", "\x1c", "\x85",
                                                "\u2028", "\u200b", "\ufeff", ":"]), max_size=10))
def test_single_spaced_is_split_and_joined(text: str) -> None:
    assert _single_spaced(text) == " ".join(text.split())


# -- inline._may_have_url: a URL search is skipped only where it finds nothing -----------------------------

@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["www.", "WwW.", "ww.w", "w", "W", ".", "http://", "HTTPS://", "ftp://", ":/", "://",
                                 "/", ":", "x", " ", "\u017f", "\u0130", "<", ")"]), max_size=12).map("".join))
def test_a_text_without_the_hints_has_no_url(text: str) -> None:
    if inline_module._URL.search(text):
        assert inline_module._may_have_url(text)


@pytest.mark.parametrize(("text", "hinted"), [("see www.example.com", True), ("see WWW.Example.com", True),
                                              ("https://x.y/z", True), ("FTP://host", True), ("ww.w and w.w.w", False),
                                              ("http:/x and www and http", False)])
def test_url_hints(text: str, hinted: bool) -> None:
    assert inline_module._may_have_url(text) == hinted


# -- inline._matching: the closing bracket found by searching, as the character loop finds it ---------------

def _matching_by_characters(text: str, open_index: int, opener: str, closer: str) -> int:
    depth = 0
    index = open_index
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="()[]\\ab", max_size=16), st.integers(0, 17), st.sampled_from(["()", "[]"]))
def test_matching_is_the_character_loops(text: str, start: int, pair: str) -> None:
    assert inline_module._matching(text, start, *pair) == _matching_by_characters(text, start, *pair)


# -- Source.from_text: line ends normalised only when there is a CR, line starts summed from line lengths -----

@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab \r\n\ufeff\u2028", max_size=30))
def test_source_lines_are_the_regular_expressions(raw: str) -> None:
    source = Source.from_text("t.md", raw)
    text = re.sub(r"\r\n|\r|\n", "\n", raw.removeprefix("\ufeff"))
    assert source.text == text
    assert list(source.line_starts) == [0] + [match.end() for match in re.finditer("\n", text)]
