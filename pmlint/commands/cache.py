"""The result cache: a file's findings kept under a key of its bytes, its effective configuration and pmlint itself.

``pmlint check`` looks each file up before reading it as a document: on a hit its findings come from
the cache and the file is never parsed (nor spaCy imported). The key is a SHA-256 of the file's
bytes, its displayed path, every rule setting that applies to it (after overrides and --select), the
configuration's section catalog, wordlist changes and language model, Python's version, pmlint's
version with the contents of its rules and wordlists and the size and modification time of its
modules, and the size and modification time of the installed spaCy. The value is the file's findings,
every field, fixes included, so the output is the same byte for byte.

The folder (``.pmlint_cache`` in the project root, or ``PMLINT_CACHE_DIR``) holds a ``.gitignore`` of
``*`` and a ``CACHEDIR.TAG``. It may be shared by processes running at once and planted by whoever
wrote the files being linted: it is opened without following a symbolic link, entries are read only
when they are regular files (bounded in size, checked, any fault a miss), written into a new temporary
file in the folder and renamed over the entry (a link or FIFO planted there is replaced, never written
through), and pruned oldest first beyond ``MAX_ENTRIES`` or ``MAX_BYTES``. A folder that cannot be
made or written is skipped silently.
"""
from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import os
import stat
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pmlint import __version__
from pmlint.config.settings import Config, RuleSetting
from pmlint.model import Edit, Finding, Fix, Severity, Span
from pmlint.resources import data_dir

DIRECTORY_NAME = ".pmlint_cache"
ENVIRONMENT_VARIABLE = "PMLINT_CACHE_DIR"
FORMAT = 1  # the layout of an entry; part of every key
MAX_ENTRIES = 20_000
MAX_BYTES = 256 * 1024 * 1024
MAX_ENTRY_BYTES = 16 * 1024 * 1024  # a larger entry is neither written nor read
_TEMPORARY_PREFIX = ".tmp-"
_STALE_TEMPORARY_SECONDS = 3600.0
_GITIGNORE = b"# Created by pmlint automatically.\n*\n"
_CACHEDIR_TAG = (b"Signature: 8a477f597d28d172789f06886806bc55\n"
                 b"# This file is a cache directory tag created by pmlint.\n"
                 b"# For information about cache directory tags see https://bford.info/cachedir/\n")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_READ_FLAGS = (os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0))
_CREATE_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_NOCTTY", 0)
                 | getattr(os, "O_CLOEXEC", 0))
_DIRECTORY_FLAGS = (os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
                    | getattr(os, "O_CLOEXEC", 0))
# Every call on the folder is relative to its descriptor (never a path that a link could redirect).
_SUPPORTED = {os.open, os.rename, os.unlink, os.stat} <= os.supports_dir_fd and bool(_NOFOLLOW)
# A rule option that makes findings depend on something other than the file and its configuration
# (git's history): files it applies to are not cached.
_UNCACHEABLE_OPTIONS = ("git-first-commit",)


def default_directory(config_path: Path | None, start: Path) -> Path:
    """``PMLINT_CACHE_DIR``, else ``.pmlint_cache`` beside the config file in use, else in ``start``."""
    configured = os.environ.get(ENVIRONMENT_VARIABLE)
    if configured:
        return Path(configured)
    if config_path is not None:
        return config_path.parent / DIRECTORY_NAME
    from pmlint.config.discovery import find_config_file

    found = find_config_file(start)
    return (found.parent if found is not None else start) / DIRECTORY_NAME


class ResultCache:
    """Findings by key in one folder. Picklable (a worker process opens the folder again)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._descriptor: int | None = None
        self._pid: int | None = None
        self._broken = False
        self._config_keys: dict[int, tuple[Config, bytes]] = {}
        self._options_keys: dict[int, tuple[Mapping[str, Any], bytes]] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"directory": self.directory}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["directory"])  # type: ignore[misc]

    # -- keys ---------------------------------------------------------------------------------------

    def key(self, display: str, data: bytes, config: Config, settings: Mapping[str, RuleSetting]) -> str | None:
        """The key of a file's findings; None when they must not be cached (they depend on git)."""
        for setting in settings.values():
            if setting.enabled and any(setting.options.get(option) for option in _UNCACHEABLE_OPTIONS):
                return None
        digest = hashlib.sha256()
        digest.update(build_fingerprint())
        digest.update(self._config_key(config))
        for code in sorted(settings):
            setting = settings[code]
            digest.update(f"{code}:{setting.enabled:d}:{int(setting.severity)}:".encode())
            digest.update(self._options_key(setting.options))
        name = display.encode("utf-8", "surrogateescape")
        digest.update(len(name).to_bytes(8, "big") + name)
        digest.update(hashlib.sha256(data).digest())
        return digest.hexdigest()

    def _options_key(self, options: Mapping[str, Any]) -> bytes:
        """A digest of a rule's options, remembered by the options' identity (a configuration's rules share
        theirs with every file; an override's changes make new ones, so the memory is bounded)."""
        known = self._options_keys.get(id(options))
        if known is not None and known[0] is options:
            return known[1]
        if len(self._options_keys) >= 4096:
            self._options_keys.clear()
        value = hashlib.sha256(_canonical(options)).digest()
        self._options_keys[id(options)] = (options, value)  # the options are kept: their id is not reused
        return value

    def _config_key(self, config: Config) -> bytes:
        known = self._config_keys.get(id(config))
        if known is not None and known[0] is config:
            return known[1]
        model = config.language_model
        model_state = _model_state(model) if model else b""
        value = hashlib.sha256(_canonical((config.catalog, config.wordlist_changes, model)) + model_state).digest()
        self._config_keys[id(config)] = (config, value)  # the config is kept: its id is not reused
        return value

    # -- the folder ---------------------------------------------------------------------------------

    def _folder(self) -> int | None:
        """A descriptor of the cache folder, made if missing; None when it cannot be used."""
        if self._pid != os.getpid():  # a forked worker opens its own
            self._descriptor, self._pid, self._broken = None, os.getpid(), False
        if self._broken or not _SUPPORTED:
            return None
        if self._descriptor is None:
            self._descriptor = _open_folder(self.directory)
            self._broken = self._descriptor is None
        return self._descriptor

    def get(self, key: str, display: str) -> list[Finding] | None:
        """The findings stored under ``key``, reported for ``display``; None when there are none."""
        folder = self._folder()
        if folder is None:
            return None
        try:
            descriptor = os.open(key, _READ_FLAGS, dir_fd=folder)
        except OSError:
            return None
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
                return None
            data = _read_all(descriptor, info.st_size)
            try:
                os.utime(descriptor)  # the least recently used entries are pruned first
            except OSError:
                pass
        except OSError:
            return None
        finally:
            os.close(descriptor)
        return _decode(data, key, display)

    def holds(self, key: str) -> bool:
        """Whether an entry is stored under ``key`` (not read: ``get`` may still find it unusable)."""
        folder = self._folder()
        return folder is not None and _exists(folder, key)

    def put(self, key: str, display: str, findings: Iterable[Finding]) -> bool:
        """Store ``findings`` under ``key``; whether it was written (never an error)."""
        folder = self._folder()
        if folder is None:
            return False
        data = _encode(key, display, findings)
        if data is None or len(data) > MAX_ENTRY_BYTES:
            return False
        return _write_entry(folder, key, data)

    def prune(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> int:
        """Remove the least recently used entries beyond the bounds (down to 80% of them) and temporary
        files left by a process that died; how many entries were removed."""
        folder = self._folder()
        if folder is None:
            return 0
        entries: list[tuple[float, str, int]] = []
        stale: list[str] = []
        try:
            import time

            now = time.time()
            with os.scandir(folder) as listing:
                for entry in listing:
                    name = entry.name
                    try:
                        info = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    if name.startswith(_TEMPORARY_PREFIX):
                        if now - info.st_mtime > _STALE_TEMPORARY_SECONDS:
                            stale.append(name)
                    elif _is_key(name):
                        entries.append((info.st_mtime, name, info.st_size))
        except OSError:
            return 0
        for name in stale:
            _unlink(folder, name)
        total = sum(size for _, _, size in entries)
        if len(entries) <= max_entries and total <= max_bytes:
            return 0
        entries.sort()
        keep_entries, keep_bytes = int(max_entries * 0.8), int(max_bytes * 0.8)
        removed = 0
        for _, name, size in entries:
            if len(entries) - removed <= keep_entries and total <= keep_bytes:
                break
            if _unlink(folder, name):
                removed += 1
                total -= size
        return removed

    def close(self) -> None:
        if self._descriptor is not None and self._pid == os.getpid():
            os.close(self._descriptor)
        self._descriptor = None


def _is_key(name: str) -> bool:
    return len(name) == 64 and all(character in "0123456789abcdef" for character in name)


def _unlink(folder: int, name: str) -> bool:
    try:
        os.unlink(name, dir_fd=folder)
    except OSError:
        return False
    return True


def _open_folder(directory: Path) -> int | None:
    """Open (making it if missing) the cache folder without following a symbolic link at its last
    component; its .gitignore and CACHEDIR.TAG are written when missing. None when unusable."""
    try:
        os.mkdir(directory, 0o755)
        made = True
    except FileExistsError:
        made = False
    except OSError:
        try:
            directory.parent.mkdir(parents=True, exist_ok=True)
            os.mkdir(directory, 0o755)
            made = True
        except OSError:
            return None
    try:
        descriptor = os.open(directory, _DIRECTORY_FLAGS)
    except OSError:  # a symbolic link, a file, a FIFO: not ours
        return None
    try:
        if not stat.S_ISDIR(os.fstat(descriptor).st_mode):
            os.close(descriptor)
            return None
    except OSError:
        os.close(descriptor)
        return None
    for name, content in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
        if made or not _exists(descriptor, name):
            _write_entry(descriptor, name, content)
    return descriptor


def _exists(folder: int, name: str) -> bool:
    try:
        os.stat(name, dir_fd=folder, follow_symlinks=False)
    except OSError:
        return False
    return True


def _write_entry(folder: int, name: str, data: bytes) -> bool:
    """Write ``data`` to a new temporary file in the folder and rename it to ``name`` (atomic: a reader
    sees the old entry or the new one, never part of one)."""
    temporary = f"{_TEMPORARY_PREFIX}{os.getpid()}-{os.urandom(8).hex()}"
    try:
        descriptor = os.open(temporary, _CREATE_FLAGS, 0o644, dir_fd=folder)
    except OSError:
        return False
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view):]
        finally:
            os.close(descriptor)
        # rename replaces an existing entry on POSIX (os.replace is the same call, left to the fixer).
        os.rename(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except OSError:
        _unlink(folder, temporary)
        return False
    return True


def _read_all(descriptor: int, size: int) -> bytes:
    chunks: list[bytes] = []
    remaining = size + 1  # one more byte: an entry that grew while read is caught by the check below
    while remaining > 0:
        chunk = os.read(descriptor, min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


# -- entries ----------------------------------------------------------------------------------------

def _encode(key: str, display: str, findings: Iterable[Finding]) -> bytes | None:
    rows = []
    for finding in findings:
        if finding.path != display:
            return None
        rows.append([*_span(finding.span), finding.rule, finding.code, int(finding.severity), finding.message,
                     finding.suggestion, _fix(finding.fix), finding.fingerprint])
    try:
        return json.dumps({"format": FORMAT, "key": key, "findings": rows}, ensure_ascii=True,
                          separators=(",", ":")).encode("ascii")
    except (TypeError, ValueError):
        return None


def _span(span: Span) -> list[int]:
    return [span.line, span.column, span.end_line, span.end_column]


def _fix(fix: Fix | None) -> list[Any] | None:
    if fix is None:
        return None
    return [_span(fix.span), fix.replacement, fix.original, fix.applicability,
            [[_span(edit.span), edit.replacement, edit.original] for edit in fix.further]]


def _decode(data: bytes, key: str, display: str) -> list[Finding] | None:
    """The findings of an entry, for ``display``; None for anything but a well-formed entry of ``key``."""
    try:
        entry = json.loads(data)
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
            return None
        rows = entry["findings"]
        if not isinstance(rows, list):
            return None
        return [_finding(row, display) for row in rows]
    except (ValueError, TypeError, KeyError, IndexError, RecursionError):
        return None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _span_of(value: Any) -> Span:
    if not isinstance(value, list) or len(value) != 4 or not all(type(part) is int for part in value):
        raise TypeError("not a span")
    return Span(*value)


def _finding(row: Any, display: str) -> Finding:
    if not isinstance(row, list) or len(row) != 11:
        raise TypeError("not a finding")
    line, column, end_line, end_column, rule, code, severity, message, suggestion, fix, fingerprint = row
    if type(severity) is not int:
        raise TypeError("not a severity")
    return Finding(path=display, span=_span_of([line, column, end_line, end_column]), rule=_text(rule), code=_text(code),
                   severity=Severity(severity), message=_text(message), suggestion=_optional_text(suggestion),
                   fix=None if fix is None else _fix_of(fix), fingerprint=_text(fingerprint))


def _fix_of(value: Any) -> Fix:
    if not isinstance(value, list) or len(value) != 5 or not isinstance(value[4], list):
        raise TypeError("not a fix")
    span, replacement, original, applicability, further = value
    edits = []
    for edit in further:
        if not isinstance(edit, list) or len(edit) != 3:
            raise TypeError("not an edit")
        edits.append(Edit(_span_of(edit[0]), _text(edit[1]), _text(edit[2])))
    return Fix(_span_of(span), _text(replacement), _text(original), _text(applicability), tuple(edits))


# -- what the key is made of ------------------------------------------------------------------------

def _canonical(value: Any) -> bytes:
    """A byte string that is the same for equal values in every process (no hash order, no ids)."""
    return json.dumps(_plain(value), ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, enum.Enum):
        return [type(value).__name__, _plain(value.value)]
    if isinstance(value, (int, float)):
        return [type(value).__name__, repr(value)]
    if isinstance(value, Mapping):
        return ["map", sorted([_plain(key), _plain(item)] for key, item in value.items())]
    if isinstance(value, (list, tuple)):
        return ["list", [_plain(item) for item in value]]
    if isinstance(value, (set, frozenset)):
        return ["set", sorted((_plain(item) for item in value), key=_sort_text)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, [[field.name, _plain(getattr(value, field.name))]
                                       for field in dataclasses.fields(value)]]
    if isinstance(value, Path):
        return ["path", str(value)]
    pattern = getattr(value, "pattern", None)
    if isinstance(pattern, str):  # a compiled regular expression
        return ["pattern", pattern, getattr(value, "flags", 0)]
    return [type(value).__name__, repr(value)]


def _sort_text(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _model_state(model: str) -> bytes:
    """The identity of a language model: its name and the sizes and times of its files' directory."""
    try:
        if "/" in model or "\\" in model or model.startswith("."):
            root = Path(model)
        else:
            import importlib.util

            spec = importlib.util.find_spec(model)
            if spec is None or spec.origin is None:
                return b"missing"
            root = Path(spec.origin).parent
        return b"".join(_stat_line(root / name) for name in ("config.cfg", "meta.json", "__init__.py"))
    except (OSError, ValueError, ImportError):
        return b"unknown"


def _stat_line(path: Path) -> bytes:
    try:
        info = os.stat(path)
    except OSError:
        return f"{path}:-\n".encode("utf-8", "surrogateescape")
    return f"{path}:{info.st_size}:{info.st_mtime_ns}\n".encode("utf-8", "surrogateescape")


_BUILD: bytes | None = None


def build_fingerprint() -> bytes:
    """pmlint's version, the contents of its rules and wordlists, the size and time of each of its
    modules and presets, spaCy's files and Python's version: computed once per process."""
    global _BUILD
    if _BUILD is None:
        digest = hashlib.sha256(f"pmlint-cache {FORMAT} {__version__} {sys.version}\n".encode())
        for kind in ("rules", "wordlists"):
            folder = data_dir(kind)
            for path in sorted(folder.iterdir()):
                if path.is_file():
                    digest.update(path.name.encode("utf-8", "surrogateescape") + b"\0" + path.read_bytes() + b"\0")
        package = Path(__file__).resolve().parent.parent
        for root, directories, files in os.walk(package):
            directories[:] = sorted(name for name in directories if name != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".yaml", ".json", ".txt")):
                    digest.update(_stat_line(Path(root, name)))
        digest.update(_spacy_state())
        _BUILD = digest.digest()
    return _BUILD


def _spacy_state() -> bytes:
    try:
        import importlib.util

        spec = importlib.util.find_spec("spacy")
    except (ImportError, ValueError):
        return b"spacy:none"
    if spec is None or spec.origin is None:
        return b"spacy:none"
    root = Path(spec.origin).parent
    return b"spacy:" + _stat_line(root / "about.py") + _stat_line(root / "__init__.py")
