"""Tests of the chapter 07 exercise checks (``backprop_book/checks/ch07.py``).

For every check: the reference answers pass, the student's placeholder fails with a clear
message, each typical mistake gets its own hint, and bad input (None, text, wrong length or
shape, NaN, inf, a non-function, a function that raises) gives a CheckError, never another
exception. Checks return None, write nothing to stderr and leave their arguments unchanged.
"""

import math
import warnings

import numpy as np
import pytest

from backprop_book.activations import sigmoid, softmax, softmax_jacobian
from backprop_book.checks import ch07
from backprop_book.losses import cross_entropy_grad_z
from tests.check_helpers import assert_fails, assert_passes, not_implemented, raises_value_error


# Reference answers, as the workbook's solutions give them.
def reference_dl_da(a, y):
    return -y / a + (1 - y) / (1 - a)


def da_dz(z, i, j):
    a = softmax(z)
    return -a[i] * a[j]


Z3 = np.array([0.5, -1.0, 2.0, 0.0])
Y3 = np.array([0.0, 1.0, 0.0, 0.0])
DL_DZ = softmax(Z3) - Y3


def batch_gradients(W, b, X, Y):
    m = X.shape[0]
    D = softmax(X @ W.T + b) - Y
    return D.T @ X / m, D.sum(axis=0) / m


def fixed_gradient(z, y):
    a = softmax(z)
    dL_da = -y / a
    K = len(z)
    dL_dz = np.zeros(K)
    for i in range(K):
        for k in range(K):
            da_k = a[k] * (1 - a[k]) if k == i else -a[k] * a[i]
            dL_dz[i] += dL_da[k] * da_k
    return dL_dz


def stable_softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


A7 = 1 / (1 + math.exp(4.0))
MSE_SLOPE, CE_SLOPE = 2 * (A7 - 1) * A7 * (1 - A7), A7 - 1

REFERENCE = {
    "7.1": (ch07.exercise_1, (reference_dl_da,)),
    "7.2": (ch07.exercise_2, (da_dz,)),
    "7.3": (ch07.exercise_3, (DL_DZ,)),
    "7.4": (ch07.exercise_4, (batch_gradients,)),
    "7.5": (ch07.exercise_5, (fixed_gradient,)),
    "7.6": (ch07.exercise_6, (stable_softmax,)),
    "7.7": (ch07.exercise_7, (MSE_SLOPE, CE_SLOPE)),
}


# ----------------------------------------------------------------- reference answers
@pytest.mark.parametrize("number", sorted(REFERENCE))
def test_reference_answer_passes(capsys, number):
    check, args = REFERENCE[number]
    assert check.exercise == number
    assert_passes(capsys, check, *args)


def dl_da_by_cases(a, y):
    return -1 / a if y == 1 else 1 / (1 - a)


def dl_da_factored(a, y):
    return (a - y) / (a * (1 - a))


@pytest.mark.parametrize("function", [dl_da_by_cases, dl_da_factored])
def test_exercise_1_accepts_other_forms(capsys, function):
    assert_passes(capsys, ch07.exercise_1, function)


def da_dz_from_exponentials(z, i, j):
    e = np.exp(z)
    return -e[i] * e[j] / np.sum(e) ** 2


def da_dz_from_the_jacobian(z, i, j):
    return softmax_jacobian(z)[i, j]


@pytest.mark.parametrize("function", [da_dz_from_exponentials, da_dz_from_the_jacobian])
def test_exercise_2_accepts_other_forms(capsys, function):
    assert_passes(capsys, ch07.exercise_2, function)


@pytest.mark.parametrize("answer", [list(DL_DZ), tuple(DL_DZ), DL_DZ.reshape(1, 4)[0],
                                    DL_DZ * (1 + 1e-9)])
def test_exercise_3_accepts_other_spellings(capsys, answer):
    assert_passes(capsys, ch07.exercise_3, answer)


def batch_gradients_by_loop(W, b, X, Y):
    dW, db = np.zeros_like(W), np.zeros_like(b)
    for x, y in zip(X, Y, strict=True):
        a = softmax(W @ x + b)
        dW += np.outer(a - y, x)
        db += a - y
    return dW / len(X), db / len(X)


def batch_gradients_as_lists(W, b, X, Y):
    dW, db = batch_gradients(W, b, X, Y)
    return [dW.tolist(), db.tolist()]


def batch_gradients_column_db(W, b, X, Y):
    dW, db = batch_gradients(W, b, X, Y)
    return dW, db.reshape(-1, 1)


@pytest.mark.parametrize("function", [batch_gradients_by_loop, batch_gradients_as_lists,
                                      batch_gradients_column_db])
def test_exercise_4_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch07.exercise_4, function)


def fixed_gradient_with_matrix(z, y):
    a = softmax(z)
    return (np.diag(a) - np.outer(a, a)).T @ (-y / a)


def fixed_gradient_short(z, y):
    return list(softmax(z) - y)


@pytest.mark.parametrize("function", [fixed_gradient_with_matrix, fixed_gradient_short])
def test_exercise_5_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch07.exercise_5, function)


def stable_softmax_as_list(z):
    largest = max(z)
    e = [math.exp(v - largest) for v in z]
    return [v / sum(e) for v in e]


def stable_softmax_log_sum_exp(z):
    shifted = z - np.max(z)
    return np.exp(shifted - np.log(np.sum(np.exp(shifted))))


@pytest.mark.parametrize("function", [stable_softmax_as_list, stable_softmax_log_sum_exp])
def test_exercise_6_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch07.exercise_6, function)


@pytest.mark.parametrize("answers", [(np.float64(MSE_SLOPE), np.float64(CE_SLOPE)),
                                     (np.array(MSE_SLOPE), CE_SLOPE * (1 + 1e-9))])
def test_exercise_7_accepts_other_spellings(capsys, answers):
    assert_passes(capsys, ch07.exercise_7, *answers)


def test_checks_silence_the_students_warnings(capsys):
    def noisy(a, y):
        warnings.warn("from the student's code", stacklevel=1)
        np.float64(1e308) * 10  # an overflow warning from numpy
        return reference_dl_da(a, y)

    assert_passes(capsys, ch07.exercise_1, noisy)


# ------------------------------------------------------------ the student's placeholders
PLACEHOLDERS = [
    (ch07.exercise_1, (not_implemented,), "bce_da still raises NotImplementedError"),
    (ch07.exercise_2, (not_implemented,), "da_dz still raises NotImplementedError"),
    (ch07.exercise_3, (None,), "dL_dz is None"),
    (ch07.exercise_4, (not_implemented,), "batch_gradients still raises NotImplementedError"),
    (ch07.exercise_5, (not_implemented,), "fixed_gradient still raises NotImplementedError"),
    (ch07.exercise_6, (not_implemented,), "stable_softmax still raises NotImplementedError"),
    (ch07.exercise_7, (None, None), "mse_slope is None"),
    (ch07.exercise_7, (MSE_SLOPE, None), "ce_slope is None"),
]


@pytest.mark.parametrize("check, args, match", PLACEHOLDERS)
def test_placeholder_fails_clearly(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


# ------------------------------------------------------------------ typical mistakes
MISTAKES_1 = [
    (lambda a, y: y / a - (1 - y) / (1 - a), "you dropped the minus sign"),
    (lambda a, y: -y / a - (1 - y) / (1 - a), "forgets the inner slope of log\\(1 − a\\)"),
    (lambda a, y: y / a + (1 - y) / (1 - a), "two sign mistakes"),
    (lambda a, y: a - y, "is a − y, the slope with respect to z"),
    (lambda a, y: -y / a, "right for the label 1 only"),
    (lambda a, y: (1 - y) / (1 - a), "right for the label 0 only"),
    (lambda a, y: -(y * math.log(a) + (1 - y) * math.log(1 - a)), "returns the loss L itself"),
    (lambda a, y: -1 / a + 1 / (1 - a), "ignores the label"),
    (lambda a, y: -y / a + (1 - y) / (1 - a) + 0.01,
     r"bce_da\(0\.\d+, 1\.0\) returned .* but ∂L/∂a there is"),
]


@pytest.mark.parametrize("function, match", MISTAKES_1)
def test_exercise_1_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch07.exercise_1, (function,), match)


def with_outputs(formula):
    def da_dz(z, i, j):
        return formula(softmax(z), i, j)
    return da_dz


MISTAKES_2 = [
    (with_outputs(lambda a, i, j: a[i] * a[j]), "without the minus sign"),
    (with_outputs(lambda a, i, j: a[i] * (1 - a[j])), "uses the diagonal formula"),
    (with_outputs(lambda a, i, j: a[i] * (1 - a[i])), "is a_i\\(1 − a_i\\), the slope for i = j"),
    (with_outputs(lambda a, i, j: 0.0), "is 0: but z_j is in the denominator"),
    (with_outputs(lambda a, i, j: -a[i] ** 2), "is −a_i²"),
    (with_outputs(lambda a, i, j: -a[j] ** 2), "is −a_j²"),
    (with_outputs(lambda a, i, j: -a[j]), "is −a_j: that is the slope of log a_i"),
    (with_outputs(lambda a, i, j: -a[i - 1] * a[j - 1]), "check the indices"),
    (with_outputs(lambda a, i, j: -a[i] * a[j] * 1.1), r"da_dz\(\[1, 2, 0\.5\], 0, 1\) "
                                                        r"returned .* but ∂a_0/∂z_1 there is"),
]


@pytest.mark.parametrize("function, match", MISTAKES_2)
def test_exercise_2_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch07.exercise_2, (function,), match)


A3 = softmax(Z3)
MISTAKES_3 = [
    (Y3 - A3, "the sign is flipped"),
    (A3, "you forgot to subtract the label y"),
    (np.where(Y3 == 1, A3 - 1, 0.0), "forgets the sum over k"),
    (-Y3 * (1 - A3), "keeps the path k = i"),
    (-Y3 / A3, "the slope with respect to a"),
    (sigmoid(Z3) - Y3, "uses the sigmoid for each output"),
    ((A3 - Y3) / 4, "divides by K = 4"),
    (A3 - np.array([1.0, 0, 0, 0]), "puts the label's 1 at class 1: .*index 1 in Python"),
    (A3 - np.array([0, 0, 1.0, 0]), "puts the label's 1 at class 3"),
    (np.round(DL_DZ, 2), "close, but not exact"),
    ([0.1, 0.2, 0.3, 0.4], "is not a − y. The outputs are a = softmax\\(z\\)"),
]


@pytest.mark.parametrize("answer, match", MISTAKES_3)
def test_exercise_3_names_the_mistake(capsys, answer, match):
    assert_fails(capsys, ch07.exercise_3, (answer,), match)


def gradients_by(rule):
    """A batch_gradients made from rule(D, X, m), with D = A − Y, one row per sample."""
    def batch_gradients(W, b, X, Y):
        return rule(softmax(X @ W.T + b) - Y, X, X.shape[0])
    return batch_gradients


def in_place(W, b, X, Y):
    dW, db = batch_gradients(W, b, X, Y)
    W -= 0.1 * dW
    return dW, db


def with_sigmoid(W, b, X, Y):
    D = sigmoid(X @ W.T + b) - Y
    return D.T @ X / len(X), D.mean(axis=0)


def without_bias(W, b, X, Y):
    D = softmax(X @ W.T) - Y
    return D.T @ X / len(X), D.mean(axis=0)


MISTAKES_4 = [
    (gradients_by(lambda D, X, m: (D.T @ X, D.sum(axis=0))), "forgot 1/m: dW and db are sums"),
    (gradients_by(lambda D, X, m: (D.T @ X, D.mean(axis=0))), "forgot 1/m in dW"),
    (gradients_by(lambda D, X, m: (D.T @ X / m, D.sum(axis=0))), "forgot 1/m in db"),
    (gradients_by(lambda D, X, m: (-D.T @ X / m, -D.mean(axis=0))), "has the wrong sign"),
    (gradients_by(lambda D, X, m: (D.T @ X / m, -D.mean(axis=0))), "has db with the wrong sign"),
    (gradients_by(lambda D, X, m: (-D.T @ X / m, D.mean(axis=0))), "has dW with the wrong sign"),
    (gradients_by(lambda D, X, m: (X.T @ D / m, D.mean(axis=0))),
     r"returned dW of shape \(2, 3\), but W is K × n = \(3, 2\): you transposed x"),
    (gradients_by(lambda D, X, m: (D, D.mean(axis=0))),
     "one row per sample: that looks like A − Y"),
    (gradients_by(lambda D, X, m: (D.T @ X / m, D)),
     "returned db of shape .*one row per sample: add the rows up"),
    (with_sigmoid, "uses the sigmoid for each output"),
    (without_bias, "leaves out the bias"),
    (gradients_by(lambda D, X, m: (np.outer(D[0], X[0]), D[0])), "uses only the first sample"),
    (gradients_by(lambda D, X, m: (D.T @ X / m, D.sum(axis=0) / D.shape[1])),
     "divides db by K"),
    (in_place, "changed its argument W in place"),
    (gradients_by(lambda D, X, m: (D.T @ X / m * 1.5, D.mean(axis=0))),
     r"for a batch of m = 5 samples \(n = 2, K = 3\), your dW is"),
]


@pytest.mark.parametrize("function, match", MISTAKES_4)
def test_exercise_4_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch07.exercise_4, (function,), match)


def gradient_by(formula):
    def fixed_gradient(z, y):
        return formula(softmax(z), y)
    return fixed_gradient


MISTAKES_5 = [
    (ch07.buggy_gradient, r"you forgot the terms k ≠ i \(the i ≠ j entries of the Jacobian\)"),
    (gradient_by(lambda a, y: -y * (1 - a) - a * (1 - y)), "gives the terms k ≠ i the wrong "
                                                            "sign"),
    (gradient_by(lambda a, y: y - a), "is y − a"),
    (gradient_by(lambda a, y: a * (a - y)), "multiplies by a_i once too often"),
    (gradient_by(lambda a, y: -y / a), "returns ∂L/∂a"),
    (gradient_by(lambda a, y: (a - y) * 1.01), r"fixed_gradient\(\[1, 2, 0\.5\], \[1, 0, 0\]\) "
                                               "returned"),
]


@pytest.mark.parametrize("function, match", MISTAKES_5)
def test_exercise_5_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch07.exercise_5, (function,), match)


def naive_softmax(z):
    return np.exp(z) / np.sum(np.exp(z))


def min_shift(z):
    e = np.exp(z - np.min(z))
    return e / np.sum(e)


def mean_shift(z):
    e = np.exp(z - np.mean(z))
    return e / np.sum(e)


def not_normalised(z):
    return np.exp(z - np.max(z))


def scaled(z):
    e = np.exp(z / np.max(np.abs(z)))
    return e / np.sum(e)


def uses_the_package(z):
    return softmax(z)


def clipped_scores(z):
    return stable_softmax(np.clip(z, -5, 5))


MISTAKES_6 = [
    (naive_softmax, r"(?s)stable_softmax\(\[1000, 1001, 1002\]\) returned \[nan, nan, nan\] "
                    r"\(.*overflow encountered in exp.*\): you take np\.exp of the scores as "
                    "they are.*Subtract the LARGEST score"),
    (min_shift, r"(?s)\[-1000, 0, 1000\]\).*you subtract the smallest score"),
    (mean_shift, r"(?s)\[-1000, 0, 1000\]\).*you subtract the mean score"),
    (not_normalised, "adds up to .*divide by the sum"),
    (scaled, "you divided the scores by their largest size"),
    (uses_the_package, "calls the package's softmax"),
    (clipped_scores, r"stable_softmax\(\[1000, 1001, 1002\]\) returned \[0\.3333"),
    (lambda z: np.ones(len(z)) / len(z) if len(z) == 3 else stable_softmax(z),
     r"stable_softmax\(\[1, 2, 3\]\) returned .* but the softmax is"),
]


@pytest.mark.parametrize("function, match", MISTAKES_6)
def test_exercise_6_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch07.exercise_6, (function,), match)


MISTAKES_7 = [
    ((2 * (A7 - 1), CE_SLOPE), "mse_slope = -1.96403 is 2\\(a − y\\), the slope with respect "
                               "to a"),
    (((A7 - 1) * A7 * (1 - A7), CE_SLOPE), "with the factor 2"),
    ((-MSE_SLOPE, CE_SLOPE), "mse_slope = 0.03469 has the wrong sign"),
    ((2 * (A7 - 1) * A7, CE_SLOPE), "forgot the factor \\(1 − a\\)"),
    ((2 * (A7 - 1) * (1 - A7), CE_SLOPE), "forgot the factor a of"),
    (((A7 - 1) ** 2, CE_SLOPE), "is the loss \\(a − y\\)² itself"),
    ((MSE_SLOPE, -CE_SLOPE), "ce_slope = 0.982014 is y − a"),
    ((MSE_SLOPE, -math.log(A7)), "is the loss −log a itself"),
    ((MSE_SLOPE, -1 / A7), "is −y/a, the slope with respect to a"),
    ((MSE_SLOPE, (A7 - 1) * A7 * (1 - A7)), "multiplies a − y by a\\(1 − a\\) again"),
    ((MSE_SLOPE, -0.98), "ce_slope = -0.98 is close, but not exact"),
    ((MSE_SLOPE, 0.5), "ce_slope = 0.5 is not the slope ∂L/∂z at z = −4"),
    ((2 * (A7 - 1), -CE_SLOPE), "(?s)mse_slope = .*\nce_slope = "),
]


@pytest.mark.parametrize("answers, match", MISTAKES_7)
def test_exercise_7_names_the_mistake(capsys, answers, match):
    assert_fails(capsys, ch07.exercise_7, answers, match)


# ---------------------------------------------------------------------- bad input
NAN, INF = float("nan"), float("inf")
BAD_INPUT = [
    # exercise 7.1
    (ch07.exercise_1, (None,), "bce_da is None: define it"),
    (ch07.exercise_1, (0.5,), "bce_da should be a function"),
    (ch07.exercise_1, (raises_value_error,), r"bce_da\(0\.\d+, 1\.0\) raised ValueError: boom"),
    (ch07.exercise_1, (lambda a: a,), "raised TypeError"),
    (ch07.exercise_1, (lambda a, y: None,), "returned None"),
    (ch07.exercise_1, (lambda a, y: "1",), "without quotes"),
    (ch07.exercise_1, (lambda a, y: NAN,), "is nan"),
    (ch07.exercise_1, (lambda a, y: [a, y],), "should be a single number"),
    # exercise 7.2
    (ch07.exercise_2, (None,), "da_dz is None: define it"),
    (ch07.exercise_2, ("-a_i a_j",), "da_dz should be a function"),
    (ch07.exercise_2, (raises_value_error,), r"da_dz\(\[1, 2, 0\.5\], 0, 1\) raised "
                                             "ValueError: boom"),
    (ch07.exercise_2, (lambda z, i, j: softmax_jacobian(z),), "should be a single number"),
    (ch07.exercise_2, (lambda z, i, j: INF,), "is inf"),
    # exercise 7.3
    (ch07.exercise_3, ("0.16, -0.96, 0.71, 0.10",), "dL_dz should be a list of 4 numbers"),
    (ch07.exercise_3, (0.5,), "dL_dz should be a list of 4 numbers"),
    (ch07.exercise_3, (DL_DZ[:3],), "should hold 4 numbers, but it holds 3"),
    (ch07.exercise_3, (np.append(DL_DZ, NAN),), "should hold 4 numbers, but it holds 5"),
    (ch07.exercise_3, ([0.1, NAN, 0.2, 0.3],), "contains nan"),
    (ch07.exercise_3, ([0.1, None, 0.2, 0.3],), "still holds None"),
    (ch07.exercise_3, (DL_DZ.reshape(2, 2),), r"flat list of 4 numbers, but it has shape"),
    # exercise 7.4
    (ch07.exercise_4, (None,), "batch_gradients is None: define it"),
    (ch07.exercise_4, (np.zeros((3, 2)),), "batch_gradients should be a function"),
    (ch07.exercise_4, (raises_value_error,), r"batch_gradients\(W, b, X, Y\) with m = 5, "
                                             "n = 2, K = 3 raised ValueError: boom"),
    (ch07.exercise_4, (lambda W, b, X: W,), "raised TypeError"),
    (ch07.exercise_4, (lambda W, b, X, Y: None,), "returned None: end the function with "
                                                  "`return dW, db`"),
    (ch07.exercise_4, (lambda W, b, X, Y: W,), "return the two gradients as a pair"),
    (ch07.exercise_4, (lambda W, b, X, Y: (W, b, X),), "return the two gradients as a pair"),
    (ch07.exercise_4, (lambda W, b, X, Y: (None, b),), "returned None for dW"),
    (ch07.exercise_4, (lambda W, b, X, Y: (W, None),), "returned None for db"),
    (ch07.exercise_4, (lambda W, b, X, Y: ("dW", b),), "dW that is not an array of numbers"),
    (ch07.exercise_4, (lambda W, b, X, Y: (W, "db"),), "db that is not an array of numbers"),
    (ch07.exercise_4, (lambda W, b, X, Y: (np.zeros(7), b),), r"dW of shape \(7,\): it must "
                                                              "have the shape of W"),
    (ch07.exercise_4, (lambda W, b, X, Y: (W, np.zeros(7)),), r"db of shape \(7,\): it must "
                                                              "have one entry per output"),
    (ch07.exercise_4, (lambda W, b, X, Y: (W * NAN, b),), "dW containing nan"),
    (ch07.exercise_4, (lambda W, b, X, Y: (W, b * INF),), "db containing -?inf"),
    # exercise 7.5
    (ch07.exercise_5, (None,), "fixed_gradient is None: define it"),
    (ch07.exercise_5, ([0.1, 0.2],), "fixed_gradient should be a function"),
    (ch07.exercise_5, (raises_value_error,), "raised ValueError: boom"),
    (ch07.exercise_5, (lambda z, y: None,), "returned None"),
    (ch07.exercise_5, (lambda z, y: 0.5,), "return the vector of the 3 slopes"),
    (ch07.exercise_5, (lambda z, y: "a - y",), "list of 3 slopes, but it is the string"),
    (ch07.exercise_5, (lambda z, y: (softmax(z) - y)[:2],), "should hold 3 slopes, but it "
                                                            "holds 2"),
    (ch07.exercise_5, (lambda z, y: z * NAN,), "contains nan"),
    # exercise 7.6
    (ch07.exercise_6, (None,), "stable_softmax is None: define it"),
    (ch07.exercise_6, (softmax([1.0, 2.0]),), "stable_softmax should be a function"),
    (ch07.exercise_6, (raises_value_error,), r"stable_softmax\(\[1, 2, 3\]\) raised "
                                             "ValueError: boom"),
    (ch07.exercise_6, (lambda: 0,), "raised TypeError"),
    (ch07.exercise_6, (lambda z: None,), "returned None"),
    (ch07.exercise_6, (lambda z: 1.0,), "return a vector of 3 probabilities"),
    (ch07.exercise_6, (lambda z: "probabilities",), "return a vector of 3 probabilities"),
    (ch07.exercise_6, (lambda z: stable_softmax(z)[:-1],), "returned 2 values: return one "
                                                           "probability per score"),
    # exercise 7.7
    (ch07.exercise_7, ("-0.0347", CE_SLOPE), "mse_slope is the string '-0.0347'"),
    (ch07.exercise_7, (MSE_SLOPE, [CE_SLOPE]), "ce_slope should be a single number"),
    (ch07.exercise_7, (NAN, CE_SLOPE), "mse_slope is nan"),
    (ch07.exercise_7, (MSE_SLOPE, INF), "ce_slope is inf"),
    (ch07.exercise_7, (True, CE_SLOPE), "mse_slope should be a single number"),
]


@pytest.mark.parametrize("check, args, match", BAD_INPUT)
def test_bad_input_gives_a_clear_message(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


# -------------------------------------------------------------- the checker itself
def test_expected_values_agree_with_the_formulas():
    for a, y in ch07._points_71():
        assert ch07.expected_71(a, y) == pytest.approx(reference_dl_da(a, y), rel=1e-12)
    for z, i, j in ch07._cases_72():
        assert i != j
        assert ch07.expected_72(z, i, j) == pytest.approx(da_dz(z, i, j), rel=1e-12)
    np.testing.assert_allclose(ch07.expected_73(), DL_DZ, rtol=1e-12)
    for case in ch07._cases_74():
        W, *_ = case
        assert W.shape[0] != W.shape[1]                      # a transposed dW is visible
        for got, want in zip(ch07.expected_74(*case), batch_gradients(*case), strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
    for z, y in ch07._cases_75():
        np.testing.assert_allclose(cross_entropy_grad_z(z, y), fixed_gradient(z, y),
                                   rtol=1e-10, atol=1e-15)
    assert ch07.expected_77() == pytest.approx((MSE_SLOPE, CE_SLOPE), rel=1e-12)


def test_the_buggy_gradient_is_right_for_the_right_class_only():
    for z, y in ch07._cases_75():
        bug, right = ch07.buggy_gradient(z, y), cross_entropy_grad_z(z, y)
        c = int(np.argmax(y))
        assert bug[c] == pytest.approx(right[c])
        assert np.all(bug[y == 0] == 0) and np.all(right[y == 0] > 0)


def test_exercise_6_scores_break_the_naive_softmax():
    """Every shift but the largest score's fails on some of the check's scores."""
    with np.errstate(all="ignore"):
        for wrong in (naive_softmax, min_shift, mean_shift):
            assert any(not np.all(np.isfinite(wrong(np.array(z)))) for z in ch07.SCORES_76)
