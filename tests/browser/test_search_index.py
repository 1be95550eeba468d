"""The search index and the script that reads it agree on what a word is.

``edition/search.py`` files each word under its first letters; ``search.js`` cuts the reader's query into
words and looks them up there. A character the two treat differently (a letter one calls punctuation, a
compatibility form one decomposes and the other not) would be a paragraph the search never fetches, so the
two are held against each other on the edition's own text and on generated text.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edition import search as search_index

# Assigned characters only: a code point unassigned in Python's Unicode data may be a letter in Chromium's.
TEXT = st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs"), exclude_characters="\u2028\u2029")
               | st.sampled_from("'’ \ufdfa\ufb01\u00bd\u2460\u0130\u00df\u1e9e"), max_size=40)


def js_words(page, texts):
    return page.evaluate("texts => texts.map(Edition.search.words)", texts)


def test_the_editions_text_is_cut_into_the_same_words(page, site_data):
    page.goto("/")
    texts = [p["text"] for p in site_data["paragraphs"]]
    assert js_words(page, texts) == [search_index.words(t) for t in texts]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TEXT, min_size=1, max_size=10))
def test_any_text_is_cut_into_the_same_words_and_shards(page, texts):
    if page.url == "about:blank":
        page.goto("/")
    assert js_words(page, texts) == [search_index.words(t) for t in texts]
    found = [w for t in texts for w in search_index.words(t)]
    shards = page.evaluate("words => words.map(w => Edition.search.shard(w, 4096))", found)
    assert shards == [search_index.shard_of(w, 4096) for w in found]
