import autograd.numpy as anp
import numpy as np
import pytest
from autograd import elementwise_grad, jacobian

from backprop_book.activations import (
    log_softmax,
    sigmoid,
    sigmoid_prime,
    softmax,
    softmax_jacobian,
    step,
)
from backprop_book.calculus import gradient

Z = np.linspace(-8, 8, 161)


def test_step_is_the_threshold_rule():
    assert step(np.array([-2.0, -1e-12, 0.0, 1e-12, 3.0])).tolist() == [0, 0, 1, 1, 1]
    assert step(0) == 1.0


def test_sigmoid_known_values_and_symmetry():
    assert sigmoid(0) == 0.5
    assert sigmoid(1.0) == pytest.approx(1 / (1 + np.exp(-1.0)), rel=1e-15)
    np.testing.assert_allclose(sigmoid(-Z), 1 - sigmoid(Z), atol=1e-15)


def test_sigmoid_is_stable_far_from_zero():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert sigmoid(-1000.0) == 0.0
        assert sigmoid(1000.0) == 1.0
        assert np.all(np.isfinite(sigmoid(np.array([-1e308, 1e308]))))


def test_sigmoid_prime_against_finite_differences():
    h = 1e-5
    central = (sigmoid(Z + h) - sigmoid(Z - h)) / (2 * h)
    np.testing.assert_allclose(sigmoid_prime(Z), central, atol=1e-10)


def test_sigmoid_prime_against_automatic_differentiation():
    """autograd differentiates its own sigmoid, written independently of the package."""
    reference = elementwise_grad(lambda z: 1 / (1 + anp.exp(-z)))(Z)
    np.testing.assert_allclose(sigmoid_prime(Z), reference, rtol=1e-12, atol=1e-300)


def test_sigmoid_prime_is_positive_and_largest_at_zero():
    slopes = sigmoid_prime(Z)
    assert np.all(slopes > 0)
    assert sigmoid_prime(0) == 0.25 == slopes.max()


# ------------------------------------------------------------------ softmax (chapter 07)
def softmax_ad(z):
    """The softmax written for autograd, independently of the package (z moderate)."""
    e = anp.exp(z)
    return e / anp.sum(e)


def test_softmax_is_positive_and_adds_up_to_one():
    rng = np.random.default_rng(70)
    z = rng.normal(scale=3.0, size=(20, 4))
    a = softmax(z)
    assert a.shape == z.shape and np.all(a > 0)
    np.testing.assert_allclose(np.sum(a, axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(a[3], softmax(z[3]), rtol=1e-15)   # row by row
    np.testing.assert_allclose(a, np.exp(z) / np.sum(np.exp(z), axis=1, keepdims=True),
                               rtol=1e-13)


def test_softmax_known_values_and_shift():
    assert softmax([0.0, 0.0]).tolist() == [0.5, 0.5]
    np.testing.assert_allclose(softmax([0.0, np.log(3.0)]), [0.25, 0.75], rtol=1e-15)
    z = np.array([2.0, 1.0, -1.0])
    np.testing.assert_allclose(softmax(z + 100.0), softmax(z), rtol=1e-14)
    assert np.argmax(softmax(z)) == np.argmax(z)


def test_softmax_of_two_classes_is_the_sigmoid():
    for z in Z:
        assert softmax([0.0, z])[1] == pytest.approx(sigmoid(z), rel=1e-13, abs=1e-300)


def test_softmax_is_stable_far_from_zero():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for z in ([1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -1002.0],
                  [-1000.0, 0.0, 1000.0], [-1e300, 0.0, 1e300]):
            a = softmax(z)
            assert np.all(np.isfinite(a)) and np.sum(a) == pytest.approx(1.0)
            assert np.all(np.isfinite(log_softmax(z)))
        np.testing.assert_allclose(softmax([1000.0, 1001.0, 1002.0]), softmax([0.0, 1.0, 2.0]),
                                   rtol=1e-15)
        assert log_softmax([-1000.0, 0.0, 1000.0]).tolist() == [-2000.0, -1000.0, 0.0]


def test_log_softmax_is_the_log_of_the_softmax():
    z = np.random.default_rng(71).normal(scale=4.0, size=(10, 5))
    np.testing.assert_allclose(log_softmax(z), np.log(softmax(z)), rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("seed", range(5))
def test_softmax_jacobian_against_finite_differences_and_autograd(seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=2.0, size=seed + 2)
    formula = softmax_jacobian(z)
    numeric = np.array([gradient(lambda v, i=i: softmax(v)[i], z) for i in range(z.size)])
    np.testing.assert_allclose(formula, numeric, atol=1e-9)
    np.testing.assert_allclose(formula, jacobian(softmax_ad)(z), rtol=1e-12, atol=1e-15)


def test_softmax_jacobian_entries_and_batches():
    z = np.array([2.0, 1.0, -1.0])
    a, jac = softmax(z), softmax_jacobian(z)
    assert jac[0, 0] == pytest.approx(a[0] * (1 - a[0]))       # i = j
    assert jac[0, 2] == pytest.approx(-a[0] * a[2])           # i ≠ j
    np.testing.assert_allclose(jac, jac.T)
    np.testing.assert_allclose(np.sum(jac, axis=0), 0.0, atol=1e-16)  # the a_i add up to 1
    batch = np.stack([z, -z, 2 * z])
    assert softmax_jacobian(batch).shape == (3, 3, 3)
    np.testing.assert_allclose(softmax_jacobian(batch)[1], softmax_jacobian(-z))
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert np.all(np.isfinite(softmax_jacobian([1000.0, -1000.0, 0.0])))


@pytest.mark.parametrize("function", [softmax, log_softmax, softmax_jacobian])
@pytest.mark.parametrize("z, match", [
    (1.0, r"vector of K ≥ 1 scores.*shape \(\)"),
    ([], r"shape \(0,\)"),
    ([1.0, np.nan], "must be finite, but it holds nan"),
    ([1.0, np.inf], "must be finite, but it holds inf"),
    (["a", "b"], "must hold numbers"),
])
def test_softmax_refuses_bad_input(function, z, match):
    with pytest.raises(ValueError, match=match):
        function(z)
