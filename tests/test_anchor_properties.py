"""Random documents, random edit scripts over several rebuilds: the invariants citations rely on.

Paragraphs are random words plus a serial word, so two are equal only when meant to be: the edit scripts
also insert copies of a few stock lines ("Mr. President!") to exercise identical paragraphs.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from edition.anchor import anchor
from edition.lock import RE_ID, dump_lock, number_key, parse_lock, split_id
from edition.model import Document, DocumentMeta, Paragraph

WORDS = ("river bridge harvest ministry sandbags rain schools mayor brigade insurance street council "
         "minister treaty border army peace talks winter grain").split()
STOCK = ("Mr. President!", "Thank you.", "Yes.")
OPS = ("insert", "insert_stock", "delete", "typo", "split", "merge", "swap")
LOCK = "seeds/anchors.lock"


@dataclass
class Corpus:
    """The documents being edited, with a serial number making each new paragraph's text unique."""

    docs: dict[str, list[str]] = field(default_factory=dict)
    serial: int = 0
    disorder: Counter = field(default_factory=Counter)  # per document: edits that may put ids out of order

    def fresh(self, words: list[str]) -> str:
        self.serial += 1
        return " ".join([*words, f"s{self.serial}"]) + "."

    def apply(self, op: str, slug: str, at: int, words: list[str]) -> str | None:
        """Apply one edit; return its kind if it was applied ("typo" edits only touch long paragraphs)."""
        texts = self.docs[slug]
        k = at % len(texts)
        editable = texts[k] not in STOCK
        if op == "insert":
            texts.insert(at % (len(texts) + 1), self.fresh(words))
        elif op == "insert_stock":
            texts.insert(at % (len(texts) + 1), STOCK[len(words) % len(STOCK)])
            self.disorder[slug] += 1  # a copy inserted where another was deleted is indistinguishable from a move
        elif op == "delete" and len(texts) > 1:
            if not editable:
                self.disorder[slug] += 1
            del texts[k]
        elif op == "typo" and editable and len(texts[k].split()) >= 6:
            tokens = texts[k].split()
            self.serial += 1
            tokens[len(words) % (len(tokens) - 1)] = f"t{self.serial}"  # never the serial word at the end
            texts[k] = " ".join(tokens)
        elif op == "split" and editable and len(texts[k].split()) >= 2:
            tokens = texts[k].split()
            cut = 1 + len(words) % (len(tokens) - 1)
            texts[k:k + 1] = [self.fresh(tokens[:cut]), self.fresh(tokens[cut:])]  # each part stays unique
        elif op == "merge" and k + 1 < len(texts) and editable and texts[k + 1] not in STOCK:
            texts[k:k + 2] = [texts[k] + " " + texts[k + 1]]
        elif op == "swap" and k + 1 < len(texts):
            texts[k], texts[k + 1] = texts[k + 1], texts[k]
            self.disorder[slug] += 1
        else:
            return None
        return op

    def documents(self) -> list[Document]:
        return [Document(DocumentMeta(slug=slug, title=slug, authors=(), outlet=None, date=None, kind="article",
                                      seed="x.txt"),
                         tuple(Paragraph(text=t, raw=t, line=k + 1, index=k) for k, t in enumerate(texts)))
                for slug, texts in self.docs.items()]


paragraph_words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12)
edits = st.tuples(st.sampled_from(OPS), st.integers(0, 2), st.integers(0, 60), paragraph_words)
scenarios = st.tuples(
    st.lists(st.lists(st.one_of(paragraph_words, st.sampled_from(STOCK)), min_size=1, max_size=15),
             min_size=1, max_size=3),
    st.lists(st.tuples(st.lists(edits, max_size=6), st.booleans()), min_size=1, max_size=4),
)


def by_document(anchored) -> dict[str, list[tuple[str, str]]]:
    return {d.meta.slug: [(p.id, p.text) for p in d.paragraphs] for d in anchored.documents}


@settings(max_examples=200, deadline=None)
@given(scenarios)
def test_ids_survive_random_edit_scripts(scenario):
    initial, rebuilds = scenario
    corpus = Corpus()
    for k, paragraphs in enumerate(initial):
        corpus.docs[f"doc{k}"] = [p if isinstance(p, str) else corpus.fresh(p) for p in paragraphs]
    previous = anchor(corpus.documents(), None, date="2024-01-01", lock_path=LOCK)
    ever_issued = set(previous.lock.issued())
    check_state(previous, corpus)

    for day, (script, add_document) in enumerate(rebuilds, start=2):
        applied = [corpus.apply(op, f"doc{d % len(corpus.docs)}", at, words) for op, d, at, words in script]
        if add_document:
            corpus.docs[f"doc{len(corpus.docs)}"] = [corpus.fresh(["new", "document"])]
        lock = parse_lock(dump_lock(previous.lock), LOCK)
        assert lock == previous.lock
        current = anchor(corpus.documents(), lock, date=f"2024-01-{day:02d}", lock_path=LOCK)
        check_state(current, corpus)
        check_transition(previous, current, ever_issued, typos_only=all(a in ("typo", None) for a in applied)
                         and not add_document)
        ever_issued |= current.lock.issued()
        previous = current


def check_state(anchored, corpus: Corpus) -> None:
    live = {p.id for d in anchored.documents for p in d.paragraphs}
    for slug, paragraphs in by_document(anchored).items():
        ids = [i for i, _ in paragraphs]
        assert [t for _, t in paragraphs] == corpus.docs[slug]
        assert all(RE_ID.match(i) and split_id(i)[0] == slug for i in ids)
        assert len(set(ids)) == len(ids), "identical paragraphs must keep distinct ids"
        keys = [number_key(split_id(i)[1]) for i in ids]
        out_of_order = len(ids) - longest_increasing_length(keys)
        assert out_of_order <= corpus.disorder[slug], "ids read in order unless paragraphs were moved"
        # The lock records enough to rebuild each document's order exactly.
        assert [p.id for p in anchored.lock.documents()[slug]] == ids
    for record in anchored.retired:
        assert record.successor in live and split_id(record.successor)[0] == split_id(record.id)[0]
    assert {r.id for r in anchored.retired} | live == anchored.lock.issued()
    assert not live & {r.id for r in anchored.retired}
    # Rebuilding the same text changes nothing, byte for byte.
    again = anchor(corpus.documents(), parse_lock(dump_lock(anchored.lock), LOCK), date="2099-01-01", lock_path=LOCK)
    assert not again.changed and dump_lock(again.lock) == dump_lock(anchored.lock)


def check_transition(previous, current, ever_issued: set[str], typos_only: bool) -> None:
    before, after = by_document(previous), by_document(current)
    old_text = {i: t for paragraphs in before.values() for i, t in paragraphs}
    # No id is ever reissued, and every id ever issued is still known.
    for paragraph_id in {i for ps in after.values() for i, _ in ps} - set(old_text):
        assert paragraph_id not in ever_issued, f"{paragraph_id} was issued before"
    assert ever_issued <= current.lock.issued()
    for slug, paragraphs in after.items():
        if slug not in before:
            continue
        old_counts = Counter(t for _, t in before[slug])
        new_counts = Counter(t for _, t in paragraphs)
        kept = Counter(t for i, t in paragraphs if old_text.get(i) == t)
        for text, count in new_counts.items():
            # Unchanged paragraphs keep ids that named the same text: as many as survive.
            assert kept[text] == min(count, old_counts[text]), text
            if count == 1 and old_counts[text] == 1:  # and a paragraph with a unique text keeps its own id
                (old_id,) = [i for i, t in before[slug] if t == text]
                assert (old_id, text) in paragraphs
        if typos_only:
            assert [i for i, _ in paragraphs] == [i for i, _ in before[slug]], "a typo fix keeps the id"
    if not current.changed:
        assert current.revisions == previous.revisions


def longest_increasing_length(keys: list) -> int:
    import bisect

    tails: list = []
    for key in keys:
        at = bisect.bisect_left(tails, key)
        tails[at:at + 1] = [key]
    return len(tails)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(paragraph_words, st.sampled_from(STOCK)), min_size=1, max_size=20),
       st.lists(st.tuples(st.integers(0, 60), paragraph_words), min_size=1, max_size=5))
def test_typo_fixes_keep_every_id(paragraphs, typos):
    corpus = Corpus()
    corpus.docs["doc"] = [p if isinstance(p, str) else corpus.fresh(p) for p in paragraphs]
    first = anchor(corpus.documents(), None, date="2024-01-01", lock_path=LOCK)
    one_per_paragraph = {at % len(paragraphs): words for at, words in typos}
    for at, words in one_per_paragraph.items():
        corpus.apply("typo", "doc", at, words)
    result = anchor(corpus.documents(), first.lock, date="2024-01-02", lock_path=LOCK)
    assert [p.id for p in result.documents[0].paragraphs] == [p.id for p in first.documents[0].paragraphs]
    assert result.retired == ()
