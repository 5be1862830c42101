"""Checks of the chapter 04 workbook, ``exercises/ch04_gradient_descent.ipynb``.

Every expected value is computed here from the package: the node's loss from
:mod:`backprop_book.neuron`, the curve f(x) = 2x⁴ − 4x³ + 3x + 2 and its slope from
:mod:`backprop_book.data`, descent runs from :mod:`backprop_book.optimizers`, the slider
game from :mod:`backprop_book.slider_game`. Each check names the likely mistake when it can:
a sum where the mean was asked for, a missing square, a plus where the update subtracts.
"""

import functools

import numpy as np

from backprop_book import slider_game
from backprop_book.activations import step
from backprop_book.checks import (
    CheckError,
    as_function,
    as_number,
    as_result,
    as_returned_vector,
    call,
    close,
    exercise,
    listed,
    shown,
)
from backprop_book.data import EXAMPLE_B, EXAMPLE_W, TRAINING_X, TRAINING_Y, quartic, quartic_prime
from backprop_book.losses import mse
from backprop_book.neuron import node_loss, node_loss_gradient, node_output, weighted_sum
from backprop_book.optimizers import gradient_descent
from backprop_book.widgets.learning_rate_explorer import (
    ESCAPED,
    GLOBAL_MINIMUM,
    LOCAL_MAXIMUM,
    LOCAL_MINIMUM,
    RECENT,
    classify_path,
)

#: Numbers computed in Python must match this closely (relative).
RTOL = 1e-6
#: A number this close (relative) but not within RTOL was rounded, or typed in by hand.
NEAR = 1e-3
#: Exercise 4.2: the point and the learning rate of seed exercise 3-8.
X_2, ALPHA_2 = 1.0, 0.1
#: Exercise 4.4: descent starts at X0_4 for alpha_diverges and runs STEPS_4 steps; the
#: learning rate that reaches the global minimum may be at most ALPHA_MAX_4, and its start
#: must lie in START_RANGE_4 (the explorer's range) and at least MIN_DISTANCE_4 from that
#: minimum.
X0_4, STEPS_4, ALPHA_MAX_4, MIN_DISTANCE_4 = 1.0, 100, 0.3, 0.5
START_RANGE_4 = (-1.5, 2.5)

_close = functools.partial(close, rtol=RTOL, atol=1e-12)

# Exercise 4.4 judges a run as the learning-rate explorer does (classify_path), at its
# minima: the global one, the hill top between the two valleys, and the local one.
X_GLOBAL, X_TOP, X_LOCAL = GLOBAL_MINIMUM, LOCAL_MAXIMUM, LOCAL_MINIMUM
#: The explorer's outcomes, by the short names this checker's messages use.
SHORT = {"global minimum": "global", "local minimum": "local", "still moving": "crawling",
         "oscillating": "oscillating", "diverged": "diverged"}


# ------------------------------------------------------------------- exercise 4.1
def expected_loss_41():
    """L_MSE of the sigmoid node with the example weights over the three samples."""
    return node_loss(EXAMPLE_W, EXAMPLE_B)


def _outputs(w=EXAMPLE_W, b=EXAMPLE_B):
    return node_output(TRAINING_X, w, b)


def _loss_mistakes_41():
    """(value, message) for the typical wrong answers of exercise 4.1, most likely first."""
    y = _outputs()
    d = y - TRAINING_Y
    n = len(TRAINING_Y)
    threshold = step(weighted_sum(TRAINING_X, EXAMPLE_W, EXAMPLE_B))
    mistakes = [
        (np.sum(d**2), f"is the sum of the three squared errors: you forgot to divide by "
                       f"{n}. The lecture drops that factor, but this book's L_MSE is the "
                       "mean, (1/N)·Σ(y − y0)²."),
        (np.sum(d**2) / (n - 1), f"divides the sum of squares by {n - 1}: the mean divides by "
                                 f"the number of samples, N = {n}."),
        (np.mean(d), "is the mean of y − y0 without the square: the positive and negative "
                     "errors cancel. Square each difference before averaging."),
        (np.mean(np.abs(d)), "is the mean of |y − y0|: the absolute value is a loss too, but "
                             "L_MSE squares each difference."),
        (np.sum(d), f"is the sum of y − y0, neither squared nor divided by {n}."),
        (np.mean(d) ** 2, "squares the mean of y − y0: square each difference first, then "
                          "take the mean."),
        (np.sum(d) ** 2, "squares the sum of y − y0: square each difference first, then take "
                         "the mean."),
        (np.sqrt(np.mean(d**2)), "is the square root of the MSE (the 'RMSE'): leave out the "
                                 "root."),
        (mse(threshold, TRAINING_Y), "uses the threshold rule's outputs (0 or 1): L_MSE is "
                                     "computed with the sigmoid node, y = σ(z)."),
        (np.sum((threshold - TRAINING_Y) ** 2), "uses the threshold rule's outputs, and "
                                                 "sums instead of taking the mean: use the "
                                                 "sigmoid, and divide by 3."),
        (mse(1 - y, TRAINING_Y), "uses 1 − σ(z) as the output: check the sign in e^(−z)."),
    ]
    names = ("w1", "w2", "w3")
    for i, name in enumerate(names):
        w = EXAMPLE_W.copy()
        w[i] = -w[i]
        also = " (or you left out the bias)" if name == "w2" else ""
        mistakes.append((mse(_outputs(w), TRAINING_Y),
                         f"is the loss with {name} = {shown(w[i])}: {name} has the wrong "
                         f"sign{also}. The weights are (w1, w2, w3) = {listed(EXAMPLE_W)}."))
    mistakes.append((mse(_outputs(b=-EXAMPLE_B), TRAINING_Y),
                     f"is the loss with b = {shown(-EXAMPLE_B)}: the bias has the wrong sign, "
                     f"b = {shown(EXAMPLE_B)}."))
    return mistakes


@exercise("4.1")
def exercise_1(loss):
    """loss = L_MSE of the sigmoid node at (1.0, 0.5, −2.0, 1.0) over the three samples."""
    value = as_number(loss, "loss")
    expected = expected_loss_41()
    if _close(value, expected):
        return (f"L_MSE = {shown(expected)}: the mean of the three squared errors. The "
                f"lecture's sum is {shown(3 * expected)}, three times as much: does that "
                "change which weights training finds?")
    for candidate, mistake in _loss_mistakes_41():
        if close(value, candidate, rtol=NEAR, atol=1e-9):
            raise CheckError(f"loss = {shown(value)} {mistake}")
    if close(value, expected, rtol=1e-2, atol=0.0):
        raise CheckError(f"loss = {shown(value)} is close, but not exact: keep full "
                         "precision. Compute it in Python from the three outputs rather than "
                         "typing in rounded values.")
    y = _outputs()
    raise CheckError(f"loss = {shown(value)} is not L_MSE. The three outputs are "
                     f"y = σ(z) = {listed(y)} and the targets y0 = {listed(TRAINING_Y)}: square "
                     "each difference y − y0, then take the mean of the three squares.")


# ------------------------------------------------------------------- exercise 4.2
_RIGHT = {"right", "positive", "+", "increase", "larger", "up"}
_LEFT = {"left", "negative", "-", "−", "decrease", "smaller", "down"}


def _direction(direction):
    """'right' or 'left' from the student's string, or a CheckError."""
    name = "direction"
    if direction is None:
        raise CheckError(f'{name} is None: assign one of the strings "right" or "left".')
    if not isinstance(direction, str):
        raise CheckError(f'{name} should be one of the strings "right" or "left", but it is '
                         f"{direction!r:.40} (a {type(direction).__name__}).")
    answer = direction.strip().lower()
    if answer in _RIGHT:
        return "right"
    if answer in _LEFT:
        return "left"
    raise CheckError(f'{name} is {direction!r:.40}: answer with one of the two strings '
                     '"right" (towards larger x) or "left" (towards smaller x).')


def _value_problem(value):
    expected = float(quartic(X_2))
    if abs(value - expected) <= 1e-9:
        return None
    head = f"value = {shown(value)}"
    if abs(value - float(quartic_prime(X_2))) <= 1e-9:
        return f"{head} is the slope at x = 1, not the value: put x = 1 into f itself."
    if abs(value - (expected - 2)) <= 1e-9:
        return f"{head}: you left out the constant term + 2 of f."
    if abs(value - (expected + 8)) <= 1e-9:
        return f"{head}: check the sign of the term −4x³; at x = 1 it is −4."
    return (f"{head} is not f(1): put x = 1 into each term of 2x⁴ − 4x³ + 3x + 2 and add "
            "them up.")


#: Exercise 4.2: slopes at x = 1 from a mistake in one term of f′(x) = 8x³ − 12x² + 3.
_SLOPE_MISTAKES = (
    (-4.0, "you dropped the slope of the term 3x, which is 3."),
    (7.0, "the term −4x³ has slope −4·3x² = −12x², not −4 (bring the exponent down)."),
    (-7.0, "the term 2x⁴ has slope 2·4x³ = 8x³, not 2 (bring the exponent down)."),
    (-5.0, "the term 2x⁴ has slope 2·4x³ = 8x³: keep its coefficient 2."),
    (-16.0, "the term −4x³ has slope −4·3x² = −12x², and 2x⁴ has slope 8x³: check the "
            "exponents you brought down."),
    (23.0, "the term −4x³ falls, so its slope −12x² is negative: check its sign."),
)


def _slope_problem(slope):
    expected = float(quartic_prime(X_2))
    if abs(slope - expected) <= 1e-9:
        return None
    head = f"slope = {shown(slope)}"
    if abs(slope - float(quartic(X_2))) <= 1e-9:
        return (f"{head} is the value f(1), not the slope: differentiate f term by term, "
                "then put in x = 1.")
    if abs(slope + expected) <= 1e-9:
        return (f"{head} has the wrong sign. f′(x) = 8x³ − 12x² + 3 (the constant 2 has slope "
                "0): what is it at x = 1?")
    for candidate, mistake in _SLOPE_MISTAKES:
        if abs(slope - candidate) <= 1e-9:
            return f"{head}: {mistake}"
    if abs(slope - expected) < 0.05:
        return (f"{head} is close, but not exact: it looks like a difference quotient. "
                "Differentiate f term by term instead; at x = 1 the slope is a whole number.")
    return (f"{head} is not f′(1): differentiate each term of 2x⁴ − 4x³ + 3x + 2 (axⁿ has "
            "slope n·a·xⁿ⁻¹, the constant has slope 0), then put in x = 1.")


def _new_x_problem(new_x, slope):
    expected = X_2 - ALPHA_2 * float(quartic_prime(X_2))
    if abs(new_x - expected) <= 1e-9:
        return None
    fslope = float(quartic_prime(X_2))
    head = f"new_x = {shown(new_x)}"
    if slope is not None and abs(slope - fslope) > 1e-9 and (
            abs(new_x - (X_2 - ALPHA_2 * slope)) <= 1e-9):
        return f"{head} follows from your slope: correct the slope and it will follow."
    if abs(new_x - (X_2 + ALPHA_2 * fslope)) <= 1e-9:
        return (f"{head} moves with the slope, x + α·slope: the update subtracts, "
                "x − α·slope, so that x moves downhill, against the slope.")
    if abs(new_x - (X_2 - fslope)) <= 1e-9:
        return (f"{head} is x − slope: you forgot the learning rate. The step is α·slope, "
                f"with α = {shown(ALPHA_2)}.")
    if abs(new_x - (-ALPHA_2 * fslope)) <= 1e-9 or abs(new_x - ALPHA_2 * fslope) <= 1e-9:
        return (f"{head} is only the step α·slope: the new x is the old x minus that step, "
                "x − α·slope.")
    if abs(new_x - (X_2 - ALPHA_2 * float(quartic(X_2)))) <= 1e-9:
        return (f"{head} uses the value f(1) in the update: gradient descent moves by the "
                "slope, x − α·f′(x).")
    return (f"{head} is not x − α·f′(x) with x = {shown(X_2)} and α = {shown(ALPHA_2)}: "
            "subtract the learning rate times the slope from x.")


@exercise("4.2")
def exercise_2(value, slope, direction, new_x):
    """f(1) = 3, f′(1) = −1, "right", and 1 − 0.1·(−1) = 1.1 for f = 2x⁴ − 4x³ + 3x + 2."""
    v = as_number(value, "value")
    s = as_number(slope, "slope")
    d = _direction(direction)
    x = as_number(new_x, "new_x")
    lines = [problem for problem in (_value_problem(v), _slope_problem(s)) if problem]
    expected_slope = float(quartic_prime(X_2))
    expected_direction = "right" if expected_slope < 0 else "left"
    if d != expected_direction:
        if abs(s - expected_slope) <= 1e-9:
            lines.append(f'direction = "{d}": the slope at x = 1 is negative, so f falls as x '
                         "grows. To go downhill, move against the slope's sign: right, "
                         "towards larger x.")
        else:
            lines.append(f'direction = "{d}": move against the sign of the slope; once the '
                         "slope is right, its sign tells you which way.")
    problem = _new_x_problem(x, s)
    if problem:
        lines.append(problem)
    elif (x > X_2) != (d == "right"):
        lines.append(f'new_x = {shown(x)} and direction = "{d}" disagree.')
    if lines:
        raise CheckError("\n".join(lines))
    new_value = float(quartic(x))
    return (f"f(1) = {shown(v)}, f′(1) = {shown(s)}, so we go right, to x = {shown(x)}, where "
            f"f = {shown(new_value)}: lower than {shown(v)}, as a small step against the "
            "slope should be.")


# ------------------------------------------------------------------- exercise 4.3
def _step_cases():
    """(x, slope, learning_rate) for exercise 4.3: numbers first, then vectors."""
    dw, db = node_loss_gradient(EXAMPLE_W, EXAMPLE_B)
    return [
        (1.0, -1.0, 0.1),
        (0.0, 3.0, 0.1),
        (2.0, 19.0, 0.01),
        (-0.5, -2.5, 0.3),
        (1.5, 0.0, 0.2),
        (np.append(EXAMPLE_W, EXAMPLE_B), np.append(dw, db), 0.5),
        (np.array([0.2, -0.3]), np.array([1.5, -2.0]), 0.05),
    ]


def _step_result(function, name, x, slope, rate):
    where = f"{name}({_show_arg(x)}, {_show_arg(slope)}, {shown(rate)})"
    x_in = x.copy() if isinstance(x, np.ndarray) else x
    slope_in = slope.copy() if isinstance(slope, np.ndarray) else slope
    value = call(function, name, x_in, slope_in, rate)
    if isinstance(x, np.ndarray):
        if not np.array_equal(x_in, x) or not np.array_equal(slope_in, slope):
            raise CheckError(f"{where} changed its argument x (or slope) in place: afterwards "
                             f"x was {listed(x_in)}. Return a new value, x - learning_rate * "
                             "slope, rather than x -= … (which changes the caller's array).")
        return as_returned_vector(
            value, where, x.size, returning="`return` and the new x",
            single=f"x is a vector of {x.size}, so return the vector of new values, one per "
                   "entry.")
    return as_result(value, where)


def _show_arg(value):
    return listed(value) if isinstance(value, np.ndarray) else shown(value)


@exercise("4.3")
def exercise_3(gradient_descent_step):
    """gradient_descent_step(x, slope, learning_rate) = x − learning_rate·slope."""
    name = "gradient_descent_step"
    as_function(gradient_descent_step, name)
    cases = _step_cases()
    results = [_step_result(gradient_descent_step, name, *case) for case in cases]

    def all_close(formula):
        return all(_close(r, formula(x, s, a)) for r, (x, s, a) in zip(results, cases,
                                                                         strict=True))

    if all_close(lambda x, s, a: x - a * s):
        return ("x − α·slope, for numbers and for vectors: each entry steps against its own "
                "slope.")
    mistakes = [
        (lambda x, s, a: x + a * s, "adds α·slope: that walks uphill. The update subtracts, "
                                    "x − learning_rate * slope, so that x moves against the "
                                    "slope."),
        (lambda x, s, a: x - s, "subtracts the whole slope: you forgot the learning rate. "
                                "The step is learning_rate * slope."),
        (lambda x, s, a: x + s, "adds the slope, without the learning rate: the step is "
                                "learning_rate * slope, and it is subtracted."),
        (lambda x, s, a: -a * s, "returns only the step, −α·slope: add it to x, "
                                 "x - learning_rate * slope."),
        (lambda x, s, a: a * s, "returns only α·slope: the new x is x - learning_rate * "
                                "slope."),
        (lambda x, s, a: x - s / a, "divides the slope by the learning rate: multiply, "
                                    "x - learning_rate * slope."),
        (lambda x, s, a: (x - a) * s, "computes (x − α)·slope: Python needs the product "
                                      "first, x - learning_rate * slope."),
    ]
    for formula, mistake in mistakes:
        if all_close(formula):
            raise CheckError(f"your {name} {mistake}")
    for result, (x, s, a) in zip(results, cases, strict=True):
        expected = x - a * s
        if not _close(result, expected):
            raise CheckError(f"{name}({_show_arg(x)}, {_show_arg(s)}, {shown(a)}) returned "
                             f"{_show_arg(result) if np.ndim(result) else shown(result)}, but "
                             f"x − α·slope = {_show_arg(expected)}.")
    raise CheckError(f"your {name} is not x − learning_rate * slope.")  # pragma: no cover


# ------------------------------------------------------------------- exercise 4.4
def descent_path(start, learning_rate, steps=STEPS_4):
    """Gradient descent on f = 2x⁴ − 4x³ + 3x + 2, every point from ``start`` on."""
    return gradient_descent(quartic_prime, start, learning_rate, steps)


def outcome(path):
    """What a descent run did: 'diverged', 'global', 'local', 'oscillating' or 'crawling'
    (the explorer's "still moving")."""
    return SHORT[classify_path(path)[0]]


def _describe_run(path, start, rate):
    """A sentence on what descent from ``start`` with ``rate`` did, for the messages."""
    what = outcome(path)
    run = f"from x = {shown(start)} with α = {shown(rate)}"
    steps = len(path) - 1
    if what == "diverged":
        k = int(np.argmax(~(np.abs(path) <= ESCAPED)))
        return (f"{run}, x runs away: at step {k} it reaches {shown(path[k])}, beyond "
                f"|x| = {shown(ESCAPED)}. Each step overshoots the valley by more than the "
                "one before, so the steps grow without bound")
    if what == "global":
        return f"{run}, descent settles at x = {shown(path[-1])}, the global minimum"
    if what == "local":
        return (f"{run}, descent settles at x = {shown(path[-1])}, the local minimum near "
                f"{X_LOCAL:.2f}, right of the hill top at x ≈ {X_TOP:.2f}")
    if what == "crawling":
        return (f"{run}, descent crawls: after {steps} steps it is only at "
                f"x = {shown(path[-1])}, still moving in the same direction")
    low, high = np.min(path[-20:]), np.max(path[-20:])
    return (f"{run}, descent never settles: in its last steps x jumps back and forth between "
            f"{shown(low)} and {shown(high)}, overshooting the bottom of its valley each time")


@exercise("4.4")
def exercise_4(alpha_diverges, start, alpha_global):
    """A learning rate that diverges from x = 1, and (start, α ≤ 0.3) reaching the global min."""
    a_div = as_number(alpha_diverges, "alpha_diverges")
    x0 = as_number(start, "start")
    a_glob = as_number(alpha_global, "alpha_global")
    lines = []
    if a_div <= 0:
        lines.append(f"alpha_diverges = {shown(a_div)}: a learning rate is positive (a "
                     "negative one would walk uphill).")
    else:
        path = descent_path(X0_4, a_div)
        what = outcome(path)
        if what != "diverged":
            lines.append(f"alpha_diverges = {shown(a_div)} does not diverge: "
                         f"{_describe_run(path, X0_4, a_div)}. Try a larger learning rate.")
    low, high = START_RANGE_4
    start_ok = False
    if not low <= x0 <= high:
        lines.append(f"start = {shown(x0)}: choose a start between {shown(low)} and "
                     f"{shown(high)}, the range of the explorer's x₀ slider.")
    elif abs(x0 - X_GLOBAL) < MIN_DISTANCE_4:
        lines.append(f"start = {shown(x0)} is already within {shown(MIN_DISTANCE_4)} of the "
                     f"global minimum at x ≈ {X_GLOBAL:.2f}: start further away, so that "
                     "descent has some walking to do.")
    else:
        start_ok = True
    if a_glob <= 0:
        lines.append(f"alpha_global = {shown(a_glob)}: a learning rate is positive.")
    elif a_glob > ALPHA_MAX_4:
        lines.append(f"alpha_global = {shown(a_glob)} is larger than {shown(ALPHA_MAX_4)}: "
                     f"find one of at most {shown(ALPHA_MAX_4)}.")
    elif start_ok:
        path = descent_path(x0, a_glob)
        what = outcome(path)
        if what != "global":
            advice = {
                "local": "Start on the other side of the hill top, or take steps large "
                         "enough to jump over it." if x0 > X_TOP else
                         "You started left of the hill top, but the first steps were so "
                         "large that they jumped over it into the other valley: take a "
                         "smaller learning rate.",
                "crawling": "Take a larger learning rate.",
                "oscillating": "The global minimum's valley is narrow and steep: take a "
                               "smaller learning rate there." if np.mean(path[-RECENT:]) < X_TOP
                               else "It bounces in the local minimum's valley: start on the "
                               "other side of the hill top, or find steps that jump over it.",
                "diverged": "Take a smaller learning rate.",
            }[what]
            lines.append(f"start = {shown(x0)}, alpha_global = {shown(a_glob)}: "
                         f"{_describe_run(path, x0, a_glob)}. {advice}")
    if lines:
        raise CheckError("\n".join(lines))
    side = ("from the right of the hill, so your steps jumped over it"
            if x0 > X_TOP else "from the left of the hill, in the global minimum's own valley")
    return (f"α = {shown(a_div)} diverges from x = 1, and from x = {shown(x0)} with "
            f"α = {shown(a_glob)} descent reaches the global minimum x ≈ {X_GLOBAL:.4f} "
            f"within {STEPS_4} steps, {side}. Now describe what you saw.")


# ------------------------------------------------------------------- exercise 4.5
def _mse_cases():
    """(predictions, targets) for exercise 4.5: lists first, then arrays, lengths 1 to 5."""
    y = [round(float(v), 4) for v in _outputs()]
    return [
        (y, [float(t) for t in TRAINING_Y]),
        ([2.5, 0.0, 2.0, 8.0], [3.0, -0.5, 2.0, 7.0]),
        (np.array([0.1, 0.9, 0.4, 0.8, 0.3]), np.array([0.0, 1.0, 1.0, 1.0, 0.0])),
        ([4.0], [1.0]),
        (np.array([-1.0, 2.0]), np.array([1.0, 1.0])),
        ([1, 2, 3], [1, 2, 3]),
    ]


def _mse_result(function, name, predictions, targets):
    args = (list(predictions) if isinstance(predictions, list) else predictions.copy(),
            list(targets) if isinstance(targets, list) else targets.copy())
    where = f"{name}({_show_arg(np.asarray(predictions))}, {_show_arg(np.asarray(targets))})"
    try:
        value = call(function, name, *args)
    except CheckError as error:
        if isinstance(predictions, list) and "TypeError" in str(error):
            raise CheckError(f"{error}\nHere the arguments are Python lists, which have no "
                             "arithmetic of their own: turn them into arrays first, "
                             "np.asarray(predictions).") from None
        raise
    for arg, original in zip(args, (predictions, targets), strict=True):
        if not np.array_equal(np.asarray(arg), np.asarray(original)):
            raise CheckError(f"{where} changed its arguments in place: compute the loss "
                             "without modifying the predictions or the targets.")
    if isinstance(value, np.ndarray) and value.ndim > 0:
        raise CheckError(f"{where} returned an array of shape {value.shape}: the loss is a "
                         "single number, the mean over all the squared errors.")
    return as_result(value, where)


@exercise("4.5")
def exercise_5(mse_function):
    """mse(predictions, targets) = (1/N)·Σ(y − y0)², for lists and arrays."""
    name = "mse"
    as_function(mse_function, name)
    cases = _mse_cases()
    results = np.array([_mse_result(mse_function, name, p, t) for p, t in cases])

    def values(formula):
        out = []
        for p, t in cases:
            p, t = np.asarray(p, dtype=float), np.asarray(t, dtype=float)
            with np.errstate(all="ignore"):
                out.append(formula(p, t))
        return np.array(out)

    if _close(results, values(lambda p, t: np.mean((p - t) ** 2))):
        return ("the mean of the squared differences, for lists and arrays of any length: "
                "0 when every prediction is on target.")
    mistakes = [
        (lambda p, t: np.sum((p - t) ** 2), "returns the sum of the squared errors: divide "
                                            "by the number of values, N, for the mean."),
        (lambda p, t: np.sum((p - t) ** 2) / max(len(p) - 1, 1),
         "divides by N − 1: the mean divides by the number of values, N."),
        (lambda p, t: np.mean(np.abs(p - t)), "returns the mean of |y − y0|: square each "
                                              "difference instead of taking its absolute "
                                              "value."),
        (lambda p, t: np.mean(p - t), "returns the mean of y − y0 without the square: the "
                                      "positive and negative errors cancel."),
        (lambda p, t: np.mean(p**2 - t**2), "squares the values, not their difference: "
                                            "(y − y0)², not y² − y0²."),
        (lambda p, t: np.mean(p - t) ** 2, "squares the mean difference: square each "
                                           "difference first, then take the mean."),
        (lambda p, t: np.sum(p - t) ** 2 / len(p), "squares the summed difference: square "
                                                   "each difference first, then take the "
                                                   "mean."),
        (lambda p, t: np.sqrt(np.mean((p - t) ** 2)), "returns the square root of the mean "
                                                      "(the RMSE): leave out the root."),
        (lambda p, t: (p[0] - t[0]) ** 2, "uses only the first value: average over all of "
                                          "them."),
    ]
    for formula, mistake in mistakes:
        if _close(results, values(formula)):
            raise CheckError(f"your {name} {mistake}")
    expected = values(lambda p, t: np.mean((p - t) ** 2))
    k = next(k for k in range(len(cases)) if not _close(results[k], expected[k]))
    p, t = cases[k]
    raise CheckError(f"{name}({_show_arg(np.asarray(p, dtype=float))}, "
                     f"{_show_arg(np.asarray(t, dtype=float))}) returned {shown(results[k])}, "
                     f"but the mean of the squared differences is {shown(expected[k])}.")


# ------------------------------------------------------------------- exercise 4.6
#: Exercise 4.6: the puzzles the check plays, and the seed of its random states.
SEEDS_6 = (0, 4, 7, 18, 42)
STATES_SEED_6 = 406
_ARROWS = ("up", "down", None)


def _hint_states():
    """(seed, positions) for exercise 4.6: starts, a state where descent is stuck, the
    target itself, and random states with sliders at the edges 0 and 10."""
    rng = np.random.default_rng(STATES_SEED_6)
    states = []
    for seed in SEEDS_6:
        game = slider_game.puzzle(seed)
        states.append((seed, list(game.start)))
        for _ in range(3):
            positions = [int(v) for v in rng.integers(0, slider_game.LEVELS, slider_game.N)]
            low, high = rng.choice(slider_game.N, size=2, replace=False)
            positions[low], positions[high] = 0, slider_game.LEVELS - 1
            states.append((seed, positions))
        # where descent stops: the target, or a state where no single step helps
        states.append((seed, list(slider_game.play(game.start, game)[-1])))
    return states


def _losses_around(positions, game, i):
    """(loss now, after one step up, after one step down); None where the step leaves 0…10."""
    now = slider_game.loss(positions, game)
    after = []
    for direction in ("up", "down"):
        moved = slider_game.moved(positions, i, direction)
        after.append(None if moved is None else slider_game.loss(moved, game))
    return now, *after


def _step_loss(arrow, up, down):
    """The loss after the step ``arrow`` ("up" or "down"), given both steps' losses."""
    return up if arrow == "up" else down


def _slider(i):
    """Slider i (counted from 0) as the game names it and as the code indexes it."""
    return f"slider {i + 1} (positions[{i}])"


class _UsedHintError(Exception):
    """Raised when the student's function calls the module's own hint."""


def _no_hint(*args, **kwargs):
    raise _UsedHintError("this exercise computes the hints from slider_game.loss alone: do not "
                    "call slider_game.hint or slider_game.hints")


def _student_hints(function, name, seed, positions):
    where = f"{name}({positions}, {seed})"
    given = list(positions)
    saved = slider_game.hint, slider_game.hints
    slider_game.hint = slider_game.hints = _no_hint
    try:
        value = call(function, name, given, seed)
    except CheckError as error:
        text = str(error)
        if "ValueError" in text and "each position must be" in text:
            top = slider_game.LEVELS - 1
            edge, way = (top, "up") if text.endswith(f"not {top + 1}") else (0, "down")
            if edge in positions:
                raise CheckError(f"{error}\nIn {positions}, {_slider(positions.index(edge))} "
                                 f"is at {edge}, an edge: it cannot move {way}. Skip a step "
                                 "that would leave 0 … 10 (it cannot lower the loss).") from None
        raise
    finally:
        slider_game.hint, slider_game.hints = saved
    if given != positions:
        raise CheckError(f"{where} changed the list of positions it was given (afterwards it "
                         f"was {given}): move a copy, e.g. list(positions), not the "
                         "caller's list.")
    if value is None:
        raise CheckError(f"{where} returned None: end the function with `return` and the "
                         "list of ten hints.")
    if isinstance(value, str) or not hasattr(value, "__len__"):
        raise CheckError(f"{where} returned {value!r:.40}: return a list of ten hints, one "
                         'per slider, each "up", "down" or None.')
    value = list(value)
    if len(value) != slider_game.N:
        raise CheckError(f"{where} returned {len(value)} hints: return one per slider, "
                         f"{slider_game.N} in all.")
    for item in value:
        if item in ("↑", "↓"):
            raise CheckError(f'{where} returned the arrow {item!r}: use the strings "up" '
                             'and "down" (and None for no arrow).')
        if not (item is None or (isinstance(item, str) and item in ("up", "down"))):
            raise CheckError(f'{where} returned the hint {item!r:.40}: each hint is "up", '
                             '"down" or None.')
    return value


@exercise("4.6")
def exercise_6(hints):
    """hints(positions, seed): "up"/"down"/None per slider, from slider_game.loss alone."""
    name = "hints"
    as_function(hints, name)
    mismatches = []  # (seed, positions, i, got, expected, (now, up, down))
    states = _hint_states()
    for seed, positions in states:
        game = slider_game.puzzle(seed)
        got = _student_hints(hints, name, seed, positions)
        expected = [slider_game.hint(positions, game, i) for i in range(slider_game.N)]
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            if g != e:
                mismatches.append((seed, positions, i, g, e, _losses_around(positions, game, i)))
    if not mismatches:
        return (f"your arrows agree with the game's on {len(states)} states of "
                f"{len(SEEDS_6)} puzzles, sliders at the edges and the states where descent "
                "stops included: each arrow says which single step lowers the loss.")
    ties = [m for m in mismatches if m[4] is None and m[3] is not None
            and _step_loss(m[3], *m[5][1:]) == m[5][0]]
    if len(ties) == len(mismatches):
        seed, positions, i, g, _, (now, _, _) = ties[0]
        raise CheckError(f"in puzzle {seed} at {positions}, {_slider(i)} gets {g!r}, but one "
                         f"step {g} leaves the loss at {now}: an arrow means the step lowers "
                         "the loss, so compare with <, not <=.")
    kinds = {(g, e) for _, _, _, g, e, _ in mismatches}
    if kinds <= {("down", "up"), ("up", "down")}:
        raise CheckError("your arrows point the wrong way: show \"up\" when one step UP "
                         "lowers the loss (the loss after the step is smaller than now), "
                         "\"down\" when one step down lowers it.")
    if kinds == {(None, "down")}:
        raise CheckError("your hints never say \"down\": you check only the step up. Check "
                         "the step down as well.")
    for arrow, other in (("down", "up"), ("up", "down")):
        if kinds == {(arrow, None)} or kinds == {(arrow, None), (None, arrow)}:
            raise CheckError(f"your hints say {arrow!r} where the game shows no arrow: it "
                             f"looks as if {arrow!r} is what you show whenever the step "
                             f"{other} does not help. Check that the step {arrow} really "
                             "lowers the loss; when neither step does, the hint is None.")
    if kinds == {(None, "up")}:
        raise CheckError("your hints never say \"up\": you check only the step down. Check "
                         "the step up as well.")
    for seed, positions, i, g, e, (now, up, down) in mismatches:
        raised = _step_loss(g, up, down) if e is None and g is not None else None
        if raised is not None and raised > now:
            other = "down" if g == "up" else "up"
            other_loss = _step_loss(other, up, down)
            if other_loss is None or raised <= other_loss:
                raise CheckError(
                    f"in puzzle {seed} at {positions}, {_slider(i)} gets {g!r}, but one step "
                    f"{g} raises the loss from {now} to {raised}. It is the smaller of the "
                    f"two steps' losses ({other}: "
                    f"{'off the edge' if other_loss is None else other_loss}), but an arrow "
                    "means the step lowers the loss: compare each step with the loss now. "
                    "When neither lowers it, the hint is None.")
            raise CheckError(f"in puzzle {seed} at {positions}, {_slider(i)} gets {g!r}, but one "
                             f"step {g} raises the loss from {now} to {raised}: show an arrow "
                             "only for a step that lowers the loss.")
    if ties:
        seed, positions, i, g, _, (now, _, _) = ties[0]
        raise CheckError(f"in puzzle {seed} at {positions}, {_slider(i)} gets {g!r}, but one "
                         f"step {g} leaves the loss at {now}: an arrow means the step lowers "
                         "the loss, so compare with <, not <=.")
    seed, positions, i, g, e, (now, up, down) = mismatches[0]

    def show(value):
        return "off the edge" if value is None else str(value)

    raise CheckError(f"in puzzle {seed} at {positions}, your hint for {_slider(i)} is {g!r}, but "
                     f"the loss is {now} now, {show(up)} one step up and {show(down)} one step "
                     f"down, so the hint is {e!r}.")
