"""Configuration: discovery, presets (``extends``), validation with located errors, per-path overrides.

A configuration is ``.pmlint.yaml`` / ``.pmlint.yml`` or the ``[tool.pmlint]`` table of
``pyproject.toml``, found by walking up from the linted file. Every configuration extends a preset
(``default`` unless it says otherwise) or another file. Each layer is validated on its own so an
error names the file, line and key where it was written.
"""
from __future__ import annotations

import copy
import functools
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from pmlint.errors import ConfigError
from pmlint.model import Severity
from pmlint.resources import preset_names, preset_path
from pmlint.ruledefs import RuleMeta, resolve_rule
from pmlint.sections import Catalog, SectionSpec
from pmlint import language
from pmlint import wordlists as wordlist_store

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILES = (".pmlint.yaml", ".pmlint.yml")
DEFAULT_PRESET = "default"
DEFAULT_INCLUDE = ("**/*.md", "**/*.markdown")
DEFAULT_EXCLUDE = ("**/.git/**", "**/node_modules/**", "**/.venv/**", "**/venv/**", "**/.tox/**",
                   "**/site-packages/**", "**/_build/**")
DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024
FAIL_ON_CHOICES = ("error", "warning", "info", "never")

_TOP_KEYS = {"extends", "include", "exclude", "fail-on", "sections", "summary", "rules", "overrides",
             "wordlists", "max-file-size", "language-model", "template", "unsafe-fixes"}
_SECTION_KEYS = {"title", "aliases", "extend-aliases", "required", "evidence", "part-of"}
_SUMMARY_KEYS = {"section", "fields"}
_RULE_KEYS = {"enabled", "severity"}
_OVERRIDE_KEYS = {"files", "rules"}
_WORDLIST_KEYS = {"add", "remove"}


@dataclass(frozen=True)
class RuleSetting:
    enabled: bool
    severity: Severity
    options: Mapping[str, Any]


@dataclass(frozen=True)
class Override:
    files: tuple[str, ...]
    rules: Mapping[str, Mapping[str, Any]]  # code -> {"enabled"?, "severity"?, option: value}
    # The directory of the file that wrote the override: its globs are relative to it, which for a
    # file extended from a parent directory is not the directory of the config that extends it.
    base: Path


@dataclass
class Config:
    """A resolved configuration. ``root`` anchors relative globs (the config file's directory)."""

    root: Path
    path: Path | None
    catalog: Catalog
    rules: dict[str, RuleSetting]
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    fail_on: Severity | None = Severity.WARNING
    # Whether --fix applies unsafe fixes too (the command line's --unsafe-fixes / --no-unsafe-fixes win).
    unsafe_fixes: bool = False
    overrides: list[Override] = field(default_factory=list)
    wordlist_changes: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    # A trained spaCy pipeline for the language rules (None: the model-free default pipeline).
    language_model: str | None = None
    # The Markdown file 'pmlint new' copies (None: a skeleton of the configured sections).
    template: Path | None = None
    cli_select: frozenset[str] | None = None
    cli_ignore: frozenset[str] = frozenset()

    @functools.cached_property
    def wordlists(self) -> dict[str, wordlist_store.Wordlist]:
        """Shipped wordlists with this configuration's additions and removals applied."""
        result = {}
        for name in wordlist_store.available():
            add, remove = self.wordlist_changes.get(name, ([], []))
            base = wordlist_store.load(name)
            result[name] = base.extended(add, remove) if add or remove else base
        return result

    def rules_for(self, path: Path | None) -> dict[str, RuleSetting]:
        """Rule settings for one file, after the per-path overrides that match it."""
        settings = dict(self.rules)
        for override in self.overrides:
            relative = _relative(path, override.base) if path is not None else None
            if relative is None or not any(glob_match(pattern, relative) for pattern in override.files):
                continue
            for code, changes in override.rules.items():
                settings[code] = _apply_rule_changes(settings[code], changes)
        for code, setting in settings.items():
            enabled = setting.enabled if self.cli_select is None else code in self.cli_select
            if enabled != setting.enabled or code in self.cli_ignore:
                settings[code] = RuleSetting(enabled and code not in self.cli_ignore, setting.severity, setting.options)
        return settings

    def is_excluded(self, path: Path) -> bool:
        relative = _relative(path, self.root)
        if relative is None:
            relative = path.as_posix()
        return any(glob_match(pattern, relative) for pattern in self.exclude)

    def is_included(self, path: Path) -> bool:
        relative = _relative(path, self.root) or path.name
        return any(glob_match(pattern, relative) for pattern in self.include)


# -- discovery ----------------------------------------------------------------------------------


def find_config_file(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a directory)."""
    directory = start.resolve()
    for candidate in (directory, *directory.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file():
                return path
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _pyproject_has_table(pyproject):
            return pyproject
    return None


def _pyproject_has_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "pmlint" in data["tool"]


class ConfigCache:
    """Resolves the configuration for each directory once per run."""

    def __init__(self, rules: Mapping[str, RuleMeta], explicit: Path | None = None,
                 select: Iterable[str] = (), ignore: Iterable[str] = ()) -> None:
        self.rules = rules
        self.explicit = explicit
        # Expanded now so a typo in --select/--ignore is reported before any file is read.
        self.select = frozenset(_expand_rule_patterns(select, rules, "--select")) or None
        self.ignore = frozenset(_expand_rule_patterns(ignore, rules, "--ignore"))
        self._by_file: dict[Path | None, Config] = {}
        self._by_directory: dict[Path, Config] = {}
        # A broken config is loaded once and the same error raised again, so it is reported once.
        self._failed: dict[Path | None, ConfigError] = {}

    def for_directory(self, directory: Path) -> Config:
        directory = directory.resolve()
        if directory not in self._by_directory:
            path = self.explicit or find_config_file(directory)
            if path in self._failed:
                raise self._failed[path]
            if path not in self._by_file:
                try:
                    config = load_config(path, self.rules)
                except ConfigError as error:
                    self._failed[path] = error
                    raise
                config.cli_select, config.cli_ignore = self.select, self.ignore
                self._by_file[path] = config
            self._by_directory[directory] = self._by_file[path]
        return self._by_directory[directory]

    def all_configs(self) -> list[Config]:
        return list(self._by_file.values())


# -- loading ------------------------------------------------------------------------------------


@dataclass
class _Layer:
    """One configuration source, validated on its own."""

    origin: str  # a path or "preset NAME", for messages
    data: dict[str, Any]
    base: Path  # directory for relative paths in it
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)  # line of each key path, for messages


def load_config(path: Path | None, rules: Mapping[str, RuleMeta]) -> Config:
    """Load, validate and merge a config file (or only the default preset when ``path`` is None)."""
    layers = _load_chain(path, rules)
    merged = _merge(layers)
    root = path.parent.resolve() if path is not None else Path.cwd()
    return _build(merged, root, path, rules, layers[-1].origin)


def load_preset(name: str, rules: Mapping[str, RuleMeta]) -> Config:
    """The configuration a file containing only ``extends: NAME`` would give."""
    layers = _load_chain(None, rules, preset=name)
    return _build(_merge(layers), Path.cwd(), None, rules, layers[-1].origin)


def _load_chain(path: Path | None, rules: Mapping[str, RuleMeta], preset: str | None = None) -> list[_Layer]:
    chain: list[_Layer] = []
    seen: set[str] = set()
    current: tuple[str, Path | None] = (("file", path) if path is not None
                                        else ("preset", Path(preset) if preset else None))
    while True:
        kind, where = current
        if kind == "preset":
            name = DEFAULT_PRESET if where is None else str(where)
            layer = _read_preset(name)
        else:
            assert where is not None
            layer = _read_file(where)
        if layer.origin in seen:
            # Name the 'extends' that closes the loop, where the user has to break it.
            last = chain[-1]
            raise ConfigError(f"makes a cycle: {layer.origin} is already extended on the way here",
                              file=last.origin, line=_line_of(last, ("extends",)), key="extends")
        seen.add(layer.origin)
        _validate_layer(layer, rules)
        chain.append(layer)
        extends = layer.data.get("extends")
        if kind == "preset" and extends is None:
            break
        if extends is None:
            extends = DEFAULT_PRESET
        if preset_path(str(extends)) is not None:
            current = ("preset", Path(str(extends)))
        else:
            target = (layer.base / str(extends)).resolve()
            if not target.is_file():
                raise ConfigError(f"'{extends}' is neither a preset ({', '.join(preset_names())}) nor a file",
                                  file=layer.origin, line=_line_of(layer, ("extends",)), key="extends")
            current = ("file", target)
    chain.reverse()  # base first
    return chain


def _read_preset(name: str) -> _Layer:
    path = preset_path(name)
    if path is None:
        raise ConfigError(f"unknown preset '{name}' (known: {', '.join(preset_names())})", key="extends")
    layer = _read_file(path)
    layer.origin = f"preset '{name}'"
    return layer


def _read_file(path: Path) -> _Layer:
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # editors on Windows may add a BOM
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read config file: {error}", file=label) from None
    if path.name == "pyproject.toml":
        try:
            data = tomllib.loads(text).get("tool", {}).get("pmlint", {})
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"invalid TOML: {error}", file=label) from None
        lines: dict[tuple[str, ...], int] = {}
    else:
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            problem = getattr(error, "problem", None) or "cannot parse"
            raise ConfigError(f"invalid YAML: {problem}", file=label,
                              line=mark.line + 1 if mark is not None else None) from None
        lines = _key_lines(node) if node is not None else {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the configuration must be a mapping of keys to values", file=label)
    layer = _Layer(origin=label, data=data, base=path.parent.resolve())
    layer.lines = lines
    return layer


def _key_lines(node: yaml.Node, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], int]:
    """Line (1-based) of every mapping key, by its path of keys, for error messages."""
    lines: dict[tuple[str, ...], int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            path = prefix + (key,)
            lines[path] = key_node.start_mark.line + 1
            lines.update(_key_lines(value_node, path))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = prefix + (str(index),)
            lines[path] = item.start_mark.line + 1
            lines.update(_key_lines(item, path))
    return lines


def _line_of(layer: _Layer, path: tuple[str, ...]) -> int | None:
    return layer.lines.get(path)


# -- validation ---------------------------------------------------------------------------------


class _Validator:
    def __init__(self, layer: _Layer, rules: Mapping[str, RuleMeta]) -> None:
        self.layer = layer
        self.rules = rules

    def fail(self, path: tuple[str, ...], message: str) -> ConfigError:
        return ConfigError(message, file=self.layer.origin, line=_line_of(self.layer, path), key=".".join(path))

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
                known = ", ".join(sorted(_RULE_KEYS | set(meta.options)))
                raise self.fail(option_path, f"unknown option for {meta.code} {meta.name} (expected one of: {known})")
            else:
                entry[option] = _check_option_type(self, option_path, meta.options[option], option_value)

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
                try:
                    re.compile(pattern)
                except re.error as error:
                    raise self.fail(spec_path + ("evidence", str(index)), f"invalid regular expression: {error}") from None
            if "required" in spec and not isinstance(spec["required"], bool):
                raise self.fail(spec_path + ("required",), "must be true or false")
            if spec.get("part-of") is not None and not isinstance(spec["part-of"], str):
                raise self.fail(spec_path + ("part-of",), "must be a section key or null")


def _validate_layer(layer: _Layer, rules: Mapping[str, RuleMeta]) -> None:
    check = _Validator(layer, rules)
    data = check.mapping(layer.data, (), _TOP_KEYS)
    if "extends" in data and not isinstance(data["extends"], str):
        raise check.fail(("extends",), "must be a preset name or a path")
    for key in ("include", "exclude"):
        if key in data:
            data[key] = check.string_list(data[key], (key,))
    if "fail-on" in data:
        check.severity(data["fail-on"], ("fail-on",), allow_never=True)
    if "unsafe-fixes" in data and not isinstance(data["unsafe-fixes"], bool):
        raise check.fail(("unsafe-fixes",), "must be true or false")
    if isinstance(data.get("max-file-size"), float) and data["max-file-size"].is_integer():
        data["max-file-size"] = int(data["max-file-size"])  # 1024.0 is an integer to JSON Schema too
    if "max-file-size" in data and (not isinstance(data["max-file-size"], int) or isinstance(data["max-file-size"], bool)
                                    or data["max-file-size"] <= 0):
        raise check.fail(("max-file-size",), "must be a positive number of bytes")
    if "language-model" in data:
        model = data["language-model"]
        if model is not None and (not isinstance(model, str) or not model.strip()):
            raise check.fail(("language-model",), "must be the name of an installed spaCy pipeline "
                             "(such as en_core_web_sm) or empty")
        if model and language.is_path(model) and not Path(model).is_absolute():
            # A relative path is relative to the config file that names it, like every other path.
            model = data["language-model"] = (layer.base / model).as_posix()
        problem = language.model_problem(model) if model else None
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


# -- merging and building -----------------------------------------------------------------------


def _merge(layers: list[_Layer]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for layer in layers:
        data = copy.deepcopy(layer.data)
        for key, value in data.items():
            if key in ("sections",):
                merged[key] = _merge_specs(merged.get(key, {}), value)
            elif key == "summary":
                summary = merged.setdefault("summary", {})
                if "section" in value:
                    summary["section"] = value["section"]
                if "fields" in value:
                    summary["fields"] = _merge_specs(summary.get("fields", {}), value["fields"])
            elif key in ("rules", "wordlists"):
                target = merged.setdefault(key, {})
                for name, entry in value.items():
                    target[name] = _merge_rule(target.get(name), entry) if key == "rules" else entry
            elif key == "overrides":
                for override in value:
                    # A preset's globs have no directory of their own: they apply from the config's.
                    if not layer.origin.startswith("preset "):
                        override["_base"] = layer.base
                merged.setdefault("overrides", []).extend(value)
            elif key != "extends":
                merged[key] = value
    return merged


def _merge_specs(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    result = dict(base)
    for key, spec in update.items():
        key = str(key)  # YAML reads "2024:" as a number; a section key is text
        if spec is False or spec is None:
            spec = {"required": False}
        current = dict(result.get(key, {}))
        for name, value in spec.items():
            if name == "extend-aliases":
                current["aliases"] = list(current.get("aliases", [])) + list(value)
            else:
                current[name] = value
        result[key] = current
    return result


def _merge_rule(base: Any, update: Any) -> Any:
    if isinstance(base, dict) and isinstance(update, dict):
        return {**base, **update}
    if isinstance(base, dict):
        return {**base, **_rule_shorthand(update)}
    return update


def _rule_shorthand(value: Any) -> dict[str, Any]:
    """``PM001: false`` / ``PM001: off`` / ``PM001: info`` as a mapping."""
    if isinstance(value, bool):
        return {"enabled": value}
    if isinstance(value, str):
        if value.lower() in ("off", "false", "disable", "disabled"):
            return {"enabled": False}
        return {"enabled": True, "severity": value}
    return dict(value)


def _build(merged: dict[str, Any], root: Path, path: Path | None, rules: Mapping[str, RuleMeta],
           origin: str) -> Config:
    sections = tuple(_spec(key, spec) for key, spec in merged.get("sections", {}).items())
    summary = merged.get("summary", {})
    fields = tuple(_spec(key, spec) for key, spec in summary.get("fields", {}).items())
    summary_section = summary.get("section")
    if summary_section is not None and summary_section not in {spec.key for spec in sections}:
        raise ConfigError(f"names section '{summary_section}', which 'sections' does not define",
                          file=origin, key="summary.section")
    keys = {spec.key for spec in sections}
    for spec in sections:
        if spec.part_of is not None and spec.part_of not in keys:
            raise ConfigError(f"names section '{spec.part_of}', which 'sections' does not define",
                              file=origin, key=f"sections.{spec.key}.part-of")
    catalog = Catalog(sections=sections, summary_section=summary_section, fields=fields)

    settings: dict[str, RuleSetting] = {}
    for code, meta in rules.items():
        settings[code] = RuleSetting(meta.enabled, meta.severity, dict(meta.options))
    for key, entry in merged.get("rules", {}).items():
        resolved = resolve_rule(key, rules)
        assert resolved is not None  # validated
        settings[resolved.code] = _apply_rule_changes(settings[resolved.code], _rule_shorthand(entry))

    overrides = []
    for override in merged.get("overrides", []):
        files = tuple(override["files"])
        changes = {}
        for key, entry in (override.get("rules") or {}).items():
            resolved = resolve_rule(key, rules)
            assert resolved is not None  # validated
            changes[resolved.code] = _rule_shorthand(entry)
        overrides.append(Override(files, changes, override.get("_base", root)))

    fail_on_name = str(merged.get("fail-on", "warning")).lower()
    wordlist_changes = {name: (list(change.get("add", [])), list(change.get("remove", [])))
                        for name, change in merged.get("wordlists", {}).items()}
    return Config(
        root=root, path=path, catalog=catalog, rules=settings,
        include=tuple(merged.get("include", DEFAULT_INCLUDE)),
        # 'exclude' adds to the defaults: listing drafts/ must not start linting .git/ or node_modules/.
        exclude=DEFAULT_EXCLUDE + tuple(merged.get("exclude", ())),
        fail_on=None if fail_on_name == "never" else Severity.parse(fail_on_name),
        unsafe_fixes=bool(merged.get("unsafe-fixes", False)),
        overrides=overrides, wordlist_changes=wordlist_changes,
        max_file_size=int(merged.get("max-file-size", DEFAULT_MAX_FILE_SIZE)),
        language_model=merged.get("language-model") or None,
        template=Path(merged["template"]) if merged.get("template") else None,
    )


def _spec(key: str, spec: dict[str, Any]) -> SectionSpec:
    title = spec.get("title") or key.replace("-", " ").title()
    return SectionSpec(key=key, title=title, aliases=tuple(spec.get("aliases", ())),
                       required=bool(spec.get("required", True)), evidence=tuple(spec.get("evidence", ())),
                       part_of=spec.get("part-of") or None)


def _apply_rule_changes(setting: RuleSetting, changes: Mapping[str, Any]) -> RuleSetting:
    options = dict(setting.options)
    for key, value in changes.items():
        if key not in _RULE_KEYS:
            options[key] = value
    severity = Severity.parse(changes["severity"]) if "severity" in changes else setting.severity
    return RuleSetting(bool(changes.get("enabled", setting.enabled)), severity, options)


def _expand_rule_patterns(patterns: Iterable[str], rules: Mapping[str, RuleMeta], option: str) -> set[str]:
    codes: set[str] = set()
    for pattern in patterns:
        for item in re.split(r"[\s,]+", pattern):
            if not item:
                continue
            meta = resolve_rule(item, rules)
            if meta is not None:
                codes.add(meta.code)
                continue
            prefixed = {code for code in rules if code.startswith(item.upper())}
            if not prefixed:
                raise ConfigError(f"unknown rule '{item}' (see 'pmlint rules')", key=option)
            codes |= prefixed
    return codes


# -- globs --------------------------------------------------------------------------------------


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(char))
        index += 1
    return re.compile("".join(out) + r"\Z")


_GLOB_CACHE: dict[str, re.Pattern[str]] = {}


def glob_match(pattern: str, relative_path: str) -> bool:
    """Match a POSIX relative path against a glob with ``*``, ``?`` and ``**``.

    A pattern without a slash matches the file name at any depth (``*.md``, like .gitignore).
    As in .gitignore, a trailing slash (``drafts/``) means everything under that directory, and a
    leading ``./`` is the directory of the configuration.
    """
    if pattern.startswith("./"):
        pattern = pattern[2:]
    anywhere = "/" not in pattern.rstrip("/")
    if pattern.endswith("/"):
        pattern = pattern.rstrip("/") + "/**"
    if anywhere:
        pattern = "**/" + pattern
    regex = _GLOB_CACHE.get(pattern)
    if regex is None:
        regex = _GLOB_CACHE[pattern] = _glob_regex(pattern.lstrip("/"))
    return bool(regex.match(relative_path))


def _relative(path: Path, root: Path) -> str | None:
    try:
        resolved = path.resolve()
    except RuntimeError:  # a symbolic link loop (Python < 3.13): resolve what can be, as 3.13 does
        import os.path

        resolved = Path(os.path.realpath(path))
    try:
        return PurePosixPath(resolved.relative_to(root).as_posix()).as_posix()
    except ValueError:
        return None
