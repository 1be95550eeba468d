"""The anchor engine on small hand-made documents: numbering, reconciliation, retirement, checks, revisions page."""
from __future__ import annotations

import pytest

from edition.anchor import anchor, check_lock, fresh_numbers, letters_between
from edition.errors import LockError
from edition.lock import dump_lock, number_key, parse_lock
from edition.model import Document, DocumentMeta, Paragraph
from edition.revisions import render_revisions

LOCK = "seeds/anchors.lock"
# Distinct paragraphs, as unlike each other as paragraphs of one article are.
A = "The river rose three metres overnight and the old bridge was closed to traffic."
B = "Farmers upstream reported that the spring harvest would be late this year."
C = "A spokesman for the ministry declined to comment on the evacuation plans."
D = "Volunteers filled sandbags outside the town hall until well after midnight."
E = "Meteorologists expect more rain over the weekend, though less than last week."
F = "Schools in the lower districts will remain closed until Wednesday at least."
G = "The mayor thanked the fire brigade and promised compensation for damaged homes."
H = "Insurance companies have opened a hotline for residents of the flooded streets."


def doc(slug: str, *texts: str) -> Document:
    meta = DocumentMeta(slug=slug, title=f"The {slug} report", authors=(), outlet=None, date=None, kind="article",
                        seed=f"{slug}.txt")
    return Document(meta, tuple(Paragraph(text=t, raw=t, line=2 * k + 3, index=k) for k, t in enumerate(texts)))


def ids(anchored, slug: str = "news") -> list[str]:
    document = next(d for d in anchored.documents if d.meta.slug == slug)
    return [p.id.split(".", 1)[1] for p in document.paragraphs]


def rebuild(anchored, *documents: Document, date: str = "2024-02-01"):
    """Anchor again against the previous lock, as written to and read back from the file."""
    lock = parse_lock(dump_lock(anchored.lock), LOCK)
    return anchor(documents, lock, date=date, lock_path=LOCK)


def first(*documents: Document):
    return anchor(documents, None, date="2024-01-01", lock_path=LOCK)


def changes(anchored) -> list[tuple[str, str]]:
    """(kind, id) of the last revision's changes."""
    return [(c.kind, c.id.split(".", 1)[1]) for c in anchored.revisions[-1].changes]


def retired(anchored) -> dict[str, tuple[str, str]]:
    return {r.id.split(".", 1)[1]: (r.successor.split(".", 1)[1], r.reason) for r in anchored.retired}


# ---------------------------------------------------------------------------------------------- numbering

def test_letters_between():
    assert letters_between("", None) == "b"  # after p12: p12b; "a" is never last, to keep room before
    assert letters_between("b", None) == "c"
    assert letters_between("z", None) == "zb"
    assert letters_between("", "b") == "ab"  # between p12 and p12b: p12ab
    assert letters_between("", "ab") == "aab"
    assert letters_between("b", "c") == "bb"  # between p12b and p12c: p12bb
    assert letters_between("b", "bb") == "bab"
    assert letters_between("bz", "c") == "bzb"
    assert letters_between("ab", "b") == "ac"


def test_numbers_between_are_in_natural_order_and_never_end_in_the_pad_letter():
    keys = sorted(number_key(n) for n in ["12", "12ab", "12b", "12bb", "12c", "13", "2", "0b"])
    assert keys == [(0, "b"), (2, ""), (12, ""), (12, "ab"), (12, "b"), (12, "bb"), (12, "c"), (13, "")]
    low, high = "", "b"
    for _ in range(30):  # always room below
        middle = letters_between(low, high)
        assert low < middle < high and not middle.endswith("a")
        high = middle


def test_fresh_numbers_skip_every_issued_number():
    issued = sorted(number_key(n) for n in ["1", "2", "2b", "3"])
    assert fresh_numbers(issued, "3", 2) == ["2c", "2d"]  # 2b was issued (even if now retired): after it
    assert fresh_numbers(issued, "2b", 1) == ["2ab"]
    assert fresh_numbers(issued, "1", 2) == ["0b", "0c"]  # before the first paragraph
    assert fresh_numbers(issued, None, 2) == ["4", "5"]  # at the end: integers after every issued number
    assert fresh_numbers(sorted([number_key("7b"), number_key("4")]), None, 1) == ["8"]


# -------------------------------------------------------------------------------------------- first build

def test_first_build_numbers_each_document_from_one_without_a_revision():
    result = first(doc("news", A, B, C), doc("other", D, E))
    assert ids(result) == ["p1", "p2", "p3"] and ids(result, "other") == ["p1", "p2"]
    assert [p.number for p in result.documents[0].paragraphs] == ["1", "2", "3"]
    assert result.documents[0].paragraphs[0].id == "news.p1"
    assert result.changed and result.revisions == () and result.retired == ()


def test_a_rebuild_that_changes_nothing_changes_nothing():
    result = first(doc("news", A, B, C))
    again = rebuild(result, doc("news", A, B, C), date="2030-12-31")
    assert not again.changed and again.revisions == ()
    assert dump_lock(again.lock) == dump_lock(result.lock)


# ----------------------------------------------------------------------------------------- reconciliation

def test_corrected_paragraph_keeps_its_id():
    result = rebuild(first(doc("news", A, B, C)), doc("news", A, B.replace("harvest", "harvets"), C))
    assert ids(result) == ["p1", "p2", "p3"]
    assert changes(result) == [("corrected", "p2")]
    change = result.revisions[-1].changes[0]
    assert (change.old_text, change.new_text) == (B, B.replace("harvest", "harvets"))
    assert result.revisions[-1].date == "2024-02-01"


def test_rewritten_paragraph_is_retired_and_replaced():
    result = rebuild(first(doc("news", A, B, C)), doc("news", A, H, C))
    assert ids(result) == ["p1", "p2b", "p3"]  # after p2, retired in the same rebuild
    assert retired(result) == {"p2": ("p3", "removed")}
    assert changes(result) == [("retired", "p2"), ("added", "p2b")]


def test_inserted_paragraphs_read_in_order_between_their_neighbours():
    base = first(doc("news", A, B, C))
    result = rebuild(base, doc("news", D, A, E, F, B, C, G))
    assert ids(result) == ["p0b", "p1", "p1b", "p1c", "p2", "p3", "p4"]
    later = rebuild(result, doc("news", D, A, E, H, F, B, C, G), date="2024-03-01")
    assert ids(later) == ["p0b", "p1", "p1b", "p1bb", "p1c", "p2", "p3", "p4"]
    before_new = rebuild(later, doc("news", D, A, C, E, H, F, B, C, G), date="2024-04-01")
    assert ids(before_new)[2] == "p1ab"  # between p1 and p1b


def test_deleted_paragraph_is_retired_with_the_next_survivor_and_never_reused():
    base = first(doc("news", A, B, C, D))
    result = rebuild(base, doc("news", A, C, D))
    assert ids(result) == ["p1", "p3", "p4"]
    assert retired(result) == {"p2": ("p3", "removed")}
    # A new paragraph where p2 was gets a new id, never p2 again.
    again = rebuild(result, doc("news", A, E, C, D), date="2024-03-01")
    assert ids(again) == ["p1", "p2b", "p3", "p4"]
    # Deleting the last paragraph leads to the one before; appending after it skips its number.
    end = rebuild(again, doc("news", A, E, C), date="2024-04-01")
    assert retired(end)["p4"] == ("p3", "removed")
    appended = rebuild(end, doc("news", A, E, C, F), date="2024-05-01")
    assert ids(appended) == ["p1", "p2b", "p3", "p5"]


def test_successor_chains_end_at_a_live_paragraph():
    base = first(doc("news", A, B, C, D))
    one = rebuild(base, doc("news", A, C, D))  # p2 → p3
    two = rebuild(one, doc("news", A, D), date="2024-03-01")  # p3 → p4, so p2 → p4
    assert retired(two) == {"p2": ("p4", "removed"), "p3": ("p4", "removed")}
    assert "news.p2 retired 2024-02-01 removed -> news.p3" in dump_lock(two.lock)  # the record keeps history


def test_moved_paragraphs_keep_their_ids_and_their_place_survives_the_lock():
    base = first(doc("news", A, B, C, D, E))
    swapped = rebuild(base, doc("news", A, D, B, C, E))
    assert ids(swapped) == ["p1", "p4", "p2", "p3", "p5"]
    assert changes(swapped) == [("moved", "p4")]
    assert "news.p4 after news.p1 " in dump_lock(swapped.lock)
    # The next rebuild knows p4 now follows p1: nothing moved, nothing changes, and insertions fit in.
    assert not rebuild(swapped, doc("news", A, D, B, C, E), date="2024-03-01").changed
    inserted = rebuild(swapped, doc("news", A, D, F, B, C, E), date="2024-03-01")
    assert ids(inserted) == ["p1", "p4", "p1b", "p2", "p3", "p5"]
    assert changes(inserted) == [("added", "p1b")]


def test_moved_and_edited_paragraph_keeps_its_id():
    base = first(doc("news", A, B, C, D, E))
    result = rebuild(base, doc("news", A, C, D, E, B.replace("this year", "this year, again")))
    assert ids(result) == ["p1", "p3", "p4", "p5", "p2"]
    assert sorted(changes(result)) == [("corrected", "p2"), ("moved", "p2")]


def test_split_keeps_the_id_for_the_first_part():
    long = f"{A} {B} {C}"
    base = first(doc("news", D, long, E))
    result = rebuild(base, doc("news", D, A, f"{B} {C}", E))
    assert ids(result) == ["p1", "p2", "p2b", "p3"]
    assert changes(result) == [("split", "p2"), ("added", "p2b")]


def test_merge_keeps_the_first_id_and_retires_the_others_into_it():
    base = first(doc("news", D, A, B, C, E))
    result = rebuild(base, doc("news", D, f"{A} {B} {C}", E))
    assert ids(result) == ["p1", "p2", "p5"]
    assert retired(result) == {"p3": ("p2", "merged"), "p4": ("p2", "merged")}
    assert changes(result) == [("merged", "p2"), ("retired", "p3"), ("retired", "p4")]


def test_identical_paragraphs_keep_distinct_stable_ids():
    hail = "Mr. President!"
    base = first(doc("news", hail, A, hail, B, hail, C))
    assert ids(base) == ["p1", "p2", "p3", "p4", "p5", "p6"]
    # Remove the middle one: the others keep their own ids, the removed one is retired.
    result = rebuild(base, doc("news", hail, A, B, hail, C))
    assert ids(result) == ["p1", "p2", "p4", "p5", "p6"]
    assert retired(result) == {"p3": ("p4", "removed")}
    # Another copy at the start: the two leading copies are indistinguishable, so the first keeps p1 and the
    # second is the new one; the other copies keep their ids.
    more = rebuild(result, doc("news", hail, hail, A, B, hail, C), date="2024-03-01")
    assert ids(more) == ["p1", "p1b", "p2", "p4", "p5", "p6"]
    assert changes(more) == [("added", "p1b")]


def test_new_document_is_numbered_from_one_and_recorded():
    base = first(doc("news", A, B))
    result = rebuild(base, doc("news", A, B), doc("extra", C, D))
    assert ids(result, "extra") == ["p1", "p2"]
    assert [(c.kind, c.id) for c in result.revisions[-1].changes] == [("added", "extra.p1"), ("added", "extra.p2")]


def test_a_document_that_disappears_is_refused_with_its_lock_line():
    base = first(doc("news", A, B), doc("other", C))
    text = dump_lock(base.lock)
    lock = parse_lock(text, LOCK)
    with pytest.raises(LockError) as info:
        anchor([doc("news", A, B)], lock, date="2024-02-01", lock_path=LOCK)
    (problem,) = info.value.problems
    assert problem.code == "lock.document-removed"
    assert problem.location.line == text.split("\n").index('other.p1 "' + C + '"') + 1
    assert "'other'" in problem.message and "editorial.yml" in problem.hint
    with pytest.raises(LockError) as info:  # emptied, it would have no paragraph to lead citations to either
        anchor([doc("news", A, B), doc("other")], lock, date="2024-02-01", lock_path=LOCK)
    assert [p.code for p in info.value.problems] == ["lock.document-removed"]


def test_bad_slugs_and_dates_are_refused():
    with pytest.raises(LockError) as info:
        first(doc("News Report", A), doc("x", B), doc("x", C))
    assert [p.code for p in info.value.problems] == ["lock.slug", "lock.slug"]
    with pytest.raises(ValueError):
        anchor([doc("news", A)], None, date="yesterday")


# ------------------------------------------------------------------------------------------------- check

def test_check_reports_a_stale_lock_with_the_fix():
    base = first(doc("news", A, B, C))
    lock = parse_lock(dump_lock(base.lock), LOCK)
    assert check_lock(lock, anchor([doc("news", A, B, C)], lock, date="2024-02-01"), LOCK) == []
    edited = anchor([doc("news", A, C, D)], lock, date="2024-02-01")
    (problem,) = check_lock(lock, edited, LOCK)
    assert problem.code == "lock.stale" and problem.location.line == lock.lines["news.p2"]
    assert str(problem).endswith("(1 added, 1 retired); run `make build` and commit seeds/anchors.lock [lock.stale]")
    (missing,) = check_lock(None, base, LOCK)
    assert missing.code == "lock.stale" and "does not exist" in missing.message


def test_check_reports_ids_that_would_vanish():
    base = first(doc("news", A, B, C))
    lock = parse_lock(dump_lock(base.lock), LOCK)
    shrunk = anchor([doc("news", A, B)], None, date="2024-02-01")  # as if someone deleted the lock's lines
    problems = check_lock(lock, shrunk, LOCK)
    vanished = [p for p in problems if p.code == "lock.vanished"]
    assert [(p.location.line, "'news.p3'" in p.message) for p in vanished] == [(lock.lines["news.p3"], True)]


# ---------------------------------------------------------------------------------------------- revisions

def test_revisions_page_lists_changes_newest_first_with_links_and_escaped_text():
    base = first(doc("news", A, B, "*Not* emphasis: [link](x) & <b>"))
    one = rebuild(base, doc("news", A, B, "*Not* emphasis: [link](y) & <b>"))
    two = rebuild(one, doc("news", A, "# not a heading", "*Not* emphasis: [link](y) & <b>"), date="2024-03-01")
    page = render_revisions(two.revisions, two.documents)
    assert page.index("## Revision 2, 2024-03-01") < page.index("## Revision 1, 2024-02-01")
    assert "**[The news report](news.md)**" in page
    # The changed word is marked; every character of the text is escaped.
    assert ("- Corrected [`news.p3`](news.md#p3)\n"
            "    - was: &#42;Not&#42; emphasis&#58; <del>&#91;link&#93;(x)</del> &#38; &#60;b&#62;\n"
            "    - now: &#42;Not&#42; emphasis&#58; <ins>&#91;link&#93;(y)</ins> &#38; &#60;b&#62;\n") in page
    assert "*Not*" not in page and "<b>" not in page
    # p2 was retired: its id is shown, linked to the paragraph its citations now reach, with its full text.
    assert (f"- Removed [`news.p2`](news.md#p3) (citations now lead to [`news.p3`](news.md#p3))\n"
            f"    - was: {B}\n") in page
    assert "- Added [`news.p2b`](news.md#p2b): &#35; not a heading" in page


def test_long_corrections_show_the_change_in_context():
    long = " ".join(f"word{k}" for k in range(60))
    page = render_revisions(rebuild(first(doc("news", long)), doc("news", long.replace("word30", "w30"))).revisions,
                            [doc("news", long)])
    assert ("    - was: … word22 word23 word24 word25 word26 word27 word28 word29 <del>word30</del> word31 word32 "
            "word33 word34 word35 word36 word37 word38 …\n") in page


def test_revisions_page_names_merges_and_new_documents():
    base = first(doc("news", D, A, B, E))
    merged = rebuild(base, doc("news", D, f"{A} {B}", E), doc("extra", C, F))
    page = render_revisions(merged.revisions, merged.documents)
    assert "- Merged [`news.p2`](news.md#p2) with the paragraphs after it" in page
    assert "- Removed [`news.p3`](news.md#p2) (merged into [`news.p2`](news.md#p2))" in page
    assert "- New document [The extra report](extra.md), 2 paragraphs." in page
    assert render_revisions((), merged.documents).startswith("The text has not changed")
