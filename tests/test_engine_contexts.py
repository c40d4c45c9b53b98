"""Issue 19: the engine builds a rule's context once per configuration and options, not once per file.

Two files under one configuration share each rule's context; a per-file override (other options) gets its
own, with its options; another configuration gets its own wordlists. Nothing is timed.
"""
from __future__ import annotations

from pathlib import Path

from pmlint.commands.engine import Engine
from pmlint.config.loading import load_config
from pmlint.reading.source import Source

ENGINE = Engine.create()


def _prepared(config, name: str = "a.md"):  # type: ignore[no-untyped-def]
    return ENGINE.prepare(Source.from_text(name, "# T\n\nText.\n"), config, Path(name))


def test_files_under_one_configuration_share_each_rules_context() -> None:
    config = load_config(None, ENGINE.rules)
    first, second = _prepared(config, "a.md"), _prepared(config, "b.md")
    for code in ENGINE.rules:
        context = ENGINE._context(code, first)
        assert ENGINE._context(code, second) is context
        assert context.options is first.settings[code].options
        assert set(context.wordlists) == set(ENGINE.rules[code].wordlists)
        assert (context.language is not None) == (code in ENGINE.language_inputs)


def test_other_options_or_another_configuration_get_their_own_context(tmp_path: Path) -> None:
    (tmp_path / ".pmlint.yaml").write_text("overrides:\n  - files: ['b.md']\n    rules:\n      PM301: {max: 2}\n",
                                            encoding="utf-8")
    config = load_config(tmp_path / ".pmlint.yaml", ENGINE.rules)
    plain = ENGINE.prepare(Source.from_text("a.md", "# T\n"), config, tmp_path / "a.md")
    overridden = ENGINE.prepare(Source.from_text("b.md", "# T\n"), config, tmp_path / "b.md")
    assert ENGINE._context("PM301", overridden).options["max"] == 2
    assert ENGINE._context("PM301", plain).options["max"] != 2
    default = load_config(None, ENGINE.rules)
    other = _prepared(default)
    assert ENGINE._context("PM403", other) is not ENGINE._context("PM403", plain)
    assert ENGINE._context("PM403", other).wordlists["jargon"] is default.wordlists["jargon"]
