"""Issue 19: action item patterns are not run on a text without a character every match of theirs holds.

For each pattern and the characters ``reading/action_items.py`` looks for before running it, no text
without those characters matches (generated texts built from the patterns' own words). Nothing is timed.
"""
from __future__ import annotations

import random

from pmlint.reading import action_items as actions

# (pattern, the gate: whether a text may hold a match)
_GATES = [
    (actions._FIELD, lambda text: ":" in text or "=" in text),
    (actions._HANDLE, lambda text: "@" in text),
    (actions._DASH_OWNER, lambda text: "-" in text or "\u2013" in text or "\u2014" in text),
    (actions._BRACKET_OWNER, lambda text: "[" in text),
    (actions._PAREN_OWNER, lambda text: "(" in text),
    (actions._OWNED_BY, lambda text: " by" in text or "assigned to" in text or "TODO(" in text),
    (actions._DONE_EMPHASIS, lambda text: "*" in text or "_" in text),
    (actions._KEY, lambda text: "-" in text),
]
_PIECES = ["Owner", "owner", "DUE", "due date", "eta", ":", "=", " ", "\n", "@ana", "@", "a", "Ana Lim", "Ben", "-",
           "\u2013", "\u2014", "[", "]", "(", ")", "owned by", "Owned By", "owned\tby", "assigned to", "led by",
           "TODO(", "todo(", "cy", "*", "_", "done", "DONE", "fixed", "OPS", "OPS-12", "12", "2026-04-01", ",", ";",
           "Q3 2026", "by", "é", "İ", "\u2705", "#3", "https://x.io/issues/3"]


def test_no_text_without_the_gate_characters_matches() -> None:
    rng = random.Random(19)
    checked = 0
    for _ in range(20_000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 9)))
        for pattern, gate in _GATES:
            if not gate(text):
                checked += 1
                assert pattern.search(text) is None, (pattern.pattern, text)
    assert checked > 50_000


def test_has_field_is_the_field_search() -> None:
    for text in ("Owner: Ana", "owner = ana", "owner Ana", "", "eta:", "Due date : Q3"):
        assert actions._has_field(text) == (actions._FIELD.search(text) is not None)


def _old_description(item: actions.ActionItem) -> str:
    import re

    stripped = actions._FIELD.sub("", item.text)
    stripped = actions._BY_DUE.sub("", stripped) if item.due else stripped
    stripped = actions._ITEM_ID.sub("", stripped, count=1)
    stripped = actions._BRACKET_OWNER.sub("", stripped)
    stripped = re.sub(r"\(\s*(?:[,;]\s*){0,2}\)", "", stripped)
    return " ".join(stripped.split()).strip(" ,;-\u2013\u2014")


def test_description_is_as_with_every_pattern_run() -> None:
    from pmlint.model import Span

    rng = random.Random(5)
    extra = ["AI-1: ", "OPS-7 ", "Add alerts", " (owner: Ana, due: 2026-04-01)", " (, )", "( ; )", "[Rick]", " by Q3 2026",
             "Owner: @ana", "="]
    for _ in range(5_000):
        text = "".join(rng.choice(_PIECES + extra) for _ in range(rng.randint(0, 8)))
        item = actions.ActionItem(span=Span(1, 1, 1, 2), text=text, due=rng.choice([None, "Q3"]))
        assert item.description == _old_description(item), text
