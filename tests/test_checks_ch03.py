"""Tests of the chapter 03 exercise checks (``backprop_book/checks/ch03.py``).

For every check: the reference answers pass, the student's placeholder fails with a clear
message, each typical mistake gets its own hint, and bad input (None, text, wrong length or
shape, NaN, inf, a non-function, a function that raises) gives a CheckError, never another
exception. Checks return None, write nothing to stderr and leave their arguments unchanged.
"""

import math
import warnings

import numpy as np
import pytest

from backprop_book.activations import sigmoid_prime
from backprop_book.calculus import derivative, gradient
from backprop_book.checks import CheckError, ch03
from tests.check_helpers import (
    assert_fails,
    assert_passes,
    not_implemented,
    raises_value_error,
    sigmoid,
)


# Reference answers, as the workbook's solutions give them, from the exercises' formulas.
def f_31(x, y):
    return x**2 * y + 3 * y


PARTIALS = [2 * 2 * 1, 2**2 + 3]  # [∂f/∂x, ∂f/∂y] = [2xy, x² + 3] at (2, 1)
DL_DW = 2 * (3 * 1 - 2) * 3  # (f²)′ = 2·f·f′ with f = 3w − 2, at w = 1
A5, B5 = 1 + 2, 1 * 2  # a = x + y and b = x·y at (1, 2)
DZ_DX, DZ_DY = B5 * 1 + A5 * 2, B5 * 1 + A5 * 1  # the two paths added


def numerical_gradient(f, x):
    dx = 1e-5
    x = np.asarray(x, dtype=float)
    grad = np.zeros(x.size)
    for i in range(x.size):
        x_plus, x_minus = x.copy(), x.copy()
        x_plus[i] += dx
        x_minus[i] -= dx
        grad[i] = (f(x_plus) - f(x_minus)) / (2 * dx)
    return grad


def dh(x):
    u = 3 * x**2 + 1
    s = sigmoid(u)
    return s * (1 - s) * 6 * x


def backward(x, y):
    a, b = x + y, x * y
    dz_da, dz_db = b, a
    return dz_da * 1 + dz_db * y, dz_da * 1 + dz_db * x


REFERENCE = {
    "3.1": (ch03.exercise_1, (PARTIALS,)),
    "3.2": (ch03.exercise_2, (numerical_gradient,)),
    "3.3": (ch03.exercise_3, (DL_DW,)),
    "3.4": (ch03.exercise_4, (dh,)),
    "3.5": (ch03.exercise_5, (DZ_DX, DZ_DY)),
    "3.6": (ch03.exercise_6, (backward,)),
}


# ----------------------------------------------------------------- reference answers
@pytest.mark.parametrize("number", sorted(REFERENCE))
def test_reference_answer_passes(capsys, number):
    check, args = REFERENCE[number]
    assert check.exercise == number
    assert_passes(capsys, check, *args)


@pytest.mark.parametrize("partials", [
    (4, 7),
    np.array([4.0, 7.0]),
    [np.float64(4), np.int64(7)],
    list(gradient(lambda v: f_31(v[0], v[1]), [2.0, 1.0])),  # measured, not exact
])
def test_exercise_1_accepts_other_spellings(capsys, partials):
    assert_passes(capsys, ch03.exercise_1, partials)


# Other correct ways to write numerical_gradient.
def restores_in_place(f, x, dx=1e-5):
    grad = np.zeros(len(x))
    for i in range(len(x)):
        old = x[i]
        x[i] = old + dx
        up = f(x)
        x[i] = old - dx
        down = f(x)
        x[i] = old
        grad[i] = (up - down) / (2 * dx)
    return grad


def restores_by_arithmetic(f, x, dx=1e-5):  # x[i] comes back up to round-off
    grad = []
    for i in range(len(x)):
        x[i] += dx
        up = f(x)
        x[i] -= 2 * dx
        down = f(x)
        x[i] += dx
        grad.append((up - down) / (2 * dx))
    return grad


def unit_vectors(f, x, dx=1e-4):
    eye = np.eye(len(x))
    return np.array([(f(x + dx * e) - f(x - dx * e)) / (2 * dx) for e in eye])


def relative_step(f, x):
    steps = 1e-6 * np.maximum(1.0, np.abs(x))
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h)
                     for h, e in zip(steps, np.eye(len(x)), strict=True)])


def five_point(f, x, dx=1e-3):
    grad = np.zeros(len(x))
    for i, e in enumerate(np.eye(len(x))):
        grad[i] = (-f(x + 2 * dx * e) + 8 * f(x + dx * e) - 8 * f(x - dx * e)
                   + f(x - 2 * dx * e)) / (12 * dx)
    return grad


def central_with(dx):
    def numerical_gradient(f, x):
        return np.array([(f(x + dx * e) - f(x - dx * e)) / (2 * dx) for e in np.eye(len(x))])
    return numerical_gradient


def with_python_lists(f, x, dx=1e-5):
    values = list(x)
    grad = []
    for i in range(len(values)):
        up, down = list(values), list(values)
        up[i] += dx
        down[i] -= dx
        grad.append((f(up) - f(down)) / (2 * dx))
    return tuple(grad)


@pytest.mark.parametrize("function", [
    restores_in_place, restores_by_arithmetic, unit_vectors, relative_step, five_point,
    central_with(1e-3), central_with(1e-4), central_with(1e-6), central_with(1e-8),
    with_python_lists, gradient,
])
def test_exercise_2_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch03.exercise_2, function)


@pytest.mark.parametrize("value", [6, 6.0, np.float64(6), np.array(6.0), 6 + 1e-9])
def test_exercise_3_accepts_other_spellings(capsys, value):
    assert_passes(capsys, ch03.exercise_3, value)


def dh_numpy(x):
    return sigmoid_prime(3 * x**2 + 1) * 6 * x


def dh_expanded(x):
    e = math.exp(-(3 * x**2 + 1))
    return e / (1 + e) ** 2 * 6 * x


def dh_measured(x):
    return derivative(lambda t: 1 / (1 + np.exp(-(3 * t**2 + 1))), x)


@pytest.mark.parametrize("function", [dh_numpy, dh_expanded, dh_measured])
def test_exercise_4_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch03.exercise_4, function)


@pytest.mark.parametrize("answers", [(8, 5), (8.0, 5.0), (np.float64(8), np.int64(5))])
def test_exercise_5_accepts_other_spellings(capsys, answers):
    assert_passes(capsys, ch03.exercise_5, *answers)


def backward_expanded(x, y):  # z = x²y + xy², differentiated directly
    return [2 * x * y + y**2, x**2 + 2 * x * y]


def backward_array(x, y):
    return np.array(backward(x, y))


@pytest.mark.parametrize("function", [backward_expanded, backward_array])
def test_exercise_6_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch03.exercise_6, function)


def test_checks_silence_the_students_warnings(capsys):
    def noisy_gradient(f, x):
        warnings.warn("from the student's code", stacklevel=1)
        np.float64(1e308) * 10  # an overflow warning from numpy
        return numerical_gradient(f, x)

    def noisy_dh(x):
        warnings.warn("from the student's code", stacklevel=1)
        return dh(x)

    assert_passes(capsys, ch03.exercise_2, noisy_gradient)
    assert_passes(capsys, ch03.exercise_4, noisy_dh)


# ------------------------------------------------------------ the student's placeholders
PLACEHOLDERS = [
    (ch03.exercise_1, (None,), "partials is None"),
    (ch03.exercise_1, ([None, None],), "partials still holds None"),
    (ch03.exercise_1, ([4, None],), "partials still holds None"),
    (ch03.exercise_2, (not_implemented,), "numerical_gradient still raises NotImplementedError"),
    (ch03.exercise_3, (None,), "dL_dw is None"),
    (ch03.exercise_4, (not_implemented,), "dh still raises NotImplementedError"),
    (ch03.exercise_5, (None, None), "dz_dx is None"),
    (ch03.exercise_5, (DZ_DX, None), "dz_dy is None"),
    (ch03.exercise_6, (not_implemented,), "backward still raises NotImplementedError"),
]


@pytest.mark.parametrize("check, args, match", PLACEHOLDERS)
def test_placeholder_fails_clearly(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


# ------------------------------------------------------------------ typical mistakes
MISTAKES_1 = [
    ([7, 4], "swapped: partials\\[0\\] is ∂f/∂x"),
    ([8, 7], "2xy \\+ x²: you treated y as a variable when differentiating by x"),
    ([7, 7], "2xy \\+ 3: the term 3y does not contain x"),
    ([4, 4], "∂f/∂y = 4 is x² alone: you forgot the 3"),
    ([4, 3], "∂f/∂y = 3 is the slope of 3y alone"),
    ([4, 11], "you treated x as a variable when differentiating by y"),
    ([5, 7], "∂f/∂x = 5 is not right: hold y fixed at 1"),
    ([8, 4], "(?s)∂f/∂x = 8 looks like 2xy \\+ x².*\n∂f/∂y = 4 is x² alone"),
]


@pytest.mark.parametrize("partials, match", MISTAKES_1)
def test_exercise_1_names_the_mistake(capsys, partials, match):
    assert_fails(capsys, ch03.exercise_1, (partials,), match)


def forward(f, x, dx=1e-5):
    f0 = f(x)
    grad = np.zeros(len(x))
    for i in range(len(x)):
        x_plus = x.copy()
        x_plus[i] += dx
        grad[i] = (f(x_plus) - f0) / dx
    return grad


def forward_tiny_step(f, x):  # accurate enough to pass on values: caught by where f is used
    return forward(f, x, dx=1e-8)


def backward_difference(f, x, dx=1e-5):
    grad = np.zeros(len(x))
    for i in range(len(x)):
        x_minus = x.copy()
        x_minus[i] -= dx
        grad[i] = (f(x) - f(x_minus)) / dx
    return grad


def no_copy(f, x, dx=1e-5):  # x_plus = x: moves the caller's x
    grad = np.zeros(len(x))
    for i in range(len(x)):
        x_plus = x
        x_plus[i] += dx
        up = f(x_plus)
        x_minus = x
        x_minus[i] -= 2 * dx
        grad[i] = (up - f(x_minus)) / (2 * dx)
    return grad


def aliases_restored(f, x, dx=1e-5):  # both names are x: f is only ever evaluated at x
    grad = np.zeros(len(x))
    for i in range(len(x)):
        x_plus, x_minus = x, x
        x_plus[i] += dx
        x_minus[i] -= dx
        grad[i] = (f(x_plus) - f(x_minus)) / (2 * dx)
    return grad


def copies_once(f, x, dx=1e-5):  # one copy, never put back: inputs pile up
    moved = x.copy()
    grad = np.zeros(len(x))
    for i in range(len(x)):
        moved[i] += dx
        up = f(moved)
        moved[i] -= 2 * dx
        grad[i] = (up - f(moved)) / (2 * dx)
    return grad


def first_input_only(f, x, dx=1e-5):
    grad = np.zeros(len(x))
    x_plus, x_minus = x.copy(), x.copy()
    x_plus[0] += dx
    x_minus[0] -= dx
    grad[0] = (f(x_plus) - f(x_minus)) / (2 * dx)
    return grad


def first_entry_only(f, x):
    return numerical_gradient(f, x)[:1]


def one_too_many(f, x):
    return np.append(numerical_gradient(f, x), 0.0)


def skips_the_first(f, x, dx=1e-5):
    grad = np.zeros(len(x))
    for i in range(1, len(x)):
        x_plus, x_minus = x.copy(), x.copy()
        x_plus[i] += dx
        x_minus[i] -= dx
        grad[i] = (f(x_plus) - f(x_minus)) / (2 * dx)
    return grad


def spoils_x(f, x):
    grad = numerical_gradient(f, x)
    x[-1] = math.nan
    return grad


def divides_by_dx(f, x):
    return 2 * numerical_gradient(f, x)


def reversed_order(f, x):
    return numerical_gradient(f, x)[::-1]


def scalar_steps(f, x, dx=1e-5):  # passes a single number to f
    return np.array([(f(x[i] + dx) - f(x[i] - dx)) / (2 * dx) for i in range(len(x))])


def sums_the_gradient(f, x):
    return float(np.sum(numerical_gradient(f, x)))


def breaks_on_one_input(f, x):
    if len(x) == 1:
        raise IndexError("index 1 is out of bounds for axis 0 with size 1")
    return numerical_gradient(f, x)


def column(f, x):
    return numerical_gradient(f, x).reshape(-1, 1)


def off_a_little(f, x):
    return numerical_gradient(f, x) + 1e-3


MISTAKES_2 = [
    (forward, r"moves x\[0\] \(the first input\) only up.*forward difference.*central"),
    (forward_tiny_step, "forward difference"),
    (backward_difference, r"only down, to x − dx: that is a backward difference"),
    (no_copy, r"changed the caller's x: afterwards it was \[.*\]\. Work on a copy"),
    (spoils_x, r"changed the caller's x: afterwards it was \[.*nan\]"),
    (aliases_restored, "never evaluated f at a point with a moved input.*x_plus = x"),
    (copies_once, r"x\[0\] and x\[1\] had both moved.*put it back"),
    (first_input_only, r"only ever moves the first input.*handles only the\s+first input"),
    (first_entry_only, "returned 1 number, but x has 2 inputs.*only the first input"),
    (one_too_many, "returned 3 numbers, but x has 2 inputs"),
    (skips_the_first, r"never moves x\[0\] \(the first input\), so it cannot measure"),
    (central_with(1e-1), r"step dx = 0\.1 is too large.*partial derivatives of f\(x\) = sin"),
    (central_with(1e-13), r"step dx = 1e-13 is so small that round-off"),
    (divides_by_dx, "twice the gradient.*divide their difference by 2·dx"),
    (reversed_order, "reverse order"),
    (scalar_steps, "raised ValueError: f takes one point, a vector of 2 number"),
    (sums_the_gradient, "returned a single number.*one partial derivative per input"),
    (breaks_on_one_input, "raised IndexError(.|\n)*x has a single entry"),
    (column, r"should be a flat list of 2 partial derivatives.*\(2, 1\)"),
    (off_a_little, r"is off\. It returned \[.*\], but the partial derivatives of f\(x\) = "),
]


@pytest.mark.parametrize("function, match", MISTAKES_2)
def test_exercise_2_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch03.exercise_2, (function,), match)


@pytest.mark.parametrize("value, match", [
    (2, "2 is 2·\\(3w − 2\\) alone: you forgot the inner derivative"),
    (3, "3 is \\(3w − 2\\)·3: you forgot the factor 2"),
    (1, "L\\(1\\) itself, the loss"),
    (-6, "wrong sign"),
    (18, "2·\\(3w\\)·3: keep the −2 inside"),
    (5, "dL_dw = 5 is not the slope at w = 1"),
])
def test_exercise_3_names_the_mistake(capsys, value, match):
    assert_fails(capsys, ch03.exercise_3, (value,), match)


def sp(u):
    return sigmoid(u) * (1 - sigmoid(u))


MISTAKES_4 = [
    (lambda x: sp(3 * x**2 + 1), r"σ′\(3x² \+ 1\) alone: you forgot the inner derivative"),
    (lambda x: sp(3 * x**2 + 1) * 3 * x**2, "by 3x², the inner function itself"),
    (lambda x: sp(3 * x**2 + 1) * (3 * x**2 + 1), r"by 3x² \+ 1, the inner function itself"),
    (lambda x: sp(3 * x**2 + 1) * 6, "by 6: you forgot the innermost factor"),
    (lambda x: sp(3 * x**2 + 1) * 3 * x, "by 3x: the slope of x² is 2x"),
    (lambda x: sp(3 * x**2 + 1) * 2 * x, "by 2x: that is the slope of x² only"),
    (lambda x: sigmoid(3 * x**2 + 1) * 6 * x, "uses σ instead of σ′"),
    (lambda x: sp(x) * 6 * x, "takes σ′ at x"),
    (lambda x: sigmoid(3 * x**2 + 1), "returns h itself"),
    (lambda x: -dh(x), "wrong sign"),
    (lambda x: dh(x) * 1.01, r"dh\(0\.5\) returned .*, but the slope of h there is"),
]


@pytest.mark.parametrize("function, match", MISTAKES_4)
def test_exercise_4_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch03.exercise_4, (function,), match)


@pytest.mark.parametrize("answers, match", [
    ((5, 8), "swapped"),
    ((2, 5), "dz_dx = 2 counts only the path through a"),
    ((6, 5), "dz_dx = 6 counts only the path through b"),
    ((8, 2), "dz_dy = 2 counts only the path through a"),
    ((8, 3), "dz_dy = 3 counts only the path through b"),
    ((2, 2), "(?s)dz_dx = 2 counts only.*\ndz_dy = 2 counts only the path through a"),
    ((6, 3), "(?s)dz_dx = 6 .*through b.*\ndz_dy = 3 .*through b"),
    ((5, 5), "you took ∂b/∂x as 1"),
    ((9, 5), "dz_dx = 9 is not right: follow each path"),
])
def test_exercise_5_names_the_mistake(capsys, answers, match):
    assert_fails(capsys, ch03.exercise_5, answers, match)


def sweep(dz_da, dz_db, db_dx, db_dy, combine=lambda p, q: p + q):
    """A backward sweep with the given local slopes of z and b, and a way to join paths."""
    def backward(x, y):
        a, b = x + y, x * y
        da, db = dz_da(a, b), dz_db(a, b)
        return combine(da * 1, db * db_dx(x, y)), combine(da * 1, db * db_dy(x, y))
    return backward


def right_b(a, b):
    return b


def right_a(a, b):
    return a


def partner_y(x, y):
    return y


def partner_x(x, y):
    return x


def one(*args):
    return 1


def only_first(p, q):
    return p


def only_second(p, q):
    return q


MISTAKES_6 = [
    (sweep(right_b, right_a, partner_y, partner_x, only_first), "only the paths through a"),
    (sweep(right_b, right_a, partner_y, partner_x, only_second), "only the paths through b"),
    (sweep(right_b, right_a, one, one), "takes ∂b/∂x and ∂b/∂y as 1"),
    (sweep(right_b, right_a, one, partner_x), "takes ∂b/∂x as 1: for b = x·y, ∂b/∂x = y"),
    (sweep(right_b, right_a, partner_y, one), "takes ∂b/∂y as 1"),
    (sweep(right_b, right_a, partner_x, partner_y), "swapped"),
    (sweep(right_a, right_b, partner_y, partner_x), "swaps the local derivatives of z = a·b"),
    (sweep(right_b, right_a, partner_y, partner_x, lambda p, q: p * q),
     "multiplies the two paths instead of adding"),
    (lambda x, y: (8, 5), r"backward\(-?\d\.\d, -?\d\.\d\) returned \[8, 5\], but there"),
]


@pytest.mark.parametrize("function, match", MISTAKES_6)
def test_exercise_6_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch03.exercise_6, (function,), match)


# ---------------------------------------------------------------------- bad input
NAN, INF = float("nan"), float("inf")
BAD_INPUT = [
    # exercise 3.1
    (ch03.exercise_1, ("4, 7",), "partials should be a list of 2"),
    (ch03.exercise_1, (4,), "partials should be a list of 2"),
    (ch03.exercise_1, ([4],), r"partials should hold 2 numbers \[dfdx, dfdy\], but it holds 1"),
    (ch03.exercise_1, ([4, 7, 0],), "partials should hold 2"),
    (ch03.exercise_1, (np.array([[4.0, 7.0]]),), r"flat list.*\(1, 2\)"),
    (ch03.exercise_1, ([NAN, 7],), "partials contains nan"),
    (ch03.exercise_1, ([4, INF],), "partials contains inf"),
    (ch03.exercise_1, (["4", "7"],), "partials holds the string '4'"),
    (ch03.exercise_1, ({"x": 4, "y": 7},), "not all of its items are numbers"),
    (ch03.exercise_1, (print,), "not all of its items are numbers"),
    (ch03.exercise_1, ([4, 10**400],), "too large"),
    # exercise 3.2
    (ch03.exercise_2, (None,), "numerical_gradient is None: define it"),
    (ch03.exercise_2, ("numerical_gradient",), "numerical_gradient should be a function"),
    (ch03.exercise_2, ([4, 7],), "numerical_gradient should be a function"),
    (ch03.exercise_2, (raises_value_error,), r"numerical_gradient\(f, .*\) raised ValueError: "
                                             "boom"),
    (ch03.exercise_2, (lambda f: f,), "raised TypeError"),
    (ch03.exercise_2, (lambda f, x: None,), "returned None"),
    (ch03.exercise_2, (lambda f, x: "0, 0",), "should be a list of 2 partial derivatives"),
    (ch03.exercise_2, (lambda f, x: [NAN] * len(x),), "contains nan"),
    (ch03.exercise_2, (lambda f, x: np.full(len(x), INF),), "contains inf"),
    (ch03.exercise_2, (lambda f, x: [None] * len(x),), "still holds None"),
    (ch03.exercise_2, (lambda f, x: ["1"] * len(x),), "holds the string '1'"),
    (ch03.exercise_2, (lambda f, x: np.ones((len(x), len(x))),), r"flat list.*\(2, 2\)"),
    (ch03.exercise_2, (lambda f, x: {i: 0.0 for i in range(len(x))},),
     "not all of its items are numbers"),
    (ch03.exercise_2, (lambda f, x: [[1.0], [2.0, 3.0]],), "not all of its items are numbers"),
    (ch03.exercise_2, (lambda f, x: 1j,), "returned a single number"),
    (ch03.exercise_2, (lambda f, x: [10**400] * len(x),), "too large"),
    # exercise 3.3
    (ch03.exercise_3, ("6",), "give the number itself, without quotes"),
    (ch03.exercise_3, ([6],), "dL_dw should be a single number"),
    (ch03.exercise_3, (np.array([6.0, 6.0]),), r"single number.*shape \(2,\)"),
    (ch03.exercise_3, (NAN,), "dL_dw is nan"),
    (ch03.exercise_3, (INF,), "dL_dw is inf"),
    (ch03.exercise_3, (True,), "dL_dw should be a single number"),
    (ch03.exercise_3, (dh,), "dL_dw should be a single number"),
    (ch03.exercise_3, (10**400,), "too large"),
    # exercise 3.4
    (ch03.exercise_4, (None,), "dh is None: define it"),
    (ch03.exercise_4, ("dh",), "dh should be a function"),
    (ch03.exercise_4, (0.378,), "dh should be a function"),
    (ch03.exercise_4, (raises_value_error,), r"dh\(0\.5\) raised ValueError: boom"),
    (ch03.exercise_4, (lambda x, y: 0.0,), "raised TypeError"),
    (ch03.exercise_4, (lambda x: None,), r"dh\(0\.5\) returned None"),
    (ch03.exercise_4, (lambda x: NAN,), "is nan"),
    (ch03.exercise_4, (lambda x: INF,), "is inf"),
    (ch03.exercise_4, (lambda x: "0.4",), "without quotes"),
    (ch03.exercise_4, (lambda x: np.array([dh(x)]),), r"single number.*shape \(1,\)"),
    (ch03.exercise_4, (lambda x: 1 / 0,), "raised ZeroDivisionError"),
    # exercise 3.5
    (ch03.exercise_5, ("8", 5), "dz_dx is the string '8'"),
    (ch03.exercise_5, ([8, 5], None), "dz_dx should be a single number"),
    (ch03.exercise_5, (8, NAN), "dz_dy is nan"),
    (ch03.exercise_5, (INF, 5), "dz_dx is inf"),
    (ch03.exercise_5, (8, np.ones((2, 2))), r"dz_dy should be a single number.*\(2, 2\)"),
    (ch03.exercise_5, (8, backward), "dz_dy should be a single number"),
    # exercise 3.6
    (ch03.exercise_6, (None,), "backward is None: define it"),
    (ch03.exercise_6, ((8, 5),), "backward should be a function"),
    (ch03.exercise_6, (raises_value_error,), r"backward\(1\.0, 2\.0\) raised ValueError: boom"),
    (ch03.exercise_6, (lambda x: (0, 0),), "raised TypeError"),
    (ch03.exercise_6, (lambda x, y: None,), r"backward\(1\.0, 2\.0\) returned None"),
    (ch03.exercise_6, (lambda x, y: 8.0,), "should be a list of 2"),
    (ch03.exercise_6, (lambda x, y: (x + y, x * y, 0.0),), "returned 3 numbers: return exactly"),
    (ch03.exercise_6, (lambda x, y: (NAN, 5.0),), "contains nan"),
    (ch03.exercise_6, (lambda x, y: (8.0, INF),), "contains inf"),
    (ch03.exercise_6, (lambda x, y: ("8", "5"),), "holds the string '8'"),
    (ch03.exercise_6, (lambda x, y: (8.0, None),), "still holds None"),
    (ch03.exercise_6, (lambda x, y: np.ones((2, 1)),), r"flat list.*\(2, 1\)"),
    (ch03.exercise_6, (lambda x, y: {"dz_dx": 8},), "not all of its items are numbers"),
]


@pytest.mark.parametrize("check, args, match", BAD_INPUT)
def test_bad_input_gives_a_clear_message(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


# -------------------------------------------------------------- the checker itself
def test_expected_values_agree_with_the_package():
    np.testing.assert_allclose(ch03.expected_partials_31(), PARTIALS)
    np.testing.assert_allclose(gradient(lambda v: f_31(v[0], v[1]), [2.0, 1.0]), PARTIALS,
                               rtol=1e-9)
    assert ch03.expected_slope_33() == DL_DW
    assert derivative(lambda w: (3 * w - 2) ** 2, 1.0) == pytest.approx(DL_DW, rel=1e-9)
    np.testing.assert_allclose(ch03.expected_partials_35(), (DZ_DX, DZ_DY))
    np.testing.assert_allclose(gradient(lambda v: ch03.z_35(v[0], v[1]), [1.0, 2.0]),
                               (DZ_DX, DZ_DY), rtol=1e-9)
    for x in ch03._slope_points():
        assert dh_numpy(x) == pytest.approx(derivative(ch03.h_34, x), rel=1e-8)


def test_exercise_2_cases_cover_1_to_4_inputs():
    cases = ch03._gradient_cases()
    assert {x.size for _, _, x in cases} == {1, 2, 3, 4}
    assert cases[0][2].size == 2
    for case, again in zip(cases, ch03._gradient_cases(), strict=True):  # seeded
        for p, q in zip(case, again, strict=True):
            np.testing.assert_array_equal(p, q)


def test_exercise_2_partials_differ_and_need_every_input():
    """Every test gradient has distinct, clearly non-zero entries, so that a swapped,
    missing or zero entry cannot pass by accident."""
    for w, c, x in ch03._gradient_cases():
        g = gradient(ch03._Recorded(w, c).value, x)
        assert np.all(np.abs(g) > 10 * ch03.GRADIENT_TOL)
        if g.size > 1:
            assert np.min(np.abs(np.subtract.outer(g, g) + np.eye(g.size))) > ch03.GRADIENT_TOL


def test_exercise_2_forward_differences_pass_the_tolerance_but_not_the_check(capsys):
    """The tolerance alone would let a forward difference with a tiny step through."""
    for w, c, x in ch03._gradient_cases():
        f = ch03._Recorded(w, c).value
        got = forward_tiny_step(f, x)
        np.testing.assert_allclose(got, gradient(f, x), rtol=ch03.GRADIENT_TOL,
                                   atol=ch03.GRADIENT_TOL)
    assert_fails(capsys, ch03.exercise_2, (forward_tiny_step,), "forward difference")


def test_exercise_2_test_function_describes_itself():
    w, c, x = ch03._gradient_cases()[0]
    f = ch03._Recorded(w, c)
    assert repr(f) == "f"
    assert f.formula().startswith("f(x) = sin(") and "exp(x[0]/2)" in f.formula()
    assert f(list(x)) == f.value(x) and len(f.points) == 1


def test_exercise_4_and_6_points_are_spread_out():
    xs = ch03._slope_points()
    assert xs[0] == 0.5 and len(set(xs)) == len(xs) and min(map(abs, xs)) >= 0.1
    points = ch03._sweep_points()
    assert points[0] == (1.0, 2.0) and len(set(points)) == len(points)


def test_checks_do_not_mutate_array_answers(capsys):
    partials = np.array(PARTIALS, dtype=float)
    value = np.array(6.0)
    ch03.exercise_1(partials)
    ch03.exercise_3(value)
    np.testing.assert_array_equal(partials, PARTIALS)
    assert value == 6.0
    assert capsys.readouterr().err == ""


def test_failed_check_renders_without_a_traceback():
    with pytest.raises(CheckError) as info:
        ch03.exercise_5(2, 5)
    lines = info.value._render_traceback_()
    assert "Exercise 3.5: not yet" in lines[0]
    assert any("path through a" in line for line in lines[1:])
    assert info.value.__cause__ is None and info.value.__suppress_context__
