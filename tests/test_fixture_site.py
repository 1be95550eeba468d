"""The fixture edition published by MkDocs: syntax characters in the seeds show literally, turns and notes render.

This is the renderer seen through MkDocs, on tests/fixtures/edition/, so it never depends on the real
edition's text; the real edition is checked for the same property, paragraph by paragraph, in
tests/test_fidelity.py.
"""
import shutil

import pytest
import yaml

from edition import pipeline

from conftest import FIXTURE, ROOT, mkdocs_build, run_build
from test_fidelity import norm, parse


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("fixture-site") / "project"
    shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns("golden"))
    for name in ("build_edition.py", "edition", "overrides"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, project / name)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("nav", None)  # the real edition's pages; MkDocs lists the fixture's own
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    docs = pipeline.BuildConfig.default(project).docs
    docs.mkdir(parents=True)
    shutil.copy2(ROOT / "docs" / "about.md", docs / "about.md")  # the hand-written page the home page links
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
