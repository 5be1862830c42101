"""Driver of the neuron trainer in a built page: Step, Train and Pause, the α slider by keys
(also while training) and 1,000 rapid inputs on it, and Reset; after each of them the
iteration, the loss, the goal, the three outputs, the weights and the loss curve compared with
``NeuronTrainer.train``, run by ``backprop_book.neuron.Node`` itself on the schedule of
learning rates the page marks on its curve.

Tolerance: the page repeats Node's floating-point operations in Node's order, except two
that may round differently: Math.exp (V8's) against math.exp (C's), and the square d·d
against Python's (y − y0) ** 2, which calls C's pow; each is within one unit in the last
place. Training is stable at every rate the slider offers (the loss never rises), so these
differences do not grow: over seeds 0–9, all 19 rates and 5,000 iterations, the page's
weights stay within 7e-16 and its losses and outputs within 5e-13 of Python's, relative
(the outputs close to 0 are e^(−z) with z in the hundreds, so a few units in the last place of
z become a relative 1e-13 there). REL allows 200 times that.
"""

import math

from playwright.sync_api import expect

from backprop_book.widgets import format_number
from backprop_book.widgets.neuron_trainer import (
    LEARNING_RATES,
    LOSS_FLOOR,
    MAX_ITERATIONS,
    NeuronTrainer,
    format_loss,
)

REL = 1e-10
KEEP_EVERY_POINT, THIN = 1000, 5   # the page's curve: every point up to 1,000, then every 5th

# Everything the checks need, read in one call.
READ_PAGE = """el => {
  const out = (name) => el.querySelector(`[data-output="${name}"]`);
  const pair = (name) => [out(name).dataset.value, out(name).textContent];
  const line = el.querySelector('polyline.bp-curve'), points = line.points;
  const last = points.numberOfItems ? points.getItem(points.numberOfItems - 1) : null;
  const slider = el.querySelector('input[data-param="learning-rate"]');
  const train = el.querySelector('button[data-action="train"]');
  return {
    seed: out('seed').dataset.value,
    iteration: pair('iteration'), loss: pair('loss'), goal: pair('goal'),
    outputs: [0, 1, 2].map((s) => pair(`y-${s}`)),
    weights: ['w1', 'w2', 'w3', 'b'].map(pair),
    rate: pair('learning-rate'), slider: Number(slider.value),
    markers: [...el.querySelectorAll('.bp-rate-change')].map(
      (m) => [Number(m.dataset.iteration), Number(m.dataset.rate)]),
    points: points.numberOfItems, last: last && [last.x, last.y],
    status: out('status').dataset.value,
    train: [train.textContent, train.getAttribute('aria-pressed'), train.disabled],
    step: el.querySelector('button[data-action="step"]').disabled,
  };
}"""


# Elements that stick out of the widget, or out of a box that clips them (CSS containment).
STICKING_OUT = """el => {
  const boxes = '.bp-stats, .bp-goal, .bp-curve-box, .bp-side';
  return [...el.querySelectorAll('*')].filter((node) => {
    const outer = (node.parentElement.closest(boxes) ?? el).getBoundingClientRect();
    const r = node.getBoundingClientRect();
    return r.width > 0 && (r.left < outer.left - 0.5 || r.right > outer.right + 0.5);
  }).map((node) => node.outerHTML.slice(0, 80));
}"""


def _expect_nothing_sticks_out(root):
    assert root.evaluate("el => el.scrollWidth - el.clientWidth") <= 0
    assert root.evaluate(STICKING_OUT) == []


def _close(a, b):
    return math.isclose(a, b, rel_tol=REL, abs_tol=1e-300)


def _text_ok(text, value, form):
    """The page's text is Python's for the value, or for a value within REL of it (a
    difference in the last place may fall on a rounding boundary)."""
    return text in {form(value), form(value * (1 - REL)), form(value * (1 + REL))}


def _curve_points(n):
    """How many points the page's loss curve holds after n iterations."""
    kept = min(n, KEEP_EVERY_POINT) + max(0, n // THIN - KEEP_EVERY_POINT // THIN)
    return 1 + kept + (n > KEEP_EVERY_POINT and n % THIN != 0)


def _schedule(seen, first_rate):
    """[(α, iterations), …]: the rate at the start, then each change the curve marks."""
    n = int(seen["iteration"][0])
    changes = [(0, first_rate), *sorted(seen["markers"])]
    ends = [k for k, _ in changes[1:]] + [n]
    return [(rate, end - k) for (k, rate), end in zip(changes, ends, strict=True)]


def _expect_matches_python(root, first_rate):
    """Every number the page shows is Python's for the schedule the page marks."""
    seen = root.evaluate(READ_PAGE)
    trainer = NeuronTrainer(seed=int(seen["seed"]))
    schedule = _schedule(seen, first_rate)
    n = sum(k for _, k in schedule)
    run = trainer.train(schedule)

    assert seen["iteration"] == [str(n), str(n)]
    rate = schedule[-1][0]
    assert float(seen["rate"][0]) == rate and seen["rate"][1] == f"{rate:g}"
    assert LEARNING_RATES[seen["slider"]] == rate
    loss = float(seen["loss"][0])
    assert _close(loss, run.losses[-1]), (loss, run.losses[-1])
    assert _text_ok(seen["loss"][1], run.losses[-1], format_loss)
    goal_at = trainer.goal_reached(run.losses)
    assert seen["goal"][0] == ("" if goal_at is None else str(goal_at))
    for (value, text), y in zip(seen["outputs"], run.outputs, strict=True):
        assert _close(float(value), y) and _text_ok(text, y, lambda v: format_number(v, 4))
    for (value, text), v in zip(seen["weights"], [*run.w, run.b], strict=True):
        assert _close(float(value), v) and _text_ok(text, v, lambda v: format_number(v, 3))
    if n == 0:
        assert [float(v) for v, _ in seen["weights"]] == trainer.start
    assert seen["points"] == _curve_points(n)
    floor = math.log10(LOSS_FLOOR)
    expected_y = max(floor, math.log10(run.losses[-1])) if run.losses[-1] > 0 else floor
    assert seen["last"][0] == n and abs(seen["last"][1] - expected_y) < 1e-6
    at_limit = n >= MAX_ITERATIONS
    assert seen["step"] == at_limit and seen["train"][2] == at_limit
    return seen


def _slider(root):
    return root.locator('input[data-param="learning-rate"]')


def _press(page, root, key, times=1):
    _slider(root).focus()
    for _ in range(times):
        page.keyboard.press(key)


def _wait_for_iteration(page, root, at_least):
    page.wait_for_function(
        "([el, k]) => Number(el.querySelector('[data-output=\"iteration\"]').dataset.value) >= k",
        arg=[root.element_handle(), at_least], timeout=30_000)


def _pause(page, root, first_rate):
    """Pause a running training and check it stays paused where the page says it is."""
    train = root.locator('button[data-action="train"]')
    assert train.get_attribute("aria-pressed") == "true" and train.inner_text() == "Pause"
    train.click()
    seen = _expect_matches_python(root, first_rate)
    assert seen["status"] == "paused" and seen["train"][:2] == ["Train", "false"]
    page.wait_for_timeout(300)
    assert root.evaluate(READ_PAGE) == seen, "an iteration ran after the pause"
    return seen


def _hammer(page, root, first_rate, count=1000, running=False):
    """``count`` rapid inputs on the α slider: they take far less than a frame, the weights do not
    move (unless training runs), and the change they add up to is marked once, at the
    iteration they happened at."""
    before = _expect_matches_python(root, first_rate)
    times = root.evaluate("""(el, count) => {
      const slider = el.querySelector('input[data-param="learning-rate"]');
      let seed = 12345;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
      const times = [];
      for (let k = 0; k < count; k++) {
        slider.value = String(next() % (Number(slider.max) + 1));
        const t0 = performance.now();
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        times.push(performance.now() - t0);
      }
      const n = Number(el.querySelector('[data-output="iteration"]').dataset.value);
      return { times, n };
    }""", count)
    # A frame lasts 16 ms; single inputs may take longer when the machine is busy with other
    # work, so the bound is on the 95th percentile.
    slow = sorted(times["times"])[int(0.95 * count)]
    assert slow < 16, f"5% of the inputs on the α slider took {slow:.1f} ms or more"
    after = _expect_matches_python(root, first_rate)
    if not running:
        assert after["weights"] == before["weights"] and after["iteration"] == before["iteration"]
    assert [k for k, _ in after["markers"]].count(times["n"]) <= 1
    return slow


def drive(page, root):
    start = root.evaluate(READ_PAGE)
    first_rate = float(start["rate"][0])
    _expect_matches_python(root, first_rate)
    assert start["iteration"][0] == "0" and start["status"] == "start"
    assert start["markers"] == [] and start["points"] == 1
    _expect_nothing_sticks_out(root)

    # Step: by click, and by keyboard on the focused button.
    step = root.locator('button[data-action="step"]')
    for _ in range(2):
        step.click()
        _expect_matches_python(root, first_rate)
    step.focus()
    page.keyboard.press("Enter")
    seen = _expect_matches_python(root, first_rate)
    assert seen["iteration"][0] == "3" and seen["status"] == "paused"

    # α by keys at iteration 3: a change is marked there; going back and forth keeps one mark.
    # ("up" is the direction with three stops to spare, whatever α the page starts with.)
    index = start["slider"]
    sign = 1 if index + 3 < len(LEARNING_RATES) else -1
    up, down = ("ArrowRight", "ArrowLeft")[::sign]
    _press(page, root, up, 2)
    seen = _expect_matches_python(root, first_rate)
    assert seen["slider"] == index + 2 * sign
    assert seen["markers"] == [[3, LEARNING_RATES[index + 2 * sign]]]
    _press(page, root, down)
    _press(page, root, up, 2)
    seen = _expect_matches_python(root, first_rate)
    assert seen["markers"] == [[3, LEARNING_RATES[index + 3 * sign]]]
    _press(page, root, down, 3)
    assert _expect_matches_python(root, first_rate)["markers"] == [], "back to α: no change"
    _press(page, root, up, 3)   # training goes on from here with α three stops away
    step.click()
    step.click()
    _expect_matches_python(root, first_rate)

    # Train (Space on the focused button) and pause; then train on, changing α while it runs.
    train = root.locator('button[data-action="train"]')
    train.focus()
    page.keyboard.press("Space")
    assert root.locator('[data-output="status"]').get_attribute("data-value") == "training"
    _wait_for_iteration(page, root, 200)
    _pause(page, root, first_rate)
    n = int(root.locator('[data-output="iteration"]').get_attribute("data-value"))
    train.click()
    _wait_for_iteration(page, root, n + 100)
    _press(page, root, down, 2)   # while training: each press marks where it came
    n = int(root.locator('[data-output="iteration"]').get_attribute("data-value"))
    _wait_for_iteration(page, root, max(n + 100, KEEP_EVERY_POINT + 100))
    seen = _pause(page, root, first_rate)
    assert len(seen["markers"]) >= 2 and int(seen["iteration"][0]) > KEEP_EVERY_POINT
    assert seen["points"] < int(seen["iteration"][0]), "the curve keeps every 5th point after 1,000"
    _expect_nothing_sticks_out(root)

    _hammer(page, root, first_rate)
    step.click()
    _expect_matches_python(root, first_rate)
    train.click()   # and rapid inputs while training
    _wait_for_iteration(page, root, int(seen["iteration"][0]) + 50)
    _hammer(page, root, first_rate, 200, running=True)
    _pause(page, root, first_rate)

    # Reset, after α is back at its start: the widget is as it started.
    _press(page, root, "Home")
    _press(page, root, "ArrowRight", index)
    root.locator('button[data-action="reset"]').click()
    assert _expect_matches_python(root, first_rate) == start
    expect(root.locator('[data-output="status"]')).to_have_attribute("data-value", "start")


def run_to_limit(page, root):
    """Train from the current state to the last iteration (about 17 s at 60 frames a second):
    training stops there, Train and Step are disabled, and the numbers are Python's."""
    first_rate = float(root.locator('[data-output="learning-rate"]').get_attribute("data-value"))
    assert root.locator('[data-output="iteration"]').get_attribute("data-value") == "0"
    root.locator('button[data-action="train"]').click()
    _wait_for_iteration(page, root, MAX_ITERATIONS)
    seen = _expect_matches_python(root, first_rate)
    assert seen["iteration"][0] == str(MAX_ITERATIONS) and seen["status"] == "limit"
    assert seen["train"] == ["Train", "false", True] and seen["step"]
    root.locator('button[data-action="reset"]').click()
    return seen
