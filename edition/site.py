"""What the edition knows about the site it is published on: its address, its name and its version.

One source for each: ``site_url`` and ``site_name`` in ``mkdocs.yml`` (which MkDocs and Zensical read too, for
the sitemap and canonical links), the version in the top-level ``VERSION`` file. Citations, the page metadata
and the exports are built from these, so every URL they carry is absolute once ``site_url`` is set.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import MetadataError

SITE_CONFIG = "mkdocs.yml"
VERSION_FILE = "VERSION"


class _IgnoreTags(yaml.SafeLoader):
    """A safe loader that reads ``!ENV`` and ``!!python/name`` tags (MkDocs' own) as plain values."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Site:
    url: str  # "https://…/ukraine-war-edition/", always ending in "/"; "" when not configured
    name: str
    version: str  # "" when there is no VERSION file

    def absolute(self, path: str) -> str:
        """A site-relative address (``snider/#p9``) made absolute, or left relative without a ``site_url``."""
        return self.url + path if self.url else path


def load_site(root: Path) -> Site:
    """The site settings of the project in ``root``; a project without ``mkdocs.yml`` gets empty ones."""
    config_path = root / SITE_CONFIG
    config: dict = {}
    if config_path.exists():
        try:
            config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_IgnoreTags) or {}
        except yaml.YAMLError as error:
            line = error.problem_mark.line + 1 if getattr(error, "problem_mark", None) else None
            raise MetadataError.at(SITE_CONFIG, line, f"cannot read the site configuration: {error}",
                                   "site.config", "fix the YAML syntax of mkdocs.yml") from None
    url = str(config.get("site_url") or "").strip()
    if url and not url.endswith("/"):
        url += "/"
    version_path = root / VERSION_FILE
    version = version_path.read_text(encoding="utf-8").strip() if version_path.exists() else ""
    return Site(url=url, name=str(config.get("site_name") or ""), version=version)
