"""Issue 19: a segment with its code spans put back, built directly, is what the piece-by-piece build made.

``ProseSegment._merge_code`` once sorted the runs and code contents and appended them through ``extend``;
it now builds the text, runs and code ranges in one pass. The reference below is the old build, kept
here; both are run on the blocks of many generated documents full of code spans, emphasis, references
and line breaks, and must agree on the text, every character's source offset and the code ranges.
"""
from __future__ import annotations

import hypothesis
from hypothesis import strategies as st

from pmlint.config.loading import load_config
from pmlint.reading.document import Document
from pmlint.reading.prose import ProseSegment
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog


def _reference_merge(segment: ProseSegment) -> ProseSegment:
    """The build before issue 19's: pieces sorted by source offset, then ``extend``."""
    pieces: list[tuple[int, str]] = []
    sources = segment._run_sources()
    for run, text_start in enumerate(segment._text_starts):
        text_end = segment._text_starts[run + 1] if run + 1 < len(segment._text_starts) else len(segment.text)
        pieces.append((sources[run], segment.text[text_start:text_end]))
    code_offsets = set()
    for content, start, end in segment.code_spans:
        inner = segment.source.text.find(content, start, end) if content else -1
        if inner != -1:
            pieces.append((inner, content))
            code_offsets.add(inner)
    merged = ProseSegment(segment.source)
    ordered = sorted(pieces, key=lambda item: item[0])
    length = 0
    for offset, piece in ordered:
        if offset in code_offsets:
            merged.add_range("code_ranges", (length, length + len(piece)))
        length += len(piece)
    merged.extend((piece, offset, -1) for offset, piece in ordered)
    return merged


_PIECES = ["`14:05`", "``a ` b``", "` `", "`x`", "``", "14:05", " UTC", "**bold**", "*em*", "&amp;", "&#96;",
           "\\`", "[link](http://x.example)", "<b>x</b>", "word", " ", "  \n", "\n", "-", "<!-- c -->",
           "`2026-03-15 09:00`", "é", "`é`"]
_MARKERS = ["", "- ", "1. ", "> ", "| a | b |\n|---|---|\n| ", "## "]


@st.composite
def _documents(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 5))):
        body = "".join(draw(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12)))
        blocks.append(draw(st.sampled_from(_MARKERS)) + body)
    return "\n\n".join(blocks) + "\n"


def _state(segment: ProseSegment) -> tuple[object, ...]:
    return (segment.text, [segment.source_offset(index) for index in range(len(segment.text))],
            list(segment.code_ranges), segment._source_ends, tuple(segment._text_starts),
            segment._source_starts if isinstance(segment._source_starts, int) else tuple(segment._source_starts))


@hypothesis.settings(max_examples=600, deadline=None)
@hypothesis.given(_documents())
def test_the_direct_merge_is_the_piece_by_piece_one(text: str) -> None:
    doc = Document.parse(Source.from_text("t.md", text), CATALOG)
    segments = [block.segment for block in doc.blocks]
    segments.extend(cell.segment for table in doc.tables for row in table.rows for cell in row)
    for segment in segments:
        if segment.code_spans:
            assert _state(segment._merge_code()) == _state(_reference_merge(segment)), text


def test_a_timeline_line_gets_its_code_back_in_place() -> None:
    text = "- `14:05` UTC: `deploy` started\n"
    doc = Document.parse(Source.from_text("t.md", text), CATALOG)
    merged = doc.blocks[0].segment.with_code()
    assert merged.text == "14:05 UTC: deploy started"
    assert list(merged.code_ranges) == [(0, 5), (11, 17)]
    assert merged.source_offset(0) == 3  # the "1" after "- `"
    assert merged.source_offset(11) == 16  # the "d" of "deploy", after "- `14:05` UTC: `"
