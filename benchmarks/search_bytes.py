"""How many bytes does a reader download before the paragraph search shows its first result?

    python benchmarks/search_bytes.py [--site site] [--scale 1,4,16,64]

Needs a built site (``make build``). Two measurements:

1. In Debian's Chromium: open a document page with an empty cache, count the bytes of every response; then
   type a phrase into the search box and count the bytes fetched until the first result shows. The site is
   served uncompressed (http.server), so the gzip figures beside them are what a compressing host (GitHub
   Pages, most others) would send, computed from the same files.
2. Growth: the search index of the edition repeated N times (new slugs, the same text), built with
   ``edition.search.index``, raw and gzipped, and the bytes per paragraph.

For comparison it also prints what Material's own search would have loaded with every page (its worker and
search_index.json), which the edition's search replaces, when a build still makes it.
"""
from __future__ import annotations

import argparse
import dataclasses
import functools
import gzip
import http.server
import json
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
PHRASE = "the counteroffensive"


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def kb(n: int) -> str:
    return f"{n / 1024:7.1f} KiB"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def measure_in_browser(site: Path, page_path: str) -> tuple[dict[str, int], dict[str, int]]:
    """Bytes per URL path: those loaded with the page, then those loaded until the first search result."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    loaded: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM,
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()
            page.on("response", lambda r: loaded.__setitem__(urlsplit(r.url).path, len(r.body())))
            page.goto(base + page_path, wait_until="networkidle")
            with_page = dict(loaded)
            page.click("#ed-search-input")
            page.keyboard.type(PHRASE)
            page.wait_for_selector("#ed-search-list a")
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    return with_page, {k: v for k, v in loaded.items() if k not in with_page}


def gzip_of(site: Path, paths) -> int:
    total = 0
    for path in paths:
        file = site / path.lstrip("/")
        if file.is_dir() or path.endswith("/"):
            file = file / "index.html"
        total += gz(file.read_bytes()) if file.exists() else 0
    return total


def scaled_edition(edition, times: int):
    """The edition's documents repeated ``times`` times under new slugs."""
    documents = []
    for n in range(times):
        for doc in edition.documents:
            slug = doc.meta.slug if n == 0 else f"{doc.meta.slug}-{n}"
            paragraphs = tuple(dataclasses.replace(p, id=f"{slug}.p{p.number}") for p in doc.paragraphs)
            documents.append(dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, slug=slug),
                                                 paragraphs=paragraphs))
    return dataclasses.replace(edition, documents=tuple(documents))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", default=str(ROOT / "site"), help="the built site (default: site/)")
    parser.add_argument("--page", default="/hahn/", help="the document page opened first (default: /hahn/)")
    parser.add_argument("--scale", default="1,4,16,64", help="edition sizes for the growth table")
    args = parser.parse_args()
    site = Path(args.site)
    if not (site / "search" / "paragraphs.json").exists():
        parser.error(f"{site} has no search/paragraphs.json: run `make build` first")

    with_page, for_search = measure_in_browser(site, args.page)
    page_raw, search_raw = sum(with_page.values()), sum(for_search.values())
    page_gz, search_gz = gzip_of(site, with_page), gzip_of(site, for_search)
    print(f"Opening {args.page} and searching for {PHRASE!r} (bytes of response bodies; gzip as a host would send)")
    print(f"  the page itself ({len(with_page)} files):  {kb(page_raw)}  raw  {kb(page_gz)}  gzip")
    for path, size in sorted(with_page.items(), key=lambda item: -item[1]):
        print(f"      {path:<52} {kb(size)}  raw  {kb(gzip_of(site, [path]))}  gzip")
    for path, size in sorted(for_search.items()):
        print(f"  then, for the search: {path}  {kb(size)}  raw  {kb(gzip_of(site, [path]))}  gzip")
    print(f"  before the first result, in all:      {kb(page_raw + search_raw)}  raw  "
          f"{kb(page_gz + search_gz)}  gzip")
    material = [site / "search" / "search_index.json", *sorted((site / "assets/javascripts/workers").glob("search*.js"))]
    material_raw = sum(f.stat().st_size for f in material if f.exists())
    material_gz = sum(gz(f.read_bytes()) for f in material if f.exists())
    if material_raw:
        print(f"  (Material's own search would load {kb(material_raw)} raw, {kb(material_gz)} gzip, with every page)")
    else:
        print("  (the theme's own search index is not built: mkdocs.yml lists no search plugin)")

    from edition import pipeline, search

    edition = pipeline.run(pipeline.BuildConfig.default(ROOT)).edition
    print("\nGrowth of the search index with the size of the edition")
    print(f"  {'documents':>9} {'paragraphs':>10} {'raw':>12} {'gzip':>12} {'raw/paragraph':>14}")
    for times in (int(x) for x in args.scale.split(",")):
        bigger = scaled_edition(edition, times)
        data = json.dumps(search.index(bigger), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        count = sum(len(d.paragraphs) for d in bigger.documents)
        print(f"  {len(bigger.documents):>9} {count:>10} {kb(len(data))} {kb(gz(data))} {len(data) / count:>12.0f} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())
