"""The book's interactive widgets.

Each widget is a :class:`BookWidget`: Python holds its parameters as synced traits and the
reference computation; all interaction happens in the JavaScript file beside it, so the
widget works in a running notebook and in the static web page alike.
"""

from backprop_book.widgets.backprop_stepper import BackpropStepper
from backprop_book.widgets.base import BookWidget, format_number
from backprop_book.widgets.learning_rate_explorer import LearningRateExplorer
from backprop_book.widgets.loss_surface import LossSurface
from backprop_book.widgets.neuron_explorer import NeuronExplorer
from backprop_book.widgets.neuron_trainer import NeuronTrainer
from backprop_book.widgets.optimizer_race import OptimizerRace
from backprop_book.widgets.secant_explorer import SecantExplorer
from backprop_book.widgets.slider_game import SliderGame

__all__ = ["BackpropStepper", "BookWidget", "LearningRateExplorer", "LossSurface",
           "NeuronExplorer", "NeuronTrainer", "OptimizerRace", "SecantExplorer", "SliderGame",
           "format_number"]
