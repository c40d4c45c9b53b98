"""What a run uses: the resolved configuration (Config, RuleSetting, Override) and its defaults and limits.

A configuration is ``.pmlint.yaml`` / ``.pmlint.yml`` or the ``[tool.pmlint]`` table of
``pyproject.toml``, found by walking up from the linted file (pmlint.config.discovery). Every
configuration extends a preset (``default`` unless it says otherwise) or another file; the layers
are read (pmlint.config.parsing), validated each on its own so an error names the file, line and key
where it was written (pmlint.config.validation), and merged into a Config (pmlint.config.loading).
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from pmlint.language import wordlists as wordlist_store
from pmlint.model import Severity
from pmlint.reading.sections import Catalog

if TYPE_CHECKING:
    from pmlint.config.globs import GlobSet

CONFIG_FILES = (".pmlint.yaml", ".pmlint.yml")
DEFAULT_PRESET = "default"
DEFAULT_INCLUDE = ("**/*.md", "**/*.markdown")
DEFAULT_EXCLUDE = ("**/.git/**", "**/node_modules/**", "**/.venv/**", "**/venv/**", "**/.tox/**",
                   "**/site-packages/**", "**/_build/**")
DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024
# Files are read whole (up to the limit) and linted in memory: 1e20 bytes is not a limit but an overflow.
MAX_FILE_SIZE_LIMIT = 1024 * 1024 * 1024
FAIL_ON_CHOICES = ("error", "warning", "info", "never")

RULE_KEYS = {"enabled", "severity"}


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
    # --extend-select: rules turned on in addition to the configuration's (per-path overrides still apply).
    cli_extend_select: frozenset[str] = frozenset()

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
        for code in self.cli_extend_select:
            if not settings[code].enabled:
                settings[code] = RuleSetting(True, settings[code].severity, settings[code].options)
        for override in self.overrides:
            relative = _relative(path, override.base) if path is not None else None
            if relative is None or not _glob_set(override.files).matches(relative):
                continue
            for code, changes in override.rules.items():
                settings[code] = apply_rule_changes(settings[code], changes)
        for code, setting in settings.items():
            # A rule of --extend-select is on unless an override turned it off, with --select too.
            enabled = setting.enabled if self.cli_select is None else (
                code in self.cli_select or (code in self.cli_extend_select and setting.enabled))
            if enabled != setting.enabled or code in self.cli_ignore:
                settings[code] = RuleSetting(enabled and code not in self.cli_ignore, setting.severity, setting.options)
        return settings

    def is_excluded(self, path: Path) -> bool:
        relative = _relative(path, self.root)
        if relative is None:
            relative = path.as_posix()
        return _glob_set(self.exclude).matches(relative)

    def excludes_directory(self, path: Path) -> bool:
        """Whether a directory walk skips this directory (see GlobSet.excludes_directory)."""
        relative = _relative(path, self.root)
        if relative is None:
            relative = path.as_posix()
        return _glob_set(self.exclude).excludes_directory(relative)

    def is_included(self, path: Path) -> bool:
        relative = _relative(path, self.root) or path.name
        return _glob_set(self.include).matches(relative)


def apply_rule_changes(setting: RuleSetting, changes: Mapping[str, Any]) -> RuleSetting:
    options = dict(setting.options)
    for key, value in changes.items():
        if key not in RULE_KEYS:
            options[key] = value
    severity = Severity.parse(changes["severity"]) if "severity" in changes else setting.severity
    return RuleSetting(bool(changes.get("enabled", setting.enabled)), severity, options)


# -- globs --------------------------------------------------------------------------------------


def _glob_set(patterns: tuple[str, ...]) -> GlobSet:
    # A run on named files matches no glob: the module is not imported for it.
    from pmlint.config.globs import glob_set

    return glob_set(patterns)


def glob_match(pattern: str, relative_path: str) -> bool:
    """Whether a POSIX path relative to the configuration's directory matches one glob (pmlint.config.globs:
    .gitignore's syntax and semantics, brace alternatives, matched in linear time)."""
    return _glob_set((pattern,)).matches(relative_path)


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
