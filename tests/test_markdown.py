"""Seed text must show literally, whatever Markdown syntax it happens to contain."""
import html
import re

import markdown
import pytest

from edition.markdown import escape

# The extensions mkdocs.yml enables, plus ones a future config might add that read $, ~, ^ and ==.
EXTENSIONS = ["attr_list", "md_in_html", "footnotes", "def_list", "toc", "pymdownx.arithmatex",
              "pymdownx.tilde", "pymdownx.caret", "pymdownx.mark", "pymdownx.emoji", "abbr", "tables"]

HOSTILE = [
    "1991. The collapse",
    "# not a heading",
    "> not a quote",
    "- not a list",
    "* not a list either",
    "+ nor this",
    "*not emphasis* and __not strong__",
    "[not a link](https://example.org) and ![no image](x.png)",
    "$200 billion and $24 billion",
    "$x^2$ is not math",
    "{: #id .class onclick=alert(1) }",
    "text[^1] not a footnote",
    "<script>alert(1)</script> <b>bold</b>",
    "Russian & Eurasian &amp; &copy;",
    "invad[ing] and [would be]",
    "`not code` ~~not struck~~ ==not marked== ^^not ins^^",
    ":smile: is not an emoji",
    "a | b | c",
    "back\\slash \\* escapes",
    "(https://t.me/rezident_ua/19475)",
    "Term\n: not a definition",
    "*[HTML]: not an abbreviation",
    "curly “quotes” ‘and’ apostrophes’ – dashes — and\u00a0non-breaking\u00a0spaces",
]


def visible_text(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_literally(text):
    rendered = markdown.markdown(escape(text), extensions=EXTENSIONS)
    assert rendered.startswith("<p>") and rendered.count("<p>") == 1
    assert re.sub(r"\s+", " ", visible_text(rendered)) == re.sub(r"\s+", " ", text)
    assert "<script" not in rendered and "onclick" not in rendered.split(">", 1)[0]
