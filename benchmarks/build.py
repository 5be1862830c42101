"""How long the book takes to build, and how heavy the built site and a chapter page are.

Builds into a temporary folder (the project's own _build is left alone):
1. a clean build: empty execution cache, every notebook executed;
2. a full rebuild (``--all``) with that cache warm: every page re-rendered, no notebook run;
then reports the ratio of the two, measured in this one run, the size of the site, and the
bytes a reader's browser fetches to show chapter 01 (the page and everything it loads).

Run it with ``make bench`` (it needs the assets ``make book`` gathers).
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.chromium import launch  # noqa: E402
from tests.browser.site import SiteServer, new_page, settle  # noqa: E402

CHAPTER = "book/01_neural_networks.html"


def build(out, *extra):
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    start = time.perf_counter()
    subprocess.run([jupyter_book, "build", ".", "--path-output", out, "--warningiserror",
                    "--keep-going", "--quiet", *extra], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def folder_size(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def page_weight(site, page_path):
    """Bytes and requests the browser needs for one page, with every script it loads."""
    sizes = {}
    with SiteServer(site) as server, sync_playwright() as playwright:
        browser = launch(playwright)
        page, _ = new_page(browser)
        page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())))
        page.goto(server.url + page_path, wait_until="networkidle")
        settle(page)
        browser.close()
    return sum(sizes.values()), len(sizes)


def main():
    with tempfile.TemporaryDirectory() as out:
        clean = build(out)
        warm = build(out, "--all")
        html = Path(out) / "_build" / "html"
        site_bytes = folder_size(html)
        page_bytes, requests = page_weight(html, CHAPTER)
    print(f"clean build (every notebook executed): {clean:7.1f} s")
    print(f"full rebuild, execution cache warm:    {warm:7.1f} s")
    print(f"clean / warm rebuild ratio:            {clean / warm:7.2f}")
    print(f"built site:                            {site_bytes / 1e6:7.1f} MB")
    print(f"{CHAPTER} with its assets: {page_bytes / 1e6:.2f} MB in {requests} requests")


if __name__ == "__main__":
    main()
