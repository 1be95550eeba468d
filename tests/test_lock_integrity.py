"""A damaged anchor lock stops the build before any id is issued (issue 9, finding 6).

Each damage case is made on a copy of the project in which one paragraph was retired (so the lock has a
retirement and a revision to lose), and ``check`` and ``build`` must both refuse it: one message naming the
lock, its line and a code, with the command that restores it, and nothing written. Starting a lock from
nothing takes ``--new-lock``; a version-1 lock (no trailer) still loads and is rewritten as version 2.
"""
from __future__ import annotations

import io
import json
import re
import shutil
import subprocess

import pytest
from hypothesis import given, settings, strategies as st

from conftest import ROOT, copy_project
from edition import cli
from edition.errors import LockError
from edition.lock import dump_lock, parse_lock

LOCK = "seeds/anchors.lock"
RETIRED_TEXT = "Lavrov has been Russia"  # the opening of the snider paragraph retired in the fixture
RESTORE = f"git checkout -- {LOCK}"
RE_MESSAGE = re.compile(r"^error: seeds/anchors\.lock(?::\d+)?: .+ \[lock\.[a-z-]+\]$")


def build(project, *args, capsys=None):
    """``build_edition.py`` in-process; returns (exit code, stdout, stderr)."""
    out = io.StringIO()
    code = cli.main([*args, "--root", str(project)], out=out)
    err = capsys.readouterr().err if capsys else ""
    return code, out.getvalue(), err


def tree(path):
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def ids(project):
    edition = json.loads((project / "docs" / "edition.json").read_text(encoding="utf-8"))
    return {p["id"]: p["text"] for p in edition["paragraphs"]}


@pytest.fixture(scope="module")
def retired_project(tmp_path_factory):
    """A built copy of the project with one snider paragraph removed from its seed, so its id is retired."""
    import os

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_project(tmp_path_factory.mktemp("retired") / "project")
    for seed in (project / "seeds").glob("*.txt"):
        text = seed.read_text(encoding="utf-8")
        block = next((b for b in text.split("\n\n") if b.startswith(RETIRED_TEXT)), None)
        if block:
            seed.write_text(text.replace(block + "\n\n", ""), encoding="utf-8")
    assert cli.main(["build", "--root", str(project)], out=io.StringIO()) == 0
    lock = (project / LOCK).read_text(encoding="utf-8")
    assert " retired " in lock and "\nrevision 1 " in lock and lock.splitlines()[-1].startswith("end ")
    return project


@pytest.fixture
def damaged(retired_project, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(retired_project, project, symlinks=True)
    return project


def truncate_at_retired(text):
    lines = text.split("\n")
    return "\n".join(lines[:next(k for k, line in enumerate(lines) if " retired " in line)]) + "\n"


def truncate_in_revisions(text):
    start = text.index("\nrevision ")
    return text[:start + (len(text) - start) // 2].rsplit("\n", 1)[0] + "\n"


def delete_retired_line(text):
    return "".join(line for line in text.splitlines(keepends=True) if " retired 20" not in line)


def conflict(text):
    lines = text.split("\n")
    k = next(k for k, line in enumerate(lines) if line.startswith("snider.p3 "))
    return "\n".join([*lines[:k], "<<<<<<< HEAD", lines[k], "=======", lines[k] + "x", ">>>>>>> other", *lines[k + 1:]])


def repoint_successor(text):
    return re.sub(r"(snider\.p4 retired \S+ removed -> )snider\.p5", r"\1snider.p6", text)


def drop_trailer(text):
    return text[:-1].rpartition("\n")[0] + "\n"


DAMAGE = {
    "truncated at the retired line": (truncate_at_retired, "lock.truncated"),
    "truncated inside the revisions": (truncate_in_revisions, "lock.truncated"),
    "retired line deleted": (delete_retired_line, "lock.checksum"),
    "blank line deleted": (lambda text: text.replace("\n\nsnider.p1 ", "\nsnider.p1 ", 1), "lock.checksum"),
    "successor edited by hand": (repoint_successor, "lock.checksum"),
    "git conflict markers": (conflict, "lock.conflict"),
    "trailer removed": (drop_trailer, "lock.truncated"),
    "deleted": (None, "lock.missing"),
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_damaged_lock_is_refused_and_nothing_changes(damaged, case, capsys):
    damage, code = DAMAGE[case]
    lock = damaged / LOCK
    before_ids = ids(damaged)
    if damage is None:
        lock.unlink()
    else:
        lock.write_text(damage(lock.read_text(encoding="utf-8")), encoding="utf-8")
    before = tree(damaged)
    for command in ("check", "build"):
        status, out, err = build(damaged, command, capsys=capsys)
        assert status == 1, (command, out, err)
        messages = [line for line in err.splitlines() if line.startswith("error: ")]
        assert len(messages) == 1, err
        assert RE_MESSAGE.match(messages[0]) and f"[{code}]" in messages[0], messages[0]
        # how to restore it (in a merge, the index holds both sides: take one)
        assert (f"git checkout --ours -- {LOCK}" if code == "lock.conflict" else RESTORE) in messages[0]
        assert "Traceback" not in err
        if damage is not None and code != "lock.missing":
            assert re.match(r"^error: seeds/anchors\.lock:\d+: ", messages[0]), messages[0]  # names the line
        assert tree(damaged) == before  # nothing written: no id issued, no page, no lock
    assert ids(damaged) == before_ids


def test_the_damage_of_finding_6_no_longer_re_points_citations(damaged, retired_project, capsys):
    """Truncate, build (refused), restore as told, build: every paragraph keeps its id."""
    lock = damaged / LOCK
    good = lock.read_bytes()
    before_ids = ids(damaged)
    lock.write_text(truncate_at_retired(good.decode("utf-8")), encoding="utf-8")
    assert build(damaged, "build", capsys=capsys)[0] == 1
    lock.write_bytes(good)  # what `git checkout -- seeds/anchors.lock` does
    assert build(damaged, "build", capsys=capsys)[0] == 0
    assert ids(damaged) == before_ids and lock.read_bytes() == good


def test_new_lock_is_an_explicit_flag(damaged, capsys):
    (damaged / LOCK).unlink()
    status, _, err = build(damaged, "build", capsys=capsys)
    assert status == 1 and "--new-lock" in err and "[lock.missing]" in err
    for note in (damaged / "notes").glob("*"):  # a new edition: no notes citing ids of the old lock yet
        note.unlink()
    status, out, err = build(damaged, "build", "--new-lock", capsys=capsys)
    assert status == 0, err
    text = (damaged / LOCK).read_text(encoding="utf-8")
    assert "\nanchor-lock 2\n" in text and " retired " not in text  # a new edition: nothing retired yet
    parse_lock(text, LOCK)
    status, _, err = build(damaged, "build", "--new-lock", capsys=capsys)
    assert status == 1 and "[lock.exists]" in err  # never over an existing lock
    assert build(damaged, "check", capsys=capsys)[0] == 0


def test_a_version_1_lock_loads_and_is_migrated(damaged, capsys):
    lock = damaged / LOCK
    v2 = lock.read_text(encoding="utf-8")
    v1 = drop_trailer(v2)[:-1].replace("\nanchor-lock 2\n", "\nanchor-lock 1\n")
    lock.write_text(v1, encoding="utf-8")
    before_ids = ids(damaged)
    status, out, err = build(damaged, "check", capsys=capsys)
    assert status == 0, err  # the same records: up to date, whatever the format
    status, out, err = build(damaged, "build", capsys=capsys)
    assert status == 0 and "anchor lock updated" in out, err
    assert lock.read_text(encoding="utf-8") == v2 and ids(damaged) == before_ids


def test_the_committed_lock_of_this_checkout_parses_and_keeps_its_version():
    text = (ROOT / LOCK).read_text(encoding="utf-8")
    lock = parse_lock(text, LOCK)
    assert parse_lock(dump_lock(lock), LOCK) == lock


# --------------------------------------------------------------------------------------------------- git

def git(project, *args):
    return subprocess.run(["git", "-C", str(project), *args], capture_output=True, text=True, check=True)


@pytest.fixture
def committed(damaged):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(damaged, "init", "-q")
    git(damaged, "add", "seeds")
    git(damaged, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "seeds")
    return damaged


def test_a_whole_lock_that_lost_committed_ids_is_refused(committed, capsys):
    """A valid, sealed lock (its trailer is right) that no longer holds what git HEAD holds: an old copy, or
    one rebuilt after the lock was lost. The trailer cannot tell; the comparison with HEAD does."""
    lock = committed / LOCK
    before = lock.read_bytes()
    rebuilt = parse_lock(before.decode("utf-8"), LOCK)
    from edition.lock import make_lock

    lost = make_lock(rebuilt.paragraphs, (), ())  # the retirement and the history gone, resealed
    lock.write_text(dump_lock(lost), encoding="utf-8")
    for command in ("check", "build"):
        status, _, err = build(committed, command, capsys=capsys)
        assert status == 1 and "[lock.committed]" in err and RESTORE in err, err
        assert "snider.p4" in err and "Traceback" not in err
    assert lock.read_text(encoding="utf-8") == dump_lock(lost)


def test_new_lock_cannot_replace_a_committed_lock(committed, capsys):
    (committed / LOCK).unlink()
    status, _, err = build(committed, "build", "--new-lock", capsys=capsys)
    assert status == 1 and "committed in git" in err and RESTORE in err and "[lock.missing]" in err
    assert not (committed / LOCK).exists()


def test_a_lock_ahead_of_the_commit_is_fine(committed, capsys):
    """A build after the commit retires another paragraph: the lock holds more than HEAD, which is right."""
    for seed in (committed / "seeds").glob("*.txt"):
        text = seed.read_text(encoding="utf-8")
        block = next((b for b in text.split("\n\n") if b.startswith("Certainly not a negotiation")), None)
        if block:
            seed.write_text(text.replace(block + "\n\n", ""), encoding="utf-8")
    status, out, err = build(committed, "build", capsys=capsys)
    assert status == 0 and "anchor lock updated" in out, err
    assert "bondarev.p5 retired" in (committed / LOCK).read_text(encoding="utf-8")
    assert build(committed, "check", capsys=capsys)[0] == 0


# ---------------------------------------------------------------------------------------------- property

VALID = dump_lock(parse_lock((ROOT / LOCK).read_text(encoding="utf-8"), LOCK))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_truncation_or_deleted_line_is_detected(data):
    if data.draw(st.booleans(), label="truncate"):
        cut = data.draw(st.integers(0, len(VALID) - 1), label="cut at")
        damaged = VALID[:cut]
    else:
        lines = VALID.split("\n")
        k = data.draw(st.integers(0, len(lines) - 1), label="line")
        damaged = "\n".join(lines[:k] + lines[k + 1:])
    with pytest.raises(LockError):
        parse_lock(damaged, LOCK)
