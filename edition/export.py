"""Stage 7, export: machine-readable views of the edition for researchers and other tools.

``edition.json`` is the documented, stable export (see pages/about.md); ``annotations.jsonld`` holds every note as
a W3C Web Annotation. Both are deterministic: sorted where order is not meaningful, no timestamps.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from .model import Edition
from .registers import authority_iris
from .render import note_page, paragraph_url
from .site import Site
from .sources import source_jsonld, source_record

EXPORT_VERSION = 1
QUOTE_WORDS = 12  # words of a paragraph's opening quoted in a TextQuoteSelector


_compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def _dumps(data: dict) -> bytes:
    """JSON with one top-level key per line and one record per line inside top-level lists, as UTF-8.

    Readable and diff-friendly, and fast: each record goes through the C encoder, which ``indent`` disables.
    A top-level value may also be an iterator of records, written like a list: a record per paragraph is then
    encoded as it is made, instead of a hundred thousand of them being held at once. Each record is kept as
    UTF-8 and the file is joined once, so a large edition's file is held about twice, not five times.
    """
    parts: list[bytes] = [b"{\n "]
    for n, (key, value) in enumerate(data.items()):
        if n:
            parts.append(b",\n ")
        parts.append(_compact(key).encode("utf-8") + b": ")
        if isinstance(value, (list, Iterator)):
            opening = len(parts)
            for item in value:
                parts.append(b",\n  " if len(parts) > opening else b"[\n  ")
                parts.append(_compact(item).encode("utf-8"))
            parts.append(b"\n ]" if len(parts) > opening else b"[]")
        else:
            parts.append(_compact(value).encode("utf-8"))
    parts.append(b"\n}\n")
    return b"".join(parts)


def note_url(note_id: str) -> str:
    return note_page(note_id).removesuffix(".md") + "/"


def edition_json(edition: Edition) -> bytes:
    documents = [{
        "slug": d.meta.slug, "title": d.meta.title, "authors": list(d.meta.authors), "outlet": d.meta.outlet,
        "date": d.meta.date, "kind": d.meta.kind, "url": f"{d.meta.slug}/", "seed": d.meta.seed,
        "speakers": list(d.meta.speakers), "interviewer": d.meta.interviewer, "credit": d.meta.credit,
        "dropped": [{"text": x.text, "line": x.line, "reason": x.reason} for x in d.dropped],
    } for d in edition.documents]
    paragraphs = ({
        "id": p.id, "doc": d.meta.slug, "number": p.number, "url": paragraph_url(p.id), "speaker": p.speaker,
        "remark": p.remark, "text": p.text, "seed_line": p.line,
    } for d in edition.documents for p in d.paragraphs)
    notes = [{
        "id": n.id, "title": n.title, "kind": n.kind, "topic": n.topic,
        "targets": [{"paragraph": t.paragraph, "gloss": t.gloss} for t in n.targets],
        "authors": list(n.authors), "url": note_url(n.id), "source": n.path,
        "sources": [source_record(s) for s in n.sources],
    } for n in edition.notes]
    retired = [{"id": r.id, "successor": r.successor, "since": r.since, "reason": r.reason}
               for r in edition.retired]
    entries = [{
        "id": e.id, "kind": e.kind, "name": e.name, "forms": list(e.forms), "description": e.description,
        "date": e.date, "authority": dict(e.authority), "url": register_url(e.id),
    } for e in (edition.registers.entries if edition.registers else ())]
    mentions = [{"entry": m.entry, "paragraph": m.paragraph, "start": m.start, "end": m.end, "form": m.form}
                for m in edition.mentions]
    return _dumps({"version": EXPORT_VERSION, "edition": publication_record(edition), "documents": documents, "paragraphs": paragraphs,
                   "notes": notes, "retired": retired, "registers": entries, "mentions": mentions})


def register_url(entry_id: str) -> str:
    return f"registers/{entry_id}/"


def publication_record(edition: Edition) -> dict | None:
    """The edition as a whole: title, version (from VERSION), date, editors, publisher, licences."""
    pub = edition.publication
    if pub is None:
        return None
    return {"title": pub.title, "version": pub.version, "date": pub.date, "editors": list(pub.editors),
            "publisher": pub.publisher, "url": pub.url, "licence": pub.licence, "code_licence": pub.code_licence,
            "citation": pub.citation()}


def opening_words(text: str, count: int = QUOTE_WORDS) -> str:
    words = text.split()
    return " ".join(words[:count])


def _collection_label(edition: Edition) -> str:
    pub = edition.publication
    label = "Related-claims notes and register mentions"
    return f"{label}: {pub.title}, version {pub.version}" if pub else label


def annotations_jsonld(edition: Edition, site: Site = Site("", "", "")) -> bytes:
    """Every note as a W3C Web Annotation (https://www.w3.org/TR/annotation-model/), in one collection.

    Each target is the document's page (an absolute IRI once ``site_url`` is set) with two selectors: a
    FragmentSelector naming the paragraph (``p9``, conforming to HTML's fragment rules) and a
    TextQuoteSelector with the paragraph's opening words, so the target is found again even without the id.
    """
    texts = {p.id: p.text for d in edition.documents for p in d.paragraphs}
    items = []
    for n in edition.notes:
        bodies = [{"type": "TextualBody", "purpose": "commenting", "format": "text/markdown",
                   "language": "en", "value": n.body.strip()}] if n.body.strip() else []
        bodies += [{"type": "TextualBody", "purpose": "describing", "format": "text/plain", "language": "en",
                    "value": f"{t.paragraph}: {t.gloss}"} for t in n.targets if t.gloss]
        item = {
            "id": site.absolute(note_url(n.id)), "type": "Annotation", "motivation": "linking",
            "creator": [{"type": "Person", "name": a} for a in n.authors],
            "label": n.title,
            "body": bodies,
            "target": [{
                "type": "SpecificResource", "source": site.absolute(paragraph_url(t.paragraph).split("#")[0]),
                "selector": [
                    {"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc3986",
                     "value": paragraph_url(t.paragraph).split("#")[1]},
                    {"type": "TextQuoteSelector", "exact": opening_words(texts[t.paragraph])},
                ],
            } for t in n.targets],
        }
        if n.sources:  # where the note's outside facts come from (Dublin Core, declared by the anno context)
            item["dcterms:source"] = [source_jsonld(s) for s in n.sources]
        items.append(item)
    # Each register mention identifies a person, place, organisation or event at an exact place in the text: the
    # entry's page in the edition, and the same thing in each authority the editors give for it.
    entries = edition.registers.by_id() if edition.registers else {}
    for m in edition.mentions:
        text = texts[m.paragraph]
        sources = [site.absolute(register_url(m.entry))] + authority_iris(entries[m.entry])
        bodies = [{"type": "SpecificResource", "source": s, "purpose": "identifying"} for s in sources]
        items.append({
            "id": site.absolute("annotations.jsonld") + f"#mention-{m.paragraph}-{m.start}", "type": "Annotation",
            "motivation": "identifying",
            "body": bodies,
            "target": {"type": "SpecificResource", "source": site.absolute(paragraph_url(m.paragraph)), "selector": [
                {"type": "TextQuoteSelector", "exact": m.form, "prefix": text[max(0, m.start - 20):m.start],
                 "suffix": text[m.end:m.end + 20]},
                {"type": "TextPositionSelector", "start": m.start, "end": m.end}]},
        })
    return _dumps({"@context": "http://www.w3.org/ns/anno.jsonld", "id": site.absolute("annotations.jsonld"),
                   "type": "AnnotationCollection", "label": _collection_label(edition),
                   "total": len(items),
                   "first": {"type": "AnnotationPage", "id": site.absolute("annotations.jsonld") + "#page1", "startIndex": 0,
                             "items": items}})
