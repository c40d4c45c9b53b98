"""Issue 19: PM003's "no impact" and "no downtime" searches, case-sensitive in an ASCII text lower-cased, say
what the case-insensitive patterns say in the text itself."""
from __future__ import annotations

import random

from benchmarks import corpus
from pmlint.checks import structure

_WORDS = ["no", "No", "NO", "known", "Actual", "impact", "IMPACT", "users", "user", "customers", "were", "was", "have",
          "been", "affected", "Impacted", "funds", "tokens", "at", "risk", "data", "exposed", "is", "are", "not",
          "never", "exploited", "Exploit", "before", "it", "attackers", "could", "be", "evidence", "signs", "of",
          "that", "the", "vault", "malicious", "remain", "stayed", "fully", "operational", "ONLINE", "downtime",
          "service", "interruption", "without", "any", "\u212anown", "\u017fervice", "caf\u00e9", ",", ".", "\n",
          "no_", "x"]


def test_the_lowered_searches_say_what_the_patterns_say() -> None:
    rng = random.Random(1933)
    texts = [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 8))) for _ in range(30_000)]
    for index in range(10):
        texts += corpus.document(f"lowered-structure:{index}", 12_000, corpus.MIN_SIZE, corpus.MAX_SIZE,
                                 issues=True)[0].split("\n")
    found = 0
    for text in texts:
        for pattern in (structure._NO_IMPACT, structure._NO_DOWNTIME):
            expected = pattern.search(text) is not None
            assert structure._says(pattern, text) == expected, (pattern.pattern[:20], text)
            found += expected
    assert found > 300, found
