import numpy as np
import pytest

from backprop_book.data import quartic, quartic_prime
from backprop_book.optimizers import gradient_descent


def test_one_step_by_hand():
    """Seed exercise 3-8: at x = 1, f' = 8 - 12 + 3 = -1, so with α = 0.1, x becomes 1.1."""
    path = gradient_descent(quartic_prime, 1.0, 0.1, 1)
    assert path.tolist() == [1.0, 1.1]


def test_descent_from_one_settles_in_the_local_minimum():
    x = gradient_descent(quartic_prime, 1.0, 0.1, 200)[-1]
    assert quartic_prime(x) == pytest.approx(0, abs=1e-9)
    assert x == pytest.approx(1.266, abs=1e-3)
    left = gradient_descent(quartic_prime, -1.0, 0.05, 400)[-1]
    assert left == pytest.approx(-0.4397, abs=1e-3) and quartic(left) < quartic(x)


def test_too_large_a_learning_rate_diverges_and_stops():
    path = gradient_descent(quartic_prime, 1.0, 0.5, 100)
    assert len(path) < 101 and not np.isfinite(path[-1])


def test_several_variables_and_bad_settings():
    path = gradient_descent(lambda v: 2 * v, [1.0, -2.0], 0.25, 3)
    np.testing.assert_allclose(path[-1], [0.125, -0.25])
    with pytest.raises(ValueError, match="learning rate must be positive"):
        gradient_descent(quartic_prime, 1.0, 0.0, 3)
    with pytest.raises(ValueError, match="steps must be a whole number"):
        gradient_descent(quartic_prime, 1.0, 0.1, 2.5)
