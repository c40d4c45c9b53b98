"""Issue 15 (resources): a run with many findings writes its output as it is formatted.

The json, text, github and sarif formats hand their output over in pieces (``STREAMERS``), each piece one
finding's text: the command never holds every finding as a dictionary and the whole output as one
string (+170 to +234 MB for 80,000-108,000 findings before). The pieces joined are exactly what
``render`` returned, byte for byte. Memory is measured with tracemalloc (bytes, not time).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmlint.model import SAFE, UNSAFE, Edit, Finding, Fix, Severity, Span
from pmlint.output.formats import FORMATTERS, STREAMERS
from pmlint.output.options import FormatOptions


def _finding(index: int) -> Finding:
    span = Span(index + 1, 3, index + 1, 11)
    fix = None
    if index % 3 == 0:
        fix = Fix(span, "major incident", "disaster", SAFE if index % 2 else UNSAFE,
                  further=(Edit(Span(index + 2, 1, index + 2, 4), "x\u0085", "abc"),) if index % 6 == 0 else ())
    # Hostile text too: C1 and bidi controls, a workflow command prefix, a line break, a lone surrogate.
    message = f"'disaster' is charged language {index}" + (" \x85\u202e##[x]\n::error::\udcff\"\\" if index % 7 == 0 else "")
    return Finding(path=f"docs/pm-{index % 5}.md", span=span, rule="charged-language", code="PM402",
                   severity=(Severity.WARNING, Severity.ERROR, Severity.INFO)[index % 3], message=message,
                   suggestion="major incident" if index % 2 else None, fix=fix, fingerprint=f"{index:016x}")


@pytest.mark.parametrize("name", sorted(STREAMERS))
@pytest.mark.parametrize("count", [0, 1, 2, 50])
def test_the_pieces_make_what_render_made(name: str, count: int) -> None:
    found = [_finding(index) for index in range(count)]
    for options in (FormatOptions(files=7), FormatOptions(files=2, quiet=True, baselined=3),
                    FormatOptions(files=1, color=True, unsafe_fixes=frozenset({"docs/pm-1.md"}))):
        pieces = list(STREAMERS[name](found, options))
        assert "".join(pieces) == FORMATTERS[name](found, options)
        if count:
            assert len(pieces) >= count  # one finding at a time, not one string at the end


def test_the_json_pieces_are_what_json_dumps_writes() -> None:
    found = [_finding(index) for index in range(30)]
    text = "".join(STREAMERS["json"](found, FormatOptions()))
    assert json.loads(text) == [finding.to_json() for finding in found]
    expected = json.dumps([finding.to_json() for finding in found], indent=2, ensure_ascii=False) + "\n"
    assert "\u202e" not in text and "\x85" not in text and "##[" not in text
    assert text.count("\n") == expected.count("\n")


@pytest.mark.parametrize("name", sorted(STREAMERS))
def test_formatting_many_findings_holds_one_piece_not_the_whole_output(name: str) -> None:
    found = [_finding(index) for index in range(20_000)]
    options = FormatOptions(files=5)
    tracemalloc.start()
    try:
        total = 0
        for piece in STREAMERS[name](found, options):
            total += len(piece)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total > 1_000_000
    assert peak < total / 10, (peak, total)


def test_a_command_with_many_findings_writes_the_same_output(tmp_path: Path) -> None:
    """Through the command, in 64 KiB pieces: the same bytes as one rendered string."""
    sentence = "The deploy was a disaster and the fix was a hack. "
    document = "# Outage\n\n## Summary\n\nCheckout failed.\n\n## Details\n\n" + "".join(
        sentence + ("\n\n" if index % 10 == 9 else "") for index in range(4_000))
    (tmp_path / "pm.md").write_text(document, encoding="utf-8")
    outputs = {}
    for name in ("json", "text", "github"):
        result = subprocess.run([sys.executable, "-m", "pmlint", "check", "--format", name, "pm.md"],
                                check=False, capture_output=True, timeout=120, cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert result.stdout.endswith(b"\n") and not result.stdout.endswith(b"\n\n")
        outputs[name] = result.stdout.decode("utf-8")
    findings = json.loads(outputs["json"])
    assert len(outputs["json"]) > 65536 * 4 and len(findings) >= 4_000
    text_lines = outputs["text"].splitlines()
    assert [line for line in text_lines if "[PM" in line] == [
        f"pm.md:{finding['line']}:{finding['column']}: {finding['severity']} {finding['message']} "
        f"[{finding['code']} {finding['rule']}]" + (" [*]" if finding["fix"] and finding["fix"]["applicability"] == "safe" else "")
        for finding in findings]
    assert text_lines[-1].startswith(("Found ", "[*] ", "No fixes"))
    assert len(outputs["github"].splitlines()) == len(findings)


def test_the_engine_makes_each_finding_as_its_rule_yields_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule's violations were all held in a list (50,000 with their message arguments) beside the
    findings made from them; each becomes a finding before the rule makes the next."""
    import dataclasses

    from pmlint.commands import engine as engine_module
    from pmlint.config.loading import load_config
    from pmlint.model import Violation
    from pmlint.reading.source import Source
    from pmlint.ruledefs import load_rules

    made: list[str] = []
    real_fingerprint = engine_module.fingerprint

    def counting(code: str, message: str, flagged: str) -> str:
        made.append(code)
        return real_fingerprint(code, message, flagged)

    seen_before: list[int] = []

    def rule(document, context):  # type: ignore[no-untyped-def]
        for line in range(1, 4):
            seen_before.append(len(made))
            yield Violation(Span(line, 1, line, 4), args={"section": "Timeline", "accepted": "Timeline"})

    monkeypatch.setattr(engine_module, "fingerprint", counting)
    engine = engine_module.Engine.create()
    engine = dataclasses.replace(engine, checks={**engine.checks, "PM001": rule})
    config = load_config(None, load_rules())
    config.cli_select = frozenset({"PM001"})
    findings = engine.lint(Source.from_text("doc.md", "abcd\nabcd\nabcd\n"), config)
    assert [finding.span.line for finding in findings] == [1, 2, 3]
    assert seen_before == [0, 1, 2]


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_JSON_VALUES)
def test_dump_writes_what_json_dumps_writes(value: object) -> None:
    """The json format's own writer (fast paths for strings, ints and nulls) against json.dumps."""
    from pmlint.output.json_format import _dump

    assert _dump(value, "") == json.dumps(value, indent=2, ensure_ascii=False)
    assert _dump({"finding": value}, "  ") == json.dumps({"finding": value}, indent=2, ensure_ascii=False).replace(
        "\n", "\n  ")
