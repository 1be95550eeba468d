"""Golden files: the generated Markdown for the five documents, compared byte for byte.

After a deliberate change to the output, run `make golden` (pytest --update-golden) and review the diff of
tests/golden/ like any other change: it shows exactly what readers will see differently.
"""
import difflib
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
PAGES = ["bondarev.md", "putin-cmg.md", "snider.md", "hahn.md", "decamp.md", "speakers.md"]


@pytest.mark.parametrize("name", PAGES)
def test_generated_markdown_matches_golden(built_project, request, name):
    actual = (built_project / "docs" / name).read_text(encoding="utf-8")
    golden = GOLDEN / name
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        pytest.skip(f"rewrote {golden.name}")
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"golden/{name}", f"generated/{name}", n=1))
        pytest.fail(f"generated {name} differs from its golden file (run `make golden` if intended):\n{diff[:6000]}")
