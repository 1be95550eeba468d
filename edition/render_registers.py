"""Render, registers: an entry page for every person, place, organisation and event, an index per kind, and a
timeline of the dated events.

Every string from the registers file or the seeds goes through :func:`edition.markdown.escape` (Markdown) or
:func:`edition.markdown.attr` (HTML), as everywhere else in the render stage.
"""
from __future__ import annotations

import posixpath
import re
from collections import defaultdict

from .markdown import attr, escape
from .model import Document, Edition, Mention, Paragraph, RegisterEntry
from .registers import KIND_TITLES, KINDS, authority_links
from .render import doc_label, doc_page, link, with_front_matter

FOLDER = "registers"
TIMELINE = f"{FOLDER}/timeline.md"
KIND_PAGES = {"person": "people", "place": "places", "organisation": "organisations", "event": "events"}
AUTHORITY_NAMES = {"wikidata": "Wikidata", "viaf": "VIAF", "geonames": "GeoNames"}
MONTHS = ("January February March April May June July August September October November December").split()

# The end of a sentence: a full stop, question or exclamation mark (and any closing quote) before a space.
RE_SENTENCE_END = re.compile(r"""(?x) (?<=[.?!]) (?P<close>[”’"')\]]*) \s+ (?=[“‘"(\[]?[A-Z0-9]) """)


def entry_page(entry_id: str) -> str:
    return f"{FOLDER}/{entry_id}.md"


def kind_page(kind: str) -> str:
    return f"{FOLDER}/{KIND_PAGES[kind]}.md"


def human_date(iso: str) -> str:
    """``2022-03/2022-04`` → "March 2022 – April 2022"; ``1938-09-30`` → "30 September 1938"."""
    def one(part: str) -> str:
        bits = part.split("-")
        if len(bits) == 3:
            return f"{int(bits[2])} {MONTHS[int(bits[1]) - 1]} {bits[0]}"
        if len(bits) == 2:
            return f"{MONTHS[int(bits[1]) - 1]} {bits[0]}"
        return bits[0]
    return " – ".join(one(part) for part in iso.split("/"))


def sentence_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence of ``text`` that holds ``text[start:end]``, and the span's offsets within it."""
    begin, finish = 0, len(text)
    for match in RE_SENTENCE_END.finditer(text):
        if match.end() <= start:
            begin = match.end()
        elif match.start() >= end:
            finish = match.end("close")
            break
    return text[begin:finish], start - begin, end - begin


def quoted_sentence(p: Paragraph, mention: Mention) -> str:
    """The mention's sentence as Markdown, the form as printed in bold."""
    sentence, a, b = sentence_around(p.text, mention.start, mention.end)
    return (escape(sentence[:a]) + "**" + escape(sentence[a:b], inline=True) + "**"
            + escape(sentence[b:], inline=True)).replace("\n", " ")


class Lookup:
    """Mentions grouped the ways the pages need them."""

    def __init__(self, edition: Edition):
        self.paragraphs: dict[str, tuple[Document, Paragraph]] = {
            p.id: (d, p) for d in edition.documents for p in d.paragraphs}
        self.by_entry: dict[str, list[Mention]] = defaultdict(list)
        for m in edition.mentions:
            self.by_entry[m.entry].append(m)
        self.order = {d.meta.slug: i for i, d in enumerate(edition.documents)}

    def documents_of(self, entry_id: str) -> list[Document]:
        seen: dict[str, Document] = {}
        for m in self.by_entry.get(entry_id, ()):
            doc = self.paragraphs[m.paragraph][0]
            seen.setdefault(doc.meta.slug, doc)
        return sorted(seen.values(), key=lambda d: self.order[d.meta.slug])


def wrapped(lines: list[str]) -> str:
    """A page's lines after its heading inside ``.ed-register``, whose links are underlined (they sit in running
    text, where colour alone would not tell them apart)."""
    return "\n".join([lines[0], "", '<div class="ed-register" markdown="1">', "", *lines[1:], "", "</div>"]) + "\n"


def render_entry(entry: RegisterEntry, look: Lookup) -> str:
    page = entry_page(entry.id)
    mentions = look.by_entry.get(entry.id, [])
    out = [f"# {escape(entry.name)}", ""]
    facts = [KIND_TITLES[entry.kind].rstrip("s") if entry.kind != "person" else "Person"]
    if entry.date:
        facts.append(human_date(entry.date))
    out.append('<p class="ed-entry-meta" markdown="span">' + " · ".join(escape(f, inline=True) for f in facts)
               + "</p>")
    out.append("")
    out.append(escape(entry.description))
    out.append("")
    links = authority_links(entry)
    if links:
        out.append("Authority records: " + ", ".join(
            f'<a href="{attr(url)}" rel="external noopener">{AUTHORITY_NAMES[scheme]} {attr(value)}</a>'
            for scheme, value, url in links) + ".")
        out.append("")
    forms = sorted({m.form for m in mentions})
    documents = look.documents_of(entry.id)
    out.append(f"Named {len(mentions)} time{'s' if len(mentions) != 1 else ''} in {len(documents)} "
               f"text{'s' if len(documents) != 1 else ''}"
               + (", as " + ", ".join(f"“{escape(f, inline=True)}”" for f in forms) if forms else "") + ".")
    out.append("")
    by_speaker: dict[str, int] = defaultdict(int)
    for m in mentions:
        by_speaker[look.paragraphs[m.paragraph][1].speaker or "no speaker"] += 1
    if len(by_speaker) > 1:
        out.append("## Who names it")
        out.append("")
        out.append("| Speaker | Mentions |")
        out.append("|---|---|")
        for speaker, count in sorted(by_speaker.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"| {escape(speaker, inline=True)} | {count} |")
        out.append("")
    for doc in documents:
        out.append(f"## {escape(doc.meta.title, inline=True)}")
        out.append("")
        seen: set[tuple[str, str]] = set()
        for m in (m for m in mentions if look.paragraphs[m.paragraph][0] is doc):
            p = look.paragraphs[m.paragraph][1]
            sentence = sentence_around(p.text, m.start, m.end)[0]
            if (p.id, sentence) in seen:  # one line per sentence, however often it names the entry
                continue
            seen.add((p.id, sentence))
            where = f"[¶{p.number}]({link(page, doc_page(doc.meta.slug), 'p' + p.number)})"
            who = f" {escape(p.speaker, inline=True)}:" if p.speaker and doc.meta.kind == "interview" else ""
            out.append(f"- {where}{who} {quoted_sentence(p, m)}")
        out.append("")
    return with_front_matter({"title": entry.name, "register": entry.id, "kind": entry.kind},
                             wrapped(out))


def render_kind_index(kind: str, entries: list[RegisterEntry], look: Lookup) -> str:
    page = kind_page(kind)
    title = KIND_TITLES[kind]
    out = [f"# {title}", "", f"Every {kind} the texts name, in alphabetical order, with the number of mentions "
           "and of texts that name it.", ""]
    for entry in sorted(entries, key=lambda e: e.sort_key):
        mentions = look.by_entry.get(entry.id, [])
        texts = len(look.documents_of(entry.id))
        date = f" ({human_date(entry.date)})" if entry.date else ""
        out.append(f"- [{escape(entry.name, inline=True)}]({link(page, entry_page(entry.id))}){date} — "
                   f"{len(mentions)} mention{'s' if len(mentions) != 1 else ''} in {texts} "
                   f"text{'s' if texts != 1 else ''}. {escape(entry.description, inline=True)}")
    out.append("")
    return with_front_matter({"title": title}, wrapped(out))


def render_registers_index(edition: Edition, look: Lookup) -> str:
    page = f"{FOLDER}/index.md"
    entries = edition.registers.entries if edition.registers else ()
    out = ["# Index of names", "",
           "The people, places, organisations and events the texts name, each with every passage that names it. "
           "The texts spell some names differently (Kiev and Kyiv, Donbass and Donbas): each entry gathers "
           "every form.", ""]
    for kind in KINDS:
        count = sum(1 for e in entries if e.kind == kind)
        out.append(f"- [{KIND_TITLES[kind]}]({link(page, kind_page(kind))}): {count} entries")
    out.append(f"- [Timeline]({link(page, TIMELINE)}): the dated events, and which texts name them")
    out.append("")
    return with_front_matter({"title": "Index of names"}, wrapped(out))


def page_url(page: str) -> str:
    """The address MkDocs gives a page (directory URLs): ``snider.md`` → ``snider/``, ``x/index.md`` → ``x/``."""
    stem = page.removesuffix(".md")
    return stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"


def href(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative address for raw HTML, which MkDocs does not rewrite as it does Markdown links."""
    here = page_url(from_page)
    target = posixpath.relpath(page_url(to_page) or ".", here.rstrip("/") or ".") + "/"
    return target.replace("./", "", 1) if target == "./" else target + (f"#{anchor}" if anchor else "")


def render_timeline(edition: Edition, look: Lookup) -> str:
    """One row per event in date order, one column per text; each mark links to a passage that names it.

    Written as HTML (a table whose cells hold links is beyond Markdown tables' reach on a phone); every value
    is escaped with :func:`attr`.
    """
    page = TIMELINE
    events = sorted((e for e in edition.registers.entries if e.kind == "event" and e.date),
                    key=lambda e: (e.date, e.sort_key)) if edition.registers else []
    docs = list(edition.documents)
    out = ["# Timeline", "",
           "The events the texts name, in date order. Each column is a text; each mark links to a passage that "
           "names the event. A dash: the text does not name it.", ""]
    head = "".join(f'<th scope="col">{attr(doc_label(d))}</th>' for d in docs)
    rows = []
    for event in events:
        paragraphs = list(dict.fromkeys(m.paragraph for m in look.by_entry.get(event.id, [])))
        cells = []
        for doc in docs:
            marks = []
            for pid in paragraphs:
                d, p = look.paragraphs[pid]
                if d is doc:
                    who = f", {p.speaker}" if p.speaker else ""
                    marks.append(f'<a class="ed-mark" href="{attr(href(page, doc_page(doc.meta.slug), "p" + p.number))}"'
                                 f' aria-label="{attr(doc_label(doc))} paragraph {attr(p.number)}{attr(who)}">'
                                 f"¶{attr(p.number)}</a>")
            cells.append(f'<td data-label="{attr(doc_label(doc))}">'
                         + (" ".join(marks) if marks else '<span class="ed-mark--none" aria-label="not named">–</span>')
                         + "</td>")
        rows.append(f'<tr><th scope="row"><span class="ed-timeline__date">{attr(human_date(event.date))}</span> '
                    f'<a href="{attr(href(page, entry_page(event.id)))}">{attr(event.name)}</a></th>'
                    + "".join(cells) + "</tr>")
    out.append('<div class="ed-timeline-wrap">')
    out.append('<table class="ed-timeline">')
    out.append(f'<thead><tr><th scope="col">Event</th>{head}</tr></thead>')
    out.append("<tbody>")
    out.extend(rows)
    out.append("</tbody></table>")
    out.append("</div>")
    out.append("")
    return with_front_matter({"title": "Timeline", "hide": ["toc"]}, "\n".join(out))


def render_register_pages(edition: Edition) -> dict[str, str]:
    """Every register page, keyed by its path relative to the docs folder; none without a registers file."""
    if not edition.registers or not edition.registers.entries:
        return {}
    look = Lookup(edition)
    pages = {f"{FOLDER}/index.md": render_registers_index(edition, look), TIMELINE: render_timeline(edition, look)}
    by_kind: dict[str, list[RegisterEntry]] = defaultdict(list)
    for entry in edition.registers.entries:
        by_kind[entry.kind].append(entry)
        pages[entry_page(entry.id)] = render_entry(entry, look)
    for kind in KINDS:
        pages[kind_page(kind)] = render_kind_index(kind, by_kind.get(kind, []), look)
    return pages


def mention_segments(text: str, mentions: list[Mention]) -> list[tuple[str, Mention | None]]:
    """``text`` cut at its mentions: (piece, mention or None) in order; the pieces join to ``text`` exactly."""
    out: list[tuple[str, Mention | None]] = []
    pos = 0
    for m in sorted(mentions, key=lambda m: m.start):
        if m.start < pos:
            continue
        if m.start > pos:
            out.append((text[pos:m.start], None))
        out.append((text[m.start:m.end], m))
        pos = m.end
    if pos < len(text):
        out.append((text[pos:], None))
    return out
