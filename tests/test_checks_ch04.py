"""Tests of the chapter 04 exercise checks (``backprop_book/checks/ch04.py``).

For every check: the reference answers pass, the student's placeholder fails with a clear
message, each typical mistake gets its own hint, and bad input (None, text, wrong length or
shape, NaN, inf, a non-function, a function that raises) gives a CheckError, never another
exception. Checks return None, write nothing to stderr and leave their arguments unchanged.
"""

import itertools
import math
import warnings

import numpy as np
import pytest

from backprop_book import slider_game
from backprop_book.checks import CheckError, ch04
from backprop_book.data import quartic_prime
from backprop_book.widgets.learning_rate_explorer import (
    LearningRateExplorer,
)
from tests.check_helpers import (
    assert_fails,
    assert_passes,
    not_implemented,
    raises_value_error,
    sigmoid,
)

# Reference answers, as the workbook's solutions give them, from the exercises' formulas.
Y = [sigmoid(1.0), sigmoid(0.5 + 1.0), sigmoid(1.0 - 2.0 + 1.0)]  # the three outputs
LOSS = ((Y[0] - 1) ** 2 + (Y[1] - 1) ** 2 + (Y[2] - 0) ** 2) / 3
VALUE, SLOPE = 2 - 4 + 3 + 2, 8 - 12 + 3  # f(1) and f′(1) = 8x³ − 12x² + 3 at 1
NEW_X = 1 - 0.1 * SLOPE


def gradient_descent_step(x, slope, learning_rate):
    return x - learning_rate * slope


def mse(predictions, targets):
    p, t = np.asarray(predictions, dtype=float), np.asarray(targets, dtype=float)
    return float(np.mean((p - t) ** 2))


def hints(positions, seed):
    puzzle = slider_game.puzzle(seed)
    now = slider_game.loss(positions, puzzle)
    arrows = []
    for i in range(len(positions)):
        arrow = None
        for direction, step in (("up", 1), ("down", -1)):
            moved = list(positions)
            moved[i] += step
            if 0 <= moved[i] <= 10 and slider_game.loss(moved, puzzle) < now:
                arrow = direction
        arrows.append(arrow)
    return arrows


REFERENCE = {
    "4.1": (ch04.exercise_1, (LOSS,)),
    "4.2": (ch04.exercise_2, (VALUE, SLOPE, "right", NEW_X)),
    "4.3": (ch04.exercise_3, (gradient_descent_step,)),
    "4.4": (ch04.exercise_4, (0.45, 2.0, 0.1)),
    "4.5": (ch04.exercise_5, (mse,)),
    "4.6": (ch04.exercise_6, (hints,)),
}


# ----------------------------------------------------------------- reference answers
@pytest.mark.parametrize("number", sorted(REFERENCE))
def test_reference_answer_passes(capsys, number):
    check, args = REFERENCE[number]
    assert check.exercise == number
    assert_passes(capsys, check, *args)


@pytest.mark.parametrize("loss", [LOSS, np.float64(LOSS), np.array(LOSS), LOSS * (1 + 1e-8)])
def test_exercise_1_accepts_other_spellings(capsys, loss):
    assert_passes(capsys, ch04.exercise_1, loss)


@pytest.mark.parametrize("answers", [
    (3, -1, "right", 1.1),
    (3.0, -1.0, "Right", 1.1000000000000001),
    (np.int64(3), np.float64(-1), " RIGHT ", np.float64(1.1)),
    (3, -1, "positive", 1.1),
    (3, -1, "+", 1 - 0.1 * -1),
])
def test_exercise_2_accepts_other_spellings(capsys, answers):
    assert_passes(capsys, ch04.exercise_2, *answers)


def step_with_numpy(x, slope, learning_rate):
    return np.subtract(x, np.multiply(learning_rate, slope))


def step_copying(x, slope, learning_rate):
    new = np.array(x, dtype=float, copy=True)
    new -= learning_rate * np.asarray(slope)
    return new if new.ndim else float(new)


def step_as_list(x, slope, learning_rate):
    if np.ndim(x):
        return [xi - learning_rate * si for xi, si in zip(x, slope, strict=True)]
    return x - learning_rate * slope


@pytest.mark.parametrize("function", [step_with_numpy, step_copying, step_as_list])
def test_exercise_3_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch04.exercise_3, function)


@pytest.mark.parametrize("answers", [
    (0.39, 2.0, 0.1),          # just diverges within 100 steps
    (5.0, -1.0, 0.05),         # left of the hill, a modest rate
    (0.5, 0.3, 0.1),           # left of the hill, near the top
    (0.45, 2.5, 0.05),         # far right: a steep wall throws x over the hill
    (0.45, 2.0, 0.07),
    (np.float64(0.5), np.int64(2), np.float64(0.12)),
])
def test_exercise_4_accepts_other_answers(capsys, answers):
    assert_passes(capsys, ch04.exercise_4, *answers)


def mse_plain_python(predictions, targets):
    return sum((p - t) ** 2 for p, t in zip(predictions, targets, strict=True)) / len(targets)


def mse_with_square(predictions, targets):
    return np.mean(np.square(np.subtract(predictions, targets)))


def mse_with_the_package(predictions, targets):
    from backprop_book.losses import mse as package_mse
    return package_mse(predictions, targets)


def mse_reversed(predictions, targets):
    return mse(targets, predictions)


@pytest.mark.parametrize("function", [mse_plain_python, mse_with_square, mse_with_the_package,
                                      mse_reversed])
def test_exercise_5_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch04.exercise_5, function)


def hints_from_changes(positions, seed):
    """Both steps first, then the smaller change, as long as it is negative."""
    puzzle = slider_game.puzzle(seed)
    now = slider_game.loss(positions, puzzle)
    arrows = []
    for i, s in enumerate(positions):
        changes = {}
        if s < slider_game.LEVELS - 1:
            changes["up"] = slider_game.loss([*positions[:i], s + 1, *positions[i + 1:]],
                                             puzzle) - now
        if s > 0:
            changes["down"] = slider_game.loss([*positions[:i], s - 1, *positions[i + 1:]],
                                               puzzle) - now
        best = min(changes, key=changes.get)
        arrows.append(best if changes[best] < 0 else None)
    return arrows


def hints_as_tuple(positions, seed):
    return tuple(hints(positions, seed))


def hints_with_numpy(positions, seed):
    positions = np.array(positions)
    return hints([int(s) for s in positions], seed)


@pytest.mark.parametrize("function", [hints_from_changes, hints_as_tuple, hints_with_numpy])
def test_exercise_6_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch04.exercise_6, function)


def test_checks_silence_the_students_warnings(capsys):
    def noisy_step(x, slope, learning_rate):
        warnings.warn("from the student's code", stacklevel=1)
        np.float64(1e308) * 10  # an overflow warning from numpy
        return gradient_descent_step(x, slope, learning_rate)

    def noisy_mse(predictions, targets):
        warnings.warn("from the student's code", stacklevel=1)
        return mse(predictions, targets)

    assert_passes(capsys, ch04.exercise_3, noisy_step)
    assert_passes(capsys, ch04.exercise_5, noisy_mse)


# ------------------------------------------------------------ the student's placeholders
PLACEHOLDERS = [
    (ch04.exercise_1, (None,), "loss is None"),
    (ch04.exercise_2, (None, None, None, None), "value is None"),
    (ch04.exercise_2, (VALUE, SLOPE, None, None), "direction is None"),
    (ch04.exercise_2, (VALUE, SLOPE, "right", None), "new_x is None"),
    (ch04.exercise_3, (not_implemented,), "gradient_descent_step still raises "
                                          "NotImplementedError"),
    (ch04.exercise_4, (None, None, None), "alpha_diverges is None"),
    (ch04.exercise_4, (0.45, None, None), "start is None"),
    (ch04.exercise_5, (not_implemented,), "mse still raises NotImplementedError"),
    (ch04.exercise_6, (not_implemented,), "hints still raises NotImplementedError"),
]


@pytest.mark.parametrize("check, args, match", PLACEHOLDERS)
def test_placeholder_fails_clearly(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


# ------------------------------------------------------------------ typical mistakes
D = np.array(Y) - np.array([1.0, 1.0, 0.0])
MISTAKES_1 = [
    (3 * LOSS, "sum of the three squared errors: you forgot to divide by 3"),
    (np.sum(D**2) / 2, "divides the sum of squares by 2"),
    (np.mean(D), "without the square"),
    (np.mean(np.abs(D)), r"mean of \|y − y0\|"),
    (np.sum(D), "neither squared nor divided by 3"),
    (np.mean(D) ** 2, "squares the mean of y − y0"),
    (np.sum(D) ** 2, "squares the sum of y − y0"),
    (math.sqrt(LOSS), "square root of the MSE"),
    (1 / 3, "threshold rule's outputs"),
    (1.0, "threshold rule's outputs, and sums"),
    (((1 - Y[0] - 1) ** 2 + (1 - Y[1] - 1) ** 2 + (1 - Y[2]) ** 2) / 3, "1 − σ"),
    (((Y[0] - 1) ** 2 + (Y[1] - 1) ** 2 + sigmoid(-1.0 - 2.0 + 1.0) ** 2) / 3,
     "w1 = -1: w1 has the wrong sign"),
    (((Y[0] - 1) ** 2 + (sigmoid(0.5) - 1) ** 2 + Y[2] ** 2) / 3,
     "w2 has the wrong sign \\(or you left out the bias\\)"),
    (((Y[0] - 1) ** 2 + (Y[1] - 1) ** 2 + sigmoid(1.0 + 2.0 + 1.0) ** 2) / 3,
     "w3 = 2: w3 has the wrong sign"),
    (((sigmoid(-1.0) - 1) ** 2 + (sigmoid(-0.5) - 1) ** 2 + sigmoid(-2.0) ** 2) / 3,
     "the bias has the wrong sign"),
    (round(LOSS, 3), "close, but not exact: keep full precision"),
    (0.5, r"is not L_MSE\. The three outputs are y = σ\(z\) = \[0\.731059, 0\.817574, 0\.5\]"),
]


@pytest.mark.parametrize("loss, match", MISTAKES_1)
def test_exercise_1_names_the_mistake(capsys, loss, match):
    assert_fails(capsys, ch04.exercise_1, (loss,), match)


def test_exercise_1_mistakes_are_told_apart():
    """No two known wrong answers are so close that one could be taken for the other."""
    values = sorted([v for v, _ in ch04._loss_mistakes_41()] + [ch04.expected_loss_41()])
    shared = [(a, b) for a, b in itertools.pairwise(values)
              if math.isclose(a, b, rel_tol=10 * ch04.NEAR)]
    # left out the bias and a flipped w2 give the same loss (σ(−z) = 1 − σ(z)): one message
    assert len(shared) == 1


MISTAKES_2 = [
    ((3, -1, "left", 0.9), "(?s)direction = \"left\": the slope at x = 1 is negative.*\n"
                           "new_x = 0.9 moves with the slope"),
    ((3, -1, "right", 0.9), "new_x = 0.9 moves with the slope, x \\+ α·slope: the update "
                            "subtracts"),
    ((3, -1, "right", 2), "new_x = 2 is x − slope: you forgot the learning rate"),
    ((3, -1, "right", 0.1), "new_x = 0.1 is only the step"),
    ((3, -1, "right", 0.7), "uses the value f\\(1\\) in the update"),
    ((3, -1, "right", 1.2), "new_x = 1.2 is not x − α·f′\\(x\\)"),
    ((3, -1, "right", 0.95), "(?s)new_x = 0.95 is not x − α·f′.*"),
    ((3, -1, "left", 1.1), "direction = \"left\": the slope at x = 1 is negative"),
    ((3, -4, "right", 1.4), "(?s)slope = -4: you dropped the slope of the term 3x.*\n"
                            "new_x = 1.4 follows from your slope"),
    ((3, 7, "left", 0.3), "slope = 7: the term −4x³ has slope −4·3x² = −12x², not −4"),
    ((3, -7, "right", 1.7), "slope = -7: the term 2x⁴ has slope 2·4x³ = 8x³, not 2"),
    ((3, -5, "right", 1.5), "slope = -5: the term 2x⁴ has slope 2·4x³ = 8x³: keep its "
                            "coefficient 2"),
    ((3, 23, "left", -1.3), "slope = 23: the term −4x³ falls"),
    ((3, 1, "left", 0.9), "slope = 1 has the wrong sign"),
    ((3, 3, "left", 0.7), "slope = 3 is the value f\\(1\\), not the slope"),
    ((3, -0.99, "right", 1.099), "slope = -0.99 is close, but not exact"),
    ((3, -2, "right", 1.2), "slope = -2 is not f′\\(1\\): differentiate each term"),
    ((1, -1, "right", 1.1), "value = 1: you left out the constant term \\+ 2"),
    ((11, -1, "right", 1.1), "value = 11: check the sign of the term −4x³"),
    ((-1, -1, "right", 1.1), "value = -1 is the slope at x = 1, not the value"),
    ((5, -1, "right", 1.1), "value = 5 is not f\\(1\\)"),
    ((3, -1, "right", 0.95), "new_x = 0.95 is not x − α·f′\\(x\\)"),
]


@pytest.mark.parametrize("answers, match", MISTAKES_2)
def test_exercise_2_names_the_mistake(capsys, answers, match):
    assert_fails(capsys, ch04.exercise_2, answers, match)


def in_place(x, slope, learning_rate):
    x -= learning_rate * slope
    return x


def returns_a_sum(x, slope, learning_rate):
    return float(np.sum(x - learning_rate * slope))


MISTAKES_3 = [
    (lambda x, s, a: x + a * s, "adds α·slope: that walks uphill"),
    (lambda x, s, a: x - s, "subtracts the whole slope: you forgot the learning rate"),
    (lambda x, s, a: x + s, "adds the slope, without the learning rate"),
    (lambda x, s, a: -a * s, "returns only the step, −α·slope"),
    (lambda x, s, a: a * s, "returns only α·slope"),
    (lambda x, s, a: x - s / a, "divides the slope by the learning rate"),
    (lambda x, s, a: (x - a) * s, "computes \\(x − α\\)·slope"),
    (in_place, r"changed its argument x \(or slope\) in place"),
    (returns_a_sum, r"returned a single number, .*: x is a vector of 4"),
    (lambda x, s, a: x - 0.1 * s, r"gradient_descent_step\(2, 19, 0\.01\) returned 0\.1, but "
                                  r"x − α·slope = 1\.81"),
]


@pytest.mark.parametrize("function, match", MISTAKES_3)
def test_exercise_3_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch04.exercise_3, (function,), match)


MISTAKES_4 = [
    ((0.3, 2.0, 0.1), "alpha_diverges = 0.3 does not diverge: from x = 1 with α = 0.3, "
                      "descent never settles"),
    ((0.1, 2.0, 0.1), "alpha_diverges = 0.1 does not diverge: .*settles at x = 1.26604, "
                      "the local minimum"),
    ((0.01, 2.0, 0.1), "alpha_diverges = 0.01 does not diverge: .*descent crawls"),
    ((-0.5, 2.0, 0.1), "alpha_diverges = -0.5: a learning rate is positive"),
    ((0.45, 0.0, 0.1), "start = 0 is already within 0.5 of the global minimum"),
    ((0.45, 3.0, 0.1), "start = 3: choose a start between -1.5 and 2.5"),
    ((0.45, 2.0, 0.5), "alpha_global = 0.5 is larger than 0.3"),
    ((0.45, 2.0, 0.0), "alpha_global = 0: a learning rate is positive"),
    ((0.45, 1.5, 0.1), "settles at x = 1.26604, the local minimum.*Start on the other side "
                       "of the hill top"),
    ((0.45, -1.5, 0.05), "You started left of the hill top, but the first steps were so "
                         "large"),
    ((0.45, -1.0, 0.001), "descent crawls: after 100 steps it is only at x = -0.5.*Take a "
                          "larger learning rate"),
    ((0.45, -1.0, 0.2), "x runs away: at step 3.*Take a smaller learning rate"),
    ((0.45, 0.5, 0.15), "never settles.*The global minimum's valley is narrow and steep"),
    ((0.45, 1.0, 0.3), "never settles.*It bounces in the local minimum's valley"),
    ((0.1, 0.0, 0.5), "(?s)alpha_diverges = 0.1 does not diverge.*\nstart = 0 is already "
                      "within.*\nalpha_global = 0.5 is larger"),
]


@pytest.mark.parametrize("answers, match", MISTAKES_4)
def test_exercise_4_names_the_mistake(capsys, answers, match):
    assert_fails(capsys, ch04.exercise_4, answers, match)


def mse_sum(p, t):
    return float(np.sum((np.asarray(p, dtype=float) - np.asarray(t, dtype=float)) ** 2))


def mse_on(formula):
    def mse(predictions, targets):
        return formula(np.asarray(predictions, dtype=float), np.asarray(targets, dtype=float))
    return mse


def mse_lists_only_arrays(predictions, targets):  # list − list is a TypeError
    return np.mean((predictions - targets) ** 2)


def mse_in_place(predictions, targets):
    if isinstance(predictions, np.ndarray):
        predictions -= targets
        return float(np.mean(predictions**2))
    return mse(predictions, targets)


MISTAKES_5 = [
    (mse_sum, "returns the sum of the squared errors: divide by the number of values"),
    (mse_on(lambda p, t: np.sum((p - t) ** 2) / max(len(p) - 1, 1)), "divides by N − 1"),
    (mse_on(lambda p, t: np.mean(np.abs(p - t))), r"returns the mean of \|y − y0\|"),
    (mse_on(lambda p, t: np.mean(p - t)), "returns the mean of y − y0 without the square"),
    (mse_on(lambda p, t: np.mean(p**2 - t**2)), "squares the values, not their difference"),
    (mse_on(lambda p, t: np.mean(p) ** 2 - np.mean(t) ** 2), "not right|mean of the squared"),
    (mse_on(lambda p, t: np.mean(p - t) ** 2), "squares the mean difference"),
    (mse_on(lambda p, t: np.sum(p - t) ** 2 / len(p)), "squares the summed difference"),
    (mse_on(lambda p, t: np.sqrt(np.mean((p - t) ** 2))), "square root of the mean"),
    (mse_on(lambda p, t: (p[0] - t[0]) ** 2), "uses only the first value"),
    (mse_on(lambda p, t: (p - t) ** 2), r"returned an array of shape \(3,\): the loss is a "
                                        "single number"),
    (mse_lists_only_arrays, "(?s)raised TypeError.*Here the arguments are Python lists"),
    (mse_in_place, "changed its arguments in place"),
    (mse_on(lambda p, t: np.mean((p - t) ** 2) + 0.01), r"mse\(\[0\.7311, 0\.8176, 0\.5\], "
                                                         r"\[1, 1, 0\]\) returned"),
]


@pytest.mark.parametrize("function, match", MISTAKES_5)
def test_exercise_5_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch04.exercise_5, (function,), match)


def hints_by(rule):
    """Hints from the losses now, one step up and one step down (None off the edge)."""
    def student_hints(positions, seed):
        puzzle = slider_game.puzzle(seed)
        now = slider_game.loss(positions, puzzle)
        arrows = []
        for i, s in enumerate(positions):
            after = []
            for step in (1, -1):
                moved = list(positions)
                moved[i] = s + step
                inside = 0 <= moved[i] <= 10
                after.append(slider_game.loss(moved, puzzle) if inside else None)
            arrows.append(rule(now, *after))
        return arrows
    return student_hints


def reversed_rule(now, up, down):
    return "down" if up is not None and up < now else "up" if down is not None and down < now \
        else None


def up_only(now, up, down):
    return "up" if up is not None and up < now else None


def down_only(now, up, down):
    return "down" if down is not None and down < now else None


def up_else_down(now, up, down):
    return "up" if up is not None and up < now else "down"


def at_most(now, up, down):
    return "up" if up is not None and up <= now else "down" if down is not None and \
        down <= now else None


def smaller_of_the_two(now, up, down):
    up = math.inf if up is None else up
    down = math.inf if down is None else down
    return "up" if up < down else "down"


def ignores_edges(positions, seed):
    puzzle = slider_game.puzzle(seed)
    now = slider_game.loss(positions, puzzle)
    arrows = []
    for i in range(len(positions)):
        arrow = None
        for direction, step in (("up", 1), ("down", -1)):
            moved = list(positions)
            moved[i] += step
            if slider_game.loss(moved, puzzle) < now:
                arrow = direction
        arrows.append(arrow)
    return arrows


def moves_the_callers_list(positions, seed):
    answer = hints(list(positions), seed)
    positions[0] = 10 - positions[0]
    return answer


def uses_the_games_hint(positions, seed):
    return slider_game.hints(positions, slider_game.puzzle(seed))


def arrows_as_symbols(positions, seed):
    return [{"up": "↑", "down": "↓", None: None}[h] for h in hints(positions, seed)]


MISTAKES_6 = [
    (hints_by(reversed_rule), "your arrows point the wrong way"),
    (hints_by(up_only), "your hints never say \"down\": you check only the step up"),
    (hints_by(down_only), "your hints never say \"up\": you check only the step down"),
    (hints_by(up_else_down), "your hints say 'down' where the game shows no arrow"),
    (hints_by(at_most), "compare with <, not <="),
    (hints_by(smaller_of_the_two), "It is the smaller of the two steps' losses"),
    (ignores_edges, r"(?s)raised ValueError: each position must be.*an edge: it cannot move"),
    (moves_the_callers_list, "changed the list of positions it was given"),
    (uses_the_games_hint, "do not call slider_game.hint"),
    (arrows_as_symbols, "returned the arrow '↑': use the strings \"up\" and \"down\""),
    (lambda p, s: [None] * 10, r"in puzzle 0 at \[5, 5, 5, 5, 5, 5, 5, 5, 5, 5\], your hint for "
                               r"slider 1 \(positions\[0\]\) is None, but the loss is"),
]


@pytest.mark.parametrize("function, match", MISTAKES_6)
def test_exercise_6_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch04.exercise_6, (function,), match)


# ---------------------------------------------------------------------- bad input
NAN, INF = float("nan"), float("inf")
BAD_INPUT = [
    # exercise 4.1
    (ch04.exercise_1, ("0.1185",), "give the number itself, without quotes"),
    (ch04.exercise_1, ([LOSS],), "loss should be a single number"),
    (ch04.exercise_1, (np.array([LOSS, LOSS]),), r"single number.*shape \(2,\)"),
    (ch04.exercise_1, (NAN,), "loss is nan"),
    (ch04.exercise_1, (INF,), "loss is inf"),
    (ch04.exercise_1, (True,), "loss should be a single number"),
    (ch04.exercise_1, (mse,), "loss should be a single number"),
    (ch04.exercise_1, (10**400,), "too large"),
    # exercise 4.2
    (ch04.exercise_2, ("3", -1, "right", 1.1), "value is the string '3'"),
    (ch04.exercise_2, (3, [-1], "right", 1.1), "slope should be a single number"),
    (ch04.exercise_2, (3, -1, 1, 1.1), "direction should be one of the strings"),
    (ch04.exercise_2, (3, -1, "r", 1.1), "direction is 'r': answer with one of the two"),
    (ch04.exercise_2, (3, -1, "rechts", 1.1), "direction is 'rechts'"),
    (ch04.exercise_2, (3, -1, "right", NAN), "new_x is nan"),
    (ch04.exercise_2, (3, -1, "right", "1.1"), "new_x is the string '1.1'"),
    # exercise 4.3
    (ch04.exercise_3, (None,), "gradient_descent_step is None: define it"),
    (ch04.exercise_3, (1.1,), "gradient_descent_step should be a function"),
    (ch04.exercise_3, (raises_value_error,), r"gradient_descent_step\(1\.0, -1\.0, 0\.1\) raised "
                                             "ValueError: boom"),
    (ch04.exercise_3, (lambda x, s: x,), "raised TypeError"),
    (ch04.exercise_3, (lambda x, s, a: None,), "returned None"),
    (ch04.exercise_3, (lambda x, s, a: NAN,), "is nan"),
    (ch04.exercise_3, (lambda x, s, a: "1.1",), "without quotes"),
    (ch04.exercise_3, (lambda x, s, a: [x - a * s],), "should be a single number"),
    (ch04.exercise_3, (lambda x, s, a: None if np.ndim(x) else x - a * s,),
     r"returned None: end the function with `return` and the new x"),
    (ch04.exercise_3, (lambda x, s, a: (x - a * s)[:2] if np.ndim(x) else x - a * s,),
     "should hold 4 numbers, but it holds 2"),
    (ch04.exercise_3, (lambda x, s, a: np.full(np.shape(x), NAN) if np.ndim(x) else x - a * s,),
     "contains nan"),
    # exercise 4.4
    (ch04.exercise_4, ("0.45", 2.0, 0.1), "alpha_diverges is the string '0.45'"),
    (ch04.exercise_4, (0.45, [2.0], 0.1), "start should be a single number"),
    (ch04.exercise_4, (0.45, 2.0, NAN), "alpha_global is nan"),
    (ch04.exercise_4, (INF, 2.0, 0.1), "alpha_diverges is inf"),
    (ch04.exercise_4, (0.45, 2.0, None), "alpha_global is None"),
    (ch04.exercise_4, (1e300, 2.0, 0.1), r"α = 1e\+300 diverges|✓|not"),
    # exercise 4.5
    (ch04.exercise_5, (None,), "mse is None: define it"),
    (ch04.exercise_5, (0.1185,), "mse should be a function"),
    (ch04.exercise_5, (raises_value_error,), r"raised ValueError: boom"),
    (ch04.exercise_5, (lambda p: 0.0,), "raised TypeError"),
    (ch04.exercise_5, (lambda p, t: None,), "returned None"),
    (ch04.exercise_5, (lambda p, t: "0",), "without quotes"),
    (ch04.exercise_5, (lambda p, t: NAN,), "is nan"),
    (ch04.exercise_5, (lambda p, t: [0.0],), "should be a single number"),
    # exercise 4.6
    (ch04.exercise_6, (None,), "hints is None: define it"),
    (ch04.exercise_6, (["up"] * 10,), "hints should be a function"),
    (ch04.exercise_6, (raises_value_error,), r"hints\(\[5, 5, 5, 5, 5, 5, 5, 5, 5, 5\], 0\) "
                                             "raised ValueError: boom"),
    (ch04.exercise_6, (lambda p: p,), "raised TypeError"),
    (ch04.exercise_6, (lambda p, s: None,), "returned None"),
    (ch04.exercise_6, (lambda p, s: "up",), "returned 'up': return a list of ten hints"),
    (ch04.exercise_6, (lambda p, s: 1,), "returned 1: return a list of ten hints"),
    (ch04.exercise_6, (lambda p, s: [None] * 9,), "returned 9 hints"),
    (ch04.exercise_6, (lambda p, s: ["UP"] * 10,), "returned the hint 'UP'"),
    (ch04.exercise_6, (lambda p, s: [1] * 10,), "returned the hint 1"),
]


@pytest.mark.parametrize("check, args, match", BAD_INPUT)
def test_bad_input_gives_a_clear_message(capsys, check, args, match):
    if check is ch04.exercise_4 and args[0] == 1e300:  # diverges at once: passes
        assert_passes(capsys, check, *args)
        return
    assert_fails(capsys, check, args, match)


# -------------------------------------------------------------- the checker itself
def test_expected_values_agree_with_the_package():
    from backprop_book.neuron import node_loss
    assert ch04.expected_loss_41() == pytest.approx(LOSS, rel=1e-12)
    assert node_loss([1.0, 0.5, -2.0], 1.0) == pytest.approx(LOSS, rel=1e-12)
    assert quartic_prime(1.0) == SLOPE


def test_outcome_agrees_with_the_explorer():
    """The check judges a run exactly as the explorer that the exercise points to."""
    names = {"diverged": "diverged", "global": "global minimum", "local": "local minimum",
             "oscillating": "oscillating", "crawling": "still moving"}
    seen = set()
    for x0 in np.arange(-1.5, 2.51, 0.25):
        for rate in np.arange(0.005, 0.5, 0.0225):
            explorer = LearningRateExplorer(x0=float(x0), learning_rate=float(rate),
                                            steps=ch04.STEPS_4)
            mine = ch04.outcome(ch04.descent_path(float(x0), float(rate)))
            assert names[mine] == explorer.outcome(), (x0, rate)
            seen.add(mine)
    assert seen == set(names)


def test_exercise_4_has_answers_and_is_not_trivial():
    """Some α ≤ 0.3 reaches the global minimum from a start right of the hill, and none
    does from x = 1, the start of the chapter."""
    rates = np.arange(0.005, ch04.ALPHA_MAX_4 + 1e-9, 0.005)
    assert not any(ch04.outcome(ch04.descent_path(1.0, a)) == "global" for a in rates)
    assert any(ch04.outcome(ch04.descent_path(2.0, a)) == "global" for a in rates)


def test_exercise_6_states_cover_edges_and_the_ends_of_descent():
    states = ch04._hint_states()
    assert len(states) == len({(seed, tuple(p)) for seed, p in states})  # no duplicates
    assert any(0 in p for _, p in states) and any(10 in p for _, p in states)
    ends = []
    for seed, positions in states:
        puzzle = slider_game.puzzle(seed)
        ends.append(slider_game.loss(positions, puzzle))
        assert all(0 <= s <= 10 for s in positions)
    assert 0 in ends  # a solved puzzle: every hint None
    stuck = [(seed, p) for seed, p in states if slider_game.loss(p, slider_game.puzzle(seed))
             and not any(slider_game.hints(p, slider_game.puzzle(seed)))]
    assert stuck, "a state where descent is stuck: no arrow, loss above 0"
    arrows = {h for seed, p in states for h in slider_game.hints(p, slider_game.puzzle(seed))}
    assert arrows == {"up", "down", None}


def test_exercise_6_restores_the_games_hint(capsys):
    original = slider_game.hint, slider_game.hints
    assert_fails(capsys, ch04.exercise_6, (uses_the_games_hint,), "do not call")
    assert (slider_game.hint, slider_game.hints) == original


def test_checks_do_not_mutate_array_answers(capsys):
    loss = np.array(LOSS)
    ch04.exercise_1(loss)
    assert loss == LOSS
    assert capsys.readouterr().err == ""


def test_failed_check_renders_without_a_traceback():
    with pytest.raises(CheckError) as info:
        ch04.exercise_2(3, -1, "right", 0.9)
    lines = info.value._render_traceback_()
    assert "Exercise 4.2: not yet" in lines[0]
    assert any("moves with the slope" in line for line in lines[1:])
    assert info.value.__cause__ is None and info.value.__suppress_context__
