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
# One pattern for all of them: substituting only where one occurs is several times faster than
# ``str.translate``, which looks every character of the text up in a dict.
RE_INLINE_SPECIAL = re.compile("[" + re.escape(_INLINE_SPECIALS) + "]")

# A line that starts with one of these could become a list, quote, heading or rule.
RE_BLOCK_START = re.compile(
    r"""(?mx)
    ^(?P<indent>[ \t]*)          # leading white space (kept)
    (?P<lead>[0-9+\-.>])         # list marker, numbered list digit, quote marker or rule
    """
)


def _ref(char: str) -> str:
    return f"&#{ord(char)};"


def _ref_special(match: re.Match) -> str:
    return _ref(match.group())


def _ref_lead(match: re.Match) -> str:
    return match.group("indent") + _ref(match.group("lead"))


def escape(text: str, *, inline: bool = False) -> str:
    """Return Markdown that renders as exactly ``text`` (white space as the browser shows it).

    ``inline=True`` is for one-line text placed after other content on its line (inside an HTML span, after
    a label), where a leading digit or dash cannot start a block.
    """
    out = RE_INLINE_SPECIAL.sub(_ref_special, text)
    if "\n" in text:  # every line's start could open a block
        return RE_BLOCK_START.sub(_ref_lead, out)
    if inline:
        return out
    # One line (most paragraphs): only its start can open a block, so match there instead of scanning it all.
    lead = RE_BLOCK_START.match(out)
    return out if lead is None else _ref_lead(lead) + out[lead.end():]


def attr(text: str) -> str:
    """Quote ``text`` for an HTML attribute value."""
    return html.escape(text, quote=True)


def attr_list_value(text: str) -> str:
    """Quote ``text`` for a value in an attribute list (``{: data-x="…" }``).

    Python-Markdown reads the line as inline Markdown before ``attr_list`` takes it apart, so HTML escaping is
    not enough (``[x](javascript:…)`` in a value would become a link): every syntax character is written as a
    character reference, which ``attr_list`` keeps and the browser decodes.
    """
    return escape(text, inline=True).replace('"', "&#34;").replace("'", "&#39;")
