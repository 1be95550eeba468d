from pathlib import Path

import pytest

from edition.editorial import load_editorial, parse_editorial
from edition.errors import MetadataError, SeedError
from edition.read import read_seeds
from edition.segment import infer_document, is_heading, parse_source_line, segment
from edition.model import Block, SourceFile
from edition.read import split_blocks

ROOT = Path(__file__).resolve().parent.parent
FROZEN = ROOT / "tests" / "fixtures" / "frozen-seeds"  # the real texts as of f60024f, never updated


@pytest.fixture(scope="module")
def documents():
    editorial = load_editorial(FROZEN / "editorial.yml", "seeds/editorial.yml")
    return {d.meta.slug: d for s in read_seeds(FROZEN, FROZEN) for d in segment(s, editorial)}


def source(text: str, name: str = "x.txt") -> SourceFile:
    return SourceFile(f"seeds/{name}", name, text, split_blocks(text))


@pytest.mark.parametrize("line, expected", [
    ("By Ted Snider, Antiwar.com, 10/9/23", (("Ted Snider",), "Antiwar.com", "2023-10-09")),
    ("By Gordon Hahn, Russian & Eurasian Politics Blog, 10/9/23",
     (("Gordon Hahn",), "Russian & Eurasian Politics Blog", "2023-10-09")),
    ("Kremlin website, 10/16/23", ((), "Kremlin website", "2023-10-16")),
    ("By Ann Lee and Bo Chan, The Outlet, 1/2/2024", (("Ann Lee", "Bo Chan"), "The Outlet", "2024-01-02")),
])
def test_source_lines(line, expected):
    parsed = parse_source_line(line)
    assert (parsed.authors, parsed.outlet, parsed.date) == expected


@pytest.mark.parametrize("text", ["Vladimir Putin: Thank you very much.", "Mr. President!", "Thank you.",
                                  "So, let’s start our interview.", "conflict in ukraine"])
def test_not_source_lines_or_headings(text):
    assert parse_source_line(text) is None
    assert not is_heading(text)


@pytest.mark.parametrize("text", ["Istanbul: Could Have Had Peace", "KIEV COUP", "CONCLUSION",
                                  "THE POTENTIAL OF A UKRAINIAN QUAGMIRE FOR RUSSIA",
                                  "Constitutional Commitments: Could Have Had Sovereignty"])
def test_headings(text):
    assert is_heading(text)


def test_five_documents_with_their_metadata(documents):
    assert list(documents) == ["bondarev", "putin-cmg", "snider", "hahn", "decamp"]
    meta = {slug: (d.meta.kind, d.meta.authors, d.meta.outlet, d.meta.date) for slug, d in documents.items()}
    assert {slug: d.meta.interviewer for slug, d in documents.items() if d.meta.kind == "interview"} == {
        "bondarev": "Riccardo Amati", "putin-cmg": "Wang Guan"}  # interviews: interviewee as author, interview by
    assert meta == {
        "bondarev": ("interview", ("Boris Bondarev",), "Fanpage.it", None),
        "putin-cmg": ("interview", ("Vladimir Putin",), "Kremlin website", "2023-10-16"),
        "snider": ("article", ("Ted Snider",), "Antiwar.com", "2023-10-09"),
        "hahn": ("article", ("Gordon Hahn",), "Russian & Eurasian Politics Blog", "2023-10-09"),
        "decamp": ("article", ("Dave DeCamp",), "Antiwar.com", "2023-10-30"),
    }
    assert documents["snider"].meta.title == "Listening to Lavrov"
    assert documents["snider"].meta.headline == "Ted Snider: Listening to Lavrov"
    assert documents["decamp"].meta.title == "Zelensky ‘Deludes’ Himself Into Thinking Ukraine Can Win War: Aide"


def test_bondarev_front_and_back_matter(documents):
    doc = documents["bondarev"]
    assert doc.meta.kickers == ("conflict in ukraine", "conflict in ukraine")
    assert doc.meta.byline == "Author: Riccardo Amati"
    assert doc.meta.standfirst[0].startswith("“The president will only negotiate")
    assert doc.meta.credit == "Source: Fan Page IT"
    assert [(d.text, d.line) for d in doc.dropped] == [("follow:\n\\", 79)]
    assert doc.paragraphs[0].text.startswith("“The only real way out")
    assert doc.paragraphs[-1].text.startswith("Every disaster has its name")
    assert len(doc.paragraphs) == 33


def test_headings_are_not_paragraphs(documents):
    assert [h.text for h in documents["snider"].headings] == [
        "Istanbul: Could Have Had Peace", "Minsk: Could Have Had Territorial Integrity",
        "Constitutional Commitments: Could Have Had Sovereignty"]
    assert [h.text for h in documents["hahn"].headings] == [
        "COLLAPSE OF THE UKRAINIAN ARMY", "KIEV COUP", "CIVIL WAR",
        "THE POTENTIAL OF A UKRAINIAN QUAGMIRE FOR RUSSIA", "CONCLUSION"]
    assert documents["putin-cmg"].headings == ()
    counts = {slug: len(d.paragraphs) for slug, d in documents.items()}
    assert counts == {"bondarev": 33, "putin-cmg": 104, "snider": 19, "hahn": 15, "decamp": 7}


def test_snider_biography_is_his_credit_line_not_a_paragraph(documents):
    doc = documents["snider"]
    assert doc.meta.credit.startswith("Ted Snider is a regular columnist on US foreign policy")
    assert doc.paragraphs[-1].text.startswith("In his two recent talks to the press in September")
    assert all(d.meta.credit is None for slug, d in documents.items() if slug in ("putin-cmg", "hahn", "decamp"))


ARTICLE = "Ann Lee: A Report\n\nBy Ann Lee and Bo Chan, The Outlet, 2/3/24\n\nFirst paragraph.\n\n"


@pytest.mark.parametrize("last, credit", [
    ("Ann Lee is a regular columnist at The Outlet.", "Ann Lee is a regular columnist at The Outlet."),
    ("Bo Chan has written for many outlets.", "Bo Chan has written for many outlets."),
    ("Ann Lee teaches history at a university.", "Ann Lee teaches history at a university."),
    ("Ann Lee argues that the war will end soon.", None),  # the article's own text about its author
    ("Ann Leeds is a columnist.", None),  # another person
    ("Carl Moe is a regular columnist at The Outlet.", None),  # not an author of this article
    ("In the end, Ann Lee is a columnist.", None),  # the name must open the block
    ("Ann Lee is a columnist.\nShe lives in Paris.", None),  # one line only
    ("Ann Lee is " + "very " * 150 + "busy.", None),  # too long to be a contributor's note
])
def test_an_articles_final_author_bio_becomes_its_credit_line(last, credit):
    (doc,) = segment(source(ARTICLE + last + "\n"), parse_editorial("version: 1\n", "seeds/editorial.yml"))
    assert doc.meta.credit == credit
    assert [p.text for p in doc.paragraphs] == ["First paragraph."] + ([] if credit else [last])


def test_a_bio_is_only_taken_from_the_end_and_never_leaves_an_empty_body():
    editorial = parse_editorial("version: 1\n", "seeds/editorial.yml")
    bio = "Ann Lee is a regular columnist at The Outlet."
    (doc,) = segment(source(ARTICLE + bio + "\n\nLast paragraph.\n"), editorial)
    assert (doc.meta.credit, [p.text for p in doc.paragraphs]) == (None, ["First paragraph.", bio, "Last paragraph."])
    alone = "Ann Lee: A Report\n\nBy Ann Lee, The Outlet, 2/3/24\n\n" + bio + "\n"
    (doc,) = segment(source(alone), editorial)
    assert (doc.meta.credit, [p.text for p in doc.paragraphs]) == (None, [bio])
    (doc,) = segment(source(ARTICLE + bio + "\n\nSource: The Outlet\n"), editorial)
    assert (doc.meta.credit, len(doc.paragraphs)) == (bio + "\nSource: The Outlet", 1)


@pytest.mark.parametrize("entry, expected", [
    ("      interviewer: Ann Lee\n", "must state its authors"),
    ("      authors: [Bo Chan]\n", "must state its interviewer"),
    ("      authors: [Ann Lee]\n      interviewer: Ann Lee\n", "'Ann Lee' is the interviewer"),
    ("      authors: [Carl Moe]\n      interviewer: Ann Lee\n      speakers: [Ann Lee, Bo Chan]\n",
     "author 'Carl Moe' is not one of the interview's speakers"),
])
def test_an_interview_is_credited_to_its_interviewee_interview_by_the_interviewer(entry, expected):
    text = "version: 1\nseeds:\n  x.txt:\n    - title: T\n      kind: interview\n" + entry
    with pytest.raises(MetadataError) as info:
        parse_editorial(text, "e.yml")
    assert [p.code for p in info.value.problems] == ["editorial.interview-credits"]
    assert expected in info.value.problems[0].message


NAMED = ("version: 1\nseeds:\n  x.txt:\n    - title: A Report\n      kind: interview\n      authors: [Ann Lee]\n"
         "      interviewer: Wang Guan\n      names:\n")


def test_a_family_first_name_is_stated_with_its_parts():
    editorial = parse_editorial(NAMED + "        Wang Guan: {family: Wang, given: Guan}\n", "e.yml")
    (doc,) = segment(source("A Report\n\nBody.\n"), editorial)
    wang = doc.meta.person("Wang Guan")
    assert (wang.family, wang.given, wang.family_first, wang.inverted) == ("Wang", "Guan", True, "Wang, Guan")
    lee = doc.meta.person("Ann Lee")  # not stated: the last word is the family name
    assert (lee.family, lee.given, lee.family_first, lee.inverted) == ("Lee", "Ann", False, "Lee, Ann")


@pytest.mark.parametrize("entry, line, expected", [
    ("        Wang Guan: {family: Wang, given: Gaun}\n", 9, "family 'Wang' and given 'Gaun' do not spell 'Wang Guan'"),
    ("        Wang Guan: {family: Wang}\n", 9, "'Wang Guan' needs exactly 'family' and 'given'"),
    ("        Wang Guan: {family: Wang, given: Guan, order: chinese}\n", 9, "needs exactly 'family' and 'given'"),
    ("        Wang Guan: Wang\n", 9, "needs exactly 'family' and 'given'"),
    ("        []\n", 8, "'names' maps a name as printed to its parts"),
])
def test_stated_name_parts_must_spell_the_name(entry, line, expected):
    with pytest.raises(MetadataError) as info:
        parse_editorial(NAMED + entry, "e.yml")
    (problem,) = info.value.problems
    assert (problem.code, problem.location.line) == ("editorial.names", line) and expected in problem.message


def test_a_stated_name_must_be_credited_by_the_document():
    editorial = parse_editorial(NAMED + "        Wang Guan: {family: Wang, given: Guan}\n"
                                "        Li Wei: {family: Li, given: Wei}\n", "e.yml")
    with pytest.raises(MetadataError) as info:
        segment(source("A Report\n\nBody.\n"), editorial)
    (problem,) = info.value.problems
    assert str(problem).startswith("e.yml:10: 'Li Wei' is neither an author nor the interviewer of 'A Report'")
    assert problem.code == "editorial.names"


def test_a_new_seed_in_the_conventions_needs_no_metadata():
    text = ("Ann Lee: A New Report\n\nBy Ann Lee, The Outlet, 2/3/24\n\nFirst paragraph.\n\n"
            "A HEADING\n\nSecond paragraph.\n")
    (doc,) = segment(source(text), parse_editorial("version: 1\n", "seeds/editorial.yml"))
    assert (doc.meta.slug, doc.meta.title, doc.meta.date) == ("lee", "A New Report", "2024-02-03")
    assert [p.text for p in doc.paragraphs] == ["First paragraph.", "Second paragraph."]
    assert [h.text for h in doc.headings] == ["A HEADING"]


def test_a_document_without_body_is_an_error():
    with pytest.raises(SeedError) as info:
        segment(source("Only a title\n\nBy Ann Lee, Outlet, 1/1/24\n"), parse_editorial("version: 1\n", "e.yml"))
    assert info.value.problems[0].code == "seed.no-body"
    assert str(info.value.problems[0].location) == "seeds/x.txt:1"


def test_editorial_title_must_match():
    editorial = parse_editorial('version: 1\nseeds:\n  x.txt:\n    - title: Something else\n      slug: x\n', "e.yml")
    with pytest.raises(MetadataError) as info:
        segment(source("Real title\n\nBody.\n"), editorial)
    assert str(info.value.problems[0]).startswith("e.yml:4: title does not match document 1 of x.txt")


def test_unused_drop_rule_is_reported():
    editorial = parse_editorial(
        'version: 1\nseeds:\n  x.txt:\n    - title: Real title\n      drop:\n'
        '        - {text: "gone", reason: "residue"}\n', "e.yml")
    with pytest.raises(MetadataError) as info:
        segment(source("Real title\n\nBody.\n"), editorial)
    assert (info.value.problems[0].location.line, info.value.problems[0].code) == (6, "editorial.drop-unused")


def test_editorial_schema_errors_are_collected_with_lines():
    text = "version: 1\nseeds:\n  x.txt:\n    - title: T\n      kind: essay\n      sluq: t\n"
    with pytest.raises(MetadataError) as info:
        parse_editorial(text, "e.yml")
    found = {(p.location.line, p.code) for p in info.value.problems}
    assert found == {(5, "editorial.kind"), (6, "editorial.unknown-field")}
