"""PM403 jargon: technical terms and undefined acronyms in the sections written for every reader."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from pmlint.checks import RuleContext, check
from pmlint.document import Block, Document
from pmlint.model import Violation
from pmlint.wordlists import phrase_alternation

# Two or more capitals and an optional plural "s": SLO, SLOs. Names with digits (EC2, CAT1) are
# product and model names, and "TL;DR" is not two acronyms.
_ACRONYM = re.compile(r"(?<![\w\-./@#])(?<![A-Z];)([A-Z]{2,})(s?)(?![\w\-/@]|;[A-Z])")
# The lookahead admits a '(' only where the plain form, \s*\(\s*([^()\n]{3,})\), can match, so that
# spaces after an unclosed '(' are not tried again from every position (quadratic).
_EXPLANATION_AFTER = re.compile(r"\s*\((?=\s*(?:[^\s()][^()\n]{2,}|(?<=[^\S\n])[^\s()][^()\n]|(?<=[^\S\n]{2})[^\s()]"
                                r"|(?<=[^\S\n]{3}))\))\s*([^()\n]{3,})\)")


@check("PM403")
def jargon(document: Document, context: RuleContext) -> Iterator[Violation]:
    """Report jargon terms and acronyms not spelled out at first use in the audience-facing sections."""
    keys = list(context.options["sections"]) or [document.catalog.summary_section or "summary"]
    allowed = {term.casefold() for term in context.options["allow"]}
    # "SLOs" allows "SLO" too, as "SLO" allows "SLOs".
    allowed |= {term[:-1].casefold() for term in context.options["allow"] if re.fullmatch(r"[A-Z]{2,}s", term)}
    allowed |= {term.casefold() for term in context.wordlist("acronyms-common").entries}
    terms = context.wordlist("jargon")
    expansions = context.wordlist("acronym-expansions")
    jargon_pattern = _jargon_pattern(terms.entries)
    defined = _defined_acronyms(document)
    blocks: list[Block] = []
    for key in keys:
        for section in document.outermost_sections(key):
            blocks.extend(document.blocks_in(section))
    reported: set[str] = set()
    for block in sorted({block.index: block for block in blocks}.values(), key=lambda block: block.index):
        segment = block.segment
        text = segment.text
        for match in jargon_pattern.finditer(text):
            written = match.group(0)
            term = terms.entry_for(written) or (terms.entry_for(written[:-1]) if written.endswith("s") else None)
            if term is None or term.casefold() in allowed or term.casefold() in reported:
                continue
            reported.add(term.casefold())
            if _EXPLANATION_AFTER.match(text, match.end()):
                continue  # "failover (switching to a standby database)"
            plain = terms.replacements.get(term)
            yield Violation(segment.span(*match.span()), kind="default" if plain else "no-plain",
                            args={"term": " ".join(match.group(0).split()), "plain": plain or ""}, suggestion=plain)
        for match in _ACRONYM.finditer(text):
            if _in_shouted_line(text, match.start()):
                continue  # a line or heading in capitals is not a list of acronyms
            acronym = match.group(1)
            if acronym.casefold() in allowed or (acronym + match.group(2)).casefold() in allowed:
                continue
            if acronym in reported:
                continue
            reported.add(acronym)
            first_definition = defined.get(acronym)
            position = segment.source_offset(match.start())
            if first_definition is not None and first_definition <= position:
                continue
            known = expansions.entry_for(acronym)
            expansion = expansions.replacements.get(known) if known else None
            suggestion = f"{expansion} ({acronym})" if expansion else None
            yield Violation(segment.span(match.start(1), match.end(1)), kind="acronym",
                            args={"acronym": acronym}, suggestion=suggestion)


def _defined_acronyms(document: Document) -> dict[str, int]:
    """Each acronym spelled out somewhere, with the source offset of its first definition.

    "Service Level Objective (SLO)" and "SLO (service level objective)" both define SLO.
    """
    return document.view("pm403-definitions", _find_definitions)


def _find_definitions(document: Document) -> dict[str, int]:
    found: dict[str, int] = {}
    for block in document.blocks:
        text = block.segment.text
        for match in _ACRONYM.finditer(text):
            acronym = match.group(1)
            inside = text[max(0, match.start() - 1):match.start()] == "(" and text[match.end():match.end() + 1] == ")"
            if inside and _initials_before(text[:match.start() - 1], acronym):
                defines = True
            else:
                after = _EXPLANATION_AFTER.match(text, match.end())
                defines = bool(after and len(after.group(1).split()) >= 2 and after.group(1)[:1].isalpha()
                               and not _ACRONYM.fullmatch(after.group(1).strip()))
            if defines:
                offset = block.segment.source_offset(match.start())
                found[acronym] = min(offset, found.get(acronym, offset))
    return found


_SMALL_WORDS = frozenset("a an and as at by for in of on or the to with".split())


def _initials_before(text: str, acronym: str) -> bool:
    """Whether "(SLO)" follows words that could spell it out ("Service Level Objective").

    Lenient on purpose: a writer who puts an acronym in parentheses after words is defining it, and
    real expansions skip letters ("Kubernetes (K8S)", "PostgreSQL (PG)"). One of the words before
    must start with the acronym's first letter.
    """
    words = [word for word in re.findall(r"[A-Za-z][\w'-]*", text)[-(len(acronym) + 3):]
             if word.lower() not in _SMALL_WORDS]
    return any(word[0].lower() == acronym[0].lower() for word in words)


@functools.lru_cache(maxsize=16)
def _jargon_pattern(entries: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{phrase_alternation(entries)})s?(?![\w-])", re.IGNORECASE)


def _in_shouted_line(text: str, index: int) -> bool:
    """Whether the line of ``text`` holding ``index`` is mostly capitals ("THE SERVICE WAS DOWN")."""
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    letters = [char for char in text[start:end if end != -1 else len(text)] if char.isalpha()]
    return len(letters) >= 12 and sum(char.isupper() for char in letters) > 0.6 * len(letters)
