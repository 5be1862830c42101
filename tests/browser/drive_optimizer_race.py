"""Driver of the optimiser race in a built page: every control is operated the way a reader
would (clicks on the buttons and the map, keys on the slider and the map, the surface
selector), and after each action every number the page shows is compared with
:class:`OptimizerRace`'s reference computation.

Tolerance: none. The page repeats the surfaces (polynomials) and the update rules of
backprop_book/optimizers.py with the same IEEE operations in the same order: +, −, ×, ÷
and √ are correctly rounded in both JavaScript and NumPy, Adam's β^t is a running product
in both, and there is no exp or pow. So every position and loss must be equal to the bit
(tests/test_optimizer_race.py checks the same arithmetic in Node.js over 300 steps).
"""

import math

import numpy as np

from backprop_book.surfaces import SURFACES
from backprop_book.widgets import format_number
from backprop_book.widgets.optimizer_race import OptimizerRace, format_loss

FRAME_BUDGET_MS = 20_000   # Play runs max_steps / steps_per_frame frames (~150: 2.5 s)


def _value(root, selector):
    return float(root.locator(selector).get_attribute("data-value"))


def _settings(root):
    """What the page says it shows: (surface, start, learning rate, steps, max_steps)."""
    steps_text = root.locator('[data-output="steps"]').inner_text()
    return (root.locator('select[data-param="surface"]').input_value(),
            [_value(root, '[data-output="start-x"]'), _value(root, '[data-output="start-y"]')],
            _value(root, 'output[for$="-lr"]'), int(_value(root, '[data-output="steps"]')),
            int(steps_text.split(" of ")[1]))


def _python(root):
    surface, start, learning_rate, steps, max_steps = _settings(root)
    return OptimizerRace(surface, start=start, learning_rate=learning_rate, steps=steps,
                         max_steps=max_steps)


def _same(shown, expected):
    return shown == expected or (math.isnan(shown) and math.isnan(expected))


def expect_matches_python(root):
    """Each optimiser's step, loss and position, the leader and the map's range are
    Python's, exactly; return the settings they were computed for."""
    python = _python(root)
    surface, start, *_ = _settings(root)
    for axis, value in zip("xy", start, strict=True):
        node = root.locator(f'[data-output="start-{axis}"]')
        assert node.inner_text() == format_number(value, 2)
    standings = python.standings()
    state = root.evaluate("""el => Array.from(el.querySelectorAll("tr[data-optimizer]"), (row) => {
      const name = row.dataset.optimizer;
      const cell = (k) => el.querySelector(`[data-output="${k}-${name}"]`);
      const marker = el.querySelector(`path.bp-marker[data-optimizer="${name}"]`);
      return { name, step: cell("step").dataset.value, stepText: cell("step").textContent,
               loss: cell("loss").dataset.value, lossText: cell("loss").textContent,
               x: marker.dataset.x, y: marker.dataset.y, lead: row.classList.contains("bp-lead"),
               points: el.querySelector(`polyline.bp-path[data-optimizer="${name}"]`)
                 .getAttribute("points").trim().split(/\\s+/).length };
    })""")
    assert [row["name"] for row in state] == python.optimizers
    leader = python.leader()
    for row in state:
        step, x, y, loss = standings[row["name"]]
        assert int(row["step"]) == step and row["stepText"] == str(step), row
        assert _same(float(row["loss"]), loss), (row, loss)
        assert row["lossText"] == format_loss(loss), (row, loss)
        assert float(row["x"]) == x and float(row["y"]) == y, (row, x, y)
        assert row["lead"] == (row["name"] == leader), (row, leader)
        assert 1 <= row["points"] <= step + 1
    assert root.locator('[data-output="leader"]').get_attribute("data-value") == (leader or "")
    assert root.locator('button[data-action="step"]').is_disabled() == (
        python.steps >= python.max_steps)
    heat = root.locator("image.bp-heat")
    grid = python.grid()
    assert float(heat.get_attribute("data-low")) == grid.min()
    assert float(heat.get_attribute("data-high")) == grid.max()
    assert root.locator("path.bp-point").count() == len(SURFACES[surface].minima)
    return _settings(root)


def _snap(surface):
    """The grid a click or a cursor key snaps the start to (niceStep(span / 60) in the page)."""
    s = SURFACES[surface]
    span = max(s.x_range[1] - s.x_range[0], s.y_range[1] - s.y_range[0]) / 60
    unit = 10 ** math.floor(math.log10(span))
    return unit * next(m for m in (1, 2, 2.5, 5, 10) if m * unit >= span)


def _press(page, target, key, times=1):
    target.focus()
    for _ in range(times):
        page.keyboard.press(key)


def _click_map_at(root, surface, x, y):
    s = SURFACES[surface]
    (x0, x1), (y0, y1) = s.x_range, s.y_range
    hit = root.locator("rect.bp-hit")
    box = hit.bounding_box()
    hit.click(position={"x": (x - x0) / (x1 - x0) * box["width"],
                        "y": (y1 - y) / (y1 - y0) * box["height"]})


def _wait_steps(page, root, at_least):
    steps = root.locator('[data-output="steps"]').element_handle()
    page.wait_for_function("([el, k]) => Number(el.dataset.value) >= k", arg=[steps, at_least])


def drive(page, root):
    initial = expect_matches_python(root)
    surface = initial[0]
    step = root.locator('button[data-action="step"]')
    for k in range(1, min(3, initial[4] - initial[3]) + 1):   # Step is off at the limit
        step.click()
        assert expect_matches_python(root)[3] == initial[3] + k

    # The start by a click on the map: it snaps to the grid and starts over at step 0.
    s = SURFACES[surface]
    snap = _snap(surface)
    target = [round((s.x_range[0] + 0.3 * (s.x_range[1] - s.x_range[0])) / snap) * snap,
              round((s.y_range[0] + 0.8 * (s.y_range[1] - s.y_range[0])) / snap) * snap]
    _click_map_at(root, surface, *target)
    settings = expect_matches_python(root)
    assert np.allclose(settings[1], target, rtol=0, atol=1e-9) and settings[3] == 0

    # The learning rate by keyboard: the same steps are redrawn at each new rate.
    for _ in range(4):
        step.click()
    rates = OptimizerRace().learning_rates
    rate = root.locator('input[data-param="learning-rate"]')
    index = int(rate.input_value())
    _press(page, rate, "ArrowRight", 2)
    assert expect_matches_python(root)[2:4] == (rates[min(index + 2, len(rates) - 1)], 4)
    _press(page, rate, "End")
    assert expect_matches_python(root)[2] == rates[-1]       # big: some may diverge
    _press(page, rate, "Home")
    assert expect_matches_python(root)[2] == rates[0]
    _press(page, rate, "ArrowRight", index)
    assert expect_matches_python(root)[2] == rates[index]

    # The start by keyboard on the map: arrows move a cursor, Enter starts there.
    before = expect_matches_python(root)[1]
    themap = root.locator('[data-action="map-keys"]')
    _press(page, themap, "ArrowUp", 2)
    _press(page, themap, "ArrowLeft")
    note = root.locator(".bp-cursor-note")
    expected = [max(before[0] - snap, s.x_range[0]), min(before[1] + 2 * snap, s.y_range[1])]
    assert np.allclose([float(note.get_attribute("data-x")), float(note.get_attribute("data-y"))],
                       expected, rtol=0, atol=1e-9)
    assert expect_matches_python(root)[1] == before      # not yet: Enter decides
    page.keyboard.press("Enter")
    settings = expect_matches_python(root)
    assert np.allclose(settings[1], expected, rtol=0, atol=1e-9) and settings[3] == 0

    # Play, pause (it stays put), play to the step limit, then Play starts over.
    play = root.locator('button[data-action="play"]')
    play.click()
    assert play.get_attribute("aria-pressed") == "true" and play.inner_text() == "Pause"
    _wait_steps(page, root, 6)
    play.click()
    assert play.get_attribute("aria-pressed") == "false" and play.inner_text() == "Play"
    paused = expect_matches_python(root)[3]
    page.wait_for_timeout(200)
    assert expect_matches_python(root)[3] == paused
    play.click()
    page.wait_for_function("el => el.getAttribute('aria-pressed') === 'false'",
                           arg=play.element_handle(), timeout=FRAME_BUDGET_MS)
    settings = expect_matches_python(root)
    assert settings[3] == settings[4]
    play.click()
    _wait_steps(page, root, 1)
    play.click()
    expect_matches_python(root)

    # Every surface from the selector: its own defaults, a fresh race; a step on each.
    for name in [n for n in SURFACES if n != surface] + [surface]:
        root.locator('select[data-param="surface"]').select_option(name)
        settings = expect_matches_python(root)
        assert settings[:4] == (name, list(SURFACES[name].default_start),
                                SURFACES[name].default_learning_rate, 0)
        step.click()
        assert expect_matches_python(root)[3] == 1

    root.locator('button[data-action="reset"]').click()
    assert play.get_attribute("aria-pressed") == "false"
    assert expect_matches_python(root) == initial


def hammer(page, root, inputs=1000):
    """``inputs`` rapid changes of the learning-rate slider, then the page must still agree
    with Python (used by the widget's own checks, not by DRIVERS)."""
    rate = root.locator('input[data-param="learning-rate"]')
    rate.evaluate("""(input, n) => {
      for (let k = 0; k < n; k++) {
        input.value = String((k * 7) % (Number(input.max) + 1));
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }""", inputs)
    return expect_matches_python(root)
