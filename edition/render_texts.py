"""Render the index of texts: the navigation's one entry for every document, however many there are.

The site's navigation (``nav:`` in ``mkdocs.yml``, read by MkDocs and by Zensical alike) names only fixed
pages, one of them ``texts/index.md``. This page, generated on every build, lists each document grouped by
kind and then by first author, so a new seed's texts are reachable from the sidebar without an edit to
``mkdocs.yml``, with no build hook (Zensical runs none), and without every page carrying a list of every
document in its sidebar.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from types import MappingProxyType

from .markdown import escape
from .model import Document, Edition
from .render import doc_page, link, with_front_matter

TEXTS_INDEX = "texts/index.md"
# The top-level name this module writes into docs/ and site/, added to edition.names.SITE_NAMES where the
# pipeline checks slugs: a text with the slug "texts" would take the index's address.
SITE_NAMES: Mapping[str, str] = MappingProxyType({"texts": "index of texts folder"})
# Kinds in the order the index shows them, with their headings.
KIND_HEADINGS: Mapping[str, str] = MappingProxyType({"interview": "Interviews", "article": "Articles"})
UNATTRIBUTED = "No author stated"


def author_key(name: str) -> tuple[str, str]:
    """Sort key of an author: surname, then the whole name (case-insensitive)."""
    return (name.split()[-1].lower(), name.lower())


def groups(documents: tuple[Document, ...]) -> dict[str, dict[str, list[Document]]]:
    """Documents by kind (in :data:`KIND_HEADINGS` order), then by first author (by surname), each group's
    texts by date (undated last), then title."""
    by_kind: dict[str, dict[str, list[Document]]] = defaultdict(lambda: defaultdict(list))
    for doc in documents:
        by_kind[doc.meta.kind][doc.meta.authors[0] if doc.meta.authors else UNATTRIBUTED].append(doc)
    ordered: dict[str, dict[str, list[Document]]] = {}
    for kind in sorted(by_kind, key=lambda k: (list(KIND_HEADINGS).index(k) if k in KIND_HEADINGS else 99, k)):
        authors = by_kind[kind]
        ordered[kind] = {
            author: sorted(authors[author], key=lambda d: (d.meta.date is None, d.meta.date or "", d.meta.title))
            for author in sorted(authors, key=lambda a: (a == UNATTRIBUTED, author_key(a)))}
    return ordered


def entry(doc: Document) -> str:
    """One list item: the linked title, then outlet, date and size."""
    meta = doc.meta
    facts = []
    if meta.interviewer:
        facts.append(f"interview by {escape(meta.interviewer)}")
    if meta.outlet:
        facts.append(escape(meta.outlet))
    facts.append(meta.date or "date not stated")
    count = len(doc.paragraphs)
    facts.append(f"{count} paragraph{'s' if count != 1 else ''}")
    return f"- [{escape(meta.title)}]({link(TEXTS_INDEX, doc_page(meta.slug))}) · " + " · ".join(facts)


def render_texts_index(edition: Edition) -> str:
    """``texts/index.md``: every document, grouped by kind and first author, each a link to its page."""
    count = len(edition.documents)
    out = ["# Texts", "", f"The edition's {count} text{'s' if count != 1 else ''}, by kind and then by author."]
    for kind, authors in groups(edition.documents).items():
        out.extend(["", f"## {KIND_HEADINGS.get(kind, escape(kind.capitalize()))}"])
        for author, docs in authors.items():
            out.extend(["", f"### {escape(author)}", ""])
            out.extend(entry(doc) for doc in docs)
    return with_front_matter({"title": "Texts"}, "\n".join(out) + "\n")
