"""Issue 15, resources: the fast paths of the language rules and action items give the old results.

Each fast path is checked against the straightforward way it replaced, on many generated inputs, and
the memory win is measured with tracemalloc (deterministic: bytes of Python objects, not time).
"""
from __future__ import annotations

import re
import subprocess
import sys
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmlint.checks import charged
from pmlint.language.pipeline import LanguageAnalyzer
from pmlint.reading import action_items as actions

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _mixed_case(word: str) -> st.SearchStrategy[str]:
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda upper: "".join(char.upper() if flag else char for char, flag in zip(word, upper)))


# -- PM402: the adversary prefilter ----------------------------------------------------------------

# Characters whose case folds reach ASCII letters ("ſ" is "s", the Kelvin sign "k", "İ" has a dot): the
# regular expression's IGNORECASE matches some of them, a plain lower() does not.
_FOLDING = ["ſ", "\u212a", "İ", "ı", "ß", "ﬁ", "é", "’", " ", "-", "\n"]
_STEM_TEXT = st.lists(st.one_of(
    st.sampled_from(charged._ADVERSARY_STEMS).flatmap(_mixed_case),
    st.sampled_from(["the deploy was sloppy", "Dana forgot", "spa", "ransom", "hac", "threa", "wor", "m"]),
    st.sampled_from(_FOLDING),
    st.text(max_size=4),
), max_size=8).map("".join)


@SETTINGS
@given(_STEM_TEXT)
def test_adversary_stem_fast_path_matches_the_pattern(text: str) -> None:
    assert charged._mentions_adversary_stem(text) == (charged._ADVERSARY_STEM.search(text) is not None)


def test_adversary_stems_are_the_pattern_s() -> None:
    assert sorted(charged._ADVERSARY_STEM.pattern.split("|")) == sorted(charged._ADVERSARY_STEMS)


# -- action items: tracker keys --------------------------------------------------------------------

def _links_line_by_line(text: str, keys: bool = False, ticket: bool = False) -> tuple[str, ...]:
    """``actions._links`` as it was: every line read for keys."""
    found = [link.rstrip(".,;:!?'\"") for link in actions._LINK.findall(text)]
    if keys:
        for line in text.split("\n"):
            lead = actions._LEADING.match(line)
            start = lead.end() if lead else 0
            leading = actions._ITEM_ID.match(line[start:])
            for key in actions._KEY.finditer(line):
                if not ticket and leading is not None and key.start() == start + leading.start("id"):
                    continue
                if not actions._LOCAL_ID.match(key.group(0)):
                    found.append(key.group(0))
    return tuple(dict.fromkeys(found))


_LINK_TEXT = st.lists(st.sampled_from([
    "OPS-12", "AI-3", "ai-4", "utf-8", "SHA-256", "X-1", "#12", "(#40885)", "- ", "1. ", "- [ ] ", "\n", " ", ":",
    "Add an alert", "tracked in", "https://github.com/acme/api/pull/77", "https://jira.example/browse/OPS-9",
    "-", "A", "B2-", "3", "|", "\t", "é", "ABC-123.",
]), max_size=14).map("".join)


@SETTINGS
@given(_LINK_TEXT, st.booleans(), st.booleans())
def test_links_key_prefilter_matches_line_by_line(text: str, keys: bool, ticket: bool) -> None:
    assert actions._links(text, keys=keys, ticket=ticket) == _links_line_by_line(text, keys=keys, ticket=ticket)


# -- PM303: a due date is read once per distinct text ----------------------------------------------

def test_due_dates_are_read_once_each_with_the_same_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers import ENGINE

    from pmlint.checks import action_rules as action_checks
    from pmlint.config.loading import load_config
    from pmlint.reading.source import Source
    from pmlint.ruledefs import load_rules

    dues = ["2026-04-01", "next sprint", "Q3 2026", "soon", "2026-04-01", "April 2026", "TBD", "Q3 2026", "31.4"]
    text = "# T\n\n## Action items\n\n" + "".join(
        f"- [ ] Add alert {number} (owner: @dana, due: {due})\n" for number, due in enumerate(dues * 3))
    read: list[str] = []
    is_date = action_checks._is_date

    def counting(due: str, accept_quarters: bool) -> bool:
        read.append(due)
        return is_date(due, accept_quarters)

    monkeypatch.setattr(action_checks, "_is_date", counting)
    findings = [finding for finding in ENGINE.lint(Source.from_text("t.md", text), load_config(None, load_rules()))
                if finding.code == "PM303"]
    assert sorted(read) == sorted(set(dues) - {""})
    # The findings are those of reading each item's date on its own.
    expected_lines = [5 + number for number, due in enumerate(dues * 3)
                      if due.lower() in ("next sprint", "soon", "tbd") or not is_date(due, True)]
    assert [finding.span.line for finding in findings] == expected_lines


# -- PM401: the blame finder reads lower-case forms once per Doc ----------------------------------

_ACTORS = ["Dana", "The engineer", "He", "@lee", "The on-call engineer", "the vendor's account manager", "Someone",
           "Engineers", "We", "The proxy", "the new release manager", "John Smith", "the user", "It"]
_PHRASES = ["forgot to renew the certificate", "took 20 minutes to respond", "was slow to respond",
            "took too long to acknowledge the page", "took about an hour to react", "were slow to reply",
            "failed to check the disk", "accidentally deleted the table", "broke the build", "didn't notice the alert",
            "should have been more careful", "made a mistake", "caused it", "took a while to respond"]
_TAILS = ["", ".", " and the deploy was sloppy.", ", which was human error.", ". It was human error.",
          ". Human error caused the outage.", " because of human error", "; the root cause was human error!",
          " to reduce the risk of human error.", " It was John's mistake.", "? Why did the developer forget to check?"]


@pytest.fixture(scope="module")
def blame_setup():  # type: ignore[no-untyped-def]
    from helpers import ENGINE

    from pmlint.checks import blame_rule as blame_check
    from pmlint.commands.engine import Engine
    from pmlint.config.loading import load_config
    from pmlint.reading.source import Source
    from pmlint.ruledefs import load_rules

    config = load_config(None, load_rules())
    assert isinstance(ENGINE, Engine)
    prepared = ENGINE.prepare(Source.from_text("t.md", "# T\n\nJohn Smith forgot to check.\n"), config)
    context = ENGINE._context("PM401", prepared)
    from pmlint.language.blame_finder import BlameFinder

    analyzer = LanguageAnalyzer(None)
    finder = BlameFinder(blame_check._lexicon(prepared.document, context),
                         blame_check._matchers(analyzer.pipeline, context))
    return analyzer.pipeline, finder


def _slow_to_reference(doc, index):  # type: ignore[no-untyped-def]
    """``blame._slow_to`` as it was: the words read from a slice of the Doc."""
    from pmlint.language import blame_finder as blame
    from pmlint.language import blame_lexicon

    words = [token.lower_ for token in doc[index:index + 6]]
    if words[0] in ("was", "were"):
        return index + 2 if words[1:3] == ["slow", "to"] else None
    position = 1
    if position < len(words) and words[position] in blame._ROUGHLY:
        position += 1
    rest = words[position:]
    for pattern in (["too", "long"], ["a", "long", "time"], ["a", "while"], ["long"]):
        if rest[:len(pattern)] == pattern:
            position += len(pattern)
            break
    else:
        if rest[:1] and rest[0] in blame_lexicon.TIME_UNITS and rest[0].endswith("s"):
            position += 1
        elif len(rest) >= 2 and (doc[index + position].like_num or rest[0] in ("a", "an", "several", "many")) \
                and rest[1] in blame_lexicon.TIME_UNITS:
            position += 2
        else:
            return None
    return index + position if index + position < len(doc) and doc[index + position].lower_ == "to" else None


_SENTENCES = st.lists(st.tuples(st.sampled_from(_ACTORS), st.sampled_from(_PHRASES), st.sampled_from(_TAILS)),
                      min_size=1, max_size=4).map(lambda parts: " ".join(f"{a} {p}{t}" for a, p, t in parts))


@SETTINGS
@given(_SENTENCES)
def test_blame_reads_the_same_words_as_from_slices(blame_setup, text: str) -> None:  # type: ignore[no-untyped-def]
    from pmlint.language import blame_finder as blame
    from pmlint.language import doc_reads

    nlp, finder = blame_setup
    doc = nlp(text)
    for index in range(len(doc)):
        assert blame._slow_to(doc, index) == _slow_to_reference(doc, index)
        for lower in {token.lower_ for token in doc}:
            assert [token.i for token in doc_reads.tokens_in(doc, frozenset([lower]))] == \
                   [token.i for token in doc if token.lower_ == lower]
    found = finder.find(nlp(text))
    # The same Doc read through Spans, as before: role words and the words around "human error".
    fresh = nlp(text)
    fresh.user_data["pmlint_lowers"] = _SpanLowers(fresh)
    assert finder.find(fresh) == found


class _SpanLowers(list):  # type: ignore[type-arg]
    """A lower-case list whose slices are read from the Doc's Spans, as the finder read them before."""

    def __init__(self, doc) -> None:  # type: ignore[no-untyped-def]
        super().__init__(token.lower_ for token in doc)
        self.doc = doc

    def __getitem__(self, item):  # type: ignore[no-untyped-def]
        if isinstance(item, slice):
            return [token.lower_ for token in self.doc[item]]
        return super().__getitem__(item)


# -- the NLP layer: no bounds kept for a text of one piece ------------------------------------------

# Bytes per short text held by a prepared pipe before it is read: 136 when each text kept a list with
# its bounds tuple; 16 since (its slot in the masked list and in the bounds list; Python 3.11).
PER_TEXT_BYTES = 40


def test_a_prepared_pipe_keeps_no_bounds_for_short_texts() -> None:
    analyzer = LanguageAnalyzer(None)
    texts = [f"Dana forgot to renew certificate {number} and the deploy was sloppy." for number in range(20_000)]
    analyzer.pipeline  # noqa: B018  loaded outside the measurement
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        stream = analyzer._parsed(texts)
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept / len(texts) < PER_TEXT_BYTES, kept / len(texts)
    docs = [next(stream) for _ in range(3)]
    assert [doc.user_data["pmlint_text"] for doc in docs] == texts[:3]
    assert [doc.text for doc in docs] == texts[:3]


def test_long_texts_are_still_parsed_in_pieces_joined_into_one_doc() -> None:
    analyzer = LanguageAnalyzer(None)
    long_text = "The engineer forgot to renew the certificate. " * 5_000  # 230,000 characters: three pieces
    texts = ["He forgot.", long_text, "She broke it."]
    docs = list(analyzer._parsed(texts))
    assert [doc.text for doc in docs] == texts
    assert [doc.user_data["pmlint_text"] for doc in docs] == texts


# -- imports ----------------------------------------------------------------------------------------

def test_importing_the_blame_finder_leaves_out_spacy_s_command_line() -> None:
    code = "import sys, pmlint.language.blame_finder; print('spacy.cli' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_stem_pattern_is_case_insensitive_ascii() -> None:
    assert all(re.fullmatch(r"[a-z]+", stem) for stem in charged._ADVERSARY_STEMS)


# -- wordlists: a substring test before the alternation --------------------------------------------

def _wordlist_text(entries: list[str]) -> st.SearchStrategy[str]:
    pieces = [entry for entry in entries[:40]] + [entry[:-1] for entry in entries[:20] if len(entry) > 1]
    return st.lists(st.one_of(st.sampled_from(pieces).flatmap(_mixed_case), st.sampled_from(_FOLDING),
                              st.sampled_from([" ", "improve monitoring", "the ", "-", "s", "ly"]),
                              st.text(max_size=3)), max_size=8).map("".join)


@pytest.mark.parametrize("name", ["vague-actions", "concrete-deliverables", "charged-words", "jargon"])
def test_wordlist_search_matches_the_pattern(name: str) -> None:
    from hypothesis import given as given_

    from pmlint.language.wordlists import load

    words = load(name)

    @SETTINGS
    @given_(_wordlist_text(list(words.entries)))
    def check(text: str) -> None:
        found, expected = words.search(text), words.pattern.search(text)
        assert (found and found.span()) == (expected and expected.span())

    check()


def test_wordlist_search_with_non_ascii_entries_searches_as_before() -> None:
    from pmlint.language.wordlists import Wordlist

    words = Wordlist("t", ("café", "s"), {})
    assert words._ascii_entries is None
    assert words.search("CAFÉ") is not None and words.search("ſ") is not None  # as the pattern: ſ folds to s
    ascii_words = Wordlist("t", ("improve", "look into"), {})
    for text in ("We will IMPROVE it", "Look  into", "look into it", "impro ve", "ımprove", "improvement"):
        found, expected = ascii_words.search(text), ascii_words.pattern.search(text)
        assert (found and found.span()) == (expected and expected.span()), text


# -- PM402: the search for charged words starts where one can start ---------------------------------

def _charged_entries() -> list[tuple[str, ...]]:
    from pmlint.language.wordlists import load

    charged_words = load("charged-replacements").entries + load("charged-words").entries
    return [charged_words, load("charged-exceptions").entries, ("no", "no excuse", "a.b", "x-y", "@ops"),
            ("café", "lazy")]


_CHARGED_TEXT = st.lists(st.one_of(
    st.sampled_from([word for entries in _charged_entries() for word in entries]).flatmap(_mixed_case),
    st.sampled_from(_FOLDING + ["@", ".", "-", "x", "ops@", "disaster.example", "  ", "\t", "ſloppy", "laẓy"]),
    st.text(max_size=3),
), max_size=10).map("".join)


@SETTINGS
@given(_CHARGED_TEXT)
def test_charged_search_from_the_earliest_start_finds_what_a_whole_search_finds(text: str) -> None:
    for entries in _charged_entries():
        pattern = charged._pattern(entries)
        first, expected = charged._first_match(pattern, entries, text), pattern.search(text)
        assert (first and first.span()) == (expected and expected.span())
        assert [match.span() for match in charged._matches(pattern, entries, text)] == \
               [match.span() for match in pattern.finditer(text)]


def test_first_words_scan_is_off_for_entries_it_cannot_stand_for() -> None:
    assert charged._first_words_scan(("café", "lazy")) is None
    assert charged._first_words_scan(("lazy", " ")) is None
    assert charged._earliest_start(("lazy",), "ſ lazy") == 0  # not ASCII: searched from the start
    assert charged._earliest_start(("lazy",), "it was LAZY") == 7
    assert charged._earliest_start(("lazy",), "it was fine") is None


# -- PM403: names read only from text with two capitals in a row ----------------------------------

def _document_names_everywhere(document) -> set[str]:  # type: ignore[no-untyped-def]
    """``jargon._find_document_names`` as it was: every block searched with both patterns."""
    from pmlint.checks import jargon

    texts: list[str] = []
    if document.headings and document.headings[0].level == 1:
        texts.append(document.headings[0].text)
    if document.front_matter is not None:
        for key in jargon._NAME_KEYS:
            texts.extend(jargon._strings(document.front_matter.data.get(key)))
    names = {run.casefold() for text in texts for run in re.findall(r"[A-Z]{2,}|[A-Za-z]{2,}", text)}
    for block in document.blocks:
        text = block.segment.text
        names |= {match.group(1).casefold() for match in jargon._POSSESSIVE.finditer(text)}
        names |= {match.group(1).casefold() for match in jargon._ORGANISATION.finditer(text)}
    return names


_NAMES_TEXT = st.lists(st.sampled_from([
    "DFDS' usage", "AWS’s", "ACME's outage", "NASA engineers", "SRE decided", "Ab", "aB", "A", "B", "ÉÉ", "İS", "x",
    " ", "\n", "\n\n", "# CATbleed\n\n", "- ", "the ", "staff", "determined", "'s", "’", "-", "K8S", "ǅǅ",
]), max_size=16).map("".join)


@SETTINGS
@given(_NAMES_TEXT)
def test_document_names_skip_text_without_two_capitals_in_a_row(text: str) -> None:
    from pmlint.checks import jargon
    from pmlint.config.loading import load_config
    from pmlint.reading.document import Document
    from pmlint.reading.source import Source
    from pmlint.ruledefs import load_rules

    document = Document.parse(Source.from_text("t.md", text), load_config(None, load_rules()).catalog)
    assert jargon._find_document_names(document) == _document_names_everywhere(document)


def test_lower_case_words_are_read_only_when_an_acronym_asks() -> None:
    from helpers import ENGINE

    from pmlint.config.loading import load_config
    from pmlint.reading.source import Source
    from pmlint.ruledefs import load_rules

    config = load_config(None, load_rules())
    calm = "# T\n\n## Summary\n\nThe queue grew for 5 minutes.\n"
    prepared = ENGINE.prepare(Source.from_text("t.md", calm), config)
    list(ENGINE.checks["PM403"](prepared.document, ENGINE._context("PM403", prepared)))
    assert "pm403-lowercase-words" not in prepared.document._views
    product = "# T\n\n## Summary\n\nWebhooks from the Relay API failed, and API requests queued.\n"
    prepared = ENGINE.prepare(Source.from_text("t.md", product), config)
    found = list(ENGINE.checks["PM403"](prepared.document, ENGINE._context("PM403", prepared)))
    assert "pm403-lowercase-words" in prepared.document._views
    assert all(violation.args.get("term") != "API" for violation in found)  # "the Relay API": a name


# Peak bytes PM403 allocates per line of a one-paragraph summary with no acronym (the document's shared
# word index built before): 504 when every lower-case word of the document was collected up front (a list
# of them all, then a set); 129 since they are read only when an acronym asks (Python 3.11). The 4 MB
# one-paragraph shape peaked at 244 MB, 193 MB since.
PM403_PEAK_BYTES_PER_LINE = 250


def test_pm403_keeps_no_list_of_the_document_s_words() -> None:
    from helpers import ENGINE

    from pmlint.config.loading import load_config
    from pmlint.reading.source import Source
    from pmlint.ruledefs import load_rules

    lines = 20_000
    text = "# Outage\n\n## Summary\n\n" + "".join(
        f"The queue grew for {number} minutes before the alert fired.\n" for number in range(lines)) + "\n"
    prepared = ENGINE.prepare(Source.from_text("t.md", text), load_config(None, load_rules()))
    prepared.document.prose_words  # noqa: B018  shared with the other rules: built outside the measurement
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        found = list(ENGINE.checks["PM403"](prepared.document, ENGINE._context("PM403", prepared)))
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert found == []
    assert peak / lines < PM403_PEAK_BYTES_PER_LINE, peak / lines


# -- PM401's prefilter: blame phrases' first words looked for in ASCII text lower-cased -------------

def _blame_scans():  # type: ignore[no-untyped-def]
    from pmlint.checks import blame_rule as blame_check
    from pmlint.config.loading import load_config
    from pmlint.language.wordlists import load
    from pmlint.ruledefs import load_rules

    actions = load("blame-actions").entries
    human_error = tuple(load_config(None, load_rules()).rules_for(None)["PM401"].options["human-error"])
    return [
        blame_check._Scan(blame_check._trigger_pattern(actions), blame_check._lower_trigger_pattern(actions)),
        blame_check._Scan(blame_check._direct_pattern(human_error), blame_check._lower_direct_pattern(human_error)),
        blame_check._Scan(blame_check._direct_pattern(("Operator Error", "SRE mistake")),
                          blame_check._lower_direct_pattern(("Operator Error", "SRE mistake"))),
    ]


_BLAME_TEXT = st.lists(st.one_of(
    st.sampled_from(["forgot", "Forgot to", "caused", "CAUSED by", "didn't", "didn’t", "shouldn't", "took", "slow",
                     "human error", "Human  Error", "operator\nerror", "user error", "John's mistake", "his fault",
                     "her Oversight", "’s blunder", "failed", "fail", "broke", "mistakenly", "sre mistake"]
                    ).flatmap(_mixed_case),
    st.sampled_from(_FOLDING + ["_", "x", "Dana ", "the engineer ", "@lee "]),
    st.text(max_size=3),
), max_size=10).map("".join)


@SETTINGS
@given(_BLAME_TEXT)
def test_blame_prefilter_scans_lower_cased_ascii_text_as_the_patterns_do(text: str) -> None:
    lowered = text.lower() if text.isascii() else None
    for scan in _blame_scans():
        assert [(found.span(), found.group(0).lower()) for found in scan.finditer(text, lowered)] == \
               [(found.span(), found.group(0).lower()) for found in scan.pattern.finditer(text)]
        found, expected = scan.search(text, lowered), scan.pattern.search(text)
        assert (found and found.span()) == (expected and expected.span())


def test_blame_prefilter_patterns_are_off_for_entries_that_are_not_ascii() -> None:
    from pmlint.checks import blame_rule as blame_check

    assert blame_check._lower_trigger_pattern(("forgot to", "oublié de")) is None
    assert blame_check._lower_direct_pattern(("erreur humaine", "menschliches Versäumnis")) is None
