"""Tests for edition.quotes: a target's quote must be in its paragraph, once, word for word; and the build
and check refuse a note whose quote is not, naming the note's file, the quote's line and a code."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edition import pipeline
from edition.errors import NoteError
from edition.model import Note, NoteTarget
from edition.notes import load_notes
from edition.quotes import locate, target_problems

TEXT = "It’s just words. He only cares about personal power.\u00a0The messianic narrative is just a painting."


def note_with(quote: str) -> tuple[Note, NoteTarget]:
    target = NoteTarget("bondarev.p15", None, 7, quote, 8)
    return Note("x", "notes/x.md", "T", "cross-reference", (target,), ("Ed",), None, ""), target


def codes(quote: str, text: str = TEXT) -> list[tuple[str, int | None, str]]:
    note, target = note_with(quote)
    return [(p.location.path, p.location.line, p.code) for p in target_problems(note, target, text)]


def test_a_quote_copied_exactly_is_located_in_the_text_itself():
    span = locate("personal power. The messianic", TEXT)  # the text has a no-break space there
    assert TEXT[span.start:span.end] == "personal power.\u00a0The messianic"
    assert codes("It’s just words.") == []


def test_a_quote_with_straight_marks_is_refused_and_the_message_says_why():
    note, target = note_with("It's just words.")
    [problem] = target_problems(note, target, TEXT)
    assert (problem.location.line, problem.code) == (8, "notes.quote-not-found")
    assert "curly quotation marks" in problem.message


def test_a_quote_that_strays_says_where():
    note, target = note_with("He only cares about private power.")
    [problem] = target_problems(note, target, TEXT)
    assert "matches up to 'He only cares about', then reads 'personal power." in problem.message


def test_a_quote_found_twice_or_inside_a_word_is_refused():
    assert codes("just") == [("notes/x.md", 8, "notes.quote-ambiguous")]
    assert codes("essianic") == [("notes/x.md", 8, "notes.quote-not-found")]  # not whole words


@given(st.integers(0, 12), st.integers(1, 6))
def test_any_run_of_whole_words_of_a_paragraph_is_found_where_it_is(start, length):
    words = [f"w{i}" for i in range(20)]
    text = " ".join(words)
    quote = " ".join(words[start:start + length])
    span = locate(quote, text)
    assert text[span.start:span.end] == quote


def test_the_notes_loader_reads_quote_and_refuses_one_that_is_not_text(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.md").write_text('---\ntitle: T\nauthors: [Ed]\ntargets:\n  - id: snider.p9\n'
                                 '    gloss: "G."\n    quote: "some words"\n---\n', encoding="utf-8")
    [target] = load_notes(folder, root=tmp_path, known_ids={"snider.p9"}).notes[0].targets
    assert (target.quote, target.quote_line) == ("some words", 7)
    (folder / "b.md").write_text("---\ntitle: T\nauthors: [Ed]\ntargets:\n  - id: snider.p9\n    quote: [1]\n---\n",
                                 encoding="utf-8")
    with pytest.raises(NoteError) as caught:
        load_notes(folder, root=tmp_path, known_ids={"snider.p9"})
    assert [(p.location.path, p.location.line, p.code) for p in caught.value.problems] == [("notes/b.md", 6, "notes.quote")]


def test_check_refuses_a_note_whose_quote_is_not_in_the_paragraph(project: Path):
    note = project / "notes" / "crimea.md"
    text = note.read_text(encoding="utf-8")
    lines = text.split("\n")
    line = next(i for i, l in enumerate(lines, 1) if l.strip().startswith("quote:"))
    note.write_text(text.replace(lines[line - 1], '    quote: "words no source contains"'), encoding="utf-8")
    with pytest.raises(NoteError) as caught:
        pipeline.check(pipeline.BuildConfig.default(project))
    assert [(p.location.path, p.location.line, p.code) for p in caught.value.problems] == [
        ("notes/crimea.md", line, "notes.quote-not-found")]
