"""The 2-D test surfaces of chapter 10: gradients against finite differences and autograd,
the listed stationary points and their kinds, the plot settings, and what the default race
shows on each surface."""

import math

import numpy as np
import pytest
from autograd import grad, hessian

from backprop_book import calculus
from backprop_book.data import quartic
from backprop_book.optimizers import OPTIMIZERS, descend
from backprop_book.surfaces import SURFACES, Surface

ALL = pytest.mark.parametrize("surface", SURFACES.values(), ids=list(SURFACES))

# The same surfaces written independently, with autograd's numpy (no code of the package).
REFERENCE = {
    "bowl": lambda v: v[0] ** 2 / 25 + 4 * v[1] ** 2,
    "two-minima": lambda v: 2 * v[0] ** 4 - 4 * v[0] ** 3 + 3 * v[0] + 2 + v[1] ** 2,
    "saddle": lambda v: v[0] ** 2 + v[1] ** 4 / 4 - v[1] ** 2,
}


def sample_points(surface, n=25, seed=0):
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(*surface.x_range, n), rng.uniform(*surface.y_range, n)])


@ALL
def test_f_matches_its_formula(surface):
    for x, y in sample_points(surface):
        assert surface.f(x, y) == pytest.approx(REFERENCE[surface.name](np.array([x, y])),
                                                rel=1e-12, abs=1e-12)


@ALL
def test_gradient_against_finite_differences(surface):
    for point in sample_points(surface):
        assert calculus.gradient_check(surface.value, surface.gradient_vector, point) < 1e-7


@ALL
def test_gradient_against_autograd(surface):
    reference = grad(REFERENCE[surface.name])
    for point in sample_points(surface, seed=1):
        np.testing.assert_allclose(surface.gradient_vector(point), reference(point),
                                   rtol=1e-12, atol=1e-12)


@ALL
def test_f_and_gradient_work_elementwise_on_arrays(surface):
    points = sample_points(surface)
    values = surface.f(points[:, 0], points[:, 1])
    gx, gy = surface.gradient(points[:, 0], points[:, 1])
    for k, (x, y) in enumerate(points):
        assert values[k] == surface.f(x, y)
        assert (gx[k], gy[k]) == surface.gradient(x, y)


@ALL
def test_listed_points_are_stationary_with_the_stated_kind(surface):
    hess = hessian(REFERENCE[surface.name])
    kinds = [kind for _, _, kind in surface.minima]
    assert "global" in kinds and set(kinds) <= {"global", "local", "saddle"}
    for x, y, kind in surface.minima:
        assert surface.x_range[0] < x < surface.x_range[1]
        assert surface.y_range[0] < y < surface.y_range[1]
        np.testing.assert_allclose(surface.gradient(x, y), [0, 0], atol=1e-14)
        eigenvalues = np.linalg.eigvalsh(hess(np.array([x, y])))
        if kind == "saddle":
            assert eigenvalues[0] < -0.1 and eigenvalues[1] > 0.1
        else:
            assert eigenvalues[0] > 0.01
    # The global minima share the lowest value, below every listed local minimum and below
    # every point of a fine grid over the plot.
    lowest = min(surface.f(x, y) for x, y, _ in surface.minima)
    for x, y, kind in surface.minima:
        if kind == "global":
            assert surface.f(x, y) == pytest.approx(lowest, abs=1e-12)
        else:
            assert surface.f(x, y) > lowest + 0.1
    xs, ys = np.meshgrid(np.linspace(*surface.x_range, 301), np.linspace(*surface.y_range, 301))
    assert surface.f(xs, ys).min() >= lowest - 1e-12


def test_every_stationary_point_in_the_plot_is_listed():
    """Solving ∇f = 0 by hand: bowl (2x/25, 8y) = 0 only at the origin; two-minima
    q′(x) = 8x³ − 12x² + 3 = 0 (three roots) and y = 0; saddle 2x = 0 and y(y² − 2) = 0."""
    expected = {
        "bowl": [(0.0, 0.0)],
        "two-minima": [(-0.4396926, 0.0), (1.2660444, 0.0), (0.6736482, 0.0)],
        "saddle": [(0.0, math.sqrt(2)), (0.0, -math.sqrt(2)), (0.0, 0.0)],
    }
    for name, points in expected.items():
        listed = [(x, y) for x, y, _ in SURFACES[name].minima]
        np.testing.assert_allclose(listed, points, atol=1e-7)
    # The two-minima surface uses chapter 04's quartic: the same minima along y = 0.
    x_global, x_local = SURFACES["two-minima"].minima[0][0], SURFACES["two-minima"].minima[1][0]
    assert SURFACES["two-minima"].f(x_global, 0.0) == quartic(x_global)
    assert quartic(x_global) < quartic(x_local)


@ALL
def test_plot_settings(surface):
    assert isinstance(surface, Surface) and SURFACES[surface.name] is surface
    assert surface.title and surface.description
    (x0, x1), (y0, y1) = surface.x_range, surface.y_range
    assert x0 < x1 and y0 < y1 and x1 - x0 == pytest.approx(y1 - y0)   # a square plot
    sx, sy = surface.default_start
    assert x0 < sx < x1 and y0 < sy < y1
    assert surface.default_learning_rate > 0 and surface.default_steps > 0
    with pytest.raises(AttributeError):
        surface.name = "other"                                          # frozen


def race(name):
    """The loss of each optimiser after 0, 10, 25, 50, 100, 200 steps of the default race."""
    surface = SURFACES[name]
    paths = {key: descend(cls(surface.default_learning_rate), surface.gradient_vector,
                          surface.default_start, surface.default_steps)
             for key, cls in OPTIMIZERS.items()}
    return paths, {key: [surface.value(path[k]) for k in (0, 10, 25, 50, 100, 200)]
                   for key, path in paths.items()}


def test_the_bowl_race():
    """SGD zigzags across the ravine (y changes sign every step) and creeps along it;
    momentum and Adam are far ahead; RMSprop gets close fast but its steps stay near α, so
    it ends up bouncing around the minimum; Adagrad's shrinking steps make it the slowest."""
    paths, losses = race("bowl")
    y = paths["SGD"][:8, 1]
    assert np.all(y[1:] * y[:-1] < 0)                          # the zigzag
    assert losses["SGD"][4] > 0.1                              # still far after 100 steps
    assert losses["Momentum"][4] < 0.01 and losses["Adam"][4] < 0.01
    assert losses["Momentum"][5] < 1e-6 and losses["Adam"][5] < 1e-6
    assert losses["RMSprop"][4] < 1e-3 < losses["RMSprop"][5]  # near, then bouncing
    assert max(losses, key=lambda key: losses[key][5]) == "Adagrad"


def test_the_two_minima_race():
    """From the right, momentum carries over the hump to the global minimum; SGD, RMSprop
    and Adam settle in the local one; Adagrad's shrinking steps have not arrived."""
    paths, losses = race("two-minima")
    (x_global, _, _), (x_local, _, _), _ = SURFACES["two-minima"].minima
    assert paths["Momentum"][-1][0] == pytest.approx(x_global, abs=1e-3)
    for key in ("SGD", "RMSprop", "Adam"):
        assert paths[key][-1][0] == pytest.approx(x_local, abs=0.05)
    assert losses["Adagrad"][5] > losses["SGD"][5] + 0.5


def test_the_saddle_race():
    """All start 0.001 off the ridge line y = 0. Momentum leaves the saddle first, RMSprop and
    Adam (whose steps do not shrink with the tiny gradient) next; SGD lingers near the
    saddle (loss near 0) for about 100 steps; Adagrad has not left it after 200."""
    paths, losses = race("saddle")
    surface = SURFACES["saddle"]

    def escape(key):
        """The first step with f < −0.5 (halfway from the saddle's 0 to the minima's −1)."""
        below = surface.f(paths[key][:, 0], paths[key][:, 1]) < -0.5
        return int(np.argmax(below)) if below.any() else math.inf

    steps = {key: escape(key) for key in OPTIMIZERS}
    assert steps["Momentum"] < steps["RMSprop"] < steps["Adam"] < steps["SGD"] < math.inf
    assert steps["Adagrad"] == math.inf
    assert abs(losses["SGD"][4]) < 0.01 and losses["SGD"][5] < -0.9
    for key in ("Momentum", "RMSprop", "Adam"):
        assert losses[key][5] < -0.99
