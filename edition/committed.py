"""The committed anchor lock: in a git checkout, the lock on disk must still hold everything committed.

The trailer (:mod:`edition.lock`) catches a lock cut short or edited by hand. What it cannot catch is a
lock replaced by a whole, valid one that lost history: an old copy, a lock started again from nothing, a
version-1 lock (no trailer) cut at a record boundary. So when git is at hand and the lock is committed
(``git show HEAD:<lock>``), every id committed must still be issued, every committed retirement must still be
recorded the same way, and the committed revisions must still open the history. Without git, or outside a
checkout, or before the lock's first commit, this check is skipped and the trailer alone protects the lock.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .errors import EditionError, Location, LockError, Problem
from .lock import AnchorLock, id_key, parse_lock

GIT_TIMEOUT = 30  # seconds; a checkout too slow to answer is treated like no git at all


def committed_text(path: Path) -> str | None:
    """The lock as committed at HEAD, or None: no git, not a checkout, not committed, or not readable."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        result = subprocess.run(["git", "-C", str(path.parent), "show", f"HEAD:./{path.name}"],
                                capture_output=True, timeout=GIT_TIMEOUT, env=env, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    try:
        return result.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return None


def committed_lock(path: Path, shown: str) -> AnchorLock | None:
    """The committed lock parsed, or None (see :func:`committed_text`; a committed lock that does not parse
    cannot vouch for anything, and the lock on disk is checked on its own)."""
    text = committed_text(path)
    if text is None:
        return None
    try:
        return parse_lock(text, f"HEAD:{shown}")
    except EditionError:
        return None


def compare(committed: AnchorLock, current: AnchorLock, shown: str) -> list[Problem]:
    """What the lock on disk lost of the committed one: ids, retirements, revisions. At most one problem
    each, naming the first loss and how many there are."""
    hint = (f"no id is issued from a lock that lost committed history: restore it with "
            f"`git checkout -- {shown}` and run `make build`")
    problems: list[Problem] = []
    lost = sorted(committed.issued() - current.issued(), key=id_key)
    if lost:
        problems.append(Problem(
            Location(shown), f"{len(lost)} id{'s' if len(lost) != 1 else ''} committed in git (HEAD) "
            f"{'are' if len(lost) != 1 else 'is'} missing from the lock, first '{lost[0]}' (line "
            f"{committed.lines.get(lost[0])} of the committed lock)", "lock.committed", hint))
    now = {r.id: r for r in current.retired}
    changed = [r for r in committed.retired if r.id in now and now[r.id] != r]
    revived = [r for r in committed.retired if r.id not in now and r.id not in lost]
    if changed or revived:
        first = sorted(changed + revived, key=lambda r: id_key(r.id))[0]
        problems.append(Problem(
            Location(shown, current.lines.get(first.id)),
            f"'{first.id}' was committed as retired {first.since} {first.reason} -> {first.successor}, and "
            f"the lock now records it otherwise ({len(changed) + len(revived)} such ids)", "lock.committed", hint))
    old = committed.revisions
    if tuple(current.revisions[:len(old)]) != tuple(old):
        number = next((a.number for a, b in zip(old, current.revisions) if a != b),
                      len(current.revisions) + 1)
        problems.append(Problem(
            Location(shown), f"revision {number} of the committed history (git HEAD) is missing or changed "
            f"in the lock", "lock.committed", hint))
    return problems


def verify(path: Path, current: AnchorLock | None, shown: str, *, new_lock: bool = False) -> None:
    """Raise :class:`LockError` when the lock on disk lost what git HEAD holds, or is gone while committed."""
    committed = committed_lock(path, shown)
    if committed is None:
        return
    if current is None:
        raise LockError.at(shown, None, "the anchor lock is missing, but it is committed in git (HEAD)"
                           + ("; --new-lock starts an edition that has none" if new_lock else ""),
                           "lock.missing", f"restore it with `git checkout -- {shown}` and run `make build`")
    problems = compare(committed, current, shown)
    if problems:
        raise LockError(problems)
