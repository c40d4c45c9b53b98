"""``--fix`` killed for real: a ``pmlint check --fix`` process that dies at any point of writing a
fixed file (SIGKILL: no ``finally``, no clean-up) leaves the original or the fixed file, byte for
byte, with its permissions, owner and line ends, never a truncated or half-written one.

Two ways in: the child process kills itself at each step of the atomic write in turn (after the
temporary file is made, half-way through writing it, before and after fsync, before and after the
rename), and a real run over a long document is killed from outside after random delays spread
over its whole length.
"""
from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL") or os.name != "posix",
                                reason="needs POSIX signals")

SELECT = ["--select", "PM402", "--unsafe-fixes"]  # every PM402 fix, whatever its applicability

# Installs hooks on the steps of pmlint.commands.fixer.write_atomically, then runs the CLI; the hook named by
# PMLINT_CRASH_AT sends SIGKILL to this very process when that step is reached.
CHILD = r"""
import os, signal, sys, tempfile
from pmlint.cli import cli

STEP = os.environ["PMLINT_CRASH_AT"]

def die():
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)

def after(name, function):
    def hooked(*args, **kwargs):
        result = function(*args, **kwargs)
        if STEP == "after-" + name:
            die()
        return result
    return hooked

def before(name, function):
    def hooked(*args, **kwargs):
        if STEP == "before-" + name:
            die()
        return function(*args, **kwargs)
    return hooked

class HalfThenDie:
    def __init__(self, handle):
        self.handle = handle
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.handle.close()
    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        os.fsync(self.handle.fileno())
        die()
    def flush(self):
        self.handle.flush()
    def fileno(self):
        return self.handle.fileno()

real_fdopen = os.fdopen
if STEP == "mid-write":
    os.fdopen = lambda fd, *args, **kwargs: HalfThenDie(real_fdopen(fd, *args, **kwargs))
tempfile.mkstemp = after("mkstemp", tempfile.mkstemp)
os.fsync = after("fsync", before("fsync", os.fsync))
os.chmod = before("chmod", os.chmod)
os.replace = after("replace", before("replace", os.replace))
# On Linux the fixed file is put in place by exchanging the two names, not by os.replace.
import pmlint.commands.safewrite
pmlint.commands.safewrite.exchange = after("replace", before("replace", pmlint.commands.safewrite.exchange))
cli(sys.argv[1:], prog_name="pmlint")
"""

STEPS = ["after-mkstemp", "mid-write", "before-fsync", "after-fsync", "before-chmod", "before-replace",
         "after-replace"]
# Where the original is certain to survive, and where the fixed file must be there.
ORIGINAL_STEPS = STEPS[:-1]

PARAGRAPH = ("It was a disaster for the checkout team, and the change obviously broke the cache. "
             "The `disaster` flag in code stays as it is.")


def document(paragraphs: int, ending: str = "\r\n") -> bytes:
    lines = ["# Checkout outage", ""]
    for index in range(paragraphs):
        lines += [f"## Part {index}", "", PARAGRAPH, ""]
    return ending.join(lines).encode("utf-8")


def pmlint(*args: str, cwd: Path, crash_at: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if crash_at is None:
        command = [sys.executable, "-m", "pmlint", *args]
    else:
        command = [sys.executable, "-c", CHILD, *args]
        env["PMLINT_CRASH_AT"] = crash_at
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def expected(tmp_path_factory) -> tuple[bytes, bytes]:
    """(original, fixed): the fixed bytes are what an uninterrupted run writes."""
    directory = tmp_path_factory.mktemp("expected")
    original = document(3)
    path = directory / "doc.md"
    path.write_bytes(original)
    result = pmlint("check", *SELECT, "--fix", "doc.md", cwd=directory)
    assert result.returncode == 0, result.stderr
    fixed = path.read_bytes()
    assert fixed != original
    assert fixed.count(b"\r\n") == original.count(b"\r\n") and b"\n" not in fixed.replace(b"\r\n", b"")
    assert b"disaster for" not in fixed and b"`disaster`" in fixed
    return original, fixed


def leftovers(directory: Path) -> list[str]:
    return sorted(name for name in os.listdir(directory) if name.endswith(".pmlint"))


@pytest.mark.parametrize("step", STEPS)
def test_killed_at_each_step_of_the_write(tmp_path, expected, step):
    original, fixed = expected
    path = tmp_path / "doc.md"
    path.write_bytes(original)
    path.chmod(0o640)
    result = pmlint("check", *SELECT, "--fix", "doc.md", cwd=tmp_path, crash_at=step)
    assert result.returncode == -signal.SIGKILL, (step, result.returncode, result.stderr)
    assert path.read_bytes() == (original if step in ORIGINAL_STEPS else fixed), step
    assert stat.S_IMODE(path.stat().st_mode) == 0o640, step
    # A temporary file may stay behind after SIGKILL (nothing can remove it), but never under the
    # document's name, and a later run neither lints nor trips over it.
    assert all(name.startswith(".doc.md.") for name in leftovers(tmp_path))
    again = pmlint("check", *SELECT, "--fix", ".", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert path.read_bytes() == fixed
    assert b".pmlint" not in again.stdout + again.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="changing a file's owner needs root")
def test_fix_keeps_owner_and_group(tmp_path, expected):
    original, fixed = expected
    path = tmp_path / "doc.md"
    path.write_bytes(original)
    os.chown(path, 4321, 4322)
    path.chmod(0o604)
    result = pmlint("check", *SELECT, "--fix", "doc.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == fixed
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4321, 4322, 0o604)


def test_killed_from_outside_at_random_moments(tmp_path):
    """SIGKILL at random moments of a real run over a long document: each time the file is one of
    the two, and the moments cover the whole run, writing included (some runs must have written)."""
    original = document(1500, ending="\n")
    work = tmp_path / "reference"
    work.mkdir()
    (work / "doc.md").write_bytes(original)
    started = time.monotonic()
    result = pmlint("check", *SELECT, "--fix", "doc.md", cwd=work)
    duration = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    fixed = (work / "doc.md").read_bytes()
    assert fixed.count(b"\n") == original.count(b"\n")
    assert b"disaster for" not in fixed and fixed.count(b"`disaster`") == 1500

    rng = random.Random(20261202)

    def killed_after(trial: int, delay: float) -> bool:
        """Whether the run, killed ``delay`` seconds after its start (unless it ended before), had written
        the fixed text; the file is one of the two either way."""
        directory = tmp_path / f"trial-{trial}"
        directory.mkdir()
        path = directory / "doc.md"
        path.write_bytes(original)
        path.chmod(0o600)
        process = subprocess.Popen([sys.executable, "-m", "pmlint", "check", *SELECT, "--fix", "doc.md"],
                                   cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=120)
        after = path.read_bytes()
        assert after in (original, fixed), (trial, len(after), len(original), len(fixed))
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        return after == fixed

    # Spread over the run, the last four up to 1.7 times its length: the write itself comes at the very end.
    outcomes = [killed_after(trial, duration * (trial + rng.random()) / 6) for trial in range(10)]
    # The machine is shared: busier than during the reference run, every moment may come before the write;
    # later moments then, until a run has written (a run that ends before its moment is not waited for).
    late = 1.7
    while not any(outcomes) and len(outcomes) < 20:
        late *= 1.6
        outcomes.append(killed_after(len(outcomes), duration * late))
    # Less busy, every run may have finished: earlier moments then.
    while all(outcomes) and len(outcomes) < 30:
        outcomes.append(killed_after(len(outcomes), duration * rng.random() / 4))
    assert any(outcomes), "no trial got as far as the write: the delays do not cover the run"
    assert not all(outcomes), "every trial finished: the delays are too long"
