"""``--format json``: one JSON array of findings with the fields fixed in DESIGN.md §3."""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pmlint.escape import for_json
from pmlint.model import Finding

if TYPE_CHECKING:
    from pmlint.formatters import FormatOptions


def render(findings: Sequence[Finding], options: FormatOptions) -> str:
    text = json.dumps([finding.to_json() for finding in findings], indent=2, ensure_ascii=False)
    # JSON escapes C0 controls; C1 controls, bidi controls and undecodable file-name bytes get \u escapes.
    return for_json(text) + "\n"
