"""The real CLI on a corpus of nasty inputs: never a traceback, never a hang, never a span outside the
file, and the good file linted alongside is always still linted.

The small inputs are committed in ``tests/nasty/`` (written by ``tests/nasty/make_nasty.py``); the
big ones are built at test time in a temporary directory. Each case is one subprocess,
``python -m pmlint check --format json NASTY companion.md``, where ``companion.md`` is the good
post-mortem of conftest with one known finding. The subprocess timeout is a hang detector, not a
speed test: it is generous (60 s, ``PMLINT_NASTY_TIMEOUT`` to change it) for inputs of at most a few
megabytes, well under the default ``max-file-size`` of 16 MB.
"""
from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOOD

NASTY = Path(__file__).resolve().parent / "nasty"
_spec = importlib.util.spec_from_file_location("make_nasty", NASTY / "make_nasty.py")
assert _spec is not None and _spec.loader is not None
make_nasty = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_nasty)

TIMEOUT = float(os.environ.get("PMLINT_NASTY_TIMEOUT", "60"))
COMPANION = "companion.md"
COMPANION_TEXT = GOOD.replace("Temporary settings need an expiry date.\n", "TBD\n")
# The one finding of the companion file: PM002 on "Lessons Learned", line 40.
COMPANION_FINDING = (COMPANION, 40, 4, 40, 19, "PM002")
LINE_END = re.compile(r"\r\n|\r|\n")
MEMORY_LIMIT = 4 * 1024 ** 3  # bytes of address space per pmlint process: a runaway input fails, not the machine


def _limit_memory() -> None:  # pragma: no cover - runs in the child process
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass


def pmlint(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "PMLINT_CONFIG")}
    env["NO_COLOR"] = "1"
    try:
        return subprocess.run([sys.executable, "-m", "pmlint", "check", *args], cwd=cwd, env=env,
                              capture_output=True, timeout=TIMEOUT,
                              preexec_fn=_limit_memory if os.name == "posix" else None)
    except subprocess.TimeoutExpired:
        pass
    pytest.fail(f"pmlint did not finish within {TIMEOUT:.0f} s (a hang): pmlint check {' '.join(args)[:300]}")


def undecodable(data: bytes) -> bool:
    """Bytes the README says are reported instead of linted: not UTF-8 (UTF-16 and binary included)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _lines(data: bytes) -> list[str]:
    return LINE_END.split(data.decode("utf-8").removeprefix("\ufeff"))


def _slice(lines: list[str], line: int, column: int, end_line: int, end_column: int) -> str:
    if line == end_line:
        return lines[line - 1][column - 1:end_column - 1]
    return "\n".join([lines[line - 1][column - 1:], *lines[line:end_line - 1], lines[end_line - 1][:end_column - 1]])


def plain(text: str) -> str:
    """Text as a reader sees it: no entities, emphasis or escapes, blanks collapsed, case folded."""
    return " ".join(re.sub(r"[*_~`\\]", "", html.unescape(text)).split()).casefold()


def check_case(directory: Path, name: str, data: bytes, too_large: bool = False) -> list[dict]:
    """Lint ``name`` (holding ``data``) with the companion file; assert everything the CLI promises.

    ``too_large``: the file is over the configured ``max-file-size`` and must be reported instead."""
    (directory / name).write_bytes(data)
    (directory / COMPANION).write_text(COMPANION_TEXT, encoding="utf-8")
    result = pmlint(directory, "--format", "json", name, COMPANION)
    stdout, stderr = result.stdout.decode("utf-8"), result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr[-3000:]
    assert "internal error" not in stderr, stderr  # a rule or the parser crashed: a pmlint bug
    assert result.returncode in (0, 1, 2), (result.returncode, stderr[-2000:])

    if result.returncode == 2:
        # One message, one line, naming the file; only for input that cannot be linted.
        assert stderr.endswith("\n") and stderr.count("\n") == 1, stderr
        assert re.match(rf"pmlint: error: {re.escape(name)}(:\d+)?: \S", stderr), stderr
        assert undecodable(data) or b"\x00" in data or too_large, f"a decodable file was not linted: {stderr}"
    else:
        assert stderr == "", stderr
        assert not undecodable(data) and not too_large, "input that cannot be linted was linted"

    findings = json.loads(stdout)
    assert isinstance(findings, list)
    located = [(item["path"], item["line"], item["column"], item["end_line"], item["end_column"], item["code"])
               for item in findings]
    assert [item for item in located if item[0] == COMPANION] == [COMPANION_FINDING], "the good file was not linted"
    assert {item["path"] for item in findings} <= {name, COMPANION}
    if result.returncode == 2:
        assert all(item["path"] == COMPANION for item in findings)
    else:
        lines = _lines(data)
        for item in findings:
            if item["path"] != name:
                continue
            where = (item["code"], item["line"], item["column"], item["end_line"], item["end_column"])
            assert 1 <= item["line"] <= item["end_line"] <= len(lines), where
            assert (item["line"], item["column"]) <= (item["end_line"], item["end_column"]), where
            assert 1 <= item["column"] <= len(lines[item["line"] - 1]) + 1, where
            assert 1 <= item["end_column"] <= len(lines[item["end_line"] - 1]) + 1, where
            flagged = _slice(lines, item["line"], item["column"], item["end_line"], item["end_column"])
            if (item["line"], item["column"]) != (item["end_line"], item["end_column"]):
                assert flagged.strip(), (where, flagged, item["message"])  # some text, not only blanks
            if item["fix"] is not None:
                assert item["fix"]["line"] == item["fix"]["end_line"], where
            if item["code"] == "PM402":  # the span covers the very term the message quotes
                term = re.match(r"'(.+?)' ", item["message"])
                assert term and plain(flagged) == plain(term.group(1)), (where, flagged, item["message"])
    return findings


# -- the committed corpus -------------------------------------------------------------------------


def test_corpus_is_up_to_date_and_small() -> None:
    assert make_nasty.check() == [], "run: python tests/nasty/make_nasty.py"
    sizes = {path.name: path.stat().st_size for path in NASTY.iterdir() if path.is_file()}
    assert all(size < make_nasty.MAX_FILE for size in sizes.values()), sizes
    assert sum(sizes.values()) < make_nasty.MAX_TOTAL
    assert set(make_nasty.SMALL) <= set(sizes)


@pytest.mark.parametrize("name", list(make_nasty.SMALL))
def test_committed_nasty_file(tmp_path: Path, name: str) -> None:
    data = (NASTY / name).read_bytes()
    findings = check_case(tmp_path, name, data)
    if name.startswith("yaml-python"):
        # safe_load: the tags are refused (PM900), never executed.
        assert not (tmp_path / "pmlint-pwned").exists()
        assert any(item["code"] == "PM900" and item["path"] == name for item in findings)
    if name in ("empty.md", "bom-only.md", "whitespace-only.md", "crlf-only.md", "lone-cr.md"):
        # One finding names every missing section.
        assert [(item["line"], item["column"], item["code"]) for item in findings if item["path"] == name] == [
            (1, 1, "PM001")]


def test_diff_on_the_whole_corpus(tmp_path: Path) -> None:
    """``--diff`` computes and verifies the safe fixes of every committed file: a fix that makes things
    worse is a pmlint bug ("fixes not applied ... please report this"), never a user error.

    The reproducers of other bugs (``bug-*``) are left out, except the one about fixes."""
    names = sorted(name for name in make_nasty.SMALL
                   if not name.startswith("bug-") or name == "bug-fix-all-caps-adds-acronyms.md")
    for name in names:
        shutil.copyfile(NASTY / name, tmp_path / name)
    result = pmlint(tmp_path, "--diff", *names)
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr[-3000:]
    assert "fixes not applied" not in stderr, stderr
    unlintable = {name for name in names if undecodable((NASTY / name).read_bytes())}
    nul = {name for name in names if b"\x00" in (NASTY / name).read_bytes()}
    errors = stderr.splitlines()
    named = {name for name in names if any(line.startswith(f"pmlint: error: {name}:") for line in errors)}
    assert unlintable <= named <= unlintable | nul, errors
    assert len(errors) == len(named), errors
    assert result.returncode == 2
    # --diff only shows the changes: nothing was written.
    assert all((tmp_path / name).read_bytes() == (NASTY / name).read_bytes() for name in names)


def test_whole_corpus_in_one_run(tmp_path: Path) -> None:
    """The committed files and the companion in one run: each bad file is one error, the rest are counted.

    The reproducers of bugs (``bug-*``) are left out: each has its own case above."""
    names = sorted(name for name in make_nasty.SMALL if not name.startswith("bug-"))
    for name in names:
        shutil.copyfile(NASTY / name, tmp_path / name)
    (tmp_path / COMPANION).write_text(COMPANION_TEXT, encoding="utf-8")
    result = pmlint(tmp_path, "--format", "text", *names, COMPANION)
    stdout, stderr = result.stdout.decode("utf-8"), result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr[-3000:]
    unlintable = [name for name in names if undecodable((NASTY / name).read_bytes())]
    maybe = [name for name in names if name not in unlintable and b"\x00" in (NASTY / name).read_bytes()]
    errors = stderr.splitlines()
    assert result.returncode == 2
    reported = [name for name in names if any(line.startswith(f"pmlint: error: {name}:") for line in errors)]
    assert set(unlintable) <= set(reported) <= set(unlintable) | set(maybe), (reported, unlintable)
    assert len(errors) == len(reported), errors
    linted = len(names) - len(reported) + 1
    [summary] = [line for line in stdout.splitlines() if line.startswith("Found ")]
    assert re.fullmatch(rf"Found \d+ problems \(.*\) in \d+ of {linted} files\.", summary), summary
    assert f"{COMPANION}:40:4: warning section 'Lessons Learned' holds only a placeholder" in stdout


# -- big inputs, built at test time ---------------------------------------------------------------


@pytest.mark.parametrize("name", list(make_nasty.LARGE))
def test_large_nasty_input(tmp_path: Path, name: str) -> None:
    data = make_nasty.LARGE[name]()
    findings = check_case(tmp_path, name, data)
    if name == "line-1000000-a.md":
        assert {item["code"] for item in findings if item["path"] == name} == {"PM001"}


def test_invalid_utf8_far_into_a_big_file_is_located(tmp_path: Path) -> None:
    """Invalid UTF-8 1.5 MB into a file: the message gives the line, and the good file is still linted."""
    data = b"# Title\n" + b"word word word\n" * 100_000 + b"caf\xe9\n"
    check_case(tmp_path, "late-invalid.md", data)
    result = pmlint(tmp_path, "late-invalid.md")
    assert result.stderr.decode().startswith("pmlint: error: late-invalid.md:100002: invalid UTF-8 (byte 0xe9 at offset ")


def test_file_over_max_file_size_is_reported_not_read(tmp_path: Path) -> None:
    (tmp_path / ".pmlint.yaml").write_text("max-file-size: 100000\n", encoding="utf-8")
    findings = check_case(tmp_path, "too-big.md", b"a" * 100_001, too_large=True)
    assert all(item["path"] == COMPANION for item in findings)
