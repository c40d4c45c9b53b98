"""A JSON Schema for ``.pmlint.yaml``, generated from the rule definitions, presets and wordlists.

YAML language servers (VS Code's YAML extension, yaml-language-server in Neovim, Helix, Emacs)
read it through a ``# yaml-language-server: $schema=...`` line and then complete and validate the
configuration as it is typed. The schema accepts exactly what ``pmlint.config.validation`` accepts; a test
checks the two agree. The copy shipped in the package (``pmlint/config/schemas/``) is regenerated with
``python -m pmlint.config.schema > pmlint/config/schemas/pmlint-config.schema.json``; a test fails when it is
stale. ``pmlint schema`` prints it.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pmlint.config.settings import FAIL_ON_CHOICES, MAX_FILE_SIZE_LIMIT
from pmlint.language import wordlists
from pmlint.resources import preset_names
from pmlint.ruledefs import RuleMeta, load_rules

SHIPPED_SCHEMA = Path(__file__).resolve().parent / "schemas" / "pmlint-config.schema.json"

# Shorthands for turning a rule off, accepted in any letter case like the severities.
_OFF_WORDS = ("off", "false", "disable", "disabled")


def build_schema(rules: Mapping[str, RuleMeta] | None = None) -> dict[str, Any]:
    rules = load_rules() if rules is None else rules
    definitions: dict[str, Any] = {"sectionSpecs": _section_specs()}
    rule_properties: dict[str, Any] = {}
    rule_patterns: dict[str, Any] = {}
    for meta in rules.values():
        definitions[meta.code] = _rule_entry(meta)
        entry = {"$ref": f"#/definitions/{meta.code}"}
        rule_properties[meta.code] = entry
        rule_properties[meta.name] = entry
        # Codes and names are matched in any letter case (config.resolve_rule).
        rule_patterns[_any_case(meta.code)] = entry
        rule_patterns[_any_case(meta.name)] = entry
    definitions["rules"] = {
        "type": "object",
        "description": "Rule settings by code (PM001) or name (missing-section): a severity, off, "
                       "true/false, or a mapping of enabled, severity and the rule's options.",
        "properties": rule_properties,
        "patternProperties": rule_patterns,
        "additionalProperties": False,
    }
    wordlist_changes = {
        name: {
            "type": "object",
            "description": f"Entries to add to or remove from wordlists/{name}.txt.",
            "properties": {"add": _string_list("Entries to add."), "remove": _string_list("Entries to remove.")},
            "additionalProperties": False,
        }
        for name in wordlists.available()
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "pmlint configuration (.pmlint.yaml)",
        "description": "Configuration of pmlint, the linter for incident post-mortems.",
        "type": ["object", "null"],
        "additionalProperties": False,
        "definitions": definitions,
        "properties": {
            "extends": {
                "description": "The preset this configuration builds on, or the path of another configuration file "
                               "(relative to this one). Default: default.",
                "anyOf": [{"enum": preset_names()}, {"type": "string", "minLength": 1}],
            },
            "include": _string_list("Glob patterns of the files to lint when a directory is given "
                                    "(default: **/*.md, **/*.markdown)."),
            "exclude": _string_list("Glob patterns of files and directories never linted, added to the "
                                    "defaults (.git, node_modules, virtual environments)."),
            "fail-on": {
                "description": "The lowest severity that makes the exit code 1 (never: always exit 0 on findings).",
                **_any_case_choice(FAIL_ON_CHOICES),
            },
            "unsafe-fixes": {"description": "Whether --fix and --diff apply unsafe fixes too (fixes that may change "
                                             "the meaning: a word replaced, times converted), as --unsafe-fixes "
                                             "does. Default: false.",
                             "type": "boolean"},
            "force-exclude": {"description": "Whether include and exclude apply to files named on the command "
                                              "line too, as --force-exclude does (pre-commit hooks and editors "
                                              "name files one by one). Default: false.",
                              "type": "boolean"},
            "max-file-size": {"description": "Files larger than this many bytes are reported, not linted.",
                              "type": "integer", "minimum": 1, "maximum": MAX_FILE_SIZE_LIMIT},
            "language-model": {
                "description": "An installed spaCy pipeline (such as en_core_web_sm), or a directory relative to "
                               "this file, for the language rules; empty for the model-free default.",
                "type": ["string", "null"],
                "pattern": r"\S",
                "patternErrorMessage": _NOT_BLANK,
            },
            "template": {
                "description": "The Markdown file 'pmlint new' copies for a new post-mortem, relative to this "
                               "file. Default: a skeleton of the configured sections.",
                "type": ["string", "null"],
                "pattern": r"\S",
                "patternErrorMessage": _NOT_BLANK,
            },
            "sections": {"description": "Required sections by key, merged with the preset's key by key; "
                                        "false makes a section optional.",
                         "$ref": "#/definitions/sectionSpecs"},
            "summary": {
                "type": "object",
                "description": "The summary section and the fields it must give.",
                "properties": {
                    "section": {"description": "The key of the section that holds the summary.",
                                "type": ["string", "null"]},
                    "fields": {"description": "Fields the summary must give, by key.",
                               "$ref": "#/definitions/sectionSpecs"},
                },
                "additionalProperties": False,
            },
            "rules": {"$ref": "#/definitions/rules"},
            "overrides": {
                "type": "array",
                "description": "Rule settings for the files matching some globs (relative to this file).",
                "items": {
                    "type": "object",
                    "properties": {"files": _string_list("Glob patterns of the files this override applies to."),
                                   "rules": {"$ref": "#/definitions/rules"}},
                    "required": ["files"],
                    "additionalProperties": False,
                },
            },
            "wordlists": {
                "type": "object",
                "description": "Changes to the shipped wordlists.",
                "properties": wordlist_changes,
                "additionalProperties": False,
            },
        },
    }


def _rule_entry(meta: RuleMeta) -> dict[str, Any]:
    options: dict[str, Any] = {
        "enabled": {"type": "boolean", "description": "Run this rule."},
        "severity": {"description": "The severity of this rule's findings.", **_any_case_choice(FAIL_ON_CHOICES[:3])},
    }
    for name, default in meta.options.items():
        options[name] = {**_option_type(default), "description": meta.option_docs.get(name, ""),
                         "default": default}
    return {
        "description": f"{meta.code} {meta.name}: {meta.summary}",
        "anyOf": [
            {"type": "boolean"},
            {**_any_case_choice(FAIL_ON_CHOICES[:3] + _OFF_WORDS)},
            {"type": "object", "properties": options, "additionalProperties": False},
        ],
    }


def _option_type(default: Any) -> dict[str, Any]:
    """The JSON type of an option, from the type of its default (as config._check_option_type)."""
    if isinstance(default, bool):
        return {"type": "boolean"}
    if isinstance(default, (int, float)):
        return {"type": "number"}
    if isinstance(default, list):
        return {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    return {"type": "string"}


def _section_specs() -> dict[str, Any]:
    spec = {
        "type": "object",
        "properties": {
            "title": {"type": "string", "description": "The heading to write (and to show in messages)."},
            "aliases": _string_list("Headings that count as this section (replaces the preset's list)."),
            "extend-aliases": _string_list("Headings added to the preset's aliases."),
            "required": {"type": "boolean", "description": "Whether a document must have it (default: true)."},
            "evidence": _string_list("Regular expressions (case-insensitive) whose match in the summary's "
                                     "prose gives this field."),
            "part-of": {"type": ["string", "null"], "description": "The key of a section this one is a part of (What Went "
                        "Well of Lessons Learned): when the document has no heading of this section nor of any "
                        "other part, a heading of that section provides it."},
        },
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "additionalProperties": {"anyOf": [{"type": "null"}, {"const": False}, spec]},
    }


# Editors show a value that fails a "pattern" as "does not match the pattern ^([Ee][Rr]...": the
# language servers of VS Code and of YAML (redhat.vscode-yaml) show "patternErrorMessage" instead, in words.
_NOT_BLANK = "must not be blank (leave the key empty for the default)"


def _string_list(description: str) -> dict[str, Any]:
    return {"description": description,
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}


def _any_case_choice(choices: tuple[str, ...]) -> dict[str, Any]:
    """One of ``choices`` in any letter case: offered in lower case for completion, accepted in any."""
    return {"anyOf": [{"enum": list(choices)},
                      {"type": "string", "pattern": "^(" + "|".join(_any_case_body(c) for c in choices) + r")$(?!\n)",
                       "patternErrorMessage": f"must be one of: {', '.join(choices)} (in any letter case)"}]}


def _any_case(word: str) -> str:
    # "(?!\n)": Python's '$' (used by Python validators) also matches before a final newline.
    return "^" + _any_case_body(word) + r"$(?!\n)"


def _any_case_body(word: str) -> str:
    return "".join(f"[{char.upper()}{char.lower()}]" if char.isalpha() else _escape(char) for char in word)


def _escape(char: str) -> str:
    # Only the characters that are special outside a class: an escaped '-' is an error in an
    # ECMAScript Unicode regular expression, which is how editors' language servers compile them.
    return "\\" + char if char in r".^$*+?()[]{}|\/" else char


def render_schema() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(render_schema(), end="")
