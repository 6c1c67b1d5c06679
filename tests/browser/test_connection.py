"""A kernel connection lasts as long as the learner works: a notebook held open and idle for
longer than three of jupyter_server's 30 s websocket pings still runs a cell and shows its
output, and nothing on the way says the connection was lost or the kernel restarted.

The server runs with the course's own .jupyter/ settings (what `make lab` uses; see
labdriver.LabServer). Whatever JupyterLab says in the page (its console messages, dialogs and
notifications, the kernel's status) and whatever the server logs are watched the whole time.
A websocket that the server closes is reopened by JupyterLab within seconds, so a cell run at
the end may well work even then: the messages on the way are what catch it.
"""

import re
import time
import warnings

import nbformat
from labdriver import ARTIFACTS, NOTEBOOKS
from playwright.sync_api import expect

IDLE_S = 95  # more than three 30 s pings, and well past the 90 s the server waits for a pong
RUN_S = 60  # for the cell run after the idle time to show its output
# What JupyterLab or the server says when a kernel connection drops or a kernel restarts; and
# tornado's note on jupyter_server's ping settings, which the course's config keeps out of the
# terminal (.jupyter/jupyter_server_config.py says why it is harmless).
TROUBLE = re.compile(
    r"connection lost|reconnect|websocket ping timeout|websocket_ping|websocket closed|"
    r"disconnected|restart|kernel died|dead kernel|connection (was )?closed",
    re.IGNORECASE,
)

# Loaded into the page: records every change of the kernel's execution status and the text of
# every dialog or notification that appears, with the time (s since the page loaded).
WATCH_JS = """indicator => {
  const t0 = performance.now();
  const seen = window.__seen = [];
  const note = (kind, text) => seen.push([((performance.now() - t0) / 1000).toFixed(1), kind,
                                          text.trim().slice(0, 300)]);
  new MutationObserver(() => note('kernel status', indicator.dataset.status || ''))
    .observe(indicator, {attributes: true, attributeFilter: ['data-status']});
  new MutationObserver(records => {
    for (const record of records) for (const node of record.addedNodes) {
      if (!(node instanceof Element)) continue;
      const found = node.matches('.jp-Dialog, .Toastify__toast') ? [node]
        : Array.from(node.querySelectorAll('.jp-Dialog, .Toastify__toast'));
      for (const element of found) note('dialog or notification', element.textContent || '');
    }
  }).observe(document.body, {childList: true, subtree: true});
}"""


def read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. nbformat's notes on missing cell ids
        return nbformat.read(path, as_version=4)


def first_printing_cells(notebook):
    """Indices of the first code cell and of the first later code cell that prints (stdout)."""
    code = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    printing = [
        i
        for i in code[1:]
        if any(out.get("name") == "stdout" for out in notebook.cells[i].get("outputs", []))
    ]
    return code[0], printing[0]


def stored_stdout(cell):
    return "".join(out.text for out in cell.outputs if out.get("name") == "stdout")


def test_an_idle_notebook_keeps_its_kernel_connection_and_then_runs_a_cell(lab):
    page, server = lab.page, lab.server
    console = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    log_start = len(server.log_path.read_text(errors="replace"))
    path = NOTEBOOKS[0]
    notebook = read(server.root / "notebooks" / path.name)
    setup, printing = first_printing_cells(notebook)

    lab.open(f"notebooks/{path.name}", len(notebook.cells))
    lab.wait_for_kernel()
    lab.indicator.evaluate(WATCH_JS)
    started = time.monotonic()
    page.wait_for_timeout(IDLE_S * 1000)  # the learner reads; nothing is sent
    idle_s = time.monotonic() - started

    cells = lab.panel.locator(".jp-Notebook .jp-Cell")
    for index in (setup, printing):  # the imports, then a cell that prints
        cell = cells.nth(index)
        cell.scroll_into_view_if_needed()
        cell.locator(".jp-InputPrompt").click()  # selects the cell (command mode)
        page.keyboard.press("Control+Enter")  # run it, stay on it
        expect(cell.locator(".jp-InputPrompt")).to_have_text(
            re.compile(r"\[\d+\]:"), timeout=RUN_S * 1000
        )
    lab.wait_idle(RUN_S)
    shown = cells.nth(printing).locator(".jp-OutputArea-output").all_inner_texts()
    lab.panel.screenshot(path=ARTIFACTS / "connection_after_idle.png")

    log = server.log_path.read_text(errors="replace")[log_start:]
    seen = page.evaluate("window.__seen")
    trouble = [f"page console: {line}" for line in console if TROUBLE.search(line)]
    trouble += [f"page, {t} s after the idle time began: {kind}: {text!r}"
                for t, kind, text in seen
                if kind != "kernel status" or text not in ("idle", "busy")]
    trouble += [f"server log: {line}" for line in log.splitlines() if TROUBLE.search(line)]
    assert not trouble, (
        f"{path.name} held open and idle for {idle_s:.0f} s: the kernel connection did not "
        "hold (or the server's terminal was not quiet):\n" + "\n".join(trouble)
    )
    assert "".join(shown).strip() == stored_stdout(notebook.cells[printing]).strip(), (
        f"{path.name}: after {idle_s:.0f} s idle, code cell {printing} showed {shown!r}"
    )
    assert idle_s >= IDLE_S
    # the course's server config gives its kernels one OpenBLAS thread (.jupyter/ says why)
    threads = server.evaluate(f"notebooks/{path.name}",
                              "__import__('os').environ.get('OPENBLAS_NUM_THREADS')")
    assert threads == "'1'", f"the kernel's OPENBLAS_NUM_THREADS is {threads}, not '1'"
