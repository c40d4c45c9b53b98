"""The NLP layer: a spaCy pipeline loaded lazily once per process, and batched parsing per run.

spaCy is imported only when a language rule asks for text to be parsed, and a rule asks only for
text that a cheap regular-expression prefilter says could match. The default pipeline needs no
downloaded model: spaCy's English tokenizer and rule-based sentence boundaries. A trained pipeline
(``language-model: en_core_web_sm`` in the config) adds entities and a dependency parse, which the
blame rule uses to find who is the actor.
"""
from __future__ import annotations

import functools
import importlib.util
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy costs half a second to import: never at module level
    from spacy.language import Language
    from spacy.tokens import Doc

# Components a trained pipeline may carry that no language rule reads.
_UNUSED_COMPONENTS = ("textcat", "textcat_multilabel", "lemmatizer", "senter")


def install_command(model: str) -> str:
    return f"python -m spacy download {model}"


def model_installed(model: str) -> bool:
    """Whether ``model`` (a package name or a directory path) can be loaded, without importing spaCy."""
    if "/" in model or "\\" in model or model.startswith("."):
        return Path(model).is_dir()
    try:
        return importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        return False


@functools.lru_cache(maxsize=None)
def load_pipeline(model: str | None) -> Language:
    """The pipeline for ``model`` (None: the model-free default), built once per process."""
    import spacy

    if model is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp
    return spacy.load(model, exclude=list(_UNUSED_COMPONENTS))


class LanguageAnalyzer:
    """Parses texts with one pipeline and keeps the results for the rest of the run.

    The engine hands every text the language rules will ask for to ``prepare`` in one call, so
    they go through a single batched ``nlp.pipe``; ``parse`` then only looks them up.
    """

    def __init__(self, model: str | None = None) -> None:
        self.model = model
        self._docs: dict[str, Doc] = {}

    @property
    def pipeline(self) -> Language:
        return load_pipeline(self.model)

    @property
    def has_parser(self) -> bool:
        """Whether a dependency parse is available (a trained pipeline is configured)."""
        return self.model is not None and self.pipeline.has_pipe("parser")

    @property
    def has_entities(self) -> bool:
        return self.model is not None and self.pipeline.has_pipe("ner")

    def prepare(self, texts: Iterable[str]) -> None:
        pending = [text for text in dict.fromkeys(texts) if text not in self._docs]
        if not pending:
            return
        for text, doc in zip(pending, self.pipeline.pipe(pending, batch_size=128)):
            self._docs[text] = doc

    def parse(self, text: str) -> Doc:
        if text not in self._docs:
            self.prepare([text])
        return self._docs[text]

    def forget(self) -> None:
        """Drop the parsed texts (the pipeline stays loaded)."""
        self._docs.clear()
