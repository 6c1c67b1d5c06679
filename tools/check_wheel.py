"""Check nnlib's wheel the way a learner gets it: installed, not editable, far from this folder.

Usage: python tools/check_wheel.py [--python PYTHON] [--keep]    (run by `make test-wheel`)

1. Builds the sdist, then the wheel from the sdist (so the sdist is complete too), and checks
   that the wheel holds every nnlib package of the source tree and every file of data/.
2. Makes a fresh virtual environment in a temporary folder with PYTHON and installs (with uv)
   the learner's pinned packages (requirements.txt), the wheel, and pytest + nbval at the
   versions requirements-dev.txt pins.
3. Copies the notebooks into the temporary folder and runs nbval on them with that
   environment's Python, from the temporary folder, without PYTHONPATH and without this
   folder on PATH; nnlib must be the one inside the new environment.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTEST_INI = """\
[pytest]
addopts = -ra -p no:cacheprovider
filterwarnings = error
"""


def step(message):
    print(f"\n==> {message}", flush=True)


def run(command, **kwargs):
    print("$", " ".join(map(str, command)), flush=True)
    return subprocess.run(list(map(str, command)), check=True, **kwargs)


def isolated_environment(scratch, venv):
    """os.environ without anything that could lead Python or Jupyter back to this folder."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.pop("VIRTUAL_ENV", None)
    paths = [path for path in env.get("PATH", "").split(os.pathsep) if path]
    paths = [path for path in paths if not Path(path).resolve().is_relative_to(ROOT)]
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *paths])
    for name, folder in [
        ("MPLCONFIGDIR", "matplotlib"),
        ("IPYTHONDIR", "ipython"),
        ("JUPYTER_CONFIG_DIR", "jupyter-config"),
        ("JUPYTER_DATA_DIR", "jupyter-data"),
        ("JUPYTER_RUNTIME_DIR", "jupyter-runtime"),
    ]:
        env[name] = str(scratch / folder)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # debugpy's note would reach kernels' stderr
    return env


def tracked_files(folder):
    """The files git tracks in `folder` (all files there, outside a git checkout)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        listed = [
            path.relative_to(ROOT).as_posix()
            for path in (ROOT / folder).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        ]
    return {Path(name) for name in listed}


def expected_files():
    """What the wheel must hold: every file of nnlib/ (a folder without `__init__.py` is no
    package, and a data file is not package data, unless setup.py says so: this names them),
    and every file of data/ as nnlib/datasets/."""
    modules = {path.as_posix() for path in tracked_files("nnlib")}
    data = {f"nnlib/datasets/{path.name}" for path in tracked_files("data")}
    return modules | data


def check_contents(wheel):
    with zipfile.ZipFile(wheel) as archive:
        infos = archive.infolist()
    print(f"{wheel.name}: {wheel.stat().st_size / 1024:.1f} KiB, {len(infos)} files")
    for info in infos:
        print(f"  {info.file_size:>8}  {info.filename}")
    missing = expected_files() - {info.filename for info in infos}
    if missing:
        sys.exit(f"the wheel lacks {sorted(missing)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="the Python to make the venv")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="nnlib-wheel-")).resolve()
    if scratch.is_relative_to(ROOT):
        sys.exit(f"the temporary folder {scratch} is inside {ROOT}: set TMPDIR elsewhere")
    try:
        check_installed_wheel(scratch, Path(args.python))
    finally:
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def check_installed_wheel(scratch, python):
    step("Building the sdist, and the wheel from it")
    dist = scratch / "dist"
    run([sys.executable, "-m", "build", "--outdir", dist, ROOT], stdout=subprocess.DEVNULL)
    (wheel,) = dist.glob("nnlib-*.whl")
    check_contents(wheel)

    venv = scratch / "venv"
    env = isolated_environment(scratch, venv)
    step(f"Installing it in a fresh virtual environment: {venv}")
    run([python, "-m", "venv", venv], cwd=scratch, env=env)
    # uv (from requirements-dev.txt) installs in seconds what pip takes a minute or two for;
    # `make test` already installs the same lock with pip, the learner's way.
    uv = [Path(sys.executable).with_name("uv"), "pip", "install", "--quiet"]
    uv += ["--python", venv / "bin" / "python"]
    requirements, dev_requirements = ROOT / "requirements.txt", ROOT / "requirements-dev.txt"
    run([*uv, "-r", requirements], cwd=scratch, env=env)
    test_tools = ["-c", requirements, "-c", dev_requirements, "pytest", "nbval"]
    run([*uv, wheel, *test_tools], cwd=scratch, env=env)

    step("Checking that nnlib and its data come from the new environment")
    code = (
        "import importlib.resources, nnlib; "
        "print(nnlib.__file__); print(importlib.resources.files('nnlib.datasets')); "
        "assert len(nnlib.data.load('penguins')) == 344"
    )
    python_in_venv = venv / "bin" / "python"
    found = run([python_in_venv, "-c", code], cwd=scratch, env=env, capture_output=True, text=True)
    where = found.stdout.splitlines()
    print("\n".join(where))
    site_packages = (venv / "lib").resolve()
    for path in where:
        if not Path(path).resolve().is_relative_to(site_packages):
            sys.exit(f"{path} is not inside {site_packages}: the test would not test the wheel")

    step("nbval on copies of the notebooks, against the installed wheel")
    ignore = shutil.ignore_patterns(".ipynb_checkpoints")
    shutil.copytree(ROOT / "notebooks", scratch / "notebooks", ignore=ignore)
    (scratch / "pytest.ini").write_text(PYTEST_INI)
    notebooks = sorted(path.name for path in (scratch / "notebooks").glob("*.ipynb"))
    if not notebooks:
        sys.exit("no notebooks to test")
    nbval = [python_in_venv, "-m", "pytest", "--nbval", "--nbval-current-env"]
    run([*nbval, *[f"notebooks/{name}" for name in notebooks]], cwd=scratch, env=env)


if __name__ == "__main__":
    main()
