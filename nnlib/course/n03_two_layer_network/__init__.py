"""Notebook 03 (a two-layer network): the centred people task, the live decision-boundary view
and the exercise checks."""
