"""The NLP layer: spaCy imported lazily, texts parsed in one batch per run batch, models checked in config."""
from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import GOOD

import pmlint.commands.runner
import pmlint.language.pipeline
from pmlint.commands.engine import Engine
from pmlint.config.discovery import ConfigCache
from pmlint.config.loading import load_config
from pmlint.errors import ConfigError
from pmlint.language.pipeline import LanguageAnalyzer, install_command, model_installed
from pmlint.ruledefs import load_rules

ROOT = Path(__file__).resolve().parent.parent

BLAME = "# Outage\n\n## Executive Summary\n\nJohn forgot to update the configuration.\n"

# -- spaCy is imported only when a language rule has text to parse ------------------------------

# Runs in a fresh interpreter: each stage records whether spaCy has been imported by then.
_LAZY_IMPORT = """
import json, sys
from pmlint.config.loading import load_config
from pmlint.commands.engine import Engine
from pmlint.language.pipeline import model_installed
from pmlint.ruledefs import load_rules
from pmlint.reading.source import Source

good, blame = json.loads(sys.argv[1])
stages = {}
engine = Engine.create()
stages["engine-created"] = "spacy" in sys.modules
model_installed("en_core_web_nonexistent")
config = load_config(None, load_rules())
stages["config-loaded"] = "spacy" in sys.modules
findings = engine.lint(Source.from_text("good.md", good), config)
stages["clean-document"] = ["spacy" in sys.modules, [f.code for f in findings]]
without_blame_rule = load_config(None, load_rules())
without_blame_rule.cli_select = frozenset(code for code in engine.rules if code != "PM401")
findings = engine.lint(Source.from_text("blame.md", blame), without_blame_rule)
stages["blame-pm401-disabled"] = ["spacy" in sys.modules, sorted({f.code for f in findings})]
findings = engine.lint(Source.from_text("blame.md", blame), config)
stages["blame-pm401-enabled"] = ["spacy" in sys.modules, sorted({f.code for f in findings})]
print(json.dumps(stages))
"""


@pytest.fixture(scope="module")
def import_stages() -> dict[str, Any]:
    completed = subprocess.run([sys.executable, "-c", _LAZY_IMPORT, json.dumps([GOOD, BLAME])],
                               cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_creating_the_engine_and_loading_config_does_not_import_spacy(import_stages: dict[str, Any]) -> None:
    assert import_stages["engine-created"] is False
    assert import_stages["config-loaded"] is False


def test_linting_a_document_without_blame_words_does_not_import_spacy(import_stages: dict[str, Any]) -> None:
    imported, codes = import_stages["clean-document"]
    assert codes == []  # every rule ran on it, PM401 included
    assert imported is False


def test_blame_text_with_pm401_disabled_does_not_import_spacy(import_stages: dict[str, Any]) -> None:
    imported, codes = import_stages["blame-pm401-disabled"]
    assert "PM401" not in codes
    assert imported is False


def test_blame_text_with_pm401_enabled_imports_spacy_and_is_reported(import_stages: dict[str, Any]) -> None:
    imported, codes = import_stages["blame-pm401-enabled"]
    assert "PM401" in codes
    assert imported is True


# -- batching: one nlp.pipe per batch of files ---------------------------------------------------

NAMES = ["John", "Sarah", "Ana", "Carlos", "Priya", "Tom", "Maria"]  # all in given-names.txt


class _CountingPipeline:
    """Delegates to the real pipeline, recording each ``pipe`` call's texts."""

    def __init__(self, real: Any) -> None:
        self._real = real
        self.pipe_calls: list[list[str]] = []

    def pipe(self, texts: Any, *args: Any, **kwargs: Any) -> Any:
        texts = list(texts)
        self.pipe_calls.append(texts)
        return self._real.pipe(texts, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@pytest.fixture
def spies(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Record LanguageAnalyzer.prepare calls (their texts) and the pipeline's pipe calls."""
    prepare_calls: list[list[str]] = []
    original_prepare = LanguageAnalyzer.prepare

    def prepare(self: LanguageAnalyzer, texts: Any) -> None:
        texts = list(texts)
        prepare_calls.append(texts)
        original_prepare(self, texts)

    real_load = pmlint.language.pipeline.load_pipeline
    proxies: dict[Any, _CountingPipeline] = {}

    def load_pipeline(model: str | None) -> Any:
        if model not in proxies:
            proxies[model] = _CountingPipeline(real_load(model))
        return proxies[model]

    monkeypatch.setattr(LanguageAnalyzer, "prepare", prepare)
    monkeypatch.setattr(pmlint.language.pipeline, "load_pipeline", load_pipeline)
    return {"prepare": prepare_calls, "proxies": proxies}


def _write_blame_files(directory: Path, count: int) -> list[str]:
    """``count`` files, each with a distinct blame sentence; returns the sentences."""
    (directory / ".pmlint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    sentences = []
    for index in range(count):
        sentence = f"{NAMES[index]} forgot to update the configuration of service {index}."
        sentences.append(sentence)
        (directory / f"pm-{index}.md").write_text(f"# Outage {index}\n\n## Summary\n\n{sentence}\n", encoding="utf-8")
    return sentences


def _lint_directory(directory: Path) -> tuple[Engine, pmlint.commands.runner.RunResult]:
    engine = Engine.create()
    result = pmlint.commands.runner.lint_paths(engine, ConfigCache(engine.rules), [str(directory)])
    assert result.errors == []
    return engine, result


def test_texts_of_all_files_are_parsed_in_one_batch(tmp_path: Path, spies: dict[str, Any]) -> None:
    sentences = _write_blame_files(tmp_path, 5)
    engine, result = _lint_directory(tmp_path)
    assert result.files == 5
    blamed = sorted(f.path for f in result.findings if f.code == "PM401")
    assert blamed == sorted((tmp_path / f"pm-{index}.md").as_posix() for index in range(5))
    with_texts = [texts for texts in spies["prepare"] if texts]
    assert len(with_texts) == 1
    assert sorted(with_texts[0]) == sorted(sentences)
    pipeline = spies["proxies"][None]
    assert len(pipeline.pipe_calls) == 1
    assert sorted(pipeline.pipe_calls[0]) == sorted(sentences)
    # The batch's parsed texts are dropped once it is linted.
    assert all(not analyzer._docs for analyzer in engine._analyzers.values())


def test_more_files_than_batch_size_give_one_pipe_call_per_batch(tmp_path: Path, spies: dict[str, Any],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pmlint.commands.runner, "BATCH_SIZE", 2)
    count = 5
    sentences = _write_blame_files(tmp_path, count)
    _, result = _lint_directory(tmp_path)
    assert result.files == count
    assert sum(f.code == "PM401" for f in result.findings) == count
    with_texts = [texts for texts in spies["prepare"] if texts]
    assert len(with_texts) == math.ceil(count / 2)
    assert [len(texts) for texts in with_texts] == [2, 2, 1]
    assert sorted(text for texts in with_texts for text in texts) == sorted(sentences)
    pipe_calls = spies["proxies"][None].pipe_calls
    assert len(pipe_calls) == math.ceil(count / 2)
    assert sorted(text for texts in pipe_calls for text in texts) == sorted(sentences)


def test_files_without_blame_words_never_reach_the_pipeline(tmp_path: Path, spies: dict[str, Any]) -> None:
    (tmp_path / ".pmlint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    for index in range(3):
        (tmp_path / f"good-{index}.md").write_text(GOOD, encoding="utf-8")
    _, result = _lint_directory(tmp_path)
    assert result.files == 3
    assert result.findings == []
    assert [texts for texts in spies["prepare"] if texts] == []
    assert spies["proxies"] == {}  # the pipeline was never even asked for


# -- model names ---------------------------------------------------------------------------------


def test_model_installed_is_false_for_an_unknown_package() -> None:
    assert model_installed("en_core_web_nonexistent") is False


@pytest.mark.parametrize("name", ["en_core_web_nonexistent.sub", "pmlint.no_such_model", "a.b.c", "model.",
                                  "./no/such/model", "../no_such_model", "no/such/model", "no\\such\\model",
                                  ".hidden_model"])
def test_model_installed_accepts_dotted_and_path_like_names_without_raising(name: str) -> None:
    assert model_installed(name) is False


def test_model_installed_is_true_for_an_existing_directory(tmp_path: Path) -> None:
    model = tmp_path / "my_model"
    model.mkdir()
    assert model_installed(str(model)) is False  # a directory, but no spaCy pipeline in it
    (model / "config.cfg").write_text("[nlp]\n", encoding="utf-8")
    assert model_installed(str(model)) is True
    assert model_installed(str(tmp_path / "missing_model")) is False
    file = tmp_path / "a_file"
    file.write_text("", encoding="utf-8")
    assert model_installed(str(file)) is False


def test_install_command_names_spacy_download() -> None:
    assert "python -m spacy download x" in install_command("x")
    assert "python -m spacy download en_core_web_sm" in install_command("en_core_web_sm")


# -- the language-model configuration key --------------------------------------------------------


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".pmlint.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("value", ["42", "true", "[en_core_web_sm]", "{name: en_core_web_sm}", "'  '"])
def test_language_model_of_the_wrong_type_is_a_config_error_naming_the_key(tmp_path: Path, value: str) -> None:
    path = _config(tmp_path, f"fail-on: warning\nlanguage-model: {value}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path, load_rules())
    error = caught.value
    assert error.key == "language-model"
    assert error.line == 2
    assert "'language-model'" in str(error)
    assert str(path) in str(error)
    assert "spaCy pipeline" in str(error)


def test_language_model_not_installed_is_a_config_error_with_the_install_command(tmp_path: Path) -> None:
    path = _config(tmp_path, "language-model: en_core_web_nonexistent\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path, load_rules())
    text = str(caught.value)
    assert caught.value.key == "language-model"
    assert "'language-model'" in text
    assert "en_core_web_nonexistent" in text
    assert "python -m spacy download en_core_web_nonexistent" in text


def test_language_model_null_is_accepted_as_the_default_pipeline(tmp_path: Path) -> None:
    path = _config(tmp_path, "language-model:\n")
    assert load_config(path, load_rules()).language_model is None
    assert load_config(None, load_rules()).language_model is None


def test_language_model_may_be_an_existing_directory(tmp_path: Path) -> None:
    model = tmp_path / "pipelines" / "custom"
    model.mkdir(parents=True)
    (model / "config.cfg").write_text("[nlp]\n", encoding="utf-8")
    path = _config(tmp_path, f"language-model: '{model.as_posix()}'\n")
    assert load_config(path, load_rules()).language_model == model.as_posix()


def test_a_model_directory_that_is_not_a_spacy_pipeline_is_reported_not_a_traceback(tmp_path: Path) -> None:
    # The directory exists, so the config loads; spaCy cannot load it. That is a user error: it
    # must end as a located pmlint error in the run's errors, not as an OSError out of lint_paths.
    model = tmp_path / "not_a_pipeline"
    model.mkdir()
    _config(tmp_path, f"language-model: '{model.as_posix()}'\n")
    (tmp_path / "pm.md").write_text(BLAME, encoding="utf-8")
    engine = Engine.create()
    result = pmlint.commands.runner.lint_paths(engine, ConfigCache(engine.rules), [str(tmp_path)])
    assert len(result.errors) == 1
    assert "not_a_pipeline" in str(result.errors[0])


# -- LanguageAnalyzer caching ---------------------------------------------------------------------


def test_parse_caches_the_doc_and_forget_drops_it() -> None:
    analyzer = LanguageAnalyzer()
    text = "The deploy stalled. The queue grew."
    first = analyzer.parse(text)
    assert first.text == text
    assert [sentence.text for sentence in first.sents] == ["The deploy stalled.", "The queue grew."]
    assert analyzer.parse(text) is first
    pipeline = analyzer.pipeline
    analyzer.forget()
    again = analyzer.parse(text)
    assert again is not first
    assert again.text == text
    assert analyzer.pipeline is pipeline  # the pipeline stays loaded


def test_prepare_parses_each_distinct_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    analyzer = LanguageAnalyzer()
    real = analyzer.pipeline
    counting = _CountingPipeline(real)
    monkeypatch.setattr(pmlint.language.pipeline, "load_pipeline", lambda model: counting)
    analyzer.prepare(["One text.", "Two texts.", "One text."])
    assert counting.pipe_calls == [["One text.", "Two texts."]]
    first = analyzer.parse("One text.")
    analyzer.prepare(["One text.", "Two texts."])
    assert len(counting.pipe_calls) == 1  # nothing new to parse
    assert analyzer.parse("One text.") is first


def test_the_default_pipeline_has_no_parser_or_entities() -> None:
    analyzer = LanguageAnalyzer(None)
    assert analyzer.has_parser is False
    assert analyzer.has_entities is False


def _fresh_python(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_spacy_is_imported_without_its_command_line_which_stays_importable() -> None:
    out = _fresh_python(
        "import sys\n"
        "from pmlint.language.pipeline import load_pipeline\n"
        "nlp = load_pipeline(None)\n"
        "print([t.text for t in nlp(\"John didn't check.\")])\n"
        "print('spacy.cli' in sys.modules, hasattr(sys.modules['spacy'], 'cli'))\n"
        "import spacy.cli\n"
        "print(spacy.cli.info.__module__, callable(spacy.cli.download))\n"
        "import spacy\n"
        "print(sorted(spacy.info())[:2])\n")
    lines = out.splitlines()
    assert lines[0] == "['John', 'did', \"n't\", 'check', '.']"
    assert lines[1] == "False False"  # the stand-in is gone and the command line was never imported
    assert lines[2] == "spacy.cli.info True"  # the real one, imported on demand
    assert lines[3] == "['location', 'pipelines']"


def test_spacy_already_imported_is_used_as_it_is() -> None:
    out = _fresh_python(
        "import spacy, sys\n"
        "from pmlint.language.pipeline import import_spacy\n"
        "print(import_spacy() is spacy, sys.modules['spacy.cli'].__file__ is not None)\n")
    assert out.split() == ["True", "True"]


def test_default_pipeline_splits_what_the_blame_finder_reads_as_separate_words() -> None:
    # PM401 without a model relies on these: a hyphenated role ("the on-call") is three tokens, as
    # blame-roles entries are split; contractions and possessives are tokens of their own; a
    # semicolon ends no sentence, so "...; and forgot" keeps its subject in the same sentence.
    doc = LanguageAnalyzer().parse("The on-call didn't check John's change; and crucially, forgot to.")
    assert [token.text for token in doc] == ["The", "on", "-", "call", "did", "n't", "check", "John", "'s", "change",
                                             ";", "and", "crucially", ",", "forgot", "to", "."]
    assert len(list(doc.sents)) == 1


def test_long_whitespace_free_runs_are_parsed_as_letters_with_the_same_offsets() -> None:
    """spaCy strips prefixes from a chunk one at a time, copying the rest: quadratic in a run of '['.
    A chunk of 100 or more non-space characters is parsed as that many letters instead, so every
    token after it keeps its offset, and the text blame rewrites are built from is the text as written."""
    from pmlint.language.pipeline import LanguageAnalyzer

    text = "Ana forgot to check. " + "[" * 5_000 + " Then John broke the build."
    analyzer = LanguageAnalyzer()
    doc = analyzer.parse(text)
    assert doc.user_data["pmlint_text"] == text
    long_tokens = [token for token in doc if len(token) >= 100]
    assert len(long_tokens) == 1 and long_tokens[0].idx == text.index("[") and len(long_tokens[0]) == 5_000
    john = next(token for token in doc if token.text == "John")
    assert john.idx == text.index("John")
    assert [token.text for token in doc[:4]] == ["Ana", "forgot", "to", "check"]
