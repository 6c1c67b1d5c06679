"""Notebook 05 (more than two classes): the three-species penguin data, live views and checks."""
