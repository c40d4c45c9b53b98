"""Linting the files of a run, in batches and in worker processes, collecting findings and errors.

With --jobs, batches go to worker processes; with --fix or --diff, each file goes through the fixer."""
from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmlint.commands.engine import Engine, Prepared
from pmlint.commands.files import (
    Target,
    add_error,
    discover,
    forced,
    named_file_selected,
    read_file,
    too_large,
)
from pmlint.config.discovery import ConfigCache
from pmlint.config.settings import Config
from pmlint.errors import InputError, PmlintError
from pmlint.model import Finding, Severity
from pmlint.reading.source import decode

if TYPE_CHECKING:
    # Only a run with the result cache has one (cli.py makes it); --fix and --diff import the fixer.
    from pmlint.commands.cache import ResultCache


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
    # What ``collect`` returned for each file linted (``pmlint report``'s ledger rows), by displayed path.
    collected: dict[str, Any] = field(default_factory=dict)
    cache_writes: int = 0  # entries written to the result cache


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
    cache_key: str | None = None  # where its findings go in the result cache


@dataclass(frozen=True)
class WorkerSetup:
    """What a worker process needs to lint like the parent: the command line's config choices."""

    config_path: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()


@dataclass(frozen=True)
class FixMode:
    """What to do with fixes: ``action`` is None (only lint), "fix" (write them) or "diff" (only show
    them); ``unsafe`` is whether unsafe fixes apply too (None: as each file's config says)."""

    action: str | None = None
    unsafe: bool | None = None
    # Called with each linted file's prepared document and displayed path, in the process that parsed it
    # (a worker with --jobs): what it returns (picklable) is kept in ``RunResult.collected``. A module-level
    # function, so that it can be sent to a worker.
    collect: Callable[[Prepared, str], Any] | None = None


def lint_paths(engine: Engine, cache: ConfigCache, paths: list[str], stdin_bytes: bytes | None = None,
               stdin_filename: str | None = None, fix: str | None = None,
               only: Callable[[Path], bool] | None = None, jobs: int = 1,
               setup: WorkerSetup | None = None, unsafe_fixes: bool | None = None,
               force_exclude: bool | None = False,
               collect: Callable[[Prepared, str], Any] | None = None,
               results: ResultCache | None = None) -> RunResult:
    """Lint every file under ``paths``. ``fix`` is None, "fix" (write fixes) or "diff" (only show them);
    ``unsafe_fixes`` is whether unsafe fixes apply too (None: as each file's config says). ``only``
    keeps the files it accepts (stdin is always linted). With ``jobs`` above 1 and more than one
    batch of files, batches are linted in that many worker processes set up by ``setup``. With
    ``force_exclude`` the configuration's include/exclude apply to files named in ``paths`` and to
    ``stdin_filename`` too; with None, as each one's configuration says (``force-exclude``). ``collect``
    reads each linted file's parsed document once more (see ``FixMode.collect``). With ``results``, a
    file (not stdin) whose findings it holds is not read as a document (unless they have fixes to
    apply), and the findings of the files linted are stored in it (commands/cache.py)."""
    mode = FixMode(fix, unsafe_fixes, collect)
    if collect is not None:
        results = None  # collect needs every document
    result = RunResult()
    targets = [target for target in discover(paths, cache, result.errors, force_exclude)
               if only is None or target.path is None or only(target.path)]
    named = Path(stdin_filename) if stdin_filename else None
    if named is not None and forced(named.parent, cache, force_exclude) \
            and not named_file_selected(named, cache, result.errors):
        targets = [target for target in targets if target.path is not None]
    files = [target for target in targets if target.path is not None]
    if jobs > 1 and setup is not None and len(files) > BATCH_SIZE:
        stdin = [target for target in targets if target.path is None]
        _lint_serially(engine, cache, stdin, stdin_bytes, stdin_filename, mode, result, results)
        _lint_in_parallel(files, jobs, setup, mode, result, results, engine, cache)
    else:
        _lint_serially(engine, cache, targets, stdin_bytes, stdin_filename, mode, result, results)
    if results is not None and result.cache_writes:
        results.prune()
    # Each file's findings are sorted; the whole run must be too, whatever order the paths came in.
    result.findings.sort(key=Finding.sort_key)
    return result


def _lint_serially(engine: Engine, cache: ConfigCache, targets: list[Target], stdin_bytes: bytes | None,
                   stdin_filename: str | None, fix: FixMode, result: RunResult,
                   results: ResultCache | None = None) -> None:
    remaining = iter(targets)
    more = True
    while more:
        # The batch's documents are dropped when _lint_batch_of returns, before collection resumes:
        # the objects they were made of are gone by then and are never walked by the collector.
        with _collection_paused():
            more = _lint_batch_of(engine, cache, remaining, stdin_bytes, stdin_filename, fix, result, results)


def _lint_batch_of(engine: Engine, cache: ConfigCache, remaining: Iterator[Target], stdin_bytes: bytes | None,
                   stdin_filename: str | None, fix: FixMode, result: RunResult,
                   results: ResultCache | None) -> bool:
    """Load the next files of ``remaining`` until a batch is full or none is left, and lint them; whether
    the batch filled up (then more files may follow: the last batch is linted even when empty)."""
    batch: list[_Item] = []
    for target in remaining:
        item = _load(engine, cache, target, stdin_bytes, stdin_filename, result, fix, results)
        if item is not None:
            batch.append(item)
        if len(batch) >= BATCH_SIZE:
            _finish(engine, batch, result, fix, results)
            return True
    _finish(engine, batch, result, fix, results)
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


def _lint_in_parallel(files: list[Target], jobs: int, setup: WorkerSetup, fix: FixMode, result: RunResult,
                      results: ResultCache | None = None, engine: Engine | None = None,
                      cache: ConfigCache | None = None) -> None:
    """Batches of files linted in worker processes; results merged in the order of the batches.

    With fork, what this process holds when the workers start is theirs too: spaCy's pipelines when
    ``_preload_language`` loaded them (once here, not once per worker), and every object made so far
    frozen out of the collector's reach (``gc.freeze``), so that no collection in a worker writes to
    the pages it shares with this process, and a worker's collections walk only what it made itself.

    The workers end with this process: when the run is interrupted (SIGINT, SIGTERM, an error) they
    are killed before the exception goes on, and if this process is killed outright they get SIGKILL
    from the kernel (Linux) or notice that their parent is gone (elsewhere).
    """
    import concurrent.futures  # only runs of more than one batch use them: not imported at start-up
    import concurrent.futures.process
    import multiprocessing

    batches = [files[start:start + BATCH_SIZE] for start in range(0, len(files), BATCH_SIZE)]
    # fork starts a worker in milliseconds with pmlint already imported (spaCy too when preloaded; else
    # it is imported lazily, after the fork); elsewhere spawn imports pmlint again in each worker.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    workers = min(jobs, len(batches))
    if method == "fork" and engine is not None and cache is not None and len(batches) >= 2 * workers \
            and not _all_cached(files, cache, fix, results):
        _preload_language(engine, cache)
    frozen = method == "fork"
    if frozen:
        gc.collect()  # what is garbage already is freed, not frozen
        gc.freeze()
    try:
        pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                                      initializer=_start_worker, initargs=(setup, os.getpid()))
        _run_pool(pool, batches, fix, result, results)
    finally:
        if frozen:
            gc.unfreeze()  # this process's objects are the collector's again (pmlint used as a library)


def _preload_language(engine: Engine, cache: ConfigCache) -> None:
    """Load, before the workers fork, the spaCy pipeline of every configuration found so far that enables a
    language rule, so that the workers share one import instead of making one each (about 0.5 s of CPU
    apiece with the default pipeline).

    Only for runs of at least two batches per worker: among that many post-mortems some ask for spaCy
    (a fifth of the benchmark's do). A pipeline that fails to load is left to the workers, which report
    it for the files that need it, as before.
    """
    from pmlint.language.pipeline import load_pipeline  # imports spaCy only when called

    models = {config.language_model for config in cache.all_configs()
              if any(setting.enabled for code, setting in config.rules_for(None).items()
                     if code in engine.language_inputs)}
    for model in sorted(models, key=lambda name: name or ""):
        try:
            load_pipeline(model)
        except Exception:  # noqa: BLE001  reported by the workers, for the files that need the pipeline
            pass


def _all_cached(files: list[Target], cache: ConfigCache, fix: FixMode, results: ResultCache | None) -> bool:
    """Whether the result cache holds an entry for every one of ``files`` as they are now, so that the
    workers will lint none of them and need no spaCy: then it is not loaded before they fork (an unchanged
    rerun of 500 files took 0.67 s with it, 3.7 times faster than the first run, against 0.21 s with
    ``--jobs 1``). Stops at the first file it has none for, which in a first run is the first file; a
    run that fixes, or a file that cannot be read, counts as not cached (the usual preload)."""
    if results is None or fix.action:
        return False
    for target in files:
        assert target.path is not None
        try:
            config = cache.for_directory(target.path.parent)
            data = read_file(target.path, config.max_file_size)
        except PmlintError:
            return False
        key = results.key(target.display, data, config, config.rules_for(target.path))
        if key is None or not results.holds(key):
            return False
    return True


def _run_pool(pool: Any, batches: list[list[Target]], fix: FixMode, result: RunResult,
              results: ResultCache | None) -> None:
    import concurrent.futures.process

    try:
        # The workers start (fork) at the first submit: with SIGINT and SIGTERM blocked until their
        # initializer has set what the signals do to them, a signal at that moment cannot raise in a worker.
        # Submitted one by one, not with pool.map: when a signal stops the run, map's results iterator
        # cancels every pending future from this thread while the pool's own thread, finding the killed
        # workers, fails the same futures; a future cancelled between the two makes that thread raise
        # InvalidStateError, printed after "pmlint: terminated" (CPython 3.11; about one run in eight
        # with SIGTERM to the process group). Here only the pool's thread cancels or fails a future.
        with _signals_blocked():
            futures = [pool.submit(_lint_batch, (batch, fix, results)) for batch in batches]
        for future in futures:
            _merge(result, future.result())
    except concurrent.futures.process.BrokenProcessPool:
        _kill_workers(pool)
        raise PmlintError("a worker process ended unexpectedly (killed, or out of memory?); "
                          "nothing was reported; run again, or with --jobs 1") from None
    except BaseException:
        _kill_workers(pool)
        raise
    pool.shutdown(wait=True)


def _kill_workers(pool: object) -> None:
    """End every worker now, without waiting for its batch, and wait (a few seconds at most) for the pool's
    thread to wind down.

    That thread closes the pool's pipes once it finds the workers gone. The interpreter's exit wakes it through
    one of them (concurrent.futures' atexit hook): if it is still closing them then, the wake-up writes to a
    closed pipe and CPython 3.11 prints "Exception ignored in: <module 'threading'>" with a traceback after
    pmlint's own message (2 runs in 40 with a worker killed from outside). Once it has ended, nothing races."""
    processes = getattr(pool, "_processes", None) or {}  # no public way to reach them before Python 3.14
    manager = getattr(pool, "_executor_manager_thread", None)  # shutdown() forgets it: taken first
    for process in list(processes.values()):
        try:
            process.kill()
        except (OSError, ValueError, AttributeError):
            pass  # it has ended already
    shutdown = getattr(pool, "shutdown", None)
    if shutdown is not None:
        shutdown(wait=False, cancel_futures=True)
    if manager is not None:
        manager.join(timeout=_POOL_TEARDOWN_SECONDS)


# How long a stopped run waits for the pool's thread to close its pipes once the workers are killed: it takes
# milliseconds; the limit only keeps a wedged pool from holding the exit up.
_POOL_TEARDOWN_SECONDS = 5.0


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
                                   ignore=setup.ignore, extend_select=setup.extend_select))


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


def _lint_batch(task: tuple[list[Target], FixMode, ResultCache | None]) -> RunResult:
    assert _worker is not None
    engine, cache = _worker
    targets, fix, results = task
    part = RunResult()
    _lint_serially(engine, cache, targets, None, None, fix, part, results)
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
    result.collected.update(part.collected)
    result.cache_writes += part.cache_writes


def _load(engine: Engine, cache: ConfigCache, target: Target, stdin_bytes: bytes | None,
          stdin_filename: str | None, result: RunResult, fix: FixMode,
          results: ResultCache | None = None) -> _Item | None:
    """The file read and parsed, ready for its rules; None after an error, or when its findings came
    from the result cache (then they are in ``result`` already)."""
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
            data = read_file(target.path, config.max_file_size)
        if len(data) > config.max_file_size:  # stdin, or a file that grew while it was read
            raise InputError(too_large(len(data), config.max_file_size), file=display)
        key = None
        if results is not None and target.path is not None:
            key = results.key(display, data, config, config.rules_for(config_path))
            if key is not None and _from_cache(results, key, display, config, fix, result):
                return None
        prepared = engine.prepare(decode(display, data), config, config_path)
    except PmlintError as error:
        if error.file is None:
            error.file = display
        add_error(result.errors, error)
        return None
    return _Item(display, target.path, config_path, config, data, prepared, key)


def _from_cache(results: ResultCache, key: str, display: str, config: Config, fix: FixMode,
                result: RunResult) -> bool:
    """Whether the file's findings came from the cache (a run that fixes takes them only when none has
    a fix to apply: fixes are always made from the document)."""
    findings = results.get(key, display)
    if findings is None:
        return False
    unsafe = config.unsafe_fixes if fix.unsafe is None else fix.unsafe
    if fix.action and _fixes_to_apply(findings, unsafe):
        return False
    result.files += 1
    result.paths.append(display)
    result.findings.extend(findings)
    result.thresholds[display] = config.fail_on
    if unsafe:
        result.unsafe_fixes.add(display)
    return True


def _finish(engine: Engine, batch: list[_Item], result: RunResult, fix: FixMode,
            results: ResultCache | None = None) -> None:
    engine.prepare_language([item.prepared for item in batch])
    for item in batch:
        unsafe = item.config.unsafe_fixes if fix.unsafe is None else fix.unsafe
        try:
            findings = engine.run(item.prepared)
            # The findings of the bytes read, whatever a fix then writes.
            if results is not None and item.cache_key is not None and results.put(item.cache_key, item.display,
                                                                                   findings):
                result.cache_writes += 1
            if fix.action and _fixes_to_apply(findings, unsafe):
                findings = _fix(engine, item, findings, result, fix.action, unsafe)
            if fix.collect is not None:
                result.collected[item.display] = _collected(fix.collect, item)
        except PmlintError as error:
            if error.file is None:
                error.file = item.display
            add_error(result.errors, error)
            continue
        result.files += 1
        result.paths.append(item.display)
        result.findings.extend(findings)
        result.thresholds[item.display] = item.config.fail_on
        if unsafe:
            result.unsafe_fixes.add(item.display)
    engine.release_language()


def _collected(collect: Callable[[Prepared, str], Any], item: _Item) -> Any:
    try:
        return collect(item.prepared, item.display)
    except PmlintError:
        raise
    except Exception as error:  # a bug must not hide other files' results: reported for this file
        raise PmlintError(f"internal error while reading the document: {type(error).__name__}: {error} "
                          "(please report this with the file)", file=item.display) from error


def _fixes_to_apply(findings: list[Finding], unsafe: bool) -> bool:
    """Whether a run that fixes (--fix, --diff) has a fix to apply among ``findings``."""
    from pmlint.commands.fixer import applicable  # only such a run imports the fixer

    return any(applicable(finding, unsafe) for finding in findings)


def _fix(engine: Engine, item: _Item, findings: list[Finding], result: RunResult, mode: str,
         unsafe: bool) -> list[Finding]:
    """Fix the file (see :func:`fix_rounds`) and write the result, or diff it; the findings that remain
    (with --diff, the findings as they were)."""
    from pmlint.commands.fixer import fix_rounds, write_atomically
    from pmlint.output.diff import unified_diff

    fixed = fix_rounds(engine, item.display, item.data, item.prepared, item.config, item.config_path, findings, unsafe)
    if not fixed.applied:
        return findings
    if mode == "diff":
        result.diffs.append(unified_diff(item.display, item.data, fixed.data))
    elif item.path is None:
        result.fixed_stdin = fixed.data
    else:
        write_atomically(item.path, fixed.data, item.data)
    result.fixed += fixed.applied
    result.fixed_files += 1
    return findings if mode == "diff" else fixed.findings
