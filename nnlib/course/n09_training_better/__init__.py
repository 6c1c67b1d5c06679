"""Notebook 09 (training better): the small task that overfits, the live view of weight decay,
dropout and the optimiser, and the exercise checks."""
