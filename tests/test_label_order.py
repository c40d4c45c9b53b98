"""Issue 15, resources: a document's labels are put in reading order without working out every label's column.

``document._in_reading_order`` sorts by line and then sorts only a run of labels on one line by the column
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

from pmlint.config import load_config
from pmlint.document import Document, _in_reading_order
from pmlint.ruledefs import load_rules
from pmlint.source import Source

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
