"""A rebuild whose inputs have not changed does nothing (edition/uptodate.py); any change builds in full."""
from __future__ import annotations

import io
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edition import cli, pipeline, uptodate


@pytest.fixture
def built(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build(project)[0] == 0
    return project


def build(project):
    out = io.StringIO()
    code = cli.main(["build", "--root", str(project)], out=out)
    return code, out.getvalue()


def published(project):
    docs = project / "docs"
    return {p.relative_to(docs).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(docs.rglob("*")) if p.is_file()}


def test_a_second_build_of_the_same_inputs_runs_no_stage_and_writes_nothing(built, monkeypatch):
    before = published(built)
    assert uptodate.STAMP_FILE in before
    monkeypatch.setattr(pipeline, "run", lambda *args: pytest.fail("a stage ran for unchanged inputs"))
    code, out = build(built)
    assert code == 0 and out.startswith("up to date: 5 documents, ")
    assert published(built) == before


def add_comment(path, comment="#"):
    path.write_text(path.read_text(encoding="utf-8") + f"\n{comment} a change\n", encoding="utf-8")


CHANGES = {
    "a seed": lambda p: (sorted((p / "seeds").glob("*.txt"))[0].open("a", encoding="utf-8").write("\n")),
    "the registers": lambda p: add_comment(p / "seeds" / "registers.yml"),
    "a note": lambda p: (sorted((p / "notes").glob("*.md"))[0].open("a", encoding="utf-8").write("\n")),
    "a hand-written page": lambda p: add_comment(p / "pages" / "about.md", ""),
    "mkdocs.yml": lambda p: add_comment(p / "mkdocs.yml"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_changed_input_builds_in_full(built, change):
    CHANGES[change](built)
    code, out = build(built)
    assert code == 0 and out.startswith("built 5 documents, "), out


def test_a_new_date_builds_in_full(built, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert build(built)[1].startswith("built ")


def test_a_page_edited_by_hand_is_built_again(built):
    page = built / "docs" / "about.md"
    good = page.read_bytes()
    page.write_bytes(good + b"\nan edit\n")
    code, out = build(built)
    assert code == 0 and out.startswith("built ") and "1 files written" in out
    assert page.read_bytes() == good


@pytest.mark.parametrize("stamp", [b"", b"{", b'{"version": 0}', b'{"version": 1, "inputs": 3}', b"\xff\xfe"])
def test_a_missing_or_damaged_stamp_means_a_full_build(built, stamp):
    path = built / "docs" / uptodate.STAMP_FILE
    path.unlink()
    assert build(built)[1].startswith("built ")
    path.write_bytes(stamp)
    assert build(built)[1].startswith("built ")
    assert build(built)[1].startswith("up to date: ")


@given(st.text())
def test_anything_but_a_stamp_reads_as_none(text):
    assert uptodate.Stamp.parse(text) is None or text.lstrip().startswith("{")


def test_a_stamp_reads_back_as_written():
    stamp = uptodate.Stamp("a" * 64, "c" * 64, "b" * 64, 5, 178, 53, ("seeds/x.txt:3: a warning [w.code]",))
    assert uptodate.Stamp.parse(stamp.text()) == stamp


def test_a_build_that_writes_the_lock_is_followed_by_one_that_has_nothing_to_do(built):
    """The lock is read and written by a build: the stamp holds it as the build left it."""
    lock = built / "seeds" / "anchors.lock"
    earlier = lock.read_bytes()
    typo = ("Russia is open to negotiations with Ukraine", "Russia is open to negociations with Ukraine")
    seed = next(p for p in sorted((built / "seeds").glob("*.txt")) if typo[0] in p.read_text(encoding="utf-8"))
    seed.write_text(seed.read_text(encoding="utf-8").replace(*typo), encoding="utf-8")  # a paragraph revised
    code, out = build(built)
    assert code == 0 and "anchor lock updated" in out, out
    assert build(built)[1].startswith("up to date: ")
    lock.write_bytes(earlier)  # the lock as it was before the paragraph was added: built again, in full
    code, out = build(built)
    assert code == 0 and out.startswith("built ") and "anchor lock updated" in out, out


def test_the_stamp_does_not_depend_on_where_the_project_is(built, tmp_path):
    moved = tmp_path / "elsewhere" / "project"
    shutil.copytree(built, moved, symlinks=True)
    assert build(moved)[1].startswith("up to date: ")


def test_a_damaged_lock_stops_the_build_though_nothing_else_changed(built, capsys):
    lock = built / "seeds" / "anchors.lock"
    lock.write_bytes(lock.read_bytes()[: len(lock.read_bytes()) // 2])
    before = published(built)
    code, out = build(built)
    assert code == 1 and out == ""
    assert "[lock." in capsys.readouterr().err
    assert published(built) == before
