"""Re-execute notebooks in place, top to bottom, so their stored outputs are fresh.

Usage: python tools/execute_notebooks.py notebooks/01_neuron.ipynb [...]

Each notebook runs in a fresh kernel from this Python environment, with its own folder as the
working directory, and is saved with execution counts 1..n and the widget state (so sliders
and live figures show a picture where no kernel runs).
"""

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path, timeout=120):
    """Run the notebook at `path` and save it; return the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(Path(path).parent)}},
        store_widget_state=True,
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nbformat.write(notebook, path)
    return seconds


def main(paths):
    if not paths:
        sys.exit("name at least one notebook")
    for path in paths:
        print(f"{path}: executed in {execute(path):.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
