"""Tests of the chapter 08 exercise checks (``backprop_book/checks/ch08.py``).

For every check: the reference answers pass, the student's placeholder fails with a clear
message, each typical mistake gets its own hint, and bad input (None, text, wrong length,
NaN, a non-function, a function that raises) gives a CheckError, never another exception.
Checks return None, write nothing to stderr and leave their arguments unchanged.

The Pythagoras checks (8.6 to 8.8) compare with a fast NumPy reference; a test here checks
that it agrees with the package's layers, and the reference answers of those exercises come
from the same fast computation (5,000 iterations of the package's layers take a minute).
"""

import math
import random

import numpy as np
import pytest

from backprop_book.checks import CheckError, ch08
from backprop_book.data import TINY_SEED, TINY_X, TINY_Y0, pythagoras_data
from backprop_book.layers import Layer
from backprop_book.neuron import one_pass, train
from tests.check_helpers import (
    assert_fails,
    assert_passes,
    not_implemented,
    raises_value_error,
    sigmoid,
)


# ------------------------------------------- reference answers, as the workbook writes them
def by_hand_81():
    x, y0 = [1.0, 0.5], 1.0
    h1 = sigmoid(0.5 * x[0] - 0.4 * x[1] + 0.1)
    h2 = sigmoid(0.3 * x[0] + 0.8 * x[1] - 0.2)
    y = sigmoid(1.5 * h1 - 1.0 * h2 + 0.2)
    delta = 2 * (y - y0)
    return y, delta, [delta * y * (1 - y) * 1.5, delta * y * (1 - y) * -1.0]


def by_hand_82():
    rng = random.Random(TINY_SEED)
    hidden, output = Layer(2, 2, seed=rng), Layer(2, 2, seed=rng)
    h = hidden.forward(TINY_X)
    y = output.forward(h)
    paths = [2 * (y[k] - TINY_Y0[k]) * y[k] * (1 - y[k]) * output.w[k][1] for k in range(2)]
    return paths[0], paths[1], (paths[0] + paths[1]) * h[1] * (1 - h[1])


def backward(layer, delta):
    factors = []
    for j in range(layer.n_out):
        y = layer.y[j]
        factor = delta[j] * y * (1 - y)
        for i in range(layer.n_in):
            layer.dw[j][i] += factor * layer.x[i]
        layer.db[j] += factor
        factors.append(factor)
    dx = []
    for i in range(layer.n_in):
        total = 0.0
        for j in range(layer.n_out):
            total += factors[j] * layer.w[j][i]
        dx.append(total)
    return dx


def train_network(layers, xs, y0s, alpha, iterations):
    losses = []
    for _ in range(iterations):
        for x, y0 in zip(xs, y0s, strict=True):
            y = x
            for layer in layers:
                y = layer.forward(y)
            delta = layers[-1].mse_loss(y0)
            for layer in reversed(layers):
                delta = layer.backward(delta)
        losses.append(layers[-1].loss)
        for layer in layers:
            layer.update(alpha)
    return losses


def backward_and_update(layer, delta, alpha):
    dx = layer.backward(delta)
    layer.update(alpha)
    return dx


def loss_of(layers, x, y0):
    for layer in layers:
        x = layer.forward(x)
    return sum((a - b) ** 2 for a, b in zip(x, y0, strict=True))


def numerical_slope(layers, x, y0, k, j, i, h=1e-5):
    w = layers[k].w[j][i]
    layers[k].w[j][i] = w + h
    plus = loss_of(layers, x, y0)
    layers[k].w[j][i] = w - h
    minus = loss_of(layers, x, y0)
    layers[k].w[j][i] = w
    return (plus - minus) / (2 * h)


LOSSES_2 = list(ch08.reference_pythagoras(1))
LOSSES_3 = list(ch08.reference_pythagoras(2))
LOSSES_A, LOSSES_B = LOSSES_2[:1000], LOSSES_2
FACTOR = LOSSES_B[999] / LOSSES_B[-1]

REFERENCE = {
    "8.1": (ch08.exercise_1, by_hand_81()),
    "8.2": (ch08.exercise_2, by_hand_82()),
    "8.3": (ch08.exercise_3, (backward,)),
    "8.4": (ch08.exercise_4, (train_network,)),
    "8.5": (ch08.exercise_5, (backward_and_update,)),
    "8.9": (ch08.exercise_9, (numerical_slope,)),
    "8.6": (ch08.exercise_6, (LOSSES_A,)),
    "8.7": (ch08.exercise_7, (LOSSES_B, FACTOR)),
    "8.8": (ch08.exercise_8, (LOSSES_3,)),
}


@pytest.mark.parametrize("number", sorted(REFERENCE))
def test_reference_answer_passes(capsys, number):
    check, args = REFERENCE[number]
    assert check.exercise == number
    assert_passes(capsys, check, *args)


def test_expected_values_come_from_the_package():
    y, delta, dx = by_hand_81()
    e_y, e_delta, e_dx = ch08.expected_81()
    assert math.isclose(y, e_y) and math.isclose(delta, e_delta)
    np.testing.assert_allclose(dx, e_dx)
    path_1, path_2, db = ch08.expected_82()
    rng = random.Random(TINY_SEED)
    hidden, output = Layer(2, 2, seed=rng), Layer(2, 2, seed=rng)
    output.forward(hidden.forward(TINY_X))
    dx = output.backward(output.mse_loss(TINY_Y0))
    hidden.backward(dx)
    assert db == hidden.db[1]
    assert math.isclose(path_1 + path_2, dx[1])
    assert (path_1, path_2, db) == pytest.approx(by_hand_82(), rel=1e-12)


def test_the_fast_reference_agrees_with_the_package():
    for n_hidden in (1, 2):
        xs, y0s, layers = ch08.pythagoras_start(n_hidden)
        fast = ch08.fast_losses(xs, y0s, layers, 0.1, 40)
        slow = train(ch08.Network(layers), [(0.1, 40)], xs, y0s)[0]
        np.testing.assert_allclose(fast, slow, rtol=1e-12)
        assert ch08.reference_pythagoras(n_hidden)[:40] == pytest.approx(fast, rel=1e-15)


def test_the_pythagoras_start_is_the_workbooks_recipe():
    rng = random.Random(0)
    xs, y0s = pythagoras_data(seed=rng)
    layer1, layer2 = Layer(3, 3, seed=rng), Layer(3, 1, seed=rng)
    s_xs, s_y0s, (s1, s2) = ch08.pythagoras_start(1)
    assert (s_xs, s_y0s, s1.w, s1.b, s2.w, s2.b) == (xs, y0s, layer1.w, layer1.b, layer2.w,
                                                     layer2.b)
    rng = random.Random(0)
    pythagoras_data(seed=rng)
    chain = [Layer(3, 3, seed=rng), Layer(3, 3, seed=rng), Layer(3, 1, seed=rng)]
    assert [layer.w for layer in ch08.pythagoras_start(2)[2]] == [layer.w for layer in chain]


def test_network_trains_as_the_loop_does():
    rng = random.Random(3)
    a = [Layer(3, 3, seed=rng), Layer(3, 1, seed=rng)]
    rng = random.Random(3)
    b = [Layer(3, 3, seed=rng), Layer(3, 1, seed=rng)]
    xs, y0s = pythagoras_data(n_samples=5, seed=1)
    assert train(ch08.Network(a), [(0.1, 5)], xs, y0s)[0] == train_network(b, xs, y0s, 0.1, 5)
    one_pass(ch08.Network(a), xs, y0s)
    assert ch08.Network(a).loss == a[-1].loss > 0


def test_challenge_numbers():
    numbers = ch08.challenge_numbers()
    assert numbers["xs"] == ch08.pythagoras_start(1)[0]
    xs, y0s, layers = ch08.pythagoras_start(1)
    assert numbers["first_losses"] == train_network(layers, xs, y0s, 0.1, 3)
    np.testing.assert_allclose(numbers["first_losses"], LOSSES_2[:3], rtol=1e-13)
    assert numbers["loss_1000"] == LOSSES_2[999]
    assert set(numbers) == {"xs", "y0s", "layer1", "layer2", "alpha", "first_losses",
                            "loss_1000", "loss_5000"}


@pytest.mark.parametrize("answers", [
    (np.float64(by_hand_81()[0]), by_hand_81()[1], np.array(by_hand_81()[2])),
    (round(by_hand_81()[0], 6), round(by_hand_81()[1], 6), [round(v, 6)
                                                            for v in by_hand_81()[2]]),
])
def test_exercise_1_accepts_other_spellings(capsys, answers):
    assert_passes(capsys, ch08.exercise_1, *answers)


def test_exercise_2_accepts_rounded_numbers(capsys):
    assert_passes(capsys, ch08.exercise_2, *(round(v, 7) for v in by_hand_82()))


def backward_comprehension(layer, delta):
    slopes = [d * y * (1 - y) for d, y in zip(delta, layer.y, strict=True)]
    for j, s in enumerate(slopes):
        layer.dw[j] = [dw + s * x for dw, x in zip(layer.dw[j], layer.x, strict=True)]
        layer.db[j] += s
    return np.array([sum(s * layer.w[j][i] for j, s in enumerate(slopes))
                     for i in range(layer.n_in)])


def train_network_with_network(layers, xs, y0s, alpha, iterations):
    return tuple(train(ch08.Network(layers), [(alpha, iterations)], xs, y0s)[0])


def backward_and_update_by_hand(layer, delta, alpha):
    dx = backward(layer, delta)
    for j in range(layer.n_out):
        for i in range(layer.n_in):
            layer.w[j][i] -= alpha * layer.dw[j][i]
            layer.dw[j][i] = 0.0
        layer.b[j] -= alpha * layer.db[j]
        layer.db[j] = 0.0
    return dx


def numerical_slope_with_copies(layers, x, y0, k, j, i, h=1e-5):
    def loss(shift):
        copies = [Layer(layer.n_in, layer.n_out) for layer in layers]
        for copy_, layer in zip(copies, layers, strict=True):
            copy_.w, copy_.b = [row[:] for row in layer.w], layer.b[:]
        copies[k].w[j][i] += shift
        return loss_of(copies, x, y0)
    return (loss(h) - loss(-h)) / (2 * h)


@pytest.mark.parametrize("check, function", [
    (ch08.exercise_3, backward_comprehension),
    (ch08.exercise_4, train_network_with_network),
    (ch08.exercise_5, backward_and_update_by_hand),
    (ch08.exercise_9, numerical_slope_with_copies),
])
def test_other_implementations_pass(capsys, check, function):
    assert_passes(capsys, check, function)


def test_exercise_7_accepts_a_fresh_run_of_5000(capsys):
    assert_passes(capsys, ch08.exercise_7, tuple(LOSSES_B), np.float64(FACTOR))


# ------------------------------------------------------------ the student's placeholders
PLACEHOLDERS = [
    (ch08.exercise_1, (None, None, None), "y_o is None"),
    (ch08.exercise_2, (None, None, None), "path_1 is None"),
    (ch08.exercise_3, (not_implemented,), "backward still raises NotImplementedError"),
    (ch08.exercise_4, (not_implemented,), "train_network still raises NotImplementedError"),
    (ch08.exercise_5, (not_implemented,), "backward_and_update still raises"),
    (ch08.exercise_9, (not_implemented,), "numerical_slope still raises NotImplementedError"),
    (ch08.exercise_6, ([],), "losses_a is empty"),
    (ch08.exercise_7, ([], None), "losses_b is empty"),
    (ch08.exercise_8, ([],), "losses_c is empty"),
]


@pytest.mark.parametrize("check, args, match", PLACEHOLDERS)
def test_placeholder_fails_clearly(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


# ------------------------------------------------------------------ typical mistakes
Y, DELTA, DX = by_hand_81()
S = Y * (1 - Y)
MISTAKES_1 = [
    ((Y, DELTA, [DELTA * 1.5, DELTA * -1.0]), "delta_h = .* leaves out σ′"),
    ((Y, DELTA, [-v for v in DX]), "delta_h = .* has the wrong sign"),
    ((Y, DELTA, [v / 2 for v in DX]), "leaves out the factor 2"),
    ((Y, DELTA, [S * 1.5, S * -1.0]), "leaves out δ\\^o"),
    ((Y, DELTA, DX[::-1]), "has its two entries swapped"),
    ((Y, DELTA, [DELTA * S, DELTA * S]), "leaves out the weights"),
    ((Y, DELTA, [v * 1.1 for v in DX]), r"delta_h = \[.*\] is not right"),
    ((Y, Y - 1.0, DX), r"delta_o = .* is y\^o − y0: the slope of \(y\^o − y0\)² has the "
                       "factor 2"),
    ((Y, 2 * (1.0 - Y), DX), "delta_o = .* has the wrong sign"),
    ((Y, (Y - 1) ** 2, DX), "is the loss itself"),
    ((Y, DELTA * 1.1, DX), "delta_o = .* is not 2\\(y\\^o − y0\\)"),
    ((Y * 1.1, DELTA, DX), "y_o = .* is not the output"),
    ((0.5, 2 * (0.5 - 1.0), DX), "(?s)y_o = 0.5 is not the output(?!.*delta)"),
    ((Y, DELTA, 0.3), "delta_h should be a list of 2 slopes, one per node, but it is the single"),
    ((Y, DELTA, [0.1, 0.2, 0.3]), "delta_h should hold 2 slopes, but it holds 3"),
]


def test_exercise_1_knows_the_hidden_slope_mistake(capsys):
    h = [sigmoid(0.5 - 0.2 + 0.1), sigmoid(0.3 + 0.4 - 0.2)]
    wrong = [DELTA * h[0] * (1 - h[0]) * 1.5, DELTA * h[1] * (1 - h[1]) * -1.0]
    assert_fails(capsys, ch08.exercise_1, (Y, DELTA, wrong), "uses the hidden nodes' σ′")
    wrong = [DX[0] * h[0], DX[1] * h[1]]
    assert_fails(capsys, ch08.exercise_1, (Y, DELTA, wrong), "multiplies by y\\^h_j")
    z = 1.5 * h[0] - h[1] + 0.2
    assert_fails(capsys, ch08.exercise_1, (z, DELTA, DX), "is z\\^o, the weighted sum")
    assert_fails(capsys, ch08.exercise_1, (sigmoid(1.5 * h[0] - h[1]), DELTA, DX),
                 "leaves out the output node's bias")
    z_h = [0.5 - 0.2 + 0.1, 0.3 + 0.4 - 0.2]
    assert_fails(capsys, ch08.exercise_1, (sigmoid(1.5 * z_h[0] - z_h[1] + 0.2), DELTA, DX),
                 "feeds the hidden sums z\\^h")


@pytest.mark.parametrize("answers, match", MISTAKES_1)
def test_exercise_1_names_the_mistake(capsys, answers, match):
    assert_fails(capsys, ch08.exercise_1, answers, match)


def paths_82(weight, slope_y=True, sign=1, slope_h_in_paths=False):
    rng = random.Random(TINY_SEED)
    hidden, output = Layer(2, 2, seed=rng), Layer(2, 2, seed=rng)
    h = hidden.forward(TINY_X)
    y = output.forward(h)
    slope_h = h[1] * (1 - h[1])
    paths = []
    for k in range(2):
        value = sign * 2 * (y[k] - TINY_Y0[k]) * weight(output.w, k)
        value *= (y[k] * (1 - y[k]) if slope_y else 1) * (slope_h if slope_h_in_paths else 1)
        paths.append(value)
    total = sum(paths) if slope_h_in_paths else sum(paths) * slope_h
    return paths[0], paths[1], total


P1, P2, DB = by_hand_82()
SLOPE_H2 = DB / (P1 + P2)
MISTAKES_2 = [
    (paths_82(lambda w, k: w[k][0]), "use the weights of hidden node 1"),
    (paths_82(lambda w, k: w[1][k]), "have the indices crossed"),
    (paths_82(lambda w, k: w[k][1], slope_y=False), "leave out the output nodes' σ′"),
    (paths_82(lambda w, k: w[k][1], sign=-1), "(?s)have the wrong sign.*\ndb_hidden_2 = .* "
                                              "has the wrong sign"),
    (paths_82(lambda w, k: w[k][1], slope_h_in_paths=True), "already include hidden node 2's "
                                                            "slope"),
    ((P2, P1, DB), "are swapped"),
    ((P1, P2, P1 + P2), "is δ\\^h_2, the slope along the output of hidden node 2"),
    ((P1, P2, P1 * SLOPE_H2), "takes the path through output node 1 only"),
    ((P1, P2, P2 * SLOPE_H2), "takes the path through output node 2 only"),
    ((P1, P2, P1 * P2 * SLOPE_H2), "multiplies the two paths"),
    ((P1, P2, DB * 1.1), r"should be \(path_1 \+ path_2\)·y\^h_2\(1 − y\^h_2\)"),
    ((P1 * 1.1, P2, DB), "path_1 = .* is not the slope along the path through output node 1"),
]


@pytest.mark.parametrize("answers, match", MISTAKES_2)
def test_exercise_2_names_the_mistake(capsys, answers, match):
    assert_fails(capsys, ch08.exercise_2, answers, match)


def backward_dx(dx_of, accumulate=True):
    """A backward whose dw, db are right and whose dx is computed by ``dx_of``."""
    def wrong(layer, delta):
        slopes = [d * y * (1 - y) for d, y in zip(delta, layer.y, strict=True)]
        if accumulate:
            for j, s in enumerate(slopes):
                for i, x in enumerate(layer.x):
                    layer.dw[j][i] += s * x
                layer.db[j] += s
        return dx_of(layer, delta, slopes)
    return wrong


def dx_crossed(layer, delta, slopes):
    return [sum(slopes[j] * layer.w[i][j] for j in range(layer.n_out))
            for i in range(layer.n_in)]


def dx_crossed_square_safe(layer, delta, slopes):
    if layer.n_in == layer.n_out:
        return backward_dx(lambda la, d, s: [sum(s[j] * la.w[j][i] for j in range(la.n_out))
                                             for i in range(la.n_in)], False)(layer, delta)
    return dx_crossed(layer, delta, slopes)


def dx_formula(term):
    return lambda layer, delta, slopes: [
        sum(term(layer, delta, slopes, j, i) for j in range(layer.n_out))
        for i in range(layer.n_in)]


RIGHT_DX = dx_formula(lambda layer, delta, slopes, j, i: slopes[j] * layer.w[j][i])


def dx_last_only(layer, delta, slopes):
    dx = [0.0] * layer.n_in
    for j in range(layer.n_out):
        for i in range(layer.n_in):
            dx[i] = slopes[j] * layer.w[j][i]
    return dx


def backward_changes_delta(layer, delta):
    dx = backward(layer, delta)
    delta[0] = 0.0
    return dx


MISTAKES_3 = [
    (backward_dx(dx_crossed), "has the indices crossed: it uses w\\[i\\]\\[j\\]"),
    (backward_dx(dx_formula(lambda la, d, s, j, i: d[j] * la.w[j][i])), "leaves out σ′"),
    (backward_dx(dx_formula(lambda la, d, s, j, i: -s[j] * la.w[j][i])), "has the wrong sign"),
    (backward_dx(lambda la, d, s: [s[0] * w for w in la.w[0]]), "takes the path through node "
                                                                "1 only"),
    (backward_dx(dx_last_only), "keeps only the path through the last node"),
    (backward_dx(dx_formula(lambda la, d, s, j, i: s[j] * la.w[j][i] * la.x[i])),
     "multiplies by x_i"),
    (backward_dx(dx_formula(lambda la, d, s, j, i: 1.01 * s[j] * la.w[j][i])),
     r"dx should be \[.*\], dx_i = Σ_j"),
    (backward_dx(lambda la, d, s: [sum(s[j] * w for w in la.w[j]) for j in range(la.n_out)]
                 if la.n_in != la.n_out else RIGHT_DX(la, d, s)),
     "returned 3 numbers \\(one per node\\?\\), but the layer has 2 inputs"),
    (backward_dx(lambda la, d, s: None), "returned None: end the function with `return dx`"),
    (backward_dx(lambda la, d, s: 0.5), "returned a single number, 0.5: the layer has 3 "
                                        "inputs"),
    (backward_dx(lambda la, d, s: [math.nan] * la.n_in), "contains nan"),
    (backward_dx(lambda la, d, s: la.input_gradient(s)), "raised RuntimeError: this exercise "
                                                         "writes backward itself"),
    (backward_dx(dx_formula(lambda la, d, s, j, i: s[j] * la.w[j][i]), accumulate=False),
     "returns the right dx but leaves layer.dw and layer.db at zero"),
    (backward_dx(lambda la, d, s: (la.db.__setitem__(0, la.db[0] + 1),
                                   [sum(s[j] * la.w[j][i] for j in range(la.n_out))
                                    for i in range(la.n_in)])[1]),
     r"returns the right dx, but for a Layer\(3, 3\) over 3 samples it gives dw"),
    (lambda layer, delta: layer.backward(delta), "raised RuntimeError: this exercise writes "
                                                 "backward itself"),
    (backward_changes_delta, "changed delta"),
    (raises_value_error, "raised ValueError: boom"),
    (None, "backward is None"),
    ("backward", "backward should be a function"),
]


@pytest.mark.parametrize("function, match", MISTAKES_3)
def test_exercise_3_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch08.exercise_3, (function,), match)


def test_exercise_3_explains_an_index_error_from_crossed_indices(capsys):
    message = assert_fails(capsys, ch08.exercise_3, (backward_dx(dx_crossed_square_safe),),
                           "raised IndexError")
    assert "usually means crossed indices" in message


def train_mode(mode):
    def wrong(layers, xs, y0s, alpha, iterations):
        return ch08.fit(layers, xs, y0s, alpha, iterations, mode)
    return wrong


def train_per_sample(layers, xs, y0s, alpha, iterations):
    losses = []
    for _ in range(iterations):
        for x, y0 in zip(xs, y0s, strict=True):
            for layer in layers:
                x = layer.forward(x)
            delta = layers[-1].mse_loss(y0)
            for layer in reversed(layers):
                delta = layer.backward(delta)
            losses.append(layers[-1].loss)
        for layer in layers:
            layer.update(alpha)
    return losses


def train_fresh_layers(layers, xs, y0s, alpha, iterations):
    copies = [Layer(layer.n_in, layer.n_out) for layer in layers]
    for copy_, layer in zip(copies, layers, strict=True):
        copy_.w, copy_.b = [row[:] for row in layer.w], layer.b[:]
    return train_network(copies, xs, y0s, alpha, iterations)


def train_changes_targets(layers, xs, y0s, alpha, iterations):
    losses = train_network(layers, xs, y0s, alpha, iterations)
    y0s.append(y0s[0])
    return losses


MISTAKES_4 = [
    (train_mode("forward order"), "walks backward through the layers in forward order"),
    (train_mode("same delta"), "gives every layer the δ of the loss"),
    (train_mode("online"), "updates after every sample \\(online learning\\)"),
    (train_mode("after"), "returned only zeros"),
    (train_mode("last only"), "updates the last layer only"),
    (train_mode("mean"), "returns the mean loss over the samples"),
    (train_per_sample, "48 losses, one per sample"),
    (lambda la, xs, y0s, a, n: train_network(la, xs, y0s, a, n + 1), "returned 13 losses: run "
                                                                     "12 iterations"),
    (train_fresh_layers, "returns the right losses, but leaves the layers with other weights"),
    (train_changes_targets, "changed the samples or the targets"),
    (lambda la, xs, y0s, a, n: None, "returned None"),
    (lambda la, xs, y0s, a, n: [v * 1.01 for v in train_network(la, xs, y0s, a, n)],
     "returned the loss .* for iteration 1, but gradient descent has"),
    (raises_value_error, "raised ValueError: boom"),
    (42, "train_network should be a function"),
]


@pytest.mark.parametrize("function, match", MISTAKES_4)
def test_exercise_4_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch08.exercise_4, (function,), match)


def test_exercise_4_explains_a_delta_of_the_wrong_length(capsys):
    def forward_order_everywhere(layers, xs, y0s, alpha, iterations):
        return ch08.fit(layers, xs, y0s, alpha, iterations, "forward order")

    def run(layers, xs, y0s, alpha, iterations):
        if len({n for layer in layers for n in (layer.n_in, layer.n_out)}) == 1:
            return train_network(layers, xs, y0s, alpha, iterations)
        return forward_order_everywhere(layers, xs, y0s, alpha, iterations)

    message = assert_fails(capsys, ch08.exercise_4, (run,), "raised ValueError")
    assert "A layer received a δ of the wrong length" in message
    assert "at 0x" not in message


def backward_and_update_buggy(layer, delta, alpha):
    return ch08.buggy_backward_and_update(layer, delta, alpha)


def step_without_update(layer, delta, alpha):
    return layer.backward(delta)


def step_without_clearing(layer, delta, alpha):
    dx = backward(layer, delta)
    for j in range(layer.n_out):
        for i in range(layer.n_in):
            layer.w[j][i] -= alpha * layer.dw[j][i]
        layer.b[j] -= alpha * layer.db[j]
    return dx


def step_twice(layer, delta, alpha):
    dx = layer.backward(delta)
    layer.update(2 * alpha)
    return dx


def step_changes_delta(layer, delta, alpha):
    dx = backward_and_update(layer, delta, alpha)
    delta[0] = 1.0
    return dx


MISTAKES_5 = [
    (backward_and_update_buggy, "the dx of the weights after the update: that is the bug"),
    (step_without_update, "returns the right dx but leaves the weights as they were"),
    (step_twice, "returns the right dx, but the weights afterwards are"),
    (step_without_clearing, "leaves dw or db uncleared"),
    (lambda layer, delta, alpha: (layer.update(alpha), backward_dx(
        dx_formula(lambda la, d, s, j, i: d[j] * la.w[j][i]), False)(layer, delta))[1],
     "leaves out σ′"),
    (lambda layer, delta, alpha: [v * 1.01 for v in backward_and_update(layer, delta, alpha)],
     "the slopes along the inputs are"),
    (step_changes_delta, "changed delta"),
    (lambda layer, delta, alpha: None, "returned None: end the function with `return dx`"),
    (raises_value_error, "raised ValueError: boom"),
]


@pytest.mark.parametrize("function, match", MISTAKES_5)
def test_exercise_5_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch08.exercise_5, (function,), match)


def slope_from(formula, restore=True):
    def wrong(layers, x, y0, k, j, i, h=1e-5):
        w = layers[k].w[j][i]
        here = loss_of(layers, x, y0)
        layers[k].w[j][i] = w + h
        plus = loss_of(layers, x, y0)
        layers[k].w[j][i] = w - h
        minus = loss_of(layers, x, y0)
        if restore:
            layers[k].w[j][i] = w
        return formula(plus, minus, here, h, len(y0))
    return wrong


def slope_with_mse_loss(layers, x, y0, k, j, i, h=1e-5):
    def loss():
        y = x
        for layer in layers:
            y = layer.forward(y)
        layers[-1].mse_loss(y0)
        return layers[-1].loss
    w = layers[k].w[j][i]
    layers[k].w[j][i] = w + h
    plus = loss()
    layers[k].w[j][i] = w - h
    minus = loss()
    layers[k].w[j][i] = w
    return (plus - minus) / (2 * h)


def slope_crossed(layers, x, y0, k, j, i, h=1e-5):
    if j < layers[k].n_in and i < layers[k].n_out:
        return numerical_slope(layers, x, y0, k, i, j, h)
    return numerical_slope(layers, x, y0, k, j, i, h)


MISTAKES_9 = [
    (slope_from(lambda p, m, c, h, n: (p - c) / h), "is a one-sided difference"),
    (slope_from(lambda p, m, c, h, n: (p - m) / h), "divides by h: the two nudged points are "
                                                    "2h apart"),
    (slope_from(lambda p, m, c, h, n: (m - p) / (2 * h)), "has the wrong sign"),
    (slope_from(lambda p, m, c, h, n: (p - m) / (2 * h), restore=False), "left the network "
                                                                         "changed"),
    (slope_with_mse_loss, "comes from mse_loss, which adds to the last layer's loss"),
    (slope_crossed, "nudges w\\[i\\]\\[j\\]"),
    (slope_from(lambda p, m, c, h, n: 1.1 * (p - m) / (2 * h)), "should be \\(L\\(w \\+ h\\) "
                                                                "− L\\(w − h\\)\\) / \\(2h\\)"),
    (lambda layers, x, y0, k, j, i: layers[k].backward([1.0] * layers[k].n_out),
     "raised RuntimeError: this exercise writes numerical_slope itself"),
    (lambda layers, x, y0, k, j, i: None, "returned None"),
    (lambda layers, x, y0, k, j, i: "0.1", "is the string"),
    (lambda layers, x, y0, k, j, i: math.nan, "is nan"),
    (lambda layers, x, y0, k, j, i: [0.1], "should be a single number"),
    (raises_value_error, "raised ValueError: boom"),
]


@pytest.mark.parametrize("function, match", MISTAKES_9)
def test_exercise_9_names_the_mistake(capsys, function, match):
    assert_fails(capsys, ch08.exercise_9, (function,), match)


def test_exercise_9_knows_the_divided_loss(capsys):
    # Two outputs in the second network: dividing by them is a mean over the outputs.
    def mean(layers, x, y0, k, j, i, h=1e-5):
        return numerical_slope(layers, x, y0, k, j, i, h) / len(y0)

    assert_fails(capsys, ch08.exercise_9, (mean,), "divides by the number of outputs")


def first_losses(n_hidden, mode="batch", order="data first", alpha=0.1, n=1000):
    """A list of n losses whose first three come from a wrong recipe, the rest from the
    right run scaled (the checks look at the first three to name the recipe)."""
    head = list(ch08._first_losses(n_hidden, mode, order, alpha))
    return head + [v * 0.5 for v in ch08.reference_pythagoras(n_hidden)[3:n]]


MISTAKES_6 = [
    ([0.0] * 1000, "losses_a is all zeros: update\\(\\) clears the loss"),
    (first_losses(1, order="layers first"), "comes from layers drawn before the data"),
    (first_losses(1, order="own seeds"), "layers that each have their own generator"),
    (first_losses(1, alpha=0.01), "comes from the learning rate 0.01"),
    (first_losses(1, alpha=-0.1), "grows: the update walks uphill"),
    (first_losses(1, "online"), "updates after every sample"),
    (first_losses(1, "last only"), "comes from updating the last layer only"),
    ([v / 100 for v in LOSSES_A], "is the mean over the 100 samples"),
    (LOSSES_2[1000:2000], "losses_a starts at .*, but fresh layers start at .*: run the cell"),
    ([*LOSSES_A[:500], *(v * 1.01 for v in LOSSES_A[500:])],
     r"losses_a\[500\] = .*, but iteration 501 has the loss"),
    (LOSSES_A[:999], "holds 999 losses: run 1000 iterations"),
    ([0.1] * 100_000, "holds 100000 losses, one per sample"),
    (None, "losses_a is None"),
    ("losses", "losses_a should be a list of 1000 losses"),
    ([*LOSSES_A[:-1], math.nan], "contains nan"),
    (np.zeros((1000, 1)), "flat list"),
    (LOSSES_A[-1], "losses_a should be a list of 1000 losses, but it is"),
]


@pytest.mark.parametrize("value, match", MISTAKES_6)
def test_exercise_6_names_the_mistake(capsys, value, match):
    assert_fails(capsys, ch08.exercise_6, (value,), match)


MISTAKES_7 = [
    ((LOSSES_B[1000:], FACTOR), "holds the 4000 new losses only: put the 1000 of exercise 8.6 "
                                "in front"),
    ((LOSSES_B[:4000], FACTOR), "starts again from fresh layers and holds only 4000"),
    (([*LOSSES_A, *LOSSES_A, *LOSSES_A, *LOSSES_A, *LOSSES_A], FACTOR),
     "starts with the right 1000 losses, but iteration 1001 has the loss .*If you ran this "
     "cell twice"),
    ((LOSSES_B, 1 / FACTOR), "the other way round"),
    ((LOSSES_B, LOSSES_B[999] - LOSSES_B[-1]), "is the difference of the two losses"),
    ((LOSSES_B, LOSSES_B[0] / LOSSES_B[-1]), "compares with the first loss"),
    ((LOSSES_B, FACTOR * 1.1), "is not losses_b\\[999\\] / losses_b\\[-1\\]"),
    ((LOSSES_B, None), "factor is None"),
    ((LOSSES_B, "2"), "factor is the string"),
    ((LOSSES_B, math.inf), "factor is inf"),
    (([0.0] * 5000, FACTOR), "losses_b is all zeros"),
    ((LOSSES_B[:3000], FACTOR), "holds 3000 losses: it should hold the losses of all 5000"),
    ((None, FACTOR), "losses_b is None"),
]


@pytest.mark.parametrize("answers, match", MISTAKES_7)
def test_exercise_7_names_the_mistake(capsys, answers, match):
    assert_fails(capsys, ch08.exercise_7, answers, match)


MISTAKES_8 = [
    (LOSSES_2, "are the losses of the two-layer network"),
    (first_losses(2, order="middle last", n=5000), "comes from layers drawn in another order"),
    (first_losses(2, order="layers first", n=5000), "comes from layers drawn before the data"),
    (first_losses(2, "last only", n=5000), "updating the last layer only"),
    ([*LOSSES_3[:4999], 0.5], r"losses_c\[4999\] = 0.5, but iteration 5000"),
    (LOSSES_3[:1000], "holds 1000 losses: run 5000 iterations"),
    ([*LOSSES_3[:10], "x", *LOSSES_3[11:]], "holds the string 'x'"),
    (None, "losses_c is None"),
]


@pytest.mark.parametrize("value, match", MISTAKES_8)
def test_exercise_8_names_the_mistake(capsys, value, match):
    assert_fails(capsys, ch08.exercise_8, (value,), match)


# ----------------------------------------------------------------------- bad inputs
BAD_INPUTS = [
    (ch08.exercise_1, ("0.6", DELTA, DX), "y_o is the string"),
    (ch08.exercise_1, (math.nan, DELTA, DX), "y_o is nan"),
    (ch08.exercise_1, (Y, None, DX), "delta_o is None"),
    (ch08.exercise_1, (Y, DELTA, None), "delta_h is None"),
    (ch08.exercise_1, (Y, DELTA, "dx"), "delta_h should be a list of 2 slopes"),
    (ch08.exercise_1, (Y, DELTA, [math.nan, 0.1]), "delta_h contains nan"),
    (ch08.exercise_1, (Y, DELTA, [None, 0.1]), "delta_h still holds None"),
    (ch08.exercise_1, ([Y], DELTA, DX), "y_o should be a single number"),
    (ch08.exercise_2, (P1, "p2", DB), "path_2 is the string"),
    (ch08.exercise_2, (P1, P2, math.nan), "db_hidden_2 is nan"),
    (ch08.exercise_2, (P1, P2, [DB]), "db_hidden_2 should be a single number"),
    (ch08.exercise_2, (P1, P2, None), "db_hidden_2 is None"),
]


@pytest.mark.parametrize("check, args, match", BAD_INPUTS)
def test_bad_input_gets_a_clear_message(capsys, check, args, match):
    assert_fails(capsys, check, args, match)


def test_messages_show_no_memory_addresses(capsys):
    for check in (ch08.exercise_3, ch08.exercise_4, ch08.exercise_5, ch08.exercise_9):
        with pytest.raises(CheckError) as info:
            check(raises_value_error)
        assert " at 0x" not in str(info.value)
    capsys.readouterr()
