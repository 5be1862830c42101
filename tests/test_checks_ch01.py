"""Tests of the chapter 01 exercise checks (``backprop_book/checks/ch01.py``).

For every check: the reference answers pass, the student's placeholder fails with a clear
message, each typical mistake gets its own hint, and bad input (None, text, wrong length or
shape, NaN, inf, a non-function, a function that raises) gives a CheckError, never another
exception. Checks return None, write nothing to stderr and leave their arguments unchanged.
"""

import math
import re
import warnings

import numpy as np
import pytest

from backprop_book.checks import CheckError, ch01
from backprop_book.data import EXAMPLE_B, EXAMPLE_W, TRAINING_X
from backprop_book.neuron import weighted_sum
from tests.check_helpers import (
    assert_fails,
    assert_passes,
    not_implemented,
    raises_value_error,
    sigmoid,
)

W1, W2, W3 = EXAMPLE_W
B = EXAMPLE_B
INPUTS = [tuple(float(v) for v in x) for x in TRAINING_X]


def z_of(x, b=B):
    return W1 * x[0] + W2 * x[1] + W3 * x[2] + b


def squared(predicted, actual):
    return (predicted - actual) ** 2


def node(x, w, b):
    return 1 / (1 + np.exp(-(np.dot(w, x) + b)))


# Reference answers, as the workbook's solutions give them.
SIZES = {"a": (10, 1), "b": (64 * 64 * 3, 1), "c": (64 * 64 * 3, 4)}
Z_VALUES = [z_of(x) for x in INPUTS]
THRESHOLD_OUTPUTS = [1 if z >= 0 else 0 for z in Z_VALUES]
SIGMOID_OUTPUTS = [sigmoid(z) for z in Z_VALUES]

REFERENCE = {
    "1.1": (ch01.exercise_1, (SIZES,)),
    "1.2": (ch01.exercise_2, (squared, squared, squared)),
    "1.3": (ch01.exercise_3, (Z_VALUES, THRESHOLD_OUTPUTS)),
    "1.4": (ch01.exercise_4, (SIGMOID_OUTPUTS,)),
    "1.5": (ch01.exercise_5, (node,)),
    "1.6": (ch01.exercise_6, (0.5,)),
    "1.7": (ch01.exercise_7, ([-3.0, 0.0, -3.0], 3.0)),
}


# ----------------------------------------------------------------- reference answers
@pytest.mark.parametrize("number", sorted(REFERENCE))
def test_reference_answer_passes(capsys, number):
    check, args = REFERENCE[number]
    assert check.exercise == number
    assert_passes(capsys, check, *args)


@pytest.mark.parametrize("sizes", [
    {"a": [10, 1], "b": [12288, 1], "c": [12288, 4]},
    {"c": np.array([12288, 4]), "b": (12288.0, 1.0), "a": (np.int64(10), np.int32(1))},
])
def test_exercise_1_accepts_other_spellings(capsys, sizes):
    assert_passes(capsys, ch01.exercise_1, sizes)


def absolute(predicted, actual):
    return abs(predicted - actual)


def relative(predicted, actual):
    return abs(predicted - actual) / actual


def log_ratio(predicted, actual):
    return math.log(predicted / actual) ** 2


def asymmetric(predicted, actual):  # a miss too low costs twice as much
    error = predicted - actual
    return error**2 if error > 0 else 2 * error**2


def numpy_squared(predicted, actual):
    return np.square(np.float64(predicted) - actual)


def rounded_count(predicted, actual):
    return (round(predicted) - actual) ** 2


@pytest.mark.parametrize("losses", [
    (absolute, absolute, absolute),
    (asymmetric, rounded_count, relative),
    (numpy_squared, numpy_squared, log_ratio),
])
def test_exercise_2_accepts_other_losses(capsys, losses):
    assert_passes(capsys, ch01.exercise_2, *losses)


def test_exercise_2_silences_the_students_warnings(capsys):
    def noisy(predicted, actual):
        warnings.warn("from the student's code", stacklevel=1)
        np.float64(1e308) * 10  # an overflow warning from numpy
        return (predicted - actual) ** 2

    assert_passes(capsys, ch01.exercise_2, noisy, noisy, noisy)


def test_exercise_3_and_4_accept_arrays_and_tuples(capsys):
    assert_passes(capsys, ch01.exercise_3, np.array(Z_VALUES), tuple(THRESHOLD_OUTPUTS))
    assert_passes(capsys, ch01.exercise_3, Z_VALUES, [True, True, True])
    assert_passes(capsys, ch01.exercise_4, 1 / (1 + np.exp(-np.array(Z_VALUES))))
    assert_passes(capsys, ch01.exercise_4, [round(y, 6) for y in SIGMOID_OUTPUTS])


def test_exercise_3_praise_points_at_the_wrong_sample(capsys):
    ch01.exercise_3(Z_VALUES, THRESHOLD_OUTPUTS)
    assert "target of (1, 0, 1) is 0" in capsys.readouterr().out


def plain_python_node(x, w, b):
    z = sum(wi * xi for wi, xi in zip(w, x, strict=True)) + b
    return 1 / (1 + math.exp(-z))


def matmul_node(x, w, b):
    return 1 / (1 + np.exp(-(w @ x + b)))


@pytest.mark.parametrize("function", [plain_python_node, matmul_node])
def test_exercise_5_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch01.exercise_5, function)


@pytest.mark.parametrize("b", [0, 0.0, 0.3, 0.9, 0.999999, np.float64(0.5), np.array(0.2)])
def test_exercise_6_accepts_every_bias_in_the_interval(capsys, b):
    assert_passes(capsys, ch01.exercise_6, b)


@pytest.mark.parametrize("weights, bias", [
    ([-3.0, 0.0, -3.0], 3.0),
    (np.array([-5.0, 1.0, -5.0]), 3),
    ((-3, 0.5, -3), 2.5),
    ([-10, 10, -10], 10),
    ([-2 * math.log(9), 0.0, 0.0], math.log(9)),  # exactly on the edge: 0.9, 0.9, 0.1
])
def test_exercise_7_accepts_other_solutions(capsys, weights, bias):
    assert_passes(capsys, ch01.exercise_7, weights, bias)


# ------------------------------------------------------------ the student's placeholders
PLACEHOLDERS = [
    (ch01.exercise_1, (None,), "sizes is None"),
    (ch01.exercise_1, ({"a": (None, None), "b": (None, None), "c": (None, None)},),
     r"sizes\['a'\] still holds None"),
    (ch01.exercise_2, (not_implemented, squared, squared),
     "loss_temperature still raises NotImplementedError"),
    (ch01.exercise_2, (squared, not_implemented, squared),
     "loss_cat_count still raises NotImplementedError"),
    (ch01.exercise_2, (squared, squared, not_implemented),
     "loss_cat_size still raises NotImplementedError"),
    (ch01.exercise_3, (None, None), "z_values is None"),
    (ch01.exercise_3, (Z_VALUES, None), "outputs is None"),
    (ch01.exercise_4, (None,), "outputs is None"),
    (ch01.exercise_5, (not_implemented,), "node_output still raises NotImplementedError"),
    (ch01.exercise_6, (None,), "b is None"),
    (ch01.exercise_7, (None, None), "weights is None"),
    (ch01.exercise_7, ([-3.0, 0.0, -3.0], None), "bias is None"),
]


@pytest.mark.parametrize("check, args, match", PLACEHOLDERS)
def test_placeholder_fails_clearly(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


# ------------------------------------------------------------------ typical mistakes
def with_sizes(**changes):
    sizes = dict(SIZES)
    sizes.update(changes)
    return (sizes,)


MISTAKES_1 = [
    (with_sizes(a=(1, 1)), r"task \(a\).*one input per\s+day"),
    (with_sizes(a=(5, 1)), r"task \(a\): 5 inputs"),
    (with_sizes(a=(10, 2)), r"task \(a\).*one output"),
    (with_sizes(b=(4096, 1)), r"task \(b\): 64 × 64 = 4096 counts the pixels.*3 numbers"),
    (with_sizes(c=(4096, 4)), r"task \(c\): 64 × 64 = 4096 counts the pixels"),
    (with_sizes(b=(64, 1)), r"task \(b\): 64 inputs would see only a row"),
    (with_sizes(b=(1000, 1)), r"task \(b\): 1000 inputs"),
    (with_sizes(b=(12288, 2)), r"task \(b\): two outputs.*one is enough"),
    (with_sizes(b=(12288, 3)), r"task \(b\): 3 outputs.*yes or no"),
    (with_sizes(c=(12288, 1)), r"task \(c\): one output for 4 classes.*one output per class"),
    (with_sizes(c=(12288, 2)), r"task \(c\): two outputs.*binary"),
    (with_sizes(c=(12288, 3)), r"task \(c\): 3 outputs: use one output per animal"),
    (with_sizes(a=(10.5, 1)), r"10\.5 inputs.*whole number"),
    (with_sizes(c=(12288, 0)), r"0 outputs.*at least 1"),
    (with_sizes(c=(-3, 4)), r"-3 inputs.*at least 1"),
]


@pytest.mark.parametrize("args, match", MISTAKES_1)
def test_exercise_1_names_the_mistake(capsys, args, match):
    assert_fails(capsys, ch01.exercise_1, args, match)


def test_exercise_1_lists_every_mistake(capsys):
    message = assert_fails(capsys, ch01.exercise_1,
                           ({"a": (1, 1), "b": (4096, 1), "c": (4096, 1)},), "task")
    tasks = [re.search(r"task \((.)\)", line).group(1) for line in message.splitlines()]
    assert tasks == ["a", "b", "c", "c"]


def difference(predicted, actual):
    return predicted - actual


def other_difference(predicted, actual):
    return actual - predicted


def goodness(predicted, actual):
    return 1 / (1 + (predicted - actual) ** 2)


def negative_squared(predicted, actual):
    return -((predicted - actual) ** 2)


def negative_absolute(predicted, actual):
    return -abs(predicted - actual)


def plus_one(predicted, actual):
    return (predicted - actual) ** 2 + 1


def zero_one(predicted, actual):
    return 0.0 if predicted == actual else 1.0


def forgets_return(predicted, actual):
    (predicted - actual) ** 2


def returns_bool(predicted, actual):
    return predicted != actual


def always_zero(predicted, actual):
    return 0.0


def squared_ratio(predicted, actual):  # not monotone: falls again for large predictions
    return (predicted - actual) ** 2 / (1 + predicted**4)


MISTAKES_2 = [
    ((difference, squared, squared), r"loss_temperature\(.*plain difference.*Square"),
    ((other_difference, squared, squared), r"loss_temperature\(.*plain difference"),
    ((squared, difference, squared), r"loss_cat_count\(.*plain difference"),
    ((squared, squared, difference), r"loss_cat_size\(.*plain difference"),
    ((goodness, squared, squared), r"largest when the prediction is exact.*how good"),
    ((squared, squared, goodness), r"loss_cat_size.*largest when the prediction is exact"),
    ((negative_squared, squared, squared), r"negative loss.*flip its sign"),
    ((squared, negative_absolute, squared), r"loss_cat_count.*negative loss.*flip its sign"),
    ((negative_absolute, squared, squared), r"loss_temperature.*negative loss.*flip its sign"),
    ((plus_one, squared, squared), r"perfect\s+prediction should cost nothing.*constant"),
    ((squared, zero_one, squared),
     r"loss_cat_count.*off by \d cat\(s\) should cost more than one off by \d cat"),
    ((squared, squared, always_zero), r"loss_cat_size\(.*is 0, but the prediction is off"),
    ((forgets_return, squared, squared), r"loss_temperature\(.*returned None.*return"),
    ((squared, returns_bool, squared), r"loss_cat_count\(.*single number.*bool"),
    ((squared_ratio, squared, squared), r"loss_temperature.*off by [\d.]+ °C should cost more"),
]


@pytest.mark.parametrize("args, match", MISTAKES_2)
def test_exercise_2_names_the_mistake(capsys, args, match):
    assert_fails(capsys, ch01.exercise_2, args, match)


MISTAKES_3 = [
    (([z - B for z in Z_VALUES], THRESHOLD_OUTPUTS), "left\\s+out the bias"),
    (([1.0, 1.5, 0.5], THRESHOLD_OUTPUTS),
     r"your z for \(1, 0, 1\) is 0\.5; recompute.*1·1 \+ 0\.5·0 \+ \(-2\)·1 \+ 1"),
    ((Z_VALUES, [1, 1, 0]),
     r"your output for \(1, 0, 1\) is 0: there z = 0 exactly, and the rule gives 1 when "
     r"z ≥ 0(.|\n)*target of \(1, 0, 1\) is indeed 0"),
    ((Z_VALUES, [0, 1, 1]), r"output for \(0, 0, 0\) is 0, but there z = 1, .*gives 1"),
    ((Z_VALUES, SIGMOID_OUTPUTS), "sigmoid's outputs.*threshold rule"),
    ((Z_VALUES, [1, 2, 1]), r"output for \(0, 1, 0\) is 2.*only 0 or 1"),
]


@pytest.mark.parametrize("args, match", MISTAKES_3)
def test_exercise_3_names_the_mistake(capsys, args, match):
    assert_fails(capsys, ch01.exercise_3, args, match)


MISTAKES_4 = [
    ([1 / (1 + math.exp(z)) for z in Z_VALUES], r"1 − σ\(z\): check the sign in e\^\(−z\)"),
    ([1 / 1 + math.exp(-z) for z in Z_VALUES], "parentheses"),
    ([sigmoid(z - B) for z in Z_VALUES], "without the bias"),
    (Z_VALUES, "these are the z values"),
    (THRESHOLD_OUTPUTS, "threshold node's outputs"),
    ([round(y, 2) for y in SIGMOID_OUTPUTS], "rounded to 2 decimals: keep full precision"),
    ([round(y, 4) for y in SIGMOID_OUTPUTS], "rounded to 4 decimals"),
    ([round(y, 2) for y in SIGMOID_OUTPUTS[:2]] + [0.6],
     r"\(0, 0, 0\) is 0\.73: close, but keep full precision(.|\n)*\(1, 0, 1\) is 0\.6; "
     r"there z = 0"),
    ([SIGMOID_OUTPUTS[0], 1.2, SIGMOID_OUTPUTS[2]], r"1\.2, but a sigmoid's output is always"),
]


@pytest.mark.parametrize("outputs, match", MISTAKES_4)
def test_exercise_4_names_the_mistake(capsys, outputs, match):
    assert_fails(capsys, ch01.exercise_4, (outputs,), match)


def returns_z(x, w, b):
    return np.dot(w, x) + b


def no_bias(x, w, b):
    return 1 / (1 + np.exp(-np.dot(w, x)))


def threshold(x, w, b):
    return 1.0 if np.dot(w, x) + b >= 0 else 0.0


def plus_sign(x, w, b):
    return 1 / (1 + np.exp(np.dot(w, x) + b))


def three_inputs(x, w, b):
    return 1 / (1 + np.exp(-(w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + b)))


def first_three_safely(x, w, b):
    return 1 / (1 + np.exp(-(np.dot(w[:3], x[:3]) + b)))


def one_element_array(x, w, b):
    return np.array([node(x, w, b)])


def mutates(x, w, b):
    x *= 1.0
    w[0] = 0.0
    return node(x, w, b)


def half(x, w, b):
    return node(x, w, b) / 2


MISTAKES_5 = [
    (returns_z, "returns z = w·x \\+ b itself"),
    (no_bias, "leaves out the bias"),
    (threshold, "only 0 or 1: that is the threshold rule"),
    (plus_sign, r"1 − σ\(z\): check the sign"),
    (three_inputs, r"raised IndexError(.|\n)*1 entry: your node must work for any number"),
    (first_three_safely, "uses only the first three inputs"),
    (one_element_array, r"array of shape \(1,\): return a single number"),
    (mutates, "changed its argument x or w"),
    (half, r"node_output\(x=\[.*\], w=\[.*\], b=.*\) returned .*, but there z = w·x \+ b"),
]


@pytest.mark.parametrize("function, match", MISTAKES_5)
def test_exercise_5_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch01.exercise_5, (function,), match)


@pytest.mark.parametrize("b, match", [
    (1.0, r"b = 1, the sample \(1, 0, 1\) gets z = b - 1 = 0 ≥ 0, so the node outputs 1, "
          r"but its target is 0"),
    (2.5, r"\(1, 0, 1\) gets z = b - 1 = 1\.5 ≥ 0"),
    (-0.2, r"\(0, 0, 0\) gets z = b = -0\.2 < 0, so the node outputs 0, but its target is 1"),
    (-0.7, r"\(0, 0, 0\) gets z = b(.|\n)*\(0, 1, 0\) gets z = 0\.5 \+ b = -0\.2 < 0"),
])
def test_exercise_6_names_the_mistake(capsys, b, match):
    assert_fails(capsys, ch01.exercise_6, (b,), match)


@pytest.mark.parametrize("weights, bias, match", [
    (list(EXAMPLE_W), B,
     r"worst sample is \(1, 0, 1\): output 0\.500, target 0, off by 0\.500 \(at most 0\.1 "
     r"is allowed\)\. There z = w1 \+ w3 \+ b = 0, and σ\(z\) ≤ 0\.1 needs z ≤ -2\.20"),
    ([-3.0, 0.0, -3.0], 2.0, r"worst sample is \(0, 0, 0\)(.|\n)*z = b = 2, and σ\(z\) ≥ 0\.9 "
                             r"needs z ≥ 2\.20(.|\n)*also \(0, 1, 0\)"),
    ([-3.0, -1.0, -3.0], 3.0, r"worst sample is \(0, 1, 0\).*z = w2 \+ b = 2"),
    ([1e308, 0.0, 1e308], -1e308, "so large that z overflows"),
])
def test_exercise_7_names_the_worst_sample(capsys, weights, bias, match):
    assert_fails(capsys, ch01.exercise_7, (weights, bias), match)


# ---------------------------------------------------------------------- bad input


NAN, INF = float("nan"), float("inf")
BAD_INPUT = [
    # exercise 1.1
    (ch01.exercise_1, ("10, 1",), "should be a dict"),
    (ch01.exercise_1, ([(10, 1), (12288, 1), (12288, 4)],), "should be a dict"),
    (ch01.exercise_1, ({"a": (10, 1), "b": (12288, 1)},), "no entry for task 'c'"),
    (ch01.exercise_1, ({**SIZES, "d": (1, 1)},), "unexpected key 'd'"),
    (ch01.exercise_1, ({"A": (10, 1), "b": (12288, 1), "c": (12288, 4)},),
     "no entry for task 'a'"),
    (ch01.exercise_1, with_sizes(a=None), r"sizes\['a'\] is None"),
    (ch01.exercise_1, with_sizes(a="10, 1"), r"sizes\['a'\] should be a list of 2"),
    (ch01.exercise_1, with_sizes(a=("10", "1")), r"sizes\['a'\] holds the string '10'"),
    (ch01.exercise_1, with_sizes(a=10), r"sizes\['a'\] should be a list of 2"),
    (ch01.exercise_1, with_sizes(a=(10, 1, 1)), r"sizes\['a'\] should hold 2"),
    (ch01.exercise_1, with_sizes(b=np.ones((2, 2))), r"sizes\['b'\] should be a flat list"),
    (ch01.exercise_1, with_sizes(a=(NAN, 1)), r"sizes\['a'\] contains nan"),
    (ch01.exercise_1, with_sizes(c=(INF, 4)), r"sizes\['c'\] contains inf"),
    (ch01.exercise_1, with_sizes(a=(10, 2 + 1j)), "not all of its items are numbers"),
    (ch01.exercise_1, with_sizes(a=(10**400, 1)), r"sizes\['a'\] holds a number too large"),
    # exercise 1.2
    (ch01.exercise_2, (None, squared, squared), "loss_temperature is None: define it"),
    (ch01.exercise_2, (squared, "squared", squared), "loss_cat_count should be a function"),
    (ch01.exercise_2, (squared, squared, 3.0), "loss_cat_size should be a function"),
    (ch01.exercise_2, (raises_value_error, squared, squared),
     r"loss_temperature\(.*\) raised ValueError: boom"),
    (ch01.exercise_2, (lambda p, a: NAN, squared, squared), r"loss_temperature\(.*\) is nan"),
    (ch01.exercise_2, (lambda p, a: INF, squared, squared), r"is inf: a finite number"),
    (ch01.exercise_2, (lambda p, a: "0", squared, squared), "without quotes"),
    (ch01.exercise_2, (lambda p, a: [0.0], squared, squared), "should be a single number"),
    (ch01.exercise_2, (lambda p: 0.0, squared, squared), "raised TypeError"),
    (ch01.exercise_2, (lambda p, a: 10**400, squared, squared), "too large"),
    # exercise 1.3
    (ch01.exercise_3, ("1, 1.5, 0", THRESHOLD_OUTPUTS), "z_values should be a list of 3"),
    (ch01.exercise_3, (Z_VALUES[:2], THRESHOLD_OUTPUTS), "z_values should hold 3 numbers, "
                                                         "but it holds 2"),
    (ch01.exercise_3, (np.array([Z_VALUES]), THRESHOLD_OUTPUTS), r"shape \(1, 3\)"),
    (ch01.exercise_3, ([1.0, NAN, 0.0], THRESHOLD_OUTPUTS), "z_values contains nan"),
    (ch01.exercise_3, ([1.0, None, 0.0], THRESHOLD_OUTPUTS), "z_values still holds None"),
    (ch01.exercise_3, (Z_VALUES, [1, 1, INF]), "outputs contains inf"),
    (ch01.exercise_3, (Z_VALUES, 1), "outputs should be a list of 3"),
    (ch01.exercise_3, (Z_VALUES, [1, 1, 1, 1]), "outputs should hold 3"),
    (ch01.exercise_3, (Z_VALUES, np.ones((3, 3))), r"outputs should be a flat list.*\(3, 3\)"),
    (ch01.exercise_3, (Z_VALUES, ["1", "1", "1"]), "outputs holds the string '1'"),
    (ch01.exercise_3, (Z_VALUES, len), "not all of its items are numbers"),
    # exercise 1.4
    (ch01.exercise_4, ("0.73, 0.82, 0.5",), "outputs should be a list of 3"),
    (ch01.exercise_4, (SIGMOID_OUTPUTS[:2],), "outputs should hold 3"),
    (ch01.exercise_4, (np.array(SIGMOID_OUTPUTS).reshape(3, 1),), r"shape \(3, 1\)"),
    (ch01.exercise_4, ([NAN] * 3,), "outputs contains nan"),
    (ch01.exercise_4, ([INF, 0.5, 0.5],), "outputs contains inf"),
    (ch01.exercise_4, (0.5,), "outputs should be a list of 3"),
    # exercise 1.5
    (ch01.exercise_5, (None,), "node_output is None: define it"),
    (ch01.exercise_5, ("node_output",), "node_output should be a function"),
    (ch01.exercise_5, ([0.5],), "node_output should be a function"),
    (ch01.exercise_5, (raises_value_error,), r"node_output\(.*\) raised ValueError: boom"),
    (ch01.exercise_5, (lambda x, w: 0.5,), "raised TypeError"),
    (ch01.exercise_5, (lambda x, w, b: NAN,), "is nan"),
    (ch01.exercise_5, (lambda x, w, b: INF,), "is inf"),
    (ch01.exercise_5, (lambda x, w, b: "0.5",), "without quotes"),
    (ch01.exercise_5, (lambda x, w, b: None,), "returned None"),
    (ch01.exercise_5, (lambda x, w, b: np.ones((2, 2)),), r"array of shape \(2, 2\)"),
    # exercise 1.6
    (ch01.exercise_6, ("0.5",), "give the number itself, without quotes"),
    (ch01.exercise_6, ([0.5],), "b should be a single number"),
    (ch01.exercise_6, (np.array([0.5, 0.5]),), r"b should be a single number.*shape \(2,\)"),
    (ch01.exercise_6, (NAN,), "b is nan"),
    (ch01.exercise_6, (INF,), "b is inf"),
    (ch01.exercise_6, (True,), "b should be a single number"),
    (ch01.exercise_6, (print,), "b should be a single number"),
    (ch01.exercise_6, (10**400,), "b is too large"),
    # exercise 1.7
    (ch01.exercise_7, ("-3, 0, -3", 3.0), "weights should be a list of 3"),
    (ch01.exercise_7, ([-3.0, -3.0], 3.0), "weights should hold 3"),
    (ch01.exercise_7, (np.zeros((3, 2)), 3.0), r"weights should be a flat list.*\(3, 2\)"),
    (ch01.exercise_7, ([-3.0, NAN, -3.0], 3.0), "weights contains nan"),
    (ch01.exercise_7, ([-3.0, 0.0, -INF], 3.0), "weights contains -inf"),
    (ch01.exercise_7, ([-3.0, None, -3.0], 3.0), "weights still holds None"),
    (ch01.exercise_7, ([-3, 10**400, -3], 3.0), "weights holds a number too large"),
    (ch01.exercise_7, ([-3.0, 0.0, -3.0], 10**400), "bias is too large"),
    (ch01.exercise_7, ([-3.0, 0.0, -3.0], "3"), "bias is the string '3'"),
    (ch01.exercise_7, ([-3.0, 0.0, -3.0], [3.0]), "bias should be a single number"),
    (ch01.exercise_7, ([-3.0, 0.0, -3.0], NAN), "bias is nan"),
    (ch01.exercise_7, ([-3.0, 0.0, -3.0], INF), "bias is inf"),
]


@pytest.mark.parametrize("check, args, match", BAD_INPUT)
def test_bad_input_gives_a_clear_message(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


# -------------------------------------------------------------- the checker itself
def test_expected_values_come_from_the_package():
    np.testing.assert_allclose(Z_VALUES, weighted_sum(TRAINING_X, EXAMPLE_W, EXAMPLE_B))
    assert ch01._expected_sizes() == SIZES


def test_checks_do_not_mutate_array_answers(capsys):
    z = np.array(Z_VALUES)
    y = np.array(SIGMOID_OUTPUTS)
    w = np.array([-3.0, 0.0, -3.0])
    ch01.exercise_3(z, THRESHOLD_OUTPUTS)
    ch01.exercise_4(y)
    ch01.exercise_7(w, 3.0)
    np.testing.assert_array_equal(z, Z_VALUES)
    np.testing.assert_array_equal(y, SIGMOID_OUTPUTS)
    np.testing.assert_array_equal(w, [-3.0, 0.0, -3.0])
    assert capsys.readouterr().err == ""


def test_failed_check_renders_without_a_traceback():
    with pytest.raises(CheckError) as info:
        ch01.exercise_6(1.0)
    lines = info.value._render_traceback_()
    assert "Exercise 1.6: not yet" in lines[0]
    assert any("(1, 0, 1)" in line for line in lines[1:])
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_exercise_5_points_cover_every_length():
    lengths = {len(x) for x, _, _ in ch01._node_points()}
    assert lengths == {1, 2, 3, 4, 5}
    assert len(ch01._node_points()[0][0]) == 3
