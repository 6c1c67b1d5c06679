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
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pyodide_bundle
from web_pages import LITE_PACKAGES, ROOT, lite_copy, placeholder_warning, stage_copies

LITE_DIR = ROOT / "lite"
# Wheels bundled into the site besides nnlib's: name as in requirements.txt. Only what the kernel
# installs from the site: ipympl and ipywidgets (with jupyterlab_widgets, which also carry the
# JupyterLab extensions that draw the sliders and live figures) and comm (pure Python, which the
# Pyodide kernel installs when it starts). numpy, matplotlib, pillow, traitlets and
# matplotlib-inline come from the Pyodide distribution (the kernel loads its own traitlets and
# matplotlib-inline before any notebook runs: wheels of them here would never be installed);
# widgetsnbextension comes from jupyterlite-pyodide-kernel (an empty stand-in).
BUNDLED = ["ipywidgets", "jupyterlab-widgets", "ipympl", "comm"]
WITH_LAB_EXTENSION = ["jupyterlab_widgets", "ipympl"]
# What the kernel never reads in those wheels: the JupyterLab / notebook extensions' JavaScript
# (the site serves them from the unchanged wheels, as lab extensions), source maps, tests.
NOT_FOR_THE_KERNEL = re.compile(
    r"(^[^/]+\.data/data/share/jupyter/|/labextension/|/nbextension/|\.js\.map$|/tests/)"
)
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


def kernel_copy(wheel, folder):
    """A copy of `wheel` in `folder` (same name) without what the kernel never reads
    (NOT_FOR_THE_KERNEL): a first visit downloads every wheel the setup cell installs."""
    target = Path(folder) / Path(wheel).name
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as copy:
        for info in source.infolist():
            if NOT_FOR_THE_KERNEL.search(info.filename):
                continue
            data = source.read(info)
            if info.filename.endswith(".dist-info/RECORD"):
                data = "".join(line for line in data.decode("utf-8").splitlines(keepends=True)
                               if not NOT_FOR_THE_KERNEL.search(line.split(",")[0])).encode()
            copy.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return target


KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"


def keep_kernel_settings(built):
    """Put back into the built jupyter-lite.json the kernel settings of lite/jupyter-lite.json
    that the build dropped (jupyterlite-pyodide-kernel 0.6 rewrites them when it bundles
    Pyodide, losing disablePyPIFallback); the build's own (pyodideUrl, pipliteUrls) stay."""
    ours = json.loads((LITE_DIR / "jupyter-lite.json").read_text())
    wanted = ours["jupyter-config-data"]["litePluginSettings"][KERNEL_PLUGIN]
    config = json.loads(Path(built).read_text())
    settings = config["jupyter-config-data"].setdefault("litePluginSettings", {})
    kernel = settings.setdefault(KERNEL_PLUGIN, {})
    missing = {key: value for key, value in wanted.items() if key not in kernel}
    if missing:
        kernel.update(missing)
        Path(built).write_text(json.dumps(config, indent=2) + "\n")


def small_icon(path, largest=32):
    """Keep only the images of at most `largest` px of the ICO file at `path` (JupyterLite's
    lab/favicon.ico holds ten, up to 256 px: 312 KiB that every first visit downloads for a
    browser tab's icon)."""
    data = Path(path).read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    images = []
    for index in range(count):
        entry = data[6 + 16 * index: 22 + 16 * index]
        width = entry[0] or 256  # 0 means 256
        size, offset = struct.unpack_from("<II", entry, 8)
        if width <= largest:
            images.append((entry[:8], data[offset: offset + size]))
    if not images or len(images) == count:
        return
    offset = 6 + 16 * len(images)
    header = struct.pack("<HHH", reserved, kind, len(images))
    entries, payload = b"", b""
    for entry, image in images:
        entries += entry + struct.pack("<II", len(image), offset + len(payload))
        payload += image
    Path(path).write_bytes(header + entries + payload)


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


def stage_contents(contents, repo, ref, bundled):
    notebooks = stage_copies(
        contents, lambda notebook, file: lite_copy(notebook, file, repo, ref, bundled)
    )
    shutil.copytree(ROOT / "data", contents / "data",
                    ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    return notebooks


# The Pyodide kernel's JupyterLab extension, as jupyterlite-pyodide-kernel installed it: its
# worker scripts and its own piplite index (ipykernel, pyodide-kernel, piplite, ...).
KERNEL_EXTENSION = (Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyterlite"
                    / "pyodide-kernel-extension" / "static")


def kernel_wheels():
    """{name: path} of the wheels the Pyodide kernel's own piplite index serves."""
    return {pyodide_bundle.wheel_name(path): path
            for path in (KERNEL_EXTENSION / "pypi").glob("*.whl")}


def bundle_pyodide(distribution, staging, wheels, require_pinned):
    """The needed part of a Pyodide release in the lite folder's static/pyodide/, where
    jupyterlite-pyodide-kernel's build takes it from (and points the kernel at it)."""
    print(f"Bundling Pyodide from {distribution}", flush=True)
    folder = pyodide_bundle.find_distribution(distribution, ROOT / "build" / "lite-pyodide")
    served = {**kernel_wheels(), **{pyodide_bundle.wheel_name(path): path for path in wheels}}
    summary = pyodide_bundle.bundle(
        folder, staging / "static" / "pyodide", served,
        roots=[*pyodide_bundle.kernel_packages(KERNEL_EXTENSION.glob("*.js")), *LITE_PACKAGES],
        manifest=pyodide_bundle.read_manifest(LITE_DIR / "pyodide.sha256"),
        require_pinned=require_pinned,
    )
    print(f"  Pyodide {summary['version']}: the runtime and {len(summary['packages'])} packages "
          f"({summary['bytes'] / 2**20:.1f} MiB): {', '.join(summary['packages'])}")
    python = pyodide_bundle.read_lock(folder).get("info", {}).get("python", "")
    wanted = kernel_python()
    if python and wanted and not wanted.contains(python):
        print(f"  note: the Pyodide kernel's own wheels declare Python {wanted}; Pyodide "
              f"{summary['version']} has Python {python}. If the kernel does not start, bundle "
              "a Pyodide whose Python they support (jupyterlite-pyodide-kernel 0.8 needs "
              "Pyodide 314, Python 3.14)")
    return summary


def kernel_python():
    """The Python versions the Pyodide kernel's own wheels declare (pyodide-kernel's
    Requires-Python, a SpecifierSet), or None."""
    from packaging.specifiers import SpecifierSet

    for path in (KERNEL_EXTENSION / "pypi").glob("pyodide_kernel-*.whl"):
        with zipfile.ZipFile(path) as archive:
            (metadata,) = [name for name in archive.namelist()
                           if name.endswith(".dist-info/METADATA")]
            for line in archive.read(metadata).decode().splitlines():
                if line.startswith("Requires-Python:"):
                    return SpecifierSet(line.split(":", 1)[1].strip())
    return None


def build(wheels, out, repo, ref="HEAD", pyodide=None, require_pinned=False):
    started = time.monotonic()
    if placeholder_warning(repo):
        print(placeholder_warning(repo), file=sys.stderr)
    third_party = {normalise(path.name.split("-")[0]): path for path in wheels.glob("*.whl")
                   if not path.name.startswith("nnlib-")}
    missing = [name for name in BUNDLED if normalise(name) not in third_party]
    if missing:
        sys.exit(f"{wheels} lacks the wheels of {missing}: run `make lite` (its setup fetches "
                 "them) or tools/build_lite.py download")
    staging = ROOT / "build" / "lite-source"
    shutil.rmtree(staging, ignore_errors=True)
    nnlib_wheel = build_nnlib_wheel(staging / "wheels")
    notebooks = stage_contents(staging / "contents", repo, ref, bundled=bool(pyodide))
    # lite/ (committed) plus this build's paths: the staging folder is the lite folder
    shutil.copy2(LITE_DIR / "jupyter-lite.json", staging / "jupyter-lite.json")
    if (LITE_DIR / "overrides.json").is_file():  # JupyterLab settings, if a publisher adds some
        shutil.copy2(LITE_DIR / "overrides.json", staging / "overrides.json")
    wheels = [nnlib_wheel, *(kernel_copy(third_party[normalise(name)], staging / "wheels")
                             for name in BUNDLED)]
    if pyodide:
        bundle_pyodide(pyodide, staging, wheels, require_pinned)
    config = json.loads((LITE_DIR / "jupyter_lite_config.json").read_text())
    config["LiteBuildConfig"].update(
        contents=[str(staging / "contents")],
        output_dir=str(out),
        cache_dir=str(ROOT / "build" / "lite-cache"),
        federated_extensions=[str(third_party[normalise(name)]) for name in WITH_LAB_EXTENSION],
    )
    config["PipliteAddon"] = {"piplite_urls": [str(path) for path in wheels]}
    (staging / "jupyter_lite_config.json").write_text(json.dumps(config, indent=2) + "\n")
    shutil.rmtree(out, ignore_errors=True)
    command = [Path(sys.executable).with_name("jupyter"), "lite", "build", "--lite-dir", staging]
    print("$", " ".join(map(str, command)), flush=True)
    subprocess.run(list(map(str, command)), check=True, cwd=staging)
    for icon in out.glob("*/favicon.ico"):
        small_icon(icon)
    keep_kernel_settings(out / "jupyter-lite.json")
    print(f"lite: {len(notebooks)} notebooks, {len(wheels)} wheels -> {out} "
          f"in {time.monotonic() - started:.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["download", "build"])
    parser.add_argument("wheels", type=Path, help="folder of the bundled third-party wheels")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "lite")
    parser.add_argument("--repo", default="OWNER/nn-from-scratch",
                        help="the GitHub repository (owner/name) the notebooks' Binder and "
                        "install links name; Makefile: REPO")
    parser.add_argument("--ref", default="HEAD", help="the branch or tag Binder builds")
    parser.add_argument("--pyodide", type=Path,
                        help="a Pyodide release (tarball or folder) to bundle into the site")
    parser.add_argument("--require-pinned", action="store_true",
                        help="refuse a Pyodide other than the release lite/pyodide.sha256 pins")
    args = parser.parse_args()
    if args.action == "download":
        download(args.wheels)
    else:
        build(args.wheels.resolve(), args.out.resolve(), args.repo, args.ref,
              args.pyodide.resolve() if args.pyodide else None, args.require_pinned)


if __name__ == "__main__":
    main()
