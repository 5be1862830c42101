"""How long each widget of the built book takes to answer one slider input.

For every widget on every chapter and workbook page, scrolled into view as when a reader
uses it, every range input is set to 200 random values in turn, one per animation frame
(as when a reader drags a slider: the browser delivers at most one input per frame). Two
times are taken for each input:

- wall-clock: from dispatching the input event to the end of the style and layout it
  caused (the widget's JavaScript plus the browser's relayout, forced by reading the
  page's size), with performance.now(); painting is not included;
- frame CPU: the CPU time the page's main thread spent on the input's whole frame (the
  input, style, layout, paint and any timer it set off), from a Chromium trace of the
  same inputs sent again (tracing costs time itself, so it is off for the first).

A frame lasts 16.7 ms at 60 Hz: an input that takes longer drops a frame. On a shared
machine the operating system now and then runs something else, or the whole machine
slows down, and a single frame takes several times its usual time. An input is slow
only if it is slow again: every input over 16.7 ms is tried again three times from the
same state (the same values on all the widget's sliders), and its time is the least of
the tries: the "worst*" columns give the worst time after that, the "again" columns the
inputs still over 16.7 ms. Each page also measures a bare slider placed after its first
widget, whose input changes only a number beside it: the floor of what any slider costs on
that page, and how often this machine turns a cheap frame into a slow one.

Run it with ``make bench`` (after ``make book``). Prints, per widget, the median, the
95th percentile and the worst wall-clock time in milliseconds, the number of inputs over
one frame, the worst and that number again after the retries; then the same for the frame
CPU time.
"""

import bisect
import json
import re
import statistics
import sys
import tempfile
from functools import partial
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.chromium import launch  # noqa: E402
from tests.browser.site import SiteServer, open_page  # noqa: E402
from tests.browser.widgets import widget_kind  # noqa: E402

SITE = ROOT / "_build" / "html"
INPUTS = 200
TRIES = 3
FRAME_MS = 1000 / 60
# The theme's script looks over the page's scrollable boxes 300 ms after the page last
# changed (a layout of the whole page, about 10 ms): let it finish before each run.
SETTLE_MS = 1000
MARK = "bench-input"

# What both passes share: `ranges` (the widget's sliders), `frame()` (the next animation
# frame) and `timed(slider, value)`, which marks the trace, sends the input and returns its
# wall-clock time. `close(slider)` sends an input that changes nothing one frame later:
# in a trace, a measured frame ends where the next input is dispatched.
PRELUDE = f"""
  const ranges = [...root.querySelectorAll('input[type=range]')];
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const send = (input, value) => {{
    input.value = value;
    input.dispatchEvent(new Event('input', {{bubbles: true}}));
  }};
  const timed = (input, value) => {{
    performance.mark('{MARK}');
    const start = performance.now();
    send(input, value);
    root.getBoundingClientRect();
    void document.body.offsetHeight;
    return performance.now() - start;
  }};
  const close = async (input) => {{ await frame(); send(input, input.value); }};
"""

# Every slider in turn to `count` random positions: [{before, slider, value, ms}], where
# before holds every slider's value before the input.
MEASURE_JS = f"""async (root, count) => {{
  {PRELUDE}
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const inputs = [];
  for (const [slider, input] of ranges.entries()) {{
    const min = Number(input.min), max = Number(input.max), step = Number(input.step) || 1;
    const positions = Math.round((max - min) / step);
    for (let i = 0; i < count; i++) {{
      await frame();
      const before = ranges.map((r) => r.value);
      const value = String(min + step * Math.round(random() * positions));
      inputs.push({{before, slider, value, ms: timed(input, value)}});
    }}
  }}
  await close(ranges[0]);
  return inputs;
}}"""

# The given inputs again, each from its own state: the sliders are put back to `before`
# (inputs that are not measured), two frames pass, and the input is sent and timed.
RETRY_JS = f"""async (root, given) => {{
  {PRELUDE}
  const inputs = [];
  for (const {{before, slider, value}} of given) {{
    await frame();
    ranges.forEach((input, i) => input.value !== before[i] && send(input, before[i]));
    await frame();
    await frame();
    inputs.push({{before, slider, value, ms: timed(ranges[slider], value)}});
    await close(ranges[slider]);
  }}
  return inputs;
}}"""

# A bare slider after the widget `root`, whose input writes its value beside it.
CONTROL_JS = """(root) => {
  const box = document.createElement('div');
  box.className = 'bench-control';
  const input = Object.assign(document.createElement('input'), {type: 'range', min: 0, max: 100});
  const out = document.createElement('span');
  out.textContent = '0';
  input.addEventListener('input', () => { out.firstChild.data = input.value; });
  box.append(input, out);
  root.after(box);
}"""


def frame_cpu(trace_path):
    """Main-thread CPU milliseconds of each measured input's frame, in order, from the
    thread durations (``tdur``) of a Chromium trace: every task the page's main thread ran
    from the one that dispatched the input up to the one that dispatched the next input,
    which includes the frame's style, layout and paint as well as any timer the input set
    off. A measured input is the first one dispatched after a ``MARK`` mark."""
    events = json.loads(Path(trace_path).read_text())
    events = events["traceEvents"] if isinstance(events, dict) else events
    inputs = sorted(e["ts"] for e in events
                    if e.get("name") == "EventDispatch" and e.get("ph") == "X"
                    and e.get("args", {}).get("data", {}).get("type") == "input")
    marks = sorted(e["ts"] for e in events if e.get("name") == MARK)
    if not marks:
        return []
    thread = next(e["tid"] for e in events if e.get("name") == "EventDispatch")
    tasks = sorted((e for e in events if e.get("tid") == thread and e.get("ph") == "X"
                    and e.get("name") == "ThreadControllerImpl::RunTask"), key=lambda e: e["ts"])
    task_starts = [t["ts"] for t in tasks]
    task_of = [task_starts[bisect.bisect_right(task_starts, ts) - 1] for ts in inputs]
    totals = {bisect.bisect_left(inputs, mark): 0.0 for mark in marks}
    for task in tasks:
        frame = bisect.bisect_right(task_of, task["ts"]) - 1
        if frame in totals:
            totals[frame] += task.get("tdur", 0) / 1000
    return [totals[i] for i in sorted(totals)]


def timed_inputs(browser, page, root, js, arg, cpu):
    """Run ``js`` on the widget ``root`` once the page has settled: its inputs, each with its
    time in "ms", wall-clock or, if ``cpu``, the main-thread CPU time of its frame, from a
    trace of the run. (Settling also spreads an input's tries a second apart.)"""
    page.wait_for_timeout(SETTLE_MS)
    if not cpu:
        return root.evaluate(js, arg)
    inputs = []
    with tempfile.NamedTemporaryFile(suffix=".json") as trace:
        browser.start_tracing(page=page, path=trace.name,
                              categories=["devtools.timeline", "toplevel", "blink.user_timing"])
        inputs.extend(root.evaluate(js, arg))
        browser.stop_tracing()
        times = frame_cpu(trace.name)
    return [{**sent, "ms": ms} for sent, ms in zip(inputs, times, strict=True)]


def first_and_again(run):
    """Every input's time, and for each slow one the least time of TRIES tries; ``run(js,
    arg)`` returns the timed inputs."""
    first = run(MEASURE_JS, INPUTS)
    slow = [sent for sent in first if sent["ms"] > FRAME_MS]
    tries = [[sent["ms"] for sent in run(RETRY_JS, slow)] for _ in range(TRIES)]
    return [sent["ms"] for sent in first], [min(times) for times in zip(*tries, strict=True)]


def columns(times, retried):
    """Median, 95th percentile, worst, inputs over a frame; then the worst and the inputs
    still over a frame when each of those is timed by the least of its tries."""
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    worst_again = max([t for t in ordered if t <= FRAME_MS] + retried)
    return (f"{statistics.median(ordered):7.2f} {p95:6.2f} {ordered[-1]:6.2f} "
            f"{sum(t > FRAME_MS for t in ordered):5d} {worst_again:6.2f} "
            f"{sum(t > FRAME_MS for t in retried):5d}")


def main():
    pages = sorted(str(p.relative_to(SITE)) for p in SITE.rglob("*.html")
                   if re.match(r"(book/\d\d_|exercises/ch)", str(p.relative_to(SITE))))
    print(f"per slider input, one per frame, {INPUTS} inputs per slider, ms; 'over': inputs over "
          f"{FRAME_MS:.1f} ms; 'worst*' and 'again': the worst and the inputs still over when "
          f"each of those is timed by the least of {TRIES} tries from the same state")
    head = f"{'median':>7} {'p95':>6} {'worst':>6} {'over':>5} {'worst*':>6} {'again':>5}"
    print(f"{'':70} {'wall-clock: script + style + layout':^40}"
          f"   {'main-thread CPU of the frame':^40}")
    print(f"{'page':40} {'widget':28}  {head}   {head}")
    with SiteServer(SITE) as server, sync_playwright() as playwright:
        browser = launch(playwright)
        for path in pages:
            page, _ = open_page(browser, server.url + path)
            roots = [(widget_kind(root), root) for root in page.locator(".bp-widget").all()]
            if roots:
                roots[0][1].evaluate(CONTROL_JS)
                roots.append(("bare slider (reference)", page.locator(".bench-control")))
            for kind, root in roots:
                if not root.locator("input[type=range]").count():
                    continue
                root.scroll_into_view_if_needed()
                wall, cpu = (first_and_again(partial(timed_inputs, browser, page, root, cpu=cpu))
                             for cpu in (False, True))
                print(f"{path:40} {kind:28}  {columns(*wall)}   {columns(*cpu)}", flush=True)
            page.context.close()
        browser.close()


if __name__ == "__main__":
    main()
