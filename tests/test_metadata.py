"""Metadata for reference managers and link previews, read from the built HTML as Zotero would read it.

Zotero's Embedded Metadata translator reads the Highwire Press ``citation_*`` tags and Dublin Core ``DC.*``
tags (with ``<link rel="schema.DC">``); link previews read OpenGraph. The sitemap carries absolute URLs.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

SITE_URL = "https://annotated-editions.github.io/ukraine-war-edition/"  # mkdocs.yml's site_url


class Head(HTMLParser):
    """Every <meta name|property> and <link rel> of a page, in order."""

    def __init__(self):
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and ("name" in a or "property" in a):
            self.meta.append((a.get("name") or a["property"], a.get("content", "")))
        elif tag == "link" and "rel" in a:
            self.links.append((a["rel"], a.get("href", "")))

    def values(self, key: str) -> list[str]:
        return [v for k, v in self.meta if k == key]


def head_of(site: Path, page: str) -> Head:
    parser = Head()
    parser.feed((site / page).read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="session")
def site(request) -> Path:
    """The MkDocs build, or with ``--builder zensical`` the Zensical one (``make test`` checks both)."""
    if request.config.getoption("--builder") == "zensical":
        return request.getfixturevalue("zensical_project") / "site-zensical"
    return request.getfixturevalue("built_project") / "site"


@pytest.fixture(scope="session")
def edition(site) -> dict:
    import json

    return json.loads((site / "edition.json").read_text(encoding="utf-8"))


# Each text's credited people as "Family, Given", which Zotero splits without guessing: Wang Guan's family name
# is Wang (a Chinese name, family name first, stated in editorial.yml), not the last word.
CREDITS = {"bondarev": (["Bondarev, Boris"], ["Amati, Riccardo"]), "putin-cmg": (["Putin, Vladimir"], ["Wang, Guan"]),
           "snider": (["Snider, Ted"], []), "hahn": (["Hahn, Gordon"], []), "decamp": (["DeCamp, Dave"], [])}


@pytest.mark.parametrize("slug", ["bondarev", "putin-cmg", "snider", "hahn", "decamp"])
def test_document_pages_carry_citation_dublin_core_and_opengraph(site, edition, slug):
    doc = next(d for d in edition["documents"] if d["slug"] == slug)
    head = head_of(site, f"{slug}/index.html")
    url = SITE_URL + f"{slug}/"
    assert head.values("citation_title") == [doc["title"]] == head.values("DC.title") == head.values("og:title")
    authors, interviewers = CREDITS[slug]
    assert head.values("citation_author") == authors == head.values("DC.creator")
    assert head.values("DC.contributor") == interviewers
    assert head.values("article:author") == doc["authors"]  # OpenGraph's is a name to show
    if doc["date"]:
        assert head.values("citation_publication_date") == [doc["date"].replace("-", "/")]
        assert head.values("DC.date") == [doc["date"]]
    else:
        assert not head.values("citation_publication_date") and not head.values("DC.date")
    assert head.values("citation_publisher") == ["Ukraine war texts: an annotated edition"]
    assert head.values("citation_fulltext_html_url") == [url] == head.values("og:url") == head.values("DC.identifier")
    assert ("schema.DC", "http://purl.org/dc/elements/1.1/") in head.links
    assert [href for rel, href in head.links if rel == "canonical"] == [url]
    assert head.values("og:type") == ["article"] and head.values("DC.source") == ([doc["outlet"]] if doc["outlet"] else [])


def test_the_home_page_describes_the_edition(site):
    head = head_of(site, "index.html")
    assert head.values("og:type") == ["website"] and head.values("og:url") == [SITE_URL]
    assert head.values("DC.title") == ["Ukraine war texts: an annotated edition"] == head.values("og:title")
    assert head.values("DC.type") == ["Collection"] and head.values("DC.description")
    assert not head.values("citation_title")  # the home page is not a text to cite as an article
    assert [href for rel, href in head.links if rel == "canonical"] == [SITE_URL]


def test_other_pages_have_no_citation_tags(site):
    for page in ("speakers/index.html", "claims/index.html", "about/index.html"):
        head = head_of(site, page)
        assert not head.values("citation_title") and head.values("og:type") == ["website"]


def test_metadata_values_are_escaped(project, request):
    """An outlet with markup characters reaches the attribute escaped, never as markup (MkDocs does not escape
    template values by itself)."""
    from conftest import mkdocs_build, run_build, zensical_build

    zensical = request.config.getoption("--builder") == "zensical"

    editorial = project / "seeds" / "editorial.yml"
    text = editorial.read_text(encoding="utf-8")
    assert "outlet: Fanpage.it" in text
    editorial.write_text(text.replace("outlet: Fanpage.it", 'outlet: "Fan<script>alert(1)</script>\\" & page"'),
                         encoding="utf-8")
    assert run_build(project).returncode == 0
    result = zensical_build(project) if zensical else mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    built = project / ("site-zensical" if zensical else "site")
    html = (built / "bondarev" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    head = head_of(built, "bondarev/index.html")
    assert head.values("DC.source") == ['Fan<script>alert(1)</script>" & page']


# A character reference left in an attribute after the HTML parser has decoded it once: the value was escaped twice.
RE_ESCAPED_TWICE = re.compile(r"""(?x)
    & (?: \# (?: \d+ | [xX][0-9a-fA-F]+ )   # a numeric reference: &#39; &#x27;
        | [A-Za-z][A-Za-z0-9]* ) ;           # a named one: &amp; &quot;
    """)


def escaped_twice(site: Path) -> list[str]:
    """Every <meta> value of every page that still holds a character reference once decoded."""
    found = []
    for page in sorted(site.rglob("*.html")):
        head = head_of(site, page.relative_to(site).as_posix())
        found += [f"{page.relative_to(site)}: {key}={value!r}" for key, value in head.meta
                  if RE_ESCAPED_TWICE.search(value)]
    return found


def test_no_meta_value_is_escaped_twice(site):
    assert not escaped_twice(site)


def test_page_titles_with_markup_characters_are_escaped_once(project, request):
    """A note's title reaches its claim page's front matter HTML-escaped (for Material's <title>); the
    OpenGraph title must carry the title itself, escaped once for the attribute, not the escaped form again."""
    from conftest import mkdocs_build, run_build, zensical_build

    zensical = request.config.getoption("--builder") == "zensical"
    note = project / "notes" / "2019-constitutional-amendment.md"
    text = note.read_text(encoding="utf-8")
    title = 'Ukraine\'s constitution & "neutrality" in 2019'
    note.write_text(re.sub(r"(?m)^title: .*$", lambda m: "title: " + json.dumps(title), text, count=1),
                    encoding="utf-8")
    built = run_build(project)
    assert built.returncode == 0, built.stderr
    result = zensical_build(project) if zensical else mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / ("site-zensical" if zensical else "site")
    head = head_of(site, "claims/2019-constitutional-amendment/index.html")
    assert head.values("og:title") == [f"{title} · Ukraine war texts: an annotated edition"]
    assert not escaped_twice(site)


def test_the_sitemap_has_absolute_urls(site):
    locations = re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert len(locations) > 10 and all(loc.startswith(SITE_URL) for loc in locations)
    assert SITE_URL + "snider/" in locations
