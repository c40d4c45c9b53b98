"""Turning a file's bytes into text, and text offsets into 1-based line/column positions.

Offsets everywhere in pmlint refer to ``Source.text``: the decoded file with the BOM removed and
every line end (CRLF, CR or LF) normalised to one ``\\n``. Because only line ends change, a column
in ``text`` is the same column in the original file.
"""
from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass
from itertools import accumulate

from pmlint.errors import InputError
from pmlint.model import Span

BOM = "\ufeff"
_LINE_END = re.compile(r"\r\n|\r|\n")
_BYTE_LINE_END = re.compile(rb"\r\n|\r|\n")
_BINARY_SNIFF = 8192


@dataclass(frozen=True)
class Source:
    """A decoded document and the index that maps offsets to positions."""

    path: str
    text: str
    had_bom: bool
    # The offset of each line's first character, as machine integers: a 4 MB timeline of 290,000 lines
    # kept 11.6 MB of int objects in a tuple, and keeps 2.3 MB in the array.
    line_starts: array[int]

    def __hash__(self) -> int:
        # The line starts follow from the text (and an array has no hash).
        return hash((self.path, self.text, self.had_bom))

    @classmethod
    def from_text(cls, path: str, raw: str) -> Source:
        had_bom = raw.startswith(BOM)
        if had_bom:
            raw = raw[1:]
        text = _LINE_END.sub("\n", raw) if "\r" in raw else raw  # without a CR, every line end is "\n"
        starts = array("q", [0])
        # Each line starts one past the end of the one before: the lines' lengths, summed (three times as
        # fast as finding each newline with a regular expression; Builder.build splits the lines too).
        starts.extend(accumulate(len(line) + 1 for line in text.split("\n")[:-1]))
        return cls(path=path, text=text, had_bom=had_bom, line_starts=starts)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def line_text(self, line_index: int) -> str:
        """The text of a 0-based line, without its line end."""
        start = self.line_starts[line_index]
        end = self.line_starts[line_index + 1] - 1 if line_index + 1 < len(self.line_starts) else len(self.text)
        return self.text[start:end]

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def offset(self, line_index: int, column_index: int = 0) -> int:
        """Offset of a 0-based line and column."""
        return self.line_starts[line_index] + column_index

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end = max(0, min(max(start, end), len(self.text)))  # as position() clamps it
        # Most spans end on the line they start on: their end is then found without a second search.
        next_start = self.line_starts[line] if line < len(self.line_starts) else len(self.text) + 1
        if end < next_start:
            return Span(line, column, line, end - self.line_starts[line - 1] + 1)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column)

    def span_text(self, span: Span) -> str:
        start = self.offset(span.line - 1, span.column - 1)
        end = self.offset(span.end_line - 1, span.end_column - 1)
        return self.text[start:end]

    def line_span(self, line_index: int) -> Span:
        """The span of a whole 0-based line without leading/trailing blanks (at least one column)."""
        text = self.line_text(line_index)
        stripped = text.strip()
        if not stripped:
            return Span(line_index + 1, 1, line_index + 1, 1)
        left = len(text) - len(text.lstrip())
        return Span(line_index + 1, left + 1, line_index + 1, left + len(stripped) + 1)


def decode(path: str, data: bytes) -> Source:
    """Decode a file's bytes as UTF-8 text, or raise an InputError naming the problem."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("file is UTF-16 encoded; pmlint reads UTF-8 only (re-save it as UTF-8)", file=path)
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise InputError("binary file (contains NUL bytes); not a Markdown document", file=path)
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as error:
        # Count line ends as Source does, so a CR-only file names the right line too.
        line = len(_BYTE_LINE_END.findall(data, 0, error.start)) + 1
        raise InputError(f"invalid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})",
                         file=path, line=line) from None
    return Source.from_text(path, raw)
