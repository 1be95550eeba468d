"""Every page of the site loads cleanly, and a document page reads well in light, dark and on paper.

Screenshots go to the folder named by EDITION_SHOTS (e.g. /tmp/shots) when it is set, for a person to look
at; the assertions check what they should show.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest


def luminance(css_colour: str) -> float:
    """Relative luminance (0 black … 1 white) of an ``rgb(…)``/``rgba(…)`` colour."""
    values = [float(v) for v in css_colour[css_colour.index("(") + 1:-1].split(",")[:3]]
    linear = [(v / 255) / 12.92 if v / 255 <= 0.04045 else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("EDITION_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_every_page_loads_without_errors_or_requests_elsewhere(page, site):
    """The page fixture fails the test on any console error or request to a host other than 127.0.0.1."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        response = page.goto("/" + path.removesuffix("index.html"))
        assert response.ok, path


def test_system_fonts_only(page):
    fonts = []
    page.on("request", lambda r: r.resource_type == "font" and fonts.append(r.url))
    page.goto("/bondarev/")
    family = page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).fontFamily")
    assert not fonts and "Roboto" not in family.split(",")[0]


def style_of(page, selector: str, prop: str) -> str:
    return page.evaluate("([s, p]) => getComputedStyle(document.querySelector(s))[p]", [selector, prop])


def test_light_and_dark(page, shots):
    page.goto("/bondarev/#p5")
    page.click("#p5 .ed-cite-button")
    page.screenshot(path=shots / "light.png")
    light_bg = luminance(style_of(page, "body", "backgroundColor"))
    page.click("label[for='__palette_1']")
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.screenshot(path=shots / "dark.png")
    dark_bg = luminance(style_of(page, "body", "backgroundColor"))
    dark_text = luminance(style_of(page, "#p5", "color"))
    assert light_bg > 0.9 and dark_bg < 0.05 and dark_text > 0.5


def test_print_keeps_numbers_speakers_and_footnotes_and_drops_controls(page, shots):
    page.goto("/bondarev/")
    page.locator(".ed-filter input[type=radio]").nth(1).check()  # print shows every paragraph even so
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=shots / "print.png")  # the first sheet
    notes_top = page.eval_on_selector(".footnote", "e => e.getBoundingClientRect().top + scrollY")
    page.screenshot(path=shots / "print-footnotes.png", full_page=True,
                    clip={"x": 0, "y": notes_top - 300, "width": 794, "height": 1123})
    shown = "e => getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden'"
    for selector in (".ed-num", ".ed-speaker", ".footnote", ".ed-p[hidden]"):
        assert page.eval_on_selector(selector, shown), f"{selector} does not print"
    for selector in (".ed-cite-button", ".ed-filter", ".md-header", ".md-sidebar--primary", ".md-footer",
                     ".footnote-backref"):
        assert not page.eval_on_selector(selector, shown), f"{selector} prints"
