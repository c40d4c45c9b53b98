"""Hostile file systems and standard streams (issue 15): symbolic link loops and aliases, directories
the user cannot read or search, names over 255 bytes, FIFOs and devices named on the command line,
closed stdin/stdout, stdout on a full disk, and --force-exclude for named files.

Every case ends in a located one-line message and exit 2 (or in a correct lint), never a traceback
or a hang. The special files are made at test time (git cannot hold FIFOs, loops or mode-000
directories). The CLI runs in a subprocess wherever the real standard streams matter.
"""
from __future__ import annotations

import ctypes
import json
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from pmlint.cli import cli
from tests.conftest import GOOD

ROOT = Path(__file__).resolve().parent.parent
HANG_LIMIT = 60  # seconds; only catches a hang, never measures speed

BLAME = GOOD.replace("The queue-depth alert fires.", "John forgot to check the queue-depth alert.")
# The one finding of BLAME: (line, code).
BLAME_FINDING = (14, "PM401")

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="no symlinks")
needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types and descriptors")


def pmlint(cwd: Path, *args: str, stdin: bytes | None = None, **options: Any) -> subprocess.CompletedProcess[bytes]:
    """``python -m pmlint ARGS`` in ``cwd`` with this checkout first on the path."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    env.pop("GITHUB_ACTIONS", None)
    if "stdout" not in options:
        options["stdout"] = subprocess.PIPE
    if "stderr" not in options:
        options["stderr"] = subprocess.PIPE
    if stdin is not None:
        options["input"] = stdin
    elif "stdin" not in options:
        options["stdin"] = subprocess.DEVNULL
    return subprocess.run([sys.executable, "-m", "pmlint", *args], cwd=cwd, env=env, timeout=HANG_LIMIT, **options)


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: bytes
    stderr: bytes


def lint(cwd: Path, *args: str, stdin: bytes | None = None) -> Run:
    """``pmlint ARGS`` in ``cwd`` in this process (click's runner): for cases that need no real streams."""
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, list(args), input=stdin, env={"GITHUB_ACTIONS": None})
    finally:
        os.chdir(previous)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return Run(int(result.exit_code), result.stdout_bytes, result.stderr_bytes)


def stderr_of(result: subprocess.CompletedProcess[bytes] | Run) -> str:
    text = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in text and "Exception ignored" not in text, text
    return text


def json_findings(result: subprocess.CompletedProcess[bytes] | Run) -> list[tuple[str, int, str]]:
    return sorted((item["path"], item["line"], item["code"]) for item in json.loads(result.stdout))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A project directory with no config above it that pmlint would find (tmp_path has none)."""
    project = tmp_path / "project"
    project.mkdir()
    return project


# -- symbolic links -------------------------------------------------------------------------------


@needs_symlinks
def test_symlink_loop_in_a_linted_tree_is_reported_and_the_rest_linted(tree: Path) -> None:
    (tree / "docs").mkdir()
    (tree / "docs" / "blame.md").write_text(BLAME, encoding="utf-8")
    os.symlink("loop-b.md", tree / "docs" / "loop-a.md")
    os.symlink("loop-a.md", tree / "docs" / "loop-b.md")
    os.symlink("self", tree / "docs" / "self")  # a loop whose name is not a Markdown file: not looked at
    result = lint(tree, "check", "--format", "json", "docs")
    assert result.returncode == 2
    assert json_findings(result) == [("docs/blame.md", *BLAME_FINDING)]
    assert stderr_of(result).splitlines() == [
        "pmlint: error: docs/loop-a.md: too many levels of symbolic links (a symbolic link loop)",
        "pmlint: error: docs/loop-b.md: too many levels of symbolic links (a symbolic link loop)",
    ]


@needs_symlinks
def test_symlink_loop_named_on_the_command_line(tree: Path) -> None:
    os.symlink("loop.md", tree / "loop.md")
    (tree / "blame.md").write_text(BLAME, encoding="utf-8")
    result = lint(tree, "check", "--format", "json", "loop.md", "blame.md")
    assert result.returncode == 2
    assert json_findings(result) == [("blame.md", *BLAME_FINDING)]
    assert stderr_of(result) == "pmlint: error: loop.md: too many levels of symbolic links (a symbolic link loop)\n"


@needs_symlinks
def test_broken_symlink_in_a_tree_is_reported(tree: Path) -> None:
    (tree / "blame.md").write_text(BLAME, encoding="utf-8")
    os.symlink("deleted.md", tree / "latest.md")
    result = lint(tree, "check", "--format", "json", ".")
    assert result.returncode == 2
    assert json_findings(result) == [("blame.md", *BLAME_FINDING)]
    assert stderr_of(result) == "pmlint: error: latest.md: broken symbolic link (its target does not exist)\n"


@needs_symlinks
@pytest.mark.parametrize("alias", ["latest.md", "0-latest.md"])  # after and before the real name
def test_symlink_alias_in_a_tree_is_linted_once_under_the_real_name(tree: Path, alias: str) -> None:
    (tree / "2026-03-15.md").write_text(BLAME, encoding="utf-8")
    os.symlink("2026-03-15.md", tree / alias)
    result = lint(tree, "check", "--format", "json", ".")
    assert result.returncode == 1, stderr_of(result)
    assert json_findings(result) == [("2026-03-15.md", *BLAME_FINDING)]


@needs_symlinks
def test_symlink_alias_named_with_its_target_is_linted_once(tree: Path) -> None:
    (tree / "2026-03-15.md").write_text(BLAME, encoding="utf-8")
    os.symlink("2026-03-15.md", tree / "latest.md")
    result = lint(tree, "check", "--format", "json", "latest.md", "2026-03-15.md", ".")
    assert result.returncode == 1, stderr_of(result)
    assert json_findings(result) == [("latest.md", *BLAME_FINDING)]  # the first name given


def test_hard_links_are_one_file(tree: Path) -> None:
    (tree / "a.md").write_text(BLAME, encoding="utf-8")
    try:
        os.link(tree / "a.md", tree / "b.md")
    except OSError:
        pytest.skip("no hard links here")
    result = lint(tree, "check", "--format", "json", ".")
    assert result.returncode == 1, stderr_of(result)
    assert json_findings(result) == [("a.md", *BLAME_FINDING)]


@needs_symlinks
def test_fix_through_a_tree_with_an_alias_fixes_the_file_once(tree: Path) -> None:
    # "disaster" -> "major incident" is an unsafe fix; before the fix the alias made --fix refuse
    # ("file changed") because the same file was fixed twice.
    charged = GOOD.replace("The worker limit change had no expiry date.",
                           "The worker limit change was a disaster with no expiry date.")
    (tree / "2026-03-15.md").write_text(charged, encoding="utf-8")
    os.symlink("2026-03-15.md", tree / "latest.md")
    result = lint(tree, "check", "--fix", "--unsafe-fixes", ".")
    assert result.returncode == 0, stderr_of(result)
    assert "fixed 1 finding in 1 file" in stderr_of(result)
    assert (tree / "latest.md").is_symlink()
    text = (tree / "2026-03-15.md").read_text(encoding="utf-8")
    assert "disaster" not in text and "major incident" in text


# -- permissions ----------------------------------------------------------------------------------

# Root ignores file permissions through two capabilities; dropping them from the bounding set before
# exec gives the child root's uid without them, so the permission cases run as root too (CI).
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE = 1
_CAP_DAC_READ_SEARCH = 2


def _drop_permission_overrides() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.fixture
def as_user(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[bytes]]:
    """``pmlint`` run so that file permissions apply: as this user, or as root without the overrides."""
    options: dict[str, Any] = {}
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        if not sys.platform.startswith("linux"):
            pytest.skip("running as root, where permissions do not apply")
        options["preexec_fn"] = _drop_permission_overrides
    probe = tmp_path / "probe"
    probe.mkdir(mode=0o700)
    probe.chmod(0)
    try:
        check = subprocess.run([sys.executable, "-c", f"import os; os.listdir({str(probe)!r})"],
                               capture_output=True, timeout=HANG_LIMIT, **options)
    except subprocess.SubprocessError:
        pytest.skip("cannot drop root's permission overrides here")
    finally:
        probe.chmod(0o700)
    if check.returncode == 0:
        pytest.skip("permissions do not apply to this user")
    return lambda cwd, *args: pmlint(cwd, *args, **options)


@needs_posix
def test_unreadable_subdirectory_is_reported_and_the_rest_linted(tree: Path, as_user: Callable[..., Any]) -> None:
    (tree / "docs" / "secret").mkdir(parents=True)
    (tree / "docs" / "blame.md").write_text(BLAME, encoding="utf-8")
    (tree / "docs" / "secret" / "blame.md").write_text(BLAME, encoding="utf-8")
    (tree / "docs" / "secret").chmod(0)
    try:
        result = as_user(tree, "check", "--format", "json", "docs")
    finally:
        (tree / "docs" / "secret").chmod(0o755)
    assert result.returncode == 2
    assert json_findings(result) == [("docs/blame.md", *BLAME_FINDING)]
    assert stderr_of(result) == "pmlint: error: docs/secret: cannot read directory: Permission denied\n"


@needs_posix
def test_file_under_a_directory_that_cannot_be_searched(tree: Path, as_user: Callable[..., Any]) -> None:
    (tree / "locked").mkdir()
    (tree / "locked" / "pm.md").write_text(BLAME, encoding="utf-8")
    (tree / "blame.md").write_text(BLAME, encoding="utf-8")
    (tree / "locked").chmod(0o600)  # readable, not searchable
    try:
        named = as_user(tree, "check", "--format", "json", "locked/pm.md", "blame.md")
        walked = as_user(tree, "check", "--format", "json", ".")
    finally:
        (tree / "locked").chmod(0o755)
    assert named.returncode == walked.returncode == 2
    assert json_findings(named) == json_findings(walked) == [("blame.md", *BLAME_FINDING)]
    assert stderr_of(named) == ("pmlint: error: locked/pm.md: permission denied (a directory on its path "
                                "cannot be searched)\n")
    assert stderr_of(walked) == "pmlint: error: locked: cannot read directory: Permission denied\n"


# -- names and file types -------------------------------------------------------------------------


def test_name_longer_than_255_bytes(tree: Path) -> None:
    (tree / "blame.md").write_text(BLAME, encoding="utf-8")
    name = "n" * 300 + ".md"
    result = lint(tree, "check", "--format", "json", name, "blame.md")
    assert result.returncode == 2
    assert json_findings(result) == [("blame.md", *BLAME_FINDING)]
    assert stderr_of(result) == f"pmlint: error: {name}: file name too long\n"


def test_name_longer_than_255_bytes_as_config_or_with_changed_since(tree: Path) -> None:
    (tree / "good.md").write_text(GOOD, encoding="utf-8")
    name = "n" * 300
    config = lint(tree, "check", "--config", name + ".yaml", "good.md")
    assert config.returncode == 2
    assert stderr_of(config) == f"pmlint: error: {name}.yaml: '--config': config file not found\n"
    changed = lint(tree, "check", "--changed-since", "HEAD", name + ".md")
    assert changed.returncode == 2
    assert f"pmlint: error: {name}.md: file name too long" in stderr_of(changed)


@needs_posix
def test_fifo_named_on_the_command_line_is_refused_not_waited_for(tree: Path) -> None:
    os.mkfifo(tree / "pipe.md")
    (tree / "blame.md").write_text(BLAME, encoding="utf-8")
    result = pmlint(tree, "check", "--format", "json", "pipe.md", "blame.md")  # hung forever before
    assert result.returncode == 2
    assert json_findings(result) == [("blame.md", *BLAME_FINDING)]
    assert stderr_of(result) == ("pmlint: error: pipe.md: not a regular file (a FIFO); pmlint reads Markdown "
                                 "files and '-' (stdin)\n")


@needs_posix
def test_fifo_in_a_tree_is_not_opened(tree: Path) -> None:
    os.mkfifo(tree / "pipe.md")
    (tree / "blame.md").write_text(BLAME, encoding="utf-8")
    result = lint(tree, "check", "--format", "json", ".")
    assert result.returncode == 1, stderr_of(result)
    assert json_findings(result) == [("blame.md", *BLAME_FINDING)]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_device_named_on_the_command_line_is_never_read(tree: Path, device: str) -> None:
    if not Path(device).exists() or not stat.S_ISCHR(os.stat(device).st_mode):
        pytest.skip(f"no {device} here")
    result = lint(tree, "check", device)
    assert result.returncode == 2
    assert stderr_of(result) == (f"pmlint: error: {device}: not a regular file (a character device); pmlint "
                                 "reads Markdown files and '-' (stdin)\n")


@needs_posix
def test_fifo_swapped_in_after_discovery_is_refused(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The file becomes a FIFO between the directory walk and the read: opening it must not wait for
    # a writer. The lint runs in a thread so that a regression fails (and is unblocked) instead of hanging.
    import threading

    from pmlint.commands import runner
    from pmlint.commands.engine import Engine
    from pmlint.config.discovery import ConfigCache

    target = tree / "pm.md"
    target.write_text(GOOD, encoding="utf-8")
    original = runner.read_file

    def swap_then_read(path: Path, limit: int) -> bytes:
        path.unlink()
        os.mkfifo(path)
        return original(path, limit)

    monkeypatch.setattr(runner, "read_file", swap_then_read)
    engine = Engine.create()
    outcome: list[runner.RunResult] = []
    thread = threading.Thread(target=lambda: outcome.append(
        runner.lint_paths(engine, ConfigCache(engine.rules), [str(target)])), daemon=True)
    thread.start()
    thread.join(HANG_LIMIT)
    if thread.is_alive():
        os.close(os.open(target, os.O_WRONLY | os.O_NONBLOCK))  # a writer lets the blocked open return
        thread.join(HANG_LIMIT)
        pytest.fail("opening a FIFO waited for a writer")
    assert [str(error) for error in outcome[0].errors] == [
        f"{target.as_posix()}: not a regular file (a FIFO); pmlint reads Markdown files and '-' (stdin)"]


# -- standard streams -----------------------------------------------------------------------------


@needs_posix
def test_closed_stdout(tree: Path) -> None:
    (tree / "blame.md").write_text(BLAME, encoding="utf-8")
    result = pmlint(tree, "check", "blame.md", stdout=None, preexec_fn=lambda: os.close(1))
    assert result.returncode == 2
    assert stderr_of(result) == ("pmlint: error: <stdout>: standard output is closed: there is nowhere to print "
                                 "the results (redirect it to a file or to /dev/null)\n")


@needs_posix
def test_closed_stdout_with_write_baseline_is_fine(tree: Path) -> None:
    (tree / "blame.md").write_text(BLAME, encoding="utf-8")
    result = pmlint(tree, "check", "--write-baseline", "base.json", "blame.md", stdout=None,
                    preexec_fn=lambda: os.close(1))
    assert result.returncode == 0, stderr_of(result)
    assert (tree / "base.json").is_file()


@needs_posix
def test_closed_stdin_for_dash(tree: Path) -> None:
    result = pmlint(tree, "check", "-", stdin=None, preexec_fn=lambda: os.close(0))
    assert result.returncode == 2
    assert stderr_of(result) == "pmlint: error: <stdin>: standard input is closed: nothing to read for '-'\n"


@needs_posix
def test_closed_stdin_does_not_matter_without_dash(tree: Path) -> None:
    (tree / "good.md").write_text(GOOD, encoding="utf-8")
    result = pmlint(tree, "check", "good.md", preexec_fn=lambda: os.close(0))
    assert result.returncode == 0, stderr_of(result)


def test_stdout_on_a_full_disk(tree: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    (tree / "blame.md").write_text(BLAME, encoding="utf-8")
    with open("/dev/full", "wb") as full:
        result = pmlint(tree, "check", "blame.md", stdout=full)
    assert result.returncode == 2
    assert stderr_of(result) == ("pmlint: error: cannot write the output to standard output: "
                                 "No space left on device\n")


def test_stdout_on_a_full_disk_with_fixed_stdin(tree: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "wb") as full:
        result = pmlint(tree, "check", "--fix", "-", "--stdin-filename", "pm.md", stdin=BLAME.encode(), stdout=full)
    assert result.returncode == 2
    assert "cannot write the output to standard output: No space left on device" in stderr_of(result)


@needs_posix
def test_reader_going_away_ends_pmlint_quietly(tree: Path) -> None:
    # `pmlint check ... | head -1`: like other Unix tools, pmlint ends by SIGPIPE, with no traceback
    # and no "Exception ignored" from the interpreter. The output (about 560 KB) must be far more than a
    # pipe holds (64 KiB): with 400 findings it fitted, and a fast run had written it all before the
    # reader went away (exit 1, no SIGPIPE: seen once in CI).
    blames = "\n\n".join(f"John forgot to check alert {index}." for index in range(4_000))
    (tree / "many.md").write_text(GOOD + "\n" + blames + "\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, "-m", "pmlint", "check", "many.md"], cwd=tree, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    assert process.stdout.read(100)
    process.stdout.close()
    try:
        _, stderr = process.communicate(timeout=HANG_LIMIT)
    finally:
        if process.poll() is None:
            process.kill()
    assert stderr == b""
    assert process.returncode == -signal.SIGPIPE


# -- --force-exclude (A5) -------------------------------------------------------------------------


@pytest.fixture
def docs_repository(tree: Path) -> Path:
    """A docs repository whose config lints only postmortems/, with a README and a draft that blame."""
    (tree / ".pmlint.yaml").write_text('include: ["postmortems/**"]\nexclude: ["drafts"]\n', encoding="utf-8")
    (tree / "README.md").write_text("# Docs\n\nJohn forgot to write this README.\n", encoding="utf-8")
    for name in ("postmortems/2026-03-15.md", "postmortems/drafts/next.md", "postmortems/skip.md"):
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text(BLAME, encoding="utf-8")
    return tree


NAMED = ["README.md", "postmortems/2026-03-15.md", "postmortems/drafts/next.md"]


def test_named_files_skip_include_and_exclude_without_force_exclude(docs_repository: Path) -> None:
    result = lint(docs_repository, "check", "--format", "json", *NAMED)
    assert result.returncode == 1, stderr_of(result)
    assert {path for path, _, _ in json_findings(result)} == set(NAMED)


def test_force_exclude_applies_include_and_exclude_to_named_files(docs_repository: Path) -> None:
    result = lint(docs_repository, "check", "--format", "json", "--force-exclude", *NAMED)
    assert result.returncode == 1, stderr_of(result)
    assert json_findings(result) == [("postmortems/2026-03-15.md", *BLAME_FINDING)]
    # The same files a walk of the repository lints.
    walked = lint(docs_repository, "check", "--format", "json", ".")
    assert {path for path, _, _ in json_findings(walked)} == {"postmortems/2026-03-15.md", "postmortems/skip.md"}


def test_force_exclude_with_every_named_file_skipped_is_clean(docs_repository: Path) -> None:
    result = lint(docs_repository, "check", "--force-exclude", "README.md", "postmortems/drafts/next.md")
    assert result.returncode == 0, stderr_of(result)
    assert stderr_of(result) == ""


def test_force_exclude_skips_a_named_excluded_directory(docs_repository: Path) -> None:
    result = lint(docs_repository, "check", "--format", "json", "--force-exclude", "postmortems/drafts",
                    "postmortems/2026-03-15.md")
    assert result.returncode == 1, stderr_of(result)
    assert json_findings(result) == [("postmortems/2026-03-15.md", *BLAME_FINDING)]


def test_force_exclude_applies_to_stdin_filename(docs_repository: Path) -> None:
    text = BLAME.encode()
    skipped = lint(docs_repository, "check", "--format", "json", "--force-exclude", "-", "--stdin-filename",
                     "README.md", stdin=text)
    assert skipped.returncode == 0, stderr_of(skipped)
    assert json.loads(skipped.stdout) == []
    linted = lint(docs_repository, "check", "--format", "json", "--force-exclude", "-", "--stdin-filename",
                    "postmortems/new.md", stdin=text)
    assert linted.returncode == 1, stderr_of(linted)
    assert json_findings(linted) == [("postmortems/new.md", *BLAME_FINDING)]
    # --fix prints an excluded buffer back unchanged.
    fixed = lint(docs_repository, "check", "--fix", "--force-exclude", "-", "--stdin-filename", "README.md",
                   stdin=text)
    assert fixed.returncode == 0, stderr_of(fixed)
    assert fixed.stdout == text


def test_force_exclude_in_the_config_applies_to_named_files(docs_repository: Path) -> None:
    config = docs_repository / ".pmlint.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "force-exclude: true\n", encoding="utf-8")
    result = lint(docs_repository, "check", "--format", "json", *NAMED)
    assert result.returncode == 1, stderr_of(result)
    assert json_findings(result) == [("postmortems/2026-03-15.md", *BLAME_FINDING)]
    skipped = lint(docs_repository, "check", "--format", "json", "-", "--stdin-filename", "README.md",
                   stdin=BLAME.encode())
    assert (skipped.returncode, json.loads(skipped.stdout)) == (0, []), stderr_of(skipped)
    # --no-force-exclude lints the named files anyway, for one run.
    forced_off = lint(docs_repository, "check", "--format", "json", "--no-force-exclude", *NAMED)
    assert {path for path, _, _ in json_findings(forced_off)} == set(NAMED)


def test_force_exclude_in_the_config_must_be_a_boolean(docs_repository: Path) -> None:
    (docs_repository / ".pmlint.yaml").write_text("force-exclude: sometimes\n", encoding="utf-8")
    result = lint(docs_repository, "check", "README.md")
    assert result.returncode == 2
    assert "force-exclude" in stderr_of(result) and "must be true or false" in stderr_of(result)
    assert "Traceback" not in stderr_of(result)


def test_shipped_pre_commit_hook_uses_force_exclude() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(hook for hook in hooks if hook["id"] == "pmlint")
    command = hook["entry"].split() + list(hook.get("args", []))
    assert command[:2] == ["pmlint", "check"]
    assert "--force-exclude" in command


def test_github_action_honours_include_and_exclude_for_named_files() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    lint = next(step for step in action["runs"]["steps"] if step.get("id") == "lint")
    assert "args=(check --force-exclude " in lint["run"]
