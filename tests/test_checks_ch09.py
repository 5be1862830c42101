"""Tests of the chapter 09 exercise checks (``backprop_book/checks/ch09.py``).

For every check: the reference answers pass, the student's placeholder fails with a clear
message, each typical mistake gets its own hint, and bad input (None, text, wrong length or
shape, NaN, a non-function, a function that raises or returns the wrong type) gives a
CheckError, never another exception. Checks return None, write nothing to stderr and leave
their arguments unchanged.
"""

from pathlib import Path

import nbformat
import numpy as np
import pytest

from backprop_book.activations import sigmoid, sigmoid_prime
from backprop_book.checks import ch09
from backprop_book.network import Network
from tests.check_helpers import assert_fails, assert_passes, not_implemented, raises_value_error

WORKBOOK = Path(__file__).resolve().parents[1] / "exercises" / "ch09_backprop_matrices.ipynb"

# Reference answers, as the workbook's solutions give them.
SHAPES = {"X": (7, 4), "W1": (5, 4), "b1": (5,), "Z1": (7, 5), "A1": (7, 5),
          "W2": (3, 5), "b2": (3,), "Z2": (7, 3), "A2": (7, 3),
          "delta2": (7, 3), "dW2": (3, 5), "db2": (3,),
          "delta1": (7, 5), "dW1": (5, 4), "db1": (5,)}


def backward(Zs, As, Ws, Y):
    m = Y.shape[0]
    D = 2 * (As[-1] - Y) * sigmoid_prime(Zs[-1])
    dWs, dbs = [None] * len(Ws), [None] * len(Ws)
    for i in reversed(range(len(Ws))):
        dWs[i] = D.T @ As[i] / m
        dbs[i] = D.sum(axis=0) / m
        if i > 0:
            D = (D @ Ws[i]) * sigmoid_prime(Zs[i - 1])
    return dWs, dbs


def backward_one(zs, activations, Ws, y):
    delta = 2 * (activations[-1] - y) * sigmoid_prime(zs[-1])
    dWs, dbs = [None] * len(Ws), [None] * len(Ws)
    for i in reversed(range(len(Ws))):
        dWs[i] = np.outer(delta, activations[i])
        dbs[i] = delta
        if i > 0:
            delta = (Ws[i].T @ delta) * sigmoid_prime(zs[i - 1])
    return dWs, dbs


def central_differences(loss, p, h):
    p = np.array(p, dtype=float)
    n = np.zeros(len(p))
    for i in range(len(p)):
        old = p[i]
        p[i] = old + h
        up = loss(p)
        p[i] = old - h
        down = loss(p)
        p[i] = old
        n[i] = (up - down) / (2 * h)
    return n


def gradient_error(loss, grad, p, h=1e-5):
    g = np.ravel(grad(p))
    n = central_differences(loss, p, h)
    return float(np.max(np.abs(g - n) / np.maximum(1.0, np.abs(g) + np.abs(n))))


WRONG = ["dW1", "db1"]


def summed_gradient(network, X, Y):
    m = len(X)
    dWs, dbs = network.gradient(X, Y)
    return [m * dW for dW in dWs], [m * db for db in dbs]


ALPHA_MEAN = 10.0


def tiny_answers():
    tiny, x, y = ch09.tiny_network()
    (W1, W2), (b1, b2) = tiny.weights, tiny.biases
    z1 = W1 @ x + b1
    a1 = sigmoid(z1)
    z2 = W2 @ a1 + b2
    a2 = sigmoid(z2)
    delta2 = 2 * (a2 - y) * sigmoid_prime(z2)
    delta1 = (W2.T @ delta2) * sigmoid_prime(z1)
    return {"x": x, "y": y, "W2": W2, "z1": z1, "a1": a1, "z2": z2, "a2": a2,
            "delta2": delta2, "delta1": delta1, "dW2": np.outer(delta2, a1),
            "dW1": np.outer(delta1, x)}


T = tiny_answers()
TINY = (T["delta2"], T["delta1"], T["dW2"], T["dW1"])
SETTINGS = {"scale": 1.0, "learning_rate": 2.0, "epochs": 1000, "loss": "binary_cross_entropy"}
QUICK_FAIL = {"scale": 0.1, "learning_rate": 0.1, "epochs": 10, "loss": "mse"}

REFERENCE = {
    "9.1": (ch09.exercise_1, (SHAPES,)),
    "9.2": (ch09.exercise_2, (backward,)),
    "9.3": (ch09.exercise_3, (backward_one,)),
    "9.4": (ch09.exercise_4, (gradient_error, WRONG)),
    "9.5": (ch09.exercise_5, (summed_gradient, ALPHA_MEAN)),
    "9.6": (ch09.exercise_6, TINY),
    "9.7": (ch09.exercise_7, (SETTINGS,)),
}


# ----------------------------------------------------------------- reference answers
@pytest.mark.parametrize("number", sorted(REFERENCE))
def test_reference_answer_passes(capsys, number):
    check, args = REFERENCE[number]
    assert check.exercise == number
    assert_passes(capsys, check, *args)


def test_exercise_1_accepts_lists_and_numpy_integers(capsys):
    shapes = {key: list(value) for key, value in SHAPES.items()}
    shapes["b1"] = 5
    shapes["W1"] = tuple(np.int64(n) for n in SHAPES["W1"])
    assert_passes(capsys, ch09.exercise_1, shapes)


def backward_with_a_times_one_minus_a(Zs, As, Ws, Y):
    m = len(Y)
    D = 2 * (As[-1] - Y) * As[-1] * (1 - As[-1]) / m
    dWs, dbs = [], []
    for i in range(len(Ws) - 1, -1, -1):
        dWs.insert(0, D.T @ As[i])
        dbs.insert(0, D.sum(axis=0).reshape(-1, 1))
        D = (D @ Ws[i]) * As[i] * (1 - As[i])
    return tuple(dWs), tuple(dbs)


def backward_by_samples(Zs, As, Ws, Y):
    """One sample at a time, with the one-sample function, then the mean."""
    m = len(Y)
    total = None
    for s in range(m):
        dWs, dbs = backward_one([Z[s] for Z in Zs], [A[s] for A in As], Ws, Y[s])
        if total is None:
            total = [list(dWs), list(dbs)]
        else:
            total = [[t + d for t, d in zip(total[0], dWs, strict=True)],
                     [t + d for t, d in zip(total[1], dbs, strict=True)]]
    return [d / m for d in total[0]], [d / m for d in total[1]]


@pytest.mark.parametrize("function", [backward_with_a_times_one_minus_a, backward_by_samples])
def test_exercise_2_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch09.exercise_2, function)


def backward_one_row_form(zs, activations, Ws, y):
    delta = 2 * (activations[-1] - y) * sigmoid_prime(zs[-1])
    dWs, dbs = [], []
    for i in range(len(Ws) - 1, -1, -1):
        dWs.insert(0, delta[:, None] * activations[i][None, :])
        dbs.insert(0, delta)
        delta = (delta @ Ws[i]) * sigmoid_prime(zs[i - 1]) if i > 0 else None
    return dWs, dbs


def test_exercise_3_accepts_other_implementations(capsys):
    assert_passes(capsys, ch09.exercise_3, backward_one_row_form)


def gradient_error_on_a_copy_vectorised(loss, grad, p, h=1e-5):
    g = np.asarray(grad(p), dtype=float)
    steps = np.eye(len(p)) * h
    n = np.array([(loss(p + e) - loss(p - e)) / (2 * h) for e in steps])
    return np.max(np.abs(g - n) / np.maximum(1, np.abs(g) + np.abs(n)))  # a numpy float


@pytest.mark.parametrize("wrong", [("db1", "dW1"), {"dW1", "db1"}])
def test_exercise_4_accepts_other_forms(capsys, wrong):
    assert_passes(capsys, ch09.exercise_4, gradient_error_on_a_copy_vectorised, wrong)


def summed_by_samples(network, X, Y):
    dWs = dbs = None
    for x, y in zip(X, Y, strict=True):
        w, b = network.gradient(x[None, :], y[None, :])
        dWs = w if dWs is None else [a + c for a, c in zip(dWs, w, strict=True)]
        dbs = b if dbs is None else [a + c for a, c in zip(dbs, b, strict=True)]
    return dWs, dbs


def test_exercise_5_accepts_other_implementations(capsys):
    assert_passes(capsys, ch09.exercise_5, summed_by_samples, np.float64(10))


def test_exercise_6_accepts_lists(capsys):
    assert_passes(capsys, ch09.exercise_6, *(np.asarray(v).tolist() for v in TINY))


# ------------------------------------------------------------ the student's placeholders
PLACEHOLDERS = [
    (ch09.exercise_1, (dict.fromkeys(SHAPES),), r"shapes\['X'\] is still None"),
    (ch09.exercise_2, (not_implemented,), "backward still raises NotImplementedError"),
    (ch09.exercise_3, (not_implemented,), "backward_one still raises NotImplementedError"),
    (ch09.exercise_4, (not_implemented, None),
     "gradient_error still raises NotImplementedError"),
    (ch09.exercise_4, (gradient_error, None), "wrong is None"),
    (ch09.exercise_5, (not_implemented, None), "summed_gradient still raises"),
    (ch09.exercise_5, (summed_gradient, None), "alpha_mean is None"),
    (ch09.exercise_6, (None, None, None, None), "delta2 is None"),
    (ch09.exercise_7, (dict.fromkeys(SETTINGS),), r"settings\['scale'\] is None"),
]


@pytest.mark.parametrize("check, args, match", PLACEHOLDERS)
def test_placeholder_fails_clearly(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


# ------------------------------------------------------------------ typical mistakes
def shapes_with(**changes):
    return {**SHAPES, **changes}


MISTAKES_1 = [
    (shapes_with(Z1=(5, 7)), "one column per sample: the book stores one ROW per sample"),
    (shapes_with(X=(4, 7)), r"shapes\['X'\] is \(4, 7\), one column per sample"),
    (shapes_with(W1=(4, 5)), r"shapes\['W1'\] is \(4, 5\), transposed"),
    (shapes_with(dW2=(5, 3)), r"shapes\['dW2'\] is \(5, 3\), transposed"),
    (shapes_with(dW1=(7, 5, 4)), "the number of samples m = 7 has no place"),
    (shapes_with(db1=(7, 5)), "db keeps one entry per node"),
    (shapes_with(db2=(7,)), "one number per sample: db is summed over the samples"),
    (shapes_with(b1=(1, 5)), "flat vectors"),
    (shapes_with(b1=(4,)), "one entry per node of layer l"),
    (shapes_with(delta1=(7, 4)), "one row per sample is right, but count the columns"),
    (shapes_with(delta2=(3, 3)), "Δ\\^l has the shape of Z\\^l"),
    (shapes_with(W2=(3, 4)), "one row per node of layer l, one column per node"),
    (shapes_with(Z1=(5, 7), A1=(5, 7), Z2=(3, 7), A2=(3, 7), delta1=(5, 7)),
     r"(?s)Z1.*A1.*Z2.*A2.*… and 1 more\."),
]


@pytest.mark.parametrize("shapes, match", MISTAKES_1)
def test_exercise_1_names_the_mistake(capsys, shapes, match):
    assert_fails(capsys, ch09.exercise_1, (shapes,), match)


def variant(**options):
    def backward(Zs, As, Ws, Y):
        return ch09.batch_backward(Zs, As, Ws, Y, **options)
    return backward


def mean_twice(Zs, As, Ws, Y):
    dWs, dbs = backward(Zs, As, Ws, Y)
    return [d / len(Y) for d in dWs], [d / len(Y) for d in dbs]


def wrong_sign(Zs, As, Ws, Y):
    dWs, dbs = backward(Zs, As, Ws, Y)
    return [-d for d in dWs], [-d for d in dbs]


def db_wrong_axis(Zs, As, Ws, Y):
    dWs, dbs = backward(Zs, As, Ws, Y)
    m = len(Y)
    D = 2 * (As[-1] - Y) * sigmoid_prime(Zs[-1])
    dbs[-1] = D.sum(axis=1) / m
    return dWs, dbs


def db_not_summed(Zs, As, Ws, Y):
    dWs, dbs = backward(Zs, As, Ws, Y)
    D = 2 * (As[-1] - Y) * sigmoid_prime(Zs[-1])
    dbs[-1] = D / len(Y)
    return dWs, dbs


def reversed_lists(Zs, As, Ws, Y):
    dWs, dbs = backward(Zs, As, Ws, Y)
    return dWs[::-1], dbs[::-1]


def extra_transpose_in_delta(Zs, As, Ws, Y):
    m = len(Y)
    D = 2 * (As[-1] - Y) * sigmoid_prime(Zs[-1])
    dWs, dbs = [None] * len(Ws), [None] * len(Ws)
    for i in reversed(range(len(Ws))):
        dWs[i] = D.T @ As[i] / m
        dbs[i] = D.sum(axis=0) / m
        if i > 0:
            D = (D @ Ws[i].T) * sigmoid_prime(Zs[i - 1])
    return dWs, dbs


def in_place(Zs, As, Ws, Y):
    result = backward(Zs, As, Ws, Y)
    Ws[0] -= 0.1 * result[0][0]
    return result


def calls_the_network(Zs, As, Ws, Y):
    network = Network([2, 3, 1])
    return network.gradient(As[0], Y)


def slightly_off(Zs, As, Ws, Y):
    dWs, dbs = backward(Zs, As, Ws, Y)
    dWs[0] = dWs[0] * 1.01
    return dWs, dbs


def one_layer_short(Zs, As, Ws, Y):
    dWs, dbs = backward(Zs, As, Ws, Y)
    return dWs[1:], dbs[1:]


MISTAKES_2 = [
    (variant(last_prime=False, hidden_prime=False), "forgets f′\\(z\\): every δ"),
    (variant(last_prime=False), "forgets f′\\(z\\) at the output layer"),
    (variant(hidden_prime=False), "forgets f′\\(z\\) in the hidden layers"),
    (variant(prime="a"), "uses a instead of z in f′"),
    (variant(mean=False), "forgets 1/m"),
    (mean_twice, "divides by m twice"),
    (variant(factor=1.0), "forgets the factor 2"),
    (wrong_sign, "has the wrong sign"),
    (variant(transpose=True), r"dWs\[0\] of shape \(2, 3\), but W has the shape \(3, 2\): "
                              "a missing transpose"),
    (db_wrong_axis, "summed over the wrong axis"),
    (db_not_summed, "one row per sample: add the rows up over the samples, axis 0"),
    (reversed_lists, "the layers in the wrong order"),
    (extra_transpose_in_delta, r"(?s)raised ValueError: .*Check the shape of every product"),
    (in_place, "changed its argument Ws in place"),
    (calls_the_network, "calls the package's Network"),
    (slightly_off, r"for the network \[2, 3, 1\] and m = 4, your dWs\[0\] "
                   r"\(layer 1, a hidden layer\)"),
    (one_layer_short, r"returned dWs with 1 item\(s\): the network has 2 layers"),
]


@pytest.mark.parametrize("function, match", MISTAKES_2)
def test_exercise_2_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch09.exercise_2, (function,), match)


def one_transposed_outer(zs, activations, Ws, y):
    dWs, dbs = backward_one(zs, activations, Ws, y)
    return [dW.T for dW in dWs], dbs


def one_without_hidden_prime(zs, activations, Ws, y):
    delta = 2 * (activations[-1] - y) * sigmoid_prime(zs[-1])
    dWs, dbs = [None] * len(Ws), [None] * len(Ws)
    for i in reversed(range(len(Ws))):
        dWs[i] = np.outer(delta, activations[i])
        dbs[i] = delta
        if i > 0:
            delta = Ws[i].T @ delta
    return dWs, dbs


def only_square_right(zs, activations, Ws, y):
    if Ws[-1].shape[0] != Ws[-1].shape[1]:
        raise ValueError("matmul: Input operand 1 has a mismatch in its core dimension 0")
    return backward_one(zs, activations, Ws, y)


MISTAKES_3 = [
    (ch09.buggy_backward_one, r"network \[3, 3, 3\] gives the buggy function's numbers: "
                              r"δ\^l needs \(W\^\(l\+1\)\)ᵀ δ\^\(l\+1\), the transpose.*square"),
    (one_transposed_outer, r"\[3, 3, 3\]: your dWs\[0\] is transposed"),
    (one_without_hidden_prime, r"\[3, 3, 3\]: your dWs\[0\] differs from the gradient"),
    (only_square_right, r"(?s)network \[2, 4, 3\] raised ValueError.*Check the shape of every "
                        r"product: W\^\(l\+1\) is \(N_\(l\+1\), N_l\)"),
]


@pytest.mark.parametrize("function, match", MISTAKES_3)
def test_exercise_3_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch09.exercise_3, (function,), match)


def error_by(difference, scale):
    """A gradient_error built from ``difference(loss, p, h)`` and a ``scale(g, n)`` rule."""
    def gradient_error(loss, grad, p, h=1e-5):
        g = np.ravel(grad(p))
        n = difference(loss, np.array(p, dtype=float), h)
        return scale(g, n)
    return gradient_error


def one_sided(sign):
    def difference(loss, p, h):
        n = np.zeros(len(p))
        for i in range(len(p)):
            moved = p.copy()
            moved[i] += sign * h
            n[i] = sign * (loss(moved) - loss(p)) / h
        return n
    return difference


def relative(g, n):
    return np.max(np.abs(g - n) / np.maximum(1, np.abs(g) + np.abs(n)))


def moves_p(loss, grad, p, h=1e-5):
    g = np.ravel(grad(p))
    n = np.zeros(len(p))
    for i in range(len(p)):
        p[i] += h
        up = loss(p)
        p[i] -= 2 * h
        down = loss(p)
        n[i] = (up - down) / (2 * h)
    return relative(g, n)


def uses_the_package(loss, grad, p, h=1e-5):
    from backprop_book.calculus import gradient_check
    return gradient_check(loss, grad, p, dx=h)


MISTAKES_4 = [
    (error_by(one_sided(+1), relative), r"one-sided difference, \(f\(p \+ h\) − f\(p\)\) / h"),
    (error_by(one_sided(-1), relative), r"one-sided difference, .* or \(f\(p\) − f\(p − h\)\)"),
    (error_by(lambda loss, p, h: 2 * central_differences(loss, p, h), relative),
     "instead of 2h"),
    (error_by(central_differences, lambda g, n: np.max(np.abs(g - n))),
     "returns the plain difference"),
    (error_by(central_differences, lambda g, n: np.max(np.abs(g - n) / (np.abs(g) + np.abs(n)))),
     r"divides by \|g_i\| \+ \|n_i\| alone"),
    (error_by(central_differences, lambda g, n: np.max(np.abs(g - n) / np.maximum(1, abs(n)))),
     "divides by the numerical slope alone"),
    (error_by(central_differences, lambda g, n: np.max(np.abs(g - n) / np.maximum(1, abs(g)))),
     "divides by the formula's slope alone"),
    (error_by(central_differences, lambda g, n: np.mean(
        np.abs(g - n) / np.maximum(1, np.abs(g) + np.abs(n)))), "takes the mean over"),
    (error_by(central_differences, lambda g, n: np.abs(g - n) / np.maximum(1, abs(g) + abs(n))),
     "returned 4 numbers: return ONE number"),
    (moves_p, "changed p: after moving an entry by ±h, put it back"),
    (uses_the_package, "calls gradient_check from the package"),
    (lambda loss, grad, p, h=1e-5: 0.5, "for the exact gradient, your gradient_error returned "
                                        "0.5: a right gradient should give about 1e-9"),
    (error_by(central_differences, lambda g, n: 1.1 * relative(g, n)),
     r"for a gradient with one entry 1\.5 times too large, .* the largest relative error is"),
]


@pytest.mark.parametrize("function, match", MISTAKES_4)
def test_exercise_4_names_the_function_mistake(capsys, function, match):
    assert_fails(capsys, ch09.exercise_4, (function, WRONG), match)


MISTAKES_4_WRONG = [
    (["dW1"], r"wrong = \['dW1'\]: not quite\. it fails db1 \(an error far above"),
    ("dW1", r"wrong = \['dW1'\]: not quite"),
    (["dW1", "db1", "dW2"], "the gradient check passes dW2 \\(an error of about"),
    ([], r"wrong = \[\]: not quite\. it fails dW1, db1"),
]


@pytest.mark.parametrize("wrong, match", MISTAKES_4_WRONG)
def test_exercise_4_names_the_wrong_arrays(capsys, wrong, match):
    assert_fails(capsys, ch09.exercise_4, (gradient_error, wrong), match)


def mean_gradient(network, X, Y):
    return network.gradient(X, Y)


def divided(network, X, Y):
    dWs, dbs = network.gradient(X, Y)
    return [d / len(X) for d in dWs], [d / len(X) for d in dbs]


def takes_a_step(network, X, Y):
    result = summed_gradient(network, X, Y)
    network.step(*result, 0.1)
    return result


MISTAKES_5 = [
    ((mean_gradient, ALPHA_MEAN), "returns the gradients of the MEAN loss"),
    ((divided, ALPHA_MEAN), "divides by m: network.gradient is already"),
    ((summed_gradient, 0.001), "the wrong way round"),
    ((summed_gradient, 0.1), "is chapter 8's α itself"),
    ((summed_gradient, 5.0), "alpha_mean = 5: a step −α"),
    ((mean_gradient, 0.001), "(?s)MEAN loss.*\nalpha_mean = 0.001 is the wrong way round"),
    ((takes_a_step, ALPHA_MEAN), "changed the network's weights"),
    ((lambda network, X, Y: network.gradient(X, Y)[0], ALPHA_MEAN),
     "returned an array of shape \\(3, 2\\) as dWs: return a list"),
]


@pytest.mark.parametrize("args, match", MISTAKES_5)
def test_exercise_5_names_the_mistake(capsys, args, match):
    assert_fails(capsys, ch09.exercise_5, args, match)


def tiny_with(**changes):
    values = {"delta2": T["delta2"], "delta1": T["delta1"], "dW2": T["dW2"], "dW1": T["dW1"],
              **changes}
    return values["delta2"], values["delta1"], values["dW2"], values["dW1"]


OLD_DELTA2 = 2 * (T["a2"] - T["y"])
MISTAKES_6 = [
    (tiny_with(delta2=OLD_DELTA2, dW2=np.outer(OLD_DELTA2, T["a1"])),
     r"(?s)delta2 = .* the δ of chapters 5 to 8.*dW2 = .* fix delta2 first"),
    (tiny_with(delta2=T["delta2"] / 2), "forgets the factor 2"),
    (tiny_with(delta2=-T["delta2"]), "delta2 = .* has the wrong sign"),
    (tiny_with(delta2=2 * (T["a2"] - T["y"]) * sigmoid_prime(T["a2"])),
     "delta2 = .* uses a instead of z"),
    (tiny_with(delta1=(T["W2"] @ T["delta2"]) * sigmoid_prime(T["z1"])),
     "delta1 = .* has a missing transpose"),
    (tiny_with(delta1=T["W2"].T @ T["delta2"]), "delta1 = .* forgets f′\\(z¹\\)"),
    (tiny_with(delta1=(T["W2"].T @ T["delta2"]) * sigmoid_prime(T["a1"])),
     "delta1 = .* uses a instead of z"),
    (tiny_with(delta1=(T["W2"].T @ OLD_DELTA2) * sigmoid_prime(T["z1"])),
     "propagates 2\\(a − y\\) instead of δ²"),
    (tiny_with(dW2=np.outer(T["a1"], T["delta2"])), "dW2 = .* is transposed"),
    (tiny_with(dW2=np.outer(T["delta2"], T["x"])), "multiplies δ² by x"),
    (tiny_with(dW2=np.outer(T["delta2"], T["a2"])), "multiplies δ² by a²"),
    (tiny_with(dW1=np.outer(T["x"], T["delta1"])), "dW1 = .* is transposed"),
    (tiny_with(dW1=np.outer(T["delta1"], T["a1"])), "multiplies δ¹ by a¹"),
    (tiny_with(dW1=np.round(T["dW1"], 4)), "dW1 = .* is close, but not exact"),
    (tiny_with(dW1=T["dW1"] + 1), "dW1 = .* is not right. Work from the chapter's formulas"),
]


@pytest.mark.parametrize("args, match", MISTAKES_6)
def test_exercise_6_names_the_mistake(capsys, args, match):
    assert_fails(capsys, ch09.exercise_6, args, match)


MISTAKES_7 = [
    (QUICK_FAIL, r"(?s)with these settings 0 of 8 seeds learn XOR.*A scale of 0\.1.*"
                 "short walk.*'binary_cross_entropy' removes it"),
    ({**SETTINGS, "epochs": 5}, r"0 of 8 seeds.*Learning rate × epochs = 10 is a short walk"),
]


@pytest.mark.parametrize("settings, match", MISTAKES_7)
def test_exercise_7_names_the_mistake(capsys, settings, match):
    assert_fails(capsys, ch09.exercise_7, (settings,), match)


# ---------------------------------------------------------------------- bad input
NAN = float("nan")
BAD_INPUT = [
    # exercise 9.1
    (ch09.exercise_1, (None,), "shapes is None"),
    (ch09.exercise_1, ([(7, 4)],), "shapes should be a dictionary"),
    (ch09.exercise_1, ({"X": (7, 4)},), "shapes has no entry for 'W1'"),
    (ch09.exercise_1, ({**SHAPES, "W3": (1, 1)},), "shapes has unknown keys 'W3'"),
    (ch09.exercise_1, (shapes_with(X="7, 4"),), r"shapes\['X'\] is the string '7, 4'"),
    (ch09.exercise_1, (shapes_with(X=(7.5, 4)),), "should hold whole numbers only"),
    (ch09.exercise_1, (shapes_with(X=(NAN, 4)),), "should hold whole numbers only"),
    (ch09.exercise_1, (shapes_with(X=True),), r"shapes\['X'\] is True"),
    # exercise 9.2
    (ch09.exercise_2, (None,), "backward is None: define it"),
    (ch09.exercise_2, ("backward",), "backward should be a function"),
    (ch09.exercise_2, (raises_value_error,), r"backward\(Zs, As, Ws, Y\) for the network "
                                             r"\[2, 3, 1\] and a batch of m = 4 raised "
                                             "ValueError: boom"),
    (ch09.exercise_2, (lambda Zs, As, Ws: Ws,), "raised TypeError"),
    (ch09.exercise_2, (lambda Zs, As, Ws, Y: None,), "returned None: end the function with "
                                                     "`return dWs, dbs`"),
    (ch09.exercise_2, (lambda Zs, As, Ws, Y: Ws[0],), "return the two lists as a pair"),
    (ch09.exercise_2, (lambda Zs, As, Ws, Y: (Ws[0], Ws[0]),), "as dWs: return a list"),
    (ch09.exercise_2, (lambda Zs, As, Ws, Y: ([None] * len(Ws), [None] * len(Ws)),),
     r"returned None for dWs\[0\]"),
    (ch09.exercise_2, (lambda Zs, As, Ws, Y: (["W"] * len(Ws), [None] * len(Ws)),),
     r"the string 'W' for dWs\[0\]"),
    (ch09.exercise_2, (lambda Zs, As, Ws, Y: ([W * NAN for W in Ws], [None] * len(Ws)),),
     r"dWs\[0\] containing nan"),
    (ch09.exercise_2, (lambda Zs, As, Ws, Y: (Ws, [np.zeros(9)] * len(Ws)),),
     r"dbs\[0\] of shape \(9,\): it must have one entry per node"),
    (ch09.exercise_2, (lambda Zs, As, Ws, Y: (Ws, [[1, "b"]] * len(Ws)),),
     r"dbs\[0\] that is not an array of numbers"),
    # exercise 9.3
    (ch09.exercise_3, (None,), "backward_one is None: define it"),
    (ch09.exercise_3, (3,), "backward_one should be a function"),
    (ch09.exercise_3, (raises_value_error,), "raised ValueError: boom"),
    (ch09.exercise_3, (lambda zs, a, Ws, y: (None, None),), "returned None as dWs|as dWs"),
    # exercise 9.4
    (ch09.exercise_4, (None, WRONG), "gradient_error is None: define it"),
    (ch09.exercise_4, (raises_value_error, WRONG), "raised ValueError: boom"),
    (ch09.exercise_4, (lambda loss, grad, p: None, WRONG), "returned None"),
    (ch09.exercise_4, (lambda loss, grad, p: "small", WRONG), "without quotes"),
    (ch09.exercise_4, (lambda loss, grad, p: NAN, WRONG), "is nan"),
    (ch09.exercise_4, (gradient_error, ["W1"]), "'W1', which is not one of the arrays"),
    (ch09.exercise_4, (gradient_error, [1]), "give the names as strings"),
    (ch09.exercise_4, (gradient_error, 3.5), "should be a list of names"),
    # exercise 9.5
    (ch09.exercise_5, (None, ALPHA_MEAN), "summed_gradient is None: define it"),
    (ch09.exercise_5, (summed_gradient, "10"), "alpha_mean is the string '10'"),
    (ch09.exercise_5, (summed_gradient, NAN), "alpha_mean is nan"),
    (ch09.exercise_5, (summed_gradient, [10.0]), "alpha_mean should be a single number"),
    (ch09.exercise_5, (raises_value_error, ALPHA_MEAN), "raised ValueError: boom"),
    (ch09.exercise_5, (lambda network, X, Y: None, ALPHA_MEAN), "returned None"),
    # exercise 9.6
    (ch09.exercise_6, ("0.1, 0.2", *TINY[1:]), "delta2 should be a vector of 2 numbers"),
    (ch09.exercise_6, (0.5, *TINY[1:]), "delta2 should be a vector of 2 numbers"),
    (ch09.exercise_6, (TINY[0], np.zeros(3), *TINY[2:]), r"delta1 should be .* shape \(3,\)"),
    (ch09.exercise_6, (*TINY[:2], np.zeros(4), TINY[3]), r"dW2 should be a 2 × 2 matrix, "
                                                          r"but it has shape \(4,\)"),
    (ch09.exercise_6, (*TINY[:3], T["dW1"] * NAN), "dW1 contains nan"),
    (ch09.exercise_6, (*TINY[:3], [[1, "a"], [2, 3]]), "dW1 should be a 2 × 2 matrix of "
                                                        "numbers"),
    # exercise 9.7
    (ch09.exercise_7, (None,), "settings is None"),
    (ch09.exercise_7, ([1.0, 2.0],), "settings should be a dictionary"),
    (ch09.exercise_7, ({"scale": 1.0},), "settings has no entry for 'learning_rate'"),
    (ch09.exercise_7, ({**SETTINGS, "epochs": 5000},), "from 1 to 2000"),
    (ch09.exercise_7, ({**SETTINGS, "epochs": 2.5},), "give a whole number of epochs"),
    (ch09.exercise_7, ({**SETTINGS, "loss": "ce"},), "settings\\['loss'\\] = 'ce': choose"),
    (ch09.exercise_7, ({**SETTINGS, "scale": -1.0},), "must be positive"),
    (ch09.exercise_7, ({**SETTINGS, "learning_rate": "2"},), "is the string '2'"),
    (ch09.exercise_7, ({**SETTINGS, "scale": NAN},), r"settings\['scale'\] is nan"),
]


@pytest.mark.parametrize("check, args, match", BAD_INPUT)
def test_bad_input_gives_a_clear_message(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


# -------------------------------------------------------------- the checker itself
def test_expected_values_come_from_the_package():
    assert ch09.expected_91() == SHAPES
    for network, X, Y in ch09._cases_92():
        sizes = [network.weights[0].shape[1]] + [W.shape[0] for W in network.weights]
        assert len(X) not in sizes[1:] or len(X) == 1     # shapes tell m from N_l
        Zs, As = ch09.forward_cache(network, X)
        for got, want in zip(ch09.batch_backward(Zs, As, network.weights, Y),
                             network.gradient(X, Y), strict=True):
            for g, w in zip(got, want, strict=True):
                np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-15)
    assert any(all(W.shape[0] == W.shape[1] for W in network.weights[1:])
               for network, _, _ in ch09._cases_92())
    assert ch09.expected_alpha_95() == pytest.approx(ALPHA_MEAN)
    assert ch09.wrong_arrays_94() == WRONG


def test_the_square_cases_hide_the_transpose_bug():
    """The bug runs (and is wrong) on the square networks and crashes on the others."""
    for network, x, y in ch09._cases_93():
        zs, activations = ch09._one_sample(network, x)
        if ch09._is_square_case(network):
            dWs, _ = ch09.buggy_backward_one(zs, activations, network.weights, y)
            right, _ = network.gradient(x, y)
            assert [d.shape for d in dWs] == [W.shape for W in network.weights]
            assert not np.allclose(dWs[0], right[0])
        else:
            with pytest.raises(ValueError):
                ch09.buggy_backward_one(zs, activations, network.weights, y)


def test_the_planted_errors_of_exercise_4_are_measured_exactly():
    _, grad, p = ch09._test_function_94()
    cases = ch09._cases_94()
    assert ch09.expected_94(*cases[0][1:]) < 1e-9
    assert ch09.expected_94(*cases[1][1:]) == pytest.approx(0.2, rel=1e-6)
    assert ch09.expected_94(*cases[2][1:]) == pytest.approx(1.0, rel=1e-6)
    assert ch09.expected_94(*cases[4][1:]) == pytest.approx(1e-4, rel=1e-4)
    assert np.all(np.abs(grad(p)) > 1)     # the floor max(1, …) matters only in case 4


def _cell(cell_id):
    nb = nbformat.read(WORKBOOK, as_version=4)
    return next(cell.source for cell in nb.cells if cell.id == cell_id)


def _namespace():
    namespace = {}
    exec(_cell("setup"), namespace)   # the workbook's own code
    return namespace


def test_the_workbook_shows_the_checks_buggy_functions(capsys):
    namespace = _namespace()
    exec(_cell("ex3-bug"), namespace)
    exec(_cell("ex4-suspect"), namespace)
    capsys.readouterr()
    for network, x, y in ch09._cases_93():
        if ch09._is_square_case(network):
            zs, activations = ch09._one_sample(network, x)
            shown = namespace["backward_one_buggy"](zs, activations, network.weights, y)
            kept = ch09.buggy_backward_one(zs, activations, network.weights, y)
            for a, b in zip(shown[0] + shown[1], kept[0] + kept[1], strict=True):
                np.testing.assert_array_equal(a, b)
    network, X, Y = ch09.suspect_network()
    shown = namespace["suspect_backward"](network, X, Y)
    kept = ch09.suspect_backward(network, X, Y)
    for a, b in zip(shown[0] + shown[1], kept[0] + kept[1], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-16)


def test_the_source_settings_fail_and_the_reference_settings_learn():
    assert ch09.xor_successes(0.1, 0.1, 300, "mse", seeds=2) == 0
