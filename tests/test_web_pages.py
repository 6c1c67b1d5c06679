"""The web builds' own Python (tools/web_pages.py, build_site.py, build_lite.py) and their pins.

The builds themselves run in .ci/run (`make site lite`, online and offline) and their pages in
tests/browser/test_web_sites.py; these tests only need the maintainer's .venv.
"""

import ast
import asyncio
import contextlib
import io
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_lite  # noqa: E402
import build_site  # noqa: E402
import web_pages  # noqa: E402
from navigation import NOTEBOOKS, navigation_text  # noqa: E402


def notebook_like_the_course(index=0):
    """A small notebook shaped like the course's: navigation, title, text, code, navigation."""
    text = navigation_text(index)
    cells = [
        nbformat.v4.new_markdown_cell(text, metadata={"tags": ["navigation"]}, id="nav-top"),
        nbformat.v4.new_markdown_cell("# Title", id="title"),
        nbformat.v4.new_markdown_cell("Some $x$ text.", id="text"),
        nbformat.v4.new_code_cell("1 + 1", id="code", execution_count=1, outputs=[
            nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)
        ]),
        nbformat.v4.new_markdown_cell(text, metadata={"tags": ["navigation"]}, id="nav-end"),
    ]
    return nbformat.v4.new_notebook(cells=cells)


def test_course_notebooks_follow_the_navigation_list_then_the_unlisted_by_name(tmp_path):
    for name in ["07_later.ipynb", "05_extra_one.ipynb", NOTEBOOKS[1][0], NOTEBOOKS[0][0]]:
        (tmp_path / name).write_text("{}")
    found = web_pages.course_notebooks(tmp_path)
    assert found == [
        NOTEBOOKS[0],
        NOTEBOOKS[1],
        ("05_extra_one.ipynb", "05 — Extra one"),
        ("07_later.ipynb", "07 — Later"),
    ]


def test_course_notebooks_skip_listed_notebooks_that_do_not_exist(tmp_path):
    (tmp_path / NOTEBOOKS[1][0]).write_text("{}")
    assert web_pages.course_notebooks(tmp_path) == [NOTEBOOKS[1]]


def test_every_notebook_of_the_repository_is_built():
    built = [file for file, _ in web_pages.course_notebooks()]
    assert sorted(built) == sorted(path.name for path in (ROOT / "notebooks").glob("*.ipynb"))


def test_lite_link_is_relative_to_a_site_page():
    assert web_pages.lite_link("01_neuron.ipynb") == "../lite/lab/index.html?path=01_neuron.ipynb"


def test_binder_link_names_the_repository_ref_and_notebook():
    link = web_pages.binder_link("02_perceptron.ipynb", repo="someone/fork", ref="main")
    assert link == "https://mybinder.org/v2/gh/someone/fork/main?labpath=notebooks/02_perceptron.ipynb"


def test_site_copy_adds_launch_links_under_the_navigation_and_leaves_the_original():
    notebook = notebook_like_the_course()
    before = nbformat.writes(notebook)
    copy = web_pages.site_copy(notebook, "01_neuron.ipynb", repo="someone/fork")
    assert nbformat.writes(notebook) == before
    assert [cell.id for cell in copy.cells][:3] == ["nav-top", web_pages.LAUNCH_TAG, "title"]
    launch = copy.cells[1].source
    assert 'href="../lite/lab/index.html?path=01_neuron.ipynb"' in launch
    assert "mybinder.org/v2/gh/someone/fork/HEAD?labpath=notebooks/01_neuron.ipynb" in launch
    assert copy.cells[2:-1] == notebook.cells[1:-1]
    nbformat.validate(copy)


def test_site_copy_points_the_course_map_at_the_site_index():
    copy = web_pages.site_copy(notebook_like_the_course(), "01_neuron.ipynb", "someone/fork")
    navigation = [cell.source for cell in copy.cells if web_pages.has_tag(cell, "navigation")]
    assert len(navigation) == 2
    for source in navigation:
        assert "[Course map](index.md)" in source
        assert "README" not in source


def test_site_copy_links_other_files_of_the_repository_on_github():
    notebook = notebook_like_the_course()
    notebook.cells[2].source = "See [the data](../data/README.md) and [02](02_perceptron.ipynb)."
    copy = web_pages.site_copy(notebook, "01_neuron.ipynb", "someone/fork", ref="main")
    assert copy.cells[3].source == (
        "See [the data](https://github.com/someone/fork/blob/main/data/README.md)"
        " and [02](02_perceptron.ipynb)."
    )


def test_lite_copy_adds_a_start_note_and_a_tagged_setup_cell_before_the_first_code_cell():
    notebook = notebook_like_the_course()
    copy = web_pages.lite_copy(notebook, "01_neuron.ipynb", "someone/fork", "main")
    assert len(copy.cells) == len(notebook.cells) + 2
    note, setup = copy.cells[3], copy.cells[4]
    assert note.cell_type == "markdown" and note.metadata["tags"] == [web_pages.LITE_NOTE_TAG]
    assert "mybinder.org/v2/gh/someone/fork/main?labpath=notebooks/01_neuron.ipynb" in note.source
    assert setup.cell_type == "code" and setup.metadata["tags"] == [web_pages.LITE_SETUP_TAG]
    assert setup.outputs == [] and setup.execution_count is None
    assert copy.cells[5].source == "1 + 1"
    nbformat.validate(copy)


def test_lite_copy_names_the_file_browser_as_the_course_map():
    copy = web_pages.lite_copy(notebook_like_the_course(1))
    navigation = [cell.source for cell in copy.cells if web_pages.has_tag(cell, "navigation")]
    assert len(navigation) == 2
    for source in navigation:
        assert "README" not in source
        assert "Course map: the file browser" in source
        assert f"({NOTEBOOKS[0][0]})" in source and f"({NOTEBOOKS[2][0]})" in source


def notebook_with_a_live_view():
    """A notebook whose code cell stores what a live view stores: a widget view, a PNG of its
    figure and text, plus the widget state in the metadata."""
    notebook = notebook_like_the_course()
    view = nbformat.v4.new_output("display_data", {
        web_pages.WIDGET_VIEW: {"model_id": "abc", "version_major": 2, "version_minor": 0},
        "image/png": "iVBORw0KGgo=",
        "text/plain": "VBox(...)",
    })
    notebook.cells[3].outputs.append(view)
    notebook.metadata["widgets"] = {web_pages.WIDGET_STATE: {"state": {"abc": {}}}}
    return notebook


def test_lite_copy_drops_stored_widgets_and_keeps_their_pictures():
    notebook = notebook_with_a_live_view()
    copy = web_pages.lite_copy(notebook)
    assert "widgets" not in copy.metadata
    (code,) = [cell for cell in copy.cells if cell.source == "1 + 1"]
    assert [sorted(output.get("data", {})) for output in code.outputs] == [
        ["text/plain"], ["image/png", "text/plain"]
    ]
    assert web_pages.WIDGET_VIEW in notebook.cells[3].outputs[1].data  # the original unchanged
    nbformat.validate(copy)


def run_setup_cell(source, monkeypatch, platform="emscripten", installs=None):
    """Run a setup cell's source as the Pyodide kernel would (top-level await), with a stand-in
    piplite; returns (what it displayed, what it printed, the exception it raised or None)."""
    import types

    import IPython.display

    installed, shown = [], []

    async def install(packages):
        installed.extend(packages)
        if installs is not None:
            installs(packages)

    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setitem(sys.modules, "piplite", types.SimpleNamespace(install=install))
    monkeypatch.setattr(IPython.display, "display", lambda *objects: shown.extend(objects))
    code = compile(source, "<lite-setup>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    printed = io.StringIO()
    error = None
    with contextlib.redirect_stdout(printed):
        try:
            result = eval(code, {})  # a coroutine, since the cell awaits at top level
            if asyncio.iscoroutine(result):
                asyncio.run(result)
        except Exception as exception:  # noqa: BLE001 - what the learner would see
            error = exception
    return [getattr(item, "data", item) for item in shown], printed.getvalue(), error, installed


def test_lite_setup_cell_does_nothing_outside_pyodide(monkeypatch):
    shown, printed, error, installed = run_setup_cell(
        web_pages.lite_setup_source(), monkeypatch, platform="linux"
    )
    assert (shown, printed, error, installed) == ([], "", None, [])


def test_lite_setup_cell_installs_the_packages_and_says_python_is_ready(monkeypatch):
    import matplotlib
    import numpy

    shown, printed, error, installed = run_setup_cell(web_pages.lite_setup_source(), monkeypatch)
    assert error is None and shown == []
    assert installed == web_pages.LITE_PACKAGES
    assert printed == (f"Python in your browser is ready: numpy {numpy.__version__} "
                       f"and matplotlib {matplotlib.__version__}\n")


@pytest.mark.parametrize("bundled", [False, True])
def test_lite_setup_cell_says_what_failed_why_and_where_else_to_run(monkeypatch, bundled):
    """A blocked download leaves matplotlib missing: the cell names it with the reason, says
    why that happens and where else the notebook runs, then stops Run All with an error."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # its import now fails
    source = web_pages.lite_setup_source("02_perceptron.ipynb", "someone/fork", "main", bundled)
    shown, printed, error, _ = run_setup_cell(source, monkeypatch)
    assert isinstance(error, ModuleNotFoundError)
    assert str(error).startswith("the course's packages did not load: matplotlib")
    (message,) = shown
    assert re.search(r"- `matplotlib`: \w*Error: import of matplotlib halted", message)
    assert "- `numpy`" not in message  # only what failed
    where = web_pages.FROM_SITE if bundled else web_pages.FROM_CDN
    assert f"numpy and matplotlib {where} when a notebook starts" in message
    assert "block content delivery networks" in message
    assert ("[Launch Binder](https://mybinder.org/v2/gh/someone/fork/main"
            "?labpath=notebooks/02_perceptron.ipynb)") in message
    assert "(https://github.com/someone/fork#start-here-two-commands)" in message
    assert printed == ""


def test_lite_setup_cell_reports_a_failed_install(monkeypatch):
    def refuse(packages):
        raise ValueError("Can't find a pure Python 3 wheel for 'nnlib'")

    monkeypatch.setitem(sys.modules, "nnlib", None)
    shown, _, error, _ = run_setup_cell(web_pages.lite_setup_source(), monkeypatch, installs=refuse)
    assert isinstance(error, ModuleNotFoundError)
    (message,) = shown
    assert ("- `piplite.install`: ValueError: Can't find a pure Python 3 wheel for 'nnlib'"
            in message)
    assert re.search(r"- `nnlib`: \w*Error: import of nnlib halted", message)


# matplotlib says "Matplotlib is building the font cache" when building it takes over 5 s (a
# threading.Timer), as in Pyodide. A timer that fires at once makes any build that slow.
SLOW_FONT_CACHE = """
import threading

class FiresAtOnce:
    def __init__(self, interval, function, args=(), kwargs=None):
        self.call = lambda: function(*args, **(kwargs or {}))

    def start(self):
        self.call()

    def cancel(self):
        pass

threading.Timer = FiresAtOnce
"""


def test_lite_setup_cell_builds_the_font_cache_without_a_note(tmp_path):
    """With no font cache (a fresh Pyodide), the first import of matplotlib's font manager
    prints "Matplotlib is building the font cache" in red; the setup cell builds it quietly."""
    cell = textwrap.dedent(f"""
        import asyncio, ast, logging, sys, types
        sys.platform = "emscripten"

        async def install(packages):
            pass

        sys.modules["piplite"] = types.SimpleNamespace(install=install)
        source = {web_pages.lite_setup_source()!r}
        code = compile(source, "<lite-setup>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        asyncio.run(eval(code, {{}}))
        assert logging.getLogger("matplotlib.font_manager").level == logging.NOTSET
    """)
    for name, script, noted in [("bare", "import matplotlib.font_manager", True),
                                ("cell", cell, False)]:
        environment = {**os.environ, "MPLCONFIGDIR": str(tmp_path / name)}
        done = subprocess.run([sys.executable, "-c", SLOW_FONT_CACHE + script],
                              capture_output=True, text=True, env=environment, check=False)
        assert done.returncode == 0, done.stderr
        assert ("Matplotlib is building the font cache" in done.stderr) == noted, (name, done)
        assert list((tmp_path / name).glob("fontlist-*.json")), f"{name}: no cache built"


def third_party_imports(source):
    """Top-level names of the modules `source` imports, outside the standard library."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names)


def test_lite_setup_cell_checks_every_package_the_notebooks_and_nnlib_import():
    imported = set()
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                code = "\n".join(line for line in cell.source.splitlines()
                                 if not line.lstrip().startswith(("%", "!")))
                imported |= third_party_imports(code)
    for path in (ROOT / "nnlib").rglob("*.py"):
        imported |= third_party_imports(path.read_text())
    checked = {name.split(".")[0] for name in web_pages.LITE_IMPORTS}
    assert imported - {"nnlib"} and imported <= checked, sorted(imported - checked)


def test_the_setup_cell_installs_only_what_the_site_bundles():
    bundled = {build_lite.normalise(name) for name in ["nnlib", *build_lite.BUNDLED]}
    assert {build_lite.normalise(name) for name in web_pages.LITE_PACKAGES} <= bundled


def test_pinned_pyodide_url_is_the_one_jupyterlite_is_configured_with():
    config = json.loads((ROOT / "lite" / "jupyter-lite.json").read_text())
    kernel = config["jupyter-config-data"]["litePluginSettings"][
        "@jupyterlite/pyodide-kernel-extension:kernel"
    ]
    assert kernel["pyodideUrl"] == web_pages.PYODIDE_URL
    assert kernel["disablePyPIFallback"] is True
    assert re.fullmatch(r"https://cdn\.jsdelivr\.net/pyodide/v[\d.]+/full/pyodide\.mjs",
                        web_pages.PYODIDE_URL)


def test_bundled_wheels_are_pinned_by_the_learners_lock():
    versions = build_lite.pinned_versions()
    for name in build_lite.BUNDLED:
        assert build_lite.normalise(name) in versions, name
    assert versions["ipympl"] and versions["ipywidgets"]


def test_pinned_versions_reads_a_compiled_lock(tmp_path):
    lock = tmp_path / "requirements.txt"
    lock.write_text(
        "# comment\nJupyterLab_Widgets==3.0.17\n    # via ipywidgets\n"
        "numpy==2.4.6 ; python_full_version >= '3.12'\n--index-url x\n"
    )
    assert build_lite.pinned_versions(lock) == {"jupyterlab-widgets": "3.0.17", "numpy": "2.4.6"}


def lock_names(path):
    return set(build_lite.pinned_versions(ROOT / path))


def test_web_tools_are_pinned_and_stay_out_of_the_learners_and_maintainers_sets():
    web = build_lite.pinned_versions(ROOT / "requirements-web.txt")
    assert web["jupyterlite-core"] == web["jupyterlite-pyodide-kernel"] == "0.8.6"
    tools = {"sphinx", "myst-nb", "pydata-sphinx-theme", "jupyterlite-core",
             "jupyterlite-pyodide-kernel"}
    assert tools <= set(web)
    assert not tools & (lock_names("requirements.txt") | lock_names("requirements-dev.txt"))


def test_web_lock_shares_every_version_with_the_learners_set():
    web = build_lite.pinned_versions(ROOT / "requirements-web.txt")
    learner = build_lite.pinned_versions(ROOT / "requirements.txt")
    differ = {name: (web[name], learner[name]) for name in set(web) & set(learner)
              if web[name] != learner[name]}
    assert not differ


def test_binder_environment_installs_the_learners_set_only():
    text = (ROOT / "environment.yml").read_text()
    requirements = re.findall(r"-r\s+(\S+)", text)
    assert requirements == ["requirements.txt"]


@pytest.mark.parametrize("count", [1, len(NOTEBOOKS)])
def test_site_index_is_the_course_map_in_order_with_a_hidden_toctree(count):
    notebooks = NOTEBOOKS[:count]
    teaches = {file: f"what {file} teaches" for file, _ in notebooks}
    text = build_site.index_markdown(notebooks, "someone/fork", teaches=teaches)
    rows = re.findall(r"^\* - \[(.+)\]\((.+)\)\n  - (.*)$", text, flags=re.MULTILINE)
    assert rows == [(title, file, f"what {file} teaches") for file, title in notebooks]
    assert ":class: course-map" in text.split("```{list-table}")[1].split("```")[0]
    toctree = text.split("```{toctree}")[1].split("```")[0].split()
    assert toctree[-count:] == [Path(file).stem for file, _ in notebooks]
    assert web_pages.lite_link(notebooks[0][0]) in text


def test_course_map_descriptions_are_the_readmes_rows(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        "## The course map\n\n| notebook | you will leave knowing |\n| --- | --- |\n"
        "| [01 — A neuron](notebooks/01_neuron.ipynb) | weights, bias; the plane |\n"
        "| [02 — The perceptron](notebooks/02_perceptron.ipynb) | training, `y_hat - y` |\n"
        "\n| other | table |\n| [x](docs/x.md) | not a notebook |\n"
    )
    assert web_pages.course_map_descriptions(readme) == {
        "01_neuron.ipynb": "weights, bias; the plane",
        "02_perceptron.ipynb": "training, `y_hat - y`",
    }


def test_every_listed_notebook_has_a_row_in_the_readmes_course_map():
    described = web_pages.course_map_descriptions()
    assert [file for file, _ in web_pages.course_notebooks() if file not in described] == []


def test_site_copy_notes_under_each_live_views_picture_that_it_is_live_elsewhere():
    notebook = notebook_with_a_live_view()
    notebook.cells[3].outputs.append(notebook.cells[3].outputs[1])  # a second view
    copy = web_pages.site_copy(notebook, "01_neuron.ipynb", "someone/fork")
    (index,) = [i for i, cell in enumerate(copy.cells) if cell.source == "1 + 1"]
    notes = copy.cells[index + 1: index + 3]
    assert [web_pages.has_tag(cell, web_pages.LIVE_NOTE_TAG) for cell in notes] == [True, True]
    assert "JupyterLab or JupyterLite" in notes[0].source
    assert len([cell for cell in copy.cells if web_pages.has_tag(cell, web_pages.LIVE_NOTE_TAG)]
               ) == 2
    nbformat.validate(copy)


def test_site_copy_adds_no_note_to_a_plain_picture():
    notebook = notebook_like_the_course()
    notebook.cells[3].outputs.append(nbformat.v4.new_output("display_data", {
        "image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}))
    copy = web_pages.site_copy(notebook, "01_neuron.ipynb", "someone/fork")
    assert not [cell for cell in copy.cells if web_pages.has_tag(cell, web_pages.LIVE_NOTE_TAG)]


@pytest.mark.parametrize("repo, warns", [
    ("OWNER/nn-from-scratch", True), ("OWNER/fork", True), ("someone/nn-from-scratch", False),
    ("owner-of-it/fork", False),
])
def test_placeholder_repository_is_warned_about(repo, warns):
    warning = web_pages.placeholder_warning(repo)
    assert (warning is not None) == warns
    if warns:
        assert repo in warning and "REPO=" in warning


def test_make_site_warns_while_the_repository_is_the_placeholder(tmp_path):
    """build_site.py prints the warning first (here it then stops, as MathJax is not set:
    nothing is built)."""
    environment = {key: value for key, value in os.environ.items()
                   if key != "NNLIB_MATHJAX_DIR"}
    for repo, warned in [("OWNER/nn-from-scratch", True), ("someone/fork", False)]:
        done = subprocess.run(
            [sys.executable, str(ROOT / "tools" / "build_site.py"), "--repo", repo,
             "--out", str(tmp_path / "site")],
            capture_output=True, text=True, env=environment, check=False,
        )
        assert ("warning: the pages' Binder and install links name the placeholder"
                in done.stderr) == warned, done.stderr


def test_web_lock_has_the_versions_its_in_file_asks_for():
    """A pin edited in requirements-web.in but not yet compiled shows up here."""
    asked = build_lite.pinned_versions(ROOT / "requirements-web.in")
    locked = build_lite.pinned_versions(ROOT / "requirements-web.txt")
    assert asked and {name: locked.get(name) for name in asked} == asked, "run `make lock`"


def test_every_line_of_the_web_lock_pins_one_version():
    lines = [line.strip() for line in (ROOT / "requirements-web.txt").read_text().splitlines()
             if line.strip() and not line.lstrip().startswith(("#", "-"))]
    assert lines and all(re.match(r"^[A-Za-z0-9][\w.-]*==\S+", line) for line in lines)


def test_stage_copies_replaces_the_folder_with_a_transformed_copy_of_each_notebook(tmp_path):
    folder = tmp_path / "copies"
    folder.mkdir()
    (folder / "left_over.ipynb").write_text("{}")  # from an earlier build: must go

    def mark(notebook, file):
        notebook.metadata["copied_as"] = file
        return notebook

    notebooks = web_pages.stage_copies(folder, mark)
    assert notebooks == web_pages.course_notebooks()
    assert sorted(path.name for path in folder.iterdir()) == sorted(f for f, _ in notebooks)
    for file, _ in notebooks:
        assert nbformat.read(folder / file, as_version=4).metadata["copied_as"] == file


def test_the_pages_workflow_bundles_the_pyodide_release_the_site_pins():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    version = workflow["env"]["PYODIDE_VERSION"]
    assert f"/pyodide/v{version}/full/pyodide.mjs" in web_pages.PYODIDE_URL
    assert f"pyodide@{version}" in (ROOT / "lite" / "pyodide.sha256").read_text()
    steps = " ".join(step.get("run", "") for step in workflow["jobs"]["build"]["steps"])
    assert "PYODIDE_PINNED=1" in steps and "make test-web" in steps
    assert steps.index("make test-web") < steps.index("cp -r build/site build/lite")
