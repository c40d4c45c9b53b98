"""Issue 19: PM102's test for an entry placed late gives what the full pattern gives.

``_placed_late`` first looks for one of the words every saying holds (``_PLACED_LATE_WORDS``) and
searches for the sayings only in a text that has one; checked here against the full pattern alone.
"""
from __future__ import annotations

import hypothesis
from hypothesis import strategies as st

from pmlint.checks.timeline_rules import (
    _PLACED_LATE,
    _PLACED_LATE_WORDS,
    _has_placed_late_word,
    _placed_late,
)

_PIECES = ["earlier", "EARLIER", "Earlier", "later", "found", "learnt", "LEARNED", "confirmed", "in", "hindsight",
           "retrospect", "Retroactively", "back", "-", "filled", "backfilled", "out", "of", "order", "ORDER", "(", "[",
           " ", "  ", "\n", ".", ":", "~", "**", "deploy", "rollback", "\u017f", "\u212a", "\u0130", "e", "l", "x"]


@hypothesis.settings(max_examples=3000, deadline=None)
@hypothesis.given(st.lists(st.sampled_from(_PIECES), max_size=10).map("".join))
def test_placed_late_is_the_full_pattern(text: str) -> None:
    assert _placed_late(text) == (_PLACED_LATE.search(text) is not None), text


def test_placed_late_sayings() -> None:
    assert _placed_late("(earlier; found later in the logs) cache filled")
    assert _placed_late("- Earlier: the deploy had started")
    assert _placed_late("we LEARNED LATER that the job ran")
    assert _placed_late("Backfilled from the pager history")
    assert not _placed_late("the rollback was ordered; later the errors stopped")
    assert not _placed_late("Restarted the pods; errors continue.")


@hypothesis.settings(max_examples=3000, deadline=None)
@hypothesis.given(st.lists(st.sampled_from(_PIECES + ["\x00", "LaTeR", "oRdEr", "\u00e9"]), max_size=12).map("".join))
def test_the_lower_cased_word_search_finds_what_the_case_blind_one_does(text: str) -> None:
    # The ASCII path lower-cases the text and searches the words as written; others use the case-blind one.
    assert _has_placed_late_word(text) == (_PLACED_LATE_WORDS.search(text) is not None), text
