"""Run the live figures' glue and blitting tests against other matplotlib / ipympl releases than
the lock's: the ones JupyterLite's Pyodide runs, and the lowest ones nnlib declares.

Usage: python tools/test_upstream_versions.py [NAME ...]   (`make test-upstream`; default: all)

For each set below, a venv of its own under .venv-upstream/NAME (made once, kept while the set
is unchanged) gets exactly those versions, pytest, and nnlib from this folder (editable, no
dependencies), then runs the TESTS in it. Only what those tests import is installed, so a set
installs from nothing in seconds with uv (about a minute with pip) and reruns in seconds.
Exits non-zero if any set fails.
"""

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENVS = ROOT / ".venv-upstream"
TESTS = ["tests/test_course_ipympl_glue.py", "tests/test_course_explore.py",
         "tests/test_course_png.py"]
PYTEST = "pytest==9.2.0"  # as requirements-dev.txt

# name -> (why this set, the packages the tests import, at these versions)
SETS = {
    # The JupyterLite kernel: Pyodide 314.0.6 ships matplotlib 3.10.8 (and numpy, pillow); the
    # site bundles ipympl and ipywidgets at requirements.txt's versions (tools/build_lite.py).
    "pyodide": ("matplotlib as in Pyodide 314.0.6, ipympl / ipywidgets as the lite site bundles",
                ["matplotlib==3.10.8", "ipympl==0.10.0", "ipywidgets==8.1.9", "numpy==2.4.6"]),
    # The lowest versions pyproject.toml declares (its [notebooks] extra and numpy>=2), raised
    # to what passes here: matplotlib 3.8 cannot import with numpy 2, and with 3.9.0 a blitted
    # frame of notebook 06's view differs from a full draw (0.07 % of its pixels); ipympl 0.9.2
    # is the first that allows ipywidgets 8; ipywidgets 8.1.0 the first that makes its comms
    # with the `comm` package (8.0's ipykernel comms fail with ipykernel 7). pyparsing as in
    # matplotlib 3.10.0's time: later ones warn about names it uses while it imports.
    "floors": ("the lowest versions pyproject.toml allows",
               ["matplotlib==3.10.0", "ipympl==0.9.2", "ipywidgets==8.1.0", "numpy==2.0.0",
                "pyparsing==3.2.0"]),
}


def venv_for(name, packages):
    """The set's venv, made and filled if it is missing or was made for other packages."""
    folder = VENVS / name
    python = folder / "bin" / "python"
    stamp = folder / ".installed"
    wanted = hashlib.sha256("\n".join([sys.version, PYTEST, *packages]).encode()).hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    uv = os.environ.get("UV")  # make test-upstream passes the maintainer's venv's uv
    if uv:  # the same packages as pip would pick, in seconds instead of a minute
        subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, folder], check=True)
        pip = [uv, "pip", "install", "--quiet", "--python", python]
    else:
        subprocess.run([sys.executable, "-m", "venv", "--clear", folder], check=True)
        pip = [python, "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    subprocess.run([*pip, *packages, PYTEST], check=True)
    # nnlib itself, without dependencies: the versions above are the point
    subprocess.run([*pip, "--no-deps", "-e", ROOT], check=True,
                   env={**os.environ, "PYTHONWARNINGS": "ignore:Editable installation:UserWarning"})
    stamp.write_text(wanted)
    return python


def installed(python):
    """'name version' of the packages under test, as the venv has them."""
    code = ("import matplotlib, ipympl, ipywidgets, numpy; print('matplotlib', "
            "matplotlib.__version__, '/ ipympl', ipympl.__version__, '/ ipywidgets', "
            "ipywidgets.__version__, '/ numpy', numpy.__version__)")
    return subprocess.run([python, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def main(names):
    failed = []
    for name in names or SETS:
        why, packages = SETS[name]
        start = time.perf_counter()
        python = venv_for(name, packages)
        print(f"==> {name}: {why}: {installed(python)}", flush=True)
        done = subprocess.run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *TESTS],
                              cwd=ROOT, check=False,
                              env={"PATH": f"{python.parent}:/usr/bin:/bin",
                                   "MPLCONFIGDIR": str(python.parent.parent / "matplotlib"),
                                   "HOME": str(python.parent.parent)})
        print(f"==> {name}: {'passed' if done.returncode == 0 else 'FAILED'} "
              f"in {time.perf_counter() - start:.0f} s", flush=True)
        if done.returncode:
            failed.append(name)
    if failed:
        sys.exit(f"failed against: {', '.join(failed)}")


if __name__ == "__main__":
    unknown = [name for name in sys.argv[1:] if name not in SETS]
    if unknown:
        sys.exit(f"unknown set(s) {unknown}; known: {', '.join(SETS)}")
    main(sys.argv[1:])
