"""`python -m pmlint`: the command line, as the `pmlint` script runs it."""
from __future__ import annotations

from pmlint.cli import run

run()
