"""Action item rules: how many (PM301), one owner (PM302), a real due date (PM303), specific (PM304)."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from pmlint.checks.registration import RuleContext, check
from pmlint.language.wordlists import Wordlist
from pmlint.model import Span, Violation
from pmlint.reading.action_items import (
    ACTION_VERBS,
    ISO_WEEK,
    ActionItem,
    ActionSection,
    action_sections,
)
from pmlint.reading.document import Document
from pmlint.reading.timestamps import find_timestamps

_TEAM_SUFFIX = re.compile(r"\b(?:team|squad|group|crew|folks|department)s?$", re.IGNORECASE)
_TEAM_HANDLE = re.compile(r"^@[\w-]+/[\w-]+$")
_QUARTER = re.compile(r"\b(?:Q[1-4]|H[12])\s*(?:FY\s*)?'?\d{2,4}\b|\b(?:19|20)\d{2}\s*(?:-\s*)?Q[1-4]\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d{2}\b"
                         r"|\b(?:19|20)\d{2}-(?:0?[1-9]|1[0-2])\b", re.IGNORECASE)
# A number states a criterion ("3 replicas", "below 10%"); a version ("OAuth 2.0", "v2.5") or a digit inside a
# name ("k8s", "log4j") does not.
_MEASURABLE = re.compile(r"(?<![\w.#])(?!v?\d+(?:\.\d+)+\b)\d|%"
                         r"|\b(?:at least|at most|below|above|under|within|every|per|no more than|fewer than)\b",
                         re.IGNORECASE)
# Clauses of an item: sentences, the parts around a colon or semicolon, and ", Kick off ..." (a new capitalised
# action after a comma).
_CLAUSE_BREAK = re.compile(r"[.;:!?](?:\s+|$)|,\s+(?=[A-Z])|\s[-\u2013\u2014]{1,2}\s")
# A clause after a specific action that only suggests how to do it ("Add alerting for SDK errors - consider
# tracking exception rates, ...") does not make the item vague: the action before it says what is delivered.
_SUGGESTION = re.compile(r"^(?:consider(?:ing)?|perhaps|maybe|possibly|ideally|optionally|e\.g\b|for example|such as"
                         r"|for instance|potentially)\b", re.IGNORECASE)
# "We need to streamline ...", "We should investigate ...": the action's verb comes after its subject and modal.
_SUBJECT_MODAL = re.compile(r"^(?:(?:we|i|they|the team|someone|somebody)\s+)?(?:(?:really|also|still|then)\s+)?"
                            r"(?:need(?:s)? to|should|must|will|shall|have to|has to|want to|plan to|are going to"
                            r"|is going to|would like to|'ll|ought to)\s+|^(?:we'll|let's|let us|please)\s+",
                            re.IGNORECASE)
# What follows is the purpose, not the action: "Add metrics ... to improve visibility", "... so we can ...".
_PURPOSE = re.compile(r"\s(?:to|so that|so|in order to|which|because|since|as|for better|for more)\s", re.IGNORECASE)
# A clause is an action when it opens with a verb (or a subject and modal before one); a clause that explains
# ("This is a longstanding issue", "It can happen even ...") is not read for vague verbs.
_CLAUSE_VERB = re.compile(r"^[a-z][\w-]*", re.IGNORECASE)
# A passive participle: "will be improved", "should be further investigated", "gets revisited".
_PASSIVE = re.compile(r"\b(?:be|been|being|get|gets|got)\s+(?:[a-z]+ly\s+|further\s+|also\s+)?(?P<word>[a-z]+ed)\b",
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
    """Report items without exactly one named person as owner.

    A document whose action items have no owner anywhere (no Owner column, no inline owner) has one
    problem, not one per item: it is reported once, at the first action section, with the count.
    """
    teams = _lowered(context.wordlist("team-owners").entries)
    unassigned = _lowered(context.wordlist("unassigned").entries)
    checked = list(_checked_items(doc, context))
    named = any(_one_person(item, teams, unassigned) for _, item in checked)
    if len(checked) > 1 and not named and not any(section.tracks_owners for section in action_sections(doc)):
        yield Violation(_anchor(checked), kind="none", args={"count": len(checked)})
        return
    for _, item in checked:
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
    """Report items without a due date that names a day (or month and year, or quarter).

    As for owners, a document that gives no action item a due date is reported once, with the count.
    """
    vague = _vague_dates(context.wordlist("vague-dates").entries, context.wordlist("placeholders").entries)
    accept_quarters = bool(context.options.get("accept-quarters", True))
    checked = list(_checked_items(doc, context))
    if len(checked) > 1 and not any(section.tracks_dates for section in action_sections(doc)):
        yield Violation(_anchor(checked), kind="none", args={"count": len(checked)})
        return
    # Whether a due date names a date depends on its text alone, and a document's items share a few dates:
    # each distinct one is read once (60,000 items "due: 2026-04-01" read one date, not 60,000).
    dates: dict[str, bool] = {}
    for _, item in checked:
        due = (item.due or "").strip().rstrip(".,;:!").strip()
        if due and due not in dates:
            dates[due] = _is_date(due, accept_quarters)
        if not due:
            yield Violation(item.span)
        elif _bare(due) in vague or not dates[due]:
            yield Violation(item.span, kind="vague", args={"due": due})


@check("PM304")
def action_vague(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report items whose action uses a vague verb or qualifier and that state nothing measurable or concrete.

    Only the action is read: each clause that opens with a verb (after "We need to", "We should"), up to
    its purpose ("... to improve visibility" does not make "Add metrics for X" vague). A number, a
    threshold or a concrete deliverable anywhere in the item makes it specific, unless the deliverable
    is itself qualified by the vague word ("Implement proactive alerts").
    """
    vague_words = context.wordlist("vague-actions")
    concrete = context.wordlist("concrete-deliverables").pattern
    verdicts = _verdicts(vague_words.pattern, concrete)
    for section in action_sections(doc):
        for item in section.items:
            if item.done:
                continue  # already delivered: nothing left to make measurable
            match = _vague_word(item.description, vague_words, concrete, verdicts)
            if match is not None:
                yield Violation(item.span, args={"word": match})


# The vague word of an item's description (or None) by the two patterns, then the description: a run's documents
# share many item texts. Only short descriptions are remembered, at most _REMEMBERED_VERDICTS of them for
# each of at most _REMEMBERED_PAIRS pairs of patterns.
_VERDICTS: dict[tuple[re.Pattern[str], re.Pattern[str]], dict[str, str | None]] = {}
_REMEMBERED_VERDICTS = 4096
_REMEMBERED_PAIRS = 4
_REMEMBERED_TEXT_LENGTH = 400


def _verdicts(vague: re.Pattern[str], concrete: re.Pattern[str]) -> dict[str, str | None]:
    """The verdicts remembered for these two patterns. Looked up once per document, not once per item: a
    pattern's hash is worked out from its whole compiled code at every look-up."""
    key = (vague, concrete)
    found = _VERDICTS.get(key)
    if found is None:
        if len(_VERDICTS) >= _REMEMBERED_PAIRS:
            _VERDICTS.clear()
        found = _VERDICTS[key] = {}
    return found


def _vague_word(text: str, vague_words: Wordlist, concrete: re.Pattern[str],
                verdicts: dict[str, str | None] | None = None) -> str | None:
    """The vague word that makes an item with this description vague, or None (it has none, or states
    something measurable or a concrete deliverable). ``vague_words.search`` is its pattern's search, so the
    answer depends on the text and the two patterns alone; ``verdicts`` is ``_verdicts`` of the two."""
    vague = vague_words.pattern
    if verdicts is None:
        verdicts = _verdicts(vague, concrete)
    if text in verdicts:
        return verdicts[text]
    match = _vague_action(text, vague_words)
    verdict = None if match is None or _MEASURABLE.search(text) or _rescued(text, concrete, vague) else match
    if len(text) <= _REMEMBERED_TEXT_LENGTH:
        if len(verdicts) >= _REMEMBERED_VERDICTS:
            verdicts.clear()
        verdicts[text] = verdict
    return verdict


def _vague_action(text: str, vague_words: Wordlist) -> str | None:
    """The vague word of the item's action clauses, or None."""
    vague = vague_words.pattern
    position = 0
    first = True
    acted = False  # an earlier action clause without a vague word
    for clause_end in [*(match.start() for match in _CLAUSE_BREAK.finditer(text)), len(text)]:
        clause = text[position:clause_end].strip(" ,-\u2013\u2014*_\"'()")
        position = clause_end + 1
        if not clause:
            continue
        stripped = _SUBJECT_MODAL.sub("", clause, count=1)
        verb = _CLAUSE_VERB.match(stripped)
        is_action = first or stripped != clause or (verb is not None and _opens_action(verb.group(0), vague))
        first = False
        if not is_action or (acted and _SUGGESTION.match(stripped)):
            continue
        acted = True
        main = stripped[:_purpose_start(stripped)]
        match = vague_words.search(main)
        if match is not None and not _then_acts(main[match.end():], vague):
            return match.group(0)
        passive = _passive_vague(main, vague)
        if passive is not None:
            return passive
    return None


def _passive_vague(clause: str, vague: re.Pattern[str]) -> str | None:
    """A vague verb in the passive: "Monitoring will be improved", "The failover will be revisited".

    Only after "be"/"been"/"get": "Improved runbooks for X" names a deliverable, and "We improved X" is done."""
    for match in _PASSIVE.finditer(clause):
        word = match.group("word")
        for stem in (word[:-1], word[:-2], word[:-2] + "e"):
            if vague.fullmatch(stem):
                return word
    return None


_PURPOSE_VERBS = frozenset({"ensure", "allow", "avoid", "catch", "reduce", "detect", "prevent", "make", "help", "give",
                            "get", "keep", "stop", "speed", "support", "enable", "improve", "increase", "limit",
                            "protect", "understand", "identify", "know", "see", "notice", "lower", "handle", "spot",
                            "find", "alert", "warn", "surface", "minimise", "minimize", "cut", "free", "shorten"})
_ADVERBS = frozenset({"better", "more", "further", "quickly", "proactively", "automatically", "easily", "also", "then"})


def _purpose_start(clause: str) -> int:
    """Where the clause's purpose begins ("... so we can ...", "... to improve ..."), or its end.

    "to" opens a purpose only before a verb: "Change the path to something more robust" keeps it.
    """
    for match in _PURPOSE.finditer(clause, 1):
        if match.group(0).strip().lower() != "to":
            return match.start()
        words = clause[match.end():].split()
        while words and words[0].lower() in _ADVERBS:
            words = words[1:]
        following = words[0].strip(",.;:").lower() if words else ""
        if following in ACTION_VERBS or following in _PURPOSE_VERBS:
            return match.start()
    return len(clause)


def _then_acts(rest: str, vague: re.Pattern[str]) -> bool:
    """Whether a vague verb is followed by a concrete one: "Investigate and fix the memory leak"."""
    words = rest.split()
    for position, word in enumerate(words[:-1]):
        if word.lower() in ("and", "&", "then"):
            following = words[position + 1].strip(",.;:").lower()
            return following in ACTION_VERBS and not vague.fullmatch(following)
    return False


def _opens_action(word: str, vague: re.Pattern[str]) -> bool:
    lowered = word.lower()
    return lowered in ACTION_VERBS or bool(vague.fullmatch(lowered))


def _rescued(text: str, concrete: re.Pattern[str], vague: re.Pattern[str]) -> bool:
    """Whether the item names a concrete deliverable not qualified by a vague word ("proactive alerts")."""
    for match in concrete.finditer(text):
        before = text[:match.start()].rstrip()
        words = before.split()
        if words and vague.fullmatch(words[-1].strip("*_\"'(")):
            continue
        if len(words) > 1 and vague.fullmatch(" ".join(words[-2:]).strip("*_\"'(")):
            continue
        return True
    return False


def _one_person(item: ActionItem, teams: frozenset[str], unassigned: frozenset[str]) -> bool:
    owners = [owner.strip() for owner in item.owners if owner.strip()]
    return len(owners) == 1 and _bare(owners[0]) not in unassigned and not _is_team(owners[0], teams)


def _checked_items(doc: Document, context: RuleContext) -> Iterable[tuple[ActionSection, ActionItem]]:
    """Open items to check. A linked item is left to its tracker only when the layout gives it no owner and
    no due date (no column, no inline field: the tracker holds them); an ID never counts as a link."""
    skip_completed = bool(context.options.get("skip-completed", True))
    skip_linked = bool(context.options.get("skip-linked", True))
    for section in action_sections(doc):
        for item in section.items:
            if skip_completed and item.done:
                continue
            if skip_linked and item.links and not item.owner_field and not item.due_field:
                continue
            yield section, item


def _anchor(checked: list[tuple[ActionSection, ActionItem]]) -> Span:
    """Where a finding about every item of the document goes: the first section's heading, else its first item."""
    section, item = checked[0]
    return section.section.heading.span if section.section.heading is not None else item.span


def _is_date(text: str, accept_quarters: bool) -> bool:
    """Whether a due date names a day, a month and year, or (when accepted) a quarter. A run's documents share
    a few due dates ("2026-04-01", "Q3 2026"): a short one is read once per process."""
    if len(text) <= _REMEMBERED_DATE_LENGTH:
        return _remembered_is_date(text, accept_quarters)
    return _reads_as_date(text, accept_quarters)


# The longest due date whose answer is remembered, and how many are (so the memory held stays small).
_REMEMBERED_DATE_LENGTH = 100


@functools.lru_cache(maxsize=4096)
def _remembered_is_date(text: str, accept_quarters: bool) -> bool:
    return _reads_as_date(text, accept_quarters)


def _reads_as_date(text: str, accept_quarters: bool) -> bool:
    if any(stamp.has_date and stamp.error is None for stamp in find_timestamps(text)):
        return True
    if _MONTH_YEAR.search(text) or ISO_WEEK.search(text):
        return True
    return accept_quarters and _QUARTER.search(text) is not None


# A bracketed aside in an owner: "Jane Doe (Platform team)" names Jane, who is on the platform team.
_OWNER_ASIDE = re.compile(r"[(\[][^()\[\]\n]*[)\]]")


def _is_team(owner: str, teams: frozenset[str]) -> bool:
    """Whether the owner is a group. A bracketed aside is left out first ("Jane Doe (Platform team)" is one
    person), unless the owner is nothing but the aside."""
    if "(" in owner or "[" in owner:
        person = " ".join(_OWNER_ASIDE.sub(" ", owner).split())
        if person:
            owner = person
    bare = _bare(owner)
    return bare in teams or bool(_TEAM_SUFFIX.search(bare)) or bool(_TEAM_HANDLE.match(owner.strip()))


def _bare(text: str) -> str:
    return " ".join(text.strip().strip("*_`.()[]").split()).casefold().lstrip("@")


@functools.lru_cache(maxsize=64)
def _lowered(words: tuple[str, ...]) -> frozenset[str]:
    """A wordlist's entries casefolded: made once for the wordlist, not for every document."""
    return frozenset(word.casefold() for word in words)


@functools.lru_cache(maxsize=16)
def _vague_dates(vague_dates: tuple[str, ...], placeholders: tuple[str, ...]) -> frozenset[str]:
    """The due dates that name no date ("soon", "TBD"), casefolded, once for the two wordlists."""
    return _lowered(vague_dates) | _lowered(placeholders)
