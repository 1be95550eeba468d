"""The edition's own notes, checked against the texts they link: invariants that hold for any note, so a new
or corrected note never needs this file touched."""
from __future__ import annotations

import json
import re
from itertools import combinations
from pathlib import Path

import pytest

from edition.pipeline import BuildConfig, run

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "benchmarks" / "heldout_pairs.json"

# A quotation in a gloss: text between curly double quotes. "…" or "..." inside one marks words left out.
RE_QUOTATION = re.compile(r"“(?P<quoted>[^“”]+)”")
RE_OMISSION = re.compile(r"\s*(?:…|\.\.\.)\s*")
# Square brackets are the texts' own (Snider writes "want[ed]"), so they are kept as written.


@pytest.fixture(scope="module")
def real():
    return run(BuildConfig.default(ROOT)).edition


def quotations(gloss: str) -> list[str]:
    """The quoted fragments of a gloss; a closing comma or full stop inside the quotes may be the gloss's own."""
    parts = []
    for match in RE_QUOTATION.finditer(gloss):
        parts += [p.rstrip(",.") for p in RE_OMISSION.split(match["quoted"]) if p.strip(",. ")]
    return parts


def test_quotations_are_read_with_omissions():
    assert quotations("Says “a b … c d.” and “e, f”") == ["a b", "c d", "e, f"]


def test_every_quotation_in_a_gloss_is_verbatim_in_its_paragraph(real):
    texts = {p.id: p.text for d in real.documents for p in d.paragraphs}
    wrong = [(n.id, t.paragraph, q) for n in real.notes for t in n.targets if t.gloss
             for q in quotations(t.gloss) if q not in texts[t.paragraph]]
    assert wrong == []


def test_every_note_links_passages_in_more_than_one_text(real):
    assert [n.id for n in real.notes if n.kind == "cross-reference"
            and len({t.paragraph.split(".")[0] for t in n.targets}) < 2] == []


def test_every_target_has_a_gloss(real):
    assert [(n.id, t.paragraph) for n in real.notes for t in n.targets if not t.gloss] == []


def cross_document_pairs(edition) -> set[tuple[str, str]]:
    pairs = set()
    for note in edition.notes:
        ids = sorted({t.paragraph for t in note.targets})
        pairs.update((a, b) for a, b in combinations(ids, 2) if a.split(".")[0] != b.split(".")[0])
    return pairs


def test_heldout_pairs_are_sorted_cross_document_and_linked_by_a_note(real):
    pairs = [tuple(p) for p in json.loads(HELDOUT.read_text(encoding="utf-8"))]
    assert pairs == sorted(set(pairs)), "sorted, without repeats"
    assert all(a < b and a.split(".")[0] != b.split(".")[0] for a, b in pairs)
    assert set(pairs) <= cross_document_pairs(real)
