"""Validating one configuration layer: every key and value checked, a bad one reported with its file, line and key."""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pmlint import patterns
from pmlint.config.globs import GlobError, compile_glob
from pmlint.config.parsing import Layer, line_of
from pmlint.config.settings import FAIL_ON_CHOICES, MAX_FILE_SIZE_LIMIT, RULE_KEYS
from pmlint.errors import ConfigError
from pmlint.language import pipeline
from pmlint.language import wordlists as wordlist_store
from pmlint.ruledefs import RuleMeta, resolve_rule

_TOP_KEYS = {"extends", "include", "exclude", "fail-on", "sections", "summary", "rules", "overrides",
             "wordlists", "max-file-size", "language-model", "template", "unsafe-fixes",
             "force-exclude"}
_SECTION_KEYS = {"title", "aliases", "extend-aliases", "required", "evidence", "part-of"}
_SUMMARY_KEYS = {"section", "fields"}
_OVERRIDE_KEYS = {"files", "rules"}
_WORDLIST_KEYS = {"add", "remove"}


_PLAIN_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}")


class _Validator:
    def __init__(self, layer: Layer, rules: Mapping[str, RuleMeta]) -> None:
        self.layer = layer
        self.rules = rules

    def fail(self, path: tuple[str, ...], message: str) -> ConfigError:
        key: str | None = ".".join(path)
        if self.layer.extended and not all(_PLAIN_KEY.fullmatch(part) for part in path):
            # 'extends' may name any file (extends: /etc/shadow reads its first line as a key): a key
            # that does not look like a configuration's is not echoed; its line says where it is.
            key = None
            message = f"{message}; the key is not shown, as this extended file does not look like a pmlint configuration"
        return ConfigError(message, file=self.layer.origin, line=line_of(self.layer, path), key=key)

    def mapping(self, value: Any, path: tuple[str, ...], allowed: set[str] | None = None) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, f"must be a mapping, not {_type_name(value)}")
        if allowed is not None:
            for key in value:
                if key not in allowed:
                    raise self.fail(path + (str(key),), f"unknown key (expected one of: {', '.join(sorted(allowed))})")
        return value

    def string_list(self, value: Any, path: tuple[str, ...]) -> list[str]:
        """A list of strings; a lone string is one. Callers store the result back so that nothing
        later iterates over a string's characters."""
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(path, "must be a list of strings")
        return value

    def severity(self, value: Any, path: tuple[str, ...], allow_never: bool = False) -> None:
        choices = FAIL_ON_CHOICES if allow_never else FAIL_ON_CHOICES[:3]
        if not isinstance(value, str) or value.lower() not in choices:
            raise self.fail(path, f"must be one of: {', '.join(choices)} (got {value!r})")

    def rule_entry(self, key: str, value: Any, path: tuple[str, ...]) -> None:
        # Exactly a code or name, in any ASCII letter case (as the schema says); the command line and
        # suppression comments are more lenient about surrounding spaces.
        meta = resolve_rule(key, self.rules) if key == key.strip() and key.isascii() else None
        if meta is None:
            raise self.fail(path, "unknown rule (see 'pmlint rules' for codes and names)")
        if isinstance(value, bool):
            return
        if isinstance(value, str):
            if value.lower() in ("off", "false", "disable", "disabled"):
                return
            self.severity(value, path)
            return
        entry = self.mapping(value, path)
        for option, option_value in entry.items():
            option_path = path + (str(option),)
            if option == "enabled":
                if not isinstance(option_value, bool):
                    raise self.fail(option_path, "must be true or false")
            elif option == "severity":
                self.severity(option_value, option_path)
            elif option not in meta.options:
                known = ", ".join(sorted(RULE_KEYS | set(meta.options)))
                raise self.fail(option_path, f"unknown option for {meta.code} {meta.name} (expected one of: {known})")
            else:
                entry[option] = _check_option_type(self, option_path, meta.options[option], option_value)
                if option.endswith("-patterns"):  # placeholder-patterns: regular expressions
                    for index, pattern in enumerate(entry[option]):
                        self.user_pattern(pattern, option_path + (str(index),), patterns.DOTALL)

    def globs(self, values: list[str], path: tuple[str, ...]) -> None:
        for index, pattern in enumerate(values):
            try:
                compile_glob(pattern)
            except GlobError as error:
                raise self.fail(path + (str(index),), f"invalid glob: {error}") from None

    def user_pattern(self, pattern: str, path: tuple[str, ...], flags: int) -> None:
        """A regular expression from the configuration: refused here when it does not compile, and
        remembered with its location for the time limit it runs under (pmlint.patterns)."""
        problem = patterns.problem(pattern, flags)
        if problem is not None:
            raise self.fail(path, problem)
        error = self.fail(path, "")
        patterns.remember(pattern, error.file, error.line, error.key)

    def rules_mapping(self, value: Any, path: tuple[str, ...]) -> None:
        for key, entry in self.mapping(value, path).items():
            self.rule_entry(str(key), entry, path + (str(key),))

    def section_specs(self, value: Any, path: tuple[str, ...]) -> None:
        for key, spec in self.mapping(value, path).items():
            spec_path = path + (str(key),)
            if spec is False or spec is None:
                continue  # shorthand for "required: false"
            spec = self.mapping(spec, spec_path, _SECTION_KEYS)
            if "title" in spec and not isinstance(spec["title"], str):
                raise self.fail(spec_path + ("title",), "must be a string")
            for list_key in ("aliases", "extend-aliases", "evidence"):
                if list_key in spec:
                    spec[list_key] = self.string_list(spec[list_key], spec_path + (list_key,))
            for index, pattern in enumerate(spec.get("evidence", [])):
                self.user_pattern(pattern, spec_path + ("evidence", str(index)), patterns.IGNORECASE)
            if "required" in spec and not isinstance(spec["required"], bool):
                raise self.fail(spec_path + ("required",), "must be true or false")
            if spec.get("part-of") is not None and not isinstance(spec["part-of"], str):
                raise self.fail(spec_path + ("part-of",), "must be a section key or null")


def validate_layer(layer: Layer, rules: Mapping[str, RuleMeta]) -> None:
    check = _Validator(layer, rules)
    data = check.mapping(layer.data, (), _TOP_KEYS)
    if "extends" in data and not isinstance(data["extends"], str):
        raise check.fail(("extends",), "must be a preset name or a path")
    for key in ("include", "exclude"):
        if key in data:
            data[key] = check.string_list(data[key], (key,))
            check.globs(data[key], (key,))
    if "fail-on" in data:
        check.severity(data["fail-on"], ("fail-on",), allow_never=True)
    for key in ("unsafe-fixes", "force-exclude"):
        if key in data and not isinstance(data[key], bool):
            raise check.fail((key,), "must be true or false")
    if isinstance(data.get("max-file-size"), float) and data["max-file-size"].is_integer():
        data["max-file-size"] = int(data["max-file-size"])  # 1024.0 is an integer to JSON Schema too
    if "max-file-size" in data and (not isinstance(data["max-file-size"], int) or isinstance(data["max-file-size"], bool)
                                    or data["max-file-size"] <= 0):
        raise check.fail(("max-file-size",), "must be a positive number of bytes")
    if "max-file-size" in data and data["max-file-size"] > MAX_FILE_SIZE_LIMIT:
        raise check.fail(("max-file-size",), f"must be at most {MAX_FILE_SIZE_LIMIT} bytes (1 GiB)")
    if "language-model" in data:
        model = data["language-model"]
        if model is not None and (not isinstance(model, str) or not model.strip()):
            raise check.fail(("language-model",), "must be the name of an installed spaCy pipeline "
                             "(such as en_core_web_sm) or empty")
        if model and pipeline.is_path(model) and not Path(model).is_absolute():
            # A relative path is relative to the config file that names it, like every other path.
            model = data["language-model"] = (layer.base / model).as_posix()
        problem = pipeline.model_problem(model) if model else None
        if problem:
            raise check.fail(("language-model",), f"{problem}, or remove this key")
    if "template" in data and data["template"] is not None:
        template = data["template"]
        if not isinstance(template, str) or not template.strip():
            raise check.fail(("template",), "must be the path of a Markdown file (relative to this file) or empty")
        # Relative to the file that names it; whether it exists is checked by 'pmlint new', which reads it.
        data["template"] = (layer.base / template).as_posix()
    if "sections" in data:
        check.section_specs(data["sections"], ("sections",))
    if "summary" in data:
        summary = check.mapping(data["summary"], ("summary",), _SUMMARY_KEYS)
        if "section" in summary and summary["section"] is not None and not isinstance(summary["section"], str):
            raise check.fail(("summary", "section"), "must be a section key")
        if "fields" in summary:
            check.section_specs(summary["fields"], ("summary", "fields"))
    if "rules" in data:
        check.rules_mapping(data["rules"], ("rules",))
    if "overrides" in data:
        if not isinstance(data["overrides"], list):
            raise check.fail(("overrides",), "must be a list of {files: [...], rules: {...}}")
        for index, override in enumerate(data["overrides"]):
            path = ("overrides", str(index))
            override = check.mapping(override, path, _OVERRIDE_KEYS)
            if "files" not in override:
                raise check.fail(path, "needs 'files', a list of glob patterns")
            override["files"] = check.string_list(override["files"], path + ("files",))
            check.globs(override["files"], path + ("files",))
            check.rules_mapping(override.get("rules", {}), path + ("rules",))
    if "wordlists" in data:
        known = set(wordlist_store.available())
        for name, change in check.mapping(data["wordlists"], ("wordlists",)).items():
            path = ("wordlists", str(name))
            if name not in known:
                raise check.fail(path, f"unknown wordlist (known: {', '.join(sorted(known))})")
            change = check.mapping(change, path, _WORDLIST_KEYS)
            for key in ("add", "remove"):
                if key in change:
                    change[key] = check.string_list(change[key], path + (key,))


def _check_option_type(check: _Validator, path: tuple[str, ...], default: Any, value: Any) -> Any:
    """The option's value, checked against the type of its default (a lone string made a list)."""
    expected: type | tuple[type, ...]
    if isinstance(default, bool):
        expected = bool
    elif isinstance(default, (int, float)):
        expected = (int, float)
    elif isinstance(default, list):
        return check.string_list(value, path)
    else:
        expected = type(default)
    if not isinstance(value, expected) or (expected != bool and isinstance(value, bool)):
        raise check.fail(path, f"must be {_type_name(default)}, not {_type_name(value)}")
    return value


def _type_name(value: Any) -> str:
    return {bool: "true or false", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "a mapping", type(None): "empty"}.get(type(value), type(value).__name__)
