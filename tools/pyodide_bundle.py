"""A Pyodide distribution bundled into the JupyterLite site (`make lite PYODIDE=...`), so that the
site loads nothing from outside itself: the runtime (pyodide.mjs, its WebAssembly and the Python
standard library) and only the Pyodide packages the kernel and the course load, with a
pyodide-lock.json that lists just those.

The distribution is a Pyodide release as published (the `pyodide-X.tar.bz2` of Pyodide's GitHub
releases, or any tarball or folder laid out the same way: pyodide.mjs and pyodide-lock.json side
by side, the package files beside them). Every package file is checked against the sha256 its
lock file gives. The runtime files and the lock file of the release the site pins are checked
against lite/pyodide.sha256; a distribution of another release is bundled with a note saying
its runtime files were not checked (that is how a local test uses another Pyodide), or refused
with `require_pinned` (the GitHub Pages workflow).

Which packages: the closure, over the lock's `depends` and the wheels' `Requires-Dist`, of what
the kernel installs when it starts (micropip, then piplite's ipykernel, comm, pyodide-kernel,
jedi and ipython) and what the setup cell of the course's notebooks installs (nnlib and the live
figures' packages, which bring numpy and matplotlib).
"""

import hashlib
import json
import re
import shutil
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import InvalidRequirement, Requirement

LOCK = "pyodide-lock.json"
# The runtime: the ES module loader (pyodide.mjs, what the 0.8 kernels load) and the classic one
# (pyodide.js, for older kernels), the WebAssembly half and its JavaScript glue, the standard
# library. Everything else at the top of a release is packages, docs, type stubs, source maps.
RUNTIME = ["pyodide.mjs", "pyodide.js", "pyodide.asm.mjs", "pyodide.asm.js", "pyodide.asm.wasm",
           "python_stdlib.zip"]
# What the Pyodide kernel installs when it starts, after loadPackage(["micropip"]) and micropip's
# install of the piplite wheel (jupyterlite-pyodide-kernel's worker: initPackageManager, then
# initKernel's list, which kernel_packages() reads from the worker the build uses: 0.8's is
# these, 0.6's adds ssl and sqlite3).
KERNEL_PACKAGES = ["micropip", "piplite", "ipykernel", "comm", "pyodide-kernel", "jedi",
                   "ipython"]
NAME = r"""["'][\w.-]+["']"""
INIT_KERNEL_LIST = re.compile(rf"""\[((?:{NAME},\s*)*["']ipykernel["'](?:,\s*{NAME})*)\]""")
NOTICE = """\
Pyodide {version}: Python compiled to WebAssembly, bundled into this site by tools/build_lite.py
(`make lite PYODIDE=...`) from a Pyodide release, with only the packages the course uses.
Pyodide is under the Mozilla Public License 2.0; its source, and that of the packages it builds,
is at https://github.com/pyodide/pyodide (tag {version}). Each package's wheel carries its own
licence in its .dist-info folder.
"""


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def kernel_packages(worker_scripts):
    """KERNEL_PACKAGES and the list the kernel's worker installs at start (read from its
    JavaScript: the array literal that names ipykernel)."""
    found = list(KERNEL_PACKAGES)
    for script in worker_scripts:
        for match in INIT_KERNEL_LIST.finditer(Path(script).read_text(errors="replace")):
            found += re.findall(r"[\w.-]+", match[1])
    return sorted({normalise(name) for name in found})


def find_distribution(path, scratch):
    """The folder holding pyodide-lock.json and pyodide.mjs, from a release folder or tarball.

    A tarball is unpacked into `scratch` (once per tarball: a stamp of its size and time)."""
    path = Path(path)
    if not path.exists():
        sys.exit(f"PYODIDE={path}: no such file or folder")
    if path.is_file():
        if not tarfile.is_tarfile(path):
            sys.exit(f"PYODIDE={path} is neither a folder nor a tarball (.tar.bz2, .tar.gz)")
        scratch = Path(scratch)
        stamp = f"{path.resolve()} {path.stat().st_size} {path.stat().st_mtime_ns}"
        if not (scratch / ".unpacked").is_file() or (scratch / ".unpacked").read_text() != stamp:
            shutil.rmtree(scratch, ignore_errors=True)
            scratch.mkdir(parents=True)
            print(f"  unpacking {path.name} into {scratch}", flush=True)
            with tarfile.open(path) as archive:
                archive.extractall(scratch, filter="data")
            (scratch / ".unpacked").write_text(stamp)
        path = scratch
    candidates = sorted(lock.parent for lock in path.glob(f"**/{LOCK}")
                        if (lock.parent / "pyodide.mjs").is_file()
                        or (lock.parent / "pyodide.js").is_file())
    if not candidates:
        sys.exit(f"PYODIDE={path} holds no Pyodide distribution ({LOCK} beside pyodide.mjs)")
    return min(candidates, key=lambda folder: len(folder.parts))


def read_lock(folder):
    return json.loads((Path(folder) / LOCK).read_text())


def release_version(folder, lock):
    """The distribution's version, as far as it says (lock info, package.json, pyodide.mjs)."""
    if lock.get("info", {}).get("version"):
        return lock["info"]["version"]
    package = Path(folder) / "package.json"
    if package.is_file():
        return json.loads(package.read_text()).get("version", "unknown")
    loader = Path(folder) / "pyodide.mjs"
    found = re.search(r'version\s*[:=]\s*"([\d.]+[\w.]*)"', loader.read_text(errors="replace"))
    return found[1] if found else "unknown"


def wheel_requirements(wheel):
    """Requires-Dist of a wheel file (the lines of its METADATA)."""
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [name for name in archive.namelist()
                       if name.count("/") == 1 and name.endswith(".dist-info/METADATA")]
        text = archive.read(metadata).decode("utf-8")
    return Parser().parsestr(text).get_all("Requires-Dist") or []


def pyodide_environment(lock):
    """Marker values of the browser's Python (for Requires-Dist's `; sys_platform != ...`)."""
    environment = default_environment()
    python = lock.get("info", {}).get("python", "3.12.0")
    environment.update(
        sys_platform="emscripten", platform_system="Emscripten", os_name="posix",
        platform_machine="wasm32", implementation_name="cpython",
        platform_python_implementation="CPython", python_full_version=python,
        python_version=".".join(python.split(".")[:2]),
    )
    return environment


def wheel_name(path):
    return normalise(Path(path).name.split("-")[0])


def needed_packages(lock, wheels, roots):
    """The names (as in the lock) of the Pyodide packages that installing `roots` loads.

    `wheels`: {normalised name: wheel path} of the wheels piplite serves (the kernel's and the
    site's); their Requires-Dist lead on. A name in the lock leads on by the lock's `depends`.
    Returns (names in the lock, names found nowhere)."""
    packages = {normalise(name): name for name in lock["packages"]}
    environment = pyodide_environment(lock)
    needed, unknown, seen = set(), set(), set()
    pending = [normalise(root) for root in roots]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in packages:
            needed.add(packages[name])
            pending += [normalise(dep) for dep in lock["packages"][packages[name]]["depends"]]
        if name in wheels:
            for line in wheel_requirements(wheels[name]):
                try:
                    requirement = Requirement(line)
                except InvalidRequirement:
                    continue
                marker = requirement.marker
                if marker is None or marker.evaluate({**environment, "extra": ""}):
                    pending.append(normalise(requirement.name))
        if name not in packages and name not in wheels:
            unknown.add(name)
    return needed, unknown


def read_manifest(path):
    """{file name: sha256} of a `sha256sum` file (comments with # allowed)."""
    manifest = {}
    for line in Path(path).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            digest, name = line.split(maxsplit=1)
            manifest[name.lstrip("*")] = digest
    return manifest


def matches_manifest(folder, manifest):
    """The files of `manifest` that `folder` lacks or holds with another checksum."""
    return [name for name, digest in manifest.items()
            if not (Path(folder) / name).is_file() or sha256(Path(folder) / name) != digest]


def bundle(distribution, destination, wheels, roots, manifest=None, require_pinned=False):
    """Copy the runtime and the needed packages of `distribution` into `destination`, with a lock
    listing only those; returns a summary {version, packages, bytes, pinned}."""
    distribution, destination = Path(distribution), Path(destination)
    lock = read_lock(distribution)
    version = release_version(distribution, lock)
    pinned = False
    if manifest:
        differ = matches_manifest(distribution, manifest)
        pinned = not differ
        if differ and require_pinned:
            sys.exit(f"the Pyodide distribution ({version}) is not the pinned release: "
                     f"{', '.join(differ)} missing or with another sha256 than lite/pyodide.sha256")
        if differ:
            print(f"  note: Pyodide {version} is not the release lite/pyodide.sha256 pins; its "
                  "runtime files are bundled unchecked (package files are checked against its "
                  "lock file)")
    needed, unknown = needed_packages(lock, wheels, roots)
    if unknown:
        print(f"  requirements found neither in {LOCK} nor in the site's wheels (skipped): "
              f"{', '.join(sorted(unknown))}")
    shutil.rmtree(destination, ignore_errors=True)
    destination.mkdir(parents=True)
    copied = 0
    for name in RUNTIME:
        if (distribution / name).is_file():
            shutil.copy2(distribution / name, destination / name)
            copied += (destination / name).stat().st_size
    if not (destination / "pyodide.mjs").is_file() and not (destination / "pyodide.js").is_file():
        sys.exit(f"{distribution} has neither pyodide.mjs nor pyodide.js")
    pruned = {**lock, "packages": {}}
    for name in sorted(needed):
        entry = lock["packages"][name]
        file_name = entry["file_name"]
        if re.match(r"^[a-z]+://", file_name) or file_name.startswith("/"):
            sys.exit(f"{LOCK} gives {name} at {file_name}: only packages beside the lock file "
                     "can be bundled")
        source = distribution / file_name
        if not source.is_file():
            sys.exit(f"the Pyodide distribution lacks {file_name} ({name}), which the course "
                     "needs: use a full release (pyodide-X.tar.bz2), not the core one")
        if entry.get("sha256") and sha256(source) != entry["sha256"]:
            sys.exit(f"{file_name}: its sha256 differs from the one {LOCK} gives")
        target = destination / file_name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        copied += target.stat().st_size
        pruned["packages"][name] = entry
    (destination / LOCK).write_text(json.dumps(pruned, separators=(",", ":")) + "\n")
    (destination / "README.md").write_text(NOTICE.format(version=version))
    return {"version": version, "packages": sorted(needed), "bytes": copied, "pinned": pinned}
