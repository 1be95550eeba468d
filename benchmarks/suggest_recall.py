"""How well do the pair suggestions recover the editors' curated links, and how fast are they?

    python benchmarks/suggest_recall.py [--edition docs/edition.json] [--misses] [--scale N]

Reads the edition's export (``python build_edition.py build`` writes it), takes every pair of targets of
a note that lie in different documents as a curated pair, ranks pairs with the notes ignored, and prints
recall at 50, 100 and 200 with the time taken. ``--misses`` lists the curated pairs outside the top 200
with their rank. ``--scale N`` also times a synthetic corpus of N paragraphs (Zipf-distributed words).
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

from edition.suggest import STOP_WORDS, Candidate, pairs_within, recall_at, suggest  # noqa: E402

CUTS = (50, 100, 200)


def load(path: Path) -> tuple[list[Candidate], list[list[str]]]:
    """The paragraphs of an ``edition.json`` export, and each note's target ids."""
    data = json.loads(path.read_text(encoding="utf-8"))
    paragraphs = [Candidate(p["id"], p["doc"], p["text"], p.get("speaker")) for p in data["paragraphs"]]
    notes = [[t["paragraph"] for t in note["targets"]] for note in data.get("notes", [])]
    return paragraphs, notes


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edition", type=Path, default=ROOT / "docs" / "edition.json")
    parser.add_argument("--misses", action="store_true", help="list curated pairs outside the top 200")
    parser.add_argument("--scale", type=int, metavar="N", help="also time N synthetic paragraphs")
    args = parser.parse_args()

    if args.edition.exists():
        paragraphs, notes = load(args.edition)
        doc = {p.id: p.doc for p in paragraphs}
        curated = {pair for pair in pairs_within(notes) if len({doc.get(i) for i in pair}) == 2}
        unknown = sorted({i for pair in curated for i in pair} - doc.keys())
        ranked, seconds = timed(paragraphs, top=max(CUTS))
        print(f"{len(paragraphs)} paragraphs in {len(set(doc.values()))} documents, {len(notes)} notes")
        print(f"{len(curated)} curated cross-document pairs"
              + (f" ({len(unknown)} ids not in the edition)" if unknown else ""))
        for cut in CUTS:
            found, total = recall_at(ranked[:cut], curated)
            print(f"recall@{cut}: {found}/{total} = {found / total if total else 0:.3f}")
        print(f"time: {seconds * 1000:.1f} ms (best of 3, top {max(CUTS)})")
        if args.misses:
            everything = suggest(paragraphs, top=len(paragraphs) ** 2)
            rank = {frozenset((s.a, s.b)): r for r, s in enumerate(everything, start=1)}
            missed = sorted((rank.get(p, 0), sorted(p)) for p in curated if rank.get(p, 10**9) > max(CUTS))
            for r, (a, b) in missed:
                print(f"  missed {a} ↔ {b}: " + (f"rank {r}" if r else "shares no counted feature"))
    else:
        print(f"{args.edition} not found: run `python build_edition.py build` first")

    if args.scale:
        corpus = synthetic(args.scale)
        _, seconds = timed(corpus, top=100, repeat=1)
        print(f"synthetic: {args.scale} paragraphs in {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
