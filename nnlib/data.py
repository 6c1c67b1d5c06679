"""The course's data sets: small CSV files that ship inside nnlib.

The files live in the repository's `data/` folder, with a README giving each one's source and
licence; nnlib installs that folder as its subpackage `nnlib.datasets` (see setup.py). They
are read as package resources, never by a path relative to the current directory, so a notebook
can load them wherever it runs, from a wheel or an editable install. Nothing is downloaded.
"""

import csv
from dataclasses import dataclass
from importlib import resources

import numpy as np

MISSING = {"", "NA", "NaN", "nan"}
PACKAGE = "nnlib.datasets"  # the repository's data/ folder, as installed


def _csv_files():
    """The installed CSV files by data set name."""
    files = resources.files(PACKAGE).iterdir()
    return {file.name.removesuffix(".csv"): file for file in files if file.name.endswith(".csv")}


def available():
    """Names of the data sets that `load` accepts, e.g. ['people', 'penguins', ...]."""
    return sorted(_csv_files())


@dataclass(frozen=True)
class Table:
    """A CSV file's columns by name: numeric columns as float arrays (missing -> NaN),
    text columns as arrays of str."""

    name: str
    columns: dict

    def __len__(self):
        return len(next(iter(self.columns.values())))

    def __getitem__(self, column):
        if column not in self.columns:
            raise KeyError(f"{self.name} has no column {column!r}; columns: {list(self.columns)}")
        return self.columns[column]

    def matrix(self, *columns):
        """The named numeric columns side by side: a float array (n_rows, len(columns))."""
        if not columns:
            raise ValueError("matrix needs at least one column name")
        for column in columns:
            if self[column].dtype != float:
                raise TypeError(f"column {column!r} of {self.name} is text, not numbers")
        return np.column_stack([self[column] for column in columns])

    def drop_missing(self, *columns):
        """A new Table without the rows where any of the named numeric columns is missing."""
        keep = ~np.isnan(self.matrix(*columns)).any(axis=1)
        return Table(self.name, {key: values[keep] for key, values in self.columns.items()})

    def __repr__(self):
        return f"Table({self.name!r}, rows={len(self)}, columns={list(self.columns)})"


def load(name):
    """Load the data set `name` (the file `data/<name>.csv`) as a Table. See `available()`."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a data set's name (a str), not {type(name).__name__}")
    files = _csv_files()
    if name not in files:
        raise ValueError(f"no data set named {name!r}; available: {sorted(files)}")
    rows = list(csv.reader(files[name].read_text(encoding="utf-8").splitlines()))
    header, body = rows[0], rows[1:]
    columns = {}
    for index, column in enumerate(header):
        columns[column] = _parse_column([row[index] for row in body])
    return Table(name, columns)


def _parse_column(values):
    try:
        return np.array([np.nan if value in MISSING else float(value) for value in values])
    except ValueError:
        return np.array(values, dtype=str)


def _inputs_and_targets(name, inputs, targets):
    table = load(name)
    return table.matrix(*inputs), table.matrix(*targets)


def truth_table():
    """The single-neuron article's task: X (4, 3) with columns x1, x2, x3 (x3 is always 1) and
    targets y (4, 1), where y equals x1."""
    return _inputs_and_targets("truth_table", ("x1", "x2", "x3"), ("y",))


def xor():
    """XOR with a constant third input: X (4, 3) with columns x1, x2, x3 = 1 and targets
    y (4, 1) = x1 XOR x2."""
    return _inputs_and_targets("xor", ("x1", "x2", "x3"), ("y",))


def people():
    """The four people of the 2-2-1 article, unshifted: X (4, 2) with weight (lb) and height
    (in), targets y (4, 1) with 1 = female."""
    return _inputs_and_targets("people", ("weight_lb", "height_in"), ("female",))


def digits():
    """The 8x8 handwritten digits (UCI): X (1797, 64) of pixels 0-16, row by row; labels 0-9."""
    table = load("digits")
    X = table.matrix(*(column for column in table.columns if column.startswith("pixel_")))
    return X, table["digit"].astype(int)
