"""Citations: each style against examples checked by hand, for an article and for a published interview.

How each expected string was checked (before it was written here):

* Chicago (CMOS 18, notes and bibliography): web content is cited as author, “Title” in quotation marks with
  the comma or period inside them, the site, its owner, the date (14.104); the access date goes before the URL,
  "accessed May 2, 2026," in a note and "Accessed May 2, 2026." in the bibliography (14.12); a paragraph is
  "para." (the CMOS FAQ on paragraph locators, with 13.117); titles are capitalized headline-style and a quotation
  inside a quoted title takes single quotation marks; a published interview is "Interviewee, “Title,” interview by
  Interviewer, Publication, date".
* MLA 9: "Family, Given. “Title.” Container, day Mon. year. Second container, version, location. Accessed day
  Mon. year." — the original outlet is the first container and the edition the second (5.104), the access date
  an optional element at the end (5.111), months abbreviated except May, June and July; the in-text citation is
  (Family, par. 9); an interview adds "Interview by Interviewer." after the title.
* APA 7: "Family, I. (Year, Month Day). Title. Site. Retrieved Month Day, Year, from URL" (10.16 and 9.16 for
  a page designed to change); the title of a web page is not in quotation marks and keeps the source's
  capitalization; the in-text citation is (Family, Year, para. 9). The APA CSL style places the edition (as the
  publisher) before the site, and a published interview's interviewer in parentheses after the title; both are
  the style's rendering, not checked against the manual.
* A Chinese name is written family name first ("Wang Guan": family Wang, given Guan). Chicago writes it in that
  order, and without the comma of an inverted name where it leads a bibliography entry (CMOS, names in Chinese);
  MLA copies a name already written family name first as it is ("Wang Guan."), and shortens it to the family
  name in text ("(Wang, par. 9)"); APA uses the family name and the initial of the given name like any other
  ("Wang, G.", and "G. Wang, interviewer" for a contributor in parentheses). RIS, BibTeX and the
  reference-manager tags write it "Wang, Guan" (family, given); CSL-JSON states the parts and
  ``static-ordering``.
"""
from __future__ import annotations

import datetime
import json

import pytest

from edition import citations
from edition.model import Document, DocumentMeta, PersonName
from edition.site import Site

SITE = Site(url="https://example.org/ed/", name="An Edition", version="2.1")
ARTICLE = Document(DocumentMeta(slug="snider", title="Listening to Lavrov", authors=("Ted Snider",),
                                outlet="Antiwar.com", date="2023-10-09", kind="article", seed="x.txt"), ())
INTERVIEW = Document(DocumentMeta(slug="bondarev", title="“Putin wants truce, not peace”: says the Russian diplomat",
                                  authors=("Boris Bondarev",), outlet="Fanpage.it", date="2023-11-20",
                                  kind="interview", seed="x.txt", interviewer="Riccardo Amati",
                                  speakers=("Riccardo Amati", "Boris Bondarev")), ())
# A Chinese interviewer, family name first, as editorial.yml states it for the Putin interview.
WANG = PersonName("Wang Guan", family="Wang", given="Guan")
PUTIN = Document(DocumentMeta(slug="putin-cmg", title="Putin’s Interview with China Media Group",
                              authors=("Vladimir Putin",), outlet="Kremlin website", date="2023-10-16",
                              kind="interview", seed="x.txt", interviewer="Wang Guan",
                              speakers=("Wang Guan", "Vladimir Putin"), names=(WANG,)), ())
TODAY = "December 2, 2026"
TODAY_MLA = "2 Dec. 2026"


@pytest.fixture(scope="module")
def formatter():
    return citations.Formatter()


def filled(doc: Document, formatter) -> dict[str, list[str]]:
    """Each format's texts for paragraph 9, read on 2 December 2026 (what cite.js does in the browser)."""
    data = citations.for_document(doc, SITE, formatter)
    out = {}
    for style in data["styles"]:
        date = TODAY_MLA if style.get("dates") == "dmy" else TODAY
        out[style["key"]] = [text.replace(citations.PARAGRAPH, "9").replace(citations.ACCESSED, date)
                             .replace(citations.ACCESSED_ISO, "2026-12-02") for _, text in style["texts"]]
    return out


def test_chicago(formatter):
    assert filled(ARTICLE, formatter)["chicago"] == [
        "Ted Snider, “Listening to Lavrov,” Antiwar.com, An Edition, version 2.1, October 9, 2023, para. 9, "
        "accessed December 2, 2026, https://example.org/ed/snider/#p9.",
        "Snider, Ted. “Listening to Lavrov.” Antiwar.com, An Edition, version 2.1, October 9, 2023. "
        "Accessed December 2, 2026. https://example.org/ed/snider/#p9.",
    ]
    assert filled(INTERVIEW, formatter)["chicago"] == [
        "Boris Bondarev, “‘Putin Wants Truce, Not Peace’: Says the Russian Diplomat,” interview by Riccardo Amati, "
        "Fanpage.it, An Edition, version 2.1, November 20, 2023, para. 9, accessed December 2, 2026, "
        "https://example.org/ed/bondarev/#p9.",
        "Bondarev, Boris. “‘Putin Wants Truce, Not Peace’: Says the Russian Diplomat.” Interview by Riccardo Amati. "
        "Fanpage.it, An Edition, version 2.1, November 20, 2023. Accessed December 2, 2026. "
        "https://example.org/ed/bondarev/#p9.",
    ]


def test_mla(formatter):
    assert filled(ARTICLE, formatter)["mla"] == [
        "(Snider, par. 9)",
        "Snider, Ted. “Listening to Lavrov.” Antiwar.com, 9 Oct. 2023. An Edition, version 2.1, "
        "https://example.org/ed/snider/#p9. Accessed 2 Dec. 2026.",
    ]
    assert filled(INTERVIEW, formatter)["mla"] == [
        "(Bondarev, par. 9)",
        "Bondarev, Boris. “‘Putin Wants Truce, Not Peace’: Says the Russian Diplomat.” Interview by Riccardo Amati. "
        "Fanpage.it, 20 Nov. 2023. An Edition, version 2.1, https://example.org/ed/bondarev/#p9. "
        "Accessed 2 Dec. 2026.",
    ]


def test_apa(formatter):
    assert filled(ARTICLE, formatter)["apa"] == [
        "(Snider, 2023, para. 9)",
        "Snider, T. (2023, October 9). Listening to Lavrov. An Edition, version 2.1. Antiwar.com. "
        "Retrieved December 2, 2026, from https://example.org/ed/snider/#p9",
    ]
    assert filled(INTERVIEW, formatter)["apa"] == [
        "(Bondarev, 2023, para. 9)",
        "Bondarev, B. (2023, November 20). “Putin wants truce, not peace”: says the Russian diplomat "
        "(R. Amati, interviewer). Fanpage.it. An Edition, version 2.1. "
        "Retrieved December 2, 2026, from https://example.org/ed/bondarev/#p9",
    ]


def test_bibtex(formatter):
    (entry,) = filled(INTERVIEW, formatter)["bibtex"]
    assert entry.splitlines()[0] == "@online{bondarev-p9,"
    assert "  author = {Bondarev, Boris}," in entry
    assert "  title = {{“Putin wants truce, not peace”: says the Russian diplomat}}," in entry
    assert "  url = {https://example.org/ed/bondarev/#p9}," in entry
    assert "  urldate = {2026-12-02}," in entry and "  version = {2.1}," in entry and "  date = {2023-11-20}," in entry
    assert "  note = {Interview by Riccardo Amati. Paragraph 9}" in entry
    hahn = Document(DocumentMeta(slug="hahn", title="A_B", authors=("G Hahn",), outlet="Russian & Eurasian Politics",
                                 date=None, kind="article", seed="x.txt"), ())
    (entry,) = filled(hahn, formatter)["bibtex"]
    assert r"{Russian \& Eurasian Politics}" in entry and r"{{A\_B}}" in entry  # TeX's specials escaped


def test_ris(formatter):
    (record,) = filled(INTERVIEW, formatter)["ris"]
    assert record.splitlines() == [
        "TY  - ELEC", "AU  - Bondarev, Boris", "A2  - Amati, Riccardo",
        "TI  - “Putin wants truce, not peace”: says the Russian diplomat", "T2  - Fanpage.it", "PB  - An Edition",
        "PY  - 2023", "DA  - 2023/11/20", "ET  - 2.1", "UR  - https://example.org/ed/bondarev/#p9",
        "Y2  - 2026-12-02", "N1  - Interview by Riccardo Amati. Paragraph 9", "ER  - "]


def test_csl_json(formatter):
    (text,) = filled(INTERVIEW, formatter)["csl"]
    (item,) = json.loads(text)
    assert item["type"] == "interview"
    assert item["author"] == [{"family": "Bondarev", "given": "Boris"}]
    assert item["interviewer"] == [{"family": "Amati", "given": "Riccardo"}]
    assert item["issued"] == {"date-parts": [[2023, 11, 20]]} and item["accessed"] == {"raw": "2026-12-02"}
    assert item["URL"] == "https://example.org/ed/bondarev/#p9" and item["version"] == "2.1"
    assert item["publisher"] == "An Edition" and item["container-title"] == "Fanpage.it"


def test_a_family_first_interviewer_keeps_the_order_of_the_name(formatter):
    cited = filled(PUTIN, formatter)
    assert "interview by Wang Guan, Kremlin Website" in cited["chicago"][0]
    assert "Interview by Wang Guan. Kremlin Website" in cited["chicago"][1]
    assert "Interview by Wang Guan. Kremlin Website, 16 Oct. 2023." in cited["mla"][1]
    assert "Putin’s Interview with China Media Group (G. Wang, interviewer). Kremlin Website." in cited["apa"][1]
    assert "A2  - Wang, Guan" in cited["ris"][0].splitlines()
    assert "  note = {Interview by Wang Guan. Paragraph 9}" in cited["bibtex"][0]
    (item,) = json.loads(cited["csl"][0])
    assert item["interviewer"] == [{"family": "Wang", "given": "Guan", "static-ordering": True}]
    assert item["author"] == [{"family": "Putin", "given": "Vladimir"}]
    assert not any("Guan Wang" in text or "W. Guan" in text for texts in cited.values() for text in texts)


def test_a_family_first_author_leads_the_entry_without_a_comma(formatter):
    doc = Document(DocumentMeta(slug="wang", title="A Report", authors=("Wang Guan",), outlet="CMG",
                                date="2023-10-16", kind="article", seed="x.txt", names=(WANG,)), ())
    cited = filled(doc, formatter)
    assert cited["chicago"][0].startswith("Wang Guan, “A Report,” CMG")
    assert cited["chicago"][1].startswith("Wang Guan. “A Report.” CMG")
    assert cited["mla"] == ["(Wang, par. 9)", cited["mla"][1]] and cited["mla"][1].startswith("Wang Guan. “A Report.”")
    assert cited["apa"][0] == "(Wang, 2023, para. 9)" and cited["apa"][1].startswith("Wang, G. (2023, October 16).")
    assert "  author = {Wang, Guan}," in cited["bibtex"][0] and "AU  - Wang, Guan" in cited["ris"][0].splitlines()


def test_the_putin_interview_credits_wang_guan_family_name_first(built_edition):
    putin = next(d for d in built_edition.documents if d.meta.slug == "putin-cmg")
    assert putin.meta.person(putin.meta.interviewer) == WANG


def test_an_undated_text_without_a_site_url(formatter):
    doc = Document(DocumentMeta(slug="x", title="T", authors=("A B",), outlet=None, date=None, kind="article",
                                seed="x.txt"), ())
    data = citations.for_document(doc, Site("", "", ""), formatter)
    chicago = data["styles"][0]["texts"][1][1]
    # No date, so the access date is what dates it (CMOS 14.12); no site_url, so the page script fills in the root.
    assert chicago == f"B, A. “T.” Accessed {citations.ACCESSED}. {citations.SITE_ROOT}x/#p{citations.PARAGRAPH}."


def test_quotation_marks_nest_and_punctuation_moves_inside():
    assert citations.nest_quotes("“a “b” c”") == "“a ‘b’ c”"
    assert citations.nest_quotes("“a “b “c” b” a”") == "“a ‘b “c” b’ a”"
    assert citations.punctuation_in_quote("“Title”, then “T”.") == "“Title,” then “T.”"


def test_citations_come_from_the_build(built_project):
    """The document pages carry their citations in the front matter, written by the build."""
    import frontmatter

    page = frontmatter.loads((built_project / "docs" / "snider.md").read_text(encoding="utf-8"))
    styles = {s["key"]: s for s in page["cite"]["styles"]}
    assert list(styles) == ["chicago", "mla", "apa", "bibtex", "ris", "csl"]
    note = styles["chicago"]["texts"][0][1]
    assert note.startswith("Ted Snider, “Listening to Lavrov,” Antiwar.com, Ukraine war texts: an annotated edition")
    assert note.endswith(f"https://annotated-editions.github.io/ukraine-war-edition/snider/#p{citations.PARAGRAPH}.")
    assert datetime.date.today().year > 2000  # the access date is the reader's: no date is baked into the page
    assert citations.ACCESSED in note


def test_renderings_are_memoised_and_a_damaged_memo_is_ignored():
    cited, memo = citations.for_edition((ARTICLE, INTERVIEW), SITE)
    assert len(json.loads(memo)["entries"]) == 6  # three styles, two documents
    again, same = citations.for_edition((ARTICLE, INTERVIEW), SITE, memo)
    assert again == cited and same == memo  # deterministic, and reused as is
    entries = json.loads(memo)["entries"]
    key = next(iter(entries))
    entries[key] = ["note from the memo", "entry from the memo"]
    reused, _ = citations.for_edition((ARTICLE, INTERVIEW), SITE, json.dumps({"version": 1, "entries": entries}))
    assert "note from the memo" in json.dumps(reused, ensure_ascii=False)  # read from the memo, not re-rendered
    for damaged in ("{not json", '{"version": 99, "entries": {}}', '{"version": 1, "entries": {"k": [1]}}'):
        assert citations.for_edition((ARTICLE,), SITE, damaged)[0] == {"snider": cited["snider"]}
    _, only_article = citations.for_edition((ARTICLE,), SITE, memo)
    assert len(json.loads(only_article)["entries"]) == 3  # what no document uses any more is dropped
