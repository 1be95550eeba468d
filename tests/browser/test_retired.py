"""A citation of a paragraph that was later deleted still reaches the text: its successor, with a notice.

The paragraph is really deleted from a seed in a copy of the project, and the anchor lock retires it.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import expect


def run(project: Path, *command: str) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1",
           "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, *command], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def delete_paragraph(project: Path, edition: dict, slug: str) -> dict:
    """Delete from its seed a middle paragraph of ``slug`` that no note cites; returns it."""
    cited = {t["paragraph"] for n in edition["notes"] for t in n["targets"]}
    paragraphs = [p for p in edition["paragraphs"] if p["doc"] == slug]
    victim = next(p for p in paragraphs[len(paragraphs) // 2:-1] if p["id"] not in cited)
    seed = project / "seeds" / next(d["seed"] for d in edition["documents"] if d["slug"] == slug)
    lines = seed.read_text(encoding="utf-8").split("\n")
    start = victim["seed_line"] - 1
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    del lines[start:end + 1]  # the block and the blank line after it
    seed.write_text("\n".join(lines), encoding="utf-8")
    return victim


def test_a_retired_anchor_lands_on_its_successor_with_a_notice(project, browser, watch, serve_directory):
    run(project, "build_edition.py", "build")
    before = json.loads((project / "docs" / "edition.json").read_text(encoding="utf-8"))
    victim = delete_paragraph(project, before, "putin-cmg")
    run(project, "build_edition.py", "build")
    run(project, "-m", "mkdocs", "build", "--strict", "--site-dir", "site")
    after = json.loads((project / "site" / "edition.json").read_text(encoding="utf-8"))
    retired = next(r for r in after["retired"] if r["id"] == victim["id"])
    old, new = victim["number"], retired["successor"].split(".p")[1]

    with serve_directory(project / "site") as base:
        context = browser.new_context(base_url=base)
        try:
            page = watch.attach(context.new_page())
            page.goto(f"/putin-cmg/#p{old}")
            notice = page.get_by_role("status").filter(has_text=f"¶{old}")
            expect(notice).to_have_text(f"¶{old} was {retired['reason']} on {retired['since']}; "
                                        f"showing its successor ¶{new}. What changed")
            assert notice.get_by_role("link").get_attribute("href") == "../revisions/"
            successor = page.locator(f"#p{new}")
            expect(successor).to_have_class("ed-p ed-target")
            expect(successor).to_be_in_viewport()
            if os.environ.get("EDITION_SHOTS"):  # for a person to look at, as in test_pages.py
                page.screenshot(path=Path(os.environ["EDITION_SHOTS"]) / "retired.png")
            # The next jump to a live paragraph clears the notice and the mark.
            page.evaluate("location.hash = '#p1'")
            expect(page.locator(".ed-notice")).to_have_count(0)
            expect(page.locator(".ed-target")).to_have_count(0)
            # A fragment that is not valid percent-encoding raises no error, and the notice still works after.
            page.goto("/putin-cmg/#%E0%A4%A")
            page.evaluate(f"location.hash = '#p{old}'")
            expect(page.get_by_role("status").filter(has_text=f"¶{old}")).to_contain_text(f"successor ¶{new}")
        finally:
            context.close()
