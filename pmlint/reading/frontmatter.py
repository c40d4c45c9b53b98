"""Front matter: a YAML block between ``---`` lines or a TOML block between ``+++`` lines at the top."""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Any

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

_FENCES = {"---": ("yaml", ("---", "...")), "+++": ("toml", ("+++",))}
_TOML_AT = re.compile(r"\(at line (\d+), column \d+\)")
# libyaml's parser (same grammar, same constructor, about 7 times faster) is used for front matter up
# to this size. Its composer recurses in C without a depth limit: tens of thousands of nested "["
# overflow the C stack and kill the process, where the pure-Python loader raises RecursionError.
# Every nesting level takes at least one character, so a short block cannot nest that deep
# (20,000 levels were seen to load safely).
_LIBYAML_MAX_CHARS = 10_000
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


@dataclass(frozen=True)
class FrontMatter:
    """The parsed block; ``error`` is set (and ``data`` empty) when it could not be parsed."""

    kind: str
    data: dict[str, Any]
    first_line: int  # 0-based line of the opening fence
    last_line: int  # 0-based line of the closing fence
    error: str | None = None
    error_line: int | None = None  # 0-based


def split_front_matter(lines: list[str]) -> FrontMatter | None:
    """Find and parse front matter at the very start of the document, if any."""
    if not lines:
        return None
    opening = lines[0].rstrip()
    if opening not in _FENCES:
        return None
    kind, closers = _FENCES[opening]
    for index in range(1, len(lines)):
        if lines[index].rstrip() in closers:
            body = "\n".join(lines[1:index])
            return _parse(kind, body, index)
    return None


def _parse(kind: str, body: str, closing_line: int) -> FrontMatter:
    try:
        data = _load_yaml(body) if kind == "yaml" else tomllib.loads(body)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = 1 + mark.line if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return FrontMatter(kind, {}, 0, closing_line, f"invalid YAML: {problem}", line)
    except tomllib.TOMLDecodeError as error:
        line = _toml_error_line(error, body)
        message = str(error).split(" (at ")[0]
        return FrontMatter(kind, {}, 0, closing_line, f"invalid TOML: {message}", line)
    except (ValueError, OverflowError) as error:
        # Front matter that parses but holds an impossible value: the YAML date 2026-13-45, or an
        # integer of more digits than Python converts (in YAML or TOML).
        if kind == "toml":
            return FrontMatter(kind, {}, 0, closing_line, f"invalid TOML value: {error}", _long_number_line(body))
        return FrontMatter(kind, {}, 0, closing_line, f"invalid YAML value: {error}", _bad_value_line(body))
    except RecursionError:
        return FrontMatter(kind, {}, 0, closing_line, f"invalid {kind.upper()}: nested too deeply", 1)
    if data is None:
        data = {}
    problem = _shape_problem(data)
    if problem is not None:
        return FrontMatter(kind, {}, 0, closing_line, f"front matter refused: {problem}", 1)
    if not isinstance(data, dict):
        return FrontMatter(kind, {}, 0, closing_line,
                           f"front matter must be a mapping of keys to values, not a {type(data).__name__}", 1)
    return FrontMatter(kind, {str(key): value for key, value in data.items()}, 0, closing_line)


def _load_yaml(body: str) -> Any:
    if _FAST_LOADER is not None and len(body) <= _LIBYAML_MAX_CHARS:
        try:
            return yaml.load(body, Loader=_FAST_LOADER)  # noqa: S506 - CSafeLoader is the safe loader
        except yaml.YAMLError:
            pass  # the pure-Python loader says what is wrong, and where, in its own words
    return yaml.safe_load(body)


# Values a front matter may hold, counted through YAML aliases: a real one has tens.
_MAX_VALUES = 10_000


def _shape_problem(data: object) -> str | None:
    """Why a loaded front matter cannot be walked safely, or None.

    YAML aliases can make a list contain itself (``a: &x [*x]``), which would send every walk of
    the values into endless recursion, or nest aliases of aliases into billions of values (the
    "billion laughs"), which no walk finishes. Both are refused here, before any rule reads them.
    """
    if _flat(data):
        return None
    seen_on_path: set[int] = set()
    count = 0

    def visit(value: object) -> str | None:
        nonlocal count
        count += 1
        if count > _MAX_VALUES:
            return f"more than {_MAX_VALUES:,} values (aliases expanding without end?)"
        if not isinstance(value, (list, dict)):
            return None
        if id(value) in seen_on_path:
            return "a value contains itself through an alias"
        seen_on_path.add(id(value))
        children = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in children:
            problem = visit(key) or visit(child)
            if problem:
                return problem
        seen_on_path.discard(id(value))
        return None

    try:
        return visit(data)
    except RecursionError:
        return "nested too deeply"


def _flat(data: object) -> bool:
    """Whether ``data`` is a mapping of scalars and lists of scalars with at most ``_MAX_VALUES`` values
    (counted as ``_shape_problem`` counts them: the mapping, each key and value, each list item and its
    index), where its walk finds no problem: no container holds another, so none holds itself. Most
    front matter is one."""
    if not isinstance(data, dict):
        return False
    count = 1 + 2 * len(data)
    for value in data.values():
        if isinstance(value, list):
            if any(isinstance(item, (list, dict)) for item in value):
                return False
            count += 2 * len(value)
        elif isinstance(value, dict):
            return False
    return count <= _MAX_VALUES


def _toml_error_line(error: tomllib.TOMLDecodeError, body: str) -> int:
    """0-based document line of a TOML error.

    tomllib gives a 1-based line of the body, which is the 0-based document line because the
    opening fence is line 0. Before Python 3.14 the line is only in the message, and errors "at
    end of document" have none: they point at the last line of the body.
    """
    line = getattr(error, "lineno", None)
    if line is None:
        match = _TOML_AT.search(str(error))
        line = int(match.group(1)) if match else body.count("\n") + 1
    return int(line)


# A run of digits (TOML allows "_" between them); one longer than Python converts by default
# (sys.get_int_max_str_digits(): 4300) is the value tomllib refused.
_DIGITS = re.compile(r"[0-9_]+")
_MAX_DIGITS = 4300


def _long_number_line(body: str) -> int:
    """1-based body line of the first integer too long to convert (the one error tomllib does not
    locate), or 1."""
    for match in _DIGITS.finditer(body):
        if len(match.group()) - match.group().count("_") > _MAX_DIGITS:
            return body.count("\n", 0, match.start()) + 1
    return 1


def _bad_value_line(body: str) -> int:
    """1-based body line of the first scalar YAML cannot construct (the parse itself succeeded)."""
    constructor = yaml.SafeLoader("")
    stack = [yaml.compose(body, Loader=yaml.SafeLoader)]
    while stack:
        node = stack.pop(0)
        if isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node, deep=True)
            except (ValueError, OverflowError, yaml.YAMLError):
                return node.start_mark.line + 1
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return 1
