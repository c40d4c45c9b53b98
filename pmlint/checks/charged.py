"""PM402 charged-language: words that judge or inflame, with a neutral replacement and a safe fix."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from pmlint.checks import RuleContext, check
from pmlint.document import Document
from pmlint.model import Fix, Violation
from pmlint.prose import ProseSegment
from pmlint.wordlists import first_words, phrase_alternation

# Text that ends a sentence, so a word after it starts one: "...broke." / '"it broke." ' / "(It broke.) ".
_SENTENCE_END = re.compile(r"(?:^|[.!?:;][\"'”’)\]]*\s*|(?<!\s)(?=[^\S\n]*\n)\s*)$")
_ARTICLE_BEFORE = re.compile(r"\b(a|an|A|An)([ \t]+)$")
# How far before a word the article and sentence-end patterns look: searching the whole text before
# every match made a paragraph with many charged words quadratic.
_LOOKBEHIND = 64
_WORD = re.compile(r"\w")


def _sentence_start(text: str, start: int) -> bool:
    """Whether ``text[start:]`` starts a sentence: ``_SENTENCE_END`` matches the text before it."""
    blank = start
    while blank > 0 and text[blank - 1] in " \t":
        blank -= 1
    return _SENTENCE_END.search(text, max(0, blank - _LOOKBEHIND), start) is not None


@check("PM402")
def charged_language(document: Document, context: RuleContext) -> Iterator[Violation]:
    """Report charged words; words with a drop-in replacement carry a fix."""
    replacements = context.wordlist("charged-replacements")
    advice = context.wordlist("charged-words")
    entries = replacements.entries + advice.entries
    starts = first_words(entries)
    if starts is not None and document.prose_words.isdisjoint(starts):
        return  # most documents: not one word a charged phrase starts with
    pattern = _pattern(entries)
    exceptions = _pattern(context.wordlist("charged-exceptions").entries)
    for block in document.blocks_with_words(starts):  # most blocks have no word a charged phrase starts with
        segment = block.segment
        text = segment.text
        if not pattern.search(text):
            continue
        excused = [match.span() for match in exceptions.finditer(text)]
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(low <= start and end <= high for low, high in excused) or _quoted(text, start, end):
                continue
            written = match.group(0)
            term = replacements.entry_for(written) or advice.entry_for(written)
            if term is None:
                continue
            span = segment.span(start, end)
            shown = " ".join(written.split())
            if term in replacements.replacements:
                replacement = _same_case(written, replacements.replacements[term])
                if replacement:
                    fix = _replace_fix(segment, start, end, replacement)
                    yield Violation(span, kind="default", args={"term": shown, "replacement": replacement},
                                    suggestion=replacement, fix=fix)
                else:
                    yield Violation(span, kind="remove", args={"term": shown}, suggestion=f"leave out '{shown}'",
                                    fix=_removal_fix(segment, start, end))
            else:
                hint = advice.replacements.get(term, "rewrite the sentence in neutral terms")
                yield Violation(span, kind="rewrite", args={"term": shown, "advice": hint}, suggestion=hint)


_QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’"}


def _quoted(text: str, start: int, end: int) -> bool:
    """A word in quotation marks of its own is mentioned, not used: define "terrible" incidents."""
    before = text[start - 1:start]
    return bool(before) and before in _QUOTES and text[end:end + 1] == _QUOTES[before]


@functools.lru_cache(maxsize=16)
def _pattern(entries: tuple[str, ...]) -> re.Pattern[str]:
    """Whole words, longest first, any whitespace between words.

    A hyphen counts as part of a word ("lazy-loaded" is not "lazy"), and so does an e-mail address
    or domain around it ("ops@disaster.example").
    """
    return re.compile(rf"(?<![\w@.-])(?:{phrase_alternation(entries)})(?![\w@-]|\.\w)", re.IGNORECASE)


def _same_case(written: str, replacement: str) -> str:
    if not replacement:
        return replacement
    # A shouted word gets a capital, not capitals: "MAJOR INCIDENT" would read as two acronyms
    # (PM403) and shout on in a neutral rewrite.
    if written[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _replace_fix(segment: ProseSegment, start: int, end: int, replacement: str) -> Fix | None:
    """Swap the word; when "a"/"an" before it no longer fits the replacement, swap the article too."""
    article = _ARTICLE_BEFORE.search(segment.text, max(0, start - _LOOKBEHIND), start)
    if article is not None:
        wanted = "an" if replacement[:1].lower() in "aeiou" else "a"
        if article.group(1).lower() != wanted:
            if article.group(1)[0].isupper():
                wanted = wanted.capitalize()
            start = article.start()
            replacement = wanted + article.group(2) + replacement
    first, last = _source_range(segment, start, end)
    if first is None or last is None:
        return None
    return Fix(segment.source.span(first, last), replacement, segment.source.text[first:last])


def _removal_fix(segment: ProseSegment, start: int, end: int) -> Fix | None:
    """Leave a word out together with one space beside it; never at a sentence start (capitals), and
    never when it is the only word of its paragraph, cell or item (the fix would empty it)."""
    if _sentence_start(segment.text, start) or not _WORD.search(segment.text[:start] + segment.text[end:]):
        return None
    first, last = _source_range(segment, start, end)
    if first is None or last is None:
        return None
    source = segment.source.text
    before = source[max(0, first - 2):first]
    after = source[last:last + 1]
    if before.endswith(", ") and after == ",":
        first, last = first - 2, last + 1  # "The change, obviously, broke it." -> "The change broke it."
    elif before.endswith(", ") and (after in ("", "\n") or after in ".;:!?)"):
        first -= 2  # "It broke, obviously." -> "It broke."
    elif before.endswith(" ") and after == " ":
        last += 1  # "was obviously wrong" -> "was wrong"
    elif before.endswith(" ") and (after in ("", "\n") or after in ".;:!?)"):
        first -= 1  # "it was wrong obviously." -> "it was wrong."
    else:
        return None
    line_start = source.rfind("\n", 0, first) + 1
    line_end = source.find("\n", last)
    rest = source[last:line_end if line_end >= 0 else len(source)].lstrip()
    if not _WORD.search(source[line_start:first]) and not _WORD.match(rest):
        # The line would be left empty (a paragraph split in two) or start with what is left:
        # ", obviously, <br>" -> " <br>", an HTML block.
        return None
    return Fix(segment.source.span(first, last), "", source[first:last])


def _source_range(segment: ProseSegment, start: int, end: int) -> tuple[int | None, int | None]:
    """Source offsets of ``text[start:end]`` when they are contiguous on one line (else None, None)."""
    first = segment.source_offset(start)
    last = segment.source_offset(end - 1) + 1
    if segment.source.text[first:last] != segment.text[start:end] or "\n" in segment.text[start:end]:
        return None, None
    return first, last
