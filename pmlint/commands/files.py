"""Which files a run lints, and reading each one safely.

Discovery by include/exclude, one name per real file, only regular files, size limits."""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pmlint.config.discovery import ConfigCache
from pmlint.config.settings import Config
from pmlint.errors import InputError, PmlintError, file_kind

STDIN = "-"


@dataclass(frozen=True)
class Target:
    display: str  # the path as shown in findings
    path: Path | None  # None for stdin


def discover(paths: list[str], cache: ConfigCache, errors: list[PmlintError],
             force_exclude: bool | None = False) -> Iterator[Target]:
    """Files to lint, in a stable order. Directories are walked for included, non-excluded files.

    Each real file is linted once, whatever names lead to it: a symbolic link and its target, two
    hard links or one file named twice are one file (the first name met; in a walked directory the
    name that is not a symbolic link). Only regular files are read: a FIFO or a device named on the
    command line is an error, never opened. With ``force_exclude`` the configuration's include and
    exclude apply to files and directories named on the command line too; with None, where the
    configuration of the named path says so (``force-exclude: true``).
    """
    seen: set[tuple[int, int]] = set()  # (st_dev, st_ino) of every file yielded
    stdin_seen = False
    for argument in paths:
        if argument == STDIN:
            # stdin can be read only once; a second '-' would lint the same text again.
            if not stdin_seen:
                stdin_seen = True
                yield Target(STDIN, None)
            continue
        path = Path(argument)
        try:
            info = os.stat(path)
        except OSError as error:
            errors.append(InputError(_access_problem(path, error), file=argument))
            continue
        if stat.S_ISDIR(info.st_mode):
            if forced(path, cache, force_exclude) and not _named_directory_selected(path, cache, errors):
                continue
            known_errors = len(errors)
            found = _walk(path, cache, errors)
            if not found and len(errors) == known_errors:
                errors.append(InputError("no Markdown files found in this directory (looked for "
                                         + ", ".join(cache.for_directory(path).include) + ")", file=argument))
            for file, identity in found:
                if identity not in seen:
                    seen.add(identity)
                    yield Target(file.as_posix(), file)
        elif not stat.S_ISREG(info.st_mode):
            errors.append(InputError(f"not a regular file ({file_kind(info.st_mode)}); pmlint reads Markdown "
                                     "files and '-' (stdin)", file=argument))
        elif forced(path.parent, cache, force_exclude) and not named_file_selected(path, cache, errors):
            continue
        elif (info.st_dev, info.st_ino) not in seen:
            seen.add((info.st_dev, info.st_ino))
            yield Target(path.as_posix(), path)


def _access_problem(path: Path, error: OSError) -> str:
    """Why a path (named, or met in a walk) cannot be linted, for a message."""
    if error.errno == errno.ENOENT:
        return "broken symbolic link (its target does not exist)" if os.path.islink(path) \
            else "no such file or directory"
    if error.errno == errno.ELOOP:
        return "too many levels of symbolic links (a symbolic link loop)"
    if error.errno == errno.ENAMETOOLONG:
        return "file name too long"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (a directory on its path cannot be searched)"
    if error.errno == errno.ENOTDIR:
        return "no such file or directory (a part of the path is not a directory)"
    return f"cannot access: {error.strerror or error}"


def forced(directory: Path, cache: ConfigCache, force_exclude: bool | None) -> bool:
    """Whether include/exclude apply to a path named in ``directory``: the command line's choice, else the
    configuration's ``force-exclude``. A broken configuration is reported when the file is linted."""
    if force_exclude is not None:
        return force_exclude
    try:
        return cache.for_directory(directory).force_exclude
    except PmlintError:
        return False


def named_file_selected(path: Path, cache: ConfigCache, errors: list[PmlintError]) -> bool:
    """--force-exclude: whether a walk from its configuration's directory would lint this named file."""
    try:
        config = cache.for_directory(path.parent)
    except PmlintError as error:
        add_error(errors, error)
        return False
    if not config.is_included(path) or config.is_excluded(path):
        return False
    return not _in_excluded_directory(path.resolve().parent, config)


def _named_directory_selected(path: Path, cache: ConfigCache, errors: list[PmlintError]) -> bool:
    """--force-exclude: whether a walk from its configuration's directory would enter this named directory."""
    try:
        config = cache.for_directory(path)
    except PmlintError as error:
        add_error(errors, error)
        return False
    return not _in_excluded_directory(path.resolve(), config)


def _in_excluded_directory(directory: Path, config: Config) -> bool:
    # The directories between the configuration's and this one, as a walk would meet them.
    root = config.root.resolve()
    while directory != root and root in directory.parents:
        if config.is_excluded(directory) or config.is_excluded(directory / "_"):
            return True
        directory = directory.parent
    return False


def _walk(root: Path, cache: ConfigCache, errors: list[PmlintError]) -> list[tuple[Path, tuple[int, int]]]:
    """The files to lint below ``root``, sorted, each real file once, with its (st_dev, st_ino).

    Directories are walked top-down in sorted order; symbolic links to directories are not followed.
    A directory that cannot be read, and an included name whose symbolic link is broken or loops,
    are reported and the rest of the tree is still linted.
    """
    found: list[tuple[Path, tuple[int, int], bool]] = []  # (path, identity, is a symbolic link)
    visited: set[tuple[int, int]] = set()  # directories, against bind-mount cycles
    pending = [root]
    while pending:
        base = pending.pop()
        try:
            config = cache.for_directory(base)
            with os.scandir(base) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
            own = os.stat(base)
        except PmlintError as error:
            # A broken config below the root must not stop the rest of the tree from being linted.
            add_error(errors, error)
            continue
        except OSError as error:
            errors.append(InputError(f"cannot read directory: {error.strerror or error}", file=base.as_posix()))
            continue
        if (own.st_dev, own.st_ino) in visited:
            continue
        visited.add((own.st_dev, own.st_ino))
        subdirectories = []
        for entry in entries:
            candidate = base / entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    # A directory is excluded by a pattern naming it ("drafts", like .gitignore) or its contents.
                    if not config.excludes_directory(candidate):
                        subdirectories.append(candidate)
                    continue
                link = entry.is_symlink()
                if not (link or entry.is_file(follow_symlinks=False)):
                    continue  # a FIFO, socket or device in the tree is not a document
                if not config.is_included(candidate) or config.is_excluded(candidate):
                    continue
                info = entry.stat(follow_symlinks=True)
            except OSError as error:
                errors.append(InputError(_access_problem(candidate, error), file=candidate.as_posix()))
                continue
            if stat.S_ISREG(info.st_mode):
                found.append((candidate, (info.st_dev, info.st_ino), link))
        pending.extend(reversed(subdirectories))
    return _one_name_per_file(found)


def _one_name_per_file(found: list[tuple[Path, tuple[int, int], bool]]) -> list[tuple[Path, tuple[int, int]]]:
    # latest.md -> 2026-03-15.md: lint the file under its own name, not the alias's.
    chosen: dict[tuple[int, int], tuple[Path, bool]] = {}
    for path, identity, link in sorted(found):
        if identity not in chosen or (chosen[identity][1] and not link):
            chosen[identity] = (path, link)
    return sorted((path, identity) for identity, (path, _) in chosen.items())


def add_error(errors: list[PmlintError], error: PmlintError) -> None:
    # The config cache raises the same error object for every file under a broken config: report it once.
    if not any(error is known for known in errors):
        errors.append(error)


def read_file(path: Path, limit: int) -> bytes:
    label = path.as_posix()
    try:
        # O_NONBLOCK: opening a FIFO put in the file's place since discovery must not wait for a writer.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
        descriptor = os.open(path, flags)
        with open(descriptor, "rb") as handle:
            info = os.fstat(descriptor)
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(info.st_mode):
                raise InputError(f"not a regular file ({file_kind(info.st_mode)}); pmlint reads Markdown files "
                                 "and '-' (stdin)", file=label)
            if info.st_size > limit:
                raise InputError(too_large(info.st_size, limit), file=label)
            # Sized to the file (read(n) reserves n bytes up front); a file growing while it is read
            # is read on, up to one byte past the limit, which the caller reports.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(limit + 1 - len(data))
            return data
    except PermissionError:
        raise InputError("permission denied", file=label) from None
    except IsADirectoryError:
        raise InputError("is a directory", file=label) from None
    except OSError as error:
        raise InputError(f"cannot read file: {error.strerror or error}", file=label) from None


def too_large(size: int, limit: int) -> str:
    return (f"file is too large to lint ({size:,} bytes; the limit is {limit:,}, "
            "set by 'max-file-size' in the configuration)")
