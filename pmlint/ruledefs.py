"""Rule metadata: one YAML file per rule in ``rules/``, the single source of rule documentation."""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from pmlint.errors import did_you_mean, suggestion
from pmlint.model import Severity
from pmlint.resources import data_dir

REQUIRED_KEYS = ("code", "name", "severity", "summary", "rationale", "examples")


@dataclass(frozen=True)
class RuleMeta:
    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    messages: dict[str, str]
    options: dict[str, Any] = field(default_factory=dict)
    option_docs: dict[str, str] = field(default_factory=dict)
    wordlists: tuple[str, ...] = ()
    bad_example: str = ""
    good_example: str = ""
    fixable: bool = False
    enabled: bool = True  # False for opt-in rules

    def format_message(self, kind: str, args: dict[str, Any]) -> str:
        template = self.messages.get(kind) or self.messages["default"]
        return template.format(**args)


def _from_yaml(path_name: str, data: dict[str, Any]) -> RuleMeta:
    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        raise ValueError(f"rules/{path_name}: missing keys {missing}")
    if ("message" in data) == ("messages" in data):
        raise ValueError(f"rules/{path_name}: give exactly one of 'message' or 'messages'")
    if "message" in data:
        messages = {"default": str(data["message"])}
    else:
        messages = {str(key): str(value) for key, value in data["messages"].items()}
    options: dict[str, Any] = {}
    option_docs: dict[str, str] = {}
    for name, spec in (data.get("options") or {}).items():
        options[name] = spec["default"]
        option_docs[name] = spec.get("description", "")
    examples = data["examples"]
    return RuleMeta(
        code=data["code"], name=data["name"], severity=Severity.parse(data["severity"]),
        summary=data["summary"].strip(), rationale=data["rationale"].strip(), messages=messages,
        options=options, option_docs=option_docs, wordlists=tuple(data.get("wordlists") or ()),
        bad_example=examples["bad"], good_example=examples["good"], fixable=bool(data.get("fixable", False)),
        enabled=bool(data.get("enabled", True)),
    )


# The rule files ship with pmlint and are read at every start: libyaml (when PyYAML has it) reads them
# about ten times faster than the pure-Python loader, about 20 ms of a cold start, into the same data
# (tests/test_startup.py compares the two).
_RULE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=1)
def load_rules() -> dict[str, RuleMeta]:
    """Every rule shipped with pmlint, by code, in code order."""
    rules: dict[str, RuleMeta] = {}
    for path in sorted(data_dir("rules").glob("*.yaml")):
        meta = _from_yaml(path.name, yaml.load(path.read_text(encoding="utf-8"), Loader=_RULE_LOADER))
        rules[meta.code] = meta
    return dict(sorted(rules.items()))


def resolve_rule(identifier: str, rules: Mapping[str, RuleMeta]) -> RuleMeta | None:
    """A rule by code (``PM001``, any case) or name (``missing-section``)."""
    wanted = identifier.strip()
    upper = wanted.upper()
    if upper in rules:
        return rules[upper]
    lower = wanted.lower()
    for meta in rules.values():
        if meta.name == lower:
            return meta
    return None


def suggest_rule(identifier: str, rules: Mapping[str, RuleMeta]) -> str:
    """", did you mean 'PM002' (empty-section)?" for a mistyped rule code or name, or "" when no rule is
    close. A code is compared with codes by its digits, one typo apart (a digit added, dropped, changed
    or two swapped; 'PM999' is no rule's typo, and 'PM01' could be any of seven), a name with names."""
    wanted = identifier.strip()
    if wanted[:2].upper() == "PM" and any(char.isdigit() for char in wanted[2:]) and len(wanted) < 12:
        # A code, perhaps with a letter typed for a digit ("PM3O5"): one character away from a rule's.
        near = [meta for meta in rules.values() if _one_typo(wanted[2:].upper(), meta.code[2:])]
        return suggestion([f"'{meta.code}' ({meta.name})" for meta in near] if len(near) <= 2 else [])
    return did_you_mean(wanted, (meta.name for meta in rules.values()))


def _one_typo(typed: str, code: str) -> bool:
    """Whether ``typed`` is ``code`` with one digit added, dropped or changed, or two neighbours swapped."""
    if typed == code or abs(len(typed) - len(code)) > 1:
        return False
    if len(typed) == len(code):
        diffs = [index for index in range(len(code)) if typed[index] != code[index]]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                                   and typed[diffs[0]] == code[diffs[1]] and typed[diffs[1]] == code[diffs[0]])
    shorter, longer = sorted((typed, code), key=len)
    return any(longer[:index] + longer[index + 1:] == shorter for index in range(len(longer)))
