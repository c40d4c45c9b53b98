"""``pmlint init`` (a commented .pmlint.yaml for a preset) and ``pmlint new`` (a post-mortem from the
configured template or a skeleton of the preset's sections).

The JSON Schema that ``init`` writes is tested in test_schema.py; here it is only a file that exists.
"""
from __future__ import annotations

import datetime
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import GOOD, assert_no_traceback, findings, write_file

from pmlint.cli import cli
from pmlint.config.loading import load_config, load_preset
from pmlint.ruledefs import load_rules

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

RULES = load_rules()
PRESETS = ("default", "google-sre", "pagerduty", "atlassian")
DATE = "2026-03-15"
FM_END = re.compile(r"^(?:---|\.\.\.)\s*$")


def pmlint(*args: str) -> Result:
    """``pmlint ARGS`` in the current directory, with stdout and stderr kept apart."""
    result = CliRunner().invoke(cli, list(args))
    assert_no_traceback(result)
    return result


def listing(directory: Path) -> dict[str, bytes]:
    """Every file below ``directory`` (hidden ones too) with its bytes."""
    return {path.relative_to(directory).as_posix(): path.read_bytes()
            for path in sorted(directory.rglob("*")) if path.is_file()}


def temporaries(directory: Path) -> list[str]:
    return [path.name for path in directory.rglob("*") if path.name.endswith(".pmlint") or ".tmp" in path.name]


def yaml_front_matter(text: str) -> dict[str, Any]:
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == "---", text[:200]
    end = next(index for index in range(1, len(lines)) if FM_END.match(lines[index]))
    data = yaml.safe_load("\n".join(lines[1:end]))
    assert isinstance(data, dict)
    return data


def body_after_front_matter(text: str) -> str:
    lines = text.splitlines(keepends=True)
    end = next(index for index in range(1, len(lines)) if FM_END.match(lines[index].rstrip("\r\n")))
    return "".join(lines[end + 1:])


def required_sections(preset: str) -> list[Any]:
    return [spec for spec in load_preset(preset, RULES).catalog.sections if spec.required]


# -- the point of the skeleton: a new document tells its writer what to fill in ----------------------------------


def _new_in_preset(project: Path, preset: str) -> tuple[Path, list[dict[str, Any]]]:
    assert pmlint("init", "--preset", preset).exit_code == 0
    result = pmlint("new", "Some title", "--date", DATE)
    assert result.exit_code == 0, result.output
    path = project / f"{DATE}-some-title.md"
    assert result.stdout.strip() == path.name
    check = pmlint("check", "--format", "json", path.name)
    assert check.exit_code in (0, 1), check.output
    return path, findings(check)


@pytest.mark.parametrize("preset", PRESETS)
def test_new_document_under_its_preset_asks_for_every_section_and_field(project: Path, preset: str) -> None:
    path, found = _new_in_preset(project, preset)
    catalog = load_preset(preset, RULES).catalog
    lines = path.read_text(encoding="utf-8").splitlines()

    codes = {item["code"] for item in found}
    assert "PM001" not in codes, found
    assert codes <= {"PM002", "PM003"}, [(item["code"], item["message"]) for item in found]

    # PM002 is reported at the heading of the section: read the section's title back from it.
    empty = set()
    for item in found:
        if item["code"] == "PM002":
            heading = lines[item["line"] - 1]
            assert heading.startswith("## "), (heading, item)
            empty.add(heading[3:].removesuffix(" (UTC)"))
    required_fields = [spec.title for spec in catalog.fields if spec.required]
    # The summary section is filled with the field labels when the preset requires fields; without
    # any, the summary section is as unwritten as the others.
    expected_empty = {spec.title for spec in required_sections(preset)
                      if not (spec.key == catalog.summary_section and required_fields)}
    assert empty == expected_empty

    # The unfilled fields are one PM003 finding (one edit fills in the summary): a single field is
    # "summary field 'Impact' is empty", several "executive summary does not state its 'Impact' (empty), ...".
    summary_findings = [item["message"] for item in found if item["code"] == "PM003"]
    assert len(summary_findings) == (1 if required_fields else 0), summary_findings
    # The field names are the quoted words outside brackets (a placeholder is quoted inside them).
    fields = [name for message in summary_findings
              for name in re.findall(r"'([^']+)'", re.sub(r"\([^)]*\)", "", message))]
    assert sorted(fields) == sorted(required_fields)
    assert len(fields) == len(set(fields))


@pytest.mark.parametrize("preset", PRESETS)
def test_every_unwritten_section_holds_an_instruction_not_nothing(project: Path, preset: str) -> None:
    # "an italic instruction in each other section": an empty section tells the writer nothing.
    # (atlassian: its summary declares only an optional field, so the summary gets no labels, and
    # no hint either.)
    path, found = _new_in_preset(project, preset)
    messages = [item["message"] for item in found if item["code"] == "PM002"]
    assert messages
    assert [message for message in messages if "holds only a placeholder" not in message] == []


@pytest.mark.parametrize("preset", PRESETS)
def test_skeleton_shape(project: Path, preset: str) -> None:
    assert pmlint("init", "--preset", preset, "--no-schema").exit_code == 0
    result = pmlint("new", "Some   title", "--date", DATE, "-o", "-")
    assert result.exit_code == 0
    text = result.stdout
    catalog = load_preset(preset, RULES).catalog
    assert text.startswith('---\ntitle: "Some title"\ndate: 2026-03-15\n---\n\n# Some title\n\n')
    assert [line for line in text.splitlines() if line.startswith("#")] == (
        ["# Some title"] + [f"## {spec.title}{' (UTC)' if spec.key == 'timeline' else ''}"
                            for spec in required_sections(preset)])
    labels = [line for line in text.splitlines() if line.startswith("- **")]
    assert labels == [f"- **{spec.title}:** TBD" for spec in catalog.fields if spec.required]
    # Each section other than a summary with labels holds one italic instruction.
    blocks = re.split(r"^## .*\n", text, flags=re.MULTILINE)[1:]
    for spec, block in zip(required_sections(preset), blocks):
        content = [line for line in block.splitlines() if line.strip()]
        if spec.key == catalog.summary_section:
            # Labels when the preset requires fields (an instruction otherwise: see the test above).
            assert content == labels or not labels
        else:
            assert len(content) == 1 and re.fullmatch(r"_[^_].*[^_]_", content[0]), (spec.key, content)
    assert "{{" not in text and "}}" not in text
    assert text.endswith("\n") and not text.endswith("\n\n\n")


def test_default_timeline_heading_declares_utc(project: Path) -> None:
    result = pmlint("new", "Cache stampede", "--date", DATE, "-o", "-")
    assert "\n## Timeline (UTC)\n" in result.stdout


def test_skeleton_follows_the_configured_sections(project: Path, write: Any) -> None:
    write(".pmlint.yaml", "extends: default\n"
                          "sections:\n"
                          "  lessons-learned: false\n"
                          "  customer-communication: {title: Customer Communication}\n"
                          "summary:\n"
                          "  fields:\n"
                          "    status: {required: false}\n")
    result = pmlint("new", "Queue backlog", "--date", DATE, "-o", "-")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "## Lessons Learned" not in text
    assert "## Customer Communication\n\n_Write the Customer Communication section._\n" in text
    assert "- **Status:**" not in text
    assert "- **Impact:** TBD" in text
    write("2026-03-15-queue-backlog.md", text)
    found = findings(pmlint("check", "--format", "json", "2026-03-15-queue-backlog.md"))
    assert {item["code"] for item in found} == {"PM002", "PM003"}
    assert not any("Status" in item["message"] for item in found)


# -- init ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("preset", PRESETS)
def test_init_writes_a_config_that_is_only_extends_and_loads_as_the_preset(project: Path, preset: str) -> None:
    result = pmlint("init", "--preset", preset)
    assert result.exit_code == 0, result.output
    config_path = project / ".pmlint.yaml"
    text = config_path.read_text(encoding="utf-8")
    assert yaml.safe_load(text) == {"extends": preset}
    assert (project / ".pmlint.schema.json").is_file()
    assert f"--preset {preset}" in text
    assert text.startswith("# yaml-language-server: $schema=.pmlint.schema.json\n")

    loaded = load_config(config_path, RULES)
    expected = load_preset(preset, RULES)
    assert loaded.rules == expected.rules
    assert loaded.catalog == expected.catalog
    assert loaded.template is None
    # Every rule is in the menu.
    for code in RULES:
        assert re.search(rf"^#   {code}:", text, re.MULTILINE), code

    assert ".pmlint.yaml" in result.stdout and ".pmlint.schema.json" in result.stdout
    assert f"(preset: {preset})" in result.stdout
    assert "Next:" in result.stdout and "pmlint check" in result.stdout


def _uncomment_block(text: str, header: str) -> str:
    """The commented block that starts at ``# HEADER:``, uncommented, up to the next blank line."""
    lines = text.splitlines()
    start = lines.index(f"# {header}:")
    block = []
    for line in lines[start:]:
        if not line.strip():
            break
        assert line.startswith("# "), line
        block.append(line[2:])
    return "\n".join(block) + "\n"


@pytest.mark.parametrize("preset", PRESETS)
def test_uncommenting_the_menu_keeps_the_preset(project: Path, preset: str) -> None:
    # "Uncommenting a line of the rules block gives the value the preset already has."
    assert pmlint("init", "--preset", preset, "--no-schema").exit_code == 0
    text = (project / ".pmlint.yaml").read_text(encoding="utf-8")
    sections = "\n".join(line for line in _uncomment_block(text, "sections").splitlines()
                         if "customer-communication" not in line) + "\n"
    uncommented = [f"extends: {preset}\n", "fail-on: warning\n", _uncomment_block(text, "rules"), sections]
    if "# summary:" in text.splitlines():
        uncommented.append(_uncomment_block(text, "summary"))
    include = next(line for line in text.splitlines() if line.startswith("# include: "))
    uncommented.append(include[2:] + "\n")
    menu = write_file(project / "menu" / ".pmlint.yaml", "".join(uncommented))
    assert set(yaml.safe_load(menu.read_text(encoding="utf-8"))["rules"]) == set(RULES)

    loaded = load_config(menu, RULES)
    expected = load_preset(preset, RULES)
    assert loaded.rules == expected.rules
    assert loaded.catalog == expected.catalog
    assert loaded.include == expected.include
    assert loaded.fail_on == expected.fail_on


def test_init_default_preset_and_directory_argument(project: Path) -> None:
    (project / "docs").mkdir()
    result = pmlint("init", "docs")
    assert result.exit_code == 0, result.output
    assert sorted(listing(project)) == ["docs/.pmlint.schema.json", "docs/.pmlint.yaml"]
    assert yaml.safe_load((project / "docs" / ".pmlint.yaml").read_text(encoding="utf-8")) == {"extends": "default"}
    assert "docs/.pmlint.yaml" in result.stdout


def test_init_no_schema(project: Path) -> None:
    result = pmlint("init", "--no-schema", "--preset", "google-sre")
    assert result.exit_code == 0
    assert sorted(listing(project)) == [".pmlint.yaml"]
    text = (project / ".pmlint.yaml").read_text(encoding="utf-8")
    assert "$schema" not in text
    assert ".pmlint.schema.json" not in result.stdout


def test_init_missing_directory_is_exit_2(project: Path) -> None:
    result = pmlint("init", "nowhere")
    assert result.exit_code == 2
    assert "nowhere" in result.stderr
    assert listing(project) == {}


@pytest.mark.parametrize("name", [".pmlint.yaml", ".pmlint.yml"])
def test_init_refuses_an_existing_config_and_changes_nothing(project: Path, name: str) -> None:
    original = b"# ours\r\nextends: pagerduty\r\nrules: {PM001: off}\r\n"
    write_file(project / name, original)
    before = listing(project)
    for args in ((), ("--preset", "google-sre"), ("--no-schema",), (".",)):
        result = pmlint("init", *args)
        assert result.exit_code == 2, args
        assert name in result.stderr
        assert "--force" in result.stderr
        assert result.stdout == ""
        assert listing(project) == before


def test_init_force_replaces_the_yaml_config(project: Path) -> None:
    write_file(project / ".pmlint.yaml", "extends: pagerduty\nrules: {PM001: off}\n")
    (project / ".pmlint.yaml").chmod(0o640)
    result = pmlint("init", "--force", "--preset", "atlassian")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((project / ".pmlint.yaml").read_text(encoding="utf-8")) == {"extends": "atlassian"}
    assert load_config(project / ".pmlint.yaml", RULES).rules == load_preset("atlassian", RULES).rules
    assert sorted(listing(project)) == [".pmlint.schema.json", ".pmlint.yaml"]
    assert temporaries(project) == []
    # Running it again with --force is fine too (the schema is replaced as well).
    assert pmlint("init", "--force").exit_code == 0
    assert yaml.safe_load((project / ".pmlint.yaml").read_text(encoding="utf-8")) == {"extends": "default"}


def test_init_force_over_a_yml_config_leaves_one_config(project: Path) -> None:
    # --force "replaces" the existing configuration: writing .pmlint.yaml beside an old .pmlint.yml
    # leaves two configuration files in one directory, the old one silently shadowed.
    write_file(project / ".pmlint.yml", "extends: pagerduty\n")
    result = pmlint("init", "--force", "--preset", "google-sre")
    assert result.exit_code == 0, result.output
    configs = sorted(path.name for path in project.iterdir() if path.name in (".pmlint.yaml", ".pmlint.yml"))
    assert len(configs) == 1, configs
    assert yaml.safe_load((project / configs[0]).read_text(encoding="utf-8")) == {"extends": "google-sre"}


def test_init_then_check_good_document_is_clean(project: Path, write: Any) -> None:

    assert pmlint("init").exit_code == 0
    write("good.md", GOOD)
    result = pmlint("check", "--format", "json", "good.md")
    assert result.exit_code == 0, result.output
    assert findings(result) == []


# -- new: file names ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("title", "slug"), [
    ("Checkout API outage", "checkout-api-outage"),
    ("Incident à Zürich: DNS", "incident-a-zurich-dns"),
    ("  Leading   and trailing  ", "leading-and-trailing"),
    ("S3 (us-east-1) -- 503s!", "s3-us-east-1-503s"),
    ("Ærø café naïve résumé", "r-cafe-naive-resume"),
    ("?!: --- ...", "postmortem"),
    ("東京 障害", "postmortem"),
    ("A/B test: 50% of users", "a-b-test-50-of-users"),
])
def test_file_name_slug(project: Path, title: str, slug: str) -> None:
    result = pmlint("new", title, "--date", DATE)
    assert result.exit_code == 0, result.output
    name = f"{DATE}-{slug}.md"
    assert result.stdout == f"{name}\n"
    assert sorted(listing(project)) == [name]


@pytest.mark.parametrize("title", [
    "a" * 100,
    "word " * 30,
    ("x" * 59 + " " + "y" * 10),  # the 60th character is the separator
    ("x" * 58 + " !! " + "y" * 10),
    "ab-" * 40,
])
def test_long_titles_are_cut_at_60_characters(project: Path, title: str) -> None:
    result = pmlint("new", title, "--date", DATE)
    assert result.exit_code == 0, result.output
    (path,) = project.iterdir()
    slug = path.name.removeprefix(f"{DATE}-").removesuffix(".md")
    assert 0 < len(slug) <= 60
    assert not slug.endswith("-") and not slug.startswith("-") and "--" not in slug
    assert re.fullmatch(r"[a-z0-9-]+", slug)
    full = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    assert full.startswith(slug)
    assert len(slug) >= min(len(full), 59)


def test_default_date_is_today(project: Path) -> None:
    before = datetime.date.today()
    result = pmlint("new", "Disk full")
    after = datetime.date.today()
    assert result.exit_code == 0
    (path,) = project.iterdir()
    assert path.name in (f"{before.isoformat()}-disk-full.md", f"{after.isoformat()}-disk-full.md")
    assert yaml_front_matter(path.read_text(encoding="utf-8"))["date"] in (before, after)


# -- new: the title and date in the front matter -----------------------------------------------------------------


@pytest.mark.parametrize("title", [
    'The "quoted" outage',
    "C:\\Windows\\path and a trailing backslash \\",
    "DNS: a colon, then # a hash",
    "#1 priority: it's down",
    "Incident à Zürich — 東京 🚒",
    "- starts like a list item",
    "[brackets] {braces} & *stars* | pipes",
    "yes",
    "null",
    "2026-01-01",
    "1e3",
    "{{date}} literally",
    "'single' quotes and `backticks`",
    "ends with a colon:",
    "% percent and @ at",
])
def test_front_matter_gives_the_exact_title(project: Path, title: str) -> None:
    result = pmlint("new", "--date", DATE, "--", title)
    assert result.exit_code == 0, result.output
    (path,) = project.iterdir()
    text = path.read_text(encoding="utf-8")
    data = yaml_front_matter(text)
    assert data == {"title": title, "date": datetime.date(2026, 3, 15)}
    assert f"\n# {title}\n" in text
    # pmlint reads its own front matter without complaint.
    codes = {item["code"] for item in findings(pmlint("check", "--format", "json", path.name))}
    assert "PM900" not in codes
    assert "PM001" not in codes


def test_whitespace_in_the_title_is_collapsed(project: Path) -> None:
    result = pmlint("new", " Database \t failover\n took   long ", "--date", DATE)
    assert result.exit_code == 0
    path = project / f"{DATE}-database-failover-took-long.md"
    text = path.read_text(encoding="utf-8")
    assert yaml_front_matter(text)["title"] == "Database failover took long"
    assert "\n# Database failover took long\n" in text


@pytest.mark.parametrize("title", ["del\x7fcharacter", "c1\x85next-line", "c1\x9bcsi", "nonchar\ufffe"])
def test_front_matter_survives_control_characters_in_the_title(project: Path, title: str) -> None:
    # JSON leaves DEL, C1 controls and U+FFFE unescaped; YAML does not accept them raw, so the
    # front matter pmlint wrote would be unreadable (PM900) to pmlint itself.
    result = pmlint("new", title, "--date", DATE)
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert listing(project) == {}
        return
    (path,) = project.iterdir()
    yaml_front_matter(path.read_text(encoding="utf-8"))
    codes = {item["code"] for item in findings(pmlint("check", "--format", "json", path.name))}
    assert "PM900" not in codes


def test_title_that_is_not_utf8_is_exit_2_not_a_traceback(project: Path) -> None:
    # A title from a non-UTF-8 command line reaches Python as a lone surrogate ('\udcff').
    result = CliRunner().invoke(cli, ["new", "bad \udcff title", "--date", DATE])
    assert not (result.exception and not isinstance(result.exception, SystemExit)), repr(result.exception)
    assert result.exit_code == 2
    assert listing(project) == {}
    assert temporaries(project) == []


@pytest.mark.parametrize("title", ["", "   ", "\t\n"])
def test_empty_title_is_exit_2(project: Path, title: str) -> None:
    result = pmlint("new", title, "--date", DATE)
    assert result.exit_code == 2
    assert "title" in result.stderr.lower()
    assert listing(project) == {}


@pytest.mark.parametrize("date", ["2026-02-30", "15/03/2026", "2026-3-5", "tomorrow", "2026-03-15T10:00", " "])
def test_bad_date_is_exit_2(project: Path, date: str) -> None:
    result = pmlint("new", "Disk full", "--date", date)
    assert result.exit_code == 2, result.output
    assert "--date" in result.stderr
    assert "YYYY-MM-DD" in result.stderr
    assert listing(project) == {}


@pytest.mark.parametrize("date", ["20260315", "2026-W11-7", "2026-W11"])
def test_date_must_be_in_the_documented_form(project: Path, date: str) -> None:
    # --date is YYYY-MM-DD. datetime.date.fromisoformat on Python 3.11+ also takes the basic form
    # and ISO week dates, which 3.10 rejects: the same command must not depend on the Python version.
    result = pmlint("new", "Disk full", "--date", date)
    assert result.exit_code == 2, result.output
    assert listing(project) == {}


def test_date_sets_front_matter_and_file_name(project: Path) -> None:
    result = pmlint("new", "Leap day", "--date", "2028-02-29")
    assert result.exit_code == 0
    path = project / "2028-02-29-leap-day.md"
    assert yaml_front_matter(path.read_text(encoding="utf-8"))["date"] == datetime.date(2028, 2, 29)


# -- new: where it writes ----------------------------------------------------------------------------------------


def test_stdout_output_writes_nothing(project: Path) -> None:
    result = pmlint("new", "Printed only", "--date", DATE, "-o", "-")
    assert result.exit_code == 0
    assert listing(project) == {}
    assert pmlint("new", "Printed only", "--date", DATE).exit_code == 0
    written = (project / f"{DATE}-printed-only.md").read_text(encoding="utf-8")
    assert result.stdout == written
    assert result.stderr == ""


def test_stdout_output_ignores_a_missing_dir(project: Path) -> None:
    result = pmlint("new", "Printed only", "--date", DATE, "-o", "-", "--dir", "nowhere")
    assert result.exit_code == 0
    assert result.stdout.startswith("---\n")
    assert listing(project) == {}


def test_output_path(project: Path) -> None:
    (project / "out").mkdir()
    result = pmlint("new", "Named file", "--date", DATE, "-o", "out/custom.md")
    assert result.exit_code == 0, result.output
    assert result.stdout == "out/custom.md\n"
    assert sorted(listing(project)) == ["out/custom.md"]
    assert yaml_front_matter((project / "out/custom.md").read_text(encoding="utf-8"))["title"] == "Named file"


def test_output_path_in_a_missing_directory_is_exit_2(project: Path) -> None:
    result = pmlint("new", "Named file", "--date", DATE, "-o", "missing/custom.md")
    assert result.exit_code == 2
    assert "missing" in result.stderr
    assert listing(project) == {}


def test_dir_option(project: Path) -> None:
    (project / "postmortems" / "2026").mkdir(parents=True)
    result = pmlint("new", "In a folder", "--date", DATE, "--dir", "postmortems/2026")
    assert result.exit_code == 0
    name = f"postmortems/2026/{DATE}-in-a-folder.md"
    assert result.stdout == f"{name}\n"
    assert sorted(listing(project)) == [name]


def test_missing_dir_is_exit_2(project: Path) -> None:
    result = pmlint("new", "In a folder", "--date", DATE, "--dir", "nowhere")
    assert result.exit_code == 2
    assert "nowhere" in result.stderr
    assert listing(project) == {}


def test_config_is_discovered_from_the_target_directory(project: Path, write: Any) -> None:
    write("teams/payments/.pmlint.yaml", "extends: pagerduty\n")
    (project / "teams" / "search").mkdir()
    pmlint("new", "Payments", "--date", DATE, "--dir", "teams/payments")
    pmlint("new", "Search", "--date", DATE, "--dir", "teams/search")
    payments = (project / "teams/payments" / f"{DATE}-payments.md").read_text(encoding="utf-8")
    search = (project / "teams/search" / f"{DATE}-search.md").read_text(encoding="utf-8")
    assert "## Responders" in payments and "## Executive Summary" not in payments
    assert "## Executive Summary" in search and "## Responders" not in search


@pytest.mark.parametrize("args", [(), ("-o", "taken.md")])
def test_existing_file_is_never_overwritten(project: Path, write: Any, args: tuple[str, ...]) -> None:
    name = args[1] if args else f"{DATE}-disk-full.md"
    original = b"\xef\xbb\xbfmy notes\r\nnot UTF-8 after this: \xff\n"
    write(name, original)
    before = listing(project)
    result = pmlint("new", "Disk full", "--date", DATE, *args)
    assert result.exit_code == 2
    assert name in result.stderr
    assert "already exists" in result.stderr
    assert result.stdout == ""
    assert listing(project) == before
    assert temporaries(project) == []


def test_existing_symlink_target_is_not_followed(project: Path, write: Any) -> None:
    target = write("real.md", "keep me\n")
    link = project / f"{DATE}-disk-full.md"
    try:
        link.symlink_to(target.name)
    except OSError:  # pragma: no cover
        pytest.skip("no symlinks here")
    result = pmlint("new", "Disk full", "--date", DATE)
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert link.is_symlink()
    dangling = project / f"{DATE}-dangling.md"
    dangling.symlink_to("does-not-exist.md")
    assert pmlint("new", "Dangling", "--date", DATE).exit_code == 2
    assert not (project / "does-not-exist.md").exists()
    assert temporaries(project) == []


def test_success_leaves_exactly_the_new_file(project: Path) -> None:
    for title in ("One", "Two", "Three"):
        assert pmlint("new", title, "--date", DATE).exit_code == 0
    assert sorted(os.listdir(project)) == [f"{DATE}-one.md", f"{DATE}-three.md", f"{DATE}-two.md"]
    mode = (project / f"{DATE}-one.md").stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


# -- new: templates ----------------------------------------------------------------------------------------------


def _template_project(project: Path, template: str | bytes, config_extra: str = "") -> None:
    write_file(project / ".pmlint.yaml", f"extends: default\ntemplate: templates/pm.md\n{config_extra}")
    write_file(project / "templates" / "pm.md", template)


def _new_from_template(project: Path, template: str | bytes, title: str = "Disk full") -> bytes:
    _template_project(project, template)
    result = pmlint("new", title, "--date", DATE, "-o", "out.md")
    assert result.exit_code == 0, result.output
    return (project / "out.md").read_bytes()


def test_template_front_matter_title_and_date_are_replaced(project: Path) -> None:
    template = ("---\nauthor: sre-team\ntitle: Replace me\nseverity: SEV2\ndate:   2020-01-01   # old\n"
                "tags: [db]\n---\n\n# {{title}}\n\nBody text.\n")
    out = _new_from_template(project, template).decode("utf-8")
    assert out == ('---\nauthor: sre-team\ntitle: "Disk full"\nseverity: SEV2\ndate: 2026-03-15\n'
                   "tags: [db]\n---\n\n# Disk full\n\nBody text.\n")


def test_template_front_matter_without_title_or_date_gets_them_inserted(project: Path) -> None:
    template = "---\nauthor: sre-team\nsubtitle: x\nupdated: 2020-01-01\n---\n# {{ title }}\n"
    out = _new_from_template(project, template).decode("utf-8")
    assert out == ('---\nauthor: sre-team\nsubtitle: x\nupdated: 2020-01-01\ntitle: "Disk full"\n'
                   "date: 2026-03-15\n---\n# Disk full\n")


def test_template_with_only_a_date_gets_the_title_inserted(project: Path) -> None:
    out = _new_from_template(project, "---\ndate: {{date}}\n---\nx\n").decode("utf-8")
    assert yaml_front_matter(out) == {"date": datetime.date(2026, 3, 15), "title": "Disk full"}
    assert out.count("date:") == 1


def test_template_without_front_matter_gets_one(project: Path) -> None:
    template = "# Post-mortem: {{title}}\n\nDate: {{date}}\n\n---\n\n## Summary\n"
    out = _new_from_template(project, template).decode("utf-8")
    assert out.startswith('---\ntitle: "Disk full"\ndate: 2026-03-15\n---\n')
    assert body_after_front_matter(out) == ("\n# Post-mortem: Disk full\n\nDate: 2026-03-15\n\n---\n\n"
                                            "## Summary\n")


def test_toml_front_matter(project: Path) -> None:
    template = '+++\nauthor = "sre"\ntitle = "old"\n+++\n\n# {{TITLE}} on {{ Date }}\n'
    out = _new_from_template(project, template, title='Say "hi" \\ ok').decode("utf-8")
    assert out == ('+++\nauthor = "sre"\ntitle = "Say \\"hi\\" \\\\ ok"\ndate = 2026-03-15\n+++\n\n'
                   '# Say "hi" \\ ok on 2026-03-15\n')
    data = tomllib.loads(out.split("+++\n")[1])
    assert data == {"author": "sre", "title": 'Say "hi" \\ ok', "date": datetime.date(2026, 3, 15)}


def test_toml_front_matter_with_a_table_keeps_title_at_the_top_level(project: Path) -> None:
    # Keys appended at the end of TOML front matter that ends in a table belong to that table.
    template = '+++\nauthor = "sre"\n[extra]\nteam = "db"\n+++\n\n# {{title}}\n'
    out = _new_from_template(project, template).decode("utf-8")
    data = tomllib.loads(out.split("+++\n")[1])
    assert data["title"] == "Disk full"
    assert data["date"] == datetime.date(2026, 3, 15)
    assert data["extra"] == {"team": "db"}


def test_yaml_front_matter_closed_by_dots(project: Path) -> None:
    # pmlint reads '...' as the end of YAML front matter (frontmatter.py); 'new' must too, or the
    # date lands in the body, at the next thematic break.
    template = "---\ntitle: old\n...\n\n# {{title}}\n\nText.\n\n---\n\nMore.\n"
    out = _new_from_template(project, template).decode("utf-8")
    data = yaml_front_matter(out)
    assert data == {"title": "Disk full", "date": datetime.date(2026, 3, 15)}
    assert body_after_front_matter(out) == "\n# Disk full\n\nText.\n\n---\n\nMore.\n"


def test_multi_line_title_in_template_front_matter_is_replaced_whole(project: Path) -> None:
    template = "---\ntitle: >\n  A folded\n  title\nauthor: sre\n---\n\n# {{title}}\n"
    out = _new_from_template(project, template).decode("utf-8")
    assert yaml_front_matter(out) == {"title": "Disk full", "author": "sre", "date": datetime.date(2026, 3, 15)}


def test_tokens_any_case_and_spacing(project: Path) -> None:
    template = ("x: {{title}} {{ title }} {{TITLE}} {{  Title\t}} {{date}} {{ DATE }}\n"
                "kept: {{titles}} {{ author }} {title} {{ title }\n")
    out = _new_from_template(project, template, title="T").decode("utf-8")
    assert body_after_front_matter(out) == (
        "\nx: T T T T 2026-03-15 2026-03-15\nkept: {{titles}} {{ author }} {title} {{ title }\n")


def test_tokens_in_the_title_are_not_expanded(project: Path) -> None:
    out = _new_from_template(project, "# {{title}} / {{date}}\n", title="{{date}} and {{title}}")
    assert body_after_front_matter(out.decode("utf-8")) == "\n# {{date}} and {{title}} / 2026-03-15\n"
    assert yaml_front_matter(out.decode("utf-8"))["title"] == "{{date}} and {{title}}"


def test_crlf_template_stays_crlf(project: Path) -> None:
    template = b"---\r\ntitle: x\r\nowner: me\r\n---\r\n\r\n# {{title}}\r\n\r\n## Summary\r\n\r\nText.  \r\n"
    out = _new_from_template(project, template)
    assert out == (b'---\r\ntitle: "Disk full"\r\nowner: me\r\ndate: 2026-03-15\r\n---\r\n\r\n# Disk full\r\n'
                   b"\r\n## Summary\r\n\r\nText.  \r\n")
    assert b"\n" not in out.replace(b"\r\n", b"")


def test_crlf_template_without_front_matter(project: Path) -> None:
    out = _new_from_template(project, b"# {{title}}\r\nText\r\n")
    assert out == b'---\r\ntitle: "Disk full"\r\ndate: 2026-03-15\r\n---\r\n\r\n# Disk full\r\nText\r\n'


@pytest.mark.parametrize("template", [
    "\ufeff---\ntitle: x\n---\n# {{title}}\n".encode("utf-8"),
    "\ufeff# {{title}}\r\n".encode("utf-8"),
])
def test_bom_is_kept_once(project: Path, template: bytes) -> None:
    out = _new_from_template(project, template)
    assert out.startswith(b"\xef\xbb\xbf---")
    assert out.count(b"\xef\xbb\xbf") == 1
    text = out.decode("utf-8-sig")
    assert yaml_front_matter(text) == {"title": "Disk full", "date": datetime.date(2026, 3, 15)}
    assert "# Disk full" in text
    assert ("\r\n" in text) == (b"\r\n" in template)


def test_template_path_is_relative_to_the_config_file(project: Path) -> None:
    write_file(project / "docs" / ".pmlint.yaml", "template: templates/pm.md\n")
    write_file(project / "docs" / "templates" / "pm.md", "# From docs: {{title}}\n")
    write_file(project / "templates" / "pm.md", "# WRONG template: {{title}}\n")
    (project / "elsewhere").mkdir()
    os.chdir(project / "elsewhere")
    result = pmlint("new", "Relative", "--date", DATE, "--dir", "../docs")
    assert result.exit_code == 0, result.output
    out = (project / "docs" / f"{DATE}-relative.md").read_text(encoding="utf-8")
    assert "# From docs: Relative\n" in out
    assert "WRONG" not in out


def test_template_of_a_subdirectory_config_with_stdout(project: Path) -> None:
    write_file(project / "docs" / ".pmlint.yaml", "template: ../shared/pm.md\n")
    write_file(project / "shared" / "pm.md", "# Shared: {{title}}\n")
    os.chdir(project / "docs")
    result = pmlint("new", "Printed", "--date", DATE, "-o", "-")
    assert result.exit_code == 0, result.output
    assert body_after_front_matter(result.stdout) == "\n# Shared: Printed\n"


def test_explicit_config_with_a_template(project: Path) -> None:
    write_file(project / "cfg" / "team.yaml", "extends: google-sre\ntemplate: tpl/pm.md\n")
    write_file(project / "cfg" / "tpl" / "pm.md", "---\nteam: sre\n---\n# {{title}} ({{date}})\n")
    # A discovered config with another template must not win over --config.
    write_file(project / "out" / ".pmlint.yaml", "template: other.md\n")
    write_file(project / "out" / "other.md", "# OTHER\n")
    result = pmlint("new", "Explicit", "--date", DATE, "--dir", "out", "--config", "cfg/team.yaml")
    assert result.exit_code == 0, result.output
    out = (project / "out" / f"{DATE}-explicit.md").read_text(encoding="utf-8")
    assert out == '---\nteam: sre\ntitle: "Explicit"\ndate: 2026-03-15\n---\n# Explicit (2026-03-15)\n'


def test_explicit_config_without_a_template_uses_its_sections(project: Path) -> None:
    write_file(project / "cfg" / "team.yaml", "extends: pagerduty\n")
    result = pmlint("new", "Explicit", "--date", DATE, "-o", "-", "--config", "cfg/team.yaml")
    assert result.exit_code == 0
    assert "## Responders" in result.stdout


def test_missing_explicit_config_is_exit_2(project: Path) -> None:
    result = pmlint("new", "Explicit", "--date", DATE, "--config", "nope.yaml")
    assert result.exit_code == 2
    assert "nope.yaml" in result.stderr
    assert listing(project) == {}


@pytest.mark.parametrize(("template", "reason"), [
    (b"# caf\xe9 {{title}}\n", "UTF-8"),
    (None, "cannot read"),
])
def test_unreadable_template_is_exit_2_naming_it(project: Path, template: bytes | None, reason: str) -> None:
    write_file(project / ".pmlint.yaml", "template: templates/pm.md\n")
    if template is not None:
        write_file(project / "templates" / "pm.md", template)
    before = listing(project)
    result = pmlint("new", "Broken", "--date", DATE)
    assert result.exit_code == 2, result.output
    assert "templates/pm.md" in result.stderr
    assert "'template'" in result.stderr
    assert reason in result.stderr
    assert result.stdout == ""
    assert listing(project) == before
    assert temporaries(project) == []


def test_template_that_is_a_directory_is_exit_2(project: Path) -> None:
    write_file(project / ".pmlint.yaml", "template: templates\n")
    (project / "templates").mkdir()
    result = pmlint("new", "Broken", "--date", DATE, "-o", "-")
    assert result.exit_code == 2
    assert "template" in result.stderr


def test_broken_config_is_exit_2(project: Path) -> None:
    write_file(project / ".pmlint.yaml", "extends: nonsense-preset\n")
    result = pmlint("new", "Broken", "--date", DATE)
    assert result.exit_code == 2
    assert "extends" in result.stderr
    assert sorted(listing(project)) == [".pmlint.yaml"]


def test_template_document_lints_like_its_template(project: Path) -> None:
    # A template that is a complete post-mortem gives a new document that lints clean.

    template = GOOD.replace("# Payment queue backlog", "# {{title}}")
    _template_project(project, template)
    assert pmlint("new", "Payment queue backlog", "--date", DATE).exit_code == 0
    result = pmlint("check", "--format", "json", f"{DATE}-payment-queue-backlog.md")
    assert findings(result) == []
    assert result.exit_code == 0
