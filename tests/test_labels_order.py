"""Issue 15, resources: a document's labels are put in reading order without working out every label's column.

``labels._in_reading_order`` sorts by line and then sorts only a run of labels on one line by the column
of its name. It must give exactly what ``sorted`` with the key (line, column) gives, the order of labels
with equal keys included: checked on the labels of many generated documents, shuffled, and on made-up
labels crowded on a few lines.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st
from test_fuzz_markdown import documents, fuzz_settings

from pmlint.config.loading import load_config
from pmlint.reading.document import Document
from pmlint.reading.labels import _LABEL_MAX_WORDS, _in_reading_order, _segment_line
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog


def _reference(labels: list) -> list:
    return sorted(labels, key=lambda label: (label.line, label.name_span.column))


@given(documents(), st.integers(0, 2**32 - 1))
@fuzz_settings(150)
def test_labels_of_documents_in_reading_order(text: str, seed: int) -> None:
    labels = list(Document.parse(Source.from_text("doc.md", text), CATALOG).labels)
    assert labels == _reference(labels)
    random.Random(seed).shuffle(labels)
    assert [id(label) for label in _in_reading_order(list(labels))] == [id(label) for label in _reference(labels)]


def test_labels_of_a_table_and_lines_in_reading_order() -> None:
    text = ("# T\n\n| Key | Value |\n|---|---|\n| Impact | 300 users |\n| Duration | 2h |\n\n"
            "**Impact**: all\n- Owner: @dana\n\n> Cause: a deploy\n")
    labels = Document.parse(Source.from_text("doc.md", text), CATALOG).labels
    assert [label.name for label in labels] == ["Key", "Impact", "Duration", "Impact", "Owner", "Cause"]


@dataclass(frozen=True)
class _Column:
    column: int


@dataclass(frozen=True, eq=False)
class _Placed:
    line: int
    column: int

    @property
    def name_span(self) -> _Column:
        return _Column(self.column)


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=40))
@fuzz_settings(300)
def test_labels_crowded_on_few_lines_in_reading_order(places: list[tuple[int, int]]) -> None:
    labels = [_Placed(line, column) for line, column in places]
    assert [id(label) for label in _in_reading_order(list(labels))] == [id(label) for label in _reference(labels)]


def _reference_table_labels(doc: Document) -> list[tuple]:
    """The labels of the document's table rows, made the plain way (each cell's text read where needed)."""
    found = []
    for table in doc.tables:
        for row in table.rows + [table.header]:
            if len(row) < 2 or not row[0].text or len(row[0].text.split()) > _LABEL_MAX_WORDS:
                continue
            value_cells = [cell for cell in row[1:] if cell.text]
            found.append((row[0].text.rstrip(":").strip(), " ".join(cell.text for cell in value_cells), row[0].line,
                          id(value_cells[0].segment) if value_cells else None))
    return sorted(found, key=lambda label: label[2])


@given(documents())
@fuzz_settings(150)
def test_labels_of_table_rows_are_read_as_the_plain_way_reads_them(text: str) -> None:
    doc = Document.parse(Source.from_text("doc.md", text), CATALOG)
    cell_lines = {block.first_line for block in doc.blocks if block.kind == "cell"}
    made = [(label.name, label.value, label.line, id(label.value_in) if label.value_in is not None else None)
            for label in doc.labels if label.line in cell_lines and label.name_in is not None
            and any(label.name_in is row[0].segment for table in doc.tables for row in table.rows + [table.header] if row)]
    assert made == _reference_table_labels(doc)


def test_labels_of_a_table_with_empty_and_long_cells() -> None:
    text = ("# T\n\n| Key | | Value | `x` |\n|---|---|---|---|\n| Impact: | | 300  users | |\n"
            "| one two three four five six seven | x | | |\n| | y | | |\n| Owner | | | |\n")
    doc = Document.parse(Source.from_text("doc.md", text), CATALOG)
    assert [(label.name, label.value) for label in doc.labels] == [("Key", "Value"), ("Impact", "300 users"),
                                                                    ("Owner", "")]
    assert [(name, value) for name, value, *_ in _reference_table_labels(doc)] == [
        (label.name, label.value) for label in doc.labels]


@given(documents(), st.data())
@fuzz_settings(150)
def test_a_labels_line_is_the_line_its_span_starts_on(text: str, data: st.DataObject) -> None:
    doc = Document.parse(Source.from_text("doc.md", text), CATALOG)
    for block in doc.blocks:
        segment = block.segment
        length = len(segment.text)
        start = data.draw(st.integers(0, length))
        end = data.draw(st.integers(start, length))
        assert _segment_line(segment, start, end) == segment.span(start, end).line - 1


def _line_labels_of_every_line(document: Document) -> list[tuple]:
    """The paragraph labels ``extract_labels`` would find reading every line of every paragraph (as it did before
    it passed over paragraphs with neither a colon nor bold text)."""
    from pmlint.reading.labels import _line_label

    found = []
    for block in document.blocks:
        if block.kind != "paragraph":
            continue
        offset = 0
        for number, line in enumerate(block.segment.text.split("\n")):
            label = _line_label(document, block, block.segment, line, offset, block.first_line + number)
            if label is not None:
                found.append((label.line, label.block, label.name_start, label.name, label.value, label.deliberate))
            offset += len(line) + 1
    return sorted(found)


@given(documents())
@fuzz_settings(150)
def test_paragraphs_without_colon_or_bold_are_passed_over_without_losing_a_label(text: str) -> None:
    document = Document.parse(Source.from_text("doc.md", text + "\n\nPlain line\n**Bold**\nKey: value\n"), CATALOG)
    paragraph_labels = sorted((label.line, label.block, label.name_start, label.name, label.value, label.deliberate)
                              for label in document.labels
                              if label.block >= 0 and document.blocks[label.block].kind == "paragraph"
                              and label.name_in is document.blocks[label.block].segment)
    assert paragraph_labels == _line_labels_of_every_line(document)
