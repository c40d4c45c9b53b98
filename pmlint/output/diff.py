"""The --diff output: a unified diff of what --fix would write, exact enough to apply."""
from __future__ import annotations

import difflib
import re

from pmlint.output.escape import for_terminal

_LINE_END = re.compile(r"(\r\n|\r|\n)")


def _lines(text: str) -> list[str]:
    """Lines with their endings, split only where pmlint sees a line end (not at U+2028 or form feed)."""
    parts = _LINE_END.split(text)
    lines = [parts[index] + (parts[index + 1] if index + 1 < len(parts) else "") for index in range(0, len(parts), 2)]
    return lines if lines[-1] else lines[:-1]


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    old = _lines(before.decode("utf-8"))
    new = _lines(after.decode("utf-8"))
    lines = []
    # The name is escaped as in every other output (a line break in it would forge diff lines or CI
    # commands); the lines are the document's, exact, so that the diff applies.
    name = for_terminal(path)
    for line in difflib.unified_diff(old, new, fromfile=f"a/{name}", tofile=f"b/{name}"):
        lines.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(line.replace("\r\n", "\n").replace("\r", "\n") for line in lines)
