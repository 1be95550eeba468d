"""Golden files: everything the build generates for a small fixture edition, compared byte for byte.

The fixture (tests/fixtures/edition/) is an article with headings and syntax characters in its text, an
interview with labelled turns and an unlabelled continuation, their editorial metadata, anchor lock and two
notes. It tests the renderer and exporters, not the edition's content: the real edition is tested by
invariants (tests/test_fidelity.py, tests/test_export.py), so a new note or a corrected seed never needs a
test file touched.

After a deliberate change to the output, run `make golden` (pytest --update-golden) and review the diff of
tests/fixtures/edition/golden/ like any other change: it shows exactly what readers will see differently.
"""
import difflib
from pathlib import Path

import pytest

from edition import pipeline

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "edition"
GOLDEN = FIXTURE / "golden"


def fixture_config(root: Path = FIXTURE, docs: Path | None = None) -> pipeline.BuildConfig:
    config = pipeline.BuildConfig.default(root, docs=docs or root / "_unused_docs")
    return pipeline.BuildConfig(**{**config.__dict__, "date": "2024-01-01"})


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    result = pipeline.check(fixture_config())  # the committed fixture lock is up to date
    return result.files


def test_the_golden_folder_lists_exactly_the_generated_files(generated, request):
    if request.config.getoption("--update-golden"):
        for stale in sorted(p for p in GOLDEN.rglob("*") if p.is_file()):
            if stale.relative_to(GOLDEN).as_posix() not in generated:
                stale.unlink()
        pytest.skip("removed stale golden files")
    on_disk = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())
    assert on_disk == sorted(generated), "run `make golden` if the set of generated files changed on purpose"


def test_generated_files_match_golden(generated, request):
    failures = []
    for name, actual in sorted(generated.items()):
        actual = actual.decode("utf-8") if isinstance(actual, bytes) else actual  # TEI is written as bytes
        golden = GOLDEN / name
        if request.config.getoption("--update-golden"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(actual, encoding="utf-8")
            continue
        expected = golden.read_text(encoding="utf-8") if golden.exists() else ""
        if actual != expected:
            diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                f"golden/{name}", f"generated/{name}", n=1))
            failures.append(diff[:3000])
    if request.config.getoption("--update-golden"):
        pytest.skip(f"rewrote {GOLDEN}")
    assert not failures, ("generated files differ from their golden files (run `make golden` if intended):\n"
                          + "\n".join(failures))
