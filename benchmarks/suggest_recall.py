"""How well do the pair suggestions find the pairs editors linked, and how fast are they?

    python benchmarks/suggest_recall.py [--misses] [--scale N]

Ranks every cross-document pair of the edition's paragraphs (``build_edition.py suggest --ignore-notes``:
the notes are not looked at) and prints recall at 50, 100 and 200 on two sets of curated pairs, separately:

* the **tuning set**, ``benchmarks/tuning_pairs.json``: the cross-document pairs the notes linked before
  issue 10 (frozen at commit f60024f). The ranker's weights were chosen on these only;
* the **held-out set**, ``benchmarks/heldout_pairs.json`` when it exists: pairs added by the notes written
  for issue 10, which the ranker never saw while it was tuned. This is the honest figure.

``--misses`` lists the pairs of each set outside the top 200 with their rank. ``--scale N`` also times a
synthetic corpus of N paragraphs (Zipf-distributed words). The paragraphs come from running the pipeline
in memory on the project's inputs, so nothing needs to be built first.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition import pipeline  # noqa: E402
from edition.suggest import STOP_WORDS, Candidate, candidates_of, recall_at, suggest  # noqa: E402

CUTS = (50, 100, 200)
TUNING = ROOT / "benchmarks" / "tuning_pairs.json"
HELDOUT = ROOT / "benchmarks" / "heldout_pairs.json"


def load_pairs(path: Path) -> set[frozenset[str]]:
    """Pairs from ``{"pairs": [[a, b], ...]}`` or a bare list of pairs."""
    data = json.loads(path.read_text(encoding="utf-8"))
    pairs = data["pairs"] if isinstance(data, dict) else data
    return {frozenset(pair) for pair in pairs if len(set(pair)) == 2}


def timed(paragraphs: list[Candidate], top: int, repeat: int = 3):
    """The suggestions and the best wall-clock time of ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = suggest(paragraphs, top=top)
        best = min(best, time.perf_counter() - start)
    return result, best


def synthetic(n: int, *, docs: int = 50, vocabulary: int = 30_000, length: int = 70) -> list[Candidate]:
    """``n`` paragraphs of ``length`` words drawn from a Zipfian vocabulary, some words capitalised.

    As in English, the most frequent words are function words (the stop-word list).
    """
    rng = random.Random(20240601)
    function_words = sorted(STOP_WORDS)
    content = [f"w{i}x" if i % 7 else f"Name{i}x" for i in range(vocabulary - len(function_words))]
    words = function_words + content
    cumulative, total = [], 0.0
    for rank in range(1, vocabulary + 1):
        total += 1 / rank
        cumulative.append(total)
    return [
        Candidate(f"d{k % docs:02d}.p{k}", f"d{k % docs:02d}",
                  " ".join(rng.choices(words, cum_weights=cumulative, k=length)) + ".")
        for k in range(n)
    ]


def report(name: str, pairs: set[frozenset[str]], ranked, everything_rank, known: set[str], misses: bool) -> None:
    unknown = sorted({i for pair in pairs for i in pair} - known)
    pairs = {p for p in pairs if p <= known}
    print(f"{name}: {len(pairs)} cross-document pairs"
          + (f" ({len(unknown)} ids no longer in the edition, left out: {', '.join(unknown)})" if unknown else ""))
    for cut in CUTS:
        found, total = recall_at(ranked[:cut], pairs)
        print(f"  recall@{cut}: {found}/{total} = {found / total if total else 0:.3f}")
    if misses:
        for rank, (a, b) in sorted((everything_rank.get(p, 0), sorted(p)) for p in pairs
                                   if everything_rank.get(p, 10**9) > max(CUTS)):
            print(f"  missed {a} ↔ {b}: " + (f"rank {rank}" if rank else "shares no counted feature"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list curated pairs outside the top 200")
    parser.add_argument("--scale", type=int, metavar="N", help="also time N synthetic paragraphs")
    args = parser.parse_args()

    edition = pipeline.run(pipeline.BuildConfig.default(ROOT)).edition
    paragraphs = candidates_of(edition)
    known = {p.id for p in paragraphs}
    ranked, seconds = timed(paragraphs, top=max(CUTS))
    print(f"{len(paragraphs)} paragraphs in {len(edition.documents)} documents; "
          f"ranking the top {max(CUTS)} takes {seconds * 1000:.1f} ms (best of 3)")
    everything_rank = {}
    if args.misses:
        everything = suggest(paragraphs, top=len(paragraphs) ** 2)
        everything_rank = {frozenset((s.a, s.b)): r for r, s in enumerate(everything, start=1)}
    report("tuning set (benchmarks/tuning_pairs.json, the notes at f60024f)", load_pairs(TUNING), ranked,
           everything_rank, known, args.misses)
    if HELDOUT.exists():
        report("held-out set (benchmarks/heldout_pairs.json, pairs added after tuning)", load_pairs(HELDOUT),
               ranked, everything_rank, known, args.misses)
    else:
        print(f"held-out set: {HELDOUT.relative_to(ROOT)} not found")

    if args.scale:
        corpus = synthetic(args.scale)
        _, seconds = timed(corpus, top=100, repeat=1)
        print(f"synthetic: {args.scale} paragraphs in {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
