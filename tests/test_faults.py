"""Faults end in one message and leave the last good output (issue 9, findings 8 and 9).

Disk full (``os.write`` raising ENOSPC for files of the project), a folder where the lock should be, a
read-only output folder, over-long names, disk full while writing the lock: each is one message with the
path, a code and what to do, exit 1, no traceback, and the published pages and the lock exactly as before.
Two builds at once both succeed, one after the other. And the real build (edition stage, then MkDocs),
killed with SIGKILL at random moments, always leaves the pages and the site each complete, old or new.
"""
from __future__ import annotations

import errno
import hashlib
import io
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import copy_project, run_build
from edition import cli, publish
from edition.lock import parse_lock

LOCK = "seeds/anchors.lock"
TYPO = ("Russia is open to negotiations with Ukraine", "Russia is open to negociations with Ukraine")
RE_ONE_MESSAGE = re.compile(r"^error: (?P<path>\S+): .+ \[(?P<code>[a-z]+\.[a-z-]+)\]$")


def state(project):
    """What a reader or MkDocs sees: the published pages, the lock, and no stray staging trees."""
    return (publish.read_tree(project / "docs"), (project / LOCK).read_bytes())


def staging_trees(project):
    work = project / publish.BUILD_DIR
    live = {os.path.realpath(project / name) for name in ("docs", "site") if os.path.lexists(project / name)}
    return sorted(p.name for p in work.iterdir() if p.is_dir() and str(p) not in live and not p.name.endswith(".legacy"))


def build(project, capsys, *args):
    code = cli.main([*(args or ("build",)), "--root", str(project)], out=io.StringIO())
    return code, capsys.readouterr().err


def one_message(err):
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "Traceback" not in err, err
    match = RE_ONE_MESSAGE.match(errors[0])
    assert match, errors[0]
    return match


def edit_seed(project, old, new):
    for seed in (project / "seeds").glob("*.txt"):
        text = seed.read_text(encoding="utf-8")
        if old in text:
            seed.write_text(text.replace(old, new, 1), encoding="utf-8")
            return
    raise AssertionError(old)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_project(tmp_path_factory.mktemp("faults") / "project")
    assert cli.main(["build", "--root", str(project)], out=io.StringIO()) == 0
    return project


@pytest.fixture
def project(built, tmp_path):
    """A built copy with a typo fixed in a seed, so the next build writes pages and the lock."""
    copy = tmp_path / "project"
    shutil.copytree(built, copy, symlinks=True)
    edit_seed(copy, *TYPO)
    return copy


def disk_full(monkeypatch, under, *, after=0):
    """``os.write`` raises ENOSPC for files below ``under`` once ``after`` writes there succeeded."""
    real, count = os.write, [0]

    def write(fd, data):
        try:
            path = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            path = ""
        if path.startswith(str(under)):
            count[0] += 1
            if count[0] > after:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)


@pytest.mark.parametrize("after", [0, 2])
def test_disk_full_while_writing_pages(project, capsys, monkeypatch, after):
    before = state(project)
    disk_full(monkeypatch, project / publish.BUILD_DIR, after=after)
    code, err = build(project, capsys)
    monkeypatch.undo()
    assert code == 1
    match = one_message(err)
    assert match["code"] == "os.disk-full" and match["path"].startswith("docs/"), err
    assert "No space left on device" in err and "free some space" in err
    assert state(project) == before and staging_trees(project) == []
    assert build(project, capsys)[0] == 0  # space freed: the build goes through


def test_disk_full_while_writing_the_lock(project, capsys, monkeypatch):
    before = state(project)
    disk_full(monkeypatch, project / "seeds")
    code, err = build(project, capsys)
    monkeypatch.undo()
    assert code == 1
    match = one_message(err)
    assert (match["path"], match["code"]) == (LOCK, "os.disk-full"), err
    assert state(project) == before and staging_trees(project) == []
    assert sorted(p.name for p in (project / "seeds").iterdir() if p.name.startswith(".")) == []  # no temp file
    parse_lock((project / LOCK).read_text(encoding="utf-8"), LOCK)


def test_a_folder_where_the_lock_should_be(project, capsys):
    (project / LOCK).unlink()
    (project / LOCK).mkdir()
    for command in ("check", "build"):
        code, err = build(project, capsys, command)
        assert code == 1
        match = one_message(err)
        assert (match["path"], match["code"]) == (LOCK, "os.is-directory"), err


def test_a_folder_where_the_pages_link_should_be_is_moved_aside(project, capsys):
    """docs/ as a real folder (what builds before the swap design left) is moved into .build/, not mixed."""
    old = publish.read_tree(project / "docs")
    (project / "docs").unlink()
    (project / "docs").mkdir()
    (project / "docs" / "stray.md").write_text("left by an older build\n", encoding="utf-8")
    code, err = build(project, capsys)
    assert code == 0, err
    assert (project / "docs").is_symlink() and "stray.md" not in publish.read_tree(project / "docs")
    assert (project / publish.BUILD_DIR / "docs.legacy" / "stray.md").exists()
    assert set(publish.read_tree(project / "docs")) == set(old)


def test_read_only_output_folder(project, capsys, monkeypatch):
    before = state(project)

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(project / publish.BUILD_DIR))

    monkeypatch.setattr(publish.tempfile, "mkdtemp", refuse)  # as root, chmod cannot make a folder read-only
    code, err = build(project, capsys)
    monkeypatch.undo()
    assert code == 1
    match = one_message(err)
    assert match["code"] == "os.read-only" and "Read-only file system" in err, err
    assert state(project) == before


def test_permission_denied_on_a_page(project, capsys, monkeypatch):
    before = state(project)
    real = os.open

    def deny(path, flags, *args, **kwargs):
        if str(path).endswith("bondarev.md") and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    code, err = build(project, capsys)
    monkeypatch.undo()
    match = one_message(err)
    assert code == 1 and (match["path"], match["code"]) == ("docs/bondarev.md", "os.permission"), err
    assert state(project) == before and staging_trees(project) == []


def test_a_250_character_note_name(project, capsys):
    """The note's page name fits (no temporary-file suffix is added to pages any more): it builds, or it
    is refused with one message; never a traceback, never half-written."""
    note = next((project / "notes").glob("*.md"))
    long = project / "notes" / ("n" * 250 + ".md")
    shutil.copy(note, long)
    before = state(project)
    code, err = build(project, capsys)
    assert "Traceback" not in err
    if code:
        one_message(err)
        assert state(project) == before
    else:
        assert f"claims/{'n' * 250}.md" in publish.read_tree(project / "docs")


def test_a_name_too_long_for_the_file_system(project, capsys, monkeypatch):
    real = os.open

    def too_long(path, flags, *args, **kwargs):
        if str(path).endswith("edition.json") and flags & os.O_CREAT:
            raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG), str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", too_long)
    before = state(project)
    code, err = build(project, capsys)
    monkeypatch.undo()
    match = one_message(err)
    assert code == 1 and (match["path"], match["code"]) == ("docs/edition.json", "os.name-too-long"), err
    assert state(project) == before


def test_an_unexpected_os_error_is_still_one_message(project, capsys, monkeypatch):
    from edition import pipeline

    def broken(config, inputs=None):
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(project / "notes"))

    monkeypatch.setattr(pipeline, "run", broken)
    code, err = build(project, capsys)
    match = one_message(err)
    assert code == 1 and (match["path"], match["code"]) == ("notes", "os.error"), err


def test_unsafe_generated_names_are_refused():
    for name in ("../README.md", "/etc/passwd", "a/../../b", "", "a//b", "./x"):
        with pytest.raises(publish.PublishError):
            publish.safe_name(name, "docs")
    assert str(publish.safe_name("claims/index.md", "docs")) == "claims/index.md"


def test_no_manifest_is_trusted(project, capsys):
    """Finding 9: the build deleted whatever docs/.generated listed. There is no manifest now; a file of
    that name is just a stray file, and nothing outside the build's own trees is removed."""
    (project / "README.md").write_text("keep me\n", encoding="utf-8")
    tree = os.path.realpath(project / "docs")
    with open(os.path.join(tree, ".generated"), "w", encoding="utf-8") as handle:
        handle.write("../README.md\n../seeds/editorial.yml\n../../README.md\n")
    code, err = build(project, capsys)
    assert code == 0, err
    assert (project / "README.md").read_text(encoding="utf-8") == "keep me\n"
    assert (project / "seeds" / "editorial.yml").exists()
    assert ".generated" not in publish.read_tree(project / "docs")


def test_two_builds_at_once_both_end_well(project):
    revisions = len(parse_lock((project / LOCK).read_text(encoding="utf-8"), LOCK).revisions)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONDONTWRITEBYTECODE": "1"}
    runs = [subprocess.Popen([sys.executable, "build_edition.py", "build"], cwd=project, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in runs]
    for p in runs:
        p.stdout.close(), p.stderr.close()
    assert [code for code, _, _ in results] == [0, 0], results
    assert "Traceback" not in "".join(err for _, _, err in results)
    outputs = sorted(out for _, out, _ in results)
    # one build made the change; the other, waiting for it, found nothing left to do
    assert "anchor lock updated" in outputs[0] and outputs[1].startswith("up to date: "), outputs
    lock = parse_lock((project / LOCK).read_text(encoding="utf-8"), LOCK)
    assert len(lock.revisions) == revisions + 1  # one build made the change, the other found it made
    assert staging_trees(project) == []


def test_a_waiting_build_says_so_and_gives_up_after_the_timeout(project):
    messages = []
    with publish.exclusive(project, "project"):
        with pytest.raises(publish.PublishError) as info:
            with publish.exclusive(project, "project", wait=0.2, on_wait=messages.append):
                pass
    assert messages and "waiting" in messages[0]
    assert info.value.problems[0].code == "build.busy"


# ------------------------------------------------------------------------------------------- kill -9

RUNS = 20


def digest(tree):
    return hashlib.sha256(b"".join(name.encode() + b"\0" + data + b"\0" for name, data in sorted(tree.items()))).hexdigest()


def snapshot(project):
    return (digest(publish.read_tree(project / "docs")), digest(publish.read_tree(project / "site")),
            (project / LOCK).read_bytes())


def full_build(project, env):
    """The real `make build`: edition stage then MkDocs, each through its atomic publish."""
    return subprocess.Popen(f"{sys.executable} build_edition.py build && {sys.executable} build_edition.py site",
                            shell=True, cwd=project, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_kill_9_at_random_moments_leaves_old_or_new(tmp_path):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONDONTWRITEBYTECODE": "1",
           "NO_MKDOCS_2_WARNING": "1"}
    old = copy_project(tmp_path / "old")
    for note in (old / "notes").iterdir():  # a smaller project (no notes, which link each other): more runs
        note.unlink()
    assert full_build(old, env).wait(timeout=300) == 0
    old_state = snapshot(old)
    new = tmp_path / "new"
    shutil.copytree(old, new, symlinks=True)
    edit_seed(new, *TYPO)
    start = time.monotonic()
    assert full_build(new, env).wait(timeout=300) == 0
    duration = time.monotonic() - start
    new_state = snapshot(new)
    assert old_state[0] != new_state[0] and old_state[1] != new_state[1] and old_state[2] != new_state[2]

    rng = random.Random(20261202)
    outcomes: dict[tuple[str, str, str], int] = {}
    work = tmp_path / "work"
    for run in range(RUNS):
        if work.exists():
            shutil.rmtree(work)
        shutil.copytree(old, work, symlinks=True)
        edit_seed(work, *TYPO)
        process = full_build(work, env)
        try:
            process.wait(timeout=duration * 1.25 * (run + rng.random()) / RUNS)  # stratified over the build
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        docs, site, lock = snapshot(work)
        parse_lock(lock.decode("utf-8"), LOCK)  # the lock is valid
        names = {old_state[0]: "old", new_state[0]: "new"}, {old_state[1]: "old", new_state[1]: "new"}, \
            {old_state[2]: "old", new_state[2]: "new"}
        outcome = (names[0].get(docs, "MIXED"), names[1].get(site, "MIXED"), names[2].get(lock, "MIXED"))
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        assert "MIXED" not in outcome, (run, outcome)
    print(f"\nkill -9 outcomes over {RUNS} runs (pages, site, lock): "
          + ", ".join(f"{'/'.join(k)} {v}" for k, v in sorted(outcomes.items())) + f"; build {duration:.1f} s")
    # the last interrupted copy builds to the new state
    assert full_build(work, env).wait(timeout=300) == 0
    assert snapshot(work) == new_state
    assert len(outcomes) >= 2  # the kills really fell at different moments


def test_a_failed_mkdocs_build_leaves_the_previous_site(project, capsys):
    assert build(project, capsys, "build")[0] == 0
    assert run_build(project, "site").returncode == 0
    before = publish.read_tree(project / "site")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - About: about.md\n",
                                                                 "  - About: about.md\n  - Gone: gone.md\n"),
                      encoding="utf-8")
    result = run_build(project, "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith("error: mkdocs.yml: `mkdocs build --strict` failed")
    assert errors[0].endswith("site/ is unchanged [site.mkdocs]")
    assert publish.read_tree(project / "site") == before and staging_trees(project) == []


def test_a_rebuild_writes_only_what_changed_into_the_new_tree(project, capsys):
    old_tree = os.path.realpath(project / "docs")
    unchanged, changed = os.stat(project / "docs" / "snider.md"), os.stat(project / "docs" / "bondarev.md")
    assert build(project, capsys)[0] == 0
    assert os.path.realpath(project / "docs") != old_tree and not os.path.exists(old_tree)  # swapped, old removed
    assert os.stat(project / "docs" / "snider.md").st_ino == unchanged.st_ino  # carried over by a hard link
    assert os.stat(project / "docs" / "bondarev.md").st_ino != changed.st_ino  # the typo's page, written anew
    assert "negociations" in (project / "docs" / "bondarev.md").read_text(encoding="utf-8")
