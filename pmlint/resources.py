"""Locating the data that ships with pmlint: rule definitions, wordlists and presets.

In a wheel, ``rules/`` and ``wordlists/`` are copied into ``pmlint/_data/``; in a checkout (or an
editable install) they sit next to the package. One lookup serves both.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_PRESETS = _PACKAGE / "config" / "presets"


def data_dir(kind: str) -> Path:
    """The directory holding ``rules`` or ``wordlists``, wherever this copy of pmlint came from."""
    bundled = _PACKAGE / "_data" / kind
    if bundled.is_dir():
        return bundled
    checkout = _PACKAGE.parent / kind
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"pmlint's {kind}/ directory is missing from this installation")


def preset_path(name: str) -> Path | None:
    path = _PRESETS / f"{name}.yaml"
    return path if path.is_file() else None


def preset_names() -> list[str]:
    return sorted(path.stem for path in _PRESETS.glob("*.yaml"))
