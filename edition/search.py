"""Export, search part: one small index that lets the reader's browser find a phrase's paragraph.

Material's own search splits pages only at headings, so a phrase finds a section of a dozen paragraphs,
not the paragraph itself. The site therefore searches this file instead (``overrides/assets/js/search.js``
fetches it the first time the search box is used): one row per paragraph with its document, number,
speaker and text, and one per note, so a result can name and link ``hahn/#p12`` directly.

Register entries travel with the rows that mention them, so a search for one spelling finds the others:
"Kyiv" finds a paragraph that says "Kiev", and the result shows the form the text uses.

The format is compact JSON (arrays, not objects, and no white space), because every byte of it is
downloaded before the first result; ``benchmarks/search_bytes.py`` measures it.
"""
from __future__ import annotations

import json
import re

from .export import note_url
from .model import Edition
from .registers import mentions_by_paragraph
from .render import doc_label

INDEX_PATH = "search/paragraphs.json"  # relative to the docs folder, so the site serves it beside the pages
INDEX_VERSION = 2

# A note's body is Markdown; its readers search the words, not the syntax around them.
RE_MARKDOWN_LINK = re.compile(r"""(?x)
    \[ (?P<text>[^\]]*) \]     # [link text]
    \( [^)]* \)                # (target), dropped
""")
RE_MARKDOWN_MARKS = re.compile(r"(?m)^\s*(?:>\s*|[-*+]\s+)|[*_`]+")  # quote/list markers, emphasis, code


def plain(markdown: str) -> str:
    """The words of a Markdown body, on one line."""
    text = RE_MARKDOWN_LINK.sub(r"\g<text>", markdown)
    return " ".join(RE_MARKDOWN_MARKS.sub(" ", text).split())


def _phrasings(entry) -> list[str]:
    """The ways of naming an entry a reader may type: its name, then each form."""
    return list(dict.fromkeys((entry.name, *entry.forms)))


def index(edition: Edition) -> dict:
    """The search index as plain data.

    ``paragraphs`` rows are ``(document, number, speaker, text)``, where ``document`` and ``speaker`` are
    positions in ``documents`` and ``speakers`` (``-1``: no speaker), so names are stored once; a row that
    names a register entry with more than one spelling has a fifth item, ``[[entry, start, end], ...]``: the
    entry's position in ``names`` and where the text first names it, once per entry.
    ``names`` rows are an entry's phrasings (its name and forms). ``notes`` rows are ``[url, title, text]``,
    the text being the glosses and the body.
    """
    speakers = sorted({p.speaker for d in edition.documents for p in d.paragraphs if p.speaker})
    speaker_at = {name: i for i, name in enumerate(speakers)}
    documents = [{"slug": d.meta.slug, "title": d.meta.title, "label": doc_label(d), "url": f"{d.meta.slug}/"}
                 for d in edition.documents]
    # Rows are tuples (JSON arrays all the same): the garbage collector stops tracking a tuple of plain values,
    # so a row per paragraph does not make it walk the whole heap again and again.
    entries = [e for e in (edition.registers.entries if edition.registers else ()) if len(_phrasings(e)) > 1]
    entry_at = {e.id: i for i, e in enumerate(entries)}
    by_paragraph = mentions_by_paragraph(edition.mentions)

    def named(pid: str) -> list[tuple[int, int, int]]:
        first: dict[int, tuple[int, int, int]] = {}
        for m in by_paragraph.get(pid, ()):
            if m.entry in entry_at:
                first.setdefault(entry_at[m.entry], (entry_at[m.entry], m.start, m.end))
        return sorted(first.values())

    paragraphs = []
    for i, d in enumerate(edition.documents):
        for p in d.paragraphs:
            row = (i, p.number, speaker_at.get(p.speaker, -1), p.text.replace("\n", " "))
            mentioned = named(p.id)
            paragraphs.append(row + (mentioned,) if mentioned else row)
    notes = [[note_url(n.id), n.title,
              " ".join([t.gloss for t in n.targets if t.gloss] + [plain(n.body)]).strip()]
             for n in edition.notes]
    return {"version": INDEX_VERSION, "documents": documents, "speakers": speakers,
            "paragraphs": paragraphs, "names": [_phrasings(e) for e in entries], "notes": notes}


def files(edition: Edition) -> dict[str, str]:
    """Extra files for the docs folder that the site's search needs, keyed by relative path."""
    data = json.dumps(index(edition), ensure_ascii=False, separators=(",", ":"))
    return {INDEX_PATH: data + "\n"}
