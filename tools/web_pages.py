"""What the web builds (`make site`, `make lite`) share: which notebooks, in which order, and the
links and cells they add to their COPIES of the notebooks (the notebooks themselves are never
changed). Plain functions on nbformat notebooks, tested in tests/test_web_pages.py.

The course order is the course's list of notebooks (notebooks/course.toml, read by
tools/navigation.py); a notebook in notebooks/ that the list does not name yet comes after the
listed ones, by file name, so a build never drops a notebook.
"""

import copy
import re
from pathlib import Path
from urllib.parse import quote

from navigation import NOTEBOOKS
from navigation import TAG as NAVIGATION_TAG

ROOT = Path(__file__).resolve().parent.parent
# The Pyodide release the JupyterLite site loads at run time: jupyterlite-pyodide-kernel 0.8.6's
# default (its schema, kernel.v0.schema.json), written explicitly into lite/jupyter-lite.json.
# tests/test_web_pages.py checks that the two agree.
PYODIDE_URL = "https://cdn.jsdelivr.net/pyodide/v314.0.6/full/pyodide.mjs"
LAUNCH_TAG = "web-launch"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
LITE_SETUP_TAG = "lite-setup"
# What the first code cell of a JupyterLite copy installs from the wheels bundled into the site
# (their dependencies come from the same bundle or from the Pyodide distribution).
LITE_PACKAGES = ["nnlib", "ipympl"]


def course_notebooks(folder=ROOT / "notebooks"):
    """[(file name, title)] of the notebooks in `folder`, in course order."""
    present = {path.name for path in Path(folder).glob("*.ipynb")}
    listed = [(file, title) for file, title in NOTEBOOKS if file in present]
    named = {file for file, _ in NOTEBOOKS}
    extra = [(file, title_from_name(file)) for file in sorted(present - named)]
    return listed + extra


def stage_copies(folder, copy_of):
    """Empty `folder` (making it if needed) and write into it, for every course notebook,
    ``copy_of(notebook, file)``; returns `course_notebooks()`. Stops the build when there are
    no notebooks."""
    import shutil
    import sys

    import nbformat

    shutil.rmtree(folder, ignore_errors=True)
    Path(folder).mkdir(parents=True)
    notebooks = course_notebooks()
    if not notebooks:
        sys.exit("no notebooks found in notebooks/")
    for file, _ in notebooks:
        notebook = nbformat.read(ROOT / "notebooks" / file, as_version=4)
        nbformat.write(copy_of(notebook, file), Path(folder) / file)
    return notebooks


def title_from_name(file):
    """'05_more_than_two_classes.ipynb' -> '05 — More than two classes'."""
    number, _, words = Path(file).stem.partition("_")
    words = words.replace("_", " ")
    return f"{number} — {words[:1].upper()}{words[1:]}" if words else number


def lite_link(file, prefix="../lite"):
    """The notebook in the JupyterLite site, relative to a page of the static site."""
    return f"{prefix}/lab/index.html?path={quote(file)}"


def binder_link(file, repo, ref="HEAD"):
    """The notebook in JupyterLab on mybinder.org, built from the repository's environment.yml."""
    return f"https://mybinder.org/v2/gh/{repo}/{ref}?labpath=notebooks/{quote(file)}"


def launch_markdown(file, repo, ref="HEAD"):
    """The line of launch links a site page shows under its navigation."""
    return (
        f'<p class="launch-links">'
        f'<a class="launch lite" href="{lite_link(file)}">Open in JupyterLite</a> '
        f'<a class="launch binder" href="{binder_link(file, repo, ref)}">Launch Binder</a>'
        f"</p>"
    )


COURSE_MAP_LINK = re.compile(r"\[Course map\]\(\.\./README\.md#[\w-]*\)")
# a markdown link to a file of the repository outside notebooks/, e.g. (../data/README.md)
REPOSITORY_LINK = re.compile(r"\]\(\.\./([^)\s]+)\)")


def has_tag(cell, tag):
    return tag in cell.get("metadata", {}).get("tags", [])


def site_copy(notebook, file, repo, ref="HEAD"):
    """A copy of `notebook` for the static site: the navigation's course-map link points at the
    site's index, links to other files of the repository point at them on GitHub, and the launch
    links follow the first navigation cell (or open the page)."""
    import nbformat

    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        if has_tag(cell, NAVIGATION_TAG):
            cell.source = COURSE_MAP_LINK.sub("[Course map](index.md)", cell.source)
        cell.source = REPOSITORY_LINK.sub(
            lambda match: f"](https://github.com/{repo}/blob/{ref}/{match[1]})", cell.source
        )
    launch = nbformat.v4.new_markdown_cell(
        launch_markdown(file, repo, ref), metadata={"tags": [LAUNCH_TAG]}, id=LAUNCH_TAG
    )
    position = 1 if notebook.cells and has_tag(notebook.cells[0], NAVIGATION_TAG) else 0
    notebook.cells.insert(position, launch)
    notebook.cells = [new for cell in notebook.cells for new in with_live_note(cell)]
    return notebook


LIVE_NOTE_TAG = "web-live-note"
LIVE_NOTE = (
    '<p class="live-note">A live view: in JupyterLab or JupyterLite its controls retrain and '
    "redraw this figure as you move them; here it is a picture of it.</p>"
)


def is_live_view(output):
    """A live view's stored output: its widget view, with a PNG of its figure beside it."""
    data = output.get("data", {})
    return WIDGET_VIEW in data and "image/png" in data


def with_live_note(cell):
    """[cell], followed by a note for each live view among its outputs (the static site shows
    the view's stored picture, which a reader could take for the view itself)."""
    import nbformat

    views = sum(is_live_view(output) for output in cell.get("outputs", []))
    notes = [nbformat.v4.new_markdown_cell(LIVE_NOTE, metadata={"tags": [LIVE_NOTE_TAG]},
                                           id=f"{cell.get('id', 'cell')}-live-{number}")
             for number in range(views)]
    return [cell, *notes]


def course_map_descriptions(readme=ROOT / "README.md"):
    """{notebook file: what it teaches} from the README's course map, the table whose rows read
    `| [NN — Title](notebooks/NN_name.ipynb) | what you will leave knowing |`."""
    found = {}
    for match in re.finditer(r"^\|\s*\[[^\]]+\]\(notebooks/([^)]+\.ipynb)\)\s*\|(.+)\|\s*$",
                             Path(readme).read_text(), flags=re.MULTILINE):
        found[match[1]] = match[2].strip()
    return found


def placeholder_warning(repo):
    """A warning while the repository named is still the placeholder (OWNER/...), else None."""
    if repo.split("/")[0] != "OWNER":
        return None
    return (f"warning: the pages' Binder and install links name the placeholder repository "
            f"{repo}: a fork sets its own (make site lite REPO=your-name/your-repository, or "
            "REPO ?= in the Makefile; the GitHub Pages workflow passes the repository it runs "
            "in), and replaces OWNER in the README's badges and links")


# What the setup cell checks imports, after installing LITE_PACKAGES: every package a notebook or
# nnlib imports that is not in Python's standard library (tests/test_web_pages.py checks that
# against the notebooks and nnlib/). matplotlib.font_manager builds matplotlib's font cache,
# which prints "Matplotlib is building the font cache" the first time: here it is built quietly.
LITE_IMPORTS = ["numpy", "matplotlib", "matplotlib.font_manager", "PIL", "ipywidgets", "ipympl",
                "nnlib"]
# Where the browser's Python comes from, for the setup cell's message when a package is missing.
FROM_CDN = "from Pyodide's CDN (cdn.jsdelivr.net)"
FROM_SITE = "from this site"

LITE_SETUP_TEMPLATE = """\
# JupyterLite only: this cell was added to the copy of the notebook in the JupyterLite site
# (tools/build_lite.py). It installs nnlib and the live figures' packages into Python in your
# browser (Pyodide) from the site, then checks that each package the notebook uses imports.
# In JupyterLab it does nothing.
import sys

if sys.platform == "emscripten":
    import importlib
    import logging

    from IPython.display import Markdown, display

    packages = {packages!r}
    imports = {imports!r}
    failed = {{}}
    try:
        import piplite

        await piplite.install(packages)
    except Exception as error:  # the packages missing are named below
        failed["piplite.install"] = f"{{type(error).__name__}}: {{error}}"
    font_log = logging.getLogger("matplotlib.font_manager")
    font_log.setLevel(logging.ERROR)  # its font cache is built here, without a note in red
    for module in imports:
        try:
            importlib.import_module(module)
        except Exception as error:
            failed[module] = f"{{type(error).__name__}}: {{error}}"
    font_log.setLevel(logging.NOTSET)
    if failed:
        display(Markdown(
            "**The course's Python packages did not load, so the cells below cannot run "
            "here.**\\n\\n"
            + "".join(f"- `{{name}}`: {{reason}}\\n" for name, reason in failed.items())
            + "\\n**Why:** JupyterLite downloads Python for your browser (Pyodide), numpy "
            "and matplotlib {source} when a notebook starts. A network that "
            "blocks that download (school and company networks often block content delivery "
            "networks), or a connection that dropped, leaves them missing; your browser's "
            "console (F12) shows the failed requests.\\n\\n"
            "**What to do instead:**\\n"
            "- try again, if a connection dropped: Kernel, Restart Kernel and Run All "
            "Cells;\\n"
            "- run this notebook on Binder, JupyterLab on a free server: "
            "[Launch Binder]({binder});\\n"
            "- or install the course on your computer (Python 3.11 to 3.13, two commands: "
            "[how]({install}))."
        ))
        raise ModuleNotFoundError(
            "the course's packages did not load: " + ", ".join(failed) + " (see above)"
        )
    print("Python in your browser is ready: numpy", sys.modules["numpy"].__version__,
          "and matplotlib", sys.modules["matplotlib"].__version__)"""
# Above the setup cell: what a learner sees if Python in the browser cannot start at all (then
# the setup cell never runs, and cannot say so itself).
LITE_START_NOTE = (
    "*JupyterLite runs this notebook with Python inside your browser, which starts with the next "
    "cell (it also installs the course's packages: the first time, that takes a minute). If that "
    "cell never gets a number, or the kernel indicator at the top right stays on \"Unknown\", "
    "Python could not be downloaded here: run the notebook on [Binder]({binder}) or [on your "
    "computer]({install}) instead.*"
)
LITE_NOTE_TAG = "lite-start-note"


def lite_setup_source(file="01_neuron.ipynb", repo="OWNER/nn-from-scratch", ref="HEAD",
                      bundled=False, packages=None, imports=None):
    """The setup cell of a JupyterLite copy: installs `packages` (LITE_PACKAGES) under Pyodide,
    checks that `imports` (LITE_IMPORTS) import, and when one does not, says in the notebook
    what failed, why that usually happens and where else the notebook runs (Binder, named by
    `repo` and `ref`; the local install), then stops Run All with an error. `bundled`: whether
    the site serves Pyodide itself (else it comes from Pyodide's CDN)."""
    return LITE_SETUP_TEMPLATE.format(
        packages=list(packages or LITE_PACKAGES),
        imports=list(imports or LITE_IMPORTS),
        source=FROM_SITE if bundled else FROM_CDN,
        binder=binder_link(file, repo, ref),
        install=install_link(repo),
    )


def install_link(repo):
    """The README's section on installing the course, on GitHub."""
    return f"https://github.com/{repo}#start-here-two-commands"


def without_stored_widgets(notebook):
    """`notebook` without its stored widget state and widget views (in place): its outputs keep
    their picture (each live view stores a PNG of its figure) and text. In JupyterLite the
    widgets come back when the cells run; restoring the stored ones would only download their
    state (a second copy of each picture) and draw stale figures."""
    notebook.metadata.get("widgets", {}).pop(WIDGET_STATE, None)
    if "widgets" in notebook.metadata and not notebook.metadata["widgets"]:
        del notebook.metadata["widgets"]
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
    return notebook


def lite_copy(notebook, file="01_neuron.ipynb", repo="OWNER/nn-from-scratch", ref="HEAD",
              bundled=False):
    """A copy of `notebook` for JupyterLite: just before the first code cell, a note on what
    to do if Python cannot start (LITE_START_NOTE) and the setup cell (lite_setup_source); no
    stored widgets (without_stored_widgets); and the navigation's course map (the README, which
    the JupyterLite site does not hold) named as the file browser, where the notebooks are
    listed in course order."""
    import nbformat

    notebook = without_stored_widgets(copy.deepcopy(notebook))
    for cell in notebook.cells:
        if has_tag(cell, NAVIGATION_TAG):
            cell.source = COURSE_MAP_LINK.sub("Course map: the file browser", cell.source)
    note = nbformat.v4.new_markdown_cell(
        LITE_START_NOTE.format(binder=binder_link(file, repo, ref), install=install_link(repo)),
        metadata={"tags": [LITE_NOTE_TAG]}, id=LITE_NOTE_TAG,
    )
    setup = nbformat.v4.new_code_cell(
        lite_setup_source(file, repo, ref, bundled),
        metadata={"tags": [LITE_SETUP_TAG]}, id=LITE_SETUP_TAG,
    )
    first_code = next(
        (i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"),
        len(notebook.cells),
    )
    notebook.cells[first_code:first_code] = [note, setup]
    return notebook
