"""Export, search part: a chunked index that lets the reader's browser find a phrase's paragraph.

Material's own search splits pages only at headings, so a phrase finds a section of a dozen paragraphs,
not the paragraph itself. The site therefore searches its own index (``overrides/assets/js/search.js``), one
row per paragraph with its document, number, speaker and text, and one per note, so a result can name and
link ``hahn/#p12`` directly.

A growing edition cannot send every row to every reader, so the index comes in pieces and a query downloads
only those it needs (``benchmarks/search_bytes.py`` counts them):

* ``search/index.json``, fetched when the box is first used: the documents, speakers and register names the
  rows refer to, and how the rest is cut (:data:`CHUNK` rows a chunk, how many term shards, which words are
  too common to look up);
* ``search/terms/<n>.json``: for each word of three letters or more, the rows it occurs in, delta-coded.
  A word goes to shard ``fnv1a(first three letters) mod shards``, so every word a typed prefix can complete
  ("counteroff…") is in one shard;
* ``search/names/<n>.json``: the rows that name register entry ``n``, so a search for one spelling finds
  the others ("Kyiv" finds a paragraph that says "Kiev", and the result shows the form the text uses);
* ``search/rows/<k>.json``: rows ``k × CHUNK`` to ``(k + 1) × CHUNK - 1``, the text the browser checks the
  phrase against and shows.

A query looks up its words, intersects their rows, and fetches the chunks of those rows in the edition's
order. A word in more than :func:`frequent_limit` rows ("the") is not looked up: its rows would cost more
to fetch than the chunks they rule out, and the text is checked anyway.

Words are cut and folded here exactly as in the browser (letters or digits with inner apostrophes;
compatibility decomposition, no marks, lower case, nothing but letters and digits), which
``tests/browser/test_search_index.py`` checks on generated text; a word the two cut differently would be a
paragraph the search cannot find.
"""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from .export import note_url
from .model import Edition
from .registers import mentions_by_paragraph
from .render import doc_label

INDEX_PATH = "search/index.json"  # relative to the docs folder, so the site serves it beside the pages
INDEX_VERSION = 3
CHUNK = 64  # rows a chunk: about 9 KB gzip of paragraphs, so the first results come after a few of them
PREFIX = 3  # a word is looked up by its first PREFIX letters; a shorter word or prefix is only checked
SHARD_BYTES = 8192  # about this many bytes of postings a term shard, before gzip
MAX_SHARDS = 4096

# A word, as search.js's WORD: letters or digits ([^\W_]), with inner apostrophes ("Ukraine’s").
RE_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
RE_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]")

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


@functools.lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """A word as the search compares it: no accents or apostrophes, lower case ("Ukraine’s" → "ukraines").

    Compatibility decomposition can turn one letter into several words (U+FDFA), so whatever is not a
    letter or digit is dropped after folding; a word that folds to nothing keeps its own lower-case form.
    """
    decomposed = unicodedata.normalize("NFKD", word)
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower()
    return RE_NOT_LETTER_OR_DIGIT.sub("", bare) or word.lower()


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    return [fold(w) for w in RE_WORD.findall(text)]


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over the code points of ``text`` (search.js computes the same)."""
    h = 0x811C9DC5
    for c in text:
        h = ((h ^ ord(c)) * 0x01000193) & 0xFFFFFFFF
    return h


def shard_of(word: str, shards: int) -> int:
    return fnv1a(word[:PREFIX]) % shards


def frequent_limit(rows: int) -> int:
    """More rows than this, and a word is not looked up: 2 % of the rows, and never fewer than 1,000."""
    return max(1000, rows // 50)


def deltas(numbers: Iterable[int]) -> list[int]:
    """Sorted row numbers as the first and then the gaps: small numbers, which gzip well."""
    out, last = [], 0
    for n in numbers:
        out.append(n - last)
        last = n
    return out


def _phrasings(entry) -> list[str]:
    """The ways of naming an entry a reader may type: its name, then each form."""
    return list(dict.fromkeys((entry.name, *entry.forms)))


def rows_of(edition: Edition) -> tuple[dict, list[tuple]]:
    """The index's head (documents, speakers, register names, where the notes start) and its rows.

    Paragraph rows are ``(document, number, speaker, text)``, where ``document`` and ``speaker`` are
    positions in ``documents`` and ``speakers`` (``-1``: no speaker), so names are stored once; a row that
    names a register entry with more than one spelling has a fifth item, ``[[entry, start, end], ...]``: the
    entry's position in ``names`` and where the text first names it, once per entry. Note rows follow the
    paragraphs, as ``[url, title, text]``, the text being the glosses and the body.
    """
    speakers = sorted({p.speaker for d in edition.documents for p in d.paragraphs if p.speaker})
    speaker_at = {name: i for i, name in enumerate(speakers)}
    documents = [[d.meta.slug, d.meta.title, doc_label(d)] for d in edition.documents]
    entries = [e for e in (edition.registers.entries if edition.registers else ()) if len(_phrasings(e)) > 1]
    entry_at = {e.id: i for i, e in enumerate(entries)}
    by_paragraph = mentions_by_paragraph(edition.mentions)

    def named(pid: str) -> list[tuple[int, int, int]]:
        first: dict[int, tuple[int, int, int]] = {}
        for m in by_paragraph.get(pid, ()):
            if m.entry in entry_at:
                first.setdefault(entry_at[m.entry], (entry_at[m.entry], m.start, m.end))
        return sorted(first.values())

    # Rows are tuples (JSON arrays all the same): the garbage collector stops tracking a tuple of plain values,
    # so a row per paragraph does not make it walk the whole heap again and again.
    rows: list[tuple] = []
    for i, d in enumerate(edition.documents):
        for p in d.paragraphs:
            row = (i, p.number, speaker_at.get(p.speaker, -1), p.text.replace("\n", " "))
            mentioned = named(p.id)
            rows.append(row + (mentioned,) if mentioned else row)
    notes_from = len(rows)
    for n in edition.notes:
        rows.append((note_url(n.id), n.title,
                     " ".join([t.gloss for t in n.targets if t.gloss] + [plain(n.body)]).strip()))
    head = {"documents": documents, "speakers": speakers, "names": [_phrasings(e) for e in entries],
            "notes": notes_from}
    return head, rows


def searched_text(row: tuple) -> str:
    """The text of a row that the browser searches: a paragraph's text, a note's title and text."""
    return f"{row[1]}. {row[2]}" if isinstance(row[0], str) else row[3]


def index(edition: Edition) -> dict[str, object]:
    """Every file of the index as plain data, keyed by its path in the docs folder."""
    head, rows = rows_of(edition)
    postings: dict[str, list[int]] = defaultdict(list)
    named_in: dict[int, list[int]] = defaultdict(list)
    for at, row in enumerate(rows):
        for word in dict.fromkeys(words(searched_text(row))):
            if len(word) >= PREFIX:
                postings[word].append(at)
        if not isinstance(row[0], str) and len(row) > 4:
            for entry, _, _ in row[4]:
                named_in[entry].append(at)
    limit = frequent_limit(len(rows))
    frequent = sorted(w for w, found in postings.items() if len(found) > limit)
    kept = {w: found for w, found in postings.items() if len(found) <= limit}
    size = sum(len(w) + 4 + 3 * len(found) for w, found in kept.items())
    shards = 1
    while shards < MAX_SHARDS and size / shards > SHARD_BYTES:
        shards *= 2
    by_shard: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for word in sorted(kept):
        by_shard[shard_of(word, shards)][word] = deltas(kept[word])
    files: dict[str, object] = {
        INDEX_PATH: {"version": INDEX_VERSION, "rows": len(rows), "chunk": CHUNK, "prefix": PREFIX,
                     "shards": shards, "frequent": frequent, **head},
    }
    for n, terms in sorted(by_shard.items()):
        files[f"search/terms/{n}.json"] = terms
    for entry in range(len(head["names"])):
        files[f"search/names/{entry}.json"] = deltas(named_in.get(entry, ()))
    for k in range(0, len(rows), CHUNK):
        files[f"search/rows/{k // CHUNK}.json"] = rows[k:k + CHUNK]
    return files


def files(edition: Edition) -> dict[str, str]:
    """The files of the docs folder that the site's search needs, keyed by relative path."""
    return {path: json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
            for path, data in index(edition).items()}
