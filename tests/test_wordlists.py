"""Wordlist hygiene: sorted, unique, trimmed, documented and used by some rule."""
from __future__ import annotations

from pathlib import Path

import pytest

from pmlint.language.wordlists import Wordlist, available, parse, parse_line
from pmlint.ruledefs import load_rules

WORDLISTS = Path(__file__).resolve().parent.parent / "wordlists"


@pytest.mark.parametrize("name", available())
def test_wordlist_is_sorted_unique_and_trimmed(name: str) -> None:
    lines = (WORDLISTS / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    assert lines and lines[0].startswith("#"), "a wordlist starts with a comment saying what it is for"
    entries = [line for line in lines if line and not line.startswith("#")]
    assert entries, "empty wordlist"
    for line in lines:
        assert line == line.strip(), f"untrimmed line {line!r}"
    terms = [parse_line(line)[0] for line in entries]
    assert terms == sorted(terms, key=str.casefold), "not sorted (case-insensitively)"
    assert len({term.casefold() for term in terms}) == len(terms), "duplicate entries"


@pytest.mark.parametrize("name", available())
def test_wordlist_is_referenced_by_a_rule(name: str) -> None:
    from pmlint.commands.report import (
        WORDLISTS,  # the words of action item statuses are the report's
    )

    assert any(name in meta.wordlists for meta in load_rules().values()) or name in WORDLISTS


def test_parse_replacements_and_comments() -> None:
    wordlist = parse("x", "# comment\nalpha\nbeta -> gamma\n\n")
    assert wordlist.entries == ("alpha", "beta")
    assert wordlist.replacements == {"beta": "gamma"}


def test_extended_adds_and_removes() -> None:
    base = Wordlist("x", ("alpha", "beta"), {})
    changed = base.extended(["delta -> d"], ["ALPHA"])
    assert changed.entries == ("beta", "delta")
    assert changed.replacements == {"delta": "d"}
