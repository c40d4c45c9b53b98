"""Glob patterns for ``include``, ``exclude`` and per-path ``overrides``, with .gitignore's semantics.

The syntax is git's (``man gitignore``), plus brace alternatives:

- ``*`` matches anything but ``/``, ``?`` one character but ``/``, ``[0-9]`` / ``[!a-z]`` / ``[^a-z]``
  one character of (or not of) a set; ``\\`` makes the next character literal.
- ``**`` as a whole path segment matches any number of directories: ``**/x`` (x at any depth),
  ``a/**/b`` (zero or more directories between), ``a/**`` (everything inside a).
- A pattern without a ``/`` (other than a trailing one) matches a name at any depth; one with a
  ``/`` at its start or middle is relative to the configuration's directory (``./x`` too).
- A trailing ``/`` matches directories only. A pattern that matches a directory matches every
  file below it.
- ``!`` at the start negates: in a list, the last pattern that matches a path decides.
- ``{md,markdown}`` expands to one pattern per alternative (not in .gitignore; as in shells and
  .editorconfig), at most 256 per pattern.

Matching never uses backtracking regular expressions: a path is matched segment by segment with a
set of pattern positions (a non-deterministic automaton), and each segment with the two-pointer
wildcard algorithm, so a pattern of thirty ``**/`` against a deep path costs thirty times the path,
not thirty powers of it.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_PATTERN_LENGTH = 4096
MAX_EXPANSIONS = 256


class GlobError(ValueError):
    """A pattern pmlint cannot use; the message says why (the caller adds file, line and key)."""


# -- one path segment ---------------------------------------------------------------------------

# A segment pattern is a tuple of tokens: STAR, ANY, a str (one literal character) or a _Set.


class _Token:
    __slots__ = ()


class _Star(_Token):
    __slots__ = ()


class _Any(_Token):
    __slots__ = ()


@dataclass(frozen=True)
class _Set(_Token):
    negated: bool
    chars: frozenset[str]
    ranges: tuple[tuple[str, str], ...]

    def contains(self, char: str) -> bool:
        found = char in self.chars or any(low <= char <= high for low, high in self.ranges)
        return found != self.negated


STAR = _Star()
ANY = _Any()


def _parse_set(text: str, start: int) -> tuple[_Set, int] | None:
    """The set opening at ``text[start] == '['`` and the index after it, or None when unclosed."""
    index = start + 1
    negated = index < len(text) and text[index] in "!^"
    if negated:
        index += 1
    chars: set[str] = set()
    ranges: list[tuple[str, str]] = []
    first = True
    while index < len(text):
        char = text[index]
        if char == "]" and not first:
            return _Set(negated, frozenset(chars), tuple(ranges)), index + 1
        first = False
        if char == "\\" and index + 1 < len(text):
            index += 1
            char = text[index]
        if index + 2 < len(text) and text[index + 1] == "-" and text[index + 2] != "]":
            high_index = index + 2
            high = text[high_index]
            if high == "\\" and high_index + 1 < len(text):
                high_index += 1
                high = text[high_index]
            if char <= high:
                ranges.append((char, high))
            index = high_index + 1
            continue
        chars.add(char)
        index += 1
    return None


def _segment_tokens(segment: str) -> tuple[object, ...]:
    tokens: list[object] = []
    index = 0
    while index < len(segment):
        char = segment[index]
        if char == "*":
            if not tokens or tokens[-1] is not STAR:  # '**' inside a segment is '*' (as in git)
                tokens.append(STAR)
            index += 1
        elif char == "?":
            tokens.append(ANY)
            index += 1
        elif char == "[":
            parsed = _parse_set(segment, index)
            if parsed is None:
                tokens.append("[")  # an unclosed '[' is literal
                index += 1
            else:
                tokens.append(parsed[0])
                index = parsed[1]
        elif char == "\\":
            if index + 1 >= len(segment):
                raise GlobError("ends with a lone backslash")
            tokens.append(segment[index + 1])
            index += 2
        else:
            tokens.append(char)
            index += 1
    return tuple(tokens)


def _token_matches(token: object, char: str) -> bool:
    if token is ANY:
        return True
    if isinstance(token, _Set):
        return token.contains(char)
    return token == char


@dataclass(frozen=True)
class _Literal:
    """A segment pattern that is plain text, or plain text after or before one ``*`` (the common
    ``*.md``, ``drafts``, ``2026-*``): compared without the general algorithm."""

    text: str
    star: str  # "", "before" (``*.md``) or "after" (``2026-*``)

    def matches(self, name: str) -> bool:
        if self.star == "before":
            return name.endswith(self.text)
        if self.star == "after":
            return name.startswith(self.text)
        return name == self.text


def _simplify(tokens: tuple[object, ...]) -> object:
    body = tokens
    star = ""
    if body and body[0] is STAR:
        body, star = body[1:], "before"
    elif body and body[-1] is STAR:
        body, star = body[:-1], "after"
    if all(isinstance(token, str) for token in body):
        return _Literal("".join(body), star)  # type: ignore[arg-type]
    return tokens


def segment_match(tokens: Sequence[object] | _Literal, name: str) -> bool:
    """Whether one path segment matches a segment pattern: the greedy two-pointer algorithm, which
    on failure resumes only after the last ``*`` (time at most len(tokens) * len(name))."""
    if isinstance(tokens, _Literal):
        return tokens.matches(name)
    token_index = name_index = 0
    star_token = -1
    star_name = 0
    while name_index < len(name):
        if token_index < len(tokens) and tokens[token_index] is STAR:
            star_token, star_name = token_index, name_index
            token_index += 1
        elif token_index < len(tokens) and _token_matches(tokens[token_index], name[name_index]):
            token_index += 1
            name_index += 1
        elif star_token >= 0:
            star_name += 1
            name_index = star_name
            token_index = star_token + 1
        else:
            return False
    while token_index < len(tokens) and tokens[token_index] is STAR:
        token_index += 1
    return token_index == len(tokens)


# -- one pattern --------------------------------------------------------------------------------

GLOBSTAR = object()  # a '**' segment: any number of path segments


@dataclass(frozen=True)
class Glob:
    """One pattern after brace expansion."""

    source: str
    negated: bool
    directory_only: bool
    segments: tuple[object, ...]  # GLOBSTAR or a tuple of segment tokens

    def matches(self, relative_path: str, is_directory: bool = False) -> bool:
        """Whether a POSIX path relative to the configuration's directory matches: the path itself
        (a file unless ``is_directory``), or (as in .gitignore) one of the directories it is in."""
        names = [name for name in relative_path.split("/") if name]
        if not names or not self.segments:
            return False
        if self._required_names and not self._required_names.issubset(names):
            return False  # a plain name the pattern needs is not in the path (**/.git/**: no .git)
        last = len(self.segments)
        states = self._closure({0})
        for position, name in enumerate(names, start=1):
            following: set[int] = set()
            for state in states:
                if state == last:
                    continue
                segment = self.segments[state]
                if segment is GLOBSTAR:
                    following.add(state)
                elif segment_match(segment, name):  # type: ignore[arg-type]
                    following.add(state + 1)
            states = self._closure(following)
            if not states:
                return False
            if last in states:
                if not self.directory_only or position < len(names) or is_directory:
                    return True
        return False

    @functools.cached_property
    def _required_names(self) -> frozenset[str]:
        return frozenset(segment.text for segment in self.segments
                         if isinstance(segment, _Literal) and not segment.star)

    def _closure(self, states: set[int]) -> set[int]:
        """Add the positions after each '**' (it may match no segment at all)."""
        pending = list(states)
        while pending:
            state = pending.pop()
            if state < len(self.segments) and self.segments[state] is GLOBSTAR and state + 1 not in states:
                states.add(state + 1)
                pending.append(state + 1)
        return states


def expand_braces(pattern: str) -> list[str]:
    """``a.{md,markdown}`` -> ``a.md``, ``a.markdown`` (nested braces too). A brace without a comma at
    its level, an unclosed one, one inside ``[...]`` or after a backslash is literal."""
    results = _expand(pattern)
    if len(results) > MAX_EXPANSIONS:
        raise GlobError(f"braces expand to more than {MAX_EXPANSIONS} patterns")
    return results


def _expand(pattern: str) -> list[str]:
    group = _first_group(pattern)
    if group is None:
        return [pattern]
    start, commas, end = group
    prefix, suffix = pattern[:start], pattern[end + 1:]
    bounds = [start, *commas, end]
    alternatives: list[str] = []
    for low, high in zip(bounds, bounds[1:]):
        alternatives.extend(_expand(pattern[low + 1:high]))
        if len(alternatives) > MAX_EXPANSIONS:
            raise GlobError(f"braces expand to more than {MAX_EXPANSIONS} patterns")
    tails = _expand(suffix)
    if len(alternatives) * len(tails) > MAX_EXPANSIONS:
        raise GlobError(f"braces expand to more than {MAX_EXPANSIONS} patterns")
    return [prefix + alternative + tail for alternative in alternatives for tail in tails]


def _first_group(pattern: str) -> tuple[int, list[int], int] | None:
    """The first ``{...}`` with a comma at its own level: (open index, comma indexes, close index)."""
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            parsed = _parse_set(pattern, index)
            if parsed is not None:
                index = parsed[1]
                continue
        if char == "{":
            close = _group_end(pattern, index)
            if close is not None and close[0]:
                return index, close[0], close[1]
        index += 1
    return None


def _group_end(pattern: str, start: int) -> tuple[list[int], int] | None:
    depth = 0
    commas: list[int] = []
    index = start
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return commas, index
        elif char == "," and depth == 1:
            commas.append(index)
        index += 1
    return None


def _compile_one(source: str, pattern: str, negated: bool) -> Glob:
    if pattern.startswith("./"):
        pattern = "/" + pattern[2:]  # the configuration's directory, as a leading '/'
    directory_only = pattern.endswith("/")
    body = pattern.rstrip("/")
    anchored = "/" in body
    names = [name for name in body.split("/") if name]
    segments: list[object] = [] if anchored else [GLOBSTAR]
    for name in names:
        if name == "**":
            if not segments or segments[-1] is not GLOBSTAR:
                segments.append(GLOBSTAR)
        else:
            segments.append(_simplify(_segment_tokens(name)))
    if names and names[-1] == "**":
        # 'a/**' is everything inside a, not a itself: at least one more segment.
        segments[-1:] = [_Literal("", "before"), GLOBSTAR]
    if not names:
        segments = []  # '', '/', './': nothing to match
    return Glob(source, negated, directory_only, tuple(segments))


@functools.lru_cache(maxsize=4096)
def compile_glob(pattern: str) -> tuple[Glob, ...]:
    """The pattern as one Glob per brace alternative. Raises GlobError for what cannot be used."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise GlobError(f"longer than {MAX_PATTERN_LENGTH} characters")
    negated = pattern.startswith("!")
    body = pattern[1:] if negated else pattern
    return tuple(_compile_one(pattern, expanded, negated) for expanded in expand_braces(body))


class GlobSet:
    """An ordered list of patterns: a path matches when the last pattern that matches it is not
    negated (as in .gitignore)."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = tuple(patterns)
        self._globs = [glob for pattern in self.patterns for glob in compile_glob(pattern)]

    def matches(self, relative_path: str, is_directory: bool = False) -> bool:
        for glob in reversed(self._globs):
            if glob.matches(relative_path, is_directory):
                return not glob.negated
        return False

    def excludes_directory(self, relative_path: str) -> bool:
        """Whether a directory walk can skip this directory: it matches as a directory, or (when no
        pattern is negated, so nothing inside can be brought back) everything inside it matches."""
        if self.matches(relative_path, is_directory=True):
            return True
        if any(glob.negated for glob in self._globs):
            return False
        return self.matches(relative_path.rstrip("/") + "/_")


@functools.lru_cache(maxsize=256)
def glob_set(patterns: tuple[str, ...]) -> GlobSet:
    return GlobSet(patterns)
