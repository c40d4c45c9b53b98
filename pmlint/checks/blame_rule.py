"""PM401 blame: a person as the actor of blame, with a systems-focused rewrite."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pmlint.checks.registration import RuleContext, check, language_input
from pmlint.language.wordlists import phrase_alternation
from pmlint.model import Violation
from pmlint.reading.action_items import action_sections
from pmlint.reading.document import Document
from pmlint.reading.prose import ProseSegment

if TYPE_CHECKING:
    from spacy.language import Language

    from pmlint.language.blame_lexicon import BlameLexicon, BlameMatchers

# Front matter keys that name the people involved.
_PEOPLE_KEYS = ("author", "authors", "by", "editors", "incident-commander", "incident_commander", "owner", "owners",
                "participants", "people", "responders", "reviewers", "on-call", "oncall")
# A bracketed aside after a person's name in a label's value: "Priya Raman (SRE)".
_ASIDE = re.compile(r"\([^()]*\)")
_GROUP_WORDS = frozenset("crew department group guild org squad team teams".split())
_FAULT_NOUNS = ("blunder", "carelessness", "error", "fault", "mistake", "negligence", "oversight", "screwup")
_FAULT_PREFILTER = rf"(?:['’]s|\bhis|\bher)\s+(?:{'|'.join(_FAULT_NOUNS)})\b"
# Blame phrases' first words that are not the first word of an entry in blame-actions.
_EXTRA_TRIGGERS = ("took", "slow", "didn't", "shouldn't", "break", "fail", "forget", "ignore", "miss", "neglect",
                   "overlook", "accidentally", "erroneously", "inadvertently", "mistakenly", "unintentionally",
                   "unknowingly", "unwittingly", "wrongly", "carelessly", "foolishly", "lazily", "negligently",
                   "recklessly", "sloppily", "stupidly", "thoughtlessly")


@language_input("PM401")
def blame_texts(document: Document, context: RuleContext) -> list[str]:
    return [_nlp_text(segment) for segment in _candidates(document, context)]


def _nlp_text(segment: ProseSegment) -> str:
    """What spaCy reads: the text with its inline code, soft line breaks as spaces (same offsets)."""
    return segment.with_code().text.replace("\n", " ")


@check("PM401")
def blame(document: Document, context: RuleContext) -> Iterator[Violation]:
    """Report a name, @handle, pronoun or role as the actor of a blame phrase, and "human error" as a cause."""
    segments = _candidates(document, context)
    if not segments or context.language is None:
        return
    from pmlint.language.blame_finder import (
        BlameFinder,  # imports spaCy: only once some text could be blame
    )

    analyzer = context.language
    finder = BlameFinder(_lexicon(document, context), _matchers(analyzer.pipeline, context))
    for segment in segments:
        full = segment.with_code()
        # Someone's words in quotation marks ("Kim in #incident: \"someone forgot to ...\""), as PM402 reads them.
        quoted = quotations(full.text) if '"' in full.text or "“" in full.text else []
        # A paragraph longer than one Doc comes in pieces cut after sentences, each at its offset.
        for offset, doc in analyzer.parse_pieces(_nlp_text(segment)):
            code_ranges = [(start - offset, end - offset) for start, end in full.code_ranges]
            for found in finder.find(doc, use_parse=analyzer.has_parser, code_ranges=code_ranges):
                if quoted and any(low <= found.start + offset and found.end + offset <= high for low, high in quoted):
                    continue
                kind = "default" if found.kind == "action" else found.kind
                yield Violation(full.span(found.start + offset, found.end + offset), kind=kind,
                                args={"phrase": _compact(found.phrase), "actor": _compact(found.actor)},
                                suggestion=found.suggestion)


def _candidates(document: Document, context: RuleContext) -> list[ProseSegment]:
    """Prose that could hold blame, by cheap patterns: only these reach spaCy.

    A text qualifies when it has "human error" or a possessive fault ("John's mistake"), or a blame
    phrase with a possible actor shortly before it: a pronoun, an @handle, a known name or a role
    word (with a trained pipeline, which finds subjects further away, any capitalised word). Most
    documents have none, and then spaCy is never imported.
    """
    # Built once per document: the engine asks before batching and the rule asks again when it runs.
    return document.view("pm401-candidates", lambda doc: _find_candidates(doc, context))


def _find_candidates(document: Document, context: RuleContext) -> list[ProseSegment]:
    options = context.options
    actions, human_error = context.wordlist("blame-actions").entries, tuple(options["human-error"])
    trigger_words = _trigger_words(actions, human_error)
    if document.prose_words.isdisjoint(trigger_words):
        return []  # most documents: not one word a blame phrase starts with
    triggers = _Scan(_trigger_pattern(actions), _lower_trigger_pattern(actions))
    direct = _direct_scan(human_error)
    known_actors = _actor_pattern(tuple(options["pronouns"]) + tuple(context.wordlist("blame-roles").entries),
                                  context.wordlist("given-names").entries,
                                  context.language is not None and context.language.model is not None)
    # The document's people are looked for in the same windows: the words of a window are read once for both.
    actors = _BothActors(known_actors, _people_actors(sorted(_people_words(document, context))))
    found = []
    for block in document.blocks_with_words(trigger_words):  # most blocks: no word a blame phrase starts with
        if block.in_blockquote:
            continue  # someone else's words (a customer's e-mail, a reporter's message), as for PM402
        text = block.segment.text
        lowered = text.lower() if text.isascii() else None
        if direct.search(text, lowered):
            found.append(block.segment)
            continue
        for match in triggers.finditer(text, lowered):
            start, end = match.span()
            if (actors.search(text, max(0, start - _ACTOR_REACH), start)
                    # "caused by the on-call engineer": the actor comes after
                    or (match.group(0).lower() == "caused"
                        and actors.search(text, end, min(len(text), end + _ACTOR_REACH // 2)))):
                found.append(block.segment)
                break
    return found


# How far before a blame phrase (in characters) its actor may be written for the prefilter.
_ACTOR_REACH = 80


@functools.lru_cache(maxsize=16)
def _trigger_words(actions: tuple[str, ...], human_error: tuple[str, ...]) -> frozenset[str]:
    """Words one of which every candidate text has: what _trigger_pattern and _direct_pattern start with."""
    words = {entry.split()[0].lower() for entry in actions} | set(_EXTRA_TRIGGERS)
    words |= {entry.split()[0].lower() for entry in human_error if entry.split()}
    words |= set(_FAULT_NOUNS)
    # Contractions are written with either apostrophe; their first word ("didn") is what \w+ finds.
    return frozenset(re.split(r"['’]", word)[0] for word in words)


@functools.lru_cache(maxsize=16)
def _trigger_pattern(actions: tuple[str, ...]) -> re.Pattern[str]:
    first_words = {re.escape(entry.split()[0]) for entry in actions} | {
        word.replace("'", "['’]") for word in _EXTRA_TRIGGERS}
    return re.compile(rf"\b(?:{_grouped(sorted(first_words))})\b", re.IGNORECASE)


def _grouped(alternatives: list[str]) -> str:
    """``"|".join(alternatives)``, the neighbours that open with the same letter written once: "a(?:pplied|te)".

    The same alternatives in the same order, so the same match; ``re`` tries the letter once at a place
    instead of each alternative in turn (the scan of a text takes less than half the time).
    """
    runs: list[list[str]] = []
    for alternative in alternatives:
        if runs and alternative[:1].isalnum() and alternative[:1] == runs[-1][0][:1]:
            runs[-1].append(alternative)
        else:
            runs.append([alternative])
    return "|".join(run[0] if len(run) == 1 else f"{run[0][0]}(?:{'|'.join(item[1:] for item in run)})"
                    for run in runs)


@functools.lru_cache(maxsize=16)
def _direct_pattern(human_error: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{phrase_alternation(human_error)})\b|{_FAULT_PREFILTER}", re.IGNORECASE)


@functools.lru_cache(maxsize=16)
def _lower_trigger_pattern(actions: tuple[str, ...]) -> re.Pattern[str] | None:
    """``_trigger_pattern`` for ASCII text lower-cased: its words lower-cased, matched as written (None when
    an entry is not ASCII)."""
    if not all(entry.isascii() for entry in actions):
        return None
    first_words = {re.escape(entry.split()[0].lower()) for entry in actions} | {
        word.replace("'", "['’]") for word in _EXTRA_TRIGGERS}
    return re.compile(rf"\b(?:{_grouped(sorted(first_words))})\b")


@functools.lru_cache(maxsize=16)
def _lower_direct_pattern(human_error: tuple[str, ...], phrases_only: bool = False) -> re.Pattern[str] | None:
    """``_direct_pattern`` for ASCII text lower-cased (None when an entry is not ASCII); with ``phrases_only``,
    its first part: the human-error phrases without the possessive faults."""
    if not all(entry.isascii() for entry in human_error):
        return None
    lowered = tuple(entry.lower() for entry in human_error)
    return re.compile(rf"\b(?:{phrase_alternation(lowered)})\b" + ("" if phrases_only else f"|{_FAULT_PREFILTER}"))


@functools.lru_cache(maxsize=16)
def _direct_scan(human_error: tuple[str, ...]) -> _Scan | _DirectScan:
    """Whether a text has "human error" or a possessive fault: ``_Scan`` of ``_direct_pattern``, or for ASCII
    text its two parts, each searched only in a text with a word it starts with."""
    combined = _Scan(_direct_pattern(human_error), _lower_direct_pattern(human_error), _direct_needles(human_error))
    if not human_error or combined.lower is None or combined.needles is None:
        return combined  # an empty alternative matches anywhere: no word is needed
    phrases = _lower_direct_pattern(human_error, phrases_only=True)
    assert phrases is not None  # ASCII entries, as for combined.lower
    return _DirectScan(combined, phrases, tuple(sorted({entry.split()[0].lower() for entry in human_error})))


# _FAULT_PREFILTER lower-cased, with "\b" before "his" and "her" written as a look-behind after the "h": re
# scans for an apostrophe or an "h" instead of trying each alternative at every position.
_LOWER_FAULT = re.compile(rf"(?:['’]s|h(?<!\wh)(?:is|er))\s+(?:{'|'.join(_FAULT_NOUNS)})\b")


class _DirectScan:
    """``_Scan.search`` of the direct pattern, as a truth value: in ASCII text lower-cased, its human-error
    phrases only where one of their first words is, and its possessive faults only where a fault noun is."""

    def __init__(self, combined: _Scan, phrases: re.Pattern[str], first_words: tuple[str, ...]) -> None:
        self.combined = combined
        self.phrases = phrases
        self.first_words = first_words

    def search(self, text: str, lowered: str | None) -> bool:
        if lowered is None:
            return self.combined.search(text, None) is not None
        if any(word in lowered for word in self.first_words) and self.phrases.search(lowered):
            return True
        return any(noun in lowered for noun in _FAULT_NOUNS) and _LOWER_FAULT.search(lowered) is not None


@functools.lru_cache(maxsize=16)
def _direct_needles(human_error: tuple[str, ...]) -> tuple[str, ...] | None:
    """Words one of which a match of ``_lower_direct_pattern`` holds: each entry's first word and the fault
    nouns, lower-cased (None when an entry has no word: its empty alternative matches anywhere)."""
    if not all(entry.split() for entry in human_error):
        return None
    return tuple(sorted({entry.split()[0].lower() for entry in human_error} | set(_FAULT_NOUNS)))


class _Scan:
    """A case-insensitive pattern, and the same words lower-cased for ASCII text lower-cased.

    In ASCII text a case-insensitive match is the same match in the text lower-cased (only other
    characters have case folds such as "ſ" for "s"), at the same positions, and lower-casing keeps what
    is a word character, so ``\\b`` holds at the same places. Matched as written, the alternation is
    about three times faster than ignoring case.
    """

    def __init__(self, pattern: re.Pattern[str], lower: re.Pattern[str] | None,
                 needles: tuple[str, ...] | None = None) -> None:
        self.pattern = pattern
        self.lower = lower
        # Words one of which every match of ``lower`` holds (None: not known): a lower-cased text
        # without any of them is not searched. A substring test is a fraction of the search.
        self.needles = needles

    def search(self, text: str, lowered: str | None) -> re.Match[str] | None:
        """``pattern.search(text)``, or (its span the same) the search in ``lowered``, ``text.lower()`` of
        an ASCII text (None for any other text)."""
        if lowered is not None and self.lower is not None:
            if self.needles is not None and not any(needle in lowered for needle in self.needles):
                return None
            return self.lower.search(lowered)
        return self.pattern.search(text)

    def finditer(self, text: str, lowered: str | None) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``, as ``search``: the matches' spans, and their text in lower case."""
        if lowered is not None and self.lower is not None:
            return self.lower.finditer(lowered)
        return self.pattern.finditer(text)


@functools.lru_cache(maxsize=64)
def _actor_pattern(lower_words: tuple[str, ...], names: tuple[str, ...], any_capital: bool) -> _KnownActors:
    """Pronouns and roles (any case), @handles, the given names (as written) and, with a trained
    pipeline, any capitalised word: what may stand before a blame phrase as its actor."""
    # Only whether one is written counts (not which): sorted and grouped by first letter, re tries a letter once.
    words = _grouped(sorted({re.escape(word) for word in lower_words}))
    capital = r"|\b[A-Z][a-z]+\b" if any_capital else ""
    # The ~500 given names are a set of words looked up one word at a time, not one alternation of
    # them all: the lookup is linear in the text by construction. A name that is not one word (a user
    # entry such as "Mary Ann") stays in a small alternation.
    single = frozenset(name for name in names if _ONE_WORD.fullmatch(name))
    other = "|".join(re.escape(name) for name in names if name not in single)
    others = rf"|\b(?:{other})\b" if other else ""
    return _KnownActors(re.compile(rf"(?i:\b(?:{words})\b)|@[A-Za-z0-9]{capital}{others}"), single)


_ONE_WORD = re.compile(r"\w+")


class _KnownActors:
    """``search(text, pos, endpos)`` as for the alternation ``\\b(?:Name|...)\\b`` plus ``pattern``:
    whether a known actor is written in ``text[pos:endpos]`` (truthy) or not (None)."""

    def __init__(self, pattern: re.Pattern[str] | None, names: frozenset[str]) -> None:
        self.pattern = pattern
        self.names = names

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> bool | None:
        end = len(text) if endpos is None else endpos
        if self.pattern is not None and self.pattern.search(text, pos, end):
            return True
        if self.names and not self.names.isdisjoint(_window_words(text, pos, end)):
            return True
        return None


def _window_words(text: str, pos: int, end: int) -> list[str]:
    """The words of ``text[pos:end]`` that a name can be. A word cut by ``pos`` is no name ("\\b" fails there);
    one cut by ``end`` may be."""
    words = _ONE_WORD.findall(text, pos, end)
    if words and 0 < pos < end and _ONE_WORD.match(text, pos) and _ONE_WORD.match(text, pos - 1):
        del words[0]
    return words


class _BothActors:
    """``known.search(text, pos, endpos) or people.search(text, pos, endpos)`` (people may be None), with
    the words of the window read once for the names of both."""

    def __init__(self, known: _KnownActors, people: _KnownActors | None) -> None:
        self.patterns = [actors.pattern for actors in (known, people) if actors is not None and actors.pattern]
        self.name_sets = [actors.names for actors in (known, people) if actors is not None and actors.names]

    def search(self, text: str, pos: int, end: int) -> bool | None:
        for pattern in self.patterns:
            if pattern.search(text, pos, end):
                return True
        if self.name_sets:
            words = _window_words(text, pos, end)
            for names in self.name_sets:
                if not names.isdisjoint(words):
                    return True
        return None


def _people_actors(people: list[str]) -> _KnownActors | None:
    """The document's people as ``\\b(?:word|...)\\b`` would find them (None: no one). They grow with the
    document (action item owners...), so the one-word ones are looked up in a set, as the given names are,
    not tried as one alternation at every position of every window."""
    if not people:
        return None
    other = [word for word in people if not _ONE_WORD.fullmatch(word)]
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in other) + r")\b") if other else None
    return _KnownActors(pattern, frozenset(word for word in people if _ONE_WORD.fullmatch(word)))


_PEOPLE_SEPARATORS = re.compile(r"[\s,;&/]+")


def _people_words(document: Document, context: RuleContext) -> set[str]:
    if not context.options["names-from-document"]:
        return set()
    return {word.lstrip("@") for value in _document_people(document, context)
            for word in _PEOPLE_SEPARATORS.split(value) if word.lstrip("@")}


def _lexicon(document: Document, context: RuleContext) -> BlameLexicon:
    from pmlint.language.blame_lexicon import BlameLexicon

    options = context.options
    singles, multi = document_names(document, context.wordlist("team-owners").entries) \
        if options["names-from-document"] else (frozenset(), ())
    actions = context.wordlist("blame-actions")
    return BlameLexicon(
        names=frozenset(context.wordlist("given-names").entries) | singles,
        people=multi,
        # As the tokenizer splits them: "on-call" is "on", "-", "call".
        roles=tuple(tuple(re.findall(r"[^\s-]+|-", role.lower())) for role in context.wordlist("blame-roles").entries),
        actions={entry: actions.replacements.get(entry, "the process did not include {rest}")
                 for entry in actions.entries},
        omissions=frozenset(entry.lower() for entry in context.wordlist("blame-omissions").entries),
        pronouns=frozenset(word.lower() for word in options["pronouns"]),
        response_verbs=frozenset(word.lower() for word in options["response-verbs"]),
        human_error=tuple(options["human-error"]),
        subject=str(options["rewrite-subject"]),
    )


_MATCHERS: dict[tuple[int, tuple[str, ...], tuple[str, ...]], BlameMatchers] = {}


def _matchers(pipeline: Language, context: RuleContext) -> BlameMatchers:
    from pmlint.language.blame_lexicon import BlameMatchers

    key = (id(pipeline), context.wordlist("blame-actions").entries, tuple(context.options["human-error"]))
    if key not in _MATCHERS:
        _MATCHERS[key] = BlameMatchers(pipeline.vocab, pipeline.make_doc, key[1], key[2])
    return _MATCHERS[key]


def _document_people(document: Document, context: RuleContext) -> list[str]:
    """People the document names: front matter authors and responders, the same fields written as labels
    in the text ("Responders: SN, DK", "**Authors:** Priya Raman", a metadata table's "| Authors | ... |"),
    and action item owners (not teams). Read once per document (the prefilter and the rule both ask)."""
    return _people_named(document, context.wordlist("team-owners").entries)


def _people_named(document: Document, teams: tuple[str, ...]) -> list[str]:
    """``_document_people`` for the team-owners entries ``teams``."""
    known: dict[tuple[str, ...], list[str]] = document.view("pm401-people", lambda doc: {})
    if teams not in known:
        known[teams] = _read_people(document, teams)
    return known[teams]


def document_names(document: Document,
                   team_owners: tuple[str, ...]) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """The names of the people the document names (``_document_people``) as PM401 reads them: single words
    ("Sam", "@kim", the first word of "Jane Doe") and multi-word names (("Jane", "Doe")), longest first.
    PM402 reads the same, so that the two rules agree on who is a person."""
    return _names_of(tuple(_people_named(document, team_owners)))


@functools.lru_cache(maxsize=256)
def _names_of(values: tuple[str, ...]) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """Single-word names and multi-word names from strings naming people ("Jane Doe", "@bob"): each part
    between commas, semicolons, "and", "&" or "/" of up to four words, all capitalised or handles."""
    singles: set[str] = set()
    multi: set[tuple[str, ...]] = set()
    for value in values:
        for part in _NAME_PARTS.split(value):
            words = part.split()
            if not words or not all(word[:1].isupper() or word.startswith("@") for word in words):
                continue
            if len(words) == 1:
                singles.add(words[0])
            elif len(words) <= 4:
                multi.add(tuple(words))
                singles.add(words[0])
    return frozenset(singles), tuple(sorted(multi, key=len, reverse=True))


_NAME_PARTS = re.compile(r",|;|\band\b|&|/")


def _read_people(document: Document, team_owners: tuple[str, ...]) -> list[str]:
    data = document.front_matter.data if document.front_matter else {}
    values: list[str] = []
    for key in _PEOPLE_KEYS:
        values.extend(_strings(data.get(key)))
    for label in document.labels:
        if _names_people(label.name):
            values.append(_ASIDE.sub("", label.value))
    for section in action_sections(document):
        for item in section.items:
            values.extend(item.owners)
    teams = {entry.casefold() for entry in team_owners}
    return [value for value in values if not _is_team(value, teams)]


_NAME_SEPARATORS = re.compile(r"[\s_]+")


@functools.lru_cache(maxsize=4096)
def _names_people(label_name: str) -> bool:
    """Whether a label's name is one of ``_PEOPLE_KEYS`` written with blanks or underscores ("Incident
    Commander"). Kept per name: documents use the same few label names ("Impact", "Status") again and again."""
    return _NAME_SEPARATORS.sub("-", label_name.strip().lower()) in _PEOPLE_KEYS


def _is_team(value: str, teams: set[str]) -> bool:
    words = value.casefold().split()
    return (not words or value.casefold().strip() in teams or words[-1] in _GROUP_WORDS
            or "/" in value)  # @org/team


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for element in value:
            yield from _strings(element)
    elif isinstance(value, dict):
        yield from _strings(value.get("name"))


_OPENING = {'"': '"', "“": "”"}
_QUOTATION_MARKS = re.compile('[\n"“”]')


def quotations(text: str) -> list[tuple[int, int]]:
    """Spans of text in double quotation marks that hold more than one word: someone's words, quoted.

    One pass over the text; a quotation ends at its closing mark or at the end of the line. PM401 skips
    blame inside one, and PM402 charged words (it imports this module, so the reading lives here).
    """
    spans = []
    closing, start = "", -1
    for found in _QUOTATION_MARKS.finditer(text):  # only these characters change the state
        index, char = found.start(), found.group()
        if char == "\n":
            closing = ""
        elif closing and char == closing:
            if " " in text[start:index].strip():
                spans.append((start, index + 1))
            closing = ""
        elif not closing and char in _OPENING:
            closing, start = _OPENING[char], index
    return spans


def _compact(text: str) -> str:
    return " ".join(text.split())
