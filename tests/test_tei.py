"""The TEI export: every document and the teiCorpus, checked for structure and fidelity, then against tei_all.

The structure tests need nothing outside the project. The schema test validates against TEI's tei_all RELAX NG
schema from ../shared/schemas/ (or $TEI_ALL_RNG); it is skipped when the schema is not there.
"""
import os
import re
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SLUGS = ["bondarev", "putin-cmg", "snider", "hahn", "decamp"]
SCHEMA = Path(os.environ.get("TEI_ALL_RNG", ROOT.parent / "shared" / "schemas" / "tei_all.rng"))


def text_of(node) -> str:
    return "".join(node.itertext())


@pytest.fixture(scope="session")
def tei(built_project):
    """Every TEI file of the built site, parsed: name → tree."""
    folder = built_project / "site" / "tei"
    return {path.name: etree.parse(str(path)) for path in sorted(folder.glob("*.xml"))}


@pytest.fixture(scope="session")
def tei_all():
    if not SCHEMA.is_file():  # a clone without ../shared (GitHub's CI, say) still tests the structure
        pytest.skip(f"no TEI schema at {SCHEMA} (set TEI_ALL_RNG or put shared/ beside the project)")
    return etree.RelaxNG(etree.parse(str(SCHEMA)))  # compiling tei_all takes seconds: once per session


def test_one_file_per_document_and_a_corpus(tei, built_project):
    assert sorted(tei) == sorted([f"{s}.xml" for s in SLUGS] + ["edition.xml"])
    corpus = tei["edition.xml"].getroot()
    assert corpus.tag == "{http://www.tei-c.org/ns/1.0}teiCorpus"
    assert [t.get(XML_ID) for t in corpus.findall("t:TEI", NS)] == SLUGS
    ids = corpus.xpath("//@xml:id")
    assert len(ids) == len(set(ids))


def test_every_file_is_valid_tei_all(tei, tei_all):
    for name, tree in tei.items():
        assert tei_all.validate(tree), f"{name}: {tei_all.error_log.last_error}"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_paragraph_verbatim_with_id_number_and_speaker(tei, edition, slug):
    root = tei[f"{slug}.xml"].getroot()
    expected = [p for p in edition["paragraphs"] if p["doc"] == slug]
    found = root.findall(".//t:body//t:p", NS)
    assert [p.get(XML_ID) for p in found] == [p["id"] for p in expected]
    people = {person.get(XML_ID): text_of(person.find("t:persName", NS))
              for person in root.findall(".//t:particDesc/t:listPerson/t:person", NS)}
    doc = next(d for d in edition["documents"] if d["slug"] == slug)
    assert sorted(people.values()) == sorted(doc["speakers"])
    for node, para in zip(found, expected):
        assert node.get("n") == para["number"]
        assert text_of(node) == para["text"]  # character for character, line breaks included
        if doc["kind"] == "interview":
            sp = node.getparent()
            assert sp.tag.endswith("}sp") and people[sp.get("who").lstrip("#")] == para["speaker"]


def test_speaker_labels_as_printed_with_the_remark_apart(tei, built_project, built_edition):
    root = tei["putin-cmg.xml"].getroot()
    seed = (built_project / "seeds" / "002_3ebf3cdbc8909605.txt").read_text(encoding="utf-8")
    first = root.find(".//t:sp", NS)
    speaker = first.find("t:speaker", NS)
    assert text_of(speaker) == "Wang Guan (retranslated):"
    assert speaker.find("t:note", NS).text == "(retranslated)"
    labelled = root.findall(".//t:sp/t:speaker", NS)
    putin = next(d for d in built_edition.documents if d.meta.slug == "putin-cmg")
    assert len(labelled) == sum(1 for p in putin.paragraphs if p.turn_start and p.raw != p.text) > 20
    for label in labelled:  # the label and the turn's first paragraph, as the seed prints them
        first_p = label.getnext()
        assert re.search(re.escape(text_of(label)) + r"\s+" + re.escape(text_of(first_p)), seed)
    # The Bondarev interview prints no labels: its turns say who speaks by @who alone.
    bondarev = tei["bondarev.xml"].getroot()
    assert bondarev.findall(".//t:speaker", NS) == [] and len(bondarev.findall(".//t:sp[@who]", NS)) > 30


def test_header_bibliography_edition_and_licence(tei, built_project, built_edition):
    version = (built_project / "VERSION").read_text(encoding="utf-8").strip()
    pub = built_edition.publication
    for doc in built_edition.documents:
        head = tei[f"{doc.meta.slug}.xml"].getroot().find("t:teiHeader", NS)
        assert text_of(head.find("t:fileDesc/t:titleStmt/t:title", NS)) == doc.meta.title
        assert [e.text for e in head.findall("t:fileDesc/t:titleStmt/t:editor", NS)] == list(pub.editors)
        assert head.find("t:fileDesc/t:editionStmt/t:edition", NS).get("n") == version
        stmt = head.find("t:fileDesc/t:publicationStmt", NS)
        assert stmt.find("t:publisher", NS).text == pub.publisher
        assert stmt.find("t:availability/t:licence", NS).get("target") == "https://creativecommons.org/licenses/by/4.0/"
        assert "publishers" in text_of(stmt.find("t:availability/t:p", NS))
        bibl = head.find("t:fileDesc/t:sourceDesc/t:bibl", NS)
        assert [a.text for a in bibl.findall("t:author", NS)] == list(doc.meta.authors)
        assert (bibl.find("t:publisher", NS).text if doc.meta.outlet else None) == doc.meta.outlet
        assert bibl.find("t:date", NS).get("when") == doc.meta.date
        line = bibl.find("t:note[@type='source-line']", NS)
        assert (line.text if line is not None else None) == doc.meta.source_line
        interviewer = bibl.find("t:respStmt/t:persName", NS)
        assert (interviewer.text if interviewer is not None else None) == doc.meta.interviewer
        changes = head.findall("t:revisionDesc/t:change", NS)
        assert changes[0].get("n") == version


def test_printed_metadata_and_dropped_lines(tei, built_edition):
    for doc in built_edition.documents:
        text = tei[f"{doc.meta.slug}.xml"].getroot().find("t:text", NS)
        page = text.find("t:front/t:titlePage", NS)
        assert [k.text for k in page.findall("t:docTitle/t:titlePart[@type='kicker']", NS)] == list(doc.meta.kickers)
        assert page.find("t:docTitle/t:titlePart[@type='main']", NS).text == (doc.meta.headline or doc.meta.title)
        byline = page.find("t:byline", NS)
        assert (byline.text if byline is not None else None) == doc.meta.byline
        assert [p.text for p in text.findall("t:front/t:argument/t:p", NS)] == list(doc.meta.standfirst)
        credit = text.find("t:back/t:div[@type='credit']/t:p", NS)
        assert (credit.text if credit is not None else None) == doc.meta.credit
        dropped = text.findall("t:back/t:div[@type='dropped']/t:list/t:item", NS)
        assert [(i.get("n"), i.find("t:quote", NS).text, i.find("t:note", NS).text) for i in dropped] == [
            (str(d.line), d.text, d.reason) for d in doc.dropped]
        heads = [h.text for h in text.findall("t:body//t:div[@type='section']/t:head", NS)]
        assert heads == [h.text for h in doc.headings]
    bondarev = next(d for d in built_edition.documents if d.meta.slug == "bondarev")
    assert bondarev.dropped and bondarev.meta.kickers and bondarev.meta.standfirst and bondarev.meta.credit


def _resolve(tei, name: str, target: str) -> bool:
    file, _, fragment = target.partition("#")
    tree = tei[file or name]
    return bool(tree.xpath("//*[@xml:id=$id]", id=fragment))


def test_notes_as_stand_off_links_with_glosses(tei, built_edition):
    for doc in built_edition.documents:
        name = f"{doc.meta.slug}.xml"
        root = tei[name].getroot()
        own = {p.id for p in doc.paragraphs}
        notes = [n for n in built_edition.notes if own & {t.paragraph for t in n.targets}]
        groups = {g.get(XML_ID): g for g in root.findall("t:standOff/t:linkGrp", NS)}
        assert sorted(groups) == sorted(f"note.{n.id}" for n in notes)
        for note in notes:
            group = groups[f"note.{note.id}"]
            assert note.title in text_of(group.find("t:desc", NS))
            pointer = group.find("t:link", NS) if len(note.targets) > 1 else group.find("t:ptr", NS)
            targets = pointer.get("target").split()
            assert len(targets) == len(note.targets)
            assert all(_resolve(tei, name, t) for t in targets)
            glosses = root.findall(f"t:standOff/t:note[@corresp='#note.{note.id}']", NS)
            assert [g.text for g in glosses] == [t.gloss for t in note.targets if t.gloss]
            assert all(_resolve(tei, name, g.get("target")) for g in glosses)
    corpus = tei["edition.xml"].getroot()
    assert len(corpus.findall("t:standOff/t:linkGrp", NS)) == len(built_edition.notes)
    for node in corpus.xpath("//t:standOff//@target", namespaces=NS):
        assert all(t.startswith("#") and _resolve(tei, "edition.xml", t) for t in node.split())


NAME_TAG = {"person": "persName", "place": "placeName", "organisation": "orgName", "event": "name"}
LIST_TAG = {"person": "listPerson", "place": "listPlace", "organisation": "listOrg", "event": "listEvent"}


def test_every_register_mention_is_a_name_pointing_into_the_registers_lists(tei, built_edition):
    entries = built_edition.registers.by_id()
    texts = {p.id: p.text for d in built_edition.documents for p in d.paragraphs}
    assert built_edition.mentions
    for doc in built_edition.documents:
        name = f"{doc.meta.slug}.xml"
        mentions = [m for m in built_edition.mentions if m.paragraph.startswith(doc.meta.slug + ".p")]
        for corpus in (False, True):
            tree = tei["edition.xml" if corpus else name]
            refs = []
            for p_id in dict.fromkeys(m.paragraph for m in mentions):
                (p,) = tree.xpath("//t:p[@xml:id=$id]", namespaces=NS, id=p_id)
                assert text_of(p) == texts[p_id]  # the markup adds no character
                refs += [(p_id, child) for child in p if child.get("ref")]
            assert [(pid, c.text, c.get("ref")) for pid, c in refs] == [
                (m.paragraph, texts[m.paragraph][m.start:m.end], f"#reg.{m.entry}") for m in mentions]
            for (_, child), m in zip(refs, mentions):
                entry = entries[m.entry]
                assert etree.QName(child).localname == NAME_TAG[entry.kind]
                assert (child.get("type") == "event") == (entry.kind == "event")
                lists = tree.xpath(f"/*/t:standOff/t:{LIST_TAG[entry.kind]}/*[@xml:id=$id]", namespaces=NS,
                                   id=f"reg.{entry.id}")
                assert len(lists) == 1, (corpus, entry.id)
        # a document's file lists exactly the entries it mentions, and those of its speakers
        listed = tei[name].xpath("/t:TEI/t:standOff/*[starts-with(local-name(), 'list')]/*/@xml:id", namespaces=NS)
        speakers = {p.get("sameAs")[1:] for p in tei[name].xpath("//t:particDesc//t:person[@sameAs]", namespaces=NS)}
        assert sorted(listed) == sorted({f"reg.{m.entry}" for m in mentions} | speakers)


def test_a_speaker_the_registers_record_is_the_same_as_its_entry(tei):
    for name in ("putin-cmg.xml", "edition.xml"):
        (putin,) = tei[name].xpath("//t:person[@xml:id='putin-cmg.vladimir-putin']", namespaces=NS)
        assert putin.get("sameAs") == "#reg.vladimir-putin"
        assert _resolve(tei, name, putin.get("sameAs"))


def test_register_entries_carry_name_description_authority_and_date(tei, built_edition):
    corpus = tei["edition.xml"]
    mentioned = {m.entry for m in built_edition.mentions}
    for entry in built_edition.registers.entries:
        found = corpus.xpath("/t:teiCorpus/t:standOff/*/*[@xml:id=$id]", namespaces=NS, id=f"reg.{entry.id}")
        if entry.id not in mentioned:
            assert not found
            continue
        (node,) = found
        label = node.find("t:label", NS) if entry.kind == "event" else node.find(f"t:{NAME_TAG[entry.kind]}", NS)
        assert label.text == entry.name
        description = node.find("t:desc" if entry.kind == "event" else "t:note", NS)
        assert description.text == entry.description
        idnos = {(i.get("type"), i.text) for i in node.findall("t:idno", NS)}
        assert len(idnos) == len(entry.authority)
        for scheme, value in entry.authority:
            assert any(t == scheme and text.endswith("/" + str(value)) for t, text in idnos)
        if entry.kind == "event":
            start, _, end = entry.date.partition("/")
            assert (node.get("from"), node.get("to")) == (start, end) if end else node.get("when") == start
    kyiv = corpus.xpath("//t:place[@xml:id='reg.kyiv']", namespaces=NS)[0]
    assert {i.text for i in kyiv.findall("t:idno", NS)} == {"https://www.wikidata.org/wiki/Q1899",
                                                              "https://www.geonames.org/703448"}


def test_document_pages_and_about_link_the_tei(built_project):
    site = built_project / "site"
    for slug in SLUGS:
        assert f'href="../tei/{slug}.xml"' in (site / slug / "index.html").read_text(encoding="utf-8")
    assert 'href="../tei/edition.xml"' in (site / "about" / "index.html").read_text(encoding="utf-8")
