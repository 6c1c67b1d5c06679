"""Notebook 03 (a two-layer network): the centred people task, the XOR clusters of the
hidden-units explorer, the live decision-boundary view and the exercise checks."""
