"""What the commands print, shared by every command that prints data."""

from __future__ import annotations

import json
import sys
from typing import Any


def emit_json(data: Any) -> None:
    """JSON as UTF-8 text, or \\u-escaped where stdout cannot take UTF-8 (still valid JSON)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    try:
        text.encode(sys.stdout.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        text = json.dumps(data, indent=2)
    sys.stdout.write(text + "\n")
