"""Links in a note's body: each address decided once, so the check and the build agree.

A note links a paragraph by its id (``[text](snider.p9)``), a document by its slug (``[text](snider)``), another
note by its file name (``[text](crimea.md)``, which also works in the repository's own view of ``notes/``), or the
web by an ``http``, ``https`` or ``mailto`` address. Nothing else: a relative path such as ``../snider/#p9``
depends on where the page ends up, and MkDocs never checks links inside the sanitized HTML a note becomes,
so the edition resolves every address itself and refuses any it cannot, at the note's file and line.
"""
from __future__ import annotations

import difflib
import html
import posixpath
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Literal

LINK_SCHEMES = ("http", "https", "mailto")
LINK_HINT = "link a paragraph by its id, as [text](snider.p9), a text by its short name, as [text](snider), " \
            "another note by its file name, as [text](crimea.md), and anything else by its full address, " \
            "as [text](https://…)"

RE_SCHEME = re.compile(r"""(?x) ^ (?P<scheme> [a-z] [a-z0-9+.-]* ) : """)
RE_PARAGRAPH_ID = re.compile(r"""(?x) ^ (?P<slug> [a-z0-9]+ (?: - [a-z0-9]+ )* ) \. (?P<number> p [0-9a-z]+ ) $""")
RE_SLUG = re.compile(r"""(?x) ^ [a-z0-9]+ (?: - [a-z0-9]+ )* $""")
RE_NOTE_FILE = re.compile(r"""(?x) ^ (?: \./ )? (?P<id> [a-z0-9]+ (?: - [a-z0-9]+ )* ) \.md $""")
# What a site-relative link to a paragraph looks like (../snider/#p9, ../snider.md#p9, /snider/#p9): named in
# the hint, so the contributor learns the id form that works.
RE_PAGE_LINK = re.compile(r"""(?x)
    ^ (?: \.\./ | \./ | / )*             # any climb out of claims/
    (?P<slug> [a-z0-9]+ (?: - [a-z0-9]+ )* )
    (?: \.md | / | /index\.md )?         # the page, by file or by address
    (?: \# (?P<number> p [0-9a-z]+ ) )? $
""")

Kind = Literal["web", "paragraph", "document", "note"]


@dataclass(frozen=True)
class LinkTarget:
    """Where one address in a note leads: a web address, a live paragraph id or a document slug."""

    href: str  # as written (entities decoded by the parser)
    kind: Kind
    value: str


@dataclass(frozen=True)
class LinkVerdict:
    target: LinkTarget | None
    problem: tuple[str, str, str] | None = None  # (message, code, hint)
    warning: tuple[str, str, str] | None = None


def _normalised(raw: str) -> str:
    """The address as a browser would read it, then stricter: entities decoded, invisibles dropped."""
    url = raw
    while (decoded := html.unescape(url)) != url:  # entities, even double-encoded (java&amp;#115;cript:)
        url = decoded
    url = "".join(c for c in url if not (c.isspace() or unicodedata.category(c) in ("Cc", "Cf")))
    return url.lstrip("<").lower()


def _did_you_mean(word: str, choices: Collection[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75) if len(word) <= 100 else []
    return f"; did you mean {close[0]!r}?" if close else ""


def decide(href: str, known: Collection[str], slugs: Collection[str],
           retired: Mapping[str, str], note_ids: Collection[str] = ()) -> LinkVerdict:
    """What ``href`` in a note leads to, or why it is refused."""
    url = _normalised(href)
    shown = href.strip()[:60]
    scheme = RE_SCHEME.match(url.replace("\\", ""))
    if scheme:
        if scheme["scheme"] in LINK_SCHEMES:
            return LinkVerdict(LinkTarget(href, "web", href.strip()))
        return LinkVerdict(None, (f"link with scheme '{scheme['scheme']}:'", "notes.link-scheme", LINK_HINT))
    if url.replace("\\", "/").startswith("//"):
        return LinkVerdict(None, (f"protocol-relative link {shown!r}", "notes.link-scheme", LINK_HINT))
    plain = href.strip()
    if RE_PARAGRAPH_ID.match(plain):
        current, seen = plain, set()
        while current not in known and current in retired and current not in seen:
            seen.add(current)
            current = retired[current]
        if current in known:
            warning = None if current == plain else (
                f"link to paragraph {plain!r}, which was retired, now leads to {current!r}", "notes.retired-link",
                f"replace {plain!r} with {current!r}")
            return LinkVerdict(LinkTarget(href, "paragraph", current), warning=warning)
        return LinkVerdict(None, (f"link to unknown paragraph {plain!r}{_did_you_mean(plain, known)}",
                                  "notes.link-target", "name a paragraph by its id, e.g. [text](snider.p9)"))
    if RE_SLUG.match(plain) and plain in slugs:
        return LinkVerdict(LinkTarget(href, "document", plain))
    note = RE_NOTE_FILE.match(plain)
    if note and note["id"] in note_ids:
        return LinkVerdict(LinkTarget(href, "note", note["id"]))
    page = RE_PAGE_LINK.match(plain)
    if page and page["slug"] in slugs:
        suggestion = f"{page['slug']}.{page['number']}" if page["number"] else page["slug"]
        if page["number"] and suggestion not in known:
            return LinkVerdict(None, (f"relative link {shown!r}, and there is no paragraph {suggestion!r}"
                                      f"{_did_you_mean(suggestion, known)}", "notes.link-target", LINK_HINT))
        return LinkVerdict(None, (f"relative link {shown!r}", "notes.link-target", f"write [text]({suggestion})"))
    return LinkVerdict(None, (f"link {shown!r} is not a paragraph id, a text's short name, a note's file name "
                              "or a web address",
                              "notes.link-target", LINK_HINT))


def site_url(from_page: str, to_page: str, anchor: str = "") -> str:
    """The relative address, on the built site, from one Markdown page to another.

    MkDocs' default ``use_directory_urls`` publishes ``x.md`` at ``x/`` and ``x/index.md`` at ``x/``.
    """
    def directory(page: str) -> str:
        stem = page[:-3] if page.endswith(".md") else page
        if stem == "index" or stem.endswith("/index"):
            stem = stem[:-len("index")]
        return stem.strip("/")

    source, target = directory(from_page), directory(to_page)
    relative = posixpath.relpath(target or ".", source or ".")
    relative = "" if relative == "." else relative + "/"
    return (relative or "./") + (f"#{anchor}" if anchor else "")
