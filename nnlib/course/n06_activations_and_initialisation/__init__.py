"""Notebook 06 (activations and initialisation): the playground's data sets and training, its
live view and the exercise checks."""
