"""The Python side of the backprop stepper: its traits, its reference steps against the Layers
and against finite differences of the loss, and the arguments it refuses. (What the page shows
is checked by tests/browser/drive_backprop_stepper.py.)"""

import math
import random

import numpy as np
import pytest
import traitlets

from backprop_book.calculus import gradient
from backprop_book.data import TINY_SEED, TINY_X, TINY_Y0
from backprop_book.layers import Layer
from backprop_book.widgets import BackpropStepper
from backprop_book.widgets.backprop_stepper import (
    BACKWARD_STEPS,
    FORWARD_STEPS,
    LEARNING_RATES,
    STEPS,
    network,
)
from backprop_book.widgets.base import HERE

NAMES = ["h1", "h2", "o1", "o2"]


def all_values(steps):
    values = {}
    for step in steps:
        assert not set(step.values) & set(values), "each quantity is computed once"
        values.update(step.values)
    return values


def sse(params, x, y0):
    """L = Σ_j (y_j − y0_j)² of the 2-2-2 network, written out with math.exp; ``params`` in the
    page's order w-h1-1, w-h1-2, b-h1, w-h2-1, …, b-o2 (as params_of lists them)."""
    p = list(params)
    wh, bh = [[p[0], p[1]], [p[3], p[4]]], [p[2], p[5]]
    wo, bo = [[p[6], p[7]], [p[9], p[10]]], [p[8], p[11]]
    h = [1 / (1 + math.exp(-(wh[j][0] * x[0] + wh[j][1] * x[1] + bh[j]))) for j in range(2)]
    return output_sse(h, wo, bo, y0)


def output_sse(h, wo, bo, y0):
    y = [1 / (1 + math.exp(-(wo[j][0] * h[0] + wo[j][1] * h[1] + bo[j]))) for j in range(2)]
    return sum((yj - y0j) ** 2 for yj, y0j in zip(y, y0, strict=True))


def test_defaults_are_chapter_08s_tiny_network():
    stepper = BackpropStepper()
    rng = random.Random(TINY_SEED)
    hidden, output = Layer(2, 2, seed=rng), Layer(2, 2, seed=rng)
    assert (stepper.seed, stepper.x, stepper.y0) == (TINY_SEED, TINY_X, TINY_Y0)
    start = stepper.start
    for tag, layer in (("h", hidden), ("o", output)):
        for j in range(2):
            assert start[f"b-{tag}{j + 1}"] == layer.b[j]
            for i in range(2):
                assert start[f"w-{tag}{j + 1}-{i + 1}"] == layer.w[j][i]
    assert len(start) == 12
    assert stepper.learning_rate == 1.0 and stepper.learning_rates == LEARNING_RATES
    assert stepper._initial == {"start": start, "learning_rate": 1.0}
    assert repr(stepper) == ("BackpropStepper(seed=1, x=[1.0, 0.5], y0=[1.0, 0.0], "
                             "learning_rate=1.0)")


def test_front_end_is_its_files_with_the_shared_parts():
    esm, css = BackpropStepper._esm, BackpropStepper._css
    assert esm.startswith((HERE / "common.js").read_text())
    assert esm.endswith((HERE / "backprop_stepper.js").read_text())
    assert "export default { render }" in esm
    assert (HERE / "theme.css").read_text() in css and ".bp-backprop-stepper" in css
    # No timers to leave behind: every press computes at once.
    assert "setTimeout" not in esm and "setInterval" not in esm
    assert "requestAnimationFrame" not in esm


def test_the_page_lists_the_same_steps():
    js = (HERE / "backprop_stepper.js").read_text()
    for name in STEPS:
        assert f'"{name}"' in js
    assert STEPS == FORWARD_STEPS + BACKWARD_STEPS and len(STEPS) == 17


def test_reference_steps_are_the_layers_own_numbers():
    """Each step's quantities, read off the Layers run by hand (forward, mse_loss, backward)."""
    stepper = BackpropStepper()
    steps = stepper.reference_steps()
    assert [s.name for s in steps] == STEPS
    hidden, output = network(TINY_SEED)
    h = hidden.forward(TINY_X)
    y = output.forward(h)
    delta = output.mse_loss(TINY_Y0)
    dx = output.backward(delta)
    hidden.backward(dx)
    by_step = {s.name: s.values for s in steps}
    assert by_step["hidden-1"]["y-h1"] == h[0] and by_step["hidden-2"]["y-h2"] == h[1]
    assert by_step["output-1"]["y-o1"] == y[0] and by_step["output-2"]["y-o2"] == y[1]
    assert by_step["loss"] == {"loss": output.loss}
    assert by_step["delta-o1"] == {"delta-o1": delta[0]}
    assert by_step["delta-h2"] == {"delta-h2": dx[1]}, "the hidden δ is the output layer's dx"
    for tag, layer in (("h", hidden), ("o", output)):
        for j in range(2):
            node = f"{tag}{j + 1}"
            assert by_step[f"grad-{node}"] == {f"dw-{node}-1": layer.dw[j][0],
                                               f"dw-{node}-2": layer.dw[j][1],
                                               f"db-{node}": layer.db[j]}
            assert by_step[f"slope-{node}"][f"slope-{node}"] == layer.db[j]
    # z: the weighted sum whose sigmoid the Layer returned
    values = all_values(steps)
    for node in NAMES:
        assert 1 / (1 + math.exp(-values[f"z-{node}"])) == pytest.approx(values[f"y-{node}"],
                                                                          rel=1e-15)


def test_the_numbers_follow_the_chain_rule_written_out():
    v = all_values(BackpropStepper().reference_steps())
    y0 = TINY_Y0
    assert v["loss"] == (v["y-o1"] - y0[0]) ** 2 + (v["y-o2"] - y0[1]) ** 2
    for j, node in ((1, "o1"), (2, "o2")):
        assert v[f"delta-{node}"] == 2 * (v[f"y-{node}"] - y0[j - 1])
    for node in NAMES:
        y = v[f"y-{node}"]
        assert v[f"slope-{node}"] == v[f"delta-{node}"] * (y * (1 - y))
        assert v[f"db-{node}"] == v[f"slope-{node}"]
    start = BackpropStepper().start
    for i in (1, 2):   # two paths from h_i to the loss: their slopes add
        assert v[f"delta-h{i}"] == (v["slope-o1"] * start[f"w-o1-{i}"]
                                    + v["slope-o2"] * start[f"w-o2-{i}"])
        for j in (1, 2):
            assert v[f"dw-o{j}-{i}"] == v[f"slope-o{j}"] * v[f"y-h{i}"]
            assert v[f"dw-h{j}-{i}"] == v[f"slope-h{j}"] * TINY_X[i - 1]


@pytest.mark.parametrize(("seed", "x", "y0"), [
    (TINY_SEED, TINY_X, TINY_Y0), (0, [0.3, -2.0], [0.2, 0.9]), (7, [-1.5, 4.0], [0.0, 1.0]),
])
def test_gradients_are_finite_differences_of_the_loss(seed, x, y0):
    stepper = BackpropStepper(seed=seed, x=x, y0=y0)
    ref = stepper.reference()
    v = all_values(ref.steps)
    order = [f"{kind}-{tag}{j}{suffix}" for tag in "ho" for j in (1, 2)
             for kind, suffix in (("w", "-1"), ("w", "-2"), ("b", ""))]
    params = np.array([ref.params[name] for name in order])
    assert list(ref.params) == order
    found = np.array([v["d" + name] for name in order])
    numeric = gradient(lambda p: sse(p, x, y0), params)
    np.testing.assert_allclose(found, numeric, rtol=1e-6, atol=1e-10)
    assert v["loss"] == pytest.approx(sse(params, x, y0), rel=1e-14)

    # δ of a hidden node = ∂L/∂h_i with the output layer fixed (dx of the output layer).
    wo = [[ref.params[f"w-o{j}-{i}"] for i in (1, 2)] for j in (1, 2)]
    bo = [ref.params["b-o1"], ref.params["b-o2"]]
    h = np.array([v["y-h1"], v["y-h2"]])
    dh = gradient(lambda hh: output_sse(hh, wo, bo, y0), h)
    np.testing.assert_allclose([v["delta-h1"], v["delta-h2"]], dh, rtol=1e-6, atol=1e-10)
    # δ of an output node = ∂L/∂y_j; δσ′ = ∂L/∂z_j
    y = np.array([v["y-o1"], v["y-o2"]])
    dy = gradient(lambda yy: float(np.sum((yy - np.array(y0)) ** 2)), y)
    np.testing.assert_allclose([v["delta-o1"], v["delta-o2"]], dy, rtol=1e-6, atol=1e-10)
    for tag, source in (("o", h), ("h", np.array(x))):
        for j in (1, 2):
            w = [ref.params[f"w-{tag}{j}-1"], ref.params[f"w-{tag}{j}-2"]]

            def loss_of_z(z, tag=tag, j=j):
                """The loss with node j's weighted sum replaced by z[0]."""
                p = dict(ref.params)
                p[f"b-{tag}{j}"] += z[0] - v[f"z-{tag}{j}"]
                return sse([p[name] for name in order], x, y0)

            z = float(np.dot(w, source)) + ref.params[f"b-{tag}{j}"]
            assert z == pytest.approx(v[f"z-{tag}{j}"], rel=1e-14, abs=1e-15)
            slope = gradient(loss_of_z, np.array([v[f"z-{tag}{j}"]]))[0]
            assert v[f"slope-{tag}{j}"] == pytest.approx(slope, rel=1e-6, abs=1e-10)


@pytest.mark.parametrize("rates", [[1.0], [1.0, 1.0, 1.0], [0.1, 10.0, 2.0]])
def test_update_is_layer_update_and_lowers_the_loss(rates):
    stepper = BackpropStepper()
    ref = stepper.reference(rates)
    assert len(ref.losses) == len(rates) + 1
    assert all(b < a for a, b in zip(ref.losses, ref.losses[1:], strict=False))
    # The same with the Layers run by hand.
    hidden, output = network(TINY_SEED)
    for rate in rates:
        output.forward(hidden.forward(TINY_X))
        hidden.backward(output.backward(output.mse_loss(TINY_Y0)))
        hidden.update(rate)
        output.update(rate)
    assert ref.params["w-h2-1"] == hidden.w[1][0] and ref.params["b-o1"] == output.b[0]
    output.forward(hidden.forward(TINY_X))
    output.mse_loss(TINY_Y0)
    assert ref.losses[-1] == output.loss
    # One update is params − α·gradient.
    first = stepper.reference()
    v = all_values(first.steps)
    one = stepper.reference([rates[0]])
    for name, value in first.params.items():
        assert one.params[name] == value - rates[0] * v["d" + name]


def test_reference_does_not_change_the_widget():
    stepper = BackpropStepper()
    before = stepper.reference_steps()
    stepper.reference([1.0, 2.0])
    assert stepper.reference_steps() == before
    assert stepper.start == BackpropStepper.start_of(TINY_SEED)


@pytest.mark.parametrize("seed", ["1", 1.0, True, None])
def test_refuses_a_seed_that_is_not_an_int(seed):
    with pytest.raises(TypeError, match="seed must be a whole number"):
        BackpropStepper(seed=seed)


@pytest.mark.parametrize(("x", "error", "message"), [
    ([1.0], ValueError, "the input x must have 2 values, got 1"),
    ([1.0, 2.0, 3.0], ValueError, "the input x must have 2 values, got 3"),
    ("ab", TypeError, "the input x must be a list of 2 numbers"),
    (1.0, TypeError, "the input x must be a list of 2 numbers"),
    ([1.0, "2"], TypeError, "the input x must hold numbers"),
    ([True, 0.0], TypeError, "the input x must hold numbers"),
    ([math.nan, 0.0], ValueError, r"must lie in \[-10, 10\]"),
    ([0.0, 11.0], ValueError, r"must lie in \[-10, 10\]"),
])
def test_refuses_a_bad_input(x, error, message):
    with pytest.raises(error, match=message):
        BackpropStepper(x=x)


@pytest.mark.parametrize(("y0", "error", "message"), [
    ([1.0], ValueError, "the targets y0 must have 2 values"),
    ([1.5, 0.0], ValueError, r"every value of the targets y0 must lie in \[0, 1\]"),
    ([-0.1, 0.0], ValueError, r"must lie in \[0, 1\]"),
    ([math.inf, 0.0], ValueError, r"must lie in \[0, 1\]"),
    ([None, 0.0], TypeError, "the targets y0 must hold numbers"),
])
def test_refuses_bad_targets(y0, error, message):
    with pytest.raises(error, match=message):
        BackpropStepper(y0=y0)


@pytest.mark.parametrize(("rate", "error"), [
    (0.3, ValueError), (0.0, ValueError), (-1.0, ValueError), (math.nan, ValueError),
    ("1", TypeError), (True, TypeError), (None, TypeError),
])
def test_refuses_a_learning_rate_the_slider_does_not_offer(rate, error):
    with pytest.raises(error, match="the learning rate must be"):
        BackpropStepper(learning_rate=rate)


def test_accepts_numbers_of_any_real_kind():
    stepper = BackpropStepper(x=(np.float64(1.0), 0), y0=np.array([1.0, 0.0]), learning_rate=2)
    assert stepper.x == [1.0, 0.0] and stepper.y0 == [1.0, 0.0] and stepper.learning_rate == 2.0


@pytest.mark.parametrize("rates", [[0.0], [-1.0], [math.nan], ["1"]])
def test_reference_refuses_a_bad_learning_rate(rates):
    with pytest.raises(ValueError, match="a learning rate must be a number above 0"):
        BackpropStepper().reference(rates)


def test_traits_refuse_what_the_constructor_refuses():
    stepper = BackpropStepper()
    with pytest.raises(traitlets.TraitError, match="the input x must have 2 values"):
        stepper.x = [1.0]
    with pytest.raises(traitlets.TraitError, match=r"must lie in \[0, 1\]"):
        stepper.y0 = [2.0, 0.0]
    with pytest.raises(traitlets.TraitError, match="one of the slider's values"):
        stepper.learning_rate = 0.3
    with pytest.raises(traitlets.TraitError):
        stepper.seed = 1.5
    with pytest.raises(traitlets.TraitError, match="start follows seed"):
        stepper.start = {**stepper.start, "b-o1": 0.0}
    assert (stepper.x, stepper.y0, stepper.learning_rate) == (TINY_X, TINY_Y0, 1.0)
    stepper.x = [0.25, -0.5]
    assert stepper.reference_steps() == BackpropStepper(x=[0.25, -0.5]).reference_steps()


def test_a_new_seed_brings_its_start():
    stepper = BackpropStepper(learning_rate=5.0)
    stepper.seed = 3
    assert stepper.start == BackpropStepper.start_of(3) != BackpropStepper.start_of(TINY_SEED)
    assert stepper._initial == {"start": stepper.start, "learning_rate": 5.0}
    assert stepper.reference_steps() == BackpropStepper(seed=3).reference_steps()
