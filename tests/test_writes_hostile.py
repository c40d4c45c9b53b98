"""Everything pmlint writes, attacked (issue 15: B1, B2, A6 and the --fix items).

- Output targets (``--write-baseline``, ``schema -o``, ``init --force``): only a regular file is
  replaced; a character device or a FIFO with a reader is written in place; a FIFO without a
  reader, a socket, a block device is refused with exit 2 and stays what it was. Symbolic links
  are written through.
- ``--fix`` never loses another program's save: injected at every step of the write, and raced
  at random moments (``tests/race_writes.py``).
- ``--write-baseline`` on part of the tree keeps the other files' entries.
- ``--fix`` applies a fix that exposes another rule's finding, refuses one that changes the
  document's structure, and refuses (exit 2) rather than break hard links, drop extended
  attributes or rewrite a read-only file; names up to 255 bytes work.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import assert_no_traceback, findings

from pmlint.cli import cli
from pmlint.commands.fixer import write_atomically
from pmlint.errors import InputError

try:
    import pmlint.commands.safewrite as safewrite
except ImportError:  # pragma: no cover - the code before issue 15, for showing these tests fail on it
    safewrite = None  # type: ignore[assignment]

NASTY = Path(__file__).resolve().parent / "nasty"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
posix = pytest.mark.skipif(os.name != "posix", reason="POSIX special files")
needs_root = pytest.mark.skipif(not ROOT, reason="device nodes and other owners need root")

DOC = b"It was a disaster.\n"
FIXED = b"It was a major incident.\n"
SELECT = ("--select", "PM402", "--unsafe-fixes")  # one fix, applied by --fix


def pmlint(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real CLI in a child process: a hang fails the test (TimeoutExpired) instead of stopping it."""
    return subprocess.run([sys.executable, "-m", "pmlint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, check=False)


def invoke(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert_no_traceback(result)
    return result


def temporaries(directory: Path) -> list[str]:
    return sorted(name for name in os.listdir(directory) if name.endswith(".pmlint"))


def schema_text() -> str:
    from pmlint.config.schema import render_schema

    return render_schema()


# -- B1: output targets that are not regular files -------------------------------------------------

OUTPUTS = {
    "write-baseline": lambda name: ("check", "--select", "PM402", "--write-baseline", name, "doc.md"),
    "schema": lambda name: ("schema", "-o", name),
}


@posix
@pytest.mark.parametrize("command", [*OUTPUTS, "init --force"])
def test_a_fifo_that_nothing_reads_is_refused_and_stays_a_fifo(tmp_path, command):
    (tmp_path / "doc.md").write_bytes(DOC)
    name = ".pmlint.yaml" if command == "init --force" else "out.json"
    os.mkfifo(tmp_path / name)
    args = ("init", "--force", ".") if command == "init --force" else OUTPUTS[command](name)
    result = pmlint(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert f"pmlint: error: {name}: is a FIFO (named pipe) that nothing reads; not written" in result.stderr
    assert "Traceback" not in result.stderr
    assert stat.S_ISFIFO(os.lstat(tmp_path / name).st_mode)
    assert temporaries(tmp_path) == []


@posix
def test_a_fifo_with_a_reader_receives_the_output(tmp_path):
    fifo = tmp_path / "schema.json"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()  # blocks in open() until pmlint opens the other end
    result = pmlint("schema", "-o", fifo.name, cwd=tmp_path)
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert received == [schema_text().encode("utf-8")]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@posix
@pytest.mark.parametrize("command", list(OUTPUTS))
def test_dev_stdout_into_a_pipe_is_written_in_place(tmp_path, command):
    """``-o /dev/stdout | jq``: stdout is a pipe (a FIFO), which the output goes into."""
    (tmp_path / "doc.md").write_bytes(DOC)
    result = pmlint(*OUTPUTS[command]("/dev/stdout"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    if command == "schema":
        assert result.stdout == schema_text()
    else:
        data = json.loads(result.stdout)  # paths relative to the baseline's directory, /dev
        assert [os.path.normpath(os.path.join("/dev", item["path"])) for item in data["findings"]] == \
            [str(tmp_path / "doc.md")]


@posix
@pytest.mark.skipif(not Path("/dev/null").is_char_device(), reason="no /dev/null")
@pytest.mark.parametrize("command", list(OUTPUTS))
def test_dev_null_stays_a_character_device(tmp_path, command):
    (tmp_path / "doc.md").write_bytes(DOC)
    before = os.stat("/dev/null")
    result = pmlint(*OUTPUTS[command]("/dev/null"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


@posix
@needs_root
@pytest.mark.parametrize("command", list(OUTPUTS))
def test_a_character_device_is_written_in_place_never_replaced(tmp_path, command):
    """A copy of /dev/null's node in the test's directory: what a rename would have replaced."""
    (tmp_path / "doc.md").write_bytes(DOC)
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    inode = os.lstat(node).st_ino
    result = pmlint(*OUTPUTS[command]("null"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    info = os.lstat(node)
    assert stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(1, 3) and info.st_ino == inode
    assert temporaries(tmp_path) == []


@posix
@pytest.mark.skipif(not Path("/dev/full").is_char_device(), reason="no /dev/full")
def test_a_full_device_is_a_write_error(tmp_path):
    result = pmlint("schema", "-o", "/dev/full", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "pmlint: error: /dev/full: cannot write: No space left on device\n"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@posix
@needs_root
def test_a_block_device_is_refused_and_never_opened(tmp_path):
    node = tmp_path / "disk"
    os.mknod(node, stat.S_IFBLK | 0o600, os.makedev(7, 250))
    result = pmlint("schema", "-o", "disk", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "pmlint: error: disk: is a block device, not a regular file; not replaced\n"
    assert stat.S_ISBLK(os.lstat(node).st_mode)


@posix
def test_a_socket_is_refused(tmp_path):
    server = socket.socket(socket.AF_UNIX)
    path = tmp_path / "s.sock"
    try:
        server.bind(str(path))
    except OSError:  # pragma: no cover - a path too long for a socket
        pytest.skip("cannot bind a socket here")
    try:
        (tmp_path / "doc.md").write_bytes(DOC)
        result = pmlint(*OUTPUTS["write-baseline"]("s.sock"), cwd=tmp_path)
    finally:
        server.close()
    assert result.returncode == 2
    assert "pmlint: error: s.sock: is a socket, not a regular file; not replaced" in result.stderr
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_symlink_output_writes_the_file_it_points_to(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "shared").mkdir()
    real = tmp_path / "shared" / "schema.json"
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    (tmp_path / "link.json").symlink_to(Path("shared") / "schema.json")
    result = invoke("schema", "-o", "link.json")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "link.json").is_symlink()
    assert os.readlink(tmp_path / "link.json") == os.path.join("shared", "schema.json")
    assert real.read_text(encoding="utf-8") == schema_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert temporaries(tmp_path) == [] and temporaries(tmp_path / "shared") == []


@posix
@needs_root
def test_a_symlink_to_a_device_writes_into_the_device(tmp_path):
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    (tmp_path / "out.json").symlink_to("null")
    result = pmlint("schema", "-o", "out.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.json").is_symlink() and stat.S_ISCHR(os.lstat(node).st_mode)


def test_a_dangling_symlink_output_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.md").write_bytes(DOC)
    (tmp_path / "b.json").symlink_to("elsewhere/b.json")
    result = invoke(*OUTPUTS["write-baseline"]("b.json"))
    assert result.exit_code == 2
    assert "b.json" in result.stderr
    assert (tmp_path / "b.json").is_symlink() and not (tmp_path / "elsewhere").exists()


@posix
@pytest.mark.parametrize("command", list(OUTPUTS))
def test_a_read_only_or_hard_linked_output_is_refused(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.md").write_bytes(DOC)
    output = tmp_path / "out.json"
    output.write_text("", encoding="utf-8")
    output.chmod(0o444)
    result = invoke(*OUTPUTS[command]("out.json"))
    assert result.exit_code == 2
    assert result.stderr == "pmlint: error: out.json: file is read-only (mode 0444); not written\n"
    assert output.read_text(encoding="utf-8") == ""
    output.chmod(0o644)
    os.link(output, tmp_path / "twin.json")
    result = invoke(*OUTPUTS[command]("out.json"))
    assert result.exit_code == 2
    assert result.stderr == ("pmlint: error: out.json: has 2 hard links, which replacing it would break; "
                             "not written\n")
    assert os.stat(output).st_ino == os.stat(tmp_path / "twin.json").st_ino


# -- B2: an editor's save during --fix's write is never lost ----------------------------------------

ORIGINAL = b"It was a disaster for the team.\n" * 2000
FIXED_TEXT = ORIGINAL.replace(b"disaster", b"major incident")
SAVED = ORIGINAL.replace(b"the team", b"the payments team")
STEPS = ["after-read", "before-fsync", "before-chmod", "before-swap", "after-swap"]


def _inject(monkeypatch, step: str, save) -> None:
    """Call ``save`` once, at ``step`` of the fixed file's write."""
    done = []

    def once():
        if not done:
            done.append(True)
            save()

    def before(function):
        def hooked(*args, **kwargs):
            once()
            return function(*args, **kwargs)
        return hooked

    def after(function):
        def hooked(*args, **kwargs):
            result = function(*args, **kwargs)
            if result is not False:  # an exchange that was not possible did nothing: the rename comes next
                once()
            return result
        return hooked

    wrap = after if step == "after-swap" else before
    if step == "after-read":
        monkeypatch.setattr(tempfile, "mkstemp", before(tempfile.mkstemp))
    elif step == "before-fsync":
        monkeypatch.setattr(os, "fsync", before(os.fsync))
    elif step == "before-chmod":
        monkeypatch.setattr(os, "chmod", before(os.chmod))
    else:  # the swap: an exchange of the two names (Linux), else a rename
        monkeypatch.setattr(os, "replace", wrap(os.replace))
        if safewrite is not None:
            monkeypatch.setattr(safewrite, "exchange", wrap(safewrite.exchange))


# Another program that saves in place: opens the file for writing, truncates it, writes.
IN_PLACE = ("import sys\ndata = open(sys.argv[2], 'rb').read()\nwith open(sys.argv[1], 'r+b') as handle:\n"
            "    handle.truncate(0)\n    handle.write(data)\n")


def _leased_and_waited_on(path: Path) -> bool:
    """Whether this process holds a lease on ``path``'s file that another process is waiting on."""
    import fcntl

    inode = os.stat(path).st_ino
    for name in os.listdir("/proc/self/fd"):
        try:
            descriptor = int(name)
            if os.fstat(descriptor).st_ino == inode and fcntl.fcntl(descriptor, fcntl.F_GETLEASE) == fcntl.F_UNLCK:
                return True
        except OSError:
            continue
    return False


def _save_in_place(path: Path) -> subprocess.Popen:
    """Start the in-place save in another process and return once it has written, or is waiting for
    pmlint's lease on the file (pmlint lets it go on when it ends)."""
    saved = path.parent / "saved.bin"
    saved.write_bytes(SAVED)
    editor = subprocess.Popen([sys.executable, "-c", IN_PLACE, str(path), str(saved)])
    for _ in range(6000):
        if editor.poll() is not None or _leased_and_waited_on(path):
            return editor
        time.sleep(0.005)
    raise AssertionError("the editor neither saved nor waited for the lease")


@posix
@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd")
@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "rename-only"])
@pytest.mark.parametrize("style", ["in-place", "rename"])
@pytest.mark.parametrize("step", STEPS)
def test_a_save_at_any_step_of_the_write_is_kept(tmp_path, monkeypatch, step, style, exchange):
    if not exchange:
        if safewrite is None:
            pytest.skip("no safewrite")
        if style == "rename" and step == "before-swap":
            pytest.skip("the documented residual window where the exchange is missing: between the last "
                        "check and the rename")
        monkeypatch.setattr(safewrite, "_exchange_works", False)
    path = tmp_path / "doc.md"
    path.write_bytes(ORIGINAL)
    editors: list[subprocess.Popen] = []

    def save():
        if style == "in-place":
            editors.append(_save_in_place(path))
        else:
            (tmp_path / "save.tmp").write_bytes(SAVED)
            os.replace(tmp_path / "save.tmp", path)

    _inject(monkeypatch, step, save)
    try:
        write_atomically(path, FIXED_TEXT, ORIGINAL)
        outcome = "written"
    except InputError as error:
        assert error.message.startswith("file changed while it was being fixed; not written"), error.message
        outcome = "refused"
    finally:
        monkeypatch.undo()
        for editor in editors:
            assert editor.wait(timeout=60) == 0
    assert path.read_bytes() == SAVED, "the editor's save was lost"
    (tmp_path / "saved.bin").unlink(missing_ok=True)
    # A save after the swap comes after the fix (it replaces or rewrites the fixed file); one before
    # it is seen, and the fix is not written.
    assert outcome == ("written" if step == "after-swap" else "refused")
    assert temporaries(tmp_path) == []


@posix
def test_a_file_open_for_writing_elsewhere_is_not_fixed(tmp_path):
    """A program holding the file open for writing may save at any moment: --fix does not write."""
    if not sys.platform.startswith("linux"):
        pytest.skip("leases are Linux's")
    path = tmp_path / "doc.md"
    path.write_bytes(ORIGINAL)
    with open(path, "r+b"):
        with pytest.raises(InputError) as caught:
            write_atomically(path, FIXED_TEXT, ORIGINAL)
    assert caught.value.message == ("file is open for writing in another program; not written (close it there "
                                    "and run again)")
    assert path.read_bytes() == ORIGINAL
    assert temporaries(tmp_path) == []


@posix
def test_random_moment_saves_are_never_lost(tmp_path):
    """``tests/race_writes.py``: PMLINT_RACE_TRIALS saves (default 200) at random moments of the write."""
    import race_writes

    trials = int(os.environ.get("PMLINT_RACE_TRIALS", "200"))
    counts = race_writes.race(tmp_path, trials)
    assert (counts["lost"], counts["corrupt"]) == (0, 0), counts
    assert sum(count for key, count in counts.items() if ":" in key) == trials


# -- A6: a partial --write-baseline keeps what it did not lint -------------------------------------


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", "-c", "commit.gpgsign=false",
                           "-c", "init.defaultBranch=main", *args], cwd=repo, capture_output=True, text=True,
                          check=True).stdout


def _entries(path: Path) -> dict[str, list[str]]:
    by_path: dict[str, list[str]] = {}
    for item in json.loads(path.read_text(encoding="utf-8"))["findings"]:
        by_path.setdefault(item["path"], []).append(item["message"])
    return by_path


@pytest.fixture
def fifty(tmp_path, monkeypatch) -> Path:
    """A git repository with 50 committed post-mortems of one PM402 finding each, and a baseline of them."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    for index in range(50):
        (tmp_path / "docs" / f"pm-{index:02}.md").write_text(f"Part {index} was a disaster.\n", encoding="utf-8")
    _git(tmp_path, "init", "-q", ".")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "fifty")
    result = invoke("check", "--select", "PM402", "--write-baseline", "b.json", "docs")
    assert result.exit_code == 0, result.output
    assert len(_entries(tmp_path / "b.json")) == 50
    return tmp_path


def test_changed_since_write_baseline_keeps_the_entries_of_unchanged_files(fifty):
    (fifty / "docs" / "pm-07.md").write_text("Part 7 was a fiasco.\n", encoding="utf-8")
    result = invoke("check", "--select", "PM402", "--changed-since", "HEAD", "--write-baseline", "b.json", "docs")
    assert result.exit_code == 0, result.output
    assert result.stderr == ("pmlint: recorded 1 finding in 1 file to b.json, keeping 49 findings of 49 files "
                             "this run did not lint\n")
    entries = _entries(fifty / "b.json")
    assert len(entries) == 50
    assert entries["docs/pm-07.md"] == ["'fiasco' is charged language; write 'incident'"]
    assert entries["docs/pm-08.md"] == ["'disaster' is charged language; write 'major incident'"]
    # The whole tree against it: nothing new.
    result = invoke("check", "--select", "PM402", "--baseline", "b.json", "--format", "json", "docs")
    assert (result.exit_code, findings(result)) == (0, [])


def test_files_named_one_by_one_update_only_their_entries(fifty):
    (fifty / "docs" / "pm-03.md").write_text("Part 3 is fine.\n", encoding="utf-8")
    (fifty / "docs" / "pm-09.md").unlink()  # gone: nothing left to hide in it
    result = invoke("check", "--select", "PM402", "--write-baseline", "b.json", "docs/pm-03.md")
    assert result.exit_code == 0, result.output
    assert "keeping 48 findings of 48 files this run did not lint" in result.stderr
    entries = _entries(fifty / "b.json")
    assert "docs/pm-03.md" not in entries and "docs/pm-09.md" not in entries
    assert len(entries) == 48
    # A run over everything records exactly the tree, as before.
    result = invoke("check", "--select", "PM402", "--write-baseline", "b.json", "docs")
    assert result.stderr == "pmlint: recorded 48 findings in 48 files to b.json\n"


@pytest.mark.parametrize("content", ["# Notes\n\nNot a baseline.\n", '{"name": "package"}\n',
                                     '{"pmlint-baseline": 1, "findings": [{"path": "x"}]}\n'])
def test_a_file_that_is_not_a_baseline_is_not_replaced(tmp_path, monkeypatch, content):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.md").write_bytes(DOC)
    (tmp_path / "README.md").write_text(content, encoding="utf-8")
    result = invoke("check", "--select", "PM402", "--write-baseline", "README.md", "doc.md")
    assert result.exit_code == 2
    assert result.stderr.startswith("pmlint: error: README.md: '--write-baseline': ")
    assert "not replaced (remove it first, or name another file)" in result.stderr
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == content


@pytest.mark.parametrize("content", ["", '{"pmlint-baseline": 2, "findings": "a future format"}\n'])
def test_an_empty_file_or_another_formats_baseline_is_recorded_afresh(tmp_path, monkeypatch, content):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.md").write_bytes(DOC)
    (tmp_path / "b.json").write_text(content, encoding="utf-8")
    result = invoke("check", "--select", "PM402", "--write-baseline", "b.json", "doc.md")
    assert result.exit_code == 0, result.output
    assert list(_entries(tmp_path / "b.json")) == ["doc.md"]


# -- --fix: a fix that exposes another finding, and one that breaks the document --------------------


def test_a_fix_that_exposes_blame_is_applied_and_the_blame_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(NASTY / "fix-exposes-blame.md", tmp_path / "doc.md")
    result = invoke("check", "--fix", "--format", "json", "doc.md")
    assert result.exit_code == 1, result.output
    assert (tmp_path / "doc.md").read_bytes() == \
        b"The outage was due to the config push, which was human error.\n"
    codes = [item["code"] for item in findings(result)]
    assert "PM401" in codes and "PM402" not in codes
    assert "please report" not in result.stderr
    assert "pmlint: fixed 1 finding in 1 file" in result.stderr


def test_a_fix_that_would_change_the_structure_is_refused(tmp_path, monkeypatch):
    """A configured replacement that turns the line above into a setext heading."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".pmlint.yaml").write_text('wordlists:\n  charged-replacements:\n    add: ["kludge -> ===="]\n',
                                           encoding="utf-8")
    before = b"# Title\n\nSome text\nkludge\n\nMore.\n"
    (tmp_path / "doc.md").write_bytes(before)
    result = invoke("check", *SELECT, "--fix", "doc.md")
    assert result.exit_code == 2
    assert "fixes not applied: they would change the document's structure" in result.stderr
    assert (tmp_path / "doc.md").read_bytes() == before


# -- --fix: hard links, extended attributes, read-only files, long names ----------------------------


@posix
def test_fix_refuses_to_break_a_hard_link(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.md").write_bytes(DOC)
    os.link(tmp_path / "doc.md", tmp_path / "alias.md")
    result = invoke("check", *SELECT, "--fix", "doc.md")
    assert result.exit_code == 2
    assert result.stderr == ("pmlint: error: doc.md: has 2 hard links, which replacing it would break; "
                             "not written (--diff shows the changes)\n")
    assert (tmp_path / "doc.md").read_bytes() == DOC
    assert os.stat(tmp_path / "doc.md").st_ino == os.stat(tmp_path / "alias.md").st_ino
    assert temporaries(tmp_path) == []


@posix
@pytest.mark.skipif(not hasattr(os, "setxattr"), reason="no extended attributes")
def test_fix_keeps_extended_attributes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "doc.md"
    path.write_bytes(DOC)
    try:
        os.setxattr(path, "user.pmlint-test", b"reviewed by ops\x00\xff")
    except OSError as error:  # pragma: no cover
        if error.errno in (errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
            pytest.skip("this filesystem has no user extended attributes")
        raise
    result = invoke("check", *SELECT, "--fix", "doc.md")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == FIXED
    assert os.getxattr(path, "user.pmlint-test") == b"reviewed by ops\x00\xff"


@posix
@pytest.mark.skipif(not hasattr(os, "setxattr"), reason="no extended attributes")
def test_fix_refuses_when_an_attribute_cannot_be_kept(tmp_path, monkeypatch):
    path = tmp_path / "doc.md"
    path.write_bytes(DOC)
    try:
        os.setxattr(path, "user.pmlint-test", b"x")
    except OSError:  # pragma: no cover
        pytest.skip("this filesystem has no user extended attributes")

    def refuse(*_args, **_kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "setxattr", refuse)
    with pytest.raises(InputError) as caught:
        write_atomically(path, FIXED, DOC)
    monkeypatch.undo()
    assert caught.value.message == ("cannot keep the extended attribute 'user.pmlint-test' (Operation not "
                                    "permitted); not written")
    assert path.read_bytes() == DOC
    assert temporaries(tmp_path) == []


@posix
@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555], ids=lambda mode: f"{mode:04o}")
def test_fix_refuses_a_read_only_file_even_as_root(tmp_path, monkeypatch, mode):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "doc.md"
    path.write_bytes(DOC)
    path.chmod(mode)
    result = invoke("check", *SELECT, "--fix", "doc.md")
    assert result.exit_code == 2
    assert result.stderr == f"pmlint: error: doc.md: file is read-only (mode {mode:04o}); not written\n"
    assert path.read_bytes() == DOC
    assert stat.S_IMODE(path.stat().st_mode) == mode


@posix
@needs_root
def test_fix_keeps_mode_owner_and_attributes_together(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "doc.md"
    path.write_bytes(DOC)
    os.chown(path, 4321, 4322)
    path.chmod(0o664)
    os.setxattr(path, "user.note", b"kept")
    assert invoke("check", *SELECT, "--fix", "doc.md").exit_code == 0
    info = path.stat()
    assert path.read_bytes() == FIXED
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4321, 4322, 0o664)
    assert os.getxattr(path, "user.note") == b"kept"


LONG_NAMES = {"ascii-255": "p" * 252 + ".md", "utf8-255": "é" * 126 + ".md"}


@posix
@pytest.mark.parametrize("name", list(LONG_NAMES.values()), ids=list(LONG_NAMES))
def test_fix_and_new_work_with_a_255_byte_name(tmp_path, monkeypatch, name):
    assert len(os.fsencode(name)) == 255
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(DOC)
    result = invoke("check", *SELECT, "--fix", name)
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).read_bytes() == FIXED
    (tmp_path / name).unlink()
    result = invoke("new", "Disk full", "--date", "2026-03-15", "-o", name)
    assert result.exit_code == 0, result.output
    assert "Disk full" in (tmp_path / name).read_text(encoding="utf-8")
    result = invoke("schema", "-o", name)  # replacing it too
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(tmp_path)) == [name]


@posix
def test_two_saves_around_the_exchange_keep_the_newest_and_remove_nothing(tmp_path, monkeypatch):
    """A save renamed over the file just before the exchange, and another just before it is undone:
    the newest stays under the file's name, the one before it is kept beside it."""
    if safewrite is None or not safewrite.exchange(str(tmp_path), str(tmp_path)):
        pytest.skip("no exchange of names here")
    path = tmp_path / "doc.md"
    path.write_bytes(ORIGINAL)
    saves = [ORIGINAL.replace(b"team", b"first save"), ORIGINAL.replace(b"team", b"second save")]
    real = safewrite.exchange

    def save_then_exchange(first, second):
        if saves:
            (tmp_path / "save.tmp").write_bytes(saves.pop(0))
            os.replace(tmp_path / "save.tmp", path)
        return real(first, second)

    monkeypatch.setattr(safewrite, "exchange", save_then_exchange)
    with pytest.raises(InputError) as caught:
        write_atomically(path, FIXED_TEXT, ORIGINAL)
    monkeypatch.undo()
    assert path.read_bytes() == ORIGINAL.replace(b"team", b"second save")
    [kept] = temporaries(tmp_path)
    assert (tmp_path / kept).read_bytes() == ORIGINAL.replace(b"team", b"first save")
    assert caught.value.message == f"{safewrite.CHANGED} (an earlier save of it is kept as {tmp_path / kept})"
