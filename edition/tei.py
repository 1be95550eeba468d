"""Export: the edition as TEI P5, one ``TEI`` file per document and a ``teiCorpus`` of them all.

Where each part of a document goes:

- ``teiHeader``: the title and author; the edition (version, editors, publisher, licences) in ``editionStmt``
  and ``publicationStmt``; the source's bibliographic description, with its source line as printed, in
  ``sourceDesc/bibl``; the speakers as a ``listPerson`` in ``particDesc``; the anchor lock's revisions of this
  document in ``revisionDesc``;
- ``text/front``: what the source printed above the text (kickers, headline, byline, source line, standfirst);
- ``text/body``: headings as ``head`` (a section ``div`` each), every paragraph as ``p`` with ``xml:id`` its
  citable id (``snider.p9``) and ``n`` its number; in an interview, each turn an ``sp`` whose ``@who`` points
  into the ``listPerson`` and whose ``speaker`` holds the label exactly as printed, a remark such as
  "(retranslated)" as a ``note`` of its own;
- ``text/back``: the credit line, and the lines the editors set aside, each with its seed line and reason;
- ``standOff``: the related-claims notes as ``linkGrp``s, with a ``link`` joining the passages and each
  passage's gloss as a ``note`` pointing at it; the register entries the document mentions as ``listPerson``,
  ``listPlace``, ``listOrg`` and ``listEvent`` (each entry ``reg.<id>``, with its name, description, authority
  ``idno``s and, for events, its date), and the entries of its speakers, whose ``person`` in ``particDesc`` is
  ``sameAs`` the entry.

Each register mention in a paragraph is wrapped, its characters untouched, in ``persName``, ``placeName``,
``orgName`` or ``name type="event"`` whose ``@ref`` points at the entry (``#reg.kyiv``). In the corpus the
register is given once, in the corpus's own ``standOff``, and every document's references point at it.

Every paragraph's text is the seed's, character for character (tests/test_tei.py checks it).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from lxml import etree

from .model import Document, Edition, Mention, Note, Paragraph, Publication, RegisterEntry
from .publication import SOURCE_RIGHTS
from .registers import KINDS, authority_links, mentions_by_paragraph
from .render import slugify, speaker_role
from .render_registers import mention_segments

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FOLDER = "tei"
CORPUS = "edition.xml"


def tei_path(slug: str) -> str:
    """Where a document's TEI file is written, relative to the site root."""
    return f"{FOLDER}/{slug}.xml"


def person_id(doc: Document, name: str) -> str:
    return f"{doc.meta.slug}.{slugify(name)}"


def _el(parent, tag: str, text: str | None = None, **attrs: str):
    """A child element in the TEI namespace; ``xml_id``/``xml_lang`` become ``xml:id``/``xml:lang``."""
    names = {"xml_id": XML_ID, "xml_lang": XML_LANG}
    attributes = {names.get(k, k): v for k, v in attrs.items() if v is not None}
    tag = f"{{{TEI_NS}}}{tag}"
    node = etree.Element(tag, attributes, nsmap={None: TEI_NS}) if parent is None else etree.SubElement(
        parent, tag, attributes)
    if text is not None:
        node.text = text
    return node


@dataclass(frozen=True)
class Context:
    """What every document's TEI shares: the publication, and the notes by the paragraphs they name."""

    publication: Publication
    notes_by_paragraph: dict[str, list[Note]]
    entries: dict[str, RegisterEntry]
    mentions_by_paragraph: dict[str, list[Mention]]
    # per document slug, newest revision first: each revision that changed its paragraphs, with those changes
    changes_by_document: dict[str, list[tuple]]

    @classmethod
    def of(cls, edition: Edition) -> "Context":
        if edition.publication is None:
            raise ValueError("the TEI export needs the edition's publication data")
        by_paragraph: dict[str, list[Note]] = defaultdict(list)
        for note in edition.notes:
            for target in note.targets:
                by_paragraph[target.paragraph].append(note)
        entries = edition.registers.by_id() if edition.registers else {}
        changes: dict[str, list[tuple]] = defaultdict(list)
        for revision in reversed(edition.revisions):
            mine: dict[str, list] = defaultdict(list)
            for change in revision.changes:
                slug, _, paragraph = change.id.rpartition(".")
                if paragraph.startswith("p"):
                    mine[slug].append(change)
            for slug, found in mine.items():
                changes[slug].append((revision, found))
        return cls(edition.publication, dict(by_paragraph), entries, dict(mentions_by_paragraph(edition.mentions)),
                   dict(changes))


# -- the header ---------------------------------------------------------------------------------------------

def _publication_stmt(parent, publication: Publication, address: str) -> None:
    stmt = _el(parent, "publicationStmt")
    _el(stmt, "publisher", publication.publisher)
    _el(stmt, "date", publication.date, when=publication.date)
    _el(stmt, "idno", address, type="URI")
    availability = _el(stmt, "availability", status="restricted")
    _el(availability, "licence", f"The edition's notes, metadata and encoding: {publication.licence.replace('-', ' ')}.",
        target=publication.licence_url or None)
    _el(availability, "p", SOURCE_RIGHTS)


def _title_stmt(parent, title: str, authors, publication: Publication) -> None:
    stmt = _el(parent, "titleStmt")
    _el(stmt, "title", title)
    for author in authors:
        _el(stmt, "author", author)
    for editor in publication.editors:
        _el(stmt, "editor", editor)


def _edition_stmt(parent, publication: Publication) -> None:
    edition = _el(_el(parent, "editionStmt"), "edition", n=publication.version)
    _el(edition, "title", publication.title).tail = f", version {publication.version}, "
    _el(edition, "date", publication.date, when=publication.date)


def _bibl(parent, doc: Document):
    meta = doc.meta
    bibl = _el(parent, "bibl")
    _el(bibl, "title", meta.headline or meta.title, level="a")
    for author in meta.authors:
        _el(bibl, "author", author)
    if meta.interviewer:
        resp = _el(bibl, "respStmt")
        _el(resp, "resp", "interviewer")
        _el(resp, "persName", meta.interviewer)
    if meta.outlet:
        _el(bibl, "publisher", meta.outlet)
    if meta.date:
        _el(bibl, "date", meta.date, when=meta.date)
    else:
        _el(bibl, "date", "not stated in the source")
    if meta.url:
        _el(bibl, "ptr", target=meta.url)
    if meta.source_line:
        _el(bibl, "note", meta.source_line, type="source-line")
    _el(bibl, "idno", f"seeds/{meta.seed}", type="seed-file")
    return bibl


def speaker_entry(name: str, context: "Context") -> RegisterEntry | None:
    """The register's person whose name or a form is this speaker's name, if the registers record one."""
    return next((e for e in context.entries.values() if e.kind == "person" and (name == e.name or name in e.forms)),
                None)


def _particdesc(parent, doc: Document, context: "Context") -> None:
    """The speakers; one the registers record is ``sameAs`` that register entry (listed in the stand-off)."""
    people = _el(_el(parent, "particDesc"), "listPerson")
    for name in doc.meta.speakers:
        same = speaker_entry(name, context)
        person = _el(people, "person", xml_id=person_id(doc, name), role=speaker_role(doc, name),
                     sameAs="#" + register_id(same.id) if same else None)
        _el(person, "persName", name)


def _revision_desc(parent, doc: Document, context: Context) -> None:
    desc = _el(parent, "revisionDesc")
    publication = context.publication
    _el(desc, "change", f"Published as version {publication.version} of the edition.",
        when=publication.date, n=publication.version)
    for revision, changes in context.changes_by_document.get(doc.meta.slug, ()):
        change = _el(desc, "change", when=revision.date, n=f"revision {revision.number}")
        items = _el(change, "list")
        for c in changes:
            text = f"{c.id}: {c.kind}"
            if c.successor:
                text += f"; its citations now lead to {c.successor}"
            item = _el(items, "item", text)
            if c.old_text is not None and c.kind in ("corrected", "retired", "merged"):
                _el(item, "quote", c.old_text, type="before")
        if not len(items):
            desc.remove(change)


def header(doc: Document, context: Context):
    publication = context.publication
    meta = doc.meta
    head = _el(None, "teiHeader")
    file_desc = _el(head, "fileDesc")
    _title_stmt(file_desc, meta.title, meta.authors, publication)
    _edition_stmt(file_desc, publication)
    _publication_stmt(file_desc, publication, publication.url.rstrip("/") + f"/{meta.slug}/")
    _bibl(_el(file_desc, "sourceDesc"), doc)
    profile = _el(head, "profileDesc")
    _particdesc(profile, doc, context)
    _revision_desc(head, doc, context)
    return head


# -- the text -----------------------------------------------------------------------------------------------

def _front(parent, doc: Document) -> None:
    meta = doc.meta
    front = _el(parent, "front")
    page = _el(front, "titlePage")
    title = _el(page, "docTitle")
    for kicker in meta.kickers:
        _el(title, "titlePart", kicker, type="kicker")
    _el(title, "titlePart", meta.headline or meta.title, type="main")
    if meta.byline:
        _el(page, "byline", meta.byline)
    if meta.source_line:
        _el(page, "docImprint", meta.source_line)
    if meta.standfirst:
        argument = _el(front, "argument")  # the standfirst
        for text in meta.standfirst:
            _el(argument, "p", text)


def _speaker_label(p: Paragraph) -> str | None:
    """A turn's label as printed ("Wang Guan (retranslated):"), or None where the source printed none."""
    if not p.turn_start or p.raw == p.text or not p.raw.endswith(p.text):
        return None
    return p.raw[: len(p.raw) - len(p.text)].rstrip()


def _speaker(sp, p: Paragraph) -> None:
    printed = _speaker_label(p)
    if printed is None:
        return
    speaker = _el(sp, "speaker")
    remark = f"({p.remark})" if p.remark else None
    if remark and remark in printed:
        before, _, after = printed.partition(remark)
        speaker.text = before
        _el(speaker, "note", remark, type="remark").tail = after
    else:
        speaker.text = printed


# -- register mentions and lists ----------------------------------------------------------------------------

NAME_ELEMENT = {"person": "persName", "place": "placeName", "organisation": "orgName", "event": "name"}
LIST_ELEMENT = {"person": ("listPerson", "person"), "place": ("listPlace", "place"),
                "organisation": ("listOrg", "org"), "event": ("listEvent", "event")}


def register_id(entry_id: str) -> str:
    """An entry's ``xml:id``: entry ids are lower-case words and may start with a digit, an NCName may not."""
    return f"reg.{entry_id}"


def _paragraph(parent, p: Paragraph, context: "Context"):
    """A paragraph as ``p``; each register mention in it a name element, the text between as text and tails."""
    node = _el(parent, "p", xml_id=p.id, n=p.number)
    node.text = ""
    last = None
    for piece, m in mention_segments(p.text, context.mentions_by_paragraph.get(p.id, [])):
        if m is None:
            if last is None:
                node.text = piece
            else:
                last.tail = piece
            continue
        entry = context.entries[m.entry]
        last = _el(node, NAME_ELEMENT[entry.kind], piece, ref="#" + register_id(entry.id),
                   type="event" if entry.kind == "event" else None)
    return node


def _entry(parent, entry: RegisterEntry) -> None:
    tag = LIST_ELEMENT[entry.kind][1]
    when = {}
    if entry.kind == "event" and entry.date:
        start, _, end = entry.date.partition("/")
        when = {"from": start, "to": end} if end else {"when": start}
    node = _el(parent, tag, xml_id=register_id(entry.id), **when)
    if entry.kind == "event":  # an event: idno first, then a label and a description
        for scheme, _, address in authority_links(entry):
            _el(node, "idno", address, type=scheme)
        _el(node, "label", entry.name)
        _el(node, "desc", entry.description)
        return
    _el(node, NAME_ELEMENT[entry.kind], entry.name)
    for scheme, _, address in authority_links(entry):
        _el(node, "idno", address, type=scheme)
    _el(node, "note", entry.description)


def listed_entries(documents, context: "Context") -> list[RegisterEntry]:
    """The register entries a file lists: those its documents mention, and those of their speakers."""
    ids = {m.entry for d in documents for p in d.paragraphs for m in context.mentions_by_paragraph.get(p.id, ())}
    ids |= {e.id for d in documents for e in (speaker_entry(n, context) for n in d.meta.speakers) if e}
    return [context.entries[i] for i in sorted(ids)]


def register_lists(parent, entries) -> None:
    """``listPerson``, ``listPlace``, ``listOrg``, ``listEvent`` of the given entries, each sorted by name."""
    for kind in KINDS:
        of_kind = sorted((e for e in entries if e.kind == kind), key=lambda e: e.sort_key)
        if of_kind:
            listing = _el(parent, LIST_ELEMENT[kind][0], type="register")
            for entry in of_kind:
                _entry(listing, entry)


def _sections(doc: Document) -> list[tuple[str | None, list[Paragraph]]]:
    """The body cut at its headings: (heading or None, paragraphs)."""
    starts = defaultdict(list)
    for h in doc.headings:
        starts[h.before].append(h.text)
    sections: list[tuple[str | None, list[Paragraph]]] = [(None, [])]
    for p in doc.paragraphs:
        for text in starts.get(p.index, ()):
            sections.append((text, []))
        sections[-1][1].append(p)
    trailing = [h.text for h in doc.headings if h.before >= len(doc.paragraphs)]
    sections.extend((text, []) for text in trailing)
    return sections


def _fill(div, doc: Document, paragraphs: list[Paragraph], context: "Context") -> None:
    sp = None
    for p in paragraphs:
        if doc.meta.kind != "interview" or p.speaker is None:
            sp = None
            _paragraph(div, p, context)
            continue
        if sp is None or p.turn_start or sp.get("who") != "#" + person_id(doc, p.speaker):
            sp = _el(div, "sp", who="#" + person_id(doc, p.speaker))
            _speaker(sp, p)
        _paragraph(sp, p, context)


def _body(parent, doc: Document, context: "Context") -> None:
    body = _el(parent, "body")
    outer = _el(body, "div", type=doc.meta.kind)
    for heading, paragraphs in _sections(doc):
        if heading is None:
            _fill(outer, doc, paragraphs, context)
            continue
        section = _el(outer, "div", type="section")
        _el(section, "head", heading)
        _fill(section, doc, paragraphs, context)
    if not len(outer):
        _el(outer, "p")  # a div may not be empty; a document without paragraphs is refused earlier anyway


def _back(parent, doc: Document) -> None:
    if not (doc.meta.credit or doc.dropped):
        return
    back = _el(parent, "back")
    if doc.meta.credit:
        _el(_el(back, "div", type="credit"), "p", doc.meta.credit)
    if doc.dropped:
        div = _el(back, "div", type="dropped")
        _el(div, "head", "Lines of the source set aside by the editors")
        items = _el(div, "list")
        for d in doc.dropped:
            item = _el(items, "item", n=str(d.line))
            _el(item, "quote", d.text)
            _el(item, "note", d.reason, type="reason")


def text(doc: Document, context: "Context"):
    node = _el(None, "text", xml_lang="en")
    _front(node, doc)
    _body(node, doc, context)
    _back(node, doc)
    return node


# -- stand-off notes ----------------------------------------------------------------------------------------

def _target(paragraph_id: str, here: str | None) -> str:
    """``#snider.p9`` inside the document (or the corpus, ``here`` None), ``hahn.xml#hahn.p3`` elsewhere."""
    slug = paragraph_id.rpartition(".p")[0]
    return f"#{paragraph_id}" if here is None or slug == here else f"{slug}.xml#{paragraph_id}"


def stand_off(notes, here: str | None, entries=()):
    node = _el(None, "standOff")
    register_lists(node, entries)
    for note in notes:
        group = _el(node, "linkGrp", xml_id=f"note.{note.id}", type=note.kind,
                    corresp=f"../claims/{note.id}/")
        _el(group, "desc", note.title + (f" (topic: {note.topic})" if note.topic else ""))
        if len(note.targets) > 1:
            _el(group, "link", target=" ".join(_target(t.paragraph, here) for t in note.targets))
        else:  # a link joins two or more passages; a note on one passage points at it
            _el(group, "ptr", target=_target(note.targets[0].paragraph, here))
        for t in note.targets:
            if t.gloss:
                _el(node, "note", t.gloss, type="gloss", target=_target(t.paragraph, here),
                    corresp=f"#note.{note.id}")
    return node


# -- files --------------------------------------------------------------------------------------------------

def _document(doc: Document, context: Context, *, with_notes: bool):
    root = _el(None, "TEI", xml_id=doc.meta.slug, xml_lang="en")
    root.append(header(doc, context))
    root.append(text(doc, context))
    if with_notes:
        notes = _notes_of(doc, context)
        if notes is not None:
            root.append(notes)
    return root


def _notes_of(doc: Document, context: Context):
    """The ``standOff`` of one document's TEI file (its notes and register entries), or None."""
    ids = sorted(p.id for p in doc.paragraphs)
    notes = list(dict.fromkeys(n for pid in ids for n in context.notes_by_paragraph.get(pid, ())))
    notes.sort(key=lambda n: n.id)
    entries = listed_entries([doc], context)
    return stand_off(notes, doc.meta.slug, entries) if notes or entries else None


def _serialise(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def document_tei(doc: Document, edition: Edition) -> bytes:
    """One document as a TEI file, its notes' links to other documents pointing at their TEI files."""
    return _serialise(_document(doc, Context.of(edition), with_notes=True))


def corpus_header(edition: Edition, publication: Publication):
    head = _el(None, "teiHeader")
    file_desc = _el(head, "fileDesc")
    _title_stmt(file_desc, publication.title, (), publication)
    _edition_stmt(file_desc, publication)
    _publication_stmt(file_desc, publication, publication.url)
    sources = _el(_el(file_desc, "sourceDesc"), "listBibl")
    for doc in edition.documents:
        _bibl(sources, doc).set("corresp", f"#{doc.meta.slug}")
    desc = _el(head, "revisionDesc")
    _el(desc, "change", f"Published as version {publication.version} of the edition.",
        when=publication.date, n=publication.version)
    return head


def corpus_tei(edition: Edition) -> bytes:
    """The whole edition as one ``teiCorpus``: every document, and every note with ``#id`` targets."""
    context = Context.of(edition)
    return _corpus(edition, context, (_document(doc, context, with_notes=False) for doc in edition.documents))


CORPUS_END = b"</teiCorpus>\n"


def _corpus(edition: Edition, context: Context, documents) -> bytes:
    """The corpus file, its documents (elements, or an iterator of them) serialised one at a time, each as it
    would be in the whole tree, so a large edition's documents are never all held as elements at once."""
    root = _el(None, "teiCorpus", xml_lang="en")
    root.append(corpus_header(edition, context.publication))
    entries = listed_entries(edition.documents, context)
    if edition.notes or entries:
        root.append(stand_off(sorted(edition.notes, key=lambda n: n.id), None, entries))
    whole = _serialise(root)
    if not whole.endswith(CORPUS_END):
        raise AssertionError("the corpus's root was not serialised with its end tag on a line of its own")
    parts = [whole[:-len(CORPUS_END)]]
    for document in documents:
        # serialised at its depth in the corpus, inside an empty corpus element whose own lines are cut off
        wrapper = _el(None, "teiCorpus", xml_lang="en")
        wrapper.append(document)
        lines = etree.tostring(wrapper, encoding="UTF-8", xml_declaration=False, pretty_print=True)
        start, end = lines.index(b"\n") + 1, len(lines) - len(CORPUS_END)
        if lines[end:] != CORPUS_END:
            raise AssertionError("a corpus element was not serialised with its end tag on a line of its own")
        parts.append(lines[start:end])
    parts.append(CORPUS_END)
    return b"".join(parts)


def files(edition: Edition) -> dict[str, bytes]:
    """Every TEI file, keyed by its path relative to the site root. Each document is encoded once: its
    file is its element with its notes' ``standOff``; the corpus holds the same element without."""
    context = Context.of(edition)
    out: dict[str, bytes] = {}

    def documents():
        for doc in edition.documents:
            root = _document(doc, context, with_notes=False)
            notes = _notes_of(doc, context)
            if notes is not None:
                root.append(notes)
            out[tei_path(doc.meta.slug)] = _serialise(root)
            if notes is not None:
                root.remove(notes)
            yield root
    out[f"{FOLDER}/{CORPUS}"] = _corpus(edition, context, documents())
    return dict(sorted(out.items()))
