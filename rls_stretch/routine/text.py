"""Text from a file, made safe to show: control characters as visible escapes.

A routine's name, instructions or caution may hold anything a YAML escape can write
("\\e[2J", "\\x07"); sent to a terminal as is, that clears the screen or rings the bell
under a person lying in the dark. The loader passes every text it reads through
`printable`, so the model only ever holds text that shows as written, wherever it is shown
(`show`, `--plain`, `list`, `moves`, `validate` and every screen of the TUI, which in turn
shows it literally, never as markup).
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates that reorder what follows them on screen.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control character written out (ESC as `\\x1b`); tabs and line
    breaks kept, and plain text returned unchanged."""
    return _CONTROL.sub(_escape, text)
