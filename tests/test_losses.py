"""The losses of chapter 07 (and the MSE of chapter 04): values, slopes against finite
differences and against autograd (an independent automatic differentiation of losses written
here from their formulas), stability at extreme scores, and clear errors for bad input."""

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad

from backprop_book.activations import sigmoid, sigmoid_prime, softmax, softmax_jacobian
from backprop_book.calculus import gradient
from backprop_book.losses import (
    CLIP,
    binary_cross_entropy,
    binary_cross_entropy_from_logits,
    binary_cross_entropy_grad_a,
    binary_cross_entropy_grad_z,
    cross_entropy,
    cross_entropy_from_logits,
    cross_entropy_grad_a,
    cross_entropy_grad_z,
    mse,
)

SEEDS = range(5)


def random_binary(seed, m=6):
    rng = np.random.default_rng(seed)
    return rng.normal(scale=3.0, size=m), rng.integers(0, 2, size=m).astype(float)


def random_classes(seed, m=5, K=3):
    rng = np.random.default_rng(100 + seed)
    return rng.normal(scale=2.0, size=(m, K)), np.eye(K)[rng.integers(0, K, size=m)]


# Written for autograd straight from the formulas, independently of the package.
def bce_ad(a, y):
    return -anp.mean(y * anp.log(a) + (1 - y) * anp.log(1 - a))


def bce_of_z_ad(z, y):
    return bce_ad(1 / (1 + anp.exp(-z)), y)


def ce_ad(a, y):
    return -anp.sum(y * anp.log(a)) / a.shape[0]


def ce_of_z_ad(z, y):
    e = anp.exp(z)
    return ce_ad(e / anp.sum(e, axis=1, keepdims=True), y)


# ------------------------------------------------------------------ values
def test_mse_is_unchanged():
    assert mse([1.0, 2.0], [1.0, 0.0]) == 2.0


def test_binary_cross_entropy_known_values():
    assert binary_cross_entropy([0.5], [1.0]) == pytest.approx(np.log(2))
    assert binary_cross_entropy([0.5, 0.5], [0.0, 1.0]) == pytest.approx(np.log(2))
    assert binary_cross_entropy([0.9, 0.2], [1.0, 0.0]) == pytest.approx(
        -(np.log(0.9) + np.log(0.8)) / 2)
    assert binary_cross_entropy([1.0, 0.0], [1.0, 0.0]) == pytest.approx(0.0, abs=1e-11)
    assert binary_cross_entropy_from_logits([0.0], [1.0]) == pytest.approx(np.log(2))


@pytest.mark.parametrize("seed", SEEDS)
def test_binary_cross_entropy_from_logits_agrees_with_the_probabilities(seed):
    z, y = random_binary(seed)
    assert binary_cross_entropy_from_logits(z, y) == pytest.approx(
        binary_cross_entropy(sigmoid(z), y), rel=1e-12)
    assert binary_cross_entropy(sigmoid(z), y) == pytest.approx(bce_ad(sigmoid(z), y),
                                                                rel=1e-12)


def test_cross_entropy_known_values():
    a = np.array([0.7, 0.2, 0.1])
    assert cross_entropy(a, [0.0, 1.0, 0.0]) == pytest.approx(-np.log(0.2))
    batch = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    labels = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    assert cross_entropy(batch, labels) == pytest.approx(-(np.log(0.7) + np.log(0.8)) / 2)
    assert cross_entropy_from_logits([0.0, 0.0, 0.0], [0.0, 0.0, 1.0]) == pytest.approx(
        np.log(3))


@pytest.mark.parametrize("seed", SEEDS)
def test_cross_entropy_from_logits_agrees_with_the_probabilities(seed):
    z, y = random_classes(seed)
    expected = ce_ad(softmax(z), y)
    assert cross_entropy(softmax(z), y) == pytest.approx(expected, rel=1e-12)
    assert cross_entropy_from_logits(z, y) == pytest.approx(expected, rel=1e-12)
    assert cross_entropy_from_logits(z[0], y[0]) == pytest.approx(
        -np.log(softmax(z[0])[np.argmax(y[0])]), rel=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_two_class_cross_entropy_is_the_binary_one(seed):
    """softmax over (0, z) is (1 − σ(z), σ(z)), so the K = 2 loss is the binary one."""
    z, y = random_binary(seed)
    scores = np.stack([np.zeros_like(z), z], axis=1)
    labels = np.stack([1 - y, y], axis=1)
    assert cross_entropy_from_logits(scores, labels) == pytest.approx(
        binary_cross_entropy_from_logits(z, y), rel=1e-12)
    np.testing.assert_allclose(cross_entropy_grad_z(scores, labels)[:, 1],
                               binary_cross_entropy_grad_z(z, y), rtol=1e-12, atol=1e-15)


# ------------------------------------------------------------------ slopes
@pytest.mark.parametrize("seed", SEEDS)
def test_binary_cross_entropy_slopes(seed):
    z, y = random_binary(seed)
    a = sigmoid(z)
    grad_a = binary_cross_entropy_grad_a(a, y)
    np.testing.assert_allclose(grad_a, gradient(lambda v: binary_cross_entropy(v, y), a),
                               rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(grad_a, grad(bce_ad)(a, y), rtol=1e-12)
    grad_z = binary_cross_entropy_grad_z(z, y)
    np.testing.assert_allclose(
        grad_z, gradient(lambda v: binary_cross_entropy_from_logits(v, y), z),
        rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(grad_z, grad(bce_of_z_ad)(z, y), rtol=1e-10, atol=1e-15)
    # the chain rule: ∂J/∂z = ∂J/∂a · ∂a/∂z, and that is (a − y)/m
    np.testing.assert_allclose(grad_z, grad_a * sigmoid_prime(z), rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(grad_z, (a - y) / len(y), rtol=1e-15)


@pytest.mark.parametrize("seed", SEEDS)
def test_cross_entropy_slopes(seed):
    z, y = random_classes(seed)
    a = softmax(z)
    grad_a = cross_entropy_grad_a(a, y)
    np.testing.assert_allclose(grad_a, grad(ce_ad)(a, y), rtol=1e-12)
    gentle = softmax(z / 4)  # no output near 0, where the difference quotient of log is poor
    np.testing.assert_allclose(
        cross_entropy_grad_a(gentle, y).ravel(),
        gradient(lambda v: -np.sum(y.ravel() * np.log(v)) / len(y), gentle.ravel()),
        rtol=1e-6, atol=1e-9)
    grad_z = cross_entropy_grad_z(z, y)
    numeric = gradient(lambda v: cross_entropy_from_logits(v.reshape(z.shape), y), z.ravel())
    np.testing.assert_allclose(grad_z.ravel(), numeric, rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(grad_z, grad(ce_of_z_ad)(z, y), rtol=1e-10, atol=1e-15)
    # the chain rule with the full Jacobian: every a_k depends on every z_i
    chained = np.einsum("sk,ski->si", grad_a, softmax_jacobian(z))
    np.testing.assert_allclose(grad_z, chained, rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(grad_z, (a - y) / len(y), rtol=1e-15)


@pytest.mark.parametrize("seed", SEEDS)
def test_weight_gradients_of_a_softmax_layer(seed):
    """∂J/∂W = (1/m)·(A − Y)ᵀX and ∂J/∂b = mean of the rows of A − Y (rows = samples)."""
    rng = np.random.default_rng(200 + seed)
    m, n, K = 7, 2, 3
    X, Y = rng.normal(size=(m, n)), np.eye(K)[rng.integers(0, K, size=m)]
    W, b = rng.normal(size=(K, n)), rng.normal(size=K)
    dz = cross_entropy_grad_z(X @ W.T + b, Y)
    dW, db = dz.T @ X, np.sum(dz, axis=0)

    def cost(p):
        return ce_of_z_ad(X @ p[:K * n].reshape(K, n).T + p[K * n:], Y)

    params = np.concatenate([W.ravel(), b])
    np.testing.assert_allclose(np.concatenate([dW.ravel(), db]), grad(cost)(params),
                               rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(np.concatenate([dW.ravel(), db]), gradient(cost, params),
                               rtol=1e-6, atol=1e-10)


# ------------------------------------------------------------------ extreme inputs
def test_extreme_scores_give_exact_finite_losses_without_warnings():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert binary_cross_entropy_from_logits([1000.0], [0.0]) == 1000.0
        assert binary_cross_entropy_from_logits([-1000.0], [1.0]) == 1000.0
        assert binary_cross_entropy_from_logits([1000.0, -1000.0], [1.0, 0.0]) == 0.0
        np.testing.assert_array_equal(binary_cross_entropy_grad_z([1000.0, -1000.0],
                                                                  [0.0, 1.0]), [0.5, -0.5])
        assert cross_entropy_from_logits([1000.0, 0.0, -1000.0], [0.0, 0.0, 1.0]) == 2000.0
        assert cross_entropy_from_logits([1000.0, 1001.0, 1002.0], [0.0, 0.0, 1.0]) == \
            pytest.approx(cross_entropy_from_logits([0.0, 1.0, 2.0], [0.0, 0.0, 1.0]))
        np.testing.assert_allclose(cross_entropy_grad_z([1000.0, 0.0, -1000.0], [0, 0, 1.0]),
                                   [1.0, 0.0, -1.0])


def test_outputs_of_exactly_zero_or_one_are_clipped():
    worst = -np.log(CLIP)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert binary_cross_entropy([0.0], [1.0]) == pytest.approx(worst)
        assert binary_cross_entropy([1.0], [0.0]) == pytest.approx(worst, rel=1e-4)
        assert binary_cross_entropy(sigmoid([-1000.0, 1000.0]), [1.0, 0.0]) == pytest.approx(
            worst, rel=1e-4)
        assert cross_entropy([1.0, 0.0, 0.0], [0.0, 1.0, 0.0]) == pytest.approx(worst)
        assert np.all(np.isfinite(binary_cross_entropy_grad_a([0.0, 1.0], [1.0, 0.0])))
        assert np.all(np.isfinite(cross_entropy_grad_a([1.0, 0.0, 0.0], [0.0, 1.0, 0.0])))


# ------------------------------------------------------------------ bad input
BINARY = [binary_cross_entropy, binary_cross_entropy_from_logits, binary_cross_entropy_grad_a,
          binary_cross_entropy_grad_z]
MULTI = [cross_entropy, cross_entropy_from_logits, cross_entropy_grad_a, cross_entropy_grad_z]


@pytest.mark.parametrize("function", BINARY + MULTI)
@pytest.mark.parametrize("values, y, match", [
    ([0.2, 0.5], [1.0], r"\(2,\) and the labels y \(1,\) must have the same shape"),
    ([], [], "is empty"),
    ([0.5, np.nan], [1.0, 0.0], "must be finite, but it holds nan"),
    ([0.5, 0.5], [1.0, np.inf], "must be finite, but it holds inf"),
    (["x", "y"], [1.0, 0.0], "must hold numbers"),
    ([0.5, 0.5], [2.0, -1.0], "labels y must lie between 0 and 1"),
    (None, [1.0], "must hold numbers|must be finite"),
])
def test_bad_input_is_refused(function, values, y, match):
    with pytest.raises(ValueError, match=match):
        function(values, y)


@pytest.mark.parametrize("function", [binary_cross_entropy, binary_cross_entropy_grad_a,
                                      cross_entropy, cross_entropy_grad_a])
def test_scores_are_not_probabilities(function):
    with pytest.raises(ValueError, match=r"between 0 and 1.*use the …_from_logits form"):
        function([2.5, -1.0], [1.0, 0.0])


@pytest.mark.parametrize("function", MULTI)
def test_cross_entropy_labels_must_add_up_to_one(function):
    with pytest.raises(ValueError, match=r"must add up to 1 over the K classes.*2"):
        function([0.5, 0.5], [1.0, 1.0])
    with pytest.raises(ValueError, match=r"one vector of K values or an \(m, K\) batch"):
        function(np.full((2, 2, 2), 0.5), np.full((2, 2, 2), 0.5))
