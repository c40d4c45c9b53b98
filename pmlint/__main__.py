from __future__ import annotations

from pmlint.cli import main

main()
