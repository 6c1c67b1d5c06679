"""A code exercise as a learner meets it in JupyterLab: type a wrong and then a right
implementation of notebook 02's perceptron_step into its starter cell, run the check cell after
each, and read both verdicts (run with `make test-browser`)."""

import re
import warnings

import nbformat
from labdriver import ARTIFACTS, NOTEBOOKS
from playwright.sync_api import expect

WRONG = """def perceptron_step(X, y, weights, learning_rate):
    y_hat = nnlib.sigmoid(X @ weights)
    return weights - learning_rate * X.T @ ((y - y_hat) * y_hat * (1 - y_hat))
"""
RIGHT = WRONG.replace("weights - learning_rate", "weights + learning_rate")
VERDICT_S = 60


def run_cell(lab, cell):
    """Run one cell from its editor (Ctrl+Enter runs it and stays) and wait for the kernel."""
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputArea-editor").click()
    lab.page.keyboard.press("Control+Enter")
    expect(cell.locator(".jp-InputPrompt")).to_have_text(re.compile(r"\[\d+\]:"),
                                                         timeout=VERDICT_S * 1000)
    lab.wait_idle(VERDICT_S)


def test_a_wrong_then_a_right_perceptron_step_typed_in_the_lab(lab):
    path = next(path for path in NOTEBOOKS if path.stem == "02_perceptron")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nbformat's notes on cell ids
        notebook = nbformat.read(path, as_version=4)
    code = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    starter = next(i for i in code if notebook.cells[i].source.startswith("def perceptron_step"))
    check = next(i for i in code if i > starter)
    assert notebook.cells[check].source == "checks.perceptron_step(perceptron_step)"
    lab.open(f"notebooks/{path.name}", len(notebook.cells))
    lab.wait_for_kernel()
    lab.menu("Edit", "editmenu:clear-all")
    cells = lab.panel.locator(".jp-Notebook .jp-Cell")
    run_cell(lab, cells.nth(code[0]))  # the imports
    verdicts = []
    for source in (WRONG, RIGHT):
        editor = cells.nth(starter).locator(".jp-InputArea-editor")
        editor.scroll_into_view_if_needed()
        editor.click()
        lab.page.keyboard.press("Control+a")
        lab.page.keyboard.insert_text(source)  # as typed, without the editor's auto-indent
        run_cell(lab, cells.nth(starter))
        run_cell(lab, cells.nth(check))
        output = cells.nth(check).locator(".jp-OutputArea-output")
        expect(output).to_contain_text(re.compile("Not yet|Correct"), timeout=VERDICT_S * 1000)
        verdicts.append(" ".join(output.inner_text().split()))  # long feedback is folded
        output.scroll_into_view_if_needed()
        lab.page.screenshot(path=ARTIFACTS / f"code_exercise_{len(verdicts)}.png")
    assert "❌ Not yet." in verdicts[0] and "a sign is flipped" in verdicts[0], verdicts[0]
    assert "Hint: the error is y - y_hat" in verdicts[0], verdicts[0]
    assert verdicts[1].startswith("✅ Correct. your step gives nnlib's new weights"), verdicts[1]
