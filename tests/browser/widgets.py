"""Drivers for the book's widgets in a built page: each one moves the controls the way a
reader would (keys, clicks) and checks that the page shows exactly what Python computes.

``DRIVERS`` maps a widget's root class to its driver; a page that shows a widget with no
driver fails its test, so every new widget comes with one.
"""

import numpy as np

from backprop_book.data import TRAINING_X, TRAINING_Y
from backprop_book.neuron import node_output
from backprop_book.widgets import format_number


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


DRIVERS = {"bp-neuron-explorer": drive_neuron_explorer}


def widget_kind(root):
    """The class that names a widget's kind (``bp-…``, other than the shared ``bp-widget``)."""
    classes = root.get_attribute("class").split()
    kinds = [c for c in classes if c.startswith("bp-") and c != "bp-widget"]
    assert len(kinds) == 1, f"a widget root should name one kind, not {kinds}"
    return kinds[0]
