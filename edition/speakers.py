"""Stage 4, attribute speakers: who speaks each paragraph.

Three sources, applied in order:

1. labelled turns (``Vladimir Putin: …``, ``Wang Guan (retranslated): …``) start a turn; unlabelled
   paragraphs continue it. A label counts only for a name the editors declared or that labels two or more
   paragraphs, so an article's ``Istanbul: Could Have Had Peace`` is never taken for a speaker;
2. a declared turn structure (``turns`` in the editorial metadata) for unlabelled interviews;
3. per-paragraph ``speaker_overrides``.

In an article every paragraph is its author's.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .editorial import DocumentEditorial, Editorial
from .errors import Location, MetadataError, Problem, each
from .model import Document, Paragraph

RE_LABEL = re.compile(
    r"""(?x)
    ^(?P<name>[A-Z][\w’'.-]*(?:\s[A-Z][\w’'.-]*){0,3})   # one to four capitalised words
    (?:\s\((?P<remark>[^()\n]{1,40})\))?                 # an optional remark: "(retranslated)"
    :\s+                                                 # the colon that makes it a label
    (?P<text>\S[\s\S]*)$                                 # the turn's text
    """
)


def label_speakers(paragraphs: tuple[Paragraph, ...], declared: tuple[str, ...]) -> frozenset[str]:
    """Names that label turns: declared ones plus any name labelling two or more paragraphs."""
    counts = Counter(m["name"] for p in paragraphs if (m := RE_LABEL.match(p.raw)))
    return frozenset(declared) | {name for name, n in counts.items() if n >= 2}


def _by_labels(doc: Document) -> tuple[tuple[Paragraph, ...], tuple[str, ...]]:
    names = label_speakers(doc.paragraphs, doc.meta.speakers)
    speaker = remark = None
    out: list[Paragraph] = []
    order: list[str] = []
    for p in doc.paragraphs:
        m = RE_LABEL.match(p.raw)
        if m and m["name"] in names:
            speaker, remark = m["name"], m["remark"]
            out.append(p.with_speaker(speaker, remark, True, text=m["text"]))
            if speaker not in order:
                order.append(speaker)
        else:
            out.append(p.with_speaker(speaker, remark, p.turn_start))
    return tuple(out), tuple(order)


def attribute(doc: Document, stated: DocumentEditorial | None, editorial_path: str) -> Document:
    """Fill in ``speaker``, ``remark`` and ``turn_start`` on every paragraph of ``doc``."""
    meta = doc.meta
    if meta.kind == "article":
        author = " and ".join(meta.authors) if meta.authors else None
        paragraphs = tuple(p.with_speaker(author, p.remark, p.index == 0) for p in doc.paragraphs)
        return replace(doc, paragraphs=paragraphs, meta=replace(meta, speakers=(author,) if author else ()))

    paragraphs, order = _by_labels(doc)
    problems: list[Problem] = []
    by_number = {p.number: i for i, p in enumerate(paragraphs)}
    if stated and stated.turns:
        turns = stated.turns
        first = by_number.get(str(turns.start))
        if first is None:
            problems.append(Problem(Location(editorial_path, turns.line),
                                    f"turns start at paragraph {turns.start}, which {meta.slug} does not have",
                                    "editorial.unknown-paragraph"))
        else:
            cycle = turns.alternate
            paragraphs = paragraphs[:first] + tuple(
                replace(p, speaker=cycle[k % len(cycle)], turn_start=True)
                for k, p in enumerate(paragraphs[first:]))
    if stated:
        for number, (name, line) in sorted(stated.speaker_overrides.items()):
            at = by_number.get(str(number))
            if at is None:
                problems.append(Problem(Location(editorial_path, line),
                                        f"speaker override names paragraph {number}, which {meta.slug} does not have",
                                        "editorial.unknown-paragraph",
                                        f"{meta.slug} has paragraphs 1 to {len(paragraphs)}"))
                continue
            paragraphs = paragraphs[:at] + (replace(paragraphs[at], speaker=name, turn_start=True),) + paragraphs[at + 1:]
    if problems:
        raise MetadataError(problems)
    speakers = tuple(dict.fromkeys((*meta.speakers, *order, *(p.speaker for p in paragraphs if p.speaker))))
    return replace(doc, paragraphs=paragraphs, meta=replace(meta, speakers=speakers))


def attribute_all(documents: tuple[Document, ...], editorial: Editorial) -> tuple[Document, ...]:
    """Attribute every document, collecting problems across all of them."""
    stated = {(d.seed, d.position): d for d in editorial.documents}
    positions: dict[str, int] = {}
    pairs = []
    for doc in documents:
        position = positions.get(doc.meta.seed, 0)
        positions[doc.meta.seed] = position + 1
        pairs.append((doc, stated.get((doc.meta.seed, position))))
    problems: list[Problem] = []
    out = each(lambda pair: attribute(pair[0], pair[1], editorial.path), pairs, problems)
    if problems:
        raise MetadataError(problems)
    return tuple(out)
