"""Issue 15, resources: a long top-level table is parsed in pieces of rows, and gives what one parse gives.

markdown-it's tokens of a 170,000-row table took ~600 MB at once, so ``_parse_in_pieces`` may end a piece
before a body row of a top-level table and parse the header and delimiter rows again with the next rows.
These tests parse documents with pieces of a line or a few (cut wherever they can be) and in one piece, and
compare everything the Document gives for tables, cells, blocks and labels, and the findings.
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fuzz_markdown import PHRASES, TIMES, block, inline

import pmlint.reading.builder as builder_module
import pmlint.reading.table_pieces as table_pieces_module
from benchmarks import shapes
from pmlint.commands.engine import Engine
from pmlint.config.loading import load_config
from pmlint.reading.document import Document
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

ENGINE = Engine.create()
CONFIG = load_config(None, load_rules())
table_rule = importlib.import_module("markdown_it.rules_block.table")
EXAMPLES = int(os.environ.get("PMLINT_FUZZ_EXAMPLES") or 200)


@contextmanager
def _wide_row(cells: int) -> Iterator[None]:
    # Read by the builder (which rows it narrows) and by table_pieces (the cells the narrowed rows lack).
    saved = builder_module.WIDE_ROW, table_pieces_module.WIDE_ROW
    builder_module.WIDE_ROW = table_pieces_module.WIDE_ROW = cells
    try:
        yield
    finally:
        builder_module.WIDE_ROW, table_pieces_module.WIDE_ROW = saved


@contextmanager
def _piece_lines(lines: int) -> Iterator[None]:
    saved = builder_module._PIECE_LINES
    builder_module._PIECE_LINES = lines
    try:
        yield
    finally:
        builder_module._PIECE_LINES = saved


def _table_views(text: str, piece_lines: int) -> tuple[object, ...]:
    with _piece_lines(piece_lines):
        source = Source.from_text("doc.md", text)
        doc = Document.parse(source, CONFIG.catalog)
        findings = [finding.to_json() for finding in ENGINE.lint(source, CONFIG)]
    def cells(row: list) -> list[tuple[object, ...]]:
        return [(cell.segment.text, cell.line, cell.column, cell.segment.span(), cell.segment.strong_ranges,
                 cell.segment.code_spans) for cell in row]
    return ([(table.index, table.first_line, table.end_line, cells(table.header), [cells(row) for row in table.rows])
             for table in doc.tables],
            [(block.index, block.kind, block.first_line, block.end_line, block.list_item, block.in_blockquote,
              block.table, block.segment.text, block.segment.span()) for block in doc.blocks],
            [(label.name, label.name_span, label.value, label.value_span, label.block, label.line, label.deliberate)
             for label in doc.labels],
            [(section.level, section.first_line, section.end_line, section.title) for section in doc.sections],
            sorted(doc.code_lines), findings)


def _assert_pieces_like_whole(text: str) -> None:
    whole = _table_views(text, 10 ** 9)
    for lines in (1, 2, 3, 5):
        assert _table_views(text, lines) == whole, lines


# -- generated tables ---------------------------------------------------------------------------------------

_CELLS = st.one_of(st.sampled_from(TIMES), st.sampled_from(PHRASES),
                   st.sampled_from(["", " ", "a \\| b", "\\|", "x\\\\|y", "**Impact**", "`code | span`", "@sam",
                                    "<br>", "&amp;", "[link](https://example.com/a|b)", "Owner:", "\u00a0"]),
                   inline(False, PHRASES, in_table=True))
# Lines that end a table or go on with it: blank, a heading, a quote, a list item, a fence, a line with no pipe,
# an indented line, a delimiter-like row, a row with a pipe only inside.
_BREAKS = st.sampled_from(["", "## Next", "> quoted | text", "- item | x", "```", "no pipe here", "    | code |",
                           "|---|---|", "a | b", "   | indented |", "<div>", "***", "1. step"])


@st.composite
def long_table(draw: st.DrawFn) -> list[str]:
    """A table of up to 40 body rows with rows of fewer and more cells than the header, escaped pipes, and
    now and then a line that ends it or goes on with it."""
    columns = draw(st.integers(1, 4))
    leading, trailing = draw(st.booleans()), draw(st.booleans())
    indent = draw(st.sampled_from(["", "", " ", "   "]))

    def row(cells: list[str]) -> str:
        return indent + ("| " if leading or not cells else "") + " | ".join(cells) + (" |" if trailing else "")

    header = [draw(st.sampled_from(["Time", "Event", "Field", "Value", "Owner", "c"])) for _ in range(columns)]
    lines = [row(header), row(["---"] * columns)]
    for _ in range(draw(st.integers(0, 40))):
        if draw(st.integers(0, 12)) == 0:
            lines.append(draw(_BREAKS))
            continue
        width = columns + draw(st.sampled_from([0, 0, 0, 0, -1, 1, 2, -columns]))
        lines.append(row([draw(_CELLS) for _ in range(max(0, width))]))
    return lines


@st.composite
def table_document(draw: st.DrawFn) -> str:
    """Tables at the top level, in list items and in block quotes, among other blocks."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 5))
        lines = draw(long_table()) if kind < 5 else draw(block())
        if kind == 3:
            lines = ["- " + lines[0], *["  " + line for line in lines[1:]]]
        elif kind == 4:
            lines = ["> " + line for line in lines]
        parts.append("\n".join(lines))
        parts.append(draw(st.sampled_from(["", "", "## Timeline", "Some text.", "- 14:05 item"])))
    return "# Title\n\n" + "\n\n".join(parts) + draw(st.sampled_from(["", "\n"]))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=table_document())
def test_tables_in_pieces_are_the_tables_of_one_parse(text: str) -> None:
    _assert_pieces_like_whole(text)


@settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=table_document())
def test_rows_lacking_cells_end_a_table_where_one_parse_does(text: str) -> None:
    """markdown-it ends a table once its rows lack more than MAX_AUTOCOMPLETED_CELLS cells in all; with the
    limit made 3, generated tables reach it, and a cut that would move the table's end is not made."""
    saved = table_rule.MAX_AUTOCOMPLETED_CELLS
    table_rule.MAX_AUTOCOMPLETED_CELLS = 3
    try:
        _assert_pieces_like_whole(text)
    finally:
        table_rule.MAX_AUTOCOMPLETED_CELLS = saved


# -- wide rows: markdown-it reads a row of more than WIDE_ROW cells narrowed, the walk adds the rest -------------

def _assert_narrowed_like_whole(text: str) -> None:
    whole = _table_views(text, 10 ** 9)
    for cells in (1, 2, 3):
        with _wide_row(cells):
            assert _table_views(text, 10 ** 9) == whole, cells
            assert _table_views(text, 2) == whole, cells


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=table_document())
def test_narrowed_wide_rows_give_the_tables_of_one_parse(text: str) -> None:
    _assert_narrowed_like_whole(text)


@settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=table_document())
def test_narrowed_rows_lacking_cells_end_a_table_where_one_parse_does(text: str) -> None:
    saved = table_rule.MAX_AUTOCOMPLETED_CELLS
    table_rule.MAX_AUTOCOMPLETED_CELLS = 3
    try:
        _assert_narrowed_like_whole(text)
    finally:
        table_rule.MAX_AUTOCOMPLETED_CELLS = saved


@pytest.mark.parametrize("limit", [table_rule.MAX_AUTOCOMPLETED_CELLS, 100])
def test_a_wide_table_is_read_narrowed(limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """markdown-it makes tokens for the first WIDE_ROW + 1 cells of each row only; the walk adds the rest.
    The blank line after the table ends it before its (missing) cells count towards the limit."""
    monkeypatch.setattr(table_rule, "MAX_AUTOCOMPLETED_CELLS", limit)
    text = shapes.wide_table(5_000) + "\nAfter.\n"
    parsed: list[int] = []
    original = builder_module.Builder._parse_lines

    def counting(self: object, *args: object) -> object:
        tokens, columns = original(self, *args)  # type: ignore[arg-type]
        parsed.append(len(tokens))
        return tokens, columns

    builder_module.Builder._parse_lines = counting  # type: ignore[method-assign]
    try:
        doc = Document.parse(Source.from_text("doc.md", text), CONFIG.catalog)
    finally:
        builder_module.Builder._parse_lines = original  # type: ignore[method-assign]
    table = doc.tables[0]
    assert (len(table.header), [len(row) for row in table.rows]) == (5_000, [5_000])
    assert [cell.text for cell in table.header[-2:]] == ["c4998", "c4999"]
    assert parsed == [12_031]  # 2 x 2,001 cells of 3 tokens (not 2 x 5,000) and the paragraph after


# -- cases written out ---------------------------------------------------------------------------------------

def _rows(count: int, cells: str = "{time} | The event") -> str:
    return "".join("| " + cells.format(time=f"{index // 60 % 24:02d}:{index % 60:02d}") + " |\n"
                   for index in range(count))


@pytest.mark.parametrize("text", [
    "# T\n\n| Time | Event |\n|---|---|\n" + _rows(30),
    "# T\n\n| Time | Event |\n|---|---|\n" + _rows(20) + "\n## After\n\nText.\n",
    "# T\n\n| Time | Event |\n|---|---|\n" + _rows(20) + "## Heading right after\n",
    "# T\n\n| Time | Event |\n|:-|-:|\n" + _rows(10) + "| 1 \\| 2 | a \\| b |\n" + _rows(10),
    "# T\n\n| Time | Event |\n|---|---|\n" + _rows(5) + "| only one |\n" + _rows(10) + "| a | b | c |\n" + _rows(10),
    "# T\n\n- | Time | Event |\n  |---|---|\n" + "".join("  " + line + "\n" for line in _rows(20).splitlines()),
    "# T\n\n> | Time | Event |\n> |---|---|\n" + "".join("> " + line + "\n" for line in _rows(20).splitlines()),
    "# T\n\n```\n" + _rows(20) + "```\n\n## Timeline\n\n| Time | Event |\n|---|---|\n" + _rows(20),
    "# T\n\n| Field | Value |\n|---|---|\n" + _rows(15, "**Impact** | {time} users") + "| Status: | Resolved |\n",
    "# T\n\nText before\n| Time | Event |\n|---|---|\n" + _rows(20),
    "# T\n\n| Time | Event |\n|---|---|\n" + _rows(10) + "no pipe row\n" + _rows(10) + "\n[ref]: https://x.y\n",
    "# T\n\n" + shapes.long_table(40) + "\n" + shapes.wide_table(30),
    # A parse that starts at the second item would read "- Time |" over "--- |" as a table's header.
    "# T\n\n- 14:05 item\n\n- Time |\n  --- |\n\n",
], ids=["plain", "blank-then-heading", "heading-ends-it", "escaped-pipes", "short-and-long-rows", "in-a-list",
        "in-a-quote", "pipes-in-a-fence-first", "key-value-labels", "after-a-paragraph", "reference-at-the-end",
        "two-tables", "table-in-a-second-list-item"])
def test_written_out_tables_in_pieces(text: str) -> None:
    _assert_pieces_like_whole(text)
    _assert_narrowed_like_whole(text)


def test_a_long_table_is_parsed_in_pieces() -> None:
    """The pieces are cut: no piece holds the tokens of more than a few of the table's rows."""
    text = shapes.long_table(200)
    pieces: list[int] = []
    original = builder_module.Builder._parse_piece

    def counting(self: object, lines: list[str], start: int, end: int, *rest: object) -> object:
        pieces.append(end - start)
        return original(self, lines, start, end, *rest)  # type: ignore[arg-type]

    builder_module.Builder._parse_piece = counting  # type: ignore[method-assign]
    try:
        with _piece_lines(20):
            doc = Document.parse(Source.from_text("doc.md", text), CONFIG.catalog)
    finally:
        builder_module.Builder._parse_piece = original  # type: ignore[method-assign]
    assert len(doc.tables) == 1 and len(doc.tables[0].rows) == 200
    assert len(pieces) >= 9 and max(pieces) <= 30, pieces
