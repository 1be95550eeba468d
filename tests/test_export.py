"""The exports (edition.json, annotations.jsonld) and the notes as rendered: reciprocal footnotes, claim pages."""
import json
import re

import pytest


def test_edition_json_contract(built_project, edition):
    slugs = [d["slug"] for d in edition["documents"]]
    assert slugs and len(slugs) == len(set(slugs))
    for d in edition["documents"]:
        assert set(d) >= {"slug", "title", "authors", "outlet", "date", "kind", "url", "seed"}
        assert d["url"] == f"{d['slug']}/"
        assert (built_project / "seeds" / d["seed"]).is_file()
    ids = [p["id"] for p in edition["paragraphs"]]
    assert ids and len(ids) == len(set(ids))
    speakers = {d["slug"]: set(d["speakers"]) for d in edition["documents"]}
    retired = {r["id"]: r["successor"] for r in edition["retired"]}
    assert not set(retired) & set(ids) and set(retired.values()) <= set(ids)  # retired ids lead to live ones
    for p in edition["paragraphs"]:
        assert set(p) >= {"id", "doc", "number", "url", "speaker", "text"}
        assert p["id"] == f"{p['doc']}.p{p['number']}" and p["url"] == f"{p['doc']}/#p{p['number']}"
        assert p["speaker"] in speakers[p["doc"]], p["id"]  # every paragraph is spoken by a declared speaker
    # Every document has paragraphs in the export (the golden files pin the exact format).
    assert {p["doc"] for p in edition["paragraphs"]} == set(slugs)
    assert isinstance(edition["retired"], list) and isinstance(edition["notes"], list)


def test_notes_in_export(built_project, edition):
    ids = {p["id"] for p in edition["paragraphs"]}
    retired = {r["id"] for r in edition["retired"]}
    assert sorted(n["id"] for n in edition["notes"]) == sorted(p.stem for p in (built_project / "notes").glob("*.md")
                                                               if p.stem.lower() != "readme")
    for note in edition["notes"]:
        assert set(note) >= {"id", "title", "kind", "targets", "authors", "url", "source"}
        assert note["url"] == f"claims/{note['id']}/" and note["source"] == f"notes/{note['id']}.md"
        assert note["targets"] and all(t["paragraph"] in ids and t["paragraph"] not in retired
                                       for t in note["targets"])


def test_annotations_are_web_annotations(built_project, edition):
    data = json.loads((built_project / "site" / "annotations.jsonld").read_text(encoding="utf-8"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld" and data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    linking = [i for i in items if i["motivation"] == "linking"]
    identifying = [i for i in items if i["motivation"] == "identifying"]
    assert data["total"] == len(items) == len(linking) + len(identifying)
    assert len(linking) == len(edition["notes"]) and len(identifying) == len(edition["mentions"])
    site_url = "https://annotated-editions.github.io/ukraine-war-edition/"  # mkdocs.yml's site_url
    texts = {site_url + p["url"]: p["text"] for p in edition["paragraphs"]}
    assert data["id"] == site_url + "annotations.jsonld"
    for item in linking:
        assert item["type"] == "Annotation" and item["target"] and item["id"].startswith(site_url + "claims/")
        for target in item["target"]:
            fragment, quote = target["selector"]
            assert target["source"].startswith(site_url) and target["source"].endswith("/")
            assert fragment["type"] == "FragmentSelector" and re.fullmatch(r"p\d+[a-z]*", fragment["value"])
            assert fragment["conformsTo"] == "http://tools.ietf.org/rfc/rfc3986"
            paragraph = target["source"] + "#" + fragment["value"]
            assert quote["type"] == "TextQuoteSelector"
            assert " ".join(texts[paragraph].split()).startswith(quote["exact"])
    entries = {site_url + e["url"]: e for e in edition["registers"]}
    iri = {"wikidata": "http://www.wikidata.org/entity/{}", "geonames": "https://sws.geonames.org/{}/",
           "viaf": "http://viaf.org/viaf/{}"}
    with_authority = 0
    for item in identifying:  # a mention: the entry it identifies, and exactly where the text names it
        assert item["id"].startswith(site_url + "annotations.jsonld#mention-")
        page, *authorities = item["body"]
        assert all(b["type"] == "SpecificResource" and b["purpose"] == "identifying" for b in item["body"])
        entry = entries[page["source"]]  # first the entry's page in the edition, then the same thing elsewhere
        assert [b["source"] for b in authorities] == [iri[k].format(v) for k, v in sorted(entry["authority"].items())]
        with_authority += bool(authorities)
        text = texts[item["target"]["source"]]
        quote, position = item["target"]["selector"]
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert text[:position["start"]].endswith(quote["prefix"]) and text[position["end"]:].startswith(quote["suffix"])
    assert with_authority > len(identifying) / 2  # most mentions are of entries with an authority id


def footnotes_of(html: str) -> dict[str, str]:
    """footnote id → its HTML, from Python-Markdown's footnote list."""
    return dict(re.findall(r'<li id="(fn:[^"]+)">(.*?)</li>', html, flags=re.S))


def paragraph_html(html: str, number: str) -> str:
    match = re.search(rf'<p [^>]*id="p{number}"[^>]*>(.*?)</p>', html, flags=re.S)
    assert match, number
    return match.group(1)


def test_every_note_is_a_reciprocal_footnote_on_all_its_targets(built_project, edition):
    pages = {}
    for note in edition["notes"]:
        for target in note["targets"]:
            slug, number = target["paragraph"].split(".p")
            if slug not in pages:
                pages[slug] = (built_project / "site" / slug / "index.html").read_text(encoding="utf-8")
            html = pages[slug]
            refs = re.findall(r'href="#(fn:[^"]+)"', paragraph_html(html, number))
            mine = [r for r in refs if r == f"fn:{note['id']}-{number}"]
            assert mine, (note["id"], target["paragraph"])
            footnote = footnotes_of(html)[mine[0]]
            assert f'href="../claims/{note["id"]}/"' in footnote
            for other in note["targets"]:
                if other["paragraph"] == target["paragraph"]:
                    continue
                oslug, onumber = other["paragraph"].split(".p")
                href = f"./#p{onumber}" if oslug == slug else f"../{oslug}/#p{onumber}"
                assert f'href="{href}"' in footnote, (note["id"], target["paragraph"], other["paragraph"])


def test_claim_pages_and_index(built_project, edition):
    index = (built_project / "site" / "claims" / "index.html").read_text(encoding="utf-8")
    for note in edition["notes"]:
        assert f'href="{note["id"]}/"' in index
        page = (built_project / "site" / "claims" / note["id"] / "index.html").read_text(encoding="utf-8")
        assert page.count('class="ed-passage"') == len(note["targets"])
        for author in note["authors"]:
            assert author in page
    topics = {n["topic"] for n in edition["notes"] if n["topic"]}
    for topic in topics:
        assert f">{topic.replace('&', '&amp;').replace(chr(39), '&#39;')}</h2>" in index or topic in index


@pytest.mark.parametrize("page", ["index.html", "speakers/index.html", "revisions/index.html", "about/index.html"])
def test_site_pages_exist(built_project, page):
    assert (built_project / "site" / page).exists()


def test_speakers_page_links_every_paragraph_of_each_speaker(built_project, edition):
    html = (built_project / "site" / "speakers" / "index.html").read_text(encoding="utf-8")
    for p in edition["paragraphs"]:
        assert f'href="../{p["doc"]}/#p{p["number"]}"' in html, p["id"]
