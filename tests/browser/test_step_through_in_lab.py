"""Notebook 08's step-through in a real browser: after Run All, each key press on the slider
moves the backward pass by exactly one node (the readout goes up by one and the picture
changes), through every node to the update, and back.

The course-wide test (test_notebooks_in_lab.py) already times and drags this slider like every
other one; this test checks what is particular to the view: it moves node by node. Screenshots
of a few steps land in artifacts/browser/08_autograd/.
"""

from pathlib import Path

import nbformat
import pytest
from labdriver import ARTIFACTS
from latency import SliderDriver
from playwright.sync_api import expect

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "08_autograd.ipynb"
SHOTS = {1, 2, 24, 29, 30}  # the loss, the first rule, x1 used twice, the last node, the update


@pytest.mark.skipif(not NOTEBOOK.exists(), reason="notebook 08 is not in this copy")
def test_the_backward_pass_moves_one_node_per_key_press(lab):
    notebook = nbformat.read(lab.server.root / "notebooks" / NOTEBOOK.name, as_version=4)
    runs = [bool(c.source.strip()) for c in notebook.cells if c.cell_type == "code"]
    lab.open(f"notebooks/{NOTEBOOK.name}", len(notebook.cells))
    lab.wait_for_kernel()
    lab.run_all(runs)

    slider = lab.sliders().filter(has_text="step")
    expect(slider).to_have_count(1)
    output = slider.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), "
                            "' jp-OutputArea-output ')][1]")
    canvas = output.locator(".jupyter-matplotlib-canvas-div > canvas:first-child")
    driver = SliderDriver(lab, slider, canvas)
    slider.scroll_into_view_if_needed()
    driver.wait_until_shown()
    value, low, high = driver.position()
    assert (value, low) == (0, 0), "the notebook leaves the step-through at the forward pass"
    out = ARTIFACTS / NOTEBOOK.stem
    out.mkdir(parents=True, exist_ok=True)

    pictures = [lab.wait_settled(canvas, None)]
    for step in range(1, int(high) + 1):
        driver.handle.press("ArrowRight")
        expect(driver.readout).to_have_text(str(step))
        pictures.append(lab.wait_settled(canvas, pictures[-1]))  # waits for a new picture
        if step in SHOTS:
            output.screenshot(path=out / f"step_through_{step:02d}.png")
    assert len(set(pictures)) == len(pictures), "two steps showed the same picture"

    driver.handle.press("ArrowRight")  # at the update already: nothing further
    expect(driver.readout).to_have_text(str(int(high)))
    for step in (int(high) - 1, int(high) - 2):  # and back, one node at a time
        driver.handle.press("ArrowLeft")
        expect(driver.readout).to_have_text(str(step))
        assert lab.wait_settled(canvas, pictures[step + 1]) == pictures[step]
