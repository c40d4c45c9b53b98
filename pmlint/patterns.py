"""Regular expressions from a configuration (``placeholder-patterns``, ``evidence``), with a time limit.

Python's ``re`` cannot stop a match: a pattern such as ``(a|aa)+b`` on a long line backtracks for
longer than the age of the universe. These patterns come from a configuration file, which in CI may
come from someone else's pull request, so they run on the ``regex`` module (``re``-compatible
syntax) with a timeout. A pattern that times out is a configuration error: it names the file, line
and key where the pattern was written and ends the run's work on the affected files with exit 2.

The patterns pmlint ships (its presets' ``evidence``, its rules' default options) are trusted
(issue 19): tests check that each is valid and analyse it for backtracking
(tests/test_regex_backtracking.py), so they are not checked again at every start, and they run on
``re`` wherever ``re`` and ``regex`` read a text alike, which spares a clean run importing ``regex``.

``LazyPattern`` is for pmlint's own module-level patterns that a document may not need: compiled the
first time one is used, not at every start.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pmlint.errors import ConfigError

# Seconds one match may take. Real patterns take microseconds on a paragraph; only a pattern that
# backtracks without end comes near this.
TIMEOUT = 1.0

# The same values as regex.IGNORECASE and regex.DOTALL (tests/test_patterns.py checks), without importing it.
IGNORECASE = re.IGNORECASE
DOTALL = re.DOTALL


@dataclass(frozen=True)
class Origin:
    file: str | None
    line: int | None
    key: str | None


# Where each pattern was first written, recorded while the configuration is validated, so that a
# timeout met later, while a document is linted, can name the file, line and key. A shipped preset's
# patterns record a function that finds their origin (their lines are read only if one is needed).
_ORIGINS: dict[str, Origin | Callable[[], Origin]] = {}

# The shipped patterns, with the flags they are used with (see trust).
_TRUSTED: set[tuple[str, int]] = set()

# ``re`` and ``regex`` (VERSION0) read an ASCII text alike, but for these four controls: ``re``'s
# ``\s`` matches them, ``regex``'s does not. Beyond ASCII their ``\w``, ``\b``, ``\d`` and case-folding
# differ (combining marks, superscript digits, dotless i), so a trusted pattern runs on ``re`` only
# when a text is ASCII without these (tests/test_patterns.py compares the two engines on such texts).
_RE_UNLIKE_REGEX = re.compile("[\x1c-\x1f]")


def _read_alike(text: str) -> bool:
    return text.isascii() and _RE_UNLIKE_REGEX.search(text) is None


def any_fullmatch(patterns: Iterable[UserPattern], text: str) -> bool:
    """``any(pattern.fullmatch(text) for pattern in patterns)``, asking once rather than once per pattern
    whether ``re`` reads ``text`` as ``regex`` does (``_read_alike``)."""
    alike = _read_alike(text)
    return any(pattern._run("fullmatch", text, alike) for pattern in patterns)


def problem(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` is not a usable regular expression, or None."""
    import regex

    try:
        _compile_regex(pattern, flags)
    except (regex.error, OverflowError, RecursionError, ValueError) as error:
        return f"invalid regular expression: {error}"
    return None


def remember(pattern: str, file: str | None, line: int | None, key: str | None) -> None:
    _ORIGINS.setdefault(pattern, Origin(file, line, key))


def remember_later(pattern: str, origin: Callable[[], Origin]) -> None:
    """As remember, with a function that finds the origin if a timeout needs it."""
    _ORIGINS.setdefault(pattern, origin)


def trust(pattern: str, flags: int) -> None:
    """Mark ``pattern``, used with ``flags``, as one pmlint ships: valid and analysed by its tests."""
    _TRUSTED.add((pattern, flags))


def _origin(pattern: str) -> Origin:
    origin = _ORIGINS.get(pattern, Origin(None, None, None))
    return origin if isinstance(origin, Origin) else origin()


class UserPattern:
    """A configured regular expression; ``search`` and ``fullmatch`` say whether it matches."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        # A shipped pattern runs on re where re reads the text as regex does (see _read_alike); on
        # regex, compiled when first needed, elsewhere. Any other pattern is compiled with regex now.
        self._plain: re.Pattern[str] | None = re.compile(pattern, flags) if (pattern, flags) in _TRUSTED else None
        self._compiled = None if self._plain is not None else _compile_regex(pattern, flags)
        # Raised again (the same object) for every later use, so the run reports it once.
        self._timed_out: ConfigError | None = None

    def search(self, text: str) -> bool:
        return self._run("search", text)

    def fullmatch(self, text: str) -> bool:
        return self._run("fullmatch", text)

    def _run(self, method: str, text: str, alike: bool | None = None) -> bool:
        """``alike``: ``_read_alike(text)`` when the caller knows it already."""
        if self._plain is not None and self._timed_out is None and (_read_alike(text) if alike is None else alike):
            return getattr(self._plain, method)(text) is not None
        if self._timed_out is not None:
            raise self._timed_out
        if self._compiled is None:
            self._compiled = _compile_regex(self.pattern, self.flags)
        try:
            return getattr(self._compiled, method)(text, timeout=TIMEOUT) is not None
        except TimeoutError:
            origin = _origin(self.pattern)
            self._timed_out = ConfigError(
                f"regular expression stopped after {TIMEOUT:g} s on a text of {len(text):,} characters; "
                "simplify it (nested repetition such as '(a|aa)+' backtracks without end)",
                file=origin.file, line=origin.line, key=origin.key)
            raise self._timed_out from None

    def __repr__(self) -> str:
        return f"UserPattern({self.pattern!r}, {self.flags})"


def _compile_regex(pattern: str, flags: int):  # noqa: ANN202 - a regex.Pattern (regex is imported here)
    import regex

    return regex.compile(pattern, flags | regex.VERSION0)


@functools.lru_cache(maxsize=1024)
def compile_user(pattern: str, flags: int = 0) -> UserPattern:
    """The compiled user pattern (compiled once per process)."""
    return UserPattern(pattern, flags)


class LazyPattern:
    """One of pmlint's own regular expressions, compiled the first time it is used rather than when its
    module is imported.

    Every check imports every rule's readers, and a document uses only some of their patterns: of the 49 in
    ``pmlint.reading.action_items`` a finished post-mortem without an unusual action item uses a dozen.
    Compiling the rest took about 7 ms of a 0.15 s cold start. The first attribute asked for compiles
    the pattern and puts the compiled pattern's methods on this object, so that every later ``search``
    or ``match`` is the compiled pattern's own method, found as quickly. ``pattern`` and ``flags`` (as
    given) are known without compiling: patterns are built from others' sources, and
    tests/test_regex_backtracking.py collects them from the modules as it does compiled ones.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and the like ask for these: no compile for them
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self.flags)
        for method in _PATTERN_METHODS:
            setattr(self, method, getattr(compiled, method))
        self.groupindex = compiled.groupindex
        self.groups = compiled.groups
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags})"


_PATTERN_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "split", "sub", "subn", "scanner")
