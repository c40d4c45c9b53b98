"""``--format json``: one JSON array of findings with the fields fixed in DESIGN.md §3."""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pmlint.model import Finding

if TYPE_CHECKING:
    from pmlint.formatters import FormatOptions


def render(findings: Sequence[Finding], options: FormatOptions) -> str:
    return json.dumps([finding.to_json() for finding in findings], indent=2, ensure_ascii=False) + "\n"
