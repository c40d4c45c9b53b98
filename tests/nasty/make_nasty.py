"""Write the regression corpus of nasty inputs in this directory, deterministically.

    python tests/nasty/make_nasty.py          # (re)write every small file, report sizes
    python tests/nasty/make_nasty.py --check  # exit 1 if a committed file differs from what is generated

Every file is an input pmlint must survive without a traceback, a hang or a span outside the file:
undecodable bytes (binary, NUL, invalid UTF-8, UTF-16/32), degenerate files (empty, only a BOM,
only line ends), pathological Markdown (deep nesting, unclosed syntax, huge tables), hostile front
matter (alias bombs, recursive aliases, Python tags, deep nesting) and the smallest reproducers of
bugs the fuzz tests found. ``tests/test_nasty_inputs.py`` runs the real CLI on each one.

Small files (``SMALL``) are committed (each under 300 KB, all together under 2 MB). Big ones
(``large_cases()``) are built at test time in a temporary directory, never committed.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAX_FILE = 300 * 1024
MAX_TOTAL = 2 * 1024 * 1024

# A complete, clean post-mortem used as the body of several files (kept here so the corpus does not
# change when the test suite's own fixtures do).
BODY = """\
# Payment queue backlog

## Executive Summary

- **Impact:** About 300 merchants saw delayed payouts; no payments were lost.
- **Duration:** 40 minutes, from 09:10 to 09:50 UTC on 2 February 2026.
- **Root Cause:** A worker limit lowered for a load test was never restored.
- **Status:** Resolved. The limit is restored.

## Timeline (UTC)

| Time  | Event |
|-------|-------|
| 09:10 | The queue-depth alert fires. |
| 09:41 | The worker limit is raised back to 64. |
| 09:50 | The queue drains and the incident is resolved. |

## Root Cause Analysis

A load test lowered the worker limit and the checklist has no step to restore it.

## What Went Well

- The queue-depth alert fired within a minute.

## What Went Wrong

- The worker limit change had no expiry date.

## Action Items

| ID | Action | Owner | Due | Status |
|----|--------|-------|-----|--------|
| AI-1 | Add a restore step to the load-test checklist | Ana Silva | 2026-02-20 | Not started |

## Lessons Learned

Temporary settings need an expiry date.
"""
B = BODY.encode("utf-8")
MIDDLE = len(B) // 2


def _bomb(key: str, depth: int = 10, width: int = 9) -> str:
    """A "billion laughs" YAML alias bomb: width**depth strings from a few lines."""
    lines = ["---", "l0: &l0 [" + ", ".join(['"Ana Silva"'] * width) + "]"]
    for level in range(1, depth):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    lines.append(f"{key}: *l{depth - 1}")
    return "\n".join(lines + ["---", ""])


def _unclosed() -> str:
    openers = ["[", "(", "`", "*", "_", "![", "[a](", "<", "**a", "~~", "&", "\\", "<!--", "[^", "](", "{{", "``a"]
    return "# Unclosed\n\n" + "".join(opener * 2000 + "\n\n" for opener in openers)


def _table(columns: int, rows: int) -> str:
    header = "| " + " | ".join(f"c{index}" for index in range(columns)) + " |"
    delimiter = "|" + "---|" * columns
    body = ["| " + " | ".join(f"{index % 24:02d}:{index % 60:02d}" for index in range(columns)) + " |"] * rows
    return "## Timeline (UTC)\n\n" + "\n".join([header, delimiter, *body]) + "\n"


def _ragged_table() -> str:
    rows = ["| Time (UTC) | Event | Owner |", "|---|---|"]
    for width in range(0, 40):
        rows.append("|" + "|".join(f" 09:{width % 60:02d} \\| a `b|c` \\\\| " for _ in range(width)))
    rows += ["", "| Action | Owner | Due |", "| Fix | @sam | 2026-04-01 |", "| no delimiter row above |"]
    rows += ["", "Time | Event", "--- | ---", "| | |", "|", "||", "|||", "\\|\\|\\|", "| `|` | \\| |"]
    return "## Timeline\n\n" + "\n".join(rows) + "\n"


# Name -> bytes. Kept in a stable order; every value is built the same way on every run.
SMALL: dict[str, bytes] = {
    # -- undecodable bytes: exit 2, one located message, the other files still linted ------------
    "binary-png.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "nul-bytes.md": b"# Title\n\n\x00\x00\x00 text after NULs\n",
    "nul-after-binary-sniff.md": b"# Title\n\n" + b"words " * 1500 + b"\n\n\x00 a NUL past the first 8 KB\n",
    "invalid-utf8-middle.md": B[:MIDDLE] + b"\xff\xfe\xfd" + B[MIDDLE:],
    "invalid-utf8-surrogate.md": B[:MIDDLE] + b"\xed\xa0\x80" + B[MIDDLE:],
    "invalid-utf8-overlong.md": B[:MIDDLE] + b"\xc0\xaf" + B[MIDDLE:],
    "invalid-utf8-truncated-at-end.md": B + b"\xe2\x82",
    "invalid-utf8-after-8k.md": b"# Title\n\n" + b"words " * 1500 + b"\n\ncaf\xe9\n",
    "invalid-utf8-cr-lines.md": B.replace(b"\n", b"\r")[:200] + b"\x80" + B.replace(b"\n", b"\r")[200:],
    "latin1.md": "# Café\n\nDéjà vu: the façade fell.\n".encode("latin-1"),
    "cp1252-smart-quotes.md": b"# Title\n\n\x93quoted\x94 \x96 dash\n",
    "utf16-le-bom.md": BODY.encode("utf-16"),
    "utf16-be-bom.md": b"\xfe\xff" + BODY.encode("utf-16-be"),
    "utf16-le-no-bom.md": BODY.encode("utf-16-le"),
    "utf16-be-no-bom.md": BODY.encode("utf-16-be"),
    "utf32-le-bom.md": BODY.encode("utf-32"),
    "odd name ü #1.md": BODY.encode("utf-16"),
    # -- degenerate but decodable ------------------------------------------------------------------
    "empty.md": b"",
    "bom-only.md": b"\xef\xbb\xbf",
    "bom-twice.md": b"\xef\xbb\xbf\xef\xbb\xbf# Title\n",
    "bom-then-crlf.md": b"\xef\xbb\xbf\r\n\r\n",
    "bom-in-the-middle.md": B[:MIDDLE] + b"\xef\xbb\xbf" + B[MIDDLE:],
    "whitespace-only.md": b" \t \n\n\t\n   \n\xc2\xa0\n\xe3\x80\x80\n",
    "crlf-only.md": b"\r\n" * 200,
    "lone-cr.md": b"\r",
    "lf-cr-pairs.md": b"\n\r" * 200 + b"# T\n\r",
    "cr-line-ends.md": B.replace(b"\n", b"\r"),
    "crlf-line-ends.md": B.replace(b"\n", b"\r\n"),
    "mixed-line-ends.md": b"".join(line + (b"\r\n", b"\n", b"\r")[number % 3]
                                   for number, line in enumerate(B.split(b"\n"))),
    "unicode-line-separators.md": "# Title\u2028Two\u2029\n\nA\u0085B\x0bC\x0cD\x1cE\x1dF\x1eG\n".encode("utf-8"),
    "control-characters.md": ("# Title " + "".join(chr(code) for code in range(1, 32)) + "\x7f"
                              + "".join(chr(code) for code in range(0x80, 0xa0)) + "\n\n- 14:05\x1b[31m red\n").encode(),
    "rtl-zero-width-emoji.md": ("# \u202eSummary\u202c Executive\u200b Summary\n\n"
                                "## Time\u200dline (UTC)\n\n- 09:10 \u05e9\u05dc\u05d5\u05dd \U0001f468\u200d\U0001f469\u200d\U0001f467 "
                                "e\u0301\u0301\u0301 \ufe0f\u20e3 \U0001f1fa\U0001f1f8 a\u00a0disaster\u00a0here\n"
                                "- 09:11 \u0130stanbul \ufb03 stra\u00dfe \u01c5 ob\u00advious\u200bly\n").encode("utf-8"),
    # -- pathological Markdown ---------------------------------------------------------------------
    "nested-quotes-10000.md": (">" * 10000 + " deep\n\n" + "> " * 10000 + "deeper\n").encode(),
    "nested-lists-5000.md": ("- " * 5000 + "item\n\n" + "1. " * 3000 + "item\n\n" + "- [ ] " * 2000 + "task\n").encode(),
    "nested-lists-indented-200.md": "".join("  " * depth + "- 14:05 item\n" for depth in range(200)).encode(),
    "nested-quote-list-mix.md": ("> - " * 2500 + "x\n\n" + "- > " * 2500 + "y\n").encode(),
    "unclosed-2000.md": _unclosed().encode(),
    "table-500-columns.md": _table(500, 10).encode(),
    "table-ragged.md": _ragged_table().encode(),
    "html-nesting-5000.md": ("<div>" * 5000 + "\n\nJohn forgot to\n\n" + "</div>" * 5000 + "\n").encode(),
    "html-unclosed-comment.md": b"# Title\n\n<!-- never closed\n\n## Timeline\n\n- 14:05 a disaster\n",
    "fences-unclosed.md": b"# T\n\n```\n## Timeline\n~~~~\n````\n<!-- pmlint-disable-file -->\n",
    "fences-every-kind.md": b"".join(b"%s%s\n# in code %d\n" % (b" " * (n % 4), (b"`", b"~")[n % 2] * (3 + n % 5), n)
                                     for n in range(400)),
    "entities.md": "# T &#0; &#xD800; &#99999999; &#x110000; &nosuch; &amp;&amp; &ThickSpace;\n\n- 14:05 &#x1F525;\n".encode(),
    "link-reference-definitions.md": ("".join(f"[r{n}]: https://example.com/{n} \"t\"\n" for n in range(2000))
                                      + "\n" + " ".join(f"[a disaster][r{n}]" for n in range(2000)) + "\n").encode(),
    "setext-ambiguity.md": b"Title\n===\n- item\n---\n| a |\n---\n> q\n===\n```\n---\n```\n---\n===\n",
    "tabs-everywhere.md": b"#\tTimeline\n\n-\t14:05\tx\n\t-\t14:06\ty\n\t\t\t-\t[ ]\tz\n|\ta\t|\tb\t|\n|-\t|-|\n",
    "headings-degenerate.md": b"#\n##\n#######\n# #\n##    ##\n#\\#\n #  Timeline  ### \n=\n-\n\\#\n",
    "suppression-odd.md": ("<!-- pmlint-disable -->\n<!-- pmlint-enable -->\n<!--pmlint-disable-next-line-->\n"
                           "<!-- pmlint-disable-next-line PM999, , ,nope -->\n<!-- pmlint-disable-file \u200b -->\n"
                           "<!-- pmlint-disable-next-line\nPM402\n-->\n<!-- <!-- pmlint-disable --> -->\n"
                           "```\n<!-- pmlint-disable-file -->\n```\n\nIt was a disaster. <!-- pmlint-disable-next-line -->\n"
                           "<!-- pmlint-disable-next-line PM402 -->\n").encode(),
    # -- front matter --------------------------------------------------------------------------------
    "yaml-billion-laughs.md": (_bomb("tags") + "# Title\n\nThe cache failed.\n").encode(),
    "yaml-python-object.md": (b"---\ntitle: !!python/object/apply:os.system ['touch pmlint-pwned']\n"
                              b"new: !!python/object/new:os.system ['touch pmlint-pwned']\n---\n# Title\n"),
    "yaml-python-name.md": b"---\nauthors: !!python/name:os.system\n---\n# Title\n\nJohn forgot to check.\n",
    "yaml-deep-nesting.md": ("---\na: " + "[" * 5000 + "]" * 5000 + "\nb: " + "{x: " * 3000 + "1" + "}" * 3000
                             + "\n---\n# Title\n").encode(),
    "yaml-non-mapping.md": b"---\n- just\n- a list\n---\n# Title\n\n---\n42\n---\n",
    "yaml-scalar-and-null.md": b"---\n~\n---\n# Title\n",
    "yaml-bad-values.md": b"---\ndate: 2026-13-45\nbig: 1e999999\nwhen: 2026-02-30T25:61:00Z\nb: !!binary ###\n---\n# T\n",
    "yaml-unclosed.md": b"---\ntitle: Outage\nauthors: [Ana\n\n# Title\n",
    "yaml-only-fences.md": b"---\n---\n",
    "yaml-dots-closer-tabs.md": b"---\n\ttitle: x\n...\n# T\n",
    "toml-deep-nesting.md": ("+++\na = " + "[" * 3000 + "]" * 3000 + "\nb = " + "{c = " * 2000 + "1" + "}" * 2000
                             + "\n[" + ".".join(f"k{n}" for n in range(3000)) + "]\nx = 1\n+++\n# Title\n").encode(),
    "toml-invalid.md": b"+++\ntitle = \ndate = 2026-13-45\n[[[x]]]\n+++\n# T\n",
    "toml-unclosed.md": b"+++\ntitle = \"x\"\n\n# T\n",
    # -- smallest reproducers of bugs the fuzz tests found --------------------------------------------
    # PM401 crashed (RecursionError) on a recursive YAML alias in a people key of the front matter.
    "bug-yaml-recursive-alias.md": b"---\nauthors: &a [Ana, *a]\n---\n# John forgot to restart the proxy\n",
    # PM401 walked every string of an alias bomb under a people key: exponential time and memory.
    "bug-yaml-billion-laughs-people.md": (_bomb("authors") + "# Title\n\nJohn forgot to check.\n").encode(),
    # PM101 crashed (OverflowError): a time after midnight following 23:59 on 9999-12-31.
    "bug-timeline-rollover-year-9999.md": b"## Timeline\n\n- 9999-12-31 23:59 UTC start\n- 00:10 end\n",
    # PM101 crashed (OverflowError) converting times at the edges of datetime's range to UTC.
    "bug-timeline-offset-year-1.md": b"## Timeline\n\n- 0001-01-01T00:05+01:00 start\n",
    "bug-timeline-offset-year-9999.md": b"## Timeline\n\n- 9999-12-31T23:59-05:00 start\n",
    # A NUL past the binary sniff (first 8 KB) in an indented continuation line shifted every span of
    # the line by its indentation: PM402 pointed at "d more w" instead of "disaster".
    "bug-nul-past-8k-shifts-spans.md": (b"# T\n\n" + b"padding words here\n" * 500
                                        + b"\nt\n        \x00It was a disaster and more words here\n"),
    # An indented continuation line starting with an entity: its words were mapped onto the blanks of
    # the indentation (PM401 flagged "   ", PM402 flagged " ").
    "bug-entity-after-indent-shifts-spans.md": (b"# T\n\nSome text\n              &amp; John forgot to restart it\n\n"
                                                b"x\n            &copy; it was a disaster\n"),
    # A longer backtick run inside a code span was taken for its end: the span of the prose after the
    # code started inside the code (PM402 flagged "s fire `a stupid mistake").
    "bug-code-span-longer-backtick-run.md": b"# T\n\nx `14:05 ```14:05 Alerts fire `a stupid mistake\n",
    # A list item's continuation line indented with a tab: markdown-it turns the part of the tab past
    # the item's indentation into spaces, and every span of the line moved right by them.
    "bug-tab-indented-continuation-shifts-spans.md": b"# T\n\n- The outage\n\twas a disaster for the team\n",
    # --fix wrote "MAJOR INCIDENT" into the summary, where PM403 reads both words as acronyms: the fix
    # round found something new and --fix/--diff stopped with "fixes not applied" (exit 2).
    "bug-fix-all-caps-adds-acronyms.md": b"## Executive Summary\n\nThe outage was a DISASTER.\n",
    # -- issue 15: output injection and small fixes (tests/test_output_injection.py, test_regressions.py) --
    # Terminal controls, bidi overrides, a C1 CSI and the runner's legacy "##[" command in text that
    # PM401 suggestions and PM901 messages quote.
    "output-injection.md": ("# Post-mortem with hostile text\n\nDave forgot the \u009b2Jconfig push.\n\n"
                            "Ann forgot to restore the \u202elimit.\n\nThe rollout was obviously rushed.\n\n"
                            "<!-- pmlint-disable-next-line \x1b]0;pwned\x07 ##[stop-commands]tok \x1b[2J "
                            "\u2028::error::x -->\nLast line.\n").encode(),
    # Inline HTML code elements hold code, keys and output, not prose: nothing in them is linted or fixed.
    "html-code-elements.md": (b"# Deploy notes\n\nPress <kbd>Ctrl</kbd>+<kbd>C</kbd>, then run <code>obviously --careless\n"
                              b"stupid</code> and read <samp>John forgot the push</samp>; <var>blame</var> is "
                              b"<tt>foolish</tt>, <CODE class=\"x\">a disaster</CODE>.\n\n"
                              b"> Quoted <code>simply\n> careless</code> text.\n"),
    # Upper-case suppression directives (case-insensitive, as rule codes are).
    "suppression-upper-case.md": (b"<!-- PMLINT-DISABLE-FILE PM001 -->\n# T\n\n<!-- Pmlint-Disable-Next-Line pm402 -->\n"
                                  b"It was a disaster.\n\n<!-- PMLINT-DISABLE-NEXT-LINE NOPE -->\nText.\n"),
    # TOML front matter with an integer too long to convert (and a line YAML could not parse).
    "toml-long-integer.md": b"+++\nk = \"a: b: c\"\nn = " + b"1" * 5000 + b"\n+++\n# T\n",
}


# -- big inputs, built at test time ----------------------------------------------------------------


def _charged_paragraph(sentences: int) -> str:
    return "# Title\n\n" + "It was a disaster and obviously a stupid mistake. " * sentences + "\n"


LARGE: dict[str, Callable[[], bytes]] = {
    "line-1000000-a.md": lambda: b"a" * 1_000_000 + b"\n",
    "heading-100000-chars.md": lambda: b"# " + b"Timeline " * 11_111 + b"\n",
    "headings-50000.md": lambda: "".join(f"{'#' * (1 + n % 6)} Heading {n}\n" for n in range(50_000)).encode(),
    "timeline-20000-entries.md": lambda: ("## Timeline (UTC)\n\n"
                                          + "".join(f"- 2026-03-{1 + n // 1440 % 28:02d} {n // 60 % 24:02d}:{n % 60:02d} "
                                                    f"Event {n}\n" for n in range(20_000))).encode(),
    "timeline-table-20000-rows.md": lambda: ("## Timeline\n\n| Time (UTC) | Event |\n|---|---|\n"
                                             + "".join(f"| {n // 60 % 24:02d}:{n % 60:02d} | Event {n} |\n"
                                                       for n in range(20_000))).encode(),
    "front-matter-50000-lines.md": lambda: ("---\n" + "".join(f"key{n}: value {n}\n" for n in range(50_000))
                                            + "---\n" + BODY).encode(),
    "suppression-10000-rule-names.md": lambda: ("<!-- pmlint-disable " + " ".join(f"rule-{n}" for n in range(10_000))
                                                + " -->\n" + BODY).encode(),
    "table-row-100000-pipes.md": lambda: b"| Time | Event |\n|---|---|\n" + b"|" * 100_000 + b"\n",
    "nested-quotes-100000.md": lambda: b">" * 100_000 + b" deep\n",
    "nested-lists-indented-1500.md": lambda: "".join("  " * depth + "- item\n" for depth in range(1500)).encode(),
    "html-nesting-50000.md": lambda: b"<div>" * 50_000 + b"\n" + b"</div>" * 50_000 + b"\n",
    "unclosed-20000.md": lambda: b"[" * 20_000 + b"\n\n" + b"`" * 20_000 + b"\n\n" + b"*a" * 20_000 + b"\n\n"
                                 + b"<" * 20_000 + b"\n",
    "yaml-aliases-50000.md": lambda: ("---\nbase: &b {name: Ana}\nauthors: [" + ", ".join(["*b"] * 50_000)
                                      + "]\n---\n# T\n\nJohn forgot to check.\n").encode(),
    # Shapes that made pmlint's running time grow with the square of the input (see the test module).
    "charged-sentences-20000.md": lambda: _charged_paragraph(20_000).encode(),
    "section-headings-30000.md": lambda: "".join(f"{'#' * (1 + n % 6)} Timeline {n}\n" for n in range(30_000)).encode(),
    "inline-comments-40000.md": lambda: ("# T\n\n" + " ".join(f"word <!-- c{n} -->" for n in range(40_000))
                                         + "\n").encode(),
    "unclosed-comment-openers-60000.md": lambda: b"# T\n\n" + b"<!-- " * 60_000 + b"\n",
    "action-items-50000.md": lambda: ("## Action Items\n\n" + "".join(f"- [ ] Improve monitoring {n}\n"
                                                                      for n in range(50_000))).encode(),
    "bold-labels-60000.md": lambda: ("## Executive Summary\n\n"
                                     + "".join(f"**Impact {n}:** x\n" for n in range(60_000))).encode(),
    # spaCy's tokenizer strips a run of prefix characters one at a time: 100,000 '[' after a blame
    # phrase took minutes before long whitespace-free runs were parsed as plain letters.
    "blame-then-100000-brackets.md": lambda: b"# T\n\nJohn forgot to check. " + b"[" * 100_000 + b"\n",
    "blame-sentences-8000.md": lambda: ("# T\n\n" + "".join(f"John forgot to check disk {n}. " for n in range(8_000))
                                        + "\n").encode(),
}


def large_cases() -> dict[str, bytes]:
    return {name: build() for name, build in LARGE.items()}


def write(directory: Path = HERE) -> list[Path]:
    total = 0
    written = []
    for name, data in SMALL.items():
        assert len(data) < MAX_FILE, (name, len(data))
        total += len(data)
        path = directory / name
        path.write_bytes(data)
        written.append(path)
    assert total < MAX_TOTAL, total
    # Keep git from touching line ends or treating the corpus as text to normalise.
    (directory / ".gitattributes").write_bytes(b"* -text -diff\n*.py text diff\n.gitattributes text\n")
    return written


def check(directory: Path = HERE) -> list[str]:
    """Names of committed files that are missing or differ from what this script writes."""
    return [name for name, data in SMALL.items()
            if not (directory / name).is_file() or (directory / name).read_bytes() != data]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        stale = check()
        for name in stale:
            print(f"stale or missing: {name}")
        return 1 if stale else 0
    paths = write()
    total = sum(path.stat().st_size for path in paths)
    print(f"wrote {len(paths)} files, {total:,} bytes, into {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
