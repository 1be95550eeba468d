"""Tests for edition.withdrawn: a withdrawn note's page stays, links its successors; bad records are refused."""
from __future__ import annotations

from pathlib import Path

import pytest

from edition.errors import NoteError
from edition.withdrawn import Withdrawn, load_withdrawn, render_withdrawn

ROOT = Path(__file__).resolve().parent.parent
GOOD = ("version: 1\nwithdrawn:\n  - id: old-note\n    title: \"Old: title\"\n    date: 2026-12-02\n"
        "    reason: it linked two claims\n    successors: [new-note, other-note]\n")


def load(tmp_path: Path, text: str, live=("new-note", "other-note")):
    (tmp_path / "withdrawn.yml").write_text(text, encoding="utf-8")
    return load_withdrawn(tmp_path, "notes/withdrawn.yml", set(live))


def test_records_load_as_plain_values(tmp_path):
    (record,) = load(tmp_path, GOOD)
    assert record == Withdrawn("old-note", "Old: title", "2026-12-02", "it linked two claims",
                               ("new-note", "other-note"), 3)
    assert load_withdrawn(tmp_path / "missing", "x", set()) == ()


@pytest.mark.parametrize("old, new, line", [
    ("id: old-note", "id: new-note", 3),  # a withdrawn id is never reused
    ("id: old-note", "id: Old Note", 3),
    ("date: 2026-12-02", "date: yesterday", 5),
    ("successors: [new-note, other-note]", "successors: [new-note, gone-note]", 7),
    ("successors: [new-note, other-note]", "successors: []", 7),
    ("    reason: it linked two claims\n", "", 3),
    ("version: 1", "version: 2", 1),
])
def test_bad_records_are_refused_with_their_line(tmp_path, old, new, line):
    with pytest.raises(NoteError) as caught:
        load(tmp_path, GOOD.replace(old, new))
    assert [(p.location.path, p.location.line, p.code) for p in caught.value.problems] == \
        [("notes/withdrawn.yml", line, "notes.withdrawn")]


def test_the_page_gives_the_reason_and_links_each_successor(tmp_path):
    (record,) = load(tmp_path, GOOD.replace("two claims", "two *claims* <b>"))
    page = render_withdrawn((record,), {"new-note": "New [title]", "other-note": "Other"})["claims/old-note.md"]
    assert "withdrawn from the edition: it linked two &#42;claims&#42; &#60;b&#62;." in page
    assert "- [New &#91;title&#93;](new-note.md)\n- [Other](other-note.md)" in page


def test_every_withdrawn_note_of_the_edition_still_has_its_page(built_project):
    import yaml

    records = yaml.safe_load((ROOT / "notes" / "withdrawn.yml").read_text(encoding="utf-8"))["withdrawn"]
    assert records
    for record in records:
        page = (built_project / "site" / "claims" / record["id"] / "index.html").read_text(encoding="utf-8")
        assert "Withdrawn on" in page
        for successor in record["successors"]:
            assert f'href="../{successor}/"' in page
