"""Escaping for output: nothing a document, file name or config holds acts on a terminal or CI log.

Three threats, all from text pmlint echoes (file names, config keys and values, the words a finding
quotes from the document):

- terminal control: ESC starts ANSI sequences (CSI colours and cursor moves, OSC titles and
  hyperlinks), C1 controls (U+0080-U+009F) do the same on terminals that take 8-bit controls, and
  bidirectional overrides reorder what is shown ("Trojan Source");
- line forging: a CR or LF (or U+2028/U+2029, which some log viewers break on) starts a new line that
  the document, not pmlint, wrote, such as ``::error file=a.md::Forged`` or ``::stop-commands::``
  for the GitHub Actions runner, which reads workflow commands from every line of a step's output;
- the runner's legacy command syntax, ``##[command]``, which it finds anywhere in a line.

``for_terminal`` turns each such character into a visible escape in the style of Python's ``repr``
(``\\x1b``, ``\\n``, ``\\u202e``; a byte of a non-UTF-8 file name, held as a lone surrogate, becomes
``\\xff``), so an ordinary name or message comes out unchanged and a hostile one is shown, not
obeyed. ``for_json`` does the same inside JSON text with JSON's own escapes, which leave the decoded
value unchanged.
"""
from __future__ import annotations

import re

# C0 controls except tab, DEL, C1 controls, the line and paragraph separators, the bidirectional
# marks, embeddings, overrides and isolates, and lone surrogates (undecodable bytes of a file name).
_LINE_BREAKS = "\n\r"
_OTHER_CONTROLS = ("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                   "\u2066-\u2069\ud800-\udfff")
# The runner's legacy commands start with "##[" anywhere in a line; "#\x23[" shows the same text
# without the sequence (in JSON, "\u0023" decodes back to "#").
_LEGACY_COMMAND = "##["
_UNSAFE = re.compile(f"[{_LINE_BREAKS}{_OTHER_CONTROLS}]|##\\[")
_UNSAFE_KEEPING_LINES = re.compile(f"[{_OTHER_CONTROLS}]|##\\[")
# In a workflow command's message and properties the runner's own escapes (%0A, %0D) carry line breaks
# faithfully, and the whole line is one command, so "##[" inside it is data: only the rest is escaped.
_ANNOTATION_UNSAFE = re.compile(f"[{_OTHER_CONTROLS}]")
# JSON output escapes C0 controls itself; what it leaves raw is escaped here.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]|##\\[")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def for_terminal(text: str, *, keep_line_breaks: bool = False) -> str:
    """``text`` with every control character, bidi control and legacy command prefix made visible.

    Tab is kept, and so are CR and LF with ``keep_line_breaks`` (for a format that escapes them
    itself, such as an XML attribute). Ordinary text, including printable non-ASCII, is returned as it is.
    """
    pattern = _UNSAFE_KEEPING_LINES if keep_line_breaks else _UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_visible, text)


def path_at_line_start(path: str) -> str:
    """``path`` (already escaped) for the start of an output line: a relative name that would read as a
    workflow command there (``::error file=a.md::Forged.md``) is written as ``./::error ...``, the same
    file, which the runner does not read as one."""
    return "./" + path if path.lstrip().startswith("::") else path


def for_annotation(text: str) -> str:
    """``text`` for a GitHub workflow command: as ``for_terminal``, but CR and LF are left for the
    command's own escaping (``%0D``, ``%0A``), which the runner undoes, and ``##[`` is left as data."""
    if _ANNOTATION_UNSAFE.search(text) is None:
        return text
    return _ANNOTATION_UNSAFE.sub(_visible, text)


def for_json(text: str) -> str:
    """Serialized JSON with the characters a terminal would obey replaced by ``\\uXXXX`` escapes.

    ``json.dumps(..., ensure_ascii=False)`` already escapes C0 controls; this escapes DEL, C1
    controls, line separators, bidi controls and lone surrogates, and breaks up ``##[``. Those
    characters can only occur inside JSON strings, where the escape decodes to the same value.
    """
    if _JSON_UNSAFE.search(text) is None:
        return text
    return _JSON_UNSAFE.sub(_json_escape, text)


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char == _LEGACY_COMMAND:
        return "#\\x23["
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        # A byte that was not UTF-8, kept by the file system decoding as a lone surrogate.
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    text = match.group()
    if text == _LEGACY_COMMAND:
        return "\\u0023#["
    return f"\\u{ord(text):04x}"
