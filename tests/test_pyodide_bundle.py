"""Bundling a Pyodide release into the JupyterLite site (tools/pyodide_bundle.py) and the other
parts of `make lite` that shape what a first visit downloads (tools/build_lite.py): checked on
small distributions, wheels and icons made here."""

import hashlib
import json
import re
import struct
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_lite  # noqa: E402
import pyodide_bundle  # noqa: E402
import web_pages  # noqa: E402


def make_wheel(folder, name, version="1.0", requires=(), files=None):
    """A wheel `name-version-py3-none-any.whl` with METADATA's Requires-Dist lines and
    `files` ({path in the wheel: text}); its RECORD lists every file."""
    path = Path(folder) / f"{name}-{version}-py3-none-any.whl"
    info = f"{name}-{version}.dist-info"
    files = {f"{name}/__init__.py": "", **(files or {})}
    metadata = "Metadata-Version: 2.1\nName: {}\nVersion: {}\n{}".format(
        name, version, "".join(f"Requires-Dist: {line}\n" for line in requires))
    contents = {**files, f"{info}/METADATA": metadata, f"{info}/WHEEL": "Wheel-Version: 1.0\n"}
    record = "".join(f"{file},sha256=x,{len(text)}\n" for file, text in contents.items())
    contents[f"{info}/RECORD"] = record + f"{info}/RECORD,,\n"
    with zipfile.ZipFile(path, "w") as archive:
        for file, text in contents.items():
            archive.writestr(file, text)
    return path


def make_distribution(folder, packages, python="3.12.7"):
    """A Pyodide-like release in `folder`: the runtime files and, per package
    {name: depends}, a package file listed in pyodide-lock.json with its sha256."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide.d.ts", "console.html"]:
        (folder / name).write_text(f"the {name} of this test")
    lock = {"info": {"arch": "wasm32", "python": python, "version": "0.99.1"}, "packages": {}}
    for name, depends in packages.items():
        file_name = f"{name.replace('-', '_')}-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl"
        (folder / file_name).write_bytes(f"wheel of {name}".encode())
        lock["packages"][name] = {
            "name": name, "version": "1.0", "file_name": file_name, "depends": list(depends),
            "sha256": hashlib.sha256(f"wheel of {name}".encode()).hexdigest(),
            "imports": [name], "install_dir": "site", "package_type": "package",
        }
    (folder / "pyodide-lock.json").write_text(json.dumps(lock))
    return folder


PACKAGES = {"micropip": ["packaging"], "packaging": [], "numpy": [], "pillow": [],
            "matplotlib": ["numpy", "pillow", "pytz"], "pytz": [], "scipy": ["numpy"],
            "ipython": ["traitlets", "pygments"], "traitlets": [], "pygments": []}


# --- which packages -------------------------------------------------------------------------


def test_needed_packages_follow_the_lock_and_the_wheels_requirements(tmp_path):
    lock = json.loads((make_distribution(tmp_path / "d", PACKAGES) / "pyodide-lock.json")
                      .read_text())
    wheels = {
        "viewer": make_wheel(tmp_path, "viewer", requires=[
            "matplotlib>=3", "ipython; python_version >= '3.10'",
            "pexpect; sys_platform != 'emscripten'", "sphinx; extra == 'docs'", "helper",
        ]),
        "helper": make_wheel(tmp_path, "helper", requires=["traitlets", "not-anywhere"]),
    }
    needed, unknown = pyodide_bundle.needed_packages(lock, wheels, ["micropip", "viewer"])
    assert needed == {"micropip", "packaging", "matplotlib", "numpy", "pillow", "pytz",
                      "ipython", "traitlets", "pygments"}
    assert unknown == {"not-anywhere"}


def test_requirements_are_read_for_the_browsers_python(tmp_path):
    """Markers are evaluated for Pyodide: emscripten, and the lock's Python version."""
    lock = json.loads((make_distribution(tmp_path / "d", PACKAGES, python="3.14.2")
                       / "pyodide-lock.json").read_text())
    wheels = {"viewer": make_wheel(tmp_path, "viewer", requires=[
        "numpy; python_version < '3.13'", "pytz; python_version >= '3.13'",
        "scipy; platform_machine == 'x86_64'",
    ])}
    needed, _ = pyodide_bundle.needed_packages(lock, wheels, ["viewer"])
    assert needed == {"pytz"}


@pytest.mark.parametrize("script, listed", [
    ('for(let e of["ipykernel","comm","pyodide-kernel","jedi","ipython"])t.includes(e)',
     ["comm", "ipykernel", "ipython", "jedi", "pyodide-kernel"]),
    ('n=["ssl","sqlite3","ipykernel","comm","pyodide_kernel","jedi","ipython"],i=[]',
     ["comm", "ipykernel", "ipython", "jedi", "pyodide-kernel", "sqlite3", "ssl"]),
])
def test_kernel_packages_are_read_from_the_kernels_worker(tmp_path, script, listed):
    worker = tmp_path / "worker.js"
    worker.write_text(f'await e.loadPackage(["micropip"]);{script}; x=["a","b"]')
    found = pyodide_bundle.kernel_packages([worker])
    assert found == sorted({*listed, "micropip", "piplite"})


def test_kernel_packages_read_from_the_installed_kernel_name_ipykernel():
    found = pyodide_bundle.kernel_packages(build_lite.KERNEL_EXTENSION.glob("*.js"))
    assert {"micropip", "piplite", "ipykernel", "pyodide-kernel", "ipython"} <= set(found)


# --- bundling ---------------------------------------------------------------------------------


def test_bundle_copies_the_runtime_and_only_the_needed_packages(tmp_path):
    distribution = make_distribution(tmp_path / "release", PACKAGES)
    summary = pyodide_bundle.bundle(distribution, tmp_path / "site", {}, ["micropip", "numpy"])
    copied = sorted(path.name for path in (tmp_path / "site").iterdir())
    assert copied == sorted([
        "README.md", "pyodide-lock.json", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide.mjs",
        "python_stdlib.zip", *(PACKAGES_FILE(name) for name in ["micropip", "packaging",
                                                                "numpy"])])
    lock = json.loads((tmp_path / "site" / "pyodide-lock.json").read_text())
    assert sorted(lock["packages"]) == ["micropip", "numpy", "packaging"]
    assert lock["info"]["python"] == "3.12.7"
    assert summary["version"] == "0.99.1" and summary["pinned"] is False
    assert "Mozilla Public License 2.0" in (tmp_path / "site" / "README.md").read_text()


def PACKAGES_FILE(name):  # noqa: N802 - reads like the file name it gives
    return f"{name.replace('-', '_')}-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl"


def test_bundle_refuses_a_package_file_whose_checksum_differs_from_the_lock(tmp_path):
    distribution = make_distribution(tmp_path / "release", PACKAGES)
    (distribution / PACKAGES_FILE("numpy")).write_bytes(b"tampered")
    with pytest.raises(SystemExit, match="numpy.*sha256 differs"):
        pyodide_bundle.bundle(distribution, tmp_path / "site", {}, ["numpy"])


def test_bundle_refuses_a_core_release_without_the_packages(tmp_path):
    distribution = make_distribution(tmp_path / "release", PACKAGES)
    (distribution / PACKAGES_FILE("matplotlib")).unlink()
    with pytest.raises(SystemExit, match="lacks .*matplotlib.*full release"):
        pyodide_bundle.bundle(distribution, tmp_path / "site", {}, ["matplotlib"])


def manifest_of(folder, names):
    return {name: pyodide_bundle.sha256(Path(folder) / name) for name in names}


def test_the_pinned_release_is_recognised_and_another_one_is_noted_or_refused(tmp_path, capsys):
    distribution = make_distribution(tmp_path / "release", PACKAGES)
    manifest = manifest_of(distribution, ["pyodide.mjs", "pyodide.asm.wasm", "pyodide-lock.json"])
    summary = pyodide_bundle.bundle(distribution, tmp_path / "a", {}, ["numpy"], manifest)
    assert summary["pinned"] is True and "not the release" not in capsys.readouterr().out
    (distribution / "pyodide.asm.wasm").write_text("another build")
    summary = pyodide_bundle.bundle(distribution, tmp_path / "b", {}, ["numpy"], manifest)
    assert summary["pinned"] is False and "not the release" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="not the pinned release: pyodide.asm.wasm"):
        pyodide_bundle.bundle(distribution, tmp_path / "c", {}, ["numpy"], manifest,
                              require_pinned=True)


@pytest.mark.parametrize("compression", ["bz2", "gz"])
def test_a_release_tarball_is_unpacked_once_and_found_inside(tmp_path, compression):
    distribution = make_distribution(tmp_path / "pyodide", PACKAGES)
    tarball = tmp_path / f"pyodide-0.99.1.tar.{compression}"
    with tarfile.open(tarball, f"w:{compression}") as archive:
        archive.add(distribution, arcname="pyodide")
    scratch = tmp_path / "scratch"
    found = pyodide_bundle.find_distribution(tarball, scratch)
    assert found == scratch / "pyodide" and (found / "pyodide-lock.json").is_file()
    (found / "marker").write_text("kept")  # a second call with the same tarball reuses it
    assert pyodide_bundle.find_distribution(tarball, scratch) == found
    assert (found / "marker").exists()


def test_a_folder_that_holds_no_distribution_is_refused(tmp_path):
    with pytest.raises(SystemExit, match="holds no Pyodide distribution"):
        pyodide_bundle.find_distribution(tmp_path, tmp_path / "scratch")


def test_the_pinned_manifest_names_the_runtime_and_the_lock_of_the_pinned_release():
    text = (ROOT / "lite" / "pyodide.sha256").read_text()
    manifest = pyodide_bundle.read_manifest(ROOT / "lite" / "pyodide.sha256")
    assert set(manifest) == {"pyodide.mjs", "pyodide.js", "pyodide.asm.mjs", "pyodide.asm.wasm",
                             "python_stdlib.zip", "pyodide-lock.json"}
    assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in manifest.values())
    version = re.search(r"/pyodide/v([\d.]+)/", web_pages.PYODIDE_URL)[1]
    assert f"pyodide@{version}" in text and f"({version}," in text


# --- what the kernel downloads ------------------------------------------------------------------


def test_kernel_copy_keeps_the_python_and_drops_the_extensions_javascript(tmp_path):
    wheel = make_wheel(tmp_path, "viewer", files={
        "viewer/core.py": "x = 1\n",
        "viewer/labextension/static/remoteEntry.js": "js" * 1000,
        "viewer/nbextension/index.js.map": "map" * 1000,
        "viewer/tests/test_core.py": "assert True\n",
        "viewer-1.0.data/data/share/jupyter/labextensions/viewer/package.json": "{}",
    })
    copy = build_lite.kernel_copy(wheel, tmp_path / "kernel")
    assert copy.name == wheel.name and copy.stat().st_size < wheel.stat().st_size
    with zipfile.ZipFile(copy) as archive:
        names = archive.namelist()
        record = archive.read("viewer-1.0.dist-info/RECORD").decode()
        assert archive.read("viewer/core.py") == b"x = 1\n"
    assert sorted(names) == ["viewer-1.0.dist-info/METADATA", "viewer-1.0.dist-info/RECORD",
                             "viewer-1.0.dist-info/WHEEL", "viewer/__init__.py", "viewer/core.py"]
    assert sorted(line.split(",")[0] for line in record.splitlines()) == sorted(names)


def make_icon(path, sizes):
    images = [bytes([size % 256]) * (size * 4) + bytes([size // 256]) for size in sizes]
    offset = 6 + 16 * len(sizes)
    entries, payload = b"", b""
    for size, image in zip(sizes, images, strict=True):
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(image),
                               offset + len(payload))
        payload += image
    Path(path).write_bytes(struct.pack("<HHH", 0, 1, len(sizes)) + entries + payload)


def read_icon(path):
    """[(width, image bytes)] of an ICO file."""
    data = Path(path).read_bytes()
    _, _, count = struct.unpack_from("<HHH", data)
    found = []
    for index in range(count):
        width, _, _, _, _, _, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        found.append((width or 256, data[offset: offset + size]))
    return found


def test_small_icon_keeps_only_the_small_images_whole(tmp_path):
    icon = tmp_path / "favicon.ico"
    make_icon(icon, [256, 16, 64, 32])
    before = dict(read_icon(icon))
    build_lite.small_icon(icon)
    assert read_icon(icon) == [(16, before[16]), (32, before[32])]


def test_the_built_config_keeps_the_kernel_settings_lite_asks_for(tmp_path):
    """A build that bundles Pyodide rewrites the kernel's settings (jupyterlite-pyodide-kernel
    0.6 drops disablePyPIFallback): lite/jupyter-lite.json's come back, the build's stay."""
    built = tmp_path / "jupyter-lite.json"
    built.write_text(json.dumps({"jupyter-config-data": {"litePluginSettings": {
        build_lite.KERNEL_PLUGIN: {"pyodideUrl": "./static/pyodide/pyodide.mjs"}}}}))
    build_lite.keep_kernel_settings(built)
    kernel = json.loads(built.read_text())["jupyter-config-data"]["litePluginSettings"][
        build_lite.KERNEL_PLUGIN]
    assert kernel == {"pyodideUrl": "./static/pyodide/pyodide.mjs", "disablePyPIFallback": True}
