"""The copies to keep: the PDF and the EPUB 3 of the whole edition (edition/book.py, pdf.py, epub.py, books.py).

Both are read back: every paragraph's id and number must be in each, the PDF must have an outline, a table of
contents and internal links that land on pages, the EPUB must pass Debian's epubcheck (skipped where it is not
installed, except in CI), and both must be byte-identical when made again.
"""
import io
import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace

import pytest
from pypdf import PdfReader

from edition import books, epub, pdf

EPUBCHECK = shutil.which("epubcheck")


@pytest.fixture(scope="session")
def pdf_bytes(built_project):
    return (built_project / "site" / "edition.pdf").read_bytes()


@pytest.fixture(scope="session")
def epub_bytes(built_project):
    return (built_project / "site" / "edition.epub").read_bytes()


@pytest.fixture(scope="session")
def pdf_text(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_holds_every_paragraph_id_and_number(pdf_text, edition):
    flat = " ".join(pdf_text.split())
    for p in edition["paragraphs"]:
        # "12 snider.p12": the number, then the id, at the start of the paragraph
        assert f"{p['number']} {p['id']}" in flat, p["id"]
    for d in edition["documents"]:
        assert "Cite as:" in flat and f"/{d['slug']}/" in flat.replace(" ", "")


def test_pdf_has_contents_outline_and_working_internal_links(pdf_bytes, edition):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    titles = [d["title"] for d in edition["documents"]]
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top[:2] == ["Ukraine war texts: an annotated edition", "Contents"] and top[2:] == titles
    contents = " ".join(reader.pages[1].extract_text().split())
    assert all(" ".join(t.split())[:30] in contents for t in titles)
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    internal = 0
    for page in reader.pages:
        for ref in page.get("/Annots") or ():
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            dest = annot.get("/Dest")
            if dest is None and "/A" in annot and annot["/A"].get("/S") == "/GoTo":
                dest = annot["/A"]["/D"]
            if dest is None:
                continue
            if isinstance(dest, str):  # a named destination
                dest = reader.named_destinations[dest]
                target = dest.page.idnum if hasattr(dest.page, "idnum") else dest.page
            else:
                target = dest[0].idnum
            assert target in pages
            internal += 1
    links_in_book = sum(len(n["targets"]) * (len(n["targets"]) - 1) for n in edition["notes"])  # compare links
    assert internal >= links_in_book + len(titles)


def test_pdf_embeds_nothing_remote_and_states_the_version(pdf_bytes, pdf_text, built_project):
    version = (built_project / "VERSION").read_text(encoding="utf-8").strip()
    assert f"Version {version}" in pdf_text
    assert PdfReader(io.BytesIO(pdf_bytes)).metadata.title.endswith(f"version {version}")
    assert b"/URI (http" not in pdf_bytes.replace(b"https://", b"")  # the only outside links are https citations


def epub_documents(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name).decode("utf-8") for name in z.namelist() if name.endswith(".xhtml")}


def test_epub_is_an_epub3_zip(epub_bytes):
    with zipfile.ZipFile(io.BytesIO(epub_bytes)) as z:
        first = z.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert z.read("mimetype") == b"application/epub+zip"
        opf = z.read("EPUB/content.opf").decode("utf-8")
        assert 'version="3.0"' in opf and "dcterms:modified" in opf
        assert len({info.date_time for info in z.infolist()}) == 1  # one fixed date: reproducible


def test_epub_holds_every_paragraph_with_its_id_and_number_and_links_resolve(epub_bytes, edition):
    files = epub_documents(epub_bytes)
    for p in edition["paragraphs"]:
        page = files[f"EPUB/{p['doc']}.xhtml"]
        anchor = p["id"].replace(".", "-")
        match = re.search(rf'<p class="para" id="{re.escape(anchor)}"><span class="num">([^<]+)</span> '
                          rf'<span class="pid">([^<]+)</span>', page)
        assert match and match.groups() == (p["number"], p["id"]), p["id"]
    ids = {(name.removeprefix("EPUB/"), i) for name, page in files.items() for i in re.findall(r' id="([^"]+)"', page)}
    for name, page in files.items():
        for href in re.findall(r'href="([^":]+#[^"]+)"', page):
            file, _, fragment = href.partition("#")
            assert (file or name.removeprefix("EPUB/"), fragment) in ids, (name, href)


def test_epub_passes_epubcheck(built_project):
    if EPUBCHECK is None:
        if os.environ.get("CI"):
            pytest.fail("epubcheck is not installed: .ci/run installs Debian's epubcheck")
        pytest.skip("epubcheck is not installed (Debian: apt-get install epubcheck)")
    # Debian's /usr/bin/epubcheck is the jar itself. A one-off run gains nothing from the JVM's optimising
    # compiler: without it epubcheck takes less than half the CPU time.
    java = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar"]
    command = [*java, EPUBCHECK] if _is_jar(EPUBCHECK) else [EPUBCHECK]
    result = subprocess.run([*command, str(built_project / "site" / "edition.epub")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 fatals / 0 errors" in result.stdout + result.stderr


def _is_jar(path: str) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == b"PK"


def test_books_are_deterministic(built_edition, epub_bytes):
    assert epub.edition_epub(built_edition) == epub_bytes
    # Typesetting the whole PDF again would take seconds; a one-document edition shows the same thing: no clock
    # and no random identifier reach the bytes.
    small = replace(built_edition, documents=built_edition.documents[-1:], notes=())
    first = pdf.edition_pdf(small)
    assert pdf.edition_pdf(small) == first
    created = PdfReader(io.BytesIO(first)).metadata.creation_date
    assert created.date().isoformat() == built_edition.publication.date  # the release date, not today


def test_unchanged_books_are_reused_not_remade(built_edition, built_project, monkeypatch, tmp_path):
    docs = built_project / "docs"
    def refuse(edition):
        raise AssertionError("made again although nothing changed")
    monkeypatch.setattr(pdf, "edition_pdf", refuse)
    monkeypatch.setattr(epub, "edition_epub", refuse)
    reused = books.files(built_edition, previous=docs)
    assert reused[pdf.PATH] == (docs / pdf.PATH).read_bytes() and reused[epub.PATH] == (docs / epub.PATH).read_bytes()
    # A stale key makes them again.
    for name in (books.KEY_FILE, pdf.PATH, epub.PATH):
        (tmp_path / name).write_bytes((docs / name).read_bytes())
    (tmp_path / books.KEY_FILE).write_text("stale\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="made again"):
        books.files(built_edition, previous=tmp_path)


def test_home_page_links_the_books(built_project):
    home = (built_project / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="edition.pdf"' in home and 'href="edition.epub"' in home and 'href="tei/edition.xml"' in home
    about = (built_project / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="../edition.pdf"' in about and 'href="../edition.epub"' in about
