"""Tests for edition.suggest: ranking cross-document paragraph pairs for editors."""
from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edition.suggest import (
    Candidate,
    Ranking,
    Suggestion,
    format_json,
    format_text,
    highlight,
    marked,
    note_template,
    pairs_within,
    reading_order,
    recall_at,
    stem,
    suggest,
)

CORPUS = [
    Candidate("alpha.p1", "alpha",
              "In March 2022 the delegations met in Istanbul and initialled a draft agreement on neutrality.",
              "Vladimir Putin"),
    Candidate("alpha.p2", "alpha", "The harvest was poor this year because of the drought in the south."),
    Candidate("alpha.p3", "alpha", "Bondarev says the Minsk agreements were a way to buy time for rearming."),
    Candidate("beta.p1", "beta",
              "The draft agreement initialled in Istanbul in 2022 promised Ukrainian neutrality, "
              "but the talks were abandoned.", "Wang Guan"),
    Candidate("beta.p2", "beta", "Inflation and interest rates dominated the central bank’s report."),
    Candidate("beta.p3", "beta", "Merkel later said the Minsk agreements gave Kyiv time to rearm."),
    Candidate("gamma.p1", "gamma", "NATO expansion was called a colossal mistake by George Kennan in 1998."),
    Candidate("gamma.p2", "gamma", "George Kennan warned in 1998 that NATO expansion was a tragic mistake."),
]
BY_ID = {c.id: c for c in CORPUS}


def pair(s: Suggestion) -> frozenset[str]:
    return frozenset((s.a, s.b))


def test_the_obviously_related_pair_ranks_first_and_says_why():
    best = suggest(CORPUS)[0]
    assert (best.a, best.b) == ("alpha.p1", "beta.p1")
    assert {"Istanbul", "2022"} <= set(best.shared)
    assert 0 < best.score <= 1


def test_second_topic_is_found_too():
    top_pairs = [pair(s) for s in suggest(CORPUS, top=2)]
    assert frozenset(("alpha.p3", "beta.p3")) in top_pairs


def test_same_document_pairs_never_appear():
    # gamma.p1 and gamma.p2 say nearly the same thing, but they are in one document.
    suggestions = suggest(CORPUS, top=100)
    assert suggestions
    assert all(BY_ID[s.a].doc != BY_ID[s.b].doc for s in suggestions)


def test_doc_comes_from_the_candidate_not_the_id():
    moved = [Candidate("gamma.p2", "delta", CORPUS[-1].text)] + CORPUS[:-1]
    best = suggest(moved)[0]
    assert (best.a, best.b) == ("gamma.p1", "gamma.p2")


def test_linked_pairs_are_skipped():
    linked = {frozenset(("beta.p1", "alpha.p1"))}
    suggestions = suggest(CORPUS, linked=linked, top=100)
    assert frozenset(("alpha.p1", "beta.p1")) not in {pair(s) for s in suggestions}
    assert pair(suggestions[0]) == frozenset(("alpha.p3", "beta.p3"))


def test_pairs_are_ordered_ranked_and_cut_at_top():
    suggestions = suggest(CORPUS, top=3)
    assert len(suggestions) == 3
    assert all(s.a < s.b for s in suggestions)
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert suggest(CORPUS, top=0) == []
    assert suggest([], top=5) == []


def test_unrelated_paragraphs_are_not_paired():
    unrelated = frozenset(("alpha.p2", "beta.p2"))
    assert unrelated not in {pair(s) for s in suggest(CORPUS, top=100, ranking=Ranking(context=0.0))}
    # With context (the default) they borrow their neighbours' subjects, but rank below every pair that
    # shares words of its own.
    ranked = [pair(s) for s in suggest(CORPUS, top=100)]
    if unrelated in ranked:
        assert ranked.index(unrelated) > max(ranked.index(frozenset(("alpha.p1", "beta.p1"))),
                                             ranked.index(frozenset(("alpha.p3", "beta.p3"))))


def test_a_short_answer_is_about_what_its_question_asked():
    interview = [Candidate("talk.p1", "talk", "Is the nuclear threat over the Zaporizhzhia plant realistic?",
                           "Interviewer", question=True),
                 Candidate("talk.p2", "talk", "It is part of the climbing game, he bluffs.", "Guest"),
                 Candidate("talk.p3", "talk", "The harvest was poor because of the drought.", "Guest")]
    article = [Candidate("news.p1", "news", "Shelling near the Zaporizhzhia plant raised the nuclear threat."),
               Candidate("news.p2", "news", "Grain prices rose after the drought hit the harvest.")]
    plain = {pair(s) for s in suggest(interview + article, top=10, ranking=Ranking(context=0.0))}
    assert frozenset(("news.p1", "talk.p2")) not in plain  # the answer shares no word with the article
    ranked = [pair(s) for s in suggest(interview + article, top=10)]
    assert frozenset(("news.p1", "talk.p2")) in ranked


def test_a_question_ranks_below_the_claim_it_is_about():
    asked = Candidate("talk.p1", "talk", "Did the Minsk agreements fail because Kyiv never implemented them?",
                      "Interviewer", question=True)
    claimed = Candidate("speech.p1", "speech", "Kyiv never implemented the Minsk agreements, they failed.")
    other = Candidate("news.p1", "news", "The Minsk agreements failed: Kyiv never implemented them.")
    ranked = [pair(s) for s in suggest([asked, claimed, other], top=3, ranking=Ranking(context=0.0))]
    assert ranked[0] == frozenset(("news.p1", "speech.p1"))


def test_spelling_variants_of_a_name_match():
    a = Candidate("a.p1", "a", "The coup in Kiev changed everything for Donbas.")
    b = Candidate("b.p1", "b", "After the coup in Kyiv, the Donbass rose.")
    (best,) = suggest([a, b], top=1, ranking=Ranking(context=0.0))
    spellings = [label for label in best.shared if label.lower() in ("kiev", "kyiv", "donbas", "donbass")]
    assert len(spellings) == 2, best.shared  # one feature each, shown in one of the texts' spellings


def test_reading_order_of_ids():
    ids = ["x.p13", "x.p12c", "x.p1", "x.p12", "x.p0b", "x.p12bb", "x.p12b", "x.p2"]
    assert sorted(ids, key=reading_order) == ["x.p0b", "x.p1", "x.p2", "x.p12", "x.p12b", "x.p12bb", "x.p12c",
                                              "x.p13"]


def test_result_is_stable_across_runs_and_input_order():
    expected = suggest(CORPUS, top=100)
    for seed in range(5):
        shuffled = CORPUS[:]
        random.Random(seed).shuffle(shuffled)
        assert suggest(shuffled, top=100) == expected
    assert format_json(expected, BY_ID) == format_json(suggest(CORPUS, top=100), BY_ID)


def test_ties_are_broken_by_ids():
    # Three copies of one text in three documents: every pair scores the same.
    text = "Minsk agreements Istanbul talks"
    copies = [Candidate(f"{d}.p1", d, text) for d in ("c", "a", "b")]
    suggestions = suggest(copies)
    assert len({s.score for s in suggestions}) == 1
    assert [(s.a, s.b) for s in suggestions] == [("a.p1", "b.p1"), ("a.p1", "c.p1"), ("b.p1", "c.p1")]


def test_long_paragraphs_do_not_dominate():
    short_a = Candidate("a.p1", "a", "Kyiv never implemented the Minsk agreements.")
    short_b = Candidate("b.p1", "b", "The Minsk agreements were never implemented, Kyiv admitted.")
    sprawling = Candidate("c.p1", "c", " ".join([
        "Minsk agreements, Kyiv, implementation, Istanbul talks, NATO expansion, BRICS summits,",
        "the counteroffensive, corruption in procurement, mobilisation, grain exports, sanctions,",
        "energy prices, the Black Sea, Crimea, Donbass, referendums, Bucharest 2008, Maidan 2014.",
    ]))
    suggestions = suggest([short_a, short_b, sprawling])
    assert pair(suggestions[0]) == frozenset(("a.p1", "b.p1"))


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="alpha.p1"):
        suggest(CORPUS + [CORPUS[0]])


@pytest.mark.parametrize("words, expected", [
    (("negotiations", "negotiating", "negotiate", "negotiated"), "negotiat"),
    (("agreements", "agreement", "agreed", "agree"), "agre"),
    (("stopped", "stop", "stops"), "stop"),
    (("countries", "country"), "country"),
])
def test_stem_merges_inflections(words, expected):
    assert {stem(w) for w in words} == {expected}


@pytest.mark.parametrize("word", ["pass", "nato", "us", "crisis"])
def test_stem_leaves_short_and_non_plural_words_alone(word):
    assert stem(word) == word


def test_curly_quotes_and_possessives_do_not_hide_names():
    a = Candidate("a.p1", "a", "“Istanbul” was where the talks stalled, in Zelensky’s view.")
    b = Candidate("b.p1", "b", "Talks in Istanbul were ended, and Zelensky said so.")
    c = Candidate("c.p1", "c", "Nothing else here matches anything above.")
    [best] = suggest([a, b, c], top=1)
    assert {"Istanbul", "Zelensky"} <= set(best.shared)


def test_multi_word_names_are_shown_once():
    a = Candidate("a.p1", "a", "The diplomat Boris Bondarev resigned in protest.")
    b = Candidate("b.p1", "b", "Later, Boris Bondarev spoke to reporters.")
    [best] = suggest([a, b])
    assert "Boris Bondarev" in best.shared
    assert "Boris" not in best.shared and "bondarev" not in best.shared


def test_sentence_initial_capitals_are_not_names():
    a = Candidate("a.p1", "a", "Nothing happened. However the minister left.")
    b = Candidate("b.p1", "b", "Nothing changed. However nobody noticed.")
    assert all("However" not in s.shared and "Nothing" not in s.shared for s in suggest([a, b]))


def test_recall_at_counts_curated_pairs_found():
    suggestions = suggest(CORPUS, top=2)
    curated = {frozenset(("alpha.p1", "beta.p1")), frozenset(("alpha.p2", "beta.p2"))}
    assert recall_at(suggestions, curated) == (1, 2)
    assert recall_at([], curated) == (0, 2)
    assert recall_at(suggestions, set()) == (0, 0)


def test_pairs_within_groups():
    assert pairs_within([["a.p1", "b.p1", "c.p1"], ["a.p1", "a.p1"]]) == {
        frozenset(("a.p1", "b.p1")), frozenset(("a.p1", "c.p1")), frozenset(("b.p1", "c.p1")),
    }


def test_format_text_shows_rank_score_ids_speakers_snippets_and_shared():
    suggestions = suggest(CORPUS, top=2)
    text = format_text(suggestions, BY_ID)
    blocks = text.rstrip("\n").split("\n\n")
    assert len(blocks) == 2
    head, first, second, shared = blocks[0].split("\n")
    assert head == f"1. {suggestions[0].score:.4f}  alpha.p1 ↔ beta.p1"
    # Each side: its text around the shared words, which are marked in both.
    assert first == ("   alpha.p1 (Vladimir Putin): In March **2022** the delegations met in **Istanbul** and "
                     "**initialled** a **draft** **agreement** on **neutrality**.")
    assert second == ("   beta.p1 (Wang Guan): The **draft** **agreement** **initialled** in **Istanbul** in **2022** "
                      "promised Ukrainian **neutrality**, but the talks were abandoned.")
    assert shared.startswith("   shared: ") and "Istanbul" in shared
    assert blocks[1].startswith("2. ")
    assert format_text([], BY_ID) == "No suggestions.\n"


def test_format_json_is_stable_and_complete():
    suggestions = suggest(CORPUS, top=3)
    out = format_json(suggestions, BY_ID)
    data = json.loads(out)
    assert out == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert data["schema"] == 2
    first = data["suggestions"][0]
    assert first["rank"] == 1
    snippet = "In March 2022 the delegations met in Istanbul and initialled a draft agreement…"
    text = CORPUS[0].text
    spans = [[text.index(w), text.index(w) + len(w)]
             for w in ("2022", "Istanbul", "initialled", "draft", "agreement", "neutrality")]
    assert first["a"] == {"id": "alpha.p1", "doc": "alpha", "speaker": "Vladimir Putin", "snippet": snippet,
                          "window": text, "shared_spans": spans, "from_context": False}
    assert first["b"]["id"] == "beta.p1"
    assert first["score"] == round(suggestions[0].score, 4)
    assert first["shared"] == list(suggestions[0].shared)


WORDS = ["minsk", "Istanbul", "NATO", "2014", "treaty", "talks", "grain", "truce", "army", "the", "and"]


@st.composite
def corpora(draw):
    docs = draw(st.lists(st.sampled_from("abcd"), min_size=1, max_size=12))
    paragraphs = [
        Candidate(f"{doc}.p{n}", doc, " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=8))))
        for n, doc in enumerate(docs)
    ]
    ids = [p.id for p in paragraphs]
    linked = set()
    if len(ids) > 1:
        linked = draw(st.sets(st.frozensets(st.sampled_from(ids), min_size=2, max_size=2), max_size=4))
    return paragraphs, linked, draw(st.randoms(use_true_random=False))


@settings(max_examples=200, deadline=None)
@given(corpora(), st.integers(min_value=1, max_value=30))
def test_invariants_hold_for_any_corpus(corpus, top):
    paragraphs, linked, rng = corpus
    suggestions = suggest(paragraphs, linked=linked, top=top)
    docs = {p.id: p.doc for p in paragraphs}
    assert len(suggestions) <= top
    assert len({pair(s) for s in suggestions}) == len(suggestions)
    for s in suggestions:
        assert s.a < s.b
        assert docs[s.a] != docs[s.b]
        assert pair(s) not in linked
        assert s.score > 0 and s.shared
    keys = [(-round(s.score, 4), s.a, s.b) for s in suggestions]
    assert keys == sorted(keys)
    shuffled = paragraphs[:]
    rng.shuffle(shuffled)
    assert suggest(shuffled, linked=linked, top=top) == suggestions


def test_a_long_paragraph_is_shown_around_its_shared_words():
    filler = "Nothing of note happened in the capital that week, and the weather stayed mild. " * 6
    text = filler + "Then the Minsk agreements were declared dead by the envoy."
    shown = highlight(text, ["phrase:minsk agre", "name:minsk", "word:envoy"])
    assert shown.text.startswith("…") and len(shown.text) <= 2 * 80 + 2
    assert [shown.text[s:e] for s, e in shown.spans] == ["Minsk", "agreements", "envoy"]
    assert marked(shown).endswith("**Minsk** **agreements** were declared dead by the **envoy**.")
    assert highlight("Unrelated words only.", ["word:envoy"]).from_context


def test_note_template_is_a_note_the_edition_accepts(tmp_path):
    from edition.notes import load_notes

    a, b = CORPUS[0], CORPUS[3]
    (best,) = [s for s in suggest(CORPUS) if (s.a, s.b) == (a.id, b.id)]
    text = note_template((a, b), best.features, best.shared)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "x.md").write_text(text, encoding="utf-8")
    (note,) = load_notes(tmp_path / "notes", root=tmp_path, known_ids={a.id, b.id}).notes
    assert [t.paragraph for t in note.targets] == [a.id, b.id]
    assert note.targets[0].gloss.startswith("Says: “In March 2022") and note.authors == ("Your Name",)
    assert "Istanbul" in note.title
