"""Hostile input, end to end: each case edits a temporary copy of the project's inputs and runs the real
command line in process. Every case is either refused (exit 1, its file named, a code, nothing written) or
built with the input shown as text: no element, attribute or URL scheme outside the site's allowlist on any
page it reaches, the input's marker visible as text, and no generated file changed that the input does not
appear in.

The last test puts hostile strings into every field of every input at once, with the note checker's
courtesy rules switched off, runs the real `mkdocs build --strict` and audits every page of the site: the
sanitizer and the escaping hold on their own.
"""
from __future__ import annotations

import contextlib
import html
import io
import json
import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

import frontmatter
import markdown
import pytest

from conftest import ROOT, copy_project, mkdocs_build
from edition import cli, notelinks, notes, sources
from edition.uptodate import STAMP_FILE
from html_audit import CONTENT_TAGS, audit

MARK = "ZQX"  # in every hostile string that should build: it must show as text, and only where it was put
SNIDER_SEED = "seeds/002_3ebf3cdbc8909605.txt"
EXTENSIONS = ["attr_list", "md_in_html", "footnotes", "def_list", "toc"]  # as mkdocs.yml
XSS = "<img src=x onerror=alert(1)> </title><script>alert(1)</script>"
EDITORIAL_LINES = (ROOT / "seeds" / "editorial.yml").read_text(encoding="utf-8").split("\n")
SNIDER_ENTRY = EDITORIAL_LINES.index("    - title: Listening to Lavrov") + 1  # its line in editorial.yml
SNIDER_FIELD = EDITORIAL_LINES.index("      slug: snider") + 2  # a line added after the slug
NOTE_HEAD = "---\ntitle: {title}\ntopic: {topic}\nauthors: [{authors}]\ntargets:\n  - id: snider.p9\n" \
            "    gloss: {gloss}\n  - hahn.p3\n---\n"


def q(text: str) -> str:
    """A YAML double-quoted scalar holding ``text`` exactly."""
    return json.dumps(text, ensure_ascii=False)


def note(body: str = "A plain body.", *, title: str = "T", topic: str = "Topic", authors: str = "A",
         gloss: str = "Says so.") -> str:
    return NOTE_HEAD.format(title=q(title), topic=q(topic), authors=q(authors), gloss=q(gloss)) + body + "\n"


# --- running the command line in process ---------------------------------------------------------------------

def inputs_copy(dest: Path) -> Path:
    for name in ("seeds", "notes", "pages"):
        shutil.copytree(ROOT / name, dest / name)
    for name in ("VERSION", "CITATION.cff", ".zenodo.json", "mkdocs.yml"):  # the edition's publication data
        shutil.copy2(ROOT / name, dest / name)
    return dest


def run(project: Path, command: str) -> tuple[int, str]:
    args = [command, "--root", str(project), "--seeds", str(project / "seeds"), "--notes", str(project / "notes"),
            "--docs", str(project / "docs"), "--lock", str(project / "seeds" / "anchors.lock")]
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = cli.main(args, out=io.StringIO())
    return code, err.getvalue()


def files(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module", autouse=True)
def _epoch():
    with mock.patch.dict("os.environ", {"SOURCE_DATE_EPOCH": "1700000000"}):
        yield


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> dict[str, bytes]:
    """The generated files of the unmodified inputs."""
    with mock.patch.dict("os.environ", {"SOURCE_DATE_EPOCH": "1700000000"}):
        project = inputs_copy(tmp_path_factory.mktemp("baseline") / "project")
        assert run(project, "build")[0] == 0
    return files(project / "docs")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def page_html(text: str) -> str:
    """A generated page as Python-Markdown renders it with the site's extensions (the theme aside)."""
    return markdown.markdown(frontmatter.loads(text).content, extensions=EXTENSIONS)


def visible_text(html_text: str) -> str:
    parser = _Text()
    parser.feed(html_text)
    return "".join(parser.parts)


# --- the cases -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Refused:
    path: str  # the file the message must name (its start: "notes/x.md:4")
    code: str
    text: str = ""  # and something the message must say


@dataclass(frozen=True)
class Shown:
    marker: str = MARK
    note_id: str = ""  # a note the case adds: files that mention it may change too
    also: tuple[str, ...] = ()  # other generated files the input may change


def write(project: Path, relative: str, text: str | bytes) -> None:
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def replace(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def snider_title(new: str):
    def apply(project: Path) -> None:
        replace(project, SNIDER_SEED, "Ted Snider: Listening to Lavrov\n", f"Ted Snider: {new}\n")
        replace(project, "seeds/editorial.yml", "- title: Listening to Lavrov\n", f"- title: {q(new)}\n")
    return apply


def snider_field(line: str):
    """Add a line to Snider's editorial entry."""
    def apply(project: Path) -> None:
        replace(project, "seeds/editorial.yml", "      slug: snider\n", f"      slug: snider\n      {line}\n")
    return apply


def add_note(name: str, text: str | bytes):
    return lambda project: write(project, f"notes/{name}", text)


def add_seed(name: str, text: str, editorial: str = ""):
    def apply(project: Path) -> None:
        write(project, f"seeds/{name}", text)
        if editorial:
            path = project / "seeds" / "editorial.yml"
            path.write_text(path.read_text(encoding="utf-8") + editorial, encoding="utf-8")
    return apply


def append_to_seed(relative: str, paragraph: str):
    def apply(project: Path) -> None:
        path = project / relative
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{paragraph}\n", encoding="utf-8")
    return apply


def alias_bomb(levels: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
              f"*a{i - 1}, *a{i - 1}]" for i in range(1, levels + 1)]
    return "\n".join(lines)


HOSTILE_SEED = (
    f"{MARK} seed {XSS}\n\nBy {MARK} Writer <b>x</b>, Outlet <i onmouseover=alert(1)>{MARK}</i>, 10/9/23\n\n"
    f"Author: {MARK} [x](javascript:alert(1))\n\n"
    f"A paragraph {MARK} with {XSS} and [a link](javascript:alert(1)) and {{: onclick=alert(1)}} and [^1].\n\n"
    f"HEADING {MARK} <svg onload=alert(1)>\n\n"
    f"<script>alert('{MARK}')</script>\n\n"
    f"[r]: javascript:alert(1)\n\n"
    f"Source: {MARK} <a href=javascript:alert(1)>x</a>\n"
)

NEW_TEXT = ("registers/timeline.md",)  # a new text is a new column, headed by its short label

CASES: dict[str, tuple] = {
    # The findings of the issue.
    "f1-title-in-seed-and-editorial": (snider_title(f"Listening to Lavrov {MARK} <img src=x onerror=alert(1)>"),
                                       Shown()),
    "f1-new-seed-closing-title": (add_seed("zz1.txt", f"</title><script>alert(1)</script> {MARK}\n\nBody text.\n"),
                                  Shown(also=NEW_TEXT)),
    "f2-reference-in-definition-list": (add_note("zz-f2a.md", note(
        f"See [x][r] {MARK}.\n\nTerm\n:   [r]: javascript:alert(1)")), Shown(note_id="zz-f2a")),
    "f2-reference-in-block-quote": (add_note("zz-f2b.md", note("See [x][r].\n\n> [r]:\n> javascript:alert(1)")),
                                    Refused("notes/zz-f2b.md:13:", "notes.link-scheme")),
    "f3-alias-bomb-in-note": (add_note("zz-f3.md", "---\n" + alias_bomb(9) + "\ntitle: T\n---\nB\n"),
                              Refused("notes/zz-f3.md:2:", "notes.yaml-alias")),
    "f3-alias-in-editorial": (snider_field("outlet: &o Antiwar\n      date: *o"),
                              Refused(f"seeds/editorial.yml:{SNIDER_FIELD}:", "editorial.yaml-alias")),
    "f4-20000-link-openers": (add_note("zz-f4a.md", note("](" * 20_000)), Refused("notes/zz-f4a.md:", "notes.too-long")),
    "f4-200000-brackets": (add_note("zz-f4b.md", note("[" * 200_000)), Refused("notes/zz-f4b.md:", "notes.too-long")),
    "f4-brackets-under-the-size-limit": (add_note("zz-f4c.md", note("[" * 8_000)),
                                         Refused("notes/zz-f4c.md:10:", "notes.too-long")),
    "f5-notes-index": (add_note("index.md", note()), Refused("notes/index.md:", "notes.reserved-id")),
    "f5-seed-about": (add_seed("zz5.txt", "About\n\nA new text.\n"), Refused("seeds/zz5.txt:1:", "names.reserved-slug",
                                                                           "slug: about-2")),
    "f5-seed-index": (add_seed("zz5.txt", "Index\n\nA new text.\n"), Refused("seeds/zz5.txt:1:", "names.reserved-slug")),
    "f5-seed-speakers": (add_seed("zz5.txt", "Speakers\n\nA new text.\n"),
                         Refused("seeds/zz5.txt:1:", "names.reserved-slug")),
    "f7-hint-form": (add_note("zz-hint.md", note("[text](../snider/#p9)")),
                     Refused("notes/zz-hint.md:10:", "notes.link-target", "[text](snider.p9)")),
    "f7-unknown-paragraph": (add_note("zz-hint.md", note("[text](../snider.md#p999)")),
                             Refused("notes/zz-hint.md:10:", "notes.link-target", "snider.p999")),
    "f7-missing-page": (add_note("zz-hint.md", note("[text](../nope.md)")),
                        Refused("notes/zz-hint.md:10:", "notes.link-target")),
    "f7-climbing-out": (add_note("zz-hint.md", note("[text](../../snider/#p1)")),
                        Refused("notes/zz-hint.md:10:", "notes.link-target", "[text](snider.p1)")),
    "f7-paragraph-id-link-builds": (add_note("zz-id.md", note(f"[{MARK}](snider.p9) and [the text](hahn)")),
                                    Shown(note_id="zz-id")),
    # A second article by an author takes a word of its title (snider-second) or its date; only a text with the
    # same author, title and date as two others is left with a clash.
    "f11-two-articles-one-slug": (add_seed("zz11.txt", "Listening to Lavrov\n\nBy Ted Snider, Antiwar.com, 10/9/23\n\n"
                                           "Text.\n\nListening to Lavrov\n\nBy Ted Snider, Antiwar.com, 10/9/23\n\n"
                                           "More text.\n"),
                                  Refused(f"{SNIDER_SEED}:213:", "names.duplicate-slug", "seeds/zz11.txt:7")),
    # Markup and script links in every note field.
    "note-title-script": (add_note("zz.md", note(title="<script>alert(1)</script>")), Refused("notes/zz.md:2:", "notes.html")),
    "note-gloss-img": (add_note("zz.md", note(gloss="<img src=x onerror=alert(1)>")), Refused("notes/zz.md:7:", "notes.html")),
    "note-authors-b": (add_note("zz.md", note(authors="<b onmouseover=alert(1)>me</b>")),
                       Refused("notes/zz.md:4:", "notes.html")),
    "note-topic-svg": (add_note("zz.md", note(topic="<svg onload=alert(1)>")), Refused("notes/zz.md:3:", "notes.html")),
    "note-body-iframe": (add_note("zz.md", note("<iframe src=https://evil.example></iframe>")),
                         Refused("notes/zz.md:10:", "notes.html")),
    "note-body-mixed-case-scheme": (add_note("zz.md", note("[x](JaVaScRiPt:alert(1))")),
                                    Refused("notes/zz.md:10:", "notes.link-scheme")),
    "note-body-entity-scheme": (add_note("zz.md", note("[x](&#106;avascript&colon;alert(1))")),
                                Refused("notes/zz.md:10:", "notes.link-scheme")),
    "note-body-data-url": (add_note("zz.md", note("[x](data:text/html;base64,PHNjcmlwdD4=)")),
                           Refused("notes/zz.md:10:", "notes.link-scheme")),
    "note-body-vbscript": (add_note("zz.md", note("[x](vbscript:msgbox(1))")), Refused("notes/zz.md:10:", "notes.link-scheme")),
    "note-body-protocol-relative": (add_note("zz.md", note("[x](//evil.example/x)")),
                                    Refused("notes/zz.md:10:", "notes.link-scheme")),
    "note-body-fragment": (add_note("zz.md", note("[x](#p9)")), Refused("notes/zz.md:10:", "notes.link-target")),
    "note-body-unknown-id": (add_note("zz.md", note("[x](snider.p999)")),
                             Refused("notes/zz.md:10:", "notes.link-target", "did you mean")),
    "note-body-autolink": (add_note("zz.md", note("<javascript:alert(1)>")), Refused("notes/zz.md:10:", "notes.html")),
    "note-body-reference-in-list": (add_note("zz.md", note("[x][r]\n\n- [r]: javascript:alert(1)")),
                                    Refused("notes/zz.md:12:", "notes.link-scheme")),
    "note-body-attr-list": (add_note("zz.md", note("Text\n{: onclick=alert(1) }")), Refused("notes/zz.md:11:", "notes.attr-list")),
    "note-body-footnote": (add_note("zz.md", note("Claim[^1].\n\n[^1]: x")), Refused("notes/zz.md:10:", "notes.footnote")),
    "note-body-snippet": (add_note("zz.md", note('--8<-- "/etc/passwd"')), Refused("notes/zz.md:10:", "notes.snippet")),
    "note-body-image": (add_note("zz.md", note("![x](https://evil.example/x.png)")), Refused("notes/zz.md:10:", "notes.image")),
    "note-kind-script": (add_note("zz.md", note().replace("topic:", "kind: javascript:alert(1)\ntopic:")),
                         Refused("notes/zz.md:3:", "notes.kind")),
    "note-title-markdown-as-text": (add_note("zz-md.md", note(title=f"*{MARK}* [l](javascript:alert(1)) {{: .x}}")),
                                    Shown(note_id="zz-md")),
    "note-gloss-markdown-as-text": (add_note("zz-md.md", note(gloss=f"**{MARK}** $x$ {{: onclick=x}} [^1] | a |")),
                                    Shown(note_id="zz-md")),
    "note-authors-link-as-text": (add_note("zz-md.md", note(authors=f"[{MARK}](javascript:alert(1))")),
                                  Shown(note_id="zz-md")),
    "note-topic-heading-as-text": (add_note("zz-md.md", note(topic=f"# {MARK} | table |")), Shown(note_id="zz-md")),
    "note-body-entities-as-text": (add_note("zz-md.md", note(f"&#60;script&#62;alert(1)&#60;/script&#62; {MARK}")),
                                   Shown(note_id="zz-md")),
    "note-body-fullwidth-brackets": (add_note("zz-md.md", note(f"＜script＞alert(1)＜/script＞ {MARK}")),
                                     Shown(note_id="zz-md")),
    "note-source-url-script": (add_note("zz.md", note().replace("targets:", "sources:\n  - title: S\n"
                                                               "    url: javascript:alert(1)\ntargets:")),
                               Refused("notes/zz.md:7:", "notes.source-url")),
    "note-source-title-markdown-as-text": (add_note("zz-src.md", note().replace("targets:", "sources:\n  - title: "
                                                    + q(f"[{MARK}](javascript:alert(1)) *x* {{: .c}}") + "\ntargets:")),
                                           Shown(note_id="zz-src")),
    "registers-alias": (lambda p: replace(p, "seeds/registers.yml", "version: 1\n", "version: &v 1\nx: *v\n"),
                        Refused("seeds/registers.yml:", "registers.syntax-alias")),
    "register-description-markdown-as-text": (
        lambda p: replace(p, "seeds/registers.yml", "    description: Dictator of Nazi Germany from 1933 to 1945.\n",
                          f"    description: {q(MARK + ' [x](javascript:alert(1)) *y* {: onclick=x} [^1]')}\n"),
        Shown()),
    # Unicode tricks.
    "bidi-override-in-body": (add_note("zz.md", note("evil\u202egnp.exe")), Refused("notes/zz.md:10:", "notes.encoding")),
    "bidi-isolate-in-title": (add_note("zz.md", note(title="a\u2066b")), Refused("notes/zz.md:2:", "notes.encoding")),
    "zero-width-in-scheme": (add_note("zz.md", note("[x](java\u200bscript:alert(1))")),
                             Refused("notes/zz.md:10:", "notes.link-scheme")),
    "zero-width-joiner-as-text": (add_note("zz-zw.md", note(title=f"{MARK}\u200dx\u200b")), Shown(note_id="zz-zw")),
    "fdfa-run-as-text": (add_note("zz-fd.md", note("\ufdfa" * 30 + f" {MARK}")), Shown(note_id="zz-fd")),
    "nul-in-gloss": (add_note("zz.md", note(gloss="a\x00b")), Refused("notes/zz.md:", "notes.encoding")),
    "lone-surrogate-bytes": (add_note("zz.md", note().encode() + b"\xed\xa0\x80\n"),
                             Refused("notes/zz.md:11:", "notes.encoding")),
    "lone-surrogate-escape": (add_note("zz.md", note().replace('title: "T"', 'title: "a\\ud800b"')),
                              Refused("notes/zz.md:2:", "notes.yaml")),
    "confusable-scheme": (add_note("zz.md", note("[x](\u0458avascript:alert(1))")),
                          Refused("notes/zz.md:10:", "notes.link-target")),
    "confusable-note-id": (add_note("\u0456ndex.md", note()), Refused("notes/\u0456ndex.md", "notes.bad-id")),
    "nul-in-seed": (add_seed("zz.txt", "Title\n\nBody \x00 text.\n"), Refused("seeds/zz.txt:", "seed.binary")),
    "editorial-escaped-nul": (snider_field('outlet: "a\\u0000b"'), Refused(f"seeds/editorial.yml:{SNIDER_FIELD}:", "editorial.field")),
    "editorial-bidi-in-speakers": (snider_field('authors: ["a\\u202eb"]'), Refused(f"seeds/editorial.yml:{SNIDER_FIELD}:", "editorial.field")),
    "non-utf8-seed": (lambda p: write(p, "seeds/zz.txt", b"Title\n\nBody \xff text.\n"),
                      Refused("seeds/zz.txt:", "seed.encoding")),
    # Sizes.
    "note-too-big": (add_note("zz.md", note("Prose. " * 3_000)), Refused("notes/zz.md:", "notes.too-long")),
    "note-title-too-long": (add_note("zz.md", note(title="x" * 300)), Refused("notes/zz.md:2:", "notes.too-long")),
    "note-author-too-long": (add_note("zz.md", note(authors="x" * 150)), Refused("notes/zz.md:4:", "notes.too-long")),
    "note-too-many-targets": (add_note("zz.md", "---\ntitle: T\nauthors: [A]\ntargets: ["
                                       + ", ".join(["snider.p9"] * 60) + "]\n---\nB\n"),
                              Refused("notes/zz.md:4:", "notes.too-long")),
    "editorial-field-too-long": (snider_field("outlet: " + "x" * 600), Refused(f"seeds/editorial.yml:{SNIDER_FIELD}:", "editorial.too-long")),
    # Seeds and editorial metadata: markup shown as text, script addresses refused.
    "seed-paragraph-markup": (append_to_seed(SNIDER_SEED, f"A closing {MARK} {XSS} [x](javascript:alert(1)) "
                                                          "{: onclick=alert(1)} [^1]"),
                              Shown(also=("index.md", "texts/index.md", "speakers.md"))),  # the pages that count and list paragraphs
    "editorial-outlet-markup": (snider_field(f"outlet: {q(MARK + ' ' + XSS)}"), Shown()),
    "editorial-authors-markup": (snider_field(f"authors: [{q('<b>' + XSS + ' ' + MARK)}]"), Shown()),  # surname last
    "editorial-url-script": (snider_field("url: javascript:alert(1)"), Refused(f"seeds/editorial.yml:{SNIDER_FIELD}:", "editorial.url")),
    "editorial-reserved-slug": (lambda p: replace(p, "seeds/editorial.yml", "slug: snider\n", "slug: speakers\n"),
                                Refused(f"seeds/editorial.yml:{SNIDER_ENTRY}:", "names.reserved-slug")),
    "seed-hostile-everywhere": (add_seed("zz_hostile.txt", HOSTILE_SEED), Shown(also=NEW_TEXT)),
    "seed-interview-hostile-speakers": (add_seed(
        "zz_int.txt", f"{MARK} interview\n\nKremlin website, 10/16/23\n\nQuestion one?\n\nAnswer one.\n\nResidue\n",
        "  zz_int.txt:\n"
        f"    - title: {q(MARK + ' interview')}\n      slug: zz-int\n      kind: interview\n"
        f"      authors: [{q(MARK + ' ' + XSS)}]\n      speakers: [{q('<b>' + MARK + '</b>')}, {q(MARK + ' ' + XSS)}]\n"
        f"      interviewer: {q('<b>' + MARK + '</b>')}\n      turns:\n        from: 1\n"
        f"        alternate: [{q('<b>' + MARK + '</b>')}, {q(MARK + ' ' + XSS)}]\n"
        f"      drop:\n        - text: Residue\n          reason: {q(MARK + ' ' + XSS)}\n"), Shown(also=NEW_TEXT)),
    "seed-home": (add_seed("zz5.txt", "Home\n\nA new text.\n"), Refused("seeds/zz5.txt:1:", "names.reserved-slug")),
    "two-new-seeds-one-slug": (lambda p: (add_seed("zz6.txt", "Same Title\n\nOne.\n")(p),
                                          add_seed("zz7.txt", "Same Title\n\nTwo.\n")(p)),
                               Refused("seeds/zz6.txt:1:", "names.duplicate-slug", "seeds/zz7.txt:1")),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_is_refused_or_shown_as_text(tmp_path, baseline, name):
    mutate, expected = CASES[name]
    project = inputs_copy(tmp_path / "project")
    mutate(project)
    if isinstance(expected, Refused):
        code, err = run(project, "check")
        assert code == 1, err
        assert f"error: {expected.path}" in err, err
        assert f"[{expected.code}]" in err, err
        assert expected.text in err, err
        assert "Traceback" not in err
        assert all(len(line) < 2_000 for line in err.splitlines())
        assert files(project / "docs") == {}  # nothing written
        return
    code, err = run(project, "build")
    assert code == 0, err
    assert run(project, "check")[0] == 0  # what built, checks
    generated = files(project / "docs")
    shown = False
    for path, data in generated.items():
        if baseline.get(path) == data:
            continue  # as the unmodified edition built it: audited once, below
        text = data.decode("utf-8")
        if path.endswith(".md"):
            meta = frontmatter.loads(text).metadata
            assert "<" not in str(meta.get("title", "")), (path, meta.get("title"))
            rendered = page_html(text)
            assert audit(rendered, path, CONTENT_TAGS) == []
            shown = shown or expected.marker in visible_text(rendered)
        # The search index is data that search.js only ever writes as text nodes; a new row or name moves the
        # rows after it into other chunks and changes the head's counts, so those files change without it.
        # The build stamp holds digests of the inputs and pages, which change with any input.
        if path not in expected.also and path not in {".generated", STAMP_FILE} and not path.startswith("search/"):
            assert expected.marker.lower() in html.unescape(text).lower() or (expected.note_id and expected.note_id in text), \
                f"{path} changed, but the hostile input is not in it"
    assert shown, f"{expected.marker} is shown on no page"


def test_the_unmodified_edition_renders_only_allowlisted_markup(baseline):
    for path, data in baseline.items():
        if path.endswith(".md"):
            assert audit(page_html(data.decode("utf-8")), path, CONTENT_TAGS) == []


@pytest.mark.parametrize("name", ["f2-reference-in-block-quote", "f5-seed-about", "f7-hint-form",
                                  "f11-two-articles-one-slug", "note-body-iframe"])
def test_build_refuses_what_check_refuses_and_writes_nothing(tmp_path, name):
    mutate, expected = CASES[name]
    project = inputs_copy(tmp_path / "project")
    mutate(project)
    lock = (project / "seeds" / "anchors.lock").read_bytes()
    code, err = run(project, "build")
    assert code == 1 and f"[{expected.code}]" in err
    assert files(project / "docs") == {}
    assert (project / "seeds" / "anchors.lock").read_bytes() == lock


# --- every field of every input at once, through the real MkDocs build ------------------------------------

EVERYWHERE_NOTE = (
    "---\ntitle: {x}\ntopic: {x}\nauthors: [{x}, {x}]\ntargets:\n  - id: snider.p9\n    gloss: {x}\n"
    "  - id: zz-hostile.p1\n    gloss: {x}\n---\n"
    f"{MARK} {XSS} <a href=javascript:alert(1)>a</a> [l](javascript:alert(1)) [m](JAVASCRIPT:alert(1))\n"
    "[d](data:text/html,x) [p](//evil.example) [e](&#106;avascript:alert(1)) ![i](javascript:alert(1))\n"
    "<div onclick=alert(1) markdown=1>*x*</div> {{: onclick=alert(1)}} [^1] --8<-- x\n\n"
    "Term\n:   [r]: javascript:alert(1)\n\n> [s]:\n> javascript:alert(1)\n\n[r] [s] [ok](snider.p9)\n\n"
    "<style>body{{display:none}}</style> <form action=javascript:alert(1)><button>b</button></form>\n"
    "```\n</pre><script>alert(1)</script>\n```\n"
)


NOTHING = re.compile(r"(?!)")  # a pattern that matches nowhere: a courtesy check switched off


def _accept_every_link(href, *context):
    return notelinks.LinkVerdict(notelinks.LinkTarget(href, "web", href))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The project with hostile strings in every field of every input, built by the real MkDocs (strict), with
    the note checker's courtesy refusals switched off so only the sanitizer and the escaping stand."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    snider_title(f"Listening to Lavrov {MARK} {XSS}")(project)
    snider_field(f"outlet: {q(MARK + ' ' + XSS)}")(project)
    add_seed("zz_hostile.txt", HOSTILE_SEED, "  zz_hostile.txt:\n"
             f"    - title: {q(MARK + ' seed ' + XSS)}\n      slug: zz-hostile\n"
             f"      authors: [{q(MARK + XSS)}]\n      outlet: {q(MARK + XSS)}\n")(project)
    x = q(f"{MARK} {XSS} [l](javascript:alert(1)) {{: x}}")  # (under the 100-character limit)
    write(project, "notes/zz-everywhere.md", EVERYWHERE_NOTE.format(x=x).replace(
        "targets:", f"sources:\n  - title: {x}\n    publisher: {x}\n  - citation: {x}\ntargets:", 1))
    registers = project / "seeds" / "registers.yml"
    registers.write_text(registers.read_text(encoding="utf-8").replace("\nentries:\n", "\nentries:\n  - id: zz-hostile-entry\n"
                         f"    kind: person\n    name: {x}\n    forms: [{MARK}]\n    description: {x}\n", 1),
                         encoding="utf-8")
    with mock.patch.object(notes, "BODY_RULES", ()), mock.patch.object(notes._NoteCheck, "html", lambda *a: None), \
            mock.patch.object(notes, "decide", _accept_every_link), mock.patch.object(sources, "RE_MARKUP", NOTHING), \
            mock.patch.dict("os.environ", {"SOURCE_DATE_EPOCH": "1700000000"}):
        code, err = run(project, "build")
    assert code == 0, err
    site = mkdocs_build(project)
    assert site.returncode == 0, site.stderr
    return project


def test_every_page_of_a_site_built_from_hostile_inputs_holds_only_allowlisted_markup(hostile_site):
    pages = sorted((hostile_site / "site").rglob("*.html"))
    assert len(pages) > 50
    bad = [problem for page in pages
           for problem in audit(page.read_text(encoding="utf-8"), page.relative_to(hostile_site).as_posix())]
    assert bad == []
    snider = (hostile_site / "site" / "snider" / "index.html").read_text(encoding="utf-8")
    title = snider.split("<title>", 1)[1].split("</title>", 1)[0]
    assert html.unescape(title).startswith(f"Listening to Lavrov {MARK} {XSS}")  # shown as text in <title>
    # In the header (the page's own title) and, as text, in the lists of texts: the nav lists none.
    assert f"Listening to Lavrov {MARK} &lt;img src=x onerror=alert(1)&gt;" in snider.split('class="md-header', 1)[1]
    for listing in ("index.html", "texts/index.html"):
        page = (hostile_site / "site" / listing).read_text(encoding="utf-8")
        assert f"Listening to Lavrov {MARK} {XSS}" in visible_text(page), listing
    claim = (hostile_site / "site" / "claims" / "zz-everywhere" / "index.html").read_text(encoding="utf-8")
    assert MARK in visible_text(claim)
    page_data = json.loads(snider.split('<script type="application/json" id="ed-page">', 1)[1].split("</script>")[0])
    assert page_data["doc"]["title"] == f"Listening to Lavrov {MARK} {XSS}"  # the script gets the text itself
