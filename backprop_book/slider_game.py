"""The slider game of chapter 04: ten sliders, one hidden setting, and a loss that says how
far we are from it. The reference the widget's JavaScript is tested against.

**The puzzle.** Each slider s_i takes one of the positions 0, 1, …, 10. A puzzle hides a
target setting t and ties every slider to one partner: row i of its 10×10 coupling matrix A
holds 3 on the diagonal and +1 or −1 in one other column j(i), zeros elsewhere. Its loss is

    L(s) = Σ_i ( Σ_j A_ij (s_j − t_j) )² = Σ_i ( 3(s_i − t_i) ± (s_j(i) − t_j(i)) )²,

a whole number. Each row's 3 outweighs its one ±1, so A is invertible (strictly diagonally
dominant) and L(s) = 0 exactly when s = t. Because of the partners, the best position of one
slider depends on where the others are.

**The hint** of slider i compares the loss one step up and one step down with the loss now:
↑ if moving s_i one step up (if s_i < 10) lowers the loss, ↓ if one step down (if s_i > 0)
lowers it, no arrow if neither does. Both cannot lower it: along one slider the loss is a
parabola opening upwards, L(s ± e_i) − L(s) = M_ii ± 2(Md)_i with M = AᵀA and d = s − t,
so the two changes add up to 2·M_ii > 0. (Were it not so, ↑ would win a tie.)

**Gradient descent on the grid** makes, at every move, the hinted step that lowers the loss
most (the lowest-numbered slider among equals), and stops at zero, or when no single step
lowers the loss: stuck where only moving several sliders at once would help.

**Reproducible puzzles.** ``puzzle(seed)`` draws from mulberry32, a small 32-bit generator
that JavaScript computes with ``Math.imul`` and ``>>> 0`` and Python with ``& 0xFFFFFFFF``,
so both languages get the same puzzle from the same seed. A whole number below n is the
next 32-bit draw modulo n. In this order: the ten target positions (each a draw below 11);
then, row by row, the partner's column (a draw below 9, counting the other nine columns in
order) and its sign (+1 if a draw below 2 is 1, else −1). Every puzzle starts with all
sliders at 5.
"""

from numbers import Integral
from operator import mul, sub
from typing import NamedTuple

N = 10          # sliders
LEVELS = 11     # positions 0, 1, …, 10 of each slider
START = 5       # where every slider starts
DIAGONAL = 3    # A_ii; each row has one more entry, +1 or −1
SEED_LIMIT = 2**32
MASK = 0xFFFFFFFF
DIRECTIONS = {"up": 1, "down": -1}


def mulberry32(seed):
    """Endless 32-bit draws (0 ≤ draw < 2³²) of the mulberry32 generator seeded with ``seed``.

    The same integer operations as slider_game.js, where ``Math.imul`` keeps the low 32 bits
    of a product and ``>>> 0`` reads 32 bits as an unsigned number.
    """
    return _draws(check_seed(seed))


def _draws(state):
    while True:
        state = (state + 0x6D2B79F5) & MASK
        t = ((state ^ (state >> 15)) * (state | 1)) & MASK
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & MASK)) & MASK
        yield t ^ (t >> 14)


class Puzzle(NamedTuple):
    """One puzzle: the hidden ``target``, the ``coupling`` matrix A and the ``start``."""

    target: tuple
    coupling: tuple
    start: tuple


def puzzle(seed):
    """The puzzle number ``seed`` (a whole number, 0 ≤ seed < 2³²); see the module's note."""
    draws = mulberry32(seed)

    def below(n):
        return next(draws) % n

    target = tuple(below(LEVELS) for _ in range(N))
    coupling = [[DIAGONAL * (i == j) for j in range(N)] for i in range(N)]
    for i, row in enumerate(coupling):
        j = below(N - 1)
        j += j >= i                         # one of the other nine columns, in order
        row[j] = 1 if below(2) else -1
    return Puzzle(target, tuple(map(tuple, coupling)), (START,) * N)


def loss(positions, puzzle):
    """L(s) = Σ_i (Σ_j A_ij (s_j − t_j))², a whole number, 0 only at the target."""
    return _loss(check_positions(positions), check_puzzle(puzzle))


def moved(positions, i, direction):
    """The positions after slider ``i`` (0 … 9) moves one step ``direction`` ("up", "down");
    None if that step would leave 0 … 10."""
    positions = check_positions(positions)
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    return _moved(positions, _check_slider(i), DIRECTIONS[direction])


def hint(positions, puzzle, i):
    """"up" if one step up lowers the loss, "down" if one step down does, else None."""
    positions = check_positions(positions)
    return _hint(positions, check_puzzle(puzzle), _check_slider(i), _loss(positions, puzzle))


def hints(positions, puzzle):
    """The hint of every slider: a list of ten "up", "down" or None."""
    positions = check_positions(positions)
    now = _loss(positions, check_puzzle(puzzle))
    return [_hint(positions, puzzle, i, now) for i in range(N)]


def descent_move(positions, puzzle):
    """Gradient descent's next move, (i, direction): the hinted step that lowers the loss
    most, the lowest i among equals; None at zero or when stuck."""
    return _descent_move(check_positions(positions), check_puzzle(puzzle))


def play(positions, puzzle, max_moves=1000):
    """Let gradient descent play from ``positions``: every position it visits, the first
    included, until the loss is 0, it is stuck, or it has made ``max_moves`` moves."""
    if isinstance(max_moves, bool) or not isinstance(max_moves, Integral) or max_moves < 0:
        raise ValueError(f"max_moves must be a whole number, at least 0, not {max_moves!r}")
    path = [check_positions(positions)]
    check_puzzle(puzzle)
    while len(path) <= max_moves and (move := _descent_move(path[-1], puzzle)) is not None:
        i, direction = move
        path.append(_moved(path[-1], i, DIRECTIONS[direction]))
    return path


# The computations, on arguments already checked.

def _loss(positions, puzzle):
    target, coupling, _ = puzzle
    d = list(map(sub, positions, target))                     # d_j = s_j − t_j
    return sum(sum(map(mul, row, d)) ** 2 for row in coupling)  # Σ_i (Σ_j A_ij d_j)²


def _moved(positions, i, step):
    after = list(positions)
    after[i] += step
    return after if 0 <= after[i] < LEVELS else None


def _hint(positions, puzzle, i, now):
    for direction, step in DIRECTIONS.items():
        after = _moved(positions, i, step)
        if after is not None and _loss(after, puzzle) < now:
            return direction
    return None


def _descent_move(positions, puzzle):
    now, best, best_loss = _loss(positions, puzzle), None, None
    for i in range(N):
        direction = _hint(positions, puzzle, i, now)
        if direction is not None:
            after = _loss(_moved(positions, i, DIRECTIONS[direction]), puzzle)
            if best is None or after < best_loss:
                best, best_loss = (i, direction), after
    return best


# Checks of the arguments, with messages that say what was expected.

def check_seed(seed):
    """The seed as an int, or a clear error."""
    if isinstance(seed, bool) or not isinstance(seed, Integral):
        raise TypeError(f"the seed must be a whole number, not {type(seed).__name__} {seed!r}")
    if not 0 <= seed < SEED_LIMIT:
        raise ValueError(f"the seed must be from 0 to 2**32 - 1, not {seed!r}")
    return int(seed)


def check_puzzle(puzzle):
    """The puzzle, if it is one."""
    if not isinstance(puzzle, Puzzle):
        raise TypeError(f"puzzle must be a Puzzle, made by puzzle(seed), not {puzzle!r}")
    return puzzle


def _check_slider(i):
    if isinstance(i, bool) or not isinstance(i, Integral) or not 0 <= i < N:
        raise ValueError(f"the slider i must be a whole number from 0 to {N - 1}, not {i!r}")
    return int(i)


def check_positions(positions):
    """The positions as a new list of ten ints, each 0 … 10, or a clear error."""
    try:
        positions = list(positions)
    except TypeError:
        raise TypeError(f"positions must be a list of {N} whole numbers, "
                        f"not {positions!r}") from None
    if len(positions) != N:
        raise ValueError(f"positions must hold {N} sliders, not {len(positions)}")
    for s in positions:
        if isinstance(s, bool) or not isinstance(s, Integral) or not 0 <= s < LEVELS:
            raise ValueError(f"each position must be a whole number from 0 to {LEVELS - 1}, "
                             f"not {s!r}")
    return [int(s) for s in positions]
