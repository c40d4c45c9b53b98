"""Prose segments: text with Markdown syntax, code, URLs and HTML removed, mapped back to the source."""
from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

from pmlint.model import Span
from pmlint.source import Source


@dataclass
class ProseSegment:
    """The readable text of one inline block (a paragraph, heading, list item line or table cell).

    ``text`` is what a reader sees. Every character of it came from one source character; the
    mapping is stored as runs of contiguous characters so long documents stay cheap.
    """

    source: Source
    text: str = ""
    _text_starts: list[int] = field(default_factory=list)
    _source_starts: list[int] = field(default_factory=list)
    # Text ranges [start, end) that were bold (strong) in the source.
    strong_ranges: list[tuple[int, int]] = field(default_factory=list)
    # Text ranges [start, end) that were italic (emphasis) in the source.
    em_ranges: list[tuple[int, int]] = field(default_factory=list)
    # Code spans that were removed: (code text, source start offset, source end offset).
    code_spans: list[tuple[str, int, int]] = field(default_factory=list)
    # True when something that is not prose was left out: code, a URL, an image or an autolink.
    has_non_prose: bool = False
    # Text index -> exclusive source end, for characters spelled by a character reference
    # (``&eacute;``), so a span ending on one covers the whole reference.
    _source_ends: dict[int, int] = field(default_factory=dict)
    _with_code: ProseSegment | None = field(default=None, repr=False, compare=False)
    # In a segment built by ``with_code``: the text ranges [start, end) that were code spans.
    code_ranges: list[tuple[int, int]] = field(default_factory=list)
    # (number of strong ranges, their starts in order, the furthest end up to each): see is_strong.
    _strong_index: tuple[int, list[int], list[int]] | None = field(default=None, repr=False, compare=False)

    def append(self, piece: str, source_offset: int) -> None:
        """Append text whose characters sit contiguously in the source from ``source_offset``."""
        if not piece:
            return
        start = len(self.text)
        if self._text_starts:
            last_text, last_source = self._text_starts[-1], self._source_starts[-1]
            if last_source + (start - last_text) == source_offset:
                self.text += piece
                return
        self._text_starts.append(start)
        self._source_starts.append(source_offset)
        self.text += piece

    def extend(self, pieces: Iterable[tuple[str, int, int]]) -> None:
        """``append`` (and ``append_reference``) for many pieces with one join of the text.

        Each piece is (text, source offset, source end of a character reference or -1). Appending to a
        long text piece by piece copies it every time: quadratic in the length of a paragraph.
        """
        parts = [self.text]
        length = len(self.text)
        starts, sources = self._text_starts, self._source_starts
        for piece, source_offset, reference_end in pieces:
            if not piece:
                continue
            if reference_end != -1:
                self._source_ends[length] = reference_end  # a reference's pieces are one character each
            if not (starts and sources[-1] + (length - starts[-1]) == source_offset):
                starts.append(length)
                sources.append(source_offset)
            parts.append(piece)
            length += len(piece)
        self.text = "".join(parts)

    def append_reference(self, piece: str, source_start: int, source_end: int) -> None:
        """Append the character(s) a character reference at ``source[source_start:source_end]`` names."""
        for char in piece:
            self._source_ends[len(self.text)] = source_end
            self.append(char, source_start)

    def source_offset(self, index: int) -> int:
        """Source offset of the character at ``index`` of ``text``."""
        if not self._text_starts:
            return 0
        index = max(0, min(index, len(self.text) - 1))
        run = bisect.bisect_right(self._text_starts, index) - 1
        return self._source_starts[run] + index - self._text_starts[run]

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
        last = self._source_ends.get(final, self.source_offset(final) + 1)
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
        pieces: list[tuple[int, str]] = []
        for run, text_start in enumerate(self._text_starts):
            text_end = self._text_starts[run + 1] if run + 1 < len(self._text_starts) else len(self.text)
            pieces.append((self._source_starts[run], self.text[text_start:text_end]))
        code_offsets = set()
        for content, start, end in self.code_spans:
            inner = self.source.text.find(content, start, end) if content else -1
            if inner != -1:
                pieces.append((inner, content))
                code_offsets.add(inner)
        merged = ProseSegment(self.source)
        ordered = sorted(pieces, key=lambda item: item[0])
        length = 0
        for offset, piece in ordered:
            if offset in code_offsets:
                merged.code_ranges.append((length, length + len(piece)))
            length += len(piece)
        merged.extend((piece, offset, -1) for offset, piece in ordered)
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


def _within(text: str, start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    return any(s <= start and end <= e for s, e in ranges)
