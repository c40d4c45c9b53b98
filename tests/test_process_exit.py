"""How the ``pmlint`` process ends (cli.run, issue 19): output flushed, exit code kept, no interpreter teardown.

``run`` ends the process with ``os._exit`` once the output is flushed, which skips freeing every module
(about 0.1 s after spaCy is imported). Time is not asserted: that the teardown is skipped shows in an
``atexit`` handler that does not run; that nothing is lost shows in the bytes and the exit code a parent
process receives through a pipe, compared with ``main`` run in-process (which exits as usual).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pmlint.cli import main

# Registers an atexit handler (it prints "teardown" on stderr when the interpreter tears down), starts
# a thread that is still running at exit when asked, then runs pmlint as its script does.
_RUN = """
import atexit, sys, threading, time
atexit.register(lambda: sys.stderr.write("teardown\\n"))
if sys.argv[1] == "thread":
    threading.Thread(target=lambda: (time.sleep(0.3), sys.stderr.write("thread done\\n"))).start()
sys.argv = ["pmlint", *sys.argv[2:]]
from pmlint.cli import {entry}
{entry}()
"""

GOOD = Path(__file__).parent.parent / "examples" / "sample-postmortem.md"


def _pmlint(*args: str, thread: bool = False, entry: str = "run", cwd: Path | None = None) \
        -> subprocess.CompletedProcess[bytes]:
    code = _RUN.format(entry=entry)
    return subprocess.run([sys.executable, "-c", code, "thread" if thread else "-", *args],
                          capture_output=True, timeout=300, cwd=cwd)


def _many_findings(tmp_path: Path) -> Path:
    # 120 files of five findings each: a few hundred KB of JSON, far more than a pipe holds.
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(120):
        (folder / f"pm-{n:03}.md").write_text(f"# Incident {n}\n\n## Summary\n\nSlow.\n\n## Action Items\n\n"
                                              "- Improve the thing\n", encoding="utf-8")
    return folder


def test_run_skips_the_teardown_and_keeps_the_output() -> None:
    done = _pmlint("--version")
    assert done.returncode == 0
    assert done.stdout.startswith(b"pmlint, version ")
    assert b"teardown" not in done.stderr  # os._exit: the interpreter was not torn down


def test_main_still_exits_as_usual() -> None:
    done = _pmlint("--version", entry="main")
    assert done.returncode == 0 and b"teardown" in done.stderr


def test_a_running_thread_gets_the_usual_exit() -> None:
    done = _pmlint("--version", thread=True)
    assert done.returncode == 0
    assert b"thread done" in done.stderr and b"teardown" in done.stderr


@pytest.mark.parametrize(("args", "code"), [
    (["check", "--no-cache", str(GOOD)], 0),
    (["check", "--no-cache", "--bogus-option"], 2),
    (["check", "--no-cache", "no-such-file.md"], 2),
])
def test_exit_codes_are_kept(args: list[str], code: int) -> None:
    assert _pmlint(*args).returncode == code


def test_a_large_output_arrives_whole_through_a_pipe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = _many_findings(tmp_path)
    done = _pmlint("check", "--no-cache", "--jobs", "1", "--format", "json", str(path), cwd=tmp_path)
    assert done.returncode == 1 and b"teardown" not in done.stderr
    # The same run in this process, through main, which exits as usual.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["pmlint", "check", "--no-cache", "--jobs", "1", "--format", "json", str(path)])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 1
    printed = capsys.readouterr().out.encode("utf-8")
    assert len(printed) > 200_000
    assert done.stdout == printed


def test_a_reader_that_goes_away_is_not_an_error(tmp_path: Path) -> None:
    path = _many_findings(tmp_path)
    code = _RUN.format(entry="run")
    process = subprocess.Popen([sys.executable, "-c", code, "-", "check", "--no-cache", "--format", "json", str(path)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()  # like `| head -c 10`
    error = process.stderr.read()
    process.wait(timeout=300)
    assert b"Traceback" not in error


def test_a_profiler_still_writes_its_results(tmp_path: Path) -> None:
    # cProfile (like coverage) writes its results when the interpreter exits: run must not cut that short.
    output = tmp_path / "pmlint.prof"
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(output), "-m", "pmlint", "--version"],
                          capture_output=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith(b"pmlint, version ")
    assert output.is_file() and output.stat().st_size > 0
