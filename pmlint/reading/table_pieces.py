"""Long tables and wide rows read in pieces: table rows cut between pieces, and rows read narrowed.

Where a piece may end before a top-level table's body row and how the next piece goes on with that table
(``TableResume``, ``RowCounter``); which rows of more than ``WIDE_ROW`` cells markdown-it may read cut
to their first cells, and the cells of a row as its table rule splits them.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import escapedSplit
from markdown_it.token import Token

from pmlint.reading.parser_setup import markdown_parser

try:  # The whitespace markdown-it trims from table cells: CommonMark's from markdown-it-py 4 on.
    from markdown_it.common.utils import MD_TRIM_CHARS
    CELL_TRIM: str | None = MD_TRIM_CHARS
except ImportError:  # pragma: no cover - markdown-it-py 3 trims cells with str.strip()
    CELL_TRIM = None

# The module of markdown-it's table rule (``rules_block.table`` is the rule function of that name).
_TABLE_RULE = importlib.import_module("markdown_it.rules_block.table")
# Cells of a table row beyond which markdown-it reads the row narrowed (see Builder._parse_narrowed).
WIDE_ROW = 2_000


def cut_before_row(tokens: list[Token], line: int) -> int | None:
    """Where the body row on ``line`` of a top-level table opens in ``tokens``; None when there is none.

    A row's ``tr_open`` is at level 2 only in a table at the top level (in a list item or a block quote
    it is deeper), and follows ``tbody_open`` or the previous row's ``tr_close`` only in the body."""
    for index in range(len(tokens) - 1, 0, -1):
        token = tokens[index]
        if token.type == "tr_open" and token.map is not None and token.map[0] == line:
            if token.level == 2 and tokens[index - 1].type in ("tbody_open", "tr_close"):
                return index
            return None
        if token.map is not None and token.map[0] < line:
            return None
    return None


def open_table_header(tokens: list[Token], cut: int) -> int:
    """The line of the header row of the table open at ``tokens[cut]``."""
    for index in range(cut - 1, -1, -1):
        token = tokens[index]
        if token.type == "table_open" and token.map:
            return token.map[0]
    raise AssertionError("a table row without its table")  # pragma: no cover - cut_before_row found a body row


class RowCounter:
    """markdown-it's one state that runs across a table's body rows, kept for the rows parsed so far.

    markdown-it ends a table once its rows lack more than ``MAX_AUTOCOMPLETED_CELLS`` cells in all
    (each row counts the header's cells minus its own, so a longer row counts below zero). A piece that
    starts again at the header counts from zero: it ends the table where one parse does exactly when
    the rows before the cut count zero in all (as they do when every row has the header's cells).
    Rows are split by markdown-it's own ``escapedSplit``, as its table rule splits them.
    """

    __slots__ = ("_lines", "_columns", "_next_row", "_missing")

    def __init__(self, lines: list[str], header: int) -> None:
        self._lines = lines
        self._columns = _cell_count(lines[header])
        self._next_row = header + 2
        self._missing = 0

    def balanced_before(self, line: int) -> bool:
        """Whether the body rows from the first up to ``line`` (exclusive) lack no cells in all."""
        if not hasattr(_TABLE_RULE, "MAX_AUTOCOMPLETED_CELLS"):
            return True  # a markdown-it-py without the limit: rows do not depend on each other
        for index in range(self._next_row, line):
            self._missing += self._columns - _cell_count(self._lines[index])
        self._next_row = max(self._next_row, line)
        return self._missing == 0


def _cell_count(line: str) -> int:
    """The cells markdown-it's table rule reads in a row (a top-level one: no container markers)."""
    return len(row_cells(line))


def row_cells(line: str) -> list[str]:
    """A top-level table row's cells as markdown-it's table rule splits them (before trimming each)."""
    cells = escapedSplit(line.strip(CELL_TRIM))
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def narrowed_row(line: str, cells: int) -> str | None:
    """``line`` up to the pipe that ends its first ``cells`` cells (split as ``escapedSplit`` splits a row:
    a pipe right after a backslash does not split), or None when it has no more cells than that."""
    start = len(line) - len(line.lstrip(CELL_TRIM))
    wanted = cells + (1 if line.startswith("|", start) else 0)
    seen = 0
    index = line.find("|", start)
    while index != -1:
        if index == start or line[index - 1] != "\\":
            seen += 1
            if seen == wanted:
                rest = line[index + 1:].strip(CELL_TRIM)
                return line[:index + 1] if rest else None
        index = line.find("|", index + 1)
    return None


def narrowed_tables(tokens: list[Token], lines: list[str], narrowed: dict[int, str], end: int) -> dict[int, int] | None:
    """For a piece parsed with the ``narrowed`` lines cut short: header line -> number of cells of each
    table with a narrowed line, or None when the narrowing may have changed the parse.

    Exact when every narrowed line is the header, delimiter or a body row of a top-level table (level 0:
    a table in a list item or a quote reads its lines after container markers), markdown-it's table
    rule accepts the whole header and delimiter rows (their numbers of cells are equal, every delimiter
    cell well formed), and neither the whole nor the narrowed rows lack ``MAX_AUTOCOMPLETED_CELLS``
    cells in all, up to and including the line after the table: the only state that runs across rows
    then agrees, and the rest of the table rule reads each line's start (a narrowed line keeps it)."""
    tables: list[tuple[int, int]] = [tuple(token.map) for token in tokens  # type: ignore[misc]
                                     if token.type == "table_open" and token.level == 0 and token.map]
    covered = set()
    widths: dict[int, int] = {}
    for header, table_end in tables:
        if not any(header <= line < table_end for line in narrowed):
            continue
        covered.update(line for line in narrowed if header <= line < table_end)
        whole = [lines[header], lines[header + 1]]  # (the narrowed lines are whole again)
        if not _is_table_start(whole):
            return None
        width = _cell_count(whole[0])
        if not _rows_within_limit(lines, narrowed, header, min(table_end + 1, end), width):
            return None
        widths[header] = width
    return widths if covered == set(narrowed) else None


def _is_table_start(lines: list[str]) -> bool:
    """Whether markdown-it's table rule (unwrapped, silent) starts a table at the first of two lines."""
    parser = markdown_parser()
    state = StateBlock("\n".join(lines), parser, {}, [])
    return bool(_TABLE_RULE.table(state, 0, 2, True))


def _rows_within_limit(lines: list[str], narrowed: dict[int, str], header: int, end: int, width: int) -> bool:
    limit = getattr(_TABLE_RULE, "MAX_AUTOCOMPLETED_CELLS", None)
    if limit is None:
        return True
    narrow_width = min(width, WIDE_ROW + 1) if header in narrowed else width
    whole = narrow = 0
    for line in range(header + 2, end):
        text = lines[line]
        if not text.strip(CELL_TRIM):
            break  # a blank line ends a table before its cells are counted
        cells = _cell_count(text)
        whole += width - cells
        narrow += narrow_width - (min(cells, WIDE_ROW + 1) if line in narrowed else cells)
        if whole > limit or narrow > limit:
            return False
    return True


@dataclass(frozen=True, slots=True)
class TableResume:
    """A top-level table cut before a body row: the line of its header, and its rows' count so far."""

    header: int
    counter: RowCounter

    def document_line(self, line: int, start: int) -> int:
        """A line of a piece parsed as the header, the delimiter row and then the lines from ``start``."""
        return self.header + line if line < 2 else start + line - 2

    def document_lines(self, columns: dict[int, int], start: int) -> dict[int, int]:
        return {self.document_line(line, start): column for line, column in columns.items()}

    def rows_only(self, tokens: list[Token], start: int) -> list[Token]:
        """The tokens with the document's line numbers, without the header's: from the table's opening
        token (which the walk reads as the table going on, to its end) on to its body."""
        for token in tokens:
            if token.map:
                token.map = [self.document_line(token.map[0], start), self.document_line(token.map[1], start)]
        body = next(index for index, token in enumerate(tokens) if token.type == "tbody_open")
        del tokens[1:body + 1]
        return tokens
