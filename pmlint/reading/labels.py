"""Field labels (``**Impact**: ...``, ``- Duration: 2h``, a key/value table row): finding them in a Document.

A label is a line that starts with a short name and a colon or is wholly bold, or a row of a table; a
one-line bold label right above a list or table opens a section of its own (``LABEL_HEADING_LEVEL``).
"""
from __future__ import annotations

import re

from pmlint.reading.parts import TASK, Block, Cell, DocumentParts, Label
from pmlint.reading.prose import ProseSegment

# "Name: value" where the colon ends a word (so "14:05" and "https://" are not labels).
_LABEL_LINE = re.compile(r"^\s*(?:(?![\s:])|(?=[^\S\n]\n*:))(?P<name>[^:\n]{1,60}?)\s*:(?=\s|$)[ \t]*(?P<value>(?:[^ \t\n].*)?)$")
_LABEL_MAX_WORDS = 6
# The level of a section opened by a bold label above a list (deeper than any Markdown heading).
LABEL_HEADING_LEVEL = 7


def is_label_heading(doc: DocumentParts, block: Block, following: Block | None) -> bool:
    """A one-line, wholly bold paragraph naming a section, right above a list or table: a section."""
    if (block.kind != "paragraph" or block.list_item is not None or block.in_blockquote
            or block.end_line != block.first_line + 1 or following is None
            or (following.list_item is None and following.table is None)
            or following.first_line > block.end_line + 1):
        return False
    text = block.segment.text.strip()
    if not text or len(text.split()) > _LABEL_MAX_WORDS or not block.segment.is_strong(0, len(block.segment.text)):
        return False
    return bool(doc.catalog.keys_for(text.rstrip(":")))


def extract_labels(doc: DocumentParts) -> list[Label]:
    labels: list[Label] = []
    # A table row's label belongs to the block of the row's first cell.
    first_cell_block: dict[int, int] = {}
    for block in doc.blocks:
        if block.kind == "cell":
            first_cell_block.setdefault(block.first_line, block.index)
    for table in doc.tables:
        for row in table.rows + [table.header]:
            # Each cell's text is worked out once (Cell.text spaces the segment's text anew at every call).
            if len(row) < 2:
                continue
            name_text = row[0].text
            if not name_text or len(name_text.split()) > _LABEL_MAX_WORDS:
                continue
            name = name_text.rstrip(":").strip()
            value_cells: list[Cell] = []
            value_texts: list[str] = []
            for cell in row[1:]:
                text = cell.text
                if text:
                    value_cells.append(cell)
                    value_texts.append(text)
            value = " ".join(value_texts)
            labels.append(Label(name=name, value=value, block=first_cell_block.get(row[0].line, -1),
                                line=row[0].line, deliberate=len(table.header) == 2,
                                name_in=row[0].segment, name_start=0, name_end=None,
                                value_in=value_cells[0].segment if value_cells else None))
    for block in doc.blocks:
        if block.kind != "paragraph":
            continue
        segment = block.segment
        if not segment.strong_ranges and ":" not in segment.text:
            continue  # _line_label finds no label on any of its lines (most paragraphs): not split into lines
        offset = 0
        for number, line in enumerate(segment.text.split("\n")):
            label = _line_label(doc, block, segment, line, offset, block.first_line + number)
            if label is not None:
                labels.append(label)
            offset += len(line) + 1
    return _in_reading_order(labels)


def _in_reading_order(labels: list[Label]) -> list[Label]:
    """``labels`` sorted by line and then by the column of the name, as ``sorted`` with that key would.

    A label's column is worked out from its segment, and a document has a label per row of a two-column
    table: the labels are sorted by line alone, which keeps the labels of one line in the order they had
    (the sort is stable), and only a run of labels on one line is then sorted by column, which gives
    the order sorting by line and column gives."""
    labels.sort(key=_label_line)
    start = 0
    while start < len(labels):
        end = start + 1
        line = labels[start].line
        while end < len(labels) and labels[end].line == line:
            end += 1
        if end - start > 1:
            labels[start:end] = sorted(labels[start:end], key=_name_column)
        start = end
    return labels


def _label_line(label: Label) -> int:
    return label.line


def _name_column(label: Label) -> int:
    return label.name_span.column


def _segment_line(segment: ProseSegment, start: int, end: int) -> int:
    """The 0-based line where ``segment.span(start, end)`` starts: the line of the span's first character,
    which is ``start`` moved past blanks as ``span`` moves it (the span's end is not worked out)."""
    text = segment.text
    if not text:
        return 0  # span() gives line 1 for an empty segment
    while start < end - 1 and text[start].isspace():
        start += 1
    return segment.source.position(segment.source_offset(start))[0] - 1


def _line_label(doc: DocumentParts, block: Block, segment: ProseSegment, line: str, offset: int,
                line_number: int) -> Label | None:
    # A label has a colon or is bold: a line with neither (most list items and lines of prose) is none.
    if ":" not in line and not segment.strong_ranges:
        return None
    text = line
    lead = 0
    if block.list_item is not None and doc.list_items[block.list_item].task is not None and offset == 0:
        task = TASK.match(text)
        if task:
            lead = task.end()
    body = text[lead:]
    match = _LABEL_LINE.match(body) if ":" in body else None
    if match and len(match.group("name").split()) <= _LABEL_MAX_WORDS:
        name_start = offset + lead + match.start("name")
        name_end = offset + lead + match.end("name")
        value = match.group("value").strip()
        value_start = offset + lead + match.start("value")
        return Label(name=match.group("name").strip(), value=value, block=block.index,
                     line=_segment_line(segment, name_start, name_end),
                     deliberate=segment.is_strong(name_start, name_end),
                     name_in=segment, name_start=name_start, name_end=name_end,
                     value_in=segment if value else None, value_start=value_start, value_end=offset + len(line))
    stripped = body.strip()
    if stripped and segment.strong_ranges and len(stripped.split()) <= _LABEL_MAX_WORDS:
        start = offset + lead + (len(body) - len(body.lstrip()))
        end = start + len(stripped)
        if segment.is_strong(start, end):
            return Label(name=stripped, value="", block=block.index, line=_segment_line(segment, start, end),
                         deliberate=True, name_in=segment, name_start=start, name_end=end, value_in=None)
    return None
