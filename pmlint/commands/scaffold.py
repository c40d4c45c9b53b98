"""Files pmlint writes for its users: ``pmlint init``'s configuration and ``pmlint new``'s post-mortem.

Neither ever replaces a file that exists unless asked to (``--force``), and a file is written
whole or not at all.
"""
from __future__ import annotations

import datetime
import json
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from pmlint import __version__
from pmlint.config.settings import (
    CONFIG_FILES,
    DEFAULT_INCLUDE,
    FAIL_ON_CHOICES,
    Config,
)
from pmlint.reading.sections import SectionSpec
from pmlint.resources import preset_names
from pmlint.ruledefs import RuleMeta

SCHEMA_FILE = ".pmlint.schema.json"
CONFIG_FILE = CONFIG_FILES[0]


# -- pmlint init --------------------------------------------------------------------------------


def config_text(preset: str, preset_config: Config, rules: Mapping[str, RuleMeta], schema: bool) -> str:
    """A ``.pmlint.yaml`` that extends ``preset`` and shows, commented out, every key with its value.

    Uncommenting a line of the rules block gives the value the preset already has, so the file is
    a menu: change what the team wants and leave the rest.
    """
    catalog = preset_config.catalog
    lines = []
    if schema:
        # yaml-language-server resolves a relative schema path against this file.
        lines.append(f"# yaml-language-server: $schema={SCHEMA_FILE}")
    lines += [
        f"# pmlint configuration, written by 'pmlint init --preset {preset}' (pmlint {__version__}).",
        "# Every key but 'extends' is commented out at its default: uncomment and change what your team needs.",
        "# 'pmlint explain CODE' documents a rule and its options; 'pmlint rules' lists them all.",
        "",
        f"extends: {preset}          # the template to enforce: {', '.join(preset_names())}, or a path",
        "",
        f"# fail-on: warning          # lowest severity that fails the check: {' | '.join(FAIL_ON_CHOICES)}",
        f"# include: {json.dumps(list(DEFAULT_INCLUDE))}",
        "# exclude: [\"drafts/**\", \"templates/**\"]   # added to .git, node_modules and virtual environments",
        "# template: postmortem-template.md   # what 'pmlint new' copies (default: the sections below)",
        "# language-model: en_core_web_sm     # a trained spaCy pipeline, used by the language rules when installed",
        "# unsafe-fixes: false        # true: --fix also applies unsafe fixes (word replacements, time conversions)",
        "# force-exclude: false       # true: include/exclude apply to files named on the command line too",
        "",
        f"# The sections '{preset}' requires. Accept more headings for one with 'extend-aliases',",
        "# make one optional with 'KEY: false', or add a section of your own:",
        "# sections:",
    ]
    for spec in catalog.sections:
        state = "required" if spec.required else "optional"
        lines.append(f"#   {spec.key}: {{title: {json.dumps(spec.title)}}}   # {state}")
    lines += ["#   customer-communication: {title: Customer Communication, aliases: [customer comms]}", ""]
    if catalog.summary_section is not None and catalog.fields:
        lines += ["# What the summary must state, and the section that holds it:",
                  "# summary:", f"#   section: {catalog.summary_section}", "#   fields:"]
        for spec in catalog.fields:
            lines.append(f"#     {spec.key}: {{required: {json.dumps(spec.required)}}}")
        lines.append("")
    lines += ["# Every rule at its setting in this preset: a severity (error, warning, info), off, or a mapping",
              "# of severity, enabled and the rule's options.",
              "# rules:"]
    for code, meta in rules.items():
        setting = preset_config.rules[code]
        head = f"#   {code}:"
        if not setting.options:
            value = str(setting.severity) if setting.enabled else "off"
            lines.append(f"{head} {value:<28}# {meta.name}: {meta.summary}")
            continue
        lines.append(f"{head}{'':<29}# {meta.name}: {meta.summary}")
        if not setting.enabled:
            lines.append("#     enabled: false")
        lines.append(f"#     severity: {setting.severity}")
        for option, value in setting.options.items():
            lines.append(f"#     {option}: {json.dumps(value, ensure_ascii=False)}")
    lines += ["", "# Files that follow other rules, with globs relative to this file:",
              "# overrides:", "#   - files: [\"archive/**\"]", "#     rules: {PM001: off, PM003: off}",
              "", "# Entries added to or removed from a shipped wordlist (see docs/rules.md for the list):",
              "# wordlists:", "#   acronyms-common: {add: [SKU]}", ""]
    return "\n".join(lines)


# -- pmlint new ---------------------------------------------------------------------------------

_TEMPLATE_TOKEN = re.compile(r"\{\{\s*(title|date)\s*\}\}", re.IGNORECASE)
_FRONT_MATTER_FENCES = {"---": ("yaml", ("---", "...")), "+++": ("toml", ("+++",))}
# Characters JSON leaves raw that YAML does not accept in a stream (DEL, C1 controls, non-characters).
_YAML_UNSAFE = re.compile("[\x7f-\x84\x86-\x9f\ufffe\uffff]")
_TOML_TABLE = re.compile(r"^\s*\[")


def skeleton(config: Config) -> str:
    """A post-mortem with every required section of the configuration, each with a hint to replace.

    The hints are italic instructions, which pmlint reads as unwritten text: the new document
    passes the section check and fails the empty-section check until each section is written.
    """
    catalog = config.catalog
    lines = ["---", "title: {{title}}", "date: {{date}}", "---", "", "# {{title}}", ""]
    for spec in catalog.sections:
        if not spec.required:
            continue
        lines += [f"## {_heading(spec)}", ""]
        required_fields = [field for field in catalog.fields if field.required]
        if spec.key == catalog.summary_section and required_fields:
            for field in required_fields:
                lines.append(f"- **{field.title}:** TBD")
            lines.append("")
        else:
            lines += [f"_{_hint(spec)}_", ""]
    return "\n".join(lines)


def _heading(spec: SectionSpec) -> str:
    # The guide's rule: timeline times are in UTC, and a heading that says so declares it for every entry.
    return f"{spec.title} (UTC)" if spec.key == "timeline" else spec.title


_HINTS = {
    "summary": "Describe in two or three plain sentences what happened, who was affected and for how long.",
    "detection": "Describe how the incident was detected, and how it could have been detected sooner.",
    "resolution": "Describe how service was restored.",
    "what-went-well": "List what helped: what made detection, response or recovery faster.",
    "what-went-wrong": "List what made the incident longer or worse, as conditions and processes, not people.",
    "where-we-got-lucky": "List where luck, not design, kept the impact down.",
    "lessons-learned": "Write what the team learned that other teams should know.",
    "timeline": "List each event as 'YYYY-MM-DD HH:MM UTC: what happened', oldest first, from the first "
                "sign of trouble to the resolution.",
    "action-items": "List at most seven actions, each with one owner, a due date (YYYY-MM-DD) and a ticket link.",
    "root-cause-analysis": "Describe why the incident happened: the conditions and the process gaps, not who.",
}


def _hint(spec: SectionSpec) -> str:
    return _HINTS.get(spec.key, f"Write the {spec.title} section.")


def new_postmortem(template: str, title: str, date: datetime.date) -> str:
    """``template`` with ``{{title}}`` and ``{{date}}`` filled in and the title and date set in its
    front matter (added when the template has none)."""
    values = {"title": title, "date": date.isoformat()}
    text = _TEMPLATE_TOKEN.sub(lambda match: values[match.group(1).lower()], template)
    return _stamp_front_matter(text, title, date.isoformat())


def _stamp_front_matter(text: str, title: str, date: str) -> str:
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    bom = ""
    if lines and lines[0].startswith("\ufeff"):
        bom, lines[0] = "\ufeff", lines[0][1:]
    fence = lines[0].rstrip() if lines else ""
    kind, closers = _FRONT_MATTER_FENCES.get(fence, (None, ()))
    closing = next((index for index in range(1, len(lines)) if lines[index].rstrip() in closers), None) if kind else None
    if kind is None or closing is None:
        kind, closing = "yaml", 1
        lines = ["---", "---", ""] + lines
    separator = " = " if kind == "toml" else ": "
    # Top-level keys of TOML end at the first table header: keys go before it.
    end = closing
    if kind == "toml":
        end = next((i for i in range(1, closing) if _TOML_TABLE.match(lines[i])), closing)
    # JSON strings are valid YAML double-quoted scalars and TOML basic strings, once the characters
    # YAML refuses raw are escaped.
    quoted = _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(title, ensure_ascii=False))
    wanted = {"title": quoted, "date": date}
    for key, value in wanted.items():
        pattern = re.compile(rf"^{key}\s*{'=' if kind == 'toml' else ':'}")
        index = next((i for i in range(1, end) if pattern.match(lines[i])), None)
        if index is None:
            lines.insert(end, f"{key}{separator}{value}")
            end += 1
        else:
            lines[index] = f"{key}{separator}{value}"
            if kind == "yaml":
                # A block or multi-line value continues on the more-indented lines below its key.
                while index + 1 < end and lines[index + 1][:1] in (" ", "\t"):
                    del lines[index + 1]
                    end -= 1
    return bom + newline.join(lines)


def file_name(title: str, date: datetime.date) -> str:
    """``2026-11-26-checkout-api-outage.md``: the date first, so a directory listing is a chronology."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].rstrip("-")
    return f"{date.isoformat()}-{slug or 'postmortem'}.md"


def clean_title(title: str) -> str:
    return " ".join(title.split())


# -- writing ------------------------------------------------------------------------------------


def write_new_file(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``, whole or not at all; an existing file is never replaced
    (see :func:`pmlint.commands.safewrite.create_new`)."""
    from pmlint.commands.safewrite import (
        create_new,  # only init and new write files: not imported at start-up
    )

    create_new(path, data)
