"""The registers (edition/registers.py, edition/render_registers.py): validation, mentions, pages, the aid."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from edition.errors import MetadataError
from edition.model import Document, DocumentMeta, Edition, Paragraph
from edition.registers import find_mentions, format_review, load_registers, propose, review
from edition.render_registers import (href, human_date, mention_segments, render_register_pages,
                                      sentence_around)

HEADER = "version: 1\nentries:\n"


def entry(id="kyiv", kind="place", name="Kyiv", forms="[Kyiv, Kiev]", extra=""):
    return (f"  - id: {id}\n    kind: {kind}\n    name: {name}\n    forms: {forms}\n"
            f"    description: A city.\n{extra}")


def registers_from(tmp_path: Path, body: str):
    path = tmp_path / "registers.yml"
    path.write_text(HEADER + body, encoding="utf-8")
    return load_registers(path, "seeds/registers.yml")


def doc(slug: str, *texts: str, speaker: str | None = None) -> Document:
    meta = DocumentMeta(slug=slug, title=slug.title(), authors=("A B",), outlet=None, date=None, kind="article",
                        seed="s.txt")
    return Document(meta, tuple(Paragraph(text=t, raw=t, line=i + 1, index=i, id=f"{slug}.p{i + 1}",
                                          number=str(i + 1), speaker=speaker) for i, t in enumerate(texts)))


def refused(tmp_path, body) -> list[str]:
    with pytest.raises(MetadataError) as caught:
        registers_from(tmp_path, body)
    return [str(p) for p in caught.value.problems]


# ---------------------------------------------------------------- validation


def test_a_valid_entry_loads_with_its_authority_and_date(tmp_path):
    reg = registers_from(tmp_path, entry(extra="    authority: {wikidata: Q1899, geonames: 703448}\n")
                         + entry("minsk-talks", "event", "Minsk talks", "[Minsk talks]", "    date: 2014-09/2015-02\n"))
    kyiv, talks = reg.entries
    assert kyiv.forms == ("Kyiv", "Kiev") and kyiv.authority == (("geonames", "703448"), ("wikidata", "Q1899"))
    assert talks.date == "2014-09/2015-02" and type(kyiv.id) is str


@pytest.mark.parametrize("body, code, line", [
    (entry(extra="    wikipedia: x\n"), "registers.unknown-field", 8),
    (entry() + entry("kiev-city", forms="[Kiev]"), "registers.ambiguous-form", 8),
    (entry() + entry(), "registers.duplicate-id", 8),
    (entry("index"), "registers.reserved-id", 3),
    (entry("Kyiv City"), "registers.id", 3),
    (entry(kind="city"), "registers.kind", 4),
    (entry("war", "event", "War", "[war]"), "registers.date", 3),
    (entry("war", "event", "War", "[war]", "    date: 2022-02-30\n"), "registers.date", 8),
    (entry("war", "event", "War", "[war]", "    date: 2023/2022\n"), "registers.date", 8),
    (entry(extra="    date: 2022\n"), "registers.date", 8),
    (entry(extra="    authority: {wikidata: 1899}\n"), "registers.authority", 8),
    (entry(extra="    authority: {dbpedia: Kyiv}\n"), "registers.authority", 8),
    (entry(forms="[]"), "registers.field", 6),
    (entry(extra="    exclude: [kyiv]\n"), "registers.exclude", 8),
    (entry(extra="    description2: x\n"), "registers.unknown-field", 8),
])
def test_a_broken_entry_is_refused_with_its_line_and_code(tmp_path, body, code, line):
    messages = refused(tmp_path, body)
    assert any(m.startswith(f"seeds/registers.yml:{line}:") and m.endswith(f"[{code}]") for m in messages), messages


def test_aliases_and_a_missing_version_are_refused(tmp_path):
    path = tmp_path / "registers.yml"
    path.write_text("entries: []\n", encoding="utf-8")
    with pytest.raises(MetadataError, match="version"):
        load_registers(path, "seeds/registers.yml")


def test_no_registers_file_means_no_registers(tmp_path):
    assert load_registers(tmp_path / "none.yml", "seeds/registers.yml").entries == ()


# ---------------------------------------------------------------- mentions


def test_mentions_respect_word_boundaries_possessives_and_longest_forms(tmp_path):
    reg = registers_from(tmp_path, entry("russia", name="Russia", forms="[Russia, Russian Federation]")
                         + entry("minsk", name="Minsk", forms="[Minsk]")
                         + entry("minsk-agreements", "event", "Minsk agreements", "[Minsk agreements]",
                                 "    date: 2015-02-12\n")
                         + entry("donbas", name="Donbas", forms="[Donbas, Donbass]"))
    text = ("Russian troops left Russia’s border; the Russian Federation signed the Minsk agreements in Minsk. "
            "NATO-Russia talks on Donbass’ problems.")
    mentions, warnings = find_mentions((doc("a", text),), reg)
    assert [(m.entry, m.form) for m in mentions] == [
        ("russia", "Russia"), ("russia", "Russian Federation"), ("minsk-agreements", "Minsk agreements"),
        ("minsk", "Minsk"), ("russia", "Russia"), ("donbas", "Donbass")]
    assert all(text[m.start:m.end] == m.form for m in mentions)
    assert warnings == []


def test_an_excluded_paragraph_and_an_unused_entry(tmp_path):
    reg = registers_from(tmp_path, entry("united-states", name="United States", forms="[US]",
                                         extra="    exclude: [a.p1, a.p9]\n") + entry())
    mentions, warnings = find_mentions((doc("a", "200 billion US dollars", "the US said"),), reg)
    assert [(m.paragraph, m.form) for m in mentions] == [("a.p2", "US")]
    codes = sorted(w.code for w in warnings)
    assert codes == ["registers.unknown-exclude", "registers.unused"]
    assert all(str(w).startswith("seeds/registers.yml:") for w in warnings)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="Kyiv Kiev’s.\n-abc", max_size=80))
def test_segments_join_to_the_paragraph_exactly(tmp_path_factory, text):
    reg = registers_from(tmp_path_factory.mktemp("r"), entry())
    mentions, _ = find_mentions((doc("a", text),), reg)
    pieces = mention_segments(text, list(mentions))
    assert "".join(piece for piece, _ in pieces) == text
    assert all(m is None or piece in ("Kyiv", "Kiev") for piece, m in pieces)


# ---------------------------------------------------------------- pages


def test_entry_page_lists_every_mention_with_its_sentence_and_the_timeline_orders_events(tmp_path):
    reg = registers_from(tmp_path, entry()
                         + entry("talks-b", "event", "Later talks", "[later talks]", "    date: 2022-03\n")
                         + entry("talks-a", "event", "Earlier talks", "[earlier talks]", "    date: 2014-09-05\n"))
    docs = (doc("a", "Kyiv is far. Then later talks in Kiev. And earlier talks.", speaker="X Y"),
            doc("b", "Nothing here. Kiev’s mayor spoke."))
    mentions, _ = find_mentions(docs, reg)
    pages = render_register_pages(Edition(documents=docs, registers=reg, mentions=mentions))
    assert set(pages) >= {"registers/index.md", "registers/kyiv.md", "registers/timeline.md",
                          "registers/people.md", "registers/places.md", "registers/events.md"}
    kyiv = pages["registers/kyiv.md"]
    assert "Named 3 times in 2 texts" in kyiv
    assert "[¶1](../a.md#p1)" in kyiv and "[¶1](../b.md#p1)" in kyiv
    assert "**Kiev**’s mayor spoke." in kyiv and "Nothing here" not in kyiv  # the sentence, not the paragraph
    timeline = pages["registers/timeline.md"]
    assert timeline.index("Earlier talks") < timeline.index("Later talks")
    assert 'href="../../a/#p1"' in timeline


def test_human_dates_and_sentences():
    assert human_date("1938-09-30") == "30 September 1938"
    assert human_date("2022-03/2022-04") == "March 2022 – April 2022"
    assert human_date("1657/1687") == "1657 – 1687"
    text = "One. “Two, Kiev.” Three."
    start = text.index("Kiev")
    assert sentence_around(text, start, start + 4)[0] == "“Two, Kiev.”"
    assert href("registers/timeline.md", "snider.md", "p9") == "../../snider/#p9"
    assert href("registers/timeline.md", "registers/kyiv.md") == "../kyiv/"


def test_the_aid_proposes_names_no_entry_covers(tmp_path):
    reg = registers_from(tmp_path, entry())
    docs = (doc("a", "The mayor of Kyiv met Gordon Smith. The talks ended. Then Gordon Smith left in 1998, and then the mayor."),)
    mentions, _ = find_mentions(docs, reg)
    found = {(c.text, c.kind): c.count for c in propose(docs, reg, mentions)}
    assert found[("Gordon Smith", "name")] == 2 and found[("in 1998", "date")] == 1
    assert ("The", "name") not in found and ("Kyiv", "name") not in found


REVIEWED = "reviewed:\n  - reason: An adjective.\n    names: [Ukrainian]\n  - reason: A date.\n    names: [in 1998, in 2001]\n"


def test_reviewed_names_leave_the_aids_list_and_stale_ones_are_named(tmp_path):
    path = tmp_path / "registers.yml"
    path.write_text(HEADER + entry() + REVIEWED, encoding="utf-8")
    reg = load_registers(path, "seeds/registers.yml")
    assert [(r.text, r.reason, r.line) for r in reg.reviewed] == [
        ("Ukrainian", "An adjective.", 10), ("in 1998", "A date.", 12), ("in 2001", "A date.", 12)]
    docs = (doc("a", "A Ukrainian in Kyiv met Gordon Smith in 1998."),)
    mentions, _ = find_mentions(docs, reg)
    result = review(docs, reg, mentions)
    assert [c.text for c in result.unreviewed] == ["Gordon Smith"]
    assert [r.text for r in result.stale] == ["in 2001"] and result.reviewed == 2
    report = format_review(result, "seeds/registers.yml")
    assert "Gordon Smith" in report and "Ukrainian" not in report
    assert "seeds/registers.yml:12: 'in 2001' is reviewed but no longer proposed; remove it [registers.stale-review]" in report


@pytest.mark.parametrize("body, line", [
    ("reviewed: Ukrainian\n", 8),
    ("reviewed:\n  - names: [Ukrainian]\n", 9),
    ("reviewed:\n  - reason: ''\n    names: [Ukrainian]\n", 9),
    ("reviewed:\n  - reason: x\n    names: [Ukrainian]\n    note: y\n", 9),
    ("reviewed:\n  - reason: x\n    names: [Ukrainian]\n  - reason: y\n    names: [Ukrainian]\n", 12),
])
def test_a_broken_review_is_refused_with_its_line(tmp_path, body, line):
    messages = refused(tmp_path, entry() + body)
    assert any(m.startswith(f"seeds/registers.yml:{line}:") and m.endswith("[registers.reviewed]")
               for m in messages), messages


# ---------------------------------------------------------------- the real edition


def test_the_register_covers_the_texts(built_edition):
    """Every name and date the aid finds is an entry's form or set aside by the editors with a reason."""
    result = review(built_edition.documents, built_edition.registers, built_edition.mentions)
    assert not result.unreviewed, format_review(result, "seeds/registers.yml")
    assert not result.stale, format_review(result, "seeds/registers.yml")
    assert result.reviewed == len(built_edition.registers.reviewed) > 0
    assert all(len(r.reason) > 10 for r in built_edition.registers.reviewed)


def test_every_mention_in_the_edition_is_its_text_and_links_both_ways(built_project, edition):
    texts = {p["id"]: p for p in edition["paragraphs"]}
    entries = {e["id"]: e for e in edition["registers"]}
    assert entries and edition["mentions"]
    site = built_project / "site"
    pages: dict[str, str] = {}
    for m in edition["mentions"]:
        paragraph = texts[m["paragraph"]]
        assert paragraph["text"][m["start"]:m["end"]] == m["form"]
        entry_html = pages.setdefault(m["entry"], (site / entries[m["entry"]]["url"] / "index.html")
                                      .read_text(encoding="utf-8"))
        slug, number = paragraph["id"].split(".", 1)
        assert f'href="../../{slug}/#{number}"' in entry_html, (m, "entry page links the passage")
    for slug in {p["doc"] for p in edition["paragraphs"]}:
        html = (site / slug / "index.html").read_text(encoding="utf-8")
        linked = re.findall(r'<a class="ed-mention" href="../registers/([^/"]+)/"', html)
        assert len(linked) == sum(1 for m in edition["mentions"] if m["paragraph"].startswith(slug + "."))


def test_every_event_with_a_mention_is_on_the_timeline(built_project, edition):
    timeline = (built_project / "site" / "registers" / "timeline" / "index.html").read_text(encoding="utf-8")
    mentioned = {m["entry"] for m in edition["mentions"]}
    for e in edition["registers"]:
        if e["kind"] == "event" and e["id"] in mentioned:
            assert f'href="../{e["id"]}/"' in timeline, e["id"]


def test_the_editions_registers_load_and_their_descriptions_are_plain_text():
    root = Path(__file__).resolve().parents[1]
    reg = load_registers(root / "seeds" / "registers.yml", "seeds/registers.yml")
    assert len(reg.entries) >= 100
    data = json.dumps([e.description for e in reg.entries])
    assert "<" not in data  # descriptions are plain sentences
