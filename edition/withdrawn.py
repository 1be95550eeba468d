"""Withdrawn notes: a note taken out of the edition keeps its page, which says why and where its claims went.

A note's page (``claims/<id>/``) is cited like a paragraph, so removing a note must not break the link. When
editors withdraw a note (it linked different claims, or merged into another), they delete its file and record it
in ``notes/withdrawn.yml``::

    version: 1
    withdrawn:
      - id: annexed-regions
        title: "The regions Russia annexed in 2022"
        date: 2026-12-02
        reason: "it paired two different claims"
        successors: [conditions-for-ukraines-borders]

The build then writes a short page in the note's place, linking each successor. A withdrawn id is never
reused: a note with that id is refused, as is a successor that does not exist.
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from .errors import Location, NoteError, Problem
from .markdown import escape
from .notes import RE_NOTE_ID
from .render import note_page, with_front_matter
from .yamlsrc import load_yaml

WITHDRAWN_FILE = "withdrawn.yml"
VERSION = 1
FIELDS = ("id", "title", "date", "reason", "successors")


@dataclass(frozen=True)
class Withdrawn:
    id: str
    title: str
    date: str  # ISO 8601
    reason: str
    successors: tuple[str, ...]  # live note ids
    line: int


def load_withdrawn(folder: Path, shown: str, live: Collection[str]) -> tuple[Withdrawn, ...]:
    """The withdrawn notes recorded in ``folder/withdrawn.yml`` (none if it does not exist), sorted by id.

    ``shown`` is the file's path for messages; ``live`` the ids of the notes the edition has.
    """
    path = folder / WITHDRAWN_FILE
    if not path.is_file():
        return ()
    data = load_yaml(path.read_text(encoding="utf-8"), shown, code="notes.yaml", error=NoteError)
    problems: list[Problem] = []

    def fail(line: int | None, message: str, hint: str = "") -> None:
        problems.append(Problem(Location(shown, line), message, "notes.withdrawn", hint))

    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("withdrawn"), list):
        fail(getattr(data, "line", None) or 1, f"expected 'version: {VERSION}' and a 'withdrawn:' list")
        raise NoteError(problems)
    records: dict[str, Withdrawn] = {}
    entries = data["withdrawn"]
    for index, entry in enumerate(entries):
        line = entries.line_of(index)
        if not isinstance(entry, dict):
            fail(line, "each withdrawn note is a mapping of " + ", ".join(FIELDS))
            continue
        unknown = sorted(set(entry) - set(FIELDS))
        missing = [key for key in FIELDS if key not in entry]
        if unknown or missing:
            fail(line, f"unknown field {unknown[0]!r}" if unknown else f"missing {', '.join(missing)}",
                 "give exactly: " + ", ".join(FIELDS))
            continue
        note_id, title, reason = (entry[k] for k in ("id", "title", "reason"))
        date = entry["date"].isoformat() if isinstance(entry["date"], _dt.date) else entry["date"]
        successors = entry["successors"]
        if not all(isinstance(v, str) and v.strip() and "\n" not in v.strip() for v in (note_id, title, reason)):
            fail(line, "id, title and reason must each be one line of text")
            continue
        if not RE_NOTE_ID.match(note_id):
            fail(entry.line_of("id"), f"{note_id!r} is not a note id")
        elif note_id in live:
            fail(entry.line_of("id"), f"note {note_id!r} exists: a withdrawn id is never reused",
                 f"rename notes/{note_id}.md, or remove it from {shown}")
        elif note_id in records:
            fail(entry.line_of("id"), f"note {note_id!r} is listed twice")
        if not isinstance(date, str) or not _is_date(date):
            fail(entry.line_of("date"), f"date {date!r} is not YYYY-MM-DD")
        if not isinstance(successors, list) or not successors:
            fail(entry.line_of("successors"), "successors must list one or more notes")
            continue
        for index_s, successor in enumerate(successors):
            if successor not in live:
                fail(successors.line_of(index_s), f"successor {successor!r} is not a note",
                     "name the notes that now hold the withdrawn note's claims")
        plain = str.__str__  # the loader's strings remember their line; pages need plain ones
        records[note_id] = Withdrawn(plain(note_id), plain(title.strip()), plain(str(date)), plain(reason.strip()),
                                     tuple(plain(s) for s in successors), line)
    if problems:
        raise NoteError(problems)
    return tuple(sorted(records.values(), key=lambda w: w.id))


def _is_date(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def render_withdrawn(withdrawn: tuple[Withdrawn, ...], titles: dict[str, str]) -> dict[str, str]:
    """The page left in each withdrawn note's place, keyed by its path under the docs folder."""
    pages = {}
    for w in withdrawn:
        out = [f"# {escape(w.title)}", "",
               f'<p class="ed-note-meta" markdown="span">Withdrawn on {w.date}</p>', "",
               f"This note was withdrawn from the edition: {escape(w.reason)}.", "",
               "Its passages are now linked by:", ""]
        out += [f"- [{escape(titles[s])}]({s}.md)" for s in w.successors]
        pages[note_page(w.id)] = with_front_matter(
            {"title": w.title, "note": w.id, "withdrawn": w.date, "hide": ["toc"]}, "\n".join(out) + "\n")
    return pages
