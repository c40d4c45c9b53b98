"""Suppression comments: ``<!-- pmlint-disable[-next-line|-file] RULE... -->`` and ``pmlint-enable``.

RULE is a code or a name; none means every rule. Rules are separated by spaces or commas. Directives,
codes and names are case-insensitive.
``disable-next-line`` applies to the next non-blank line after the comment. ``disable`` lasts until a
matching ``enable`` (or the end of the file); ``disable-file`` covers the whole file wherever it is.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pmlint.model import Span
from pmlint.reading.document import Document
from pmlint.reading.parts import Comment

# Case-insensitive, as rule codes and names are: "PMLINT-DISABLE-FILE" is meant as a directive, and
# ignoring it silently would report what its writer suppressed.
_DIRECTIVE = re.compile(r"^\s*pmlint-(disable-next-line|disable-file|disable|enable)(?![\w-])(.*)$",
                        re.DOTALL | re.IGNORECASE)
ALL = "*"


@dataclass(frozen=True)
class Directive:
    kind: str
    rules: tuple[str, ...]  # resolved codes, or (ALL,)
    unknown: tuple[str, ...]
    span: Span
    line: int  # 1-based line of the comment's end


@dataclass
class Suppressions:
    file_wide: set[str] = field(default_factory=set)
    lines: dict[int, set[str]] = field(default_factory=dict)
    ranges: list[tuple[int, int, str]] = field(default_factory=list)  # [start, end] 1-based, inclusive

    def covers(self, code: str, line: int) -> bool:
        if ALL in self.file_wide or code in self.file_wide:
            return True
        on_line = self.lines.get(line, ())
        if ALL in on_line or code in on_line:
            return True
        return any(start <= line <= end and rule in (ALL, code) for start, end, rule in self.ranges)


def parse_directives(doc: Document, resolve: Callable[[str], str | None]) -> list[Directive]:
    directives: list[Directive] = []
    for comment in doc.comments:
        directive = _parse(doc, comment, resolve)
        if directive is not None:
            directives.append(directive)
    return directives


def _parse(doc: Document, comment: Comment, resolve: Callable[[str], str | None]) -> Directive | None:
    match = _DIRECTIVE.match(comment.body)
    if not match:
        return None
    names = [name for name in re.split(r"[\s,]+", match.group(2)) if name]
    codes: list[str] = []
    unknown: list[str] = []
    for name in names:
        code = resolve(name)
        (codes if code else unknown).append(code or name)
    if not names:
        codes = [ALL]
    span = doc.source.span(comment.start, comment.end)
    return Directive(match.group(1).lower(), tuple(codes), tuple(unknown), span, span.end_line)


def build(doc: Document, directives: list[Directive]) -> Suppressions:
    suppressions = Suppressions()
    open_ranges: dict[str, int] = {}
    for directive in directives:
        if directive.kind == "disable-file":
            suppressions.file_wide.update(directive.rules)
        elif directive.kind == "disable-next-line":
            target = _next_content_line(doc, directive.line)
            suppressions.lines.setdefault(target, set()).update(directive.rules)
        elif directive.kind == "disable":
            for rule in directive.rules:
                open_ranges.setdefault(rule, directive.span.line)
        elif directive.kind == "enable":
            for rule in directive.rules:
                closing = list(open_ranges) if rule == ALL else [rule]
                for name in closing:
                    if name in open_ranges:
                        suppressions.ranges.append((open_ranges.pop(name), directive.line, name))
    for rule, start in open_ranges.items():
        suppressions.ranges.append((start, doc.source.line_count, rule))
    return suppressions


def _next_content_line(doc: Document, line: int) -> int:
    """1-based number of the first non-blank line after ``line``."""
    for index in range(line, doc.source.line_count):
        if doc.source.line_text(index).strip():
            return index + 1
    return line + 1
