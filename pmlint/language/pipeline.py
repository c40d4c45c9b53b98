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
import re
import sys
import types
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmlint.errors import ConfigError

# Adverbs that judge how a person acted. With a person as the actor ("Bob carelessly deleted the
# bucket") the sentence is blame, which PM401 reports once with a rewrite; PM402 reports them only
# when no person acted ("the flag was carelessly flipped").
JUDGING_ADVERBS = frozenset("carelessly foolishly lazily negligently recklessly sloppily stupidly thoughtlessly".split())

if TYPE_CHECKING:  # spaCy costs half a second to import: never at module level
    from spacy.language import Language
    from spacy.tokens import Doc

# Components a trained pipeline may carry that no language rule reads.
_UNUSED_COMPONENTS = ("textcat", "textcat_multilabel", "lemmatizer", "senter")


def is_path(model: str) -> bool:
    return "/" in model or "\\" in model or model.startswith(".")


def install_command(model: str) -> str:
    return f"python -m spacy download {model}"


def model_problem(model: str) -> str | None:
    """Why ``model`` (a package name or a directory) cannot be loaded, or None; spaCy is not imported."""
    if is_path(model):
        if not _is_pipeline_directory(Path(model)):
            return f"'{model}' is not a directory holding a spaCy pipeline (no config.cfg)"
        return None
    try:
        spec = importlib.util.find_spec(model)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return f"spaCy pipeline '{model}' is not installed; install it with '{install_command(model)}'"
    locations = list(spec.submodule_search_locations or [])
    if not any(_is_pipeline_directory(Path(location)) or any(_is_pipeline_directory(child)
                                                              for child in Path(location).iterdir() if child.is_dir())
               for location in locations):
        return f"'{model}' is an installed package but not a spaCy pipeline (such as en_core_web_sm)"
    return None


def model_installed(model: str) -> bool:
    """Whether ``model`` (a package name or a directory path) is a loadable spaCy pipeline."""
    return model_problem(model) is None


def _is_pipeline_directory(path: Path) -> bool:
    return (path / "config.cfg").is_file()


def import_spacy() -> types.ModuleType:
    """``import spacy`` without importing spaCy's command line.

    spaCy's ``__init__`` imports ``spacy.cli`` for one name, ``spacy.info``, and with it the
    download, training and project commands and their HTTP clients: a quarter of spaCy's import
    time, and nothing a linter uses. While spaCy imports, a stand-in module takes the place of
    ``spacy.cli.info``; it is removed afterwards, so a later ``import spacy.cli`` imports the real
    one, and ``spacy.info()`` calls it. Should a spaCy version import more of its command line at
    start-up, the stand-in is dropped and spaCy is imported as usual.
    """
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        import spacy
        return spacy
    package = types.ModuleType("spacy.cli")
    package.__path__ = []  # a package, so that 'spacy.cli.info' can be imported from it
    info_module = types.ModuleType("spacy.cli.info")

    def info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import (
            info as real_info,  # the stand-in is gone by now: the real command
        )
        return real_info(*args, **kwargs)

    info_module.info = info  # type: ignore[attr-defined]
    package.info = info_module  # type: ignore[attr-defined]
    stand_ins = {"spacy.cli": package, "spacy.cli.info": info_module}
    sys.modules.update(stand_ins)
    try:
        import spacy
    except ImportError:
        _remove_stand_ins(stand_ins)
        import spacy  # noqa: F811  as usual, with its command line
    _remove_stand_ins(stand_ins)
    return spacy


def _remove_stand_ins(stand_ins: dict[str, types.ModuleType]) -> None:
    for name, module in stand_ins.items():
        if sys.modules.get(name) is module:
            del sys.modules[name]
    spacy = sys.modules.get("spacy")
    if spacy is not None and getattr(spacy, "cli", None) is stand_ins["spacy.cli"]:
        delattr(spacy, "cli")


_GLUED_MARKUP = (r"[*~]+", r"(?<=\w)[,;:](?=[*~])")


@functools.lru_cache(maxsize=None)
def load_pipeline(model: str | None) -> Language:
    """The pipeline for ``model`` (None: the model-free default), built once per process."""
    spacy = import_spacy()

    if model is None:
        nlp = _blank_english()
        nlp.add_pipe("sentencizer")
        return nlp
    return spacy.load(model, exclude=list(_UNUSED_COMPONENTS))


def _blank_english() -> Language:
    """spaCy's blank English pipeline (``spacy.blank("en")``) whose tokenizer also splits glued markup.

    A literal emphasis character glued to words ("fired,*The engineer") is a token of its own, as it
    is with a space before it: otherwise the actor after it is not a word of its own. The tokenizer
    is built once with these infixes: setting ``infix_finditer`` on ``spacy.blank("en")``'s compiled
    the infixes a second time and loaded its 2,700 special cases again, 0.05 s of a cold start."""
    from spacy.lang.en import English

    class GluedMarkupDefaults(English.Defaults):
        infixes = [*English.Defaults.infixes, *_GLUED_MARKUP]

    class GluedMarkupEnglish(English):
        Defaults = GluedMarkupDefaults

    return GluedMarkupEnglish()


# spaCy's tokenizer strips prefixes and suffixes from a whitespace-free chunk one at a time, copying
# the rest each time: 20,000 '[' or '*' in a row took 35 s, 100,000 several minutes. A chunk that long
# is no word, so it is parsed as the same number of letters: offsets stay the same and the tokenizer
# stays linear.
_LONG_RUN = re.compile(r"\S{100,}")


def has_masked_run(text: str) -> bool:
    """Whether ``text`` holds a run the pipeline is given masked, so that its Doc's text differs from it."""
    return _LONG_RUN.search(text) is not None


def _same_length(match: re.Match[str]) -> str:
    return "x" * len(match.group())


# The longest text parsed as one Doc. spaCy refuses a text over ``nlp.max_length`` (1,000,000
# characters: "E088") and a trained pipeline needs about 1 GB per 100,000 characters, so a longer
# paragraph is parsed in pieces of at most this many characters, cut after a sentence end (else
# after a blank, else anywhere) and joined into one Doc with the same text and offsets.
CHUNK_CHARS = 100_000
# How many texts are parsed at a time: only these Docs are alive, not one per text of the run.
BATCH_TEXTS = 128
_SENTENCE_CUT = re.compile(r"[.!?][\"'”’)\]]*\s")
_BLANK = re.compile(r"\s")


def chunk_bounds(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """``[(start, end), ...]`` covering ``text`` in order, each at most ``limit`` characters long."""
    bounds = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = None
        floor = start + limit // 2  # a piece is never shorter than half the limit: linear overall
        for pattern in (_SENTENCE_CUT, _BLANK):
            last = None
            for last in pattern.finditer(text, floor, end):
                pass
            if last is not None:
                cut = last.end()
                break
        bounds.append((start, cut if cut is not None else end))
        start = bounds[-1][1]
    bounds.append((start, len(text)))
    return bounds


class LanguageAnalyzer:
    """Parses texts with one pipeline and hands the results to the rules.

    The engine hands every text the language rules will ask for to ``prepare`` in one call, so
    they go through a single batched ``nlp.pipe``; ``parse`` then takes them from it. The pipe is
    read as the rules ask, in the order the texts were prepared (the order the rules ask in), so a
    run holds the Docs of about one batch at a time, not one per text of the run: 50,000 sentences
    no longer hold 50,000 Docs.
    """

    def __init__(self, model: str | None = None) -> None:
        self.model = model
        # Parsed Docs not handed out yet (texts read from the pipe before the one asked for).
        self._docs: dict[str, Doc] = {}
        # The last Docs handed out, so that asking twice for a text gives the same Doc. Oldest first:
        # an OrderedDict drops its oldest in constant time, where a dict whose front entries were
        # deleted walks past them to find its first key.
        self._recent: OrderedDict[str, Doc] = OrderedDict()
        # (text, Doc) pairs still to be read from the pipes, and the texts they will give.
        self._streams: list[Iterator[tuple[str, Doc]]] = []
        self._pending: set[str] = set()
        self._error: ConfigError | None = None

    @property
    def pipeline(self) -> Language:
        if self._error is not None:
            raise self._error  # the same error object, so a run reports it once
        try:
            return load_pipeline(self.model)
        except Exception as error:  # noqa: BLE001  a broken model must be a message, not a traceback
            self._error = ConfigError(f"cannot load spaCy pipeline '{self.model}': {error}", key="language-model")
            raise self._error from None

    @property
    def has_parser(self) -> bool:
        """Whether a dependency parse is available (a trained pipeline is configured)."""
        return self.model is not None and self.pipeline.has_pipe("parser")

    @property
    def has_entities(self) -> bool:
        return self.model is not None and self.pipeline.has_pipe("ner")

    def prepare(self, texts: Iterable[str]) -> None:
        # A text longer than one piece is left to ``parse_pieces`` (or parsed alone if asked whole):
        # joined into one Doc in the pipe, a 4 MB paragraph would hold every piece at once.
        pending = [text for text in dict.fromkeys(texts) if len(text) <= CHUNK_CHARS
                   and text not in self._docs and text not in self._recent and text not in self._pending]
        if not pending:
            return
        self._streams.append(zip(pending, self._parsed(pending)))
        self._pending.update(pending)

    def parse(self, text: str) -> Doc:
        if text in self._recent:
            return self._recent[text]
        if text not in self._docs and text not in self._pending:
            self._docs[text] = next(self._parsed([text]))  # never prepared: parsed alone, now
        while text not in self._docs:
            if not self._streams:  # a pipe that failed part way (its error went to the rule that read it)
                self._pending.discard(text)
                self._docs[text] = next(self._parsed([text]))
                break
            try:
                parsed, doc = next(self._streams[0])
            except StopIteration:
                del self._streams[0]
                continue
            self._pending.discard(parsed)
            self._docs[parsed] = doc
        doc = self._recent[text] = self._docs.pop(text)
        if len(self._recent) > BATCH_TEXTS:
            self._recent.popitem(last=False)
        return doc

    def parse_pieces(self, text: str) -> Iterator[tuple[int, Doc]]:
        """``(offset, Doc)`` for the pieces of ``text`` (see ``chunk_bounds``), parsed one at a time,
        so that a 4 MB paragraph never holds more than one piece's Doc; a text of one piece is
        ``parse(text)`` at offset 0. Each Doc's ``user_data["pmlint_text"]`` is its piece as written."""
        limit = min(CHUNK_CHARS, self.pipeline.max_length)
        if len(text) <= limit:
            # One piece whatever the masking (it keeps the length): not masked here, ``parse`` masks it.
            yield 0, self.parse(text)
            return
        masked = _LONG_RUN.sub(_same_length, text)
        bounds = chunk_bounds(masked, limit)
        if len(bounds) == 1:
            yield 0, self.parse(text)
            return
        docs = self.pipeline.pipe((masked[start:end] for start, end in bounds), batch_size=1)
        for (start, end), doc in zip(bounds, docs):
            doc.user_data["pmlint_text"] = text[start:end]
            yield start, doc

    def _parsed(self, texts: list[str]) -> Iterator[Doc]:
        """The Docs of ``texts`` in order, from one ``nlp.pipe`` call; a text longer than a Doc may be
        is parsed in pieces (see ``chunk_bounds``) joined into one Doc."""
        pipeline = self.pipeline
        limit = min(CHUNK_CHARS, pipeline.max_length)
        masked = [_LONG_RUN.sub(_same_length, text) for text in texts]
        # A text of one piece (nearly every text: ``prepare`` takes no longer one) is parsed whole, and
        # ``None`` stands for its bounds ``[(0, len(text))]``: a list and a tuple per text, held until the
        # pipe is read to its end, were 8 MB for 55,000 sentences.
        bounds = [chunk_bounds(text, limit) if len(text) > limit else None for text in masked]
        pieces = (piece for text, spans in zip(masked, bounds) for piece in _pieces(text, spans))
        # Called now (a broken pipeline fails here, in the engine's prepare), read later.
        return _joined(texts, bounds, pipeline.pipe(pieces, batch_size=BATCH_TEXTS))

    def forget(self) -> None:
        """Drop the parsed texts and those not read yet (the pipeline stays loaded)."""
        self._docs.clear()
        self._recent.clear()
        self._streams.clear()
        self._pending.clear()


def _pieces(text: str, spans: list[tuple[int, int]] | None) -> Iterator[str]:
    """The pieces of ``text`` to parse: the text itself when ``spans`` is None (it is one piece)."""
    if spans is None:
        yield text
        return
    for start, end in spans:
        yield text[start:end]


def _joined(texts: list[str], bounds: list[list[tuple[int, int]] | None], docs: Iterator[Doc]) -> Iterator[Doc]:
    for text, spans in zip(texts, bounds):
        if spans is None:
            doc = next(docs)
        else:
            parts = [next(docs) for _ in spans]
            doc = parts[0] if len(parts) == 1 else _join(parts)
        doc.user_data["pmlint_text"] = text  # what doc_reads.doc_text reads: the words as written
        yield doc


def _join(docs: list[Doc]) -> Doc:
    from spacy.tokens import Doc

    # No space is added between the pieces: the joined text is the text, character for character.
    return Doc.from_docs(docs, ensure_whitespace=False)
