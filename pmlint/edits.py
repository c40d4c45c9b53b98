"""Applying fixes to a file's bytes: every byte outside the fixed spans stays as it was.

A fix names a span on one line in the coordinates of findings (after BOM removal, any line ending
counting as one). It is applied to the original bytes line by line, so the BOM, every line ending
and every byte outside the fixed spans stay exactly as they were.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from pmlint.model import Edit, Fix

_LINE_END = re.compile(r"(\r\n|\r|\n)")
_BOM = "\ufeff"


def apply_fixes(data: bytes, fixes: Iterable[Fix]) -> tuple[bytes, int]:
    """``data`` with the fixes applied, and how many were applied (see :func:`apply_fixes_taken`)."""
    fixed, taken = apply_fixes_taken(data, fixes)
    return fixed, len(taken)


def apply_fixes_taken(data: bytes, fixes: Iterable[Fix]) -> tuple[bytes, list[Fix]]:
    """``data`` with the fixes applied, and the fixes that were.

    A fix is applied whole or not at all: every one of its edits, or none. It is skipped when an
    edit spans lines, lies outside the text, overlaps another edit (its own or one of a fix already
    taken), or finds a text other than the one it was made for, and when it would empty a line
    between a CR and an LF line end (the two would become one CRLF). Fixes are taken in the order of
    their first edit; every edit is placed by the original columns.
    """
    text = data.decode("utf-8")
    bom = _BOM if text.startswith(_BOM) else ""
    parts = _LINE_END.split(text[len(bom):])
    lines, endings = parts[0::2], parts[1::2]
    taken: dict[int, list[Edit]] = {}  # line index -> edits taken on it
    places: dict[int, list[tuple[int, int]]] = {}  # line index -> their (column, end column), sorted
    applied: list[Fix] = []
    ordered = sorted(fixes, key=lambda fix: min((edit.span.line, edit.span.column) for edit in fix.edits))
    for fix in ordered:
        edits = fix.edits
        if not all(_fits(edit, lines) for edit in edits):
            continue
        wanted: dict[int, list[Edit]] = {}
        for edit in edits:
            wanted.setdefault(edit.span.line - 1, []).append(edit)
        if any(_clash(new) or _clashes_with(places.get(index, []), new) for index, new in wanted.items()):
            continue
        # Only a line between a CR and an LF line end needs the edited text (an emptied line joins them).
        if any(_joins_line_ends(endings, index) and not _edited(lines[index], taken.get(index, []) + new)
               for index, new in wanted.items()):
            continue
        for index, new in wanted.items():
            taken.setdefault(index, []).extend(new)
            for edit in new:
                bisect.insort(places.setdefault(index, []), (edit.span.column, edit.span.end_column))
        applied.append(fix)
    for index, edits in taken.items():
        lines[index] = _edited(lines[index], edits)
    pieces = [bom]
    for index, line in enumerate(lines):
        pieces.append(line)
        if index < len(endings):
            pieces.append(endings[index])
    return "".join(pieces).encode("utf-8"), applied


def _fits(edit: Edit, lines: list[str]) -> bool:
    """Whether the edit is on one line of the text, and that line still says what it did."""
    span = edit.span
    if span.line != span.end_line or not 1 <= span.line <= len(lines) or span.end_column < span.column:
        return False
    start, end = span.column - 1, span.end_column - 1
    line = lines[span.line - 1]
    return 0 <= start and end <= len(line) and line[start:end] == edit.original


def _clash(edits: list[Edit]) -> bool:
    """Whether any two edits on one line overlap (touching ends do not), or insert at the same place
    (which text would come first is then a guess)."""
    ordered = sorted((edit.span.column, edit.span.end_column) for edit in edits)
    for (start, end), (next_start, next_end) in zip(ordered, ordered[1:]):
        if next_start < end or (start == end == next_start == next_end):
            return True
    return False


def _clashes_with(places: list[tuple[int, int]], edits: list[Edit]) -> bool:
    """Whether any of ``edits`` clashes (as ``_clash`` says) with the sorted, non-overlapping ``places``
    already taken on its line: only the neighbours in column order can, so this is a bisection, not a
    scan (a long line with thousands of fixes stays linear)."""
    for edit in edits:
        start, end = edit.span.column, edit.span.end_column
        index = bisect.bisect_left(places, (start, end))
        for before, after in ((places[index - 1] if index else None, (start, end)),
                              ((start, end), places[index] if index < len(places) else None)):
            if before is None or after is None:
                continue
            if after[0] < before[1] or (before[0] == before[1] == after[0] == after[1]):
                return True
    return False


def _edited(line: str, edits: list[Edit]) -> str:
    """``line`` with non-overlapping ``edits`` made, each placed by its original columns (one pass)."""
    pieces = []
    position = 0
    for edit in sorted(edits, key=lambda edit: (edit.span.column, edit.span.end_column)):
        pieces.append(line[position:edit.span.column - 1])
        pieces.append(edit.replacement)
        position = edit.span.end_column - 1
    pieces.append(line[position:])
    return "".join(pieces)


def _joins_line_ends(endings: list[str], index: int) -> bool:
    """Whether emptying line ``index`` would put a CR line end right before an LF one, which would
    then read as one CRLF: the document would lose a line (mixed line ends)."""
    return 0 < index <= len(endings) and endings[index - 1] == "\r" and index < len(endings) \
        and endings[index] == "\n"
