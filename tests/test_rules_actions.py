"""PM301 action-count, PM302 action-owner, PM303 action-due-date, PM304 action-vague: pass, fail at line:col.

Positions are 1-based with an exclusive end, worked out by hand from each document. An item's
finding covers its text: from after the list marker (or task box) to the end of its first line, or
the text of its table cell.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import brief, lint_text

ACTION_RULES = ("PM301", "PM302", "PM303", "PM304")

NO_OWNER = "action item has no owner; name one person (for example 'Owner: @name')"
NO_DUE = "action item has no due date; add one (for example 'Due: 2026-04-01')"


def run(code: str, text: str, config_file: Path | None = None) -> list[tuple[tuple[str, int, int, int, int], str]]:
    findings = lint_text(text, select=(code,), config_file=config_file)
    return [(where, f.message) for where, f in zip(brief(findings), findings)]


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".pmlint.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def team(owner: str) -> str:
    return f"action item is owned by a team ('{owner}'); name one person who answers for it"


def vague_date(due: str) -> str:
    return f"action item due date '{due}' is not a date; give a day (for example 2026-04-01)"


def vague(word: str) -> str:
    return (f"action item is vague ('{word}'); say what will be delivered and how to check it is done "
            "(a number, threshold or concrete deliverable)")


def too_many(count: int, limit: int) -> str:
    return f"{count} action items; keep at most {limit} and move the rest to a backlog"


# -- PM302 action-owner -------------------------------------------------------------------------


def test_pm302_missing_team_placeholder_and_several_owners_in_a_list() -> None:
    text = ("# Pool exhaustion\n"
            "\n"
            "## Action Items\n"
            "\n"
            "- Add a disk alert at 85% (due: 2026-04-01)\n"                             # 5
            "- Add a lag alert at 30 seconds (owner: SRE team, due: 2026-04-01)\n"      # 6
            "- Add a retry budget of 3 (owner: @acme/sre, due: 2026-04-01)\n"           # 7
            "- Write the restore runbook (owner: everyone, due: 2026-04-01)\n"          # 8
            "- We will write the failover runbook by April 1, 2026\n"                   # 9
            "- Add a canary stage (owner: TBD, due: 2026-04-01)\n"                      # 10
            "- Add a load test at 2x peak (owner: Alice, Bob, due: 2026-04-01)\n"       # 11
            "- Add a pool dashboard — @ana @ben (due: 2026-04-01)\n"                    # 12
            "- Pin the base image digest (owner: Mei, due: 2026-04-01)\n")              # 13
    assert run("PM302", text) == [
        (("PM302", 5, 3, 5, 44), NO_OWNER),
        (("PM302", 6, 3, 6, 67), team("SRE team")),
        (("PM302", 7, 3, 7, 62), team("@acme/sre")),
        (("PM302", 8, 3, 8, 63), team("everyone")),
        (("PM302", 9, 3, 9, 54), team("We")),
        (("PM302", 10, 3, 10, 51), "action item owner 'TBD' is a placeholder; name one person"),
        (("PM302", 11, 3, 11, 66),
         "action item has 2 owners (Alice, Bob); name one person who answers for it"),
        (("PM302", 12, 3, 12, 53),
         "action item has 2 owners (@ana, @ben); name one person who answers for it"),
    ]


def test_pm302_owner_column_empty_several_and_team() -> None:
    text = ("## Action Items\n"
            "\n"
            "| Action | Owner | Due |\n"
            "|--------|-------|-----|\n"
            "| Write the failover runbook |  | 2026-04-15 |\n"
            "| Add a pool limit check | Alice, Bob | 2026-04-16 |\n"
            "| Add a pool alert at 90% | Platform team | 2026-04-17 |\n"
            "| Pin the base image digest | Mei | 2026-04-18 |\n")
    assert run("PM302", text) == [
        (("PM302", 5, 3, 5, 29), NO_OWNER),
        (("PM302", 6, 3, 6, 25), "action item has 2 owners (Alice, Bob); name one person who answers for it"),
        (("PM302", 7, 3, 7, 26), team("Platform team")),
    ]


def test_pm302_a_person_with_a_bracketed_team_is_one_person() -> None:
    # "Jane Doe (Platform team)" names Jane; the brackets only say which team she is on. A team with an aside
    # ("SRE team (primary)") and an owner that is only a bracketed team are still teams.
    text = ("## Action Items\n"
            "\n"
            "| Action | Owner | Due |\n"
            "|--------|-------|-----|\n"
            "| Add a config diff step | Jane Doe (Platform team) | 2026-04-15 |\n"
            "| Add a pool limit check | Mei [infra team] | 2026-04-16 |\n"
            "| Add a pool alert at 90% | SRE team (primary) | 2026-04-17 |\n"
            "| Pin the base image digest | (Platform team) | 2026-04-18 |\n")
    assert run("PM302", text) == [
        (("PM302", 7, 3, 7, 26), team("SRE team (primary)")),
        (("PM302", 8, 3, 8, 28), team("(Platform team)")),
    ]


def test_pm302_one_person_passes_in_every_layout() -> None:
    text = ("## Action Items\n"
            "\n"
            "- Add a disk alert at 85%. Owner: @ana. Due: 2026-04-01\n"
            "- Write the restore runbook — Ben Okafor\n"
            "- Sarah will add a load test at twice the peak rate\n"
            "- Add a replica lag alert at 30 seconds\n"
            "  - Owner: @mei\n")
    assert run("PM302", text) == []


COMPLETED_AND_LINKED = (
    "## Action Items\n"
    "\n"
    "- [x] Roll back the pool size change\n"                                               # 3
    "- [ ] Add a pool alert at 90% (#4512)\n"                                              # 4
    "- [ ] Raise the pool limit ([PR 77](https://github.com/acme/api/pull/77))\n"          # 5
    "- [ ] Add a pool limit check, tracked in OPS-1234\n"                                  # 6
    "- [ ] Pin the base image digest — @mei (due: 2026-04-01)\n"                           # 7
)


def test_pm302_completed_and_linked_items_are_skipped_by_default() -> None:
    assert run("PM302", COMPLETED_AND_LINKED) == []


def test_pm302_skip_completed_false_checks_completed_items(tmp_path: Path) -> None:
    strict = config(tmp_path, "rules:\n  PM302:\n    skip-completed: false\n")
    assert run("PM302", COMPLETED_AND_LINKED, strict) == [(("PM302", 3, 7, 3, 37), NO_OWNER)]


def test_pm302_skip_linked_false_checks_linked_items(tmp_path: Path) -> None:
    strict = config(tmp_path, "rules:\n  PM302:\n    skip-linked: false\n")
    assert run("PM302", COMPLETED_AND_LINKED, strict) == [
        (("PM302", 4, 7, 4, 38), NO_OWNER),
        # The span ends with the ")" after the link, at the end of the line.
        (("PM302", 5, 7, 5, 74), NO_OWNER),
        (("PM302", 6, 7, 6, 50), NO_OWNER),
    ]


def test_pm302_code_in_an_item_is_not_a_link() -> None:
    text = "## Action Items\n\n- Raise `max_connections` to 200 (due: 2026-04-01)\n"
    assert run("PM302", text) == [(("PM302", 3, 3, 3, 51), NO_OWNER)]


# -- PM303 action-due-date ----------------------------------------------------------------------

DUE_DATES = (
    "## Action Items\n"
    "\n"
    "- Add a disk alert at 85% (owner: Ana)\n"                                   # 3
    "- Add a lag alert at 30 seconds (owner: Ben, due: ASAP)\n"                  # 4
    "- Add a retry budget of 3 (owner: Cy, due: TBD)\n"                          # 5
    "- Write the restore runbook (owner: Di, due: soon)\n"                       # 6
    "- Write the failover runbook (owner: Eva, due: next sprint)\n"              # 7
    "- Add a canary stage (owner: Fay, due: 2026-04-01)\n"                       # 8
    "- Add a load test at twice the peak (owner: Gus, due: April 2026)\n"        # 9
    "- Add an SLO dashboard (owner: Hal, due: Q3 2026)\n"                        # 10
    "- Reduce p99 latency by 50% (owner: Ida)\n"                                 # 11
    "- Add a config diff step by April 1, 2026 (owner: Jo)\n"                    # 12
    "- Add a pool limit check. Due: 1 May 2026. Owner: Kai\n"                    # 13
    "- Write the pool runbook by next sprint (owner: Lu)\n"                      # 14
)


def test_pm303_missing_and_vague_due_dates() -> None:
    assert run("PM303", DUE_DATES) == [
        (("PM303", 3, 3, 3, 39), NO_DUE),
        (("PM303", 4, 3, 4, 56), vague_date("ASAP")),
        (("PM303", 5, 3, 5, 48), vague_date("TBD")),
        (("PM303", 6, 3, 6, 51), vague_date("soon")),
        (("PM303", 7, 3, 7, 60), vague_date("next sprint")),
        # "by 50%" is an amount, not a deadline.
        (("PM303", 11, 3, 11, 41), NO_DUE),
        (("PM303", 14, 3, 14, 52), vague_date("next sprint")),
    ]


def test_pm303_accept_quarters_false_reports_a_quarter(tmp_path: Path) -> None:
    strict = config(tmp_path, "rules:\n  PM303:\n    accept-quarters: false\n")
    found = run("PM303", DUE_DATES, strict)
    assert (("PM303", 10, 3, 10, 50), vague_date("Q3 2026")) in found
    assert len(found) == 8
    # A month with its year is still a date.
    assert [where[1] for where, _ in found] == [3, 4, 5, 6, 7, 10, 11, 14]


def test_pm303_due_column_and_inline_due() -> None:
    text = ("## Action Items\n"
            "\n"
            "| Action | Owner | Due date |\n"
            "|--------|-------|----------|\n"
            "| Add a pool alert at 90% | Ana | ASAP |\n"
            "| Add a pool limit check | Ben | |\n"
            "| Pin the base image digest | Cy | Q3 2026 |\n"
            "\n"
            "## Next Steps\n"
            "\n"
            "- Write the pool runbook. Owner: Di. Due: Q3 2026\n")
    assert run("PM303", text) == [
        (("PM303", 5, 3, 5, 26), vague_date("ASAP")),
        (("PM303", 6, 3, 6, 25), NO_DUE),
    ]


def test_pm303_an_iso_week_is_a_due_date() -> None:
    text = ("## Action Items\n"
            "\n"
            "| Action | Owner | Due |\n"
            "|--------|-------|-----|\n"
            "| Add a load test for the pool | Ana | 2026-W14 |\n"
            "| Add a pool alert at 90% | Ben | W14 |\n"
            "\n"
            "- Add a lag alert at 30 seconds (owner: Cy) by 2026-W15\n")
    assert run("PM303", text) == [(("PM303", 6, 3, 6, 26), vague_date("W14"))]


def test_pm302_owners_separated_by_a_slash_are_several() -> None:
    text = ("## Action Items\n"
            "\n"
            "| Action | Owner | Due |\n"
            "|--------|-------|-----|\n"
            "| Add a load test for the pool | Ana / Ben | 2026-04-01 |\n"
            "| Add a pool alert at 90% | @acme/sre | 2026-04-01 |\n"
            "| Add a pool limit check | Ana/Ben | 2026-04-01 |\n")
    assert run("PM302", text) == [
        (("PM302", 5, 3, 5, 31), "action item has 2 owners (Ana, Ben); name one person who answers for it"),
        (("PM302", 6, 3, 6, 26), team("@acme/sre"))]


def test_pm303_completed_and_linked_items(tmp_path: Path) -> None:
    assert run("PM303", COMPLETED_AND_LINKED) == []
    strict = config(tmp_path, "rules:\n  PM303:\n    skip-completed: false\n    skip-linked: false\n")
    assert run("PM303", COMPLETED_AND_LINKED, strict) == [
        (("PM303", 3, 7, 3, 37), NO_DUE),
        (("PM303", 4, 7, 4, 38), NO_DUE),
        (("PM303", 5, 7, 5, 74), NO_DUE),
        (("PM303", 6, 7, 6, 50), NO_DUE),
    ]


# -- PM304 action-vague -------------------------------------------------------------------------


def test_pm304_vague_items_and_what_makes_them_specific() -> None:
    text = ("## Action Items\n"
            "\n"
            "- Improve monitoring\n"                                                           # 3
            "- Investigate the replica lag spikes (#4512)\n"                                   # 4
            "- Investigate why 3 replicas fell behind (owner: Ben, due: 2026-04-01)\n"         # 5
            "- Investigate the lag and write a runbook for it (owner: Cy, due: 2026-04-01)\n"  # 6
            "- Investigate the lag and add an alert on it (owner: Di, due: 2026-04-01)\n"      # 7
            "- Investigate the lag and add a regression test (owner: Eva, due: 2026-04-01)\n"  # 8
            "- Look into the replica lag (owner: Fay, due: 2026-04-01)\n"                      # 9
            "- Investigate the replica lag (owner: Gus, due: 2026-04-01)\n"                    # 10
            "- Investigate the replica lag ([issue](https://github.com/acme/api/issues/88))\n")  # 11
    assert run("PM304", text) == [
        (("PM304", 3, 3, 3, 21), vague("Improve")),
        # A link to an issue does not say what will be delivered; "#4512" is not a number of anything.
        (("PM304", 4, 3, 4, 45), vague("Investigate")),
        (("PM304", 9, 3, 9, 58), vague("Look into")),
        # The date in the due field is not a measurable criterion of the work.
        (("PM304", 10, 3, 10, 60), vague("Investigate")),
        (("PM304", 11, 3, 11, 79), vague("Investigate")),
    ]


@pytest.mark.parametrize("layout", ["- {}\n", "{}\n", "| Action |\n|---|\n| {} |\n"])
def test_the_guides_better_example_passes_every_action_rule(layout: str) -> None:
    better = ("Sarah will implement CPU utilization alerts for all production databases with 80% warning "
              "and 90% critical thresholds by April 1, 2026")
    assert lint_text("## Action Items\n\n" + layout.format(better), select=ACTION_RULES) == []


def test_the_guides_poor_example_is_vague_unowned_and_undated() -> None:
    assert brief(lint_text("## Action Items\n\n- Improve monitoring\n", select=ACTION_RULES)) == [
        ("PM302", 3, 3, 3, 21), ("PM303", 3, 3, 3, 21), ("PM304", 3, 3, 3, 21)]


# -- PM301 action-count -------------------------------------------------------------------------

WELL_FORMED = [
    "Add a pool-usage alert at 90% (owner: Ana, due: 2026-04-01)",
    "Add a config diff step to the deploy pipeline (owner: Ben, due: 2026-04-02)",
    "Write the checkout failover runbook (owner: Cy, due: 2026-04-03)",
    "Add a canary stage for the payments service (owner: Di, due: 2026-04-06)",
    "Add an SLO dashboard for checkout latency (owner: Eva, due: 2026-04-07)",
    "Add a load test at twice the peak order rate (owner: Fay, due: 2026-04-08)",
    "Add a staging parity check to the release checklist (owner: Gus, due: 2026-04-09)",
    "Add a deploy freeze checklist for sale days (owner: Hal, due: 2026-04-10)",
    "Add a regression test for the pool limit (owner: Ida, due: 2026-04-13)",
]


def listed(entries: list[str], marker: str = "- ") -> str:
    return "".join(f"{marker}{entry}\n" for entry in entries)


# "## Action Items" on line 3: the heading text starts in column 4 and is 12 characters long.
NINE = "# Checkout slowdown\n\n## Action Items\n\n" + listed(WELL_FORMED)
HEADING = ("PM301", 3, 4, 3, 16)


def test_pm301_nine_well_formed_items_give_only_the_count_finding() -> None:
    findings = lint_text(NINE, select=ACTION_RULES)
    assert [(where, f.message) for where, f in zip(brief(findings), findings)] == [(HEADING, too_many(9, 7))]


def test_pm301_seven_items_pass() -> None:
    assert run("PM301", "# Checkout slowdown\n\n## Action Items\n\n" + listed(WELL_FORMED[:7])) == []


def test_pm301_max_option(tmp_path: Path) -> None:
    assert run("PM301", NINE, config(tmp_path, "rules:\n  PM301:\n    max: 9\n")) == []
    assert run("PM301", NINE, config(tmp_path, "rules:\n  PM301:\n    max: 8\n")) == [(HEADING, too_many(9, 8))]


def test_pm301_completed_items_are_not_counted_unless_count_completed(tmp_path: Path) -> None:
    text = ("# Checkout slowdown\n\n## Action Items\n\n"
            + listed(WELL_FORMED[:2], "- [x] ") + listed(WELL_FORMED[2:8], "- [ ] "))
    assert run("PM301", text) == []
    counting = config(tmp_path, "rules:\n  PM301:\n    count-completed: true\n")
    assert run("PM301", text, counting) == [(HEADING, too_many(8, 7))]


def test_pm301_two_action_sections_count_together_at_the_first_heading() -> None:
    text = ("# Checkout slowdown\n\n## Action Items\n\n" + listed(WELL_FORMED[:4])
            + "\n## Lessons Learned\n\n- Sale days need a freeze.\n"
            + "\n## Next Steps\n\n" + listed(WELL_FORMED[4:8], "1. "))
    assert run("PM301", text) == [(HEADING, too_many(8, 7))]


def test_pm301_nested_details_and_labels_are_not_counted() -> None:
    # Seven items in two labelled groups, each with a nested detail: seven, not sixteen.
    def group(entries: list[str]) -> str:
        return "".join(f"  - {entry}\n    - Tracked on the team board\n" for entry in entries)

    text = ("# Checkout slowdown\n\n## Action Items\n\n"
            "- Short term:\n" + group(WELL_FORMED[:4]) + "- Long term:\n" + group(WELL_FORMED[4:7]))
    assert run("PM301", text) == []


def test_items_reported_as_already_done_are_completed() -> None:
    # Past-tense items describe work done, not work to do: no owner or date is needed.
    text = "# T\n\n## Action Items\n\n- Rotated all deploy tokens.\n- Added 2FA to the admin console.\n"
    assert lint_text(text, select=("PM302", "PM303", "PM304")) == []


def test_imperative_items_ending_in_ed_are_still_open() -> None:
    text = "# T\n\n## Action Items\n\n- Embed the runbook link in the alert.\n"
    assert [f.code for f in lint_text(text, select=("PM302", "PM303"))] == ["PM302", "PM303"]


def test_items_of_a_section_of_actions_taken_are_completed() -> None:
    text = "# T\n\n## Actions taken\n\n- Locked the account within the hour\n- Yank the crates from the index\n"
    assert lint_text(text, select=("PM302", "PM303")) == []


# -- one problem, one finding; IDs and links (issue 14) -------------------------------------------


def none_owned(count: int) -> str:
    return (f"none of the {count} open action items names an owner; give each one person who answers for it "
            "(for example 'Owner: @name')")


def none_dated(count: int) -> str:
    return f"none of the {count} open action items has a due date; give each a date (for example 'Due: 2026-04-01')"


UNOWNED_UNDATED = (
    "# Pool exhaustion\n"
    "\n"
    "## Action Items\n"                                   # 3: the heading text is columns 4-16
    "\n"
    "- Add a pool saturation alert at 90%\n"              # 5
    "- Write the pool failover runbook\n"                 # 6
    "- [x] Roll back the pool size change\n"             # 7: done, not counted
    "- Add a load test at twice the peak rate\n"          # 8
)


def test_a_document_with_no_owner_or_date_anywhere_gets_one_finding_per_rule_with_the_count() -> None:
    assert run("PM302", UNOWNED_UNDATED) == [(("PM302", 3, 4, 3, 16), none_owned(3))]
    assert run("PM303", UNOWNED_UNDATED) == [(("PM303", 3, 4, 3, 16), none_dated(3))]


def test_one_unowned_item_is_reported_on_the_item() -> None:
    text = "## Action Items\n\n- Add a pool saturation alert at 90%\n- [x] Roll back the pool size change\n"
    assert run("PM302", text) == [(("PM302", 3, 3, 3, 37), NO_OWNER)]


def test_when_some_items_have_owners_the_others_are_reported_one_by_one() -> None:
    text = ("## Action Items\n"
            "\n"
            "- Add a pool saturation alert at 90% (owner: Ana)\n"
            "- Write the pool failover runbook\n"
            "- Add a load test at twice the peak rate\n")
    assert run("PM302", text) == [(("PM302", 4, 3, 4, 34), NO_OWNER), (("PM302", 5, 3, 5, 41), NO_OWNER)]
    # No item has a date: that is still one finding.
    assert run("PM303", text) == [(("PM303", 1, 4, 1, 16), none_dated(3))]


def test_a_post_mortem_whose_items_are_all_done_gets_no_owner_or_date_finding() -> None:
    text = ("## Action Items\n"
            "\n"
            "### Completed actions\n"
            "\n"
            "- Added a pool saturation alert at 90%\n"
            "- Rolled back the pool size change (done)\n"
            "- \u2705 Write the pool failover runbook\n")
    assert lint_text(text, select=ACTION_RULES) == []


def test_an_item_id_never_silences_the_owner_due_or_vague_checks() -> None:
    text = ("## Action Items\n"
            "\n"
            "| ID | Action | Owner | Due |\n"
            "|----|--------|-------|-----|\n"
            "| INC-42 | Improve monitoring | | |\n"               # 5: "| INC-42 | " is 11 characters
            "| AI-3 | Add a pool alert at 90% | Ana | 2026-04-01 |\n")
    assert brief(lint_text(text, select=ACTION_RULES)) == [
        ("PM302", 5, 12, 5, 30), ("PM303", 5, 12, 5, 30), ("PM304", 5, 12, 5, 30)]
    listed_ids = "## Action Items\n\n- AI-3: Improve monitoring\n"
    assert brief(lint_text(listed_ids, select=ACTION_RULES)) == [
        ("PM302", 3, 3, 3, 27), ("PM303", 3, 3, 3, 27), ("PM304", 3, 3, 3, 27)]


def test_an_empty_owner_cell_is_no_owner_even_when_the_row_links_a_ticket() -> None:
    text = ("## Action Items\n"
            "\n"
            "| Action | Owner | Due |\n"
            "|--------|-------|-----|\n"
            "| Add a pool alert ([OPS-12](https://tracker.example/browse/OPS-12)) | | 2026-04-01 |\n"
            "| Add a pool check (#77) | Ana | 2026-04-02 |\n")
    assert run("PM302", text) == [(("PM302", 5, 3, 5, 69), NO_OWNER)]


def test_a_linked_item_is_left_to_its_tracker_only_when_the_layout_gives_it_no_owner_or_date() -> None:
    text = ("## Action Items\n"
            "\n"
            "- Add a pool alert at 90% ([issue][pool])\n"              # 3: tracked in the issue
            "- Add a pool limit check (#4512) (due: 2026-04-01)\n"    # 4: has a due field, so owner is checked
            "- AI-7: Add a pool dashboard\n"                          # 5: an ID, not a link
            "\n"
            "[pool]: https://github.com/acme/api/issues/611\n")
    # No item has an owner: one finding, counting the two items that are not left to the tracker.
    assert run("PM302", text) == [(("PM302", 1, 4, 1, 16), none_owned(2))]
    owned = text.replace("- AI-7: Add a pool dashboard\n", "- AI-7: Add a pool dashboard (owner: Ana)\n")
    assert run("PM302", owned) == [(("PM302", 4, 3, 4, 51), NO_OWNER)]


def test_messages_keep_a_handle_whole_and_drop_a_due_dates_full_stop() -> None:
    text = ("## Action Items\n"
            "\n"
            "- Add a pool alert at 90%. Owner: @j.smith @k.lee. Due: next sprint.\n")
    assert run("PM302", text) == [
        (("PM302", 3, 3, 3, 69), "action item has 2 owners (@j.smith, @k.lee); name one person who answers for it")]
    assert run("PM303", text) == [(("PM303", 3, 3, 3, 69), vague_date("next sprint"))]


def test_ongoing_work_under_a_heading_of_work_done_is_still_checked() -> None:
    text = ("## Mitigation steps taken\n"
            "\n"
            "- Rolled back the pool size change\n"
            "- Christian is migrating the VM disks to SSD\n")
    assert run("PM302", text) == []
    assert run("PM303", text) == [(("PM303", 4, 3, 4, 45), NO_DUE)]


def test_a_letters_sign_off_and_recap_are_not_action_items() -> None:
    text = ("## Conclusion and Next Steps\n"
            "\n"
            "At this point, everything is back to normal.\n"
            "\n"
            "Hope this clarifies the situation.\n"
            "\n"
            "Best, Guy\n")
    assert lint_text(text, select=ACTION_RULES) == []


# -- PM304 reads the action, not its purpose (issue 14) -------------------------------------------


@pytest.mark.parametrize(("item", "word"), [
    ("Revisit the on-call rotation", "Revisit"),
    ("We need to streamline our pipelines so they become more generic", "streamline"),
    ("Implement proactive alerts. This is a longstanding issue", "proactive"),
    ("Move login to OAuth 2.0. Get feedback from stakeholders, Kick off culture transition", "Kick off"),
    ("Suggest that someone at the vendor looks into the pool limits", "Suggest"),
    ("Improve alerts", "Improve"),
    ("We are also looking into disallowing look-alike usernames", "looking into"),
    ("Exploring other data stores", "Exploring"),
    # "to" before a noun is no purpose clause.
    ("Change the health check path to something more robust", "more robust"),
    # A suggestion only after a vague action does not rescue it; a dash does not hide a vague action.
    ("Improve the SDK alerting - consider tracking exception rates", "Improve"),
    ("Add a retry limit to the consumer - investigate the flaky broker", "investigate"),
    ("Discuss how to decide when an incident is resolved", "Discuss"),
    ("Re-evaluate rollout versus deployment approaches", "evaluate"),
    ("Assess the blast radius of shared Redis instances", "Assess"),
])
def test_pm304_vague_actions_seen_in_real_documents(item: str, word: str) -> None:
    text = f"## Action Items\n\n- {item} (owner: Ana, due: 2026-04-01)\n"
    assert [message for _, message in run("PM304", text)] == [vague(word)]


@pytest.mark.parametrize("item", [
    "Add metrics for the redirect service to improve visibility of its health",
    "Investigate and fix the memory leak in the spawner",
    "Add an alert when free disk space is below 10% to better catch full disks",
    "Investigate the pool lag and add an alert on it",
    # What follows the action only suggests how to do it.
    "Add alerting for SDK errors - consider tracking exception rates or failed requests",
    "Add a checksum step to the release job \u2014 perhaps with a better hash than MD5",
    # A mechanism named: done when it is there.
    "Make the client more robust by adding a circuit breaker",
    "Improve the worker's resilience with a kill switch for the import job",
])
def test_pm304_a_specific_action_passes_whatever_its_purpose_says(item: str) -> None:
    assert run("PM304", f"## Action Items\n\n- {item} (owner: Ana, due: 2026-04-01)\n") == []


def test_an_owner_and_a_vague_date_or_a_team_in_the_closing_bracket_are_reported_as_what_they_are() -> None:
    text = ("## Action items\n\n- Add certificate expiry monitoring (IT team, 2026-02-15)\n"
            "- Add certificate expiry monitoring for the VPN (Kevin, ASAP)\n")
    assert [message for _, message in run("PM302", text)] == [
        "action item is owned by a team ('IT team'); name one person who answers for it"]
    assert [message for _, message in run("PM303", text)] == [
        "action item due date 'ASAP' is not a date; give a day (for example 2026-04-01)"]


def test_a_bold_line_over_a_list_names_its_group_like_a_sub_heading() -> None:
    text = ("## Action items\n\n**Immediate (during the incident)**\n\n"
            "- Roll back the dispatcher to v3.11 \u2014 Priya\n- Add the missing index on merchant_region \u2014 Jonas\n\n"
            "**Long-term (Q4 2026)**\n\n- Partition the webhook queue by region (owner: Jonas)\n")
    # What was done during the incident is done; the long-term group's date is its items'.
    assert run("PM303", text) == []
    assert run("PM303", text.replace("**Immediate (during the incident)**", "**Immediate**")) != []


def test_pm302_pm303_pm304_a_passive_promise_is_an_item_without_owner_or_date_and_vague() -> None:
    text = ("## Action Items\n"
            "\n"
            "1. Add a lag alert at 30 seconds. Owner: @vera, due 2026-02-20.\n"   # 3
            "2. Monitoring will be improved.\n"                                   # 4
            "3. Improved runbooks for replica failover (owner: Ana, due: 2026-03-01)\n"  # 5
            "4. The failover tool should be further investigated (owner: Ben, due: 2026-03-01)\n"  # 6
            "5. The situation is unlikely to recur since the alert now exists.\n")  # 7
    assert run("PM302", text) == [(("PM302", 4, 4, 4, 32), NO_OWNER)]
    assert run("PM303", text) == [(("PM303", 4, 4, 4, 32), NO_DUE)]
    assert run("PM304", text) == [(("PM304", 4, 4, 4, 32), vague("improved")),
                                  (("PM304", 6, 4, 6, 82), vague("investigated"))]
