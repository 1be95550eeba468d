"""Writing outputs: atomically, and only when the bytes change, so a no-op rebuild touches no file."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_if_changed(path: Path, data: bytes, *, sync: bool = False) -> bool:
    """Write ``data`` to ``path`` through a temp file in the same folder and a rename.

    Returns False, leaving the file untouched (mtime included), when its content would not change.
    ``sync`` flushes the data to disk before the rename, for state that cannot be regenerated (the lock).
    """
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; outputs should be readable like their neighbours
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
