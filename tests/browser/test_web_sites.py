"""The course on the web, in headless Chromium: the static site (build/site) and the JupyterLite
site (build/lite), as `make site lite` left them (run by `make test-web`, after those).

Both are served from build/ by `python -m http.server` on 127.0.0.1 (the site's links to
JupyterLite are ../lite/..., as on GitHub Pages). Every request the pages make is intercepted:
requests to 127.0.0.1 go through, anything else is recorded and aborted.

- Site: every page opens with no request leaving 127.0.0.1, every picture shows (loaded, natural
  size > 0; a notebook page has one per picture stored in the notebook), its math is typeset by
  the local MathJax, and its JupyterLite link names a notebook the JupyterLite site holds.
- JupyterLite: the file browser lists every notebook and data/; opening a notebook starts the
  Pyodide kernel, which asks for the pinned Pyodide URL (lite/jupyter-lite.json) and nothing else
  outside the site (the request is aborted here: no network).
- Where PYODIDE_DIST names an unpacked Pyodide release (the one the pinned URL names), its files
  answer the requests for the pinned URL, and every notebook runs in JupyterLite and has a slider
  moved; otherwise that test is skipped, saying why.
The bytes a first visit downloads are printed (and written to artifacts/web/first_visit.json).
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from labdriver import VIEWPORT, Lab, output_errors
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from web_pages import PYODIDE_URL, course_notebooks  # noqa: E402

BUILD = ROOT / "build"
SITE, LITE = BUILD / "site", BUILD / "lite"
ARTIFACTS = ROOT / "artifacts" / "web"
PYODIDE_PREFIX = PYODIDE_URL.rsplit("/", 1)[0] + "/"
PYODIDE_DIST = os.environ.get("PYODIDE_DIST")
FIRST_VISIT = {}


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served():
    """build/ over HTTP on 127.0.0.1: the base URL."""
    for folder, target in [(SITE, "make site"), (LITE, "make lite")]:
        if not (folder / "index.html").exists():
            pytest.fail(f"{folder} has no index.html: run `{target}` first")
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    port = _free_port()
    log = open(ARTIFACTS / "http.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(BUILD)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("python -m http.server did not start")
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


class Traffic:
    """Every request of a browser context: local ones go through, the rest are aborted."""

    def __init__(self, context, base, answer_pyodide=None):
        self.base = base
        self.local, self.outside = [], []
        self.answer_pyodide = answer_pyodide
        context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base + "/") or url == self.base:
            self.local.append(url)
            route.continue_()
        elif url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            if self.answer_pyodide and url.startswith(PYODIDE_PREFIX):
                self.answer_pyodide(route, url)
            else:
                route.abort()

    def local_files(self):
        """{path under build/: bytes} of the distinct local files requested (as served)."""
        found = {}
        for url in set(self.local):
            path = BUILD / unquote(urlsplit(url).path).lstrip("/")
            if path.is_dir():
                path = path / "index.html"
            if path.is_file():
                found[path.relative_to(BUILD).as_posix()] = path.stat().st_size
        return found

    def local_bytes(self):
        return sum(self.local_files().values())


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    context.set_default_timeout(30_000)
    try:
        yield context
    finally:
        context.close()


def stored_pictures(path):
    """How many pictures a notebook's stored outputs hold (one per output with a PNG)."""
    notebook = nbformat.read(path, as_version=4)
    return sum(
        "image/png" in output.get("data", {})
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )


IMAGES_JS = """() => Array.from(document.images).map(img => ({
  src: img.getAttribute('src'),
  ok: img.complete && img.naturalWidth > 0 && img.naturalHeight > 0,
  inOutput: !!img.closest('.cell_output, .output'),
}))"""


def site_pages():
    return sorted(path.name for path in SITE.glob("*.html"))


@pytest.mark.parametrize("name", site_pages() or ["index.html"])
def test_site_page_shows_everything_from_the_site_itself(served, context, name):
    traffic = Traffic(context, served)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{served}/site/{name}", wait_until="load")
    page.wait_for_load_state("networkidle")
    notebook = ROOT / "notebooks" / name.replace(".html", ".ipynb")
    if notebook.exists() and "$" in notebook.read_text():
        # MathJax typesets once it has loaded its fonts and extensions (all from _static/)
        page.wait_for_function(
            "() => window.MathJax && MathJax.startup && MathJax.startup.promise"
            " && document.querySelectorAll('mjx-container').length > 0",
            timeout=30_000,
        )
        page.evaluate("() => MathJax.startup.promise")
        assert page.locator("mjx-container mjx-merror").count() == 0, "MathJax reported an error"
        page.wait_for_load_state("networkidle")
    images = page.evaluate(IMAGES_JS)
    broken = [image["src"] for image in images if not image["ok"]]
    assert not broken, f"{name}: pictures that do not show: {broken}"
    if notebook.exists():
        shown = sum(image["inOutput"] for image in images)
        expected = stored_pictures(notebook)
        assert shown == expected, f"{name}: {shown} pictures shown, the notebook stores {expected}"
        page.screenshot(path=ARTIFACTS / f"site_{notebook.stem}.png", full_page=False)
        lite = page.locator("a.launch.lite")
        expect(lite).to_have_count(1)
        href = lite.get_attribute("href")
        assert href == f"../lite/lab/index.html?path={notebook.name}", href
        assert (LITE / "files" / notebook.name).exists(), f"JupyterLite lacks {notebook.name}"
        binder = page.locator("a.launch.binder").get_attribute("href")
        assert re.fullmatch(
            rf"https://mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/[\w./-]+\?labpath=notebooks/{notebook.name}",
            binder,
        ), binder
    assert not errors, f"{name}: JavaScript errors: {errors}"
    assert not traffic.outside, f"{name}: requests that leave 127.0.0.1: {traffic.outside}"
    FIRST_VISIT[f"site/{name}"] = traffic.local_bytes()
    (ARTIFACTS / f"files_site_{name}.json").write_text(json.dumps(traffic.local_files(), indent=1))


def test_site_lists_every_notebook_in_course_order(served, context):
    Traffic(context, served)
    page = context.new_page()
    page.goto(f"{served}/site/index.html")
    links = page.locator("article a.reference.internal, .bd-article a.reference.internal")
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href').split('#')[0])")
    expected = [Path(file).with_suffix(".html").name for file, _ in course_notebooks()]
    assert [href for href in hrefs if href in expected] == expected


def open_lite(context, served, path=None, answer_pyodide=None):
    traffic = Traffic(context, served, answer_pyodide)
    page = context.new_page()
    url = f"{served}/lite/lab/index.html" + (f"?path={path}" if path else "")
    page.goto(url, wait_until="load")
    return traffic, page


def test_lite_lists_the_notebooks_and_the_data(served, context):
    config = json.loads((LITE / "jupyter-lite.json").read_text())
    settings = config["jupyter-config-data"]["litePluginSettings"]
    kernel = settings["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == PYODIDE_URL
    assert kernel["disablePyPIFallback"] is True
    traffic, page = open_lite(context, served)
    listing = page.locator(".jp-DirListing-content .jp-DirListing-itemText")
    expect(listing.first).to_be_visible(timeout=120_000)
    names = [file for file, _ in course_notebooks()]
    for name in [*names, "data"]:
        expect(listing.filter(has_text=re.compile(rf"^{re.escape(name)}$"))).to_have_count(1)
    page.screenshot(path=ARTIFACTS / "lite_listing.png")
    assert not traffic.outside, f"requests that leave 127.0.0.1: {traffic.outside}"


def test_lite_kernel_asks_only_for_the_pinned_pyodide(served, context):
    first = course_notebooks()[0][0]
    traffic, page = open_lite(context, served, path=first)
    expect(page.locator(".jp-NotebookPanel")).to_have_count(1, timeout=120_000)
    deadline = time.monotonic() + 120
    while not traffic.outside and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    page.wait_for_timeout(2000)  # anything else it would ask for right after
    page.screenshot(path=ARTIFACTS / "lite_notebook_without_pyodide.png")
    assert traffic.outside, "the kernel never asked for Pyodide"
    assert traffic.outside[0] == PYODIDE_URL, traffic.outside
    strays = [url for url in traffic.outside if not url.startswith(PYODIDE_PREFIX)]
    assert not strays, f"requests outside the site and the pinned Pyodide: {strays}"
    FIRST_VISIT[f"lite/lab/index.html?path={first} (local files)"] = traffic.local_bytes()
    (ARTIFACTS / "files_lite.json").write_text(json.dumps(traffic.local_files(), indent=1))
    FIRST_VISIT["lite: Pyodide requests (not downloaded here)"] = sorted(set(traffic.outside))


def _answer_from(dist):
    def answer(route, url):
        path = Path(dist) / url[len(PYODIDE_PREFIX):].split("?")[0]
        if path.is_file():
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404, body=f"{path.name} is not in PYODIDE_DIST")

    return answer


class LiteServer:
    """What labdriver.Lab needs of a server, for the JupyterLite site."""

    def __init__(self, base):
        self.base = base

    def url(self, path):
        return f"{self.base}/lite/lab/index.html?path={path.removeprefix('lab/tree/')}"


@pytest.mark.skipif(
    not PYODIDE_DIST,
    reason="skipped running the notebooks in JupyterLite: no local Pyodide distribution "
    "(set PYODIDE_DIST to an unpacked release matching the pinned URL "
    f"{PYODIDE_URL}); its numpy and matplotlib for WebAssembly are not on PyPI or npm, "
    "and this test does not reach the CDN",
)
@pytest.mark.parametrize("file", [file for file, _ in course_notebooks()])
def test_notebook_runs_in_jupyterlite_and_a_slider_redraws(served, context, file):
    """Untested here (no Pyodide distribution on this machine): see the module docstring."""
    traffic, page = open_lite(context, served, answer_pyodide=_answer_from(PYODIDE_DIST))
    lab = Lab(page, LiteServer(served))
    notebook = nbformat.read(LITE / "files" / file, as_version=4)
    lab.open(file, len(notebook.cells))
    lab.wait_idle(300)
    runs = [bool(cell.source.strip()) for cell in notebook.cells if cell.cell_type == "code"]
    cells = lab.run_all(runs)
    problems = [text for cell in cells for text in output_errors(cell)]
    assert not problems, f"{file}: errors in JupyterLite: {problems}"
    sliders = lab.sliders()
    if sliders.count():
        canvas = lab.panel.locator(".jupyter-matplotlib-canvas-div > canvas").first
        before = canvas.evaluate("canvas => canvas.toDataURL()")
        sliders.first.locator(".noUi-handle, .ui-slider-handle").first.focus()
        page.keyboard.press("ArrowRight")
        lab.wait_settled(canvas, before, seconds=60)
    strays = [url for url in traffic.outside if not url.startswith(PYODIDE_PREFIX)]
    assert not strays, f"requests outside the site and the pinned Pyodide: {strays}"


def test_report_first_visit(capsys):
    """Prints what a learner's first visit downloads (runs last: after the tests above).

    Bytes as python -m http.server sends them (uncompressed; GitHub Pages compresses text)."""
    if not FIRST_VISIT:
        pytest.skip("no page was measured")
    (ARTIFACTS / "first_visit.json").write_text(json.dumps(FIRST_VISIT, indent=1) + "\n")
    with capsys.disabled():
        print()
        for key, value in FIRST_VISIT.items():
            shown = f"{value / 1024:.0f} KiB" if isinstance(value, int) else value
            print(f"first visit: {key}: {shown}")
