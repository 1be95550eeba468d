"""A pull request's notes at a glance: the job summary CI writes for reviewers.

    python build_edition.py summary --base origin/main >> "$GITHUB_STEP_SUMMARY"

Lists every note file added, changed, renamed or removed since the merge base with ``--base`` (committed
changes and, for local use, uncommitted and untracked ones), and for each: whether ``check`` accepts it (its
own problems, with file and line), its title and kind, and each target's id, speaker, the opening of the
paragraph's text and the gloss. Everything taken from the inputs is escaped, so a note cannot add markup to
the summary.
"""
from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from . import pipeline
from .errors import EditionError, Problem
from .markdown import escape
from .model import Edition, Note, Paragraph

SNIPPET = 110  # characters of a target paragraph shown in the summary
STATUS = {"A": "added", "M": "changed", "D": "removed", "R": "renamed", "C": "copied", "T": "changed"}


class SummaryError(EditionError):
    """The changes cannot be listed: no git, or a base that git does not know."""


@dataclass(frozen=True)
class NoteChange:
    path: str  # relative to the project root, e.g. "notes/istanbul.md"
    status: str  # added, changed, renamed, removed


@dataclass(frozen=True)
class Checked:
    """The edition as ``check`` sees it: its notes if every input passed, and every problem found."""

    notes: dict[str, Note]  # by path
    paragraphs: dict[str, Paragraph]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-c", "safe.directory=*", *args], cwd=root, capture_output=True, text=True)
    except FileNotFoundError:
        raise SummaryError.at(str(root), None, "git is not installed", "summary.git",
                              "install git to compare with a base branch") from None
    if done.returncode != 0:
        message = (done.stderr.strip().splitlines() or ["git failed"])[-1]
        raise SummaryError.at(".", None, f"git {args[0]}: {message}", "summary.git",
                              "name a branch or commit that exists, e.g. --base origin/main")
    return done.stdout


def changed_notes(config: pipeline.BuildConfig, base: str) -> list[NoteChange]:
    """The note files that differ between the merge base of ``base`` and HEAD, and the working tree."""
    folder = config.shown(config.notes)
    merge_base = _git(config.root, "merge-base", base, "HEAD").strip()
    changes: dict[str, str] = {}
    for line in _git(config.root, "diff", "--name-status", "-M", merge_base, "--", folder).splitlines():
        status, *paths = line.split("\t")
        changes[paths[-1]] = STATUS.get(status[0], "changed")
    for path in _git(config.root, "ls-files", "--others", "--exclude-standard", "--", folder).splitlines():
        changes[path] = "added"
    return [NoteChange(path, status) for path, status in sorted(changes.items())
            if path.endswith(".md") and Path(path).name.lower() != "readme.md"]


def check_edition(config: pipeline.BuildConfig) -> Checked:
    """Run ``check``; when it fails, still find the paragraphs (without the notes) to show the targets."""
    try:
        result = pipeline.check(config)
    except EditionError as exc:
        problems = tuple(exc.problems)
        with tempfile.TemporaryDirectory() as empty:
            try:
                edition = pipeline.run(replace(config, notes=Path(empty))).edition
            except EditionError:
                edition = None
        return Checked({}, _paragraphs(edition), problems, ())
    edition = result.edition
    return Checked({n.path: n for n in edition.notes}, _paragraphs(edition), (), tuple(result.warnings))


def _paragraphs(edition: Edition | None) -> dict[str, Paragraph]:
    return {} if edition is None else {p.id: p for d in edition.documents for p in d.paragraphs}


def _cell(text: str | None) -> str:
    return escape(" ".join((text or "").split()), inline=True) or "—"


def _snippet(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= SNIPPET else words[:SNIPPET - 1].rstrip() + "…"


def _note_section(change: NoteChange, checked: Checked) -> list[str]:
    own = [p for p in checked.problems if p.location.path == change.path]
    warned = [p for p in checked.warnings if p.location.path == change.path]
    if change.status == "removed":
        mark, verdict = "➖", "removed"
    elif own:
        mark, verdict = "❌", f"refused by `make check`: {len(own)} problem{'s' if len(own) != 1 else ''}"
    elif checked.problems:
        mark, verdict = "⚠️", "no problem in this note, but the edition has other problems (below)"
    else:
        mark, verdict = "✅", "accepted by `make check`"
    lines = [f"### {mark} {_cell(change.path)} ({change.status})", "", verdict, ""]
    lines += [f"- {_cell(str(p))}" for p in own + warned]
    note = checked.notes.get(change.path)
    if note is None:
        return lines + ([""] if own or warned else [])
    lines += ([""] if own or warned else []) + [
        f"**{_cell(note.title)}** · kind: {_cell(note.kind)} · by {_cell(', '.join(note.authors))}"
        f" · page in the site artifact: claims/{_cell(note.id)}/index.html", "",
        "| Target | Speaker | Text (opening) | Gloss |", "| --- | --- | --- | --- |"]
    for target in note.targets:
        paragraph = checked.paragraphs.get(target.paragraph)
        text = _snippet(paragraph.text) if paragraph else ""
        speaker = paragraph.speaker if paragraph else ""
        lines.append(f"| {_cell(target.paragraph)} | {_cell(speaker)} | {_cell(text)} | {_cell(target.gloss)} |")
    return lines + [""]


def summarize(config: pipeline.BuildConfig, base: str) -> str:
    """The job summary, in GitHub-flavoured Markdown."""
    changes = changed_notes(config, base)
    checked = check_edition(config)
    shown = {c.path for c in changes}
    others = [p for p in checked.problems if p.location.path not in shown]
    verdict = ("`make check` accepts the edition" if not checked.problems
               else f"`make check` found {len(checked.problems)} problem{'s' if len(checked.problems) != 1 else ''}")
    lines = ["## Notes in this pull request", "",
             f"{len(changes)} note file{'s' if len(changes) != 1 else ''} added, changed or removed since "
             f"{_cell(base)}; {verdict}.", "",
             "The built site is attached to this run as the **site** artifact (see *Artifacts* below): unzip "
             "it and open `index.html`, or run `python3 -m http.server -d site`.", ""]
    for change in changes:
        lines += _note_section(change, checked)
    if others:
        lines += ["### Other problems", ""] + [f"- {_cell(str(p))}" for p in others] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"
