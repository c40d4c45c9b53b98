"""Reading one config file's text safely into a Layer: size, depth and value limits, YAML and TOML, key lines.

A file reached through ``extends`` may be any file on the machine: an error about it says where, never what.
"""
from __future__ import annotations

import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pmlint.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass
class Layer:
    """One configuration source, validated on its own."""

    origin: str  # a path or "preset NAME", for messages
    data: dict[str, Any]
    base: Path  # directory for relative paths in it
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)  # line of each key path, for messages
    # Reached through 'extends': errors about it must not echo its content (it may be any file).
    extended: bool = False
    # Problems found while reading that do not stop it (a key written twice), reported with validation's.
    problems: list[ConfigError] = field(default_factory=list)
    # Shipped with pmlint (a preset): its regular expressions are checked by tests, not at every start.
    trusted: bool = False
    # The text whose key lines are not read yet: read_preset_layer leaves them until line_of needs one.
    unread_lines: str | None = None


def read_layer(path: Path, extended: bool = False) -> Layer:
    """One config file as a layer. ``extended``: reached through another file's ``extends``, which may
    name any file on the machine, so no error about it echoes the file's content (only its position)."""
    label = str(path)
    text = read_config_text(path, label)
    if path.name == "pyproject.toml":
        data = _pyproject_table(text, label, extended)
        lines: dict[tuple[str, ...], int] = {}
        problems: list[ConfigError] = []
    else:
        node, data, problems = _load_yaml(text, label, extended)
        lines = _key_lines(node) if node is not None else {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the configuration must be a mapping of keys to values", file=label)
    layer = Layer(origin=label, data=data, base=path.parent.resolve(), extended=extended, problems=problems)
    layer.lines = lines
    return layer


# A preset is read at every start (issue 19): with libyaml when PyYAML has it, about ten times faster
# than the pure-Python loader, and without the key lines, which only a message about it would need
# (tests/test_patterns.py checks that every preset reads to the same data and lines both ways).
_PRESET_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_preset_layer(path: Path) -> Layer:
    """A preset shipped with pmlint as a trusted layer; its key lines are read if line_of asks for one."""
    label = str(path)
    text = read_config_text(path, label)
    data = yaml.load(text, Loader=_PRESET_LOADER)
    if not isinstance(data, dict):
        raise ConfigError("the configuration must be a mapping of keys to values", file=label)
    return Layer(origin=label, data=data, base=path.parent.resolve(), trusted=True, unread_lines=text)


def read_config_text(path: Path, label: str) -> str:
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


def _load_yaml(text: str, label: str, extended: bool) -> tuple[yaml.Node | None, Any, list[ConfigError]]:
    """The composed node tree (for key lines), the constructed data of one YAML config and the keys
    written twice in it (the later value is read; validation reports them with its own problems)."""
    loader = _ConfigLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None, []
        duplicates = _check_node_graph(node, label, extended)
        return node, loader.construct_document(node), duplicates
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


def _check_node_graph(root: yaml.Node, label: str, extended: bool = False) -> list[ConfigError]:
    """Refuse what would make walking the configuration explode, before anything walks it: an alias
    inside the value it names (a cycle), aliases that expand to more than MAX_CONFIG_VALUES values
    ("billion laughs") or deeper than MAX_CONFIG_DEPTH levels. Return each key written twice in one
    mapping, as a problem to report (reading goes on).

    Aliases make the tree a graph whose nodes are shared; each node is measured once (its expanded
    size and height are remembered), so this takes time linear in the file, not in the expansion.
    """
    sizes: dict[int, int] = {}
    heights: dict[int, int] = {}
    open_nodes: set[int] = set()
    duplicates: list[ConfigError] = []

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
                        duplicates.append(ConfigError(f"duplicate key (first written on line {first})", file=label,
                                                      line=key_node.start_mark.line + 1,
                                                      key=None if extended else ".".join((*path, str(key_node.value)))))
                    else:
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
    return duplicates


# -- pyproject.toml -----------------------------------------------------------------------------

_TOML_POSITION = re.compile(r" \(at line (\d+), column \d+\)$")
_NUMBER = re.compile(r"[0-9][0-9_]*")


def parse_toml(text: str, label: str) -> dict[str, Any]:
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
    data = parse_toml(text, label)
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


def line_of(layer: Layer, path: tuple[str, ...]) -> int | None:
    if layer.unread_lines is not None:
        node, _, _ = _load_yaml(layer.unread_lines, layer.origin, layer.extended)
        layer.lines = _key_lines(node) if node is not None else {}
        layer.unread_lines = None
    return layer.lines.get(path)
