"""The anchor lock file: round trip, canonical order, atomic writes, and every kind of mangling reported."""
from __future__ import annotations

import os
import stat
import textwrap

import pytest

from edition import files as files_module
from edition import lock as lock_module
from edition.errors import FileError, LockError
from edition.lock import (AT_START, AnchorLock, LockedParagraph, document_order, dump_lock, load_lock, make_lock,
                          parse_lock, write_lock)
from edition.model import Change, Retired, Revision

SHOWN = "seeds/anchors.lock"


def sample() -> AnchorLock:
    """A lock using every feature of the format, records given out of order on purpose."""
    paragraphs = [
        LockedParagraph("snider.p10", "Ten"),
        LockedParagraph("snider.p2", 'Two: "quoted", back\\slash, tab\tand\nnewline'),
        LockedParagraph("snider.p10b", "Ten and a bit"),
        LockedParagraph("bondarev.p1", "“Curly” — and non-ASCII: ¶ ü 中文"),
        LockedParagraph("snider.p10ab", "Between ten and ten-b"),
        LockedParagraph("bondarev.p3", "Three, moved before two", after=AT_START),
        LockedParagraph("bondarev.p2", "Two"),
    ]
    retired = [Retired("snider.p1", "snider.p2", "2024-02-01", "removed"),
               Retired("snider.p11", "snider.p10b", "2024-03-01", "merged"),
               Retired("bondarev.p4", "bondarev.p2", "2024-02-01", "removed")]
    revisions = [
        Revision(1, "2024-02-01", (Change("retired", "snider.p1", "One", None, "snider.p2"),
                                   Change("retired", "bondarev.p4", "Four", None, "bondarev.p2"),
                                   Change("moved", "bondarev.p3", None, "Three, moved before two"))),
        Revision(2, "2024-03-01", (Change("corrected", "snider.p2", "Tow", 'Two: "quoted"'),
                                   Change("added", "snider.p10ab", None, "Between ten and ten-b"),
                                   Change("merged", "snider.p10b", "Ten and", "Ten and a bit"),
                                   Change("retired", "snider.p11", "a bit", None, "snider.p10b"),
                                   Change("split", "bondarev.p2", "Two and more", "Two"))),
    ]
    return make_lock(paragraphs, retired, revisions)


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def mangle(text: str, find: str, replace: str) -> tuple[str, int]:
    """Replace the one line containing ``find``; return the text and that line's number."""
    lines = lines_of(text)
    (index,) = [k for k, line in enumerate(lines) if find in line]
    lines[index] = lines[index].replace(find, replace)
    return "\n".join(lines), index + 1


def problems_of(text: str) -> list[tuple[str, int | None, str]]:
    with pytest.raises(LockError) as info:
        parse_lock(text, SHOWN)
    return [(p.location.path, p.location.line, p.code) for p in info.value.problems]


# --------------------------------------------------------------------------------------------- round trip

def test_round_trip_keeps_everything():
    lock = sample()
    text = dump_lock(lock)
    assert parse_lock(text, SHOWN) == lock
    assert dump_lock(parse_lock(text, SHOWN)) == text


def test_records_are_sorted_by_document_then_natural_number():
    ids = [line.split(" ")[0] for line in lines_of(dump_lock(sample())) if ".p" in line.split(" ")[0]]
    assert ids == ["bondarev.p1", "bondarev.p2", "bondarev.p3", "bondarev.p4",
                   "snider.p1", "snider.p2", "snider.p10", "snider.p10ab", "snider.p10b", "snider.p11"]


def test_format_is_one_readable_line_per_paragraph():
    text = dump_lock(sample())
    assert text.startswith("# ")
    assert "\nanchor-lock 2\n" in text
    assert '\nsnider.p10 "Ten"\n' in text
    assert '\nbondarev.p3 first "Three, moved before two"\n' in text
    assert "\nsnider.p11 retired 2024-03-01 merged -> snider.p10b\n" in text
    assert '\n  corrected snider.p2 old "Tow" new "Two: \\"quoted\\""\n' in text
    assert "“Curly” — and non-ASCII: ¶ ü 中文" in text  # readable in a diff, not \u-escaped
    assert "\n\nsnider.p1 " in text  # a blank line between documents
    assert text.endswith("\n") and "\r" not in text


def test_dump_is_deterministic_whatever_the_input_order():
    lock = sample()
    shuffled = AnchorLock(tuple(reversed(lock.paragraphs)), tuple(reversed(lock.retired)), lock.revisions)
    assert dump_lock(shuffled) == dump_lock(lock)


def test_document_order_puts_moved_paragraphs_back():
    lock = sample()
    assert [p.id for p in lock.documents()["bondarev"]] == ["bondarev.p3", "bondarev.p1", "bondarev.p2"]
    chain = [LockedParagraph("d.p1", "a"), LockedParagraph("d.p2", "b"),
             LockedParagraph("d.p3", "c", after="d.p4"), LockedParagraph("d.p4", "d", after="d.p1")]
    assert [p.id for p in document_order(chain)] == ["d.p1", "d.p4", "d.p3", "d.p2"]


def test_resolve_follows_successor_chains():
    lock = make_lock([LockedParagraph("d.p3", "c")],
                     [Retired("d.p1", "d.p2", "2024-01-01"), Retired("d.p2", "d.p3", "2024-02-01")])
    assert {r.id: r.successor for r in lock.resolve()} == {"d.p1": "d.p3", "d.p2": "d.p3"}


# ------------------------------------------------------------------------------------------------- writing

def test_write_is_skipped_when_nothing_changed(tmp_path):
    path = tmp_path / "anchors.lock"
    assert write_lock(path, sample()) is True
    assert path.read_text(encoding="utf-8") == dump_lock(sample())
    os.utime(path, (1_000_000_000, 1_000_000_000))
    assert write_lock(path, sample()) is False
    assert path.stat().st_mtime == 1_000_000_000
    assert load_lock(path, SHOWN) == sample()


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "anchors.lock"
    write_lock(path, sample())
    before = path.read_bytes()
    changed = make_lock([*sample().paragraphs, LockedParagraph("snider.p12", "New")], sample().retired,
                        sample().revisions)

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(files_module.os, "replace", crash)  # the lock is written by edition.files
    with pytest.raises(FileError) as info:
        write_lock(path, changed, SHOWN)
    assert str(info.value).startswith(f"{SHOWN}: cannot write the anchor lock")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["anchors.lock"]
    monkeypatch.undo()
    assert write_lock(path, changed) is True
    assert sorted(p.name for p in tmp_path.iterdir()) == ["anchors.lock"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_missing_lock_loads_as_none(tmp_path):
    assert load_lock(tmp_path / "anchors.lock", SHOWN) is None


def test_load_reports_the_shown_path_and_remembers_lines(tmp_path):
    path = tmp_path / "anchors.lock"
    text = dump_lock(sample())
    path.write_text(text, encoding="utf-8")
    loaded = load_lock(path, SHOWN)
    assert loaded.lines["snider.p10b"] == lines_of(text).index('snider.p10b "Ten and a bit"') + 1
    path.write_bytes(b"anchor-lock 1\n\xff\n")
    with pytest.raises(LockError) as info:
        load_lock(path, SHOWN)
    assert str(info.value).startswith(f"{SHOWN}: not UTF-8")


# ---------------------------------------------------------------------------------------------- mangling
# Record-level mangling is tested on version 1 text (no trailer), which is still read: in version 2 the
# trailer's checksum refuses any hand edit first (tests/test_lock_integrity.py).

def unsealed(text: str) -> str:
    """A version-2 lock as version 1: header 1, no trailer."""
    body = text[:-1].rpartition("\n")[0] + "\n"
    assert body.endswith("\n\n") and "\nanchor-lock 2\n" in body
    return body[:-1].replace("\nanchor-lock 2\n", "\nanchor-lock 1\n")



def test_bad_header():
    text, line = mangle(unsealed(dump_lock(sample())), "anchor-lock 1", "anchor-lok 1")
    assert problems_of(text) == [(SHOWN, line, "lock.header")]
    assert problems_of("") == [(SHOWN, 1, "lock.header")]


def test_unsupported_version():
    text, line = mangle(unsealed(dump_lock(sample())), "anchor-lock 1", "anchor-lock 3")
    assert problems_of(text) == [(SHOWN, line, "lock.version")]


def test_unreadable_lines_are_all_reported_with_their_lines():
    text, first = mangle(unsealed(dump_lock(sample())), 'snider.p10 "Ten"', 'snider.p10 Ten')
    text, second = mangle(text, "bondarev.p4 retired 2024-02-01", "bondarev.p4 retird 2024-02-01")
    text, third = mangle(text, "  added snider.p10ab", "  adde snider.p10ab")
    assert problems_of(text) == [(SHOWN, line, "lock.syntax") for line in sorted([first, second, third])]
    with pytest.raises(LockError) as info:
        parse_lock(text, SHOWN)
    (message,) = [m for m in str(info.value).split("\n") if m.startswith(f"{SHOWN}:{first}:")]
    assert message.startswith(f"{SHOWN}:{first}: cannot read this line") and message.endswith("[lock.syntax]")
    assert "make build" in message


@pytest.mark.parametrize("bad", ["snider.P2", "snider.p02", "snider.p2a", "Snider.p2", "snider.p"])
def test_malformed_ids(bad):
    text, line = mangle(unsealed(dump_lock(sample())), "snider.p2 \"Two:", f"{bad} \"Two:")
    assert (SHOWN, line, "lock.syntax") in problems_of(text)


def test_bad_date():
    text, line = mangle(unsealed(dump_lock(sample())), "retired 2024-03-01 merged", "retired 2024-13-01 merged")
    assert (SHOWN, line, "lock.syntax") in problems_of(text)


def test_duplicate_id_names_both_lines():
    text = unsealed(dump_lock(sample()))
    original = lines_of(text).index('snider.p10 "Ten"') + 1
    text, line = mangle(text, 'snider.p10b "Ten and a bit"', 'snider.p10 "Ten again"')
    assert problems_of(text) == [(SHOWN, line, "lock.duplicate")]
    with pytest.raises(LockError) as info:
        parse_lock(text, SHOWN)
    assert f"first on line {original}" in str(info.value)


def test_successor_that_does_not_exist():
    text, line = mangle(unsealed(dump_lock(sample())), "merged -> snider.p10b", "merged -> snider.p99")
    assert problems_of(text) == [(SHOWN, line, "lock.successor")]


def test_successor_cycle():
    lock = make_lock([LockedParagraph("d.p3", "c")],
                     [Retired("d.p1", "d.p2", "2024-01-01"), Retired("d.p2", "d.p1", "2024-01-01")])
    text = unsealed(dump_lock(lock))
    assert problems_of(text) == [(SHOWN, lines_of(text).index("d.p1 retired 2024-01-01 removed -> d.p2") + 1,
                                  "lock.cycle"),
                                 (SHOWN, lines_of(text).index("d.p2 retired 2024-01-01 removed -> d.p1") + 1,
                                  "lock.cycle")]


def test_each_document_may_have_its_own_moved_first_paragraph():
    lock = make_lock([LockedParagraph("a.p1", "x"), LockedParagraph("a.p2", "y", after=AT_START),
                      LockedParagraph("b.p1", "x"), LockedParagraph("b.p2", "y", after=AT_START)], [])
    assert [p.id for p in parse_lock(unsealed(dump_lock(lock)), SHOWN).documents()["b"]] == ["b.p2", "b.p1"]


def test_order_hints_must_name_live_paragraphs_of_the_same_document():
    text, line = mangle(unsealed(dump_lock(sample())), "bondarev.p3 first", "bondarev.p3 after snider.p2")
    assert problems_of(text) == [(SHOWN, line, "lock.order")]
    text, line = mangle(unsealed(dump_lock(sample())), "bondarev.p3 first", "bondarev.p3 after bondarev.p4")
    assert problems_of(text) == [(SHOWN, line, "lock.order")]
    looping = make_lock([LockedParagraph("d.p1", "a"), LockedParagraph("d.p2", "b", after="d.p3"),
                         LockedParagraph("d.p3", "c", after="d.p2")], [])
    assert [code for _, _, code in problems_of(unsealed(dump_lock(looping)))] == ["lock.order", "lock.order"]


def test_revisions_are_numbered_in_order_and_come_last():
    text, line = mangle(unsealed(dump_lock(sample())), "revision 2 ", "revision 3 ")
    assert problems_of(text) == [(SHOWN, line, "lock.revision")]
    text = unsealed(dump_lock(sample())) + 'snider.p20 "late"\n'
    assert problems_of(text) == [(SHOWN, len(lines_of(text)) - 1, "lock.syntax")]


def test_history_must_name_issued_ids():
    text, line = mangle(unsealed(dump_lock(sample())), "  added snider.p10ab", "  added snider.p10c")
    assert problems_of(text) == [(SHOWN, line, "lock.history")]


def test_comments_and_blank_lines_are_ignored():
    text = unsealed(dump_lock(sample())).replace("\nanchor-lock 1\n", "\n\n# a note\nanchor-lock 1\n\n")
    assert parse_lock(text, SHOWN) == sample()


def test_the_example_in_the_format_description_is_a_valid_lock():
    """The module docstring documents the format by example; the example must stay true."""
    block = lock_module.__doc__.split("::\n\n", 1)[1].split("\n\n* ", 1)[0]
    lock = parse_lock(textwrap.dedent(block) + "\n", SHOWN)
    assert [p.id for p in lock.documents()["bondarev"]] == ["bondarev.p3", "bondarev.p1", "bondarev.p4",
                                                             "bondarev.p2"]
    assert [c.kind for c in lock.revisions[0].changes] == ["corrected", "moved", "moved", "retired"]
