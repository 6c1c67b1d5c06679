"""Notebook 07 (handwritten digits): the split of the 8x8 digits, the live views and the
exercise checks."""
