"""Checks of the chapter 03 workbook, ``exercises/ch03_chain_rule.ipynb``.

Every expected value is computed here, from the exercise's formula or with
:mod:`backprop_book.calculus` (central differences), never typed in as a decimal. Each
check names the likely mistake when it can: a swapped pair, a missing inner derivative, a
forgotten path, a forward difference where a central one was asked for.
"""

import functools

import numpy as np

from backprop_book.activations import sigmoid, sigmoid_prime
from backprop_book.calculus import EPS, derivative, gradient
from backprop_book.checks import (
    CheckError,
    as_function,
    as_number,
    as_result,
    as_returned_vector,
    as_vector,
    call,
    close,
    exercise,
    listed,
    shown,
)

#: Exercise 3.1: f(x, y) = x²y + 3y at the point (X1, Y1).
X1, Y1 = 2.0, 1.0
#: Exercise 3.3: L(w) = (A·w − B)² at w = W3.
A3, B3, W3 = 3.0, 2.0, 1.0
#: Exercise 3.5: z = a·b, a = x + y, b = x·y at (X5, Y5); exercise 3.6 starts there too.
X5, Y5 = 1.0, 2.0
#: Numbers worked out by hand (or with a few lines of Python) must match this closely.
RTOL = 1e-6

#: This module compares with the shared close(), to its own relative tolerance.
_close = functools.partial(close, rtol=RTOL)
#: Exercise 3.2: how far a numerical gradient may be from the exact one, relative to
#: max(1, |∂f/∂xᵢ|). Central differences with any step from 1e-8 to 1e-3 stay well inside;
#: forward differences are caught by where they evaluate f, not by this tolerance.
GRADIENT_TOL = 1e-5
#: Exercise 3.2: steps outside this range are too large (truncation) or too small (round-off).
LARGEST_STEP, SMALLEST_STEP = 1e-3, 1e-9
#: Exercise 3.2: a change of an input by at most this many EPS (times max(1, |xᵢ|)) is
#: round-off, as when x[i] += dx is undone by x[i] -= dx, not a move.
ROUND_OFF = 8


# ------------------------------------------------------------------- exercise 3.1
def f_31(x, y):
    """The function of exercise 3.1: f(x, y) = x²y + 3y."""
    return x**2 * y + 3 * y


def expected_partials_31():
    """(∂f/∂x, ∂f/∂y) = (2xy, x² + 3) at (2, 1)."""
    return 2 * X1 * Y1, X1**2 + 3


@exercise("3.1")
def exercise_1(partials):
    """partials = [∂f/∂x, ∂f/∂y] of f(x, y) = x²y + 3y at (2, 1)."""
    got = as_vector(partials, "partials", 2, what="numbers [dfdx, dfdy]")
    dfdx, dfdy = got
    e_x, e_y = expected_partials_31()
    at = f"at ({shown(X1)}, {shown(Y1)})"
    if _close(dfdx, e_x) and _close(dfdy, e_y):
        return (f"∂f/∂x = 2xy = {shown(e_x)} and ∂f/∂y = x² + 3 = {shown(e_y)} {at}: each "
                "partial derivative holds the other variable fixed.")
    if _close(dfdx, e_y) and _close(dfdy, e_x):
        raise CheckError(f"your two numbers are swapped: partials[0] is ∂f/∂x "
                         f"(= {shown(e_x)}) and partials[1] is ∂f/∂y (= {shown(e_y)}).")
    lines = []
    if not _close(dfdx, e_x):
        if _close(dfdx, 2 * X1 * Y1 + X1**2):
            lines.append(f"∂f/∂x = {shown(dfdx)} looks like 2xy + x²: you treated y as a "
                         "variable when differentiating by x. For ∂f/∂x, y is a constant: "
                         "x²y has slope 2x·y in x, and 3y has slope 0.")
        elif _close(dfdx, 2 * X1 * Y1 + 3):
            lines.append(f"∂f/∂x = {shown(dfdx)} looks like 2xy + 3: the term 3y does not "
                         "contain x, so for ∂f/∂x it is a constant, with slope 0.")
        else:
            lines.append(f"∂f/∂x = {shown(dfdx)} is not right: hold y fixed at {shown(Y1)} "
                         f"and take the slope of x²y + 3y in x {at}.")
    if not _close(dfdy, e_y):
        if _close(dfdy, X1**2):
            lines.append(f"∂f/∂y = {shown(dfdy)} is x² alone: you forgot the 3. The term 3y "
                         "has slope 3 in y, so ∂f/∂y = x² + 3.")
        elif _close(dfdy, 3):
            lines.append(f"∂f/∂y = {shown(dfdy)} is the slope of 3y alone: x²y contains y "
                         "too, with slope x² in y (x is a constant here).")
        elif _close(dfdy, X1**2 + 3 + 2 * X1 * Y1):
            lines.append(f"∂f/∂y = {shown(dfdy)} looks like x² + 3 + 2xy: you treated x as a "
                         "variable when differentiating by y. For ∂f/∂y, x is a constant.")
        else:
            lines.append(f"∂f/∂y = {shown(dfdy)} is not right: hold x fixed at {shown(X1)} "
                         f"and take the slope of x²y + 3y in y {at}.")
    raise CheckError("\n".join(lines))


# ------------------------------------------------------------------- exercise 3.2
class _Recorded:
    """A test function f(x) of a vector x that remembers every point it is evaluated at.

    f(x) = sin(w·x) + Σ cᵢxᵢ³ + e^(x₀/2): smooth, every partial derivative different, and
    third derivatives small enough that central differences with any sensible step agree
    with the exact gradient to about 1e-6.
    """

    def __init__(self, w, c):
        self.w, self.c = np.array(w, dtype=float), np.array(c, dtype=float)
        self.points = []

    def value(self, x):
        return float(np.sin(self.w @ x) + self.c @ x**3 + np.exp(x[0] / 2))

    def __call__(self, x):
        try:
            point = np.array(x, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"f takes one point, a vector of {self.w.size} numbers, "
                            f"not {x!r}") from None
        if point.shape != self.w.shape:
            raise ValueError(f"f takes one point, a vector of {self.w.size} number(s) like x, "
                             f"but it was given an array of shape {point.shape}")
        self.points.append(point)
        return self.value(point)

    def __repr__(self):
        return "f"

    def formula(self):
        terms = [f"sin({self._linear(self.w)})"]
        terms += [f"{shown(ci)}·x[{i}]³" for i, ci in enumerate(self.c) if ci != 0]
        terms.append("exp(x[0]/2)")
        return "f(x) = " + " + ".join(terms).replace("+ -", "− ")

    @staticmethod
    def _linear(w):
        text = " + ".join(f"{shown(wi)}·x[{i}]" for i, wi in enumerate(w))
        return text.replace("+ -", "− ")


def _gradient_cases(seed=302):
    """(w, c, x) for exercise 3.2: 1 to 4 inputs, a two-input case first."""
    rng = np.random.default_rng(seed)
    cases = []
    for n in (2, 3, 1, 4, 2, 3, 1, 4):
        w = np.round(rng.uniform(-1.5, 1.5, n), 1)
        c = np.round(rng.uniform(-0.5, 0.5, n), 1)
        x = np.round(rng.uniform(-1.5, 1.5, n), 1)
        cases.append((w, c, x))
    return cases


def _input(i):
    ordinal = ("first", "second", "third", "fourth")[i] if i < 4 else f"{i + 1}th"
    return f"x[{i}] (the {ordinal} input)"


def _steps(points, x):
    """Where f was evaluated, seen from x: the steps taken along each single input, and
    the points at which several inputs had moved at once (round-off is not a move)."""
    tiny = ROUND_OFF * EPS * np.maximum(1.0, np.abs(x))
    steps = [[] for _ in range(x.size)]
    several = []
    for point in points:
        d = point - x
        moved = np.flatnonzero(np.abs(d) > tiny)
        if moved.size == 1:
            steps[moved[0]].append(float(d[moved[0]]))
        elif moved.size > 1:
            several.append(moved)
    return steps, several


def _structure_problem(steps, several, where):
    """The mistake visible in where f was evaluated, or None."""
    if several:
        moved = " and ".join(f"x[{i}]" for i in several[0])
        return (f"{where} evaluated f at a point where {moved} had both moved away from x. "
                "Each partial derivative moves one input only: after moving input i, put it "
                "back (or start from a fresh copy of x for each input).")
    never = [i for i, s in enumerate(steps) if not s]
    if len(never) == len(steps):
        return (f"{where} never evaluated f at a point with a moved input. For each input i, "
                "evaluate f at x with x[i] moved up by dx and down by dx. (If you wrote "
                "x_plus = x, both names refer to the same array: use x.copy().)")
    if never:
        if never[0] > 0 and all(i in never for i in range(1, len(steps))):
            return (f"{where} only ever moves the first input, x[0]: it handles only the "
                    "first input. Loop over every input, for i in range(len(x)), and fill "
                    "in one partial derivative per input.")
        return (f"{where} never moves {_input(never[0])}, so it cannot measure the slope "
                "along it. Loop over every input, for i in range(len(x)).")
    for i, s in enumerate(steps):
        if min(s) > 0 or max(s) < 0:
            kind, sign = ("forward", "+") if min(s) > 0 else ("backward", "−")
            return (f"{where} moves {_input(i)} only {'up' if sign == '+' else 'down'}, to "
                    f"x {sign} dx: that is a {kind} difference, whose error shrinks only "
                    "like dx. Use the central difference "
                    "(f(x + dx·eᵢ) − f(x − dx·eᵢ)) / (2·dx): its error shrinks like dx².")
    return None


def _value_problem(result, expected, steps, function, x, where):
    """Why a numerical gradient with the right structure is still off."""
    sizes = [abs(d) for s in steps for d in s]
    largest, smallest = max(sizes), min(sizes)
    returned = (f"It returned {listed(result)}, but the partial derivatives of "
             f"{function.formula()} at x = {listed(x)} are {listed(expected)}.")
    if largest > LARGEST_STEP:
        return (f"{where}: your step dx = {largest:.2g} is too large: the central "
                "difference's error grows like dx². Use a step near 1e-5. " + returned)
    if smallest < SMALLEST_STEP:
        return (f"{where}: your step dx = {smallest:.2g} is so small that round-off error "
                "takes over (chapter 02). Use a step near 1e-5. " + returned)
    if _close(result, 2 * expected, rtol=GRADIENT_TOL, atol=GRADIENT_TOL):
        return (f"{where} is twice the gradient: f(x + dx·eᵢ) and f(x − dx·eᵢ) are 2·dx "
                "apart, so divide their difference by 2·dx, not by dx. " + returned)
    if _close(result, expected[::-1], rtol=GRADIENT_TOL, atol=GRADIENT_TOL):
        return (f"{where} has the partial derivatives in reverse order: entry i must be "
                "∂f/∂x[i]. " + returned)
    return f"{where} is off. " + returned


def _miscounted_32(n, inputs):
    """What to say when numerical_gradient returns n numbers for that many inputs."""
    hint = (" It seems to handle only the first input: loop over every input, "
            "for i in range(len(x))." if n == 1 else "")
    return (f"{n} number{'s' if n != 1 else ''}, but x has {inputs} "
            f"input{'s' if inputs != 1 else ''}: return one partial derivative per input.{hint}")


@exercise("3.2")
def exercise_2(numerical_gradient):
    """numerical_gradient(f, x): the central-difference partial derivatives of f at x."""
    name = "numerical_gradient"
    as_function(numerical_gradient, name)
    cases = _gradient_cases()
    for w, c, x in cases:
        function = _Recorded(w, c)
        x_in = x.copy()
        where = f"{name}(f, x={listed(x)})"
        try:
            result = call(numerical_gradient, name, function, x_in)
        except CheckError as error:
            if x.size > 1 or "NotImplementedError" in str(error):
                raise
            raise CheckError(f"{error}\nHere x has a single entry: your function must work "
                             "for any number of inputs, one included.") from None

        tiny = ROUND_OFF * EPS * np.maximum(1.0, np.abs(x))
        if x_in.shape != x.shape or not np.all(np.abs(x_in - x) <= tiny):  # NaN: changed
            raise CheckError(f"{where} changed the caller's x: afterwards it was "
                             f"{listed(x_in)}. Work on a copy (x.copy()) for each moved point, "
                             "or put every input back after moving it.")
        got = as_returned_vector(
            result, where, x.size, "partial derivatives",
            returning="`return` and the array of partial derivatives",
            single=(f"return an array with one partial derivative per input ({x.size} here), "
                    "even when there is only one input."),
            miscounted=functools.partial(_miscounted_32, inputs=x.size))

        steps, several = _steps(function.points, x)
        problem = _structure_problem(steps, several, where)
        if problem:
            raise CheckError(problem)
        expected = gradient(function.value, x)
        if not _close(got, expected, rtol=GRADIENT_TOL, atol=GRADIENT_TOL):
            raise CheckError(_value_problem(got, expected, steps, function, x, where))
    return (f"your central differences agree with the exact gradient at {len(cases)} points, "
            "for 1 to 4 inputs, and leave x as it was.")


# ------------------------------------------------------------------- exercise 3.3
def expected_slope_33():
    """dL/dw = 2·(A·w − B)·A at w = W3, by (f²)′ = 2·f·f′ with f = A·w − B."""
    return 2 * (A3 * W3 - B3) * A3


@exercise("3.3")
def exercise_3(dL_dw):
    """dL/dw of L(w) = (3w − 2)² at w = 1."""
    got = as_number(dL_dw, "dL_dw")
    expected = expected_slope_33()
    inner, outer = A3 * W3 - B3, A3
    at = f"at w = {shown(W3)}"
    if _close(got, expected):
        return (f"dL/dw = 2·(3w − 2)·3 = {shown(expected)} {at}: the outer slope 2f, "
                "taken at f = 3w − 2, times the inner slope 3.")
    known = [
        (2 * inner, f"{shown(got)} is 2·(3w − 2) alone: you forgot the inner derivative. "
                    "By (f²)′ = 2·f·f′, multiply by the slope of f = 3w − 2, which is 3."),
        (inner * outer, f"{shown(got)} is (3w − 2)·3: you forgot the factor 2 that comes from "
                        "the square. (f²)′ = 2·f·f′."),
        (inner**2, f"{shown(got)} is L({shown(W3)}) itself, the loss: the question asks for its "
                   "slope dL/dw."),
        (-expected, f"{shown(got)} has the wrong sign: at w = {shown(W3)}, f = 3w − 2 = "
                    f"{shown(inner)} is positive and so is its slope 3."),
        (2 * A3 * W3 * outer, f"{shown(got)} is 2·(3w)·3: keep the −2 inside, f = 3w − 2 = "
                              f"{shown(inner)} {at}."),
    ]
    for value, message in known:
        if _close(got, value):
            raise CheckError(message)
    raise CheckError(f"dL_dw = {shown(got)} is not the slope {at}: write L = f² with "
                     "f = 3w − 2 and apply (f²)′ = 2·f·f′, then put in w = 1.")


# ------------------------------------------------------------------- exercise 3.4
def h_34(x):
    """The function of exercise 3.4: h(x) = σ(3x² + 1)."""
    return sigmoid(3 * np.asarray(x, dtype=float) ** 2 + 1)


def _slope_points(seed=304, n=10):
    """Points for exercise 3.4: 0.5 first, then random ones in [−1.2, 1.2], none near 0."""
    rng = np.random.default_rng(seed)
    points = [0.5]
    while len(points) < n:
        x = float(np.round(rng.uniform(-1.2, 1.2), 2))
        if abs(x) >= 0.1 and x not in points:
            points.append(x)
    return points


def _wrong_slopes_34(x):
    """(values, mistake) for the typical wrong answers of exercise 3.4 at the points x."""
    u = 3 * x**2 + 1
    s, ds = sigmoid(u), sigmoid_prime(u)
    return [
        (ds, "returns σ′(3x² + 1) alone: you forgot the inner derivative. By the chain rule, "
             "multiply by the slope of the inner function 3x² + 1, which is 6x."),
        (ds * 3 * x**2, "multiplies σ′(3x² + 1) by 3x², the inner function itself: multiply by "
                        "its slope instead, d(3x² + 1)/dx = 6x."),
        (ds * u, "multiplies σ′(3x² + 1) by 3x² + 1, the inner function itself: multiply by "
                 "its slope instead, d(3x² + 1)/dx = 6x."),
        (ds * 6, "multiplies σ′(3x² + 1) by 6: you forgot the innermost factor. The slope of "
                 "x² is 2x, so 3x² + 1 has slope 3·2x = 6x."),
        (ds * 3 * x, "multiplies σ′(3x² + 1) by 3x: the slope of x² is 2x, so 3x² + 1 has "
                     "slope 3·2x = 6x."),
        (ds * 2 * x, "multiplies σ′(3x² + 1) by 2x: that is the slope of x² only. The chain "
                     "has three links: σ′(3x² + 1), then 3, then 2x."),
        (s * 6 * x, "uses σ instead of σ′: the outer link's slope is σ′(u) = σ(u)·(1 − σ(u)), "
                    "taken at u = 3x² + 1."),
        (sigmoid_prime(x) * 6 * x, "takes σ′ at x: the outer slope must be taken where the "
                                   "outer function is, at the inner value u = 3x² + 1."),
        (s, "returns h itself, σ(3x² + 1): the exercise asks for its slope."),
        (-ds * 6 * x, "has the wrong sign: σ′ is never negative, so the slope has the sign "
                      "of 6x."),
    ]


@exercise("3.4")
def exercise_4(dh):
    """dh(x), the slope of h(x) = σ(3x² + 1), at random points."""
    name = "dh"
    as_function(dh, name)
    xs = _slope_points()
    got = np.array([as_result(call(dh, name, x), f"{name}({x!r})") for x in xs])
    x = np.array(xs)
    expected = np.array([derivative(h_34, xk) for xk in xs])
    if _close(got, expected, atol=1e-8):
        return (f"dh agrees with the measured slope of h at {len(xs)} points: "
                "σ′(3x² + 1) · 6x, one factor per link of the chain.")
    for values, mistake in _wrong_slopes_34(x):
        if _close(got, values, atol=1e-12):
            raise CheckError(f"your dh {mistake}")
    k = next(k for k in range(len(xs)) if not _close(got[k], expected[k], atol=1e-8))
    raise CheckError(f"{name}({xs[k]!r}) returned {shown(got[k])}, but the slope of h there "
                     f"is {shown(expected[k])} (measured with central differences). Build it "
                     "link by link: the slope of σ at u = 3x² + 1, times the slope of 3x² + 1.")


# ------------------------------------------------------------------- exercise 3.5
def z_35(x, y):
    """The graph of exercises 3.5 and 3.6: z = a·b with a = x + y and b = x·y."""
    a, b = x + y, x * y
    return a * b


def expected_partials_35(x=X5, y=Y5):
    """(∂z/∂x, ∂z/∂y): the two paths, through a and through b, added."""
    a, b = x + y, x * y
    return b * 1 + a * y, b * 1 + a * x


@exercise("3.5")
def exercise_5(dz_dx, dz_dy):
    """∂z/∂x and ∂z/∂y at (1, 2) for z = a·b, a = x + y, b = x·y."""
    gx = as_number(dz_dx, "dz_dx")
    gy = as_number(dz_dy, "dz_dy")
    e_x, e_y = expected_partials_35()
    a, b = X5 + Y5, X5 * Y5
    right_x, right_y = _close(gx, e_x), _close(gy, e_y)
    if right_x and right_y:
        return (f"∂z/∂x = b·1 + a·y = {shown(e_x)} and ∂z/∂y = b·1 + a·x = {shown(e_y)}: "
                "each input reaches z along two paths, and their products add.")
    if _close(gx, e_y) and _close(gy, e_x):
        raise CheckError(f"your two numbers are swapped: dz_dx should be {shown(e_x)} "
                         f"and dz_dy {shown(e_y)}.")
    lines = []
    for value, right, var, other in ((gx, right_x, "x", Y5), (gy, right_y, "y", X5)):
        if right:
            continue
        label = f"dz_d{var} = {shown(value)}"
        via_a = b * 1
        via_b = a * other
        if _close(value, via_a):
            lines.append(f"{label} counts only the path through a (∂z/∂a·∂a/∂{var} = b·1). "
                         f"{var} also reaches z through b = x·y: add that path's product, "
                         f"∂z/∂b·∂b/∂{var}.")
        elif _close(value, via_b):
            lines.append(f"{label} counts only the path through b (∂z/∂b·∂b/∂{var}). "
                         f"{var} also reaches z through a = x + y: add that path's product, "
                         f"∂z/∂a·∂a/∂{var} = b·1.")
        elif var == "x" and _close(value, b + a):
            lines.append(f"{label}: you took ∂b/∂x as 1, but b = x·y, so ∂b/∂x = y = "
                         f"{shown(Y5)}.")
        else:
            lines.append(f"{label} is not right: follow each path from {var} to z, multiply "
                         "the local derivatives along it, and add the two paths.")
    raise CheckError("\n".join(lines))


# ------------------------------------------------------------------- exercise 3.6
def _sweep_points(seed=306, n=10):
    """(x, y) points for exercise 3.6: (1, 2) of exercise 3.5 first, then random ones."""
    rng = np.random.default_rng(seed)
    points = [(X5, Y5)]
    while len(points) < n:
        x, y = (float(v) for v in np.round(rng.uniform(-2.0, 2.0, 2), 1))
        if abs(x) >= 0.2 and abs(y) >= 0.2 and abs(x - y) >= 0.2:
            points.append((x, y))
    return points


def _wrong_sweeps_36(x, y):
    """(values of (dz_dx, dz_dy), mistake) for the typical wrong answers of exercise 3.6."""
    a, b = x + y, x * y
    right_x, right_y = b + a * y, b + a * x
    return [
        ((b, b), "counts only the paths through a: x and y reach z through b = x·y too. Where "
                 "two paths meet, add their products."),
        ((a * y, a * x), "counts only the paths through b: x and y reach z through a = x + y "
                         "too. Where two paths meet, add their products."),
        ((b + a, b + a), "takes ∂b/∂x and ∂b/∂y as 1: for b = x·y, ∂b/∂x = y and ∂b/∂y = x."),
        ((b + a, right_y), "takes ∂b/∂x as 1: for b = x·y, ∂b/∂x = y (x's partner)."),
        ((right_x, b + a), "takes ∂b/∂y as 1: for b = x·y, ∂b/∂y = x (y's partner)."),
        ((right_y, right_x), "returns the two slopes swapped (or swaps ∂b/∂x = y and "
                             "∂b/∂y = x): return (dz_dx, dz_dy), in this order."),
        ((a + b * y, a + b * x), "swaps the local derivatives of z = a·b: ∂z/∂a is b and ∂z/∂b is "
                                 "a (each factor's slope is the other factor)."),
        ((b * a * y, b * a * x), "multiplies the two paths instead of adding them: the "
                                 "products along the paths through a and through b add."),
    ]


@exercise("3.6")
def exercise_6(backward):
    """backward(x, y) = (∂z/∂x, ∂z/∂y) for the graph of exercise 3.5, at random points."""
    name = "backward"
    as_function(backward, name)
    points = _sweep_points()
    got = []
    for x, y in points:
        where = f"{name}({x!r}, {y!r})"
        got.append(as_returned_vector(
            call(backward, name, x, y), where, 2, "numbers (dz_dx, dz_dy)",
            returning="`return dz_dx, dz_dy`",
            miscounted=lambda n: f"{n} numbers: return exactly the pair (dz_dx, dz_dy), in "
                                 "this order."))
    got = np.array(got)
    expected = np.array([gradient(lambda v: z_35(v[0], v[1]), [x, y]) for x, y in points])
    if _close(got, expected, atol=1e-8):
        return (f"one backward sweep gives both partial derivatives, at {len(points)} points: "
                "local derivatives multiplied along each path, added where paths meet.")
    xs, ys = np.array(points).T
    for (vx, vy), mistake in _wrong_sweeps_36(xs, ys):
        if _close(got, np.column_stack([vx, vy]), atol=1e-12):
            raise CheckError(f"your backward {mistake}")
    k = next(k for k in range(len(points)) if not _close(got[k], expected[k], atol=1e-8))
    x, y = points[k]
    raise CheckError(f"{name}({x!r}, {y!r}) returned {listed(got[k])}, but there "
                     f"(∂z/∂x, ∂z/∂y) = {listed(expected[k])}. Compute a = x + y and b = x·y, "
                     "then walk back from z: ∂z/∂a = b, ∂z/∂b = a; each input collects the "
                     "products along its two paths.")
