"""Issue 15, resources: the token walk passes over the kinds of token it does not read at one set lookup.

``document._WALKED_KINDS`` lists the kinds ``_Builder._walk`` reads; a kind left out of it would be
skipped silently. The kinds the walk's branches compare with are read from its source, so a branch
added later without its kind in the set fails here.
"""
from __future__ import annotations

import ast
import inspect
import textwrap

from pmlint import document


def _compared_kinds() -> set[str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(document._Builder._walk)))
    kinds: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id == "kind":
            for operator, right in zip(node.ops, node.comparators):
                if isinstance(operator, ast.Eq) and isinstance(right, ast.Constant):
                    kinds.add(right.value)
                elif isinstance(operator, ast.In) and isinstance(right, ast.Tuple):
                    kinds.update(element.value for element in right.elts if isinstance(element, ast.Constant))
    return kinds


def test_every_kind_the_walk_reads_is_walked() -> None:
    kinds = _compared_kinds()
    assert "list_item_open" in kinds and "html_block" in kinds  # the source was read
    assert kinds - {"inline"} == set(document._WALKED_KINDS)
