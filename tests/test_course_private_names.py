"""Private upstream names live in one module: no module of the course kit but
nnlib/course/ipympl_glue.py reads or writes an attribute of matplotlib, ipympl or ipywidgets
whose name starts with an underscore (as `canvas._force_full = True` once did in four places).
Read from the syntax tree: an attribute access `x._name` (a dunder such as `__init__` is not
private) anywhere in the module, or an import of a private name or module."""

import ast
from pathlib import Path

import pytest

import nnlib

COURSE = Path(nnlib.__file__).parent / "course"
GLUE = COURSE / "ipympl_glue.py"
MODULES = sorted(path for path in COURSE.rglob("*.py") if path != GLUE)


def private(name):
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def own_attributes(tree):
    """Names the module defines itself: its classes' methods and attributes set on `self`."""
    own = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            own.add(node.name)
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id == "self" and isinstance(node.ctx, ast.Store)):
            own.add(node.attr)
    return own


def private_upstream_names(source):
    """(line, text) of each private name the source touches that it does not define itself."""
    tree = ast.parse(source)
    own = own_attributes(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and private(node.attr) and node.attr not in own:
            found.append((node.lineno, f".{node.attr}"))
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            names = [alias.name for alias in node.names]
            if any(private(part) for part in parts) or any(private(name) for name in names):
                found.append((node.lineno, f"from {node.module} import {', '.join(names)}"))
    return found


def test_the_check_finds_a_private_attribute_set_on_a_canvas():
    source = "def paint(canvas):\n    canvas._force_full = True\n    canvas.draw()\n"
    assert private_upstream_names(source) == [(2, "._force_full")]


def test_the_check_finds_a_private_import_and_leaves_own_names_alone():
    source = (
        "from matplotlib._api import check_in_list\n"
        "class Painter:\n"
        "    def __init__(self):\n"
        "        self._background = None\n"
        "    def paint(self):\n"
        "        return self._background, self._overlay()\n"
        "    def _overlay(self):\n"
        "        return super().__init__()\n"
    )
    assert private_upstream_names(source) == [(1, "from matplotlib._api import check_in_list")]


def test_the_glue_is_where_the_private_names_are():
    assert private_upstream_names(GLUE.read_text())  # else this test checks nothing


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(COURSE)))
def test_no_other_course_module_touches_a_private_upstream_name(path):
    found = private_upstream_names(path.read_text())
    assert not found, (
        f"{path.name} touches private names of matplotlib / ipympl / ipywidgets (move the "
        "workaround into nnlib/course/ipympl_glue.py, with the upstream code it works "
        "around): " + "; ".join(f"line {line}: {text}" for line, text in found)
    )
