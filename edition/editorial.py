"""The editorial metadata file: what the seeds' conventions cannot say, stated once and validated.

``seeds/editorial.yml`` lists, per seed file, its documents in order of appearance. Each entry names the
document's inferred ``title`` (checked, so a reordered seed fails loudly) and may state a ``slug``, ``kind``,
``authors``, ``outlet``, ``date``, ``url``, ``interviewer``, ``speakers``, a ``turns`` structure for
unlabelled interviews, per-paragraph ``speaker_overrides``, ``drop`` rules for residue, and ``names``: the
family and given name of an author or interviewer whose family name is not the last word, stated rather than
guessed (``Wang Guan: {family: Wang, given: Guan}``; by default "Gordon Hahn" is Hahn, Gordon).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Location, MetadataError, Problem
from .model import PersonName
from .yamlsrc import LineDict, LineList, load_yaml

FORMAT_VERSION = 1
DOCUMENT_FIELDS = frozenset({
    "title", "slug", "kind", "authors", "outlet", "date", "url", "interviewer", "speakers",
    "turns", "speaker_overrides", "drop", "names",
})
NAME_PARTS = ("family", "given")
KINDS = ("interview", "article")

MAX_EDITORIAL_BYTES = 1_000_000
MAX_TEXT = 500  # characters in one field (a title, an outlet, a name)
# Control characters (YAML can spell them as escapes) and bidirectional overrides: no metadata needs them.
RE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
RE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RE_WEB_URL = re.compile(r"^https?://[^\s/\\]", re.IGNORECASE)
RE_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Turns:
    """Unlabelled turns: from paragraph ``start`` on, paragraphs alternate between ``alternate`` speakers."""

    start: int
    alternate: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class DropRule:
    text: str
    reason: str
    line: int


@dataclass(frozen=True)
class StatedName:
    """The parts of a name as the editors state them, and the line that states them."""

    person: PersonName
    line: int


@dataclass(frozen=True)
class DocumentEditorial:
    """What the editors state about one document; ``None`` means "infer it from the seed"."""

    seed: str
    position: int  # 0-based position of the document in its seed
    title: str
    line: int
    slug: str | None = None
    kind: str | None = None
    authors: tuple[str, ...] | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    interviewer: str | None = None
    speakers: tuple[str, ...] = ()
    turns: Turns | None = None
    speaker_overrides: dict[int, tuple[str, int]] = field(default_factory=dict)  # number -> (speaker, line)
    drop: tuple[DropRule, ...] = ()
    names: tuple[StatedName, ...] = ()


@dataclass(frozen=True)
class Editorial:
    path: str
    documents: tuple[DocumentEditorial, ...] = ()

    def for_seed(self, seed: str) -> tuple[DocumentEditorial, ...]:
        return tuple(d for d in self.documents if d.seed == seed)


def _names(value, path: str, line: int, what: str, problems: list[Problem]) -> tuple[str, ...] | None:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(Problem(Location(path, line), f"'{what}' must be a list of names", "editorial.field"))
        return None
    if any(RE_CONTROL.search(v) for v in value):
        problems.append(Problem(Location(path, line), f"a name in '{what}' holds an invisible control character",
                                "editorial.field", "delete it"))
        return None
    if any(len(v.strip()) > MAX_TEXT for v in value):
        problems.append(Problem(Location(path, line), f"a name in '{what}' is longer than {MAX_TEXT} characters",
                                "editorial.too-long", "shorten it"))
        return None
    return tuple(v.strip() for v in value)


def _document(entry, seed: str, position: int, path: str, problems: list[Problem]) -> DocumentEditorial | None:
    if not isinstance(entry, LineDict):
        problems.append(Problem(Location(path, getattr(entry, "line", None)),
                                "each document entry must be a mapping", "editorial.field"))
        return None
    for key in entry:
        if key not in DOCUMENT_FIELDS:
            problems.append(Problem(Location(path, entry.line_of(key)), f"unknown field '{key}'",
                                    "editorial.unknown-field", "allowed: " + ", ".join(sorted(DOCUMENT_FIELDS))))
    title = entry.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(Location(path, entry.line), "a document entry needs its inferred 'title'",
                                "editorial.field", "run `python build_edition.py inspect` to see it"))
        return None

    def text(key: str) -> str | None:
        value = entry.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(Location(path, entry.line_of(key)), f"'{key}' must be text", "editorial.field"))
            return None
        if len(value.strip()) > MAX_TEXT:
            problems.append(Problem(Location(path, entry.line_of(key)),
                                    f"'{key}' is longer than {MAX_TEXT} characters", "editorial.too-long", "shorten it"))
            return None
        if RE_CONTROL.search(value):
            problems.append(Problem(Location(path, entry.line_of(key)), f"'{key}' holds an invisible control "
                                    "character", "editorial.field", "delete it"))
            return None
        return value.strip()

    slug, kind, date = text("slug"), text("kind"), text("date")
    if slug is not None and not RE_SLUG.match(slug):
        problems.append(Problem(Location(path, entry.line_of("slug")), f"slug '{slug}' is not lowercase-with-hyphens",
                                "editorial.slug"))
    if kind is not None and kind not in KINDS:
        problems.append(Problem(Location(path, entry.line_of("kind")), f"kind '{kind}' is not one of {', '.join(KINDS)}",
                                "editorial.kind"))
    if date is not None and not RE_ISO_DATE.match(date):
        problems.append(Problem(Location(path, entry.line_of("date")), f"date '{date}' is not YYYY-MM-DD",
                                "editorial.date"))
    url = text("url")
    if url is not None and not RE_WEB_URL.match(url):
        problems.append(Problem(Location(path, entry.line_of("url")), f"url {url[:60]!r} is not an http(s) address",
                                "editorial.url", "give the original publication's address, starting https://"))
        url = None
    authors = _names(entry["authors"], path, entry.line_of("authors"), "authors", problems) if "authors" in entry else None
    speakers = _names(entry.get("speakers", []), path, entry.line_of("speakers"), "speakers", problems) or ()

    turns = None
    if "turns" in entry:
        raw = entry["turns"]
        start = raw.get("from") if isinstance(raw, dict) else None
        alternate = raw.get("alternate") if isinstance(raw, dict) else None
        names = _names(alternate, path, entry.line_of("turns"), "turns.alternate", problems) if alternate else None
        if not isinstance(start, int) or start < 1 or not names or len(names) < 2:
            problems.append(Problem(Location(path, entry.line_of("turns")),
                                    "'turns' needs 'from' (a paragraph number) and 'alternate' (two or more speakers)",
                                    "editorial.turns"))
        else:
            turns = Turns(start, names, entry.line_of("turns"))

    overrides: dict[int, tuple[str, int]] = {}
    raw_overrides = entry.get("speaker_overrides", LineDict())
    if not isinstance(raw_overrides, LineDict):
        problems.append(Problem(Location(path, entry.line_of("speaker_overrides")),
                                "'speaker_overrides' maps paragraph numbers to speakers", "editorial.field"))
    else:
        for key, name in raw_overrides.items():
            if not key.isdigit() or not isinstance(name, str) or not name.strip():
                problems.append(Problem(Location(path, raw_overrides.line_of(key)),
                                        f"override '{key}: {name}' must be 'NUMBER: Speaker Name'", "editorial.field"))
                continue
            overrides[int(key)] = (name.strip(), raw_overrides.line_of(key))

    drops: list[DropRule] = []
    raw_drops = entry.get("drop", LineList())
    if not isinstance(raw_drops, LineList):
        problems.append(Problem(Location(path, entry.line_of("drop")), "'drop' must be a list", "editorial.field"))
    else:
        for index, rule in enumerate(raw_drops):
            line = raw_drops.line_of(index)
            if (not isinstance(rule, dict) or set(rule) != {"text", "reason"}
                    or not all(isinstance(rule[k], str) and rule[k].strip() for k in rule)):
                problems.append(Problem(Location(path, line),
                                        "a drop rule needs exactly 'text' (the block, verbatim) and 'reason'",
                                        "editorial.drop"))
                continue
            drops.append(DropRule(rule["text"], rule["reason"].strip(), line))

    if kind == "interview":
        problems += _interview_credits(authors, text("interviewer"), speakers, path, entry)
    names = _stated_names(entry, path, problems) if "names" in entry else ()
    return DocumentEditorial(
        seed=seed, position=position, title=title.strip(), line=entry.line, slug=slug, kind=kind,
        authors=authors, outlet=text("outlet"), date=date, url=url, interviewer=text("interviewer"),
        speakers=speakers, turns=turns, speaker_overrides=overrides, drop=tuple(drops), names=names,
    )


def _stated_names(entry: LineDict, path: str, problems: list[Problem]) -> tuple[StatedName, ...]:
    """``names``: each name as printed, mapped to its ``family`` and ``given`` parts, which must spell it in one
    order or the other (so the order it is written in is known, and no part is mistyped). Whether each name is
    one of the document's authors or its interviewer is checked with the document (``segment``)."""
    raw = entry["names"]
    if not isinstance(raw, LineDict) or not raw:
        problems.append(Problem(Location(path, entry.line_of("names")),
                                "'names' maps a name as printed to its parts, e.g. 'Wang Guan: {family: Wang, "
                                "given: Guan}'", "editorial.names"))
        return ()
    stated = []
    for name, parts in raw.items():
        line = raw.line_of(name)
        if (not isinstance(parts, dict) or set(parts) != set(NAME_PARTS)
                or not all(isinstance(parts[k], str) and parts[k].strip() for k in NAME_PARTS)):
            problems.append(Problem(Location(path, line), f"'{str(name)[:60]}' needs exactly 'family' and 'given', "
                                    "each a name", "editorial.names"))
            continue
        family, given = (" ".join(parts[k].split()) for k in NAME_PARTS)
        checked = _names([name, family, given], path, line, "names", problems)
        if checked is None:
            continue
        if checked[0] not in (f"{family} {given}", f"{given} {family}"):
            problems.append(Problem(Location(path, line), f"family '{family}' and given '{given}' do not spell "
                                    f"'{checked[0]}'", "editorial.names",
                                    "write the two parts as the name is printed, in either order"))
            continue
        stated.append(StatedName(PersonName(checked[0], family, given), line))
    return tuple(stated)


def _interview_credits(authors: tuple[str, ...] | None, interviewer: str | None, speakers: tuple[str, ...],
                       path: str, entry: LineDict) -> list[Problem]:
    """An interview is credited as the citation styles do: the interviewee(s) as ``authors``, and the
    ``interviewer`` ("interview by …") apart, so every interview's metadata, exports and citations agree."""
    hint = "write 'authors: [Interviewee]' and 'interviewer: Name'"
    if not interviewer or not authors:
        missing = " and ".join(k for k, v in (("authors", authors), ("interviewer", interviewer)) if not v)
        return [Problem(Location(path, entry.line), f"an interview must state its {missing}",
                        "editorial.interview-credits", hint)]
    problems = []
    if interviewer in authors:
        problems.append(Problem(Location(path, entry.line_of("authors")),
                                f"'{interviewer}' is the interviewer; an interview's authors are the interviewees",
                                "editorial.interview-credits", hint))
    for name in authors:
        if speakers and name not in speakers:
            problems.append(Problem(Location(path, entry.line_of("authors")),
                                    f"author '{name}' is not one of the interview's speakers",
                                    "editorial.interview-credits", "list the interviewee as a speaker too"))
    return problems


def parse_editorial(text: str, path: str) -> Editorial:
    """Parse and validate editorial metadata; every problem is collected before one :class:`MetadataError`."""
    data = load_yaml(text, path, code="editorial.yaml", error=MetadataError)
    problems: list[Problem] = []
    if data is None:
        return Editorial(path)
    if not isinstance(data, LineDict):
        raise MetadataError.at(path, 1, "editorial metadata must be a mapping", "editorial.schema")
    if data.get("version") != FORMAT_VERSION:
        problems.append(Problem(Location(path, data.line_of("version")),
                                f"'version' must be {FORMAT_VERSION}", "editorial.version"))
    for key in data:
        if key not in ("version", "seeds"):
            problems.append(Problem(Location(path, data.line_of(key)), f"unknown field '{key}'",
                                    "editorial.unknown-field", "allowed: version, seeds"))
    seeds = data.get("seeds", LineDict())
    documents: list[DocumentEditorial] = []
    if not isinstance(seeds, LineDict):
        problems.append(Problem(Location(path, data.line_of("seeds")),
                                "'seeds' maps seed file names to lists of documents", "editorial.schema"))
    else:
        for seed, entries in seeds.items():
            if not isinstance(entries, LineList):
                problems.append(Problem(Location(path, seeds.line_of(seed)),
                                        f"'{seed}' must list its documents", "editorial.schema"))
                continue
            for position, entry in enumerate(entries):
                doc = _document(entry, seed, position, path, problems)
                if doc:
                    documents.append(doc)
    slugs: dict[str, int] = {}
    for doc in documents:
        if doc.slug and doc.slug in slugs:
            problems.append(Problem(Location(path, doc.line), f"slug '{doc.slug}' is already used at line {slugs[doc.slug]}",
                                    "editorial.duplicate-slug"))
        elif doc.slug:
            slugs[doc.slug] = doc.line
    if problems:
        raise MetadataError(problems)
    return Editorial(path, tuple(documents))


def load_editorial(path: Path, shown: str) -> Editorial:
    """Load ``path``; a missing file means every document is inferred."""
    if not path.exists():
        return Editorial(shown)
    if path.stat().st_size > MAX_EDITORIAL_BYTES:
        raise MetadataError.at(shown, None, f"file is larger than {MAX_EDITORIAL_BYTES:,} bytes", "editorial.too-long",
                               "editorial metadata is a short list of facts per document")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise MetadataError.at(shown, None, "file is not UTF-8", "editorial.encoding") from None
    return parse_editorial(text, shown)
