"""The registers as a reader meets them: a mention in the text leads to its entry, the entry back to every
passage, the index pages list the entries, and the timeline reads on a desk and on a phone.

Expected values come from the site's own edition.json (entries, mentions), never from hand-copied lists.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .test_accessibility import axe_source, serious_violations  # noqa: F401 - axe_source is a fixture

PHONE = {"width": 390, "height": 844}


def most_mentioned(site_data, kind: str) -> dict:
    counts = Counter(m["entry"] for m in site_data["mentions"])
    entries = [e for e in site_data["registers"] if e["kind"] == kind]
    return max(entries, key=lambda e: (counts[e["id"]], e["id"]))


def shot(page, name: str) -> None:
    if os.environ.get("EDITION_SHOTS"):
        page.screenshot(path=Path(os.environ["EDITION_SHOTS"]) / f"{name}.png", full_page=False)


def test_a_mention_leads_to_its_entry_and_the_entry_back_to_the_passage(page, site_data):
    mention = next(m for m in site_data["mentions"] if m["paragraph"].startswith("snider."))
    entry = next(e for e in site_data["registers"] if e["id"] == mention["entry"])
    number = mention["paragraph"].split(".p", 1)[1]
    page.goto(f"/snider/#p{number}")
    link = page.locator(f"#p{number} a.ed-mention", has_text=mention["form"]).first
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(re.escape(entry["url"]) + "$"))
    expect(page.locator("h1")).to_have_text(entry["name"])
    back = page.locator(f"article a[href$='snider/#p{number}']").first
    expect(back).to_be_visible()
    back.click()
    page.wait_for_url(re.compile(rf"/snider/#p{number}$"))
    expect(page.locator(f"#p{number}")).to_be_in_viewport()


def test_an_entry_lists_its_mentions_by_text_with_the_form_marked(page, site_data):
    entry = most_mentioned(site_data, "person")
    mentions = [m for m in site_data["mentions"] if m["entry"] == entry["id"]]
    page.goto("/" + entry["url"])
    docs = {m["paragraph"].split(".")[0] for m in mentions}
    titles = {d["slug"]: d["title"] for d in site_data["documents"]}
    for slug in docs:
        expect(page.locator("article h2", has_text=titles[slug])).to_have_count(1)
    assert page.locator("article li strong").count() >= min(len(mentions), 1)
    for form in {m["form"] for m in mentions}:
        expect(page.locator("article li strong", has_text=form).first).to_be_visible()
    shot(page, "register-entry")


def test_each_kind_has_an_alphabetical_index_with_counts(page, site_data):
    for kind, title, path in (("person", "People", "people"), ("place", "Places", "places"),
                              ("organisation", "Organisations", "organisations"), ("event", "Events", "events")):
        page.goto(f"/registers/{path}/")
        expect(page.locator("h1")).to_have_text(title)
        names = page.locator("article li > a").all_inner_texts()
        expected = sorted((e["name"] for e in site_data["registers"] if e["kind"] == kind), key=str.casefold)
        assert names == expected, kind


@pytest.mark.parametrize("viewport", ["desk", "phone"])
def test_the_timeline_lists_events_in_date_order_and_each_mark_reaches_its_passage(browser, server, watch,
                                                                                   site_data, viewport):
    context = browser.new_context(viewport=PHONE if viewport == "phone" else {"width": 1280, "height": 900},
                                  base_url=server, has_touch=viewport == "phone")
    try:
        page = watch.attach(context.new_page())
        page.goto("/registers/timeline/")
        mentioned = {m["entry"] for m in site_data["mentions"]}
        events = sorted((e for e in site_data["registers"] if e["kind"] == "event" and e["id"] in mentioned),
                        key=lambda e: (e["date"], e["name"].casefold(), e["id"]))
        rows = page.locator("table.ed-timeline tbody th a").all_inner_texts()
        assert rows == [e["name"] for e in events]
        # No part of the table is cut off or needs sideways scrolling on this screen.
        width = page.evaluate("document.querySelector('.ed-timeline').getBoundingClientRect().right")
        assert width <= page.viewport_size["width"]
        mark = page.locator("table.ed-timeline a.ed-mark").first
        expect(mark).to_be_visible()
        target = mark.get_attribute("href").rsplit("#", 1)[1]
        mark.tap() if viewport == "phone" else mark.click()
        page.wait_for_url(re.compile(rf"#{target}$"))
        expect(page.locator(f"#{target}")).to_be_in_viewport()
        page.go_back()
        shot(page, f"timeline-{viewport}")
    finally:
        context.close()


@pytest.mark.parametrize("which", ["index", "places", "entry"])
def test_register_pages_read_on_a_phone_and_their_links_take_a_tap(browser, server, watch, site_data, which):
    entry = most_mentioned(site_data, "place")
    path = {"index": "/registers/", "places": "/registers/places/", "entry": "/" + entry["url"]}[which]
    context = browser.new_context(viewport=PHONE, base_url=server, has_touch=True)
    try:
        page = watch.attach(context.new_page())
        page.goto(path)
        # nothing needs sideways scrolling
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        link = page.locator("article li a").first
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["height"] >= 16 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        href = link.get_attribute("href")
        link.tap()
        page.wait_for_url(re.compile(re.escape(href.lstrip("./").split("#")[0]) + r"(#.*)?$"))
        if "#" in href:
            expect(page.locator("#" + href.rsplit("#", 1)[1])).to_be_in_viewport()
        else:
            expect(page.locator("h1")).to_be_visible()
        shot(page, f"register-{which}-phone")
    finally:
        context.close()


def test_no_serious_accessibility_violation_on_register_pages(page, site_data, axe_source):
    entry = most_mentioned(site_data, "place")
    problems = []
    for path in ("/registers/", "/registers/places/", "/" + entry["url"], "/registers/timeline/"):
        page.goto(path)
        problems += [f"{path}: {line}" for line in serious_violations(page, axe_source, "article")]
    assert not problems, "\n".join(problems)
