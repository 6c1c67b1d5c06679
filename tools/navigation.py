"""Write the navigation cells (course map / previous / next) at the top and bottom of every
notebook, from the list below. Re-running it replaces the cells it wrote before.

Usage: python tools/navigation.py [notebooks/NN_name.ipynb ...]   (default: all of them)
"""

import sys
from pathlib import Path

import nbformat

NOTEBOOKS = [
    ("01_neuron.ipynb", "01 — A neuron"),
    ("02_perceptron.ipynb", "02 — The perceptron"),
    ("03_two_layer_network.ipynb", "03 — A two-layer network"),
    ("04_training_curves.ipynb", "04 — Training curves"),
    ("05_more_than_two_classes.ipynb", "05 — More than two classes"),
    ("06_activations_and_initialisation.ipynb", "06 — Activations and initialisation"),
    ("07_handwritten_digits.ipynb", "07 — Handwritten digits"),
    ("08_autograd.ipynb", "08 — Backpropagation as a graph"),
    ("09_training_better.ipynb", "09 — Training better"),
    ("10_when_training_fails.ipynb", "10 — When training fails"),
]
TAG = "navigation"
FOLDER = Path(__file__).resolve().parent.parent / "notebooks"


def navigation_text(index):
    """One line of links for the notebook at position `index` in NOTEBOOKS."""
    links = ["[Course map](../README.md#the-course-map)"]
    if index > 0:
        file, title = NOTEBOOKS[index - 1]
        links.insert(0, f"< [{title}]({file})")
    if index + 1 < len(NOTEBOOKS):
        file, title = NOTEBOOKS[index + 1]
        links.append(f"[{title}]({file}) >")
    return "*Neural Networks from Scratch* · " + " | ".join(links)


def add_navigation(path, index):
    """Replace the notebook's navigation cells with fresh ones; returns True if it changed."""
    notebook = nbformat.read(path, as_version=4)
    text = navigation_text(index)
    cells = [c for c in notebook.cells if TAG not in c.get("metadata", {}).get("tags", [])]
    old = [c.source for c in notebook.cells if TAG in c.get("metadata", {}).get("tags", [])]
    if old == [text, text] and notebook.cells[0].source == text:
        return False
    top = nbformat.v4.new_markdown_cell(text, metadata={"tags": [TAG]}, id="navigation-top")
    bottom = nbformat.v4.new_markdown_cell(text, metadata={"tags": [TAG]}, id="navigation-bottom")
    notebook.cells = [top, *cells, bottom]
    nbformat.write(notebook, path)
    return True


def main(paths):
    names = {Path(path).name for path in paths}
    for index, (file, _) in enumerate(NOTEBOOKS):
        path = FOLDER / file
        if (not names or file in names) and path.exists() and add_navigation(path, index):
            print(f"navigation written: {path.name}")


if __name__ == "__main__":
    main(sys.argv[1:])
