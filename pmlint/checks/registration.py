"""How a check is written and registered: RuleContext, and the @check and @language_input decorators.

A check receives the Document and a RuleContext (its options and wordlists) and yields Violations;
the engine turns them into Findings with the rule's identity, message template and severity.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pmlint.language.wordlists import Wordlist
from pmlint.model import Violation
from pmlint.reading.document import Document

if TYPE_CHECKING:
    from pmlint.language.pipeline import LanguageAnalyzer

CheckFunction = Callable[[Document, "RuleContext"], Iterable[Violation]]
# What a language rule will ask the NLP layer to parse in a document, so the engine can parse the
# texts of many documents in one batch before any language rule runs.
LanguageInput = Callable[[Document, "RuleContext"], Iterable[str]]

_REGISTRY: dict[str, CheckFunction] = {}
_LANGUAGE_INPUTS: dict[str, LanguageInput] = {}


@dataclass(frozen=True)
class RuleContext:
    """What a check may read besides the Document: its options, wordlists and known rule names."""

    options: Mapping[str, Any]
    wordlists: Mapping[str, Wordlist] = field(default_factory=dict)
    known_rules: frozenset[str] = frozenset()
    # The NLP layer, given to language rules only.
    language: LanguageAnalyzer | None = None

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


def language_input(code: str) -> Callable[[LanguageInput], LanguageInput]:
    """Register the decorated function as the texts language rule ``code`` will have parsed."""

    def register(function: LanguageInput) -> LanguageInput:
        _LANGUAGE_INPUTS[code] = function
        return function

    return register
