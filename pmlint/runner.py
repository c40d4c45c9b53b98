"""Running pmlint over paths: discovering files, reading them safely, collecting findings and errors."""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pmlint.config import ConfigCache
from pmlint.engine import Engine
from pmlint.errors import InputError, PmlintError
from pmlint.model import Finding, Severity
from pmlint.source import decode

STDIN = "-"


@dataclass
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[PmlintError] = field(default_factory=list)
    files: int = 0
    # Fail-on threshold of the configuration that applied to each file (None: never fail).
    thresholds: dict[str, Severity | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    display: str  # the path as shown in findings
    path: Path | None  # None for stdin


def discover(paths: list[str], cache: ConfigCache, errors: list[PmlintError]) -> Iterator[Target]:
    """Files to lint, in a stable order. Directories are walked for included, non-excluded files."""
    seen: set[str] = set()
    for argument in paths:
        if argument == STDIN:
            # stdin can be read only once; a second '-' would lint the same text again.
            if STDIN not in seen:
                seen.add(STDIN)
                yield Target(STDIN, None)
            continue
        path = Path(argument)
        if path.is_dir():
            known_errors = len(errors)
            found = sorted(_walk(path, cache, errors))
            if not found and len(errors) == known_errors:
                errors.append(InputError("no Markdown files found in this directory (looked for "
                                         + ", ".join(cache.for_directory(path).include) + ")", file=argument))
            for file in found:
                if file.as_posix() not in seen:
                    seen.add(file.as_posix())
                    yield Target(file.as_posix(), file)
        elif path.exists() or path.is_symlink():
            if path.as_posix() not in seen:
                seen.add(path.as_posix())
                yield Target(path.as_posix(), path)
        else:
            errors.append(InputError("no such file or directory", file=argument))


def _walk(root: Path, cache: ConfigCache, errors: list[PmlintError]) -> Iterator[Path]:
    for directory, subdirectories, files in os.walk(root):
        base = Path(directory)
        try:
            config = cache.for_directory(base)
        except PmlintError as error:
            # A broken config below the root must not stop the rest of the tree from being linted.
            _add_error(errors, error)
            subdirectories[:] = []
            continue
        # A directory is excluded by a pattern naming it ("drafts", like .gitignore) or its contents.
        subdirectories[:] = sorted(name for name in subdirectories
                                   if not config.is_excluded(base / name)
                                   and not config.is_excluded(base / name / "_"))
        for name in files:
            candidate = base / name
            if config.is_included(candidate) and not config.is_excluded(candidate) and candidate.is_file():
                yield candidate


def _add_error(errors: list[PmlintError], error: PmlintError) -> None:
    # The config cache raises the same error object for every file under a broken config: report it once.
    if not any(error is known for known in errors):
        errors.append(error)


def lint_paths(engine: Engine, cache: ConfigCache, paths: list[str], stdin_bytes: bytes | None = None,
               stdin_filename: str | None = None) -> RunResult:
    result = RunResult()
    for target in discover(paths, cache, result.errors):
        if target.path is None:
            display = stdin_filename or "<stdin>"
            config_path = Path(stdin_filename) if stdin_filename else None
            directory = config_path.parent if config_path else Path.cwd()
            data = stdin_bytes or b""
        else:
            display, config_path, directory = target.display, target.path, target.path.parent
            data = None
        try:
            config = cache.for_directory(directory)
            if data is None:
                assert target.path is not None
                data = _read(target.path, config.max_file_size)
            elif len(data) > config.max_file_size:
                raise InputError(_too_large(len(data), config.max_file_size), file=display)
            source = decode(display, data)
            findings = engine.lint(source, config, config_path)
        except PmlintError as error:
            if error.file is None:
                error.file = display
            _add_error(result.errors, error)
            continue
        result.files += 1
        result.findings.extend(findings)
        result.thresholds[display] = config.fail_on
    # Each file's findings are sorted; the whole run must be too, whatever order the paths came in.
    result.findings.sort(key=Finding.sort_key)
    return result


def _read(path: Path, limit: int) -> bytes:
    label = path.as_posix()
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(_too_large(size, limit), file=label)
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except PermissionError:
        raise InputError("permission denied", file=label) from None
    except IsADirectoryError:
        raise InputError("is a directory", file=label) from None
    except OSError as error:
        raise InputError(f"cannot read file: {error.strerror or error}", file=label) from None


def _too_large(size: int, limit: int) -> str:
    return (f"file is too large to lint ({size:,} bytes; the limit is {limit:,}, "
            "set by 'max-file-size' in the configuration)")
