"""The rules: one module per family of checks, and the registry of every check by rule code.

Each check is a small pure function registered under its rule code (see
:mod:`pmlint.checks.registration`)."""
from __future__ import annotations

from pmlint.checks.registration import (
    _LANGUAGE_INPUTS,
    _REGISTRY,
    CheckFunction,
    LanguageInput,
)


def registry() -> dict[str, CheckFunction]:
    """Every implemented check, by rule code."""
    from pmlint.checks import (  # noqa: F401  (importing registers the checks)
        action_rules,
        blame_rule,
        charged,
        jargon,
        meta,
        publication_rules,
        root_cause_rules,
        structure,
        timeline_rules,
        tracking,
    )

    return dict(_REGISTRY)


def language_inputs() -> dict[str, LanguageInput]:
    """The language rules' input functions, by rule code."""
    registry()
    return dict(_LANGUAGE_INPUTS)
