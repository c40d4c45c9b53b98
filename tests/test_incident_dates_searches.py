"""Issue 19: the impact window read with the wordlists' cheap searches is the one read with their patterns.

PM103 and PM501 give ``RecoveryWords`` the searches of their wordlists (``Wordlist.search``: a test for
the words as substrings of an ASCII text, then the pattern); ``impact_window`` must find the same first
and last entries as with the patterns alone, on timelines built from the shipped wordlists' own words.
"""
from __future__ import annotations

import dataclasses

import hypothesis
from hypothesis import strategies as st

from pmlint.config.loading import load_config
from pmlint.language.wordlists import Wordlist
from pmlint.reading.document import Document
from pmlint.reading.incident_dates import RecoveryWords, impact_window
from pmlint.reading.source import Source
from pmlint.reading.timeline_entries import timelines
from pmlint.ruledefs import load_rules

CONFIG = load_config(None, load_rules())
_NAMES = ("timeline-impact-start", "timeline-resolution", "timeline-follow-up")
_LISTS: list[Wordlist] = [CONFIG.wordlists[name] for name in _NAMES]
_WORDS = sorted({entry for wordlist in _LISTS for entry in wordlist.entries})[:400]
_PATTERNS = RecoveryWords(*(wordlist.pattern for wordlist in _LISTS))
_SEARCHES = dataclasses.replace(_PATTERNS, searches=tuple(wordlist.search for wordlist in _LISTS))  # type: ignore[arg-type]

_EVENT = st.lists(st.one_of(st.sampled_from(_WORDS), st.sampled_from(["the", "api", "partially", "\u017ftatus", "É",
                                                                     "RESOLVED", "Back", "-", ";", "pods"])),
                  min_size=1, max_size=5).map(" ".join)
_TIMELINE = st.lists(_EVENT, min_size=2, max_size=8).map(
    lambda events: "## Timeline (UTC)\n\n" + "".join(f"- 2026-01-05 {10 + number}:0{number % 10} {event}\n"
                                                     for number, event in enumerate(events)))


@hypothesis.settings(max_examples=400, deadline=None)
@hypothesis.given(_TIMELINE)
def test_the_window_is_the_same_with_the_cheap_searches(text: str) -> None:
    entries = timelines(Document.parse(Source.from_text("t.md", text), CONFIG.catalog))[0].entries
    plain, cheap = impact_window(entries, _PATTERNS), impact_window(entries, _SEARCHES)
    assert (plain is None) == (cheap is None), text
    if plain is not None and cheap is not None:
        assert plain[:3] == cheap[:3], text


def test_the_searches_tell_no_two_sets_of_words_apart() -> None:
    assert _SEARCHES == _PATTERNS and hash(_SEARCHES) == hash(_PATTERNS)
