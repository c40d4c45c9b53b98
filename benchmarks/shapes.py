"""Document shapes that stress one part of pmlint each, for the scaling benchmark and tests/test_linear.py.

Each shape is a function of a size ``n`` (entries, headings, columns...) that returns a whole Markdown
document, deterministically (no randomness, no clock). A shape is linear when pmlint's work on
``shape(4 * n)`` is about four times its work on ``shape(n)``; ``SHAPES`` maps a name to the shape and to
the ``n`` that makes a document of about 4 MB (the size the resource target is set for).

    realistic(n)       the benchmark corpus's post-mortems concatenated: ``n`` bytes
    bare_timeline(n)   a timeline of ``n`` list items ``- 14:05 Event`` with no zone anywhere
    plain_timeline(n)  a timeline of ``n`` plain lines ``14:05 Event`` in one paragraph
    heading_timeline(n) a timeline of ``n`` headings ``### 14:05`` each with a line of text
    headings(n)        ``n`` headings ``## Section n``
    wide_table(n)      one table of ``n`` columns (a header, the delimiter row and one row)
    long_table(n)      a timeline table of ``n`` rows
    actions(n)         ``n`` action items, with owners and due dates
    labels(n)          ``n`` lines ``**Impact**: ...`` (labels a summary field is read from)
    comments(n)        ``n`` HTML comments, suppression directives among them
    list_nesting(n)    ``n`` list items, nested in runs of 20 levels
    paragraphs(n)      ``n`` short paragraphs of prose
    charged(n)         ``n`` paragraphs that each blame someone and use a charged word (PM401, PM402)
    one_paragraph(n)   one paragraph of ``n`` lines of prose that blames someone now and then
"""
from __future__ import annotations

from collections.abc import Callable

from benchmarks import corpus

_HEAD = "# Outage of the checkout service\n\n## Summary\n\nCheckout failed for some users.\n\n"


def _clock(index: int) -> str:
    minutes = index % 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def realistic(n: int) -> str:
    """The benchmark corpus's post-mortems (``corpus.document``) one after another, ``n`` bytes or just over."""
    parts: list[str] = []
    size = 0
    index = 0
    while size < n:
        text = corpus.document(f"shapes:{index}", 20_000, corpus.MIN_SIZE, corpus.MAX_SIZE,
                               issues=index % 5 == 0)[0]
        parts.append(text)
        size += len(text.encode("utf-8"))
        index += 1
    return "\n".join(parts)


def bare_timeline(n: int) -> str:
    return _HEAD + "## Timeline\n\n" + "".join(f"- {_clock(i)} Event\n" for i in range(n))


def plain_timeline(n: int) -> str:
    return _HEAD + "## Timeline\n\n" + "".join(f"{_clock(i)} Event\n" for i in range(n))


def heading_timeline(n: int) -> str:
    return _HEAD + "## Timeline\n\n" + "".join(f"### {_clock(i)}\n\nThe event.\n\n" for i in range(n))


def headings(n: int) -> str:
    return _HEAD + "".join(f"## Section {i}\n\n" for i in range(n))


def wide_table(n: int) -> str:
    return (_HEAD + "## Timeline\n\n" + "|" + "".join(f" c{i} |" for i in range(n)) + "\n"
            + "|" + "---|" * n + "\n" + "|" + "".join(f" {_clock(i)} |" for i in range(n)) + "\n")


def long_table(n: int) -> str:
    return (_HEAD + "## Timeline\n\n| Time | Event |\n|---|---|\n"
            + "".join(f"| {_clock(i)} | The event |\n" for i in range(n)))


def actions(n: int) -> str:
    return (_HEAD + "## Action items\n\n"
            + "".join(f"- [ ] Add an alert on queue depth {i} (owner: @dana, due: 2026-04-01)\n" for i in range(n)))


def labels(n: int) -> str:
    return _HEAD + "".join(f"**Impact**: {i} users could not pay.\n\n" for i in range(n))


def comments(n: int) -> str:
    return _HEAD + "".join(f"<!-- pmlint-disable-next-line PM402 -->\nNote {i}.\n\n" if i % 2 else f"<!-- note {i} -->\n\n"
                           for i in range(n))


def list_nesting(n: int) -> str:
    return _HEAD + "".join("  " * (i % 20) + f"- item {i}\n" for i in range(n))


def paragraphs(n: int) -> str:
    return _HEAD + "".join(f"The queue grew for {i} minutes before the alert.\n\n" for i in range(n))


def charged(n: int) -> str:
    names = ("Dana", "The engineer", "He", "@lee", "The on-call")
    return _HEAD + "## Root cause\n\n" + "".join(
        f"{names[i % len(names)]} forgot to renew certificate {i} and the deploy was sloppy.\n\n" for i in range(n))


def one_paragraph(n: int) -> str:
    return _HEAD + "## Root cause\n\n" + "".join(
        "The engineer forgot to renew the certificate.\n" if i % 10 == 0 else f"The queue grew for {i} minutes.\n"
        for i in range(n)) + "\n"


# name -> (shape, n for a document of about 4 MB)
SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "realistic": (realistic, 4_000_000),
    "bare_timeline": (bare_timeline, 290_000),
    "plain_timeline": (plain_timeline, 330_000),
    "heading_timeline": (heading_timeline, 160_000),
    "headings": (headings, 210_000),
    "wide_table": (wide_table, 180_000),
    "long_table": (long_table, 170_000),
    "actions": (actions, 60_000),
    "labels": (labels, 110_000),
    "comments": (comments, 110_000),
    "list_nesting": (list_nesting, 130_000),
    "paragraphs": (paragraphs, 80_000),
    "charged": (charged, 55_000),
    "one_paragraph": (one_paragraph, 120_000),
}
