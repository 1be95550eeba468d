"""Export: the copies to keep, ``edition.pdf`` and ``edition.epub``, with a cache for everyday rebuilds.

Typesetting the PDF takes seconds, far longer than the rest of the build, so the last books made are reused
when nothing they are made from has changed: the key is a SHA-256 of the book's text, the code that makes the
books and the versions of the tools, written beside them as ``.books.key`` (a dot file, which MkDocs does not
publish). A stale or missing key, or a missing book, makes both books again.
"""
from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from . import epub, pdf
from .model import Edition

KEY_FILE = ".books.key"
PATHS = (pdf.PATH, epub.PATH)
_CODE = ("book.py", "pdf.py", "epub.py", "books.py")
_TOOLS = ("weasyprint", "pydyf", "EbookLib", "lxml")


def key(edition: Edition) -> str:
    digest = hashlib.sha256(pdf.book_html(edition).encode("utf-8"))
    here = Path(__file__).resolve().parent
    for name in _CODE:
        digest.update((here / name).read_bytes())
    for tool in _TOOLS:
        digest.update(f"{tool}=={metadata.version(tool)}".encode())
    return digest.hexdigest() + "\n"


def files(edition: Edition, previous: Path | None = None) -> dict[str, bytes | str]:
    """The PDF, the EPUB and their key, keyed by path relative to the output folder.

    ``previous`` is the folder the last build wrote; its books are reused when their key still matches.
    """
    wanted = key(edition)
    if previous is not None:
        try:
            if (previous / KEY_FILE).read_text(encoding="utf-8") == wanted:
                return {KEY_FILE: wanted, **{name: (previous / name).read_bytes() for name in PATHS}}
        except (FileNotFoundError, UnicodeDecodeError):
            pass
    return {pdf.PATH: pdf.edition_pdf(edition), epub.PATH: epub.edition_epub(edition), KEY_FILE: wanted}
