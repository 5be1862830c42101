"""Tests of the chapter 06 exercise checks (``backprop_book/checks/ch06.py``).

For every check: the reference answers pass, the student's placeholder fails with a clear
message, each typical mistake gets its own hint, and bad input (None, text, wrong length or
shape, NaN, a non-function, a function that raises) gives a CheckError, never another
exception. Checks return None, write nothing to stderr and leave their arguments unchanged.
"""

import math
import random
import warnings

import numpy as np
import pytest

from backprop_book.checks import CheckError, ch06
from backprop_book.layers import Layer
from backprop_book.neuron import Node
from tests.check_helpers import (
    assert_fails,
    assert_passes,
    not_implemented,
    raises_value_error,
    sigmoid,
)

TRAINING_X = [[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 1.0]]
TRAINING_Y = [1.0, 1.0, 0.0]


# Reference answers, written as the workbook's solutions write them.
RNG = random.Random(6)
DRAWS = [RNG.random() - 0.5 for _ in range(8)]
W_1, B_1 = [DRAWS[0:3], DRAWS[3:6]], DRAWS[6:8]


def losses_63(mode="batch", alpha=0.1, iterations=100, seed=0):
    """(layer_losses, node_losses) as the workbook's loop computes them, or a wrong way."""
    layer, node = Layer(3, 1, seed=seed), Node(seed=seed)
    layer_losses, node_losses = [], []
    for _ in range(iterations):
        for x, y0 in zip(TRAINING_X, TRAINING_Y, strict=True):
            for model, target in ((layer, [y0]), (node, y0)):
                model.forward(x)
                model.backward(model.mse_loss(target))
                if mode == "online":
                    model.update(alpha)
        if mode == "after":
            layer.update(alpha)
            node.update(alpha)
        layer_losses.append(layer.loss)
        node_losses.append(node.loss)
        if mode == "batch":
            layer.update(alpha)
            node.update(alpha)
        elif mode == "uphill":
            layer.update(-alpha)
            node.update(-alpha)
    return layer_losses, node_losses


def forward(w, b, x):
    outputs = []
    for j in range(len(w)):
        z = 0.0
        for i in range(len(x)):
            z += w[j][i] * x[i]
        outputs.append(sigmoid(z + b[j]))
    return outputs


def backward(layer, delta):
    for j in range(layer.n_out):
        y = layer.y[j]
        factor = delta[j] * y * (1 - y)
        for i in range(layer.n_in):
            layer.dw[j][i] += factor * layer.x[i]
        layer.db[j] += factor


def update(layer, alpha):
    for j in range(layer.n_out):
        for i in range(layer.n_in):
            layer.w[j][i] -= alpha * layer.dw[j][i]
            layer.dw[j][i] = 0.0
        layer.b[j] -= alpha * layer.db[j]
        layer.db[j] = 0.0
    layer.loss = 0.0


def train(layer, samples, targets, alpha, iterations):
    losses = []
    for _ in range(iterations):
        for x, y0 in zip(samples, targets, strict=True):
            layer.forward(x)
            layer.backward(layer.mse_loss(y0))
        losses.append(layer.loss)
        layer.update(alpha)
    return losses


REFERENCE = {
    "6.1": (ch06.exercise_1, (W_1, B_1)),
    "6.2": (ch06.exercise_2, (3, 4, 4 * 3 + 3, (1, 3))),
    "6.3": (ch06.exercise_3, losses_63()),
    "6.4": (ch06.exercise_4, (forward,)),
    "6.5": (ch06.exercise_5, (backward,)),
    "6.6": (ch06.exercise_6, (update,)),
    "6.7": (ch06.exercise_7, (train,)),
}


# ----------------------------------------------------------------- reference answers
@pytest.mark.parametrize("number", sorted(REFERENCE))
def test_reference_answer_passes(capsys, number):
    check, args = REFERENCE[number]
    assert check.exercise == number
    assert_passes(capsys, check, *args)


def test_expected_values_come_from_the_package():
    layer = Layer(3, 2, seed=ch06.SEED_1)
    assert ch06.expected_61() == (layer.w, layer.b) == (W_1, B_1)
    assert ch06.draws_61() == DRAWS
    assert ch06.expected_62() == (3, 4, 15, (1, 3))


@pytest.mark.parametrize("answers", [
    (tuple(map(tuple, W_1)), tuple(B_1)),
    (np.array(W_1), np.array(B_1)),
    (Layer(3, 2, seed=6).w, Layer(3, 2, seed=6).b),
    ([[np.float64(v) for v in row] for row in W_1], B_1),
])
def test_exercise_1_accepts_other_spellings(capsys, answers):
    assert_passes(capsys, ch06.exercise_1, *answers)


@pytest.mark.parametrize("answers", [
    (3.0, 4.0, 15.0, [1, 3]),
    (np.int64(3), np.int64(4), np.int64(15), (np.int64(1), np.int64(3))),
    (3, 4, 15, np.array([1, 3])),
])
def test_exercise_2_accepts_other_spellings(capsys, answers):
    assert_passes(capsys, ch06.exercise_2, *answers)


def test_exercise_3_accepts_tuples_and_arrays(capsys):
    layer_losses, node_losses = losses_63()
    assert_passes(capsys, ch06.exercise_3, tuple(layer_losses), np.array(node_losses))


def forward_comprehension(w, b, x):
    return [sigmoid(sum(wji * xi for wji, xi in zip(wj, x, strict=True)) + bj)
            for wj, bj in zip(w, b, strict=True)]


def forward_numpy(w, b, x):
    z = np.asarray(w) @ np.asarray(x) + np.asarray(b)
    return 1 / (1 + np.exp(-z))


def forward_bias_first(w, b, x):  # the lecture's order: start from the bias
    outputs = []
    for row, bias in zip(w, b, strict=True):
        z = bias
        for wi, xi in zip(row, x, strict=True):
            z += wi * xi
        outputs.append(sigmoid(z))
    return tuple(outputs)


@pytest.mark.parametrize("function", [forward_comprehension, forward_numpy,
                                      forward_bias_first])
def test_exercise_4_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch06.exercise_4, function)


def backward_with_zip(layer, delta):
    for dwj, dj, yj in zip(layer.dw, delta, layer.y, strict=True):
        factor = dj * yj * (1 - yj)
        for i, xi in enumerate(layer.x):
            dwj[i] += factor * xi
    for j, (dj, yj) in enumerate(zip(delta, layer.y, strict=True)):
        layer.db[j] += dj * yj * (1 - yj)


def backward_new_lists(layer, delta):  # builds new lists with the sums: fine too
    factors = [d * y * (1 - y) for d, y in zip(delta, layer.y, strict=True)]
    layer.dw = [[dw + f * x for dw, x in zip(row, layer.x, strict=True)]
                for row, f in zip(layer.dw, factors, strict=True)]
    layer.db = [db + f for db, f in zip(layer.db, factors, strict=True)]


@pytest.mark.parametrize("function", [backward_with_zip, backward_new_lists])
def test_exercise_5_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch06.exercise_5, function)


def update_with_clear_gradient(layer, alpha):
    for wj, dwj in zip(layer.w, layer.dw, strict=True):
        for i, d in enumerate(dwj):
            wj[i] -= alpha * d
    layer.b = [b - alpha * d for b, d in zip(layer.b, layer.db, strict=True)]
    layer.clear_gradient()
    layer.loss = 0


def update_new_lists(layer, alpha):
    layer.w = [[w - alpha * d for w, d in zip(rw, rd, strict=True)]
               for rw, rd in zip(layer.w, layer.dw, strict=True)]
    layer.b = [b - alpha * d for b, d in zip(layer.b, layer.db, strict=True)]
    layer.dw = [[0.0] * layer.n_in for _ in range(layer.n_out)]
    layer.db = [0.0] * layer.n_out
    layer.loss = 0.0


@pytest.mark.parametrize("function", [update_with_clear_gradient, update_new_lists])
def test_exercise_6_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch06.exercise_6, function)


def train_returning_tuple(layer, samples, targets, alpha, iterations):
    return tuple(train(layer, samples, targets, alpha, iterations))


def train_with_index(layer, samples, targets, alpha, iterations):
    losses = np.zeros(iterations)
    for k in range(iterations):
        for s in range(len(samples)):
            layer.forward(samples[s])
            delta = layer.mse_loss(targets[s])
            layer.backward(delta)
        losses[k] = layer.loss
        layer.update(alpha)
    return losses


@pytest.mark.parametrize("function", [train_returning_tuple, train_with_index])
def test_exercise_7_accepts_other_implementations(capsys, function):
    assert_passes(capsys, ch06.exercise_7, function)


def test_checks_silence_the_students_warnings(capsys):
    def noisy_forward(w, b, x):
        warnings.warn("from the student's code", stacklevel=1)
        return forward(w, b, x)

    assert_passes(capsys, ch06.exercise_4, noisy_forward)


# ------------------------------------------------------------ the student's placeholders
PLACEHOLDERS = [
    (ch06.exercise_1, (None, None), "w is None"),
    (ch06.exercise_1, (W_1, None), "b is None"),
    (ch06.exercise_2, (None, None, None, None), "rows is None"),
    (ch06.exercise_2, (3, 4, 15, None), "index is None"),
    (ch06.exercise_3, ([], []), "layer_losses is empty"),
    (ch06.exercise_4, (not_implemented,), "forward still raises NotImplementedError"),
    (ch06.exercise_5, (not_implemented,), "backward still raises NotImplementedError"),
    (ch06.exercise_6, (not_implemented,), "update still raises NotImplementedError"),
    (ch06.exercise_7, (not_implemented,), "train still raises NotImplementedError"),
]


@pytest.mark.parametrize("check, args, match", PLACEHOLDERS)
def test_placeholder_fails_clearly(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


# ------------------------------------------------------------------ typical mistakes
D = DRAWS
MISTAKES_1 = [
    (([D[0:2], D[2:4], D[4:6]], B_1), "3 rows of 2 numbers. Layer keeps one row per node, 2 "
                                      r"rows of 3: node 1's three weights are draws\[0:3\]"),
    (([[D[0], D[3]], [D[1], D[4]], [D[2], D[5]]], B_1), "3 rows of 2 numbers, one row per "
                                                        "input. Layer keeps one row per node"),
    (([[D[0], D[2], D[4]], [D[1], D[3], D[5]]], B_1), "column by column"),
    (([D[0:3], D[4:7]], [D[3], D[7]]), "(?s)right after its weights, as two Nodes.*"
                                       r"b = \[draws\[3\], draws\[7\]\]"),
    (([D[2:5], D[5:8]], D[0:2]), r"(?s)starts with the biases.*b = draws\[0:2\]"),
    (([[v + 0.5 for v in D[0:3]], [v + 0.5 for v in D[3:6]]], [v + 0.5 for v in D[6:8]]),
     "(?s)without the − 0.5.*b holds rng.random"),
    (([D[1:4], D[4:7]], B_1), "right shape but not the right numbers"),
    ((W_1, [D[6], D[5]]), r"b = \[.*\] is not right"),
    ((D[0:6], B_1), "flat list of 6 numbers"),
    (([D[0:3], D[3:5]], B_1), r"different lengths \(\[2, 3\]\)"),
    (([D[0:3]], B_1), "2 rows \\(one per node\\) of 3 numbers \\(one per input\\), but it has "
                      "1 rows of 3"),
    ((W_1, D[5:8]), "b holds 3 numbers: a layer has one bias per node"),
]


@pytest.mark.parametrize("answers, match", MISTAKES_1)
def test_exercise_1_names_the_mistake(capsys, answers, match):
    assert_fails(capsys, ch06.exercise_1, answers, match)


MISTAKES_2 = [
    ((4, 3, 15, (1, 3)), "rows = 4 and columns = 3 are swapped: w has one row per node"),
    ((3, 3, 15, (1, 3)), "columns = 3: each row holds one weight per input, n_in = 4"),
    ((2, 4, 15, (1, 3)), "rows = 2: len\\(layer.w\\) is the number of nodes"),
    ((3, 4, 12, (1, 3)), "n_parameters = 12 counts the 12 weights but not the 3 biases"),
    ((3, 4, 16, (1, 3)), "n_parameters = 16 gives a bias to each input"),
    ((3, 4, 7, (1, 3)), "n_parameters = 7 adds inputs and nodes"),
    ((3, 4, 19, (1, 3)), "n_parameters = 19 counts the inputs too"),
    ((3, 4, 20, (1, 3)), "n_parameters = 20 is not the number of weights and biases"),
    ((3, 4, 15, (3, 1)), r"index = \(3, 1\) has the indices crossed"),
    ((3, 4, 15, (2, 4)), r"index = \(2, 4\) counts from 1"),
    ((3, 4, 15, (4, 2)), r"index = \(4, 2\) has the indices crossed, and counts from 1"),
    ((3, 4, 15, (0, 0)), r"index = \(0, 0\) is not where w_24 sits"),
    ((4, 3, 12, (3, 1)), "(?s)swapped.*\nn_parameters = 12.*\nindex = \\(3, 1\\)"),
]


@pytest.mark.parametrize("answers, match", MISTAKES_2)
def test_exercise_2_names_the_mistake(capsys, answers, match):
    assert_fails(capsys, ch06.exercise_2, answers, match)


def scaled(pair, factor):
    return [v * factor for v in pair[0]], [v * factor for v in pair[1]]


RIGHT_3 = losses_63()
MISTAKES_3 = [
    (losses_63("after"), "layer_losses is all zeros: update\\(\\) clears the loss"),
    (losses_63(alpha=0.01), "comes from α = 0.01"),
    (losses_63("online"), "layer_losses is all zeros.*call update once per iteration"),
    ((ch06.fit(Layer(3, 1, seed=0), TRAINING_X, [[y] for y in TRAINING_Y], 0.1, 100, "online"),
      ch06.fit(Node(seed=0), TRAINING_X, TRAINING_Y, 0.1, 100, "online")),
     "updates after every sample"),
    (losses_63("no update"), "keeps growing: update\\(\\) is never called"),
    (losses_63("uphill"), "grows: the update walks uphill"),
    (scaled(RIGHT_3, 1 / 3), "is the mean over the three samples"),
    (losses_63(seed=1), r"layer_losses starts at .*, but Layer\(3, 1, seed=SEED\) starts at"),
    ((RIGHT_3[0], losses_63(seed=1)[1]), r"node_losses starts at .* but Node\(seed=SEED\)"),
    (([*RIGHT_3[0][:99], 0.5], RIGHT_3[1]), r"layer_losses\[99\] = 0.5, but iteration 100"),
    (losses_63(iterations=1000), "layer_losses holds 1000 losses: run 100 iterations"),
    (([0.1] * 300, [0.1] * 300), "holds 300 losses, one per sample"),
]


@pytest.mark.parametrize("answers, match", MISTAKES_3)
def test_exercise_3_names_the_mistake(capsys, answers, match):
    assert_fails(capsys, ch06.exercise_3, answers, match)


def forward_crossed(w, b, x):
    outputs = []
    for j in range(len(w)):
        z = 0.0
        for i in range(len(x)):
            z += w[i][j] * x[i]
        outputs.append(sigmoid(z + b[j]))
    return outputs


def forward_from(formula):
    def wrong(w, b, x):
        w, b, x = np.array(w), np.array(b), np.array(x)
        return list(formula(w, b, x))
    return wrong


def vsig(z):
    return 1 / (1 + np.exp(-z))


def forward_in_place(w, b, x):
    x.append(0.0)
    return forward(w, b, x[:-1])


def forward_last_only(w, b, x):
    return forward(w, b, x)[-1]


def forward_per_input(w, b, x):  # right for square layers, one output per input otherwise
    return forward(w, b, x) if len(w) == len(x) else [sigmoid(xi) for xi in x]


MISTAKES_4 = [
    (forward_crossed, "has the indices crossed: it multiplies x\\[i\\] by w\\[i\\]\\[j\\]"),
    (forward_from(lambda w, b, x: w @ x + b), "returns the weighted sums z_j"),
    (forward_from(lambda w, b, x: vsig(w @ x)), "leaves out the biases"),
    (forward_from(lambda w, b, x: vsig(w @ x + len(x) * b)), "adds the bias once per input"),
    (forward_from(lambda w, b, x: vsig(-(w @ x + b))), "computes σ\\(−z\\)"),
    (forward_from(lambda w, b, x: np.where(w @ x + b >= 0, 1.0, 0.0)), "threshold rule"),
    (forward_from(lambda w, b, x: vsig(w @ x + b) * (1 - vsig(w @ x + b))), "returns σ′\\(z\\)"),
    (forward_from(lambda w, b, x: vsig(w @ x + b) + 0.01), r"the outputs are \["),
    (forward_in_place, "changed its arguments"),
    (forward_last_only, r"returned a single number, .*: the layer has 3 nodes"),
    (lambda w, b, x: None, "returned None"),
    (forward_per_input, r"returned 3 outputs \(one per input\?\), but the layer has 2 nodes"),
    (lambda w, b, x: [*[0.5] * (len(w) - 1), "a"], "holds the string 'a'"),
    (lambda w, b, x: [math.nan] * len(w), "contains nan"),
    (raises_value_error, "forward\\(.*\\) raised ValueError: boom"),
    ("forward", "forward should be a function"),
]


@pytest.mark.parametrize("function, match", MISTAKES_4)
def test_exercise_4_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch06.exercise_4, (function,), match)


def test_exercise_4_explains_an_index_error_from_crossed_indices(capsys):
    def crossed_but_square_safe(w, b, x):
        if len(w) == len(w[0]):
            return forward(w, b, x)
        return forward_crossed(w, b, x)

    message = assert_fails(capsys, ch06.exercise_4, (crossed_but_square_safe,),
                           "raised IndexError")
    assert "usually means crossed indices" in message


def backward_from(make_factor, crossed=False, overwrite=False, no_db=False, x_in_db=False):
    def wrong(layer, delta):
        for j in range(layer.n_out):
            factor = make_factor(delta[j], layer.y[j])
            for i in range(layer.n_in):
                if crossed:
                    layer.dw[i][j] += factor * layer.x[i]
                elif overwrite:
                    layer.dw[j][i] = factor * layer.x[i]
                else:
                    layer.dw[j][i] += factor * layer.x[i]
            if not no_db:
                layer.db[j] += factor * (sum(layer.x) if x_in_db else 1)
    return wrong


def right_factor(d, y):
    return d * y * (1 - y)


def backward_calls_package(layer, delta):
    layer.backward(delta)


def backward_changes_delta(layer, delta):
    backward(layer, delta)
    delta[0] = 0.0


def backward_returns(layer, delta):
    return [[d * y * (1 - y) * x for x in layer.x] for d, y in zip(delta, layer.y, strict=True)]


def backward_breaks_dw(layer, delta):
    layer.dw = None


MISTAKES_5 = [
    (backward_from(right_factor, crossed=True), "has the indices crossed: dw\\[j\\]\\[i\\] "
                                                "belongs to node j"),
    (backward_from(lambda d, y: d), "leaves out σ′"),
    (backward_from(lambda d, y: -d * y * (1 - y)), "has the wrong sign"),
    (backward_from(lambda d, y: d * sigmoid(y) * (1 - sigmoid(y))), "computes the slope of "
                                                                     "the sigmoid at y"),
    (backward_from(right_factor, overwrite=True), "gets db right, but its dw keeps only the "
                                                  "last sample's terms: use \\+="),
    (backward_from(right_factor, no_db=True), "gets dw right but leaves db at zero"),
    (backward_from(right_factor, x_in_db=True), "gets dw right, but db = .* without an input"),
    (backward_from(lambda d, y: 1.01 * d * y * (1 - y)), r"gives dw = \[\[.*\]\], but it "
                                                          "should be"),
    (backward_returns, "left layer.dw and layer.db at zero"),
    (backward_calls_package, "raised RuntimeError: this exercise writes backward itself"),
    (backward_changes_delta, "changed delta"),
    (backward_breaks_dw, r"layer.dw of Layer\(3, 3\) is None"),
    (raises_value_error, "raised ValueError: boom"),
    (None, "backward is None"),
]


@pytest.mark.parametrize("function, match", MISTAKES_5)
def test_exercise_5_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch06.exercise_5, (function,), match)


def test_exercise_5_explains_an_index_error_from_crossed_indices(capsys):
    crossed = backward_from(right_factor, crossed=True)

    def crossed_but_square_safe(layer, delta):
        (backward if layer.n_in == layer.n_out else crossed)(layer, delta)

    message = assert_fails(capsys, ch06.exercise_5, (crossed_but_square_safe,),
                           "raised IndexError")
    assert "usually means crossed indices" in message


def update_from(step=None, clear_dw=True, clear_db=True, clear_loss=True, biases=True,
                crossed=False, aliased=False, clear_first=False):
    step = step or (lambda w, a, d: w - a * d)

    def wrong(layer, alpha):
        if clear_first:
            layer.clear_gradient()
        for j in range(layer.n_out):
            for i in range(layer.n_in):
                d = layer.dw[i][j] if crossed else layer.dw[j][i]
                layer.w[j][i] = step(layer.w[j][i], alpha, d)
            if biases:
                layer.b[j] = step(layer.b[j], alpha, layer.db[j])
        if clear_dw:
            layer.dw = ([[0.0] * layer.n_in] * layer.n_out if aliased
                        else [[0.0] * layer.n_in for _ in range(layer.n_out)])
        if clear_db:
            layer.db = [0.0] * layer.n_out
        if clear_loss:
            layer.loss = 0.0
    return wrong


def update_calls_package(layer, alpha):
    layer.update(alpha)


def update_breaks_w(layer, alpha):
    layer.w = [row[:-1] for row in layer.w]


def update_drops_dw(layer, alpha):
    update(layer, alpha)
    layer.dw = None


MISTAKES_6 = [
    (update_from(crossed=True), "has the indices crossed: w\\[j\\]\\[i\\] steps against "
                                "dw\\[j\\]\\[i\\]"),
    (update_from(clear_dw=False), "forgets to clear dw: after the step"),
    (update_from(clear_db=False), "forgets to clear db"),
    (update_from(clear_loss=False), "forgets to clear the loss"),
    (update_from(aliased=True), "clears dw with rows that are one and the same list"),
    (update_from(clear_first=True), "leaves the weights and biases as they were"),
    (update_from(step=lambda w, a, d: w + a * d), "adds α times the gradient: that walks "
                                                  "uphill"),
    (update_from(step=lambda w, a, d: w - d), "subtracts the whole gradient"),
    (update_from(biases=False), "steps the weights but forgets the biases"),
    (update_from(step=lambda w, a, d: w - 1.01 * a * d), r"gives w = \[\[.*but one step of "
                                                          "gradient descent gives"),
    (update_calls_package, "raised RuntimeError: this exercise writes update itself"),
    (update_breaks_w, "layer.w after update should have 3 rows \\(one per node\\) of 3"),
    (update_drops_dw, "layer.dw after update is None"),
    (raises_value_error, "raised ValueError: boom"),
]


@pytest.mark.parametrize("function, match", MISTAKES_6)
def test_exercise_6_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch06.exercise_6, (function,), match)


def train_mode(mode):
    def wrong(layer, samples, targets, alpha, iterations):
        return ch06.fit(layer, samples, targets, alpha, iterations, mode)
    return wrong


def train_mean(layer, samples, targets, alpha, iterations):
    return [v / len(samples) for v in train(layer, samples, targets, alpha, iterations)]


def train_per_sample(layer, samples, targets, alpha, iterations):
    losses = []
    for _ in range(iterations):
        for x, y0 in zip(samples, targets, strict=True):
            layer.forward(x)
            layer.backward(layer.mse_loss(y0))
            losses.append(layer.loss)
        layer.update(alpha)
    return losses


def train_a_copy(layer, samples, targets, alpha, iterations):
    twin = Layer(layer.n_in, layer.n_out)
    twin.w, twin.b = [row[:] for row in layer.w], layer.b[:]
    return train(twin, samples, targets, alpha, iterations)


def train_one_more_update(layer, samples, targets, alpha, iterations):
    losses = train(layer, samples, targets, alpha, iterations)
    for x, y0 in zip(samples, targets, strict=True):
        layer.forward(x)
        layer.backward(layer.mse_loss(y0))
    layer.update(alpha)
    return losses


def train_changes_targets(layer, samples, targets, alpha, iterations):
    losses = train(layer, samples, targets, alpha, iterations)
    targets.append(targets[0])
    return losses


MISTAKES_7 = [
    (train_mode("online"), "updates after every sample \\(online learning\\)"),
    (train_mode("after"), "returned only zeros"),
    (train_mode("no update"), "never calls update"),
    (train_mode("uphill"), "walks uphill"),
    (train_mean, "returns the mean loss over the samples"),
    (train_per_sample, "losses, one per sample"),
    (lambda layer, s, t, a, n: train(layer, s, t, a, n + 1), "returned 31 losses: run 30"),
    (train_a_copy, "still has its starting weights: train that layer itself"),
    (train_one_more_update, "one update too many"),
    (train_changes_targets, "changed the samples or the targets"),
    (lambda layer, s, t, a, n: None, "returned None"),
    (lambda layer, s, t, a, n: [v * 1.01 for v in train(layer, s, t, a, n)],
     "returned the loss .* for iteration 1, but gradient descent has"),
    (raises_value_error, "raised ValueError: boom"),
    (42, "train should be a function"),
]


@pytest.mark.parametrize("function, match", MISTAKES_7)
def test_exercise_7_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch06.exercise_7, (function,), match)


# ----------------------------------------------------------------------- bad inputs
BAD_INPUTS = [
    (ch06.exercise_1, ("w", B_1), "w should be a list of lists"),
    (ch06.exercise_1, (1.5, B_1), "w should be a list of lists"),
    (ch06.exercise_1, ([], B_1), "w is empty"),
    (ch06.exercise_1, ([[None, 1, 2], [3, 4, 5]], B_1), "w still holds None"),
    (ch06.exercise_1, ([["a", 1, 2], [3, 4, 5]], B_1), "w should hold numbers"),
    (ch06.exercise_1, ([[math.nan, 1, 2], [3, 4, 5]], B_1), "w contains nan"),
    (ch06.exercise_1, ([D[0:3], 7], B_1), "its item 1 is 7"),
    (ch06.exercise_1, ({"a": 1}, B_1), "w should be a list of lists"),
    (ch06.exercise_1, (W_1, "b"), "b should be a list of 2 numbers"),
    (ch06.exercise_1, (W_1, [math.inf, 0.0]), "b contains inf"),
    (ch06.exercise_2, ("3", 4, 15, (1, 3)), "rows is the string"),
    (ch06.exercise_2, (3.5, 4, 15, (1, 3)), "rows = 3.5: a count is a whole number"),
    (ch06.exercise_2, (3, 4, math.nan, (1, 3)), "n_parameters is nan"),
    (ch06.exercise_2, (3, 4, 15, 13), "index should be a pair"),
    (ch06.exercise_2, (3, 4, 15, (1, 3, 0)), "index should be a pair \\(row, column\\), but it "
                                             "holds 3 items"),
    (ch06.exercise_2, (3, 4, 15, "13"), "index should be a pair"),
    (ch06.exercise_2, (3, 4, 15, (1, -3)), "index\\[1\\] = -3: a count is a whole number"),
    (ch06.exercise_3, (None, None), "layer_losses is None"),
    (ch06.exercise_3, ("losses", RIGHT_3[1]), "layer_losses should be a list of 100 losses"),
    (ch06.exercise_3, ([*RIGHT_3[0][:-1], math.nan], RIGHT_3[1]), "contains nan"),
    (ch06.exercise_3, (np.zeros((100, 1)), RIGHT_3[1]), "flat list"),
]


@pytest.mark.parametrize("check, args, match", BAD_INPUTS)
def test_bad_input_gets_a_clear_message(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


def test_messages_show_no_memory_addresses(capsys):
    for check, function in [(ch06.exercise_5, raises_value_error),
                            (ch06.exercise_6, raises_value_error),
                            (ch06.exercise_7, raises_value_error)]:
        with pytest.raises(CheckError) as info:
            check(function)
        assert " at 0x" not in str(info.value)
        assert "(layer" in str(info.value)
    capsys.readouterr()
