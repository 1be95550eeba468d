"""Atomic output, one build at a time.

The generated Markdown tree (``docs/``) and the MkDocs site (``site/``) are each a symbolic link to a
complete tree in ``.build/``. A build writes a fresh tree beside the live one and publishes it with one
``rename(2)`` of a new link over the old, which is atomic: a reader, MkDocs or a build killed at any moment
sees either the last good tree or the new one, never a mix. Old trees are removed after the swap (or by the
next build, if it was killed first). Nothing is deleted by a list read from disk: there is no manifest, only
the build's own folders in ``.build/``, matched by name.

The generated tree also receives a copy of the hand-written pages (``pages/``), since MkDocs reads one
folder (``docs_dir: docs`` in ``mkdocs.yml``, which Zensical reads the same way, no hooks involved).

Builds take an exclusive ``flock`` on the project folder itself for their whole run (reading the anchor lock
to publishing; a folder can be locked, so a build that fails has written nothing, not even a lock file), so
two builds at once run one after the other; the second says it waits, and gives up after
:data:`WAIT_SECONDS`. The kernel releases the lock when a build dies, however it dies.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator, Mapping

from .errors import EditionError, Location
from .files import os_errors, write_new

BUILD_DIR = ".build"  # beside docs/ and site/: the trees they link to, and the build lock
PAGES_DIR = "pages"  # hand-written pages, copied into every generated tree
WAIT_SECONDS = 600
LEGACY = "legacy"  # a docs/ or site/ that was a real folder (older builds) is moved to .build/<name>.legacy
RE_TREE = r"^{name}\.[A-Za-z0-9_]{{8}}$"  # what tempfile.mkdtemp(prefix="<name>.") creates


class PublishError(EditionError):
    """The output cannot be published: another build holds the lock, MkDocs failed, a name is unsafe."""


@contextlib.contextmanager
def exclusive(root: Path, shown: str, *, wait: float = WAIT_SECONDS,
              on_wait: Callable[[str], None] = lambda message: None) -> Iterator[None]:
    """Hold the build lock (an exclusive ``flock`` on the folder ``root``) for the duration of the block."""
    with os_errors("open the project folder to lock it", shown):
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait(f"another build of {shown} is running; waiting up to {wait:.0f} s for it to finish")
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise PublishError.at(shown, None,
                                              f"another build still runs after {wait:.0f} s", "build.busy",
                                              "wait for it to finish, or stop it, then run the build again") from None
                    time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


def safe_name(name: str, shown: str) -> PurePosixPath:
    """A generated file's path, refused unless it stays inside its tree (relative, no ``..``, no empty part)."""
    path = PurePosixPath(name)
    if (not name or path.is_absolute() or any(part in ("", ".", "..") for part in name.split("/"))
            or "\\" in name or "\0" in name):
        raise PublishError.at(shown, None, f"the build would write {name!r}, outside its tree", "output.unsafe-name",
                              "this is a bug in the build: report it")
    return path


def files_below(root: Path) -> dict[str, Path]:
    """Every regular file below ``root`` (following ``root`` itself if it is a link): relative path → path,
    sorted by relative path. Nothing is read."""
    if not root.is_dir():
        return {}
    files: dict[str, Path] = {}
    for directory, dirs, names in os.walk(root):
        for name in names:
            path = Path(directory, name)
            if path.is_file() and not path.is_symlink():
                files[path.relative_to(root).as_posix()] = path
    return dict(sorted(files.items()))


def read_tree(root: Path) -> dict[str, bytes]:
    """Every regular file below ``root`` (following ``root`` itself if it is a link): path → bytes."""
    return {name: path.read_bytes() for name, path in files_below(root).items()}


def holds(path: Path | None, data: bytes) -> bool:
    """Whether the file at ``path`` exists and holds exactly ``data`` (read only when the sizes agree)."""
    return path is not None and path.stat().st_size == len(data) and path.read_bytes() == data


def stage(link: Path, files: Mapping[str, bytes], shown: str, unchanged: frozenset[str] = frozenset()) -> Path:
    """A fresh tree in ``.build/`` beside ``link`` holding exactly ``files``; removed again on any error.

    Files named in ``unchanged`` have the same bytes in the tree ``link`` points at now: they are hard-linked
    from it (published trees are never modified, only replaced), so a small edit writes few files and
    unchanged pages keep their modification time. Where a link cannot be made, the file is written.
    """
    previous = Path(os.path.realpath(link)) if link.is_symlink() else None
    work = link.parent / BUILD_DIR
    for name in files:
        safe_name(name, shown)
    with os_errors("create a folder for the new pages", f"{shown}/../{BUILD_DIR}"):
        work.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{link.name}.", dir=work))
        os.chmod(staging, 0o755)
    try:
        for name in sorted(files):
            target = staging / name
            with os_errors("write this file; the published pages are unchanged", f"{shown}/{name}"):
                target.parent.mkdir(parents=True, exist_ok=True)
                if previous is not None and name in unchanged:
                    try:
                        os.link(previous / name, target)
                        continue
                    except OSError:
                        pass
                write_new(target, files[name])
    except BaseException:
        discard(staging)
        raise
    return staging


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def swap(link: Path, tree: Path, shown: str) -> None:
    """Make ``link`` point at ``tree`` with one atomic rename, then remove the trees it pointed at before."""
    work = link.parent / BUILD_DIR
    with os_errors("publish the new tree; the previous one is unchanged", shown):
        if link.is_dir() and not link.is_symlink():  # a real folder, from a build before links: moved aside
            legacy = work / f"{link.name}.{LEGACY}"
            if legacy.exists():
                shutil.rmtree(legacy)
            os.rename(link, legacy)
        elif link.exists() and not link.is_symlink():
            raise FileExistsError(17, "a file is in the way", str(link))
        temporary = link.parent / f".{link.name}.swap"
        if os.path.lexists(temporary):
            os.unlink(temporary)
        os.symlink(os.path.relpath(tree, link.parent), temporary)
        os.replace(temporary, link)  # rename(2): atomic
        with contextlib.suppress(OSError):  # make the rename durable; not needed for correctness after kill -9
            directory = os.open(link.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
    clean(link)


def clean(link: Path) -> None:
    """Remove the build's own trees for ``link`` in ``.build/`` except the one it points at."""
    work = link.parent / BUILD_DIR
    live = Path(os.path.realpath(link)) if os.path.lexists(link) else None
    pattern = re.compile(RE_TREE.format(name=re.escape(link.name)))
    if not work.is_dir():
        return
    for entry in work.iterdir():
        if pattern.match(entry.name) and entry.is_dir() and not entry.is_symlink() and entry != live:
            shutil.rmtree(entry, ignore_errors=True)


def build_site(root: Path, docs: Path, site: Path, shown: Callable[[Path], str],
               mkdocs_args: tuple[str, ...] = ()) -> None:
    """``mkdocs build --strict`` into a fresh folder, then publish it as ``site`` (MkDocs prints its own output)."""
    config = root / "mkdocs.yml"
    if not docs.is_dir():
        raise PublishError.at(shown(docs), None, "the generated pages do not exist", "site.no-pages",
                              "run `build_edition.py build` first (or `make build`)")
    work = site.parent / BUILD_DIR
    with os_errors("create a folder for the new site", shown(work)):
        work.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{site.name}.", dir=work))
        os.chmod(staging, 0o755)
    try:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
                   "--site-dir", str(staging), *mkdocs_args]
        with os_errors("run MkDocs", shown(config)):
            result = subprocess.run(command, cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
        if result.returncode != 0:
            raise PublishError.at(shown(config), None, f"`mkdocs build --strict` failed (exit {result.returncode}); "
                                  f"its messages are above", "site.mkdocs",
                                  f"fix what MkDocs reports; {shown(site)}/ is unchanged")
        swap(site, staging, shown(site))
    except BaseException:
        if not (os.path.lexists(site) and Path(os.path.realpath(site)) == staging):
            discard(staging)
        raise
