"""The engine: parse once, run every enabled rule, stamp identity and severity, suppress, sort."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pmlint import suppressions
from pmlint.checks import CheckFunction, RuleContext, registry
from pmlint.config import Config
from pmlint.document import Document
from pmlint.errors import PmlintError
from pmlint.model import Finding
from pmlint.ruledefs import RuleMeta, load_rules, resolve_rule
from pmlint.source import Source


class RuleCrash(PmlintError):
    """A rule raised an exception: a pmlint bug, reported for the file instead of a traceback."""


@dataclass
class Engine:
    rules: Mapping[str, RuleMeta]
    checks: Mapping[str, CheckFunction]

    @classmethod
    def create(cls) -> Engine:
        rules = load_rules()
        checks = registry()
        missing = sorted(set(rules) - set(checks))
        if missing:
            raise RuntimeError(f"rules without an implementation: {missing}")
        return cls(rules, checks)

    @property
    def known_identifiers(self) -> frozenset[str]:
        return frozenset([code.lower() for code in self.rules] + [meta.name for meta in self.rules.values()])

    def lint(self, source: Source, config: Config, path: Path | None = None) -> list[Finding]:
        """Every finding for one decoded document, suppressions applied, in a stable order."""
        try:
            document = Document.parse(source, config.catalog)
        except Exception as error:  # a parser bug on one file must not hide the others' results
            raise RuleCrash(f"internal error while parsing: {type(error).__name__}: {error} "
                            "(please report this with the file)", file=source.path) from error
        settings = config.rules_for(path)
        lists = config.wordlists
        known = self.known_identifiers
        findings: list[Finding] = []
        for code, meta in self.rules.items():
            setting = settings[code]
            if not setting.enabled:
                continue
            context = RuleContext(options=setting.options,
                                  wordlists={name: lists[name] for name in meta.wordlists},
                                  known_rules=known)
            try:
                violations = list(self.checks[code](document, context))
            except Exception as error:  # a bug in a rule must not hide other files' results
                raise RuleCrash(f"internal error in rule {code} {meta.name}: {type(error).__name__}: {error} "
                                "(please report this with the file)", file=source.path) from error
            for violation in violations:
                findings.append(Finding(
                    path=source.path, span=violation.span, rule=meta.name, code=code, severity=setting.severity,
                    message=meta.format_message(violation.kind, violation.args), suggestion=violation.suggestion))
        directives = suppressions.parse_directives(document, self._resolve)
        active = suppressions.build(document, directives)
        kept = [finding for finding in findings if not active.covers(finding.code, finding.span.line)]
        return sorted(set(kept), key=Finding.sort_key)

    def _resolve(self, identifier: str) -> str | None:
        meta = resolve_rule(identifier, self.rules)
        return meta.code if meta else None

