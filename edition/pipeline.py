"""The pipeline, assembled in one place.

    read → segment → anchor → attribute speakers → link claims → render → export

Each stage is a function over the typed data in :mod:`edition.model`. :func:`run` performs every stage in
memory and returns what would be written; :func:`write` writes it, only after every stage succeeded, and
only when some bytes changed (a no-op rebuild touches nothing): the new tree of pages is written aside,
then the lock, then the tree is published with one atomic swap (:mod:`edition.publish`).

The lock is verified before any id is issued: its trailer (:mod:`edition.lock`) and, in a git checkout, what
is committed (:mod:`edition.committed`). A missing lock is an error unless the build was asked to start one
(``--new-lock``, :attr:`BuildConfig.new_lock`).
"""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from . import anchor as anchor_stage
from . import citations, committed, export, lock as lock_file, names, notes as notes_stage, publish, quotes
from . import registers as registers_stage, render, render_texts, search, slugs
from . import books, tei, uptodate
from . import withdrawn as withdrawn_notes
from .editorial import Editorial, load_editorial
from .errors import EditionError, Location, LockError, Problem, each
from .files import os_errors
from .model import Document, Edition
from .publication import load_publication
from .read import display_path, read_seeds
from .segment import segment
from .site import Site, load_site
from .speakers import attribute_all

EDITORIAL_FILE = "editorial.yml"
# The site's own top-level names, with those of the modules that write pages of their own there.
SITE_NAMES = MappingProxyType({**names.SITE_NAMES, **render_texts.SITE_NAMES})


@dataclass(frozen=True)
class BuildConfig:
    """Where the inputs and outputs live. Paths are absolute; ``root`` is used to show short paths."""

    root: Path
    seeds: Path
    notes: Path
    docs: Path
    lock: Path
    pages: Path  # hand-written pages, copied into the generated tree
    date: str = ""
    site: Site = Site("", "", "")  # site_url and site_name from mkdocs.yml, the VERSION file
    new_lock: bool = False  # start the anchor lock from nothing (a new edition); refused if a lock exists
    books: bool = False  # also make the PDF and EPUB (seconds, not milliseconds: `make build` asks for them)

    @classmethod
    def default(cls, root: Path, *, new_lock: bool = False, **overrides) -> "BuildConfig":
        root = root.resolve()
        values = {"seeds": root / "seeds", "notes": root / "notes", "docs": root / "docs",
                  "lock": root / "seeds" / "anchors.lock", "pages": root / publish.PAGES_DIR}
        values.update({k: Path(v).absolute() for k, v in overrides.items() if v is not None})
        return cls(root=root, date=build_date(), new_lock=new_lock, site=load_site(root), **values)

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
    files: dict[str, str | bytes]  # path relative to the docs folder → text, or bytes for binary exports
    anchored: anchor_stage.Anchored
    lock_before: lock_file.AnchorLock | None
    warnings: tuple[Problem, ...] = field(default=())
    inputs: str = ""  # the digest of what the build read (edition.uptodate), taken before it read anything


def load_documents(config: BuildConfig, editorial: Editorial,
                   lock: lock_file.AnchorLock | None = None) -> tuple[Document, ...]:
    """read → segment → name, for every seed, collecting every problem before failing.

    ``lock`` holds the slugs already published, which never change (:mod:`edition.slugs`)."""
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
    documents = list(slugs.assign_slugs(documents, lock, SITE_NAMES))
    problems += names.slug_problems(documents, editorial, config.shown(config.seeds), SITE_NAMES)  # before the lock sees them
    if problems:
        raise EditionError(problems)
    return tuple(documents)


def run(config: BuildConfig, inputs: str | None = None) -> BuildResult:
    """Run every stage in memory. Raises :class:`EditionError` with all problems found.

    ``inputs`` is the digest of the inputs (:func:`edition.uptodate.inputs_digest`) if the caller took it."""
    inputs = uptodate.inputs_digest(config) if inputs is None else inputs
    editorial_path = config.seeds / EDITORIAL_FILE
    editorial = load_editorial(editorial_path, config.shown(editorial_path))
    publication = load_publication(config.root)  # VERSION and CITATION.cff
    before = load_verified_lock(config)
    documents = load_documents(config, editorial, before)  # read → segment → name
    anchored = anchor_stage.anchor(documents, before, date=config.date, lock_path=config.shown(config.lock))
    documents = attribute_all(anchored.documents, editorial)  # attribute speakers
    known = {p.id for d in documents for p in d.paragraphs}
    successors = {r.id: r.successor for r in anchored.retired}
    loaded = notes_stage.load_notes(config.notes, root=config.root, known_ids=known, retired=successors)  # link
    quotes.check_quotes(loaded.notes, documents)
    withdrawn = withdrawn_notes.load_withdrawn(  # withdrawn notes keep their pages
        config.notes, config.shown(config.notes / withdrawn_notes.WITHDRAWN_FILE), {n.id for n in loaded.notes})
    registers_path = config.seeds / registers_stage.REGISTERS_FILE
    registers = registers_stage.load_registers(registers_path, config.shown(registers_path))
    mentions, register_warnings = registers_stage.find_mentions(documents, registers)  # index names
    warnings = tuple(loaded.warnings) + tuple(register_warnings)
    edition = Edition(documents=documents, notes=loaded.notes, retired=anchored.retired,
                      revisions=anchored.revisions, warnings=warnings, registers=registers, mentions=mentions,
                      publication=publication)
    memo = config.docs / citations.CACHE_FILE
    cite, memo_text = citations.for_edition(  # citations, formatted by the CSL styles
        edition.documents, config.site, memo.read_text(encoding="utf-8") if memo.is_file() else None)
    files: dict[str, str | bytes] = dict(render.render_pages(  # render
        edition, {slug: {"cite": data} for slug, data in cite.items()}, books=config.books))
    files.update(withdrawn_notes.render_withdrawn(withdrawn, {n.id: n.title for n in loaded.notes}))
    files["edition.json"] = export.edition_json(edition)  # export
    files["annotations.jsonld"] = export.annotations_jsonld(edition, config.site)
    files.update(search.files(edition))
    files[citations.CACHE_FILE] = memo_text
    files.update(tei.files(edition))
    if config.books:
        files.update(books.files(edition, previous=config.docs))
    for name in files:  # as bytes, each text freed as it is encoded: a large edition's pages are large
        files[name] = as_bytes(files[name])
    return BuildResult(edition, files, anchored, before, warnings, inputs)


def load_verified_lock(config: BuildConfig) -> lock_file.AnchorLock | None:
    """The lock, verified (trailer, git HEAD); None only when starting a new one was asked for."""
    shown = config.shown(config.lock)
    before = lock_file.load_lock(config.lock, shown)
    committed.verify(config.lock, before, shown, new_lock=config.new_lock)
    if before is None and not config.new_lock:
        raise LockError.at(shown, None, "the anchor lock does not exist", "lock.missing",
                           f"restore it with `git checkout -- {shown}` and run `make build`; only a new edition, "
                           "with no id issued yet, starts one: `python build_edition.py build --new-lock`")
    if before is not None and config.new_lock:
        raise LockError.at(shown, None, "--new-lock starts an anchor lock from nothing, but the lock exists",
                           "lock.exists", "run the build without --new-lock: the lock keeps every id issued")
    return before


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


def as_bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def write(result: BuildResult, config: BuildConfig) -> WriteReport:
    """Write the new tree of pages aside, then the lock, then publish the tree (one atomic swap).

    Nothing is written when the pages and the lock would not change. A failure before the swap leaves the
    published pages and the lock as they were (the lock is written atomically too).
    """
    shown = config.shown(config.docs)
    files = {name: as_bytes(content) for name, content in result.files.items()}
    for name, data in hand_written(config).items():
        if name in files:
            raise publish.PublishError.at(config.shown(config.pages / name), None,
                                          f"a generated page would replace this hand-written page ({name})",
                                          "output.collision", "rename the seed or note that takes this name")
        files[name] = data
    lock_bytes = lock_file.dump_lock_bytes(result.anchored.lock)
    lock_after = uptodate.lock_digest(lock_bytes)
    files[uptodate.STAMP_FILE] = uptodate.Stamp(
        result.inputs, lock_after, uptodate.outputs_digest(files), *counts(result.edition),
        tuple(str(w) for w in result.warnings)).text().encode("utf-8")
    with os_errors("read the published pages", shown):  # one file at a time: a large edition's pages are large
        current = publish.files_below(config.docs)
        written = tuple(name for name in sorted(files) if not publish.holds(current.get(name), files[name]))
    removed = tuple(sorted(set(current) - set(files)))
    unchanged = frozenset(files) - set(written)
    staging = (publish.stage(config.docs, files, shown, unchanged)
               if written or removed or not config.docs.is_symlink() else None)
    try:
        lock_written = lock_file.write_lock(config.lock, result.anchored.lock, config.shown(config.lock),
                                            data=lock_bytes)
        if staging is not None:
            publish.swap(config.docs, staging, shown)
    except BaseException:
        if staging is not None and Path(os.path.realpath(config.docs)) != staging:
            publish.discard(staging)
        raise
    return WriteReport(written, removed, len(files) - len(written), lock_written)


@dataclass(frozen=True)
class Built:
    """What ``build`` did: the counts and warnings of the edition, and what it wrote (nothing when skipped)."""

    documents: int
    paragraphs: int
    notes: int
    warnings: tuple[str, ...]
    report: WriteReport
    skipped: bool  # the inputs and the pages were as the last build left them


def counts(edition: Edition) -> tuple[int, int, int]:
    """Documents, paragraphs and notes: what a build reports."""
    return len(edition.documents), sum(len(d.paragraphs) for d in edition.documents), len(edition.notes)


def build(config: BuildConfig) -> Built:
    """``run`` then ``write``; or, after the lock is verified, nothing at all when the published pages were
    built from exactly these inputs and are as that build wrote them (:mod:`edition.uptodate`)."""
    inputs = None
    if not config.new_lock:
        inputs = uptodate.inputs_digest(config)
        with os_errors("read the anchor lock", config.shown(config.lock)):
            lock = uptodate.lock_digest(config.lock.read_bytes() if config.lock.is_file() else None)
        with os_errors("read the published pages", config.shown(config.docs)):
            published = publish.files_below(config.docs)
            stamp = uptodate.current(inputs, lock, published)
        if stamp is not None:
            load_verified_lock(config)  # a damaged lock stops this build too (``run`` verifies it otherwise)
            nothing = WriteReport((), (), len(published), False)
            return Built(stamp.documents, stamp.paragraphs, stamp.notes, stamp.warnings, nothing, True)
    result = run(config, inputs)
    report = write(result, config)
    return Built(*counts(result.edition), tuple(str(w) for w in result.warnings), report, False)


def hand_written(config: BuildConfig) -> dict[str, bytes]:
    """The hand-written pages (``pages/``), copied into every generated tree."""
    shown = config.shown(config.pages)
    with os_errors("read the hand-written pages", shown):
        return publish.read_tree(config.pages)
