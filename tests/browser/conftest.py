"""Fixtures for the real-browser test: a throwaway JupyterLab server and headless Chromium.

The server serves a temporary copy of the course (notebooks/ and data/) on 127.0.0.1 with a
random free port and a random token. Its settings, workspaces, runtime, config and data
directories are temporary too, so nothing from the user's own Jupyter setup takes part and
nothing of the test's is left behind. Kernels are shut down after every test and the server
(with anything it started) at the end of the session, pass or fail.

Chromium is the system one (Debian package ``chromium``); Playwright downloads nothing.
Screenshots land in artifacts/browser/ (git-ignored), with the server log.
"""

import json
import os
import re
import shutil
from pathlib import Path

import latency
import pytest
from labdriver import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_FLAGS,
    PAINT_STAMPS_JS,
    VIEWPORT,
    Lab,
    LabServer,
    copy_course,
    sign_copies,
)
from playwright.sync_api import sync_playwright

LATENCY_LINES = pytest.StashKey[list]()
NOTES = pytest.StashKey[list]()


@pytest.fixture
def notes(request):
    """A list for what a passing test must still say (e.g. that it met a known upstream race):
    printed at the end of the run, and written to artifacts/browser/notes.txt."""
    return request.config.stash.setdefault(NOTES, [])


def pytest_terminal_summary(terminalreporter, config):
    """Print the tests' notes, and every slider's latency (artifacts/browser/latency.json)."""
    notes = config.stash.get(NOTES, [])
    if notes:
        terminalreporter.section("notes from the browser tests")
        for line in notes:
            terminalreporter.write_line(line)
        (ARTIFACTS / "notes.txt").write_text("\n".join(notes) + "\n")
    lines = config.stash.get(LATENCY_LINES, [])
    if lines:
        terminalreporter.section("slider latency in the browser (key press to the figure's paint)")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def slider_latencies(request):
    """Every slider's `latency.SliderLatency`, in the order measured: the tests that measure
    append to it, the course-wide median test judges it. At the end of the run they are
    written to artifacts/browser/latency.json and printed."""
    results = []
    yield results
    if results:
        lines, numbers = latency.summary(results)
        (ARTIFACTS / "latency.json").write_text(json.dumps(numbers, indent=1) + "\n")
        request.config.stash[LATENCY_LINES] = lines


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    home = tmp_path_factory.mktemp("jupyter")
    root = tmp_path_factory.mktemp("course")
    copy_course(root)
    shutil.rmtree(ARTIFACTS, ignore_errors=True)  # this run's screenshots only
    ARTIFACTS.mkdir(parents=True)
    log_path = ARTIFACTS / "jupyterlab.log"
    log_path.write_text("")
    server = LabServer(root, home, log_path)
    sign_copies(root, Path(server.environment()["JUPYTER_DATA_DIR"]))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} not found: install Chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, lab_server, request):
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    context.add_init_script(PAINT_STAMPS_JS)
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            try:
                page.screenshot(path=ARTIFACTS / f"FAILED_{name}.png")
            except Exception:  # noqa: BLE001 - the screenshot is a bonus, never a second error
                pass
            if errors:
                (ARTIFACTS / f"FAILED_{name}.pageerrors.txt").write_text("\n".join(errors))
        context.close()
        lab_server.shut_down_kernels()


@pytest.fixture
def lab(page, lab_server):
    return Lab(page, lab_server)
