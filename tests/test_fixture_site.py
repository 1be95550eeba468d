"""The fixture edition published by MkDocs: syntax characters in the seeds show literally, turns and notes render.

This is the renderer seen through MkDocs, on tests/fixtures/edition/, so it never depends on the real
edition's text; the real edition is checked for the same property, paragraph by paragraph, in
tests/test_fidelity.py.
"""
import os

import pytest

from edition.uptodate import STAMP_FILE

from conftest import copy_fixture_project, mkdocs_build, run_build
from test_fidelity import norm, parse


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    project = copy_fixture_project(tmp_path_factory.mktemp("fixture-site") / "project")
    built = run_build(project, "build")
    assert built.returncode == 0, built.stderr
    site = mkdocs_build(project)
    assert site.returncode == 0, site.stderr
    return project / "site"


@pytest.mark.parametrize("phrase", [
    "$5 & more", "“We waited [for hours] at the bank,”", "1991. That was the last time",
    "# not a heading, *not emphasis*, <b>not bold</b>, {: .no } and [^1] stay literal.",
])
def test_syntax_characters_in_a_seed_show_literally(fixture_site, phrase):
    text = norm("".join(parse(fixture_site / "bridge" / "index.html").parts))
    assert phrase in text


def test_headings_turns_and_notes(fixture_site):
    bridge = (fixture_site / "bridge" / "index.html").read_text(encoding="utf-8")
    assert ">First Crossing</h2>" in bridge and ">Second Crossing</h2>" in bridge
    assert "<b>" not in bridge.split('id="p4"')[1].split("</p>")[0]  # the seed's <b> is text, not markup
    harbour = (fixture_site / "harbour" / "index.html").read_text(encoding="utf-8")
    assert 'class="ed-speaker ed-speaker--cont"' in harbour  # the unlabelled paragraph continues Ada Stone's turn
    assert 'href="../bridge/#p5"' in harbour and 'href="../harbour/#p5"' in bridge  # a note, both ways
    claim = (fixture_site / "claims" / "when-the-ferry-started" / "index.html").read_text(encoding="utf-8")
    assert "<em>March</em>" in claim and "<strong>April</strong>" in claim  # the note body's own Markdown


GROWN_SEED = """Mara Quill: The Ferry at High Water

By Mara Quill, The River Review, 4/2/24

The ferry ran every hour while the bridge was closed.

Mara Quill: The Ferry in Winter

By Mara Quill, The River Review, 12/1/24

In winter the ferry runs twice a day, and the fares are back to $3.
"""


def test_a_new_seed_with_two_articles_by_one_author_builds_into_the_navigation(tmp_path):
    """Two new articles by one author: two slugs, both listed under Texts (the sidebar's fixed entry), in MkDocs
    and in Zensical, with mkdocs.yml untouched; a rebuild keeps the slugs, which are then in the lock."""
    from conftest import ZENSICAL, zensical_build

    project = copy_fixture_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_bytes()
    (project / "seeds" / "003_more.txt").write_text(GROWN_SEED, encoding="utf-8")
    built = run_build(project, "build")
    assert built.returncode == 0, built.stderr
    lock = (project / "seeds" / "anchors.lock").read_text(encoding="utf-8")
    assert 'quill.p1 "The ferry ran' in lock and 'quill-winter.p1 "In winter' in lock  # surname, then a title word
    texts = (project / "docs" / "texts" / "index.md").read_text(encoding="utf-8")
    assert "[The Ferry at High Water](../quill.md)" in texts and "[The Ferry in Winter](../quill-winter.md)" in texts
    assert texts.index("(../bridge.md)") < texts.index("(../quill.md)") < texts.index("(../quill-winter.md)")

    # the slugs are in the lock now: a full rebuild (no stamp to skip it) changes nothing
    stamp = project / "docs" / STAMP_FILE
    kept = stamp.read_bytes()
    os.unlink(os.path.realpath(stamp))  # the published tree is never modified in place, but this is a test
    again = run_build(project, "build")
    assert again.returncode == 0 and ": 1 files written" in again.stdout, again.stdout + again.stderr  # the stamp
    assert (project / "seeds" / "anchors.lock").read_text(encoding="utf-8") == lock
    assert stamp.read_bytes() == kept  # and the stamp it writes is the one the first build wrote
    assert run_build(project, "check").returncode == 0

    site = mkdocs_build(project)
    assert site.returncode == 0, site.stderr
    assert ZENSICAL.exists(), f"the Zensical build needs {ZENSICAL}"
    zensical = zensical_build(project)
    assert zensical.returncode == 0 and "No issues found" in zensical.stdout + zensical.stderr, zensical.stdout
    for folder in ("site", "site-zensical"):
        index = (project / folder / "texts" / "index.html").read_text(encoding="utf-8")
        assert 'href="../quill/"' in index and 'href="../quill-winter/"' in index, folder
        page = (project / folder / "quill-winter" / "index.html").read_text(encoding="utf-8")
        sidebar = page[page.index("md-sidebar--primary"):page.index("md-sidebar--secondary")]
        assert 'href="../texts/"' in sidebar, folder  # reached from the sidebar's Texts entry
        assert "quill" not in sidebar, folder  # which lists no text: no page's sidebar grows with the edition
    assert (project / "mkdocs.yml").read_bytes() == config
