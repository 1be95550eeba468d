"""The reader's experience in a real browser: anchors, search, citing, notes, footnotes, the speaker filter.

Expected values come from the site's own edition.json (the paragraph a phrase is in, a document's authors),
never from copies of the text kept here.
"""
from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from edition import search as search_index
from edition.notes import load_notes

ROOT = Path(__file__).resolve().parents[2]
HEADER_HEIGHT = 48  # Material's sticky header, in CSS pixels at the default font size


def in_viewport(page, selector: str) -> bool:
    """Whether the element's top is on screen below the header (so the reader sees where it starts)."""
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"]
    return box is not None and HEADER_HEIGHT - 2 <= box["y"] < height - 40


def paragraphs_of(site_data, slug):
    return [p for p in site_data["paragraphs"] if p["doc"] == slug]


def document(site_data, slug):
    return next(d for d in site_data["documents"] if d["slug"] == slug)


# ----------------------------------------------------------------------------------------------- anchors

def test_a_paragraph_url_shows_that_paragraph(page, site_data):
    for doc in site_data["documents"]:
        paragraphs = paragraphs_of(site_data, doc["slug"])
        target = paragraphs[min(11, len(paragraphs) - 1)]  # ¶12, or the last of a shorter text
        anchor = target["url"].split("#")[1]
        page.goto("/" + target["url"])
        assert page.evaluate("document.querySelector(':target')?.id") == anchor
        assert in_viewport(page, f"#{anchor}"), f"{target['url']} is not on screen"
        background = "id => getComputedStyle(document.getElementById(id)).backgroundColor"
        assert page.evaluate(background, anchor) != page.evaluate(background, "p1"), "not highlighted"


def test_the_paragraph_number_is_a_permalink_that_says_so_on_hover(page):
    page.goto("/snider/")
    number = page.locator("#p4 .ed-num")
    assert number.get_attribute("href") == "#p4"
    before = "a => getComputedStyle(a, '::before').content"
    assert number.evaluate(before) == "none"
    number.hover()
    assert "¶" in number.evaluate(before)


# ----------------------------------------------------------------------------------------------- search

def fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower().replace("’", "").replace("'", "")))


def unique_phrases(site_data, count_per_document=2, length=5):
    """Runs of ``length`` words, from a few paragraphs of every document, that no other paragraph holds."""
    texts = {p["id"]: fold(p["text"]) for p in site_data["paragraphs"]}
    chosen = []
    for doc in site_data["documents"]:
        paragraphs = paragraphs_of(site_data, doc["slug"])
        for p in paragraphs[1::max(1, len(paragraphs) // count_per_document)][:count_per_document]:
            words = p["text"].split()
            for start in range(len(words) // 3, len(words) - length):
                phrase = " ".join(words[start:start + length])
                key = " " + fold(phrase)  # as the search reads it: the last word may be the start of a longer one
                if sum(key in " " + t for t in texts.values()) == 1:
                    chosen.append((phrase, p))
                    break
    return chosen


def search(page, query: str):
    page.click("#ed-search-input")
    page.fill("#ed-search-input", query)
    page.wait_for_selector("#ed-search-list a")


def test_search_lands_on_the_paragraph_a_phrase_is_in(page, site_data):
    phrases = unique_phrases(site_data)
    assert len(phrases) >= 8
    page.goto("/")
    for phrase, paragraph in phrases:
        search(page, phrase)
        first = page.locator("#ed-search-list a").first
        number = paragraph["number"]
        assert f"¶{number}" in first.inner_text()
        if paragraph["speaker"]:
            assert paragraph["speaker"] in first.inner_text()
        page.keyboard.press("Enter")  # the first result, as in Material's search
        page.wait_for_url(re.compile(re.escape(paragraph["url"]) + "$"))
        assert in_viewport(page, f"#p{number}"), phrase
        assert page.evaluate("document.getElementById('__search').checked") is False


def test_search_ignores_case_accents_and_apostrophe_style(page, site_data):
    with_apostrophe = next(p for p in site_data["paragraphs"] if re.search(r"\w’s\b", p["text"]))
    word = re.search(r"(\w+)’s\b", with_apostrophe["text"]).group(1)
    page.goto("/")
    search(page, f"{word.upper()}'S")  # typed with a straight apostrophe, in capitals
    hrefs = page.eval_on_selector_all("#ed-search-list a", "links => links.map(a => a.href)")
    assert any(h.endswith(with_apostrophe["url"]) for h in hrefs)


@pytest.mark.parametrize("typed, printed", [("Kyiv", "Kiev"), ("Kiev", "Kyiv"), ("Zelenskiy", "Zelensky")])
def test_search_for_one_spelling_finds_the_others_and_shows_the_form_used(page, site_data, typed, printed):
    texts = {p["id"]: p for p in site_data["paragraphs"]}
    only_other = [texts[m["paragraph"]] for m in site_data["mentions"]
                  if m["form"] == printed and typed.lower() not in texts[m["paragraph"]]["text"].lower()]
    assert only_other, f"no paragraph says {printed!r} without {typed!r}"
    page.goto("/")
    search(page, typed)
    results = page.locator("#ed-search-list a")
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    wanted = only_other[0]
    at = next(i for i, h in enumerate(hrefs) if h.endswith("/" + wanted["url"]))
    hit = results.nth(at)
    assert f"the text says “{printed}”" in hit.inner_text()
    assert printed in hit.locator("mark").all_inner_texts()
    # the paragraphs that use the typed spelling itself come first
    by_url = {p["url"]: p for p in site_data["paragraphs"]}
    found = [next((p for url, p in by_url.items() if h.endswith("/" + url)), None) for h in hrefs]
    direct = [i for i, p in enumerate(found) if p and typed.lower() in p["text"].lower()]
    assert direct and max(direct) < at


def test_search_by_keyboard_and_its_index_is_fetched_only_when_used(page, site):
    fetched = []
    page.on("request", lambda r: fetched.append(urlsplit(r.url).path))
    page.goto("/snider/")
    assert not any("/search/" in path for path in fetched), "a search index was loaded with the page"
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "ed-search-input"
    page.keyboard.type("Lavrov")
    page.wait_for_selector("#ed-search-list a")
    # the head of the index, the one shard "lav…" words are in, and only the chunks of rows that hold them
    head = json.loads((site / "search" / "index.json").read_text(encoding="utf-8"))
    shard = search_index.shard_of("lavrov", head["shards"])
    postings = json.loads((site / "search" / "terms" / f"{shard}.json").read_text(encoding="utf-8"))
    rows = {sum(gaps[:i + 1]) for word, gaps in postings.items() if word.startswith("lavrov")
            for i in range(len(gaps))}
    # and the rows of the register entries a phrasing of which starts with the word
    entries = [e for e, forms in enumerate(head["names"])
               if any(" ".join(search_index.words(form)).startswith("lavrov") for form in forms)]
    for e in entries:
        gaps = json.loads((site / "search" / "names" / f"{e}.json").read_text(encoding="utf-8"))
        rows |= {sum(gaps[:i + 1]) for i in range(len(gaps))}
    chunks = {f"/search/rows/{r // head['chunk']}.json" for r in rows}
    assert 0 < len(chunks) < -(-head["rows"] // head["chunk"]), "Lavrov is in every chunk: a poor test"
    searched = [p for p in fetched if "/search/" in p]
    assert searched[:2] == ["/search/index.json", f"/search/terms/{shard}.json"]
    assert sorted(searched[2:]) == sorted(chunks | {f"/search/names/{e}.json" for e in entries})
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('#ed-search-list') !== null")
    page.keyboard.press("Escape")
    assert page.evaluate("document.getElementById('__search').checked") is False


# ----------------------------------------------------------------------------------------------- citing

def open_cite_menu(page, number: str):
    button = page.locator(f"#p{number} .ed-cite-button")
    assert button.get_attribute("aria-label") == f"Cite paragraph {number}"
    button.click()
    return page.locator("#ed-cite-panel")


SITE_URL = "https://annotated-editions.github.io/ukraine-war-edition/"  # mkdocs.yml's site_url
VERSION = (Path(__file__).resolve().parents[2] / "VERSION").read_text(encoding="utf-8").strip()
MLA_MONTHS = "Jan. Feb. Mar. Apr. May June July Aug. Sept. Oct. Nov. Dec.".split()


def shown(panel, label: str) -> list[str]:
    """Choose a format in the Cite panel; the citation texts it shows."""
    choice = panel.get_by_role("button", name=label, exact=True)
    choice.click()
    expect(choice).to_have_attribute("aria-pressed", "true")
    return panel.locator(".ed-cite__text").all_inner_texts()


@pytest.mark.parametrize("slug", ["hahn", "putin-cmg"])
def test_cite_panel_shows_each_style_as_text(page, site_data, slug):
    """The panel shows the citation to read and select, with the paragraph's URL and number, today's date as the
    access date in the style's own form, and the edition's version; an interview in its published-interview form."""
    doc = document(site_data, slug)
    paragraph = paragraphs_of(site_data, slug)[11]
    number = paragraph["number"]
    page.goto("/" + doc["url"])
    panel = open_cite_menu(page, number)
    url = SITE_URL + paragraph["url"]
    today = datetime.date.today()
    long, mla_date = f"{today:%B} {today.day}, {today.year}", f"{today.day} {MLA_MONTHS[today.month - 1]} {today.year}"
    first = doc["authors"][0]
    family, given = first.split()[-1], " ".join(first.split()[:-1])
    interview = doc["kind"] == "interview"

    note, bibliography = shown(panel, "Chicago")
    assert note.startswith(f"{first}, “") and note.endswith(f", para. {number}, accessed {long}, {url}.")
    assert bibliography.startswith(f"{family}, {given}. “") and bibliography.endswith(f". Accessed {long}. {url}.")
    assert f"version {VERSION}" in note and f"version {VERSION}" in bibliography
    if interview:
        assert f"interview by {doc['interviewer']}," in note and f"Interview by {doc['interviewer']}." in bibliography

    in_text, works_cited = shown(panel, "MLA 9")
    assert in_text == f"({family}, par. {number})"
    assert works_cited.startswith(f"{family}, {given}. “")
    assert works_cited.endswith(f", version {VERSION}, {url}. Accessed {mla_date}.")
    assert ("Interview by" in works_cited) == interview

    in_text, reference = shown(panel, "APA 7")
    assert in_text == f"({family}, {(doc['date'] or 'n.d.')[:4]}, para. {number})"
    assert reference.startswith(f"{family}, {given[0]}. (") and reference.endswith(f"Retrieved {long}, from {url}")

    (bibtex,) = shown(panel, "BibTeX")
    fields = dict(re.findall(r"^\s+(\w+) = \{(.*)\},?$", bibtex, re.M))
    assert bibtex.startswith(f"@online{{{slug}-p{number},")
    assert fields["url"] == url and fields["author"] == f"{family}, {given}"
    assert fields["urldate"] == today.isoformat() and fields["version"] == VERSION
    (ris,) = shown(panel, "RIS")
    assert {f"UR  - {url}", f"Y2  - {today.isoformat()}", f"ET  - {VERSION}", f"AU  - {family}, {given}"} <= set(
        ris.splitlines())
    (csl,) = shown(panel, "CSL-JSON")
    (item,) = json.loads(csl)
    assert item["URL"] == url and item["accessed"] == {"raw": today.isoformat()} and item["version"] == VERSION
    assert item["type"] == ("interview" if interview else "webpage") and item["title"] == doc["title"]
    assert item["author"][0] == {"family": family, "given": given}
    assert shown(panel, "Link") == [url]
    assert shown(panel, "Id") == [paragraph["id"]]


def test_cite_copies_the_text_it_shows(context, page, server, site_data):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page.goto("/snider/")
    panel = open_cite_menu(page, "9")
    texts = shown(panel, "MLA 9")
    panel.get_by_role("button", name="Copy").nth(1).click()
    expect(panel.locator(".ed-cite__status")).to_have_text("MLA 9 works cited copied.")
    assert page.evaluate("navigator.clipboard.readText()") == texts[1]


def test_cite_copies_without_the_clipboard_api(context, page, server, site_data):
    """Where navigator.clipboard refuses (an older browser, an embedded view), the fallback still copies."""
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page.add_init_script("navigator.clipboard.writeText = () => Promise.reject(new Error('refused'))")
    paragraph = paragraphs_of(site_data, "snider")[2]
    page.goto("/snider/")
    panel = open_cite_menu(page, paragraph["number"])
    shown(panel, "Link")
    panel.get_by_role("button", name="Copy").click()
    expect(panel.locator(".ed-cite__status")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == SITE_URL + paragraph["url"]
    expect(panel).to_be_visible()  # copying did not close the menu
    assert page.evaluate("document.activeElement.textContent") == "Copy"


def test_cite_menu_by_keyboard(page):
    page.goto("/hahn/")
    page.focus("#p3 .ed-num")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Cite paragraph 3"
    page.keyboard.press("Enter")
    assert page.get_attribute("#p3 .ed-cite-button", "aria-expanded") == "true"
    assert page.evaluate("document.activeElement.closest('#ed-cite-panel') !== null")
    page.keyboard.press("Escape")
    assert page.is_hidden("#ed-cite-panel")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Cite paragraph 3"
    assert page.get_attribute("#p3 .ed-cite-button", "aria-expanded") == "false"


def test_suggest_a_note_prefills_a_note_for_the_paragraph(page, site_data, tmp_path):
    repo = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["repo_url"]
    paragraph = paragraphs_of(site_data, "putin-cmg")[20]
    page.goto("/putin-cmg/")
    open_cite_menu(page, paragraph["number"])
    href = page.get_attribute("#ed-cite-panel .ed-cite__suggest", "href")
    parts = urlsplit(href)
    assert href.startswith(repo.rstrip("/") + "/new/main?")
    query = parse_qs(parts.query)
    assert query["filename"] == [f"notes/putin-cmg-p{paragraph['number']}.md"]
    note = query["value"][0]
    front = yaml.safe_load(note.split("---\n")[1])
    assert front["targets"] == [{"id": paragraph["id"], "gloss": front["targets"][0]["gloss"]}]
    assert front["title"] and front["authors"] and front["kind"] == "cross-reference"
    assert " ".join(paragraph["text"].split()[:6]) in note  # the paragraph's opening, to orient the writer
    # The file GitHub will create is a note the edition accepts, before the writer has changed a word.
    notes = tmp_path / "notes"
    notes.mkdir()
    (tmp_path / query["filename"][0]).write_text(note, encoding="utf-8")
    loaded = load_notes(notes, root=tmp_path, known_ids={p["id"] for p in site_data["paragraphs"]})
    assert [t.paragraph for t in loaded.notes[0].targets] == [paragraph["id"]]


# ----------------------------------------------------------------------------------------------- footnotes

def test_footnote_popover_by_keyboard_and_its_links_go_there_and_back(page):
    page.goto("/hahn/")
    ref = page.locator(".ed-p .footnote-ref").first
    paragraph_id = ref.evaluate("a => a.closest('.ed-p').id")
    page.focus(f"#{paragraph_id} .ed-cite-button")
    for _ in range(80):  # Tab from the Cite button, past the register links in the text, to the first footnote mark
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('footnote-ref')"):
            break
    popover = page.locator(".md-tooltip2--active")
    popover.wait_for()
    footnote = page.locator(f"[id='{ref.get_attribute('href')[1:]}']")
    assert " ".join(popover.inner_text().split())[:60] == " ".join(footnote.inner_text().split())[:60]

    page.keyboard.press("Enter")  # to the footnote itself, where its links are in the Tab order
    assert footnote.evaluate("li => li.matches(':target')")
    other = footnote.locator("a[href*='#p']").first  # "Compare <another paragraph>"
    destination = other.evaluate("a => a.href")
    other.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(destination)
    there = destination.split("#")[1]
    assert in_viewport(page, f"#{there}")
    # ... and back: a footnote of the paragraph reached links to the paragraph we came from.
    back = page.evaluate("""id => Array.from(document.querySelectorAll(`#${id} .footnote-ref`))
        .flatMap(ref => Array.from(document.getElementById(ref.hash.slice(1)).querySelectorAll('a')))
        .map(a => a.href)""", there)
    assert any(href.endswith(f"/hahn/#{paragraph_id}") for href in back), back


def test_footnote_popover_on_touch(browser, server, watch):
    device = {"viewport": {"width": 412, "height": 860}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2}
    context = browser.new_context(base_url=server, **device)
    try:
        page = watch.attach(context.new_page())
        page.goto("/hahn/")
        ref = page.locator(".ed-p .footnote-ref").first
        ref.scroll_into_view_if_needed()
        ref.tap()
        popover = page.locator(".md-tooltip2--active")
        popover.wait_for()
        assert page.evaluate("location.hash") == ""  # the reader stays in the text
        box = popover.bounding_box()
        assert 0 <= box["y"] and box["y"] + 20 < 860
        link = popover.locator("a[href*='#p']").first
        target = link.get_attribute("href")
        link.tap()
        page.wait_for_url(re.compile(re.escape(target.split("#")[1]) + "$"))
    finally:
        context.close()


# ----------------------------------------------------------------------------------------------- speakers

def test_speaker_filter(page, site_data):
    doc = next(d for d in site_data["documents"] if d["kind"] == "interview")
    paragraphs = paragraphs_of(site_data, doc["slug"])
    page.goto("/" + doc["url"])
    filter_ = page.get_by_role("group", name="Show the paragraphs of")
    radios = filter_.get_by_role("radio")
    assert radios.count() == 1 + len({p["speaker"] for p in paragraphs})
    interviewee = next(s for s in doc["speakers"] if s != doc["interviewer"])
    filter_.get_by_role("radio", name=re.compile("^" + re.escape(interviewee))).check()
    shown = page.eval_on_selector_all(".ed-p:not([hidden])", "ps => ps.map(p => p.dataset.speakerName)")
    assert shown == [p["speaker"] for p in paragraphs if p["speaker"] == interviewee]
    expect(page.locator(".ed-filter__count")).to_contain_text(f"Showing {len(shown)} of {len(paragraphs)}")
    # Keyboard: arrows move between radios, as in any radio group; "everyone" resets.
    filter_.get_by_role("radio", name="everyone").focus()
    page.keyboard.press("Space")
    assert page.locator(".ed-p[hidden]").count() == 0


def test_speaker_tags_differ_by_more_than_colour(page, site_data):
    doc = next(d for d in site_data["documents"] if d["kind"] == "interview")
    page.goto("/" + doc["url"])
    style = """role => { const s = getComputedStyle(document.querySelector(
        `.ed-speaker[data-role=${role}]:not(.ed-speaker--cont)`));
        return [s.fontStyle, s.fontWeight, s.borderTopStyle, s.borderLeftStyle]; }"""
    interviewer = page.evaluate(style, "interviewer")
    interviewee = page.evaluate(style, "interviewee")
    assert interviewer[0] != interviewee[0] and interviewer[2] != interviewee[2]


def test_a_link_to_a_paragraph_the_filter_hides_shows_it(page, site_data):
    doc = next(d for d in site_data["documents"] if d["kind"] == "interview")
    paragraphs = paragraphs_of(site_data, doc["slug"])
    page.goto("/" + doc["url"])
    page.get_by_role("radio", name=re.compile("^" + re.escape(doc["interviewer"]))).check()
    hidden = next(p for p in paragraphs if p["speaker"] != doc["interviewer"])
    page.evaluate(f"location.hash = '#p{hidden['number']}'")
    page.wait_for_function(f"!document.getElementById('p{hidden['number']}').hidden")
    assert in_viewport(page, f"#p{hidden['number']}")


def test_search_survives_text_that_decomposes_into_several_words(page, site):
    """U+FDFA is one letter that compatibility decomposition turns into four words; thirty of them before a word
    in a note must not stop that word, or anything else, from being found."""
    folder = site / "search"
    head = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    text = "\ufdfa" * 30 + " Zyzzogeton and the rest"
    assert "zyzzogeton" in search_index.words(text)
    row, chunk = head["rows"], head["rows"] // head["chunk"]
    rows_file = folder / "rows" / f"{chunk}.json"
    rows = json.loads(rows_file.read_text(encoding="utf-8")) if rows_file.exists() else []
    shard = search_index.shard_of("zyzzogeton", head["shards"])
    terms_file = folder / "terms" / f"{shard}.json"
    terms = json.loads(terms_file.read_text(encoding="utf-8")) if terms_file.exists() else {}
    # one more note row, at the end of the last chunk, and the word's postings in its shard
    bodies = {"index.json": {**head, "rows": row + 1}, f"rows/{chunk}.json": [*rows, ["claims/", "A note", text]],
              f"terms/{shard}.json": {**terms, "zyzzogeton": [row]}}
    def answer(body):
        return lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(body))
    for path, body in bodies.items():
        page.route(f"**/search/{path}", answer(body))
    page.goto("/")
    search(page, "zyzzogeton")
    expect(page.locator("#ed-search-list a")).to_have_count(1)
    expect(page.locator("#ed-search-list mark")).to_have_text("Zyzzogeton")
    search(page, "Lavrov")
    assert page.locator("#ed-search-list a").count() > 1


# (rows in which the phrase stands, chunks read before the button, after one press, results then listed)
FURTHER = {"no phrase hit": (0, 16, 30, 100), "a phrase hit in every 8th row": (8, 7, 13, 100)}


@pytest.mark.parametrize("case", sorted(FURTHER))
def test_a_search_that_would_read_many_chunks_stops_and_offers_to_search_further(page, site, case):
    """A search stops when 50 results rank in the phrase tier, or after a budget of 16 chunks; a button
    (reachable by keyboard) then says how much is left, and each press reads on until 50 more rank first,
    or the budget is spent again, and lists 50 more. Once every chunk is read, it goes."""
    every, first, second, listed = FURTHER[case]
    head = json.loads((site / "search" / "index.json").read_text(encoding="utf-8"))
    size, chunks = head["chunk"], 30
    total = size * chunks

    def text(n):  # both words in every row; side by side (the phrase) in every ``every``th
        return f"A quokka wombat saw {n}." if every and n % every == 0 else f"A quokka saw {n} and a wombat."
    rows = [[0, n + 1, -1, text(n)] for n in range(total)]
    postings = {word: search_index.deltas(range(total)) for word in ("quokka", "wombat")}
    shards: dict[int, dict] = {}
    for word, gaps in postings.items():
        shards.setdefault(search_index.shard_of(word, head["shards"]), {})[word] = gaps
    bodies = {"index.json": {**head, "rows": total, "frequent": [], "notes": total},
              **{f"rows/{k}.json": rows[k * size:(k + 1) * size] for k in range(chunks)},
              **{f"terms/{n}.json": terms for n, terms in shards.items()}}
    asked: list[str] = []

    def answer(route):
        path = route.request.url.split("/search/", 1)[1]
        asked.append(path)
        body = bodies.get(path, {} if path.startswith("terms/") else [])
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))
    page.route("**/search/**", answer)

    def read():  # the chunks fetched, which must be the first ones; up to 3 may be fetched ahead of use
        fetched = sorted(int(p[5:-5]) for p in asked if p.startswith("rows/"))
        assert fetched == list(range(len(fetched)))
        return len(fetched)
    page.goto("/")
    search(page, "quokka wombat")
    further = page.locator(".ed-search__further")
    expect(further).to_have_text(f"Search {total - first * size:,} more paragraphs and notes")
    assert first <= read() <= min(first + 3, 16)
    expect(page.locator("#ed-search-list a")).to_have_count(50)
    further.focus()
    page.keyboard.press("Enter")
    expect(further).to_have_text(f"Search {total - second * size:,} more paragraphs and notes")
    assert second <= read() <= min(second + 3, 32)
    expect(page.locator("#ed-search-list a")).to_have_count(listed)
    while further.is_visible():
        further.click()
        page.wait_for_timeout(50)
    expect(page.locator("#ed-search-meta")).to_have_text(re.compile(rf"^{total:,} results; the first \d+ are shown$"))
    assert read() == chunks
    assert len(asked) == len(set(asked)), "a file of the index was fetched twice"
