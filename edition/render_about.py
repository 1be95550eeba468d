"""Stage render, "About this text": what a reading page keeps for readers who ask, folded at its end.

Lines of the source that are not body text (a headline as printed, a byline, residue the editors set aside)
are part of the record, so they stay on the page, verbatim; but they are described in words, not by seed
file names and line numbers, which stay in edition.json. Labels the source puts on speakers (such as
"retranslated") are explained here too.
"""
from __future__ import annotations

from .markdown import attr
from .model import Document

# Remarks a source puts after a speaker's name, explained for readers. A remark not listed is shown as it is.
REMARKS = {
    "retranslated": (
        "Translated from a translation, not from the speaker’s own words (see “About this text” at the end)",
        "“Retranslated” is the source’s own label. Transcripts of this kind use it for words given in English "
        "from an interpreter’s rendering in another language rather than from what the speaker said, so the "
        "wording may differ from the speaker’s own.",
    ),
}

ABOUT_ID = "about-this-text"


def remark_html(remark: str) -> str:
    """A speaker remark as shown after the name: "(retranslated)", explained on hover and focus if known."""
    known = REMARKS.get(remark.lower())
    if not known:
        return f'<span class="ed-remark">({attr(remark)})</span>'
    return (f'<span class="ed-remark">(<abbr title="{attr(known[0])}" tabindex="0">{attr(remark)}</abbr>)'
            "</span>")


def _where(doc: Document, line: int) -> str:
    """Where a line of the seed sits, in the reader's terms: before, between or after the paragraphs."""
    before = [p for p in doc.paragraphs if p.line < line]
    if not before:
        return "before the first paragraph"
    if len(before) == len(doc.paragraphs):
        return "after the last paragraph"
    return f"between ¶{before[-1].number} and ¶{doc.paragraphs[len(before)].number}"


def about_this_text(doc: Document) -> str:
    """The folded "About this text" section of a document's page, as an HTML block (empty if nothing to say)."""
    meta = doc.meta
    items: list[str] = []
    printed = [("headline", meta.headline), ("kicker", " · ".join(dict.fromkeys(meta.kickers)) or None),
               ("byline", meta.byline), ("source line", meta.source_line)]
    for what, value in printed:
        if value:
            items.append(f'<li>The source prints its {what} as <q class="ed-verbatim">{attr(value)}</q>.</li>')
    for d in doc.dropped:
        lines = d.text.split("\n")
        quoted = " and ".join(f'<q class="ed-verbatim">{attr(line)}</q>' for line in lines)
        what = "the lines " + quoted if len(lines) > 1 else quoted
        items.append(f"<li>Not shown as text, {_where(doc, d.line)}: {what}, set aside by the editors as "
                     f"{attr(d.reason)}.</li>")
    remarks = sorted({p.remark.lower() for p in doc.paragraphs if p.remark and p.remark.lower() in REMARKS})
    for remark in remarks:
        items.append(f'<li id="about-{attr(remark)}">{attr(REMARKS[remark][1])}</li>')
    if not items:
        return ""
    return "\n".join([f'<details class="ed-about" id="{ABOUT_ID}">',
                      '<summary>About this text</summary>',
                      '<ul>', *items, '</ul>',
                      '<p>Every word of the source is kept. The data of this edition, including where each line '
                      'of the source went, is in <a href="../edition.json">edition.json</a>.</p>',
                      '</details>'])
