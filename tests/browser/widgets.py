"""Drivers for the book's widgets in a built page: each one moves the controls the way a
reader would (keys, clicks) and checks that the page shows exactly what Python computes.

``DRIVERS`` maps a widget's root class to its driver; a page that shows a widget with no
driver fails its test, so every new widget comes with one.
"""

import numpy as np
import pytest

from backprop_book.calculus import EPS
from backprop_book.data import TRAINING_X, TRAINING_Y
from backprop_book.neuron import node_output
from backprop_book.widgets import SecantExplorer, format_number
from backprop_book.widgets.secant_explorer import FUNCTIONS
from tests.browser.drive_backprop_stepper import drive as drive_backprop_stepper
from tests.browser.drive_learning_rate_explorer import drive as drive_learning_rate_explorer
from tests.browser.drive_loss_surface import drive as drive_loss_surface
from tests.browser.drive_neuron_trainer import drive as drive_neuron_trainer
from tests.browser.drive_optimizer_race import drive as drive_optimizer_race
from tests.browser.drive_slider_game import drive as drive_slider_game


def _explorer_state(root):
    """The parameters the explorer's controls show: (x, w, b, activation)."""
    value = lambda p: float(root.locator(f'input[data-param="{p}"]').input_value())  # noqa: E731
    x = [value(f"x{i}") for i in (1, 2, 3)]
    w = [value(f"w{i}") for i in (1, 2, 3)]
    rule = root.locator("input[data-rule]:checked").get_attribute("data-rule")
    return x, w, value("b"), rule


def _expect_explorer_matches_python(root):
    x, w, b, rule = _explorer_state(root)
    z = float(np.dot(w, x) + b)
    y = float(node_output(x, w, b, rule))
    shown_y = root.locator('[data-output="y"]')
    assert shown_y.inner_text() == format_number(y, 4)
    assert abs(float(shown_y.get_attribute("data-value")) - y) < 1e-12
    assert root.locator('[data-output="z"]').inner_text() == format_number(z, 4)
    outputs = node_output(TRAINING_X, w, b, rule)
    for k, yk in enumerate(outputs):
        assert root.locator(f'[data-output="train-y-{k}"]').inner_text() == format_number(yk, 4)
    right = int(np.sum((outputs >= 0.5) == (TRAINING_Y >= 0.5)))
    assert root.locator('[data-output="score"]').get_attribute("data-value") == str(right)
    return x, w, b, rule


def drive_neuron_explorer(page, root):
    start = _expect_explorer_matches_python(root)
    _, _, b, rule = start

    bias = root.locator('input[data-param="b"]')
    bias.focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    assert abs(float(bias.input_value()) - (b - 0.3)) < 1e-9
    _expect_explorer_matches_python(root)

    root.locator('input[data-param="w1"]').fill("-1.7")
    _expect_explorer_matches_python(root)
    other = "sigmoid" if rule == "threshold" else "threshold"
    root.locator(f'input[data-rule="{other}"]').click()
    assert _expect_explorer_matches_python(root)[3] == other
    root.locator('button[data-action="use-2"]').click()
    assert _expect_explorer_matches_python(root)[0] == list(TRAINING_X[2])

    root.locator('button[data-action="reset"]').click()
    assert _expect_explorer_matches_python(root) == start


def _expect_secant_matches_python(root):
    """The page's quotient, exact slope and error are Python's, for the page's settings."""
    function = root.locator('select[data-param="function"]').input_value()
    x0 = float(root.locator('input[data-param="x0"]').input_value())
    dx = float(root.locator('output[for$="-dx"]').get_attribute("data-value"))
    method = root.locator("input[data-method]:checked").get_attribute("data-method")
    python = SecantExplorer(function, x0, dx, method)
    shown = {name: float(root.locator(f'[data-output="{name}"]').get_attribute("data-value"))
             for name in ("quotient", "exact", "error")}
    # Polynomials: the same float operations give the same bits. The sigmoid's exp may
    # differ by a rounding, which the quotient divides by dx.
    tolerance = 0.0 if function != "sigmoid" else 8 * EPS / dx
    assert abs(shown["quotient"] - python.quotient()) <= tolerance
    assert abs(shown["exact"] - python.exact()) <= 4 * EPS
    assert abs(shown["error"] - python.error()) <= tolerance + 4 * EPS
    if tolerance == 0:
        assert root.locator('[data-output="quotient"]').inner_text() == format_number(
            python.quotient(), 10)
    assert root.locator("path.bp-curve").get_attribute("d").count("L") > 100
    return function, x0, dx, method


def drive_secant_explorer(page, root):
    start = _expect_secant_matches_python(root)
    log_dx = root.locator('input[data-param="log-dx"]')
    log_dx.focus()
    for _ in range(8):  # each key press divides dx by 10^0.25
        page.keyboard.press("ArrowLeft")
    dx = _expect_secant_matches_python(root)[2]
    assert dx == pytest.approx(start[2] / 100, rel=1e-12)
    root.locator('input[data-param="x0"]').fill("-1.3")
    _expect_secant_matches_python(root)
    other = "central" if start[3] == "forward" else "forward"
    root.locator(f'input[data-method="{other}"]').click()
    for name in FUNCTIONS:
        root.locator('select[data-param="function"]').select_option(name)
        for k in ("-11", "-6", "-1"):
            log_dx.fill(k)
            assert _expect_secant_matches_python(root)[0] == name
    root.locator('button[data-action="reset"]').click()
    assert _expect_secant_matches_python(root) == start


DRIVERS = {
    "bp-neuron-explorer": drive_neuron_explorer,
    "bp-secant-explorer": drive_secant_explorer,
    "bp-slider-game": drive_slider_game,
    "bp-loss-surface": drive_loss_surface,
    "bp-learning-rate-explorer": drive_learning_rate_explorer,
    "bp-neuron-trainer": drive_neuron_trainer,
    "bp-backprop-stepper": drive_backprop_stepper,
    "bp-optimizer-race": drive_optimizer_race,
}


def widget_kind(root):
    """The class that names a widget's kind (``bp-…``, other than the shared ``bp-widget``)."""
    classes = root.get_attribute("class").split()
    kinds = [c for c in classes if c.startswith("bp-") and c != "bp-widget"]
    assert len(kinds) == 1, f"a widget root should name one kind, not {kinds}"
    return kinds[0]
