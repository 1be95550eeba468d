"""Writing files: atomically, only when the bytes change, and with one message when the system says no.

Every write of the build goes through :func:`write_bytes` (so a test can make the disk "full" by patching
``os.write``), and every :class:`OSError` of an output path is turned into a
:class:`~edition.errors.FileError` naming the path (:func:`os_errors`).
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import FileError


@contextlib.contextmanager
def os_errors(action: str, shown: str):
    """Turn an :class:`OSError` raised inside the block into a :class:`FileError` about ``shown``."""
    try:
        yield
    except OSError as exc:
        raise FileError.from_os(exc, shown, action) from None


def write_bytes(fd: int, data: bytes) -> None:
    """Write all of ``data`` to an open file descriptor."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (which must not exist) with ``data``, mode 0644. Used inside fresh staging trees."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        write_bytes(fd, data)
    finally:
        os.close(fd)


def write_if_changed(path: Path, data: bytes, *, sync: bool = False) -> bool:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, then rename).

    Returns False, leaving the file untouched (mtime included), when its content would not change.
    ``sync`` flushes the data to disk before the rename, for state that cannot be regenerated (the lock).
    On any error the temporary file is removed and ``path`` keeps its old content.
    """
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        try:
            write_bytes(fd, data)
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; outputs should be readable like their neighbours
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
