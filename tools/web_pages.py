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
LITE_SETUP_TAG = "lite-setup"
# What the first code cell of a JupyterLite copy installs from the wheels bundled into the site
# (their dependencies come from the same bundle or from the Pyodide distribution).
LITE_PACKAGES = ["nnlib", "ipympl", "matplotlib-inline"]


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
    return notebook


LITE_SETUP_SOURCE = f"""\
# JupyterLite only: this cell was added to the copy of the notebook in the JupyterLite site
# (tools/build_lite.py). It installs nnlib and the live figures' packages into Python in your
# browser (Pyodide) from the site itself. In JupyterLab it does nothing.
import sys

if sys.platform == "emscripten":
    import piplite

    await piplite.install({LITE_PACKAGES!r})"""


def lite_copy(notebook):
    """A copy of `notebook` for JupyterLite: the setup cell just before the first code cell, and
    the navigation's course map (the README, which the JupyterLite site does not hold) named as
    the file browser, where the notebooks are listed in course order."""
    import nbformat

    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        if has_tag(cell, NAVIGATION_TAG):
            cell.source = COURSE_MAP_LINK.sub("Course map: the file browser", cell.source)
    setup = nbformat.v4.new_code_cell(
        LITE_SETUP_SOURCE, metadata={"tags": [LITE_SETUP_TAG]}, id=LITE_SETUP_TAG
    )
    first_code = next(
        (i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"),
        len(notebook.cells),
    )
    notebook.cells.insert(first_code, setup)
    return notebook
