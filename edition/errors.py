"""Typed errors and warnings, each carrying where it happened and a short code.

Library code raises these; only the command line (``edition.cli``) turns them into
messages and exit codes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Location:
    """A place in an input file: a path as the user typed it (relative to the project) and a 1-based line."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Problem:
    """One finding about the input: an error (fatal) or a warning (reported, not fatal)."""

    location: Location
    message: str
    code: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.hint and self.message.endswith(("?", ".", "!")):
            text += f" {self.hint[0].upper()}{self.hint[1:]}"  # after a question, a new sentence
        elif self.hint:
            text += f"; {self.hint}"
        return f"{text} [{self.code}]"


class EditionError(Exception):
    """Base of every error the edition raises about its input."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, path: str, line: int | None, message: str, code: str, hint: str = "") -> "EditionError":
        return cls(Problem(Location(path, line), message, code, hint))


class SeedError(EditionError):
    """A seed file cannot be read or segmented."""


class MetadataError(EditionError):
    """The editorial metadata file is malformed or names something that does not exist."""


class LockError(EditionError):
    """The anchor lock is malformed or does not match the seeds."""


class NoteError(EditionError):
    """A contributed note is malformed, unsafe, or names a paragraph that does not exist."""


def each(func: Callable[[T], R], items: Iterable[T], problems: list[Problem]) -> list[R]:
    """``func`` applied to every item, so one run reports every broken input.

    An item whose call raises :class:`EditionError` adds its problems to ``problems`` instead of a result; the
    caller raises once, after the loop, if ``problems`` is not empty.
    """
    results: list[R] = []
    for item in items:
        try:
            results.append(func(item))
        except EditionError as exc:
            problems.extend(exc.problems)
    return results


# What to do about each operating-system error a build can meet, by errno name: (code, advice).
OS_ADVICE = {
    "ENOSPC": ("os.disk-full", "the disk is full: free some space and run the build again"),
    "EDQUOT": ("os.disk-full", "the disk quota is used up: free some space and run the build again"),
    "EACCES": ("os.permission", "make it writable (or run the build as its owner), then run the build again"),
    "EPERM": ("os.permission", "make it writable (or run the build as its owner), then run the build again"),
    "EROFS": ("os.read-only", "the file system is read-only: build in a writable copy of the project"),
    "EISDIR": ("os.is-directory", "a folder is where a file should be: remove or rename the folder"),
    "ENOTDIR": ("os.not-directory", "a file is where a folder should be: remove or rename the file"),
    "EEXIST": ("os.exists", "something is in the way: remove or rename it"),
    "ENOTEMPTY": ("os.exists", "a folder is in the way: remove or rename it"),
    "ENAMETOOLONG": ("os.name-too-long", "the name is too long for the file system: use a shorter file name"),
    "ENOENT": ("os.missing", "a file or folder it needs is missing: restore it"),
}


class FileError(EditionError):
    """A file or folder could not be read or written: disk full, permissions, a folder in the way, …"""

    @classmethod
    def from_os(cls, exc: OSError, shown: str, action: str) -> "FileError":
        """One message for an :class:`OSError`: what could not be done to which path, and what to do."""
        import errno as _errno
        import os as _os

        name = _errno.errorcode.get(exc.errno or 0, "")
        code, hint = OS_ADVICE.get(name, ("os.error", "check the path and run the build again"))
        reason = _os.strerror(exc.errno) if exc.errno else str(exc)
        return cls.at(shown, None, f"cannot {action} ({reason})", code, hint)
