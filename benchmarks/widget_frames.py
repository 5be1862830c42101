"""How long each widget of the built book takes to answer one slider input.

For every widget on every chapter and workbook page, every range input is set to 200
random values in turn, one per animation frame (as when a reader drags a slider: the
browser delivers at most one input per frame); for each, the time from dispatching the
input event to the end of the style and layout it caused (the widget's JavaScript plus
the browser's relayout, forced by reading the page's size) is measured with
performance.now(). Painting is not included. A frame lasts 16.7 ms at 60 Hz: an input
that takes longer drops a frame. (Inputs fired back to back, with no frame between them,
also measure the garbage collections the loop itself provokes.)

The same inputs are then sent again and recorded in a Chromium trace (tracing costs time
itself, so it is off while the wall-clock times are taken), which gives the CPU time the
page's main thread spent on each input's whole frame: the input, style, layout and paint.
Wall-clock time also counts the moments the operating system runs something else, which
on a shared machine makes an occasional input look slow; CPU time does not.

Run it with ``make bench`` (after ``make book``). Prints, per widget, the median, the
95th percentile and the worst wall-clock time in milliseconds and the number of inputs
over one frame, then the median and worst main-thread CPU time of a frame and the number
of frames over 16.7 ms.
"""

import bisect
import json
import re
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.chromium import launch  # noqa: E402
from tests.browser.site import SiteServer, open_page  # noqa: E402

SITE = ROOT / "_build" / "html"
INPUTS = 200
FRAME_MS = 1000 / 60
# The theme's script looks over the page's scrollable boxes 300 ms after the page last
# changed (a layout of the whole page, about 10 ms): let it finish before measuring.
SETTLE_MS = 1000

MEASURE_JS = """async (root, count) => {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const times = [];
  for (const input of root.querySelectorAll('input[type=range]')) {
    const min = Number(input.min), max = Number(input.max), step = Number(input.step) || 1;
    const positions = Math.round((max - min) / step);
    for (let i = 0; i < count; i++) {
      await frame();
      input.value = String(min + step * Math.round(random() * positions));
      const start = performance.now();
      input.dispatchEvent(new Event('input', {bubbles: true}));
      root.getBoundingClientRect();
      void document.body.offsetHeight;
      times.push(performance.now() - start);
    }
  }
  return times;
}"""


def frame_cpu(trace_path):
    """Main-thread CPU milliseconds of each input's frame, from the thread durations
    (``tdur``) of a Chromium trace: every task the page's main thread ran from the one that
    dispatched the input up to the one that dispatches the next, which includes the frame's
    style, layout and paint as well as any timer the input set off."""
    events = json.loads(Path(trace_path).read_text())
    events = events["traceEvents"] if isinstance(events, dict) else events
    inputs = sorted((e for e in events if e.get("name") == "EventDispatch" and e.get("ph") == "X"
                     and e.get("args", {}).get("data", {}).get("type") == "input"),
                    key=lambda e: e["ts"])
    if not inputs:
        return []
    thread = inputs[0]["tid"]
    tasks = sorted((e for e in events if e.get("tid") == thread and e.get("ph") == "X"
                    and e.get("name") == "ThreadControllerImpl::RunTask"), key=lambda e: e["ts"])
    task_starts = [t["ts"] for t in tasks]
    frame_starts = [task_starts[bisect.bisect_right(task_starts, e["ts"]) - 1] for e in inputs]
    totals = [0.0] * len(inputs)
    for task in tasks:
        frame = bisect.bisect_right(frame_starts, task["ts"]) - 1
        if frame >= 0:
            totals[frame] += task.get("tdur", 0) / 1000
    return totals


def main():
    pages = sorted(str(p.relative_to(SITE)) for p in SITE.rglob("*.html")
                   if re.match(r"(book/\d\d_|exercises/ch)", str(p.relative_to(SITE))))
    print(f"per slider input, one per frame, {INPUTS} inputs per slider, ms: wall-clock time of "
          "script + style + layout; main-thread CPU time of the whole frame")
    print(f"{'page':42} {'widget':28} {'median':>7} {'p95':>7} {'worst':>7} {'> 16.7':>7}"
          f" {'cpu med':>8} {'cpu max':>8} {'> 16.7':>7}")
    with SiteServer(SITE) as server, sync_playwright() as playwright:
        browser = launch(playwright)
        for path in pages:
            page, _ = open_page(browser, server.url + path)
            page.wait_for_timeout(SETTLE_MS)
            for root in page.locator(".bp-widget").all():
                kind = next(c for c in root.get_attribute("class").split()
                            if c.startswith("bp-") and c != "bp-widget")
                times = sorted(root.evaluate(MEASURE_JS, INPUTS))
                if not times:
                    continue
                with tempfile.NamedTemporaryFile(suffix=".json") as trace:
                    browser.start_tracing(page=page, path=trace.name,
                                          categories=["devtools.timeline", "toplevel"])
                    root.evaluate(MEASURE_JS, INPUTS)
                    browser.stop_tracing()
                    cpu = sorted(frame_cpu(trace.name))
                p95 = times[int(0.95 * (len(times) - 1))]
                slow = sum(t > FRAME_MS for t in times)
                print(f"{path:42} {kind:28} {statistics.median(times):7.2f} {p95:7.2f} "
                      f"{times[-1]:7.2f} {slow:7d} {statistics.median(cpu):8.2f} {cpu[-1]:8.2f} "
                      f"{sum(t > FRAME_MS for t in cpu):7d}")
            page.context.close()
        browser.close()


if __name__ == "__main__":
    main()
