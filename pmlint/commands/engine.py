"""The engine: parse once, run every enabled rule, stamp identity and severity, suppress, sort."""
from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmlint.checks import language_inputs, registry
from pmlint.checks.registration import CheckFunction, LanguageInput, RuleContext
from pmlint.config.settings import Config, RuleSetting
from pmlint.errors import PmlintError
from pmlint.language.pipeline import LanguageAnalyzer
from pmlint.model import Finding, fingerprint
from pmlint.reading import suppressions
from pmlint.reading.document import Document
from pmlint.reading.source import Source
from pmlint.ruledefs import RuleMeta, load_rules, resolve_rule

# Rule contexts kept for reuse (see Engine._context).
_MAX_CONTEXTS = 4096


class RuleCrash(PmlintError):
    """A rule raised an exception: a pmlint bug, reported for the file instead of a traceback."""


@dataclass
class Prepared:
    """A parsed document with the rule settings that apply to it, ready for its rules to run."""

    source: Source
    document: Document
    config: Config
    settings: dict[str, RuleSetting]


@dataclass
class Engine:
    rules: Mapping[str, RuleMeta]
    checks: Mapping[str, CheckFunction]
    language_inputs: Mapping[str, LanguageInput] = field(default_factory=dict)
    _analyzers: dict[str | None, LanguageAnalyzer] = field(default_factory=dict)
    _contexts: dict[tuple[str, int, int], tuple[Mapping[str, Any], Config, RuleContext]] = field(default_factory=dict)

    @classmethod
    def create(cls) -> Engine:
        rules = load_rules()
        checks = registry()
        missing = sorted(set(rules) - set(checks))
        if missing:
            raise RuntimeError(f"rules without an implementation: {missing}")
        return cls(rules, checks, language_inputs())

    @functools.cached_property
    def known_identifiers(self) -> frozenset[str]:
        return frozenset([code.lower() for code in self.rules] + [meta.name for meta in self.rules.values()])

    def lint(self, source: Source, config: Config, path: Path | None = None) -> list[Finding]:
        """Every finding for one decoded document, suppressions applied, in a stable order."""
        prepared = self.prepare(source, config, path)
        self.prepare_language([prepared])
        try:
            return self.run(prepared)
        finally:
            self.release_language()

    def prepare(self, source: Source, config: Config, path: Path | None = None) -> Prepared:
        try:
            document = Document.parse(source, config.catalog)
        except Exception as error:  # a parser bug on one file must not hide the others' results
            raise RuleCrash(f"internal error while parsing: {type(error).__name__}: {error} "
                            "(please report this with the file)", file=source.path) from error
        return Prepared(source, document, config, config.rules_for(path))

    def prepare_language(self, batch: list[Prepared]) -> None:
        """Parse every text the enabled language rules of ``batch`` will need, in one batch per model.

        Nothing is imported or parsed when no rule asks for a text (its prefilter found nothing).
        """
        wanted: dict[str | None, list[str]] = {}
        for prepared in batch:
            for code, texts_for in self.language_inputs.items():
                if prepared.settings[code].enabled:
                    try:
                        texts = list(texts_for(prepared.document, self._context(code, prepared)))
                    except Exception:  # noqa: BLE001  the rule itself will meet this and report it for the file
                        continue
                    if texts:
                        wanted.setdefault(prepared.config.language_model, []).extend(texts)
        for model, texts in wanted.items():
            try:
                self._analyzer(model).prepare(texts)
            except Exception:  # noqa: BLE001  the rule meets the same error when it runs; it is reported for the file
                pass

    def release_language(self) -> None:
        """Forget parsed texts (after a batch of files has been linted), keeping pipelines loaded."""
        for analyzer in self._analyzers.values():
            analyzer.forget()

    def run(self, prepared: Prepared) -> list[Finding]:
        """Run the enabled rules on a prepared document; suppressions applied, in a stable order."""
        source, document = prepared.source, prepared.document
        findings: list[Finding] = []
        for code, meta in self.rules.items():
            setting = prepared.settings[code]
            if not setting.enabled:
                continue
            # Each violation becomes a finding as the rule yields it: a rule with 50,000 violations does
            # not hold them all beside their findings.
            try:
                for violation in self.checks[code](document, self._context(code, prepared)):
                    message = meta.format_message(violation.kind, violation.args)
                    findings.append(Finding(
                        path=source.path, span=violation.span, rule=meta.name, code=code, severity=setting.severity,
                        message=message, suggestion=violation.suggestion, fix=violation.fix,
                        fingerprint=fingerprint(code, message, source.span_text(violation.span))))
            except PmlintError:
                raise
            except Exception as error:  # a bug in a rule must not hide other files' results
                raise RuleCrash(f"internal error in rule {code} {meta.name}: {type(error).__name__}: {error} "
                                "(please report this with the file)", file=source.path) from error
        directives = suppressions.parse_directives(document, self._resolve)
        active = suppressions.build(document, directives)
        if active.file_wide or active.lines or active.ranges:
            kept = [finding for finding in findings if not active.covers(finding.code, finding.span.line)]
        else:
            kept = findings  # no suppression directive: ``covers`` is false for every finding
        return in_stable_order(kept)

    def _context(self, code: str, prepared: Prepared) -> RuleContext:
        """The rule's context for this file: one for each rule, configuration and options, shared by the files
        they lint (about forty contexts a file were built again for every file)."""
        options, config = prepared.settings[code].options, prepared.config
        key = (code, id(options), id(config))
        known = self._contexts.get(key)
        if known is not None and known[0] is options and known[1] is config:
            return known[2]
        lists = config.wordlists
        context = RuleContext(options=options,
                              wordlists={name: lists[name] for name in self.rules[code].wordlists},
                              known_rules=self.known_identifiers,
                              language=self._analyzer(config.language_model) if code in self.language_inputs else None)
        if len(self._contexts) >= _MAX_CONTEXTS:
            self._contexts.clear()  # per-file overrides make new options for each file: bounded all the same
        # The options and the configuration are kept with their context: their ids stay theirs.
        self._contexts[key] = (options, config, context)
        return context

    def _analyzer(self, model: str | None) -> LanguageAnalyzer:
        if model not in self._analyzers:
            self._analyzers[model] = LanguageAnalyzer(model)
        return self._analyzers[model]

    def _resolve(self, identifier: str) -> str | None:
        meta = resolve_rule(identifier, self.rules)
        return meta.code if meta else None


def in_stable_order(findings: list[Finding]) -> list[Finding]:
    """``sorted(set(findings), key=Finding.sort_key)``: each finding once, in the order of their sort keys.

    A set's order is its hashes' order, so its sort starts from scratch: n log n comparisons of key
    tuples. The findings as the rules found them are a few runs already in order (one rule after
    another, each in document order), which a sort merges in nearly linear time. Without two findings
    sharing a sort key, both sorts give the one order of the keys. When some do share one, their
    order is the set's, as before: the set is sorted.
    """
    unique = list(dict.fromkeys(findings))  # equal findings once, the first of them (as a set keeps it)
    keys = [finding.sort_key() for finding in unique]
    order = sorted(range(len(unique)), key=keys.__getitem__)
    if any(keys[first] == keys[second] for first, second in itertools.pairwise(order)):
        return sorted(set(findings), key=Finding.sort_key)
    return [unique[index] for index in order]
