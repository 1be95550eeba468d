"""Stage 2b, name: every document's slug, so that an edition can grow without renaming what it published.

A slug names a text's page (``snider/``) and every one of its paragraph ids (``snider.p9``), so once a
document's paragraphs are in the anchor lock its slug never changes. The segmenter gives each document the
slug ``seeds/editorial.yml`` states or, failing that, its base (:func:`edition.segment.default_slug`, the first
author's surname); this stage settles the slugs that were not stated:

1. a document the lock already holds keeps the slug it was published under (:func:`published_slugs`);
2. a new document takes its base, if no other document has it and it is not one of the site's own names;
3. otherwise its base plus the first significant word of its title (stop words skipped) that no other
   document with the same base has in its title: ``snider-zelensky`` beside Snider's "Listening to Lavrov";
4. otherwise its base plus its date: ``snider-2024-05-16``.

A clash that remains (same author, same title words, same date) keeps the base, so
:func:`edition.names.slug_problems` reports it once, at the first text's seed line, naming the other's, with
the ``slug:`` entry that resolves it.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from .lock import AnchorLock, split_id
from .model import Document
from .names import SITE_NAMES

# A word of a title: letters and digits, with inner apostrophes ("Ukraine’s", "don't"), in any script.
RE_TITLE_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
RE_POSSESSIVE = re.compile(r"['’]s$")
RE_NON_SLUG = re.compile(r"[^a-z0-9]+")
RE_WORD = re.compile(r"[^\W_]+")
# A published text whose every paragraph was corrected is still recognised by its words: at least this share
# of them in common (Jaccard). Measured on the edition's five texts, two different texts share at most 0.20.
MIN_WORD_OVERLAP = 0.5
# Words that distinguish no title: articles, prepositions, conjunctions, auxiliaries, pronouns.
STOP_WORDS = frozenset("""
    a about after against all also an and any are as at be been before being between both but by can could did
    do does during for from had has have he her his how i if in into is it its just me more most my no nor not
    of off on once only or other our out over own s says said she so some such than that the their them then
    there these they this those through to too under until up very via vs was we were what when where which
    while who whom why will with would you your
""".split())


def title_words(title: str) -> list[str]:
    """The title's significant words as slug parts, in order, without repeats: stop words and possessive
    endings dropped, accents folded to ASCII (a word with no ASCII letter left is dropped)."""
    words: list[str] = []
    for match in RE_TITLE_WORD.finditer(title):
        word = RE_POSSESSIVE.sub("", match.group().lower())
        folded = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")
        part = RE_NON_SLUG.sub("", folded)
        if part and part not in STOP_WORDS and part not in words:
            words.append(part)
    return words


def candidates(base: str, document: Document) -> list[str]:
    """Every slug the rule could give ``document`` whose base is ``base``, in the rule's order."""
    own = set(base.split("-"))
    found = [base] + [f"{base}-{word}" for word in title_words(document.meta.title) if word not in own]
    if document.meta.date:
        found.append(f"{base}-{document.meta.date}")
    return found


def word_overlap(texts: Collection[str], others: Collection[str]) -> float:
    """How alike two documents' words are: the Jaccard index of their sets of lower-cased words."""
    mine = {w for t in texts for w in RE_WORD.findall(t.lower())}
    theirs = {w for t in others for w in RE_WORD.findall(t.lower())}
    return len(mine & theirs) / len(mine | theirs) if mine or theirs else 0.0


def published_slugs(lock: AnchorLock | None) -> dict[str, frozenset[str]]:
    """Every slug the lock has issued ids for, with its live paragraphs' texts (empty if all were retired)."""
    if lock is None:
        return {}
    texts: dict[str, set[str]] = defaultdict(set)
    for paragraph in lock.paragraphs:
        texts[split_id(paragraph.id)[0]].add(paragraph.text)
    for record in lock.retired:
        texts.setdefault(split_id(record.id)[0], set())
    return {slug: frozenset(t) for slug, t in texts.items()}


def _keep_published(documents: Sequence[Document], published: Mapping[str, frozenset[str]],
                    stated: Collection[str]) -> dict[int, str]:
    """Documents already in the lock, by position → the slug they were published under.

    A published slug is claimed by the documents that could have been given it and that resemble what the lock
    holds for it: a paragraph in common, or failing that (every paragraph corrected) most of their words. When
    several do (Snider's first article and a new one both have the base ``snider``), the one sharing most
    paragraphs keeps it, then most words, then the earlier in reading order. A new text that resembles none
    claims nothing: a published text removed in the same change is then refused by the anchor stage
    (``lock.document-removed``) instead of handing its ids to a different text.
    """
    claims = []
    for position, document in enumerate(documents):
        if document.meta.slug_stated:
            continue
        texts = {p.text for p in document.paragraphs}
        for slug in candidates(document.meta.slug, document):
            if slug not in published or slug in stated:
                continue
            shared = len(texts & published[slug])
            alike = 0.0 if shared else word_overlap(texts, published[slug])
            if shared or alike >= MIN_WORD_OVERLAP:
                claims.append((-shared, -alike, position, slug))
    kept: dict[int, str] = {}
    for *_, position, slug in sorted(claims):
        if position not in kept and slug not in kept.values():
            kept[position] = slug
    return kept


def assign_slugs(documents: Sequence[Document], lock: AnchorLock | None,
                 reserved: Collection[str] = frozenset(SITE_NAMES)) -> tuple[Document, ...]:
    """The documents, in the same order, each with its settled slug (see the module's docstring).

    Each document comes from the segmenter with its stated slug (``meta.slug_stated``) or its base.
    """
    published = published_slugs(lock)
    stated = {d.meta.slug for d in documents if d.meta.slug_stated}
    kept = _keep_published(documents, published, stated)
    taken = stated | set(published) | set(reserved)
    by_base: dict[str, list[Document]] = defaultdict(list)
    for document in documents:
        by_base[document.meta.slug].append(document)
    settled: list[Document] = []
    for position, document in enumerate(documents):
        base = document.meta.slug
        if document.meta.slug_stated:
            slug = base
        elif position in kept:
            slug = kept[position]
        else:
            slug = _new_slug(document, base, by_base[base], taken)
            taken.add(slug)
        settled.append(document if slug == base else replace(document, meta=replace(document.meta, slug=slug)))
    return tuple(settled)


def _new_slug(document: Document, base: str, same_base: Sequence[Document], taken: Collection[str]) -> str:
    """The first free slug of the rule for a new document, else its base (a clash names.py reports)."""
    others = {word for other in same_base if other is not document for word in title_words(other.meta.title)}
    for slug in candidates(base, document):
        word = slug[len(base) + 1:]
        distinguishing = not word or word == document.meta.date or word not in others
        if distinguishing and slug not in taken:
            return slug
    return base
