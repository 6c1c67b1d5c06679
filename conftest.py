"""A check added to nbval's run of the notebooks (`make test`): every figure a notebook shows is
drawn whole, nothing of it cut off (tests/figures_whole.py says what counts as cut).

nbval runs each notebook's cells in a kernel and compares their text outputs, not their pictures.
Before a notebook's first cell, this puts the check into that kernel, in front of IPython's
`print_figure` (what `%matplotlib inline` uses to turn a figure into the PNG stored in the
notebook); after every cell it asks the kernel what the check found and fails the cell if a
figure it showed was not whole. The live views' figures are checked on their own
(tests/test_figures_whole.py). Loaded by pytest for every run under this folder; it does
nothing for tests that are not nbval's cells.
"""

import ast
from pathlib import Path

import pytest

CHECK = Path(__file__).resolve().parent / "tests" / "figures_whole.py"

# Runs in the notebook's kernel, before its first cell.
INSTALL = """
def _install_figure_check(source):
    import sys, types
    import IPython.core.pylabtools as pylabtools
    module = types.ModuleType("course_figures_whole")
    exec(source, module.__dict__)
    found = []
    shown = pylabtools.print_figure

    def print_figure(fig, fmt="png", bbox_inches="tight", base64=False, **kwargs):
        # a figure saved to its tight box grows to hold what reaches out of it: not cut
        found.extend(module.cut_artists(fig, saved_tight=bbox_inches == "tight"))
        return shown(fig, fmt, bbox_inches, base64, **kwargs)

    def take():
        taken = found.copy()
        found.clear()
        return taken

    module.take = take

    pylabtools.print_figure = print_figure  # %matplotlib inline binds it when it starts
    sys.modules[module.__name__] = module


_install_figure_check({source!r})
del _install_figure_check
"""
TAKE = "__import__('sys').modules['course_figures_whole'].take()"


def _in_kernel(kernel, code="", expression=None, timeout=60):
    """Run `code` silently in nbval's kernel; return the repr of `expression` (if given)."""
    expressions = {"value": expression} if expression else {}
    msg_id = kernel.kc.execute(code, silent=True, store_history=False,
                               user_expressions=expressions, allow_stdin=False)
    while True:
        reply = kernel.kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    content = reply["content"]
    if content["status"] != "ok":
        raise RuntimeError(f"the figure check failed in the kernel: {content.get('evalue')}")
    if expression:
        value = content["user_expressions"]["value"]
        if value["status"] != "ok":
            raise RuntimeError(f"the figure check failed in the kernel: {value.get('evalue')}")
        return value["data"]["text/plain"]
    return None


def _is_nbval_cell(item):
    return type(item).__name__ == "IPyNbCell" and hasattr(item.parent, "kernel")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    if not _is_nbval_cell(item) or item.parent.kernel is None:
        return (yield)
    kernel = item.parent.kernel
    if not getattr(item.parent, "figure_check_installed", False):
        _in_kernel(kernel, INSTALL.format(source=CHECK.read_text()))
        item.parent.figure_check_installed = True
    result = yield
    found = ast.literal_eval(_in_kernel(kernel, expression=TAKE))
    if found:
        from nbval.plugin import NbCellError

        raise NbCellError(
            item.cell_num,
            "a figure this cell shows is not whole (tests/figures_whole.py):\n  "
            + "\n  ".join(found),
            item.cell.source,
        )
    return result
