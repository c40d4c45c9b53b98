"""The one error hierarchy: every user-caused problem ends as exit code 2 with a located message."""
from __future__ import annotations

import stat
from collections.abc import Iterable, Sequence


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

    def lines(self) -> list[str]:
        """The error as lines of text, one per problem (the command line prints each as an error)."""
        return [str(self)]


# The most problems one configuration error lists (the rest are counted).
MAX_PROBLEMS = 100


class ConfigError(PmlintError):
    """A configuration file, preset or command-line option is invalid.

    One error may carry several problems (every problem validation found in a file and the files it
    extends, in file order): ``problems`` lists them, each located; ``message``, ``file``, ``line`` and
    ``key`` are the first one's. Made by ``ConfigError.several``.
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 key: str | None = None) -> None:
        super().__init__(message, file=file, line=line, key=key)
        self.problems: tuple[ConfigError, ...] = (self,)

    @classmethod
    def several(cls, problems: Sequence[ConfigError]) -> ConfigError:
        """One error for all ``problems`` (at least one; a single problem is returned as it is)."""
        flat = [problem for error in problems for problem in error.problems]
        if len(flat) == 1:
            return flat[0]
        if len(flat) > MAX_PROBLEMS:  # a file of 50,000 unknown keys is not 50,000 lines of errors
            last = flat[MAX_PROBLEMS - 1]
            flat[MAX_PROBLEMS - 1:] = [cls(f"{len(flat) - MAX_PROBLEMS + 1:,} more problems not shown",
                                           file=last.file)]
        first = flat[0]
        error = cls(first.message, file=first.file, line=first.line, key=first.key)
        error.problems = tuple(flat)
        return error

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def lines(self) -> list[str]:
        return [PmlintError.__str__(problem) for problem in self.problems]


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """", did you mean 'x'?" (or "'x' or 'y'") for the choices closest to a mistyped ``word``, or ""
    when none is close. Case is ignored; the choices are quoted as written."""
    return suggestion(close_matches(word, choices, cutoff))


def close_matches(word: str, choices: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """The (at most two) choices closest to ``word`` by difflib's similarity, case ignored."""
    import difflib  # only a message with a suggestion needs it

    if len(word) > 100:  # nothing pmlint names is this long; and the comparison stays bounded
        return []
    by_folded: dict[str, str] = {}
    for choice in choices:
        by_folded.setdefault(choice.casefold(), choice)
    return [by_folded[match] for match in difflib.get_close_matches(word.casefold(), list(by_folded), n=2,
                                                                      cutoff=cutoff)]


def suggestion(quoted: Sequence[str]) -> str:
    """", did you mean 'x' or 'y'?" for already chosen suggestions (items are quoted unless they are)."""
    if not quoted:
        return ""
    return ", did you mean " + " or ".join(item if item.startswith("'") else f"'{item}'" for item in quoted) + "?"


class InputError(PmlintError):
    """A file cannot be read or decoded as text."""


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, for messages: "a FIFO", "a character device"..."""
    for test, kind in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "a special file"
