"""How does the whole build grow with the edition, beside stock Material on the same pages? Prints a table.

    python benchmarks/bench_scale.py [--sizes 100,300,1000] [--paragraphs 100] [--runs 3] [--keep DIR]

For each size, a synthetic corpus in the seeds' conventions (``bench_anchor.generate``: the same generator,
the same random seed) becomes a project beside this one: the edition's code, theme overrides, pages,
configuration and registers file, the generated seeds, no notes. Then, each command timed as a whole process,
median of ``--runs`` (the first, cold build writes the anchor lock and is not counted):

* **project**: ``build_edition.py build`` (the edition stage, every stage of it: the build stamp that would
  skip an unchanged edition is removed first) then ``build_edition.py site`` (strict MkDocs);
* **stock**: the same generated Markdown pages built by stock Material for MkDocs (its own search plugin,
  ``navigation.prune``, the pages in MkDocs' automatic navigation), the comparison the targets are set
  against; the two run alternately, so a slower stretch of the machine hits both;
* the edition stage cold (no docs folder, no lock) beside the floor (read + split + write every seed), both
  timed inside their process as ``bench_anchor.py`` does, and the no-op rebuild (and the files it writes) and its ratio to cold; last, 1 % of the paragraphs edited,
  inserted and deleted (``bench_anchor.edit``) and the rebuild, on a copy, beside cold;
* peak memory (the largest resident set of any process of the build), one document page's size and what
  it is in a 5-document edition of the same corpus's first five seeds, the site's size;
* the search, measured in Chromium by ``search_bytes.measure`` on the first document's page: the gzip bytes
  of search files that arrived before the first result showed and for the whole query, the time from the
  last letter to the first result without throttling and at 10 Mbit/s, and the JS heap the query added.

Targets from issue 12 are printed beside the figures; a miss is a miss.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_anchor  # noqa: E402  (the corpus generator and the floor)
import search_bytes  # noqa: E402  (the search measured in Chromium)
from edition.uptodate import STAMP_FILE  # noqa: E402

PROJECT_FILES = ("build_edition.py", "mkdocs.yml", "VERSION", "CITATION.cff", ".zenodo.json", "LICENSE")
PROJECT_DIRS = ("edition", "overrides", "pages")
EPOCH = bench_anchor.EPOCH
STOCK_CONFIG = """\
site_name: Stock Material on the same pages
docs_dir: docs
theme:
  name: material
  features: [navigation.prune]
plugins: [search]
markdown_extensions: [attr_list, md_in_html, footnotes, def_list, {toc: {permalink: false}}]
"""


def make_project(folder: Path, seeds: Path) -> Path:
    """A copy of this project around ``seeds``: its code, configuration and registers file, no notes."""
    project = folder / "project"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    for name in PROJECT_FILES:
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, project / name)
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, project / name)
    (project / "notes").mkdir()
    shutil.copytree(seeds, project / "seeds")
    shutil.copy2(ROOT / "seeds" / "registers.yml", project / "seeds" / "registers.yml")
    return project


def measured(command: list[str], cwd: Path) -> tuple[float, float]:
    """Run ``command`` in a child that reports its own children's peak memory: (seconds, peak MB)."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode; "
             "t = time.perf_counter() - t; "
             "sys.exit(code) if code else print(t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", probe, *command], cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{done.stderr[-3000:]}")
    seconds, peak = done.stdout.split()
    return float(seconds), float(peak)


def project_build(project: Path) -> tuple[float, float]:
    """``build`` then ``site``: seconds of both, the larger peak. The build stamp goes first, so every stage of
    the edition runs, as after any change to its inputs (the citations the pages hold are reused)."""
    (project / "docs" / STAMP_FILE).unlink(missing_ok=True)
    a, pa = measured([sys.executable, "build_edition.py", "build"], project)
    b, pb = measured([sys.executable, "build_edition.py", "site"], project)
    return a + b, max(pa, pb)


def stock_project(project: Path, folder: Path) -> Path:
    """Stock Material's project: the generated pages, the theme's own assets, a plain configuration."""
    stock = folder / "stock"
    shutil.rmtree(stock, ignore_errors=True)
    stock.mkdir()
    shutil.copytree(project / "docs", stock / "docs")
    (stock / "mkdocs.yml").write_text(STOCK_CONFIG, encoding="utf-8")
    return stock


def stock_build(stock: Path) -> tuple[float, float]:
    return measured([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", "mkdocs.yml"], stock)


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def first_document_page(site: Path, seeds: Path) -> Path:
    """The page of the corpus's first document (its slug is its author's surname, lower case)."""
    first = sorted(seeds.glob("*.txt"))[0]
    return site / first.stem.split("_", 1)[1] / "index.html"


def queries(seeds: Path) -> list[str]:
    """What the benchmark types: a function word and the rarest word after it in the first seed's third
    paragraph (a phrase the index looks up: "the counteroffensive"), and the commonest word of three letters
    or more (one the index leaves to the text, so the browser reads chunks until enough results rank first)."""
    from collections import Counter

    counts = Counter(w for seed in sorted(seeds.glob("*.txt"))
                     for w in set(bench_anchor.RE_WORD.findall(seed.read_text(encoding="utf-8").lower())))
    first = sorted(seeds.glob("*.txt"))[0].read_text(encoding="utf-8").split("\n\n")[4].lower().split()
    pairs = [(a, b.strip(".?,")) for a, b in zip(first, first[1:]) if a in bench_anchor.FUNCTION_WORDS
             and b.strip(".?,") in counts]
    a, b = min(pairs, key=lambda pair: counts[pair[1]])
    return [f"{a} {b}", counts.most_common(1)[0][0]]


def mtimes(project: Path) -> dict[str, int]:
    files = [*(project / "docs").rglob("*"), project / "seeds" / "anchors.lock"]
    return {str(p): p.stat().st_mtime_ns for p in files if p.is_file()}


def edition_stage_cold(project: Path) -> dict:
    """The edition stage from nothing (no docs folder, no lock), timed inside its process like the floor."""
    # docs is a link into .build (edition/publish.py): both go, or the pages and the citations kept with them
    # would be reused
    (project / "docs").unlink(missing_ok=True)
    for tree in (project / ".build").glob("docs.*"):
        shutil.rmtree(tree)
    assert not (project / "docs").exists()
    (project / "seeds" / "anchors.lock").unlink(missing_ok=True)
    return bench_anchor.run_phase("build", project)


def floor(project: Path) -> float:
    return bench_anchor.run_phase("floor", project)["seconds"]


def one_size(size: int, paragraphs: int, runs: int, folder: Path) -> dict:
    seeds = folder / "corpus" / "seeds"
    shutil.rmtree(folder / "corpus", ignore_errors=True)
    total = bench_anchor.generate(seeds, size, paragraphs)
    project = make_project(folder, seeds)
    # Cold: the edition stage from nothing, beside the floor; then one full build, not counted.
    colds = sorted((edition_stage_cold(project) for _ in range(runs)), key=lambda f: f["seconds"])
    cold, cold_stages = colds[len(colds) // 2]["seconds"], colds[len(colds) // 2]["stages"]
    floors = statistics.median(floor(project) for _ in range(runs))
    project_build(project)
    before = mtimes(project)
    noop = statistics.median(bench_anchor.run_phase("rebuild", project)["seconds"] for _ in range(runs))
    written = sum(1 for path, ns in mtimes(project).items() if before.get(path) != ns)
    stock = stock_project(project, folder)
    stock_build(stock)  # warm the file cache the same way for both
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(project_build(project))
        theirs.append(stock_build(stock))
    page = first_document_page(project / "site", seeds)
    searches = {query: search_bytes.measure(project / "site", "/" + page.parent.name + "/", query, runs)
                for query in queries(seeds)}
    # the targets hold for every query: the figures are the worst of them
    found = {key: max(m[key] for m in searches.values()) for key in ("first_gz", "query_gz", "ms", "ms_10mbit", "heap")}
    # The same first document in an edition of five.
    small_seeds = folder / "small-seeds"
    shutil.rmtree(small_seeds, ignore_errors=True)
    small_seeds.mkdir()
    for seed in sorted(seeds.glob("*.txt"))[:5]:
        shutil.copy2(seed, small_seeds / seed.name)
    small = make_project(folder / "small", small_seeds)
    measured([sys.executable, "build_edition.py", "build", "--new-lock"], small)
    measured([sys.executable, "build_edition.py", "site"], small)
    small_page = first_document_page(small / "site", small_seeds)
    # Last, as it changes the corpus: 1 % of the paragraphs edited, inserted and deleted, then the rebuild,
    # each run on a fresh copy of the project as it was.
    edits = []
    for _ in range(runs):
        edited = folder / "edited"
        shutil.rmtree(edited, ignore_errors=True)
        shutil.copytree(project, edited, symlinks=True, ignore=shutil.ignore_patterns("site", "floor"))
        bench_anchor.edit(edited / "seeds", 0.01)
        edits.append(bench_anchor.run_phase("rebuild", edited)["seconds"])
    return {
        "documents": size, "paragraphs": total,
        "build": statistics.median(t for t, _ in ours), "stock": statistics.median(t for t, _ in theirs),
        "peak": max(m for _, m in ours), "stock_peak": max(m for _, m in theirs),
        "cold": cold, "cold_stages": cold_stages, "floor": floors, "noop": noop, "noop_written": written, "edit": statistics.median(edits),
        "page": page.stat().st_size, "small_page": small_page.stat().st_size,
        "site": folder_size(project / "site"), "stock_site": folder_size(stock / "site"),
        "search_gz": found["first_gz"], "search_query_gz": found["query_gz"], "search_ms": found["ms"],
        "search_ms_10mbit": found["ms_10mbit"], "search_heap": found["heap"],
        "searches": {q: {k: v for k, v in m.items() if k not in ("with_page", "fetched", "first")}
                     for q, m in searches.items()},
    }


def report(rows: list[dict]) -> None:
    mib = 1024 * 1024
    print(f"{'documents':>9} {'paragraphs':>10} | {'build s':>8} {'stock s':>8} {'ratio':>6} | {'peak MB':>8} "
          f"{'stock MB':>8} | {'cold/floor':>10} {'noop/cold':>9} {'written':>7} {'1%/cold':>7} | {'page KB':>8} {'÷ 5-doc':>7} | "
          f"{'site MiB':>8} {'stock':>6} | {'search KB':>9} {'query KB':>8} {'ms':>5} {'10 Mbit ms':>10} {'heap MB':>7}")
    for r in rows:
        print(f"{r['documents']:>9} {r['paragraphs']:>10} | {r['build']:8.1f} {r['stock']:8.1f} "
              f"{r['build'] / r['stock']:6.2f} | {r['peak']:8.0f} {r['stock_peak']:8.0f} | "
              f"{r['cold'] / r['floor']:10.1f} {r['noop'] / r['cold']:9.2f} {r['noop_written']:7d} {r['edit'] / r['cold']:7.2f} | "
              f"{r['page'] / 1024:8.0f} {r['page'] / r['small_page']:7.2f} | {r['site'] / mib:8.0f} "
              f"{r['stock_site'] / mib:6.0f} | {r['search_gz'] / 1024:9.0f} {r['search_query_gz'] / 1024:8.0f} "
              f"{r['search_ms']:5.0f} {r['search_ms_10mbit']:10.0f} {r['search_heap'] / 1e6:7.1f}")
    last = rows[-1]
    print(f"\nTargets at {last['documents']} documents (issue 12):")
    checks = [
        ("full build ≤ 0.4 × stock Material", last["build"] / last["stock"], 0.4),
        ("document page ≤ 1.2 × its size in a 5-document edition", last["page"] / last["small_page"], 1.2),
        ("search: ≤ 200 KB gzip before the first result", last["search_gz"] / 1000, 200),
        ("search: ≤ 1 s from the last letter to the first result at 10 Mbit/s, in Chromium",
         last["search_ms_10mbit"] / 1000, 1.0),
        ("search: ≤ 10 MB of JS heap added by the query", last["search_heap"] / 1e6, 10),
        ("edition stage cold ≤ 5 × the floor", last["cold"] / last["floor"], 5),
        ("no-op rebuild ≤ 0.2 × cold", last["noop"] / last["cold"], 0.2),
        ("no-op rebuild writes nothing", last["noop_written"], 0),
        ("1 % of paragraphs edited: rebuild ≤ 1.5 × cold", last["edit"] / last["cold"], 1.5),
        ("peak memory ≤ 600 MB", last["peak"], 600),
    ]
    for label, value, target in checks:
        print(f"  {'met ' if value <= target else 'MISS'}  {label}: {value:.2f} (target {target})")
    for query, m in last["searches"].items():
        print(f"  search for {query!r}: {m['first_gz'] / 1000:.0f} KB gzip before the first result, "
              f"{m['query_gz'] / 1000:.0f} KB for the query; {m['ms']:.0f} ms, {m['ms_10mbit']:.0f} ms at 10 Mbit/s; "
              f"{m['heap'] / 1e6:.1f} MB heap; the box says {m['meta']!r}")
    stages = sorted(last["cold_stages"].items(), key=lambda item: -item[1])
    print(f"  the edition stage cold, {last['cold']:.1f} s, spends: "
          + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in stages[:5])
          + f"; the floor is {last['floor']:.2f} s")
    if len(rows) > 1:
        first = rows[0]
        growth = (last["build"] / first["build"]) / (last["documents"] / first["documents"])
        print(f"  growth of the build from {first['documents']} to {last['documents']} documents, per document: "
              f"{growth:.2f} (1.00 is linear)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,300,1000", help="documents per corpus, comma-separated")
    parser.add_argument("--paragraphs", type=int, default=100, help="average body paragraphs per document")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; the median is printed")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    rows = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            started = time.perf_counter()
            rows.append(one_size(size, args.paragraphs, args.runs, folder / str(size)))
            print(f"[{size} documents measured in {time.perf_counter() - started:.0f} s]", file=sys.stderr)
        report(rows)
        print("\n" + json.dumps(rows), file=sys.stderr)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
