"""Issue 15, resources: what the Document keeps per heading, table row and label, and the exact fast paths.

Bytes are counted with tracemalloc (Python's allocations: the same on every run of a given interpreter, no
timing). Each bound has some headroom over the figure measured on Python 3.11, given in its comment.
"""
from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from typing import TypeVar

from benchmarks import shapes
from pmlint.config.loading import load_config
from pmlint.reading.document import Document
from pmlint.reading.parts import Block, Cell
from pmlint.reading.sections import _REMEMBERED_HEADINGS
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog
T = TypeVar("T")

# A parsed "## Section n" heading (its heading, block, section and segment): 787 bytes at 07b0763, 692 since.
PER_HEADING_BYTES = 760
# Section keys found for every heading of headings(12,000): a frozenset and a cache entry per distinct
# heading (~470 bytes a heading) before; one shared set per answer and a bounded cache since: 102.
PER_HEADING_KEYS_BYTES = 200
# A long_table row (two cells: their blocks, segments, the row): 1,106 bytes at 07b0763 (a Cell beside each
# cell's Block, a tuple for each segment's one run, a line number per cell); 884 since.
PER_ROW_BYTES = 960
# A label of a two-column table row: 430 bytes with two spans kept per label; 156 since (spans when asked, and
# its name and value are the cells' own text when already single-spaced).
PER_TABLE_LABEL_BYTES = 200
# A "**Impact**: n users could not pay." label: 536 bytes before; 316 since.
PER_LINE_LABEL_BYTES = 370


def _kept(build: Callable[[], T]) -> tuple[T, int]:
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = build()
        return result, tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def _parse(text: str) -> Document:
    return Document.parse(Source.from_text("t.md", text), CATALOG)


def test_kept_memory_per_heading_is_bounded() -> None:
    source = Source.from_text("t.md", shapes.headings(4_000))
    doc, kept = _kept(lambda: Document.parse(source, CATALOG))
    assert len(doc.headings) == 4_002
    assert kept / 4_000 < PER_HEADING_BYTES, kept / 4_000


def test_section_keys_are_shared_and_remembered_for_a_bounded_number_of_headings() -> None:
    doc = _parse(shapes.headings(12_000))
    found, kept = _kept(lambda: doc.find_sections("timeline"))
    assert found == []
    assert kept / 12_000 < PER_HEADING_KEYS_BYTES, kept / 12_000
    assert len(CATALOG._keys_for_headings) <= _REMEMBERED_HEADINGS
    # Every heading that names no section has the same empty set: one object, not one per heading.
    assert len({id(keys) for keys in doc._section_keys[1:] if not keys}) == 1
    assert CATALOG.keys_for("Timeline (UTC)") == frozenset({"timeline"})


def test_kept_memory_per_table_row_is_bounded() -> None:
    source = Source.from_text("t.md", shapes.long_table(4_000))
    doc, kept = _kept(lambda: Document.parse(source, CATALOG))
    assert len(doc.tables[0].rows) == 4_000
    assert kept / 4_000 < PER_ROW_BYTES, kept / 4_000


def test_a_cell_is_its_block() -> None:
    doc = _parse("# T\n\n| Time | Event |\n|---|---|\n| 14:05 | Deploy |\n")
    header, (row,) = doc.tables[0].header, doc.tables[0].rows
    assert [(cell.text, cell.line, cell.column) for cell in [*header, *row]] == [
        ("Time", 2, 0), ("Event", 2, 1), ("14:05", 4, 0), ("Deploy", 4, 1)]
    cells = [block for block in doc.blocks if block.kind == "cell"]
    assert cells == [*header, *row] and all(a is b for a, b in zip(cells, [*header, *row]))
    assert all(isinstance(cell, Cell) and isinstance(cell, Block) for cell in cells)
    assert [(cell.first_line, cell.end_line, cell.table) for cell in row] == [(4, 5, 0), (4, 5, 0)]


def test_kept_memory_per_label_is_bounded() -> None:
    table = _parse(shapes.long_table(4_000))
    labels, kept = _kept(lambda: table.labels)
    assert len(labels) == 4_001
    assert kept / 4_000 < PER_TABLE_LABEL_BYTES, kept / 4_000
    lines = _parse(shapes.labels(4_000))
    labels, kept = _kept(lambda: lines.labels)
    assert len(labels) == 4_000
    assert kept / 4_000 < PER_LINE_LABEL_BYTES, kept / 4_000


def test_label_spans_found_when_asked_are_the_labels_text() -> None:
    text = ("# T\n\n**Impact**: 300 users\n\n- Duration: 2h\n\n| Field | Value |\n|---|---|\n"
            "| **Root cause** | A bad `config` push |\n| Status: | |\n\n**Lessons**\n")
    doc = _parse(text)
    source = doc.source
    found = [(label.name, source.span_text(label.name_span), label.value,
              source.span_text(label.value_span) if label.value_span else None, label.line, label.block)
             for label in doc.labels]
    assert found == [
        ("Impact", "Impact", "300 users", "300 users", 2, 1),
        ("Duration", "Duration", "2h", "2h", 4, 2),
        ("Field", "Field", "Value", "Value", 6, 3),
        ("Root cause", "Root cause", "A bad push", "A bad `config` push", 8, 5),
        ("Status", "Status:", "", None, 9, 7),
        ("Lessons", "Lessons", "", None, 11, 9),
    ]
