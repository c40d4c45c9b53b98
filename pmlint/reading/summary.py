"""Where a document's executive summary is, and which of its headings is the title.

Real post-mortems put the summary in one of three places: a section whose heading names it
("## Summary", "## Issue Summary", "## TL;DR"); the untitled paragraphs between the title and the
first section heading (blog style); or, failing both, a narrative section such as "What happened".
The summary ends where a nested heading starts another required section ("### Timeline" under
"## Summary"), and a "### Summary" inside another required section ("Lessons Learned") summarises
that section, not the incident.
"""
from __future__ import annotations

import dataclasses

from pmlint.reading.document import Document
from pmlint.reading.parts import Block, Section
from pmlint.reading.sections import normalize_heading

# Summary headings that name a narrative rather than a summary: the summary only when nothing better exists.
_NARRATIVE = frozenset({"what happened", "what happens", "description", "incident description", "details",
                        "incident details", "background", "context", "problem", "the problem", "symptom",
                        "symptoms"})
# An untitled opening counts as the summary when one of its paragraphs has at least this many words.
_OPENING_MIN_WORDS = 12


def title_section(doc: Document) -> Section | None:
    """The section of the document's title heading, or None.

    The title is the first heading when it is level 1, unless other level-1 headings follow and it is
    itself a bare section name ("# Summary" in a document whose sections are all level 1). Worked out
    once per document: ``sections_for`` asks for it at every look-up of a section.
    """
    return doc.view("title-section", _find_title_section)


def _find_title_section(doc: Document) -> Section | None:
    if len(doc.sections) < 2:
        return None
    first = doc.sections[1]
    if first.level != 1:
        return None
    if any(section.level == 1 for section in doc.sections[2:]):
        name = normalize_heading(first.title)
        if name and any(name in spec.normalized_aliases for spec in (*doc.catalog.sections, *doc.catalog.fields)):
            return None
    return first


def front_matter_names(doc: Document) -> tuple[str, ...]:
    """The front matter's keys that have a value, normalised as headings are ("incident-date" reads "incident
    date"), in their order: worked out once per document, as each summary field asks whether one names it."""
    return doc.view("front-matter-names", _front_matter_names)


def _front_matter_names(doc: Document) -> tuple[str, ...]:
    if doc.front_matter is None:
        return ()
    return tuple(normalize_heading(key.replace("-", " ").replace("_", " "))
                 for key, value in doc.front_matter.data.items() if value not in (None, "", [], {}))


def sections_for(doc: Document, key: str) -> list[Section]:
    """Sections matching ``key`` through their headings, the title excepted: a title such as
    "Post-mortem: login outage" names the document, not one of its sections."""
    title = title_section(doc)
    return [section for section in doc.find_sections(key) if section is not title]


def executive_summary(doc: Document) -> list[Section]:
    """The parts of the document that are its executive summary (built once per document).

    An untitled opening is returned as a Section without a heading (index 0, level 0) that spans
    the opening's lines.
    """
    return doc.view("executive-summary", _find_summary)


def _find_summary(doc: Document) -> list[Section]:
    key = doc.catalog.summary_section
    if key is None:
        return []
    candidates = [section for section in sections_for(doc, key) if not _inside_other_section(doc, section, key)]
    named = [section for section in candidates if not _narrative(doc, section, key)]
    if named:
        return [_cut_at_required(doc, section, key) for section in named]
    opening = _opening(doc)
    if opening is not None:
        # An opening followed straight away by "What happened" is told in both: a short introduction,
        # then the narrative with the facts.
        if candidates and candidates[0].first_line == opening.end_line:
            return [opening, _cut_at_required(doc, candidates[0], key)]
        return [opening]
    # A narrative section is the summary only when it opens the document: a "What happened" after
    # the alert, the investigation and the mitigation is the story, and the document has no summary.
    if candidates and not _text_before(doc, candidates[0]):
        return [_cut_at_required(doc, candidates[0], key)]
    return []


def _text_before(doc: Document, section: Section) -> bool:
    """Whether a paragraph of prose comes before ``section``; headings and metadata (a list or table
    of "Date: ...", "Chain id: ..." lines) do not count."""
    return any(_is_prose_paragraph(block) for block in doc.blocks_between(0, section.first_line))


def _is_prose_paragraph(block: Block, quoted: bool = False) -> bool:
    return (block.kind == "paragraph" and block.list_item is None and block.table is None
            and (quoted or not block.in_blockquote) and len(block.segment.text.split()) >= _OPENING_MIN_WORDS)


def _unnamed_first_heading(doc: Document) -> Section | None:
    """The first heading, when it is not level 1, names no section or field, and no prose comes before it."""
    if len(doc.sections) < 2:
        return None
    first = doc.sections[1]
    if first.heading is None or first.level == 1 or doc.catalog.keys_for(first.title):
        return None
    if any(_is_prose_paragraph(block) for block in doc.blocks_between(0, first.first_line)):
        return None
    return first


def _narrative(doc: Document, section: Section, key: str) -> bool:
    """Whether the heading names the summary only through a narrative alias ("What happened")."""
    padded = f" {normalize_heading(section.title)} "
    spec = doc.catalog.section(key)
    return not any(f" {alias} " in padded for alias in spec.contained_aliases if alias not in _NARRATIVE)


def _required_keys(doc: Document, section: Section, key: str) -> frozenset[str]:
    required = {spec.key for spec in doc.catalog.sections if spec.required and spec.key != key}
    return doc.catalog.keys_for(section.title) & required if section.heading else frozenset()


def _inside_other_section(doc: Document, section: Section, key: str) -> bool:
    """A "### Summary" under "## Lessons Learned" sums up the lessons, not the incident."""
    title = title_section(doc)
    parent = section.parent
    while parent is not None and parent != 0:
        ancestor = doc.sections[parent]
        if ancestor is not title and _required_keys(doc, ancestor, key):
            return True
        parent = ancestor.parent
    return False


def _cut_at_required(doc: Document, section: Section, key: str) -> Section:
    """The summary up to its first nested heading that starts another required section ("### Timeline"),
    unless that heading names one of the summary's own fields ("### Root Cause" is the Root Cause field)."""
    fields = {spec.key for spec in doc.catalog.fields}
    for other in doc.sections[section.index + 1:]:
        if other.first_line >= section.end_line:
            break
        if _required_keys(doc, other, key) and not (doc.catalog.keys_for(other.title) & fields):
            return dataclasses.replace(section, end_line=other.first_line, children=[])
    return section


def _before_other_section_labels(doc: Document, start: int, end: int) -> int:
    """Where an opening without headings ends: at the first bold label, after its start, of another required
    section ("**Root cause:** ...", "**Action items:**" in a post-mortem written in labels only); the
    summary is not what the root cause or the action items say."""
    summary_key = doc.catalog.summary_section
    for spec in doc.catalog.sections:
        if not spec.required or spec.key == summary_key:
            continue
        for label in doc.find_labels(spec.key):
            if label.line >= end:
                break
            if label.deliberate and label.line > start and doc.blocks[label.block].table is None:
                end = label.line
                break
    return end


def _opening(doc: Document) -> Section | None:
    """The paragraphs between the title and the first section heading, when they say something.

    A first heading of a lower level that names no section ("## Login outage" on a wiki page whose
    title lives outside the file) is the title here. A block-quoted opening (a "> TL;DR" box) counts:
    a quoted email or statement further down is not at the opening.
    """
    title = title_section(doc) or _unnamed_first_heading(doc)
    if title is not None:
        start = title.body_first_line
    elif doc.front_matter is not None:
        start = doc.front_matter.last_line + 1
    else:
        start = 0
    end = doc.source.line_count
    for heading in doc.headings:
        if heading.line >= start:
            end = heading.line
            break
    end = _before_other_section_labels(doc, start, end)
    if not any(_is_prose_paragraph(block, quoted=True) for block in doc.blocks_between(start, end)):
        return None
    return Section(index=0, level=0, heading=None, first_line=start, end_line=end, parent=None)
