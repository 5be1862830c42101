"""The book's interactive widgets.

Each widget is a :class:`BookWidget`: Python holds its parameters as synced traits and the
reference computation; all interaction happens in the JavaScript file beside it, so the
widget works in a running notebook and in the static web page alike.
"""

from backprop_book.widgets.base import BookWidget, format_number
from backprop_book.widgets.neuron_explorer import NeuronExplorer
from backprop_book.widgets.secant_explorer import SecantExplorer

__all__ = ["BookWidget", "NeuronExplorer", "SecantExplorer", "format_number"]
