"""pmlint/lsp/positions.py: pmlint's character columns and the protocol's code units, worked out by hand.

Also the rule names of a suppression comment that a hover explains (pmlint/lsp/linting.py). Neither
needs pygls: these run without the lsp extra.
"""
from __future__ import annotations

from pmlint.lsp.linting import rule_at
from pmlint.lsp.positions import UTF8, UTF16, UTF32, LineIndex


def test_columns_become_utf16_units_past_astral_characters() -> None:
    index = LineIndex("a\U0001F600b\ncd", UTF16)
    assert index.to_client(1, 1) == (0, 0)
    assert index.to_client(1, 3) == (0, 3)  # 'b': after 'a' (1 unit) and the emoji (2 units)
    assert index.to_client(2, 2) == (1, 1)
    assert index.to_pmlint(0, 3) == (1, 3)
    assert index.to_pmlint(0, 2) == (1, 2)  # inside the surrogate pair: the emoji itself


def test_a_bom_is_one_unit_of_the_first_line_only_and_crlf_one_line_end() -> None:
    index = LineIndex("\ufeffab\r\ncd\rx\ny", UTF16)
    assert index.to_client(1, 2) == (0, 2)  # 'b': the BOM, then 'a'
    assert index.to_client(2, 2) == (1, 1)  # 'd': no BOM on the second line
    assert index.to_client(3, 1) == (2, 0)  # a CR alone ends a line too
    assert index.to_client(4, 1) == (3, 0)
    assert index.to_pmlint(0, 2) == (1, 2)
    assert index.line_units(0) == 3


def test_utf8_and_utf32_positions() -> None:
    text = "é\U0001F600x"
    assert LineIndex(text, UTF8).to_client(1, 3) == (0, 6)  # é is 2 bytes, the emoji 4
    assert LineIndex(text, UTF32).to_client(1, 3) == (0, 2)
    assert LineIndex(text, UTF8).to_pmlint(0, 6) == (1, 3)


def test_rule_names_in_a_suppression_comment() -> None:
    line = "<!-- pmlint-disable-next-line PM401, charged-language -->"
    assert rule_at(line, line.index("PM401") + 1) == "PM401"
    assert rule_at(line, line.index("PM401") + 5) == "PM401"
    assert rule_at(line, line.index("charged") + 3) == "charged-language"
    assert rule_at(line, 2) is None
    assert rule_at("See PM401 in the docs.", 6) is None


