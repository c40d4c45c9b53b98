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
from dataclasses import dataclass, field, replace

from pmlint.document import Block, Document, ListItem, Section, Table
from pmlint.model import Span
from pmlint.timestamps import find_timestamps

ACTIONS_KEY = "action-items"

_HEADER_WORDS = {
    "text": ("action", "actions", "description", "item", "items", "task", "tasks", "what", "follow", "remediation"),
    "owner": ("owner", "owners", "assignee", "assignees", "assigned", "dri", "who", "responsible", "lead"),
    "due": ("due", "deadline", "target", "eta", "when", "date", "by"),
    "status": ("status", "state", "done", "progress"),
    "id": ("id", "ticket", "issue", "key", "ref", "jira", "number"),
    "category": ("type", "category", "priority", "horizon", "kind", "area"),
}
_DONE_STATUS = re.compile(r"^\s*(?:done|complete|completed|closed|fixed|resolved|finished|shipped|merged|\u2705|\u2714"
                          r"|\[x\])\b", re.IGNORECASE)
_DONE_MARK = re.compile(r"^\s*(?:\u2705|\u2714\ufe0f?|~~|(?:done|completed|fixed)\s*[:\-\u2013\u2014])", re.IGNORECASE)
_FIELD_KEY = (r"owners?|assignees?|assigned to|dri|responsible|due(?: date)?|deadline|target(?: date)?|eta"
              r"|status|id|ticket")
# A value ends at a comma, bracket or line end, or where the next field starts: in "Owner: @ana. Due: 2026-04-01"
# and "Owner: Mei Due: 2026-05-04" the owner is "@ana"/"Mei" and the due date is still read. A key is a whole
# word ("beta: 10%" has no ETA).
# (The next-field lookahead runs only where a run of dots or spaces starts: run at every character of
# such a run it made the match quadratic.)
_NEXT_FIELD = rf"(?![.\s]+(?:{_FIELD_KEY})\s*[:=])"
_FIELD = re.compile(rf"(?<![\w-])(?P<key>{_FIELD_KEY})\s*[:=]\s*"
                    rf"(?P<value>{_NEXT_FIELD}[^,;)\]\n|](?:(?<=[.\s])[^,;)\]\n|]|{_NEXT_FIELD}[^,;)\]\n|])*)",
                    re.IGNORECASE)
# "Owner: Alice, Bob": the comma that ends a field value may also separate names. Only names that end the
# field are taken, so "(owner: Sarah, due: ...)" and "(owner: Ana, Done)" keep one owner.
_MORE_OWNERS = re.compile(rf"\s*,\s*(?!(?i:{_FIELD_KEY}|done|open|closed|complete|completed|pending|blocked|ongoing"
                          r"|high|medium|low)\b)(?P<name>@[\w/-]+|[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
                          r"(?=\s*(?:[,;)\]|]|$))", re.MULTILINE)
_HANDLE = re.compile(r"(?<![\w@/.])@[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?(?:/[A-Za-z0-9_-]+)?")
_DASH_OWNER = re.compile(r"\s[\u2014\u2013-]{1,2}\s*(?P<owner>@?[A-Z][\w.-]*(?: [A-Z][\w.-]*)?)\s*$")
_WILL_OWNER = re.compile(r"^(?P<owner>[A-Z][a-z]+(?: [A-Z][a-z]+)?) will\b")
_ITEM_ID = re.compile(r"^\s*(?P<id>(?:[A-Z][A-Z0-9]*-\d+|#\d+|AI-?\d+))\s*[:.\-\u2013\u2014]?\s+")
# A tracker key ("OPS-1234") is upper case: "utf-8" and "sha-256" are not keys. A commit link is the change itself.
_LINK = re.compile(r"https?://(?:(?!https?://)\S)+/(?:issues?|pull|pulls|merge_requests|commits?|browse|tickets?|jira)/\S+"
                   r"|(?-i:\b[A-Z][A-Z0-9]+-\d+\b)|(?<![\w/])#\d+\b", re.IGNORECASE)
# The guide's per-item number ("AI-3") names the item itself, not a tracker it is followed in.
_LOCAL_ID = re.compile(r"AI-?\d+$", re.IGNORECASE)
_TASK = re.compile(r"^\[([ xX])\]\s*")
# Words ending in "ed" that open an action to do, not a report of one done.
_NOT_PAST_TENSE = frozenset({"embed", "exceed", "proceed", "succeed", "speed", "breed", "need", "feed", "shred"})
_DONE_CATEGORY = re.compile(r"\b(?:completed|done|finished|already (?:done|taken)|taken)\b", re.IGNORECASE)
_DATE_START = (r"(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
               r"|q[1-4]\b|h[12]\b|(?:next|this)\s+(?:week|month|quarter|sprint|release|year|\w+day)\b"
               r"|eo[dwmqy]\b|asap\b|tomorrow\b|(?:mon|tues|wednes|thurs|fri)day\b)")
# "by April 1, 2026", "by end of Q3", "before next sprint": only when what follows looks like a date.
_BY_DUE = re.compile(r"\b(?:by|before|until|no later than)\s+(?P<value>" + _DATE_START
                     + r"[^,;.()]{0,40}(?:,\s*(?:19|20)\d{2})?)", re.IGNORECASE)


@dataclass(frozen=True)
class ActionItem:
    """One follow-up. ``span`` covers the item's text as written (its first line for list items)."""

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

    @property
    def description(self) -> str:
        """The text without its inline fields: what is to be done, not who or by when."""
        stripped = _FIELD.sub("", self.text)
        stripped = _BY_DUE.sub("", stripped) if self.due else stripped
        stripped = re.sub(r"\(\s*(?:[,;]\s*){0,2}\)", "", stripped)
        return " ".join(stripped.split()).strip(" ,;-\u2013\u2014")

    @property
    def done(self) -> bool:
        return self.status is not None and bool(_DONE_STATUS.match(self.status))


@dataclass
class ActionSection:
    section: Section
    items: list[ActionItem] = field(default_factory=list)


def action_sections(doc: Document) -> list[ActionSection]:
    """The document's action item sections with their items, built once per document."""
    return doc.view("actions", _extract)


def _extract(doc: Document) -> list[ActionSection]:
    outermost = doc.outermost_sections(ACTIONS_KEY)
    return [ActionSection(section, _items_of(doc, section)) for section in outermost]


def _items_of(doc: Document, section: Section) -> list[ActionItem]:
    items: list[ActionItem] = []
    category: str | None = None
    seen_tables: set[int] = set()
    blocks = doc.blocks_in(section)
    has_structure = any(block.list_item is not None or block.table is not None for block in blocks)
    titled: ListItem | None = None  # "1. **Migration**" followed by its own unindented bullet list
    for block in blocks:
        if block.kind == "heading":
            category = block.segment.text.strip() or category
            titled = None
            continue
        if block.table is not None:
            if block.table not in seen_tables:
                seen_tables.add(block.table)
                items.extend(_table_items(doc, doc.tables[block.table], category, section.index))
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
            found = _list_item(doc, block, item, _label_category(doc, parent) or category, section.index)
            if found is not None:
                items.append(found)
            continue
        if not has_structure and not block.segment.is_italic():
            # A wholly italic paragraph is a note ("*All items are tracked in Jira.*") or a template's
            # hint to the writer, not an action.
            items.extend(_line_items(doc, block, category, section.index))
    if section.heading is not None and _DONE_CATEGORY.search(section.title):
        # "Actions taken", "Remediation (completed)": every item of the section is already done.
        items = [item if item.done else replace(item, status="done") for item in items]
    return items


def _top_in_section(doc: Document, item: ListItem, section: Section) -> bool:
    return section.first_line <= item.first_line < section.end_line


def _is_label_item(doc: Document, item: ListItem) -> bool:
    """A list item that only names a group ("Short term:", "**Process**") of nested items."""
    if not item.children or item.segment is None:
        return False
    text = item.segment.text.strip()
    return len(text.split()) <= 6 and (text.endswith(":") or item.segment.is_strong(0, len(item.segment.text)))


def _reports_done(text: str) -> bool:
    """An item written as work already done ("Rotated all tokens", "Added 2FA") is a completed item."""
    words = text.strip().strip("*_").split()
    if not words:
        return False
    first = words[0].strip(".,:;*_").lower()
    return first.endswith("ed") and len(first) > 4 and first not in _NOT_PAST_TENSE


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
    done_mark = _DONE_MARK.match(first_line[lead:])
    if (done_mark or _reports_done(first_line[lead:])) and status is None:
        status = "done"
    # Everything written for the item, nested sub-bullets included, is read for its fields.
    details = [other.segment.text for other in doc.blocks_between(item.first_line, item.end_line)
               if other.kind == "paragraph"]
    full_text = "\n".join(details)
    text = first_line[lead:].strip()
    if not text:
        return None  # an empty task box in an unfilled template
    if status is None and category is not None and _DONE_CATEGORY.search(category):
        status = "done"  # under "Immediate actions (completed)"
    span = segment.span(lead, len(first_line))
    found = _with_fields(text, full_text, span, category, section, status,
                         _source_links(doc, item.first_line, item.end_line), block)
    if category is not None and not found.links and _links(category):
        found = replace(found, links=_links(category))  # "Short-term (tracked in issue #40885)"
    if found.due is None and category is not None:
        # "Long-term improvements (Target: Q4 2026)": the group's date applies to its items.
        group = _with_fields(category, category, span, None, section, None, (), None)
        if group.due is not None:
            found = replace(found, due=group.due)
    return found


def _table_items(doc: Document, table: Table, category: str | None, section: int) -> list[ActionItem]:
    headers = [cell.text.lower() for cell in table.header]
    columns: dict[str, int] = {}
    for role, words in _HEADER_WORDS.items():
        for number, header in enumerate(headers):
            tokens = set(re.findall(r"[a-z]+", header))
            if number not in columns.values() and tokens & set(words) and role not in columns:
                columns[role] = number
    if "text" not in columns:
        free = [number for number in range(len(headers)) if number not in columns.values()]
        if not free:
            return []
        columns["text"] = free[0]
    items = []
    for row in table.rows:
        def cell(role: str) -> str | None:
            number = columns.get(role)
            if number is None or number >= len(row):
                return None
            return row[number].text or None

        text_number = columns["text"]
        if text_number >= len(row) or not row[text_number].text:
            continue
        text_cell = row[text_number]
        owner_text = cell("owner")
        due_text = cell("due")
        item = ActionItem(
            span=text_cell.segment.span(), text=text_cell.text, id=cell("id"),
            owners=_split_owners(owner_text) if owner_text else (),
            due=due_text, status=cell("status"), category=cell("category") or category, section=section,
            links=_source_links(doc, text_cell.line, text_cell.line + 1),
            line=text_cell.line + 1)
        if "owner" not in columns or "due" not in columns:
            # No column for it: the fields may be written inline in the text.
            inline = _with_fields(item.text, item.text, item.span, item.category, section, item.status, (), None)
            item = ActionItem(item.span, item.text, item.id or inline.id,
                              item.owners if "owner" in columns else inline.owners,
                              item.due if "due" in columns else inline.due, item.status, item.links or inline.links,
                              item.category, section, item.line)
        items.append(item)
    return items


def _line_items(doc: Document, block: Block, category: str | None, section: int) -> list[ActionItem]:
    """Items written as plain lines: one per line when every line starts like an item, else the paragraph.

    Soft-wrapped prose ("We will be introducing rate limiting on\nuploads...") is one item, not one per line.
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
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not stripped.endswith(":") and len(stripped.split()) >= 2:
            span = block.segment.span(0, len(text)) if whole else block.segment.span(offset, offset + len(line))
            first, end = (block.first_line, block.end_line) if whole else (block.first_line + number,) * 2
            links = _source_links(doc, first, max(end, first + 1))
            # Under "Immediate actions (completed)" a plain line reports work already done.
            status = "done" if category is not None and _DONE_CATEGORY.search(category) else None
            items.append(_with_fields(stripped, stripped, span, category, section, status, links, block))
        offset += len(line) + 1
    return items


def _with_fields(text: str, full_text: str, span: Span, category: str | None, section: int, status: str | None,
                 source_links: tuple[str, ...], block: Block | None) -> ActionItem:
    owners: list[str] = []
    due = None
    item_id = None
    for match in _FIELD.finditer(full_text):
        key, value = match.group("key").lower(), match.group("value").strip()
        value = re.split(r"(?<!\s)\s+(?:due|deadline|owner|status)\b", value, maxsplit=1, flags=re.IGNORECASE)[0].strip()
        if key.startswith(("owner", "assignee", "assigned", "dri", "responsible")):
            owners.extend(_split_owners(value))
            position = match.end()
            while more := _MORE_OWNERS.match(full_text, position):
                owners.append(more.group("name"))
                position = more.end()
        elif key.startswith(("due", "deadline", "target", "eta")):
            due = due or value
        elif key == "status":
            status = status or value
        elif key in ("id", "ticket"):
            item_id = item_id or value
    if not owners:
        owners.extend(handle for handle in _HANDLE.findall(full_text))
    if not owners:
        dash = _DASH_OWNER.search(text)
        will = _WILL_OWNER.match(text)
        if dash:
            owners.append(dash.group("owner"))
        elif will:
            owners.append(will.group("owner"))
    if due is None:
        by = _BY_DUE.search(full_text)
        # "by 50%" or "by 3 people" is an amount, not a deadline.
        if by and (not by.group("value")[0].isdigit() or any(s.has_date for s in find_timestamps(by.group("value")))):
            due = by.group("value").strip()
    leading_id = _ITEM_ID.match(text)
    if leading_id and item_id is None:
        item_id = leading_id.group("id")
    links = tuple(dict.fromkeys(_links(full_text) + source_links))
    line = span.line
    return ActionItem(span=span, text=text, id=item_id, owners=tuple(dict.fromkeys(owners)), due=due, status=status,
                      links=links, category=category, section=section, line=line)


def _links(text: str) -> tuple[str, ...]:
    return tuple(link for link in _LINK.findall(text) if not _LOCAL_ID.match(link))


def _source_links(doc: Document, first_line: int, end_line: int) -> tuple[str, ...]:
    """Issue and pull request references in the item's source lines.

    The prose text drops link destinations ("[PR 77](https://github.com/acme/api/pull/77)" reads "PR 77"),
    so the source is read instead; code spans and images, which the prose also leaves out, are not links.
    """
    end_line = min(end_line, doc.source.line_count)
    return _links("\n".join(doc.source.line_text(index) for index in range(first_line, end_line)))


def _split_owners(value: str) -> tuple[str, ...]:
    """``"Alice, Bob"`` / ``"Alice and Bob"`` / ``"@a @b"`` → each owner; one name stays one owner."""
    value = value.strip().strip("*_`").strip()
    if not value:
        return ()
    parts = re.split(r"(?:(?<!\s)\s+)?(?:,|;|&|\band\b|\+)\s*", value)
    handles = _HANDLE.findall(value)
    if len(handles) > 1:
        return tuple(handles)
    return tuple(part.strip() for part in parts if part.strip())
