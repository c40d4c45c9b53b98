"""Report dicts for the HTML dashboard's tests, and a reader that parses the page back.

The dicts are written by hand to the JSON contract of `pmlint report`: a small one (the snapshot), a realistic one (40 action items over 12 post-mortems), an empty one and a
hostile one. The metrics of the realistic report are counted here from its items with plain loops, as
the report's contract defines them, so the tests can compare the page with the numbers it was given.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from typing import Any

AS_OF = "2026-12-06"


def small_report() -> dict[str, Any]:
    """Two post-mortems, three action items: one done, one overdue, one with a vague due date."""
    return {
        "schema": 1, "as_of": "2026-05-01", "completion_window_days": 30, "publication_limit_hours": 48,
        "documents": [
            {"path": "pm/2026-03-15-auth.md", "title": "Auth outage", "incident_date": "2026-03-15",
             "resolved": "2026-03-15T14:05:00+00:00", "published": "2026-03-16T20:35:00+00:00",
             "publication_hours": 30.5, "action_items": 2, "findings": 3, "services": ["auth"],
             "root_cause_category": "config-change"},
            {"path": "pm/2026-04-02-queue.md", "title": None, "incident_date": "2026-04-02", "resolved": None,
             "published": None, "publication_hours": None, "action_items": 1, "findings": 0, "services": [],
             "root_cause_category": None},
        ],
        "action_items": [
            {"id": "AI-1", "generated_id": False, "text": "Add CPU alerts at 80% and 90%", "owner": "Sarah",
             "owners": ["Sarah"], "due": "2026-04-01", "due_text": "2026-04-01", "status": "done",
             "links": ["https://tracker.example/AI-1"], "path": "pm/2026-03-15-auth.md", "line": 40,
             "incident_date": "2026-03-15", "age_days": 47, "overdue": False},
            {"id": "AI-2", "generated_id": False, "text": "Validate load balancer config in CI", "owner": None,
             "owners": [], "due": "2026-04-15", "due_text": "2026-04-15", "status": "open", "links": [],
             "path": "pm/2026-03-15-auth.md", "line": 41, "incident_date": "2026-03-15", "age_days": 47,
             "overdue": True},
            {"id": "pm-3f2a9c-1", "generated_id": True, "text": "Restore worker limits after load tests",
             "owner": "Ana", "owners": ["Ana"], "due": None, "due_text": "Q3", "status": "in progress",
             "links": [], "path": "pm/2026-04-02-queue.md", "line": 12, "incident_date": "2026-04-02",
             "age_days": 29, "overdue": False},
        ],
        "metrics": {
            "documents": 2, "action_items": 3,
            "completion": {"done": 1, "total": 3, "rate": 0.333, "due_passed": 2, "done_by_due": 1,
                           "rate_by_due": 0.5, "within_window": 1, "rate_within_window": 0.333},
            "overdue": 1,
            "by_owner": [{"owner": "Ana", "open": 1, "overdue": 0, "done": 0},
                         {"owner": "Sarah", "open": 0, "overdue": 0, "done": 1}],
            "publication": {"known": 1, "median_hours": 30.5, "p90_hours": 30.5, "longest_hours": 30.5,
                            "longest_path": "pm/2026-03-15-auth.md", "over_limit": 0},
            "repeat_incidents": {"documents_with_repeat": 0, "rate": 0.0, "groups": []},
            "findings_by_rule": [{"code": "PM302", "name": "action-owner", "count": 2},
                                 {"code": "PM303", "name": "action-due-date", "count": 1}],
            "completion_over_time": [{"month": "2026-03", "items": 2, "done": 1, "rate": 0.5},
                                     {"month": "2026-04", "items": 1, "done": 0, "rate": 0.0}],
        },
        "errors": [{"path": "pm/broken.md", "message": "invalid UTF-8 at byte 12"}],
    }


# (file name, title, incident date, hours to publication, services, root-cause category, findings)
_DOCUMENTS = [
    ("2026-01-09-dns.md", "DNS resolution failures", "2026-01-09", 20.0, ["dns"], "config-change", 2),
    ("2026-01-27-auth.md", "Login outage", "2026-01-27", 52.5, ["auth"], "config-change", 4),
    ("2026-02-14-payments.md", "Payment queue backlog", "2026-02-14", 30.0, ["payments"], "capacity", 1),
    ("2026-03-15-auth.md", "Auth outage", "2026-03-15", 44.0, ["auth"], "deploy", 3),
    ("2026-04-02-search.md", "Search index corruption", "2026-04-02", None, ["search"], None, 6),
    ("2026-05-19-cdn.md", "CDN certificate expiry", "2026-05-19", 12.0, ["cdn"], "expiry", 0),
    ("2026-06-30-db.md", "Primary database failover", "2026-06-30", 96.0, ["db"], "capacity", 5),
    ("2026-07-21-api.md", "API latency", "2026-07-21", 36.0, ["api"], "deploy", 2),
    ("2026-08-08-db.md", "Replica lag", "2026-08-08", 70.0, ["db"], "capacity", 3),
    ("2026-09-12-email.md", "Email delivery delays", "2026-09-12", 26.0, ["email"], None, 1),
    ("2026-10-05-mobile.md", "Mobile app crashes", "2026-10-05", 40.0, ["mobile"], "deploy", 2),
    ("2026-11-20-billing.md", None, "2026-11-20", None, [], None, 4),
]

# (document index, ID or None for a generated one, text, owners, due as written, status, links)
_ITEMS = [
    (0, "AI-1", "Lower the DNS TTL for internal zones to 60 s", ["Priya"], "2026-02-01", "done", []),
    (0, "AI-2", "Alert when resolver error rate exceeds 1% for 5 minutes", ["Tom"], "2026-02-15", "done",
     ["https://tracker.example/OPS-101"]),
    (0, "AI-3", "Document the resolver failover runbook", ["Priya"], "2026-03-01", "open", []),
    (1, "AI-4", "Validate identity provider config in CI before deploy", ["Sarah"], "2026-02-20", "done",
     ["https://github.com/example/auth/pull/812"]),
    (1, "AI-5", "Add a canary for the login flow", ["Sarah"], "2026-03-10", "in progress", []),
    (1, None, "Rotate the session signing key quarterly", [], "Q2", "open", []),
    (1, "AI-7", "Page the identity on-call for login error spikes", ["Tom"], "2026-02-28", "done", []),
    (2, "PAY-1", "Restore worker limits automatically after load tests", ["Ana"], "2026-03-01", "done",
     ["https://tracker.example/PAY-1"]),
    (2, "PAY-2", "Alert on payout queue depth above 10,000", ["Ana"], "2026-03-15", "done", []),
    (2, "PAY-3", "Add an expiry date to temporary config changes", ["Marco"], "2026-04-30", "not doing", []),
    (3, "AI-12", "Add CPU alerts for all production databases at 80% and 90%", ["Sarah"], "2026-04-01", "done",
     ["https://tracker.example/OPS-140"]),
    (3, "AI-13", "Roll back automatically when the login error rate doubles", ["Tom"], "2026-05-01", "open",
     ["https://tracker.example/OPS-141"]),
    (3, "AI-14", "Review deploy freeze rules with the release team", ["Sarah", "Tom"], "2026-04-15", "done", []),
    (4, "SRCH-1", "Checksum index segments before promotion", ["Lena"], "2026-05-01", "in progress", []),
    (4, "SRCH-2", "Keep two days of index snapshots", ["Lena"], "2026-04-20", "done", []),
    (4, None, "Look into faster reindexing", [], None, "open", []),
    (5, "CDN-1", "Monitor certificate expiry 30 days ahead", ["Omar"], "2026-06-01", "done",
     ["https://tracker.example/CDN-1"]),
    (5, "CDN-2", "Automate certificate renewal for all edge domains", ["Omar"], "2026-07-01", "done", []),
    (6, "DB-1", "Raise the connection pool limit to 400 and alert at 80%", ["Marco"], "2026-07-15", "done", []),
    (6, "DB-2", "Rehearse primary failover every quarter", ["Marco"], "2026-08-31", "open", []),
    (6, "DB-3", "Add failover to the on-call training", ["Priya"], "2026-09-30", "in progress", []),
    (6, None, "Evaluate a managed database offering", ["Marco"], "next quarter", "not doing", []),
    (7, "API-1", "Add p99 latency alerts per endpoint", ["Tom"], "2026-08-15", "done", []),
    (7, "API-2", "Load-test the API before each major release", ["Ana"], "2026-09-01", "open",
     ["https://tracker.example/API-2"]),
    (7, "API-3", "Cache the rate-limit lookups", ["Ana"], "2026-08-20", "done", []),
    (8, "DB-7", "Alert when replica lag exceeds 30 seconds", ["Marco"], "2026-08-30", "done", []),
    (8, "DB-8", "Move analytics queries to a dedicated replica", ["Lena"], "2026-10-01", "open", []),
    (8, "DB-9", "Document replica rebuild steps", ["Priya"], "2026-09-15", "done", []),
    (9, "MAIL-1", "Add a second email provider for failover", ["Omar"], "2026-11-01", "in progress", []),
    (9, "MAIL-2", "Alert when the outbound queue is older than 10 minutes", ["Omar"], "2026-10-01", "done", []),
    (9, "MAIL-3", "Show delivery delays on the status page", ["Sarah"], "2026-12-20", "open", []),
    (10, "MOB-1", "Stage mobile releases to 5% of users first", ["Lena"], "2026-11-15", "done",
     ["https://tracker.example/MOB-1"]),
    (10, "MOB-2", "Add crash-rate alerts per app version", ["Tom"], "2026-11-01", "open", []),
    (10, "MOB-3", "Add a kill switch for new app features", ["Lena"], "2027-01-15", "in progress", []),
    (10, None, "Improve monitoring", [], "TBD", "open", []),
    (11, "BILL-1", "Reconcile invoices daily against payments", ["Ana"], "2026-12-15", "open", []),
    (11, "BILL-2", "Alert on invoice generation failures", ["Marco"], "2026-12-01", "open", []),
    (11, "BILL-3", "Add retries with backoff to the billing export", ["Priya"], "2026-12-31", "in progress", []),
    (11, "BILL-4", "Write a runbook for billing reruns", ["Omar"], "2026-11-30", "done", []),
    (11, None, "Review billing alerts with finance", ["Sarah"], "2027-01-31", "open", []),
]


def _iso(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def realistic_report() -> dict[str, Any]:
    """12 post-mortems with 40 action items, as of 2026-12-06, with metrics counted from them."""
    as_of = date.fromisoformat(AS_OF)
    documents: list[dict[str, Any]] = []
    for name, title, incident, hours, services, category, findings in _DOCUMENTS:
        documents.append({
            "path": f"postmortems/{name}", "title": title, "incident_date": incident,
            "resolved": None if hours is None else f"{incident}T10:00:00+00:00", "published": None,
            "publication_hours": hours, "action_items": 0, "findings": findings, "services": services,
            "root_cause_category": category})
    items: list[dict[str, Any]] = []
    for position, (index, item_id, text, owners, due_text, status, links) in enumerate(_ITEMS):
        document = documents[index]
        document["action_items"] += 1
        due = _iso(due_text)
        incident = _iso(document["incident_date"])
        items.append({
            "id": item_id or f"pm-{index:02d}a7c3-{position + 1}", "generated_id": item_id is None,
            "text": text, "owner": owners[0] if len(owners) == 1 else None, "owners": owners,
            "due": due.isoformat() if due else None, "due_text": due_text, "status": status, "links": links,
            "path": document["path"], "line": 30 + 2 * position, "incident_date": document["incident_date"],
            "age_days": (as_of - incident).days if incident else None,
            "overdue": status in ("open", "in progress") and due is not None and due < as_of,
        })
    done = sum(1 for item in items if item["status"] == "done")
    overdue = sum(1 for item in items if item["overdue"])
    owners: dict[str, dict[str, Any]] = {}
    for item in items:
        for owner in item["owners"]:
            entry = owners.setdefault(owner, {"owner": owner, "open": 0, "overdue": 0, "done": 0})
            if item["status"] in ("open", "in progress"):
                entry["open"] += 1
            entry["overdue"] += item["overdue"]
            entry["done"] += item["status"] == "done"
    by_owner = sorted(owners.values(), key=lambda entry: (-entry["overdue"], -entry["open"], entry["owner"]))
    months: dict[str, dict[str, Any]] = {}
    for item in items:
        month = months.setdefault(item["incident_date"][:7], {"month": item["incident_date"][:7], "items": 0, "done": 0})
        month["items"] += 1
        month["done"] += item["status"] == "done"
    over_time = [dict(month, rate=round(month["done"] / month["items"], 3)) for _, month in sorted(months.items())]
    return {
        "schema": 1, "as_of": AS_OF, "completion_window_days": 30, "publication_limit_hours": 48,
        "documents": documents, "action_items": items,
        "metrics": {
            "documents": len(documents), "action_items": len(items),
            "completion": {"done": done, "total": len(items), "rate": round(done / len(items), 3),
                           "due_passed": 31, "done_by_due": 17, "rate_by_due": 0.548,
                           "within_window": 12, "rate_within_window": 0.3},
            "overdue": overdue,
            "by_owner": by_owner,
            "publication": {"known": 10, "median_hours": 38.0, "p90_hours": 70.0, "longest_hours": 96.0,
                            "longest_path": "postmortems/2026-06-30-db.md", "over_limit": 3},
            "repeat_incidents": {"documents_with_repeat": 4, "rate": 0.333, "groups": [
                {"reason": "service: auth", "paths": ["postmortems/2026-01-27-auth.md", "postmortems/2026-03-15-auth.md"]},
                {"reason": "service: db", "paths": ["postmortems/2026-06-30-db.md", "postmortems/2026-08-08-db.md"]}]},
            "findings_by_rule": [{"code": "PM303", "name": "action-due-date", "count": 9},
                                 {"code": "PM302", "name": "action-owner", "count": 7},
                                 {"code": "PM304", "name": "action-vague", "count": 5},
                                 {"code": "PM101", "name": "timestamp-not-utc", "count": 4},
                                 {"code": "PM501", "name": "publication-delay", "count": 3},
                                 {"code": "PM201", "name": "root-cause-depth", "count": 2},
                                 {"code": "PM402", "name": "charged-language", "count": 2},
                                 {"code": "PM001", "name": "missing-section", "count": 1}],
            "completion_over_time": over_time,
        },
        "errors": [{"path": "postmortems/draft-notes.md", "message": "invalid UTF-8 at byte 1,204"}],
    }


def empty_report() -> dict[str, Any]:
    """No post-mortems at all: every list empty, every rate unknown."""
    return {
        "schema": 1, "as_of": AS_OF, "completion_window_days": 30, "publication_limit_hours": 48,
        "documents": [], "action_items": [],
        "metrics": {
            "documents": 0, "action_items": 0,
            "completion": {"done": 0, "total": 0, "rate": None, "due_passed": 0, "done_by_due": 0,
                           "rate_by_due": None, "within_window": 0, "rate_within_window": None},
            "overdue": 0, "by_owner": [],
            "publication": {"known": 0, "median_hours": None, "p90_hours": None, "longest_hours": None,
                            "longest_path": None, "over_limit": 0},
            "repeat_incidents": {"documents_with_repeat": 0, "rate": None, "groups": []},
            "findings_by_rule": [], "completion_over_time": [],
        },
        "errors": [],
    }


SCRIPT_TAG = "<script>document.title='pwned'</script>"
IMG_TAG = "<img src=x onerror=\"document.title='pwned'\">"
QUOTES = "\"'><svg onload=alert(1)>"
RTL = "fix \u202egnp.exe\u202c now"
LONG = "a-very-long-word-" * 400


def hostile_report() -> dict[str, Any]:
    """The small report with markup, quotes, bidi overrides, control characters and very long text in
    every string a post-mortem or file name supplies."""
    report = small_report()
    document, other = report["documents"]
    document["path"] = f"pm/{SCRIPT_TAG}.md"
    document["title"] = QUOTES
    other["title"] = RTL
    first, second, third = report["action_items"]
    first.update(id=QUOTES, text=SCRIPT_TAG + " " + IMG_TAG, owner=RTL, owners=[RTL], path=document["path"],
                 links=["javascript:document.title='pwned'", "https://tracker.example/a?b=\"c\"&d=<e>",
                        "data:text/html,<script>alert(1)</script>"])
    second.update(text=LONG, due_text="</td></tr></table><h1>forged</h1>", due=None, owner="\x1b[31mred\x1b[0m",
                  owners=["\x1b[31mred\x1b[0m"])
    third.update(status="open", text="line one\nline two\u2028</script><script>alert(1)</script>")
    report["metrics"]["by_owner"][0]["owner"] = SCRIPT_TAG
    report["metrics"]["findings_by_rule"][0]["name"] = IMG_TAG
    report["metrics"]["publication"]["longest_path"] = document["path"]
    report["metrics"]["repeat_incidents"]["groups"] = [{"reason": QUOTES, "paths": [document["path"], RTL]}]
    report["metrics"]["completion_over_time"][0]["month"] = "<b>2026-03</b>"
    report["errors"] = [{"path": RTL, "message": SCRIPT_TAG}]
    return report


# -- reading a page back -----------------------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Cell:
    attrs: dict[str, str | None]
    text: str = ""
    hrefs: list[str] = field(default_factory=list)


@dataclass
class Row:
    attrs: dict[str, str | None]
    cells: list[Cell] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [" ".join(cell.text.split()) for cell in self.cells]


@dataclass
class Page:
    """What a test reads from a page: every tag, the text of each element with an id, the tables' rows."""
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    text_by_id: dict[str, str] = field(default_factory=dict)
    attrs_by_id: dict[str, dict[str, str | None]] = field(default_factory=dict)
    head_rows: dict[str, list[Row]] = field(default_factory=dict)
    body_rows: dict[str, list[Row]] = field(default_factory=dict)
    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    title: str = ""

    def text(self, element_id: str) -> str:
        return " ".join(self.text_by_id[element_id].split())

    def figure(self, key: str) -> str:
        """The value of a key figure (the text of its ``dd class="value"``)."""
        return self.text(f"figure-{key}-value")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.open: list[tuple[str, str | None]] = []
        self.table: str | None = None
        self.section = "body"
        self.row: Row | None = None
        self.cell: Cell | None = None
        self.raw: str | None = None

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attr_list)
        self.page.tags.append((tag, attrs))
        element_id = attrs.get("id")
        if element_id:
            self.page.attrs_by_id[element_id] = attrs
            self.page.text_by_id.setdefault(element_id, "")
        if tag == "table":
            self.table = element_id
            self.page.head_rows[element_id or ""] = []
            self.page.body_rows[element_id or ""] = []
        elif tag in ("thead", "tbody"):
            self.section = "head" if tag == "thead" else "body"
        elif tag == "tr" and self.table is not None:
            self.row = Row(attrs)
            rows = self.page.head_rows if self.section == "head" else self.page.body_rows
            rows[self.table].append(self.row)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = Cell(attrs)
            self.row.cells.append(self.cell)
        elif tag == "a" and self.cell is not None and attrs.get("href"):
            self.cell.hrefs.append(attrs["href"] or "")
        if tag in ("script", "style") or tag == "title" and not any(name == "svg" for name, _ in self.open):
            self.raw = ""
        if tag not in _VOID:
            self.open.append((tag, element_id))

    def handle_startendtag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        self.page.tags.append((tag, dict(attr_list)))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, _ = self.open.pop()
            if name == tag:
                break
        if tag == "script" and self.raw is not None:
            self.page.scripts.append(self.raw)
        elif tag == "style" and self.raw is not None:
            self.page.styles.append(self.raw)
        elif tag == "title" and self.raw is not None:
            self.page.title = self.raw
        if tag in ("script", "style", "title"):
            self.raw = None
        elif tag == "table":
            self.table = None
        elif tag == "tr":
            self.row = None
        elif tag in ("td", "th"):
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.raw is not None:
            self.raw += data
            return
        for _, element_id in self.open:
            if element_id:
                self.page.text_by_id[element_id] += data
        if self.cell is not None:
            self.cell.text += data


def parse_page(text: str) -> Page:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader.page
