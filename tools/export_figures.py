"""Save every picture a notebook stores (plots and the images behind live figures) as PNG
files under artifacts/figures/, to look at them the way a reader would see them.

Usage: python tools/export_figures.py notebooks/01_neuron.ipynb [...]
"""

import base64
import sys
from pathlib import Path

import nbformat

OUT = Path(__file__).resolve().parent.parent / "artifacts" / "figures"


def export(path):
    """Write the notebook's stored PNGs; return the files written."""
    notebook = nbformat.read(path, as_version=4)
    stem = Path(path).stem
    images = []
    for number, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                images.append((f"cell{number:02d}", output.data["image/png"]))
    state = notebook.metadata.get("widgets", {})
    state = state.get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    for model_id, model in state.items():
        data_url = model["state"].get("_data_url")
        if model["model_name"] == "MPLCanvasModel" and data_url:
            images.append((f"canvas-{model_id[:8]}", data_url.split(",")[-1]))
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in images:
        target = OUT / f"{stem}-{name}.png"
        target.write_bytes(base64.b64decode(data))
        written.append(target)
    return written


if __name__ == "__main__":
    for notebook_path in sys.argv[1:]:
        for file in export(notebook_path):
            print(file)
