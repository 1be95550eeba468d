"""The edition as a publication: its version, editors, publisher and licences.

``VERSION`` (one line, e.g. ``1.0.0``) is the one source of the edition's version. ``CITATION.cff`` is the one
source of the edition's title, editors, publisher, address and licences; the build reads both and stamps them
into every export (edition.json, annotations, TEI headers, PDF, EPUB). Three files must repeat the version
for tools that cannot read ``VERSION`` (GitHub and Zenodo read ``CITATION.cff`` and ``.zenodo.json``; the site
footer comes from ``mkdocs.yml``): :func:`check_stamps` fails the build when any of them disagrees.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from .errors import EditionError, Location, Problem
from .model import Publication
from .yamlsrc import LineDict, load_yaml

VERSION_FILE = "VERSION"
CITATION_FILE = "CITATION.cff"
ZENODO_FILE = ".zenodo.json"
MKDOCS_FILE = "mkdocs.yml"

RE_VERSION = re.compile(r"""(?x)
    ^ \d+ \. \d+ \. \d+          # major.minor.patch
    (?: - [0-9A-Za-z.]+ )?       # an optional pre-release tag: 1.0.0-rc.1
    $""")
RE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# The licence of the editorial work (notes, metadata, apparatus); the code's is in LICENSE.
EDITORIAL_LICENCE = "CC-BY-4.0"
LICENCE_URLS = {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
                "MIT": "https://opensource.org/license/mit"}
SOURCE_RIGHTS = ("The source texts belong to their authors and publishers; they are reproduced unaltered for "
                 "scholarship, criticism and research. They are not covered by the edition's licences.")


def _read_required(root: Path, name: str, what: str, code: str, hint: str) -> str:
    """The text of the project file ``name``; missing or not UTF-8, one error naming it (``what`` is what it
    is to a reader, e.g. "the edition's version file")."""
    try:
        return (root / name).read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        raise EditionError.at(name, None, f"{what} is missing or not UTF-8", code, hint) from None


def read_version(root: Path) -> str:
    text = _read_required(root, VERSION_FILE, "the edition's version file", "version.missing",
                          "create it with one line such as 1.0.0")
    version = text.strip()
    if text.count("\n") > 1 or not RE_VERSION.match(version):
        raise EditionError.at(VERSION_FILE, 1, f"'{version[:40]}' is not a version number",
                              "version.malformed", "write one line such as 1.0.0 or 1.1.0-rc.1")
    return version


def _text(data: LineDict, key: str, problems: list[Problem], default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(Location(CITATION_FILE, data.line_of(key)), f"'{key}' must be a non-empty text",
                                "citation.field"))
        return ""
    return str(value).strip()


def _people(data: LineDict, problems: list[Problem]) -> tuple[str, ...]:
    names = []
    authors = data.get("authors")
    for i, person in enumerate(authors if isinstance(authors, list) else []):
        if isinstance(person, dict) and person.get("name"):
            names.append(str(person["name"]))
        elif isinstance(person, dict) and person.get("family-names"):
            names.append(" ".join(str(person[k]) for k in ("given-names", "family-names") if person.get(k)))
        else:
            problems.append(Problem(Location(CITATION_FILE, authors.line_of(i)),
                                    "an author needs 'name' (an organisation) or 'family-names'", "citation.author"))
    if not names and not problems:
        problems.append(Problem(Location(CITATION_FILE, data.line), "'authors' must list the edition's editors",
                                "citation.author"))
    return tuple(names)


def load_publication(root: Path) -> Publication:
    """Read ``VERSION`` and ``CITATION.cff`` from the project root and check the copies of the version."""
    version = read_version(root)
    text = _read_required(root, CITATION_FILE, "the edition's citation file", "citation.missing",
                          "restore CITATION.cff from the repository")
    data = load_yaml(text, CITATION_FILE, code="citation.syntax")
    if not isinstance(data, LineDict):
        raise EditionError.at(CITATION_FILE, 1, "expected a mapping of CFF fields", "citation.syntax")
    problems: list[Problem] = []
    licences = data.get("license")
    licences = [str(x) for x in licences] if isinstance(licences, list) else [str(licences)]
    if EDITORIAL_LICENCE not in licences or len(licences) != 2:
        problems.append(Problem(Location(CITATION_FILE, data.line_of("license")),
                                f"'license' must list the code's licence and {EDITORIAL_LICENCE} (the editorial work)",
                                "citation.license"))
    date = str(data.get("date-released", ""))
    if not RE_DATE.match(date):
        problems.append(Problem(Location(CITATION_FILE, data.line_of("date-released")),
                                "'date-released' must be a date such as 2026-12-01", "citation.field"))
    publication = Publication(
        title=_text(data, "title", problems), version=version, date=date, editors=_people(data, problems),
        publisher=_publisher(data, problems),
        url=_text(data, "url", problems), repository=_text(data, "repository-code", problems),
        licence=EDITORIAL_LICENCE, code_licence=next((x for x in licences if x != EDITORIAL_LICENCE), ""),
        licence_url=LICENCE_URLS[EDITORIAL_LICENCE])
    problems.extend(check_stamps(root, version, data))
    if problems:
        raise EditionError(problems)
    return publication


def _publisher(data: LineDict, problems: list[Problem]) -> str:
    """CFF has no publisher of the work itself; the edition names it in ``preferred-citation``."""
    cited = data.get("preferred-citation")
    if isinstance(cited, dict) and isinstance(cited.get("publisher"), dict) and cited["publisher"].get("name"):
        return str(cited["publisher"]["name"])
    problems.append(Problem(Location(CITATION_FILE, data.line_of("preferred-citation")),
                            "'preferred-citation' must name the 'publisher'", "citation.field"))
    return ""


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may carry tags such as !!python/name: that only MkDocs resolves; they are read as None here."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _line_of(text: str, pattern: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if re.search(pattern, line):
            return number
    return None


def check_stamps(root: Path, version: str, citation: LineDict) -> list[Problem]:
    """Every other file that repeats the version must repeat ``VERSION`` exactly."""
    hint = f"set it to {version}, the version in {VERSION_FILE}"
    problems = []
    if str(citation.get("version", "")) != version:
        problems.append(Problem(Location(CITATION_FILE, citation.line_of("version")),
                                f"'version' is '{citation.get('version', '')}', not {version}", "version.mismatch", hint))
    cited = citation.get("preferred-citation")
    if isinstance(cited, LineDict) and str(cited.get("version", "")) != version:
        problems.append(Problem(Location(CITATION_FILE, cited.line_of("version")),
                                f"preferred-citation 'version' is '{cited.get('version', '')}', not {version}",
                                "version.mismatch", hint))
    zenodo = root / ZENODO_FILE
    if zenodo.exists():
        text = zenodo.read_text(encoding="utf-8")
        try:
            stated = json.loads(text).get("version")
        except (ValueError, AttributeError):
            stated = None
        if stated != version:
            problems.append(Problem(Location(ZENODO_FILE, _line_of(text, r'"version"')),
                                    f"'version' is '{stated}', not {version}", "version.mismatch", hint))
    mkdocs = root / MKDOCS_FILE
    if mkdocs.exists():
        text = mkdocs.read_text(encoding="utf-8")
        try:
            config = yaml.load(text, Loader=_TolerantLoader) or {}
        except yaml.YAMLError:
            config = {}
        extra = config.get("extra") or {}
        if str(extra.get("version", "")) != version:
            problems.append(Problem(Location(MKDOCS_FILE, _line_of(text, r"^\s+version:")),
                                    f"extra.version is '{extra.get('version', '')}', not {version}",
                                    "version.mismatch", hint))
        if f"version {version}" not in str(config.get("copyright", "")):
            problems.append(Problem(Location(MKDOCS_FILE, _line_of(text, r"^copyright:")),
                                    f"the footer ('copyright') does not say 'version {version}'",
                                    "version.mismatch", hint))
    return problems
