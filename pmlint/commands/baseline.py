"""Baselines: today's findings recorded in a file, so that only new ones are reported.

A team with hundreds of legacy post-mortems turns pmlint on with ``--write-baseline FILE``; from
then on ``--baseline FILE`` hides what the file records and reports the rest. A finding is known
by its file, rule and fingerprint (the rule, the message and the flagged text, not the line
number), so editing other parts of a document does not make its old findings new. When the flagged
text itself was edited, the finding still matches a recorded one of the same file, rule and
message, but never more of them than were recorded: a document cannot gain a finding unnoticed.

``--write-baseline`` updates the file rather than starting it over: the entries of the files a run
lints are replaced by their findings, and the entries of files it did not lint (a run with
``--changed-since``, or over some files only) are kept as long as those files exist.
"""
from __future__ import annotations

import json
import os
import stat
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pmlint.errors import ConfigError
from pmlint.model import Finding, stable_message

FORMAT_VERSION = 1
# No document has a billion findings; a count beyond this is not a baseline pmlint wrote.
MAX_COUNT = 10**9


class _BadNumber(ValueError):
    pass


def _parse_int(text: str) -> int:
    # Python refuses to convert more than 4,300 digits (a ValueError deep in the JSON decoder).
    if len(text) > 20:
        raise _BadNumber(f"a number of {len(text):,} digits")
    return int(text)


def _parse_constant(text: str) -> float:
    raise _BadNumber(f"{text} is not JSON")


def _text(value: object) -> str:
    # Strings as written; numbers are accepted as before. Lists and mappings are not an entry's field.
    if isinstance(value, (dict, list)):
        raise TypeError("not a text")
    return str(value)

@dataclass(frozen=True)
class Entry:
    path: str  # relative to the baseline file's directory, with '/' separators
    code: str
    message: str
    fingerprint: str


@dataclass
class Matched:
    new: list[Finding]  # findings the baseline does not know: reported
    known: int  # findings hidden by the baseline
    gone: int  # recorded findings of the linted files that no longer occur


class Baseline:
    def __init__(self, path: Path, entries: Counter[Entry]) -> None:
        self.path = path
        self.entries = entries

    @classmethod
    def read(cls, path: Path, key: str = "--baseline") -> Baseline:
        label = path.as_posix()
        try:
            data = json.loads(path.read_bytes().decode("utf-8"), parse_int=_parse_int, parse_constant=_parse_constant)
        except FileNotFoundError:
            raise ConfigError("baseline file not found; record one with --write-baseline FILE", file=label,
                              key=key) from None
        except OSError as error:
            raise ConfigError(f"cannot read the baseline: {error.strerror or error}", file=label,
                              key=key) from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ConfigError(f"not a pmlint baseline (invalid JSON: {error})", file=label, key=key) from None
        except RecursionError:
            raise ConfigError("not a pmlint baseline (JSON nested too deeply)", file=label, key=key) from None
        except _BadNumber as error:
            raise ConfigError(f"not a pmlint baseline ({error})", file=label, key=key) from None
        entries: Counter[Entry] = Counter()
        if not isinstance(data, dict) or type(data.get("pmlint-baseline")) is not int \
                or data["pmlint-baseline"] != FORMAT_VERSION \
                or not isinstance(data.get("findings"), list):
            raise ConfigError(f"not a pmlint baseline of format {FORMAT_VERSION}; record it again with "
                              "--write-baseline", file=label, key=key)
        for index, item in enumerate(data["findings"]):
            try:
                entry = Entry(*(_text(item[key]) for key in ("path", "code", "message", "fingerprint")))
            except (TypeError, KeyError, ValueError):
                raise ConfigError(f"entry {index + 1} needs path, code, message and fingerprint", file=label,
                                  key=key) from None
            raw = item.get("count", 1)
            try:
                if isinstance(raw, str) and len(raw) > 20:
                    raise ValueError("too many digits")  # int() would refuse 4,300 of them with an internal error
                count = int(raw)
            except (TypeError, ValueError, OverflowError):  # 1e400 is infinite; a list is not a count
                count = None
            if count is None or count > MAX_COUNT:
                raise ConfigError(f"entry {index + 1}: 'count' must be a number of findings up to {MAX_COUNT:,}",
                                  file=label, key=key)
            entries[entry] += max(count, 0)
        return cls(path, entries)

    @classmethod
    def previous(cls, path: Path) -> Baseline | None:
        """The baseline a ``--write-baseline`` run updates, read before anything is linted: None when
        there is nothing to keep (no file, an empty one, or not a regular file, such as /dev/null).

        A file there that is not a baseline is refused, not replaced: it may be anything (a typo)."""
        try:
            info = os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as error:
            raise ConfigError(f"cannot read the baseline: {error.strerror or error}", file=path.as_posix(),
                              key="--write-baseline") from None
        if not stat.S_ISREG(info.st_mode) or info.st_size == 0:
            return None
        try:
            return cls.read(path, key="--write-baseline")
        except ConfigError as error:
            if _other_format(path):
                return None  # a baseline of another format: recorded again from scratch
            problem = error.message if error.message.startswith("entry ") else "is not a pmlint baseline"
            raise ConfigError(f"{problem}; not replaced (remove it first, or name another file)",
                              file=path.as_posix(), key="--write-baseline") from None

    def keep_unlinted(self, previous: Baseline | None, linted_paths: Iterable[str]) -> tuple[int, int]:
        """Add the entries of ``previous`` for files this run did not lint and that still exist; return
        how many findings of how many files were kept. A file the run linted has only its new entries,
        and one that no longer exists has none (there is nothing left to hide in it)."""
        if previous is None:
            return 0, 0
        base = _base_directory(self.path)
        linted = {_relative(path, base) for path in linted_paths}
        kept: Counter[str] = Counter()
        for entry, count in previous.entries.items():
            if count > 0 and entry.path not in linted and (base / entry.path).is_file():
                self.entries[entry] += count
                kept[entry.path] += count
        return sum(kept.values()), len(kept)

    @classmethod
    def record(cls, path: Path, findings: Iterable[Finding]) -> Baseline:
        base = _base_directory(path)
        return cls(path, Counter(_entry(finding, base) for finding in findings))

    def render(self) -> str:
        items = [{"path": entry.path, "code": entry.code, "message": entry.message,
                  "fingerprint": entry.fingerprint, "count": count}
                 for entry, count in sorted(self.entries.items(),
                                            key=lambda pair: (pair[0].path, pair[0].code, pair[0].message,
                                                              pair[0].fingerprint))]
        document = {"pmlint-baseline": FORMAT_VERSION,
                    "comment": "Findings recorded by 'pmlint check --write-baseline'; "
                               "'pmlint check --baseline' reports only findings not listed here.",
                    "findings": items}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def match(self, findings: Sequence[Finding], linted_paths: Iterable[str]) -> Matched:
        base = _base_directory(self.path)
        remaining = Counter(self.entries)
        entries = [_entry(finding, base) for finding in findings]
        known = [False] * len(findings)
        # First the exact identities, then, for what is left, the same file, rule and message.
        for index, entry in enumerate(entries):
            if remaining[entry] > 0:
                remaining[entry] -= 1
                known[index] = True
        by_message: Counter[tuple[str, str, str]] = Counter()
        for entry, count in remaining.items():
            by_message[(entry.path, entry.code, entry.message)] += count
        for index, entry in enumerate(entries):
            key = (entry.path, entry.code, entry.message)
            if not known[index] and by_message[key] > 0:
                by_message[key] -= 1
                known[index] = True
        linted = {_relative(path, base) for path in linted_paths}
        gone = sum(count for (path, _, _), count in by_message.items() if path in linted and count > 0)
        return Matched(new=[finding for finding, hit in zip(findings, known) if not hit],
                       known=sum(known), gone=gone)


def _other_format(path: Path) -> bool:
    """Whether the file is a pmlint baseline of a format other than this version's."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and "pmlint-baseline" in data and data["pmlint-baseline"] != FORMAT_VERSION


def _entry(finding: Finding, base: Path) -> Entry:
    return Entry(_relative(finding.path, base), finding.code, stable_message(finding.message), finding.fingerprint)


def _base_directory(path: Path) -> Path:
    return Path(os.path.abspath(path)).parent


def _relative(display_path: str, base: Path) -> str:
    """A linted file's path relative to the baseline's directory, the same from wherever pmlint runs."""
    absolute = os.path.abspath(display_path)
    try:
        return Path(os.path.relpath(absolute, base)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(absolute).as_posix()
