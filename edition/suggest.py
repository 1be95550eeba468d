"""Suggest cross-document paragraph pairs that editors may want to link with a related-claims note.

Offline, deterministic and standard library only. Each paragraph becomes a sparse weighted vector of
*features*:

* ``word``: a lower-cased, lightly stemmed content word (``negotiations`` → ``negotiat``);
* ``phrase``: two adjacent content words in the same clause (``minsk agreements``);
* ``name``: a named entity as written: an acronym (``NATO``), a word the corpus capitalises mid-sentence
  (``Istanbul``), or a run of such words (``Boris Bondarev``); it doubles up with the word feature,
  which is the bonus for sharing a name;
* ``year``: a four-digit year (``2014``).

A feature's weight in a paragraph is ``(1 + ln tf) · ln((N + 1) / df) · KIND_WEIGHT[kind]`` (``N``
paragraphs, ``df`` paragraphs containing the feature). Features found in more than :func:`max_df`
paragraphs are treated as stop words. Two paragraphs score the cosine of their vectors, with every
squared norm padded by ``LENGTH_PAD`` times the mean squared norm so that a two-line question sharing
a single rare word does not outrank paragraphs that share several.

Cost: tokenising is linear in the text. Pairs are generated from an inverted index, only for features
shared by at least two documents, so the work is ``Σ df²`` over those features, at most
``max_df(N) · P`` for ``P`` postings (paragraph–feature incidences); with ``max_df`` growing as ``√N``
that is ``O(P·√N)`` time and at most as many candidate pairs in memory, never the ``N²`` of all pairs.
The edition (~200 paragraphs) takes about 50 ms; 10,000 synthetic paragraphs of 70 words about 9 s of
CPU and 250 MB (``benchmarks/suggest_recall.py --scale 10000``).

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

JSON_SCHEMA = 1
SCORE_DIGITS = 4  # scores are rounded to this many places for ranking ties and output
SNIPPET_WIDTH = 80
SHARED_SHOWN = 6  # how many shared features a suggestion names

# Relative weights of the feature kinds (see the module docstring).
KIND_WEIGHT = {"word": 1.0, "phrase": 1.0, "name": 1.0, "year": 1.0}
# Added to every paragraph's squared norm, as a fraction of the mean squared norm.
LENGTH_PAD = 0.5
# Features in more than max(MAX_DF_FLOOR, MAX_DF_PER_ROOT · √N) paragraphs are ignored.
MAX_DF_FLOOR = 8
MAX_DF_PER_ROOT = 2.0

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
    """A paragraph that may be suggested: its id (``snider.p9``), document slug, text and speaker."""

    id: str
    doc: str
    text: str
    speaker: str | None = None


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


class _Token(NamedTuple):  # a tuple, not a dataclass: there are as many as words in the corpus
    text: str  # as written, apostrophe suffix removed: "Putin’s" → "Putin"
    initial: bool  # first word of a sentence, so capitalisation says nothing
    clause: int  # index of the clause within the paragraph
    hyphenated: bool  # joined to the previous word by a hyphen: counter-offensive


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
        lower = word.lower()
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
            run.append(token)
        else:
            close_run()
            if joins:
                run.append(token)
        stemmed = stems.get(lower) or stems.setdefault(lower, stem(lower))
        # The stem is checked too: "wants" is as empty as "want".
        if lower not in STOP_WORDS and stemmed not in STOP_WORDS and not word.isdigit() and len(lower) > 1:
            add("word", stemmed, lower)
            if previous is not None and previous[0] == token.clause:
                add("phrase", f"{previous[1]} {stemmed}", f"{previous[2]} {lower}")
            previous = (token.clause, stemmed, lower)
        else:
            previous = None
    close_run()
    return keys, labels


def max_df(n: int) -> int:
    """The largest number of paragraphs a feature may occur in and still count (grows as √n)."""
    return max(MAX_DF_FLOOR, math.ceil(MAX_DF_PER_ROOT * math.sqrt(n)))


def _vectors(paragraphs: Sequence[Candidate]) -> tuple[list[dict[str, float]], dict[str, str]]:
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
    limit = max_df(n)
    vectors: list[dict[str, float]] = []
    for c in counts:
        vectors.append({
            key: (1 + math.log(tf)) * math.log((n + 1) / df[key]) * KIND_WEIGHT[key.split(":", 1)[0]]
            for key, tf in sorted(c.items()) if df[key] <= limit
        })
    squared = [sum(w * w for w in v.values()) for v in vectors]
    pad = LENGTH_PAD * (sum(squared) / n if n else 0.0)
    for vector, sq in zip(vectors, squared):
        norm = math.sqrt(sq + pad) or 1.0
        for key in vector:
            vector[key] /= norm
    # The most frequent surface form names a feature; ties go to the alphabetically first.
    labels = {key: min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
              for key, votes in label_votes.items()}
    return vectors, labels


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
            top: int = 20) -> list[Suggestion]:
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
    vectors, labels = _vectors(ordered)
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
        Suggestion(a, b, -negative, _shared(vectors[position[a]], vectors[position[b]], labels))
        for negative, a, b in ranked
    ]


def _best_pairs(vectors: Sequence[Mapping[str, float]], docs: Sequence[str], skip: Collection[int],
                top: int) -> list[tuple[float, int, int]]:
    """Scores ``(s, i, j)``, ``i < j``, of the ``top`` best cross-document pairs and any that round level.

    ``skip`` holds pairs to leave out as ``i · n + j``. Walks an inverted index one paragraph at a time,
    pairing it with later paragraphs that share a feature, so time is ``Σ df²`` over features found in
    at least two documents while memory stays ``O(postings + top)``: all pairs never exist at once.
    """
    n = len(vectors)
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for key, weight in vector.items():
            postings[key].append((index, weight))
    shared = {key for key, members in postings.items() if len({docs[i] for i, _ in members}) > 1}
    seen: Counter[str] = Counter()  # per feature, how many of its postings precede the current paragraph
    slack = 10 ** -SCORE_DIGITS  # a score this far below the k-th may still round level with it
    heap: list[float] = []  # the best ``top`` scores so far
    kept: list[tuple[float, int, int]] = []
    for i, vector in enumerate(vectors):
        doc, dots = docs[i], defaultdict(float)
        for key, weight in vector.items():
            if key in shared:
                seen[key] += 1
                for j, other in postings[key][seen[key]:]:
                    if docs[j] != doc:
                        dots[j] += weight * other
        for j, score in dots.items():
            if i * n + j in skip:
                continue
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
            lines.append(f"   {id_}{speaker}: {snippet(paragraph.text)}")
        lines.append(f"   shared: {', '.join(s.shared)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def format_json(suggestions: Sequence[Suggestion], paragraphs_by_id: Mapping[str, Candidate]) -> str:
    """The suggestions as stable JSON (sorted keys, two-space indent, schema version)."""
    def side(id_: str) -> dict[str, object]:
        paragraph = paragraphs_by_id[id_]
        return {"id": id_, "doc": paragraph.doc, "speaker": paragraph.speaker,
                "snippet": snippet(paragraph.text)}

    data = {
        "schema": JSON_SCHEMA,
        "suggestions": [
            {"rank": rank, "score": round(s.score, SCORE_DIGITS), "a": side(s.a), "b": side(s.b),
             "shared": list(s.shared)}
            for rank, s in enumerate(suggestions, start=1)
        ],
    }
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
