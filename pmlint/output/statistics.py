"""``pmlint check --statistics``: how many findings each rule made, instead of the findings, as ruff prints them.

Text (ruff's and flake8's shape): one line per rule, ``count<TAB>code<TAB>[*] name``, the count
right-aligned and the code padded to the widest, most findings first and then by code. ``[*]`` marks a
rule all of whose findings ``--fix`` (with this run's unsafe fixes) would fix, ``[ ]`` the others; with
no fixable rule at all neither is shown. Unless ``--quiet``, the text format's summary lines follow. A
run without findings prints nothing (but the note on findings hidden by ``--baseline``).

JSON: an array of ``{"code", "name", "count", "fixable"}`` in the same order (``[]`` without findings).
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from pmlint.model import Finding
from pmlint.output.text_format import summary_lines

if TYPE_CHECKING:
    from pmlint.output.options import FormatOptions


@dataclass(frozen=True)
class RuleCount:
    code: str
    name: str
    count: int
    # Whether --fix would fix every one of the rule's findings.
    fixable: bool


def count_rules(findings: Sequence[Finding], options: FormatOptions) -> list[RuleCount]:
    """One RuleCount per rule with findings: most findings first, then by code."""
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    fixable: dict[str, bool] = {}
    for finding in findings:
        counts[finding.code] = counts.get(finding.code, 0) + 1
        names[finding.code] = finding.rule
        fixable[finding.code] = fixable.get(finding.code, True) and options.fixable(finding)
    return [RuleCount(code, names[code], counts[code], fixable[code])
            for code in sorted(counts, key=lambda code: (-counts[code], code))]


def render_text(findings: Sequence[Finding], options: FormatOptions) -> str:
    rows = count_rules(findings, options)
    if not rows:
        return "".join(summary_lines(findings, options))  # nothing, or the baseline's note
    count_width = max(len(str(row.count)) for row in rows)
    code_width = max(len(row.code) for row in rows)
    any_fixable = any(row.fixable for row in rows)
    lines = []
    for row in rows:
        count = f"{row.count:>{count_width}}"
        code = f"{row.code:<{code_width}}"
        mark = ("[*] " if row.fixable else "[ ] ") if any_fixable else ""
        if options.color:
            count = click.style(count, bold=True)
            code = click.style(code, fg="red", bold=True)
            mark = mark.replace("*", click.style("*", fg="cyan"))
        lines.append(f"{count}\t{code}\t{mark}{row.name}\n")
    return "".join(lines) + "".join(summary_lines(findings, options))


def render_json(findings: Sequence[Finding], options: FormatOptions) -> str:
    rows = [{"code": row.code, "name": row.name, "count": row.count, "fixable": row.fixable}
            for row in count_rules(findings, options)]
    return json.dumps(rows, indent=2) + "\n"


# The formats --statistics can be printed in (the others describe findings one by one).
STATISTICS_FORMATS = {"text": render_text, "json": render_json}
