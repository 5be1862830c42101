"""Driver of the backprop stepper in a built page: Forward and Backward one step at a time (by
click and by keyboard), Run forward and Run backward, Update at two learning rates set by keys
on the slider, 1,000 rapid clicks on random buttons, and Reset; after each of them every
number the page shows (each element with ``data-output`` and ``data-digits``: the graph, the
table, the formula) compared with ``BackpropStepper.reference``, which runs
``backprop_book.layers.Layer`` itself with the updates the page made.

Tolerance: the page repeats the Layers' floating-point operations in their order (two-term
sums round like one addition, also in Python's compensated sum()), except two that may round
differently: Math.exp (V8's) against math.exp (C's), and the square d·d against Python's
(y − y0) ** 2, which calls C's pow; each is within one unit in the last place (1.1e-16
relative; V8's exp differs from glibc's in the last place for about 1 argument in 10, measured
over 200,000 arguments in [−10, 10]). So what needs no exp before any update (the weights, the
inputs, the targets, the hidden nodes' z) must be exactly Python's; the rest may carry a
last-place difference through a few dozen multiplications and additions by numbers below 10
in size, per pass: REL = 1e-11 allows about 10⁵ units in the last place, far more than that,
and far less than the 5e-5 a shown digit needs. The texts must be Python's for the value or for
the value moved by REL (a difference in the last place may fall on a rounding boundary).
(On chapter 08's network every number of the first pass happens to be bit for bit Python's.)
"""

import math

from playwright.sync_api import expect

from backprop_book.widgets import format_number
from backprop_book.widgets.backprop_stepper import (
    FORWARD_STEPS,
    LEARNING_RATES,
    STEPS,
    BackpropStepper,
)
from backprop_book.widgets.neuron_trainer import format_loss

REL = 1e-11
#: The quantities computed with no exp, before any update: exactly Python's.
EXACT = {*(f"w-{n}-{i}" for n in ("h1", "h2", "o1", "o2") for i in (1, 2)),
         *(f"b-{n}" for n in ("h1", "h2", "o1", "o2")), "x-1", "x-2", "y0-1", "y0-2",
         "z-h1", "z-h2"}

READ_PAGE = """el => {
  const one = (name) => el.querySelector(`[data-output="${name}"]:not([data-digits])`);
  const button = (action) => el.querySelector(`button[data-action="${action}"]`).disabled;
  return {
    numbers: [...el.querySelectorAll('[data-output][data-digits]')].map((n) => ({
      name: n.dataset.output, value: n.dataset.value, text: n.textContent,
      digits: Number(n.dataset.digits),
    })),
    step: one('step').dataset.value, phase: one('phase').dataset.value,
    updates: one('updates').dataset.value, previous: one('previous-loss').dataset.value,
    previousText: one('previous-loss').textContent,
    lossDown: one('previous-loss').classList.contains('bp-good'),
    seed: one('seed').dataset.value, rates: JSON.parse(el.dataset.rates),
    rate: one('learning-rate').dataset.value,
    slider: Number(el.querySelector('input[data-param="learning-rate"]').value),
    formula: el.querySelector('.bp-formula').dataset.value,
    formulaText: el.querySelector('.bp-formula').textContent,
    disabled: ['forward', 'run-forward', 'backward', 'run-backward', 'update', 'reset'].map(button),
    activeNodes: [...el.querySelectorAll('.bp-node.bp-active')].map((n) => n.dataset.node).sort(),
    activeEdges: [...el.querySelectorAll('line.bp-edge.bp-active')].map((n) => n.dataset.edge)
      .sort(),
  };
}"""

# Elements that stick out of the widget.
STICKING_OUT = """el => {
  const outer = el.getBoundingClientRect();
  return [...el.querySelectorAll('*')].filter((node) => {
    const r = node.getBoundingClientRect();
    return r.width > 0 && (r.left < outer.left - 0.5 || r.right > outer.right + 0.5);
  }).map((node) => node.outerHTML.slice(0, 80));
}"""


def _expect_nothing_sticks_out(root):
    assert root.evaluate("el => el.scrollWidth - el.clientWidth") <= 0
    assert root.evaluate(STICKING_OUT) == []


def _close(a, b):
    return math.isclose(a, b, rel_tol=REL, abs_tol=1e-300)


def _text(name, value, digits):
    return format_loss(value) if name == "loss" else format_number(value, digits)


def _text_ok(name, text, value, digits):
    if text.startswith("(") and text.endswith(")") and value < 0:   # a factor in a formula
        text = text[1:-1]
    forms = {_text(name, v, digits) for v in (value, value * (1 - REL), value * (1 + REL))}
    return text in forms


def _expected_disabled(k):
    n_forward, n = len(FORWARD_STEPS), len(STEPS)
    return [k >= n_forward, k >= n_forward, not n_forward <= k < n, not n_forward <= k < n,
            k < n, False]


def _expect_matches_python(root):
    """Every number the page shows is the Layers' for the updates the page made; returns what
    the page showed."""
    seen = root.evaluate(READ_PAGE)
    shown = {}
    for n in seen["numbers"]:
        shown.setdefault(n["name"], []).append(n)
    x = [float(shown[f"x-{i}"][0]["value"]) for i in (1, 2)]
    y0 = [float(shown[f"y0-{i}"][0]["value"]) for i in (1, 2)]
    stepper = BackpropStepper(seed=int(seen["seed"]), x=x, y0=y0)
    ref = stepper.reference(seen["rates"])
    k = int(seen["step"])
    known = dict(ref.params)
    known.update({f"x-{i + 1}": v for i, v in enumerate(x)})
    known.update({f"y0-{i + 1}": v for i, v in enumerate(y0)})
    for step in ref.steps[:k]:
        known.update(step.values)
    every = {name for step in ref.steps for name in step.values} | set(known)
    assert set(shown) <= every, set(shown) - every
    for name, elements in shown.items():
        for n in elements:
            if name not in known:
                assert (n["value"], n["text"]) == ("", "\u00b7"), (name, n)
                continue
            value, expected = float(n["value"]), known[name]
            if name in EXACT and not seen["rates"]:
                assert value == expected, (name, value, expected)
            assert _close(value, expected), (name, value, expected)
            assert _text_ok(name, n["text"], expected, n["digits"]), (name, n["text"], expected)
    # Every parameter, input and target is on the page, and every number computed so far.
    assert set(known) <= set(shown), set(known) - set(shown)

    assert seen["step"] == str(k) and 0 <= k <= len(STEPS)
    assert seen["phase"] == ("forward" if k < 5 else "backward" if k < len(STEPS) else "done")
    assert seen["formula"] == (STEPS[k - 1] if k else "")
    assert seen["updates"] == str(len(seen["rates"]))
    if seen["rates"]:
        previous = ref.losses[-2]
        assert _close(float(seen["previous"]), previous)
        assert _text_ok("loss", seen["previousText"], previous, 4)
        assert seen["lossDown"] == (k >= 5 and ref.losses[-1] < previous)
    else:
        assert seen["previous"] == "" and seen["previousText"] == "\u2013"
    rate = float(seen["rate"])
    assert rate in LEARNING_RATES and LEARNING_RATES[seen["slider"]] == rate
    assert seen["disabled"] == _expected_disabled(k)
    return seen


def _active(seen):
    return seen["activeNodes"], seen["activeEdges"]


def _press(page, root, action, key="Enter"):
    """Press a button by keyboard: focus it, then the key."""
    root.locator(f'button[data-action="{action}"]').focus()
    page.keyboard.press(key)


def drive(page, root):
    start = _expect_matches_python(root)
    assert start["step"] == "0" and start["rates"] == [] and _active(start) == ([], [])
    _expect_nothing_sticks_out(root)
    # The table of all numbers opens by keyboard (and fits too).
    summary = root.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(root.locator("table.bp-values")).to_be_visible()

    # Forward, node by node: by click, then by keys (Enter and Space on the focused button).
    forward = root.locator('button[data-action="forward"]')
    forward.click()
    seen = _expect_matches_python(root)
    assert _active(seen) == (["h1"], ["x1-h1", "x2-h1"])
    forward.click()
    _expect_matches_python(root)
    for key in ("Enter", "Space", "Enter"):
        _press(page, root, "forward", key)
        seen = _expect_matches_python(root)
    assert seen["step"] == "5" and _active(seen) == (["L"], ["o1-L", "o2-L"])
    # Forward is now disabled: the focus went on to Backward, so the keys go on going back.
    expect(root.locator('button[data-action="backward"]')).to_be_focused()

    # Backward, one quantity at a time, by keys on the focused button.
    for _ in range(len(STEPS) - len(FORWARD_STEPS)):
        page.keyboard.press("Enter")
        seen = _expect_matches_python(root)
        if seen["formula"] in ("delta-h1", "delta-h2"):
            # Two paths from the hidden node to the loss: both lit, and their sum shown.
            node = seen["formula"][-2:]
            assert _active(seen) == ([node], [f"{node}-o1", f"{node}-o2"])
            assert seen["formulaText"].count(" + ") >= 2 and "add" in seen["formulaText"]
    assert seen["step"] == str(len(STEPS)) and seen["phase"] == "done"
    expect(root.locator('button[data-action="update"]')).to_be_focused()
    _expect_nothing_sticks_out(root)

    # Update at the start rate: the step starts again; after Run forward the loss is lower.
    page.keyboard.press("Enter")
    seen = _expect_matches_python(root)
    assert seen["step"] == "0" and len(seen["rates"]) == 1
    root.locator('button[data-action="run-forward"]').click()
    seen = _expect_matches_python(root)
    assert seen["step"] == "5" and seen["lossDown"], "the loss went down"
    root.locator('button[data-action="run-backward"]').click()
    _expect_matches_python(root)

    # α by keys on the slider (two stops up), then another update and a whole pass.
    slider = root.locator('input[data-param="learning-rate"]')
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    index = LEARNING_RATES.index(float(start["rate"]))
    seen = _expect_matches_python(root)
    assert float(seen["rate"]) == LEARNING_RATES[min(index + 2, len(LEARNING_RATES) - 1)]
    _press(page, root, "update", "Space")
    for action in ("run-forward", "run-backward"):
        root.locator(f'button[data-action="{action}"]').click()
        seen = _expect_matches_python(root)
    assert seen["rates"] == [float(start["rate"]), float(seen["rate"])]
    _expect_nothing_sticks_out(root)

    # 1,000 rapid clicks on random buttons, and a move of the slider every 7th.
    root.evaluate("""el => {
      const actions = ['forward', 'run-forward', 'backward', 'run-backward', 'update', 'forward',
        'backward', 'backward', 'update', 'reset'];
      const slider = el.querySelector('input[data-param="learning-rate"]');
      let seed = 12345;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
      for (let k = 0; k < 1000; k++) {
        el.querySelector(`button[data-action="${actions[next() % 10]}"]`).click();
        if (k % 7 === 0) {
          slider.value = String(next() % (Number(slider.max) + 1));
          slider.dispatchEvent(new Event('input', { bubbles: true }));
        }
      }
    }""")
    _expect_matches_python(root)
    # and a pass to the end from wherever they left it
    for action in ("run-forward", "run-backward", "update", "run-forward"):
        button = root.locator(f'button[data-action="{action}"]')
        if not button.is_disabled():
            button.click()
    _expect_matches_python(root)
    _expect_nothing_sticks_out(root)

    # Reset: the start weights, step 0, no updates, the start learning rate.
    root.locator('button[data-action="reset"]').click()
    assert _expect_matches_python(root) == start
