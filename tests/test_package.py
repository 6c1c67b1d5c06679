"""Package-level promises: data found from anywhere, locks and environments agree (what
`import nnlib` loads: test_layout.py)."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

import nnlib

ROOT = Path(__file__).resolve().parent.parent


def test_data_loads_by_name_from_any_working_directory(tmp_path):
    code = "import nnlib; print(len(nnlib.data.load('penguins')))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert result.stdout.strip() == "344"


def test_every_csv_is_documented_in_the_data_readme():
    readme = (ROOT / "data" / "README.md").read_text()
    for name in nnlib.data.available():
        assert f"`{name}.csv`" in readme


def test_tables_parse_numbers_text_and_missing_values():
    penguins = nnlib.data.load("penguins")
    assert penguins["species"][0] == "Adelie"
    assert penguins["bill_length_mm"].dtype == float
    assert np.isnan(penguins["bill_length_mm"]).sum() == 2
    complete = penguins.drop_missing("bill_length_mm", "flipper_length_mm")
    assert len(complete) == 342
    assert complete.matrix("bill_length_mm", "flipper_length_mm").shape == (342, 2)


def test_unknown_data_set_and_column_are_named():
    with pytest.raises(ValueError, match=r"no data set named 'iris'; available: \["):
        nnlib.data.load("iris")
    with pytest.raises(KeyError, match="people has no column 'age'"):
        nnlib.data.load("people")["age"]


def test_every_csv_in_data_is_a_data_set():
    """data/ is installed as nnlib.datasets: every file there is what `load` finds."""
    assert nnlib.data.available() == sorted(path.stem for path in (ROOT / "data").glob("*.csv"))


def test_load_names_a_non_string_data_set_name():
    with pytest.raises(TypeError, match="name must be a data set's name"):
        nnlib.data.load(["penguins"])


PIN = re.compile(r"^([A-Za-z0-9][\w.-]*)==(\S+?)\s*(?:;\s*(.+))?$")


def pins(filename):
    """A lock's or .in file's `name==version ; marker` lines as {name: {version, ...}}."""
    found = {}
    for line in (ROOT / filename).read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
            found.setdefault(name, set()).add(match.group(2))
    return found


def requirement_lines(filename):
    lines = (ROOT / filename).read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@pytest.mark.parametrize("lock", ["requirements.txt", "requirements-dev.txt"])
def test_every_line_of_a_lock_pins_one_version(lock):
    lines = [line for line in requirement_lines(lock) if not line.startswith("-")]
    assert lines and all(PIN.match(line) for line in lines), "run `make lock`"


@pytest.mark.parametrize("source", ["requirements.in", "requirements-dev.in"])
def test_the_lock_has_the_versions_its_in_file_asks_for(source):
    """A direct dependency edited in a .in file but not yet compiled shows up here."""
    lock = pins(source.replace(".in", ".txt"))
    for name, versions in pins(source).items():
        assert lock.get(name) == versions, f"{name}: {source} says {versions}; run `make lock`"


def test_learner_and_maintainer_locks_agree_on_shared_packages():
    learner, maintainer = pins("requirements.txt"), pins("requirements-dev.txt")
    for name in learner.keys() & maintainer.keys():
        assert maintainer[name] <= learner[name], f"{name}: run `make lock`"


def test_learner_lock_holds_no_test_lint_or_build_tool():
    tools = {"pytest", "hypothesis", "nbval", "ruff", "playwright", "build", "uv"}
    assert not tools & pins("requirements.txt").keys()
    assert tools <= pins("requirements-dev.txt").keys()


def pyproject():
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]


def pythons_ci_tests():
    """The Python versions the classifiers name (CI tests these), oldest first."""
    prefix = "Programming Language :: Python :: 3."
    minors = [int(c[len(prefix):]) for c in pyproject()["classifiers"] if c.startswith(prefix)]
    return [f"3.{minor}" for minor in sorted(minors)]


def test_requires_python_admits_the_oldest_tested_python_and_every_newer_one():
    # no upper cap: pip would refuse nnlib on a newer Python (JupyterLite's is 3.14)
    admitted = SpecifierSet(pyproject()["requires-python"])
    oldest = Version(pythons_ci_tests()[0])
    assert oldest in admitted and Version(f"3.{oldest.minor - 1}") not in admitted
    for newer in ["3.13", "3.14", "3.15", "3.20", "4.0"]:
        assert Version(newer) in admitted, f"requires-python {admitted} refuses Python {newer}"


LOCK_PYTHONS = ["3.11.0", "3.11.4", "3.11.5", "3.12.0", "3.13.0", "3.14.0", "3.15.0"]
PLATFORMS = [("linux", "posix"), ("darwin", "posix"), ("win32", "nt")]


def active_pins(lock, python, platform):
    """{package: [versions]} that pip would install from `lock` on that Python and platform."""
    environment = default_environment() | {
        "python_version": ".".join(python.split(".")[:2]),
        "python_full_version": python,
        "sys_platform": platform[0],
        "os_name": platform[1],
        "platform_system": {"linux": "Linux", "darwin": "Darwin", "win32": "Windows"}[platform[0]],
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
    }
    found = {}
    for line in requirement_lines(lock):
        if line.startswith("-"):
            continue
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(environment):
            name = re.sub(r"[-_.]+", "-", requirement.name).lower()
            found.setdefault(name, []).append(str(requirement.specifier))
    return found


@pytest.mark.parametrize("lock", ["requirements.txt", "requirements-dev.txt"])
@pytest.mark.parametrize("python", LOCK_PYTHONS)
def test_the_lock_pins_one_version_of_every_package_for_every_python_from_the_oldest(lock, python):
    """`make lock` resolves for the oldest tested Python and every newer one (uv --universal):
    whatever Python installs the lock, each package it needs has exactly one pin."""
    source = pins(lock.replace(".txt", ".in"))
    for platform in PLATFORMS:
        active = active_pins(lock, python, platform)
        twice = {name: versions for name, versions in active.items() if len(versions) > 1}
        assert not twice, f"{lock} on Python {python}, {platform[0]}: two pins for {twice}"
        missing = sorted(set(source) - set(active))
        assert not missing, f"{lock} on Python {python}, {platform[0]} lacks {missing}"


FAKE_PYTHON = """#!{real}
# A stand-in for Python {version}, for the Makefile's version check: it runs `-c` code as that
# version would see itself, answers --version, and refuses to make a venv.
import os, sys
version = tuple(int(part) for part in "{version}".split("."))
if sys.argv[1:2] == ["--version"]:
    print("Python {version}")
elif sys.argv[1:2] == ["-m"]:
    print("fake Python {version}: no", " ".join(sys.argv[2:3]))
    sys.exit(3)
else:
    sys.executable = os.path.abspath(sys.argv[0])
    sys.version_info = (*version, "final", 0)
    sys.version = "{version} (fake)"
    code = sys.argv[sys.argv.index("-c") + 1]
    sys.argv = ["-c"]
    exec(compile(code, "<string>", "exec"))
"""


def make_setup_with(version, tmp_path):
    """`make setup` with a stand-in for Python `version` and a venv in tmp_path."""
    fake = tmp_path / f"python{version}"
    fake.write_text(FAKE_PYTHON.format(real=sys.executable, version=version))
    fake.chmod(0o755)
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    return subprocess.run(
        ["make", "-C", str(ROOT), "setup", f"PYTHON={fake}", f"VENV={tmp_path / 'venv'}"],
        capture_output=True, text=True, env=environment, timeout=120,
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize("version", ["3.10.14", "3.9.0"])
def test_make_refuses_a_python_older_than_3_11_and_says_which_it_needs(version, tmp_path):
    result = make_setup_with(version, tmp_path)
    assert result.returncode != 0
    assert f"The course needs Python 3.11 or newer; PYTHON={tmp_path}" in result.stdout
    assert f"Python {version}" in result.stdout
    assert not (tmp_path / "venv").exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize("version", ["3.11.0", "3.14.0", "3.15.1"])
def test_make_takes_python_3_11_and_every_newer_one(version, tmp_path):
    result = make_setup_with(version, tmp_path)
    assert "needs Python" not in result.stdout + result.stderr
    # past the check, make goes on to make the venv, which the stand-in refuses
    assert f"==> Making {tmp_path / 'venv'} with Python {version}" in result.stdout
    assert f"fake Python {version}: no venv" in result.stdout


def test_environment_yml_installs_the_learners_lock_on_a_tested_python():
    """Binder / conda users get exactly the learner's pinned packages (not the maintainer's
    tools), on a Python that CI tests."""
    environment = (ROOT / "environment.yml").read_text()
    conda_python = re.search(r"^\s*-\s*python\s*=\s*(\d+\.\d+)\s*$", environment, re.M)
    assert conda_python, "environment.yml must name the Python version"
    assert conda_python.group(1) in pythons_ci_tests()
    dependencies = environment.split("dependencies:", 1)[1]
    conda_packages = re.findall(r"^  - ([\w.-]+)(?:=[\d.]+)?$", dependencies, re.M)
    assert sorted(conda_packages) == ["pip", "python"], "install everything else through pip"
    pip_lines = re.findall(r"^\s{6}- (.+)$", environment, re.M)
    assert pip_lines == ["-r requirements.txt", "-e ."]
