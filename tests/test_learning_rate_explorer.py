"""The learning-rate explorer's Python side: the minima, the path, how a run is classified,
the number format, the traits. (What the page shows is tested by
tests/browser/drive_learning_rate_explorer.py.)"""

import numpy as np
import pytest
import traitlets

from backprop_book.data import quartic, quartic_prime
from backprop_book.optimizers import gradient_descent
from backprop_book.widgets.base import HERE
from backprop_book.widgets.learning_rate_explorer import (
    GLOBAL_MINIMUM,
    LOCAL_MAXIMUM,
    LOCAL_MINIMUM,
    OUTCOMES,
    RATE_RANGE,
    X0_RANGE,
    LearningRateExplorer,
    format_value,
)


def test_the_minima_are_the_roots_of_f_prime_where_f_curves_up():
    for x in (GLOBAL_MINIMUM, LOCAL_MAXIMUM, LOCAL_MINIMUM):
        assert abs(quartic_prime(x)) < 1e-12
    second = lambda x: 24 * x * x - 24 * x  # noqa: E731
    assert second(GLOBAL_MINIMUM) > 0 and second(LOCAL_MINIMUM) > 0 and second(LOCAL_MAXIMUM) < 0
    assert round(GLOBAL_MINIMUM, 4) == -0.4397 and round(LOCAL_MINIMUM, 4) == 1.2660
    # Independently: the lowest point of f on a fine grid is the global minimum.
    grid = np.linspace(-2, 3, 500_001)
    assert grid[np.argmin(quartic(grid))] == pytest.approx(GLOBAL_MINIMUM, abs=1e-5)
    assert quartic(GLOBAL_MINIMUM) < quartic(LOCAL_MINIMUM)


def test_path_is_gradient_descent_exactly():
    for x0, alpha, steps in [(1.0, 0.1, 30), (2.0, 0.1, 100), (-1.2, 0.35, 57), (1.0, 0.5, 30)]:
        explorer = LearningRateExplorer(x0, alpha, steps)
        expected = gradient_descent(quartic_prime, x0, alpha, steps)
        assert explorer.path().tolist() == expected.tolist()
    # Independently, with plain Python floats, for the chapter's example.
    x, path = 1.0, [1.0]
    for _ in range(30):
        x = x - 0.1 * (8 * x**3 - 12 * x**2 + 3)
        path.append(x)
    np.testing.assert_allclose(LearningRateExplorer().path(), path, rtol=1e-13)


def test_table_lists_each_point_with_f_and_f_prime():
    rows = LearningRateExplorer(steps=3).table()
    assert [row[0] for row in rows] == [0, 1, 2, 3]
    assert rows[0] == (0, 1.0, 3.0, -1.0)       # f(1) = 2 − 4 + 3 + 2, f′(1) = 8 − 12 + 3
    assert rows[1][1] == 1.1
    for _, x, fx, fpx in rows:
        assert (fx, fpx) == (quartic(x), quartic_prime(x))


@pytest.mark.parametrize(("x0", "alpha", "steps", "outcome", "step"), [
    (1.0, 0.1, 30, "local minimum", 10),     # the chapter's example: the nearer valley
    (0.5, 0.1, 30, "global minimum", 21),    # start left of the hump
    (2.0, 0.1, 30, "global minimum", 14),    # the first step leaps over the local valley
    (-1.2, 0.1, 30, "local minimum", 11),    # ... and from the far left it leaps back
    (1.0, 0.005, 100, "still moving", 100),  # crawling
    (1.0, 0.3, 30, "oscillating", 30),       # two points either side of the minimum
    (1.0, 0.24, 30, "oscillating", 30),      # a zigzag that shrinks slowly
    (1.0, 0.5, 30, "diverged", 4),
    (2.5, 0.1, 30, "diverged", 2),
])
def test_outcomes_of_known_runs(x0, alpha, steps, outcome, step):
    explorer = LearningRateExplorer(x0, alpha, steps)
    assert explorer.outcome() == outcome
    assert explorer.classify()[1] == step
    settled = explorer.settled_after()
    assert settled == (step if outcome.endswith("minimum") else None)


def test_outcome_definitions_hold():
    explorer = LearningRateExplorer(1.0, 0.1, 30)
    path = explorer.path()
    k = explorer.settled_after()
    assert np.all(np.abs(path[k:] - LOCAL_MINIMUM) <= 1e-6)
    assert abs(path[k - 1] - LOCAL_MINIMUM) > 1e-6
    explorer = LearningRateExplorer(1.0, 0.3, 30)
    moves = np.diff(explorer.path())[-10:]
    assert np.all(moves[1:] * moves[:-1] < 0)  # every step reverses the last one
    crawl = LearningRateExplorer(1.0, 0.005, 100).path()
    assert np.all(np.diff(crawl) > 0) and crawl[-1] < LOCAL_MINIMUM - 1e-3
    far = LearningRateExplorer(1.0, 0.5, 30).path()
    assert abs(far[3]) <= 10 < abs(far[4]) and np.isinf(far[-1])


def test_each_outcome_on_the_slider_grid():
    """The sliders reach every outcome, and both minima, from x0 = 1 or nearby."""
    seen = {LearningRateExplorer(1.0, alpha, 30).outcome()
            for alpha in np.round(np.arange(RATE_RANGE[0], RATE_RANGE[1] + 1e-9, RATE_RANGE[2]), 3)}
    assert seen == set(OUTCOMES) - {"global minimum"}
    assert LearningRateExplorer(0.6, 0.1).outcome() == "global minimum"


def test_status_sentences():
    assert LearningRateExplorer().status() == ("Settled in the local minimum x ≈ 1.2660 after "
                                               "10 steps, but the global minimum lies lower.")
    assert LearningRateExplorer(2.0).status() == (
        "Settled in the global minimum x ≈ −0.4397 after 14 steps: the lowest point of f.")
    assert LearningRateExplorer(1.0, 0.5).status() == "Diverged: |x| passed 10 at step 4."
    assert LearningRateExplorer(1.0, 0.005, 1).status() == (
        "Still moving after 1 step: not settled yet.")
    assert LearningRateExplorer(1.0, 0.3).status() == (
        "Oscillating: after 30 steps x still jumps between 1.3581 and 1.0862.")


@pytest.mark.parametrize(("value", "text"), [
    (1.0, "1.0000"), (-5181.75, "\u22125181.7500"), (-51817.5, "\u22125.18e+4"),
    (9999.99995, "9999.9999"), (9999.99996, "10000.0000"), (1e4, "1.00e+4"),
    (-6.89550035e44, "\u22126.90e+44"), (1.125e9, "1.13e+9"), (-1.125e9, "\u22121.13e+9"),
    (99949999.99999999, "9.99e+7"), (99950000.0, "1.00e+8"), (1.235e7, "1.24e+7"),
    (float("inf"), "∞"), (float("-inf"), "\u2212∞"), (float("nan"), "NaN"),
])
def test_format_value_follows_javascript(value, text):
    # The texts are node's: (1.125e9).toExponential(2) is "1.13e+9" (ties away from zero,
    # where Python's "%.2e" gives "1.12e+09"); 9999.99995 is just below the tie in binary.
    assert format_value(value) == text


def test_traits_reset_point_and_repr():
    explorer = LearningRateExplorer()
    assert (explorer.x0, explorer.learning_rate, explorer.steps) == (1.0, 0.1, 30)
    assert explorer._initial == {"x0": 1.0, "learning_rate": 0.1, "steps": 30}
    assert explorer.minima == [GLOBAL_MINIMUM, LOCAL_MINIMUM]
    assert repr(explorer) == "LearningRateExplorer(x0=1.0, learning_rate=0.1, steps=30)"
    explorer.learning_rate = 0.5
    assert explorer.outcome() == "diverged"


def test_bad_settings_are_refused_with_clear_messages():
    refused = r"the learning rate must lie between 0\.005 and 0\.5, not 0\.0"
    with pytest.raises(traitlets.TraitError, match=refused):
        LearningRateExplorer(learning_rate=0.0)
    with pytest.raises(traitlets.TraitError, match=r"start x0 must lie between -1\.5 and 2\.5"):
        LearningRateExplorer(x0=3.0)
    with pytest.raises(traitlets.TraitError, match="steps must lie between 1 and 100"):
        LearningRateExplorer(steps=0)
    with pytest.raises(traitlets.TraitError):
        LearningRateExplorer(steps=2.5)
    explorer = LearningRateExplorer()
    with pytest.raises(traitlets.TraitError, match="learning rate"):
        explorer.learning_rate = 0.6
    assert explorer.learning_rate == 0.1 and X0_RANGE[0] <= explorer.x0 <= X0_RANGE[1]


def test_front_end_is_its_files_with_the_shared_parts():
    esm, css = LearningRateExplorer._esm, LearningRateExplorer._css
    assert esm.endswith((HERE / "learning_rate_explorer.js").read_text())
    assert "export default { render }" in esm
    assert ".bp-learning-rate-explorer" in css
    # The page's f and f′ are the same expressions as backprop_book.data's.
    assert "x * (x * x * (2 * x - 4) + 3) + 2" in esm and "x * x * (8 * x - 12) + 3" in esm
