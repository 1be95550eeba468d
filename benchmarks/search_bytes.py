"""How many bytes, and how long, before the paragraph search shows its first result?

    python benchmarks/search_bytes.py [--site site] [--page /hahn/] [--phrase "the counteroffensive"]

Needs a built site (``make build``). In Debian's Chromium, with an empty cache, the site served gzip-compressed
as a host would (GitHub Pages and most others compress JSON, HTML, CSS and JS):

1. open a document page and count what it loads;
2. type a phrase into the search box and count, from the browser's resource timing, the search files that
   arrived before the first result showed, and those the whole query fetched;
3. the time from the last letter typed to the first result (it includes the 120 ms the box waits for the
   reader to pause), without throttling and at 10 Mbit/s with 20 ms latency, and the JavaScript heap the search added
   (measured after a garbage collection, before and after the query); each a median of ``--runs``.

Then the index as built: its files, their total size and the head every query fetches first.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHRASE = "the counteroffensive"
TEN_MBIT = 10e6 / 8  # bytes per second
LATENCY_MS = 20  # with the throttle; Chromium stalls some throttled requests at 0 ms
COMPRESSED = {".html", ".json", ".js", ".css", ".svg", ".xml", ".txt"}


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def kb(n: float) -> str:
    return f"{n / 1024:7.1f} KiB"


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a compressing host would: gzip for text files, when the browser accepts it."""

    def log_message(self, format, *args):  # noqa: A002
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def served(site: Path):
    """The site on 127.0.0.1, served by a child process (a server thread here would wait on the browser)."""
    child = subprocess.Popen([sys.executable, __file__, "--serve", str(site)], stdout=subprocess.PIPE, text=True)
    try:
        yield f"http://127.0.0.1:{int(child.stdout.readline())}"
    finally:
        child.terminate()
        child.wait()


def serve(site: str) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=site))
    print(server.server_address[1], flush=True)
    server.serve_forever()


# In the page: when the last letter was typed and when the first result showed.
WATCH = """() => {
  window.__typed = 0; window.__shown = 0;
  document.getElementById("ed-search-input").addEventListener("input", () => { window.__typed = performance.now(); });
  const meta = document.getElementById("ed-search-meta");
  const observer = new MutationObserver(() => {
    if (!window.__shown && (document.querySelector("#ed-search-list a") || meta.textContent.startsWith("No ")))
      window.__shown = performance.now();
  });
  observer.observe(document.getElementById("ed-search-list"), { childList: true });
  observer.observe(meta, { childList: true, characterData: true, subtree: true });
}"""
RESOURCES = """() => performance.getEntriesByType("resource").map(e => [new URL(e.name).pathname, e.transferSize,
  e.encodedBodySize, e.decodedBodySize, e.responseEnd])"""


def one_search(browser, base: str, page_path: str, phrase: str, throttle: float | None) -> dict:
    """Open the page, search once; what was fetched (path → gzip bytes, raw bytes, when), and the times."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if throttle:
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": LATENCY_MS,
                                                      "downloadThroughput": throttle, "uploadThroughput": throttle})
    page.goto(base + page_path, wait_until="networkidle")
    with_page = {path: (body, raw) for path, _, body, raw, _ in page.evaluate(RESOURCES)}
    page.evaluate(WATCH)
    page.click("#ed-search-input")
    page.wait_for_load_state("networkidle")
    cdp.send("HeapProfiler.collectGarbage")
    heap_before = cdp.send("Runtime.getHeapUsage")["usedSize"]
    page.keyboard.type(phrase)
    page.wait_for_function("window.__shown > 0")
    page.wait_for_function("!document.getElementById('ed-search-meta').textContent.endsWith('…')")
    page.wait_for_load_state("networkidle")
    typed, shown = page.evaluate("[window.__typed, window.__shown]")
    fetched = [(path, body, raw, end) for path, _, body, raw, end in page.evaluate(RESOURCES) if "/search/" in path]
    cdp.send("HeapProfiler.collectGarbage")
    heap_after = cdp.send("Runtime.getHeapUsage")["usedSize"]
    results = page.locator("#ed-search-list a").count()
    meta = page.inner_text("#ed-search-meta")
    context.close()
    return {"with_page": with_page, "fetched": fetched, "first": [f for f in fetched if f[3] <= shown],
            "ms": shown - typed, "heap": heap_after - heap_before, "results": results, "meta": meta}


def measure(site: Path, page_path: str = "/hahn/", phrase: str = PHRASE, runs: int = 3) -> dict:
    """The search measured in Chromium: bytes before the first result and for the whole query, times, heap."""
    from playwright.sync_api import sync_playwright

    with served(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        fast = [one_search(browser, base, page_path, phrase, None) for _ in range(runs)]
        slow = [one_search(browser, base, page_path, phrase, TEN_MBIT) for _ in range(runs)]
        browser.close()
    last = fast[-1]
    return {
        "with_page": last["with_page"], "fetched": last["fetched"], "first": last["first"],
        "first_gz": sum(f[1] for f in last["first"]), "first_raw": sum(f[2] for f in last["first"]),
        "query_gz": sum(f[1] for f in last["fetched"]), "query_raw": sum(f[2] for f in last["fetched"]),
        "ms": statistics.median(r["ms"] for r in fast), "ms_10mbit": statistics.median(r["ms"] for r in slow),
        "heap": statistics.median(r["heap"] for r in fast), "results": last["results"], "meta": last["meta"],
    }


def main() -> int:
    if sys.argv[1:2] == ["--serve"]:
        serve(sys.argv[2])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", default=str(ROOT / "site"), help="the built site (default: site/)")
    parser.add_argument("--page", default="/hahn/", help="the document page opened first (default: /hahn/)")
    parser.add_argument("--phrase", default=PHRASE, help=f"what is typed (default: {PHRASE!r})")
    parser.add_argument("--runs", type=int, default=3, help="searches per figure; the median is printed")
    args = parser.parse_args()
    site = Path(args.site)
    if not (site / "search" / "index.json").exists():
        parser.error(f"{site} has no search/index.json: run `make build` first")

    m = measure(site, args.page, args.phrase, args.runs)
    page_gz = sum(body for body, _ in m["with_page"].values())
    print(f"Opening {args.page} and searching for {args.phrase!r} (gzip bytes as sent, raw as stored)")
    print(f"  the page itself ({len(m['with_page'])} files): {kb(page_gz)} gzip; no search file among them: "
          f"{not any('/search/' in p for p in m['with_page'])}")
    for path, body, raw, _ in m["fetched"]:
        print(f"  {'before' if (path, body, raw, _) in m['first'] else 'after '} the first result: {path:<28} "
              f"{kb(body)} gzip {kb(raw)} raw")
    print(f"  search bytes before the first result: {kb(m['first_gz'])} gzip ({len(m['first'])} files); "
          f"the whole query: {kb(m['query_gz'])} gzip ({len(m['fetched'])} files)")
    print(f"  last letter to first result (median of {args.runs}): {m['ms']:.0f} ms; at 10 Mbit/s: "
          f"{m['ms_10mbit']:.0f} ms; JS heap added by the query: {m['heap'] / 2**20:.1f} MiB")
    print(f"  the box says: {m['meta']!r}; {m['results']} results listed")

    folder = site / "search"
    files = [f for f in folder.rglob("*.json")]
    total = sum(f.stat().st_size for f in files)
    print(f"\nThe index as built: {len(files)} files, {kb(total)} raw, {kb(sum(gz(f.read_bytes()) for f in files))} "
          f"gzip; its head (search/index.json, fetched first) {kb(gz((folder / 'index.json').read_bytes()))} gzip")
    return 0


if __name__ == "__main__":
    sys.exit(main())
