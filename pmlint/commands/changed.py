"""``--changed-since REF``: the files git reports as changed since a revision.

CI on a pull request lints what the pull request touched: ``pmlint check --changed-since
origin/main docs/``. Files changed in the working tree and new untracked files count as changed,
so the same command works locally before a commit. Deleted files are not linted.
"""
from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from pmlint.errors import ConfigError

_KEY = "--changed-since"


def changed_files(ref: str, directories: Iterable[Path]) -> set[Path]:
    """Resolved paths of the files changed since ``ref`` in the git repositories holding ``directories``."""
    if not ref.strip() or ref.startswith("-"):
        # Never let a value reach git as an option ("--output=x" would write a file).
        raise ConfigError(f"'{ref}' is not a revision (a branch, tag or commit)", key=_KEY)
    tops = {Path(_git(["rev-parse", "--show-toplevel"], directory).strip()) for directory in set(directories)}
    found: set[Path] = set()
    for top in tops:
        # Both commands run at the top of the repository, so both give paths relative to it.
        changed = _git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", ref, "--"], top)
        untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], top)
        found |= {(top / name).resolve() for name in (changed + untracked).split("\0") if name}
    return found


def _git(arguments: list[str], directory: Path) -> str:
    try:
        completed = subprocess.run(["git", *arguments], cwd=directory, capture_output=True, check=False)
    except FileNotFoundError:
        raise ConfigError("needs git, which is not installed or not on PATH", key=_KEY) from None
    except OSError as error:
        raise ConfigError(f"cannot run git: {error.strerror or error}", key=_KEY) from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[0] if message else f"git exited with {completed.returncode}"
        if "not a git repository" in detail:
            detail = f"{directory.as_posix()} is not inside a git repository"
        elif "unknown revision" in detail or "bad revision" in detail or "ambiguous argument" in detail:
            detail = f"git does not know the revision '{arguments[-2]}' (fetch it first, e.g. 'git fetch origin')"
        raise ConfigError(detail, key=_KEY)
    return completed.stdout.decode("utf-8", "surrogateescape")
