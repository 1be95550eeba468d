"""Stage 3, anchor: give every body paragraph a citable id that survives editing of the seeds.

An id is ``<slug>.p<number>`` (``bondarev.p12``, on the web ``bondarev/#p12``). The first build numbers each
document's paragraphs 1..n. Every later build reconciles the documents with the anchor lock
(:mod:`edition.lock`), which remembers each live paragraph's text and every id ever issued:

* an unchanged paragraph keeps its id wherever it moved in its document; identical paragraphs ("Mr.
  President!") are told apart by their place, so each keeps its own id;
* a corrected paragraph (typo fixed, sentence reworded) keeps its id when it is still at least
  :data:`SIMILAR` alike (see below); one moved *and* edited must be :data:`SIMILAR_ELSEWHERE` alike;
* a split paragraph's first part keeps the id and the other parts get new ids; a merged paragraph keeps the
  first id and the others are retired with it as successor;
* a deleted paragraph's id is retired, never reused, with the nearest surviving paragraph (the next one, or
  the previous one at the end) as successor; successors retired later are followed to a live paragraph;
* a new paragraph gets a number never issued in its document that reads in order between its neighbours;
* a new document is numbered 1..n; a document in the lock that no seed produces any more is refused with a
  :class:`LockError` (``lock.document-removed``): retiring its ids would leave citations with no live
  paragraph to lead to, and a renamed slug would silently renumber it, so the editor restores the seed or
  the slug instead (see :func:`_removed_documents`).

Numbers between two others. After an integer come letters compared like a dictionary, ``12 < 12ab < 12b <
12bb < 12c < 13``, and issued letters never end in "a". "a" works like a trailing zero in a decimal
fraction: since nothing ends in it, there is room before every number (before ``12b`` comes ``12ab``, before
``12ab`` comes ``12aab``), so a paragraph can always be inserted anywhere without renumbering, which a scheme
starting at ``12a`` cannot do (nothing fits between ``12`` and ``12a``). The shortest, then smallest, free
number is chosen, so paragraphs inserted after p12 become p12b, p12c, …; between p12b and p12c comes p12bb;
before p1 comes p0b; after the last paragraph the next integer after every number ever issued. Numbers
already issued (retired ones included) are skipped, so an id is never reissued.

Moved paragraphs keep their ids, so a document's ids read in order except where paragraphs were moved.

Similarity is the ratio of matching tokens (difflib's ``ratio`` over lower-cased words and punctuation marks:
twice the matched tokens over all tokens). Measured on edits of the real seeds
(tests/test_anchor_seed_edits.py): a typo fix scores 0.98, a sentence reworded in a paragraph of several
0.88, a short line reworded ("Please go ahead." → "Please, go ahead with your questions.") 0.78, a short
question rewritten ("In short, you see no way out?" → "So you see no way out at all?") 0.67; while two
different paragraphs of one document score at most 0.42 (apart from "Wang Guan: Mr. President!" and "Wang
Guan (retranslated): Mr. President!", 0.82, which really are one line). :data:`SIMILAR` = 0.6 lies between
and applies where the position agrees (the paragraph lies between the same unchanged neighbours); a
paragraph both moved and edited has no such evidence and must reach :data:`SIMILAR_ELSEWHERE` = 0.8.

Cost is near-linear: paragraphs are matched by exact text first (a patience diff: texts unique on both
sides anchor the alignment, recursively), so only the few paragraphs left between two anchors are compared,
by a small dynamic programme that also finds splits and merges; what remains is matched through an index of
word pairs, comparing each paragraph with at most :data:`CANDIDATES` others.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Sequence

from .errors import Location, LockError, Problem
from .lock import (LETTERS, AnchorLock, LockedParagraph, id_key, longest_increasing, make_lock, number_key,
                   order_hints, split_id)
from .model import Change, Document, Retired, Revision

SIMILAR = 0.6  # keep the id of a paragraph edited in place at least this alike
SIMILAR_ELSEWHERE = 0.8  # ... or edited and moved between different neighbours
MAX_PARTS = 3  # a split or merge involves at most this many paragraphs
ALIGN_CELLS = 400  # the largest gap (old × new paragraphs) aligned by similarity; larger ones use the index
REPEATED_CELLS = 10_000  # the largest stretch of repeated texts aligned exactly; larger ones pair k-th copies
CANDIDATES = 3  # paragraphs compared with each unmatched one when searching the index
COMMON_PAIR = 50  # word pairs in more unmatched paragraphs than this are useless for finding candidates
PART_PENALTY = 2  # a split or merge must match more words than the single paragraph it extends

RE_TOKEN = re.compile(r"\w+|[^\w\s]")
RE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PAD = "a"  # issued numbers never end in it, so there is always room before any number

KIND_ORDER = {"split": 0, "merged": 1, "corrected": 2, "moved": 3, "added": 4, "retired": 5}


@dataclass(frozen=True)
class Anchored:
    """The anchor stage's result."""

    documents: tuple[Document, ...]  # paragraphs with id and number filled
    lock: AnchorLock
    retired: tuple[Retired, ...]  # all retired ids, successor resolved to a live id, sorted
    revisions: tuple[Revision, ...]  # full history, oldest first
    changed: bool  # lock differs from the input lock


# ------------------------------------------------------------------------------------------------ numbering

def letters_between(low: str, high: str | None) -> str:
    """The shortest, then smallest, letters strictly between ``low`` and ``high`` (None: no upper bound).

    Letters compare like a dictionary; the result never ends in :data:`PAD`. ``low`` may be "" (the bare
    integer); ``high`` must not end in :data:`PAD`, which guarantees an answer.
    """
    for length in range(1, len(low) + len(high or "") + 3):
        if len(low) < length:  # extend low: low + "a…ab" is the smallest longer string above it
            candidate = low + PAD * (length - len(low) - 1) + "b"
        else:  # raise the last letter of low[:length] that can be raised
            prefix = low[:length]
            at = next((k for k in range(length - 1, -1, -1) if prefix[k] != "z"), None)
            if at is None:
                continue
            candidate = prefix[:at] + LETTERS[LETTERS.index(prefix[at]) + 1]
            if at < length - 1:
                candidate += PAD * (length - at - 2) + "b"
        if high is None or candidate < high:
            return candidate
    raise ValueError(f"no letters between {low!r} and {high!r}")  # only if high ends in the pad letter


def fresh_numbers(issued: list[tuple[int, str]], high: str | None, count: int) -> list[str]:
    """``count`` numbers, increasing, never issued, all below ``high`` and above every issued number below it.

    ``issued`` is the sorted keys of every number issued in the document; ``high`` the number of the next
    paragraph kept in order (None at the end of the document).
    """
    if high is None:
        start = (issued[-1][0] if issued else 0) + 1
        return [str(start + k) for k in range(count)]
    high_key = number_key(high)
    below = bisect.bisect_left(issued, high_key)
    integer, letters = issued[below - 1] if below else (0, "")  # 0 is never issued, so p0b precedes p1
    upper = high_key[1] if high_key[0] == integer else None
    numbers = []
    for _ in range(count):
        letters = letters_between(letters, upper)
        numbers.append(f"{integer}{letters}")
    return numbers


# ------------------------------------------------------------------------------------------------ matching

@dataclass(frozen=True)
class _Group:
    """Old paragraphs matched with new ones: one to one, one split into several, or several merged."""

    old: tuple[int, ...]
    new: tuple[int, ...]


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of (old, new) pairs, given sorted by new, whose old indexes also increase."""
    return [pairs[k] for k in longest_increasing([old for old, _ in pairs])]


def align_exact(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int]]:
    """In-order pairs (old index, new index) of identical texts: a patience diff.

    Common leading and trailing texts are paired; then texts occurring once on each side anchor the
    alignment and the stretches between anchors are aligned the same way. Repeated texts ("Mr.
    President!") become unique inside a stretch, so each copy pairs with the copy in its own place.
    """
    pairs: list[tuple[int, int]] = []
    stack = [(0, len(old), 0, len(new))]
    while stack:
        a0, a1, b0, b1 = stack.pop()
        while a0 < a1 and b0 < b1 and old[a0] == new[b0]:
            pairs.append((a0, b0))
            a0, b0 = a0 + 1, b0 + 1
        while a0 < a1 and b0 < b1 and old[a1 - 1] == new[b1 - 1]:
            a1, b1 = a1 - 1, b1 - 1
            pairs.append((a1, b1))
        if a0 == a1 or b0 == b1:
            continue
        anchors = _anchors(old, a0, a1, new, b0, b1)
        if not anchors:  # nothing identical left: a gap for the similarity matching
            continue
        pairs.extend(anchors)
        for (i0, j0), (i1, j1) in zip([(a0 - 1, b0 - 1), *anchors], [*anchors, (a1, b1)]):
            if i1 - i0 > 1 and j1 - j0 > 1:
                stack.append((i0 + 1, i1, j0 + 1, j1))
    return sorted(pairs)


def _anchors(old, a0, a1, new, b0, b1) -> list[tuple[int, int]]:
    """In-order pairs of texts unique in both stretches; failing that, a longest common run of repeated texts."""
    where: dict[str, list[int]] = {}
    for i in range(a0, a1):
        where.setdefault(old[i], []).append(i)
    found: dict[str, list[int]] = {}
    for j in range(b0, b1):
        if new[j] in where:
            found.setdefault(new[j], []).append(j)
    unique = sorted((where[t][0], js[0]) for t, js in found.items() if len(js) == 1 and len(where[t]) == 1)
    if unique:
        return _increasing(sorted(unique, key=lambda p: p[1]))
    if not found:
        return []
    if (a1 - a0) * (b1 - b0) <= REPEATED_CELLS:
        return _longest_common(old, a0, a1, new, b0, b1)
    copies = sorted((i, j) for t, js in found.items() for i, j in zip(where[t], js))  # k-th copy with k-th copy
    return _increasing(sorted(copies, key=lambda p: p[1]))


def _longest_common(old, a0, a1, new, b0, b1) -> list[tuple[int, int]]:
    """A longest common subsequence of two short stretches (only ever stretches of repeated texts)."""
    m, n = a1 - a0, b1 - b0
    table = [[0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        row, below = table[i], table[i + 1]
        for j in range(n - 1, -1, -1):
            row[j] = below[j + 1] + 1 if old[a0 + i] == new[b0 + j] else max(below[j], row[j + 1])
    pairs, i, j = [], 0, 0
    while i < m and j < n:
        if old[a0 + i] == new[b0 + j]:
            pairs.append((a0 + i, b0 + j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def tokens(text: str) -> list[str]:
    """Lower-cased words and punctuation marks: what similarity compares."""
    return RE_TOKEN.findall(text.lower())


def similarity(a: str, b: str) -> float:
    """How alike two paragraphs are, from 0 to 1: twice the matching tokens over all tokens."""
    ta, tb = tokens(a), tokens(b)
    return SequenceMatcher(None, ta, tb, autojunk=False).ratio() if ta or tb else 1.0


class _Similarity:
    """Word-token similarity of paragraphs and runs of paragraphs, cached."""

    def __init__(self, old: Sequence[str], new: Sequence[str]):
        self.old, self.new = old, new
        self._tokens: dict[tuple[str, int], list[str]] = {}

    def tokens(self, side: str, index: int) -> list[str]:
        key = (side, index)
        if key not in self._tokens:
            text = (self.old if side == "old" else self.new)[index]
            self._tokens[key] = tokens(text)
        return self._tokens[key]

    def matched(self, old: Sequence[int], new: Sequence[int], threshold: float) -> int:
        """Twice the number of matching tokens if the runs are at least ``threshold`` alike, else 0."""
        a = [t for i in old for t in self.tokens("old", i)]
        b = [t for j in new for t in self.tokens("new", j)]
        total = len(a) + len(b)
        if not total or 2 * min(len(a), len(b)) < threshold * total:  # the ratio cannot reach the threshold
            return 0
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        if matcher.quick_ratio() < threshold:
            return 0
        twice = 2 * sum(block.size for block in matcher.get_matching_blocks())
        return twice if twice >= threshold * total else 0


def _align_similar(olds: list[int], news: list[int], alike: _Similarity) -> list[_Group]:
    """Best in-order matching of a small gap, allowing splits and merges (dynamic programming).

    Scores count matching words, so a split or merge is chosen only when its extra parts add words.
    """
    shapes = [(1, 1)] + [(1, k) for k in range(2, MAX_PARTS + 1)] + [(k, 1) for k in range(2, MAX_PARTS + 1)]
    m, n = len(olds), len(news)
    score = [[0] * (n + 1) for _ in range(m + 1)]
    move: list[list[tuple[int, int, bool]]] = [[(0, 0, False)] * (n + 1) for _ in range(m + 1)]
    for i in range(m + 1):
        for j in range(n + 1):
            if i == 0 and j == 0:
                continue
            best, step = -1, (0, 0, False)
            if i and score[i - 1][j] > best:
                best, step = score[i - 1][j], (1, 0, False)
            if j and score[i][j - 1] > best:
                best, step = score[i][j - 1], (0, 1, False)
            for k, l in shapes:
                if k <= i and l <= j:
                    gain = alike.matched(olds[i - k:i], news[j - l:j], SIMILAR)
                    gain -= PART_PENALTY * (k + l - 2) if gain else 0
                    if gain > 0 and score[i - k][j - l] + gain > best:
                        best, step = score[i - k][j - l] + gain, (k, l, True)
            score[i][j], move[i][j] = best, step
    groups = []
    i, j = m, n
    while i or j:
        k, l, matched = move[i][j]
        if matched:
            groups.append(_Group(tuple(olds[i - k:i]), tuple(news[j - l:j])))
        i, j = i - k, j - l
    return groups


def _match_by_index(olds: list[int], news: list[int], alike: _Similarity, threshold: float) -> list[_Group]:
    """One-to-one matches found through shared word pairs, best first; no paragraph compared with all."""
    def pairs(words: list[str]) -> set:
        return set(zip(words, words[1:])) or set(words)

    index: dict = defaultdict(list)
    for i in olds:
        for pair in pairs(alike.tokens("old", i)):
            index[pair].append(i)
    found = []
    for j in news:
        shared: Counter = Counter()
        for pair in pairs(alike.tokens("new", j)):
            if len(posting := index.get(pair, ())) <= COMMON_PAIR:
                shared.update(posting)
        for i, _ in shared.most_common(CANDIDATES):
            if twice := alike.matched([i], [j], threshold):
                total = len(alike.tokens("old", i)) + len(alike.tokens("new", j))
                found.append((-twice / total, j, i))
    groups, taken_old, taken_new = [], set(), set()
    for _, j, i in sorted(found):
        if i not in taken_old and j not in taken_new:
            taken_old.add(i)
            taken_new.add(j)
            groups.append(_Group((i,), (j,)))
    return groups


def match(old: Sequence[str], new: Sequence[str]) -> list[_Group]:
    """Match a document's old paragraph texts (in their old order) with its new ones."""
    exact = align_exact(old, new)
    groups = [_Group((i,), (j,)) for i, j in exact]
    used_old = {i for i, _ in exact}
    used_new = {j for _, j in exact}
    # Moved paragraphs: identical texts left over on both sides.
    left: dict[str, deque[int]] = defaultdict(deque)
    for i in range(len(old)):
        if i not in used_old:
            left[old[i]].append(i)
    for j in range(len(new)):
        if j not in used_new and left.get(new[j]):
            i = left[new[j]].popleft()
            groups.append(_Group((i,), (j,)))
            used_old.add(i)
            used_new.add(j)
    # Edited paragraphs, first where they stand: in each gap between consecutive exact matches.
    alike = _Similarity(old, new)
    for (i0, j0), (i1, j1) in zip([(-1, -1), *exact], [*exact, (len(old), len(new))]):
        if i1 - i0 < 2 or j1 - j0 < 2:  # adjacent matches, the usual case: no paragraph between them on one side
            continue
        olds = [i for i in range(i0 + 1, i1) if i not in used_old]
        news = [j for j in range(j0 + 1, j1) if j not in used_new]
        if not olds or not news:
            continue
        if len(olds) * len(news) <= ALIGN_CELLS:
            found = _align_similar(olds, news, alike)
        else:
            found = _match_by_index(olds, news, alike, SIMILAR)
        for group in found:
            groups.append(group)
            used_old.update(group.old)
            used_new.update(group.new)
    # Then anywhere in the document: paragraphs both moved and edited.
    olds = [i for i in range(len(old)) if i not in used_old]
    news = [j for j in range(len(new)) if j not in used_new]
    if olds and news:
        groups.extend(_match_by_index(olds, news, alike, SIMILAR_ELSEWHERE))
    return sorted(groups, key=lambda g: g.new[0])


# ------------------------------------------------------------------------------------------ reconciliation

@dataclass(frozen=True)
class _Outcome:
    numbers: list[str]
    retired: list[Retired]
    changes: list[Change]


def _reconcile(slug: str, old: list[LockedParagraph], new: list[str], issued: list[tuple[int, str]],
               date: str) -> _Outcome:
    """Number one document's new paragraphs against its locked ones; record what changed."""
    old_texts = [p.text for p in old]
    old_number = [split_id(p.id)[1] for p in old]
    groups = match(old_texts, new)

    numbers: list[str | None] = [None] * len(new)
    for group in groups:
        numbers[group.new[0]] = old_number[group.old[0]]
    # New paragraphs take numbers between the kept paragraphs that are still in number order around them.
    kept = [j for j in range(len(new)) if numbers[j] is not None]
    in_order = {kept[k] for k in longest_increasing([number_key(numbers[j]) for j in kept])}
    pending: list[int] = []
    for j in range(len(new) + 1):
        if j < len(new) and j not in in_order:
            if numbers[j] is None:
                pending.append(j)
            continue
        if pending:
            for at, number in zip(pending, fresh_numbers(issued, numbers[j] if j < len(new) else None,
                                                         len(pending))):
                numbers[at] = number
                bisect.insort(issued, number_key(number))
            pending = []

    def pid(number: str) -> str:
        return f"{slug}.p{number}"

    changes: list[Change] = []
    retired: list[Retired] = []
    # Paragraphs out of their old relative order were moved.
    by_new = sorted(groups, key=lambda g: g.new[0])
    staying = {by_new[k] for k in longest_increasing([g.old[0] for g in by_new])}
    for group in groups:
        first = pid(numbers[group.new[0]])
        before = old_texts[group.old[0]]
        if len(group.new) > 1:
            changes.append(Change("split", first, before, new[group.new[0]]))
            changes.extend(Change("added", pid(numbers[j]), None, new[j]) for j in group.new[1:])
        elif len(group.old) > 1:
            changes.append(Change("merged", first, before, new[group.new[0]]))
            for i in group.old[1:]:
                changes.append(Change("retired", pid(old_number[i]), old_texts[i], None, first))
                retired.append(Retired(pid(old_number[i]), first, date, "merged"))
        elif before != new[group.new[0]]:
            changes.append(Change("corrected", first, before, new[group.new[0]]))
        if group not in staying:
            changes.append(Change("moved", first, None, new[group.new[0]]))
    matched_new = {j for g in groups for j in g.new}
    changes.extend(Change("added", pid(numbers[j]), None, new[j]) for j in range(len(new)) if j not in matched_new)
    # A deleted paragraph leads to the next surviving one, or the previous one at the end.
    surviving = sorted(g.old[0] for g in groups)
    matched_old = {i for g in groups for i in g.old}
    for i in range(len(old)):
        if i in matched_old:
            continue
        after = bisect.bisect_left(surviving, i)
        if after < len(surviving):
            successor = old[surviving[after]].id
        elif surviving:
            successor = old[surviving[-1]].id
        else:  # every paragraph was replaced: the document's first paragraph
            successor = pid(numbers[0])
        changes.append(Change("retired", old[i].id, old[i].text, None, successor))
        retired.append(Retired(old[i].id, successor, date, "removed"))
    return _Outcome(numbers, retired, changes)


def anchor(documents: Sequence[Document], lock: AnchorLock | None, *, date: str,
           lock_path: str = "seeds/anchors.lock") -> Anchored:
    """Give every paragraph its id, reconciling with ``lock`` (None on the first build).

    ``date`` (ISO) stamps new retirements and the revision recording this build's changes, if any.
    A document whose paragraphs are in the lock but which is no longer among ``documents`` is refused with a
    :class:`LockError`: removing it would break every citation of it (see :func:`_removed_documents`).
    """
    _dt.date.fromisoformat(date)  # a bad date would make the lock unreadable
    _check_slugs(documents, lock_path)
    old_docs = lock.documents() if lock else {}
    retired_numbers: dict[str, list[str]] = defaultdict(list)
    if lock:
        _removed_documents(lock, old_docs, {d.meta.slug for d in documents if d.paragraphs}, lock_path)
        for record in lock.retired:
            slug, number = split_id(record.id)
            retired_numbers[slug].append(number)

    anchored_docs: list[Document] = []
    live: list[LockedParagraph] = []
    retired: list[Retired] = list(lock.retired) if lock else []
    changes: list[Change] = []
    for document in documents:
        slug = document.meta.slug
        texts = [p.text for p in document.paragraphs]
        old = old_docs.get(slug)
        if old is not None and [p.text for p in old] == texts:  # unchanged: its lock records stand as they are
            numbers = [split_id(p.id)[1] for p in old]
            live.extend(old)
        else:
            if old is not None:
                issued = sorted(number_key(n) for n in [*(split_id(p.id)[1] for p in old), *retired_numbers[slug]])
                outcome = _reconcile(slug, old, texts, issued, date)
            else:
                numbers = [str(k) for k in range(1, len(texts) + 1)]
                added = [Change("added", f"{slug}.p{n}", None, t) for n, t in zip(numbers, texts)] if lock else []
                outcome = _Outcome(numbers, [], added)
            numbers = outcome.numbers
            ids = [f"{slug}.p{n}" for n in numbers]
            hints = order_hints(ids) if old is not None else {}  # a new document is numbered in reading order
            live.extend(LockedParagraph(i, t, hints.get(i)) for i, t in zip(ids, texts))
            retired.extend(outcome.retired)
            changes.extend(outcome.changes)
        anchored_docs.append(replace(document, paragraphs=tuple(
            p.with_id(f"{slug}.p{n}", n) for p, n in zip(document.paragraphs, numbers))))

    revisions = list(lock.revisions) if lock else []
    if changes:
        changes.sort(key=lambda c: (id_key(c.id), KIND_ORDER[c.kind]))
        revisions.append(Revision(len(revisions) + 1, date, tuple(changes)))
    new_lock = make_lock(live, retired, revisions)
    return Anchored(tuple(anchored_docs), new_lock, new_lock.resolve(), new_lock.revisions,
                    changed=lock is None or new_lock != lock)


def _check_slugs(documents: Sequence[Document], lock_path: str) -> None:
    problems, seen = [], set()
    for document in documents:
        slug = document.meta.slug
        if not RE_SLUG.match(slug):
            problems.append(Problem(Location(lock_path), f"document slug '{slug}' cannot name paragraphs: use "
                                    "lower-case letters, digits and hyphens", "lock.slug"))
        elif slug in seen:
            problems.append(Problem(Location(lock_path), f"two documents have the slug '{slug}'", "lock.slug"))
        seen.add(slug)
    if problems:
        raise LockError(problems)


def _removed_documents(lock: AnchorLock, old_docs: dict[str, list[LockedParagraph]], slugs: set[str],
                       lock_path: str) -> None:
    """Refuse to drop a document that has ids in the lock (or to empty it).

    Its ids would have no live paragraph to lead to, and published citations must keep resolving; a
    renamed slug would silently re-number the document under a new name. The editor restores the seed or
    the slug; withdrawing a document from a published edition is deliberately not something a rebuild does.
    """
    problems = []
    for slug in sorted(set(old_docs) - slugs):
        first = old_docs[slug][0].id
        problems.append(Problem(
            Location(lock_path, lock.lines.get(min((p.id for p in old_docs[slug]), key=id_key)) or None),
            f"document '{slug}' has {len(old_docs[slug])} paragraphs in the lock ({first}, …) but no seed "
            "produces it any more; their citations would break", "lock.document-removed",
            "restore its seed, or its slug in seeds/editorial.yml if it was renamed"))
    if problems:
        raise LockError(problems)


# --------------------------------------------------------------------------------------------------- check

def check_lock(before: AnchorLock | None, anchored: Anchored, lock_path: str) -> list[Problem]:
    """Problems for ``make check``: the committed lock is stale, or an issued id would vanish."""
    hint = f"run `make build` and commit {lock_path}"
    if before is None:
        return [Problem(Location(lock_path), "the anchor lock does not exist", "lock.stale", hint)]
    problems = []
    after_ids = anchored.lock.issued()
    for paragraph_id in sorted(before.issued() - after_ids, key=id_key):
        problems.append(Problem(Location(lock_path, before.lines.get(paragraph_id)),
                                f"'{paragraph_id}' was issued but would vanish without being retired",
                                "lock.vanished", "ids are never dropped; restore the lock from git and rebuild"))
    if not anchored.changed:
        return problems
    news = [r for r in anchored.revisions if r.number > len(before.revisions)]
    summary: dict[str, Counter] = defaultdict(Counter)
    first_line: dict[str, int] = {}
    for change in (c for r in news for c in r.changes):
        slug = split_id(change.id)[0]
        summary[slug][change.kind] += 1
        if change.id in before.lines:
            first_line.setdefault(slug, before.lines[change.id])
    for slug in sorted(summary):
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(summary[slug].items(),
                                                                key=lambda kv: KIND_ORDER[kv[0]]))
        problems.append(Problem(Location(lock_path, first_line.get(slug)),
                                f"the lock does not match the seeds of '{slug}' ({counts})", "lock.stale", hint))
    if not summary:
        problems.append(Problem(Location(lock_path), "the lock does not match the seeds", "lock.stale", hint))
    return problems
