"""Export: the whole edition as one PDF, made with WeasyPrint from the book's XHTML (:mod:`edition.book`).

The PDF has a table of contents with page numbers, an outline (bookmarks) from the headings, and internal links
(note references, notes back to their paragraphs and on to the passages they compare). Fonts are the
machine's own (DejaVu, Debian's fonts-dejavu-core); nothing is fetched: WeasyPrint's URL fetcher is replaced
by one that refuses every request. The PDF's dates are the edition's release date, so the same inputs give
the same bytes.
"""
from __future__ import annotations

from html import escape

from .book import chapters, title_page
from .model import Edition

PATH = "edition.pdf"

CSS = """
@page { size: A4; margin: 22mm 20mm 24mm 20mm;
        @bottom-center { content: counter(page); font: 9pt "DejaVu Serif", serif; color: #555; } }
@page :first { @bottom-center { content: none; } }
html { font-family: "DejaVu Serif", serif; font-size: 10pt; line-height: 1.45; }
h1 { font-size: 18pt; line-height: 1.2; margin: 0 0 6mm; bookmark-level: 1; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; bookmark-level: 2; }
section.document, section.toc { break-before: page; }
.titlepage h1 { font-size: 24pt; margin-top: 40mm; }
.endnotes h2, .dropped h2 { bookmark-level: 2; }
.toc h1 { bookmark-level: 1; }
.toc ol { list-style: none; padding: 0; }
.toc li { margin: 2mm 0; }
.toc a { color: inherit; text-decoration: none; }
.toc a::after { content: leader(".") target-counter(attr(href), page); }
dl.meta { display: grid; grid-template-columns: 28mm auto; font-size: 9pt; margin: 0 0 4mm; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; }
.kicker { text-transform: uppercase; font-size: 8.5pt; letter-spacing: .05em; margin: 0 0 1mm; }
.standfirst { font-style: italic; }
.cite { font-size: 9pt; border-left: 2pt solid #999; padding-left: 3mm; }
p.para { margin: 0 0 2.2mm; }
.num { font-weight: bold; }
.pid { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; color: #555; }
.speaker { font-variant: small-caps; font-weight: bold; }
.speaker.cont { font-weight: normal; color: #555; }
.noteref { font-size: 7.5pt; vertical-align: super; text-decoration: none; }
a { color: #1a4f8b; }
.endnotes, .dropped, .credit { font-size: 9pt; }
.endnotes ul { margin: 0 0 1.5mm; }
"""


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"the PDF may not load {url!r}: everything it needs is in the book itself")


def book_html(edition: Edition) -> str:
    """The single HTML file the PDF is typeset from; every link is to an id inside it."""
    parts = chapters(edition, lambda slug, fragment: f"#{fragment}")
    pub = edition.publication
    toc = ['<section class="toc" id="contents"><h1>Contents</h1><ol>']
    toc.extend(f'<li><a href="#{part.slug}">{escape(part.title)}</a></li>' for part in parts)
    toc.append("</ol></section>")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(pub.title)}, version {escape(pub.version)}</title>",
        f'<meta name="author" content="{escape(", ".join(pub.editors))}">',
        f'<meta name="dcterms.created" content="{escape(pub.date)}">',
        f'<meta name="dcterms.modified" content="{escape(pub.date)}">',
        f'<meta name="generator" content="{escape(pub.title)} build, version {escape(pub.version)}">',
        f"<style>{CSS}</style></head><body>",
        title_page(edition), *toc, *(part.body for part in parts),
        "</body></html>",
    ])


def edition_pdf(edition: Edition) -> bytes:
    from weasyprint import HTML  # imported here: loading pango costs time only when a PDF is made

    html = HTML(string=book_html(edition), url_fetcher=_refuse, base_url=".")
    return html.write_pdf(pdf_identifier=f"{edition.publication.title} {edition.publication.version}".encode(),
                          uncompressed_pdf=False)
