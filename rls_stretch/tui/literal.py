"""Text from files on screen: shown as written, never read as Textual markup.

A routine named "Press [Enter] now" must show its brackets, and one holding "[/]" must not
crash the player with a MarkupError. Every widget that shows a file's text (or a message
quoting it) gets it through `literal`: a Content object, which Textual never parses, of the
text with control characters written out (rls_stretch.routine.text.printable).
"""

from __future__ import annotations

from textual.content import Content

from rls_stretch.routine.text import printable


def literal(text: str) -> Content:
    return Content(printable(text))
