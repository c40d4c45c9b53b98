"""Issue 19: the document's prose words are one lower-cased text of words, not an index built word by word.

``Document.prose_words`` and ``Document.blocks_with_words`` answer as the index of every block's words
(``_WORD.findall`` lower-cased) did, on generated documents with ASCII and non-ASCII words (final sigma,
dotted capital I, accents, dashes, curly apostrophes), code, tables and lists. Nothing is timed.
"""
from __future__ import annotations

import random
import re

from pmlint.config.loading import load_config
from pmlint.reading.document import _ASCII_WORDS, Document
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog
_WORD = re.compile(r"\w+")


def _old_index(doc: Document) -> dict[str, list[int]]:
    """The index before issue 19's third round: each lower-cased word of a block's prose -> its blocks."""
    index: dict[str, list[int]] = {}
    for block in doc.blocks:
        for word in set(map(str.lower, _WORD.findall(block.segment.text))):
            index.setdefault(word, []).append(block.index)
    return index


def _document(rng: random.Random) -> str:
    words = ["Blamed", "the", "ΟΔΟΣ", "Σ", "İstanbul", "María", "don’t", "didn't", "x_1", "_", "42", "e.g.",
             "SRE", "caused", "Caused", "CAUSED", "naïve", "—", "–", "ǅ", "ß", "ﬁle", "KELVIN\u212a", "a-b"]
    lines = []
    for _ in range(rng.randint(1, 14)):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 8)))
        shape = rng.choice(["para", "list", "table", "heading", "code", "quote"])
        if shape == "list":
            lines.append(f"- {text}\n")
        elif shape == "table":
            lines.append(f"| {text} | `{rng.choice(words)}` |\n|---|---|\n| {text} | b |\n")
        elif shape == "heading":
            lines.append(f"## {text}\n")
        elif shape == "code":
            lines.append(f"```\n{text}\n```\n")
        elif shape == "quote":
            lines.append(f"> {text}\n")
        else:
            lines.append(f"{text} `code {rng.choice(words)}` **{rng.choice(words)}**\n")
        lines.append("\n")
    return "".join(lines)


def test_prose_words_and_blocks_with_words_answer_as_the_old_index() -> None:
    rng = random.Random(19)
    for _ in range(300):
        doc = Document.parse(Source.from_text("t.md", _document(rng)), CATALOG)
        index = _old_index(doc)
        assert doc.prose_words == frozenset(index)
        vocabulary = sorted(index) + ["", " ", "a b", "Blamed", "didn't", "don", "t", "zz", "σ", "ς"]
        for _ in range(10):
            words = frozenset(rng.sample(vocabulary, rng.randint(0, min(8, len(vocabulary)))))
            expected = sorted({number for word in words for number in index.get(word, ())})
            assert [block.index for block in doc.blocks_with_words(words)] == expected
            assert [block.index for block in doc.blocks if doc.has_words(block, words)] == expected
        assert doc.blocks_with_words(None) == doc.blocks


def test_ascii_table_lower_cases_word_characters_and_blanks_the_rest() -> None:
    text = "".join(chr(code) for code in range(128))
    assert text.translate(_ASCII_WORDS).split() == [word.lower() for word in _WORD.findall(text)]
    assert "It's A_b9 (x-y)".translate(_ASCII_WORDS).split() == ["it", "s", "a_b9", "x", "y"]


def test_a_word_in_many_blocks_is_found_in_each() -> None:
    doc = Document.parse(Source.from_text("t.md", "Deploy one.\n\n- deploy two\n\n| a | DEPLOY |\n|---|---|\n"
                                          "| deploy | x |\n\nNothing here.\n"), CATALOG)
    found = doc.blocks_with_words(frozenset({"deploy"}))
    assert [block.segment.text for block in found] == ["Deploy one.", "deploy two", "DEPLOY", "deploy"]


def _word_text_block_by_block(doc: Document) -> tuple[str, list[int]]:
    """The word text built one block at a time (before runs of ASCII blocks were translated together)."""
    parts = [text.translate(_ASCII_WORDS) if text.isascii() else " ".join(map(str.lower, _WORD.findall(text)))
             for text in (block.segment.text for block in doc.blocks)]
    starts = [0]
    for part in parts:
        starts.append(starts[-1] + len(part) + 2)
    return "".join(f" {part} " for part in parts), starts


def test_runs_of_ascii_blocks_translated_together_give_the_block_by_block_word_text() -> None:
    rng = random.Random(22)
    texts = ["", "# Only a heading\n", "Plain.\n\nNaïve — café.\n", "- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n"]
    texts += [_document(rng) for _ in range(200)]
    for text in texts:
        doc = Document.parse(Source.from_text("t.md", text), CATALOG)
        assert doc._word_text == _word_text_block_by_block(doc)
