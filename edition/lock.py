"""The anchor lock: every paragraph id ever issued, and the history of the text.

The lock is the edition's one piece of committed state (``seeds/anchors.lock``). It is written by the build,
reviewed in pull requests and never edited by hand, so it is line-based, sorted and deterministic: a pull
request that fixes a typo shows one changed paragraph line and one new revision record.

Format, version 2 (UTF-8, LF line ends; ``#`` comment lines and blank lines are ignored)::

    anchor-lock 2

    bondarev.p1 "The only real way out is the defeat of the Russian armed forces on the ground."
    bondarev.p2 after bondarev.p4 "Were the missile attacks an escalation?"
    bondarev.p3 first "Russia is open to negotiations with Ukraine."
    bondarev.p3b retired 2025-03-01 removed -> bondarev.p4
    bondarev.p4 "Certainly not a negotiation involving concessions."

    revision 1 2025-03-01
      corrected bondarev.p4 old "Certainly not a negociation." new "Certainly not a negotiation involving concessions."
      moved bondarev.p2 new "Were the missile attacks an escalation?"
      moved bondarev.p3 new "Russia is open to negotiations with Ukraine."
      retired bondarev.p3b -> bondarev.p4 old "A paragraph deleted from the seed."

    end 5 ids, 4 live, 1 retired, 1 revisions, 4 changes, sha256 600c120fc1c8ce23f35a8f1f91de8dcf7fac6315baf055c35876d1237205809b

* A live paragraph: its id and text. Texts are JSON strings, so any text fits on one line.
* Live paragraphs in number order carry no position. The few moved out of it say which paragraph they follow
  (``after <id>``) or that they open the document (``first``), which is enough to rebuild each document's
  order for the next reconciliation; above, the document reads p3, p1, p4, p2.
* A retired id: since when, why (``removed`` or ``merged``), and its successor as it was when the id was
  retired; the successor may itself have been retired since, so citations resolve through the chain
  (:meth:`AnchorLock.resolve`) to a live paragraph.
* Paragraph records (live and retired) are sorted by document slug, then paragraph number in natural order
  (``p2 < p12 < p12ab < p12b < p13``), with a blank line between documents.
* Revisions (oldest first, numbered from 1) hold the history shown on the revisions page: per rebuild that
  changed the text, each change (``corrected``, ``added``, ``moved``, ``split``, ``merged``, ``retired``) with
  its id, the successor of a retired id (``->``) and the old and new texts. They live in the lock rather than
  a sibling file so that ids and history are always written together, atomically.
* The closing line (the trailer) counts the ids, live and retired records, revisions and changes, and holds
  the SHA-256 of every byte before it. A lock cut short (the trailer is gone), with a line deleted or edited
  by hand (the checksum differs), or left with git conflict markers is refused before any id is issued
  (:func:`parse_lock`): re-issuing ids from a damaged record is how citations would silently move.
  Version 1, the same format without the trailer, is still read, and rewritten as version 2 by the next build.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from pathlib import Path
from typing import Iterable, Mapping

from .errors import FileError, Location, LockError, Problem
from .files import os_errors, write_if_changed
from .model import Change, Retired, Revision

FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1: no trailer (written before the trailer existed); migrated on write
LETTERS = "abcdefghijklmnopqrstuvwxyz"
HEADER = "anchor-lock"
AT_START = ""  # ``LockedParagraph.after`` of a moved paragraph that opens its document

PREAMBLE = (
    "# Paragraph anchors of the edition: every id ever issued, and the revisions that changed the text.\n"
    "# Written by `make build` (format: edition/lock.py). Commit it with the seeds; do not edit it by hand.\n"
)

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# A paragraph number: an integer, optionally followed by letters that place it between two integers.
# Letters compare like a dictionary (12 < 12ab < 12b < 13) and never end in "a", so there is always room
# for another number between any two (see :mod:`edition.anchor`).
NUMBER = r"(?:0|[1-9][0-9]*)(?:[a-z]*[b-z])?"
ID = rf"{SLUG}\.p{NUMBER}"
JSON_STRING = r'"(?:[^"\\\n]|\\.)*"'
DATE = r"\d{4}-\d{2}-\d{2}"
REASONS = ("removed", "merged")
KINDS = ("corrected", "added", "moved", "split", "merged", "retired")

RE_ID = re.compile(rf"^(?P<slug>{SLUG})\.p(?P<number>{NUMBER})$")
RE_HEADER = re.compile(rf"^{HEADER} (?P<version>\S+)$")
# A paragraph record is "<id> <rest>"; the rest of a live paragraph is its text, optionally preceded by
# "first " or "after <id> " (parsed by hand for speed: a lock holds one line per paragraph of the edition).
RE_RETIRED = re.compile(
    rf"""(?x)
    ^retired
    \ (?P<since>{DATE})
    \ (?P<reason>{"|".join(REASONS)})
    \ ->\ (?P<successor>{ID})$
    """
)
# The closing line: counts and the checksum of everything above it. Counts catch a cut at a record boundary
# even in a reader that skipped the checksum; the checksum catches any other change.
RE_TRAILER = re.compile(
    r"""(?x)
    ^end\ (?P<ids>\d+)\ ids,
    \ (?P<live>\d+)\ live,
    \ (?P<retired>\d+)\ retired,
    \ (?P<revisions>\d+)\ revisions,
    \ (?P<changes>\d+)\ changes,
    \ sha256\ (?P<sha256>[0-9a-f]{64})$
    """
)
# What git leaves in a file when a merge could not combine both sides.
RE_CONFLICT = re.compile(r"^(?:<{7}|={7}|>{7}|\|{7})(?: |$)")
RE_REVISION = re.compile(rf"^revision (?P<number>[1-9][0-9]*) (?P<date>{DATE})$")
RE_CHANGE = re.compile(
    rf"""(?x)
    ^\ \ (?P<kind>{"|".join(KINDS)})\ (?P<id>{ID})
    (?:\ ->\ (?P<successor>{ID}))?
    (?:\ old\ (?P<old>{JSON_STRING}))?
    (?:\ new\ (?P<new>{JSON_STRING}))?$
    """
)


def split_id(paragraph_id: str) -> tuple[str, str]:
    """``"bondarev.p12b"`` → ``("bondarev", "12b")``."""
    slug, _, number = paragraph_id.rpartition(".p")
    return slug, number


@functools.lru_cache(maxsize=1 << 16)  # a pure function called for every id; numbers recur in every document
def number_key(number: str) -> tuple[int, str]:
    """Natural order of paragraph numbers: by integer, then letters in dictionary order (12 < 12ab < 12b)."""
    digits = number.rstrip(LETTERS)
    return (int(digits), number[len(digits):])


def id_key(paragraph_id: str) -> tuple[str, int, str]:
    """Natural order of paragraph ids: by document slug, then number."""
    slug, number = split_id(paragraph_id)
    return (slug, *number_key(number))


@dataclass(frozen=True)
class LockedParagraph:
    """A live paragraph: its id, its text, and where it sits if it was moved out of number order."""

    id: str
    text: str
    after: str | None = None  # None: in number order; AT_START or the id of the paragraph it follows


@dataclass(frozen=True)
class AnchorLock:
    """The content of the lock file. Build it with :func:`make_lock` (which sorts); compare with ``==``."""

    paragraphs: tuple[LockedParagraph, ...]  # live, sorted by id
    retired: tuple[Retired, ...]  # sorted by id; successor as recorded when retired
    revisions: tuple[Revision, ...] = ()  # oldest first
    version: int = field(default=FORMAT_VERSION, compare=False)  # the format read; writing always uses the latest
    # Line of each id in the file it was loaded from, for messages; not part of the content.
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False, hash=False)

    def documents(self) -> dict[str, list[LockedParagraph]]:
        """Live paragraphs per document slug, in document order (number order, moved paragraphs put back)."""
        by_slug: dict[str, list[LockedParagraph]] = {}
        for paragraph in self.paragraphs:
            by_slug.setdefault(split_id(paragraph.id)[0], []).append(paragraph)
        return {slug: document_order(paragraphs) for slug, paragraphs in by_slug.items()}

    def issued(self) -> set[str]:
        """Every id ever issued: live and retired."""
        return {p.id for p in self.paragraphs} | {r.id for r in self.retired}

    def resolve(self) -> tuple[Retired, ...]:
        """Retired ids with each successor followed through the chain to a live paragraph."""
        successor = {r.id: r.successor for r in self.retired}
        resolved = []
        for record in self.retired:
            target = record.successor
            while target in successor:  # chains are acyclic: checked on load, guaranteed by the anchor stage
                target = successor[target]
            resolved.append(Retired(record.id, target, record.since, record.reason))
        return tuple(resolved)


def make_lock(paragraphs: Iterable[LockedParagraph], retired: Iterable[Retired],
              revisions: Iterable[Revision] = ()) -> AnchorLock:
    """An :class:`AnchorLock` with its records in canonical order."""
    return AnchorLock(tuple(sorted(paragraphs, key=lambda p: id_key(p.id))),
                      tuple(sorted(retired, key=lambda r: id_key(r.id))), tuple(revisions))


def document_order(paragraphs: list[LockedParagraph]) -> list[LockedParagraph]:
    """One document's live paragraphs in reading order, given in number order.

    Paragraphs without ``after`` are in number order; each moved one is placed right after the paragraph it
    names, so chains of moved paragraphs unfold in order.
    """
    follower = {p.after: p for p in paragraphs if p.after is not None}
    order: list[LockedParagraph] = []

    def chain(after: str) -> None:
        while after in follower:
            moved = follower.pop(after)
            order.append(moved)
            after = moved.id

    chain(AT_START)
    for paragraph in paragraphs:
        if paragraph.after is None:
            order.append(paragraph)
            chain(paragraph.id)
    return order


def order_hints(order: list[str]) -> dict[str, str]:
    """For one document's ids in reading order, the ``after`` hint of each paragraph out of number order.

    The paragraphs in number order are a longest increasing run (a fixed, deterministic choice), so that a
    move costs as few hints as possible and an unchanged document always gets the same hints.
    """
    keys = [number_key(split_id(i)[1]) for i in order]
    in_order = set(longest_increasing(keys))
    return {order[k]: (order[k - 1] if k else AT_START) for k in range(len(order)) if k not in in_order}


def longest_increasing(keys: list) -> list[int]:
    """Indexes of a longest strictly increasing subsequence of ``keys`` (O(n log n), deterministic)."""
    if all(a < b for a, b in zip(keys, keys[1:])):  # the usual case, nothing moved: all of them, found in O(n)
        return list(range(len(keys)))
    tails: list = []  # smallest tail key of an increasing run of each length
    tail_index: list[int] = []
    previous = [-1] * len(keys)
    for i, key in enumerate(keys):
        length = bisect.bisect_left(tails, key)
        if length == len(tails):
            tails.append(key)
            tail_index.append(i)
        else:
            tails[length] = key
            tail_index[length] = i
        previous[i] = tail_index[length - 1] if length else -1
    result: list[int] = []
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        result.append(i)
        i = previous[i]
    return result[::-1]


# ---------------------------------------------------------------------------------------------------- writing

def _quote(text: str) -> str:
    return encode_basestring(text)  # what json.dumps(text, ensure_ascii=False) gives, without its overhead


def _change_line(change: Change) -> str:
    parts = [f"  {change.kind} {change.id}"]
    if change.successor is not None:
        parts.append(f"-> {change.successor}")
    if change.old_text is not None:
        parts.append(f"old {_quote(change.old_text)}")
    if change.new_text is not None:
        parts.append(f"new {_quote(change.new_text)}")
    return " ".join(parts)


def dump_lock(lock: AnchorLock) -> str:
    """The lock file's text: canonical, so equal locks give identical bytes."""
    return dump_lock_bytes(lock).decode("utf-8")


def dump_lock_bytes(lock: AnchorLock) -> bytes:
    """The lock file, as UTF-8: each line encoded as it is made and the file joined once, so a large
    edition's lock is held about twice, not five times."""
    records: list[tuple[tuple[str, int, str], bytes]] = []
    for p in lock.paragraphs:
        place = "" if p.after is None else " first" if p.after == AT_START else f" after {p.after}"
        records.append((id_key(p.id), f"{p.id}{place} {_quote(p.text)}".encode("utf-8")))
    for r in lock.retired:
        records.append((id_key(r.id), f"{r.id} retired {r.since} {r.reason} -> {r.successor}".encode("utf-8")))
    records.sort(key=lambda record: record[0])
    out = [PREAMBLE.encode("utf-8"), f"{HEADER} {FORMAT_VERSION}\n".encode("utf-8")]  # reading migrates
    slug = None
    for key, line in records:
        if key[0] != slug:  # a blank line between documents
            out.append(b"\n")
            slug = key[0]
        out.extend((line, b"\n"))
    del records
    for revision in lock.revisions:
        out.append(f"\nrevision {revision.number} {revision.date}\n".encode("utf-8"))
        for change in revision.changes:
            out.extend((_change_line(change).encode("utf-8"), b"\n"))
    out.append(b"\n")
    body = hashlib.sha256()
    for part in out:
        body.update(part)
    out.append(trailer(lock, body.hexdigest()).encode("utf-8") + b"\n")
    return b"".join(out)


def counts(lock: AnchorLock) -> tuple[int, int, int, int, int]:
    """What the trailer counts: ids, live, retired, revisions, changes."""
    return (len(lock.paragraphs) + len(lock.retired), len(lock.paragraphs), len(lock.retired),
            len(lock.revisions), sum(len(r.changes) for r in lock.revisions))


def trailer(lock: AnchorLock, digest: str) -> str:
    ids, live, retired, revisions, changes = counts(lock)
    return (f"end {ids} ids, {live} live, {retired} retired, {revisions} revisions, {changes} changes, "
            f"sha256 {digest}")


def write_lock(path: Path, lock: AnchorLock, shown: str | None = None, data: bytes | None = None) -> bool:
    """Write the lock atomically (temp file in the same folder, flushed to disk, then rename); ``data``, if
    given, is ``dump_lock_bytes(lock)``, already made by the caller.

    Returns False, leaving the file untouched (mtime included), when its content would not change. An
    :class:`OSError` (disk full, …) becomes a :class:`~edition.errors.FileError`; the old lock stays whole.
    """
    with os_errors("write the anchor lock; the previous lock is unchanged", shown or str(path)):
        return write_if_changed(path, dump_lock_bytes(lock) if data is None else data, sync=True)


# ---------------------------------------------------------------------------------------------------- reading

def load_lock(path: Path, shown: str) -> AnchorLock | None:
    """Read and validate the lock; None if the file does not exist.

    Raises :class:`LockError` listing every problem, each with ``shown`` and the line.
    """
    try:
        with os_errors("read the anchor lock", shown):
            text = path.read_bytes().decode("utf-8")
    except FileError as exc:
        if exc.problems[0].code == "os.missing" and not path.exists() and path.parent.is_dir():
            return None
        raise
    except UnicodeDecodeError as exc:
        raise LockError.at(shown, None, f"not UTF-8 ({exc.reason})", "lock.syntax", _restore(shown)) from None
    return parse_lock(text, shown)


def _restore(shown: str) -> str:
    return (f"the lock is written by `make build`, not by hand: restore the committed lock with "
            f"`git checkout -- {shown}` and run `make build`")


def _damaged(shown: str, line: int | None, message: str, code: str, hint: str = "") -> LockError:
    return LockError.at(shown, line, message, code, hint or (
        f"no id is issued from a damaged lock: restore the committed lock with `git checkout -- {shown}` "
        "and run `make build`"))


def _conflict(text: str, shown: str) -> None:
    for number, line in enumerate(text.split("\n"), start=1):
        if RE_CONFLICT.match(line):
            raise _damaged(shown, number, "the lock holds git conflict markers: a merge left both sides in it",
                           "lock.conflict",
                           f"take one side with `git checkout --ours -- {shown}` (or `--theirs`), then run "
                           "`make build`, which reconciles it with the merged seeds")


def _split_trailer(text: str, shown: str, version: int) -> tuple[str, re.Match | None, int]:
    """The text before the trailer, the trailer's match (None for version 1) and its line."""
    if version == 1:
        return text, None, 0
    body, _, last = text[:-1].rpartition("\n") if text.endswith("\n") else text.rpartition("\n")
    line = body.count("\n") + 2 if body else 1
    found = RE_TRAILER.match(last)
    if not text.endswith("\n") or not found:
        ends = text.count("\n") + (0 if text.endswith("\n") else 1)
        raise _damaged(shown, ends, f"the lock ends at line {ends} without its closing line "
                                    "('end <n> ids, …, sha256 …'): it was cut short or its end was edited",
                       "lock.truncated")
    return body + "\n", found, line


def _verify(lock: AnchorLock, body: str, found: re.Match | None, line: int, shown: str) -> None:
    if found is None:
        return
    stated = tuple(int(found[k]) for k in ("ids", "live", "retired", "revisions", "changes"))
    actual = counts(lock)
    if stated != actual:
        names = ("ids", "live", "retired", "revisions", "changes")
        diff = ", ".join(f"{s} {n} stated but {a} found" for n, s, a in zip(names, stated, actual) if s != a)
        raise _damaged(shown, line, f"the lock's closing line does not match its records ({diff}): "
                                    "records were removed or added by hand", "lock.count")
    if _digest(body) != found["sha256"]:
        raise _checksum_error(shown, line)


def parse_lock(text: str, shown: str) -> AnchorLock:
    """Parse and validate the text of a lock file (see the module docstring for the format).

    Conflict markers, a missing or wrong trailer (version 2) raise one :class:`LockError` that says how to
    restore the lock; malformed records raise one listing every problem.
    """
    _conflict(text, shown)
    header = next((RE_HEADER.match(line) for line in text.split("\n", 64)[:64]
                   if line.strip() and not line.startswith("#")), None)
    version = int(header["version"]) if header and header["version"] in {str(v) for v in READABLE_VERSIONS} else 0
    body, found, trailer_line = _split_trailer(text, shown, version) if version else (text, None, 0)
    try:
        lock = _parse_records(body, shown)
    except LockError:
        if found is not None and _digest(body) != found["sha256"]:  # damage, not a bad writer: say so once
            raise _checksum_error(shown, trailer_line) from None
        raise
    _verify(lock, body, found, trailer_line, shown)
    return lock


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _checksum_error(shown: str, line: int) -> LockError:
    return _damaged(shown, line, "the lock's checksum does not match its content: a line was changed, added or "
                                 "removed by hand", "lock.checksum")


def _parse_records(text: str, shown: str) -> AnchorLock:
    problems: list[Problem] = []
    restore = _restore(shown)

    def problem(line: int, message: str, code: str, hint: str = restore) -> None:
        problems.append(Problem(Location(shown, line), message, code, hint))

    paragraphs: list[LockedParagraph] = []
    retired: list[Retired] = []
    revisions: list[tuple[int, str, list[Change]]] = []
    history: list[tuple[int, Change]] = []  # (line, change), to check the ids they name
    lines: dict[str, int] = {}
    version: int | None = None

    def record(paragraph_id: str, number: int) -> bool:
        if paragraph_id in lines:
            problem(number, f"'{paragraph_id}' is listed twice (first on line {lines[paragraph_id]})",
                    "lock.duplicate")
            return False
        lines[paragraph_id] = number
        return True

    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if version is None:
            header = RE_HEADER.match(line)
            if not header:
                problem(number, f"expected the header '{HEADER} {FORMAT_VERSION}', found {line[:40]!r}",
                        "lock.header")
                break
            if header["version"] not in {str(v) for v in READABLE_VERSIONS}:
                problem(number, f"lock format version {header['version']!r} is not supported "
                                f"(this build reads versions {', '.join(map(str, READABLE_VERSIONS))})",
                        "lock.version", "the lock was written by a different version of the build; use that version")
                break
            version = int(header["version"])
            continue
        if revisions and line.startswith("  "):
            change = RE_CHANGE.match(line)
            if change:
                revisions[-1][2].append(Change(
                    change["kind"], change["id"],
                    _text(change["old"]) if change["old"] else None,
                    _text(change["new"]) if change["new"] else None,
                    change["successor"]))
                history.append((number, revisions[-1][2][-1]))
            else:
                problem(number, "cannot read this revision entry: expected "
                                "'  <kind> <id> [-> <id>] [old \"text\"] [new \"text\"]'", "lock.syntax")
            continue
        if match := RE_REVISION.match(line):
            if _bad_date(match["date"]):
                problem(number, f"'{match['date']}' is not a date", "lock.syntax")
            if int(match["number"]) != len(revisions) + 1:
                problem(number, f"revision {match['number']} should be revision {len(revisions) + 1}: revisions "
                                "are numbered from 1 in order", "lock.revision")
            revisions.append((int(match["number"]), match["date"], []))
            continue
        if revisions:
            problem(number, "paragraph records must come before the first revision", "lock.syntax")
            continue
        paragraph_id, _, rest = line.partition(" ")
        after = None
        if rest.startswith("first "):
            after, rest = AT_START, rest[6:]
        elif rest.startswith("after "):
            after, _, rest = rest[6:].partition(" ")
        text = _text(rest) if rest.startswith('"') else None
        retired_match = RE_RETIRED.match(rest) if text is None and after is None else None
        if not RE_ID.match(paragraph_id) or (after and not RE_ID.match(after)) or (text is None and not retired_match):
            problem(number, "cannot read this line: expected '<slug>.p<number> \"text\"' or "
                            "'<slug>.p<number> retired <date> <reason> -> <successor>'", "lock.syntax")
        elif retired_match:
            if _bad_date(retired_match["since"]):
                problem(number, f"'{retired_match['since']}' is not a date", "lock.syntax")
            elif record(paragraph_id, number):
                retired.append(Retired(paragraph_id, retired_match["successor"], retired_match["since"],
                                       retired_match["reason"]))
        elif record(paragraph_id, number):
            paragraphs.append(LockedParagraph(paragraph_id, text, after))
    if version is None and not problems:
        problem(1, f"the header '{HEADER} {FORMAT_VERSION}' is missing", "lock.header")
    if problems:
        raise LockError(problems)

    _check_references(paragraphs, retired, lines, problem)
    for number, change in history:
        unknown = [i for i in (change.id, change.successor) if i is not None and i not in lines]
        if unknown:
            problem(number, f"the history names '{unknown[0]}', which is not in the lock", "lock.history")
    if problems:
        raise LockError(problems)
    return AnchorLock(tuple(sorted(paragraphs, key=lambda p: id_key(p.id))),
                      tuple(sorted(retired, key=lambda r: id_key(r.id))),
                      tuple(Revision(n, d, tuple(c)) for n, d, c in revisions), version, lines)


_DECODER = json.JSONDecoder()


def _text(quoted: str) -> str | None:
    """The text of a JSON string that makes up all of ``quoted``, or None."""
    try:
        value, end = _DECODER.raw_decode(quoted)
    except ValueError:
        return None
    return value if isinstance(value, str) and end == len(quoted) else None


def _bad_date(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return True
    return False


def _check_references(paragraphs: list[LockedParagraph], retired: list[Retired], lines: dict[str, int],
                      problem) -> None:
    """Successors exist and lead to a live paragraph; order hints name live paragraphs of the same document."""
    live = {p.id for p in paragraphs}
    successor = {r.id: r.successor for r in retired}
    for r in retired:
        if r.successor not in live and r.successor not in successor:
            problem(lines[r.id], f"'{r.id}' is retired in favour of '{r.successor}', which is not in the lock",
                    "lock.successor")
            continue
        seen, target = {r.id}, r.successor
        while target in successor and target not in seen:
            seen.add(target)
            target = successor[target]
        if target not in live:
            problem(lines[r.id], f"the successors of '{r.id}' go round in a circle and never reach a live paragraph",
                    "lock.cycle")
    followed: dict[tuple[str, str], str] = {}  # (slug, after) → the paragraph placed there
    for p in paragraphs:
        if p.after is None:
            continue
        slug = split_id(p.id)[0]
        if p.after != AT_START and (p.after not in live or split_id(p.after)[0] != slug):
            problem(lines[p.id], f"'{p.id}' is placed after '{p.after}', which is not a live paragraph of the "
                                 "same document", "lock.order")
        elif (slug, p.after) in followed:
            problem(lines[p.id], f"'{p.id}' and '{followed[slug, p.after]}' are both placed right after "
                                 f"{repr(p.after) if p.after else 'the start'}", "lock.order")
        else:
            followed[slug, p.after] = p.id
    if not followed:
        return
    by_slug: dict[str, list[LockedParagraph]] = {}
    for p in sorted(paragraphs, key=lambda p: id_key(p.id)):
        by_slug.setdefault(split_id(p.id)[0], []).append(p)
    for group in by_slug.values():
        placed = {p.id for p in document_order(group)}
        for p in group:
            if p.id not in placed:  # its "after" chain loops back on itself
                problem(lines[p.id], f"'{p.id}' cannot be placed: its 'after' references go round in a circle",
                        "lock.order")
