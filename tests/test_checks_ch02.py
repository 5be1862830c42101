"""Tests of the chapter 02 exercise checks (``backprop_book/checks/ch02.py``).

For every check: the reference answers pass, the student's placeholder fails with a clear
message, each typical mistake gets its own hint, and bad input (None, text, wrong length or
shape, NaN, inf, a non-function, a function that raises) gives a CheckError, never another
exception. Checks return None, write nothing to stderr and leave their arguments unchanged.
"""

import math
import warnings

import numpy as np
import pytest

from backprop_book.activations import sigmoid
from backprop_book.calculus import EPS, derivative
from backprop_book.checks import CheckError, ch02
from tests.check_helpers import assert_fails, assert_passes, not_implemented, raises_value_error


# Reference answers, as the workbook's solutions give them.
def difference_quotient(f, x, dx):
    return (f(x + dx) - f(x)) / dx


def d_cubic(x):
    return 3 * x**2 - 2


def d_sigmoid(x):
    s = 1 / (1 + math.exp(-x))
    return s * (1 - s)


def central_difference(f, x, dx):
    return (f(x + dx) - f(x - dx)) / (2 * dx)


DX_GRID = 10.0 ** np.arange(-16, 1)
ERRORS = [abs(difference_quotient(math.exp, 1.0, dx) - math.e) for dx in DX_GRID]
BEST_DX = DX_GRID[np.argmin(ERRORS)]

REFERENCE = {
    "2.1": (ch02.exercise_1, (difference_quotient,)),
    "2.2": (ch02.exercise_2, ([0, 3, 6],)),
    "2.3": (ch02.exercise_3, (d_cubic, d_sigmoid)),
    "2.4": (ch02.exercise_4, (BEST_DX,)),
    "2.5": (ch02.exercise_5, (-1 / 2**2,)),
    "2.6": (ch02.exercise_6, (central_difference, "central", 2)),
}


# ----------------------------------------------------------------- reference answers
@pytest.mark.parametrize("number", sorted(REFERENCE))
def test_reference_answer_passes(capsys, number):
    check, args = REFERENCE[number]
    assert check.exercise == number
    assert_passes(capsys, check, *args)


def times_reciprocal(f, x, dx):
    return (f(x + dx) - f(x)) * (1 / dx)


def as_in_the_definition(f, x, dx):  # the run written as (x + Δx) − x
    return (f(x + dx) - f(x)) / ((x + dx) - x)


def with_numpy(f, x, dx):
    return np.divide(np.subtract(f(x + dx), f(x)), dx)


@pytest.mark.parametrize("function", [times_reciprocal, as_in_the_definition, with_numpy])
def test_exercise_1_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch02.exercise_1, function)


@pytest.mark.parametrize("slopes", [
    (0, 3, 6),
    [0.0, 3.0, 6.0],
    np.array([0, 3, 6]),
    [0, 3, 6.0000001],  # exact up to a rounding error
    [np.float64(0), np.int64(3), 6],
])
def test_exercise_2_accepts_other_spellings(capsys, slopes):
    assert_passes(capsys, ch02.exercise_2, slopes)


def d_cubic_numpy(x):
    return np.float64(3) * np.square(x) - 2


def d_sigmoid_package(x):  # the package's sigmoid returns a 0-d array
    return sigmoid(x) * (1 - sigmoid(x))


def d_sigmoid_exp(x):
    return math.exp(-x) / (1 + math.exp(-x)) ** 2


@pytest.mark.parametrize("functions", [
    (d_cubic_numpy, d_sigmoid_package),
    (d_cubic, d_sigmoid_exp),
])
def test_exercise_3_accepts_other_implementations(capsys, functions):
    assert_passes(capsys, ch02.exercise_3, *functions)


@pytest.mark.parametrize("best_dx", [
    1e-8, np.float64(1e-8), 1.5e-8, 2e-8, math.sqrt(EPS), np.array(1e-8), 10.0**-8,
])
def test_exercise_4_accepts_steps_near_the_best(capsys, best_dx):
    assert_passes(capsys, ch02.exercise_4, best_dx)


@pytest.mark.parametrize("slope", [-0.25, -1 / 4, np.float64(-0.25), -0.2500001, -0.2499999])
def test_exercise_5_accepts_the_exact_slope(capsys, slope):
    assert_passes(capsys, ch02.exercise_5, slope)


@pytest.mark.parametrize("which, order", [
    ("Central", 2.0), (" central ", np.int64(2)), ("CENTRAL", 1.95), ("central", 2.05),
])
def test_exercise_6_accepts_other_spellings(capsys, which, order):
    assert_passes(capsys, ch02.exercise_6, central_difference, which, order)


def test_exercise_1_silences_the_students_warnings(capsys):
    def noisy(f, x, dx):
        warnings.warn("from the student's code", stacklevel=1)
        np.float64(1e308) * 10  # an overflow warning from numpy
        return (f(x + dx) - f(x)) / dx

    assert_passes(capsys, ch02.exercise_1, noisy)


# ------------------------------------------------------------ the student's placeholders
PLACEHOLDERS = [
    (ch02.exercise_1, (not_implemented,), "difference_quotient still raises "
                                          "NotImplementedError"),
    (ch02.exercise_2, (None,), "slopes is None"),
    (ch02.exercise_2, ([None, None, None],), "slopes still holds None"),
    (ch02.exercise_3, (not_implemented, d_sigmoid), "d_cubic still raises NotImplementedError"),
    (ch02.exercise_3, (d_cubic, not_implemented), "d_sigmoid still raises NotImplementedError"),
    (ch02.exercise_4, (None,), "best_dx is None"),
    (ch02.exercise_5, (None,), "slope is None"),
    (ch02.exercise_6, (not_implemented, None, None),
     "central_difference still raises NotImplementedError"),
    (ch02.exercise_6, (central_difference, None, None), "which_is_better is None"),
    (ch02.exercise_6, (central_difference, "central", None), "order is None"),
]


@pytest.mark.parametrize("check, args, match", PLACEHOLDERS)
def test_placeholder_fails_clearly(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


# ------------------------------------------------------------------ typical mistakes
def over_two_dx(f, x, dx):
    return (f(x + dx) - f(x)) / (2 * dx)


def wrong_order(f, x, dx):
    return (f(x) - f(x + dx)) / dx


def no_division(f, x, dx):
    return f(x + dx) - f(x)


def fixed_step(f, x, dx):
    h = 1e-6
    return (f(x + h) - f(x)) / h


def no_parentheses(f, x, dx):
    return f(x + dx) - f(x) / dx


def backward(f, x, dx):
    return (f(x) - f(x - dx)) / dx


def slightly_off(f, x, dx):
    return 1.01 * (f(x + dx) - f(x)) / dx


def forgets_return(f, x, dx):
    (f(x + dx) - f(x)) / dx


def returns_array(f, x, dx):
    return np.array([(f(x + dx) - f(x)) / dx])


MISTAKES_1 = [
    (over_two_dx, r"divides by 2·dx: the two points x and x \+ dx are only dx apart"),
    (wrong_order, r"opposite sign: it subtracts in the wrong order"),
    (no_division, r"without dividing it by dx"),
    (fixed_step, r"same result for two different steps dx: it ignores its argument dx"),
    (no_parentheses, r"divides only f\(x\) by dx.*parentheses"),
    (central_difference, r"computes the central difference.*exercise 2\.6"),
    (backward, r"points x − dx and x: that is the backward difference"),
    (slightly_off, r"difference_quotient\(f, 3, 0\.5\) with f\(x\) = x² returned 6\.565, but "
                   r"\(f\(x \+ dx\) − f\(x\)\) / dx = \(f\(3\.5\) − f\(3\)\) / 0\.5 = 6\.5\."),
    (forgets_return, r"difference_quotient\(f, 3, 0\.5\) with f\(x\) = x² returned None"),
    (returns_array, r"should be a single number, but it is an array of shape \(1,\)"),
]


@pytest.mark.parametrize("function, match", MISTAKES_1)
def test_exercise_1_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch02.exercise_1, (function,), match)


MISTAKES_2 = [
    ([5, 5, 9], r"these are the functions' values, f\(1\) = 5, f\(1\) = 5 and f\(3\) = 9, "
                r"not their slopes"),
    ([0, 3, 3], r"^Exercise 2\.2: \(c\) you gave 3, which is x itself: the slope of x² is "
                r"2x, not x"),
    ([5, 3, 6], r"\(a\) you gave 5, which is the value of f\(x\) = 5 at x = 1, not its slope"),
    ([1, 3, 6], r"\(a\) you gave 1: f\(x\) = 5 gives 5 whatever x is"),
    ([0, 5, 6], r"\(b\) you gave 5, which is the value of f\(x\) = 3x \+ 2 at x = 1"),
    ([0, 2, 6], r"\(b\) you gave 2: 2 is where the line 3x \+ 2 crosses the vertical axis"),
    ([0, 1, 6], r"\(b\) you gave 1: f\(x\) = 3x \+ 2 rises by the same amount"),
    ([0, 3, 9], r"\(c\) you gave 9, which is the value of f\(x\) = x² at x = 3"),
    ([0, 3, 2], r"\(c\) you gave 2: 2 is the exponent of x²"),
    ([0, 3, 7], r"\(c\) you gave 7: expand \(\(3 \+ Δx\)² − 3²\) / Δx"),
    ([0, 3, 6.001], r"\(c\) you gave 6\.001: close, but not exact.*difference quotient"),
    ([0, 3.0001, 6], r"\(b\) you gave 3\.0001: close, but not exact"),
]


@pytest.mark.parametrize("slopes, match", MISTAKES_2)
def test_exercise_2_names_the_mistake(capsys, slopes, match):
    assert_fails(capsys, ch02.exercise_2, (slopes,), match)


def test_exercise_2_lists_every_wrong_slope(capsys):
    message = assert_fails(capsys, ch02.exercise_2, ([5, 2, 3],), "you gave")
    assert [line.split(")")[0][-2:] for line in message.splitlines()] == ["(a", "(b", "(c"]


MISTAKES_3_CUBIC = [
    (lambda x: 3 * x**2, "returns 3x²: it forgot the −2"),
    (lambda x: 3 * x**2 - 2 * x, "returns 3x² − 2x: the slope of −2x is the number −2"),
    (lambda x: 3 * x**2 + 2, r"returns 3x² \+ 2: check the sign"),
    (lambda x: 2 - 3 * x**2, "opposite sign everywhere"),
    (lambda x: 3 * x - 2, "returns 3x − 2: the slope of x³ is 3x²"),
    (lambda x: x**3 - 2 * x, "returns f itself"),
    (lambda x: 3 * x**2 - 2.5, r"d_cubic\(-?[\d.]+\) returned .*, but the slope of x³ − 2x "
                               r"there is .* \(by a central difference\)"),
]


@pytest.mark.parametrize("function, match", MISTAKES_3_CUBIC)
def test_exercise_3_names_the_cubic_mistake(capsys, function, match):
    assert_fails(capsys, ch02.exercise_3, (function, d_sigmoid), match)


def s(x):
    return 1 / (1 + math.exp(-x))


MISTAKES_3_SIGMOID = [
    (lambda x: s(x) * (1 + s(x)), r"returns σ\(x\)\(1 \+ σ\(x\)\): check the sign"),
    (lambda x: -s(x) * (1 - s(x)), "opposite sign: σ rises everywhere"),
    (s, r"returns σ\(x\) itself"),
    (lambda x: 1 - s(x), r"returns 1 − σ\(x\): multiply it by σ\(x\)"),
    (lambda x: x * (1 - x), r"returns x\(1 − x\): put σ\(x\) in both places"),
    (lambda x: s(x) ** 2, r"returns σ\(x\)²"),
    (lambda x: 0.25, r"d_sigmoid\(-?[\d.]+\) returned 0\.25, but the slope of σ\(x\) there"),
]


@pytest.mark.parametrize("function, match", MISTAKES_3_SIGMOID)
def test_exercise_3_names_the_sigmoid_mistake(capsys, function, match):
    assert_fails(capsys, ch02.exercise_3, (d_cubic, function), match)


MISTAKES_4 = [
    (1e-3, r"with Δx = 0\.001 the error is 1\.4e-03, too large a step: the error is mostly "
           r"truncation error.*e·Δx/2.*Try smaller steps"),
    (1.0, r"too large a step.*truncation"),
    (1e-7, r"too large a step"),
    (1e300, r"error is inf, too large a step"),
    (1e-10, r"too small a step: the error is mostly round-off error.*ε·e/Δx.*Try larger"),
    (1e-13, r"too small a step"),
    (1e-16, r"1 \+ Δx is exactly 1 in floating point.*estimate is 0.*Try larger steps"),
    (5e-324, r"1 \+ Δx is exactly 1"),
    (-8, r"best_dx is -8: that looks like an exponent.*1e-8"),
    (8, r"best_dx is 8: that looks like an exponent.*1e-8"),
    (-16.0, r"looks like an exponent.*1e-16"),
    (-1e-8, r"best_dx is -1e-08, but a step Δx must be positive"),
    (0, r"best_dx is 0, but a step Δx must be positive"),
]


@pytest.mark.parametrize("best_dx, match", MISTAKES_4)
def test_exercise_4_names_the_mistake(capsys, best_dx, match):
    assert_fails(capsys, ch02.exercise_4, (best_dx,), match)


MISTAKES_5 = [
    (0.25, "slope = 0.25 has the wrong sign: 1/x falls"),
    (-0.5, r"slope = -0\.5 is −1/x at x = 2: the slope of 1/x is −1/x², with a square"),
    (0.5, "is the value of f at x = 2"),
    (-1, "is the slope at x = 1"),
    (-0.125, "is −1/x³ at x = 2"),
    (-0.2501, r"slope = -0\.2501: close, but not exact.*simple fraction"),
    (-0.249875, "close, but not exact"),
    (3, r"slope = 3 is not the slope of 1/x at x = 2\. Decide the sign first"),
]


@pytest.mark.parametrize("slope, match", MISTAKES_5)
def test_exercise_5_names_the_mistake(capsys, slope, match):
    assert_fails(capsys, ch02.exercise_5, (slope,), match)


def central_without_two(f, x, dx):
    return (f(x + dx) - f(x - dx)) / dx


def central_precedence(f, x, dx):
    return (f(x + dx) - f(x - dx)) / 2 * dx


def central_flipped(f, x, dx):
    return (f(x - dx) - f(x + dx)) / (2 * dx)


def central_fixed_step(f, x, dx):
    h = 1e-5
    return (f(x + h) - f(x - h)) / (2 * h)


def central_slightly_off(f, x, dx):
    return (f(x + dx) - f(x - dx)) / (2.02 * dx)


MISTAKES_6 = [
    ((central_without_two, "central", 2), r"divides by dx: the points x − dx and x \+ dx are "
                                          r"2·dx apart"),
    ((central_precedence, "central", 2), r"divides by 2 and then multiplies by dx.*parentheses"),
    ((central_flipped, "central", 2), r"opposite sign: subtract f\(x − dx\) from f\(x \+ dx\)"),
    ((difference_quotient, "central", 2), "computes the forward difference"),
    ((backward, "central", 2), "computes the backward difference"),
    ((central_fixed_step, "central", 2), "ignores its argument dx"),
    ((central_slightly_off, "central", 2),
     r"central_difference\(f, 3, 0\.5\) with f\(x\) = x² returned .*, but "
     r"\(f\(x \+ dx\) − f\(x − dx\)\) / \(2·dx\) = \(f\(3\.5\) − f\(2\.5\)\) / \(2·0\.5\) = 6\."),
    ((central_difference, "forward", 2), r"which_is_better is 'forward', but at Δx = 0\.1 "
                                         r"the forward error is 1\.41e-01 and the central "
                                         r"error 4\.53e-03"),
    ((central_difference, "Forward", 2), "which_is_better is 'forward'"),
    ((central_difference, "centre", 2), r"which_is_better is 'centre': answer with one of the "
                                        r"two strings \"forward\" or \"central\""),
    ((central_difference, "central difference", 2), "answer with one of the two strings"),
    ((central_difference, "central", 1), r"order is 1: that is the forward difference's "
                                         r"order.*divides the central error by 4\.00"),
    ((central_difference, "central", 4), r"order is 4: 4 is the factor.*2\^p"),
    ((central_difference, "central", 3), r"order is 3: halving Δx from 0\.1 to 0\.05 divides "
                                         r"the central error by 4\.00.*which p"),
    ((central_difference, "central", 0.5), r"order is 0\.5"),
]


@pytest.mark.parametrize("args, match", MISTAKES_6)
def test_exercise_6_names_the_mistake(capsys, args, match):
    assert_fails(capsys, ch02.exercise_6, args, match)


# ---------------------------------------------------------------------- bad input
NAN, INF = float("nan"), float("inf")
BAD_INPUT = [
    # exercise 2.1
    (ch02.exercise_1, (None,), "difference_quotient is None: define it"),
    (ch02.exercise_1, ("difference_quotient",), "difference_quotient should be a function"),
    (ch02.exercise_1, ([1.0],), "difference_quotient should be a function"),
    (ch02.exercise_1, (raises_value_error,),
     r"difference_quotient\(f, 3\.0, 0\.5\) raised ValueError: boom\nThere f\(x\) = x²\."),
    (ch02.exercise_1, (lambda f, x: 0.0,), "raised TypeError"),
    (ch02.exercise_1, (lambda f, x, dx: f(x) / 0,), "raised ZeroDivisionError"),
    (ch02.exercise_1, (lambda f, x, dx: NAN,), "is nan"),
    (ch02.exercise_1, (lambda f, x, dx: INF,), "is inf: a finite number"),
    (ch02.exercise_1, (lambda f, x, dx: "6.5",), "without quotes"),
    (ch02.exercise_1, (lambda f, x, dx: np.ones((2, 2)),), r"array of shape \(2, 2\)"),
    (ch02.exercise_1, (lambda f, x, dx: 10**400,), "too large"),
    (ch02.exercise_1, (lambda f, x, dx: 1j,), "should be a single number"),
    # exercise 2.2
    (ch02.exercise_2, ("0, 3, 6",), "slopes should be a list of 3"),
    (ch02.exercise_2, (6,), "slopes should be a list of 3"),
    (ch02.exercise_2, ([0, 3],), "slopes should hold 3 numbers, but it holds 2"),
    (ch02.exercise_2, ([0, 3, 6, 9],), "slopes should hold 3"),
    (ch02.exercise_2, (np.zeros((3, 1)),), r"slopes should be a flat list.*\(3, 1\)"),
    (ch02.exercise_2, ([0, NAN, 6],), "slopes contains nan"),
    (ch02.exercise_2, ([0, 3, INF],), "slopes contains inf"),
    (ch02.exercise_2, (["0", "3", "6"],), "slopes holds the string '0'"),
    (ch02.exercise_2, ([0, None, 6],), "slopes still holds None"),
    (ch02.exercise_2, ([0, 10**400, 6],), "slopes holds a number too large"),
    (ch02.exercise_2, ([0, 3, print],), "not all of its items are numbers"),
    # exercise 2.3
    (ch02.exercise_3, (None, d_sigmoid), "d_cubic is None: define it"),
    (ch02.exercise_3, (d_cubic, None), "d_sigmoid is None: define it"),
    (ch02.exercise_3, ("3*x**2 - 2", d_sigmoid), "d_cubic should be a function"),
    (ch02.exercise_3, (d_cubic, 0.25), "d_sigmoid should be a function"),
    (ch02.exercise_3, (raises_value_error, d_sigmoid), r"d_cubic\(.*\) raised ValueError"),
    (ch02.exercise_3, (d_cubic, lambda: 0.25), r"d_sigmoid\(.*\) raised TypeError"),
    (ch02.exercise_3, (lambda x: NAN, d_sigmoid), r"d_cubic\(.*\) is nan"),
    (ch02.exercise_3, (d_cubic, lambda x: INF), r"d_sigmoid\(.*\) is inf"),
    (ch02.exercise_3, (lambda x: "3", d_sigmoid), "without quotes"),
    (ch02.exercise_3, (lambda x: None, d_sigmoid), r"d_cubic\(.*\) returned None"),
    (ch02.exercise_3, (d_cubic, lambda x: [0.25]), "should be a single number"),
    (ch02.exercise_3, (lambda x: math.exp(1000), d_sigmoid), "raised OverflowError"),
    # exercise 2.4
    (ch02.exercise_4, ("1e-8",), "give the number itself, without quotes"),
    (ch02.exercise_4, ([1e-8],), "best_dx should be a single number"),
    (ch02.exercise_4, (DX_GRID,), r"best_dx should be a single number.*shape \(17,\)"),
    (ch02.exercise_4, (NAN,), "best_dx is nan"),
    (ch02.exercise_4, (INF,), "best_dx is inf"),
    (ch02.exercise_4, (True,), "best_dx should be a single number"),
    (ch02.exercise_4, (print,), "best_dx should be a single number"),
    (ch02.exercise_4, (10**400,), "best_dx is too large"),
    # exercise 2.5
    (ch02.exercise_5, ("-0.25",), "without quotes"),
    (ch02.exercise_5, ([-0.25],), "slope should be a single number"),
    (ch02.exercise_5, (np.array([-0.25, -0.25]),), r"shape \(2,\)"),
    (ch02.exercise_5, (NAN,), "slope is nan"),
    (ch02.exercise_5, (-INF,), "slope is -inf"),
    (ch02.exercise_5, (False,), "slope should be a single number"),
    (ch02.exercise_5, (-(10**400),), "slope is too large"),
    # exercise 2.6
    (ch02.exercise_6, (None, "central", 2), "central_difference is None: define it"),
    (ch02.exercise_6, ("central", "central", 2), "central_difference should be a function"),
    (ch02.exercise_6, (raises_value_error, "central", 2),
     r"central_difference\(f, 3\.0, 0\.5\) raised ValueError: boom"),
    (ch02.exercise_6, (lambda f, x, dx: NAN, "central", 2), "is nan"),
    (ch02.exercise_6, (lambda f, x, dx: None, "central", 2), "returned None"),
    (ch02.exercise_6, (central_difference, True, 2),
     r"which_is_better should be one of the strings.*True \(a bool\)"),
    (ch02.exercise_6, (central_difference, 2, 2), r"should be one of the strings.*\(a int\)"),
    (ch02.exercise_6, (central_difference, ["central"], 2), "should be one of the strings"),
    (ch02.exercise_6, (central_difference, "", 2), "answer with one of the two strings"),
    (ch02.exercise_6, (central_difference, "central", "2"), "order is the string '2'"),
    (ch02.exercise_6, (central_difference, "central", [2]), "order should be a single number"),
    (ch02.exercise_6, (central_difference, "central", NAN), "order is nan"),
    (ch02.exercise_6, (central_difference, "central", INF), "order is inf"),
    (ch02.exercise_6, (central_difference, "central", 10**400), "order is too large"),
]


@pytest.mark.parametrize("check, args, match", BAD_INPUT)
def test_bad_input_gives_a_clear_message(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


# -------------------------------------------------------------- the checker itself
def test_expected_values_come_from_the_package():
    for _, f, x, slope in ch02.SLOPES:
        assert math.isclose(slope(x), derivative(f, x), abs_tol=1e-6)
    np.testing.assert_array_equal(ch02.DX_GRID, DX_GRID)
    np.testing.assert_allclose(ch02._grid_errors(), ERRORS, rtol=1e-6)
    for (_, f, x, dx), value in zip(ch02.POINTS, ch02._estimates("forward"), strict=True):
        assert value == difference_quotient(f, x, dx)
    assert math.isclose(derivative(ch02._reciprocal, ch02.X_5), -1 / ch02.X_5**2,
                        rel_tol=1e-8)


def test_the_best_step_on_the_grid_is_near_the_square_root_of_eps():
    best = ch02.DX_GRID[ch02._grid_errors().argmin()]
    assert math.sqrt(EPS) / 10 < best < math.sqrt(EPS) * 10


def test_every_test_function_is_tried_with_two_steps():
    steps = {}
    for label, _, x, dx in ch02.POINTS:
        steps.setdefault((label, x), set()).add(dx)
    assert all(len(s) == 2 for s in steps.values())
    assert {label for label, _ in steps} == {"x²", "sin x", "eˣ", "1/x", "x³ − 2x"}


def test_exercise_3_points_cover_both_signs():
    for points in ch02._points_3():
        assert points.min() < -1 and points.max() > 1


def test_checks_do_not_mutate_array_answers(capsys):
    slopes = np.array([0.0, 3.0, 6.0])
    best_dx = np.array(1e-8)
    ch02.exercise_2(slopes)
    ch02.exercise_4(best_dx)
    np.testing.assert_array_equal(slopes, [0.0, 3.0, 6.0])
    assert best_dx == 1e-8
    assert capsys.readouterr().err == ""


def test_failed_check_renders_without_a_traceback():
    with pytest.raises(CheckError) as info:
        ch02.exercise_5(0.25)
    lines = info.value._render_traceback_()
    assert "Exercise 2.5: not yet" in lines[0]
    assert any("wrong sign" in line for line in lines[1:])
    assert info.value.__cause__ is None and info.value.__suppress_context__
