"""Re-execute notebooks in place, top to bottom, so their stored outputs are fresh.

Usage: python tools/execute_notebooks.py notebooks/01_neuron.ipynb [...]

Each notebook runs in a fresh kernel from this Python environment, with its own folder as the
working directory, and is saved with execution counts 1..n and the widget state (so sliders
and live figures show a picture where no kernel runs).
"""

import hashlib
import json
import re
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
        record_timing=False,  # timestamps would change the file on every run
        coalesce_streams=True,  # one print may arrive in pieces when the machine is busy
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    text = stable_widget_ids(nbformat.writes(notebook), Path(path).stem)
    Path(path).write_text(text)
    return seconds


def stable_widget_ids(text, salt):
    """Rename the random widget model ids in a saved notebook to ids derived from the order in
    which the outputs reach them, so re-executing an unchanged notebook leaves the file as it was.
    """
    notebook = nbformat.reads(text, as_version=4)
    key = "application/vnd.jupyter.widget-state+json"
    models = notebook.metadata.get("widgets", {}).get(key, {}).get("state", {})
    if not models:
        return text
    order = []

    def visit(model_id):
        if model_id in models and model_id not in order:
            order.append(model_id)
            for name in sorted(models[model_id]["state"]):
                value = json.dumps(models[model_id]["state"][name])
                for child in re.findall(r"IPY_MODEL_([0-9a-f]+)", value):
                    visit(child)

    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view:
                visit(view["model_id"])

    def content(model_id):  # a tie-breaker for models no output displays
        return re.sub(r"IPY_MODEL_[0-9a-f]+", "", json.dumps(models[model_id], sort_keys=True))

    order += sorted((m for m in models if m not in order), key=content)
    mapping = {
        model_id: hashlib.sha1(f"{salt}-{number}".encode()).hexdigest()[:32]
        for number, model_id in enumerate(order)
    }
    text = re.sub("|".join(map(re.escape, mapping)), lambda m: mapping[m.group(0)], text)
    notebook = nbformat.reads(text, as_version=4)
    state = notebook.metadata.widgets[key]["state"]
    notebook.metadata.widgets[key]["state"] = dict(sorted(state.items()))
    return nbformat.writes(notebook)


def main(paths):
    if not paths:
        sys.exit("name at least one notebook")
    for path in paths:
        print(f"{path}: executed in {execute(path):.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
