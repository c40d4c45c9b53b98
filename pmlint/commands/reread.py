"""The linted documents read again for output formats that count UTF-8 bytes or quote lines (rdjson).

pmlint's columns count characters of a line (after the byte order mark). A format that counts UTF-8
bytes needs the line's text: ``RereadDocuments`` reads each linted document again when the output asks
(from disk, or the text given on stdin), one document at a time, and converts exactly: the bytes of
the characters before the column, plus the three bytes of a byte order mark on the first line.
"""
from __future__ import annotations

from pathlib import Path

from pmlint.commands.files import read_file
from pmlint.errors import PmlintError
from pmlint.reading.source import Source, decode

# The document was linted within its size limit (16 MiB by default); one that has grown past this since
# is not read again, and its columns stay as they are.
_LIMIT = 1 << 30
_BOM_BYTES = 3


class RereadDocuments:
    """The documents of one run (``pmlint.output.options.Documents``).

    ``stdin`` is the displayed name and the text of '-' (as linted, or as fixed with ``--fix``). A
    document that cannot be read or decoded again, or a line it no longer has, keeps its character
    column (right for ASCII text)."""

    def __init__(self, stdin: tuple[str, bytes] | None = None) -> None:
        self._stdin = stdin
        self._path: str | None = None
        self._source: Source | None = None

    def line_text(self, path: str, line: int) -> str | None:
        source = self._document(path)
        if source is None or not 1 <= line <= source.line_count:
            return None
        return source.line_text(line - 1)

    def utf8_column(self, path: str, line: int, column: int) -> int:
        source = self._document(path)
        if source is None or not 1 <= line <= source.line_count or column < 1:
            return column
        text = source.line_text(line - 1)
        before = text[:column - 1]
        # An end column just past the line (before its line end) counts the characters it passes.
        extra = column - 1 - len(before)
        count = len(before.encode("utf-8", "surrogatepass")) + extra + 1
        return count + _BOM_BYTES if line == 1 and source.had_bom else count

    def _document(self, path: str) -> Source | None:
        # The findings of a run come file by file: one document is kept, the one asked about last.
        if path != self._path:
            self._path, self._source = path, self._read(path)
        return self._source

    def _read(self, path: str) -> Source | None:
        try:
            if self._stdin is not None and path == self._stdin[0]:
                data = self._stdin[1]
            else:
                data = read_file(Path(path), _LIMIT)
            return decode(path, data)
        except PmlintError:
            return None
