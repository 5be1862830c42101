"""The NumPy network of chapter 09: gradients against autograd and finite differences, the
chapter 06 Layer chain, shapes, training, and bad input."""

import itertools
import random

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad

from backprop_book import losses
from backprop_book.data import pythagoras_data
from backprop_book.layers import Layer
from backprop_book.network import Network, gradient_check

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])


# ---------------------------------------------------------------- an independent reference
def reference_loss(params, sizes, X, Y, hidden, output, loss):
    """The mean loss of a network, written with autograd.numpy and nothing of the package:
    params holds W^1 (row by row), b^1, W^2, b^2, …"""
    functions = {
        "sigmoid": lambda z: 1 / (1 + anp.exp(-z)),
        "tanh": anp.tanh,
        "relu": lambda z: anp.maximum(z, 0.0),
        "identity": lambda z: z,
        "softmax": lambda z: anp.exp(z) / anp.sum(anp.exp(z), axis=1, keepdims=True),
    }
    A, start = X, 0
    pairs = list(itertools.pairwise(sizes))
    for number, (n_in, n_out) in enumerate(pairs, start=1):
        W = anp.reshape(params[start:start + n_in * n_out], (n_out, n_in))
        start += n_in * n_out
        b = params[start:start + n_out]
        start += n_out
        A = functions[output if number == len(pairs) else hidden](anp.dot(A, W.T) + b)
    m = X.shape[0]
    if loss == "mse":
        return anp.sum((A - Y) ** 2) / m
    if loss == "binary_cross_entropy":
        return -anp.sum(Y * anp.log(A) + (1 - Y) * anp.log(1 - A)) / m
    return -anp.sum(Y * anp.log(A)) / m


def random_labels(rng, m, n_out, loss):
    if loss == "mse":
        return rng.uniform(-0.5, 1.0, (m, n_out))
    if loss == "binary_cross_entropy":
        return rng.integers(0, 2, (m, n_out)).astype(float)
    return np.eye(n_out)[rng.integers(0, n_out, m)]


def random_case(seed, hidden_layers, activation, loss, output=None, m=5):
    """A random network and batch; for the ReLU, redrawn until no z lies near the kink."""
    rng = np.random.default_rng(seed)
    for _ in range(100):
        sizes = [int(rng.integers(2, 5))] + [int(rng.integers(2, 6))
                                              for _ in range(hidden_layers)]
        sizes.append(int(rng.integers(2, 4)) if loss != "binary_cross_entropy" else 1)
        network = Network(sizes, activation, output, loss, seed=rng, bias_scale=0.5)
        X = rng.normal(0, 1, (m, sizes[0]))
        Y = random_labels(rng, m, sizes[-1], loss)
        network.forward(X)
        if "relu" not in (activation, output) or min(np.abs(Z).min() for Z in network.Z) > 0.01:
            return network, X, Y
    raise AssertionError("no random case away from the ReLU's kink")


CASES = [(depth, activation, loss)
         for depth in (1, 2, 3)
         for activation in ("sigmoid", "tanh", "relu")
         for loss in ("mse", "binary_cross_entropy", "cross_entropy")]


@pytest.mark.parametrize(("hidden_layers", "activation", "loss"), CASES)
def test_gradient_matches_autograd_and_finite_differences(hidden_layers, activation, loss):
    seed = CASES.index((hidden_layers, activation, loss))
    network, X, Y = random_case(seed, hidden_layers, activation, loss)
    found = network.gradient_vector(X, Y)
    params = network.parameters()
    reference = (network.sizes, X, Y, activation, network.output_activation, loss)
    expected = grad(reference_loss)(params, *reference)
    np.testing.assert_allclose(found, expected, rtol=1e-9, atol=1e-12)
    assert network.loss(X, Y) == pytest.approx(reference_loss(params, *reference), rel=1e-12)
    assert gradient_check(network, X, Y) < 1e-7
    np.testing.assert_array_equal(network.parameters(), params)  # the check restores them


@pytest.mark.parametrize("output", ["identity", "tanh", "relu", "sigmoid"])
def test_mse_with_every_output_activation(output):
    network, X, Y = random_case(40, 2, "tanh", "mse", output=output)
    params = network.parameters()
    expected = grad(reference_loss)(params, network.sizes, X, Y, "tanh", output, "mse")
    np.testing.assert_allclose(network.gradient_vector(X, Y), expected, rtol=1e-9, atol=1e-12)
    assert gradient_check(network, X, Y) < 1e-7


def test_one_sample_is_a_batch_of_one():
    network, X, Y = random_case(3, 2, "sigmoid", "mse", m=1)
    out = network.forward(X[0])
    assert out.shape == (network.sizes[-1],)
    np.testing.assert_array_equal(out, network.forward(X)[0])
    dW1, db1 = network.gradient(X[0], Y[0])
    dW, db = network.gradient(X, Y)
    for a, b in zip(dW1 + db1, dW + db, strict=True):
        np.testing.assert_array_equal(a, b)
    assert network.loss(X[0], Y[0]) == network.loss(X, Y)


def test_the_batch_gradient_is_the_mean_of_the_sample_gradients():
    network, X, Y = random_case(4, 2, "tanh", "cross_entropy", m=6)
    mean = np.mean([network.gradient_vector(x, y) for x, y in zip(X, Y, strict=True)], axis=0)
    np.testing.assert_allclose(network.gradient_vector(X, Y), mean, rtol=1e-12, atol=1e-15)


def test_the_output_delta_is_a_minus_y_for_the_cross_entropies():
    for loss in ("binary_cross_entropy", "cross_entropy"):
        network, X, Y = random_case(5, 1, "sigmoid", loss)
        network.gradient(X, Y)
        np.testing.assert_allclose(network.deltas[-1], network.A[-1] - Y, rtol=1e-15)
        expected = (losses.binary_cross_entropy_grad_z if loss == "binary_cross_entropy"
                    else losses.cross_entropy_grad_z)(network.Z[-1], Y)
        scale = Y.shape[1] if loss == "binary_cross_entropy" else 1   # losses: over m·N_L
        np.testing.assert_allclose(network.deltas[-1] / X.shape[0], expected * scale,
                                   rtol=1e-12)


def test_the_losses_are_those_of_the_losses_module():
    network, X, Y = random_case(6, 1, "sigmoid", "binary_cross_entropy")
    A = network.forward(X)
    assert network.loss(X, Y) == pytest.approx(losses.binary_cross_entropy(A, Y), rel=1e-12)
    network, X, Y = random_case(7, 1, "relu", "cross_entropy")
    A = network.forward(X)
    assert network.loss(X, Y) == pytest.approx(losses.cross_entropy(A, Y), rel=1e-12)
    network, X, Y = random_case(8, 1, "tanh", "mse")
    A = network.forward(X)
    # Summed over the outputs, averaged over the samples: N_L × the mean over all entries.
    assert network.loss(X, Y) == pytest.approx(A.shape[1] * losses.mse(A, Y), rel=1e-12)


@pytest.mark.parametrize("loss", ["mse", "binary_cross_entropy", "cross_entropy"])
def test_train_records_the_loss_of_each_epoch_before_its_step(loss):
    network, X, Y = random_case(9, 2, "tanh", loss, m=8)
    twin = Network.from_arrays(network.weights, network.biases, "tanh", loss=loss)
    history = network.train(X, Y, 0.3, 5)
    for epoch in range(5):
        assert history[epoch] == pytest.approx(twin.loss(X, Y), rel=1e-12)
        twin.step(*twin.gradient(X, Y), 0.3)
    np.testing.assert_allclose(network.parameters(), twin.parameters(), rtol=1e-13)


# ---------------------------------------------------------------- the chapter 06 Layer chain
def layer_chain(sizes, seed):
    rng = random.Random(seed)
    return [Layer(n_in, n_out, rng) for n_in, n_out in itertools.pairwise(sizes)]


def layer_pass(layers, xs, y0s):
    """One pass of the Layer chain over the samples, one at a time; the last outputs."""
    outputs = []
    for x, y0 in zip(xs, y0s, strict=True):
        values = x
        for layer in layers:
            values = layer.forward(values)
        outputs.append(values)
        delta = layers[-1].mse_loss(y0)
        for layer in reversed(layers):
            delta = layer.backward(delta)
    return np.array(outputs)


@pytest.mark.parametrize("sizes", [[3, 1], [3, 4, 1], [3, 5, 4, 2], [3, 2, 3, 4, 2]])
def test_the_layer_chain_and_the_network_agree(sizes):
    xs, y0s = pythagoras_data(12, seed=1)
    y0s = [[y[0]] * sizes[-1] for y in y0s]
    layers = layer_chain(sizes, seed=2)
    network = Network.from_layers(layers)
    X, Y = np.array(xs), np.array(y0s)
    m = len(xs)
    outputs = layer_pass(layers, xs, y0s)
    np.testing.assert_allclose(network.forward(X), outputs, rtol=1e-12, atol=1e-15)
    dW, db = network.gradient(X, Y)
    for layer, gW, gb in zip(layers, dW, db, strict=True):   # Layer sums, Network averages
        np.testing.assert_allclose(np.array(layer.dw), m * gW, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(np.array(layer.db), m * gb, rtol=1e-12, atol=1e-14)
    assert layers[-1].loss == pytest.approx(m * network.loss(X, Y), rel=1e-12)


def test_the_layer_chain_and_the_network_train_the_same():
    sizes, alpha = [3, 4, 3, 1], 0.5
    xs, y0s = pythagoras_data(10, seed=3)
    layers = layer_chain(sizes, seed=4)
    network = Network.from_layers(layers)
    m = len(xs)
    chain_losses = []
    for _ in range(20):
        layer_pass(layers, xs, y0s)
        chain_losses.append(layers[-1].loss)
        for layer in layers:
            layer.update(alpha)
    history = network.train(xs, y0s, alpha * m, 20)     # the mean's slope is 1/m the sum's
    np.testing.assert_allclose(m * history, chain_losses, rtol=1e-12)
    assert np.all(np.diff(chain_losses) < 0)
    for layer, W, b in zip(layers, network.weights, network.biases, strict=True):
        np.testing.assert_allclose(W, layer.w, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(b, layer.b, rtol=1e-12, atol=1e-14)


def test_from_layers_copies_the_parameters():
    layers = layer_chain([2, 3, 1], seed=0)
    network = Network.from_layers(layers)
    network.weights[0][0, 0] += 1.0
    assert layers[0].w[0][0] == network.weights[0][0, 0] - 1.0
    assert (network.activation, network.output_activation, network.loss_name) == (
        "sigmoid", "sigmoid", "mse")


# ---------------------------------------------------------------- shapes and parameters
def test_shapes_of_every_array():
    sizes, m = [4, 5, 3, 2], 7
    network = Network(sizes, seed=1)
    X, Y = np.ones((m, 4)), np.zeros((m, 2))
    assert network.forward(X).shape == (m, 2)
    dW, db = network.backward(Y)
    assert [W.shape for W in network.weights] == [(5, 4), (3, 5), (2, 3)]
    assert [b.shape for b in network.biases] == [(5,), (3,), (2,)]
    assert [Z.shape for Z in network.Z] == [(m, 5), (m, 3), (m, 2)]
    assert [A.shape for A in network.A] == [(m, 4), (m, 5), (m, 3), (m, 2)]
    assert [D.shape for D in network.deltas] == [(m, 5), (m, 3), (m, 2)]
    assert [W.shape for W in dW] == [(5, 4), (3, 5), (2, 3)]
    assert [b.shape for b in db] == [(5,), (3,), (2,)]
    assert network.parameters().shape == (4 * 5 + 5 + 5 * 3 + 3 + 3 * 2 + 2,)


def test_one_output_accepts_a_flat_vector_of_targets():
    network = Network([2, 3, 1], seed=0)
    flat = network.gradient_vector(XOR_X, XOR_Y[:, 0])
    np.testing.assert_array_equal(flat, network.gradient_vector(XOR_X, XOR_Y))


def test_parameters_round_trip_in_place():
    network = Network([3, 4, 2], seed=5, bias_scale=1.0)
    first = network.weights[0]
    vector = np.arange(network.parameters().size, dtype=float)
    network.set_parameters(vector)
    np.testing.assert_array_equal(network.parameters(), vector)
    assert network.weights[0] is first
    np.testing.assert_array_equal(network.weights[0], np.arange(12).reshape(4, 3))
    np.testing.assert_array_equal(network.biases[0], [12, 13, 14, 15])


def test_initial_weights():
    network = Network([2, 3, 1], scale=0.1, seed=7)
    rng = np.random.default_rng(7)
    np.testing.assert_array_equal(network.weights[0], 0.1 * rng.standard_normal((3, 2)))
    np.testing.assert_array_equal(network.weights[1], 0.1 * rng.standard_normal((1, 3)))
    assert all(not b.any() for b in network.biases)
    with_biases = Network([2, 3, 1], scale=0.1, seed=7, bias_scale=0.1)
    for a, b in zip(network.weights, with_biases.weights, strict=True):
        np.testing.assert_array_equal(a, b)
    assert all(b.all() for b in with_biases.biases)
    default = Network([400, 3], seed=0)
    assert np.std(default.weights[0]) == pytest.approx(1 / 20, rel=0.05)
    np.testing.assert_array_equal(Network([3, 2], seed=1).parameters(),
                                  Network([3, 2], seed=1).parameters())


def test_step_moves_against_the_gradient():
    network = Network([2, 3, 1], seed=0)
    before = network.parameters()
    gradient = network.gradient_vector(XOR_X, XOR_Y)
    network.step(*network.gradient(XOR_X, XOR_Y), 0.5)
    np.testing.assert_allclose(network.parameters(), before - 0.5 * gradient, rtol=1e-15)


# ---------------------------------------------------------------- training
def test_xor_is_learned_with_good_settings():
    network = Network([2, 3, 1], loss="binary_cross_entropy", scale=1.0, seed=0)
    history = network.train(XOR_X, XOR_Y, learning_rate=1.0, epochs=3000)
    assert history[-1] < 0.01 < 0.5 < history[0]
    assert np.all(np.diff(history) < 1e-12)                 # full batch, small steps: down
    np.testing.assert_array_equal(network.forward(XOR_X) > 0.5, XOR_Y > 0.5)


def test_mini_batches_are_shuffled_reproducibly():
    runs = []
    for _ in range(2):
        network = Network([2, 4, 1], seed=1)
        runs.append(network.train(XOR_X, XOR_Y, 0.5, 30, batch_size=3, seed=2))
    np.testing.assert_array_equal(*runs)
    other = Network([2, 4, 1], seed=1).train(XOR_X, XOR_Y, 0.5, 30, batch_size=3, seed=3)
    assert not np.array_equal(runs[0], other)
    # One mini-batch holding every sample is the full batch (in a shuffled order).
    whole = Network([2, 4, 1], seed=1).train(XOR_X, XOR_Y, 0.5, 30, batch_size=4)
    full = Network([2, 4, 1], seed=1).train(XOR_X, XOR_Y, 0.5, 30)
    np.testing.assert_allclose(whole, full, rtol=1e-12)


def test_gradient_check_catches_a_wrong_gradient():
    class Halved(Network):
        def _backward(self, Y):
            dW, db = super()._backward(Y)
            return [W / 2 for W in dW], db

    network, X, Y = random_case(11, 2, "sigmoid", "mse")
    wrong = Halved.from_arrays(network.weights, network.biases)
    assert gradient_check(network, X, Y) < 1e-7
    assert gradient_check(wrong, X, Y) > 1e-4


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize(("kwargs", "message"), [
    ({"sizes": [3]}, "at least two"),
    ({"sizes": [3, 0]}, "positive whole number"),
    ({"sizes": [3, 2.5]}, "positive whole number"),
    ({"sizes": [True, 2]}, "positive whole number"),
    ({"sizes": 3}, "list of layer sizes"),
    ({"sizes": [2, 1], "activation": "softplus"}, "activation must be one of"),
    ({"sizes": [2, 1], "activation": "softmax"}, "activation must be one of"),
    ({"sizes": [2, 1], "loss": "hinge"}, "loss must be one of"),
    ({"sizes": [2, 1], "output_activation": "cube"}, "output_activation must be one of"),
    ({"sizes": [2, 1], "loss": "binary_cross_entropy", "output_activation": "identity"},
     "needs output_activation 'sigmoid'"),
    ({"sizes": [2, 2], "loss": "cross_entropy", "output_activation": "sigmoid"},
     "needs output_activation 'softmax'"),
    ({"sizes": [2, 2], "output_activation": "softmax"}, "goes with loss 'cross_entropy'"),
    ({"sizes": [2, 1], "scale": -1}, "scale must be one positive number"),
    ({"sizes": [2, 1], "seed": "x"}, "seed must be"),
])
def test_bad_construction(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Network(**kwargs)


@pytest.mark.parametrize(("X", "message"), [
    (np.ones((4, 3)), r"shape \(m, 2\), one row per sample; got shape \(4, 3\)"),
    (np.ones(3), r"got shape \(3,\)"),
    (np.ones((2, 2, 2)), r"got shape \(2, 2, 2\)"),
    (np.ones((0, 2)), r"got shape \(0, 2\)"),
    ([[0, np.nan]], "must be finite"),
    ("ab", "must hold numbers"),
    (None, "must hold numbers"),
])
def test_bad_inputs(X, message):
    with pytest.raises(ValueError, match=message):
        Network([2, 3, 1]).forward(X)


def test_bad_targets():
    network = Network([2, 3, 2])
    network.forward(XOR_X)
    with pytest.raises(ValueError, match=r"must have shape \(4, 2\).*not \(4,\)"):
        network.backward(np.zeros(4))
    with pytest.raises(ValueError, match=r"must have shape \(4, 2\).*not \(3, 2\)"):
        network.backward(np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"must have shape \(2,\)"):
        network.gradient(XOR_X[0], np.zeros((1, 2)))
    with pytest.raises(ValueError, match="must lie between 0 and 1"):
        Network([2, 1], loss="binary_cross_entropy").loss(XOR_X, XOR_Y * 2)
    with pytest.raises(ValueError, match="add up to 1"):
        Network([2, 2], loss="cross_entropy").loss(XOR_X, np.ones((4, 2)))
    with pytest.raises(RuntimeError, match=r"call forward\(X\) before backward\(Y\)"):
        Network([2, 1]).backward(XOR_Y)


def test_bad_parameters_and_training_settings():
    network = Network([2, 3, 1])
    with pytest.raises(ValueError, match="must have 13 values"):
        network.set_parameters(np.zeros(12))
    dW, db = network.gradient(XOR_X, XOR_Y)
    with pytest.raises(ValueError, match=r"dW\[1\] and db\[1\] must have shapes \(1, 3\)"):
        network.step([dW[0], dW[1].T], db, 0.1)
    with pytest.raises(ValueError, match="one array per layer"):
        network.step(dW[:1], db[:1], 0.1)
    with pytest.raises(ValueError, match="learning_rate must be one finite number"):
        network.step(dW, db, "0.1")
    with pytest.raises(ValueError, match="learning_rate must be one finite number"):
        network.train(XOR_X, XOR_Y, np.nan, 1)
    with pytest.raises(ValueError, match="epochs must be"):
        network.train(XOR_X, XOR_Y, 0.1, -1)
    with pytest.raises(ValueError, match="batch_size must be"):
        network.train(XOR_X, XOR_Y, 0.1, 1, batch_size=0)
    with pytest.raises(ValueError, match="cannot be chained"):
        Network.from_layers([Layer(2, 3, 0), Layer(2, 1, 0)])
    with pytest.raises(ValueError, match=r"weights\[1\] and biases\[1\] must have shapes"):
        Network.from_arrays([np.ones((3, 2)), np.ones((1, 4))], [np.ones(3), np.ones(1)])
