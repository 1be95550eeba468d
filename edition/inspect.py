"""What the build inferred from each seed: for editors checking the conventions and the editorial metadata."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from . import pipeline


def _short(text: str, width: int = 72) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def describe(config: pipeline.BuildConfig, files: list[Path]) -> str:
    """A plain-text report of documents, metadata, headings, dropped text, paragraphs and speakers."""
    result = pipeline.run(config)
    wanted = {f.name for f in files}
    lines: list[str] = []
    for doc in result.edition.documents:
        m = doc.meta
        if wanted and m.seed not in wanted:
            continue
        lines.append(f"{m.seed}:{doc.line}: document '{m.slug}' ({m.kind})")
        for key, value in (("title", m.title), ("headline", m.headline), ("source line", m.source_line),
                           ("authors", ", ".join(m.authors)), ("outlet", m.outlet), ("date", m.date),
                           ("byline", m.byline), ("kickers", " | ".join(m.kickers)),
                           ("standfirst", " | ".join(_short(s) for s in m.standfirst)), ("credit", m.credit),
                           ("interviewer", m.interviewer)):
            if value:
                lines.append(f"  {key}: {value}")
        for h in doc.headings:
            lines.append(f"  heading (line {h.line}, before ¶{doc.paragraphs[h.before].number}): {h.text}")
        for d in doc.dropped:
            lines.append(f"  dropped (line {d.line}): {d.text!r}: {d.reason}")
        counts = Counter(p.speaker for p in doc.paragraphs)
        lines.append(f"  paragraphs: {len(doc.paragraphs)}; speakers: "
                     + ", ".join(f"{s} ({n})" for s, n in counts.items()))
        for p in doc.paragraphs:
            who = p.speaker or "-"
            remark = f" ({p.remark})" if p.remark else ""
            lines.append(f"  {p.id:<14} line {p.line:<4} {who}{remark}: {_short(p.text, 60)}")
        lines.append("")
    return "\n".join(lines)
