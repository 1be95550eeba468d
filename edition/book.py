"""The whole edition as a book: the XHTML that both copies to keep (PDF and EPUB) are made from.

One chapter per document: its title, what the source printed above the text, how to cite it, its headings
and paragraphs, then its credit line, the lines set aside, and its related-claims notes as endnotes. Every
paragraph shows its number and its citable id (``snider.p9``) and carries the XHTML id ``snider-p9``, unique
across the book; a note reference links to the note, and the note links back and to every other passage it
names. How a link is written depends on the format (one HTML file for the PDF, one file per chapter in the
EPUB), so it is a function passed in: :data:`Href`.

Every text is escaped here (``html.escape``); no seed, metadata or note text is ever markup.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from html import escape
from typing import Callable

from .model import Document, Edition, Note, Paragraph, Publication
from .publication import SOURCE_RIGHTS
from .render import related_note, speaker_role

Href = Callable[[str, str], str]  # (chapter slug, fragment id) → link target


def paragraph_anchor(paragraph_id: str) -> str:
    """``snider.p9`` → ``snider-p9``: the paragraph's id in the book."""
    return paragraph_id.replace(".", "-", 1)


def note_anchor(note: Note, paragraph: Paragraph) -> str:
    return f"n-{paragraph_anchor(paragraph.id)}-{note.id}"


def _e(text: str) -> str:
    return escape(text, quote=True)


def document_citation(doc: Document, publication: Publication) -> str:
    """A document cited in the edition, as plain text: who, what, where first published, and where here."""
    meta = doc.meta
    parts = []
    if meta.authors:
        parts.append(" and ".join(meta.authors))
    title = "“" + meta.title.replace("“", "‘").replace("”", "’") + "”"  # quotes inside quotes become single
    if meta.interviewer:
        title += f", interview by {meta.interviewer}"
    parts.append(title)
    if meta.outlet:
        parts.append(meta.outlet)
    parts.append(meta.date or "n.d.")
    cited = ", ".join(parts)
    return (f"{cited}. In {publication.title}, version {publication.version}, "
            f"edited by {', '.join(publication.editors)}. {publication.publisher}, {publication.date}. "
            f"{publication.url.rstrip('/')}/{meta.slug}/")


@dataclass(frozen=True)
class Chapter:
    slug: str
    title: str
    body: str  # XHTML of the chapter's content (a <section>)


def _notes_by_paragraph(edition: Edition) -> dict[str, list[Note]]:
    by_paragraph: dict[str, list[Note]] = defaultdict(list)
    for note in edition.notes:
        for target in note.targets:
            by_paragraph[target.paragraph].append(note)
    return by_paragraph


def _paragraph_names(edition: Edition) -> dict[str, tuple[Document, Paragraph]]:
    return {p.id: (d, p) for d in edition.documents for p in d.paragraphs}


def _printed(doc: Document) -> list[str]:
    meta = doc.meta
    out = []
    for kicker in dict.fromkeys(meta.kickers):  # a kicker printed twice (page and section) is shown once
        out.append(f'<p class="kicker">{_e(kicker)}</p>')
    printed = [("Headline", meta.headline), ("Byline", meta.byline), ("Source line", meta.source_line)]
    rows = [f"<dt>{k}</dt><dd>{_e(v)}</dd>" for k, v in printed if v]
    facts = []
    if meta.authors:
        facts.append(("Author" if len(meta.authors) == 1 else "Authors", ", ".join(meta.authors)))
    if meta.interviewer:
        facts.append(("Interviewer", meta.interviewer))
    if meta.outlet:
        facts.append(("Published in", meta.outlet))
    facts.append(("Date", meta.date or "not stated in the source"))
    rows = [f"<dt>{k}</dt><dd>{_e(v)}</dd>" for k, v in facts] + rows
    out.append('<dl class="meta">' + "".join(rows) + "</dl>")
    for text in meta.standfirst:
        out.append(f'<p class="standfirst">{_e(text)}</p>')
    return out


def _paragraph(doc: Document, p: Paragraph, notes: list[Note], href: Href) -> str:
    anchor = paragraph_anchor(p.id)
    head = f'<span class="num">{_e(p.number)}</span> <span class="pid">{_e(p.id)}</span> '
    if p.speaker and doc.meta.kind == "interview":
        remark = f' <span class="remark">({_e(p.remark)})</span>' if p.remark else ""
        cls = "speaker" if p.turn_start else "speaker cont"
        head += (f'<span class="{cls}" data-role="{speaker_role(doc, p.speaker)}">{_e(p.speaker)}{remark}</span> ')
    refs = "".join(
        f'<a class="noteref" href="{_e(href(doc.meta.slug, note_anchor(n, p)))}" id="r-{note_anchor(n, p)}">'
        f'[{i}]</a>' for i, n in notes)
    return f'<p class="para" id="{anchor}">{head}<span class="text">{_e(p.text)}</span>{refs}</p>'


def _endnotes(doc: Document, numbered: list[tuple[int, Note, Paragraph]], names, href: Href) -> list[str]:
    if not numbered:
        return []
    out = ['<section class="endnotes">', f"<h2>Related claims in {_e(doc.meta.title)}</h2>", "<ol>"]
    slug = doc.meta.slug
    for i, note, p in numbered:
        related = related_note(note, p.id, names)
        back = f'<a href="{_e(href(slug, "r-" + note_anchor(note, p)))}">{_e(p.id)}</a>'
        item = [f'<li id="{note_anchor(note, p)}" value="{i}"><p>{back}: <strong>{_e(note.title)}</strong>']
        if related.gloss:
            item.append(f" — this passage: {_e(related.gloss)}")
        item.append("</p>")
        if related.others:
            item.append("<ul>")
            for o in related.others:
                target = href(o.doc.meta.slug, paragraph_anchor(o.paragraph.id))
                who = f" ({_e(o.paragraph.speaker)})" if o.paragraph.speaker else ""
                gloss = f": {_e(o.gloss)}" if o.gloss else ""
                item.append(f'<li>Compare <a href="{_e(target)}">{_e(o.paragraph.id)}</a>, '
                            f"<em>{_e(o.doc.meta.title)}</em>{who}{gloss}</li>")
            item.append("</ul>")
        item.append("</li>")
        out.append("".join(item))
    out.extend(["</ol>", "</section>"])
    return out


def chapter(doc: Document, edition: Edition, href: Href, *, by_paragraph=None, names=None) -> Chapter:
    """One document as a chapter of the book."""
    by_paragraph = _notes_by_paragraph(edition) if by_paragraph is None else by_paragraph
    names = _paragraph_names(edition) if names is None else names
    meta = doc.meta
    out = [f'<section class="document" id="{meta.slug}">', f"<h1>{_e(meta.title)}</h1>"]
    out.extend(_printed(doc))
    out.append(f'<p class="cite"><strong>Cite as:</strong> {_e(document_citation(doc, edition.publication))}</p>')
    headings = defaultdict(list)
    for h in doc.headings:
        headings[h.before].append(h.text)
    numbered: list[tuple[int, Note, Paragraph]] = []
    for p in doc.paragraphs:
        for text in headings.get(p.index, ()):
            out.append(f"<h2>{_e(text)}</h2>")
        notes = []
        for note in by_paragraph.get(p.id, ()):
            numbered.append((len(numbered) + 1, note, p))
            notes.append((len(numbered), note))
        out.append(_paragraph(doc, p, notes, href))
    for text in (h.text for h in doc.headings if h.before >= len(doc.paragraphs)):
        out.append(f"<h2>{_e(text)}</h2>")
    if meta.credit:
        out.append(f'<p class="credit">{_e(meta.credit)}</p>')
    if doc.dropped:
        out.append('<section class="dropped"><h2>Lines of the source set aside by the editors</h2><ul>')
        out.extend(f"<li>Line {d.line} of {_e(meta.seed)}: <code>{_e(d.text)}</code> ({_e(d.reason)})</li>"
                   for d in doc.dropped)
        out.append("</ul></section>")
    out.extend(_endnotes(doc, numbered, names, href))
    out.append("</section>")
    return Chapter(meta.slug, meta.title, "\n".join(out))


def chapters(edition: Edition, href: Href) -> list[Chapter]:
    by_paragraph, names = _notes_by_paragraph(edition), _paragraph_names(edition)
    return [chapter(d, edition, href, by_paragraph=by_paragraph, names=names) for d in edition.documents]


def title_page(edition: Edition) -> str:
    """The book's opening: title, version, editors, how to cite it, and the licences."""
    pub = edition.publication
    count = sum(len(d.paragraphs) for d in edition.documents)
    return "\n".join([
        '<section class="titlepage" id="titlepage">',
        f'<h1 class="booktitle">{_e(pub.title)}</h1>',
        f'<p class="version">Version {_e(pub.version)}, {_e(pub.date)}</p>',
        f'<p class="editors">Edited by {_e(", ".join(pub.editors))}. Published by {_e(pub.publisher)}.</p>',
        f"<p>{len(edition.documents)} documents, {count} numbered paragraphs, {len(edition.notes)} "
        "related-claims notes. Each paragraph shows its number and its id (for example <code>snider.p9</code>), "
        f"which is also its address on the web: {_e(pub.url.rstrip('/'))}/snider/#p9.</p>",
        f'<p class="cite"><strong>Cite the edition as:</strong> {_e(pub.citation())}</p>',
        f"<p>The edition's notes, metadata and apparatus are licensed {_e(pub.licence.replace('-', ' '))} "
        f"({_e(pub.licence_url)}); its code is licensed {_e(pub.code_licence)}. {_e(SOURCE_RIGHTS)}</p>",
        "</section>",
    ])
