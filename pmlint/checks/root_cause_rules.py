"""PM201 root-cause-depth: a root cause analysis that stops at the first, proximate cause."""
from __future__ import annotations

import functools
from collections.abc import Iterator

from pmlint.checks.placeholders import PlaceholderMatcher
from pmlint.checks.registration import RuleContext, check
from pmlint.model import Violation
from pmlint.reading.document import Document
from pmlint.reading.root_cause import Piece, RootCauseAnalysis, root_cause_analysis

# Template hints PM002 reports as placeholders ("[5 Whys or similar methodology]", "{{ cause }}").
_PLACEHOLDER_PATTERNS = (r"^\[[^\]]*\]$", r"^\{\{.*\}\}$", r"^<[^>]*>$")
_QUOTED = 60

# The guide's example asks why three times before it reaches the process; an analysis that names a gap in
# the process has reached it, however few steps it wrote down.
GUIDE_DEPTH = 3


@check("PM201")
def root_cause_depth(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report, once at the analysis' first heading (or label), a root cause analysis of fewer than
    ``min-depth`` steps: a whys list with too few whys; else a single statement (one sentence, one factor,
    or only a trigger) whose causal chain is too short."""
    min_depth = int(context.options.get("min-depth", 3))
    analysis = root_cause_analysis(doc, context.wordlist("causal-connectives").entries)
    if analysis is None or analysis.depth >= min_depth or _unwritten(analysis, context):
        return
    if analysis.statements == 0 and not analysis.is_whys_list:
        return  # only an image, a code block or a link with no text: nothing to count
    if _names_a_process_gap(analysis, context) and GUIDE_DEPTH >= min_depth:
        return  # it reached the answer the guide's whys end at: as deep as the guide asks, in fewer words
    if not analysis.is_whys_list and not analysis.single_statement:
        return
    args: dict[str, object] = {"min": min_depth, "last": _quoted(analysis)}
    suggestion = _suggestion(analysis)
    if analysis.only_trigger:
        yield Violation(analysis.span, kind="trigger", args=args, suggestion=suggestion)
    elif analysis.is_whys_list or analysis.whys:
        count = len(analysis.whys)
        args.update(count=count, whys="why" if count == 1 else "whys")
        yield Violation(analysis.span, kind="whys", args=args, suggestion=suggestion)
    elif analysis.depth <= 1:
        yield Violation(analysis.span, args=args, suggestion=suggestion)
    else:
        args.update(count=analysis.depth)
        yield Violation(analysis.span, kind="chain", args=args, suggestion=suggestion)


def _names_a_process_gap(analysis: RootCauseAnalysis, context: RuleContext) -> bool:
    """Whether a step of the analysis names a gap in the process ("a manual step nobody tracked", "lack of
    monitoring", "no review of ..."): the answer the guide's 5 Whys end at, however briefly put."""
    gaps = context.wordlist("process-gaps")
    steps = (*analysis.whys, *analysis.causes, *analysis.factors, *analysis.links, *analysis.triggers)
    return any(gaps.search(step.text) for step in steps)


def _unwritten(analysis: RootCauseAnalysis, context: RuleContext) -> bool:
    """Whether the analysis holds only placeholders or a template's instructions: PM002's finding (or a
    template not filled in), not this rule's."""
    matcher = _matcher(context.wordlist("placeholders").entries, context.wordlist("instruction-verbs").entries)
    for part in analysis.parts:
        for piece in part.pieces:
            if piece.kind == "heading":
                continue
            if piece.has_non_prose or not (matcher.is_placeholder(piece.text) or _instruction(piece, matcher)):
                return False
    return True


@functools.lru_cache(maxsize=16)
def _matcher(words: tuple[str, ...], verbs: tuple[str, ...]) -> PlaceholderMatcher:
    """The placeholder matcher for a configuration's wordlists, built once for them, not for every document
    (a matcher is only read, never changed)."""
    return PlaceholderMatcher(words, _PLACEHOLDER_PATTERNS, verbs)


def _instruction(piece: Piece, matcher: PlaceholderMatcher) -> bool:
    """A wholly italic hint with a sentence that opens with an instruction verb ("_To be done before the
    meeting. Give a summary of what caused the incident._")."""
    if not piece.segment.is_italic():
        return False
    for sentence in piece.text.split(". "):
        words = sentence.split()
        if words and words[0].strip("_*,.:;").casefold() in matcher.instruction_verbs:
            return True
    return False


def _quoted(analysis: RootCauseAnalysis) -> str:
    step = analysis.last_step
    text = step.text if step is not None else ""
    return text if len(text) <= _QUOTED else text[:_QUOTED - 1].rstrip() + "\u2026"


def _suggestion(analysis: RootCauseAnalysis) -> str:
    last = _quoted(analysis)
    about = f" about '{last}'" if last else ""
    return (f"ask why again{about}: why did the process let it happen? Keep asking until the answer is a "
            "gap in the process (a missing check, review, test or alert) that an action item can close")
