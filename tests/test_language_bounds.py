"""Issue 15: the language rules stay bounded on hostile input, and their shortcuts answer as before.

* A paragraph over spaCy's ``max_length`` (1,000,000 characters) is linted, not stopped by E088.
* A run holds the Docs of about one batch, not one per text.
* PM401's given names are a word-set lookup (linear by construction), its phrase matcher and its
  overlap checks give what the slower forms gave; PM403's quote and shouting scans likewise.

Big inputs are built here; nothing is timed. A subprocess timeout, where there is one, only
catches a hang.
"""
from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import lint_text

import pmlint.language.pipeline
from pmlint.checks import blame_rule as blame_check
from pmlint.checks import jargon
from pmlint.language import wordlists
from pmlint.language.pipeline import (
    BATCH_TEXTS,
    CHUNK_CHARS,
    LanguageAnalyzer,
    chunk_bounds,
)

REPO = Path(__file__).resolve().parent.parent
_BLAME = "The engineer forgot to renew the certificate and the deploy was sloppy. "


# -- a paragraph longer than a Doc may be ---------------------------------------------------------------------


def _long_paragraph(length: int) -> str:
    return _BLAME * (length // len(_BLAME) + 1)


def test_a_paragraph_over_a_million_characters_is_linted(tmp_path: Path) -> None:
    """spaCy refused it with E088 and the whole file ended in an internal error (exit 2)."""
    paragraph = _long_paragraph(1_050_000)
    assert len(paragraph) > 1_000_000
    path = tmp_path / "long-paragraph.md"
    path.write_text("# Incident\n\n## Summary\n\n" + paragraph + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pmlint", "check", "--format", "json", "--select", "PM401",
                             str(path)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "E088" not in result.stderr and "internal error" not in result.stderr
    findings = json.loads(result.stdout)
    columns = [finding["column"] for finding in findings]
    expected = [index + 1 for index in range(0, len(paragraph), len(_BLAME))]
    assert columns == expected  # one per sentence, each where its sentence starts: offsets stay exact
    assert {finding["line"] for finding in findings} == {5}
    assert all(finding["end_column"] - finding["column"] == len("The engineer forgot to") for finding in findings)


def test_pieces_of_a_long_text_make_one_doc_with_the_same_text_and_offsets() -> None:
    text = _long_paragraph(CHUNK_CHARS * 2 + 12_345)
    analyzer = LanguageAnalyzer()
    doc = analyzer.parse(text)
    assert doc.text == text
    assert all(text[token.idx:token.idx + len(token.text)] == token.text for token in doc)
    sentences = [sentence.text for sentence in doc.sents]
    assert sentences == [_BLAME.strip()] * len(sentences)  # no sentence cut at a piece's edge


def test_a_long_paragraph_is_handed_to_the_rule_piece_by_piece() -> None:
    """Joined into one Doc, a 4 MB paragraph held every piece twice (590 MB); piece by piece, one at a time."""
    text = _long_paragraph(CHUNK_CHARS * 3 + 5_000)
    analyzer = LanguageAnalyzer()
    analyzer.prepare([text, "A short text."])
    pieces = analyzer.parse_pieces(text)
    offset, first = next(pieces)
    assert offset == 0 and first.text == text[:len(first.text)] and len(first.text) <= CHUNK_CHARS
    assert not analyzer._docs  # the long text is not parsed whole in the prepared pipe
    offsets = [offset] + [offset for offset, _ in pieces]
    assert offsets == [start for start, _ in chunk_bounds(text)]
    assert [(offset, doc.text) for offset, doc in analyzer.parse_pieces("A short text.")] == [(0, "A short text.")]


def test_chunk_bounds_cover_the_text_in_pieces_no_longer_than_the_limit() -> None:
    rng = random.Random(15)
    for _ in range(200):
        text = "".join(rng.choice(["word ", "x", "end. ", "\n", "aaaaaaaa"]) for _ in range(rng.randint(0, 400)))
        limit = rng.randint(4, 60)
        bounds = chunk_bounds(text, limit)
        assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
        assert all(end - start <= limit for start, end in bounds)
        assert all(previous[1] == following[0] for previous, following in zip(bounds, bounds[1:]))
        assert all(end > start for start, end in bounds) or text == ""
    # A cut comes after a sentence's end when there is one, else after a blank, else anywhere.
    assert chunk_bounds("Aaaa bbbb cccc. Dddd eeee ffff", 24) == [(0, 16), (16, 30)]
    assert chunk_bounds("One two three four five six", 20) == [(0, 19), (19, 27)]
    assert chunk_bounds("x" * 50, 20) == [(0, 20), (20, 40), (40, 50)]


# -- how many Docs a run holds ----------------------------------------------------------------------------------


def test_a_run_holds_about_one_batch_of_docs() -> None:
    """All Docs of a run were kept until the end: 50,000 sentences held 50,000 Docs (822 MB)."""
    analyzer = LanguageAnalyzer()
    texts = [f"Sentence number {index} was written by the engineer." for index in range(BATCH_TEXTS * 6)]
    analyzer.prepare(texts)
    most = 0
    for text in texts:
        assert analyzer.parse(text).text == text
        most = max(most, len(analyzer._docs) + len(analyzer._recent))
    assert most <= BATCH_TEXTS + 1
    assert analyzer.parse(texts[-1]).text == texts[-1]  # asked again: still there
    analyzer.forget()
    assert not analyzer._docs and not analyzer._recent


def test_texts_asked_out_of_order_are_all_parsed() -> None:
    analyzer = LanguageAnalyzer()
    texts = [f"Text {index}." for index in range(300)]
    analyzer.prepare(texts)
    for text in reversed(texts):
        assert analyzer.parse(text).text == text
    assert analyzer.parse("Never prepared.").text == "Never prepared."


def test_a_pipe_that_stopped_early_does_not_lose_its_texts() -> None:
    analyzer = LanguageAnalyzer()
    analyzer.prepare(["One.", "Two.", "Three."])
    analyzer._streams[0] = iter([])  # as after an error part way through the pipe
    assert [analyzer.parse(text).text for text in ("Two.", "One.", "Three.")] == ["Two.", "One.", "Three."]


def test_a_text_never_prepared_does_not_read_the_prepared_ones() -> None:
    analyzer = LanguageAnalyzer()
    analyzer.prepare([f"Text {index}." for index in range(300)])
    assert analyzer.parse("Never prepared.").text == "Never prepared."
    assert not analyzer._docs  # the 300 prepared texts are still waiting in the pipe, not parsed and held


# -- PM401: given names as a set of words ---------------------------------------------------------------------


def _old_actor_pattern(lower_words: tuple[str, ...], names: tuple[str, ...], any_capital: bool) -> re.Pattern[str]:
    """The pattern before issue 15: one alternation of every given name."""
    words = "|".join(re.escape(word) for word in lower_words)
    name_words = "|".join(re.escape(name) for name in names) or "(?!)"
    capital = r"|\b[A-Z][a-z]+\b" if any_capital else ""
    return re.compile(rf"(?i:\b(?:{words})\b)|\b(?:{name_words})\b|@[A-Za-z0-9]{capital}")


def test_given_names_are_found_as_the_alternation_found_them() -> None:
    roles = ("he", "she", "someone", "engineer", "on-call engineer")
    names = wordlists.load("given-names").entries + ("Mary Ann", "O'Neil")
    rng = random.Random(7)
    pieces = ["John", "Johnny", "Ann", "Anna", "Mary Ann", "O'Neil", "Björn", "x", "_", "the", "engineer", "He", "@",
              "@bob", " ", " ", ".", "-", "é", "Zoë", "1", "JOHN", "john", "Sam", "Samuel", "\n"]
    for any_capital in (False, True):
        old = _old_actor_pattern(roles, names, any_capital)
        new = blame_check._actor_pattern(roles, names, any_capital)
        for _ in range(4000):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
            start = rng.randint(0, len(text))
            end = rng.randint(start, len(text))
            assert bool(new.search(text, start, end)) == bool(old.search(text, start, end)), (text, start, end)


def test_the_given_names_are_no_longer_one_alternation() -> None:
    roles = ("he",)
    names = wordlists.load("given-names").entries
    found = blame_check._actor_pattern(roles, names, False)
    assert len(found.pattern.pattern) < 200, "the given names are back in one big alternation"
    assert found.search("the change by John broke it") and not found.search("the change by Johnx broke it")


# -- PM401: the phrase matcher and the overlap checks ---------------------------------------------------------


def test_the_phrase_matcher_matches_every_spelling_as_the_token_matcher_did() -> None:
    from spacy.matcher import Matcher

    from pmlint.language.blame_lexicon import _CONTRACTIONS, BlameMatchers

    nlp = pmlint.language.pipeline.load_pipeline(None)
    actions = wordlists.load("blame-actions").entries + ("did not check", "should have known", "would not have")
    new = BlameMatchers(nlp.vocab, nlp.make_doc, actions, ()).actions
    old = Matcher(nlp.vocab)
    for phrase in actions:
        old.add(phrase, [[{"LOWER": {"IN": _CONTRACTIONS.get(word, [word])}} for word in phrase.lower().split()]])
    rng = random.Random(3)
    words = ("he forgot to update the config and didn't check it , should've known they did n't ignored the alert "
             "broke should have known would not have DID NOT CHECK missed").split()
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 30))) for _ in range(1500)]
    texts += ["He didn't check. She should’ve known. They DID NOT check", "did not check did not check"]
    compared = 0
    for doc in nlp.pipe(texts):
        expected = sorted((nlp.vocab.strings[key], start, end) for key, start, end in old(doc))
        assert sorted((nlp.vocab.strings[key], start, end) for key, start, end in new(doc)) == expected, doc.text
        compared += len(expected)
    assert compared > 1000


def test_ranges_overlap_as_the_pairwise_check_said() -> None:
    from pmlint.language.blame_finder import _Ranges

    rng = random.Random(11)
    for _ in range(2000):
        stored: list[tuple[int, int]] = []
        ranges = _Ranges()
        for _ in range(rng.randint(0, 15)):
            low = rng.randint(0, 50)
            high = low + rng.randint(1, 9)
            stored.append((low, high))
            ranges.add(low, high)
            for _ in range(4):
                start = rng.randint(0, 60)
                end = start + rng.randint(0, 7)
                expected = any(start < other_high and other_low < end for other_low, other_high in stored)
                assert ranges.overlaps(start, end) == expected, (stored, start, end)


def test_many_blames_in_one_paragraph_are_each_reported() -> None:
    """The overlap check compared every blame with every kept one: 15,000 blames in a paragraph took minutes."""
    paragraph = _BLAME * 3000
    findings = lint_text("# Incident\n\n## Summary\n\n" + paragraph + "\n", select=("PM401",))
    assert [finding.span.column for finding in findings] == [1 + index * len(_BLAME) for index in range(3000)]


# -- PM403: the quote and shouting scans ----------------------------------------------------------------------


def _old_quoted_ranges(text: str) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    index = 0
    while index < len(text):
        closer = jargon._QUOTES.get(text[index])
        if closer is None:
            index += 1
            continue
        end = text.find(closer, index + 1)
        newline = text.find("\n\n", index + 1)
        if end == -1 or (newline != -1 and newline < end):
            index += 1
            continue
        ranges.append((index, end + 1))
        index = end + 1
    return ranges


def _old_shouted_lines(text: str) -> list[tuple[int, int]]:
    ranges = []
    start = 0
    for line in text.split("\n"):
        letters = [char for char in line if char.isalpha()]
        if len(letters) >= 12 and sum(char.isupper() for char in letters) > 0.6 * len(letters):
            ranges.append((start - 1, start + len(line)))
        start += len(line) + 1
    return ranges


@pytest.mark.parametrize("seed", range(3))
def test_quote_and_shouting_scans_answer_as_before(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = ['a', 'b', 'A', 'B', ' ', '"', '“', '”', '«', '»', '\n', '.', 'Ⅷ', 'É', 'ABCDEFGHIJKLMN']
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert jargon._quoted_ranges(text) == _old_quoted_ranges(text), text
        assert jargon._shouted_lines(text) == _old_shouted_lines(text), text


def test_many_unclosed_quotes_are_scanned_once() -> None:
    """Each opening mark without a closing one searched the rest of the text again: quadratic."""
    text = "“" * 200_000
    assert jargon._quoted_ranges(text) == []
    calls = []

    class Counting(str):
        def find(self, *args: object) -> int:  # type: ignore[override]
            calls.append(args)
            return str.find(self, *args)  # type: ignore[arg-type]

    assert jargon._quoted_ranges(Counting("“ " * 1000)) == []
    assert len([args for args in calls if args[0] == "”"]) == 1


# -- PM402: the quotation scan ----------------------------------------------------------------------------------


def _old_quotations(text: str) -> list[tuple[int, int]]:
    spans = []
    closing, start = "", -1
    for index, char in enumerate(text):
        if char == "\n":
            closing = ""
        elif closing and char == closing:
            if " " in text[start:index].strip():
                spans.append((start, index + 1))
            closing = ""
        elif not closing and char in {'"': '"', "“": "”"}:
            closing, start = {'"': '"', "“": "”"}[char], index
    return spans


def test_quotation_scan_answers_as_before() -> None:
    rng = random.Random(21)
    alphabet = ["a", " ", "b c", '"', "“", "”", "\n", "'", "«", "x y"]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert blame_check.quotations(text) == _old_quotations(text), text


# -- PM402: the removal fix ---------------------------------------------------------------------------------------


def _old_removal_fix(segment, start, end, safe=True):  # type: ignore[no-untyped-def]
    """``_removal_fix`` before issue 15, which copied the text and the line once per fix."""
    from pmlint.checks import charged
    from pmlint.model import UNSAFE, Fix

    degree = charged._DEGREE_BEFORE.search(segment.text, max(0, start - charged._LOOKBEHIND), start)
    if degree is not None:
        start = degree.start()
    if charged._sentence_start(segment.text, start) or not charged._WORD.search(
            segment.text[:start] + segment.text[end:]):
        return None
    first, last = charged._source_range(segment, start, end)
    if first is None or last is None:
        return None
    source = segment.source.text
    before = source[max(0, first - 2):first]
    after = source[last:last + 1]
    if before.endswith(", ") and after == ",":
        first, last = first - 2, last + 1
    elif before.endswith(", ") and (after in ("", "\n") or after in ".;:!?)"):
        first -= 2
    elif before.endswith(" ") and after == " ":
        last += 1
    elif before.endswith(" ") and (after in ("", "\n") or after in ".;:!?)"):
        first -= 1
    else:
        return None
    line_start = source.rfind("\n", 0, first) + 1
    line_end = source.find("\n", last)
    rest = source[last:line_end if line_end >= 0 else len(source)].lstrip()
    if not charged._WORD.search(source[line_start:first]) and not charged._WORD.match(rest):
        return None
    return Fix(segment.source.span(first, last), "", source[first:last], applicability="safe" if safe else UNSAFE)


def test_removal_fix_answers_as_before() -> None:
    from pmlint.checks import charged
    from pmlint.config.loading import load_config
    from pmlint.reading.document import Document
    from pmlint.reading.source import Source
    from pmlint.ruledefs import load_rules

    catalog = load_config(None, load_rules()).catalog
    rng = random.Random(9)
    pieces = ["obviously", "just", "very", " ", " ", ", ", ",", ".", "\n", "\u2003", "\t", "x", "It", "!", "<br>", "--"]
    compared = 0
    for _ in range(1500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        document = Document.parse(Source.from_text("doc.md", "# T\n\n" + text + "\n"), catalog)
        for block in document.blocks:
            segment = block.segment
            for match in re.finditer(r"obviously|just", segment.text):
                for safe in (True, False):
                    old = _old_removal_fix(segment, *match.span(), safe=safe)
                    new = charged._removal_fix(segment, *match.span(), safe=safe)
                    assert repr(new) == repr(old), (segment.text, match.span())
                    compared += old is not None
    assert compared > 100


# -- the per-block and per-document costs of PM403 and PM003 on big inputs ------------------------------------


class _CountingPattern:
    """A compiled pattern that counts the texts it is asked to scan."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.scans = 0

    def finditer(self, text: str, *args: int):  # type: ignore[no-untyped-def]
        self.scans += 1
        return self.pattern.finditer(text, *args)


def _old_code_identifiers(text: str) -> list[tuple[int, int]]:
    """_code_identifiers as it was: every pattern run on every text."""
    spans: list[tuple[int, int]] = []
    for pattern in (jargon._SNAKE, jargon._CAMEL, jargon._CALL, jargon._ERROR_TYPE):
        spans.extend(match.span() for match in pattern.finditer(text))
    for match in jargon._DOTTED.finditer(text):
        name = match.group(0)
        parts = name.removesuffix("()").split(".")
        if not name.endswith("()"):
            if parts[-1].lower() in jargon._NOT_CODE_SUFFIXES or any(len(part) < 2 for part in parts):
                continue
            if not parts[0][:1].islower():
                continue
        spans.append(match.span())
    spans.sort(key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int]] = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


@pytest.mark.parametrize("seed", range(5))
def test_code_identifiers_answer_as_before(seed: int) -> None:
    rng = random.Random(seed)
    words = ["full_node", "sendRawTransaction", "window.fetch", "fetch()", "TypeError", "crates.io", "e.g.",
             "Node.js", "a.b", "x_", "_y", "NullPointerException", "the", "queue", "grew.", "ASP.NET", "(",
             ")", "()", "Error", "config.yaml", "obj.method()", "aB", "abCd", "[x_y]", "ÉtéCd", "a._b", "\n"]
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
        text = text if rng.random() < 0.5 else text.replace(" ", rng.choice(["", ".", "_", "-"]))
        assert jargon._code_identifiers(text) == _old_code_identifiers(text), text


def test_plain_prose_is_not_scanned_for_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """A paragraph-heavy summary ran five code patterns over every block (13% of its run)."""
    counters = {name: _CountingPattern(getattr(jargon, name)) for name in ("_SNAKE", "_CAMEL", "_DOTTED", "_CALL",
                                                                              "_ERROR_TYPE")}
    for name, counter in counters.items():
        monkeypatch.setattr(jargon, name, counter)
    assert jargon._code_identifiers("The queue grew for 12 minutes before the alert.\nIt paged us.") == []
    assert sum(counter.scans for counter in counters.values()) == 0
    assert jargon._code_identifiers("We call full_node.sync() there.") == [(8, 24)]


def test_a_huge_summary_is_searched_for_evidence_once_and_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 4 MB summary paragraph was searched whole by each of the fields' evidence patterns (seconds each
    field, near the patterns' time limit); the fields' patterns read its first EVIDENCE_CHARS only."""
    from pmlint import patterns
    from pmlint.checks import structure

    scanned: list[int] = []
    search = patterns.UserPattern.search

    def counting(self: patterns.UserPattern, text: str) -> bool:
        scanned.append(len(text))
        return search(self, text)

    monkeypatch.setattr(patterns.UserPattern, "search", counting)
    plain = "The parser read the records in order and wrote them out. "
    summary = plain * (1_000_000 // len(plain))
    findings = lint_text("# Incident\n\n## Summary\n\n" + summary + "\n\nUsers could not pay for 40 minutes.\n",
                         select=("PM003",))
    assert scanned and max(scanned) <= structure.EVIDENCE_CHARS
    # Beyond the bound the evidence is not read: the fields are reported as missing, as for a summary without it.
    assert [finding.code for finding in findings] == ["PM003"]
    short = lint_text("# Incident\n\n## Summary\n\n" + plain * 10 + "\n\nUsers could not pay for 40 minutes because "
                      "of a bad deploy; it was rolled back and resolved.\n", select=("PM003",))
    assert short == []


def test_charged_words_in_quotation_marks_are_looked_for_only_where_there_are_marks() -> None:
    """PM402 scanned every block three times with its whole wordlist; a block without a quotation mark
    cannot hold a "defined" term and is not scanned for one."""
    from types import SimpleNamespace

    from pmlint.checks import charged

    counter = _CountingPattern(charged._pattern(("terrible", "disaster")))
    blocks = [SimpleNamespace(segment=SimpleNamespace(text=text)) for text in (
        "A terrible day and a disaster.", "The queue grew.", 'Post-mortems of "terrible" incidents.',
        "It’s ‘disaster’ time.")]
    assert charged._defined_terms(blocks, counter) == frozenset({"terrible", "disaster"})  # type: ignore[arg-type]
    assert counter.scans == 2


def test_only_blocks_with_a_terms_first_word_are_scanned_for_jargon(monkeypatch: pytest.MonkeyPatch) -> None:
    """PM403 ran its whole jargon wordlist over every block of the summary; now only over the blocks
    that hold a term's first word (or that word with the plural "s" the pattern allows)."""
    counters: list[_CountingPattern] = []
    real = jargon._jargon_pattern

    def counting(entries: tuple[str, ...]) -> _CountingPattern:
        counters.append(_CountingPattern(real(entries)))
        return counters[-1]

    monkeypatch.setattr(jargon, "_jargon_pattern", counting)
    plain = "".join(f"The queue grew for {index} minutes before the alert.\n\n" for index in range(50))
    texts = ["The backfills ran late.", "The failover-ready pool was wrong.",
             "The Failover worked.", "A CI/CD job broke."]
    findings = lint_text("# Incident\n\n## Summary\n\n" + plain + "\n\n".join(texts) + "\n", select=("PM403",))
    assert sum(counter.scans for counter in counters) == len(texts)
    assert sorted(finding.message.split("'")[1] for finding in findings if finding.message.count("'") >= 2) == [
        "CI/CD", "backfills", "failover"]
