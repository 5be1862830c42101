"""The Python side of the neuron trainer: its traits, its reference training against loops
written independently, the loss format, and the arguments it refuses. (What the page shows
is checked by tests/browser/drive_neuron_trainer.py.)"""

import itertools
import math
import re

import numpy as np
import pytest
import traitlets

from backprop_book.data import TRAINING_X, TRAINING_Y
from backprop_book.neuron import Node, node_loss, node_loss_gradient
from backprop_book.widgets import NeuronTrainer
from backprop_book.widgets.base import HERE
from backprop_book.widgets.neuron_trainer import (
    GOAL,
    LEARNING_RATES,
    MAX_ITERATIONS,
    MAX_LEARNING_RATE,
    format_loss,
)


def node_loop(seed, schedule):
    """Training written out with Node's methods: per iteration, each sample forward, its
    squared error and backward, the loss read, then update(α)."""
    node, losses = Node(seed=seed), []
    for alpha, iterations in schedule:
        for _ in range(iterations):
            for x, y0 in zip(TRAINING_X, TRAINING_Y, strict=True):
                node.forward(x)
                node.backward(node.mse_loss(y0))
            losses.append(node.loss)
            node.update(alpha)
    return node, losses


def by_hand(w, b, alpha, iterations):
    """The same training with no Node: z, σ(z) with math.exp, and the sums of the chain rule,
    ∂/∂w_i Σ (y − y0)² = Σ 2(y − y0)·y(1 − y)·x_i, written out."""
    w, losses = list(w), []
    for _ in range(iterations + 1):
        ys = [1 / (1 + math.exp(-(sum(wi * xi for wi, xi in zip(w, x, strict=True)) + b)))
              for x in TRAINING_X.tolist()]
        losses.append(sum((y - y0) ** 2 for y, y0 in zip(ys, TRAINING_Y, strict=True)))
        terms = [2 * (y - y0) * y * (1 - y) for y, y0 in zip(ys, TRAINING_Y, strict=True)]
        dw = [sum(t * x[i] for t, x in zip(terms, TRAINING_X.tolist(), strict=True))
              for i in range(3)]
        w = [wi - alpha * dwi for wi, dwi in zip(w, dw, strict=True)]
        b -= alpha * sum(terms)
    return losses[:-1], ys


def test_starts_from_the_nodes_random_weights():
    trainer = NeuronTrainer()
    node = Node(seed=0)
    assert (trainer.seed, trainer.learning_rate) == (0, 0.1)
    assert trainer.start == [*node.w, node.b]
    assert trainer._initial == {"start": trainer.start, "learning_rate": 0.1}
    assert trainer.training_x == TRAINING_X.tolist() and trainer.training_y == TRAINING_Y.tolist()
    assert trainer.max_iterations == MAX_ITERATIONS and trainer.goal == GOAL
    assert repr(trainer) == "NeuronTrainer(seed=0, learning_rate=0.1)"
    assert NeuronTrainer(seed=7).start == [*Node(seed=7).w, Node(seed=7).b]


def test_the_rate_slider_is_a_log_scale_through_the_round_rates():
    rates = LEARNING_RATES
    assert {0.01, 0.1, 1.0, 10.0} <= set(rates) and rates[-1] == MAX_LEARNING_RATE
    assert rates == sorted(rates)
    ratios = [b / a for a, b in itertools.pairwise(rates)]
    assert all(2 <= r <= 2.5 for r in ratios), "1, 2, 5 in every decade"
    assert NeuronTrainer().learning_rate in rates


def test_front_end_is_its_files_with_the_shared_parts():
    esm, css = NeuronTrainer._esm, NeuronTrainer._css
    assert esm.startswith((HERE / "common.js").read_text())
    assert esm.endswith((HERE / "neuron_trainer.js").read_text())
    assert "export default { render }" in esm and "cancelAnimationFrame" in esm
    assert (HERE / "theme.css").read_text() in css and ".bp-neuron-trainer" in css


@pytest.mark.parametrize("seed", [0, 1, 4])
@pytest.mark.parametrize("alpha", [0.01, 0.1, 1.0, 10.0, 100.0])
def test_trajectory_is_training_with_node_exactly(seed, alpha):
    run = NeuronTrainer(seed=seed).trajectory(60, alpha)
    node, losses = node_loop(seed, [(alpha, 60)])
    assert run.losses[:-1] == losses and len(run.losses) == 61
    assert run.w == node.w and run.b == node.b
    assert run.losses[-1] == node_loop(seed, [(alpha, 61)])[1][-1]
    assert run.outputs == [node.forward(x) for x in TRAINING_X]


@pytest.mark.parametrize("seed", [0, 3])
@pytest.mark.parametrize("alpha", [0.1, 2.0, 50.0])
def test_trajectory_agrees_with_training_written_out(seed, alpha):
    run = NeuronTrainer(seed=seed).trajectory(40, alpha)
    start = NeuronTrainer.start_of(seed)
    losses, ys = by_hand(start[:3], start[3], alpha, 40)
    np.testing.assert_allclose(run.losses[:-1], losses, rtol=1e-12)
    np.testing.assert_allclose(run.outputs, ys, rtol=1e-12)


def test_each_iteration_steps_against_three_times_the_mse_gradient():
    """The loss is the sum of squared errors: three times neuron.node_loss (the mean), and
    so is its gradient (neuron.node_loss_gradient, computed with NumPy arrays)."""
    trainer = NeuronTrainer(seed=2)
    before = trainer.trajectory(5, 0.5)
    after = trainer.trajectory(6, 0.5)
    dw, db = node_loss_gradient(before.w, before.b)
    np.testing.assert_allclose(after.w, np.array(before.w) - 0.5 * 3 * dw, rtol=1e-13)
    assert after.b == pytest.approx(before.b - 0.5 * 3 * db, rel=1e-13)
    assert before.losses[-1] == pytest.approx(3 * node_loss(before.w, before.b), rel=1e-13)


def test_a_schedule_continues_from_the_current_weights():
    trainer = NeuronTrainer(seed=5)
    schedule = [(0.1, 4), (10.0, 0), (1.0, 3), (0.02, 2)]
    run = trainer.train(schedule)
    node, losses = node_loop(5, schedule)
    assert run.losses[:-1] == losses and len(run.losses) == 10
    assert (run.w, run.b) == (node.w, node.b)
    assert trainer.train([(0.1, 0)]).losses == [trainer.trajectory(0).losses[0]]
    assert trainer.trajectory(0).w == trainer.start[:3]


@pytest.mark.parametrize("seed", range(6))
def test_training_never_raises_the_loss_at_the_rates_up_to_ten(seed):
    """The page's numbers may differ from Python's in the last place (exp, pow); that they
    do not grow rests on training being this stable."""
    for alpha in LEARNING_RATES[:LEARNING_RATES.index(10.0) + 1]:
        losses = NeuronTrainer(seed=seed).trajectory(300, alpha).losses
        assert all(b <= a for a, b in itertools.pairwise(losses)), alpha


def test_the_goal_is_reached_sooner_with_a_larger_rate():
    trainer = NeuronTrainer()
    reached = {alpha: trainer.goal_reached(trainer.trajectory(2000, alpha).losses)
               for alpha in (0.01, 0.1, 1.0, 10.0)}
    assert reached[0.01] is None
    assert reached[0.1] > reached[1.0] > reached[10.0] >= 1
    losses = trainer.trajectory(reached[1.0], 1.0).losses
    assert losses[-1] < GOAL <= losses[-2]
    assert trainer.goal_reached([0.5, 0.02, 0.01, 0.009]) == 3


def test_a_very_large_rate_can_saturate_the_node_with_a_sample_wrong():
    """Seed 4 with α = 200: one step throws the weights so far that σ is flat at every
    sample, with (1, 0, 1) giving 1 instead of 0; the loss stays near 1."""
    run = NeuronTrainer(seed=4).trajectory(200, 200.0)
    assert all(loss > 0.99 for loss in run.losses[1:])
    assert run.outputs[2] > 0.999


@pytest.mark.parametrize(("value", "text"), [
    (0.8153913412090645, "0.8154"), (0.01, "0.0100"), (0.0, "0.0000"), (2.5, "2.5000"),
    (0.001, "1.00e\u22123"), (0.009999, "1.00e\u22122"), (0.0011, "1.10e\u22123"),
    (0.000999, "9.99e\u22124"), (0.00099999, "1.00e\u22123"), (9.9951e-5, "1.00e\u22124"),
    (1.5e-5, "1.50e\u22125"), (7.6295155450778e-205, "7.63e\u2212205"),
    (3.044746547025629e-23, "3.04e\u221223"),
])
def test_format_loss_is_the_pages(value, text):
    """Texts checked against JavaScript's toExponential(2) with node."""
    assert format_loss(value) == text


@pytest.mark.parametrize("seed", ["0", 1.5, True, None, np.float64(2.0)])
def test_refuses_a_seed_that_is_not_an_int(seed):
    with pytest.raises(TypeError, match="seed must be a whole number"):
        NeuronTrainer(seed=seed)


@pytest.mark.parametrize("rate", [0, 0.0, -0.1, math.nan, math.inf, -math.inf, 1000.5, 1e6])
def test_refuses_a_learning_rate_outside_zero_to_the_largest(rate):
    with pytest.raises(ValueError, match="the learning rate must be above 0 and at most 1000"):
        NeuronTrainer(learning_rate=rate)


@pytest.mark.parametrize("rate", [0.3, 0.15, 1e-4, 999.0])
def test_refuses_a_learning_rate_the_slider_does_not_offer(rate):
    stops = re.escape("one of the slider's values 0.001, 0.002, 0.005, 0.01, 0.02,")
    with pytest.raises(ValueError, match=stops):
        NeuronTrainer(learning_rate=rate)
    assert NeuronTrainer().trajectory(3, rate).losses[-1] > 0, "the reference takes any rate"


@pytest.mark.parametrize("rate", ["0.1", True, None, [0.1]])
def test_refuses_a_learning_rate_that_is_not_a_number(rate):
    with pytest.raises(TypeError, match="the learning rate must be a number"):
        NeuronTrainer(learning_rate=rate)


def test_traits_refuse_what_the_constructor_refuses():
    trainer = NeuronTrainer()
    for bad in (0.0, -1.0, math.nan):
        with pytest.raises(traitlets.TraitError, match="above 0 and at most"):
            trainer.learning_rate = bad
    with pytest.raises(traitlets.TraitError):
        trainer.seed = 1.5
    assert (trainer.seed, trainer.learning_rate) == (0, 0.1)
    with pytest.raises(traitlets.TraitError, match="one of the slider's values"):
        trainer.learning_rate = 0.3
    trainer.learning_rate = 1000
    assert trainer.learning_rate == 1000.0


def test_a_new_seed_brings_its_start():
    trainer = NeuronTrainer(learning_rate=2.0)
    trainer.seed = 3
    assert trainer.start == NeuronTrainer.start_of(3)
    assert trainer._initial == {"start": trainer.start, "learning_rate": 2.0}
    assert trainer.trajectory(0).losses == NeuronTrainer(seed=3).trajectory(0).losses
    with pytest.raises(traitlets.TraitError, match="start follows seed"):
        trainer.start = [0.0, 0.0, 0.0, 0.0]


@pytest.mark.parametrize(("schedule", "error", "message"), [
    ([(0.1, -1)], ValueError, "iterations must be a whole number"),
    ([(0.1, 2.0)], ValueError, "iterations must be a whole number"),
    ([(0.0, 3)], ValueError, "the learning rate must be above 0"),
    ([(math.nan, 3)], ValueError, "the learning rate must be above 0"),
])
def test_train_refuses_a_bad_schedule(schedule, error, message):
    with pytest.raises(error, match=message):
        NeuronTrainer().train(schedule)
