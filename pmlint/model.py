"""Values shared by every layer: severities, source spans and findings."""
from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> Severity:
        return cls[value.strip().upper()]

    def __str__(self) -> str:
        return self.name.lower()


class ExitCode(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2


@dataclass(frozen=True, order=True, slots=True)
class Span:
    """A range of source text: 1-based line and column, end exclusive, in characters."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Edit:
    """Replace the text at ``span`` (on one line) with ``replacement``; ``original`` is the text there when
    the edit was made, checked again before applying."""

    span: Span
    replacement: str
    original: str

    def to_json(self) -> dict[str, Any]:
        return {"line": self.span.line, "column": self.span.column, "end_line": self.span.end_line,
                "end_column": self.span.end_column, "replacement": self.replacement}


SAFE = "safe"  # cannot change the meaning: applied by --fix
UNSAFE = "unsafe"  # may change the meaning (a word replaced, times converted): applied only with --unsafe-fixes


@dataclass(frozen=True)
class Fix:
    """Replace the text at ``span`` (on one line) with ``replacement``, together with any ``further``
    edits (all of them or none), as ruff does: ``applicability`` is ``safe`` or ``unsafe``."""

    span: Span
    replacement: str
    original: str  # the text at ``span`` when the fix was made: checked again before applying
    applicability: str = SAFE
    further: tuple[Edit, ...] = ()

    @property
    def edits(self) -> tuple[Edit, ...]:
        """Every edit of the fix, the first one first."""
        return (Edit(self.span, self.replacement, self.original), *self.further)

    @property
    def safe(self) -> bool:
        return self.applicability == SAFE

    def to_json(self) -> dict[str, Any]:
        data = {"line": self.span.line, "column": self.span.column, "end_line": self.span.end_line,
                "end_column": self.span.end_column, "replacement": self.replacement,
                "applicability": self.applicability}
        if self.further:
            data["edits"] = [edit.to_json() for edit in self.edits]
        return data


@dataclass(frozen=True)
class Violation:
    """What a check reports: where, which message variant, and the values for its template."""

    span: Span
    kind: str = "default"
    args: dict[str, Any] = field(default_factory=dict)
    suggestion: str | None = None
    fix: Fix | None = None


@dataclass(frozen=True)
class Finding:
    """A violation stamped by the engine with the file, rule identity and configured severity."""

    path: str
    span: Span
    rule: str
    code: str
    severity: Severity
    message: str
    suggestion: str | None = None
    fix: Fix | None = None
    # Identity for baselines and code scanning: the rule, message and flagged text, not the line.
    fingerprint: str = field(default="", compare=False)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.line, self.span.column, self.code, self.message)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "rule": self.rule,
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "suggestion": self.suggestion,
            "fix": self.fix.to_json() if self.fix else None,
            "fingerprint": self.fingerprint,
        }


try:
    # CPython's own SHA-256 (the same digests as hashlib's): hashlib loads OpenSSL first, about 2 ms of
    # a clean cold start (issue 19). A build without the module, or a later Python (3.12 has _sha2), uses hashlib.
    from _sha256 import sha256 as _sha256
except ImportError:  # pragma: no cover
    from hashlib import sha256 as _sha256

_LINE_REFERENCE = re.compile(r"\b(lines?) \d+(?:[-\u2013]\d+)?")


@functools.lru_cache(maxsize=4096)  # a rule repeats its messages: 50,000 findings have a few hundred
def stable_message(message: str) -> str:
    """The message without references to lines ("declared on line 12", "lines 9-14"), which move with edits."""
    return _LINE_REFERENCE.sub(lambda match: f"{match.group(1)} N", message)


def fingerprint(code: str, message: str, flagged_text: str) -> str:
    """A short identity of a finding that stays the same when lines are added or removed around it."""
    if len(flagged_text) <= _SHORT_FLAGGED_TEXT:
        return _remembered_fingerprint(code, message, flagged_text)
    return _fingerprint(code, message, flagged_text)


# A rule repeats its findings' identities: 55,000 "Dana forgot to renew" findings have a handful of
# (code, message, flagged text) triples. The hash of a short triple is remembered (a pure function of
# it: the same digest); a long flagged text is hashed each time, so the cache stays small.
_SHORT_FLAGGED_TEXT = 200


@functools.lru_cache(maxsize=4096)
def _remembered_fingerprint(code: str, message: str, flagged_text: str) -> str:
    return _fingerprint(code, message, flagged_text)


def _fingerprint(code: str, message: str, flagged_text: str) -> str:
    text = " ".join(flagged_text.split())[:200]
    key = "\0".join((code, stable_message(message), text))
    return _sha256(key.encode("utf-8")).hexdigest()[:16]
