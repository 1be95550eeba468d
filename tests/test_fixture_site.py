"""The fixture edition published by MkDocs: syntax characters in the seeds show literally, turns and notes render.

This is the renderer seen through MkDocs, on tests/fixtures/edition/, so it never depends on the real
edition's text; the real edition is checked for the same property, paragraph by paragraph, in
tests/test_fidelity.py.
"""
import pytest

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
