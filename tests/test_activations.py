import autograd.numpy as anp
import numpy as np
import pytest
from autograd import elementwise_grad

from backprop_book.activations import sigmoid, sigmoid_prime, step

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
