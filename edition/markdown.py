"""Turning text into Markdown that shows literally.

Seed text and note glosses are data, never markup: every character that Markdown, Python-Markdown's
extensions or HTML could read as syntax is written as a numeric character reference. Entities are
standard Markdown (CommonMark and Python-Markdown alike) and leave the displayed text unchanged.
"""
from __future__ import annotations

import html
import re

# Characters that start or close some Markdown/extension syntax anywhere in a line:
# HTML (& < >), escapes (\), code (`), emphasis (* _), links and footnotes ([ ] !), attribute
# lists ({ }), math ($), caret/tilde/mark (^ ~ =), tables (|), emoji and definition lists (:), and
# abbreviations/headers (#).
_INLINE_SPECIALS = "&<>\\`*_[]!{}$^~=|:#"
_ESCAPES = str.maketrans({c: f"&#{ord(c)};" for c in _INLINE_SPECIALS})

# A line that starts with one of these could become a list, quote, heading or rule.
RE_BLOCK_START = re.compile(
    r"""(?mx)
    ^(?P<indent>[ \t]*)          # leading white space (kept)
    (?P<lead>[0-9+\-.>])         # list marker, numbered list digit, quote marker or rule
    """
)


def _ref(char: str) -> str:
    return f"&#{ord(char)};"


def escape(text: str, *, inline: bool = False) -> str:
    """Return Markdown that renders as exactly ``text`` (white space as the browser shows it).

    ``inline=True`` is for one-line text placed after other content on its line (inside an HTML span, after
    a label), where a leading digit or dash cannot start a block.
    """
    out = text.translate(_ESCAPES)
    if inline and "\n" not in text:
        return out
    return RE_BLOCK_START.sub(lambda m: m.group("indent") + _ref(m.group("lead")), out)


def attr(text: str) -> str:
    """Quote ``text`` for an HTML attribute value."""
    return html.escape(text, quote=True)
