"""``--format json``: one JSON array of findings with the fields fixed in DESIGN.md §3."""
from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pmlint.model import Finding
from pmlint.output.escape import for_json

if TYPE_CHECKING:
    from pmlint.output.options import FormatOptions

_scalar = json.JSONEncoder(ensure_ascii=False).encode
# The C function json.dumps(ensure_ascii=False) uses for a string, and each key's text, encoded once.
_string = json.encoder.c_encode_basestring or json.encoder.py_encode_basestring
_keys: dict[str, str] = {}


def render(findings: Sequence[Finding], options: FormatOptions) -> str:
    return "".join(stream(findings, options))


def stream(findings: Sequence[Finding], options: FormatOptions) -> Iterator[str]:
    """The output of ``render`` in pieces, one finding at a time, so that a run with many findings
    does not hold them all as dictionaries and one string: the same text as
    ``json.dumps([...], indent=2, ensure_ascii=False)``, escaped by ``for_json``."""
    if not findings:
        yield "[]\n"
        return
    opening = "[\n  "
    for finding in findings:
        # JSON escapes C0 controls; C1 controls, bidi controls and undecodable file-name bytes get \u escapes.
        # Every such character is inside a string, and no string spans two findings: escaping piece by piece
        # is escaping the whole.
        yield for_json(opening + _dump(finding.to_json(), "  "))
        opening = ",\n  "
    yield "\n]\n"


def _dump(value: Any, indent: str) -> str:
    """``value`` as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it ``indent`` deep.

    A finding is a flat mapping of strings, numbers and nulls: those are written here directly (strings
    by json's own C function), which is three times as fast as encoding each through the encoder."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = indent + "  "
        parts = []
        for key, item in value.items():
            text = _keys.get(key) if type(key) is str else None
            if text is None:
                text = _scalar(str(key))
                if type(key) is str and len(_keys) < 256:
                    _keys[key] = text
            parts.append(f"{inner}{text}: {_string(item) if type(item) is str else _dump(item, inner)}")
        return "{\n" + ",\n".join(parts) + "\n" + indent + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = indent + "  "
        return "[\n" + ",\n".join(inner + _dump(item, inner) for item in value) + "\n" + indent + "]"
    if value is None:
        return "null"
    if type(value) is int:
        return int.__repr__(value)
    return _scalar(value)
