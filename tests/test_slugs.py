"""Slugs for a growing edition: a new text never takes a published slug, and published slugs never change."""
from __future__ import annotations

import pytest

from edition.anchor import anchor
from edition.errors import LockError
from edition.editorial import Editorial
from edition.lock import dump_lock, parse_lock
from edition.model import Document, DocumentMeta, Paragraph
from edition.names import slug_problems
from edition.segment import default_slug
from edition.slugs import assign_slugs, candidates, published_slugs, title_words

LOCK = "seeds/anchors.lock"


def doc(title: str, *texts: str, author: str | None = "Ted Snider", date: str | None = "2024-05-16",
        slug: str | None = None, seed: str = "010_new.txt", line: int = 1) -> Document:
    """A document as the segmenter makes it: the stated slug, or its base (the first author's surname)."""
    authors = (author,) if author else ()
    meta = DocumentMeta(slug=slug or default_slug(title, authors), title=title, authors=authors, outlet=None,
                        date=date, kind="article", seed=seed, slug_stated=slug is not None)
    texts = texts or (f"The only paragraph of {title}.",)
    return Document(meta, tuple(Paragraph(text=t, raw=t, line=line + 2 + 2 * k, index=k) for k, t in enumerate(texts)),
                    line=line)


def slugs_of(documents) -> list[str]:
    return [d.meta.slug for d in documents]


def locked(documents):
    """The lock a build of ``documents`` writes, as read back from the file."""
    return parse_lock(dump_lock(anchor(documents, None, date="2024-01-01", lock_path=LOCK).lock), LOCK)


LAVROV = doc("Listening to Lavrov", "Putin held a meeting with Russian diplomats.", slug="snider",
             seed="002_old.txt", line=213, date="2023-10-09")


def test_title_words_skip_stop_words_possessives_and_repeats():
    assert title_words("THE ROAD TO UKRAINE’S RUIN and the Road to Peace") == ["road", "ukraine", "ruin", "peace"]
    assert title_words("Zelensky ‘Deludes’ Himself: Aide") == ["zelensky", "deludes", "himself", "aide"]
    assert title_words("Kyiv’s café, again") == ["kyiv", "cafe", "again"]
    assert title_words("Что дальше") == []  # no ASCII letter left: the date distinguishes such a title


def test_candidates_follow_the_rule():
    assert candidates("snider", doc("Listening to Zelensky")) == ["snider", "snider-listening", "snider-zelensky",
                                                                  "snider-2024-05-16"]
    untitled = doc("Same Title", author=None, date=None)  # base from the title: its words add nothing
    assert candidates("same-title", untitled) == ["same-title"]


def test_the_five_published_slugs_and_a_lone_new_text_keep_their_names():
    documents = [doc(t, slug=s) for t, s in [("A", "bondarev"), ("B", "putin-cmg"), ("Listening to Lavrov", "snider"),
                                             ("C", "hahn"), ("D", "decamp")]]
    assert slugs_of(assign_slugs(documents, None)) == ["bondarev", "putin-cmg", "snider", "hahn", "decamp"]
    assert slugs_of(assign_slugs([doc("A Piece", author="Jane Roe")], None)) == ["roe"]  # surname alone when free


def test_a_second_article_by_the_same_author_takes_a_distinguishing_title_word():
    new = [doc("Listening to Zelensky"), doc("The Generals Are Listening", date="2024-06-01")]
    assert slugs_of(assign_slugs([LAVROV, *new], None)) == ["snider", "snider-zelensky", "snider-generals"]


def test_two_new_articles_by_a_new_author_the_first_takes_the_surname():
    documents = [doc("Bridges and Rivers", author="Mara Quill"), doc("Rivers in Winter", author="Mara Quill")]
    assert slugs_of(assign_slugs(documents, None)) == ["quill", "quill-winter"]


def test_the_date_distinguishes_when_no_title_word_does():
    again = doc("Listening to Lavrov", "A later text under the same title.", date="2024-05-16")
    assert slugs_of(assign_slugs([LAVROV, again], None)) == ["snider", "snider-2024-05-16"]


def test_a_site_name_is_never_free():
    assert slugs_of(assign_slugs([doc("Why Search Fails", author="Jane Search")], None)) == ["search-fails"]


def test_published_slugs_never_change_whatever_arrives():
    first = doc("Bridges and Rivers", "The river rose.", "The bridge closed.", author="Mara Quill")
    lock = locked(assign_slugs([first], None))
    assert set(published_slugs(lock)) == {"quill"}
    # A new article by the same author, placed first in reading order: the published text keeps "quill".
    earlier = doc("Rivers in Spring", "Snow melted early.", author="Mara Quill", seed="000_new.txt")
    corrected = doc("Bridges and Rivers", "The river rose.", "The bridge closed at noon.", author="Mara Quill")
    assert slugs_of(assign_slugs([earlier, corrected], lock)) == ["quill-spring", "quill"]


def test_rebuilding_keeps_the_slugs_it_gave():
    documents = [LAVROV, doc("Listening to Zelensky", "Zelensky spoke."),
                 doc("The Generals Are Listening", "The generals spoke.", date="2024-06-01")]
    settled = assign_slugs(documents, None)
    lock = locked(settled)
    again = assign_slugs(documents, lock)
    assert slugs_of(again) == slugs_of(settled) == ["snider", "snider-zelensky", "snider-generals"]
    # A third article whose first distinguishing word was another's: that other keeps its slug.
    third = doc("Zelensky Listening Again", "Later still.", date="2024-07-01")
    assert slugs_of(assign_slugs([*documents, third], lock)) == ["snider", "snider-zelensky", "snider-generals",
                                                                 "snider-again"]


def test_a_published_text_keeps_its_slug_when_every_paragraph_was_corrected():
    lock = locked(assign_slugs([doc("Bridges and Rivers", "The river rose in March.", author="Mara Quill")], None))
    corrected = doc("Bridges and Rivers", "The river rose in early March.", author="Mara Quill")
    assert slugs_of(assign_slugs([doc("Harbours", "Ships waited.", author="Mara Quill"), corrected], lock)) == [
        "quill-harbours", "quill"]


def test_a_removed_documents_slug_is_not_given_to_a_new_one():
    published = doc("Bridges and Rivers", "The river rose in March.", author="Mara Quill")
    lock = locked(assign_slugs([published], None))
    # A different text by her, resembling nothing published, replaces the published one: it gets a new slug,
    # so the anchor stage refuses the removal instead of handing the old ids to a different text.
    newcomer = doc("Harbours", "Ships waited for the tide.", author="Mara Quill")
    settled = assign_slugs([newcomer], lock)
    assert slugs_of(settled) == ["quill-harbours"]
    with pytest.raises(LockError) as info:
        anchor(settled, lock, date="2024-02-01", lock_path=LOCK)
    assert [p.code for p in info.value.problems] == ["lock.document-removed"]


def test_a_stated_slug_is_kept_and_no_new_text_takes_it():
    stated = doc("Rivers", author="Mara Quill", slug="quill")
    assert slugs_of(assign_slugs([doc("Bridges", author="Mara Quill"), stated], None)) == ["quill-bridges", "quill"]


def test_a_clash_that_remains_is_one_error_naming_both_seeds_and_lines():
    one = doc("Same Title", "One.", author=None, date=None, seed="zz6.txt", line=1)
    two = doc("Same Title", "Two.", author=None, date=None, seed="zz7.txt", line=5)
    settled = assign_slugs([one, two], None)
    assert slugs_of(settled) == ["same-title", "same-title"]
    problems = slug_problems(settled, Editorial(path="seeds/editorial.yml", documents=()), "seeds")
    assert len(problems) == 1
    problem = problems[0]
    assert problem.code == "names.duplicate-slug"
    assert str(problem.location) == "seeds/zz6.txt:1" and "seeds/zz7.txt:5" in problem.message
    # Twice the author, title and date of a published text: the first copy takes the date, the second is left
    # with the surname, one error at the published text's line naming the copy's.
    copies = [doc("Listening to Lavrov", "Other.", date="2023-10-09", seed="zz11.txt", line=n) for n in (1, 7)]
    settled = assign_slugs([LAVROV, *copies], None)
    assert slugs_of(settled) == ["snider", "snider-2023-10-09", "snider"]
    problems = slug_problems(settled, Editorial(path="seeds/editorial.yml", documents=()), "seeds")
    assert [str(p.location) for p in problems] == ["seeds/002_old.txt:213"] and "seeds/zz11.txt:7" in problems[0].message
