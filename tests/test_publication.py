"""The edition as a citable publication: one version (VERSION) stamped everywhere, CITATION.cff, .zenodo.json,
the licences, and `make release` (edition/publication.py, edition/release.py)."""
import hashlib
import io
import json
import os
import re
import subprocess
import tarfile

import pytest

from conftest import ROOT
from edition import cli
from edition.publication import load_publication
from edition.release import make_release

CFFCONVERT = ROOT / ".venv" / "cffconvert" / "bin" / "cffconvert"


def version_of(project) -> str:
    return (project / "VERSION").read_text(encoding="utf-8").strip()


def test_citation_cff_is_valid_cff(tmp_path):
    if not CFFCONVERT.exists():
        if os.environ.get("CI"):
            pytest.fail("cffconvert is not installed: `make test` installs it into .venv/cffconvert")
        pytest.skip("cffconvert is not installed (make .venv/cffconvert/.installed)")
    result = subprocess.run([str(CFFCONVERT), "--validate", "-i", str(ROOT / "CITATION.cff")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout


def test_publication_comes_from_version_and_citation_files():
    pub = load_publication(ROOT)
    assert pub.version == version_of(ROOT)
    assert pub.licence == "CC-BY-4.0" and pub.code_licence == "MIT"
    assert pub.editors and pub.publisher and pub.url.startswith("https://")
    assert f"version {pub.version}" in pub.citation()
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo["version"] == pub.version and zenodo["license"] == "cc-by-4.0"
    assert zenodo["upload_type"] and zenodo["creators"] and zenodo["title"] == pub.title
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")


def test_version_is_stamped_in_footer_page_data_and_exports(built_project, edition):
    version = version_of(built_project)
    site = built_project / "site"
    for page in ("index.html", "snider/index.html", "about/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        footer = html[html.index('<footer class="md-footer">'):]
        assert f"version {version}" in footer, page
        data = json.loads(re.search(r'<script type="application/json" id="ed-page">(.*?)</script>', html, re.S)[1])
        assert data["version"] == version
    assert edition["edition"]["version"] == version and f"version {version}" in edition["edition"]["citation"]
    annotations = json.loads((site / "annotations.jsonld").read_text(encoding="utf-8"))
    assert annotations["label"].endswith(f"version {version}")
    assert f'<edition n="{version}">' in (site / "tei" / "snider.xml").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Cite the edition" in home and f"version {version}" in home
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "belong to their authors and publishers" in about and "CC BY 4.0" in about


def run_check(project, capsys) -> tuple[int, str]:
    code = cli.main(["check", "--root", str(project)])
    return code, capsys.readouterr().err


def test_a_version_that_disagrees_fails_the_check_at_each_file(project, capsys):
    (project / "VERSION").write_text("1.1.0\n", encoding="utf-8")
    code, err = run_check(project, capsys)
    assert code == 1
    for where in ("CITATION.cff:", ".zenodo.json:", "mkdocs.yml:"):
        assert re.search(rf"^error: {re.escape(where)}\d+: .*not 1\.1\.0.* \[version\.mismatch\]$", err, re.M), where
    assert "set it to 1.1.0, the version in VERSION" in err
    assert "nothing was written" in err and not (project / "docs" / "index.md").exists()


@pytest.mark.parametrize("text, code", [("", "version.malformed"), ("v1\n", "version.malformed"),
                                        ("1.0.0\n2.0.0\n", "version.malformed"), (None, "version.missing")])
def test_a_bad_version_file_is_refused(project, capsys, text, code):
    if text is None:
        (project / "VERSION").unlink()
    else:
        (project / "VERSION").write_text(text, encoding="utf-8")
    status, err = run_check(project, capsys)
    assert status == 1 and f"error: VERSION" in err and f"[{code}]" in err


def test_citation_without_the_editorial_licence_is_refused(project, capsys):
    path = project / "CITATION.cff"
    path.write_text(path.read_text(encoding="utf-8").replace("  - CC-BY-4.0\n", ""), encoding="utf-8")
    status, err = run_check(project, capsys)
    assert status == 1 and re.search(r"error: CITATION.cff:\d+: 'license' must list .*\[citation.license\]", err)


def test_release_packs_site_and_exports_deterministically_with_checksums(built_project, tmp_path):
    pub = load_publication(built_project)
    first = make_release(built_project, built_project / "site", tmp_path / "a", pub)
    second = make_release(built_project, built_project / "site", tmp_path / "b", pub)
    data = first.archive.read_bytes()
    assert data == second.archive.read_bytes()
    assert first.archive.name == f"ukraine-war-edition-{pub.version}.tar.gz"
    assert first.checksum.read_text(encoding="utf-8") == f"{hashlib.sha256(data).hexdigest()}  {first.archive.name}\n"
    top = f"ukraine-war-edition-{pub.version}"
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = {m.name: m for m in tar.getmembers()}
        for name in ("site/edition.pdf", "site/edition.epub", "site/tei/edition.xml", "site/edition.json",
                     "CITATION.cff", "LICENSE", "VERSION"):
            assert f"{top}/{name}" in members, name
        assert {m.mtime for m in members.values()} == {members[f"{top}/VERSION"].mtime}
        sums = tar.extractfile(f"{top}/SHA256SUMS").read().decode("utf-8").splitlines()
        listed = {}
        for line in sums:
            digest, name = line.split("  ", 1)
            listed[name] = digest
        files = {m.name.removeprefix(top + "/") for m in members.values() if m.isfile()} - {"SHA256SUMS"}
        assert set(listed) == files
        for name, digest in listed.items():
            assert hashlib.sha256(tar.extractfile(f"{top}/{name}").read()).hexdigest() == digest


def test_release_without_a_built_site_says_what_to_do(project, capsys):
    code = cli.main(["release", "--root", str(project)])
    err = capsys.readouterr().err
    assert code == 1 and "[release.no-site]" in err and "make build" in err
