"""Stage link, part two: a note target's ``quote`` is checked, word for word, against its paragraph.

A quote names the words of a paragraph that the note is about; the claim page highlights them. It must be
copied exactly (curly quotation marks, dashes and all), and name one place in the paragraph, so that the
highlight can never mark words the source does not contain. White space is compared as a browser shows it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import Location, NoteError, Problem
from .model import Document, Note, NoteTarget

RE_SPACE = re.compile(r"""(?x) \s+  # any run of white space reads as one space""")

# Typed on a keyboard, a quote usually has straight marks where the sources print curly ones.
STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})

HINT = "copy the words from the paragraph exactly, including its quotation marks, apostrophes and dashes"


def shown(text: str) -> str:
    """Text as a browser shows it: every run of white space one space."""
    return RE_SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Span:
    """Where a quote sits in its paragraph's text."""

    start: int
    end: int


def _pattern(quote: str) -> re.Pattern[str]:
    """The quote's words in order, any run of white space between them matching any other, not inside a word."""
    # Whole words only: a quote of "the" must not light up the end of "other".
    body = r"\s+".join(re.escape(word) for word in quote.split())
    return re.compile(rf"(?<!\w){body}(?!\w)" if quote.strip() else body)


def locate(quote: str, text: str) -> Span | None:
    """The one place ``quote`` occurs in ``text``, as offsets into ``text`` itself; None if not exactly once."""
    found = list(_pattern(quote).finditer(text))
    if len(found) != 1:
        return None
    return Span(found[0].start(), found[0].end())


def _mismatch(quote: str, text: str) -> str:
    """Say where a quote stops matching its paragraph, for the message."""
    if quote.translate(STRAIGHT) in text.translate(STRAIGHT):
        return "the paragraph has these words with curly quotation marks, apostrophes or long dashes"
    low, high = 0, len(quote)  # the longest start of the quote found in the paragraph (a monotone property)
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    if low < 3:
        return "the paragraph does not contain its first words"
    low = max(quote.rfind(" ", 0, low + 1), 3)  # back to the last whole word that matches
    where = text.find(quote[:low]) + low
    return (f"the paragraph matches up to {quote[:low].strip()[-30:]!r}, then reads "
            f"{text[where:where + 30].strip()!r} where the quote has {quote[low:low + 30].strip()!r}")


def target_problems(note: Note, target: NoteTarget, text: str) -> list[Problem]:
    """Why ``target``'s quote cannot be highlighted in the paragraph ``text`` (empty if it can)."""
    if target.quote is None:
        return []
    where = Location(note.path, target.quote_line or target.line)
    quote, body = shown(target.quote), shown(text)
    count = len(_pattern(quote).findall(text))
    if count == 1:
        return []
    if count > 1:
        return [Problem(where, f"quote {quote[:40]!r} occurs {count} times in paragraph {target.paragraph!r}",
                        "notes.quote-ambiguous", "quote a few more words, so that it names one place")]
    return [Problem(where, f"quote {quote[:40]!r} is not in paragraph {target.paragraph!r} as written: "
                    f"{_mismatch(quote, body)}", "notes.quote-not-found", HINT)]


def check_quotes(notes: Iterable[Note], documents: Iterable[Document]) -> None:
    """Raise :class:`NoteError` listing every quote that is not, exactly once, in its paragraph."""
    texts = {p.id: p.text for d in documents for p in d.paragraphs}
    problems = [problem for note in notes for t in note.targets
                for problem in target_problems(note, t, texts[t.paragraph])]
    if problems:
        raise NoteError(problems)
