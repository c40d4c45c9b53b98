"""Running pmlint over paths: discovering files, reading them safely, collecting findings and errors."""
from __future__ import annotations

import contextlib
import errno
import gc
import os
import signal
import stat
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pmlint.config import Config, ConfigCache
from pmlint.engine import Engine, Prepared
from pmlint.errors import InputError, PmlintError, file_kind
from pmlint.fixer import apply_fixes_taken, unified_diff, write_atomically
from pmlint.model import Finding, Severity
from pmlint.source import decode

STDIN = "-"


@dataclass
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[PmlintError] = field(default_factory=list)
    files: int = 0
    paths: list[str] = field(default_factory=list)  # every file linted, as displayed
    # Fail-on threshold of the configuration that applied to each file (None: never fail).
    thresholds: dict[str, Severity | None] = field(default_factory=dict)
    fixed: int = 0  # fixes applied (or, with --diff, that would be)
    fixed_files: int = 0
    diffs: list[str] = field(default_factory=list)
    fixed_stdin: bytes | None = None  # the fixed text of '-', printed instead of findings
    # The files whose unsafe fixes are applicable (--unsafe-fixes, or 'unsafe-fixes: true' in their config).
    unsafe_fixes: set[str] = field(default_factory=set)


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
            if _forced(path, cache, force_exclude) and not _named_directory_selected(path, cache, errors):
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
        elif _forced(path.parent, cache, force_exclude) and not _named_file_selected(path, cache, errors):
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


def _forced(directory: Path, cache: ConfigCache, force_exclude: bool | None) -> bool:
    """Whether include/exclude apply to a path named in ``directory``: the command line's choice, else the
    configuration's ``force-exclude``. A broken configuration is reported when the file is linted."""
    if force_exclude is not None:
        return force_exclude
    try:
        return cache.for_directory(directory).force_exclude
    except PmlintError:
        return False


def _named_file_selected(path: Path, cache: ConfigCache, errors: list[PmlintError]) -> bool:
    """--force-exclude: whether a walk from its configuration's directory would lint this named file."""
    try:
        config = cache.for_directory(path.parent)
    except PmlintError as error:
        _add_error(errors, error)
        return False
    if not config.is_included(path) or config.is_excluded(path):
        return False
    return not _in_excluded_directory(path.resolve().parent, config)


def _named_directory_selected(path: Path, cache: ConfigCache, errors: list[PmlintError]) -> bool:
    """--force-exclude: whether a walk from its configuration's directory would enter this named directory."""
    try:
        config = cache.for_directory(path)
    except PmlintError as error:
        _add_error(errors, error)
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
            _add_error(errors, error)
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


def _add_error(errors: list[PmlintError], error: PmlintError) -> None:
    # The config cache raises the same error object for every file under a broken config: report it once.
    if not any(error is known for known in errors):
        errors.append(error)


# Files are linted in batches: the language rules' texts of a whole batch are parsed in one
# nlp.pipe call, and a batch's parsed documents are dropped before the next batch is read.
BATCH_SIZE = 64


@dataclass
class _Item:
    display: str
    path: Path | None  # None for stdin
    config_path: Path | None
    config: Config
    data: bytes
    prepared: Prepared


@dataclass(frozen=True)
class WorkerSetup:
    """What a worker process needs to lint like the parent: the command line's config choices."""

    config_path: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True)
class FixMode:
    """What to do with fixes: ``action`` is None (only lint), "fix" (write them) or "diff" (only show
    them); ``unsafe`` is whether unsafe fixes apply too (None: as each file's config says)."""

    action: str | None = None
    unsafe: bool | None = None


def lint_paths(engine: Engine, cache: ConfigCache, paths: list[str], stdin_bytes: bytes | None = None,
               stdin_filename: str | None = None, fix: str | None = None,
               only: Callable[[Path], bool] | None = None, jobs: int = 1,
               setup: WorkerSetup | None = None, unsafe_fixes: bool | None = None,
               force_exclude: bool | None = False) -> RunResult:
    """Lint every file under ``paths``. ``fix`` is None, "fix" (write fixes) or "diff" (only show them);
    ``unsafe_fixes`` is whether unsafe fixes apply too (None: as each file's config says). ``only``
    keeps the files it accepts (stdin is always linted). With ``jobs`` above 1 and more than one
    batch of files, batches are linted in that many worker processes set up by ``setup``. With
    ``force_exclude`` the configuration's include/exclude apply to files named in ``paths`` and to
    ``stdin_filename`` too; with None, as each one's configuration says (``force-exclude``)."""
    mode = FixMode(fix, unsafe_fixes)
    result = RunResult()
    targets = [target for target in discover(paths, cache, result.errors, force_exclude)
               if only is None or target.path is None or only(target.path)]
    named = Path(stdin_filename) if stdin_filename else None
    if named is not None and _forced(named.parent, cache, force_exclude) \
            and not _named_file_selected(named, cache, result.errors):
        targets = [target for target in targets if target.path is not None]
    files = [target for target in targets if target.path is not None]
    if jobs > 1 and setup is not None and len(files) > BATCH_SIZE:
        stdin = [target for target in targets if target.path is None]
        _lint_serially(engine, cache, stdin, stdin_bytes, stdin_filename, mode, result)
        _lint_in_parallel(files, jobs, setup, mode, result)
    else:
        _lint_serially(engine, cache, targets, stdin_bytes, stdin_filename, mode, result)
    # Each file's findings are sorted; the whole run must be too, whatever order the paths came in.
    result.findings.sort(key=Finding.sort_key)
    return result


def _lint_serially(engine: Engine, cache: ConfigCache, targets: list[Target], stdin_bytes: bytes | None,
                   stdin_filename: str | None, fix: FixMode, result: RunResult) -> None:
    remaining = iter(targets)
    more = True
    while more:
        # The batch's documents are dropped when _lint_batch_of returns, before collection resumes:
        # the objects they were made of are gone by then and are never walked by the collector.
        with _collection_paused():
            more = _lint_batch_of(engine, cache, remaining, stdin_bytes, stdin_filename, fix, result)


def _lint_batch_of(engine: Engine, cache: ConfigCache, remaining: Iterator[Target], stdin_bytes: bytes | None,
                   stdin_filename: str | None, fix: FixMode, result: RunResult) -> bool:
    """Load the next files of ``remaining`` until a batch is full or none is left, and lint them; whether
    the batch filled up (then more files may follow: the last batch is linted even when empty)."""
    batch: list[_Item] = []
    for target in remaining:
        item = _load(engine, cache, target, stdin_bytes, stdin_filename, result)
        if item is not None:
            batch.append(item)
        if len(batch) >= BATCH_SIZE:
            _finish(engine, batch, result, fix)
            return True
    _finish(engine, batch, result, fix)
    return False


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """No automatic garbage collection while a batch of files is linted.

    A file's lint builds millions of objects (tokens, blocks, spans, timeline entries) that all live
    until its batch is done and are then freed by their reference counts: the collector walking them
    on the way (every 100,000 new objects) finds nothing and took a tenth of the lint of a 4 MB file.
    A lint makes almost no reference cycles (tests/test_gc_pause.py keeps that true), so pausing
    costs no memory; what cycles there are, are collected once the collection resumes. Output is
    unchanged: the collector frees only unreachable objects, whenever it runs.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _lint_in_parallel(files: list[Target], jobs: int, setup: WorkerSetup, fix: FixMode, result: RunResult) -> None:
    """Batches of files linted in worker processes; results merged in the order of the batches.

    The workers end with this process: when the run is interrupted (SIGINT, SIGTERM, an error) they
    are killed before the exception goes on, and if this process is killed outright they get SIGKILL
    from the kernel (Linux) or notice that their parent is gone (elsewhere).
    """
    import concurrent.futures  # only runs of more than one batch use them: not imported at start-up
    import concurrent.futures.process
    import multiprocessing

    batches = [files[start:start + BATCH_SIZE] for start in range(0, len(files), BATCH_SIZE)]
    # fork starts a worker in milliseconds with pmlint already imported (spaCy is not: it is imported
    # lazily, after the fork); elsewhere spawn imports pmlint again in each worker.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=min(jobs, len(batches)), mp_context=context,
                                                  initializer=_start_worker, initargs=(setup, os.getpid()))
    try:
        # The workers start (fork) inside map: with SIGINT and SIGTERM blocked until their initializer
        # has set what the signals do to them, a signal at that moment cannot raise in a worker.
        with _signals_blocked():
            parts = pool.map(_lint_batch, [(batch, fix) for batch in batches])
        for part in parts:
            _merge(result, part)
    except concurrent.futures.process.BrokenProcessPool:
        _kill_workers(pool)
        raise PmlintError("a worker process ended unexpectedly (killed, or out of memory?); "
                          "nothing was reported; run again, or with --jobs 1") from None
    except BaseException:
        _kill_workers(pool)
        raise
    pool.shutdown(wait=True)


def _kill_workers(pool: object) -> None:
    """End every worker now, without waiting for its batch, and let the pool's threads wind down."""
    processes = getattr(pool, "_processes", None) or {}  # no public way to reach them before Python 3.14
    for process in list(processes.values()):
        try:
            process.kill()
        except (OSError, ValueError, AttributeError):
            pass  # it has ended already
    shutdown = getattr(pool, "shutdown", None)
    if shutdown is not None:
        shutdown(wait=False, cancel_futures=True)


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


_worker: tuple[Engine, ConfigCache] | None = None


def _start_worker(setup: WorkerSetup, parent: int) -> None:
    global _worker
    _follow_parent(parent)
    # Ctrl-C reaches the whole process group: the parent decides, and ends the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    _detach_from_terminal_streams()
    engine = Engine.create()
    _worker = (engine, ConfigCache(engine.rules, explicit=setup.config_path, select=setup.select,
                                   ignore=setup.ignore))


_PR_SET_PDEATHSIG = 1


def _follow_parent(parent: int) -> None:
    """Make this worker end when the process that started it ends, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent ended before prctl took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="pmlint-parent-watch", daemon=True).start()


def _detach_from_terminal_streams() -> None:
    """A worker reports through its pipe only: stdin and stdout become /dev/null, so a worker can
    never write into the run's output or keep a reader of it waiting."""
    try:
        null = os.open(os.devnull, os.O_RDWR)
    except OSError:
        return
    for descriptor in (0, 1):
        try:
            os.dup2(null, descriptor)
        except OSError:
            pass
    if null > 2:
        os.close(null)


def _lint_batch(task: tuple[list[Target], FixMode]) -> RunResult:
    assert _worker is not None
    engine, cache = _worker
    targets, fix = task
    part = RunResult()
    _lint_serially(engine, cache, targets, None, None, fix, part)
    return part


def _merge(result: RunResult, part: RunResult) -> None:
    result.findings.extend(part.findings)
    # A broken config is met by every worker that lints a file under it: report it once.
    known = {(type(error), str(error)) for error in result.errors}
    for error in part.errors:
        if (type(error), str(error)) not in known:
            known.add((type(error), str(error)))
            result.errors.append(error)
    result.files += part.files
    result.paths.extend(part.paths)
    result.thresholds.update(part.thresholds)
    result.fixed += part.fixed
    result.fixed_files += part.fixed_files
    result.diffs.extend(part.diffs)
    result.unsafe_fixes.update(part.unsafe_fixes)


def _load(engine: Engine, cache: ConfigCache, target: Target, stdin_bytes: bytes | None,
          stdin_filename: str | None, result: RunResult) -> _Item | None:
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
        if len(data) > config.max_file_size:  # stdin, or a file that grew while it was read
            raise InputError(_too_large(len(data), config.max_file_size), file=display)
        prepared = engine.prepare(decode(display, data), config, config_path)
    except PmlintError as error:
        if error.file is None:
            error.file = display
        _add_error(result.errors, error)
        return None
    return _Item(display, target.path, config_path, config, data, prepared)


def _finish(engine: Engine, batch: list[_Item], result: RunResult, fix: FixMode) -> None:
    engine.prepare_language([item.prepared for item in batch])
    for item in batch:
        unsafe = item.config.unsafe_fixes if fix.unsafe is None else fix.unsafe
        try:
            findings = engine.run(item.prepared)
            if fix.action and any(_applicable(finding, unsafe) for finding in findings):
                findings = _fix(engine, item, findings, result, fix.action, unsafe)
        except PmlintError as error:
            if error.file is None:
                error.file = item.display
            _add_error(result.errors, error)
            continue
        result.files += 1
        result.paths.append(item.display)
        result.findings.extend(findings)
        result.thresholds[item.display] = item.config.fail_on
        if unsafe:
            result.unsafe_fixes.add(item.display)
    engine.release_language()


_FIX_ROUNDS = 3


def _applicable(finding: Finding, unsafe: bool) -> bool:
    """Whether the finding has a fix that this run applies: a safe one, or any when ``unsafe``."""
    return finding.fix is not None and (unsafe or finding.fix.safe)


def _fix(engine: Engine, item: _Item, findings: list[Finding], result: RunResult, mode: str,
         unsafe: bool) -> list[Finding]:
    """Apply the findings' fixes (the safe ones; the unsafe ones too when ``unsafe``), verify them by
    linting again, and write (or diff) the result.

    Returns the findings that remain, which may include ones a fix exposed (removing "obviously"
    from "which was obviously human error" leaves blame for another rule to report): the fix is
    still right, and the run reports what is left, as ruff does. A fix round that changes the
    document's structure (its lines or headings), or after which a rule it fixed reports as much as
    before, is a bug in a fix: the file is left alone and the run reports an error instead.
    """
    data, current, applied_total = item.data, findings, 0
    checked = item.prepared
    for _ in range(_FIX_ROUNDS):
        fixable = [finding for finding in current if finding.fix is not None and _applicable(finding, unsafe)]
        if not fixable:
            break
        fixed_data, taken = apply_fixes_taken(data, [finding.fix for finding in fixable if finding.fix])
        if not taken:
            break
        taken_ids = {id(fix) for fix in taken}
        fixed_codes = {finding.code for finding in fixable if id(finding.fix) in taken_ids}
        prepared = engine.prepare(decode(item.display, fixed_data), item.config, item.config_path)
        engine.prepare_language([prepared])
        after = engine.run(prepared)
        if not _same_outline(checked, prepared):
            raise InputError("fixes not applied: they would change the document's structure (its lines or "
                             "headings); please report this with the file", file=item.display)
        if not _no_new_findings(current, after, fixed_codes):
            raise InputError("fixes not applied: linting the fixed text found something new "
                             "(please report this with the file)", file=item.display)
        data, current, applied_total = fixed_data, after, applied_total + len(taken)
        checked = prepared
    if not applied_total:
        return findings
    if mode == "diff":
        result.diffs.append(unified_diff(item.display, item.data, data))
    elif item.path is None:
        result.fixed_stdin = data
    else:
        write_atomically(item.path, data, item.data)
    result.fixed += applied_total
    result.fixed_files += 1
    return findings if mode == "diff" else current


def _no_new_findings(before: list[Finding], after: list[Finding], fixed: set[str]) -> bool:
    """Whether every rule whose fixes were applied reports fewer findings than before. Other rules
    may report more: a fix may expose what the fixed words hid, which is no reason to refuse it."""
    counts: dict[str, int] = {}
    for finding in before:
        counts[finding.code] = counts.get(finding.code, 0) + 1
    for finding in after:
        counts[finding.code] = counts.get(finding.code, 0) - 1
    return bool(fixed) and all(counts.get(code, 0) > 0 for code in fixed)


def _same_outline(before: Prepared, after: Prepared) -> bool:
    """Whether a fix left the document's shape alone: as many lines, the same headings at the same
    levels on the same lines (a fix edits words within a line, never the structure)."""
    return (len(before.source.line_starts) == len(after.source.line_starts)
            and [(section.level, section.first_line) for section in before.document.sections]
            == [(section.level, section.first_line) for section in after.document.sections])


def _read(path: Path, limit: int) -> bytes:
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
                raise InputError(_too_large(info.st_size, limit), file=label)
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


def _too_large(size: int, limit: int) -> str:
    return (f"file is too large to lint ({size:,} bytes; the limit is {limit:,}, "
            "set by 'max-file-size' in the configuration)")
