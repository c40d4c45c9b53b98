"""The Document: one parse of a post-mortem, and the typed views every rule asks for.

A Document is built once per file. It holds the decoded source, the front matter, headings and the
section tree, leaf blocks with their prose, tables, list items, bold/colon labels and HTML comments
(its parts, ``pmlint.reading.parts``, which ``pmlint.reading.builder`` builds from markdown-it's tokens).
Rules read these views; none of them re-parses Markdown.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from typing import TypeVar

from pmlint.model import Span
from pmlint.reading.builder import Builder
from pmlint.reading.labels import extract_labels
from pmlint.reading.parts import Block, DocumentParts, Label, Section
from pmlint.reading.sections import Catalog
from pmlint.reading.source import Source

T = TypeVar("T")
_WORD = re.compile(r"\w+")
# For an ASCII text, ``text.translate(_ASCII_WORDS).split()`` is ``[word.lower() for word in _WORD.findall(text)]``:
# word characters lower-cased, every other character a blank.
_ASCII_WORDS = str.maketrans({chr(code): chr(code).lower() if chr(code).isalnum() or chr(code) == "_" else " "
                              for code in range(128)})


class Document(DocumentParts):
    """A parsed post-mortem. Build with :meth:`parse`."""

    def __init__(self, source: Source, catalog: Catalog) -> None:
        super().__init__(source, catalog)
        self._views: dict[str, object] = {}

    def view(self, key: str, build: Callable[[Document], T]) -> T:
        """A derived view (timeline entries, action items...) built once and shared by every rule."""
        if key not in self._views:
            self._views[key] = build(self)
        return self._views[key]  # type: ignore[return-value]

    @property
    def block_words(self) -> list[frozenset[str]]:
        """The lower-cased words of each block's prose, in the order of ``blocks``."""
        return self.view("block-words", lambda doc: [frozenset(map(str.lower, _WORD.findall(block.segment.text)))
                                                     for block in doc.blocks])

    @property
    def _word_text(self) -> tuple[str, list[int]]:
        """The lower-cased words of each block's prose, each word between blanks, block after block, and the
        offset where each block's words start. A word's blocks are found with ``str.find``: one text for the
        document rather than a set of words per block (which took more memory than the block) or an index of
        every word (built word by word in Python, it cost more than all the lookups)."""
        def build(doc: Document) -> tuple[str, list[int]]:
            # An ASCII block's words are its text translated (the same length); consecutive ASCII blocks are
            # translated together, joined by their two blanks, which the table keeps: one call for the run
            # rather than one per block (each call reads the table anew for every character it meets).
            pieces: list[str] = []
            run: list[str] = []
            starts = [0]
            for text in (block.segment.text for block in doc.blocks):
                if text.isascii():
                    run.append(text)
                    starts.append(starts[-1] + len(text) + 2)
                    continue
                if run:
                    pieces.append("  ".join(run).translate(_ASCII_WORDS))
                    run = []
                part = " ".join(map(str.lower, _WORD.findall(text)))
                pieces.append(part)
                starts.append(starts[-1] + len(part) + 2)
            if run:
                pieces.append("  ".join(run).translate(_ASCII_WORDS))
            return "".join(f" {piece} " for piece in pieces), starts
        return self.view("word-text", build)

    @property
    def prose_words(self) -> frozenset[str]:
        """The lower-cased words of every block's prose: a set lookup tells a rule whether a wordlist could match."""
        return self.view("prose-words", lambda doc: frozenset(doc._word_text[0].split()))

    def blocks_with_words(self, words: frozenset[str] | None) -> list[Block]:
        """The blocks whose prose has one of ``words`` (lower-cased): the only ones a wordlist whose entries
        start with these words can match in. Every block when ``words`` is None (no prefilter possible)."""
        if words is None:
            return self.blocks
        text, starts = self._word_text
        found: set[int] = set()
        for word in self.prose_words.intersection(words):
            needle = f" {word} "
            position = text.find(needle)
            while position != -1:
                number = bisect.bisect_right(starts, position) - 1
                found.add(number)
                position = text.find(needle, starts[number + 1])  # the block's other uses add nothing
        return [self.blocks[number] for number in sorted(found)]

    def has_words(self, block: Block, words: frozenset[str]) -> bool:
        """Whether ``block`` is one of ``blocks_with_words(words)``: for a rule that reads a few blocks only."""
        text, starts = self._word_text
        start, end = starts[block.index], starts[block.index + 1]
        return any(text.find(f" {word} ", start, end) != -1 for word in self.prose_words.intersection(words))

    @classmethod
    def parse(cls, source: Source, catalog: Catalog) -> Document:
        document = cls(source, catalog)
        Builder(document).build()
        return document

    # -- section views --------------------------------------------------------------------------

    @property
    def root(self) -> Section:
        return self.sections[0]

    @functools.cached_property
    def _section_keys(self) -> list[frozenset[str]]:
        return [self.catalog.keys_for(section.title) if section.heading else frozenset()
                for section in self.sections]

    @functools.cached_property
    def _sections_by_key(self) -> dict[str, list[Section]]:
        """Each canonical section key -> the sections whose heading matches it, in document order: the rules
        ask for sections by key some fifty times, and a document may have 100,000s of headings."""
        found: dict[str, list[Section]] = {}
        for section, keys in zip(self.sections, self._section_keys):
            for key in keys:
                found.setdefault(key, []).append(section)
        return found

    def find_sections(self, key: str) -> list[Section]:
        """Sections whose heading matches the canonical section ``key`` through its aliases."""
        return list(self._sections_by_key.get(key, ()))

    def outermost_sections(self, key: str) -> list[Section]:
        """Sections matching ``key`` that are not inside another matching section (one per incident)."""
        outermost: list[Section] = []
        for section in self.find_sections(key):  # in document order; sections nest or do not overlap
            if not (outermost and outermost[-1].first_line < section.first_line < outermost[-1].end_line):
                outermost.append(section)
        return outermost

    @functools.cached_property
    def labels(self) -> list[Label]:
        return extract_labels(self)

    @functools.cached_property
    def _labels_by_key(self) -> dict[str, list[Label]]:
        """Each key -> the labels whose name names it (``Catalog.label_keys``), in line order."""
        found: dict[str, list[Label]] = {}
        label_keys = self.catalog.label_keys
        for label in self.labels:
            for key in label_keys(label.name):
                found.setdefault(key, []).append(label)
        return found

    def find_labels(self, key: str, within: Section | None = None) -> list[Label]:
        """Labels (``**Impact**: ...``) whose name matches ``key``, optionally inside a section."""
        self.catalog.section(key)  # an unknown key is a KeyError
        # Found once per key, in line order, so the labels of a section are a slice: looking through
        # every label of the document for each section was quadratic. Every label is read once, for
        # every key its name names, rather than once for each key asked about.
        found: list[Label] = self._labels_by_key.get(key, [])
        if within is None:
            return list(found)
        lines: list[int] = self.view("label-lines:" + key, lambda doc: [label.line for label in found])
        return found[bisect.bisect_left(lines, within.first_line):bisect.bisect_left(lines, within.end_line)]

    def has_code_between(self, first_line: int, end_line: int) -> bool:
        """Whether a line in [first_line, end_line) is inside fenced or indented code."""
        lines: list[int] = self.view("code-lines", lambda doc: sorted(doc.code_lines))
        position = bisect.bisect_left(lines, first_line)
        return position < len(lines) and lines[position] < end_line

    def has_html_between(self, first_line: int, end_line: int) -> bool:
        """Whether a line in [first_line, end_line) is in a raw HTML block that holds more than comments."""
        lines: list[int] = self.view("html-lines", lambda doc: sorted(doc.html_lines))
        position = bisect.bisect_left(lines, first_line)
        return position < len(lines) and lines[position] < end_line

    def blocks_in(self, section: Section, include_heading: bool = False) -> list[Block]:
        start = section.first_line if include_heading else section.body_first_line
        return self.blocks_between(start, section.end_line)

    def label_body(self, label: Label) -> list[Block]:
        """Blocks that carry a label's value when its own line has none (``**Impact**`` then a list)."""
        owner = self.blocks[label.block]
        body: list[Block] = []
        if owner.list_item is not None:
            item = self.list_items[owner.list_item]
            return [block for block in self.blocks
                    if block.index != owner.index and item.first_line <= block.first_line < item.end_line]
        label_lines = {other.line for other in self.labels}
        for block in self.blocks[label.block + 1:]:
            if block.kind == "heading" or block.first_line in label_lines:
                break
            body.append(block)
        return body

    @property
    def title_span(self) -> Span:
        """Where document-level findings point: the first heading, else the first non-blank line."""
        if self.headings and self.headings[0].level == 1:
            return self.headings[0].span
        start = self.front_matter.last_line + 1 if self.front_matter else 0
        for index in range(start, self.source.line_count):
            if self.source.line_text(index).strip():
                return self.source.line_span(index)
        return Span(1, 1, 1, 1)
