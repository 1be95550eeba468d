"""Stage render, related claims: the panel under each annotated paragraph, the claim pages, the claims index.

The panel and the passage cards are HTML written here, every piece of text in them escaped with
:func:`edition.markdown.attr` (a raw HTML block is not read as Markdown). Their links are to the site's
addresses (``snider/#p9``, ``claims/crimea/``), written relative to the page, as the edition's exports
already name paragraphs; the claims index, a Markdown list, links the ``.md`` pages so MkDocs checks them.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from .markdown import attr, escape
from .model import Document, Edition, Note, NoteTarget, Paragraph
from .quotes import locate
from .sources import render_sources
from .render import (Index, doc_label, doc_page, link, note_page, related_note, speaker_role,
                     with_front_matter)
from .notelinks import site_url
from .sanitize import render_body, text_html

# A sentence ends at . ! ? or … (with any closing quotation marks or brackets) before white space and a
# capital, a digit or an opening mark; not after a title or initialism such as "Mr." or "U.S.".
RE_SENTENCE_END = re.compile(r"""(?x)
    (?<! \bMr ) (?<! \bMrs ) (?<! \bMs ) (?<! \bDr ) (?<! \bSt ) (?<! \bJr ) (?<! \bvs ) (?<! \bNo )
    (?<! \bU\.S ) (?<! \bU\.N ) (?<! \be\.g ) (?<! \bi\.e )
    [.!?…] [”’"')\]]*
    (?P<space> \s+ )
    (?= [“‘"'(\[]? [A-Z0-9] )
""")

LEAD_WORDS = 45  # without a quote, a long paragraph's card shows its opening sentences, about this many words
SHORT_WORDS = 70  # a paragraph this short is shown whole, never folded
ELISION = '<span class="ed-elision" title="part of the paragraph left out here">[…]</span>'


def site_path(page: str) -> str:
    """The site address of a generated page, relative to the site root: ``claims/x.md`` → ``claims/x/``."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def href(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative address from one generated page to another (or to a paragraph of it), as the site serves them."""
    here, there = site_path(from_page), site_path(to_page)
    fragment = f"#{anchor}" if anchor else ""
    if here == there and fragment:
        return fragment
    relative = posixpath.relpath(there or ".", here.rstrip("/") or ".")
    return ("" if relative == "." else relative + "/") + fragment or "./"


def passage_name(doc: Document, p: Paragraph) -> str:
    """``Snider ¶9``: a passage as readers name it."""
    return f"{doc_label(doc)} ¶{p.number}"


# ------------------------------------------------------------------------------------ the related-claims panel

def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def related_panel(doc: Document, p: Paragraph, index: Index) -> str:
    """The control under an annotated paragraph and the panel it opens: every note on the paragraph, with its
    gloss for this passage and the other passages it links. A native ``<details>``, so it opens by keyboard
    and by touch with no script; assets/js/related.js adds Escape and the way back."""
    page = doc_page(doc.meta.slug)
    notes = index.notes_by_paragraph.get(p.id, ())
    out = [f'<details class="ed-related" data-for="p{attr(p.number)}" data-label="{attr(passage_name(doc, p))}">',
           f'<summary class="ed-related__toggle">{plural(len(notes), "related claim")}'
           f'<span class="ed-sr"> on paragraph {attr(p.number)}</span></summary>',
           '<div class="ed-related__panel">']
    for note in notes:
        related = related_note(note, p.id, index.paragraphs)
        out.append('<section class="ed-related__note">')
        out.append(f'<p class="ed-related__title"><a href="{attr(href(page, note_page(note.id)))}">'
                   f'{attr(note.title)}</a></p>')
        if related.gloss:
            out.append(f'<p class="ed-related__own"><span class="ed-related__label">This passage:</span> '
                       f'{attr(related.gloss)}</p>')
        if related.others:
            out.append('<ul class="ed-related__others">')
            for o in related.others:
                target = href(page, doc_page(o.doc.meta.slug), "p" + o.paragraph.number)
                who = (f' <span class="ed-related__who">{attr(o.paragraph.speaker)}</span>'
                       if o.paragraph.speaker else "")
                gloss = f": {attr(o.gloss)}" if o.gloss else ""
                out.append(f'<li><a href="{attr(target)}">{attr(passage_name(o.doc, o.paragraph))}</a>'
                           f'{who}{gloss}</li>')
            out.append("</ul>")
        out.append("</section>")
    out.append("</div>")
    out.append("</details>")
    return "\n".join(out)


# ------------------------------------------------------------------------------------ claim pages

@dataclass(frozen=True)
class Excerpt:
    """What a passage card shows of its paragraph: the sentences ``start``–``end`` of its shown text, with the
    quote (if any) at ``mark``; ``folded`` when the rest of the paragraph waits behind "show the whole"."""

    text: str
    start: int
    end: int
    mark: tuple[int, int] | None
    folded: bool


def sentences(text: str) -> list[tuple[int, int]]:
    """The spans of the sentences of ``text``."""
    spans, start = [], 0
    for end in RE_SENTENCE_END.finditer(text):
        spans.append((start, end.start("space")))
        start = end.end("space")
    spans.append((start, len(text)))
    return spans


def excerpt(p: Paragraph, target: NoteTarget) -> Excerpt:
    """The part of ``p`` a card shows first: the sentences holding the target's quote, or the opening ones."""
    text = p.text.replace("\n", " ")  # as the document's page shows it
    span = locate(target.quote, text) if target.quote else None
    mark = (span.start, span.end) if span else None
    whole = Excerpt(text, 0, len(text), mark, False)
    if len(text.split()) <= SHORT_WORDS:
        return whole
    parts = sentences(text)
    if mark:
        chosen = [s for s in parts if s[1] > mark[0] and s[0] < mark[1]]
    else:
        chosen, words = [], 0
        for s in parts:
            chosen.append(s)
            words += len(text[s[0]:s[1]].split())
            if words >= LEAD_WORDS:
                break
    start, end = chosen[0][0], chosen[-1][1]
    if start == 0 and end == len(text):
        return whole
    return Excerpt(text, start, end, mark, True)


def marked(text: str, start: int, end: int, mark: tuple[int, int] | None) -> str:
    """``text[start:end]`` as HTML, the part inside ``mark`` highlighted."""
    if not mark or mark[1] <= start or mark[0] >= end:
        return attr(text[start:end])
    lo, hi = max(start, mark[0]), min(end, mark[1])
    return attr(text[start:lo]) + f"<mark>{attr(text[lo:hi])}</mark>" + attr(text[hi:end])


def passage_card(note: Note, target: NoteTarget, index: Index) -> str:
    page = note_page(note.id)
    doc, p = index.paragraphs[target.paragraph]
    meta = doc.meta
    where = href(page, doc_page(meta.slug), "p" + p.number)
    facts = []
    if p.speaker:
        facts.append(f'<span class="ed-passage__speaker">{attr(p.speaker)}</span> '
                     f'({speaker_role(doc, p.speaker)})')
    facts.append(f"<cite>{attr(meta.title)}</cite>")
    facts.append(attr(meta.date) if meta.date else "date not stated")
    out = ['<div class="ed-passage">',
           f'<p class="ed-passage__where"><a href="{attr(where)}">{attr(passage_name(doc, p))}</a></p>',
           '<p class="ed-passage__facts">' + " · ".join(facts) + "</p>"]
    if target.gloss:
        out.append(f'<p class="ed-gloss"><span class="ed-gloss__label">The claim:</span> {attr(target.gloss)}</p>')
    part = excerpt(p, target)
    lead = ELISION + " " if part.start > 0 else ""
    tail = " " + ELISION if part.end < len(part.text) else ""
    out.append(f'<blockquote class="ed-passage__text"><p>{lead}'
               f'{marked(part.text, part.start, part.end, part.mark)}{tail}</p></blockquote>')
    if part.folded:
        out.append('<details class="ed-passage__whole"><summary>Show the whole paragraph</summary>'
                   f'<blockquote><p>{marked(part.text, 0, len(part.text), part.mark)}</p></blockquote></details>')
    out.append("</div>")
    return "\n".join(out)


def columns(count: int) -> int:
    """Columns on a wide screen: two or three passages side by side, four as two rows of two."""
    return {1: 1, 2: 2, 4: 2}.get(count, 3)


def note_resolver(note: Note, page: str):
    """The address each link of ``note``'s body gets on ``page``; None for any the check did not accept."""
    decided = {link.href: link for link in note.links}

    def resolve(href: str) -> str | None:
        found = decided.get(href)
        if found is None:
            return None
        if found.kind == "web":
            return found.value
        if found.kind == "paragraph":
            slug, number = found.value.split(".", 1)
            return site_url(page, doc_page(slug), number)
        if found.kind == "note":
            return site_url(page, note_page(found.value))
        return site_url(page, doc_page(found.value))
    return resolve


def render_note(note: Note, index: Index) -> str:
    """A claim page: the note, then its passages side by side, each with who said it, where and when."""
    out = [f"# {escape(note.title)}", ""]
    # Contributed text reaches this page as HTML built here and passed through the allowlist (edition.sanitize),
    # in raw HTML blocks without `markdown` attributes, which Python-Markdown copies through untouched.
    facts = [f"Kind: {text_html(note.kind)}"]
    if note.topic:
        facts.append(f"Topic: {text_html(note.topic)}")
    facts.append("Note by " + ", ".join(text_html(a) for a in note.authors))
    out.append('<p class="ed-note-meta">' + " · ".join(facts) + "</p>")
    out.append("")
    body = render_body(note.body, note_resolver(note, note_page(note.id))) if note.body.strip() else ""
    if body:
        out += ['<div class="ed-note-body">', body, "</div>", ""]
    out.extend(render_sources(note.sources))
    out.append(f'<div class="ed-passages ed-passages--cols-{columns(len(note.targets))}">')
    out.extend(passage_card(note, t, index) for t in note.targets)
    out.append("</div>")
    out.append("")
    out.append(f"Source of this note: `notes/{note.id}.md`.")
    # Material reads `hide`; without the empty table of contents the passages get the width to sit side by side.
    return with_front_matter({"title": note.title, "note": note.id, "kind": note.kind,
                              "authors": list(note.authors), "hide": ["toc"]}, "\n".join(out) + "\n")


# ------------------------------------------------------------------------------------ the claims index

def render_claims_index(edition: Edition, index: Index) -> str:
    page = "claims/index.md"
    out = ["# Related claims", "",
           "Each note links passages in different texts that make claims about the same events. "
           "Notes are contributed by pull request; see the contributing guide in the repository.", ""]
    topics: dict[str, list[Note]] = {}
    for note in edition.notes:
        topics.setdefault(note.topic or "Other", []).append(note)
    for topic in sorted(topics, key=lambda t: (t == "Other", t.lower())):
        out.append(f"## {escape(topic)}")
        out.append("")
        for note in sorted(topics[topic], key=lambda n: n.title.lower()):
            where = []
            for t in note.targets:
                doc, p = index.paragraphs[t.paragraph]
                where.append(f"[{escape(passage_name(doc, p))}]({link(page, doc_page(doc.meta.slug), 'p' + p.number)})")
            out.append(f"- [{escape(note.title)}]({link(page, note_page(note.id))}) — {', '.join(where)}")
        out.append("")
    if not edition.notes:
        out.append("No notes yet.")
    return with_front_matter({"title": "Related claims"}, "\n".join(out))
