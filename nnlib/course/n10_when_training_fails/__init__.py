"""Notebook 10 (when training fails): the broken training runs and the checklist that
diagnoses them, the live view of a run's insides, the figures and the exercise checks."""
