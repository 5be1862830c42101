"""The Python side of the widgets: traits, reference computations, files, number format.
(What the page shows is tested in tests/browser/.)"""

import numpy as np
import pytest
import traitlets

from backprop_book.calculus import derivative
from backprop_book.data import EXAMPLE_B, EXAMPLE_W
from backprop_book.neuron import node_output
from backprop_book.widgets import NeuronExplorer, SecantExplorer, format_number
from backprop_book.widgets.base import HERE
from backprop_book.widgets.secant_explorer import FUNCTIONS


def test_explorer_starts_at_the_running_example():
    explorer = NeuronExplorer()
    assert explorer.w == EXAMPLE_W.tolist() and explorer.b == EXAMPLE_B
    assert explorer.activation == "threshold"
    assert explorer.output() == 1.0
    assert explorer.samples_right() == 2
    assert explorer._initial == {"x": explorer.x, "w": explorer.w, "b": explorer.b,
                                 "activation": "threshold"}


def test_explorer_output_follows_its_traits():
    explorer = NeuronExplorer(x=(1, 0, 1), activation="sigmoid")
    explorer.b = 0.4
    assert explorer.output() == pytest.approx(float(node_output([1, 0, 1], EXAMPLE_W, 0.4)))
    explorer.activation = "threshold"
    explorer.b = 0.5
    assert explorer.samples_right() == 3


def test_explorer_validates_its_traits():
    explorer = NeuronExplorer()
    with pytest.raises(traitlets.TraitError):
        explorer.activation = "relu"
    with pytest.raises(traitlets.TraitError):
        explorer.w = [1.0, 2.0]


def test_explorer_front_end_is_its_files_with_the_shared_parts():
    esm, css = NeuronExplorer._esm, NeuronExplorer._css
    assert esm.startswith((HERE / "common.js").read_text())
    assert esm.endswith((HERE / "neuron_explorer.js").read_text())
    assert "export default { render }" in esm
    assert (HERE / "theme.css").read_text() in css and ".bp-neuron-explorer" in css


def test_repr_names_the_parameters_without_a_memory_address():
    assert repr(NeuronExplorer()) == (
        "NeuronExplorer(x=[0.0, 1.0, 0.0], w=[1.0, 0.5, -2.0], b=1.0, activation='threshold')")


@pytest.mark.parametrize(("value", "digits", "text"), [
    (0.7310585786300049, 4, "0.7311"), (-2.0, 1, "\u22122.0"), (-0.00001, 4, "0.0000"),
    (-0.0, 2, "0.00"), (2.5, 0, "3"), (12.25, 1, "12.3"), (-12.25, 1, "\u221212.3"),
    (0.1 + 0.2, 16, "0.3000000000000000"), (1e-7, 4, "0.0000"),
])
def test_format_number_matches_the_widgets_display(value, digits, text):
    assert format_number(value, digits) == text


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_secant_explorer_knows_each_functions_slope(name):
    _, f, fprime = FUNCTIONS[name]
    xs = np.linspace(-2, 2, 17)
    np.testing.assert_allclose(fprime(xs), derivative(f, xs), rtol=1e-8, atol=1e-8)


def test_secant_explorer_quotient_follows_its_traits():
    explorer = SecantExplorer()
    assert (explorer.quotient(), explorer.exact(), explorer.error()) == (3.0, 2.0, 1.0)
    explorer.method = "central"
    assert explorer.quotient() == 2.0           # exact for a parabola, whatever dx
    explorer.function, explorer.dx = "linear", 1e-6
    explorer.method = "forward"
    assert explorer.quotient() != 3.0 and explorer.error() < 1e-8   # round-off, not truncation
    assert repr(explorer) == "SecantExplorer(function='linear', x0=1.0, dx=1e-06, method='forward')"


def test_secant_explorer_refuses_bad_settings():
    with pytest.raises(ValueError, match="dx must be positive"):
        SecantExplorer(dx=0.0)
    with pytest.raises(traitlets.TraitError):
        SecantExplorer(function="tan")
