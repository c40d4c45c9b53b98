"""Action item rules: how many (PM301), one owner (PM302), a real due date (PM303), specific (PM304)."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from pmlint.actions import ActionItem, action_sections
from pmlint.checks import RuleContext, check
from pmlint.document import Document
from pmlint.model import Violation
from pmlint.timestamps import find_timestamps

_TEAM_SUFFIX = re.compile(r"\b(?:team|squad|group|crew|folks|department)s?$", re.IGNORECASE)
_TEAM_HANDLE = re.compile(r"^@[\w-]+/[\w-]+$")
_QUARTER = re.compile(r"\b(?:Q[1-4]|H[12])\s*(?:FY\s*)?'?\d{2,4}\b|\b(?:19|20)\d{2}\s*(?:-\s*)?Q[1-4]\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d{2}\b"
                         r"|\b(?:19|20)\d{2}-(?:0?[1-9]|1[0-2])\b", re.IGNORECASE)
_MEASURABLE = re.compile(r"\d|%|\b(?:at least|at most|below|above|under|within|every|per|no more than|fewer than)\b",
                         re.IGNORECASE)


@check("PM301")
def action_count(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report more action items than ``max`` (all action sections together), at the first section."""
    sections = action_sections(doc)
    count_completed = bool(context.options.get("count-completed", False))
    count = sum(1 for section in sections for item in section.items if count_completed or not item.done)
    limit = int(context.options.get("max", 7))
    if sections and count > limit and sections[0].section.heading is not None:
        yield Violation(sections[0].section.heading.span, args={"count": count, "max": limit})


@check("PM302")
def action_owner(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report items without exactly one named person as owner."""
    teams = _lowered(context.wordlist("team-owners").entries)
    unassigned = _lowered(context.wordlist("unassigned").entries)
    for item in _checked_items(doc, context):
        owners = [owner.strip() for owner in item.owners if owner.strip()]
        if not owners:
            yield Violation(item.span)
        elif len(owners) > 1:
            yield Violation(item.span, kind="several", args={"count": len(owners), "owners": ", ".join(owners)})
        elif _bare(owners[0]) in unassigned:
            yield Violation(item.span, kind="placeholder", args={"owner": owners[0]})
        elif _is_team(owners[0], teams):
            yield Violation(item.span, kind="team", args={"owner": owners[0]})


@check("PM303")
def action_due_date(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report items without a due date that names a day (or month and year, or quarter)."""
    vague = _lowered(context.wordlist("vague-dates").entries) | _lowered(context.wordlist("placeholders").entries)
    accept_quarters = bool(context.options.get("accept-quarters", True))
    for item in _checked_items(doc, context):
        if item.due is None or not item.due.strip():
            yield Violation(item.span)
        elif _bare(item.due) in vague or not _is_date(item.due, accept_quarters):
            yield Violation(item.span, kind="vague", args={"due": item.due.strip()})


@check("PM304")
def action_vague(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report items that use a vague verb and state nothing measurable or concrete."""
    vague = context.wordlist("vague-actions").pattern
    concrete = context.wordlist("concrete-deliverables").pattern
    for section in action_sections(doc):
        for item in section.items:
            if item.done:
                continue  # already delivered: nothing left to make measurable
            text = item.description
            match = vague.search(text)
            if match is None or item.links or _MEASURABLE.search(text) or concrete.search(text):
                continue
            yield Violation(item.span, args={"word": match.group(0)})


def _checked_items(doc: Document, context: RuleContext) -> Iterable[ActionItem]:
    skip_completed = bool(context.options.get("skip-completed", True))
    skip_linked = bool(context.options.get("skip-linked", True))
    for section in action_sections(doc):
        for item in section.items:
            if (skip_completed and item.done) or (skip_linked and item.links):
                continue
            yield item


def _is_date(text: str, accept_quarters: bool) -> bool:
    if any(stamp.has_date and stamp.error is None for stamp in find_timestamps(text)):
        return True
    if _MONTH_YEAR.search(text):
        return True
    return accept_quarters and _QUARTER.search(text) is not None


def _is_team(owner: str, teams: set[str]) -> bool:
    bare = _bare(owner)
    return bare in teams or bool(_TEAM_SUFFIX.search(bare)) or bool(_TEAM_HANDLE.match(owner.strip()))


def _bare(text: str) -> str:
    return " ".join(text.strip().strip("*_`.()[]").split()).casefold().lstrip("@")


def _lowered(words: Iterable[str]) -> set[str]:
    return {word.casefold() for word in words}

