"""Headless Chromium for the browser tests: Debian's /usr/bin/chromium, never a download.

Every request that would leave the local host is aborted and recorded; console errors,
page errors and failed requests are recorded too, so a test can assert that a page
loaded cleanly.
"""

from dataclasses import dataclass, field
from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Chromium's own look-ups (updates, safe browsing) never reach Playwright's routing:
    # make every host name but the loopback address unresolvable at the source.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
LOCAL_HOSTS = {"127.0.0.1"}
LOCAL_SCHEMES = {"file", "data", "blob", "about"}


def launch(playwright):
    """The browser every browser test uses."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                      headless=True)


def is_local(url):
    parsed = urlparse(url)
    return parsed.scheme in LOCAL_SCHEMES or parsed.hostname in LOCAL_HOSTS


@dataclass
class PageLog:
    """What went wrong while a page was open."""

    off_host: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)

    def problems(self):
        return {name: items for name, items in vars(self).items() if items}


def watch(context, page):
    """Block off-host requests in ``context`` and record the problems of ``page``."""
    log = PageLog()

    def gate(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            log.off_host.append(route.request.url)
            route.abort()

    context.route("**/*", gate)
    page.on("websocket", lambda ws: is_local(ws.url) or log.off_host.append(ws.url))
    page.on("console", lambda m: m.type == "error" and log.console_errors.append(
        f"{m.text} ({m.location.get('url', '')})"))
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))
    page.on("requestfailed", lambda r: r.url not in log.off_host and log.failed_requests.append(
        f"{r.url}: {r.failure}"))
    return log
