"""Issue 19: action items read from tables answer as the reading before issue 19's fourth round did.

``_table_items`` now works out each cell's text once per row and each header's words once per table; the
reference below is the earlier code, compared on generated tables (short rows, empty cells, every header
word) and on generated post-mortems.
"""
from __future__ import annotations

import random
import re

from benchmarks import corpus
from pmlint.config.loading import load_config
from pmlint.reading import action_items as ai
from pmlint.reading.document import Document
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

CONFIG = load_config(None, load_rules())


def _reference(doc, table, category, section):  # noqa: ANN001, ANN202 - the earlier code, kept as it was
    headers = [cell.text.lower() for cell in table.header]
    columns: dict[str, int] = {}
    for role, words in ai._HEADER_WORDS.items():
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
        if ai._PLACEHOLDER_ITEM.search(text_cell.text) or ai._DECLINED.search(text_cell.text):
            continue
        owner_text = cell("owner")
        due_text = cell("due")
        status = cell("status")
        if status is None or not status.strip():
            status = "done" if ai._is_done(text_cell.text, doc.source.span_text(text_cell.segment.span())) else status
        links: list[str] = []
        for number, cell_source in enumerate(ai._row_cells(doc.source.line_text(text_cell.line))):
            if number == columns.get("id"):
                links.extend(link for link in ai._links(cell_source) if "://" in link)
                links.extend(ai._reference_links(doc, cell_source) if "[" in cell_source else ())
                continue
            ticket = number == columns.get("ticket")
            links.extend(ai._links(cell_source, keys=ticket or number == text_number, ticket=ticket))
            if "[" in cell_source:
                links.extend(ai._reference_links(doc, cell_source))
        item = ai.ActionItem(
            span=text_cell.segment.span(), text=text_cell.text, id=cell("id") or cell("ticket"),
            owners=ai._split_owners(owner_text) if owner_text else (),
            due=ai._clean_due(due_text) if due_text else None, status=status,
            category=cell("category") or category, section=section,
            links=tuple(dict.fromkeys(links)), line=text_cell.line + 1,
            owner_field="owner" in columns, due_field="due" in columns)
        if "owner" not in columns or "due" not in columns:
            inline = ai._with_fields(item.text, item.text, item.span, item.category, section, item.status, (), None)
            item = ai.replace(item, id=item.id or inline.id,
                              owners=item.owners if "owner" in columns else inline.owners,
                              due=item.due if "due" in columns else inline.due,
                              owner_field=item.owner_field or inline.owner_field,
                              due_field=item.due_field or inline.due_field)
        items.append(item)
    return items


_HEADERS = [word.title() for words in ai._HEADER_WORDS.values() for word in words] + ["Notes", "", "Due date", "#"]
_CELLS = ["Add a lag alert", "", "@ana", "Ana Lim, Bo", "2026-04-01", "Q3 2026", "Done", "open", "OPS-12",
          "https://github.com/acme/api/issues/7", "[link][ref]", "Item 1", "**fixed**", "Owner: Bo due: May 2026",
          "We will  add   retries", "~~Drop the cache~~", "TBD", "#12 fix", "see ACME-9 (AI-2)", "[Ana][]", "a - b"]


def _table(rng: random.Random) -> str:
    width = rng.randint(1, 6)
    lines = ["| " + " | ".join(rng.choice(_HEADERS) for _ in range(width)) + " |",
             "|" + "---|" * width]
    for _ in range(rng.randint(1, 5)):
        cells = [rng.choice(_CELLS) for _ in range(rng.randint(1, width + 1))]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _compare(text: str) -> int:
    doc = Document.parse(Source.from_text("doc.md", text), CONFIG.catalog)
    compared = 0
    for table in doc.tables:
        new = ai._table_items(doc, table, "Short term", 1)
        assert new == _reference(doc, table, "Short term", 1)
        compared += len(new)
    return compared


def test_generated_tables_give_the_items_the_earlier_code_gave() -> None:
    rng = random.Random(1904)
    compared = sum(_compare(f"# Outage\n\n## Action items\n\n{_table(rng)}\n\n[ref]: https://x.io/issues/3\n")
                   for _ in range(400))
    assert compared > 300, "hardly any item was compared"


def test_generated_post_mortems_give_the_items_the_earlier_code_gave() -> None:
    compared = sum(_compare(corpus.document(f"act-table:{index}", 12_000, corpus.MIN_SIZE, corpus.MAX_SIZE,
                                            issues=index % 2 == 0)[0]) for index in range(40))
    assert compared > 50, "hardly any item was compared"
