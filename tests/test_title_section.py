"""Issue 19: the title's section is worked out once per document and answers as before."""
from __future__ import annotations

from pmlint.config.loading import load_config
from pmlint.reading import summary
from pmlint.reading.document import Document
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

CONFIG = load_config(None, load_rules())


def _doc(text: str) -> Document:
    return Document.parse(Source.from_text("doc.md", text), CONFIG.catalog)


def test_the_title_is_the_first_level_one_heading() -> None:
    doc = _doc("# Login outage\n\n## Summary\n\nText.\n\n## Timeline\n\n- 10:00 start\n")
    assert summary.title_section(doc) is doc.sections[1]
    assert summary.title_section(doc).title == "Login outage"


def test_a_bare_section_name_among_level_one_headings_is_no_title() -> None:
    assert summary.title_section(_doc("# Summary\n\nText.\n\n# Timeline\n\n- 10:00 start\n")) is None
    assert summary.title_section(_doc("## Summary\n\nText.\n")) is None
    assert summary.title_section(_doc("Text only.\n")) is None


def test_the_title_section_is_found_once_per_document(monkeypatch) -> None:
    calls = []
    real = summary._find_title_section
    monkeypatch.setattr(summary, "_find_title_section", lambda doc: calls.append(doc) or real(doc))
    doc = _doc("# Post-mortem: summary of the outage\n\n## Summary\n\nText.\n\n## Impact\n\nSome.\n")
    for _ in range(3):
        assert summary.sections_for(doc, "summary") == [doc.sections[2]]
    assert summary.title_section(doc) is doc.sections[1]
    assert len(calls) == 1


def test_front_matter_names_are_the_keys_with_a_value_normalised() -> None:
    doc = _doc("---\nImpact: many users\nincident_date: 2026-03-01\nDuration: ''\nowners: []\nroot-cause: x\n"
               "Status: ~\n---\n# Outage\n\nText.\n")
    assert summary.front_matter_names(doc) == ("impact", "incident date", "root cause")
    assert summary.front_matter_names(_doc("# Outage\n")) == ()
