"""The output formats by name (--format).

Formatters turn findings into output; they compute nothing, they only present. Each format's module is
imported the first time its formatter is looked up, so that a run imports only the format it prints
(``pmlint --help`` lists the names without importing any of them).
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmlint.model import Finding
    from pmlint.output.options import FormatOptions

    Formatter = Callable[[Sequence[Finding], FormatOptions], str]
    # Formatters that can also hand their output over in pieces (each ``render`` is the pieces joined):
    # the command writes them as they are made instead of holding the whole output of a run with many
    # findings.
    Streamer = Callable[[Sequence[Finding], FormatOptions], Iterator[str]]

# Each format's name and its module in pmlint/output/ (which has ``render`` and, for a streamer, ``stream``).
_MODULES = {
    "text": "text_format",
    "json": "json_format",
    "sarif": "sarif_format",
    "github": "github_format",
    "junit": "junit_format",
    "rdjson": "rdjson_format",
    "gitlab": "gitlab_format",
}


class _Lazy(Mapping[str, Any]):
    """A format's function by name, its module imported on first use."""

    def __init__(self, function: str, names: Sequence[str]) -> None:
        self._function = function
        self._names = tuple(names)

    def __getitem__(self, name: str) -> Any:
        if name not in self._names:
            raise KeyError(name)
        return getattr(importlib.import_module(f"pmlint.output.{_MODULES[name]}"), self._function)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


FORMATTERS: Mapping[str, Formatter] = _Lazy("render", list(_MODULES))
STREAMERS: Mapping[str, Streamer] = _Lazy("stream", ["text", "json", "github", "sarif", "rdjson", "gitlab"])
