"""Scripted edits of real seed texts, with the ids each edit must produce spelled out by hand.

The texts are a frozen copy of the edition's seeds and editorial metadata (tests/fixtures/frozen-seeds/), so
correcting a seed of the edition never needs this test touched. They are read and segmented by the
pipeline's own stages; the base is a first build of them as they are (so ``putin-cmg.p8`` is the 8th body
paragraph of Putin's interview, and so on).
"""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from edition.anchor import SIMILAR, anchor, check_lock, similarity
from edition.editorial import load_editorial
from edition.lock import dump_lock, parse_lock
from edition.model import Document, SourceFile
from edition.read import decode, split_blocks
from edition.segment import segment

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "frozen-seeds"  # a frozen copy of seeds/*.txt and editorial.yml
LOCK = "seeds/anchors.lock"

# Paragraphs of the seeds used below, verbatim.
PUTIN_5 = "Vladimir Putin: Thanks God I do."  # the start of putin-cmg.p5
PUTIN_8 = "Wang Guan: So you mean that you learnt to skate and play hockey, all at once?"
PUTIN_11 = "Vladimir Putin: Please go ahead."
HAIL = "Wang Guan: Mr. President!"  # putin-cmg.p12 and putin-cmg.p22 (p1 is "Wang Guan (retranslated): ...")
BONDAREV_2 = "Russia is open to negotiations with Ukraine, Putin said recently. Is it a turning point?"
BONDAREV_3 = ("Putin would like a ceasefire. At the moment he is losing. Better stop at current positions. You can now "
              "pass as partial success. But after regrouping, he would return to the attack. To turn defeat into "
              "complete success.")


def documents(*edits: tuple[str, str] | tuple[str, str, int]) -> tuple[Document, ...]:
    """The seeds, segmented, after each edit (old, new[, which occurrence, from 1]) of their text."""
    editorial = load_editorial(SEEDS / "editorial.yml", "seeds/editorial.yml")
    texts = {path.name: decode(path.read_bytes(), f"seeds/{path.name}") for path in sorted(SEEDS.glob("*.txt"))}
    for old, new, *which in edits:
        (name,) = [n for n, t in texts.items() if old in t]
        text = texts[name]
        at = -1
        for _ in range(which[0] if which else 1):
            at = text.index(old, at + 1)
        assert which or text.count(old) == 1, f"ambiguous edit: {old!r}"
        texts[name] = text[:at] + new + text[at + len(old):]
    return tuple(d for name, text in texts.items()
                 for d in segment(SourceFile(f"seeds/{name}", name, text, split_blocks(text)), editorial))


@pytest.fixture(scope="module")
def base():
    return anchor(documents(), None, date="2024-01-01", lock_path=LOCK)


def rebuild(base, *edits):
    lock = parse_lock(dump_lock(base.lock), LOCK)
    result = anchor(documents(*edits), lock, date="2024-02-01", lock_path=LOCK)
    again = anchor(result.documents, parse_lock(dump_lock(result.lock), LOCK), date="2024-03-01", lock_path=LOCK)
    assert not again.changed, "rebuilding the edited seeds a second time must change nothing"
    return result


def id_of(result, slug: str, start: str) -> str:
    """The number of the one paragraph of ``slug`` that starts with ``start``."""
    (number,) = [p.number for d in result.documents if d.meta.slug == slug for p in d.paragraphs
                 if p.text.startswith(start)]
    return number


def numbers(result, slug: str) -> list[str]:
    return [p.number for d in result.documents if d.meta.slug == slug for p in d.paragraphs]


def changes(result) -> list[tuple[str, str]]:
    return [(c.kind, c.id) for c in result.revisions[-1].changes]


def unchanged_elsewhere(base, result, *slugs: str) -> None:
    for document in base.documents:
        if document.meta.slug not in slugs:
            assert numbers(result, document.meta.slug) == numbers(base, document.meta.slug)


def test_base_numbering(base):
    assert [(d.meta.slug, len(d.paragraphs)) for d in base.documents] == [
        ("bondarev", 33), ("putin-cmg", 104), ("snider", 19), ("hahn", 15), ("decamp", 7)]
    assert id_of(base, "putin-cmg", PUTIN_5) == "5" and id_of(base, "putin-cmg", PUTIN_8) == "8"
    assert [p.number for d in base.documents if d.meta.slug == "putin-cmg" for p in d.paragraphs
            if p.text == HAIL] == ["12", "22"]


def test_typo_fix_keeps_the_id(base):
    result = rebuild(base, ("Thanks God I do.", "Thank God I do."))
    assert numbers(result, "putin-cmg") == numbers(base, "putin-cmg")
    assert changes(result) == [("corrected", "putin-cmg.p5")]
    unchanged_elsewhere(base, result, "putin-cmg")


def test_reworded_sentences_keep_their_ids(base):
    result = rebuild(base,
                     ("At the moment he is losing.", "Right now he is on the losing side of this war."),
                     (PUTIN_11, "Vladimir Putin: Please, go ahead with your questions."))
    assert numbers(result, "bondarev") == numbers(base, "bondarev")
    assert numbers(result, "putin-cmg") == numbers(base, "putin-cmg")
    assert changes(result) == [("corrected", "bondarev.p3"), ("corrected", "putin-cmg.p11")]


def test_a_paragraph_replaced_by_a_different_one_gets_a_new_id(base):
    result = rebuild(base, (PUTIN_8, "Wang Guan: How do you see the future of BRICS?"))
    assert id_of(result, "putin-cmg", "Wang Guan: How do you see") == "8b"
    assert {r.id: r.successor for r in result.retired} == {"putin-cmg.p8": "putin-cmg.p9"}


def test_inserted_paragraphs(base):
    result = rebuild(base,
                     (PUTIN_11, PUTIN_11 + "\n\nWang Guan: Thank you.\n\nVladimir Putin: You are welcome."),
                     ("“The only real way out", "Editor’s note: this interview was conducted over Zoom.\n\n"
                                                "“The only real way out"),
                     ("“People are stealing like there’s no tomorrow.”",
                      "“People are stealing like there’s no tomorrow.”\n\n"
                      "The Ukrainian presidency did not reply to a request for comment."))
    assert id_of(result, "putin-cmg", "Wang Guan: Thank you.") == "11b"
    assert id_of(result, "putin-cmg", "Vladimir Putin: You are welcome.") == "11c"
    assert id_of(result, "putin-cmg", "Wang Guan: So, let’s start") == "10"
    assert numbers(result, "bondarev")[:3] == ["0b", "1", "2"]
    assert numbers(result, "decamp") == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert [kind for kind, _ in changes(result)] == ["added"] * 4


def test_deleted_paragraphs_are_retired_with_the_nearest_survivor(base):
    last = "In his two recent talks to the press"  # Snider's last paragraph; his biography is a credit line
    snider_last = next(p.text for d in base.documents if d.meta.slug == "snider" for p in d.paragraphs
                       if p.text.startswith(last))
    result = rebuild(base, ("\n\n" + PUTIN_8, ""), ("\n\n" + snider_last, ""))
    assert "8" not in numbers(result, "putin-cmg") and id_of(result, "putin-cmg", "Vladimir Putin: Of course.") == "9"
    assert {r.id: (r.successor, r.reason) for r in result.retired} == {
        "putin-cmg.p8": ("putin-cmg.p9", "removed"),  # the next surviving paragraph
        "snider.p19": ("snider.p18", "removed")}  # the last one: the previous paragraph
    assert numbers(result, "snider")[-1] == "18"


def test_swapped_paragraphs_keep_their_ids(base):
    result = rebuild(base, (f"{BONDAREV_2}\n\n{BONDAREV_3}", f"{BONDAREV_3}\n\n{BONDAREV_2}"))
    assert numbers(result, "bondarev")[:4] == ["1", "3", "2", "4"]
    (move,) = changes(result)
    assert move in {("moved", "bondarev.p2"), ("moved", "bondarev.p3")}


def test_split_keeps_the_id_for_the_first_part(base):
    result = rebuild(base, ("current positions. You can", "current positions.\n\nYou can"),
                     ("Thanks God I do. I think", "Thanks God I do.\n\nI think"))
    assert id_of(result, "bondarev", "Putin would like a ceasefire.") == "3"
    assert id_of(result, "bondarev", "You can now pass") == "3b"
    # Even when the first part is the short one (a 1:1 match would prefer the long second part).
    assert id_of(result, "putin-cmg", PUTIN_5) == "5"
    assert id_of(result, "putin-cmg", "I think that this is necessary") == "5b"
    assert changes(result) == [("split", "bondarev.p3"), ("added", "bondarev.p3b"),
                               ("split", "putin-cmg.p5"), ("added", "putin-cmg.p5b")]


def test_merge_keeps_the_first_id(base):
    result = rebuild(base, ("Mr. President!\n\nFirst of all, please accept",
                            "Mr. President! First of all, please accept"))
    assert numbers(result, "putin-cmg")[:3] == ["1", "3", "4"]
    assert {r.id: (r.successor, r.reason) for r in result.retired} == {"putin-cmg.p2": ("putin-cmg.p1", "merged")}
    assert changes(result) == [("merged", "putin-cmg.p1"), ("retired", "putin-cmg.p2")]


@pytest.mark.parametrize("which, gone, survivor, successor", [(1, "12", "22", "13"), (2, "22", "12", "23")])
def test_identical_paragraphs_keep_distinct_ids(base, which, gone, survivor, successor):
    result = rebuild(base, (f"{HAIL}\n\n", "", which), ("Thanks God I do.", "Thank God I do."))
    assert [p.number for d in result.documents if d.meta.slug == "putin-cmg" for p in d.paragraphs
            if p.text == HAIL] == [survivor]
    assert {r.id: r.successor for r in result.retired} == {f"putin-cmg.p{gone}": f"putin-cmg.p{successor}"}
    assert len(numbers(result, "putin-cmg")) == len(set(numbers(result, "putin-cmg")))


def test_many_edits_at_once_and_a_stale_lock_is_reported(base):
    result = rebuild(base, ("Thanks God I do.", "Thank God I do."), ("\n\n" + PUTIN_8, ""),
                     (PUTIN_11, PUTIN_11 + "\n\nWang Guan: Thank you."),
                     (f"{BONDAREV_2}\n\n{BONDAREV_3}", f"{BONDAREV_3}\n\n{BONDAREV_2}"))
    move, *rest = changes(result)
    assert move in {("moved", "bondarev.p2"), ("moved", "bondarev.p3")}
    assert rest == [("corrected", "putin-cmg.p5"), ("retired", "putin-cmg.p8"), ("added", "putin-cmg.p11b")]
    lock = parse_lock(dump_lock(base.lock), LOCK)
    problems = check_lock(lock, anchor(documents(("Thanks God I do.", "Thank God I do.")), lock, date="2024-02-01"),
                          LOCK)
    assert [str(p) for p in problems] == [
        f"{LOCK}:{lock.lines['putin-cmg.p5']}: the lock does not match the seeds of 'putin-cmg' (1 corrected); "
        f"run `make build` and commit {LOCK} [lock.stale]"]


# ------------------------------------------------------------------------ the similarity threshold, measured

REAL_EDITS = [  # (paragraph start, old, new, similarity measured): typos and rewordings of real paragraphs
    ("Vladimir Putin: Thanks God", "Thanks God", "Thank God", 0.985),
    ("The report said that despite", "Zelensky", "Zelenskyy", 0.984),
    ("Putin would like a ceasefire.", "At the moment he is losing.", "Right now he is on the losing side of this war.",
     0.884),
    ("Vladimir Putin: Please go ahead.", "Please go ahead.", "Please, go ahead with your questions.", 0.778),
    ("So is a diplomatic solution", "really impractical?", "really out of reach?", 0.778),
    ("In short, you see no way out?", "In short, you see no way out?", "So you see no way out at all?", 0.667),
]


def test_threshold_separates_real_edits_from_different_paragraphs(base):
    """Real edits score above SIMILAR; different paragraphs of one document score well below it."""
    paragraphs = {d.meta.slug: [p.text for p in d.paragraphs] for d in base.documents}
    texts = [t for ts in paragraphs.values() for t in ts]
    for start, old, new, measured in REAL_EDITS:
        (text,) = [t for t in texts if t.startswith(start)]
        assert similarity(text, text.replace(old, new, 1)) == pytest.approx(measured, abs=0.001)
        assert measured >= SIMILAR
    scores = sorted(((similarity(a, b), a, b) for ts in paragraphs.values() for a, b in itertools.combinations(ts, 2)
                     if a != b), reverse=True)
    # The closest pair is really one line, with and without a "(retranslated)" remark in the speaker label...
    assert {scores[0][1], scores[0][2]} == {HAIL, "Wang Guan (retranslated): Mr. President!"}
    assert scores[0][0] == pytest.approx(0.824, abs=0.001)
    # ...and every other pair of different paragraphs is far below the threshold.
    others = [score for score, a, b in scores if {a, b} != {HAIL, "Wang Guan (retranslated): Mr. President!"}]
    assert others[0] < SIMILAR - 0.15
