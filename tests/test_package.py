"""Package-level promises: light import, data found from anywhere, environments agree."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import nnlib

ROOT = Path(__file__).resolve().parent.parent


def test_import_nnlib_loads_numpy_but_not_matplotlib_or_ipywidgets():
    code = (
        "import sys, nnlib; "
        "print('numpy' in sys.modules, 'matplotlib' in sys.modules, 'ipywidgets' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "False", "False"]


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


def test_environment_yml_installs_the_same_as_requirements():
    """Binder / conda users get exactly the pinned pip packages, on the tested Python."""
    environment = (ROOT / "environment.yml").read_text()
    requirements = (ROOT / "requirements.txt").read_text()
    tested = re.search(r"^# Tested with Python (\d+\.\d+)", requirements, re.M)
    conda_python = re.search(r"^\s*-\s*python\s*=\s*(\d+\.\d+)\s*$", environment, re.M)
    assert tested and conda_python, "both files must name the Python version"
    assert conda_python.group(1) == tested.group(1)
    dependencies = environment.split("dependencies:", 1)[1]
    conda_packages = re.findall(r"^  - ([\w.-]+)(?:=[\d.]+)?$", dependencies, re.M)
    assert sorted(conda_packages) == ["pip", "python"], "install everything else through pip"
    pip_lines = re.findall(r"^\s{6}- (.+)$", environment, re.M)
    assert pip_lines == ["-r requirements.txt", "-e ."]
