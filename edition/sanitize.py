"""Contributed Markdown rendered by the edition, then sanitized by allowlist.

A note's body comes from a stranger. The edition does not hand it to MkDocs: it renders it here with a
restricted CommonMark parser (markdown-it-py: raw HTML, images and headings off; linear-time by design,
unlike Python-Markdown, whose link parser takes seconds on a few thousand ``[``) and passes the HTML through
nh3 (the Ammonia sanitizer) with the explicit lists below. The page receives only that sanitized HTML, as a
raw HTML block that Python-Markdown passes through untouched. Every link address is decided by the caller's
``resolve`` (paragraph ids become site URLs; anything unknown loses its address), so the page never links
where the check did not look. :mod:`edition.notes` only makes refusals friendly; this module is the wall.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

# What a rendered note body may contain. Anything else is removed by nh3 (its text kept, escaped).
ALLOWED_TAGS = frozenset({"a", "blockquote", "br", "code", "em", "hr", "li", "ol", "p", "pre", "strong", "ul"})
ALLOWED_ATTRIBUTES = {"a": frozenset({"href", "title"}), "ol": frozenset({"start"})}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer"

# Constructs a note has no use for: raw HTML (also off through the ``html`` option) and headings.
DISABLED_RULES = ("heading", "lheading", "html_block", "html_inline")  # images render, and nh3 drops them

# An address a browser would read as protocol-relative ("//host", "\\host", "/\host").
RE_PROTOCOL_RELATIVE = re.compile(r"""(?x) ^ [\s\x00-\x1f]* [/\\] [/\\] """)
# Characters no rendered text needs and that could confuse whatever reads the page after us: C0 controls
# (including Python-Markdown's own placeholder markers STX/ETX) and lone surrogates.
RE_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

Resolve = Callable[[str], "str | None"]


@dataclass(frozen=True)
class Link:
    """A link address as the parser read it (entities decoded), and its 0-based line in the body."""

    href: str
    line: int
    definition: bool = False  # a reference definition ``[r]: address``, whether used or not


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "inline_definitions": True, "linkify": False})
    md.disable(list(DISABLED_RULES), ignoreInvalid=True)
    # Parse every address into a link token, whatever its scheme: the caller's ``resolve`` decides what it
    # becomes, and the check sees exactly what the renderer would render.
    md.validateLink = lambda url: True
    md.normalizeLink = lambda url: url
    return md


def clean_text(text: str) -> str:
    """``text`` without the characters :data:`RE_UNSAFE_CHARS` names."""
    return RE_UNSAFE_CHARS.sub("", text)


def _parse(body: str) -> list[Token]:
    return _parser().parse(clean_text(body), {})


def links(body: str) -> list[Link]:
    """Every link address in ``body``: each inline link where it is used, each reference definition where it is.

    Footnote-like definitions (``[^1]: …``) are left out: they are not links, and the check refuses them.
    """
    tokens = _parse(body)
    lines = clean_text(body).split("\n")
    found: list[Link] = []
    defined: set[str] = set()
    for token in tokens:
        if token.type != "definition":
            continue
        defined.add(token.meta["url"])
        if not token.meta["label"].startswith("^"):
            line = token.map[0]
            if lines[line].rstrip().endswith(":") and line + 1 < token.map[1]:
                line += 1  # "[r]:" alone on its line: the address is on the next
            found.append(Link(token.meta["url"], line, definition=True))
    for token in tokens:
        if token.type == "inline" and token.children:
            line = token.map[0] if token.map else 0
            for child in token.children:
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type in ("text", "code_inline"):
                    line += child.content.count("\n")
                elif child.type == "link_open" and child.attrs.get("href") not in defined:
                    found.append(Link(str(child.attrs.get("href", "")), line))
    return found


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if attribute == "href" and RE_PROTOCOL_RELATIVE.match(value):
        return None  # nh3 lets relative addresses through; one that names another host is not relative
    return value


def clean(markup: str) -> str:
    """``markup`` with every tag, attribute and URL scheme outside the allowlist removed."""
    return nh3.clean(clean_text(markup), tags=set(ALLOWED_TAGS),
                     attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), link_rel=LINK_REL, strip_comments=True,
                     attribute_filter=_attribute_filter)


def text_html(text: str) -> str:
    """Plain text as HTML: escaped, then through the same allowlist (so nothing can rely on the escape alone)."""
    return clean(html.escape(clean_text(text), quote=True))


def render_body(body: str, resolve: Resolve) -> str:
    """Sanitized HTML for a note body. ``resolve`` maps each link address to the URL to emit, or None to drop it."""
    md = _parser()
    # Reference definitions are parsed for :func:`links` only; they render as nothing.
    tokens = [t for t in md.parse(clean_text(body), {}) if t.type != "definition"]
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open":
                url = resolve(str(child.attrs.get("href", "")))
                if url is None:
                    child.attrs.pop("href", None)
                else:
                    child.attrs["href"] = url
    rendered = md.renderer.render(tokens, md.options, {})
    return clean(rendered).strip()
