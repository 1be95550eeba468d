"""Tests for edition.render_texts: the index of texts that the navigation's fixed "Texts" entry leads to."""
from __future__ import annotations

import frontmatter

from edition.model import Document, DocumentMeta, Edition, Paragraph
from edition.render_texts import TEXTS_INDEX, UNATTRIBUTED, groups, render_texts_index

HOSTILE = '<img src=x onerror=alert(1)> [x](javascript:alert(1))'


def doc(slug: str, title: str, authors: tuple[str, ...], date: str | None, kind: str = "article",
        paragraphs: int = 2) -> Document:
    meta = DocumentMeta(slug=slug, title=title, authors=authors, outlet="The Outlet", date=date, kind=kind,
                        seed=f"{slug}.txt")
    return Document(meta, tuple(Paragraph(text=f"P{k}", raw=f"P{k}", line=k + 3, index=k) for k in range(paragraphs)))


DOCUMENTS = (
    doc("snider-zelensky", "Listening to Zelensky", ("Ted Snider",), "2024-05-16"),
    doc("hahn", "The Road", ("Gordon Hahn",), "2023-10-09"),
    doc("bondarev", "An interview", ("Boris Bondarev",), None, kind="interview"),
    doc("snider", "Listening to Lavrov", ("Ted Snider",), "2023-10-09"),
    doc("anon", f"Unsigned {HOSTILE}", (), None, paragraphs=1),
)


def test_documents_are_grouped_by_kind_then_author_by_surname_then_date():
    grouped = groups(DOCUMENTS)
    assert list(grouped) == ["interview", "article"]
    assert list(grouped["article"]) == ["Gordon Hahn", "Ted Snider", UNATTRIBUTED]
    assert [d.meta.slug for d in grouped["article"]["Ted Snider"]] == ["snider", "snider-zelensky"]


def test_every_text_is_linked_once_and_titles_stay_text():
    page = render_texts_index(Edition(documents=DOCUMENTS))
    post = frontmatter.loads(page)
    assert post["title"] == "Texts"
    for d in DOCUMENTS:
        assert page.count(f"](../{d.meta.slug}.md)") == 1
    assert "<img" not in page and "](javascript" not in page  # the title's syntax characters are escaped
    assert "### Ted Snider" in page and "## Interviews" in page and "## Articles" in page
    assert "· date not stated · 1 paragraph\n" in page and "· 2023-10-09 · 2 paragraphs" in page
    assert TEXTS_INDEX == "texts/index.md"
