"""The slider game: its generator, puzzles, loss, hints and gradient descent, checked against
independent NumPy computations and brute force; and the widget's Python side.
(That the page computes the same is tested in tests/browser/drive_slider_game.py.)"""

import itertools

import numpy as np
import pytest
import traitlets

from backprop_book import slider_game as game
from backprop_book.widgets.base import HERE
from backprop_book.widgets.slider_game import SliderGame

SEEDS = range(60)


def numpy_loss(positions, puzzle):
    d = np.array(positions) - np.array(puzzle.target)
    return int(np.sum((np.array(puzzle.coupling) @ d) ** 2))


def neighbours(positions):
    """Every (i, direction, positions after) one step away, inside the scale."""
    for i, (direction, step) in itertools.product(range(game.N), game.DIRECTIONS.items()):
        after = list(positions)
        after[i] += step
        if 0 <= after[i] <= 10:
            yield i, direction, after


def random_positions(rng, count):
    return [list(map(int, rng.integers(0, game.LEVELS, game.N))) for _ in range(count)]


# The generator -------------------------------------------------------------------------

@pytest.mark.parametrize(("seed", "draws"), [
    # The first five outputs of the usual JavaScript mulberry32, times 2**32 (run in Node).
    (0, [1144304738, 1416247, 958946056, 627933444, 2007157716]),
    (1, [2693262067, 11749833, 2265367787, 4213581821, 4159151403]),
    (12345, [4207900869, 1317490944, 2079646450, 3513001552, 2187978186]),
    (2**32 - 1, [3850105811, 813802916, 3073704848, 4054706436, 3630262831]),
])
def test_mulberry32_matches_the_javascript_generator(seed, draws):
    stream = game.mulberry32(seed)
    assert [next(stream) for _ in draws] == draws


def test_puzzles_are_reproducible_and_differ_between_seeds():
    assert game.puzzle(7) == game.puzzle(7)
    assert len({game.puzzle(seed) for seed in SEEDS}) == len(SEEDS)
    assert game.puzzle(0).target == (5, 8, 2, 6, 3, 4, 5, 0, 2, 9)


@pytest.mark.parametrize("seed", [*SEEDS, 2**32 - 1])
def test_a_puzzle_is_a_target_and_an_invertible_coupling(seed):
    target, coupling, start = game.puzzle(seed)
    assert len(target) == game.N and all(0 <= t <= 10 for t in target)
    assert start == (5,) * game.N
    A = np.array(coupling)
    assert A.shape == (game.N, game.N) and np.all(np.diag(A) == 3)
    off = A - 3 * np.eye(game.N, dtype=int)
    assert np.all(np.sum(off != 0, axis=1) == 1) and set(off[off != 0]) <= {-1, 1}
    assert abs(np.linalg.det(A)) > 1


# The loss and the hints ----------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_loss_is_the_squared_length_of_a_times_the_error_and_0_only_at_the_target(seed):
    puzzle = game.puzzle(seed)
    assert game.loss(puzzle.target, puzzle) == 0
    for positions in random_positions(np.random.default_rng(seed), 50):
        value = game.loss(positions, puzzle)
        assert type(value) is int and value == numpy_loss(positions, puzzle)
        assert value > 0 or positions == list(puzzle.target)
    for _, _, after in neighbours(puzzle.target):
        assert game.loss(after, puzzle) >= 9


@pytest.mark.parametrize("seed", SEEDS)
def test_hints_agree_with_comparing_the_losses_of_both_steps(seed):
    puzzle = game.puzzle(seed)
    rng = np.random.default_rng(1000 + seed)
    for positions in [*random_positions(rng, 20), list(puzzle.target), [0] * 10, [10] * 10]:
        now = numpy_loss(positions, puzzle)
        lower = {(i, d) for i, d, after in neighbours(positions) if numpy_loss(after, puzzle) < now}
        assert len({i for i, _ in lower}) == len(lower), "both steps of a slider lowered the loss"
        expected = [next((d for j, d in lower if j == i), None) for i in range(game.N)]
        assert game.hints(positions, puzzle) == expected


def test_hint_at_the_ends_of_the_scale_looks_one_way_only():
    puzzle = game.puzzle(0)
    low = [0] * 10          # below every target but t_8 = 0: only "up" can help
    assert all(h in ("up", None) for h in game.hints(low, puzzle))
    high = [10] * 10
    assert all(h in ("down", None) for h in game.hints(high, puzzle))


# Gradient descent ----------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_descent_takes_the_steepest_step_and_stops_only_at_zero_or_stuck(seed):
    puzzle = game.puzzle(seed)
    path = game.play(puzzle.start, puzzle)
    assert path[0] == list(puzzle.start)
    for before, after in itertools.pairwise(path):
        steps = [(numpy_loss(a, puzzle), i, a) for i, _, a in neighbours(before)]
        best = min(steps, key=lambda step: step[:2])     # largest decrease, lowest i
        assert best[0] < numpy_loss(before, puzzle) and after == best[2]
    end = path[-1]
    assert game.descent_move(end, puzzle) is None
    assert game.loss(end, puzzle) == 0 or all(
        numpy_loss(a, puzzle) >= numpy_loss(end, puzzle) for *_, a in neighbours(end))


def test_the_facts_the_chapter_quotes():
    def summary(seed):
        puzzle = game.puzzle(seed)
        path = game.play(puzzle.start, puzzle)
        return game.loss(puzzle.start, puzzle), len(path) - 1, game.loss(path[-1], puzzle)

    assert summary(0) == (751, 22, 0)       # start loss, moves, end loss: reaches zero
    assert summary(4) == (353, 15, 9)       # the first seed where descent gets stuck
    ends = [game.loss(game.play(p.start, p)[-1], p) for p in map(game.puzzle, range(100))]
    assert sum(end > 0 for end in ends) == 12


def test_play_stops_after_max_moves_and_moved_stays_on_the_scale():
    puzzle = game.puzzle(0)
    assert len(game.play(puzzle.start, puzzle, max_moves=3)) == 4
    assert game.play(puzzle.target, puzzle) == [list(puzzle.target)]
    assert game.moved([10] * 10, 2, "up") is None and game.moved([0] * 10, 9, "down") is None
    assert game.moved([5] * 10, 9, "down") == [5] * 9 + [4]


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: game.puzzle("3"), TypeError, "seed must be a whole number"),
    (lambda: game.puzzle(3.0), TypeError, "seed must be a whole number"),
    (lambda: game.puzzle(True), TypeError, "seed must be a whole number"),
    (lambda: game.puzzle(-1), ValueError, "seed must be from 0"),
    (lambda: game.puzzle(2**32), ValueError, "seed must be from 0"),
    (lambda: game.mulberry32("a"), TypeError, "seed must be a whole number"),
    (lambda: game.loss([5] * 9, game.puzzle(0)), ValueError, "must hold 10 sliders, not 9"),
    (lambda: game.loss([5] * 9 + [11], game.puzzle(0)), ValueError, "from 0 to 10, not 11"),
    (lambda: game.loss([5] * 9 + [-1], game.puzzle(0)), ValueError, "from 0 to 10, not -1"),
    (lambda: game.loss([5.0] * 10, game.puzzle(0)), ValueError, "whole number from 0 to 10"),
    (lambda: game.loss(5, game.puzzle(0)), TypeError, "list of 10 whole numbers"),
    (lambda: game.loss([5] * 10, 0), TypeError, "made by puzzle"),
    (lambda: game.hint([5] * 10, game.puzzle(0), 10), ValueError, "slider i must be"),
    (lambda: game.moved([5] * 10, 0, "left"), ValueError, "'up' or 'down'"),
    (lambda: game.play([5] * 10, game.puzzle(0), -1), ValueError, "max_moves"),
])
def test_bad_arguments_are_refused_with_a_clear_message(call, error, message):
    with pytest.raises(error, match=message):
        call()


# The widget ----------------------------------------------------------------------------

def test_widget_starts_at_its_puzzles_start():
    widget = SliderGame()
    assert (widget.seed, widget.hints, widget.positions, widget.moves) == (0, False, [5] * 10, 0)
    assert widget.puzzle() == game.puzzle(0)
    assert widget.loss() == 751
    assert repr(widget) == f"SliderGame(seed=0, hints=False, positions={[5] * 10}, moves=0)"


def test_widget_methods_follow_its_traits():
    widget = SliderGame(seed=4, hints=True)
    puzzle = game.puzzle(4)
    widget.positions = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert widget.loss() == game.loss(widget.positions, puzzle)
    assert widget.hints_now() == game.hints(widget.positions, puzzle)
    assert widget.hint(3) == widget.hints_now()[3]
    assert widget.descent_move() == game.descent_move(widget.positions, puzzle)
    assert widget.play() == game.play(widget.positions, puzzle)


def test_a_new_seed_starts_its_puzzle_over():
    widget = SliderGame(seed=2)
    widget.positions, widget.moves = [1] * 10, 40
    widget.seed = 3
    assert (widget.positions, widget.moves) == ([5] * 10, 0)


def test_widget_refuses_bad_settings():
    with pytest.raises(TypeError, match="seed must be a whole number"):
        SliderGame(seed=1.5)
    with pytest.raises(ValueError, match="seed must be from 0"):
        SliderGame(seed=-2)
    with pytest.raises(TypeError, match="hints must be True or False"):
        SliderGame(hints="yes")
    widget = SliderGame()
    with pytest.raises(traitlets.TraitError, match="must hold 10 sliders"):
        widget.positions = [5] * 11
    with pytest.raises(traitlets.TraitError, match="from 0 to 10, not 12"):
        widget.positions = [12] * 10
    with pytest.raises(traitlets.TraitError, match="seed must be a whole number"):
        widget.seed = True
    with pytest.raises(traitlets.TraitError):
        widget.moves = -1
    assert (widget.seed, widget.positions) == (0, [5] * 10)


def test_widget_front_end_is_its_files_with_the_shared_parts():
    esm, css = SliderGame._esm, SliderGame._css
    assert esm.startswith((HERE / "common.js").read_text())
    assert esm.endswith((HERE / "slider_game.js").read_text())
    assert (HERE / "theme.css").read_text() in css and ".bp-slider-game" in css
    # The page's constants are the module's.
    for name in ("N", "LEVELS", "START", "DIAGONAL"):
        assert f"{name} = {getattr(game, name)}," in esm
