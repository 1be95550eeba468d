"""Every seed paragraph appears verbatim in the text of the built HTML, and every paragraph id resolves."""
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
RE_SPACE = re.compile(r"\s+")


def norm(text: str) -> str:
    """Collapse white space as a browser shows it (a non-breaking space reads as a space)."""
    return RE_SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


class ArticleText(HTMLParser):
    """The visible text of a page's <article>, without footnote markers, and every element id."""

    SKIP = {"script", "style", "sup", "button", "svg"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []
        self.ids: set[str] = set()
        self.stack: list[tuple[bool, bool]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag in ("br", "img", "input", "meta", "link", "hr"):
            return
        article = tag == "article"
        skipping = tag in self.SKIP or "footnote" in (attrs.get("class") or "")
        self.stack.append((article, skipping))
        self.depth += article
        self.skip += skipping
        if tag in ("p", "div", "li", "dd", "dt", "h1", "h2", "blockquote"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("br", "img", "input", "meta", "link", "hr") or not self.stack:
            return
        article, skipping = self.stack.pop()
        self.depth -= article
        self.skip -= skipping

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def parse(path: Path) -> ArticleText:
    parser = ArticleText()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def seed_blocks(path: Path) -> list[str]:
    return [b for b in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if b.strip()]


@pytest.fixture(scope="module")
def site_text(built_project):
    pages = sorted((built_project / "site").rglob("*.html"))
    return "\n".join(norm("".join(parse(p).parts)) for p in pages)


@pytest.fixture(scope="module")
def document_text(built_project, edition):
    return {d["slug"]: norm("".join(parse(built_project / "site" / d["url"] / "index.html").parts))
            for d in edition["documents"]}


def test_every_body_paragraph_is_verbatim_on_its_own_page(edition, document_text):
    for p in edition["paragraphs"]:
        assert norm(p["text"]) in document_text[p["doc"]], p["id"]


def speaker_label(edition):
    """A speaker label as the seeds print it ("Name: " or "Name (remark): "), for the speakers of the edition."""
    names = sorted({s for d in edition["documents"] for s in d["speakers"]}, key=len, reverse=True)
    return re.compile(r"^(?:%s)(?: \([^()\n]{1,40}\))?: " % "|".join(map(re.escape, names)))


def test_every_seed_block_is_on_the_site_or_listed_as_dropped(edition, site_text):
    """Every seed block, syntax characters included, shows verbatim (fixture: tests/test_fixture_site.py)."""
    dropped = {d["text"] for doc in edition["documents"] for d in doc["dropped"]}
    label = speaker_label(edition)
    missing = []
    for path in SEEDS:
        for block in seed_blocks(path):
            if block in dropped:
                continue
            if norm(label.sub("", block)) not in site_text:
                missing.append(block[:60])
    assert missing == []


def test_every_dropped_block_is_in_its_seed_with_a_line_and_a_reason(edition):
    for document in edition["documents"]:
        seed = (ROOT / "seeds" / document["seed"]).read_text(encoding="utf-8").split("\n")
        for dropped in document["dropped"]:
            assert dropped["reason"].strip(), dropped
            assert seed[dropped["line"] - 1] == dropped["text"].split("\n")[0], dropped


def test_paragraph_text_in_export_equals_seed_text(edition):
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in SEEDS)
    for p in edition["paragraphs"]:
        assert p["text"] in seeds, p["id"]  # exact, including non-breaking spaces and curly quotes


def test_every_paragraph_url_resolves_to_an_element(built_project, edition):
    ids = {}
    for p in edition["paragraphs"]:
        page, anchor = p["url"].split("#")
        if page not in ids:
            ids[page] = parse(built_project / "site" / page / "index.html").ids
        assert anchor in ids[page], p["url"]


def test_no_request_leaves_the_site(built_project):
    offending = []
    for page in (built_project / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for match in re.finditer(r"""<(?:script|link|img|iframe)\b[^>]*?(?:src|href)=["']?(https?:)?//([^/"' >]+)""", html):
            # A canonical link and Dublin Core's schema link name an address; no browser fetches them.
            if re.match(r"""<link\b[^>]*\brel=["']?(?:canonical|schema\.DC)\b""", match.group(0)):
                continue
            offending.append(f"{page.name}: {match.group(2)}")
    assert offending == []
