"""Issue 19: PM403's acronym pattern opens with a capital, and the definitions are read where a bracket is.

* ``_ACRONYM`` matches as its form before issue 19's third round did (the look-behinds written before the
  first capital), at the same places with the same groups, in search, fullmatch and finditer.
* The acronyms' definitions are read only from blocks with a bracket, possessors only from blocks with an
  apostrophe and organisations only from blocks with one of their verbs: that gives what reading every block did.

Nothing is timed.
"""
from __future__ import annotations

import random
import re

from pmlint.checks import jargon
from pmlint.config.loading import load_config
from pmlint.reading.document import Document
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog

_OLD_ACRONYM = re.compile(r"(?<![\w\-./@#$])(?<![A-Z];)([A-Z]{2,})(s?)(?![\w\-/@]|;[A-Z]|\.\w)")
_PIECES = ["A", "B", "SLO", "s", "x", "é", "É", ";", ".", "-", "/", "@", "#", "$", "'", "’", " ", "\n", "\t", "(",
           ")", "_", "1", " determined", " staff", "staffs", "\x00", "TL;DR", "Q.A", "Ω"]


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], ...]]:
    return [tuple(match.span(group) for group in range(pattern.groups + 1)) for match in pattern.finditer(text)]


def test_acronym_pattern_matches_as_its_look_behind_first_form() -> None:
    rng = random.Random(19)
    for _ in range(30_000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12)))
        assert _matches(_OLD_ACRONYM, text) == _matches(jargon._ACRONYM, text), text
        assert bool(_OLD_ACRONYM.fullmatch(text)) == bool(jargon._ACRONYM.fullmatch(text)), text
        position = rng.randint(0, len(text))
        old, new = _OLD_ACRONYM.search(text, position), jargon._ACRONYM.search(text, position)
        assert (old and old.span(1)) == (new and new.span(1)), text


def _old_definitions(document: Document) -> dict[str, int]:
    found: dict[str, int] = {}
    for block in document.blocks:
        text = block.segment.text
        for match in _OLD_ACRONYM.finditer(text):
            acronym = match.group(1)
            inside = text[max(0, match.start() - 1):match.start()] == "(" and text[match.end():match.end() + 1] == ")"
            if inside and jargon._initials_before(text[max(0, match.start() - 200):match.start() - 1], acronym):
                defines = True
            else:
                after = jargon._EXPLANATION_AFTER.match(text, match.end())
                defines = bool(after and len(after.group(1).split()) >= 2 and after.group(1)[:1].isalpha()
                               and not _OLD_ACRONYM.fullmatch(after.group(1).strip()))
            if defines:
                offset = block.segment.source_offset(match.start())
                found[acronym] = min(offset, found.get(acronym, offset))
    return found


def _old_names(document: Document) -> set[str]:
    names: set[str] = set()
    for block in document.blocks:
        text = block.segment.text
        names |= {match.group(1).casefold() for match in jargon._POSSESSIVE.finditer(text)}
        names |= {match.group(1).casefold() for match in jargon._ORGANISATION.finditer(text)}
    return names


def test_definitions_and_names_read_as_from_every_block() -> None:
    rng = random.Random(7)
    sentences = ["DFDS engineers fixed it", "the SRE team", "SLO (service level objective)", "(SLO)",
                 "Service Level Objective (SLO)", "ACME's usage", "ACME’ staff", "CNI\ndetermined", "RCA (root cause",
                 "AWS apologised", "GCP's", "ACME employees", "OK’", "HR staffed",
                 "analysis)", "`API (x y)`", "CDN (content delivery network)", "TL;DR", "## AWS EKS", "- QA staff",
                 "> PM's note", "| DNS | domain name system |"]
    for _ in range(300):
        lines = []
        for _ in range(rng.randint(1, 10)):
            lines.append(" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 4))))
            lines.append(rng.choice(["\n", "\n\n", "\n\n|---|---|\n"]))
        document = Document.parse(Source.from_text("t.md", "".join(lines)), CATALOG)
        assert jargon._find_definitions(document) == _old_definitions(document)
        assert not document.headings or document.headings[0].level > 1  # no title: only the blocks give names
        assert jargon._find_document_names(document) == _old_names(document)


_INTRODUCING_PIECES = ["called", "Called", "CALLED", "known", "KNOWN", "\u212anown", " as", " aſ", "termed", "Termed",
                       "the ", "an ", "a ", '"', "“", "'", "runners", "Runner", "x-y", " ", "\n", "\t", "é", "s",
                       "calle", "d", "k"]


def test_introductions_read_as_the_pattern_over_every_text() -> None:
    """``_introductions`` passes over an ASCII text without "called", "known as" or "termed" (lower-cased):
    it finds what reading every text with ``_INTRODUCED`` found."""
    rng = random.Random(4031)
    texts = ["".join(rng.choice(_INTRODUCING_PIECES) for _ in range(rng.randint(0, 9))) for _ in range(30_000)]
    found = 0
    for text in texts:
        expected = [(match.start(), match.group(1).casefold().removesuffix("s"))
                    for match in jargon._INTRODUCED.finditer(text)]
        assert jargon._introductions(text) == expected, text
        found += bool(expected)
    assert found > 1000, found


def test_blocks_with_terms_are_found_with_the_document_s_term_words_only() -> None:
    """PM403 asks ``has_words`` about the term words the document has (intersected once), not all of them:
    the same blocks answer yes."""
    from pmlint.language.wordlists import first_words, load

    term_words = jargon._with_plurals(first_words(load("jargon").entries))
    words = sorted(term_words)[:40] + ["the", "pods", "Pod", "k8s", "x", "failover", "failovers-ready", "é"]
    rng = random.Random(403)
    answered = 0
    for _ in range(300):
        paragraphs = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(1, 5))]
        document = Document.parse(Source.from_text("t.md", "\n\n".join(paragraphs) + "\n"), CATALOG)
        present = document.prose_words.intersection(term_words)
        for block in document.blocks:
            expected = document.has_words(block, term_words)
            assert document.has_words(block, present) == expected
            answered += expected
    assert answered > 100, answered
