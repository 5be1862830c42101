"""Tests of the chapter 05 exercise checks (``backprop_book/checks/ch05.py``).

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

from backprop_book.checks import CheckError, ch05
from backprop_book.data import TRAINING_X, TRAINING_Y
from backprop_book.neuron import Node, node_loss_gradient
from tests.check_helpers import (
    assert_fails,
    assert_passes,
    not_implemented,
    raises_value_error,
    sigmoid,
)

XS, Y0S = TRAINING_X.tolist(), TRAINING_Y.tolist()
SOFT = [0.8, 0.6, 0.3]


# Reference answers, as the workbook's solutions give them, written from the formulas.
def dloss_dw1(w1, w2, w3, b):
    y3 = sigmoid(w1 + w3 + b)
    return 2 / 3 * y3 * y3 * (1 - y3)


def dloss_dw2(w1, w2, w3, b):
    y2 = sigmoid(w2 + b)
    return 2 / 3 * (y2 - 1) * y2 * (1 - y2)


dloss_dw3 = dloss_dw1


def dloss_db(w1, w2, w3, b):
    y1, y2, y3 = sigmoid(b), sigmoid(w2 + b), sigmoid(w1 + w3 + b)
    return 2 / 3 * ((y1 - 1) * y1 * (1 - y1) + (y2 - 1) * y2 * (1 - y2) + y3 * y3 * (1 - y3))


FUNCTIONS_1 = (dloss_dw1, dloss_dw2, dloss_dw3, dloss_db)


def sse_gradient(w1, w2, w3, b):
    ya, yb, yc = sigmoid(b), sigmoid(w2 + b), sigmoid(w1 + w3 + b)
    dsa, dsb, dsc = ya * (1 - ya), yb * (1 - yb), yc * (1 - yc)
    dw1 = 2 * (yc - 0) * dsc
    dw2 = 2 * (yb - 1) * dsb
    db = 2 * (ya - 1) * dsa + 2 * (yb - 1) * dsb + 2 * (yc - 0) * dsc
    return dw1, dw2, dw1, db


def train(node, alpha, iterations, targets=Y0S):
    losses = []
    for _ in range(iterations):
        for x, y0 in zip(XS, targets, strict=True):
            node.forward(x)
            node.backward(node.mse_loss(y0))
        losses.append(node.loss)
        node.update(alpha)
    return losses


def final_loss(node, targets=Y0S):
    return sum((node.forward(x) - y0) ** 2 for x, y0 in zip(XS, targets, strict=True))


def after_training(alpha, iterations):
    """(L_SSE after the last update, outputs) of Node(seed=0) trained as the exercise says."""
    node = Node(seed=0)
    train(node, alpha, iterations)
    return final_loss(node), [node.forward(x) for x in XS]


LOSS_SLOW = train(Node(seed=0), 0.01, 100)[-1]
LOSS_FAST = train(Node(seed=0), 0.1, 100)[-1]
_LONG = Node(seed=0)
LOSS_LONG = train(_LONG, 0.1, 1000)[-1]
OUTPUTS = [_LONG.forward(x) for x in XS]
ANSWERS_3 = (LOSS_SLOW, LOSS_FAST, LOSS_LONG, OUTPUTS)


def node_gradient(w, b, xs, y0s):
    dw, db = [0.0] * len(w), 0.0
    for x, y0 in zip(xs, y0s, strict=True):
        y = sigmoid(sum(wi * xi for wi, xi in zip(w, x, strict=True)) + b)
        term = 2 * (y - y0) * y * (1 - y)
        for i in range(len(w)):
            dw[i] += term * x[i]
        db += term
    return dw, db


def loop(clear="iteration", reset_loss=True, sign=-1.0, copy=True):
    """A student's train(w, b, alpha, iterations, y0s) for exercise 5.6: right by default,
    or with the sums cleared "never", "dw only", "db only" or per "sample"."""
    def train_loop(w, b, alpha, iterations, y0s):
        w = list(w) if copy else w
        dw, db, loss, losses = [0.0, 0.0, 0.0], 0.0, 0.0, []
        for _ in range(iterations):
            if clear in ("iteration", "dw only"):
                dw = [0.0, 0.0, 0.0]
            if clear in ("iteration", "db only"):
                db = 0.0
            if reset_loss:
                loss = 0.0
            for x, y0 in zip(XS, y0s, strict=True):
                if clear == "sample":
                    dw, db = [0.0, 0.0, 0.0], 0.0
                y = sigmoid(w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + b)
                loss += (y - y0) ** 2
                delta = 2 * (y - y0)
                for i in range(3):
                    dw[i] += delta * y * (1 - y) * x[i]
                db += delta * y * (1 - y)
            losses.append(loss)
            for i in range(3):
                w[i] += sign * alpha * dw[i]
            b += sign * alpha * db
        return w, b, losses
    return train_loop


REFERENCE = {
    "5.1": (ch05.exercise_1, FUNCTIONS_1),
    "5.2": (ch05.exercise_2, (sse_gradient,)),
    "5.3": (ch05.exercise_3, ANSWERS_3),
    "5.4": (ch05.exercise_4, (node_gradient,)),
    "5.5": (ch05.exercise_5, (3.0, 30.0)),
    "5.6": (ch05.exercise_6, (loop(),)),
}


# ----------------------------------------------------------------- reference answers
@pytest.mark.parametrize("number", sorted(REFERENCE))
def test_reference_answer_passes(capsys, number):
    check, args = REFERENCE[number]
    assert check.exercise == number
    assert_passes(capsys, check, *args)


def with_numpy(w1, w2, w3, b):
    from backprop_book.activations import sigmoid as np_sigmoid
    y3 = np_sigmoid(w1 + w3 + b)
    return 2 / 3 * y3 * y3 * (1 - y3)


def db_from_exp(w1, w2, w3, b):
    """σ′ in the form e^(−z) / (1 + e^(−z))², written out term by term with every input."""
    total = 0.0
    for x, y0 in zip(XS, Y0S, strict=True):
        z = w1 * x[0] + w2 * x[1] + w3 * x[2] + b
        y = sigmoid(z)
        total += 2 * (y - y0) * math.exp(-z) / (1 + math.exp(-z)) ** 2 * 1
    return total / 3


@pytest.mark.parametrize("functions", [
    (with_numpy, dloss_dw2, with_numpy, dloss_db),
    (dloss_dw3, dloss_dw2, dloss_dw1, db_from_exp),
    (lambda *p: np.float64(dloss_dw1(*p)), dloss_dw2, dloss_dw3, lambda *p: np.array(dloss_db(*p))),
])
def test_exercise_1_accepts_other_forms(capsys, functions):
    assert_passes(capsys, ch05.exercise_1, *functions)


def sse_as_list(w1, w2, w3, b):
    return list(sse_gradient(w1, w2, w3, b))


def sse_as_array(w1, w2, w3, b):
    return np.array(sse_gradient(w1, w2, w3, b))


def sse_with_the_node(w1, w2, w3, b):
    node = Node()
    node.w, node.b = [w1, w2, w3], b
    for x, y0 in zip(XS, Y0S, strict=True):
        node.forward(x)
        node.backward(node.mse_loss(y0))
    return (*node.dw, node.db)


@pytest.mark.parametrize("function", [sse_as_list, sse_as_array, sse_with_the_node])
def test_exercise_2_accepts_other_forms(capsys, function):
    assert_passes(capsys, ch05.exercise_2, function)


@pytest.mark.parametrize("answers", [
    # the loss after the last update instead of the last one measured
    (after_training(0.01, 100)[0], after_training(0.1, 100)[0], after_training(0.1, 1000)[0],
     OUTPUTS),
    (LOSS_SLOW, LOSS_FAST, LOSS_LONG, tuple(OUTPUTS)),
    (np.float64(LOSS_SLOW), np.array(LOSS_FAST), LOSS_LONG, np.array(OUTPUTS)),
    (LOSS_SLOW * (1 + 1e-9), LOSS_FAST, LOSS_LONG, OUTPUTS),
])
def test_exercise_3_accepts_other_readings(capsys, answers):
    assert_passes(capsys, ch05.exercise_3, *answers)


def test_exercise_3_accepts_the_outputs_of_the_last_pass(capsys):
    node = Node(seed=0)
    train(node, 0.1, 999)
    last_pass = [node.forward(x) for x in XS]
    assert_passes(capsys, ch05.exercise_3, LOSS_SLOW, LOSS_FAST, LOSS_LONG, last_pass)


def gradient_with_numpy(w, b, xs, y0s):
    w, xs, y0s = (np.asarray(v, dtype=float) for v in (w, xs, y0s))
    y = 1 / (1 + np.exp(-(xs @ w + b)))
    term = 2 * (y - y0s) * y * (1 - y)
    return term @ xs, float(term.sum())


def gradient_with_the_node(w, b, xs, y0s):
    node = Node(n_inputs=len(w))
    node.w, node.b = list(np.asarray(w, dtype=float)), b
    for x, y0 in zip(xs, y0s, strict=True):
        node.forward(list(x))
        node.backward(node.mse_loss(y0))
    return node.dw, node.db


def gradient_as_list(w, b, xs, y0s):
    return list(node_gradient(w, b, xs, y0s))


@pytest.mark.parametrize("function", [gradient_with_numpy, gradient_with_the_node,
                                      gradient_as_list])
def test_exercise_4_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch05.exercise_4, function)


@pytest.mark.parametrize("answers", [(1.0, 20.0), (5, 100), (np.float64(2.5), 1000.0),
                                     (4.0, 16.0)])
def test_exercise_5_accepts_other_answers(capsys, answers):
    assert_passes(capsys, ch05.exercise_5, *answers)


def loop_clearing_after_the_update(w, b, alpha, iterations, y0s):
    w, dw, db, losses = list(w), [0.0] * 3, 0.0, []
    for _ in range(iterations):
        loss = 0.0
        for x, y0 in zip(XS, y0s, strict=True):
            y = sigmoid(sum(wi * xi for wi, xi in zip(w, x, strict=True)) + b)
            loss += (y - y0) ** 2
            for i in range(3):
                dw[i] += 2 * (y - y0) * y * (1 - y) * x[i]
            db += 2 * (y - y0) * y * (1 - y)
        losses.append(loss)
        w = [wi - alpha * dwi for wi, dwi in zip(w, dw, strict=True)]
        b -= alpha * db
        dw, db = [0.0] * 3, 0.0
    return np.array(w), b, tuple(losses)


def loop_with_the_node(w, b, alpha, iterations, y0s):
    node = Node()
    node.w, node.b = list(w), b
    losses = train(node, alpha, iterations, y0s)
    return node.w, node.b, losses


@pytest.mark.parametrize("function", [loop_clearing_after_the_update, loop_with_the_node])
def test_exercise_6_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch05.exercise_6, function)


def test_checks_silence_the_students_warnings(capsys):
    def noisy(w1, w2, w3, b):
        warnings.warn("from the student's code", stacklevel=1)
        np.float64(1e308) * 10
        return sse_gradient(w1, w2, w3, b)

    assert_passes(capsys, ch05.exercise_2, noisy)


# ------------------------------------------------------------ the student's placeholders
PLACEHOLDERS = [
    (ch05.exercise_1, (not_implemented,) * 4, "dloss_dw1 still raises NotImplementedError"),
    (ch05.exercise_1, (dloss_dw1, not_implemented, dloss_dw3, dloss_db),
     "dloss_dw2 still raises NotImplementedError"),
    (ch05.exercise_2, (not_implemented,), "sse_gradient still raises NotImplementedError"),
    (ch05.exercise_3, (None, None, None, None), "loss_slow is None"),
    (ch05.exercise_3, (LOSS_SLOW, LOSS_FAST, LOSS_LONG, None), "outputs is None"),
    (ch05.exercise_4, (not_implemented,), "node_gradient still raises NotImplementedError"),
    (ch05.exercise_5, (None, None), "alpha_good is None"),
    (ch05.exercise_5, (3.0, None), "alpha_bad is None"),
    (ch05.exercise_6, (not_implemented,), "train still raises NotImplementedError"),
]


@pytest.mark.parametrize("check, args, match", PLACEHOLDERS)
def test_placeholder_fails_clearly(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


# ------------------------------------------------------------------ typical mistakes
def pieces(w1, w2, w3, b):
    """Per sample: z, y, δ = 2(y − y0), and the inputs with a 1 for the bias."""
    rows = []
    for x, y0 in zip(XS, Y0S, strict=True):
        z = w1 * x[0] + w2 * x[1] + w3 * x[2] + b
        y = sigmoid(z)
        rows.append((z, y, 2 * (y - y0), [*x, 1.0]))
    return rows


def entry(j, factor=lambda z, y: y * (1 - y), scale=1 / 3, skip=None, only=None,
          delta=lambda d: d):
    """The j-th partial derivative (0 = w1 … 3 = b), built with a chosen σ′, scale and sign,
    optionally leaving out sample ``skip`` or keeping only sample ``only``."""
    def partial(w1, w2, w3, b):
        total = 0.0
        for k, (z, y, d, inputs) in enumerate(pieces(w1, w2, w3, b)):
            if k == skip or (only is not None and k != only):
                continue
            total += delta(d) * factor(z, y) * inputs[j]
        return scale * total
    return partial


def right(j):
    return entry(j)


def with_entry(j, wrong):
    functions = [right(i) for i in range(4)]
    functions[j] = wrong
    return tuple(functions)


MISTAKES_1 = [
    (tuple(entry(j, scale=1.0) for j in range(4)),
     "your dloss_dw1, dloss_dw2, dloss_dw3 and dloss_db are 3 times the partial derivatives "
     "of L_MSE: they are the slopes of the SUM"),
    (tuple(entry(j, delta=lambda d: -d) for j in range(4)), "all have the wrong sign"),
    (tuple(entry(j, scale=1 / 6) for j in range(4)), "are all half the right values"),
    (with_entry(1, entry(1, scale=1.0)), "your dloss_dw2 is 3 times ∂L_MSE/∂w2"),
    (with_entry(0, entry(0, scale=0.5)), "your dloss_dw1 is 1.5 times ∂L_MSE/∂w1: it adds up "
                                         "the samples instead of averaging them"),
    (with_entry(3, entry(3, delta=lambda d: -d)), "your dloss_db has the wrong sign: "
                                                  "δ = 2\\(y − y0\\)"),
    (with_entry(3, entry(3, scale=-1.0)), "your dloss_db has the wrong sign and is 3 times too "
                                          "large"),
    (with_entry(1, entry(1, factor=lambda z, y: 1.0)), "your dloss_dw2 is missing σ′\\(z\\)"),
    (with_entry(3, entry(3, factor=lambda z, y: 1.0)), "your dloss_db is missing σ′\\(z\\)"),
    (with_entry(0, entry(0, factor=lambda z, y: y)), "your dloss_dw1 uses σ\\(z\\) = y where "
                                                     "the slope"),
    (with_entry(3, entry(3, factor=lambda z, y: z * (1 - z))), "your dloss_db computes σ′ as "
                                                               "z\\(1 − z\\)"),
    (with_entry(0, entry(3)), "your dloss_dw1 is ∂L/∂b: it leaves out the input x1"),
    (with_entry(2, entry(1)), "your dloss_dw3 is ∂L/∂w2: the factor that multiplies w3 in z "
                              "is the input x3, not x2"),
    (with_entry(3, entry(0)), "your dloss_db has only the term of sample 3 \\(the same as "
                              "∂L/∂w1, as if the bias were multiplied by an input\\)"),
    (with_entry(3, entry(3, skip=0)), "your dloss_db leaves out the term of sample 1"),
    (with_entry(3, entry(3, skip=2)), "your dloss_db leaves out the term of sample 3"),
    (with_entry(3, entry(3, only=1)), "your dloss_db has only the term of sample 2 \\(the same "
                                      "as ∂L/∂w2"),
    (with_entry(3, entry(3, only=0)), "your dloss_db has only the term of sample 1: the bias"),
    (with_entry(1, lambda *p: dloss_dw2(*p) + 0.01), r"your dloss_dw2 gives -?\d.* at \(w1, w2, "
                                                     r"w3, b\) = \(1, 0\.5, -2, 1\), but "
                                                     r"∂L_MSE/∂w2 there"),
    ((entry(0, scale=1.0), entry(1, factor=lambda z, y: 1.0), right(2), right(3)),
     "(?s)your dloss_dw1 is 3 times.*\nyour dloss_dw2 is missing σ′"),
]


@pytest.mark.parametrize("functions, match", MISTAKES_1)
def test_exercise_1_names_the_mistake(capsys, functions, match):
    assert_fails(capsys, ch05.exercise_1, functions, match)


def sse_from(*partials):
    def student(w1, w2, w3, b):
        return tuple(float(f(w1, w2, w3, b)) for f in partials)
    return student


def sse_entries(**changes):
    """sse_gradient with the entries named in ``changes`` replaced (dw1=..., db=...)."""
    entries = [changes.get(name, entry(j, scale=1.0)) for j, name in
               enumerate(("dw1", "dw2", "dw3", "db"))]
    return sse_from(*entries)


MISTAKES_2 = [
    (sse_from(*(entry(j) for j in range(4))), "your dw1, dw2, dw3 and db are a third of the "
                                              "slopes of L_SSE: they are the gradient of the "
                                              "mean"),
    (sse_from(*(entry(j, scale=-1.0) for j in range(4))), "all have the wrong sign"),
    (sse_from(*(entry(j, scale=0.5) for j in range(4))), "are all half the right values"),
    (sse_entries(db=entry(3)), "your db is a third of the slope of L_SSE"),
    (sse_entries(dw1=entry(0, scale=1 / 6)), "your dw1 is a sixth of ∂L_SSE/∂w1"),
    (sse_entries(dw2=entry(1, scale=-1 / 3)), "your dw2 has the wrong sign and is a third"),
    (sse_entries(dw2=entry(1, scale=1.0, factor=lambda z, y: 1.0)), "your dw2 is missing σ′"),
    (sse_entries(db=entry(3, scale=1.0, factor=lambda z, y: y)), "your db uses σ\\(z\\) = y"),
    (sse_entries(dw1=entry(3, scale=1.0)), "your dw1 is ∂L/∂b: it leaves out the input x1"),
    (sse_entries(db=entry(3, scale=1.0, skip=1)), "your db leaves out the term of sample 2"),
    (lambda *p: sse_gradient(*p)[::-1], "your four numbers come in reverse order"),
    (lambda *p: (*sse_gradient(*p)[:3], sse_gradient(*p)[3] + 1), r"your db gives .* at "
                                                                  r"\(w1, w2, w3, b\)"),
]


@pytest.mark.parametrize("function, match", MISTAKES_2)
def test_exercise_2_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch05.exercise_2, (function,), match)


def loss_of(schedule, targets=Y0S):
    node, losses = Node(seed=0), []
    for rate, iterations in schedule:
        losses += train(node, rate, iterations, targets)
    return losses[-1]


MISTAKES_3 = [
    ((LOSS_SLOW / 3, LOSS_FAST, LOSS_LONG, OUTPUTS), "loss_slow = .* is a third of the "
                                                     "Node's loss"),
    ((LOSS_SLOW, LOSS_FAST, LOSS_LONG / 3, OUTPUTS), "loss_long = .* is a third"),
    ((LOSS_SLOW, train(Node(seed=0), 0.1, 1)[0], LOSS_LONG, OUTPUTS),
     "loss_fast = .* is the loss before any training"),
    ((LOSS_SLOW, loss_of([(0.01, 100), (0.1, 100)]), LOSS_LONG, OUTPUTS),
     "loss_fast = .* continues training the node of loss_slow: start each run from a fresh"),
    ((LOSS_SLOW, LOSS_FAST, loss_of([(0.1, 100), (0.1, 1000)]), OUTPUTS),
     "loss_long = .* continues training the node of loss_fast"),
    ((LOSS_SLOW, LOSS_FAST, loss_of([(0.01, 100), (0.1, 100), (0.1, 1000)]), OUTPUTS),
     "continues training the node of loss_slow and loss_fast"),
    ((LOSS_FAST, LOSS_SLOW, LOSS_LONG, OUTPUTS), "(?s)loss_slow = .* is the loss of the run "
                                                 "for loss_fast.*\nloss_fast = .* is the loss "
                                                 "of the run for loss_slow"),
    ((loss_of([(0.01, 1000)]), LOSS_FAST, LOSS_LONG, OUTPUTS),
     "loss_slow = .* is the loss after 1000 iterations with α = 0.01"),
    ((LOSS_SLOW, LOSS_FAST, loss_of([(0.01, 1000)]), OUTPUTS),
     "loss_long = .* is the loss after 1000 iterations with α = 0.01"),
    ((100 * train(Node(seed=0), 0.1, 1)[0], LOSS_FAST, LOSS_LONG, OUTPUTS),
     "is 100 times the loss at the start: the loss was never cleared"),
    ((round(LOSS_SLOW, 3), LOSS_FAST, LOSS_LONG, OUTPUTS), "close, but not exact"),
    ((0.5, LOSS_FAST, LOSS_LONG, OUTPUTS), "loss_slow = 0.5 is not the loss of Node\\(seed=0\\) "
                                           "after 100 iterations with α = 0.01"),
    ((LOSS_SLOW, LOSS_FAST, LOSS_LONG, [1, 1, 0]), "are the targets \\(or the outputs rounded\\)"),
    ((LOSS_SLOW, LOSS_FAST, LOSS_LONG, OUTPUTS[::-1]), "are in reverse order"),
    ((LOSS_SLOW, LOSS_FAST, LOSS_LONG, [Node(seed=0).forward(x) for x in XS]),
     "are the outputs before training"),
    ((LOSS_SLOW, LOSS_FAST, LOSS_LONG, after_training(0.1, 100)[1]),
     "are the outputs after 100 iterations"),
    ((LOSS_SLOW, LOSS_FAST, LOSS_LONG, np.round(OUTPUTS, 3)), "outputs = .* is close, but not "
                                                              "exact"),
    ((LOSS_SLOW, LOSS_FAST, LOSS_LONG, [0.5, 0.5, 0.5]), "are not the outputs of "
                                                         "Node\\(seed=0\\) after 1,000"),
]


@pytest.mark.parametrize("answers, match", MISTAKES_3)
def test_exercise_3_names_the_mistake(capsys, answers, match):
    assert_fails(capsys, ch05.exercise_3, answers, match)


def scaled_gradient(scale=1.0, factor=lambda z, y: y * (1 - y), keep=None, sign=1.0,
                    no_bias=False, targets=None, mean=False):
    """A student's node_gradient with one typical mistake."""
    def student(w, b, xs, y0s):
        terms = []
        for x, y0 in zip(xs, targets if targets is not None else y0s, strict=True):
            z = sum(wi * xi for wi, xi in zip(w, x, strict=True)) + b
            y = sigmoid(z)
            term = sign * scale * 2 * (y - y0) * factor(z, y)
            terms.append(([term * xi for xi in x], 0.0 if no_bias else term))
        if keep is not None:
            terms = [terms[keep]]
        n = len(terms) if mean else 1
        dw = [sum(t[0][i] for t in terms) / n for i in range(len(w))]
        return dw, sum(t[1] for t in terms) / n
    return student


def chapter_targets(w, b, xs, y0s):
    targets = Y0S if len(y0s) == 3 else y0s
    return node_gradient(w, b, xs, targets)


def mutates_w(w, b, xs, y0s):
    answer = node_gradient(list(w), b, xs, y0s)
    w[0] = 99.0
    return answer


MISTAKES_4 = [
    (scaled_gradient(mean=True), "divides by the number of samples: that is the gradient of "
                                 "L_MSE"),
    (scaled_gradient(keep=-1), "keeps only the last sample's term: it overwrites dw and db"),
    (scaled_gradient(keep=0), "keeps only the first sample's term: is the return inside"),
    (scaled_gradient(factor=lambda z, y: 1.0), "is missing σ′\\(z\\) = y\\(1 − y\\)"),
    (scaled_gradient(factor=lambda z, y: y), "uses σ\\(z\\) = y where the slope"),
    (scaled_gradient(factor=lambda z, y: z * (1 - z)), "computes σ′ as z\\(1 − z\\)"),
    (scaled_gradient(scale=0.5), "is half the gradient: the factor 2"),
    (scaled_gradient(sign=-1.0), "has the wrong sign: δ = 2\\(y − y0\\)"),
    (scaled_gradient(no_bias=True), "returns db = 0"),
    (chapter_targets, "your node_gradient uses the chapter's targets 1, 1, 0 instead of the "
                      "targets y0s"),
    (mutates_w, "changed its arguments"),
    (lambda w, b, xs, y0s: (node_gradient(w, b, xs, y0s)[0], 0.5),
     r"node_gradient\(\[1, 0\.5, -2\], 1, .*y0s=\[0\.8, 0\.6, 0\.3\]\) gave \(dw, db\) = "
     r".*but the gradient of L_SSE is"),
]


@pytest.mark.parametrize("function, match", MISTAKES_4)
def test_exercise_4_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch05.exercise_4, (function,), match)


MISTAKES_5 = [
    ((0.1, 30.0), "alpha_good = 0.1: after 100 iterations L_SSE is .*still falling steadily "
                  "but not yet below 0.001: take a larger learning rate"),
    ((8.0, 30.0), "alpha_good = 8: .*rose in .* of the iterations: the steps overshoot. Take a "
                  "smaller"),
    ((3.0, 5.0), "alpha_bad = 5: L_SSE ends at .*below where it started .*Try a larger"),
    ((3.0, 10.0), "alpha_bad = 10: L_SSE ends at"),
    ((0.1, 1.0), "(?s)alpha_good = 0.1.*\nalpha_bad = 1"),
    ((-1.0, 30.0), "alpha_good = -1: a learning rate is positive"),
    ((3.0, 0.0), "alpha_bad = 0: a learning rate is positive"),
    ((3.0, 5000.0), "alpha_bad = 5000: choose a learning rate of at most 1000"),
]


@pytest.mark.parametrize("answers, match", MISTAKES_5)
def test_exercise_5_names_the_mistake(capsys, answers, match):
    assert_fails(capsys, ch05.exercise_5, answers, match)


MISTAKES_6 = [
    (loop(clear="never"), "your train still has the bug: dw and db are never set back to 0"),
    (loop(clear="dw only"), "clears dw but not db"),
    (loop(clear="db only"), "clears db but not dw"),
    (loop(clear="sample"), "clears the sums for every sample"),
    (loop(reset_loss=False), "never sets the loss back to 0"),
    (loop(sign=1.0), "adds α·dw to the weights: that walks uphill"),
    (loop(copy=False), "changed the list w \\(or y0s\\) it was given"),
    (lambda w, b, a, n, y0s: loop()(w, b, a, n, y0s)[:2], "should return three things"),
    (lambda w, b, a, n, y0s: loop()(w, b, a, n - 1, y0s), "should hold 40 losses, but it holds "
                                                          "39"),
    (lambda w, b, a, n, y0s: (lambda r: (r[0], r[1] + 0.1, r[2]))(loop()(w, b, a, n, y0s)),
     r"ends at w = .*, b = .*, but the Node ends at .*the losses first differ in iteration 1"),
]


@pytest.mark.parametrize("function, match", MISTAKES_6)
def test_exercise_6_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch05.exercise_6, (function,), match)


# ---------------------------------------------------------------------- bad input
NAN, INF = float("nan"), float("inf")
BAD_INPUT = [
    # exercise 5.1
    (ch05.exercise_1, (None, dloss_dw2, dloss_dw3, dloss_db), "dloss_dw1 is None: define it"),
    (ch05.exercise_1, (dloss_dw1, 0.25, dloss_dw3, dloss_db), "dloss_dw2 should be a function"),
    (ch05.exercise_1, (raises_value_error, dloss_dw2, dloss_dw3, dloss_db),
     r"dloss_dw1\(1\.0, 0\.5, -2\.0, 1\.0\) raised ValueError: boom"),
    (ch05.exercise_1, (lambda w1: 0.0, dloss_dw2, dloss_dw3, dloss_db), "raised TypeError"),
    (ch05.exercise_1, (lambda *p: None, dloss_dw2, dloss_dw3, dloss_db), "returned None"),
    (ch05.exercise_1, (lambda *p: NAN, dloss_dw2, dloss_dw3, dloss_db), "is nan"),
    (ch05.exercise_1, (lambda *p: "0.1", dloss_dw2, dloss_dw3, dloss_db), "without quotes"),
    (ch05.exercise_1, (lambda *p: [0.1, 0.2], dloss_dw2, dloss_dw3, dloss_db),
     "returned a list: return a single number"),
    (ch05.exercise_1, (lambda *p: np.zeros(2), dloss_dw2, dloss_dw3, dloss_db),
     r"returned an array of shape \(2,\)"),
    # exercise 5.2
    (ch05.exercise_2, (None,), "sse_gradient is None: define it"),
    (ch05.exercise_2, ([0.25, -0.05, 0.25, 0.09],), "sse_gradient should be a function"),
    (ch05.exercise_2, (raises_value_error,), "raised ValueError: boom"),
    (ch05.exercise_2, (lambda *p: None,), "returned None: end the function with `return dw1"),
    (ch05.exercise_2, (lambda *p: 0.25,), r"returned a single number, 0\.25: return all four"),
    (ch05.exercise_2, (lambda *p: sse_gradient(*p)[:3],), "should hold 4 numbers"),
    (ch05.exercise_2, (lambda *p: (None, None, None, None),), "still holds None"),
    (ch05.exercise_2, (lambda *p: (NAN, 0, 0, 0),), "contains nan"),
    (ch05.exercise_2, (lambda *p: ("0", 0, 0, 0),), "holds the string '0'"),
    # exercise 5.3
    (ch05.exercise_3, ("0.6", LOSS_FAST, LOSS_LONG, OUTPUTS), "loss_slow is the string '0.6'"),
    (ch05.exercise_3, (LOSS_SLOW, [LOSS_FAST], LOSS_LONG, OUTPUTS),
     "loss_fast should be a single number"),
    (ch05.exercise_3, (LOSS_SLOW, LOSS_FAST, NAN, OUTPUTS), "loss_long is nan"),
    (ch05.exercise_3, (LOSS_SLOW, LOSS_FAST, INF, OUTPUTS), "loss_long is inf"),
    (ch05.exercise_3, (LOSS_SLOW, LOSS_FAST, LOSS_LONG, OUTPUTS[:2]),
     "outputs should hold 3 numbers, but it holds 2"),
    (ch05.exercise_3, (LOSS_SLOW, LOSS_FAST, LOSS_LONG, 0.9), "outputs should be a list of 3"),
    (ch05.exercise_3, (LOSS_SLOW, LOSS_FAST, LOSS_LONG, [0.9, None, 0.1]), "still holds None"),
    (ch05.exercise_3, (LOSS_SLOW, LOSS_FAST, LOSS_LONG, [[0.9, 0.9, 0.1]]),
     r"flat list of 3 numbers, but it has shape \(1, 3\)"),
    # exercise 5.4
    (ch05.exercise_4, (None,), "node_gradient is None: define it"),
    (ch05.exercise_4, ((0.1, 0.2),), "node_gradient should be a function"),
    (ch05.exercise_4, (raises_value_error,), "raised ValueError: boom"),
    (ch05.exercise_4, (lambda w, b: ([0.0], 0.0),), "raised TypeError"),
    (ch05.exercise_4, (lambda w, b, xs, y0s: None,), "returned None: end the function"),
    (ch05.exercise_4, (lambda w, b, xs, y0s: 0.5,), "returned 0.5: return the pair"),
    (ch05.exercise_4, (lambda w, b, xs, y0s: "dw",), "returned 'dw': return the pair"),
    (ch05.exercise_4, (lambda w, b, xs, y0s: (*node_gradient(w, b, xs, y0s)[0],
                                              node_gradient(w, b, xs, y0s)[1]),),
     "returned 4 items: return the pair \\(dw, db\\)"),
    (ch05.exercise_4, (lambda w, b, xs, y0s: ([0.0], 0.0),), "dw from .* should hold 3 numbers"),
    (ch05.exercise_4, (lambda w, b, xs, y0s: ([NAN] * len(w), 0.0),), "contains nan"),
    (ch05.exercise_4, (lambda w, b, xs, y0s: ([0.0] * len(w), None),), "db from .* is None"),
    # exercise 5.5
    (ch05.exercise_5, ("3", 30.0), "alpha_good is the string '3'"),
    (ch05.exercise_5, (3.0, [30.0]), "alpha_bad should be a single number"),
    (ch05.exercise_5, (NAN, 30.0), "alpha_good is nan"),
    (ch05.exercise_5, (3.0, INF), "alpha_bad is inf"),
    (ch05.exercise_5, (True, 30.0), "alpha_good should be a single number"),
    # exercise 5.6
    (ch05.exercise_6, (None,), "train is None: define it"),
    (ch05.exercise_6, ([0.1],), "train should be a function"),
    (ch05.exercise_6, (raises_value_error,), r"train\(\[0\.3444.*\) raised ValueError: boom"),
    (ch05.exercise_6, (lambda w, b: w,), "raised TypeError"),
    (ch05.exercise_6, (lambda w, b, a, n, y0s: None,), "returned None: end the function"),
    (ch05.exercise_6, (lambda w, b, a, n, y0s: 1.0,), "should return three things"),
    (ch05.exercise_6, (lambda w, b, a, n, y0s: ([NAN] * 3, b, [0.0] * n),), "contains nan"),
    (ch05.exercise_6, (lambda w, b, a, n, y0s: (w, "b", [0.0] * n),), "b from .* is the string"),
]


@pytest.mark.parametrize("check, args, match", BAD_INPUT)
def test_bad_input_gives_a_clear_message(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


# -------------------------------------------------------------- the checker itself
def test_expected_values_agree_with_the_package():
    for p in ch05.gradient_points():
        dw, db = node_loss_gradient(np.array(p[:3]), p[3])
        formulas = [f(*p) for f in FUNCTIONS_1]
        np.testing.assert_allclose(formulas, [*dw, db], rtol=1e-12)
        np.testing.assert_allclose(ch05.sse_gradient(p), 3 * np.append(dw, db), rtol=1e-12)
        np.testing.assert_allclose(sse_gradient(*p), ch05.sse_gradient(p), rtol=1e-12)
    assert ch05.training_run(((0.1, 1000),))[0][-1] == LOSS_LONG
    assert list(ch05.training_run(((0.1, 1000),))[3]) == OUTPUTS


def test_points_include_the_example_and_the_seeded_start():
    points = ch05.gradient_points()
    start = Node(seed=ch05.SEED)
    assert points[0] == (1.0, 0.5, -2.0, 1.0)
    assert points[1] == (*start.w, start.b)
    assert len(set(points)) == len(points)
    assert all(-2 <= v <= 2 for p in points for v in p)


def test_exercise_5_has_answers_on_both_sides():
    """Good and bad learning rates exist, and the chapter's targets have no bad one."""
    good = [a for a in (0.5, 1, 2, 3, 5) if ch05.soft_run(a)[1] < ch05.GOOD_LOSS_5]
    bad = [a for a in (5, 10, 20, 50, 200, 1000) if ch05.soft_run(a)[1] > ch05.soft_run(a)[0][0]]
    assert good and bad and max(good) < min(bad)
    for alpha in (20.0, 1000.0):
        node = Node(seed=0)
        start = train(node, alpha, 100)[0]
        assert final_loss(node) < start


def test_exercise_6_cases_show_the_bug():
    """The bug changes the result of every case; on the soft targets the right loop's loss
    falls at every iteration while the buggy one's goes up somewhere."""
    for case in ch05._cases_6():
        right_run = ch05.loop_run(*case)
        buggy_run = ch05.loop_run(*case, clear_dw=False, clear_db=False)
        assert not np.allclose(right_run[2], buggy_run[2], rtol=1e-3)
    soft = ch05._cases_6()[0]
    assert list(soft[4]) == SOFT
    right_losses, buggy_losses = ch05.loop_run(*soft)[2], ch05.loop_run(
        *soft, clear_dw=False, clear_db=False)[2]
    assert all(b < a for a, b in itertools.pairwise(right_losses))
    assert any(b > a for a, b in itertools.pairwise(buggy_losses))


def test_loop_run_agrees_with_the_node():
    for w, b, alpha, iterations, y0s in ch05._cases_6():
        node = Node()
        node.w, node.b = list(w), b
        losses = train(node, alpha, iterations, y0s)
        end_w, end_b, found = ch05.loop_run(w, b, alpha, iterations, y0s)
        np.testing.assert_allclose(found, losses, rtol=1e-12)
        np.testing.assert_allclose([*end_w, end_b], [*node.w, node.b], rtol=1e-12)


def test_checks_do_not_mutate_array_answers(capsys):
    outputs = np.array(OUTPUTS)
    ch05.exercise_3(LOSS_SLOW, LOSS_FAST, LOSS_LONG, outputs)
    assert np.array_equal(outputs, OUTPUTS)
    assert capsys.readouterr().err == ""


def test_failed_check_renders_without_a_traceback():
    with pytest.raises(CheckError) as info:
        ch05.exercise_3(LOSS_SLOW / 3, LOSS_FAST, LOSS_LONG, OUTPUTS)
    lines = info.value._render_traceback_()
    assert "Exercise 5.3: not yet" in lines[0]
    assert any("is a third of the Node's loss" in line for line in lines[1:])
    assert info.value.__cause__ is None and info.value.__suppress_context__
