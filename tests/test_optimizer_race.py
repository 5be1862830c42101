"""The Python side of the optimiser race: its reference paths against independent
computations, the page's own arithmetic (run in Node.js when it is installed) against them
bit for bit, and the settings it refuses. (What the page shows is checked by
tests/browser/drive_optimizer_race.py.)"""

import json
import math
import shutil
import subprocess

import numpy as np
import pytest
import traitlets

from backprop_book.optimizers import OPTIMIZERS, descend
from backprop_book.surfaces import SURFACES
from backprop_book.widgets import OptimizerRace
from backprop_book.widgets.base import HERE
from backprop_book.widgets.optimizer_race import (
    LEARNING_RATES,
    MAX_STEPS,
    STEP_LIMIT,
    format_loss,
)


def by_hand(name, learning_rate, gradient, start, steps):
    """Each rule written out for one coordinate at a time, from its published equations,
    with Python floats (β^t by math.pow, not by running products)."""
    x = [float(v) for v in start]
    path = [list(x)]
    state = [[0.0, 0.0], [0.0, 0.0]]   # per coordinate: (first, second) moments
    for t in range(1, steps + 1):
        g = [float(v) for v in gradient(np.array(x))]
        for i in range(2):
            a, b = state[i]
            if name == "SGD":
                x[i] -= learning_rate * g[i]
            elif name == "Momentum":
                a = 0.9 * a + g[i]
                x[i] -= learning_rate * a
            elif name == "Adagrad":
                b = b + g[i] ** 2
                x[i] -= learning_rate * g[i] / (math.sqrt(b) + 1e-10)
            elif name == "RMSprop":
                b = 0.9 * b + 0.1 * g[i] ** 2
                x[i] -= learning_rate * g[i] / (math.sqrt(b) + 1e-8)
            else:
                a = 0.9 * a + 0.1 * g[i]
                b = 0.999 * b + 0.001 * g[i] ** 2
                a_hat = a / (1 - math.pow(0.9, t))
                b_hat = b / (1 - math.pow(0.999, t))
                x[i] -= learning_rate * a_hat / (math.sqrt(b_hat) + 1e-8)
            state[i] = [a, b]
        path.append(list(x))
    return np.array(path)


def test_starts_from_the_surfaces_defaults():
    race = OptimizerRace()
    bowl = SURFACES["bowl"]
    assert race.surface == "bowl" and race.steps == 0 and race.max_steps == MAX_STEPS
    assert race.start == list(bowl.default_start)
    assert race.learning_rate == bowl.default_learning_rate
    assert race._initial == {"surface": "bowl", "start": list(bowl.default_start),
                             "learning_rate": bowl.default_learning_rate, "steps": 0}
    assert race.optimizers == list(OPTIMIZERS) == ["SGD", "Momentum", "Adagrad", "RMSprop",
                                                   "Adam"]
    assert repr(race) == (f"OptimizerRace(surface='bowl', start={list(bowl.default_start)}, "
                          f"learning_rate={bowl.default_learning_rate}, steps=0, "
                          f"max_steps={MAX_STEPS})")
    for name, surface in SURFACES.items():
        race = OptimizerRace(name)
        assert race.start == list(surface.default_start)
        assert race.learning_rate == surface.default_learning_rate
        data = race.surfaces[name]
        assert data["x_range"] == list(surface.x_range)
        assert data["minima"] == [[x, y, kind] for x, y, kind in surface.minima]
    race = OptimizerRace("saddle", start=(1, -2), learning_rate=0.3, steps=7, max_steps=20)
    assert (race.start, race.learning_rate, race.steps, race.max_steps) == ([1.0, -2.0], 0.3, 7,
                                                                            20)


def test_hyper_parameters_sent_to_the_page_are_the_optimisers_defaults():
    race = OptimizerRace()
    assert race.hyper_parameters == {
        "SGD": {}, "Momentum": {"beta": 0.9}, "Adagrad": {"eps": 1e-10},
        "RMSprop": {"rho": 0.9, "eps": 1e-8}, "Adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}}


@pytest.mark.parametrize("surface", list(SURFACES))
def test_reference_paths_are_descend_and_agree_with_the_rules_by_hand(surface):
    race = OptimizerRace(surface, steps=60)
    chosen = SURFACES[surface]
    gradient = lambda p: np.array(chosen.gradient(p[0], p[1]))  # noqa: E731
    paths = race.reference_paths()
    assert list(paths) == race.optimizers
    for name, path in paths.items():
        assert path.shape == (61, 2)
        assert path[0].tolist() == race.start
        np.testing.assert_array_equal(
            path, descend(OPTIMIZERS[name](race.learning_rate), gradient, race.start, 60))
        np.testing.assert_allclose(
            path, by_hand(name, race.learning_rate, gradient, race.start, 60),
            rtol=1e-12, atol=1e-12)
    assert all(len(p) == 11 for p in race.reference_paths(10).values())


def test_standings_and_leader():
    race = OptimizerRace("saddle")
    assert race.leader() is None     # step 0: all level
    race.steps = 50
    standings = race.standings()
    for name, path in race.reference_paths().items():
        step, x, y, loss = standings[name]
        assert (step, x, y) == (50, *path[-1].tolist())
        assert loss == SURFACES["saddle"].f(x, y)
    lowest = min(standings.values(), key=lambda s: s[3])[3]
    assert standings[race.leader()][3] == lowest


def test_a_diverging_optimiser_stops_and_drops_out_of_the_lead():
    race = OptimizerRace("saddle", start=(2.0, 2.0), learning_rate=5.0, steps=40)
    standings = race.standings()
    gone = [name for name, (_, _, _, loss) in standings.items() if not math.isfinite(loss)]
    assert "SGD" in gone and "Momentum" in gone
    assert all(standings[name][0] < 40 for name in gone)
    assert race.leader() not in gone
    assert format_loss(standings["SGD"][3]) == "diverged"


@pytest.mark.parametrize("surface", list(SURFACES))
def test_the_default_race_is_won_differently(surface):
    """From each surface's defaults the optimisers end at different losses: a race."""
    race = OptimizerRace(surface, steps=SURFACES[surface].default_steps)
    losses = [loss for _, _, _, loss in race.standings().values()]
    assert all(math.isfinite(v) for v in losses)
    assert len({format_loss(v) for v in losses}) >= 3


def test_grid_is_f_at_cell_centres_with_y_rising_upwards():
    race = OptimizerRace("two-minima")
    grid = race.grid(4)
    (x0, x1), (y0, y1) = SURFACES["two-minima"].x_range, SURFACES["two-minima"].y_range
    f = SURFACES["two-minima"].f
    assert grid[0, 0] == f(x0 + 0.5 * (x1 - x0) / 4, y0 + 3.5 * (y1 - y0) / 4)
    assert grid[3, 0] == f(x0 + 0.5 * (x1 - x0) / 4, y0 + 0.5 * (y1 - y0) / 4)
    assert race.grid().shape == (72, 72)


def test_format_loss_is_javascripts():
    assert format_loss(0) == "0.0000"
    assert format_loss(-0.99995) == "\u22121.0000"
    assert format_loss(0.01) == "0.0100"
    assert format_loss(0.0099999) == "1.00e\u22122"
    assert format_loss(-0.00123456) == "\u22121.23e\u22123"
    assert format_loss(3.1e-300) == "3.10e\u2212300"
    assert format_loss(123456.0) == "1.23e5"
    assert format_loss(99950000.0) == "1.00e8"   # rounds up into the next power of ten
    assert format_loss(1.125e-5) == "1.13e\u22125"   # the exact binary value decides
    assert format_loss(math.inf) == format_loss(math.nan) == "diverged"


def test_learning_rate_stops_are_1_2_5_per_decade_and_hold_the_defaults():
    assert sorted(LEARNING_RATES) == LEARNING_RATES
    mantissas = {round(r / 10 ** math.floor(math.log10(r)), 6) for r in LEARNING_RATES}
    assert mantissas == {1.0, 2.0, 5.0}
    for surface in SURFACES.values():
        assert LEARNING_RATES[0] <= surface.default_learning_rate <= LEARNING_RATES[-1]


@pytest.mark.parametrize("value", [0.0, -1.0, math.nan, math.inf, "0.1", True])
def test_refuses_a_learning_rate_that_is_not_a_positive_number(value):
    with pytest.raises(traitlets.TraitError, match="learning rate must be a positive number"):
        OptimizerRace(learning_rate=value)
    if value is not True:   # the Float trait itself turns True into 1.0
        with pytest.raises(traitlets.TraitError, match=r"learning.rate"):
            OptimizerRace().learning_rate = value


@pytest.mark.parametrize("start", [(1.0,), (1.0, 2.0, 3.0), (math.nan, 0.0), (0.0, math.inf),
                                   "ab", 3])
def test_refuses_a_start_that_is_not_two_finite_numbers(start):
    with pytest.raises(traitlets.TraitError, match="start must be two"):
        OptimizerRace(start=start)


def test_refuses_unknown_surfaces_and_bad_steps():
    with pytest.raises(traitlets.TraitError, match="surface must be one of 'bowl'"):
        OptimizerRace("rosenbrock")
    race = OptimizerRace(max_steps=10)
    with pytest.raises(traitlets.TraitError, match="surface must be one of"):
        race.surface = "cone"
    with pytest.raises(traitlets.TraitError, match="steps must be from 0 to max_steps = 10"):
        race.steps = 11
    with pytest.raises(traitlets.TraitError, match="steps must be from 0"):
        OptimizerRace(steps=-1)
    with pytest.raises(traitlets.TraitError, match=f"max_steps must be from 1 to {STEP_LIMIT}"):
        OptimizerRace(max_steps=0)
    race.steps = 8
    race.max_steps = 5
    assert race.steps == 5


def test_front_end_is_its_files_with_the_shared_parts():
    esm, css = OptimizerRace._esm, OptimizerRace._css
    assert esm.startswith((HERE / "common.js").read_text())
    assert esm.endswith((HERE / "optimizer_race.js").read_text())
    assert "export default { render }" in esm
    assert (HERE / "theme.css").read_text() in css and ".bp-optimizer-race" in css
    for name in SURFACES:
        assert f'"{name}"' in esm or f"{name}:" in esm    # the page knows every surface


HARNESS = """
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const { f, gradient } = SURFACE_FUNCTIONS[input.surface];
const out = Object.fromEntries(input.names.map((n) => {
  const run = extendRun(newRun(n, input.lr, input.hyper[n], input.start), gradient, input.steps);
  return [n, run.points.map(([x, y]) => [String(x), String(y),
    String(Number.isFinite(x) && Number.isFinite(y) ? f(x, y) : NaN)])];
}));
process.stdout.write(JSON.stringify(out));
"""

RACES = [(name, None, None) for name in SURFACES] + [
    ("bowl", (3.0, -4.0), 0.05), ("two-minima", (-1.0, 1.5), 0.2), ("saddle", (0.5, 0.0), 0.5),
    ("saddle", (2.0, 2.0), 5.0)]   # the last diverges for some optimisers


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
@pytest.mark.parametrize(("surface", "start", "learning_rate"), RACES)
def test_the_pages_arithmetic_gives_pythons_paths_bit_for_bit(tmp_path, surface, start,
                                                              learning_rate):
    """The page's surfaces and update rules (optimizer_race.js, run in Node.js: the same V8
    as the browser) give exactly Python's paths and losses: the same IEEE operations in the
    same order (√ is correctly rounded in both, β^t is a running product, no pow or exp)."""
    script = tmp_path / "race.cjs"
    script.write_text(OptimizerRace._esm.replace("export default { render };", "") + HARNESS)
    race = OptimizerRace(surface, start=start, learning_rate=learning_rate)
    steps = 300
    sent = {"surface": surface, "start": race.start, "lr": race.learning_rate, "steps": steps,
            "names": race.optimizers, "hyper": race.hyper_parameters}
    result = subprocess.run(["node", str(script)], input=json.dumps(sent), capture_output=True,
                            text=True, check=True, timeout=60)
    page = json.loads(result.stdout)
    f = SURFACES[surface].f
    for name, path in race.reference_paths(steps).items():
        shown = np.array([[float(v) for v in row] for row in page[name]])
        assert shown.shape == (len(path), 3), name
        np.testing.assert_array_equal(shown[:, :2], path)
        with np.errstate(over="ignore", invalid="ignore"):
            losses = [f(x, y) if np.isfinite([x, y]).all() else math.nan for x, y in path]
        np.testing.assert_array_equal(shown[:, 2], losses)
