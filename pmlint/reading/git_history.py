"""When git first saw a file: the date of the commit that added it, read once per repository.

One ``git log`` lists, for the whole repository, each path and the commits that added it; a file's
first commit is the oldest of them. git runs from a list of arguments (never a shell) with no
terminal, no pager, a time limit and a cap on its output; a document's file name never reaches its
command line (the paths are matched here). Anything that goes wrong (git missing, not a repository, a
shallow clone, whose oldest commit is not when a file was added, a time-out, too much output) gives
nothing, silently: the date is a hint, not a requirement.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
import threading
from pathlib import Path

_TIMEOUT_SECONDS = 30.0
_MAX_OUTPUT_BYTES = 64 * 1024 * 1024
_MAX_PARENTS = 256  # directories walked up looking for a repository
_LOG = ("log", "--no-color", "--no-renames", "--diff-filter=A", "--format=%x00%ct", "--name-only", "-z", "--", ".")


def first_commit(path: str) -> dt.datetime | None:
    """The committer date (UTC) of the oldest commit that added the file at ``path``; None when git
    cannot say (no repository, a shallow clone, git missing, the file never committed)."""
    try:
        real = Path(os.path.realpath(path))
    except (OSError, ValueError):
        return None
    root = _repository_root(real.parent)
    if root is None:
        return None
    try:
        relative = real.relative_to(root).as_posix()
    except ValueError:
        return None
    return _first_commits(str(root)).get(relative)


def _repository_root(directory: Path) -> Path | None:
    """The nearest directory at or above ``directory`` that holds ``.git`` (a directory or, in a
    worktree or submodule, a file)."""
    for _ in range(_MAX_PARENTS):
        try:
            if (directory / ".git").exists():
                return directory
        except (OSError, ValueError):
            return None
        if directory.parent == directory:
            return None
        directory = directory.parent
    return None


@functools.lru_cache(maxsize=16)
def _first_commits(root: str) -> dict[str, dt.datetime]:
    """Each path of the repository at ``root`` (relative, "/"-separated) -> its first commit's date."""
    shallow = run_git(root, ("rev-parse", "--is-shallow-repository"))
    if shallow is None or shallow.strip() != b"false":
        return {}  # a shallow clone's oldest commit adds every file: its date says nothing
    output = run_git(root, _LOG)
    return parse_log(output) if output is not None else {}


def parse_log(output: bytes) -> dict[str, dt.datetime]:
    """``git log --format=%x00%ct --name-only -z`` output (newest first) -> each path's oldest date.

    Each commit is a NUL, its time, a NUL, a line end, then its paths, each ended by a NUL; an empty
    field (no path is empty) marks the next field as a commit's time."""
    found: dict[str, dt.datetime] = {}
    when: dt.datetime | None = None
    header_next = False
    first_path = False
    for field in output.split(b"\0"):
        if not field:
            header_next = True
            continue
        if header_next:
            header_next = False
            try:
                when = dt.datetime.fromtimestamp(int(field), tz=dt.timezone.utc)
            except (ValueError, OverflowError, OSError):
                when = None
            first_path = True
            continue
        if first_path and field.startswith(b"\n"):
            field = field[1:]
        first_path = False
        if when is not None and field:
            found[os.fsdecode(field)] = when  # later (older) commits overwrite newer ones
    return found


def run_git(root: str, arguments: tuple[str, ...]) -> bytes | None:
    """git's standard output for ``arguments`` in the repository at ``root``; None when git is missing,
    fails, runs longer than the time limit or writes more than the cap."""
    command = ["git", "-C", root, "-c", "core.quotepath=off", "-c", "core.fsmonitor=false", "-c", "log.showSignature=false",
               *arguments]
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "GIT_OPTIONAL_LOCKS": "0",
                   "LC_ALL": "C"}
    import subprocess  # only where git runs (PM501's git-first-commit option): not at every start

    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, env=environment, shell=False)
    except (OSError, ValueError):
        return None
    chunks: list[bytes] = []
    over = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        size = 0
        while True:
            chunk = process.stdout.read(65536)
            if not chunk:
                return
            size += len(chunk)
            if size > _MAX_OUTPUT_BYTES:
                over.set()
                process.kill()
                return
            chunks.append(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        process.wait(timeout=_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return None
    finally:
        reader.join(timeout=_TIMEOUT_SECONDS)
        if process.stdout is not None:
            process.stdout.close()
    if over.is_set() or process.returncode != 0:
        return None
    return b"".join(chunks)
