"""Chapter 04's gradient descent, and chapter 10's optimisers: hand-computed steps, PyTorch's
optimisers as the reference, state, reset, bad input, descend and train_network."""

import math

import numpy as np
import pytest

from backprop_book.data import quartic, quartic_prime
from backprop_book.network import Network
from backprop_book.optimizers import (
    OPTIMIZERS,
    SGD,
    Adagrad,
    Adam,
    Momentum,
    Optimizer,
    RMSprop,
    descend,
    gradient_descent,
    train_network,
)
from backprop_book.surfaces import SURFACES


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



# ---------------------------------------------------------------- chapter 10: the rules by hand
# A small parameter vector and two gradients, each with a zero component (that entry of p
# must not move, and no rule may divide by zero there).
P0 = [1.0, -2.0, 0.5]
G1 = [0.5, 0.0, -2.0]
G2 = [-1.0, 0.0, 4.0]


def two_steps(optimizer):
    """The parameter after one and after two steps with the gradients G1, G2."""
    p = np.array(P0)
    optimizer.step([p], [np.array(G1)])
    first = p.copy()
    optimizer.step([p], [np.array(G2)])
    return first, p.copy()


def expected(rule):
    """Apply rule(p, g1, g2) → (p1, p2) entry by entry, with Python floats."""
    pairs = [rule(p, g1, g2) for p, g1, g2 in zip(P0, G1, G2, strict=True)]
    return np.array([a for a, _ in pairs]), np.array([b for _, b in pairs])


def test_sgd_two_steps_by_hand():
    a = 0.1
    first, second = two_steps(SGD(a))
    np.testing.assert_allclose(first, [1.0 - 0.05, -2.0, 0.5 + 0.2], rtol=1e-15)
    np.testing.assert_allclose(second, [0.95 + 0.1, -2.0, 0.7 - 0.4], rtol=1e-15)


def test_momentum_two_steps_by_hand():
    a, beta = 0.1, 0.9

    def rule(p, g1, g2):
        v1 = g1                     # v starts at 0: v1 = β·0 + g1
        p1 = p - a * v1
        v2 = beta * v1 + g2
        return p1, p1 - a * v2

    first, second = two_steps(Momentum(a, beta=beta))
    want1, want2 = expected(rule)
    np.testing.assert_allclose(first, want1, rtol=1e-15)
    np.testing.assert_allclose(second, want2, rtol=1e-15)
    # The numbers, once: v2 = 0.9·0.5 − 1 = −0.55, so p = 0.95 + 0.055 = 1.005.
    assert second[0] == pytest.approx(1.005, rel=1e-15)


def test_adagrad_two_steps_by_hand():
    a, eps = 0.5, 1e-10

    def rule(p, g1, g2):
        G1 = g1 ** 2
        p1 = p - a * g1 / (math.sqrt(G1) + eps)
        G2 = G1 + g2 ** 2
        return p1, p1 - a * g2 / (math.sqrt(G2) + eps)

    first, second = two_steps(Adagrad(a))
    want1, want2 = expected(rule)
    np.testing.assert_allclose(first, want1, rtol=1e-15)
    np.testing.assert_allclose(second, want2, rtol=1e-15)
    # The first step of Adagrad moves every entry by about α, whatever the size of g:
    np.testing.assert_allclose(first - P0, [-0.5, 0.0, 0.5], atol=1e-9)


def test_rmsprop_two_steps_by_hand():
    a, rho, eps = 0.01, 0.9, 1e-8

    def rule(p, g1, g2):
        s1 = (1 - rho) * g1 ** 2
        p1 = p - a * g1 / (math.sqrt(s1) + eps)
        s2 = rho * s1 + (1 - rho) * g2 ** 2
        return p1, p1 - a * g2 / (math.sqrt(s2) + eps)

    first, second = two_steps(RMSprop(a))
    want1, want2 = expected(rule)
    np.testing.assert_allclose(first, want1, rtol=1e-15)
    np.testing.assert_allclose(second, want2, rtol=1e-15)
    # First step: g / √(0.1 g²) = ±√10, so each moving entry moves by α√10.
    np.testing.assert_allclose(first - P0, [-0.01 * math.sqrt(10), 0, 0.01 * math.sqrt(10)],
                               rtol=1e-7, atol=0)


def test_adam_two_steps_by_hand():
    a, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8

    def rule(p, g1, g2):
        m1, v1 = (1 - b1) * g1, (1 - b2) * g1 ** 2
        p1 = p - a * (m1 / (1 - b1)) / (math.sqrt(v1 / (1 - b2)) + eps)
        m2, v2 = b1 * m1 + (1 - b1) * g2, b2 * v1 + (1 - b2) * g2 ** 2
        return p1, p1 - a * (m2 / (1 - b1 ** 2)) / (math.sqrt(v2 / (1 - b2 ** 2)) + eps)

    first, second = two_steps(Adam(a))
    want1, want2 = expected(rule)
    np.testing.assert_allclose(first, want1, rtol=1e-15)
    np.testing.assert_allclose(second, want2, rtol=1e-15)
    # Bias correction makes the first step exactly ±α (up to ε): m̂ = g, v̂ = g².
    np.testing.assert_allclose(first - P0, [-0.1, 0.0, 0.1], atol=1e-8)


# ---------------------------------------------------------------- against PyTorch
SETTINGS = [
    ("SGD", {}, "SGD", {}),
    ("Momentum", {}, "SGD", {"momentum": 0.9}),
    ("Momentum", {"beta": 0.5}, "SGD", {"momentum": 0.5}),
    ("Adagrad", {}, "Adagrad", {"eps": 1e-10}),
    ("Adagrad", {"eps": 1e-3}, "Adagrad", {"eps": 1e-3}),
    ("RMSprop", {}, "RMSprop", {"alpha": 0.9, "eps": 1e-8}),
    ("RMSprop", {"rho": 0.99, "eps": 1e-6}, "RMSprop", {"alpha": 0.99, "eps": 1e-6}),
    ("Adam", {}, "Adam", {"betas": (0.9, 0.999), "eps": 1e-8}),
    ("Adam", {"beta1": 0.5, "beta2": 0.9, "eps": 1e-4}, "Adam", {"betas": (0.5, 0.9),
                                                                "eps": 1e-4}),
]


@pytest.mark.parametrize(("name", "hyper", "torch_name", "torch_hyper"), SETTINGS)
@pytest.mark.parametrize("learning_rate", [0.01, 0.1])
def test_twenty_steps_agree_with_pytorch(name, hyper, torch_name, torch_hyper, learning_rate):
    """Two parameter arrays (a matrix and a vector) on a random quadratic
    J = ½ wᵀ A w − cᵀ w of w = (W flattened, b), in float64, 20 steps."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    M = rng.standard_normal((8, 8))
    A = M @ M.T / 8 + 0.1 * np.eye(8)
    c = rng.standard_normal(8)
    W0, b0 = rng.standard_normal((2, 3)), rng.standard_normal(2)

    def gradients(W, b):
        g = A @ np.concatenate([W.ravel(), b]) - c
        return [g[:6].reshape(2, 3), g[6:]]

    W, b = W0.copy(), b0.copy()
    ours = OPTIMIZERS[name](learning_rate, **hyper)
    tW = torch.tensor(W0, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(b0, dtype=torch.float64, requires_grad=True)
    theirs = getattr(torch.optim, torch_name)([tW, tb], lr=learning_rate, **torch_hyper)
    for _ in range(20):
        ours.step([W, b], gradients(W, b))
        tW.grad, tb.grad = (torch.from_numpy(g) for g in
                            gradients(tW.detach().numpy(), tb.detach().numpy()))
        theirs.step()
        np.testing.assert_allclose(W, tW.detach().numpy(), rtol=0, atol=1e-12)
        np.testing.assert_allclose(b, tb.detach().numpy(), rtol=0, atol=1e-12)
    assert ours.t == 20


# ---------------------------------------------------------------- state, reset, zero gradients
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_each_parameter_array_has_its_own_state(name):
    """Stepping [W, b] together is the same as stepping W and b with two optimisers."""
    rng = np.random.default_rng(1)
    W, b = rng.standard_normal((2, 3)), rng.standard_normal(3)
    W2, b2 = W.copy(), b.copy()
    together, alone_W, alone_b = (OPTIMIZERS[name](0.05) for _ in range(3))
    for _ in range(5):
        dW, db = rng.standard_normal((2, 3)), rng.standard_normal(3)
        together.step([W, b], [dW, db])
        alone_W.step([W2], [dW])
        alone_b.step([b2], [db])
    np.testing.assert_array_equal(W, W2)
    np.testing.assert_array_equal(b, b2)
    if together.slots:
        assert [state[together.slots[0]].shape for state in together.state] == [(2, 3), (3,)]


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_reset_forgets_everything(name):
    optimizer = OPTIMIZERS[name](0.1)
    fresh = OPTIMIZERS[name](0.1)
    p = np.array([1.0, 2.0])
    for _ in range(3):
        optimizer.step([p], [np.array([0.3, -1.0])])
    assert optimizer.t == 3
    optimizer.reset()
    assert optimizer.t == 0 and optimizer.state is None
    p1, p2 = np.array([1.0, 2.0]), np.array([1.0, 2.0])
    for g in ([0.5, -0.25], [1.0, 2.0]):
        optimizer.step([p1], [np.array(g)])
        fresh.step([p2], [np.array(g)])
    np.testing.assert_array_equal(p1, p2)
    # After a reset the optimiser takes parameters of other shapes.
    optimizer.reset()
    optimizer.step([np.zeros((2, 2)), np.zeros(5)], [np.ones((2, 2)), np.ones(5)])


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_zero_gradients_move_nothing(name):
    optimizer = OPTIMIZERS[name](0.1)
    p = np.array([[1.0, -2.0], [0.0, 3.0]])
    for _ in range(3):
        optimizer.step([p], [np.zeros((2, 2))])
    np.testing.assert_array_equal(p, [[1.0, -2.0], [0.0, 3.0]])
    # Plain numbers and lists are accepted as gradients of the right shape.
    q = np.array(1.0)
    optimizer.reset()
    optimizer.step([q], [0.0])
    assert q == 1.0


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_bad_gradients_are_refused_and_change_nothing(name):
    optimizer = OPTIMIZERS[name](0.1)
    W, b = np.ones((2, 2)), np.ones(2)
    for bad in (np.nan, np.inf, -np.inf):
        with pytest.raises(ValueError, match=r"grads\[1\] is not finite"):
            optimizer.step([W, b], [np.zeros((2, 2)), np.array([0.0, bad])])
    with pytest.raises(ValueError, match=r"grads\[0\] has shape \(2,\) but params\[0\] has "
                                         r"shape \(2, 2\)"):
        optimizer.step([W, b], [np.zeros(2), np.zeros(2)])
    with pytest.raises(ValueError, match="one gradient per parameter array"):
        optimizer.step([W, b], [np.zeros((2, 2))])
    with pytest.raises(ValueError, match="must be LISTS of arrays"):
        optimizer.step(W, np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"params\[0\] must be a NumPy array of floats"):
        optimizer.step([np.ones(2, dtype=int)], [np.zeros(2)])
    with pytest.raises(ValueError, match=r"grads\[0\] must hold numbers"):
        optimizer.step([W], [[["a", "b"], ["c", "d"]]])
    np.testing.assert_array_equal(W, 1.0)
    np.testing.assert_array_equal(b, 1.0)
    assert optimizer.t == 0
    optimizer.step([W, b], [np.ones((2, 2)), np.ones(2)])
    with pytest.raises(ValueError, match="call reset"):
        optimizer.step([W], [np.ones((2, 2))])
    if optimizer.slots:
        with pytest.raises(ValueError, match="call reset"):
            optimizer.step([b, W], [np.ones(2), np.ones((2, 2))])


@pytest.mark.parametrize("name", OPTIMIZERS)
@pytest.mark.parametrize("rate", [0, -0.1, math.nan, math.inf, True, "0.1", None, [0.1]])
def test_bad_learning_rates_are_refused(name, rate):
    with pytest.raises(ValueError, match="learning_rate must be one finite number > 0"):
        OPTIMIZERS[name](rate)


@pytest.mark.parametrize(("name", "key"), [("Momentum", "beta"), ("RMSprop", "rho"),
                                           ("Adam", "beta1"), ("Adam", "beta2")])
@pytest.mark.parametrize("value", [1.0, 1.5, -0.1, math.nan, True, "0.9"])
def test_bad_decay_rates_are_refused(name, key, value):
    with pytest.raises(ValueError, match=f"{key} must be one number with 0 ≤ {key} < 1"):
        OPTIMIZERS[name](0.1, **{key: value})


@pytest.mark.parametrize("name", ["Adagrad", "RMSprop", "Adam"])
@pytest.mark.parametrize("value", [0, -1e-8, math.inf, math.nan])
def test_bad_epsilons_are_refused(name, value):
    with pytest.raises(ValueError, match="eps must be one finite number > 0"):
        OPTIMIZERS[name](0.1, eps=value)


def test_hyper_parameters_defaults_names_and_repr():
    assert SGD(0.1).hyper == {}
    assert Momentum(0.1).beta == 0.9 and Adagrad(0.1).eps == 1e-10
    assert RMSprop(0.1).hyper == {"rho": 0.9, "eps": 1e-8}
    assert Adam(0.1, beta2=0.99).hyper == {"beta1": 0.9, "beta2": 0.99, "eps": 1e-8}
    assert Momentum(0.1, beta=0).beta == 0.0          # β = 0 is plain gradient descent
    assert repr(Momentum(0.5)) == "Momentum(learning_rate=0.5, beta=0.9)"
    assert [cls.name for cls in OPTIMIZERS.values()] == list(OPTIMIZERS)
    assert all(issubclass(cls, Optimizer) for cls in OPTIMIZERS.values())
    with pytest.raises(TypeError, match=r"SGD has no hyper-parameter 'beta'; it takes: "
                                        r"learning_rate$"):
        SGD(0.1, beta=0.9)
    with pytest.raises(TypeError, match="it takes: learning_rate, beta1, beta2, eps"):
        Adam(0.1, beta=0.9)


# ---------------------------------------------------------------- descend
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_descend_is_the_optimiser_stepped_by_hand(name):
    surface = SURFACES["saddle"]
    path = descend(OPTIMIZERS[name](0.05), surface.gradient_vector, (-1.0, 0.3), 30)
    assert path.shape == (31, 2)
    optimizer, p = OPTIMIZERS[name](0.05), np.array([-1.0, 0.3])
    for row in path[1:]:
        optimizer.step([p], [surface.gradient_vector(p)])
        np.testing.assert_array_equal(p, row)
    # A second run with the same optimiser object starts afresh (it is reset).
    reused = OPTIMIZERS[name](0.05)
    descend(reused, surface.gradient_vector, (2.0, 2.0), 7)
    np.testing.assert_array_equal(
        descend(reused, surface.gradient_vector, (-1.0, 0.3), 30), path)


@pytest.mark.parametrize("surface", SURFACES.values(), ids=list(SURFACES))
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_descend_goes_downhill_on_every_surface(surface, name):
    start, rate, steps = surface.default_start, surface.default_learning_rate, 200
    path = descend(OPTIMIZERS[name](rate), surface.gradient_vector, start, steps)
    assert path.shape == (steps + 1, 2) and np.all(np.isfinite(path))
    assert path[0].tolist() == list(start)
    assert surface.value(path[-1]) < surface.value(path[0]) - 1


def test_descend_stops_when_it_diverges():
    # Too large a rate on the two-minima surface: x grows until its gradient (8x³ …)
    # overflows to inf; the path ends at that last finite point.
    quartic_2d = SURFACES["two-minima"]
    path = descend(SGD(0.2), quartic_2d.gradient_vector, (1.9, 1.2), 100)
    assert len(path) == 9 and np.all(np.isfinite(path))
    with np.errstate(over="ignore"):
        assert not np.all(np.isfinite(quartic_2d.gradient_vector(path[-1])))
    # A step that lands on inf ends the path with that point.
    path = descend(SGD(1e200), lambda x: 2 * x, [1e200], 10)
    assert path[:, 0].tolist() == [1e200, -np.inf]
    # A gradient that is not finite at a (finite) point ends the path at that point.
    def gradient(x):
        return np.array([np.inf]) if x[0] < 0 else np.array([1.0])
    path = descend(SGD(0.75), gradient, [1.0], 10)
    assert path[:, 0].tolist() == [1.0, 0.25, -0.5]


def test_descend_single_variable_and_bad_arguments():
    path = descend(SGD(0.1), lambda x: quartic_prime(x), 1.0, 1)
    np.testing.assert_array_equal(path, [[1.0], [1.1]])   # as gradient_descent by hand
    np.testing.assert_array_equal(path[:, 0], gradient_descent(quartic_prime, 1.0, 0.1, 1))
    assert descend(Adam(0.1), lambda x: 2 * x, [3.0, 4.0], 0).tolist() == [[3.0, 4.0]]
    with pytest.raises(ValueError, match="steps must be a whole number"):
        descend(SGD(0.1), lambda x: x, [1.0], 2.5)
    with pytest.raises(ValueError, match="steps must be a whole number"):
        descend(SGD(0.1), lambda x: x, [1.0], -1)
    with pytest.raises(ValueError, match="optimizer must be an Optimizer"):
        descend(SGD, lambda x: x, [1.0], 3)
    with pytest.raises(ValueError, match="gradient must be a function"):
        descend(SGD(0.1), [1.0], [1.0], 3)
    with pytest.raises(ValueError, match="start must be finite"):
        descend(SGD(0.1), lambda x: x, [np.nan, 1.0], 3)
    with pytest.raises(ValueError, match="start must be a point"):
        descend(SGD(0.1), lambda x: x, "here", 3)
    with pytest.raises(ValueError, match=r"gradient\(x\) must return 2 numbers"):
        descend(SGD(0.1), lambda x: [1.0, 2.0, 3.0], [1.0, 1.0], 3)


# ---------------------------------------------------------------- train_network
XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])
XOR_RATES = {"SGD": 2.0, "Momentum": 0.3, "Adagrad": 0.3, "RMSprop": 0.03, "Adam": 0.05}


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_every_optimiser_learns_xor(name):
    network = Network([2, 3, 1], seed=0)
    start = network.loss(XOR_X, XOR_Y)
    losses = train_network(network, OPTIMIZERS[name](XOR_RATES[name]), XOR_X, XOR_Y, 1000)
    assert losses.shape == (1001,) and losses[0] == start
    assert losses[-1] == network.loss(XOR_X, XOR_Y)
    assert losses[-1] < 0.01 < 0.2 < losses[0]
    np.testing.assert_array_equal(network.forward(XOR_X) > 0.5, XOR_Y > 0.5)


def test_train_network_full_batch_is_optimizer_steps():
    network, copy = Network([2, 3, 1], seed=1), Network([2, 3, 1], seed=1)
    losses = train_network(network, Adam(0.05), XOR_X, XOR_Y, 5)
    optimizer = Adam(0.05)
    for epoch in range(5):
        assert losses[epoch] == copy.loss(XOR_X, XOR_Y)
        dW, db = copy.gradient(XOR_X, XOR_Y)
        optimizer.step(copy.weights + copy.biases, dW + db)
    for W, W2 in zip(network.weights + network.biases, copy.weights + copy.biases,
                     strict=True):
        np.testing.assert_array_equal(W, W2)


def test_train_network_mini_batches_are_reproducible():
    runs = []
    for _ in range(2):
        network = Network([2, 3, 1], seed=0)
        runs.append(train_network(network, Momentum(0.3), XOR_X, XOR_Y, 50, batch_size=3,
                                  seed=7))
    np.testing.assert_array_equal(runs[0], runs[1])
    other = train_network(Network([2, 3, 1], seed=0), Momentum(0.3), XOR_X, XOR_Y, 50,
                          batch_size=3, seed=8)
    assert not np.array_equal(runs[0], other)
    # batch_size = m with shuffling is full-batch descent (the mean gradient ignores order)
    # up to round-off.
    full = train_network(Network([2, 3, 1], seed=0), SGD(1.0), XOR_X, XOR_Y, 20)
    shuffled = train_network(Network([2, 3, 1], seed=0), SGD(1.0), XOR_X, XOR_Y, 20,
                             batch_size=4)
    np.testing.assert_allclose(shuffled, full, rtol=1e-12)


def test_train_network_refuses_bad_arguments():
    network = Network([2, 3, 1], seed=0)
    with pytest.raises(ValueError, match="optimizer must be an Optimizer"):
        train_network(network, "Adam", XOR_X, XOR_Y, 3)
    for epochs in (-1, 2.5, True):
        with pytest.raises(ValueError, match="steps must be a whole number"):
            train_network(network, SGD(0.1), XOR_X, XOR_Y, epochs)
    for batch_size in (0, 1.5, True):
        with pytest.raises(ValueError, match="batch_size must be a positive whole number"):
            train_network(network, SGD(0.1), XOR_X, XOR_Y, 3, batch_size=batch_size)


# ---------------------------------------------------------------- the order of operations
def scalar_race(name, surface, learning_rate, start, steps):
    """Each rule written for lone Python floats in the order its docstring gives, as the
    race widget's JavaScript does (Python floats and JavaScript numbers are both IEEE
    doubles; math.sqrt and Math.sqrt are both correctly rounded)."""
    lr, point = learning_rate, list(start)
    state = [{"v": 0.0, "G": 0.0, "s": 0.0, "m": 0.0} for _ in point]
    b1t = b2t = 1.0
    path = [tuple(point)]
    for _ in range(steps):
        grads = surface.gradient(point[0], point[1])
        if not all(math.isfinite(g) for g in grads):
            break
        b1t, b2t = b1t * 0.9, b2t * 0.999
        for i, g in enumerate(grads):
            p, st = point[i], state[i]
            if name == "SGD":
                p = p - lr * g
            elif name == "Momentum":
                st["v"] = 0.9 * st["v"] + g
                p = p - lr * st["v"]
            elif name == "Adagrad":
                st["G"] = st["G"] + g * g
                p = p - lr * g / (math.sqrt(st["G"]) + 1e-10)
            elif name == "RMSprop":
                st["s"] = 0.9 * st["s"] + (1 - 0.9) * (g * g)
                p = p - lr * g / (math.sqrt(st["s"]) + 1e-8)
            else:
                st["m"] = 0.9 * st["m"] + (1 - 0.9) * g
                st["v"] = 0.999 * st["v"] + (1 - 0.999) * (g * g)
                m_hat = st["m"] / (1 - b1t)
                v_hat = st["v"] / (1 - b2t)
                p = p - lr * m_hat / (math.sqrt(v_hat) + 1e-8)
            point[i] = p
        path.append(tuple(point))
        if not all(math.isfinite(p) for p in point):
            break
    return np.array(path)


@pytest.mark.parametrize("surface", SURFACES.values(), ids=list(SURFACES))
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_the_documented_order_gives_the_same_bits(surface, name):
    """descend with NumPy equals, to the last bit, the rules done number by number in the
    documented order: what the race widget's JavaScript must repeat."""
    for rate in (surface.default_learning_rate, 3 * surface.default_learning_rate):
        path = descend(OPTIMIZERS[name](rate), surface.gradient_vector, surface.default_start,
                       surface.default_steps)
        with np.errstate(over="ignore", invalid="ignore"):
            scalar = scalar_race(name, surface, rate, surface.default_start,
                                 surface.default_steps)
        np.testing.assert_array_equal(path, scalar)
