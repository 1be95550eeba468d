"""Tests for edition.sources: context and correction notes must cite sources; sources are validated, escaped
on the note's page, and carried into both exports."""
from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

import markdown
import pytest

from edition.errors import NoteError
from edition.model import Source
from edition.notes import load_notes
from edition.sources import describe, render_sources, source_jsonld

KNOWN = {"snider.p9", "snider.p16"}
HEAD = "---\ntitle: T\nauthors: [Ed]\ntargets:\n  - snider.p16\n"  # kind and sources follow, from line 6
GOOD = ("sources:\n"
        "  - title: \"On Amendments to the Constitution of Ukraine\"\n"
        "    publisher: Verkhovna Rada of Ukraine\n"
        "    date: 2019-02-07\n"
        "    url: https://zakon.rada.gov.ua/laws/show/2680-19\n")


def load(tmp_path: Path, text: str):
    folder = tmp_path / "notes"
    folder.mkdir(exist_ok=True)
    (folder / "x.md").write_text(text, encoding="utf-8")
    return load_notes(folder, root=tmp_path, known_ids=KNOWN).notes


def problems(tmp_path: Path, text: str) -> set[tuple[int | None, str]]:
    with pytest.raises(NoteError) as caught:
        load(tmp_path, text)
    assert all(p.location.path == "notes/x.md" for p in caught.value.problems)
    return {(p.location.line, p.code) for p in caught.value.problems}


def test_sources_load_with_every_field_and_their_lines(tmp_path):
    (note,) = load(tmp_path, HEAD + "kind: correction\n" + GOOD + "---\nBody.\n")
    assert note.sources == (Source("On Amendments to the Constitution of Ukraine", None,
                                   "https://zakon.rada.gov.ua/laws/show/2680-19", "Verkhovna Rada of Ukraine",
                                   "2019-02-07", 8),)


def test_a_bibliographic_reference_needs_no_url(tmp_path):
    text = HEAD + "kind: context\nsources:\n  - citation: \"A. Author, A Book (Press, 2001), p. 3\"\n    date: 2001\n---\n"
    (note,) = load(tmp_path, text)
    assert (note.sources[0].citation, note.sources[0].url, note.sources[0].date) == \
        ("A. Author, A Book (Press, 2001), p. 3", None, "2001")


@pytest.mark.parametrize("kind", ["context", "correction"])
def test_context_and_correction_notes_without_sources_are_refused_at_the_kind_line(tmp_path, kind):
    assert problems(tmp_path, HEAD + f"kind: {kind}\n---\n") == {(6, "notes.sources-required")}


def test_make_check_names_the_file_line_and_code(tmp_path, capsys):
    from tests.conftest import copy_project
    from edition import cli

    project = copy_project(tmp_path / "project")
    (project / "notes" / "unsourced.md").write_text(
        "---\ntitle: T\nkind: context\nauthors: [Ed]\ntargets:\n  - snider.p16\n---\nBody.\n", encoding="utf-8")
    assert cli.main(["check", "--root", str(project)]) != 0
    assert "notes/unsourced.md:3: a context note must list its sources" in capsys.readouterr().err


def test_cross_references_may_go_without_sources_and_may_have_them(tmp_path):
    assert load(tmp_path, HEAD + "---\n")[0].sources == ()
    assert len(load(tmp_path, HEAD + GOOD + "---\n")[0].sources) == 1


@pytest.mark.parametrize("sources, expected", [
    ("sources: []\n", {(7, "notes.sources")}),
    ("sources:\n", {(7, "notes.sources")}),
    ("sources: https://example.org/\n", {(7, "notes.sources")}),
    ("sources:\n  - https://example.org/\n", {(8, "notes.sources")}),
    ("sources:\n  - url: https://example.org/\n", {(8, "notes.sources")}),  # no title or citation
    ("sources:\n  - title: T\n    link: https://example.org/\n", {(9, "notes.sources")}),
    ("sources:\n  - title: \"\"\n", {(8, "notes.sources")}),
    ("sources:\n  - title: [a, b]\n", {(8, "notes.sources")}),
    ("sources:\n  - title: \"<b>T</b>\"\n", {(8, "notes.html")}),
    ("sources:\n  - title: T\n    date: 2019-13-01\n", {(9, "notes.source-date")}),
    ("sources:\n  - title: T\n    date: 7 February 2019\n", {(9, "notes.source-date")}),
    ("sources:\n  - title: T\n  - citation: C\n    url: ok\n", {(10, "notes.source-url")}),
])
def test_malformed_sources_are_refused_with_their_line(tmp_path, sources, expected):
    assert problems(tmp_path, HEAD + "kind: context\n" + sources + "---\n") == expected


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "ftp://example.org/", "mailto:a@b.org",
    "//example.org/", "/relative/page/", "https://example.org/a b", "https://example.org/(x)",
    "https://example.org/\"onmouseover=x", "https://example.org/<script>", "https://user:pw@example.org/",
    "https://example.org/a\\b", "https:/example.org/", "http://",
])
def test_only_plain_http_and_https_addresses_are_accepted(tmp_path, url):
    text = HEAD + f"kind: context\nsources:\n  - title: T\n    url: '{url}'\n---\n"
    assert problems(tmp_path, text) == {(9, "notes.source-url")}


@pytest.mark.parametrize("url", ["http://example.org", "https://example.org/a/b?x=1&y=2#f",
                                 "https://www.un.org/en/ga/search/view_doc.asp?symbol=A/RES/ES-11/1"])
def test_ordinary_addresses_are_accepted(tmp_path, url):
    text = HEAD + f"kind: context\nsources:\n  - title: T\n    url: '{url}'\n---\n"
    assert load(tmp_path, text)[0].sources[0].url == url


def test_sources_render_as_escaped_text_with_the_address_as_the_only_link():
    source = Source("A *bold* [title](javascript:x) & <co>", None, "https://example.org/a?b=1&c=2", "Pub_lisher",
                    "2020", 1)
    html = markdown.markdown("\n".join(render_sources((source,))), extensions=["md_in_html"])
    assert re.findall(r'href="([^"]*)"', html) == ["https://example.org/a?b=1&amp;c=2"]
    assert "<em>" not in html and "<co>" not in html
    text = htmllib.unescape(re.sub(r"<[^>]+>", "", html))
    assert "Pub_lisher, “A *bold* [title](javascript:x) & <co>”, 2020: https://example.org/a?b=1&c=2" in text
    assert render_sources(()) == []


def test_jsonld_source_is_a_dublin_core_description():
    with_url = Source("T", None, "https://example.org/", "P", "2020-01", 1)
    assert source_jsonld(with_url) == {
        "id": "https://example.org/", "type": "dcterms:BibliographicResource",
        "dcterms:bibliographicCitation": "P, “T”, 2020-01", "dcterms:title": "T", "dcterms:publisher": "P",
        "dcterms:date": "2020-01"}
    assert "id" not in source_jsonld(Source(None, "A. Author, Book, 2001", None, None, None, 1))
    assert describe(Source(None, "A. Author, Book, 2001", None, None, None, 1)) == "A. Author, Book, 2001"


# --- the real edition: invariants, not snapshots --------------------------------------------------------

def test_every_context_and_correction_note_carries_sources_in_both_exports(built_project, edition):
    annotations = json.loads((built_project / "site" / "annotations.jsonld").read_text(encoding="utf-8"))
    by_id = {a["id"]: a for a in annotations["first"]["items"]}
    sourced = [n for n in edition["notes"] if n["kind"] in ("context", "correction")]
    assert sourced, "the edition has context and correction notes"
    for note in sourced:
        assert note["sources"], note["id"]
        assert all(s["title"] or s["citation"] for s in note["sources"]), note["id"]
        described = by_id[note["url"]]["dcterms:source"]
        assert [d["dcterms:bibliographicCitation"] for d in described] == \
            [describe(Source(s["title"], s["citation"], s["url"], s["publisher"], s["date"], 0))
             for s in note["sources"]]


def test_every_source_is_shown_on_its_claim_page(built_project, edition):
    for note in edition["notes"]:
        page = (built_project / "site" / note["url"] / "index.html").read_text(encoding="utf-8")
        for s in note["sources"]:
            if s["url"]:
                assert f'href="{s["url"].replace("&", "&amp;")}"' in page, (note["id"], s["url"])
            assert (s["title"] or s["citation"]).replace("&", "&amp;") in page, note["id"]
