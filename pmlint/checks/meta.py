"""Rules about pmlint's own input: unreadable front matter (PM900), unknown rules in suppressions (PM901)."""
from __future__ import annotations

from collections.abc import Iterator

from pmlint.checks.registration import RuleContext, check
from pmlint.model import Violation
from pmlint.reading.document import Document
from pmlint.reading.suppressions import parse_directives


@check("PM900")
def front_matter_invalid(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report front matter that cannot be parsed, at the line of the error."""
    front = doc.front_matter
    if front is None or front.error is None:
        return
    line = min(front.first_line + (front.error_line or 1), front.last_line)
    yield Violation(doc.source.line_span(line), args={"error": front.error})


@check("PM901")
def suppression_unknown_rule(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report rule names in pmlint-* comments that name no rule."""
    known = context.known_rules
    for directive in parse_directives(doc, lambda name: name if name.lower() in known else None):
        for name in directive.unknown:
            yield Violation(directive.span, args={"rule": name, "directive": directive.kind})
