"""Code shared by the chapters, workbooks and tests of *Backprop, Step by Step*.

Each module holds what one idea of the book needs, written once in plain NumPy so a
chapter can show the very source it uses.
"""

__version__ = "0.1.0"
