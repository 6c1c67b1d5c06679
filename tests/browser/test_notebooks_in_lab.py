"""Every notebook, opened in JupyterLab in headless Chromium, as a learner would use it, on a
1280 x 800 screen with the file browser open.

1. Opened without running anything, it shows its stored plots as pictures, not as text: once
   as a fresh clone opens it (untrusted: JupyterLab shows only safe outputs such as images) and
   once trusted (widgets restored from the stored widget state, ipympl canvases drawing the PNG
   that state holds). No picture, canvas or widget is wider than the notebook column.
2. Run → Run All Cells runs every cell once, in order, with no error and no stderr, and again
   everything fits the column. Then every slider is driven with the keyboard and timed from
   key press to the figure's repaint (latency.py: single presses, and bursts of steps that
   must end on the right picture), and dragged with the mouse: its readout must change and
   the figure beside it redraw.
3. Over all sliders measured, the median first repaint is within twice its target. The
   run ends by printing every latency target of the widgets contract with the figure
   measured and whether it was met (latency.py explains why the test fails only beyond
   twice a target).

Before/after screenshots go to artifacts/browser/<notebook>/, slider latencies to
artifacts/browser/latency.json. Run with `make test-browser`.
"""

import ast
import json
import os
import re
import warnings

import latency
import nbformat
import pytest
from labdriver import ARTIFACTS, NOTEBOOKS, REDRAW_S, TRUSTED, output_errors, shorten
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
IDS = [path.stem for path in NOTEBOOKS]
PICTURE_S = 60  # stored pictures to appear once the notebook is open
SEND_BACK_MS = 1500  # for a value a browser moved to its slider's grid to reach the kernel
MIN_INK = 0.002  # share of non-white pixels in a canvas that shows a plot
DRAG_SHARE = 0.35  # how far each slider is dragged, as a share of its track


def read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. nbformat's notes on missing cell ids
        return nbformat.read(path, as_version=4)


def widget_models(notebook, model_id):
    """The stored widget models reachable from `model_id` (the model and its children)."""
    state = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    found, todo = {}, [model_id]
    while todo:
        current = todo.pop()
        if current in found or current not in state:
            continue
        found[current] = state[current]
        todo += re.findall(r"IPY_MODEL_([0-9a-f]+)", json.dumps(state[current]["state"]))
    return found


def stored_pictures(notebook):
    """Per cell index: how many of its stored outputs hold a picture (a PNG, or a widget whose
    stored state includes a matplotlib canvas)."""
    pictures = {}
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            models = (
                widget_models(notebook, data[WIDGET_VIEW]["model_id"])
                if (WIDGET_VIEW in data)
                else {}
            )
            canvas = any(m["model_name"] == "MPLCanvasModel" for m in models.values())
            if "image/png" in data or canvas:
                pictures[index] = pictures.get(index, 0) + 1
    return pictures


def stored_canvas_hints(notebook):
    """Per cell index: what is wrong with the PNGs its stored ipympl canvases hold, if anything."""
    hints = {}
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if WIDGET_VIEW not in output.get("data", {}):
                continue
            models = widget_models(notebook, output["data"][WIDGET_VIEW]["model_id"])
            for model in models.values():
                if model["model_name"] != "MPLCanvasModel":
                    continue
                url = model["state"].get("_data_url")
                if not url:
                    hints[index] = "its stored canvas holds no picture (_data_url is empty)"
                elif not url.startswith("data:"):
                    hints[index] = (
                        "its stored canvas holds the PNG as bare base64, not a data: URL "
                        f"({url[:12]}...), which the browser cannot load"
                    )
    return hints


def stored_slider_count(notebook):
    """Sliders the stored outputs display (None if the notebook stores no widget state)."""
    if not notebook.metadata.get("widgets", {}).get(WIDGET_STATE):
        return None
    count = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if WIDGET_VIEW in output.get("data", {}):
                models = widget_models(notebook, output["data"][WIDGET_VIEW]["model_id"])
                count += sum(m["model_name"].endswith("SliderModel") for m in models.values())
    return count


def stored_slider_values(notebook):
    """(description, value) of every slider the stored outputs display, in the order shown (a
    selection slider's value: its label). The notebook was run without a browser, so these are
    the values its code left the sliders at."""
    state = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    found = []

    def walk(model_id):
        model = state.get(model_id)
        if model is None:
            return
        values = model["state"]
        if model["model_name"].endswith("SliderModel") and "Range" not in model["model_name"]:
            labels = values.get("_options_labels")
            value = labels[values["index"]] if labels else values["value"]
            found.append((values.get("description", ""), value))
        for child in values.get("children", []):
            walk(child.removeprefix("IPY_MODEL_"))

    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if WIDGET_VIEW in output.get("data", {}):
                walk(output["data"][WIDGET_VIEW]["model_id"])
    return found


# Every slider alive in the kernel, in the order made, as (description, value or label): JSON.
# A selection slider's label is read from its index: its `label` stays '' in the kernel while
# the index is the first one (ipywidgets 8 updates it only when the index changes).
KERNEL_SLIDERS = (
    "__import__('json').dumps([(w.description, w._options_labels[w.index] "
    "if hasattr(w, '_options_labels') else w.value) "
    "for w in list(__import__('ipywidgets').widgets.widget._instances.values()) "
    "if type(w).__name__.endswith('Slider') and 'Range' not in type(w).__name__])"
)


def readout_shows(readout, value):
    """Whether a slider's readout text is `value` as shown: a number rounded to the digits the
    readout has (ipywidgets formats it in the browser, e.g. '.3g' gives '10.0' or '1.00e+3'), a
    selection slider's label as it is."""
    if isinstance(value, str):
        return readout == value
    try:
        shown = float(readout)
    except ValueError:
        return False
    mantissa, _, exponent = readout.lower().partition("e")
    unit = 10.0 ** (int(exponent or 0) - len(mantissa.partition(".")[2]))
    return abs(shown - value) <= 0.5 * unit * (1 + 1e-9)


def same_value(kernel, stored):
    if isinstance(kernel, str) or isinstance(stored, str):
        return kernel == stored
    return kernel == pytest.approx(stored, rel=1e-9)  # a browser may compute 10**x its own way


def check_sliders_show_what_the_notebook_set(lab, path, notebook):
    """After Run All, each slider shows, and the kernel holds, the value the notebook's code left
    it at. A value set from code off the slider's grid would be moved there by the browser and
    sent back to the kernel after the cells ran (issue 15: notebook 04 ended at 31.6, not 10)."""
    lab.page.wait_for_timeout(SEND_BACK_MS)  # a value the browser sends back comes after Run All
    lab.wait_idle(REDRAW_S)
    stored = stored_slider_values(notebook)
    kernel = json.loads(ast.literal_eval(
        lab.server.evaluate(f"notebooks/{path.name}", KERNEL_SLIDERS)
    ))
    sliders = lab.sliders()
    shown = [
        (
            sliders.nth(i).locator(".widget-label").text_content().strip(),
            sliders.nth(i).locator(".widget-readout").text_content().strip(),
        )
        for i in range(sliders.count())
    ]
    assert len(shown) == len(kernel) == len(stored), (
        f"{path.name}: {len(shown)} sliders shown, {len(kernel)} in the kernel, {len(stored)} "
        f"stored:\nshown {shown}\nkernel {kernel}\nstored {stored}"
    )
    problems = []
    for (label, readout), (name, value), (stored_name, stored_value) in zip(
        shown, kernel, stored, strict=True
    ):
        if not label == name == stored_name:
            problems.append(f"sliders out of order: shown {label!r}, kernel {name!r}, stored "
                            f"{stored_name!r}")
        elif not same_value(value, stored_value):
            problems.append(f"{label!r}: the kernel holds {value!r}, but the notebook's code "
                            f"left it at {stored_value!r}")
        elif not readout_shows(readout, value):
            problems.append(f"{label!r} shows {readout!r}, but the kernel holds {value!r}")
    assert not problems, f"{path.name} after Run All:\n" + "\n".join(problems)


def shown_pictures(cell):
    images = [size for size in cell["images"] if size[0] > 0 and size[1] > 0]
    canvases = [c for c in cell["canvases"] if c[0] > 0 and c[1] > 0 and c[2] >= MIN_INK]
    return len(images) + len(canvases)


def describe(cell):
    """What a cell's outputs show, for failure messages."""
    texts = [f"{o['mime'] or 'widget'}: {shorten(o['text'], 60, 60)!r}" for o in cell["outputs"]]
    return (
        f"images (natural size) {cell['images']}, canvases (width, height, ink) "
        f"{[[w, h, round(ink, 4)] for w, h, ink in cell['canvases']]}, outputs {texts}"
    )


def slug(text):
    return re.sub(r"[^\w.-]+", "_", text).strip("_")[:40] or "slider"


def test_the_course_has_notebooks():
    assert NOTEBOOKS, "no notebooks found in notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_plots_show_without_running_when_trusted(lab, path, notes):
    """Opened as a signed copy: widgets are restored from the stored widget state and each
    ipympl canvas draws the PNG that state holds. (The untrusted case, a fresh clone, is
    checked by test_run_all_then_drag_every_slider before it runs anything.)"""
    notebook = read(lab.server.root / "notebooks" / path.name)  # the copy the server serves
    lab.open(f"{TRUSTED}/{path.name}", len(notebook.cells))
    lab.wait_for_kernel()  # the stored widgets are restored once the session is ready
    cells, lacking = wait_for_stored_pictures(lab, notebook)
    raced = [i for i in lacking if MODEL_NOT_FOUND in describe(cells[i])]
    if raced and len(raced) == len(lacking):
        # JupyterLab's widget manager sometimes renders a stored widget before it has restored
        # the notebook's widget state and then says "model not found" for good; reloading the
        # page (what a learner does) shows it (jupyter-widgets/ipywidgets#3823; seen here once
        # in six CI runs, on a busy machine). Said at the end of the run; a second time fails.
        notes.append(f"{path.name} opened trusted: cells {raced} said '{MODEL_NOT_FOUND}' "
                     "(ipywidgets#3823); reloaded once")
        lab.open(f"{TRUSTED}/{path.name}", len(notebook.cells))
        lab.wait_for_kernel()
    check_stored_plots(lab, path, notebook, trusted=True)


MODEL_NOT_FOUND = "Error displaying widget: model not found"


def wait_for_stored_pictures(lab, notebook):
    """Wait up to PICTURE_S for every stored picture to show: (the cells, {index: pictures}
    of those still lacking some)."""
    expected = stored_pictures(notebook)

    def missing():
        cells = lab.cells()
        return cells, {i: n for i, n in expected.items() if shown_pictures(cells[i]) < n}

    deadline_ms = PICTURE_S * 1000
    cells, lacking = missing()
    while lacking and deadline_ms > 0:
        lab.page.wait_for_timeout(250)
        deadline_ms -= 250
        cells, lacking = missing()
    return cells, lacking


def check_stored_plots(lab, path, notebook, trusted):
    """Every cell whose stored output holds a picture shows it, nothing has run, and every
    output fits the column: the notebook as a reader sees it before running anything."""
    expected = stored_pictures(notebook)
    assert expected, f"{path.name} stores no pictures at all"
    cells, lacking = wait_for_stored_pictures(lab, notebook)

    mode = "trusted" if trusted else "untrusted"
    out = ARTIFACTS / path.stem
    out.mkdir(parents=True, exist_ok=True)
    for index in expected:
        area = lab.panel.locator(".jp-Notebook .jp-Cell").nth(index).locator(".jp-OutputArea")
        area.screenshot(path=out / f"stored_{mode}_cell{index:02d}.png")
    assert not any("*" in cell["prompt"] for cell in cells), "a cell ran: nothing should run"
    hints = stored_canvas_hints(notebook) if trusted else {}
    problems = [
        f"cell {index} should show {expected[index]} picture(s), shows "
        f"{shown_pictures(cells[index])}: {describe(cells[index])}"
        + (f"\n  hint: {hints[index]}" if index in hints else "")
        for index in lacking
    ]
    assert not problems, (
        f"{path.name} opened {mode} without running: stored plots missing after {PICTURE_S} s\n"
        + "\n".join(problems)
    )
    assert lab.indicator.get_attribute("data-status") == "idle"
    assert_everything_fits(lab, path, f"opened {mode} without running")


def assert_everything_fits(lab, path, when):
    misfits, column = lab.misfits()
    if misfits:
        lab.page.screenshot(path=ARTIFACTS / path.stem / f"misfit_{when.replace(' ', '_')}.png")
    assert not misfits, (
        f"{path.name} {when}: outputs wider than the {column} px notebook column "
        "(1280 x 800 window, file browser open):\n" + "\n".join(misfits)
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_run_all_then_drag_every_slider(lab, path, slider_latencies):
    notebook = read(lab.server.root / "notebooks" / path.name)  # the copy the server serves
    runs = [bool(c.source.strip()) for c in notebook.cells if c.cell_type == "code"]
    lab.open(f"notebooks/{path.name}", len(notebook.cells))
    lab.wait_for_kernel()
    # as a fresh clone opens it (untrusted: JupyterLab shows images and text, never widgets, so
    # a slider panel needs an image/png in its output to show a plot), before anything runs
    check_stored_plots(lab, path, notebook, trusted=False)
    cells = lab.run_all(runs)

    problems = [
        f"code cell {number}: {shorten(text)!r}"
        for number, cell in enumerate(cells, 1)
        for text in output_errors(cell)
    ]
    assert not problems, f"{path.name}: error or stderr output after Run All:\n" + "\n".join(
        problems
    )
    prompts = [cell["prompt"].strip() for cell, ran in zip(cells, runs, strict=True) if ran]
    assert prompts == [f"[{n}]:" for n in range(1, len(prompts) + 1)], (
        f"{path.name}: cells did not each run once, in order: {prompts}"
    )

    assert_everything_fits(lab, path, "after Run All")
    check_sliders_show_what_the_notebook_set(lab, path, notebook)

    sliders = lab.sliders()
    stored = stored_slider_count(notebook)
    if stored is not None:
        expect(sliders).to_have_count(stored)
    slow = []
    for index in range(sliders.count()):
        result = time_key_presses(lab, path, sliders.nth(index), index)
        slider_latencies.append(result)
        slow += [f"{result.slider}: {problem}" for problem in result.problems()]
        drag_and_check(lab, path, sliders.nth(index), index)
    assert not slow, (
        f"{path.name}: sliders slower than {latency.REGRESSION_FACTOR}x their targets "
        f"(load {os.getloadavg()}):\n" + "\n".join(slow)
    )
    # the course's own buttons (ipympl's hidden toolbar has buttons too)
    buttons = lab.panel.locator(
        ".jp-OutputArea-output button.jupyter-button:not(.jupyter-matplotlib-button):visible"
    )
    for index in range(buttons.count()):
        click_and_watch(lab, path, buttons.nth(index))

    after = [cell for cell in lab.cells() if cell["code"]]
    problems = [
        f"code cell {n}: {shorten(t)!r}" for n, c in enumerate(after, 1) for t in output_errors(c)
    ]
    assert not problems, f"{path.name}: error or stderr output after dragging:\n" + "\n".join(
        problems
    )


def test_median_slider_latency_over_the_course(slider_latencies):
    """The median over every slider measured above (by test_run_all_then_drag_every_slider,
    into the session's `slider_latencies`) of its median first repaint: within
    REGRESSION_FACTOR times its target (latency.py says why; the summary printed at the end
    of the run says whether the target itself was met)."""
    if not slider_latencies:
        pytest.skip("no slider was measured in this run (run it with the run_all tests)")
    lines, numbers = latency.summary(slider_latencies)
    median = numbers["overall"]["median_first_repaint_ms"]
    limit = latency.REGRESSION_FACTOR * latency.MEDIAN_TARGET_MS
    assert median <= limit, (
        f"median first repaint over {len(slider_latencies)} sliders is {median:.0f} ms, more "
        f"than {latency.REGRESSION_FACTOR}x its target of {latency.MEDIAN_TARGET_MS} ms:\n"
        + "\n".join(lines)
    )


def figure_beside(slider):
    """The ipympl canvas in the same output as `slider`."""
    output = slider.locator(
        "xpath=ancestor::div[contains(concat(' ', @class, ' '), ' jp-OutputArea-output ')][1]"
    )
    return output, output.locator(".jupyter-matplotlib-canvas-div > canvas:first-child")


def time_key_presses(lab, path, slider, index):
    """Key presses and bursts on one slider, timed to the figure's repaint (latency.py)."""
    label = slider.locator(".widget-label").text_content().strip()
    slider.scroll_into_view_if_needed()
    output, canvas = figure_beside(slider)
    expect(canvas).to_have_count(1)
    output.scroll_into_view_if_needed()
    return latency.measure_slider(latency.SliderDriver(lab, slider, canvas), path.stem, label)


def click_and_watch(lab, path, button):
    """A button beside a figure (notebook 04's Train): clicking it must redraw the figure
    several times while the kernel works (live frames), then leave it still."""
    output = button.locator(
        "xpath=ancestor::div[contains(concat(' ', @class, ' '), ' jp-OutputArea-output ')][1]"
    )
    canvas = output.locator(".jupyter-matplotlib-canvas-div > canvas:first-child")
    if canvas.count() != 1:
        return
    label = button.text_content().strip()
    driver = latency.SliderDriver(lab, button, canvas)
    output.scroll_into_view_if_needed()
    driver.wait_until_shown()
    _, before = driver.settle()
    picture = driver.picture()
    button.click()
    # the first frame first: until the click reaches the kernel, the figure looks settled
    lab.page.wait_for_function("([canvas, n]) => (canvas.__paints || []).length > n",
                               arg=[driver.canvas_handle, before], polling=50,
                               timeout=latency.WAIT_MS)
    _, after = driver.settle()
    frames = after - before
    output.screenshot(path=ARTIFACTS / path.stem / f"button_{slug(label)}_after.png")
    assert frames >= 3, (
        f"{path.name}: clicking {label!r} painted the figure beside it {frames} time(s); "
        "live frames while the kernel works should repaint it several times"
    )
    assert driver.picture() != picture, f"{path.name}: {label!r} left the figure as it was"


def drag_and_check(lab, path, slider, index):
    """Drag one slider with the mouse; its readout and the figure beside it must change."""
    page = lab.page
    output = slider.locator(
        "xpath=ancestor::div[contains(concat(' ', @class, ' '), ' jp-OutputArea-output ')][1]"
    )
    canvas = output.locator(".jupyter-matplotlib-canvas-div > canvas:first-child")
    label = slider.locator(".widget-label").text_content().strip()
    name = f"{path.name}: slider {index + 1} ({label!r})"
    found = canvas.count()
    assert found == 1, f"{name}: expected one ipympl figure beside it, found {found}"
    width, height = canvas.evaluate("c => [c.width, c.height]")
    assert width > 0 and height > 0, (
        f"{name}: the figure beside it has size {width}x{height}: ipympl never sized its canvas, "
        "so the learner sees no plot"
    )
    readout = slider.locator(".widget-readout")
    handle = slider.locator(".noUi-handle")
    track = slider.locator(".noUi-base")

    before_image = lab.wait_settled(canvas, None)
    before_value = readout.inner_text().strip()
    output.scroll_into_view_if_needed()
    handle.scroll_into_view_if_needed()
    shots = ARTIFACTS / path.stem
    shots.mkdir(parents=True, exist_ok=True)
    stem = f"slider{index + 1:02d}_{slug(label)}"
    output.screenshot(path=shots / f"{stem}_before.png")

    knob, bar = handle.bounding_box(), track.bounding_box()
    x, y = knob["x"] + knob["width"] / 2, knob["y"] + knob["height"] / 2
    step = DRAG_SHARE * bar["width"] * (-1 if x > bar["x"] + bar["width"] / 2 else 1)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + step, y, steps=12)
    page.mouse.up()

    expect(readout).not_to_have_text(before_value, timeout=10_000)
    after_value = readout.inner_text().strip()
    try:
        after_image = lab.wait_settled(canvas, before_image)
    except PlaywrightTimeoutError:
        output.screenshot(path=shots / f"{stem}_after.png")
        now = canvas.evaluate("c => c.toDataURL()")
        if now == before_image:
            raise AssertionError(
                f"{name}: dragged from {before_value} to {after_value}, but the figure beside it "
                f"did not change within {REDRAW_S} s: the view does not redraw"
            ) from None
        raise AssertionError(
            f"{name}: dragged from {before_value} to {after_value}; the figure was still "
            f"changing (or the kernel busy) after {REDRAW_S} s"
        ) from None
    output.screenshot(path=shots / f"{stem}_after.png")
    assert after_image != before_image
