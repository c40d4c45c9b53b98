"""Validating one configuration layer: every key and value checked, every bad one reported with its file, line and key.

Validation does not stop at the first problem: each key, entry and value is checked on its own
(``_Validator.each``), so one run names every problem of the file, in file order.
"""
from __future__ import annotations

import contextlib
import datetime
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pmlint import patterns
from pmlint.config.parsing import Layer, line_of
from pmlint.config.settings import FAIL_ON_CHOICES, MAX_FILE_SIZE_LIMIT, RULE_KEYS
from pmlint.errors import ConfigError, did_you_mean
from pmlint.language import pipeline
from pmlint.language import wordlists as wordlist_store
from pmlint.ruledefs import RuleMeta, resolve_rule, suggest_rule

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
        self.problems: list[ConfigError] = list(layer.problems)
        # An extended file with a key no configuration has (/etc/shadow's lines): reported once.
        # (A key written twice there is reported without its name, as such a file's first problem.)
        self.foreign = layer.extended and bool(layer.problems)

    @contextlib.contextmanager
    def each(self) -> Iterator[None]:
        """Check one key, entry or value: a problem found in it is recorded, and checking goes on with
        the next one (a value is checked no further once it has a problem)."""
        try:
            yield
        except ConfigError as error:
            self.problems.extend(error.problems)

    def report(self, path: tuple[str, ...], message: str) -> None:
        """Record a problem and go on (where nothing later depends on the value)."""
        self.problems.append(self.fail(path, message))

    def shown(self, path: tuple[str, ...]) -> bool:
        """Whether a message may name this key: not one from an extended file that is not a configuration's."""
        return not self.layer.extended or all(_PLAIN_KEY.fullmatch(part) for part in path)

    def suggest(self, path: tuple[str, ...], choices: Iterable[str]) -> str:
        """", did you mean 'x'?" for the last key of ``path``, when one of ``choices`` is close to it."""
        return did_you_mean(path[-1], choices) if self.shown(path) else ""

    def fail(self, path: tuple[str, ...], message: str) -> ConfigError:
        key: str | None = ".".join(path)
        if not self.shown(path):
            self.foreign = True
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
                    key_path = path + (str(key),)
                    self.report(key_path, f"unknown key{self.suggest(key_path, allowed)} "
                                          f"(expected one of: {', '.join(sorted(allowed))})")
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
            got = repr(value) if isinstance(value, str) else _type_name(value)
            raise self.fail(path, f"must be one of: {', '.join(choices)} (got {got})")

    def rule_entry(self, key: str, value: Any, path: tuple[str, ...]) -> None:
        # Exactly a code or name, in any ASCII letter case (as the schema says); the command line and
        # suppression comments are more lenient about surrounding spaces.
        meta = resolve_rule(key, self.rules) if key == key.strip() and key.isascii() else None
        if meta is None:
            hint = suggest_rule(key, self.rules) if self.shown(path) else ""
            raise self.fail(path, f"unknown rule{hint} (see 'pmlint rules' for codes and names)")
        if isinstance(value, bool):
            return
        if isinstance(value, str):
            if value.lower() in ("off", "false", "disable", "disabled"):
                return
            self.severity(value, path)
            return
        entry = self.mapping(value, path)
        for option, option_value in entry.items():
            with self.each():
                self.rule_option(meta, entry, str(option), option_value, path + (str(option),))

    def rule_option(self, meta: RuleMeta, entry: dict[str, Any], option: str, value: Any,
                    option_path: tuple[str, ...]) -> None:
        if option == "enabled":
            if not isinstance(value, bool):
                raise self.fail(option_path, "must be true or false")
        elif option == "severity":
            self.severity(value, option_path)
        elif option not in meta.options:
            choices = RULE_KEYS | set(meta.options)
            raise self.fail(option_path, f"unknown option for {meta.code} {meta.name}"
                                         f"{self.suggest(option_path, choices)} (expected one of: {', '.join(sorted(choices))})")
        else:
            entry[option] = _check_option_type(self, option_path, meta.options[option], value)
            if option.endswith("-patterns"):  # placeholder-patterns: regular expressions
                for index, pattern in enumerate(entry[option]):
                    with self.each():
                        self.user_pattern(pattern, option_path + (str(index),), OPTION_PATTERN_FLAGS)

    def globs(self, values: list[str], path: tuple[str, ...]) -> None:
        # Only a layer with globs needs them.
        from pmlint.config.globs import GlobError, compile_glob

        for index, pattern in enumerate(values):
            try:
                compile_glob(pattern)
            except GlobError as error:
                self.report(path + (str(index),), f"invalid glob: {error}")

    def user_pattern(self, pattern: str, path: tuple[str, ...], flags: int) -> None:
        """A regular expression from the configuration: refused here when it does not compile, and
        remembered with its location for the time limit it runs under (pmlint.patterns). A preset's
        is trusted: tests check it (tests/test_patterns.py), and its location is found only if needed."""
        if self.layer.trusted:
            patterns.trust(pattern, flags)
            patterns.remember_later(pattern, lambda: self.origin(path))
            return
        problem = patterns.problem(pattern, flags)
        if problem is not None:
            raise self.fail(path, problem)
        error = self.fail(path, "")
        patterns.remember(pattern, error.file, error.line, error.key)

    def origin(self, path: tuple[str, ...]) -> patterns.Origin:
        error = self.fail(path, "")
        return patterns.Origin(error.file, error.line, error.key)

    def rules_mapping(self, value: Any, path: tuple[str, ...]) -> None:
        for key, entry in self.mapping(value, path).items():
            with self.each():
                self.rule_entry(str(key), entry, path + (str(key),))

    def section_specs(self, value: Any, path: tuple[str, ...]) -> None:
        for key, spec in self.mapping(value, path).items():
            with self.each():
                self.section_spec(spec, path + (str(key),))

    def section_spec(self, spec: Any, spec_path: tuple[str, ...]) -> None:
        if spec is False or spec is None:
            return  # shorthand for "required: false"
        spec = self.mapping(spec, spec_path, _SECTION_KEYS)
        # In the order the keys are written, so that the problems come in file order.
        for name in spec:
            with self.each():
                if name == "title" and not isinstance(spec["title"], str):
                    raise self.fail(spec_path + ("title",), "must be a string")
                if name in ("aliases", "extend-aliases", "evidence"):
                    spec[name] = self.string_list(spec[name], spec_path + (name,))
                if name == "evidence":
                    for index, pattern in enumerate(spec["evidence"]):
                        with self.each():
                            self.user_pattern(pattern, spec_path + ("evidence", str(index)), patterns.IGNORECASE)
                if name == "required" and not isinstance(spec["required"], bool):
                    raise self.fail(spec_path + ("required",), "must be true or false")
                if name == "part-of" and spec["part-of"] is not None and not isinstance(spec["part-of"], str):
                    raise self.fail(spec_path + ("part-of",), "must be a section key or null")


# The flags a rule option's regular expressions (placeholder-patterns) are used with (checks/placeholders.py).
OPTION_PATTERN_FLAGS = patterns.DOTALL


def trust_option_defaults(rules: Mapping[str, RuleMeta]) -> None:
    """The rules' default regular expressions ship with pmlint: trusted, as a preset's are (pmlint.patterns)."""
    for meta in rules.values():
        for option, default in meta.options.items():
            if option.endswith("-patterns"):
                for pattern in default:
                    patterns.trust(pattern, OPTION_PATTERN_FLAGS)


def validate_layer(layer: Layer, rules: Mapping[str, RuleMeta]) -> None:
    """Raise one ConfigError naming every problem of the layer (ConfigError.several), if it has any."""
    problems = layer_problems(layer, rules)
    if problems:
        raise ConfigError.several(problems)


def layer_problems(layer: Layer, rules: Mapping[str, RuleMeta]) -> list[ConfigError]:
    """Every problem of one layer, in file order (by line; keys without a line, as in pyproject.toml,
    in the order they are written). Values are normalised in place as they are checked."""
    check = _Validator(layer, rules)
    with check.each():
        data = check.mapping(layer.data, (), _TOP_KEYS)
        for key in data:
            if key in _TOP_KEYS:
                with check.each():
                    _top_key(check, data, key)
    problems = sorted(check.problems, key=lambda problem: problem.line or 0)
    # A file that is not a configuration at all (any file may be extended) gets its first problem only:
    # one per line would tell its number of lines and where each is.
    return problems[:1] if check.foreign else problems


def _top_key(check: _Validator, data: dict[str, Any], key: str) -> None:
    layer = check.layer
    if key == "extends" and not isinstance(data["extends"], str):
        raise check.fail(("extends",), "must be a preset name or a path")
    if key in ("include", "exclude"):
        data[key] = check.string_list(data[key], (key,))
        check.globs(data[key], (key,))
    if key == "fail-on":
        check.severity(data["fail-on"], ("fail-on",), allow_never=True)
    if key in ("unsafe-fixes", "force-exclude") and not isinstance(data[key], bool):
        raise check.fail((key,), "must be true or false")
    if key == "max-file-size":
        if isinstance(data["max-file-size"], float) and data["max-file-size"].is_integer():
            data["max-file-size"] = int(data["max-file-size"])  # 1024.0 is an integer to JSON Schema too
        size = data["max-file-size"]
        if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
            raise check.fail(("max-file-size",), "must be a positive number of bytes")
        if size > MAX_FILE_SIZE_LIMIT:
            raise check.fail(("max-file-size",), f"must be at most {MAX_FILE_SIZE_LIMIT} bytes (1 GiB)")
    if key == "language-model":
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
    if key == "template" and data["template"] is not None:
        template = data["template"]
        if not isinstance(template, str) or not template.strip():
            raise check.fail(("template",), "must be the path of a Markdown file (relative to this file) or empty")
        # Relative to the file that names it; whether it exists is checked by 'pmlint new', which reads it.
        data["template"] = (layer.base / template).as_posix()
    if key == "sections":
        check.section_specs(data["sections"], ("sections",))
    if key == "summary":
        summary = check.mapping(data["summary"], ("summary",), _SUMMARY_KEYS)
        for name in summary:
            with check.each():
                if name == "section" and summary["section"] is not None and not isinstance(summary["section"], str):
                    raise check.fail(("summary", "section"), "must be a section key")
                if name == "fields":
                    check.section_specs(summary["fields"], ("summary", "fields"))
    if key == "rules":
        check.rules_mapping(data["rules"], ("rules",))
    if key == "overrides":
        if not isinstance(data["overrides"], list):
            raise check.fail(("overrides",), "must be a list of {files: [...], rules: {...}}")
        for index, override in enumerate(data["overrides"]):
            with check.each():
                _override(check, override, ("overrides", str(index)))
    if key == "wordlists":
        known = set(wordlist_store.available())
        for name, change in check.mapping(data["wordlists"], ("wordlists",)).items():
            with check.each():
                path = ("wordlists", str(name))
                if name not in known:
                    raise check.fail(path, f"unknown wordlist{check.suggest(path, known)} "
                                           f"(known: {', '.join(sorted(known))})")
                change = check.mapping(change, path, _WORDLIST_KEYS)
                for list_key in ("add", "remove"):
                    if list_key in change:
                        with check.each():
                            change[list_key] = check.string_list(change[list_key], path + (list_key,))


def _override(check: _Validator, override: Any, path: tuple[str, ...]) -> None:
    if isinstance(override, dict) and "files" not in override:  # the item's problem before its keys'
        check.report(path, "needs 'files', a list of glob patterns")
    override = check.mapping(override, path, _OVERRIDE_KEYS)
    for name in override:
        with check.each():
            if name == "files":
                override["files"] = check.string_list(override["files"], path + ("files",))
                check.globs(override["files"], path + ("files",))
            if name == "rules":
                check.rules_mapping(override["rules"], path + ("rules",))


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
            dict: "a mapping", type(None): "empty", datetime.date: "a date",
            datetime.datetime: "a date and time"}.get(type(value), type(value).__name__)
