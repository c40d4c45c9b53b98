"""The parts a Document is made of: headings, list items, blocks, cells, tables, comments, labels, sections.

``DocumentParts`` holds them as one parse of a post-mortem fills them in (``pmlint.reading.builder`` walks
markdown-it's tokens into them); ``pmlint.reading.document.Document`` adds the views rules ask for.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from pmlint.model import Span
from pmlint.reading.frontmatter import FrontMatter
from pmlint.reading.prose import ProseSegment
from pmlint.reading.sections import Catalog
from pmlint.reading.source import Source

# The marker of a task list item, "[ ]" or "[x]" (``ListItem.task``).
TASK = re.compile(r"^\[([ xX])\]\s+")


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


class DocumentParts:
    """What one parse of a post-mortem is made of, as the builder fills it in. A Document adds its views."""

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
        self.html_lines: set[int] = set()  # lines of raw HTML blocks that hold more than comments

    def blocks_between(self, first_line: int, end_line: int) -> list[Block]:
        """Blocks that start on a line in [first_line, end_line), in document order."""
        starts = self._block_starts
        return self.blocks[bisect.bisect_left(starts, first_line):bisect.bisect_left(starts, end_line)]

    @functools.cached_property
    def _block_starts(self) -> list[int]:
        return [block.first_line for block in self.blocks]  # non-decreasing: blocks are in document order


def _single_spaced(text: str) -> str:
    """``text`` with each run of whitespace made one space and none at the ends: ``text`` itself (no copy,
    so a label's name and value share it) when it is so already. A printable string holds no whitespace
    but the space (tabs, line ends and the other Unicode spaces are not printable)."""
    if text.isprintable() and text[:1] != " " and text[-1:] != " " and "  " not in text:
        return text
    return " ".join(text.split())
