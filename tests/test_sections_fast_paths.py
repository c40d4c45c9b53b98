"""Issue 19: normalize_heading's fast paths (no translation of an ASCII text without a backtick, no bracket
scan of a text without an opener) give what the full steps gave, on generated headings and label names."""
from __future__ import annotations

import random
import re

from pmlint.reading import sections

_OLD_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{\{.*?\}\}")


def _old_normalize(text: str) -> str:
    """normalize_heading as it was: every step on every text (the brackets as the regular expression
    ``_remove_bracketed`` stands for)."""
    text = text.translate(sections._APOSTROPHES).replace("&", " and ")
    text = sections._NUMBERING.sub("", text)
    text = _OLD_BRACKETED.sub(" ", text)
    text = sections._NON_WORD.sub(" ", text.lower()).replace("_", " ")
    return " ".join(word.strip("'") for word in text.split() if word.strip("'"))


_PIECES = ["Root", "cause", "Time", "line", "1.", "2)", "iv.", "Step 3:", "07:02", "UTC", "(", ")", "[", "]", "{", "}",
           "{{", "}}", "`", "'", "\u2019", "\u2018", "&", " ", "  ", "\n", "\t", "_", "-", "é", "Ω", "x", ":", "."]


def test_normalize_heading_is_the_full_steps() -> None:
    rng = random.Random(2207)
    for _ in range(30_000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 10)))
        assert sections.normalize_heading.__wrapped__(text) == _old_normalize(text), text
