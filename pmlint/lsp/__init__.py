"""The language server (``pmlint lsp``): diagnostics, quick fixes and hovers in an editor, over stdio.

``positions`` converts between pmlint's character columns and the protocol's code units, ``linting``
lints an editor's text with one Engine per server (no protocol types), and ``server`` speaks the
protocol through pygls (the optional extra ``pmlint[lsp]``).
"""
