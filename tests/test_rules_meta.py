"""Rule metadata: complete, implemented, examples that behave, generated docs that are fresh."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from helpers import lint_text

from pmlint.checks import registry
from pmlint.commands.rule_docs import explain_text, render_rules_markdown
from pmlint.language.wordlists import available
from pmlint.ruledefs import load_rules

ROOT = Path(__file__).resolve().parent.parent
RULES = load_rules()

# DESIGN.md §3 fixes these identities; a renamed or renumbered rule breaks users' configs.
CONTRACT = {"PM001": "missing-section", "PM002": "empty-section", "PM003": "summary-field",
            "PM101": "timestamp-not-utc", "PM102": "timeline-order", "PM103": "duration-mismatch",
            "PM201": "root-cause-depth", "PM301": "action-count", "PM302": "action-owner",
            "PM303": "action-due-date", "PM304": "action-vague", "PM401": "blame",
            "PM402": "charged-language", "PM403": "jargon", "PM501": "publication-delay"}


def test_every_rule_has_an_implementation_and_every_implementation_a_rule() -> None:
    assert set(RULES) == set(registry())


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_identity_matches_contract_and_file_name(code: str) -> None:
    meta = RULES[code]
    if code in CONTRACT:
        assert meta.name == CONTRACT[code]
    assert re.fullmatch(r"PM\d{3}", code)
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", meta.name)
    assert (ROOT / "rules" / f"{code}-{meta.name}.yaml").is_file()


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_metadata_is_complete(code: str) -> None:
    meta = RULES[code]
    assert meta.summary and meta.rationale and meta.messages
    assert meta.bad_example.strip() and meta.good_example.strip()
    for name in meta.wordlists:
        assert name in available()
    for option in meta.options:
        assert meta.option_docs[option], f"option {option} of {code} is undocumented"


def test_rule_files_have_no_unknown_keys() -> None:
    known = {"code", "name", "severity", "summary", "rationale", "message", "messages", "options", "wordlists",
             "examples", "fixable", "enabled"}
    for path in (ROOT / "rules").glob("*.yaml"):
        assert set(yaml.safe_load(path.read_text(encoding="utf-8"))) <= known, path.name


@pytest.mark.parametrize("code", sorted(RULES))
def test_bad_example_triggers_the_rule_and_good_example_does_not(code: str) -> None:
    meta = RULES[code]
    assert any(f.code == code for f in lint_text(meta.bad_example, select=(code,))), "bad example is not reported"
    assert lint_text(meta.good_example, select=(code,)) == [], "good example is reported"


def test_docs_rules_md_is_fresh() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render_rules_markdown(), "run: python -m pmlint.commands.rule_docs > docs/rules.md"


def test_explain_shows_examples_and_options() -> None:
    text = explain_text(RULES["PM002"])
    assert text.startswith("PM002 empty-section (warning)")
    assert "placeholder-patterns" in text and "Bad:" in text and "Good:" in text
