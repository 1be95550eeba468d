"""Tests for edition.notes: good notes load exactly; malformed and hostile notes are refused with file, line, code."""
from __future__ import annotations

import html.parser
import re
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edition.errors import NoteError
from edition.notes import MAX_GLOSS, check_body, load_notes

FIXTURES = Path(__file__).parent / "fixtures" / "notes"
KNOWN = {"snider.p9", "snider.p10", "putin-cmg.p88", "hahn.p3", "hahn.p4", "decamp.p2", "bondarev.p12"}

# A valid note whose body starts on line 7; cases below replace parts of it.
HEAD = "---\ntitle: T\nauthors: [Ed]\ntargets:\n  - snider.p9\n---\n"
BODY_LINE = 7


def write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def problems(tmp_path: Path, text: str | bytes, name: str = "x.md", **kwargs) -> set[tuple[str, int | None, str]]:
    """Load one note in tmp_path/notes and return its problems as (path, line, code)."""
    write(tmp_path / "notes", name, text)
    with pytest.raises(NoteError) as caught:
        load_notes(tmp_path / "notes", root=tmp_path, known_ids=KNOWN, **kwargs)
    return {(p.location.path, p.location.line, p.code) for p in caught.value.problems}


def only(tmp_path, text, *expected: tuple[int | None, str], name: str = "x.md", **kwargs) -> None:
    assert problems(tmp_path, text, name, **kwargs) == {(f"notes/{name}", line, code) for line, code in expected}


# --- good notes -------------------------------------------------------------------------------------------

def test_good_notes_load_with_targets_glosses_lines_kind_and_authors():
    result = load_notes(FIXTURES / "good", root=FIXTURES.parent.parent, known_ids=KNOWN)
    assert [n.id for n in result.notes] == ["energy-prices", "istanbul"]  # sorted; README.md ignored
    energy, istanbul = result.notes
    assert istanbul.path == "fixtures/notes/good/istanbul.md"
    assert istanbul.title == "Who ended the Istanbul talks"
    assert istanbul.topic == "Istanbul talks, 2022"
    assert istanbul.kind == "cross-reference"  # the default
    assert istanbul.authors == ("Edition editors", "A. Reader")
    assert [(t.paragraph, t.gloss, t.line) for t in istanbul.targets] == [
        ("snider.p9", "Says the West told Kyiv to walk away.", 6),
        ("putin-cmg.p88", None, 8),
        ("hahn.p3", None, 9),
    ]
    assert istanbul.body.startswith("Neutral context, plain Markdown, with a [source](https://example.org/")
    assert istanbul.body.endswith("[ref]: https://example.org/ref")
    assert (energy.kind, energy.authors, energy.topic, energy.body) == (
        "context", ("Edition editors",), None, "Short context.")
    assert [(s.citation, s.url, s.line) for s in energy.sources] == [
        ("A. Author, A Book on Energy (A Press, 2020), p. 12", None, 8)]
    assert result.warnings == ()


def test_missing_folder_means_no_notes(tmp_path):
    result = load_notes(tmp_path / "notes", root=tmp_path, known_ids=KNOWN)
    assert (result.notes, result.warnings) == ((), ())


def test_retired_target_moves_to_successor_with_warning(tmp_path):
    write(tmp_path / "notes", "x.md", HEAD.replace("snider.p9", "snider.p8"))
    result = load_notes(tmp_path / "notes", root=tmp_path, known_ids=KNOWN,
                        retired={"snider.p8": "snider.p7", "snider.p7": "snider.p9"})  # a chain
    assert [t.paragraph for t in result.notes[0].targets] == ["snider.p9"]
    (warning,) = result.warnings
    assert (warning.location.path, warning.location.line, warning.code) == ("notes/x.md", 5, "notes.retired-target")
    assert "'snider.p8'" in warning.message and "'snider.p9'" in warning.message


def test_safe_text_passes(tmp_path):
    body = ("3 < 4, a <= b and x<5 are prose. [Site](../snider/#p9), [rel](snider/#p9), [top](#p9),\n"
            "[ok](HTTPS://example.org/a_(b)), [mail](mailto:a@example.org), [t](/abs/path \"a: b\").\n"
            "An unclosed { brace, a colon: here, and [1] (see: above).\n\n[r]: http://example.org \"Title: x\"\n")
    write(tmp_path / "notes", "x.md", HEAD + body)
    (note,) = load_notes(tmp_path / "notes", root=tmp_path, known_ids=KNOWN).notes
    assert note.body == body.strip("\n")


def test_files_other_than_notes_are_ignored(tmp_path):
    write(tmp_path / "notes", "x.md", HEAD)
    write(tmp_path / "notes", "README.md", "no front matter <b>")
    write(tmp_path / "notes", "draft.txt", "anything")
    write(tmp_path / "notes" / "sub", "y.md", "anything")
    assert [n.id for n in load_notes(tmp_path / "notes", root=tmp_path, known_ids=KNOWN).notes] == ["x"]


# --- hostile bodies ---------------------------------------------------------------------------------------

HOSTILE_BODIES = [
    # (body, problems as (line offset from the body's first line, code))
    ("<script>alert(1)</script>", [(0, "notes.html")]),
    ("Fine.\n\n<img src=x onerror=alert(1)>", [(2, "notes.html")]),
    ('<iframe src="https://evil.example"></iframe>', [(0, "notes.html")]),
    ("text</p><p>", [(0, "notes.html")]),
    ("<!-- hidden -->", [(0, "notes.html")]),
    ("<?php ?>", [(0, "notes.html")]),
    ("see <https://example.org>", [(0, "notes.html")]),
    ("[t](<javascript:alert(1)>)", [(0, "notes.html"), (0, "notes.link-scheme")]),
    ("[click](javascript:alert(1))", [(0, "notes.link-scheme")]),
    ("[click](JaVaScRiPt:alert(1))", [(0, "notes.link-scheme")]),
    ("[click](java&#115;cript:alert(1))", [(0, "notes.link-scheme")]),
    ("[click](&#x6A;avascript&colon;alert(1))", [(0, "notes.link-scheme")]),
    ("[click](&amp;#106;avascript:alert(1))", [(0, "notes.link-scheme")]),  # double-encoded: refused too
    ("[click](jav\tascript:alert(1))", [(0, "notes.link-scheme")]),
    ("[click](java\u200bscript:alert(1))", [(0, "notes.link-scheme")]),
    ("[click]( \n javascript:alert(1))", [(0, "notes.link-scheme")]),
    ("[t](< javascript:alert(1)>)", [(0, "notes.link-scheme")]),
    ("[b [a](x](javascript:alert(1))", [(0, "notes.link-scheme")]),  # Python-Markdown links the second "]("
    ("[t](data:text/html;base64,PHNjcmlwdD4=)", [(0, "notes.link-scheme")]),
    ("[t](vbscript:msgbox(1) \"title\")", [(0, "notes.link-scheme")]),
    ("[t](//evil.example/x)", [(0, "notes.link-scheme")]),
    ("[t](\\\\\\\\evil.example)", [(0, "notes.link-scheme")]),
    ("[t][r]\n\n[r]: javascript:alert(1)", [(2, "notes.link-scheme")]),
    ("[t][r]\n\n[r]:\n   javascript:alert(1)", [(3, "notes.link-scheme")]),
    ("[t][r]\n\n> [r]: data:text/html,hi", [(2, "notes.link-scheme")]),
    ("[t][r]\n\n- [r]: java&#9;script:x", [(2, "notes.link-scheme")]),
    ("![x](https://example.org/a.png)", [(0, "notes.image")]),
    ("A claim.\n{: onclick=\"alert(1)\" }", [(1, "notes.attr-list")]),
    ("# Heading {#top}", [(0, "notes.attr-list")]),
    ("*big*{.huge}", [(0, "notes.attr-list")]),
    ("text { onclick=alert(1) }", [(0, "notes.attr-list")]),
    ("Claim[^1].\n\n[^1]: Injected.", [(0, "notes.footnote"), (2, "notes.footnote")]),
    ('--8<-- "/etc/passwd"', [(0, "notes.snippet")]),
    ("a\n\n;-8<- secrets.txt", [(2, "notes.snippet")]),
    ('<div markdown="1">*x*</div>', [(0, "notes.html"), (0, "notes.markdown-attr")]),
    ("text markdown = block", [(0, "notes.markdown-attr")]),
    ("evil\u202egnp.exe", [(0, "notes.encoding")]),
    ("nul\x00byte", [(0, "notes.encoding")]),
]


@pytest.mark.parametrize(("body", "expected"), HOSTILE_BODIES, ids=[repr(b[:28]) for b, _ in HOSTILE_BODIES])
def test_hostile_body_is_refused(tmp_path, body, expected):
    only(tmp_path, HEAD + body + "\n", *[(BODY_LINE + offset, code) for offset, code in expected])


# --- hostile or malformed front matter ----------------------------------------------------------------------

def test_unknown_target_names_the_line_and_the_closest_id(tmp_path):
    text = HEAD.replace("  - snider.p9\n", "  - snider.p9\n  - snider.p99\n  - zzz.p1\n")
    write(tmp_path / "notes", "x.md", text)
    with pytest.raises(NoteError) as caught:
        load_notes(tmp_path / "notes", root=tmp_path, known_ids=KNOWN)
    first, second = caught.value.problems
    assert str(first) == ("notes/x.md:6: unknown paragraph 'snider.p99'; did you mean 'snider.p9'? Name a paragraph"
                          " by its id, e.g. 'snider.p9' (snider/#p9 on the site) [notes.unknown-target]")
    assert (second.location.line, second.message) == (7, "unknown paragraph 'zzz.p1'")  # nothing close


FRONT_MATTER_CASES = [
    # (whole file, expected (line, code) problems)
    ("---\ntitle: [unclosed\n---\n", [(2, "notes.yaml")]),
    ("---\ntitle: !!python/object/apply:os.system [id]\n---\n", [(2, "notes.yaml")]),
    ("Just text, no front matter.\n", [(1, "notes.front-matter")]),
    ("---\ntitle: T\n", [(1, "notes.front-matter")]),
    ("---\n- a list\n---\n", [(2, "notes.front-matter")]),
    ("---\n---\nbody\n", [(2, "notes.front-matter")]),
    (HEAD.replace("title: T\n", ""), [(1, "notes.title")]),
    (HEAD.replace("title: T", "title: '  '"), [(2, "notes.title")]),
    (HEAD.replace("title: T", "title: 2022-03-29"), [(2, "notes.title")]),
    (HEAD.replace("title: T", "title: Talks <script>x</script>"), [(2, "notes.html")]),
    (HEAD.replace("title: T", "title: T\ntopic: 2022"), [(3, "notes.topic")]),
    (HEAD.replace("targets:\n  - snider.p9\n", ""), [(1, "notes.targets")]),
    (HEAD.replace("targets:\n  - snider.p9\n", "targets: snider.p9\n"), [(4, "notes.targets")]),
    (HEAD.replace("targets:\n  - snider.p9\n", "targets: []\n"), [(4, "notes.targets")]),
    (HEAD.replace("  - snider.p9\n", "  - snider.p9\n  - id: snider.p9\n"), [(6, "notes.duplicate-target")]),
    (HEAD.replace("  - snider.p9\n", "  - snider.p9\n  - [hahn.p3]\n  - 12\n"),
     [(6, "notes.targets"), (7, "notes.targets")]),
    (HEAD.replace("  - snider.p9\n", "  - id: snider.p9\n    glos: x\n"), [(5, "notes.targets")]),
    (HEAD.replace("  - snider.p9\n", "  - gloss: no id\n"), [(5, "notes.targets")]),
    (HEAD.replace("targets:", "target:"), [(1, "notes.targets"), (4, "notes.unknown-field")]),
    (HEAD.replace("authors: [Ed]\n", ""), [(1, "notes.authors")]),
    (HEAD.replace("authors: [Ed]", "authors: []"), [(3, "notes.authors")]),
    (HEAD.replace("authors: [Ed]", "authors: [Ed, '']"), [(3, "notes.authors")]),
    (HEAD.replace("authors: [Ed]", "authors: 42"), [(3, "notes.authors")]),
    (HEAD.replace("authors: [Ed]", "authors: ['<img src=x onerror=alert(1)>']"), [(3, "notes.html")]),
    (HEAD.replace("title: T", "title: T\nkind: corection"), [(3, "notes.kind")]),
    (HEAD.replace("  - snider.p9\n", f"  - id: snider.p9\n    gloss: {'x' * (MAX_GLOSS + 1)}\n"),
     [(6, "notes.gloss-too-long")]),
    (HEAD.replace("  - snider.p9\n", "  - id: snider.p9\n    gloss: |\n      one\n      two\n"), [(6, "notes.gloss")]),
    (HEAD.replace("  - snider.p9\n", "  - id: snider.p9\n    gloss: \"<img src=x onerror=alert(1)>\"\n"),
     [(6, "notes.html")]),
    (HEAD.replace("  - snider.p9\n", "  - id: snider.p9\n    gloss: [a, b]\n"), [(6, "notes.gloss")]),
]


@pytest.mark.parametrize(("text", "expected"), FRONT_MATTER_CASES)
def test_malformed_front_matter_is_refused(tmp_path, text, expected):
    only(tmp_path, text, *expected)


def test_messages_suggest_fields_kinds_and_gloss(tmp_path):
    write(tmp_path / "notes", "x.md", HEAD.replace("targets:", "kind: corection\ntarget:"))
    write(tmp_path / "notes", "y.md", HEAD.replace("  - snider.p9\n", "  - id: snider.p9\n    glos: x\n"))
    with pytest.raises(NoteError) as caught:
        load_notes(tmp_path / "notes", root=tmp_path, known_ids=KNOWN)
    messages = {p.message for p in caught.value.problems}
    assert "unknown field 'target'; did you mean 'targets'?" in messages
    assert "unknown kind 'corection'; did you mean 'correction'?" in messages
    assert "unexpected key 'glos'; did you mean 'gloss'?" in messages


def test_non_utf8_file_names_the_line(tmp_path):
    only(tmp_path, HEAD.encode() + b"caf\xe9\n", (BODY_LINE, "notes.encoding"))


def test_utf8_bom_and_crlf_are_accepted(tmp_path):
    write(tmp_path / "notes", "x.md", b"\xef\xbb\xbf" + HEAD.replace("\n", "\r\n").encode() + b"Body\r\n")
    (note,) = load_notes(tmp_path / "notes", root=tmp_path, known_ids=KNOWN).notes
    assert (note.title, note.body, note.targets[0].line) == ("T", "Body", 5)


@pytest.mark.parametrize("name", ["Istanbul.md", "my_note.md", "note.MD", "-x.md", "a--b.md"])
def test_bad_file_names_are_refused(tmp_path, name):
    only(tmp_path, HEAD, (None, "notes.bad-id"), name=name)


def test_same_id_in_two_files_is_refused(tmp_path):
    write(tmp_path / "notes", "Istanbul.md", HEAD)
    assert problems(tmp_path, HEAD, "istanbul.md") == {
        ("notes/Istanbul.md", None, "notes.bad-id"), ("notes/istanbul.md", None, "notes.duplicate-id")}


def test_links_and_folders_are_not_read(tmp_path):
    secret = write(tmp_path, "secret.md", HEAD)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "x.md").symlink_to(secret)
    (tmp_path / "notes" / "y.md").mkdir()
    with pytest.raises(NoteError) as caught:
        load_notes(tmp_path / "notes", root=tmp_path, known_ids=KNOWN)
    assert {(p.location.path, p.code) for p in caught.value.problems} == {
        ("notes/x.md", "notes.not-a-file"), ("notes/y.md", "notes.not-a-file")}


def test_every_problem_in_every_file_is_reported_at_once(tmp_path):
    write(tmp_path / "notes", "a.md", HEAD.replace("title: T", "title: ''") + "<b>bold</b>\n")
    write(tmp_path / "notes", "b.md", HEAD.replace("snider.p9", "hahn.p99") + "[x](javascript:y)\n")
    write(tmp_path / "notes", "c.md", HEAD)  # fine
    assert problems(tmp_path, "---\nkind: [\n---\n![i](x)\n", "d.md") == {
        ("notes/a.md", 2, "notes.title"), ("notes/a.md", 7, "notes.html"),
        ("notes/b.md", 5, "notes.unknown-target"), ("notes/b.md", 7, "notes.link-scheme"),
        ("notes/d.md", 2, "notes.yaml"), ("notes/d.md", 4, "notes.image"),
    }


# --- property: whatever the validator accepts renders without script, handlers or foreign links ---------

# Single characters and whole syntax pieces, so that random joins reach both tricks and real constructs.
FRAGMENTS = [
    "<", ">", " ", "\n", "\n\n", "\t", "[", "]", "(", ")", "!", "{", "}", ":", ".", "#", "^", "*", "`", "'", '"', "=",
    "&", ";", "\\", "/", "-", "8", "x", "script", "img", "onclick", "java", "script:", "data:", "javascript:",
    "JaVaScRiPt:", "jav\tascript:", "java&#115;cript:", "&#58;", "&colon;", "&#x6A;", "\u200b", "http://e.org", "//",
    "[a]", "](", "[a](", "[r]: ", "[r]", "[^1]", "[^1]: ", "![i](", "{: ", "{#x}", "{.c}", "onclick=x", "--8<-- ",
    "secret.txt", '"secret.txt"', 'markdown="1"', "> ", "- ", "1. ", "    ", "!!! note", "/// html | div",
]
EXTENSIONS = ["attr_list", "footnotes", "md_in_html", "abbr", "def_list", "tables", "admonition",
              "pymdownx.superfences", "pymdownx.details", "pymdownx.snippets"]
SAFE_TAGS = {"p", "a", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "hr", "br", "h1", "h2", "h3",
             "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "div", "abbr"}
RE_BROWSER_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


class _Audit(html.parser.HTMLParser):
    """Collects anything in rendered HTML that could run script, load content or carry attacker attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in SAFE_TAGS:
            self.bad.append(tag)
        for name, value in attrs:
            if name not in {"href", "title", "class"}:
                self.bad.append(f"{tag} {name}")
            if name == "href":
                url = re.sub(r"[\t\n\r]", "", value or "").lstrip("\x00- ")  # as the WHATWG URL parser does
                scheme = RE_BROWSER_SCHEME.match(url)
                if (scheme and scheme[1].lower() not in {"http", "https", "mailto"}) or \
                        url.replace("\\", "/").startswith("//"):
                    self.bad.append(f"href {value!r}")

    def handle_comment(self, data):
        self.bad.append("comment")

    def handle_pi(self, data):
        self.bad.append("processing instruction")


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_accepted_bodies_render_safely(body):
    if check_body(body, "x.md"):
        return
    audit = _Audit()
    rendered = markdown.markdown(body, extensions=EXTENSIONS, extension_configs={
        "pymdownx.snippets": {"base_path": [str(FIXTURES / "snippets")]}})
    audit.feed(rendered)
    assert audit.bad == [], body
    assert "SNIPPET-SECRET" not in rendered, body


def test_targets_merged_by_a_retirement_become_one_with_a_warning(tmp_path):
    """A text correction retired snider.p8 into snider.p9: a note naming both still builds, as one target."""
    text = "---\ntitle: T\nauthors: [Ed]\ntargets:\n  - id: snider.p8\n    gloss: old\n  - snider.p9\n  - hahn.p3\n---\n"
    write(tmp_path / "notes", "x.md", text)
    result = load_notes(tmp_path / "notes", root=tmp_path, known_ids=KNOWN, retired={"snider.p8": "snider.p9"})
    (note,) = result.notes
    assert [(t.paragraph, t.gloss, t.line) for t in note.targets] == [("snider.p9", "old", 5), ("hahn.p3", None, 8)]
    assert [(w.location.line, w.code) for w in result.warnings] == [(5, "notes.retired-target"), (7, "notes.retired-target")]


def test_a_live_id_written_twice_is_still_an_error(tmp_path):
    text = "---\ntitle: T\nauthors: [Ed]\ntargets:\n  - snider.p9\n  - snider.p9\n---\n"
    write(tmp_path / "notes", "x.md", text)
    with pytest.raises(NoteError) as caught:
        load_notes(tmp_path / "notes", root=tmp_path, known_ids=KNOWN, retired={"snider.p8": "snider.p9"})
    assert [(p.location.line, p.code) for p in caught.value.problems] == [(6, "notes.duplicate-target")]
