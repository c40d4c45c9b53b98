"""PM403 jargon: technical terms, undefined acronyms and code in the sections written for every reader."""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from pmlint.checks.registration import RuleContext, check
from pmlint.language.wordlists import Wordlist, first_words, phrase_alternation
from pmlint.model import Violation
from pmlint.patterns import LazyPattern
from pmlint.reading.document import Document
from pmlint.reading.parts import Block, Section
from pmlint.reading.prose import ProseSegment
from pmlint.reading.summary import executive_summary

# Two or more capitals and an optional plural "s": SLO, SLOs. Names with digits (EC2, CAT1) are
# product and model names, "TL;DR" is not two acronyms, "$SEFI" is a token's ticker, and "README.md" or
# "ASP.NET" is a file or a product.
# The look-behinds are written after the first capital, which they read too ("(?<![\w\-./@#$][A-Z])" after a
# capital is "(?<![\w\-./@#$])" before it): a pattern that opens with a capital is searched for with a fast scan
# of the text, one that opens with a look-behind is tried at every position (twice as slow).
_ACRONYM = LazyPattern(r"([A-Z](?<![\w\-./@#$][A-Z])(?<![A-Z];[A-Z])[A-Z]+)(s?)(?![\w\-/@]|;[A-Z]|\.\w)")
# The lookahead admits a '(' only where the plain form, \s*\(\s*([^()]{3,})\), can match, so that
# spaces after an unclosed '(' are not tried again from every position (quadratic).
# The explanation may wrap onto the paragraph's next line ("(the component that routes web\ntraffic)"); a
# paragraph has no blank line, and [^()] stops at the next bracket: linear.
_EXPLANATION_AFTER = LazyPattern(r"\s*\((?=\s*(?:[^\s()][^()]{2,}|(?<=[^\S\n])[^\s()][^()\n]|(?<=[^\S\n]{2})[^\s()]"
                                r"|(?<=[^\S\n]{3}))\))\s*([^()]{3,})\)")
# "runners, meaning ...", "mempool (= the queue of ...)", "X, i.e. ...", "X - that is, ...", a footnote
# "X[^x]": an explanation that follows the term. Anchored at the term's end and without nested repetition: linear.
# Also an apposition: "HELIX, our laboratory information system, ...", a noun phrase with no verb ("In the
# CDN, the cache was cold," is a clause). Not a "which" clause: "a new GCC, which rejects implicit conversions"
# tells what it did, not what it is.
_GLOSS_AFTER = LazyPattern(r"[’']?[ \t]*(?:\[\^|\([ \t]*(?:=|i\.?e\.?|aka\b|meaning\b)"
                          r"|(?:,|[ \t][-–—])[ \t]*(?:i\.e\.|meaning\b|which means\b|that is\b|aka\b|also known as\b)"
                          r"|,[ \t\n]+(?:our|an?|the)[ \t\n]+(?![^,.;:()\n]{0,60}\b(?:was|were|is|are|be|been|has|have|had"
                          r"|did|does|do|can|could|will|would|should|may|might|must|went|got)\b)[^,.;:()\n]{3,60},)",
                          re.IGNORECASE)
# "... are called runners", "a technique known as sharding": the words before the term introduce it.
_GLOSS_BEFORE = LazyPattern(r"\b(?:called|known as|named|termed)[ \t\n]+(?:an?[ \t\n]+|the[ \t\n]+)?$", re.IGNORECASE)
# The word such an introduction names ("are called runners"): later terms with that word are explained.
_INTRODUCED = LazyPattern(r"\b(?:called|known as|termed)[ \t\n]+(?:an?[ \t\n]+|the[ \t\n]+)?[\"“']?([A-Za-z][\w-]*)",
                         re.IGNORECASE)
# An acronym that decides, announces or employs is an organisation ("CNI determined", "DFDS engineers").
_ORGANISATION = LazyPattern(r"(?<![\w\-./@#$])([A-Z]{2,})[ \t\n]+(?:determined|decided|announced|concluded|believes|"
                           r"apologi[sz]es|apologi[sz]ed|engineers|employees|staff)\b")
# One of these words is in every match of _ORGANISATION (a block without any is not searched).
_ORGANISATION_WORDS = frozenset(("determined", "decided", "announced", "concluded", "believes", "apologises",
                                 "apologizes", "apologised", "apologized", "engineers", "employees", "staff"))
# An amount ("11m DAI", "2.7m DAI", "11,435.95 GUSD", "24k USDC") is followed by its unit or token ticker,
# a name, not jargon. A bare count ("2 DNS servers") is not an amount.
_AMOUNT_BEFORE = LazyPattern(r"\d(?:[.,]\d+[kKmMbB]?|[kKmMbB]|bn)[ \t]?$")
# Code written as prose: snake_case, lowerCamelCase, dotted.names and calls().
_SNAKE = LazyPattern(r"(?<![\w\-./@#$\[])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![\w\-/@\]]|\.\w)")
_CAMEL = LazyPattern(r"(?<![\w\-./@#$\[])[a-z]{2,}[A-Z][a-z][A-Za-z0-9]*(?![\w\-/@\]]|\.\w)")
_DOTTED = LazyPattern(r"(?<![\w\-./@#$\[])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?:\(\))?(?![\w\-/@\]]|\.\w)")
_CALL = LazyPattern(r"(?<![\w\-./@#$\[])[A-Za-z_]\w*\(\)")
# What _CAMEL and _DOTTED cannot match without: a lower-case letter just before a capital, a dot just
# before a letter or an underscore.
_CAMEL_NEEDS = LazyPattern(r"[a-z][A-Z]")
_DOTTED_NEEDS = LazyPattern(r"\.[A-Za-z_]")
# An exception or error type ("TypeError", "NullPointerException"): a name only code has.
_ERROR_TYPE = LazyPattern(r"(?<![\w\-./@#$\[])(?:[A-Z][a-z0-9]+)+(?:Error|Exception)(?![\w\-/@\]]|\.\w)")
# Roman numerals made of I, V and X ("Phase II") are numbers, not acronyms.
_ROMAN = LazyPattern(r"X{0,3}(?:IX|IV|V?I{0,3})")
# Last parts that make a dotted name a domain or a file name, not code.
_NOT_CODE_SUFFIXES = frozenset(
    "ai app cc ch co com de dev eu fr gg gov info io it js json jsx md me net nl org py rb rs sh sol toml ts tsx "
    "txt uk us xyz yaml yml".split())
# How much of the text read before an acronym is searched for the words that spell it out.
_EARLIER_CHARS = 1500
# How far either side of an acronym its sentence is read (a "sentence" without punctuation can be a page).
_SENTENCE_CHARS = 400
_NEXT_WORD = LazyPattern(r"[ \t]{1,8}[\w-]+")
_SENTENCE_END = LazyPattern(r"[.!?][\"'’”)]*(?=\s)|\n[ \t]*\n")
_QUOTES = {'"': '"', "“": "”", "«": "»"}
_QUOTE_OPENER = LazyPattern("[" + "".join(_QUOTES) + "]")
_WORDS_AND_BREAKS = LazyPattern(r"[A-Za-z][A-Za-z']*|[,;:.!?()\[\]]")
_SMALL_WORDS = frozenset("a an and as at by for from in of on or the to with".split())
# A block quote that opens with one of these is the writer's own note, not quoted material.
_CALLOUT = LazyPattern(r"\s*(?:\[!\w+\]|(?:note|warning|tip|important|caution|update|edit|info)\b)", re.IGNORECASE)
# Front matter keys that name the organisation, its products and the incident's subject.
_NAME_KEYS = ("title", "organisation", "organization", "org", "company", "product", "products", "service",
              "services", "affected_services", "affected-services", "project", "system", "systems", "component",
              "components", "application", "applications", "app", "team", "teams")
# A capitalised word (not all capitals: "AWS EKS" are two acronyms) just before an acronym.
_NAME_BEFORE = LazyPattern(r"(?<![\w\-./@#$])([A-Z][a-z][A-Za-z]*)[ \t\n]+$")
# Acronyms that end products' names ("Cosmos SDK", "Relay API", "Heroku CLI"): kinds of product, not
# conditions or parts ("System OOM", "Postgres DB" are jargon whatever comes before them).
_PRODUCT_KINDS = frozenset({"API", "APIs", "CLI", "SDK", "SDKs"})
_LOWER_WORD_BEFORE = LazyPattern(r"(?<![\w\-./@#$])[a-z]+[ \t\n]+$")
_LOWER_WORD = LazyPattern(r"(?<![\w\-./@#$])[a-z]+(?![\w\-/@]|\.\w)")
_POSSESSIVE = LazyPattern(r"(?<![\w\-./@#$])([A-Z]{2,})(?:'s|’s|'|’)(?!\w)")
# What every match of _POSSESSIVE and _ORGANISATION holds; with no look-behind in front, a fast scan.
_CAPITAL_PAIR = LazyPattern(r"[A-Z]{2}")


@dataclass(frozen=True)
class _Vocabulary:
    """What the rule reads its findings against, built once per document."""

    allowed: frozenset[str]  # casefolded terms and acronyms never reported
    names: frozenset[str]  # casefolded names: organisation, products, vendors, tickers
    status: frozenset[str]  # capitalised status and emphasis words (PASS, DOWN, NOT)
    common_phrases: tuple[tuple[str, tuple[str, ...]], ...]  # ("IP", ("address",)): common in that phrase
    terms: Wordlist
    expansions: Wordlist
    # The words the document writes in lower case somewhere (not names), read from every block when first
    # asked for: only an acronym such as "API" after a capitalised word asks.
    lowercase: Callable[[], frozenset[str]]


@dataclass
class _Reading:
    """What the reader has met so far in the audience-facing sections."""

    reported: set[str] = field(default_factory=set)  # terms (casefolded), acronyms and identifiers seen
    introduced: set[str] = field(default_factory=set)  # words introduced by "called X" (casefolded)
    earlier: str = ""  # the end of the text read before this block (_EARLIER_CHARS at most)


@check("PM403")
def jargon(document: Document, context: RuleContext) -> Iterator[Violation]:
    """Report jargon, acronyms not spelled out at first use, and code written as prose in the
    audience-facing sections: the summary by default, without quoted material (block quotes, text in
    double quotes) and without the nested sections that belong elsewhere (a ``### Timeline`` inside it).

    Names are not jargon: the organisation's (title, front matter, ``allow``), vendors', token tickers
    and amounts' units, and capitalised status words. Each term, acronym or identifier is reported
    once per document, at its first use that is not explained.
    """
    keys = list(context.options["sections"]) or [document.catalog.summary_section or "summary"]
    vocabulary = _vocabulary(document, context)
    jargon_pattern = _jargon_pattern(vocabulary.terms.entries)
    # The blocks that can hold a term: those with a term's first word, or that word with the plural "s"
    # the pattern allows. Most blocks have none and are not scanned with the whole wordlist.
    starts = first_words(vocabulary.terms.entries)
    term_words = None if starts is None else _with_plurals(starts)
    # The document's words among them, once: has_words intersects the document's words with the words it
    # is given at every block, and it answers the same for this part of term_words (the rest is not in it).
    present = None if term_words is None else document.prose_words.intersection(term_words)
    defined = _defined_acronyms(document)
    reading = _Reading()
    for block in _audience_blocks(document, keys):
        segment = block.segment
        text = segment.text
        quoted = _quoted_ranges(text)
        # The shouted lines and the sentence ends are read only by _acronym: not worked out for the two
        # blocks in three without an acronym.
        acronyms = list(_ACRONYM.finditer(text))
        shouted = _shouted_lines(text) if acronyms else []
        ends = _sentence_ends(text) if acronyms else []
        introductions = _introductions(text)
        introduced = 0
        has_terms = present is None or document.has_words(block, present)
        for match in jargon_pattern.finditer(text) if has_terms else ():
            while introduced < len(introductions) and introductions[introduced][0] < match.start():
                reading.introduced.add(introductions[introduced][1])
                introduced += 1
            yield from _jargon_term(match, segment, vocabulary, quoted, reading)
        reading.introduced |= {word for _, word in introductions}
        runs: list[tuple[int, int, Violation]] = []  # (start, end, finding) of each reported acronym
        for match in acronyms:
            for violation in _acronym(match, segment, vocabulary, quoted, shouted, ends, defined, reading):
                runs.append((match.start(1), match.end(), violation))
        yield from _joined_acronyms(segment, runs)
        for start, end in _code_identifiers(text):
            identifier = text[start:end]
            if identifier.casefold() in vocabulary.allowed or identifier in reading.reported or _inside(quoted, start):
                continue
            reading.reported.add(identifier)
            yield Violation(segment.span(start, end), kind="code", args={"term": identifier}, suggestion=None)
        reading.earlier = (reading.earlier + "\n" + text)[-_EARLIER_CHARS:]


# Each word _INTRODUCED opens with, lower-cased: an ASCII text without one introduces no word.
_INTRODUCING = ("called", "known as", "termed")


def _introductions(text: str) -> list[tuple[int, str]]:
    """Where ``text`` introduces a word ("... are called runners") and the word, casefolded, without a final "s".

    In ASCII text (where IGNORECASE folds only A-Z: not "\u212a" to "k") a match holds one of
    ``_INTRODUCING`` in the text lower-cased; a few substring tests pass over most texts for less than
    the search.
    """
    if text.isascii():
        lowered = text.lower()
        if not any(word in lowered for word in _INTRODUCING):
            return []
    return [(found.start(), found.group(1).casefold().removesuffix("s")) for found in _INTRODUCED.finditer(text)]


def _jargon_term(match: re.Match[str], segment: ProseSegment, vocabulary: _Vocabulary,
                 quoted: list[tuple[int, int]], reading: _Reading) -> Iterator[Violation]:
    terms = vocabulary.terms
    text = segment.text
    written = match.group(0)
    term = terms.entry_for(written) or (terms.entry_for(written[:-1]) if written.endswith("s") else None)
    if term is None or term.casefold() in vocabulary.allowed or term.casefold() in reading.reported:
        return
    if _inside(quoted, match.start()) or text.endswith("[^", 0, match.start()):
        return  # someone else's words, quoted as they were written; a footnote's label
    reading.reported.add(term.casefold())
    if _explained(text, match.start(), match.end()):
        return  # "failover (switching to a standby database)": explained at first use
    if any(word.casefold().removesuffix("s") in reading.introduced for word in re.split(r"[\s-]+", written)):
        return  # "... are called runners": "self-hosted runners" later is understood
    # In a compound ("failover-ready", "k8s-hosted") the plain wording would not fit in its place.
    plain = None if text.startswith("-", match.end()) else terms.replacements.get(term)
    yield Violation(segment.span(*match.span()), kind="default" if plain else "no-plain",
                    args={"term": " ".join(written.split()), "plain": plain or ""}, suggestion=plain)


def _acronym(match: re.Match[str], segment: ProseSegment, vocabulary: _Vocabulary, quoted: list[tuple[int, int]],
             shouted: list[tuple[int, int]], ends: list[int], defined: dict[str, int],
             reading: _Reading) -> Iterator[Violation]:
    text = segment.text
    acronym = match.group(1)
    folded = acronym.casefold()
    if acronym in reading.reported or folded in vocabulary.allowed \
            or (acronym + match.group(2)).casefold() in vocabulary.allowed:
        return
    if folded in vocabulary.names or acronym in vocabulary.status or _ROMAN.fullmatch(acronym):
        return  # a name, a status word, or a number ("Phase II")
    if _inside(shouted, match.start()) or _inside(quoted, match.start()):
        return  # a line in capitals is shouting; a quotation is someone else's words
    if not match.group(2) and _after_amount(text, match.start()):
        return  # "11m DAI": the unit of an amount
    reading.reported.add(acronym)
    if acronym in _PRODUCT_KINDS and _after_product_name(text, match.start(), ends, vocabulary.lowercase):
        return  # "the Cosmos SDK", "the Relay API": a product's name, and "API requests" later mean its requests
    if _in_common_phrase(text, match.end(), acronym, vocabulary.common_phrases):
        return  # "IP address": every reader knows it, and "this IP" later means that address
    first_definition = defined.get(acronym)
    if first_definition is not None and first_definition <= segment.source_offset(match.start()):
        return
    start, end = _sentence_around(text, ends, match.start())
    start, end = max(start, match.start() - _SENTENCE_CHARS), min(end, match.end() + _SENTENCE_CHARS)
    if _spelled_out_in(text[start:match.start()], acronym) or _spelled_out_in(text[match.end():end], acronym):
        return  # "QC PASS ... quality control rules": spelled out in the same sentence
    if _spelled_out_in((reading.earlier + "\n" + text[:start])[-_EARLIER_CHARS:], acronym):
        return  # "fast forward spends ... FF spends": the reader has met the words already
    if _GLOSS_AFTER.match(text, match.end()) or _GLOSS_AFTER.match(_after_next_word(text, match.end(), end)):
        return  # "SPY contracts (= reward pools' contracts)"
    if _GLOSS_BEFORE.search(text, max(0, match.start() - 24), match.start()):
        return  # "the Earn contracts (also known as the SPY contracts)": a name for what was just said
    known = vocabulary.expansions.entry_for(acronym)
    expansion = vocabulary.expansions.replacements.get(known) if known else None
    plural = match.group(2)
    if expansion and plural:
        expansion = _plural(expansion)
    suggestion = f"{expansion} ({acronym}{plural})" if expansion else None
    late = first_definition is not None  # spelled out, but only after this first use
    # The span is the acronym as written, plural too: "SLOs" becomes "service level objectives (SLOs)".
    yield Violation(segment.span(match.start(1), match.end(2)), kind="acronym-late" if late else "acronym",
                    args={"acronym": acronym}, suggestion=suggestion)


def _joined_acronyms(segment: ProseSegment, runs: list[tuple[int, int, Violation]]) -> Iterator[Violation]:
    """The acronym findings of one block, those written side by side as one name ("the REST API",
    "a DNS TTL of 300 s") joined into one finding: one plain wording replaces them all."""
    text = segment.text
    index = 0
    while index < len(runs):
        start, end, violation = runs[index]
        last = index
        while (last + 1 < len(runs) and runs[last + 1][2].kind == violation.kind == "acronym"
               and text[runs[last][1]:runs[last + 1][0]] == " "):
            last += 1
        if last == index:
            yield violation
        else:
            end = runs[last][1]
            yield Violation(segment.span(start, end), kind="acronyms", args={"acronym": text[start:end]},
                            suggestion=None)
        index = last + 1


def _vocabulary(document: Document, context: RuleContext) -> _Vocabulary:
    terms = context.wordlist("jargon")
    expansions = context.wordlist("acronym-expansions")
    allowed, common_phrases, technical, known_names, status = _fixed_vocabulary(
        tuple(context.options["allow"]), context.wordlist("acronyms-common").entries, expansions.entries,
        terms.entries, context.wordlist("vendors").entries, context.wordlist("tickers").entries,
        context.wordlist("status-words").entries)
    names = known_names | {name for name in _document_names(document) if name not in technical}
    return _Vocabulary(allowed, names, status, common_phrases, terms, expansions,
                       functools.partial(_lowercase_words, document))


@functools.lru_cache(maxsize=16)
def _fixed_vocabulary(allow: tuple[str, ...], common: tuple[str, ...], expansions: tuple[str, ...],
                      terms: tuple[str, ...], vendors: tuple[str, ...], tickers: tuple[str, ...],
                      status: tuple[str, ...]) -> tuple[frozenset[str], tuple[tuple[str, tuple[str, ...]], ...],
                                                        frozenset[str], frozenset[str], frozenset[str]]:
    """What the vocabulary takes from the options and wordlists, built once for them, not for each document:
    the allowed terms, the common phrases, the technical terms, the known names and the status words."""
    allowed = {term.casefold() for term in allow}
    # "SLOs" allows "SLO" too, as "SLO" allows "SLOs".
    allowed |= {term[:-1].casefold() for term in allow if re.fullmatch(r"[A-Z]{2,}s", term)}
    common_phrases: list[tuple[str, tuple[str, ...]]] = []
    for entry in common:
        words = entry.split()
        if len(words) == 1:
            allowed.add(entry.casefold())
        else:
            common_phrases.append((words[0], tuple(word.casefold() for word in words[1:])))
    technical = frozenset(entry.casefold() for entry in (*expansions, *terms))
    names = frozenset(entry.casefold() for entry in (*vendors, *tickers))
    return frozenset(allowed), tuple(common_phrases), technical, names, frozenset(status)


def _document_names(document: Document) -> set[str]:
    """Casefolded acronyms the document uses as names: those in its title and naming front matter
    ("Bad AWS EKS AMI", "CATbleed"), those written as a possessor ("DFDS' usage"), and those that decide
    or employ ("CNI determined", "DFDS engineers")."""
    return document.view("pm403-names", _find_document_names)


def _find_document_names(document: Document) -> set[str]:
    texts: list[str] = []
    if document.headings and document.headings[0].level == 1:
        texts.append(document.headings[0].text)
    if document.front_matter is not None:
        for key in _NAME_KEYS:
            texts.extend(_strings(document.front_matter.data.get(key)))
    # Capital runs inside words ("CATbleed") and whole words, whatever their case ("Acme" names ACME).
    names = {run.casefold() for text in texts for run in re.findall(r"[A-Z]{2,}|[A-Za-z]{2,}", text)}
    # Only blocks with an apostrophe (what a possessive ends with) or one of an organisation's verbs, and
    # two capitals in a row (what both patterns start with), are searched: most blocks have none of them.
    organisations = {block.index for block in document.blocks_with_words(_ORGANISATION_WORDS)}
    for block in document.blocks:
        text = block.segment.text
        possessive = "'" in text or "’" in text
        organisation = block.index in organisations
        if not (possessive or organisation) or not _CAPITAL_PAIR.search(text):
            continue
        if possessive:
            names |= {match.group(1).casefold() for match in _POSSESSIVE.finditer(text)}
        if organisation:
            names |= {match.group(1).casefold() for match in _ORGANISATION.finditer(text)}
    return names


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [item for item in value if isinstance(item, str)]
    return []


def _audience_blocks(document: Document, keys: Iterable[str]) -> list[Block]:
    """The blocks of the audience-facing sections, in document order, less quoted material and
    nested sections that are other sections of the post-mortem."""
    chosen: dict[int, Block] = {}
    for key in keys:
        summary = key == document.catalog.summary_section
        for section in _summary_sections(document) if summary else document.outermost_sections(key):
            excluded = _nested_other_sections(document, section, key)
            quote_start: Block | None = None  # the first block of the block quote being read
            for block in document.blocks_in(section):
                quote_start = _quote_start(document, block, quote_start)
                if any(first <= block.first_line < end for first, end in excluded):
                    continue
                if quote_start is not None and not _CALLOUT.match(quote_start.segment.text):
                    continue  # a quoted email or statement: someone else's words
                chosen[block.index] = block
    return [chosen[index] for index in sorted(chosen)]


def _summary_sections(document: Document) -> list[Section]:
    """The summary's sections as PM403 reads them. An untitled opening followed straight away by a
    "What happened" section is the summary written for every reader; the narrative after it is the
    technical story (a blog post's "What happened" names the probes, certificates and CDN), which
    PM003 reads for the summary's facts but which is not held to plain language."""
    sections = executive_summary(document)
    if len(sections) > 1 and sections[0].heading is None:
        return sections[:1]
    return sections


def _nested_other_sections(document: Document, section: Section, key: str) -> list[tuple[int, int]]:
    """Line ranges of the sections nested in ``section`` that are other sections of the post-mortem
    ("### Timeline" under "## Summary"). A summary field's heading ("### Impact") stays in."""
    others = {spec.key for spec in document.catalog.sections} - {key}
    ranges = []
    for child in (document.sections[index] for index in section.children):
        child_keys = document.catalog.keys_for(child.title) if child.heading else frozenset()
        if child_keys & others and key not in child_keys:
            ranges.append((child.first_line, child.end_line))
        else:
            ranges.extend(_nested_other_sections(document, child, key))
    return ranges


def _quote_start(document: Document, block: Block, previous_start: Block | None) -> Block | None:
    """The first block of the block quote that ``block`` is in (None outside quotes), given the answer
    for the block before it: a quote that opens with "**Note:**" is the writer's own note."""
    if not block.in_blockquote:
        return None
    if previous_start is not None and _continues_quote(document, block):
        return previous_start
    first = block
    while _continues_quote(document, first):
        first = document.blocks[first.index - 1]
    return first


def _continues_quote(document: Document, block: Block) -> bool:
    """Whether the block before ``block`` is in the same block quote."""
    if block.index == 0:
        return False
    before = document.blocks[block.index - 1]
    return before.in_blockquote and before.end_line >= block.first_line - 1


def _defined_acronyms(document: Document) -> dict[str, int]:
    """Each acronym spelled out somewhere, with the source offset of its first definition.

    "Service Level Objective (SLO)" and "SLO (service level objective)" both define SLO.
    """
    return document.view("pm403-definitions", _find_definitions)


def _find_definitions(document: Document) -> dict[str, int]:
    found: dict[str, int] = {}
    for block in document.blocks:
        text = block.segment.text
        if "(" not in text:
            continue  # a definition is in brackets, "(SLO)" or "SLO (service level objective)": most blocks have none
        for match in _ACRONYM.finditer(text):
            acronym = match.group(1)
            inside = text[max(0, match.start() - 1):match.start()] == "(" and text[match.end():match.end() + 1] == ")"
            if inside and _initials_before(text[max(0, match.start() - 200):match.start() - 1], acronym):
                defines = True
            else:
                after = _EXPLANATION_AFTER.match(text, match.end())
                defines = bool(after and len(after.group(1).split()) >= 2 and after.group(1)[:1].isalpha()
                               and not _ACRONYM.fullmatch(after.group(1).strip())
                               and _initials_after(after.group(1), acronym))
            if defines:
                offset = block.segment.source_offset(match.start())
                found[acronym] = min(offset, found.get(acronym, offset))
    return found


def _initials_before(text: str, acronym: str) -> bool:
    """Whether "(SLO)" follows words that could spell it out ("Service Level Objective").

    Lenient on purpose: a writer who puts an acronym in parentheses after words is defining it, and
    real expansions skip letters ("Kubernetes (K8S)", "PostgreSQL (PG)"). One of the words before
    must start with the acronym's first letter.
    """
    return _one_starts_like(re.findall(r"[A-Za-z][\w'-]*", text)[-(len(acronym) + 3):], acronym)


def _initials_after(text: str, acronym: str) -> bool:
    """Whether the words in "SLO (service level objective)" could spell the acronym out, as leniently as
    ``_initials_before``: one of the first words starts with its first letter. An aside in brackets
    ("CI (and IMO that's not necessary)") defines nothing."""
    return _one_starts_like(re.findall(r"[A-Za-z][\w'-]*", text)[:len(acronym) + 3], acronym)


def _one_starts_like(words: list[str], acronym: str) -> bool:
    """Whether one of ``words`` that is not a small word starts with the acronym's first letter."""
    first = acronym[0].lower()
    return any(word[0].lower() == first for word in words if word.lower() not in _SMALL_WORDS)


def _spelled_out_in(text: str, acronym: str) -> bool:
    """Whether consecutive words of ``text`` have the acronym's letters as initials ("quality
    control" for QC, "liquidity-provider" for LP, "Infrastructure as Code" for IAC). A small word
    may stand for a letter or be skipped inside the spelling, never start it; other spelling words
    have three letters or more, so "in place" does not spell IP. The spelling ends on such a word and
    does not run across punctuation: "reverted the configuration, and" does not spell RCA."""
    letters = acronym.lower()
    words = _WORDS_AND_BREAKS.findall(text.replace("-", " ").lower())
    if not set(letters) <= {word[0] for word in words}:
        return False
    states: set[int] = set()
    for word in words:
        if not word[0].isalpha():
            states = set()  # a comma, a full stop or a bracket ends the run of words
            continue
        small = word in _SMALL_WORDS
        advanced = {state for state in states if small}  # a small word may be skipped
        for state in (*states, 0):
            fits = (small or len(word) >= 3) if state else (not small and len(word) >= 3)
            if fits and word[0] == letters[state]:
                if state + 1 == len(letters):
                    if not small:
                        return True
                    continue
                advanced.add(state + 1)
        states = advanced
    return False


def _sentence_ends(text: str) -> list[int]:
    return [match.end() for match in _SENTENCE_END.finditer(text)]


def _sentence_around(text: str, ends: list[int], index: int) -> tuple[int, int]:
    position = bisect.bisect_right(ends, index)
    start = ends[position - 1] if position > 0 else 0
    end = ends[position] if position < len(ends) else len(text)
    return start, end


def _after_next_word(text: str, index: int, limit: int) -> str:
    """The text after the word that follows ``index`` ("SPY contracts’ (=...)": from after "contracts")."""
    match = _NEXT_WORD.match(text, index, limit)
    return text[match.end():limit] if match else ""


def _explained(text: str, start: int, end: int) -> bool:
    """Whether a jargon term is explained where it is used: in parentheses or a gloss after it, or
    introduced by "called" or "known as" before it."""
    return bool(_EXPLANATION_AFTER.match(text, end) or _GLOSS_AFTER.match(text, end)
                or _GLOSS_BEFORE.search(text, max(0, start - 24), start))


def _plural(expansion: str) -> str | None:
    """The plural of an acronym's expansion ("virtual machines" for VMs), or None where adding "s" would
    not make one ("out of memory", "Common Vulnerabilities and Exposures", "total value locked")."""
    return None if expansion[-1:] in ("s", "x", "y", "z", "h", "d") else expansion + "s"


def _after_amount(text: str, index: int) -> bool:
    """Whether an amount ("2.7m", "11,435.95", not a version such as "v2.1" or "1.270.0") ends just before ``index``."""
    found = _AMOUNT_BEFORE.search(text, max(0, index - 16), index)
    if found is None:
        return False
    token = text[:found.end()].split()[-1] if text[:found.end()].split() else ""
    return not token[:1] in ("v", "V") and token.count(".") < 2


def _after_product_name(text: str, index: int, ends: list[int], lowercase: Callable[[], frozenset[str]]) -> bool:
    """Whether the acronym at ``index`` ends a product's name: it follows a capitalised word inside a
    sentence, after a word in lower case ("built on the Cosmos SDK", "webhooks from the Relay API"),
    that the document never writes in lower case. A word that opens a sentence, a line or a list
    entry ("The API", "09:10 The API") is not a name."""
    found = _NAME_BEFORE.search(text, max(0, index - 40), index)
    if found is None or found.group(1).casefold() in lowercase():
        return False
    word_start = found.start(1)
    if not _LOWER_WORD_BEFORE.search(text, max(0, word_start - 30), word_start):
        return False  # the first word of a line, a sentence, a label's value or a quotation ("09:10 The API")
    position = bisect.bisect_right(ends, word_start)
    sentence_start = ends[position - 1] if position > 0 else 0
    return bool(text[sentence_start:word_start].strip())


def _lowercase_words(document: Document) -> frozenset[str]:
    """The words the document writes in lower case somewhere (an ordinary word, not a name)."""
    return document.view("pm403-lowercase-words", _find_lowercase_words)


def _find_lowercase_words(document: Document) -> frozenset[str]:
    words: set[str] = set()
    for block in document.blocks:
        words.update(_LOWER_WORD.findall(block.segment.text))
    return frozenset(words)


def _in_common_phrase(text: str, end: int, acronym: str, phrases: tuple[tuple[str, tuple[str, ...]], ...]) -> bool:
    """Whether the acronym ending at ``end`` begins a phrase every reader knows ("IP address")."""
    for first, rest in phrases:
        if first != acronym:
            continue
        following = [word.strip(".,;:!?()'\"").casefold() for word in text[end:end + 60].split()[:len(rest)]]
        if following[:-1] == list(rest[:-1]) and following[-1:] and following[-1] in _plural_forms(rest[-1]):
            return True
    return False


def _plural_forms(word: str) -> tuple[str, str, str]:
    return word, word + "s", word + "es"


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Text ranges between double quotation marks on one line ("PLEG is not healthy")."""
    ranges: list[tuple[int, int]] = []
    unclosed: set[str] = set()  # closers not found after some index: not after any later one either
    index = 0
    while True:
        opener = _QUOTE_OPENER.search(text, index)
        if opener is None:
            return ranges
        index = opener.start()
        closer = _QUOTES[text[index]]
        end = -1 if closer in unclosed else text.find(closer, index + 1)
        if end == -1:
            unclosed.add(closer)
        # No blank line between the marks ("\n\n" cannot end on the closing mark).
        if end == -1 or text.find("\n\n", index + 1, end) != -1:
            index += 1
            continue
        ranges.append((index, end + 1))
        index = end + 1


def _inside(ranges: list[tuple[int, int]], index: int) -> bool:
    """Whether ``index`` falls strictly inside one of ``ranges`` (sorted, not overlapping)."""
    position = bisect.bisect_left(ranges, (index, index)) - 1
    return position >= 0 and ranges[position][0] < index < ranges[position][1]


def _code_identifiers(text: str) -> list[tuple[int, int]]:
    """Spans of code written as prose: ``full_node``, ``sendRawTransaction``, ``window.fetch``, ``fetch()``,
    ``TypeError``.
    Domains ("crates.io") and file names ("config.yaml") are not code; neither is "e.g."."""
    spans: list[tuple[int, int]] = []
    # Each pattern is run only where what it cannot match without is in the text (an underscore, "()",
    # "Error", a lower-case letter before a capital, a dot before a letter): most prose blocks hold none.
    for pattern, needed in ((_SNAKE, "_" in text), (_CAMEL, _CAMEL_NEEDS.search(text) is not None),
                            (_CALL, "()" in text), (_ERROR_TYPE, "Error" in text or "Exception" in text)):
        if needed:
            spans.extend(match.span() for match in pattern.finditer(text))
    for match in _DOTTED.finditer(text) if _DOTTED_NEEDS.search(text) else ():
        name = match.group(0)
        parts = name.removesuffix("()").split(".")
        if not name.endswith("()"):
            if parts[-1].lower() in _NOT_CODE_SUFFIXES or any(len(part) < 2 for part in parts):
                continue
            if not parts[0][:1].islower():
                continue  # "Node.js", "ASP.NET": a product's name
        spans.append(match.span())
    # Longest first at each start, and no span inside another ("window.fetch()" holds "fetch()").
    spans.sort(key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int]] = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


@functools.lru_cache(maxsize=16)
def _with_plurals(words: frozenset[str]) -> frozenset[str]:
    return words | {word + "s" for word in words}


@functools.lru_cache(maxsize=16)
def _jargon_pattern(entries: tuple[str, ...]) -> re.Pattern[str]:
    # A term may start a compound ("k8s-hosted", "pod-level"): still the term, and still jargon.
    return re.compile(rf"(?<![\w-])(?:{phrase_alternation(entries)})s?(?!\w|-(?![a-z]))", re.IGNORECASE)


def _shouted_lines(text: str) -> list[tuple[int, int]]:
    """Ranges (from just before the line's start to its end) of the lines of ``text`` that are mostly
    capitals ("THE SERVICE WAS DOWN"), in order: their words are shouting, not acronyms."""
    ranges = []
    start = 0
    for line in text.split("\n"):
        letters = sum(map(str.isalpha, line))
        # Counting upper-case characters first rejects most lines without a loop in Python.
        if letters >= 12 and sum(map(str.isupper, line)) > 0.6 * letters \
                and sum(char.isupper() for char in line if char.isalpha()) > 0.6 * letters:
            ranges.append((start - 1, start + len(line)))
        start += len(line) + 1
    return ranges
