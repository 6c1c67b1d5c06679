"""Which files go into nnlib's wheel; everything else about the package is in pyproject.toml.

Every `nnlib*` package (a folder with an `__init__.py`) is found, whatever the layout of nnlib/
is. The repository's data/ folder (the one copy of the CSV files and their README) is installed
as `nnlib.datasets`, so `nnlib.data` reads it with importlib.resources from a wheel and from an
editable install alike. data/ has an `__init__.py` because setuptools' editable install maps
only regular packages to a folder outside nnlib/.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["nnlib", "nnlib.*"]), "nnlib.datasets"],
    package_dir={"nnlib.datasets": "data"},
    package_data={"nnlib.datasets": ["*.csv", "README.md"]},
)
