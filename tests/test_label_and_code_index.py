"""Issue 19: PM002's and PM003's per-section look-ups answer as the straightforward scans did.

``Document.find_labels(key, within=section)`` slices the key's labels by bisection and
``Document.has_code_between`` bisects the sorted code lines (issue 15 B3); here both are compared, for
every section of generated post-mortems and of a hand-written one, with a walk over every label and
every code line.
"""
from __future__ import annotations

from benchmarks import corpus
from pmlint.config.loading import load_config
from pmlint.reading.document import Document
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

CONFIG = load_config(None, load_rules())

_HAND = """# Outage

## Summary

**Impact**: many users
**Duration**: 2 hours

    indented code

## Impact

Impact: none at all

```
fenced
```

### Nested

**Impact**: nested
"""


def _documents() -> list[str]:
    return [_HAND] + [corpus.document(f"section-index:{index}", 20_000, corpus.MIN_SIZE, corpus.MAX_SIZE,
                                      issues=index % 3 == 0)[0] for index in range(25)]


def test_labels_within_a_section_are_the_ones_a_walk_finds() -> None:
    compared = 0
    for text in _documents():
        doc = Document.parse(Source.from_text("doc.md", text), CONFIG.catalog)
        for spec in doc.catalog.fields:
            every = doc.find_labels(spec.key)
            for section in doc.sections:
                expected = [label for label in doc.labels if spec.names_label(label.name)
                            and section.first_line <= label.line < section.end_line]
                assert doc.find_labels(spec.key, within=section) == expected
                assert expected == [label for label in every if section.first_line <= label.line < section.end_line]
                compared += len(expected)
    assert compared > 50, "hardly any label was compared"


def test_code_between_is_what_a_walk_over_the_code_lines_finds() -> None:
    found = 0
    for text in _documents():
        doc = Document.parse(Source.from_text("doc.md", text), CONFIG.catalog)
        for section in doc.sections:
            for first, end in ((section.body_first_line, section.end_line), (section.first_line, section.end_line),
                               (section.end_line, section.end_line + 3)):
                expected = any(first <= line < end for line in doc.code_lines)
                assert doc.has_code_between(first, end) == expected, (section.title, first, end)
                found += expected
    assert found > 10, "hardly any section held code"


def test_label_keys_are_the_keys_whose_spec_names_the_label() -> None:
    """``Catalog.label_keys`` (a look-up of the name's leading words) answers as asking every spec does."""
    import random

    catalog = CONFIG.catalog
    keys = list(dict.fromkeys(spec.key for spec in (*catalog.sections, *catalog.fields)))
    aliases = [alias.lstrip("=") for spec in (*catalog.sections, *catalog.fields) for alias in (spec.title, *spec.aliases)]
    pieces = ["the", "a", "our", "an", "of", "root", "cause", "impact", "(draft)", "2.", "**", ":", "&", "-", "x",
              "Impact", "  ", "Lessons", "what", "'s", "fix", "[1]", "{{ owner }}", "Summary", "timeline", ""]
    rng = random.Random(19)
    names = [f"{rng.choice(pieces)} {alias} {rng.choice(pieces)}" for alias in aliases]
    names += [" ".join(rng.choice(pieces + aliases) for _ in range(rng.randint(0, 5))) for _ in range(3000)]
    names += ["", "The", "the ", "Impacts", "Impact", "root-cause", "THE Root Cause of it"]
    matched = 0
    for name in names:
        expected = tuple(key for key in keys if catalog.section(key).names_label(name))
        assert catalog.label_keys(name) == expected, name
        matched += bool(expected)
    assert matched > 500, "hardly any name named a key"
    # the same name twice: the remembered answer
    assert catalog.label_keys(names[0]) == tuple(key for key in keys if catalog.section(key).names_label(names[0]))
