"""A note's outside sources: the ``sources:`` field, validated, and shown on the note's page.

A note that states facts from outside the texts (kind ``context``) or corrects a factual claim a text makes
(kind ``correction``) must say where those facts come from. Each source is a bibliographic reference (a
``title`` or a one-line ``citation``) with an optional ``url``, ``publisher`` and ``date``::

    sources:
      - title: "On Amendments to the Constitution of Ukraine"
        publisher: Verkhovna Rada of Ukraine
        date: 2019-02-07
        url: https://zakon.rada.gov.ua/laws/show/2680-19

Sources come from contributors: every value is one line of plain text, and an address must be an ordinary
``http``/``https`` one, so it can be shown as a link without being able to do anything else.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable

from .markdown import escape
from .model import Source

SOURCED_KINDS = ("context", "correction")  # the note kinds that must carry sources
SOURCE_KEYS = ("title", "citation", "url", "publisher", "date")
MAX_SOURCE_TEXT = 300

# An absolute http(s) address made only of characters that need no quoting anywhere they are shown: no
# spaces, quotes, angle brackets, backslashes or parentheses (which would end a Markdown link early).
RE_SOURCE_URL = re.compile(r"""(?x)
    ^ https?://
    [A-Za-z0-9] [A-Za-z0-9.-]* (?: : \d{1,5} )?      # host and optional port; no user:password@
    (?: [/?#] [A-Za-z0-9\-._~!$&'*+,;=:@%/?#]* )?   # path, query and fragment
    $
""")
RE_SOURCE_DATE = re.compile(r"""(?x) ^ \d{4} (?: - \d{2} (?: - \d{2} )? )? $  # YYYY, YYYY-MM or YYYY-MM-DD""")
RE_MARKUP = re.compile(r"""(?x) < [^\s<>]* >? """)  # anything an HTML parser could read as a tag

Fail = Callable[[int, str, str, str], None]  # (line, message, code, hint)

EXAMPLE = ("write e.g. '- title: \"…\"' with 'publisher: …', 'date: 2019-02-07' and 'url: https://…' "
           "on the lines below it")


def parse_sources(value: object, line: int, fail: Fail) -> tuple[Source, ...]:
    """The sources of a note's ``sources:`` field (given at ``line``), reporting every problem to ``fail``."""
    if not isinstance(value, list) or not value:
        fail(line, "sources must be a list of one or more sources", "notes.sources", EXAMPLE)
        return ()
    sources = []
    for index, item in enumerate(value):
        at = value.line_of(index)
        if source := _source(item, at, fail):
            sources.append(source)
    return tuple(sources) if len(sources) == len(value) else ()


def _source(item: object, line: int, fail: Fail) -> Source | None:
    if not isinstance(item, dict):
        fail(line, "a source must be a mapping of 'title:' (or 'citation:') and optional 'url:', 'publisher:', "
                   "'date:'", "notes.sources", EXAMPLE)
        return None
    ok = True
    for key in item:
        if key not in SOURCE_KEYS:
            fail(item.line_of(key), f"unknown source field {key!r}", "notes.sources",
                 f"a source's fields are: {', '.join(SOURCE_KEYS)}")
            ok = False
    texts = {}
    for key in ("title", "citation", "publisher"):
        if key in item:
            texts[key] = _text(item[key], key, item.line_of(key), fail)
            ok = ok and texts[key] is not None
    if "title" not in item and "citation" not in item:
        fail(line, "a source needs a 'title' or a 'citation'", "notes.sources",
             "name the work: its title (with publisher and date), or a full reference as 'citation: …'")
        ok = False
    url = _url(item["url"], item.line_of("url"), fail) if "url" in item else None
    date = _date(item["date"], item.line_of("date"), fail) if "date" in item else None
    if ("url" in item and url is None) or ("date" in item and date is None) or not ok:
        return None
    return Source(texts.get("title"), texts.get("citation"), url, texts.get("publisher"), date, line)


def _text(value: object, key: str, line: int, fail: Fail) -> str | None:
    if not isinstance(value, str) or not value.strip() or len(value.strip().splitlines()) != 1:
        fail(line, f"a source's {key} must be one line of text", "notes.sources", "quote it if it contains ':'")
        return None
    if len(value.strip()) > MAX_SOURCE_TEXT:
        fail(line, f"a source's {key} is longer than {MAX_SOURCE_TEXT} characters", "notes.sources", "shorten it")
        return None
    if found := RE_MARKUP.search(value):
        fail(line, f"raw HTML {found[0][:40]!r} in a source's {key}", "notes.html", "write it as plain text")
        return None
    return value.strip()


def _url(value: object, line: int, fail: Fail) -> str | None:
    if isinstance(value, str) and RE_SOURCE_URL.match(value.strip()):
        return value.strip()
    shown = str(value)[:60]
    fail(line, f"source url {shown!r} is not a plain http:// or https:// address", "notes.source-url",
         "give the full address, starting https://, with no spaces, quotes, brackets or parentheses "
         "(write them as %20, %22, %28, %29)")
    return None


def _date(value: object, line: int, fail: Fail) -> str | None:
    # YAML reads an unquoted 2019-02-07 as a date, and 2019 as a number: both are fine.
    text = value.isoformat() if isinstance(value, _dt.date) else str(value) if isinstance(value, (str, int)) else ""
    if RE_SOURCE_DATE.match(text) and _valid_date(text):
        return text
    fail(line, f"source date {str(value)[:40]!r} is not a date", "notes.source-date",
         "write it as YYYY-MM-DD, YYYY-MM or YYYY")
    return None


def _valid_date(text: str) -> bool:
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        _dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def describe(source: Source) -> str:
    """A source as one line of plain text: ``Publisher, “Title”, 2019-02-07``."""
    parts = [source.publisher] if source.publisher else []
    if source.title:
        parts.append(f"“{source.title}”")
    if source.citation:
        parts.append(source.citation)
    if source.date:
        parts.append(source.date)
    return ", ".join(parts)


def render_sources(sources: tuple[Source, ...]) -> list[str]:
    """Markdown lines listing ``sources`` on a note's page (nothing if there are none).

    Text is escaped; an address, already limited to characters that cannot leave a link, is its own link text.
    """
    if not sources:
        return []
    out = ['<div class="ed-sources" markdown="1">', "", "**Sources**", ""]
    for source in sources:
        item = f"- {escape(describe(source), inline=True)}"
        if source.url:
            item += f": [{escape(source.url, inline=True)}]({source.url})"
        out.append(item)
    out += ["", "</div>", ""]
    return out


def source_record(source: Source) -> dict:
    """A source in the export ``edition.json``."""
    return {"title": source.title, "citation": source.citation, "publisher": source.publisher,
            "date": source.date, "url": source.url}


def source_jsonld(source: Source) -> dict:
    """A source as a Dublin Core description, for ``dcterms:source`` in ``annotations.jsonld``."""
    record = {"id": source.url} if source.url else {}
    record["type"] = "dcterms:BibliographicResource"
    record["dcterms:bibliographicCitation"] = describe(source)
    for key, term in (("title", "dcterms:title"), ("publisher", "dcterms:publisher"), ("date", "dcterms:date")):
        if value := getattr(source, key):
            record[term] = value
    return record
