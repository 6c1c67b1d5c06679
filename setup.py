"""Which files go into nnlib's wheel; everything else about the package is in pyproject.toml.

Every `nnlib*` package is found, whatever the layout of nnlib/ is. The repository's data/
folder (the one copy of the CSV files and their README) is installed as `nnlib.datasets`, so
`nnlib.data` reads it with importlib.resources from a wheel and from an editable install alike.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["nnlib", "nnlib.*"]), "nnlib.datasets"],
    package_dir={"nnlib.datasets": "data"},
    package_data={"nnlib.datasets": ["*.csv", "README.md"]},
)
