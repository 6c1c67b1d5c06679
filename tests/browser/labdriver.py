"""Driving a throwaway JupyterLab in headless Chromium for the browser test (see conftest.py).

`LabServer` starts and stops the server; `Lab` is one browser tab with one notebook open.
"""

import ctypes
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path

import nbformat
from jupyter_client import BlockingKernelClient
from nbformat.sign import NotebookNotary
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
# The course copied into the server's folder. Developers may point this at another checkout
# (e.g. a deliberately broken one) without touching the repository.
SOURCE = Path(os.environ.get("NNLIB_BROWSER_SOURCE", ROOT)).resolve()
NOTEBOOKS = sorted((SOURCE / "notebooks").glob("*.ipynb"))
# Screenshots and the server log; `make test-browser` runs two halves side by side, each with
# its own folder (NNLIB_BROWSER_ARTIFACTS).
ARTIFACTS = Path(os.environ.get("NNLIB_BROWSER_ARTIFACTS", ROOT / "artifacts" / "browser"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TRUSTED = "notebooks_trusted"  # folder of the signed copies, beside notebooks/
# A small laptop screen. JupyterLab opens with its file browser (the left sidebar) open, which
# leaves the notebook about 850 px for outputs: every figure must fit in that.
VIEWPORT = {"width": 1280, "height": 800}

# JupyterLab settings for the throwaway settings directory: no news / update pop-ups over the
# notebook, and no autosave (a test must never write outputs into the copies another test opens).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}

SERVER_START_S = 90
SERVER_STOP_S = 30


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _processes_using(path):
    """Ids of the processes whose command line mentions `path` (Linux /proc; else none).

    Every kernel the server starts gets a connection file in the server's temporary runtime
    directory on its command line, so this finds exactly the processes this test started.
    """
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(path).encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except OSError:
            continue
    return found


def _die_with_parent():
    """Linux: the server gets SIGTERM (and shuts its kernels down) if the test process dies."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class LabServer:
    """A JupyterLab process serving `root`; `url(path)` gives an authenticated address."""

    def __init__(self, root, home, log_path):
        self.root = root
        self.home = home
        self.log_path = log_path
        self.token = secrets.token_urlsafe(24)
        self.process = None
        self.base = None

    def environment(self):
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("JUPYTER", "IPYTHON"))
        }
        dirs = {
            "JUPYTER_CONFIG_DIR": "config",
            "JUPYTER_DATA_DIR": "data",
            "JUPYTER_RUNTIME_DIR": "runtime",
            "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
            "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
            "IPYTHONDIR": "ipython",
        }
        for name, folder in dirs.items():
            env[name] = str(self.home / folder)
            (self.home / folder).mkdir(parents=True, exist_ok=True)
        env["JUPYTER_PLATFORM_DIRS"] = "1"
        # debugpy's "frozen modules" note would otherwise reach the kernels' stderr
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        return env

    def write_settings(self):
        for plugin, values in LAB_SETTINGS.items():
            path = self.home / "lab-settings" / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))

    def start(self):
        # the course's own server settings (what `make lab` uses), then the test's lab settings
        shutil.copytree(SOURCE / ".jupyter", self.home / "config", dirs_exist_ok=True)
        self.write_settings()
        for _attempt in range(3):  # the free port may be taken between choosing and binding
            port = _free_port()
            command = [
                sys.executable,
                "-m",
                "jupyterlab",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={self.root}",
                "--ServerApp.terminals_enabled=False",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            ]
            if os.geteuid() == 0:
                command.append("--ServerApp.allow_root=True")
            with open(self.log_path, "ab") as log:
                self.process = subprocess.Popen(
                    command,
                    cwd=self.root,
                    env=self.environment(),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group, stopped as one at the end
                    preexec_fn=_die_with_parent if sys.platform == "linux" else None,
                )
            self.base = f"http://127.0.0.1:{port}"
            if self._wait_until_up():
                return
            self.process.wait(timeout=10)
        raise RuntimeError(f"JupyterLab did not start; see {self.log_path}:\n{self.log_tail()}")

    def _wait_until_up(self):
        deadline = time.monotonic() + SERVER_START_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False  # exited, e.g. the port was taken: try another one
            try:
                self.api("GET", "/api/status")
                return True
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"JupyterLab not answering after {SERVER_START_S} s; see {self.log_path}:\n"
            + self.log_tail()
        )

    def log_tail(self, lines=40):
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def api(self, method, path, timeout=30):
        request = urllib.request.Request(
            self.base + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def url(self, path):
        # `reset` starts from an empty workspace: only the notebook asked for is open.
        return f"{self.base}/{path}?reset&token={self.token}"

    def evaluate(self, notebook_path, expression, timeout=30):
        """The repr of `expression`, evaluated in the kernel of the notebook at `notebook_path`
        (relative to the server root) from a second client, silently: no output, no execution
        count, nothing the page shows but the kernel being busy for a moment."""
        sessions = [s for s in self.api("GET", "/api/sessions") if s["path"] == notebook_path]
        assert len(sessions) == 1, f"no single session for {notebook_path}: {sessions}"
        kernel_id = sessions[0]["kernel"]["id"]
        client = BlockingKernelClient(
            connection_file=str(self.home / "runtime" / f"kernel-{kernel_id}.json")
        )
        client.load_connection_file()
        # the shell channel alone: the reply is all we read. (With every channel, each call also
        # started a heartbeat thread, which re-creates its socket whenever a busy kernel misses a
        # beat; in one CI run at load 7 that thread died with zmq's "Too many open files".)
        client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
        try:
            msg_id = client.execute("", silent=True, user_expressions={"value": expression})
            deadline = time.monotonic() + timeout
            while True:
                reply = client.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
        finally:
            client.stop_channels()
        result = reply["content"]["user_expressions"]["value"]
        if result["status"] != "ok":
            raise RuntimeError(f"{expression!r} failed in the kernel: {result.get('ename')}: "
                               f"{result.get('evalue')}")
        return result["data"]["text/plain"]

    def shut_down_kernels(self):
        """Close every session and its kernel (what closing the notebook tabs would do)."""
        for session in self.api("GET", "/api/sessions"):
            try:
                self.api("DELETE", f"/api/sessions/{session['id']}")
            except urllib.error.HTTPError:
                pass  # already gone
        for kernel in self.api("GET", "/api/kernels"):
            try:
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
            except urllib.error.HTTPError:
                pass

    def stop(self):
        """Shut the server and its kernels down: politely, then by signal to what we started."""
        if self.process is not None and self.process.poll() is None:
            try:
                self.api("POST", "/api/shutdown", timeout=10)  # stops the kernels, then itself
            except (urllib.error.URLError, ConnectionError):
                pass
            try:
                self.process.wait(timeout=SERVER_STOP_S)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGTERM)
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(self.process.pid, signal.SIGKILL)
                    self.process.wait(timeout=10)
        # kernels run in sessions of their own: stop any the server left behind
        for pid in _processes_using(self.home / "runtime"):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def copy_course(destination):
    """Copy notebooks/ and data/ from SOURCE into `destination`."""
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    shutil.copytree(SOURCE / "notebooks", destination / "notebooks", ignore=ignore)
    shutil.copytree(SOURCE / "data", destination / "data", ignore=ignore)


def sign_copies(root, data_dir):
    """Signed ("trusted") copies of root/notebooks/*.ipynb in root/notebooks_trusted/.

    A fresh clone's notebooks are untrusted: JupyterLab then shows only their safe outputs
    (images, text), never widgets. The trusted copies show what a reader who trusts a notebook
    sees without running it: its widgets restored from the stored widget state. A signature
    covers the notebook's content, so the trusted copies carry one extra metadata key (else
    signing them would trust the untrusted copies too). `data_dir` is the server's
    JUPYTER_DATA_DIR, where the signing key and the signature store live.
    """
    (root / TRUSTED).mkdir()
    with NotebookNotary(data_dir=str(data_dir)) as notary, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. nbformat's notes on missing cell ids
        for path in sorted((root / "notebooks").glob("*.ipynb")):
            notebook = nbformat.read(path, as_version=4)
            notebook.metadata["browser_test"] = "trusted copy"
            notary.sign(notebook)
            nbformat.write(notebook, root / TRUSTED / path.name)


# ---------------------------------------------------------------------------------------------
# Driving JupyterLab. Every selector is scoped to the visible notebook panel: JupyterLab keeps
# hidden panels in the DOM.

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
OPEN_S = 120  # open a notebook and connect its kernel
RUN_S = 300  # run every cell
REDRAW_S = 30  # a slider's redraw to start and settle
QUIET_MS = 600  # a settled canvas stays unchanged (and the kernel idle) this long
POLL_MS = 100

# True once the canvas differs from `before` (null: from anything) and has then stayed the same,
# with the kernel idle, for `quietMs`.
SETTLED_JS = """([canvas, indicator, before, quietMs]) => {
  const image = canvas.width && canvas.height ? canvas.toDataURL() : '';
  const now = performance.now();
  const state = canvas.__settle || (canvas.__settle = {image: null, since: now});
  if (image !== state.image) { state.image = image; state.since = now; return false; }
  if (before !== null && image === before) return false;
  if (indicator.dataset.status !== 'idle') { state.since = now; return false; }
  return now - state.since >= quietMs;
}"""

# Share of pixels that are neither transparent nor white: 0 for an empty canvas.
INK_JS = """canvas => {
  if (!canvas.width || !canvas.height) return 0;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0 && (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250)) ink++;
  }
  return ink / (data.length / 4);
}"""

# Loaded into every page before JupyterLab: stamps each paint of a canvas in the page
# (canvas.__paints, performance.now() after each drawImage / putImageData on it; ipympl paints
# every frame it receives with drawImage) and each key press (window.__keydowns, the keydown
# event's timeStamp, on the same clock). window.__paintAfter(canvas, time, ms) resolves to
# [time, the canvas's first paint at or after it] as soon as that paint happens (null after
# `ms`), and window.__firstPaint(canvas, n, ms) does so for keydown n's time: the test waits
# for a paint without polling the page, which would take the page's main thread, and the CPU,
# from the work being timed.
PAINT_STAMPS_JS = """(() => {
  if (window.__keydowns) return;
  window.__keydowns = [];
  document.addEventListener('keydown', event => window.__keydowns.push(event.timeStamp), true);
  const proto = CanvasRenderingContext2D.prototype;
  for (const name of ['drawImage', 'putImageData']) {
    const original = proto[name];
    proto[name] = function (...args) {
      const result = original.apply(this, args);
      const canvas = this.canvas;
      if (canvas && canvas.isConnected) {
        const now = performance.now();
        (canvas.__paints || (canvas.__paints = [])).push(now);
        for (const waiter of canvas.__waiters || []) waiter(now);
      }
      return result;
    };
  }
  window.__paintAfter = (canvas, time, ms) => new Promise(resolve => {
    const paint = (canvas.__paints || []).find(t => t >= time);
    if (paint !== undefined) return resolve([time, paint]);
    const waiters = canvas.__waiters || (canvas.__waiters = []);
    const done = result => {
      waiters.splice(waiters.indexOf(waiter), 1);
      clearTimeout(timer);
      resolve(result);
    };
    const waiter = now => { if (now >= time) done([time, now]); };
    const timer = setTimeout(() => done(null), ms);
    waiters.push(waiter);
  });
  window.__firstPaint = (canvas, n, ms) => {
    const key = window.__keydowns[n];
    return key === undefined ? Promise.resolve(null) : window.__paintAfter(canvas, key, ms);
  };
})();"""

# Every picture, canvas and widget in the notebook's outputs that does not fit: its right edge
# lies beyond its output box or beyond the visible notebook column (where JupyterLab clips it).
FIT_JS = """panel => {
  const column = panel.querySelector('.jp-WindowedPanel-outer')
    || panel.querySelector('.jp-Notebook');
  const edge = column.getBoundingClientRect().left + column.clientWidth;  // without the scrollbar
  const found = [];
  panel.querySelectorAll('.jp-Notebook .jp-Cell').forEach((cell, index) => {
    cell.querySelectorAll('.jp-OutputArea-output').forEach(output => {
      const limit = Math.min(edge, output.getBoundingClientRect().right);
      output.querySelectorAll('img, canvas, .jupyter-widgets').forEach(element => {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || box.right <= limit + 0.5) return;
        const name = element.tagName.toLowerCase() + Array.from(element.classList).slice(0, 2)
          .map(c => '.' + c).join('');
        found.push({cell: index, element: name, width: Math.round(box.width),
                    lost: Math.round(box.right - limit)});
      });
    });
  });
  const overflow = column.scrollWidth - column.clientWidth;
  return {found, overflow, column: Math.round(column.clientWidth)};
}"""

# Per cell (index in the notebook): its prompt and what its outputs show.
CELLS_JS = """panel => Array.from(panel.querySelectorAll('.jp-Notebook .jp-Cell')).map(cell => ({
  code: cell.classList.contains('jp-CodeCell'),
  prompt: (cell.querySelector('.jp-InputPrompt') || {}).textContent || '',
  outputs: Array.from(cell.querySelectorAll('.jp-OutputArea-output')).map(out => ({
    mime: out.dataset.mimeType || '',
    text: out.textContent.slice(0, 20000),
  })),
  images: Array.from(cell.querySelectorAll('.jp-OutputArea-output img')).map(
    img => [img.complete ? img.naturalWidth : 0, img.complete ? img.naturalHeight : 0]),
  canvases: Array.from(cell.querySelectorAll('.jupyter-matplotlib-canvas-div > canvas:first-child'))
    .map(c => [c.width, c.height, (%INK%)(c)]),
}))""".replace("%INK%", INK_JS)


class Lab:
    """One browser tab of JupyterLab with one notebook open."""

    def __init__(self, page, server):
        self.page = page
        self.server = server
        self.panel = page.locator(PANEL)
        self.name = None

    # -- opening ------------------------------------------------------------------------------
    def open(self, path, cell_count):
        """Open the notebook at `path` (relative to the server root) and wait for its cells."""
        self.name = Path(path).name
        self.page.goto(self.server.url(f"lab/tree/{path}"), timeout=OPEN_S * 1000)
        expect(self.panel).to_have_count(1, timeout=OPEN_S * 1000)
        expect(
            self.page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
        ).to_contain_text(self.name, timeout=OPEN_S * 1000)
        expect(self.panel.locator(".jp-Notebook .jp-Cell")).to_have_count(
            cell_count, timeout=OPEN_S * 1000
        )

    def wait_for_kernel(self):
        """Wait until the kernel is connected and idle.

        The debugger button turns on only once JupyterLab has connected the notebook's kernel
        and asked it about debugging; a Run All sent earlier can be lost while JupyterLab swaps
        kernels.
        """
        debugger = self.panel.locator(
            ".jp-NotebookPanel-toolbar [data-jp-item-name='debugger-icon'] .jp-DebuggerBugButton"
        )
        expect(debugger).to_have_attribute("aria-disabled", "false", timeout=OPEN_S * 1000)
        self.wait_idle(OPEN_S)

    @property
    def indicator(self):
        return self.panel.locator(".jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator")

    def wait_idle(self, seconds):
        expect(self.indicator).to_have_attribute("data-status", "idle", timeout=seconds * 1000)

    # -- menus --------------------------------------------------------------------------------
    def menu(self, menu, command):
        """Click a top menu, then its entry for `command` (a JupyterLab command id)."""
        self.page.locator("#jp-menu-panel .lm-MenuBar-item", has_text=menu).first.click()
        menu_id = f"#jp-mainmenu-{menu.lower()}"
        entry = self.page.locator(f"{menu_id} .lm-Menu-item[data-command='{command}']")
        expect(entry).not_to_have_class(re.compile("lm-mod-disabled"))
        entry.click()
        expect(self.page.locator(menu_id)).to_be_hidden()

    def run_all(self, runs):
        """Clear every output, Run → Run All Cells, and wait until each code cell ran once.

        `runs`: per code cell, whether it runs (JupyterLab does not send an empty cell).
        """
        self.menu("Edit", "editmenu:clear-all")
        expect(self.panel.locator(".jp-OutputArea-output")).to_have_count(0)
        self.menu("Run", "runmenu:run-all")
        deadline = time.monotonic() + RUN_S
        while True:
            cells = [cell for cell in self.cells() if cell["code"]]
            prompts = [cell["prompt"].strip() for cell in cells]
            idle = self.indicator.get_attribute("data-status") == "idle"
            numbered = [bool(re.fullmatch(r"\[\d+\]:", prompt)) for prompt in prompts]
            done = len(prompts) == len(runs) and all(
                n or not r for n, r in zip(numbered, runs, strict=False)
            )
            stuck = idle and any(output_errors(cell) for cell in cells)  # Run All stops at an error
            if (done and idle) or stuck:
                break
            if time.monotonic() > deadline:
                pending = [
                    f"code cell {n}: {p!r}"
                    for n, (p, ran, r) in enumerate(zip(prompts, numbered, runs, strict=False), 1)
                    if r and not ran
                ]
                raise AssertionError(
                    f"{self.name}: not every cell ran within {RUN_S} s "
                    f"(kernel {'idle' if idle else 'busy'}); not run: {', '.join(pending)}"
                )
            self.page.wait_for_timeout(250)
        return cells

    def cells(self):
        return self.panel.evaluate(CELLS_JS)

    def misfits(self):
        """Outputs wider than the notebook column (see FIT_JS), as readable lines."""
        result = self.panel.evaluate(FIT_JS)
        lines = [
            f"cell {item['cell']}: {item['element']} is {item['width']} px wide, "
            f"{item['lost']} px cut off"
            for item in result["found"]
        ]
        if result["overflow"] > 0:
            lines.append(f"the notebook scrolls sideways by {result['overflow']} px")
        return lines, result["column"]

    # -- sliders ------------------------------------------------------------------------------
    def sliders(self):
        return self.panel.locator(".jp-OutputArea-output .widget-slider")

    def wait_settled(self, canvas, before, seconds=REDRAW_S):
        """Wait until `canvas` differs from `before` (None: from anything) and stays still."""
        canvas.evaluate("canvas => { canvas.__settle = null; }")
        self.page.wait_for_function(
            SETTLED_JS,
            arg=[canvas.element_handle(), self.indicator.element_handle(), before, QUIET_MS],
            polling=POLL_MS,
            timeout=seconds * 1000,
        )
        return canvas.evaluate("canvas => canvas.toDataURL()")


def shorten(text, head=160, tail=440):
    """`text` cut in the middle for a failure message: a traceback's last lines say most."""
    text = text.strip()
    return text if len(text) <= head + tail else f"{text[:head]} [...] {text[-tail:]}"


def output_errors(cell):
    """Texts of the outputs of `cell` that are errors or stderr, or widgets that failed."""
    found = []
    for output in cell["outputs"]:
        if "stderr" in output["mime"] or "error" in output["mime"]:
            found.append(output["text"])
        elif output["text"].startswith(("Error displaying widget", "Error rendering")):
            found.append(output["text"])
    return found
