"""The Node of chapter 05 and the Layer of chapter 06: gradients, equivalence, bad input."""

import random
from itertools import pairwise

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad

from backprop_book.calculus import gradient
from backprop_book.data import TRAINING_X, TRAINING_Y, random_generator
from backprop_book.layers import Layer
from backprop_book.neuron import (
    Node,
    node_loss,
    node_loss_gradient,
    one_pass,
    train,
)


def layer_sse(params, xs, y0s, n_in, n_out, np_=np):
    """The sum of squared errors of a sigmoid layer, written independently of the package."""
    w = params[: n_in * n_out].reshape(n_out, n_in)
    b = params[n_in * n_out :]
    y = 1 / (1 + np_.exp(-(np_.dot(xs, w.T) + b)))
    return np_.sum((y - y0s) ** 2)


@pytest.mark.parametrize("seed", range(5))
def test_node_gradient_is_the_sum_of_squared_errors_gradient(seed):
    node = Node(seed=seed)
    params = np.array([*node.w, node.b])
    one_pass(node, TRAINING_X.tolist(), TRAINING_Y.tolist())
    found = np.array([*node.dw, node.db])

    def sse(p):
        return layer_sse(p, TRAINING_X, TRAINING_Y[:, None], 3, 1)

    np.testing.assert_allclose(found, gradient(sse, params), rtol=1e-7, atol=1e-10)
    np.testing.assert_allclose(
        found, grad(lambda p: layer_sse(p, TRAINING_X, TRAINING_Y[:, None], 3, 1, anp))(params),
        rtol=1e-12, atol=1e-15,
    )
    assert node.loss == pytest.approx(sse(params), rel=1e-14)
    # the sum is N times chapter 04's mean, and so is its gradient
    dw, db = node_loss_gradient(params[:3], params[3])
    np.testing.assert_allclose(found, 3 * np.append(dw, db), rtol=1e-12)
    assert node.loss == pytest.approx(3 * node_loss(params[:3], params[3]), rel=1e-14)


@pytest.mark.parametrize(("n_in", "n_out", "seed"), [(3, 1, 0), (3, 2, 1), (4, 3, 2), (1, 5, 3)])
def test_layer_gradient_against_finite_differences_and_autograd(n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    xs, y0s = rng.uniform(-2, 2, size=(6, n_in)), rng.uniform(0, 1, size=(6, n_out))
    layer = Layer(n_in, n_out, seed=seed)
    params = np.array([*np.ravel(layer.w), *layer.b])
    one_pass(layer, xs.tolist(), y0s.tolist())
    found = np.array([*np.ravel(layer.dw), *layer.db])

    def sse(p):
        return layer_sse(p, xs, y0s, n_in, n_out)

    np.testing.assert_allclose(found, gradient(sse, params), rtol=1e-6, atol=1e-9)
    autograd_gradient = grad(lambda p: layer_sse(p, xs, y0s, n_in, n_out, anp))(params)
    np.testing.assert_allclose(found, autograd_gradient, rtol=1e-12, atol=1e-14)
    assert layer.loss == pytest.approx(sse(params), rel=1e-13)


@pytest.mark.parametrize(("n_in", "n_hidden", "seed"), [(3, 3, 0), (2, 4, 1), (4, 2, 2)])
def test_backward_returns_the_input_gradient_so_layers_chain(n_in, n_hidden, seed):
    rng = np.random.default_rng(seed)
    x, y0 = rng.uniform(-2, 2, size=n_in), rng.uniform(0, 1, size=2)
    hidden, output = Layer(n_in, n_hidden, seed=seed), Layer(n_hidden, 2, seed=seed + 10)
    output.forward(hidden.forward(x.tolist()))
    dx = output.backward(output.mse_loss(y0.tolist()))
    assert len(dx) == n_hidden
    assert hidden.backward(dx) is not None

    def sse_of_hidden_output(a):
        return layer_sse(np.array([*np.ravel(output.w), *output.b]), a, y0, n_hidden, 2, anp)

    a = np.array(hidden.y)
    np.testing.assert_allclose(dx, gradient(sse_of_hidden_output, a), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(dx, grad(sse_of_hidden_output)(a), rtol=1e-12, atol=1e-14)

    def sse_of_all(p):
        """Both layers' parameters in one vector: the two-layer loss, written independently."""
        split = n_in * n_hidden + n_hidden
        w1 = p[: n_in * n_hidden].reshape(n_hidden, n_in)
        a1 = 1 / (1 + anp.exp(-(anp.dot(w1, x) + p[n_in * n_hidden : split])))
        return layer_sse(p[split:], a1, y0, n_hidden, 2, anp)

    params = np.array([*np.ravel(hidden.w), *hidden.b, *np.ravel(output.w), *output.b])
    found = np.array([*np.ravel(hidden.dw), *hidden.db, *np.ravel(output.dw), *output.db])
    np.testing.assert_allclose(found, gradient(sse_of_all, params), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(found, grad(sse_of_all)(params), rtol=1e-12, atol=1e-14)


def test_update_steps_against_the_gradient_and_clears_the_sums():
    layer = Layer(3, 2, seed=4)
    before_w, before_b = [row[:] for row in layer.w], layer.b[:]
    one_pass(layer, TRAINING_X.tolist(), [[1, 0], [1, 0], [0, 1]])
    dw, db = [row[:] for row in layer.dw], layer.db[:]
    loss_before = layer.loss
    layer.update(0.1)
    stepped = zip(before_w, dw, strict=True)
    assert layer.w == [[w - 0.1 * d for w, d in zip(rw, rd, strict=True)] for rw, rd in stepped]
    assert layer.b == [b - 0.1 * d for b, d in zip(before_b, db, strict=True)]
    assert layer.loss == 0.0 and layer.db == [0.0, 0.0] and layer.dw == [[0.0] * 3] * 2
    one_pass(layer, TRAINING_X.tolist(), [[1, 0], [1, 0], [0, 1]])
    assert layer.loss < loss_before


@pytest.mark.parametrize("seed", [0, 1, 2026])
def test_a_layer_of_one_node_is_the_node(seed):
    node, layer = Node(seed=seed), Layer(3, 1, seed=seed)
    assert [node.w] == layer.w and [node.b] == layer.b
    node_losses, _ = train(node, [(0.1, 100)])
    layer_losses, _ = train(layer, [(0.1, 100)], y0s=[[y] for y in TRAINING_Y.tolist()])
    assert node_losses == layer_losses
    assert [node.w] == layer.w and [node.b] == layer.b


def test_weights_come_from_one_stream_in_a_fixed_order():
    rng = random.Random(7)
    draws = [rng.random() - 0.5 for _ in range(8)]
    layer = Layer(3, 2, seed=7)
    assert layer.w == [draws[0:3], draws[3:6]] and layer.b == draws[6:8]
    shared = random.Random(7)
    first, second = Node(seed=shared), Node(seed=shared)
    assert [*first.w, first.b, *second.w, second.b] == draws
    assert all(-0.5 <= v < 0.5 for v in draws)


def test_training_lowers_the_loss():
    losses, outputs = train(Node(seed=0), [(0.1, 1000)])
    assert losses[-1] < losses[0] / 10
    assert all(b <= a for a, b in pairwise(losses))
    # the outputs of the last pass are those the last loss was computed from
    assert losses[-1] == pytest.approx(float(np.sum((np.array(outputs) - TRAINING_Y) ** 2)))


def test_bad_input_gets_a_clear_message():
    node, layer = Node(), Layer(3, 2)
    with pytest.raises(RuntimeError, match=r"call forward\(x\) before mse_loss"):
        node.mse_loss(1.0)
    with pytest.raises(RuntimeError, match=r"call forward\(x\) before backward"):
        layer.backward([0.0, 0.0])
    with pytest.raises(ValueError, match="the input x must have 3 values, got 2"):
        node.forward([0, 1])
    with pytest.raises(ValueError, match="the input x must have 3 values, got 4"):
        layer.forward([0, 1, 0, 1])
    layer.forward([0, 1, 0])
    with pytest.raises(ValueError, match="the targets y0 must have 2 values, got 1"):
        layer.mse_loss([1.0])
    with pytest.raises(ValueError, match="delta must have 2 values, got 3"):
        layer.backward([0.0, 0.0, 0.0])
    with pytest.raises(TypeError, match="seed must be an int"):
        Layer(3, 2, seed=1.5)
    assert random_generator(3).random() == random.Random(3).random()
