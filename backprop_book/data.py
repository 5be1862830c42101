"""The running examples the chapters share (see the book's notation page)."""

import numpy as np

#: The three training inputs (x1, x2, x3), one row per sample.
TRAINING_X = np.array([[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 1.0]])
#: The target output y0 of each training input.
TRAINING_Y = np.array([1.0, 1.0, 0.0])
#: The example weights (w1, w2, w3) and bias b used from chapter 01 on.
EXAMPLE_W = np.array([1.0, 0.5, -2.0])
EXAMPLE_B = 1.0
