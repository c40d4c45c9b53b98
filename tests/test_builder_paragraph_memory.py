"""Issue 15, resources: a long paragraph of plain lines is read without all its inline tokens alive at once.

The parse leaves the text and break tokens of an inline run of plain lines unmade
(``mdparser.deferred_children``); the walk makes them one at a time, and builds the segment's text and
runs as it goes (``prose.SegmentText``). The segments must be the ones the walk over all the children
gives, and the peak of a parse must stay well under what those children cost.
"""
from __future__ import annotations

import tracemalloc

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_fuzz_markdown import fuzz_settings

from benchmarks import shapes
from pmlint.config.loading import load_config
from pmlint.reading import builder, mdparser, table_pieces
from pmlint.reading.document import Document
from pmlint.reading.inline import RawText, build_segment, build_streamed_segment
from pmlint.reading.parser_setup import markdown_parser
from pmlint.reading.prose import ProseSegment
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog


def _children_made_parser():
    """markdown_parser() as it was: every inline token's children made by the parse."""
    original = mdparser.with_fast_paths
    mdparser.with_fast_paths = lambda parser, **_: original(parser)  # type: ignore[assignment]
    try:
        return markdown_parser.__wrapped__()
    finally:
        mdparser.with_fast_paths = original  # type: ignore[assignment]


CHILDREN_MADE = _children_made_parser()


def _state(segment: ProseSegment) -> tuple:
    return (segment.text, tuple(segment._text_starts), segment._source_starts, segment._source_ends,
            tuple(segment.strong_ranges), tuple(segment.em_ranges), tuple(segment.code_spans),
            segment.has_non_prose, segment.span())


def _blocks(text: str) -> list[tuple]:
    doc = Document.parse(Source.from_text("t.md", text), CATALOG)
    return [(block.kind, block.first_line, block.end_line, _state(block.segment)) for block in doc.blocks]


def assert_same_blocks(text: str) -> None:
    deferring = _blocks(text)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(builder, "markdown_parser", lambda: CHILDREN_MADE)
        patched.setattr(table_pieces, "markdown_parser", lambda: CHILDREN_MADE)
        made = _blocks(text)
    assert deferring == made


# Text with no inline trigger but the newline (one line in twenty has one, which the parse reads as
# before), with the blanks a break depends on, NUL (U+FFFD once parsed), URLs the walk leaves out,
# non-ASCII letters.
_WORDS = st.sampled_from(["14:05", "Event", "the", "queue", "grew", "é", "naïve", "http://example.com/a",
                          "www.example.org", "a\x00b", "x\u00a0y", "50%", "(paged)", "a:b"])
_TRIGGER_WORDS = st.sampled_from(["a_b", "*b*", "`c`", "&amp;", "\\"])
_BLANKS = st.sampled_from(["", " ", "  ", "   ", "\t", " \t", "\t ", "\u00a0"])


@st.composite
def plain_line(draw: st.DrawFn) -> str:
    words = " ".join(draw(st.lists(_WORDS, min_size=1, max_size=5)))
    if draw(st.integers(0, 19)) == 0:
        words += " " + draw(_TRIGGER_WORDS)
    return draw(_BLANKS) + words + draw(_BLANKS)


@st.composite
def plain_paragraph_document(draw: st.DrawFn) -> str:
    lines = draw(st.lists(plain_line(), min_size=1, max_size=12))
    container = draw(st.sampled_from(["", "> ", "- ", "1. ", ">  - "]))
    indent = " " * len(container) if not container.startswith(">") else container
    body = [container + lines[0]] + [indent + line for line in lines[1:]]
    underline = draw(st.sampled_from([[], ["==="], ["---"]]))
    return "# T\n\n" + "\n".join(body + underline) + "\n\nAfter.\n"


@fuzz_settings(300)
@given(plain_paragraph_document())
def test_deferred_children_give_the_segments_of_made_children(text: str) -> None:
    assert_same_blocks(text)


@pytest.mark.parametrize("text", [
    "a\nb\n", "a \nb\n", "a  \nb\n", "a   \n  b\n", "a\t\n\tb\n", "a \t \n b\n", "a\x00\nb\x00\n",
    "see http://x.io\nand www.y.org now\n", "> a\n> b  \n> c\n", "- a\n  b\n  c\n", "a\nb\n===\n",
    "a\r\nb \r\nc\r\n", "\u00e9t\u00e9\nhiver\n",
])
def test_deferred_children_examples(text: str) -> None:
    assert_same_blocks(text)


@fuzz_settings(300)
@given(st.lists(plain_line(), min_size=2, max_size=12))
def test_streamed_walk_is_the_walk_over_all_children(lines: list[str]) -> None:
    text = "\n".join(line.strip(" \t") for line in lines)
    source = Source.from_text("t.md", text)
    raw = builder.Builder(Document(source, CATALOG))._raw_lines(text, 0)
    streamed = build_streamed_segment(source, raw, mdparser.plain_line_tokens(text))
    walked = build_segment(source, raw, list(mdparser.plain_line_tokens(text)))
    assert _state(streamed) == _state(walked)


def test_only_a_run_of_plain_lines_is_deferred() -> None:
    tokens = markdown_parser().parse("a\nb\n\nc *d*\ne\n\nf\n", {})
    inline = [token for token in tokens if token.type == "inline"]
    assert [mdparser.deferred_children(token) is not None for token in inline] == [True, False, False]
    assert [token.children == [] for token in inline] == [True, False, False]


# Peak bytes traced while parsing a paragraph of plain lines, per line: 1,090 when every text and break
# token of the paragraph was alive at once and the walk listed every piece; ~270 since (Python 3.11).
PEAK_BYTES_PER_LINE = 550


def test_a_long_plain_paragraph_is_parsed_without_all_its_tokens_at_once() -> None:
    lines = 20_000
    text = "# T\n\n## Timeline\n\n" + "".join(f"{n // 60 % 24:02d}:{n % 60:02d} Event\n" for n in range(lines))
    source = Source.from_text("t.md", text)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        start = tracemalloc.get_traced_memory()[0]
        doc = Document.parse(source, CATALOG)
        peak = tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()
    assert doc.blocks[-1].segment.text.count("\n") == lines - 1
    assert peak / lines < PEAK_BYTES_PER_LINE


@given(st.lists(st.tuples(st.text("ab\n", max_size=4), st.integers(0, 3)), max_size=8))
def test_raw_text_merging_contiguous_pieces_maps_as_the_pieces_do(pieces: list[tuple[str, int]]) -> None:
    """A piece that goes on where the last run ends joins it: each index still maps to its own offset."""
    raw, expected, offset = RawText(), [], 0
    for piece, gap in pieces:
        offset += gap  # a gap of 0: the piece follows the one before it in the source
        raw.add(piece, offset)
        expected.extend(range(offset, offset + len(piece)))
        offset += len(piece)
    assert raw.text == "".join(piece for piece, _ in pieces)
    assert [raw.source_offset(index) for index in range(len(raw.text))] == expected


def test_a_document_of_html_comments_is_parsed_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """A piece may end before a top-level HTML block: a 4 MB document of comments is not one piece."""
    monkeypatch.setattr(builder, "_PIECE_LINES", 50)
    pieces = []
    original = builder.Builder._walk
    monkeypatch.setattr(builder.Builder, "_walk", lambda walker, tokens: (pieces.append(len(tokens)),
                                                                          original(walker, tokens)))
    Document.parse(Source.from_text("t.md", shapes.comments(300)), CATALOG)
    assert len(pieces) > 10
