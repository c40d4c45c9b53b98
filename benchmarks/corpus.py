"""A deterministic generator of realistic incident post-mortems in Markdown, for pmlint's benchmark.

Every document comes from its own ``random.Random`` seeded with a string (``"corpus:7:42"``): string
seeds are hashed with SHA-512 by ``random``, not with Python's randomised ``hash()``, and nothing
here reads the clock or iterates over a set, so the same seed gives byte-identical files on any
machine and in any process.

The documents vary the way real post-mortems do: YAML front matter (title, date, authors, status)
in most; an executive summary as labelled bullets, bold labels, a two-column table or prose; a
timeline as a table, a bullet or numbered list, ``**HH:MM**`` lines or a heading per entry, in UTC
or sometimes PST, ``+02:00`` or no zone at all, spanning days with date headings, with a few entries
out of order; a root cause analysis with five whys; what went well and wrong; action items as
tables, task lists or grouped lists with owners, due dates (some missing, ``ASAP`` or a quarter)
and ticket links; code blocks, inline code, URLs, images, HTML comments, block quotes and nested
lists. About a fifth of the documents (``LANGUAGE_ISSUE_RATE``) blame people ("Sarah forgot to
update ..."), use charged words ("a disaster", "sloppy") and put jargon and bare acronyms in the
summary. Only those, and about 3% of the others, whose sentences merely look like blame ("Omar
restarted the service, but the health check failed again"), have a blame word near a person, which is
what makes pmlint import spaCy.

A document grows to its target size by adding timeline entries, paragraphs, list items, action
items and appendix sections, never by copying a block.

    generate(directory, count, seed=7)   the benchmark corpus: ``count`` files of 2 KB to 40 KB
    typical_document(seed)               one ~8 KB post-mortem with a blame phrase
    clean_document(seed)                 one ~8 KB post-mortem no language rule can match
    big_document(size_bytes, seed)       one very long post-mortem of about ``size_bytes`` bytes

This module is that interface and the check that a clean document is clean; the scenarios and sentence
pools are in ``benchmarks.corpus_pools``, and the writer of one document in ``benchmarks.corpus_writer``.
"""
from __future__ import annotations

import math
import random
import re
from pathlib import Path

from benchmarks.corpus_pools import RISKY
from benchmarks.corpus_writer import Writer

__all__ = ["MIN_SIZE", "MAX_SIZE", "LANGUAGE_ISSUE_RATE", "generate", "typical_document", "clean_document",
           "big_document", "document"]

# Sizes of generated corpus files, in bytes (UTF-8): 2 KiB to 40 kB.
MIN_SIZE = 2_048
MAX_SIZE = 40_000
# The share of corpus documents with blame, charged words and jargon in the summary.
LANGUAGE_ISSUE_RATE = 0.2
# The share of the other documents with sentences that only look like blame (a system as the actor).
NEAR_MISS_RATE = 0.08
TYPICAL_SIZE = 8_192

# Jargon terms (pmlint's wordlists/jargon.txt) and acronyms, kept out of a clean document's summary.
_JARGON = re.compile(r"\b(?:backfill|backpressure|blast radius|cache invalidation|canary|circuit breaker|"
                     r"connection pool|CrashLoopBackOff|cutover|deadlock|failover|idempotent|k8s|latency|OOMKilled|"
                     r"p50|p95|p99|"
                     r"race condition|replica|runbook|segfault|shard|sharding|stack trace|thundering herd)s?\b",
                     re.IGNORECASE)
_COMMON_ACRONYMS = frozenset("AM PM UTC GMT PST ID IDs OK US EU UK".split())
_ACRONYM = re.compile(r"(?<![\w\-./@#])[A-Z]{2,}s?(?![\w\-/@])")


# -- the public interface ------------------------------------------------------------------------------

def document(seed_text: str, target: int, low: int, high: int, *, issues: bool, strict: bool = False,
             near_miss: bool = False, big: bool = False) -> tuple[str, Writer]:
    """One post-mortem from its own generator seeded with ``seed_text``, of ``low`` to ``high`` bytes."""
    writer = Writer(random.Random(seed_text), seed_text, issues=issues, strict=strict, near_miss=near_miss, big=big)
    return writer.sized(target, low, high), writer


def generate(directory: Path, count: int, seed: int = 7, size: int | None = None) -> list[Path]:
    """Write ``count`` post-mortems of 2 KB to 40 KB into ``directory``; the paths, in the order written.

    Sizes follow a triangular distribution of their logarithm, like real post-mortems: half are under
    about 6 KB, a quarter over 10 KB, a few near 40 KB. Every fifth document (``LANGUAGE_ISSUE_RATE``)
    has blame, and usually charged words and jargon in the summary. With ``size`` (bytes), every document
    is about that size instead (within 10%), from other seeds (``corpus:SEED:s:SIZE:INDEX``): the peer
    benchmark's files (benchmarks/peers.py); without it the bytes are those of earlier versions.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    period = round(1 / LANGUAGE_ISSUE_RATE)
    paths = []
    for index in range(count):
        chooser = random.Random(f"corpus:{seed}:{index}:shape")
        target = int(math.exp(chooser.triangular(math.log(2_300), math.log(38_000), math.log(3_500))))
        issues = index % period == seed % period
        near_miss = not issues and chooser.random() < NEAR_MISS_RATE
        if size is None:
            text, writer = document(f"corpus:{seed}:{index}", target, MIN_SIZE, MAX_SIZE, issues=issues,
                                    near_miss=near_miss)
        else:
            text, writer = document(f"corpus:{seed}:s:{size}:{index}", size, int(size * 0.9), int(size * 1.1),
                                    issues=issues, near_miss=near_miss)
        path = directory / f"{writer.start.date().isoformat()}-{writer.scn.slug}-{index:05d}.md"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def typical_document(seed: int = 7) -> str:
    """One post-mortem of about 8 KB with a blame phrase (so pmlint's blame rule parses text with spaCy)."""
    return document(f"typical:{seed}", TYPICAL_SIZE, 7_500, 9_000, issues=True)[0]


def clean_document(seed: int = 7) -> str:
    """One post-mortem of about 8 KB whose text no language rule (PM401-PM403) can match.

    No blame verb, possessive fault or "human error" anywhere (pmlint's blame prefilter finds nothing, so
    spaCy is never imported), no charged word, and a summary in plain words without acronyms or jargon.
    """
    text = document(f"clean:{seed}", TYPICAL_SIZE, 7_500, 9_000, issues=False, strict=True)[0]
    problem = _clean_problem(text)
    if problem:
        raise RuntimeError(f"clean_document({seed}) is not clean: {problem}")
    return text


def big_document(size_bytes: int, seed: int = 7) -> str:
    """One very long post-mortem of ``size_bytes`` bytes (within 5%): a timeline of thousands of entries
    over many days, long analyses and many appendix sections, with a few blame and charged sentences."""
    low, high = int(size_bytes * 0.95), int(size_bytes * 1.05)
    return document(f"big:{seed}:{size_bytes}", size_bytes, low, high, issues=True, big=True)[0]


def _clean_problem(text: str) -> str | None:
    """What in ``text`` could match a language rule, or None."""
    prose = re.sub(r"```.*?```|~~~.*?~~~|`[^`\n]*`", "", text, flags=re.DOTALL)
    found = RISKY.search(prose)
    if found:
        return f"risky word {found.group(0)!r}"
    summary = re.search(r"^## (?:\d+\. )?(?:Executive Summary|Summary|Overview)\n(.*?)(?=^## )", text,
                        re.DOTALL | re.MULTILINE)
    if summary is None:
        return "no summary section"
    body = summary.group(1)
    found = _JARGON.search(body)
    if found:
        return f"jargon {found.group(0)!r} in the summary"
    for match in _ACRONYM.finditer(body):
        if match.group(0) not in _COMMON_ACRONYMS:
            return f"acronym {match.group(0)!r} in the summary"
    return None
