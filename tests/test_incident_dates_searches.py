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
from pmlint.reading.incident_dates import (
    PARTIAL,
    RecoveryWords,
    entry_moments,
    impact_window,
)
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


def _reference_window(entries: list, words: RecoveryWords) -> tuple | None:  # type: ignore[type-arg]
    """``impact_window`` as it was before it stopped at the first full recovery: every entry after the
    start searched, the list of recoveries made, its first one that is not partial taken."""
    moments = entry_moments(entries)
    timed = [entry for entry in entries if id(entry) in moments]
    if len(timed) < 2:
        return None
    if len({entry.offset is None for entry in timed}) > 1:
        return None
    starts, ends, follow_ups = words.starts.search, words.ends.search, words.follow_ups.search
    first = next((entry for entry in timed if starts(entry.text)
                  and not (ends(entry.text) and not follow_ups(entry.text))), timed[0])
    after = timed[timed.index(first) + 1:]
    recovered = [entry for entry in after if ends(entry.text) and not follow_ups(entry.text)]
    last = next((entry for entry in recovered if not PARTIAL.search(entry.text)), recovered[-1] if recovered else None)
    return (first, last, timed[:timed.index(first) + 1], moments) if last is not None else None


_PARTIAL_WORDS = ["partially", "started to", "gradually", "some", "begins"]
_LONG_EVENT = st.lists(st.one_of(st.sampled_from(_WORDS), st.sampled_from(_PARTIAL_WORDS),
                                 st.sampled_from(["the", "api", "RESOLVED", "restored", "Back", "pods"])),
                       min_size=1, max_size=4).map(" ".join)
_LONG_TIMELINE = st.lists(_LONG_EVENT, min_size=0, max_size=14).map(
    lambda events: "## Timeline (UTC)\n\n" + "".join(f"- 2026-01-05 {10 + number // 6}:{number % 6}5 {event}\n"
                                                     for number, event in enumerate(events)))


@hypothesis.settings(max_examples=400, deadline=None)
@hypothesis.given(_LONG_TIMELINE)
def test_the_window_is_the_one_read_from_every_recovery(text: str) -> None:
    # Issue 19: the search for the window's end stops at the first recovery that is not partial.
    found = timelines(Document.parse(Source.from_text("t.md", text), CONFIG.catalog))
    entries = found[0].entries if found else []
    for words in (_PATTERNS, _SEARCHES):
        assert impact_window(entries, words) == _reference_window(entries, _PATTERNS), text
