"""Whether the text output is coloured: ``--color auto|always|never`` and the FORCE_COLOR / NO_COLOR conventions.

In order, the first that applies decides:

1. ``--color always`` or ``--color never`` (``--no-color`` is ``--color never``): a flag typed for this
   run wins over the environment, as no-color.org asks of command-line arguments.
2. ``FORCE_COLOR`` set to any non-empty value: colour, even when the output is not a terminal and even
   when ``NO_COLOR`` is set too (force-color.org checks it after ``NO_COLOR``, so that it wins).
3. ``NO_COLOR`` set to any non-empty value: no colour (no-color.org; an empty value counts as unset).
4. Otherwise (``auto``): colour when the output is a terminal.

Only the text format (and ``--statistics`` in text) has colours; a file written with ``--output-file``
never has any, as in ruff.
"""
from __future__ import annotations

from collections.abc import Mapping

COLOR_CHOICES = ("auto", "always", "never")


def use_color(choice: str, environ: Mapping[str, str], is_terminal: bool) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("NO_COLOR"):
        return False
    return is_terminal
