"""Does checking a hostile note stay linear in its size? Prints figures.

    python benchmarks/bench_check.py [--repeat 3]

For note bodies of 10 KB, 100 KB and 1 MB made of one adversarial pattern each (the ones that made the old
regular-expression checker or Markdown parsers quadratic: "](", "[", "![", "{", "<a", "*_", "[^", runs of
"-", nested "> ", "[r]:" lines, entity soup), it times, as medians of ``--repeat`` runs side by side:

* ``check``: what `make check` does, in process (``edition.cli.main(["check", ...])``) on a temporary copy of
  the project with that one note added. A note over ``edition.notes.MAX_NOTE_BYTES`` is refused from its
  size before it is read, so the 100 KB and 1 MB rows show that refusal's cost;
* ``scan``: the body checker's syntax scans alone (``edition.notes.check_body_links`` minus the parser),
  with the size limit lifted, to show the validator itself is linear at every size;
* ``parse``: the renderer's parser and sanitizer on the 10 KB body (``edition.sanitize``), the largest size
  a note can reach it with.

The growth ratio is the time at 100 KB and at 1 MB divided by the time at 10 KB: linear means about 10 and
100 for ``scan``; for ``check`` the baseline (the whole edition's check) dominates.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition import cli, notes, sanitize  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)
PATTERNS = {
    "](": "](", "[": "[", "![": "![", "{": "{", "<a": "<a", "*_": "*_", "[^": "[^", "-": "-",
    "> nested": "> ", "[r]: lines": "[r]:\n", "entities": "&#106;", "](javascript:": "](javascript:",
}
HEAD = "---\ntitle: Bench\nauthors: [B]\ntargets: [snider.p9]\n---\n"


def body(pattern: str, size: int) -> str:
    return (pattern * (size // len(pattern) + 1))[:size]


def median_time(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def project_copy(dest: Path) -> Path:
    for name in ("seeds", "notes", "pages"):
        shutil.copytree(ROOT / name, dest / name)
    return dest


def run_check(project: Path) -> int:
    args = ["check", "--root", str(project), "--seeds", str(project / "seeds"), "--notes", str(project / "notes"),
            "--docs", str(project / "docs"), "--lock", str(project / "seeds" / "anchors.lock")]
    with contextlib.redirect_stderr(io.StringIO()):
        return cli.main(args, out=io.StringIO())


def scan_only(text: str) -> None:
    with mock.patch.object(sanitize, "links", lambda b: []):
        notes.check_body_links(text, "notes/bench.md", known={"snider.p9"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = project_copy(Path(tmp) / "project")
        baseline = median_time(lambda: run_check(project), args.repeat)
        print(f"make check without the note: {baseline:.3f} s (median of {args.repeat})")
        print(f"note size limit: {notes.MAX_NOTE_BYTES:,} bytes\n")
        print(f"{'pattern':<16}{'what':<7}" + "".join(f"{s // 1000:>9} KB" for s in SIZES)
              + f"{'×100KB':>9}{'×1MB':>8}")
        note = project / "notes" / "bench.md"
        worst_parse = 0.0
        for name, pattern in PATTERNS.items():
            checks, scans = [], []
            for size in SIZES:
                text = body(pattern, size)
                note.write_text(HEAD + text, encoding="utf-8")
                checks.append(median_time(lambda: run_check(project), args.repeat))
                scans.append(median_time(lambda: scan_only(text), args.repeat))
            small = body(pattern, SIZES[0])
            parse = median_time(lambda: sanitize.render_body(small, lambda h: None), args.repeat)
            worst_parse = max(worst_parse, parse)
            for what, row in (("check", checks), ("scan", scans)):
                print(f"{name:<16}{what:<7}" + "".join(f"{t:>10.4f}s" for t in row)
                      + f"{row[1] / row[0]:>9.1f}{row[2] / row[0]:>8.1f}")
            print(f"{'':<16}{'parse':<7}{parse:>10.4f}s")
        note.unlink()
        print(f"\nworst parse + sanitize of a 10 KB body: {worst_parse:.3f} s")


if __name__ == "__main__":
    main()
