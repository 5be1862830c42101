"""Checks of the chapter 02 workbook, ``exercises/ch02_derivative.ipynb``.

Every expected value is computed here with :mod:`backprop_book.calculus` (difference
quotients and central differences) or from the formula the exercise states, so the checks
cannot drift from the chapter. Each check names the likely mistake when it can.
"""

import functools
import math

import numpy as np

from backprop_book.activations import sigmoid
from backprop_book.calculus import EPS, derivative
from backprop_book.checks import (
    CheckError,
    as_function,
    as_number,
    as_result,
    as_vector,
    call,
    close,
    exercise,
    shown,
)

#: Exercises 2.2, 2.3 and 2.5: how close a slope must be to count as exact.
ATOL = 1e-6

#: Exercises 2.2 and 2.5: a slope this close but not exact is a difference-quotient estimate.
NEAR = 1e-2
#: Exercise 2.3: how close a derivative function must be to the central difference.
RTOL_3, ATOL_3 = 1e-6, 1e-7
#: Exercise 2.4: the grid of steps, 1e-16, 1e-15, …, 0.1, 1, and how far from its best.
DX_GRID = 10.0 ** np.arange(-16, 1)
X_4 = 1.0
FACTOR = 10
#: Exercise 2.5: the point at which the slope of 1/x is asked.
X_5 = 2.0
#: Exercise 2.6: the steps of the comparison table, each half the one before.
DX_TABLE = (0.1, 0.05, 0.025, 0.0125)
ORDER_TOLERANCE = 0.1

#: This module compares with the shared close(), to a tighter absolute tolerance.
_close = functools.partial(close, atol=1e-12)


# ---------------------------------------------------------------------------- helpers


class _Function:
    """A test function f that shows as ``f`` in messages (not as its memory address)."""

    def __init__(self, function):
        self.function = function

    def __call__(self, x):
        return self.function(x)

    def __repr__(self):
        return "f"


def _square(x):
    return x * x


def _cubic(x):
    return x**3 - 2 * x


def _reciprocal(x):
    return 1 / x


#: Exercises 2.1 and 2.6: (f as the text writes it, f, x, dx). Each (f, x) appears with
#: two steps, so a function that ignores its dx argument gives itself away.
_FUNCTIONS = {"x²": _square, "sin x": math.sin, "eˣ": math.exp, "1/x": _reciprocal,
              "x³ − 2x": _cubic}
POINTS = tuple((label, _Function(_FUNCTIONS[label]), x, dx) for label, x, dx in (
    ("x²", 3.0, 0.5),
    ("x²", 3.0, 0.1),
    ("sin x", 1.0, 0.25),
    ("sin x", 1.0, 0.001),
    ("eˣ", 0.5, 0.1),
    ("eˣ", 0.5, 2.0),
    ("1/x", 2.0, 0.5),
    ("1/x", 2.0, 0.01),
    ("x³ − 2x", -1.5, 0.2),
    ("x³ − 2x", -1.5, 1.0),
))

FORMULAS = {
    "forward": ("(f(x + dx) − f(x)) / dx", "(f({p}) − f({x})) / {dx}"),
    "central": ("(f(x + dx) − f(x − dx)) / (2·dx)", "(f({p}) − f({m})) / (2·{dx})"),
}


def _estimates(method):
    """The package's difference quotient (``method``) at every point of POINTS."""
    return np.array([float(derivative(f, x, dx, method)) for _, f, x, dx in POINTS])


def _results(function, name):
    """What the student's difference function returns at every point of POINTS."""
    as_function(function, name)
    values = []
    for label, f, x, dx in POINTS:
        where = f"{name}(f, {shown(x)}, {shown(dx)}) with f(x) = {label}"
        try:
            value = call(function, name, f, x, dx)
        except CheckError as error:
            if "NotImplementedError" in str(error):
                raise
            raise CheckError(f"{error}\nThere f(x) = {label}.") from None
        values.append(as_result(value, where))
    return np.array(values)


def _ignores_dx(y, expected):
    """Does every (f, x) pair give one result for its two steps, where the right ones differ?"""
    groups = {}
    for k, (label, _, x, _) in enumerate(POINTS):
        groups.setdefault((label, x), []).append(k)
    groups = list(groups.values())
    return (all(_close(y[ks], y[ks[0]]) for ks in groups)
            and any(not _close(expected[ks], expected[ks[0]]) for ks in groups))


def _check_difference(function, name, method, mistakes):
    """Compare a student's difference quotient with the package's ``method``.

    ``mistakes`` are (values at POINTS, message) pairs, tried in order when it is wrong.
    """
    y = _results(function, name)
    expected = _estimates(method)
    if _close(y, expected):
        return
    for values, mistake in mistakes:
        if _close(y, values):
            raise CheckError(f"your {name} {mistake}")
    if _ignores_dx(y, expected):
        raise CheckError(f"your {name} gives the same result for two different steps dx: it "
                         "ignores its argument dx and uses a fixed step of its own. Use the dx "
                         "it is given, in both the function values and the division.")
    k = next(k for k in range(len(y)) if not _close(y[k], expected[k]))
    label, _, x, dx = POINTS[k]
    general, numbers = FORMULAS[method]
    numbers = numbers.format(p=shown(x + dx), m=shown(x - dx), x=shown(x), dx=shown(dx))
    raise CheckError(f"{name}(f, {shown(x)}, {shown(dx)}) with f(x) = {label} returned "
                     f"{shown(y[k])}, but {general} = {numbers} = {shown(expected[k])}.")


def _values(points, function):
    return np.array([float(function(x)) for x in points])


# ------------------------------------------------------------------- exercise 2.1
@exercise("2.1")
def exercise_1(difference_quotient):
    """difference_quotient(f, x, dx) = (f(x + dx) − f(x)) / dx."""
    forward = _estimates("forward")
    steps = np.array([dx for *_, dx in POINTS])
    at_x = np.array([f(x) for _, f, x, _ in POINTS])
    at_right = np.array([f(x + dx) for _, f, x, dx in POINTS])
    mistakes = [
        (forward / 2, "divides by 2·dx: the two points x and x + dx are only dx apart, so "
                      "the run is dx. (2·dx belongs to the central difference of exercise "
                      "2.6.)"),
        (-forward, "has the opposite sign: it subtracts in the wrong order. The rise is "
                   "f(x + dx) − f(x): the later value minus the earlier one."),
        (forward * steps, "returns the rise f(x + dx) − f(x) without dividing it by dx: "
                          "the slope is the rise per unit of x."),
        (at_right - at_x / steps, "divides only f(x) by dx: Python computes a - b / c as "
                                  "a - (b / c). Put the difference in parentheses: "
                                  "(f(x + dx) - f(x)) / dx."),
        (_estimates("central"), "computes the central difference, with x − dx and x + dx: "
                                "that is exercise 2.6. Here use the points x and x + dx."),
        (_estimates("backward"), "uses the points x − dx and x: that is the backward "
                                 "difference. Here step forward, to x + dx."),
    ]
    _check_difference(difference_quotient, "difference_quotient", "forward", mistakes)
    return ("your difference quotient agrees with (f(x + dx) − f(x)) / dx for five "
            "functions, several points and steps from 0.001 to 2.")


# ------------------------------------------------------------------- exercise 2.2
#: (the function as the text writes it, f, x, its slope f′ from the rules of the chapter)
SLOPES = (
    ("5", lambda x: 5.0, 1.0, lambda x: 0.0),
    ("3x + 2", lambda x: 3 * x + 2, 1.0, lambda x: 3.0),
    ("x²", _square, 3.0, lambda x: 2 * x),
)


def _slope_problem(part, value, label, f, x, slope):
    """The hint for one wrong slope of exercise 2.2, or None if it is right."""
    if abs(value - slope) <= ATOL:
        return None
    head = f"({part}) you gave {shown(value)}"
    if abs(value - slope) < NEAR:
        return (f"{head}: close, but not exact. It looks like a difference quotient with a "
                "small Δx, which still carries an error of its own. The slope is the value "
                "the quotient tends to as Δx shrinks to 0: work it out by hand, it is a whole "
                "number.")
    if math.isclose(value, f(x)):
        return (f"{head}, which is the value of f(x) = {label} at x = {shown(x)}, not its "
                "slope. The slope says how fast f changes when x changes, not how large f is.")
    if part == "a":
        return (f"{head}: f(x) = 5 gives 5 whatever x is. How much does it change over a step "
                "Δx? Work out (f(1 + Δx) − f(1)) / Δx.")
    if part == "b" and value == 2:
        return (f"{head}: 2 is where the line 3x + 2 crosses the vertical axis, its height at "
                "x = 0. Its slope is how much it rises for every step of 1 in x.")
    if part == "b":
        return (f"{head}: f(x) = 3x + 2 rises by the same amount for every step of 1 in x, "
                "wherever you start. By how much?")
    if value == x:
        return (f"{head}, which is x itself: the slope of x² is 2x, not x. Expand "
                "((x + Δx)² − x²) / Δx and let Δx shrink to 0.")
    if value == 2:
        return (f"{head}: 2 is the exponent of x². The slope of x² depends on x: expand "
                "((x + Δx)² − x²) / Δx, let Δx shrink to 0, then put in x = 3.")
    return (f"{head}: expand ((3 + Δx)² − 3²) / Δx, simplify, and let Δx shrink to 0.")


@exercise("2.2")
def exercise_2(slopes):
    """slopes = [slope of 5 at 1, slope of 3x + 2 at 1, slope of x² at 3]."""
    values = as_vector(slopes, "slopes", len(SLOPES))
    expected = [slope(x) for _, _, x, slope in SLOPES]
    function_values = [f(x) for _, f, x, _ in SLOPES]
    if _close(values, function_values) and not _close(values, expected):
        raise CheckError(f"these are the functions' values, f(1) = {shown(function_values[0])}, "
                         f"f(1) = {shown(function_values[1])} and f(3) = "
                         f"{shown(function_values[2])}, not their slopes. The slope says how "
                         "fast f changes when x changes, not how large f is.")
    lines = []
    for part, value, (label, f, x, _), slope in zip("abc", values, SLOPES, expected,
                                                    strict=True):
        problem = _slope_problem(part, value, label, f, x, slope)
        if problem:
            lines.append(problem)
    if lines:
        raise CheckError("\n".join(lines))
    return (f"slopes {', '.join(shown(s) for s in expected)}: a constant has slope 0, a line "
            "has the same slope everywhere, and the slope of x² grows with x, as 2x.")


# ------------------------------------------------------------------- exercise 2.3
def _points_3(seed=203):
    """Random points: for x³ − 2x between −3 and 3, for the sigmoid between −5 and 5."""
    rng = np.random.default_rng(seed)
    return np.round(rng.uniform(-3.0, 3.0, 10), 2), np.round(rng.uniform(-5.0, 5.0, 10), 2)


def _check_derivative_function(function, name, label, f, points, mistakes):
    as_function(function, name)
    y = np.array([as_result(call(function, name, float(x)), f"{name}({shown(x)})")
                  for x in points])
    expected = np.array([float(derivative(f, x)) for x in points])
    if _close(y, expected, rtol=RTOL_3, atol=ATOL_3):
        return
    for candidate, mistake in mistakes:
        if _close(y, _values(points, candidate), rtol=RTOL_3, atol=ATOL_3):
            raise CheckError(f"your {name} {mistake}")
    k = next(k for k in range(len(y))
             if not _close(y[k], expected[k], rtol=RTOL_3, atol=ATOL_3))
    raise CheckError(f"{name}({shown(points[k])}) returned {shown(y[k])}, but the slope of "
                     f"{label} there is {shown(expected[k])} (by a central difference).")


def _s(x):
    return float(sigmoid(x))


@exercise("2.3")
def exercise_3(d_cubic, d_sigmoid):
    """d_cubic(x) = 3x² − 2 and d_sigmoid(x) = σ(x)(1 − σ(x)), tested at random points."""
    cubic_points, sigmoid_points = _points_3()
    _check_derivative_function(d_cubic, "d_cubic", "x³ − 2x", _cubic, cubic_points, [
        (lambda x: 3 * x**2, "returns 3x²: it forgot the −2. The term −2x is a line, "
                             "and its slope is −2 everywhere (exercise 2.2)."),
        (lambda x: 3 * x**2 - 2 * x, "returns 3x² − 2x: the slope of −2x is the number "
                                     "−2, not −2x. Differentiating removes the x."),
        (lambda x: 3 * x**2 + 2, "returns 3x² + 2: check the sign. f has −2x, whose "
                                 "slope is −2."),
        (lambda x: 2 - 3 * x**2, "has the opposite sign everywhere: the slope of x³ is "
                                 "+3x²."),
        (lambda x: 3 * x - 2, "returns 3x − 2: the slope of x³ is 3x², with x squared "
                              "(the exponent drops by one, from 3 to 2)."),
        (_cubic, "returns f itself, x³ − 2x: return its slope instead."),
    ])
    _check_derivative_function(d_sigmoid, "d_sigmoid", "σ(x)", sigmoid, sigmoid_points, [
        (lambda x: _s(x) * (1 + _s(x)), "returns σ(x)(1 + σ(x)): check the sign, the "
                                        "second factor is 1 − σ(x)."),
        (lambda x: -_s(x) * (1 - _s(x)), "has the opposite sign: σ rises everywhere, so "
                                         "its slope is positive."),
        (_s, "returns σ(x) itself: return its slope instead."),
        (lambda x: 1 - _s(x), "returns 1 − σ(x): multiply it by σ(x)."),
        (lambda x: x * (1 - x), "returns x(1 − x): put σ(x) in both places, "
                                "σ(x)(1 − σ(x))."),
        (lambda x: _s(x) ** 2, "returns σ(x)²: the second factor is 1 − σ(x)."),
    ])
    return ("both derivatives agree with central differences at 10 random points each. "
            "Note that σ′ is largest, 0.25, at x = 0.")


# ------------------------------------------------------------------- exercise 2.4
def _forward_error(dx):
    """|forward difference of eˣ at x = 1 with step dx − e|; inf when eˣ overflows."""
    with np.errstate(all="ignore"):
        estimate = float(derivative(np.exp, X_4, dx, method="forward"))
    return abs(estimate - math.exp(X_4))


def _grid_errors():
    return np.array([_forward_error(dx) for dx in DX_GRID])


@exercise("2.4")
def exercise_4(best_dx):
    """A step whose forward-difference error for eˣ at 1 is within FACTOR of the grid's best."""
    dx = as_number(best_dx, "best_dx")
    if dx == round(dx) and (-16 <= dx <= -1 or 2 <= dx <= 16):
        raise CheckError(f"best_dx is {shown(dx)}: that looks like an exponent. The step "
                         f"10^{shown(-abs(dx))} is written 1e{shown(-abs(dx))} in Python "
                         f"(or 10.0 ** {shown(-abs(dx))}): give the step itself.")
    if dx <= 0:
        raise CheckError(f"best_dx is {shown(dx)}, but a step Δx must be positive: the "
                         "forward difference looks to the right of x, at x + Δx.")
    errors = _grid_errors()
    best = errors.min()
    error = _forward_error(dx)
    if error <= FACTOR * best:
        return (f"Δx = {shown(dx)} is as good as it gets: its error is within a factor "
                f"{FACTOR} of the smallest on the grid (at Δx = "
                f"{shown(DX_GRID[errors.argmin()])}), near √ε ≈ {math.sqrt(EPS):.2g}. Now "
                "explain why smaller is not better.")
    yours = f"with Δx = {shown(dx)} the error is {error:.1e}"
    target = f"the smallest error on the grid is {best:.1e}"
    if X_4 + dx == X_4:
        raise CheckError(f"{yours}: Δx is so small that 1 + Δx is exactly 1 in floating "
                         "point, so f(x + Δx) − f(x) = 0 and the estimate is 0. That is "
                         f"round-off at its worst. Try larger steps: {target}.")
    if dx > DX_GRID[errors.argmin()]:
        raise CheckError(f"{yours}, too large a step: the error is mostly truncation error. "
                         "The line from x to x + Δx misses the bend of the curve, an error "
                         "of about e·Δx/2, which shrinks with Δx. Try smaller steps: "
                         f"{target}.")
    raise CheckError(f"{yours}, too small a step: the error is mostly round-off error. "
                     "f(x + Δx) and f(x) agree in almost all their digits, so their difference "
                     "keeps only a few correct ones, and dividing by the tiny Δx magnifies "
                     f"the rest: an error of about ε·e/Δx. Try larger steps: {target}.")


# ------------------------------------------------------------------- exercise 2.5
@exercise("2.5")
def exercise_5(slope):
    """The slope of 1/x at x = 2."""
    value = as_number(slope, "slope")
    expected = float(derivative(_reciprocal, X_5))
    if abs(value - expected) <= ATOL:
        return (f"the slope of 1/x at x = 2 is −1/2² = {shown(-1 / X_5**2).replace('-', '−')}: "
                "negative, "
                "because 1/x falls, and a quarter as steep as at x = 1.")
    known = [
        (-expected, "has the wrong sign: 1/x falls as x grows (1/2 is less than 1/1), so "
                    "its slope is negative."),
        (-1 / X_5, "is −1/x at x = 2: the slope of 1/x is −1/x², with a square. Write "
                   "the difference quotient as one fraction and let Δx shrink to 0."),
        (1 / X_5, "is the value of f at x = 2, 1/2, not its slope."),
        (float(derivative(_reciprocal, 1.0)), "is the slope at x = 1: put in x = 2."),
        (-1 / X_5**3, "is −1/x³ at x = 2: the slope of 1/x is −1/x², with a square, not "
                      "a cube."),
    ]
    for candidate, mistake in known:
        if abs(value - candidate) <= ATOL:
            raise CheckError(f"slope = {shown(value)} {mistake}")
    if abs(value - expected) < NEAR:
        raise CheckError(f"slope = {shown(value)}: close, but not exact. It looks like a "
                         "difference quotient with a small Δx, which still carries an error. "
                         "The slope is what the quotient tends to as Δx shrinks to 0: find "
                         "it by hand, it is a simple fraction.")
    raise CheckError(f"slope = {shown(value)} is not the slope of 1/x at x = 2. Decide the "
                     "sign first (does 1/x rise or fall?), then write (1/(2 + Δx) − 1/2) / Δx "
                     "as one fraction and let Δx shrink to 0.")


# ------------------------------------------------------------------- exercise 2.6
def _table_errors(method):
    """The errors of ``method`` for eˣ at x = 1 at each step of DX_TABLE."""
    return np.array([abs(float(derivative(np.exp, 1.0, dx, method)) - math.e)
                     for dx in DX_TABLE])


def _check_which(which_is_better):
    name = "which_is_better"
    if which_is_better is None:
        raise CheckError(f'{name} is None: assign one of the strings "forward" or "central".')
    if not isinstance(which_is_better, str):
        raise CheckError(f'{name} should be one of the strings "forward" or "central", '
                         f"but it is {which_is_better!r:.40} (a "
                         f"{type(which_is_better).__name__}).")
    answer = which_is_better.strip().lower()
    if answer not in ("forward", "central"):
        raise CheckError(f'{name} is {which_is_better!r:.40}: answer with one of the two '
                         'strings "forward" or "central".')
    if answer == "forward":
        forward, central = _table_errors("forward"), _table_errors("central")
        raise CheckError(f"{name} is 'forward', but at Δx = {shown(DX_TABLE[0])} the forward "
                         f"error is {forward[0]:.2e} and the central error {central[0]:.2e}, "
                         "and the central one is smaller at every step of the table. Compare "
                         "the two errors again.")


def _check_order(order):
    p = as_number(order, "order")
    if abs(p - 2) <= ORDER_TOLERANCE:
        return
    central = _table_errors("central")
    factor = central[0] / central[1]
    measured = (f"halving Δx from {shown(DX_TABLE[0])} to {shown(DX_TABLE[1])} divides the "
                f"central error by {factor:.2f}")
    if abs(p - 1) <= ORDER_TOLERANCE:
        raise CheckError(f"order is {shown(p)}: that is the forward difference's order, whose "
                         f"error halves when Δx halves. But {measured}.")
    if abs(p - 4) <= ORDER_TOLERANCE:
        raise CheckError(f"order is {shown(p)}: 4 is the factor by which the error shrinks "
                         "when Δx halves. The order is the exponent p in error ≈ C·Δx^p, so "
                         "that factor is 2^p.")
    raise CheckError(f"order is {shown(p)}: {measured}. If error ≈ C·Δx^p, halving Δx divides "
                     "it by 2^p: which p gives that factor?")


@exercise("2.6")
def exercise_6(central_difference, which_is_better, order):
    """central_difference(f, x, dx), which_is_better = "central", order = 2."""
    central = _estimates("central")
    steps = np.array([dx for *_, dx in POINTS])
    mistakes = [
        (2 * central, "divides by dx: the points x − dx and x + dx are 2·dx apart, so "
                      "divide by 2·dx."),
        (central * steps**2, "divides by 2 and then multiplies by dx: Python reads "
                             "a / 2 * dx as (a / 2) · dx. Write / (2 * dx), with "
                             "parentheses."),
        (-central, "has the opposite sign: subtract f(x − dx) from f(x + dx)."),
        (_estimates("forward"), "computes the forward difference (f(x + dx) − f(x)) / dx: "
                                "the central difference uses the points x − dx and x + dx."),
        (_estimates("backward"), "computes the backward difference (f(x) − f(x − dx)) / dx: "
                                 "the central difference uses the points x − dx and x + dx."),
    ]
    _check_difference(central_difference, "central_difference", "central", mistakes)
    _check_which(which_is_better)
    _check_order(order)
    forward, central_errors = _table_errors("forward"), _table_errors("central")
    return (f"at Δx = {shown(DX_TABLE[0])} the central error is {central_errors[0]:.1e} "
            f"against {forward[0]:.1e} for the forward one, and each halving of Δx divides "
            "it by about 4 = 2², not 2: error ∝ Δx². Now explain why with Taylor.")
