"""The document model: front matter, headings, sections, tables, list items, labels, comments."""
from __future__ import annotations

import datetime

import pytest

from pmlint.config.loading import load_config
from pmlint.model import Span
from pmlint.reading.document import Document
from pmlint.reading.sections import Catalog, SectionSpec, normalize_heading
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog


def parse(text: str, catalog: Catalog = CATALOG) -> Document:
    return Document.parse(Source.from_text("x.md", text), catalog)


def headings(doc: Document) -> list[tuple[int, str, int]]:
    return [(heading.level, heading.text, heading.line) for heading in doc.headings]


# -- front matter -------------------------------------------------------------------------------


def test_yaml_front_matter() -> None:
    doc = parse("---\ntitle: Auth outage\ndate: 2026-03-15\n---\n# Auth outage\n")
    front = doc.front_matter
    assert front is not None
    assert front.kind == "yaml"
    assert front.data == {"title": "Auth outage", "date": datetime.date(2026, 3, 15)}
    assert (front.first_line, front.last_line) == (0, 3)
    assert front.error is None
    assert headings(doc) == [(1, "Auth outage", 4)]


def test_yaml_front_matter_closed_with_dots() -> None:
    doc = parse("---\ntitle: X\n...\nBody\n")
    assert doc.front_matter is not None
    assert doc.front_matter.data == {"title": "X"}
    assert doc.front_matter.last_line == 2
    assert [block.segment.text for block in doc.blocks] == ["Body"]


def test_toml_front_matter() -> None:
    doc = parse('+++\ntitle = "Auth"\nseverity = 2\n+++\n\nBody\n')
    front = doc.front_matter
    assert front is not None
    assert front.kind == "toml"
    assert front.data == {"title": "Auth", "severity": 2}
    assert (front.first_line, front.last_line) == (0, 3)


def test_empty_front_matter() -> None:
    doc = parse("---\n---\nBody\n")
    assert doc.front_matter is not None
    assert doc.front_matter.data == {}
    assert doc.front_matter.error is None


def test_front_matter_with_bom_and_crlf() -> None:
    doc = parse("\ufeff---\r\ntitle: X\r\n---\r\n# H\r\n")
    assert doc.front_matter is not None
    assert doc.front_matter.data == {"title": "X"}
    assert headings(doc) == [(1, "H", 3)]


FRONT_MATTER_BODIES = [
    "title: Auth outage\ndate: 2026-03-15\nseverity: SEV-2",
    "authors:\n  - Ana Lima\n  - name: Bo Chen\n    role: IC\nstarted: 2026-03-15T14:05:00Z",
    "tags: [db, 'on-call', \"p1\"]\nduration: 1:30\nresolved: yes\nratio: 0.5e3\nempty:",
    "summary: |\n  Two lines,\n  kept.\nfolded: >\n  one\n  line\nquote: \"caf\\u00e9 \\t\"",
    "base: &b {owner: Ana, due: 2026-04-01}\nitem: {<<: *b, due: 2026-05-01}\nunicode: Zoë ☕",
]


@pytest.mark.parametrize("body", FRONT_MATTER_BODIES)
def test_front_matter_loads_with_libyaml_as_with_the_python_loader(body, monkeypatch) -> None:
    import yaml

    from pmlint.reading import frontmatter

    if frontmatter._FAST_LOADER is None:
        pytest.skip("PyYAML without libyaml")
    loaders = []
    real_load = yaml.load
    monkeypatch.setattr(yaml, "load", lambda text, Loader: loaders.append(Loader) or real_load(text, Loader=Loader))
    doc = parse(f"---\n{body}\n---\n# H\n")
    assert loaders == [yaml.CSafeLoader]  # the fast path was taken
    assert doc.front_matter is not None and doc.front_matter.error is None
    assert doc.front_matter.data == yaml.safe_load(body)


def test_malformed_yaml_reports_the_line() -> None:
    # Lines: 0 "---", 1 "title: ok", 2 "key: : value", 3 "---"
    doc = parse("---\ntitle: ok\nkey: : value\n---\n# H\n")
    front = doc.front_matter
    assert front is not None
    assert front.data == {}
    assert front.error is not None and front.error.startswith("invalid YAML")
    assert front.error_line == 2


def test_malformed_yaml_indentation() -> None:
    doc = parse("---\na: 1\nb: 2\n  c: 3\n---\n")
    assert doc.front_matter is not None
    assert doc.front_matter.error is not None
    assert doc.front_matter.error_line == 3


def test_malformed_toml_reports_the_line() -> None:
    # Lines: 0 "+++", 1 'title = "X"', 2 "", 3 "count = = 2", 4 "+++"
    doc = parse('+++\ntitle = "X"\n\ncount = = 2\n+++\n')
    front = doc.front_matter
    assert front is not None
    assert front.data == {}
    assert front.error is not None and front.error.startswith("invalid TOML")
    assert front.error_line == 3


def test_toml_error_at_end_of_document_points_at_the_last_body_line() -> None:
    doc = parse('+++\na = 1\na = 2\n+++\n')
    assert doc.front_matter is not None
    assert doc.front_matter.error is not None
    assert doc.front_matter.error_line == 2


@pytest.mark.parametrize("body", ["- a\n- b", "just text", "42"])
def test_front_matter_must_be_a_mapping(body: str) -> None:
    doc = parse(f"---\n{body}\n---\n")
    front = doc.front_matter
    assert front is not None
    assert front.data == {}
    assert front.error is not None and "mapping" in front.error
    assert front.error_line == 1


def test_unclosed_fence_is_not_front_matter() -> None:
    doc = parse("---\ntitle: X\n\n# Heading\n")
    assert doc.front_matter is None
    assert headings(doc) == [(1, "Heading", 3)]
    assert [block.segment.text for block in doc.blocks if block.kind == "paragraph"] == ["title: X"]


def test_front_matter_must_start_the_file() -> None:
    doc = parse("\n---\ntitle: X\n---\n")
    assert doc.front_matter is None


def test_front_matter_lines_never_become_headings_or_prose() -> None:
    # Without blanking, "summary" + "---" would be a setext heading and "title: X" a label.
    doc = parse("---\ntitle: Outage\nsummary\n---\n# Real\n")
    assert doc.front_matter is not None and doc.front_matter.error is not None
    assert headings(doc) == [(1, "Real", 4)]
    assert [block.kind for block in doc.blocks] == ["heading"]
    assert doc.labels == []


def test_toml_comments_are_not_headings() -> None:
    doc = parse('+++\n# not a heading\ntitle = "x"\n+++\nBody\n')
    assert doc.front_matter is not None and doc.front_matter.data == {"title": "x"}
    assert doc.headings == []


# -- headings -----------------------------------------------------------------------------------


def test_atx_levels_and_closing_hashes() -> None:
    doc = parse("# One\n## Two ##\n### Three ###   \n#### Four\n##### Five\n###### Six\n"
                "####### Seven\n#NoSpace\n")
    assert headings(doc) == [(1, "One", 0), (2, "Two", 1), (3, "Three", 2), (4, "Four", 3), (5, "Five", 4),
                             (6, "Six", 5)]
    assert doc.headings[1].span == Span(2, 4, 2, 7)
    assert doc.headings[2].span == Span(3, 5, 3, 10)
    assert not any(heading.setext for heading in doc.headings)


def test_hash_inside_heading_text_is_kept() -> None:
    doc = parse("# Issue #42 fixed #\n")
    assert doc.headings[0].text == "Issue #42 fixed"
    assert doc.headings[0].span == Span(1, 3, 1, 18)


def test_setext_headings() -> None:
    doc = parse("Title\n=====\n\nSub title\n---\n\nTwo\nlines\n===\n")
    assert headings(doc) == [(1, "Title", 0), (2, "Sub title", 3), (1, "Two lines", 6)]
    assert all(heading.setext for heading in doc.headings)
    assert doc.headings[1].span == Span(4, 1, 4, 10)
    assert doc.headings[2].span == Span(7, 1, 8, 6)


def test_headings_in_code_and_comments_are_ignored() -> None:
    text = ("```text\n# in fence\n```\n\n    # indented code\n\n<!--\n# in comment\n-->\n\n"
            "~~~\n## tilde fence\n~~~\n\n# Real\n")
    doc = parse(text)
    assert headings(doc) == [(1, "Real", 14)]
    assert {0, 1, 2, 4, 10, 11, 12} <= doc.code_lines
    assert 14 not in doc.code_lines


def test_headings_in_containers() -> None:
    doc = parse("> ## Quoted title\n\n- # Listed title\n")
    assert headings(doc) == [(2, "Quoted title", 0), (1, "Listed title", 2)]
    assert doc.headings[0].span == Span(1, 6, 1, 18)
    assert doc.headings[1].span == Span(3, 5, 3, 17)


def test_heading_text_drops_markup() -> None:
    doc = parse("## **Root cause**\n## [Timeline](#timeline)\n## What didn’t go well\n")
    assert [heading.text for heading in doc.headings] == ["Root cause", "Timeline", "What didn’t go well"]
    assert doc.find_sections("root-cause-analysis")[0].title == "Root cause"
    assert doc.find_sections("timeline")[0].title == "Timeline"
    assert doc.find_sections("what-went-wrong")[0].title == "What didn’t go well"


# -- sections -----------------------------------------------------------------------------------


def test_section_tree() -> None:
    doc = parse("intro\n# Post-mortem\n## Summary\ntext\n### Detail\n## Timeline\n# Appendix\n#### Deep\n")
    shape = [(s.index, s.level, s.title, s.first_line, s.end_line, s.parent, s.children) for s in doc.sections]
    assert shape == [
        (0, 0, "", 0, 9, None, [1, 5]),
        (1, 1, "Post-mortem", 1, 6, 0, [2, 4]),
        (2, 2, "Summary", 2, 5, 1, [3]),
        (3, 3, "Detail", 4, 5, 2, []),
        (4, 2, "Timeline", 5, 6, 1, []),
        (5, 1, "Appendix", 6, 9, 0, [6]),
        (6, 4, "Deep", 7, 9, 5, []),
    ]
    assert doc.root is doc.sections[0]
    assert doc.root.heading is None
    assert doc.root.body_first_line == 0
    assert doc.sections[2].body_first_line == 3
    summary = doc.sections[2]
    assert [block.segment.text for block in doc.blocks_in(summary)] == ["text", "Detail"]
    assert [block.segment.text for block in doc.blocks_in(summary, include_heading=True)] == [
        "Summary", "text", "Detail"]


def test_document_without_headings_has_only_the_root() -> None:
    doc = parse("just text\n")
    assert len(doc.sections) == 1
    assert doc.root.end_line == 2
    assert doc.root.children == []


def test_setext_heading_sections_use_the_text_line() -> None:
    doc = parse("Timeline\n--------\n14:05 deploy\n")
    section = doc.find_sections("timeline")[0]
    assert (section.level, section.first_line, section.body_first_line) == (2, 0, 1)


def test_find_sections_through_aliases_at_any_level() -> None:
    doc = parse("# Report\n### 2. Timeline (all times PST)\nx\n#### Lessons learnt\ny\n")
    assert [section.title for section in doc.find_sections("timeline")] == ["2. Timeline (all times PST)"]
    assert [section.title for section in doc.find_sections("lessons-learned")] == ["Lessons learnt"]
    assert doc.find_sections("action-items") == []


@pytest.mark.parametrize(("heading", "normalized"), [
    ("2. Timeline", "timeline"),
    ("IV. Root cause", "root cause"),
    ("1.2 Impact", "impact"),
    ("1.2. Impact", "impact"),
    ("a) Impact", "impact"),
    ("Step 3: Mitigation", "mitigation"),
    ("Timeline (all times PST)", "timeline"),
    ("Timeline [UTC]", "timeline"),
    ("**Root Cause**", "root cause"),
    ("Recovery & Lessons Learned", "recovery and lessons learned"),
    ("What didn’t go well", "what didn't go well"),
    ("What didn't go well", "what didn't go well"),
    ("‘Quoted’ heading", "quoted heading"),
    ("What Went Wrong?", "what went wrong"),
    ("Lessons learned:", "lessons learned"),
    ("Action_items!", "action items"),
    ("   ", ""),
])
def test_normalize_heading(heading: str, normalized: str) -> None:
    assert normalize_heading(heading) == normalized


@pytest.mark.parametrize(("heading", "keys"), [
    ("2. Timeline", {"timeline"}),
    ("Timeline (all times PST)", {"timeline"}),
    ("IV. Root cause", {"root-cause", "root-cause-analysis"}),
    ("1.2 Impact", {"impact"}),
    ("What didn’t go well", {"what-went-wrong"}),
    ("What went well & what went wrong", {"what-went-well", "what-went-wrong"}),
    ("Recovery and Lessons Learned", {"lessons-learned"}),
    ("Appendix", set()),
])
def test_keys_for_default_catalog(heading: str, keys: set[str]) -> None:
    assert CATALOG.keys_for(heading) == keys


def test_one_heading_matches_two_sections() -> None:
    catalog = Catalog(
        sections=(SectionSpec("recovery", "Recovery", ("recovery",)),
                  SectionSpec("lessons-learned", "Lessons Learned", ("lessons learned", "lessons learnt"))),
        summary_section=None, fields=())
    doc = parse("# Incident\n## Recovery and Lessons Learned\ntext\n", catalog)
    assert catalog.keys_for("Recovery and Lessons Learned") == {"recovery", "lessons-learned"}
    assert doc.find_sections("recovery") == doc.find_sections("lessons-learned") == [doc.sections[2]]


def test_alias_matches_whole_words_only() -> None:
    # "actions" must not match inside "transactions".
    assert "action-items" not in CATALOG.keys_for("Failed transactions")


# -- tables -------------------------------------------------------------------------------------


def test_table_header_rows_and_columns() -> None:
    text = ("| Time (UTC) | Event |\n"
            "|------------|-------|\n"
            "| 14:05 | Deploy started |\n"
            "| 14:20 | Rollback `v1.2` \\| done |\n")
    doc = parse(text)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert (table.first_line, table.end_line) == (0, 4)
    assert [cell.text for cell in table.header] == ["Time (UTC)", "Event"]
    assert [[cell.text for cell in row] for row in table.rows] == [["14:05", "Deploy started"],
                                                                   ["14:20", "Rollback | done"]]
    assert [(cell.line, cell.column) for cell in table.rows[1]] == [(3, 0), (3, 1)]
    code, start, end = table.rows[1][1].segment.code_spans[0]
    assert code == "v1.2"
    assert doc.source.text[start:end] == "`v1.2`"
    assert [block.kind for block in doc.blocks] == ["cell"] * 6
    assert all(block.table == 0 for block in doc.blocks)


def test_table_without_outer_pipes_and_short_rows() -> None:
    doc = parse("Owner | Task | Due\n--|--|--\nalice | fix DNS\nbob | add alert | 2026-04-01 | extra\n")
    table = doc.tables[0]
    assert [cell.text for cell in table.header] == ["Owner", "Task", "Due"]
    assert [[cell.text for cell in row] for row in table.rows] == [["alice", "fix DNS", ""],
                                                                   ["bob", "add alert", "2026-04-01"]]


def test_table_inside_block_quote_and_list() -> None:
    doc = parse("> | Key | Value |\n> |---|---|\n> | Owner | alice |\n\n- Items:\n\n  | Task | Owner |\n"
                "  |---|---|\n  | Fix DNS | bob |\n")
    first, second = doc.tables
    assert [[cell.text for cell in row] for row in [first.header, *first.rows]] == [["Key", "Value"],
                                                                                    ["Owner", "alice"]]
    assert [[cell.text for cell in row] for row in [second.header, *second.rows]] == [["Task", "Owner"],
                                                                                      ["Fix DNS", "bob"]]
    assert all(block.in_blockquote for block in doc.blocks if block.table == 0)


# -- list items ---------------------------------------------------------------------------------


def test_list_items_depth_parents_tasks() -> None:
    text = ("- Detect faster\n"
            "  - Add alert\n"
            "    - Page on-call\n"
            "- [ ] Owner task\n"
            "- [x] Done task\n"
            "- [X] Also done\n"
            "\n"
            "1. First\n"
            "2. Second\n")
    doc = parse(text)
    shape = [(item.index, item.depth, item.ordered, item.first_line, item.end_line, item.parent, item.children,
              item.task) for item in doc.list_items]
    assert shape == [
        (0, 0, False, 0, 3, None, [1], None),
        (1, 1, False, 1, 3, 0, [2], None),
        (2, 2, False, 2, 3, 1, [], None),
        (3, 0, False, 3, 4, None, [], False),
        (4, 0, False, 4, 5, None, [], True),
        # The blank line that ends a list belongs to its last item (markdown-it's map).
        (5, 0, False, 5, 7, None, [], True),
        (6, 0, True, 7, 8, None, [], None),
        (7, 0, True, 8, 9, None, [], None),
    ]
    segments = [item.segment.text if item.segment else None for item in doc.list_items]
    assert segments == ["Detect faster", "Add alert", "Page on-call", "[ ] Owner task", "[x] Done task",
                        "[X] Also done", "First", "Second"]
    paragraph_items = [block.list_item for block in doc.blocks]
    assert paragraph_items == [0, 1, 2, 3, 4, 5, 6, 7]


def test_list_item_segment_is_its_first_paragraph() -> None:
    doc = parse("- First para\n\n  Second para\n")
    item = doc.list_items[0]
    assert item.segment is not None and item.segment.text == "First para"
    assert [block.list_item for block in doc.blocks] == [0, 0]


def test_ordered_list_nested_in_bullets() -> None:
    doc = parse("- parent\n  1. child one\n  2. child two\n")
    assert [(item.depth, item.ordered, item.parent) for item in doc.list_items] == [
        (0, False, None), (1, True, 0), (1, True, 0)]
    assert doc.list_items[0].children == [1, 2]


# -- labels -------------------------------------------------------------------------------------


LABELS = ("**Impact:** 300 users could not log in\n"     # 0
          "**Duration**: 2 hours\n"                      # 1
          "\n"
          "- Duration: 2h\n"                             # 3
          "- Owner: @alice\n"                            # 4
          "\n"
          "**Root cause**\n"                             # 6
          "\n"
          "At 14:05 we rolled back the deploy.\n"        # 8
          "\n"
          "| Field | Value |\n"                          # 10
          "|---|---|\n"
          "| **Status** | Resolved |\n")                 # 12


def test_labels() -> None:
    doc = parse(LABELS)
    found = [(label.name, label.name_span, label.value, label.value_span, label.line, label.deliberate)
             for label in doc.labels]
    assert found == [
        ("Impact", Span(1, 3, 1, 9), "300 users could not log in", Span(1, 13, 1, 39), 0, True),
        ("Duration", Span(2, 3, 2, 11), "2 hours", Span(2, 15, 2, 22), 1, True),
        ("Duration", Span(4, 3, 4, 11), "2h", Span(4, 13, 4, 15), 3, False),
        ("Owner", Span(5, 3, 5, 8), "@alice", Span(5, 10, 5, 16), 4, False),
        ("Root cause", Span(7, 3, 7, 13), "", None, 6, True),
        ("Field", Span(11, 3, 11, 8), "Value", Span(11, 11, 11, 16), 10, True),
        ("Status", Span(13, 5, 13, 11), "Resolved", Span(13, 16, 13, 24), 12, True),
    ]
    for label in doc.labels:
        assert doc.source.span_text(label.name_span) == label.name


def test_label_blocks_point_at_their_paragraph_or_first_cell() -> None:
    doc = parse(LABELS)
    status = [label for label in doc.labels if label.name == "Status"][0]
    block = doc.blocks[status.block]
    assert block.kind == "cell" and block.segment.text == "Status"
    impact = doc.find_labels("impact")[0]
    assert doc.blocks[impact.block].kind == "paragraph"


def test_find_labels_by_key_and_section() -> None:
    doc = parse("# Summary\n- Impact: many users\n# Other\n- Impact: none\n")
    assert [label.value for label in doc.find_labels("impact")] == ["many users", "none"]
    assert [label.value for label in doc.find_labels("impact", within=doc.sections[1])] == ["many users"]


def test_times_and_urls_are_not_labels() -> None:
    doc = parse("At 14:05 we rolled back.\n\nSee https://example.com/x for details.\n")
    assert doc.labels == []


def test_task_marker_is_not_part_of_the_label() -> None:
    doc = parse("- [ ] Owner: bob\n")
    label = doc.labels[0]
    assert (label.name, label.value) == ("Owner", "bob")
    assert label.name_span == Span(1, 7, 1, 12)


def test_label_body_for_a_bold_label_without_value() -> None:
    doc = parse("**Impact**\n\n- users could not log in\n- payments failed\n\n**Status**\n\nresolved\n")
    impact = doc.find_labels("impact")[0]
    assert [block.segment.text for block in doc.label_body(impact)] == ["users could not log in",
                                                                        "payments failed"]


# -- comments, code, title ----------------------------------------------------------------------


def test_html_comments_outside_code() -> None:
    text = ("Intro <!-- inline one --> text\n"       # 0, offset 0
            "\n"                                      # 1, offset 31
            "<!-- pmlint-disable PM401 -->\n"         # 2, offset 32
            "\n"
            "<!--\nmulti\n-->\n"                      # 4-6
            "\n"
            "`<!-- in code -->`\n"                    # 8
            "\n"
            "```\n<!-- in fence -->\n```\n")           # 10-12
    doc = parse(text)
    assert [comment.body for comment in doc.comments] == [" inline one ", " pmlint-disable PM401 ", "\nmulti\n"]
    assert (doc.comments[0].start, doc.comments[0].end) == (6, 25)
    assert (doc.comments[1].start, doc.comments[1].end) == (32, 61)
    for comment in doc.comments:
        assert doc.source.text[comment.start:comment.end] == f"<!--{comment.body}-->"
    assert {10, 11, 12} <= doc.code_lines


def test_identical_inline_comments_are_both_kept() -> None:
    doc = parse("a <!-- x --> b <!-- x --> c\n")
    assert [(comment.start, comment.end) for comment in doc.comments] == [(2, 12), (15, 25)]


def test_title_span() -> None:
    assert parse("# Auth outage\n").title_span == Span(1, 3, 1, 14)
    assert parse("---\ntitle: X\n---\n\n  First line \n").title_span == Span(5, 3, 5, 13)
    assert parse("## Not a title\n").title_span == Span(1, 1, 1, 15)
    assert parse("").title_span == Span(1, 1, 1, 1)
