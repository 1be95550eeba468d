"""The revisions page: every rebuild that changed the text, newest first.

The history comes from the anchor lock (:mod:`edition.lock`). A correction shows the words that changed
(``<del>``/``<ins>``) with a few words of context; a removed paragraph's text is shown in full, since this
page is now its only record; added and moved paragraphs are on their document page, so an excerpt names
them. Links are ``.md`` paths, like every generated page's, so MkDocs checks them (they become
``../snider/#p9`` on the site); an id no longer live links to the paragraph its citations now lead to.
"""
from __future__ import annotations

import posixpath
from difflib import SequenceMatcher
from itertools import groupby
from typing import Sequence

from .markdown import escape
from .model import Change, Document, Revision

PAGE = "revisions.md"  # where the page sits in the docs folder; links are relative to it
EXCERPT_WORDS = 16
CONTEXT_WORDS = 8  # unchanged words shown on each side of a change
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


def _diff(old: str | None, new: str | None) -> tuple[str, str]:
    """Old and new text, escaped, with the words that differ marked and long unchanged runs shortened."""
    a, b = (old or "").split(), (new or "").split()
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    if all(tag == "equal" for tag, *_ in ops):  # only white space changed
        return escape(" ".join(a)), escape(" ".join(b))
    before: list[str] = []
    after: list[str] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            shown = _context(a[i1:i2], after_change=k > 0, before_change=k < len(ops) - 1)
            before.append(shown)
            after.append(shown)
            continue
        if i2 > i1:
            before.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            after.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return " ".join(before), " ".join(after)


def _context(words: list[str], after_change: bool, before_change: bool) -> str:
    """An unchanged run of words: all of it if short, else the words next to the changes around it."""
    if len(words) <= CONTEXT_WORDS * (after_change + before_change):
        return escape(" ".join(words))
    parts = [escape(" ".join(words[:CONTEXT_WORDS]))] if after_change else []
    parts.append("…")
    if before_change:
        parts.append(escape(" ".join(words[-CONTEXT_WORDS:])))
    return " ".join(parts)


def _item(change: Change, live: set[str], successor: dict[str, str], merged_into: set[str]) -> str:
    ref = _ref(change.id, live, successor)
    label = LABELS[change.kind]
    if change.kind in ("corrected", "split", "merged"):
        was, now = _diff(change.old_text, change.new_text)
        note = {"corrected": "", "split": "; its first part keeps the id",
                "merged": " with the paragraphs after it"}[change.kind]
        return f"- {label} {ref}{note}\n    - was: {was}\n    - now: {now}\n"
    if change.kind in ("added", "moved"):
        return f"- {label} {ref}: {_excerpt(change.new_text)}\n"
    into = _ref(change.successor, live, successor) if change.successor else ""
    verb = "merged into" if change.successor in merged_into else "citations now lead to"
    return f"- {label} {ref} ({verb} {into})\n    - was: {_text(change.old_text)}\n"
