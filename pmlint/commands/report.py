"""``pmlint report``: the action-item ledger and the guide's effectiveness metrics across post-mortems.

Files are found and configured as for ``check`` and linted by the same runner (``--jobs`` included); while
a file's parsed Document is at hand (in the worker that parsed it), :func:`read_document` reads what the
report needs from the views the rules use: the action items (``reading/action_items.py``), the incident's
dates (``reading/incident_dates.py``), the front matter and the root cause section. No file is parsed twice.
:func:`build_report` then turns those plain values and the findings into the JSON-shaped dictionary every
format renders (the contract: README "Tracking action items").

What pmlint cannot see is when an item was closed: a status that carries a date ("Done 2026-03-20") says
so; otherwise a done item is taken to have been done by its due date, and within the completion window when
the report's date is still inside it or its due date was.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pmlint.commands.engine import Prepared
from pmlint.errors import PmlintError
from pmlint.language.wordlists import Wordlist
from pmlint.model import Finding
from pmlint.reading.action_items import ActionItem, action_sections
from pmlint.reading.document import Document
from pmlint.reading.incident_dates import RecoveryWords, incident_dates
from pmlint.reading.summary import sections_for, title_section
from pmlint.reading.timestamps import first_full_date
from pmlint.ruledefs import RuleMeta

SCHEMA_VERSION = 1
PUBLICATION_LIMIT_HOURS = 48
DEFAULT_WINDOW_DAYS = 30
STATUSES = ("open", "in progress", "done", "not doing")
# The wordlists the report reads (tests/test_wordlists.py: every wordlist is read by a rule or by this).
WORDLISTS = ("action-status", "root-cause-filler", "unassigned", "timeline-impact-start", "timeline-resolution",
             "timeline-follow-up")

# Front matter keys that name what an incident was in: documents sharing a value are repeat incidents.
_SERVICE_KEYS = {"service": "service", "services": "service", "affected_service": "service",
                 "affected_services": "service", "affected-services": "service", "system": "service",
                 "systems": "service", "component": "component", "components": "component"}
_CATEGORY_KEYS = ("root_cause_category", "root-cause-category", "rootcause_category", "cause_category",
                  "category", "categories")
_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
# A root cause's first sentence is compared by its longer words, without the words of
# wordlists/root-cause-filler.txt (articles and prepositions are not what makes two causes the same), at least
# this many of them.
_MIN_CAUSE_WORDS = 3


@dataclass(frozen=True)
class ItemRow:
    """One action item as the report reads it: plain values only (it crosses from a worker process)."""

    id: str | None
    text: str
    owners: tuple[str, ...]
    due_text: str | None
    due: dt.date | None
    status: str
    completed: dt.date | None  # a date written in the status ("Done 2026-03-20")
    links: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class DocumentFacts:
    """What the report needs of one post-mortem."""

    path: str
    title: str | None
    incident: dt.date | None
    resolved: dt.datetime | None
    published: dt.datetime | None
    # A publication written as a date alone ("2026-03-16", a path's date) on or before the day of the
    # resolution says nothing of the delay: a path's date is mostly the incident's own day.
    published_has_time: bool
    services: tuple[str, ...]
    category: str | None
    cause: frozenset[str] | None  # the root cause's first sentence, as a set of its longer words
    items: tuple[ItemRow, ...] = field(default=())


def read_document(prepared: Prepared, display: str) -> DocumentFacts:
    """The report's facts of one parsed document (the runner's ``collect`` hook)."""
    doc = prepared.document
    lists = prepared.config.wordlists
    statuses, unassigned = _tables(lists["action-status"], lists["unassigned"])
    data = doc.front_matter.data if doc.front_matter is not None and doc.front_matter.error is None else {}
    # The words PM103 and PM501 read the timeline with: the Document's cached dates are theirs.
    words = RecoveryWords(lists["timeline-impact-start"].pattern, lists["timeline-resolution"].pattern,
                          lists["timeline-follow-up"].pattern)
    dates = incident_dates(doc, display, words)
    items = []
    for section in action_sections(doc):
        table_lines = {block.first_line for block in doc.blocks_in(section.section) if block.table is not None}
        for item in section.items:
            items.append(_row(replace(item, text=_written(doc, item, table_lines)), statuses, unassigned))
    return DocumentFacts(
        path=display, title=_title(doc, data), incident=dates.incident,
        resolved=dates.resolved.when if dates.resolved is not None else None,
        published=dates.published.when if dates.published is not None else None,
        published_has_time=dates.published is not None and dates.published.has_time,
        services=_services(data), category=_category(data),
        cause=_cause_words(doc, _filler(lists["root-cause-filler"])), items=tuple(items))


# Markup left out of the ledger's text: links and images become their text, code spans their code.
_LINK_MARKUP = re.compile(r"!?\[(?P<text>[^\[\]\n]{0,500})\](?:\([^()\s]{0,2000}\)|\[[^\[\]\n]{0,200}\])")
# "[#2228]: Include ...": a reference link that opens the item (its ID, as the prose reads it).
_LEADING_REFERENCE = re.compile(r"^\[(?P<text>[^\[\]\n]{1,200})\](?=[:\s])")
_STRONG_MARKUP = re.compile(r"\*\*|__|~~|`")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_PIPE = re.compile(r"(?<!\\)\|")


def _written(doc: Document, item: ActionItem, table_lines: set[int]) -> str:
    """The item's text as written, markup aside: the prose views leave code spans out ("Revert the driver to
    `overlay2`"), which a ledger must keep. A table item is its cell; a list item its first line."""
    span = item.span
    if span.end_line == span.line:
        line = doc.source.line_text(span.line - 1)
        if span.line - 1 in table_lines:
            pipes = [match.start() for match in _PIPE.finditer(line)]
            left = max((pipe for pipe in pipes if pipe < span.column - 1), default=-1) + 1
            right = min((pipe for pipe in pipes if pipe >= span.end_column - 1), default=len(line))
            raw = line[left:right]
        else:
            start = span.column - 1
            while start > 0 and line[start - 1] in "[*_`~":  # markup that opens the text: "[#2228](...)"
                start -= 1
            raw = line[start:]
    else:
        raw = doc.source.span_text(span)
    text = _LINK_MARKUP.sub(lambda match: match.group("text"), raw.strip())
    text = _STRONG_MARKUP.sub("", _LEADING_REFERENCE.sub(lambda match: match.group("text"), text))
    text = " ".join(_ESCAPED.sub(r"\1", text).split())
    return text or item.text


# "We will add ..." names a subject, not someone to ask about the item (PM302 calls it a team owner): the
# ledger and the by-owner counts show such an item as unowned.
_PRONOUN_OWNERS = frozenset({"we", "us", "they", "i", "you"})


def _row(item: ActionItem, statuses: Mapping[str, str], unassigned: set[str]) -> ItemRow:
    owners = tuple(owner.strip() for owner in item.owners
                   if owner.strip() and _bare(owner) not in unassigned and _bare(owner) not in _PRONOUN_OWNERS)
    due_text = " ".join(item.due.split()) if item.due and item.due.strip() else None
    status_text = item.status
    return ItemRow(id=" ".join(item.id.split()) if item.id and item.id.strip() else None,
                   text=_tidy(item.description or item.text), owners=owners, due_text=due_text,
                   due=real_date(due_text) if due_text else None, status=normalise_status(status_text, statuses),
                   completed=real_date(status_text) if status_text else None, links=item.links, line=item.line)


def _tidy(text: str) -> str:
    """``text`` single-spaced, without the marks a removed field leaves ("limiter. ; . INC-1" -> "limiter. INC-1")."""
    words: list[str] = []
    for token in text.split():
        if not token.strip(".,;:"):
            if not words or words[-1][-1] in ".,;:":
                continue  # a mark after a mark: what separated a field that is gone
            words[-1] += token[0]
            continue
        words.append(token)
    return " ".join(words)


def _bare(owner: str) -> str:
    return owner.strip().lstrip("@").strip().casefold()


# The tables of each configuration's wordlists (held with them, so that an id is never reused meanwhile).
_TABLES: dict[tuple[int, int], tuple[Wordlist, Wordlist, dict[str, str], set[str]]] = {}


def _tables(status: Wordlist, unassigned: Wordlist) -> tuple[dict[str, str], set[str]]:
    key = (id(status), id(unassigned))
    if key not in _TABLES:
        if len(_TABLES) > 16:
            _TABLES.clear()
        _TABLES[key] = (status, unassigned, _status_table(status), {_bare(entry) for entry in unassigned.entries})
    return _TABLES[key][2], _TABLES[key][3]


def _status_table(wordlist: Wordlist) -> dict[str, str]:
    """Each status word (case-folded) -> open / in progress / done / not doing, longest first."""
    table = {}
    for entry in sorted(wordlist.entries, key=len, reverse=True):
        status = wordlist.replacements.get(entry)
        if status in STATUSES:
            table[" ".join(entry.split()).casefold()] = status
    return table


_STATUS_CHARS = 200  # a status is a word or two: a long one is searched in its start only


def normalise_status(text: str | None, table: Mapping[str, str]) -> str:
    """The status of an item: the longest status word its status starts with ("In progress (PR #12)"), else
    the first one in it ("Status: done"), else open."""
    if text is None:
        return "open"
    written = " ".join(text.replace("\u2019", "'").strip(" *_`~").split()).casefold()
    if not written:
        return "open"
    for entry, status in table.items():  # longest first: "not done" before "done"
        if written.startswith(entry) and not (entry[-1:].isalnum() and written[len(entry):len(entry) + 1].isalnum()):
            return status
    best: tuple[int, int, str] | None = None
    written = written[:_STATUS_CHARS]
    for entry, status in table.items():
        position = written.find(entry)
        while position != -1:
            end = position + len(entry)
            if not ((entry[0].isalnum() and position > 0 and written[position - 1].isalnum())
                    or (entry[-1].isalnum() and end < len(written) and written[end].isalnum())):
                key = (position, -len(entry), status)
                if best is None or key < best:
                    best = key
                break
            position = written.find(entry, position + 1)
    return best[2] if best is not None else "open"


def real_date(text: str) -> dt.date | None:
    """The calendar day ``text`` names ("2026-04-01", "April 1, 2026"), or None (no year, a quarter, a
    sprint, an impossible day)."""
    stamp = first_full_date(text)
    if stamp is None:
        return None
    try:
        return dt.date(stamp.year, stamp.month, stamp.day)  # type: ignore[arg-type]  # all three are set
    except ValueError:
        return None


def _title(doc: Document, data: Mapping[str, Any]) -> str | None:
    section = title_section(doc)
    if section is not None and section.title.strip():
        return " ".join(section.title.split())
    value = data.get("title")
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _values(value: Any) -> list[str]:
    """A front matter value as words: a string (comma-separated values split), or a list of strings."""
    found: list[str] = []
    for part in value if isinstance(value, list) else [value]:
        if isinstance(part, (str, int)) and not isinstance(part, bool):
            found.extend(piece for piece in (" ".join(str(p).split()).casefold() for p in str(part).split(","))
                         if piece)
    return found


def _services(data: Mapping[str, Any]) -> tuple[str, ...]:
    """``"service:auth"``-style keys ("service: auth", "component: queue"), in the order written."""
    found: list[str] = []
    for key, value in data.items():
        kind = _SERVICE_KEYS.get(str(key).casefold())
        if kind is not None:
            found.extend(f"{kind}: {name}" for name in _values(value))
    return tuple(dict.fromkeys(found))


def _category(data: Mapping[str, Any]) -> str | None:
    for key in _CATEGORY_KEYS:
        for written, value in data.items():
            if str(written).casefold() == key:
                values = _values(value)
                if values:
                    return values[0]
    return None


def _filler(wordlist: Wordlist) -> frozenset[str]:
    return frozenset(entry.casefold() for entry in wordlist.entries)


def _cause_words(doc: Document, filler: frozenset[str]) -> frozenset[str] | None:
    """The longer words (plurals folded) of the root cause's first sentence: the summary's "Root cause:"
    field when there is one, else the first paragraph of the root cause section; None when too short."""
    for label in doc.find_labels("root-cause"):
        if label.value.strip():
            return _sentence_words(label.value, filler)
    for section in sections_for(doc, "root-cause-analysis")[:1]:
        for block in doc.blocks_in(section):
            if block.kind == "heading" or block.table is not None or not block.segment.text.strip():
                continue
            return _sentence_words(block.segment.text, filler)
    return None


def _sentence_words(text: str, filler: frozenset[str]) -> frozenset[str] | None:
    end = _SENTENCE_END.search(text)
    sentence = text[:end.start()] if end else text
    words = frozenset(_fold(word) for word in _WORD.findall(sentence.casefold()) if word not in filler)
    words = frozenset(word for word in words if len(word) >= 4)
    return words if len(words) >= _MIN_CAUSE_WORDS else None


def _fold(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


# -- the report --------------------------------------------------------------------------------------


def build_report(facts: Sequence[DocumentFacts], findings: Sequence[Finding], errors: Sequence[PmlintError],
                 rules: Mapping[str, RuleMeta], as_of: dt.date, window_days: int = DEFAULT_WINDOW_DAYS) -> dict[str, Any]:
    """The report as the JSON contract shapes it (README "Tracking action items")."""
    documents = sorted(facts, key=lambda fact: fact.path)
    findings_per_path = Counter(finding.path for finding in findings)
    items = [_item_json(fact, row, as_of, generated)
             for fact in documents for row, generated in zip(fact.items, _generated_ids(fact))]
    items.sort(key=lambda item: (item["path"], item["line"]))
    return {
        "schema": SCHEMA_VERSION,
        "as_of": as_of.isoformat(),
        "completion_window_days": window_days,
        "publication_limit_hours": PUBLICATION_LIMIT_HOURS,
        "documents": [_document_json(fact, findings_per_path[fact.path]) for fact in documents],
        "action_items": items,
        "metrics": _metrics(documents, items, findings, rules, as_of, window_days),
        "errors": sorted(({"path": error.file or "", "message": _message(error)} for error in errors),
                         key=lambda error: (error["path"], error["message"])),
    }


def _message(error: PmlintError) -> str:
    key = f"'{error.key}': " if error.key else ""
    line = f"line {error.line}: " if error.line is not None else ""
    return f"{line}{key}{error.message}"


def _generated_ids(fact: DocumentFacts) -> list[str | None]:
    """A generated ID for each item without one of its own: the path's and the text's hash, so that it
    stays when other items are added, moved or edited; a second item of the same text gets "-2"."""
    place = hashlib.sha256(fact.path.encode("utf-8", "surrogateescape")).hexdigest()[:6]
    seen: Counter[str] = Counter()
    found: list[str | None] = []
    for row in fact.items:
        if row.id is not None:
            found.append(None)
            continue
        text = hashlib.sha256(row.text.casefold().encode("utf-8", "surrogateescape")).hexdigest()[:6]
        seen[text] += 1
        found.append(f"pm-{place}-{text}" + (f"-{seen[text]}" if seen[text] > 1 else ""))
    return found


def _item_json(fact: DocumentFacts, row: ItemRow, as_of: dt.date, generated: str | None) -> dict[str, Any]:
    closed = row.status in ("done", "not doing")
    return {
        "id": generated if generated is not None else row.id,
        "generated_id": generated is not None,
        "text": row.text,
        "owner": ", ".join(row.owners) if row.owners else None,
        "owners": list(row.owners),
        "due": _iso(row.due),
        "due_text": row.due_text,
        "status": row.status,
        "links": list(row.links),
        "path": fact.path,
        "line": row.line,
        "incident_date": _iso(fact.incident),
        "age_days": (as_of - fact.incident).days if fact.incident is not None else None,
        "overdue": not closed and row.due is not None and row.due < as_of,
        "completed": _iso(row.completed),
    }


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _document_json(fact: DocumentFacts, findings: int) -> dict[str, Any]:
    return {
        "path": fact.path, "title": fact.title, "incident_date": _iso(fact.incident),
        "resolved": _iso(fact.resolved), "published": _iso(fact.published),
        "publication_hours": _hours(fact), "action_items": len(fact.items), "findings": findings,
        "services": [service.split(": ", 1)[1] for service in fact.services],
        "root_cause_category": fact.category,
    }


def _hours(fact: DocumentFacts) -> float | None:
    if fact.resolved is None or fact.published is None:
        return None
    if not fact.published_has_time and fact.published.date() <= fact.resolved.date():
        return None  # a date alone, not after the resolution's day: the delay is unknown
    return round((fact.published - fact.resolved).total_seconds() / 3600, 1)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _metrics(documents: list[DocumentFacts], items: list[dict[str, Any]], findings: Sequence[Finding],
             rules: Mapping[str, RuleMeta], as_of: dt.date, window_days: int) -> dict[str, Any]:
    counted = [item for item in items if item["status"] != "not doing"]  # dropped on purpose: not owed
    return {
        "documents": len(documents),
        "action_items": len(items),
        "statuses": {status: sum(1 for item in items if item["status"] == status) for status in STATUSES},
        "completion": _completion(counted, as_of, window_days),
        "overdue": sum(1 for item in items if item["overdue"]),
        "by_owner": _by_owner(items),
        "unowned": {"open": sum(1 for item in items if not item["owners"] and item["status"] in ("open", "in progress")),
                    "overdue": sum(1 for item in items if not item["owners"] and item["overdue"])},
        "publication": _publication(documents),
        "repeat_incidents": _repeats(documents),
        "findings_by_rule": _findings_by_rule(findings, rules),
        "completion_over_time": _over_time(counted),
    }


def _done_by(item: dict[str, Any], deadline: dt.date, as_of: dt.date) -> bool:
    """Whether a done item was done by ``deadline``: its written completion date says so; without one, when the
    report's date is not past the deadline, or its due date is not."""
    if item["status"] != "done":
        return False
    if item["completed"] is not None:
        return dt.date.fromisoformat(item["completed"]) <= deadline
    if as_of <= deadline:
        return True
    return item["due"] is not None and dt.date.fromisoformat(item["due"]) <= deadline


def _completion(items: list[dict[str, Any]], as_of: dt.date, window_days: int) -> dict[str, Any]:
    done = sum(1 for item in items if item["status"] == "done")
    passed = [item for item in items if item["due"] is not None and dt.date.fromisoformat(item["due"]) < as_of]
    done_by_due = sum(1 for item in passed if _done_by(item, dt.date.fromisoformat(item["due"]), as_of))
    dated = [item for item in items if item["incident_date"] is not None]
    within = sum(1 for item in dated
                 if _done_by(item, _days_after(dt.date.fromisoformat(item["incident_date"]), window_days), as_of))
    return {"done": done, "total": len(items), "rate": _rate(done, len(items)),
            "due_passed": len(passed), "done_by_due": done_by_due, "rate_by_due": _rate(done_by_due, len(passed)),
            "window_items": len(dated), "within_window": within, "rate_within_window": _rate(within, len(dated))}


def _days_after(day: dt.date, days: int) -> dt.date:
    """``day`` + ``days``, or the last day there is (an incident dated 9999-12-20 has no window's end)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max


def _by_owner(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for item in items:
        for owner in item["owners"]:
            row = rows.setdefault(owner.casefold(), {"owner": owner, "open": 0, "overdue": 0, "done": 0})
            if item["status"] in ("open", "in progress"):
                row["open"] += 1
            elif item["status"] == "done":
                row["done"] += 1
            row["overdue"] += item["overdue"]
    return sorted(rows.values(), key=lambda row: (-row["overdue"], -row["open"], row["owner"].casefold(), row["owner"]))


def _percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted ``values``."""
    return values[max(0, math.ceil(share * len(values)) - 1)]


def _publication(documents: list[DocumentFacts]) -> dict[str, Any]:
    """Hours from resolution to publication; a report published before the resolution (a preliminary one)
    counts as 0."""
    known = [(max(0.0, hours), fact.path) for fact in documents if (hours := _hours(fact)) is not None]
    values = sorted(hours for hours, _ in known)
    longest = min(known, key=lambda pair: (-pair[0], pair[1])) if known else None  # the first path of a tie
    return {"known": len(known),
            "median_hours": round(statistics.median(values), 1) if values else None,
            "p90_hours": _percentile(values, 0.9) if values else None,
            "longest_hours": longest[0] if longest else None,
            "longest_path": longest[1] if longest else None,
            "over_limit": sum(1 for hours in values if hours > PUBLICATION_LIMIT_HOURS)}


def _repeats(documents: list[DocumentFacts]) -> dict[str, Any]:
    """Post-mortems that share a service, component or root-cause category, or whose root causes' first
    sentences have the same longer words."""
    by_reason: dict[str, list[str]] = defaultdict(list)
    for fact in documents:
        for service in fact.services:
            by_reason[service].append(fact.path)
        if fact.category is not None:
            by_reason[f"root cause category: {fact.category}"].append(fact.path)
    by_cause: dict[frozenset[str], list[str]] = defaultdict(list)
    for fact in documents:
        if fact.cause is not None:
            by_cause[fact.cause].append(fact.path)
    groups = [{"reason": reason, "paths": sorted(set(paths))} for reason, paths in by_reason.items()
              if len(set(paths)) > 1]
    groups.sort(key=lambda group: (group["reason"], group["paths"]))
    similar = sorted(sorted(paths) for paths in by_cause.values() if len(paths) > 1)
    groups.extend({"reason": "similar root cause", "paths": paths} for paths in similar)
    repeated = {path for group in groups for path in group["paths"]}
    return {"documents_with_repeat": len(repeated), "rate": _rate(len(repeated), len(documents)), "groups": groups}


def _findings_by_rule(findings: Sequence[Finding], rules: Mapping[str, RuleMeta]) -> list[dict[str, Any]]:
    counts = Counter(finding.code for finding in findings)
    names = {finding.code: finding.rule for finding in findings}
    return [{"code": code, "name": rules[code].name if code in rules else names[code], "count": count}
            for code, count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))]


def _over_time(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in items:
        if item["incident_date"] is not None:
            month = months[item["incident_date"][:7]]
            month[0] += 1
            month[1] += item["status"] == "done"
    return [{"month": month, "items": total, "done": done, "rate": _rate(done, total)}
            for month, (total, done) in sorted(months.items())]
