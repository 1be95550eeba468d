"""Stage 6, render: the edition as standard Markdown pages with front matter.

Every piece of text that came in (seed text, metadata, note glosses) goes through :func:`escape`; the
structure around it (paragraph ids, numbers, speaker tags, footnotes) is added here and only here.
Pages link to each other by their ``.md`` paths, so MkDocs (or any Markdown site tool) resolves and
checks the links.
"""
from __future__ import annotations

import functools
import html
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field

import frontmatter

from .markdown import attr, attr_list_value, escape
from .model import Document, Edition, Note, Paragraph
from .notelinks import site_url
from .sanitize import render_body, text_html
from .render_about import about_this_text, remark_html
from .revisions import render_revisions

RE_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    return RE_NON_SLUG.sub("-", text.lower()).strip("-")


def doc_page(slug: str) -> str:
    """The Markdown path of a document's page, relative to the docs folder."""
    return f"{slug}.md"


def note_page(note_id: str) -> str:
    return f"claims/{note_id}.md"


def paragraph_url(paragraph_id: str) -> str:
    """The web address of a paragraph relative to the site root: ``snider.p9`` → ``snider/#p9``."""
    slug, number = paragraph_id.split(".", 1)
    return f"{slug}/#{number}"


@functools.lru_cache(maxsize=4096)
def _relative(from_page: str, to_page: str) -> str:
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative Markdown link target from one generated page to another."""
    return _relative(from_page, to_page) + (f"#{anchor}" if anchor else "")


def page_title(text: str) -> str:
    """A page's front-matter ``title``, HTML-escaped: Material prints it unescaped in ``<title>``, the header
    and the navigation, so a title from a seed or a note reaches them as text, never as markup."""
    return html.escape(text, quote=True)


def with_front_matter(meta: dict, body: str) -> str:
    """``body`` with ``meta`` as YAML front matter; the ``title`` HTML-escaped (see :func:`page_title`), here for
    every page, so no page can forget it."""
    if isinstance(meta.get("title"), str):
        meta = {**meta, "title": page_title(meta["title"])}
    post = frontmatter.Post(body, **meta)
    return frontmatter.dumps(post, sort_keys=False, allow_unicode=True) + "\n"


@dataclass(frozen=True)
class Index:
    """Look-ups shared by the page renderers."""

    paragraphs: dict[str, tuple[Document, Paragraph]]  # the paragraphs notes name: the only ones looked up by id
    notes_by_paragraph: dict[str, list[Note]]
    retired_by_successor: dict[str, list]
    mentions_by_paragraph: dict[str, list] = field(default_factory=dict)  # paragraph id → its register mentions

    @classmethod
    def of(cls, edition: Edition) -> "Index":
        by_paragraph: dict[str, list[Note]] = defaultdict(list)
        for note in edition.notes:
            for target in note.targets:
                by_paragraph[target.paragraph].append(note)
        paragraphs = {p.id: (d, p) for d in edition.documents for p in d.paragraphs if p.id in by_paragraph}
        retired: dict[str, list] = defaultdict(list)
        for r in edition.retired:
            retired[r.successor].append(r)
        mentions: dict[str, list] = defaultdict(list)
        for m in edition.mentions:
            mentions[m.paragraph].append(m)
        return cls(paragraphs, by_paragraph, retired, mentions)

    def describe(self, paragraph_id: str, from_page: str) -> str:
        """``[Snider ¶9](snider.md#p9) (Ted Snider)``: a paragraph named for readers, linked."""
        doc, p = self.paragraphs[paragraph_id]
        who = f" ({escape(p.speaker)})" if p.speaker else ""
        label = escape(doc_label(doc))
        return f"[{label} ¶{p.number}]({link(from_page, doc_page(doc.meta.slug), 'p' + p.number)}){who}"


def family_name(doc: Document, name: str) -> str:
    """A person's family name, as ``doc`` credits them ("Hahn"; "Wang" for Wang Guan, stated in editorial.yml)."""
    return doc.meta.person(name).family or name


def doc_label(doc: Document) -> str:
    """A short human name for a document: its first author's surname, or its title."""
    if doc.meta.kind == "interview" and doc.meta.speakers:
        people = [s for s in doc.meta.speakers if s != doc.meta.interviewer] or list(doc.meta.speakers)
        return family_name(doc, people[0]) + " interview"
    return family_name(doc, doc.meta.authors[0]) if doc.meta.authors else doc.meta.title


def speaker_role(doc: Document, speaker: str | None) -> str:
    if speaker is None:
        return "none"
    if doc.meta.kind == "article":
        return "author"
    return "interviewer" if speaker == doc.meta.interviewer else "interviewee"


@dataclass(frozen=True)
class Passage:
    """A passage a note links: its document and paragraph, and the note's gloss for it."""

    doc: Document
    paragraph: Paragraph
    gloss: str | None


@dataclass(frozen=True)
class RelatedNote:
    """A note as a reader meets it at one of its passages: the gloss for this passage, and the other passages
    to compare. The related-claims panel, the footnotes and the book's endnotes each write it in their form."""

    note: Note
    gloss: str | None
    others: tuple[Passage, ...]


def related_note(note: Note, paragraph_id: str, paragraphs: dict[str, tuple[Document, Paragraph]]) -> RelatedNote:
    """``note`` seen from its passage ``paragraph_id``; ``paragraphs`` finds each other passage by its id."""
    own = next(t for t in note.targets if t.paragraph == paragraph_id)
    others = tuple(Passage(*paragraphs[t.paragraph], t.gloss) for t in note.targets if t.paragraph != paragraph_id)
    return RelatedNote(note, own.gloss, others)


def footnote_label(note: Note, paragraph: Paragraph) -> str:
    return f"{note.id}-{paragraph.number}"


@dataclass(frozen=True)
class SpeakerMarkup:
    """How a speaker is marked on each of their paragraphs: worked out once per document, not per paragraph."""

    name: str  # escaped for Markdown (and so for HTML), for the speaker tag: its text is read as Markdown
    role: str  # the tag's data-role
    attrs: str  # the paragraph's data-speaker and data-speaker-name attributes

    @classmethod
    def of(cls, doc: Document, speaker: str) -> "SpeakerMarkup":
        return cls(escape(speaker, inline=True), speaker_role(doc, speaker),
                   f'data-speaker="{attr_list_value(slugify(speaker))}" data-speaker-name="{attr_list_value(speaker)}"')


def speaker_markup(doc: Document) -> dict[str, SpeakerMarkup]:
    """The markup of every speaker of ``doc``'s paragraphs."""
    names = {p.speaker for p in doc.paragraphs if p.speaker}
    return {name: SpeakerMarkup.of(doc, name) for name in names}


def render_paragraph(doc: Document, p: Paragraph, index: Index, speakers: dict[str, SpeakerMarkup]) -> str:
    """One paragraph: number link, speaker tag, escaped text and footnote references, then its attribute list."""
    number = p.number
    head = (f'<a class="ed-num" href="#p{number}" title="Permalink to paragraph {number}" '
            f'aria-label="Paragraph {number}, permalink">{number}</a>')
    speaker = speakers[p.speaker] if p.speaker else None
    if speaker and doc.meta.kind == "interview":
        cls = "ed-speaker" if p.turn_start else "ed-speaker ed-speaker--cont"
        remark = " " + remark_html(p.remark) if p.remark else ""
        head += f' <span class="{cls}" data-role="{speaker.role}">{speaker.name}{remark}</span>'
    mentions = index.mentions_by_paragraph.get(p.id)
    text = (mention_links(p.text, mentions, doc_page(doc.meta.slug)) if mentions else escape(p.text)).replace("\n", " ")
    notes = index.notes_by_paragraph.get(p.id)
    refs = "".join(f"[^{footnote_label(n, p)}]" for n in notes) if notes else ""
    attrs = f'#p{number} .ed-p data-id="{attr_list_value(p.id)}"'
    if speaker:
        attrs += " " + speaker.attrs
    retired = index.retired_by_successor.get(p.id)
    if retired:
        # "p14|removed|2026-11-22 p15|merged|2026-11-22": read by the page script to explain a retired anchor
        attrs += ' data-retired="' + " ".join(
            attr_list_value(f"{r.id.split('.', 1)[1]}|{r.reason}|{r.since}") for r in retired) + '"'
    return f"{head} {text}{refs}\n{{: {attrs} }}"


def mention_links(text: str, mentions: list, from_page: str) -> str:
    """``text`` escaped, each register mention a link to its entry's page; the visible text is unchanged."""
    from .render_registers import entry_page, mention_segments

    out = []
    for i, (piece, mention) in enumerate(mention_segments(text, mentions)):
        shown = escape(piece, inline=i > 0)
        out.append(f'[{shown}]({link(from_page, entry_page(mention.entry))}){{: .ed-mention }}' if mention else shown)
    return "".join(out)


def render_footnotes(doc: Document, index: Index) -> list[str]:
    page = doc_page(doc.meta.slug)
    lines: list[str] = []
    for p in doc.paragraphs:
        for note in index.notes_by_paragraph.get(p.id, ()):
            related = related_note(note, p.id, index.paragraphs)
            head = f"**[{escape(note.title)}]({link(page, note_page(note.id))})**"
            if related.gloss:
                head += f" — this passage: {escape(related.gloss)}"
            items = []
            for other in related.others:
                item = index.describe(other.paragraph.id, page)
                if other.gloss:
                    item += f": {escape(other.gloss)}"
                items.append(item)
            text = head + "".join(f"<br>Compare {item}" for item in items)
            lines.append(f"[^{footnote_label(note, p)}]: {text}")
    return lines


def render_document(doc: Document, index: Index, extra: dict | None = None) -> str:
    meta = doc.meta
    out = [f"# {escape(meta.title)}", ""]
    rows = []
    if meta.authors:
        rows.append(("Author" if len(meta.authors) == 1 else "Authors", ", ".join(meta.authors)))
    if meta.interviewer:
        rows.append(("Interview by", meta.interviewer))
    if meta.kind == "interview" and meta.speakers:
        rows.append(("Speakers", ", ".join(meta.speakers)))
    if meta.outlet:
        rows.append(("Published in", meta.outlet))
    rows.append(("Date", meta.date or "not stated in the source"))
    rows.append(("Kind", meta.kind))
    out.append('<dl class="ed-meta">')  # raw HTML: its text is HTML-escaped, not Markdown-escaped
    for key, value in rows:
        out.append(f"<dt>{key}</dt><dd>{attr(value)}</dd>")
    out.append("</dl>")
    out.append("")
    if meta.standfirst:
        out.append('<div class="ed-standfirst" markdown="1">')
        out.append("")
        out.extend(escape(s) + "\n" for s in meta.standfirst)
        out.append("</div>")
        out.append("")
    headings = defaultdict(list)
    for h in doc.headings:
        headings[h.before].append(h)
    speakers = speaker_markup(doc)
    from .render_claims import related_panel  # it builds on this module's helpers
    for p in doc.paragraphs:
        for h in headings.get(p.index, ()):
            out.append(f"## {escape(h.text)}")
            out.append("")
        out.append(render_paragraph(doc, p, index, speakers))
        out.append("")
        if p.id in index.notes_by_paragraph:
            out.append(related_panel(doc, p, index))
            out.append("")
    tail = []
    if meta.credit:
        tail.append(f'<p class="ed-credit" markdown="span">{escape(meta.credit, inline=True)}</p>')
    if tail:
        out.extend(tail)
        out.append("")
    out.append(f'<p class="ed-exports" markdown="span">This text as TEI P5: [{meta.slug}.xml](tei/{meta.slug}.xml) '
               "· the whole edition as PDF, EPUB and TEI: [the edition to keep](about.md#the-edition-to-keep)</p>")
    out.append("")
    notes = render_footnotes(doc, index)
    if notes:
        # The footnotes extension puts its list where this marker is, under a heading of its own.
        out.extend(['## Notes on related claims {: #notes }', "", "///Footnotes Go Here///", ""])
        out.extend(notes)
        out.append("")
    about = about_this_text(doc)
    if about:
        out.extend([about, ""])
    fm = {
        "title": meta.title,
        "slug": meta.slug,
        "authors": list(meta.authors),
        "interviewer": meta.interviewer,
        "outlet": meta.outlet,
        "date": meta.date,
        "kind": meta.kind,
        "source_file": meta.seed,
        "speakers": list(meta.speakers),
        # The title as data, for scripts; the credited names as "Family, Given", for reference managers' tags.
        "edition": {"paragraphs": len(doc.paragraphs), "title": meta.title,
                    "credits": {"authors": [meta.person(a).inverted for a in meta.authors],
                                "interviewer": meta.person(meta.interviewer).inverted if meta.interviewer else None}},
        **(extra or {}),
    }
    return with_front_matter(fm, "\n".join(out).rstrip() + "\n")


def render_home(edition: Edition, books: bool = False) -> str:
    out = ["# Ukraine war: five texts, one edition", "",
           "Five texts about the war in Ukraine, written from opposed points of view. The edition takes no side: "
           "it shows who said what, lets you cite any paragraph exactly, and links the claims the texts make "
           "about the same events.", ""]
    copies = "[PDF](edition.pdf), [EPUB](edition.epub), " if books else ""
    out.extend([f"The whole edition to keep or read offline: {copies}[TEI P5](tei/edition.xml) "
                "([what each holds](about.md#the-edition-to-keep)).", ""])
    for doc in edition.documents:
        meta = doc.meta
        out.append(f"## [{escape(meta.title)}]({doc_page(meta.slug)})")
        out.append("")
        facts = []
        if meta.authors:
            facts.append(", ".join(escape(a) for a in meta.authors))
        if meta.interviewer:
            facts.append(f"interview by {escape(meta.interviewer)}")
        if meta.outlet:
            facts.append(escape(meta.outlet))
        facts.append(meta.date or "date not stated")
        facts.append(f"{meta.kind}, {len(doc.paragraphs)} paragraphs")
        out.append(" · ".join(facts))
        out.append("")
        if meta.kind == "interview" and meta.speakers:
            out.append("Speakers: " + ", ".join(escape(s) for s in meta.speakers))
            out.append("")
    out.append("See also: [every text by kind and author](texts/index.md), [speakers](speakers.md), "
               "[related claims](claims/index.md), [revisions](revisions.md) and [about this edition](about.md).")

    pub = edition.publication
    if pub is not None:
        out.extend(["", "## Cite the edition", "", escape(pub.citation()), "",
                    f"Notes and editorial matter {escape(pub.licence.replace('-', ' '))}; code {escape(pub.code_licence)}; "
                    "the source texts belong to their publishers and are reproduced for scholarship "
                    "([licences and rights](about.md#licences-and-rights))."])
    return with_front_matter({"title": "Home"}, "\n".join(out) + "\n")


def render_speakers(edition: Edition) -> str:
    page = "speakers.md"
    out = ["# Speakers", "", "Everyone whose words the edition contains, with links to each of their paragraphs.", ""]
    entries: dict[str, list[tuple[Document, list[Paragraph]]]] = defaultdict(list)
    for doc in edition.documents:
        by_speaker: dict[str, list[Paragraph]] = defaultdict(list)
        for p in doc.paragraphs:
            if p.speaker:
                by_speaker[p.speaker].append(p)
        for speaker, paragraphs in by_speaker.items():
            entries[speaker].append((doc, paragraphs))
    def by_family_name(speaker: str) -> tuple[str, str]:
        return family_name(entries[speaker][0][0], speaker).lower(), speaker.lower()

    for speaker in sorted(entries, key=by_family_name):
        out.append(f"## {escape(speaker)}")
        out.append("")
        for doc, paragraphs in entries[speaker]:
            role = speaker_role(doc, speaker)
            links = ", ".join(f"[{p.number}]({link(page, doc_page(doc.meta.slug), 'p' + p.number)})" for p in paragraphs)
            out.append(f"- *{escape(doc.meta.title)}* ({role}, {len(paragraphs)} paragraphs): ¶ {links}")
        out.append("")
    return with_front_matter({"title": "Speakers"}, "\n".join(out))


def render_pages(edition: Edition, extra: dict[str, dict] | None = None, books: bool = False) -> dict[str, str]:
    """Every generated Markdown page, keyed by its path relative to the docs folder.

    ``extra`` adds front matter to a document's page, by slug (the citations the build formats); ``books``: the
    PDF and EPUB are made too, so the home page links them.
    """
    from .render_claims import render_claims_index, render_note  # they build on this module's helpers
    from .render_texts import TEXTS_INDEX, render_texts_index

    extra = extra or {}
    index = Index.of(edition)
    pages = {"index.md": render_home(edition, books), "speakers.md": render_speakers(edition),
             "claims/index.md": render_claims_index(edition, index), TEXTS_INDEX: render_texts_index(edition)}
    for doc in edition.documents:
        pages[doc_page(doc.meta.slug)] = render_document(doc, index, extra.get(doc.meta.slug))
    for note in edition.notes:
        pages[note_page(note.id)] = render_note(note, index)
    from .render_registers import render_register_pages

    pages.update(render_register_pages(edition))
    pages["revisions.md"] = with_front_matter(
        {"title": "Revisions"}, render_revisions(edition.revisions, edition.documents))
    return pages
