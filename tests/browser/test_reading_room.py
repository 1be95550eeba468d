"""The reading room as a reader meets it, on a desk (1280×900) and on a phone (390×844, touch): the related
claims under each annotated paragraph, the way back, claim pages that compare, the claims index, the notices
and the "About this text" section, the speaker filter's stubs, the footnotes' names and heading.

Expected values come from the site's edition.json and the notes themselves, never from copies kept here.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from edition.notes import load_notes
from tests.browser.test_accessibility import axe_source, serious_violations  # noqa: F401 - axe_source is a fixture

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture(scope="module")
def notes(site_data):
    known = {p["id"] for p in site_data["paragraphs"]}
    return {n.id: n for n in load_notes(ROOT / "notes", root=ROOT, known_ids=known).notes}


@pytest.fixture
def phone(browser, server, watch):
    context = browser.new_context(base_url=server, **PHONE)
    yield watch.attach(context.new_page())
    context.close()


def words(text: str) -> str:
    return " ".join(text.split())


def note_titles_of(page, paragraph: str) -> list[str]:
    """The titles of the notes on a paragraph, as its footnotes give them."""
    return page.evaluate("""id => Array.from(document.querySelectorAll(`#${id} a.footnote-ref`))
        .map(a => document.getElementById(a.hash.slice(1)).querySelector('strong').textContent.trim())""", paragraph)


def first_annotated(page) -> str:
    return page.evaluate("document.querySelector('details.ed-related').dataset.for")


# ----------------------------------------------------------------------------------------------- the panel

@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_related_claims_control_is_labelled_visible_and_thumb_sized(page, phone, size):
    page = page if size == "desktop" else phone
    page.goto("/putin-cmg/")
    controls = page.locator("details.ed-related > summary")
    assert controls.count() == page.locator("details.ed-related").count() > 5
    for i in (0, controls.count() - 1):
        control = controls.nth(i)
        control.scroll_into_view_if_needed()
        expect(control).to_be_visible()  # without hover
        box = control.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
        paragraph = control.evaluate("s => s.parentElement.dataset.for")
        count = len(note_titles_of(page, paragraph))
        label = f"{count} related claim" + ("s" if count != 1 else "")
        assert control.evaluate("s => s.firstChild.textContent") == label  # then "on paragraph N", for screen readers
        assert control.evaluate("s => s.textContent") .endswith(f"on paragraph {paragraph[1:]}")


def test_the_panel_lists_each_note_with_its_glosses_and_links(page, site_data, notes):
    page.goto("/snider/")
    paragraph = first_annotated(page)
    panel = page.locator(f"details.ed-related[data-for={paragraph}]")
    page.click(f"details.ed-related[data-for={paragraph}] > summary")
    expect(panel.locator(".ed-related__panel")).to_be_visible()
    titles = [words(t) for t in panel.locator(".ed-related__title").all_inner_texts()]
    assert titles == note_titles_of(page, paragraph)
    paragraph_id = f"snider.{paragraph}"
    by_number = {p["id"]: p for p in site_data["paragraphs"]}
    for section, title in zip(panel.locator(".ed-related__note").all(), titles):
        note = next(n for n in notes.values() if words(n.title) == title)
        own = next(t for t in note.targets if t.paragraph == paragraph_id)
        if own.gloss:
            assert own.gloss in words(section.locator(".ed-related__own").inner_text())
        others = [t for t in note.targets if t.paragraph != paragraph_id]
        items = section.locator(".ed-related__others li")
        assert items.count() == len(others)
        for item, target in zip(items.all(), others):
            link = item.locator("a")
            other = by_number[target.paragraph]
            assert link.evaluate("a => a.href").endswith(("/" + other["url"]) if other["doc"] != "snider"
                                                         else "/snider/#" + other["url"].split("#")[1])
            assert re.fullmatch(r"\S.* ¶" + re.escape(other["number"]), link.inner_text())
            assert other["doc"] not in link.inner_text().split()  # a reader's name, not the slug
            if target.gloss:
                assert target.gloss in words(item.inner_text())
            if other["speaker"]:
                assert other["speaker"] in item.inner_text()


def test_the_panel_by_keyboard_enter_space_and_escape(page):
    page.goto("/hahn/")
    paragraph = first_annotated(page)
    control = page.locator(f"details.ed-related[data-for={paragraph}] > summary")
    panel = page.locator(f"details.ed-related[data-for={paragraph}] .ed-related__panel")
    control.focus()
    page.keyboard.press("Enter")
    expect(panel).to_be_visible()
    page.keyboard.press("Tab")  # into the panel: its first link, the note's title
    assert page.evaluate("document.activeElement.closest('.ed-related__panel') !== null")
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert page.evaluate("document.activeElement.matches('details.ed-related > summary')")
    page.keyboard.press(" ")
    expect(panel).to_be_visible()


def test_by_touch_the_panel_opens_its_link_leads_on_and_the_way_back_returns(phone):
    phone.goto("/bondarev/")
    paragraph = phone.evaluate("""() => Array.from(document.querySelectorAll('details.ed-related'))
        .find(d => d.querySelector('.ed-related__others a[href^="../"]')).dataset.for""")
    control = phone.locator(f"details.ed-related[data-for={paragraph}] > summary")
    control.scroll_into_view_if_needed()
    control.tap()
    link = phone.locator(f"details.ed-related[data-for={paragraph}] .ed-related__others a[href^='../']").first
    expect(link).to_be_visible()
    destination = link.evaluate("a => a.href")
    link.tap()
    phone.wait_for_url(destination)
    back = phone.locator(".ed-back a")
    expect(back).to_be_visible()
    assert back.get_attribute("href").endswith(f"/bondarev/#{paragraph}")
    label = phone.locator(".ed-back").inner_text()
    assert re.search(r"Bondarev interview ¶" + paragraph[1:] + "$", label), label
    back.tap()
    phone.wait_for_url(re.compile(f"/bondarev/#{paragraph}$"))
    expect(phone.locator(".ed-back")).to_have_count(0)  # used once, then forgotten


def test_the_way_back_within_a_page_and_from_a_claim_page(page):
    page.goto("/bondarev/")
    paragraph = page.evaluate("""() => Array.from(document.querySelectorAll('details.ed-related'))
        .find(d => d.querySelector('.ed-related__others a[href^="#"]')).dataset.for""")
    page.click(f"details.ed-related[data-for={paragraph}] > summary")
    same = page.locator(f"details.ed-related[data-for={paragraph}] .ed-related__others a[href^='#']").first
    there = same.get_attribute("href")
    same.click()
    notice = page.locator(f"{there} >> xpath=preceding-sibling::*[1][contains(@class, 'ed-back')]")
    expect(notice).to_be_visible()
    notice.locator("a").click()
    assert page.evaluate("location.hash") == f"#{paragraph}"
    # Back where the reader was, the panel is still open. From a note's title to its page, and from the page
    # into a text: the way back at each step.
    assert page.locator(f"details.ed-related[data-for={paragraph}]").evaluate("d => d.open")
    title = page.locator(f"details.ed-related[data-for={paragraph}] .ed-related__title a").first
    title.click()
    page.wait_for_url(re.compile(r"/claims/[\w-]+/$"))
    expect(page.locator(".ed-back a")).to_have_attribute("href", re.compile(f"/bondarev/#{paragraph}$"))
    claim = page.url
    page.locator(".ed-passage__where a").last.click()
    expect(page.locator(".ed-back a")).to_have_attribute("href", claim)


# ----------------------------------------------------------------------------------------------- claim pages

def card_boxes(page) -> list[dict]:
    return page.eval_on_selector_all(".ed-passage", "cs => cs.map(c => { const r = c.getBoundingClientRect();"
                                     " return {x: r.x, y: r.y, w: r.width, h: r.height}; })")


def test_claim_pages_set_passages_in_equal_columns_of_comparable_height(page, notes, site_data):
    # For two, three and four passages, the claim page whose paragraphs differ most in length.
    length = {p["id"]: len(p["text"]) for p in site_data["paragraphs"]}
    spread = {n.id: max(length[t.paragraph] for t in n.targets) / min(length[t.paragraph] for t in n.targets)
              for n in notes.values()}
    chosen = {}
    for note in notes.values():
        if len(note.targets) > 1 and spread[note.id] > spread.get(chosen.get(len(note.targets), ""), 0):
            chosen[len(note.targets)] = note.id
    assert {2, 3, 4} <= set(chosen)
    for note in (notes[i] for i in chosen.values()):
        page.goto(f"/claims/{note.id}/")
        boxes = card_boxes(page)
        assert len(boxes) == len(note.targets)
        heights = [b["h"] for b in boxes]
        assert max(heights) <= 2 * min(heights), (note.id, heights)
        if len(boxes) in (2, 3):  # one row of equal columns
            assert len({round(b["y"]) for b in boxes}) == 1, (note.id, boxes)
            assert max(b["w"] for b in boxes) - min(b["w"] for b in boxes) < 1
        if len(boxes) == 4:  # two rows of two
            assert len({round(b["x"]) for b in boxes}) == 2
        if len(boxes) > 4:  # rows of three
            assert len({round(b["x"]) for b in boxes}) == 3


def test_on_a_phone_the_passages_stack(phone):
    phone.goto("/claims/crimea/")
    boxes = card_boxes(phone)
    assert len({round(b["x"]) for b in boxes}) == 1
    assert all(a["y"] + a["h"] <= b["y"] for a, b in zip(boxes, boxes[1:]))
    assert all(b["x"] + b["w"] <= 390 for b in boxes)


def test_a_claim_page_shows_who_where_when_the_quote_marked_and_the_whole_paragraph(page, site_data, notes):
    note = notes["crimea"]
    by_id = {p["id"]: p for p in site_data["paragraphs"]}
    docs = {d["slug"]: d for d in site_data["documents"]}
    page.goto("/claims/crimea/")
    cards = page.locator(".ed-passage")
    for card, target in zip(cards.all(), note.targets):
        paragraph = by_id[target.paragraph]
        doc = docs[paragraph["doc"]]
        facts = card.locator(".ed-passage__facts").inner_text()
        assert paragraph["speaker"] in facts and words(doc["title"]) in words(facts)
        assert (doc["date"] or "date not stated") in facts
        assert card.locator(".ed-passage__where a").evaluate("a => a.href").endswith("/" + paragraph["url"])
        if target.gloss:
            assert target.gloss in words(card.locator(".ed-gloss").inner_text())
        if target.quote:
            assert [words(m) for m in card.locator(".ed-passage__text mark").all_inner_texts()] == [target.quote]
        whole = card.locator("details.ed-passage__whole")
        if whole.count():
            whole.locator("summary").click()
            assert words(whole.locator("blockquote").inner_text()) == words(paragraph["text"])
            expect(card.locator(".ed-passage__text")).to_be_hidden()
        else:
            assert words(card.locator(".ed-passage__text").inner_text()) == words(paragraph["text"])


SHOTS = Path("/tmp/shots")


def test_a_printed_claim_page_shows_every_paragraph_whole(page, site_data, notes, builder):
    """Paper cannot unfold "Show the whole paragraph": printed, each folded passage shows its whole paragraph
    in place of the excerpt, and neither the control nor the excerpt's elisions."""
    by_id = {p["id"]: p for p in site_data["paragraphs"]}
    page.goto("/claims/crimea/")
    folded = page.locator(".ed-passage:has(details.ed-passage__whole)")
    assert folded.count() > 0
    page.emulate_media(media="print")
    for card, target in zip(page.locator(".ed-passage").all(), notes["crimea"].targets):
        whole = card.locator("details.ed-passage__whole blockquote")
        if not whole.count():
            continue
        expect(whole).to_be_visible()
        assert words(whole.inner_text()) == words(by_id[target.paragraph]["text"])
        if target.quote:
            assert [words(m) for m in whole.locator("mark").all_inner_texts()] == [target.quote]
        expect(card.locator("details.ed-passage__whole > summary")).to_be_hidden()
        expect(card.locator(".ed-passage__text")).to_be_hidden()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / ("print-claim.png" if builder == "mkdocs" else f"print-claim-{builder}.png")),
                    full_page=True)  # to look at: what paper gets
    page.emulate_media(media="screen")  # back on screen, the paragraph folds again
    expect(folded.first.locator(".ed-passage__text")).to_be_visible()
    expect(folded.first.locator("details.ed-passage__whole blockquote")).to_be_hidden()


# ----------------------------------------------------------------------------------------------- claims index

def test_the_claims_index_links_every_passage_by_its_readers_name(page, site_data, notes):
    by_id = {p["id"]: p for p in site_data["paragraphs"]}
    page.goto("/claims/")
    links = page.locator("article li a[href*='#p']")
    assert links.count() == sum(len(n.targets) for n in notes.values())
    hrefs = links.evaluate_all("as => as.map(a => [a.href, a.textContent])")
    expected = {(f"/{by_id[t.paragraph]['url']}", by_id[t.paragraph]["number"]) for n in notes.values()
                for t in n.targets}
    assert {(href[href.index("/", 8):], text.rsplit("¶", 1)[1]) for href, text in hrefs} == expected
    assert not any(re.match(r"[a-z-]+ ¶", text) for _, text in hrefs)  # no slugs shown as names
    destination = links.first.evaluate("a => a.href")
    links.first.click()
    page.wait_for_url(destination)
    page.wait_for_load_state()
    assert page.evaluate("document.querySelector(':target')?.id") == destination.split("#")[1]


# ----------------------------------------------------------------------------------------------- search

def open_search(page, size: str) -> None:
    if size == "phone":  # the header's magnifier opens the box over the page
        page.locator("label.md-header__button[for='__search']").tap()
    else:
        page.click("#ed-search-input")
    expect(page.locator("#ed-search-input")).to_be_visible()


def later_paragraph_phrase(site_data, slug: str):
    """A paragraph far down ``slug`` and five of its words that no other paragraph holds."""
    texts = [" ".join(p["text"].split()) for p in site_data["paragraphs"]]
    for p in reversed([p for p in site_data["paragraphs"] if p["doc"] == slug][:-1]):
        words_ = p["text"].split()
        for start in range(0, len(words_) - 5):
            phrase = " ".join(words_[start:start + 5])
            if sum(phrase in t for t in texts) == 1 and phrase.isascii():
                return p, phrase
    raise AssertionError("no unique phrase")


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("how", ["tap", "enter"])
def test_a_search_result_on_the_page_you_are_on_scrolls_to_its_paragraph(page, phone, site_data, size, how):
    page = page if size == "desktop" else phone
    paragraph, phrase = later_paragraph_phrase(site_data, "snider")
    number = paragraph["number"]
    page.goto("/snider/")
    open_search(page, size)
    page.fill("#ed-search-input", phrase)
    first = page.locator("#ed-search-list a").first
    expect(first).to_contain_text(f"¶{number}")
    if how == "enter":
        page.locator("#ed-search-input").press("Enter")
    elif size == "phone":
        first.tap()
    else:
        first.click()
    page.wait_for_function(f"location.hash === '#p{number}'")
    expect(page.locator("#ed-search-input")).not_to_be_in_viewport() if size == "phone" else None
    assert page.evaluate("document.getElementById('__search').checked") is False
    expect(page.locator(f"#p{number}")).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target')?.id") == f"p{number}"


def test_tabbing_past_the_search_box_closes_it(page):
    page.goto("/snider/")
    page.click("#ed-search-input")
    page.keyboard.type("Lavrov")
    page.wait_for_selector("#ed-search-list a")
    results = page.locator("#ed-search-list a").count()
    for _ in range(results + 3):  # past every result, and out of the box
        page.keyboard.press("Tab")
        if not page.evaluate("document.activeElement.closest('.ed-search')"):
            break
    assert not page.evaluate("document.activeElement.closest('.ed-search')")
    assert page.evaluate("document.getElementById('__search').checked") is False
    expect(page.locator(".ed-search__output")).to_be_hidden()


def test_the_box_being_typed_in_stays_open_when_the_theme_closes_its_search(page):
    # Material clicks the #__search toggle 125 ms after the address or its fragment changes; a reader who
    # lands on /snider/#p3 and starts typing at once must keep the box. Clicked here as Material clicks it.
    page.goto("/snider/#p3")
    page.click("#ed-search-input")
    page.keyboard.type("Lavrov")
    page.wait_for_selector("#ed-search-list a")
    page.evaluate("document.getElementById('__search').click()")
    assert page.evaluate("document.getElementById('__search').checked") is True
    expect(page.locator("#ed-search-list a").first).to_be_visible()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_overlay_or_the_back_arrow_closes_the_search_box(page, phone, size):
    page = page if size == "desktop" else phone
    page.goto("/snider/")
    open_search(page, size)
    page.keyboard.type("Lavrov")
    page.wait_for_selector("#ed-search-list a")
    if size == "phone":
        page.locator(".ed-search__icon--back").tap()
    else:
        page.mouse.click(5, 800)  # the overlay, beside the open box
    assert page.evaluate("document.getElementById('__search').checked") is False
    expect(page.locator(".ed-search__output")).to_be_hidden()


def test_escape_closes_the_search_box_from_its_results(page):
    page.goto("/snider/")
    page.click("#ed-search-input")
    page.keyboard.type("Lavrov")
    page.wait_for_selector("#ed-search-list a")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    assert page.evaluate("document.getElementById('__search').checked") is False
    expect(page.locator(".ed-search__output")).to_be_hidden()


# ----------------------------------------------------------------------------------------------- notices, internals

@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_an_unknown_paragraph_says_so_and_offers_the_last(page, phone, site_data, size):
    page = page if size == "desktop" else phone
    paragraphs = [p for p in site_data["paragraphs"] if p["doc"] == "snider"]
    page.goto("/snider/#p99")
    notice = page.locator(".ed-notice--unknown")
    expect(notice).to_have_text(f"There is no paragraph 99 in this text; it has {len(paragraphs)} — go to the last.")
    box = notice.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]
    notice.get_by_role("link", name="go to the last").click()
    assert page.evaluate("location.hash") == f"#p{paragraphs[-1]['number']}"
    expect(page.locator(".ed-notice--unknown")).to_have_count(0)


def test_reading_pages_show_no_seed_files_or_line_numbers_and_explain_what_they_set_aside(page, site_data):
    for doc in site_data["documents"]:
        page.goto("/" + doc["url"])
        text = page.locator("article").inner_text()
        assert doc["seed"] not in text and not re.search(r"\bline \d+", text)
        for dropped in doc["dropped"]:
            about = page.locator("details.ed-about")
            expect(about.locator("summary")).to_have_text("About this text")
            for line in dropped["text"].split("\n"):
                assert line in about.text_content()
    page.goto("/putin-cmg/")
    remark = page.locator(".ed-remark abbr").first
    assert "translat" in remark.get_attribute("title")
    page.click("details.ed-about > summary")
    expect(page.locator("details.ed-about")).to_contain_text("“Retranslated” is the source’s own label")


def test_footnotes_have_a_heading_and_their_marks_name_the_note(page):
    page.goto("/hahn/")
    heading = page.locator("article h2#notes")
    expect(heading).to_have_text("Notes on related claims")
    assert heading.evaluate("h => h.nextElementSibling.classList.contains('footnote')")
    ref = page.locator(".ed-p a.footnote-ref").first
    title = ref.evaluate("a => document.getElementById(a.hash.slice(1)).querySelector('strong').textContent.trim()")
    assert ref.get_attribute("aria-label") == f"{ref.inner_text()}, note: {title}"
    assert ref.get_attribute("title") == title


def test_the_speaker_filter_leaves_stubs_so_the_dialogue_reads(page, site_data):
    doc = next(d for d in site_data["documents"] if d["slug"] == "bondarev")
    paragraphs = [p for p in site_data["paragraphs"] if p["doc"] == "bondarev"]
    interviewee = next(s for s in doc["speakers"] if s != doc["interviewer"])
    page.goto("/bondarev/")
    page.get_by_role("radio", name=re.compile("^" + re.escape(interviewee))).check()
    hidden = [p for p in paragraphs if p["speaker"] != interviewee]
    stubs = page.locator(".ed-stub:not([hidden]) button")
    assert stubs.count() == len(hidden)
    asker = doc["interviewer"].split()[-1]
    question = next(p for p in hidden if p["speaker"] == doc["interviewer"] and p["text"].rstrip().endswith("?"))
    stub = page.locator(f".ed-stub[data-for=p{question['number']}] button")
    opening = " ".join(question["text"].split()[:4])
    assert words(stub.inner_text()).startswith(f"{question['number']} {asker} asks: {opening}")
    first = page.locator(".ed-stub[data-for=p1] button")  # the interviewer's introduction is not a question
    assert words(first.inner_text()).startswith(f"1 {asker}: ")
    # A hidden paragraph's related claims are hidden with it.
    assert page.locator("details.ed-related[data-for=p1]").is_hidden()
    assert stub.bounding_box()["height"] < 30  # one line
    numbers = page.eval_on_selector_all(".ed-p:not([hidden]), .ed-stub:not([hidden])",
                                        "els => els.map(e => e.id ? e.id : e.dataset.for)")
    assert numbers == [f"p{p['number']}" for p in paragraphs]  # every number in its place
    stub.click()
    expect(page.locator(f"#p{question['number']}")).to_be_visible()
    expect(page.locator(f".ed-stub[data-for=p{question['number']}]")).to_be_hidden()


def test_the_about_page_links_the_exports(page):
    page.goto("/about/")
    for name in ("edition.json", "annotations.jsonld"):
        link = page.locator(f"article a[href$='{name}']").first
        response = page.request.get(link.evaluate("a => a.href"))
        assert response.ok and response.json()


# ----------------------------------------------------------------------------------------------- axe

PAGE_KINDS = {  # every kind of page, with what the reading room adds to it opened
    "home": ("/", None),
    "texts index": ("/texts/", None),
    "document": ("/bondarev/", "details.ed-related > summary"),
    "speakers": ("/speakers/", None),
    "claims index": ("/claims/", None),
    "claim page": ("/claims/crimea/", "details.ed-passage__whole > summary"),
    "revisions": ("/revisions/", None),
    "about": ("/about/", None),
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation_on_any_kind_of_page(browser, server, watch, axe_source, scheme,
                                                                builder):
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = watch.attach(context.new_page())
        problems = []
        for kind, (url, open_) in PAGE_KINDS.items():
            page.goto(url)
            if open_:
                page.locator(open_).first.click()
            if kind == "document":
                page.locator(".ed-filter input[type=radio]").nth(1).check()  # the filter's stubs, too
            problems += [f"{kind} {url}: {line}" for line in serious_violations(page, axe_source, "body")]
        assert not problems, "\n".join(problems)
    finally:
        context.close()
