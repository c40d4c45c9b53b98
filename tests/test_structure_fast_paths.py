"""Issue 19: the fast paths of the structure rules (PM001-PM003) give what the ways they replaced gave.

Each is compared with the straightforward way on many generated documents (seeded, so a failure repeats).
"""
from __future__ import annotations

import random
import re

from benchmarks import corpus
from pmlint.checks import structure
from pmlint.config.loading import load_config
from pmlint.reading.document import Document
from pmlint.reading.source import Source
from pmlint.reading.summary import executive_summary
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog

# Times, dates and near misses: the same moment written twice, a time with an impossible hour, a date alone.
_MOMENTS = ["19:31", "19:31 UTC", "7:31pm", "19:44", "07:31", "25:61", "2023-08-16", "August 16", "August 18",
            "16 Aug 2023", "2023-08-16 19:31", "Aug 16 at 19:44", "at noon", "1931", "v2.1", "10:04-10:52",
            "between 09:12 and 10:04 UTC", "2023-02-30"]
_WORDS = ["the", "outage", "started", "at", "ended", "on", "and", "was", "reported", ",", "."]


def _summary_document(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.randint(1, 4)):
        words = [rng.choice(_MOMENTS if rng.random() < 0.3 else _WORDS) for _ in range(rng.randint(1, 12))]
        paragraphs.append(" ".join(words))
    return "# Post-mortem\n\n## Summary\n\n" + "\n\n".join(paragraphs) + "\n\n## Timeline\n\n- 10:00 start\n"


def test_two_moments_is_moments_at_least_two() -> None:
    rng = random.Random(2219)
    texts = [_summary_document(rng) for _ in range(1500)]
    texts += [corpus.document(f"two-moments:{index}", 12_000, corpus.MIN_SIZE, corpus.MAX_SIZE, issues=True)[0]
              for index in range(20)]
    answers = []
    for text in texts:
        doc = Document.parse(Source.from_text("x.md", text), CATALOG)
        summaries = executive_summary(doc)
        expected = structure._moments(doc, summaries) >= 2
        assert structure._two_moments(doc, summaries) == expected, text
        answers.append(expected)
    assert 100 < sum(answers) < len(answers) - 100  # both answers met often


def _branches(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression (split at each "|" outside parentheses)."""
    branches, depth, start = [], 0, 0
    for index, char in enumerate(pattern):
        if char == "(" and pattern[index - 1:index] != "\\":
            depth += 1
        elif char == ")" and pattern[index - 1:index] != "\\":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:index])
            start = index + 1
    return [*branches, pattern[start:]]


def test_every_branch_of_the_no_impact_patterns_spells_a_needed_word() -> None:
    """``_says`` skips a text without any ``_NEEDED`` word: each branch must hold one outside any group
    that may be left out (checked here as: in the branch once its optional groups are dropped; in the one
    group of alternatives that holds it, "remain|...|stayed|stays", every alternative holds one by hand).
    tests/test_structure_lowered_patterns.py compares ``_says`` with the patterns on 30,000 texts."""
    for pattern, needed in structure._NEEDED.items():
        branches = _branches(pattern.pattern)
        assert len(branches) >= 3
        for branch in branches:
            required = branch
            while "?:" in required:  # drop optional groups "(?:...)?" innermost first
                dropped = re.sub(r"\(\?:[^()]*\)\?", "", required)
                if dropped == required:
                    break
                required = dropped
            assert any(word in required for word in needed), branch


def test_the_placeholder_matcher_is_built_once_per_configuration() -> None:
    """PM002 and PM003 share one matcher for the same wordlists and patterns (it is only read), and
    different patterns get their own."""
    from pmlint.checks import root_cause_rules
    from pmlint.checks.registration import RuleContext
    from pmlint.language.wordlists import load

    lists = {name: load(name) for name in ("placeholders", "instruction-verbs")}
    first = structure._placeholders(RuleContext(options={"placeholder-patterns": [r"\[.*\]"]}, wordlists=lists))
    again = structure._placeholders(RuleContext(options={"placeholder-patterns": [r"\[.*\]"]}, wordlists=lists))
    other = structure._placeholders(RuleContext(options={"placeholder-patterns": [r"<.*>"]}, wordlists=lists))
    assert first is again and other is not first
    assert first.is_placeholder("[fill me]") and not other.is_placeholder("[fill me]") and other.is_placeholder("<x>")
    assert first.is_placeholder("TBD") and not first.is_placeholder("The cache expired.")
    context = RuleContext(options={}, wordlists=lists)
    assert root_cause_rules._matcher(lists["placeholders"].entries, lists["instruction-verbs"].entries) is \
        root_cause_rules._matcher(context.wordlist("placeholders").entries, context.wordlist("instruction-verbs").entries)
