"""The Python side of the loss surface widget: its reference computation against independent
ones, its path, and the settings it refuses. (What the page shows is checked by
tests/browser/drive_loss_surface.py.)"""

import itertools
import math

import numpy as np
import pytest
import traitlets

from backprop_book.calculus import gradient, gradient_check
from backprop_book.neuron import node_loss, node_loss_gradient
from backprop_book.optimizers import gradient_descent
from backprop_book.widgets.base import HERE
from backprop_book.widgets.loss_surface import LEARNING_RATES, START_RANGE, LossSurface

rng = np.random.default_rng(0)
POINTS = rng.uniform(-2.5, 2.5, size=(20, 2))
FIXED = [(-2.0, 1.0), (0.5, -1.0), (1.7, 0.3)]


def by_hand(w1, w2, w3, b):
    """L written out for the three training samples, with math.exp: (0,0,0) → 1, (0,1,0) → 1
    and (1,0,1) → 0, so L = ((1 − σ(b))² + (1 − σ(w2 + b))² + σ(w1 + w3 + b)²) / 3."""
    s = lambda z: 1 / (1 + math.exp(-z))  # noqa: E731
    return ((1 - s(b)) ** 2 + (1 - s(w2 + b)) ** 2 + s(w1 + w3 + b) ** 2) / 3


def test_starts_with_the_running_example_and_a_fresh_walk():
    surface = LossSurface()
    assert (surface.w3, surface.b, surface.steps) == (-2.0, 1.0, 0)
    assert surface._initial == {"start": [1.5, 0.5], "learning_rate": 2.0, "steps": 0}
    assert surface.learning_rate in surface.learning_rates
    assert repr(surface) == ("LossSurface(w3=-2.0, b=1.0, start=[1.5, 0.5], learning_rate=2.0, "
                             "steps=0, max_steps=100)")
    assert surface.current() == (1.5, 0.5, surface.loss(1.5, 0.5))


@pytest.mark.parametrize(("w3", "b"), FIXED)
def test_loss_is_the_nodes_mse_and_agrees_with_a_hand_computation(w3, b):
    surface = LossSurface(w3=w3, b=b)
    for w1, w2 in POINTS:
        assert surface.loss(w1, w2) == node_loss([w1, w2, w3], b)
        assert surface.loss(w1, w2) == pytest.approx(by_hand(w1, w2, w3, b), rel=1e-14)


@pytest.mark.parametrize(("w3", "b"), FIXED)
def test_gradient_is_the_nodes_and_agrees_with_finite_differences(w3, b):
    surface = LossSurface(w3=w3, b=b)
    loss = lambda w: surface.loss(*w)  # noqa: E731
    for w1, w2 in POINTS:
        g = surface.gradient(w1, w2)
        assert g.shape == (2,)
        np.testing.assert_array_equal(g, node_loss_gradient([w1, w2, w3], b)[0][:2])
        np.testing.assert_allclose(g, gradient(loss, [w1, w2]), rtol=1e-7, atol=1e-10)
        assert gradient_check(loss, lambda w: surface.gradient(*w), [w1, w2]) < 1e-7


def test_path_is_gradient_descent_from_the_start():
    surface = LossSurface(start=(-0.5, 0.25), learning_rate=0.7)
    assert surface.path().tolist() == [[-0.5, 0.25]]
    surface.steps = 12
    path = surface.path()
    assert path.shape == (13, 2)
    np.testing.assert_array_equal(
        path, gradient_descent(lambda w: surface.gradient(*w), [-0.5, 0.25], 0.7, 12))
    for before, after in itertools.pairwise(path):
        np.testing.assert_array_equal(after, before - 0.7 * surface.gradient(*before))
    w1, w2, loss = surface.current()
    assert [w1, w2] == path[-1].tolist() and loss == surface.loss(w1, w2)
    g = surface.gradient(w1, w2)
    assert surface.gradient_norm() == pytest.approx(float(np.linalg.norm(g)), rel=1e-15)


@pytest.mark.parametrize(("w3", "b"), FIXED)
@pytest.mark.parametrize("learning_rate", [0.1, 2.0, 20.0])
def test_the_walk_never_goes_uphill(w3, b, learning_rate):
    """Each sample involves w1 alone or w2 alone, so L = const + g(w1) + f(w2) with g rising
    and f falling: a step against the gradient lowers L at any learning rate."""
    for start in POINTS[:5]:
        surface = LossSurface(w3, b, start, learning_rate, max_steps=60)
        surface.steps = 60
        losses = [surface.loss(*w) for w in surface.path()]
        assert all(np.diff(losses) <= 0), losses
        assert losses[-1] < losses[0]


def test_the_default_walk_slows_down_on_the_flat_part():
    surface = LossSurface()
    norms = []
    for steps in (0, 10, 100):
        surface.steps = steps
        norms.append(surface.gradient_norm())
    assert norms[0] > 2 * norms[1] > 20 * norms[2] > 0  # the steps shrink as L flattens
    assert surface.gradient_norm() > surface.converged   # 100 steps do not come to rest
    w1, w2, _ = surface.current()
    assert START_RANGE[0] < w1 < 0 < w2 < START_RANGE[1]  # still on the map


def test_grid_is_the_loss_at_cell_centres_with_w2_rising_upwards():
    surface = LossSurface()
    grid = surface.grid(4)
    assert grid.shape == (4, 4)
    assert grid[0, 0] == surface.loss(-1.5, 1.5) and grid[3, 0] == surface.loss(-1.5, -1.5)
    full = surface.grid()
    assert full.shape == (60, 60)
    assert np.unravel_index(full.argmin(), full.shape) == (0, 0)      # the corner (−2, 2)
    assert np.unravel_index(full.argmax(), full.shape) == (59, 59)    # the corner (2, −2)


def test_learning_rate_stops_are_round_and_rising():
    assert sorted(LEARNING_RATES) == LEARNING_RATES
    assert LEARNING_RATES[0] == 0.1 and LEARNING_RATES[-1] == 20.0
    ratios = np.diff(np.log10(LEARNING_RATES))
    assert ratios.max() < 0.25      # five to seven stops a decade: a log scale


@pytest.mark.parametrize("value", [0.0, -1.0, math.nan, math.inf])
def test_refuses_a_learning_rate_that_is_not_positive_and_finite(value):
    with pytest.raises(traitlets.TraitError, match="learning rate must be a positive number"):
        LossSurface(learning_rate=value)
    surface = LossSurface()
    with pytest.raises(traitlets.TraitError, match="learning rate"):
        surface.learning_rate = value


@pytest.mark.parametrize("start", [(1.0,), (1.0, 2.0, 3.0), (math.nan, 0.0), (0.0, math.inf)])
def test_refuses_a_start_that_is_not_two_finite_numbers(start):
    with pytest.raises(traitlets.TraitError):
        LossSurface(start=start)
    with pytest.raises(traitlets.TraitError):
        LossSurface().start = list(start)


def test_refuses_bad_steps_and_fixed_parameters():
    surface = LossSurface(max_steps=10)
    with pytest.raises(traitlets.TraitError, match="steps must be from 0 to max_steps = 10"):
        surface.steps = 11
    with pytest.raises(traitlets.TraitError, match="steps must be from 0"):
        surface.steps = -1
    with pytest.raises(traitlets.TraitError, match="max_steps must be at least 1"):
        LossSurface(max_steps=0)
    with pytest.raises(traitlets.TraitError, match="w3 must be a finite number"):
        LossSurface(w3=math.nan)
    with pytest.raises(traitlets.TraitError, match="b must be a finite number"):
        surface.b = math.inf
    surface.steps = 8
    surface.max_steps = 5
    assert surface.steps == 5


def test_front_end_is_its_files_with_the_shared_parts():
    esm, css = LossSurface._esm, LossSurface._css
    assert esm.startswith((HERE / "common.js").read_text())
    assert esm.endswith((HERE / "loss_surface.js").read_text())
    assert "export default { render }" in esm
    assert (HERE / "theme.css").read_text() in css and ".bp-loss-surface" in css
