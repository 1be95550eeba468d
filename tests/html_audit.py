"""An HTML auditor: every element, attribute and URL scheme outside an explicit allowlist of what the site
itself produces is reported. Shared by the hostile-input suite and the sanitizer's property tests.

The lists were read off a build of the unmodified edition (Material's theme, the edition's pages and
overrides) and each entry checked by hand; script is allowed only in the forms the site writes (its two
bundles by ``src``, the JSON data blocks by ``id``, Material's three inline snippets, recognised by their start).
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

# Elements and attributes of a page's content: what the edition renders, and what Markdown makes of it.
CONTENT_TAGS = {
    "a": {"href", "title", "class", "rel", "aria-label", "id"}, "br": set(),
    "code": set(), "dd": set(), "del": set(), "div": {"class", "id"}, "dl": {"class"}, "dt": set(),
    "em": set(), "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "hr": {"class"}, "ins": set(), "li": {"id", "class"},
    "ol": {"start", "class", "id"}, "p": {"class", "id", "data-id", "data-speaker", "data-speaker-name",
                                          "data-retired"},
    "pre": set(), "span": {"class", "data-role", "aria-label", "title"}, "strong": set(), "sup": {"id", "class"},
    "ul": {"class"}, "table": {"class"}, "thead": set(), "tbody": set(), "tr": set(), "th": {"scope"},
    "td": {"data-label"}, "details": {"class", "open", "data-for", "data-label", "id"}, "section": {"class", "id", "aria-label"}, "summary": {"class"}, "abbr": {"title", "tabindex"},
    "blockquote": {"class"}, "q": {"class"}, "cite": set(), "mark": {"class"}, "small": {"class"},
}
# What Material's templates add around the content.
THEME_TAGS = {
    "html": {"class", "lang"}, "head": set(), "body": {"dir", "data-md-color-scheme", "data-md-color-primary",
                                                      "data-md-color-accent"},
    "meta": {"charset", "content", "name", "property"}, "title": set(), "link": {"href", "rel"},
    "script": {"id", "src", "type"}, "article": {"class"}, "main": {"class", "data-md-component"},
    "header": {"class", "data-md-component"}, "footer": {"class"}, "nav": {"class", "aria-label",
                                                                             "aria-labelledby", "aria-expanded",
                                                                             "data-md-level"},
    "form": {"class", "id", "action", "data-md-component"},
    "input": {"aria-controls", "aria-describedby", "aria-label", "autocapitalize", "autocomplete",
              "autocorrect", "checked", "class", "data-md-color-accent", "data-md-color-media",
              "data-md-color-primary", "data-md-color-scheme", "data-md-toggle", "id", "name", "placeholder",
              "required", "spellcheck", "type"},
    "label": {"aria-hidden", "class", "for", "hidden", "id", "tabindex", "title"},
    "button": {"aria-label", "class", "data-md-component", "hidden", "tabindex", "title", "type"},
    "svg": {"viewbox", "xmlns"}, "path": {"d"},
}
for _tag, _names in {"a": {"data-md-component", "target"},
                     "div": {"aria-label", "data-md-color-scheme", "data-md-component", "data-md-type", "hidden", "role",
                             "tabindex"},
                     "ul": {"data-md-component", "data-md-scrollfix"}}.items():
    THEME_TAGS[_tag] = CONTENT_TAGS[_tag] | _names
SITE_TAGS = {tag: CONTENT_TAGS.get(tag, set()) | THEME_TAGS.get(tag, set()) for tag in {*CONTENT_TAGS, *THEME_TAGS}}

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "cite", "background"}
URL_SCHEMES = {"http", "https", "mailto"}
# The one non-web address the site writes itself: the search form, which its script handles.
SITE_URLS = {("form", "action", "javascript:void(0)")}
RE_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Relative, or (on the 404 page) absolute under site_url's path.
RE_SITE_SCRIPT_SRC = re.compile(r"^(?:\.\./)*(?:/[a-z0-9-]+)*/?assets/(?:edition\.js|js/[a-z0-9-]+\.js|javascripts/bundle\.[0-9a-f]+\.min\.js)$")
INLINE_SCRIPT_STARTS = ("__md_scope=new URL", "var palette=__md_get", "var target=document.getElementById")
JSON_SCRIPT_IDS = {"ed-page", "__config"}


def browser_url(value: str) -> str:
    """An address as the WHATWG URL parser reads it: leading controls and spaces dropped, tabs and newlines
    removed anywhere."""
    return re.sub(r"[\t\n\r]", "", value).lstrip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                   "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d"
                                                   "\x1e\x1f ")


class Audit(HTMLParser):
    """Collects, in ``bad``, everything in the HTML fed to it that the allowlist does not name."""

    def __init__(self, tags: dict[str, set[str]] = SITE_TAGS, where: str = ""):
        super().__init__(convert_charrefs=True)
        self.tags, self.where = tags, where
        self.bad: list[str] = []
        self._script: dict | None = None
        self._text: list[str] = []

    def report(self, what: str) -> None:
        self.bad.append(f"{self.where}: {what}")

    def handle_starttag(self, tag, attrs):
        if tag not in self.tags:
            self.report(f"element <{tag}>")
            return
        for name, value in attrs:
            if name not in self.tags[tag]:
                self.report(f"attribute {name!r} on <{tag}>")
            if name in URL_ATTRIBUTES and value is not None:
                url = browser_url(value)
                scheme = RE_SCHEME.match(url)
                if (tag, name, value) in SITE_URLS:
                    continue
                if scheme and scheme[1].lower() not in URL_SCHEMES:
                    self.report(f"{name}={value!r} on <{tag}>")
                if url.replace("\\", "/").startswith("//"):
                    self.report(f"protocol-relative {name}={value!r} on <{tag}>")
        if tag == "script":
            self._script = dict(attrs)
            self._text = []
            src = self._script.get("src")
            if src is not None and not RE_SITE_SCRIPT_SRC.match(src):
                self.report(f"script src={src!r}")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag != "script" or self._script is None:
            return
        text, attrs, self._script = "".join(self._text), self._script, None
        if "src" in attrs:
            if text.strip():
                self.report("script with both src and text")
        elif attrs.get("type") == "application/json" and attrs.get("id") in JSON_SCRIPT_IDS:
            try:
                json.loads(text)
            except ValueError:
                self.report(f"JSON script {attrs.get('id')!r} does not parse")
        elif attrs or not text.strip().startswith(INLINE_SCRIPT_STARTS):
            self.report(f"inline script {text.strip()[:60]!r}")

    def handle_comment(self, data):
        pass  # a comment runs nothing; Material's templates write some

    def handle_pi(self, data):
        self.report("processing instruction")


def audit(html_text: str, where: str = "", tags: dict[str, set[str]] = SITE_TAGS) -> list[str]:
    checker = Audit(tags, where)
    checker.feed(html_text)
    checker.close()
    return checker.bad
