"""The revisions page: every rebuild that changed the text, newest first.

The history comes from the anchor lock (:mod:`edition.lock`). Old and new texts are shown in full where the
page is their only record (corrections, removals, splits and merges) and as a short excerpt where the text
is on the document page anyway (additions, moves). Links are ``.md`` paths, like every generated page's,
so MkDocs checks them; an id that is no longer live links to the paragraph its citations now lead to.
"""
from __future__ import annotations

import posixpath
from itertools import groupby
from typing import Sequence

from .markdown import escape
from .model import Change, Document, Revision

PAGE = "revisions.md"  # where the page sits in the docs folder; links are relative to it
EXCERPT_WORDS = 16
LABELS = {"corrected": "Corrected", "added": "Added", "moved": "Moved", "retired": "Removed",
          "merged": "Merged", "split": "Split"}


def render_revisions(revisions: Sequence[Revision], documents: Sequence[Document]) -> str:
    """The Markdown body of the revisions page (front matter is the renderer's)."""
    if not revisions:
        return "The text has not changed since this edition was first built.\n"
    titles = {d.meta.slug: d.meta.title for d in documents}
    live = {p.id for d in documents for p in d.paragraphs}
    successor = {c.id: c.successor for r in revisions for c in r.changes if c.kind == "retired" and c.successor}
    out = ["Every rebuild that changed the text, newest first. Paragraph ids are never reused: a removed "
           "paragraph's id leads to the paragraph named next to it.\n"]
    for revision in reversed(revisions):
        out.append(f"\n## Revision {revision.number}, {revision.date}\n")
        for slug, grouped in groupby(revision.changes, key=lambda c: c.id.rpartition(".p")[0]):
            changes = list(grouped)
            title = escape(titles.get(slug, slug))
            page = _relative(f"{slug}.md") if slug in titles else None
            heading = f"[{title}]({page})" if page else title
            if any(c.kind == "added" and c.id == f"{slug}.p1" for c in changes):  # p1 is issued only once, first
                out.append(f"\n- New document {heading}, {len(changes)} paragraphs.\n")
                continue
            out.append(f"\n**{heading}**\n\n")
            merged_into = {c.id for c in changes if c.kind == "merged"}
            for change in changes:
                out.append(_item(change, live, successor, merged_into))
    return "".join(out)


def _relative(target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(PAGE) or ".")


def _ref(paragraph_id: str, live: set[str], successor: dict[str, str]) -> str:
    """The id, linked to its paragraph, or (no longer live) to where its citations lead."""
    target, seen = paragraph_id, set()
    while target not in live and target in successor and target not in seen:
        seen.add(target)
        target = successor[target]
    if target not in live:
        return f"`{paragraph_id}`"
    slug, _, number = target.rpartition(".p")
    return f"[`{paragraph_id}`]({_relative(f'{slug}.md')}#p{number})"


def _text(text: str | None) -> str:
    return escape(" ".join((text or "").split()))


def _excerpt(text: str | None) -> str:
    words = (text or "").split()
    short = " ".join(words[:EXCERPT_WORDS])
    return escape(short) + (" …" if len(words) > EXCERPT_WORDS else "")


def _item(change: Change, live: set[str], successor: dict[str, str], merged_into: set[str]) -> str:
    ref = _ref(change.id, live, successor)
    if change.kind == "corrected":
        return f"- {LABELS['corrected']} {ref}\n    - was: {_text(change.old_text)}\n    - now: {_text(change.new_text)}\n"
    if change.kind in ("added", "moved"):
        return f"- {LABELS[change.kind]} {ref}: {_excerpt(change.new_text)}\n"
    if change.kind == "split":
        return (f"- {LABELS['split']} {ref}; its first part keeps the id\n    - was: {_text(change.old_text)}\n"
                f"    - now: {_text(change.new_text)}\n")
    if change.kind == "merged":
        return (f"- {LABELS['merged']} {ref} with the paragraphs after it\n    - was: {_text(change.old_text)}\n"
                f"    - now: {_text(change.new_text)}\n")
    into = _ref(change.successor, live, successor) if change.successor else ""
    verb = "merged into" if change.successor in merged_into else "citations now lead to"
    return f"- {LABELS['retired']} {ref} ({verb} {into})\n    - was: {_text(change.old_text)}\n"
