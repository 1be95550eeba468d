"""What must hold in both builds (MkDocs + Material, and Zensical with ``--builder zensical``): the header's
height, a paragraph link landing below the header, and no search index of the theme's own fetched on load."""
from __future__ import annotations

import pytest

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_paragraph_link_lands_below_a_48px_header(browser, server, watch, builder, viewport):
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, base_url=server)
    page = watch.attach(context.new_page())
    try:
        page.goto("/snider/#p9")
        page.wait_for_load_state("load")
        header = page.eval_on_selector(".md-header", "e => e.getBoundingClientRect().height")
        top = page.eval_on_selector("#p9", "e => e.getBoundingClientRect().top")
        assert header == 48
        assert header <= top <= header + 60, f"#p9 starts {top}px from the top, under or far from the header"
    finally:
        context.close()


def test_no_search_index_of_the_themes_own_is_fetched_on_load(page, builder):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto("/snider/")
    page.wait_for_load_state("networkidle")
    # Zensical's bundle fetches its search.json on every page that has an element of class md-search; the
    # edition's own search box has none.
    assert not page.locator(".md-search").count()
    assert not [url for url in requests if url.endswith(("/search.json", "/search_index.json"))]
