"""The command line, walked command by command on temporary copies of the project."""
import json
import re
import shutil
import stat

import pytest

from conftest import FIXTURE, ROOT, run_build


def tree(path):
    """Every file below ``path`` with its bytes: to prove a failed run changed nothing."""
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["inspect"], ["suggest"], ["serve"]])
def test_every_command_documents_itself(project, command):
    result = run_build(project, *command, "--help")
    assert result.returncode == 0
    assert "--seeds DIR" in result.stdout and "--lock FILE" in result.stdout
    if command == ["suggest"]:
        assert "--ignore-notes" in result.stdout and "--top N" in result.stdout


def test_build_then_noop_rebuild_then_check(project):
    first = run_build(project)
    assert first.returncode == 0, first.stderr
    assert "5 documents" in first.stdout and (project / "seeds" / "anchors.lock").exists()
    assert (project / "docs" / "snider.md").exists() and (project / "docs" / "edition.json").exists()
    assert stat.S_IMODE((project / "docs" / "snider.md").stat().st_mode) == 0o644  # readable by a web server
    before = {p: p.stat().st_mtime_ns for p in (project / "docs").rglob("*") if p.is_file()}
    second = run_build(project, "build")
    assert second.returncode == 0
    assert second.stdout.startswith("up to date: 5 documents") and "nothing written" in second.stdout
    assert {p: p.stat().st_mtime_ns for p in (project / "docs").rglob("*") if p.is_file()} == before
    check = run_build(project, "check")
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("ok: 5 documents")


def test_check_passes_on_the_committed_tree_and_writes_nothing(project):
    before = tree(project)
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    assert tree(project) == before


def test_check_fails_without_the_lock_and_writes_nothing(project):
    (project / "seeds" / "anchors.lock").unlink()
    before = tree(project)
    result = run_build(project, "check")
    assert tree(project) == before
    assert result.returncode == 1
    assert "seeds/anchors.lock" in result.stderr and "make build" in result.stderr


def test_output_is_deterministic(project, tmp_path):
    assert run_build(project).returncode == 0
    first = tree(project / "docs")
    (project / "docs").unlink()  # the link to the generated tree: the next build starts from no pages
    assert run_build(project).returncode == 0
    assert tree(project / "docs") == first


def test_non_utf8_seed_fails_with_location_and_writes_nothing(project):
    assert run_build(project).returncode == 0
    (project / "seeds" / "003_bad.txt").write_bytes(b"A Title\n\nBy A B, Outlet, 1/1/24\n\nCaf\xe9\n")
    before = tree(project)
    result = run_build(project)
    assert result.returncode == 1
    assert "error: seeds/003_bad.txt:5: byte 0xe9 is not UTF-8" in result.stderr
    assert "[seed.encoding]" in result.stderr and "nothing was written" in result.stderr
    assert tree(project) == before


def test_metadata_naming_a_missing_paragraph_fails(project):
    before = tree(project)
    editorial = project / "seeds" / "editorial.yml"
    text = editorial.read_text(encoding="utf-8")
    editorial.write_text(text.replace("1: Riccardo Amati", "99: Riccardo Amati"), encoding="utf-8")
    line = next(i for i, l in enumerate(editorial.read_text(encoding="utf-8").splitlines(), 1) if "99: Riccardo" in l)
    result = run_build(project)
    assert result.returncode == 1
    assert f"seeds/editorial.yml:{line}: speaker override names paragraph 99" in result.stderr
    after = tree(project)
    assert after.pop("seeds/editorial.yml") != before.pop("seeds/editorial.yml")
    assert after == before


def test_document_without_body_fails(project):
    (project / "seeds" / "004_empty_doc.txt").write_text("Just a Title\n\nBy A B, Outlet, 1/1/24\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1
    assert "seeds/004_empty_doc.txt:1: document 'Just a Title' has no body paragraphs;" in result.stderr
    assert "[seed.no-body]" in result.stderr


def test_inspect_prints_what_was_inferred(tmp_path):
    # On the fixture edition, so that a corrected seed of the real edition never needs this test touched.
    project = tmp_path / "fixture"
    shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns("golden"))
    shutil.copy2(ROOT / "build_edition.py", project)
    shutil.copytree(ROOT / "edition", project / "edition", ignore=shutil.ignore_patterns("__pycache__"))
    result = run_build(project, "inspect", "seeds/002_interview.txt")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "document 'harbour' (interview)" in out and "document 'bridge'" not in out
    assert "byline: Author: Tom Reed" in out and "credit: Source: Harbour Gazette" in out
    assert "kickers: river news" in out
    assert "dropped (line 19): 'share:': residue of the page's sharing buttons" in out
    assert "Tom Reed (2), Ada Stone (3)" in out
    assert "harbour.p3     line 13   Ada Stone: That was not enough at first." in out  # a continued turn


def test_suggest_text_and_json(project):
    text = run_build(project, "suggest", "--top", "3")
    assert text.returncode == 0, text.stderr
    data = run_build(project, "suggest", "--top", "5", "--json", "--ignore-notes")
    assert data.returncode == 0, data.stderr
    parsed = json.loads(data.stdout)
    assert isinstance(parsed, (list, dict)) and len(parsed if isinstance(parsed, list) else parsed["suggestions"]) == 5


def test_a_new_seed_in_the_conventions_builds_with_no_code_change(project):
    from html import unescape

    from conftest import mkdocs_build

    (project / "seeds" / "003_new.txt").write_text(
        "Anna Lee: A Further Report\n\nBy Anna Lee, The Outlet, 11/2/23\n\nFirst paragraph, with $5 & [notes].\n\n"
        "A SECTION\n\nSecond paragraph.\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert mkdocs_build(project).returncode == 0
    edition = json.loads((project / "site" / "edition.json").read_text(encoding="utf-8"))
    new = edition["documents"][-1]
    assert (new["slug"], new["title"], new["authors"], new["date"]) == ("lee", "A Further Report", ["Anna Lee"], "2023-11-02")
    html = (project / "site" / "lee" / "index.html").read_text(encoding="utf-8")
    assert 'id="p1"' in html and 'id="p2"' in html
    assert "First paragraph, with $5 & [notes]." in unescape(html)  # character references, shown literally
    assert 'href="lee/"' in (project / "site" / "index.html").read_text(encoding="utf-8")  # linked from home
    lock = (project / "seeds" / "anchors.lock").read_text(encoding="utf-8")
    assert 'lee.p1 "First paragraph' in lock and 'lee.p2 "Second paragraph."' in lock


def test_suggest_note_writes_a_template_that_check_accepts(project):
    first = run_build(project, "suggest", "--note", "1")
    assert first.returncode == 0, first.stderr
    (path,) = re.findall(r"wrote (notes/\S+\.md):", first.stdout)
    assert (project / path).is_file()
    chosen = run_build(project, "suggest", "--note", "bondarev.p19", "putin-cmg.p93")
    assert chosen.returncode == 0, chosen.stderr
    again = run_build(project, "suggest", "--note", "putin-cmg.p93", "bondarev.p19")  # never overwrites
    assert "notes/bondarev-p19-putin-cmg-p93-2.md" in again.stdout
    check = run_build(project, "check")
    assert check.returncode == 0, check.stderr
    bad = run_build(project, "suggest", "--note", "bondarev.p19", "nowhere.p1")
    assert bad.returncode == 1 and "[suggest.unknown-paragraph]" in bad.stderr and "Traceback" not in bad.stderr
