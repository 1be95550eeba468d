"""The preview server: build the edition, serve the site with MkDocs, rebuild when an input changes.

    python build_edition.py serve [--dev-addr HOST:PORT]

A watchdog observer watches the seeds folder (seed texts, ``editorial.yml``, the lock) and the notes folder.
A change there reruns the pipeline and writes the generated pages, as ``build`` does; MkDocs' own watcher
sees the pages change, rebuilds the site and reloads the browser. A rebuild that fails reports its problems
(through ``report``, the same messages ``check`` prints) and leaves the last good pages served. Ctrl+C (or
SIGTERM) stops the server and returns normally.

Writing the anchor lock from a preview is the same as ``build``: a seed correction previewed is a seed
correction recorded, ready to commit.
"""
from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from . import pipeline
from .errors import EditionError

QUIET_SECONDS = 0.3  # changes closer together than this are one rebuild (an editor's save is several events)
IGNORED_SUFFIXES = (".swp", ".swx", "~", ".tmp")  # editors' scratch files


@dataclass(frozen=True)
class ServeOptions:
    config: pipeline.BuildConfig
    mkdocs_file: Path
    dev_addr: str = "127.0.0.1:8000"


class _Rebuilder(FileSystemEventHandler):
    """Collects file events and runs one rebuild after they settle, on its own thread."""

    def __init__(self, rebuild: Callable[[], None], ignore: Callable[[str], bool]):
        self._rebuild = rebuild
        self._ignore = ignore
        self._wanted = threading.Event()
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="edition-rebuild", daemon=True)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        paths = [p for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if all(self._ignore(os.fsdecode(p)) for p in paths):
            return
        self._wanted.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            if not self._wanted.wait(timeout=0.5):
                continue
            while self._wanted.is_set():  # wait until the events stop coming
                self._wanted.clear()
                if self._stop.wait(QUIET_SECONDS):
                    return
            self._rebuild()

    def stop(self) -> None:
        self._stop.set()


def build_once(config: pipeline.BuildConfig, report: Callable[[EditionError | None, str], None]) -> bool:
    """Run the pipeline and write the pages; report the outcome. True if the pages were written."""
    try:
        result = pipeline.run(config)
        written = pipeline.write(result, config)
    except EditionError as exc:
        report(exc, "")
        return False
    changed = len(written.written) + len(written.removed)
    warnings = "".join(f"\nwarning: {problem}" for problem in result.warnings)
    report(None, f"built the edition: {changed} file{'s' if changed != 1 else ''} changed"
                 f"{', anchor lock updated' if written.lock_written else ''}{warnings}")
    return True


def serve(options: ServeOptions, report: Callable[[EditionError | None, str], None]) -> int:
    """Build, serve and watch until interrupted. Returns 0 after Ctrl+C or SIGTERM, 1 if nothing could be served."""
    config = options.config
    if not build_once(config, report) and not (config.docs / "index.md").exists():
        return 1  # nothing good to serve yet; the problems were reported
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's notice about MkDocs 2, not ours to show
    from mkdocs.commands.serve import serve as mkdocs_serve  # imported late: it is slow and only needed here

    _log_mkdocs()
    watched = [config.seeds, config.notes]
    if config.lock.parent not in watched:
        watched.append(config.lock.parent)
    lock_name = str(config.lock)

    def ignore(path: str) -> bool:
        # The build writes the lock itself; a rebuild caused by that write would be a loop (of one: the
        # second build writes nothing), so the lock's own writes, atomic temporary files included, are skipped.
        return path.endswith(IGNORED_SUFFIXES) or path.startswith(lock_name)

    rebuilder = _Rebuilder(lambda: build_once(config, report), ignore)
    observer = Observer()
    for folder in watched:
        folder.mkdir(parents=True, exist_ok=True)
        observer.schedule(rebuilder, str(folder), recursive=True)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    observer.start()
    rebuilder.thread.start()
    try:
        mkdocs_serve(config_file=str(options.mkdocs_file), dev_addr=options.dev_addr, docs_dir=str(config.docs),
                     livereload=True)
    except KeyboardInterrupt:
        pass  # before MkDocs' own handler was in place
    finally:
        rebuilder.stop()
        observer.stop()
        observer.join(timeout=2)
        signal.signal(signal.SIGTERM, previous)
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _log_mkdocs() -> None:
    """MkDocs reports through logging ("Serving on …", build warnings); show it as `mkdocs serve` does."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
