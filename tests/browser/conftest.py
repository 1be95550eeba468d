"""Browser fixtures: the built site served on 127.0.0.1, one Debian Chromium for the session, and pages that
fail their test on a console error or on any request to another host.

The site is the one ``built_project`` (tests/conftest.py) builds from a copy of the project, or with
``--builder zensical`` the one ``zensical_project`` builds with Zensical. While working on the theme,
``EDITION_SITE=path/to/site`` tests an already built site instead.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from edition.site import load_site

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 900}


# The path of mkdocs.yml's site_url ("/ukraine-war-edition/"). Pages are served at the root here, but the 404
# page links its assets by absolute path under the site_url (it may be shown at any depth), so that path is
# served too, as it is where the site is deployed.
SITE_PATH = urlsplit(load_site(Path(__file__).resolve().parents[2]).url).path.rstrip("/")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature is http.server's
        pass

    def translate_path(self, path):
        if SITE_PATH and (path == SITE_PATH or path.startswith(SITE_PATH + "/")):
            path = path[len(SITE_PATH):] or "/"
        return super().translate_path(path)


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 at a free port, in a thread; yields the base URL (no trailing slash)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def serve_directory():
    """:func:`serve`, for a test that builds a site of its own."""
    return serve


@pytest.fixture(scope="session")
def builder(request) -> str:
    """Which build the browser tests run against: "mkdocs" (the default) or "zensical" (``--builder``)."""
    return request.config.getoption("--builder")


@pytest.fixture(scope="session")
def site(request, builder) -> Path:
    """The built site folder: site/ from MkDocs, or site-zensical/ from Zensical with ``--builder zensical``."""
    prebuilt = os.environ.get("EDITION_SITE")
    if prebuilt:
        return Path(prebuilt).resolve()
    if builder == "zensical":
        return request.getfixturevalue("zensical_project") / "site-zensical"
    return request.getfixturevalue("built_project") / "site"


@pytest.fixture(scope="session")
def site_data(site) -> dict:
    """The site's edition.json."""
    return json.loads((site / "edition.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def server(site):
    with serve(site) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"the browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watch:
    """What a page did that it must not: requests to other hosts, console errors, uncaught exceptions."""

    def __init__(self):
        self.problems: list[str] = []

    def attach(self, page):
        page.on("request", self._request)
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"uncaught exception: {e}"))
        return page

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1":
            self.problems.append(f"request to another host: {request.url}")


@pytest.fixture
def watch():
    watch = Watch()
    yield watch
    assert not watch.problems, "\n".join(watch.problems)


@pytest.fixture
def context(browser, server):
    context = browser.new_context(viewport=VIEWPORT, base_url=server)
    yield context
    context.close()


@pytest.fixture
def page(context, watch):
    """A page of the served site, watched (see :class:`Watch`)."""
    return watch.attach(context.new_page())
