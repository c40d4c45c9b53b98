"""Walk markdown-it inline tokens against their raw source and build a ProseSegment.

markdown-it gives inline tokens without columns, so the walker keeps a cursor in the raw inline
source and finds each token there. Syntax (emphasis markers, link destinations, images), code spans,
inline HTML and bare URLs are skipped; what remains is prose, each character mapped to the source.
"""
from __future__ import annotations

import bisect
import html
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from markdown_it.token import Token

from pmlint.reading.prose import ProseSegment, SegmentText
from pmlint.reading.source import Source

_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"'`)\]]+|www\.[^\s<>\"'`)\]]+", re.IGNORECASE)


def _may_have_url(text: str) -> bool:
    """False when ``_URL`` cannot match ``text``: it has no "://" and, in any case, no "www." (a tenth of
    the time of the search, which tries the pattern at every character)."""
    return "://" in text or "www." in text.lower()

# How far ahead the character-by-character fallback may look for an escaped or entity character.
_ALIGN_WINDOW = 12
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
# A character reference; markdown-it replaces it with the character(s) it names.
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Inline HTML elements whose text is code, keys, program output or a variable name, not prose: it is
# read as a code span is (never linted as prose, never rewritten by a fix).
_CODE_ELEMENTS = ("code", "kbd", "samp", "var", "pre", "tt")
_CODE_OPEN = re.compile(r"<(%s)(?:\s[^>]*)?(?<!/)>" % "|".join(_CODE_ELEMENTS), re.IGNORECASE)
_CODE_CLOSE = re.compile(r"</(%s)\s*>" % "|".join(_CODE_ELEMENTS), re.IGNORECASE)


class RawText:
    """Raw inline source assembled from pieces of source lines, with a map back to offsets."""

    # Slotted: a table row keeps one per cell until the row is read (100,000s in a wide table).
    __slots__ = ("_pieces", "_joined", "_length", "_starts", "_offsets")

    def __init__(self) -> None:
        self._pieces: list[str] = []
        self._joined = ""
        self._length = 0
        self._starts: list[int] = []
        self._offsets: list[int] = []

    def add(self, piece: str, source_offset: int) -> None:
        """Add ``piece``, whose characters sit contiguously in the source from ``source_offset``.

        A piece that goes on where the last run ends in the source joins that run: the lines of a
        paragraph with no indentation are one run, not 330,000. Runs only map indexes to offsets, and
        a merged run maps each index to the offset the two would have."""
        starts, offsets = self._starts, self._offsets
        if not (starts and offsets[-1] + (self._length - starts[-1]) == source_offset):
            starts.append(self._length)
            offsets.append(source_offset)
        self._pieces.append(piece)
        self._length += len(piece)

    @property
    def text(self) -> str:
        # Joined once when read: adding to one string piece by piece is quadratic in a paragraph's length.
        if len(self._joined) != self._length:
            self._joined = "".join(self._pieces)
            # The pieces are the joined text's now: a paragraph's lines are not kept twice while it is read.
            self._pieces = [self._joined]
        return self._joined

    def source_offset(self, index: int) -> int:
        if not self._starts:
            return 0
        run = bisect.bisect_right(self._starts, index) - 1
        return self._offsets[run] + index - self._starts[run]

    def run_end(self, index: int) -> int:
        """End of the run holding ``index``: past it, the source is no longer contiguous."""
        run = bisect.bisect_right(self._starts, index)
        return self._starts[run] if run < len(self._starts) else len(self.text)


def build_segment(source: Source, raw: RawText, children: Sequence[Token]) -> ProseSegment:
    """Prose for one inline token whose raw source is ``raw``."""
    plain = _plain_text(raw, children)
    if plain is not None:
        segment = ProseSegment(source)
        segment.append(plain, raw.source_offset(0))
        return segment
    walker = _Walker(source, raw)
    walker.code_openers = _closed_code_openers(children)
    walker.walk(children)
    walker.built.finish()
    return walker.segment


def build_streamed_segment(source: Source, raw: RawText, children: Iterable[Token]) -> ProseSegment:
    """``build_segment`` for children made one at a time as they are read (``mdparser.deferred_children``),
    so that no more than one of them is alive at once.

    Exact for such children, lines of plain text: ``build_segment``'s shortcut (``_plain_text``) is the
    walk's own result, and there is no ``html_inline`` child to be a code element's opener."""
    walker = _Walker(source, raw)
    walker.walk(children)
    walker.built.finish()
    return walker.segment


def _plain_text(raw: RawText, children: Sequence[Token]) -> str | None:
    """The text of an inline token that is one piece of plain text as it stands in the source (a timeline
    item, a table cell, a heading), else None.

    Exact: the walker would find the one text token at index 0 of the raw text, with no syntax before it,
    and emit it whole from the one raw run's offset; a bare URL is the only thing it would leave out."""
    if len(children) != 1 or len(raw._starts) != 1:
        return None
    child = children[0]
    content = child.content
    if child.type != "text" or not content or content != raw.text:
        return None
    if _may_have_url(content) and _URL.search(content):
        return None
    return content


def _closed_code_openers(children: Sequence[Token]) -> set[int]:
    """Positions in ``children`` of code-element start tags (``<code>``, ``<kbd>``...) that a matching
    end tag closes later in the same inline content. An unclosed one (``use the <code> tag``) is left
    as HTML, so that a stray tag does not hide the rest of the paragraph from the rules."""
    closed: set[int] = set()
    open_tags: list[tuple[str, int]] = []
    # How many of each name are open: an end tag with none open is not searched for (thousands of
    # them after thousands of other start tags would make the search quadratic).
    open_count: defaultdict[str, int] = defaultdict(int)  # made for every walk: a Counter is slower to make
    for position, token in enumerate(children):
        if token.type != "html_inline":
            continue
        opening = _CODE_OPEN.fullmatch(token.content)
        if opening:
            open_tags.append((opening.group(1).lower(), position))
            open_count[opening.group(1).lower()] += 1
            continue
        closing = _CODE_CLOSE.fullmatch(token.content)
        if closing and open_count[closing.group(1).lower()]:
            # The innermost open element of that name; those opened inside it close with it.
            name = closing.group(1).lower()
            while open_tags:
                inner, opened_at = open_tags.pop()
                open_count[inner] -= 1
                if inner == name:
                    closed.add(opened_at)
                    break
    return closed


class _Walker:
    def __init__(self, source: Source, raw: RawText) -> None:
        self.raw = raw
        self.text = raw.text
        self.cursor = 0
        self.segment = ProseSegment(source)
        # The segment's text, joined once at the end.
        self.built = SegmentText(self.segment)
        self._skip_depth = 0  # inside an autolink: its text is a URL, not prose
        self._strong_starts: list[int] = []
        self._em_starts: list[int] = []
        # Positions of the code-element start tags that are closed (see _closed_code_openers), and the
        # elements open now: (tag name, raw index where the element's text starts).
        self.code_openers: set[int] = set()
        self._code_elements: list[tuple[str, int]] = []
        self._code_open_count: defaultdict[str, int] = defaultdict(int)
        self._position = 0

    def walk(self, tokens: Iterable[Token]) -> None:
        handlers = _HANDLERS
        for position, token in enumerate(tokens):
            self._position = position
            handler = handlers.get(token.type)
            if handler is not None:
                handler(self, token)
            elif token.markup:
                self._skip_literal(token.markup)

    # -- token handlers -------------------------------------------------------------------------

    def _on_text(self, token: Token) -> None:
        content = token.content
        if not content:
            return
        cursor = self.cursor
        position = self.text.find(content, cursor)
        # Usually the text is right at the cursor: no syntax between to look through.
        if position == -1 or (position != cursor and _has_words(self.text[cursor:position])):
            self._align(content)
            return
        if not self._skip_depth:
            self._emit(content, position)
        self.cursor = position + len(content)

    def _on_softbreak(self, token: Token) -> None:
        self._newline()

    def _on_hardbreak(self, token: Token) -> None:
        self._newline()

    def _on_code_inline(self, token: Token) -> None:
        fence = token.markup or "`"
        start = _backtick_run(self.text, fence, self.cursor)
        if start == -1:
            return
        close = _backtick_run(self.text, fence, start + len(fence))
        end = len(self.text) if close == -1 else close + len(fence)
        self.segment.has_non_prose = True
        if not self._code_elements:  # inside <code>, the element is the code span
            self.segment.add_range("code_spans",
                (token.content, self.raw.source_offset(start), self.raw.source_offset(end - 1) + 1))
        self.cursor = end

    def _on_html_inline(self, token: Token) -> None:
        if self._code_element(token):
            return
        if _LINE_BREAK_TAG.fullmatch(token.content):
            # A reader sees a line break (common in table cells), not "MAIN<br>Mitigation" run together.
            position = self._skip_literal(token.content)
            if position != -1 and not self._skip_depth:
                self._append("\n", self.raw.source_offset(position))
            return
        if not token.content.startswith("<!--"):
            self.segment.has_non_prose = True
        self._skip_literal(token.content)

    def _on_link_open(self, token: Token) -> None:
        if token.markup == "autolink" or token.markup == "linkify":
            self.segment.has_non_prose = True
            start = self.text.find("<", self.cursor) if token.markup == "autolink" else self.cursor
            if start != -1:
                self.cursor = start
            self._skip_depth += 1
            return
        start = self.text.find("[", self.cursor)
        if start != -1:
            self.cursor = start + 1

    def _on_link_close(self, token: Token) -> None:
        if token.markup in ("autolink", "linkify"):
            self._skip_depth = max(0, self._skip_depth - 1)
            if token.markup == "autolink":
                end = self.text.find(">", self.cursor)
                if end != -1:
                    self.cursor = end + 1
            return
        close = self.text.find("]", self.cursor)
        if close == -1:
            return
        self.cursor = _skip_destination(self.text, close + 1)

    def _on_image(self, token: Token) -> None:
        self.segment.has_non_prose = True
        start = self.text.find("![", self.cursor)
        if start == -1:
            return
        close = _matching(self.text, start + 1, "[", "]")
        self.cursor = _skip_destination(self.text, close + 1) if close != -1 else len(self.text)

    def _on_strong_open(self, token: Token) -> None:
        self._skip_literal(token.markup)
        self._strong_starts.append(self.built.length)

    def _on_em_open(self, token: Token) -> None:
        self._skip_literal(token.markup)
        self._em_starts.append(self.built.length)

    def _on_em_close(self, token: Token) -> None:
        self._skip_literal(token.markup)
        if self._em_starts:
            self.segment.add_range("em_ranges", (self._em_starts.pop(), self.built.length))

    def _on_strong_close(self, token: Token) -> None:
        self._skip_literal(token.markup)
        if self._strong_starts:
            self.segment.add_range("strong_ranges", (self._strong_starts.pop(), self.built.length))

    def _code_element(self, token: Token) -> bool:
        """Open or close an inline code element (``<code>``, ``<kbd>``...); whether ``token`` was one.

        Its text is skipped as an autolink's is, and recorded as a code span (the timeline and the
        blame rule read code spans as values, not as prose)."""
        if self._position in self.code_openers:
            position = self._skip_literal(token.content)
            if position == -1:
                return False
            self.segment.has_non_prose = True
            opening = _CODE_OPEN.fullmatch(token.content)
            assert opening is not None
            self._code_elements.append((opening.group(1).lower(), self.cursor))
            self._code_open_count[opening.group(1).lower()] += 1
            self._skip_depth += 1
            return True
        closing = _CODE_CLOSE.fullmatch(token.content)
        if not closing or not self._code_open_count[closing.group(1).lower()]:
            return False
        position = self._skip_literal(token.content)
        if position == -1:
            position = self.text.find(token.content, self.cursor)
            if position == -1:
                return False
            self.cursor = position + len(token.content)
        while self._code_elements:
            name, start = self._code_elements.pop()
            self._code_open_count[name] -= 1
            self._skip_depth = max(0, self._skip_depth - 1)
            if name == closing.group(1).lower():
                break
        if not self._code_elements and start < position:
            self.segment.add_range("code_spans", (self.text[start:position], self.raw.source_offset(start),
                                                  self.raw.source_offset(position - 1) + 1))
        return True

    # -- helpers --------------------------------------------------------------------------------

    def _skip_literal(self, literal: str) -> int:
        """Move past ``literal`` if only syntax precedes it; returns where it was, or -1."""
        if not literal:
            return -1
        position = self.text.find(literal, self.cursor)
        if position != -1 and not _has_words(self.text[self.cursor:position]):
            self.cursor = position + len(literal)
            return position
        return -1

    def _append(self, piece: str, source_offset: int, reference_end: int = -1) -> None:
        if piece:
            self.built.add(piece, source_offset, reference_end)

    def _newline(self) -> None:
        position = self.text.find("\n", self.cursor)
        if position == -1:
            return
        if not self._code_elements:  # a line break inside <code> is the code's
            self._append("\n", self.raw.source_offset(position))
        self.cursor = position + 1
        # markdown-it drops the blanks that start the next line (the indentation kept in a paragraph's
        # content); skip them too, or text aligned character by character (an entity or an escape
        # first) is looked for among them and mapped onto them.
        while self.cursor < len(self.text) and self.text[self.cursor] in " \t":
            self.cursor += 1

    def _emit(self, content: str, position: int) -> None:
        """Emit text found at ``position`` of the raw text, leaving out bare URLs."""
        if not _may_have_url(content) or _URL.search(content) is None:  # most text has no URL: emitted whole
            self._emit_plain(content, position)
            return
        last = 0
        for match in _URL.finditer(content):
            self.segment.has_non_prose = True
            self._emit_plain(content[last:match.start()], position + last)
            last = match.end()
        self._emit_plain(content[last:], position + last)

    def _emit_plain(self, piece: str, position: int) -> None:
        # A piece may cross raw pieces (lines, or cell text around the dropped backslash of an
        # escaped pipe); map it run by run.
        if not piece:
            return
        starts = self.raw._starts
        if len(starts) == 1:  # one run (a line, or lines that follow each other in the source)
            self.built.add(piece, self.raw._offsets[0] + position - starts[0])
            return
        start = 0
        while start < len(piece):
            end = max(start + 1, min(len(piece), self.raw.run_end(position + start) - position))
            self._append(piece[start:end], self.raw.source_offset(position + start))
            start = end

    def _align(self, content: str) -> None:
        """Map text that differs from its source (escapes, entities) one character at a time."""
        index = 0
        while index < len(content):
            # A reference is consumed whole: searching its letters would map "&amp;amber"'s "amber"
            # into "amp;", and a word such as "caf&eacute;" should span up to the ";".
            reference = _REFERENCE.match(self.text, self.cursor)
            if reference:
                named = html.unescape(reference.group())
                if named != reference.group() and content.startswith(named, index):
                    if not self._skip_depth:
                        source_start = self.raw.source_offset(reference.start())
                        source_end = self.raw.source_offset(reference.end() - 1) + 1
                        for char in named:
                            self._append(char, source_start, source_end)
                    self.cursor = reference.end()
                    index += len(named)
                    continue
            char = content[index]
            index += 1
            position = self.text.find(char, self.cursor, self.cursor + _ALIGN_WINDOW)
            if position == -1:
                position = min(self.cursor, max(0, len(self.text) - 1))
            else:
                self.cursor = position + 1
            if not self._skip_depth and self.text:
                self._append(char, self.raw.source_offset(position))


# The walker's handler of each token type (a dict lookup per token, not a method name built and looked up).
_HANDLERS = {name[len("_on_"):]: function for name, function in vars(_Walker).items() if name.startswith("_on_")}


def _backtick_run(text: str, fence: str, position: int) -> int:
    """Start of the first run of exactly ``len(fence)`` backticks at or after ``position``, or -1.

    A code span opens and closes with runs of the same length: the "```" in `` `a ``` b` `` does not
    close the one-backtick span, and a run with no partner is literal text, not an opener.
    """
    index = text.find("`", position)
    while index != -1:
        end = index
        while end < len(text) and text[end] == "`":
            end += 1
        if end - index == len(fence):
            return index
        index = text.find("`", end)
    return -1


def _has_words(skipped: str) -> bool:
    return any(char.isalnum() for char in skipped)


def _matching(text: str, open_index: int, opener: str, closer: str) -> int:
    """Index of the ``closer`` that closes the ``opener`` at ``open_index`` (a backslash escapes the next
    character), or -1. Only backslashes and brackets are looked at, found by a search."""
    depth = 0
    index = open_index
    find = _BRACKET_SEARCHES[opener + closer]
    while (found := find(text, index)) is not None:
        index = found.start()
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == opener:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


_BRACKET_SEARCHES = {"[]": re.compile(r"[\\\[\]]").search, "()": re.compile(r"[\\()]").search}


def _skip_destination(text: str, index: int) -> int:
    """Skip ``(url "title")`` or ``[ref]`` right after a link's closing bracket."""
    if index < len(text) and text[index] == "(":
        close = _matching(text, index, "(", ")")
        return len(text) if close == -1 else close + 1
    if index < len(text) and text[index] == "[":
        close = text.find("]", index)
        return len(text) if close == -1 else close + 1
    return index
