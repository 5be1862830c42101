"""Driver of the loss surface widget in a built page: every control is operated the way a
reader would (clicks on the buttons and the map, keys on the sliders), and after each action
the page's numbers are compared with :class:`LossSurface`'s reference computation.

Tolerance. The page and NumPy compute the loss and the gradient with the same operations in
the same order; only ``exp`` (in the sigmoid) may differ between the browser and NumPy by one
rounding. Perturbing every exp by ±1 ulp at random and iterating 200 steps with learning
rates 0.1 … 20 moves the point and its loss by at most ~5e-14 (relative) and ~1e-15
(absolute): the surface has no spot where gradient descent amplifies such differences much.
``TOL`` = 1e-12 (relative, or absolute below 1) keeps a wide margin and is still 10⁸ times
finer than the four to six decimals the page prints.
"""

import numpy as np

from backprop_book.widgets import format_number
from backprop_book.widgets.loss_surface import LossSurface

TOL = 1e-12
PLAY_MS = 100  # the page plays one step per 100 ms


def _close(shown, expected):
    return abs(shown - expected) <= TOL * max(1.0, abs(expected))


def _value(root, selector):
    return float(root.locator(selector).get_attribute("data-value"))


def _settings(root):
    """What the page says it is showing: (w3, b, start, learning rate, steps, max_steps)."""
    start = [_value(root, f'output[for$="-w{i}"]') for i in (1, 2)]
    steps_text = root.locator('[data-output="steps"]').inner_text()
    return (_value(root, '[data-output="w3"]'), _value(root, '[data-output="b"]'), start,
            _value(root, 'output[for$="-lr"]'), int(_value(root, '[data-output="steps"]')),
            int(steps_text.split(" of ")[1]))


def _python(root):
    w3, b, start, learning_rate, steps, max_steps = _settings(root)
    reference = LossSurface(w3, b, start, learning_rate, max_steps)
    reference.steps = steps
    return reference


def expect_matches_python(root):
    """The page's current point, loss, gradient size and path are Python's; return the
    settings they were computed for."""
    python = _python(root)
    w1, w2, loss = python.current()
    for name, expected, digits in [("w1", w1, 4), ("w2", w2, 4), ("loss", loss, 6)]:
        node = root.locator(f'[data-output="{name}"]')
        shown = float(node.get_attribute("data-value"))
        assert _close(shown, expected), f"{name}: page {shown!r}, Python {expected!r}"
        assert node.inner_text() == format_number(shown, digits)
    norm = _value(root, '[data-output="gradient-norm"]')
    assert _close(norm, python.gradient_norm()), (norm, python.gradient_norm())
    points = root.locator("svg.bp-plot polyline.bp-path").get_attribute("points").split()
    assert len(points) == len(python.path()) == python.steps + 1
    assert root.locator('button[data-action="step"]').is_disabled() == (
        python.steps >= python.max_steps)
    return _settings(root)


def expect_heat_map_ranks_like_python(page, root):
    """The heat map's cells are darker where Python's loss is lower."""
    pixels = page.evaluate("""async (href) => {
      const image = new Image();
      image.src = href;
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = image.width; canvas.height = image.height;
      const context = canvas.getContext("2d");
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, image.width, image.height);
      return { size: image.width, data: Array.from(data) };
    }""", root.locator("image.bp-heat").get_attribute("href"))
    grid = _python(root).grid(pixels["size"])
    rgba = np.array(pixels["data"], dtype=float).reshape(*grid.shape, 4)
    luminance = rgba[..., :3] @ [0.2126, 0.7152, 0.0722]
    assert np.unravel_index(luminance.argmin(), grid.shape) == np.unravel_index(
        grid.argmin(), grid.shape)
    assert np.unravel_index(luminance.argmax(), grid.shape) == np.unravel_index(
        grid.argmax(), grid.shape)
    ranks = [np.argsort(np.argsort(a.ravel())) for a in (luminance, grid)]
    assert np.corrcoef(*ranks)[0, 1] > 0.99
    assert _close(_value(root, '[data-output="map-low"]'), grid.min())
    assert _close(_value(root, '[data-output="map-high"]'), grid.max())


def _wait_steps(page, root, at_least):
    steps = root.locator('[data-output="steps"]').element_handle()
    page.wait_for_function("([el, k]) => Number(el.dataset.value) >= k", arg=[steps, at_least])


def _press(page, slider, key, times=1):
    slider.focus()
    for _ in range(times):
        page.keyboard.press(key)


def drive(page, root):
    start = expect_matches_python(root)
    expect_heat_map_ranks_like_python(page, root)
    max_steps = start[5]

    step = root.locator('button[data-action="step"]')
    for k in range(1, 6):
        step.click()
        assert expect_matches_python(root)[4] == k

    # The learning rate: the same five steps are redrawn with each new rate.
    rates = LossSurface().learning_rates
    rate = root.locator('input[data-param="learning-rate"]')
    index = int(rate.input_value())
    _press(page, rate, "ArrowRight", 2)
    assert expect_matches_python(root)[3:5] == (rates[min(index + 2, len(rates) - 1)], 5)
    _press(page, rate, "End")
    assert expect_matches_python(root)[3] == rates[-1]
    _press(page, rate, "ArrowLeft", 3)
    assert expect_matches_python(root)[3] == rates[-4]

    # The start by keyboard: each key moves it by 0.05 and starts a new walk.
    sliders = [root.locator(f'input[data-param="start-w{i}"]') for i in (1, 2)]
    before = [float(slider.input_value()) for slider in sliders]
    _press(page, sliders[0], "ArrowLeft", 3)
    _press(page, sliders[1], "ArrowUp", 2)
    settings = expect_matches_python(root)
    assert settings[4] == 0
    assert np.allclose(settings[2], [max(before[0] - 0.15, -2.0), min(before[1] + 0.1, 2.0)],
                       rtol=0, atol=1e-12)

    # The start by a click on the map, at the pixel of (−1.25, 1.0): it snaps to that point.
    step.click()
    hit = root.locator("rect.bp-hit")
    box = hit.bounding_box()
    low, high, _ = LossSurface().start_range
    target = (-1.25, 1.0)
    hit.click(position={"x": (target[0] - low) / (high - low) * box["width"],
                        "y": (high - target[1]) / (high - low) * box["height"]})
    settings = expect_matches_python(root)
    assert settings[2] == list(target) and settings[4] == 0

    # Play, pause, play until it stops by itself, then Play again starts over.
    play = root.locator('button[data-action="play"]')
    play.click()
    assert play.get_attribute("aria-pressed") == "true" and play.inner_text() == "Pause"
    _wait_steps(page, root, 3)
    play.click()
    assert play.get_attribute("aria-pressed") == "false" and play.inner_text() == "Play"
    paused = expect_matches_python(root)[4]
    page.wait_for_timeout(3 * PLAY_MS)
    assert expect_matches_python(root)[4] == paused
    play.click()
    page.wait_for_function("el => el.getAttribute('aria-pressed') === 'false'",
                           arg=play.element_handle(), timeout=3 * max_steps * PLAY_MS + 10_000)
    settings = expect_matches_python(root)
    python = _python(root)
    assert settings[4] == max_steps or python.gradient_norm() < python.converged
    play.click()
    _wait_steps(page, root, 1)
    assert play.get_attribute("aria-pressed") == "true"

    root.locator('button[data-action="reset"]').click()
    assert play.get_attribute("aria-pressed") == "false"
    page.wait_for_timeout(3 * PLAY_MS)
    assert expect_matches_python(root) == start
