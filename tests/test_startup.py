"""Start-up cost: which modules ``pmlint --version``, ``--help`` and a check of a clean file import (issue 19).

Time is not asserted (the machine is shared); what a fresh interpreter imports is, and it decides most of
a cold start. ``--version`` and ``--help`` need click and nothing of the lint stack; a check imports the
lint stack but not the modules of other commands, other formats or options it was not given.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Runs pmlint's command line in this interpreter, then prints the modules it imported, as JSON, on the
# last line of stdout (after whatever pmlint printed), separated by spaces (json would import json).
_RUN = """
import sys
from pmlint.cli import main
sys.argv = ["pmlint", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stdout.write("\\n" + " ".join(sorted(sys.modules)) + "\\n")
"""

# Modules of the lint stack: none is needed to print the version or the help.
LINT_STACK = [
    "pmlint.commands.engine", "pmlint.commands.runner", "pmlint.commands.files", "pmlint.commands.scaffold",
    "pmlint.checks", "pmlint.config.settings", "pmlint.config.discovery", "pmlint.config.loading",
    "pmlint.reading.document", "pmlint.language.pipeline", "pmlint.ruledefs", "pmlint.model", "pmlint.errors",
    "pmlint.output.text_format", "pmlint.output.json_format", "pmlint.output.options",
    "markdown_it", "yaml", "regex", "spacy", "json",
]

# Modules a check of a clean file in the text format does not need: other commands, other formats, options
# it was not given (--statistics, --baseline, --diff), the report's formats, the language server, spaCy.
NOT_FOR_A_CLEAN_CHECK = [
    "pmlint.commands.scaffold", "pmlint.commands.baseline", "pmlint.commands.reread", "pmlint.commands.rule_docs",
    "pmlint.commands.report", "pmlint.commands.changed", "pmlint.commands.safewrite", "pmlint.config.schema",
    "pmlint.output.json_format", "pmlint.output.sarif_format", "pmlint.output.github_format",
    "pmlint.output.junit_format", "pmlint.output.rdjson_format", "pmlint.output.gitlab_format",
    "pmlint.output.statistics", "pmlint.output.report_formats", "pmlint.output.report_text", "pmlint.lsp",
    "spacy",
    # The shipped presets' and rules' patterns are trusted and run on re (pmlint/patterns.py, tests/test_patterns.py).
    "regex",
    # Only --fix and --diff fix. (difflib is not listed: click imports it to parse a short option such as -q.)
    "pmlint.commands.fixer", "pmlint.output.diff",
]  # json is not in the list: the result cache (on by default) keeps each file's findings as JSON

CLEAN = """# Database failover on 3 March

## Summary

The primary database ran out of disk space at 14:02 UTC and the replica took over at 14:09 UTC.

## Timeline

- 14:02 UTC: the primary stops accepting writes.
- 14:09 UTC: the replica is promoted.

## Root cause

The disk filled up because old write-ahead logs were kept.

## Action items

- [ ] Alert when the disk is 80% full (owner: @dana, due 2026-04-01)
"""


def _imported(arguments: list[str], cwd: Path) -> tuple[set[str], str]:
    """The modules a fresh interpreter has imported after running ``pmlint ARGUMENTS``, and pmlint's output."""
    result = subprocess.run([sys.executable, "-c", _RUN, *arguments], capture_output=True, text=True, timeout=120,
                            cwd=cwd)
    *output, modules = result.stdout.rstrip("\n").split("\n")
    return set(modules.split()), "\n".join(output) + result.stderr


def _loaded(modules: set[str], names: list[str]) -> list[str]:
    """Those of ``names`` that were imported, themselves or any module inside them."""
    return [name for name in names if any(module == name or module.startswith(name + ".") for module in modules)]


@pytest.mark.parametrize("arguments", [["--version"], ["--help"], ["-h"], ["check", "--help"], ["report", "--help"],
                                       ["init", "--help"]])
def test_version_and_help_import_nothing_of_the_lint_stack(tmp_path: Path, arguments: list[str]) -> None:
    modules, output = _imported(arguments, tmp_path)
    assert "click" in modules, output  # the check below sees what was imported
    assert _loaded(modules, LINT_STACK) == [], output
    assert ("0.1.0" if arguments == ["--version"] else "Usage: pmlint") in output


def test_a_clean_check_imports_only_what_it_uses(tmp_path: Path) -> None:
    (tmp_path / "pm.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / ".pmlint.yaml").write_text("extends: default\n", encoding="utf-8")
    modules, output = _imported(["check", "pm.md"], tmp_path)
    assert "pmlint.commands.engine" in modules and "pmlint.output.text_format" in modules, output  # it did lint
    assert _loaded(modules, NOT_FOR_A_CLEAN_CHECK) == [], output


def test_the_benchmarks_clean_file_imports_only_what_it_uses(tmp_path: Path) -> None:
    """The benchmark's clean cold start (benchmarks/run.py): the same modules stay out."""
    from benchmarks.corpus import clean_document

    (tmp_path / "clean.md").write_text(clean_document(7), encoding="utf-8")
    (tmp_path / ".pmlint.yaml").write_text("extends: default\n", encoding="utf-8")
    modules, output = _imported(["check", "--no-cache", "-q", "clean.md"], tmp_path)
    assert "PM301" in output and "pmlint.output.text_format" in modules, output  # it did lint
    # --no-cache: no result cache, and so no json; findings' fingerprints need no OpenSSL (hashlib).
    assert _loaded(modules, NOT_FOR_A_CLEAN_CHECK + ["pmlint.commands.cache", "json", "hashlib"]) == [], output


def test_the_chosen_format_is_imported_and_no_other(tmp_path: Path) -> None:
    (tmp_path / "pm.md").write_text(CLEAN, encoding="utf-8")
    modules, output = _imported(["check", "--format", "sarif", "pm.md"], tmp_path)
    assert json.loads(output)["version"] == "2.1.0"
    formats = {module for module in modules if module.startswith("pmlint.output.") and module.endswith("_format")}
    # SARIF builds on the json format's helpers; the text format is the default and is not imported.
    assert formats == {"pmlint.output.sarif_format", "pmlint.output.json_format"}


def test_the_option_choices_cli_copies_equal_their_originals() -> None:
    from pmlint import cli
    from pmlint.commands import scaffold
    from pmlint.config import settings
    from pmlint.model import ExitCode

    assert cli.FAIL_ON_CHOICES == settings.FAIL_ON_CHOICES
    assert cli.SCHEMA_FILE == scaffold.SCHEMA_FILE
    assert cli._EXIT_ERROR == ExitCode.ERROR


def test_the_lazy_format_table_gives_each_format_module_function() -> None:
    import importlib

    from pmlint.output.formats import FORMATTERS, STREAMERS

    assert list(FORMATTERS) == ["text", "json", "sarif", "github", "junit", "rdjson", "gitlab"]
    assert "junit" not in STREAMERS and len(STREAMERS) == 6
    for name in FORMATTERS:
        module = importlib.import_module(f"pmlint.output.{name}_format")
        assert FORMATTERS[name] is module.render
        if name in STREAMERS:
            assert STREAMERS[name] is module.stream
    assert STREAMERS.get("junit") is None and FORMATTERS.get("xml") is None
    with pytest.raises(KeyError):
        FORMATTERS["xml"]


def test_the_fingerprint_hash_is_hashlibs_sha256() -> None:
    import hashlib

    from pmlint import model

    for text in ("", "PM401\0Blame\0Dana forgot", "caf\u00e9 \u2013 \U0001f600" * 50):
        assert model._sha256(text.encode()).hexdigest() == hashlib.sha256(text.encode()).hexdigest()
    assert model.fingerprint("PM301", "8 action items", "x") == hashlib.sha256(
        "\0".join(("PM301", "8 action items", "x")).encode()).hexdigest()[:16]


def test_the_rule_files_read_the_same_with_the_faster_loader() -> None:
    import yaml

    from pmlint import ruledefs
    from pmlint.resources import data_dir

    paths = sorted(data_dir("rules").glob("*.yaml"))
    assert len(paths) >= 18
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=ruledefs._RULE_LOADER) == yaml.safe_load(text), path.name
