"""PM402 charged-language: words that judge or inflame, with a neutral replacement and a safe fix."""
from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pmlint.checks.blame_rule import document_names, quotations
from pmlint.checks.registration import RuleContext, check
from pmlint.language.pipeline import JUDGING_ADVERBS
from pmlint.language.wordlists import first_words, phrase_alternation
from pmlint.model import UNSAFE, Fix, Violation
from pmlint.patterns import LazyPattern
from pmlint.reading.document import Document
from pmlint.reading.prose import ProseSegment

# Text that ends a sentence, so a word after it starts one: "...broke." / '"it broke." ' / "(It broke.) ".
_SENTENCE_END = LazyPattern(r"(?:^|[.!?:;][\"'”’)\]]*\s*|(?<!\s)(?=[^\S\n]*\n)\s*)$")
_ARTICLE_BEFORE = LazyPattern(r"\b(a|an|A|An)([ \t]+)$")
# How far before a word the article and sentence-end patterns look: searching the whole text before
# every match made a paragraph with many charged words quadratic.
_LOOKBEHIND = 64
_WORD = LazyPattern(r"\w")
# Words that only intensify: leaving one out cannot change what the sentence says, so its removal is a
# safe fix. Other removals ("carelessly") and every replacement take a judgement out and are unsafe.
_INTENSIFIERS = frozenset("blatantly clearly just obviously plainly simply totally".split())
# An intensifier of the word that is left out goes with it: "very obviously wrong" -> "wrong".
_DEGREE_BEFORE = LazyPattern(r"\b(?:very|so|quite|really|rather|most)[ \t]+$", re.IGNORECASE)
# A negation right before an adverb (perhaps with a degree word between): "not obviously correct" states
# uncertainty, judges no one, and leaving the adverb out would reverse the sentence ("not correct").
_NEGATION_BEFORE = LazyPattern(r"(?:\b(?:not|never|hardly|barely|scarcely|nor|cannot)|\Bn['’]t)[ \t]+"
                               r"(?:(?:very|so|quite|really|rather|most|that|always|entirely)[ \t]+)?$", re.IGNORECASE)
# Words about an adversary: "crafted for malicious purposes", "the attacker stupidly left a key".
# Judging an attacker or malware is not judging the people or systems the post-mortem is about.
_ADVERSARY = LazyPattern(r"""\b(?:attack(?:s|er|ers|er's|ers'|er’s|ers’)?|exploits?|hack(?:er|ers)|malware|malicious(?:ly)?|
    threat[ ]actors?|adversar(?:y|ies)|intruders?|scam(?:mer|mers)?|spam(?:mer|mers)|phish(?:ing|er|ers)|
    exploiters?|fraudsters?|typosquat\w*|ransomware|botnets?|worm)\b""", re.IGNORECASE | re.VERBOSE)
_ADVERSARY_STEM = LazyPattern(r"attack|exploit|hack|malware|malicious|threat|adversar|intruder|scam|spam|phish|fraudster"
                             r"|typosquat|ransomware|botnet|worm", re.IGNORECASE)
_ADVERSARY_STEMS = ("attack", "exploit", "hack", "malware", "malicious", "threat", "adversar", "intruder", "scam", "spam",
                    "phish", "fraudster", "typosquat", "ransomware", "botnet", "worm")


def _mentions_adversary_stem(text: str) -> bool:
    """``_ADVERSARY_STEM.search(text) is not None``, without the regular expression for ASCII text.

    For ASCII text a case-insensitive match of an ASCII stem is the stem in the lower-cased text (only
    other characters have case folds such as "ſ" for "s", which is why any other text is searched as
    before). A dozen substring tests are several times faster than the alternation at every position.
    """
    if not text.isascii():
        return _ADVERSARY_STEM.search(text) is not None
    lowered = text.lower()
    return any(stem in lowered for stem in _ADVERSARY_STEMS)


# How far around a word the sentence that holds it is looked for.
_SENTENCE_REACH = 300
_SENTENCE_BREAK = LazyPattern(r"[.!?](?=\s)|\n\s*\n")
# The team owning what it did: "we dropped the ball", like "we forgot" for PM401.
_OWN_ACTOR = LazyPattern(r"\b(?:we|i|us|our team)[ \t]+$", re.IGNORECASE)


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
    exception_entries = context.wordlist("charged-exceptions").entries
    exceptions = _pattern(exception_entries)
    blocks = document.blocks_with_words(starts)  # most blocks have no word a charged phrase starts with
    # Who may have acted, built when a judging adverb is first met: a thousand given names made into a set
    # for every document took a fifth of this rule, and most documents have no such adverb.
    people: _People | None = None
    defined = _defined_terms(blocks, pattern)
    removals = frozenset(term for term, word in replacements.replacements.items() if not word)
    for block in blocks:
        if block.in_blockquote:
            continue  # someone else's words: a customer's e-mail, a vendor's statement
        segment = block.segment
        text = segment.text
        first = _first_match(pattern, entries, text)
        if first is None:
            continue
        excused = [match.span() for match in _matches(exceptions, exception_entries, text)]
        # Every word _ADVERSARY finds starts with one of these: a text without any is about no attacker.
        adversary = _mentions_adversary_stem(text)
        excused.extend(quotations(text))
        found: list[tuple[int, int, str]] = []  # (start, end, wordlist entry)
        for match in pattern.finditer(text, first.start()):  # the text before the first match is read once
            start, end = match.span()
            if any(low <= start and end <= high for low, high in excused) or _quoted(text, start, end):
                continue
            written = match.group(0)
            if " ".join(written.lower().split()) in defined or (adversary and _about_an_adversary(text, start, end)):
                continue
            if " " in written and _OWN_ACTOR.search(text, max(0, start - _LOOKBEHIND), start):
                continue  # "we dropped the ball": the team owning a gap, not a judgement of someone
            first_word = written.split()[0].lower()
            if (first_word in _INTENSIFIERS or first_word in JUDGING_ADVERBS or first_word in removals) and \
                    _NEGATION_BEFORE.search(text, max(0, start - _LOOKBEHIND), start):
                continue  # "not obviously correct", "did not carelessly skip": no judgement, and no word to leave out
            if written.lower() in JUDGING_ADVERBS:
                if people is None:
                    # The people PM401 knows: given names and those the document names (front matter,
                    # labels, action item owners), so that the two rules agree on who acted.
                    singles, multi = document_names(document, context.wordlist("team-owners").entries)
                    people = _People(frozenset(context.wordlist("given-names").entries) | singles,
                                     tuple(" " + role.lower() for role in context.wordlist("blame-roles").entries),
                                     multi)
                if _person_acted(text, start, end, people):
                    continue  # "Bob carelessly deleted the bucket" is blame: PM401 reports it once, with a rewrite
            term = replacements.entry_for(written) or advice.entry_for(written)
            if term is not None:
                found.append((start, end, term))
        for run in _runs(segment, found, removals):
            yield _violation(segment, run, replacements.replacements, advice.replacements)


@dataclass(frozen=True)
class _People:
    """What makes the word before a judging adverb a person, as PM401 reads it without a parse."""

    names: frozenset[str]
    roles: tuple[str, ...]  # lower case, each after a space: " engineer on call"
    full_names: tuple[tuple[str, ...], ...] = ()  # the document's multi-word names: ("Jane", "Doe")


_PERSON_PRONOUNS = frozenset("he she someone somebody".split())
# A role after one of these, perhaps with a modifier or two: "the intern", "the on-call engineer", "our new admin".
_ROLE_DETERMINERS = frozenset("a an our the their your one another".split())
# What may follow a role: "the engineer on call carelessly ran".
_ROLE_TAIL = LazyPattern(r"\s(?:on[ -]call|on duty|on shift|in charge)$")
_WORD_AFTER = LazyPattern(r"[ \t]+([A-Za-z]+)")
# Past tenses without "-ed" that follow a judging adverb: "carelessly ran", "recklessly pushed".
_IRREGULAR_PASTS = frozenset("""broke chose cut did forgot gave hit kept left let made put ran sent set shut skipped
    took threw tore wrote""".split())


def _person_acted(text: str, start: int, end: int, people: _People) -> bool:
    """A person (a given name, an @handle, he/she/someone, or a role after an article) directly before
    the adverb at ``text[start:end]``, and a past-tense verb directly after it: "Bob carelessly deleted"."""
    after = _WORD_AFTER.match(text, end)
    if after is None:
        return False
    verb = after.group(1).lower()
    if not (verb.endswith("ed") or verb in _IRREGULAR_PASTS):
        return False
    before = text[max(0, start - _LOOKBEHIND):start]
    if not before.endswith((" ", "\t")):
        return False
    words = before.split()
    if not words:
        return False
    written = words[-1]
    if written.startswith("@") or written.lower() in _PERSON_PRONOUNS:
        return True
    if written[:1].isupper() and written in people.names:
        return True
    if any(tuple(words[-len(name):]) == name for name in people.full_names):
        return True
    if len(words) > 1 and written.istitle() and written.isalpha() and words[-2] in people.names:
        return True  # a known given name, then a capitalised surname: "Jane Doe carelessly deleted"
    lowered = _ROLE_TAIL.sub("", " " + " ".join(words).lower())
    for role in people.roles:
        if lowered.endswith(role):
            modifiers = lowered[:len(lowered) - len(role)].split()[-3:]
            if any(word in _ROLE_DETERMINERS for word in modifiers):
                return True
    return False


# What may stand between two charged words of one run: "stupid, careless and sloppy", "terrible, horrible".
_RUN_JOINERS = ([","], ["and"], ["or"], [",", "and"], [",", "or"])
_MAX_JOINER = 12


def _runs(segment: ProseSegment, found: list[tuple[int, int, str]],
          removable: frozenset[str]) -> list[list[tuple[int, int, str]]]:
    """Charged words joined only by commas, "and" or "or" are one run: one problem, one finding. A
    word that can simply be left out ("obviously") keeps its own finding and its own fix. Words
    with markup between them in the source ("disaster <span>...</span> careless") stay apart: the
    run's span would cover text the message does not quote."""
    text = segment.text
    runs: list[list[tuple[int, int, str]]] = []
    for item in found:
        if runs and item[2] not in removable and runs[-1][-1][2] not in removable:
            previous_end = runs[-1][-1][1]
            joiner = text[previous_end:item[0]]
            contiguous = (segment.source_offset(item[0]) - segment.source_offset(previous_end - 1)
                          == item[0] - previous_end + 1)
            if 0 < len(joiner) <= _MAX_JOINER and "\n" not in joiner and contiguous and (
                    joiner.isspace() or joiner.replace(",", " , ").split() in _RUN_JOINERS):
                runs[-1].append(item)
                continue
        runs.append([item])
    return runs


def _violation(segment: ProseSegment, run: list[tuple[int, int, str]], replacements: dict[str, str],
               hints: dict[str, str]) -> Violation:
    text = segment.text
    start, end = run[0][0], run[-1][1]
    written = text[start:end]
    span = segment.span(start, end)
    shown = " ".join(written.split())
    terms = [term for _, _, term in run]
    wanted = {replacements.get(term) for term in terms}
    if all(term in replacements for term in terms) and len(wanted) == 1 and terms[0] and replacements[terms[0]]:
        replacement = _same_case(written, replacements[terms[0]])
        fix = _replace_fix(segment, start, end, replacement)
        return Violation(span, kind="default", args={"term": shown, "replacement": replacement},
                         suggestion=replacement, fix=fix)
    if len(run) == 1 and terms[0] in replacements:
        return Violation(span, kind="remove", args={"term": shown}, suggestion=f"leave out '{shown}'",
                         fix=_removal_fix(segment, start, end, safe=terms[0].lower() in _INTENSIFIERS))
    # Advice for the first word that needs the sentence rewritten; a run of several words always does.
    hint = next((hints[term] for term in terms if term in hints), "rewrite the sentence in neutral terms")
    return Violation(span, kind="rewrite", args={"term": shown, "advice": hint}, suggestion=hint)


def _defined_terms(blocks: list, pattern: re.Pattern[str]) -> frozenset[str]:
    """Charged words the document mentions in quotation marks of their own as its own category: a
    template that asks for a post-mortem of "terrible" incidents then speaks of a terrible incident."""
    terms = set()
    for block in blocks:
        text = block.segment.text
        if not any(mark in text for mark in _QUOTES):
            continue  # no quotation mark, no word in quotation marks: most texts, not scanned again
        for match in pattern.finditer(text):
            if _quoted(text, *match.span()):
                terms.add(" ".join(match.group(0).lower().split()))
    return frozenset(terms)


def _about_an_adversary(text: str, start: int, end: int) -> bool:
    """Whether the sentence around ``text[start:end]`` is about an attacker or malware."""
    low = max(0, start - _SENTENCE_REACH)
    breaks = [match.end() for match in _SENTENCE_BREAK.finditer(text, low, start)]
    first = breaks[-1] if breaks else low
    following = _SENTENCE_BREAK.search(text, end, end + _SENTENCE_REACH)
    last = following.start() if following else min(len(text), end + _SENTENCE_REACH)
    return _ADVERSARY.search(text, first, last) is not None


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


@functools.lru_cache(maxsize=16)
def _first_words_scan(entries: tuple[str, ...]) -> re.Pattern[str] | None:
    """The entries' first words, lower-cased, as one case-sensitive alternation (None when an entry is not
    ASCII or has no word).

    ``_pattern(entries)`` opens with a look-behind and ignores case, so the regular expression engine
    tries its whole alternation at every position of a text. This alternation of plain literals lets the
    engine skip to the positions whose character can start one: far fewer steps.
    """
    firsts = [entry.split()[0].lower() for entry in entries if entry.split()]
    if len(firsts) != len(entries) or not all(entry.isascii() for entry in entries):
        return None
    return re.compile(_literal_trie(sorted(set(firsts))))


def _literal_trie(words: list[str]) -> str:
    """An alternation of the sorted, distinct, non-empty ``words`` grouped character by character:
    "l(?:a(?:z(?:y)))|n(?:o(?:t)?)" for lazy, no and not.

    It matches the same strings as the plain alternation ``sloppily|sloppy|...`` and so first matches
    at the same place, the leftmost where one of the words is written, which is all ``_earliest_start``
    reads. The regular expression engine tries one branch per distinct first character instead of one
    per word at each position: four to five times faster over a paragraph.
    """
    branches = []
    for first, group in itertools.groupby(words, key=lambda word: word[0]):
        tails = [word[1:] for word in group]
        rest = [tail for tail in tails if tail]
        if not rest:
            branches.append(re.escape(first))
            continue
        optional = "?" if len(rest) < len(tails) else ""  # one word ends here, others go on
        branches.append(f"{re.escape(first)}(?:{_literal_trie(rest)}){optional}")
    return "|".join(branches)


def _earliest_start(entries: tuple[str, ...], text: str) -> int | None:
    """A position no match of ``_pattern(entries)`` in ``text`` starts before, or None when it has no match.

    A match starts with its entry's first word in any case; in ASCII text that is the word in the text
    lower-cased (only other characters have case folds such as "ſ" for "s"). The search from that position
    sees the characters before it for its look-behind, so it finds what a search from the start finds.
    """
    scan = _first_words_scan(entries)
    if scan is None or not text.isascii():
        return 0
    found = scan.search(text.lower())
    return None if found is None else found.start()


def _first_match(pattern: re.Pattern[str], entries: tuple[str, ...], text: str) -> re.Match[str] | None:
    """``pattern.search(text)`` for ``pattern = _pattern(entries)``.

    As ``_earliest_start`` reads, a match starts only where an entry's first word is written (in ASCII text,
    lower-cased). So ``pattern`` is tried (``match``, which sees the text before its position for the
    look-behind) only at those positions, in order, each found by the literal scan from just after the last
    one tried: the first that matches is the match ``search`` finds, which tries every position in turn. Most
    texts here hold a first word ("no" in "not", "should") but no entry: the whole alternation, case
    folded, tried at every position of them was half of this rule.
    """
    scan = _first_words_scan(entries)
    if scan is None or not text.isascii():
        return pattern.search(text)
    lowered = text.lower()
    position = 0
    while (candidate := scan.search(lowered, position)) is not None:
        found = pattern.match(text, candidate.start())
        if found is not None:
            return found
        position = candidate.start() + 1
    return None


def _matches(pattern: re.Pattern[str], entries: tuple[str, ...], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for ``pattern = _pattern(entries)``."""
    start = _earliest_start(entries, text)
    return iter(()) if start is None else pattern.finditer(text, start)


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
    # Another word can read differently in its sentence: applied only with --unsafe-fixes.
    return Fix(segment.source.span(first, last), replacement, segment.source.text[first:last], applicability=UNSAFE)


def _removal_fix(segment: ProseSegment, start: int, end: int, safe: bool = True) -> Fix | None:
    """Leave a word out together with one space beside it; never at a sentence start (capitals), and
    never when it is the only word of its paragraph, cell or item (the fix would empty it). A degree
    word before it goes too ("very obviously wrong" -> "wrong"). Unsafe unless ``safe``."""
    if _NEGATION_BEFORE.search(segment.text, max(0, start - _LOOKBEHIND), start):
        return None  # "not obviously correct" -> "not correct" would reverse what the sentence says
    degree = _DEGREE_BEFORE.search(segment.text, max(0, start - _LOOKBEHIND), start)
    if degree is not None:
        start = degree.start()
    text = segment.text
    # A word left elsewhere in the text (read without copying it: one copy per fix was quadratic).
    if _sentence_start(text, start) or not (_first_word(text) < start or _WORD.search(text, end)):
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
    if not _word_before_on_line(source, first) and not _WORD_NEXT_ON_LINE.match(source, last):
        # The line would be left empty (a paragraph split in two) or start with what is left:
        # ", obviously, <br>" -> " <br>", an HTML block.
        return None
    return Fix(segment.source.span(first, last), "", source[first:last], applicability="safe" if safe else UNSAFE)


# After blanks on the same line, a word character: what ``_WORD.match(rest_of_line.lstrip())`` asked.
_WORD_NEXT_ON_LINE = LazyPattern(r"(?:(?!\n)\s)*\w")


@functools.lru_cache(maxsize=8)
def _first_word(text: str) -> float:
    """Where the first word character of ``text`` is (infinity when it has none), once per text."""
    found = _WORD.search(text)
    return found.start() if found else float("inf")


def _word_before_on_line(source: str, index: int) -> bool:
    """Whether a word character stands between the start of its line and ``index``. Reads back only
    to the nearest word character or line end, so that many fixes on one long line stay linear."""
    position = index - 1
    while position >= 0:
        char = source[position]
        if char == "\n":
            return False
        if _WORD.match(char):
            return True
        position -= 1
    return False


def _source_range(segment: ProseSegment, start: int, end: int) -> tuple[int | None, int | None]:
    """Source offsets of ``text[start:end]`` when they are contiguous on one line (else None, None)."""
    first = segment.source_offset(start)
    last = segment.source_offset(end - 1) + 1
    if segment.source.text[first:last] != segment.text[start:end] or "\n" in segment.text[start:end]:
        return None, None
    return first, last
