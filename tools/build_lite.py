"""Build the course's JupyterLite site (run by `make lite`): JupyterLab and Python (Pyodide) in
the browser, with the notebooks, the data and the wheels they need bundled into the site.

Usage:
  python tools/build_lite.py download WHEELS_DIR   (`make lite`'s setup: needs the network)
  python tools/build_lite.py build WHEELS_DIR [--out build/lite]   (offline)

download: the pure-Python wheels the notebooks need in the browser besides nnlib and what the
  Pyodide distribution has (ipywidgets, ipympl and their pure-Python dependencies), at the
  versions requirements.txt pins, with pip.
build:
1. builds nnlib's wheel from a copy of the source (setuptools, no build isolation: offline);
2. copies the notebooks (each with a first code cell that installs nnlib, ipympl and their
   dependencies when it runs under Pyodide, tools/web_pages.py) and data/ into the contents;
3. runs `jupyter lite build` with lite/ (jupyter_lite_config.json, jupyter-lite.json: the pinned
   Pyodide URL, no fallback to PyPI) as the lite folder; the wheels go into the site's pypi/
   folder (piplite), and the JupyterLab extensions of ipywidgets and ipympl are taken from
   their wheels.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from web_pages import ROOT, lite_copy, stage_copies

LITE_DIR = ROOT / "lite"
# Wheels bundled into the site besides nnlib's: name as in requirements.txt.
# ipympl and ipywidgets (and jupyterlab_widgets) carry the JupyterLab extensions that draw the
# sliders and live figures; comm, traitlets and matplotlib-inline are pure Python. numpy,
# matplotlib and pillow are compiled: they come from the Pyodide distribution. widgetsnbextension
# comes from jupyterlite-pyodide-kernel (an empty stand-in).
BUNDLED = ["ipywidgets", "jupyterlab-widgets", "ipympl", "comm", "traitlets", "matplotlib-inline"]
WITH_LAB_EXTENSION = ["jupyterlab_widgets", "ipympl"]
NNLIB_SOURCES = ["nnlib", "data", "pyproject.toml", "setup.py", "README.md", "LICENSE"]


def pinned_versions(requirements=ROOT / "requirements.txt"):
    """{normalised name: version} of the `name==version` lines of a pip-compiled lock."""
    versions = {}
    for line in requirements.read_text().splitlines():
        requirement = line.split("#")[0].split(";")[0].strip()
        if "==" in requirement:
            name, version = requirement.split("==")
            versions[normalise(name)] = version.strip()
    return versions


def normalise(name):
    return name.strip().lower().replace("_", "-").replace(".", "-")


def download(wheels):
    versions = pinned_versions()
    missing = [name for name in BUNDLED if normalise(name) not in versions]
    if missing:
        sys.exit(f"requirements.txt pins no version of {missing}")
    wheels.mkdir(parents=True, exist_ok=True)
    requirements = [f"{name}=={versions[normalise(name)]}" for name in BUNDLED]
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                    "--only-binary=:all:", "--dest", wheels, *requirements], check=True)
    for path in sorted(wheels.glob("*.whl")):
        print(f"  {path.stat().st_size / 1024:8.1f} KiB  {path.name}")


def build_nnlib_wheel(wheels):
    """nnlib's wheel, built from a copy of the source: setuptools keeps a build/ folder beside
    the source, which must not be ours (nor leave stale modules in a later wheel)."""
    with tempfile.TemporaryDirectory(prefix="nnlib-lite-") as scratch:
        copy = Path(scratch) / "nnlib-source"
        copy.mkdir()
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        for name in NNLIB_SOURCES:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, copy / name, ignore=ignore)
            else:
                shutil.copy2(source, copy / name)
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                        "--no-build-isolation", "--no-index", "--wheel-dir", wheels, copy],
                       check=True)
    (wheel,) = wheels.glob("nnlib-*.whl")
    return wheel


def stage_contents(contents):
    notebooks = stage_copies(contents, lambda notebook, file: lite_copy(notebook))
    shutil.copytree(ROOT / "data", contents / "data",
                    ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    return notebooks


def build(wheels, out):
    started = time.monotonic()
    third_party = {normalise(path.name.split("-")[0]): path for path in wheels.glob("*.whl")
                   if not path.name.startswith("nnlib-")}
    missing = [name for name in BUNDLED if normalise(name) not in third_party]
    if missing:
        sys.exit(f"{wheels} lacks the wheels of {missing}: run `make lite` (its setup fetches "
                 "them) or tools/build_lite.py download")
    staging = ROOT / "build" / "lite-source"
    shutil.rmtree(staging, ignore_errors=True)
    nnlib_wheel = build_nnlib_wheel(staging / "wheels")
    notebooks = stage_contents(staging / "contents")
    # lite/ (committed) plus this build's paths: the staging folder is the lite folder
    shutil.copy2(LITE_DIR / "jupyter-lite.json", staging / "jupyter-lite.json")
    config = json.loads((LITE_DIR / "jupyter_lite_config.json").read_text())
    config["LiteBuildConfig"].update(
        contents=[str(staging / "contents")],
        output_dir=str(out),
        cache_dir=str(ROOT / "build" / "lite-cache"),
        federated_extensions=[str(third_party[normalise(name)]) for name in WITH_LAB_EXTENSION],
    )
    wheels = [nnlib_wheel, *(third_party[normalise(name)] for name in BUNDLED)]
    config["PipliteAddon"] = {"piplite_urls": [str(path) for path in wheels]}
    (staging / "jupyter_lite_config.json").write_text(json.dumps(config, indent=2) + "\n")
    shutil.rmtree(out, ignore_errors=True)
    command = [Path(sys.executable).with_name("jupyter"), "lite", "build", "--lite-dir", staging]
    print("$", " ".join(map(str, command)), flush=True)
    subprocess.run(list(map(str, command)), check=True, cwd=staging)
    print(f"lite: {len(notebooks)} notebooks, {len(wheels)} wheels -> {out} "
          f"in {time.monotonic() - started:.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["download", "build"])
    parser.add_argument("wheels", type=Path, help="folder of the bundled third-party wheels")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "lite")
    args = parser.parse_args()
    if args.action == "download":
        download(args.wheels)
    else:
        build(args.wheels.resolve(), args.out.resolve())


if __name__ == "__main__":
    main()
