"""A release: the built site and its exports packed into one archive, with a manifest of SHA-256 checksums.

``dist/<name>-<version>.tar.gz`` holds ``<name>-<version>/site/…`` (the website, with the TEI, PDF, EPUB and
JSON exports), the files that say how to cite and reuse it (``CITATION.cff``, ``LICENSE``, ``VERSION``,
``README.md``), and ``SHA256SUMS``, the checksum of every other file in the archive. Beside the archive,
``dist/<name>-<version>.tar.gz.sha256`` holds the archive's own checksum.

The archive is deterministic: entries sorted, every entry dated to the edition's release date, owner and group
0, modes 0644/0755, and a gzip header without a name or time. The same files give the same bytes.
"""
from __future__ import annotations

import datetime as _dt
import gzip
import hashlib
import io
import tarfile
from dataclasses import dataclass
from pathlib import Path

from .errors import EditionError
from .files import write_if_changed
from .model import Publication

NAME = "ukraine-war-edition"
ALONGSIDE = ("CITATION.cff", "LICENSE", "VERSION", "README.md")
MANIFEST = "SHA256SUMS"
REQUIRED = ("index.html", "edition.json", "annotations.jsonld", "edition.pdf", "edition.epub", "tei/edition.xml")


@dataclass(frozen=True)
class Release:
    archive: Path
    checksum: Path
    files: int


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _contents(root: Path, site: Path) -> dict[str, bytes]:
    """Archive path (below the top folder) → bytes, for every file the release holds."""
    if not site.is_dir():
        raise EditionError.at(str(site), None, "there is no built site to release", "release.no-site",
                              "run `make build` first (or `make release`, which does)")
    missing = [name for name in REQUIRED if not (site / name).is_file()]
    if missing:
        raise EditionError.at(str(site), None, f"the built site lacks {', '.join(missing)}", "release.incomplete",
                              "run `make build`, which makes every export")
    files = {f"site/{path.relative_to(site).as_posix()}": path.read_bytes()
             for path in sorted(site.rglob("*")) if path.is_file()}
    for name in ALONGSIDE:
        if (root / name).is_file():
            files[name] = (root / name).read_bytes()
    return files


def manifest(files: dict[str, bytes]) -> bytes:
    """``sha256sum`` format: one ``<hex>  <path>`` line per file, sorted by path."""
    return "".join(f"{sha256(files[name])}  {name}\n" for name in sorted(files)).encode("utf-8")


def pack(files: dict[str, bytes], top: str, when: _dt.datetime) -> bytes:
    """A deterministic .tar.gz of ``files`` below the folder ``top``."""
    mtime = int(when.timestamp())
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        folders = sorted({f"{top}/{'/'.join(name.split('/')[:i])}".rstrip("/")
                          for name in files for i in range(name.count("/") + 1)})
        for folder in folders:
            info = tarfile.TarInfo(folder)
            info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, mtime
            tar.addfile(info)
        for name in sorted(files):
            info = tarfile.TarInfo(f"{top}/{name}")
            info.size, info.mode, info.mtime = len(files[name]), 0o644, mtime
            tar.addfile(info, io.BytesIO(files[name]))
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as gz:
        gz.write(raw.getvalue())
    return out.getvalue()


def make_release(root: Path, site: Path, dist: Path, publication: Publication) -> Release:
    files = _contents(root, site)
    files[MANIFEST] = manifest(files)
    top = f"{NAME}-{publication.version}"
    when = _dt.datetime.fromisoformat(publication.date).replace(tzinfo=_dt.timezone.utc)
    data = pack(files, top, when)
    dist.mkdir(parents=True, exist_ok=True)
    archive = dist / f"{top}.tar.gz"
    checksum = dist / f"{top}.tar.gz.sha256"
    write_if_changed(archive, data)
    write_if_changed(checksum, f"{sha256(data)}  {archive.name}\n".encode("utf-8"))
    return Release(archive, checksum, len(files))
