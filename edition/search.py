"""Search entries per paragraph (placeholder until the reader-side search lands)."""
from __future__ import annotations

from .model import Edition


def files(edition: Edition) -> dict[str, str]:
    """Extra files for the docs folder that the site's search needs, keyed by relative path."""
    return {}
