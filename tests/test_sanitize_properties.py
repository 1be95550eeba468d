"""Property tests for edition.sanitize and the renderer around it: whatever Unicode and Markdown reach any text
field, the HTML the site gets holds no element, attribute or URL scheme outside the allowlist.

The model objects are built directly, past every validator, and every link a note body holds is accepted as
if the check had passed it: what is tested is the wall alone (rendering, sanitizing, escaping).
"""
from __future__ import annotations

import frontmatter
import markdown
from hypothesis import HealthCheck, given, settings, strategies as st

from edition import sanitize
from edition.model import (Change, Document, DocumentMeta, Edition, Heading, Note, NoteLink, NoteTarget, Paragraph,
                           Retired, Revision)
from edition.render import render_pages
from html_audit import CONTENT_TAGS, audit

EXTENSIONS = ["attr_list", "md_in_html", "footnotes", "def_list", "toc"]  # as mkdocs.yml
SANITIZED_TAGS = {tag: set(names) | ({"rel"} if tag == "a" else set())
                  for tag, names in {t: sanitize.ALLOWED_ATTRIBUTES.get(t, set()) for t in sanitize.ALLOWED_TAGS}.items()}

FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</title>", "</div>", '<div markdown="1">',
    "<a href=javascript:alert(1)>", "<svg/onload=alert(1)>", "<!--", "-->", "<![CDATA[", "<?x ?>", "<style>",
    "[x](javascript:alert(1))", "[x](JaVa&#115;cript:alert(1))", "[x](//evil.example)", "[x](data:text/html,x)",
    "[x](\\\\evil)", "[x][r]", "[r]: javascript:alert(1)", "[r]:\n javascript:alert(1)", "![i](javascript:x)",
    "<javascript:alert(1)>", "<https://example.org>", "[^1]", "[^1]: x", "{: onclick=alert(1) }", "{#id .c}",
    '--8<-- "x"', "\n", "\n\n", "> ", "- ", "1. ", ":   ", "    ", "```", "`", "*", "_", "**", "#", "|", "&",
    "&amp;", "&#60;", "&lt;script&gt;", "\\", '"', "'", "=", "$", "~", "^", "\x00", "\x02wzxhzdk:0\x03",
    "\u202e", "\u2066", "\u200b", "\ufdfa", "\ud800", "\uff1cscript\uff1e", "\u0458avascript:", "snider.p9",
    "markdown=1", "onerror=", "\r", "\t",
]
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=12).map("".join)
# What the loaders hand the renderer: never a lone surrogate (UTF-8 cannot hold one, and a YAML escape of one is
# refused), one-line fields non-empty.
PAGE_TEXT = st.lists(st.one_of(st.sampled_from([f for f in FRAGMENTS if f != "\ud800"]), st.text(max_size=8)),
                     max_size=12).map("".join)
LINE = PAGE_TEXT.map(lambda t: " ".join(t.split()) or "x")


def accept_all(href: str) -> str:
    return href  # every address as the page would get it if the check had said yes


def rendered_pages(edition: Edition) -> dict[str, str]:
    pages = {}
    for path, text in render_pages(edition).items():
        post = frontmatter.loads(text)
        assert "<" not in str(post.metadata.get("title", "")), post.metadata.get("title")
        pages[path] = markdown.markdown(post.content, extensions=EXTENSIONS)
    return pages


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_a_rendered_body_holds_only_allowlisted_markup(body):
    html = sanitize.render_body(body, accept_all)
    assert audit(html, "body", SANITIZED_TAGS) == []
    assert not sanitize.RE_UNSAFE_CHARS.search(html)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_text_html_is_text(text):
    html = sanitize.text_html(text)
    assert "<" not in html and audit(html, "text", SANITIZED_TAGS) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({
    "title": LINE, "author": LINE, "outlet": LINE, "source_line": LINE, "kicker": LINE, "standfirst": PAGE_TEXT,
    "byline": LINE, "credit": LINE, "speaker": LINE, "remark": LINE, "heading": LINE, "paragraph": PAGE_TEXT,
    "note_title": LINE, "topic": LINE, "note_author": LINE, "gloss": LINE, "body": PAGE_TEXT, "href": LINE,
    "kind": st.sampled_from(["interview", "article"]), "old": PAGE_TEXT,
}))
def test_every_text_field_reaches_the_pages_as_allowlisted_markup(f):
    paragraphs = tuple(Paragraph(text=text, raw=text, line=3 + i, index=i, id=f"doc.p{i + 1}", number=str(i + 1),
                                 speaker=f["speaker"], remark=f["remark"], turn_start=True)
                       for i, text in enumerate((f["paragraph"] or "x", "second")))
    meta = DocumentMeta(slug="doc", title=f["title"], authors=(f["author"],), outlet=f["outlet"], date="2023-10-09",
                        kind=f["kind"], seed="doc.txt", source_line=f["source_line"], headline=f["title"] + "!",
                        kickers=(f["kicker"],), standfirst=(f["standfirst"] or "x",), byline=f["byline"],
                        credit=f["credit"], interviewer=f["speaker"], speakers=(f["speaker"],))
    doc = Document(meta, paragraphs, headings=(Heading(f["heading"], 2, 1),))
    note = Note("n", "notes/n.md", f["note_title"], "context",
                (NoteTarget("doc.p1", f["gloss"], 5), NoteTarget("doc.p2", None, 6)), (f["note_author"],),
                f["topic"], f["body"], links=(NoteLink(f["href"], "web", f["href"]),))
    revision = Revision(1, "2023-10-09", (Change("corrected", "doc.p1", f["old"], paragraphs[0].text),
                                           Change("retired", "doc.p3", f["old"], None, "doc.p2")))
    edition = Edition((doc,), (note,), (Retired("doc.p3", "doc.p2", "2023-10-09"),), (revision,))
    for path, html in rendered_pages(edition).items():
        assert audit(html, path, CONTENT_TAGS) == [], path
