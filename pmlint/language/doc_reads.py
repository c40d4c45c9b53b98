"""A spaCy Doc's lower-case words, text and sentence starts, read once per Doc and kept in its user_data."""
from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pmlint.language.pipeline import has_masked_run

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def span_text(doc: Doc, start: int, end: int, start_char: int, end_char: int) -> str:
    """``doc[start:end].text``, whose characters are ``start_char`` to ``end_char``, without a Span.

    A Span's text is its Doc's text between those offsets, and the text as written (``doc_text``) is
    that text except where ``pmlint.language.pipeline`` masked a run of 100 or more non-blank characters: in a
    Doc whose text has no such run, the slice is the same text; in any other, the Span is asked.
    """
    masked = doc.user_data.get("pmlint_masked")
    if masked is None:
        masked = doc.user_data["pmlint_masked"] = has_masked_run(doc_text(doc))
    if masked:
        return doc[start:end].text
    return doc_text(doc)[start_char:end_char]


def end_char(token: Token) -> int:
    return token.idx + len(token.text)


def tokens_in(doc: Doc, words: frozenset[str]) -> Iterator[Token]:
    """The tokens of ``doc`` whose lower-case form is one of ``words``, in order. The lower-case
    forms are read once per Doc: each finder looping over every token made a Token object each time."""
    if words.isdisjoint(lower_set(doc)):
        return  # nearly every Doc for nearly every finder: not one of its words
    for index, lower in enumerate(lower_words(doc)):
        if lower in words:
            yield doc[index]


def lower_words(doc: Doc) -> list[str]:
    """``[token.lower_ for token in doc]``, read once per Doc."""
    lowers = doc.user_data.get("pmlint_lowers")
    if lowers is None:
        lowers = doc.user_data["pmlint_lowers"] = [token.lower_ for token in doc]
    return lowers


def start_of_sentence(doc: Doc, index: int) -> int:
    """``doc[index].sent.start``: the last token at or before ``index`` that starts a sentence, else 0.

    spaCy's ``Span.sent`` walks back, and forward for the end, and makes a Span on each call. The walk
    back alone gives the start; a sentence longer than a few dozen tokens is looked up in its Doc's
    sentence starts, read once, so that a long paragraph is not walked again for each blame phrase.
    Hooks that redefine sentences, and a Doc without sentence boundaries (spaCy raises), are left to
    spaCy.
    """
    if ("sent" in doc.user_token_hooks or "sent" in doc.user_span_hooks or "sents" in doc.user_hooks
            or not doc.has_annotation("SENT_START")):
        return doc[index].sent.start
    for back in range(index, max(0, index - _SHORT_WALK), -1):
        if doc[back].is_sent_start is True:
            return back
    if index - _SHORT_WALK <= 0:
        return 0
    starts = doc.user_data.get("pmlint_sentence_starts")
    if starts is None:
        starts = doc.user_data["pmlint_sentence_starts"] = [token.i for token in doc if token.is_sent_start is True]
    position = bisect.bisect_right(starts, index)
    return starts[position - 1] if position else 0


_SHORT_WALK = 32


def lower_set(doc: Doc) -> frozenset[str]:
    """The distinct lower-case words of ``doc``, built once per Doc for the finders' word tests."""
    found = doc.user_data.get("pmlint_lower_set")
    if found is None:
        found = doc.user_data["pmlint_lower_set"] = frozenset(lower_words(doc))
    return found


def doc_text(doc: Doc) -> str:
    """``doc.text``, which spaCy joins from every token on each access, built once per parsed text."""
    text = doc.user_data.get("pmlint_text")
    if text is None:
        text = doc.user_data["pmlint_text"] = doc.text
    return text
