"""Regular expressions from a configuration (``placeholder-patterns``, ``evidence``), with a time limit.

Python's ``re`` cannot stop a match: a pattern such as ``(a|aa)+b`` on a long line backtracks for
longer than the age of the universe. These patterns come from a configuration file, which in CI may
come from someone else's pull request, so they run on the ``regex`` module (``re``-compatible
syntax) with a timeout. A pattern that times out is a configuration error: it names the file, line
and key where the pattern was written and ends the run's work on the affected files with exit 2.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from pmlint.errors import ConfigError

# Seconds one match may take. Real patterns take microseconds on a paragraph; only a pattern that
# backtracks without end comes near this.
TIMEOUT = 1.0

IGNORECASE = regex.IGNORECASE
DOTALL = regex.DOTALL


@dataclass(frozen=True)
class Origin:
    file: str | None
    line: int | None
    key: str | None


# Where each pattern was first written, recorded while the configuration is validated, so that a
# timeout met later, while a document is linted, can name the file, line and key.
_ORIGINS: dict[str, Origin] = {}


def problem(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` is not a usable regular expression, or None."""
    try:
        regex.compile(pattern, flags | regex.VERSION0)
    except (regex.error, OverflowError, RecursionError, ValueError) as error:
        return f"invalid regular expression: {error}"
    return None


def remember(pattern: str, file: str | None, line: int | None, key: str | None) -> None:
    _ORIGINS.setdefault(pattern, Origin(file, line, key))


class UserPattern:
    """A configured regular expression; ``search`` and ``fullmatch`` say whether it matches."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled = regex.compile(pattern, flags | regex.VERSION0)
        # Raised again (the same object) for every later use, so the run reports it once.
        self._timed_out: ConfigError | None = None

    def search(self, text: str) -> bool:
        return self._run(self._compiled.search, text)

    def fullmatch(self, text: str) -> bool:
        return self._run(self._compiled.fullmatch, text)

    def _run(self, method, text: str) -> bool:  # noqa: ANN001 - a bound method of a compiled pattern
        if self._timed_out is not None:
            raise self._timed_out
        try:
            return method(text, timeout=TIMEOUT) is not None
        except TimeoutError:
            origin = _ORIGINS.get(self.pattern, Origin(None, None, None))
            self._timed_out = ConfigError(
                f"regular expression stopped after {TIMEOUT:g} s on a text of {len(text):,} characters; "
                "simplify it (nested repetition such as '(a|aa)+' backtracks without end)",
                file=origin.file, line=origin.line, key=origin.key)
            raise self._timed_out from None

    def __repr__(self) -> str:
        return f"UserPattern({self.pattern!r}, {self.flags})"


@functools.lru_cache(maxsize=1024)
def compile_user(pattern: str, flags: int = 0) -> UserPattern:
    """The compiled user pattern (compiled once per process)."""
    return UserPattern(pattern, flags)
