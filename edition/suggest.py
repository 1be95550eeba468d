"""Suggest cross-document paragraph pairs that editors may want to link with a related-claims note.

Offline, deterministic and standard library only. Each paragraph becomes a sparse weighted vector of
*features*:

* ``word``: a lower-cased, lightly stemmed content word (``negotiations`` → ``negotiat``);
* ``phrase``: two adjacent content words in the same clause (``minsk agreements``);
* ``name``: a named entity as written: an acronym (``NATO``), a word the corpus capitalises mid-sentence
  (``Istanbul``), or a run of such words (``Boris Bondarev``); it doubles up with the word feature,
  which is the bonus for sharing a name;
* ``year``: a four-digit year (``2014``).

Spellings the texts mix (``Kiev``/``Kyiv``, ``Donbas``/``Donbass``: :data:`VARIANTS`) count as one.

A feature's weight in a paragraph is BM25's: ``idf · tf·(k1 + 1) / (tf + k1·(1 − b + b·len/avglen))``
times the kind's weight, with ``idf = ln(1 + (N − df + 0.5) / (df + 0.5))`` (``N`` paragraphs, ``df``
paragraphs containing the feature). Features found in more than :func:`max_df` paragraphs are treated as
stop words. Two paragraphs score the cosine of their vectors, with every squared norm padded by
``length_pad`` times the mean squared norm so that a two-line question sharing a single rare word does not
outrank paragraphs that share several. Then two things an editor knows about these texts:

* a paragraph continues its neighbours' subject: each vector borrows a share (``context``) of the vectors
  of the paragraphs before and after it in its document, so a short answer ("It's part of the climbing
  game") is found by the subject of the question it answers ("Is the nuclear threat realistic?");
* an interviewer's turn asks rather than claims: its vector is scaled down (``question``), so pairs of
  claims made by the texts' own speakers rank first.

The weights (:class:`Ranking`) were chosen on the tuning set only (``benchmarks/suggest_recall.py``).
Each suggestion is explained by its shared features (``shared``) and, in :func:`format_text`, by the window
of each paragraph's text around the shared words, marked in both (:func:`highlight`); a paragraph that
shares only its neighbours' subject says so. :func:`note_template` writes a note for a chosen pair.

Cost: tokenising is linear in the text. Pairs are generated from an inverted index, only for features
shared by at least two documents, so the work is ``Σ df²`` over those features, at most
``max_df(N) · P`` for ``P`` postings (paragraph–feature incidences); with ``max_df`` growing as ``√N``
that is ``O(P·√N)`` time and at most as many candidate pairs in memory, never the ``N²`` of all pairs.
With ``context`` the vectors also hold their neighbours' features, so there are more postings;
``benchmarks/suggest_recall.py`` prints the time on the edition and, with ``--scale N``, on N synthetic
paragraphs.

Pairs are unordered; a :class:`Suggestion` names them with ``a < b`` in plain string order of the ids.
Ranking is by score (descending, compared after rounding to ``SCORE_DIGITS`` places so float noise
cannot reorder near-ties), then by ``a``, then ``b``. Paragraphs are processed in id order, so the
result does not depend on the order of the input.
"""
from __future__ import annotations

import heapq
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import NamedTuple

JSON_SCHEMA = 2  # 2: each side has the window of its text around the shared words
SCORE_DIGITS = 4  # scores are rounded to this many places for ranking ties and output
SNIPPET_WIDTH = 80
SHARED_SHOWN = 6  # how many shared features a suggestion names



@dataclass(frozen=True)
class Ranking:
    """The ranker's tunable weights (see the module docstring); the defaults were chosen on the tuning set only
    (benchmarks/tuning_pairs.json, the notes before issue 10), never on the held-out pairs."""

    kind_weight: tuple[tuple[str, float], ...] = (("word", 1.0), ("phrase", 1.25), ("name", 1.0), ("year", 2.0))
    k1: float = 0.5  # BM25 term-frequency saturation: a word said twice counts little more than once
    b: float = 0.0  # BM25 length normalisation (the cosine's padded norm already handles length)
    length_pad: float = 2.0  # added to every squared norm, as a fraction of the mean squared norm
    question: float = 0.35  # an interviewer's turn's vector is scaled by this: a question is not a claim
    context: float = 0.35  # each paragraph borrows this share of its neighbours' vectors (same document)
    asked: float = 0.0  # an answer borrows this share of the question before it (on top of ``context``)
    max_df_floor: int = 8  # features in more than max(floor, per_root · √N) paragraphs are ignored
    max_df_per_root: float = 2.0

    def weight(self, kind: str) -> float:
        return dict(self.kind_weight)[kind]


DEFAULT_RANKING = Ranking()
# Spellings of one name that the texts mix (transliterations, US spellings): counted as one feature.
VARIANTS = {"kiev": "kyiv", "zelenskyy": "zelensky", "donbas": "donbass", "kharkov": "kharkiv"}

STOP_WORDS = frozenset("""
a about above after again against ago all almost also although always am among an and another any anyone
anything are around as at away back be became because become been before being below between both but by
can cannot could did do does doing done down during each either else enough even ever every few first for
from further get gets getting go goes going gone got had has have having he her here hers herself him
himself his how however i if in indeed into is it its itself just know last least less let like made make
makes many may me might more most much must my myself need never new no nor not nothing now of off often
on once one only or other others otherwise our ours ourselves out over own per perhaps quite rather really
said same say says see seems shall she should since so some something still such than that the their
theirs them themselves then there these they thing things think this those though through thus to today
too toward towards two under until up upon us very via want wanted was way we well were what whatever when
where whether which while who whom whose why will with within without would yes yet you your yours
yourself yourselves
don doesn didn isn wasn aren weren won wouldn couldn shouldn hasn haven hadn ll ve re
mr ms mrs dr
""".split())

# A word: letters or digits, optionally joined by apostrophes (straight or curly); hyphens split words.
RE_WORD = re.compile(r"""(?x)
    [^\W_]+                 # a run of letters/digits
    (?: ['’] [^\W_]+ )*     # contractions and possessives: Putin’s, don't
""")
# Where a clause ends: phrases never span these.
RE_CLAUSE_BREAK = re.compile(r"""(?x)
    [.,;:!?()\[\]{}"“”«»—–…]    # punctuation, including curly quotes and dashes
    | \s[-‐‑]\s                 # a spaced hyphen used as a dash
""")
# Between two words, a sentence end: the next word's capital letter says nothing about it being a name.
RE_SENTENCE_END = re.compile(r"[.!?:…]")
RE_APOSTROPHE = re.compile(r"['’]")
RE_HYPHEN = re.compile(r"^[-‐‑]$")
RE_ACRONYM = re.compile(r"""(?x)
    ^ (?! [IVX]+ $ )        # not a Roman numeral (World War II)
    [A-Z] [A-Z0-9]{1,5} $   # NATO, BRICS, EU, G7 (not just digits)
""")
RE_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d$")


@dataclass(frozen=True)
class Candidate:
    """A paragraph that may be suggested: its id (``snider.p9``), document slug, text and speaker.

    ``question`` marks an interviewer's turn: it asks rather than claims, so it is ranked lower.
    """

    id: str
    doc: str
    text: str
    speaker: str | None = None
    question: bool = False


@dataclass(frozen=True)
class Suggestion:
    """Two paragraphs of different documents, ``a < b``, with the shared features that drove the score.

    ``score`` (rounded to ``SCORE_DIGITS`` places) only compares suggestions of one run: it is a cosine
    damped for short paragraphs, so even close pairs seldom pass 0.2.
    """

    a: str
    b: str
    score: float
    shared: tuple[str, ...]
    features: tuple[str, ...] = ()  # every shared feature as ``kind:value``, biggest contribution first


class _Token(NamedTuple):  # a tuple, not a dataclass: there are as many as words in the corpus
    text: str  # as written, apostrophe suffix removed: "Putin’s" → "Putin"
    initial: bool  # first word of a sentence, so capitalisation says nothing
    clause: int  # index of the clause within the paragraph
    hyphenated: bool  # joined to the previous word by a hyphen: counter-offensive


def candidates_of(edition) -> list[Candidate]:
    """Every paragraph of an :class:`~edition.model.Edition` as a candidate."""
    return [Candidate(p.id, d.meta.slug, p.text, p.speaker,
                      question=bool(d.meta.interviewer) and p.speaker == d.meta.interviewer)
            for d in edition.documents for p in d.paragraphs]


def stem(word: str) -> str:
    """A light English suffix stemmer for lower-case words: enough to merge inflections.

    ``negotiations``, ``negotiating``, ``negotiate`` → ``negotiat``;
    ``agreements``, ``agreed`` → ``agre``.
    """
    if len(word) <= 3:
        return word
    # Inflections.
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith(("ches", "shes", "xes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    elif word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    else:
        for suffix in ("ing", "ed"):
            base = word[: -len(suffix)]
            if word.endswith(suffix) and len(base) >= 3 and any(v in base for v in "aeiouy"):
                word = base
                # Undouble a final consonant: stopped → stop (but pass, fall, buzz stay whole).
                if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouslz":
                    word = word[:-1]
                break
    # Derivations, one at most.
    for suffix, replacement in (("ational", "ate"), ("ation", "ate"), ("ization", "ize"),
                                ("ments", ""), ("ment", ""), ("ness", ""), ("ly", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)] + replacement
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _tokens(text: str) -> Iterator[_Token]:
    """The words of a paragraph in order, each knowing its clause and whether it starts a sentence."""
    clause = 0
    position = 0
    for match in RE_WORD.finditer(text):
        between = text[position:match.start()]
        if RE_CLAUSE_BREAK.search(between):
            clause += 1
        initial = position == 0 or bool(RE_SENTENCE_END.search(between))
        hyphenated = position > 0 and bool(RE_HYPHEN.match(between))
        position = match.end()
        yield _Token(RE_APOSTROPHE.split(match.group())[0], initial, clause, hyphenated)


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() and not word[:1].isdigit()


def _proper_words(tokens_per_paragraph: Iterable[Sequence[_Token]]) -> frozenset[str]:
    """Words the corpus writes capitalised mid-sentence more often than in lower case (Istanbul, West)."""
    capitalised: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for tokens in tokens_per_paragraph:
        for token in tokens:
            if _is_capitalised(token.text):
                if not token.initial:
                    capitalised[token.text.lower()] += 1
            else:
                lower[token.text.lower()] += 1
    return frozenset(w for w, n in capitalised.items() if n > lower[w] and w not in STOP_WORDS)


def _features(tokens: Sequence[_Token], proper: frozenset[str],
              stems: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """The paragraph's features as ``kind:value`` keys (repeats kept), and a display label for each.

    ``stems`` caches :func:`stem` across paragraphs.
    """
    keys: list[str] = []
    labels: dict[str, str] = {}

    def add(kind: str, value: str, label: str) -> None:
        key = f"{kind}:{value}"
        keys.append(key)
        labels.setdefault(key, label)

    run: list[_Token] = []

    def close_run() -> None:
        if len(run) >= 2:
            name = " ".join(t.text for t in run)
            add("name", name.lower(), name)
        run.clear()

    previous: tuple[int, str, str] | None = None  # clause, stem and word of the last content word
    last = ""  # the word before, lower-cased
    for token in tokens:
        word = token.text
        lower = VARIANTS.get(word.lower(), word.lower())
        if token.hyphenated:
            # Spelling varies (counter-offensive, counteroffensive): the joined form counts as a word too.
            add("word", stem(last + lower), f"{last}-{lower}")
        last = lower
        if RE_YEAR.match(word):
            add("year", word, word)
        named = bool(RE_ACRONYM.match(word)) or (_is_capitalised(word) and lower in proper)
        if named:
            add("name", lower, word)
        # A run of names (Boris Bondarev); a capitalised non-initial word may extend it (Prime Minister).
        joins = named or (_is_capitalised(word) and not token.initial and lower not in STOP_WORDS)
        if joins and run and run[-1].clause == token.clause:
            run.append(token._replace(text=word if lower == word.lower() else lower.capitalize()))
        else:
            close_run()
            if joins:
                run.append(token._replace(text=word if lower == word.lower() else lower.capitalize()))
        stemmed = stems.get(lower) or stems.setdefault(lower, stem(lower))
        # The stem is checked too: "wants" is as empty as "want".
        if lower not in STOP_WORDS and stemmed not in STOP_WORDS and not word.isdigit() and len(lower) > 1:
            shown = word.lower()  # as written: "Kiev" counts as "kyiv" but is shown as the text spells it
            add("word", stemmed, shown)
            if previous is not None and previous[0] == token.clause:
                add("phrase", f"{previous[1]} {stemmed}", f"{previous[2]} {shown}")
            previous = (token.clause, stemmed, shown)
        else:
            previous = None
    close_run()
    return keys, labels


def max_df(n: int, ranking: Ranking = DEFAULT_RANKING) -> int:
    """The largest number of paragraphs a feature may occur in and still count (grows as √n)."""
    return max(ranking.max_df_floor, math.ceil(ranking.max_df_per_root * math.sqrt(n)))


def _vectors(paragraphs: Sequence[Candidate],
             ranking: Ranking = DEFAULT_RANKING) -> tuple[list[dict[str, float]], dict[str, str]]:
    """Unit-normalised (with padding) feature vectors, in the order of ``paragraphs``, and feature labels."""
    tokens = [list(_tokens(p.text)) for p in paragraphs]
    proper = _proper_words(tokens)
    counts: list[Counter[str]] = []
    label_votes: dict[str, Counter[str]] = defaultdict(Counter)
    stems: dict[str, str] = {}
    for paragraph_tokens in tokens:
        keys, labels = _features(paragraph_tokens, proper, stems)
        counts.append(Counter(keys))
        for key, label in labels.items():
            label_votes[key][label] += 1
    df: Counter[str] = Counter(key for c in counts for key in c)
    n = len(paragraphs)
    limit = max_df(n, ranking)
    lengths = [sum(c.values()) for c in counts]
    mean_length = (sum(lengths) / n if n else 0.0) or 1.0
    kinds = dict(ranking.kind_weight)
    k1, b = ranking.k1, ranking.b
    vectors: list[dict[str, float]] = []
    for c, length in zip(counts, lengths):
        saturation = k1 * (1 - b + b * length / mean_length)
        vectors.append({
            key: math.log(1 + (n - df[key] + 0.5) / (df[key] + 0.5))  # BM25's idf
            * tf * (k1 + 1) / (tf + saturation) * kinds[key.split(":", 1)[0]]
            for key, tf in sorted(c.items()) if df[key] <= limit
        })
    squared = [sum(w * w for w in v.values()) for v in vectors]
    pad = ranking.length_pad * (sum(squared) / n if n else 0.0)
    for vector, sq in zip(vectors, squared):
        norm = math.sqrt(sq + pad) or 1.0
        for key in vector:
            vector[key] /= norm
    if ranking.context or ranking.asked:
        vectors = _with_context(paragraphs, vectors, ranking)
    for paragraph, vector in zip(paragraphs, vectors):
        if paragraph.question:
            for key in vector:
                vector[key] *= ranking.question
    # The most frequent surface form names a feature; ties go to the alphabetically first.
    labels = {key: min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
              for key, votes in label_votes.items()}
    return vectors, labels


RE_NUMBER = re.compile(r"\.p(?P<number>\d+)(?P<letters>[a-z]*)$")


def reading_order(id_: str) -> tuple[int, str]:
    """Where a paragraph stands in its document: ``p12`` < ``p12b`` < ``p12bb`` < ``p12c`` < ``p13``."""
    match = RE_NUMBER.search(id_)
    return (int(match["number"]), match["letters"]) if match else (0, id_)


def _with_context(paragraphs: Sequence[Candidate], vectors: list[dict[str, float]],
                  ranking: Ranking) -> list[dict[str, float]]:
    """Each paragraph's vector plus a share of its neighbours' in its document, and an answer's question.

    A short answer ("It's part of the climbing game") is about what the question before it asked ("Is the
    nuclear threat realistic?"); an article's paragraph continues its neighbours' subject.
    """
    by_doc: dict[str, list[int]] = defaultdict(list)
    for index, paragraph in enumerate(paragraphs):
        by_doc[paragraph.doc].append(index)
    out = [dict(v) for v in vectors]
    for members in by_doc.values():
        members.sort(key=lambda i: reading_order(paragraphs[i].id))
        for before, index, after in zip([None] + members[:-1], members, members[1:] + [None]):
            borrowed: list[tuple[int, float]] = []
            if ranking.context:
                borrowed += [(j, ranking.context) for j in (before, after) if j is not None]
            if ranking.asked and before is not None and paragraphs[before].question and not paragraphs[index].question:
                borrowed.append((before, ranking.asked))
            for j, share in borrowed:
                for key, weight in vectors[j].items():
                    out[index][key] = out[index].get(key, 0.0) + share * weight
    return out


def _shared_keys(x: Mapping[str, float], y: Mapping[str, float]) -> tuple[str, ...]:
    return tuple(k for _, k in sorted(((x[k] * y[k], k) for k in x.keys() & y.keys()), key=lambda ck: (-ck[0], ck[1])))


def _shared(x: Mapping[str, float], y: Mapping[str, float], labels: Mapping[str, str]) -> tuple[str, ...]:
    """Labels of the features two vectors share, biggest contribution first.

    A label whose words all appear in another shared label is left out, so ``Soviet Union`` is not
    followed by ``Soviet`` and ``Union``, nor ``NATO`` by ``nato``.
    """
    contributions = sorted(((x[k] * y[k], k) for k in x.keys() & y.keys()), key=lambda ck: (-ck[0], ck[1]))
    spellings: dict[frozenset[str], str] = {}  # word set → label, in order of first contribution
    for _, key in contributions:
        label = labels[key]
        words = frozenset(label.lower().split())
        # Prefer the capitalised spelling of a name (Vladimir Putin over vladimir putin).
        if words not in spellings or (spellings[words].islower() and not label.islower()):
            spellings[words] = label
    kept = [label for words, label in spellings.items() if not any(words < other for other in spellings)]
    return tuple(kept[:SHARED_SHOWN])


def suggest(paragraphs: Sequence[Candidate], *, linked: Collection[frozenset[str]] = (),
            top: int = 20, ranking: Ranking = DEFAULT_RANKING) -> list[Suggestion]:
    """Rank the ``top`` most similar pairs of paragraphs from different documents, best first.

    Pairs in ``linked`` (already joined by a note; see :func:`pairs_within`) and pairs from the same
    document are never suggested, nor are pairs sharing no feature. Raises ``ValueError`` if two
    candidates share an id.
    """
    ordered = sorted(paragraphs, key=lambda p: p.id)
    ids = [p.id for p in ordered]
    duplicates = sorted({i for i, j in zip(ids, ids[1:]) if i == j})
    if duplicates:
        raise ValueError(f"duplicate paragraph ids: {', '.join(duplicates)}")
    if top <= 0 or not ordered:
        return []
    vectors, labels = _vectors(ordered, ranking)
    n = len(ordered)
    position = {id_: index for index, id_ in enumerate(ids)}
    skip: set[int] = set()
    for pair in linked:
        i, j = sorted(position.get(id_, -1) for id_ in pair) if len(pair) == 2 else (-1, -1)
        if i >= 0:
            skip.add(i * n + j)
    best = _best_pairs(vectors, [p.doc for p in ordered], skip, top)
    # Rank on rounded scores so that float noise cannot reorder ties.
    ranked = sorted((-round(score, SCORE_DIGITS), ids[i], ids[j]) for score, i, j in best)[:top]
    return [
        Suggestion(a, b, -negative, _shared(vectors[position[a]], vectors[position[b]], labels),
                   _shared_keys(vectors[position[a]], vectors[position[b]]))
        for negative, a, b in ranked
    ]


def _dot_rows(vectors: Sequence[Mapping[str, float]], docs: Sequence[str]) -> Iterator[tuple[int, dict[int, float]]]:
    """For each paragraph ``i``, its dot products with every later paragraph ``j`` of another document that
    shares a feature. Walks an inverted index, so time is ``Σ df²`` over features found in at least two
    documents, and only one row exists at a time."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for key, weight in vector.items():
            postings[key].append((index, weight))
    shared = {key for key, members in postings.items() if len({docs[i] for i, _ in members}) > 1}
    seen: Counter[str] = Counter()  # per feature, how many of its postings precede the current paragraph
    for i, vector in enumerate(vectors):
        doc, dots = docs[i], defaultdict(float)
        for key, weight in vector.items():
            if key in shared:
                seen[key] += 1
                for j, other in postings[key][seen[key]:]:
                    if docs[j] != doc:
                        dots[j] += weight * other
        yield i, dots


def _best_pairs(vectors: Sequence[Mapping[str, float]], docs: Sequence[str], skip: Collection[int],
                top: int) -> list[tuple[float, int, int]]:
    """Scores ``(s, i, j)``, ``i < j``, of the ``top`` best cross-document pairs and any that round level.

    ``skip`` holds pairs to leave out as ``i · n + j``. Memory stays ``O(postings + top)``: all pairs never
    exist at once (:func:`_dot_rows`).
    """
    n = len(vectors)
    slack = 10 ** -SCORE_DIGITS  # a score this far below the k-th may still round level with it
    heap: list[float] = []  # the best ``top`` scores so far
    kept: list[tuple[float, int, int]] = []
    for i, dots in _dot_rows(vectors, docs):
        for j, dot in dots.items():
            if i * n + j in skip:
                continue
            score = dot
            if len(heap) < top:
                heapq.heappush(heap, score)
            elif score >= heap[0] - slack:
                heapq.heappushpop(heap, score)
            else:
                continue
            kept.append((score, i, j))
        if len(kept) > 4 * top + 1024:
            kept = [k for k in kept if k[0] >= heap[0] - slack]
    return [k for k in kept if heap and k[0] >= heap[0] - slack]


def pairs_within(groups: Iterable[Iterable[str]]) -> set[frozenset[str]]:
    """Every unordered pair of distinct ids inside each group (e.g. each note's targets)."""
    pairs: set[frozenset[str]] = set()
    for group in groups:
        pairs.update(frozenset(pair) for pair in combinations(sorted(set(group)), 2))
    return pairs


def recall_at(suggestions: Iterable[Suggestion],
              curated_pairs: Collection[frozenset[str]]) -> tuple[int, int]:
    """How many of the curated pairs the suggestions contain, and how many curated pairs there are."""
    curated = set(curated_pairs)
    found = {frozenset((s.a, s.b)) for s in suggestions} & curated
    return len(found), len(curated)


def snippet(text: str, width: int = SNIPPET_WIDTH) -> str:
    """The text on one line, cut to ``width`` characters with an ellipsis if it was longer."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


@dataclass(frozen=True)
class Highlighted:
    """A window of a paragraph's text around the words it shares with its pair, and where they are in it."""

    text: str
    spans: tuple[tuple[int, int], ...]  # [start, end) offsets of shared words in ``text``
    from_context: bool  # the pair shares no word of this paragraph's own text: only its neighbours' subject


def _shared_stems(features: Iterable[str]) -> frozenset[str]:
    """The word stems (and years) that the shared features are made of."""
    stems: set[str] = set()
    for key in features:
        kind, value = key.split(":", 1)
        if kind in ("word", "year"):
            stems.add(value)
        elif kind == "phrase":
            stems.update(value.split(" "))
        else:  # a name, possibly several words
            stems.update(stem(word) for word in value.split(" "))
            stems.update(value.split(" "))
    return frozenset(stems)


def highlight(text: str, features: Iterable[str], width: int = 2 * SNIPPET_WIDTH) -> Highlighted:
    """The part of ``text`` (at most ``width`` characters) with the most shared words, and their spans."""
    wanted = _shared_stems(features)
    spans = []
    for match in RE_WORD.finditer(text):
        word = RE_APOSTROPHE.split(match.group())[0]
        lower = VARIANTS.get(word.lower(), word.lower())
        if lower in wanted or stem(lower) in wanted:
            spans.append((match.start(), match.start() + len(word)))
    if not spans:
        flat = snippet(text, width)
        return Highlighted(flat, (), True)
    # The window of ``width`` characters covering the most shared words, starting at one of them.
    best_start, best_count = spans[0][0], 0
    for start, _ in spans:
        count = sum(1 for s, e in spans if s >= start and e <= start + width)
        if count > best_count:
            best_start, best_count = start, count
    begin = 0 if best_start < width // 4 else text.rfind(" ", 0, best_start - width // 8) + 1
    end = min(len(text), begin + width)
    if end < len(text):
        end = max(text.rfind(" ", begin, end), max((e for s, e in spans if e <= end), default=begin))
    prefix, suffix = ("…" if begin > 0 else ""), ("…" if end < len(text) else "")
    window = text[begin:end]
    offset = len(prefix) - begin
    inside = tuple((s + offset, e + offset) for s, e in spans if s >= begin and e <= end)
    flat = prefix + window + suffix
    return Highlighted(flat.replace("\n", " "), inside, False)


def marked(h: Highlighted, left: str = "**", right: str = "**") -> str:
    """The highlighted window with each shared word between ``left`` and ``right``."""
    out, last = [], 0
    for start, end in h.spans:
        out += [h.text[last:start], left, h.text[start:end], right]
        last = end
    out.append(h.text[last:])
    return "".join(out) + (" (shares only its neighbours' subject)" if h.from_context else "")


def note_template(pair: tuple[Candidate, Candidate], features: Sequence[str], labels: Sequence[str]) -> str:
    """A note file linking the two paragraphs, in the form CONTRIBUTING.md describes, that ``check`` accepts.

    Every value is a placeholder to rewrite: the title names what the passages share, each gloss quotes the
    opening of its paragraph, and the body says what is left to do.
    """
    subject = ", ".join(labels[:3]) or "the same events"
    lines = ["---", f"title: {json.dumps(f'What do the texts say about {subject}?', ensure_ascii=False)}",
             "kind: cross-reference", "authors: [Your Name]", "targets:"]
    for candidate in pair:
        opening = snippet(candidate.text, 150)
        lines += [f"  - id: {candidate.id}", f"    gloss: {json.dumps(f'Says: “{opening}”', ensure_ascii=False)}"]
    lines += ["---",
              "Rewrite the title as the claim both passages make or answer, each gloss as one neutral sentence",
              "saying what its passage says about it, and this text as two or three sentences on how the",
              "passages relate. Suggested by `build_edition.py suggest`; shared: " + subject + ".", ""]
    return "\n".join(lines)


def format_text(suggestions: Sequence[Suggestion], paragraphs_by_id: Mapping[str, Candidate]) -> str:
    """One block per suggestion: rank, score and ids; each paragraph's speaker and opening; what is shared."""
    if not suggestions:
        return "No suggestions.\n"
    blocks = []
    for rank, s in enumerate(suggestions, start=1):
        lines = [f"{rank}. {s.score:.{SCORE_DIGITS}f}  {s.a} ↔ {s.b}"]
        for id_ in (s.a, s.b):
            paragraph = paragraphs_by_id[id_]
            speaker = f" ({paragraph.speaker})" if paragraph.speaker else ""
            lines.append(f"   {id_}{speaker}: {marked(highlight(paragraph.text, s.features))}")
        lines.append(f"   shared: {', '.join(s.shared)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def format_json(suggestions: Sequence[Suggestion], paragraphs_by_id: Mapping[str, Candidate]) -> str:
    """The suggestions as stable JSON (sorted keys, two-space indent, schema version)."""
    def side(id_: str, features: Sequence[str]) -> dict[str, object]:
        paragraph = paragraphs_by_id[id_]
        shown = highlight(paragraph.text, features)
        return {"id": id_, "doc": paragraph.doc, "speaker": paragraph.speaker,
                "snippet": snippet(paragraph.text),
                "window": shown.text, "shared_spans": [list(span) for span in shown.spans],
                "from_context": shown.from_context}

    data = {
        "schema": JSON_SCHEMA,
        "suggestions": [
            {"rank": rank, "score": round(s.score, SCORE_DIGITS), "a": side(s.a, s.features),
             "b": side(s.b, s.features),
             "shared": list(s.shared)}
            for rank, s in enumerate(suggestions, start=1)
        ],
    }
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
