"""Canonical sections: matching headings (and bold labels) to the sections a template requires."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pmlint.patterns import IGNORECASE, UserPattern, compile_user

_NUMBERING = re.compile(r"^\s*(?:(?:\d+(?:\.\d+)*|[ivxlc]+|[a-z])[.):]|\d+(?:\.\d+)+|step\s+\d+[.:]?)\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w']+")
# How many headings' section keys a Catalog remembers (a run meets the same few headings in most documents).
_REMEMBERED_HEADINGS = 4096
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


@functools.lru_cache(maxsize=4096)
def normalize_heading(text: str) -> str:
    """Lower-case words of a heading with numbering, brackets, punctuation and markup removed.

    ``"2. Timeline (all times PST):"`` becomes ``"timeline"``; ``"Recovery & Lessons Learned"``
    becomes ``"recovery and lessons learned"``.
    """
    if not text.isascii() or "`" in text:  # an ASCII text without a backtick has nothing to translate
        text = text.translate(_APOSTROPHES)
    text = text.replace("&", " and ")
    text = _NUMBERING.sub("", text)
    text = _remove_bracketed(text)
    text = _NON_WORD.sub(" ", text.lower()).replace("_", " ")
    return " ".join(word.strip("'") for word in text.split() if word.strip("'"))


def _remove_bracketed(text: str) -> str:
    r"""Each "(...)", "[...]" and "{{...}}" (on one line) replaced by a space.

    The same as substituting the regular expression ``\([^)]*\)|\[[^\]]*\]|\{\{.*?\}\}``, which
    is quadratic on a run of unclosed openers: once an opener has no closer, no later one of its
    kind has one either, so the scan stops looking. A text without "(", "[" or "{{" (most headings
    and labels) is returned as it is: the scan would copy it character by character.
    """
    if "(" not in text and "[" not in text and "{{" not in text:
        return text
    out: list[str] = []
    index, length = 0, len(text)
    parentheses_close = brackets_close = True  # whether a closer may still follow
    braces_blocked_until = -1  # '{{' before this offset cannot close on its line
    while index < length:
        char = text[index]
        if char == "(" and parentheses_close:
            end = text.find(")", index + 1)
            if end != -1:
                out.append(" ")
                index = end + 1
                continue
            parentheses_close = False
        elif char == "[" and brackets_close:
            end = text.find("]", index + 1)
            if end != -1:
                out.append(" ")
                index = end + 1
                continue
            brackets_close = False
        elif char == "{" and index >= braces_blocked_until and text.startswith("{{", index):
            line_end = text.find("\n", index)
            line_end = length if line_end == -1 else line_end
            end = text.find("}}", index + 2, line_end)
            if end != -1:
                out.append(" ")
                index = end + 2
                continue
            braces_blocked_until = line_end
        out.append(char)
        index += 1
    return "".join(out)


def bracketed_parts(text: str) -> list[str]:
    """The text inside each "(...)" and "[...]" of a heading, outermost only, in one pass."""
    parts: list[str] = []
    index, length = 0, len(text)
    closers = {"(": ")", "[": "]"}
    unclosed: set[str] = set()  # openers with no closer left after them
    while index < length:
        char = text[index]
        if char in closers and char not in unclosed:
            end = text.find(closers[char], index + 1)
            if end != -1:
                parts.append(text[index + 1:end])
                index = end + 1
                continue
            unclosed.add(char)
        index += 1
    return parts


_ARTICLES = ("the ", "our ", "an ", "a ")


def _without_article(name: str) -> str:
    """``"the underlying issue"`` → ``"underlying issue"``: a label often starts with an article."""
    for article in _ARTICLES:
        if name.startswith(article):
            return name[len(article):]
    return name


@dataclass(frozen=True)
class SectionSpec:
    """A section a template asks for: its key, display title and accepted headings."""

    key: str
    title: str
    aliases: tuple[str, ...]
    required: bool = True
    # For summary fields: regular expressions whose match in the summary's prose gives the field.
    evidence: tuple[str, ...] = ()
    # The key of a section this one is a part of ("what-went-well" of "lessons-learned"): a heading of
    # that section provides this one when the document has no heading of this one nor of another part.
    part_of: str | None = None

    @functools.cached_property
    def evidence_patterns(self) -> tuple[UserPattern, ...]:
        # Written in the configuration: run with a time limit (pmlint.patterns).
        return tuple(compile_user(pattern, IGNORECASE) for pattern in self.evidence)

    def matches(self, normalized: str) -> bool:
        """Whether a normalised heading holds one of the accepted names as whole words, or is exactly
        one of the names written with a leading ``=`` (a word too common to look for inside headings)."""
        if normalized in self.exact_aliases:
            return True
        padded = f" {normalized} "
        return any(f" {alias} " in padded for alias in self.contained_aliases)

    def names_label(self, label_name: str) -> bool:
        """A label (``**Impact:**``) names this section when its name is an accepted name or starts with one.

        Stricter than heading matching: "Fix root cause" in a table's first column is not a root cause.
        """
        known = self._labels_named.get(label_name)
        if known is None:
            name = _without_article(normalize_heading(label_name))
            known = bool(name) and any(name == alias or name.startswith(alias + " ") for alias in self.normalized_aliases)
            self._labels_named[label_name] = known
        return known

    @functools.cached_property
    def _labels_named(self) -> dict[str, bool]:
        """names_label's answers so far: a run asks about the same few label names in every document."""
        return {}

    @functools.cached_property
    def normalized_aliases(self) -> tuple[str, ...]:
        """Every accepted name, normalised (``=`` marks of exact names dropped)."""
        return tuple(normalize_heading(alias.lstrip("=")) for alias in (self.title, *self.aliases))

    @functools.cached_property
    def exact_aliases(self) -> frozenset[str]:
        """Names that count only as a whole heading ("=postmortem": "## Postmortem", not the title
        "Post-mortem of the login outage")."""
        return frozenset(normalize_heading(alias[1:]) for alias in self.aliases if alias.startswith("="))

    @functools.cached_property
    def contained_aliases(self) -> tuple[str, ...]:
        return tuple(normalize_heading(alias) for alias in (self.title, *self.aliases) if not alias.startswith("="))


@dataclass(frozen=True)
class Catalog:
    """Every section and summary field the configuration knows, for lookup by canonical key."""

    sections: tuple[SectionSpec, ...]
    summary_section: str | None
    fields: tuple[SectionSpec, ...]

    def section(self, key: str) -> SectionSpec:
        spec = self._spec_by_key.get(key)
        if spec is None:
            raise KeyError(key)
        return spec

    @functools.cached_property
    def _spec_by_key(self) -> dict[str, SectionSpec]:
        """Each key -> its first spec (sections before fields), as looking through them in order finds it."""
        found: dict[str, SectionSpec] = {}
        for spec in (*self.sections, *self.fields):
            found.setdefault(spec.key, spec)
        return found

    def keys_for(self, heading: str) -> frozenset[str]:
        """Keys of the sections and fields a heading names. Bracketed text is left out of the heading
        ("Timeline (all times PST)"), but a bracket that is exactly a section's name names it too
        ("What happened (timeline)" is the narrative and the timeline)."""
        keys = self._keys_for_headings.get(heading)
        if keys is None:
            specs = (*self.sections, *self.fields)
            normalized = normalize_heading(heading)
            found = self._matching_keys(normalized) if normalized else set()
            for part in bracketed_parts(heading):
                name = normalize_heading(part)
                if name:
                    found.update(spec.key for spec in specs if name in spec.normalized_aliases)
            # One object per distinct answer (most headings name no section: they share one empty set),
            # and a bounded number of headings remembered: 200,000 distinct headings held a set each.
            answer = frozenset(found)
            keys = self._key_sets.setdefault(answer, answer)
            if len(self._keys_for_headings) >= _REMEMBERED_HEADINGS:
                self._keys_for_headings.clear()
            self._keys_for_headings[heading] = keys
        return keys

    def label_keys(self, label_name: str) -> tuple[str, ...]:
        """The keys whose spec (``section(key)``) ``names_label`` a label's name, each once.

        The name's leading runs of words are looked up among the normalised names of every key, instead of
        asking each spec in turn: a label names a key when its name (less an article) is one of the key's names
        or starts with one followed by a blank, and a normalised name is words between single blanks."""
        keys = self._label_keys_by_name.get(label_name)
        if keys is None:
            name = _without_article(normalize_heading(label_name))
            found: set[str] = set()
            if name:
                names, longest = self._label_names
                words = name.split(" ")
                for end in range(1, min(len(words), longest) + 1):
                    found.update(names.get(" ".join(words[:end]), ()))
            keys = tuple(key for key in self._spec_keys if key in found)
            if len(self._label_keys_by_name) >= _REMEMBERED_HEADINGS:
                self._label_keys_by_name.clear()
            self._label_keys_by_name[label_name] = keys
        return keys

    @functools.cached_property
    def _spec_keys(self) -> tuple[str, ...]:
        """Every key once, in the order of the specs."""
        return tuple(self._spec_by_key)

    @functools.cached_property
    def _label_names(self) -> tuple[dict[str, set[str]], int]:
        """(normalised name -> the keys whose spec has it, most words in a name), for ``label_keys``."""
        names: dict[str, set[str]] = {}
        for key in self._spec_keys:
            for alias in self.section(key).normalized_aliases:
                if alias:
                    names.setdefault(alias, set()).add(key)
        longest = max((len(alias.split(" ")) for alias in names), default=0)
        return names, longest

    @functools.cached_property
    def _label_keys_by_name(self) -> dict[str, tuple[str, ...]]:
        """label_keys' answers so far: a run meets the same few label names in every document."""
        return {}

    def _matching_keys(self, normalized: str) -> set[str]:
        """The keys whose spec ``matches`` a normalised heading: each run of up to as many words as the
        longest name is looked up, instead of every name of every spec searched in the heading."""
        exact, contained, longest = self._names
        found = set(exact.get(normalized, ()))
        words = normalized.split(" ")
        for first in range(len(words)):
            for end in range(first + 1, min(len(words), first + longest) + 1):
                found.update(contained.get(" ".join(words[first:end]), ()))
        return found

    @functools.cached_property
    def _names(self) -> tuple[dict[str, set[str]], dict[str, set[str]], int]:
        """(exact name -> keys, contained name -> keys, most words in a contained name)."""
        exact: dict[str, set[str]] = {}
        contained: dict[str, set[str]] = {}
        for spec in (*self.sections, *self.fields):
            for name in spec.exact_aliases:
                exact.setdefault(name, set()).add(spec.key)
            for name in spec.contained_aliases:
                if name:
                    contained.setdefault(name, set()).add(spec.key)
        longest = max((len(name.split(" ")) for name in contained), default=0)
        return exact, contained, longest

    @functools.cached_property
    def _keys_for_headings(self) -> dict[str, frozenset[str]]:
        """keys_for's answers so far: a run meets the same few headings in every document."""
        return {}

    @functools.cached_property
    def _key_sets(self) -> dict[frozenset[str], frozenset[str]]:
        """Each distinct answer of keys_for, once."""
        return {}
