"""Action item extraction: which parts of an action item section are items, and what each one says.

Every document below is written for the test and every expectation (lines, 1-based columns with an
exclusive end, owners, due dates, statuses, categories) was worked out by hand from the text.
"""
from __future__ import annotations

import pytest

from pmlint.config.loading import load_config
from pmlint.reading.action_items import ActionItem, ActionSection, action_sections
from pmlint.reading.document import Document
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog


def read(text: str) -> list[ActionSection]:
    return action_sections(Document.parse(Source.from_text("x.md", text), CATALOG))


def items(text: str) -> list[ActionItem]:
    """The items of a document that has exactly one action item section."""
    found = read(text)
    assert len(found) == 1, [section.section.title for section in found]
    return found[0].items


def where(item: ActionItem) -> tuple[int, int, int, int]:
    return (item.span.line, item.span.column, item.span.end_line, item.span.end_column)


def fields(item: ActionItem) -> tuple[tuple[str, ...], str | None]:
    return (item.owners, item.due)


# -- tables -------------------------------------------------------------------------------------

TABLE = (
    "# Queue backlog\n"
    "\n"
    "## Action Items\n"
    "\n"
    "{header}\n"
    "|---|---|---|---|---|\n"
    "| AI-1 | Add a queue-depth alert at 80% | Ana Silva | 2026-04-01 | Open |\n"
    "| AI-2 | Write the failover runbook |  | 2026-04-15 | Done |\n"
)


@pytest.mark.parametrize("header", [
    "| ID | Action | Owner | Due | Status |",
    "| Ticket | Description | Assignee | Due date | Status |",
    "| ID | Item | DRI | Deadline | Status |",
    "| Ticket | Action | Owner | Target | Status |",
])
def test_table_columns_are_found_by_their_header_synonyms(header: str) -> None:
    first, second = items(TABLE.format(header=header))
    # "| AI-1 | " is 9 characters: the text cell starts in column 10.
    assert where(first) == (7, 10, 7, 40)
    assert first.text == "Add a queue-depth alert at 80%"
    assert (first.id, first.owners, first.due, first.status, first.done) == (
        "AI-1", ("Ana Silva",), "2026-04-01", "Open", False)
    assert where(second) == (8, 10, 8, 36)
    # The owner cell is empty: no owner, and the empty cell is not read from the text either.
    assert (second.id, second.owners, second.due, second.status, second.done) == (
        "AI-2", (), "2026-04-15", "Done", True)


def test_a_local_item_id_is_not_a_link_but_a_tracker_key_is() -> None:
    # The guide asks for a unique ID per item ("AI-1"): that numbers the item, it links nowhere.
    # A tracker key in a Ticket column ("OPS-212") is where the item is tracked.
    first, second = items(
        "## Action Items\n"
        "\n"
        "| ID | Ticket | Action | Owner | Due |\n"
        "|----|--------|--------|-------|-----|\n"
        "| AI-1 | | Add a pool alert at 90% | Ana | 2026-04-01 |\n"
        "| AI-2 | OPS-212 | Add a pool limit check | Ben | 2026-04-02 |\n")
    assert first.links == ()
    assert second.links == ("OPS-212",)


def test_table_columns_in_any_order_with_a_category_column_and_prose_around_it() -> None:
    section, = read(
        "## Corrective Actions\n"
        "\n"
        "We agreed on these in the review.\n"
        "\n"
        "| Priority | Owner | Task | When |\n"
        "|----------|-------|------|------|\n"
        "| P1 | Mei | Pin the base image digest | 2026-05-04 |\n"
        "\n"
        "Progress is reviewed every Monday.\n")
    assert section.section.title == "Corrective Actions"
    item, = section.items
    # "| P1 | Mei | " is 13 characters.
    assert where(item) == (7, 14, 7, 39)
    assert (item.text, item.owners, item.due, item.category) == (
        "Pin the base image digest", ("Mei",), "2026-05-04", "P1")


def test_table_without_owner_or_due_columns_reads_them_from_the_text() -> None:
    item, = items(
        "## Action Items\n"
        "\n"
        "| # | Action |\n"
        "|---|--------|\n"
        "| 1 | Add a pool alert at 90% (owner: Ana, due: 2026-04-01) |\n")
    assert where(item) == (5, 7, 5, 60)
    assert fields(item) == (("Ana",), "2026-04-01")
    assert item.description == "Add a pool alert at 90%"


# -- lists --------------------------------------------------------------------------------------


def test_bullet_list_items() -> None:
    first, second = items(
        "## Action Items\n"
        "\n"
        "- Add a disk alert at 85% (owner: Ana, due: 2026-04-01)\n"
        "- Write the restore runbook (owner: Ben, due: 2026-04-08)\n")
    assert [where(item) for item in (first, second)] == [(3, 3, 3, 56), (4, 3, 4, 58)]
    assert first.text == "Add a disk alert at 85% (owner: Ana, due: 2026-04-01)"
    assert [fields(item) for item in (first, second)] == [(("Ana",), "2026-04-01"), (("Ben",), "2026-04-08")]
    assert [item.description for item in (first, second)] == ["Add a disk alert at 85%", "Write the restore runbook"]
    assert (first.status, first.done, first.category, first.links) == (None, False, None, ())


def test_numbered_list_items() -> None:
    first, second = items(
        "## Action Items\n"
        "\n"
        "1. Roll back the pool size change (owner: Cy, due: 2026-03-16)\n"
        "2. Add a pool alert at 90% (owner: Di, due: 2026-04-01)\n")
    assert [where(item) for item in (first, second)] == [(3, 4, 3, 63), (4, 4, 4, 56)]
    assert [fields(item) for item in (first, second)] == [(("Cy",), "2026-03-16"), (("Di",), "2026-04-01")]


def test_task_list_items_are_open_or_done() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "- [ ] Add a disk alert at 85% — @ana\n"
        "- [x] Roll back the config change — @ben\n"
        "- [X] Pin the base image digest — @cy\n")
    # The span starts after the box: "- [ ] " is 6 characters.
    assert [where(item) for item in found] == [(3, 7, 3, 37), (4, 7, 4, 41), (5, 7, 5, 38)]
    assert [item.text for item in found] == [
        "Add a disk alert at 85% — @ana", "Roll back the config change — @ben", "Pin the base image digest — @cy"]
    assert [(item.status, item.done) for item in found] == [("open", False), ("done", True), ("done", True)]
    assert [item.owners for item in found] == [("@ana",), ("@ben",), ("@cy",)]


def test_empty_task_boxes_of_an_unfilled_template_are_not_items() -> None:
    assert items("## Action Items\n\n- [ ] \n- [ ]\n") == []


# -- sub-headings and labels ---------------------------------------------------------------------


def test_items_under_sub_headings_take_the_sub_heading_as_category() -> None:
    found = items(
        "## Action Items\n"                                                         # 1
        "\n"
        "### Immediate\n"                                                           # 3
        "\n"
        "- Roll back the pool size change (owner: Ana, due: 2026-03-16)\n"          # 5
        "\n"
        "### Short-term\n"                                                          # 7
        "\n"
        "- Add a pool saturation alert at 90% (owner: Ben, due: 2026-04-01)\n"      # 9
        "\n"
        "### Long-term\n"                                                           # 11
        "\n"
        "1. Move the pool settings into the reviewed config repo (owner: Cy, due: Q3 2026)\n"  # 13
        "\n"
        "### Process\n"                                                             # 15
        "\n"
        "| Action | Owner | Due |\n"                                               # 17
        "|--------|-------|-----|\n"
        "| Add a review step to the change checklist | Di | 2026-04-15 |\n"        # 19
        "\n"
        "## Lessons Learned\n"
        "\n"
        "- Temporary settings need an expiry date.\n")
    assert [(where(item), item.category) for item in found] == [
        ((5, 3, 5, 63), "Immediate"),
        ((9, 3, 9, 67), "Short-term"),
        ((13, 4, 13, 82), "Long-term"),
        ((19, 3, 19, 44), "Process"),
    ]
    assert [fields(item) for item in found] == [
        (("Ana",), "2026-03-16"), (("Ben",), "2026-04-01"), (("Cy",), "Q3 2026"), (("Di",), "2026-04-15")]


def test_a_sub_heading_that_is_itself_an_action_alias_stays_in_the_outer_section() -> None:
    sections = read(
        "## Action Items\n"
        "\n"
        "- Add a pool alert at 90% (owner: Ana, due: 2026-04-01)\n"
        "\n"
        "### Improvements\n"
        "\n"
        "- Add a pool limit check (owner: Ben, due: 2026-04-02)\n")
    assert [section.section.title for section in sections] == ["Action Items"]
    assert [(item.line, item.category) for item in sections[0].items] == [(3, None), (7, "Improvements")]


def test_items_under_a_completed_sub_heading_are_done() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "### Completed\n"
        "\n"
        "- Roll back the pool size change (owner: Ana)\n"
        "\n"
        "### Open\n"
        "\n"
        "- Add a pool alert at 90% (owner: Ben, due: 2026-04-01)\n")
    assert [(item.line, item.status, item.done) for item in found] == [(5, "done", True), (9, None, False)]


def test_nested_items_under_a_label_item_take_the_label_as_category() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "- Short term:\n"
        "  - Add a lag alert at 30 seconds (owner: Ana, due: 2026-04-01)\n"
        "  - Write the replica promotion runbook (owner: Ben, due: 2026-04-10)\n"
        "- **Long term**\n"
        "  - Move replicas to the managed service (owner: Cy, due: Q4 2026)\n")
    # The labels themselves are not items; the nested items start after "  - " (column 5).
    assert [(where(item), item.category) for item in found] == [
        ((4, 5, 4, 64), "Short term"),
        ((5, 5, 5, 70), "Short term"),
        ((7, 5, 7, 67), "Long term"),
    ]
    assert [fields(item) for item in found] == [
        (("Ana",), "2026-04-01"), (("Ben",), "2026-04-10"), (("Cy",), "Q4 2026")]


def test_nested_sub_bullets_belong_to_their_parent_and_give_its_owner_and_due_date() -> None:
    first, second = items(
        "## Action Items\n"
        "\n"
        "- Add a replica lag alert at 30 seconds\n"
        "  - Owner: @ana\n"
        "  - Due: 2026-04-01\n"
        "  - Page the database on-call rotation\n"
        "- Write the promotion runbook\n"
        "  - Notes are in the review document\n")
    assert [where(item) for item in (first, second)] == [(3, 3, 3, 40), (7, 3, 7, 30)]
    assert first.text == "Add a replica lag alert at 30 seconds"
    assert fields(first) == (("@ana",), "2026-04-01")
    assert fields(second) == ((), None)


# -- inline fields ------------------------------------------------------------------------------

INLINE = (
    "## Action Items\n"                                                   # 1
    "\n"
    "- Add a disk alert at 85%. Owner: @ana. Due: 2026-04-01\n"            # 3
    "- Add a lag alert at 30 seconds (owner: Sarah, due: 2026-04-01)\n"    # 4
    "- Write the restore runbook — @ben\n"                                 # 5
    "- Move replicas to the managed service. Due: Q3 2026\n"               # 6
    "- Add a canary stage by April 1, 2026\n"                              # 7
    "- Sarah will add a load test at twice the peak rate\n"                # 8
    "- Write the failover runbook — Ben Okafor\n"                          # 9
    "- Add a retry budget of 3, Owner: Mei Due: 2026-05-04\n"              # 10
    "- Add a pool limit check (Owner: Alice, Bob)\n"                       # 11
)


def test_inline_owner_and_due_fields() -> None:
    found = items(INLINE)
    assert [(item.line, item.owners, item.due) for item in found] == [
        (3, ("@ana",), "2026-04-01"),
        (4, ("Sarah",), "2026-04-01"),
        (5, ("@ben",), None),
        (6, (), "Q3 2026"),
        (7, (), "April 1, 2026"),
        (8, ("Sarah",), None),
        (9, ("Ben Okafor",), None),
        (10, ("Mei",), "2026-05-04"),
        (11, ("Alice", "Bob"), None),
    ]
    assert [where(item) for item in found] == [
        (3, 3, 3, 56), (4, 3, 4, 64), (5, 3, 5, 35), (6, 3, 6, 53), (7, 3, 7, 38), (8, 3, 8, 52),
        (9, 3, 9, 42), (10, 3, 10, 54), (11, 3, 11, 45)]


def test_description_leaves_out_the_inline_fields() -> None:
    found = items(INLINE)
    assert [item.description for item in (found[1], found[3], found[4])] == [
        "Add a lag alert at 30 seconds", "Move replicas to the managed service.", "Add a canary stage"]


def test_by_an_amount_is_not_a_due_date() -> None:
    item, = items("## Action Items\n\n- Reduce p99 latency by 50% (owner: Ana)\n")
    assert fields(item) == (("Ana",), None)


def test_several_handles_are_several_owners() -> None:
    first, second = items("## Action Items\n\n- Add a pool alert — @ana @ben\n- Add a pool check. Owner: @ana @ben\n")
    assert first.owners == ("@ana", "@ben")
    assert second.owners == ("@ana", "@ben")


# -- links --------------------------------------------------------------------------------------


def test_issue_and_pull_request_links() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "- Add a pool alert at 90% (#4512)\n"
        "- Raise the pool limit ([PR 77](https://github.com/acme/api/pull/77))\n"
        "- Add a pool limit check, tracked in OPS-1234\n"
        "- Raise `max_connections` to 200\n"
        "- Enforce utf-8 in the log shipper\n"
        "- Add a pool dashboard ![sketch](pool.png)\n"
        "- Add a pool check ([fix](https://github.com/acme/api/commit/4f2c9e1))\n"
        "- Add a pool check, see <https://docs.example.com/pools>\n")
    # Code, "utf-8", an image and a link to documentation link no tracker; a commit is the change itself.
    assert [bool(item.links) for item in found] == [True, True, True, False, False, False, True, False]
    assert found[0].links == ("#4512",)
    assert found[2].links == ("OPS-1234",)


# -- plain lines and prose ----------------------------------------------------------------------


def test_plain_lines_in_a_section_without_lists_are_one_item_each() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "Add a lag alert at 30 seconds (owner: Ana, due: 2026-04-01)\n"
        "Write the replica promotion runbook (owner: Ben, due: 2026-04-10)\n")
    assert [where(item) for item in found] == [(3, 1, 3, 60), (4, 1, 4, 66)]
    assert [fields(item) for item in found] == [(("Ana",), "2026-04-01"), (("Ben",), "2026-04-10")]


def test_soft_wrapped_prose_is_one_item_per_paragraph() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "Mei will add a replica lag alert that pages the database on-call\n"
        "when lag exceeds 30 seconds, by April 1, 2026.\n"
        "\n"
        "Ben will write the replica promotion runbook by April 10, 2026.\n")
    assert [where(item) for item in found] == [(3, 1, 4, 47), (6, 1, 6, 64)]
    assert found[0].text == ("Mei will add a replica lag alert that pages the database on-call "
                             "when lag exceeds 30 seconds, by April 1, 2026.")
    assert [fields(item) for item in found] == [(("Mei",), "April 1, 2026"), (("Ben",), "April 10, 2026")]


def test_prose_in_a_section_with_a_list_is_not_an_item() -> None:
    item, = items(
        "## Action Items\n"
        "\n"
        "We agreed on these follow-ups in the review meeting.\n"
        "\n"
        "- Add a lag alert at 30 seconds (owner: Ana, due: 2026-04-01)\n"
        "\n"
        "The list is reviewed every Monday.\n")
    assert where(item) == (5, 3, 5, 62)


def test_two_action_sections_are_read_separately() -> None:
    sections = read(
        "## Action Items\n"
        "\n"
        "- Add a pool alert at 90% (owner: Ana, due: 2026-04-01)\n"
        "\n"
        "## Lessons Learned\n"
        "\n"
        "- Settings need an expiry date.\n"
        "\n"
        "## Next Steps\n"
        "\n"
        "- Add a pool limit check (owner: Ben, due: 2026-04-02)\n")
    assert [(section.section.title, [item.line for item in section.items]) for section in sections] == [
        ("Action Items", [3]), ("Next Steps", [11])]


# -- identifiers are not links (issue 14) ---------------------------------------------------------


def test_an_id_column_and_a_leading_key_name_the_item_and_link_nowhere() -> None:
    first, second, third = items(
        "## Action Items\n"
        "\n"
        "| ID | Action | Owner | Due |\n"
        "|----|--------|-------|-----|\n"
        "| INC-42 | Add a pool alert at 90% | | 2026-04-01 |\n"
        "| AI-3 | Add a pool limit check | Ben | 2026-04-02 |\n"
        "| OPS-7 | Write the pool runbook, tracked in OPS-1234 | Cy | 2026-04-03 |\n")
    assert [(item.id, item.links) for item in (first, second, third)] == [
        ("INC-42", ()), ("AI-3", ()), ("OPS-7", ("OPS-1234",))]
    # The empty Owner cell is no owner, and the layout has an owner and a due field for every row.
    assert (first.owners, first.owner_field, first.due_field) == ((), True, True)


def test_a_leading_key_in_a_list_item_is_its_id_not_a_link() -> None:
    first, second, third = items(
        "## Action Items\n"
        "\n"
        "- OPS-12: Add a pool alert at 90%\n"
        "- AI-3 Add a pool limit check\n"
        "- #4512: Add a pool dashboard\n")
    assert [(item.id, item.links) for item in (first, second, third)] == [
        ("OPS-12", ()), ("AI-3", ()), ("#4512", ("#4512",))]
    assert first.description == "Add a pool alert at 90%"


def test_reference_style_links_are_resolved_through_their_definitions() -> None:
    first, second, third = items(
        "## Action Items\n"
        "\n"
        "- Add a pool alert ([issue][alerting])\n"
        "- Add a pool check ([notes][notes])\n"
        "- Add a pool limit [link to github issue]\n"
        "\n"
        "[alerting]: https://github.com/acme/api/issues/611\n"
        "[notes]: https://docs.example.com/pools\n")
    assert first.links == ("https://github.com/acme/api/issues/611",)
    # A definition that points at documentation, and a shortcut with no definition, link no tracker.
    assert (second.links, third.links) == ((), ())


def test_a_link_in_a_group_heading_tracks_the_items_under_it() -> None:
    first, second = items(
        "## Action Items\n"
        "\n"
        "### Short-term ([follow along](https://github.com/acme/api/issues/39))\n"
        "\n"
        "- Add a pool alert at 90%\n"
        "\n"
        "### Long-term\n"
        "\n"
        "- Move the pool settings into the config repo\n")
    assert first.links == ("https://github.com/acme/api/issues/39",)
    assert second.links == ()


def test_a_status_cell_with_a_link_links_the_row() -> None:
    item, = items(
        "## Action Items\n"
        "\n"
        "| Action | Owner | Status |\n"
        "|--------|-------|--------|\n"
        "| Move the containers to a VM | ana | <https://github.com/acme/infra/issues/62> |\n")
    assert item.links == ("https://github.com/acme/infra/issues/62",)


# -- done items (issue 14) ----------------------------------------------------------------------


def test_done_marks_anywhere_in_the_item() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "- Add guards against an invalid runtime (done)\n"
        "- Add a pool alert _done_\n"
        "- DONE Add a pool limit check\n"
        "- Add a pool dashboard \u2713\n"
        "- Add a pool runbook \u2714\n"
        "- \u2705 Add a pool canary\n"
        "- Add a pool load test [fixed]\n"
        "- Add a pool config diff - Completed\n"
        "- Add a pool restore drill. Completed on 2026-03-20.\n"
        "- Add a pool review step\n"
        "- Make sure the pool backups are completed\n")
    assert [item.done for item in found] == [True] * 9 + [False, False]


def test_past_tense_reports_work_done_and_ongoing_work_is_open() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "- Added alerting for the pool saturation\n"
        "- We migrated the replicas to the new cluster\n"
        "- We've significantly tightened the release workflow\n"
        "- The leaked token has been revoked on all hosts\n"
        "- Sent the customer notice to all 305 teams\n"
        "- Christian is migrating the VM disks to SSD\n"
        "- We will migrate the VM disks to SSD\n"
        "- Implement priority classes: has been scheduled for next quarter\n"
        "- Document how to delete pods that have entered an unknown state\n")
    assert [item.done for item in found] == [True, True, True, True, True, False, False, False, False]
    assert found[5].owners == ("Christian",)


@pytest.mark.parametrize(("heading", "done"), [
    ("Completed actions", True),
    ("What we have done", True),
    ("Actions taken", True),
    ("What is being done about this?", False),
    ("Planned actions (planned or in-progress)", False),
])
def test_a_heading_of_work_done_marks_its_items_done(heading: str, done: bool) -> None:
    first, second = items(
        "## Action Items\n"
        "\n"
        f"### {heading}\n"
        "\n"
        "- Improved runbooks for the pool limits\n"
        "- Ana is migrating the pool settings to the config repo\n")
    # Work under way is not done, whatever the heading says.
    assert (first.done, second.done) == (done, False)


# -- what is an item (issue 14) -----------------------------------------------------------------


def test_a_letters_recap_and_sign_off_are_not_items() -> None:
    found = items(
        "## Conclusion and Next Steps\n"
        "\n"
        "There was a subtle bug in the pool code. No data was lost.\n"
        "\n"
        "At this point, everything is back to normal, except for the contracts that will be redeployed next week.\n"
        "\n"
        "We will add a pool saturation alert at 90% by April 1, 2026.\n"
        "\n"
        "Hope this clarifies the situation. We will keep you posted.\n"
        "\n"
        "Best, Guy\n"
        "\n"
        "Which limits should we raise?\n"
        "\n"
        "The test hosts are planned for replacement with a design that will not use the pool.\n")
    assert [item.line for item in found] == [7, 15]


def test_plain_lines_one_per_line_are_items_unless_they_are_prose() -> None:
    found = items(
        "## Future Improvements\n"
        "\n"
        "Add a pool saturation alert at 90%.\n"
        "Bug bounty for the wallet code.\n"
        "The ideal pattern would be one with quick failover.\n")
    assert [item.line for item in found] == [3, 4]


def test_a_suggestion_the_text_says_was_declined_is_not_an_item() -> None:
    found = items(
        "## What we are doing about it\n"
        "\n"
        "- Add a pool saturation alert at 90%\n"
        "- The researcher recommended signing all releases. The committee voted and it was rejected.\n"
        "- We decided not to move the pool to a managed service.\n")
    assert [item.line for item in found] == [3]


def test_template_placeholders_are_not_items() -> None:
    assert items(
        "## Action Items\n"
        "\n"
        "- [ ] Action\n"
        "1. {{ summary }} [link to github issue]\n") == []
    assert items(
        "## Action Items\n"
        "\n"
        "| Action Item | Owner |\n"
        "|---|---|\n"
        "| Item 1 | |\n") == []


def test_a_block_quoted_prompt_is_not_an_item() -> None:
    assert items("## Follow-ups\n\n> What could remove the risk of this failure? Add it here.\n") == []


# -- owners and dates as written (issue 14) -------------------------------------------------------


def test_handles_keep_their_dots_and_a_due_date_drops_its_full_stop() -> None:
    first, second, third = items(
        "## Action Items\n"
        "\n"
        "- Add a pool alert — @j.smith. Due: next sprint.\n"
        "- Add a pool limit check [Rick]\n"
        "- Add a pool dashboard [[PR](https://github.com/acme/api/pull/9)]\n")
    assert (first.owners, first.due) == (("@j.smith",), "next sprint")
    assert second.owners == ("Rick",)
    assert third.owners == ()


def test_a_period_in_a_group_heading_is_the_due_date_of_its_items() -> None:
    first, second = items(
        "## Remediation\n"
        "\n"
        "### Long-term improvements (Q4 2025 - Q1 2026)\n"
        "\n"
        "- Add a load test at twice the peak rate\n"
        "\n"
        "### Medium-term improvements (see the board)\n"
        "\n"
        "- Add a pool dashboard\n")
    assert (first.due, first.due_field) == ("Q4 2025 - Q1 2026", True)
    assert (second.due, second.due_field) == (None, False)


def test_several_names_before_will_are_several_owners() -> None:
    first, second = items("## Action Items\n\n- Tom and Ana will review the checklist\n- Mei Lin will add a pool alert\n")
    assert (first.owners, second.owners) == (("Tom", "Ana"), ("Mei Lin",))


def test_names_with_accents_inner_capitals_and_three_words_are_read_in_every_layout() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "- Tomás will add a SMART disk alert for cache nodes by 2026-07-24.\n"
        "- José and Zoë Park will add a runbook entry for draining nodes\n"
        "- Add a test for checksum errors — Ana Maria Costa, due 2026-07-24\n"
        "- Add an alert on pool usage above 85% (José, by 15 April 2026)\n"
        "- Add a quorum alert (owner: Ravi Shankar, Helga Sørensen, due: 2026-05-01)\n"
        "- Add a load test (owner: Ravi, Liam McDonald, due: 2026-05-01)\n"
        "- Add a canary stage, owned by Siobhán O'Brien\n"
        "- Add a lag alert [Mary-Jane Watson]\n"
        "- SRE will add a pool alert\n")
    assert [item.owners for item in found] == [
        ("Tomás",), ("José", "Zoë Park"), ("Ana Maria Costa",), ("José",), ("Ravi Shankar", "Helga Sørensen"),
        ("Ravi", "Liam McDonald"), ("Siobhán O'Brien",), ("Mary-Jane Watson",), ()]


def test_a_list_introduced_as_thanks_links_or_sign_offs_holds_no_items() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "- Add an alert for pool usage above 85% (owner: Sarah, due: 2026-04-01)\n"       # 3
        "\n"
        "Thanks to:\n"
        "\n"
        "- Ana, for spotting the pool graph\n"
        "- The DBA team, for the quick failover\n"
        "\n"
        "**Links:**\n"
        "\n"
        "- Dashboard: https://grafana.example.com/d/pool\n"
        "- Incident channel: #inc-123\n"
        "\n"
        "Thanks to everyone who joined the bridge:\n"
        "- Ben\n"
        "\n"
        "Reviewed by:\n"
        "- Priya Natarajan\n"
        "\n"
        "- Related incidents:\n"
        "  - INC-2025-044, the last pool exhaustion\n"
        "\n"
        "Also:\n"
        "\n"
        "- Add a runbook for pool exhaustion (owner: Ben, due: 2026-04-02)\n"             # 26
        "\n"
        "### Follow-ups\n"
        "\n"
        "- Add a pool limit check (owner: Mei, due: 2026-04-03)\n")                       # 30
    assert [item.line for item in found] == [3, 26, 30]


def test_a_thanks_that_introduces_work_keeps_its_items() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "Thanks to Ana's review, we will:\n"
        "\n"
        "- Add an alert for pool usage above 85% (owner: Sarah, due: 2026-04-01)\n"
        "- Add a runbook for pool exhaustion (owner: Ben, due: 2026-04-02)\n")
    assert [item.line for item in found] == [5, 6]


def test_a_trailing_dash_names_an_owner_only_with_a_capital() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "- Add retries to the payments client - pending review\n"
        "- Add a canary stage — Platform team\n"
        "- Add a lag alert — Ben Okafor, due 2026-04-01\n"
        "- Add a pool alert - Mei to review\n")
    assert [item.owners for item in found] == [(), ("Platform team",), ("Ben Okafor",), ()]


def test_a_date_that_ends_the_item_after_its_owner_is_the_due_date() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "- [ ] Add a pool alert at 90% (@ana, 2026-04-01)\n"
        "- Write the restore runbook — Ben, 2026-04-08\n"
        "- Add a canary stage; Q3 2026\n"
        "- Roll back the change made on 2026-03-15 and add a review step\n")
    assert [fields(item) for item in found] == [
        (("@ana",), "2026-04-01"), (("Ben",), "2026-04-08"), ((), "Q3 2026"), ((), None)]


def test_a_url_in_the_id_column_is_a_link_but_a_bare_key_there_is_not() -> None:
    first, second = items(
        "## Action Items\n"
        "\n"
        "| ID | Action |\n"
        "|----|--------|\n"
        "| [OPS-12](https://tracker.example/browse/OPS-12) | Add a pool alert at 90% |\n"
        "| OPS-13 | Add a pool limit check |\n")
    assert first.links == ("https://tracker.example/browse/OPS-12",)
    assert second.links == ()


def test_the_subject_of_a_passive_or_a_common_noun_before_will_is_no_owner() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "- Monitoring will be improved\n"
        "- Alerting will page the database owner at 80% disk\n"
        "- This will be tracked in the weekly review\n"
        "- Sarah will be leading the failover drill on 2026-05-04\n"
        "- Priya will add a lag alert at 30 seconds\n")
    assert [item.owners for item in found] == [(), (), (), ("Sarah",), ("Priya",)]


def test_due_followed_by_a_date_without_a_colon_is_the_due_date() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "- Add a pool alert at 90%. Owner: @vera, due 2026-02-20.\n"
        "- Add a canary stage (due on March 3, 2026)\n"
        "- Rebuild the cache, due to the failed import\n"
        "- Add a pool limit, due in 3 weeks\n")
    assert [item.due for item in found] == ["2026-02-20", "March 3, 2026", None, None]


def test_a_heading_that_is_only_a_period_dates_its_items() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "### Q3 2026\n"
        "\n"
        "- Add a pool alert at 90% (Owner: Ana)\n"
        "\n"
        "### By end of March 2026\n"
        "\n"
        "- Add a canary stage (Owner: Ben)\n"
        "\n"
        "### 2026-Q4\n"
        "\n"
        "- Add a pool limit check (Owner: Mei)\n"
        "\n"
        "### Database work for 2026\n"
        "\n"
        "- Add a replica lag alert (Owner: Li)\n")
    assert [(item.due, item.due_field) for item in found] == [
        ("Q3 2026", True), ("end of March 2026", True), ("2026-Q4", True), (None, False)]


def test_a_verb_whose_past_is_its_base_form_opens_an_action() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "- Put the origin behind an autoscaling group of at least 12 instances\n"
        "- Set a connection limit of 200 per tenant\n"
        "- We set a connection limit of 200 per tenant\n")
    assert [item.done for item in found] == [False, False, True]


def test_a_list_item_that_states_how_things_are_is_no_item() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "1. The situation is unlikely to happen again since we have a plan to move the database.\n"
        "2. There is no alert on the retention job, which is how this went unnoticed.\n"
        "3. It is important to add an alert on the retention job.\n"
        "4. The index is being rebuilt on the new disks.\n"
        "5. The alert threshold should be lowered to 85%.\n"
        "6. The runbook is out of date (owner: @mei, due: 2026-04-01)\n"
        "7. The fix was deployed on 2026-03-02.\n")
    assert [item.line for item in found] == [5, 6, 7, 8, 9]
    assert found[-1].done


def test_a_sign_off_written_one_line_per_item_is_no_item() -> None:
    found = items(
        "## Follow-up actions\n"
        "\n"
        "Priya Raman will add a lag alert at 30 seconds by 2026-09-02.\n"
        "\n"
        "Best regards,\n"
        "Priya\n"
        "\n"
        "Thanks,\n"
        "The database team\n")
    assert [item.line for item in found] == [3]


def test_done_with_a_date_and_struck_through_items_are_done() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "- Upload a new signing key — done 2026-11-04\n"
        "- ~~Restart both senders~~\n"
        "- [x] ~~Purge the cache~~\n"
        "- Restart ~~both~~ the Android sender\n"
        "- Upload a new signing key - done soon, hopefully\n")
    assert [item.done for item in found] == [True, True, True, False, False]


def test_a_sub_heading_with_field_lines_under_it_is_one_item() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "### AI-1: Add a replication lag alert at 30 seconds\n"
        "\n"
        "Owner: @ana\n"
        "Due: 2026-04-01\n"
        "\n"
        "The alert pages the database on-call.\n"
        "\n"
        "### AI-2: Write the failover runbook\n"
        "\n"
        "- **Owner:** Ben Ode\n"
        "- **Status:** In progress\n"
        "\n"
        "### Short-term\n"
        "\n"
        "- Add a canary stage (owner: Cy, due: 2026-05-01)\n")
    assert [(item.line, item.text, item.owners, item.due, item.status) for item in found] == [
        (3, "AI-1: Add a replication lag alert at 30 seconds", ("@ana",), "2026-04-01", None),
        (10, "AI-2: Write the failover runbook", ("Ben Ode",), None, "In progress"),
        (17, "Add a canary stage (owner: Cy, due: 2026-05-01)", ("Cy",), "2026-05-01", None)]
    assert where(found[0]) == (3, 5, 3, 52)


def test_owner_in_brackets_next_to_a_date_and_field_values_ending_at_a_dash() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "- Add a lag alert — Owner: Ana Lim — Due: 2026-04-01 — OPS-12\n"
        "- Write the failover runbook (Ben, by 15 April 2026)\n"
        "- Add a pool alert at 90% [Dana] (2026-05-01)\n"
        "- Add a canary stage (Kubernetes, 3 replicas)\n"
        "- Add a canary stage (March, 2026)\n")
    assert [fields(item) for item in found] == [
        (("Ana Lim",), "2026-04-01"), (("Ben",), "15 April 2026"), (("Dana",), "2026-05-01"), ((), None),
        ((), None)]


def test_a_promise_to_keep_readers_informed_is_no_item() -> None:
    found = items(
        "## Follow-up\n"
        "\n"
        "We will publish an update once the planned items are complete.\n"
        "\n"
        "We'll keep this page updated.\n"
        "\n"
        "If you have questions, contact support.\n"
        "\n"
        "We will publish a runbook for replica failover by 2026-05-01.\n")
    assert [item.line for item in found] == [9]


def test_an_item_dropped_on_purpose_is_closed_like_a_done_one() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "| Action | Owner | Due | Status |\n"
        "|---|---|---|---|\n"
        "| Add a lag alert at 30 seconds | Ana | EOM | Cancelled |\n"
        "| Add a canary stage | | | Won't do |\n"
        "| Add a pool alert at 90% | Cy | 2026-04-01 | Open |\n"
        "| Add a disk alert at 85% | Dee | 2026-04-01 | Blocked |\n")
    assert [item.done for item in found] == [True, True, False, False]


def test_owned_by_assigned_to_and_todo_name_the_owner() -> None:
    found = items(
        "## Action Items\n"
        "\n"
        "- We are adding a lag alert at 30 seconds, owned by Priya, due 2026-04-01\n"
        "- Add a pool alert at 90% — assigned to Dee, 2026-04-22\n"
        "- TODO(cy): add a canary stage by 2026-04-15\n"
        "- Add a disk alert assigned to the on-call rotation\n")
    assert [item.owners for item in found] == [("Priya",), ("Dee",), ("cy",), ()]


def test_a_statement_of_priorities_is_no_item() -> None:
    found = items(
        "## What we're doing about it\n"
        "\n"
        "Our priority now is making sure this cannot happen again.\n"
        "\n"
        "Our focus will be on the failover path.\n"
        "\n"
        "We are adding a lag alert at 30 seconds, owned by Priya, due 2026-04-01.\n")
    assert [item.line for item in found] == [7]
