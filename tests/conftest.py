"""Shared fixtures: the real project, temporary copies of it, and a site built once per session."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "edition"  # a tiny edition for golden files and renderer tests
PROJECT_FILES = ("build_edition.py", "edition", "seeds", "notes", "pages", "mkdocs.yml", "zensical.yml", "overrides",
                 "VERSION", "CITATION.cff", ".zenodo.json", "LICENSE", "README.md")
ZENSICAL = Path(os.environ.get("EDITION_ZENSICAL", ROOT / ".venv-zensical" / "bin" / "zensical"))


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output instead of comparing")
    parser.addoption("--builder", choices=("mkdocs", "zensical"), default="mkdocs",
                     help="which site the browser tests run against: MkDocs + Material (site/) or Zensical "
                          "(site-zensical/, built with .venv-zensical/bin/zensical or $EDITION_ZENSICAL)")


def copy_project(dest: Path) -> Path:
    """A working copy of the project's inputs (no generated files) in ``dest``."""
    for name in PROJECT_FILES:
        src = ROOT / name
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, target)
    return dest


def run_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``build_edition.py`` in ``project`` with the test interpreter."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "build_edition.py", *args], cwd=project, env=env,
                          capture_output=True, text=True)


def mkdocs_build(project: Path) -> subprocess.CompletedProcess:
    """``build_edition.py site``: ``mkdocs build --strict`` into a fresh folder, published as site/."""
    return run_build(project, "site")


def zensical_build(project: Path) -> subprocess.CompletedProcess:
    """Zensical's strict build of ``project`` (docs/ already generated) into site-zensical/."""
    return subprocess.run([str(ZENSICAL), "build", "--strict", "-f", "zensical.yml"], cwd=project,
                          capture_output=True, text=True)


def copy_fixture_project(dest: Path) -> Path:
    """The fixture edition (tests/fixtures/edition/) as a project of its own: code, site config, inputs."""
    import yaml

    from edition import pipeline

    shutil.copytree(FIXTURE, dest, ignore=shutil.ignore_patterns("golden"))
    for name in ("build_edition.py", "edition", "overrides", "Makefile", "VERSION", "CITATION.cff", ".zenodo.json",
                 "LICENSE", "zensical.yml"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    pages = pipeline.BuildConfig.default(dest).pages
    shutil.copytree(ROOT / pages.relative_to(dest), pages)  # hand-written pages (about.md) the home page links
    # The real navigation, which names no text, less the pages the fixture has no input for (the registers).
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")  # site_url and site_name, for the run below
    build = pipeline.BuildConfig.default(dest)
    config["nav"] = nav_within(config["nav"], set(pipeline.run(build).files) | set(pipeline.hand_written(build)))
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def nav_within(nav: list, pages: set[str]) -> list:
    """``nav`` (MkDocs' list form) without the entries naming a page not in ``pages``, nor emptied sections."""
    kept = []
    for item in nav:
        title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        if isinstance(value, list):
            value = nav_within(value, pages)
            if not value:
                continue
        elif value not in pages:
            continue
        kept.append({title: value} if title is not None else value)
    return kept


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """A copy of the project with docs/ generated (with the PDF and EPUB) and site/ built by MkDocs (strict)."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = run_build(project, "build", "--books")
    assert result.returncode == 0, result.stderr
    site = mkdocs_build(project)
    assert site.returncode == 0, site.stderr
    return project


@pytest.fixture(scope="session")
def zensical_project(tmp_path_factory) -> Path:
    """A copy of the project with docs/ generated and site-zensical/ built by Zensical (strict)."""
    if not ZENSICAL.exists():
        pytest.fail(f"the Zensical build needs {ZENSICAL} (make .venv-zensical/.installed)")
    project = copy_project(tmp_path_factory.mktemp("zensical") / "project")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    site = zensical_build(project)
    assert site.returncode == 0 and "No issues found" in site.stdout + site.stderr, site.stdout + site.stderr
    return project


@pytest.fixture(scope="session")
def built_edition(built_project):
    """The built project's edition as the pipeline's typed data (run in memory, writing nothing)."""
    from edition import pipeline

    return pipeline.run(pipeline.BuildConfig.default(built_project)).edition


@pytest.fixture(scope="session")
def edition(built_project):
    import json

    return json.loads((built_project / "site" / "edition.json").read_text(encoding="utf-8"))


# Fixtures that hold the edition's own inputs (seeds, notes, lock): a test that uses one can see a change to
# them. The others run on fixtures of their own, so a note or a seed correction cannot change their result.
EDITION_FIXTURES = frozenset({"project", "built_project", "edition"})


def pytest_configure(config):
    config.addinivalue_line("markers", "edition: the test reads the edition's own seeds, notes or lock")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if EDITION_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.edition)
