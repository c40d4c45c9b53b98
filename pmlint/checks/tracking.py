"""PM305 action-tracking (opt-in): IDs, statuses and ticket links that make action items trackable."""
from __future__ import annotations

from collections.abc import Iterator

from pmlint.checks.registration import RuleContext, check
from pmlint.model import Violation
from pmlint.reading.action_items import action_sections
from pmlint.reading.document import Document


@check("PM305")
def action_tracking(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report items without a unique ID, with a status outside the allowed set, or with no ticket link."""
    require_id = bool(context.options.get("require-id", True))
    require_link = bool(context.options.get("require-link", True))
    allowed = [str(status) for status in context.options.get("statuses", ())]
    allowed_folded = {status.casefold() for status in allowed}
    first_line_of: dict[str, int] = {}
    for section in action_sections(doc):
        for item in section.items:
            if require_id:
                key = (item.id or "").strip().casefold()
                if not key:
                    yield Violation(item.span)
                elif key in first_line_of:
                    yield Violation(item.span, kind="duplicate", args={"id": item.id, "other_line": first_line_of[key]})
                else:
                    first_line_of[key] = item.line
            status = (item.status or "").strip()
            if allowed_folded and status and status.casefold() not in allowed_folded and status not in ("open", "done"):
                yield Violation(item.span, kind="status", args={"status": status, "allowed": ", ".join(allowed)})
            if require_link and not item.links:
                yield Violation(item.span, kind="link")
