"""Issue 19: _FUTURE and _DECLINED searched case-sensitively in an ASCII text lower-cased say what the
case-insensitive patterns say in the text itself."""
from __future__ import annotations

import random

from benchmarks import corpus
from pmlint.reading import action_items as ai

_WORDS = ["will", "Will", "WILL", "shall", "should", "must", "need", "Needs", "to", "going", "plans", "Planning",
          "intends", "aims", "continue", "in", "progress", "ongoing", "the", "coming", "next", "week", "MONTH",
          "planned", "Scheduled", "for", "later", "this", "year", "is", "are", "still", "currently", "now", "also",
          "being", "running", "RUNNING", "Migrat\u0130ng", "was", "were", "has", "been", "have", "got", "rejected",
          "Declined", "turned", "down", "voted", "ruled", "out", "decided", "not", "against", "chose", "opted",
          "would", "be", "pursued", "pursue", "adopt", "Adopting", "\u017fhall", "\u212aing", "ok", "-", ",", ".",
          "(", "\n", "x_y", "42", "\u00e9t\u00e9", "wilL", "iS", "ARE"]


def _texts() -> list[str]:
    rng = random.Random(1921)
    texts = [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 9))) for _ in range(20_000)]
    texts += ["".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 5))) for _ in range(5_000)]
    for index in range(10):
        text = corpus.document(f"lowered:{index}", 12_000, corpus.MIN_SIZE, corpus.MAX_SIZE, issues=True)[0]
        texts += text.split("\n")
    return texts


def test_the_lowered_searches_say_what_the_patterns_say() -> None:
    futures = declined = 0
    for text in _texts():
        expected_future = ai._FUTURE.search(text) is not None
        expected_declined = ai._DECLINED.search(text) is not None
        assert ai._says_future(text) == expected_future, text
        assert ai._says_declined(text) == expected_declined, text
        futures += expected_future
        declined += expected_declined
    assert futures > 1000 and declined > 100, (futures, declined)


def test_the_lowered_field_search_finds_the_fields_the_pattern_finds() -> None:
    rng = random.Random(1923)
    pieces = ["Owner", "OWNER", "owners", "Assignee", "assigned to", "DRI", "Due", "due date", "Deadline", "Target",
              "ETA", "Status", "ID", "Ticket", ":", "=", " ", ": ", "@Ana", "Ana Lim", ",", ";", ".", "..", "\n", "|",
              ")", "]", "2026-04-01", "beta", "-", "\u212aey", "\u017ftatus", "caf\u00e9", "x"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))) for _ in range(20_000)] + _texts()
    fields = 0
    for text in texts:
        expected = [(m.start(), m.end(), m.group("key"), m.group("value")) for m in ai._FIELD.finditer(text)]
        found = [(m.start(), m.end(), text[m.start("key"):m.end("key")], text[m.start("value"):m.end("value")])
                 for m in ai._field_matches(text)]
        assert found == expected, text
        assert ai._has_field(text) == bool(expected), text
        fields += len(expected)
    assert fields > 1000, fields


def test_done_anywhere_is_searched_only_where_a_done_word_is_and_says_what_the_pattern_says() -> None:
    rng = random.Random(1922)
    pieces = ["done", "DONE", "Done", "completed", "Complete", "COMPLETED", "fixed", "FIXED", "resolved", "Shipped",
              "implemented", "(", ")", "[", "]", " ", ".", ":", "-", "\u2013", "\u2014", "on", "in", "12 May",
              "2026-04-01", "\u2705", "\u2714", "\u2713", "\u2611", "x", "DONEx", "\u212a", "\u017f", "caf\u00e9", "!"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in range(30_000)] + _texts()
    done = 0
    for text in texts:
        expected = ai._DONE_ANYWHERE.search(text) is not None
        assert ai._done_anywhere(text) == expected, text
        done += expected
    assert done > 1000, done
