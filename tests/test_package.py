"""Package-level promises: data found from anywhere, locks and environments agree (what
`import nnlib` loads: test_layout.py)."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

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


def pythons_ci_tests():
    classifiers = re.findall(
        r'"Programming Language :: Python :: (3\.\d+)"', (ROOT / "pyproject.toml").read_text()
    )
    return sorted(classifiers, key=lambda version: tuple(map(int, version.split("."))))


def test_requires_python_and_the_lock_cover_the_pythons_ci_tests():
    pyproject = (ROOT / "pyproject.toml").read_text()
    oldest, newest = pythons_ci_tests()[0], pythons_ci_tests()[-1]
    major, minor = map(int, newest.split("."))
    assert f'requires-python = ">={oldest},<{major}.{minor + 1}"' in pyproject
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(rf"uv pip compile .*--universal --python-version {re.escape(oldest)}\b",
                     makefile), "the lock must be compiled for every tested Python"


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
