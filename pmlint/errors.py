"""The one error hierarchy: every user-caused problem ends as exit code 2 with a located message."""
from __future__ import annotations

import stat


class PmlintError(Exception):
    """A user error (bad input, bad config, bad usage), never a bug.

    ``file``, ``line`` and ``key`` locate the problem so the message can name it.
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 key: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.key = key

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        key = f"'{self.key}': " if self.key else ""
        return f"{where}{key}{self.message}"


class ConfigError(PmlintError):
    """A configuration file, preset or command-line option is invalid."""


class InputError(PmlintError):
    """A file cannot be read or decoded as text."""


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, for messages: "a FIFO", "a character device"..."""
    for test, kind in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "a special file"
