"""Notebook 08 (backpropagation as a graph): networks built from `nnlib.autograd.Value`s, the
graph drawn with its values and gradients, the step-through of one training step, its live
view, and the exercise checks."""
