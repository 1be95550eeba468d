"""Export: the whole edition as an EPUB 3, made with EbookLib from the book's XHTML (:mod:`edition.book`).

One XHTML file per document, a title page, and EbookLib's navigation document (EPUB 3 nav and the EPUB 2 NCX
for older readers). Links between chapters name the chapter's file (``hahn.xhtml#hahn-p3``). EbookLib stamps
each zip entry with the current time, so the archive is repacked with every entry dated to the edition's
release (``mimetype`` first and stored, as EPUB requires): the same inputs give the same bytes.
"""
from __future__ import annotations

import datetime as _dt
import io
import zipfile

from ebooklib import epub

from .book import chapters, title_page
from .model import Edition

PATH = "edition.epub"

CSS = """
body { font-family: serif; line-height: 1.45; }
.num { font-weight: bold; }
.pid { font-family: monospace; font-size: 0.75em; color: #555; }
.speaker { font-variant: small-caps; font-weight: bold; }
.speaker.cont { font-weight: normal; color: #555; }
.noteref { font-size: 0.75em; vertical-align: super; }
.kicker { text-transform: uppercase; font-size: 0.85em; }
.standfirst { font-style: italic; }
.cite, .endnotes, .dropped, .credit { font-size: 0.9em; }
dl.meta dt { font-weight: bold; }
"""


def _file(slug: str) -> str:
    return f"{slug}.xhtml"


def _release_time(edition: Edition) -> _dt.datetime:
    return _dt.datetime.fromisoformat(edition.publication.date).replace(tzinfo=_dt.timezone.utc)


def repack(data: bytes, when: _dt.datetime) -> bytes:
    """The zip ``data`` with every entry dated ``when``, in the same order, ``mimetype`` stored."""
    out = io.BytesIO()
    stamp = when.timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def edition_epub(edition: Edition) -> bytes:
    pub = edition.publication
    book = epub.EpubBook()
    book.set_identifier(f"{pub.url.rstrip('/')}/edition.epub#version-{pub.version}")
    book.set_title(f"{pub.title} (version {pub.version})")
    book.set_language("en")
    for editor in pub.editors:
        book.add_author(editor, role="edt")
    book.add_metadata("DC", "publisher", pub.publisher)
    book.add_metadata("DC", "date", pub.date)
    book.add_metadata("DC", "rights", f"Editorial matter {pub.licence}; see the title page.")
    style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=CSS.encode())
    book.add_item(style)

    def page(file_name: str, title: str, body: str) -> epub.EpubHtml:
        item = epub.EpubHtml(title=title, file_name=file_name, lang="en")
        item.content = f"<html><head><title>{title}</title></head><body>{body}</body></html>"
        item.add_item(style)
        book.add_item(item)
        return item

    from html import escape

    opening = page("titlepage.xhtml", escape(pub.title), title_page(edition))
    parts = [page(_file(c.slug), escape(c.title), c.body)
             for c in chapters(edition, lambda slug, fragment: f"{_file(slug)}#{fragment}")]
    book.toc = [epub.Link("titlepage.xhtml", "Title page and citation", "titlepage"),
                *(epub.Link(item.file_name, doc.meta.title, doc.meta.slug)
                  for item, doc in zip(parts, edition.documents))]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = [opening, "nav", *parts]
    buffer = io.BytesIO()
    epub.write_epub(buffer, book, {"mtime": _release_time(edition), "epub3_pages": False})
    return repack(buffer.getvalue(), _release_time(edition))
