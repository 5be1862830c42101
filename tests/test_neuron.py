import math

import numpy as np
import pytest

from backprop_book.data import EXAMPLE_B, EXAMPLE_W, TRAINING_X, TRAINING_Y
from backprop_book.neuron import node_output, weighted_sum


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
