"""Write what follows the course's list of notebooks (notebooks/course.toml): the navigation
cells (previous / course map / next) at the top and bottom of every notebook, and the course
map in README.md (between its two `course-map` markers). Re-running it replaces what it wrote.

Usage: python tools/navigation.py [notebooks/NN_name.ipynb ...]   (default: all of them)
       python tools/navigation.py --check   (changes nothing; exits 1, naming what is stale)
"""

import sys
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "notebooks"
REGISTRY = FOLDER / "course.toml"
README = ROOT / "README.md"
TAG = "navigation"
MAP_START = "<!-- course-map: written by tools/navigation.py from notebooks/course.toml -->"
MAP_END = "<!-- /course-map -->"


def registry(path=REGISTRY):
    """The course's notebooks in order: one dict per notebook (file, title, leave_knowing)."""
    with open(path, "rb") as file:
        return tomllib.load(file)["notebook"]


NOTEBOOKS = [(entry["file"], entry["title"]) for entry in registry()]  # (file name, title)


def navigation_text(index):
    """One line of links for the notebook at position `index` in NOTEBOOKS."""
    links = ["[Course map](../README.md#the-course-map)"]
    if index > 0:
        file, title = NOTEBOOKS[index - 1]
        links.insert(0, f"< [{title}]({file})")
    if index + 1 < len(NOTEBOOKS):
        file, title = NOTEBOOKS[index + 1]
        links.append(f"[{title}]({file}) >")
    return "*Neural Networks from Scratch* · " + " | ".join(links)


def course_map():
    """The README's table of the notebooks, with what a learner leaves knowing."""
    rows = [
        f"| [{entry['title']}](notebooks/{entry['file']}) | {entry['leave_knowing']} |"
        for entry in registry()
    ]
    return "\n".join(["| notebook | you will leave knowing |", "| --- | --- |", *rows])


def with_navigation(notebook, index):
    """`notebook` with fresh navigation cells, and whether they changed."""
    text = navigation_text(index)
    cells = [c for c in notebook.cells if TAG not in c.get("metadata", {}).get("tags", [])]
    old = [c.source for c in notebook.cells if TAG in c.get("metadata", {}).get("tags", [])]
    if old == [text, text] and notebook.cells[0].source == text:
        return notebook, False
    top = nbformat.v4.new_markdown_cell(text, metadata={"tags": [TAG]}, id="navigation-top")
    bottom = nbformat.v4.new_markdown_cell(text, metadata={"tags": [TAG]}, id="navigation-bottom")
    notebook.cells = [top, *cells, bottom]
    return notebook, True


def with_course_map(readme):
    """The README's text with a fresh course map between its markers, and whether it changed."""
    if readme.count(MAP_START) != 1 or readme.count(MAP_END) != 1:
        raise SystemExit(f"README.md needs one line {MAP_START!r} and one {MAP_END!r}")
    before, rest = readme.split(MAP_START)
    _, after = rest.split(MAP_END)
    fresh = f"{before}{MAP_START}\n\n{course_map()}\n\n{MAP_END}{after}"
    return fresh, fresh != readme


def main(arguments):
    check = "--check" in arguments
    names = {Path(argument).name for argument in arguments if argument != "--check"}
    stale = []
    for index, (file, _) in enumerate(NOTEBOOKS):
        path = FOLDER / file
        if (names and file not in names) or not path.exists():
            continue
        notebook, changed = with_navigation(nbformat.read(path, as_version=4), index)
        if changed:
            stale.append(f"{path.name}: navigation cells")
            if not check:
                nbformat.write(notebook, path)
    readme, changed = with_course_map(README.read_text())
    if changed:
        stale.append("README.md: course map")
        if not check:
            README.write_text(readme)
    for line in stale:
        print(f"{'stale' if check else 'written'}: {line}")
    if check and stale:
        print("run `python tools/navigation.py`")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
