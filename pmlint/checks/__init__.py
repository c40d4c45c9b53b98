"""Rule implementations. Each is a small pure function registered under its rule code.

A check receives the Document and a RuleContext (its options and wordlists) and yields Violations;
the engine turns them into Findings with the rule's identity, message template and severity.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pmlint.document import Document
from pmlint.model import Violation
from pmlint.wordlists import Wordlist

CheckFunction = Callable[[Document, "RuleContext"], Iterable[Violation]]

_REGISTRY: dict[str, CheckFunction] = {}


@dataclass(frozen=True)
class RuleContext:
    """What a check may read besides the Document: its options, wordlists and known rule names."""

    options: Mapping[str, Any]
    wordlists: Mapping[str, Wordlist] = field(default_factory=dict)
    known_rules: frozenset[str] = frozenset()

    def wordlist(self, name: str) -> Wordlist:
        return self.wordlists[name]


def check(code: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated function as the implementation of rule ``code``."""

    def register(function: CheckFunction) -> CheckFunction:
        if code in _REGISTRY:
            raise RuntimeError(f"rule {code} is implemented twice")
        _REGISTRY[code] = function
        return function

    return register


def registry() -> dict[str, CheckFunction]:
    """Every implemented check, by rule code."""
    from pmlint.checks import actions, meta, structure, timeline, tracking  # noqa: F401  (importing registers the checks)

    return dict(_REGISTRY)
