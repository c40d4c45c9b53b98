"""Action items: every follow-up of the document's action item sections, from any layout.

Items come from tables (columns found by their header: Action/Description/Item, Owner/Assignee/DRI,
Due/Deadline/Target, Status, ID/Ticket, Type/Priority/Category), from top-level list and task list
items (nested sub-bullets belong to their parent and are read for its owner and due date), from
list items under a label such as "Short term:" (the label becomes the category), and, in a section
with no list or table, from plain lines. Sub-headings (Immediate / Short-term / Process...) become
the category of the items under them. Inline fields are read from the item's text: ``Owner: @x``,
``(owner: Sarah, due: 2026-04-01)``, ``— @handle``, ``Due: Q3 2026``, ``by April 1, 2026`` and
"Sarah will ...".
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from pmlint.model import Span
from pmlint.patterns import LazyPattern
from pmlint.reading.document import Document
from pmlint.reading.parts import Block, ListItem, Section, Table
from pmlint.reading.timestamps import find_timestamps

ACTIONS_KEY = "action-items"

_HEADER_WORDS = {
    "text": ("action", "actions", "description", "item", "items", "task", "tasks", "what", "follow", "remediation"),
    "owner": ("owner", "owners", "assignee", "assignees", "assigned", "dri", "who", "responsible", "lead"),
    "due": ("due", "deadline", "target", "eta", "when", "date", "by"),
    "status": ("status", "state", "done", "progress"),
    "id": ("id", "key", "ref", "number"),
    # A column that says where the item is tracked ("Ticket", "Issue", "Jira", "Link"): its keys are links.
    "ticket": ("ticket", "tickets", "issue", "issues", "jira", "link", "links", "tracking", "tracker", "pr", "reference"),
    "category": ("type", "category", "priority", "horizon", "kind", "area"),
}
_HEADER_WORD_SETS = {role: frozenset(words) for role, words in _HEADER_WORDS.items()}
_HEADER_TOKEN = LazyPattern(r"[a-z]+")
# A status that closes the item: done, or dropped on purpose ("Won't do", "Cancelled"): neither asks for an owner
# or a date, nor dilutes focus.
_DONE_STATUS = LazyPattern(r"^\s*(?:done|complete|completed|closed|fixed|resolved|finished|shipped|merged"
                          r"|cancell?ed|won[\u2019']?t (?:do|fix)|wontfix|will not (?:do|fix)|dropped|abandoned"
                          r"|obsolete|not planned|declined|rejected|superseded"
                          r"|\u2705|\u2714|\u2713|\u2611|\[x\])(?!\w)", re.IGNORECASE)
_DONE_MARK = LazyPattern(r"^\s*(?:\u2705|\u2714\ufe0f?|\u2713|\u2611|~~|(?:done|completed|fixed)\s*[:\-\u2013\u2014])",
                        re.IGNORECASE)
# A done mark anywhere in the item: "(done)", "[fixed]", "- Completed", a check mark, an upper-case DONE.
_DONE_ANYWHERE = LazyPattern(r"[(\[]\s*(?:done|completed?|fixed|resolved|shipped|implemented)\s*[)\]]"
                            r"|[\u2705\u2714\u2713\u2611]|(?-i:\b(?:DONE|COMPLETED|FIXED)\b)"
                            # "- done on 12 May": the date part starts at its first character that is not
                            # white space (or is one blank after the first white space, when only non-word
                            # characters follow), so no run of blanks can be split two ways (issue 15).
                            r"|[.:\-\u2013\u2014]\s*(?:done|completed|fixed)(?:\s+(?:on|in)(?:\s+[\w,-][\w ,-]{0,23}"
                            r"|\s[^\S ]*[ ,-])|\s+(?:19|20)\d{2}-\d{2}-\d{2})?\W*$",
                            re.IGNORECASE)
# An item struck through in the source ("- ~~Restart both senders~~"): crossed off the list.
_STRUCK_THROUGH = LazyPattern(r"^[\s>]*(?:(?:[-*+]|\d{1,9}[.)])\s+)?(?:\[[ xX]\]\s+)?~~[^~\n]+~~[\s.]*$")
# "_done_", "**Completed**" in the source: emphasis the prose text no longer shows.
_DONE_EMPHASIS = LazyPattern(r"(?<![\w*_])[*_]{1,2}(?:done|completed|fixed)[*_]{1,2}(?![\w*_])", re.IGNORECASE)
_FIELD_KEY = (r"owners?|assignees?|assigned to|dri|responsible|due(?: date)?|deadline|target(?: date)?|eta"
              r"|status|id|ticket")
# A value ends at a comma, bracket or line end, or where the next field starts: in "Owner: @ana. Due: 2026-04-01"
# and "Owner: Mei Due: 2026-05-04" the owner is "@ana"/"Mei" and the due date is still read. A key is a whole
# word ("beta: 10%" has no ETA).
# (The next-field lookahead runs only where a run of dots or spaces starts: run at every character of
# such a run it made the match quadratic.)
_NEXT_FIELD = rf"(?![.\s]+(?:{_FIELD_KEY})\s*[:=])"
_FIELD = LazyPattern(rf"(?<![\w-])(?P<key>{_FIELD_KEY})\s*[:=]\s*"
                    rf"(?P<value>{_NEXT_FIELD}[^,;)\]\n|](?:(?<=[.\s])[^,;)\]\n|]|{_NEXT_FIELD}[^,;)\]\n|])*)",
                    re.IGNORECASE)
# _FIELD without re.IGNORECASE, for an ASCII text lower-cased: its letters are all lower-case and it has no class
# of letters, so on an ASCII text (where IGNORECASE folds only A-Z, and lower-casing keeps every position) it
# matches where _FIELD does, for less.
_FIELD_LOWER = LazyPattern(_FIELD.pattern)


def _field_matches(text: str) -> Iterator[re.Match[str]]:
    """Where ``_FIELD.finditer(text)`` matches; a match's groups are read from ``text`` by their positions."""
    return _FIELD_LOWER.finditer(text.lower()) if text.isascii() else _FIELD.finditer(text)


def _letter_class(cased: Callable[[str], bool]) -> str:
    """A character class of the letters of the Latin, Greek and Cyrillic scripts for which ``cased`` holds."""
    chars = [chr(code) for block in ((0x41, 0x250), (0x370, 0x530), (0x1E00, 0x1F00)) for code in range(*block)
             if cased(chr(code))]
    ranges: list[list[str]] = []
    for char in chars:
        if ranges and ord(char) == ord(ranges[-1][1]) + 1:
            ranges[-1][1] = char
        else:
            ranges.append([char, char])
    return "[" + "".join(re.escape(low) if low == high else f"{re.escape(low)}-{re.escape(high)}"
                         for low, high in ranges) + "]"


# A person's name as written: each word opens with a capital and goes on in small letters, in any Latin, Greek
# or Cyrillic script ("Tomás", "Helga Sørensen"), with a capital inside ("McDonald"), an apostrophe ("O'Brien")
# or a hyphen ("Mary-Jane"); one to three words ("Ana Maria Costa"). (Combining accents count as small letters.)
_UPPER = _letter_class(lambda char: char.isupper() or char.istitle())
_LOWER = _letter_class(str.islower)[:-1] + "\u0300-\u036f]"
_NAME_WORD = rf"{_UPPER}(?:{_LOWER}+(?:{_UPPER}{_LOWER}+)?|['\u2019]{_UPPER}{_LOWER}+)(?:-{_UPPER}{_LOWER}+)?"
_NAME = rf"{_NAME_WORD}(?: {_NAME_WORD}){{0,2}}"
# "Owner: Alice, Bob": the comma that ends a field value may also separate names. Only names that end the
# field are taken, so "(owner: Sarah, due: ...)" and "(owner: Ana, Done)" keep one owner.
_MORE_OWNERS = LazyPattern(rf"\s*,\s*(?!(?i:{_FIELD_KEY}|done|open|closed|complete|completed|pending|blocked|ongoing"
                          r"|high|medium|low)\b)(?P<name>@[\w/-]+|" + _NAME + ")"
                          r"(?=\s*(?:[,;)\]|]|$))", re.MULTILINE)
# "@j.smith" is one handle: dots inside a handle belong to it, a dot after it ends the sentence.
_HANDLE = LazyPattern(r"(?<![\w@/.])@[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?(?:/[A-Za-z0-9_-]+)?")
# "— Ben Okafor", "— Ana, 2026-04-01": a trailing name after a dash (a date may follow it).
# The name opens with a capital: in "Add retries to the client - pending review" no one is named ("— Platform team"
# names a team). A third word is capitalised too ("— Ana Maria Costa").
_DASH_OWNER = LazyPattern(r"\s[\u2014\u2013-]{1,2}\s*(?P<owner>@?" + _UPPER + r"[\w.-]*(?: [^\W\d_][\w.-]*)?"
                         r"(?: " + _UPPER + r"[\w.-]*)?)"
                         r"(?:\s*[,;]\s*(?:(?i:due)\b:?\s*)?(?:19|20)\d{2}-\d{2}-\d{2})?\s*$")
# "Sarah will ...", "Christian is migrating ...", "Tom and Ana will ..." (two owners).
_WILL_OWNER = LazyPattern(rf"^(?P<owner>{_NAME}(?:(?:, | and | & ){_NAME}){{0,4}}) (?:will|(?:is|are) (?:now |currently )?[a-z]+ing)\b"
                         r"(?! (?:also |then |now )?(?:be|get) [a-z]+(?:ed|en|wn)\b)")
# Capitalised words that open a sentence but name no person: "Monitoring will ...", "This will ...".
_NOT_OWNER_WORD = LazyPattern(r"^(?:this|that|these|those|it|there|everything|nothing|everyone|nobody|someone|somebody"
                             r"|each|all|both|which|what|he|she|you|i|our|the|a|an|[a-z]+(?:ing|tion|sion|ment"
                             r"|ness|ity|ance|ence|ics|ogy|ure|age|ism))$", re.IGNORECASE)
# "owned by Priya", "assigned to @dee", "TODO(cy): ...": an owner named in the sentence.
_OWNED_BY = LazyPattern(r"\b(?:owned by|assigned to|led by|driven by)\s+(?P<owner>@[\w.-]*\w|" + _NAME + ")"
                       r"|\bTODO\((?P<todo>@?[\w.-]*\w)\)")
# "... before release [Rick]": a trailing bracketed name is the owner (a template's "Actions with Owners").
_BRACKET_OWNER = LazyPattern(r"\[(?!(?i:link|issue|pr|docs?|ticket|here|source|details|done|fixed|completed|wip|todo|tbd)\])"
                            r"(?P<owner>@[\w.-]+|" + _NAME + r")\](?:\s*\([^()\n]{1,40}\))?\s*$")
# "(Ben, by 15 April 2026)", "(Ana Lim; due 2026-04-01)": a name and a date in the item's closing bracket; also a
# team ("(IT team, 2026-02-15)") and a date that sets no deadline ("(Kevin, ASAP)"), which PM302 and PM303 then
# report as what they are rather than as missing.
_VAGUE_DUE = r"asap|tbd|tba|tbc|soon|next (?:week|sprint|month|quarter|release)"
_PAREN_OWNER = LazyPattern(r"\((?P<owner>" + _NAME + r"|[A-Z][\w-]*(?: [\w-]+)? (?:team|squad|group|crew))\s?[,;]\s?"
                          r"(?:(?:by|due|before|until)\b:?\s?)?"
                          r"(?P<rest>(?=\d|Q[1-4]\b|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|" + _VAGUE_DUE + r"))"
                          r"[^()\n]{1,30})\)[.\s]*$")
_VAGUE_PAREN_DUE = LazyPattern(r"(?i:" + _VAGUE_DUE + r")\s*$")
_ITEM_ID = LazyPattern(r"^\s*(?P<id>(?:[A-Z][A-Z0-9]*-\d+|#\d+|AI-?\d+))\s*[:.\-\u2013\u2014]?\s+")
# A link to where an item is tracked: a URL to an issue, pull request, commit or ticket, or "#123".
# A commit link is the change itself.
_LINK = LazyPattern(r"https?://(?:(?!https?://)[^\s<>()\[\]])+/(?:issues?|pull|pulls|merge_requests|commits?|browse|tickets?"
                   r"|jira)/[^\s<>()\[\]]+"
                   r"|(?<![\w/&])#\d+\b", re.IGNORECASE)
# A tracker key ("OPS-1234") is upper case: "utf-8" and "sha-256" are not keys. It is a link when the text refers
# to it ("tracked in OPS-1234") or a Ticket column holds it; as the item's own leading ID or in an ID column it
# names the item.
_KEY = LazyPattern(r"(?<![\w-])[A-Z][A-Z0-9]+-\d+\b")
_LEADING = LazyPattern(r"^[\s|>*+\-\d.)\[\]xX]*")
# The guide's per-item number ("AI-3") names the item itself, not a tracker it is followed in.
_LOCAL_ID = LazyPattern(r"AI-?\d+$", re.IGNORECASE)
_REFERENCE_DEFINITION = LazyPattern(r"^ {0,3}\[(?P<label>[^\]\n]{1,200})\]:[ \t]*<?(?P<url>[^\s>]+)")
_REFERENCE_USE = LazyPattern(r"\[(?P<text>[^\[\]\n]{0,300})\](?:\[(?P<label>[^\[\]\n]{0,200})\]|(?![(:]))")
_TASK = LazyPattern(r"^\[([ xX])\]\s*")
# Words ending in "ed" that open an action to do, not a report of one done.
_NOT_PAST_TENSE = frozenset({"embed", "exceed", "proceed", "succeed", "speed", "breed", "need", "feed", "shred"})
# Participles that also open a noun phrase of planned work ("Improved runbooks for ..."): they report work done
# only when an article or pronoun follows ("Improved the runbooks").
_ADJECTIVE_PARTICIPLES = frozenset({
    "improved", "enhanced", "updated", "automated", "dedicated", "detailed", "advanced", "expanded", "increased",
    "reduced", "centralized", "centralised", "extended", "simplified", "standardized", "standardised", "unified",
    "distributed", "integrated", "required", "structured", "scheduled", "automated", "combined", "managed",
    "isolated", "tiered", "versioned", "signed", "shared", "guided", "targeted", "refined", "revised"})
_DETERMINERS = frozenset({"the", "a", "an", "our", "its", "their", "this", "that", "these", "those", "all", "to",
                          "it", "them", "his", "her", "some", "every", "each", "any", "both", "my", "your"})
_IRREGULAR_PAST = frozenset({"built", "rebuilt", "wrote", "rewrote", "made", "ran", "took", "sent", "put", "set",
                             "began", "brought", "kept", "held", "gave", "found", "moved", "shipped", "got", "did",
                             "undertook", "taught", "bought", "split", "shut", "cut", "spun", "drew", "led", "met"})
# Verbs whose past tense is their base form: at the start of an item they are the imperative ("Put X behind Y",
# "Set a limit"); after a subject ("We set a limit") they report work done.
_BASE_EQUALS_PAST = frozenset({"put", "set", "cut", "split", "shut", "let", "hit", "spread", "quit", "read", "reset"})
# "Completed actions", "Actions taken", "What we have done": items under such a heading are done.
# "Immediate (during the incident)": what the responders did while it lasted.
_DONE_CATEGORY = LazyPattern(r"\b(?:completed|done|finished|already (?:done|taken)|taken|resolved|implemented|fixed"
                            r"|mitigat(?:ed|ions? (?:applied|taken))|during (?:the )?(?:incident|outage|response))\b",
                            re.IGNORECASE)
# "What is being done", "To be done", "Planned (in progress)": not done yet.
_NOT_DONE_CATEGORY = LazyPattern(r"\b(?:being|to be|will be|not|still|yet to|planned|planning|in[ -]progress|ongoing"
                                r"|future|next|open|pending|remaining|todo|to do)\b", re.IGNORECASE)
# Work still to do or under way: an item with these is not done, whatever its heading says.
_FUTURE = LazyPattern(r"\b(?:will|shall|should|must|need(?:s)? to|going to|plans? to|planning to|intends? to"
                     r"|aims? to|continue to|in progress|ongoing|in the coming|next (?:week|month|quarter|sprint|year)"
                     r"|(?:planned|scheduled) (?:for|to)|later this (?:week|month|quarter|year))\b"
                     r"|\b(?:is|are)\s+(?:still\s+|currently\s+|now\s+|also\s+)?(?!being\b)[a-z]+ing\b", re.IGNORECASE)
# "We migrated ...", "The token has been rotated", "We have for several years enabled 2FA": work reported done.
# A month name as written: "Mar", "March", "Sept.".
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# A heading's bracketed period: "(Q4 2025 - Q1 2026)", "(by March 2026)", "(2026-04-01)".
_GROUP_DATE = LazyPattern(r"\((?P<due>[^()\n]{0,40}?(?:\b(?:Q[1-4]|H[12])\s*'?\d{2,4}|\b(?:19|20)\d{2}-\d{2}(?:-\d{2})?"
                         r"|\b" + _MONTH + r"\s+(?:\d{1,2},?\s+)?(?:19|20)\d{2})"
                         r"[^()\n]{0,40})\)", re.IGNORECASE)
# A group heading that is only a period: "Q3 2026", "Due: Q4 2026", "By end of March 2026", "2026-09".
_HEADING_DATE = LazyPattern(r"^\W*(?:(?:due|target|deadline|by|before|until)\b\W*)?(?:(?:the\s+)?end\s+of\s+)?"
                           r"(?P<due>(?:Q[1-4]|H[12])\s?(?:19|20)\d{2}|(?:19|20)\d{2}\s?-?\s?(?:Q[1-4]|H[12])"
                           r"|" + _MONTH + r"\s+(?:\d{1,2},?\s+)?(?:19|20)\d{2}"
                           r"|(?:19|20)\d{2}-\d{2}(?:-\d{2})?)\W*$", re.IGNORECASE)
# A suggestion the text says was turned down is not an item.
_DECLINED = LazyPattern(r"\b(?:(?:was|were|has been|have been|got)\s+(?:\w+\s+){0,2}?(?:rejected|declined|turned down"
                       r"|voted down|ruled out)|decided (?:not to|against)|chose not to|opted not to|(?:will|would)"
                       r" not (?:be )?(?:pursu|adopt)|not (?:be )?pursued)", re.IGNORECASE)
# _FUTURE and _DECLINED without re.IGNORECASE, for an ASCII text lower-cased: their letters are all lower-case
# and they have no other class of letters than [a-z], so on an ASCII text (where IGNORECASE folds only A-Z) the
# two say the same, and a case-sensitive search costs about half as much.
_FUTURE_LOWER = LazyPattern(_FUTURE.pattern)
_DECLINED_LOWER = LazyPattern(_DECLINED.pattern)


def _says_future(text: str) -> bool:
    """``_FUTURE.search(text) is not None``."""
    if text.isascii():
        return _FUTURE_LOWER.search(text.lower()) is not None
    return _FUTURE.search(text) is not None


# What every match of _DECLINED holds, lower-cased (each of its alternatives ends in, or is, one of them): an
# ASCII text lower-cased without any is not searched (most item texts; the search reads every position).
_DECLINED_NEEDLES = ("rejected", "declined", "turned down", "voted down", "ruled out", "decided not to",
                     "decided against", "chose not to", "opted not to", "pursu", "adopt")


def _says_declined(text: str) -> bool:
    """``_DECLINED.search(text) is not None``."""
    if text.isascii():
        lowered = text.lower()
        return (any(needle in lowered for needle in _DECLINED_NEEDLES)
                and _DECLINED_LOWER.search(lowered) is not None)
    return _DECLINED.search(text) is not None


# A template's placeholder item ("Action", "Item 1", "{{ summary }}") holds no action yet.
# "\s*\d*\W*" read as "(?:\s*\d+)?\W*" (white space is \W): one way to read a run of blanks (issue 15).
_PLACEHOLDER_ITEM = LazyPattern(r"^(?:\W*(?:action(?: item)?|item|task|todo|tbd|description|summary)(?:\s*\d+)?\W*"
                               r"|[.\u2026\s]*)$|\{\{|\}\}|<(?:action|item|summary|description)>", re.IGNORECASE)
# A line of a letter or a recap that is no action: a sign-off, "Hope this clarifies ...", "Thanks".
_NOT_ACTION_START = LazyPattern(r"^(?:best|regards|kind regards|cheers|thanks|thank you|sincerely|hope\b|we hope"
                               r"|we would like to (?:thank|remind|apolog)|sorry|again,|if you have (?:any )?questions"
                               # "Our priority now is making sure ...": a statement of intent, not an item.
                               r"|(?:our|the|my|their)\s+(?:main\s+|top\s+|first\s+|immediate\s+|current\s+)?"
                               r"(?:priority|priorities|focus|goal|goals|aim|objective|intention|commitment|hope)\b"
                               # "We will publish an update ...", "We'll keep this page updated": telling readers,
                               # not follow-up work.
                               r"|we(?: will|'ll|\u2019ll| shall)(?: continue to)? (?:publish|post|share|provide|keep"
                               r"|update|notify|inform)\b(?:\s+\w+){0,3}?\s+(?:updates?|this (?:page|post|document"
                               r"|report|incident)|you|customers|users|readers|our (?:customers|users)|further details|more"
                               r" details|the (?:status page|community)))", re.IGNORECASE)
_SIGN_OFF = LazyPattern(r"^(?:best|regards|kind regards|best regards|warm regards|cheers|thanks|thank you|many thanks"
                       r"|sincerely|yours)\b[^.!?]{0,30}[,!.]?$", re.IGNORECASE)
# A modal in a relative clause ("contracts that will be re-introduced") or a counterfactual ("should have been")
# does not make a sentence an action.
_NOT_ACTION_MODAL = LazyPattern(r"\b(?:that|which|who|where|when|if)\s+(?:\w+\s+)?(?:will|would|should|must)\b"
                               r"|\b(?:should|could|would|must)(?:n't| not)?\s+have\b", re.IGNORECASE)
_DATE_START = (r"(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
               r"|q[1-4]\b|h[12]\b|(?:next|this)\s+(?:week|month|quarter|sprint|release|year|\w+day)\b"
               r"|eo[dwmqy]\b|asap\b|tomorrow\b|(?:mon|tues|wednes|thurs|fri)day\b)")
# A date that ends the item after a comma, bracket or dash: "(@ana, 2026-04-01)", "— Ana, 2026-04-01",
# "- Add a canary stage; Q3 2026". A date elsewhere in the text may be the incident's, not a deadline.
_TRAILING_DUE = LazyPattern(r"(?:[(,;]|\s[\u2014\u2013-]{1,2})\s*(?P<value>(?:19|20)\d{2}-\d{2}-\d{2}|Q[1-4]\s+(?:19|20)\d{2}"
                           rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}"
                           rf"|\d{{1,2}}\s+{_MONTH}\s+(?:19|20)\d{{2}})(?:\s*\))?[.\s]*$", re.IGNORECASE)
# "by April 1, 2026", "by end of Q3", "before next sprint": only when what follows looks like a date.
_BY_DUE = LazyPattern(r"\b(?:by|before|until|no later than|due(?:\s+(?:on|by|in))?)\s+(?P<value>" + _DATE_START
                     + r"[^,;.()]{0,40}(?:,\s*(?:19|20)\d{2})?)", re.IGNORECASE)


# Verbs that open an action written as a plain line ("Add ...", "Migrate ..."): a line without a list or
# table is an item only when it reads like one.
ACTION_VERBS = frozenset("""
add adjust adopt align allow alert archive ask assign audit automate avoid back backport block build bump change
check clarify clean collect communicate configure consider continue convert create decommission define delete deploy
deprecate design detect develop disable discuss document drop enable encourage enforce ensure establish evaluate
expand explore extend figure find fix follow gather hire identify implement improve include increase inform install
instrument integrate introduce investigate isolate keep kick label limit look lower maintain make mandate migrate
monitor move notify open patch pin plan prevent prioritise prioritize provide publish raise re-evaluate rebuild reduce
refactor reject release remove rename replace require reset restrict review revisit rewrite roll rotate run schedule
scope separate set setup ship simplify split standardise standardize start stop streamline suggest switch teach test
track train tune turn update upgrade use validate verify write minimize minimise maximize maximise have get
introduce reintroduce re-run deliver offer replicate backfill purge revoke reissue retire shorten lengthen extract
""".split())


# What is left of "(owner: Ana, due: 2026-04-01)" once its fields are taken out: "()", "( , )".
_EMPTY_BRACKETS = LazyPattern(r"\(\s*(?:[,;]\s*){0,2}\)")


@dataclass(frozen=True, slots=True)
class ActionItem:
    """One follow-up. ``span`` covers the item's text as written (its first line for list items).

    ``owner_field`` and ``due_field`` say whether the layout gives the item a place for an owner or a due date
    (an Owner/Due column, even an empty cell, or an inline field): a document without them keeps owners and
    dates elsewhere, for example in the tracker its items link to.
    """

    span: Span
    text: str
    id: str | None = None
    owners: tuple[str, ...] = ()
    due: str | None = None
    status: str | None = None
    links: tuple[str, ...] = ()
    category: str | None = None
    section: int = 0
    line: int = 0
    owner_field: bool = False
    due_field: bool = False

    @property
    def description(self) -> str:
        """The text without its ID and inline fields: what is to be done, not who or by when."""
        # Each pattern only where a character all its matches hold is (most items have no field, bracket or owner).
        stripped = _FIELD.sub("", self.text) if ":" in self.text or "=" in self.text else self.text
        stripped = _BY_DUE.sub("", stripped) if self.due else stripped
        stripped = _ITEM_ID.sub("", stripped, count=1)
        stripped = _BRACKET_OWNER.sub("", stripped) if "[" in stripped else stripped
        stripped = _EMPTY_BRACKETS.sub("", stripped) if "(" in stripped else stripped
        return " ".join(stripped.split()).strip(" ,;-\u2013\u2014")

    @property
    def done(self) -> bool:
        return self.status is not None and bool(_DONE_STATUS.match(self.status))


@dataclass
class ActionSection:
    section: Section
    items: list[ActionItem] = field(default_factory=list)

    @property
    def tracks_owners(self) -> bool:
        """Whether the section's layout gives its items an owner (a column or any inline owner)."""
        return any(item.owner_field for item in self.items)

    @property
    def tracks_dates(self) -> bool:
        """Whether the section's layout gives its items a due date (a column or any inline date)."""
        return any(item.due_field for item in self.items)


def action_sections(doc: Document) -> list[ActionSection]:
    """The document's action item sections with their items, built once per document."""
    return doc.view("actions", _extract)


def _extract(doc: Document) -> list[ActionSection]:
    outermost = doc.outermost_sections(ACTIONS_KEY)
    return [ActionSection(section, _items_of(doc, section)) for section in outermost]


# A paragraph (or a list item with items under it) that introduces a list that is no list of action items, even in
# an action item section: thanks, links and references, sign-offs. The label before its colon, in small letters,
# is one of these; a thanks may go on ("Thanks to everyone who joined the bridge:").
_ASIDE_LABELS = frozenset({
    "thanks", "thanks to", "thank you", "many thanks", "special thanks", "kudos", "shout-outs", "shoutouts",
    "acknowledgements", "acknowledgments", "credits",
    "links", "useful links", "related links", "references", "see also", "resources", "further reading",
    "related reading", "related incidents", "previous incidents", "similar incidents", "related post-mortems",
    "related postmortems", "related documents", "related docs",
    "reviewed by", "reviewers", "approved by", "approvers", "signed off by", "sign-off", "sign-offs", "signoff",
    "contributors", "attendees", "participants", "authors", "written by", "prepared by"})
_THANKS_OPENINGS = ("thanks", "thank you", "many thanks", "special thanks", "kudos", "shout-outs", "shoutouts")
# Words that make a thanks that goes on introduce work after all: "Thanks to Ana's review, we will:",
# "Thanks to the review, our follow-ups are:".
_WORK_INTRO_WORDS = frozenset({"we", "i", "they", "you", "will", "shall", "must", "should", "need", "plan", "action",
                               "actions", "follow-up", "follow-ups", "followups", "item", "items", "steps", "tasks",
                               "todo", "todos", "next", "improvements", "remediation", "fixes"})


def _is_bold_label(block: Block) -> bool:
    """Whether a paragraph is one short line wholly in bold ("**Short-term**", "**Immediate (during the
    incident):**"), written as a sub-heading."""
    text = block.segment.text
    stripped = text.strip()
    return (block.kind == "paragraph" and block.table is None and block.list_item is None and not block.in_blockquote
            and 0 < len(stripped) <= 80 and "\n" not in stripped and not stripped.endswith(".")
            and block.segment.is_strong(0, len(text)))


def _introduces_aside(text: str) -> bool:
    """Whether a paragraph or label ("Thanks to:", "**Links:**", "Reviewed by:") introduces a list of thanks,
    links or sign-offs rather than of action items: it ends with a colon and its label is in ``_ASIDE_LABELS``."""
    label = text.strip().strip("*_` ")
    if not label.endswith(":") or "\n" in label or len(label) > 80:
        return False
    label = " ".join(label[:-1].strip("*_` ").split()).casefold()
    if label in _ASIDE_LABELS:
        return True
    return (label.startswith(tuple(opening + " " for opening in _THANKS_OPENINGS))
            and not set(_words(label)) & _WORK_INTRO_WORDS)


def _items_of(doc: Document, section: Section) -> list[ActionItem]:
    items: list[ActionItem] = []
    category: str | None = None
    group_links: tuple[str, ...] = ()  # "### Short-term ([follow along](https://.../issues/39133))"
    seen_tables: set[int] = set()
    blocks = doc.blocks_in(section)
    has_structure = any(block.list_item is not None or block.table is not None for block in blocks)
    titled: ListItem | None = None  # "1. **Migration**" followed by its own unindented bullet list
    heading_items = _heading_items(doc, blocks)
    consumed: set[int] = set()
    aside = False  # the list that follows was introduced as thanks, links or sign-offs ("Thanks to:")
    for number, block in enumerate(blocks):
        if number in consumed:
            continue
        if number in heading_items:
            # "### AI-1: Add a lag alert" with "Owner: @ana" / "Due: 2026-04-01" lines below: the heading is the
            # item and what is written under it (fields, a description) is read for its fields.
            body = heading_items[number]
            consumed.update(body)
            text = block.segment.text.strip()
            details = "\n".join([text, *(blocks[other].segment.text for other in body)])
            end = blocks[body[-1]].end_line if body else block.end_line
            links = _source_links(doc, block.first_line, max(end, block.first_line + 1))
            status = "done" if _is_done(text, doc.source.line_text(block.first_line)) else None
            found = _with_fields(text, details, block.segment.span(0, len(block.segment.text)), category,
                                 section.index, status, links, block)
            items.append(_with_group(found, category, group_links))
            titled = None
            continue
        if block.list_item is None:
            aside = block.kind == "paragraph" and block.table is None and _introduces_aside(block.segment.text)
        if has_structure and not aside and _is_bold_label(block):
            # "**Immediate (during the incident)**" over a list: a sub-heading written in bold, its group's name.
            category = block.segment.text.strip().strip("*_").strip().rstrip(":").strip() or category
            continue
        if block.kind == "heading":
            category = block.segment.text.strip() or category
            group_links = _source_links(doc, block.first_line, max(block.end_line, block.first_line + 1))
            titled = None
            continue
        if block.table is not None:
            if block.table not in seen_tables:
                seen_tables.add(block.table)
                found = _table_items(doc, doc.tables[block.table], category, section.index)
                items.extend(_with_group(item, category, group_links) for item in found)
            continue
        if block.list_item is not None:
            item = doc.list_items[block.list_item]
            if item.segment is not block.segment:
                continue  # a later paragraph of the same list item
            parent = doc.list_items[item.parent] if item.parent is not None else None
            if _is_label_item(doc, item):
                continue  # "Short term:" with items under it
            if parent is not None and not _is_label_item(doc, parent) and _top_in_section(doc, parent, section):
                continue  # a nested sub-bullet belongs to its parent item
            if parent is None and item.ordered and _is_title(item):
                titled = item
            elif parent is None and item.ordered:
                titled = None
            elif parent is None and titled is not None:
                continue  # bullets written under a numbered, bold-titled item without indenting are its details
            label = _label_category(doc, parent)
            if aside or (label is not None and _introduces_aside(label + ":")):
                continue  # "Thanks to:" / "- Links:" over a list of people or links, not of action items
            found_item = _list_item(doc, block, item, label or category, section.index)
            if found_item is not None:
                items.append(_with_group(found_item, label or category, () if label else group_links))
            continue
        if not has_structure and not block.segment.is_italic() and not block.in_blockquote:
            # A wholly italic paragraph is a note ("*All items are tracked in Jira.*") or a template's
            # hint to the writer, not an action; so is a block-quoted prompt.
            found = _line_items(doc, block, category, section.index)
            items.extend(_with_group(item, category, group_links) for item in found)
    if section.heading is not None and _done_heading(section.title):
        # "Actions taken", "Remediation (completed)": the items of the section are already done.
        items = [_done_by_heading(item) for item in items]
    return items


# A line that only gives an item's field: "Owner: @ana", "**Due:** 2026-04-01", "- Status: In progress".
_FIELD_LINE = LazyPattern(rf"^\s*(?:[-*+]\s+)?[*_]{{0,2}}(?:{_FIELD_KEY}|priority|severity|type|jira|issue|link)[*_]{{0,2}}"
                         r"\s*[:=]", re.IGNORECASE)


def _heading_items(doc: Document, blocks: list[Block]) -> dict[int, list[int]]:
    """Sub-headings that are items themselves: the blocks under one (up to the next heading) hold a line that
    only gives a field of the item ("Owner: @ana"). Maps the heading's index to the indexes of its body."""
    found: dict[int, list[int]] = {}
    for number, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        body = []
        for other in range(number + 1, len(blocks)):
            if blocks[other].kind == "heading":
                break
            body.append(other)
        if body and any(blocks[other].table is None and blocks[other].kind == "paragraph"
                        and any(_FIELD_LINE.match(line) for line in blocks[other].segment.text.split("\n"))
                        for other in body):
            # Every list item under it must be a field too: a heading over a list of actions is a group.
            if all(blocks[other].list_item is None or _FIELD_LINE.match(blocks[other].segment.text)
                   for other in body):
                found[number] = body
    return found


def _with_group(item: ActionItem, category: str | None, group_links: tuple[str, ...]) -> ActionItem:
    """What the item's group heading or label says applies to it: done, tracked in an issue, a target date."""
    if category is not None and _done_heading(category):
        item = _done_by_heading(item)  # under "Immediate actions (completed)"
    if not item.links and (group_links or _links(category or "")):
        item = replace(item, links=group_links or _links(category or ""))  # "Short-term (tracked in #40885)"
    if item.due is None and category is not None:
        # "Long-term improvements (Target: Q4 2026)", "Long-term (Q4 2025 - Q1 2026)": the group's date applies
        # to its items.
        group = _with_fields(category, category, item.span, None, item.section, None, (), None)
        bracketed = _GROUP_DATE.search(category)
        due = group.due
        heading_date = _HEADING_DATE.match(category)
        if due is None and heading_date is not None:
            due = heading_date.group("due")
        if bracketed is not None and not _FIELD.search(category):
            due = bracketed.group("due").strip()
        if due is not None:
            item = replace(item, due=due, due_field=True)
    return item


def _done_heading(title: str) -> bool:
    return bool(_DONE_CATEGORY.search(title)) and not _NOT_DONE_CATEGORY.search(title)


def _done_by_heading(item: ActionItem) -> ActionItem:
    """An item under a heading of work done is done, unless it says it is still under way or to come."""
    if item.status is not None or _says_future(_first_sentence(item.text)):
        return item
    return replace(item, status="done")


def _top_in_section(doc: Document, item: ListItem, section: Section) -> bool:
    return section.first_line <= item.first_line < section.end_line


def _is_label_item(doc: Document, item: ListItem) -> bool:
    """A list item that only names a group ("Short term:", "**Process**") of nested items."""
    if not item.children or item.segment is None:
        return False
    text = item.segment.text.strip()
    return len(text.split()) <= 6 and (text.endswith(":") or item.segment.is_strong(0, len(item.segment.text)))


_SENTENCE_END = LazyPattern(r"[.!?](?:\s|$)")


def _first_sentence(text: str) -> str:
    match = _SENTENCE_END.search(text)
    return text[:match.start() + 1] if match else text


def _words(text: str) -> list[str]:
    return [word.strip(".,:;!?*_()\"'\u201c\u201d\u2018\u2019").lower() for word in text.split()]


def _is_past(word: str, following: str | None) -> bool:
    if word in _IRREGULAR_PAST:
        return True
    if not (word.endswith("ed") and len(word) > 4) or word in _NOT_PAST_TENSE:
        return False
    # "Improved runbooks for ..." names planned work; "Improved the runbooks" reports it done.
    return word not in _ADJECTIVE_PARTICIPLES or following in _DETERMINERS


# Participles that report a plan, not the work: "has been scheduled", "was proposed".
_PLANNED = frozenset({"scheduled", "planned", "proposed", "suggested", "discussed", "agreed", "filed", "opened",
                      "raised", "identified", "considered", "prioritised", "prioritized", "tracked", "started",
                      "initiated", "assigned", "requested", "recommended", "needed", "asked"})
_SUBJECTS = frozenset({"we", "i", "they"})
_SKIPPED_AFTER_SUBJECT = frozenset({"have", "has", "had", "already", "also", "now", "recently", "successfully",
                                    "immediately", "quickly", "since", "then", "for", "several", "many", "years",
                                    "months", "weeks", "the", "past", "last", "two", "few", "just", "further"})


def _reports_done(text: str) -> bool:
    """An item written as work already done ("Rotated all tokens", "We migrated ...", "The key has been
    revoked") is a completed item; one that says what will or should happen, or what is under way, is not."""
    sentence = _first_sentence(text.strip())
    if _says_future(sentence):
        return False
    words = [word for word in _words(sentence) if word]
    if not words:
        return False
    if words[0] in ("we've", "i've", "they've", "we\u2019ve"):
        words[0:1] = ["we", "have"]
    if words[0] not in _BASE_EQUALS_PAST and _is_past(words[0], words[1] if len(words) > 1 else None):
        return True  # "Put origin behind ..." opens an action: its past tense is written the same
    if words[0] in _SUBJECTS:
        for position in range(1, min(len(words), 7)):
            word = words[position]
            if word in _SKIPPED_AFTER_SUBJECT or (word.endswith("ly") and len(word) > 4):
                continue  # "We have for several years enabled ...", "We've significantly tightened ..."
            return _is_past(word, None) or word.endswith("ed") and len(word) > 4 and word not in _NOT_PAST_TENSE
        return False
    if words[0] in ACTION_VERBS:
        return False  # "Implement X: has been scheduled", "Document how pods that have entered ..."
    # "The vulnerable Action has been disabled", "All tokens were rotated": a passive report of work done.
    for position in range(1, min(len(words) - 1, 12)):
        if words[position] in ("that", "which", "who", "when", "if", "because", "since"):
            return False
        if words[position] in ("has", "have", "was", "were"):
            following = words[position + 1]
            if following == "been" and position + 2 < len(words):
                following = words[position + 2]
            elif following in ("already", "also", "now", "since") and position + 2 < len(words):
                following = words[position + 2]
            return (following.endswith("ed") or following in _IRREGULAR_PAST) and following not in _PLANNED
    return False


def _is_done(text: str, source_line: str) -> bool:
    """A done mark anywhere in the item ("(done)", "_done_", "DONE", a check mark, "[fixed]") or a report."""
    return bool(_DONE_MARK.match(text) or _done_anywhere(text)
                or (("*" in source_line or "_" in source_line) and _DONE_EMPHASIS.search(source_line))
                or ("~~" in source_line and _STRUCK_THROUGH.match(source_line))
                or _reports_done(text))


# A word every match of _DONE_ANYWHERE holds, lower-cased, but for a check mark (which is not ASCII).
_DONE_WORDS = ("done", "complete", "fixed", "resolved", "shipped", "implemented")


def _done_anywhere(text: str) -> bool:
    """``_DONE_ANYWHERE.search(text) is not None``, not searched in an ASCII text without any of ``_DONE_WORDS``
    (in an ASCII text, ignoring case folds A-Z only, so the text lower-cased holds the word when a match does)."""
    if text.isascii():
        lowered = text.lower()
        if not any(word in lowered for word in _DONE_WORDS):
            return False
    return _DONE_ANYWHERE.search(text) is not None


def _has_field(text: str) -> bool:
    """``_FIELD.search(text)``, not run on a text without the ":" or "=" every field has."""
    if ":" not in text and "=" not in text:
        return False
    return (_FIELD_LOWER.search(text.lower()) if text.isascii() else _FIELD.search(text)) is not None


def _is_action_shaped(text: str) -> bool:
    """Whether a plain line reads as an action: it opens with a verb ("Add ..."), names an owner or due date,
    or says what someone will do or is doing, rather than recounting, signing off or asking."""
    sentence = _first_sentence(text.strip())
    if not sentence or _NOT_ACTION_START.match(sentence) or sentence.rstrip().endswith("?"):
        return False
    if _has_field(text) or ("@" in sentence and _HANDLE.search(sentence)):
        return True
    words = _words(sentence)
    if words and words[0] in ACTION_VERBS:
        return True
    if _reports_done(sentence):
        return True
    # The main clause decides: "... planned for replacement with a design that will ..." is an action, and
    # "everything is back to normal, except for contracts that will be redeployed" is a recap.
    relative = _NOT_ACTION_MODAL.search(sentence)
    return _says_future(sentence[:relative.start()] if relative else sentence)


_STATEMENT_SUBJECT = frozenset({"the", "this", "that", "it", "there", "these", "those", "such", "our", "its",
                                "it's", "there's", "that's"})
_STATEMENT_VERB = frozenset({"is", "are", "was", "were", "seems", "seem", "remains", "remain", "appears", "it's",
                             "there's", "that's"})
# Where the main clause of a statement ends: "... is unlikely to happen again since we have a plan to ...".
_SUBORDINATE = LazyPattern(r"[,;:(]|\b(?:since|because|as|given|although|though|so|which|that|if|when|unless|but"
                          r"|while|whereas)\b", re.IGNORECASE)
_RECOMMENDS = LazyPattern(r"\b(?:need|needs|necessary|important|essential|required|recommend\w*|advis\w*|must|should"
                         r"|worth|better|best)\b", re.IGNORECASE)


def _is_statement(text: str) -> bool:
    """Whether a list item states how things are instead of committing to work: "The situation is unlikely to
    happen again", "There is no alert for X". "It is important to add ...", work under way ("The index is being
    rebuilt"), a field or a handle keep an item an item."""
    sentence = _first_sentence(text.strip())
    if _has_field(text) or ("@" in text and _HANDLE.search(text)):
        return False
    words = _words(sentence)
    if len(words) < 3 or words[0] not in _STATEMENT_SUBJECT:
        return False
    cut = None
    for match in _SUBORDINATE.finditer(sentence, len(words[0]) + 1):
        cut = match.start()
        break
    main = sentence[:cut] if cut is not None else sentence
    main_words = _words(main)
    if not set(main_words) & _STATEMENT_VERB or _says_future(main) or _RECOMMENDS.search(main):
        return False
    if "being" in main_words or "going" in main_words:
        return False
    for position, word in enumerate(main_words[:-1]):
        if word == "to" and main_words[position + 1] in ACTION_VERBS:
            return False  # "It is time to add ..."
    return True


def _is_title(item: ListItem) -> bool:
    segment = item.segment
    if segment is None:
        return False
    first = segment.text.split("\n", 1)[0]
    return bool(first.strip()) and segment.is_strong(0, len(first))


def _label_category(doc: Document, item: ListItem | None) -> str | None:
    if item is None or not _is_label_item(doc, item) or item.segment is None:
        return None
    return item.segment.text.strip().rstrip(":").strip()


def _list_item(doc: Document, block: Block, item: ListItem, category: str | None, section: int) -> ActionItem | None:
    segment = block.segment
    first_line = segment.text.split("\n", 1)[0]
    lead = 0
    status = None
    task = _TASK.match(first_line)
    if task:
        lead = task.end()
        status = "done" if task.group(1) != " " else "open"
    text = first_line[lead:].strip()
    if not text or _PLACEHOLDER_ITEM.search(text):
        return None  # an empty task box, or a template's "Action" / "{{ summary }}"
    # Everything written for the item, nested sub-bullets included, is read for its fields.
    details = [other.segment.text for other in doc.blocks_between(item.first_line, item.end_line)
               if other.kind == "paragraph"]
    full_text = "\n".join(details)
    if _says_declined(full_text):
        return None  # "... recommended we consider X. ... it was rejected": a suggestion turned down
    if status is None and _is_done(text, doc.source.line_text(block.first_line)):
        status = "done"
    if status is None and _is_statement(text):
        return None  # "The situation is unlikely to happen again since ...": a statement, not a commitment
    span = segment.span(lead, len(first_line))
    return _with_fields(text, full_text, span, category, section, status,
                        _source_links(doc, item.first_line, item.end_line), block)


def _table_items(doc: Document, table: Table, category: str | None, section: int) -> list[ActionItem]:
    headers = [cell.text.lower() for cell in table.header]
    header_tokens = [set(_HEADER_TOKEN.findall(header)) for header in headers]
    columns: dict[str, int] = {}
    for role, words in _HEADER_WORD_SETS.items():
        for number, tokens in enumerate(header_tokens):
            if number not in columns.values() and tokens & words and role not in columns:
                columns[role] = number
    if "text" not in columns:
        free = [number for number in range(len(headers)) if number not in columns.values()]
        if not free:
            return []
        columns["text"] = free[0]
    items = []
    text_number = columns["text"]
    id_column = columns.get("id")
    ticket_column = columns.get("ticket")
    for row in table.rows:
        if text_number >= len(row):
            continue
        # Each cell's text once (Cell.text spaces the segment's text anew at every call).
        texts = [cell.text for cell in row]

        def cell(role: str) -> str | None:
            number = columns.get(role)
            if number is None or number >= len(texts):
                return None
            return texts[number] or None

        text = texts[text_number]
        if not text:
            continue
        text_cell = row[text_number]
        if _PLACEHOLDER_ITEM.search(text) or _says_declined(text):
            continue  # a template's "Item 1", or a suggestion turned down
        owner_text = cell("owner")
        due_text = cell("due")
        status = cell("status")
        span = text_cell.segment.span()
        if status is None or not status.strip():
            status = "done" if _is_done(text, doc.source.span_text(span)) else status
        # Links come from the row's cells, read in the source since the prose leaves out link destinations
        # and autolinks. A key in the ID column names the item; a URL there is still a link to its ticket.
        # A cell is searched only when it has a character each link holds ("://" or "#" of a URL or an issue
        # number, the "-" of a key where keys are read, the "[" of a reference): most cells have none.
        links: list[str] = []
        row_source = doc.source.line_text(text_cell.line)
        if "://" in row_source or "#" in row_source or "-" in row_source or "[" in row_source:
            for number, cell_source in enumerate(_row_cells(row_source)):
                if number == id_column:
                    if "://" in cell_source:
                        links.extend(link for link in _links(cell_source) if "://" in link)
                    if "[" in cell_source:
                        links.extend(_reference_links(doc, cell_source))
                    continue
                ticket = number == ticket_column
                keys = ticket or number == text_number
                if "://" in cell_source or "#" in cell_source or (keys and "-" in cell_source):
                    links.extend(_links(cell_source, keys=keys, ticket=ticket))
                if "[" in cell_source:
                    links.extend(_reference_links(doc, cell_source))
        item = ActionItem(
            span=span, text=text, id=cell("id") or cell("ticket"),
            owners=_split_owners(owner_text) if owner_text else (),
            due=_clean_due(due_text) if due_text else None, status=status,
            category=cell("category") or category, section=section,
            links=tuple(dict.fromkeys(links)), line=text_cell.line + 1,
            owner_field="owner" in columns, due_field="due" in columns)
        if "owner" not in columns or "due" not in columns:
            # No column for it: the fields may be written inline in the text.
            inline = _with_fields(item.text, item.text, item.span, item.category, section, item.status, (), None)
            item = replace(item, id=item.id or inline.id,
                           owners=item.owners if "owner" in columns else inline.owners,
                           due=item.due if "due" in columns else inline.due,
                           owner_field=item.owner_field or inline.owner_field,
                           due_field=item.due_field or inline.due_field)
        items.append(item)
    return items


def _line_items(doc: Document, block: Block, category: str | None, section: int) -> list[ActionItem]:
    """Items written as plain lines: one per line when every line starts like an item, else the paragraph.

    Soft-wrapped prose ("We will be introducing rate limiting on\nuploads...") is one item, not one per line.
    Only lines that read as actions are items: not a letter's sign-off, a recap or a question.
    """
    text = block.segment.text
    lines = text.split("\n")
    if len(lines) > 1 and not all(line.strip()[:1].isupper() or line.strip()[:1].isdigit() or line.strip()[:1] == "@"
                                  for line in lines if line.strip()):
        lines = [" ".join(text.split())]
        whole = True
    else:
        whole = False
    items = []
    offset = 0
    signed = False
    for number, line in enumerate(lines):
        stripped = line.strip()
        # "Thanks,\nThe database team": the lines after a sign-off are its signature.
        signed = signed or bool(_SIGN_OFF.match(stripped))
        # In a paragraph written one item per line, a noun phrase ("Bug bounty for the wallet code") is an
        # item too; a line of prose with a verb of being ("The ideal pattern would be ...") is not.
        listed = not whole and len(lines) > 1 and not (set(_words(stripped)) & _BEING)
        if (stripped and not stripped.endswith(":") and len(stripped.split()) >= 2
                and not _PLACEHOLDER_ITEM.search(stripped) and not signed and not _NOT_ACTION_START.match(stripped)
                and (listed or _is_action_shaped(stripped))
                and not _says_declined(stripped)):
            span = block.segment.span(0, len(text)) if whole else block.segment.span(offset, offset + len(line))
            first, end = (block.first_line, block.end_line) if whole else (block.first_line + number,) * 2
            links = _source_links(doc, first, max(end, first + 1))
            status = "done" if _is_done(stripped, doc.source.line_text(first)) else None
            items.append(_with_fields(stripped, stripped, span, category, section, status, links, block))
        offset += len(line) + 1
    return items


_BEING = frozenset({"is", "are", "was", "were", "would", "could", "has", "have", "had", "be", "been", "being", "am",
                    "it's", "there's", "we're", "they're"})


_CELL_SEPARATOR = LazyPattern(r"(?<!\\)\|")  # a pipe not escaped with a backslash


def _row_cells(line: str) -> list[str]:
    """The source text of each cell of a table row (pipes escaped with a backslash stay in their cell)."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return _CELL_SEPARATOR.split(body)


def _clean_due(value: str) -> str:
    """A due date as written, without the punctuation that ends its sentence ("next sprint." -> "next sprint")."""
    return value.strip().rstrip(".,;:!").strip()


# Where a field's value ends: at another field's key, or at a dash between blanks.
_NEXT_KEY = LazyPattern(r"(?<!\s)\s+(?:due|deadline|owner|status)\b", re.IGNORECASE)
_DASH_BREAK = LazyPattern(r"\s[\u2014\u2013-]{1,2}(?:\s|$)")


def _with_fields(text: str, full_text: str, span: Span, category: str | None, section: int, status: str | None,
                 source_links: tuple[str, ...], block: Block | None) -> ActionItem:
    owners: list[str] = []
    due = None
    item_id = None
    owner_field = due_field = False
    # Each pattern is run only on a text with a character every match of it holds (a ":" or "=" after a field's
    # key, "@", a dash, a bracket, " by"): most item texts have a few of them, and a search costs more than the look.
    for match in _field_matches(full_text) if ":" in full_text or "=" in full_text else ():
        key = full_text[match.start("key"):match.end("key")].lower()
        value = full_text[match.start("value"):match.end("value")].strip()
        value = _NEXT_KEY.split(value, maxsplit=1)[0].strip()
        value = _DASH_BREAK.split(value, maxsplit=1)[0].strip()  # "Owner: Ana Lim — Due: ..."
        if key.startswith(("owner", "assignee", "assigned", "dri", "responsible")):
            owner_field = True
            owners.extend(_split_owners(value))
            position = match.end()
            while more := _MORE_OWNERS.match(full_text, position):
                owners.append(more.group("name"))
                position = more.end()
        elif key.startswith(("due", "deadline", "target", "eta")):
            due_field = True
            due = due or (_clean_due(value) or None)
        elif key == "status":
            status = status or value
        elif key in ("id", "ticket"):
            item_id = item_id or value
    if not owners and "@" in full_text:
        owners.extend(handle for handle in _HANDLE.findall(full_text))
    if not owners:
        dash = _DASH_OWNER.search(text) if "-" in text or "\u2013" in text or "\u2014" in text else None
        bracket = _BRACKET_OWNER.search(text) if "[" in text else None
        paren = _PAREN_OWNER.search(text) if "(" in text else None
        owned = _OWNED_BY.search(text) if " by" in text or "assigned to" in text or "TODO(" in text else None
        if owned:
            owners.append(owned.group("owner") or owned.group("todo"))
        elif dash:
            owners.append(dash.group("owner"))
        elif bracket:
            owners.append(bracket.group("owner"))
        elif paren and not _MONTH_ONLY.match(paren.group("owner")) and (
                _names_date(paren.group("rest")) or _VAGUE_PAREN_DUE.match(paren.group("rest"))):
            owners.append(paren.group("owner"))
            if due is None and _VAGUE_PAREN_DUE.match(paren.group("rest")):
                due = paren.group("rest").strip()  # "(Kevin, ASAP)": a due date that sets no day, for PM303 to say so
    # The layout names an owner where it has a field, a handle, "— Name" or "[Name]"; "Sarah will ..." names
    # one in a sentence.
    owner_field = owner_field or bool(owners)
    if not owners:
        will = _WILL_OWNER.match(_ITEM_ID.sub("", text, count=1))  # "AI-1: Sarah will ..."
        if will:
            owners.extend(owner for owner in _split_owners(will.group("owner"))
                          if not _NOT_OWNER_WORD.match(owner.split()[0]))
    if due is None:
        by = _BY_DUE.search(full_text)
        # "by 50%" or "by 3 people" is an amount, not a deadline.
        if by and (not by.group("value")[0].isdigit() or any(s.has_date for s in find_timestamps(by.group("value")))
                   or ISO_WEEK.match(by.group("value"))):
            due = _clean_due(by.group("value"))
    if due is None:
        trailing = _TRAILING_DUE.search(text)
        if trailing:
            due = trailing.group("value")
    leading_id = _ITEM_ID.match(text)
    if leading_id and item_id is None:
        item_id = leading_id.group("id")
    links = tuple(dict.fromkeys(_links(full_text, keys=True) + source_links))
    line = span.line
    return ActionItem(span=span, text=text, id=item_id, owners=tuple(dict.fromkeys(owners)), due=due, status=status,
                      links=links, category=category, section=section, line=line,
                      owner_field=owner_field, due_field=due_field or due is not None)


_MONTH_ONLY = LazyPattern(_MONTH + r"$", re.IGNORECASE)
# An ISO week, "2026-W14": a due date more precise than a month or a quarter.
ISO_WEEK = LazyPattern(r"(?<!\w)(?:19|20)\d{2}-?W(?:0[1-9]|[1-4]\d|5[0-3])\b")
_QUARTER_OR_MONTH_YEAR = LazyPattern(r"\bQ[1-4]\s?(?:19|20)\d{2}\b|\b" + _MONTH + r"\s(?:19|20)\d{2}\b", re.IGNORECASE)  # \b: one start per word, linear


def _names_date(text: str) -> bool:
    """Whether ``text`` is a date an item can be due on: a day, a month with its year, or a quarter."""
    if any(stamp.has_date and stamp.error is None for stamp in find_timestamps(text)):
        return True
    return bool(_QUARTER_OR_MONTH_YEAR.search(text) or ISO_WEEK.search(text))


def _links(text: str, keys: bool = False, ticket: bool = False) -> tuple[str, ...]:
    """Links to an issue, pull request or ticket in ``text``; with ``keys``, tracker keys ("OPS-12") the text
    refers to, but not a key that opens a line: that is the item's own ID (in a ``ticket`` cell it is not)."""
    # Every link _LINK finds holds "://" (a URL) or "#" (an issue number): a text with neither, most item texts,
    # is not searched (the case-insensitive pattern is tried at every position).
    found = [link.rstrip(".,;:!?'\"") for link in _LINK.findall(text)] if "://" in text or "#" in text else []
    # Each line's keys are the text's keys on that line (a line end is a boundary for _KEY's lookbehind and
    # \b alike): a text with no key anywhere has none to look for line by line, the usual case.
    if keys and "-" in text and _KEY.search(text):
        for line in text.split("\n"):
            lead = _LEADING.match(line)
            start = lead.end() if lead else 0
            leading = _ITEM_ID.match(line[start:])
            for key in _KEY.finditer(line):
                if not ticket and leading is not None and key.start() == start + leading.start("id"):
                    continue
                if not _LOCAL_ID.match(key.group(0)):
                    found.append(key.group(0))
    return tuple(dict.fromkeys(found))


def _references(doc: Document) -> dict[str, str]:
    """Reference-style link definitions (``[ref]: https://...``), by their normalised label."""
    found: dict[str, str] = {}
    if "]:" not in doc.source.text:
        return found  # no line has a definition's "]:" (most documents): the lines are not read one by one
    for index in range(doc.source.line_count):
        line = doc.source.line_text(index)
        if "]:" not in line:
            continue
        match = _REFERENCE_DEFINITION.match(line)
        if match:
            found.setdefault(" ".join(match.group("label").split()).casefold(), match.group("url"))
    return found


def _source_links(doc: Document, first_line: int, end_line: int) -> tuple[str, ...]:
    """Issue and pull request references in the item's source lines.

    The prose text drops link destinations ("[PR 77](https://github.com/acme/api/pull/77)" reads "PR 77"),
    so the source is read instead; a reference-style link ("[issue][alerting]") is resolved through its
    definition. Code spans and images, which the prose also leaves out, are not links.
    """
    end_line = min(end_line, doc.source.line_count)
    text = "\n".join(doc.source.line_text(index) for index in range(first_line, end_line))
    found = list(_links(text, keys=True))
    if "[" in text:
        found.extend(_reference_links(doc, text))
    return tuple(dict.fromkeys(found))


def _reference_links(doc: Document, text: str) -> list[str]:
    """Issue and pull request links written reference-style ("[issue][alerting]"), through their definitions."""
    found = []
    references: dict[str, str] | None = None
    for use in _REFERENCE_USE.finditer(text):
        label = use.group("label") or use.group("text")
        if not label:
            continue
        if references is None:
            references = doc.view("link-references", _references)
        url = references.get(" ".join(label.split()).casefold())
        if url is not None and _link_fullmatch(url):
            found.append(url)
    return found


def _link_fullmatch(url: str) -> bool:
    """A full match of ``_LINK`` on ``url``, in linear time: a match's last part reads to the end of the characters it
    allows, so the match from the start covers the whole URL exactly when a full match exists (issue 15)."""
    match = _LINK.match(url)
    return match is not None and match.end() == len(url)


# "Ana, Ben", "Ana and Ben", "Ana / Ben": a slash separates owners only between blanks ("N/A", "@org/team" are one).
_OWNER_SEPARATOR = LazyPattern(r"(?:(?<!\s)\s+)?(?:,|;|&|\band\b|\+|(?<=\s)/(?=\s))\s*")


def _split_owners(value: str) -> tuple[str, ...]:
    """``"Alice, Bob"`` / ``"Alice and Bob"`` / ``"@a @b"`` → each owner; one name stays one owner."""
    value = value.strip().strip("*_`").strip()
    if not value:
        return ()
    parts = _OWNER_SEPARATOR.split(value)
    handles = _HANDLE.findall(value)
    if len(handles) > 1:
        return tuple(handles)
    return tuple(part.strip() for part in parts if part.strip())
