"""The chunked search index (edition/search.py): every row in one chunk, every word where the browser looks."""
from __future__ import annotations

import itertools
import json

from hypothesis import given
from hypothesis import strategies as st

from edition import search


def undelta(gaps):
    return list(itertools.accumulate(gaps))


def load(files):
    return {path: json.loads(text) for path, text in files.items()}


def rows_in_chunks(index):
    head = index[search.INDEX_PATH]
    chunks = -(-head["rows"] // head["chunk"])
    assert {p for p in index if p.startswith("search/rows/")} == {f"search/rows/{k}.json" for k in range(chunks)}
    return [row for k in range(chunks) for row in index[f"search/rows/{k}.json"]]


def test_every_paragraph_and_note_is_one_row_in_order(built_edition):
    index = load(search.files(built_edition))
    head = index[search.INDEX_PATH]
    rows = rows_in_chunks(index)
    paragraphs = [p for d in built_edition.documents for p in d.paragraphs]
    assert head["rows"] == len(rows) == len(paragraphs) + len(built_edition.notes)
    assert head["notes"] == len(paragraphs)
    for row, p in zip(rows, paragraphs):
        slug = head["documents"][row[0]][0]
        assert (f"{slug}.p{row[1]}", row[3]) == (p.id, p.text.replace("\n", " "))
        assert (head["speakers"][row[2]] if row[2] >= 0 else "") == (p.speaker or "")
    assert [row[0] for row in rows[len(paragraphs):]] == [f"claims/{n.id}/" for n in built_edition.notes]


def postings_of(index):
    """word → rows, read back from the shards, checking each word is in the shard the browser will fetch."""
    head = index[search.INDEX_PATH]
    found = {}
    for path, terms in index.items():
        if path.startswith("search/terms/"):
            shard = int(path.rsplit("/", 1)[1].split(".")[0])
            for word, gaps in terms.items():
                assert search.shard_of(word, head["shards"]) == shard, word
                found[word] = undelta(gaps)
    return found


def check_postings(index):
    head = index[search.INDEX_PATH]
    rows = rows_in_chunks(index)
    postings = postings_of(index)
    expected = {}
    for at, row in enumerate(rows):
        for word in search.words(search.searched_text(row)):
            if len(word) >= search.PREFIX:
                expected.setdefault(word, set()).add(at)
    assert set(postings) | set(head["frequent"]) == set(expected)
    assert not set(postings) & set(head["frequent"])
    for word, at in postings.items():
        assert at == sorted(expected[word]), word
    limit = search.frequent_limit(len(rows))
    assert all(len(expected[w]) > limit for w in head["frequent"])
    assert all(len(at) <= limit for at in postings.values())
    return postings


def test_every_word_of_three_letters_or_more_leads_to_its_rows(built_edition):
    postings = check_postings(load(search.files(built_edition)))
    assert "counteroffensive" in postings and "zelensky" in postings


def test_a_common_word_is_left_to_the_text_and_a_large_index_has_more_shards(built_edition, monkeypatch):
    small = load(search.files(built_edition))
    monkeypatch.setattr(search, "frequent_limit", lambda rows: 20)
    monkeypatch.setattr(search, "SHARD_BYTES", 512)
    index = load(search.files(built_edition))
    assert "the" in index[search.INDEX_PATH]["frequent"] and not small[search.INDEX_PATH]["frequent"]
    assert index[search.INDEX_PATH]["shards"] > small[search.INDEX_PATH]["shards"]
    check_postings(index)


def test_a_register_entry_leads_to_the_rows_that_name_it(built_edition):
    index = load(search.files(built_edition))
    head = index[search.INDEX_PATH]
    rows = rows_in_chunks(index)
    assert head["names"], "the registers have no entry with two spellings"
    for e in range(len(head["names"])):
        naming = [at for at, row in enumerate(rows)
                  if not isinstance(row[0], str) and len(row) > 4 and any(m[0] == e for m in row[4])]
        assert undelta(index[f"search/names/{e}.json"]) == naming


def test_the_index_is_the_same_bytes_every_time(built_edition):
    assert search.files(built_edition) == search.files(built_edition)


@given(st.sets(st.integers(min_value=0, max_value=10**6)))
def test_gaps_give_back_the_rows(rows):
    assert undelta(search.deltas(sorted(rows))) == sorted(rows)


def test_words_fold_case_accents_apostrophes_and_compatibility_forms():
    assert search.words("Ukraine’s UKRAINE's Kyïv ﬁnal") == ["ukraines", "ukraines", "kyiv", "final"]
    assert search.words("\ufdfa") == [search.fold("\ufdfa")] and " " not in search.fold("\ufdfa")
