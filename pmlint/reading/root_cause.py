"""The root cause analysis of a document as steps: whys, causal links, contributing factors and a trigger.

The analysis is every section whose heading names it ("Root Cause Analysis", "Five whys", "Contributing
Factors", "Root Causes" and "Trigger" of the Google layout...) outside the executive summary, read together
as one analysis; a document with no such heading is read from its bold labels (``**Root Causes**: ...``).
Its parts are read in the forms people write them:

- a whys list: "Why ...?" questions (as items, paragraphs, cells or sub-headings; the paragraph after a
  question is its answer) or two answers or more that start with "because" / "...because"; under a "Whys"
  heading with neither, the items of its list are its whys;
- contributing factors: the top-level items of a list (each one a cause);
- a causal chain in prose: each causal connective ("because", "which led to", "as a result") is a link;
- a trigger: a part named "Trigger".

Built once per document (``Document.view``) from sections, blocks, list items and labels, never tokens.
"""
from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field

from pmlint.model import Span
from pmlint.reading.document import Document
from pmlint.reading.parts import Block, Label
from pmlint.reading.prose import ProseSegment
from pmlint.reading.sections import normalize_heading
from pmlint.reading.summary import executive_summary, sections_for

ROOT_CAUSE_KEY = "root-cause-analysis"
# The sections the analysis is made of: the analysis itself, and where a template has them apart, the
# root cause it concludes with (Atlassian's "Root cause") and the trigger (Google's "Trigger").
_ANALYSIS_KEYS = (ROOT_CAUSE_KEY, "root-cause", "trigger")
# Leading marks an answer in a whys list starts with: "...because", "- because", "→ because", "2) Why".
_LEAD = " \t.\u2026-\u2013\u2014>*_:;,)(0123456789\u2192"
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# Blanks after a stop, question or exclamation mark or colon: where a "Why ...?" question may start.
_SENTENCE_SPLIT = re.compile(r"(?<=[.?!:])\s+")
# Where one sentence ends and the next starts: a stop, question or exclamation mark after a word, then
# blanks and a capital or a digit ("... failed. The pool ...").  A run of marks ("LINK!!!!") is no end.
# (The look-behind is written after the mark, which it reads too: re then scans for a mark instead of trying the
# look-behind at every position, four times faster.)
_SENTENCE_BREAK = re.compile(r"[.!?](?<![.!?][.!?])(?=\s+[\"'(\[]?[A-Z0-9])")


class CauseStep:
    """One step of the analysis: ``kind`` is "why", "link", "factor", "trigger" or "cause"; its text (single-spaced)
    and its span.

    A step read from a piece of prose (``CauseStep.at``) finds its text and span when first asked: the rule reads
    them only for a short analysis, and most are not (a tenth of reading an analysis went to them).
    """

    __slots__ = ("kind", "_text", "_span", "_piece", "_start", "_end")

    def __init__(self, kind: str, text: str, span: Span) -> None:
        self.kind = kind
        self._text: str | None = text
        self._span: Span | None = span
        self._piece: Piece | None = None
        self._start, self._end = 0, None

    @classmethod
    def at(cls, kind: str, piece: Piece, start: int = 0, end: int | None = None) -> CauseStep:
        """The step written in ``piece.text[start:end]``."""
        step = cls.__new__(cls)
        step.kind, step._text, step._span = kind, None, None
        step._piece, step._start, step._end = piece, start, end
        return step

    @property
    def text(self) -> str:
        if self._text is None:
            assert self._piece is not None
            self._text = _flat(self._piece.text[self._start:self._end])
        return self._text

    @property
    def span(self) -> Span:
        if self._span is None:
            assert self._piece is not None
            self._span = self._piece.span(self._start, self._end)
        return self._span

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CauseStep):
            return NotImplemented
        return (self.kind, self.text, self.span) == (other.kind, other.text, other.span)

    def __hash__(self) -> int:
        return hash((self.kind, self.text, self.span))

    def __repr__(self) -> str:
        return f"CauseStep(kind={self.kind!r}, text={self.text!r}, span={self.span!r})"


@dataclass(frozen=True)
class Piece:
    """A paragraph, list item line, heading or table cell of the analysis (or a label's value): its text,
    and where that text is in its prose segment."""

    kind: str  # a Block's kind: "paragraph", "heading" or "cell"
    text: str
    segment: ProseSegment = field(repr=False, compare=False)
    start: int  # offset of ``text`` in the segment's text
    list_item: int | None
    has_non_prose: bool

    def span(self, start: int = 0, end: int | None = None) -> Span:
        return self.segment.span(self.start + start, self.start + (len(self.text) if end is None else end))


@dataclass(frozen=True)
class AnalysisPart:
    """A section or label of the analysis and its role: "whys", "factors", "trigger" or "cause"."""

    role: str
    title: str
    span: Span  # the heading, or the label's name
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class RootCauseAnalysis:
    """The document's root cause analysis, read as steps."""

    parts: tuple[AnalysisPart, ...]
    whys: tuple[CauseStep, ...]
    factors: tuple[CauseStep, ...]
    links: tuple[CauseStep, ...]
    triggers: tuple[CauseStep, ...]
    # Statements of cause in prose (paragraphs, items and cells that are not whys or factors).
    causes: tuple[CauseStep, ...]
    sentences: int  # sentences of the prose that is neither a whys list nor a list of factors

    @property
    def span(self) -> Span:
        """Where a finding about the whole analysis points: its first heading or label."""
        return self.parts[0].span

    @property
    def text(self) -> str:
        """The analysis' text, part after part, one space between pieces (for a report: which incidents share
        a root cause)."""
        return " ".join(_flat(piece.text) for part in self.parts for piece in part.pieces if piece.text)

    @property
    def only_trigger(self) -> bool:
        """Whether the analysis names a trigger and nothing else."""
        return bool(self.triggers) and not (self.whys or self.factors or self.causes)

    @property
    def statements(self) -> int:
        """What the analysis states besides a whys list: one per factor (list item), sentence of prose, why
        asked and trigger."""
        return len(self.factors) + self.sentences + len(self.whys) + len(self.triggers)

    @property
    def chain_steps(self) -> int:
        """Steps of the causal chain: a cause, one more per link, and the trigger beside a cause."""
        if not (self.causes or self.factors or self.whys):
            return 1 if self.triggers else 0
        return 1 + len(self.links) + (1 if self.triggers else 0)

    @property
    def is_whys_list(self) -> bool:
        """Whether the analysis is written as a whys list: under a whys heading, or two whys or more (a
        single "Why ...?" in a narrative is a question, not the method)."""
        return len(self.whys) >= 2 or any(part.role == "whys" for part in self.parts)

    @property
    def depth(self) -> int:
        """For a whys list, the whys asked (the method counts them), and one more for a cause stated beside
        them in prose (Atlassian's "Root cause" after its "Five whys"); else the steps of the causal chain."""
        if self.is_whys_list:
            return len(self.whys) + (1 if self.causes else 0)
        return self.chain_steps + len(self.whys)

    @property
    def single_statement(self) -> bool:
        """Whether the analysis, when not a whys list, is one statement: one sentence naming one cause, or
        only a trigger. Two sentences or more name more than the first cause, in ways steps cannot count."""
        return self.statements <= 1

    @property
    def last_step(self) -> CauseStep | None:
        """The answer the analysis stops at: the last why, else the last cause stated."""
        for steps in (self.whys, self.factors, self.causes, self.triggers):
            if steps:
                return steps[-1]
        return None


def root_cause_analysis(doc: Document, connectives: tuple[str, ...]) -> RootCauseAnalysis | None:
    """The document's root cause analysis (None when it has none), with ``connectives`` as the causal
    links of its prose (lower-case phrases: "because", "led to", ...). Built once per document."""
    return doc.view("root-cause:" + "|".join(connectives), lambda document: _read(document, connectives))


def _read(doc: Document, connectives: tuple[str, ...]) -> RootCauseAnalysis | None:
    parts = _parts(doc)
    if not parts:
        return None
    phrases = _phrases(connectives)
    scan = _link_scan(tuple(phrase for starting in phrases.values() for phrase in starting))
    whys: list[CauseStep] = []
    factors: list[CauseStep] = []
    links: list[CauseStep] = []
    triggers: list[CauseStep] = []
    causes: list[CauseStep] = []
    sentences = 0
    for part in parts:
        prose = [piece for piece in part.pieces if piece.kind != "heading" or _is_question(piece.text)]
        if part.role == "trigger":
            text = _flat(" ".join(piece.text for piece in prose))
            if text or any(piece.has_non_prose for piece in prose):
                triggers.append(CauseStep("trigger", text, part.span))
            continue
        part_whys = _whys(doc, part, prose)
        for piece in part_whys:
            step = CauseStep.at("why", piece)
            whys.extend([step] * max(1, _questions_in(piece.text)))
        if part.role == "whys" or (part_whys and not _is_question(part_whys[0].text)):
            continue  # the other paragraphs of a whys list are the problem it asks about
        # The paragraph after a question is its answer: part of the why, not a cause of its own.
        answered = {id(piece) for piece in _answers(prose, part_whys)}
        prose = [piece for piece in prose if id(piece) not in answered]
        part_factors = [piece for piece in _outer_items(doc, prose) if id(piece) not in answered]
        listed = {id(piece) for piece in part_factors}
        factors.extend(CauseStep.at("factor", piece) for piece in part_factors)
        for piece in prose:
            if not piece.text:
                continue
            links.extend(_links(piece, phrases, scan))
            if id(piece) in listed:
                continue
            causes.append(CauseStep.at("cause", piece))
            sentences += 1 + len(_SENTENCE_BREAK.findall(piece.text))
    return RootCauseAnalysis(tuple(parts), tuple(whys), tuple(factors), tuple(links), tuple(triggers),
                             tuple(causes), sentences)


def _parts(doc: Document) -> list[AnalysisPart]:
    """The sections of the analysis outside the summary; else its labels outside a titled summary."""
    summary = executive_summary(doc)
    parts: list[AnalysisPart] = []
    last_end = -1
    analysis = sections_for(doc, ROOT_CAUSE_KEY)
    if analysis:
        # Atlassian's "Root cause" and Google's "Trigger" join the analysis; alone they are not one (the
        # missing analysis is PM001's finding).
        sections = {section.first_line: section for key in _ANALYSIS_KEYS for section in sections_for(doc, key)}
    else:
        sections = {}
    for section in (sections[line] for line in sorted(sections)):
        if section.heading is None or section.first_line < last_end:
            continue  # nested in a section of the analysis already read
        if any(other.first_line <= section.first_line < other.end_line for other in summary):
            continue  # "### Root Cause" of the executive summary: the one-sentence field the guide asks for
        last_end = section.end_line
        pieces = tuple(_piece(block) for block in doc.blocks_in(section) if not _header_cell(doc, block))
        parts.append(AnalysisPart(_role(section.title), section.title, section.heading.span, pieces))
    if parts:
        return parts
    titled = [section for section in summary if section.heading is not None]
    if not doc.find_labels(ROOT_CAUSE_KEY):
        return parts
    labels = {label.line: label for key in _ANALYSIS_KEYS if _known(doc, key) for label in doc.find_labels(key)}
    for label in (labels[line] for line in sorted(labels)):
        if not label.deliberate or any(other.first_line <= label.line < other.end_line for other in titled):
            continue
        parts.append(AnalysisPart(_role(label.name), label.name, label.name_span, _label_pieces(doc, label)))
    return parts


def _piece(block: Block) -> Piece:
    segment = block.segment
    text = segment.text
    start = len(text) - len(text.lstrip())
    return Piece(block.kind, text.strip(), segment, start, block.list_item, segment.has_non_prose)


def _known(doc: Document, key: str) -> bool:
    try:
        doc.catalog.section(key)
    except KeyError:
        return False
    return True


def _label_pieces(doc: Document, label: Label) -> tuple[Piece, ...]:
    """A label's value: the rest of its line, else the blocks under it."""
    if label.value.strip() and label.value_in is not None:
        value = label.value_in.text[label.value_start:label.value_end]
        start = label.value_start + len(value) - len(value.lstrip())
        block = doc.blocks[label.block]
        return (Piece("paragraph", value.strip(), label.value_in, start, block.list_item, False),)
    return tuple(_piece(block) for block in doc.label_body(label) if not _header_cell(doc, block))


def _header_cell(doc: Document, block: Block) -> bool:
    """A table's header cell ("Why?", "Answer") names a column; it is no step of the analysis."""
    return block.kind == "cell" and block.table is not None and block.first_line == doc.tables[block.table].first_line


def _role(title: str) -> str:
    words = set(normalize_heading(title).split())
    if "whys" in words or "why" in words and words & {"5", "five"}:
        return "whys"
    if words & {"trigger", "triggers"} and not words & {"cause", "causes"}:
        return "trigger"
    if words & {"factor", "factors"}:
        return "factors"
    return "cause"


def _is_question(text: str) -> bool:
    """Whether a text opens with a "Why ...?" question (after list marks, numbering or an ellipsis)."""
    opening = text.lstrip(_LEAD).lower()
    return opening.startswith("why") and not opening[3:4].isalpha() and "?" in opening


def _questions_in(text: str) -> int:
    """How many "Why ...?" questions a text asks: "Why did logins fail? The store refused. Why? ..." is two
    (each sentence, or text after a colon, that opens with "why" and ends with a question mark)."""
    count = 0
    for sentence in _SENTENCE_SPLIT.split(text.lstrip(_LEAD)):
        if sentence[:3].lower() == "why" and not sentence[3:4].isalpha():
            ends = [index for index in (sentence.find("."), sentence.find("!"), sentence.find("?")) if index != -1]
            count += bool(ends) and sentence[min(ends)] == "?"
    return count


def _whys(doc: Document, part: AnalysisPart, prose: list[Piece]) -> list[Piece]:
    """The pieces of a part that are whys: "Why ...?" questions, or answers opening with "because"; under
    a whys heading with neither, the items of its outermost list."""
    questions = [piece for piece in prose if _is_question(piece.text)]
    answers = []
    for piece in prose:
        opening = piece.text.lstrip(_LEAD).lower()
        if opening.startswith("because") and not opening[7:8].isalpha():
            answers.append(piece)
    if len(answers) < 2 and part.role != "whys":
        answers = []  # one paragraph that opens with "Because" is prose, not a whys list
    if questions or answers:
        return questions if len(questions) >= len(answers) else answers
    if part.role == "whys":
        return _outer_items(doc, prose)
    return []


def _answers(prose: list[Piece], questions: list[Piece]) -> list[Piece]:
    """The questions and the piece after each (its answer, unless it is a question too)."""
    asked = {id(piece) for piece in questions}
    found: list[Piece] = []
    for index, piece in enumerate(prose):
        if id(piece) in asked:
            found.append(piece)
            following = prose[index + 1] if index + 1 < len(prose) else None
            if following is not None and id(following) not in asked:
                found.append(following)
    return found


def _outer_items(doc: Document, prose: list[Piece]) -> list[Piece]:
    """The first paragraph of each outermost list item: each item states a cause (or answers a why)."""
    depths = [doc.list_items[piece.list_item].depth for piece in prose
              if piece.list_item is not None and piece.kind == "paragraph"]
    if not depths:
        return []
    top = min(depths)
    items: list[Piece] = []
    seen: set[int] = set()
    for piece in prose:
        item = piece.list_item
        if item is None or piece.kind != "paragraph" or item in seen or not piece.text:
            continue
        if doc.list_items[item].depth == top:
            seen.add(item)
            items.append(piece)
    return items


@functools.lru_cache(maxsize=16)
def _phrases(connectives: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    """Each connective's first word -> the connectives (as word tuples) that start with it, longest first.
    Built once for a wordlist (shared by every document: read, never changed)."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for entry in connectives:
        words = tuple(_WORD.findall(entry.lower()))
        if words:
            found.setdefault(words[0], []).append(words)
    for starting in found.values():
        starting.sort(key=len, reverse=True)
    return found


@functools.lru_cache(maxsize=16)
def _link_scan(phrases: tuple[tuple[str, ...], ...]) -> re.Pattern[str] | None:
    """A search that finds something in a lower-cased text whenever ``_links`` could find a link in it.

    A phrase is found by ``_links`` when its words are consecutive words of the text: each word starts
    after a character that is no letter a to z (a word is a run of them), the words are apart by at
    least one such character, and the last is followed by none. So each phrase is spelled here with
    ``[^a-z]+`` between its words, after ``[^a-z]`` and before ``(?![a-z])``, and is searched for in the
    text after a blank (``" " + lowered``: a phrase at the start of the text has a character before it
    too); the phrases are grouped by their first letter, so the engine tries one group at a place, not
    every phrase. The leading ``[^a-z]`` (not a look-behind) lets the engine skip to the next character
    that is no letter, a fifth of the text, instead of trying at every position: a third faster. Most
    pieces of an analysis (nine in ten) hold no link: they are passed over without splitting them into words."""
    groups: dict[str, list[str]] = {}
    for words in phrases:
        spelled = "[^a-z]+".join(re.escape(word) for word in words)
        groups.setdefault(spelled[0], []).append(spelled[1:])
    if not groups or not all(first.isalpha() and first.isascii() for first in groups):
        return None
    alternation = "|".join(f"{first}(?:{'|'.join(sorted(rests, key=len, reverse=True))})"
                           for first, rests in groups.items())
    return re.compile(rf"[^a-z](?:{alternation})(?![a-z])")


def _links(piece: Piece, phrases: dict[str, list[tuple[str, ...]]],
           scan: re.Pattern[str] | None = None) -> list[CauseStep]:
    """The causal connectives of a piece's prose, each a link of the chain, at its words. ``scan`` is
    ``phrases``'s ``_link_scan``, which passes over a piece without a link (None: every piece is read)."""
    text = piece.text
    # The words' places are the text's: "\u0130" is the one character that lower() makes two ("i" and a
    # combining dot), which would move every place after it by one.
    lowered = text.lower() if "\u0130" not in text else text.replace("\u0130", "I").lower()
    first = 0  # where the words are read from
    if scan is not None:
        found = scan.search(" " + lowered)
        if found is None:
            return []
        # No link starts before the scan's first find (its [^a-z] is at ``found.start() - 1`` here). A
        # character there other than an apostrophe is in no word (a word is letters a to z and apostrophes),
        # so the words read from it are the text's words from there on; after an apostrophe, from the start.
        if found.start() > 0 and lowered[found.start() - 1] != "'":
            first = found.start() - 1
    words = _WORD.findall(lowered, first)
    steps: list[CauseStep] = []
    matches: list[re.Match[str]] | None = None  # the words' places: found only in a piece with a link
    free = 0  # the first word not inside a link found
    # Only the words a connective starts with are tried, picked out without a loop in Python over every word.
    for index in itertools.compress(range(len(words)), map(phrases.__contains__, words)):
        if index < free:
            continue
        for phrase in phrases[words[index]]:
            if len(phrase) == 1 or tuple(words[index:index + len(phrase)]) == phrase:
                if matches is None:
                    matches = list(_WORD.finditer(lowered, first))
                start, end = matches[index].start(), matches[index + len(phrase) - 1].end()
                steps.append(CauseStep.at("link", piece, start, end))
                free = index + len(phrase)
                break
    return steps


def _flat(text: str) -> str:
    return " ".join(text.split())
