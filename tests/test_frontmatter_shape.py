"""Issue 19: front matter of scalars and lists of scalars skips the shape walk, with the walk's answer.

``frontmatter._flat`` says when ``_shape_problem`` can answer None without walking the values; compared
with the walk on generated values, aliases (one list in two places, a list in itself) and the limit.
"""
from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmlint.reading import frontmatter

_SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.dates()
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(max_size=3), inner, max_size=4), max_leaves=20)


def _walked(data: object, monkeypatch: pytest.MonkeyPatch) -> str | None:
    with monkeypatch.context() as patch:
        patch.setattr(frontmatter, "_flat", lambda data: False)
        return frontmatter._shape_problem(data)


@settings(max_examples=400, deadline=None)
@given(_VALUES, st.booleans())
def test_the_shortcut_gives_the_walks_answer(data: object, shared: bool) -> None:
    if shared and isinstance(data, dict) and data:
        key = next(iter(data))
        data["again"] = data[key]  # one value in two places, as a YAML alias puts it
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert frontmatter._shape_problem(data) == _walked(data, monkeypatch)


def test_a_list_in_itself_is_not_flat(monkeypatch: pytest.MonkeyPatch) -> None:
    loop: list[object] = ["a"]
    loop.append(loop)
    assert not frontmatter._flat({"authors": loop})
    assert frontmatter._shape_problem({"authors": loop}) == "a value contains itself through an alias"


@pytest.mark.parametrize("items", [4_998, 4_999])  # the mapping, key, value, and each item and its index: 9,999, 10,001
def test_the_limit_is_the_walks(items: int, monkeypatch: pytest.MonkeyPatch) -> None:
    data = {"a": ["x"] * items}
    assert frontmatter._flat(data) == (items == 4_998)
    assert frontmatter._shape_problem(data) == _walked(data, monkeypatch)


def test_ordinary_front_matter_is_flat() -> None:
    assert frontmatter._flat({"title": "t", "date": datetime.date(2024, 1, 2), "authors": ["a", "b"], "n": 3})
    assert not frontmatter._flat({"owner": {"team": "x"}})
    assert not frontmatter._flat(["not", "a", "mapping"])
