import math

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad

from backprop_book.calculus import gradient
from backprop_book.data import EXAMPLE_B, EXAMPLE_W, TRAINING_X, TRAINING_Y
from backprop_book.losses import mse
from backprop_book.neuron import node_loss, node_loss_gradient, node_output, weighted_sum


def test_weighted_sum_of_the_running_example():
    assert weighted_sum(TRAINING_X, EXAMPLE_W, EXAMPLE_B).tolist() == [1.0, 1.5, 0.0]


def test_threshold_node_gets_two_of_three_right():
    y = node_output(TRAINING_X, EXAMPLE_W, EXAMPLE_B, "threshold")
    assert y.tolist() == [1.0, 1.0, 1.0]
    assert int(np.sum(y == TRAINING_Y)) == 2


def test_sigmoid_node_matches_the_formula_written_out():
    for x in TRAINING_X:
        z = sum(wi * xi for wi, xi in zip(EXAMPLE_W, x, strict=True)) + EXAMPLE_B
        assert node_output(x, EXAMPLE_W, EXAMPLE_B) == pytest.approx(1 / (1 + math.exp(-z)))


def test_unknown_activation_is_refused():
    with pytest.raises(ValueError, match="activation must be one of"):
        node_output([0, 0, 0], EXAMPLE_W, EXAMPLE_B, "relu")


def test_node_loss_is_the_mean_of_the_squared_errors():
    y = node_output(TRAINING_X, EXAMPLE_W, EXAMPLE_B)
    assert node_loss(EXAMPLE_W, EXAMPLE_B) == pytest.approx(np.mean((y - TRAINING_Y) ** 2))
    assert mse([1.0, 2.0], [1.0, 0.0]) == 2.0
    with pytest.raises(ValueError, match="same shape"):
        mse([1.0, 2.0], [1.0])


@pytest.mark.parametrize("seed", range(5))
def test_node_loss_gradient_against_finite_differences_and_autograd(seed):
    rng = np.random.default_rng(seed)
    params = rng.normal(size=4)

    def loss(p):
        return node_loss(p[:3], p[3])

    def loss_ad(p):  # the same loss, written for autograd, independently of the package
        y = 1 / (1 + anp.exp(-(anp.dot(TRAINING_X, p[:3]) + p[3])))
        return anp.mean((y - TRAINING_Y) ** 2)

    dw, db = node_loss_gradient(params[:3], params[3])
    formula = np.append(dw, db)
    np.testing.assert_allclose(formula, gradient(loss, params), rtol=1e-7, atol=1e-10)
    np.testing.assert_allclose(formula, grad(loss_ad)(params), rtol=1e-12, atol=1e-15)
