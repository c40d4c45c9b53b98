"""Issue 15, resources, round 2: the blame finder reads sentence starts, lower-case words and clause
ends by index, once per Doc; the findings are those of reading them through Tokens and Spans.

Each fast path is checked against the way it replaced, kept here as the reference, on generated
sentences (hypothesis): sentence starts against ``Span.sent``, the rest of a clause and a whole
``find`` against the finder with the old reading put back, and the fingerprint cache against hashing.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmlint import model
from pmlint.language.pipeline import LanguageAnalyzer

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])

_WORDS = ["Dana", "The engineer", "He", "@lee", "the on-call engineer", "the vendor's account manager", "Someone",
          "Engineers", "We", "the proxy", "John Smith", "the user", "they", "who deployed it", "creating the PR",
          "forgot to renew", "forgot to", "failed to check", "failed to reproduce", "took 20 minutes to respond",
          "was slow to respond", "accidentally deleted", "carelessly ran", "broke", "didn't notice", "did not",
          "should have checked", "should have been more careful", "missed", "caused by", "It was his mistake to run",
          "human error caused", "Human Error", "OPERATOR error", "was user error", "the cause:", "Why did the developer forget to", "certificate 17", "the deploy", "was sloppy",
          "and", "but", "then", "or", "that", "whether", "the fact that", "during the week-end", "there would be",
          ",", ".", ";", "?", "!", "(", ")", ":", "`latest`", "the build", "in the", "by", "if", "Mary", "said",
          "told us that", "restarted the proxy and", "who deployed the change", "again", "mistakenly", "on call", "\n", "  "]
_TEXTS = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=30).map(" ".join)


@pytest.fixture(scope="module")
def finder_setup():  # type: ignore[no-untyped-def]
    from helpers import ENGINE

    from pmlint.checks import blame_rule as blame_check
    from pmlint.config.loading import load_config
    from pmlint.language.blame_finder import BlameFinder
    from pmlint.reading.source import Source
    from pmlint.ruledefs import load_rules

    config = load_config(None, load_rules())
    prepared = ENGINE.prepare(Source.from_text("t.md", "# T\n\nJohn Smith forgot to check.\n"), config)
    context = ENGINE._context("PM401", prepared)
    analyzer = LanguageAnalyzer(None)
    lexicon = blame_check._lexicon(prepared.document, context)
    matchers = blame_check._matchers(analyzer.pipeline, context)
    return analyzer.pipeline, BlameFinder(lexicon, matchers), _reference_finder(lexicon, matchers)


def _reference_finder(lexicon, matchers):  # type: ignore[no-untyped-def]
    """The finder with the reading it had before: Tokens from slices, ``Span.sent`` and ``Span.text``."""
    from pmlint.language import blame_finder as blame
    from pmlint.language import blame_lexicon, doc_reads

    class ReferenceFinder(blame.BlameFinder):
        def _action(self, doc, actor, start, end, suggestion):  # type: ignore[no-untyped-def]
            first = min(actor.start, start)
            last = doc[end - 1]
            between = doc[actor.end:start]
            if all(token.text == "," or token.lower_ in blame_lexicon.BETWEEN or blame_lexicon.is_adverb(token)
                   for token in between):
                phrase = doc[first:end].text
            else:
                phrase = f"{actor.text} … {doc[start:end].text}"
            parts = ((actor[0].idx, doc_reads.end_char(actor[-1])), (doc[start].idx, doc_reads.end_char(last)))
            return blame.Blame(doc[first].idx, doc_reads.end_char(last), "action", phrase,
                               blame._as_object(actor, self._role_words), suggestion, parts)

        def _rest_of_clause(self, doc, start, noun_phrase=False):  # type: ignore[no-untyped-def]
            tokens = []
            for token in doc[start:]:
                lower = token.lower_
                if lower == "," and not noun_phrase and blame._opens_unfinished_clause(tokens):
                    tokens.append(token)
                    continue
                if lower in blame_lexicon.CLAUSE_ENDS or (token.is_sent_start and token.i > start) or (
                        noun_phrase and lower in blame_lexicon.OBJECT_ENDS):
                    break
                if lower in ("and", "or", "then", "but") and token.i + 1 < len(doc) and (
                        self._starts_clause(doc[token.i + 1]) or blame_lexicon.looks_past(doc[token.i + 1])):
                    break
                tokens.append(token)
                if len(tokens) >= blame._MAX_REST_TOKENS:
                    break
            if not tokens:
                return ""
            first, last = tokens[0].idx, doc_reads.end_char(tokens[-1])
            text = blame._with_backticks(doc_reads.doc_text(doc), first, last, self._code_ranges)
            return text + (" …" if len(tokens) >= blame._MAX_REST_TOKENS else "")

    finder = ReferenceFinder(lexicon, matchers)
    finder._human_error_first_words = _NeverDisjoint()  # the "human error" matcher runs on every Doc
    return finder


class _NeverDisjoint:
    def isdisjoint(self, other: object) -> bool:
        return False


def _old_tokens_in(doc, words):  # type: ignore[no-untyped-def]
    for token in doc:
        if token.lower_ in words:
            yield token


def _reference_find(reference, doc, monkeypatch, code_ranges=()):  # type: ignore[no-untyped-def]
    from pmlint.language import blame_finder as blame

    with monkeypatch.context() as patch:
        patch.setattr(blame, "start_of_sentence", lambda doc, index: doc[index].sent.start)
        patch.setattr(blame, "tokens_in", _old_tokens_in)
        return reference.find(doc, code_ranges=code_ranges)


def _code_ranges(text: str) -> list[tuple[int, int]]:
    ranges, start = [], text.find("`")
    while start != -1:
        end = text.find("`", start + 1)
        if end == -1:
            break
        ranges.append((start, end + 1))
        start = text.find("`", end + 1)
    return ranges


@SETTINGS
@given(_TEXTS)
def test_sentence_starts_are_those_of_span_sent(finder_setup, text: str) -> None:  # type: ignore[no-untyped-def]
    from pmlint.language import doc_reads

    nlp, _, _ = finder_setup
    doc = nlp(text)
    for index in range(len(doc)):
        assert doc_reads.start_of_sentence(doc, index) == doc[index].sent.start


_FLAGS = st.one_of(st.lists(st.sampled_from([True, False, None]), min_size=1, max_size=12),
                   # Long sentences, longer than the finder walks back before it looks the start up.
                   st.lists(st.sampled_from([True] + [False] * 30 + [None] * 5), min_size=1, max_size=150))


@SETTINGS
@given(_FLAGS)
def test_sentence_starts_of_any_boundaries(finder_setup, flags: list[bool | None]) -> None:  # type: ignore[no-untyped-def]
    """Boundaries set by hand, some unknown (None): the same starts as spaCy's, or its error."""
    from spacy.tokens import Doc

    from pmlint.language import doc_reads

    nlp, _, _ = finder_setup
    doc = Doc(nlp.vocab, words=[f"w{index}" for index in range(len(flags))], sent_starts=flags)
    for index in range(len(doc)):
        try:
            expected = doc[index].sent.start
        except ValueError:
            with pytest.raises(ValueError):
                doc_reads.start_of_sentence(doc, index)
            continue
        assert doc_reads.start_of_sentence(doc, index) == expected


_TOKENS = [word for entry in _WORDS for word in entry.split()] + ["。", "…", "-"]


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(_TOKENS), st.sampled_from([True, False, None])), min_size=1, max_size=16))
def test_rest_of_clause_with_any_boundaries(finder_setup, words: list[tuple[str, bool | None]]) -> None:  # type: ignore[no-untyped-def]
    """Sentence starts anywhere (set by hand, as a parser may set them): the clause ends where it did."""
    from spacy.tokens import Doc

    nlp, finder, reference = finder_setup
    doc = Doc(nlp.vocab, words=[word for word, _ in words], sent_starts=[flag for _, flag in words])
    finder._code_ranges = reference._code_ranges = ()
    for index in range(len(doc) + 1):
        for noun_phrase in (False, True):
            assert finder._rest_of_clause(doc, index, noun_phrase) == reference._rest_of_clause(doc, index, noun_phrase)


@SETTINGS
@given(_TEXTS)
def test_rest_of_clause_is_read_as_from_tokens(finder_setup, text: str) -> None:  # type: ignore[no-untyped-def]
    nlp, finder, reference = finder_setup
    doc = nlp(text)
    finder._code_ranges = reference._code_ranges = tuple(_code_ranges(text))
    for index in range(len(doc) + 1):
        for noun_phrase in (False, True):
            assert finder._rest_of_clause(doc, index, noun_phrase) == reference._rest_of_clause(doc, index, noun_phrase)


@SETTINGS
@given(_TEXTS)
def test_find_gives_the_blame_of_the_old_reading(finder_setup, monkeypatch, text: str) -> None:  # type: ignore[no-untyped-def]
    nlp, finder, reference = finder_setup
    code_ranges = _code_ranges(text)
    assert finder.find(nlp(text), code_ranges=code_ranges) == _reference_find(reference, nlp(text), monkeypatch,
                                                                               code_ranges)
    assert finder.find(nlp(text)) == _reference_find(reference, nlp(text), monkeypatch)


_MASKED_TEXTS = st.lists(st.sampled_from(_WORDS + ["*" * 120, "forgot" * 20, "`" + "a" * 150 + "`"]),
                         min_size=1, max_size=30).map(" ".join)


@SETTINGS
@given(_MASKED_TEXTS)
def test_find_on_masked_long_runs_gives_the_old_phrases(finder_setup, monkeypatch, text: str) -> None:  # type: ignore[no-untyped-def]
    """Runs of 100 or more non-blank characters are parsed masked (``pmlint.language.pipeline``): the phrases
    quoted from such a Doc are its Spans' text, as before, not the text as written."""
    _, finder, reference = finder_setup
    analyzer = LanguageAnalyzer(None)
    doc, again = analyzer.parse(text), LanguageAnalyzer(None).parse(text)
    assert finder.find(doc) == _reference_find(reference, again, monkeypatch)


def test_find_without_sentence_boundaries_is_as_before(finder_setup, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A Doc from the tokenizer alone (no sentence starts): the actor is looked for from its start."""
    nlp, finder, reference = finder_setup
    for text in ("Dana forgot to renew certificate 17 and the deploy was sloppy.",
                 "The deploy went out. Then he forgot to check the disk, and Mary broke the build."):
        assert finder.find(nlp.make_doc(text)) == _reference_find(reference, nlp.make_doc(text), monkeypatch)
        assert finder.find(nlp.make_doc(text))


@given(st.sampled_from(["PM401", "PM402"]), st.text(max_size=30), st.text(max_size=260))
@settings(max_examples=300, deadline=None)
def test_remembered_fingerprints_are_the_hash(code: str, message: str, flagged: str) -> None:
    assert model.fingerprint(code, message, flagged) == model._fingerprint(code, message, flagged)
    assert model.fingerprint(code, message, flagged) == model._fingerprint(code, message, flagged)  # from the cache


# -- PM401's prefilter: a text without any word of "human error" or a fault noun is not searched -----

_HUMAN_ERROR_LISTS = [("human error", "operator error", "user error"), ("Operator Error", "SRE mistake"),
                      ("on-call slip",), ("human error", "  ")]
_DIRECT_TEXT = st.lists(st.one_of(
    st.sampled_from(["human error", "Human  Error", "operator\nerror", "user error", "John's mistake", "his fault",
                     "her Oversight", "’s blunder", "his  screwup", "sre mistake", "on-call slip", "on-call  SLIP",
                     "humane", "errors", "users", "Dana forgot", "'s", "his", "her", " "]),
    st.sampled_from(["ſ", "\u212a", "İ", "ı", "ß", "ﬁ", "’", " ", "-", "\n", "_", "x"]),
    st.text(max_size=3),
), max_size=10).map("".join)


@SETTINGS
@given(_DIRECT_TEXT)
def test_direct_prefilter_needles_miss_no_match(text: str) -> None:
    from pmlint.checks import blame_rule as blame_check

    lowered = text.lower() if text.isascii() else None
    for human_error in _HUMAN_ERROR_LISTS:
        scan = blame_check._Scan(blame_check._direct_pattern(human_error), blame_check._lower_direct_pattern(human_error),
                                 blame_check._direct_needles(human_error))
        found, expected = scan.search(text, lowered), scan.pattern.search(text)
        assert (found and found.span()) == (expected and expected.span())


def test_direct_prefilter_has_no_needles_for_an_empty_entry() -> None:
    from pmlint.checks import blame_rule as blame_check

    assert blame_check._direct_needles(("human error", "  ")) is None
    assert "error" in blame_check._direct_needles(("human error",))


# -- the engine: findings in order without sorting a set --------------------------------------------

def _findings(draws: list[tuple[int, int, int, int, int]]):  # type: ignore[no-untyped-def]
    from pmlint.model import Finding, Severity, Span

    return [Finding(path="a.md", span=Span(line, column, line, column + width), rule=f"r{code}", code=f"PM40{code}",
                    severity=list(Severity)[code % len(Severity)], message=f"m{message}",
                    suggestion=None if width % 2 else f"s{width}", fingerprint=f"f{width}")
            for line, column, width, code, message in draws]


_DRAWS = st.lists(st.tuples(st.integers(1, 6), st.integers(1, 4), st.integers(0, 3), st.integers(1, 3),
                            st.integers(0, 2)), max_size=40)


@SETTINGS
@given(_DRAWS, st.booleans())
def test_stable_order_is_the_sorted_set(draws: list[tuple[int, int, int, int, int]], in_order: bool) -> None:
    from pmlint.commands.engine import in_stable_order
    from pmlint.model import Finding

    findings = _findings(draws)
    if in_order:  # runs in order, as the rules yield them, ties and duplicates left in
        findings.sort(key=lambda finding: (finding.code, finding.span.line, finding.span.column))
    expected = sorted(set(findings), key=Finding.sort_key)
    found = in_stable_order(findings)
    assert [id(finding) for finding in found] == [id(finding) for finding in expected]


# -- PM402: the first words as a trie-shaped alternation ----------------------------------------------

_SHORT_WORDS = st.text(alphabet="abc-.", min_size=1, max_size=4)


@SETTINGS
@given(st.lists(_SHORT_WORDS, min_size=1, max_size=12), st.text(alphabet="abc-. x", max_size=30))
def test_first_words_trie_matches_where_the_plain_alternation_does(words: list[str], text: str) -> None:
    import re

    from pmlint.checks import charged

    trie = re.compile(charged._literal_trie(sorted(set(words))))
    plain = re.compile("|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True)))
    for start in range(len(text) + 1):
        found, expected = trie.search(text, start), plain.search(text, start)
        assert (found and found.start()) == (expected and expected.start())
    assert {word for word in words if trie.fullmatch(word)} == set(words)


def test_first_words_scan_of_the_charged_wordlists_is_a_trie() -> None:
    from pmlint.checks import charged
    from pmlint.language.wordlists import load

    entries = load("charged-replacements").entries + load("charged-words").entries
    scan = charged._first_words_scan(entries)
    assert scan is not None
    for entry in entries:
        assert scan.match(entry.split()[0].lower())
    assert scan.search("dana forgot to renew certificate 17 and the deploy was sloppy.").start() == 55


@given(st.text(max_size=8), st.integers(-5, 10_000))
@settings(max_examples=200, deadline=None)
def test_no_suppression_covers_nothing(code: str, line: int) -> None:
    """What lets the engine keep every finding without asking when a document has no directive."""
    from pmlint.reading.suppressions import ALL, Suppressions

    assert not Suppressions().covers(code, line)
    assert not Suppressions().covers(ALL, line)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 200), min_size=1, max_size=400))
def test_recent_docs_are_kept_oldest_first_as_with_a_dict(asks: list[int]) -> None:
    """The analyzer's last Docs, kept in an OrderedDict: the same texts as a dict dropping its first key."""
    from pmlint.language import pipeline as language

    analyzer = LanguageAnalyzer(None)
    texts = [f"Dana forgot to renew certificate {number}." for number in range(201)]
    analyzer.prepare(texts[:150])
    reference: dict[str, None] = {}
    for number in asks:
        text = texts[number]
        doc = analyzer.parse(text)
        assert doc.text == text and analyzer.parse(text) is doc
        if text not in reference:
            reference[text] = None
            if len(reference) > language.BATCH_TEXTS:
                del reference[next(iter(reference))]
        assert list(analyzer._recent) == list(reference)
