"""Notebook 04 (training curves): the penguin task, the live loss views and the exercise
checks."""
