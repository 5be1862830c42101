"""Open a page of the built book in Chromium and wait until it has settled.

"Settled" means: loaded, MathJax finished typesetting, and every widget view the page
embeds has been rendered by the widget manager.
"""

import http.server
import threading
from functools import partial
from pathlib import Path

from tests.browser.chromium import watch

ROOT = Path(__file__).resolve().parents[2]
WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'

SETTLED_JS = f"""() => {{
  const mj = window.MathJax;
  const mathDone = !document.querySelector('.math') || (mj && mj.startup && mj.startup.document
      && document.querySelectorAll('mjx-container').length > 0);
  const views = document.querySelectorAll('{WIDGET_VIEW}').length;
  const rendered = document.querySelectorAll('.bp-widget').length;
  return document.readyState === 'complete' && mathDone && rendered >= views;
}}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class SiteServer:
    """The built site served on 127.0.0.1 (a free port) from a thread of the test process."""

    def __init__(self, root):
        handler = partial(QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def new_page(browser, width=1200, height=900):
    """A page in a fresh browser context, watched: returns (page, log)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    return page, watch(context, page)


def settle(page):
    """Wait until the page's maths is typeset and its widgets are rendered."""
    page.wait_for_function(SETTLED_JS, timeout=30_000)
    if page.locator(".math").count():
        page.evaluate("() => window.MathJax.startup.promise")


def open_page(browser, url, width=1200, height=900):
    """Open ``url`` in a fresh context; return (page, log) once the page has settled."""
    page, log = new_page(browser, width, height)
    page.goto(url, wait_until="load")
    settle(page)
    return page, log
