"""Issue 15, resources: the objects pmlint keeps per entry of a document carry no per-instance __dict__.

A 4 MB document holds hundreds of thousands of them (a span, a timestamp and a timeline entry per line of a
timeline; a block, list item and cell per item or row), so each is a slotted class.
"""
from __future__ import annotations

import datetime as dt

import pytest

from pmlint.actions import ActionItem
from pmlint.config import load_config
from pmlint.document import Block, Cell, Comment, Document, Heading, Label, ListItem
from pmlint.model import Span
from pmlint.ruledefs import load_rules
from pmlint.source import Source
from pmlint.timeline import Declaration, TimelineEntry, timelines
from pmlint.timestamps import Timestamp, ZoneReading


CATALOG = load_config(None, load_rules()).catalog


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
