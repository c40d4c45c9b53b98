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
import stat
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from pmlint.errors import ConfigError
from pmlint.config.globs import GlobError, compile_glob, glob_set
from pmlint.model import Severity
from pmlint.resources import preset_names, preset_path
from pmlint.ruledefs import RuleMeta, resolve_rule
from pmlint.reading.sections import Catalog, SectionSpec
from pmlint.language import pipeline as language
from pmlint import patterns
from pmlint.language import wordlists as wordlist_store

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
# Files are read whole (up to the limit) and linted in memory: 1e20 bytes is not a limit but an overflow.
MAX_FILE_SIZE_LIMIT = 1024 * 1024 * 1024
FAIL_ON_CHOICES = ("error", "warning", "info", "never")

_TOP_KEYS = {"extends", "include", "exclude", "fail-on", "sections", "summary", "rules", "overrides",
             "wordlists", "max-file-size", "language-model", "template", "unsafe-fixes",
             "force-exclude"}
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
    # Whether include/exclude apply to files named on the command line too (--force-exclude /
    # --no-force-exclude win): for a repository whose hook or editor names files one by one.
    force_exclude: bool = False
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
            if relative is None or not glob_set(override.files).matches(relative):
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
        return glob_set(self.exclude).matches(relative)

    def excludes_directory(self, path: Path) -> bool:
        """Whether a directory walk skips this directory (see GlobSet.excludes_directory)."""
        relative = _relative(path, self.root)
        if relative is None:
            relative = path.as_posix()
        return glob_set(self.exclude).excludes_directory(relative)

    def is_included(self, path: Path) -> bool:
        relative = _relative(path, self.root) or path.name
        return glob_set(self.include).matches(relative)


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
    """Whether a pyproject.toml holds pmlint's configuration.

    A pyproject.toml that does not mention ``[tool.pmlint]`` belongs to something else: it is not
    parsed at all, so a broken one (or one with a 5,000-digit number) above a docs tree does not
    stop discovery. One that does mention it but cannot be parsed is the configuration, broken:
    it is returned, and loading it reports where it is broken (exit 2), instead of being skipped
    silently.
    """
    label = str(path)
    try:
        text = _read_config_text(path, label)
    except ConfigError:
        return False  # unreadable: nothing shows it is meant for pmlint
    if "pmlint" not in text:
        return False
    try:
        data = _parse_toml(text, label)
    except ConfigError:
        return _mentions_pmlint_table(text)
    return isinstance(data.get("tool"), dict) and "pmlint" in data["tool"]


_TOML_HEADER = re.compile(r"""^\[\[?\s*((?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'))*)\s*\]""")
_TOML_KEY = re.compile(r"""^((?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')(?:[ \t]*\.[ \t]*(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'))*)[ \t]*=""")


_TOML_KEY_PART = re.compile(r"""[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'""")


def _toml_key_parts(key: str) -> list[str]:
    """The first two parts of a dotted TOML key, unquoted (all this check needs)."""
    parts = []
    for match in _TOML_KEY_PART.finditer(key):
        parts.append(match.group().strip("\"'"))
        if len(parts) == 2:
            break
    return parts


def _mentions_pmlint_table(text: str) -> bool:
    """Whether a TOML text that does not parse has a ``[tool.pmlint...]`` header or a ``tool.pmlint``
    key (at the top or in ``[tool]``), judged line by line."""
    table: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        header = _TOML_HEADER.match(line)
        if header:
            table = _toml_key_parts(header.group(1))
            if table[:2] == ["tool", "pmlint"]:
                return True
            continue
        key = _TOML_KEY.match(line)
        if key and (table + _toml_key_parts(key.group(1)))[:2] == ["tool", "pmlint"]:
            return True
    return False


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
    # Reached through 'extends': errors about it must not echo its content (it may be any file).
    extended: bool = False


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
            layer = _read_file(where, extended=bool(chain))
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


def _read_file(path: Path, extended: bool = False) -> _Layer:
    """One config file as a layer. ``extended``: reached through another file's ``extends``, which may
    name any file on the machine, so no error about it echoes the file's content (only its position)."""
    label = str(path)
    text = _read_config_text(path, label)
    if path.name == "pyproject.toml":
        data = _pyproject_table(text, label, extended)
        lines: dict[tuple[str, ...], int] = {}
    else:
        node, data = _load_yaml(text, label, extended)
        lines = _key_lines(node) if node is not None else {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the configuration must be a mapping of keys to values", file=label)
    layer = _Layer(origin=label, data=data, base=path.parent.resolve(), extended=extended)
    layer.lines = lines
    return layer


def _read_config_text(path: Path, label: str) -> str:
    try:
        # A FIFO or device named as a config would block the read or never end it.
        if not stat.S_ISREG(path.stat().st_mode):
            raise ConfigError("cannot read config file: not a regular file", file=label)
        with path.open("rb") as handle:
            data = handle.read(MAX_CONFIG_SIZE + 1)
    except OSError as error:
        raise ConfigError(f"cannot read config file: {error.strerror or error}", file=label) from None
    if len(data) > MAX_CONFIG_SIZE:
        raise ConfigError(f"config file is larger than {MAX_CONFIG_SIZE:,} bytes", file=label)
    try:
        text = data.decode("utf-8-sig")  # editors on Windows may add a BOM
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ConfigError(f"cannot read config file: invalid UTF-8 (byte offset {error.start})", file=label,
                          line=line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")  # as text-mode reading did


# -- YAML: bounded before anything walks it -----------------------------------------------------

# A configuration is a few hundred values, a few levels deep. These limits are far above any real
# one and keep a hostile file (aliases that expand to billions of values, 5,000 nested brackets)
# from exhausting memory, time or the interpreter's stack.
MAX_CONFIG_SIZE = 1024 * 1024
MAX_CONFIG_DEPTH = 64
MAX_CONFIG_VALUES = 100_000


class _ConfigLoader(yaml.SafeLoader):
    """PyYAML's safe loader with a nesting limit while composing, and construction errors (a date
    that does not exist, an integer of 5,000 digits) reported at their line instead of raised as
    Python errors."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        self._depth += 1
        try:
            if self._depth > MAX_CONFIG_DEPTH:
                raise yaml.composer.ComposerError(None, None, f"nested deeper than {MAX_CONFIG_DEPTH} levels",
                                                  self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            return super().construct_yaml_int(node)
        except (ValueError, OverflowError):
            raise yaml.constructor.ConstructorError(None, None, "not a usable integer (too many digits)",
                                                    node.start_mark) from None

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise yaml.constructor.ConstructorError(None, None, "not a valid date or time", node.start_mark) from None


_ConfigLoader.add_constructor("tag:yaml.org,2002:int", _ConfigLoader.construct_yaml_int)
_ConfigLoader.add_constructor("tag:yaml.org,2002:timestamp", _ConfigLoader.construct_yaml_timestamp)


def _load_yaml(text: str, label: str, extended: bool) -> tuple[yaml.Node | None, Any]:
    """The composed node tree (for key lines) and the constructed data of one YAML config."""
    loader = _ConfigLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_node_graph(node, label, extended)
        return node, loader.construct_document(node)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "cannot parse"
        if extended:
            # The file 'extends' names may be any file (/etc/shadow): say where, never what.
            problem = "cannot parse"
        raise ConfigError(f"invalid YAML: {problem}", file=label,
                          line=mark.line + 1 if mark is not None else None) from None
    finally:
        loader.dispose()


def _check_node_graph(root: yaml.Node, label: str, extended: bool = False) -> None:
    """Refuse what would make walking the configuration explode, before anything walks it: an alias
    inside the value it names (a cycle), aliases that expand to more than MAX_CONFIG_VALUES values
    ("billion laughs") or deeper than MAX_CONFIG_DEPTH levels, and a key written twice in one mapping.

    Aliases make the tree a graph whose nodes are shared; each node is measured once (its expanded
    size and height are remembered), so this takes time linear in the file, not in the expansion.
    """
    sizes: dict[int, int] = {}
    heights: dict[int, int] = {}
    open_nodes: set[int] = set()

    def fail(node: yaml.Node, message: str) -> ConfigError:
        return ConfigError(message, file=label, line=node.start_mark.line + 1)

    def measure(node: yaml.Node, depth: int, path: tuple[str, ...]) -> None:
        key = id(node)
        if key in open_nodes:
            raise fail(node, "an alias refers to a value that contains it (a cycle)")
        if key in sizes:
            if depth + heights[key] > MAX_CONFIG_DEPTH:
                raise fail(node, f"aliases nest this configuration deeper than {MAX_CONFIG_DEPTH} levels")
            return
        if depth > MAX_CONFIG_DEPTH:
            raise fail(node, f"aliases nest this configuration deeper than {MAX_CONFIG_DEPTH} levels")
        children: list[tuple[yaml.Node, tuple[str, ...]]] = []
        if isinstance(node, yaml.MappingNode):
            seen: dict[tuple[str, str], yaml.Node] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                    identity = (key_node.tag, key_node.value)
                    if identity in seen:
                        first = seen[identity].start_mark.line + 1
                        raise ConfigError(f"duplicate key (first written on line {first})", file=label,
                                          line=key_node.start_mark.line + 1,
                                          key=None if extended else ".".join((*path, str(key_node.value))))
                    seen[identity] = key_node
                children.append((key_node, path))
                children.append((value_node, (*path, str(key_node.value))))
        elif isinstance(node, yaml.SequenceNode):
            children = [(item, (*path, str(index))) for index, item in enumerate(node.value)]
        open_nodes.add(key)
        size, height = 1, 0
        for child, child_path in children:
            measure(child, depth + 1, child_path)
            size += sizes[id(child)]
            height = max(height, heights[id(child)] + 1)
            if size > MAX_CONFIG_VALUES:
                raise fail(node, f"aliases expand this configuration to more than {MAX_CONFIG_VALUES:,} values")
        open_nodes.discard(key)
        sizes[key], heights[key] = size, height

    measure(root, 0, ())


# -- pyproject.toml -----------------------------------------------------------------------------

_TOML_POSITION = re.compile(r" \(at line (\d+), column \d+\)$")
_NUMBER = re.compile(r"[0-9][0-9_]*")


def _parse_toml(text: str, label: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise ConfigError("invalid TOML: nested too deeply", file=label) from None
    except ValueError as error:  # TOMLDecodeError, or an integer beyond Python's digit limit
        message = str(error)
        position = _TOML_POSITION.search(message)
        if position is not None:
            raise ConfigError(f"invalid TOML: {message[:position.start()]}", file=label,
                              line=int(position.group(1))) from None
        long_number = next((number for number in _NUMBER.finditer(text) if len(number.group()) > 4000), None)
        line = text.count("\n", 0, long_number.start()) + 1 if long_number else None
        raise ConfigError("invalid TOML: a number with too many digits", file=label, line=line) from None
    _check_depth(data, label)
    return data


def _check_depth(data: Any, label: str) -> None:
    """TOML has no aliases, but arrays nested a few hundred deep would overflow the stack of
    whatever walks them later (deepcopy, validation)."""
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_CONFIG_DEPTH:
            raise ConfigError(f"nested deeper than {MAX_CONFIG_DEPTH} levels", file=label)
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def _pyproject_table(text: str, label: str, extended: bool) -> Any:
    """The ``[tool.pmlint]`` table of a pyproject.toml (None when it has none)."""
    data = _parse_toml(text, label)
    tool = data.get("tool")
    if tool is None:
        return None
    if not isinstance(tool, dict):
        raise ConfigError("must be a table (pmlint reads [tool.pmlint] from it)", file=label,
                          line=_toml_tool_line(text), key="tool")
    table = tool.get("pmlint")
    if table is not None and not isinstance(table, dict):
        raise ConfigError("the configuration must be a table of keys to values", file=label, key="tool.pmlint")
    return table


_TOML_TOOL_KEY = re.compile(r"(?m)^[ \t]*tool[ \t]*=")


def _toml_tool_line(text: str) -> int | None:
    match = _TOML_TOOL_KEY.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


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


_PLAIN_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}")


class _Validator:
    def __init__(self, layer: _Layer, rules: Mapping[str, RuleMeta]) -> None:
        self.layer = layer
        self.rules = rules

    def fail(self, path: tuple[str, ...], message: str) -> ConfigError:
        key: str | None = ".".join(path)
        if self.layer.extended and not all(_PLAIN_KEY.fullmatch(part) for part in path):
            # 'extends' may name any file (extends: /etc/shadow reads its first line as a key): a key
            # that does not look like a configuration's is not echoed; its line says where it is.
            key = None
            message = f"{message}; the key is not shown, as this extended file does not look like a pmlint configuration"
        return ConfigError(message, file=self.layer.origin, line=_line_of(self.layer, path), key=key)

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


def _validate_layer(layer: _Layer, rules: Mapping[str, RuleMeta]) -> None:
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
        force_exclude=bool(merged.get("force-exclude", False)),
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


def glob_match(pattern: str, relative_path: str) -> bool:
    """Whether a POSIX path relative to the configuration's directory matches one glob (pmlint.config.globs:
    .gitignore's syntax and semantics, brace alternatives, matched in linear time)."""
    return glob_set((pattern,)).matches(relative_path)


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
