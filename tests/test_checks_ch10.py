"""Tests of the chapter 10 exercise checks (``backprop_book/checks/ch10.py``).

For every check: the reference answers pass, the student's placeholder fails with a clear
message, each typical mistake gets its own hint, and bad input (None, text, wrong length or
shape, NaN, a non-function, a function that raises or returns the wrong type) gives a
CheckError, never another exception. Checks return None, write nothing to stderr and leave
their arguments unchanged.
"""

import math

import numpy as np
import pytest

from backprop_book.checks import ch10
from backprop_book.optimizers import Adagrad, Momentum
from tests.check_helpers import assert_fails, assert_passes, not_implemented, raises_value_error


# Reference answers, as the workbook's solutions give them.
def momentum_step(p, v, g, lr, beta):
    v = beta * v + g
    p = p - lr * v
    return p, v


def bias_correction(m, v, t, beta1, beta2):
    return m / (1 - beta1 ** t), v / (1 - beta2 ** t)


LIMIT = ch10.sgd_limit()      # 2 / λ_max of the bowl: SGD diverges above it
LEARNING_RATE = 1.0
STEP_SIZES = [0.5 / math.sqrt(t) for t in (1, 4, 100, 10_000)]
SETTINGS = {"optimizer": "Adam", "learning_rate": 0.3, "scale": 1.0}

REFERENCE = {
    "10.1": (ch10.exercise_1, (momentum_step,)),
    "10.2": (ch10.exercise_2, (bias_correction,)),
    "10.3": (ch10.exercise_3, (LEARNING_RATE,)),
    "10.4": (ch10.exercise_4, (STEP_SIZES,)),
    "10.5": (ch10.exercise_5, (SETTINGS,)),
}


# ----------------------------------------------------------------- reference answers
@pytest.mark.parametrize("number", sorted(REFERENCE))
def test_reference_answer_passes(capsys, number):
    check, args = REFERENCE[number]
    assert check.exercise == number
    assert_passes(capsys, check, *args)


def momentum_lr_inside(p, v, g, lr, beta):
    v = beta * v + lr * g
    return p - v, v


def momentum_downhill_velocity(p, v, g, lr, beta):
    v = beta * v - g
    return p + lr * v, v


def momentum_in_place(p, v, g, lr, beta):
    v *= beta
    v += g
    p -= lr * v
    return [p, v]


def momentum_lists(p, v, g, lr, beta):
    new_v = [beta * a + b for a, b in zip(np.ravel(v), np.ravel(g), strict=True)]
    new_p = [a - lr * b for a, b in zip(np.ravel(p), new_v, strict=True)]
    return np.reshape(new_p, np.shape(p)).tolist(), np.reshape(new_v, np.shape(p))


@pytest.mark.parametrize("function, convention", [
    (momentum_step, "the package's"),
    (momentum_lr_inside, "α inside the velocity, v ← βv \\+ αg"),
    (momentum_downhill_velocity, "v ← βv − g, p ← p \\+ αv"),
    (momentum_in_place, "the package's"),
    (momentum_lists, "the package's"),
])
def test_exercise_1_accepts_other_conventions_and_says_so(capsys, function, convention):
    assert_passes(capsys, ch10.exercise_1, function)


def test_exercise_1_praise_names_the_convention(capsys):
    ch10.exercise_1(momentum_lr_inside)
    assert "differ once α changes" in capsys.readouterr().out
    ch10.exercise_1(momentum_downhill_velocity)
    assert "your v points downhill" in capsys.readouterr().out


def bias_correction_numpy(m, v, t, beta1, beta2):
    return np.divide(m, 1 - np.power(beta1, t)), np.divide(v, 1 - np.power(beta2, t))


def bias_correction_in_place(m, v, t, beta1, beta2):
    m /= 1 - beta1 ** t
    v /= 1 - beta2 ** t
    return m, v


@pytest.mark.parametrize("function", [bias_correction_numpy, bias_correction_in_place])
def test_exercise_2_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch10.exercise_2, function)


@pytest.mark.parametrize("rate", [1.05 * LIMIT, 2 * LIMIT, 8 * LIMIT, np.float64(4 * LIMIT)])
def test_exercise_3_accepts_other_rates(capsys, rate):
    assert_passes(capsys, ch10.exercise_3, rate)


@pytest.mark.parametrize("answer", [np.array(STEP_SIZES), tuple(STEP_SIZES),
                                    [0.5, 0.25, 0.05, 0.005]])
def test_exercise_4_accepts_other_forms(capsys, answer):
    assert_passes(capsys, ch10.exercise_4, answer)


def test_exercise_5_accepts_momentum(capsys):
    assert_passes(capsys, ch10.exercise_5, {"optimizer": "Momentum", "learning_rate": 1,
                                            "scale": 1})


# ------------------------------------------------------------ the student's placeholders
PLACEHOLDERS = [
    (ch10.exercise_1, (not_implemented,), "momentum_step still raises NotImplementedError"),
    (ch10.exercise_2, (not_implemented,), "bias_correction still raises NotImplementedError"),
    (ch10.exercise_3, (None,), "learning_rate is None"),
    (ch10.exercise_4, (None,), "step_sizes is None"),
    (ch10.exercise_5, (dict.fromkeys(SETTINGS),), r"settings\['optimizer'\] is None"),
]


@pytest.mark.parametrize("check, args, match", PLACEHOLDERS)
def test_placeholder_fails_clearly(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


# ------------------------------------------------------------------ typical mistakes
def momentum_not_kept(p, v, g, lr, beta):
    v = beta * np.zeros_like(v) + g          # forgets the old velocity
    return p - lr * v, v


def momentum_returns_old_v(p, v, g, lr, beta):
    new_v = beta * v + g
    return p - lr * new_v, v


def momentum_uphill(p, v, g, lr, beta):
    v = beta * v - g
    return p - lr * v, v


def momentum_swapped(p, v, g, lr, beta):
    v = lr * v + g
    return p - beta * v, v


def momentum_average(p, v, g, lr, beta):
    v = beta * v + (1 - beta) * g
    return p - lr * v, v


def momentum_late(p, v, g, lr, beta):
    p = p - lr * v
    return p, beta * v + g


def momentum_first_step_wrong(p, v, g, lr, beta):
    v = beta * v + g
    return p - 2 * lr * v, v


def momentum_later_steps_wrong(p, v, g, lr, beta):
    v = beta * beta * v + g
    return p - lr * v, v


MISTAKES_1 = [
    (momentum_not_kept, "after step 2 .* the velocity is not carried"),
    (momentum_returns_old_v, "the velocity is not carried"),
    (momentum_uphill, "walks uphill"),
    (momentum_swapped, "uses β as the learning rate and α as the momentum"),
    (momentum_average, "averages the gradients, v ← βv \\+ \\(1 − β\\)g"),
    (momentum_late, "steps with the old velocity"),
    (momentum_first_step_wrong, "after step 1 .* On the first step v is 0"),
    (momentum_later_steps_wrong, "after step 2 .* the steps before agree"),
]


@pytest.mark.parametrize("function, match", MISTAKES_1)
def test_exercise_1_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch10.exercise_1, (function,), match)


def correction_from_zero(m, v, t, beta1, beta2):
    return m / (1 - beta1 ** (t - 1)), v / (1 - beta2 ** (t - 1))


def correction_from_zero_in_python(m, v, t, beta1, beta2):
    return m / (1 - beta1 ** (t - 1)), v / float(1 - beta2 ** (t - 1))


def correction_t_plus_one(m, v, t, beta1, beta2):
    return m / (1 - beta1 ** (t + 1)), v / (1 - beta2 ** (t + 1))


def correction_with_beta(m, v, t, beta1, beta2):
    return m / (1 - beta1), v / (1 - beta2)


def correction_forgets_v(m, v, t, beta1, beta2):
    return m / (1 - beta1 ** t), v


def correction_forgets_m(m, v, t, beta1, beta2):
    return m, v / (1 - beta2 ** t)


def correction_swapped(m, v, t, beta1, beta2):
    return m / (1 - beta2 ** t), v / (1 - beta1 ** t)


def correction_multiplies(m, v, t, beta1, beta2):
    return m * (1 - beta1 ** t), v * (1 - beta2 ** t)


def correction_other(m, v, t, beta1, beta2):
    return m / (1 - beta1 ** t) + 0.01, v / (1 - beta2 ** t)


MISTAKES_2 = [
    (correction_from_zero, r"t=1.*your m̂ = \[nan.*the step count starts at 0"),
    (correction_from_zero_in_python, r"(?s)t=1.*your m̂ .*starts at 0.*\n.*your v̂"),
    (correction_t_plus_one, "uses 1 − β\\^\\(t\\+1\\)"),
    (correction_with_beta, r"t=2.*divides by 1 − β instead of 1 − βᵗ"),
    (correction_forgets_v, r"your v̂ = .* is not corrected at all: divide v by 1 − β2ᵗ"),
    (correction_forgets_m, r"your m̂ = .* is not corrected at all: divide m by 1 − β1ᵗ"),
    (correction_swapped, "swaps β1 and β2"),
    (correction_multiplies, "multiplies by 1 − βᵗ"),
    (correction_other, r"your m̂ = .* is not m / \(1 − β1ᵗ\)\."),
]


@pytest.mark.parametrize("function, match", MISTAKES_2)
def test_exercise_2_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch10.exercise_2, (function,), match)


def test_exercise_2_a_division_by_zero_error_names_the_step_count(capsys):
    def python_floats(m, v, t, beta1, beta2):
        return [a / (1 - beta1 ** (t - 1)) for a in m.tolist()], v
    assert_fails(capsys, ch10.exercise_2, (python_floats,),
                 "raised ZeroDivisionError.*the step count starts at 0")


MISTAKES_3 = [
    (0.5 * LIMIT, r"SGD with α = [\d.]+ takes the loss from [\d.]+ to .* it does not diverge.*"
                  r"2/λ_max ≈ [\d.]+\. Take a larger"),
    (0.95 * LIMIT, "SGD with α = [\\d.]+ .* does not diverge"),
    (1000, r"Adam with α = 1000 takes the loss .* Adam does not get down either"),
    (1e300, r"(?s)Adam with α = 1e\+300 overflows"),
]


@pytest.mark.parametrize("rate, match", MISTAKES_3)
def test_exercise_3_names_the_mistake(capsys, rate, match):
    assert_fails(capsys, ch10.exercise_3, (rate,), match)


MISTAKES_4 = [
    ([0.5 / t for t in (1, 4, 100, 10_000)], "shrinks like α/t: you forgot the square root"),
    ([0.25 / t for t in (1, 4, 100, 10_000)], "divides by G = t·g² itself"),
    ([1 / math.sqrt(t) for t in (1, 4, 100, 10_000)], "the g in the numerator cancels"),
    ([1.0] * 4, "that is SGD's step α·g"),
    ([0.5] * 4, "does not shrink: Adagrad's G grows"),
    ([0.5 / math.sqrt(t + 1) for t in (1, 4, 100, 10_000)], "is one step behind"),
    ([0.5, 0.5 / math.sqrt(3), 0.5 / math.sqrt(99), 0.5 / math.sqrt(9999)], "is off by one"),
    ([0.5, 0.25, 0.05, 0.006], r"the steps at t = 10000 are not right"),
    ([0.5, -0.25, 0.05, 0.005], "give the LENGTH of each step"),
]


@pytest.mark.parametrize("answer, match", MISTAKES_4)
def test_exercise_4_names_the_mistake(capsys, answer, match):
    assert_fails(capsys, ch10.exercise_4, (answer,), match)


MISTAKES_5 = [
    ({"optimizer": "SGD", "learning_rate": 3.0, "scale": 1.0},
     r"SGD with α = 3 .* for 0 of 5 seeds .* Plain SGD gets near the target"),
    ({"optimizer": "Adam", "learning_rate": 0.0001, "scale": 1.0},
     r"With α = 0\.01 the median final loss would be .* for Adam, α = 0\.0001 is too small"),
    ({"optimizer": "Adam", "learning_rate": 3.0, "scale": 1.0},
     r"With α = 0\.3 the median .* Adam's steps are about α long .* take a smaller"),
    ({"optimizer": "Adam", "learning_rate": 0.3, "scale": 0.01}, "A scale of 0.01 starts on a "
                                                                 "plateau"),
    ({"optimizer": "Adagrad", "learning_rate": 0.1, "scale": 1.0},
     "for Adagrad, α = 0.1 is too small"),
    ({"optimizer": "Adagrad", "learning_rate": 1.0, "scale": 1.0},
     "Try other learning rates for Adagrad"),
    ({"optimizer": "RMSprop", "learning_rate": 1.7e308, "scale": 1.0}, "Some runs blew up"),
    ({"optimizer": "SGD", "learning_rate": 1e200, "scale": 1.0}, "Some runs blew up"),
]


@pytest.mark.parametrize("settings, match", MISTAKES_5)
def test_exercise_5_names_the_mistake(capsys, settings, match):
    assert_fails(capsys, ch10.exercise_5, (settings,), match)


# ---------------------------------------------------------------------- bad input
NAN = float("nan")
BAD_INPUT = [
    # exercise 10.1
    (ch10.exercise_1, (None,), "momentum_step is None: define it"),
    (ch10.exercise_1, ("momentum",), "momentum_step should be a function"),
    (ch10.exercise_1, (raises_value_error,), r"momentum_step\(p, v, g, lr=0\.1, beta=0\.9\) "
                                             r"at step 1 .* raised ValueError: boom"),
    (ch10.exercise_1, (lambda p, v, g: p,), "raised TypeError"),
    (ch10.exercise_1, (lambda p, v, g, lr, beta: None,), "returned None: end the function "
                                                        "with `return p, v`"),
    (ch10.exercise_1, (lambda p, v, g, lr, beta: p - lr * g,), "return the two arrays p and v "
                                                              "as a pair"),
    (ch10.exercise_1, (lambda p, v, g, lr, beta: (p, v, g),), "a tuple of 3 item"),
    (ch10.exercise_1, (lambda p, v, g, lr, beta: ("p", v),), "the p that .* is the string"),
    (ch10.exercise_1, (lambda p, v, g, lr, beta: (p * NAN, v),), r"your p after step 1 is "
                                                                 r"\[nan"),
    (ch10.exercise_1, (lambda p, v, g, lr, beta: (np.zeros(7), v),), r"has shape \(7,\), but "
                                                                     "the parameter has"),
    (ch10.exercise_1, (lambda p, v, g, lr, beta: ([1, "a", 2], v),), "is not an array of "
                                                                     "numbers"),
    # exercise 10.2
    (ch10.exercise_2, (None,), "bias_correction is None: define it"),
    (ch10.exercise_2, (3,), "bias_correction should be a function"),
    (ch10.exercise_2, (raises_value_error,), "raised ValueError: boom"),
    (ch10.exercise_2, (lambda m, v, t, beta1, beta2: None,), "end the function with `return "
                                                            "m_hat, v_hat`"),
    (ch10.exercise_2, (lambda m, v, t, beta1, beta2: m,), "return the two arrays m̂ and v̂"),
    (ch10.exercise_2, (lambda m, v, t, beta1, beta2: (m * NAN, v),), r"your m̂ = \[nan"),
    (ch10.exercise_2, (lambda m, v, t, beta1, beta2: (m[:1], v),), r"has shape \(1,\)"),
    # exercise 10.3
    (ch10.exercise_3, ("1.5",), "learning_rate is the string '1.5'"),
    (ch10.exercise_3, (NAN,), "learning_rate is nan"),
    (ch10.exercise_3, ([1.5],), "learning_rate should be a single number"),
    (ch10.exercise_3, (-1.5,), "a learning rate is positive"),
    (ch10.exercise_3, (0,), "a learning rate is positive"),
    # exercise 10.4
    (ch10.exercise_4, ("0.5, 0.25",), "step_sizes should be a list of 4 numbers"),
    (ch10.exercise_4, ([0.5, 0.25],), "should hold 4 numbers, but it holds 2"),
    (ch10.exercise_4, ([0.5, 0.25, NAN, 0.005],), "contains nan"),
    (ch10.exercise_4, ([0.5, None, 0.05, 0.005],), "still holds None"),
    (ch10.exercise_4, (0.5,), "should be a list of 4 numbers"),
    # exercise 10.5
    (ch10.exercise_5, (None,), "settings is None"),
    (ch10.exercise_5, (["Adam", 0.3, 1.0],), "settings should be a dictionary"),
    (ch10.exercise_5, ({"optimizer": "Adam"},), "settings has no entry for 'learning_rate', "
                                                "'scale'"),
    (ch10.exercise_5, ({**SETTINGS, "optimizer": "adam"},), "mind the capitals: 'Adam'"),
    (ch10.exercise_5, ({**SETTINGS, "optimizer": "Nesterov"},), "'Nesterov': choose one of"),
    (ch10.exercise_5, ({**SETTINGS, "optimizer": 3},), "should be a name"),
    (ch10.exercise_5, ({**SETTINGS, "optimizer": ch10.Adam},), "the optimiser itself: give "
                                                               "its name as a string, 'Adam'"),
    (ch10.exercise_5, ({**SETTINGS, "learning_rate": "0.3"},), "is the string '0.3'"),
    (ch10.exercise_5, ({**SETTINGS, "learning_rate": NAN},), "is nan"),
    (ch10.exercise_5, ({**SETTINGS, "scale": -1},), "must be positive"),
]


@pytest.mark.parametrize("check, args, match", BAD_INPUT)
def test_bad_input_gives_a_clear_message(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


def test_an_optimiser_object_is_named(capsys):
    settings = {**SETTINGS, "optimizer": ch10.Adam(0.3)}
    assert_fails(capsys, ch10.exercise_5, (settings,), "give its name as a string, 'Adam'")


# -------------------------------------------------------------- the checker itself
def test_the_momentum_variants_follow_the_package():
    p0, gs = ch10._start((3,), 1), ch10._gradients((3,), 5, 1)
    want = ch10.package_path(Momentum(0.1, beta=0.9), p0, gs)
    for got, w in zip(ch10.momentum_variant(p0, gs, 0.1, 0.9)[0], want, strict=True):
        np.testing.assert_allclose(got, w, rtol=1e-13)
    for kind in ch10.MISTAKES_1:
        assert not np.allclose(ch10.momentum_variant(p0, gs, 0.1, 0.9, kind)[0][-1], want[-1])
    assert gs[0][0] == 0.0      # a zero gradient entry is part of every case


def test_the_exercise_3_runs_and_limit_come_from_the_surface():
    bowl = ch10.SURFACES["bowl"]      # a quadratic: its gradient is linear
    curvatures = [bowl.gradient(1.0, 0.0)[0] - bowl.gradient(0.0, 0.0)[0],
                  bowl.gradient(0.0, 1.0)[1] - bowl.gradient(0.0, 0.0)[1]]
    assert 2 / max(curvatures) == pytest.approx(LIMIT, rel=1e-6)
    assert ch10.diverges("SGD", 1.01 * LIMIT) and not ch10.diverges("SGD", 0.99 * LIMIT)
    assert not ch10.diverges("Adam", LEARNING_RATE)


def test_the_adagrad_steps_are_alpha_over_root_t():
    np.testing.assert_allclose(ch10.adagrad_steps(), STEP_SIZES, rtol=1e-9)
    optimizer, p = Adagrad(0.5), np.zeros(1)
    optimizer.step([p], [np.array([2.0])])
    assert p[0] == pytest.approx(-0.5)


def test_plain_sgd_cannot_reach_the_xor_target():
    for rate in (1.0, 5.0):
        finals = ch10.xor_losses("SGD", rate, 1.0)
        assert np.sum(finals < ch10.TARGET_5) < ch10.NEEDED_5
