"""Recognising text that stands in for content not written yet (TBD, [hint], {{ variable }})."""
from __future__ import annotations

import re
import string
from collections.abc import Iterable

from pmlint.patterns import DOTALL, any_fullmatch, compile_user
from pmlint.reading.prose import ProseSegment

_PUNCTUATION = string.punctuation + " \u2013\u2014\u2026"
_LEAD_SEPARATOR = re.compile(r"^(?P<word>[^\s:(\-]+)\s*(?::|\(|\s-\s|$)")


class PlaceholderMatcher:
    def __init__(self, words: Iterable[str], patterns: Iterable[str], instruction_verbs: Iterable[str] = ()) -> None:
        self.words = {word.casefold() for word in words}
        # Written in the configuration: run with a time limit (pmlint.patterns).
        self.patterns = [compile_user(pattern, DOTALL) for pattern in patterns]
        self.instruction_verbs = {verb.casefold() for verb in instruction_verbs}

    def is_instruction(self, segment: ProseSegment) -> bool:
        """A template's italic hint to the writer: ``_Describe how the incident was detected._``.

        Only a wholly italic text that opens with an instruction verb counts, so an italic note in a
        finished post-mortem ("*No customer data was exposed.*") is still content.
        """
        if not segment.is_italic():
            return False
        words = segment.text.split()
        return bool(words) and words[0].strip(_PUNCTUATION).casefold() in self.instruction_verbs

    def is_placeholder(self, text: str) -> bool:
        """True when ``text`` is empty, only punctuation, or a placeholder (whole or as its lead word)."""
        compact = " ".join(text.split())
        if not compact:
            return True
        if any_fullmatch(self.patterns, compact):
            return True
        core = compact.strip(_PUNCTUATION).casefold()
        if not core or core in self.words:
            return True
        # "TODO: write this", "TBD - waiting on the vendor"
        lead = _LEAD_SEPARATOR.match(core)
        return bool(lead and lead.group("word") in self.words and len(lead.group("word")) <= 4
                    and lead.end() < len(core))
