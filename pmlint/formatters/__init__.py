"""Formatters turn findings into output. They compute nothing; they only present."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pmlint.formatters import json_format, text_format
from pmlint.model import Finding


@dataclass(frozen=True)
class FormatOptions:
    color: bool = False
    quiet: bool = False
    files: int = 0


Formatter = Callable[[Sequence[Finding], FormatOptions], str]

FORMATTERS: dict[str, Formatter] = {
    "text": text_format.render,
    "json": json_format.render,
}
