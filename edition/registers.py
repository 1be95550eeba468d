"""Registers: the people, places, organisations and events the texts name, stated by the editors.

``seeds/registers.yml`` lists the entries. Each has an ``id`` (its web address, ``registers/<id>/``), a
``kind``, a reader-facing ``name``, the ``forms`` it takes in the texts (spellings and aliases; a possessive
"’s", "'s" or a bare trailing apostrophe after a form is matched by rule), a short neutral ``description``,
optional ``authority`` ids (Wikidata, VIAF, GeoNames), a ``date`` for events (ISO 8601: a day, a month, a
year, or an interval ``start/end``) and per-paragraph ``exclude`` ids for false hits.

``reviewed`` lists, in groups with a shared ``reason``, the ``names`` the editor's aid proposes that the editors
read and decided are not entries ("Ukrainian": an adjective; "April 2022": a date whose event is an entry), so
the aid's list shows only what is still unread and a test can hold the register to covering the texts.

Mentions are found, never written: the seed text is not touched. A form matches case-sensitively, at word
boundaries, longest form first, and a stretch of text belongs to at most one entry.
"""
from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .errors import Location, MetadataError, Problem
from .model import Document, Mention, RegisterEntry as Entry, Registers, ReviewedName
from .yamlsrc import LineDict, LineList, load_yaml

FORMAT_VERSION = 1
REGISTERS_FILE = "registers.yml"
KINDS = ("person", "place", "organisation", "event")
KIND_TITLES = {"person": "People", "place": "Places", "organisation": "Organisations", "event": "Events"}
ENTRY_FIELDS = frozenset({"id", "kind", "name", "forms", "description", "authority", "date", "exclude"})
MAX_DESCRIPTION = 400
# The register's own pages share the folder with the entries' pages (registers/<id>.md).
RESERVED_IDS = frozenset({"index", "people", "places", "organisations", "events", "timeline"})

RE_ENTRY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RE_PARAGRAPH_ID = re.compile(r"^[a-z0-9-]+\.p\w+$")
# An ISO 8601 calendar date at day, month or year precision.
RE_ISO_PART = r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"
RE_ISO_DATE = re.compile(rf"^(?P<start>{RE_ISO_PART})(?:/(?P<end>{RE_ISO_PART}))?$")
# Authority ids: the pattern of an id, the address a reader can follow, and the IRI linked data names it by.
AUTHORITIES = {
    "wikidata": (re.compile(r"^Q[1-9]\d*$"), "https://www.wikidata.org/wiki/{}", "http://www.wikidata.org/entity/{}"),
    "viaf": (re.compile(r"^[1-9]\d*$"), "https://viaf.org/viaf/{}", "http://viaf.org/viaf/{}"),
    "geonames": (re.compile(r"^[1-9]\d*$"), "https://www.geonames.org/{}", "https://sws.geonames.org/{}/"),
}
# What may follow a form and still be that form: a possessive, or the apostrophe of "Donbass’ problems".
RE_POSSESSIVE = r"(?:[’']s\b|[’'](?!\w))?"


def _text_list(value, path: str, line: int, what: str, problems: list[Problem]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(Problem(Location(path, line), f"'{what}' must be a list of non-empty strings",
                                "registers.field"))
        return ()
    return tuple(''.join(v) for v in value)


def _real_date(part: str) -> bool:
    """A day that exists (no 30 February); a month or a year alone is checked by the pattern."""
    if len(part) < 10:
        return True
    try:
        datetime.date.fromisoformat(part)
    except ValueError:
        return False
    return True


def _entry(raw, path: str, problems: list[Problem]) -> Entry | None:
    line = getattr(raw, "line", None)
    if not isinstance(raw, LineDict):
        problems.append(Problem(Location(path, line), "each entry must be a mapping with id, kind, name and forms",
                                "registers.field"))
        return None
    start = len(problems)
    for key in sorted(set(raw) - ENTRY_FIELDS):
        problems.append(Problem(Location(path, raw.line_of(key)), f"unknown field '{key}'", "registers.unknown-field",
                                "the fields are " + ", ".join(sorted(ENTRY_FIELDS))))
    for key in ("id", "kind", "name", "forms", "description"):
        if key not in raw:
            problems.append(Problem(Location(path, line), f"entry has no '{key}'", "registers.field"))
    if len(problems) > start:
        return None
    entry_id, kind, name, description = raw["id"], raw["kind"], raw["name"], raw["description"]
    if not isinstance(entry_id, str) or not RE_ENTRY_ID.match(entry_id):
        problems.append(Problem(Location(path, raw.line_of("id")), f"id {entry_id!r} is not lower-case words "
                                "joined by hyphens", "registers.id", "e.g. 'sergey-lavrov'"))
    elif entry_id in RESERVED_IDS:
        problems.append(Problem(Location(path, raw.line_of("id")), f"id '{entry_id}' is the name of one of the "
                                "register's own pages", "registers.reserved-id", "add a word, e.g. "
                                f"'{entry_id}-city'"))
    if kind not in KINDS:
        problems.append(Problem(Location(path, raw.line_of("kind")), f"kind {kind!r} is not one of "
                                + ", ".join(KINDS), "registers.kind"))
    for key, value in (("name", name), ("description", description)):
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(Location(path, raw.line_of(key)), f"'{key}' must be a non-empty string",
                                    "registers.field"))
    if isinstance(description, str) and len(description) > MAX_DESCRIPTION:
        problems.append(Problem(Location(path, raw.line_of("description")),
                                f"the description has {len(description)} characters; at most {MAX_DESCRIPTION}",
                                "registers.too-long", "keep it to a sentence or two"))
    forms = _text_list(raw["forms"], path, raw.line_of("forms"), "forms", problems)
    authority: list[tuple[str, str]] = []
    if "authority" in raw:
        value = raw["authority"]
        if not isinstance(value, LineDict):
            problems.append(Problem(Location(path, raw.line_of("authority")), "'authority' must map a scheme "
                                    "(" + ", ".join(AUTHORITIES) + ") to an id", "registers.authority"))
        else:
            for scheme, ident in value.items():
                ident = ''.join(str(ident))
                if scheme not in AUTHORITIES:
                    problems.append(Problem(Location(path, value.line_of(scheme)), f"unknown authority '{scheme}'",
                                            "registers.authority", "use " + ", ".join(AUTHORITIES)))
                elif not AUTHORITIES[scheme][0].match(ident):
                    problems.append(Problem(Location(path, value.line_of(scheme)),
                                            f"{ident!r} is not a {scheme} id", "registers.authority"))
                else:
                    authority.append((''.join(scheme), ident))
    date = raw.get("date")
    if date is not None:
        date = ''.join(str(date))
        match = RE_ISO_DATE.match(date)
        if kind != "event":
            problems.append(Problem(Location(path, raw.line_of("date")), "only events have a date",
                                    "registers.date"))
        elif (not match or not all(_real_date(part) for part in date.split("/"))
              or (match.group("end") and match.group("end") < match.group("start"))):
            problems.append(Problem(Location(path, raw.line_of("date")), f"date {date!r} is not an ISO 8601 date "
                                    "or interval", "registers.date", "e.g. 2022-03-29, 2022-03 or 2022-03/2022-04"))
    elif kind == "event":
        problems.append(Problem(Location(path, line), f"event '{entry_id}' has no date", "registers.date",
                                "give a day, a month or a year (ISO 8601), or an interval start/end"))
    exclude: tuple[str, ...] = ()
    if "exclude" in raw:
        exclude = _text_list(raw["exclude"], path, raw.line_of("exclude"), "exclude", problems)
        for pid in exclude:
            if not RE_PARAGRAPH_ID.match(pid):
                problems.append(Problem(Location(path, raw.line_of("exclude")),
                                        f"{pid!r} is not a paragraph id", "registers.exclude", "e.g. 'snider.p9'"))
    if len(problems) > start:
        return None
    return Entry(id=''.join(entry_id), kind=''.join(kind), name=str(name).strip(), forms=forms, description=str(description).strip(),
                 line=line or 0, authority=tuple(sorted(authority)), date=date, exclude=exclude)


def load_registers(path: Path, shown: str) -> Registers:
    """Read and validate the registers file; no file means no registers."""
    if not path.exists():
        return Registers(shown)
    data = load_yaml(path.read_text(encoding="utf-8"), shown, code="registers.syntax", error=MetadataError)
    if not isinstance(data, LineDict) or data.get("version") != FORMAT_VERSION:
        raise MetadataError.at(shown, getattr(data, "line", 1) or 1,
                               f"the registers file must start with 'version: {FORMAT_VERSION}'", "registers.version")
    problems: list[Problem] = []
    for key in sorted(set(data) - {"version", "entries", "reviewed"}):
        problems.append(Problem(Location(shown, data.line_of(key)), f"unknown field '{key}'",
                                "registers.unknown-field", "the file has 'version', 'entries' and 'reviewed'"))
    raw_entries = data.get("entries") or LineList()
    if not isinstance(raw_entries, list):
        raise MetadataError.at(shown, data.line_of("entries"), "'entries' must be a list", "registers.field")
    entries = [e for e in (_entry(raw, shown, problems) for raw in raw_entries) if e is not None]
    seen_ids: dict[str, Entry] = {}
    seen_forms: dict[str, Entry] = {}
    for entry in entries:
        if entry.id in seen_ids:
            problems.append(Problem(Location(shown, entry.line), f"id '{entry.id}' is also the id of the entry at "
                                    f"line {seen_ids[entry.id].line}", "registers.duplicate-id"))
        seen_ids.setdefault(entry.id, entry)
        for form in entry.forms:
            other = seen_forms.get(form.casefold())
            if other is not None and other.id != entry.id:
                problems.append(Problem(Location(shown, entry.line), f"the form '{form}' is also a form of "
                                        f"'{other.id}' (line {other.line})", "registers.ambiguous-form",
                                        "a form may belong to one entry only; use 'exclude' for false hits"))
            seen_forms.setdefault(form.casefold(), entry)
    reviewed = _reviewed(data.get("reviewed"), data.line_of("reviewed"), shown, problems)
    if problems:
        raise MetadataError(problems)
    return Registers(shown, tuple(entries), reviewed)


def _reviewed(raw, line: int, path: str, problems: list[Problem]) -> tuple[ReviewedName, ...]:
    """The ``reviewed`` groups: each a mapping of a ``reason`` and the ``names`` it covers."""
    if raw is None:
        return ()
    hint = "each item of 'reviewed' is a mapping with 'reason' (a sentence) and 'names' (a list)"
    if not isinstance(raw, list):
        problems.append(Problem(Location(path, line), "'reviewed' must be a list", "registers.reviewed", hint))
        return ()
    out: list[ReviewedName] = []
    seen: dict[str, int] = {}
    for index, group in enumerate(raw):
        at = raw.line_of(index) if isinstance(raw, LineList) else line
        if not isinstance(group, LineDict) or set(group) != {"reason", "names"}:
            problems.append(Problem(Location(path, at), "a 'reviewed' item needs exactly 'reason' and 'names'",
                                    "registers.reviewed", hint))
            continue
        reason = group["reason"]
        if not isinstance(reason, str) or not reason.strip():
            problems.append(Problem(Location(path, group.line_of("reason")), "'reason' must be a non-empty string",
                                    "registers.reviewed", hint))
            continue
        names = _text_list(group["names"], path, group.line_of("names"), "names", problems)
        for name in names:
            if name in seen:
                problems.append(Problem(Location(path, group.line_of("names")), f"'{name}' is also reviewed at "
                                        f"line {seen[name]}", "registers.reviewed", "list a name once"))
                continue
            seen[name] = group.line_of("names")
            out.append(ReviewedName(name, reason.strip(), group.line_of("names")))
    return tuple(out)


def authority_links(entry: Entry) -> list[tuple[str, str, str]]:
    """(scheme, id, address) for each of an entry's authority ids."""
    return [(scheme, value, AUTHORITIES[scheme][1].format(value)) for scheme, value in entry.authority]


def authority_iris(entry: Entry) -> list[str]:
    """The linked-data IRI of each of an entry's authority ids (Wikidata's entity, GeoNames' feature)."""
    return [AUTHORITIES[scheme][2].format(value) for scheme, value in entry.authority]


def form_pattern(registers: Registers) -> re.Pattern | None:
    """One pattern for every form, longest first, each a named group's alternative."""
    forms = sorted({(form, e.id) for e in registers.entries for form in e.forms}, key=lambda f: (-len(f[0]), f))
    if not forms:
        return None
    alternatives = "|".join(re.escape(form) for form, _ in forms)
    # \w boundaries: "Russia" is not found in "Russian", but is in "Russia-annexed" and "NATO-Russia".
    return re.compile(rf"(?<!\w)(?P<form>{alternatives}){RE_POSSESSIVE}(?!\w)")


def find_mentions(documents: tuple[Document, ...], registers: Registers,
                  ) -> tuple[tuple[Mention, ...], list[Problem]]:
    """Every mention in every paragraph, in text order, and warnings for entries that match nothing."""
    pattern = form_pattern(registers)
    if pattern is None:
        return (), []
    owner = {form: e for e in registers.entries for form in e.forms}
    known = {p.id for d in documents for p in d.paragraphs}
    warnings: list[Problem] = []
    for entry in registers.entries:
        for pid in entry.exclude:
            if pid not in known:
                warnings.append(Problem(Location(registers.path, entry.line),
                                        f"'{entry.id}' excludes '{pid}', which is not a paragraph",
                                        "registers.unknown-exclude"))
    excluded = {(e.id, pid) for e in registers.entries for pid in e.exclude}
    mentions: list[Mention] = []
    used: set[str] = set()
    for doc in documents:
        for p in doc.paragraphs:
            for match in pattern.finditer(p.text):
                entry = owner[match.group("form")]
                if (entry.id, p.id) in excluded:
                    continue
                used.add(entry.id)
                mentions.append(Mention(entry.id, p.id, match.start("form"), match.end("form"), match.group("form")))
    for entry in registers.entries:
        if entry.id not in used:
            warnings.append(Problem(Location(registers.path, entry.line), f"no form of '{entry.id}' is found in any "
                                    "paragraph", "registers.unused", "check the spellings in 'forms'"))
    return tuple(mentions), warnings


def mentions_by_paragraph(mentions: tuple[Mention, ...]) -> dict[str, list[Mention]]:
    out: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        out[m.paragraph].append(m)
    return out


# ---------------------------------------------------------------- the editor's aid

# A name: capitalised words, joined by the small words names contain ("Declaration of State Sovereignty of
# Ukraine", "Ministry of Foreign Affairs"), possibly with inner hyphens or periods ("St. Petersburg", "G7").
RE_NAME = re.compile(r"""(?x)
    (?<![\w’'])
    (?P<name>
        [A-Z][\w’'.-]*\w                      # a capitalised word
        (?:\s(?:(?:of|the|and|de|for)\s)*      # small joining words
           [A-Z][\w’'.-]*\w)*                 # more capitalised words
    )""")
# A date in the text: "September 23", "November 18, 2021", "March 2023", "in 1938".
RE_DATE_PHRASE = re.compile(r"""(?x)
    \b(?:January|February|March|April|May|June|July|August|September|October|November|December)
       (?:\s\d{1,2}(?:,\s\d{4})?|\s\d{4})\b
    | \b(?:in|since|from|until|by)\s(?:1[6-9]|20)\d\d\b""")
RE_SENTENCE_START = re.compile(r"(?:^|[.?!:;]\s+|[“‘\"(]\s*)$")


@dataclass(frozen=True)
class Candidate:
    """A name or date the texts use that no register entry covers, with where it occurs."""

    text: str
    kind: str  # "name" or "date"
    count: int
    paragraphs: tuple[str, ...]


def propose(documents: tuple[Document, ...], registers: Registers, mentions: tuple[Mention, ...]
            ) -> list[Candidate]:
    """Capitalised names and dated phrases outside every mention, most frequent first, for an editor to review.

    A single capitalised word is left out when it only ever starts a sentence or also occurs in lower case
    ("The", "Certainly"), so the list is names, not sentence openings.
    """
    covered = defaultdict(list)
    for m in mentions:
        covered[m.paragraph].append((m.start, m.end))
    lower_words = {w for d in documents for p in d.paragraphs for w in re.findall(r"\b[a-z][\w’']*", p.text)}
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    starts_only: dict[str, bool] = {}
    for doc in documents:
        for p in doc.paragraphs:
            spans = covered.get(p.id, [])
            def free(a: int, b: int) -> bool:
                return not any(a < end and start < b for start, end in spans)
            for match in RE_DATE_PHRASE.finditer(p.text):
                if free(match.start(), match.end()):
                    found[(match.group(), "date")].append(p.id)
            for match in RE_NAME.finditer(p.text):
                name = re.sub(r"[’']s$", "", match.group("name").rstrip("."))
                first, _, rest = name.partition(" ")
                begin = match.start()
                if rest and first.lower() in lower_words:  # "Then Gordon Smith", "If Ukrainian": not a name's part
                    name, begin = rest, begin + len(first) + 1
                if not free(begin, begin + len(name)):
                    continue
                if " " not in name:
                    at_start = bool(RE_SENTENCE_START.search(p.text[:begin]))
                    starts_only[name] = starts_only.get(name, True) and at_start
                    if name.lower() in lower_words:
                        continue
                found[(name, "name")].append(p.id)
    out = [Candidate(text, kind, len(ids), tuple(dict.fromkeys(ids))) for (text, kind), ids in found.items()
           if not (kind == "name" and " " not in text and starts_only.get(text, False))]
    return sorted(out, key=lambda c: (-c.count, c.kind, c.text))


@dataclass(frozen=True)
class Review:
    """Where the register stands against the aid: candidates nobody has read, and reviews that match nothing."""

    unreviewed: list[Candidate]
    stale: list[ReviewedName]  # reviewed names the aid no longer proposes (the text changed, or an entry took it)
    reviewed: int  # candidates set aside by a review


def review(documents: tuple[Document, ...], registers: Registers, mentions: tuple[Mention, ...]) -> Review:
    """The aid's candidates split into those the editors have reviewed and those still to read."""
    candidates = propose(documents, registers, mentions)
    names = {r.text for r in registers.reviewed}
    proposed = {c.text for c in candidates}
    return Review([c for c in candidates if c.text not in names],
                  [r for r in registers.reviewed if r.text not in proposed],
                  sum(c.text in names for c in candidates))


def format_review(result: Review, path: str) -> str:
    """The aid's report: what is still to read, then reviews that no longer match anything."""
    candidates = result.unreviewed
    lines = [f"{len(candidates)} names and dates in the texts that no register entry covers and no review sets "
             f"aside ({result.reviewed} reviewed in {path}). Add what is a real entry to 'entries', the rest to "
             "'reviewed' with a reason; nothing enters the register unreviewed:"]
    for c in candidates:
        where = ", ".join(c.paragraphs[:6]) + (" …" if len(c.paragraphs) > 6 else "")
        lines.append(f"{c.count:4d}  {c.kind:4s}  {c.text}  ({where})")
    for r in result.stale:
        lines.append(f"{path}:{r.line}: '{r.text}' is reviewed but no longer proposed; remove it "
                     "[registers.stale-review]")
    return "\n".join(lines) + "\n"
