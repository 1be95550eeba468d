"""Contributing notes by pull request, end to end on a temporary copy of the project.

A newcomer's note, written from CONTRIBUTING.md's template, builds and links both ways; broken and hostile
notes are refused with file, line and code, and leave the tree exactly as it was.
"""
import re
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build, run_build
from test_cli import tree

TEMPLATE = re.search(r"```markdown\n(---\n.*?)```", (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"), re.S)


def test_the_template_note_builds_and_links_both_ways(project):
    assert TEMPLATE, "CONTRIBUTING.md has a ```markdown template block"
    for existing in (project / "notes").glob("*.md"):
        existing.unlink()  # only the newcomer's note, so its footnotes are the only ones
    (project / "notes" / "withdrawn.yml").unlink(missing_ok=True)  # its successors are gone with the notes
    (project / "notes" / "newcomer-note.md").write_text(TEMPLATE.group(1), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert mkdocs_build(project).returncode == 0
    targets = re.findall(r"- id: ([a-z-]+)\.p(\d+)", TEMPLATE.group(1))
    assert len(targets) >= 2
    for slug, number in targets:
        html = (project / "site" / slug / "index.html").read_text(encoding="utf-8")
        paragraph = re.search(rf'<p [^>]*id="p{number}"[^>]*>(.*?)</p>', html, re.S).group(1)
        assert 'href="#fn:newcomer-note-' + number + '"' in paragraph
        for other_slug, other_number in targets:
            if (other_slug, other_number) != (slug, number):
                assert f'href="../{other_slug}/#p{other_number}"' in html
    page = (project / "site" / "claims" / "newcomer-note" / "index.html").read_text(encoding="utf-8")
    assert "Your Name" in page  # the author is credited


HOSTILE = {
    "unknown-target.md": ("---\ntitle: T\nauthors: [A]\ntargets:\n  - snider.p9\n  - snider.p99\n---\nBody.\n",
                          6, "notes.unknown-target", "did you mean"),
    "bad-yaml.md": ("---\ntitle: T\nauthors: [A\ntargets:\n  - snider.p9\n---\nBody.\n", None, "notes.yaml", ""),
    "no-title.md": ("---\nauthors: [A]\ntargets: [snider.p9, hahn.p1]\n---\nBody.\n", None, "notes.title", ""),
    "no-targets.md": ("---\ntitle: T\nauthors: [A]\ntargets: []\n---\nBody.\n", 4, "notes.targets", ""),
    "twice.md": ("---\ntitle: T\nauthors: [A]\ntargets:\n  - snider.p9\n  - snider.p9\n---\nBody.\n",
                 6, "notes.duplicate-target", ""),
    "typo-field.md": ("---\ntitle: T\nauthors: [A]\ntarget:\n  - snider.p9\n---\nBody.\n", 4, "notes.unknown-field", "targets"),
    "long-gloss.md": ("---\ntitle: T\nauthors: [A]\ntargets:\n  - id: snider.p9\n    gloss: \"" + "x" * 300 + "\"\n---\nB.\n",
                      None, "notes.gloss-too-long", ""),
    "script.md": ("---\ntitle: T\nauthors: [A]\ntargets: [snider.p9]\n---\nFine.\n\n<script>alert(1)</script>\n",
                  8, "notes.html", ""),
    "img-onerror.md": ("---\ntitle: T\nauthors: [A]\ntargets: [snider.p9]\n---\n<img src=x onerror=alert(1)>\n",
                       6, "notes.html", ""),
    "iframe-gloss.md": ("---\ntitle: T\nauthors: [A]\ntargets:\n  - id: snider.p9\n    gloss: \"<iframe src=x>\"\n---\nB.\n",
                        None, "notes.html", ""),
    "js-link.md": ("---\ntitle: T\nauthors: [A]\ntargets: [snider.p9]\n---\nSee [this](javascript:alert(1)).\n",
                   6, "notes.link-scheme", ""),
    "attr-list.md": ("---\ntitle: T\nauthors: [A]\ntargets: [snider.p9]\n---\nText\n{: onclick=\"alert(1)\" }\n",
                     7, None, ""),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_broken_or_hostile_note_is_refused_and_nothing_changes(project, name):
    assert run_build(project).returncode == 0
    text, line, code, hint = HOSTILE[name]
    (project / "notes" / name).write_text(text, encoding="utf-8")
    before = tree(project)
    for command in ("build", "check"):
        result = run_build(project, command)
        assert result.returncode == 1, result.stdout
        assert tree(project) == before
        location = f"notes/{name}:{line}:" if line else f"notes/{name}:"
        assert location in result.stderr, result.stderr
        if code:
            assert f"[{code}]" in result.stderr, result.stderr
        assert hint in result.stderr


def test_all_problems_in_one_run(project):
    for name in ("unknown-target.md", "script.md", "js-link.md"):
        (project / "notes" / name).write_text(HOSTILE[name][0], encoding="utf-8")
    result = run_build(project, "check")
    assert result.returncode == 1
    for name in ("unknown-target.md", "script.md", "js-link.md"):
        assert f"notes/{name}:" in result.stderr
    assert "4 problems found" in result.stderr  # <script> and </script> are two


def test_duplicate_note_ids_are_refused(project):
    body = "---\ntitle: T\nauthors: [A]\ntargets: [snider.p9, hahn.p1]\n---\nBody.\n"
    (project / "notes" / "same-id.md").write_text(body, encoding="utf-8")
    (project / "notes" / "Same-Id.md").write_text(body, encoding="utf-8")
    result = run_build(project, "check")
    assert result.returncode == 1
    assert "notes/" in result.stderr and ("[notes.duplicate-id]" in result.stderr or "[notes.bad-id]" in result.stderr)
