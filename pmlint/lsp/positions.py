"""Positions of an editor's text: pmlint's 1-based character columns and the protocol's code units.

pmlint counts characters of the text with the BOM removed and any line end as one; the Language
Server Protocol counts 0-based lines (a line ends at CRLF, CR or LF, as in pmlint) and, on a line,
code units of the negotiated encoding: UTF-16 unless client and server agree on UTF-8 or UTF-32.
A character outside the Basic Multilingual Plane is two UTF-16 units and four UTF-8 bytes, and a
BOM the editor kept is one character of the first line that pmlint does not count.
"""
from __future__ import annotations

import re

BOM = "\ufeff"
_LINE_END = re.compile(r"\r\n|\r|\n")

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def _units(text: str, encoding: str) -> int:
    """How many code units ``text`` is in ``encoding``."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for character in text if ord(character) > 0xFFFF)


class LineIndex:
    """The lines of one version of a document, to convert positions both ways."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.encoding = encoding if encoding in (UTF8, UTF16, UTF32) else UTF16
        self.bom = text.startswith(BOM)
        self.lines = _LINE_END.split(text[1:] if self.bom else text)

    def _line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def to_client(self, line: int, column: int) -> tuple[int, int]:
        """The protocol's (line, character) of pmlint's 1-based ``line`` and ``column``."""
        index = max(0, min(line - 1, len(self.lines) - 1))
        text = self._line(index)
        units = _units(text[:max(0, column - 1)], self.encoding)
        if index == 0 and self.bom:
            units += _units(BOM, self.encoding)
        return index, units

    def to_pmlint(self, line: int, character: int) -> tuple[int, int]:
        """pmlint's 1-based (line, column) of the protocol's 0-based ``line`` and ``character``; a
        position inside a character (half a surrogate pair) is that character's."""
        index = max(0, min(line, len(self.lines) - 1))
        text = self._line(index)
        remaining = character
        if index == 0 and self.bom:
            remaining -= _units(BOM, self.encoding)
        column = 0
        while column < len(text) and remaining > 0:
            remaining -= _units(text[column], self.encoding)
            if remaining < 0:
                break
            column += 1
        return index + 1, column + 1

    def line_units(self, index: int) -> int:
        """The length of a 0-based line in code units (the first line's BOM included)."""
        units = _units(self._line(index), self.encoding)
        return units + (_units(BOM, self.encoding) if index == 0 and self.bom else 0)
