"""The typed data that travels between the pipeline stages.

Stages never pass dicts of dicts: each one takes and returns these dataclasses.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["interview", "article"]


@dataclass(frozen=True)
class Block:
    """A run of non-blank lines in a seed file, exactly as written (no trailing newline)."""

    text: str
    line: int  # 1-based line of the block's first line in its seed file


@dataclass(frozen=True)
class SourceFile:
    """A decoded seed file."""

    path: str  # as shown in messages, e.g. "seeds/002_3ebf3cdbc8909605.txt"
    name: str  # file name only, the key used by the editorial metadata
    text: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Dropped:
    """Seed text that is neither body nor metadata, kept on record with the rule that dropped it."""

    text: str
    line: int
    reason: str


@dataclass(frozen=True)
class Heading:
    """A section heading inside a document; ``before`` is the index of the first paragraph it precedes."""

    text: str
    line: int
    before: int


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph.

    ``text`` is the paragraph as displayed (a turn's speaker label removed); ``raw`` is the seed block.
    ``id``/``number`` are empty until the anchor stage; ``speaker`` is None until attribution.
    """

    text: str
    raw: str
    line: int
    index: int  # 0-based position in the document's body
    id: str = ""  # e.g. "snider.p9"
    number: str = ""  # e.g. "9" or "9a"
    speaker: str | None = None
    remark: str | None = None  # e.g. "retranslated", kept from a label such as "Wang Guan (retranslated):"
    turn_start: bool = False  # the first paragraph of a speaker's turn

    # The anchor and attribute stages make a new value of every paragraph of the edition. Built here field
    # by field, that costs half what ``dataclasses.replace`` does (tests/test_model.py checks that every
    # field is carried over).

    def with_id(self, paragraph_id: str, number: str) -> Paragraph:
        """This paragraph with its id and number filled in."""
        return Paragraph(text=self.text, raw=self.raw, line=self.line, index=self.index, id=paragraph_id,
                         number=number, speaker=self.speaker, remark=self.remark, turn_start=self.turn_start)

    def with_speaker(self, speaker: str | None, remark: str | None, turn_start: bool,
                     text: str | None = None) -> Paragraph:
        """This paragraph attributed to ``speaker``; ``text``, if given, replaces the displayed text."""
        return Paragraph(text=self.text if text is None else text, raw=self.raw, line=self.line, index=self.index,
                         id=self.id, number=self.number, speaker=speaker, remark=remark, turn_start=turn_start)


@dataclass(frozen=True)
class PersonName:
    """A person's name as the texts print it (``text``), with the parts a citation needs.

    A name is written out in full in its own order: "Gordon Hahn", or "Wang Guan" for a Chinese name, whose
    family name comes first. Citations invert it ("Hahn, Gordon"), shorten it to the family name ("Hahn",
    "Wang") or initial the given name ("Hahn, G.", "Wang, G."). A one-word name has no parts.
    """

    text: str
    family: str = ""
    given: str = ""

    @property
    def family_first(self) -> bool:
        """The name is written family name first ("Wang Guan"), so it keeps that order when written in full."""
        return bool(self.family) and self.text == f"{self.family} {self.given}" != f"{self.given} {self.family}"

    @property
    def inverted(self) -> str:
        """"Family, Given", the form reference managers read unambiguously; a one-word name as it is."""
        return f"{self.family}, {self.given}" if self.family and self.given else self.text


def person_name(text: str) -> PersonName:
    """The name split by the edition's default rule: the last word is the family name ("Gordon Hahn")."""
    words = text.split()
    return PersonName(text, words[-1], " ".join(words[:-1])) if len(words) > 1 else PersonName(text)


@dataclass(frozen=True)
class DocumentMeta:
    slug: str
    title: str
    authors: tuple[str, ...]
    outlet: str | None
    date: str | None  # ISO 8601
    kind: Kind
    seed: str  # seed file name
    source_line: str | None = None  # the seed's own source/byline line, verbatim
    headline: str | None = None  # the title block verbatim when it differs from ``title``
    kickers: tuple[str, ...] = ()
    standfirst: tuple[str, ...] = ()
    byline: str | None = None
    credit: str | None = None  # e.g. "Source: Fan Page IT", verbatim
    interviewer: str | None = None
    speakers: tuple[str, ...] = ()
    url: str | None = None  # the original publication's address, if stated
    names: tuple[PersonName, ...] = ()  # names whose parts the editors stated (editorial.yml `names`)
    slug_stated: bool = False  # the slug was stated in editorial.yml (else edition.slugs settles it)

    def person(self, name: str) -> PersonName:
        """``name`` (an author or the interviewer) with its parts: as the editors stated them, else by rule."""
        return next((p for p in self.names if p.text == name), None) or person_name(name)


@dataclass(frozen=True)
class Document:
    meta: DocumentMeta
    paragraphs: tuple[Paragraph, ...]
    headings: tuple[Heading, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    line: int = 1  # line of the title block in the seed


@dataclass(frozen=True)
class Retired:
    """A paragraph id that no longer names a live paragraph, and where its citations now land."""

    id: str
    successor: str
    since: str  # ISO date of the revision that retired it
    reason: str = "removed"  # "removed" or "merged"


@dataclass(frozen=True)
class Revision:
    """One rebuild that changed the text: what happened to which paragraphs."""

    number: int
    date: str
    changes: tuple["Change", ...]


@dataclass(frozen=True)
class Change:
    kind: Literal["added", "corrected", "moved", "retired", "merged", "split"]
    id: str
    old_text: str | None = None
    new_text: str | None = None
    successor: str | None = None


@dataclass(frozen=True)
class NoteTarget:
    paragraph: str  # paragraph id, e.g. "snider.p9"
    gloss: str | None
    line: int  # line in the note file, for messages
    quote: str | None = None  # words of the paragraph to highlight, verbatim (checked by edition/quotes.py)
    quote_line: int = 0  # the quote's line in the note file


@dataclass(frozen=True)
class NoteLink:
    """A link address in a note's body, as written, and what it leads to (decided by :mod:`edition.notelinks`)."""

    href: str
    kind: str  # "web", "paragraph" or "document"
    value: str  # the web address, the live paragraph id or the document slug


@dataclass(frozen=True)
class Source:
    """An outside source a note relies on: a bibliographic reference, with an address if it has one."""

    title: str | None  # the work's title, e.g. "On Amendments to the Constitution of Ukraine"
    citation: str | None  # or a full reference in one line, e.g. "Jane Doe, A Book (Publisher, 2020), p. 3"
    url: str | None  # http or https only
    publisher: str | None
    date: str | None  # ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD
    line: int  # line in the note file, for messages


@dataclass(frozen=True)
class Note:
    id: str  # the note file's stem
    path: str  # e.g. "notes/istanbul.md"
    title: str
    kind: str
    targets: tuple[NoteTarget, ...]
    authors: tuple[str, ...]
    topic: str | None
    body: str  # Markdown body, as written: rendered and sanitized by edition.sanitize, never pasted into a page
    links: tuple[NoteLink, ...] = ()  # every link the body holds that the check accepted
    sources: tuple[Source, ...] = ()  # required for kinds "context" and "correction"


# ---------------------------------------------------------------- registers (edition/registers.py)

@dataclass(frozen=True)
class RegisterEntry:
    """A person, place, organisation or event the texts name, as the editors state it."""

    id: str
    kind: str
    name: str
    forms: tuple[str, ...]
    description: str
    line: int
    authority: tuple[tuple[str, str], ...] = ()  # (scheme, id), sorted
    date: str | None = None
    exclude: tuple[str, ...] = ()  # paragraph ids where this entry's forms are not mentions

    @property
    def sort_key(self) -> tuple:
        return (self.name.casefold(), self.id)


@dataclass(frozen=True)
class ReviewedName:
    """A name the editor's aid proposes that the editors read and decided is not an entry, with their reason."""

    text: str  # as the aid prints it ("Ukrainian", "April 2022")
    reason: str
    line: int


@dataclass(frozen=True)
class Registers:
    path: str
    entries: tuple[RegisterEntry, ...] = ()
    reviewed: tuple[ReviewedName, ...] = ()  # the aid's candidates set aside, each with the editors' reason

    def by_id(self) -> dict[str, RegisterEntry]:
        return {e.id: e for e in self.entries}


@dataclass(frozen=True)
class Mention:
    """One place where a paragraph names an entry: ``text[start:end]`` is the form as printed."""

    entry: str
    paragraph: str  # paragraph id, e.g. "snider.p9"
    start: int
    end: int
    form: str


@dataclass(frozen=True)
class Publication:
    """The edition as a whole, as cited: read from VERSION and CITATION.cff (:mod:`edition.publication`)."""

    title: str
    version: str
    date: str  # the release date, ISO 8601
    editors: tuple[str, ...]
    publisher: str
    url: str  # where the edition is published
    repository: str
    licence: str  # SPDX id of the editorial work's licence
    code_licence: str  # SPDX id of the code's licence
    licence_url: str = ""

    def citation(self) -> str:
        """The edition cited as a whole, e.g. on a title page."""
        return (f"{', '.join(self.editors)} (eds.), {self.title}, version {self.version}. "
                f"{self.publisher}, {self.date}. {self.url}")


@dataclass(frozen=True)
class Edition:
    """Everything the render and export stages need."""

    documents: tuple[Document, ...]
    notes: tuple[Note, ...] = ()
    retired: tuple[Retired, ...] = ()
    revisions: tuple[Revision, ...] = ()
    warnings: tuple = field(default=())
    registers: Registers | None = None
    mentions: tuple[Mention, ...] = ()
    publication: Publication | None = None  # None only in tests that build parts of an edition by hand
