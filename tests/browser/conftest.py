import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.chromium import launch
from tests.browser.site import ROOT, SiteServer

SITE = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html"))
SCREENSHOTS = ROOT / "tests" / "browser" / "screenshots"


def built_pages():
    """Every HTML page of the built site (Sphinx's own folders excluded)."""
    skip = {"_static", "_sources", "_downloads", "_images"}
    return sorted(str(p.relative_to(SITE)) for p in SITE.rglob("*.html")
                  if not skip & set(p.relative_to(SITE).parts))


@pytest.fixture(scope="session")
def site():
    if not (SITE / "index.html").exists():
        pytest.fail(f"no built site in {SITE}: run `make book` first")
    with SiteServer(SITE) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshots():
    """A folder for this run's screenshots (the last run's are removed): look at them."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS
