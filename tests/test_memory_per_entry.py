"""Issue 15, resources: the objects pmlint keeps per entry of a document carry no per-instance __dict__.

A 4 MB document holds hundreds of thousands of them (a span, a timestamp and a timeline entry per line of a
timeline; a block, list item and cell per item or row), so each is a slotted class.
"""
from __future__ import annotations

import datetime as dt

import pytest

from pmlint.config.loading import load_config
from pmlint.model import Span
from pmlint.reading.action_items import ActionItem
from pmlint.reading.document import Document
from pmlint.reading.parts import Block, Cell, Comment, Heading, Label, ListItem
from pmlint.reading.source import Source
from pmlint.reading.timeline_entries import Declaration, TimelineEntry, timelines
from pmlint.reading.timestamps import Timestamp, ZoneReading
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog
# Bytes a parsed bare-timeline list item keeps (its block, list item and prose segment): 1,101 when
# segments had a __dict__, five lists and a dict each; 636 since (Python 3.11); 580 since a line number is
# one int object shared by the item, its paragraph and the next item (it was 3 ints per line).
PER_ITEM_BYTES = 640


@pytest.mark.parametrize("cls", [Span, Timestamp, ZoneReading, Declaration, TimelineEntry, Heading, ListItem, Block,
                                 Cell, Comment, Label, ActionItem])
def test_per_entry_classes_are_slotted(cls: type) -> None:
    assert "__slots__" in vars(cls)
    assert "__dict__" not in dir(cls)


def test_timeline_entry_reading_is_kept() -> None:
    source = Source.from_text("t.md", "# T\n\n## Timeline\n\n- 2026-02-15 10:00 PST Deploy\n- 2026-07-01 10:05 PST Roll back\n")
    entries = [entry for line in timelines(Document.parse(source, CATALOG)) for entry in line.entries]
    assert [entry.reading.offset for entry in entries] == [-8 * 60, -7 * 60]
    first = entries[0]
    assert first.reading is first.reading  # read once, then kept
    assert first.date == dt.date(2026, 2, 15)


# -- prose segments: one per paragraph, heading, list item and table cell ---------------------------------

def _segments(text: str) -> list:
    doc = Document.parse(Source.from_text("t.md", text), CATALOG)
    return [block.segment for block in doc.blocks]


def test_prose_segment_and_raw_text_are_slotted() -> None:
    from pmlint.reading.inline import RawText
    from pmlint.reading.prose import ProseSegment

    for cls in (ProseSegment, RawText):
        assert "__slots__" in vars(cls)
        assert "__dict__" not in dir(cls)


def test_a_plain_segment_holds_no_empty_collections() -> None:
    """A segment with no emphasis, code or character reference allocates no list or dict for them (the
    empty ones are one shared empty tuple): 290,000 timeline items held ~2 million empty lists."""
    import gc

    segments = _segments("# T\n\n## Timeline\n\n- 14:05 Event\n- 14:06 Other event\n\nA plain paragraph.\n")
    assert len(segments) >= 4
    for segment in segments:
        held = [value for value in gc.get_referents(segment) if isinstance(value, (list, dict)) and not value]
        assert held == [], (segment.text, held)


def test_segment_fields_are_filled_when_used() -> None:
    text = "# T\n\nSome **bold** and *it* with `code` and caf&eacute; <kbd>Ctrl</kbd>.\n"
    (_, paragraph) = _segments(text)
    assert paragraph.text.startswith("Some bold and it with")
    assert [paragraph.text[start:end] for start, end in paragraph.strong_ranges] == ["bold"]
    assert [paragraph.text[start:end] for start, end in paragraph.em_ranges] == ["it"]
    assert [content for content, _, _ in paragraph.code_spans] == ["code", "Ctrl"]
    cafe = paragraph.text.index("café") + 3
    span = paragraph.span(cafe, cafe + 1)
    assert text.splitlines()[span.line - 1][span.column - 1:span.end_column - 1] == "&eacute;"
    merged = paragraph.with_code()
    assert [merged.text[start:end] for start, end in merged.code_ranges] == ["code", "Ctrl"]
    # Two segments built alike are equal; a plain one has none of these.
    assert _segments(text)[1] == paragraph
    (_, plain) = _segments("# T\n\nPlain words.\n")
    assert (plain.strong_ranges, plain.em_ranges, plain.code_spans, plain.code_ranges) == ((), (), (), ())


def test_kept_memory_per_timeline_item_is_bounded() -> None:
    """Bytes still allocated per list item after parsing a bare timeline (tracemalloc counts Python's
    allocations: deterministic for a given interpreter, no timing)."""
    import tracemalloc

    from benchmarks import shapes

    text = shapes.bare_timeline(4_000)
    source = Source.from_text("t.md", text)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        doc = Document.parse(source, CATALOG)
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(doc.list_items) == 4_000
    assert kept / 4_000 < PER_ITEM_BYTES, kept / 4_000
