"""The token walk that builds a Document's parts from markdown-it's tokens.

A long document is parsed a piece at a time (``Builder._parse_in_pieces``); each piece's tokens are read
into headings, blocks, list items, tables and comments, and then the sections are built.
"""
from __future__ import annotations

import array
import re
from collections.abc import Iterator
from typing import Any

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from pmlint.reading import mdparser
from pmlint.reading.frontmatter import split_front_matter
from pmlint.reading.inline import RawText, build_segment, build_streamed_segment
from pmlint.reading.labels import LABEL_HEADING_LEVEL, is_label_heading
from pmlint.reading.parser_setup import (
    CONTENT_COLUMNS,
    inline_core_rules,
    markdown_parser,
)
from pmlint.reading.parts import (
    TASK,
    Block,
    Cell,
    Comment,
    DocumentParts,
    Heading,
    ListItem,
    Section,
    Table,
)
from pmlint.reading.prose import ProseSegment
from pmlint.reading.table_pieces import (
    CELL_TRIM,
    WIDE_ROW,
    RowCounter,
    TableResume,
    cut_before_row,
    narrowed_row,
    narrowed_tables,
    open_table_header,
    row_cells,
)

_ATX_OPEN = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]*")
# An unclosed "<!--" matches to the end (group 1 None): nothing after it can close, and searching on
# from every later "<!--" for a "-->" that is not there was quadratic.
_HTML_COMMENT = re.compile(r"<!--(?:(.*?)-->|.*)", re.DOTALL)


def _only_comments(html: str) -> bool:
    """Whether a raw HTML block holds nothing but comments (and blanks)."""
    return not _HTML_COMMENT.sub("", html).strip()


# A long document is parsed in pieces of at least this many lines (see Builder._parse_in_pieces).
_PIECE_LINES = 5_000
# A line that could start a top-level heading or list item, where a piece may end.
_PIECE_START = re.compile(r"#{1,6}(?:[ \t]|$)|[-+*][ \t]+\S|\d{1,9}[.)][ \t]+\S")
# Candidate lines that started nothing a piece may end before, after which only headings and list items are.
_FAILED_CUTS = 2
# A line that could be a row of a top-level table (where a piece may end too, when the line before is one).
_TABLE_ROW = re.compile(r" {0,3}\|")
# CPython keeps a single int object for each number up to 256: a parse of at most this many lines from
# the document's first line has line numbers that are the document's, shared already (Builder._parse_lines).
_SHARED_INTS = 256


# The kinds of block token Builder._walk reads, besides "inline"; it passes over the others.
_WALKED_KINDS = frozenset({
    "list_item_open", "list_item_close", "tr_open", "tr_close", "heading_open", "bullet_list_open",
    "ordered_list_open", "bullet_list_close", "ordered_list_close", "blockquote_open", "blockquote_close",
    "table_open", "table_close", "thead_open", "thead_close", "fence", "code_block", "html_block"})


class Builder:
    """Turns markdown-it's token stream into the Document's views."""

    def __init__(self, document: DocumentParts) -> None:
        self.doc = document
        self.source = document.source
        self._content_columns: dict[int, int] = {}
        self._row_cells: _RowCells | list[RawText] = []
        self._open_table: Table | None = None
        self._row_lines = (0, 1)  # the line of the table row being read, and the line after it
        # Header line -> its number of cells, for the tables markdown-it read narrowed (_parse_narrowed).
        self._wide_tables: dict[int, int] = {}
        self._inline_env: dict[str, Any] = {}
        self._comments_seen: set[Comment] = set()
        # The source's lines as build() parses them, the front matter blanked (see _line_as_parsed).
        self._lines: list[str] = []

    def build(self) -> None:
        doc = self.doc
        lines = self.source.lines  # a new list: the front matter is blanked in it, not in the source
        self._lines = lines
        doc.front_matter = split_front_matter(lines)
        if doc.front_matter is not None:
            # Blank the front matter out rather than cutting it, so token line numbers stay true.
            for index in range(doc.front_matter.first_line, doc.front_matter.last_line + 1):
                lines[index] = ""
        for tokens in self._parse_in_pieces(lines):
            self._walk(tokens)
        self._build_sections()

    def _parse_in_pieces(self, lines: list[str]) -> Iterator[list[Token]]:
        """markdown-it's tokens for ``lines``, a piece of the document at a time (lines as in the source).

        The tokens of a whole 4 MB document take over 600 MB, so a long document is parsed in pieces
        of at least ``_PIECE_LINES`` lines, each ending where a top-level heading, list item or paragraph
        starts: there nothing before it can continue, and the parse of what follows starts afresh. A
        piece is parsed up to and including that line and kept only when the line did start one of them
        (``_cut_before``). Link reference definitions apply to the whole document, so no piece ends
        before the last line that could hold one.

        A piece may also end before a body row of a top-level table (a 170,000-row table is one block):
        the next piece is the table's header and delimiter rows again, then the rows from there on, and
        its rows are added to the same Table (see ``TableResume``).

        A candidate line that starts nothing at the top level (it is inside a fence, say) costs a parse
        of the piece: after ``_FAILED_CUTS`` of them only headings and list items are tried, and when one
        of those fails the rest is parsed in one piece.
        """
        references: dict[str, object] = {}
        start = 0
        total = len(lines)
        # ``lines`` are the source's, some blanked: when the text holds no "]:" (most documents) none does.
        last_definition = -1
        if "]:" in self.source.text:
            last_definition = next((index for index in range(total - 1, -1, -1) if "]:" in lines[index]), -1)
        failed_cuts = 0
        resume: TableResume | None = None
        first = max(start + _PIECE_LINES, last_definition + 1)
        while start < total:
            loose = failed_cuts < _FAILED_CUTS
            split = self._split_candidate(lines, first, loose)
            if split is not None:
                tokens, columns = self._parse_piece(lines, start, split + 1, references, resume)
                cut = _cut_before(tokens, split, lines[split])
                next_resume = None
                if cut is None:
                    row_resume = self._row_resume(lines, tokens, split, resume)
                    if row_resume is not None:
                        cut, next_resume = row_resume
                if cut is not None:
                    del tokens[cut:]
                    self._content_columns = columns
                    yield tokens
                    start, resume = split, next_resume
                    first = max(start + _PIECE_LINES, last_definition + 1)
                    continue
                del tokens, columns
                if loose:
                    failed_cuts += 1
                    first = split + 1
                    continue
            tokens, self._content_columns = self._parse_piece(lines, start, total, references, resume)
            yield tokens
            return

    def _row_resume(self, lines: list[str], tokens: list[Token], line: int,
                    resume: TableResume | None) -> tuple[int, TableResume] | None:
        """Where ``tokens`` can be cut before the body row on ``line`` of a top-level table, and how the
        next piece goes on with that table; None when ``line`` is no such row, or when the next piece
        would not end the table where one parse does (see ``RowCounter``)."""
        cut = cut_before_row(tokens, line)
        if cut is None:
            return None
        header = open_table_header(tokens, cut)
        if resume is not None and header == resume.header:
            counter = resume.counter
        else:
            counter = RowCounter(lines, header)
        if not counter.balanced_before(line):
            return None
        return cut, TableResume(header, counter)

    def _parse_piece(self, lines: list[str], start: int, end: int, references: dict[str, object],
                     resume: TableResume | None) -> tuple[list[Token], dict[int, int]]:
        """The tokens of lines [start, end). When the piece goes on with a table cut before ``start``, the
        table's header and delimiter rows are parsed again before it and their tokens left out: the
        walk adds the rows to the Table it has open."""
        if resume is None:
            return self._parse_narrowed(lines, start, end, references)
        header = resume.header
        tokens, columns = self._parse_lines([lines[header], lines[header + 1], *lines[start:end]], 0,
                                            end - start + 2, references)
        return resume.rows_only(tokens, start), resume.document_lines(columns, start)

    def _parse_narrowed(self, lines: list[str], start: int, end: int,
                        references: dict[str, object]) -> tuple[list[Token], dict[int, int]]:
        """The tokens of lines [start, end), a table row of more than ``WIDE_ROW`` cells read by markdown-it
        as its first ``WIDE_ROW`` cells only (the tokens of a 180,000-column row took ~450 MB at once).

        The walk adds the other cells of each row of such a table from the row's line, parsing each cell's
        content as markdown-it would (``_complete_row``). Exact when the narrowed lines are rows, header
        and delimiter of top-level tables and those tables end where they would with the whole lines
        (``_narrowing_is_exact``); otherwise the piece is parsed again as it is."""
        narrowed: dict[int, str] = {}
        # ``lines`` are the source's, some blanked: no line holds more pipes than the whole text.
        for index in range(start, end) if self.source.text.count("|") > WIDE_ROW else ():
            line = lines[index]
            if line.count("|") > WIDE_ROW:
                row = narrowed_row(line, WIDE_ROW + 1)
                if row is not None:
                    narrowed[index] = line
                    lines[index] = row
        if not narrowed:
            return self._parse_lines(lines, start, end, references)
        try:
            tokens, columns = self._parse_lines(lines, start, end, references)
        finally:
            for index, line in narrowed.items():
                lines[index] = line
        widths = narrowed_tables(tokens, lines, narrowed, end)
        if widths is None:
            del tokens, columns
            return self._parse_lines(lines, start, end, references)
        self._wide_tables.update(widths)
        self._inline_env = {"references": references}
        return tokens, columns

    def _split_candidate(self, lines: list[str], line: int, loose: bool) -> int | None:
        """The first line at or after ``line`` that could start a top-level heading or list item; with
        ``loose`` also one that could start a top-level paragraph (text at the margin after a blank line)
        or be a body row of a top-level table (a pipe row after another)."""
        for index in range(line, len(lines)):
            text = lines[index]
            if _PIECE_START.match(text):
                return index
            if loose and index and (_starts_paragraph(text, lines[index - 1])
                                    or (_TABLE_ROW.match(text) and _TABLE_ROW.match(lines[index - 1]))):
                return index
        return None

    def _parse_lines(self, lines: list[str], start: int, end: int,
                     references: dict[str, object]) -> tuple[list[Token], dict[int, int]]:
        """The tokens of lines [start, end), their line numbers made the document's."""
        env: dict[str, Any] = {"references": references}
        tokens = markdown_parser().parse("\n".join(lines[start:end]), env)
        columns = env.get(CONTENT_COLUMNS, {})
        if not start and end <= _SHARED_INTS:
            return tokens, columns  # the document's numbers already, each one int object (see below)
        # Line numbers made the document's, one int object per line: an item, its paragraph and the
        # next item all keep the number of a line, and a 4 MB timeline kept 3 ints (96 bytes) per line.
        numbers: dict[int, int] = {}
        for token in tokens:
            if token.map:
                first, last = token.map
                token.map = [numbers.setdefault(first, first + start), numbers.setdefault(last, last + start)]
        if start:
            columns = {line + start: column for line, column in columns.items()}
        return tokens, columns

    # -- token walk -----------------------------------------------------------------------------

    def _walk(self, tokens: list[Token]) -> None:
        doc = self.doc
        item_stack: list[int] = []
        ordered_stack: list[bool] = []
        quote_depth = 0
        table: Table | None = None
        width: int | None = None  # the header's cells, when markdown-it read the table narrowed
        resumed, self._open_table = self._open_table, None
        row: list[Cell] | None = None
        in_header = False
        pending_heading: Token | None = None
        # Each token is dropped from the list once read, so a token (and an inline token's children) is
        # freed while the views grow: the whole token list and the whole document are never alive together.
        for position in range(len(tokens)):
            token = tokens[position]
            tokens[position] = None  # type: ignore[call-overload]
            kind = token.type
            # The branches below test distinct kinds, so their order changes nothing: the most frequent
            # come first, and the kinds no branch reads (paragraph_open, td_open, ...: half the tokens of a
            # list or table) skip the chain at one set lookup.
            if kind == "inline":
                self._inline(token, pending_heading, item_stack, quote_depth, table, row)
                pending_heading = None
            elif kind not in _WALKED_KINDS:
                continue
            elif kind == "list_item_open":
                parent = item_stack[-1] if item_stack else None
                first, end = token.map or (0, 0)
                item = ListItem(index=len(doc.list_items), depth=len(item_stack),
                                ordered=bool(ordered_stack and ordered_stack[-1]),
                                first_line=first, end_line=end, parent=parent)
                doc.list_items.append(item)
                if parent is not None:
                    doc.list_items[parent].children.append(item.index)
                item_stack.append(item.index)
            elif kind == "list_item_close":
                item_stack.pop()
            elif kind == "tr_open":
                row = [] if table is not None else None
                self._row_cells = self._split_row(token.map[0]) if token.map else []
                self._row_lines = (token.map[0], token.map[0] + 1) if token.map else (0, 1)
            elif kind == "tr_close":
                if table is not None and row is not None:
                    if width is not None and len(row) < width:
                        self._complete_row(row, width, table, quote_depth)
                    if in_header:
                        table.header = row
                    else:
                        table.rows.append(row)
                row = None
            elif kind == "heading_open":
                pending_heading = token
            elif kind in ("bullet_list_open", "ordered_list_open"):
                ordered_stack.append(kind == "ordered_list_open")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                ordered_stack.pop()
            elif kind == "blockquote_open":
                quote_depth += 1
            elif kind == "blockquote_close":
                quote_depth -= 1
            elif kind == "table_open":
                first, end = token.map or (0, 0)
                if resumed is not None:  # the rows of a table cut into pieces (see _parse_piece)
                    table, resumed = resumed, None
                    table.end_line = end
                    continue
                table = Table(index=len(doc.tables), first_line=first, end_line=end, header=[])
                doc.tables.append(table)
                width = self._wide_tables.pop(first, None)
            elif kind == "table_close":
                table = None
            elif kind == "thead_open":
                in_header = True
            elif kind == "thead_close":
                in_header = False
            elif kind in ("fence", "code_block") and token.map:
                doc.code_lines.update(range(token.map[0], token.map[1]))
            elif kind == "html_block" and token.map:
                self._collect_comments(self.source.offset(token.map[0]), token.map[1])
                if not _only_comments(token.content):
                    doc.html_lines.update(range(token.map[0], token.map[1]))  # "<table>...", "<details>": content
        self._open_table = table  # still open when the piece was cut before one of its rows

    def _inline(self, token: Token, heading: Token | None, item_stack: list[int], quote_depth: int,
                table: Table | None, row: list[Cell] | None) -> None:
        doc = self.doc
        first, end = token.map or (0, 1)
        if "<!--" in token.content:  # an html_inline child's content is a piece of the token's
            search_from = -1  # the line's offset, once a comment is found
            for child in token.children or []:
                if child.type == "html_inline" and child.content.startswith("<!--"):
                    if search_from == -1:
                        search_from = self.source.offset(first)
                    search_from = self._collect_inline_comment(child.content, search_from, end)
        if row is not None and table is not None:
            column = len(row)
            raw = self._row_cells[column] if column < len(self._row_cells) else RawText()
            segment = self._segment(raw, token)
            # The row's line numbers, shared by its cells (a cell is on its row's line).
            first, end = self._row_lines
            cell = Cell(index=len(doc.blocks), kind="cell", segment=segment, first_line=first, end_line=end,
                        in_blockquote=quote_depth > 0, table=table.index, column=column)
            row.append(cell)
            doc.blocks.append(cell)
            return
        if heading is not None:
            setext = heading.markup in ("=", "-")
            raw = self._raw_heading(token, setext)
            segment = self._segment(raw, token)
            level = int(heading.tag[1])
            doc.headings.append(Heading(level=level, segment=segment, line=first, setext=setext))
            doc.blocks.append(Block(index=len(doc.blocks), kind="heading", segment=segment,
                                    first_line=first, end_line=end, in_blockquote=quote_depth > 0))
            return
        raw = self._raw_lines(token.content, first)
        item_index = item_stack[-1] if item_stack else None
        segment = self._segment(raw, token)
        if item_index is not None:
            item = doc.list_items[item_index]
            if item.segment is None:
                item.segment = segment
                _apply_task_marker(item, segment)
        doc.blocks.append(Block(index=len(doc.blocks), kind="paragraph", segment=segment, first_line=first,
                                end_line=end, list_item=item_index, in_blockquote=quote_depth > 0))

    def _segment(self, raw: RawText, token: Token) -> ProseSegment:
        """The prose of an inline token whose raw source is ``raw``; children the parse left unmade (a
        paragraph of plain lines) are made one at a time as the walk reads them."""
        deferred = mdparser.deferred_children(token)
        if deferred is not None:
            return build_streamed_segment(self.source, raw, deferred)
        return build_segment(self.source, raw, token.children or [])

    def _complete_row(self, row: list[Cell], width: int, table: Table, quote_depth: int) -> None:
        """Add the cells markdown-it did not read of a row of a narrowed table: each cell's content as its
        table rule takes it from the line (an empty cell when the row is short), parsed inline by
        markdown-it's own core rules from ``inline`` on, as one parse does."""
        line, end = self._row_lines
        cells = row_cells(self._line_as_parsed(line))
        parser = markdown_parser()
        for column in range(len(row), width):
            token = Token("inline", "", 0, map=[line, end], children=[],
                          content=cells[column].strip(CELL_TRIM) if column < len(cells) else "")
            state = StateCore("", parser, self._inline_env, [token])
            for rule in inline_core_rules():
                rule(state)
            self._inline(token, None, [], quote_depth, table, row)

    # -- mapping raw inline content back to the source ------------------------------------------

    def _line_as_parsed(self, index: int) -> str:
        """A source line as markdown-it sees it: it replaces NUL with U+FFFD (one character for one).

        Taken from the lines build() parses, which are the source's but for the blanked front matter (an
        empty line there is read from the source: the same text when it was blank already)."""
        line = self._lines[index] if index < len(self._lines) else ""
        if not line:
            line = self.source.line_text(index)
        return line.replace("\x00", "\ufffd") if "\x00" in line else line

    def _raw_lines(self, content: str, first_line: int) -> RawText:
        """Locate each line of a paragraph's content in its source line (after container markers)."""
        raw = RawText()
        content_lines = content.split("\n")
        last = len(content_lines) - 1
        line_starts = self.source.line_starts
        for number, piece in enumerate(content_lines):
            index = first_line + number
            if index >= len(line_starts):
                break
            line = self._line_as_parsed(index)
            ending = "\n" if number < last else ""
            # Leading blanks of the content may not be the source's (markdown-it turns a tab that is
            # partly indentation into spaces): locate the text after them, and map them before it.
            lead = len(piece) - len(piece.lstrip(" \t"))
            if lead:
                column = _locate_suffix(line, piece[lead:])
                raw.add(piece[:lead], line_starts[index] + max(0, column - lead))
                raw.add(piece[lead:] + ending, line_starts[index] + column)
            else:
                raw.add(piece + ending, line_starts[index] + _locate_suffix(line, piece))
        return raw

    def _raw_heading(self, token: Token, setext: bool) -> RawText:
        first = token.map[0] if token.map else 0
        if setext:
            return self._raw_lines(token.content, first)
        raw = RawText()
        line = self._line_as_parsed(first)
        # Start after any block quote or list marker, so "> # a" or "1. # 1" find the right "a"/"1".
        content = self._content_columns.get(first, 0)
        opening = _ATX_OPEN.match(line[content:])
        start = content + (opening.end() if opening else 0)
        column = line.find(token.content, start) if token.content else start
        raw.add(token.content, self.source.offset(first, column if column != -1 else start))
        return raw

    def _split_row(self, line_index: int) -> _RowCells:
        """Cells of a table row as raw text with positions, split the way markdown-it splits them.

        The row starts after any container markers (``> | a |``). A pipe right after a backslash
        does not split and the backslash is not part of the cell, so each cell's raw text equals
        its inline token's content.
        """
        line = self._line_as_parsed(line_index)
        start = self._content_columns.get(line_index, 0)
        end = len(line.rstrip(CELL_TRIM))
        start = max(start, len(line) - len(line[start:].lstrip(CELL_TRIM)))
        cells = _RowCells(line, self.source.offset(line_index))
        cell_start = start
        index = line.find("|", start, end)
        while index != -1:
            if index > start and line[index - 1] == "\\":
                cells.escape(index - 1)
            else:
                cells.add(cell_start, index)
                cell_start = index + 1
            index = line.find("|", index + 1, end)
        cells.add(cell_start, end)
        cells.drop_empty_ends()
        return cells

    # -- comments -------------------------------------------------------------------------------

    def _collect_comments(self, start_offset: int, end_line: int) -> None:
        end_offset = self.source.line_starts[end_line] if end_line < self.source.line_count else len(self.source.text)
        chunk = self.source.text[start_offset:end_offset]
        for match in _HTML_COMMENT.finditer(chunk):
            if match.group(1) is None:
                break  # unclosed: not a comment
            comment = Comment(match.group(1), start_offset + match.start(), start_offset + match.end())
            self._comments_seen.add(comment)
            self.doc.comments.append(comment)

    def _collect_inline_comment(self, content: str, start: int, end: int) -> int:
        """Record an inline comment found from offset ``start``; returns where to look for the next one.

        Searching on from the previous comment keeps two identical comments in one paragraph apart.
        """
        stop = self.source.line_starts[end] if end < self.source.line_count else len(self.source.text)
        position = self.source.text.find(content, start, stop + len(content))
        if position == -1:
            return start
        comment = Comment(content[4:-3] if content.endswith("-->") else content[4:], position, position + len(content))
        if comment not in self._comments_seen:
            self._comments_seen.add(comment)
            self.doc.comments.append(comment)
        return position + len(content)

    # -- sections -------------------------------------------------------------------------------

    def _label_headings(self) -> list[Heading]:
        """Bold labels that head a list ("**Action items**" above the items) as headings one level below
        any ATX or setext heading (7), so the section is found like any other; it ends where that list
        or table ends. ``headings`` keeps only Markdown's headings."""
        blocks = self.doc.blocks
        found = []
        for index, block in enumerate(blocks):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if is_label_heading(self.doc, block, following):
                found.append(Heading(level=LABEL_HEADING_LEVEL, segment=block.segment, line=block.first_line,
                                     setext=False))
        return found

    def _build_sections(self) -> None:
        doc = self.doc
        total = self.source.line_count
        root = Section(index=0, level=0, heading=None, first_line=0, end_line=total, parent=None)
        doc.sections.append(root)
        stack = [root]
        for heading in sorted([*doc.headings, *self._label_headings()], key=lambda heading: heading.line):
            while stack[-1].level >= heading.level:
                stack.pop().end_line = heading.line
            parent = stack[-1]
            section = Section(index=len(doc.sections), level=heading.level, heading=heading,
                              first_line=heading.line, end_line=total, parent=parent.index)
            parent.children.append(section.index)
            doc.sections.append(section)
            stack.append(section)
        for section in doc.sections:
            if section.level == LABEL_HEADING_LEVEL:
                section.end_line = min(section.end_line, self._list_end(section.body_first_line))
        doc.comments.sort(key=lambda comment: comment.start)

    def _list_end(self, line: int) -> int:
        """Where the list or table that starts at or after ``line`` ends (a label heading's section)."""
        doc = self.doc
        blocks = doc.blocks_between(line, self.source.line_count)
        if not blocks:
            return line
        first = blocks[0]
        if first.table is not None:
            return doc.tables[first.table].end_line
        if first.list_item is None:
            return first.end_line
        item = doc.list_items[first.list_item]
        while item.parent is not None:
            item = doc.list_items[item.parent]
        end = item.end_line
        for other in doc.list_items[item.index + 1:]:
            if other.depth == 0:
                if other.first_line > end:
                    break
                end = other.end_line
        return end


def _starts_paragraph(text: str, before: str) -> bool:
    """Whether a line could start a top-level paragraph: text at the margin after a blank line."""
    return bool(text[:1].strip()) and not before.strip()


def _cut_before(tokens: list[Token], line: int, text: str) -> int | None:
    """Where the top-level heading, paragraph, HTML block or list item that starts on ``line`` (``text``)
    opens in ``tokens``; None when nothing top-level starts there.

    Headings, paragraphs and HTML blocks (an HTML comment, say) at level 0 are opened by markdown-it's
    top-level loop, which tries its rules at ``line`` as a parse that starts there does. A paragraph here may be a setext heading or a table's
    first row in one parse (the next line makes it one): it still starts at ``line``, at the top level.
    A list item is opened by the list rule, which reads its items itself: a parse that starts at the item
    tries the table rule first, and a table would take an item with a pipe (``- a | b`` over ``---|---``)."""
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if token.map is None or token.map[0] != line:
            continue
        if token.type in ("heading_open", "paragraph_open", "html_block") and token.level == 0:
            return index
        if token.type == "list_item_open" and token.level == 1 and "|" not in text:
            return index
    return None


class _RowCells:
    """The cells of a table row: where each is in its line, made into raw text when the walk reads it.

    A row of 180,000 cells kept a RawText with three lists per cell, and a tuple and a list per cell
    while splitting, until the row had been read: two integers per cell now (the cell's first and end
    column, trimmed as markdown-it trims it) and the escaped pipes' backslashes of the cells that have one.
    """

    __slots__ = ("_line", "_line_offset", "_bounds", "_escapes", "_pending")

    def __init__(self, line: str, line_offset: int) -> None:
        self._line = line
        self._line_offset = line_offset
        self._bounds = array.array("q")  # first and end column of each cell, before trimming
        self._escapes: dict[int, list[int]] = {}  # cell number -> columns of backslashes left out
        self._pending: list[int] = []  # backslashes of the cell being split

    def escape(self, column: int) -> None:
        self._pending.append(column)

    def add(self, first: int, last: int) -> None:
        if self._pending:
            self._escapes[len(self)] = self._pending
            self._pending = []
        self._bounds.extend((first, last))

    def drop_empty_ends(self) -> None:
        """Drop an empty first and last cell: the outer pipes of ``| a | b |``."""
        bounds = self._bounds
        if len(bounds) >= 2 and bounds[0] == bounds[1]:
            del bounds[:2]
            self._escapes = {number - 1: columns for number, columns in self._escapes.items() if number}
        if len(bounds) >= 2 and bounds[-2] == bounds[-1]:
            self._escapes.pop(len(self) - 1, None)
            del bounds[-2:]

    def __len__(self) -> int:
        return len(self._bounds) // 2

    def __getitem__(self, number: int) -> RawText:
        line = self._line
        first, last = self._bounds[2 * number], self._bounds[2 * number + 1]
        text = line[first:last]
        first += len(text) - len(text.lstrip(CELL_TRIM))
        last = first + len(text.strip(CELL_TRIM))
        raw = RawText()
        escapes = self._escapes.get(number) if self._escapes else None
        if not escapes:  # the usual cell, no escaped pipe in it: the loop below would add it whole
            raw.add(line[first:last], self._line_offset + first)
            return raw
        for backslash in [*(column for column in escapes if first <= column < last), last]:
            raw.add(line[first:backslash], self._line_offset + first)
            first = backslash + 1
        return raw


def _locate_suffix(line: str, piece: str) -> int:
    """Column where ``piece`` (a line of inline content) starts within its source ``line``."""
    trimmed_line, trimmed_piece = line.rstrip(), piece.rstrip()
    if trimmed_piece and trimmed_line.endswith(trimmed_piece):
        return len(trimmed_line) - len(trimmed_piece)
    position = line.find(piece.strip()) if piece.strip() else -1
    if position != -1:
        return position
    return len(line) - len(line.lstrip())


def _apply_task_marker(item: ListItem, segment: ProseSegment) -> None:
    match = TASK.match(segment.text)
    if match:
        item.task = match.group(1) != " "
