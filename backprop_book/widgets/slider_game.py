"""The slider game: ten sliders, one hidden setting, and a loss to bring down to zero."""

import traitlets

from backprop_book import slider_game as game
from backprop_book.widgets.base import BookWidget, as_trait_error


class SliderGame(BookWidget):
    """The optimisation game of chapter 04 (see :mod:`backprop_book.slider_game`).

    The page shows the loss, the number of moves, and ten sliders s₁ … s₁₀ (0 … 10).
    "New puzzle" takes the next seed, "Reset" starts the current puzzle over, and the puzzle
    number can be typed in. With ``hints=True`` an arrow beside each slider tells which
    single step lowers the loss, and "Let gradient descent play" makes the hinted move that
    lowers it most, one move every 150 ms, until the loss is 0 or no step lowers it.

    Each changed position counts as one move. The page computes the puzzle from the seed
    with the same integer arithmetic as this module, and sends every change to the model.
    """

    seed = traitlets.Int(0).tag(sync=True)
    hints = traitlets.Bool(False).tag(sync=True)
    positions = traitlets.List(traitlets.Int()).tag(sync=True)
    moves = traitlets.Int(0, min=0).tag(sync=True)

    def __init__(self, seed=0, hints=False):
        seed = game.check_seed(seed)
        if not isinstance(hints, bool):
            raise TypeError(f"hints must be True or False, not {hints!r}")
        super().__init__(seed=seed, hints=hints, positions=list(game.puzzle(seed).start))

    @traitlets.validate("seed")
    def _valid_seed(self, proposal):
        return as_trait_error(game.check_seed, proposal.value)

    @traitlets.validate("positions")
    def _valid_positions(self, proposal):
        return as_trait_error(game.check_positions, proposal.value)

    @traitlets.observe("seed")
    def _start_the_puzzle(self, change):
        # A new puzzle starts from its start with no moves (the page sends all three at once).
        self.positions = list(game.puzzle(change.new).start)
        self.moves = 0

    def puzzle(self):
        """The current puzzle: (target, coupling, start)."""
        return game.puzzle(self.seed)

    def loss(self):
        """The loss the page shows."""
        return game.loss(self.positions, self.puzzle())

    def hint(self, i):
        """The arrow beside slider ``i`` (0 … 9): "up", "down" or None."""
        return game.hint(self.positions, self.puzzle(), i)

    def hints_now(self):
        """The arrows of all ten sliders, as the page shows them in hint mode."""
        return game.hints(self.positions, self.puzzle())

    def descent_move(self):
        """The move gradient descent would make next, (i, "up" or "down"), or None."""
        return game.descent_move(self.positions, self.puzzle())

    def play(self, max_moves=1000):
        """Every position gradient descent visits from the current one (see ``game.play``)."""
        return game.play(self.positions, self.puzzle(), max_moves)

    def _shown_traits(self):
        return ["seed", "hints", "positions", "moves"]
