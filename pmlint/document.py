"""The Document: one parse of a post-mortem, and the typed views every rule asks for.

A Document is built once per file. It holds the decoded source, the front matter, headings and the
section tree, leaf blocks with their prose, tables, list items, bold/colon labels and HTML comments.
Rules read these views; none of them re-parses Markdown.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from pmlint import mdparser
from pmlint.frontmatter import FrontMatter, split_front_matter
from pmlint.inline import RawText, build_segment
from pmlint.model import Span
from pmlint.prose import ProseSegment
from pmlint.sections import Catalog
from pmlint.source import Source

try:  # The whitespace markdown-it trims from table cells: CommonMark's from markdown-it-py 4 on.
    from markdown_it.common.utils import MD_TRIM_CHARS
    _CELL_TRIM: str | None = MD_TRIM_CHARS
except ImportError:  # pragma: no cover - markdown-it-py 3 trims cells with str.strip()
    _CELL_TRIM = None

_ATX_OPEN = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]*")
_TASK = re.compile(r"^\[([ xX])\]\s+")
# "Name: value" where the colon ends a word (so "14:05" and "https://" are not labels).
_LABEL_LINE = re.compile(r"^\s*(?:(?![\s:])|(?=[^\S\n]\n*:))(?P<name>[^:\n]{1,60}?)\s*:(?=\s|$)[ \t]*(?P<value>(?:[^ \t\n].*)?)$")
_LABEL_MAX_WORDS = 6
# The level of a section opened by a bold label above a list (deeper than any Markdown heading).
LABEL_HEADING_LEVEL = 7
T = TypeVar("T")
# An unclosed "<!--" matches to the end (group 1 None): nothing after it can close, and searching on
# from every later "<!--" for a "-->" that is not there was quadratic.
_HTML_COMMENT = re.compile(r"<!--(?:(.*?)-->|.*)", re.DOTALL)
# A long document is parsed in pieces of at least this many lines (see _Builder._parse_in_pieces).
_PIECE_LINES = 5_000
# A line that could start a top-level heading or list item, where a piece may end.
_PIECE_START = re.compile(r"#{1,6}(?:[ \t]|$)|[-+*][ \t]+\S|\d{1,9}[.)][ \t]+\S")
# Where recorded line content starts, in the ``env`` of a parse.
_CONTENT_COLUMNS = "pmlint_content_columns"
_WORD = re.compile(r"\w+")
_BlockRule = Callable[[StateBlock, int, int, bool], bool]


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    ruler = parser.block.ruler
    rules = dict(zip(ruler.get_active_rules(), ruler.getRules("")))
    for name in ("heading", "table"):
        rule = rules[name]
        # Keep the rule's place in the chains that let it interrupt paragraphs, quotes and lists.
        chains = [chain for chain in ("paragraph", "reference", "blockquote", "list") if rule in ruler.getRules(chain)]
        ruler.at(name, _recording_content_columns(rule), {"alt": chains})
    return mdparser.with_fast_paths(parser)


def _recording_content_columns(rule: _BlockRule) -> _BlockRule:
    """Wrap a block rule so the parse records the column where each of its lines' content starts.

    Only markdown-it knows where block quote markers and list indentation end (``bMarks + tShift``)
    and it puts no columns on tokens; ATX headings and table rows need them to find their text in
    lines such as ``> - | a | b |``.
    """
    def rule_with_columns(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        found = rule(state, start_line, end_line, silent)
        if found and not silent:
            columns = state.env.setdefault(_CONTENT_COLUMNS, {})
            for line in range(start_line, min(state.line, len(state.bMarks))):
                offset = state.bMarks[line] + state.tShift[line]
                columns[line] = offset - (state.src.rfind("\n", 0, offset) + 1)
        return found
    return rule_with_columns


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    segment: ProseSegment = field(compare=False, repr=False)
    line: int  # 0-based line of the heading text
    setext: bool

    @property
    def text(self) -> str:
        return " ".join(self.segment.text.split())

    @property
    def span(self) -> Span:
        return self.segment.span()


@dataclass(slots=True)
class ListItem:
    """One list item. ``segment`` is its first paragraph; nested items are ``children``."""

    index: int
    depth: int  # 0 for a top-level item
    ordered: bool
    first_line: int
    end_line: int  # exclusive
    parent: int | None
    task: bool | None = None  # None: not a task; False: "[ ]"; True: "[x]"
    segment: ProseSegment | None = None
    children: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Block:
    """A leaf block with prose: a paragraph, heading or table cell."""

    index: int
    kind: str  # "paragraph", "heading" or "cell"
    segment: ProseSegment
    first_line: int
    end_line: int  # exclusive
    list_item: int | None = None
    in_blockquote: bool = False
    table: int | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    segment: ProseSegment = field(compare=False, repr=False)
    line: int
    column: int  # 0-based column index within the row

    @property
    def text(self) -> str:
        return " ".join(self.segment.text.split())


@dataclass
class Table:
    index: int
    first_line: int
    end_line: int
    header: list[Cell]
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Comment:
    """An HTML comment outside code: its inner text and where it is."""

    body: str
    start: int  # source offsets
    end: int


@dataclass(frozen=True, slots=True)
class Label:
    """A line that starts with a short name and a colon (``Impact: ...``) or is wholly bold.

    Real post-mortems use these instead of headings: ``**Impact**: 300 users``, ``- Duration: 2h``,
    or a metadata table row ``| **Root cause** | ... |``.
    """

    name: str
    name_span: Span
    value: str
    value_span: Span | None
    block: int
    line: int
    deliberate: bool = False  # bold, or a row of a two-column key/value table


@dataclass
class Section:
    """A heading and everything up to the next heading of the same or a higher level."""

    index: int
    level: int  # 0 for the document root (text before the first heading)
    heading: Heading | None
    first_line: int  # the heading's line (0 for the root)
    end_line: int  # exclusive
    parent: int | None
    children: list[int] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.heading.text if self.heading else ""

    @property
    def body_first_line(self) -> int:
        return self.heading.line + 1 if self.heading else self.first_line


class Document:
    """A parsed post-mortem. Build with :meth:`parse`."""

    def __init__(self, source: Source, catalog: Catalog) -> None:
        self.source = source
        self.path = source.path
        self.catalog = catalog
        self.front_matter: FrontMatter | None = None
        self.headings: list[Heading] = []
        self.sections: list[Section] = []
        self.blocks: list[Block] = []
        self.list_items: list[ListItem] = []
        self.tables: list[Table] = []
        self.comments: list[Comment] = []
        self.code_lines: set[int] = set()
        self._views: dict[str, object] = {}

    def view(self, key: str, build: Callable[[Document], T]) -> T:
        """A derived view (timeline entries, action items...) built once and shared by every rule."""
        if key not in self._views:
            self._views[key] = build(self)
        return self._views[key]  # type: ignore[return-value]

    @property
    def block_words(self) -> list[frozenset[str]]:
        """The lower-cased words of each block's prose, in the order of ``blocks``."""
        return self.view("block-words", lambda doc: [frozenset(map(str.lower, _WORD.findall(block.segment.text)))
                                                     for block in doc.blocks])

    @property
    def _word_blocks(self) -> dict[str, list[int]]:
        """Each lower-cased word of the prose -> the blocks it is in, in order. One index for the document
        rather than a set of words per block: a set per block took more memory than the block."""
        def build(doc: Document) -> dict[str, list[int]]:
            index: dict[str, list[int]] = {}
            for block in doc.blocks:
                for word in set(map(str.lower, _WORD.findall(block.segment.text))):
                    index.setdefault(word, []).append(block.index)
            return index
        return self.view("word-blocks", build)

    @property
    def prose_words(self) -> frozenset[str]:
        """The lower-cased words of every block's prose: a set lookup tells a rule whether a wordlist could match."""
        return self.view("prose-words", lambda doc: frozenset(doc._word_blocks))

    def blocks_with_words(self, words: frozenset[str] | None) -> list[Block]:
        """The blocks whose prose has one of ``words`` (lower-cased): the only ones a wordlist whose entries
        start with these words can match in. Every block when ``words`` is None (no prefilter possible)."""
        if words is None:
            return self.blocks
        index = self._word_blocks
        found: set[int] = set()
        for word in words:
            found.update(index.get(word, ()))
        return [self.blocks[number] for number in sorted(found)]

    @classmethod
    def parse(cls, source: Source, catalog: Catalog) -> Document:
        document = cls(source, catalog)
        _Builder(document).build()
        return document

    # -- section views --------------------------------------------------------------------------

    @property
    def root(self) -> Section:
        return self.sections[0]

    @functools.cached_property
    def _section_keys(self) -> list[frozenset[str]]:
        return [self.catalog.keys_for(section.title) if section.heading else frozenset()
                for section in self.sections]

    def find_sections(self, key: str) -> list[Section]:
        """Sections whose heading matches the canonical section ``key`` through its aliases."""
        return [section for section, keys in zip(self.sections, self._section_keys) if key in keys]

    def outermost_sections(self, key: str) -> list[Section]:
        """Sections matching ``key`` that are not inside another matching section (one per incident)."""
        outermost: list[Section] = []
        for section in self.find_sections(key):  # in document order; sections nest or do not overlap
            if not (outermost and outermost[-1].first_line < section.first_line < outermost[-1].end_line):
                outermost.append(section)
        return outermost

    @functools.cached_property
    def labels(self) -> list[Label]:
        return _extract_labels(self)

    def find_labels(self, key: str, within: Section | None = None) -> list[Label]:
        """Labels (``**Impact**: ...``) whose name matches ``key``, optionally inside a section."""
        spec = self.catalog.section(key)
        # Found once per key, in line order, so the labels of a section are a slice: looking through
        # every label of the document for each section was quadratic.
        found: list[Label] = self.view("labels:" + key, lambda doc: [label for label in doc.labels
                                                                    if spec.names_label(label.name)])
        if within is None:
            return list(found)
        lines: list[int] = self.view("label-lines:" + key, lambda doc: [label.line for label in found])
        return found[bisect.bisect_left(lines, within.first_line):bisect.bisect_left(lines, within.end_line)]

    def has_code_between(self, first_line: int, end_line: int) -> bool:
        """Whether a line in [first_line, end_line) is inside fenced or indented code."""
        lines: list[int] = self.view("code-lines", lambda doc: sorted(doc.code_lines))
        position = bisect.bisect_left(lines, first_line)
        return position < len(lines) and lines[position] < end_line

    def blocks_in(self, section: Section, include_heading: bool = False) -> list[Block]:
        start = section.first_line if include_heading else section.body_first_line
        return self.blocks_between(start, section.end_line)

    def blocks_between(self, first_line: int, end_line: int) -> list[Block]:
        """Blocks that start on a line in [first_line, end_line), in document order."""
        starts = self._block_starts
        return self.blocks[bisect.bisect_left(starts, first_line):bisect.bisect_left(starts, end_line)]

    @functools.cached_property
    def _block_starts(self) -> list[int]:
        return [block.first_line for block in self.blocks]  # non-decreasing: blocks are in document order

    def label_body(self, label: Label) -> list[Block]:
        """Blocks that carry a label's value when its own line has none (``**Impact**`` then a list)."""
        owner = self.blocks[label.block]
        body: list[Block] = []
        if owner.list_item is not None:
            item = self.list_items[owner.list_item]
            return [block for block in self.blocks
                    if block.index != owner.index and item.first_line <= block.first_line < item.end_line]
        label_lines = {other.line for other in self.labels}
        for block in self.blocks[label.block + 1:]:
            if block.kind == "heading" or block.first_line in label_lines:
                break
            body.append(block)
        return body

    @property
    def title_span(self) -> Span:
        """Where document-level findings point: the first heading, else the first non-blank line."""
        if self.headings and self.headings[0].level == 1:
            return self.headings[0].span
        start = self.front_matter.last_line + 1 if self.front_matter else 0
        for index in range(start, self.source.line_count):
            if self.source.line_text(index).strip():
                return self.source.line_span(index)
        return Span(1, 1, 1, 1)


class _Builder:
    """Turns markdown-it's token stream into the Document's views."""

    def __init__(self, document: Document) -> None:
        self.doc = document
        self.source = document.source
        self._content_columns: dict[int, int] = {}
        self._row_cells: list[RawText] = []
        self._comments_seen: set[Comment] = set()

    def build(self) -> None:
        doc = self.doc
        lines = self.source.lines  # a new list: the front matter is blanked in it, not in the source
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
        of at least ``_PIECE_LINES`` lines, each ending where a top-level heading or list item starts:
        there nothing before it can continue, and the parse of what follows starts afresh. A piece is
        parsed up to and including that line and kept only when the line did start a top-level heading
        or list item; when it did not (it is inside a fence, say), the rest is parsed in one piece.
        Link reference definitions apply to the whole document, so no piece ends before the last
        line that could hold one.
        """
        references: dict[str, object] = {}
        start = 0
        total = len(lines)
        last_definition = next((index for index in range(total - 1, -1, -1) if "]:" in lines[index]), -1)
        while start < total:
            split = self._split_candidate(lines, max(start + _PIECE_LINES, last_definition + 1))
            if split is not None:
                tokens, columns = self._parse_lines(lines, start, split + 1, references)
                cut = _cut_before(tokens, split)
                if cut is not None:
                    del tokens[cut:]
                    self._content_columns = columns
                    yield tokens
                    start = split
                    continue
                del tokens, columns
            tokens, self._content_columns = self._parse_lines(lines, start, total, references)
            yield tokens
            return

    def _split_candidate(self, lines: list[str], line: int) -> int | None:
        """The first line at or after ``line`` that could start a top-level heading or list item."""
        for index in range(line, len(lines)):
            if _PIECE_START.match(lines[index]):
                return index
        return None

    def _parse_lines(self, lines: list[str], start: int, end: int,
                     references: dict[str, object]) -> tuple[list[Token], dict[int, int]]:
        """The tokens of lines [start, end), their line numbers made the document's."""
        env: dict[str, Any] = {"references": references}
        tokens = _parser().parse("\n".join(lines[start:end]), env)
        columns = env.get(_CONTENT_COLUMNS, {})
        if start:
            for token in tokens:
                if token.map:
                    token.map = [token.map[0] + start, token.map[1] + start]
            columns = {line + start: column for line, column in columns.items()}
        return tokens, columns

    # -- token walk -----------------------------------------------------------------------------

    def _walk(self, tokens: list[Token]) -> None:
        doc = self.doc
        item_stack: list[int] = []
        ordered_stack: list[bool] = []
        quote_depth = 0
        table: Table | None = None
        row: list[Cell] | None = None
        in_header = False
        pending_heading: Token | None = None
        # Each token is dropped from the list once read, so a token (and an inline token's children) is
        # freed while the views grow: the whole token list and the whole document are never alive together.
        for position in range(len(tokens)):
            token = tokens[position]
            tokens[position] = None  # type: ignore[call-overload]
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                ordered_stack.append(kind == "ordered_list_open")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                ordered_stack.pop()
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
            elif kind == "blockquote_open":
                quote_depth += 1
            elif kind == "blockquote_close":
                quote_depth -= 1
            elif kind == "heading_open":
                pending_heading = token
            elif kind == "table_open":
                first, end = token.map or (0, 0)
                table = Table(index=len(doc.tables), first_line=first, end_line=end, header=[])
                doc.tables.append(table)
            elif kind == "table_close":
                table = None
            elif kind == "thead_open":
                in_header = True
            elif kind == "thead_close":
                in_header = False
            elif kind == "tr_open":
                row = [] if table is not None else None
                self._row_cells = self._split_row(token.map[0]) if token.map else []
            elif kind == "tr_close":
                if table is not None and row is not None:
                    if in_header:
                        table.header = row
                    else:
                        table.rows.append(row)
                row = None
            elif kind in ("fence", "code_block") and token.map:
                doc.code_lines.update(range(token.map[0], token.map[1]))
            elif kind == "html_block" and token.map:
                self._collect_comments(self.source.offset(token.map[0]), token.map[1])
            elif kind == "inline":
                self._inline(token, pending_heading, item_stack, quote_depth, table, row)
                pending_heading = None

    def _inline(self, token: Token, heading: Token | None, item_stack: list[int], quote_depth: int,
                table: Table | None, row: list[Cell] | None) -> None:
        doc = self.doc
        first, end = token.map or (0, 1)
        children = token.children or []
        search_from = self.source.offset(first)
        for child in children:
            if child.type == "html_inline" and child.content.startswith("<!--"):
                search_from = self._collect_inline_comment(child.content, search_from, end)
        if row is not None and table is not None:
            column = len(row)
            raw = self._row_cells[column] if column < len(self._row_cells) else RawText()
            segment = build_segment(self.source, raw, children)
            row.append(Cell(segment=segment, line=first, column=column))
            doc.blocks.append(Block(index=len(doc.blocks), kind="cell", segment=segment, first_line=first,
                                    end_line=first + 1, in_blockquote=quote_depth > 0, table=table.index))
            return
        if heading is not None:
            setext = heading.markup in ("=", "-")
            raw = self._raw_heading(token, setext)
            segment = build_segment(self.source, raw, children)
            level = int(heading.tag[1])
            doc.headings.append(Heading(level=level, segment=segment, line=first, setext=setext))
            doc.blocks.append(Block(index=len(doc.blocks), kind="heading", segment=segment,
                                    first_line=first, end_line=end, in_blockquote=quote_depth > 0))
            return
        raw = self._raw_lines(token.content, first)
        item_index = item_stack[-1] if item_stack else None
        segment = build_segment(self.source, raw, children)
        if item_index is not None:
            item = doc.list_items[item_index]
            if item.segment is None:
                item.segment = segment
                _apply_task_marker(item, segment)
        doc.blocks.append(Block(index=len(doc.blocks), kind="paragraph", segment=segment, first_line=first,
                                end_line=end, list_item=item_index, in_blockquote=quote_depth > 0))

    # -- mapping raw inline content back to the source ------------------------------------------

    def _line_as_parsed(self, index: int) -> str:
        """A source line as markdown-it sees it: it replaces NUL with U+FFFD (one character for one)."""
        return self.source.line_text(index).replace("\x00", "\ufffd")

    def _raw_lines(self, content: str, first_line: int) -> RawText:
        """Locate each line of a paragraph's content in its source line (after container markers)."""
        raw = RawText()
        content_lines = content.split("\n")
        for number, piece in enumerate(content_lines):
            index = first_line + number
            if index >= self.source.line_count:
                break
            line = self._line_as_parsed(index)
            ending = "\n" if number < len(content_lines) - 1 else ""
            # Leading blanks of the content may not be the source's (markdown-it turns a tab that is
            # partly indentation into spaces): locate the text after them, and map them before it.
            lead = len(piece) - len(piece.lstrip(" \t"))
            column = _locate_suffix(line, piece[lead:])
            if lead:
                raw.add(piece[:lead], self.source.offset(index, max(0, column - lead)))
            raw.add(piece[lead:] + ending, self.source.offset(index, column))
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

    def _split_row(self, line_index: int) -> list[RawText]:
        """Cells of a table row as raw text with positions, split the way markdown-it splits them.

        The row starts after any container markers (``> | a |``). A pipe right after a backslash
        does not split and the backslash is not part of the cell, so each cell's raw text equals
        its inline token's content.
        """
        line = self._line_as_parsed(line_index)
        start = self._content_columns.get(line_index, 0)
        end = len(line.rstrip(_CELL_TRIM))
        start = max(start, len(line) - len(line[start:].lstrip(_CELL_TRIM)))
        # (first column, last column, escaped-pipe backslash columns) of each cell
        cells: list[tuple[int, int, list[int]]] = []
        cell_start, escapes = start, []
        for index in range(start, end):
            if line[index] != "|":
                continue
            if index > start and line[index - 1] == "\\":
                escapes.append(index - 1)
                continue
            cells.append((cell_start, index, escapes))
            cell_start, escapes = index + 1, []
        cells.append((cell_start, end, escapes))
        if cells and cells[0][0] == cells[0][1]:
            cells.pop(0)
        if cells and cells[-1][0] == cells[-1][1]:
            cells.pop()
        result: list[RawText] = []
        for first, last, skipped in cells:
            text = line[first:last]
            first += len(text) - len(text.lstrip(_CELL_TRIM))
            last = first + len(text.strip(_CELL_TRIM))
            raw = RawText()
            for backslash in [*(column for column in skipped if first <= column < last), last]:
                raw.add(line[first:backslash], self.source.offset(line_index, first))
                first = backslash + 1
            result.append(raw)
        return result

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
            if _is_label_heading(self.doc, block, following):
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


def _cut_before(tokens: list[Token], line: int) -> int | None:
    """Where the top-level heading or list item that starts on ``line`` opens in ``tokens``;
    None when nothing top-level starts there."""
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if token.map is None or token.map[0] != line:
            continue
        if token.type == "heading_open" and token.level == 0:
            return index
        if token.type == "list_item_open" and token.level == 1:
            return index
    return None


def _is_label_heading(doc: Document, block: Block, following: Block | None) -> bool:
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
    match = _TASK.match(segment.text)
    if match:
        item.task = match.group(1) != " "


def _extract_labels(doc: Document) -> list[Label]:
    labels: list[Label] = []
    for table in doc.tables:
        for row in table.rows + [table.header]:
            if len(row) < 2 or not row[0].text or len(row[0].text.split()) > _LABEL_MAX_WORDS:
                continue
            name = row[0].text.rstrip(":").strip()
            value_cells = [cell for cell in row[1:] if cell.text]
            value = " ".join(cell.text for cell in value_cells)
            labels.append(Label(name=name, name_span=row[0].segment.span(), value=value,
                                value_span=value_cells[0].segment.span() if value_cells else None,
                                block=-1, line=row[0].line, deliberate=len(table.header) == 2))
    for block in doc.blocks:
        if block.kind != "paragraph":
            continue
        segment = block.segment
        offset = 0
        for number, line in enumerate(segment.text.split("\n")):
            label = _line_label(doc, block, segment, line, offset, block.first_line + number)
            if label is not None:
                labels.append(label)
            offset += len(line) + 1
    labels.sort(key=lambda label: (label.line, label.name_span.column))
    first_cell_block: dict[int, int] = {}
    for block in doc.blocks:
        if block.kind == "cell":
            first_cell_block.setdefault(block.first_line, block.index)
    return [label if label.block != -1 else dataclasses.replace(label, block=first_cell_block.get(label.line, -1))
            for label in labels]


def _line_label(doc: Document, block: Block, segment: ProseSegment, line: str, offset: int,
                line_number: int) -> Label | None:
    text = line
    lead = 0
    if block.list_item is not None and doc.list_items[block.list_item].task is not None and offset == 0:
        task = _TASK.match(text)
        if task:
            lead = task.end()
    body = text[lead:]
    match = _LABEL_LINE.match(body)
    if match and len(match.group("name").split()) <= _LABEL_MAX_WORDS:
        name_start = offset + lead + match.start("name")
        name_end = offset + lead + match.end("name")
        value = match.group("value").strip()
        value_start = offset + lead + match.start("value")
        name_span = segment.span(name_start, name_end)
        return Label(name=match.group("name").strip(), name_span=name_span,
                     value=value, value_span=segment.span(value_start, offset + len(line)) if value else None,
                     block=block.index, line=name_span.line - 1, deliberate=segment.is_strong(name_start, name_end))
    stripped = body.strip()
    if stripped and len(stripped.split()) <= _LABEL_MAX_WORDS:
        start = offset + lead + (len(body) - len(body.lstrip()))
        end = start + len(stripped)
        if segment.is_strong(start, end):
            span = segment.span(start, end)
            return Label(name=stripped, name_span=span, value="", value_span=None, block=block.index,
                         line=span.line - 1, deliberate=True)
    return None

