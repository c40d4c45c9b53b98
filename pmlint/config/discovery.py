"""Finding the configuration for a directory: the nearest config file or ``[tool.pmlint]``, cached per run."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from pmlint.config.loading import load_config
from pmlint.config.parsing import parse_toml, read_config_text
from pmlint.config.settings import CONFIG_FILES, Config
from pmlint.errors import ConfigError
from pmlint.ruledefs import RuleMeta, resolve_rule, suggest_rule


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
        text = read_config_text(path, label)
    except ConfigError:
        return False  # unreadable: nothing shows it is meant for pmlint
    if "pmlint" not in text:
        return False
    try:
        data = parse_toml(text, label)
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
                 select: Iterable[str] = (), ignore: Iterable[str] = (), extend_select: Iterable[str] = ()) -> None:
        self.rules = rules
        self.explicit = explicit
        # Expanded now so a typo in --select/--ignore/--extend-select is reported before any file is read.
        self.select = frozenset(_expand_rule_patterns(select, rules, "--select")) or None
        self.ignore = frozenset(_expand_rule_patterns(ignore, rules, "--ignore"))
        self.extend_select = frozenset(_expand_rule_patterns(extend_select, rules, "--extend-select"))
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
                config.cli_extend_select = self.extend_select
                self._by_file[path] = config
            self._by_directory[directory] = self._by_file[path]
        return self._by_directory[directory]

    def all_configs(self) -> list[Config]:
        return list(self._by_file.values())


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
                raise ConfigError(f"unknown rule '{item}'{suggest_rule(item, rules)} (see 'pmlint rules')", key=option)
            codes |= prefixed
    return codes

