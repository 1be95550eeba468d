"""Stage link, part one: load and validate contributed related-claims notes.

A note is ``notes/<id>.md``: YAML front matter between two ``---`` lines, then a Markdown body. Notes come
from contributors, so everything in them is checked before the edition trusts it: the fields, the
paragraphs they point at, and that the body cannot inject HTML, attributes, files or script links into the
site. Every problem in every file is collected, then one :class:`NoteError` reports them all.
"""
from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .errors import Location, NoteError, Problem
from .model import Note, NoteTarget
from .read import display_path
from .sources import SOURCED_KINDS, parse_sources
from .yamlsrc import load_yaml

NOTE_FIELDS = ("title", "topic", "kind", "authors", "targets", "sources")
NOTE_KINDS = ("cross-reference", "context", "correction")  # the first is the default
MAX_GLOSS = 200
LINK_SCHEMES = ("http", "https", "mailto")
TARGET_KEYS = ("id", "gloss", "quote")

RE_NOTE_ID = re.compile(r"""(?x) ^ [a-z0-9]+ (?: - [a-z0-9]+ )* $  # lower-case words joined by hyphens""")

# Characters no text file needs; bidirectional overrides are here because they can make a hostile line
# look harmless to the person reviewing a contribution.
RE_CONTROL = re.compile(r"""(?x) [\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]""")

RE_HTML = re.compile(r"""(?x)
    < (?: [^\W\d_] | [/!?] )    # what an HTML parser reads as a tag, comment, declaration or autolink
    [^\s<>]{0,30} >?            # (the rest only makes the message readable)
""")
RE_IMAGE = re.compile(r"""(?x) !\[ """)
RE_ATTR_LIST = re.compile(r"""(?x)
    \{ [^\n]* \}                # attr_list reads any {...} on one line: {: .c}, {#id}, { onclick=x }
""")
RE_FOOTNOTE = re.compile(r"""(?x) \[\^ [^\]\n]* \]? """)
RE_SNIPPET = re.compile(r"""(?x) -+ 8< -+ """)  # pymdownx.snippets would paste in another file
RE_MARKDOWN_ATTR = re.compile(r"""(?ix) \b markdown \s* = """)  # md_in_html's switch

# Every "](" starts a possible inline link; the lookahead lets matches overlap, because Python-Markdown
# can take a later "](" as the real one (in "[b [a](x](javascript:y)" the address is "javascript:y").
RE_INLINE_LINK = re.compile(r"""(?x) \]\( (?= (?P<dest> [^)]* ) )""")
RE_REFERENCE = re.compile(r"""(?mx)
    ^ (?: [ \t>] | [*+-] [ \t] | \d+ [.)] [ \t] )*   # indentation, quote and list markers
    \[ [^\[\]]* \] :                                  # [label]:
    [ \t]* \n? [ \t]*                                 # the address may start on the next line
    (?P<dest> \S* )
""")
RE_SCHEME = re.compile(r"""(?x) ^ (?P<scheme> [a-z] [a-z0-9+.-]* ) : """)

LINK_HINT = "write links as [text](https://…), or relative to the site as [text](../snider/#p9)"


@dataclass(frozen=True)
class _Rule:
    """Markdown syntax a note body may not use."""

    pattern: re.Pattern[str]
    code: str
    message: str
    hint: str


BODY_RULES = (
    _Rule(RE_HTML, "notes.html", "raw HTML {found!r}",
          f"{LINK_HINT}; for a literal '<' put a space after it or write &lt;"),
    _Rule(RE_IMAGE, "notes.image", "image syntax {found!r}", "notes are text: link to the image instead"),
    _Rule(RE_ATTR_LIST, "notes.attr-list", "attribute-list syntax {found!r}",
          "remove the braces, or write them as &#123; and &#125;"),
    _Rule(RE_FOOTNOTE, "notes.footnote", "footnote syntax {found!r}", "put the reference in the text itself"),
    _Rule(RE_SNIPPET, "notes.snippet", "snippet syntax {found!r}", "notes cannot include other files"),
    _Rule(RE_MARKDOWN_ATTR, "notes.markdown-attr", "{found!r} in the body", "remove it: notes are plain Markdown"),
)


@dataclass(frozen=True)
class NotesResult:
    notes: tuple[Note, ...]
    warnings: tuple[Problem, ...]


def load_notes(folder: Path, *, root: Path, known_ids: Collection[str],
               retired: Mapping[str, str] = MappingProxyType({})) -> NotesResult:
    """Load every ``*.md`` note directly in ``folder`` (``README.md`` aside), sorted by id.

    Targets must be ``known_ids``; one naming a key of ``retired`` is moved to its successor with a warning.
    Raise :class:`NoteError` listing every problem in every file if there is any.
    """
    if not folder.is_dir():
        return NotesResult((), ())
    known, notes, problems, warnings = frozenset(known_ids), [], [], []
    first_path: dict[str, str] = {}  # lower-cased id → the file that has it
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() != ".md" or path.stem.lower() == "readme":
            continue
        # The folder is resolved, the file name kept: a symbolic link must be named as itself.
        check = _NoteCheck(f"{display_path(folder, root)}/{path.name}", known, retired)
        note = check.load(path, first_path)
        problems += check.problems
        warnings += check.warnings
        if note and not check.problems:
            notes.append(note)
    if problems:
        raise NoteError(problems)
    return NotesResult(tuple(sorted(notes, key=lambda n: n.id)), tuple(warnings))


def check_body(body: str, path: str, *, first_line: int = 1) -> list[Problem]:
    """Problems that make a note's Markdown ``body`` unsafe to render; ``first_line`` is its line in ``path``."""
    problems = []

    def fail(pos: int, message: str, code: str, hint: str) -> None:
        problems.append(Problem(Location(path, first_line + body.count("\n", 0, pos)), message, code, hint))
    for rule in BODY_RULES:
        for found in rule.pattern.finditer(body):
            fail(found.start(), rule.message.format(found=found[0][:40]), rule.code, rule.hint)
    for pattern in (RE_INLINE_LINK, RE_REFERENCE):
        for found in pattern.finditer(body):
            if why := _link_problem(found["dest"]):
                fail(found.start("dest"), why, "notes.link-scheme", LINK_HINT)
    return problems


def _did_you_mean(word: str, choices: Collection[str]) -> str:
    by_lower = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(word.lower(), by_lower, n=1, cutoff=0.75)
    return f"; did you mean {by_lower[close[0]]!r}?" if close else ""


def _link_problem(raw: str) -> str | None:
    """Why a link address is refused, or None. Normalised as a browser would read it, then some."""
    url = raw
    while (decoded := html.unescape(url)) != url:  # entities the browser decodes (java&#115;cript:)
        url = decoded
    # Browsers drop tabs and newlines inside an address; dropping all invisible characters is stricter.
    url = "".join(c for c in url if not (c.isspace() or unicodedata.category(c) in ("Cc", "Cf")))
    url = url.lstrip("<").lower()
    scheme = RE_SCHEME.match(url.replace("\\", ""))
    if scheme and scheme["scheme"] not in LINK_SCHEMES:
        return f"link with scheme '{scheme['scheme']}:'"
    if url.replace("\\", "/").startswith("//"):  # browsers read "\" as "/" in addresses
        return f"protocol-relative link {raw.strip()[:40]!r}"
    return None


class _NoteCheck:
    """Checks one note file, collecting problems and warnings instead of stopping at the first."""

    def __init__(self, shown: str, known: frozenset[str], retired: Mapping[str, str]):
        self.shown, self.known, self.retired = shown, known, retired
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def fail(self, line: int | None, message: str, code: str, hint: str) -> None:
        self.problems.append(Problem(Location(self.shown, line), message, code, hint))

    def load(self, path: Path, first_path: dict[str, str]) -> Note | None:
        if not self.file_name(path, first_path):
            return None  # never follow a link: it could point at any file on the machine that builds
        text = self.decode(path)
        if text is None:
            return None
        lines = text.split("\n")
        if lines[0].rstrip() != "---":
            self.fail(1, "no front matter", "notes.front-matter",
                      "start the file with a '---' line, the fields, then another '---' line")
            return None
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
        if end is None:
            self.fail(1, "front matter is not closed", "notes.front-matter",
                      "end the fields with a '---' line before the text")
            return None
        body = "\n".join(lines[end + 1:])
        self.problems += check_body(body, self.shown, first_line=end + 2)
        try:
            front = load_yaml("\n".join(lines[1:end]), self.shown, line_offset=1, code="notes.yaml",
                              error=NoteError)
        except NoteError as exc:
            self.problems += exc.problems
            return None
        if not isinstance(front, dict):
            self.fail(getattr(front, "line", None) or 2, "front matter is not a mapping of 'field: value' lines",
                      "notes.front-matter", f"give the fields {', '.join(NOTE_FIELDS)} as 'field: value'")
            return None
        return self.note(path.stem, front, body.strip("\n"))

    def file_name(self, path: Path, first_path: dict[str, str]) -> bool:
        """Check the file's name and kind; False if it must not be read."""
        if not RE_NOTE_ID.match(path.stem) or path.suffix != ".md":
            self.fail(None, f"{path.name!r} is not a valid note file name", "notes.bad-id",
                      "name it with lower-case letters, digits and hyphens, ending in '.md', e.g. istanbul-talks.md")
        key = path.stem.lower()
        if key in first_path:
            self.fail(None, f"note id {key!r} is also used by {first_path[key]}", "notes.duplicate-id",
                      "rename one of the two files")
        first_path.setdefault(key, self.shown)
        if path.is_symlink() or not path.is_file():
            self.fail(None, "not a regular file", "notes.not-a-file", "a note must be a plain file, not a link")
            return False
        return True

    def decode(self, path: Path) -> str | None:
        data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
        try:
            text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError as exc:
            self.fail(data[:exc.start].count(b"\n") + 1, f"byte 0x{data[exc.start]:02x} is not UTF-8",
                      "notes.encoding", "save the file as UTF-8")
            return None
        for bad in RE_CONTROL.finditer(text):
            self.fail(text.count("\n", 0, bad.start()) + 1, f"invisible control character U+{ord(bad[0]):04X}",
                      "notes.encoding", "delete it; notes are plain text")
        return text

    def html(self, text: str, line: int, what: str) -> None:
        if found := RE_HTML.search(text):
            self.fail(line, f"raw HTML {found[0]!r} in {what}", "notes.html", "write it as plain text")

    def text(self, front: dict, key: str, code: str, *, required: bool) -> str | None:
        value, line = front.get(key), front.line_of(key) if key in front else 1
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(line, f"{key} is {'empty' if key in front else 'missing'}", code,
                          f"add a line '{key}: …' to the front matter")
            return None
        if not isinstance(value, str) or len(value.strip().splitlines()) != 1:
            self.fail(line, f"{key} must be one line of text", code, "quote it if it looks like a number or date")
            return None
        self.html(value, line, key)
        return value.strip()

    def note(self, stem: str, front: dict, body: str) -> Note | None:
        for key in front:
            if key not in NOTE_FIELDS:
                self.fail(front.line_of(key), f"unknown field {key!r}{_did_you_mean(key, NOTE_FIELDS)}",
                          "notes.unknown-field", f"the fields are: {', '.join(NOTE_FIELDS)}")
        title = self.text(front, "title", "notes.title", required=True)
        topic = self.text(front, "topic", "notes.topic", required=False)
        kind = front.get("kind", NOTE_KINDS[0])
        if kind not in NOTE_KINDS:
            self.fail(front.line_of("kind"), f"unknown kind {kind!r}{_did_you_mean(str(kind), NOTE_KINDS)}",
                      "notes.kind", f"use one of: {', '.join(NOTE_KINDS)}")
        authors = self.authors(front)
        targets = self.targets(front)
        sources = parse_sources(front["sources"], front.line_of("sources"), self.fail) if "sources" in front else ()
        if kind in SOURCED_KINDS and "sources" not in front:
            self.fail(front.line_of("kind"), f"a {kind} note must list its sources", "notes.sources-required",
                      "add 'sources:' with one or more items, each a 'title:' or 'citation:' and, if it has one, "
                      "a 'url:' (see CONTRIBUTING.md)")
        if title is None or not targets or not authors:
            return None
        return Note(stem, self.shown, title, str(kind), targets, authors, topic, body, sources)

    def authors(self, front: dict) -> tuple[str, ...]:
        value = front.get("authors")
        names = [value] if isinstance(value, str) else value
        line = front.line_of("authors") if "authors" in front else 1
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            self.fail(line, "authors must be a name or a list of names", "notes.authors",
                      "write e.g. 'authors: [Edition editors]'")
            return ()
        for name in names:
            self.html(name, line, "authors")
        return tuple(n.strip() for n in names)

    def targets(self, front: dict) -> tuple[NoteTarget, ...]:
        value = front.get("targets")
        if not isinstance(value, list) or not value:
            self.fail(front.line_of("targets") if "targets" in front else 1, "targets must be a non-empty list",
                      "notes.targets", "list the paragraphs the note is about, one '- snider.p9' line each")
            return ()
        targets: dict[str, NoteTarget] = {}
        named: dict[str, str] = {}  # live id -> the id the note wrote for it
        for index, item in enumerate(value):
            line = value.line_of(index)
            if isinstance(item, dict) and isinstance(item.get("id"), str) and set(item) <= set(TARGET_KEYS):
                paragraph, gloss = str(item["id"]), self.gloss(item.get("gloss"), item.line_of("gloss"))
                quote = self.quote(item.get("quote"), item.line_of("quote") if "quote" in item else line)
            elif isinstance(item, str):
                paragraph, gloss, quote = str(item), None, None
            else:
                extra = sorted(set(item) - set(TARGET_KEYS)) if isinstance(item, dict) else []
                found = f"unexpected key {extra[0]!r}{_did_you_mean(extra[0], TARGET_KEYS)}" if extra else \
                    "a target must be a paragraph id or a mapping with 'id' and an optional 'gloss'"
                self.fail(line, found, "notes.targets", "write '- snider.p9' or '- id: snider.p9' + 'gloss: …'")
                continue
            resolved = self.resolve(paragraph, line)
            if resolved in targets and (paragraph != resolved or named[resolved] != resolved):
                # A text correction retired one target into another: the note still stands, as one target.
                self.warnings.append(Problem(
                    Location(self.shown, line), f"targets on lines {targets[resolved].line} and {line} now both "
                    f"lead to {resolved!r}, since a paragraph was retired; they are shown as one",
                    "notes.retired-target", "remove the retired id from the note"))
            elif resolved in targets:
                self.fail(line, f"paragraph {resolved!r} is listed twice (first on line {targets[resolved].line})",
                          "notes.duplicate-target", "list each paragraph once")
            elif resolved:
                targets[resolved] = NoteTarget(resolved, gloss, line, *(quote or (None, 0)))
                named[resolved] = paragraph
        return tuple(targets.values())

    def gloss(self, value: object, line: int) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str) or len(value.strip().splitlines()) != 1:
            self.fail(line, "a gloss must be one line of text", "notes.gloss", "join its lines into one")
            return None
        gloss = value.strip()
        if len(gloss) > MAX_GLOSS:
            self.fail(line, f"gloss is {len(gloss)} characters long, more than {MAX_GLOSS}", "notes.gloss-too-long",
                      "shorten it; longer context belongs in the note's text")
        self.html(gloss, line, "a gloss")
        return gloss

    def quote(self, value: object, line: int) -> tuple[str, int] | None:
        """A target's ``quote`` (the words of the paragraph to highlight) and its line; checked against the
        paragraph's text later, by :mod:`edition.quotes`, once the paragraphs are known."""
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip() or len(value.strip().splitlines()) != 1:
            self.fail(line, "a quote must be one line of text, copied from the paragraph", "notes.quote",
                      "copy the words from the paragraph, in quotation marks, on one line")
            return None
        self.html(value, line, "a quote")
        return value.strip(), line

    def resolve(self, paragraph: str, line: int) -> str | None:
        """The live paragraph id a target names (following retirements), or None after reporting why not."""
        current, seen = paragraph, set()
        while current not in self.known and current in self.retired and current not in seen:
            seen.add(current)
            current = self.retired[current]
        if current in self.known:
            if current != paragraph:
                self.warnings.append(Problem(
                    Location(self.shown, line), f"paragraph {paragraph!r} was retired; the note now points to "
                    f"its successor {current!r}", "notes.retired-target", f"replace {paragraph!r} with {current!r}"))
            return current
        self.fail(line, f"unknown paragraph {paragraph!r}{_did_you_mean(paragraph, self.known)}",
                  "notes.unknown-target", "name a paragraph by its id, e.g. 'snider.p9' (snider/#p9 on the site)")
        return None
