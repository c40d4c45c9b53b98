"""Wordlists: plain sorted text files, one entry per line, ``#`` comments, ``term -> replacement``."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from pmlint.resources import data_dir


@dataclass(frozen=True)
class Wordlist:
    name: str
    entries: tuple[str, ...]
    replacements: dict[str, str]

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """The entries as one case-insensitive whole-word pattern."""
        return re.compile(r"\b(?:" + "|".join(re.escape(entry) for entry in self.entries) + r")\b", re.IGNORECASE)

    @functools.cached_property
    def _ascii_entries(self) -> tuple[str, ...] | None:
        """The entries lower-cased, when every one is ASCII (else None)."""
        if not all(entry.isascii() for entry in self.entries):
            return None
        return tuple(dict.fromkeys(entry.lower() for entry in self.entries))

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``, without the search for an ASCII text that holds no entry.

        ``pattern`` matches an entry's characters case-insensitively; for ASCII entries and ASCII text that
        is the entry lower-cased in the text lower-cased (only other characters have case folds such as "ſ"
        for "s"). A few dozen substring tests are much faster than the alternation tried at every position.
        """
        entries = self._ascii_entries
        if entries is not None and text.isascii():
            lowered = text.lower()
            for entry in entries:  # a loop, not any() over a generator: half the cost per entry
                if entry in lowered:
                    break
            else:
                return None
        return self.pattern.search(text)

    @functools.cached_property
    def _by_key(self) -> dict[str, str]:
        # Reversed so the first of entries that differ only in case or spacing wins.
        return {" ".join(entry.split()).casefold(): entry for entry in reversed(self.entries)}

    def entry_for(self, text: str) -> str | None:
        """The entry ``text`` spells, ignoring case and how the words are spaced ("Dropped  the\nball")."""
        return self._by_key.get(" ".join(text.split()).casefold())

    def extended(self, add: list[str], remove: list[str]) -> Wordlist:
        """A copy with user entries added (``term`` or ``term -> replacement``) and others removed."""
        removed = {entry.casefold() for entry in remove}
        entries = [entry for entry in self.entries if entry.casefold() not in removed]
        replacements = {key: value for key, value in self.replacements.items() if key.casefold() not in removed}
        for line in add:
            term, replacement = parse_line(line)
            if term and term not in entries:
                entries.append(term)
            if replacement is not None:
                replacements[term] = replacement
        return Wordlist(self.name, tuple(entries), replacements)


def phrase_alternation(entries: Iterable[str]) -> str:
    """A regular-expression alternation of phrases: escaped, longest first, any whitespace between words."""
    return "|".join(r"\s+".join(re.escape(word) for word in entry.split())
                    for entry in sorted(entries, key=len, reverse=True))


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=64)
def first_words(entries: tuple[str, ...]) -> frozenset[str] | None:
    """The lower-cased first word of each entry, for a prefilter: a text that has none of these
    words (see ``Document.prose_words``) holds no entry. None when an entry has no word at all."""
    words = set()
    for entry in entries:
        match = _WORD.search(entry)
        if match is None:
            return None
        words.add(match.group().lower())
    return frozenset(words)


def parse_line(line: str) -> tuple[str, str | None]:
    """``"term -> replacement"`` → (term, replacement); a bare term has no replacement."""
    if "->" in line:
        term, replacement = line.split("->", 1)
        return term.strip(), replacement.strip()
    return line.strip(), None


def parse(name: str, text: str) -> Wordlist:
    entries: list[str] = []
    replacements: dict[str, str] = {}
    for raw_line in text.splitlines():
        line = raw_line.split("#", 1)[0] if raw_line.lstrip().startswith("#") else raw_line
        if not line.strip():
            continue
        term, replacement = parse_line(line)
        entries.append(term)
        if replacement is not None:
            replacements[term] = replacement
    return Wordlist(name, tuple(entries), replacements)


@functools.lru_cache(maxsize=None)
def load(name: str) -> Wordlist:
    """The shipped wordlist ``wordlists/NAME.txt``."""
    path = data_dir("wordlists") / f"{name}.txt"
    return parse(name, path.read_text(encoding="utf-8"))


def available() -> list[str]:
    return sorted(path.stem for path in data_dir("wordlists").glob("*.txt"))
