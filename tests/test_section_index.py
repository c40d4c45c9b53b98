"""Issue 15, resources: sections are found by key through an index built once per document.

``Document.find_sections`` answers from a map of each key to its sections; it must give what walking
every section and testing its keys gives, in the same order, for every key the catalog knows.
"""
from __future__ import annotations

from hypothesis import given
from test_fuzz_markdown import documents, fuzz_settings

from pmlint.config.loading import load_config
from pmlint.reading.document import Document
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog
KEYS = sorted({spec.key for spec in (*CATALOG.sections, *CATALOG.fields)} | {"no-such-key"})


def _check(text: str) -> None:
    doc = Document.parse(Source.from_text("doc.md", text), CATALOG)
    for key in KEYS:
        plain = [section for section, keys in zip(doc.sections, doc._section_keys) if key in keys]
        found = doc.find_sections(key)
        assert [id(section) for section in found] == [id(section) for section in plain], key
        found.clear()  # a caller's list is its own
        assert [id(section) for section in doc.find_sections(key)] == [id(section) for section in plain], key


@given(documents())
@fuzz_settings(150)
def test_sections_found_by_key_as_the_plain_way_finds_them(text: str) -> None:
    _check(text)


def test_sections_of_a_post_mortem_found_by_key() -> None:
    text = ("# Outage\n\n## Summary\n\nIt broke.\n\n## Timeline\n\n- 14:05 Deploy\n\n### Timeline (UTC)\n\n"
            "## Root cause\n\nA bug.\n\n## Action items\n\n- [ ] Fix (owner: @dana)\n")
    _check(text)
    doc = Document.parse(Source.from_text("doc.md", text), CATALOG)
    assert [section.title for section in doc.find_sections("timeline")] == ["Timeline", "Timeline (UTC)"]
