"""The Document: one parse of a post-mortem, and the typed views every rule asks for.

A Document is built once per file. It holds the decoded source, the front matter, headings and the
section tree, leaf blocks with their prose, tables, list items, bold/colon labels and HTML comments.
Rules read these views; none of them re-parses Markdown.
"""
from __future__ import annotations

import array
import bisect
import functools
import importlib
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from pmlint.reading import mdparser
from pmlint.reading.frontmatter import FrontMatter, split_front_matter
from pmlint.reading.inline import RawText, build_segment, build_streamed_segment
from pmlint.model import Span
from pmlint.reading.prose import ProseSegment
from pmlint.reading.sections import Catalog
from pmlint.reading.source import Source

from markdown_it.rules_block.table import escapedSplit

try:  # The whitespace markdown-it trims from table cells: CommonMark's from markdown-it-py 4 on.
    from markdown_it.common.utils import MD_TRIM_CHARS
    _CELL_TRIM: str | None = MD_TRIM_CHARS
except ImportError:  # pragma: no cover - markdown-it-py 3 trims cells with str.strip()
    _CELL_TRIM = None

# The module of markdown-it's table rule (``rules_block.table`` is the rule function of that name).
_TABLE_RULE = importlib.import_module("markdown_it.rules_block.table")
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
# Candidate lines that started nothing a piece may end before, after which only headings and list items are.
_FAILED_CUTS = 2
# Cells of a table row beyond which markdown-it reads the row narrowed (see _Builder._parse_narrowed).
_WIDE_ROW = 2_000
# A line that could be a row of a top-level table (where a piece may end too, when the line before is one).
_TABLE_ROW = re.compile(r" {0,3}\|")
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
    return mdparser.with_fast_paths(parser, defer_plain_lines=True)


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
        return _single_spaced(self.segment.text)

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


@dataclass(slots=True)
class Cell(Block):
    """A table cell: the cell's block itself (``kind`` "cell"), in ``Document.blocks`` and in its row.

    One object for both: a Cell beside a Block with the same segment and line cost 56 bytes a cell."""

    column: int = 0  # 0-based column index within the row

    @property
    def line(self) -> int:
        return self.first_line

    @property
    def text(self) -> str:
        return _single_spaced(self.segment.text)


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

    The spans are found when asked for, from the segments the name and value are in: a document has a
    label per row of a two-column table, and few of them name a section (two spans kept per label
    were two thirds of its memory).
    """

    name: str
    value: str
    block: int
    line: int
    deliberate: bool  # bold, or a row of a two-column key/value table
    # Where the name and value are: a segment and the range of its text (None: to the segment's end).
    name_in: ProseSegment = field(compare=False, repr=False)
    name_start: int = field(compare=False, repr=False)
    name_end: int | None = field(compare=False, repr=False)
    value_in: ProseSegment | None = field(compare=False, repr=False)  # None when there is no value
    value_start: int = field(default=0, compare=False, repr=False)
    value_end: int | None = field(default=None, compare=False, repr=False)

    @property
    def name_span(self) -> Span:
        return self.name_in.span(self.name_start, self.name_end)

    @property
    def value_span(self) -> Span | None:
        return self.value_in.span(self.value_start, self.value_end) if self.value_in is not None else None


@dataclass(slots=True)
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
    def _word_blocks(self) -> dict[str, int | list[int]]:
        """Each lower-cased word of the prose -> the blocks it is in, in order: the block's number when it
        is in one block only (most numbers and names are), else a list. One index for the document rather
        than a set of words per block: a set per block took more memory than the block."""
        def build(doc: Document) -> dict[str, int | list[int]]:
            index: dict[str, int | list[int]] = {}
            for block in doc.blocks:
                for word in set(map(str.lower, _WORD.findall(block.segment.text))):
                    held = index.get(word)
                    if held is None:
                        index[word] = block.index
                    elif isinstance(held, int):
                        index[word] = [held, block.index]
                    else:
                        held.append(block.index)
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
            held = index.get(word)
            if isinstance(held, int):
                found.add(held)
            elif held is not None:
                found.update(held)
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

    @functools.cached_property
    def _sections_by_key(self) -> dict[str, list[Section]]:
        """Each canonical section key -> the sections whose heading matches it, in document order: the rules
        ask for sections by key some fifty times, and a document may have 100,000s of headings."""
        found: dict[str, list[Section]] = {}
        for section, keys in zip(self.sections, self._section_keys):
            for key in keys:
                found.setdefault(key, []).append(section)
        return found

    def find_sections(self, key: str) -> list[Section]:
        """Sections whose heading matches the canonical section ``key`` through its aliases."""
        return list(self._sections_by_key.get(key, ()))

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


# The kinds of block token _Builder._walk reads, besides "inline"; it passes over the others.
_WALKED_KINDS = frozenset({
    "list_item_open", "list_item_close", "tr_open", "tr_close", "heading_open", "bullet_list_open",
    "ordered_list_open", "bullet_list_close", "ordered_list_close", "blockquote_open", "blockquote_close",
    "table_open", "table_close", "thead_open", "thead_close", "fence", "code_block", "html_block"})


class _Builder:
    """Turns markdown-it's token stream into the Document's views."""

    def __init__(self, document: Document) -> None:
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
        of at least ``_PIECE_LINES`` lines, each ending where a top-level heading, list item or paragraph
        starts: there nothing before it can continue, and the parse of what follows starts afresh. A
        piece is parsed up to and including that line and kept only when the line did start one of them
        (``_cut_before``). Link reference definitions apply to the whole document, so no piece ends
        before the last line that could hold one.

        A piece may also end before a body row of a top-level table (a 170,000-row table is one block):
        the next piece is the table's header and delimiter rows again, then the rows from there on, and
        its rows are added to the same Table (see ``_TableResume``).

        A candidate line that starts nothing at the top level (it is inside a fence, say) costs a parse
        of the piece: after ``_FAILED_CUTS`` of them only headings and list items are tried, and when one
        of those fails the rest is parsed in one piece.
        """
        references: dict[str, object] = {}
        start = 0
        total = len(lines)
        last_definition = next((index for index in range(total - 1, -1, -1) if "]:" in lines[index]), -1)
        failed_cuts = 0
        resume: _TableResume | None = None
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
                    resume: _TableResume | None) -> tuple[int, _TableResume] | None:
        """Where ``tokens`` can be cut before the body row on ``line`` of a top-level table, and how the
        next piece goes on with that table; None when ``line`` is no such row, or when the next piece
        would not end the table where one parse does (see ``_RowCounter``)."""
        cut = _cut_before_row(tokens, line)
        if cut is None:
            return None
        header = _open_table_header(tokens, cut)
        if resume is not None and header == resume.header:
            counter = resume.counter
        else:
            counter = _RowCounter(lines, header)
        if not counter.balanced_before(line):
            return None
        return cut, _TableResume(header, counter)

    def _parse_piece(self, lines: list[str], start: int, end: int, references: dict[str, object],
                     resume: _TableResume | None) -> tuple[list[Token], dict[int, int]]:
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
        """The tokens of lines [start, end), a table row of more than ``_WIDE_ROW`` cells read by markdown-it
        as its first ``_WIDE_ROW`` cells only (the tokens of a 180,000-column row took ~450 MB at once).

        The walk adds the other cells of each row of such a table from the row's line, parsing each cell's
        content as markdown-it would (``_complete_row``). Exact when the narrowed lines are rows, header
        and delimiter of top-level tables and those tables end where they would with the whole lines
        (``_narrowing_is_exact``); otherwise the piece is parsed again as it is."""
        narrowed: dict[int, str] = {}
        for index in range(start, end):
            line = lines[index]
            if line.count("|") > _WIDE_ROW:
                row = _narrowed_row(line, _WIDE_ROW + 1)
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
        widths = _narrowed_tables(tokens, lines, narrowed, end)
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
        tokens = _parser().parse("\n".join(lines[start:end]), env)
        columns = env.get(_CONTENT_COLUMNS, {})
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
        self._open_table = table  # still open when the piece was cut before one of its rows

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
        cells = _row_cells(self._line_as_parsed(line))
        parser = _parser()
        for column in range(len(row), width):
            token = Token("inline", "", 0, map=[line, end], children=[],
                          content=cells[column].strip(_CELL_TRIM) if column < len(cells) else "")
            state = StateCore("", parser, self._inline_env, [token])
            for rule in _inline_core_rules():
                rule(state)
            self._inline(token, None, [], quote_depth, table, row)

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

    def _split_row(self, line_index: int) -> _RowCells:
        """Cells of a table row as raw text with positions, split the way markdown-it splits them.

        The row starts after any container markers (``> | a |``). A pipe right after a backslash
        does not split and the backslash is not part of the cell, so each cell's raw text equals
        its inline token's content.
        """
        line = self._line_as_parsed(line_index)
        start = self._content_columns.get(line_index, 0)
        end = len(line.rstrip(_CELL_TRIM))
        start = max(start, len(line) - len(line[start:].lstrip(_CELL_TRIM)))
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


def _single_spaced(text: str) -> str:
    """``text`` with each run of whitespace made one space and none at the ends: ``text`` itself (no copy,
    so a label's name and value share it) when it is so already. A printable string holds no whitespace
    but the space (tabs, line ends and the other Unicode spaces are not printable)."""
    if text.isprintable() and text[:1] != " " and text[-1:] != " " and "  " not in text:
        return text
    return " ".join(text.split())


def _cut_before_row(tokens: list[Token], line: int) -> int | None:
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


def _open_table_header(tokens: list[Token], cut: int) -> int:
    """The line of the header row of the table open at ``tokens[cut]``."""
    for index in range(cut - 1, -1, -1):
        token = tokens[index]
        if token.type == "table_open" and token.map:
            return token.map[0]
    raise AssertionError("a table row without its table")  # pragma: no cover - _cut_before_row found a body row


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
        first += len(text) - len(text.lstrip(_CELL_TRIM))
        last = first + len(text.strip(_CELL_TRIM))
        raw = RawText()
        escapes = self._escapes.get(number) if self._escapes else None
        if not escapes:  # the usual cell, no escaped pipe in it: the loop below would add it whole
            raw.add(line[first:last], self._line_offset + first)
            return raw
        for backslash in [*(column for column in escapes if first <= column < last), last]:
            raw.add(line[first:backslash], self._line_offset + first)
            first = backslash + 1
        return raw


class _RowCounter:
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
    return len(_row_cells(line))


def _row_cells(line: str) -> list[str]:
    """A top-level table row's cells as markdown-it's table rule splits them (before trimming each)."""
    cells = escapedSplit(line.strip(_CELL_TRIM))
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def _narrowed_row(line: str, cells: int) -> str | None:
    """``line`` up to the pipe that ends its first ``cells`` cells (split as ``escapedSplit`` splits a row:
    a pipe right after a backslash does not split), or None when it has no more cells than that."""
    start = len(line) - len(line.lstrip(_CELL_TRIM))
    wanted = cells + (1 if line.startswith("|", start) else 0)
    seen = 0
    index = line.find("|", start)
    while index != -1:
        if index == start or line[index - 1] != "\\":
            seen += 1
            if seen == wanted:
                rest = line[index + 1:].strip(_CELL_TRIM)
                return line[:index + 1] if rest else None
        index = line.find("|", index + 1)
    return None


def _narrowed_tables(tokens: list[Token], lines: list[str], narrowed: dict[int, str], end: int) -> dict[int, int] | None:
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
    parser = _parser()
    state = StateBlock("\n".join(lines), parser, {}, [])
    return bool(_TABLE_RULE.table(state, 0, 2, True))


def _rows_within_limit(lines: list[str], narrowed: dict[int, str], header: int, end: int, width: int) -> bool:
    limit = getattr(_TABLE_RULE, "MAX_AUTOCOMPLETED_CELLS", None)
    if limit is None:
        return True
    narrow_width = min(width, _WIDE_ROW + 1) if header in narrowed else width
    whole = narrow = 0
    for line in range(header + 2, end):
        text = lines[line]
        if not text.strip(_CELL_TRIM):
            break  # a blank line ends a table before its cells are counted
        cells = _cell_count(text)
        whole += width - cells
        narrow += narrow_width - (min(cells, _WIDE_ROW + 1) if line in narrowed else cells)
        if whole > limit or narrow > limit:
            return False
    return True


@functools.lru_cache(maxsize=1)
def _inline_core_rules() -> list[Callable[[StateCore], None]]:
    """markdown-it's core rules from ``inline`` on (inline parsing, then joining text), in order."""
    ruler = _parser().core.ruler
    rules = list(zip(ruler.get_active_rules(), ruler.getRules("")))
    names = [name for name, _ in rules]
    return [rule for _, rule in rules[names.index("inline"):]]


@dataclass(frozen=True, slots=True)
class _TableResume:
    """A top-level table cut before a body row: the line of its header, and its rows' count so far."""

    header: int
    counter: _RowCounter

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


def _line_label(doc: Document, block: Block, segment: ProseSegment, line: str, offset: int,
                line_number: int) -> Label | None:
    # A label has a colon or is bold: a line with neither (most list items and lines of prose) is none.
    if ":" not in line and not segment.strong_ranges:
        return None
    text = line
    lead = 0
    if block.list_item is not None and doc.list_items[block.list_item].task is not None and offset == 0:
        task = _TASK.match(text)
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

