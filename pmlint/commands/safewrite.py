"""Writing files without losing anything: the one place where pmlint creates or replaces a file.

Everything pmlint writes goes through here: a fixed post-mortem (``--fix``), a baseline
(``--write-baseline``), the configuration's JSON Schema (``schema -o``, ``init``), a configuration
(``init``, ``init --force``) and a new post-mortem (``new``).

- A new file is written to a temporary file beside it and linked into place: whole or not at all,
  and never over a file that appeared meanwhile.
- Only a regular file is ever replaced, by renaming a complete temporary file over it, with the
  original's mode, owner (where the process may set it) and extended attributes. A crash leaves the
  old file or the new one. A file that a rename would damage is refused (exit 2): one with several
  hard links (a rename would split them), a read-only one (no write permission in its mode, checked
  even for root), one whose extended attributes cannot be copied.
- A symbolic link is followed: the file it points to is written and the link stays a link.
- An output that is not a regular file is never replaced: a character device (``/dev/null``,
  ``/dev/stdout``) or a FIFO that has a reader (``-o /dev/stdout | jq``) is written in place, as a
  shell redirection would; a FIFO without a reader, a socket, a block device or a directory is
  refused.
- A temporary file is named ``.NAME.XXXXXXXX.pmlint`` with NAME cut to 24 characters, so a file
  whose name is near the 255-byte limit can still be written.

``--fix`` replaces a file only if it still holds the text that was linted, and closes the window
in which another program's save could be lost (see :func:`replace_file`).
"""
from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from pmlint.errors import InputError, file_kind

SUFFIX = ".pmlint"
_KEEP = 24  # characters of a file's name kept in its temporary's name (at most 96 bytes of UTF-8)
CHANGED = "file changed while it was being fixed; not written"
# Opening never blocks (a FIFO), never makes a terminal ours, never leaks into a child process.
_FLAGS = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def temporary_beside(directory: str | Path, name: str) -> tuple[int, str]:
    """A new, empty temporary file in ``directory``, named after ``name`` but short enough for any name."""
    return tempfile.mkstemp(dir=directory, prefix=f".{name[:_KEEP]}.", suffix=SUFFIX)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


# -- new files ------------------------------------------------------------------------------------


def create_new(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``, whole or not at all; an existing file (or link) is never replaced.

    The text goes to a temporary file beside it first and is then hard-linked into place, which
    fails, atomically, if the name was taken meanwhile.
    """
    label = path.as_posix()
    if path.exists() or path.is_symlink():
        raise InputError("already exists; not overwritten (choose another name, or remove it first)", file=label)
    try:
        descriptor, temporary = temporary_beside(path.parent, path.name)
    except OSError as error:
        raise InputError(f"cannot write here: {_reason(error)}", file=label) from None
    try:
        with os.fdopen(descriptor, "wb") as output:
            output.write(data)
            output.flush()
            os.fsync(output.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise InputError("already exists; not overwritten", file=label) from None
        except OSError:
            # A filesystem without hard links: exclusive creation still never replaces a file.
            _create_exclusively(path, data)
    except OSError as error:
        raise InputError(f"cannot write: {_reason(error)}", file=label) from None
    finally:
        try:
            os.unlink(temporary)
        except OSError:
            pass


def _create_exclusively(path: Path, data: bytes) -> None:
    with open(path, "xb") as output:
        try:
            output.write(data)
        except BaseException:
            output.close()
            path.unlink()
            raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# -- generated outputs ----------------------------------------------------------------------------


def write_output(path: Path, data: bytes, *, replace: bool) -> None:
    """Write a file pmlint generates (a baseline, a schema, a configuration) to ``path``.

    A missing file is created. An existing one is replaced only when ``replace``, and then only if
    it is a regular file (through a symbolic link, the file it points to); a character device or a
    FIFO with a reader is written in place; anything else is refused.
    """
    label = path.as_posix()
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError("is a symbolic link to a missing file; not written", file=label) from None
        create_new(path, data)
        return
    except OSError as error:
        raise InputError(f"cannot write: {_reason(error)}", file=label) from None
    if not replace:
        raise InputError("already exists; not overwritten (choose another name, or remove it first)", file=label)
    if stat.S_ISREG(info.st_mode):
        replace_file(path, data, None)
    elif stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        _write_in_place(path, data, label, fifo=stat.S_ISFIFO(info.st_mode))
    else:
        raise InputError(f"is {file_kind(info.st_mode)}, not a regular file; not replaced", file=label)


def _write_in_place(path: Path, data: bytes, label: str, fifo: bool) -> None:
    """Write to a character device or a FIFO as ``>`` would, without waiting for a reader that may
    never come: opening a FIFO without a reader fails at once (ENXIO) instead of blocking."""
    try:
        descriptor = os.open(path, os.O_WRONLY | _FLAGS)
    except OSError as error:
        if error.errno == errno.ENXIO and fifo:
            raise InputError("is a FIFO (named pipe) that nothing reads; not written", file=label) from None
        raise InputError(f"cannot write: {_reason(error)}", file=label) from None
    try:
        if getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(descriptor, True)  # opened without waiting; now write as > would
        view = memoryview(data)
        while view:
            written = os.write(descriptor, view)
            view = view[written:]
    except OSError as error:
        raise InputError(f"cannot write: {_reason(error)}", file=label) from None
    finally:
        os.close(descriptor)


# -- replacing a regular file ---------------------------------------------------------------------


def replace_file(path: Path, data: bytes, expected: bytes | None) -> None:
    """Replace the regular file at ``path`` (through a symbolic link, its target) with ``data``.

    With ``expected`` (``--fix``: the bytes that were linted), nothing is written unless the file
    still holds exactly them, and another program's save during the write is never lost:

    1. the file is opened and checked (a regular file, one link, writable), a read lease is taken on
       it where Linux allows (see :func:`_take_lease`), and its bytes compared;
    2. the new text is written to a temporary file beside it, flushed to disk, and given the
       original's owner, mode and extended attributes;
    3. just before the swap, the name must still lead to the same file with the same bytes;
    4. the temporary file and the original are exchanged in one step (Linux ``renameat2``
       ``RENAME_EXCHANGE``): the original is then under the temporary name, where it is checked
       once more. If it is not the file that was checked (an editor renamed its save over the name
       in between) or its bytes changed (an editor wrote into it), the two are exchanged back, the
       other program's version stays under the file's name, and the fix is reported as not written.
       The same happens when another program is waiting to open the original for writing (the lease
       is broken): it goes on once the original is back under its name.
       Otherwise the original is removed, and checked one last time through the descriptor still
       open on it: a write that landed between the check and the removal is put back.

    What is left: without a lease (another owner's file without root, a filesystem without leases),
    a program that opened the file before the exchange and writes to it after the last check; with
    one, only an open() call already inside the kernel across the last lease check and the removal
    (microseconds). Where the exchange is not available (another system, or a filesystem without
    it) the swap is a plain rename after the step-3 check, and a save renamed over the file in the
    microseconds between the two can be lost.
    """
    label = path.as_posix()
    failure = "cannot write the fixed file" if expected is not None else "cannot write"
    target = os.path.realpath(path)  # write through a symlink, never replace the link itself
    directory, name = os.path.split(target)
    try:
        source = os.open(target, os.O_RDONLY | _FLAGS)
    except OSError as error:
        raise InputError(f"{failure}: {_reason(error)}", file=label) from None
    temporary: str | None = None
    ours = -1  # the temporary file's inode: only that file is ever removed on failure
    try:
        try:
            before = os.fstat(source)
            _check_replaceable(before, target, label, fixing=expected is not None)
            lease = _take_lease(source) if expected is not None else None
            if lease is False:
                raise InputError("file is open for writing in another program; not written (close it there "
                                 "and run again)", file=label)
            if expected is not None and _content(source) != expected:
                raise InputError(CHANGED, file=label)
            attributes = _attributes(source)
            descriptor, temporary = temporary_beside(directory, name)
        except OSError as error:
            raise InputError(f"{failure}: {_reason(error)}", file=label) from None
        try:
            ours = os.fstat(descriptor).st_ino
            output = os.fdopen(descriptor, "wb")
        except BaseException:
            os.close(descriptor)
            raise
        with output:
            output.write(data)
            output.flush()
            os.fsync(output.fileno())
        _keep_owner(temporary, before)
        os.chmod(temporary, stat.S_IMODE(before.st_mode))  # after chown, which may clear set-id bits
        _set_attributes(temporary, attributes, label)
        if expected is None:
            os.replace(temporary, target)
            temporary = None
            return
        if not _unchanged(source, before, target, expected) or _lease_broken(source, lease):
            raise InputError(CHANGED, file=label)
        if not exchange(temporary, target):
            if _lease_broken(source, lease):  # the last look before the rename, which cannot be undone
                raise InputError(CHANGED, file=label)
            os.replace(temporary, target)
            temporary = None
            if _content(source) != expected:  # written in place during the rename: put it back
                _put_back(source, target, ours, attributes, label)
            return
        # The original (or whatever had taken its name) is now under the temporary name.
        displaced = temporary
        if _is_original(displaced, source, before, expected) and not _lease_broken(source, lease):
            os.unlink(displaced)
            temporary = None
            if _content(source) != expected:  # written between the check and the removal
                _put_back(source, target, ours, attributes, label)
            return
        # Theirs back under the file's name, ours under the temporary one. A program waiting to open
        # the original for writing (the lease is broken) then writes to the file under its name.
        exchange(displaced, target)
        if os.lstat(displaced).st_ino != ours:
            # Yet another save (renamed over ours) came between the two exchanges: it is the newest,
            # so it goes back under the file's name; the save before it is kept, nothing is removed.
            exchange(displaced, target)
            temporary = None
            raise InputError(f"{CHANGED} (an earlier save of it is kept as {displaced})", file=label)
        raise InputError(CHANGED, file=label)
    except BaseException as error:
        if temporary is not None:
            try:
                if os.lstat(temporary).st_ino == ours:
                    os.unlink(temporary)
            except OSError:
                pass
        if isinstance(error, OSError):
            raise InputError(f"{failure}: {_reason(error)}", file=label) from None
        raise
    finally:
        os.close(source)


def _check_replaceable(info: os.stat_result, target: str, label: str, fixing: bool) -> None:
    """Refuse what a rename would damage: not a regular file, several hard links, a read-only file."""
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"is {file_kind(info.st_mode)}, not a regular file; not replaced", file=label)
    if info.st_nlink > 1:
        hint = " (--diff shows the changes)" if fixing else ""
        raise InputError(f"has {info.st_nlink} hard links, which replacing it would break; not written{hint}",
                         file=label)
    mode = stat.S_IMODE(info.st_mode)
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    # Root may write anything: the mode bits say what the owner meant.
    if not mode & 0o222 or (root and not mode & stat.S_IWUSR):
        raise InputError(f"file is read-only (mode {mode:04o}); not written", file=label)
    if not root and not os.access(target, os.W_OK):
        raise InputError(f"no permission to write the file (mode {mode:04o}); not written", file=label)


def _take_lease(descriptor: int) -> bool | None:
    """A read lease on the file being fixed (Linux ``F_SETLEASE``). While pmlint holds it, another
    program that opens the file for writing waits (at most the kernel's lease-break time; pmlint
    holds it for milliseconds) and pmlint sees that it tried. True: taken. False: the file is open
    for writing somewhere right now, so a save may land at any moment. None: leases are not
    available (not Linux, another owner's file without root, a filesystem or kernel without them).

    The lease's notice is the signal SIGURG, which is ignored unless handled: the default for a
    lease, SIGIO, would end the process."""
    if not sys.platform.startswith("linux"):
        return None
    import fcntl
    import signal

    try:
        fcntl.fcntl(descriptor, fcntl.F_SETSIG, signal.SIGURG)
        fcntl.fcntl(descriptor, fcntl.F_SETLEASE, fcntl.F_RDLCK)
    except (OSError, AttributeError) as error:
        if isinstance(error, OSError) and error.errno == errno.EAGAIN:
            return False
        return None
    return True


def _lease_broken(descriptor: int, lease: bool | None) -> bool:
    """Whether another program has tried to open the leased file for writing since the lease was taken."""
    if not lease:
        return False
    import fcntl

    return fcntl.fcntl(descriptor, fcntl.F_GETLEASE) != fcntl.F_RDLCK


def _content(descriptor: int) -> bytes:
    os.lseek(descriptor, 0, os.SEEK_SET)
    chunks = []
    while True:
        chunk = os.read(descriptor, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _unchanged(source: int, before: os.stat_result, target: str, expected: bytes) -> bool:
    """Whether the name still leads to the file that was read, and the file still holds ``expected``."""
    if _content(source) != expected:
        return False
    now = os.stat(target)  # after reading, which takes a while: the last thing before the swap
    return (now.st_dev, now.st_ino) == (before.st_dev, before.st_ino)


def _is_original(displaced: str, source: int, before: os.stat_result, expected: bytes) -> bool:
    try:
        info = os.lstat(displaced)
    except OSError:
        return False
    return (info.st_dev, info.st_ino) == (before.st_dev, before.st_ino) and _content(source) == expected


def _put_back(source: int, target: str, ours: int, attributes: list[tuple[str, bytes]], label: str) -> None:
    """Another program wrote into the original while it was being replaced: its text goes back under
    the file's name (if the name still holds the fixed file), and the fix counts as not written."""
    content = _content(source)
    info = os.fstat(source)
    directory, name = os.path.split(target)
    descriptor, temporary = temporary_beside(directory, name)
    kept = False
    try:
        with os.fdopen(descriptor, "wb") as output:
            output.write(content)
            output.flush()
            os.fsync(output.fileno())
        _keep_owner(temporary, info)
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        _set_attributes(temporary, attributes, label)
        if os.stat(target).st_ino == ours:
            os.replace(temporary, target)
            raise InputError(CHANGED, file=label)
        kept = True
    finally:
        if not kept:
            try:
                os.unlink(temporary)
            except OSError:
                pass
    raise InputError(f"{CHANGED} (the other program's text is kept as {temporary})", file=label)


def _keep_owner(temporary: str, original: os.stat_result) -> None:
    """Give the temporary file the original's owner and group where this process may (root may,
    and so may an owner whose file's group is one of theirs); otherwise it keeps the writer's."""
    current = os.stat(temporary)
    if (current.st_uid, current.st_gid) == (original.st_uid, original.st_gid):
        return
    try:
        os.chown(temporary, original.st_uid, original.st_gid)
    except PermissionError:
        try:
            os.chown(temporary, -1, original.st_gid)
        except PermissionError:
            pass


def _attributes(descriptor: int) -> list[tuple[str, bytes]]:
    """The file's extended attributes (ACLs and SELinux labels are some), where the system has them."""
    if not hasattr(os, "listxattr"):
        return []
    try:
        names = os.listxattr(descriptor)
    except OSError as error:
        if error.errno in (errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
            return []
        raise
    return [(name, os.getxattr(descriptor, name)) for name in names]


def _set_attributes(temporary: str, attributes: list[tuple[str, bytes]], label: str) -> None:
    """Copy the original's extended attributes to the temporary file (after chown, which drops
    ``security.capability``). One that cannot be copied stops the write: the file would lose it."""
    for name, value in attributes:
        try:
            if os.getxattr(temporary, name) == value:  # set by the system already (an inherited ACL, a label)
                continue
        except OSError:
            pass
        try:
            os.setxattr(temporary, name, value)
        except OSError as error:
            raise InputError(f"cannot keep the extended attribute '{name}' ({_reason(error)}); not written",
                             file=label) from None


# -- exchanging two names in one step -------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_renameat2: Callable[..., int] | None = None
_exchange_works = True


def exchange(first: str, second: str) -> bool:
    """Swap the files named ``first`` and ``second`` in one step. False (nothing done) where this
    system or filesystem cannot; an OSError for any other failure."""
    global _exchange_works
    function = _load_renameat2() if _exchange_works else None
    if function is None:
        return False
    import ctypes

    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        _exchange_works = False
        return False
    raise OSError(code, os.strerror(code), second)


def _load_renameat2() -> Callable[..., int] | None:
    global _renameat2, _exchange_works
    if _renameat2 is None:
        try:
            import ctypes

            function = ctypes.CDLL(None, use_errno=True).renameat2
        except (AttributeError, OSError, TypeError):  # not Linux, or a C library without it (glibc < 2.28)
            _exchange_works = False
            return None
        function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        function.restype = ctypes.c_int
        _renameat2 = function
    return _renameat2
