from dataclasses import replace
from pathlib import Path

import pytest

from edition.editorial import load_editorial, parse_editorial
from edition.errors import MetadataError
from edition.read import read_seeds, split_blocks
from edition.model import SourceFile
from edition.segment import segment
from edition.speakers import attribute_all

ROOT = Path(__file__).resolve().parent.parent
FROZEN = ROOT / "tests" / "fixtures" / "frozen-seeds"  # the real texts as of f60024f, never updated


def numbered(documents):
    """Number paragraphs 1..n, as the anchor stage does on a first build."""
    return tuple(replace(d, paragraphs=tuple(replace(p, id=f"{d.meta.slug}.p{i}", number=str(i))
                                             for i, p in enumerate(d.paragraphs, 1))) for d in documents)


@pytest.fixture(scope="module")
def documents():
    editorial = load_editorial(FROZEN / "editorial.yml", "seeds/editorial.yml")
    docs = numbered([d for s in read_seeds(FROZEN, FROZEN) for d in segment(s, editorial)])
    return {d.meta.slug: d for d in attribute_all(docs, editorial)}


def test_putin_interview_turns(documents):
    paras = documents["putin-cmg"].paragraphs
    first = paras[0]
    assert (first.speaker, first.remark, first.text, first.turn_start) == ("Wang Guan", "retranslated", "Mr. President!", True)
    # an unlabelled paragraph continues the turn, remark included
    assert (paras[1].speaker, paras[1].remark, paras[1].turn_start) == ("Wang Guan", "retranslated", False)
    assert paras[1].text == paras[1].raw
    assert (paras[2].speaker, paras[2].remark, paras[2].text) == (
        "Vladimir Putin", None, "Thank you very much. I celebrated it with my friends and family. It was fine.")
    assert (paras[-1].speaker, paras[-1].text, paras[-1].turn_start) == ("Vladimir Putin", "Thank you.", False)
    assert {p.speaker for p in paras} == {"Wang Guan", "Vladimir Putin"}
    # every labelled paragraph lost its label, no other text changed
    for p in paras:
        assert p.raw.endswith(p.text)
        assert not p.text.startswith(("Wang Guan", "Vladimir Putin:"))
    assert documents["putin-cmg"].meta.speakers == ("Wang Guan", "Vladimir Putin")


def test_bondarev_turns_are_stated_and_alternate(documents):
    paras = documents["bondarev"].paragraphs
    q, a = "Riccardo Amati", "Boris Bondarev"
    assert paras[0].speaker == q  # the lede
    questions = [p.text for p in paras[1::2]]
    answers = [p.text for p in paras[2::2]]
    assert all(p.speaker == q for p in paras[1::2]) and all(p.speaker == a for p in paras[2::2])
    assert len(questions) == len(answers) == 16
    # questions without a question mark were attributed by the stated structure, not by punctuation
    assert "It is the multipolar world imagined by Russian foreign policy. You can’t decide everything in Washington." in questions
    assert "Peace protests are organized in Italy. “We have to negotiate with Putin”, asks the square." in questions
    assert paras[13].number == "14" and paras[13].text.startswith("It is the multipolar world") and paras[13].speaker == q
    assert answers[0].startswith("Putin would like a ceasefire.")


def test_article_paragraphs_are_the_authors(documents):
    for slug, author in (("snider", "Ted Snider"), ("hahn", "Gordon Hahn"), ("decamp", "Dave DeCamp")):
        assert {p.speaker for p in documents[slug].paragraphs} == {author}


def test_headings_in_articles_are_not_labels(documents):
    assert all("Could Have Had" not in (p.speaker or "") for p in documents["snider"].paragraphs)


def test_override_of_missing_paragraph_names_the_metadata_line():
    text = "Talk\n\nQ one\n\nA one\n"
    src = SourceFile("seeds/t.txt", "t.txt", text, split_blocks(text))
    editorial = parse_editorial(
        "version: 1\nseeds:\n  t.txt:\n    - title: Talk\n      kind: interview\n"
        "      speaker_overrides:\n        9: Someone\n      authors: [A]\n      interviewer: Q\n", "seeds/editorial.yml")
    docs = numbered(segment(src, editorial))
    with pytest.raises(MetadataError) as info:
        attribute_all(docs, editorial)
    problem = info.value.problems[0]
    assert (str(problem.location), problem.code) == ("seeds/editorial.yml:7", "editorial.unknown-paragraph")
