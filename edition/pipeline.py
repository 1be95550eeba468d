"""The pipeline, assembled in one place.

    read → segment → anchor → attribute speakers → link claims → render → export

Each stage is a function over the typed data in :mod:`edition.model`. :func:`run` performs every stage in
memory and returns what would be written; :func:`write` writes it, only after every stage succeeded, and
only the files whose bytes changed (a no-op rebuild touches nothing).
"""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import anchor as anchor_stage
from . import export, lock as lock_file, notes as notes_stage, registers as registers_stage, render, search
from . import withdrawn as withdrawn_notes
from .editorial import Editorial, load_editorial
from .errors import EditionError, Location, Problem, each
from .files import write_if_changed
from .model import Document, Edition
from .read import display_path, read_seeds
from .segment import segment
from .speakers import attribute_all

EDITORIAL_FILE = "editorial.yml"
MANIFEST = ".generated"  # inside the docs folder: the files the build owns there


@dataclass(frozen=True)
class BuildConfig:
    """Where the inputs and outputs live. Paths are absolute; ``root`` is used to show short paths."""

    root: Path
    seeds: Path
    notes: Path
    docs: Path
    lock: Path
    date: str = ""

    @classmethod
    def default(cls, root: Path, **overrides) -> "BuildConfig":
        root = root.resolve()
        values = {"seeds": root / "seeds", "notes": root / "notes", "docs": root / "docs",
                  "lock": root / "seeds" / "anchors.lock"}
        values.update({k: Path(v).resolve() for k, v in overrides.items() if v is not None})
        return cls(root=root, date=build_date(), **values)

    def shown(self, path: Path) -> str:
        return display_path(path, self.root)


def build_date() -> str:
    """The date stamped on new revisions: SOURCE_DATE_EPOCH when set (reproducible builds), else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (_dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc) if epoch and epoch.isdigit()
              else _dt.datetime.now(_dt.timezone.utc))
    return moment.date().isoformat()


@dataclass(frozen=True)
class BuildResult:
    edition: Edition
    files: dict[str, str]  # path relative to the docs folder → content
    anchored: anchor_stage.Anchored
    lock_before: lock_file.AnchorLock | None
    warnings: tuple[Problem, ...] = field(default=())


def load_documents(config: BuildConfig, editorial: Editorial) -> tuple[Document, ...]:
    """read → segment, for every seed, collecting every problem before failing."""
    problems: list[Problem] = []
    documents: list[Document] = []
    sources = read_seeds(config.seeds, config.root)
    named = {s.name for s in sources}
    for doc_ed in editorial.documents:
        if doc_ed.seed not in named and doc_ed.position == 0:
            problems.append(Problem(Location(editorial.path, doc_ed.line),
                                    f"seed file '{doc_ed.seed}' does not exist in {config.shown(config.seeds)}",
                                    "editorial.unknown-seed"))
    for segmented in each(lambda source: segment(source, editorial), sources, problems):
        documents.extend(segmented)
    if problems:
        raise EditionError(problems)
    return tuple(documents)


def run(config: BuildConfig) -> BuildResult:
    """Run every stage in memory. Raises :class:`EditionError` with all problems found."""
    editorial_path = config.seeds / EDITORIAL_FILE
    editorial = load_editorial(editorial_path, config.shown(editorial_path))
    documents = load_documents(config, editorial)  # read → segment
    before = lock_file.load_lock(config.lock, config.shown(config.lock))
    anchored = anchor_stage.anchor(documents, before, date=config.date, lock_path=config.shown(config.lock))
    documents = attribute_all(anchored.documents, editorial)  # attribute speakers
    known = {p.id for d in documents for p in d.paragraphs}
    successors = {r.id: r.successor for r in anchored.retired}
    loaded = notes_stage.load_notes(config.notes, root=config.root, known_ids=known, retired=successors)  # link
    withdrawn = withdrawn_notes.load_withdrawn(  # withdrawn notes keep their pages
        config.notes, config.shown(config.notes / withdrawn_notes.WITHDRAWN_FILE), {n.id for n in loaded.notes})
    registers_path = config.seeds / registers_stage.REGISTERS_FILE
    registers = registers_stage.load_registers(registers_path, config.shown(registers_path))
    mentions, register_warnings = registers_stage.find_mentions(documents, registers)  # index names
    warnings = tuple(loaded.warnings) + tuple(register_warnings)
    edition = Edition(documents=documents, notes=loaded.notes, retired=anchored.retired,
                      revisions=anchored.revisions, warnings=warnings, registers=registers, mentions=mentions)
    files = render.render_pages(edition)  # render
    files.update(withdrawn_notes.render_withdrawn(withdrawn, {n.id: n.title for n in loaded.notes}))
    files["edition.json"] = export.edition_json(edition)  # export
    files["annotations.jsonld"] = export.annotations_jsonld(edition)
    files.update(search.files(edition))
    return BuildResult(edition, files, anchored, before, warnings)


def check(config: BuildConfig) -> BuildResult:
    """Run every stage and also require the committed anchor lock to match the seeds. Writes nothing."""
    result = run(config)
    problems = anchor_stage.check_lock(result.lock_before, result.anchored, config.shown(config.lock))
    if problems:
        raise EditionError(problems)
    return result


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    lock_written: bool


def write(result: BuildResult, config: BuildConfig) -> WriteReport:
    """Write the generated files that changed, remove generated files that are gone, then the lock."""
    docs = config.docs
    manifest_path = docs / MANIFEST
    previous = set(manifest_path.read_text(encoding="utf-8").split()) if manifest_path.exists() else set()
    written = [name for name in sorted(result.files)
               if write_if_changed(docs / name, result.files[name].encode("utf-8"))]
    removed = []
    for name in sorted(previous - set(result.files)):
        path = docs / name
        if path.is_file():
            path.unlink()
            removed.append(name)
    write_if_changed(manifest_path, "".join(f"{name}\n" for name in sorted(result.files)).encode("utf-8"))
    lock_written = lock_file.write_lock(config.lock, result.anchored.lock)
    return WriteReport(tuple(written), tuple(removed), len(result.files) - len(written), lock_written)
