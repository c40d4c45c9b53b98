"""Issue 19: PM304 remembers each short description's verdict by the description and its two patterns, and
answers as working it out each time does (also when a configuration changes the word lists)."""
from __future__ import annotations

import random

from pmlint.checks import action_rules
from pmlint.language.wordlists import Wordlist

_VERBS = ["Improve", "improve", "Investigate", "Add", "Look into", "Review", "Fix", "We will improve", "Monitoring will be improved"]
_REST = ["monitoring", "alerts", "the runbook", "proactive alerts", "to 99.9%", "and fix the leak", "so we can see",
         "for the API", "p99 under 200 ms", "a dashboard", "better", "(OPS-1)", "", "by Q3", "then add retries"]


def _fresh(text: str, words: Wordlist, concrete: Wordlist) -> str | None:
    match = action_rules._vague_action(text, words)
    if match is None or action_rules._MEASURABLE.search(text) or action_rules._rescued(text, concrete.pattern, words.pattern):
        return None
    return match


def test_remembered_verdicts_are_the_verdicts() -> None:
    rng = random.Random(304)
    texts = [" ".join([rng.choice(_VERBS), rng.choice(_REST), rng.choice(_REST)]).strip() for _ in range(1500)]
    texts.append("Improve " + "monitoring " * 60)  # too long to remember
    lists = [(Wordlist("vague-actions", ("improve", "investigate", "look into", "review"), {}),
              Wordlist("concrete-deliverables", ("dashboard", "alerts", "runbook"), {})),
             (Wordlist("vague-actions", ("add", "fix"), {}), Wordlist("concrete-deliverables", ("leak",), {}))]
    vague_found = 0
    for _ in range(2):  # the second round from memory
        for words, concrete in lists:
            for text in texts:
                expected = _fresh(text, words, concrete)
                assert action_rules._vague_word(text, words, concrete.pattern) == expected, text
                vague_found += expected is not None
    assert vague_found > 500, vague_found
