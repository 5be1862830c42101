"""One matplotlib style for every figure of the book."""

import matplotlib as mpl

#: Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}

STYLE = {
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "savefig.bbox": "tight",
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=list(COLORS.values())),
    "lines.linewidth": 2.0,
    "legend.frameon": False,
    "svg.hashsalt": "backprop-book",
}


def use_book_style():
    """Apply the book's figure style to matplotlib (call once at the top of a chapter)."""
    mpl.rcParams.update(STYLE)
