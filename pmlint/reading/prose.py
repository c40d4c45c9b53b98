"""Prose segments: text with Markdown syntax, code, URLs and HTML removed, mapped back to the source."""
from __future__ import annotations

import bisect
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pmlint.model import Span
from pmlint.reading.source import Source

# What an empty field of a segment holds: one shared empty tuple, not a new list per segment. A 4 MB
# document has hundreds of thousands of segments, and most have no emphasis, code or references.
_NONE: tuple = ()
_FIRST_RUN: tuple[int, ...] = (0,)
_OFFSET = operator.itemgetter(0)


@dataclass(slots=True)
class ProseSegment:
    """The readable text of one inline block (a paragraph, heading, list item line or table cell).

    ``text`` is what a reader sees. Every character of it came from one source character; the
    mapping is stored as runs of contiguous characters so long documents stay cheap.

    Slotted, and its collections are created only when something goes in them (an empty one is the
    shared empty tuple ``()``): a segment with a list and a dict per field cost ~500 bytes, and there
    is one per paragraph, heading, list item and table cell. Fill a field by assigning a new list
    (``add_range``), never by appending to what is there.
    """

    source: Source
    text: str = ""
    # Run starts: text index and source offset where each contiguous run begins (tuples once built). A
    # segment of one run (most are) keeps its source offset as an int, not in a tuple of one.
    _text_starts: Sequence[int] = _NONE
    _source_starts: Sequence[int] | int = _NONE
    # Text ranges [start, end) that were bold (strong) in the source.
    strong_ranges: Sequence[tuple[int, int]] = _NONE
    # Text ranges [start, end) that were italic (emphasis) in the source.
    em_ranges: Sequence[tuple[int, int]] = _NONE
    # Code spans that were removed: (code text, source start offset, source end offset).
    code_spans: Sequence[tuple[str, int, int]] = _NONE
    # True when something that is not prose was left out: code, a URL, an image or an autolink.
    has_non_prose: bool = False
    # Text index -> exclusive source end, for characters spelled by a character reference
    # (``&eacute;``), so a span ending on one covers the whole reference. None when there is none.
    _source_ends: dict[int, int] | None = None
    _with_code: ProseSegment | None = field(default=None, repr=False, compare=False)
    # In a segment built by ``with_code``: the text ranges [start, end) that were code spans.
    code_ranges: Sequence[tuple[int, int]] = _NONE
    # (number of strong ranges, their starts in order, the furthest end up to each): see is_strong.
    _strong_index: tuple[int, list[int], list[int]] | None = field(default=None, repr=False, compare=False)

    def add_range(self, name: str, item: tuple) -> None:
        """Append ``item`` to the list field ``name`` (``strong_ranges``, ``em_ranges``, ``code_spans``
        or ``code_ranges``), creating the list on the first one."""
        values = getattr(self, name)
        if not values:
            values = []
            setattr(self, name, values)
        values.append(item)

    def append(self, piece: str, source_offset: int) -> None:
        """Append text whose characters sit contiguously in the source from ``source_offset``."""
        if not self.text:
            # Most segments are one piece: what ``extend`` makes of it, one run from index 0, set directly.
            if piece:
                self.text, self._text_starts, self._source_starts = piece, _FIRST_RUN, source_offset
            return
        self.extend(((piece, source_offset, -1),))

    def extend(self, pieces: Iterable[tuple[str, int, int]]) -> None:
        """``append`` (and ``append_reference``) for many pieces with one join of the text.

        Each piece is (text, source offset, source end of a character reference or -1). Appending to a
        long text piece by piece copies it every time: quadratic in the length of a paragraph.
        """
        text = SegmentText(self)
        for piece, source_offset, reference_end in pieces:
            text.add(piece, source_offset, reference_end)
        text.finish()

    def _run_sources(self) -> Sequence[int]:
        """The source offset of each run."""
        sources = self._source_starts
        return (sources,) if isinstance(sources, int) else sources

    def append_reference(self, piece: str, source_start: int, source_end: int) -> None:
        """Append the character(s) a character reference at ``source[source_start:source_end]`` names."""
        self.extend((char, source_start, source_end) for char in piece)

    def source_offset(self, index: int) -> int:
        """Source offset of the character at ``index`` of ``text``."""
        if not self._text_starts:
            return 0
        index = max(0, min(index, len(self.text) - 1))
        sources = self._source_starts
        if isinstance(sources, int):  # one run, from text index 0
            return sources + index
        run = bisect.bisect_right(self._text_starts, index) - 1
        return sources[run] + index - self._text_starts[run]

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """Source span of ``text[start:end]`` (the whole segment by default)."""
        if end is None:
            end = len(self.text)
        if not self.text:
            return Span(1, 1, 1, 1)
        # Trim blanks so a span never starts or ends on whitespace it did not mean.
        while start < end - 1 and self.text[start].isspace():
            start += 1
        while end - 1 > start and self.text[end - 1].isspace():
            end -= 1
        first = self.source_offset(start)
        final = max(start, end - 1)
        ends = self._source_ends
        last = ends[final] if ends is not None and final in ends else self.source_offset(final) + 1
        return self.source.span(first, max(first, last) if end > start else first)

    def with_code(self) -> ProseSegment:
        """This text with its code spans put back in place, for reading values such as `` `14:05` ``.

        Built once: the timeline reader asks for it several times per block.
        """
        if not self.code_spans:
            return self
        if self._with_code is None:
            self._with_code = self._merge_code()
        return self._with_code

    def _merge_code(self) -> ProseSegment:
        """The text's runs and the code spans' contents, in source order, as one segment.

        Built directly (text, runs, code ranges) rather than piece by piece through ``extend``: the
        timeline reader asks every block of a timeline for it, and a timeline's lines are full of code.
        What it makes is what ``extend`` makes of the same pieces (tests/test_prose_positions.py)."""
        text = self.text
        text_starts = self._text_starts
        sources = self._run_sources()
        count = len(text_starts)
        pieces = [(sources[run], text[text_starts[run]:text_starts[run + 1] if run + 1 < count else len(text)])
                  for run in range(count)]
        code_offsets = set()
        find = self.source.text.find
        for content, start, end in self.code_spans:
            inner = find(content, start, end) if content else -1
            if inner != -1:
                pieces.append((inner, content))
                code_offsets.add(inner)
        pieces.sort(key=_OFFSET)
        merged = ProseSegment(self.source)
        code_ranges = []
        parts = []
        starts: list[int] = []
        offsets: list[int] = []
        length = 0
        for offset, piece in pieces:
            size = len(piece)
            if offset in code_offsets:
                code_ranges.append((length, length + size))
            if size:
                if not (starts and offsets[-1] + (length - starts[-1]) == offset):
                    starts.append(length)
                    offsets.append(offset)
                parts.append(piece)
            length += size
        if code_ranges:
            merged.code_ranges = code_ranges
        merged.text = "".join(parts)
        if starts == [0]:
            merged._text_starts, merged._source_starts = _FIRST_RUN, offsets[0]
        else:
            merged._text_starts, merged._source_starts = tuple(starts), tuple(offsets)
        return merged

    def is_strong(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` (ignoring surrounding blanks) lies wholly inside bold markup."""
        if len(self.strong_ranges) <= 8:
            return _within(self.text, start, end, self.strong_ranges)
        if self._strong_index is None or self._strong_index[0] != len(self.strong_ranges):
            ordered = sorted(self.strong_ranges)
            reach, furthest = [], -1
            for _, range_end in ordered:
                furthest = max(furthest, range_end)
                reach.append(furthest)
            self._strong_index = (len(ordered), [range_start for range_start, _ in ordered], reach)
        piece = self.text[start:end]
        start += len(piece) - len(piece.lstrip())
        end -= len(piece) - len(piece.rstrip())
        _, starts, reach = self._strong_index
        position = bisect.bisect_right(starts, start)
        return position > 0 and reach[position - 1] >= end

    def is_italic(self) -> bool:
        """Whether the whole text (ignoring surrounding blanks) is one italic run."""
        return bool(self.text.strip()) and _within(self.text, 0, len(self.text), self.em_ranges)


def _within(text: str, start: int, end: int, ranges: Sequence[tuple[int, int]]) -> bool:
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    return any(s <= start and end <= e for s, e in ranges)


class SegmentText:
    """A segment's text being built, piece by piece, with its runs: joined once, by ``finish``.

    Built as it comes (a paragraph walked token by token gives its pieces one at a time), keeping one
    run start per contiguous run rather than one per piece: the 330,000 lines of a paragraph whose
    lines follow each other in the source are one run.
    """

    __slots__ = ("_ends", "_parts", "_sources", "_starts", "length", "segment")

    def __init__(self, segment: ProseSegment) -> None:
        self.segment = segment
        self._parts = [segment.text]
        self.length = len(segment.text)  # of the text with the pieces added so far
        self._starts, self._sources = list(segment._text_starts), list(segment._run_sources())
        self._ends = segment._source_ends

    def add(self, piece: str, source_offset: int, reference_end: int = -1) -> None:
        """Add text whose characters sit contiguously in the source from ``source_offset``; or, with
        ``reference_end``, the one character a character reference ending there names."""
        if not piece:
            return
        length = self.length
        if reference_end != -1:
            if self._ends is None:
                self._ends = self.segment._source_ends = {}
            self._ends[length] = reference_end  # a reference's pieces are one character each
        starts, sources = self._starts, self._sources
        if not (starts and sources[-1] + (length - starts[-1]) == source_offset):
            starts.append(length)
            sources.append(source_offset)
        self._parts.append(piece)
        self.length = length + len(piece)

    def finish(self) -> None:
        """Give the segment the text and runs."""
        segment = self.segment
        segment.text = "".join(self._parts)
        # Kept as tuples: a list's spare capacity and larger header, per segment, add up. Most segments
        # are one run, starting at text index 0: they share one tuple for it.
        starts, sources = self._starts, self._sources
        if starts == [0]:
            segment._text_starts, segment._source_starts = _FIRST_RUN, sources[0]
        else:
            segment._text_starts, segment._source_starts = tuple(starts), tuple(sources)
