"""What a contributor does, end to end: in a fresh `git clone` of this commit, make the change CONTRIBUTING.md
describes, commit it, and run `make ci`, the one command CI runs for a pull request. It must pass with no
test file touched.

Two contributions: a note written from CONTRIBUTING.md's template (read out of the document, so the two
cannot drift), and a correction of a word in a seed paragraph made as "Reporting a correction to the text"
says (edit the seed, `make build`, commit the lock with it).

In the clone, `make ci` runs as in CI with three differences, to keep the two tests near a minute:
- it reuses this test run's virtual environment (`VENV=… STAMP=`) instead of installing it again;
- `make test` runs only the tests marked `edition` (tests/conftest.py: those reading the edition's own seeds,
  notes and lock through the `project`, `built_project` or `edition` fixtures). The others run on fixtures of
  their own, so a note or a seed correction cannot change their result; `make test` runs them on every pull
  request all the same;
- it skips the browser tests (about a minute more; they read the same generated site the `edition` tests
  check) and this file (it would recurse).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from edition import pipeline

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
RE_TEMPLATE = re.compile(r"```markdown\n(?P<note>---\n.*?)```", re.S)
RE_LONG_WORD = re.compile(r"\b[a-z]{9,}\b")
VENV = Path(sys.prefix)  # the virtual environment this test runs in
PYTEST_IN_CLONE = "-q -x -p no:cacheprovider -m edition --ignore=tests/browser --ignore=tests/test_pull_request.py"

pytestmark = pytest.mark.skipif(shutil.which("git") is None or shutil.which("make") is None
                                or not (ROOT / ".git").exists(), reason="needs git, make and a git checkout")


def git(cwd: Path, *args: str) -> str:
    command = ["git", "-c", "safe.directory=*", "-c", "user.name=A Contributor", "-c", "user.email=a@example.org",
               "-c", "commit.gpgsign=false", *args]
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True).stdout


def make(clone: Path, *targets: str, **variables: str) -> subprocess.CompletedProcess:
    # This run's environments, and no second (Zensical) pass: the clone tests what a contributor changes.
    settings = {"VENV": str(VENV), "STAMP": "", "ZSTAMP": "", "CFF": "", "ZTEST": "", **variables}
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run(["make", "--no-print-directory", *targets, *(f"{k}={v}" for k, v in settings.items())],
                          cwd=clone, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture
def clone(tmp_path) -> Path:
    """A fresh clone of the commit under test, as a contributor's fork would be."""
    target = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--no-hardlinks", str(ROOT), str(target))
    return target


def run_ci(clone: Path) -> None:
    result = make(clone, "ci", PYTEST_ARGS=PYTEST_IN_CLONE)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "error:" not in result.stderr
    assert git(clone, "status", "--porcelain") == ""  # CI wrote only ignored build outputs


def test_a_note_from_the_template_passes_the_pull_request_checks(clone):
    template = RE_TEMPLATE.search(CONTRIBUTING)
    assert template, "CONTRIBUTING.md has a ```markdown template block"
    note = clone / "notes" / "a-newcomers-note.md"
    assert not note.exists()
    note.write_text(template["note"], encoding="utf-8")
    check = make(clone, "check")
    assert check.returncode == 0, check.stderr
    git(clone, "add", "notes/a-newcomers-note.md")
    git(clone, "commit", "--quiet", "-m", "Add a note")
    run_ci(clone)
    site = clone / "site" / "claims" / "a-newcomers-note" / "index.html"
    assert site.is_file() and "Your Name" in site.read_text(encoding="utf-8")


def test_a_corrected_word_in_a_seed_passes_the_pull_request_checks(clone):
    # The correction: one word of a body paragraph changed, as a typo fix changes it. Any paragraph will do; the
    # last long word of the longest paragraph is chosen so that the test depends on no particular text.
    paragraphs = [p for d in pipeline.run(pipeline.BuildConfig.default(clone)).edition.documents for p in d.paragraphs]
    paragraph = max(paragraphs, key=lambda p: (len(p.raw), p.id))
    word = RE_LONG_WORD.findall(paragraph.raw)[-1]
    corrected = paragraph.raw.replace(word, word[:-1] + word[-1] * 2, 1)  # e.g. "agreement" → "agreementt"
    seed = next(p for p in sorted((clone / "seeds").glob("*.txt")) if paragraph.raw in p.read_text(encoding="utf-8"))
    text = seed.read_text(encoding="utf-8")
    assert text.count(paragraph.raw) == 1
    seed.write_text(text.replace(paragraph.raw, corrected), encoding="utf-8")

    stale = make(clone, "check")  # what the pull request checks report until the lock is rebuilt
    assert stale.returncode != 0 and "[lock.stale]" in stale.stderr and "make build" in stale.stderr
    build = make(clone, "build")  # CONTRIBUTING: run `make build`, commit the lock with the seed
    assert build.returncode == 0, build.stderr
    lock = (clone / "seeds" / "anchors.lock").read_text(encoding="utf-8")
    assert f'{paragraph.id} "' in lock and word[:-1] + word[-1] * 2 in lock  # the paragraph keeps its id
    assert paragraph.id in git(clone, "diff", "--", "seeds/anchors.lock")  # and the lock shows the change
    git(clone, "add", "seeds")
    git(clone, "commit", "--quiet", "-m", f"Correct a word in {paragraph.id}")
    run_ci(clone)
