"""Stage 2, segment: cut a seed's blocks into documents with metadata, headings and body paragraphs.

Conventions inferred from the seeds (each a named pattern below):

* a document starts with a title block, usually followed by a source line
  (``By Ted Snider, Antiwar.com, 10/9/23`` or ``Kremlin website, 10/16/23``; dates are US month/day/year);
  a seed with no source line holds one document starting at its first block;
* a title ``Name: Title`` whose ``Name`` is the source line's author is the author's name and the title;
* near the top, lower-case one-line blocks are kickers (``conflict in ukraine``), ``Author: Name`` is a byline
  and any other block before the byline is the standfirst;
* a final ``Source: Name`` block is the credit line;
* an article's final block that is its author's biography (``Ted Snider is a regular columnist…``: it opens
  with the name of an author from the source line and a biographical verb) is a credit line too;
* a short one-line block in capitals or title case, without closing punctuation, is a section heading;
* everything else is a body paragraph.

What cannot be inferred (slugs, turn structures, residue to drop) comes from the editorial metadata.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .editorial import DocumentEditorial, Editorial
from .errors import Location, MetadataError, Problem, SeedError
from .model import Block, Document, DocumentMeta, Dropped, Heading, Paragraph, SourceFile

RE_SOURCE_LINE = re.compile(
    r"""(?x)
    ^(?:By\s(?P<authors>[^,]+(?:,\s[^,]+?)*?),\s)?   # optional "By Name[, Name and Name]," byline
    (?P<outlet>[^,\n]+),\s                          # outlet
    (?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{2}|\d{4})$   # US date: month/day/year
    """
)
# The date a source line ends with: a cheap test run on every block's last characters before the full
# pattern, whose lazy author list backtracks over every comma of a long paragraph that starts with "By".
RE_DATE_END = re.compile(r"\d{1,2}/\d{1,2}/(?:\d{2}|\d{4})$")
DATE_END_CHARS = 11  # the longest date, "12/31/2023", and the final newline that "$" lets through
RE_AUTHOR_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*")
RE_BYLINE = re.compile(r"^Author:\s+(?P<name>\S.{0,80})$")
RE_CREDIT = re.compile(r"^Source:\s+(?P<name>\S.{0,80})$")
# After an author's name, the verbs a contributor's note opens with ("… is a regular columnist", "… has
# written", "… teaches"); "argues" or "said" would be the article's own text about that person.
RE_BIO_VERB = re.compile(r"""(?x)
    \s+ (?: is | was | has | had | writes | wrote | teaches | taught | works | worked | served | serves
          | holds | held | lives | edits | covers | reports | directs | heads )
    \s
""")
MAX_BIO = 600  # a contributor's note is a few lines; anything longer is the article's text
RE_KICKER = re.compile(r"^[a-z]+(?:\s[a-z]+){0,5}$")
RE_HEADING = re.compile(
    r"""(?x)
    ^(?=.{1,80}$)                   # short
    (?!.*[.,;:!?…"”’)\]]$)          # no closing punctuation
    [^\n]+$                         # one line
    """
)
RE_WORD = re.compile(r"[^\W\d_][\w’'-]*")
# "Name: rest" where Name is the author named in the source line.
RE_AUTHOR_PREFIX = re.compile(r"^(?P<name>[^:\n]{2,60}):\s+(?P<title>\S.*)$")

FRONT_WINDOW = 8  # how many blocks after the title may hold kickers, standfirst and byline
SMALL_WORDS = frozenset("a an and as at but by for from in into nor of on or over the to up via vs with".split())


def parse_date(month: str, day: str, year: str) -> str:
    """ISO 8601 from the seeds' US month/day/year; two-digit years are 20YY."""
    y = int(year) + (2000 if len(year) == 2 else 0)
    return f"{y:04d}-{int(month):02d}-{int(day):02d}"


def is_heading(text: str) -> bool:
    """A section heading: one short line in capitals or title case, with no closing punctuation."""
    if not RE_HEADING.match(text):
        return False
    words = RE_WORD.findall(text)
    if not words:
        return False
    if all(w.upper() == w for w in words):
        return True
    return all(w[0].isupper() for w in words if w.lower() not in SMALL_WORDS) and words[0][0].isupper()


@dataclass(frozen=True)
class SourceLine:
    authors: tuple[str, ...]
    outlet: str
    date: str


def parse_source_line(text: str) -> SourceLine | None:
    """The source line's authors, outlet and date; None if ``text`` is not a source line."""
    if not RE_DATE_END.search(text[-DATE_END_CHARS:]):
        return None
    match = RE_SOURCE_LINE.match(text)
    if not match:
        return None
    authors = tuple(a for a in RE_AUTHOR_SPLIT.split(match["authors"] or "") if a)
    return SourceLine(authors, match["outlet"].strip(), parse_date(match["month"], match["day"], match["year"]))


def document_starts(blocks: tuple[Block, ...]) -> list[int]:
    """Indexes of title blocks: each block followed by a source line, and the first block of the file."""
    starts = [i for i in range(len(blocks) - 1)
              if "\n" not in blocks[i].text and parse_source_line(blocks[i + 1].text)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return starts


@dataclass(frozen=True)
class Inferred:
    """What the seed itself says about one document, before the editorial metadata is applied."""

    title: str
    headline: str | None
    source: SourceLine | None
    source_text: str | None
    kickers: tuple[str, ...]
    standfirst: tuple[str, ...]
    byline: str | None
    byline_name: str | None
    credit: str | None
    credit_name: str | None
    headings: tuple[Heading, ...]
    paragraphs: tuple[Paragraph, ...]
    dropped: tuple[Dropped, ...]
    line: int


def is_author_bio(text: str, authors: tuple[str, ...]) -> bool:
    """Whether ``text`` is a note about one of ``authors``: their name, a biographical verb, and short."""
    if "\n" in text or len(text) > MAX_BIO:
        return False
    return any(text.startswith(name) and RE_BIO_VERB.match(text, len(name)) for name in authors if name)


def infer_document(blocks: list[Block], drops=()) -> Inferred:
    """Apply the seed conventions to one document's blocks (title first)."""
    title_block, rest = blocks[0], list(blocks[1:])
    source = parse_source_line(rest[0].text) if rest else None
    source_text = rest.pop(0).text if source else None

    title, headline = title_block.text, None
    prefix = RE_AUTHOR_PREFIX.match(title)
    if source and prefix and prefix["name"] in source.authors:
        title, headline = prefix["title"], title_block.text

    dropped: list[Dropped] = []
    for rule in drops:
        for block in [b for b in rest if b.text == rule.text]:
            rest.remove(block)
            dropped.append(Dropped(block.text, block.line, rule.reason))

    credit = credit_name = None
    if rest and (m := RE_CREDIT.match(rest[-1].text)):
        credit, credit_name = rest.pop().text, m["name"].strip()
    if source and len(rest) > 1 and is_author_bio(rest[-1].text, source.authors):
        # Kept verbatim as metadata, never dropped: the author's note before any "Source:" line.
        credit = rest.pop().text + (f"\n{credit}" if credit else "")

    kickers: list[str] = []
    standfirst: list[str] = []
    byline = byline_name = None
    front = rest[:FRONT_WINDOW]
    at = next((i for i, b in enumerate(front) if RE_BYLINE.match(b.text)), None)
    taken = 0
    if at is not None:
        byline = front[at].text
        byline_name = RE_BYLINE.match(byline)["name"].strip()
        for block in front[:at]:
            (kickers if RE_KICKER.match(block.text) else standfirst).append(block.text)
        taken = at + 1
    while taken < len(rest) and RE_KICKER.match(rest[taken].text):
        kickers.append(rest[taken].text)
        taken += 1
    body = rest[taken:]

    headings: list[Heading] = []
    paragraphs: list[Paragraph] = []
    for position, block in enumerate(body):
        is_last = position == len(body) - 1
        if not is_last and is_heading(block.text):
            headings.append(Heading(block.text, block.line, len(paragraphs)))
        else:
            paragraphs.append(Paragraph(text=block.text, raw=block.text, line=block.line, index=len(paragraphs)))
    return Inferred(title, headline, source, source_text, tuple(kickers), tuple(standfirst), byline, byline_name,
                    credit, credit_name, tuple(headings), tuple(paragraphs), tuple(dropped), title_block.line)


def default_slug(title: str, authors: tuple[str, ...]) -> str:
    """A document's base slug: the first author's surname, else the title's first words.

    :func:`edition.slugs.assign_slugs` settles the slug from it when two documents would share it."""
    source = authors[0].split()[-1] if authors else " ".join(title.split()[:4])
    return re.sub(r"[^a-z0-9]+", "-", source.lower()).strip("-") or "document"


def segment(source: SourceFile, editorial: Editorial) -> tuple[Document, ...]:
    """Cut one seed file into documents, applying the editorial metadata stated for it."""
    starts = document_starts(source.blocks)
    stated = editorial.for_seed(source.name)
    problems: list[Problem] = []
    if stated and len(stated) != len(starts):
        problems.append(Problem(
            Location(editorial.path, stated[0].line),
            f"{source.name} lists {len(stated)} documents but the seed holds {len(starts)}",
            "editorial.document-count", "run `python build_edition.py inspect " + source.path + "`"))
        raise MetadataError(problems)

    documents: list[Document] = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(source.blocks)
        blocks = list(source.blocks[start:end])
        ed = stated[position] if stated else None
        inferred = infer_document(blocks, ed.drop if ed else ())
        if ed:
            if ed.title not in (inferred.title, inferred.headline):
                problems.append(Problem(Location(editorial.path, ed.line),
                                        f"title does not match document {position + 1} of {source.name}, "
                                        f"whose title is '{inferred.title}'", "editorial.title-mismatch"))
                continue
            used = {d.text for d in inferred.dropped}
            for rule in ed.drop:
                if rule.text not in used:
                    problems.append(Problem(Location(editorial.path, rule.line),
                                            "drop rule matches no block of this document", "editorial.drop-unused"))
        if not inferred.paragraphs:
            problems.append(Problem(Location(source.path, inferred.line),
                                    f"document '{inferred.title}' has no body paragraphs", "seed.no-body",
                                    "a document needs a title, an optional source line, then its text"))
            continue
        meta = _meta(source, inferred, ed)
        problems += _unknown_names(meta, ed, editorial.path) if ed else []
        documents.append(Document(meta=meta, paragraphs=inferred.paragraphs,
                                  headings=inferred.headings, dropped=inferred.dropped, line=inferred.line))
    if problems:
        error = MetadataError if all(p.code.startswith("editorial.") for p in problems) else SeedError
        raise error(problems)
    return tuple(documents)


def _unknown_names(meta: DocumentMeta, ed: DocumentEditorial, path: str) -> list[Problem]:
    """A name in ``names`` must be one the document credits, or its parts would silently split nothing."""
    credited = (*meta.authors, *((meta.interviewer,) if meta.interviewer else ()))
    return [Problem(Location(path, stated.line),
                    f"'{stated.person.text}' is neither an author nor the interviewer of '{meta.title}'",
                    "editorial.names", "credited: " + (", ".join(credited) or "nobody"))
            for stated in ed.names if stated.person.text not in credited]


def _meta(source: SourceFile, inferred: Inferred, ed: DocumentEditorial | None) -> DocumentMeta:
    src = inferred.source
    authors = (src.authors if src and src.authors else
               (inferred.byline_name,) if inferred.byline_name else ())
    if ed and ed.authors is not None:
        authors = ed.authors
    outlet = (ed.outlet if ed and ed.outlet else
              src.outlet if src else inferred.credit_name)
    date = ed.date if ed and ed.date else (src.date if src else None)
    kind = ed.kind if ed and ed.kind else "article"
    slug = ed.slug if ed and ed.slug else default_slug(inferred.title, authors)
    return DocumentMeta(
        slug=slug, title=inferred.title, authors=tuple(authors), outlet=outlet, date=date, kind=kind,
        seed=source.name, source_line=inferred.source_text, headline=inferred.headline,
        kickers=inferred.kickers, standfirst=inferred.standfirst, byline=inferred.byline, credit=inferred.credit,
        interviewer=ed.interviewer if ed else None, speakers=ed.speakers if ed else (),
        url=ed.url if ed else None, names=tuple(stated.person for stated in ed.names) if ed else (),
        slug_stated=bool(ed and ed.slug),
    )
