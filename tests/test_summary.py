"""build_edition.py summary: the job summary of a pull request's notes, on a git repository of the fixture."""
from __future__ import annotations

import io
import re
import subprocess

import pytest

from conftest import copy_fixture_project
from edition import cli

NEW_NOTE = """---
title: "Two boats | one bridge"
kind: cross-reference
authors: [New Contributor]
targets:
  - id: harbour.p2
    gloss: "Says *two* boats ran after the bridge closed."
  - bridge.p1
---
Body.
"""


def git(root, *args):
    return subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false",
                           *args], cwd=root, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path):
    root = copy_fixture_project(tmp_path / "repo")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "base")
    git(root, "checkout", "--quiet", "-b", "contribution")
    return root


def summary(root, base="main") -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(["summary", "--root", str(root), "--base", base], out=out)
    return code, out.getvalue()


def test_added_changed_and_removed_notes_with_targets_snippets_and_glosses(repo):
    (repo / "notes" / "two-boats.md").write_text(NEW_NOTE, encoding="utf-8")
    fares = repo / "notes" / "ferry-fares.md"
    fares.write_text(fares.read_text(encoding="utf-8").replace("When will the fares fall?", "Fares and the bridge"),
                     encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "notes")
    (repo / "notes" / "when-the-ferry-started.md").unlink()  # uncommitted: local use sees it too
    code, text = summary(repo)
    assert code == 0
    assert "3 note files added, changed or removed since main; `make check` accepts the edition." in text
    sections = dict(re.findall(r"(?m)^### (.+)\n\n(.+)$", text))
    assert sections == {"✅ notes/ferry-fares.md (changed)": "accepted by `make check`",
                        "✅ notes/two-boats.md (added)": "accepted by `make check`",
                        "➖ notes/when-the-ferry-started.md (removed)": "removed"}
    # Each target: id, speaker, the opening of its text and the gloss, escaped so a cell cannot end early.
    assert ("| harbour.p2 | Ada Stone | In April, after the bridge closed. We ran two boats. | "
            "Says &#42;two&#42; boats ran after the bridge closed. |") in text
    assert "| bridge.p1 | Mara Quill | The bridge was closed in March, and the ferry doubled its fares to &#36;5 &#38; more. | — |" in text
    assert "**Two boats &#124; one bridge** · kind: cross-reference · by New Contributor" in text
    assert "claims/two-boats/index.html" in text and "site** artifact" in text


def test_a_refused_note_shows_its_problems_and_the_others_are_flagged(repo):
    (repo / "notes" / "two-boats.md").write_text(NEW_NOTE, encoding="utf-8")
    (repo / "notes" / "broken.md").write_text("---\ntitle: T\nauthors: [A]\ntargets:\n  - bridge.p99\n---\nB.\n",
                                              encoding="utf-8")
    code, text = summary(repo)
    assert code == 0  # a report: `make check` is what fails the run
    assert "`make check` found 1 problem." in text
    assert "### ❌ notes/broken.md (added)\n\nrefused by `make check`: 1 problem\n\n" in text
    assert "- notes/broken.md&#58;5&#58; unknown paragraph 'bridge.p99'" in text and "notes.unknown-target" in text
    assert "### ⚠️ notes/two-boats.md (added)\n\nno problem in this note, but the edition has other problems" in text


def test_nothing_changed(repo):
    code, text = summary(repo)
    assert code == 0 and "0 note files added, changed or removed since main" in text and "###" not in text


def test_an_unknown_base_is_an_error_message_not_a_traceback(repo, capsys):
    code, _ = summary(repo, base="no-such-branch")
    assert code == 1
    err = capsys.readouterr().err
    assert "error: .: git merge-base:" in err and "[summary.git]" in err and "Traceback" not in err
