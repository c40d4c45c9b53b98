"""Issue 15, resources: the token walk passes over the kinds of token it does not read at one set lookup.

``builder._WALKED_KINDS`` lists the kinds ``Builder._walk`` reads; a kind left out of it would be
skipped silently. The kinds the walk's branches compare with are read from its source, so a branch
added later without its kind in the set fails here. A table row's cell with no escaped pipe is
made whole, and must be what the general way makes of it.
"""
from __future__ import annotations

import ast
import inspect
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from pmlint.config.loading import load_config
from pmlint.reading import builder, table_pieces
from pmlint.reading.document import Document
from pmlint.reading.inline import RawText
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog


def _compared_kinds() -> set[str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(builder.Builder._walk)))
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
    assert kinds - {"inline"} == set(builder._WALKED_KINDS)


# -- a table row's cells ----------------------------------------------------------------------------

def _reference_cell(cells: builder._RowCells, number: int) -> RawText:
    """A cell's raw text as it was made before the fast path for a cell with no escaped pipe."""
    line = cells._line
    first, last = cells._bounds[2 * number], cells._bounds[2 * number + 1]
    text = line[first:last]
    first += len(text) - len(text.lstrip(table_pieces.CELL_TRIM))
    last = first + len(text.strip(table_pieces.CELL_TRIM))
    raw = RawText()
    for backslash in [*(column for column in cells._escapes.get(number, ()) if first <= column < last), last]:
        raw.add(line[first:backslash], cells._line_offset + first)
        first = backslash + 1
    return raw


def _pieces(raw: RawText) -> tuple[list[str], list[int], list[int]]:
    return raw._pieces, raw._starts, raw._offsets


@given(st.lists(st.sampled_from(["|", "\\|", "\\", " ", "\t", "a", "14:05", "`x|y`", "**b**", "\\\\|"]), max_size=14),
       st.sampled_from(["", "> ", "- "]))
@settings(max_examples=1500, deadline=None)
def test_a_table_rows_cells_are_read_as_the_plain_way_reads_them(pieces: list[str], prefix: str) -> None:
    line = prefix + "".join(pieces)
    text = f"# T\n\n| a | b |\n|---|---|\n{line}\n"
    walker = builder.Builder(Document(Source.from_text("doc.md", text), CATALOG))
    walker._content_columns = {4: len(prefix)}
    cells = walker._split_row(4)
    for number in range(len(cells)):
        assert _pieces(cells[number]) == _pieces(_reference_cell(cells, number)), (line, number)
