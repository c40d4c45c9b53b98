"""Issue 19: PM303 reads each short due date once per process, and answers as reading it each time does."""
from __future__ import annotations

import random

from pmlint.checks import action_rules

_PIECES = ["2026-04-01", "Q3", "2026", "q4 '26", "H1", "FY", "March", "mar.", "end of", "next sprint", "TBD", "by",
           "12/05", "05.12.2026", "14:05 UTC", " ", "-", "soon", "1 May", "31 Feb 2026", "2026-13-01", "Sept 2025"]


def test_remembered_answers_are_the_answers() -> None:
    rng = random.Random(303)
    texts = [" ".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 4))) for _ in range(3000)]
    texts += ["2026-04-01 " + "x" * 200, "x" * 99 + "Q3 2026"]
    dated = 0
    for accept in (True, False):
        for text in texts + texts:  # the second time from memory
            expected = action_rules._reads_as_date(text, accept)
            assert action_rules._is_date(text, accept) == expected, (text, accept)
            dated += expected
    assert dated > 1000, dated


def test_a_short_due_date_is_read_once(monkeypatch) -> None:
    calls: list[str] = []
    real = action_rules.find_timestamps
    monkeypatch.setattr(action_rules, "find_timestamps", lambda text: calls.append(text) or real(text))
    action_rules._remembered_is_date.cache_clear()
    for _ in range(3):
        assert action_rules._is_date("2026-04-01", True)
        assert not action_rules._is_date("next sprint", True)
        assert action_rules._is_date("due " + "x" * 120 + " 2026-04-01", True)
    assert calls.count("2026-04-01") == 1 and calls.count("next sprint") == 1
    assert len(calls) == 5  # the long one each time
