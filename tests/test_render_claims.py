"""Tests for edition.render_claims: the related-claims panel, the claim pages' excerpts, the claims index."""
from __future__ import annotations

import html.parser

from edition.model import Document, DocumentMeta, Edition, Note, NoteTarget, Paragraph
from edition.render import Index
from edition.render_claims import excerpt, href, related_panel, render_claims_index, render_note, sentences

HOSTILE = '<img src=x onerror=alert(1)> & "quoted"'


def doc(slug: str, author: str, texts: list[str]) -> Document:
    meta = DocumentMeta(slug=slug, title=f"Title of {slug} {HOSTILE}", authors=(author,), outlet=None,
                        date="2023-10-09", kind="article", seed=f"{slug}.txt")
    paragraphs = tuple(Paragraph(text=t, raw=t, line=i + 1, index=i, id=f"{slug}.p{i + 1}", number=str(i + 1),
                                 speaker=author, turn_start=i == 0) for i, t in enumerate(texts))
    return Document(meta, paragraphs)


LONG = " ".join(f"Sentence {i} has several words in it, more than a few." for i in range(12))
A = doc("alpha", "Ann Able", ["Short first.", LONG])
B = doc("beta", "Bo Baker", [f"Beta one {HOSTILE}."])
NOTE = Note("claim", "notes/claim.md", f"A claim {HOSTILE}", "cross-reference",
            (NoteTarget("alpha.p2", f"Gloss {HOSTILE}", 6, "Sentence 7 has several words", 7),
             NoteTarget("beta.p1", None, 8), NoteTarget("alpha.p1", None, 9)), ("Ed",), "Topic", "Body.")
EDITION = Edition(documents=(A, B), notes=(NOTE,))
INDEX = Index.of(EDITION)


class Collect(html.parser.HTMLParser):
    """Every tag and attribute of an HTML fragment, and its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(fragment: str) -> Collect:
    parser = Collect()
    parser.feed(fragment)
    return parser


def test_addresses_between_pages_are_relative_to_where_the_site_serves_them():
    assert href("snider.md", "hahn.md", "p3") == "../hahn/#p3"
    assert href("snider.md", "snider.md", "p3") == "#p3"
    assert href("snider.md", "claims/crimea.md") == "../claims/crimea/"
    assert href("claims/crimea.md", "snider.md", "p9") == "../../snider/#p9"
    assert href("claims/index.md", "claims/crimea.md") == "crimea/"
    assert href("index.md", "snider.md", "p1") == "snider/#p1"


def test_the_panel_lists_the_note_its_gloss_and_the_other_passages_escaped():
    panel = parse(related_panel(A, A.paragraphs[1], INDEX))
    tags = [t for t, _ in panel.tags]
    assert "img" not in tags and "script" not in tags  # text from outside stays text
    text = "".join(panel.text)
    assert f"A claim {HOSTILE}" in text and f"Gloss {HOSTILE}" in text
    assert "1 related claim on paragraph 2" in " ".join(text.split())
    links = [(a["href"]) for t, a in panel.tags if t == "a"]
    assert links == ["../claims/claim/", "../beta/#p1", "#p1"]


def test_sentences_split_at_full_stops_but_not_after_titles():
    text = "Mr. Smith spoke. Then “Go.” He left! And the U.S. Army stayed."
    assert [text[a:b] for a, b in sentences(text)] == ["Mr. Smith spoke.", "Then “Go.”", "He left!",
                                                       "And the U.S. Army stayed."]


def test_an_excerpt_is_the_quoted_sentence_of_a_long_paragraph_and_a_short_one_whole():
    part = excerpt(A.paragraphs[1], NOTE.targets[0])
    assert part.folded and part.text[part.start:part.end] == "Sentence 7 has several words in it, more than a few."
    assert part.text[part.mark[0]:part.mark[1]] == "Sentence 7 has several words"
    whole = excerpt(A.paragraphs[0], NOTE.targets[2])
    assert not whole.folded and (whole.start, whole.end) == (0, len("Short first."))


def test_a_claim_page_marks_the_quote_folds_the_rest_and_links_each_text():
    page = render_note(NOTE, INDEX)
    body = page.split("---\n", 2)[2]
    assert "<img" not in body
    parsed = parse(body[body.index('<div class="ed-passages'):])
    assert ("div", {"class": "ed-passages ed-passages--cols-3"}) in parsed.tags
    assert [a["href"] for t, a in parsed.tags if t == "a"] == ["../../alpha/#p2", "../../beta/#p1", "../../alpha/#p1"]
    assert body.count("<mark>Sentence 7 has several words</mark>") == 2  # in the excerpt and the whole paragraph
    assert body.count("Show the whole paragraph") == 1  # only the long paragraph folds


def test_the_claims_index_links_every_passage_by_its_readers_name():
    page = render_claims_index(EDITION, INDEX)
    assert "[Able ¶2](../alpha.md#p2), [Baker ¶1](../beta.md#p1), [Able ¶1](../alpha.md#p1)" in page


def test_a_passage_is_named_by_the_family_name_even_when_it_comes_first():
    from dataclasses import replace

    from edition.model import PersonName
    from edition.render_claims import passage_name

    wang = doc("wang", "Wang Guan", ["One."])
    assert passage_name(wang, wang.paragraphs[0]) == "Guan ¶1"  # by default the last word is the family name
    stated = replace(wang, meta=replace(wang.meta, names=(PersonName("Wang Guan", "Wang", "Guan"),)))
    assert passage_name(stated, stated.paragraphs[0]) == "Wang ¶1"
    from edition.render import render_speakers  # the speakers page is in family-name order: Wang after Hahn

    hahn = doc("hahn", "Carl Hahn", ["Two."])
    page = render_speakers(Edition(documents=(stated, hahn, A, B), notes=()))
    assert [line[3:] for line in page.splitlines() if line.startswith("## ")] == [
        "Ann Able", "Bo Baker", "Carl Hahn", "Wang Guan"]
