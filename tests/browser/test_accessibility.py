"""axe-core finds no serious or critical accessibility problem in what the edition adds to its pages.

axe runs on every document page, in the light and the dark scheme, with a Cite menu open and (on interviews)
the speaker filter in use, so the controls the script adds are checked as a reader meets them; and on the
search box showing results. axe itself comes from the axe-playwright-python package (requirements-dev.txt),
which ships axe.min.js; nothing is fetched.
"""
from __future__ import annotations

import importlib.resources

import pytest

SERIOUS = ("serious", "critical")


@pytest.fixture(scope="session")
def axe_source() -> str:
    try:
        return importlib.resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")
    except ModuleNotFoundError:
        pytest.fail("axe-core is missing: pip install -r requirements-dev.txt (axe-playwright-python)")


def serious_violations(page, axe_source: str, selector: str) -> list[str]:
    """axe's serious and critical violations inside ``selector``, one line each."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(axe_source)
    return page.evaluate("""([selector, serious]) =>
        axe.run({include: [[selector]]}, {resultTypes: ['violations']}).then(result => result.violations
          .filter(v => serious.includes(v.impact))
          .map(v => `${v.id} (${v.impact}): ${v.help}; ` + v.nodes.slice(0, 3).map(n => n.target.join(' '))))""",
                         [selector, list(SERIOUS)])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_violation_in_any_document(page, site_data, axe_source, scheme):
    problems = []
    for number, doc in enumerate(site_data["documents"]):
        page.goto("/" + doc["url"])
        if scheme == "dark" and number == 0:
            page.click("label[for='__palette_1']")  # Material remembers the choice for the next pages
        page.locator(".ed-p .ed-cite-button").nth(1).click()
        filter_ = page.locator(".ed-filter input[type=radio]")
        if filter_.count():
            filter_.nth(1).check()
        problems += [f"{doc['url']}: {line}" for line in serious_violations(page, axe_source, "article")]
    assert not problems, "\n".join(problems)


def test_no_serious_violation_in_the_search_box(page, axe_source):
    page.goto("/hahn/")
    page.click("#ed-search-input")
    page.fill("#ed-search-input", "civil war")
    page.wait_for_selector("#ed-search-list a")
    assert not serious_violations(page, axe_source, ".ed-search")
