"""The names the site itself uses, and the checks that keep texts and notes from taking them.

A text's slug becomes ``docs/<slug>.md`` and the site's ``<slug>/``; a note's id becomes
``docs/claims/<id>.md``. Both share those folders with pages and files the edition and MkDocs write, so a
seed titled "About" or a note called ``index.md`` would silently replace them. :data:`SITE_NAMES` is the one
list of those names; a module that adds a page or folder adds its name here (or extends the mapping it
passes on), and every check reads it.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from types import MappingProxyType

from .errors import Location, Problem

# Top-level names of docs/ and site/ (without ".md"), and what uses them.
SITE_NAMES: Mapping[str, str] = MappingProxyType({
    "index": "home page", "home": "home page", "about": "about page", "speakers": "speakers page",
    "claims": "related-claims folder", "revisions": "revisions page", "search": "search index folder",
    "assets": "stylesheets and scripts folder", "edition": "data export edition.json",
    "annotations": "annotations export annotations.jsonld", "sitemap": "sitemap", "404": "page-not-found page",
    "stylesheets": "stylesheets folder", "javascripts": "scripts folder", "docs": "source folder",
    "site": "output folder", "registers": "registers folder (people, places, organisations, events)",
})
# Names inside docs/claims/ that are not notes.
CLAIMS_NAMES: Mapping[str, str] = MappingProxyType({"index": "related-claims index"})


def reserved_note_problem(note_id: str, shown: str, reserved: Mapping[str, str] = CLAIMS_NAMES) -> Problem | None:
    """Why ``note_id`` cannot be a note's id, or None."""
    if note_id not in reserved:
        return None
    return Problem(Location(shown), f"the note id {note_id!r} is the site's own {reserved[note_id]}",
                   "notes.reserved-id", f"rename the file, e.g. to notes/{note_id}-note.md")


def _suggest(slug: str, year: str | None, taken: set[str], reserved: Mapping[str, str]) -> str:
    candidates = ([f"{slug}-{year}"] if year else []) + [f"{slug}-{n}" for n in range(2, 100)]
    return next(c for c in candidates if c not in taken and c not in reserved)


def slug_problems(documents, editorial, seeds_shown: str,
                  reserved: Mapping[str, str] = SITE_NAMES) -> list[Problem]:
    """Texts whose slug is one of the site's own names, or another text's: one problem per clash.

    Each names the seed file and line of the text (or the ``editorial.yml`` line that set the slug) and the
    ``slug:`` entry that resolves it.
    """
    problems: list[Problem] = []
    taken = {d.meta.slug for d in documents}

    def stated(doc):
        """The editorial entry that names this document, if any."""
        return next((e for e in editorial.for_seed(doc.meta.seed)
                     if e.title in (doc.meta.title, doc.meta.headline)), None)

    def seed_location(doc) -> Location:
        return Location(f"{seeds_shown}/{doc.meta.seed}", doc.line)

    def where(doc) -> Location:
        entry = stated(doc)
        if entry is not None and entry.slug == doc.meta.slug:
            return Location(editorial.path, entry.line)  # the slug was stated there
        return seed_location(doc)

    def fix(doc, suggestion: str) -> str:
        entry = stated(doc)
        if entry is not None:
            return f"set `slug: {suggestion}` in its entry at {editorial.path}:{entry.line}"
        return (f"in {editorial.path}, under `seeds:` → `{doc.meta.seed}:`, add an entry "
                f"`- title: {json.dumps(doc.meta.title, ensure_ascii=False)}` with `slug: {suggestion}`")

    by_slug = defaultdict(list)
    for doc in documents:
        by_slug[doc.meta.slug].append(doc)
    for slug, docs in by_slug.items():
        if slug in reserved:
            for doc in docs:
                suggestion = _suggest(slug, (doc.meta.date or "")[:4] or None, taken, reserved)
                taken.add(suggestion)
                problems.append(Problem(where(doc), f"the text {doc.meta.title!r} would have the slug {slug!r}, "
                                        f"the site's own {reserved[slug]}", "names.reserved-slug",
                                        fix(doc, suggestion)))
        elif len(docs) > 1:
            # Located at the first text's seed line, naming every other one's: never the lock, which only
            # sees the clash after the fact.
            first, *others = docs
            named = " and ".join(f"{d.meta.title!r} ({seed_location(d)})" for d in others)
            fixes = []
            for doc in others:
                suggestion = _suggest(slug, (doc.meta.date or "")[:4] or None, taken, reserved)
                taken.add(suggestion)
                fixes.append(fix(doc, suggestion))
            problems.append(Problem(seed_location(first), f"the text {first.meta.title!r} and {named} would have "
                                    f"the same slug {slug!r}", "names.duplicate-slug", "; ".join(fixes)))
    return problems
