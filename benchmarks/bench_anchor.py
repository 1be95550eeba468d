"""How fast is the edition stage, and does the anchor lock keep it near-linear? Prints figures.

    python benchmarks/bench_anchor.py [--documents 1000] [--paragraphs 100] [--keep DIR]

Generates a synthetic corpus in the seeds' conventions (a title line, a "By Name, Outlet, M/D/YY" source
line, body paragraphs; a third of the documents are interviews with "Name:" turn labels) in a temporary
folder, then times, each in a fresh interpreter so that every run starts cold:

* the floor: plain Python reading every seed, splitting it into blocks and writing one file per seed;
* a cold build of the edition stage (``edition.pipeline.run`` + ``write``: read, segment, anchor, attribute,
  link, render, export) with no lock and no docs folder;
* a no-op rebuild, which must rewrite no file (checked with mtimes);
* a rebuild after 1% of the paragraphs got a typo, 1% new paragraphs were inserted and 1% deleted, with the
  share of those edits the anchor stage recognised (typos kept their ids, insertions got new ones, deletions
  were retired).

For each: wall time, the anchor stage's own share (reconcile + lock load + lock write), peak memory
(``ru_maxrss`` of the run's process) and files written. Targets: rebuild after edits ≤ 1.5× the cold build;
no-op rebuild rewrites nothing; edition stage ≤ 5× the floor.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20231016  # the random generator's seed: the corpus and its edits are the same on every run
EPOCH = "1700000000"  # SOURCE_DATE_EPOCH for every build
OUTLETS = ("Antiwar.com", "Russian & Eurasian Politics Blog", "Kremlin website", "Fanpage.it", "Time")
FIRST_NAMES = ("Ted", "Gordon", "Dave", "Riccardo", "Boris", "Anna", "Wang", "Maria", "Olga", "Jun", "Lena", "Paul")
SYLLABLES = ("ko", "va", "len", "mar", "di", "sni", "der", "hahn", "ca", "mp", "bon", "re", "tov", "lin", "sha", "ur")
FUNCTION_WORDS = ("the of and to in a is that for it as was with be by on not he this are or his from at which "
                  "but have an they you were her she there been one all we their has would when if so no").split()
RE_WORD = re.compile(r"[A-Za-z]{4,}")


# ------------------------------------------------------------------------------------------------- corpus

class Writer:
    """Pseudo-English text from a fixed vocabulary with a Zipf-like distribution."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        vocabulary = random.Random(SEED)  # the same words whatever ``rng`` draws from them
        content = sorted({"".join(vocabulary.choice(SYLLABLES) for _ in range(vocabulary.randint(2, 4)))
                          for _ in range(4000)})
        self.words = FUNCTION_WORDS + content
        self.weights = [1 / (rank + 8) for rank in range(len(self.words))]

    def sentence(self, question: bool = False) -> str:
        words = self.rng.choices(self.words, self.weights, k=self.rng.randint(8, 22))
        return " ".join(words).capitalize() + ("?" if question else ".")

    def paragraph(self, question: bool = False) -> str:
        if question:
            return self.sentence(question=True)
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 5)))


def surnames(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize())
    return sorted(names)


def generate(seeds: Path, documents: int, paragraphs: int) -> int:
    """Write one seed per document; return the number of body paragraphs."""
    rng = random.Random(SEED)
    writer = Writer(rng)
    seeds.mkdir(parents=True)
    total = 0
    for k, surname in enumerate(surnames(rng, documents)):
        author = f"{rng.choice(FIRST_NAMES)} {surname}"
        date = f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.randint(20, 24)}"
        title = " ".join(w.capitalize() for w in writer.sentence()[:-1].split()[:7])
        blocks = [f"{surname}: {title}", f"By {author}, {rng.choice(OUTLETS)}, {date}"]
        count = rng.randint(paragraphs // 2, paragraphs * 3 // 2)
        if k % 3 == 0:  # an interview: labelled turns, some answers running over several paragraphs
            guest = f"{rng.choice(FIRST_NAMES)} {rng.choice(surnames(rng, 3))}"
            while len(blocks) - 2 < count:
                blocks.append(f"{author}: {writer.paragraph(question=True)}")
                blocks.append(f"{guest}: {writer.paragraph()}")
                blocks.extend(writer.paragraph() for _ in range(rng.randint(0, 2)))
            del blocks[count + 2:]
        else:
            blocks.extend(writer.paragraph() for _ in range(count))
        total += len(blocks) - 2
        (seeds / f"{k:04d}_{surname.lower()}.txt").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return total


def edit(seeds: Path, share: float) -> dict[str, int]:
    """Give ``share`` of the body paragraphs a typo, insert as many new ones and delete as many."""
    rng = random.Random(SEED + 1)
    writer = Writer(random.Random(SEED + 2))
    files = sorted(seeds.glob("*.txt"))
    bodies = {f: f.read_text(encoding="utf-8").rstrip("\n").split("\n\n") for f in files}
    places = [(f, i) for f, blocks in bodies.items() for i in range(2, len(blocks))]
    count = int(len(places) * share)
    chosen = rng.sample(places, 3 * count)
    typos, inserts, deletes = chosen[:count], chosen[count:2 * count], chosen[2 * count:]
    for f, i in typos:  # swap two different adjacent letters of one word
        text = bodies[f][i]
        word = rng.choice([m for m in RE_WORD.finditer(text) if len(set(m.group())) > 1])
        w = word.group()
        k = rng.choice([k for k in range(len(w) - 1) if w[k] != w[k + 1]])
        bodies[f][i] = text[:word.start()] + w[:k] + w[k + 1] + w[k] + w[k + 2:] + text[word.end():]
    for f, i in deletes:
        bodies[f][i] = None
    for f, i in inserts:
        bodies[f][i] = f"{bodies[f][i]}\n\n{writer.paragraph()}" if bodies[f][i] is not None else writer.paragraph()
    for f, blocks in bodies.items():
        f.write_text("\n\n".join(b for b in blocks if b is not None) + "\n", encoding="utf-8")
    return {"typos": count, "inserted": count, "deleted": count}


# ------------------------------------------------------------------------------------------------- phases

def phase_floor(project: Path) -> dict:
    """Plain Python: read each seed, split it into blocks, write it out as one file."""
    out = project / "floor"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    for seed in sorted((project / "seeds").glob("*.txt")):
        blocks = [b.strip() for b in seed.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        (out / f"{seed.stem}.md").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return {}


def phase_build(project: Path) -> dict:
    """The edition stage, as `build_edition.py build` runs it, with the time of each of its stages."""
    from edition import anchor, citations, export, lock, notes, pipeline, registers, render, search, tei, uptodate

    spent: dict[str, float] = {}

    def timed(stage: str, module, name: str) -> None:
        function = getattr(module, name)

        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - start
        setattr(module, name, wrapper)

    # The pipeline calls these through the names below, so wrapping them there times each stage.
    for stage, module, name in [("read", pipeline, "read_seeds"), ("segment", pipeline, "segment"),
                                ("anchor", anchor, "anchor"), ("lock read", lock, "load_lock"),
                                ("lock write", lock, "write_lock"), ("attribute", pipeline, "attribute_all"),
                                ("link", notes, "load_notes"), ("citations", citations, "for_edition"),
                                ("render", render, "render_pages"),
                                ("export", export, "edition_json"), ("export", export, "annotations_jsonld"),
                                ("search index", search, "files"), ("tei", tei, "files"),
                                ("index names", registers, "find_mentions"),
                                ("digest inputs", uptodate, "inputs_digest")]:
        timed(stage, module, name)
    # The cold build starts the lock from nothing, as a new edition does (``build --new-lock``).
    config = pipeline.BuildConfig.default(project, new_lock=not (project / "seeds" / "anchors.lock").exists())
    result = pipeline.run(config)
    start = time.perf_counter()
    report = pipeline.write(result, config)
    spent["write pages"] = time.perf_counter() - start - spent["lock write"]
    changes = result.anchored.revisions[-1].changes if result.anchored.changed and result.anchored.revisions else ()
    kinds: dict[str, int] = {}
    for change in changes:
        kinds[change.kind] = kinds.get(change.kind, 0) + 1
    return {"stages": spent, "written": len(report.written) + report.lock_written, "changes": kinds,
            "paragraphs": sum(len(d.paragraphs) for d in result.edition.documents)}


def phase_rebuild(project: Path) -> dict:
    """A rebuild as `build_edition.py build` runs it: skipped when nothing changed since the last build."""
    from edition import pipeline

    built = pipeline.build(pipeline.BuildConfig.default(project))
    return {"written": len(built.report.written) + built.report.lock_written, "skipped": built.skipped,
            "paragraphs": built.paragraphs}


PHASES = {"floor": phase_floor, "build": phase_build, "rebuild": phase_rebuild}


def run_phase(name: str, project: Path) -> dict:
    """Run one phase in a fresh interpreter; its wall time, peak memory and figures."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONDONTWRITEBYTECODE": "1"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--phase", name, "--project", str(project)],
                          env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"phase {name} failed:\n{done.stderr}")
    figures = json.loads(done.stdout)
    figures["wall"] = wall
    return figures


def anchor_time(stages: dict[str, float]) -> float:
    return stages["anchor"] + stages.get("lock read", 0.0) + stages["lock write"]


def mtimes(project: Path) -> dict[str, int]:
    paths = [*(project / "docs").rglob("*"), project / "seeds" / "anchors.lock"]
    return {str(p): p.stat().st_mtime_ns for p in paths if p.is_file()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--paragraphs", type=int, default=100, help="average body paragraphs per document")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase:  # inside the child interpreter
        start = time.perf_counter()
        figures = PHASES[args.phase](args.project)
        figures["seconds"] = time.perf_counter() - start
        figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(figures))
        return

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-anchor-"))
    project = folder / "project"
    shutil.rmtree(project, ignore_errors=True)
    try:
        started = time.perf_counter()
        total = generate(project / "seeds", args.documents, args.paragraphs)
        size = sum(f.stat().st_size for f in (project / "seeds").glob("*.txt"))
        print(f"corpus: {args.documents} documents, {total} paragraphs, {size / 1e6:.1f} MB "
              f"(generated in {time.perf_counter() - started:.1f} s)\n")

        rows = []
        floor = min((run_phase("floor", project) for _ in range(2)), key=lambda f: f["seconds"])
        rows.append(("floor: read + split + write", floor))
        cold = run_phase("build", project)
        rows.append(("cold build (no lock, no docs)", cold))
        before = mtimes(project)
        noop = run_phase("build", project)
        rewritten = sum(1 for path, ns in mtimes(project).items() if before.get(path) != ns)
        rows.append(("no-op rebuild", noop))
        edits = edit(project / "seeds", 0.01)
        edited = run_phase("build", project)
        rows.append(("rebuild after 1% typos, inserts, deletes", edited))

        print(f"{'phase':44} {'seconds':>8} {'anchor+lock':>12} {'peak MB':>8} {'written':>8}")
        for label, f in rows:
            stages = f.get("stages", {})
            anchor_share = f"{anchor_time(stages):.2f}" if stages else "-"
            written = str(f.get("written", "-"))
            print(f"{label:44} {f['seconds']:8.2f} {anchor_share:>12} {f['peak_mb']:8.0f} {written:>8}")
        print()
        for label, f in rows[1:]:
            print(f"  {label}: " + ", ".join(f"{k} {v:.2f}" for k, v in f["stages"].items()))
        print()
        print(f"rebuild after edits / cold build: {edited['seconds'] / cold['seconds']:.2f}  (target ≤ 1.5)")
        print(f"no-op rebuild: {noop['written']} files written, {rewritten} mtimes changed  (target 0)")
        print(f"cold build / floor: {cold['seconds'] / floor['seconds']:.1f}  (target ≤ 5)")
        print(f"anchor + lock / floor: cold {anchor_time(cold['stages']) / floor['seconds']:.1f}, "
              f"after edits {anchor_time(edited['stages']) / floor['seconds']:.1f}")
        found = edited["changes"]
        print(f"edits made: {edits['typos']} typos, {edits['inserted']} inserted, {edits['deleted']} deleted; "
              f"anchor stage recorded: {found.get('corrected', 0)} corrected, {found.get('added', 0)} added, "
              f"{found.get('retired', 0)} retired, {found.get('moved', 0)} moved, "
              f"{found.get('split', 0)} split, {found.get('merged', 0)} merged")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
