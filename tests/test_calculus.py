"""Difference quotients, partial derivatives and gradients against known derivatives
(to stated tolerances) and against an independent automatic-differentiation library."""

import math

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import elementwise_grad, grad

from backprop_book.calculus import (
    EPS,
    default_dx,
    derivative,
    gradient,
    gradient_check,
    partial_derivative,
)

# (function, its derivative) written with autograd's numpy so autograd can differentiate it.
CASES = {
    "constant": (lambda x: 0 * x + 5.0, lambda x: 0 * x),
    "linear": (lambda x: 3 * x + 2, lambda x: 0 * x + 3),
    "square": (lambda x: x**2, lambda x: 2 * x),
    "exp": (anp.exp, anp.exp),
    "sin": (anp.sin, anp.cos),
    "sigmoid": (lambda x: 1 / (1 + anp.exp(-x)), lambda x: anp.exp(-x) / (1 + anp.exp(-x)) ** 2),
}
X = np.linspace(-2, 2, 9)
#: With the default Δx, the error is about √ε for one-sided and ε^(2/3) for central quotients.
TOLERANCE = {"forward": 1e-7, "backward": 1e-7, "central": 1e-9}


@pytest.mark.parametrize("method", TOLERANCE)
@pytest.mark.parametrize("name", CASES)
def test_known_derivatives(name, method):
    f, exact = CASES[name]
    np.testing.assert_allclose(derivative(f, X, method=method), exact(X),
                               rtol=TOLERANCE[method], atol=TOLERANCE[method])


@pytest.mark.parametrize("name", CASES)
def test_central_difference_agrees_with_autograd(name):
    f, _ = CASES[name]
    np.testing.assert_allclose(derivative(f, X), elementwise_grad(f)(X), rtol=1e-9, atol=1e-9)


def test_linear_function_shows_round_off_but_stays_close():
    slope = derivative(lambda x: 3 * x + 2, 1.0, dx=1e-6, method="forward")
    assert slope != 3.0 and abs(slope - 3.0) < 1e-8


def test_error_orders_one_and_two():
    """Halving Δx halves the forward error and quarters the central one (truncation)."""
    f, fp = np.exp, np.exp(1.0)
    for method, factor in [("forward", 2.0), ("central", 4.0)]:
        e1 = abs(derivative(f, 1.0, dx=1e-2, method=method) - fp)
        e2 = abs(derivative(f, 1.0, dx=5e-3, method=method) - fp)
        assert e1 / e2 == pytest.approx(factor, rel=0.02)


def test_default_dx_balances_truncation_and_round_off():
    assert default_dx(0.0, "forward") == math.sqrt(EPS)
    assert default_dx(-100.0, "central") == pytest.approx(100 * EPS ** (1 / 3))


def test_partial_derivatives_and_gradient_agree_with_autograd():
    def f(v):
        return v[0] ** 2 * v[1] + 3 * v[1] + anp.sin(v[0] * v[2])

    point = np.array([2.0, 1.0, 0.5])
    expected = grad(f)(point)
    np.testing.assert_allclose(gradient(f, point), expected, rtol=1e-9)
    assert partial_derivative(f, point, 1) == pytest.approx(expected[1], rel=1e-9)
    np.testing.assert_array_equal(point, [2.0, 1.0, 0.5])


def test_gradient_check_tells_a_right_formula_from_a_wrong_one():
    def f(v):
        return v[0] ** 2 * v[1]

    point = np.array([1.5, -0.5])
    right = gradient_check(f, lambda v: np.array([2 * v[0] * v[1], v[0] ** 2]), point)
    wrong = gradient_check(f, lambda v: np.array([2 * v[0], v[0] ** 2]), point)
    assert right < 1e-9 < 1e-2 < wrong
    with pytest.raises(ValueError, match="shape"):
        gradient_check(f, lambda v: np.array([1.0]), point)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: derivative(3.0, 1.0), TypeError, "f must be a function"),
    (lambda: derivative(np.sin, 1.0, dx=0.0), ValueError, "dx must be positive"),
    (lambda: derivative(np.sin, 1.0, dx=-1e-3), ValueError, "dx must be positive"),
    (lambda: derivative(np.sin, math.nan), ValueError, "x must be finite"),
    (lambda: derivative(np.sin, 1.0, dx=math.inf), ValueError, "dx must be finite"),
    (lambda: derivative(np.sin, 1.0, method="sideways"), ValueError, "method must be one of"),
    (lambda: partial_derivative(np.sum, [[1.0, 2.0]], 0), ValueError, "must be a vector"),
    (lambda: partial_derivative(np.sum, [1.0, 2.0], 2), ValueError, "from 0 to 1"),
    (lambda: partial_derivative(np.sum, [1.0, 2.0], 0.5), ValueError, "input index"),
])
def test_bad_input_gets_a_clear_message(call, error, message):
    with pytest.raises(error, match=message):
        call()
