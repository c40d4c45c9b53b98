"""Structure rules: required sections present (PM001), not empty (PM002), summary fields (PM003)."""
from __future__ import annotations

import functools
from collections.abc import Iterator

from pmlint.checks import RuleContext, check
from pmlint.checks.placeholders import PlaceholderMatcher
from pmlint.document import Block, Document, Label, Section
from pmlint.model import Span, Violation
from pmlint.sections import SectionSpec, normalize_heading

_ACCEPTED_SHOWN = 6


@check("PM001")
def missing_section(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report every required section that no heading, label or front matter key provides."""
    for spec in doc.catalog.sections:
        if spec.required and not _section_present(doc, spec):
            yield Violation(doc.title_span, args={"section": spec.title, "accepted": _accepted(spec)})


@check("PM002")
def empty_section(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report required sections whose body has no text, or only placeholders."""
    matcher = _placeholders(context)
    summary_key = doc.catalog.summary_section
    for spec in doc.catalog.sections:
        if not spec.required:
            continue
        for section in doc.find_sections(spec.key):
            if spec.key == summary_key and _has_field_labels(doc, section):
                continue  # PM003 reports the summary's fields one by one
            verdict = _emptiness(doc, section, matcher)
            if verdict is None:
                continue
            if verdict:
                yield Violation(_heading_span(doc, section), kind="placeholder",
                                args={"section": spec.title, "placeholder": _short(verdict)})
            else:
                yield Violation(_heading_span(doc, section), args={"section": spec.title})


@check("PM003")
def summary_field(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report each required executive summary field that is missing, empty or a placeholder."""
    summary_key = doc.catalog.summary_section
    summaries = doc.find_sections(summary_key) if summary_key else []
    if not summaries:
        return  # PM001 reports the missing summary
    matcher = _placeholders(context)
    for spec in doc.catalog.fields:
        if not spec.required or _front_matter_has(doc, spec):
            continue
        labels = [label for label in doc.find_labels(spec.key)
                  if label.deliberate or any(_contains(summary, label) for summary in summaries)]
        sections = doc.find_sections(spec.key)
        verdicts = [_emptiness(doc, section, matcher) for section in sections]
        if any(verdict is None for verdict in verdicts):
            continue
        if any(not matcher.is_placeholder(_label_text(doc, label)) for label in labels):
            continue
        if not labels and not sections and _prose_gives(doc, summaries, spec):
            continue
        if labels:
            span, text = labels[0].name_span, _label_text(doc, labels[0])
        elif sections:
            span, text = _heading_span(doc, sections[0]), verdicts[0] or ""
        else:
            yield Violation(_heading_span(doc, summaries[0]), args={"field": spec.title})
            continue
        if " ".join(text.split()):
            yield Violation(span, kind="placeholder", args={"field": spec.title, "placeholder": _short(text)})
        else:
            yield Violation(span, kind="empty", args={"field": spec.title})


# -- helpers ------------------------------------------------------------------------------------


def _placeholders(context: RuleContext) -> PlaceholderMatcher:
    return PlaceholderMatcher(context.wordlist("placeholders").entries,
                              context.options.get("placeholder-patterns", ()),
                              context.wordlist("instruction-verbs").entries)


@functools.lru_cache(maxsize=256)
def _accepted(spec: SectionSpec) -> str:
    """The title and the first few aliases, as headings a writer could type (once per configuration)."""
    names = [spec.title]
    seen = {normalize_heading(spec.title)}
    for alias in spec.aliases:
        heading = _as_heading(alias)
        normalized = normalize_heading(heading)
        if normalized not in seen:
            seen.add(normalized)
            names.append(heading)
    shown = ", ".join(f"'{name}'" for name in names[:_ACCEPTED_SHOWN])
    more = len(names) - _ACCEPTED_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def _as_heading(alias: str) -> str:
    """``"lessons learnt"`` → ``"Lessons Learnt"``; aliases with capitals are kept as written."""
    if alias != alias.lower():
        return alias
    small = {"a", "an", "and", "as", "at", "for", "in", "of", "on", "or", "the", "to"}
    words = alias.split()
    return " ".join(word if index and word in small else word[:1].upper() + word[1:]
                    for index, word in enumerate(words))


def _prose_gives(doc: Document, summaries: list[Section], spec: SectionSpec) -> bool:
    """Whether the summary's prose states the field (a duration, a cause...) without a label."""
    if not spec.evidence_patterns:
        return False
    for summary in summaries:
        for block in doc.blocks_in(summary):
            if block.kind == "heading":
                continue
            text = block.segment.text
            if any(pattern.search(text) for pattern in spec.evidence_patterns):
                return True
    return False


def _contains(section: Section, label: Label) -> bool:
    return section.first_line <= label.line < section.end_line


def _heading_span(doc: Document, section: Section) -> Span:
    return section.heading.span if section.heading else doc.title_span


def _section_present(doc: Document, spec: SectionSpec) -> bool:
    if doc.find_sections(spec.key):
        return True
    if _front_matter_has(doc, spec):
        return True
    return any(label.deliberate for label in doc.find_labels(spec.key))


def _front_matter_has(doc: Document, spec: SectionSpec) -> bool:
    if doc.front_matter is None:
        return False
    for key, value in doc.front_matter.data.items():
        name = normalize_heading(key.replace("-", " ").replace("_", " "))
        if name in spec.normalized_aliases and value not in (None, "", [], {}):
            return True
    return False


def _has_field_labels(doc: Document, section: Section) -> bool:
    return any(doc.find_labels(spec.key, within=section) for spec in doc.catalog.fields)


def _label_text(doc: Document, label: Label) -> str:
    if label.value.strip():
        return label.value
    return " ".join(block.segment.text for block in doc.label_body(label) if block.kind != "heading")


def _emptiness(doc: Document, section: Section, matcher: PlaceholderMatcher) -> str | None:
    """None when the section has content; "" when it is empty; else the placeholder text it holds."""
    code_in_body = any(section.body_first_line <= line < section.end_line for line in doc.code_lines)
    if code_in_body:
        return None
    placeholder = ""
    for block in doc.blocks_in(section):
        if block.kind == "heading" or _is_header_cell(doc, block):
            continue
        text = block.segment.text
        if not " ".join(text.split()):
            if block.segment.has_non_prose:
                return None  # a list of links, an image or a code span is content
            continue
        if not matcher.is_placeholder(text) and not matcher.is_instruction(block.segment):
            return None
        placeholder = placeholder or " ".join(text.split())
    return placeholder


def _is_header_cell(doc: Document, block: Block) -> bool:
    return block.kind == "cell" and block.table is not None and block.first_line == doc.tables[block.table].first_line


def _short(text: str, limit: int = 40) -> str:
    compact = " ".join(text.split())
    return compact if len(compact) <= limit else compact[: limit - 1] + "\u2026"
