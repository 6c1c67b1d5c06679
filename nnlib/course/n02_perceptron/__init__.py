"""Notebook 02 (the perceptron): the live training view and the exercise checks."""
