"""Notebook 01 (a neuron): the live neuron-over-the-plane view and the exercise checks."""
