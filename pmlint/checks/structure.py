"""Structure rules: required sections present (PM001), not empty (PM002), summary fields (PM003)."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from pmlint.checks.placeholders import PlaceholderMatcher
from pmlint.checks.registration import RuleContext, check
from pmlint.model import Span, Violation
from pmlint.reading.action_items import ACTIONS_KEY
from pmlint.reading.document import Document
from pmlint.reading.parts import Block, Label, Section
from pmlint.reading.sections import SectionSpec, normalize_heading
from pmlint.reading.summary import executive_summary, front_matter_names, sections_for
from pmlint.reading.timestamps import find_times, find_timestamps

_ACCEPTED_SHOWN = 4
# A value that says the field does not apply ("Time to recovery: N/A" for an investigation) states it.
_NOT_APPLICABLE = frozenset({"n/a", "na", "none", "not applicable"})
# A front matter line that sets the title: YAML "title: ..." or TOML 'title = "..."'.
_FRONT_MATTER_TITLE = re.compile(r"^\s*title\s*[:=]", re.IGNORECASE)
# Content that provides a section written under another heading (see _provides).
_ROOT_CAUSE_KEY = "root-cause-analysis"
_TIMELINE_KEY = "timeline"
_COMMITMENT = re.compile(r"\bwe(?:'|\u2019)ll\b|\bwe (?:will|shall|are going to|plan to|intend to)\b", re.IGNORECASE)
_CAUSE_STATEMENT = re.compile(r"\bthe (?:root |underlying )?causes? (?:of (?:the|this) [a-z ]{1,30}?)?(?:is|was|were)\b"
                              r"(?! (?:diagnosed|identified|found|investigated|unclear|unknown|not)\b)", re.IGNORECASE)
# The summary field a start and an end give (the key every preset uses for it).
_DURATION_KEY = "duration"
_IMPACT_KEY = "impact"
# The summary or impact section says nothing was affected: a vulnerability reported and fixed before
# anyone used it. The guide's duration is how long users were affected ("Impact statement: how many
# users were affected and for how long"), so a document with no impact is not asked for one.
_NO_IMPACT = re.compile(
    r"\bno (?:known |actual |real |material |user |customer |observed )?impact\b"
    r"|\bno (?:users?|customers?|clients?|accounts?) (?:were|was|have been|has been) (?:affected|impacted|harmed)\b"
    r"|\bno (?:user |customer )?(?:funds?|assets?|tokens?|money) (?:were|was|have been|has been|are|is) "
    r"(?:at risk|affected)\b"
    r"|\bno (?:user |customer |personal )?data (?:were|was|has been|have been) (?:exposed|accessed|lost|leaked)\b"
    r"|\b(?:was|were|is|are) (?:not|never) exploited\b|\b(?:has|have|had) (?:not|never) been exploited\b"
    r"|\bbefore (?:it|they|anyone|an attacker|attackers) could (?:be )?exploit(?:ed)?\b"
    r"|\bno (?:evidence|sign|indication)s? (?:of|that) (?:it|the \w+ (?:was|were)|any)? ?(?:exploit|exploitation|abuse|malicious)\w*\b"
    # A security advisory: "No known exploitation", "we are not aware of any exploitation".
    r"|\bno (?:known |observed |active )?exploitation\b|\bnot aware of any (?:active )?exploit(?:ation|s)?\b",
    re.IGNORECASE)

# _NO_IMPACT and _NO_DOWNTIME hold only lower-case letters and no class of letters: in an ASCII text (where
# IGNORECASE folds only A-Z) a case-sensitive search of the text lower-cased says the same, for less.
# Each pattern's id -> its case-sensitive form and the words one of which every match holds (see _says).
# Keyed by id: a re.Pattern's hash is worked out from its whole compiled code at every look-up (60% of
# _says), and these two patterns are constants of this module, alive as long as it is.


def _says(pattern: re.Pattern[str], text: str) -> bool:
    """``pattern.search(text) is not None`` for _NO_IMPACT or _NO_DOWNTIME.

    In an ASCII text lower-cased, the search runs only when the text holds one of the pattern's needed
    words: every branch of the pattern spells one of them out, so a text with none cannot match (most
    texts: 88 in 5,700 on the benchmark hold one), and a few substring tests cost much less than the search.
    """
    if text.isascii():
        lowered_pattern, needed = _LOWERED[id(pattern)]
        lowered = text.lower()
        if not any(word in lowered for word in needed):
            return False
        return lowered_pattern.search(lowered) is not None
    return pattern.search(text) is not None


@check("PM001")
def missing_section(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report, in one finding at the title, every required section that no heading, label or front
    matter key provides: adding them is one edit to the document's outline."""
    missing = [spec for spec in doc.catalog.sections if spec.required and not _section_present(doc, spec)]
    # A missing whole (Lessons Learned) stands for its missing parts (What Went Well, What Went Wrong).
    wholes = {spec.key for spec in missing}
    missing = [spec for spec in missing if spec.part_of not in wholes]
    if not missing:
        return
    suggestion = "add " + "; ".join(_heading_hint(spec) for spec in missing)
    span = _title_span(doc)
    if len(missing) == 1:
        yield Violation(span, args={"section": missing[0].title, "accepted": _accepted(missing[0])},
                        suggestion=suggestion)
    else:
        names = ", ".join(f"'{spec.title}'" for spec in missing[:-1]) + f" and '{missing[-1].title}'"
        yield Violation(span, kind="several", args={"sections": names, "count": len(missing)},
                        suggestion=suggestion)


def _title_span(doc: Document) -> Span:
    """The title heading; else the front matter's title line (a blog post's title lives there); else the
    first line with text."""
    if not (doc.headings and doc.headings[0].level == 1) and doc.front_matter is not None:
        for index in range(doc.front_matter.first_line + 1, doc.front_matter.last_line):
            if _FRONT_MATTER_TITLE.match(doc.source.line_text(index)):
                return doc.source.line_span(index)
    return doc.title_span


@check("PM002")
def empty_section(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report required sections whose body has no text, or only placeholders. A section all of whose
    headings are blank ("## Root Causes" and "## Trigger") is one finding, at the first; a part inside a
    whole reported empty ("### What went well" under an empty "## Lessons Learned") is the whole's."""
    matcher = _placeholders(context)
    summary_key = doc.catalog.summary_section
    seen: set[int] = set()
    empty: list[tuple[Section, SectionSpec, str]] = []
    for spec in doc.catalog.sections:
        if not spec.required:
            continue
        if spec.key == summary_key:
            for section in executive_summary(doc):
                if section.heading is None or section.first_line in seen or _has_field_labels(doc, section):
                    continue  # an untitled opening has text; PM003 reports a summary's fields one by one
                seen.add(section.first_line)
                verdict = _emptiness(doc, section, matcher)
                if verdict is not None:
                    empty.append((section, spec, verdict))
            continue
        # One heading may stand for two sections ("Recovery and Lessons Learned"): one finding.
        unseen = [section for section in _outermost(sections_for(doc, spec.key)) if section.first_line not in seen]
        seen.update(section.first_line for section in unseen)
        blank = [(section, verdict) for section in unseen if (verdict := _emptiness(doc, section, matcher)) is not None]
        if blank and len(blank) == len(unseen):
            blank = blank[:1]  # every heading of it left blank: the section is empty, one finding at the first
        empty.extend((section, spec, verdict) for section, verdict in blank)
    for section, spec, verdict in empty:
        if any(whole.first_line < section.first_line < whole.end_line for whole, _, _ in empty):
            continue
        yield _empty_violation(doc, section, spec, verdict)


def _outermost(sections: list[Section]) -> list[Section]:
    """Sections not nested in another of the list: an empty "### Where we got lucky" under a "## Lessons
    Learned" with content is a sub-heading left blank, not an empty Lessons Learned."""
    outermost: list[Section] = []
    for section in sections:  # in document order; sections nest or do not overlap
        if not (outermost and outermost[-1].first_line < section.first_line < outermost[-1].end_line):
            outermost.append(section)
    return outermost


def _empty_violation(doc: Document, section: Section, spec: SectionSpec, verdict: str) -> Violation:
    """The finding for an empty section (``verdict`` ""), or one that holds only a placeholder (the text)."""
    if verdict:
        return Violation(_heading_span(doc, section), kind="placeholder",
                         args={"section": spec.title, "placeholder": _short(verdict)})
    return Violation(_heading_span(doc, section), args={"section": spec.title})


@check("PM003")
def summary_field(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report, in one finding, every required executive summary field that is missing, empty or a
    placeholder: filling in the summary is one edit. A single problem is reported where it is (the empty
    label, the placeholder); several at the summary's heading, each named with what is wrong with it."""
    summaries = executive_summary(doc)
    if not summaries:
        return  # PM001 reports the missing summary
    matcher = _placeholders(context)
    if all(_reported_empty(doc, summary, matcher) for summary in summaries):
        return  # PM002 reports the empty summary
    problems = list(_field_problems(doc, summaries, matcher))
    if len(problems) == 1:
        spec, span, kind, text = problems[0]
        args = {"field": spec.title}
        if kind == "placeholder":
            args["placeholder"] = _short(text)
        yield Violation(span, kind=kind, args=args)
    elif problems:
        yield Violation(_heading_span(doc, summaries[0]), kind="several",
                        args={"fields": _field_list(problems), "count": len(problems)})


def _field_problems(doc: Document, summaries: list[Section],
                    matcher: PlaceholderMatcher) -> Iterator[tuple[SectionSpec, Span, str, str]]:
    """Each required field the summary does not state: its spec, where it is, and "default" (missing),
    "empty" or "placeholder" with the placeholder text."""
    no_impact = _states_no_impact(doc, summaries)
    no_downtime = _states_no_downtime(doc, summaries)
    for spec in doc.catalog.fields:
        if not spec.required or _front_matter_has(doc, spec):
            continue
        if spec.key in (_DURATION_KEY, _IMPACT_KEY) and no_impact:
            continue  # "nothing was affected" states the impact, and there is no impact to last
        if spec.key == _DURATION_KEY and no_downtime:
            continue  # a loss while the service stayed up: no outage to last
        # The summary's own label of the field is the field ("| Status | TBD |" in the summary table); a
        # bold label elsewhere ("**Status:** Draft" in the metadata above) counts only when it has none.
        found = doc.find_labels(spec.key)
        labels = [label for label in found if any(_contains(summary, label) for summary in summaries)]
        labels = labels or [label for label in found if label.deliberate]
        sections = sections_for(doc, spec.key)
        verdicts = [_emptiness(doc, section, matcher) for section in sections]
        if any(verdict is None for verdict in verdicts):
            continue
        if any(not matcher.is_placeholder(_label_text(doc, label)) or _holds_only_a_link(doc, label)
               for label in labels):
            continue  # "Status: <https://status.example.com/...>": a link or an image is a value, not an empty field
        if not labels and (_prose_gives(doc, summaries, spec)
                           or (not sections and _plain_label_gives(doc, spec, summaries, matcher))):
            continue  # the summary's prose states it; a blank section of the same name is PM002's finding
        if not labels and sections and all(_is_required_section(doc, section) for section in sections):
            continue  # "## Root cause" left blank: PM002 reports the empty section, which is this field's source
        if labels:
            span, text = labels[0].name_span, _label_text(doc, labels[0])
        elif sections:
            span, text = _heading_span(doc, sections[0]), verdicts[0] or ""
        else:
            yield spec, _heading_span(doc, summaries[0]), "default", ""
            continue
        text = " ".join(text.split())
        yield spec, span, "placeholder" if text else "empty", text


def _is_required_section(doc: Document, section: Section) -> bool:
    """Whether ``section`` is a heading of a required section other than the summary (PM002 checks it)."""
    return any(spec.required and spec.key != doc.catalog.summary_section and section in sections_for(doc, spec.key)
               for spec in doc.catalog.sections)


# Nothing was down: the impact was a loss or an exposure, not an outage ("Affected vaults remain fully
# operational", "There was no downtime"), so there is no outage to give a duration for.
_NO_DOWNTIME = re.compile(
    r"\b(?:remain|remains|remained|stayed|stays) (?:fully |completely )?(?:operational|available|online|up)\b"
    r"|\bno (?:downtime|outage|service (?:interruption|disruption|degradation))\b"
    r"|\bwithout (?:any )?(?:downtime|interruption)\b",
    re.IGNORECASE)
# What each branch of a pattern spells out: "no " (the space is in the pattern), "exploit" (its
# "exploited" branches), "remain"/"stay" (remains, stayed...) and "without". A match holds one of them.
_NEEDED: dict[re.Pattern[str], tuple[str, ...]] = {_NO_IMPACT: ("no ", "exploit"),
                                                   _NO_DOWNTIME: ("no ", "remain", "stay", "without")}
# Each pattern's id -> its case-sensitive form and its needed words (see the note above _says).
_LOWERED: dict[int, tuple[re.Pattern[str], tuple[str, ...]]] = {
    id(pattern): (re.compile(pattern.pattern), needed) for pattern, needed in _NEEDED.items()}


def _states_no_downtime(doc: Document, summaries: list[Section]) -> bool:
    """Whether the summary says the service stayed up (the impact was a loss, not an outage)."""
    return any(block.kind != "heading" and _says(_NO_DOWNTIME, block.segment.text)
               for summary in summaries for block in doc.blocks_in(summary))


def _states_no_impact(doc: Document, summaries: list[Section]) -> bool:
    """Whether the summary, or the impact field or section, says nothing was affected ("No known impact",
    "the vulnerability was not exploited", "no user funds were at risk")."""
    parts = [*summaries, *sections_for(doc, _IMPACT_KEY)]
    for section in parts:
        for block in doc.blocks_in(section):
            if block.kind != "heading" and _says(_NO_IMPACT, block.segment.text):
                return True
    for label in doc.find_labels(_IMPACT_KEY):
        if any(_contains(summary, label) for summary in summaries) and _says(_NO_IMPACT, _label_text(doc, label)):
            return True
    return False


def _field_list(problems: list[tuple[SectionSpec, Span, str, str]]) -> str:
    """``'Impact' (empty), 'Duration' (only 'TBD') or 'Status'``; what all share is said once:
    ``'Impact', 'Duration' or 'Status' (each only 'TBD')``."""
    names = [f"'{spec.title}'" for spec, _span, _kind, _text in problems]
    states = [_field_state(kind, text) for _spec, _span, kind, text in problems]
    if len(set(states)) == 1:
        shared = states[0]
        return ", ".join(names[:-1]) + f" or {names[-1]}" + (f" (each {shared})" if shared else "")
    shown = [name + (f" ({state})" if state else "") for name, state in zip(names, states)]
    return ", ".join(shown[:-1]) + f" or {shown[-1]}"


def _field_state(kind: str, text: str) -> str:
    if kind == "empty":
        return "empty"
    if kind == "placeholder":
        return f"only '{_short(text)}'"
    return ""


# -- helpers ------------------------------------------------------------------------------------


def _placeholders(context: RuleContext) -> PlaceholderMatcher:
    return _matcher(context.wordlist("placeholders").entries, tuple(context.options.get("placeholder-patterns", ())),
                    context.wordlist("instruction-verbs").entries)


@functools.lru_cache(maxsize=16)
def _matcher(words: tuple[str, ...], patterns: tuple[str, ...], verbs: tuple[str, ...]) -> PlaceholderMatcher:
    """The placeholder matcher of a configuration, built once for its wordlists and patterns, not twice
    for every document (its sets of casefolded words were 1.5% of PM002 and PM003). A matcher is only
    read, never changed, so the documents share it."""
    return PlaceholderMatcher(words, patterns, verbs)


@functools.lru_cache(maxsize=256)
def _alternatives(spec: SectionSpec) -> list[str]:
    """The accepted names other than the title, as headings a writer could type, without mere
    singular/plural variants of a name already listed (once per configuration)."""
    names: list[str] = []
    seen = {_singular(normalize_heading(spec.title))}
    for alias in spec.aliases:
        heading = _as_heading(alias.lstrip("="))
        key = _singular(normalize_heading(heading))
        if not key or key in seen:
            continue
        seen.add(key)
        names.append(heading)
    return names


def _singular(name: str) -> str:
    """``"lessons learned"`` and ``"lesson learned"`` alike: each word without a final "s"."""
    return " ".join(word.rstrip("s") for word in name.split())


def _accepted(spec: SectionSpec) -> str:
    """The title and the first few other accepted names, quoted, with how many more there are."""
    names = [spec.title, *_alternatives(spec)]
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
    """Whether the summary's prose states the field (a duration, a cause...) without a label.

    A duration is also given by a start and an end: two different moments in the summary ("ping was
    lost at 19:31" ... "the intervention ended at 19:44", "reported on August 16" ... "removed on
    August 18").
    """
    if spec.key == _DURATION_KEY and _two_moments(doc, summaries):
        return True
    if not spec.evidence_patterns:
        return False
    # The guide's impact statement says "how many users were affected and for how long": a duration
    # stated in the Impact section ("Between 09:12 and 10:04 UTC (52 minutes) ...") is stated.
    impact = sections_for(doc, _IMPACT_KEY) if spec.key == _DURATION_KEY else []
    for text in _evidence_texts(doc, (*summaries, *impact)):
        if any(pattern.search(text) for pattern in spec.evidence_patterns):
            return True
    return False


# How much of the summary's prose is read for a field's evidence: a summary states its facts in its
# first paragraphs, and a 4 MB "summary" (a document without headings) is not searched whole by each
# of the fields' patterns, again for each field (seconds, and near the patterns' time limit).
EVIDENCE_CHARS = 100_000


def _evidence_texts(doc: Document, sections: Iterable[Section]) -> Iterator[str]:
    """The prose of ``sections`` (headings left out), block by block, ``EVIDENCE_CHARS`` at most in all."""
    budget = EVIDENCE_CHARS
    for section in sections:
        for block in doc.blocks_in(section):
            if block.kind == "heading":
                continue
            text = block.segment.text
            if len(text) >= budget:
                yield text[:budget]
                return
            budget -= len(text)
            yield text


def _two_moments(doc: Document, summaries: list[Section]) -> bool:
    """``_moments(doc, summaries) >= 2``: two different times of day, or else two different dates.

    Two times are enough, and most summaries name them: they are looked for first, text after text, with
    ``find_times`` (the timestamps of ``find_timestamps`` that have a time of day, found without its search
    for stand-alone dates, a third of its cost), and ``_moments`` counts the dates only when the times are
    fewer than two.
    """
    times: set[tuple[int | None, int]] = set()
    for text in _evidence_texts(doc, summaries):
        times.update((stamp.hour, stamp.minute) for stamp in find_times(text) if stamp.error is None)
        if len(times) >= 2:
            return True
    return _moments(doc, summaries) >= 2


def _moments(doc: Document, summaries: list[Section]) -> int:
    """How many different times of day, or else different dates, the summaries' prose names."""
    times: set[tuple[int, int]] = set()
    dates: set[tuple[int | None, int | None, int | None]] = set()
    for text in _evidence_texts(doc, summaries):
        for stamp in find_timestamps(text):
            if stamp.error is not None:
                continue
            if stamp.hour is not None:
                times.add((stamp.hour, stamp.minute))
            if stamp.day is not None:
                dates.add((stamp.year, stamp.month, stamp.day))
    return max(len(times), len(dates))


def _plain_label_gives(doc: Document, spec: SectionSpec, summaries: list[Section],
                       matcher: PlaceholderMatcher) -> bool:
    """Whether a plain ``Name: value`` line outside the summary states the field: "Time to recovery: 84
    minutes" in a stats block at the end. The line's name must be one of the field's names, and it must
    not sit in another required section (a "Status:" line of an action item is the item's status)."""
    others = [section for other in doc.catalog.sections if other.required and other.key != doc.catalog.summary_section
              for section in sections_for(doc, other.key)]
    for label in doc.find_labels(spec.key):
        if label.block < 0 or doc.blocks[label.block].kind != "paragraph":
            continue
        if normalize_heading(label.name) not in spec.normalized_aliases:
            continue
        if any(_contains(section, label) for section in (*summaries, *others)):
            continue
        value = " ".join(label.value.split())
        if value and (not matcher.is_placeholder(value) or value.lower().strip(".") in _NOT_APPLICABLE):
            return True
    return False


def _contains(section: Section, label: Label) -> bool:
    return section.first_line <= label.line < section.end_line


def _heading_span(doc: Document, section: Section) -> Span:
    return section.heading.span if section.heading else doc.title_span


def _section_present(doc: Document, spec: SectionSpec) -> bool:
    """Whether the document provides ``spec``: by its own heading, label or front matter key; a section
    with parts (Lessons Learned) by any of its parts; a part of another section (What Went Well of Lessons
    Learned) by that section when no part has a heading of its own."""
    if _provides(doc, spec):
        return True
    if any(part.part_of == spec.key and _provides(doc, part) for part in doc.catalog.sections):
        return True  # "What went wrong" is a lesson learned
    if spec.part_of is None:
        return False
    try:
        whole = doc.catalog.section(spec.part_of)
    except KeyError:
        return False
    parts = [other for other in doc.catalog.sections if other.part_of == spec.part_of]
    return _provides(doc, whole) and not any(_provides(doc, part) for part in parts)


def _provides(doc: Document, spec: SectionSpec) -> bool:
    if spec.key == doc.catalog.summary_section:
        if executive_summary(doc):
            return True
    elif sections_for(doc, spec.key):
        return True
    if _front_matter_has(doc, spec):
        return True
    if any(label.deliberate for label in doc.find_labels(spec.key)):
        return True
    if spec.key == ACTIONS_KEY:
        return _commitment_list(doc)
    if spec.key == _ROOT_CAUSE_KEY:
        return _cause_stated(doc)
    return False


def _commitment_list(doc: Document) -> bool:
    """Whether a list of at least two commitments ("- We will add monitoring for ...") stands in for
    an action item section under another heading ("Recovery and Lessons Learned")."""
    commitments: dict[int | None, int] = {}
    for item in doc.list_items:
        if item.segment is not None and _COMMITMENT.search(item.segment.text.split(".")[0]):
            commitments[item.parent] = commitments.get(item.parent, 0) + 1
    return any(count >= 2 for count in commitments.values())


def _cause_stated(doc: Document) -> bool:
    """Whether a paragraph outside the summary names the cause outright ("The root cause was ...",
    "The cause is a bug in ..."): the analysis is there under a narrative heading."""
    skipped = [*executive_summary(doc), *sections_for(doc, _TIMELINE_KEY)]  # a timeline entry is an event
    for block in doc.blocks:
        if block.kind == "heading" or any(section.first_line <= block.first_line < section.end_line
                                          for section in skipped):
            continue
        if _CAUSE_STATEMENT.search(block.segment.text):
            return True
    return False


def _reported_empty(doc: Document, summary: Section, matcher: PlaceholderMatcher) -> bool:
    """Whether PM002 reports this summary section as empty (it has no field labels and no content)."""
    if summary.heading is None or _has_field_labels(doc, summary):
        return False
    return _emptiness(doc, summary, matcher) is not None


def _heading_hint(spec: SectionSpec) -> str:
    """``'## Timeline' (or 'Chronology', 'Sequence of Events')``: the heading and two accepted alternatives."""
    others = _alternatives(spec)[:2]
    return f"'## {spec.title}'" + (f" (or {', '.join(repr(name) for name in others)})" if others else "")


def _front_matter_has(doc: Document, spec: SectionSpec) -> bool:
    return any(name in spec.normalized_aliases for name in front_matter_names(doc))


def _has_field_labels(doc: Document, section: Section) -> bool:
    return any(doc.find_labels(spec.key, within=section) for spec in doc.catalog.fields)


def _holds_only_a_link(doc: Document, label: Label) -> bool:
    """Whether a label's value, with no words of its own, is a link, an image or a code span."""
    if _label_text(doc, label).strip():
        return False
    # A value that is only a link has no text of its own: the link is in the label's own line ("Status: <url>").
    segment = label.value_in or label.name_in
    if segment.has_non_prose:
        return True
    return any(block.segment.has_non_prose for block in doc.label_body(label) if block.kind != "heading")


def _label_text(doc: Document, label: Label) -> str:
    if label.value.strip():
        return label.value
    return " ".join(block.segment.text for block in doc.label_body(label) if block.kind != "heading")


def _emptiness(doc: Document, section: Section, matcher: PlaceholderMatcher) -> str | None:
    """None when the section has content; "" when it is empty; else the placeholder text it holds."""
    if doc.has_code_between(section.body_first_line, section.end_line) \
            or doc.has_html_between(section.body_first_line, section.end_line):
        return None  # a code block, or raw HTML ("<table>", "<details>"): content, if not prose
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
